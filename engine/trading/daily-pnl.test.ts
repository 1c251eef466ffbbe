import { describe, expect, it } from 'vitest';
import { instrumentId } from '../../shared/ids';
import { DAY_MS, daysToSnapshot, MAX_CATCH_UP_DAYS, snapshotOfDay, withDayChange } from './daily-pnl';
import { dec } from './decimal';
import { accountId, strategyId, tradeId } from './identifiers';
import type { PortfolioFill } from './portfolio';

const ACC = accountId('paper-1');
const S = strategyId('sma');
const BTC = instrumentId('BTC/USDT', 'binance');
const D0 = Date.UTC(2026, 0, 5);
const D1 = D0 + DAY_MS;
const D2 = D1 + DAY_MS;

const fill = (id: string, side: 'buy' | 'sell', qty: string, px: string, fee: string, ts: number): PortfolioFill => ({
  accountId: ACC,
  strategyId: S,
  instrumentId: BTC,
  side,
  quantity: dec(qty),
  price: dec(px),
  fee: dec(fee),
  feeCurrency: 'USDT',
  tradeId: tradeId(id),
  tsEvent: ts,
  tsInit: ts,
});
// buy 1 @ 100 on day 0; sell 0.5 @ 120 on day 1; buy 2 @ 90 on day 2 (after the days in question)
const FILLS = [fill('T1', 'buy', '1', '100', '0.1', D0 + 3_600_000), fill('T2', 'sell', '0.5', '120', '0.06', D1 + 7_200_000), fill('T3', 'buy', '2', '90', '0.18', D2 + 60_000)];

describe('daysToSnapshot', () => {
  it('from the first fill day up to yesterday, then from the day after the last recorded', () => {
    expect(daysToSnapshot(null, D0 + 3_600_000, D2 + 5 * 3_600_000)).toEqual([D0, D1]);
    expect(daysToSnapshot(D0, D0 + 3_600_000, D2 + 5 * 3_600_000)).toEqual([D1]);
    expect(daysToSnapshot(D1, D0, D2 + 5 * 3_600_000)).toEqual([]);
    // midnight exactly: the day that just ended is closed
    expect(daysToSnapshot(D0, D0, D2)).toEqual([D1]);
    // one millisecond before midnight: still open
    expect(daysToSnapshot(D0, D0, D2 - 1)).toEqual([]);
  });

  it('nothing without a fill; at most a year back', () => {
    expect(daysToSnapshot(null, null, D2)).toEqual([]);
    const days = daysToSnapshot(null, D0, D0 + 400 * DAY_MS + 1);
    expect(days).toHaveLength(MAX_CATCH_UP_DAYS);
    expect(days.at(-1)).toBe(D0 + 399 * DAY_MS);
  });
});

describe('snapshotOfDay', () => {
  it("rebuilds the positions at the day's close from the fills before it", () => {
    // day 0: long 1 @ 100, mark 110 → unrealised 10; fees 0.1
    const [r0] = snapshotOfDay(FILLS, D0, () => dec('110'));
    expect(r0).toMatchObject({ day: D0, strategyId: S, instrumentId: BTC });
    expect([r0.quantity, r0.avgPrice, r0.realizedPnl, r0.unrealizedPnl!, r0.fees].map((d) => d.toPlainString())).toEqual(['1', '100', '0', '10', '0.1']);
    // day 1: sold 0.5 @ 120 → realised (120 − 100) × 0.5 = 10; 0.5 left, mark 130 → unrealised 15; fees 0.16 (the day-2 buy is not in it)
    const [r1] = snapshotOfDay(FILLS, D1, () => dec('130'));
    expect([r1.quantity, r1.avgPrice, r1.realizedPnl, r1.unrealizedPnl!, r1.fees].map((d) => d.toPlainString())).toEqual(['0.5', '100', '10', '15', '0.16']);
  });

  it('no mark → unrealised null; no fills before the day → no rows', () => {
    expect(snapshotOfDay(FILLS, D0, () => undefined)[0].unrealizedPnl).toBeNull();
    expect(snapshotOfDay(FILLS, D0 - DAY_MS, () => dec('1'))).toEqual([]);
  });
});

describe('withDayChange', () => {
  it('net PnL change per position since its previous row', () => {
    const rows = [...snapshotOfDay(FILLS, D1, () => dec('130')), ...snapshotOfDay(FILLS, D0, () => dec('110'))];
    const out = withDayChange(rows);
    expect(out.map((r) => r.day)).toEqual([D0, D1]);
    // day 0: 0 + 10 − 0.1 = 9.9 (from zero); day 1: 10 + 15 − 0.16 = 24.84 → +14.94
    expect(out.map((r) => r.dayPnl!.toPlainString())).toEqual(['9.9', '14.94']);
  });

  it('unknown when either day had no mark', () => {
    const out = withDayChange([...snapshotOfDay(FILLS, D0, () => undefined), ...snapshotOfDay(FILLS, D1, () => dec('130')), ...snapshotOfDay(FILLS, D2, () => dec('95'))]);
    expect(out[0].dayPnl).toBeNull();
    expect(out[1].dayPnl).toBeNull();
    // day 2: realised 10, long 2.5 @ avg (0.5·100 + 2·90)/2.5 = 92, mark 95 → unrealised 7.5, fees 0.34 → 17.16; 17.16 − 24.84 = −7.68
    expect(out[2].dayPnl!.toPlainString()).toBe('-7.68');
  });
});
