//! # Boilerplate classes, kept
//!
//! The boilerplate class of every line of a report depends only on the report's
//! text and on which of its lines other reports repeat
//! ([`boilerplate::classify`]). Once quote links are kept, classifying every
//! line again is the largest part of a findings pass, although the repeated
//! lines rarely change between two passes. The classes are therefore kept here,
//! four bits a line, with the content hash of the text and a hash of the
//! repeated-line flags they were computed with ([`signal`]), and used again
//! only when both are the same: a kept class can never differ from a fresh one.
//! With them is kept what the two rules that read only the text and the
//! classes found ([`Settled`]: the dateline and the quotation marks), so that a
//! findings pass need not detect the one or pair the other again. They are also
//! written beside the index cache (see [`super::cache`]).

use super::ReportId;
use crate::analysis::boilerplate::{BoilerplateKind, LineClass};
use crate::analysis::{Settled, SettledDateline};
use parking_lot::Mutex;
use rustc_hash::FxHashMap;
use std::sync::atomic::{AtomicBool, Ordering};

/// The classes of a report's lines, as computed for one text and one set of
/// repeated lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeptClasses {
    /// The content hash of the text.
    pub text: u64,
    /// [`signal`] of the repeats they were computed with.
    pub signal: u64,
    /// What the text-only rules found with these classes.
    pub settled: Settled,
    lines: u32,
    /// Two lines a byte (the low four bits first).
    codes: Box<[u8]>,
}

/// The code of a class: 0 blank, 1 content, 2 + the kind's place in
/// [`BoilerplateKind::ALL`].
fn code(c: &LineClass) -> u8 {
    match c {
        LineClass::Blank => 0,
        LineClass::Content => 1,
        LineClass::Boilerplate(k) => {
            2 + BoilerplateKind::ALL
                .iter()
                .position(|x| x == k)
                .unwrap_or(BoilerplateKind::ALL.len() - 1) as u8
        }
    }
}

fn class(code: u8) -> Option<LineClass> {
    match code {
        0 => Some(LineClass::Blank),
        1 => Some(LineClass::Content),
        c => BoilerplateKind::ALL
            .get(usize::from(c) - 2)
            .map(|&k| LineClass::Boilerplate(k)),
    }
}

impl KeptClasses {
    pub fn new(text: u64, signal: u64, classes: &[LineClass], settled: Settled) -> KeptClasses {
        let mut codes = vec![0u8; classes.len().div_ceil(2)];
        for (i, c) in classes.iter().enumerate() {
            codes[i / 2] |= code(c) << (4 * (i % 2));
        }
        KeptClasses {
            text,
            signal,
            settled,
            lines: classes.len() as u32,
            codes: codes.into_boxed_slice(),
        }
    }

    /// The classes as stored on disk: `lines` of them in `codes`; None when the
    /// bytes do not hold that many valid codes.
    pub fn from_parts(
        text: u64,
        signal: u64,
        settled: Settled,
        lines: u32,
        codes: &[u8],
    ) -> Option<KeptClasses> {
        if codes.len() != (lines as usize).div_ceil(2) {
            return None;
        }
        let k = KeptClasses {
            text,
            signal,
            settled,
            lines,
            codes: codes.into(),
        };
        k.classes().map(|_| k)
    }

    /// The classes, one a line (None for bytes that hold no class).
    pub fn classes(&self) -> Option<Vec<LineClass>> {
        (0..self.lines as usize)
            .map(|i| class((self.codes[i / 2] >> (4 * (i % 2))) & 0xf))
            .collect()
    }

    /// Number of lines and their codes, as written to disk.
    pub fn parts(&self) -> (u32, &[u8]) {
        (self.lines, &self.codes)
    }
}

