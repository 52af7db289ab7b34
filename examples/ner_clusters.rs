//! Build the word clusters that the named-entity tagger reads
//! (`src/analysis/lexicon/ner_clusters.bin`) from unlabelled text.
//!
//! ```sh
//! cargo run --release --example ner_clusters -- --out src/analysis/lexicon/ner_clusters.bin \
//!     ../shared/dev/boilerplate-train/l3s-gn1 ../shared/dev/boilerplate-train/dragnet \
//!     ../shared/dev/boilerplate-train/cleaneval ../shared/dev/boilerplate \
//!     ../shared/dev/quote-attribution ../shared/dev/quote-links
//! ```
//!
//! Each argument is a set folder with `corpus/*.txt`; where its
//! `labels.jsonl` labels lines `content` or `boilerplate` (the boilerplate
//! sets), only the content lines are read (menus and footers would teach
//! the clusters page furniture). No label is used otherwise: the text is
//! read as unlabelled running text, cut into tokens as the finder cuts them
//! (`actors::line_tokens`).
//!
//! The method, a cheap stand-in for Brown clustering:
//!
//! 1. The vocabulary: the `--words` (default 40,000) most frequent word
//!    types as written (case kept: "Bush" and "bush" are two types), seen at
//!    least `--min-count` (default 5) times, ties by the text.
//! 2. Each type's contexts: the token one and two places to its left and
//!    right, in lower case, among the 1,000 most frequent ones (others by
//!    class: capitalised word, other word, number, punctuation; the line's
//!    edge), four blocks of counts, weighted by positive pointwise mutual
//!    information and normalised to unit length.
//! 3. Spherical k-means into `--fine` (default 512) clusters: deterministic
//!    k-means++ seeding (a fixed xorshift seed), 25 rounds at most.
//! 4. The fine clusters' centroids clustered again the same way into
//!    `--coarse` (default 64) groups: two levels, like the prefixes of a
//!    Brown hierarchy.
//!
//! The output (`--out`) is binary and holds no word of the sources: each
//! word as the low 32 bits of its xxh3 hash with its fine cluster, and each
//! fine cluster's coarse group (fine clusters numbered in coarse order);
//! see the writer below for the layout. Without `--out` the clusters are
//! printed as text, one line per cluster, to look at. The same input gives
//! the same bytes.

use newsdesk::analysis::actors::line_tokens;
use rustc_hash::FxHashMap as HashMap;
use std::path::{Path, PathBuf};

