import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContractCallError } from '../../shared/client';
import { IndicatorComputeResultSchema, IndicatorMetaSchema } from '../../shared/contract';
import { computeIndicator, listIndicators } from '../../engine/indicators';
import { makeCsv, startTestEngine, type TestEngine } from '../support/test-engine';

const T0 = Date.UTC(2024, 0, 1);
const MIN = 60_000;
const ID = 'IND/USDT@csv';

async function expectInvalid(p: Promise<unknown>): Promise<ContractCallError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ContractCallError);
  expect((e as ContractCallError).code).toBe('INVALID_INPUT');
  return e as ContractCallError;
}

/** The CSV's columns, as the store returns them (values survive the import to the bit). */
function columnsOf(csv: string, from = 0, to = Infinity) {
  const rows = csv.trim().split('\n').slice(1).map((l) => l.split(',').map(Number)).filter((r) => r[0] >= from && r[0] < to);
  const col = (k: number) => Float64Array.from(rows.map((r) => r[k]));
  return { ts: col(0), open: col(1), high: col(2), low: col(3), close: col(4), volume: col(5) };
}

const asNumbers = (v: (number | null)[]) => v.map((x) => (x === null ? NaN : x));

// The pool runs the computation (poolThreads 1): the columns cross to a worker thread and back.
describe('indicators.* over the in-process transport', () => {
  let t: TestEngine;
  const csv = makeCsv(600, { seed: 11 });
  beforeAll(async () => {
    t = await startTestEngine('in-process', { poolThreads: 1 });
    await t.client.job('data.import', { source: { kind: 'content', name: 'ind.csv', content: csv }, symbol: 'IND/USDT', timeframe: '1m' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('lists every indicator with its metadata', async () => {
    const list = (await t.client.call('indicators.list', {})).map((m) => IndicatorMetaSchema.parse(m));
    expect(list.map((m) => m.name)).toEqual(listIndicators().map((m) => m.name));
    expect(list.length).toBeGreaterThanOrEqual(63);
    const rsi = list.find((m) => m.name === 'RSI')!;
    expect(rsi).toMatchObject({ display: 'pane', range: [0, 100] });
    expect(rsi.params.find((p) => p.name === 'period')).toMatchObject({ type: 'int', default: 14 });
    const ichi = list.find((m) => m.name === 'ICHIMOKU')!;
    expect(ichi.outputs.find((o) => o.name === 'spanA')?.plotShift).toBe(26);
  });

  it('computes SMA and BBANDS aligned to the bars, equal to the library on the same bars', async () => {
    const from = T0 + 100 * MIN;
    const to = T0 + 400 * MIN;
    const cols = columnsOf(csv, from, to);
    const sma = IndicatorComputeResultSchema.parse(await t.client.call('indicators.compute', { instrumentId: ID, timeframe: '1m', from, to, name: 'SMA', params: { period: 20 } }));
    expect(sma.ts).toEqual(Array.from(cols.ts));
    expect(sma).toMatchObject({ name: 'SMA', display: 'overlay', warmup: 19, params: { period: 20, source: 'close' } });
    const want = computeIndicator('SMA', cols, { period: 20 }).value;
    expect(sma.outputs).toHaveLength(1);
    expect(sma.outputs[0].values.slice(0, 19)).toEqual(new Array(19).fill(null));
    expect(asNumbers(sma.outputs[0].values)).toEqual(Array.from(want));

    const bb = IndicatorComputeResultSchema.parse(await t.client.call('indicators.compute', { instrumentId: ID, timeframe: '1m', from, to, name: 'BBANDS', params: { period: 10, nbdevUp: 1.5 } }));
    const lib = computeIndicator('BBANDS', cols, { period: 10, nbdevUp: 1.5 });
    for (const o of bb.outputs) expect(asNumbers(o.values)).toEqual(Array.from(lib[o.name]));
  });

  it('returns the latest bars, RSI in its range, Ichimoku shifts by kijun and ZigZag flags its repainting leg', async () => {
    const all = columnsOf(csv);
    const rsi = IndicatorComputeResultSchema.parse(await t.client.call('indicators.compute', { instrumentId: ID, timeframe: '1m', limit: 200, latest: true, name: 'RSI', params: {} }));
    expect(rsi.ts[199]).toBe(T0 + 599 * MIN);
    expect(rsi.range).toEqual([0, 100]);
    const want = computeIndicator('RSI', { close: all.close.slice(400) }, { period: 14 }).value;
    expect(asNumbers(rsi.outputs[0].values)).toEqual(Array.from(want));

    const ichi = IndicatorComputeResultSchema.parse(await t.client.call('indicators.compute', { instrumentId: ID, timeframe: '1m', name: 'ICHIMOKU', params: { kijun: 30 } }));
    expect(Object.fromEntries(ichi.outputs.map((o) => [o.name, o.plotShift]))).toEqual({ tenkan: 0, kijun: 0, spanA: 30, spanB: 30, chikou: -30 });
    const zz = IndicatorComputeResultSchema.parse(await t.client.call('indicators.compute', { instrumentId: ID, timeframe: '1m', name: 'ZIGZAG', params: { deviation: 1 } }));
    expect(zz.outputs.filter((o) => o.repaints).map((o) => o.name)).toEqual(['extreme', 'extremeBar']);
    const lib = computeIndicator('ZIGZAG', all, { deviation: 1 });
    expect(asNumbers(zz.outputs.find((o) => o.name === 'pivot')!.values)).toEqual(Array.from(lib.pivot));
  });

  it('refuses bad params, unknown indicators and malformed input with INVALID_INPUT; the engine keeps serving', async () => {
    const base = { instrumentId: ID, timeframe: '1m' } as const;
    const e = await expectInvalid(t.client.call('indicators.compute', { ...base, name: 'SMA', params: { period: 0 } }));
    expect(e.message).toMatch(/period/);
    await expectInvalid(t.client.call('indicators.compute', { ...base, name: 'SMA', params: { period: 2.5 } }));
    await expectInvalid(t.client.call('indicators.compute', { ...base, name: 'SMA', params: { length: 5 } }));
    await expectInvalid(t.client.call('indicators.compute', { ...base, name: 'SMA', params: { source: 'typical' } }));
    await expectInvalid(t.client.call('indicators.compute', { ...base, name: 'NOPE', params: {} }));
    await expectInvalid(t.client.call('indicators.compute', { ...base, name: 'sma', params: {} }));
    await expectInvalid(t.client.call('indicators.compute', { ...base, name: 'SMA', params: { period: { x: 1 } } } as never));
    const ok = await t.client.call('indicators.compute', { ...base, name: 'CCI', params: {} });
    expect(ok.ts).toHaveLength(600);
  });

  it('answers an empty series with empty outputs', async () => {
    const r = await t.client.call('indicators.compute', { instrumentId: 'NONE/USDT@csv', timeframe: '1m', name: 'MACD', params: {} });
    expect(r.ts).toEqual([]);
    expect(r.outputs.map((o) => o.values)).toEqual([[], [], []]);
  });
});
