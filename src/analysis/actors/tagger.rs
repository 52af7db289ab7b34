//! Stage 5: a small learned tagger over the rules' output (stacking).
//!
//! A token-level sequence tagger (BIO over person, organisation, place and
//! event) whose weights are an averaged structured perceptron (Collins 2002),
//! decoded by Viterbi with the previous tag as a feature. It reads the
//! words, their shapes, affixes and neighbours, the words around the same
//! word elsewhere in the report and how often it is written capitalised
//! there, what the bundled lexicons say of them
//! (places, given names, registry, head words), their word clusters
//! ([`super::clusters`], learned from unlabelled text), the run of
//! capitalised words the token is in (its head word, first word, length and
//! the words around it), and what the rules decided
//! for the token (the candidate's type and evidence strength): so it learns
//! when to trust the rules. A second pass reads the same and what the first
//! pass made of the same word elsewhere in the report (one reading per
//! report). [`Doc::apply_tagger`] then lets it retype the candidates whose
//! evidence is weak, drop those it finds no name in and add names the rules
//! missed ([`Policy`]); candidates of strong evidence (registry, gazetteer,
//! head words, given name and surname) keep the rules' reading, and a text
//! the report writes as a name ten times or more is never dropped.
//!
//! Only capitalised words (and a short lower-case word, "&" or a number
//! between two of them: "University of Texas") are scored; every other token
//! is outside any name. Decoding runs over each run of adjacent scored
//! tokens on its own, so the cost is a few dozen table lookups per
//! name-like token, linear in the report.
//!
//! The weights are `lexicon/ner_model.bin`, written by
//! `examples/train_ner.rs` (see there for the data and the cross-validation
//! figures, and docs/accuracy.md); features are hashed to 32 bits, the file
//! keeps only features seen at least twice in training, weights quantised to
//! 16 bits.

use super::clusters::cluster;
use super::clusters::Found as ClusterFound;
use super::doc::word_form;
use super::doc::Cand;
use super::doc::Doc;
use super::keys::org_key;
use super::keys::person_key;
use super::keys::slug;
use super::lexicon::NAME_ARTICLES;
use super::registry::normalize;
use super::registry::MentionKind;
use super::tokens::is_all_caps;
use super::tokens::is_cap_word;
use super::tokens::Tk;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::ops::Range;
use std::sync::LazyLock;
use xxhash_rust::xxh3::xxh3_64;

/// The tags, in the order of a weight row.
pub const TAGS: [&str; NT] = [
    "O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-EVENT", "I-EVENT",
];
/// Number of tags.
pub const NT: usize = 9;

/// The kind of a tag (None for "O").
fn tag_kind(t: u8) -> Option<MentionKind> {
    match t {
        1 | 2 => Some(MentionKind::Person),
        3 | 4 => Some(MentionKind::Organization),
        5 | 6 => Some(MentionKind::Place),
        7 | 8 => Some(MentionKind::Event),
        _ => None,
    }
}

/// The B- tag of a kind (0 for none / other).
fn begin_tag(k: MentionKind) -> u8 {
    match k {
        MentionKind::Person => 1,
        MentionKind::Organization => 3,
        MentionKind::Place => 5,
        MentionKind::Event => 7,
        MentionKind::Other => 0,
    }
}

fn is_inside(t: u8) -> bool {
    t != 0 && t % 2 == 0
}

/// Tags allowed after `prev` (when the previous scored token is the token
/// right before, `adjacent`): an I- tag only continues its own type.
fn allowed(prev: u8, adjacent: bool, t: u8) -> bool {
    if !is_inside(t) {
        return true;
    }
    adjacent && prev != 0 && tag_kind(prev) == tag_kind(t)
}

/// One token the tagger scores: its hashed features, and whether the token
/// before it is scored too (an I- tag can only continue through adjacent
/// tokens).
#[derive(Debug, Clone)]
pub struct SeqTok {
    feats: Vec<u32>,
    /// hashes that the previous tag is joined with
    joint: [u32; 2],
    adjacent: bool,
    /// index of the token in the report's tokens
    tok: usize,
    /// hash of the word in lower case
    word: u64,
}

/// A report as the tagger sees it: its scored tokens, and for training the
/// gold tag of each.
#[derive(Debug, Clone, Default)]
pub struct Sequence {
    toks: Vec<SeqTok>,
    /// gold tag per scored token (training only; empty at run time)
    pub gold: Vec<u8>,
}

impl Sequence {
    /// Number of scored tokens.
    pub fn len(&self) -> usize {
        self.toks.len()
    }

    pub fn is_empty(&self) -> bool {
        self.toks.is_empty()
    }
}

/// Hash of a string.
fn hs(s: &str) -> u64 {
    xxh3_64(s.as_bytes())
}

/// One feature's hash: its template number and up to two values (hashes or
/// small numbers), mixed (the finaliser of SplitMix64).
fn mix(tpl: u64, a: u64, b: u64) -> u32 {
    let mut x = tpl.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ a;
    x = (x ^ (x >> 31)).wrapping_mul(0xBF58_476D_1CE4_E5B9) ^ b;
    x = (x ^ (x >> 29)).wrapping_mul(0x94D0_49BB_1331_11EB);
    (x ^ (x >> 32)) as u32
}

/// Hash of a word in lower case, without allocating for ASCII words.
fn lower_hash(w: &str) -> u64 {
    let mut buf = [0u8; 48];
    if w.len() <= buf.len() && w.is_ascii() {
        for (d, b) in buf.iter_mut().zip(w.bytes()) {
            *d = b.to_ascii_lowercase();
        }
        xxh3_64(&buf[..w.len()])
    } else {
        hs(&w.to_lowercase())
    }
}

/// Hash of a word's [`shape`] (without allocating for short words).
fn shape_hash(w: &str) -> u64 {
    let mut buf = [0u8; 32];
    let mut n = 0;
    let (mut last, mut run) = (0u8, 0);
    for c in w.chars() {
        let b = if c.is_uppercase() {
            b'X'
        } else if c.is_lowercase() {
            b'x'
        } else if c.is_ascii_digit() {
            b'd'
        } else if c.is_ascii() {
            c as u8
        } else {
            return hs(&shape(w));
        };
        if b == last {
            run += 1;
            if run >= 2 {
                continue;
            }
        } else {
            run = 0;
            last = b;
        }
        if n == buf.len() {
            return hs(&shape(w));
        }
        buf[n] = b;
        n += 1;
    }
    xxh3_64(&buf[..n])
}

/// What [`Doc::features`] reads besides the token: per token the rules'
/// tag ([`Doc::rule_codes`]) and the word's hashes, and the strongest rule
/// type of each text in the report.
struct Context<'c> {
    cand_of: &'c [Option<(usize, bool)>],
    rule: &'c [u64],
    lower: &'c [u64],
    shapes: &'c [u64],
    /// per token: its word clusters ([`cluster_code`]; 0 not computed)
    clus: &'c [u64],
    doc_kind: &'c HashMap<u64, (MentionKind, f32)>,
}

/// A joint feature of the previous tag and a static hash.
fn joint(prev: u8, h: u32) -> u32 {
    mix(977, u64::from(h), u64::from(prev))
}

