import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmDialog } from '../../app/components/ConfirmDialog';
import { EmptyState } from '../../app/components/EmptyState';
import { ErrorMessage } from '../../app/components/ErrorMessage';
import { useNavigation } from '../../stores/navigation';
import { useSettings } from '../../stores/settings';
import { useBacktest } from '../backtest/backtest-store';
import { useResult } from '../backtest/result-store';
import { RunPanel } from '../backtest/RunPanel';
import { CodeEditor } from './CodeEditor';
import { useLayout } from './layout-store';
import { builtinText } from './builtin-text';
import { SplitHandle } from './SplitHandle';
import { isDirty, openDocName, useStrategies, type OpenDoc } from './strategies-store';
import { StrategyList } from './StrategyList';
import { VersionsPanel } from './VersionsPanel';
import './workbench.css';

const CHECK_DELAY_MS = 500;

function paramsKeyOf(d: OpenDoc | null): string | null {
  return d === null ? null : d.kind === 'template' ? `template:${d.template.id}` : d.detail.id;
}

function download(fileName: string, content: string, type = 'text/plain') {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Where research time goes: the strategy list, the editor with IntelliSense and history, and the run form. */
export function StrategiesScreen() {
  const { t, i18n } = useTranslation();
  const theme = useSettings((s) => s.theme);
  const go = useNavigation((s) => s.go);
  const st = useStrategies();
  const sizes = useLayout((s) => s.sizes);
  const [tab, setTab] = useState<'code' | 'history'>('code');
  const [confirm, setConfirm] = useState<null | { kind: 'discard'; then: () => void } | { kind: 'delete' }>(null);
  const [renaming, setRenaming] = useState<string | null>(null);
  const [jumpTo, setJumpTo] = useState<{ line: number; column: number } | null>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const dirty = isDirty(st);
  const diagnostics = st.compile.result?.diagnostics ?? [];
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const key = paramsKeyOf(st.open);
  const docKey = st.open ? `${key}@${st.open.kind === 'strategy' ? st.open.detail.version : 0}#${st.openSeq}` : 'none';

  useEffect(() => {
    if (st.status === 'idle') void st.load();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // The engine checks the code a moment after typing stops (syntax, imports, the declaration).
  useEffect(() => {
    if (!st.open) return;
    const timer = setTimeout(() => void useStrategies.getState().check(), CHECK_DELAY_MS);
    return () => clearTimeout(timer);
  }, [st.draft, st.open]);

  const guard = (then: () => void) => (isDirty(useStrategies.getState()) ? setConfirm({ kind: 'discard', then }) : then());

  const save = async () => {
    const before = useStrategies.getState().open;
    const detail = await useStrategies.getState().save();
    // Values typed into a template's form carry over to the strategy it became.
    if (detail && before?.kind === 'template') {
      const bt = useBacktest.getState();
      const v = bt.params[`template:${before.template.id}`];
      if (v) useBacktest.setState({ params: { ...bt.params, [detail.id]: v } });
    }
    return detail;
  };

  const run = async () => {
    const s = useStrategies.getState();
    if (!s.open || useBacktest.getState().running) return;
    if ((s.compile.result?.diagnostics ?? []).some((d) => d.severity === 'error')) return;
    const specs = s.info?.params ?? {};
    const detail = s.open.kind === 'strategy' && !isDirty(s) ? s.open.detail : await save();
    if (!detail) return;
    const values = useBacktest.getState().valuesFor(detail.id, specs);
    const out = await useBacktest.getState().run({ strategyId: detail.id, version: detail.version, source: detail.source }, values);
    if (out) {
      useResult.getState().show(out);
      go('results');
    }
  };

  // Ctrl/⌘+S and Ctrl/⌘+Enter work anywhere on the screen (Monaco handles them itself while it has focus).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey) return;
      if ((e.target as HTMLElement | null)?.closest?.('.monaco-editor')) return;
      if (e.key === 's') {
        e.preventDefault();
        void save();
      } else if (e.key === 'Enter') {
        e.preventDefault();
        void run();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  const onImport = async (f: File | undefined) => {
    if (!f) return;
    await st.importFile(f.name, await f.text());
    if (fileRef.current) fileRef.current.value = '';
  };
  const onExport = async () => {
    const file = await st.exportFile();
    if (file) download(file.fileName, file.content, 'text/typescript');
  };

  const blocked = !st.open ? null : errors > 0 ? t('workbench.run.fixErrors') : dirty || st.open.kind === 'template' ? t('workbench.run.saveFirst') : null;

  return (
    <div className="screen wb" data-testid="screen-strategies" style={{ gridTemplateColumns: `${sizes.strategyList}px 6px minmax(0, 1fr) 6px ${sizes.runPanel}px` }}>
      <StrategyList onPick={(p) => guard(() => (p.kind === 'template' ? st.openTemplate(p.id) : void st.openStrategy(p.id)))} />
      <SplitHandle pane="strategyList" label={t('workbench.strategies.templates')} />
      <section className="wb-main">
        {!st.open ? (
          <EmptyState title={t('workbench.strategies.emptyTitle')} hint={t('workbench.strategies.emptyHint')} />
        ) : (
          <>
            <header className="wb-main__head">
              {renaming !== null ? (
                <form
                  className="wb-rename"
                  onSubmit={(e) => {
                    e.preventDefault();
                    if (renaming.trim()) void st.rename(renaming.trim());
                    setRenaming(null);
                  }}
                >
                  <input autoFocus value={renaming} aria-label={t('workbench.strategies.renamePrompt')} onChange={(e) => setRenaming(e.target.value)} onKeyDown={(e) => e.key === 'Escape' && setRenaming(null)} data-testid="rename-input" />
                </form>
              ) : (
                <h1 className="screen__title" data-testid="strategy-name">
                  {st.open.kind === 'template' ? builtinText(st.open.template.name, i18n.language) : st.open.detail.name}
                  {st.open.kind === 'strategy' && <span className="wb-muted mono"> {t('workbench.strategies.version', { version: st.open.detail.version })}</span>}
                  {dirty && (
                    <span className="wb-dirty" title={t('workbench.strategies.unsaved')} aria-label={t('workbench.strategies.unsaved')}>
                      ●
                    </span>
                  )}
                </h1>
              )}
              <div className="wb-toolbar">
                <button type="button" className="btn btn--primary btn--small" onClick={() => void save()} disabled={st.busy} title="Ctrl+S" data-testid="save">
                  {t('workbench.strategies.save')}
                </button>
                {st.open.kind === 'strategy' && (
                  <>
                    <button type="button" className="btn btn--small" onClick={() => setRenaming(openDocName(st.open!))}>
                      {t('workbench.strategies.rename')}
                    </button>
                    <button type="button" className="btn btn--small" onClick={() => guard(() => void st.duplicate())}>
                      {t('workbench.strategies.duplicate')}
                    </button>
                    <button type="button" className="btn btn--small" onClick={() => void onExport()} data-testid="export">
                      {t('workbench.strategies.export')}
                    </button>
                    <button type="button" className="btn btn--small btn--ghost-danger" onClick={() => setConfirm({ kind: 'delete' })}>
                      {t('workbench.strategies.delete')}
                    </button>
                  </>
                )}
              </div>
            </header>
            {st.open.kind === 'template' && <div className="notice">{t('workbench.strategies.templateBanner', { name: builtinText(st.open.template.name, i18n.language) })}</div>}
            <div className="wb-tabs" role="tablist">
              <button type="button" role="tab" aria-selected={tab === 'code'} className={`wb-tab${tab === 'code' ? ' wb-tab--active' : ''}`} onClick={() => setTab('code')}>
                {t('workbench.strategies.code')}
              </button>
              {st.open.kind === 'strategy' && (
                <button type="button" role="tab" aria-selected={tab === 'history'} className={`wb-tab${tab === 'history' ? ' wb-tab--active' : ''}`} onClick={() => setTab('history')} data-testid="tab-history">
                  {t('workbench.strategies.history')} ({st.open.detail.versions.length})
                </button>
              )}
              <span className="wb-tabs__grow" />
              <span className={`wb-check${errors ? ' wb-check--bad' : ''}`} data-testid="compile-status" role="status">
                {st.compile.checking ? t('workbench.strategies.compiling') : errors ? t('workbench.strategies.compileErrors', { count: errors }) : st.compile.result?.ok ? t('workbench.strategies.compileOk') : ''}
              </span>
              <span className="wb-muted wb-shortcuts">{t('workbench.strategies.shortcuts')}</span>
            </div>
            {st.notice && (
              <div className="notice notice--ok" role="status" data-testid="notice">
                {t(st.notice.key, st.notice.values)}
              </div>
            )}
            {st.error && <ErrorMessage error={st.error} />}
            {errors > 0 && (
              <ul className="wb-problems" data-testid="problems">
                {diagnostics.slice(0, 3).map((d) => (
                  <li key={`${d.line}:${d.column}:${d.message}`}>
                    <button
                      type="button"
                      className="wb-problem"
                      title={t('workbench.strategies.goToProblem')}
                      onClick={() => {
                        setTab('code');
                        setJumpTo({ line: d.line, column: d.column });
                      }}
                    >
                      <span className="mono">
                        {d.line}:{d.column}
                      </span>{' '}
                      {d.message}
                    </button>
                  </li>
                ))}
              </ul>
            )}
            <div className="wb-main__body">
              <div className="wb-pane" hidden={tab !== 'code'}>
                <CodeEditor docKey={docKey} value={st.draft} theme={theme} diagnostics={diagnostics} onChange={st.setDraft} onSave={() => void save()} onRun={() => void run()} label={openDocName(st.open)} jumpTo={jumpTo} />
              </div>
              {tab === 'history' && st.open.kind === 'strategy' && <VersionsPanel detail={st.open.detail} theme={theme} />}
            </div>
          </>
        )}
        <div className="wb-main__foot">
          <button type="button" className="btn btn--small" onClick={() => fileRef.current?.click()}>
            {t('workbench.strategies.import')}
          </button>
          <input ref={fileRef} type="file" accept=".ts,.js,.txt" hidden onChange={(e) => void onImport(e.target.files?.[0])} data-testid="import-file" />
        </div>
      </section>
      <SplitHandle pane="runPanel" direction={-1} label={t('workbench.run.title')} />
      <RunPanel paramsKey={key} specs={st.info?.params ?? null} canRun={!!st.open && errors === 0} blockedReason={blocked} onRun={() => void run()} />
      {confirm?.kind === 'discard' && st.open && (
        <ConfirmDialog
          title={t('workbench.strategies.discardTitle')}
          body={t('workbench.strategies.discardBody', { name: openDocName(st.open) })}
          confirmLabel={t('workbench.strategies.discard')}
          onCancel={() => setConfirm(null)}
          onConfirm={() => {
            const then = confirm.then;
            setConfirm(null);
            then();
          }}
        />
      )}
      {confirm?.kind === 'delete' && st.open?.kind === 'strategy' && (
        <ConfirmDialog
          title={t('workbench.strategies.deleteTitle', { name: st.open.detail.name })}
          body={t('workbench.strategies.deleteBody', { count: st.open.detail.versions.length })}
          confirmLabel={t('workbench.strategies.delete')}
          onCancel={() => setConfirm(null)}
          onConfirm={() => {
            setConfirm(null);
            void st.remove();
          }}
        />
      )}
    </div>
  );
}
