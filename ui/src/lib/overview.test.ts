import { describe, expect, it } from 'vitest';
import type { DashInitiative, HeatMap, MilestoneView } from './bindings';
import {
  bandOf,
  behindCount,
  dayNumber,
  formatAmount,
  greyReason,
  heatRows,
  quarterChoices,
  shiftQuarter,
  statusIn,
  timelineRows,
  timeScale,
  todayMark,
  validBands,
} from './overview';

const bands = { low: 4, medium: 12 };

describe('band lookup', () => {
  it('bands by score with inclusive upper bounds', () => {
    expect(bandOf(bands, 1, 1)).toBe('low');
    expect(bandOf(bands, 2, 2)).toBe('low'); // 4
    expect(bandOf(bands, 1, 5)).toBe('medium'); // 5
    expect(bandOf(bands, 3, 4)).toBe('medium'); // 12
    expect(bandOf(bands, 4, 4)).toBe('high'); // 16
    expect(bandOf({ low: 2, medium: 20 }, 4, 5)).toBe('medium');
  });
  it('accepts only 1 <= low < medium < 25', () => {
    expect(validBands(4, 12)).toBe(true);
    expect(validBands(0, 12)).toBe(false);
    expect(validBands(12, 12)).toBe(false);
    expect(validBands(4, 25)).toBe(false);
    expect(validBands(4.5, 12)).toBe(false);
  });
});

describe('heat-map layout', () => {
  const cells = [];
  for (let l = 5; l >= 1; l--)
    for (let i = 1; i <= 5; i++)
      cells.push({
        likelihood: l,
        impact: i,
        band: bandOf(bands, l, i),
        risks: l === 4 && i === 2 ? ['r1'] : [],
        moved: [],
      });
  const map: HeatMap = { residual: false, since: null, bands, counts: [], cells };

  it('draws likelihood 5 at the top and impact 1 at the left', () => {
    const rows = heatRows(map);
    expect(rows).toHaveLength(5);
    expect(rows.map((r) => r[0]!.likelihood)).toEqual([5, 4, 3, 2, 1]);
    expect(rows[0]!.map((c) => c.impact)).toEqual([1, 2, 3, 4, 5]);
    expect(rows[1]![1]!.risks).toEqual(['r1']);
    expect(rows[0]![4]!.band).toBe('high');
    expect(rows[4]![0]!.band).toBe('low');
  });
  it('fills cells the map lacks, whatever order the cells come in', () => {
    const shuffled: HeatMap = { ...map, cells: [...map.cells].reverse().filter((c) => c.impact !== 3) };
    const rows = heatRows(shuffled);
    expect(rows[1]![1]!.risks).toEqual(['r1']);
    expect(rows[2]![2]).toEqual({ likelihood: 3, impact: 3, band: 'medium', risks: [], moved: [] });
  });
});

describe('timeline scale', () => {
  it('spans whole years around the dates and today', () => {
    const s = timeScale(['2016-05-01', null, '2018-12-31'], 100, 400, '2017-01-01');
    expect(s.from).toBe('2016-01-01');
    expect(s.to).toBe('2019-01-01');
    expect(s.x('2016-01-01')).toBe(100);
    expect(s.x('2019-01-01')).toBe(400);
    expect(s.ticks.map((t) => t.label)).toEqual(['2016', '2017', '2018']);
    expect(s.x('2017-07-02')).toBeGreaterThan(s.x('2017-07-01'));
  });
  it('widens to today when it is near, marks it at the edge when far', () => {
    const near = timeScale(['2017-03-31'], 0, 100, '2019-03-01');
    expect(near.to).toBe('2020-01-01');
    expect(todayMark(near, '2019-03-01').side).toBe('within');
    const far = timeScale(['2017-03-31', '2018-12-31'], 0, 100, '2026-03-01');
    expect([far.from, far.to]).toEqual(['2017-01-01', '2019-01-01']);
    expect(todayMark(far, '2026-03-01')).toEqual({ side: 'after', x: 100 });
    expect(todayMark(far, '2010-01-01')).toEqual({ side: 'before', x: 0 });
  });
  it('adds half-year ticks on a short span', () => {
    const s = timeScale(['2017-03-31'], 0, 100);
    expect(s.ticks.map((t) => t.label)).toEqual(['2017', '2017 H2']);
    expect(s.ticks[1]!.x).toBeCloseTo(((dayNumber('2017-07-01') - dayNumber('2017-01-01')) / 365) * 100, 5);
  });
  it('groups milestones into one row per initiative per focus area', () => {
    const m = (id: string, code: string, fa: number | null): MilestoneView => ({
      id,
      initiative: code,
      initiative_id: `i${code}`,
      focus_area: fa,
      title: id,
      planned: '2017-01-01',
      first_planned: null,
      done: null,
      slipped: false,
    });
    const g = timelineRows([m('a', '1.1', 1), m('b', '1.1', 1), m('c', '1.2', 1), m('d', '2.1', 2), m('e', 'x', null)]);
    expect(g.map((x) => x.area)).toEqual([1, 2, null]);
    expect(g[0]!.rows.map((r) => [r.initiative, r.milestones.length])).toEqual([
      ['1.1', 2],
      ['1.2', 1],
    ]);
  });
});

describe('statuses and counts', () => {
  const grey = { rag: 'grey', trend: null, date: '2017-12-15', reason: null, sample: false };
  const i = (code: string, fa: number, rag: string): DashInitiative => ({
    id: code,
    code,
    title: code,
    title_en: code,
    focus_area: fa,
    phase: null,
    overall: { rag, trend: null, date: null, reason: null, sample: false },
    dimensions: { time: grey },
  });
  it('says why a status is grey', () => {
    expect(greyReason(grey)).toBe('stale');
    expect(greyReason(statusIn(i('1', 1, 'green'), 'cost'))).toBe('none');
    expect(greyReason(i('1', 1, 'green').overall)).toBeNull();
  });
  it('lists what is behind a count', () => {
    const all = [i('1.1', 1, 'green'), i('1.2', 1, 'grey'), i('2.1', 2, 'grey')];
    expect(behindCount(all, 1, 'grey').map((x) => x.code)).toEqual(['1.2']);
    expect(behindCount(all, 1, 'green').map((x) => x.code)).toEqual(['1.1']);
  });
});

describe('periods and amounts', () => {
  it('steps quarters across years', () => {
    expect(shiftQuarter('2026-Q1', -1)).toBe('2025-Q4');
    expect(shiftQuarter('2025-Q4', 1)).toBe('2026-Q1');
    expect(quarterChoices('2026-Q1', 2)).toEqual(['2026-Q2', '2026-Q1', '2025-Q4', '2025-Q3']);
  });
  it('formats amounts with a sign for variances', () => {
    expect(formatAmount(1200000, 'en')).toBe('1,200,000');
    expect(formatAmount(500, 'en', true)).toBe('+500');
    expect(formatAmount(-500, 'en', true)).toBe('−500');
    expect(formatAmount(null, 'en')).toBe('—');
  });
});
