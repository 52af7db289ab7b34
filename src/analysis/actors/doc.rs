//! The report as the stages see it: its tokens, the census of its words, and
//! the candidate names the stages add, type and resolve ([`Doc`]).

use super::lexicon::Lexicon;
use super::lexicon::Place;
use super::lexicon::PlaceClass;
use super::lexicon::SPORTS_CUES;
use super::registry::cyrillic_stem;
use super::registry::MentionKind;
use super::registry::Registry;
use super::tokens::is_all_caps;
use super::tokens::is_cap_word;
use super::tokens::is_upper_start;
use super::tokens::tokenize_line;
use super::tokens::Tk;
use super::tokens::Tok;
use crate::analysis::lines;
use crate::analysis::text::is_cyrillic;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::ops::Range;

/// A typed candidate name.
#[derive(Debug, Clone)]
pub(super) struct Cand {
    pub(super) range: Range<usize>,
    pub(super) kind: MentionKind,
    /// Evidence strength: 5 registry/keyword … 0.5 guess.
    pub(super) strength: f32,
    pub(super) key: String,
    pub(super) role: Option<String>,
    pub(super) full: Option<String>,
    /// a single word at a sentence start with only a guess for its type
    pub(super) doubtful: bool,
    /// only the shape says what it is (no gazetteer, no context)
    pub(super) guessed: bool,
    /// the place gazetteer said so (a country may be a team)
    pub(super) gazetteer_country: bool,
    /// preceded by a locative preposition
    pub(super) after_locative: bool,
    pub(super) line: usize,
}

impl Cand {
    /// Typed a place of the gazetteer, `p`, with evidence `strength` (the
    /// gazetteer's, or its weak names').
    pub(super) fn set_listed_place(&mut self, p: &Place, strength: f32) {
        self.kind = MentionKind::Place;
        self.key = p.key.clone();
        self.strength = strength;
        self.gazetteer_country = matches!(p.class, PlaceClass::Country | PlaceClass::Territory);
    }
}

pub(super) struct Doc<'a> {
    pub(super) text: &'a str,
    pub(super) lex: &'a Lexicon,
    pub(super) reg: &'a Registry,
    pub(super) toks: Vec<Tok>,
    pub(super) cands: Vec<Cand>,
    /// words written in lower case somewhere in the report (Cyrillic: stems)
    pub(super) lower_words: HashSet<String>,
    /// words written capitalised somewhere not at a sentence start
    pub(super) mid_caps: HashSet<String>,
    /// title-case lines (headlines)
    pub(super) title_lines: HashSet<usize>,
    /// lines written in capitals (most of their words all capitals)
    pub(super) caps_lines: HashSet<usize>,
    pub(super) sports: bool,
    /// capitalised words written also with a plural "s" ("Polaroid", "Polaroids"):
    /// kinds of things, both forms
    pub(super) plural_class: HashSet<String>,
    /// first tokens of the products named right after their company
    /// ("Chrome" of "Google Chrome": `Doc::brand_before_product`)
    pub(super) products: HashSet<usize>,
}

impl<'a> Doc<'a> {
    /// Tokenise the report's lines (boilerplate lines skipped) and take the
    /// census of its words that the stages ask.
    pub(super) fn new(
        text: &'a str,
        skip: &[bool],
        lex: &'a Lexicon,
        reg: &'a Registry,
    ) -> Doc<'a> {
        let mut toks = Vec::new();
        let line_ranges: Vec<Range<usize>> =
            lines::lines_with_ranges(text).map(|(r, _)| r).collect();
        for (i, range) in line_ranges.iter().cloned().enumerate() {
            if skip.get(i).copied().unwrap_or(false) {
                continue;
            }
            tokenize_line(text, range, i, &mut toks);
        }
        let census = Census::of(text, &toks);
        let plural_class = plural_classes(text, &toks, lex);
        // Headlines in title case: nearly every longer word capitalised, and no
        // sentence inside.
        let title_lines = census
            .per_line
            .into_iter()
            .filter(|&(l, (n, caps))| {
                let line = line_ranges
                    .get(l)
                    .map(|r| text[r.clone()].trim())
                    .unwrap_or("");
                n >= 4 && caps * 100 >= n * 85 && !line.ends_with('.') && !line.contains(". ")
            })
            .map(|(l, _)| l)
            .collect();
        let caps_lines = census
            .caps_per_line
            .into_iter()
            .filter(|&(_, (n, caps))| n >= 2 && caps * 100 >= n * 80)
            .map(|(l, _)| l)
            .collect();
        Doc {
            text,
            lex,
            reg,
            toks,
            cands: Vec::new(),
            lower_words: census.lower_words,
            mid_caps: census.mid_caps,
            title_lines,
            caps_lines,
            sports: census.sports_hits >= 4,
            plural_class,
            products: HashSet::default(),
        }
    }

    pub(super) fn w(&self, i: usize) -> &'a str {
        let t = &self.toks[i];
        &self.text[t.start..t.end]
    }

    pub(super) fn is_word(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| t.kind == Tk::Word)
    }

    /// Whether the word `i` stands alone in brackets: "(KSC)".
    pub(super) fn in_brackets(&self, i: usize) -> bool {
        i >= 1
            && self.is_word(i)
            && self.w(i - 1) == "("
            && self.toks.get(i + 1).is_some_and(|t| t.kind == Tk::Punct)
            && self.w(i + 1) == ")"
    }

    pub(super) fn same_line(&self, a: usize, b: usize) -> bool {
        match (self.toks.get(a), self.toks.get(b)) {
            (Some(x), Some(y)) => x.line == y.line,
            _ => false,
        }
    }

    pub(super) fn cap(&self, i: usize) -> bool {
        self.is_word(i) && is_cap_word(self.w(i))
    }

    pub(super) fn lower(&self, i: usize) -> String {
        self.w(i).to_lowercase()
    }
}

