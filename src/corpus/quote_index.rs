//! # Cross-report indexes of quotations and reused passages
//!
//! The corpus keeps two inverted indexes so that the quote cross-reference
//! never compares a quotation with every other quotation of the corpus:
//!
//! * [`QuoteIndex`] files every linkable quotation of every report under the
//!   keys of its content words ([`quote_match::term_key`]). Looking up a
//!   quotation walks the postings of its own words, rarest first, and scores
//!   only the quotations found there. Words so common that their postings
//!   exceed a bound (by default [`DEFAULT_MAX_POSTINGS`]) are stepped over:
//!   they would bring in most of the corpus and decide nothing.
//! * [`PassageIndex`] files the hashes of the narrative sentences of every
//!   report ([`crate::analysis::passages::sentences`]), to find passages that
//!   another report reuses word for word.
//!
//! Both are updated per report: when a report is edited, the corpus calls
//! `remove_report` and `add_report` for that report only.
//!
//! These are plain data structures: no I/O, no threads, no protocol types.

use std::collections::HashMap;

use crate::analysis::quote_match::{self, QuoteSig, SpeakerRelation};

/// A report of the corpus, as numbered by the corpus.
pub type ReportId = u32;

/// One quotation of one report: the report, and the quotation's position in
/// the list the report's quotations were added with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct QuoteRef {
    pub report: ReportId,
    pub quote: usize,
}

/// Postings longer than this are stepped over when looking for matches.
pub const DEFAULT_MAX_POSTINGS: usize = 5_000;
/// Most candidates scored for one lookup (those sharing the most words).
pub const MAX_CANDIDATES: usize = 300;
/// Most other reports one quotation is linked to (the best ones). A statement
/// quoted by hundreds of reports still answers quickly.
pub const MAX_LINKS: usize = 50;

#[derive(Debug, Clone)]
struct Entry {
    sig: QuoteSig,
    speaker: Option<String>,
}

/// Inverted index from content words to quotations; see the module docs.
#[derive(Debug, Clone)]
pub struct QuoteIndex {
    postings: HashMap<String, Vec<QuoteRef>>,
    reports: HashMap<ReportId, Vec<Entry>>,
    /// Number of linkable quotations filed.
    filed: usize,
    max_postings: usize,
}

impl Default for QuoteIndex {
    fn default() -> Self {
        QuoteIndex {
            postings: HashMap::new(),
            reports: HashMap::new(),
            filed: 0,
            max_postings: DEFAULT_MAX_POSTINGS,
        }
    }
}

/// The distinct keys of a signature's terms.
fn keys(sig: &QuoteSig) -> Vec<&str> {
    let mut k: Vec<&str> = sig.terms.iter().map(|t| quote_match::term_key(t)).collect();
    k.sort_unstable();
    k.dedup();
    k
}

impl QuoteIndex {
    pub fn new() -> Self {
        Self::default()
    }

    /// An index that steps over words with more than `max` postings.
    pub fn with_max_postings(max: usize) -> Self {
        QuoteIndex {
            max_postings: max.max(1),
            ..Self::default()
        }
    }

    /// Number of reports indexed.
    pub fn report_count(&self) -> usize {
        self.reports.len()
    }

    /// Index the quotations of `report`, replacing what was indexed for it.
    /// `quotes[i]` is the signature and speaker surname key of the report's
    /// quotation `i`; quotations that are not linkable
    /// ([`QuoteSig::is_linkable`]) are kept for numbering but not filed.
    pub fn add_report(&mut self, report: ReportId, quotes: &[(QuoteSig, Option<String>)]) {
        self.remove_report(report);
        for (i, (sig, _)) in quotes.iter().enumerate() {
            if !sig.is_linkable() {
                continue;
            }
            self.filed += 1;
            for key in keys(sig) {
                self.postings
                    .entry(key.to_string())
                    .or_default()
                    .push(QuoteRef { report, quote: i });
            }
        }
        let entries = quotes
            .iter()
            .map(|(sig, speaker)| Entry {
                sig: sig.clone(),
                speaker: speaker.clone(),
            })
            .collect();
        self.reports.insert(report, entries);
    }

    /// Forget the quotations of `report`.
    pub fn remove_report(&mut self, report: ReportId) {
        let Some(entries) = self.reports.remove(&report) else {
            return;
        };
        for e in entries.iter().filter(|e| e.sig.is_linkable()) {
            self.filed -= 1;
            for key in keys(&e.sig) {
                if let Some(list) = self.postings.get_mut(key) {
                    list.retain(|r| r.report != report);
                    if list.is_empty() {
                        self.postings.remove(key);
                    }
                }
            }
        }
    }

