//! Accuracy measurement on labelled development sets (`newsdesk eval ...`). Reads
//! files, so it sits beside the CLI, above `analysis`; `docs/accuracy.md` records
//! what these commands print.

pub mod boilerplate;
pub mod ner;
pub mod quote_balance;
pub mod quote_links;
