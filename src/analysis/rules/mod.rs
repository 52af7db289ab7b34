//! # Rules: each rule owns its findings
//!
//! The catalogue (`catalog.rs`) lists every rule ([`Rule`]) with its code, default severity and
//! summary. Each rule about a report's text has a module here that turns what
//! its detector found into findings — messages, related places, quick fixes —
//! with a `//!` doc naming its section of `docs/rules.md`. The detectors, which
//! other parts of the analysis use too, stay beside them in `analysis/`
//! (`boilerplate`, `dateline`, `quotes`); the corpus reports the file problems
//! (`not-utf8`, `file-too-large`, `unreadable-file`) and `config-error`.

mod catalog;

pub mod boilerplate;
pub mod dateline;
pub mod mismatched_quote;
pub mod near_duplicate;
pub mod quote_variant;
pub mod reused_passage;

pub use catalog::*;

/// `check(rule, fixture)`: the findings of `rule` on the fixture's one report
/// (analysed alone, with no corpus) are exactly its `⟦…⟧` ranges.
#[cfg(test)]
pub(crate) fn check(rule: Rule, fixture: &str) {
    use crate::analysis::{analyze, CorpusContext, LocalFacts};
    let f = crate::fixture::Fixture::parse(fixture);
    let (name, text) = &f.files[0];
    let facts = LocalFacts::compute(text);
    let found: Vec<std::ops::Range<usize>> =
        analyze(text, &facts.shape(), &CorpusContext::default())
            .findings
            .iter()
            .filter(|x| x.code == rule.code())
            .map(|x| x.range.clone())
            .collect();
    let shown = |rs: &[std::ops::Range<usize>]| {
        rs.iter()
            .map(|r| format!("⟦{}⟧", &text[r.clone()]))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        shown(&found),
        shown(&f.ranges_in(name)),
        "{} in\n{text}",
        rule.code()
    );
}
