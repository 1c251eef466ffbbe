// Monaco, bundled with the app (never a CDN: the app works offline, and the CSP allows only
// 'self' scripts). Workers are bundled files started through MonacoEnvironment.getWorker.
import * as monaco from 'monaco-editor/esm/vs/editor/editor.api.js';
import 'monaco-editor/esm/vs/editor/edcore.main.js';
import 'monaco-editor/esm/vs/basic-languages/typescript/typescript.contribution.js';
import 'monaco-editor/esm/vs/language/typescript/monaco.contribution.js';
import EditorWorker from 'monaco-editor/esm/vs/editor/editor.worker.js?worker';
import TsWorker from 'monaco-editor/esm/vs/language/typescript/ts.worker.js?worker';
import type { Theme } from '../../stores/settings';
import { STRATEGY_API_LIBS } from './generated/strategy-api';

let ready = false;

/** Configures Monaco once: workers, the strategy API as the package `quantdesk`, compiler options. */
export function setupMonaco(): typeof monaco {
  if (ready) return monaco;
  ready = true;
  (self as unknown as { MonacoEnvironment: monaco.Environment }).MonacoEnvironment = {
    getWorker: (_id, label) => (label === 'typescript' || label === 'javascript' ? new TsWorker() : new EditorWorker()),
  };
  const ts = monaco.languages.typescript;
  ts.typescriptDefaults.setCompilerOptions({
    target: ts.ScriptTarget.ES2020,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.NodeJs,
    strict: true,
    noEmit: true,
    allowNonTsExtensions: true,
    lib: ['es2020'],
  });
  ts.typescriptDefaults.setEagerModelSync(true);
  for (const lib of STRATEGY_API_LIBS) ts.typescriptDefaults.addExtraLib(lib.content, lib.path);
  return monaco;
}

export function monacoTheme(theme: Theme): string {
  return theme === 'dark' ? 'vs-dark' : 'vs';
}

export { monaco };