/// What the words of a report say before any name is typed.
struct Census {
    /// words written in lower case somewhere (Cyrillic: stems)
    pub(super) lower_words: HashSet<String>,
    /// words written capitalised somewhere not at a sentence start
    pub(super) mid_caps: HashSet<String>,
    /// per line: (words longer than three letters, those capitalised)
    pub(super) per_line: HashMap<usize, (usize, usize)>,
    /// words of sport ("match", "goal", "World Cup")
    pub(super) sports_hits: usize,
    /// per line: (words of two letters or more, those in capitals)
    pub(super) caps_per_line: HashMap<usize, (usize, usize)>,
}

impl Census {
    pub(super) fn of(text: &str, toks: &[Tok]) -> Census {
        let mut c = Census {
            lower_words: HashSet::default(),
            mid_caps: HashSet::default(),
            per_line: HashMap::default(),
            sports_hits: 0,
            caps_per_line: HashMap::default(),
        };
        for t in toks {
            if t.kind != Tk::Word {
                continue;
            }
            let w = &text[t.start..t.end];
            let lw = w.to_lowercase();
            if SPORTS_CUES.contains(&lw.as_str()) || lw == "world cup" {
                c.sports_hits += 1;
            }
            if w.chars().nth(1).is_some() {
                let e = c.caps_per_line.entry(t.line).or_default();
                e.0 += 1;
                if is_all_caps(w) {
                    e.1 += 1;
                }
            }
            let e = c.per_line.entry(t.line).or_default();
            if lw.chars().count() > 3 {
                e.0 += 1;
                if is_upper_start(w) {
                    e.1 += 1;
                }
            }
            if w.chars().next().is_some_and(|c| c.is_lowercase()) {
                c.lower_words.insert(word_form(&lw));
            } else if !t.sent_start {
                c.mid_caps.insert(word_form(&lw));
            }
        }
        c
    }
}

/// Capitalised words written also with a plural "s" on their own ("Polaroid",
/// "Polaroids"): kinds of things, both forms.
fn plural_classes(text: &str, toks: &[Tok], lex: &Lexicon) -> HashSet<String> {
    let is_cap_tok = |t: &Tok| {
        let w = &text[t.start..t.end];
        t.kind == Tk::Word && is_upper_start(w) && !is_all_caps(w)
    };
    let caps: HashSet<String> = toks
        .iter()
        .filter(|t| is_cap_tok(t))
        .map(|t| text[t.start..t.end].to_lowercase())
        .collect();
    // plurals written on their own, not as the last word of a longer name
    let lone: HashSet<String> = toks
        .iter()
        .enumerate()
        .filter(|&(k, t)| is_cap_tok(t) && (k == 0 || !is_cap_tok(&toks[k - 1])))
        .filter(|&(k, _)| toks.get(k + 1).is_none_or(|n| !is_cap_tok(n)))
        .map(|(_, t)| text[t.start..t.end].to_lowercase())
        .collect();
    let mut plural_class = HashSet::default();
    for w in &caps {
        let plural = format!("{w}s");
        if w.chars().count() >= 3
            && lone.contains(&plural)
            && caps.contains(&plural)
            && !lex.is_first_name(w)
            && !lex.is_common(w)
            && ![w, &plural]
                .iter()
                .any(|x| lex.org_keywords.contains(*x) || lex.place_keywords.contains(*x))
        {
            plural_class.insert(w.clone());
            plural_class.insert(plural);
        }
    }
    plural_class
}

/// The comparison form of a word: lower case; Cyrillic words stemmed.
pub(super) fn word_form(lower: &str) -> String {
    if lower.chars().any(is_cyrillic) {
        cyrillic_stem(lower)
    } else {
        lower.to_string()
    }
}