/// A word's clusters as a number: the fine cluster (and how the word was
/// found: as written, capitalised, in lower case) in the low 32 bits, the
/// coarse group in the high; a word without a cluster has its own code.
fn cluster_code(w: &str) -> u64 {
    match cluster(w) {
        None => 3,
        Some((c, how)) => {
            let how = match how {
                ClusterFound::AsWritten => 0,
                ClusterFound::Capitalised => 1,
                ClusterFound::Lower => 2,
            };
            (u64::from(c.fine) + 1) << 2 | how | (u64::from(c.coarse) + 1) << 32
        }
    }
}

/// The shape of a word: each letter `X`/`x`, digit `d`, other characters as
/// they are, runs of one class cut at two ("Xxx", "XX", "X.X.", "dd-dd").
fn shape(w: &str) -> String {
    let mut out = String::new();
    let mut last = '\0';
    let mut run = 0;
    for c in w.chars() {
        let s = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_ascii_digit() {
            'd'
        } else {
            c
        };
        if s == last {
            run += 1;
            if run >= 2 {
                continue;
            }
        } else {
            run = 0;
            last = s;
        }
        out.push(s);
    }
    out
}

/// The weights of one pass of the tagger.
#[derive(Debug, Clone, Default)]
struct Weights {
    w: HashMap<u32, [f32; NT]>,
}

/// A trained tagger: two passes of weights. The first reads a token's own
/// features; the second reads them and what the first pass tagged the same
/// word as elsewhere in the report ([`second_pass`]), so that a name gets
/// one reading per report.
#[derive(Debug, Clone, Default)]
pub struct Model {
    passes: Vec<Weights>,
}

const MAGIC: &[u8; 6] = b"NDNER\x02";

impl Weights {
    /// Viterbi decoding, segment by segment ([`viterbi`]), with `extra`
    /// features per token (none when empty).
    fn decode(&self, seq: &Sequence, extra: &[Vec<u32>]) -> Vec<(u8, f32)> {
        let mut out = Vec::with_capacity(seq.toks.len());
        for r in segments(&seq.toks) {
            let x = extra.get(r.clone()).unwrap_or(&[]);
            out.extend(viterbi(&seq.toks[r], x, |h| self.w.get(&h).copied()));
        }
        out
    }

    /// Append the weights: the tag count, a scale, the feature count, then
    /// per feature its hash, a bit mask of the tags it has weights for and
    /// those weights as 16-bit integers (times the scale). Sorted by hash, so
    /// that the same weights give the same bytes.
    fn write(&self, out: &mut Vec<u8>) {
        let max = self
            .w
            .values()
            .flat_map(|r| r.iter())
            .fold(0f32, |m, &x| m.max(x.abs()));
        let scale = if max > 0.0 { max / 32767.0 } else { 1.0 };
        let mut keys: Vec<&u32> = self.w.keys().collect();
        keys.sort();
        out.extend_from_slice(&(NT as u32).to_le_bytes());
        out.extend_from_slice(&scale.to_le_bytes());
        out.extend_from_slice(&(keys.len() as u32).to_le_bytes());
        for k in keys {
            let row = &self.w[k];
            let q: Vec<i16> = row.iter().map(|&x| (x / scale).round() as i16).collect();
            let mask: u16 = q
                .iter()
                .enumerate()
                .filter(|(_, &v)| v != 0)
                .fold(0, |m, (i, _)| m | (1 << i));
            out.extend_from_slice(&k.to_le_bytes());
            out.extend_from_slice(&mask.to_le_bytes());
            for v in q.iter().filter(|&&v| v != 0) {
                out.extend_from_slice(&v.to_le_bytes());
            }
        }
    }

    /// Read what [`Weights::write`] writes from `r`.
    fn read(r: &mut Reader) -> Result<Weights, String> {
        if r.u32()? as usize != NT {
            return Err("tagger weights for other tags".into());
        }
        let scale = f32::from_bits(r.u32()?);
        let n = r.u32()? as usize;
        let mut w = HashMap::default();
        w.reserve(n);
        for _ in 0..n {
            let k = r.u32()?;
            let m = r.take(2)?;
            let mask = u16::from_le_bytes([m[0], m[1]]);
            if mask >> NT != 0 {
                return Err("bad tag mask in tagger weights".into());
            }
            let mut row = [0f32; NT];
            for (i, x) in row.iter_mut().enumerate() {
                if mask & (1 << i) != 0 {
                    let v = r.take(2)?;
                    *x = f32::from(i16::from_le_bytes([v[0], v[1]])) * scale;
                }
            }
            w.insert(k, row);
        }
        Ok(Weights { w })
    }
}

/// A cursor over the bytes of a weight file.
struct Reader<'b> {
    b: &'b [u8],
    p: usize,
}

impl<'b> Reader<'b> {
    fn take(&mut self, n: usize) -> Result<&'b [u8], String> {
        let s = self
            .b
            .get(self.p..self.p + n)
            .ok_or("truncated tagger weights")?;
        self.p += n;
        Ok(s)
    }

    fn u32(&mut self) -> Result<u32, String> {
        let s = self.take(4)?;
        Ok(u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
    }
}

impl Model {
    /// Number of features with weights (all passes).
    pub fn features(&self) -> usize {
        self.passes.iter().map(|p| p.w.len()).sum()
    }

    /// Each scored token's tag and the margin of its score over the best
    /// other allowed tag, after every pass.
    pub fn decode(&self, seq: &Sequence) -> Vec<(u8, f32)> {
        let Some(first) = self.passes.first() else {
            return vec![(0, 0.0); seq.toks.len()];
        };
        let mut tags = first.decode(seq, &[]);
        for w in &self.passes[1..] {
            tags = w.decode(seq, &second_pass_features(seq, &tags));
        }
        tags
    }

    /// The weights as the bytes of `lexicon/ner_model.bin`: a header (magic,
    /// number of passes), then each pass ([`Weights::write`]).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&(self.passes.len() as u32).to_le_bytes());
        for w in &self.passes {
            w.write(&mut out);
        }
        out
    }

    /// Read the bytes that [`Model::to_bytes`] writes.
    pub fn from_bytes(b: &[u8]) -> Result<Model, String> {
        let mut r = Reader { b, p: 0 };
        if r.take(6)? != MAGIC {
            return Err("not a tagger weight file".into());
        }
        let n = r.u32()?;
        if n > 4 {
            return Err("too many passes in tagger weights".into());
        }
        let passes = (0..n)
            .map(|_| Weights::read(&mut r))
            .collect::<Result<Vec<_>, _>>()?;
        if r.p != b.len() {
            return Err("trailing bytes in tagger weights".into());
        }
        Ok(Model { passes })
    }
}

