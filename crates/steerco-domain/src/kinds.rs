//! The closed vocabularies of portfolio status. Each has one spelling on the
//! command line, in the database and in JSON (lowercase words).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("{value:?} is not a valid {kind}; expected one of: {expected}")]
pub struct ParseKindError {
    pub kind: &'static str,
    pub value: String,
    pub expected: String,
}

macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident, $kind:literal, { $($variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ts_rs::TS)]
        #[serde(rename_all = "kebab-case")]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            pub const WORDS: &'static [&'static str] = &[$($text),+];
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
        }

        impl $crate::words::Word for $name {
            const KIND: &'static str = $kind;
            const ALL: &'static [$name] = $name::ALL;
            const WORDS: &'static [&'static str] = $name::WORDS;
            fn word(self) -> &'static str {
                self.as_str()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = ParseKindError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s.trim().to_ascii_lowercase().as_str() {
                    $($text => Ok($name::$variant),)+
                    _ => Err(ParseKindError {
                        kind: $kind,
                        value: s.to_string(),
                        expected: [$($text),+].join(", "),
                    }),
                }
            }
        }
    };
}

vocabulary!(
    /// Red / amber / green; grey means "not reported".
    Rag, "RAG status", { Green => "green", Amber => "amber", Red => "red", Grey => "grey" }
);

vocabulary!(
    /// What a status update is about.
    Dimension, "status dimension", {
        Overall => "overall", Time => "time", Cost => "cost", Scope => "scope", Benefit => "benefit"
    }
);

vocabulary!(
    /// Life-cycle phase of an initiative.
    Phase, "phase", {
        Analysis => "analysis", Tender => "tender", Implementation => "implementation",
        Operation => "operation", Closed => "closed"
    }
);

impl Rag {
    /// Severity for comparing two updates: a higher number is worse.
    /// Grey (not reported) carries no severity, so no trend is derived from it.
    pub fn severity(self) -> Option<u8> {
        match self {
            Rag::Green => Some(0),
            Rag::Amber => Some(1),
            Rag::Red => Some(2),
            Rag::Grey => None,
        }
    }
}

/// Movement between the previous and the latest update of one dimension.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "kebab-case")]
pub enum Trend {
    Improving,
    Stable,
    Worsening,
    /// No previous update, or one of the two is grey.
    Unknown,
}

impl Trend {
    pub fn between(previous: Option<Rag>, latest: Rag) -> Trend {
        match (previous.and_then(Rag::severity), latest.severity()) {
            (Some(p), Some(l)) if l < p => Trend::Improving,
            (Some(p), Some(l)) if l > p => Trend::Worsening,
            (Some(_), Some(_)) => Trend::Stable,
            _ => Trend::Unknown,
        }
    }

    pub fn arrow(self) -> &'static str {
        match self {
            Trend::Improving => "↑",
            Trend::Stable => "→",
            Trend::Worsening => "↓",
            Trend::Unknown => "·",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_is_case_insensitive_and_errors_list_choices() {
        assert_eq!("GREEN".parse::<Rag>(), Ok(Rag::Green));
        let err = "purple".parse::<Rag>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "\"purple\" is not a valid RAG status; expected one of: green, amber, red, grey"
        );
    }

    #[test]
    fn trend_follows_severity_and_ignores_grey() {
        assert_eq!(Trend::between(Some(Rag::Red), Rag::Amber), Trend::Improving);
        assert_eq!(Trend::between(Some(Rag::Green), Rag::Red), Trend::Worsening);
        assert_eq!(Trend::between(Some(Rag::Amber), Rag::Amber), Trend::Stable);
        assert_eq!(Trend::between(Some(Rag::Grey), Rag::Red), Trend::Unknown);
        assert_eq!(Trend::between(None, Rag::Red), Trend::Unknown);
    }
}
