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

    /// Add `id` to `key`'s reports; returns the reports that held it before
    /// (`id` is never among them).
    pub fn insert(&mut self, key: u64, id: ReportId) -> Vec<ReportId> {
        debug_assert!(id & LIST == 0);
        let Some(slot) = self.slots.get_mut(&key) else {
            self.slots.insert(key, id);
            return Vec::new();
        };
        if *slot & LIST == 0 {
            let one = *slot;
            if one == id {
                return Vec::new();
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
            return vec![one];
        }
        let list = &mut self.lists[(*slot & !LIST) as usize];
        match list.binary_search(&id) {
            Ok(_) => list.iter().copied().filter(|&r| r != id).collect(),
            Err(p) => {
                let before = list.clone();
                list.insert(p, id);
                before
            }
        }
    }

    /// Take `id` from `key`'s reports; returns the reports that still hold it.
    pub fn remove(&mut self, key: u64, id: ReportId) -> Vec<ReportId> {
        let Some(slot) = self.slots.get_mut(&key) else {
            return Vec::new();
        };
        if *slot & LIST == 0 {
            if *slot == id {
                self.slots.remove(&key);
            }
            return Vec::new();
        }
        let i = *slot & !LIST;
        let list = &mut self.lists[i as usize];
        if let Ok(p) = list.binary_search(&id) {
            list.remove(p);
        }
        let rest = list.clone();
        if list.len() == 1 {
            *slot = list[0];
            self.lists[i as usize] = Vec::new();
            self.free.push(i);
        }
        rest
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
        assert!(t.insert(9, 5).is_empty());
        assert_eq!(t.get(9), &[5]);
        assert_eq!(t.insert(9, 3), vec![5]);
        assert_eq!(t.insert(9, 7), vec![3, 5]);
        assert_eq!(t.get(9), &[3, 5, 7]);
        assert_eq!(t.remove(9, 5), vec![3, 7]);
        assert_eq!(t.remove(9, 3), vec![7]);
        assert_eq!(t.get(9), &[7]);
        assert_eq!(t.free.len(), 1);
        // the freed list is reused
        t.insert(4, 1);
        t.insert(4, 2);
        assert!(t.free.is_empty());
        assert!(t.remove(9, 7).is_empty());
        assert!(t.get(9).is_empty());
        assert_eq!(t.len(), 1);
    }
}
