import { STRATEGY_API_VERSION } from '../strategy/api';

/** The name user code imports the strategy API by: `import { defineStrategy } from 'quantdesk'`. */
export const API_MODULE = 'quantdesk';

/**
 * The runtime half of `engine/strategy/api.ts` (its types vanish when compiled), as source text
 * bundled into every compiled strategy, so the output needs nothing from outside its sandbox.
 * A unit test checks that it builds the same object as the engine's `defineStrategy`.
 */
export const API_MODULE_SOURCE = `
export const STRATEGY_API_VERSION = ${STRATEGY_API_VERSION};
export function defineStrategy(definition) {
  return Object.freeze({ ...definition, apiVersion: definition.apiVersion ?? STRATEGY_API_VERSION, kind: 'quantdesk.strategy' });
}
`;
