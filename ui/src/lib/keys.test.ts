import { describe, expect, it } from 'vitest';
import { isCtrlEnter } from './keys';

const key = (k: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean; shiftKey: boolean }>) => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...mods,
});

describe('Ctrl+Enter', () => {
  it('is Enter with Ctrl (or Cmd)', () => {
    expect(isCtrlEnter(key('Enter', { ctrlKey: true }))).toBe(true);
    expect(isCtrlEnter(key('Enter', { metaKey: true }))).toBe(true);
  });
  it('is not a plain Enter, another key, other modifiers, or mid-composition', () => {
    expect(isCtrlEnter(key('Enter', {}))).toBe(false);
    expect(isCtrlEnter(key('Enter', { shiftKey: true }))).toBe(false);
    expect(isCtrlEnter(key('Enter', { ctrlKey: true, shiftKey: true }))).toBe(false);
    expect(isCtrlEnter(key('Enter', { ctrlKey: true, altKey: true }))).toBe(false);
    expect(isCtrlEnter(key('s', { ctrlKey: true }))).toBe(false);
    expect(isCtrlEnter({ ...key('Enter', { ctrlKey: true }), isComposing: true })).toBe(false);
  });
});
