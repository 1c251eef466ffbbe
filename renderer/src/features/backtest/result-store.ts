import { create } from 'zustand';
import type { JobResult } from '../../../../shared/contract';
import { client } from '../../api/client';
import { errorText, type UiError } from '../../app/errors';

export type RunWithResult = JobResult<'backtest.run'>;

interface ResultState {
  current: RunWithResult | null;
  status: 'idle' | 'loading' | 'ready' | 'error';
  error: UiError | null;
  show(r: RunWithResult): void;
  open(runId: string): Promise<void>;
}

/** The run the Result screen shows (the last one run, or one opened from the Runs screen). */
export const useResult = create<ResultState>()((set) => ({
  current: null,
  status: 'idle',
  error: null,
  show: (current) => set({ current, status: 'ready', error: null }),
  async open(runId) {
    set({ status: 'loading', error: null });
    try {
      const r = await client().api.backtest.get({ id: runId });
      if (!r.result) throw new Error(r.run.error?.message ?? 'this run has no result');
      set({ current: { run: r.run, result: r.result }, status: 'ready' });
    } catch (e) {
      set({ status: 'error', error: errorText(e) });
    }
  },
}));
