/**
 * The pre-trade check in front of every order (strategies and the order ticket alike). A list of
 * rules, each a small object; the first denial wins. It holds the kill switch, a maximum order
 * notional per account, the venue's limits and spot reduce-only today; a rule engine plugs in
 * by adding `PreTradeRule`s (the risk module's rules implement the same interface).
 */
import type { InstrumentId } from '../../shared/ids';
import { Decimal } from './decimal';
import type { AccountId, StrategyId } from './identifiers';
import type { InstrumentSpec } from './instrument-spec';
import type { KillSwitch } from './kill-switch';
import type { OrderSpec } from './order';

export interface PreTradeRequest {
  accountId: AccountId;
  strategyId: StrategyId;
  spec: OrderSpec;
  /** A price for notional checks of orders without one (market, stop-market): last or mark. */
  referencePrice?: Decimal;
}

export type PreTradeVerdict = { ok: true } | { ok: false; rule: string; reason: string };

export interface PreTradeRule {
  readonly name: string;
  check(req: PreTradeRequest): PreTradeVerdict;
}

export const ALLOW: PreTradeVerdict = { ok: true };
const deny = (rule: string, reason: string): PreTradeVerdict => ({ ok: false, rule, reason });

export class PreTradeCheck {
  private readonly rules: PreTradeRule[];
  constructor(rules: PreTradeRule[] = []) {
    this.rules = [...rules];
  }
  add(rule: PreTradeRule): this {
    this.rules.push(rule);
    return this;
  }
  check(req: PreTradeRequest): PreTradeVerdict {
    for (const r of this.rules) {
      let v: PreTradeVerdict;
      try {
        v = r.check(req);
      } catch (e) {
        // a rule that cannot decide denies (fail closed)
        v = deny(r.name, `rule ${r.name} failed: ${e instanceof Error ? e.message : String(e)}`);
      }
      if (!v.ok) return v;
    }
    return ALLOW;
  }
  get ruleNames(): string[] {
    return this.rules.map((r) => r.name);
  }
}

/** The price an order's notional is measured at: its limit, else its trigger, else the reference. */
export function notionalPrice(req: PreTradeRequest): Decimal | null {
  return req.spec.price ?? req.spec.triggerPrice ?? req.referencePrice ?? null;
}

/** Halted: nothing goes out. Reduce-only: only reduce-only orders go out. */
export class KillSwitchRule implements PreTradeRule {
  readonly name = 'kill-switch';
  constructor(private readonly ks: KillSwitch) {}
  check(req: PreTradeRequest): PreTradeVerdict {
    const mode = this.ks.modeFor(req.accountId);
    if (mode === 'off') return ALLOW;
    const why = this.ks.effective(req.accountId)?.reason;
    if (mode === 'halted') return deny(this.name, `trading is halted${why ? ` (${why})` : ''}`);
    if (!req.spec.reduceOnly) return deny(this.name, `reduce-only mode${why ? ` (${why})` : ''}: only reduce-only orders are allowed`);
    return ALLOW;
  }
}

/** A maximum price × quantity per order, per account (in the instrument's quote currency). */
export class MaxOrderNotionalRule implements PreTradeRule {
  readonly name = 'max-order-notional';
  constructor(private readonly limitFor: (accountId: AccountId, instrumentId: InstrumentId) => Decimal | null) {}
  check(req: PreTradeRequest): PreTradeVerdict {
    const limit = this.limitFor(req.accountId, req.spec.instrumentId);
    if (limit === null) return ALLOW;
    const px = notionalPrice(req);
    if (px === null) return deny(this.name, 'no price to measure the order notional against (pass a reference price for market orders)');
    const notional = px.mul(req.spec.quantity);
    if (notional.gt(limit)) return deny(this.name, `order notional ${notional.toPlainString()} is above the account's maximum of ${limit.toPlainString()}`);
    return ALLOW;
  }
}

/**
 * The venue's precision and limits: amount on the step grid and within min/max, price on the tick
 * grid, notional within min/max. An unknown instrument is denied (fail closed).
 */
