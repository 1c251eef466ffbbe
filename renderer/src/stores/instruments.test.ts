import { describe, expect, it } from 'vitest';
import type { Client } from '../../../shared/client';
import { ContractCallError } from '../../../shared/client';
import type { SeriesInfo } from '../../../shared/contract/data';
import { bindInstruments, useInstruments } from './instruments';

const info = (instrumentId: string, timeframe: string) => ({ instrumentId, timeframe, symbol: instrumentId.split('@')[0], venue: instrumentId.split('@')[1] }) as unknown as SeriesInfo;

function fakeClient(answers: (SeriesInfo[] | Error)[]) {
  const handlers = new Map<string, (p: unknown) => void>();
  const client = {
    api: {
      data: {
        instruments: async () => {
          const a = answers.shift();
          if (a instanceof Error) throw a;
          return a ?? [];
        },
      },
    },
    on: (topic: string, h: (p: unknown) => void) => (handlers.set(topic, h), () => handlers.delete(topic)),
  } as unknown as Client;
  return { client, emit: (topic: string, p: unknown) => handlers.get(topic)?.(p) };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('the instruments projection', () => {
  it('loads the list sorted, refreshes on data.changed and bumps that series’ revision', async () => {
    const f = fakeClient([[info('ETH/USDT@sample', '1h'), info('BTC/USDT@sample', '1h')], [info('BTC/USDT@sample', '1h')]]);
    const off = bindInstruments(f.client);
    await settle();
    expect(useInstruments.getState().series.map((s) => s.instrumentId)).toEqual(['BTC/USDT@sample', 'ETH/USDT@sample']);
    expect(useInstruments.getState().status).toBe('ready');
    f.emit('data.changed', { instrumentId: 'ETH/USDT@sample', timeframe: '1h', reason: 'delete' });
    await settle();
    expect(useInstruments.getState().series).toHaveLength(1);
    expect(useInstruments.getState().revisions).toEqual({ 'ETH/USDT@sample|1h': 1 });
    off();
  });

  it('keeps the error to show it where the list is', async () => {
    const f = fakeClient([new ContractCallError('UNAVAILABLE', 'connection to the engine closed')]);
    bindInstruments(f.client);
    await settle();
    expect(useInstruments.getState()).toMatchObject({ status: 'error', error: { code: 'UNAVAILABLE', message: 'connection to the engine closed' } });
  });
});
