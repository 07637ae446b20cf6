//! Plain types shared by every Steerco crate. This crate does no IO (the clock
//! reads the system time or, with `test-clock`, the environment; nothing else).

pub mod clock;
pub mod hlc;
pub mod kinds;
pub mod risk;
pub mod value;
pub mod words;
pub mod work;

pub use clock::{Clock, SystemClock};
pub use hlc::{Hlc, HlcError, ReplicaId};
pub use kinds::{Dimension, ParseKindError, Phase, Rag, Trend};
pub use risk::{Band, RiskStatus};
pub use value::Value;
pub use words::Word;
pub use work::{
    AgendaKind, Attendance, CommitteeKind, DecisionStatus, MeetingState, MinutesPart, Move,
    MoveRule, OutcomeKind, Role, StateRule, TaskState, VoteChoice, VoteResult,
};
