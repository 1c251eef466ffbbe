import { describe, expect, it } from 'vitest';
import { rejections } from './rejections';

describe('rejections', () => {
  it('counts rejected orders by reason, most frequent first', () => {
    const orders = [
      { status: 'filled', reason: null },
      { status: 'rejected', reason: 'insufficient margin' },
      { status: 'rejected', reason: 'size below lot' },
      { status: 'rejected', reason: 'insufficient margin' },
      { status: 'cancelled', reason: 'oco' },
      { status: 'rejected' },
    ];
    expect(rejections(orders)).toEqual({
      count: 4,
      reasons: [
        { reason: 'insufficient margin', count: 2 },
        { reason: '?', count: 1 },
        { reason: 'size below lot', count: 1 },
      ],
    });
  });

  it('is empty when nothing was rejected', () => {
    expect(rejections([{ status: 'filled' }])).toEqual({ count: 0, reasons: [] });
  });
});
