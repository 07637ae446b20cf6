import { describe, expect, it } from 'vitest';
import { da } from './da';
import { en } from './en';

describe('catalogues', () => {
  it('have the same keys', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(da).sort());
  });
  it('have no empty strings and the same placeholders', () => {
    for (const key of Object.keys(da) as (keyof typeof da)[]) {
      expect(da[key].length, key).toBeGreaterThan(0);
      expect(en[key].length, key).toBeGreaterThan(0);
      const holes = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
      expect(holes(en[key]), key).toEqual(holes(da[key]));
    }
  });
});
