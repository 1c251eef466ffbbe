/**
 * Reconciliation, the pure part: compare what the journal says about an account with what the
 * venue reports, list the differences with the choices a person (or a policy) may make, and
 * decide whether strategies on the account may resume. It fails closed: a report that could not
 * be fetched halts the account, and a currency missing from an incomplete balance report is a
 * difference, never a zero ("missing" is not "flat").
 * The runner fetches the reports (`ExecutionClient`), shows the diff, and executes `planActions`.
 */
import type { ClientOrderId, InstrumentId } from '../../shared/ids';
import { Decimal } from './decimal';
import type { BalanceReport, FillReport, OrderStatusReport } from './execution-client';
import type { AccountId } from './identifiers';
import { OPEN_STATUSES, type Order } from './order';

export interface VenueState {
  accountId: AccountId;
  /** Open orders; null when the request failed. */
  openOrders: OrderStatusReport[] | null;
  /**
   * The venue's answer for each local open or unknown order that is not among `openOrders`
   * (asked by client order id): a report, null (the venue does not know it), or absent (not asked
   * or the request failed).
   */
  lookups: Map<ClientOrderId, OrderStatusReport | null>;
  /** Executions in the reconciliation window; null when the request failed. */
  fills: FillReport[] | null;
  /** Balances; null when the request failed. */
  balances: BalanceReport[] | null;
  /** Whether `balances` lists every currency (so an absent one is zero). ccxt omits zeros on some venues. */
  balancesComplete: boolean;
  tsEvent: number;
}

export interface LocalState {
  accountId: AccountId;
  /** Orders the journal has as working, in flight or unknown. */
  orders: Order[];
  hasTrade(tradeId: string): boolean;
  /** Journal balances (ledger totals) per currency. */
  balances: Map<string, Decimal>;
}

export type ReconChoice = 'adopt-venue' | 'cancel' | 'flatten';

export type ReconItem =
  | { kind: 'order-closed-at-venue'; clientOrderId: ClientOrderId; localStatus: Order['status']; venue: OrderStatusReport; choices: ['adopt-venue'] }
  | { kind: 'order-missing-at-venue'; clientOrderId: ClientOrderId; localStatus: Order['status']; choices: ['adopt-venue'] }
  | { kind: 'order-not-checked'; clientOrderId: ClientOrderId; localStatus: Order['status']; choices: [] }
  /** An order the venue has and the journal does not (opened by hand at the venue, or lost here); flatten only once something filled. */
  | { kind: 'order-unknown-locally'; venue: OrderStatusReport; choices: ['adopt-venue', 'cancel'] | ['adopt-venue', 'cancel', 'flatten'] }
  | { kind: 'order-fill-mismatch'; clientOrderId: ClientOrderId; localFilled: Decimal; venue: OrderStatusReport; choices: ['adopt-venue'] }
  | { kind: 'fill-missing-locally'; fill: FillReport; choices: ['adopt-venue'] }
  | { kind: 'balance-mismatch'; currency: string; local: Decimal; venue: Decimal; choices: ['adopt-venue', 'flatten'] }
  | { kind: 'balance-unreported'; currency: string; local: Decimal; choices: [] };

export interface ReconDiff {
  accountId: AccountId;
  /** Reports that could not be fetched: the account cannot be reconciled. */
  missingReports: ('open-orders' | 'fills' | 'balances')[];
  items: ReconItem[];
  tsEvent: number;
}

/**
 * `clean` — strategies may resume; `needs-decision` — differences a person must settle first;
 * `halted` — the venue could not tell us enough (or a difference has no safe choice): stay halted.
 */
export type ReconOutcome = { status: 'clean' } | { status: 'needs-decision'; items: number } | { status: 'halted'; reasons: string[] };

