import { describe, expect, it } from 'vitest';
import { ContractCallError, createClient } from './client';
import type { ClientMessage, ServerMessage } from './contract/envelope';
import type { Transport } from './transport';

/** A transport whose host side the test plays by hand. */
function fakeTransport() {
  const sent: ClientMessage[] = [];
  let deliver: (m: ServerMessage) => void = () => {};
  let closeHandler: (r: string) => void = () => {};
  const transport: Transport = {
    send: (m) => sent.push(m),
    onMessage: (h) => {
      deliver = h;
      return () => {};
    },
    onClose: (h) => {
      closeHandler = h;
      return () => {};
    },
  };
  return { transport, sent, host: (m: ServerMessage) => deliver(m), drop: (r: string) => closeHandler(r) };
}

describe('createClient', () => {
  it('matches replies to calls by id, in any order', async () => {
    const t = fakeTransport();
    const c = createClient(t.transport);
    const a = c.call('data.instruments', {});
    const b = c.call('system.info', {});
    const [ra, rb] = t.sent as { id: number; method: string }[];
    expect([ra.method, rb.method]).toEqual(['data.instruments', 'system.info']);
    t.host({ id: rb.id, ok: true, value: 'B' });
    t.host({ id: ra.id, ok: true, value: 'A' });
    expect(await a).toBe('A');
    expect(await b).toBe('B');
  });

  it('turns error replies into ContractCallError with code and details', async () => {
    const t = fakeTransport();
    const c = createClient(t.transport);
    const p = c.call('data.bars', { instrumentId: 'X@csv' as never, timeframe: '1m' });
    t.host({ id: (t.sent[0] as { id: number }).id, ok: false, error: { code: 'INVALID_INPUT', message: 'bad', details: { issues: [] } } });
    await expect(p).rejects.toMatchObject({ name: 'ContractCallError', code: 'INVALID_INPUT', message: 'bad', details: { issues: [] } });
  });

  it('runs a job: id, progress, result — even when events arrive in the same tick as the reply', async () => {
    const t = fakeTransport();
    const c = createClient(t.transport);
    const progress: number[] = [];
    const p = c.job('data.import', { source: { kind: 'content', name: 'a', content: '' }, symbol: 'S', timeframe: '1m' }, { onProgress: (e) => progress.push(e.done) });
    const id = (t.sent[0] as { id: number }).id;
    t.host({ id, ok: true, value: { jobId: 'job_1' } });
    t.host({ topic: 'job.progress', seq: 0, payload: { jobId: 'job_1', method: 'data.import', phase: 'parse', done: 5, total: 10 } });
    t.host({ topic: 'job.finished', seq: 1, payload: { jobId: 'job_1', method: 'data.import', ok: true, result: { bars: 3 } } });
    expect(await p).toEqual({ bars: 3 });
    expect(progress).toEqual([5]);
  });

  it('a failed job rejects with its error; the proxy runs jobs the same way', async () => {
    const t = fakeTransport();
    const c = createClient(t.transport);
    const p = c.api.data.import({ source: { kind: 'content', name: 'a', content: '' }, symbol: 'S', timeframe: '1m' });
    t.host({ id: (t.sent[0] as { id: number }).id, ok: true, value: { jobId: 'job_2' } });
    t.host({ topic: 'job.finished', seq: 0, payload: { jobId: 'job_2', method: 'data.import', ok: false, error: { code: 'BAD_DATA', message: 'line 3: high < low' } } });
    await expect(p).rejects.toMatchObject({ code: 'BAD_DATA' });
  });

  it('aborting a call sends a cancel envelope for its id', async () => {
    const t = fakeTransport();
    const c = createClient(t.transport);
    const ac = new AbortController();
    const p = c.call('data.instruments', {}, { signal: ac.signal });
    ac.abort();
    const id = (t.sent[0] as { id: number }).id;
    expect(t.sent[1]).toEqual({ id, cancel: true });
    t.host({ id, ok: false, error: { code: 'CANCELLED', message: 'cancelled' } });
    await expect(p).rejects.toMatchObject({ code: 'CANCELLED' });
  });

  it('fails pending calls with UNAVAILABLE when the transport closes, and refuses new ones', async () => {
    const t = fakeTransport();
    const c = createClient(t.transport);
    const p = c.call('system.info', {});
    t.drop('socket closed');
    await expect(p).rejects.toBeInstanceOf(ContractCallError);
    await expect(p).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    await expect(c.call('system.info', {})).rejects.toMatchObject({ code: 'UNAVAILABLE' });
  });

  it('delivers events to subscribers with their sequence number until unsubscribed', () => {
    const t = fakeTransport();
    const c = createClient(t.transport);
    const seen: [string, number][] = [];
    const off = c.on('data.changed', (p, seq) => seen.push([p.instrumentId, seq]));
    t.host({ topic: 'data.changed', seq: 4, payload: { instrumentId: 'A@csv', timeframe: '1m', reason: 'import' } });
    off();
    t.host({ topic: 'data.changed', seq: 5, payload: { instrumentId: 'B@csv', timeframe: '1m', reason: 'import' } });
    expect(seen).toEqual([['A@csv', 4]]);
  });
});
