import { z } from 'zod';
import { ClientOrderIdSchema, InstrumentIdSchema, TimeframeSchema } from '../id-schemas';
import { call } from './define';
import { BaseUrlSchema, ExchangeIdSchema } from './market';

/** Decimals travel as canonical text (never floats). */
const Dec = z.string().regex(/^-?\d+(\.\d+)?$/, 'a decimal number as text, e.g. "0.015"').max(64);
const AccountIdSchema = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,47}$/, 'an account id is lower-case letters, digits, - or _');

export const AccountSchema = z.object({
  id: z.string(),
  kind: z.enum(['paper', 'exchange']),
  venue: z.string(),
  label: z.string(),
  sandbox: z.boolean(),
  baseUrl: z.string().nullable(),
  maxOrderNotional: z.string().nullable(),
  status: z.enum(['closed', 'starting', 'reconciling', 'ready', 'needs-decision', 'halted']),
  killSwitch: z.enum(['off', 'halted', 'reduce-only']),
});
export type AccountDto = z.infer<typeof AccountSchema>;

/** Set / not set per field: the only thing the renderer ever learns about a key. */
export const KeyStatusSchema = z.object({ field: z.string(), label: z.string(), set: z.boolean() });

export const OrderSideSchema = z.enum(['buy', 'sell']);
export const OrderKindSchema = z.enum(['market', 'limit', 'stop-market', 'stop-limit', 'take-profit']);
export const TimeInForceSchema = z.enum(['GTC', 'IOC', 'FOK', 'post-only']);

export const OrderTicketSchema = z
  .object({
    accountId: AccountIdSchema,
    instrumentId: InstrumentIdSchema,
    side: OrderSideSchema,
    kind: OrderKindSchema,
    quantity: Dec,
    price: Dec.optional(),
    triggerPrice: Dec.optional(),
    timeInForce: TimeInForceSchema.default('GTC'),
    reduceOnly: z.boolean().default(false),
    /** Bracket exits, armed locally when the entry fills. */
    takeProfit: Dec.optional(),
    stopLoss: Dec.optional(),
    /** Reference price for the notional of market/stop orders (the last trade). */
    referencePrice: Dec.optional(),
  })
  .strict();
export type OrderTicket = z.infer<typeof OrderTicketSchema>;

export const OrderDtoSchema = z.object({
  clientOrderId: z.string(),
  accountId: z.string(),
  strategyId: z.string(),
  instrumentId: z.string(),
  side: OrderSideSchema,
  kind: OrderKindSchema,
  quantity: z.string(),
  price: z.string().nullable(),
  triggerPrice: z.string().nullable(),
  timeInForce: TimeInForceSchema,
  reduceOnly: z.boolean(),
  status: z.string(),
  venueOrderId: z.string().nullable(),
  filledQty: z.string(),
  avgPrice: z.string().nullable(),
  fee: z.string(),
  reason: z.string().nullable(),
  tsInit: z.number(),
  tsLast: z.number(),
  /** The bracket entry this exit belongs to. */
  parentId: z.string().nullable().optional(),
  /** Orders sharing a group are one-cancels-the-other (shown as linked). */
  ocoGroup: z.string().nullable().optional(),
  /** The trigger is watched by Quantdesk, not the venue (the order is `held` until it fires). */
  emulatedTrigger: z.boolean().optional(),
});
export type OrderDto = z.infer<typeof OrderDtoSchema>;

export const FillDtoSchema = z.object({
  tradeId: z.string(),
  clientOrderId: z.string().nullable(),
  venueOrderId: z.string(),
  instrumentId: z.string(),
  side: OrderSideSchema,
  quantity: z.string(),
  price: z.string(),
  fee: z.string(),
  feeCurrency: z.string(),
  liquidity: z.enum(['maker', 'taker']).nullable(),
  tsEvent: z.number(),
});
export type FillDto = z.infer<typeof FillDtoSchema>;

