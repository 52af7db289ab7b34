//! Stage 5: a small learned tagger over the rules' output (stacking).
//!
//! A token-level sequence tagger (BIO over person, organisation, place and
//! event) whose weights are an averaged perceptron (Collins 2002), decoded
//! greedily left to right with the previous tag as a feature. It reads the
//! words, their shapes, affixes and neighbours, what the bundled lexicons say
//! of them (places, given names, registry, head words), and what the rules
//! decided for the token (the candidate's type and evidence strength): so it
//! learns when to trust the rules. [`Doc::apply_tagger`] then lets it retype
//! the candidates whose evidence is weak, drop those it is sure are no names
//! and add names the rules missed ([`Policy`]).
//!
//! Only capitalised words (and a short lower-case word or number between two
//! of them: "University of Texas") are scored; every other token is outside
//! any name. This keeps the cost at a few dozen table lookups per name-like
//! token and linear in the report.
//!
//! The weights are `lexicon/ner_model.bin`, written by
//! `examples/train_ner.rs` (see there for the data and the cross-validation
//! figures); features are hashed to 32 bits, and the file keeps only
//! features seen at least twice in training, weights quantised to 16 bits.

use super::doc::word_form;
use super::doc::Cand;
use super::doc::Doc;
use super::keys::org_key;
use super::keys::person_key;
use super::keys::slug;
use super::registry::normalize;
use super::registry::MentionKind;
use super::tokens::is_all_caps;
use super::tokens::is_cap_word;
use super::tokens::Tk;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::ops::Range;
use std::sync::LazyLock;
use xxhash_rust::xxh3::xxh3_64_with_seed;

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

/// Hash of one feature: its template number and its value.
fn fh(tpl: u64, s: &str) -> u32 {
    xxh3_64_with_seed(s.as_bytes(), tpl) as u32
}

/// A joint feature of the previous tag and a static hash.
fn joint(prev: u8, h: u32) -> u32 {
    let x = (u64::from(h) << 8) | u64::from(prev);
    xxh3_64_with_seed(&x.to_le_bytes(), 977) as u32
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

/// The weights of a trained tagger.
#[derive(Debug, Clone, Default)]
pub struct Model {
    w: HashMap<u32, [f32; NT]>,
}

const MAGIC: &[u8; 6] = b"NDNER\x01";

impl Model {
    /// Number of features with weights.
    pub fn features(&self) -> usize {
        self.w.len()
    }

    fn add_scores(&self, h: u32, s: &mut [f32; NT]) {
        if let Some(row) = self.w.get(&h) {
            for (a, b) in s.iter_mut().zip(row) {
                *a += b;
            }
        }
    }

    /// Greedy left-to-right decoding: each scored token's tag and the margin
    /// of its score over the best other allowed tag.
    pub fn decode(&self, seq: &Sequence) -> Vec<(u8, f32)> {
        let mut out = Vec::with_capacity(seq.toks.len());
        let mut prev = 0u8;
        for t in &seq.toks {
            let mut s = [0f32; NT];
            for &h in &t.feats {
                self.add_scores(h, &mut s);
            }
            let p = if t.adjacent { prev } else { 0 };
            self.add_scores(joint(p, 0), &mut s);
            for &h in &t.joint {
                self.add_scores(joint(p, h), &mut s);
            }
            let (best, margin) = best_two(&s, p, t.adjacent);
            out.push((best, margin));
            prev = best;
        }
        out
    }

    /// The weights as the bytes of `lexicon/ner_model.bin`: a header, then per
    /// feature its hash, a bit mask of the tags it has weights for and those
    /// weights as 16-bit integers (times the header's scale). Sorted by hash,
    /// so that the same model gives the same bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        let max = self
            .w
            .values()
            .flat_map(|r| r.iter())
            .fold(0f32, |m, &x| m.max(x.abs()));
        let scale = if max > 0.0 { max / 32767.0 } else { 1.0 };
        let mut keys: Vec<&u32> = self.w.keys().collect();
        keys.sort();
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC);
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
        out
    }

    /// Read the bytes that [`Model::to_bytes`] writes.
    pub fn from_bytes(b: &[u8]) -> Result<Model, String> {
        let mut p = 0usize;
        let mut take = |n: usize| -> Result<&[u8], String> {
            let s = b.get(p..p + n).ok_or("truncated tagger weights")?;
            p += n;
            Ok(s)
        };
        if take(6)? != MAGIC {
            return Err("not a tagger weight file".into());
        }
        let u32_of = |s: &[u8]| u32::from_le_bytes([s[0], s[1], s[2], s[3]]);
        if u32_of(take(4)?) as usize != NT {
            return Err("tagger weights for other tags".into());
        }
        let scale = f32::from_le_bytes(take(4)?.try_into().map_err(|_| "scale")?);
        let n = u32_of(take(4)?) as usize;
        let mut w = HashMap::default();
        w.reserve(n);
        for _ in 0..n {
            let k = u32_of(take(4)?);
            let m = take(2)?;
            let mask = u16::from_le_bytes([m[0], m[1]]);
            if mask >> NT != 0 {
                return Err("bad tag mask in tagger weights".into());
            }
            let mut row = [0f32; NT];
            for (i, r) in row.iter_mut().enumerate() {
                if mask & (1 << i) != 0 {
                    let v = take(2)?;
                    *r = f32::from(i16::from_le_bytes([v[0], v[1]])) * scale;
                }
            }
            w.insert(k, row);
        }
        if take(1).is_ok() {
            return Err("trailing bytes in tagger weights".into());
        }
        Ok(Model { w })
    }
}

