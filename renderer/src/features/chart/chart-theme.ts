import type { Theme } from '../../stores/settings';

/** Canvas text cannot use CSS variables: the same stack as --font-mono, spelled out. */
export const CHART_FONT = "'JetBrains Mono', 'SF Mono', 'Cascadia Mono', 'DejaVu Sans Mono', Menlo, Consolas, monospace";

export interface ChartColors {
  background: string;
  text: string;
  grid: string;
  border: string;
  crosshair: string;
  up: string;
  down: string;
  upVolume: string;
  downVolume: string;
}

/** The chart's colours per theme; they match the CSS variables of theme.css (canvas cannot read CSS). */
export const CHART_COLORS: Record<Theme, ChartColors> = {
  dark: {
    background: '#0e1116',
    text: '#8b949e',
    grid: '#1a1f27',
    border: '#262c36',
    crosshair: '#6e7681',
    up: '#26a69a',
    down: '#ef5350',
    upVolume: 'rgba(38, 166, 154, 0.45)',
    downVolume: 'rgba(239, 83, 80, 0.45)',
  },
  light: {
    background: '#ffffff',
    text: '#57606a',
    grid: '#eef1f4',
    border: '#d8dee4',
    crosshair: '#8c959f',
    up: '#089981',
    down: '#d9363e',
    upVolume: 'rgba(8, 153, 129, 0.4)',
    downVolume: 'rgba(217, 54, 62, 0.4)',
  },
};
