// The whole `quantdesk backtest` process, from start to exit, launched through the package's bin
// (node bin/quantdesk.cjs, not npx): sma-cross over 2M one-minute bars already in the store
// (--symbol), over the same bars from a CSV file (--data), and the peak memory (max RSS) of a run
// over 10M stored bars. Bars are a seeded random walk written once into a temp data directory.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BarColumns } from '../engine/model/bars';
import { randomWalk } from './random-walk';
import { report } from './report';

const ROOT = process.cwd();
const BIN = join(ROOT, 'bin', 'quantdesk.cjs');

/** The CLI bench's bars: from 2000 (2M and 10M minutes fit before today) with whole volumes, as in a real CSV. */
const CLI_BARS = { start: Date.UTC(2000, 0, 1), wholeVolume: true };

function csvOf(c: BarColumns): string {
  const parts: string[] = ['ts,open,high,low,close,volume\n'];
  for (let i = 0; i < c.ts.length; i++) parts.push(`${c.ts[i]},${c.open[i].toFixed(6)},${c.high[i].toFixed(6)},${c.low[i].toFixed(6)},${c.close[i].toFixed(6)},${c.volume[i]}\n`);
  return parts.join('');
}

const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;

/**
 * The CLI's environment: this one without NODE_EXTRA_CA_CERTS. Node reads that bundle at startup
 * (~140 KB of PEM on this machine, +130 ms before the first line of our code) — a property of the
 * machine's network setup, not of the CLI; `node startup` lines show what it costs here.
 */
const { NODE_EXTRA_CA_CERTS: extraCerts, ...CLI_ENV } = process.env;

function nodeStartupMs(env: NodeJS.ProcessEnv): number {
  let best = Infinity;
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    spawnSync(process.execPath, ['-e', '0'], { env });
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

/**
 * Best wall time of `rounds` whole-process runs (after one warm-up that also builds the bundle if
 * stale), and with /usr/bin/time the best CPU time (user + sys) of the child: on a shared machine
 * the wall time measures the neighbours too, the CPU time mostly the run.
 */
function timeCli(args: string[], rounds: number): { ms: number; cpuMs: number | null; out: { bars: number; fills: number } } {
  let best = Infinity;
  let bestCpu = Infinity;
  let out = { bars: 0, fills: 0 };
  for (let i = 0; i <= rounds; i++) {
    const t0 = performance.now();
    const r = TIME
      ? spawnSync(TIME, ['-f', '%U %S', process.execPath, BIN, ...args], { encoding: 'utf8', maxBuffer: 64 << 20, env: CLI_ENV })
      : spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', maxBuffer: 64 << 20, env: CLI_ENV });
    const ms = performance.now() - t0;
    if (r.status !== 0) throw new Error(`quantdesk ${args.join(' ')} failed: ${r.stderr}`);
    out = JSON.parse(r.stdout);
    if (i === 0) continue;
    best = Math.min(best, ms);
    if (TIME) {
      const [user, sys] = r.stderr.trim().split('\n').pop()!.split(' ').map(Number);
      bestCpu = Math.min(bestCpu, (user + sys) * 1000);
    }
  }
  return { ms: best, cpuMs: Number.isFinite(bestCpu) ? bestCpu : null, out };
}

/**
 * The stored series (2M and 10M bars) and the 2M-bar CSV, written by a child process (this file
 * run with `--write-data DIR`): the timed runs are forked from this process, and a parent holding
 * the bars it wrote (~700 MB) made every spawn ~30 ms slower (its page tables are copied), and one
 * that had merely loaded the store's modules and collected the bars still ~5 ms, varying with what
 * the collector had left. That is the harness, not the CLI.
 */
async function writeBenchData(dir: string, n: number, csv: string): Promise<void> {
  const { openStores } = await import('../engine/store/open-stores');
  const bars = randomWalk(n, 42, CLI_BARS);
  const stores = await openStores(dir);
  stores.candles.write('BENCH@csv' as never, '1m', bars);
  stores.candles.write('BIG@csv' as never, '1m', randomWalk(10_000_000, 7, CLI_BARS));
  stores.close();
  writeFileSync(csv, csvOf(bars));
}

const N = 2_000_000;

if (process.argv[2] === '--write-data') {
  await writeBenchData(process.argv[3], N, process.argv[4]);
  process.exit(0);
}

const dir = mkdtempSync(join(tmpdir(), 'quantdesk-bench-'));
try {
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'build-engine.mjs')], { stdio: 'ignore' });
  const csv = join(dir, 'bench-2m.csv');
  execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--write-data', dir, csv], { stdio: 'inherit' });
  report('bench process RSS while timing (the parent each run is forked from)', process.memoryUsage().rss / 2 ** 20, 'MB', {});

  report('node startup (node -e 0), as the CLI runs', nodeStartupMs(CLI_ENV), 'ms', {});
  if (extraCerts !== undefined) report('node startup (node -e 0) with this shell\'s NODE_EXTRA_CA_CERTS', nodeStartupMs(process.env), 'ms', { NODE_EXTRA_CA_CERTS: extraCerts });
  const common = ['--strategy', 'sma-cross', '--params', '{"fast":10,"slow":30,"size":1}', '--json', '--data-dir', dir];
  const store = timeCli(['backtest', '--symbol', 'BENCH', '--timeframe', '1m', ...common], 5);
  report('backtest CLI, sma-cross, 2M stored bars (--symbol), whole process', N / (store.ms / 1000), 'bars/s', { ms: Math.round(store.ms), cpuMs: store.cpuMs, fills: store.out.fills, target: 4_500_000 });
  const file = timeCli(['backtest', '--data', csv, ...common], 5);
  report('backtest CLI, sma-cross, 2M bars from CSV (--data), whole process', N / (file.ms / 1000), 'bars/s', { ms: Math.round(file.ms), cpuMs: file.cpuMs, fills: file.out.fills, target: 2_000_000 });

  if (TIME) {
    const r = spawnSync(TIME, ['-f', '%M', process.execPath, BIN, 'backtest', '--symbol', 'BIG', '--timeframe', '1m', ...common], { encoding: 'utf8', maxBuffer: 64 << 20, env: CLI_ENV });
    const kb = Number(r.stderr.trim().split('\n').pop());
    report('backtest CLI, sma-cross, 10M stored bars, peak RSS', kb / 1024, 'MB', { target: 1024, ok: r.status === 0 });
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
