/**
 * An exact decimal for the live ledger: a bigint mantissa and a base-10 scale
 * (value = mantissa × 10^-scale). Backtests use float64; balances, fills, fees and PnL in live and
 * paper trading use this, so 0.1 + 0.2 is 0.3 and a sum of ledger rows reproduces a balance exactly.
 * Addition, subtraction and multiplication are exact; division and re-scaling take an explicit
 * rounding mode. Immutable; `toString()` is the canonical text form stored in `journal.db`.
 */
import { EngineError } from '../core/errors';

export type RoundingMode =
  /** toward zero (truncate): what venues do to an amount that is too precise */
  | 'down'
  /** away from zero */
  | 'up'
  /** toward −∞ */
  | 'floor'
  /** toward +∞ */
  | 'ceil'
  /** nearest; a tie goes away from zero */
  | 'half-up'
  /** nearest; a tie goes to the even neighbour (banker's rounding) */
  | 'half-even';

/** The most digits after the point a decimal may carry (guards against runaway scales). */
export const MAX_SCALE = 36;
/** Scale a quotient gets when no scale is asked for. */
export const DEFAULT_DIV_SCALE = 18;

const TEN = 10n;
const POW10: bigint[] = [1n];
function pow10(n: number): bigint {
  while (POW10.length <= n) POW10.push(POW10[POW10.length - 1] * TEN);
  return POW10[n];
}

