//! The cross-report line index: for every line key, the reports that contain it.
//! "In how many other reports does this line occur?" is the strongest plain-text
//! sign of site template text (menus, footers, widgets).

use super::ReportId;
use crate::analysis::LocalFacts;
use std::collections::HashMap;

/// Repeat counts are capped here: a line in 5 other reports is template text as
/// surely as one in 5,000, and the cap keeps an edit from touching every report that
/// shares a very common line.
pub const REPEAT_CAP: u32 = 4;

/// Line key → the reports containing it (each report once, kept sorted).
#[derive(Debug, Default)]
pub struct LineCounts {
    by_key: HashMap<u64, Vec<ReportId>>,
}

impl LineCounts {
    fn keys(facts: &LocalFacts) -> Vec<u64> {
        let mut keys: Vec<u64> = facts.line_keys.iter().flatten().copied().collect();
        keys.sort_unstable();
        keys.dedup();
        keys
    }

    /// Index a report's lines; returns the other reports that share any of them.
    pub fn add(&mut self, id: ReportId, facts: &LocalFacts) -> Vec<ReportId> {
        let mut touched = Vec::new();
        for k in Self::keys(facts) {
            let v = self.by_key.entry(k).or_default();
            if let Err(pos) = v.binary_search(&id) {
                if v.len() <= REPEAT_CAP as usize {
                    touched.extend(v.iter().copied());
                }
                v.insert(pos, id);
            }
        }
        touched
    }

    /// Drop a report's lines; returns the other reports that shared any of them.
    pub fn remove(&mut self, id: ReportId, facts: &LocalFacts) -> Vec<ReportId> {
        let mut touched = Vec::new();
        for k in Self::keys(facts) {
            if let Some(v) = self.by_key.get_mut(&k) {
                if let Ok(pos) = v.binary_search(&id) {
                    v.remove(pos);
                    if v.len() <= REPEAT_CAP as usize {
                        touched.extend(v.iter().copied());
                    }
                }
                if v.is_empty() {
                    self.by_key.remove(&k);
                }
            }
        }
        touched
    }

    /// In how many reports other than `id` the key occurs, capped at [`REPEAT_CAP`].
    pub fn others(&self, key: u64, id: ReportId) -> u32 {
        self.by_key.get(&key).map_or(0, |v| {
            let n = v.len() as u32;
            let n = if v.binary_search(&id).is_ok() {
                n - 1
            } else {
                n
            };
            n.min(REPEAT_CAP)
        })
    }
}
