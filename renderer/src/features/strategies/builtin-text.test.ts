import { describe, expect, it } from 'vitest';
import { builtinText } from './builtin-text';

describe('built-in strategy texts in Chinese', () => {
  it('translates only for Chinese and leaves other text alone', () => {
    expect(builtinText('Fast period', 'zh-CN')).toBe('快线周期');
    expect(builtinText('Fast period', 'en')).toBe('Fast period');
    expect(builtinText('My own label', 'zh-CN')).toBe('My own label');
  });
});
