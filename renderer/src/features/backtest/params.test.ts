import { describe, expect, it } from 'vitest';
import type { ParamSpecsDto } from '../../../../shared/contract/strategies';
import { changedParams, defaultValues, formatParams, mergeValues, problem } from './params';

const specs: ParamSpecsDto = {
  fast: { type: 'int', default: 10, min: 2, max: 200 },
  size: { type: 'float', default: 0.5, min: 0 },
  long: { type: 'bool', default: true },
  mode: { type: 'enum', default: 'a', options: ['a', 'b'] },
};

describe('params form values', () => {
  it('start at the declared defaults', () => {
    expect(defaultValues(specs)).toEqual({ fast: 10, size: 0.5, long: true, mode: 'a' });
  });

  it('check ranges, integers and options', () => {
    expect(problem(specs.fast, 1)).toEqual({ key: 'outOfRange', min: 2, max: 200 });
    expect(problem(specs.fast, 2.5)).toEqual({ key: 'notInteger' });
    expect(problem(specs.fast, Number.NaN)).toEqual({ key: 'notNumber' });
    expect(problem(specs.size, 1e9)).toBeNull();
    expect(problem(specs.mode, 'c')).toEqual({ key: 'notOption' });
    expect(problem(specs.long, false)).toBeNull();
  });

  it('keep what still fits after the declaration changed', () => {
    const next: ParamSpecsDto = { fast: { type: 'int', default: 10, min: 20, max: 50 }, mode: specs.mode };
    expect(mergeValues(next, { fast: 12, size: 3, mode: 'b' })).toEqual({ fast: 10, mode: 'b' });
  });

  it('list changed params and format them compactly', () => {
    expect(changedParams(specs, { fast: 12, size: 0.5, long: false, mode: 'a' })).toEqual(['fast', 'long']);
    expect(formatParams({ fast: 12, size: 0.1 + 0.2, on: true })).toBe('fast=12 size=0.3 on=true');
  });
});
