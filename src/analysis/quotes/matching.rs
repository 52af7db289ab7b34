//! # Is this the same statement? Matching quotations across reports
//!
//! Two agencies that quote the same statement rarely quote it in the same
//! words: each translates it on its own ("our proposals to *relieve tension*"
//! against "our proposals to *defuse tensions*"), one quotes a whole paragraph
//! where the other quotes half a sentence, and word order moves. Two
//! independent translations of one sentence share a run of eight words only
//! about a quarter of the time, so comparing word runs misses most links.
//!
//! This module compares the *content words* of two quotations instead:
//!
//! 1. **Normalise**: lower case, `ё` → `е`, punctuation and apostrophes become
//!    word breaks (`NATO's` → `nato`, `s`).
//! 2. **Drop function words** (`lexicon/quote_stopwords_en.txt`,
//!    `lexicon/quote_stopwords_ru.txt`, and for a quotation in German, French
//!    or Spanish — told from its own words, so that it is compared alike in
//!    every report — that language's `lexicon/stopwords_de.txt` and so on): articles,
//!    pronouns, auxiliaries and prepositions are where translations differ
//!    most and carry no evidence.
//! 3. **Stem** with the Snowball stemmers (Russian for words in Cyrillic,
//!    the quotation's own language when it is German, French or Spanish,
//!    English otherwise), so `tensions` and `tension` compare equal, and map
//!    the stems of translation variants listed in
//!    `lexicon/quote_synonyms_en.txt` to one stem (`defuse` = `relieve`).
//! 4. **Split into clauses** at `, ; : — ( ) . ! ?` and at conjunctions and
//!    relative words (the entries marked `>` in the stopword lists).
//!
//! The result is a [`QuoteSig`]. [`similarity`] is the best weighted Dice
//! overlap between one quotation — or a run of up to six consecutive clauses
//! of it — and the whole other quotation. Comparing a *run of clauses* is
//! what lets a report that quotes only "inevitably affects the OSCE work"
//! match the clause "all this inevitably affects the activities of the OSCE"
//! inside another report's long quotation without being diluted by the rest
//! of it; runs of fewer than three content words are not compared, and a
//! smoothing term keeps a couple of shared words from scoring high.
//! [`similarity_weighted`] lets the index weigh words by their inverse
//! document frequency, so that words every report on a topic uses ("illegal
//! car races") count less than rare ones.
//!
//! Two stems also count as the same word when they share their first five
//! characters (`organiz`/`organ`, `multitud`/`multipli`): translations
//! often pick another derivation of the same root.
//!
//! [`score`] then weighs in who is quoted: the same speaker raises the
//! confidence, a *different named* speaker lowers it, an unknown or generic
//! speaker ("a press officer", "the agency") leaves it as it is.
//!
//! [`word_diff`] shows how two wordings differ, for the hover
//! (`~~relieve tension~~ → **defuse tensions**`).
//!
//! Everything here is pure: no I/O, no corpus state.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::sync::LazyLock;

use crate::analysis::lines::lines_with_ranges;
use crate::analysis::text::{data_lines, data_lines_of, fold, has_cyrillic, lang, stable_hash};
use rust_stemmers::{Algorithm, Stemmer};

/// The comparable form of one quotation.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct QuoteSig {
    /// Sorted, unique content-word stems of the whole quotation.
    pub terms: Vec<String>,
    /// The stems of each clause, in order (each sorted and unique); clauses
    /// without content words are left out.
    pub clauses: Vec<Vec<String>>,
}

impl QuoteSig {
    /// Whether the quotation has enough content to be linked at all.
    pub fn is_linkable(&self) -> bool {
        self.terms.len() >= MIN_LINK_TERMS
    }
}

/// Who said two quotations, as far as the reports tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpeakerRelation {
    /// Both are attributed to the same named person.
    Same,
    /// Both are attributed to named persons, and they differ.
    Different,
    /// At least one has no named speaker (none, or a generic one).
    Unknown,
}

impl SpeakerRelation {
    /// The relation of two speakers given by their surname keys
    /// ([`crate::analysis::quotes::extract::Speaker::surname_key`]).
    pub fn of(a: Option<&str>, b: Option<&str>) -> SpeakerRelation {
        match (a, b) {
            (Some(a), Some(b)) if a == b => SpeakerRelation::Same,
            (Some(_), Some(_)) => SpeakerRelation::Different,
            _ => SpeakerRelation::Unknown,
        }
    }
}

/// One step of a word-level difference, see [`word_diff`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DiffOp {
    /// A word both wordings have (as written in the second one).
    Same(String),
    /// A word only the first wording has.
    Removed(String),
    /// A word only the second wording has.
    Added(String),
}

/// The link score from which two quotations are shown as the same
/// statement (chosen on the quote-links development set: precision 0.96,
/// recall 0.91 there).
pub const DEFAULT_LINK_THRESHOLD: f32 = 0.40;

/// Fewest content words a quotation needs to be linked: "understood" or
/// "combat drake" in quotation marks are names or scare quotes, not
/// statements, and three words match by chance too easily.
pub const MIN_LINK_TERMS: usize = 3;

/// Longest run of clauses compared with the other quotation as a unit.
const MAX_WINDOW_CLAUSES: usize = 6;

/// Added to the two sides' weight in the Dice overlap, in words of average
/// weight: two shared words of two each score 4/5, not 1.
const DICE_SMOOTHING: f32 = 1.0;

/// Stems sharing at least this many leading characters count as one word
/// (5 scored best on the development set; 6 and 7 were close behind).
const PREFIX_CHARS: usize = 5;

/// Odds ratio of a link between quotations of the same named speaker.
pub const SAME_SPEAKER_ODDS: f32 = 1.5;
/// Odds ratio of a link between quotations of two different named speakers.
pub const DIFFERENT_SPEAKER_ODDS: f32 = 0.4;

