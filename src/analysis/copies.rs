//! # Copies of a report
//!
//! Scraped corpora hold the same wire story under several sites, and one
//! site's story scraped twice. [`signature`] sums up a report's body — the
//! lines that are not boilerplate as the report alone shows them, quotations
//! included — for finding its copies among 100,000 reports without comparing
//! every pair:
//!
//! - its words, normalised as the passage hashes normalise them (lower case,
//!   `ё` → `е`, punctuation dropped), and a hash of all of them in order: two
//!   bodies with the same hash are exact copies;
//! - the overlapping runs of [`SHINGLE`] words ("shingles") of the body, and
//!   of their hashes under [`HASHES`] hash functions the smallest of each
//!   (MinHash, Broder 1997): the share of the minima two reports have in
//!   common estimates their *resemblance*, the share of their shingles they
//!   have in common (Jaccard). 8 bits of each minimum are kept (b-bit
//!   MinHash, Li and König 2010): two different shingles agree on them by
//!   chance once in 256 times, which the estimate allows for (16 bits took
//!   60 bytes a report more, 6 MB at 100,000 reports by arithmetic, and
//!   found the same copies but one or two pages of a set, docs/accuracy.md).
//! - The minima cut into [`BANDS`] bands of [`ROWS`] ([`band_keys`]): two
//!   reports that share a band key are candidates (locality-sensitive
//!   hashing), and only candidates are compared. Reports resembling each
//!   other by 0.5 share a band with probability 0.93, by 0.6 with 0.99, by
//!   0.2 with 0.15.
//!
//! Reports are copies from a resemblance of [`THRESHOLD`] on: on pairs built
//! from the development sets (`newsdesk eval copies`, docs/accuracy.md) a
//! copy whose title and opening an editor rewrote resembles its original by
//! 0.35 to 0.93, two independent translations of one story by 0.10 at most.
//!
//! A body of fewer than [`MIN_WORDS`] words has no signature: short notices
//! resemble each other by chance.
//!
//! The hashes are FNV-1a and fixed multipliers, stable across runs and Rust
//! versions, so that signatures may be cached.

/// Words a shingle holds.
pub const SHINGLE: usize = 5;
/// MinHash values of a signature.
pub const HASHES: usize = 60;
/// Bands of the locality-sensitive hash.
pub const BANDS: usize = 20;
/// Values a band holds.
pub const ROWS: usize = HASHES / BANDS;
/// Fewest body words a report needs for a signature.
pub const MIN_WORDS: usize = 40;
/// Resemblance at and above which two reports are copies of each other.
pub const THRESHOLD: f32 = 0.5;

/// What is compared of a report's body.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CopySig {
    /// Hash of the body's normalised words in order.
    pub body: u64,
    /// Words of the body.
    pub words: u32,
    /// The lowest 8 bits of each MinHash value (the highest bits of a minimum
    /// are small numbers, the lowest uniform).
    pub mins: [u8; HASHES],
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// The multipliers and addends of the hash functions: odd numbers drawn
/// once from a fixed seed (splitmix64), so every build draws the same.
const fn functions() -> [(u64, u64); HASHES] {
    let mut out = [(0u64, 0u64); HASHES];
    let mut state: u64 = 0x6e65_7773_6465_736b; // "newsdesk"
    let mut i = 0;
    while i < HASHES {
        let mut pair = [0u64; 2];
        let mut j = 0;
        while j < 2 {
            state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = state;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            pair[j] = z ^ (z >> 31);
            j += 1;
        }
        out[i] = (pair[0] | 1, pair[1]);
        i += 1;
    }
    out
}

const FUNCTIONS: [(u64, u64); HASHES] = functions();

/// Mix a shingle's hash so that nearby inputs land far apart.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 33)).wrapping_mul(0xff51_afd7_ed55_8ccd);
    z = (z ^ (z >> 33)).wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    z ^ (z >> 33)
}

/// The hashes of the normalised words of `line`, appended to `out`.
fn word_hashes(line: &str, out: &mut Vec<u64>) {
    let mut h = FNV_OFFSET;
    let mut in_word = false;
    let mut buf = [0u8; 4];
    for c in line.chars() {
        if c.is_alphanumeric() {
            in_word = true;
            for lc in c.to_lowercase() {
                let lc = if lc == 'ё' { 'е' } else { lc };
                for &b in lc.encode_utf8(&mut buf).as_bytes() {
                    h ^= u64::from(b);
                    h = h.wrapping_mul(FNV_PRIME);
                }
            }
        } else if in_word && !matches!(c, '\'' | '’') {
            out.push(h);
            h = FNV_OFFSET;
            in_word = false;
        }
    }
    if in_word {
        out.push(h);
    }
}

