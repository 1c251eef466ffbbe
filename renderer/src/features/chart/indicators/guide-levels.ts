/**
 * The reference levels traders read an oscillator against (RSI's 30/70 overbought/oversold, the
 * stochastics' 20/80, CCI's ±100, a zero line for the centred ones), drawn as faint dashed lines
 * in the indicator's pane. Conventions, not parameters: the ones the indicator's author or the
 * common charting packages draw.
 */
export const GUIDE_LEVELS: Readonly<Record<string, readonly number[]>> = {
  RSI: [30, 70],
  STOCH: [20, 80],
  STOCHF: [20, 80],
  STOCHRSI: [20, 80],
  MFI: [20, 80],
  ULTOSC: [30, 70],
  WILLR: [-80, -20],
  CCI: [-100, 100],
  CMO: [-50, 50],
  ADX: [25],
  ADXR: [25],
  DX: [25],
  AROONOSC: [0],
  MACD: [0],
  PPO: [0],
  APO: [0],
  MOM: [0],
  ROC: [0],
  TRIX: [0],
  TSI: [0],
  AO: [0],
  BOP: [0],
  CMF: [0],
  FORCE: [0],
  EOM: [0],
  ADOSC: [0],
  ZSCORE: [-2, 0, 2],
};

export function guideLevels(name: string): readonly number[] {
  return GUIDE_LEVELS[name] ?? [];
}
