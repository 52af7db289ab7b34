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
//!    `lexicon/quote_stopwords_ru.txt`): articles, pronouns, auxiliaries and
//!    prepositions are where translations differ most and carry no evidence.
//! 3. **Stem** with the Snowball stemmers (Russian for words in Cyrillic,
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

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

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
    /// ([`crate::analysis::quote_extract::Speaker::surname_key`]).
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
    let mut stop = HashSet::new();
    let mut clause_breaks = HashSet::new();
    for list in [
        include_str!("lexicon/quote_stopwords_en.txt"),
        include_str!("lexicon/quote_stopwords_ru.txt"),
    ] {
        for line in data_lines(list) {
            if let Some(w) = line.strip_prefix('>') {
                let w = fold(w.trim());
                clause_breaks.insert(w.clone());
                stop.insert(w);
            } else {
                stop.insert(fold(line));
            }
        }
    }
    let mut synonyms = HashMap::new();
    for line in data_lines(include_str!("lexicon/quote_synonyms_en.txt")) {
        let mut words = line.split('|').map(str::trim).filter(|w| !w.is_empty());
        let Some(head) = words.next() else { continue };
        let canon = stem(&fold(head));
        for w in words {
            let s = stem(&fold(w));
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

/// The non-comment, non-blank lines of a lexicon file, trimmed.
pub(crate) fn data_lines(list: &str) -> impl Iterator<Item = &str> {
    list.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// Lower case with `ё` folded to `е`.
fn fold(word: &str) -> String {
    word.chars()
        .flat_map(char::to_lowercase)
        .map(|c| if c == 'ё' { 'е' } else { c })
        .collect()
}

fn is_cyrillic(word: &str) -> bool {
    word.chars().any(|c| ('\u{0400}'..='\u{04FF}').contains(&c))
}

/// The Snowball stem of a lower-case word, by script.
fn stem(word: &str) -> String {
    if is_cyrillic(word) {
        STEM_RU.stem(word).into_owned()
    } else {
        STEM_EN.stem(word).into_owned()
    }
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
        if lex.clause_breaks.contains(&w) {
            flush(current, clauses);
        } else if !lex.stop.contains(&w) {
            let s = stem(&w);
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
    if a.terms.is_empty() || b.terms.is_empty() {
        return 0.0;
    }
    let wa: Vec<f32> = a.terms.iter().map(|t| weight(t)).collect();
    let wb: Vec<f32> = b.terms.iter().map(|t| weight(t)).collect();
    let mean = (wa.iter().sum::<f32>() + wb.iter().sum::<f32>()) / (wa.len() + wb.len()) as f32;
    let smoothing = DICE_SMOOTHING * mean;
    let total_b: f32 = wb.iter().sum();
    // The whole quotations.
    let whole = Side::new(a, &wa, b);
    let mut scratch = Scratch::default();
    let mut best = whole.dice_window(0..a.clauses.len(), &wb, total_b, smoothing, &mut scratch);
    // Runs of clauses of either against the whole other.
    let total_a: f32 = wa.iter().sum();
    let other = Side::new(b, &wb, a);
    for (side, x, wy, total_y) in [(&whole, a, &wb, total_b), (&other, b, &wa, total_a)] {
        let n = x.clauses.len();
        if n < 2 {
            continue;
        }
        for i in 0..n {
            for j in i + 1..=n.min(i + MAX_WINDOW_CLAUSES) {
                if i == 0 && j == n {
                    continue; // the whole quotation, done above
                }
                best = best.max(side.dice_window(i..j, wy, total_y, smoothing, &mut scratch));
            }
        }
    }
    best.clamp(0.0, 1.0)
}

/// Buffers reused across the windows of one comparison (no allocation per window).
#[derive(Default)]
struct Scratch {
    in_window: Vec<bool>,
    y_matched: Vec<bool>,
}

/// One quotation `x` prepared for comparison with another one `y`.
struct Side<'a> {
    x: &'a QuoteSig,
    wx: &'a [f32],
    /// For each term of `x`, the terms of `y` that count as the same word
    /// (a contiguous run of the sorted terms).
    same_in_y: Vec<std::ops::Range<usize>>,
    /// For each clause of `x`, the positions of its terms in `x.terms`.
    clause_terms: Vec<Vec<usize>>,
    y_len: usize,
}

impl<'a> Side<'a> {
    fn new(x: &'a QuoteSig, wx: &'a [f32], y: &QuoteSig) -> Side<'a> {
        let same_in_y = x.terms.iter().map(|t| same_words(&y.terms, t)).collect();
        let clause_terms = x
            .clauses
            .iter()
            .map(|c| {
                c.iter()
                    .filter_map(|t| x.terms.binary_search(t).ok())
                    .collect()
            })
            .collect();
        Side {
            x,
            wx,
            same_in_y,
            clause_terms,
            y_len: y.terms.len(),
        }
    }

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
        scratch: &mut Scratch,
    ) -> f32 {
        let in_window = &mut scratch.in_window;
        in_window.clear();
        in_window.resize(self.x.terms.len(), false);
        let y_matched = &mut scratch.y_matched;
        y_matched.clear();
        y_matched.resize(self.y_len, false);
        let (mut size, mut total_x, mut shared_x, mut shared_y) = (0, 0.0f32, 0.0f32, 0.0f32);
        for c in clauses {
            for &k in &self.clause_terms[c] {
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
