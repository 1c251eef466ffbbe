import { describe, expect, it } from 'vitest';
import { defineStrategy, STRATEGY_API_VERSION } from './api';
import { paramGrid, resolveParams } from './params';

const specs = {
  fast: { type: 'int', default: 10, min: 2, max: 50, step: 4 },
  width: { type: 'float', default: 2, min: 1, max: 2, step: 0.25 },
  short: { type: 'bool', default: false },
  mode: { type: 'enum', default: 'close', options: ['close', 'hl2'] },
} as const;

describe('params', () => {
  it('defaults, overridden by what is given', () => {
    expect(resolveParams(specs, { fast: 12, mode: 'hl2' })).toEqual({ fast: 12, width: 2, short: false, mode: 'hl2' });
  });
  it('refuses unknown names, wrong types and values out of range', () => {
    for (const bad of [{ slow: 1 }, { fast: 1 }, { fast: 10.5 }, { width: '2' }, { short: 1 }, { mode: 'open' }, { fast: NaN }]) {
      expect(() => resolveParams(specs, bad)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    }
  });
  it('grids for the optimiser', () => {
    expect(paramGrid(specs.fast)).toEqual([2, 6, 10, 14, 18, 22, 26, 30, 34, 38, 42, 46, 50]);
    expect(paramGrid(specs.width)).toEqual([1, 1.25, 1.5, 1.75, 2]);
    expect(paramGrid(specs.short)).toEqual([false, true]);
    expect(paramGrid(specs.mode)).toEqual(['close', 'hl2']);
  });
  it('defineStrategy stamps the API version and freezes the definition', () => {
    const s = defineStrategy({ id: 'x', name: 'x', params: specs, onBar: (ctx) => void ctx.params.fast });
    expect(s.apiVersion).toBe(STRATEGY_API_VERSION);
    expect(s.kind).toBe('quantdesk.strategy');
    expect(Object.isFrozen(s)).toBe(true);
  });
});
