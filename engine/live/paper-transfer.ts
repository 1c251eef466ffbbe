/**
 * Deposits and withdrawals of a paper account: booked at the paper venue first (it stands for the
 * exchange, where money would move), then in the account's ledger, under one client-chosen ref.
 * Both sides are idempotent by (kind, currency, ref), so a retried request — also one whose first
 * attempt died between the two bookings — books whatever side is missing and nothing twice, and
 * reconciliation (journal Σ ledger vs the venue's balances) stays clean.
 */
import { PaperBroker } from '../brokers/paper/paper-broker';
import { EngineError } from '../core/errors';
import type { TradingAccount } from '../store/trading-journal';
import { Decimal } from '../trading/decimal';
import { ExecutionError } from '../trading/execution-client';
import type { LedgerEntry } from '../trading/ledger';
import type { Balance } from '../trading/portfolio';
import type { AccountRuntime } from './account-runtime';

export interface TransferRequest {
  currency: string;
  amount: Decimal;
  direction: 'deposit' | 'withdrawal';
  /** The client's id of this transfer (the same on a retry). */
  ref: string;
}

export interface TransferResult {
  /** False when a request with this ref had been booked already (a retry). */
  booked: boolean;
  entry: LedgerEntry;
  balance: Balance;
}

/** Money of an exchange account moves at the exchange; here it would only make the ledger lie. */
export function refuseExchangeTransfer(a: Pick<TradingAccount, 'id' | 'kind' | 'venue'>): void {
  if (a.kind !== 'paper') throw new EngineError('INVALID_INPUT', `${a.id} is an exchange account: money moves at ${a.venue} — deposit or withdraw there, and the next reconciliation offers to adopt the new balance`);
}

export async function transferPaper(rt: AccountRuntime, r: TransferRequest, now: number): Promise<TransferResult> {
  const a = rt.account;
  refuseExchangeTransfer(a);
  const paper = rt.broker;
  if (!(paper instanceof PaperBroker)) throw new EngineError('INTERNAL', `paper account ${a.id} has no paper venue`);
  // a reconciliation reads the venue, then the journal: a transfer between the two reads would look like a difference
  await rt.idle();
  const ref = `transfer-${r.ref}`;
  const other = r.direction === 'deposit' ? 'withdrawal' : 'deposit';
  const inLedger = (kind: string) => rt.portfolio.ledger(a.id).find((e) => e.kind === kind && e.currency === r.currency && e.ref === ref);
  if (inLedger(other) || paper.cashRow(other, r.currency, ref)) throw new EngineError('CONFLICT', `transfer ${r.ref} was a ${other}; a new transfer needs a new reference`);
  const signed = r.direction === 'deposit' ? r.amount : r.amount.neg();
  const booked = inLedger(r.direction);
  const venueRow = paper.cashRow(r.direction, r.currency, ref);
  for (const earlier of [booked?.amount, venueRow ? Decimal.parse(venueRow.amount) : undefined]) {
    if (earlier && !signed.eq(earlier)) throw new EngineError('CONFLICT', `transfer ${r.ref} was booked for ${earlier.toPlainString()} ${r.currency}; a new transfer needs a new reference`);
  }
  if (!booked && !venueRow && r.direction === 'withdrawal') {
    const bal = rt.portfolio.balance(a.id, r.currency);
    if (r.amount.gt(bal.free)) {
      const held = bal.reserved.isPositive() ? ` (${bal.reserved.toPlainString()} held by open orders)` : '';
      throw new EngineError('INSUFFICIENT_FUNDS', `cannot withdraw ${r.amount.toPlainString()} ${r.currency} from ${a.id}: ${bal.free.toPlainString()} is free${held}`);
    }
  }
  let bookedNow = false;
  try {
    bookedNow = r.direction === 'deposit' ? paper.deposit(r.currency, r.amount, ref) : paper.withdraw(r.currency, r.amount, ref);
  } catch (e) {
    if (e instanceof ExecutionError) throw new EngineError('INSUFFICIENT_FUNDS', `${a.id}: ${e.message}`);
    throw e;
  }
  const ts = { tsEvent: now, tsInit: now };
  const entry = booked ?? (r.direction === 'deposit' ? rt.portfolio.deposit(a.id, r.currency, r.amount, ref, ts) : rt.portfolio.withdraw(a.id, r.currency, r.amount, ref, ts));
  if (!entry) throw new EngineError('INTERNAL', `transfer ${r.ref} was not booked in the ledger`);
  return { booked: bookedNow || !booked, entry, balance: rt.portfolio.balance(a.id, r.currency) };
}

