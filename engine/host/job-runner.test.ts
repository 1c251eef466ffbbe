import { describe, expect, it } from 'vitest';
import { ManualClock } from '../core/clock';
import { EngineError } from '../core/errors';
import { JobRunner } from './job-runner';

function collect() {
  const events: { topic: string; payload: any }[] = [];
  return { events, publish: (topic: string, payload: unknown) => events.push({ topic, payload }) };
}
const finished = (events: { topic: string; payload: any }[]) => events.find((e) => e.topic === 'job.finished')?.payload;
const settle = () => new Promise((r) => setTimeout(r, 5));

describe('JobRunner', () => {
  it('publishes throttled progress (phase changes and the last step always) and one finish', async () => {
    const { events, publish } = collect();
    const clock = new ManualClock(1000);
    const runner = new JobRunner(publish, clock);
    runner.start('data.import', async ({ progress }) => {
      progress('parse', 0, 10);
      progress('parse', 1, 10); // same phase, no time passed: dropped
      clock.advance(60);
      progress('parse', 2, 10);
      progress('parse', 10, 10); // last step: always
      progress('write', 0, 1); // new phase: always
      return 42;
    });
    await settle();
    expect(events.filter((e) => e.topic === 'job.progress').map((e) => `${e.payload.phase}:${e.payload.done}`)).toEqual(['parse:0', 'parse:2', 'parse:10', 'write:0']);
    expect(finished(events)).toMatchObject({ ok: true, result: 42 });
    expect(runner.list()[0]).toMatchObject({ status: 'succeeded', method: 'data.import' });
  });

  it('maps failures to contract errors without leaking unknown messages', async () => {
    const { events, publish } = collect();
    const runner = new JobRunner(publish, new ManualClock());
    runner.start('a', async () => {
      throw new EngineError('BAD_DATA', 'line 3: high < low', { problems: [{ line: 3 }] });
    });
    runner.start('b', async () => {
      throw new Error('connect ECONNREFUSED https://api.example?apiKey=SECRET');
    });
    await settle();
    const fin = events.filter((e) => e.topic === 'job.finished').map((e) => e.payload);
    expect(fin[0].error).toEqual({ code: 'BAD_DATA', message: 'line 3: high < low', details: { problems: [{ line: 3 }] } });
    expect(fin[1].error).toEqual({ code: 'INTERNAL', message: 'internal error (see the engine log)' });
  });

  it('cancels a running job through its signal', async () => {
    const { events, publish } = collect();
    const runner = new JobRunner(publish, new ManualClock());
    const id = runner.start('slow', (ctx) => new Promise((_resolve, reject) => ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason))));
    await settle();
    expect(runner.cancel(id)).toBe(true);
    await settle();
    expect(finished(events)).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    expect(runner.cancel(id)).toBe(false);
    expect(runner.list('cancelled')).toHaveLength(1);
  });
});
