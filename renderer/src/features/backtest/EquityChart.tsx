import { AreaSeries, LineSeries } from 'lightweight-charts';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { Theme } from '../../stores/settings';
import { linePoints, SERIES_COLORS, themedChart } from './chart-setup';

export interface EquityLine {
  label: string;
  ts: readonly number[];
  equity: readonly number[];
}

/**
 * Equity over time with the benchmark (buy and hold, dashed) and a drawdown pane — or, for a
 * comparison, several runs' equity overlaid (no benchmark, no drawdown).
 */
export function EquityChart({ lines, benchmark, drawdown, theme, testId = 'equity-chart' }: { lines: EquityLine[]; benchmark?: EquityLine; drawdown?: { ts: readonly number[]; values: readonly number[] }; theme: Theme; testId?: string }) {
  const { t, i18n } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const chart = themedChart(ref.current!, theme, i18n.language, { wholeRange: true });
    if (benchmark) {
      chart.addSeries(LineSeries, { color: '#8b949e', lineWidth: 1, lineStyle: 2, title: t('workbench.result.benchmark'), priceLineVisible: false, lastValueVisible: false }).setData(linePoints(benchmark.ts, benchmark.equity));
    }
    lines.forEach((l, i) => chart.addSeries(LineSeries, { color: SERIES_COLORS[i % SERIES_COLORS.length], lineWidth: 2, title: l.label, priceLineVisible: false }).setData(linePoints(l.ts, l.equity)));
    if (drawdown) {
      const dd = chart.addSeries(AreaSeries, { lineColor: '#ef5350', topColor: 'rgba(239, 83, 80, 0.05)', bottomColor: 'rgba(239, 83, 80, 0.35)', lineWidth: 1, title: t('workbench.result.drawdown'), priceFormat: { type: 'percent' }, priceLineVisible: false, invertFilledArea: true }, 1);
      dd.setData(linePoints(drawdown.ts, drawdown.values.map((v) => v * 100)));
      chart.panes()[0]?.setStretchFactor(3);
      chart.panes()[1]?.setStretchFactor(1);
    }
    chart.timeScale().fitContent();
    return () => chart.remove();
  }, [lines, benchmark, drawdown, theme, i18n.language, t]);
  return <div className="wb-chart" ref={ref} data-testid={testId} />;
}