/// The features the second pass adds to each token: what the first pass
/// (`tags`) made of the same word elsewhere in the report (how often each
/// type, how often no name), and of the token itself.
fn second_pass_features(seq: &Sequence, tags: &[(u8, f32)]) -> Vec<Vec<u32>> {
    // per word: how often the first pass began or continued each type, or
    // put it outside (index 0)
    let mut counts: HashMap<u64, [u16; 5]> = HashMap::default();
    let kind_index = |t: u8| usize::from(t.div_ceil(2));
    for (t, &(tag, _)) in seq.toks.iter().zip(tags) {
        counts.entry(t.word).or_default()[kind_index(tag)] += 1;
    }
    seq.toks
        .iter()
        .zip(tags)
        .map(|(t, &(tag, margin))| {
            let mut c = counts[&t.word];
            c[kind_index(tag)] -= 1;
            let mut feats = Vec::with_capacity(8);
            for (k, &n) in c.iter().enumerate() {
                if n > 0 {
                    feats.push(mix(50, k as u64, u64::from(n.min(3))));
                }
            }
            let others: u16 = c.iter().sum();
            if others > 0 {
                let best = (0..5)
                    .max_by_key(|&k| (c[k], std::cmp::Reverse(k)))
                    .unwrap_or(0);
                feats.push(mix(51, best as u64, u64::from(tag)));
            }
            feats.push(mix(52, u64::from(tag), u64::from(margin > 5.0)));
            feats
        })
        .collect()
}

/// The sequence for training the second pass: each token's features and
/// those of [`second_pass_features`].
fn second_pass(seq: &Sequence, tags: &[(u8, f32)]) -> Sequence {
    let extra = second_pass_features(seq, tags);
    let toks = seq
        .toks
        .iter()
        .zip(extra)
        .map(|(t, x)| SeqTok {
            feats: t.feats.iter().copied().chain(x).collect(),
            joint: t.joint,
            adjacent: t.adjacent,
            tok: t.tok,
            word: t.word,
        })
        .collect();
    Sequence {
        toks,
        gold: seq.gold.clone(),
    }
}

/// The features of token `t` that the previous tag `p` is joined with.
fn joint_feats(t: &SeqTok, p: u8) -> [u32; 3] {
    [joint(p, 0), joint(p, t.joint[0]), joint(p, t.joint[1])]
}

/// Viterbi decoding of one segment of adjacent scored tokens (the first not
/// adjacent to the one before), with `extra` features per token (none when
/// empty), scoring features by `row`: each token's
/// tag, and the margin of its score over the best other allowed tag given
/// the tag chosen before it.
fn viterbi(
    seg: &[SeqTok],
    extra: &[Vec<u32>],
    row: impl Fn(u32) -> Option<[f32; NT]>,
) -> Vec<(u8, f32)> {
    let add = |h: u32, s: &mut [f32; NT]| {
        if let Some(r) = row(h) {
            for (a, b) in s.iter_mut().zip(r) {
                *a += b;
            }
        }
    };
    let n = seg.len();
    // per token: static scores, and the scores given each previous tag
    let mut local: Vec<[[f32; NT]; NT]> = Vec::with_capacity(n);
    for (i, t) in seg.iter().enumerate() {
        let mut st = [0f32; NT];
        for &h in t.feats.iter().chain(extra.get(i).into_iter().flatten()) {
            add(h, &mut st);
        }
        let mut by_prev = [[f32::NEG_INFINITY; NT]; NT];
        let prevs: &[u8] = if i == 0 {
            &[0]
        } else {
            &[0, 1, 2, 3, 4, 5, 6, 7, 8]
        };
        for &p in prevs {
            let mut s = st;
            for h in joint_feats(t, p) {
                add(h, &mut s);
            }
            for (tag, v) in s.iter().enumerate() {
                if allowed(p, i > 0, tag as u8) {
                    by_prev[p as usize][tag] = *v;
                }
            }
        }
        local.push(by_prev);
    }
    // best path
    let mut delta = local[0][0];
    let mut back: Vec<[u8; NT]> = vec![[0; NT]; n];
    for i in 1..n {
        let mut next = [f32::NEG_INFINITY; NT];
        for tag in 0..NT {
            for p in 0..NT {
                let v = delta[p] + local[i][p][tag];
                if v > next[tag] {
                    next[tag] = v;
                    back[i][tag] = p as u8;
                }
            }
        }
        delta = next;
    }
    let mut tags = vec![0u8; n];
    tags[n - 1] = (0..NT)
        .max_by(|&a, &b| delta[a].total_cmp(&delta[b]))
        .unwrap_or(0) as u8;
    for i in (1..n).rev() {
        tags[i - 1] = back[i][tags[i] as usize];
    }
    (0..n)
        .map(|i| {
            let p = if i == 0 { 0 } else { tags[i - 1] as usize };
            let s = &local[i][p];
            let t = tags[i] as usize;
            let other = (0..NT)
                .filter(|&k| k != t)
                .map(|k| s[k])
                .fold(f32::NEG_INFINITY, f32::max);
            (tags[i], s[t] - other)
        })
        .collect()
}

/// The segments of a sequence: runs of adjacent scored tokens.
fn segments(toks: &[SeqTok]) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut start = 0;
    (1..=toks.len()).filter_map(move |i| {
        if i == toks.len() || !toks[i].adjacent {
            let r = start..i;
            start = i;
            Some(r)
        } else {
            None
        }
    })
}

static SHIPPED: LazyLock<Option<Model>> = LazyLock::new(|| {
    Model::from_bytes(include_bytes!("../lexicon/ner_model.bin"))
        .ok()
        .filter(|m| m.features() > 0)
});

/// The weights shipped with newsdesk (`src/analysis/lexicon/ner_model.bin`);
/// `None` only if that file were unreadable or empty, which a test rules out.
pub fn shipped() -> Option<&'static Model> {
    SHIPPED.as_ref()
}

/// Passes over the training set of the shipped weights.
pub const EPOCHS: usize = 8;
/// Seed of the document order in training.
pub const SEED: u64 = 0x5eed_2026;
/// Features seen fewer times in training are left out of the weights.
pub const MIN_COUNT: u32 = 2;

/// Inner folds for the first pass's predictions that train the second.
const INNER_FOLDS: usize = 4;

/// Averaged-perceptron training of a [`Model`] on sequences with gold tags:
/// `epochs` passes over the documents, in an order shuffled by `seed` at each
/// pass (deterministic). Features seen fewer than `min_count` times are left
/// out. The second pass learns from first-pass tags of documents that the
/// first pass was not trained on (`INNER_FOLDS` folds by position), as it
/// will see them on new reports.
pub fn train(seqs: &[Sequence], epochs: usize, seed: u64, min_count: u32) -> Model {
    let first = train_weights(seqs, epochs, seed, min_count);
    let mut second_seqs: Vec<Sequence> = Vec::with_capacity(seqs.len());
    let mut held: Vec<Option<Sequence>> = vec![None; seqs.len()];
    for k in 0..INNER_FOLDS {
        let train: Vec<Sequence> = seqs
            .iter()
            .enumerate()
            .filter(|(i, _)| i % INNER_FOLDS != k)
            .map(|(_, s)| s.clone())
            .collect();
        let w = train_weights(&train, epochs, seed, min_count);
        for (i, s) in seqs.iter().enumerate() {
            if i % INNER_FOLDS == k {
                held[i] = Some(second_pass(s, &w.decode(s, &[])));
            }
        }
    }
    second_seqs.extend(held.into_iter().flatten());
    let second = train_weights(&second_seqs, epochs, seed, min_count);
    Model {
        passes: vec![first, second],
    }
}

