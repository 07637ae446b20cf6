//! Time is injected: logic asks a `Clock`, never the system directly, so tests
//! (and the `test-clock` feature for real processes) control it.

use chrono::{DateTime, Utc};

pub trait Clock: Send + Sync {
    fn now(&self) -> DateTime<Utc>;
}

/// The wall clock. With the `test-clock` feature it reads `STEERCO_NOW`
/// (RFC 3339) and adds `STEERCO_CLOCK_SKEW` (seconds, may be negative), so
/// tests drive overdue rules and clock guards through real processes.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        #[cfg(feature = "test-clock")]
        {
            test_clock_now().unwrap_or_else(Utc::now)
        }
        #[cfg(not(feature = "test-clock"))]
        {
            Utc::now()
        }
    }
}

#[cfg(feature = "test-clock")]
fn test_clock_now() -> Option<DateTime<Utc>> {
    let base = match std::env::var("STEERCO_NOW") {
        Ok(s) => DateTime::parse_from_rfc3339(&s).ok()?.with_timezone(&Utc),
        Err(_) => Utc::now(),
    };
    let skew: i64 = std::env::var("STEERCO_CLOCK_SKEW")
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(0);
    Some(base + chrono::Duration::seconds(skew))
}

/// A clock that always says the same instant; for unit tests and the bench.
#[derive(Debug, Clone, Copy)]
pub struct FixedClock(pub DateTime<Utc>);

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        self.0
    }
}
