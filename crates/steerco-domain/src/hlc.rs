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

    /// A stamp from its text, which must be exactly what `Display` writes:
    /// 13 decimal digits, `-`, 4 and then 16 lower-case hex digits. One
    /// stamp has one text, so stamps compare as text and a stamp read back
    /// is the one that was written. Read by position, without splitting:
    /// a merge parses every change's stamp.
    pub fn parse(s: &str) -> Result<Hlc, HlcError> {
        let bad = || HlcError::Malformed(s.to_string());
        let b = s.as_bytes();
        if b.len() != 35 || b[13] != b'-' || b[18] != b'-' {
            return Err(bad());
        }
        let mut millis: i64 = 0;
        for &d in &b[..13] {
            if !d.is_ascii_digit() {
                return Err(bad());
            }
            millis = millis * 10 + i64::from(d - b'0');
        }
        let hex = |digits: &[u8]| -> Option<u64> {
            digits.iter().try_fold(0u64, |n, &d| {
                let v = match d {
                    b'0'..=b'9' => d - b'0',
                    b'a'..=b'f' => d - b'a' + 10,
                    _ => return None,
                };
                Some((n << 4) | u64::from(v))
            })
        };
        let (Some(counter), Some(replica)) = (hex(&b[14..18]), hex(&b[19..])) else {
            return Err(bad());
        };
        Ok(Hlc {
            millis,
            counter: u16::try_from(counter).map_err(|_| bad())?,
            replica: ReplicaId(replica),
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
    fn a_parsed_stamp_prints_as_the_text_it_came_from() {
        let text = "1764000000123-002a-0123456789abcdef";
        assert_eq!(Hlc::parse(text).unwrap().to_string(), text);
        // Every one-character change and every length change either fails
        // or is another stamp's own text.
        let mut tried = 0;
        for i in 0..=text.len() {
            for c in ["0", "9", "a", "f", "g", "A", "-", "+", " ", "é", ""] {
                for cut in [0, 1] {
                    let Some(tail) = text.get((i + cut).min(text.len())..) else {
                        continue;
                    };
                    let s = format!("{}{c}{tail}", &text[..i]);
                    tried += 1;
                    if let Ok(h) = Hlc::parse(&s) {
                        assert_eq!(h.to_string(), s);
                    }
                }
            }
        }
        assert!(tried > 700);
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
