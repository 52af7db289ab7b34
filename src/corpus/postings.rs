//! A compact table from 64-bit keys (line keys, sentence hashes) to the sorted
//! reports holding each key. Most keys belong to one report, which is held in the
//! table's own slot (12 bytes a key); only shared keys get a list.

use super::ReportId;
use rustc_hash::FxHashMap;

/// Marks a slot that points into the lists rather than holding a report.
const LIST: u32 = 1 << 31;

#[derive(Debug, Default)]
pub struct PostingTable {
    slots: FxHashMap<u64, u32>,
    lists: Vec<Vec<ReportId>>,
    free: Vec<u32>,
}

impl PostingTable {
    /// The reports holding `key`, sorted.
    pub fn get(&self, key: u64) -> &[ReportId] {
        match self.slots.get(&key) {
            None => &[],
            Some(v) if v & LIST == 0 => std::slice::from_ref(v),
            Some(v) => &self.lists[(v & !LIST) as usize],
        }
    }

    /// Add `id` to `key`'s reports.
    pub fn insert(&mut self, key: u64, id: ReportId) {
        debug_assert!(id & LIST == 0);
        let Some(slot) = self.slots.get_mut(&key) else {
            self.slots.insert(key, id);
            return;
        };
        if *slot & LIST == 0 {
            let one = *slot;
            if one == id {
                return;
            }
            let list = if one < id {
                vec![one, id]
            } else {
                vec![id, one]
            };
            let i = match self.free.pop() {
                Some(i) => {
                    self.lists[i as usize] = list;
                    i
                }
                None => {
                    self.lists.push(list);
                    (self.lists.len() - 1) as u32
                }
            };
            *slot = i | LIST;
            return;
        }
        let list = &mut self.lists[(*slot & !LIST) as usize];
        // ids mostly arrive in order: the end is the usual place
        if list.last().is_none_or(|&l| l < id) {
            list.push(id);
        } else if let Err(p) = list.binary_search(&id) {
            list.insert(p, id);
        }
    }

    /// Take `id` from `key`'s reports.
    pub fn remove(&mut self, key: u64, id: ReportId) {
        let Some(slot) = self.slots.get_mut(&key) else {
            return;
        };
        if *slot & LIST == 0 {
            if *slot == id {
                self.slots.remove(&key);
            }
            return;
        }
        let i = *slot & !LIST;
        let list = &mut self.lists[i as usize];
        if let Ok(p) = list.binary_search(&id) {
            list.remove(p);
        }
        if list.len() == 1 {
            *slot = list[0];
            self.lists[i as usize] = Vec::new();
            self.free.push(i);
        }
    }

    /// Number of keys.
    pub fn len(&self) -> usize {
        self.slots.len()
    }

    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    /// Bytes held on the heap (approximately).
    pub fn heap_bytes(&self) -> usize {
        self.slots.capacity() * 13
            + self
                .lists
                .iter()
                .map(|l| l.capacity() * 4 + 24)
                .sum::<usize>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_report_inline_many_in_a_list() {
        let mut t = PostingTable::default();
        t.insert(9, 5);
        assert_eq!(t.get(9), &[5]);
        t.insert(9, 3);
        t.insert(9, 7);
        t.insert(9, 7);
        assert_eq!(t.get(9), &[3, 5, 7]);
        t.remove(9, 5);
        assert_eq!(t.get(9), &[3, 7]);
        t.remove(9, 3);
        assert_eq!(t.get(9), &[7]);
        assert_eq!(t.free.len(), 1);
        // the freed list is reused
        t.insert(4, 1);
        t.insert(4, 2);
        assert!(t.free.is_empty());
        t.remove(9, 7);
        assert!(t.get(9).is_empty());
        assert_eq!(t.len(), 1);
    }
}
