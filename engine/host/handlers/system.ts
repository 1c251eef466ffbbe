import type Database from 'better-sqlite3';
import { CONTRACT_VERSION } from '../../../shared/contract';
import type { Handlers } from '../handler-types';
import { APP_VERSION } from '../version';

function appliedMigrations(db: Database.Database): string[] {
  try {
    return (db.prepare('SELECT name FROM kysely_migration ORDER BY name').all() as { name: string }[]).map((r) => r.name);
  } catch {
    return [];
  }
}

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
        journal: { path: stores.journalDb.name, migrations: appliedMigrations(stores.journalDb) },
        market: { path: stores.marketDb.name, migrations: appliedMigrations(stores.marketDb) },
      },
      workers: { engine: runtime.engine, pool: tasks.threads },
    };
  },
};
