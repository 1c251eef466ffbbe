import { describe, expect, it } from 'vitest';
import { chartKeyAction } from './chart-keys';

const k = (key: string, mods: Partial<{ shiftKey: boolean; ctrlKey: boolean; metaKey: boolean; altKey: boolean }> = {}) => ({ key, shiftKey: false, ctrlKey: false, metaKey: false, altKey: false, ...mods });

describe('chartKeyAction', () => {
  it('scrolls by 10 bars, 100 with Shift', () => {
    expect(chartKeyAction(k('ArrowLeft'))).toEqual({ kind: 'scroll', bars: -10 });
    expect(chartKeyAction(k('ArrowRight', { shiftKey: true }))).toEqual({ kind: 'scroll', bars: 100 });
  });
  it('zooms in and out', () => {
    expect(chartKeyAction(k('+'))).toEqual({ kind: 'zoom', factor: 1.25 });
    expect(chartKeyAction(k('ArrowDown'))).toEqual({ kind: 'zoom', factor: 0.8 });
  });
  it('jumps to the start and the end', () => {
    expect(chartKeyAction(k('Home'))).toEqual({ kind: 'start' });
    expect(chartKeyAction(k('End'))).toEqual({ kind: 'end' });
  });
  it('leaves other keys and shortcuts alone', () => {
    expect(chartKeyAction(k('a'))).toBeNull();
    expect(chartKeyAction(k('ArrowLeft', { ctrlKey: true }))).toBeNull();
    expect(chartKeyAction(k('Home', { metaKey: true }))).toBeNull();
  });
});
