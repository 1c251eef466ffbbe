/**
 * Adopting an order the venue has and the journal does not (placed by hand on the exchange, or lost
 * here). The order manager has one way in for an order — `submit` — and that path journals the
 * intent, the submission, the venue's answer and the fills fetched from the venue. Adoption goes
 * through it unchanged, with three seams that make it not send anything:
 * - the id factory hands out the venue's client order id, so later lookups by client id find it;
 * - the pre-trade check lets the adopted spec through (the order exists already: a denial would
 *   not remove it from the venue, only hide it from the journal);
 * - the execution client answers the submit of that spec with the venue's report instead of
 *   sending a create.
 * The spec is recognised by identity, so a strategy's order submitted meanwhile is sent as usual.
 */
import type { ClientOrderId } from '../../shared/ids';
import type { ExecutionClient, OrderStatusReport, SubmitOrder } from '../trading/execution-client';
import type { OrderSpec } from '../trading/order';
import { PreTradeCheck, type PreTradeRequest, type PreTradeVerdict } from '../trading/pre-trade';

interface Pending {
  clientOrderId: ClientOrderId;
  spec: OrderSpec;
  report: OrderStatusReport;
}

export class VenueAdoption {
  private pending: Pending | null = null;
  private idTaken = false;

  /** The execution client for the order manager: the adopted spec's create is answered with the venue's report. */
  readonly executionClient: ExecutionClient;

  constructor(
    client: ExecutionClient,
    private readonly ids: { next(): ClientOrderId },
  ) {
    this.executionClient = new Proxy(client, {
      get: (target, prop, receiver) => {
        if (prop === 'submit') {
          return (o: SubmitOrder) => {
            const p = this.pending;
            if (p && o.spec === p.spec) return Promise.resolve({ ...p.report, clientOrderId: o.clientOrderId });
            return target.submit(o);
          };
        }
        const v = Reflect.get(target, prop, receiver);
        return typeof v === 'function' ? v.bind(target) : v;
      },
    });
  }

  /** The spec the order manager is given for a venue order: what the venue reports, nothing sent. */
  static specOf(r: OrderStatusReport): OrderSpec {
    return { instrumentId: r.instrumentId, side: r.side, kind: r.price ? 'limit' : 'market', quantity: r.quantity, ...(r.price ? { price: r.price } : {}), timeInForce: 'GTC', reduceOnly: false };
  }

  /** Runs `submit(spec)` with the seams set for this one venue order. */
  async adopt<T>(clientOrderId: ClientOrderId, report: OrderStatusReport, submit: (spec: OrderSpec) => Promise<T>): Promise<T> {
    if (this.pending) throw new Error('one adoption at a time');
    const spec = VenueAdoption.specOf(report);
    this.pending = { clientOrderId, spec, report };
    this.idTaken = false;
    try {
      return await submit(spec);
    } finally {
      this.pending = null;
    }
  }

  readonly idFactory = {
    next: (): ClientOrderId => {
      if (this.pending && !this.idTaken) {
        this.idTaken = true;
        return this.pending.clientOrderId;
      }
      return this.ids.next();
    },
  };

  /** The pre-trade check for the order manager: the adopted spec passes, everything else is `inner`'s. */
  gate(inner: PreTradeCheck): PreTradeCheck {
    const isAdopted = (spec: OrderSpec) => this.pending?.spec === spec;
    return new (class extends PreTradeCheck {
      override check(req: PreTradeRequest): PreTradeVerdict {
        return isAdopted(req.spec) ? { ok: true } : inner.check(req);
      }
    })();
  }
}
