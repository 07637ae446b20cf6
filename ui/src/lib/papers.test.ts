import { describe, expect, it } from 'vitest';
import type { AttachmentView } from './bindings';
import { formatSize, papersEditable, papersOf } from './papers';

describe('formatSize', () => {
  it('says bytes, then one decimal in the language’s own way', () => {
    expect(formatSize(0, 'da')).toBe('0 B');
    expect(formatSize(1023, 'da')).toBe('1023 B');
    expect(formatSize(1536, 'da')).toBe('1,5 KB');
    expect(formatSize(1536, 'en')).toBe('1.5 KB');
    expect(formatSize(5 * 1024 * 1024 * 1024, 'en')).toBe('5.0 GB');
  });

  it('drops the decimal from 100 on, and never shows 1024 of a unit', () => {
    expect(formatSize(300_000, 'da')).toBe('293 KB');
    expect(formatSize(99.9 * 1024, 'en')).toBe('99.9 KB');
    expect(formatSize(1024 * 1024 - 1, 'da')).toBe('1,0 MB');
    expect(formatSize(1024 * 1024 * 1024 - 1, 'en')).toBe('1.0 GB');
  });
});

describe('papersEditable', () => {
  it('follows the agenda and the minutes, not a cancelled meeting', () => {
    expect(papersEditable('draft', false)).toBe(true);
    expect(papersEditable('in_progress', false)).toBe(true);
    expect(papersEditable('closed', false)).toBe(true);
    expect(papersEditable('approved', false)).toBe(false);
    expect(papersEditable('open', true)).toBe(false);
    expect(papersEditable('no-such-state', false)).toBe(false);
  });
});

describe('papersOf', () => {
  it('keeps one item’s papers in their order', () => {
    const paper = (id: string, item_id: string) => ({ id, item_id }) as AttachmentView;
    const list = [paper('a', 'x'), paper('b', 'y'), paper('c', 'x')];
    expect(papersOf(list, 'x').map((p) => p.id)).toEqual(['a', 'c']);
    expect(papersOf(list, 'z')).toEqual([]);
  });
});
