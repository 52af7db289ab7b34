//! # Cross-report indexes of quotations and reused passages
//!
//! The corpus keeps two inverted indexes so that the quote cross-reference
//! never compares a quotation with every other quotation of the corpus:
//!
//! * [`QuoteIndex`] files every linkable quotation of every report under the
//!   keys of its content words ([`matching::term_key`]), interned as integer
//!   ids. A quotation's signature is kept as an [`IdSig`] (4 bytes a word).
//!   Looking up a quotation walks the postings of its own words, rarest first
//!   and at most [`LOOKUP_POSTINGS`] of them, and scores only the quotations
//!   found there (and of those, only the ones whose score bound can reach the
//!   threshold): the cost of a lookup is bounded, whatever the size of the
//!   corpus. Words so common that their
//!   postings exceed a bound are stepped over: they would bring in most of the
//!   corpus and decide nothing. A word in more than [`DEFAULT_MAX_POSTINGS`]
//!   quotations keeps only its count (its postings list is dropped, and rebuilt
//!   should the count ever fall back under the bound while a lookup needs it).
//! * [`PassageIndex`] files the hashes of the narrative sentences of every
//!   report ([`crate::analysis::passages::sentences`]), to find passages that
//!   another report reuses word for word.
//!
//! Links are not stored: the links of one report's quotations are computed when
//! asked ([`QuoteIndex::report_links`]), from the bounded candidate lists, with
//! every pair of quotations scored once. Both ends of a link are always
//! consistent, because a link is a function of the two reports alone.
//!
//! Both indexes are updated per report: when a report is edited, the corpus
//! calls `remove_report` and `add_report` for that report only.
//!
//! These are plain data structures: no I/O, no threads, no protocol types.

use rustc_hash::{FxHashMap, FxHashSet};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use super::postings::PostingTable;
use super::symbols::{Sym, Symbols};
use crate::analysis::quotes::matching::{self, IdSig, QuoteSig, SimScratch};

/// A report of the corpus, as numbered by the corpus.
pub type ReportId = u32;

/// One quotation of one report: the report, and the quotation's position in
/// the list the report's quotations were added with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct QuoteRef {
    pub report: ReportId,
    pub quote: usize,
}

/// Postings longer than this are stepped over when looking for matches, and are
/// not kept.
pub const DEFAULT_MAX_POSTINGS: usize = 5_000;
/// Most postings walked for one lookup (the rarest words' first).
pub const LOOKUP_POSTINGS: usize = 8_192;
/// Most candidates scored for one lookup (those sharing the most words).
pub const MAX_CANDIDATES: usize = 300;
/// Most other reports one quotation is linked to (the best ones). A statement
/// quoted by hundreds of reports still answers quickly.
pub const MAX_LINKS: usize = 50;

/// A quotation's slot in the index: valid until its report changes (a slot is
/// reused after its quotation is removed).
pub type QuoteId = u32;

#[derive(Debug, Clone)]
struct Entry {
    at: QuoteRef,
    sig: IdSig,
    speaker: Option<Sym>,
}

/// Inverted index from content words to quotations; see the module docs.
#[derive(Debug)]
pub struct QuoteIndex {
    /// Term keys ("secur", "guara").
    keys: Symbols,
    /// Speaker surname keys.
    speakers: Symbols,
    /// For each key: in how many filed quotations it occurs.
    df: Vec<u32>,
    /// For each key: the filed quotations with it, unless more than
    /// `max_postings` have it (then `None`).
    postings: Vec<Option<Vec<QuoteId>>>,
    /// Every quotation, filed or not (a slot is `None` when free).
    quotes: Vec<Option<Entry>>,
    /// Where each quotation is (kept apart from `quotes` for the candidates'
    /// tie-break, which reads it for thousands of them; meaningless for a free
    /// slot).
    places: Vec<QuoteRef>,
    free: Vec<QuoteId>,
    /// Each report's quotations, in order.
    by_report: FxHashMap<ReportId, Box<[QuoteId]>>,
    /// Each report's context sketch ([`matching::context_sketch`]): a weak
    /// match between reports that share little context is no link. A report
    /// without one (none given) is not held to it.
    contexts: FxHashMap<ReportId, Arc<[u32]>>,
    /// Number of linkable quotations filed.
    filed: usize,
    max_postings: usize,
    /// Keys whose postings were dropped and whose count is back under the
    /// bound: [`QuoteIndex::restore_postings`] rebuilds them.
    to_restore: FxHashSet<u32>,
    /// Changes with every quotation filed or removed (the weights change).
    generation: u32,
    /// For each key: its weight and the generation it was computed for (high
    /// 32 bits), filled lazily by lookups.
    weight_memo: Vec<AtomicU64>,
}