const DECIMAL_TEXT = /^([+-])?(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;
const DECIMAL_TEXT_LEADING_POINT = /^([+-])?\.(\d+)$/;

export class Decimal {
  private constructor(
    /** The digits, signed. */
    readonly mantissa: bigint,
    /** Digits after the point (0 … MAX_SCALE). */
    readonly scale: number,
  ) {}

  static readonly ZERO = new Decimal(0n, 0);
  static readonly ONE = new Decimal(1n, 0);

  /** From mantissa and scale: `Decimal.of(12345n, 2)` is 123.45. */
  static of(mantissa: bigint, scale = 0): Decimal {
    if (!Number.isInteger(scale) || scale < 0 || scale > MAX_SCALE) throw new EngineError('INVALID_INPUT', `decimal scale ${scale} is outside 0…${MAX_SCALE}`);
    return new Decimal(mantissa, scale);
  }

  /**
   * Parses `"123.45"`, `"-0.001"`, `".5"`, `"1e-8"`, `"1.5E+3"`. Exponents are applied exactly.
   * Throws INVALID_INPUT for anything else (empty, NaN, Infinity, commas, spaces).
   */
  static parse(text: string): Decimal {
    const s = text.trim();
    let m = DECIMAL_TEXT.exec(s);
    let sign: string | undefined;
    let int: string;
    let frac: string;
    let exp = 0;
    if (m) {
      sign = m[1];
      int = m[2];
      frac = m[3] ?? '';
      exp = m[4] === undefined ? 0 : Number(m[4]);
    } else {
      m = DECIMAL_TEXT_LEADING_POINT.exec(s);
      if (!m) throw new EngineError('INVALID_INPUT', `not a decimal number: ${JSON.stringify(text.slice(0, 40))}`);
      sign = m[1];
      int = '0';
      frac = m[2];
    }
    let mantissa = BigInt(int + frac);
    let scale = frac.length - exp;
    if (scale < 0) {
      mantissa *= pow10(-scale);
      scale = 0;
    }
    if (sign === '-') mantissa = -mantissa;
    if (scale > MAX_SCALE) {
      // only trailing zeros may be dropped here; real digits past MAX_SCALE are refused
      const d = new Decimal(mantissa, scale).normalize();
      if (d.scale > MAX_SCALE) throw new EngineError('INVALID_INPUT', `decimal ${JSON.stringify(text.slice(0, 40))} has more than ${MAX_SCALE} digits after the point`);
      return d;
    }
    return new Decimal(mantissa, scale);
  }

  /**
   * From a float64 (a venue's JSON number, a backtest price): its shortest round-trip text, so
   * 0.1 becomes exactly 0.1, not 0.1000000000000000055511151231257827.
   */
  static fromNumber(n: number): Decimal {
    if (!Number.isFinite(n)) throw new EngineError('INVALID_INPUT', `not a finite number: ${n}`);
    return Decimal.parse(String(n));
  }

  /** Accepts a Decimal, a decimal string or a finite number. */
  static from(v: DecimalLike): Decimal {
    if (v instanceof Decimal) return v;
    if (typeof v === 'number') return Decimal.fromNumber(v);
    if (typeof v === 'bigint') return new Decimal(v, 0);
    return Decimal.parse(v);
  }

  // ---- arithmetic ----

  add(o: DecimalLike): Decimal {
    const b = Decimal.from(o);
    const s = Math.max(this.scale, b.scale);
    return new Decimal(this.rescaleUp(s) + b.rescaleUp(s), s);
  }

  sub(o: DecimalLike): Decimal {
    const b = Decimal.from(o);
    const s = Math.max(this.scale, b.scale);
    return new Decimal(this.rescaleUp(s) - b.rescaleUp(s), s);
  }

  /** Exact product; its scale is the sum of the scales (reduced if that passes MAX_SCALE and the extra digits are zeros). */
  mul(o: DecimalLike): Decimal {
    const b = Decimal.from(o);
    const scale = this.scale + b.scale;
    const p = new Decimal(this.mantissa * b.mantissa, scale);
    if (scale <= MAX_SCALE) return p;
    const n = p.normalize();
    if (n.scale > MAX_SCALE) throw new EngineError('INVALID_INPUT', `product needs more than ${MAX_SCALE} digits after the point; round the factors first`);
    return n;
  }

  /** Quotient rounded to `scale` digits after the point with `mode`. Division by zero throws. */
  div(o: DecimalLike, scale = DEFAULT_DIV_SCALE, mode: RoundingMode = 'half-even'): Decimal {
    const b = Decimal.from(o);
    if (b.mantissa === 0n) throw new EngineError('INVALID_INPUT', 'division by zero');
    checkScale(scale);
    // this / b = (m1 / 10^s1) / (m2 / 10^s2); wanted: q with q / 10^scale
    // q = m1 * 10^(scale + s2 - s1) / m2
    const shift = scale + b.scale - this.scale;
    let num = this.mantissa;
    let den = b.mantissa;
    if (shift >= 0) num *= pow10(shift);
    else den *= pow10(-shift);
    return new Decimal(divRound(num, den, mode), scale);
  }

  neg(): Decimal {
    return new Decimal(-this.mantissa, this.scale);
  }

  abs(): Decimal {
    return this.mantissa < 0n ? this.neg() : this;
  }

  // ---- rounding and venue precision ----

  /** Rounded (or padded) to exactly `scale` digits after the point. */
  round(scale: number, mode: RoundingMode = 'half-even'): Decimal {
    checkScale(scale);
    if (scale >= this.scale) return new Decimal(this.rescaleUp(scale), scale);
    return new Decimal(divRound(this.mantissa, pow10(this.scale - scale), mode), scale);
  }

  /**
   * The nearest multiple of `step` (a tick size or a lot step such as 0.001 or 0.5) in `mode`:
   * venues truncate amounts (`down`) and round prices to the tick. The result has the step's scale.
   */
  roundToStep(step: DecimalLike, mode: RoundingMode = 'down'): Decimal {
    const st = Decimal.from(step);
    if (st.mantissa <= 0n) throw new EngineError('INVALID_INPUT', `a step must be positive, got ${st.toString()}`);
    const s = Math.max(this.scale, st.scale);
    const n = divRound(this.rescaleUp(s), st.rescaleUp(s), mode);
    return new Decimal(st.mantissa * n, st.scale);
  }

  /** Whether this is a whole multiple of `step`. */
  isMultipleOf(step: DecimalLike): boolean {
    const st = Decimal.from(step);
    if (st.mantissa === 0n) return false;
    const s = Math.max(this.scale, st.scale);
    return this.rescaleUp(s) % st.rescaleUp(s) === 0n;
  }

  /** The same value with trailing zeros removed from the mantissa (1.500 → 1.5, 100 stays 100). */
  normalize(): Decimal {
    if (this.mantissa === 0n) return Decimal.ZERO;
    let m = this.mantissa;
    let s = this.scale;
    while (s > 0 && m % TEN === 0n) {
      m /= TEN;
      s--;
    }
    return s === this.scale ? this : new Decimal(m, s);
  }

  // ---- comparison ----

  cmp(o: DecimalLike): -1 | 0 | 1 {
    const b = Decimal.from(o);
    const s = Math.max(this.scale, b.scale);
    const x = this.rescaleUp(s);
    const y = b.rescaleUp(s);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  eq(o: DecimalLike): boolean {
    return this.cmp(o) === 0;
  }
  lt(o: DecimalLike): boolean {
    return this.cmp(o) < 0;
  }
  lte(o: DecimalLike): boolean {
    return this.cmp(o) <= 0;
  }
  gt(o: DecimalLike): boolean {
    return this.cmp(o) > 0;
  }
  gte(o: DecimalLike): boolean {
    return this.cmp(o) >= 0;
  }
  isZero(): boolean {
    return this.mantissa === 0n;
  }
  isNegative(): boolean {
    return this.mantissa < 0n;
  }
  isPositive(): boolean {
    return this.mantissa > 0n;
  }
  sign(): -1 | 0 | 1 {
    return this.mantissa < 0n ? -1 : this.mantissa > 0n ? 1 : 0;
  }
  static min(a: Decimal, b: Decimal): Decimal {
    return a.lte(b) ? a : b;
  }
  static max(a: Decimal, b: Decimal): Decimal {
    return a.gte(b) ? a : b;
  }
  static sum(values: Iterable<Decimal>): Decimal {
    let t = Decimal.ZERO;
    for (const v of values) t = t.add(v);
    return t;
  }

  // ---- formatting ----

  /** Plain notation with exactly `scale` digits after the point: `"-0.050"`, `"12"`. */
  toString(): string {
    const neg = this.mantissa < 0n;
    const digits = (neg ? -this.mantissa : this.mantissa).toString();
    if (this.scale === 0) return (neg ? '-' : '') + digits;
    const padded = digits.padStart(this.scale + 1, '0');
    const int = padded.slice(0, padded.length - this.scale);
    const frac = padded.slice(padded.length - this.scale);
    return (neg ? '-' : '') + int + '.' + frac;
  }

  /** Without trailing zeros: `"1.5"` for 1.500 (for display and the venue's wire format). */
  toPlainString(): string {
    return this.normalize().toString();
  }

  /** Nearest float64 (for charts and the backtest side; never for the ledger). */
  toNumber(): number {
    return Number(this.toString());
  }

  toJSON(): string {
    return this.toString();
  }

  private rescaleUp(s: number): bigint {
    return s === this.scale ? this.mantissa : this.mantissa * pow10(s - this.scale);
  }
}

export type DecimalLike = Decimal | string | number | bigint;

/** Shorthand for `Decimal.from`. */
export function dec(v: DecimalLike): Decimal {
  return Decimal.from(v);
}

function checkScale(scale: number): void {
  if (!Number.isInteger(scale) || scale < 0 || scale > MAX_SCALE) throw new EngineError('INVALID_INPUT', `decimal scale ${scale} is outside 0…${MAX_SCALE}`);
}

/** num / den as an integer, rounded with `mode` (den ≠ 0). */
function divRound(num: bigint, den: bigint, mode: RoundingMode): bigint {
  if (den < 0n) {
    num = -num;
    den = -den;
  }
  const q = num / den; // truncates toward zero
  const r = num % den; // sign of num
  if (r === 0n) return q;
  const negative = num < 0n;
  const away = negative ? q - 1n : q + 1n;
  switch (mode) {
    case 'down':
      return q;
    case 'up':
      return away;
    case 'floor':
      return negative ? away : q;
    case 'ceil':
      return negative ? q : away;
    case 'half-up':
    case 'half-even': {
      const twice = (r < 0n ? -r : r) * 2n;
      if (twice > den) return away;
      if (twice < den) return q;
      if (mode === 'half-up') return away;
      return q % 2n === 0n ? q : away;
    }
  }
}
