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

    /// Every quotation's links, in order (for comparing two forms).
    pub fn parts(&self) -> (&[u32], &[(QuoteId, f32)]) {
        (&self.starts, &self.links)
    }
}

/// The first part of the version of links put but not yet usable (read from
/// a file whose checksum is not known yet): no report has such a version.
pub const PENDING: u64 = u64::MAX;

/// Bytes of links held in memory before they are moved to the spill file.
#[cfg(not(test))]
const SPILL_AT: usize = 512 << 10;
#[cfg(test)]
const SPILL_AT: usize = 64;

/// Dead bytes in the spill file past which it is rewritten (when they are
/// also most of it).
const COMPACT_AT: u64 = if cfg!(test) { 256 } else { 1 << 20 };

/// Where a report's links were spilled: their place in the spill file, and
/// what [`LinkStore::get`] checks without reading them.
#[derive(Debug, Clone, Copy)]
struct Spilled {
    version: (u64, u64),
    at: u64,
    len: u32,
}

/// The file that holds the links moved out of memory (unnamed: it goes away
/// with the process), and where the next ones go.
#[derive(Debug)]
struct Spill {
    file: Arc<std::fs::File>,
    end: u64,
}

#[derive(Debug, Default)]
struct Inner {
    /// Links computed lately, in memory.
    recent: FxHashMap<ReportId, Arc<ReportLinks>>,
    recent_bytes: usize,
    /// Links moved to the spill file.
    spilled: FxHashMap<ReportId, Spilled>,
    spill: Option<Spill>,
    /// Bytes of the spill file no longer referred to.
    dead: u64,
    /// Times the spill file was rewritten without its dead bytes.
    compactions: u32,
}

/// The kept links of the reports, by report. At corpus scale they are tens of
/// megabytes (a hundred thousand reports of a few dozen links each): past a
/// few megabytes they move to an unnamed spill file (in the cache folder, else
/// the system's temporary folder) and are read back one report at a time, so
/// that they do not add to the memory of the process. Where no spill file can
/// be made, they stay in memory.
#[derive(Debug, Default)]
pub struct LinkStore {
    inner: Mutex<Inner>,
    /// Where the spill file is made.
    dir: Mutex<Option<std::path::PathBuf>>,
    /// Changed since the store was last written to or read from disk.
    dirty: std::sync::atomic::AtomicBool,
}

impl LinkStore {
    /// Make the spill file in `dir` (the cache folder) rather than the system's
    /// temporary folder.
    pub fn set_spill_dir(&self, dir: Option<std::path::PathBuf>) {
        *self.dir.lock() = dir;
    }

    /// The links of `report` when they were computed at `version`.
    pub fn get(&self, report: ReportId, version: (u64, u64)) -> Option<Arc<ReportLinks>> {
        let (file, s) = {
            let m = self.inner.lock();
            if let Some(l) = m.recent.get(&report) {
                return (l.version == version).then(|| l.clone());
            }
            let s = *m.spilled.get(&report)?;
            if s.version != version {
                return None;
            }
            (m.spill.as_ref()?.file.clone(), s)
        };
        // read without the lock: other threads go on meanwhile
        let mut buf = vec![0u8; s.len as usize];
        read_at(&file, &mut buf, s.at).ok()?;
        decode(version, &buf).map(Arc::new)
    }

    /// Keep the links of `report`.
    pub fn put(&self, report: ReportId, links: Arc<ReportLinks>) {
        let mut m = self.inner.lock();
        if let Some(old) = m.spilled.remove(&report) {
            m.dead += u64::from(old.len);
        }
        m.recent_bytes += links.heap_bytes() + 64;
        if let Some(old) = m.recent.insert(report, links) {
            m.recent_bytes = m.recent_bytes.saturating_sub(old.heap_bytes() + 64);
        }
        if m.recent_bytes > SPILL_AT {
            let dir = self.dir.lock().clone();
            spill(&mut m, dir.as_deref());
        }
        self.dirty.store(true, std::sync::atomic::Ordering::Relaxed);
    }

    /// Make the links put with [`PENDING`] as the first part of their version
    /// usable: the version's first part becomes 0.
    pub fn activate(&self) {
        let mut m = self.inner.lock();
        for l in m.recent.values_mut() {
            if l.version.0 == PENDING {
                Arc::make_mut(l).version.0 = 0;
            }
        }
        for s in m.spilled.values_mut() {
            if s.version.0 == PENDING {
                s.version.0 = 0;
            }
        }
    }

