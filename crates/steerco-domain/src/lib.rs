//! Plain types shared by every Steerco crate. This crate does no IO (the clock
//! reads the system time or, with `test-clock`, the environment; nothing else).

pub mod clock;
pub mod hlc;
pub mod kinds;
pub mod value;

pub use clock::{Clock, SystemClock};
pub use hlc::{Hlc, HlcError, ReplicaId};
pub use kinds::{Dimension, ParseKindError, Phase, Rag, Trend};
pub use value::Value;
