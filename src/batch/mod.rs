//! Batch mode (`--features batch`): the analysis's facts of every report as
//! Parquet or JSON Lines tables ([`export`]), and the cross-report links
//! computed from them by SQL plans on Apache DataFusion or a Ballista cluster
//! ([`link`]), for corpora past what one editor session indexes. The scoring
//! is the corpus's own ([`crate::analysis::quotes::matching::pair_score`],
//! called from a DataFusion function, [`udf`]), so the batch links are the
//! links the editor computes. `docs/batch.md` documents the tables.
//!
//! The editor and `check` take the quote links of a link run for the reports
//! unchanged since ([`take_links`], which reads them with [`read`]).
//!
//! This layer reads the corpus and the analysis; the CLI and the server call
//! it. It knows no protocol. Without the feature only [`take_links`] is here,
//! and says how to get batch mode.

#[cfg(feature = "batch")]
pub mod cluster;
#[cfg(feature = "batch")]
pub mod export;
#[cfg(feature = "batch")]
pub mod link;
#[cfg(feature = "batch")]
pub mod read;
#[cfg(feature = "batch")]
pub mod schema;
#[cfg(feature = "batch")]
pub mod udf;

use crate::corpus::precomputed::Adopted;
use crate::corpus::Corpus;
use std::path::Path;

/// Take the quote links of the link tables in `dir` (`[links] path`, or
/// `check --links`) for the reports of `corpus` unchanged since they were
/// computed; the others are linked by the corpus's own index. The error is a
/// message for the curator: nothing was taken.
pub fn take_links(corpus: &Corpus, dir: &Path) -> Result<Adopted, String> {
    #[cfg(feature = "batch")]
    {
        corpus.adopt_link_table(&read::read_link_table(dir)?)
    }
    #[cfg(not(feature = "batch"))]
    {
        let _ = (corpus, dir);
        Err("this newsdesk was built without batch mode, which reads them (cargo install --path . --features batch)".into())
    }
}

/// What [`take_links`] did, in a sentence for the curator.
pub fn said(dir: &str, taken: &Result<Adopted, String>) -> String {
    let reports = |n: usize| match n {
        1 => "1 report".to_string(),
        n => format!("{n} reports"),
    };
    match taken {
        Ok(a) if a.changed == 0 => format!(
            "newsdesk: quote links of {} taken from {dir}",
            reports(a.reports)
        ),
        Ok(a) => format!(
            "newsdesk: quote links of {} taken from {dir}; {} changed since, linked here",
            reports(a.reports),
            reports(a.changed)
        ),
        Err(e) => format!(
            "newsdesk: the quote links in {dir} are not used: {e}. Quote links are computed here instead."
        ),
    }
}
