import { CONTRACT_VERSION } from '../../../shared/contract';
import type { Handlers } from '../handler-types';
import { APP_VERSION } from '../version';

export const systemHandlers: Pick<Handlers, 'system.info'> = {
  'system.info': (_input, { services }) => {
    const { stores, runtime, tasks } = services;
    return {
      app: 'quantdesk',
      version: APP_VERSION,
      contractVersion: CONTRACT_VERSION,
      shell: runtime.shell,
      dataDir: stores.dataDir,
      platform: process.platform,
      node: process.versions.node,
      pid: process.pid,
      startedAt: runtime.startedAt,
      databases: {
        journal: { path: stores.paths.journal, migrations: stores.migrations.journal },
        market: { path: stores.paths.market, migrations: stores.migrations.market },
      },
      workers: { engine: runtime.engine, pool: tasks.threads },
    };
  },
};