/// One pass's weights (see [`train`]).
fn train_weights(seqs: &[Sequence], epochs: usize, seed: u64, min_count: u32) -> Weights {
    let mut counts: HashMap<u32, u32> = HashMap::default();
    for s in seqs {
        for t in &s.toks {
            for &h in &t.feats {
                *counts.entry(h).or_default() += 1;
            }
        }
    }
    let keep = |h: &u32| counts.get(h).copied().unwrap_or(0) >= min_count;
    let seqs: Vec<Sequence> = seqs
        .iter()
        .map(|s| Sequence {
            toks: s
                .toks
                .iter()
                .map(|t| SeqTok {
                    feats: t.feats.iter().copied().filter(|h| keep(h)).collect(),
                    joint: t.joint,
                    adjacent: t.adjacent,
                    tok: t.tok,
                    word: t.word,
                })
                .collect(),
            gold: s.gold.clone(),
        })
        .collect();
    let mut tr = Trainer::default();
    let mut order: Vec<usize> = (0..seqs.len()).collect();
    let mut rng = seed | 1;
    for _ in 0..epochs {
        // Fisher-Yates with a xorshift generator
        for i in (1..order.len()).rev() {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            order.swap(i, (rng % (i as u64 + 1)) as usize);
        }
        for &d in &order {
            tr.pass(&seqs[d]);
        }
    }
    tr.averaged()
}

/// A feature's weights in training: current, their sums over time, and when
/// each was last summed (the averaging trick of Daumé's thesis).
type Accumulated = ([f32; NT], [f32; NT], [u32; NT]);

#[derive(Default)]
struct Trainer {
    w: HashMap<u32, Accumulated>,
    clock: u32,
}

impl Trainer {
    fn update(&mut self, h: u32, t: u8, d: f32) {
        let clock = self.clock;
        let e = self.w.entry(h).or_insert(([0.0; NT], [0.0; NT], [0; NT]));
        let t = t as usize;
        e.1[t] += (clock - e.2[t]) as f32 * e.0[t];
        e.2[t] = clock;
        e.0[t] += d;
    }

    /// One structured-perceptron step per segment: decode with the current
    /// weights; where the tags differ from the gold ones, add the gold
    /// path's features and subtract the predicted path's.
    fn pass(&mut self, seq: &Sequence) {
        for r in segments(&seq.toks) {
            self.clock += 1;
            let seg = &seq.toks[r.clone()];
            let gold = &seq.gold[r];
            let guess: Vec<u8> = viterbi(seg, &[], |h| self.w.get(&h).map(|e| e.0))
                .into_iter()
                .map(|x| x.0)
                .collect();
            if guess == gold {
                continue;
            }
            for (i, t) in seg.iter().enumerate() {
                let (g, p) = (gold[i], guess[i]);
                let (gp, pp) = if i == 0 {
                    (0, 0)
                } else {
                    (gold[i - 1], guess[i - 1])
                };
                if g != p {
                    for &h in &t.feats {
                        self.update(h, g, 1.0);
                        self.update(h, p, -1.0);
                    }
                }
                if (g, gp) != (p, pp) {
                    for h in joint_feats(t, gp) {
                        self.update(h, g, 1.0);
                    }
                    for h in joint_feats(t, pp) {
                        self.update(h, p, -1.0);
                    }
                }
            }
        }
    }

    fn averaged(mut self) -> Weights {
        let clock = self.clock + 1;
        let mut w = HashMap::default();
        for (h, (cur, tot, ts)) in self.w.drain() {
            let mut row = [0f32; NT];
            let mut any = false;
            for t in 0..NT {
                let sum = tot[t] + (clock - ts[t]) as f32 * cur[t];
                row[t] = sum / clock as f32;
                // near-zero weights change nothing: prune them
                if row[t].abs() < 1e-4 {
                    row[t] = 0.0;
                } else {
                    any = true;
                }
            }
            if any {
                w.insert(h, row);
            }
        }
        Weights { w }
    }
}

/// How the tagger's answers and the rules' combine ([`Doc::apply_tagger`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Policy {
    /// Candidates typed at least this strongly keep the rules' type.
    pub keep_at: f32,
    /// Retype weak candidates whose span the tagger finds with another type.
    pub retype: bool,
    /// Drop weak candidates the tagger finds no name in, when its margin for
    /// "outside" is at least this (infinite: never).
    pub drop_margin: f32,
    /// Add names the rules missed when the tagger's margin is at least this
    /// (infinite: never).
    pub add_margin: f32,
    /// Replace a weak candidate by a tagger name of other bounds over it.
    pub rebound: bool,
    /// One type per name text among the tagger-typed names (a vote).
    pub one_sense: bool,
}

impl Default for Policy {
    fn default() -> Policy {
        Policy {
            keep_at: 3.0,
            retype: true,
            drop_margin: 0.0,
            add_margin: 0.0,
            rebound: true,
            one_sense: true,
        }
    }
}

/// A name the tagger found: its token range (report tokens) and type, the
/// least margin over its tokens.
struct Found {
    toks: Range<usize>,
    kind: MentionKind,
    margin: f32,
}

/// A candidate whose text the report writes as a name this often is not
/// dropped (a word written capitalised again and again is a name).
const REPEATED: usize = 10;

/// Strength given to candidates the tagger typed (weaker than any evidence
/// the rules trust, stronger than their guesses).
const TAGGER_STRENGTH: f32 = 1.9;

impl<'a> Doc<'a> {
    /// For each token, the candidate it belongs to (the candidates as
    /// [`Doc::into_mentions`] keeps them: the longest at each start, no
    /// overlaps) and whether it is the first token.
    fn rule_tokens(&self) -> Vec<Option<(usize, bool)>> {
        let mut idx: Vec<usize> = (0..self.cands.len()).collect();
        idx.sort_by_key(|&i| {
            let r = &self.cands[i].range;
            (r.start, std::cmp::Reverse(r.end))
        });
        let mut out = vec![None; self.toks.len()];
        let mut end = 0;
        for i in idx {
            let r = self.cands[i].range.clone();
            if r.start < end {
                continue;
            }
            end = r.end;
            let mut k = self.toks.partition_point(|t| t.start < r.start);
            let mut first = true;
            while k < self.toks.len() && self.toks[k].end <= r.end {
                out[k] = Some((i, first));
                first = false;
                k += 1;
            }
        }
        out
    }

    /// Whether token `i` is one the tagger scores: a capitalised word, or a
    /// short lower-case word, "&" or a number between two of them.
    fn scored(&self, i: usize) -> bool {
        let t = &self.toks[i];
        if t.kind == Tk::Word && is_cap_word(self.w(i)) {
            return true;
        }
        if t.kind == Tk::Poss {
            return false;
        }
        let small = match t.kind {
            Tk::Num => self.w(i).len() <= 4,
            Tk::Word => self.w(i).chars().count() <= 4,
            _ => self.w(i) == "&",
        };
        if !small || i == 0 || !self.cap(i - 1) || !self.same_line(i - 1, i) {
            return false;
        }
        // a German, French or Spanish preposition between two capitalised
        // words joins no name ("sagte von der Leyen vor Journalisten"),
        // unless names are made with it ("Bundesamt für …", "Banco de …")
        if t.kind == Tk::Word {
            let lw = self.w(i).to_lowercase();
            let own =
                crate::analysis::text::lang::own_function_words().is_some_and(|o| o.contains(&lw));
            if own
                && !super::lexicon::PARTICLES.contains(&lw.as_str())
                && !matches!(lw.as_str(), "des" | "für" | "und" | "et" | "y" | "e")
            {
                return false;
            }
        }
        let next_cap = |k: usize| self.same_line(i, k) && self.cap(k);
        next_cap(i + 1)
            || (self.is_word(i + 1)
                && matches!(self.w(i + 1), "the" | "of" | "de" | "la")
                && next_cap(i + 2))
    }