    /// The weight of a stem in comparisons: its inverse document frequency
    /// over the filed quotations, `ln(1 + N / df)`. A stem no quotation has
    /// weighs as one that a single quotation has.
    pub fn weight(&self, term: &str) -> f32 {
        let df = self
            .postings
            .get(quote_match::term_key(term))
            .map_or(1, Vec::len)
            .max(1);
        (1.0 + self.filed.max(1) as f32 / df as f32).ln()
    }

    /// The signature and speaker key of an indexed quotation.
    pub fn get(&self, r: QuoteRef) -> Option<(&QuoteSig, Option<&str>)> {
        let e = self.reports.get(&r.report)?.get(r.quote)?;
        Some((&e.sig, e.speaker.as_deref()))
    }

    /// Quotations in *other* reports that match `sig` (said by `speaker`, a
    /// surname key) with a score ([`quote_match::score`]) of at least
    /// `threshold`, best first.
    pub fn matches(
        &self,
        report: ReportId,
        sig: &QuoteSig,
        speaker: Option<&str>,
        threshold: f32,
    ) -> Vec<(QuoteRef, f32)> {
        if !sig.is_linkable() {
            return Vec::new();
        }
        // Words in more than one in twenty quotations (and at least a hundred) say
        // little about which quotation this is, and would bring in most of the
        // corpus as candidates: they still count in the score, not in the lookup.
        let limit = self.max_postings.min((self.filed / 20).max(100));
        let mut lists: Vec<&Vec<QuoteRef>> = keys(sig)
            .into_iter()
            .filter_map(|k| self.postings.get(k))
            .filter(|l| l.len() <= limit)
            .collect();
        lists.sort_by_key(|l| l.len());
        let mut shared: HashMap<QuoteRef, u32> = HashMap::new();
        for list in lists {
            for r in list.iter().filter(|r| r.report != report) {
                *shared.entry(*r).or_default() += 1;
            }
        }
        let mut cands: Vec<(QuoteRef, u32)> = shared.into_iter().collect();
        if cands.len() > MAX_CANDIDATES {
            cands.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            cands.truncate(MAX_CANDIDATES);
        }
        let mut out: Vec<(QuoteRef, f32)> = cands
            .into_iter()
            .filter_map(|(r, _)| {
                let (other, other_speaker) = self.get(r)?;
                let sim = quote_match::similarity_weighted(sig, other, &|t| self.weight(t));
                let s = quote_match::score(sim, SpeakerRelation::of(speaker, other_speaker));
                (s >= threshold).then_some((r, s))
            })
            .collect();
        out.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        out
    }

    /// The links of an indexed quotation: for each other report, its best
    /// match there (score at least `threshold`), kept only when the match
    /// is mutual — this quotation is in turn the best match of that one in
    /// this report. A statement is rarely quoted twice in one report, so a
    /// quotation that matches two quotations of another report is linked
    /// to the one it matches best, and a quotation that another report's
    /// quotation matches less well than its own counterpart is not linked.
    /// Best first.
    pub fn links(&self, from: QuoteRef, threshold: f32) -> Vec<(QuoteRef, f32)> {
        let Some((sig, speaker)) = self.get(from) else {
            return Vec::new();
        };
        let Some(own) = self.reports.get(&from.report) else {
            return Vec::new();
        };
        let mut seen: Vec<ReportId> = Vec::new();
        let mut out = Vec::new();
        for (to, s) in self.matches(from.report, sig, speaker, threshold) {
            if seen.contains(&to.report) {
                continue;
            }
            seen.push(to.report);
            let Some((to_sig, to_speaker)) = self.get(to) else {
                continue;
            };
            // Mutual: among this report's quotations, `to` matches `from` best
            // (or no better than `from` matches it). Only this report's few
            // quotations are scored, never the corpus.
            let back = own
                .iter()
                .enumerate()
                .filter(|(_, e)| e.sig.is_linkable())
                .map(|(qi, e)| {
                    let sim = quote_match::similarity_weighted(to_sig, &e.sig, &|t| self.weight(t));
                    let sc = quote_match::score(
                        sim,
                        SpeakerRelation::of(to_speaker, e.speaker.as_deref()),
                    );
                    (qi, sc)
                })
                .filter(|(_, sc)| *sc >= threshold)
                .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
            if back.is_some_and(|(qi, bs)| qi == from.quote || bs <= s) {
                out.push((to, s));
                if out.len() >= MAX_LINKS {
                    break;
                }
            }
        }
        out
    }
}

