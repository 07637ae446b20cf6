// Pure helpers of the chair's overview (dashboard, heat map, risk register,
// timeline): no DOM, no calls, so vitest checks them directly.
// The RAG words, dimensions, bands and scores are steerco-domain's, from the
// generated bindings.
import {
  MAX_SCORE,
  RAGS,
  type Band,
  type Bands,
  type DashInitiative,
  type DashStatus,
  type HeatCell,
  type HeatMap,
  type MilestoneView,
  type Rag,
  type RiskView,
} from './bindings';

export { DIMENSIONS as DASH_DIMENSIONS, RAGS, SCORES } from './bindings';
export type { Band, Rag as RagWord } from './bindings';

/**
 * The band of a likelihood x impact score, as the store bands it
 * (`Band::of` in steerco-domain): up to `low` low, up to `medium` medium, else high.
 */
export function bandOf(bands: Bands, likelihood: number, impact: number): Band {
  const score = likelihood * impact;
  if (score <= bands.low) return 'low';
  if (score <= bands.medium) return 'medium';
  return 'high';
}

/** Whether a banding can be saved: 1 <= low < medium < MAX_SCORE (as the store checks). */
export function validBands(low: number, medium: number): boolean {
  return Number.isInteger(low) && Number.isInteger(medium) && low >= 1 && low < medium && medium < MAX_SCORE;
}

/**
 * The heat map as drawn: five rows, likelihood 5 at the top down to 1, each
 * with five cells, impact 1 to 5 left to right. Cells missing from the map
 * (there should be none) come out empty, banded by the map's bands.
 */
export function heatRows(map: HeatMap): HeatCell[][] {
  const at = new Map(map.cells.map((c) => [`${c.likelihood}/${c.impact}`, c]));
  return [5, 4, 3, 2, 1].map((l) =>
    [1, 2, 3, 4, 5].map(
      (i) => at.get(`${l}/${i}`) ?? { likelihood: l, impact: i, band: bandOf(map.bands, l, i), risks: [], moved: [] },
    ),
  );
}

/** The risks behind a cell, in the register's order. */
export function risksIn(cell: HeatCell, risks: RiskView[]): RiskView[] {
  const ids = new Set(cell.risks);
  return risks.filter((r) => ids.has(r.id));
}

/** Likelihood x impact as the register shows it: "4×3 = 12". */
export function scoreText(s: [number, number] | null | undefined): string {
  return s ? `${s[0]}×${s[1]} = ${s[0] * s[1]}` : '—';
}

/** An initiative's status in one dimension; grey (never reported) when it has none. */
export function statusIn(i: DashInitiative, dimension: string): DashStatus {
  if (dimension === 'overall') return i.overall;
  return i.dimensions[dimension] ?? { rag: 'grey', trend: null, date: null, reason: null, sample: false };
}

/** Why a status is grey: never reported, or reported too long ago. */
export function greyReason(s: DashStatus): 'none' | 'stale' | null {
  if (s.rag !== 'grey') return null;
  return s.date ? 'stale' : 'none';
}

/** The initiatives of a focus area (null: without one) with one overall status (what a count stands for). */
export function behindCount(initiatives: DashInitiative[], area: number | null, rag: string): DashInitiative[] {
  return initiatives.filter(
    (i) => i.focus_area === area && (i.overall.rag === rag || (rag === 'grey' && !RAGS.includes(i.overall.rag as Rag))),
  );
}

/** Group items by focus area (null last), keeping their order. */
export function byFocusArea<T extends { focus_area: number | null }>(
  items: T[],
): { area: number | null; items: T[] }[] {
  const groups = new Map<number | null, T[]>();
  for (const it of items) {
    const list = groups.get(it.focus_area) ?? [];
    list.push(it);
    groups.set(it.focus_area, list);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a ?? Infinity) - (b ?? Infinity))
    .map(([area, list]) => ({ area, items: list }));
}

/** Days since 1970-01-01 of a YYYY-MM-DD date (UTC, so no time zone shifts it). */
export function dayNumber(date: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(date);
  if (!m) return NaN;
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / 86_400_000;
}