const CONTEXT_WORDS: usize = 1000;
/// Context classes past the frequent words: capitalised, other word,
/// number, punctuation, line edge.
const CLASSES: usize = 5;
const BLOCK: usize = CONTEXT_WORDS + CLASSES;
const OFFSETS: [isize; 4] = [-2, -1, 1, 2];
const DIMS: usize = BLOCK * OFFSETS.len();
const ROUNDS: usize = 25;
const SEED: u64 = 0x00c1_u64 << 32 | 0x2026;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let valued = ["--out", "--words", "--min-count", "--fine", "--coarse"];
    let value = |name: &str| -> Option<String> {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let num =
        |name: &str, d: usize| -> usize { value(name).map_or(d, |v| v.parse().expect("a number")) };
    let out = value("--out").map(PathBuf::from);
    let n_words = num("--words", 40_000);
    let min_count = num("--min-count", 5);
    let n_fine = num("--fine", 512);
    let n_coarse = num("--coarse", 64);
    let dirs: Vec<PathBuf> = args
        .iter()
        .enumerate()
        .filter(|(i, a)| {
            !a.starts_with("--") && (*i == 0 || !valued.contains(&args[i - 1].as_str()))
        })
        .map(|(_, a)| PathBuf::from(a))
        .collect();
    if dirs.is_empty() {
        eprintln!("usage: ner_clusters [--out FILE] [--words N] [--min-count N] [--fine K] [--coarse K] SET_DIR...");
        std::process::exit(2);
    }

    // the text, line by line
    let mut lines: Vec<Vec<String>> = Vec::new();
    let mut tokens = 0usize;
    for dir in &dirs {
        let before = tokens;
        for line in read_set(dir) {
            let toks: Vec<String> = line_tokens(&line).into_iter().map(String::from).collect();
            tokens += toks.len();
            if !toks.is_empty() {
                lines.push(toks);
            }
        }
        eprintln!("{}: {} tokens", dir.display(), tokens - before);
    }

    // vocabulary: frequent word types as written
    let mut freq: HashMap<&str, usize> = HashMap::default();
    let mut lower_freq: HashMap<String, usize> = HashMap::default();
    for l in &lines {
        for t in l {
            *lower_freq.entry(t.to_lowercase()).or_default() += 1;
            if t.chars().any(char::is_alphabetic) {
                *freq.entry(t.as_str()).or_default() += 1;
            }
        }
    }
    let mut vocab: Vec<(&str, usize)> = freq
        .iter()
        .filter(|&(_, &n)| n >= min_count)
        .map(|(&w, &n)| (w, n))
        .collect();
    vocab.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    vocab.truncate(n_words);
    let index: HashMap<&str, usize> = vocab.iter().enumerate().map(|(i, w)| (w.0, i)).collect();
    let mut ctx_words: Vec<(&String, &usize)> = lower_freq.iter().collect();
    ctx_words.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    let ctx_index: HashMap<&str, usize> = ctx_words
        .iter()
        .take(CONTEXT_WORDS)
        .enumerate()
        .map(|(i, (w, _))| (w.as_str(), i))
        .collect();
    let context_of = |t: Option<&String>| -> usize {
        let Some(t) = t else {
            return CONTEXT_WORDS + 4;
        };
        if let Some(&i) = ctx_index.get(t.to_lowercase().as_str()) {
            return i;
        }
        let first = t.chars().next().unwrap_or(' ');
        if first.is_uppercase() {
            CONTEXT_WORDS
        } else if first.is_alphabetic() {
            CONTEXT_WORDS + 1
        } else if first.is_numeric() {
            CONTEXT_WORDS + 2
        } else {
            CONTEXT_WORDS + 3
        }
    };

    // context counts
    let mut counts: Vec<HashMap<u32, f32>> = vec![HashMap::default(); vocab.len()];
    for l in &lines {
        let ctx: Vec<usize> = l.iter().map(|t| context_of(Some(t))).collect();
        for (i, t) in l.iter().enumerate() {
            let Some(&w) = index.get(t.as_str()) else {
                continue;
            };
            for (b, &o) in OFFSETS.iter().enumerate() {
                let j = i as isize + o;
                let c = if j < 0 || j as usize >= l.len() {
                    context_of(None)
                } else {
                    ctx[j as usize]
                };
                *counts[w].entry((b * BLOCK + c) as u32).or_default() += 1.0;
            }
        }
    }
    // PPMI (context distribution smoothed by the power 0.75), unit length
    let mut ctx_total = vec![0f64; DIMS];
    for c in &counts {
        for (&d, &n) in c {
            ctx_total[d as usize] += f64::from(n);
        }
    }
    let smoothed: Vec<f64> = ctx_total.iter().map(|&n| n.powf(0.75)).collect();
    let smoothed_sum: f64 = smoothed.iter().sum::<f64>() / OFFSETS.len() as f64;
    let vectors: Vec<Vec<(u32, f32)>> = counts
        .iter()
        .map(|c| {
            let total: f64 = c.values().map(|&n| f64::from(n)).sum::<f64>() / OFFSETS.len() as f64;
            let mut v: Vec<(u32, f32)> = c
                .iter()
                .filter_map(|(&d, &n)| {
                    let p_ctx = smoothed[d as usize] / smoothed_sum;
                    let pmi = (f64::from(n) / total / p_ctx).ln();
                    (pmi > 0.0).then_some((d, pmi as f32))
                })
                .collect();
            v.sort_by_key(|x| x.0);
            let norm = v.iter().map(|x| x.1 * x.1).sum::<f32>().sqrt();
            if norm > 0.0 {
                for x in &mut v {
                    x.1 /= norm;
                }
            }
            v
        })
        .collect();
    eprintln!(
        "{} lines, {tokens} tokens, {} word types kept, {} context features",
        lines.len(),
        vocab.len(),
        vectors.iter().map(Vec::len).sum::<usize>()
    );

    // fine clusters over the words, then coarse groups over their centroids
    let (fine, centroids) = kmeans(&vectors, n_fine, DIMS);
    let cent_vectors: Vec<Vec<(u32, f32)>> = centroids
        .iter()
        .map(|c| {
            c.iter()
                .enumerate()
                .filter(|x| *x.1 != 0.0)
                .map(|(d, &x)| (d as u32, x))
                .collect()
        })
        .collect();
    let (coarse, _) = kmeans(&cent_vectors, n_coarse, DIMS);

    // number the fine clusters in coarse order, larger first
    let mut size = vec![0usize; n_fine];
    for &f in &fine {
        size[f] += 1;
    }
    let mut order: Vec<usize> = (0..n_fine).filter(|&f| size[f] > 0).collect();
    order.sort_by_key(|&f| (coarse[f], std::cmp::Reverse(size[f]), f));
    // The file holds no word: each word is kept as the low 32 bits of its
    // xxh3 hash (as the tagger's features are), so that no text of the
    // source sets is in the repository. Layout, little-endian: b"NDCL", a
    // version byte, the number of fine clusters (u16), each fine cluster's
    // coarse group (u16 each), the number of words (u32), then the words as
    // (hash u32, fine cluster u16), sorted by hash; where two words share a
    // hash the more frequent one's cluster is kept.
    let mut new_id = vec![u16::MAX; n_fine];
    for (i, &f) in order.iter().enumerate() {
        new_id[f] = i as u16;
    }
    let mut entries: Vec<(u32, u16)> = Vec::with_capacity(vocab.len());
    let mut seen = std::collections::HashSet::new();
    for (w, &f) in fine.iter().enumerate() {
        // vocab is most frequent first, so the first of a shared hash wins
        let h = xxhash_rust::xxh3::xxh3_64(vocab[w].0.as_bytes()) as u32;
        if seen.insert(h) {
            entries.push((h, new_id[f]));
        }
    }
    entries.sort_unstable();
    let mut bytes = Vec::with_capacity(16 + 2 * order.len() + 6 * entries.len());
    bytes.extend_from_slice(b"NDCL");
    bytes.push(1);
    bytes.extend_from_slice(&(order.len() as u16).to_le_bytes());
    for &f in &order {
        bytes.extend_from_slice(&(coarse[f] as u16).to_le_bytes());
    }
    bytes.extend_from_slice(&(entries.len() as u32).to_le_bytes());
    for (h, f) in &entries {
        bytes.extend_from_slice(&h.to_le_bytes());
        bytes.extend_from_slice(&f.to_le_bytes());
    }
    match out {
        Some(p) => {
            std::fs::write(&p, &bytes).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            eprintln!(
                "wrote {} ({} bytes, {} words, {} clusters)",
                p.display(),
                bytes.len(),
                entries.len(),
                order.len()
            );
        }
        None => {
            // for a look at the clusters: one line per cluster, its words
            for (i, &f) in order.iter().enumerate() {
                print!("{i} {}", coarse[f]);
                for (w, &c) in fine.iter().enumerate() {
                    if c == f {
                        print!(" {}", vocab[w].0);
                    }
                }
                println!();
            }
        }
    }
}

