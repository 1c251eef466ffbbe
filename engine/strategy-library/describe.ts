import vm from 'node:vm';
import type { CompileResult, Diagnostic } from '../../shared/contract/strategies';
import { compileStrategySources, EXPORTS_GLOBAL, type Diagnostic as CompilerDiagnostic } from '../compiler/compile-strategy';
import { API_MODULE } from '../compiler/api-module';
import { isEngineError } from '../core/errors';
import type { ParamSpecs, Strategy } from '../strategy/api';
import { strategyInfo } from './templates';

const ENTRY = 'strategy.ts';

const atStart = (message: string): Diagnostic => ({ severity: 'error', message, line: 1, column: 1, endLine: 1, endColumn: 2 });

function toDiagnostic(d: CompilerDiagnostic): Diagnostic {
  const line = Math.max(1, d.line);
  return { severity: 'error', message: d.message, line, column: d.column, endLine: line, endColumn: d.column + 1 };
}

/**
 * Compiles an editor's source with the strategy compiler (engine/compiler) and reads what its
 * default export declares by evaluating the bundle in an empty VM context with a short timeout.
 * Declaring a strategy only builds an object; a module that does more at load time (or loops) is
 * reported, not run further. Backtests run user code in the sandboxed workers, never here.
 */
export async function describeSource(source: string): Promise<CompileResult> {
  let code: string;
  try {
    code = (await compileStrategySources(ENTRY, { [ENTRY]: source })).code;
  } catch (e) {
    if (!isEngineError(e)) throw e;
    const diags = (e.details as { diagnostics?: CompilerDiagnostic[] } | undefined)?.diagnostics;
    return { ok: false, diagnostics: diags?.length ? diags.map(toDiagnostic) : [atStart(e.message)], strategy: null };
  }
  const fail = (message: string): CompileResult => ({ ok: false, diagnostics: [atStart(message)], strategy: null });
  const sandbox: Record<string, unknown> = {};
  try {
    vm.runInNewContext(code, sandbox, { timeout: 250, filename: 'strategy.js' });
  } catch (e) {
    return fail(`the module failed while loading: ${e instanceof Error ? e.message : String(e)}`);
  }
  const def = (sandbox[EXPORTS_GLOBAL] as { default?: Partial<Strategy<ParamSpecs, unknown>> } | undefined)?.default;
  if (!def || def.kind !== 'quantdesk.strategy') return fail(`the default export must be defineStrategy({ … }) from '${API_MODULE}'`);
  if (typeof def.onBar !== 'function') return fail('the strategy needs an onBar(ctx, state) hook');
  try {
    return { ok: true, diagnostics: [], strategy: strategyInfo(def as Strategy<ParamSpecs, unknown>) };
  } catch (e) {
    return fail(`the params declaration is not plain data: ${e instanceof Error ? e.message : String(e)}`);
  }
}