/// The signature of a report's body: the lines of `text` not marked in
/// `skip` (boilerplate as the report alone shows it). `None` for a body of
/// fewer than [`MIN_WORDS`] words.
pub fn signature(text: &str, skip: &[bool]) -> Option<CopySig> {
    let mut words = Vec::new();
    for (i, (_, line)) in super::lines::lines_with_ranges(text).enumerate() {
        if !skip.get(i).copied().unwrap_or(false) {
            word_hashes(line, &mut words);
        }
    }
    if words.len() < MIN_WORDS {
        return None;
    }
    let mut body = FNV_OFFSET;
    for &w in &words {
        body = (body ^ w).wrapping_mul(FNV_PRIME);
    }
    let mut mins = [u64::MAX; HASHES];
    for run in words.windows(SHINGLE) {
        let mut s = 0u64;
        for &w in run {
            s = s.rotate_left(17) ^ w;
        }
        let s = mix(s);
        for (m, &(a, b)) in mins.iter_mut().zip(FUNCTIONS.iter()) {
            let v = s.wrapping_mul(a).wrapping_add(b);
            if v < *m {
                *m = v;
            }
        }
    }
    Some(CopySig {
        body,
        words: words.len() as u32,
        // the high bits: the multiply leaves the low ones weak
        mins: mins.map(|m| m as u8),
    })
}

/// The estimated share of shingles two bodies have in common, in [0, 1];
/// 1 for exact copies.
pub fn resemblance(a: &CopySig, b: &CopySig) -> f32 {
    if a.body == b.body {
        return 1.0;
    }
    let same = a
        .mins
        .iter()
        .zip(b.mins.iter())
        .filter(|(x, y)| x == y)
        .count();
    // two different shingles agree on 8 bits once in 2^8 times
    let chance = 1.0 / 256.0;
    let share = same as f32 / HASHES as f32;
    ((share - chance) / (1.0 - chance)).clamp(0.0, 1.0)
}

/// The band keys of a signature: reports sharing one are compared.
pub fn band_keys(sig: &CopySig) -> [u64; BANDS] {
    std::array::from_fn(|b| band_key(sig, b))
}

/// The key of band `band` (< [`BANDS`]) of a signature.
pub fn band_key(sig: &CopySig, band: usize) -> u64 {
    let mut h = FNV_OFFSET ^ band as u64;
    for &v in &sig.mins[band * ROWS..(band + 1) * ROWS] {
        h = (h ^ u64::from(v)).wrapping_mul(FNV_PRIME);
    }
    mix(h)
}

#[cfg(test)]
mod tests {
    use super::*;

    const STORY: &str = "MOSCOW, January 14 - RIA Novosti. Russian Deputy Foreign Minister \
Sergei Ryabkov said on Friday that the talks with the United States in Geneva had \
not produced the result Moscow had hoped for, but that contacts would go on. \
He said the two delegations had spent nearly eight hours discussing security \
guarantees, arms control and the situation around Ukraine, and that the next round \
would depend on the written answers Washington had promised to send next week. \
The ministry added that a report on the talks had been sent to the president.";

    fn sig(text: &str) -> CopySig {
        signature(text, &[]).expect("a body long enough")
    }

    #[test]
    fn an_exact_copy_resembles_fully_and_a_retyped_one_too() {
        let a = sig(STORY);
        assert_eq!(resemblance(&a, &sig(STORY)), 1.0);
        // case, punctuation and line breaks are not words
        let retyped = STORY.to_uppercase().replace(", ", " ,\n");
        assert_eq!(sig(&retyped).body, a.body);
    }

    #[test]
    fn an_edited_lead_still_resembles_and_another_story_does_not() {
        let a = sig(STORY);
        let edited = STORY.replace(
            "MOSCOW, January 14 - RIA Novosti. Russian Deputy Foreign Minister",
            "GENEVA, January 14 (Reuters) - Russia's deputy foreign minister",
        );
        let r = resemblance(&a, &sig(&edited));
        assert!((THRESHOLD..1.0).contains(&r), "edited lead: {r}");
        let other = "WASHINGTON, January 14 - The State Department said on Friday that \
the United States had sent its written answers to the Russian proposals on security \
guarantees, and that it was ready to continue the dialogue with Moscow in Geneva \
and at the OSCE in Vienna, while warning that any further move against Ukraine \
would meet a swift and severe response from Washington and its allies in Europe.";
        let r = resemblance(&a, &sig(other));
        assert!(r < 0.2, "another story: {r}");
    }

    #[test]
    fn boilerplate_lines_are_not_compared_and_short_bodies_have_no_signature() {
        let with_menu = format!("Home | World | Sport\n{STORY}\nShare this article\n");
        let skip = [true, false, true];
        assert_eq!(signature(&with_menu, &skip).unwrap().body, sig(STORY).body);
        assert!(signature("MOSCOW, January 14 - The talks ended.", &[]).is_none());
    }

    #[test]
    fn copies_share_a_band_and_the_keys_are_stable() {
        let a = band_keys(&sig(STORY));
        let b = band_keys(&sig(&STORY.replace("Friday", "Thursday")));
        assert!(a.iter().zip(b.iter()).any(|(x, y)| x == y));
        // the numbers are fixed (no per-run seed, no std hasher): the same
        // text gives them in every run and build of this code
        let s = sig(STORY);
        assert_eq!(s.body, 0x6790_eeea_1ede_f0d1);
        assert_eq!(s.mins[..4], [239, 115, 195, 28]);
    }
}
