// Pure helpers of the committee-work views (meetings, agenda, tasks): no DOM,
// no calls, so vitest checks them directly.
// The vocabularies and the meeting state machine are steerco-domain's, from
// the generated bindings: the store checks the same rules.
import {
  MEETING_STATE_RULES,
  MOVE_RULES,
  TASK_STATES,
  type DecisionView,
  type MeetingState,
  type MinutesPart,
  type Move,
  type StateRule,
  type TaskState,
  type TaskView,
  type Topic,
} from './bindings';

export { ATTENDANCE, COMMITTEE_KINDS, DECISION_STATES, MEETING_STATES, ROLES, TASK_STATES } from './bindings';
export type { Move, TaskState } from './bindings';

/** The rules of a meeting state; none for a word that is no state. */
function stateRule(state: string): StateRule | undefined {
  return (MEETING_STATE_RULES as Partial<Record<string, StateRule>>)[state];
}

function allows(state: string, part: MinutesPart): boolean {
  return stateRule(state)?.edits.includes(part) ?? false;
}

/** The legal moves from a meeting state, in the order a secretary meets them. */
export function nextMoves(state: string): Move[] {
  return [...(stateRule(state)?.moves ?? [])];
}

/** The state a move leads to (a reopen goes back to in progress). */
export function moveTarget(move: Move): MeetingState {
  return MOVE_RULES[move].to;
}

/** The agenda can change (add, reorder) in these states. */
export function agendaEditable(state: string): boolean {
  return allows(state, 'agenda');
}

/** Minutes (outcomes) can be recorded in these states; approved minutes are read-only. */
export function minutesEditable(state: string): boolean {
  return allows(state, 'minutes');
}

/** Attendance can change until the minutes are approved. */
export function attendanceEditable(state: string): boolean {
  return allows(state, 'attendance');
}

/** The meeting's own details (title, time, length, place) can change until the minutes are approved. */
export function meetingEditable(state: string): boolean {
  return allows(state, 'meeting');
}

/** A meeting not yet held (draft or open) can be cancelled. */
export function cancellable(state: string): boolean {
  return state === 'draft' || state === 'open';
}

/**
 * Where a keyboard move on an agenda handle goes: Alt+ArrowUp / Alt+ArrowDown
 * one place, Alt+Home / Alt+End to the top or bottom. Returns the new 0-based
 * index, or null when the key is no move (or the item cannot go further).
 */
