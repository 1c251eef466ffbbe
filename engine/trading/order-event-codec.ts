/**
 * Order events to and from JSON text (how `journal.db` stores them). Decimals travel as strings
 * (`Decimal.toJSON`) and are revived by field name, so a replayed event equals the original.
 */
import { Decimal } from './decimal';
import type { OrderEvent } from './order-events';

const DECIMAL_FIELDS = new Set(['quantity', 'price', 'triggerPrice', 'lastQty', 'lastPx', 'fee']);

export function encodeOrderEvent(e: OrderEvent): string {
  return JSON.stringify(e);
}

export function decodeOrderEvent(text: string): OrderEvent {
  return JSON.parse(text, (key, value) => (DECIMAL_FIELDS.has(key) && typeof value === 'string' ? Decimal.parse(value) : value)) as OrderEvent;
}