struct Lexicon {
    stop: HashSet<String>,
    clause_breaks: HashSet<String>,
    synonyms: HashMap<String, String>,
}

static LEXICON: LazyLock<Lexicon> = LazyLock::new(|| {
    let mut stop = HashSet::default();
    let mut clause_breaks = HashSet::default();
    for line in data_lines_of([
        include_str!("../lexicon/quote_stopwords_en.txt"),
        include_str!("../lexicon/quote_stopwords_ru.txt"),
    ]) {
        if let Some(w) = line.strip_prefix('>') {
            let w = fold(w.trim());
            clause_breaks.insert(w.clone());
            stop.insert(w);
        } else {
            stop.insert(fold(line));
        }
    }
    let mut synonyms = HashMap::default();
    for line in data_lines(include_str!("../lexicon/quote_synonyms_en.txt")) {
        let mut words = line.split('|').map(str::trim).filter(|w| !w.is_empty());
        let Some(head) = words.next() else { continue };
        // the list is English: stemmed as English whatever report is first
        let canon = stem_as(&fold(head), None);
        for w in words {
            let s = stem_as(&fold(w), None);
            if s != canon {
                synonyms.entry(s).or_insert_with(|| canon.clone());
            }
        }
    }
    Lexicon {
        stop,
        clause_breaks,
        synonyms,
    }
});

static STEM_EN: LazyLock<Stemmer> = LazyLock::new(|| Stemmer::create(Algorithm::English));
static STEM_RU: LazyLock<Stemmer> = LazyLock::new(|| Stemmer::create(Algorithm::Russian));

static STEM_DE: LazyLock<Stemmer> = LazyLock::new(|| Stemmer::create(Algorithm::German));
static STEM_FR: LazyLock<Stemmer> = LazyLock::new(|| Stemmer::create(Algorithm::French));
static STEM_ES: LazyLock<Stemmer> = LazyLock::new(|| Stemmer::create(Algorithm::Spanish));

/// The language a quotation is compared in, told from its own words (not
/// the report's, so that the same words are compared alike in every report
/// that carries them): German, French or Spanish when one of that language's
/// marker words is there and `whatlang` tells it reliably; else none, and
/// English and Russian are read as always.
fn quote_language(text: &str) -> Option<lang::Lang> {
    // only quotations with a marker word are told (most are English or
    // Russian, and telling a language is costlier than this look)
    let marked = text
        .split(|c: char| !c.is_alphabetic())
        .any(|w| MARKERS.contains(&w.to_lowercase().as_str()));
    if !marked {
        return None;
    }
    let info = whatlang::detect(text)?;
    ((info.is_reliable() || info.confidence() >= 0.5)
        && lang::function_words(info.lang()).is_some())
    .then(|| info.lang())
}

/// Function words of German, French and Spanish that no English sentence
/// uses.
const MARKERS: &[&str] = &[
    "der", "das", "und", "nicht", "ist", "wir", "sind", "wird", "les", "des", "est", "une", "nous",
    "vous", "pas", "dans", "sont", "los", "las", "del", "una", "por", "para", "nosotros", "está",
];

/// The Snowball stem of a lower-case word in a report of language `lang`.
fn stem_as(word: &str, lang: Option<lang::Lang>) -> String {
    if has_cyrillic(word) {
        return STEM_RU.stem(word).into_owned();
    }
    let stemmer: &Stemmer = match lang {
        Some(lang::Lang::Deu) => &STEM_DE,
        Some(lang::Lang::Fra) => &STEM_FR,
        Some(lang::Lang::Spa) => &STEM_ES,
        _ => &STEM_EN,
    };
    stemmer.stem(word).into_owned()
}

/// Characters that end a clause.
fn breaks_clause(c: char) -> bool {
    matches!(
        c,
        ',' | ';' | ':' | '—' | '–' | '(' | ')' | '[' | ']' | '.' | '!' | '?' | '…'
    )
}

/// The comparable form of a quotation's words.
pub fn signature(text: &str) -> QuoteSig {
    let lex = &*LEXICON;
    // a quotation in German, French or Spanish drops that language's function
    // words too, and is stemmed in it
    let language = quote_language(text);
    let own = language.and_then(lang::function_words);
    let mut clauses: Vec<Vec<String>> = Vec::new();
    let mut current: Vec<String> = Vec::new();
    let flush = |current: &mut Vec<String>, clauses: &mut Vec<Vec<String>>| {
        if !current.is_empty() {
            current.sort_unstable();
            current.dedup();
            clauses.push(std::mem::take(current));
        }
    };
    let push_word = |word: &str, current: &mut Vec<String>, clauses: &mut Vec<Vec<String>>| {
        let w = fold(word);
        if lex.clause_breaks.contains(&w) || own.is_some_and(|o| o.breaks_clause(&w)) {
            flush(current, clauses);
        } else if !lex.stop.contains(&w) && !own.is_some_and(|o| o.contains(&w)) {
            let s = stem_as(&w, language);
            current.push(lex.synonyms.get(&s).cloned().unwrap_or(s));
        }
    };
    let mut word = String::new();
    let mut prev: Option<char> = None;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let next = chars.peek().copied();
        // A digit group separator inside a number: "147,253" = "147253".
        let in_number = matches!(c, ',' | '.' | '\u{a0}' | '\u{202f}')
            && prev.is_some_and(|p| p.is_ascii_digit())
            && next.is_some_and(|n| n.is_ascii_digit());
        if c.is_alphanumeric() || in_number {
            if !in_number {
                word.push(c);
            }
            prev = Some(c);
            continue;
        }
        if !word.is_empty() {
            push_word(&word, &mut current, &mut clauses);
            word.clear();
        }
        // A hyphen between spaces is a dash.
        let dash = c == '-'
            && prev.is_none_or(char::is_whitespace)
            && next.is_none_or(char::is_whitespace);
        if breaks_clause(c) || dash {
            flush(&mut current, &mut clauses);
        }
        prev = Some(c);
    }
    if !word.is_empty() {
        push_word(&word, &mut current, &mut clauses);
    }
    flush(&mut current, &mut clauses);
    let mut terms: Vec<String> = clauses.iter().flatten().cloned().collect();
    terms.sort_unstable();
    terms.dedup();
    QuoteSig { terms, clauses }
}

