import { mkdirSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import type { SystemInfo } from '../../shared/contract/system';
import type { ServerMessage } from '../../shared/contract/envelope';
import { acquireDataDirLock } from '../store/lock';
import { openStores } from '../store/open-stores';
import { Dispatcher } from './dispatcher';
import { EventHub } from './event-hub';
import { handlers } from './handlers';
import { JobRunner } from './job-runner';
import { defaultSampleDir, importSampleDataOnce } from './sample-data';
import { createFileLogger, type Logger } from './log';
import type { EngineServices } from './services';
import { closeLiveServices } from './handlers/live-services';
import { closeTrading } from './handlers/trading';
import { createInlineTaskRunner } from './tasks/inline-runner';
import { createPoolTaskRunner } from './tasks/pool-runner';
import { wallClock } from './wall-clock';
import { workerFile } from './worker-files';

export interface EngineOptions {
  dataDir: string;
  shell: SystemInfo['shell'];
  /** Where this engine runs: its own worker thread (apps) or the caller's thread (CLI, tests). */
  mode: 'worker' | 'inline';
  /** Pool threads for CPU work; 0 runs tasks inline. Default: cores - 1, at least 1. */
  poolThreads?: number;
  logger?: Logger;
  /** Bundled sample bars imported on the first start (`resources/sample`); null skips them. */
  sampleDir?: string | null;
}

/** The engine proper: the one writer of both databases, its services and its dispatcher. */
export interface Engine {
  dispatcher: Dispatcher;
  events: EventHub;
  services: EngineServices;
  close(): Promise<void>;
}

export function defaultPoolThreads(): number {
  return Math.max(1, cpus().length - 1);
}

export async function createEngine(opts: EngineOptions): Promise<Engine> {
  mkdirSync(opts.dataDir, { recursive: true });
  const lock = acquireDataDirLock(opts.dataDir, `quantdesk ${opts.shell}`);
  try {
    const log = opts.logger ?? createFileLogger(join(opts.dataDir, 'logs', 'engine.log'));
    const stores = await openStores(opts.dataDir);
    importSampleDataOnce(stores, opts.sampleDir === undefined ? defaultSampleDir() : opts.sampleDir, log);
    const threads = opts.poolThreads ?? defaultPoolThreads();
    const tasks = threads > 0 ? createPoolTaskRunner(workerFile('pool-worker'), threads) : createInlineTaskRunner();
    const events = new EventHub();
    const jobs = new JobRunner((topic, payload) => events.publish(topic, payload), wallClock, (msg, fields) => log.error(msg, fields));
    const services: EngineServices = {
      stores,
      tasks,
      clock: wallClock,
      log,
      events,
      jobs,
      runtime: { shell: opts.shell, engine: opts.mode, startedAt: wallClock.now() },
    };
    const dispatcher = new Dispatcher(handlers, services, jobs);
    log.info('engine started', { dataDir: opts.dataDir, shell: opts.shell, mode: opts.mode, poolThreads: threads });
    return {
      dispatcher,
      events,
      services,
      async close() {
        jobs.cancelAll();
        await closeTrading(services);
        await closeLiveServices(services);
        await tasks.close();
        stores.close();
        lock.release();
        log.info('engine stopped');
      },
    };
  } catch (e) {
    lock.release();
    throw e;
  }
}

export type { ServerMessage };
