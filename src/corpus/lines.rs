//! The cross-report line index: for every line key, the reports that contain it.
//! "In how many other reports does this line occur?" is the strongest plain-text
//! sign of site template text (menus, footers, widgets).

use super::postings::PostingTable;
use super::ReportId;

/// Repeat counts are capped here: a line in 5 other reports is template text as
/// surely as one in 5,000, and the cap keeps an edit from touching every report that
/// shares a very common line.
pub const REPEAT_CAP: u32 = 4;

/// Line key → the reports containing it (each report once, kept sorted). Most
/// lines occur in one report, which is held inline.
#[derive(Debug, Default)]
pub struct LineCounts {
    by_key: PostingTable,
}

impl LineCounts {
    /// Index a report's line keys (distinct); returns the other reports whose
    /// capped count of a shared line moved.
    pub fn add(&mut self, id: ReportId, keys: &[u64]) -> Vec<ReportId> {
        let mut touched = Vec::new();
        for &k in keys {
            let before = self.by_key.get(k);
            if before.len() <= REPEAT_CAP as usize {
                touched.extend(before.iter().copied().filter(|&r| r != id));
            }
            self.by_key.insert(k, id);
        }
        touched
    }

    /// Drop a report's line keys; returns the other reports whose capped count of
    /// a shared line moved.
    pub fn remove(&mut self, id: ReportId, keys: &[u64]) -> Vec<ReportId> {
        let mut touched = Vec::new();
        for &k in keys {
            self.by_key.remove(k, id);
            let rest = self.by_key.get(k);
            if rest.len() <= REPEAT_CAP as usize {
                touched.extend(rest.iter().copied());
            }
        }
        touched
    }

    /// In how many reports other than `id` the key occurs, capped at [`REPEAT_CAP`].
    pub fn others(&self, key: u64, id: ReportId) -> u32 {
        let s = self.by_key.get(key);
        let n = s.len() as u32;
        let n = if s.binary_search(&id).is_ok() {
            n - 1
        } else {
            n
        };
        n.min(REPEAT_CAP)
    }

    /// In how many reports other than `id` and its copies (`copies`, sorted)
    /// the key occurs, capped at [`REPEAT_CAP`]: a line that only copies of
    /// the same story repeat is part of the story, not of a site's pages.
    pub fn others_besides(&self, key: u64, id: ReportId, copies: &[ReportId]) -> u32 {
        if copies.is_empty() {
            return self.others(key, id);
        }
        let s = self.by_key.get(key);
        let n = s
            .iter()
            .filter(|r| **r != id && copies.binary_search(r).is_err())
            .take(REPEAT_CAP as usize)
            .count();
        n as u32
    }

    /// Bytes held on the heap (approximately).
    pub fn heap_bytes(&self) -> usize {
        self.by_key.heap_bytes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_other_reports_and_reports_who_moved() {
        let mut lc = LineCounts::default();
        assert!(lc.add(1, &[7, 8]).is_empty());
        assert_eq!(lc.add(2, &[7]), vec![1]);
        assert_eq!(lc.others(7, 1), 1);
        assert_eq!(lc.others(8, 1), 0);
        assert_eq!(lc.others(7, 3), 2);
        for r in 3..10 {
            lc.add(r, &[7]);
        }
        assert_eq!(lc.others(7, 1), REPEAT_CAP);
        // far above the cap, a report leaving moves no capped count
        assert!(lc.remove(9, &[7]).is_empty());
        assert_eq!(lc.remove(1, &[7, 8]).len(), 0);
        assert!(lc.by_key.get(8).is_empty());
    }
}
