/**
 * Where the order manager writes every applied event before it acts on it. The SQLite
 * implementation is `engine/store/trading-journal.ts`; `MemoryOrderJournal` (which stores the
 * encoded text, so a replay goes through the same codec) serves unit tests and throwaway runs.
 * Every call is synchronous and durable when it returns: "journal, then send" is a plain sequence.
 */
import type { TradeId } from './identifiers';
import type { AccountId } from './identifiers';
import type { Order } from './order';
import type { OrderEvent, OrderFilled } from './order-events';
import { decodeOrderEvent, encodeOrderEvent } from './order-event-codec';

export interface OrderJournal {
  /** Appends an applied event (and the order's new state). Throws if it cannot be made durable. */
  appendOrderEvent(e: OrderEvent, order: Order): void;
  /**
   * Appends a fill event only if its trade id is new for the account (in one transaction); false
   * when the fill was already journaled (a duplicate delivery).
   */
  appendFill(e: OrderFilled, order: Order): boolean;
  /** Every journaled order event of the account, in the order they were appended. */
  loadOrderEvents(accountId: AccountId): OrderEvent[];
  /** An event the state machine refused: kept for the audit, never applied. */
  recordRefusedEvent(e: OrderEvent, reason: string): void;
}

export class MemoryOrderJournal implements OrderJournal {
  readonly rows: { accountId: AccountId; text: string }[] = [];
  readonly refused: { text: string; reason: string }[] = [];
  private readonly trades = new Set<string>();
  /** Test hook: throw on the next append (a full disk, a closed database). */
  failNext: Error | null = null;

  appendOrderEvent(e: OrderEvent): void {
    this.maybeFail();
    this.rows.push({ accountId: e.accountId, text: encodeOrderEvent(e) });
  }
  appendFill(e: OrderFilled): boolean {
    this.maybeFail();
    const key = tradeKey(e.accountId, e.tradeId);
    if (this.trades.has(key)) return false;
    this.trades.add(key);
    this.rows.push({ accountId: e.accountId, text: encodeOrderEvent(e) });
    return true;
  }
  loadOrderEvents(accountId: AccountId): OrderEvent[] {
    return this.rows.filter((r) => r.accountId === accountId).map((r) => decodeOrderEvent(r.text));
  }
  recordRefusedEvent(e: OrderEvent, reason: string): void {
    this.refused.push({ text: encodeOrderEvent(e), reason });
  }
  /** A copy holding what was durable so far (what a restarted process would read). */
  snapshot(): MemoryOrderJournal {
    const j = new MemoryOrderJournal();
    j.rows.push(...this.rows);
    for (const r of this.rows) {
      const e = decodeOrderEvent(r.text);
      if (e.type === 'OrderFilled') j.trades.add(tradeKey(e.accountId, e.tradeId));
    }
    return j;
  }
  private maybeFail(): void {
    const f = this.failNext;
    if (f) {
      this.failNext = null;
      throw f;
    }
  }
}

export function tradeKey(accountId: AccountId, tradeId: TradeId): string {
  return `${accountId}\u0000${tradeId}`;
}
