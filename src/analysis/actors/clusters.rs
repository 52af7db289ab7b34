//! Word clusters for the tagger: each frequent word type of a few million
//! words of unlabelled news and web text, as written, in one of 512 fine
//! clusters, each fine cluster in one of 64 coarse groups (words that occur
//! between the same words: surnames, towns, given names, months, …). A name
//! the labelled data never shows still has a cluster if the unlabelled text
//! uses it. The data is `lexicon/ner_clusters.bin` (words by hash only, no
//! text of the sources), written by
//! `examples/ner_clusters.rs` (see there for the method and the command).

use rustc_hash::FxHashMap as HashMap;
use std::sync::LazyLock;

/// A word's clusters: fine, and the coarse group of the fine cluster.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Cluster {
    pub(super) fine: u16,
    pub(super) coarse: u16,
}

/// The key of a word in the cluster file: the low 32 bits of its xxh3 hash
/// (the file holds no words).
fn key(w: &str) -> u32 {
    xxhash_rust::xxh3::xxh3_64(w.as_bytes()) as u32
}

/// Read the bundled cluster file (layout in `examples/ner_clusters.rs`);
/// an empty map if it is not one (the tagger then runs without clusters).
fn parse(bytes: &[u8]) -> Option<HashMap<u32, Cluster>> {
    let rest = bytes.strip_prefix(b"NDCL")?;
    let (&version, rest) = rest.split_first()?;
    if version != 1 {
        return None;
    }
    let u16_at = |b: &[u8], i: usize| Some(u16::from_le_bytes(b.get(i..i + 2)?.try_into().ok()?));
    let n_fine = u16_at(rest, 0)? as usize;
    let coarse: Vec<u16> = (0..n_fine)
        .map(|f| u16_at(rest, 2 + 2 * f))
        .collect::<Option<_>>()?;
    let at = 2 + 2 * n_fine;
    let n = u32::from_le_bytes(rest.get(at..at + 4)?.try_into().ok()?) as usize;
    let words = rest.get(at + 4..at + 4 + 6 * n)?;
    let mut m = HashMap::with_capacity_and_hasher(n, Default::default());
    for e in words.chunks_exact(6) {
        let h = u32::from_le_bytes(e[..4].try_into().ok()?);
        let fine = u16::from_le_bytes(e[4..].try_into().ok()?);
        let coarse = *coarse.get(fine as usize)?;
        m.insert(h, Cluster { fine, coarse });
    }
    Some(m)
}

static CLUSTERS: LazyLock<HashMap<u32, Cluster>> =
    LazyLock::new(|| parse(include_bytes!("../lexicon/ner_clusters.bin")).unwrap_or_default());

/// How a word was found among the clusters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Found {
    /// as written
    AsWritten,
    /// a word in capitals found capitalised ("MITCHELL" as "Mitchell")
    Capitalised,
    /// a capitalised word found in lower case
    Lower,
}

/// The clusters of word `w`: as written, else (in capitals) capitalised,
/// else in lower case.
pub(super) fn cluster(w: &str) -> Option<(Cluster, Found)> {
    let m = &*CLUSTERS;
    if let Some(&c) = m.get(&key(w)) {
        return Some((c, Found::AsWritten));
    }
    let mut cs = w.chars();
    let first = cs.next()?;
    if !first.is_uppercase() {
        return None;
    }
    let rest = cs.as_str();
    if rest.chars().any(char::is_uppercase) {
        let title: String = std::iter::once(first)
            .chain(rest.chars().flat_map(char::to_lowercase))
            .collect();
        if let Some(&c) = m.get(&key(&title)) {
            return Some((c, Found::Capitalised));
        }
    }
    m.get(&key(&w.to_lowercase())).map(|&c| (c, Found::Lower))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_clusters_parse() {
        assert!(CLUSTERS.len() > 10_000);
        let (the, how) = cluster("the").unwrap();
        assert_eq!(how, Found::AsWritten);
        assert_eq!(cluster("HOWEVERZ"), None);
        assert_eq!(cluster("The").unwrap().1, Found::AsWritten);
        assert_ne!(the, cluster("The").unwrap().0);
        assert!(cluster("Zzqxv").is_none());
    }
}
