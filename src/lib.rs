//! newsdesk: a language server and CLI for curators of plain-text news report corpora.
//!
//! The crate is layered (see `ARCHITECTURE.md`):
//!
//! * [`analysis`] — pure functions from one report's text (plus corpus context passed
//!   in) to facts and findings. No protocol types, no async runtime, no file I/O.
//! * [`corpus`] — the set of reports of one folder, its configuration and the
//!   cross-report indexes, updated incrementally; file discovery and loading.
//! * [`server`] — the thin LSP adapter (tower-lsp-server).
//! * [`cli`] — the same analysis for terminals and CI.
//! * [`overview`] — the corpus overview page (`newsdesk report --html`, the
//!   editor's command), shared by the server and the CLI.
//! * [`protocol`] — the one place that turns findings into LSP-shaped diagnostics,
//!   shared by the server and the CLI so that they never disagree.

pub mod analysis;
pub mod batch;
pub mod cli;
pub mod corpus;
pub mod eval;
#[doc(hidden)]
pub mod fixture;
pub mod overview;
pub mod protocol;
pub mod server;
#[cfg(test)]
mod testdata;