    /// Forget the links of these reports (they may have changed).
    pub fn forget(&self, reports: impl IntoIterator<Item = ReportId>) {
        let mut m = self.inner.lock();
        for r in reports {
            let mut gone = false;
            if let Some(old) = m.recent.remove(&r) {
                m.recent_bytes = m.recent_bytes.saturating_sub(old.heap_bytes() + 64);
                gone = true;
            }
            if let Some(old) = m.spilled.remove(&r) {
                m.dead += u64::from(old.len);
                gone = true;
            }
            if gone {
                self.dirty.store(true, std::sync::atomic::Ordering::Relaxed);
            }
        }
    }

    /// Forget every report's links.
    pub fn clear(&self) {
        let mut m = self.inner.lock();
        if !m.recent.is_empty() || !m.spilled.is_empty() {
            self.dirty.store(true, std::sync::atomic::Ordering::Relaxed);
        }
        *m = Inner::default();
    }

    /// The reports with kept links (of any version), in id order.
    pub fn reports(&self) -> Vec<ReportId> {
        let m = self.inner.lock();
        let mut out: Vec<ReportId> = m.recent.keys().chain(m.spilled.keys()).copied().collect();
        out.sort_unstable();
        out
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
        let m = self.inner.lock();
        m.recent.len() + m.spilled.len()
    }

    /// Whether no report has kept links.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Bytes held in memory (approximately), for the benchmarks.
    pub fn heap_bytes(&self) -> usize {
        let m = self.inner.lock();
        m.recent_bytes + m.spilled.len() * (std::mem::size_of::<Spilled>() + 8)
    }
}

/// Move the links in memory to the spill file (made on first use; rewritten
/// with only the live links when most of it is dead). Where the file cannot be
/// written, the links stay in memory.
fn spill(m: &mut Inner, dir: Option<&std::path::Path>) {
    if m.spill.is_none() {
        match spill_file(dir) {
            Ok(f) => {
                m.spill = Some(Spill {
                    file: Arc::new(f),
                    end: 0,
                })
            }
            Err(e) => {
                tracing::debug!("quote links stay in memory (no spill file: {e})");
                m.recent_bytes = 0;
                return;
            }
        }
    }
    let Some(sp) = m.spill.as_mut() else {
        return;
    };
    let mut buf = Vec::with_capacity(m.recent_bytes);
    let mut placed = Vec::with_capacity(m.recent.len());
    for (&id, l) in &m.recent {
        let at = sp.end + buf.len() as u64;
        encode(l, &mut buf);
        let len = (sp.end + buf.len() as u64 - at) as u32;
        placed.push((
            id,
            Spilled {
                version: l.version,
                at,
                len,
            },
        ));
    }
    if let Err(e) = write_at(&sp.file, &buf, sp.end) {
        tracing::debug!("quote links stay in memory (spill file: {e})");
        m.recent_bytes = 0;
        return;
    }
    sp.end += buf.len() as u64;
    for (id, s) in placed {
        m.spilled.insert(id, s);
    }
    m.recent.clear();
    m.recent_bytes = 0;
    if m.dead > COMPACT_AT && m.dead * 2 > sp.end {
        compact(m, dir);
    }
}

/// A new unnamed spill file in `dir` (else in the system's temporary folder).
fn spill_file(dir: Option<&std::path::Path>) -> std::io::Result<std::fs::File> {
    match dir {
        Some(d) => tempfile::tempfile_in(d).or_else(|_| tempfile::tempfile()),
        None => tempfile::tempfile(),
    }
}

/// Rewrite the spill file with only the links still referred to.
fn compact(m: &mut Inner, dir: Option<&std::path::Path>) {
    let Some(sp) = m.spill.as_ref() else {
        return;
    };
    let Ok(fresh) = spill_file(dir) else {
        return;
    };
    let mut end = 0u64;
    let mut moved = Vec::with_capacity(m.spilled.len());
    for (&id, s) in &m.spilled {
        let mut buf = vec![0u8; s.len as usize];
        if read_at(&sp.file, &mut buf, s.at).is_err() || write_at(&fresh, &buf, end).is_err() {
            return;
        }
        moved.push((id, Spilled { at: end, ..*s }));
        end += u64::from(s.len);
    }
    m.spilled = moved.into_iter().collect();
    m.spill = Some(Spill {
        file: Arc::new(fresh),
        end,
    });
    m.dead = 0;
    m.compactions += 1;
}

/// One report's links as bytes: computed_at, the number of quotations, the
/// starts, then (slot, score bits) per link; little-endian.
fn encode(l: &ReportLinks, out: &mut Vec<u8>) {
    out.extend_from_slice(&l.computed_at.to_le_bytes());
    out.extend_from_slice(&(l.starts.len() as u32).to_le_bytes());
    for s in l.starts.iter() {
        out.extend_from_slice(&s.to_le_bytes());
    }
    for &(q, score) in l.links.iter() {
        out.extend_from_slice(&q.to_le_bytes());
        out.extend_from_slice(&score.to_bits().to_le_bytes());
    }
}

