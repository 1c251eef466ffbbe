import { describe, expect, it } from 'vitest';
import { screenForShortcut } from './shortcuts';

const key = (k: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean; shiftKey: boolean }> = {}) => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...mods,
});

describe('screen shortcuts', () => {
  it('maps Ctrl/⌘+n to the n-th screen', () => {
    expect(screenForShortcut(key('1', { ctrlKey: true }))).toBe('chart');
    expect(screenForShortcut(key('2', { metaKey: true }))).toBe('data');
  });
  it('ignores plain digits, other modifiers and screens that do not exist', () => {
    expect(screenForShortcut(key('1'))).toBeNull();
    expect(screenForShortcut(key('1', { ctrlKey: true, shiftKey: true }))).toBeNull();
    expect(screenForShortcut(key('9', { ctrlKey: true }))).toBeNull();
    expect(screenForShortcut(key('a', { ctrlKey: true }))).toBeNull();
  });
});
