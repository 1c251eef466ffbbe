import { useEffect, useRef } from 'react';
import type { Diagnostic } from '../../../../shared/contract/strategies';
import type { Theme } from '../../stores/settings';
import { monaco, monacoTheme, setupMonaco } from './monaco-setup';

/** The one model the strategy editor edits; a `.ts` path so the TypeScript worker checks it against `quantdesk`. */
const MODEL_URI = 'file:///strategy.ts';
const ENGINE_MARKERS = 'quantdesk-compile';

export interface CodeEditorProps {
  /** Identity of the document: a new value replaces the text (the user's typing does not). */
  docKey: string;
  value: string;
  theme: Theme;
  diagnostics: readonly Diagnostic[];
  onChange(value: string): void;
  onSave(): void;
  onRun(): void;
  label: string;
  /** Moves the cursor there and focuses the editor; a new object each time (the same place twice still jumps). */
  jumpTo?: { line: number; column: number } | null;
}

/** Monaco with the strategy API's IntelliSense; compile errors from the engine are shown as markers. */
export function CodeEditor({ docKey, value, theme, diagnostics, onChange, onSave, onRun, label, jumpTo }: CodeEditorProps) {
  const hostRef = useRef<HTMLDivElement>(null);
  const editorRef = useRef<monaco.editor.IStandaloneCodeEditor | null>(null);
  const handlers = useRef({ onChange, onSave, onRun });
  handlers.current = { onChange, onSave, onRun };

  useEffect(() => {
    const m = setupMonaco();
    const uri = m.Uri.parse(MODEL_URI);
    const model = m.editor.getModel(uri) ?? m.editor.createModel(value, 'typescript', uri);
    const editor = m.editor.create(hostRef.current!, {
      model,
      theme: monacoTheme(theme),
      automaticLayout: true,
      minimap: { enabled: false },
      fontSize: 13,
      tabSize: 2,
      scrollBeyondLastLine: false,
      fixedOverflowWidgets: true,
      ariaLabel: label,
    });
    editorRef.current = editor;
    const sub = model.onDidChangeContent(() => handlers.current.onChange(model.getValue()));
    editor.addCommand(m.KeyMod.CtrlCmd | m.KeyCode.KeyS, () => handlers.current.onSave());
    editor.addCommand(m.KeyMod.CtrlCmd | m.KeyCode.Enter, () => handlers.current.onRun());
    return () => {
      sub.dispose();
      editor.dispose();
      model.dispose();
      editorRef.current = null;
    };
    // Created once; the effects below keep it in step.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // A different document (or a restored version) replaces the text; the undo stack starts afresh.
  useEffect(() => {
    const model = editorRef.current?.getModel();
    if (model && model.getValue() !== value) model.setValue(value);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [docKey]);

  useEffect(() => {
    monaco.editor.setTheme(monacoTheme(theme));
  }, [theme]);

  useEffect(() => {
    const editor = editorRef.current;
    if (!editor || !jumpTo) return;
    editor.setPosition({ lineNumber: jumpTo.line, column: jumpTo.column });
    editor.revealPositionInCenterIfOutsideViewport({ lineNumber: jumpTo.line, column: jumpTo.column });
    editor.focus();
  }, [jumpTo]);

  useEffect(() => {
    const model = editorRef.current?.getModel();
    if (!model) return;
    monaco.editor.setModelMarkers(
      model,
      ENGINE_MARKERS,
      diagnostics.map((d) => ({
        severity: d.severity === 'error' ? monaco.MarkerSeverity.Error : monaco.MarkerSeverity.Warning,
        message: d.message,
        startLineNumber: d.line,
        startColumn: d.column,
        endLineNumber: d.endLine,
        endColumn: Math.max(d.endColumn, model.getLineMaxColumn(Math.min(d.endLine, model.getLineCount()))),
        source: 'engine',
      })),
    );
  }, [diagnostics]);

  return <div className="code-editor" ref={hostRef} data-testid="code-editor" />;
}
