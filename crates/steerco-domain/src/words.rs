//! Closed vocabularies whose words are data: stored in the workspace, carried
//! in synced changes, shown by the CLI and sent to the UI exactly as spelled
//! here. A vocabulary is an enum (so a misspelt word does not compile) with
//! its stored words; the UI gets the same type and the word lists from the
//! generated bindings, so neither side repeats the list.

use crate::kinds::ParseKindError;

/// A closed vocabulary: every word, in the order lists and menus show them,
/// and the stored spelling of each.
pub trait Word:
    Copy + Eq + std::fmt::Display + std::str::FromStr<Err = ParseKindError> + 'static
{
    /// What the vocabulary is called in a message ("meeting state").
    const KIND: &'static str;
    /// Every word, in order.
    const ALL: &'static [Self];
    /// The stored words, in the same order (the SQL schema checks the same
    /// list).
    const WORDS: &'static [&'static str];
    /// The word as stored.
    fn word(self) -> &'static str;
}

/// Declares a vocabulary: one variant per stored word (serde renames each to
/// it, so the enum serialises, and exports to TypeScript, as that word).
/// Parsing takes the stored word exactly, as the operations always did, plus
/// any alias named after it with `|`.
macro_rules! words {
    (
        $(#[$meta:meta])*
        $name:ident, $kind:literal, {
            $( $(#[$vmeta:meta])* $variant:ident => $text:tt $(| $alias:tt)* ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord,
            serde::Serialize, serde::Deserialize, ts_rs::TS,
        )]
        pub enum $name {
            $( $(#[$vmeta])* #[serde(rename = $text)] $variant ),+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            pub const WORDS: &'static [&'static str] = &[$($text),+];

            /// The word as stored.
            pub const fn as_str(self) -> &'static str {
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

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::kinds::ParseKindError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $( $text $(| $alias)* => Ok($name::$variant), )+
                    _ => Err($crate::kinds::ParseKindError {
                        kind: $kind,
                        value: s.to_string(),
                        expected: $name::WORDS.join(", "),
                    }),
                }
            }
        }

        impl From<$name> for $crate::Value {
            fn from(w: $name) -> Self {
                $crate::Value::Text(w.as_str().to_string())
            }
        }
    };
}

pub(crate) use words;