impl Default for QuoteIndex {
    fn default() -> Self {
        QuoteIndex {
            keys: Symbols::new(),
            speakers: Symbols::new(),
            df: Vec::new(),
            postings: Vec::new(),
            quotes: Vec::new(),
            places: Vec::new(),
            free: Vec::new(),
            by_report: FxHashMap::default(),
            contexts: FxHashMap::default(),
            filed: 0,
            max_postings: DEFAULT_MAX_POSTINGS,
            to_restore: FxHashSet::default(),
            generation: 1,
            weight_memo: Vec::new(),
        }
    }
}

/// The distinct keys of a signature.
fn distinct(sig: &IdSig) -> impl Iterator<Item = u32> + '_ {
    let k = sig.keys();
    k.iter()
        .enumerate()
        .filter(move |&(i, key)| i == 0 || k[i - 1] != *key)
        .map(|(_, &key)| key)
}

/// A link found for one quotation: the other quotation and the score.
pub type Link = (QuoteRef, f32);

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
        self.by_report.len()
    }

    /// Number of linkable quotations filed.
    pub fn filed(&self) -> usize {
        self.filed
    }

    /// Index the quotations of `report`, replacing what was indexed for it.
    /// `quotes[i]` is the signature and speaker surname key of the report's
    /// quotation `i`; quotations that are not linkable
    /// ([`QuoteSig::is_linkable`]) are kept for numbering but not filed.
    pub fn add_report(&mut self, report: ReportId, quotes: &[(QuoteSig, Option<String>)]) {
        self.remove_report(report);
        let mut ids = Vec::with_capacity(quotes.len());
        for (i, (sig, speaker)) in quotes.iter().enumerate() {
            let keys = &mut self.keys;
            let (sig, _) = IdSig::from_sig(sig, &mut |k| keys.intern(k));
            ids.push(self.file_quote(QuoteRef { report, quote: i }, sig, speaker.as_deref()));
        }
        self.by_report.insert(report, ids.into_boxed_slice());
    }

    /// The id of a term key, interning it when new (for signatures read from the
    /// index cache, which are remapped to these ids).
    pub fn intern_key(&mut self, name: &str) -> u32 {
        self.keys.intern(name)
    }

    /// Take these term keys as the index's own (an empty index only: ids then
    /// stay as they are).
    pub fn adopt_keys(&mut self, keys: Symbols) {
        debug_assert!(self.keys.is_empty());
        self.keys = keys;
    }

    /// Index quotations whose signatures are already in this index's key ids (see
    /// [`QuoteIndex::intern_key`]).
    pub fn add_report_ids(&mut self, report: ReportId, quotes: Vec<(IdSig, Option<String>)>) {
        self.remove_report(report);
        let mut ids = Vec::with_capacity(quotes.len());
        for (i, (sig, speaker)) in quotes.into_iter().enumerate() {
            ids.push(self.file_quote(QuoteRef { report, quote: i }, sig, speaker.as_deref()));
        }
        self.by_report.insert(report, ids.into_boxed_slice());
    }

    /// File the quotation at `at` with its signature (in this index's key ids)
    /// and its speaker's surname key; its id comes back.
    fn file_quote(&mut self, at: QuoteRef, sig: IdSig, speaker: Option<&str>) -> QuoteId {
        let speaker = speaker.map(|s| self.speakers.intern(s));
        self.insert(Entry { at, sig, speaker }, at.report)
    }

    fn insert(&mut self, e: Entry, _report: ReportId) -> QuoteId {
        let id = match self.free.pop() {
            Some(id) => id,
            None => {
                self.quotes.push(None);
                self.places.push(e.at);
                (self.quotes.len() - 1) as QuoteId
            }
        };
        self.places[id as usize] = e.at;
        if e.sig.is_linkable() {
            self.filed += 1;
            self.generation = self.generation.wrapping_add(1).max(1);
            for key in distinct(&e.sig) {
                let k = key as usize;
                if self.df.len() <= k {
                    self.df.resize(k + 1, 0);
                    self.postings.resize(k + 1, Some(Vec::new()));
                    self.weight_memo.resize_with(k + 1, || AtomicU64::new(0));
                }
                self.df[k] += 1;
                if let Some(list) = &mut self.postings[k] {
                    if list.len() >= self.max_postings {
                        self.postings[k] = None;
                    } else {
                        list.push(id);
                    }
                }
            }
        }
        self.quotes[id as usize] = Some(e);
        id
    }

    /// Forget the quotations of `report`.
    pub fn remove_report(&mut self, report: ReportId) {
        self.contexts.remove(&report);
        let Some(ids) = self.by_report.remove(&report) else {
            return;
        };
        for &id in ids.iter() {
            let Some(e) = self.quotes[id as usize].take() else {
                continue;
            };
            self.free.push(id);
            if !e.sig.is_linkable() {
                continue;
            }
            self.filed -= 1;
            self.generation = self.generation.wrapping_add(1).max(1);
            for key in distinct(&e.sig) {
                let k = key as usize;
                self.df[k] -= 1;
                match &mut self.postings[k] {
                    Some(list) => {
                        if let Some(p) = list.iter().position(|&q| q == id) {
                            list.swap_remove(p);
                        }
                    }
                    None if self.df[k] as usize <= self.max_postings => {
                        self.to_restore.insert(key);
                    }
                    None => {}
                }
            }
        }
    }

    /// Set what report `report` is about ([`matching::context_sketch`]); kept
    /// until the report is removed. The sketch is shared with the report's
    /// facts, not copied (512 bytes a report: 51 MB at 100,000 reports).
    pub fn set_context(&mut self, report: ReportId, context: &Arc<[u32]>) {
        if context.is_empty() {
            self.contexts.remove(&report);
        } else {
            self.contexts.insert(report, Arc::clone(context));
        }
    }

    /// The weight of a key in comparisons: its inverse document frequency over
    /// the filed quotations, `ln(1 + N / df)`. A key no quotation has weighs as
    /// one that a single quotation has.
    fn key_weight(&self, key: u32) -> f32 {
        let slot = self.weight_memo.get(key as usize);
        if let Some(v) = slot.map(|s| s.load(Ordering::Relaxed)) {
            if (v >> 32) as u32 == self.generation {
                return f32::from_bits(v as u32);
            }
        }
        let df = self.df.get(key as usize).copied().unwrap_or(0);
        let w = matching::key_weight(self.filed, df);
        if let Some(s) = slot {
            s.store(
                (u64::from(self.generation) << 32) | u64::from(w.to_bits()),
                Ordering::Relaxed,
            );
        }
        w
    }

    /// The weight of a stem in comparisons (see [`QuoteIndex::key_weight`]).
    pub fn weight(&self, term: &str) -> f32 {
        match self.keys.get(matching::term_key(term)) {
            Some(k) => self.key_weight(k),
            None => matching::key_weight(self.filed, 0),
        }
    }

    fn entry(&self, id: QuoteId) -> Option<&Entry> {
        self.quotes.get(id as usize)?.as_ref()
    }

    /// The slot of an indexed quotation.
    pub fn id_of(&self, r: QuoteRef) -> Option<QuoteId> {
        self.by_report.get(&r.report)?.get(r.quote).copied()
    }

    /// Where the quotation in slot `id` is (None for a free slot).
    pub fn place(&self, id: QuoteId) -> Option<QuoteRef> {
        self.entry(id).map(|e| e.at)
    }

    /// Links to slots as links to places (those to free slots left out).
    pub fn placed<'a>(
        &'a self,
        links: impl IntoIterator<Item = (QuoteId, f32)> + 'a,
    ) -> impl Iterator<Item = Link> + 'a {
        links
            .into_iter()
            .filter_map(|(q, s)| Some((self.place(q)?, s)))
    }

    /// The signature and speaker key of an indexed quotation.
    pub fn get(&self, r: QuoteRef) -> Option<(&IdSig, Option<&str>)> {
        let e = self.entry(self.id_of(r)?)?;
        Some((&e.sig, e.speaker.map(|s| self.speakers.name(s))))
    }

    /// Postings of key `k` for a lookup, when it is rare enough to use.
    fn usable_postings(&self, k: u32, limit: usize) -> Option<&[QuoteId]> {
        let df = *self.df.get(k as usize)? as usize;
        if df == 0 || df > limit {
            return None;
        }
        self.postings[k as usize].as_deref()
    }

    /// Rebuild the postings dropped for keys now rare enough to be looked up
    /// (after many quotations with them were removed). Rare: only when a key's
    /// count fell back under the bound.
    pub fn restore_postings(&mut self) {
        if self.to_restore.is_empty() {
            return;
        }
        let missing: FxHashSet<u32> = std::mem::take(&mut self.to_restore)
            .into_iter()
            .filter(|&k| {
                self.postings[k as usize].is_none()
                    && (self.df[k as usize] as usize) <= self.max_postings
            })
            .collect();
        for &k in &missing {
            self.postings[k as usize] = Some(Vec::new());
        }
        for (id, e) in self.quotes.iter().enumerate() {
            let Some(e) = e else { continue };
            if !e.sig.is_linkable() {
                continue;
            }
            for key in distinct(&e.sig) {
                if missing.contains(&key) {
                    if let Some(list) = &mut self.postings[key as usize] {
                        list.push(id as QuoteId);
                    }
                }
            }
        }
    }

    /// Candidates for quotation `id`: filed quotations of other reports sharing
    /// its rarer words, those sharing the most words first (at most
    /// [`MAX_CANDIDATES`]).
    fn candidates(&self, id: QuoteId) -> Vec<QuoteId> {
        let Some(e) = self.entry(id) else {
            return Vec::new();
        };
        if !e.sig.is_linkable() {
            return Vec::new();
        }
        let lists = self.lookup_lists(&e.sig);
        let own = self.by_report.get(&e.at.report);
        let cands = self.count_shared(lists, own.map_or(&[][..], |ids| &ids[..]));
        self.most_shared(cands)
    }

    /// The postings walked to find the candidates of a quotation with `sig`:
    /// those of its rarer words, the rarest first, up to a budget.
    fn lookup_lists(&self, sig: &IdSig) -> Vec<&[QuoteId]> {
        // Words in more than one in twenty quotations (and at least a hundred) say
        // little about which quotation this is, and would bring in most of the
        // corpus as candidates: they still count in the score, not in the lookup.
        let limit = self.max_postings.min((self.filed / 20).max(100));
        let mut lists: Vec<&[QuoteId]> = distinct(sig)
            .filter_map(|k| self.usable_postings(k, limit))
            .collect();
        lists.sort_by_key(|l| l.len());
        // The rarest words first, up to a budget of postings: a translation of the
        // same statement shares its rare words, and the walk stays bounded however
        // large the corpus grows (a corpus of a few thousand quotations never
        // reaches the budget, so there every usable word is walked).
        let mut walked = 0;
        let keep = lists
            .iter()
            .take_while(|l| {
                let go = walked == 0 || walked + l.len() <= LOOKUP_POSTINGS;
                walked += l.len();
                go
            })
            .count();
        lists.truncate(keep);
        lists
    }

    /// Each quotation in `lists` with how many of them it stands in, in the
    /// order first met; the report's `own` quotations are left out.
    fn count_shared(&self, lists: Vec<&[QuoteId]>, own: &[QuoteId]) -> Vec<(QuoteId, u32)> {
        // a dense counter per thread, reset where it was used (a lookup counts
        // thousands of quotations; a hash map per lookup costs more than the rest)
        COUNTS.with(|cell| {
            let mut c = cell.borrow_mut();
            let (counts, touched) = &mut *c;
            if counts.len() < self.quotes.len() {
                counts.resize(self.quotes.len(), 0);
            }
            for list in lists {
                for &q in list {
                    let n = &mut counts[q as usize];
                    if *n == 0 {
                        touched.push(q);
                    }
                    *n = n.saturating_add(1);
                }
            }
            // the report's own quotations are not candidates: zeroed here
            // rather than looked up for every posting
            for &q in own {
                if let Some(n) = counts.get_mut(q as usize) {
                    *n = 0;
                }
            }
            let out = touched
                .iter()
                .filter(|&&q| counts[q as usize] > 0)
                .map(|&q| (q, u32::from(counts[q as usize])))
                .collect();
            for &q in touched.iter() {
                counts[q as usize] = 0;
            }
            touched.clear();
            out
        })
    }

    /// Of the counted candidates, the [`MAX_CANDIDATES`] sharing the most
    /// words (ties by place), in id order.
    fn most_shared(&self, cands: Vec<(QuoteId, u32)>) -> Vec<QuoteId> {
        let mut out: Vec<QuoteId> = if cands.len() > MAX_CANDIDATES {
            // those sharing the most words, ties by place; each candidate's place
            // is read once, not in every comparison
            let place = |q: QuoteId| {
                let at = self.places[q as usize];
                (u64::from(at.report) << 32) | at.quote as u64
            };
            let mut keyed: Vec<(std::cmp::Reverse<u32>, u64, QuoteId)> = cands
                .iter()
                .map(|&(q, n)| (std::cmp::Reverse(n), place(q), q))
                .collect();
            keyed.select_nth_unstable(MAX_CANDIDATES - 1);
            keyed.truncate(MAX_CANDIDATES);
            keyed.into_iter().map(|(_, _, q)| q).collect()
        } else {
            cands.into_iter().map(|(q, _)| q).collect()
        };
        // in id order: the quotations are then read in the order they are stored
        // (at 100,000 reports scoring candidates waits mostly on memory)
        out.sort_unstable();
        out
    }

    /// The weights of quotation `q`'s terms, computed once per linking.
    fn weights_of(&self, q: QuoteId, sig: &IdSig, cx: &mut Scoring) -> (usize, usize) {
        if let Some(&r) = cx.weight_at.get(&q) {
            return r;
        }
        let start = cx.weights.len();
        cx.weights
            .extend(sig.keys().iter().map(|&k| self.key_weight(k)));
        let r = (start, cx.weights.len());
        cx.weight_at.insert(q, r);
        r
    }

    /// The score of two quotations (symmetric; every pair is computed in the same
    /// order so that each end of a link sees the same number), or 0 when it is
    /// surely below `cx.threshold`.
    fn pair_score(&self, a: QuoteId, b: QuoteId, cx: &mut Scoring) -> f32 {
        let key = (a.min(b), a.max(b));
        if let Some(&s) = cx.memo.get(&key) {
            return s;
        }
        let (Some(x), Some(y)) = (self.entry(key.0), self.entry(key.1)) else {
            return 0.0;
        };
        if !x.sig.is_linkable() || !y.sig.is_linkable() {
            return 0.0;
        }
        let rx = self.weights_of(key.0, &x.sig, cx);
        let ry = self.weights_of(key.1, &y.sig, cx);
        let (wx, wy) = (&cx.weights[rx.0..rx.1], &cx.weights[ry.0..ry.1]);
        let speaker = |e: &Entry| e.speaker.map(|s| self.speakers.name(s));
        let context = |r: ReportId| self.contexts.get(&r).map(|c| &c[..]);
        let s = matching::pair_score(
            matching::Scored {
                sig: &x.sig,
                weights: wx,
                speaker: speaker(x),
                context: context(x.at.report),
            },
            matching::Scored {
                sig: &y.sig,
                weights: wy,
                speaker: speaker(y),
                context: context(y.at.report),
            },
            cx.threshold,
            &mut cx.scratch,
        );
        cx.memo.insert(key, s);
        s
    }

    /// Quotations in *other* reports that match quotation `from` with a score
    /// ([`matching::score`]) of at least `threshold`, best first.
    pub fn matches(&self, from: QuoteRef, threshold: f32) -> Vec<Link> {
        let Some(id) = self.id_of(from) else {
            return Vec::new();
        };
        let mut cx = Scoring::new(threshold);
        self.matches_of(id, threshold, &mut cx)
            .into_iter()
            .filter_map(|(q, s)| Some((self.entry(q)?.at, s)))
            .collect()
    }

    fn matches_of(&self, id: QuoteId, threshold: f32, cx: &mut Scoring) -> Vec<(QuoteId, f32)> {
        let cands = self.candidates(id);
        let mut out: Vec<(QuoteId, f32)> = cands
            .into_iter()
            .filter_map(|q| {
                let s = self.pair_score(id, q, cx);
                (s >= threshold).then_some((q, s))
            })
            .collect();
        let at = |q: QuoteId| self.entry(q).map(|e| e.at);
        out.sort_by(|a, b| b.1.total_cmp(&a.1).then(at(a.0).cmp(&at(b.0))));
        out
    }

    /// The links of an indexed quotation: for each other report, its best
    /// match there (score at least `threshold`), kept only when the match
    /// is mutual — this quotation is in turn the best match of that one in
    /// this report. A statement is rarely quoted twice in one report, so a
    /// quotation that matches two quotations of another report is linked
    /// to the one it matches best, and a quotation that another report's
    /// quotation matches less well than its own counterpart is not linked.
    /// Best first, at most [`MAX_LINKS`].
    pub fn links(&self, from: QuoteRef, threshold: f32) -> Vec<Link> {
        let mut cx = Scoring::new(threshold);
        self.placed(self.links_with(from, threshold, &mut cx))
            .collect()
    }

    /// The links of every quotation of `report` (indexed as the report numbers
    /// them), sharing the scores computed along the way.
    pub fn report_links(&self, report: ReportId, threshold: f32) -> Vec<Vec<Link>> {
        self.report_link_ids(report, threshold)
            .into_iter()
            .map(|l| self.placed(l).collect())
            .collect()
    }

    /// [`QuoteIndex::report_links`] with the linked quotations as slots.
    pub fn report_link_ids(&self, report: ReportId, threshold: f32) -> Vec<Vec<(QuoteId, f32)>> {
        let n = self.by_report.get(&report).map_or(0, |ids| ids.len());
        let mut cx = Scoring::new(threshold);
        (0..n)
            .map(|quote| self.links_with(QuoteRef { report, quote }, threshold, &mut cx))
            .collect()
    }

    fn links_with(&self, from: QuoteRef, threshold: f32, cx: &mut Scoring) -> Vec<(QuoteId, f32)> {
        let Some(id) = self.id_of(from) else {
            return Vec::new();
        };
        let Some(own) = self.by_report.get(&from.report) else {
            return Vec::new();
        };
        let mut seen: Vec<ReportId> = Vec::new();
        let mut out = Vec::new();
        for (to, s) in self.matches_of(id, threshold, cx) {
            let Some(to_at) = self.entry(to).map(|e| e.at) else {
                continue;
            };
            if seen.contains(&to_at.report) {
                continue;
            }
            seen.push(to_at.report);
            // Mutual: among this report's quotations, `to` matches `from` best
            // (or no better than `from` matches it). Only this report's few
            // quotations are scored, never the corpus.
            let back = own
                .iter()
                .enumerate()
                .filter(|(_, &q)| self.entry(q).is_some_and(|e| e.sig.is_linkable()))
                .map(|(qi, &q)| (qi, self.pair_score(to, q, cx)))
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

    /// The reports whose quotations share a candidate word with a quotation of
    /// `report`: those whose links may change when `report` changes.
    pub fn neighbours(&self, report: ReportId) -> Vec<ReportId> {
        let Some(ids) = self.by_report.get(&report) else {
            return Vec::new();
        };
        let mut out: Vec<ReportId> = ids
            .iter()
            .flat_map(|&id| self.candidates(id))
            .filter_map(|q| Some(self.entry(q)?.at.report))
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// The interned signature and speaker of each quotation of `report`, with
    /// the names of the keys it uses (for the index cache).
    pub fn report_sigs(&self, report: ReportId) -> Vec<(IdSig, Option<String>)> {
        self.by_report
            .get(&report)
            .map(|ids| {
                ids.iter()
                    .filter_map(|&id| {
                        let e = self.entry(id)?;
                        Some((
                            e.sig.clone(),
                            e.speaker.map(|s| self.speakers.name(s).to_string()),
                        ))
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Number of term keys interned.
    pub fn key_count(&self) -> usize {
        self.keys.len()
    }

    /// The name of a key id.
    pub fn key_name(&self, k: u32) -> &str {
        self.keys.name(k)
    }

    /// Bytes held on the heap (approximately), for the benchmarks.
    pub fn heap_bytes(&self) -> usize {
        let sigs: usize = self
            .quotes
            .iter()
            .flatten()
            .map(|e| e.sig.heap_bytes() + std::mem::size_of::<Entry>())
            .sum::<usize>()
            + self.places.capacity() * std::mem::size_of::<QuoteRef>();
        let postings: usize = self
            .postings
            .iter()
            .map(|p| p.as_ref().map_or(0, |l| l.capacity() * 4) + 24)
            .sum();
        sigs + postings
            + self.df.capacity() * 4
            + self.weight_memo.capacity() * 8
            + self.keys.heap_bytes()
            + self.speakers.heap_bytes()
            + self.by_report.len() * 40
    }
}

thread_local! {
    /// Candidate counts by quotation id (zero between lookups), and the ids
    /// counted by the current lookup.
    static COUNTS: std::cell::RefCell<(Vec<u16>, Vec<QuoteId>)> = Default::default();
}

/// A score bound this far below the threshold is surely below it, whatever the
/// rounding of the two computations.
/// Scores computed while linking one report, and buffers reused by them.
struct Scoring {
    /// Scores below this need not be exact (they only have to stay below it).
    threshold: f32,
    memo: FxHashMap<(QuoteId, QuoteId), f32>,
    /// Term weights of the quotations seen, in `weights`.
    weight_at: FxHashMap<QuoteId, (usize, usize)>,
    weights: Vec<f32>,
    scratch: SimScratch,
}

impl Scoring {
    fn new(threshold: f32) -> Scoring {
        Scoring {
            threshold,
            memo: FxHashMap::default(),
            weight_at: FxHashMap::default(),
            weights: Vec::new(),
            scratch: SimScratch::default(),
        }
    }
}

/// Index of narrative sentence hashes, for reused passages.
#[derive(Debug, Default)]
pub struct PassageIndex {
    reports_by_hash: PostingTable,
}

impl PassageIndex {
    pub fn new() -> Self {
        Self::default()
    }

    /// Index the sentence hashes of `report` (its own, distinct).
    pub fn add_report(&mut self, report: ReportId, hashes: &[u64]) {
        for &h in hashes {
            self.reports_by_hash.insert(h, report);
        }
    }

    /// Forget the sentences `hashes` of `report`.
    pub fn remove_report(&mut self, report: ReportId, hashes: &[u64]) {
        for &h in hashes {
            self.reports_by_hash.remove(h, report);
        }
    }

    /// The reports that have a sentence with this hash, sorted.
    pub fn reports(&self, hash: u64) -> &[ReportId] {
        self.reports_by_hash.get(hash)
    }

    /// The other reports that have a sentence with this hash, sorted.
    pub fn others(&self, hash: u64, report: ReportId) -> Vec<ReportId> {
        self.reports(hash)
            .iter()
            .copied()
            .filter(|&r| r != report)
            .collect()
    }

    /// Bytes held on the heap (approximately).
    pub fn heap_bytes(&self) -> usize {
        self.reports_by_hash.heap_bytes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::quotes::matching::signature;

    fn entry(text: &str, speaker: Option<&str>) -> (QuoteSig, Option<String>) {
        (signature(text), speaker.map(str::to_string))
    }

    #[test]
    fn a_weak_match_between_two_stories_is_no_link_but_within_one_it_is() {
        use crate::analysis::quotes::matching::context_sketch;
        let crash =
            "Car crash on the B27 near Tübingen\n\nTÜBINGEN - DPA. A driver from Reutlingen died \
on the B27 near Tübingen when his car veered into oncoming traffic and hit a lorry.";
        let crash_other =
            "Driver dies on the B27\n\nREUTLINGEN - SWR. A man from Reutlingen was killed \
on the B27 by Tübingen, his car crossed into the opposite lane and struck a lorry.";
        let drowning = "Boy drowns in the Neckar\n\nHEILBRONN - DPA. A ten-year-old boy drowned \
while swimming in the Neckar near Heilbronn on Sunday afternoon, divers recovered him.";
        let mut idx = QuoteIndex::new();
        let quotes = [
            "The reason for the accident is still unclear, the police said",
            "Why the accident happened is still unclear for the police",
            "The reason for the accident in the water is unclear",
        ];
        for (i, (text, q)) in [crash, crash_other, drowning]
            .iter()
            .zip(quotes)
            .enumerate()
        {
            idx.add_report(i as ReportId, &[entry(q, None)]);
            idx.set_context(i as ReportId, &context_sketch(text, &[]).into());
        }
        let linked = |a: ReportId, b: ReportId| {
            idx.links(
                QuoteRef {
                    report: a,
                    quote: 0,
                },
                0.2,
            )
            .iter()
            .any(|(r, _)| r.report == b)
        };
        assert!(linked(0, 1), "one story, two wordings");
        assert!(!linked(0, 2), "two stories that share a generic statement");
        // without contexts the same words would link
        let mut bare = QuoteIndex::new();
        bare.add_report(0, &[entry(quotes[0], None)]);
        bare.add_report(2, &[entry(quotes[2], None)]);
        assert!(!bare
            .links(
                QuoteRef {
                    report: 0,
                    quote: 0
                },
                0.2
            )
            .is_empty());
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
        let from = QuoteRef {
            report: 2,
            quote: 0,
        };
        let m = idx.matches(from, 0.4);
        assert_eq!(m.len(), 1);
        assert_eq!(
            m[0].0,
            QuoteRef {
                report: 1,
                quote: 0
            }
        );
        // The same speaker raises the score; another named speaker lowers it.
        idx.add_report(
            4,
            &[entry(
                "Cargo ships cannot use the harbour until the storm has passed",
                Some("lund"),
            )],
        );
        let other = idx.matches(
            QuoteRef {
                report: 4,
                quote: 0,
            },
            0.0,
        );
        let to_1 = other.iter().find(|(r, _)| r.report == 1).unwrap().1;
        assert!(to_1 < m[0].1);
    }

    #[test]
    fn links_are_mutual_and_the_same_from_both_ends() {
        let mut idx = QuoteIndex::new();
        idx.add_report(
            1,
            &[entry(
                "The harbour will stay closed to cargo ships until the storm passes",
                None,
            )],
        );
        idx.add_report(
            2,
            &[entry(
                "Cargo ships cannot use the harbour until the storm has passed",
                None,
            )],
        );
        let a = QuoteRef {
            report: 1,
            quote: 0,
        };
        let b = QuoteRef {
            report: 2,
            quote: 0,
        };
        let ab = idx.links(a, 0.4);
        let ba = idx.links(b, 0.4);
        assert_eq!(ab.len(), 1);
        assert_eq!(ab[0].0, b);
        assert_eq!(ba[0].0, a);
        assert_eq!(ab[0].1, ba[0].1);
        assert_eq!(idx.report_links(1, 0.4), vec![ab]);
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
        idx.add_report(2, &[entry("cargo ships and the closed harbour", None)]);
        assert!(idx
            .matches(
                QuoteRef {
                    report: 2,
                    quote: 0
                },
                0.1
            )
            .is_empty());
        idx.remove_report(1);
        idx.remove_report(2);
        assert_eq!(idx.report_count(), 0);
        assert_eq!(idx.filed(), 0);
        assert!(idx.postings.iter().flatten().all(|l| l.is_empty()));
    }

    #[test]
    fn very_common_words_are_stepped_over_and_restored() {
        let mut idx = QuoteIndex::with_max_postings(2);
        for r in 0..5 {
            idx.add_report(r, &[entry("harbour closed today for repairs", None)]);
        }
        // Every word of the lookup has 5 postings: nothing is scored.
        let from = QuoteRef {
            report: 0,
            quote: 0,
        };
        assert!(idx.matches(from, 0.0).is_empty());
        assert!(idx.postings.iter().all(|p| p.is_none()));
        // Back under the bound: the postings come back.
        for r in 2..5 {
            idx.remove_report(r);
        }
        idx.restore_postings();
        assert_eq!(idx.matches(from, 0.0).len(), 1);
    }

    #[test]
    fn passage_index_add_remove() {
        let mut p = PassageIndex::new();
        p.add_report(1, &[10, 11]);
        p.add_report(2, &[11, 12]);
        assert_eq!(p.others(11, 1), vec![2]);
        assert!(p.others(10, 1).is_empty());
        p.remove_report(2, &[11, 12]);
        assert!(p.others(11, 1).is_empty());
        assert_eq!(p.reports(11), &[1]);
        p.remove_report(1, &[10, 11]);
        assert!(p.reports_by_hash.is_empty());
    }
}
