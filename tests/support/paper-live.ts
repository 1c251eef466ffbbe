// What the live-runtime and parity tests share: a market feed the test drives bar by bar, a
// TradingService over a temp journal with an in-memory key store, and cleanup after each test.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import type { RunnerBar } from '../../engine/live/deployment-runner';
import { TradingService, type MarketFeed } from '../../engine/live/trading-service';
import { CredentialService } from '../../engine/secrets/credentials';
import { MemorySecretStore } from '../../engine/secrets/secret-store';
import { openStores } from '../../engine/store/open-stores';
import { TradingJournal } from '../../engine/store/trading-journal';

export const MIN = 60_000;

/** History from a fixed list; live bars when the test pushes them. */
export class FakeFeed implements MarketFeed {
  listeners: Array<{ symbol: string; fn: (b: RunnerBar & { closed: boolean }) => void }> = [];
  constructor(private readonly historyBars: RunnerBar[]) {}
  async history(): Promise<RunnerBar[]> {
    return this.historyBars;
  }
  async subscribe(_ex: string, _b: string | null, symbol: string, _tf: string, fn: (b: RunnerBar & { closed: boolean }) => void) {
    const l = { symbol, fn };
    this.listeners.push(l);
    return () => void (this.listeners = this.listeners.filter((x) => x !== l));
  }
  /** Paper fills first (subscribed first: the backtest matches working orders before onBar), then the deployments, as in the app. */
  push(b: RunnerBar): void {
    for (const l of [...this.listeners]) l.fn({ ...b, closed: true });
  }
}

/** A trading service on a data dir (real SQLite), quiet logs, keys in memory. */
export async function openTrading(dir: string, feed: MarketFeed) {
  const stores = await openStores(dir);
  const journal = new TradingJournal(stores.journalDb, () => Date.now());
  const svc = new TradingService({ dataDir: dir, journal, credentials: new CredentialService(new MemorySecretStore()), clock: { now: () => Date.now() }, log: { info() {}, warn() {}, error() {} }, publish: () => {}, feed });
  return { stores, journal, svc, close: async () => (await svc.close(), stores.close()) };
}

/** Registers an afterEach that runs what the test pushed, last first; `tempDir` adds its removal. */
export function useCleanup(prefix = 'qd-live-runtime-') {
  const cleanup: (() => unknown)[] = [];
  afterEach(async () => {
    for (const f of cleanup.splice(0).reverse()) await f();
  });
  const tempDir = (): string => {
    const dir = mkdtempSync(path.join(tmpdir(), prefix));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    return dir;
  };
  return { cleanup, tempDir };
}

/** Recorded-looking 1m bars: two sines, rounded to cents, each open at the previous close. */
export function sineBars(n: number, t0: number): RunnerBar[] {
  const out: RunnerBar[] = [];
  let prev = 100;
  for (let i = 0; i < n; i++) {
    const close = Math.round((100 + 5 * Math.sin(i / 7) + 2 * Math.sin(i / 1.9)) * 100) / 100;
    out.push({ ts: t0 + i * MIN, open: prev, high: Math.max(prev, close) + 0.2, low: Math.min(prev, close) - 0.2, close, volume: 10 });
    prev = close;
  }
  return out;
}
