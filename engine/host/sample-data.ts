import { existsSync, readFileSync } from 'node:fs';
import { TimeframeSchema } from '../../shared/id-schemas';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { instrumentId } from '../../shared/ids';

import { parseOhlcvCsv } from '../data/csv/parse-ohlcv';
import type { Stores } from '../store/open-stores';
import type { Logger } from './log';

const ManifestSchema = z.array(
  z.object({ file: z.string(), symbol: z.string(), venue: z.string(), timeframe: TimeframeSchema, synthetic: z.boolean().default(true) }),
);

const IMPORTED_KEY = 'sample_data_imported';

/**
 * On the first start of a data directory, imports the bundled sample bars so a fresh install has
 * something to chart and backtest offline. Runs once: a user who deletes the samples keeps them deleted.
 */
export function importSampleDataOnce(stores: Stores, sampleDir: string | null, log: Logger): number {
  const done = stores.journalDb.prepare('SELECT value FROM app_meta WHERE key = ?').get(IMPORTED_KEY);
  if (done || !sampleDir || !existsSync(join(sampleDir, 'manifest.json'))) return 0;
  let imported = 0;
  try {
    const manifest = ManifestSchema.parse(JSON.parse(readFileSync(join(sampleDir, 'manifest.json'), 'utf8')));
    for (const entry of manifest) {
      const parsed = parseOhlcvCsv(new Uint8Array(readFileSync(join(sampleDir, entry.file))));
      stores.candles.write(instrumentId(entry.symbol, entry.venue), entry.timeframe, parsed.bars, { synthetic: entry.synthetic });
      imported += parsed.bars.ts.length;
    }
  } catch (e) {
    // Broken sample files must not keep the app from starting; the user can import their own data.
    log.error('sample data import failed', { error: String((e as Error)?.message ?? e) });
    return 0;
  }
  stores.journalDb.prepare('INSERT OR REPLACE INTO app_meta (key, value) VALUES (?, ?)').run(IMPORTED_KEY, new Date().toISOString());
  log.info('sample data imported', { bars: imported });
  return imported;
}

/** `resources/sample` of this checkout or install, found from the running bundle. */
export function defaultSampleDir(moduleUrl: string = import.meta.url): string | null {
  for (const rel of ['../../resources/sample', '../resources/sample', '../../../resources/sample']) {
    const dir = new URL(rel + '/', moduleUrl);
    if (existsSync(new URL('manifest.json', dir))) return fileURLToPath(dir);
  }
  return null;
}
