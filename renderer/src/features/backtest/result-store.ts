import { create } from 'zustand';
import type { JobResult } from '../../../../shared/contract';
import { client } from '../../api/client';
import { errorText, type UiError } from '../../app/errors';

export type RunWithResult = JobResult<'backtest.run'>;

/** What a rerun found against the run it repeated. */
export interface RerunNote {
  rerunOf: string;
  identical: boolean | null;
  warnings: string[];
}

interface ResultState {
  current: RunWithResult | null;
  rerun: RerunNote | null;
  status: 'idle' | 'loading' | 'ready' | 'error';
  error: UiError | null;
  show(r: RunWithResult, rerun?: RerunNote): void;
  open(runId: string): Promise<void>;
}

/** The run the Result screen shows (the last one run, or one opened from the Runs screen). */
export const useResult = create<ResultState>()((set) => ({
  current: null,
  rerun: null,
  status: 'idle',
  error: null,
  show: (current, rerun) => set({ current, rerun: rerun ?? null, status: 'ready', error: null }),
  async open(runId) {
    set({ status: 'loading', error: null });
    try {
      const r = await client().api.backtest.get({ id: runId });
      if (!r.result) throw new Error(r.run.error?.message ?? 'this run has no result');
      set({ current: { run: r.run, result: r.result }, rerun: null, status: 'ready' });
    } catch (e) {
      set({ status: 'error', error: errorText(e) });
    }
  },
}));
