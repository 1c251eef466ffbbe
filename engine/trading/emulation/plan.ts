/**
 * What the order emulator should do now, worked out from the orders alone (the journal's state),
 * never from remembered events: the same orders always give the same actions, so after a restart
 * the plan over the replayed journal is exactly what was left undone, and running it twice after
 * its actions took effect gives nothing.
 *
 * Links (both come with the spec):
 * - `parentId`: a bracket exit, held until its entry has a fill, then sent sized to what the entry
 *   filled, and resized as the entry fills more. An entry that ends with nothing filled takes its
 *   exits with it.
 * - `ocoGroup`: what one member filled comes off the others; a member with nothing left to do is
 *   canceled. Exits of one entry share the entry's filled quantity; standalone members each keep
 *   the quantity they were created with, less what the others filled.
 * - `emulatedTrigger`: the order stays held until the last price crosses its trigger. When it crosses,
 *   the other members of its group are canceled first (a fill meanwhile counts) and it is sent for
 *   what is left: on spot a resting take-profit locks the coins the stop must sell.
 * - An exit that never reached the venue (see `NOT_PLACED`) is re-created while its entry is filled.
 */
import type { ClientOrderId, InstrumentId } from '../../../shared/ids';
import { Decimal } from '../decimal';
import { isFinal, type Order } from '../order';
import { triggerCrossed } from './trigger';

export type EmulatorAction =
  /** Send a held order (with this quantity). */
  | { kind: 'release'; clientOrderId: ClientOrderId; quantity: Decimal; why: string }
  /** Change the quantity: locally for a held order, at the venue for a working one. */
  | { kind: 'resize'; clientOrderId: ClientOrderId; quantity: Decimal; atVenue: boolean }
  | { kind: 'cancel'; clientOrderId: ClientOrderId; reason: string }
  /**
   * A bracket exit whose last instance ended without reaching the venue while its entry is filled:
   * journal a new instance (same spec, this quantity, a new client order id, held) to be released.
   */
  | { kind: 'recreate'; clientOrderId: ClientOrderId; quantity: Decimal; why: string };

/** The order manager's reason for an unanswered create the venue does not know: nothing reached it. */
export const NOT_PLACED = 'not found at the venue after an unanswered request: it was not placed';
/**
 * Reason given to OCO siblings canceled because a locally watched trigger of their group fired. It
 * is journaled with the cancel, so a fired stop is still released after a restart even if the price
 * has moved back above its trigger meanwhile (the position would otherwise have lost its take-profit
 * and be waiting for a second crossing).
 */
export const GROUP_FIRED = 'OCO: a locally watched trigger of the group fired';
/** Instances of one bracket exit leg at most (each re-creation follows a create that never arrived). */
export const MAX_EXIT_INSTANCES = 5;

export interface PlanOptions {
  /**
   * What an entry's fills left the account holding, on the venue's lot grid (a fee taken in the
   * base currency is quantity never received). Exits are sized to it. Default: the filled quantity.
   */
  received?: (entry: Order) => Decimal;
}

/** Orders waiting for a request's answer are left alone until it comes. */
const SETTLED = new Set(['held', 'accepted', 'partially-filled']);

/** An OCO group is scoped to its strategy and, for bracket exits, to the entry (ids repeat across runs). */
export function groupKey(o: Order): string | null {
  if (!o.spec.ocoGroup) return null;
  return `${o.strategyId}\u0000${o.spec.parentId ?? ''}\u0000${o.spec.ocoGroup}`;
}

/** One leg of a bracket (its take-profit or its stop-loss), across the instances re-created for it. */
function legKey(o: Order): string {
  return `${o.strategyId}\u0000${o.spec.parentId ?? ''}\u0000${o.spec.ocoGroup ?? ''}\u0000${o.spec.side}\u0000${o.spec.kind}`;
}

/** Whether an order takes part in emulation at all. */
export function isLinked(o: Order): boolean {
  return o.spec.parentId !== undefined || o.spec.ocoGroup !== undefined || o.emulatedTrigger;
}

