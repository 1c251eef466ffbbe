import { create } from 'zustand';
import type { Client } from '../../../../shared/client';
import type { DataDownloadResult, MarketInfo } from '../../../../shared/contract';
import type { Timeframe } from '../../../../shared/timeframe';
import { errorText, type UiError } from '../../app/errors';

export interface DownloadForm {
  exchange: string;
  symbol: string;
  timeframe: Timeframe;
  /** `YYYY-MM-DD`, read as UTC midnight. */
  from: string;
  to: string;
  baseUrl: string;
}

type Run =
  | { state: 'idle' }
  | { state: 'running'; phase: string; done: number; total: number; message?: string }
  | { state: 'done'; result: DataDownloadResult }
  | { state: 'failed'; error: UiError };

interface DownloadState {
  exchanges: string[];
  markets: MarketInfo[];
  marketsFor: string;
  marketsLoading: boolean;
  marketsError: UiError | null;
  form: DownloadForm;
  run: Run;
  loadExchanges(client: Client): Promise<void>;
  loadMarkets(client: Client): Promise<void>;
  edit(patch: Partial<DownloadForm>): void;
  start(client: Client, override?: Partial<{ from: number; to: number }>): Promise<void>;
  cancel(): void;
}

const DAY = 86_400_000;
const isoDay = (ts: number) => new Date(ts).toISOString().slice(0, 10);
let controller: AbortController | null = null;

/** `YYYY-MM-DD` → UTC ms (NaN when not a date). */
export function utcDay(text: string): number {
  return /^\d{4}-\d{2}-\d{2}$/.test(text) ? Date.parse(text) : NaN;
}

/**
 * One history download at a time (`data.download` job): it keeps running, with its progress
 * visible, when the user switches screens; cancel keeps the pages already stored.
 */
export const useDownload = create<DownloadState>()((set, get) => ({
  exchanges: [],
  markets: [],
  marketsFor: '',
  marketsLoading: false,
  marketsError: null,
  form: { exchange: 'binance', symbol: 'BTC/USDT', timeframe: '1h', from: isoDay(Date.now() - 30 * DAY), to: isoDay(Date.now() + DAY), baseUrl: '' },
  run: { state: 'idle' },

  async loadExchanges(client) {
    if (get().exchanges.length) return;
    try {
      set({ exchanges: (await client.api.market.exchanges({})).map((e) => e.id) });
    } catch {
      // the field stays free text
    }
  },

  async loadMarkets(client) {
    const { exchange, baseUrl } = get().form;
    const key = `${exchange} ${baseUrl}`;
    if (get().marketsFor === key || !exchange) return;
    set({ marketsLoading: true, marketsError: null, marketsFor: key });
    try {
      const markets = await client.api.market.symbols({ exchange, ...(baseUrl.trim() ? { baseUrl: baseUrl.trim() } : {}) });
      if (get().marketsFor === key) set({ markets, marketsLoading: false });
    } catch (e) {
      if (get().marketsFor === key) set({ markets: [], marketsLoading: false, marketsError: errorText(e), marketsFor: '' });
    }
  },

  edit(patch) {
    set((s) => ({ form: { ...s.form, ...patch } }));
  },

  async start(client, override) {
    const { form, run } = get();
    if (run.state === 'running') return;
    controller = new AbortController();
    set({ run: { state: 'running', phase: 'connect', done: 0, total: 0 } });
    try {
      const result = await client.api.data.download(
        {
          exchange: form.exchange.trim().toLowerCase(),
          symbol: form.symbol.trim(),
          timeframe: form.timeframe,
          from: override?.from ?? utcDay(form.from),
          to: override?.to ?? utcDay(form.to),
          ...(form.baseUrl.trim() ? { baseUrl: form.baseUrl.trim() } : {}),
        },
        {
          signal: controller.signal,
          onProgress: (p) => set({ run: { state: 'running', phase: p.phase, done: p.done, total: p.total, ...(p.message ? { message: p.message } : {}) } }),
        },
      );
      set({ run: { state: 'done', result } });
    } catch (e) {
      set({ run: { state: 'failed', error: errorText(e) } });
    } finally {
      controller = null;
    }
  },

  cancel() {
    controller?.abort();
  },
}));
