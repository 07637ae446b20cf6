import { describe, expect, it } from 'vitest';
import { ragLabel, type Rag } from './format';

describe('ragLabel', () => {
  it('gives Danish labels', () => {
    expect(ragLabel('green', 'da')).toBe('Grøn');
    expect(ragLabel('amber', 'da')).toBe('Gul');
    expect(ragLabel('red', 'da')).toBe('Rød');
    expect(ragLabel('grey', 'da')).toBe('Grå');
  });

  it('gives English labels', () => {
    expect(ragLabel('green', 'en')).toBe('Green');
    expect(ragLabel('amber', 'en')).toBe('Amber');
    expect(ragLabel('red', 'en')).toBe('Red');
    expect(ragLabel('grey', 'en')).toBe('Grey');
  });

  it('has a distinct label for every status in each language', () => {
    const all: Rag[] = ['green', 'amber', 'red', 'grey'];
    for (const lang of ['da', 'en'] as const) {
      const labels = new Set(all.map((r) => ragLabel(r, lang)));
      expect(labels.size).toBe(all.length);
    }
  });
});