/// The lines of a set's texts, in file-name order; content lines only where
/// `labels.jsonl` labels lines content or boilerplate.
fn read_set(dir: &Path) -> Vec<String> {
    let mut content: HashMap<String, Vec<usize>> = HashMap::default();
    let mut line_labels = false;
    if let Ok(labels) = std::fs::read_to_string(dir.join("labels.jsonl")) {
        for l in labels.lines() {
            let Ok(v) = serde_json::from_str::<serde_json::Value>(l) else {
                continue;
            };
            let (Some(f), Some(n), Some(lab)) = (
                v.get("file").and_then(|x| x.as_str()),
                v.get("line").and_then(|x| x.as_u64()),
                v.get("label").and_then(|x| x.as_str()),
            ) else {
                continue;
            };
            line_labels = true;
            if lab == "content" {
                content.entry(f.to_string()).or_default().push(n as usize);
            }
        }
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir.join("corpus"))
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for p in files {
        let Ok(text) = std::fs::read_to_string(&p) else {
            continue;
        };
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if line_labels {
            let keep = content.get(name).cloned().unwrap_or_default();
            let all: Vec<&str> = text.lines().collect();
            out.extend(
                keep.iter()
                    .filter_map(|&n| all.get(n))
                    .map(|l| l.to_string()),
            );
        } else {
            out.extend(text.lines().map(String::from));
        }
    }
    out
}

