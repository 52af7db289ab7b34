//! The copy index: which reports share a band of their body's MinHash
//! signature ([`crate::analysis::copies`]), so that a report's copies are
//! found among its candidates, never by comparing it with every report.
//! Updated one report at a time.
//!
//! The bands are the index's bulk (20 a report: two million at 100,000
//! reports), so they are held in one open-addressing table of `u32`s, a
//! report's id and the band's number (the table is kept 40 to 80% full: 5
//! to 10 bytes a band): the band's key
//! is not stored but computed again from the report's signature, which stays
//! in its facts, when a probe meets the report. Exact copies are found by
//! their body's hash in a table of their own.

use super::postings::PostingTable;
use super::ReportId;
use crate::analysis::copies::{band_key, CopySig, BANDS};

/// Reports a band key may hold and still be read: a band that thousands of
/// reports share comes from text they all carry (a site's standing notice
/// the report alone did not show as boilerplate), and reading it for each of
/// them would grow with the square of the corpus. Exact copies are found by
/// their body's hash whatever their number.
pub const MAX_BAND_REPORTS: usize = 1_000;

const EMPTY: u32 = u32::MAX;
/// A band taken out: probes go on past it.
const GONE: u32 = u32::MAX - 1;
/// Bits of a slot that hold the band's number.
const BAND_BITS: u32 = 5;
const _: () = assert!(BANDS < (1 << BAND_BITS) - 1);

/// Band `b` of report `r`'s signature as stored: the key of that band, or
/// `None` when the report has no signature any more.
pub type BandKeyOf<'a> = &'a dyn Fn(ReportId, usize) -> Option<u64>;

#[derive(Debug, Default)]
pub struct CopyIndex {
    /// `id << 5 | band`, [`EMPTY`] or [`GONE`]; a power of two long.
    slots: Vec<u32>,
    /// Bands held.
    len: usize,
    /// Slots marked [`GONE`].
    gone: usize,
    bodies: PostingTable,
}

fn slot(id: ReportId, band: usize) -> u32 {
    (id << BAND_BITS) | band as u32
}

impl CopyIndex {
    pub fn new() -> CopyIndex {
        CopyIndex::default()
    }

    fn mask(&self) -> usize {
        self.slots.len() - 1
    }

    /// Put report `id`'s bands in (`key_of` gives the bands of the reports
    /// already in, for when the table grows).
    pub fn add(&mut self, id: ReportId, sig: &CopySig, key_of: BandKeyOf) {
        debug_assert!(id < (1 << (32 - BAND_BITS)) - 1);
        if (self.len + self.gone + BANDS) * 5 >= self.slots.len() * 4 {
            self.grow(key_of);
        }
        for b in 0..BANDS {
            let mut i = band_key(sig, b) as usize & self.mask();
            while self.slots[i] != EMPTY && self.slots[i] != GONE {
                i = (i + 1) & self.mask();
            }
            if self.slots[i] == GONE {
                self.gone -= 1;
            }
            self.slots[i] = slot(id, b);
            self.len += 1;
        }
        self.bodies.insert(sig.body, id);
    }

    /// Take report `id`'s bands out; `sig` is the signature they were put in
    /// with.
    pub fn remove(&mut self, id: ReportId, sig: &CopySig) {
        if self.slots.is_empty() {
            return;
        }
        for b in 0..BANDS {
            let want = slot(id, b);
            let mut i = band_key(sig, b) as usize & self.mask();
            while self.slots[i] != EMPTY {
                if self.slots[i] == want {
                    self.slots[i] = GONE;
                    self.len -= 1;
                    self.gone += 1;
                    break;
                }
                i = (i + 1) & self.mask();
            }
        }
        self.bodies.remove(sig.body, id);
    }

