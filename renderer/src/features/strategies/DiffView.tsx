import { useEffect, useRef } from 'react';
import type { Theme } from '../../stores/settings';
import { monacoTheme, setupMonaco } from './monaco-setup';

/** Monaco's side-by-side diff of two sources (read-only). */
export function DiffView({ original, modified, theme }: { original: string; modified: string; theme: Theme }) {
  const hostRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const m = setupMonaco();
    // Plain-text language ids would lose colouring; typescript models outside file:/// are not type-checked against the editor's.
    const a = m.editor.createModel(original, 'typescript');
    const b = m.editor.createModel(modified, 'typescript');
    // Unchanged stretches fold away (a click expands them), so the changes are in view even deep in a long file.
    const diff = m.editor.createDiffEditor(hostRef.current!, {
      readOnly: true,
      automaticLayout: true,
      theme: monacoTheme(theme),
      renderSideBySide: true,
      minimap: { enabled: false },
      scrollBeyondLastLine: false,
      originalEditable: false,
      hideUnchangedRegions: { enabled: true, contextLineCount: 3, minimumLineCount: 3, revealLineCount: 20 },
    });
    diff.setModel({ original: a, modified: b });
    return () => {
      diff.dispose();
      a.dispose();
      b.dispose();
    };
  }, [original, modified, theme]);
  return <div className="code-editor code-editor--diff" ref={hostRef} data-testid="diff-editor" />;
}
