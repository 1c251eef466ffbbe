/**
 * Runs the plan (`planEmulation`) whenever something changed: an order event, a price, the account
 * becoming ready. One pass at a time; a change during a pass makes another pass follow, so the
 * orders converge on what the plan wants. It does nothing while the gate is shut (the account is
 * not reconciled: after a restart, fills missed while the app was down must be in the journal
 * before an OCO sibling is canceled or an exit is sent).
 *
 * The host (the order manager) does the journaling and the sending: a release is journaled as
 * `OrderSubmitted` before it goes out, so a trigger is sent once, even across a crash.
 */
import type { InstrumentId } from '../../../shared/ids';
import type { Decimal } from '../decimal';
import type { Order } from '../order';
import { planEmulation, type EmulatorAction } from './plan';

export interface EmulatorHost {
  orders(): Iterable<Order>;
  execute(action: EmulatorAction): Promise<void>;
  /** What an entry's fills left the account holding, on the lot grid (exits are sized to it). */
  received?(entry: Order): Decimal;
  /** May the emulator act now? */
  gate(): boolean;
  log(level: 'info' | 'warn' | 'error', msg: string, fields?: Record<string, unknown>): void;
}

/** The same action failing this many times in a row is given up (logged), not retried forever. */
const MAX_ATTEMPTS = 3;

export class OrderEmulator {
  private readonly prices = new Map<InstrumentId, Decimal>();
  private running: Promise<void> | null = null;
  private dirty = false;
  private readonly failures = new Map<string, number>();

  constructor(private readonly host: EmulatorHost) {}

  lastPrice(id: InstrumentId): Decimal | undefined {
    return this.prices.get(id);
  }

  /** A trade (or ticker last) of the live feed. */
  onPrice(id: InstrumentId, price: Decimal): void {
    const before = this.prices.get(id);
    this.prices.set(id, price);
    if (!before || !before.eq(price)) this.schedule();
  }

  /** Something changed: plan again (after the pass under way, if any). */
  schedule(): void {
    if (this.running) {
      this.dirty = true;
      return;
    }
    this.running = this.loop().finally(() => (this.running = null));
  }

  /** Resolves when no pass is under way (tests, and callers that answer after the exits went out). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async loop(): Promise<void> {
    // let the caller's synchronous work (the event that scheduled us) finish first
    await Promise.resolve();
    do {
      this.dirty = false;
      if (!this.host.gate()) return;
      for (const a of planEmulation(this.host.orders(), (id) => this.prices.get(id), this.host.received ? { received: (e) => this.host.received!(e) } : {})) {
        const key = `${a.kind} ${a.clientOrderId} ${'quantity' in a ? a.quantity.toString() : ''}`;
        const failed = this.failures.get(key) ?? 0;
        if (failed >= MAX_ATTEMPTS) continue;
        try {
          await this.host.execute(a);
          this.failures.delete(key);
        } catch (e) {
          this.failures.set(key, failed + 1);
          this.host.log(failed + 1 >= MAX_ATTEMPTS ? 'error' : 'warn', 'order emulator: action failed', { action: a.kind, clientOrderId: a.clientOrderId, attempt: failed + 1, reason: e instanceof Error ? e.message : String(e) });
        }
      }
    } while (this.dirty);
  }
}