export function planEmulation(orders: Iterable<Order>, lastPrice: (id: InstrumentId) => Decimal | undefined, opts: PlanOptions = {}): EmulatorAction[] {
  const received = opts.received ?? ((e: Order) => e.filledQty);
  const all = [...orders];
  const byId = new Map(all.map((o) => [o.clientOrderId, o]));
  const groups = new Map<string, Order[]>();
  for (const o of all) {
    const k = groupKey(o);
    if (k) groups.set(k, [...(groups.get(k) ?? []), o]);
  }
  const markedFired = (k: string) => groups.get(k)!.some((x) => x.status === 'canceled' && x.reason?.startsWith(GROUP_FIRED) === true);

  /** How much of the position an order should cover now (null: leave it as it is). */
  const share = (o: Order) => {
    const parent = o.spec.parentId ? byId.get(o.spec.parentId) : undefined;
    const k = groupKey(o);
    const others = k ? groups.get(k)!.filter((x) => x !== o) : [];
    const othersFilled = Decimal.sum(others.map((x) => x.filledQty));
    const base = parent ? received(parent) : k ? o.initialQuantity : o.spec.quantity;
    return { parent, k, others, othersFilled, wanted: base.sub(othersFilled) };
  };

  // a held trigger of a group that crossed (or fired before a restart): its siblings give way first,
  // so on spot the coins a resting take-profit locks are free when the stop goes out
  const fired = new Map<string, Order>();
  for (const o of all) {
    if (o.status !== 'held' || !o.emulatedTrigger) continue;
    const { parent, k, wanted } = share(o);
    if (!k || fired.has(k) || (o.spec.parentId && (!parent || parent.filledQty.isZero())) || wanted.lte(o.filledQty)) continue;
    if (triggerCrossed(o.spec, lastPrice(o.spec.instrumentId)) || markedFired(k)) fired.set(k, o);
  }

  const cancels: EmulatorAction[] = [];
  const resizes: EmulatorAction[] = [];
  const releases: EmulatorAction[] = [];

  for (const o of all) {
    if (isFinal(o.status) || !SETTLED.has(o.status) || !isLinked(o)) continue;
    const { parent, k, others, othersFilled, wanted } = share(o);
    // an exit whose entry is not in this account's journal is left as it is (never sent blind)
    if (o.spec.parentId && !parent) continue;
    if (parent && parent.filledQty.isZero()) {
      if (isFinal(parent.status)) cancels.push({ kind: 'cancel', clientOrderId: o.clientOrderId, reason: `bracket entry ${parent.clientOrderId} ended ${parent.status} with nothing filled` });
      continue;
    }
    const firing = k ? fired.get(k) : undefined;
    if (firing && firing !== o) {
      cancels.push({ kind: 'cancel', clientOrderId: o.clientOrderId, reason: `${GROUP_FIRED}: ${firing.clientOrderId}` });
      continue;
    }
    if (wanted.lte(o.filledQty)) {
      // what the entry left after a fee in the base is below one lot so far: wait for more of it
      if (o.status === 'held' && parent && !isFinal(parent.status) && othersFilled.isZero()) continue;
      const reason = othersFilled.isPositive() ? `OCO: ${others.filter((x) => x.filledQty.isPositive()).map((x) => x.clientOrderId).join(', ')} filled` : 'nothing left to do';
      cancels.push({ kind: 'cancel', clientOrderId: o.clientOrderId, reason });
      continue;
    }
    if (o.status === 'held') {
      const px = lastPrice(o.spec.instrumentId);
      if (firing === o) {
        // siblings still at the venue (or on their way out): their cancel or fill comes first
        if (others.some((x) => !isFinal(x.status))) continue;
        const why = triggerCrossed(o.spec, px) ? `trigger ${o.spec.triggerPrice!.toPlainString()} crossed at ${px!.toPlainString()}` : `trigger ${o.spec.triggerPrice!.toPlainString()} crossed before (its group gave way)`;
        releases.push({ kind: 'release', clientOrderId: o.clientOrderId, quantity: wanted, why });
        continue;
      }
      if (o.emulatedTrigger && !triggerCrossed(o.spec, px)) {
        if (!wanted.eq(o.spec.quantity)) resizes.push({ kind: 'resize', clientOrderId: o.clientOrderId, quantity: wanted, atVenue: false });
        continue;
      }
      const why = o.emulatedTrigger ? `trigger ${o.spec.triggerPrice!.toPlainString()} crossed at ${px!.toPlainString()}` : parent ? `entry ${parent.clientOrderId} filled ${parent.filledQty.toPlainString()}` : 'released';
      releases.push({ kind: 'release', clientOrderId: o.clientOrderId, quantity: wanted, why });
      continue;
    }
    if (!wanted.eq(o.spec.quantity)) resizes.push({ kind: 'resize', clientOrderId: o.clientOrderId, quantity: wanted, atVenue: true });
  }

  // an exit journaled as sent that never reached the venue (killed before the request left) would
  // leave the filled entry unprotected: a new instance takes its place, never beside a live one
  const legs = new Map<string, Order[]>();
  for (const o of all) if (o.spec.parentId) legs.set(legKey(o), [...(legs.get(legKey(o)) ?? []), o]);
  for (const instances of legs.values()) {
    if (instances.some((x) => !isFinal(x.status))) continue;
    const last = instances[instances.length - 1];
    if (last.status !== 'rejected' || last.reason !== NOT_PLACED || last.filledQty.isPositive()) continue;
    const parent = byId.get(last.spec.parentId!);
    if (!parent || parent.filledQty.isZero() || instances.length >= MAX_EXIT_INSTANCES) continue;
    const k = groupKey(last);
    // a group whose stop fired keeps only the stop
    if (k && !last.emulatedTrigger && (fired.has(k) || markedFired(k))) continue;
    const coveredElsewhere = Decimal.sum(all.filter((x) => x.spec.parentId === last.spec.parentId && x.strategyId === last.strategyId && (k ? groupKey(x) === k : legKey(x) === legKey(last))).map((x) => x.filledQty));
    const wanted = received(parent).sub(coveredElsewhere);
    if (!wanted.isPositive()) continue;
    releases.push({ kind: 'recreate', clientOrderId: last.clientOrderId, quantity: wanted, why: `exit ${last.clientOrderId} never reached the venue; entry ${parent.clientOrderId} filled ${parent.filledQty.toPlainString()}` });
  }
  // lower the risk first: cancels, then smaller/larger exits, then new orders
  return [...cancels, ...resizes, ...releases];
}

/** Instruments whose price the emulator needs (held orders with a locally watched trigger). */
export function watchedInstruments(orders: Iterable<Order>): InstrumentId[] {
  const out = new Set<InstrumentId>();
  for (const o of orders) if (o.status === 'held' && o.emulatedTrigger) out.add(o.spec.instrumentId);
  return [...out];
}