/// A hash of which lines of a report other reports repeat (what
/// [`boilerplate::classify`] reads of the corpus): whether each of the
/// report's distinct line keys, in their order, is repeated elsewhere. For one
/// text (the kept classes are also checked against its content hash) the keys
/// and their lines are fixed, so this tells the same as a flag a line, without
/// keying the lines again.
pub fn signal(repeated: impl ExactSizeIterator<Item = bool>) -> u64 {
    let n = repeated.len();
    let mut bytes = Vec::with_capacity(8 + n.div_ceil(8));
    bytes.extend_from_slice(&(n as u64).to_le_bytes());
    let mut b = 0u8;
    for (i, r) in repeated.enumerate() {
        if r {
            b |= 1 << (i % 8);
        }
        if i % 8 == 7 {
            bytes.push(std::mem::take(&mut b));
        }
    }
    if n % 8 != 0 {
        bytes.push(b);
    }
    crate::analysis::stable_hash(&bytes)
}

/// [`Settled`] in nine bytes, as written to disk: the dateline's kind (0
/// quiet, 1 missing, 2 again) and whether the marks pair in the first byte,
/// then the missing dateline's range.
pub fn settled_bytes(s: &Settled) -> [u8; 9] {
    let (kind, start, end) = match s.dateline {
        SettledDateline::Quiet => (0u8, 0, 0),
        SettledDateline::Missing { start, end } => (1, start, end),
        SettledDateline::Again => (2, 0, 0),
    };
    let mut out = [0u8; 9];
    out[0] = kind | (u8::from(s.marks_pair) << 2);
    out[1..5].copy_from_slice(&start.to_le_bytes());
    out[5..9].copy_from_slice(&end.to_le_bytes());
    out
}

/// The [`Settled`] of [`settled_bytes`]; None for bytes no `Settled` gives.
pub fn settled_from(b: &[u8; 9]) -> Option<Settled> {
    let start = u32::from_le_bytes([b[1], b[2], b[3], b[4]]);
    let end = u32::from_le_bytes([b[5], b[6], b[7], b[8]]);
    let dateline = match b[0] & 3 {
        0 if start == 0 && end == 0 => SettledDateline::Quiet,
        1 if start <= end => SettledDateline::Missing { start, end },
        2 if start == 0 && end == 0 => SettledDateline::Again,
        _ => return None,
    };
    if b[0] >> 3 != 0 {
        return None;
    }
    Some(Settled {
        dateline,
        marks_pair: b[0] & 4 != 0,
    })
}

/// The kept classes of the reports, by report.
#[derive(Debug, Default)]
pub struct ClassStore {
    /// (Held inline, not behind an `Arc`: a hundred thousand reports' classes
    /// are a few megabytes, and a pointer and a count each would add half.)
    map: Mutex<FxHashMap<ReportId, KeptClasses>>,
    /// Changed since the store was last written to or read from disk.
    dirty: AtomicBool,
}

impl ClassStore {
    /// The classes of `report`, and what the text-only rules found with them,
    /// when they were computed for text `text` with repeats of [`signal`]
    /// `signal`.
    pub fn get(
        &self,
        report: ReportId,
        text: u64,
        signal: u64,
    ) -> Option<(Vec<LineClass>, Settled)> {
        let m = self.map.lock();
        let k = m.get(&report)?;
        if k.text != text || k.signal != signal {
            return None;
        }
        Some((k.classes()?, k.settled))
    }

    pub fn put(&self, report: ReportId, classes: KeptClasses) {
        self.map.lock().insert(report, classes);
        self.dirty.store(true, Ordering::Relaxed);
    }

    pub fn forget(&self, report: ReportId) {
        if self.map.lock().remove(&report).is_some() {
            self.dirty.store(true, Ordering::Relaxed);
        }
    }

    /// Every report's kept classes (for writing them to disk).
    pub fn snapshot(&self) -> Vec<(ReportId, KeptClasses)> {
        let mut v: Vec<_> = self
            .map
            .lock()
            .iter()
            .map(|(&r, k)| (r, k.clone()))
            .collect();
        v.sort_unstable_by_key(|(r, _)| *r);
        v
    }

