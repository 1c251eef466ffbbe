import { randomUUID } from 'node:crypto';
import { EngineError } from '../../core/errors';
import { openExchange } from '../../data/ccxt/open-exchange';
import { startRecorder } from '../../data/recorder/recorder';
import { marketDataRepos } from '../../store/market-data-repos';
import type { Handlers } from '../handler-types';
import { recordingsOf, type RunningRecording } from './live-services';

const info = (r: RunningRecording) => ({ recordingId: r.recordingId, instrumentIds: r.recorder.instruments, counts: r.recorder.counts(), startedAt: r.startedAt });

export const recorderHandlers: Pick<Handlers, 'recorder.start' | 'recorder.stop' | 'recorder.list' | 'recorder.stored' | 'recorder.events'> = {
  'recorder.start': async (input, { services }) => {
    const ex = await openExchange({ exchange: input.exchange, ...(input.baseUrl ? { baseUrl: input.baseUrl } : {}) });
    const repo = marketDataRepos(services.stores).recordings;
    const recorder = startRecorder({
      exchange: ex,
      symbols: input.symbols,
      kinds: { ...(input.bars ? { bars: input.bars } : {}), trades: input.trades, book: input.book },
      depth: input.depth,
      append: (events) => repo.append(events),
      now: () => services.clock.now(),
      onError: (message) => services.log.info('recorder', { exchange: ex.id, message }),
    });
    const r: RunningRecording = { recordingId: `rec_${randomUUID().slice(0, 8)}`, recorder, startedAt: services.clock.now() };
    recordingsOf(services).set(r.recordingId, r);
    return info(r);
  },

  'recorder.stop': async (input, { services }) => {
    const running = recordingsOf(services);
    const r = running.get(input.recordingId);
    if (!r) throw new EngineError('NOT_FOUND', `no recording ${input.recordingId} is running`);
    running.delete(input.recordingId);
    await r.recorder.stop();
    return info(r);
  },

  'recorder.list': (_input, { services }) => [...recordingsOf(services).values()].map(info),

  'recorder.stored': (_input, { services }) => marketDataRepos(services.stores).recordings.summary(),

  'recorder.events': (input, { services }) =>
    marketDataRepos(services.stores)
      .recordings.read({
        instrumentId: input.instrumentId,
        kind: input.kind,
        limit: input.limit,
        ...(input.from !== undefined ? { from: input.from } : {}),
        ...(input.to !== undefined ? { to: input.to } : {}),
      })
      .map((e) => ({ tsEvent: e.tsEvent, tsInit: e.tsInit, payload: e.payload })),
};