    /// The report as a [`Sequence`] for the tagger (no gold tags).
    pub(super) fn sequence(&self) -> Sequence {
        let n = self.toks.len();
        let cand_of = self.rule_tokens();
        let rule = self.rule_codes(&cand_of);
        let scored: Vec<usize> = (0..n).filter(|&i| self.scored(i)).collect();
        // the words' hashes (lower case, shape), for the scored tokens and
        // the two on each side
        let mut lower = vec![0u64; n];
        let mut shapes = vec![0u64; n];
        let mut clus = vec![0u64; n];
        for &i in &scored {
            for j in i.saturating_sub(2)..(i + 3).min(n) {
                if lower[j] == 0 {
                    lower[j] = lower_hash(self.w(j)) | 1;
                    shapes[j] = shape_hash(self.w(j));
                    clus[j] = cluster_code(self.w(j));
                }
            }
        }
        // per lower-case text: the strongest rule type the report gives it
        let mut doc_kind: HashMap<u64, (MentionKind, f32)> = HashMap::default();
        for c in &self.cands {
            let h = lower_hash(&self.text[c.range.clone()]) | 1;
            let e = doc_kind.entry(h).or_insert((c.kind, c.strength));
            if c.strength > e.1 {
                *e = (c.kind, c.strength);
            }
        }
        // what the report is about, by the kinds its strong names have
        let mut strong = [0u64; 4];
        for c in self.cands.iter().filter(|c| c.strength >= 4.0) {
            let b = begin_tag(c.kind);
            if b > 0 {
                strong[(b / 2) as usize] += 1;
            }
        }
        let total: u64 = strong.iter().sum();
        let doc_mix = strong[..3]
            .iter()
            .fold(0u64, |m, k| m * 8 + (k * 4).checked_div(total).unwrap_or(0));
        // per capitalised word: the words before and after it anywhere in
        // the report (what its other occurrences say of it)
        let mut around: HashMap<u64, Vec<u32>> = HashMap::default();
        // and how often it is written capitalised not at a sentence start
        let mut often: HashMap<u64, u32> = HashMap::default();
        for &i in &scored {
            if !self.cap(i) {
                continue;
            }
            if !self.toks[i].sent_start {
                *often.entry(lower[i]).or_default() += 1;
            }
            let v = around.entry(lower[i]).or_default();
            if v.len() >= 16 {
                continue;
            }
            if i > 0 && self.same_line(i - 1, i) && !self.cap(i - 1) {
                let h = mix(40, lower[i - 1], 0);
                if !v.contains(&h) {
                    v.push(h);
                }
            }
            if i + 1 < n && self.same_line(i, i + 1) && !self.cap(i + 1) {
                let h = mix(41, lower[i + 1], 0);
                if !v.contains(&h) {
                    v.push(h);
                }
            }
        }
        let ctx = Context {
            cand_of: &cand_of,
            rule: &rule,
            lower: &lower,
            shapes: &shapes,
            clus: &clus,
            doc_kind: &doc_kind,
        };
        let mut cache: HashMap<u64, Vec<u32>> = HashMap::default();
        let mut toks = Vec::with_capacity(scored.len());
        let mut last = usize::MAX;
        for &i in &scored {
            let adjacent = last != usize::MAX && last + 1 == i;
            last = i;
            let (mut feats, joint) = self.features(i, &ctx, &mut cache);
            feats.push(mix(39, doc_mix, rule[i]));
            if let Some(v) = around.get(&lower[i]) {
                feats.extend_from_slice(v);
            }
            let times = often.get(&lower[i]).copied().unwrap_or(0);
            let bucket = match times {
                0 => 0,
                1 => 1,
                2..=3 => 2,
                4..=9 => 3,
                _ => 4,
            };
            feats.push(mix(42, bucket, rule[i]));
            toks.push(SeqTok {
                feats,
                joint,
                adjacent,
                tok: i,
                word: lower[i],
            });
        }
        self.run_features(&mut toks, &lower, &clus);
        Sequence {
            toks,
            gold: Vec::new(),
        }
    }

    /// Features of the run of adjacent scored tokens a token is in (the
    /// span a name can take): its last word (the head: "… Council", "… FC"),
    /// its first, its length, the words just before and after it (the verb
    /// or preposition around the name), each with the token's place in it.
    fn run_features(&self, toks: &mut [SeqTok], lower: &[u64], clus: &[u64]) {
        const EDGE: u64 = 2;
        let ranges: Vec<Range<usize>> = segments(toks).collect();
        for r in ranges {
            let (first, last) = (toks[r.start].tok, toks[r.end - 1].tok);
            let before = if first > 0 && self.same_line(first - 1, first) {
                lower[first - 1]
            } else {
                EDGE
            };
            let after = if last + 1 < self.toks.len() && self.same_line(last, last + 1) {
                lower[last + 1]
            } else {
                EDGE
            };
            let len = r.len();
            for k in r.clone() {
                let pos: u64 = if len == 1 {
                    0
                } else if k == r.start {
                    1
                } else if k + 1 == r.end {
                    2
                } else {
                    3
                };
                let f = &mut toks[k].feats;
                f.push(mix(65, lower[last], pos));
                f.push(mix(66, lower[first], pos));
                f.push(mix(67, len.min(5) as u64, pos));
                f.push(mix(68, clus[last] & 0xffff_ffff, pos));
                f.push(mix(69, before, pos));
                f.push(mix(70, after, pos));
            }
        }
    }

    /// For each token, the rules' tag as a small number: 0 outside any
    /// candidate, else the candidate's kind and whether the token is its
    /// first ([`Doc::rule_tokens`]).
    fn rule_codes(&self, cand_of: &[Option<(usize, bool)>]) -> Vec<u64> {
        cand_of
            .iter()
            .map(|r| match r {
                None => 0,
                Some((c, first)) => {
                    let k = match self.cands[*c].kind {
                        MentionKind::Person => 1,
                        MentionKind::Organization => 2,
                        MentionKind::Place => 3,
                        MentionKind::Event => 4,
                        MentionKind::Other => 5,
                    };
                    k * 2 + u64::from(*first)
                }
            })
            .collect()
    }