/// Index of narrative sentence hashes, for reused passages.
#[derive(Debug, Clone, Default)]
pub struct PassageIndex {
    reports_by_hash: HashMap<u64, Vec<ReportId>>,
    hashes: HashMap<ReportId, Vec<u64>>,
}

impl PassageIndex {
    pub fn new() -> Self {
        Self::default()
    }

    /// Index the sentence hashes of `report`, replacing what was indexed for
    /// it.
    pub fn add_report(&mut self, report: ReportId, hashes: &[u64]) {
        self.remove_report(report);
        let mut own: Vec<u64> = hashes.to_vec();
        own.sort_unstable();
        own.dedup();
        for &h in &own {
            self.reports_by_hash.entry(h).or_default().push(report);
        }
        self.hashes.insert(report, own);
    }

    /// Forget the sentences of `report`.
    pub fn remove_report(&mut self, report: ReportId) {
        let Some(own) = self.hashes.remove(&report) else {
            return;
        };
        for h in own {
            if let Some(list) = self.reports_by_hash.get_mut(&h) {
                list.retain(|&r| r != report);
                if list.is_empty() {
                    self.reports_by_hash.remove(&h);
                }
            }
        }
    }

    /// The other reports that have a sentence with this hash, in the order
    /// they were added.
    pub fn others(&self, hash: u64, report: ReportId) -> Vec<ReportId> {
        self.reports_by_hash
            .get(&hash)
            .map(|l| l.iter().copied().filter(|&r| r != report).collect())
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::quote_match::signature;

    fn entry(text: &str, speaker: Option<&str>) -> (QuoteSig, Option<String>) {
        (signature(text), speaker.map(str::to_string))
    }

    #[test]
    fn finds_matches_in_other_reports_only() {
        let mut idx = QuoteIndex::new();
        idx.add_report(
            1,
            &[
                entry(
                    "The harbour will stay closed to cargo ships until the storm passes",
                    Some("berg"),
                ),
                entry("yes", None),
            ],
        );
        idx.add_report(
            2,
            &[entry(
                "Cargo ships cannot use the harbour until the storm has passed",
                Some("berg"),
            )],
        );
        idx.add_report(
            3,
            &[entry(
                "The new stadium opens in spring with a concert",
                None,
            )],
        );
        let (sig, sp) = entry(
            "Cargo ships cannot use the harbour until the storm has passed",
            Some("berg"),
        );
        let m = idx.matches(2, &sig, sp.as_deref(), 0.4);
        assert_eq!(m.len(), 1);
        assert_eq!(
            m[0].0,
            QuoteRef {
                report: 1,
                quote: 0
            }
        );
        // The same speaker raises the score; another named speaker lowers it.
        let other = idx.matches(2, &sig, Some("lund"), 0.0);
        assert!(other[0].1 < m[0].1);
    }

    #[test]
    fn re_adding_a_report_replaces_its_quotes() {
        let mut idx = QuoteIndex::new();
        idx.add_report(
            1,
            &[entry("The harbour will stay closed to cargo ships", None)],
        );
        idx.add_report(
            1,
            &[entry("The stadium opens in spring with a concert", None)],
        );
        let sig = signature("cargo ships and the closed harbour");
        assert!(idx.matches(2, &sig, None, 0.1).is_empty());
        idx.remove_report(1);
        assert_eq!(idx.report_count(), 0);
        assert!(idx.postings.is_empty());
    }

    #[test]
    fn very_common_words_are_stepped_over() {
        let mut idx = QuoteIndex::with_max_postings(2);
        for r in 0..5 {
            idx.add_report(r, &[entry("harbour closed today for repairs", None)]);
        }
        // Every word of the lookup has 5 postings: nothing is scored.
        assert!(idx
            .matches(9, &signature("harbour closed today for repairs"), None, 0.0)
            .is_empty());
    }

    #[test]
    fn passage_index_add_remove() {
        let mut p = PassageIndex::new();
        p.add_report(1, &[10, 11]);
        p.add_report(2, &[11, 12]);
        assert_eq!(p.others(11, 1), vec![2]);
        assert!(p.others(10, 1).is_empty());
        p.remove_report(2);
        assert!(p.others(11, 1).is_empty());
    }
}
