//! The copy index: which reports share a band of their body's MinHash
//! signature ([`crate::analysis::copies`]), so that a report's copies are
//! found among its candidates, never by comparing it with every report.
//! Updated one report at a time; the signatures themselves stay in the
//! reports' facts.

use super::postings::PostingTable;
use super::ReportId;
use crate::analysis::copies::{band_keys, CopySig};

/// Reports a band key may hold and still be read: a band that thousands of
/// reports share comes from text they all carry (a site's standing notice
/// the report alone did not show as boilerplate), and reading it for each of
/// them would grow with the square of the corpus. Exact copies are found by
/// their body's hash whatever their number.
pub const MAX_BAND_REPORTS: usize = 1_000;

#[derive(Debug, Default)]
pub struct CopyIndex {
    bands: PostingTable,
    bodies: PostingTable,
}

impl CopyIndex {
    pub fn new() -> CopyIndex {
        CopyIndex::default()
    }

    pub fn add(&mut self, id: ReportId, sig: &CopySig) {
        for k in band_keys(sig) {
            self.bands.insert(k, id);
        }
        self.bodies.insert(sig.body, id);
    }

    pub fn remove(&mut self, id: ReportId, sig: &CopySig) {
        for k in band_keys(sig) {
            self.bands.remove(k, id);
        }
        self.bodies.remove(sig.body, id);
    }

    /// The other reports that share a band with `sig`, each once, in no
    /// particular order: the candidates to compare with.
    pub fn candidates(&self, id: ReportId, sig: &CopySig) -> Vec<ReportId> {
        let mut out: Vec<ReportId> = band_keys(sig)
            .iter()
            .map(|&k| self.bands.get(k))
            .filter(|b| b.len() <= MAX_BAND_REPORTS)
            .chain(std::iter::once(self.bodies.get(sig.body)))
            .flatten()
            .copied()
            .filter(|&r| r != id)
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    pub fn heap_bytes(&self) -> usize {
        self.bands.heap_bytes() + self.bodies.heap_bytes()
    }
}
