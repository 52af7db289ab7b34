//! Pure analysis: from one report's text (plus corpus context passed in) to facts
//! and findings. Nothing here knows about the LSP, the async runtime or the file
//! system; the corpus layer feeds it text and the server and CLI present its results.
//!
//! The work is split in two so that one edit never redoes the whole corpus:
//!
//! 1. [`LocalFacts::compute`] — everything that depends on the report alone (line
//!    keys for the cross-report line index, later quotes and mentions). The corpus
//!    caches it per report and recomputes it only when that report changes.
//! 2. [`analyze`] — the findings, from the text, its local facts and a
//!    [`CorpusContext`] (how often each line recurs in other reports, ...). Cheap.
//!
//! A new rule is a module here, a [`rules::RuleInfo`] entry, a call in [`analyze`],
//! and a section in `docs/rules.md`.

pub mod finding;
pub mod lines;
pub mod rules;

pub use finding::{Edit, Finding, Fix, Place, Related, Severity};

/// Facts about one report that do not depend on the rest of the corpus.
#[derive(Debug, Clone, Default)]
pub struct LocalFacts {
    /// For each line, the key under which the corpus counts it across reports
    /// (`None` for blank or too-short lines).
    pub line_keys: Vec<Option<u64>>,
}

impl LocalFacts {
    pub fn compute(text: &str) -> LocalFacts {
        let line_keys = lines::lines_with_ranges(text)
            .map(|(_, line)| line_key(line))
            .collect();
        LocalFacts { line_keys }
    }
}

/// The normalised key of a line for cross-report counting: whitespace folded,
/// lower-cased, digits collapsed, so that "• 03.01 03:29" and "• 02.01 20:18"
/// count as one template line.
pub fn line_key(line: &str) -> Option<u64> {
    use std::hash::{Hash, Hasher};
    let mut norm = String::with_capacity(line.len());
    let mut last_space = true;
    let mut letters = 0;
    for c in line.chars() {
        if c.is_whitespace() {
            if !last_space {
                norm.push(' ');
                last_space = true;
            }
        } else if c.is_numeric() {
            if !norm.ends_with('0') {
                norm.push('0');
            }
            last_space = false;
        } else {
            if c.is_alphabetic() {
                letters += 1;
            }
            norm.extend(c.to_lowercase());
            last_space = false;
        }
    }
    if norm.trim().is_empty() {
        return None;
    }
    let _ = letters;
    let mut h = std::collections::hash_map::DefaultHasher::new();
    norm.trim_end().hash(&mut h);
    Some(h.finish())
}

/// What the corpus knows that bears on one report.
#[derive(Debug, Clone, Default)]
pub struct CorpusContext {
    /// For each line of the report, in how many other reports the same line key
    /// occurs.
    pub line_repeats: Vec<u32>,
}

/// Everything the analysis found in one report.
#[derive(Debug, Clone, Default)]
pub struct Analysis {
    pub findings: Vec<Finding>,
}

/// Run every rule on one report.
pub fn analyze(text: &str, facts: &LocalFacts, ctx: &CorpusContext) -> Analysis {
    let _ = (text, facts, ctx);
    Analysis::default()
}
