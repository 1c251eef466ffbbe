/**
 * Every cash movement is a ledger entry: a signed amount of one currency in one account. A trade
 * gives two entries (the base leg and the quote leg) and a fee a third, so the sum of an account's
 * entries per currency *is* its balance (`balancesFromLedger`), and a balance never changes
 * without a row that says why. The fee row is in the currency the venue took it in: the base (a
 * Binance buy without BNB: the base leg is what was bought, the fee row what was kept back), the
 * quote, or a third currency (BNB) whose balance only that row moves.
 */
import type { InstrumentId } from '../../shared/ids';
import { Decimal } from './decimal';
import type { AccountId, StrategyId } from './identifiers';

export type LedgerKind = 'trade' | 'fee' | 'deposit' | 'withdrawal' | 'funding' | 'adjustment';

export interface LedgerEntry {
  accountId: AccountId;
  /** The strategy a trade or fee is attributed to; null for deposits, withdrawals, adjustments. */
  strategyId: StrategyId | null;
  currency: string;
  /** Signed: + money in, − money out. */
  amount: Decimal;
  kind: LedgerKind;
  /** What caused it: a venue trade id, a transfer id, a reconciliation id. Unique per (account, kind, currency). */
  ref: string;
  instrumentId: InstrumentId | null;
  tsEvent: number;
  tsInit: number;
}

/** Sums entries into balances: account → currency → total. */
export function balancesFromLedger(entries: Iterable<LedgerEntry>): Map<AccountId, Map<string, Decimal>> {
  const out = new Map<AccountId, Map<string, Decimal>>();
  for (const e of entries) {
    let m = out.get(e.accountId);
    if (!m) out.set(e.accountId, (m = new Map()));
    m.set(e.currency, (m.get(e.currency) ?? Decimal.ZERO).add(e.amount));
  }
  return out;
}

/** The identity of an entry, for idempotent appends (the journal's unique key). */
export function ledgerKey(e: Pick<LedgerEntry, 'accountId' | 'kind' | 'currency' | 'ref'>): string {
  return `${e.accountId}\u0000${e.kind}\u0000${e.currency}\u0000${e.ref}`;
}
