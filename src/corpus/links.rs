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
//! Links are kept compactly (12 bytes a link, one allocation a report).
//! [`super::cache`] writes them to disk beside the index cache, for a restart
//! on an unchanged corpus.

use super::quote_index::{Link, QuoteRef};
use super::ReportId;
use parking_lot::Mutex;
use rustc_hash::FxHashMap;
use std::sync::Arc;

/// The links of every quotation of one report, as computed at `version`.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportLinks {
    pub version: (u64, u64),
    /// For quotation `i`, its links are `links[starts[i]..starts[i + 1]]`.
    starts: Box<[u32]>,
    links: Box<[(ReportId, u32, f32)]>,
}

impl ReportLinks {
    /// The links of each quotation, in the report's order of quotations.
    pub fn new(version: (u64, u64), lists: &[Vec<Link>]) -> ReportLinks {
        let mut starts = Vec::with_capacity(lists.len() + 1);
        let mut links = Vec::with_capacity(lists.iter().map(Vec::len).sum());
        starts.push(0);
        for list in lists {
            links.extend(
                list.iter()
                    .map(|(r, s)| (r.report, u32::try_from(r.quote).unwrap_or(u32::MAX), *s)),
            );
            starts.push(links.len() as u32);
        }
        ReportLinks {
            version,
            starts: starts.into_boxed_slice(),
            links: links.into_boxed_slice(),
        }
    }

    /// Links as a links file holds them: for each quotation the start of its
    /// links in `links` (one more start than quotations).
    pub fn from_parts(
        version: (u64, u64),
        starts: Vec<u32>,
        links: Vec<(ReportId, u32, f32)>,
    ) -> ReportLinks {
        ReportLinks {
            version,
            starts: starts.into_boxed_slice(),
            links: links.into_boxed_slice(),
        }
    }

    /// Number of quotations.
    pub fn quotes(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }

    /// The links of quotation `i` (none when there is no such quotation).
    pub fn of(&self, i: usize) -> impl Iterator<Item = Link> + '_ {
        let range = match (self.starts.get(i), self.starts.get(i + 1)) {
            (Some(&a), Some(&b)) => a as usize..b as usize,
            _ => 0..0,
        };
        self.links[range].iter().map(|&(report, quote, s)| {
            (
                QuoteRef {
                    report,
                    quote: quote as usize,
                },
                s,
            )
        })
    }

    /// The links of every quotation, one list each.
    pub fn lists(&self) -> Vec<Vec<Link>> {
        (0..self.quotes()).map(|i| self.of(i).collect()).collect()
    }

    /// Every link, with the quotation it is from.
    pub fn all(&self) -> impl Iterator<Item = (usize, Link)> + '_ {
        (0..self.quotes()).flat_map(move |i| self.of(i).map(move |l| (i, l)))
    }

    fn heap_bytes(&self) -> usize {
        self.starts.len() * 4 + self.links.len() * std::mem::size_of::<(ReportId, u32, f32)>()
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

    fn at(report: ReportId, quote: usize) -> QuoteRef {
        QuoteRef { report, quote }
    }

    #[test]
    fn lists_round_trip_through_the_compact_form() {
        let lists = vec![
            vec![(at(4, 0), 0.9), (at(7, 2), 0.6)],
            vec![],
            vec![(at(2, 1), 0.5)],
        ];
        let l = ReportLinks::new((1, 3), &lists);
        assert_eq!(l.quotes(), 3);
        assert_eq!(l.lists(), lists);
        assert_eq!(l.of(5).count(), 0);
        assert_eq!(
            l.all().map(|(i, (r, _))| (i, r.report)).collect::<Vec<_>>(),
            vec![(0, 4), (0, 7), (2, 2)]
        );
    }

    #[test]
    fn kept_links_are_only_given_for_their_version() {
        let s = LinkStore::default();
        assert!(!s.is_dirty());
        s.put(
            1,
            Arc::new(ReportLinks::new((0, 2), &[vec![(at(3, 0), 0.7)]])),
        );
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
