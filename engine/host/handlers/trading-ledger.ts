import type { DailyPnlRowDto, LedgerRowDto } from '../../../shared/contract/trading';
import type { InstrumentId } from '../../../shared/ids';
import { refuseExchangeTransfer, transferPaper } from '../../live/paper-transfer';
import { TradingJournal } from '../../store/trading-journal';
import { DAY_MS, dayStart, snapshotOfDay, withDayChange } from '../../trading/daily-pnl';
import { Decimal } from '../../trading/decimal';
import { accountId } from '../../trading/identifiers';
import type { LedgerEntry } from '../../trading/ledger';
import type { DailyPnlRow } from '../../trading/portfolio';
import type { CallHandler } from '../handler-types';
import { tradingOf } from './trading';

type Methods = 'accounts.transfer' | 'trading.ledger' | 'trading.dailyPnl';

export const tradingLedgerHandlers: { [K in Methods]: CallHandler<K> } = {
  'accounts.transfer': async (i, { services: s }) => {
    const t = tradingOf(s);
    // refused before the runtime opens: an exchange account is not connected just to say no
    refuseExchangeTransfer(t.account(i.accountId));
    const r = await transferPaper(await t.runtime(i.accountId), { currency: i.currency, amount: Decimal.parse(i.amount), direction: i.direction, ref: i.ref }, s.clock.now());
    s.events.publish('trading.balances', { accountId: i.accountId });
    const b = r.balance;
    return { booked: r.booked, entry: ledgerDto(r.entry), balance: { currency: b.currency, total: b.total.normalize().toPlainString(), reserved: b.reserved.normalize().toPlainString(), free: b.free.normalize().toPlainString() } };
  },

  'trading.ledger': (i, { services: s }) => {
    const t = tradingOf(s);
    const a = t.account(i.accountId);
    return new TradingJournal(s.stores.journalDb, () => s.clock.now()).ledgerPage(a.id, { currency: i.currency, limit: i.limit }).map(ledgerDto);
  },

  'trading.dailyPnl': async (i, { services: s }) => {
    const t = tradingOf(s);
    const a = t.account(i.accountId);
    const j = new TradingJournal(s.stores.journalDb, () => s.clock.now());
    const from = i.from ?? 0;
    const to = i.to ?? Number.MAX_SAFE_INTEGER;
    const today = dayStart(s.clock.now());
    // one day before the range: each row's change is counted from the day before it
    const stored = j.dailyPnl(a.id, Math.max(0, from - DAY_MS), Math.min(to, today)).map((r) => ({ ...r, final: true }));
    const rows: Array<DailyPnlRow & { final: boolean }> = [...stored];
    if (to > today) {
      // today so far, marked with the last price an open paper venue saw (no mark → unrealised unknown)
      const rt = (await t.openRuntimes().catch(() => [])).find((x) => x.accountId === a.id);
      const mark = (id: InstrumentId) => {
        const last = rt?.broker.lastPrice?.(id);
        return last === undefined ? undefined : Decimal.fromNumber(last);
      };
      rows.push(...snapshotOfDay(j.loadFills(accountId(a.id)), today, mark).map((r) => ({ ...r, final: false })));
    }
    return withDayChange(rows)
      .filter((r) => r.day >= from)
      .map((r): DailyPnlRowDto => ({
        day: r.day,
        final: r.final,
        strategyId: r.strategyId,
        instrumentId: r.instrumentId,
        quantity: r.quantity.normalize().toPlainString(),
        avgPrice: r.avgPrice.normalize().toPlainString(),
        mark: r.mark?.normalize().toPlainString() ?? null,
        realizedPnl: r.realizedPnl.normalize().toPlainString(),
        unrealizedPnl: r.unrealizedPnl?.normalize().toPlainString() ?? null,
        fees: r.fees.normalize().toPlainString(),
        dayPnl: r.dayPnl?.normalize().toPlainString() ?? null,
      }));
  },
};

function ledgerDto(e: LedgerEntry): LedgerRowDto {
  return { currency: e.currency, amount: e.amount.normalize().toPlainString(), kind: e.kind, ref: e.ref, strategyId: e.strategyId, instrumentId: e.instrumentId, tsEvent: e.tsEvent };
}