fn decode(version: (u64, u64), b: &[u8]) -> Option<ReportLinks> {
    let u32_at =
        |i: usize| -> Option<u32> { Some(u32::from_le_bytes(b.get(i..i + 4)?.try_into().ok()?)) };
    let computed_at = u64::from_le_bytes(b.get(..8)?.try_into().ok()?);
    let n = u32_at(8)? as usize;
    let starts: Vec<u32> = (0..n).map(|i| u32_at(12 + 4 * i)).collect::<Option<_>>()?;
    let from = 12 + 4 * n;
    let m = (b.len().checked_sub(from)?) / 8;
    if from + 8 * m != b.len() || starts.last().is_some_and(|&e| e as usize != m) {
        return None;
    }
    let links: Vec<(QuoteId, f32)> = (0..m)
        .map(|i| {
            Some((
                u32_at(from + 8 * i)?,
                f32::from_bits(u32_at(from + 8 * i + 4)?),
            ))
        })
        .collect::<Option<_>>()?;
    Some(ReportLinks::from_parts(version, computed_at, starts, links))
}

#[cfg(unix)]
fn read_at(f: &std::fs::File, buf: &mut [u8], at: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(f, buf, at)
}

#[cfg(unix)]
fn write_at(f: &std::fs::File, buf: &[u8], at: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::write_all_at(f, buf, at)
}

#[cfg(not(unix))]
fn read_at(_: &std::fs::File, _: &mut [u8], _: u64) -> std::io::Result<()> {
    Err(std::io::Error::other("no positioned reads here"))
}

#[cfg(not(unix))]
fn write_at(_: &std::fs::File, _: &[u8], _: u64) -> std::io::Result<()> {
    Err(std::io::Error::other("no positioned writes here"))
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
        assert!(
            s.get(1, (1, 2)).is_none(),
            "another first part (as PENDING)"
        );
        s.mark_clean();
        s.forget([2]);
        assert!(!s.is_dirty(), "forgetting nothing changes nothing");
        s.forget([1]);
        assert!(s.get(1, (0, 2)).is_none());
        assert!(s.is_dirty());
    }

    #[test]
    fn links_moved_to_the_spill_file_read_back_the_same() {
        let s = LinkStore::default();
        let links = |r: u32| {
            let lists: Vec<Vec<(QuoteId, f32)>> = (0..r % 4)
                .map(|i| {
                    (0..i + r % 3)
                        .map(|k| (r * 10 + k, 0.5 + k as f32 / 64.0))
                        .collect()
                })
                .collect();
            ReportLinks::new((0, u64::from(r)), u64::from(r) * 7, &lists)
        };
        for r in 0..200 {
            s.put(r, Arc::new(links(r)));
        }
        {
            let m = s.inner.lock();
            assert!(
                !m.spilled.is_empty(),
                "past {SPILL_AT} bytes, links move out"
            );
            assert!(m.recent_bytes <= SPILL_AT + 1024);
        }
        for r in 0..200 {
            let got = s.get(r, (0, u64::from(r))).expect("kept");
            assert_eq!(*got, links(r));
            assert!(s.get(r, (0, u64::from(r) + 1)).is_none(), "other version");
        }
        assert_eq!(s.len(), 200);
        assert_eq!(s.reports(), (0..200).collect::<Vec<_>>());
        // replaced, forgotten and moved again: the spill file is compacted
        // only once most of it is dead, and always reads back right
        for round in 1..4u64 {
            for r in 0..200 {
                let mut l = links(r);
                l.version = (round, u64::from(r));
                s.put(r, Arc::new(l));
            }
            s.forget((0..200).filter(|r| r % 5 == 0));
            for r in 0..200 {
                let got = s.get(r, (round, u64::from(r)));
                if r % 5 == 0 {
                    assert!(got.is_none());
                } else {
                    assert_eq!(got.unwrap().parts(), links(r).parts());
                }
            }
        }
        assert!(
            s.inner.lock().compactions > 0,
            "the dead links were dropped"
        );
    }

    #[test]
    fn pending_links_are_usable_only_once_activated() {
        let s = LinkStore::default();
        for r in 0..50u32 {
            let l = ReportLinks::new((PENDING, 1), 0, &[vec![(r, 0.75)]]);
            s.put(r, Arc::new(l));
        }
        assert!(
            s.inner.lock().spilled.len() > 10,
            "some are in the spill file"
        );
        assert!((0..50).all(|r| s.get(r, (0, 1)).is_none()));
        s.activate();
        for r in 0..50u32 {
            assert_eq!(s.get(r, (0, 1)).unwrap().of(0), &[(r, 0.75)]);
        }
    }
}
