import { z } from 'zod';
import { EngineError } from '../core/errors';

/**
 * Backtest settings (JSON, validated). Every number is float64. Missing cost and market
 * settings come from the market profile; what is given here overrides the profile.
 */
export const CommissionSchema = z
  .object({
    /** Fraction of notional on every fill (0.001 = 0.1%), unless maker/taker rates are given. */
    percent: z.number().min(0).optional(),
    /** Rate for fills that rested on the book (limit orders). */
    maker: z.number().min(0).optional(),
    /** Rate for fills that took liquidity (market, stop, and marketable orders). */
    taker: z.number().min(0).optional(),
    /** Quote currency per unit filled. */
    perUnit: z.number().min(0).optional(),
    /** Quote currency per order, charged on its first fill. */
    perOrder: z.number().min(0).optional(),
    /** Minimum commission per fill (A-shares: 5 CNY). Taxes are added on top. */
    minimum: z.number().min(0).optional(),
    /** Fraction of notional charged on sells only (A-share stamp duty). */
    sellTax: z.number().min(0).optional(),
  })
  .strict();
export type CommissionSpec = z.infer<typeof CommissionSchema>;

export const SlippageSchema = z
  .object({
    /** Adverse move in basis points of the price. */
    bps: z.number().min(0).optional(),
    /** Adverse move in ticks (needs the instrument's tick size). */
    ticks: z.number().min(0).optional(),
    /** Adverse move as a fraction of price per unit of participation (size / bar volume): 0.1 → 1% when taking 10% of the bar. */
    volumeImpact: z.number().min(0).optional(),
  })
  .strict();
export type SlippageSpec = z.infer<typeof SlippageSchema>;

export const InstrumentSpecSchema = z
  .object({
    tickSize: z.number().positive().optional(),
    lotSize: z.number().positive().optional(),
    minSize: z.number().min(0).optional(),
    minNotional: z.number().min(0).optional(),
    multiplier: z.number().positive().optional(),
  })
  .strict();

export const MarketProfileIdSchema = z.enum(['crypto', 'cn-ashares', 'us-equities']);
export type MarketProfileId = z.infer<typeof MarketProfileIdSchema>;

export const BacktestConfigSchema = z
  .object({
    initialCapital: z.number().positive().default(100_000),
    currency: z.string().min(1).max(12).default('USD'),
    profile: MarketProfileIdSchema.default('crypto'),
    commission: CommissionSchema.optional(),
    slippage: SlippageSchema.optional(),
    /** Cap on one bar's fills as a share of its volume (0.1 = 10%); the rest waits for later bars. Off when absent. */
    volumeCap: z.number().positive().max(1).optional(),
    /** When a stop and a target of one OCO group could both have filled inside one bar: assume the worse (default) or the better. */
    intrabar: z.enum(['worst', 'best']).default('worst'),
    /** Gross exposure may reach equity × leverage (1 = cash account). */
    leverage: z.number().positive().max(1000).default(1),
    /** Overrides the profile (crypto and US: allowed; A-shares: not). */
    allowShort: z.boolean().optional(),
    /** Annual risk-free rate for Sharpe, Sortino and alpha (0.02 = 2%). */
    riskFreeRate: z.number().default(0),
    /** Instrument whose buy-and-hold is the benchmark (default: the first symbol). */
    benchmark: z.string().optional(),
    /** Per-instrument trading rules, by instrument id. */
    instruments: z.record(z.string(), InstrumentSpecSchema).default({}),
    /** A-shares: daily price limit as a fraction of the previous close (0.1 main board, 0.2 ChiNext/STAR). */
    priceLimit: z.number().positive().optional(),
    /** Strategy params (validated against the strategy's declaration). */
    params: z.record(z.string(), z.unknown()).default({}),
    /** Curves in the results keep at most this many points (every k-th step and the last); 0 keeps every step. Metrics always use every step. */
    maxCurvePoints: z.number().int().min(0).default(10_000),
    /** Overrides the strategy's startupBars. */
    startupBars: z.number().int().min(0).optional(),
  })
  .strict();
export type BacktestConfigInput = z.input<typeof BacktestConfigSchema>;
export type BacktestConfig = z.output<typeof BacktestConfigSchema>;

export function parseBacktestConfig(input: BacktestConfigInput = {}): BacktestConfig {
  const r = BacktestConfigSchema.safeParse(input);
  if (!r.success) throw new EngineError('INVALID_INPUT', 'invalid backtest config', { issues: r.error.issues });
  return r.data;
}
