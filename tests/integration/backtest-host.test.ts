// backtest.* through the contract on a real host (engine worker, sandbox threads): built-ins and
// user files, a strategy that throws and one that never returns (both reported, the engine keeps
// serving), the run registry (list, get, compare, rerun, a changed file refused), cancel.
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContractCallError } from '../../shared/client';
import { makeCsv, startTestEngine, type TestEngine } from '../support/test-engine';

const FIX = resolve(__dirname, '../fixtures/strategies');

async function failure(p: Promise<unknown>): Promise<ContractCallError> {
  try {
    await p;
  } catch (e) {
    return e as ContractCallError;
  }
  throw new Error('expected a failure');
}

describe('backtest through the contract', () => {
  let t: TestEngine;
  let csv: string;
  beforeAll(async () => {
    t = await startTestEngine('in-process');
    csv = join(t.dataDir, 'bars.csv');
    writeFileSync(csv, makeCsv(3000));
    await t.client.job('data.import', { source: { kind: 'path', path: csv }, symbol: 'TEST', timeframe: '1m' });
  });
  afterAll(async () => {
    await t?.close();
  });

  const storeData = { kind: 'store' as const, instrumentId: 'TEST@csv', timeframe: '1m' as const };

  it('runs a built-in over stored bars with progress, and records the run', async () => {
    const phases = new Set<string>();
    const out = await t.client.job('backtest.run', { strategy: { kind: 'builtin', id: 'sma-cross' }, data: storeData, params: { fast: 5, slow: 20, size: 10 }, config: { initialCapital: 100_000, commission: { percent: 0.001 } } }, { onProgress: (p) => phases.add(p.phase) });
    expect(phases.has('run') || phases.has('results')).toBe(true);
    expect(out.run.id).toMatch(/^bt_/);
    expect(out.run.status).toBe('succeeded');
    expect(out.run.fingerprint).toMatchObject({ instrumentId: 'TEST@csv', timeframe: '1m', bars: 3000 });
    expect(out.run.fingerprint.hash).toMatch(/^[0-9a-f]{32}$/);
    expect(out.run.strategy.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(out.result.fills.length).toBe(out.run.summary!.fills);
    expect(out.result.fills.length).toBeGreaterThan(0);
    const got = await t.client.call('backtest.get', { id: out.run.id });
    expect(got.result!.final.equity).toBe(out.result.final.equity);
    const list = await t.client.call('backtest.list', {});
    expect(list.map((r) => r.id)).toContain(out.run.id);
  });

  it('runs a user strategy file (own folder imports) in the sandbox; the same as the built-in it copies', async () => {
    const params = { fast: 10, slow: 30, size: 100 };
    const config = { initialCapital: 1_000_000, commission: { percent: 0.001 } };
    const mine = await t.client.job('backtest.run', { strategy: { kind: 'file', path: join(FIX, 'good', 'my-cross.ts') }, data: storeData, params, config });
    const builtin = await t.client.job('backtest.run', { strategy: { kind: 'builtin', id: 'sma-cross' }, data: storeData, params, config });
    expect(mine.run.strategy).toMatchObject({ id: 'my-cross', kind: 'file', entry: 'my-cross.ts' });
    expect(mine.result.fills.length).toBe(builtin.result.fills.length);
    expect(mine.result.final.equity).toBe(builtin.result.final.equity);
  });

  it('the sandbox has no process, require or fetch', async () => {
    const out = await t.client.job('backtest.run', { strategy: { kind: 'file', path: join(FIX, 'snoops.ts') }, data: storeData });
    expect(out.result.logs[0]).toMatchObject({ message: 'sandbox', data: { process: 'undefined', require: 'undefined', fetch: 'undefined' } });
    // The thread boundary is the main wall: whatever the strategy reaches, there is no environment (no keys).
    expect((out.result.logs[0].data as { envKeys: number }).envKeys).toBeLessThanOrEqual(0);
  });

  it('a throw in onBar is a STRATEGY_ERROR with the stack mapped to the user`s file; recorded as a failed run', async () => {
    const e = await failure(t.client.job('backtest.run', { strategy: { kind: 'file', path: join(FIX, 'throws.ts') }, data: storeData }));
    expect(e.code).toBe('STRATEGY_ERROR');
    expect(e.message).toContain('boom at bar 50');
    const details = e.details as { hook: string; location: { file: string; line: number }; stack: string };
    expect(details.hook).toBe('onBar');
    expect(details.location).toMatchObject({ file: 'throws.ts', line: 5 });
    expect(details.stack).toContain('throws.ts:12');
    const failed = (await t.client.call('backtest.list', { strategyId: 'throws' }))[0];
    expect(failed).toMatchObject({ status: 'failed', error: { code: 'STRATEGY_ERROR' } });
  });

  it('an onBar that never returns is stopped by the watchdog and reported; the engine keeps serving', async () => {
    const e = await failure(t.client.job('backtest.run', { strategy: { kind: 'file', path: join(FIX, 'hangs.ts') }, data: storeData, callbackBudgetMs: 500 }));
    expect(e.code).toBe('STRATEGY_ERROR');
    expect(e.message).toMatch(/onBar did not return within 500 ms \(bar 20, 2024-01-01T00:2\d:00\.000Z\)/);
    const again = await t.client.job('backtest.run', { strategy: { kind: 'builtin', id: 'sma-cross' }, data: storeData });
    expect(again.run.status).toBe('succeeded');
    expect((await t.client.call('system.info', {})).contractVersion).toBeGreaterThan(0);
  });

  it('a strategy that exhausts its memory ceiling is stopped and reported', async () => {
    const { runSandboxed } = await import('../../engine/backtest-runner/run-sandboxed');
    const { compileStrategyFile } = await import('../../engine/compiler/compile-strategy');
    const c = await compileStrategyFile(join(FIX, 'hogs-memory.ts'));
    const bars = (await import('../../engine/model/bars')).allocBarColumns(1_000_000);
    for (let i = 0; i < bars.ts.length; i++) {
      bars.ts[i] = i * 60_000;
      bars.open[i] = bars.high[i] = bars.low[i] = bars.close[i] = 100;
    }
    const e = await failure(runSandboxed({ kind: 'compiled', entry: c.entry, code: c.code, map: c.map }, [{ symbol: 'X@csv', timeframe: '1m', bars }], {}, { memoryMb: 96, workerFile: join(__dirname, '../../out/engine/sandbox-worker.js') }));
    expect(e.code).toBe('STRATEGY_ERROR');
    expect(e.message).toMatch(/ran out of memory \(limit 96 MB\)/);
  });

  it('a compile error carries file, line and column', async () => {
    const e = await failure(t.client.job('backtest.run', { strategy: { kind: 'file', path: join(FIX, 'syntax-error.ts.txt') }, data: storeData }));
    expect(e.code).toBe('STRATEGY_ERROR');
    expect((e.details as { diagnostics: unknown[] }).diagnostics[0]).toMatchObject({ file: 'syntax-error.ts.txt', line: 7, column: 15 });
  });

  it('compares two runs: params diff, metrics side by side, both equity curves', async () => {
    const a = await t.client.job('backtest.run', { strategy: { kind: 'builtin', id: 'sma-cross' }, data: storeData, params: { fast: 5, slow: 20 } });
    const b = await t.client.job('backtest.run', { strategy: { kind: 'builtin', id: 'sma-cross' }, data: storeData, params: { fast: 8, slow: 20 } });
    const c = await t.client.call('backtest.compare', { a: a.run.id, b: b.run.id, points: 100 });
    expect(c.params.find((p) => p.name === 'fast')).toEqual({ name: 'fast', a: 5, b: 8, same: false });
    expect(c.params.find((p) => p.name === 'slow')!.same).toBe(true);
    const fe = c.metrics.find((m) => m.name === 'finalEquity')!;
    expect(fe).toMatchObject({ a: a.result.final.equity, b: b.result.final.equity });
    expect(c.equity.a.equity.length).toBeLessThanOrEqual(101);
    expect(c.sameData).toBe(true);
  });

  it('a rerun reproduces the run exactly; after the data changes it says so instead of differing silently', async () => {
    const file = join(t.dataDir, 'rerun.csv');
    writeFileSync(file, makeCsv(2000, { seed: 11 }));
    const first = await t.client.job('backtest.run', { strategy: { kind: 'file', path: join(FIX, 'good', 'my-cross.ts') }, data: { kind: 'file', path: file }, params: { fast: 5, slow: 15 } });
    const again = await t.client.job('backtest.rerun', { id: first.run.id });
    expect(again).toMatchObject({ rerunOf: first.run.id, dataMatches: true, identical: true, warnings: [] });
    expect(again.result.fills).toEqual(first.result.fills);
    expect(again.run.strategy.hash).toBe(first.run.strategy.hash);
    expect(again.run.strategy.kind).toBe('file');

    writeFileSync(file, makeCsv(2000, { seed: 12 }));
    const e = await failure(t.client.job('backtest.rerun', { id: first.run.id }));
    expect(e.code).toBe('CONFLICT');
    expect(e.message).toContain('no longer matches');
    const forced = await t.client.job('backtest.rerun', { id: first.run.id, force: true });
    expect(forced.dataMatches).toBe(false);
    expect(forced.warnings.join(' ')).toContain('no longer matches');
  });

  it('cancels a run (the sandbox thread ends)', async () => {
    const big = join(t.dataDir, 'big.csv');
    writeFileSync(big, makeCsv(200_000));
    let jobId = '';
    const p = t.client.job('backtest.run', { strategy: { kind: 'file', path: join(FIX, 'good', 'my-cross.ts') }, data: { kind: 'file', path: big } }, {
      onStarted: (id) => {
        jobId = id;
      },
      onProgress: () => {
        if (jobId) void t.client.call('jobs.cancel', { jobId: jobId as never });
      },
    });
    const e = await failure(p);
    expect(e.code).toBe('CANCELLED');
    const ok = await t.client.job('backtest.run', { strategy: { kind: 'builtin', id: 'sma-cross' }, data: storeData });
    expect(ok.run.status).toBe('succeeded');
  });
});