export const PreviewSchema = z.object({
  notional: z.string().nullable(),
  feeEstimate: z.string().nullable(),
  feeCurrency: z.string(),
  check: z.object({ ok: z.boolean(), rule: z.string().optional(), reason: z.string().optional() }),
});

export const BalanceDtoSchema = z.object({ currency: z.string(), total: z.string(), reserved: z.string(), free: z.string() });
export const PositionDtoSchema = z.object({
  strategyId: z.string(),
  instrumentId: z.string(),
  quantity: z.string(),
  avgPrice: z.string(),
  realizedPnl: z.string(),
  fees: z.string(),
  /** `dust`: below one lot of the venue (what a base-currency fee and rounding leave), never a short. */
  side: z.enum(['flat', 'long', 'short', 'dust']).optional(),
  /** Fees paid in a third currency (BNB), per currency. */
  feesOther: z.record(z.string(), z.string()).optional(),
});

export const DeploymentDtoSchema = z.object({
  id: z.string(),
  accountId: z.string(),
  strategyId: z.string(),
  strategyVersion: z.string(),
  params: z.record(z.string(), z.unknown()),
  symbols: z.array(z.string()),
  timeframe: z.string(),
  status: z.string(),
  running: z.boolean(),
  state: z.unknown(),
  createdAt: z.number(),
  updatedAt: z.number(),
});
export type DeploymentDto = z.infer<typeof DeploymentDtoSchema>;

export const DeploymentLogSchema = z.object({ ts: z.number(), level: z.enum(['info', 'warn', 'error']), message: z.string() });

export const ReconItemDtoSchema = z.object({
  index: z.number().int(),
  kind: z.string(),
  /** One line for people: what differs. */
  summary: z.string(),
  choices: z.array(z.enum(['adopt-venue', 'cancel', 'flatten'])),
  instrumentId: z.string().nullable(),
});
export const ReconciliationSchema = z.object({
  accountId: z.string(),
  status: AccountSchema.shape.status,
  outcome: z.enum(['clean', 'needs-decision', 'halted']).nullable(),
  reasons: z.array(z.string()),
  items: z.array(ReconItemDtoSchema),
  tsEvent: z.number().nullable(),
});
export type ReconciliationDto = z.infer<typeof ReconciliationSchema>;

export const KillStateSchema = z.object({ scope: z.string(), mode: z.enum(['off', 'halted', 'reduce-only']), reason: z.string().nullable(), actor: z.string(), flatten: z.boolean(), tsEvent: z.number() });

const Acc = z.object({ accountId: AccountIdSchema }).strict();

/** One order of a batch: a ticket without the account (the batch names it once). */
export const BatchOrderSchema = OrderTicketSchema.omit({ accountId: true, takeProfit: true, stopLoss: true });

/** One row of an account's ledger (every cash movement). Decimals as text. */
export const LedgerRowSchema = z.object({
  currency: z.string(),
  /** Signed: + in, − out. */
  amount: z.string(),
  kind: z.enum(['trade', 'fee', 'deposit', 'withdrawal', 'funding', 'adjustment']),
  ref: z.string(),
  strategyId: z.string().nullable(),
  instrumentId: z.string().nullable(),
  tsEvent: z.number(),
});
export type LedgerRowDto = z.infer<typeof LedgerRowSchema>;

/** A position at the close of a UTC day (`final`) or now (today, not final). */
export const DailyPnlRowSchema = z.object({
  day: z.number(),
  final: z.boolean(),
  strategyId: z.string(),
  instrumentId: z.string(),
  quantity: z.string(),
  avgPrice: z.string(),
  mark: z.string().nullable(),
  /** Cumulative, as the position carries it. */
  realizedPnl: z.string(),
  unrealizedPnl: z.string().nullable(),
  fees: z.string(),
  /** Net PnL (realised + unrealised − fees) change since the previous row of the same strategy and instrument; null without marks. */
  dayPnl: z.string().nullable(),
});
export type DailyPnlRowDto = z.infer<typeof DailyPnlRowSchema>;

