import { describe, expect, it, vi } from 'vitest';
import { followWindow, soon, visibleRange } from './virtual';

const forty = () => 40;

describe('visibleRange', () => {
  it('renders the rows overlapping the window and stands in for the rest', () => {
    // Rows 0..999 of 40 px; the window 1000..1500 px below the list's top.
    const r = visibleRange(1000, forty, 1000, 1500);
    expect(r).toEqual({ start: 25, end: 38, before: 1000, after: (1000 - 38) * 40 });
  });

  it('keeps the full height whatever is rendered', () => {
    for (const top of [-500, 0, 123, 20000, 39900, 50000]) {
      const r = visibleRange(1000, forty, top, top + 800);
      expect(r.before + (r.end - r.start) * 40 + r.after).toBe(40000);
    }
  });

  it('renders nothing for a list wholly above or below the window', () => {
    expect(visibleRange(10, forty, 900, 1700)).toEqual({ start: 10, end: 10, before: 400, after: 0 });
    expect(visibleRange(10, forty, -1700, -900)).toEqual({ start: 0, end: 0, before: 0, after: 400 });
  });

  it('uses each row its own height', () => {
    const h = (i: number) => (i % 2 ? 100 : 20);
    const r = visibleRange(10, h, 130, 250);
    expect(r.start).toBe(2);
    expect(r.end).toBe(5);
    expect(r.before).toBe(120);
  });

  it('keeps the focused row and the rows between', () => {
    const r = visibleRange(1000, forty, 4000, 4800, 90);
    expect(r.start).toBe(90);
    expect(r.end).toBe(120);
    expect(r.before).toBe(3600);
  });
});

describe('followWindow', () => {
  it('reads every list before any list changes, once per frame however many scrolls', () => {
    const frames: (() => void)[] = [];
    const listeners = new Map<string, () => void>();
    vi.stubGlobal('requestAnimationFrame', (f: () => void) => frames.push(f));
    vi.stubGlobal('cancelAnimationFrame', () => {});
    vi.stubGlobal('window', {
      addEventListener: (name: string, f: () => void) => listeners.set(name, f),
      removeEventListener: (name: string) => listeners.delete(name),
    });
    const log: string[] = [];
    const list = (name: string) => () => {
      log.push(`read ${name}`);
      return () => void log.push(`write ${name}`);
    };
    const stopA = followWindow(list('a'));
    const stopB = followWindow(list('b'));
    listeners.get('scroll')!();
    listeners.get('scroll')!();
    soon();
    expect(frames).toHaveLength(1);
    frames.shift()!();
    expect(log).toEqual(['read a', 'read b', 'write a', 'write b']);
    stopA();
    expect(listeners.has('scroll')).toBe(true);
    stopB();
    expect(listeners.size).toBe(0);
    vi.unstubAllGlobals();
  });
});
