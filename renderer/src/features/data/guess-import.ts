import { TIMEFRAMES, type Timeframe } from '../../../../shared/timeframe';

export interface ImportGuess {
  symbol: string;
  timeframe: Timeframe | null;
}

const SYMBOL_RE = /^[^@\s]{1,64}$/;
export const VENUE_RE = /^[a-z0-9_.-]{1,32}$/;

/**
 * A first guess at symbol and timeframe from a file name, for the import form to start from:
 * `btc-usdt-1h.csv` → BTC/USDT, 1h; `AAPL_1d_2020.csv` → AAPL, 1d. The user can change both.
 */
export function guessFromFileName(name: string): ImportGuess {
  const base = name.replace(/\.[^.]*$/, '');
  const tokens = base.split(/[-_\s.]+/).filter(Boolean);
  const timeframe = (tokens.find((t) => (TIMEFRAMES as readonly string[]).includes(t)) as Timeframe | undefined) ?? null;
  const words = tokens.filter((t) => t !== timeframe && !/^\d+$/.test(t));
  let symbol = '';
  if (words.length === 2 && words.every((w) => /^[a-z]+$/i.test(w))) symbol = `${words[0]}/${words[1]}`.toUpperCase();
  else if (words.length > 0) symbol = words[0].toUpperCase();
  return { symbol: SYMBOL_RE.test(symbol) ? symbol : '', timeframe };
}

/** Why a symbol cannot be used, or null when it can (the contract's rule, checked before sending). */
export function symbolProblem(symbol: string): 'required' | 'invalid' | null {
  if (symbol.trim() === '') return 'required';
  return SYMBOL_RE.test(symbol) ? null : 'invalid';
}

export function venueProblem(venue: string): 'invalid' | null {
  return VENUE_RE.test(venue) ? null : 'invalid';
}