export const TransferSchema = z
  .object({
    accountId: AccountIdSchema,
    currency: z.string().regex(/^[A-Z0-9]{1,16}$/, 'a currency code such as USDT'),
    amount: Dec.refine((v) => /[1-9]/.test(v) && !v.startsWith('-'), 'a positive amount'),
    direction: z.enum(['deposit', 'withdrawal']),
    /** Chosen by the client once per transfer: a retried request with the same ref is booked once. */
    ref: z.string().regex(/^[A-Za-z0-9_-]{6,64}$/, 'a transfer reference of 6-64 letters, digits, - or _'),
  })
  .strict();

export const tradingMethods = {
  'accounts.list': call(z.object({}).strict(), z.array(AccountSchema)),
  'accounts.add': call(
    z
      .object({
        id: AccountIdSchema,
        exchange: ExchangeIdSchema,
        paper: z.boolean().default(false),
        label: z.string().max(80).optional(),
        baseUrl: BaseUrlSchema.optional(),
        sandbox: z.boolean().default(false),
        maxOrderNotional: Dec.optional(),
        startingBalances: z.record(z.string().regex(/^[A-Z0-9]{1,16}$/), Dec).optional(),
      })
      .strict(),
    AccountSchema,
  ),
  'accounts.remove': call(Acc, z.object({ removed: z.boolean() })),
  'accounts.keyStatus': call(Acc, z.array(KeyStatusSchema)),
  /** Stores the key in the OS keychain; answers set / not set only. */
  'accounts.setKeys': call(z.object({ accountId: AccountIdSchema, values: z.record(z.string().max(32), z.string().max(4096)) }).strict(), z.array(KeyStatusSchema)),
  'accounts.testKeys': call(Acc, z.object({ ok: z.boolean(), currencies: z.number().int() })),
  'accounts.removeKeys': call(Acc, z.array(KeyStatusSchema)),

  'orders.preview': call(OrderTicketSchema, PreviewSchema),
  /** Runs the pre-trade check and sends; a denial is an order in status `denied` with its reason. */
  'orders.submit': call(OrderTicketSchema, z.object({ order: OrderDtoSchema, preview: PreviewSchema, exits: z.array(OrderDtoSchema) })),
  /**
   * Several orders: each through the pre-trade check, all journaled before the first is sent,
   * one venue request where the venue has a batch endpoint. `oco` links them as one group (a fill
   * of one cancels the others). One result per order, in order.
   */
  'orders.submitBatch': call(
    z.object({ accountId: AccountIdSchema, orders: z.array(BatchOrderSchema).min(1).max(20), oco: z.boolean().default(false) }).strict(),
    z.array(z.object({ order: OrderDtoSchema, preview: PreviewSchema })),
  ),
  'orders.cancel': call(z.object({ accountId: AccountIdSchema, clientOrderId: ClientOrderIdSchema }).strict(), OrderDtoSchema),
  'orders.cancelAll': call(z.object({ accountId: AccountIdSchema, instrumentId: InstrumentIdSchema.optional() }).strict(), z.array(OrderDtoSchema)),
  'orders.modify': call(z.object({ accountId: AccountIdSchema, clientOrderId: ClientOrderIdSchema, quantity: Dec.optional(), price: Dec.optional(), triggerPrice: Dec.optional() }).strict(), OrderDtoSchema),
  'orders.list': call(z.object({ accountId: AccountIdSchema, open: z.boolean().default(false), limit: z.number().int().min(1).max(5000).default(500) }).strict(), z.array(OrderDtoSchema)),

  'trading.positions': call(Acc, z.array(PositionDtoSchema)),
  'trading.balances': call(Acc, z.array(BalanceDtoSchema)),
  'trading.fills': call(z.object({ accountId: AccountIdSchema, limit: z.number().int().min(1).max(5000).default(500) }).strict(), z.array(FillDtoSchema)),

  'deployments.start': call(
    z
      .object({
        accountId: AccountIdSchema,
        /** A built-in strategy id (`sma-cross`) or a saved strategy's id (its latest version). */
        strategy: z.string().min(1).max(128),
        symbols: z.array(z.string().min(1).max(64)).min(1).max(20),
        timeframe: TimeframeSchema,
        params: z.record(z.string(), z.unknown()).default({}),
      })
      .strict(),
    DeploymentDtoSchema,
  ),
  'deployments.stop': call(z.object({ deploymentId: z.string().max(64) }).strict(), z.object({ stopped: z.boolean() })),
  'deployments.list': call(z.object({ accountId: AccountIdSchema.optional() }).strict(), z.array(DeploymentDtoSchema)),
  'deployments.logs': call(z.object({ deploymentId: z.string().max(64) }).strict(), z.array(DeploymentLogSchema)),

  /** Compares the journal with the venue now; the diff lists choices per difference. */
  'reconcile.run': call(Acc, ReconciliationSchema),
  'reconcile.get': call(Acc, ReconciliationSchema),
  'reconcile.resolve': call(
    z.object({ accountId: AccountIdSchema, decisions: z.array(z.object({ item: z.number().int().min(0), choice: z.enum(['adopt-venue', 'cancel', 'flatten']), instrumentId: InstrumentIdSchema.optional() }).strict()).max(1000) }).strict(),
    ReconciliationSchema,
  ),

  'kill.engage': call(z.object({ accountId: AccountIdSchema.optional(), mode: z.enum(['halted', 'reduce-only']).default('halted'), flatten: z.boolean().default(false), reason: z.string().max(200).optional() }).strict(), z.object({ canceled: z.number(), unknown: z.number(), flattened: z.number(), stopped: z.number(), states: z.array(KillStateSchema) })),
  'kill.release': call(z.object({ accountId: AccountIdSchema.optional() }).strict(), z.array(KillStateSchema)),
  'kill.status': call(z.object({}).strict(), z.array(KillStateSchema)),

  // paper cash, the ledger and daily PnL
  /** Paper accounts only: books the deposit or withdrawal at the paper venue and in the ledger. */
  'accounts.transfer': call(TransferSchema, z.object({ booked: z.boolean(), balance: BalanceDtoSchema, entry: LedgerRowSchema })),
  /** Newest first. */
  'trading.ledger': call(z.object({ accountId: AccountIdSchema, currency: z.string().regex(/^[A-Z0-9]{1,16}$/).optional(), limit: z.number().int().min(1).max(5000).default(200) }).strict(), z.array(LedgerRowSchema)),
  /** Snapshots of closed UTC days in `[from, to)` (day starts), then today so far when `to` is after it. */
  'trading.dailyPnl': call(z.object({ accountId: AccountIdSchema, from: z.number().int().min(0).optional(), to: z.number().int().min(0).optional() }).strict(), z.array(DailyPnlRowSchema)),
};

export const tradingEvents = {
  'trading.order': z.object({ accountId: z.string(), event: z.string(), order: OrderDtoSchema }),
  'trading.fill': z.object({ accountId: z.string(), fill: FillDtoSchema }),
  'trading.balances': z.object({ accountId: z.string() }),
  'trading.accountStatus': z.object({ accountId: z.string(), status: AccountSchema.shape.status, outcome: z.enum(['clean', 'needs-decision', 'halted']).nullable() }),
  'trading.deployment': z.object({ deployment: DeploymentDtoSchema }),
  'trading.deploymentLog': DeploymentLogSchema.extend({ deploymentId: z.string() }),
  'trading.killSwitch': z.object({ states: z.array(KillStateSchema) }),
};
