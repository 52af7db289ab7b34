//! # Quote links, computed once and kept
//!
//! Finding the links of a report's quotations (candidates from the quote
//! index, scored, checked from both ends) is most of the cost of a findings
//! pass. The links of a report are therefore computed once and kept here, with
//! the report's *version* (see [`super::Corpus::version`]) at that time: an
//! edit bumps the version of the edited report and of every report linked to
//! it before or after the edit (both ends of each link), which drops their
//! kept links; every other report keeps its links. A configuration change or
//! a bulk load starts afresh.
//!
//! Links are kept compactly (8 bytes a link, one allocation a report).
//! [`super::cache`] writes them to disk beside the index cache, for a restart
//! on an unchanged corpus.

use super::quote_index::QuoteId;
use super::ReportId;
use parking_lot::Mutex;
use rustc_hash::FxHashMap;
use std::sync::Arc;

/// The links of every quotation of one report: for each, the linked quotations
/// (as slots of the quote index) and their scores.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportLinks {
    /// The report's version when they were computed.
    pub version: (u64, u64),
    /// The corpus's change clock when they were computed: a linked report
    /// changed since makes them stale (see [`super::Corpus::kept_links`]).
    pub computed_at: u64,
    /// For quotation `i`, its links are `links[starts[i]..starts[i + 1]]`.
    starts: Box<[u32]>,
    links: Box<[(QuoteId, f32)]>,
}

impl ReportLinks {
    /// The links of each quotation, in the report's order of quotations.
    pub fn new(version: (u64, u64), computed_at: u64, lists: &[Vec<(QuoteId, f32)>]) -> Self {
        let mut starts = Vec::with_capacity(lists.len() + 1);
        let mut links = Vec::with_capacity(lists.iter().map(Vec::len).sum());
        starts.push(0);
        for list in lists {
            links.extend_from_slice(list);
            starts.push(links.len() as u32);
        }
        Self::from_parts(version, computed_at, starts, links)
    }

    /// Links as a links file holds them: for each quotation the start of its
    /// links in `links` (one more start than quotations).
    pub fn from_parts(
        version: (u64, u64),
        computed_at: u64,
        starts: Vec<u32>,
        links: Vec<(QuoteId, f32)>,
    ) -> ReportLinks {
        ReportLinks {
            version,
            computed_at,
            starts: starts.into_boxed_slice(),
            links: links.into_boxed_slice(),
        }
    }

    /// Number of quotations.
    pub fn quotes(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }

    /// The links of quotation `i` (none when there is no such quotation).
    pub fn of(&self, i: usize) -> &[(QuoteId, f32)] {
        match (self.starts.get(i), self.starts.get(i + 1)) {
            (Some(&a), Some(&b)) => &self.links[a as usize..b as usize],
            _ => &[],
        }
    }

    /// Every link, with the quotation it is from.
    pub fn all(&self) -> impl Iterator<Item = (usize, QuoteId, f32)> + '_ {
        (0..self.quotes()).flat_map(move |i| self.of(i).iter().map(move |&(q, s)| (i, q, s)))
    }

    fn heap_bytes(&self) -> usize {
        self.starts.len() * 4 + self.links.len() * std::mem::size_of::<(QuoteId, f32)>()
    }
}

/// The kept links of the reports, by report.
#[derive(Debug, Default)]
pub struct LinkStore {
    map: Mutex<FxHashMap<ReportId, Arc<ReportLinks>>>,
    /// Changed since the store was last written to or read from disk.
    dirty: std::sync::atomic::AtomicBool,
}

impl LinkStore {
    /// The links of `report` when they were computed at `version`.
    pub fn get(&self, report: ReportId, version: (u64, u64)) -> Option<Arc<ReportLinks>> {
        self.map
            .lock()
            .get(&report)
            .filter(|l| l.version == version)
            .cloned()
    }

    /// Keep the links of `report`.
    pub fn put(&self, report: ReportId, links: Arc<ReportLinks>) {
        self.map.lock().insert(report, links);
        self.dirty.store(true, std::sync::atomic::Ordering::Relaxed);
    }

    /// Forget the links of these reports (they may have changed).
    pub fn forget(&self, reports: impl IntoIterator<Item = ReportId>) {
        let mut m = self.map.lock();
        for r in reports {
            if m.remove(&r).is_some() {
                self.dirty.store(true, std::sync::atomic::Ordering::Relaxed);
            }
        }
    }

    /// Forget every report's links.
    pub fn clear(&self) {
        let mut m = self.map.lock();
        if !m.is_empty() {
            self.dirty.store(true, std::sync::atomic::Ordering::Relaxed);
        }
        *m = FxHashMap::default();
    }

    /// Every report's kept links (for writing them to disk).
    pub fn snapshot(&self) -> Vec<(ReportId, Arc<ReportLinks>)> {
        self.map
            .lock()
            .iter()
            .map(|(&r, l)| (r, l.clone()))
            .collect()
    }

    /// Whether links were computed or dropped since [`LinkStore::mark_clean`].
    pub fn is_dirty(&self) -> bool {
        self.dirty.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// The store is now what is on disk.
    pub fn mark_clean(&self) {
        self.dirty
            .store(false, std::sync::atomic::Ordering::Relaxed);
    }

    /// Number of reports with kept links.
    pub fn len(&self) -> usize {
        self.map.lock().len()
    }

    /// Whether no report has kept links.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Bytes held on the heap (approximately), for the benchmarks.
    pub fn heap_bytes(&self) -> usize {
        let m = self.map.lock();
        m.values()
            .map(|l| l.heap_bytes() + std::mem::size_of::<ReportLinks>() + 32)
            .sum::<usize>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_round_trip_through_the_compact_form() {
        let lists = vec![vec![(4, 0.9), (7, 0.6)], vec![], vec![(2, 0.5)]];
        let l = ReportLinks::new((1, 3), 9, &lists);
        assert_eq!(l.quotes(), 3);
        for (i, list) in lists.iter().enumerate() {
            assert_eq!(l.of(i), &list[..]);
        }
        assert!(l.of(5).is_empty());
        assert_eq!(
            l.all().map(|(i, q, _)| (i, q)).collect::<Vec<_>>(),
            vec![(0, 4), (0, 7), (2, 2)]
        );
    }

    #[test]
    fn kept_links_are_only_given_for_their_version() {
        let s = LinkStore::default();
        assert!(!s.is_dirty());
        s.put(1, Arc::new(ReportLinks::new((0, 2), 0, &[vec![(3, 0.7)]])));
        assert!(s.is_dirty());
        assert!(s.get(1, (0, 2)).is_some());
        assert!(s.get(1, (0, 3)).is_none(), "a later version of the report");
        assert!(s.get(1, (1, 2)).is_none(), "a later configuration");
        s.mark_clean();
        s.forget([2]);
        assert!(!s.is_dirty(), "forgetting nothing changes nothing");
        s.forget([1]);
        assert!(s.get(1, (0, 2)).is_none());
        assert!(s.is_dirty());
    }
}
