import { create } from 'zustand';
import type { CompileResult, StrategyDetail, StrategyInfo, StrategySummary, Template } from '../../../../shared/contract/strategies';
import { client } from '../../api/client';
import { errorText, type UiError } from '../../app/errors';

/** What the editor shows: a built-in template (not saved yet) or one of the user's strategies. */
export type OpenDoc = { kind: 'template'; template: Template } | { kind: 'strategy'; detail: StrategyDetail };

export type Notice = { key: string; values?: Record<string, string | number> };

interface StrategiesState {
  templates: Template[];
  list: StrategySummary[];
  status: 'idle' | 'loading' | 'ready' | 'error';
  open: OpenDoc | null;
  /** The editor's text; `saved` is what the open document holds, so `draft !== saved` means unsaved. */
  draft: string;
  saved: string;
  compile: { checking: boolean; result: CompileResult | null };
  /** What the code declared at its last successful check (params for the form survive a typo). */
  info: StrategyInfo | null;
  /** Bumped whenever a document is (re)opened, so the editor replaces its text even for the same document. */
  openSeq: number;
  notice: Notice | null;
  error: UiError | null;
  busy: boolean;
  load(): Promise<void>;
  openTemplate(id: string): void;
  openStrategy(id: string, version?: number): Promise<void>;
  setDraft(source: string): void;
  /** Saves the draft as a new version (a template becomes a new strategy); resolves with the saved strategy. */
  save(): Promise<StrategyDetail | null>;
  restore(version: number): Promise<void>;
  rename(name: string): Promise<void>;
  duplicate(): Promise<void>;
  remove(): Promise<void>;
  importFile(fileName: string, content: string): Promise<void>;
  exportFile(): Promise<{ fileName: string; content: string } | null>;
  check(): Promise<void>;
  clearNotice(): void;
}

const docSource = (d: OpenDoc) => (d.kind === 'template' ? d.template.source : d.detail.source);

export function isDirty(s: Pick<StrategiesState, 'draft' | 'saved' | 'open'>): boolean {
  return s.open !== null && s.draft !== s.saved;
}

let checkSeq = 0;

/** The Strategies screen's state: lists, the open document and its draft, compile diagnostics. */
export const useStrategies = create<StrategiesState>()((set, get) => {
  const fail = (e: unknown) => set({ error: errorText(e), busy: false });
  /**
   * Shows `detail` as the open document. `sent` is the draft a save sent: edits that arrived while
   * it was on its way (typing, or a paste Monaco applies a moment later) stay in the draft, unsaved,
   * instead of being replaced by the text that was saved.
   */
  const show = (detail: StrategyDetail, notice: Notice | null = null, sent?: string) =>
    set((s) => ({ open: { kind: 'strategy', detail }, draft: sent !== undefined && s.draft !== sent ? s.draft : detail.source, saved: detail.source, notice, error: null, busy: false }));
  const refreshList = async () => set({ list: await client().api.strategies.list({}) });

  return {
    templates: [],
    list: [],
    status: 'idle',
    open: null,
    draft: '',
    saved: '',
    compile: { checking: false, result: null },
    info: null,
    openSeq: 0,
    notice: null,
    error: null,
    busy: false,

    async load() {
      set((s) => ({ status: s.status === 'ready' ? 'ready' : 'loading' }));
      try {
        const [templates, list] = await Promise.all([client().api.strategies.templates({}), client().api.strategies.list({})]);
        set({ templates, list, status: 'ready', error: null });
      } catch (e) {
        set({ status: 'error', error: errorText(e) });
      }
    },

    openTemplate(id) {
      const template = get().templates.find((t) => t.id === id);
      if (!template) return;
      set((s) => ({ openSeq: s.openSeq + 1 }));
      set({ open: { kind: 'template', template }, draft: template.source, saved: template.source, info: template, notice: null, error: null, compile: { checking: false, result: null } });
    },

    async openStrategy(id, version) {
      set({ busy: true });
      try {
        show(await client().api.strategies.get({ id, ...(version ? { version } : {}) }));
        set((s) => ({ compile: { checking: false, result: null }, info: null, openSeq: s.openSeq + 1 }));
        void get().check();
      } catch (e) {
        fail(e);
      }
    },

    setDraft(source) {
      set({ draft: source });
    },

    async save() {
      const { open, draft } = get();
      if (!open) return null;
      set({ busy: true });
      try {
        if (open.kind === 'template') {
          const detail = await client().api.strategies.create({ templateId: open.template.id, source: draft });
          show(detail, { key: 'workbench.strategies.saved', values: { version: detail.version } }, draft);
          await refreshList();
          return detail;
        }
        const r = await client().api.strategies.save({ id: open.detail.id, source: draft });
        show(r.strategy, { key: r.created ? 'workbench.strategies.saved' : 'workbench.strategies.unchanged', values: { version: r.version } }, draft);
        await refreshList();
        return r.strategy;
      } catch (e) {
        fail(e);
        return null;
      }
    },

    async restore(version) {
      const open = get().open;
      if (open?.kind !== 'strategy') return;
      set({ busy: true });
      try {
        const r = await client().api.strategies.restore({ id: open.detail.id, version });
        show(r.strategy, { key: 'workbench.strategies.restored', values: { from: version, version: r.version } });
        await refreshList();
      } catch (e) {
        fail(e);
      }
    },

    async rename(name) {
      const open = get().open;
      if (open?.kind !== 'strategy') return;
      try {
        const s = await client().api.strategies.rename({ id: open.detail.id, name });
        set({ open: { kind: 'strategy', detail: { ...open.detail, name: s.name } } });
        await refreshList();
      } catch (e) {
        fail(e);
      }
    },

    async duplicate() {
      const open = get().open;
      if (open?.kind !== 'strategy') return;
      try {
        show(await client().api.strategies.duplicate({ id: open.detail.id }));
        await refreshList();
      } catch (e) {
        fail(e);
      }
    },

    async remove() {
      const open = get().open;
      if (open?.kind !== 'strategy') return;
      try {
        await client().api.strategies.delete({ id: open.detail.id });
        set({ open: null, draft: '', saved: '', info: null, notice: null });
        await refreshList();
      } catch (e) {
        fail(e);
      }
    },

    async importFile(fileName, content) {
      set({ busy: true });
      try {
        const detail = await client().api.strategies.import({ fileName, content });
        show(detail, { key: 'workbench.strategies.imported', values: { name: detail.name } });
        await refreshList();
        void get().check();
      } catch (e) {
        fail(e);
      }
    },

    async exportFile() {
      const open = get().open;
      if (open?.kind !== 'strategy') return null;
      try {
        return await client().api.strategies.export({ id: open.detail.id, version: open.detail.version });
      } catch (e) {
        fail(e);
        return null;
      }
    },

    async check() {
      const source = get().draft;
      if (!get().open) return;
      const seq = ++checkSeq;
      set((s) => ({ compile: { ...s.compile, checking: true } }));
      try {
        const result = await client().api.strategies.compile({ source });
        if (seq !== checkSeq) return;
        set((s) => ({ compile: { checking: false, result }, info: result.strategy ?? s.info }));
      } catch (e) {
        if (seq === checkSeq) set({ compile: { checking: false, result: null }, error: errorText(e) });
      }
    },

    clearNotice() {
      set({ notice: null });
    },
  };
});

export function openDocName(d: OpenDoc): string {
  return d.kind === 'template' ? d.template.name : d.detail.name;
}

export { docSource };
