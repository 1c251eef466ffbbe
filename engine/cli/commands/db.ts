import { resolve } from 'node:path';
import { backupDataDir, restoreDataDir } from '../../store/backup';
import { resolveDataDir } from '../../store/data-dir';
import { parseCommandArgs } from '../args';
import { CliUsageError, type CliCommand } from '../cli-io';

export const dbBackupCommand: CliCommand = {
  name: 'db backup',
  summary: 'copy journal.db and market.db consistently',
  usage: `quantdesk db backup [--to FILE] [--data-dir DIR]

Safe while the app runs (SQLite's online backup). Default destination: <data-dir>/backups/<UTC time>.`,
  async run(argv, io) {
    const { values } = parseCommandArgs('db backup', argv, { to: { type: 'string' } });
    const path = await backupDataDir(resolveDataDir(values['data-dir']), values.to ? resolve(values.to) : undefined);
    io.out(`backup written to ${path}\n`);
    return 0;
  },
};

export const dbRestoreCommand: CliCommand = {
  name: 'db restore',
  summary: 'replace the databases with a backup',
  usage: `quantdesk db restore FILE [--data-dir DIR]

Refuses while the app or another quantdesk process uses the data directory: stop it first.`,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs('db restore', argv, {}, 1);
    if (!positionals[0]) throw new CliUsageError('name the backup to restore', 'db restore');
    const dataDir = resolveDataDir(values['data-dir']);
    await restoreDataDir(dataDir, resolve(positionals[0]));
    io.out(`restored ${positionals[0]} into ${dataDir}\n`);
    return 0;
  },
};