export function keyMoveTarget(
  e: { key: string; altKey: boolean; ctrlKey?: boolean; metaKey?: boolean; shiftKey?: boolean },
  index: number,
  count: number,
): number | null {
  if (!e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return null;
  let to: number;
  switch (e.key) {
    case 'ArrowUp':
      to = index - 1;
      break;
    case 'ArrowDown':
      to = index + 1;
      break;
    case 'Home':
      to = 0;
      break;
    case 'End':
      to = count - 1;
      break;
    default:
      return null;
  }
  if (to < 0 || to >= count || to === index) return null;
  return to;
}

/** The list with the element at `from` moved to `to` (0-based); a new array. */
export function moved<T>(list: readonly T[], from: number, to: number): T[] {
  const out = list.slice();
  if (from < 0 || from >= out.length) return out;
  const [x] = out.splice(from, 1) as [T];
  out.splice(Math.max(0, Math.min(to, out.length)), 0, x);
  return out;
}

/**
 * The 0-based target of a drop: dragging item `from` onto item `over`, in its
 * upper or lower half. The dragged item takes the place the drop shows.
 */
export function dropTarget(from: number, over: number, lowerHalf: boolean): number {
  const slot = over + (lowerHalf ? 1 : 0); // a gap between items, 0..count
  return slot > from ? slot - 1 : slot;
}

/** The task state one column to the left (-1) or right (+1), if any. */
export function neighbourState(state: string, dir: -1 | 1): TaskState | null {
  const i = TASK_STATES.indexOf(state as TaskState);
  if (i < 0) return null;
  return TASK_STATES[i + dir] ?? null;
}

/** Tasks grouped by committee board (by id: names may repeat; shown in name order), then by column. */
export function boards(
  tasks: readonly TaskView[],
): { id: string; committee: string; columns: Record<TaskState, TaskView[]> }[] {
  const by = new Map<string, { committee: string; columns: Record<TaskState, TaskView[]> }>();
  for (const t of tasks) {
    let board = by.get(t.committee_id);
    if (!board) {
      const empty = TASK_STATES.map((s): [TaskState, TaskView[]] => [s, []]);
      board = { committee: t.committee, columns: Object.fromEntries(empty) as Record<TaskState, TaskView[]> };
      by.set(t.committee_id, board);
    }
    (board.columns[t.state as TaskState] ?? board.columns.todo).push(t);
  }
  return [...by.entries()]
    .map(([id, b]) => ({ id, ...b }))
    .sort((a, b) => a.committee.localeCompare(b.committee, 'da') || a.id.localeCompare(b.id));
}

export type DecisionFilter = { committee: string; status: string; text: string };

/** The decisions that pass the register's filters (text: any word, case-insensitive). */
export function filterDecisions(list: readonly DecisionView[], f: DecisionFilter): DecisionView[] {
  const words = f.text
    .toLowerCase()
    .split(/\s+/)
    .filter((w) => w);
  return list.filter((d) => {
    if (f.committee && d.committee !== f.committee) return false;
    if (f.status && d.status !== f.status) return false;
    const hay = [d.text, d.committee, d.meeting, d.initiative ?? ''].join(' ').toLowerCase();
    return words.every((w) => hay.includes(w));
  });
}

/** Backlog topics not yet put on an agenda, oldest first (as proposed). */
export function openTopics(list: readonly Topic[]): Topic[] {
  return list
    .filter((x) => !x.meeting_id)
    .sort((a, b) => a.recorded_at.localeCompare(b.recorded_at) || a.id.localeCompare(b.id));
}

/**
 * The decisions a new decision may supersede: those still in force (not
 * superseded or rejected), newest first; the committee's own first when given.
 */
export function supersedable(list: readonly DecisionView[], committee: string | null = null): DecisionView[] {
  return list
    .filter((d) => d.status !== 'superseded' && d.status !== 'rejected')
    .sort(
      (a, b) =>
        Number(committee !== null && b.committee === committee) -
          Number(committee !== null && a.committee === committee) ||
        b.date.localeCompare(a.date) ||
        a.id.localeCompare(b.id),
    );
}

/** The locale of the UI language, for Intl formats. */
export function locale(lang: string): string {
  return lang === 'en' ? 'en-GB' : 'da-DK';
}

/** A stored UTC time shown in the workspace's time zone (the browser's if that fails). */
export function formatDateTime(iso: string, lang: string, timeZone?: string | null): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const opts: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'short' };
  try {
    return d.toLocaleString(locale(lang), timeZone ? { ...opts, timeZone } : opts);
  } catch {
    return d.toLocaleString(locale(lang), opts);
  }
}

/** The hour and minute of a stored UTC time in the workspace's time zone (the browser's if that fails). */
export function formatTime(iso: string, lang: string, timeZone?: string | null): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const opts: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit' };
  try {
    return d.toLocaleTimeString(locale(lang), timeZone ? { ...opts, timeZone } : opts);
  } catch {
    return d.toLocaleTimeString(locale(lang), opts);
  }
}

/** A `YYYY-MM-DD` date shown in the language's format (as a calendar date). */
export function formatDate(date: string | null | undefined, lang: string): string {
  if (!date) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(date);
  if (!m) return date;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toLocaleDateString(locale(lang), { dateStyle: 'medium', timeZone: 'UTC' });
}

/** The end of a meeting, from its start and length. */
export function endsAt(iso: string, minutes: number): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : new Date(d.getTime() + minutes * 60_000).toISOString();
}

const WORD = /[\p{L}\p{N}]/u;

/**
 * The text in parts, marking each word start that begins with a word of the
 * query (case-insensitive), as the search matches them. For display through
 * text interpolation only: no markup is made.
 */
export function highlight(text: string, query: string): { text: string; hit: boolean }[] {
  const words = query
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w);
  const lower = text.toLowerCase();
  if (words.length === 0 || lower.length !== text.length) return [{ text, hit: false }];
  const parts: { text: string; hit: boolean }[] = [];
  let last = 0;
  let i = 0;
  while (i < text.length) {
    const atStart = i === 0 || !WORD.test(text[i - 1] ?? '');
    const w = atStart ? words.filter((x) => lower.startsWith(x, i)).sort((a, b) => b.length - a.length)[0] : undefined;
    if (w) {
      if (i > last) parts.push({ text: text.slice(last, i), hit: false });
      parts.push({ text: text.slice(i, i + w.length), hit: true });
      i += w.length;
      last = i;
    } else {
      i++;
    }
  }
  if (last < text.length) parts.push({ text: text.slice(last), hit: false });
  return parts;
}
