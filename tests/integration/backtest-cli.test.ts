// `quantdesk backtest` through the package's bin: the backtrader reference case, a user file in
// the sandbox, stored bars by symbol, the HTML report and exports, and strategy errors on stderr.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeCsv, makeTempDir } from '../support/test-engine';
import { TEMPLATE_SOURCES } from '../../engine/strategy-library/templates.generated';

const ROOT = resolve(__dirname, '../..');
const BIN = join(ROOT, 'bin', 'quantdesk.cjs');
const FIX = join(ROOT, 'tests', 'fixtures', 'strategies');
const REFERENCE = join(ROOT, '..', 'shared', 'reference', 'sma-cross-100k.csv');

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const rel = (a: number, b: number) => Math.abs(a / b - 1);

describe('quantdesk backtest', () => {
  const temp = makeTempDir();
  const dataDir = join(temp.dir, 'data');
  afterAll(() => temp.cleanup());

  it('reproduces the backtrader reference run, printing exactly one JSON object', () => {
    const r = cli(['backtest', '--strategy', 'sma-cross', '--data', REFERENCE, '--params', '{"fast":10,"slow":30,"size":100}', '--cash', '1000000', '--commission', '0.001', '--json', '--data-dir', dataDir]);
    expect(r.code, r.err).toBe(0);
    const lines = r.out.trim().split('\n');
    expect(lines).toHaveLength(1);
    const s = JSON.parse(lines[0]);
    expect(s.fills).toBe(3844);
    expect(s.trades).toBe(1922);
    expect(s.bars).toBe(100_000);
    expect(rel(s.metrics.totalCommission, 30224.094868300035)).toBeLessThan(1e-6);
    expect(rel(s.finalEquity, 968496.725231697)).toBeLessThan(1e-6);
    expect(typeof s.elapsedMs).toBe('number');
    expect(s.runId).toMatch(/^bt_/);
    // the built-in's version is its source file's hash, the same in the CLI's bundle as in the app's
    expect(s.strategy.hash).toBe(createHash('sha256').update(TEMPLATE_SOURCES['sma-cross']).digest('hex'));
  });

  it('runs a user strategy file sandboxed: the same figures as the built-in it copies', () => {
    const r = cli(['backtest', '--strategy', join(FIX, 'good', 'my-cross.ts'), '--data', REFERENCE, '--params', '{"fast":10,"slow":30,"size":100}', '--cash', '1000000', '--commission', '0.001', '--json', '--data-dir', dataDir]);
    expect(r.code, r.err).toBe(0);
    const s = JSON.parse(r.out);
    expect(s.strategy.id).toBe('my-cross');
    expect(s.fills).toBe(3844);
    expect(rel(s.finalEquity, 968496.725231697)).toBeLessThan(1e-6);
  });

  it('runs over stored bars by --symbol and writes a self-contained report and exports', () => {
    const csv = join(temp.dir, 'bars.csv');
    writeFileSync(csv, makeCsv(5000));
    expect(cli(['data', 'import', csv, '--symbol', 'ETH/USDT', '--timeframe', '1m', '--data-dir', dataDir]).code).toBe(0);
    const report = join(temp.dir, 'report.html');
    const exp = join(temp.dir, 'export');
    const r = cli(['backtest', '--strategy', 'sma-cross', '--symbol', 'ETH/USDT', '--timeframe', '1m', '--from', '2024-01-01T01:00Z', '--params', '{"fast":5,"slow":20}', '--slippage-bps', '2', '--report', report, '--export', exp, '--data-dir', dataDir]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/run bt_\S+: sma-cross on ETH\/USDT@csv 1m, 4940 bars/);
    const html = readFileSync(report, 'utf8');
    expect(html).toContain('<svg');
    expect(html).not.toMatch(/<script|src="http|href="http/);
    for (const f of ['trades.csv', 'trades.json', 'equity.csv', 'equity.json']) expect(existsSync(join(exp, f)), f).toBe(true);
    expect(readFileSync(join(exp, 'trades.csv'), 'utf8').split('\n')[0]).toContain('entryTs');
  });

  it('a strategy that throws: exit 1, the error with the user`s file and line on stderr, nothing on stdout', () => {
    const r = cli(['backtest', '--strategy', join(FIX, 'throws.ts'), '--data', REFERENCE, '--json', '--data-dir', dataDir]);
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toContain('boom at bar 50');
    expect(r.err).toContain('throws.ts:5:9');
  });

  it('lists, compares and reruns recorded runs', () => {
    const runs = JSON.parse(cli(['backtest', 'list', '--json', '--strategy', 'sma-cross', '--data-dir', dataDir]).out) as { id: string; summary: { fills: number } }[];
    expect(runs.length).toBeGreaterThanOrEqual(2);
    const [a, b] = runs;
    const c = JSON.parse(cli(['backtest', 'compare', a.id, b.id, '--json', '--data-dir', dataDir]).out) as { params: { name: string; same: boolean }[]; metrics: { name: string }[] };
    expect(c.params.map((p) => p.name)).toContain('fast');
    expect(c.metrics.map((m) => m.name)).toContain('sharpe');
    const reference = runs[runs.length - 1]; // the first run: the reference case
    const r = cli(['backtest', 'rerun', reference.id, '--json', '--data-dir', dataDir]);
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ rerunOf: reference.id, dataMatches: true, identical: true, fills: 3844 });
  });

  it('bad use is exit 2', () => {
    expect(cli(['backtest', '--data', REFERENCE, '--data-dir', dataDir]).code).toBe(2);
    expect(cli(['backtest', '--strategy', 'sma-cross', '--data-dir', dataDir]).code).toBe(2);
    expect(cli(['backtest', '--strategy', 'sma-cross', '--data', REFERENCE, '--params', '{oops', '--data-dir', dataDir]).code).toBe(2);
  });
});