/// The best allowed tag and its margin over the next best allowed one.
fn best_two(s: &[f32; NT], prev: u8, adjacent: bool) -> (u8, f32) {
    let mut best = (0u8, f32::NEG_INFINITY);
    let mut second = f32::NEG_INFINITY;
    for (t, &v) in s.iter().enumerate() {
        if !allowed(prev, adjacent, t as u8) {
            continue;
        }
        if v > best.1 {
            second = best.1;
            best = (t as u8, v);
        } else if v > second {
            second = v;
        }
    }
    (best.0, best.1 - second)
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

/// Averaged-perceptron training of a [`Model`] on sequences with gold tags:
/// `epochs` passes, the documents in an order shuffled by `seed` at each pass
/// (deterministic). Features seen fewer than `min_count` times are left out.
pub fn train(seqs: &[Sequence], epochs: usize, seed: u64, min_count: u32) -> Model {
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
    fn score(&self, h: u32, s: &mut [f32; NT]) {
        if let Some((row, _, _)) = self.w.get(&h) {
            for (a, b) in s.iter_mut().zip(row) {
                *a += b;
            }
        }
    }

    fn update(&mut self, h: u32, t: u8, d: f32) {
        let clock = self.clock;
        let e = self.w.entry(h).or_insert(([0.0; NT], [0.0; NT], [0; NT]));
        let t = t as usize;
        e.1[t] += (clock - e.2[t]) as f32 * e.0[t];
        e.2[t] = clock;
        e.0[t] += d;
    }

    fn pass(&mut self, seq: &Sequence) {
        let mut prev = 0u8;
        for (k, t) in seq.toks.iter().enumerate() {
            self.clock += 1;
            let p = if t.adjacent { prev } else { 0 };
            let mut hs: Vec<u32> = t.feats.clone();
            hs.push(joint(p, 0));
            hs.extend(t.joint.iter().map(|&h| joint(p, h)));
            let mut s = [0f32; NT];
            for &h in &hs {
                self.score(h, &mut s);
            }
            let (guess, _) = best_two(&s, p, t.adjacent);
            let gold = seq.gold[k];
            if guess != gold {
                for &h in &hs {
                    self.update(h, gold, 1.0);
                    self.update(h, guess, -1.0);
                }
            }
            prev = guess;
        }
    }

    fn averaged(mut self) -> Model {
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
        Model { w }
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
        let next_cap = |k: usize| self.same_line(i, k) && self.cap(k);
        next_cap(i + 1)
            || (self.is_word(i + 1)
                && matches!(self.w(i + 1), "the" | "of" | "de" | "la")
                && next_cap(i + 2))
    }

    /// The report as a [`Sequence`] for the tagger (no gold tags).
    pub(super) fn sequence(&self) -> Sequence {
        let rule = self.rule_tokens();
        // per word form: the strongest rule type the report gives it anywhere
        let mut doc_kind: HashMap<String, (MentionKind, f32)> = HashMap::default();
        for c in &self.cands {
            let t = normalize(&self.text[c.range.clone()]);
            let e = doc_kind.entry(t).or_insert((c.kind, c.strength));
            if c.strength > e.1 {
                *e = (c.kind, c.strength);
            }
        }
        // what the report is about, by the kinds its strong names have
        let mut strong = [0usize; 4];
        for c in self.cands.iter().filter(|c| c.strength >= 4.0) {
            let b = begin_tag(c.kind);
            if b > 0 {
                strong[(b / 2) as usize] += 1;
            }
        }
        let total: usize = strong.iter().sum();
        let mut doc_mix = String::new();
        for (k, n) in strong.iter().enumerate().take(3) {
            let share = (n * 4).checked_div(total).unwrap_or(0);
            doc_mix.push_str(&format!("{k}{share}"));
        }
        // per capitalised word form: the words before and after it anywhere
        // in the report (what its other occurrences say of it)
        let mut around: HashMap<String, Vec<u32>> = HashMap::default();
        for i in 0..self.toks.len() {
            if !self.cap(i) {
                continue;
            }
            let form = word_form(&self.lower(i));
            let v = around.entry(form).or_default();
            if v.len() >= 16 {
                continue;
            }
            if i > 0 && self.same_line(i - 1, i) && !self.cap(i - 1) {
                let h = fh(40, &self.lower(i - 1));
                if !v.contains(&h) {
                    v.push(h);
                }
            }
            if i + 1 < self.toks.len() && self.same_line(i, i + 1) && !self.cap(i + 1) {
                let h = fh(41, &self.lower(i + 1));
                if !v.contains(&h) {
                    v.push(h);
                }
            }
        }
        let mut toks = Vec::new();
        let mut last_scored = usize::MAX;
        for i in 0..self.toks.len() {
            if !self.scored(i) {
                continue;
            }
            let adjacent = last_scored != usize::MAX && last_scored + 1 == i;
            last_scored = i;
            let (mut feats, joint) = self.features(i, &rule, &doc_kind);
            let rt = self.rule_tag(i, &rule).0;
            feats.push(fh(39, &format!("{doc_mix}|{rt}")));
            if let Some(v) = around.get(&word_form(&self.lower(i))) {
                feats.extend_from_slice(v);
            }
            toks.push(SeqTok {
                feats,
                joint,
                adjacent,
                tok: i,
            });
        }
        Sequence {
            toks,
            gold: Vec::new(),
        }
    }

    /// The rule tag of token `i` as a short string ("B-ORG", "I-PER", "O")
    /// and its candidate.
    fn rule_tag(&self, i: usize, rule: &[Option<(usize, bool)>]) -> (String, Option<&Cand>) {
        match rule.get(i).copied().flatten() {
            Some((c, first)) => {
                let c = &self.cands[c];
                let k = match c.kind {
                    MentionKind::Person => "PER",
                    MentionKind::Organization => "ORG",
                    MentionKind::Place => "LOC",
                    MentionKind::Event => "EVT",
                    MentionKind::Other => "OTH",
                };
                (format!("{}-{k}", if first { "B" } else { "I" }), Some(c))
            }
            None => ("O".to_string(), None),
        }
    }

    /// The hashed features of token `i`, and the two that the previous tag
    /// is joined with (the shape and the rule tag).
    fn features(
        &self,
        i: usize,
        rule: &[Option<(usize, bool)>],
        doc_kind: &HashMap<String, (MentionKind, f32)>,
    ) -> (Vec<u32>, [u32; 2]) {
        let lex = self.lex;
        let w = self.w(i);
        let lw = w.to_lowercase();
        let t = &self.toks[i];
        let sh = shape(w);
        let mut f: Vec<u32> = Vec::with_capacity(48);
        f.push(fh(0, ""));
        f.push(fh(1, &lw));
        f.push(fh(2, &sh));
        let chars: Vec<char> = lw.chars().collect();
        let n = chars.len();
        for k in 2..=4 {
            if n > k {
                f.push(fh(3 + k as u64, &chars[..k].iter().collect::<String>()));
                f.push(fh(6 + k as u64, &chars[n - k..].iter().collect::<String>()));
            }
        }
        let all_caps = is_all_caps(w);
        let headline = self.title_lines.contains(&t.line);
        let caps_line = self.caps_lines.contains(&t.line);
        let mut flags = String::with_capacity(8);
        for (b, c) in [
            (t.sent_start, 's'),
            (all_caps, 'A'),
            (headline, 'h'),
            (caps_line, 'C'),
        ] {
            if b {
                flags.push(c);
            }
        }
        f.push(fh(11, &flags));
        // neighbours on the same line
        let near = |k: isize| -> Option<usize> {
            let j = i as isize + k;
            (j >= 0 && (j as usize) < self.toks.len() && self.same_line(i, j as usize))
                .then_some(j as usize)
        };
        let word_at = |k: isize| -> String {
            match near(k) {
                Some(j) => self.lower(j),
                None => "<>".to_string(),
            }
        };
        let shape_at = |k: isize| -> String {
            match near(k) {
                Some(j) => shape(self.w(j)),
                None => "<>".to_string(),
            }
        };
        let (p1, n1) = (word_at(-1), word_at(1));
        f.push(fh(12, &p1));
        f.push(fh(13, &n1));
        f.push(fh(14, &word_at(-2)));
        f.push(fh(15, &word_at(2)));
        f.push(fh(16, &shape_at(-1)));
        f.push(fh(17, &shape_at(1)));
        f.push(fh(18, &format!("{p1}|{lw}")));
        f.push(fh(19, &format!("{lw}|{n1}")));
        if caps_line {
            // in a line of capitals only the words say something
            f.push(fh(20, &lw));
        }
        // lexicons
        if let Some(p) = lex.place(w) {
            f.push(fh(21, &format!("{:?}", p.class)));
        }
        if lex.is_first_name(w) {
            f.push(fh(22, if lex.is_common(w) { "common" } else { "name" }));
        }
        if let Some(e) = self.reg.lookup_name(w) {
            f.push(fh(23, e.kind.as_str()));
        }
        if lex.org_keywords.contains(&lw) {
            f.push(fh(24, "org"));
        }
        if lex.place_keywords.contains(&lw) {
            f.push(fh(24, "place"));
        }
        if lex.event_keywords.contains(&lw) {
            f.push(fh(24, "event"));
        }
        if lex.is_common(&lw) {
            f.push(fh(25, ""));
        }
        if lex.is_demonym(w) {
            f.push(fh(26, ""));
        }
        if let Some(j) = near(-1) {
            let pw = self.w(j);
            if lex.is_title_noun(pw) || lex.is_title_modifier(pw) {
                f.push(fh(27, ""));
            }
        }
        let form = word_form(&lw);
        f.push(fh(
            28,
            match (
                self.lower_words.contains(&form),
                self.mid_caps.contains(&form),
            ) {
                (true, true) => "both",
                (true, false) => "lower",
                (false, true) => "mid",
                (false, false) => "none",
            },
        ));
        // the rules' answer
        let (rt, cand) = self.rule_tag(i, rule);
        f.push(fh(30, &rt));
        if let Some(c) = cand {
            let bucket = format!("{rt}|{:.1}|{}", c.strength, c.guessed);
            f.push(fh(31, &bucket));
            let len = c.range.len().min(3 * 8) / 8;
            f.push(fh(32, &format!("{rt}|{len}|{}", all_caps)));
            f.push(fh(33, &format!("{rt}|{sh}")));
            f.push(fh(34, &format!("{rt}|{}", t.sent_start)));
        }
        let (pr, _) = match near(-1) {
            Some(j) => self.rule_tag(j, rule),
            None => ("<>".to_string(), None),
        };
        let (nr, _) = match near(1) {
            Some(j) => self.rule_tag(j, rule),
            None => ("<>".to_string(), None),
        };
        f.push(fh(35, &format!("{pr}|{rt}")));
        f.push(fh(36, &format!("{rt}|{nr}")));
        if let Some((k, s)) = doc_kind.get(&normalize(w)) {
            f.push(fh(37, &format!("{}|{}", k.as_str(), *s >= 3.0)));
        }
        if self.sports {
            f.push(fh(38, &rt));
        }
        let joint = [fh(2, &sh), fh(30, &rt)];
        (f, joint)
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
            after_locative: self.after_locative(f.toks.start),
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
            MentionKind::Place => match self.lex.place(text) {
                Some(p) => p.key.clone(),
                None => slug(text),
            },
            MentionKind::Organization => org_key(text, self.lex),
            _ => slug(text),
        }
    }

    /// Combine the tagger's names with the rules' candidates by `policy`:
    /// weak candidates take the tagger's type or bounds, or go when it finds
    /// no name there; names it finds where the rules found none are added.
    pub(super) fn apply_tagger(&mut self, model: &Model, policy: &Policy) {
        let (found, outside) = self.tagger_names(model);
        let tok_of_start: HashMap<usize, usize> = self
            .toks
            .iter()
            .enumerate()
            .map(|(k, t)| (t.start, k))
            .collect();
        let by_range: HashMap<(usize, usize), usize> = found
            .iter()
            .enumerate()
            .map(|(k, f)| {
                (
                    (self.toks[f.toks.start].start, self.toks[f.toks.end - 1].end),
                    k,
                )
            })
            .collect();
        // texts named elsewhere in the report (by the tagger, or by strong
        // evidence): one sense per report, so not dropped
        let named: HashMap<String, MentionKind> = found
            .iter()
            .map(|f| {
                let r = self.toks[f.toks.start].start..self.toks[f.toks.end - 1].end;
                (normalize(&self.text[r]), f.kind)
            })
            .chain(
                self.cands
                    .iter()
                    .filter(|c| c.strength >= policy.keep_at && c.kind != MentionKind::Other)
                    .map(|c| (normalize(&self.text[c.range.clone()]), c.kind)),
            )
            .collect();
        let mut named_as: Vec<(usize, MentionKind)> = Vec::new();
        let mut used = vec![false; found.len()];
        let mut retyped: HashSet<usize> = HashSet::default();
        let mut drop: HashSet<usize> = HashSet::default();
        let mut replace: Vec<(usize, usize)> = Vec::new();
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
            let overlapping: Vec<usize> = found
                .iter()
                .enumerate()
                .filter(|(_, f)| {
                    let r = self.toks[f.toks.start].start..self.toks[f.toks.end - 1].end;
                    r.start < c.range.end && c.range.start < r.end
                })
                .map(|(k, _)| k)
                .collect();
            for &k in &overlapping {
                used[k] = true;
            }
            if !weak {
                continue;
            }
            if overlapping.is_empty() {
                let first = tok_of_start.get(&c.range.start).copied();
                let sure = first
                    .is_some_and(|k| outside.get(&k).is_some_and(|&m| m >= policy.drop_margin));
                match named.get(&normalize(&self.text[c.range.clone()])) {
                    Some(&k) => named_as.push((ci, k)),
                    None if sure => {
                        drop.insert(ci);
                    }
                    None => {}
                }
            } else if policy.rebound && overlapping.len() == 1 {
                replace.push((ci, overlapping[0]));
            }
        }
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
            self.tagger_one_sense();
        }
        self.carry_full_names();
    }

    /// One type per name text among the names the tagger typed: the type most
    /// of them have (ties: the first one's).
    fn tagger_one_sense(&mut self) {
        let mut votes: HashMap<String, Vec<(MentionKind, usize)>> = HashMap::default();
        for c in &self.cands {
            if c.strength != TAGGER_STRENGTH {
                continue;
            }
            let t = normalize(&self.text[c.range.clone()]);
            let v = votes.entry(t).or_default();
            match v.iter_mut().find(|(k, _)| *k == c.kind) {
                Some(e) => e.1 += 1,
                None => v.push((c.kind, 1)),
            }
        }
        let text = self.text;
        let mut changes: Vec<(usize, MentionKind)> = Vec::new();
        for (ci, c) in self.cands.iter().enumerate() {
            if c.strength != TAGGER_STRENGTH {
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
            let c = &mut self.cands[ci];
            c.kind = kind;
            c.key = key;
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
        let m = Model { w };
        let b = m.to_bytes();
        let back = Model::from_bytes(&b).unwrap();
        let row = back.w[&7];
        assert!((row[1] + 1.0).abs() < 1e-3 && (row[8] - 2.0).abs() < 1e-3);
        assert!(Model::from_bytes(&b[..b.len() - 1]).is_err());
        assert!(Model::from_bytes(b"nonsense").is_err());
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
