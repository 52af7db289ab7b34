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
pub mod quote_variant;
pub mod reused_passage;

pub use catalog::*;
