// Pure helpers of votes, declarations of interest and written resolutions
// (ItemVotes.svelte, CommitteeVoting.svelte and their parts): no DOM, no
// calls, so vitest checks them directly. Who may vote and what counts is
// the store's (the app-core's `meeting_votes` names who cannot vote).
import type { Committee, MeetingVoting, VoteChoice, VoteView } from './bindings';

export { VOTE_CHOICES } from './bindings';

/** One agenda item's declarations of interest and votes. */
export function itemVoting(voting: MeetingVoting | null, itemId: string) {
  return {
    interests: (voting?.interests ?? []).filter((i) => i.agenda_item_id === itemId),
    votes: (voting?.votes ?? []).filter((v) => v.vote.agenda_item_id === itemId),
  };
}

/** A committee's written resolutions (votes without a meeting), newest first. */
export function resolutionsOf(votes: readonly VoteView[], committeeId: string): VoteView[] {
  return votes.filter((v) => v.committee_id === committeeId && v.meeting_id === null).reverse();
}

/** The choice of `personId` that counts so far, or '' for none. */
export function choiceOf(vote: VoteView, personId: string): VoteChoice | '' {
  return vote.ballots.find((b) => b.person_id === personId)?.choice ?? '';
}

/** Ballots are taken while a vote is open: a meeting's until it is closed,
 *  a written resolution's until its closing time. */
export function canCast(vote: VoteView): boolean {
  return !vote.closed && vote.result === 'open';
}

/** A vote can be closed (its result recorded): a meeting's while open; a
 *  written resolution's once past its closing time with a final result
 *  (not while it is open or provisional). */
export function canClose(vote: VoteView): boolean {
  if (vote.closed) return false;
  return vote.closes_at === null ? vote.result === 'open' : vote.result !== 'open' && vote.result !== 'provisional';
}

/** The members who vote on a committee's written resolutions (observers
 *  do not), and the one to preselect: me when I am one of them. */
export function resolutionVoters(committee: Committee | undefined, myName: string | null) {
  const voters = (committee?.members ?? []).filter((m) => m.role !== 'observer');
  const me = voters.find((m) => myName !== null && m.name.toLowerCase() === myName.toLowerCase());
  return { voters, me: me?.person_id ?? '' };
}