/// The key under which an index files a stem: its first `PREFIX_CHARS`
/// (5) characters. Two stems that count as the same word ([`similarity`]
/// treats stems sharing that many leading characters as one word) always
/// have the same key, so an index looked up by key finds every quotation
/// that shares a word with a given one.
pub fn term_key(term: &str) -> &str {
    match term.char_indices().nth(PREFIX_CHARS) {
        Some((i, _)) => &term[..i],
        None => term,
    }
}

/// Similarity of two quotations in `[0, 1]`, every word weighing the same;
/// see [`similarity_weighted`].
pub fn similarity(a: &QuoteSig, b: &QuoteSig) -> f32 {
    similarity_weighted(a, b, &|_| 1.0)
}

/// Similarity of two quotations in `[0, 1]`, with a weight for each stem
/// (an index passes the inverse document frequency, so that words every
/// report on a topic uses count less than rare ones).
///
/// It is the best weighted Dice overlap between one quotation and a run of
/// consecutive clauses of the other (the whole quotation being the longest
/// run): a fragment quoted by one report is compared with the clause it
/// stands for inside the other report's long quotation, not diluted by the
/// rest of it. A smoothing term keeps one or two shared words in short
/// clauses from scoring high.
pub fn similarity_weighted(a: &QuoteSig, b: &QuoteSig, weight: &dyn Fn(&str) -> f32) -> f32 {
    // Both sides in one local id space of term keys.
    let mut keys: HashMap<String, u32> = HashMap::default();
    let mut key_id = |k: &str| -> u32 {
        let n = keys.len() as u32;
        *keys.entry(k.to_string()).or_insert(n)
    };
    let (ia, oa) = IdSig::from_sig(a, &mut key_id);
    let (ib, ob) = IdSig::from_sig(b, &mut key_id);
    let wa: Vec<f32> = oa.iter().map(|&i| weight(&a.terms[i])).collect();
    let wb: Vec<f32> = ob.iter().map(|&i| weight(&b.terms[i])).collect();
    similarity_ids(&ia, &wa, &ib, &wb, &mut SimScratch::default())
}

/// A quotation's signature over interned term keys, as the corpus index keeps
/// it: one entry per distinct term, holding the id of the term's key
/// ([`term_key`]); terms sharing a key are different words that count as the
/// same word, so the same key may appear more than once. Entries are sorted by
/// key id, so the terms that count as the same word are neighbours.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct IdSig {
    keys: Box<[u32]>,
    /// For each clause: its number of terms, then their positions in `keys`.
    clauses: Box<[u16]>,
}

impl IdSig {
    /// The interned form of `sig`, with `key_id` naming each term key, and for each
    /// position of the result the index of its term in `sig.terms`. A signature
    /// of more distinct terms than positions can be counted in 16 bits keeps
    /// only its first clauses.
    pub fn from_sig(sig: &QuoteSig, key_id: &mut dyn FnMut(&str) -> u32) -> (IdSig, Vec<usize>) {
        let limit = usize::from(u16::MAX);
        let mut used = sig.clauses.len();
        let mut order: Vec<(u32, usize)>;
        loop {
            let mut terms: Vec<&String> = sig.clauses[..used].iter().flatten().collect();
            terms.sort_unstable();
            terms.dedup();
            if terms.len() <= limit || used <= 1 {
                order = terms
                    .iter()
                    .take(limit)
                    .filter_map(|t| sig.terms.binary_search(t).ok())
                    .map(|i| (key_id(term_key(&sig.terms[i])), i))
                    .collect();
                break;
            }
            used /= 2;
        }
        order.sort_unstable();
        let mut position = vec![u16::MAX; sig.terms.len()];
        for (p, &(_, i)) in order.iter().enumerate() {
            position[i] = p as u16;
        }
        let pos_of = |term: &String| -> Option<u16> {
            let i = sig.terms.binary_search(term).ok()?;
            Some(position[i]).filter(|&p| p != u16::MAX)
        };
        let mut clauses = Vec::new();
        for c in &sig.clauses[..used] {
            let ps: Vec<u16> = c.iter().filter_map(pos_of).collect();
            if ps.is_empty() {
                continue;
            }
            clauses.push(ps.len() as u16);
            clauses.extend(ps);
        }
        let keys = order.iter().map(|&(k, _)| k).collect();
        (
            IdSig {
                keys,
                clauses: clauses.into_boxed_slice(),
            },
            order.into_iter().map(|(_, i)| i).collect(),
        )
    }

    /// The key id of every term, sorted.
    pub fn keys(&self) -> &[u32] {
        &self.keys
    }

    /// Number of distinct terms.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// Whether the quotation has enough content to be linked at all.
    pub fn is_linkable(&self) -> bool {
        self.keys.len() >= MIN_LINK_TERMS
    }