export function diffAccount(local: LocalState, venue: VenueState): ReconDiff {
  const items: ReconItem[] = [];
  const missingReports: ReconDiff['missingReports'] = [];
  if (venue.openOrders === null) missingReports.push('open-orders');
  if (venue.fills === null) missingReports.push('fills');
  if (venue.balances === null) missingReports.push('balances');

  // orders
  if (venue.openOrders !== null) {
    const venueByClient = new Map<string, OrderStatusReport>();
    const venueByVenueId = new Map<string, OrderStatusReport>();
    for (const r of venue.openOrders) {
      if (r.clientOrderId) venueByClient.set(r.clientOrderId, r);
      venueByVenueId.set(r.venueOrderId, r);
    }
    const matched = new Set<OrderStatusReport>();
    for (const o of local.orders) {
      if (!OPEN_STATUSES.has(o.status) && o.status !== 'unknown' && o.status !== 'submitted' && o.status !== 'initialized') continue;
      const r = venueByClient.get(o.clientOrderId) ?? (o.venueOrderId ? venueByVenueId.get(o.venueOrderId) : undefined);
      if (r) {
        matched.add(r);
        if (!r.filledQty.eq(o.filledQty) || o.status === 'unknown') items.push({ kind: 'order-fill-mismatch', clientOrderId: o.clientOrderId, localFilled: o.filledQty, venue: r, choices: ['adopt-venue'] });
        continue;
      }
      if (!venue.lookups.has(o.clientOrderId)) {
        items.push({ kind: 'order-not-checked', clientOrderId: o.clientOrderId, localStatus: o.status, choices: [] });
        continue;
      }
      const looked = venue.lookups.get(o.clientOrderId) ?? null;
      if (looked) items.push({ kind: 'order-closed-at-venue', clientOrderId: o.clientOrderId, localStatus: o.status, venue: looked, choices: ['adopt-venue'] });
      else items.push({ kind: 'order-missing-at-venue', clientOrderId: o.clientOrderId, localStatus: o.status, choices: ['adopt-venue'] });
    }
    for (const r of venue.openOrders) if (!matched.has(r)) items.push({ kind: 'order-unknown-locally', venue: r, choices: r.filledQty.isPositive() ? ['adopt-venue', 'cancel', 'flatten'] : ['adopt-venue', 'cancel'] });
  }

  // fills
  for (const f of venue.fills ?? []) if (!local.hasTrade(f.tradeId)) items.push({ kind: 'fill-missing-locally', fill: f, choices: ['adopt-venue'] });

  // balances (totals; reserved amounts follow the open orders)
  if (venue.balances !== null) {
    const v = new Map(venue.balances.map((b) => [b.currency, b.total]));
    const currencies = new Set([...v.keys(), ...local.balances.keys()]);
    for (const c of [...currencies].sort()) {
      const l = local.balances.get(c) ?? Decimal.ZERO;
      const reported = v.get(c);
      if (reported === undefined) {
        if (l.isZero()) continue;
        if (venue.balancesComplete) items.push({ kind: 'balance-mismatch', currency: c, local: l, venue: Decimal.ZERO, choices: ['adopt-venue', 'flatten'] });
        else items.push({ kind: 'balance-unreported', currency: c, local: l, choices: [] });
        continue;
      }
      if (!reported.eq(l)) items.push({ kind: 'balance-mismatch', currency: c, local: l, venue: reported, choices: ['adopt-venue', 'flatten'] });
    }
  }
  return { accountId: local.accountId, missingReports, items, tsEvent: venue.tsEvent };
}

export function decide(diff: ReconDiff): ReconOutcome {
  const reasons: string[] = diff.missingReports.map((r) => `the venue's ${r} report could not be fetched`);
  for (const i of diff.items) {
    if (i.kind === 'order-not-checked') reasons.push(`order ${i.clientOrderId} (${i.localStatus}) is not open at the venue and could not be looked up`);
    if (i.kind === 'balance-unreported') reasons.push(`the venue did not report ${i.currency} (the journal has ${i.local.toPlainString()}); a missing report is not read as zero`);
  }
  if (reasons.length > 0) return { status: 'halted', reasons };
  if (diff.items.length > 0) return { status: 'needs-decision', items: diff.items.length };
  return { status: 'clean' };
}