    /// A table twice the bands held (at least 1,024 slots), every band put
    /// in again from its key.
    fn grow(&mut self, key_of: BandKeyOf) {
        let cap = ((self.len + BANDS) * 2).next_power_of_two().max(1 << 10);
        let old = std::mem::replace(&mut self.slots, vec![EMPTY; cap]);
        self.gone = 0;
        self.len = 0;
        for s in old {
            if s == EMPTY || s == GONE {
                continue;
            }
            let (id, b) = (s >> BAND_BITS, (s & ((1 << BAND_BITS) - 1)) as usize);
            let Some(k) = key_of(id, b) else { continue };
            let mut i = k as usize & self.mask();
            while self.slots[i] != EMPTY {
                i = (i + 1) & self.mask();
            }
            self.slots[i] = s;
            self.len += 1;
        }
    }

    /// The other reports that share a band with `sig` (a band shared by more
    /// than [`MAX_BAND_REPORTS`] left out) or its body, each once, in no
    /// particular order: the candidates to compare with.
    pub fn candidates(&self, id: ReportId, sig: &CopySig, key_of: BandKeyOf) -> Vec<ReportId> {
        let mut out: Vec<ReportId> = self
            .bodies
            .get(sig.body)
            .iter()
            .copied()
            .filter(|&r| r != id)
            .collect();
        if !self.slots.is_empty() {
            let mut band = Vec::new();
            for b in 0..BANDS {
                let key = band_key(sig, b);
                band.clear();
                let mut i = key as usize & self.mask();
                while self.slots[i] != EMPTY {
                    let s = self.slots[i];
                    if s != GONE && (s & ((1 << BAND_BITS) - 1)) as usize == b {
                        let r = s >> BAND_BITS;
                        if r != id && key_of(r, b) == Some(key) {
                            band.push(r);
                        }
                    }
                    i = (i + 1) & self.mask();
                }
                if band.len() <= MAX_BAND_REPORTS {
                    out.extend_from_slice(&band);
                }
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    pub fn heap_bytes(&self) -> usize {
        self.slots.capacity() * 4 + self.bodies.heap_bytes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::copies::{signature, HASHES};

    fn sig(seed: u16) -> CopySig {
        CopySig {
            body: u64::from(seed),
            words: 100,
            // values of a hash of seed and place: no two seeds share a band
            mins: std::array::from_fn(|i| {
                (crate::analysis::stable_hash(
                    &[seed.to_le_bytes(), (i as u16).to_le_bytes()].concat(),
                ) >> 7) as u8
            }),
        }
    }

    #[test]
    fn candidates_are_the_reports_sharing_a_band_through_growth_and_removal() {
        let mut sigs: Vec<CopySig> = (0..600).map(sig).collect();
        // report 1 shares one band (values 0..3) with report 0, nothing else
        let first = sigs[0].mins;
        sigs[1].mins[..3].copy_from_slice(&first[..3]);
        let key_of = |r: ReportId, b: usize| sigs.get(r as usize).map(|s| band_key(s, b));
        let mut ix = CopyIndex::new();
        for (i, s) in sigs.iter().enumerate() {
            ix.add(i as ReportId, s, &key_of);
        }
        assert!(ix.slots.len() >= 600 * BANDS);
        assert_eq!(ix.candidates(0, &sigs[0], &key_of), [1]);
        assert_eq!(ix.candidates(5, &sigs[5], &key_of), Vec::<ReportId>::new());
        ix.remove(1, &sigs[1]);
        assert!(ix.candidates(0, &sigs[0], &key_of).is_empty());
        // put back after many removals: found again past the marks
        for i in 2..300 {
            ix.remove(i, &sigs[i as usize]);
        }
        ix.add(1, &sigs[1], &key_of);
        assert_eq!(ix.candidates(0, &sigs[0], &key_of), [1]);
        // an exact copy is a candidate by its body
        let mut copy = sigs[400].clone();
        copy.mins = [0; HASHES];
        assert_eq!(ix.candidates(999, &copy, &key_of), [400]);
        assert!(signature("too short", &[]).is_none());
    }
}
