import { describe, expect, it } from 'vitest';
import type { DecisionView, TaskView, Topic } from './bindings';
import {
  agendaEditable,
  attendanceEditable,
  boards,
  dropTarget,
  endsAt,
  filterDecisions,
  formatDate,
  formatDateTime,
  formatTime,
  highlight,
  keyMoveTarget,
  minutesEditable,
  moveTarget,
  moved,
  neighbourState,
  nextMoves,
  openTopics,
  supersedable,
} from './work';

const alt = (key: string) => ({ key, altKey: true });

describe('keyboard reorder', () => {
  it('moves one place with Alt+ArrowUp/Down', () => {
    expect(keyMoveTarget(alt('ArrowDown'), 1, 4)).toBe(2);
    expect(keyMoveTarget(alt('ArrowUp'), 1, 4)).toBe(0);
  });
  it('goes to the ends with Alt+Home/End', () => {
    expect(keyMoveTarget(alt('Home'), 2, 4)).toBe(0);
    expect(keyMoveTarget(alt('End'), 1, 4)).toBe(3);
  });
  it('does nothing past the ends, in place, or without Alt', () => {
    expect(keyMoveTarget(alt('ArrowUp'), 0, 4)).toBeNull();
    expect(keyMoveTarget(alt('ArrowDown'), 3, 4)).toBeNull();
    expect(keyMoveTarget(alt('Home'), 0, 4)).toBeNull();
    expect(keyMoveTarget({ key: 'ArrowDown', altKey: false }, 1, 4)).toBeNull();
    expect(keyMoveTarget({ key: 'ArrowDown', altKey: true, shiftKey: true }, 1, 4)).toBeNull();
    expect(keyMoveTarget(alt('a'), 1, 4)).toBeNull();
  });
});

describe('moved', () => {
  it('moves an element and leaves the input alone', () => {
    const list = ['a', 'b', 'c', 'd'];
    expect(moved(list, 3, 1)).toEqual(['a', 'd', 'b', 'c']);
    expect(moved(list, 0, 2)).toEqual(['b', 'c', 'a', 'd']);
    expect(moved(list, 1, 1)).toEqual(list);
    expect(list).toEqual(['a', 'b', 'c', 'd']);
  });
  it('clamps the target and ignores a bad source', () => {
    expect(moved(['a', 'b'], 0, 9)).toEqual(['b', 'a']);
    expect(moved(['a', 'b'], 5, 0)).toEqual(['a', 'b']);
  });
});

describe('dropTarget', () => {
  // Items a b c d; the result must equal the order the drop line shows.
  const drop = (from: number, over: number, lower: boolean) =>
    moved(['a', 'b', 'c', 'd'], from, dropTarget(from, over, lower)).join('');
  it('drops before or after the item under the pointer', () => {
    expect(drop(0, 2, true)).toBe('bcad');
    expect(drop(0, 2, false)).toBe('bacd');
    expect(drop(3, 1, false)).toBe('adbc');
    expect(drop(3, 1, true)).toBe('abdc');
    expect(drop(1, 1, true)).toBe('abcd');
    expect(drop(1, 2, false)).toBe('abcd');
  });
});

describe('meeting states', () => {
  it('offers only the legal moves', () => {
    expect(nextMoves('draft')).toEqual(['open']);
    expect(nextMoves('open')).toEqual(['in-progress', 'closed']);
    expect(nextMoves('in_progress')).toEqual(['closed']);
    expect(nextMoves('closed')).toEqual(['approved', 'reopened']);
    expect(nextMoves('approved')).toEqual(['reopened']);
    expect(nextMoves('bogus')).toEqual([]);
  });
  it('keeps approved minutes read-only', () => {
    expect(minutesEditable('approved')).toBe(false);
    expect(minutesEditable('draft')).toBe(false);
    expect(minutesEditable('closed')).toBe(true);
    expect(agendaEditable('closed')).toBe(false);
    expect(agendaEditable('draft')).toBe(true);
    expect(agendaEditable('bogus')).toBe(false);
  });
  it('keeps attendance open until the minutes are approved', () => {
    for (const s of ['draft', 'open', 'in_progress', 'closed']) expect(attendanceEditable(s)).toBe(true);
    expect(attendanceEditable('approved')).toBe(false);
  });
  it('says where a move leads', () => {
    expect(moveTarget('in-progress')).toBe('in_progress');
    expect(moveTarget('reopened')).toBe('in_progress');
    expect(moveTarget('approved')).toBe('approved');
  });
});

function task(id: string, committee: string, state: string): TaskView {
  return {
    id,
    text: id,
    owner: null,
    owner_id: null,
    due_date: null,
    state,
    committee,
    committee_id: `c-${committee}`,
    meeting: 'm',
    meeting_id: 'm',
    initiative: null,
    overdue: false,
    description: null,
    own: false,
    comments: 0,
  };
}

describe('task board', () => {
  it('moves between neighbouring columns only', () => {
    expect(neighbourState('todo', 1)).toBe('doing');
    expect(neighbourState('todo', -1)).toBeNull();
    expect(neighbourState('blocked', 1)).toBe('done');
    expect(neighbourState('done', 1)).toBeNull();
    expect(neighbourState('x', 1)).toBeNull();
  });
  it('groups by committee, then by column', () => {
    const b = boards([
      task('1', 'Styregruppe B', 'todo'),
      task('2', 'Arbejdsgruppe A', 'done'),
      task('3', 'Styregruppe B', 'todo'),
    ]);
    expect(b.map((x) => x.committee)).toEqual(['Arbejdsgruppe A', 'Styregruppe B']);
    expect(b[1]?.columns.todo.map((t) => t.id)).toEqual(['1', '3']);
    expect(b[0]?.columns.done.map((t) => t.id)).toEqual(['2']);
  });
  it('keeps two committees of the same name apart', () => {
    const same = { ...task('4', 'Styregruppe B', 'todo'), committee_id: 'other' };
    const b = boards([task('1', 'Styregruppe B', 'todo'), same]);
    expect(b.length).toBe(2);
  });
});