export interface TimeScale {
  /** The x position of a date. */
  x: (date: string) => number;
  /** Year starts (or half-years when the span is short) inside the range. */
  ticks: { x: number; label: string }[];
  from: string;
  to: string;
}

/**
 * A time axis from the earliest to the latest of `dates`, padded to whole
 * years, mapped onto [x0, x1]. `today` widens the axis only when it lies
 * within `reach` years of the dates; further off it is marked at the edge
 * (see `todayMark`), so old milestones are not squeezed into a corner.
 */
export function timeScale(
  dates: (string | null | undefined)[],
  x0: number,
  x1: number,
  today?: string,
  reach = 2,
): TimeScale {
  const years = dates.filter((d): d is string => !!d && !Number.isNaN(dayNumber(d))).map((d) => Number(d.slice(0, 4)));
  const ty = today && !Number.isNaN(dayNumber(today)) ? Number(today.slice(0, 4)) : null;
  let first = years.length ? Math.min(...years) : (ty ?? new Date().getUTCFullYear());
  let last = years.length ? Math.max(...years) : first;
  if (ty !== null && ty >= first - reach && ty <= last + reach) {
    first = Math.min(first, ty);
    last = Math.max(last, ty);
  }
  const from = `${first}-01-01`;
  const to = `${last + 1}-01-01`;
  const d0 = dayNumber(from);
  const span = dayNumber(to) - d0;
  const x = (date: string) => {
    const n = dayNumber(date);
    return Number.isNaN(n) ? x0 : x0 + ((n - d0) / span) * (x1 - x0);
  };
  const ticks: { x: number; label: string }[] = [];
  const halves = last - first < 2;
  for (let y = first; y <= last; y++) {
    ticks.push({ x: x(`${y}-01-01`), label: String(y) });
    if (halves) ticks.push({ x: x(`${y}-07-01`), label: `${y} H2` });
  }
  return { x, ticks, from, to };
}

/** Where today goes on an axis: its place, or the edge it lies beyond. */
export function todayMark(scale: TimeScale, today: string): { side: 'before' | 'within' | 'after'; x: number } {
  if (dayNumber(today) < dayNumber(scale.from)) return { side: 'before', x: scale.x(scale.from) };
  if (dayNumber(today) >= dayNumber(scale.to)) return { side: 'after', x: scale.x(scale.to) };
  return { side: 'within', x: scale.x(today) };
}

/** One row of the timeline: an initiative and its milestones. */
export interface TimelineRow {
  initiative: string;
  initiative_id: string;
  milestones: MilestoneView[];
}

/** Timeline rows per focus area: one row per initiative, milestones by date. */
export function timelineRows(timeline: MilestoneView[]): { area: number | null; rows: TimelineRow[] }[] {
  return byFocusArea(timeline).map(({ area, items }) => {
    const rows = new Map<string, TimelineRow>();
    for (const m of items) {
      const row = rows.get(m.initiative_id) ?? {
        initiative: m.initiative,
        initiative_id: m.initiative_id,
        milestones: [],
      };
      row.milestones.push(m);
      rows.set(m.initiative_id, row);
    }
    return { area, rows: [...rows.values()] };
  });
}

/** The quarter a period names, and its neighbours: `YYYY-Qn` plus or minus `delta` quarters. */
export function shiftQuarter(period: string, delta: number): string {
  const m = /^(\d{4})-Q([1-4])$/.exec(period);
  if (!m) return period;
  const n = Number(m[1]) * 4 + (Number(m[2]) - 1) + delta;
  return `${Math.floor(n / 4)}-Q${(n % 4) + 1}`;
}

/** Periods to choose from: the last `back` quarters, the current one and the next. */
export function quarterChoices(current: string, back = 4): string[] {
  const out: string[] = [];
  for (let d = 1; d >= -back; d--) out.push(shiftQuarter(current, d));
  return out;
}

/** Whole kroner with thousands separators, a sign on variances when asked. */
export function formatAmount(n: number | null | undefined, lang: string, signed = false): string {
  if (n === null || n === undefined) return '—';
  const s = Math.abs(n).toLocaleString(lang === 'en' ? 'en-GB' : 'da-DK');
  if (!signed) return n < 0 ? `-${s}` : s;
  return n > 0 ? `+${s}` : n < 0 ? `−${s}` : s;
}