    /// The features of a word that do not depend on where it is (its
    /// affixes, what the lexicons say of it, whether the report writes it in
    /// lower case elsewhere): computed once per word of a report.
    fn word_features(&self, w: &str) -> Vec<u32> {
        let lex = self.lex;
        let lw = w.to_lowercase();
        let mut f = Vec::with_capacity(16);
        // prefixes and suffixes of two to four letters
        let bounds: Vec<usize> = lw.char_indices().map(|(b, _)| b).collect();
        let nc = bounds.len();
        for k in 2..=4 {
            if nc > k {
                f.push(mix(3 + k as u64, hs(&lw[..bounds[k]]), 0));
                f.push(mix(6 + k as u64, hs(&lw[bounds[nc - k]..]), 0));
            }
        }
        // lexicons
        if let Some(p) = lex.place(w) {
            f.push(mix(21, p.class as u64, 0));
        } else if let Some(p) = lex.weak_place(w) {
            f.push(mix(76, p.class as u64, 0));
        }
        if lex.is_first_name(w) {
            f.push(mix(22, u64::from(lex.is_common(w)), 0));
        }
        if let Some(o) = lex.organisation(w) {
            f.push(mix(75, o.class as u64, u64::from(o.weak)));
        }
        if let Some(e) = self.reg.lookup_name(w) {
            f.push(mix(23, e.kind as u64, 0));
        }
        for (k, set) in [&lex.org_keywords, &lex.place_keywords, &lex.event_keywords]
            .iter()
            .enumerate()
        {
            if set.contains(&lw) {
                f.push(mix(24, k as u64, 0));
            }
        }
        if lex.is_common(&lw) {
            f.push(mix(25, 0, 0));
        }
        if lex.is_demonym(w) {
            f.push(mix(26, 0, 0));
        }
        // the cluster of the word in lower case: how the unlabelled text uses
        // it when it is not a name ("Will", "Bush", "Visitors")
        let lower_cluster = match cluster(&lw) {
            Some((c, ClusterFound::AsWritten)) => u64::from(c.fine) + 1,
            _ => 0,
        };
        f.push(mix(74, lower_cluster, 0));
        let form = word_form(&lw);
        let seen = u64::from(self.lower_words.contains(&form))
            | u64::from(self.mid_caps.contains(&form)) << 1;
        f.push(mix(28, seen, 0));
        f
    }

    /// The hashed features of token `i`, and the two that the previous tag
    /// is joined with (the shape and the rules' tag).
    fn features(
        &self,
        i: usize,
        ctx: &Context,
        cache: &mut HashMap<u64, Vec<u32>>,
    ) -> (Vec<u32>, [u32; 2]) {
        let lex = self.lex;
        let w = self.w(i);
        let t = &self.toks[i];
        let (li, si, rt) = (ctx.lower[i], ctx.shapes[i], ctx.rule[i]);
        let mut f: Vec<u32> = Vec::with_capacity(48);
        f.push(mix(0, 0, 0));
        f.push(mix(1, li, 0));
        f.push(mix(2, si, 0));
        match cache.get(&li) {
            Some(v) => f.extend_from_slice(v),
            None => {
                let v = self.word_features(w);
                f.extend_from_slice(&v);
                cache.insert(li, v);
            }
        }
        let all_caps = is_all_caps(w);
        let caps_line = self.caps_lines.contains(&t.line);
        let flags = u64::from(t.sent_start)
            | u64::from(all_caps) << 1
            | u64::from(self.title_lines.contains(&t.line)) << 2
            | u64::from(caps_line) << 3;
        f.push(mix(11, flags, 0));
        // neighbours on the same line
        const EDGE: u64 = 2;
        let near = |k: isize| -> Option<usize> {
            let j = i as isize + k;
            (j >= 0 && (j as usize) < self.toks.len() && self.same_line(i, j as usize))
                .then_some(j as usize)
        };
        let word_at = |k: isize| near(k).map_or(EDGE, |j| ctx.lower[j]);
        let shape_at = |k: isize| near(k).map_or(EDGE, |j| ctx.shapes[j]);
        let rule_at = |k: isize| near(k).map_or(99, |j| ctx.rule[j]);
        let (p1, n1) = (word_at(-1), word_at(1));
        f.push(mix(12, p1, 0));
        f.push(mix(13, n1, 0));
        f.push(mix(14, word_at(-2), 0));
        f.push(mix(15, word_at(2), 0));
        f.push(mix(16, shape_at(-1), 0));
        f.push(mix(17, shape_at(1), 0));
        f.push(mix(18, p1, li));
        f.push(mix(19, li, n1));
        if caps_line {
            // in a line of capitals only the words say something
            f.push(mix(20, li, 0));
        }
        if let Some(j) = near(-1) {
            let pw = self.w(j);
            if lex.is_title_noun(pw) || lex.is_title_modifier(pw) {
                f.push(mix(27, 0, 0));
            }
        }
        // the rules' answer
        f.push(mix(30, rt, 0));
        if let Some((c, _)) = ctx.cand_of[i] {
            let c = &self.cands[c];
            let bucket = (c.strength * 10.0).round() as u64 * 2 + u64::from(c.guessed);
            f.push(mix(31, rt, bucket));
            let len = (c.range.len().min(24) / 8) as u64;
            f.push(mix(32, rt, len * 2 + u64::from(all_caps)));
        }
        f.push(mix(33, rt, si));
        f.push(mix(34, rt, u64::from(t.sent_start)));
        f.push(mix(35, rule_at(-1), rt));
        f.push(mix(36, rt, rule_at(1)));
        if let Some((k, s)) = ctx.doc_kind.get(&li) {
            f.push(mix(37, *k as u64, u64::from(*s >= 3.0)));
        }
        if self.sports {
            f.push(mix(38, rt, 0));
        }
        // word clusters of the token and its neighbours
        let c = ctx.clus[i];
        let (fine, coarse) = (c & 0xffff_ffff, c >> 32);
        f.push(mix(60, fine, 0));
        f.push(mix(61, coarse, 0));
        f.push(mix(62, coarse, rt));
        let clus_at = |k: isize| near(k).map_or(EDGE, |j| ctx.clus[j] & 0xffff_ffff);
        f.push(mix(63, clus_at(-1), 0));
        f.push(mix(64, clus_at(1), 0));
        (f, [mix(2, si, 0), mix(30, rt, 0)])
    }

    /// The names the tagger finds in the report, and the margin of "outside"
    /// of each scored token it puts outside any name.
    fn tagger_names(&self, model: &Model) -> (Vec<Found>, HashMap<usize, f32>) {
        let seq = self.sequence();
        let tags = model.decode(&seq);
        let mut out: Vec<Found> = Vec::new();
        let mut outside = HashMap::default();
        for (k, &(tag, margin)) in tags.iter().enumerate() {
            let tok = seq.toks[k].tok;
            match tag_kind(tag) {
                None => {
                    outside.insert(tok, margin);
                }
                Some(kind) if is_inside(tag) => {
                    if let Some(f) = out.last_mut() {
                        if f.toks.end == tok && f.kind == kind {
                            f.toks.end = tok + 1;
                            f.margin = f.margin.min(margin);
                        }
                    }
                }
                Some(kind) => out.push(Found {
                    toks: tok..tok + 1,
                    kind,
                    margin,
                }),
            }
        }
        (out, outside)
    }

    /// A candidate for a name the tagger found.
    fn tagger_cand(&self, f: &Found) -> Cand {
        let range = self.toks[f.toks.start].start..self.toks[f.toks.end - 1].end;
        let text = &self.text[range.clone()];
        let multi = f.toks.len() > 1;
        let key = self.key_for(text, f.kind);
        Cand {
            range,
            kind: f.kind,
            strength: TAGGER_STRENGTH,
            key,
            role: None,
            full: (f.kind == MentionKind::Person && multi).then(|| text.to_string()),
            doubtful: false,
            guessed: false,
            gazetteer_country: false,
            after_locative: self.after_locative(f.toks.start, f.toks.end - 1),
            line: self.toks[f.toks.start].line,
        }
    }