/** What the runner does for the chosen resolutions (it executes them in this order, then reconciles again). */
export type ReconAction =
  | { kind: 'apply-fill'; fill: FillReport }
  | { kind: 'apply-order-report'; clientOrderId: ClientOrderId; report: OrderStatusReport }
  /** The venue does not know an order we hold open or unknown: close it locally as not placed / gone. */
  | { kind: 'close-local-order'; clientOrderId: ClientOrderId; reason: string }
  /** Journal the venue's order as an external order of the account (the manual strategy), with its fills. */
  | { kind: 'import-venue-order'; report: OrderStatusReport }
  | { kind: 'cancel-venue-order'; report: OrderStatusReport }
  /** After `import-venue-order` of the same order: cancel the rest and trade back what it filled. */
  | { kind: 'flatten-venue-order'; report: OrderStatusReport }
  /**
   * A ledger adjustment so the journal's balance is `target` (the venue's): `amount` is the
   * difference when the diff was taken; the runner adjusts by `target` − the balance when it
   * executes, since the actions before it (an imported order's fills) may have closed part of it.
   */
  | { kind: 'adjust-balance'; currency: string; amount: Decimal; target: Decimal }
  /**
   * After the journal took the venue's balance: trade the difference away on `instrumentId` (sell
   * when `amount` is positive, buy back when negative), so the account holds what it held before.
   */
  | { kind: 'flatten'; currency: string; amount: Decimal; instrumentId: InstrumentId };

export interface ReconDecision {
  /** Index into `diff.items`. */
  item: number;
  choice: ReconChoice;
  /** For `flatten`: the instrument to trade the difference on. */
  instrumentId?: InstrumentId;
}

/** Turns choices into actions; a choice an item does not offer is refused (INVALID_INPUT by the caller). */
export function planActions(diff: ReconDiff, decisions: ReconDecision[]): { actions: ReconAction[]; refused: { decision: ReconDecision; reason: string }[] } {
  const actions: ReconAction[] = [];
  const refused: { decision: ReconDecision; reason: string }[] = [];
  for (const d of decisions) {
    const item = diff.items[d.item];
    if (!item) {
      refused.push({ decision: d, reason: `no item ${d.item}` });
      continue;
    }
    if (!(item.choices as ReconChoice[]).includes(d.choice)) {
      refused.push({ decision: d, reason: `${item.kind} offers ${item.choices.join(', ') || 'no choice (the account stays halted)'}, not ${d.choice}` });
      continue;
    }
    switch (item.kind) {
      case 'fill-missing-locally':
        actions.push({ kind: 'apply-fill', fill: item.fill });
        break;
      case 'order-closed-at-venue':
      case 'order-fill-mismatch':
        actions.push({ kind: 'apply-order-report', clientOrderId: item.clientOrderId, report: item.venue });
        break;
      case 'order-missing-at-venue':
        actions.push({ kind: 'close-local-order', clientOrderId: item.clientOrderId, reason: 'not known at the venue (reconciliation)' });
        break;
      case 'order-unknown-locally':
        if (d.choice === 'cancel') actions.push({ kind: 'cancel-venue-order', report: item.venue });
        else actions.push({ kind: 'import-venue-order', report: item.venue });
        if (d.choice === 'flatten') actions.push({ kind: 'flatten-venue-order', report: item.venue });
        break;
      case 'balance-mismatch': {
        const diff = item.venue.sub(item.local);
        if (d.choice === 'flatten' && !d.instrumentId) {
          refused.push({ decision: d, reason: `flattening ${item.currency} needs an instrument to trade it on` });
          break;
        }
        actions.push({ kind: 'adjust-balance', currency: item.currency, amount: diff, target: item.venue });
        if (d.choice === 'flatten') actions.push({ kind: 'flatten', currency: item.currency, amount: diff, instrumentId: d.instrumentId! });
        break;
      }
    }
  }
  return { actions: actions.map((a, i) => [a, i] as const).sort(([a, i], [b, j]) => RANK[a.kind] - RANK[b.kind] || i - j).map(([a]) => a), refused };
}

/**
 * The order actions run in. Venue-only orders are imported first, so their fills are booked as
 * the order's (a fill applied before its order would be booked a second time as an adjustment);
 * then the other fills, which order statuses and balances depend on; then orders; then balances,
 * adjusted to what the venue reported; last whatever sends a request — new trades happen after the
 * report, so they must not be counted in the balances it reported.
 */
const RANK: Record<ReconAction['kind'], number> = {
  'import-venue-order': 0,
  'apply-fill': 1,
  'apply-order-report': 2,
  'close-local-order': 2,
  'adjust-balance': 3,
  'cancel-venue-order': 4,
  'flatten-venue-order': 4,
  flatten: 4,
};
