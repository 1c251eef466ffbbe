import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';

/** Pane sizes (px) of the workbench screens, kept so the next start opens the same way. */
export const DEFAULT_SIZES = { strategyList: 220, runPanel: 320, resultChart: 360 } as const;
export type PaneId = keyof typeof DEFAULT_SIZES;

interface LayoutState {
  sizes: Record<PaneId, number>;
  setSize(id: PaneId, px: number): void;
}

const LIMITS: Record<PaneId, [number, number]> = { strategyList: [140, 480], runPanel: [240, 640], resultChart: [200, 900] };

export function clampSize(id: PaneId, px: number): number {
  const [lo, hi] = LIMITS[id];
  return Math.round(Math.max(lo, Math.min(hi, px)));
}

export const useLayout = create<LayoutState>()(
  persist(
    (set) => ({
      sizes: { ...DEFAULT_SIZES },
      setSize: (id, px) => set((s) => ({ sizes: { ...s.sizes, [id]: clampSize(id, px) } })),
    }),
    { name: 'quantdesk.workbench-layout', version: 1, storage: createJSONStorage(() => localStorage), partialize: (s) => ({ sizes: s.sizes }) },
  ),
);