    fn clauses(&self) -> Clauses<'_> {
        Clauses {
            data: &self.clauses,
        }
    }

    /// Bytes held on the heap.
    pub fn heap_bytes(&self) -> usize {
        self.keys.len() * 4 + self.clauses.len() * 2
    }

    /// The raw parts, for storing the signature.
    pub fn parts(&self) -> (&[u32], &[u16]) {
        (&self.keys, &self.clauses)
    }

    /// A signature from its stored parts; `None` when they are inconsistent.
    pub fn from_parts(keys: Vec<u32>, clauses: Vec<u16>) -> Option<IdSig> {
        if keys.windows(2).any(|w| w[0] > w[1]) {
            return None;
        }
        let mut i = 0;
        while i < clauses.len() {
            let n = usize::from(clauses[i]);
            let ps = clauses.get(i + 1..i + 1 + n)?;
            if n == 0 || ps.iter().any(|&p| usize::from(p) >= keys.len()) {
                return None;
            }
            i += 1 + n;
        }
        Some(IdSig {
            keys: keys.into_boxed_slice(),
            clauses: clauses.into_boxed_slice(),
        })
    }

    /// The same signature with every key id mapped through `map`, re-sorted.
    pub fn remap(&self, map: &dyn Fn(u32) -> u32) -> IdSig {
        let mut order: Vec<(u32, usize)> = self
            .keys
            .iter()
            .enumerate()
            .map(|(i, &k)| (map(k), i))
            .collect();
        order.sort_unstable();
        let mut new_pos = vec![0u16; order.len()];
        for (p, &(_, old)) in order.iter().enumerate() {
            new_pos[old] = p as u16;
        }
        let mut clauses = Vec::with_capacity(self.clauses.len());
        for c in self.clauses() {
            clauses.push(c.len() as u16);
            clauses.extend(c.iter().map(|&p| new_pos[usize::from(p)]));
        }
        IdSig {
            keys: order.iter().map(|&(k, _)| k).collect(),
            clauses: clauses.into_boxed_slice(),
        }
    }
}

struct Clauses<'a> {
    data: &'a [u16],
}

impl<'a> Iterator for Clauses<'a> {
    type Item = &'a [u16];
    fn next(&mut self) -> Option<&'a [u16]> {
        let (&n, rest) = self.data.split_first()?;
        let (c, rest) = rest.split_at(usize::from(n));
        self.data = rest;
        Some(c)
    }
}

/// Whether two sorted key lists share a key: without one, two quotations
/// score 0 and need no comparison.
pub fn share_a_key(a: &[u32], b: &[u32]) -> bool {
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => return true,
        }
    }
    false
}

/// An upper bound of [`similarity_ids`], from the weight of the words the two
/// quotations share at all: a comparison whose bound is below the link
/// threshold need not be made. (A run of clauses of one side shares at most
/// what the whole side shares, and its own weight is at least what it shares,
/// so its Dice overlap is at most `(Sa + Sb) / (Sa + Tb + smoothing)`, and the
/// same with the sides swapped.)
pub fn similarity_bound(a: &IdSig, wa: &[f32], b: &IdSig, wb: &[f32]) -> f32 {
    if a.keys.is_empty() || b.keys.is_empty() {
        return 0.0;
    }
    let (ka, kb) = (&a.keys, &b.keys);
    let (mut sa, mut sb) = (0.0f32, 0.0f32);
    let (mut i, mut j) = (0, 0);
    while i < ka.len() && j < kb.len() {
        match ka[i].cmp(&kb[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                let k = ka[i];
                while i < ka.len() && ka[i] == k {
                    sa += wa[i];
                    i += 1;
                }
                while j < kb.len() && kb[j] == k {
                    sb += wb[j];
                    j += 1;
                }
            }
        }
    }
    if sa == 0.0 {
        return 0.0;
    }
    let (ta, tb) = (wa.iter().sum::<f32>(), wb.iter().sum::<f32>());
    let smoothing = DICE_SMOOTHING * (ta + tb) / (wa.len() + wb.len()) as f32;
    ((sa + sb) / ((sa + tb).min(sb + ta) + smoothing)).min(1.0)
}

/// Buffers reused across comparisons.
#[derive(Default)]
pub struct SimScratch {
    in_window: Vec<bool>,
    y_matched: Vec<bool>,
    clause_starts_a: Vec<std::ops::Range<usize>>,
    clause_starts_b: Vec<std::ops::Range<usize>>,
    same_a: Vec<std::ops::Range<usize>>,
    same_b: Vec<std::ops::Range<usize>>,
}

/// [`similarity_weighted`] over interned signatures, with the weight of every
/// term of `a` in `wa` and of `b` in `wb` (in the signatures' order).
pub fn similarity_ids(
    a: &IdSig,
    wa: &[f32],
    b: &IdSig,
    wb: &[f32],
    scratch: &mut SimScratch,
) -> f32 {
    if a.keys.is_empty() || b.keys.is_empty() || !share_a_key(&a.keys, &b.keys) {
        return 0.0;
    }
    let sum = |w: &[f32]| w.iter().sum::<f32>();
    let mean = (sum(wa) + sum(wb)) / (wa.len() + wb.len()) as f32;
    let smoothing = DICE_SMOOTHING * mean;
    let (total_a, total_b) = (sum(wa), sum(wb));
    let mut cs_a = std::mem::take(&mut scratch.clause_starts_a);
    let mut cs_b = std::mem::take(&mut scratch.clause_starts_b);
    let mut same_a = std::mem::take(&mut scratch.same_a);
    let mut same_b = std::mem::take(&mut scratch.same_b);
    clause_ranges(a, &mut cs_a);
    clause_ranges(b, &mut cs_b);
    same_runs(&a.keys, &b.keys, &mut same_a);
    same_runs(&b.keys, &a.keys, &mut same_b);
    let whole = Side {
        clauses: &a.clauses,
        ranges: &cs_a,
        wx: wa,
        same_in_y: &same_a,
        y_len: b.keys.len(),
    };
    let other = Side {
        clauses: &b.clauses,
        ranges: &cs_b,
        wx: wb,
        same_in_y: &same_b,
        y_len: a.keys.len(),
    };
    let mut best = whole.dice_window(0..cs_a.len(), wb, total_b, smoothing, scratch);
    // Runs of clauses of either against the whole other.
    for (side, wy, total_y) in [(&whole, wb, total_b), (&other, wa, total_a)] {
        let n = side.ranges.len();
        if n < 2 {
            continue;
        }
        for i in 0..n {
            for j in i + 1..=n.min(i + MAX_WINDOW_CLAUSES) {
                if i == 0 && j == n {
                    continue; // the whole quotation, done above
                }
                best = best.max(side.dice_window(i..j, wy, total_y, smoothing, scratch));
            }
        }
    }
    scratch.clause_starts_a = cs_a;
    scratch.clause_starts_b = cs_b;
    scratch.same_a = same_a;
    scratch.same_b = same_b;
    best.clamp(0.0, 1.0)
}

