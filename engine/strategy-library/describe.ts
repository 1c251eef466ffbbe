import { transform, type Message } from 'esbuild';
import vm from 'node:vm';
import type { CompileResult, Diagnostic } from '../../shared/contract/strategies';
import * as api from '../strategy/api';
import type { ParamSpecs, Strategy } from '../strategy/api';
import { strategyInfo } from './templates';

export const STRATEGY_MODULE = 'quantdesk';

function toDiagnostic(m: Message, severity: Diagnostic['severity']): Diagnostic {
  const loc = m.location;
  const line = loc?.line ?? 1;
  const column = (loc?.column ?? 0) + 1;
  return { severity, message: m.text, line, column, endLine: line, endColumn: column + Math.max(1, loc?.length ?? 1) };
}

/**
 * Compiles a strategy source (esbuild, syntax only — types are the editor's job) and reads what its
 * default export declares by evaluating the module in an empty VM context whose only import is the
 * strategy API, with a short timeout. Declaring a strategy only builds an object; a module that does
 * more at load time (or loops) is reported as a diagnostic, not run further. Backtests run user
 * code in the sandboxed workers, never here.
 */
export async function describeSource(source: string): Promise<CompileResult> {
  let code: string;
  let warnings: Message[];
  try {
    const r = await transform(source, { loader: 'ts', format: 'cjs', target: 'es2022', sourcefile: 'strategy.ts', logLevel: 'silent' });
    code = r.code;
    warnings = r.warnings;
  } catch (e) {
    const errors = (e as { errors?: Message[] }).errors ?? [];
    const diagnostics = errors.length ? errors.map((m) => toDiagnostic(m, 'error')) : [{ severity: 'error' as const, message: String((e as Error).message), line: 1, column: 1, endLine: 1, endColumn: 2 }];
    return { ok: false, diagnostics, strategy: null };
  }
  const diagnostics = warnings.map((m) => toDiagnostic(m, 'warning'));
  const fail = (message: string): CompileResult => ({ ok: false, diagnostics: [...diagnostics, { severity: 'error', message, line: 1, column: 1, endLine: 1, endColumn: 2 }], strategy: null });
  const module = { exports: {} as Record<string, unknown> };
  const require = (name: string) => {
    if (name === STRATEGY_MODULE) return { defineStrategy: api.defineStrategy, STRATEGY_API_VERSION: api.STRATEGY_API_VERSION };
    throw new Error(`a strategy can import only '${STRATEGY_MODULE}' (not '${name}')`);
  };
  try {
    vm.runInNewContext(code, { module, exports: module.exports, require }, { timeout: 250, filename: 'strategy.js' });
  } catch (e) {
    return fail(`the module failed while loading: ${e instanceof Error ? e.message : String(e)}`);
  }
  const def = module.exports.default as Partial<Strategy<ParamSpecs, unknown>> | undefined;
  if (!def || def.kind !== 'quantdesk.strategy') return fail(`the default export must be defineStrategy({ … }) from '${STRATEGY_MODULE}'`);
  if (typeof def.onBar !== 'function') return fail('the strategy needs an onBar(ctx, state) hook');
  try {
    return { ok: true, diagnostics, strategy: strategyInfo(def as Strategy<ParamSpecs, unknown>) };
  } catch (e) {
    return fail(`the params declaration is not plain data: ${e instanceof Error ? e.message : String(e)}`);
  }
}
