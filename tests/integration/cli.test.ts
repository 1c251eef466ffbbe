import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeCsv, makeTempDir } from '../support/test-engine';

const ROOT = resolve(__dirname, '../..');
const BIN = join(ROOT, 'bin', 'quantdesk.cjs');

function cli(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ...env } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('quantdesk CLI', () => {
  const temp = makeTempDir();
  const dataDir = join(temp.dir, 'data');
  const csv = join(temp.dir, 'bars.csv');
  writeFileSync(csv, makeCsv(1000));
  afterAll(() => temp.cleanup());

  it('prints help listing the commands', () => {
    const r = cli(['--help']);
    expect(r.code).toBe(0);
    for (const c of ['serve', 'data import', 'data list', 'data export', 'db backup', 'db restore']) expect(r.out).toContain(c);
    expect(cli(['data', 'import', '--help']).out).toContain('--skip-bad-rows');
  });

  it('bad use: one line on stderr, exit code 2', () => {
    for (const args of [['frobnicate'], ['data'], ['data', 'import'], ['data', 'import', csv, '--symbol', 'X'], ['data', 'import', csv, '--symbol', 'X', '--timeframe', '7m'], ['data', 'list', '--bogus']]) {
      const r = cli([...args, '--data-dir', dataDir]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err.trim().split('\n')).toHaveLength(1);
      expect(r.out).toBe('');
    }
  });

  it('imports, lists and exports bars; the export round-trips to the same numbers', () => {
    const imp = cli(['data', 'import', csv, '--symbol', 'ETH/USDT', '--timeframe', '1m', '--data-dir', dataDir]);
    expect(imp.code, imp.err).toBe(0);
    expect(imp.out).toContain('imported 1000 bars into ETH/USDT@csv 1m');

    const list = cli(['data', 'list', '--data-dir', dataDir]);
    expect(list.out).toMatch(/ETH\/USDT@csv\s+1m\s+1000/);
    const json = JSON.parse(cli(['data', 'list', '--json', '--data-dir', dataDir]).out) as { instrumentId: string; synthetic: boolean }[];
    expect(json.find((s) => s.instrumentId === 'ETH/USDT@csv')).toMatchObject({ count: 1000, synthetic: false });
    // a fresh data directory starts with the bundled samples, marked synthetic
    expect(json.filter((s) => s.synthetic).length).toBeGreaterThan(0);

    const exp = cli(['data', 'export', '--symbol', 'ETH/USDT', '--timeframe', '1m', '--data-dir', dataDir]);
    expect(exp.code).toBe(0);
    const parse = (text: string) => text.trim().split('\n').slice(1).map((l) => l.split(',').map(Number));
    expect(parse(exp.out)).toEqual(parse(readFileSync(csv, 'utf8')));

    const asJson = JSON.parse(cli(['data', 'export', '--symbol', 'ETH/USDT', '--timeframe', '1m', '--format', 'json', '--data-dir', dataDir]).out);
    expect(asJson).toHaveLength(1000);
    expect(asJson[0]).toEqual(expect.objectContaining({ ts: Date.UTC(2024, 0, 1) }));
  });

  it('keeps a V8 code cache per command: written by a run that succeeded, a corrupt one rejected and replaced, the output the same', () => {
    const list = () => cli(['data', 'list', '--json', '--data-dir', dataDir]);
    const first = list();
    expect(first.code, first.err).toBe(0);
    const dir = join(ROOT, 'out', 'engine', 'code-cache');
    const size = statSync(join(ROOT, 'out', 'engine', 'cli.cjs')).size;
    const name = readdirSync(dir).find((f) => f.startsWith(`data-list-${size}-`));
    expect(name, 'a cache file named by command and bundle').toBeDefined();
    const file = join(dir, name!);
    expect(readFileSync(file).length).toBeGreaterThan(10_000);
    const garbage = Buffer.alloc(50_000, 7);
    writeFileSync(file, garbage);
    const second = list();
    expect(second.code, second.err).toBe(0);
    expect(second.out).toBe(first.out);
    expect(readFileSync(file).equals(garbage)).toBe(false);
    // a failed command writes none
    expect(cli(['frobnicate']).code).toBe(2);
    expect(readdirSync(dir).some((f) => f.startsWith('frobnicate-'))).toBe(false);
  });

  it('ships the CLI bundle as ASCII (one other character and Node decodes all 2 MB into a two-byte string), without import()', () => {
    const bundle = readFileSync(join(ROOT, 'out', 'engine', 'cli.cjs'), 'latin1');
    expect(bundle.length).toBeGreaterThan(100_000);
    expect(/[^\x00-\x7f]/.exec(bundle)?.index).toBeUndefined();
    // and without import(): Node 20 loses a vm.Script's dynamic-import callback when the script comes from a code cache
    expect(/\bimport\(["'`]/.exec(bundle)?.[0]).toBeUndefined();
  });

  it('honours QUANTDESK_DATA_DIR', () => {
    const r = cli(['data', 'list', '--json'], { QUANTDESK_DATA_DIR: dataDir });
    expect((JSON.parse(r.out) as { instrumentId: string }[]).map((s) => s.instrumentId)).toContain('ETH/USDT@csv');
  });

  it('reports a bad CSV with line numbers and exit code 1, importing nothing', () => {
    const bad = join(temp.dir, 'bad.csv');
    writeFileSync(bad, 'timestamp,open,high,low,close,volume\n2024-01-01T00:00:00Z,1,2,0.5,1,1\n2024-01-01T00:01:00Z,1,0.1,0.5,1,1\n');
    const r = cli(['data', 'import', bad, '--symbol', 'BAD', '--timeframe', '1m', '--data-dir', dataDir]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('line 3');
    expect(cli(['data', 'list', '--data-dir', dataDir]).out).not.toContain('BAD');
  });

  it('backs up and restores the databases', () => {
    const to = join(temp.dir, 'backup-1');
    const b = cli(['db', 'backup', '--to', to, '--data-dir', dataDir]);
    expect(b.code, b.err).toBe(0);
    expect(existsSync(to)).toBe(true);
    cli(['data', 'import', csv, '--symbol', 'LATER', '--timeframe', '1m', '--data-dir', dataDir]);
    expect(cli(['data', 'list', '--data-dir', dataDir]).out).toContain('LATER');
    const r = cli(['db', 'restore', to, '--data-dir', dataDir]);
    expect(r.code, r.err).toBe(0);
    const after = cli(['data', 'list', '--data-dir', dataDir]).out;
    expect(after).toContain('ETH/USDT@csv');
    expect(after).not.toContain('LATER');
  });

  it('refuses to restore, or to write, while `serve` holds the data directory; Ctrl-C stops serve cleanly', async () => {
    const serve = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--data-dir', dataDir], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((res) => serve.once('exit', (code) => res(code)));
    try {
      let out = '';
      serve.stdout.on('data', (d) => (out += d));
      await expect.poll(() => out, { timeout: 60_000 }).toContain('Open http://127.0.0.1:');
      expect(out).toMatch(/token=[\w-]{40,}/);

      const restore = cli(['db', 'restore', join(temp.dir, 'backup-1'), '--data-dir', dataDir]);
      expect(restore.code).toBe(1);
      expect(restore.err).toMatch(/in use/);
      const imp = cli(['data', 'import', csv, '--symbol', 'X', '--timeframe', '1m', '--data-dir', dataDir]);
      expect(imp.code).toBe(1);
      expect(imp.err).toMatch(/in use/);
    } finally {
      // also when an expectation above failed: a server left running outlives the test run
      serve.kill('SIGINT');
    }
    expect(await exited).toBe(0);
    // the lock is gone: writing works again
    expect(cli(['data', 'list', '--data-dir', dataDir]).code).toBe(0);
  });
});
