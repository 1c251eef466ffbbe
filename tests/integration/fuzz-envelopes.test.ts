import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ERROR_CODES, methods, ReplyEnvelopeSchema, type ReplyEnvelope } from '../../shared/contract';
import { startTestEngine, type TestEngine } from '../support/test-engine';

// A seeded generator of hostile values: wrong types, deep nesting, huge strings, prototype tricks.
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

function randomValue(r: () => number, depth = 0): unknown {
  const k = Math.floor(r() * (depth > 3 ? 8 : 12));
  switch (k) {
    case 0: return null;
    case 1: return undefined;
    case 2: return r() < 0.5;
    case 3: return [0, -1, 1e308, -0, 2 ** 53 + 1, NaN, Infinity, 1.5][Math.floor(r() * 8)];
    case 4: return ['', 'x'.repeat(Math.floor(r() * 5000)), '__proto__', 'constructor', '\u0000', 'BTC/USDT@csv', '1m', 'job_1'][Math.floor(r() * 8)];
    case 5: return Math.floor(r() * 1e9);
    case 6: return 'data.bars';
    case 7: return { toString: 'x' };
    case 8: return Array.from({ length: Math.floor(r() * 5) }, () => randomValue(r, depth + 1));
    default: {
      const o: Record<string, unknown> = {};
      const keys = ['id', 'method', 'input', 'cancel', 'source', 'symbol', 'timeframe', 'instrumentId', 'from', 'to', 'limit', '__proto__', 'jobId', 'kind', 'path', 'content'];
      for (let i = 0; i < Math.floor(r() * 6); i++) o[keys[Math.floor(r() * keys.length)]] = randomValue(r, depth + 1);
      return o;
    }
  }
}

function textOf(v: unknown): string {
  return typeof v === 'string' ? v : (JSON.stringify(v) ?? '');
}

const METHOD_NAMES = Object.keys(methods);

/** Envelopes that are close to valid (real method names, random inputs) and ones that are not. */
function randomEnvelope(r: () => number, i: number): unknown {
  const roll = r();
  if (roll < 0.15) return randomValue(r);
  if (roll < 0.25) return { id: randomValue(r), method: randomValue(r), input: randomValue(r) };
  if (roll < 0.3) return { id: i, cancel: randomValue(r) };
  const method = r() < 0.9 ? METHOD_NAMES[Math.floor(r() * METHOD_NAMES.length)] : `x.${i}`;
  // never start real imports from paths: the fuzzer must not read arbitrary files
  const input = randomValue(r);
  if (method === 'data.import' || method === 'data.preview') return { id: i, method, input: { source: { kind: 'content', name: 'f.csv', content: textOf(randomValue(r)) }, symbol: randomValue(r), timeframe: randomValue(r) } };
  return { id: i, method, input };
}

describe('hostile envelopes', () => {
  let t: TestEngine;
  beforeAll(async () => {
    t = await startTestEngine('in-process', { engine: 'inline', poolThreads: 0 });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('5,000 random and malformed envelopes get typed replies and never crash the host', async () => {
    const r = rng(20261121);
    const conn = t.host.connect();
    const replies: ReplyEnvelope[] = [];
    conn.onMessage((m) => {
      if (!('topic' in m)) replies.push(m);
    });
    let expected = 0;
    for (let i = 0; i < 5000; i++) {
      const env = randomEnvelope(r, i);
      const isCancel = typeof env === 'object' && env !== null && (env as { cancel?: unknown }).cancel === true && (typeof (env as { id?: unknown }).id === 'number' || typeof (env as { id?: unknown }).id === 'string');
      if (!isCancel) expected++;
      conn.send(env);
    }
    await expect.poll(() => replies.length, { timeout: 60_000 }).toBeGreaterThanOrEqual(expected);
    for (const reply of replies) {
      expect(ReplyEnvelopeSchema.safeParse(reply).success).toBe(true);
      if (!reply.ok) expect(ERROR_CODES).toContain(reply.error.code);
    }
    // Only well-formed calls can succeed; everything else is an INVALID_INPUT or UNKNOWN_METHOD at the door.
    const codes = new Set(replies.filter((x) => !x.ok).map((x) => (x as { error: { code: string } }).error.code));
    expect([...codes].every((c) => ['INVALID_INPUT', 'UNKNOWN_METHOD', 'CONFLICT', 'NOT_FOUND', 'BAD_DATA', 'CANCELLED'].includes(c))).toBe(true);
    conn.close();
    // still serving
    expect((await t.client.call('system.info', {})).app).toBe('quantdesk');
  });
});

describe('hostile frames over the WebSocket', () => {
  let t: TestEngine;
  beforeAll(async () => {
    t = await startTestEngine('websocket', { engine: 'worker' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers non-JSON, binary and random frames with typed errors and keeps the socket open', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${t.server!.port}/ws?token=${t.server!.token}`);
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    const replies: unknown[] = [];
    ws.on('message', (d) => replies.push(JSON.parse(d.toString())));
    const r = rng(7);
    const frames: (string | Buffer)[] = ['not json', '{"id":', Buffer.from([1, 2, 3]), 'null', '[]', '"str"', '{"id":1}', '{"id":"a","method":"system.info","input":[]}'];
    for (let i = 0; i < 500; i++) frames.push(JSON.stringify(randomEnvelope(r, 1000 + i)) ?? 'null');
    for (const f of frames) ws.send(f);
    ws.send(JSON.stringify({ id: 'final', method: 'system.info', input: {} }));
    await expect.poll(() => replies.some((x) => (x as { id?: unknown }).id === 'final'), { timeout: 60_000 }).toBe(true);
    for (const reply of replies) expect(ReplyEnvelopeSchema.safeParse(reply).success || 'topic' in (reply as object)).toBe(true);
    expect(replies.filter((x) => (x as { id: unknown }).id === null).length).toBeGreaterThanOrEqual(3);
    expect(ws.readyState).toBe(WebSocket.OPEN);
    ws.close();
  });
});