    pub fn len(&self) -> usize {
        self.map.lock().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Bytes held in memory (approximately), for the benchmarks.
    pub fn heap_bytes(&self) -> usize {
        let m = self.map.lock();
        m.values()
            .map(|k| k.codes.len() + std::mem::size_of::<KeptClasses>() + 16)
            .sum()
    }

    pub fn is_dirty(&self) -> bool {
        self.dirty.load(Ordering::Relaxed)
    }

    pub fn mark_clean(&self) {
        self.dirty.store(false, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const QUIET: Settled = Settled {
        dateline: SettledDateline::Quiet,
        marks_pair: true,
    };

    #[test]
    fn every_class_round_trips_through_four_bits() {
        let mut all = vec![LineClass::Blank, LineClass::Content];
        all.extend(
            BoilerplateKind::ALL
                .iter()
                .map(|&k| LineClass::Boilerplate(k)),
        );
        // odd and even lengths
        for n in [all.len(), all.len() - 1, 1, 0] {
            let classes: Vec<LineClass> = all.iter().cycle().take(n * 3).copied().collect();
            let k = KeptClasses::new(7, 9, &classes, QUIET);
            assert_eq!(k.classes().unwrap(), classes);
            let (lines, codes) = k.parts();
            assert_eq!(
                KeptClasses::from_parts(7, 9, QUIET, lines, codes),
                Some(k.clone())
            );
        }
        // a code that is no class, or too few bytes
        assert_eq!(KeptClasses::from_parts(1, 1, QUIET, 2, &[0xf1]), None);
        assert_eq!(KeptClasses::from_parts(1, 1, QUIET, 3, &[0x11]), None);
    }

    #[test]
    fn the_signal_tells_which_keys_are_repeated() {
        let s = |v: &[bool]| signal(v.iter().copied());
        assert_ne!(s(&[false, true, false]), s(&[true, false, false]));
        assert_ne!(
            s(&[false, false]),
            s(&[false, false, false]),
            "the number of keys counts"
        );
        for n in [7, 8, 9, 16, 20] {
            let many: Vec<bool> = (0..n).map(|i| i == n - 1).collect();
            let mut other = many.clone();
            other[n - 1] = false;
            assert_ne!(s(&many), s(&other), "the last of {n} keys counts");
            other[0] = true;
            assert_ne!(s(&many), s(&other));
        }
    }

    #[test]
    fn what_the_text_rules_found_round_trips_through_nine_bytes() {
        for dateline in [
            SettledDateline::Quiet,
            SettledDateline::Again,
            SettledDateline::Missing { start: 0, end: 0 },
            SettledDateline::Missing {
                start: 17,
                end: u32::MAX,
            },
        ] {
            for marks_pair in [false, true] {
                let k = Settled {
                    dateline,
                    marks_pair,
                };
                assert_eq!(settled_from(&settled_bytes(&k)), Some(k));
            }
        }
        let mut bad = settled_bytes(&QUIET);
        bad[0] |= 3;
        assert_eq!(settled_from(&bad), None, "no fourth kind");
        let mut bad = settled_bytes(&QUIET);
        bad[3] = 1;
        assert_eq!(settled_from(&bad), None, "a range on a quiet dateline");
        let mut bad = settled_bytes(&Settled {
            dateline: SettledDateline::Missing { start: 5, end: 9 },
            marks_pair: false,
        });
        bad[1] = 10;
        assert_eq!(
            settled_from(&bad),
            None,
            "a range that ends before it starts"
        );
    }

    #[test]
    fn kept_classes_are_given_only_for_their_text_and_signal() {
        let s = ClassStore::default();
        let c = vec![LineClass::Content, LineClass::Blank];
        let settled = Settled {
            dateline: SettledDateline::Missing { start: 3, end: 8 },
            marks_pair: false,
        };
        s.put(4, KeptClasses::new(10, 20, &c, settled));
        assert_eq!(s.get(4, 10, 20), Some((c, settled)));
        assert_eq!(s.get(4, 11, 20), None, "another text");
        assert_eq!(s.get(4, 10, 21), None, "other repeated lines");
        assert_eq!(s.get(5, 10, 20), None);
        s.mark_clean();
        s.forget(4);
        assert!(s.is_dirty() && s.is_empty());
    }
}
