import type { SystemInfo } from '../../shared/contract/system';
import type { Clock } from '../core/clock';
import type { Stores } from '../store/open-stores';
import type { EventHub } from './event-hub';
import type { JobRunner } from './job-runner';
import type { Logger } from './log';
import type { TaskRunner } from './tasks/task-runner';

/** What handlers work with: everything the engine thread owns. */
export interface EngineServices {
  stores: Stores;
  tasks: TaskRunner;
  clock: Clock;
  log: Logger;
  events: EventHub;
  jobs: JobRunner;
  runtime: { shell: SystemInfo['shell']; engine: SystemInfo['workers']['engine']; startedAt: number };
}
