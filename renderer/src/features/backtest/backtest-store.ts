import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';
import type { JobProgress } from '../../../../shared/contract/jobs';
import type { JobResult } from '../../../../shared/contract';
import type { ParamSpecsDto } from '../../../../shared/contract/strategies';
import type { Timeframe } from '../../../../shared/timeframe';
import { client } from '../../api/client';
import { errorText, type UiError } from '../../app/errors';
import { mergeValues, type ParamValuesDto } from './params';

export type RunOutcome = JobResult<'backtest.run'>;

/** What the run form holds besides params: data, costs and capital (remembered between sessions). */
export interface RunSettings {
  instrumentId: string | null;
  timeframe: Timeframe | null;
  /** `YYYY-MM-DD` (UTC) or '' for the first / last stored bar. */
  from: string;
  to: string;
  commissionPct: number;
  slippageBps: number;
  cash: number;
}

/** The strategy version a run uses; its entry file name carries the strategy id and version (see `entryName`). */
export interface RunTarget {
  strategyId: string;
  version: number;
  source: string;
}

interface BacktestState {
  settings: RunSettings;
  /** Params by strategy id (template or saved strategy), so switching strategies keeps each one's values. */
  params: Record<string, ParamValuesDto>;
  running: { jobId: string | null; progress: JobProgress | null; controller: AbortController } | null;
  error: UiError | null;
  setSettings(patch: Partial<RunSettings>): void;
  setParam(key: string, name: string, value: number | boolean | string): void;
  resetParams(key: string, specs: ParamSpecsDto): void;
  valuesFor(key: string, specs: ParamSpecsDto): ParamValuesDto;
  run(target: RunTarget, params: ParamValuesDto): Promise<RunOutcome | null>;
  cancel(): void;
}

const DAY = 86_400_000;

export function parseDay(s: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return undefined;
  const t = Date.parse(`${s}T00:00:00Z`);
  return Number.isFinite(t) ? t : undefined;
}

/** The entry file of a run: `<strategy id>@v<version>.ts`, so the run registry tells which version ran. */
export function entryName(strategyId: string, version: number): string {
  return `${strategyId}@v${version}.ts`;
}

export function parseEntry(entry: string | null): { strategyId: string; version: number } | null {
  const m = entry ? /^([^/@]+)@v(\d+)\.ts$/.exec(entry) : null;
  return m ? { strategyId: m[1], version: Number(m[2]) } : null;
}

/** The run input for the engine (`to` is inclusive in the form — the whole day — and half-open in the contract). */
export function runInput(target: RunTarget, params: ParamValuesDto, s: RunSettings) {
  const from = parseDay(s.from);
  const to = parseDay(s.to);
  return {
    strategy: { kind: 'source' as const, entry: entryName(target.strategyId, target.version), sources: { [entryName(target.strategyId, target.version)]: target.source } },
    data: { kind: 'store' as const, instrumentId: s.instrumentId ?? '', timeframe: s.timeframe ?? '1h', ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to: to + DAY } : {}) },
    params,
    config: { initialCapital: s.cash, commission: { percent: s.commissionPct / 100 }, slippage: { bps: s.slippageBps } },
  };
}

export const useBacktest = create<BacktestState>()(
  persist(
    (set, get) => ({
      settings: { instrumentId: null, timeframe: null, from: '', to: '', commissionPct: 0.1, slippageBps: 2, cash: 10_000 },
      params: {},
      running: null,
      error: null,
      setSettings: (patch) => set((s) => ({ settings: { ...s.settings, ...patch } })),
      setParam: (key, name, value) => set((s) => ({ params: { ...s.params, [key]: { ...s.params[key], [name]: value } } })),
      resetParams: (key, specs) => set((s) => ({ params: { ...s.params, [key]: mergeValues(specs, {}) } })),
      valuesFor: (key, specs) => mergeValues(specs, get().params[key] ?? {}),

      async run(target, params) {
        if (get().running) return null;
        const controller = new AbortController();
        set({ running: { jobId: null, progress: null, controller }, error: null });
        try {
          const out = await client().job('backtest.run', runInput(target, params, get().settings), {
            signal: controller.signal,
            onStarted: (jobId) => set((s) => (s.running ? { running: { ...s.running, jobId } } : {})),
            onProgress: (progress) => set((s) => (s.running ? { running: { ...s.running, progress } } : {})),
          });
          set({ running: null });
          // Cancel pressed as the job was finishing: the run is kept (Runs lists it), but the user asked not to wait for it.
          return controller.signal.aborted ? null : out;
        } catch (e) {
          const err = errorText(e);
          set({ running: null, error: err.code === 'CANCELLED' ? null : err });
          return null;
        }
      },

      cancel() {
        get().running?.controller.abort();
      },
    }),
    { name: 'quantdesk.backtest-form', version: 1, storage: createJSONStorage(() => localStorage), partialize: (s) => ({ settings: s.settings, params: s.params }) },
  ),
);