    /// The grouping key of a name of kind `kind` that the tagger typed.
    fn key_for(&self, text: &str, kind: MentionKind) -> String {
        if let Some(e) = self.reg.lookup_name(text).filter(|e| e.kind == kind) {
            return e.key.clone();
        }
        match kind {
            MentionKind::Person => person_key(text),
            MentionKind::Place => {
                match self.lex.place(text).or_else(|| self.lex.weak_place(text)) {
                    Some(p) => p.key.clone(),
                    None => slug(text),
                }
            }
            MentionKind::Organization => org_key(text, self.lex),
            _ => slug(text),
        }
    }

    /// Combine the tagger's names with the rules' candidates by `policy`:
    /// weak candidates take the tagger's type or bounds, or go when it finds
    /// no name there; names it finds where the rules found none are added.
    pub(super) fn apply_tagger(&mut self, model: &Model, policy: &Policy) {
        let (found, outside) = self.tagger_names(model);
        // the found names' byte ranges, in order and without overlaps
        let spans: Vec<Range<usize>> = found
            .iter()
            .map(|f| self.toks[f.toks.start].start..self.toks[f.toks.end - 1].end)
            .collect();
        let by_range: HashMap<(usize, usize), usize> = spans
            .iter()
            .enumerate()
            .map(|(k, r)| ((r.start, r.end), k))
            .collect();
        // texts named elsewhere in the report (by the tagger, or by strong
        // evidence): one sense per report, so not dropped
        let named: HashMap<String, MentionKind> = spans
            .iter()
            .zip(&found)
            .map(|(r, f)| (normalize(&self.text[r.clone()]), f.kind))
            .chain(
                self.cands
                    .iter()
                    .filter(|c| c.strength >= policy.keep_at && c.kind != MentionKind::Other)
                    .map(|c| (normalize(&self.text[c.range.clone()]), c.kind)),
            )
            .collect();
        // how often the report writes each candidate's text as a name
        let mut repeated: HashMap<String, usize> = HashMap::default();
        for c in &self.cands {
            *repeated
                .entry(normalize(&self.text[c.range.clone()]))
                .or_default() += 1;
        }
        let mut named_as: Vec<(usize, MentionKind)> = Vec::new();
        let mut used = vec![false; found.len()];
        let mut retyped: HashSet<usize> = HashSet::default();
        let mut drop: HashSet<usize> = HashSet::default();
        let mut replace: Vec<(usize, usize)> = Vec::new();
        // the tagger's names over a candidate of strong evidence: no weak
        // candidate takes their bounds ("Economie" would swallow "Bruno Le
        // Maire" into "Economie Bruno Le Maire")
        let mut strong_overlap: HashSet<usize> = HashSet::default();
        for (ci, c) in self.cands.iter().enumerate() {
            let weak = c.strength < policy.keep_at && c.kind != MentionKind::Other;
            if let Some(&k) = by_range.get(&(c.range.start, c.range.end)) {
                used[k] = true;
                if weak && policy.retype && found[k].kind != c.kind {
                    retyped.insert(ci);
                }
                continue;
            }
            // tagger names over this candidate
            let from = spans.partition_point(|r| r.end <= c.range.start);
            let overlapping: Vec<usize> = (from..spans.len())
                .take_while(|&k| spans[k].start < c.range.end)
                .collect();
            for &k in &overlapping {
                used[k] = true;
            }
            if !weak {
                strong_overlap.extend(overlapping);
                continue;
            }
            if overlapping.is_empty() {
                let first = self.toks.partition_point(|t| t.start < c.range.start);
                let sure = outside
                    .get(&first)
                    .is_some_and(|&m| m >= policy.drop_margin);
                let text = normalize(&self.text[c.range.clone()]);
                let often = repeated.get(&text).is_some_and(|&n| n >= REPEATED);
                match named.get(&text) {
                    Some(&k) => named_as.push((ci, k)),
                    None if sure && !often => {
                        drop.insert(ci);
                    }
                    None => {}
                }
            } else if policy.rebound && overlapping.len() == 1 {
                let k = overlapping[0];
                // the same name without the capital article the rules kept
                // (they keep one only inside a sentence: "in The Onion"):
                // the rules' bounds, the tagger's type
                let article = (spans[k].end == c.range.end && spans[k].start > c.range.start)
                    .then(|| self.text[c.range.start..spans[k].start].trim_end())
                    .is_some_and(|a| NAME_ARTICLES.contains(&a));
                if article {
                    if found[k].kind != c.kind {
                        named_as.push((ci, found[k].kind));
                    }
                } else {
                    replace.push((ci, k));
                }
            }
        }
        replace.retain(|(_, k)| !strong_overlap.contains(k));
        // apply
        let retypes = retyped
            .iter()
            .map(|&ci| {
                let k = by_range[&(self.cands[ci].range.start, self.cands[ci].range.end)];
                (ci, found[k].kind)
            })
            .chain(named_as.iter().copied())
            .collect::<Vec<_>>();
        for (ci, kind) in retypes {
            let text = &self.text[self.cands[ci].range.clone()];
            let key = self.key_for(text, kind);
            let multi = text.split_whitespace().count() > 1;
            let c = &mut self.cands[ci];
            c.kind = kind;
            c.key = key;
            c.strength = TAGGER_STRENGTH;
            c.guessed = false;
            c.full = (kind == MentionKind::Person && multi).then(|| text.to_string());
        }
        for &(ci, k) in &replace {
            let role = self.cands[ci].role.clone();
            let mut n = self.tagger_cand(&found[k]);
            n.role = role;
            self.cands[ci] = n;
        }
        let mut ci = 0;
        self.cands.retain(|_| {
            ci += 1;
            !drop.contains(&(ci - 1))
        });
        for (k, f) in found.iter().enumerate() {
            if !used[k] && f.margin >= policy.add_margin {
                let c = self.tagger_cand(f);
                self.cands.push(c);
            }
        }
        if policy.one_sense {
            self.tagger_one_sense(policy.keep_at);
        }
        self.carry_full_names();
    }

    /// One type per name text among the names the tagger typed and the weak
    /// candidates: the type most of them have, where a candidate of strong
    /// evidence (which keeps its type) counts twice (ties: the first one's).
    fn tagger_one_sense(&mut self, keep_at: f32) {
        let open = |c: &Cand| {
            c.kind != MentionKind::Other && (c.strength == TAGGER_STRENGTH || c.strength < keep_at)
        };
        let mut votes: HashMap<String, Vec<(MentionKind, usize)>> = HashMap::default();
        for c in &self.cands {
            if c.kind == MentionKind::Other {
                continue;
            }
            let n = if open(c) { 1 } else { 2 };
            let t = normalize(&self.text[c.range.clone()]);
            let v = votes.entry(t).or_default();
            match v.iter_mut().find(|(k, _)| *k == c.kind) {
                Some(e) => e.1 += n,
                None => v.push((c.kind, n)),
            }
        }
        let text = self.text;
        let mut changes: Vec<(usize, MentionKind)> = Vec::new();
        for (ci, c) in self.cands.iter().enumerate() {
            if !open(c) {
                continue;
            }
            let t = normalize(&text[c.range.clone()]);
            let v = &votes[&t];
            let best = v.iter().fold(v[0], |b, x| if x.1 > b.1 { *x } else { b });
            if best.0 != c.kind {
                changes.push((ci, best.0));
            }
        }
        for (ci, kind) in changes {
            let t = &text[self.cands[ci].range.clone()];
            let key = self.key_for(t, kind);
            let multi = t.split_whitespace().count() > 1;
            let c = &mut self.cands[ci];
            c.kind = kind;
            c.key = key;
            c.full = (kind == MentionKind::Person && multi).then(|| t.to_string());
        }
    }
}

