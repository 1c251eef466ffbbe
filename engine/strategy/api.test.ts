import { describe, expectTypeOf, it } from 'vitest';
import type { Timeframe as ContractTimeframe } from '../../shared/timeframe';
import type { ParamValues, Timeframe } from './api';

describe('the public strategy API types', () => {
  it('Timeframe is the contract Timeframe', () => {
    expectTypeOf<Timeframe>().toEqualTypeOf<ContractTimeframe>();
    // @ts-expect-error a timeframe the contract does not know
    expectTypeOf<Timeframe | "2m">().toEqualTypeOf<ContractTimeframe>();
  });
  it('params infer their value types', () => {
    type P = ParamValues<{ n: { type: 'int'; default: 1 }; on: { type: 'bool'; default: true }; m: { type: 'enum'; default: 'a'; options: readonly ['a', 'b'] } }>;
    expectTypeOf<P>().toEqualTypeOf<{ readonly n: number; readonly on: boolean; readonly m: 'a' | 'b' }>();
  });
});
