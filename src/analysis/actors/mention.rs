//! What the actor engine finds: one mention of a named actor.

use super::registry::MentionKind;
use std::ops::Range;

/// One mention of a named actor.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Mention {
    /// Byte range of the name in the report (titles, a leading "the" and a
    /// possessive "'s" excluded).
    pub range: Range<usize>,
    /// The text in `range`.
    pub text: String,
    pub kind: MentionKind,
    /// Grouping key within and across reports: for a person the lower-case surname
    /// transliterated to Latin ("lavrov" for "Sergei Lavrov", "Lavrov", "Лаврова");
    /// for an organisation or place a normalised canonical name ("osce", "nato",
    /// "russia").
    pub key: String,
    /// A role or title seen in apposition ("Russian Foreign Minister"), or for a
    /// role phrase the phrase itself.
    pub role: Option<String>,
    /// The full name seen here or earlier in the report ("Sergei Lavrov").
    pub full: Option<String>,
    /// True when the mention is a role phrase ("Russia's top diplomat", "the
    /// minister") resolved to a person named earlier, not a name.
    pub from_role: bool,
}
