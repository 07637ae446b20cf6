//! What the minutes add under each agenda item from the store's votes
//! (ops/vote, ops/interest): the declarations of interest with their notes,
//! and each vote with its result and who voted how.

use steerco_store::ops::meeting::MeetingView;
use steerco_store::ops::vote::VoteChoice;
use steerco_store::Store;

use super::ExportError;
use crate::model::{AgendaItem, DeclaredInterest, ItemVote};

/// The meeting's agenda items as the minutes show them: outcomes, and the
/// declarations of interest and the named votes of each item.
pub(super) fn minutes_items(
    store: &Store,
    view: &MeetingView,
) -> Result<Vec<AgendaItem>, ExportError> {
    let interests = store.meeting_interests(&view.id)?;
    let votes = store.meeting_votes(&view.id)?;
    let mut items = super::items(view);
    // `items` follows the view's order, one for one.
    for (item, of) in items.iter_mut().zip(&view.items) {
        item.interests = interests
            .iter()
            .filter(|i| i.agenda_item_id == of.id)
            .map(|i| DeclaredInterest {
                name: i.name.clone(),
                note: i.note.clone(),
            })
            .collect();
        item.votes = votes
            .iter()
            .filter(|v| v.agenda_item_id.as_deref() == Some(of.id.as_str()))
            .map(|v| {
                let who = |choice: VoteChoice| {
                    v.ballots
                        .iter()
                        .filter(|b| b.choice == choice)
                        .map(|b| b.name.clone())
                        .collect()
                };
                ItemVote {
                    proposal: v.proposal.clone(),
                    result: v.result.as_str().to_string(),
                    votes_for: who(VoteChoice::For),
                    against: who(VoteChoice::Against),
                    abstain: who(VoteChoice::Abstain),
                    casting_vote: v.count.casting_vote_used && v.closed,
                }
            })
            .collect();
    }
    Ok(items)
}
