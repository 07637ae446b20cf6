//! Hybrid logical clock stamps.
//!
//! A stamp is a sortable string `<millis, 13 digits>-<counter, 4 hex>-<replica, 16 hex>`,
//! so comparing two stamps as strings orders them by wall time, then counter,
//! then replica id: exactly the last-writer-wins order. Strings keep the change
//! log readable and indexable in SQLite without custom collations.

use std::fmt;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ReplicaId(pub u64);

impl ReplicaId {
    pub fn parse(s: &str) -> Option<Self> {
        if s.len() != 16 {
            return None;
        }
        u64::from_str_radix(s, 16).ok().map(ReplicaId)
    }
}

impl fmt::Display for ReplicaId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:016x}", self.0)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Hlc {
    pub millis: i64,
    pub counter: u16,
    pub replica: ReplicaId,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum HlcError {
    #[error("not a clock stamp: {0:?}")]
    Malformed(String),
    #[error("clock counter overflow: more than 65535 changes in one millisecond")]
    CounterOverflow,
}

/// Largest wall time a stamp can carry (13 decimal digits of milliseconds).
const MAX_MILLIS: i64 = 9_999_999_999_999;

impl Hlc {
    pub fn zero(replica: ReplicaId) -> Self {
        Hlc {
            millis: 0,
            counter: 0,
            replica,
        }
    }

    /// The next stamp for a local change: later than `self` and than the wall
    /// clock. When one millisecond's counter is used up (a batch of more than
    /// 65,535 changes), logical time moves on to the next millisecond: the
    /// stamp runs ahead of the wall clock by at most a few ms per huge batch.
    pub fn tick(self, wall_millis: i64) -> Result<Hlc, HlcError> {
        let wall = wall_millis.clamp(0, MAX_MILLIS);
        if wall > self.millis {
            return Ok(Hlc {
                millis: wall,
                counter: 0,
                replica: self.replica,
            });
        }
        match self.counter.checked_add(1) {
            Some(counter) => Ok(Hlc {
                millis: self.millis,
                counter,
                replica: self.replica,
            }),
            None if self.millis < MAX_MILLIS => Ok(Hlc {
                millis: self.millis + 1,
                counter: 0,
                replica: self.replica,
            }),
            None => Err(HlcError::CounterOverflow),
        }
    }

    /// Advance a local clock past a stamp received from another replica, so
    /// the next local change sorts after everything this replica has seen.
    pub fn observe(self, remote: Hlc, wall_millis: i64) -> Result<Hlc, HlcError> {
        let wall = wall_millis.clamp(0, MAX_MILLIS);
        let millis = wall.max(self.millis).max(remote.millis);
        let counter = if millis == self.millis && millis == remote.millis {
            self.counter.max(remote.counter).checked_add(1)
        } else if millis == self.millis {
            self.counter.checked_add(1)
        } else if millis == remote.millis {
            remote.counter.checked_add(1)
        } else {
            Some(0)
        };
        match counter {
            Some(counter) => Ok(Hlc {
                millis,
                counter,
                replica: self.replica,
            }),
            // The millisecond is used up: move on to the next one, as `tick` does.
            None if millis < MAX_MILLIS => Ok(Hlc {
                millis: millis + 1,
                counter: 0,
                replica: self.replica,
            }),
            None => Err(HlcError::CounterOverflow),
        }
    }

    pub fn parse(s: &str) -> Result<Hlc, HlcError> {
        let bad = || HlcError::Malformed(s.to_string());
        let mut parts = s.split('-');
        let (Some(m), Some(c), Some(r), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(bad());
        };
        // Only the form `Display` writes: one stamp has one text, so stamps
        // compare as text and a stamp read back is the one that was written.
        let lower_hex = |t: &str| t.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
        if m.len() != 13
            || c.len() != 4
            || !m.bytes().all(|b| b.is_ascii_digit())
            || !lower_hex(c)
            || !lower_hex(r)
        {
            return Err(bad());
        }
        Ok(Hlc {
            millis: m.parse().map_err(|_| bad())?,
            counter: u16::from_str_radix(c, 16).map_err(|_| bad())?,
            replica: ReplicaId::parse(r).ok_or_else(bad)?,
        })
    }
}

impl fmt::Display for Hlc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:013}-{:04x}-{}",
            self.millis, self.counter, self.replica
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: ReplicaId = ReplicaId(0xa);
    const B: ReplicaId = ReplicaId(0xb);

    #[test]
    fn string_order_is_clock_order() {
        let stamps = [
            Hlc {
                millis: 5,
                counter: 0,
                replica: B,
            },
            Hlc {
                millis: 5,
                counter: 1,
                replica: A,
            },
            Hlc {
                millis: 5,
                counter: 1,
                replica: B,
            },
            Hlc {
                millis: 1_700_000_000_000,
                counter: 0,
                replica: A,
            },
        ];
        for w in stamps.windows(2) {
            assert!(w[0] < w[1]);
            assert!(w[0].to_string() < w[1].to_string());
        }
    }

    #[test]
    fn parse_round_trips_and_rejects_garbage() {
        let h = Hlc {
            millis: 1_764_000_000_123,
            counter: 0x2a,
            replica: A,
        };
        assert_eq!(Hlc::parse(&h.to_string()), Ok(h));
        // Upper-case hex and signs parse as numbers but are not the form
        // `Display` writes: refused, so a stamp has one text.
        for bad in [
            "",
            "1-2-3",
            "176400000012-002a-000000000000000a",
            "x",
            "1764000000123-002A-000000000000000a",
            "1764000000123-002a-000000000000000A",
            "1764000000123-+02a-000000000000000a",
            "1764000000123-002a-+00000000000000a",
        ] {
            assert!(Hlc::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn tick_is_monotonic_even_when_wall_clock_goes_back() {
        let h = Hlc::zero(A).tick(1000).unwrap();
        let h2 = h.tick(500).unwrap();
        assert!(h2 > h);
        assert_eq!(h2.millis, 1000);
        assert_eq!(h2.counter, 1);
        assert_eq!(h2.tick(2000).unwrap().counter, 0);
    }

    #[test]
    fn a_full_counter_moves_to_the_next_millisecond() {
        let h = Hlc {
            millis: 1000,
            counter: u16::MAX,
            replica: A,
        };
        let next = h.tick(1000).unwrap();
        assert_eq!((next.millis, next.counter), (1001, 0));
        assert!(next > h);
    }

    #[test]
    fn observing_a_full_counter_moves_to_the_next_millisecond() {
        let remote = Hlc {
            millis: 1000,
            counter: u16::MAX,
            replica: B,
        };
        let next = Hlc::zero(A).observe(remote, 900).unwrap();
        assert!(next > remote);
        assert_eq!((next.millis, next.counter), (1001, 0));
    }

    #[test]
    fn observe_moves_past_remote() {
        let local = Hlc::zero(A).tick(1000).unwrap();
        let remote = Hlc {
            millis: 5000,
            counter: 7,
            replica: B,
        };
        let next = local.observe(remote, 1200).unwrap();
        assert!(next > remote);
        assert_eq!(next.replica, A);
    }
}
