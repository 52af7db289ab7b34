//! Batch mode (`--features batch`): the analysis's facts of every report as
//! Parquet or JSON Lines tables ([`export`]), and the cross-report links
//! computed from them by SQL plans on Apache DataFusion or a Ballista cluster
//! ([`link`]), for corpora past what one editor session indexes. The scoring
//! is the corpus's own ([`crate::analysis::quotes::matching::pair_score`],
//! called from a DataFusion function, [`udf`]), so the batch links are the
//! links the editor computes. `docs/batch.md` documents the tables.
//!
//! This layer reads the corpus and the analysis; the CLI calls it. It knows no
//! protocol.

pub mod export;
pub mod link;
pub mod schema;
pub mod udf;