/// Gold tags for a report's sequence from its labelled names (byte ranges
/// and kinds); names whose bounds are not token bounds, or that hold a token
/// the tagger does not score, are left out (counted in the second value).
pub(super) fn gold_tags(
    doc: &Doc,
    seq: &Sequence,
    gold: &[(Range<usize>, MentionKind)],
) -> (Vec<u8>, usize) {
    let pos: HashMap<usize, usize> = seq
        .toks
        .iter()
        .enumerate()
        .map(|(k, t)| (t.tok, k))
        .collect();
    let mut tags = vec![0u8; seq.toks.len()];
    let mut lost = 0;
    for (r, kind) in gold {
        let b = begin_tag(*kind);
        let first = doc.toks.partition_point(|t| t.start < r.start);
        let mut last = first;
        while last < doc.toks.len() && doc.toks[last].end <= r.end {
            last += 1;
        }
        let aligned = first < last
            && doc.toks[first].start == r.start
            && doc.toks[last - 1].end == r.end
            && (first..last).all(|k| pos.contains_key(&k));
        if b == 0 || !aligned {
            lost += 1;
            continue;
        }
        for k in first..last {
            tags[pos[&k]] = if k == first { b } else { b + 1 };
        }
    }
    (tags, lost)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes() {
        assert_eq!(shape("Lavrov"), "Xxx");
        assert_eq!(shape("Li"), "Xx");
        assert_eq!(shape("NATO"), "XX");
        assert_eq!(shape("U.S."), "X.X.");
        assert_eq!(shape("2014"), "dd");
        assert_eq!(shape("Kim-Jong"), "Xxx-Xxx");
        for w in ["Lavrov", "NATO", "U.S.", "2014", "Kim-Jong", "Łódź", "x"] {
            assert_eq!(shape_hash(w), hs(&shape(w)), "{w}");
        }
    }

    #[test]
    fn bundled_weights_parse() {
        let m = shipped().expect("bundled tagger weights");
        assert!(m.features() > 1000);
        let again = Model::from_bytes(&m.to_bytes()).unwrap();
        assert_eq!(again.features(), m.features());
    }

    #[test]
    fn weights_round_trip_and_bad_files_are_refused() {
        let mut w = HashMap::default();
        w.insert(7u32, [0.5, -1.0, 0.0, 0.0, 0.25, 0.0, 0.0, 0.0, 2.0]);
        let m = Model {
            passes: vec![Weights { w }],
        };
        let b = m.to_bytes();
        let back = Model::from_bytes(&b).unwrap();
        let row = back.passes[0].w[&7];
        assert!((row[1] + 1.0).abs() < 1e-3 && (row[8] - 2.0).abs() < 1e-3);
        assert!(Model::from_bytes(&b[..b.len() - 1]).is_err());
        assert!(Model::from_bytes(b"nonsense").is_err());
    }

    type Names = Vec<(String, MentionKind)>;

    /// The names of `text` by the rules alone and with the shipped tagger.
    fn both(text: &str) -> (Names, Names) {
        let reg = crate::analysis::actors::registry::Registry::bundled();
        let names = |ms: Vec<crate::analysis::actors::Mention>| {
            ms.into_iter()
                .filter(|m| !m.from_role)
                .map(|m| (m.text, m.kind))
                .collect::<Vec<_>>()
        };
        let rules = crate::analysis::actors::find_with(text, &[], reg, None, &Policy::default());
        let tagged = crate::analysis::actors::find(text, &[], reg);
        (names(rules), names(tagged))
    }

    #[test]
    fn given_names_the_rules_fall_back_on_are_people() {
        // one capitalised word that nothing types: the rules' fallback says
        // organisation, the tagger a person (a sentence start, "her brother").
        // A given name no list holds: `Dorothea` is listed since the longer
        // given-name list, and the rules type it themselves (the tagger
        // drops `Ottoline` in the same sentence)
        let t = "Yesterday Araminta visited Pemberton with her brother Wilfred. Araminta said Pemberton was lovely.";
        let (rules, tagged) = both(t);
        assert!(
            rules.contains(&("Araminta".into(), MentionKind::Organization)),
            "{rules:?}"
        );
        assert!(
            tagged.contains(&("Araminta".into(), MentionKind::Person)),
            "{tagged:?}"
        );
        assert!(
            !tagged.contains(&("Araminta".into(), MentionKind::Organization)),
            "{tagged:?}"
        );
    }

    #[test]
    fn towns_after_from_are_places() {
        // (with a sentence's end right after the town, "the ferry from
        // Sliema.", the tagger retrained on the larger gazetteer drops it or
        // reads a person, by its training's noise: docs/accuracy.md)
        let t = "The museum sits on Harbour Street in Valletta. Visitors can take the ferry from Sliema to the harbour.";
        let (rules, tagged) = both(t);
        // (the rules read a route's start as a place, "from X to": before
        // that they guessed an organisation and the tagger decided)
        assert!(
            rules.contains(&("Sliema".into(), MentionKind::Place)),
            "{rules:?}"
        );
        assert!(
            tagged.contains(&("Sliema".into(), MentionKind::Place)),
            "{tagged:?}"
        );
        assert!(
            tagged.contains(&("Valletta".into(), MentionKind::Place)),
            "{tagged:?}"
        );
        assert!(
            tagged.contains(&("Harbour Street".into(), MentionKind::Place)),
            "{tagged:?}"
        );
    }

    #[test]
    fn headline_in_capitals() {
        // every word of an all-caps headline is a capitalised run to the
        // rules; the tagger keeps the name and drops the ordinary words
        let t = "STORM HITS GRENADA AS PRIME MINISTER DICKON MITCHELL URGES CALM\n\nResidents were told to stay indoors, Mitchell said.";
        let (rules, tagged) = both(t);
        assert!(rules.iter().any(|(x, _)| x == "STORM"), "{rules:?}");
        for w in ["STORM", "HITS", "URGES", "CALM"] {
            assert!(tagged.iter().all(|(x, _)| x != w), "{w}: {tagged:?}");
        }
        assert!(
            tagged.contains(&("MITCHELL".into(), MentionKind::Person)),
            "{tagged:?}"
        );
        assert!(
            tagged.contains(&("Mitchell".into(), MentionKind::Person)),
            "{tagged:?}"
        );
    }

    #[test]
    fn inside_tags_only_continue_their_type() {
        assert!(allowed(1, true, 2));
        assert!(!allowed(1, false, 2));
        assert!(!allowed(3, true, 2));
        assert!(!allowed(0, true, 4));
        assert!(allowed(0, false, 5));
    }
}
