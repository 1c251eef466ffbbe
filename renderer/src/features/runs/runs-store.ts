import { create } from 'zustand';
import type { RunRecordDto } from '../../../../shared/contract/backtest';
import { client } from '../../api/client';
import { errorText, type UiError } from '../../app/errors';
import type { RerunNote, RunWithResult } from '../backtest/result-store';

interface RunsState {
  runs: RunRecordDto[];
  status: 'idle' | 'loading' | 'ready' | 'error';
  error: UiError | null;
  selected: string[];
  comparing: RunWithResult[] | null;
  rerunning: string | null;
  refresh(): Promise<void>;
  toggle(id: string): void;
  compare(): Promise<void>;
  closeCompare(): void;
  rerun(id: string): Promise<{ outcome: RunWithResult; note: RerunNote } | null>;
}

/** The run registry as a table, the selection, and the comparison of the selected runs. */
export const useRuns = create<RunsState>()((set, get) => ({
  runs: [],
  status: 'idle',
  error: null,
  selected: [],
  comparing: null,
  rerunning: null,
  async refresh() {
    set((s) => ({ status: s.status === 'ready' ? 'ready' : 'loading' }));
    try {
      const runs = await client().api.backtest.list({ limit: 500 });
      set((s) => ({ runs, status: 'ready', error: null, selected: s.selected.filter((id) => runs.some((r) => r.id === id)) }));
    } catch (e) {
      set({ status: 'error', error: errorText(e) });
    }
  },
  toggle: (id) => set((s) => ({ selected: s.selected.includes(id) ? s.selected.filter((x) => x !== id) : [...s.selected, id] })),
  async compare() {
    try {
      const got = await Promise.all(get().selected.map((id) => client().api.backtest.get({ id })));
      set({ comparing: got.filter((g) => g.result !== null).map((g) => ({ run: g.run, result: g.result! })), error: null });
    } catch (e) {
      set({ error: errorText(e) });
    }
  },
  closeCompare: () => set({ comparing: null }),
  async rerun(id) {
    set({ rerunning: id, error: null });
    try {
      const r = await client().job('backtest.rerun', { id });
      set({ rerunning: null });
      void get().refresh();
      return { outcome: { run: r.run, result: r.result }, note: { rerunOf: r.rerunOf, identical: r.identical, warnings: r.warnings } };
    } catch (e) {
      set({ rerunning: null, error: errorText(e) });
      return null;
    }
  },
}));
