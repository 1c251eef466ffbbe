import type { CustomData, CustomSeriesOptions, CustomSeriesPricePlotValues, ICustomSeriesPaneRenderer, ICustomSeriesPaneView, PaneRendererCustomData, PriceToCoordinateConverter, Time, WhitespaceData } from 'lightweight-charts';
import { customSeriesDefaultOptions } from 'lightweight-charts';

/** One point of a band between two lines (Ichimoku's leading spans A and B). */
export interface CloudPoint extends CustomData<Time> {
  a: number;
  b: number;
}

export interface CloudOptions extends CustomSeriesOptions {
  /** Fill where a ≥ b (Ichimoku: a bullish cloud). */
  upColor: string;
  /** Fill where a < b. */
  downColor: string;
}

type Target = Parameters<ICustomSeriesPaneRenderer['draw']>[0];

/**
 * The fill between two lines, coloured by which is on top; where they cross inside a bar
 * interval, the interval is split at the crossing so each side gets its own colour. The lines
 * themselves are ordinary line series drawn over it.
 */
export class CloudSeries implements ICustomSeriesPaneView<Time, CloudPoint, CloudOptions> {
  private data: PaneRendererCustomData<Time, CloudPoint> | null = null;
  private options: CloudOptions | null = null;

  renderer(): ICustomSeriesPaneRenderer {
    return { draw: (target, toY) => this.draw(target, toY) };
  }

  update(data: PaneRendererCustomData<Time, CloudPoint>, options: CloudOptions): void {
    this.data = data;
    this.options = options;
  }

  priceValueBuilder(p: CloudPoint): CustomSeriesPricePlotValues {
    return [Math.min(p.a, p.b), Math.max(p.a, p.b), p.b];
  }

  isWhitespace(p: CloudPoint | WhitespaceData<Time>): p is WhitespaceData<Time> {
    return !('a' in p) || !Number.isFinite((p as CloudPoint).a) || !Number.isFinite((p as CloudPoint).b);
  }

  defaultOptions(): CloudOptions {
    return { ...customSeriesDefaultOptions, upColor: 'rgba(38, 166, 154, 0.15)', downColor: 'rgba(239, 83, 80, 0.15)' };
  }

  private draw(target: Target, toY: PriceToCoordinateConverter): void {
    const d = this.data;
    const o = this.options;
    if (!d || !o || !d.visibleRange) return;
    const { from, to } = d.visibleRange;
    target.useBitmapCoordinateSpace(({ context: ctx, horizontalPixelRatio: hr, verticalPixelRatio: vr }) => {
      // one bar beyond each edge so the band reaches the pane's sides
      for (let i = Math.max(0, from - 1); i < Math.min(d.bars.length - 1, to + 1); i++) {
        const p = d.bars[i];
        const q = d.bars[i + 1];
        const ya0 = toY(p.originalData.a);
        const yb0 = toY(p.originalData.b);
        const ya1 = toY(q.originalData.a);
        const yb1 = toY(q.originalData.b);
        if (ya0 === null || yb0 === null || ya1 === null || yb1 === null) continue;
        const x0 = p.x * hr;
        const x1 = q.x * hr;
        const d0 = p.originalData.a - p.originalData.b;
        const d1 = q.originalData.a - q.originalData.b;
        if (d0 * d1 < 0) {
          // the spans cross at fraction t of the interval: two triangles, one per colour
          const t = d0 / (d0 - d1);
          const xc = x0 + (x1 - x0) * t;
          const yc = (ya0 + (ya1 - ya0) * t) * vr;
          fill(ctx, d0 >= 0 ? o.upColor : o.downColor, [[x0, ya0 * vr], [xc, yc], [x0, yb0 * vr]]);
          fill(ctx, d1 >= 0 ? o.upColor : o.downColor, [[xc, yc], [x1, ya1 * vr], [x1, yb1 * vr]]);
        } else {
          fill(ctx, d0 + d1 >= 0 ? o.upColor : o.downColor, [[x0, ya0 * vr], [x1, ya1 * vr], [x1, yb1 * vr], [x0, yb0 * vr]]);
        }
      }
    });
  }
}

function fill(ctx: CanvasRenderingContext2D, color: string, pts: [number, number][]): void {
  ctx.beginPath();
  ctx.moveTo(pts[0][0], pts[0][1]);
  for (let k = 1; k < pts.length; k++) ctx.lineTo(pts[k][0], pts[k][1]);
  ctx.closePath();
  ctx.fillStyle = color;
  ctx.fill();
}

/** Joins two lines' points by time into the band's points (only times where both have a value). */
export function cloudPoints(a: readonly { time: number; value: number }[], b: readonly { time: number; value: number }[]): { time: number; a: number; b: number }[] {
  const bAt = new Map(b.map((p) => [p.time, p.value]));
  const out: { time: number; a: number; b: number }[] = [];
  for (const p of a) {
    const v = bAt.get(p.time);
    if (v !== undefined) out.push({ time: p.time, a: p.value, b: v });
  }
  return out;
}
