import { beforeEach, describe, expect, it } from 'vitest';
import { ContractCallError, type Client } from '../../../shared/client';
import type { DataImportResult, DataPreviewResult } from '../../../shared/contract/data';
import type { JobProgress } from '../../../shared/contract/jobs';
import { headOfText, pathFile, readBrowserFile, useCsvImport } from './csv-import';

const preview: DataPreviewResult = { header: ['ts', 'open', 'high', 'low', 'close', 'volume'], rows: [['1', '1', '1', '1', '1', '1']], detected: { timestampColumn: 'ts', timestampFormat: 'ms' } };
const result = { instrumentId: 'SOL/USDT@csv', timeframe: '4h', bars: 2, inserted: 2, replaced: 0, reversed: false, firstTs: 0, lastTs: 1, problems: [] } as unknown as DataImportResult;

/** A client whose data.preview and data.import answer from the test. */
function fakeClient(importImpl: (input: unknown, opts: { onProgress?: (p: JobProgress) => void; signal?: AbortSignal }) => Promise<DataImportResult>) {
  const calls: unknown[] = [];
  const client = {
    api: {
      data: {
        preview: async (input: unknown) => (calls.push(['preview', input]), preview),
        import: async (input: unknown, opts: never) => (calls.push(['import', input]), importImpl(input, opts)),
      },
    },
  } as unknown as Client;
  return { client, calls };
}

const file = { name: 'sol-usdt-4h.csv', size: 10, source: { kind: 'content' as const, name: 'sol-usdt-4h.csv', content: 'ts,open\n' } };

describe('the CSV import store', () => {
  beforeEach(() => useCsvImport.getState().reset());

  it('previews a chosen file and starts the form from its name', async () => {
    const { client, calls } = fakeClient(async () => result);
    await useCsvImport.getState().choose(client, file);
    const s = useCsvImport.getState();
    expect(s.preview).toEqual(preview);
    expect(s.form).toMatchObject({ symbol: 'SOL/USDT', timeframe: '4h', venue: 'csv' });
    expect(calls[0]).toEqual(['preview', { source: file.source, rows: 12 }]);
  });

  it('runs the import job, showing its progress, and keeps the result', async () => {
    const seen: string[] = [];
    const { client, calls } = fakeClient(async (_input, opts) => {
      opts.onProgress?.({ jobId: 'job_1', method: 'data.import', phase: 'parse', done: 1, total: 2 } as JobProgress);
      const run = useCsvImport.getState().run;
      if (run.state === 'running') seen.push(`${run.phase} ${run.done}/${run.total}`);
      return result;
    });
    await useCsvImport.getState().choose(client, file);
    useCsvImport.getState().edit({ venue: ' e2e ' });
    await useCsvImport.getState().start(client);
    expect(seen).toEqual(['parse 1/2']);
    expect(useCsvImport.getState().run).toEqual({ state: 'done', result });
    expect(calls[1]).toEqual(['import', { source: file.source, symbol: 'SOL/USDT', timeframe: '4h', venue: 'e2e', skipBadRows: false }]);
  });

  it('shows a failed import with its code and line problems', async () => {
    const { client } = fakeClient(async () => {
      throw new ContractCallError('BAD_DATA', 'line 3: high is below low', { problems: [{ line: 3, message: 'high is below low' }] });
    });
    await useCsvImport.getState().choose(client, file);
    await useCsvImport.getState().start(client);
    expect(useCsvImport.getState().run).toEqual({
      state: 'failed',
      error: { code: 'BAD_DATA', message: 'line 3: high is below low', problems: [{ line: 3, message: 'high is below low' }] },
    });
  });

  it('cancels through the job signal', async () => {
    const { client } = fakeClient(
      (_input, opts) =>
        new Promise((_resolve, reject) => opts.signal?.addEventListener('abort', () => reject(new ContractCallError('CANCELLED', 'cancelled by the user')))),
    );
    await useCsvImport.getState().choose(client, file);
    const running = useCsvImport.getState().start(client);
    expect(useCsvImport.getState().run.state).toBe('running');
    useCsvImport.getState().cancel();
    await running;
    expect(useCsvImport.getState().run).toMatchObject({ state: 'failed', error: { code: 'CANCELLED' } });
  });
});

describe('file sources', () => {
  it('sends a browser file as its text', async () => {
    const f = await readBrowserFile(new File(['ts,open\n1,2\n'], 'x.csv'));
    expect(f).toEqual({ name: 'x.csv', size: 12, source: { kind: 'content', name: 'x.csv', content: 'ts,open\n1,2\n' } });
  });
  it('sends a desktop file by path', () => {
    expect(pathFile('/home/u/data/btc-usdt-1h.csv')).toEqual({ name: 'btc-usdt-1h.csv', size: null, source: { kind: 'path', path: '/home/u/data/btc-usdt-1h.csv' } });
    expect(pathFile('C:\\data\\eth.csv').name).toBe('eth.csv');
  });
});

describe('headOfText', () => {
  it('keeps short files whole and cuts long ones after a whole line', () => {
    expect(headOfText('a\nb\n', 10)).toBe('a\nb\n');
    expect(headOfText('ts,open\n1,2\n3,4\n', 12)).toBe('ts,open\n1,2\n');
    expect(headOfText('x'.repeat(20), 8)).toBe('x'.repeat(8));
  });
});
