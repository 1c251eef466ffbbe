import type { ISeriesApi, UTCTimestamp } from 'lightweight-charts';
import { useEffect, type RefObject } from 'react';
import type { SeriesInfo } from '../../../../shared/contract/data';
import { VENUE_CSV } from '../../../../shared/ids';
import { client } from '../../api/client';
import { CHART_COLORS } from './chart-theme';
import type { Theme } from '../../stores/settings';
import { useWatchlist } from './watchlist-store';

interface Parts {
  candles: ISeriesApi<'Candlestick'>;
  volume: ISeriesApi<'Histogram'>;
}

/**
 * Moves the chart's last bar with the live feed when the series comes from an exchange: subscribes
 * `feed.subscribeBars` (with the watchlist's base URL for that instrument, if any) and applies each
 * `feed.bar` of this series. Series from files have no feed; the subscription is then refused and
 * the chart stays as stored.
 */
export function useLiveBar(series: SeriesInfo, partsRef: RefObject<Parts | null>, themeRef: RefObject<Theme>): void {
  const baseUrl = useWatchlist((s) => s.items.find((i) => i.instrumentId === series.instrumentId)?.baseUrl ?? null);
  useEffect(() => {
    if (series.venue === VENUE_CSV || series.synthetic) return;
    let streamId: string | null = null;
    let alive = true;
    let lastTime = 0;
    const c = client();
    const off = c.on('feed.bar', (b) => {
      const parts = partsRef.current;
      if (!parts || b.instrumentId !== series.instrumentId || b.timeframe !== series.timeframe) return;
      const time = (b.ts / 1000) as UTCTimestamp;
      if (time < lastTime) return; // lightweight-charts only updates the last bar or appends
      lastTime = time;
      const colors = CHART_COLORS[themeRef.current ?? 'dark'];
      try {
        parts.candles.update({ time, open: b.open, high: b.high, low: b.low, close: b.close });
        parts.volume.update({ time, value: b.volume, color: b.close >= b.open ? colors.upVolume : colors.downVolume });
      } catch {
        // older than the chart's last bar (history still loading): the next update catches up
      }
    });
    c.api.feed
      .subscribeBars({ exchange: series.venue, symbol: series.symbol, timeframe: series.timeframe, ...(baseUrl ? { baseUrl } : {}) })
      .then((s) => {
        if (alive) streamId = s.streamId;
        else void c.api.feed.unsubscribe({ streamId: s.streamId }).catch(() => undefined);
      })
      .catch(() => undefined);
    return () => {
      alive = false;
      off();
      if (streamId) void c.api.feed.unsubscribe({ streamId }).catch(() => undefined);
    };
  }, [series.instrumentId, series.timeframe, series.venue, series.symbol, series.synthetic, baseUrl, partsRef, themeRef]);
}