/// Where each clause's positions lie in the packed clause data.
fn clause_ranges(s: &IdSig, out: &mut Vec<std::ops::Range<usize>>) {
    out.clear();
    let mut i = 0;
    while i < s.clauses.len() {
        let n = usize::from(s.clauses[i]);
        out.push(i + 1..i + 1 + n);
        i += 1 + n;
    }
}

/// For each key of `x`, the run of `y` holding the same key (both sorted).
fn same_runs(x: &[u32], y: &[u32], out: &mut Vec<std::ops::Range<usize>>) {
    out.clear();
    let mut lo = 0;
    for &k in x {
        while lo < y.len() && y[lo] < k {
            lo += 1;
        }
        let mut hi = lo;
        while hi < y.len() && y[hi] == k {
            hi += 1;
        }
        out.push(lo..hi);
    }
}

/// One quotation `x` prepared for comparison with another one `y`.
struct Side<'a> {
    clauses: &'a [u16],
    ranges: &'a [std::ops::Range<usize>],
    wx: &'a [f32],
    /// For each term of `x`, the terms of `y` that count as the same word.
    same_in_y: &'a [std::ops::Range<usize>],
    y_len: usize,
}

impl Side<'_> {
    /// Weighted Dice overlap of clauses `clauses` of `x` with the whole of
    /// `y` (term weights `wy`, summing to `total_y`): the weight of the words
    /// each side shares with the other, over the weight of both sides plus
    /// `smoothing`. Runs of fewer than [`MIN_LINK_TERMS`] words score 0.
    fn dice_window(
        &self,
        clauses: std::ops::Range<usize>,
        wy: &[f32],
        total_y: f32,
        smoothing: f32,
        scratch: &mut SimScratch,
    ) -> f32 {
        let in_window = &mut scratch.in_window;
        in_window.clear();
        in_window.resize(self.wx.len(), false);
        let y_matched = &mut scratch.y_matched;
        y_matched.clear();
        y_matched.resize(self.y_len, false);
        let (mut size, mut total_x, mut shared_x, mut shared_y) = (0, 0.0f32, 0.0f32, 0.0f32);
        for c in clauses {
            for &k in &self.clauses[self.ranges[c].clone()] {
                let k = usize::from(k);
                if std::mem::replace(&mut in_window[k], true) {
                    continue;
                }
                size += 1;
                total_x += self.wx[k];
                let same = self.same_in_y[k].clone();
                if !same.is_empty() {
                    shared_x += self.wx[k];
                }
                for j in same {
                    if !std::mem::replace(&mut y_matched[j], true) {
                        shared_y += wy[j];
                    }
                }
            }
        }
        if size < MIN_LINK_TERMS || shared_x == 0.0 {
            return 0.0;
        }
        (shared_x + shared_y) / (total_x + total_y + smoothing)
    }
}

#[cfg(test)]
/// The run of `sorted` that counts as the same word as `word`: the word
/// itself, or for a word of at least `PREFIX_CHARS` characters every word
/// with the same first `PREFIX_CHARS` characters.
fn same_words(sorted: &[String], word: &str) -> std::ops::Range<usize> {
    let key = term_key(word);
    if key.len() == word.len() && word.chars().count() < PREFIX_CHARS {
        return match sorted.binary_search_by(|t| t.as_str().cmp(word)) {
            Ok(i) => i..i + 1,
            Err(_) => 0..0,
        };
    }
    let lo = sorted.partition_point(|t| t.as_str() < key);
    let hi = lo
        + sorted[lo..]
            .iter()
            .take_while(|t| t.starts_with(key))
            .count();
    lo..hi
}

/// Link confidence from a similarity and the relation of the two speakers.
///
/// The speaker relation is evidence on its own, weighed like a likelihood
/// ratio: the similarity is read as odds (`sim / (1 - sim)`), the odds are
/// multiplied by [`SAME_SPEAKER_ODDS`] or [`DIFFERENT_SPEAKER_ODDS`], and the
/// result is read back as a score. So the same speaker lifts a good match
/// more than a poor one (two unrelated statements of one minister stay
/// apart), and an unknown speaker leaves the similarity as it is.
pub fn score(sim: f32, rel: SpeakerRelation) -> f32 {
    let sim = sim.clamp(0.0, 1.0);
    let factor = match rel {
        SpeakerRelation::Same => SAME_SPEAKER_ODDS,
        SpeakerRelation::Different => DIFFERENT_SPEAKER_ODDS,
        SpeakerRelation::Unknown => return sim,
    };
    if sim >= 1.0 {
        return 1.0;
    }
    let odds = sim / (1.0 - sim) * factor;
    odds / (1.0 + odds)
}