export class VenueLimitsRule implements PreTradeRule {
  readonly name = 'venue-limits';
  constructor(private readonly specFor: (instrumentId: InstrumentId) => InstrumentSpec | undefined) {}
  check(req: PreTradeRequest): PreTradeVerdict {
    const s = req.spec;
    const inst = this.specFor(s.instrumentId);
    if (!inst) return deny(this.name, `no market rules known for ${s.instrumentId}`);
    if (!s.quantity.isMultipleOf(inst.amountStep)) return deny(this.name, `amount ${s.quantity.toPlainString()} is not a multiple of the step ${inst.amountStep.toPlainString()}`);
    if (inst.minAmount && s.quantity.lt(inst.minAmount)) return deny(this.name, `amount ${s.quantity.toPlainString()} is below the minimum ${inst.minAmount.toPlainString()}`);
    if (inst.maxAmount && s.quantity.gt(inst.maxAmount)) return deny(this.name, `amount ${s.quantity.toPlainString()} is above the maximum ${inst.maxAmount.toPlainString()}`);
    for (const [label, p] of [['price', s.price], ['trigger price', s.triggerPrice]] as const) {
      if (p === undefined) continue;
      if (!p.isPositive()) return deny(this.name, `${label} must be positive`);
      if (!p.isMultipleOf(inst.priceTick)) return deny(this.name, `${label} ${p.toPlainString()} is not a multiple of the tick ${inst.priceTick.toPlainString()}`);
    }
    const needsPrice = s.kind === 'limit' || s.kind === 'stop-limit';
    if (needsPrice && s.price === undefined) return deny(this.name, `a ${s.kind} order needs a price`);
    if ((s.kind === 'stop-market' || s.kind === 'stop-limit' || s.kind === 'take-profit') && s.triggerPrice === undefined) return deny(this.name, `a ${s.kind} order needs a trigger price`);
    if (s.timeInForce === 'post-only' && s.kind !== 'limit') return deny(this.name, 'post-only applies to limit orders');
    const px = notionalPrice(req);
    if (px !== null) {
      const notional = px.mul(s.quantity);
      if (inst.minNotional && notional.lt(inst.minNotional)) return deny(this.name, `notional ${notional.toPlainString()} is below the venue's minimum ${inst.minNotional.toPlainString()}`);
      if (inst.maxNotional && notional.gt(inst.maxNotional)) return deny(this.name, `notional ${notional.toPlainString()} is above the venue's maximum ${inst.maxNotional.toPlainString()}`);
    } else if (inst.minNotional) {
      return deny(this.name, 'no price to check the minimum notional against (pass a reference price for market orders)');
    }
    return ALLOW;
  }
}

/**
 * Spot: a sell never exceeds what is held (free base balance minus what open sells already
 * reserve), and a reduce-only buy is refused (there is no short to reduce).
 */
export class SpotInventoryRule implements PreTradeRule {
  readonly name = 'spot-inventory';
  constructor(
    private readonly specFor: (instrumentId: InstrumentId) => InstrumentSpec | undefined,
    /** Free base currency of the account (total − reserved), or null when not known. */
    private readonly freeBase: (accountId: AccountId, currency: string) => Decimal | null,
  ) {}
  check(req: PreTradeRequest): PreTradeVerdict {
    const inst = this.specFor(req.spec.instrumentId);
    if (!inst || !inst.spot) return ALLOW;
    if (req.spec.side === 'buy') {
      return req.spec.reduceOnly ? deny(this.name, 'a reduce-only buy on a spot venue has no short position to reduce') : ALLOW;
    }
    const free = this.freeBase(req.accountId, inst.base);
    if (free === null) return deny(this.name, `the ${inst.base} balance of ${req.accountId} is not known`);
    if (req.spec.quantity.gt(free)) return deny(this.name, `selling ${req.spec.quantity.toPlainString()} ${inst.base} but only ${free.toPlainString()} is free`);
    return ALLOW;
  }
}
