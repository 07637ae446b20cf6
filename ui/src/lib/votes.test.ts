import { describe, expect, it } from 'vitest';
import type { Committee, MeetingVoting, VoteView } from './bindings';
import { canCast, canClose, choiceOf, itemVoting, resolutionsOf, resolutionVoters } from './votes';

const vote = (v: Partial<VoteView>): VoteView =>
  ({ closed: false, result: 'open', closes_at: null, meeting_id: 'm', ballots: [], ...v }) as VoteView;

describe('itemVoting', () => {
  it('keeps one item’s declarations and votes', () => {
    const voting = {
      members: [],
      interests: [{ agenda_item_id: 'a' }, { agenda_item_id: 'b' }],
      votes: [{ vote: vote({ id: '1', agenda_item_id: 'b' }), members: [] }],
    } as unknown as MeetingVoting;
    expect(itemVoting(voting, 'a').interests).toHaveLength(1);
    expect(itemVoting(voting, 'a').votes).toHaveLength(0);
    expect(itemVoting(voting, 'b').votes.map((v) => v.vote.id)).toEqual(['1']);
    expect(itemVoting(null, 'a')).toEqual({ interests: [], votes: [] });
  });
});

describe('resolutionsOf', () => {
  it('lists a committee’s written resolutions, newest first', () => {
    const votes = [
      vote({ id: '1', committee_id: 'c', meeting_id: null }),
      vote({ id: '2', committee_id: 'c', meeting_id: 'm' }),
      vote({ id: '3', committee_id: 'd', meeting_id: null }),
      vote({ id: '4', committee_id: 'c', meeting_id: null }),
    ];
    expect(resolutionsOf(votes, 'c').map((v) => v.id)).toEqual(['4', '1']);
  });
});

describe('choiceOf', () => {
  it('is the counted ballot of the person, or none', () => {
    const v = vote({ ballots: [{ person_id: 'p', choice: 'against' }] as VoteView['ballots'] });
    expect(choiceOf(v, 'p')).toBe('against');
    expect(choiceOf(v, 'q')).toBe('');
  });
});

describe('canCast and canClose', () => {
  it('take ballots while open; close a meeting vote while open', () => {
    expect(canCast(vote({}))).toBe(true);
    expect(canClose(vote({}))).toBe(true);
    expect(canCast(vote({ closed: true, result: 'adopted' }))).toBe(false);
    expect(canClose(vote({ closed: true, result: 'adopted' }))).toBe(false);
  });

  it('close a written resolution only once its result is final', () => {
    const written = (result: VoteView['result']) =>
      vote({ meeting_id: null, closes_at: '2026-01-01T00:00:00Z', result });
    expect(canCast(written('open'))).toBe(true);
    expect(canClose(written('open'))).toBe(false);
    expect(canCast(written('provisional'))).toBe(false);
    expect(canClose(written('provisional'))).toBe(false);
    expect(canClose(written('rejected'))).toBe(true);
    expect(canClose(written('not_quorate'))).toBe(true);
  });
});

describe('resolutionVoters', () => {
  it('leaves observers out and picks me when I vote', () => {
    const c = {
      members: [
        { person_id: '1', name: 'Anne', role: 'chair' },
        { person_id: '2', name: 'Olga', role: 'observer' },
      ],
    } as Committee;
    expect(resolutionVoters(c, 'anne')).toEqual({ voters: [c.members[0]], me: '1' });
    expect(resolutionVoters(c, 'Olga').me).toBe('');
    expect(resolutionVoters(undefined, null)).toEqual({ voters: [], me: '' });
  });
});
