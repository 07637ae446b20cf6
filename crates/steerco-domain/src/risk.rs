//! The vocabularies of the risk register: a risk's status, likelihood and
//! impact scores, and the bands of their product.

use crate::words::words;

words!(
    /// Whether a risk is still watched.
    RiskStatus, "risk status", {
        Open => "open",
        Closed => "closed",
    }
);

words!(
    /// The band of a likelihood x impact score, from the workspace's banding.
    Band, "band", {
        Low => "low",
        Medium => "medium",
        High => "high",
    }
);

/// Likelihood and impact are each scored on this scale.
pub const SCORES: [i64; 5] = [1, 2, 3, 4, 5];

/// The highest likelihood x impact: a banding's upper bounds lie below it.
pub const MAX_SCORE: i64 = 25;

impl Band {
    /// The band of `score` (likelihood x impact): up to `low` low, up to
    /// `medium` medium, above that high.
    pub const fn of(score: i64, low: i64, medium: i64) -> Band {
        if score <= low {
            Band::Low
        } else if score <= medium {
            Band::Medium
        } else {
            Band::High
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bands_include_their_upper_bound() {
        assert_eq!(Band::of(4, 4, 12), Band::Low);
        assert_eq!(Band::of(5, 4, 12), Band::Medium);
        assert_eq!(Band::of(12, 4, 12), Band::Medium);
        assert_eq!(Band::of(13, 4, 12), Band::High);
        assert_eq!(RiskStatus::WORDS, ["open", "closed"]);
        assert_eq!(Band::WORDS, ["low", "medium", "high"]);
    }
}
