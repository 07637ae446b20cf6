//! How a vote counts, as pure functions of its rows, so a view, a close and
//! every replica count alike: each voter's last ballot within the close, the
//! quorum, and the majority rule (more for than against among the votes
//! cast, abstentions not counted; a tie rejects unless the committee gives
//! its chair the casting vote, and the chair voted for).

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use steerco_domain::{VoteChoice, VoteResult};

/// A ballot as stored: who, what, and its stamp (when it was made).
#[derive(Debug, Clone)]
pub(crate) struct Cast {
    pub person_id: String,
    pub name: String,
    pub choice: VoteChoice,
    pub stamp: String,
    pub recorded_at: String,
}

/// A committee's voting rules (schema 14).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct VotingRules {
    /// How many voting members must count for a vote to decide (0: any).
    pub quorum: i64,
    /// Whether the chair's vote decides a tie (else a tie rejects).
    pub casting_vote: bool,
}

/// What the counted ballots give.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct Count {
    #[serde(rename = "for")]
    pub votes_for: i64,
    pub against: i64,
    pub abstain: i64,
    /// The members counted toward the quorum: those present without a
    /// declared interest (in a meeting), those who voted (a written
    /// resolution).
    pub counted: i64,
    pub quorum: i64,
    /// A tie that the chair's casting vote decided.
    pub casting_vote_used: bool,
    pub result: VoteResult,
}

/// Each voter's last ballot (by stamp) among those `within` accepts; the
/// ballots of anyone not in `voters` do not count.
pub(crate) fn last_ballots<'a>(
    casts: &'a [Cast],
    voters: &BTreeSet<&str>,
    within: impl Fn(&Cast) -> bool,
) -> BTreeMap<&'a str, &'a Cast> {
    let mut last: BTreeMap<&str, &Cast> = BTreeMap::new();
    for c in casts
        .iter()
        .filter(|c| voters.contains(c.person_id.as_str()) && within(c))
    {
        let newer = last
            .get(c.person_id.as_str())
            .is_none_or(|l| l.stamp < c.stamp);
        if newer {
            last.insert(&c.person_id, c);
        }
    }
    last
}

/// The count of the last ballots, with `counted` members toward the quorum
/// and `chair` the person whose vote decides a tie under a casting vote.
pub(crate) fn count(
    last: &BTreeMap<&str, &Cast>,
    counted: i64,
    chair: Option<&str>,
    rules: VotingRules,
) -> Count {
    let n = |choice: VoteChoice| last.values().filter(|c| c.choice == choice).count() as i64;
    let (votes_for, against, abstain) = (
        n(VoteChoice::For),
        n(VoteChoice::Against),
        n(VoteChoice::Abstain),
    );
    let chair_for = chair
        .and_then(|c| last.get(c))
        .is_some_and(|c| c.choice == VoteChoice::For);
    let tie = votes_for == against;
    let casting_vote_used = tie && rules.casting_vote && chair_for && counted >= rules.quorum;
    let result = if counted < rules.quorum {
        VoteResult::NotQuorate
    } else if votes_for > against || casting_vote_used {
        VoteResult::Adopted
    } else {
        VoteResult::Rejected
    };
    Count {
        votes_for,
        against,
        abstain,
        counted,
        quorum: rules.quorum,
        casting_vote_used,
        result,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cast(person: &str, choice: VoteChoice, stamp: &str) -> Cast {
        Cast {
            person_id: person.into(),
            name: person.into(),
            choice,
            stamp: stamp.into(),
            recorded_at: String::new(),
        }
    }

    const RULES: VotingRules = VotingRules {
        quorum: 0,
        casting_vote: false,
    };

    #[test]
    fn the_last_ballot_within_counts_and_strangers_do_not() {
        use VoteChoice::*;
        let casts = [
            cast("a", For, "2"),
            cast("a", Against, "3"),
            cast("a", Abstain, "9"),
            cast("x", For, "1"),
        ];
        let voters = BTreeSet::from(["a", "b"]);
        let last = last_ballots(&casts, &voters, |c| c.stamp.as_str() <= "5");
        assert_eq!(last.len(), 1);
        assert_eq!(last["a"].choice, Against);
    }

    #[test]
    fn majority_tie_casting_vote_and_quorum() {
        use VoteChoice::*;
        let voters = BTreeSet::from(["chair", "b", "c"]);
        let tally = |casts: &[Cast], counted: i64, rules: VotingRules| {
            count(
                &last_ballots(casts, &voters, |_| true),
                counted,
                Some("chair"),
                rules,
            )
        };
        // Abstentions are not counted: one for beats none against.
        let one_for = [cast("chair", For, "1"), cast("b", Abstain, "1")];
        assert_eq!(tally(&one_for, 3, RULES).result, VoteResult::Adopted);
        let tie = [cast("chair", For, "1"), cast("b", Against, "1")];
        assert_eq!(tally(&tie, 3, RULES).result, VoteResult::Rejected);
        let casting = VotingRules {
            casting_vote: true,
            ..RULES
        };
        let decided = tally(&tie, 3, casting);
        assert_eq!(decided.result, VoteResult::Adopted);
        assert!(decided.casting_vote_used);
        let chair_against = [cast("chair", Against, "1"), cast("b", For, "1")];
        assert_eq!(
            tally(&chair_against, 3, casting).result,
            VoteResult::Rejected
        );
        let quorum = VotingRules {
            quorum: 4,
            ..casting
        };
        assert_eq!(tally(&one_for, 3, quorum).result, VoteResult::NotQuorate);
        assert_eq!(tally(&[], 3, RULES).result, VoteResult::Rejected);
    }
}
