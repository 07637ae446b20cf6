//! The grammar of votes: declarations of interest, votes on agenda items
//! and written resolutions.

use clap::Subcommand;

#[derive(Subcommand)]
pub enum InterestVerb {
    /// Declare a member's interest in an agenda item: they do not vote on
    /// it, do not count toward its quorum, and the minutes name it.
    Declare {
        /// The agenda item (its id or a prefix of 6+ characters).
        item: String,
        /// The member, by name.
        #[arg(long)]
        member: String,
        /// What the interest is.
        #[arg(long)]
        note: Option<String>,
    },
}

#[derive(Subcommand)]
pub enum VoteVerb {
    /// A vote on an agenda item; or, with --committee and --closes, a written
    /// resolution (no meeting: members vote until the closing time).
    Add {
        /// The agenda item voted on (its id or a prefix of 6+ characters).
        #[arg(
            required_unless_present = "committee",
            conflicts_with_all = ["committee", "closes"]
        )]
        item: Option<String>,
        /// The committee of a written resolution.
        #[arg(long, requires = "closes")]
        committee: Option<String>,
        #[arg(long)]
        proposal: String,
        /// When a written resolution closes: YYYY-MM-DDTHH:MM in the
        /// workspace's time zone, or RFC 3339.
        #[arg(long, value_name = "DATETIME", requires = "committee")]
        closes: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// A member's vote (a later one replaces it).
    Cast {
        vote: String,
        /// The member, by name.
        #[arg(long)]
        member: String,
        /// for, against or abstain
        #[arg(long)]
        choice: String,
    },
    /// Close a vote: record its result (prints it) and, adopted, enter the
    /// decision in the register. A written resolution closes once its result
    /// is final.
    Close { vote: String },
    /// A vote: where it stands (open, provisional, adopted, rejected,
    /// not_quorate), the count and who voted how.
    Show {
        vote: String,
        #[arg(long)]
        json: bool,
    },
    List {
        #[arg(long)]
        json: bool,
    },
}
