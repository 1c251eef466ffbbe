/**
 * Chinese for the texts the built-in strategies declare (template names and descriptions, param
 * labels), keyed by the English the code declares. Code a user edits keeps its own words: only
 * text still equal to a built-in's is translated.
 */
const ZH: Record<string, string> = {
  'SMA crossover': '均线交叉',
  'Long when the fast simple moving average crosses above the slow one; flat when it crosses below.': '快速简单均线上穿慢速均线时做多，下穿时平仓。',
  'Momentum (ROC + RSI, volume confirmed)': '动量（ROC + RSI，成交量确认）',
  'Buys rising markets on above-average volume; exits when the move fades or overheats.': '在成交量高于平均时买入上涨的市场；动能减弱或过热时离场。',
  'Mean reversion (Bollinger + RSI)': '均值回归（布林带 + RSI）',
  'Buys oversold dips below the lower band; exits at the mean, with a protective stop.': '价格跌破下轨且超卖时买入；回到均值时离场，并设保护性止损。',
  'Donchian breakout': '唐奇安通道突破',
  'Trades breakouts of the N-bar high/low, exits on a shorter channel.': '交易 N 根K线最高/最低价的突破，以更短的通道离场。',
  'Trend following (EMA + ADX, ATR trailing stop)': '趋势跟踪（EMA + ADX，ATR 移动止损）',
  'Rides strong trends; sizes by ATR risk and exits on a trailing ATR stop or a trend reversal.': '跟随强趋势；按 ATR 风险定仓，在 ATR 移动止损或趋势反转时离场。',
  'Grid trading': '网格交易',
  'Buys at fixed steps below a reference price and sells one step higher, over and over.': '在参考价下方按固定间隔买入，上涨一格后卖出，循环往复。',
  'Fast period': '快线周期',
  'Slow period': '慢线周期',
  'Units per trade': '每笔数量',
  'Entry channel': '入场通道',
  'Exit channel': '离场通道',
  'Trade short breakouts': '交易向下突破（做空）',
  'Share of equity per position': '每个仓位占权益比例',
  'Levels below the reference': '参考价下方的网格数',
  'Level spacing (fraction of price)': '网格间距（占价格比例）',
  'Units per level': '每格数量',
  'Band period': '布林带周期',
  'Band width (σ)': '带宽（σ）',
  'RSI period': 'RSI 周期',
  'RSI oversold': 'RSI 超卖线',
  'Stop below entry (σ)': '止损距入场价（σ）',
  'ROC period': 'ROC 周期',
  'Min ROC (%)': '最小 ROC（%）',
  'RSI entry floor': 'RSI 入场下限',
  'RSI exit (overbought)': 'RSI 离场（超买）',
  'Volume average period': '成交量均值周期',
  'Volume ≥ average ×': '成交量 ≥ 均值 ×',
  'Fast EMA': '快速 EMA',
  'Slow EMA': '慢速 EMA',
  'ADX period': 'ADX 周期',
  'Min ADX': '最小 ADX',
  'ATR period': 'ATR 周期',
  'Stop distance (ATR)': '止损距离（ATR）',
  'Risk per trade (equity)': '每笔风险（占权益）',
};

/** `text` in the app's language when it is a built-in strategy's text, else as declared. */
export function builtinText(text: string, language: string): string {
  return language.startsWith('zh') ? (ZH[text] ?? text) : text;
}

/** The English texts known here (for the test that keeps this list in step with the built-ins). */
export const BUILTIN_TEXTS: readonly string[] = Object.keys(ZH);