describe('decision filter', () => {
  const d = (id: string, committee: string, status: string, text: string): DecisionView => ({
    id,
    text,
    date: '2026-03-02',
    committee,
    meeting: 'Møde',
    meeting_id: 'm',
    status,
    supersedes: null,
    initiative: id === '1' ? '8.1' : null,
  });
  const all = [d('1', 'A', 'adopted', 'Vi vælger løsning X'), d('2', 'B', 'superseded', 'Udbuddet udskydes')];
  it('filters by committee, status and words', () => {
    expect(filterDecisions(all, { committee: 'A', status: '', text: '' }).map((x) => x.id)).toEqual(['1']);
    expect(filterDecisions(all, { committee: '', status: 'superseded', text: '' }).map((x) => x.id)).toEqual(['2']);
    expect(filterDecisions(all, { committee: '', status: '', text: 'LØSNING vi' }).map((x) => x.id)).toEqual(['1']);
    expect(filterDecisions(all, { committee: '', status: '', text: '8.1' }).map((x) => x.id)).toEqual(['1']);
    expect(filterDecisions(all, { committee: '', status: '', text: '' })).toHaveLength(2);
  });
});

describe('dates', () => {
  it('shows stored UTC in the workspace time zone', () => {
    expect(formatDateTime('2026-03-02T09:00:00Z', 'en', 'Europe/Copenhagen')).toContain('10:00');
    expect(formatDateTime('not a date', 'en')).toBe('not a date');
  });
  it("shows a recorded instant in the workspace zone, not the computer's", () => {
    // 18:54 UTC: 19:54 in Copenhagen in winter, 20:54 in summer (DST).
    expect(formatDateTime('2026-11-29T18:54:58.316Z', 'en', 'Europe/Copenhagen')).toBe('29 Nov 2026, 19:54');
    expect(formatDateTime('2026-06-15T18:54:58.316Z', 'en', 'Europe/Copenhagen')).toContain('20:54');
    expect(formatDateTime('2026-11-29T18:54:58.316Z', 'da', 'Europe/Copenhagen')).toMatch(/29\. nov\. 2026.*19[.:]54/);
    expect(formatTime('2026-11-29T18:54:58.316Z', 'en', 'Asia/Tokyo')).toBe('03:54');
    expect(formatTime('not a date', 'en')).toBe('not a date');
  });
  it('shows a calendar date without shifting it', () => {
    expect(formatDate('2026-03-02', 'en')).toContain('2026');
    expect(formatDate('2026-03-02', 'en')).toContain('2');
    expect(formatDate(null, 'da')).toBe('');
  });
  it('computes the end of a meeting', () => {
    expect(endsAt('2026-03-02T09:00:00Z', 90)).toBe('2026-03-02T10:30:00.000Z');
  });
});

describe('highlight', () => {
  const marks = (text: string, q: string) =>
    highlight(text, q)
      .filter((p) => p.hit)
      .map((p) => p.text);
  it('marks word starts that match a query word, ignoring case', () => {
    expect(marks('Beslutningen om udbud er udskudt', 'beslut ud')).toEqual(['Beslut', 'ud', 'ud']);
    expect(marks('Databeslutning', 'beslut')).toEqual([]);
  });
  it('keeps the text whole and unchanged', () => {
    const text = '<b>Status</b> på datadeling';
    expect(
      highlight(text, 'status på')
        .map((p) => p.text)
        .join(''),
    ).toBe(text);
    expect(highlight(text, '')).toEqual([{ text, hit: false }]);
  });
});

describe('openTopics', () => {
  const topic = (id: string, at: string, meeting: string | null): Topic => ({
    id,
    committee: 'A',
    title: `Emne ${id}`,
    note: null,
    proposed_by: null,
    recorded_at: at,
    meeting_id: meeting,
  });
  it('keeps the topics not on an agenda yet, oldest first', () => {
    const list = [
      topic('c', '2026-03-01T10:00:00.000Z', null),
      topic('a', '2026-02-01T10:00:00.000Z', 'm1'),
      topic('b', '2026-01-01T10:00:00.000Z', null),
    ];
    expect(openTopics(list).map((x) => x.id)).toEqual(['b', 'c']);
    expect(openTopics([])).toEqual([]);
  });
});

describe('supersedable', () => {
  const d = (id: string, committee: string, status: string, date: string): DecisionView => ({
    id,
    text: `Beslutning ${id}`,
    date,
    committee,
    meeting: 'Møde',
    meeting_id: 'm',
    status,
    supersedes: null,
    initiative: null,
  });
  const all = [
    d('1', 'A', 'adopted', '2026-01-10'),
    d('2', 'B', 'adopted', '2026-02-10'),
    d('3', 'A', 'superseded', '2026-02-11'),
    d('4', 'A', 'rejected', '2026-02-12'),
    d('5', 'A', 'proposed', '2026-02-13'),
  ];
  it('lists decisions in force, newest first', () => {
    expect(supersedable(all).map((x) => x.id)).toEqual(['5', '2', '1']);
  });
  it("puts the committee's own decisions first", () => {
    expect(supersedable(all, 'A').map((x) => x.id)).toEqual(['5', '1', '2']);
    expect(supersedable(all, 'C').map((x) => x.id)).toEqual(['5', '2', '1']);
  });
});