/// The weight of a term key in comparisons: its inverse document frequency
/// over the `filed` linkable quotations, `ln(1 + filed / df)`. A key no
/// quotation has (`df` 0) weighs as one that a single quotation has.
pub fn key_weight(filed: usize, df: u32) -> f32 {
    (1.0 + filed.max(1) as f32 / df.max(1) as f32).ln()
}

/// Margin of the cheap bound in [`pair_score`]: a bound this close to the
/// threshold is scored in full.
const BOUND_MARGIN: f32 = 1e-4;

/// One side of a comparison in [`pair_score`]: a quotation's signature, the
/// weight of each of its terms ([`key_weight`], in the signature's order), its
/// speaker's surname key and its report's context sketch ([`context_sketch`];
/// `None` or empty when the report has none).
#[derive(Clone, Copy)]
pub struct Scored<'a> {
    pub sig: &'a IdSig,
    pub weights: &'a [f32],
    pub speaker: Option<&'a str>,
    pub context: Option<&'a [u32]>,
}

/// The link score of two quotations of two reports: the similarity of their
/// words ([`similarity_ids`]) read with the relation of their speakers
/// ([`score`]), 0 when either is too short to link, when a cheap bound shows
/// the score is below `threshold`, or when a weak match ([`context_allows`])
/// joins reports that share no context. Every comparison of the corpus index
/// and of the batch linker is this function, so both give the same numbers;
/// the result depends on the order of the two sides in its last bits, so
/// callers pass them in the order of the quotations' places.
pub fn pair_score(x: Scored, y: Scored, threshold: f32, scratch: &mut SimScratch) -> f32 {
    if !x.sig.is_linkable() || !y.sig.is_linkable() {
        return 0.0;
    }
    let rel = SpeakerRelation::of(x.speaker, y.speaker);
    let bound = similarity_bound(x.sig, x.weights, y.sig, y.weights);
    if score(bound, rel) + BOUND_MARGIN < threshold {
        return 0.0;
    }
    let sim = similarity_ids(x.sig, x.weights, y.sig, y.weights, scratch);
    let s = score(sim, rel);
    match (x.context, y.context) {
        (Some(a), Some(b)) if !a.is_empty() && !b.is_empty() => {
            if context_allows(s, context_overlap(a, b)) {
                s
            } else {
                0.0
            }
        }
        _ => s,
    }
}

/// Most words a report's context sketch keeps ([`context_sketch`]).
pub const CONTEXT_WORDS: usize = 64;
/// Below this score a link needs its two reports to share context
/// ([`context_allows`]); a near-verbatim quotation links whatever surrounds it.
pub const CONTEXT_NEEDED_BELOW: f32 = 0.75;
/// Least share of content words ([`context_overlap`]) two reports need for a
/// link below [`CONTEXT_NEEDED_BELOW`].
pub const CONTEXT_FLOOR: f32 = 0.10;

/// Characters of a word that stand for it in a context sketch: a cheap stem
/// ("hospital" and "hospitals" agree, so do two translations' inflections).
const CONTEXT_PREFIX_CHARS: usize = 6;

/// A sketch of what a report is about: the stable hashes (32 bits) of the
/// first [`CONTEXT_PREFIX_CHARS`] letters of its content words — four letters
/// or more, not function words — on the lines `skip` does not mark as
/// boilerplate, the [`CONTEXT_WORDS`] smallest, sorted. Two reports of one
/// story share many of them (names, places, numbers, the story's nouns) even
/// in two translations; two stories that share a generic phrase ("the reason
/// is unclear", "was taken to hospital") share few.
pub fn context_sketch(text: &str, skip: &[bool]) -> Vec<u32> {
    let lex = &*LEXICON;
    let mut hashes: Vec<u32> = Vec::new();
    let mut folded = String::new();
    for (i, (_, line)) in lines_with_ranges(text).enumerate() {
        if skip.get(i).copied().unwrap_or(false) {
            continue;
        }
        for w in line.split(|c: char| !c.is_alphanumeric()) {
            if w.len() < 4 || w.chars().nth(3).is_none() {
                continue;
            }
            folded.clear();
            for c in w.chars().flat_map(char::to_lowercase) {
                folded.push(match c {
                    'ё' => 'е',
                    c => c,
                });
            }
            if lex.stop.contains(folded.as_str()) {
                continue;
            }
            let end = folded
                .char_indices()
                .nth(CONTEXT_PREFIX_CHARS)
                .map_or(folded.len(), |(p, _)| p);
            hashes.push(stable_hash(&folded.as_bytes()[..end]) as u32);
        }
    }
    hashes.sort_unstable();
    hashes.dedup();
    hashes.truncate(CONTEXT_WORDS);
    hashes
}

/// The share of content words two reports have in common, estimated from
/// their sketches ([`context_sketch`]) as bottom-k sketches are: among the k
/// smallest hashes of the two together, the share found in both (exact when
/// both reports have fewer than k content words).
pub fn context_overlap(a: &[u32], b: &[u32]) -> f32 {
    let k = a.len().max(b.len()).min(CONTEXT_WORDS);
    if k == 0 {
        return 0.0;
    }
    let (mut i, mut j, mut seen, mut both) = (0, 0, 0, 0);
    while seen < k && (i < a.len() || j < b.len()) {
        match (a.get(i), b.get(j)) {
            (Some(x), Some(y)) if x == y => {
                both += 1;
                i += 1;
                j += 1;
            }
            (Some(x), Some(y)) if x < y => i += 1,
            (Some(_), Some(_)) => j += 1,
            (Some(_), None) => i += 1,
            (None, _) => j += 1,
        }
        seen += 1;
    }
    both as f32 / seen as f32
}

