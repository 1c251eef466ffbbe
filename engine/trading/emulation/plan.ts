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
 * - `emulatedTrigger`: the order stays held until the last price crosses its trigger.
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
  | { kind: 'cancel'; clientOrderId: ClientOrderId; reason: string };

/** Orders waiting for a request's answer are left alone until it comes. */
const SETTLED = new Set(['held', 'accepted', 'partially-filled']);

/** An OCO group is scoped to its strategy and, for bracket exits, to the entry (ids repeat across runs). */
export function groupKey(o: Order): string | null {
  if (!o.spec.ocoGroup) return null;
  return `${o.strategyId}\u0000${o.spec.parentId ?? ''}\u0000${o.spec.ocoGroup}`;
}

/** Whether an order takes part in emulation at all. */
export function isLinked(o: Order): boolean {
  return o.spec.parentId !== undefined || o.spec.ocoGroup !== undefined || o.emulatedTrigger;
}

export function planEmulation(orders: Iterable<Order>, lastPrice: (id: InstrumentId) => Decimal | undefined): EmulatorAction[] {
  const all = [...orders];
  const byId = new Map(all.map((o) => [o.clientOrderId, o]));
  const groups = new Map<string, Order[]>();
  for (const o of all) {
    const k = groupKey(o);
    if (k) groups.set(k, [...(groups.get(k) ?? []), o]);
  }
  const cancels: EmulatorAction[] = [];
  const resizes: EmulatorAction[] = [];
  const releases: EmulatorAction[] = [];

  for (const o of all) {
    if (isFinal(o.status) || !SETTLED.has(o.status) || !isLinked(o)) continue;
    const parent = o.spec.parentId ? byId.get(o.spec.parentId) : undefined;
    // an exit whose entry is not in this account's journal is left as it is (never sent blind)
    if (o.spec.parentId && !parent) continue;
    if (parent && parent.filledQty.isZero()) {
      if (isFinal(parent.status)) cancels.push({ kind: 'cancel', clientOrderId: o.clientOrderId, reason: `bracket entry ${parent.clientOrderId} ended ${parent.status} with nothing filled` });
      continue;
    }
    const k = groupKey(o);
    const others = k ? groups.get(k)!.filter((x) => x !== o) : [];
    const othersFilled = Decimal.sum(others.map((x) => x.filledQty));
    const base = parent ? parent.filledQty : k ? o.initialQuantity : o.spec.quantity;
    const wanted = base.sub(othersFilled);
    if (wanted.lte(o.filledQty)) {
      const reason = othersFilled.isPositive() ? `OCO: ${others.filter((x) => x.filledQty.isPositive()).map((x) => x.clientOrderId).join(', ')} filled` : 'nothing left to do';
      cancels.push({ kind: 'cancel', clientOrderId: o.clientOrderId, reason });
      continue;
    }
    if (o.status === 'held') {
      const px = lastPrice(o.spec.instrumentId);
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
  // lower the risk first: cancels, then smaller/larger exits, then new orders
  return [...cancels, ...resizes, ...releases];
}

/** Instruments whose price the emulator needs (held orders with a locally watched trigger). */
export function watchedInstruments(orders: Iterable<Order>): InstrumentId[] {
  const out = new Set<InstrumentId>();
  for (const o of orders) if (o.status === 'held' && o.emulatedTrigger) out.add(o.spec.instrumentId);
  return [...out];
}