/// A deterministic xorshift generator.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Spherical k-means of unit sparse vectors into `k` clusters: each
/// vector's cluster, and the unit centroids (dense, `dims` long).
fn kmeans(vs: &[Vec<(u32, f32)>], k: usize, dims: usize) -> (Vec<usize>, Vec<Vec<f32>>) {
    let k = k.min(vs.len()).max(1);
    let mut rng = Rng(SEED);
    // k-means++ seeding by cosine distance
    let mut cents: Vec<Vec<f32>> = Vec::with_capacity(k);
    let dense = |v: &[(u32, f32)]| {
        let mut c = vec![0f32; dims];
        for &(d, x) in v {
            c[d as usize] = x;
        }
        c
    };
    let dot = |v: &[(u32, f32)], c: &[f32]| v.iter().map(|&(d, x)| x * c[d as usize]).sum::<f32>();
    cents.push(dense(&vs[(rng.next() % vs.len() as u64) as usize]));
    let mut best: Vec<f32> = vs.iter().map(|v| dot(v, &cents[0])).collect();
    while cents.len() < k {
        let dist: Vec<f64> = best
            .iter()
            .map(|&s| f64::from((1.0 - s).max(0.0)))
            .collect();
        let total: f64 = dist.iter().sum();
        let mut r = rng.unit() * total;
        let mut pick = vs.len() - 1;
        for (i, &d) in dist.iter().enumerate() {
            if r < d {
                pick = i;
                break;
            }
            r -= d;
        }
        let c = dense(&vs[pick]);
        for (b, v) in best.iter_mut().zip(vs) {
            *b = b.max(dot(v, &c));
        }
        cents.push(c);
    }
    let mut assign = vec![usize::MAX; vs.len()];
    for round in 0..ROUNDS {
        // assign: centroids transposed, dimension by dimension
        let mut t = vec![0f32; dims * k];
        for (c, cent) in cents.iter().enumerate() {
            for (d, &x) in cent.iter().enumerate() {
                t[d * k + c] = x;
            }
        }
        let mut changed = 0;
        let mut scores = vec![0f32; k];
        for (i, v) in vs.iter().enumerate() {
            scores.iter_mut().for_each(|s| *s = 0.0);
            for &(d, x) in v {
                let row = &t[d as usize * k..(d as usize + 1) * k];
                for (s, &c) in scores.iter_mut().zip(row) {
                    *s += x * c;
                }
            }
            let b = (0..k)
                .max_by(|&a, &b| scores[a].total_cmp(&scores[b]).then(b.cmp(&a)))
                .unwrap_or(0);
            if assign[i] != b {
                assign[i] = b;
                changed += 1;
            }
        }
        // update
        let mut sums = vec![vec![0f32; dims]; k];
        for (v, &a) in vs.iter().zip(&assign) {
            for &(d, x) in v {
                sums[a][d as usize] += x;
            }
        }
        for (c, s) in sums.into_iter().enumerate() {
            let norm = s.iter().map(|x| x * x).sum::<f32>().sqrt();
            if norm > 0.0 {
                cents[c] = s.into_iter().map(|x| x / norm).collect();
            }
        }
        eprintln!("k-means {k}: round {round}, {changed} moved");
        if changed == 0 {
            break;
        }
    }
    (assign, cents)
}