/// Whether a link of this score may stand between reports whose contexts
/// overlap this much: a weaker match needs the two reports to be about the
/// same story ([`CONTEXT_FLOOR`]).
pub fn context_allows(score: f32, overlap: f32) -> bool {
    score >= CONTEXT_NEEDED_BELOW || overlap >= CONTEXT_FLOOR
}

/// Most words per side that [`word_diff`] aligns; longer texts are shown as
/// one removal and one addition.
const MAX_DIFF_WORDS: usize = 600;

/// Word-level difference from wording `a` to wording `b` (longest common
/// subsequence). Words compare by their normalised form (case and
/// punctuation ignored); the ops carry the words as written.
pub fn word_diff(a: &str, b: &str) -> Vec<DiffOp> {
    let aw: Vec<&str> = a.split_whitespace().collect();
    let bw: Vec<&str> = b.split_whitespace().collect();
    let key = |w: &str| -> String {
        w.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    if aw.len() > MAX_DIFF_WORDS || bw.len() > MAX_DIFF_WORDS {
        let mut out: Vec<DiffOp> = Vec::new();
        if !aw.is_empty() {
            out.push(DiffOp::Removed(aw.join(" ")));
        }
        if !bw.is_empty() {
            out.push(DiffOp::Added(bw.join(" ")));
        }
        return out;
    }
    let ak: Vec<String> = aw.iter().map(|w| key(w)).collect();
    let bk: Vec<String> = bw.iter().map(|w| key(w)).collect();
    let (n, m) = (ak.len(), bk.len());
    // lcs[i][j] = LCS length of ak[i..] and bk[j..]
    let mut lcs = vec![0u32; (n + 1) * (m + 1)];
    let at = |i: usize, j: usize| i * (m + 1) + j;
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[at(i, j)] = if ak[i] == bk[j] {
                lcs[at(i + 1, j + 1)] + 1
            } else {
                lcs[at(i + 1, j)].max(lcs[at(i, j + 1)])
            };
        }
    }
    let mut out: Vec<DiffOp> = Vec::new();
    let push = |out: &mut Vec<DiffOp>, op: DiffOp| {
        // Merge runs of the same kind: "relieve tension" not "relieve", "tension".
        match (out.last_mut(), op) {
            (Some(DiffOp::Same(s)), DiffOp::Same(w))
            | (Some(DiffOp::Removed(s)), DiffOp::Removed(w))
            | (Some(DiffOp::Added(s)), DiffOp::Added(w)) => {
                s.push(' ');
                s.push_str(&w);
            }
            (_, op) => out.push(op),
        }
    };
    let (mut i, mut j) = (0, 0);
    while i < n || j < m {
        if i < n && j < m && ak[i] == bk[j] {
            push(&mut out, DiffOp::Same(bw[j].to_string()));
            i += 1;
            j += 1;
        } else if j < m && (i == n || lcs[at(i, j + 1)] >= lcs[at(i + 1, j)]) {
            // Prefer removals first so a replaced run reads "~~old~~ → new".
            if i < n && lcs[at(i + 1, j)] == lcs[at(i, j + 1)] {
                push(&mut out, DiffOp::Removed(aw[i].to_string()));
                i += 1;
            } else {
                push(&mut out, DiffOp::Added(bw[j].to_string()));
                j += 1;
            }
        } else {
            push(&mut out, DiffOp::Removed(aw[i].to_string()));
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A quotation in French drops French function words, splits its
    /// clauses at French conjunctions and is stemmed as French, told from its
    /// own words: the same in a report told French, English or nothing. An
    /// English quotation keeps its words (`war`, a German function word).
    #[test]
    fn a_quote_is_compared_in_its_own_language_whatever_the_report() {
        use crate::analysis::text::lang::{with, Lang};
        let q = "Nous n'accepterons pas que nos propositions soient ignorées, et nous attendons des réponses";
        let fr = signature(q);
        for report in [Some(Lang::Fra), Some(Lang::Eng), Some(Lang::Deu)] {
            let other = with(report, || signature(q));
            assert_eq!(
                (&other.terms, &other.clauses),
                (&fr.terms, &fr.clauses),
                "{report:?}"
            );
        }
        for w in ["nous", "nos", "pas", "des", "que", "et"] {
            assert!(!fr.terms.iter().any(|t| t == w), "{w} in {:?}", fr.terms);
        }
        // clauses: "n'accepterons", "propositions soient ignorées", "attendons réponses"
        assert_eq!(fr.clauses.len(), 3, "{:?}", fr.clauses);
        // the French stemmer: "ignorées" is "ignor"
        assert!(fr.terms.iter().any(|t| t == "ignor"), "{:?}", fr.terms);
        let en = with(Some(Lang::Deu), || {
            signature("The war will not end this winter, and the alliance is not ready for talks")
        });
        assert!(en.terms.iter().any(|t| t == "war"), "{:?}", en.terms);
    }

    #[test]
    fn context_sketches_and_their_overlap() {
        let a = context_sketch(
            "Storm closes the harbour of Bergen\nThe harbour of Bergen stays closed.",
            &[],
        );
        let b = context_sketch("Bergen harbour closed by the storm", &[]);
        let c = context_sketch("Football: Brann wins the cup final", &[]);
        // six-letter prefixes ("storm", "closes", "harbou", "bergen", "closed", "stays"), distinct, sorted
        assert!(a.windows(2).all(|w| w[0] < w[1]), "{a:?}");
        assert_eq!(context_overlap(&a, &a), 1.0);
        assert!(
            context_overlap(&a, &b) >= 0.5,
            "{}",
            context_overlap(&a, &b)
        );
        assert_eq!(context_overlap(&a, &c), 0.0);
        assert_eq!(context_overlap(&[], &[]), 0.0);
        // boilerplate lines say nothing of the story
        let skipped = context_sketch(
            "Storm closes the harbour\nLogin Register Subscribe",
            &[false, true],
        );
        assert_eq!(skipped, context_sketch("Storm closes the harbour", &[]));
        // at most CONTEXT_WORDS, the smallest hashes
        let letter = |n: usize| char::from(b'a' + (n % 26) as u8);
        let long: String = (0..500)
            .map(|i| format!("{}{}{}word ", letter(i / 676), letter(i / 26), letter(i)))
            .collect();
        assert_eq!(context_sketch(&long, &[]).len(), CONTEXT_WORDS);
        assert!(context_allows(0.8, 0.0) && context_allows(0.3, 0.2) && !context_allows(0.3, 0.05));
    }

    #[test]
    fn signature_drops_function_words_and_stems() {
        let sig =
            signature("The talks on the new treaties were postponed, and nothing was signed.");
        assert!(sig.terms.contains(&"talk".to_string()));
        assert!(sig.terms.contains(&"postpon".to_string()));
        assert!(!sig.terms.iter().any(|t| t == "the" || t == "were"));
        // "and" splits the sentence into two clauses.
        assert_eq!(sig.clauses.len(), 2);
    }

    #[test]
    fn russian_words_use_the_russian_stemmer() {
        let a = signature("Переговоры о безопасности нельзя откладывать");
        let b = signature("переговорам по безопасности");
        let shared = b
            .terms
            .iter()
            .filter(|t| !same_words(&a.terms, t).is_empty())
            .count();
        assert!(shared >= 2, "{a:?} {b:?}");
    }

    #[test]
    fn two_translations_of_one_statement_are_similar() {
        let a = signature(
            "The ministry keeps ignoring our requests to lower the fees and to speed up the permits",
        );
        let b = signature(
            "The ministry continues to ignore our requests to reduce fees and speed up permits.",
        );
        assert!(similarity(&a, &b) >= 0.6, "{}", similarity(&a, &b));
    }

    #[test]
    fn a_fragment_is_contained_in_the_long_quote() {
        let long = signature(
            "Prices for grain are rising in every region, the harvest was poor, and all of this \
             inevitably hurts the bakeries of the capital",
        );
        let frag = signature("inevitably hurts the capital's bakeries.");
        assert!(
            similarity(&frag, &long) >= 0.6,
            "{}",
            similarity(&frag, &long)
        );
        assert_eq!(similarity(&frag, &long), similarity(&long, &frag));
    }

    #[test]
    fn the_bound_is_never_below_the_similarity() {
        let texts = [
            "Prices for grain are rising in every region, the harvest was poor, and all of this inevitably hurts the bakeries of the capital",
            "inevitably hurts the capital's bakeries.",
            "The ministry keeps ignoring our requests to lower the fees and to speed up the permits",
            "The ministry continues to ignore our requests to reduce fees and speed up permits.",
            "The harbour will stay closed to cargo ships until the storm has passed.",
            "We expect the new harbour crane to arrive from the factory in spring.",
        ];
        let mut keys: HashMap<String, u32> = HashMap::default();
        let mut id = |k: &str| {
            let n = keys.len() as u32;
            *keys.entry(k.to_string()).or_insert(n)
        };
        let sigs: Vec<IdSig> = texts
            .iter()
            .map(|t| IdSig::from_sig(&signature(t), &mut id).0)
            .collect();
        for a in &sigs {
            for b in &sigs {
                let wa: Vec<f32> = (0..a.len()).map(|i| 1.0 + (i % 3) as f32).collect();
                let wb: Vec<f32> = (0..b.len()).map(|i| 0.5 + (i % 2) as f32).collect();
                let sim = similarity_ids(a, &wa, b, &wb, &mut SimScratch::default());
                assert!(similarity_bound(a, &wa, b, &wb) + 1e-6 >= sim);
            }
        }
    }

    #[test]
    fn numbers_ignore_digit_grouping() {
        assert_eq!(
            signature("2,936 people").terms,
            signature("2936 people").terms
        );
    }

    #[test]
    fn rare_words_weigh_more() {
        let a = signature("The harbour master closed the harbour at noon");
        let b = signature("The harbour master opened the gates at dawn");
        let flat = similarity(&a, &b);
        let common_harbour = similarity_weighted(&a, &b, &|t| {
            if t.starts_with("harbour") {
                0.2
            } else {
                1.0
            }
        });
        assert!(common_harbour < flat);
    }

    #[test]
    fn unrelated_quotes_on_one_topic_stay_apart() {
        let a =
            signature("The harbour will stay closed to cargo ships until the storm has passed.");
        let b = signature("We expect the new harbour crane to arrive from the factory in spring.");
        assert!(similarity(&a, &b) < 0.4, "{}", similarity(&a, &b));
    }

    #[test]
    fn speakers_shift_the_score() {
        assert!(score(0.5, SpeakerRelation::Same) > 0.5);
        assert!(score(0.5, SpeakerRelation::Different) < 0.5);
        assert_eq!(score(0.5, SpeakerRelation::Unknown), 0.5);
        assert_eq!(
            SpeakerRelation::of(Some("ivanova"), Some("ivanova")),
            SpeakerRelation::Same
        );
        assert_eq!(
            SpeakerRelation::of(Some("ivanova"), None),
            SpeakerRelation::Unknown
        );
    }

    #[test]
    fn word_diff_shows_replaced_words() {
        let d = word_diff(
            "our plan to relieve tension now",
            "our plan to defuse tensions now",
        );
        assert_eq!(
            d,
            vec![
                DiffOp::Same("our plan to".into()),
                DiffOp::Removed("relieve tension".into()),
                DiffOp::Added("defuse tensions".into()),
                DiffOp::Same("now".into()),
            ]
        );
        assert!(word_diff("", "").is_empty());
    }
}
