import type { StrategyInfo, Template } from '../../shared/contract/strategies';
import type { ParamSpecs, Strategy } from '../strategy/api';
import { BUILTIN_STRATEGIES } from '../strategy/builtins';
import { EngineError } from '../core/errors';
import { TEMPLATE_SOURCES } from './templates.generated';

/** The first template a new strategy starts from. */
export const DEFAULT_TEMPLATE = 'sma-cross';

/** What a strategy declares, as the contract sends it. */
export function strategyInfo(s: Strategy<ParamSpecs, unknown>): StrategyInfo {
  return {
    id: s.id,
    name: s.name,
    description: s.description ?? null,
    params: JSON.parse(JSON.stringify(s.params ?? {})) as StrategyInfo['params'],
    timeframes: [...(s.timeframes ?? [])],
    symbols: [...(s.symbols ?? [])],
  };
}

/** The built-in strategies with their sources (generated from engine/strategy/builtins). */
export function listTemplates(): Template[] {
  return Object.entries(BUILTIN_STRATEGIES).map(([id, s]) => {
    const source = TEMPLATE_SOURCES[id];
    if (source === undefined) throw new EngineError('INTERNAL', `template ${id} has no source (run scripts/emit-strategy-dts.mjs)`);
    return { ...strategyInfo(s as Strategy<ParamSpecs, unknown>), source };
  });
}

export function getTemplate(id: string): Template {
  const t = listTemplates().find((x) => x.id === id);
  if (!t) throw new EngineError('NOT_FOUND', `no template ${id}`, { id, templates: Object.keys(BUILTIN_STRATEGIES) });
  return t;
}
