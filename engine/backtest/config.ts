import { EngineError } from '../core/errors';

/**
 * Backtest settings (JSON, validated). Every number is float64. Missing cost and market
 * settings come from the market profile; what is given here overrides the profile.
 *
 * Checked by hand rather than with zod: this module is on the path of every CLI backtest and
 * sandbox worker, and zod alone took 40–60 ms of their start. The rules are the table below;
 * an unknown key is an error (a typo must not silently run with the default).
 */
export interface CommissionSpec {
  /** Fraction of notional on every fill (0.001 = 0.1%), unless maker/taker rates are given. */
  percent?: number;
  /** Rate for fills that rested on the book (limit orders). */
  maker?: number;
  /** Rate for fills that took liquidity (market, stop, and marketable orders). */
  taker?: number;
  /** Quote currency per unit filled. */
  perUnit?: number;
  /** Quote currency per order, charged on its first fill. */
  perOrder?: number;
  /** Minimum commission per fill (A-shares: 5 CNY). Taxes are added on top. */
  minimum?: number;
  /** Fraction of notional charged on sells only (A-share stamp duty). */
  sellTax?: number;
}

export interface SlippageSpec {
  /** Adverse move in basis points of the price. */
  bps?: number;
  /** Adverse move in ticks (needs the instrument's tick size). */
  ticks?: number;
  /** Adverse move as a fraction of price per unit of participation (size / bar volume): 0.1 → 1% when taking 10% of the bar. */
  volumeImpact?: number;
}

export interface InstrumentRulesSpec {
  tickSize?: number;
  lotSize?: number;
  minSize?: number;
  minNotional?: number;
  multiplier?: number;
}

export const MARKET_PROFILE_IDS = ['crypto', 'cn-ashares', 'us-equities'] as const;
export type MarketProfileId = (typeof MARKET_PROFILE_IDS)[number];

export interface BacktestConfig {
  initialCapital: number;
  currency: string;
  profile: MarketProfileId;
  commission?: CommissionSpec;
  slippage?: SlippageSpec;
  /** Cap on one bar's fills as a share of its volume (0.1 = 10%); the rest waits for later bars. Off when absent. */
  volumeCap?: number;
  /** When a stop and a target of one OCO group could both have filled inside one bar: assume the worse (default) or the better. */
  intrabar: 'worst' | 'best';
  /** Gross exposure may reach equity × leverage (1 = cash account). */
  leverage: number;
  /** Overrides the profile (crypto and US: allowed; A-shares: not). */
  allowShort?: boolean;
  /** Annual risk-free rate for Sharpe, Sortino and alpha (0.02 = 2%). */
  riskFreeRate: number;
  /** Instrument whose buy-and-hold is the benchmark (default: the first symbol). */
  benchmark?: string;
  /** Per-instrument trading rules, by instrument id. */
  instruments: Record<string, InstrumentRulesSpec>;
  /** A-shares: daily price limit as a fraction of the previous close (0.1 main board, 0.2 ChiNext/STAR). */
  priceLimit?: number;
  /** Strategy params (validated against the strategy's declaration). */
  params: Record<string, unknown>;
  /** Curves in the results keep at most this many points (every k-th step and the last); 0 keeps every step. Metrics always use every step. */
  maxCurvePoints: number;
  /** Overrides the strategy's startupBars. */
  startupBars?: number;
}
export type BacktestConfigInput = Partial<BacktestConfig>;

const DEFAULTS = { initialCapital: 100_000, currency: 'USD', profile: 'crypto', intrabar: 'worst', leverage: 1, riskFreeRate: 0, maxCurvePoints: 10_000 } as const;

export interface ConfigIssue {
  path: (string | number)[];
  message: string;
}

type Rule = (v: unknown, path: (string | number)[], issues: ConfigIssue[]) => void;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function num(opts: { min?: number; positive?: true; max?: number; int?: true }): Rule {
  return (v, path, issues) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) return void issues.push({ path, message: 'expected a finite number' });
    if (opts.int && !Number.isSafeInteger(v)) issues.push({ path, message: 'expected a whole number' });
    if (opts.positive && !(v > 0)) issues.push({ path, message: 'must be greater than 0' });
    if (opts.min !== undefined && v < opts.min) issues.push({ path, message: `must be at least ${opts.min}` });
    if (opts.max !== undefined && v > opts.max) issues.push({ path, message: `must be at most ${opts.max}` });
  };
}

const oneOf =
  (options: readonly string[]): Rule =>
  (v, path, issues) => {
    if (typeof v !== 'string' || !options.includes(v)) issues.push({ path, message: `expected one of ${options.join(', ')}` });
  };

const text =
  (min: number, max: number): Rule =>
  (v, path, issues) => {
    if (typeof v !== 'string') issues.push({ path, message: 'expected a string' });
    else if (v.length < min || v.length > max) issues.push({ path, message: `must be ${min} to ${max} characters` });
  };

const bool: Rule = (v, path, issues) => {
  if (typeof v !== 'boolean') issues.push({ path, message: 'expected true or false' });
};

/** An object with only these keys, each optional, each checked by its rule. */
function shape(rules: Record<string, Rule>): Rule {
  return (v, path, issues) => {
    if (!isObject(v)) return void issues.push({ path, message: 'expected an object' });
    for (const [k, x] of Object.entries(v)) {
      const rule = rules[k];
      if (!rule) issues.push({ path: [...path, k], message: `unknown setting "${k}"` });
      else if (x !== undefined) rule(x, [...path, k], issues);
    }
  };
}

function recordOf(rule: Rule): Rule {
  return (v, path, issues) => {
    if (!isObject(v)) return void issues.push({ path, message: 'expected an object' });
    for (const [k, x] of Object.entries(v)) rule(x, [...path, k], issues);
  };
}

const atLeast0 = num({ min: 0 });
const positive = num({ positive: true });

const CONFIG_RULES = shape({
  initialCapital: positive,
  currency: text(1, 12),
  profile: oneOf(MARKET_PROFILE_IDS),
  commission: shape({ percent: atLeast0, maker: atLeast0, taker: atLeast0, perUnit: atLeast0, perOrder: atLeast0, minimum: atLeast0, sellTax: atLeast0 }),
  slippage: shape({ bps: atLeast0, ticks: atLeast0, volumeImpact: atLeast0 }),
  volumeCap: num({ positive: true, max: 1 }),
  intrabar: oneOf(['worst', 'best']),
  leverage: num({ positive: true, max: 1000 }),
  allowShort: bool,
  riskFreeRate: num({}),
  benchmark: text(0, Infinity),
  instruments: recordOf(shape({ tickSize: positive, lotSize: positive, minSize: atLeast0, minNotional: atLeast0, multiplier: positive })),
  priceLimit: positive,
  params: recordOf(() => {}),
  maxCurvePoints: num({ int: true, min: 0 }),
  startupBars: num({ int: true, min: 0 }),
});

/** The settings with defaults filled in; INVALID_INPUT listing every problem (path and message) otherwise. */
export function parseBacktestConfig(input: BacktestConfigInput = {}): BacktestConfig {
  const issues: ConfigIssue[] = [];
  CONFIG_RULES(input, [], issues);
  if (issues.length > 0) {
    const first = issues[0];
    throw new EngineError('INVALID_INPUT', `invalid backtest config: ${first.path.join('.') || 'config'} ${first.message}${issues.length > 1 ? ` (and ${issues.length - 1} more)` : ''}`, { issues });
  }
  const given = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
  return { ...DEFAULTS, instruments: {}, params: {}, ...given } as BacktestConfig;
}
