//! # Quotations and who said them
//!
//! This module turns the paired quotation marks of a report
//! ([`crate::analysis::quotes::marks::pair`]) into *quotations*: the quoted words,
//! where they are, and — when the report says so — who said them. The quote
//! cross-reference (which other reports quote the same statement) is built on
//! these.
//!
//! ## What counts as a quotation
//!
//! * Every outer pair of quotation marks (depth 0) on a line that is not
//!   boilerplate. A quotation nested in another one (`“He called it ‘a
//!   mistake’,” she said`) is part of the outer quotation.
//! * A quotation over several paragraphs (newspaper convention: each
//!   paragraph reopens it, only the last one closes it) is **one**
//!   quotation; its text joins the paragraphs with one space, without the
//!   reopening marks and without interlude lines ("Advertisement") between
//!   them.
//! * A quotation **split** by its attribution is joined back into one when
//!   both parts are one sentence — the first part ends with a comma and the
//!   attribution between them ends with a comma:
//!   `“The talks went well,” she said, “but no date was set.”`
//!   Where the attribution ends with a full stop the parts are two
//!   quotations: `“The talks went well,” she said. “No date was set.”`
//! * A quotation inside a sentence is a **fragment**:
//!   `He added that “the deadline cannot be moved”.` Fragments are linked
//!   like whole quotations; the cross-reference compares them clause by
//!   clause.
//! * Scare quotes and names in quotation marks (`'understood'`,
//!   `"combat drake"`) are quotations too, but too short to link; see
//!   [`Quote::is_linkable`].
//!
//! ## Who said it
//!
//! The attribution is looked for, in this order, in the attribution between
//! the two parts of a split quotation; right after the closing mark; before
//! the opening mark in the same sentence; at the end of the paragraph before
//! (when it ends with a colon). These forms are understood:
//!
//! | form | example | [`AttributionKind`] |
//! |------|---------|------|
//! | name after | `“…,” Lavrov said.` / `“…,” said Lavrov.` | `Explicit` |
//! | name before | `Lavrov said: “…”` / `Lavrov said that “…”` | `Explicit` |
//! | pronoun | `“…,” he stressed.` | `Pronoun` |
//! | role | `“…,” the minister added.` / `“…,” Russia's top diplomat said.` | `Role` |
//! | according to | `According to Lavrov, “…”` / `По словам Лаврова, «…»` | `AccordingTo` |
//! | Russian | `«…», — заявил Лавров.` / `Лавров подчеркнул: «…»` | any |
//!
//! A **pronoun** stands for the nearest person named before it in the report
//! (outside quotations). A **role** stands for the nearest person named
//! before it with a role of the same group (`lexicon/roles_en.txt`: "top
//! diplomat" and "foreign minister" are one group); a role in a headline or
//! standfirst may also stand for the first such person named after it. An
//! indefinite speaker ("a press officer", "an analyst") or a body ("the
//! agency", "the newspaper") names nobody: the quotation has no speaker, and
//! the cross-reference treats it as unknown rather than as different.
//!
//! Names are capitalised words next to a verb of saying
//! (`lexicon/speech_verbs_en.txt`, `lexicon/speech_verbs_ru.txt`), after
//! "according to", or after a role; titles are stripped ("Russian Foreign
//! Minister Sergei Lavrov" → "Sergei Lavrov", "US Permanent Representative
//! to the alliance Julian Smith" → "Julian Smith"). A speaker is shown by the
//! fullest form of the name the report uses, and compared across reports by
//! the lower-case surname (Cyrillic surnames are transliterated, so that
//! "Лавров" and "Lavrov" compare equal).
//!
//! Everything here is pure and runs in time linear in the report's length.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::ops::Range;
use std::sync::LazyLock;

use crate::analysis::actors::{Mention as ActorMention, MentionKind};
use crate::analysis::lines::LineIndex;
use crate::analysis::quotes::marks::{Pairing, QuoteSpan};
use crate::analysis::text::dates;
use crate::analysis::text::{data_lines, fold, has_cyrillic, speech};

/// How the report tells who said a quotation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum AttributionKind {
    /// The speaker is named in the attribution: `“…,” Lavrov said`,
    /// `Lavrov said: “…”`.
    Explicit,
    /// A pronoun (`he stressed`), resolved to the nearest person named
    /// before it.
    Pronoun,
    /// A role (`the minister added`, `Russia's top diplomat stressed`),
    /// resolved to a person named in the report with that role.
    Role,
    /// `according to X, “…”`, `по словам X`.
    AccordingTo,
    /// No attribution of its own: the quotation goes on from the one before
    /// it, in the same paragraph or in the paragraph before
    /// (`“…,” said Axelrod. “That's not enough.”`).
    Continued,
    /// No attribution of its own and no quotation before it to go on from:
    /// the quotation opens its paragraph and the paragraph before is about
    /// one person, who is the subject of its last sentence (`Carter said
    /// that the US would not withdraw.` then `“That's because …”`).
    ParagraphBefore,
}

/// The person a quotation is attributed to.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Speaker {
    /// The fullest form of the name seen in the report, e.g. "Sergei Lavrov".
    pub name: String,
    /// Lower-case last name, e.g. "lavrov", for comparison across reports
    /// (Cyrillic transliterated to Latin).
    pub surname_key: String,
    /// Where the attribution names or points to the speaker (the name, the
    /// pronoun or the role).
    pub mention: Option<Range<usize>>,
    /// How the attribution names the speaker.
    pub kind: AttributionKind,
}

impl AttributionKind {
    /// How the report names the speaker, in a curator's words.
    pub fn describe(self) -> &'static str {
        match self {
            AttributionKind::Explicit => "named",
            AttributionKind::Pronoun => "a pronoun",
            AttributionKind::Role => "a role",
            AttributionKind::AccordingTo => "according to",
            AttributionKind::Continued => "continues the quote before",
            AttributionKind::ParagraphBefore => "the person the paragraph before is about",
        }
    }
}

impl Speaker {
    /// The words of the report that point to the speaker where they are not
    /// a form of the name shown (`he`, `the minister`); `None` for the name
    /// itself or a part of it (`Lavrov` for "Sergei Lavrov"), and when the
    /// quotation only continues the one before.
    pub fn words_in_text<'t>(&self, text: &'t str) -> Option<&'t str> {
        let words = text.get(self.mention.clone()?)?;
        (!self.name.contains(words)).then_some(words)
    }
}

/// One quotation of a report.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Quote {
    /// Byte range of the quoted text without the marks; for a quotation over
    /// several paragraphs or split by its attribution, from the start of the
    /// first part to the end of the last.
    pub range: Range<usize>,
    /// Byte range of the opening mark.
    pub open: Range<usize>,
    /// The quoted words; paragraphs and parts joined by one space.
    pub text: String,
    /// Where the pieces of `text` stand in the report: `text` is these ranges of
    /// the report joined by one space (so it can be rebuilt from the report's
    /// text without keeping it).
    #[serde(skip)]
    pub segments: Vec<Range<usize>>,
    /// Who said it, when the report tells.
    pub speaker: Option<Speaker>,
    /// A fragment inside a sentence: `added that “the deadline cannot be
    /// moved”`.
    pub fragment: bool,
}

impl Quote {
    /// Whether the quotation is long enough to be linked to other reports:
    /// at least [`MIN_LINK_WORDS`] words. Scare quotes and quoted names
    /// ("understood", "combat drake") are not.
    pub fn is_linkable(&self) -> bool {
        self.text
            .split_whitespace()
            .filter(|w| w.chars().any(char::is_alphanumeric))
            .count()
            >= MIN_LINK_WORDS
    }
}

/// Fewest words a quotation needs to take part in links.
pub const MIN_LINK_WORDS: usize = 4;

/// Whether `word` is a verb of speech of the lexicon (`said`, `told`,
/// `заявил`), in any case.
pub fn is_speech_verb(word: &str) -> bool {
    speech::is_speech_verb(word)
}

/// Most words between a closing mark and the verb of its attribution
/// (`“…,” Russia's top diplomat at the talks said`).
const MAX_SPEAKER_WORDS: usize = 8;
/// How far back, in bytes, the sentence before a quotation is read for the
/// subject of its main clause: far longer than any sentence, short enough
/// that a page of one enormous line is not read again for each quotation.
const SENTENCE_WINDOW: usize = 2000;
/// Most words after a verb of saying that can name the speaker
/// (`“…,” said the Russian foreign minister`).
const MAX_INVERTED_SPEAKER_WORDS: usize = 7;
/// Most words of a sentence that follows a quotation ending with a full stop
/// and still counts as its attribution (`“… today.” Lavrov said.`).
const MAX_LOOSE_ATTRIBUTION_WORDS: usize = 10;
/// Most full forms of one surname compared to find two people sharing it.
const MAX_FORMS: usize = 8;
/// Most people named before a pronoun that are looked at for the one it
/// stands for (so that resolving pronouns stays linear in a long report).
const PRONOUN_REACH: usize = 64;
/// Most sentences opening with a pronoun that a pronoun is followed back
/// through to the person they stand for.
const MAX_PRONOUN_CHAIN: usize = 3;
/// Most words of an apposition between a speaker's name and the verb
/// (`Jeff Weaver, Sanders' campaign manager, said`).
const MAX_APPOSITION_WORDS: usize = 12;
/// Most words of a name (after titles are stripped): two, or three when the
/// first is a given name or the second an initial (`Debbie Wasserman
/// Schultz`, `Marc E. Elias`); see [`name_start`].
const MAX_NAME_WORDS: usize = 3;
/// Most words between a role and the name it introduces
/// (`Permanent Representative to the alliance Julian Smith`).
const MAX_ROLE_GAP_WORDS: usize = 5;

// ---------------------------------------------------------------------------
// Lexicon

struct Lexicon {
    /// Role phrases as word lists, with their group, longest first.
    roles: HashMap<String, Vec<(Vec<String>, usize)>>,
    /// Every word of every role phrase (for speaker phrases after a verb).
    role_words: HashSet<String>,
}

static LEXICON: LazyLock<Lexicon> = LazyLock::new(|| {
    let mut roles: HashMap<String, Vec<(Vec<String>, usize)>> = HashMap::default();
    let mut role_words = HashSet::default();
    for (group, line) in data_lines(include_str!("../lexicon/roles_en.txt")).enumerate() {
        for phrase in line.split('|').map(str::trim).filter(|p| !p.is_empty()) {
            let words: Vec<String> = phrase.split_whitespace().map(fold).collect();
            role_words.extend(words.iter().cloned());
            roles
                .entry(words[0].clone())
                .or_default()
                .push((words, group));
        }
    }
    for list in roles.values_mut() {
        list.sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
    }
    Lexicon { roles, role_words }
});

/// Personal pronouns that can stand for a speaker.
const PRONOUNS: &[&str] = &[
    "he", "she", "him", "her", "он", "она", "него", "нее", "неё", "его", "ее",
];
/// Third-person pronouns of the report's own language when it is German,
/// French or Spanish (`fügte er hinzu`, `a-t-il ajouté`, `dijo ella`; the
/// `@he`/`@she` words of its function-word list): read only there, as `er`,
/// `il` or `sie` are no pronouns in an English report.
fn is_own_pronoun(lower: &str) -> bool {
    own_pronoun_is_male(lower).is_some()
}

fn own_pronoun_is_male(lower: &str) -> Option<bool> {
    crate::analysis::text::lang::own_function_words()?.pronoun_is_male(lower)
}

/// A definite article of the report's own language when it is German,
/// French or Spanish (`sagte der Sprecher`, `a souligné la porte-parole`;
/// the `=` words of its function-word list).
fn is_own_article(lower: &str) -> bool {
    crate::analysis::text::lang::own_function_words().is_some_and(|o| o.is_article(lower))
}

/// Whether the lower-case word is a function word of the report's own
/// language (German, French, Spanish) that ends a speaker phrase after the
/// verb, as `in` or `to` do in English (`sagte von der Leyen vor
/// Journalisten`): any of them but the particles of names (`von`, `der`).
fn is_own_preposition(lower: &str) -> bool {
    crate::analysis::text::lang::own_function_words().is_some_and(|o| o.contains(lower))
        && !crate::analysis::actors::is_name_particle(lower)
        && !is_own_article(lower)
}

/// A name particle that is also a preposition (not an article) of the
/// report's language, with no name after it: `dijo Pedro Sánchez al diario`, `a déclaré Lambert du
/// ministère` end the speaker there (`Juan de la Cruz`, `Josep Borrell del
/// Servicio…` go on: a capital follows, and the actor engine cuts the names).
fn particle_before_no_name(toks: &[Tok], k: usize) -> bool {
    let lower = toks[k].lower.as_str();
    let next_cap = toks
        .get(k + 1)
        .is_some_and(|t| t.cap || crate::analysis::actors::is_name_particle(&t.lower));
    crate::analysis::actors::is_name_particle(lower)
        && crate::analysis::text::lang::own_function_words().is_some_and(|o| o.contains(lower))
        && !is_own_article(lower)
        && !next_cap
}

/// Whether the lower-case word is a third-person pronoun, in English,
/// Russian or the report's own language.
fn is_pronoun(lower: &str) -> bool {
    PRONOUNS.contains(&lower) || is_own_pronoun(lower)
}

/// Words that make a speaker phrase indefinite: "a press officer" names
/// nobody in particular.
const INDEFINITE: &[&str] = &["a", "an", "one", "another", "some", "один", "одна"];
/// Articles and other capitalised-at-sentence-start words that never begin
/// a name.
const NOT_NAME_START: &[&str] = &[
    "the",
    "a",
    "an",
    "this",
    "that",
    "these",
    "those",
    "however",
    "but",
    "and",
    "also",
    "as",
    "in",
    "on",
    "at",
    "for",
    "when",
    "while",
    "after",
    "before",
    "then",
    "there",
    "it",
    "we",
    "i",
    "they",
    "our",
    "his",
    "her",
    "its",
    "their",
    "by",
    "from",
    "with",
    "to",
    "of",
    "he",
    "she",
    "you",
    "several",
    "many",
    "some",
    "both",
    "all",
    "most",
    "few",
    "each",
    "every",
    "other",
    "others",
    "january",
    "february",
    "march",
    "july",
    "september",
    "october",
    "november",
    "december",
    "if",
    "so",
    "yet",
    "although",
    "though",
    "because",
    "since",
    "once",
    "during",
    "despite",
    "until",
    "unless",
    "whether",
    "where",
    "what",
    "why",
    "how",
    "now",
    "still",
    "even",
    "only",
    "not",
    "no",
];
/// US states as newspapers abbreviate them (`Sen. Rand Paul, R-Ky.,`).
const US_STATES: &[&str] = &[
    "Ala", "Ariz", "Ark", "Calif", "Colo", "Conn", "Del", "Fla", "Ga", "Ill", "Ind", "Kan", "Ky",
    "La", "Md", "Mass", "Mich", "Minn", "Miss", "Mo", "Mont", "Neb", "Nev", "Okla", "Ore", "Pa",
    "Tenn", "Tex", "Va", "Vt", "Wash", "Wis", "Wyo", "NH", "NJ", "NM", "NY", "NC", "ND", "SC",
    "SD", "RI", "WV",
];
/// Titles written short before a name (`Sen. Ted Cruz`, `Mr. Obama`): no
/// part of the name, and their full stop ends no sentence.
const TITLE_ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "sen", "sens", "rep", "reps", "gov", "lt", "gen", "col", "sgt",
    "capt", "rev", "prof", "hon",
];
/// Other abbreviations whose full stop ends no sentence (`Donald Trump Jr.`,
/// `St. Louis`); a single capital letter is one too (`Marc E. Elias`).
const ABBREVIATIONS: &[&str] = &[
    "st", "jr", "sr", "maj", "adm", "cmdr", "supt", "atty", "gens",
];
/// Adverbs that may stand between a speaker and the verb
/// (`Smith also added`, `he once again stressed`).
const ADVERBS: &[&str] = &[
    "also",
    "again",
    "once",
    "further",
    "later",
    "earlier",
    "then",
    "however",
    "now",
    "repeatedly",
    "previously",
    "recently",
    "has",
    "had",
    "have",
    "was",
    "also",
    "further",
    "separately",
    "additionally",
    "initially",
    "first",
    "finally",
    "quickly",
    "simply",
    "flatly",
    "bluntly",
    "publicly",
    "privately",
    "reportedly",
    "immediately",
    "often",
    "never",
    "even",
    "still",
    "just",
    "ultimately",
    "subsequently",
    "yesterday",
    "today",
    "также",
    "ранее",
    "еще",
    "вновь",
    "снова",
    "уже",
    "тогда",
];
/// Words that end a speaker phrase after the verb: `said Smith in a
/// statement`, `told reporters on Monday`.
const AFTER_SPEAKER: &[&str] = &[
    "in", "on", "at", "during", "after", "before", "to", "from", "with", "for", "while", "when",
    "as", "that", "about", "of", "and", "but", "who", "which", "by", "via", "through",
];
/// Prepositions that can follow a role before the name it introduces
/// (`Minister of the Interior Horst Seehofer`).
const ROLE_PREPOSITIONS: &[&str] = &["of", "to", "for", "at", "in", "on", "with"];

// ---------------------------------------------------------------------------
// Tokens

/// What separates a token from the one before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Brk {
    None,
    /// `,` `;` `(` `)` dashes.
    Clause,
    /// `:`
    Colon,
    /// `.` `!` `?` or the start of the scanned text.
    Sentence,
}

#[derive(Debug, Clone)]
struct Tok {
    range: Range<usize>,
    /// Lower case, `’` folded to `'`.
    lower: String,
    /// Starts with an upper-case letter.
    cap: bool,
    /// Two or more letters, all upper case (NATO, TASS, МИД).
    acronym: bool,
    /// Ends with a possessive `'s` / `’s`.
    possessive: bool,
    /// The break before this token.
    brk: Brk,
}

fn is_mark(c: char) -> bool {
    matches!(c, '"' | '“' | '”' | '„' | '«' | '»' | '‘' | '‹' | '›' | '‚')
}

#[cfg(test)]
thread_local! {
    /// Bytes [`tokenize`] has read on this thread (tests of how the work grows).
    static TOKENIZED: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// Split `text[range]` into words. Apostrophes and hyphens inside a word
/// stay in it (`Russia's`, `legally-binding`).
fn tokenize(text: &str, range: Range<usize>) -> Vec<Tok> {
    #[cfg(test)]
    TOKENIZED.with(|n| n.set(n.get() + range.len()));
    let mut out = Vec::new();
    let s = &text[range.clone()];
    let mut brk = Brk::Sentence;
    let mut word_start: Option<usize> = None;
    let mut prev_space = true;
    let mut iter = s.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        let next = iter.peek().map(|&(_, n)| n);
        let joins = matches!(c, '\'' | '’' | '-' | '‐')
            && word_start.is_some()
            && next.is_some_and(char::is_alphanumeric);
        if c.is_alphanumeric() || joins {
            if word_start.is_none() {
                word_start = Some(i);
            }
            prev_space = false;
            continue;
        }
        if let Some(ws) = word_start.take() {
            push_word(&mut out, text, range.start + ws..range.start + i, brk);
            brk = Brk::None;
        }
        let b = match c {
            ',' | ';' | '(' | ')' | '[' | ']' | '—' | '–' => Brk::Clause,
            '-' if prev_space && next.is_none_or(char::is_whitespace) => Brk::Clause,
            ':' => Brk::Colon,
            '.' if out.last().is_some_and(|t: &Tok| {
                t.range.end == range.start + i && is_abbreviation(&text[t.range.clone()])
            }) =>
            {
                Brk::None
            }
            '.' | '!' | '?' | '…' => Brk::Sentence,
            _ => Brk::None,
        };
        brk = brk.max(b);
        prev_space = c.is_whitespace() || is_mark(c);
    }
    if let Some(ws) = word_start {
        push_word(&mut out, text, range.start + ws..range.end, brk);
    }
    out
}

/// Push the word `text[range]`; in a French report an elided article or
/// preposition is a word of its own (`l'ambassadeur` is `l'` and
/// `ambassadeur`, as `the ambassador` is two).
fn push_word(out: &mut Vec<Tok>, text: &str, range: Range<usize>, brk: Brk) {
    let w = &text[range.clone()];
    let mut chars = w.char_indices();
    if let (Some((_, first)), Some((_, '\'' | '’')), Some((rest, next))) =
        (chars.next(), chars.next(), chars.next())
    {
        if crate::analysis::actors::french_elision(first, Some(next)) {
            out.push(make_tok(text, range.start..range.start + rest, brk));
            out.push(make_tok(text, range.start + rest..range.end, Brk::None));
            return;
        }
    }
    out.push(make_tok(text, range, brk));
}

/// Whether `word`, followed by a full stop, is an abbreviation rather than
/// the end of a sentence: a title (`Sen.`) or an initial (`E.`).
fn is_abbreviation(word: &str) -> bool {
    let mut chars = word.chars();
    let single_capital = chars.next().is_some_and(char::is_uppercase) && chars.next().is_none();
    // a party and a state: `R-Ky.`, `D-Md.`
    let party_state = word.split_once('-').is_some_and(|(p, st)| {
        // `R-Ky.`, and `R-S.C.` whose state is written with initials
        let initial = st.len() == 1 && st.chars().all(|c| c.is_ascii_uppercase());
        matches!(p, "R" | "D" | "I") && (US_STATES.contains(&st) || initial)
    });
    single_capital
        || party_state
        || {
            let w = word.to_lowercase();
            TITLE_ABBREVIATIONS.contains(&w.as_str()) || ABBREVIATIONS.contains(&w.as_str())
        }
        || US_STATES.contains(&word)
}

fn make_tok(text: &str, range: Range<usize>, brk: Brk) -> Tok {
    let w = &text[range.clone()];
    let lower = fold(w);
    let letters: Vec<char> = w.chars().filter(|c| c.is_alphabetic()).collect();
    let cap = w.chars().next().is_some_and(char::is_uppercase);
    let acronym = letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase());
    let possessive = lower.ends_with("'s") && lower.len() > 2;
    Tok {
        range,
        lower,
        cap,
        acronym,
        possessive,
        brk,
    }
}

/// Length in tokens of the verb of saying at `toks[i]`, if there is one.
fn verb_at(toks: &[Tok], i: usize) -> Option<usize> {
    let t = toks.get(i)?;
    // a capital inside a clause is a name's (`the United States`)
    if t.cap && t.brk == Brk::None && i > 0 {
        return None;
    }
    // after a possessive or a determiner it is a noun (`Trump's remarks`,
    // `his comments`)
    if i > 0 && t.brk == Brk::None {
        let p = &toks[i - 1];
        if p.possessive
            || matches!(
                p.lower.as_str(),
                "the"
                    | "a"
                    | "an"
                    | "his"
                    | "her"
                    | "their"
                    | "its"
                    | "our"
                    | "my"
                    | "your"
                    | "this"
                    | "these"
                    | "those"
            )
        {
            return None;
        }
    }
    if let Some(n) = toks.get(i + 1) {
        if n.brk == Brk::None && speech::is_folded_speech_verb_pair(&t.lower, &n.lower) {
            return Some(2);
        }
    }
    speech::is_folded_speech_verb(&t.lower).then_some(1)
}

/// The role phrase starting at `toks[i]`: (length in tokens, group).
fn role_at(toks: &[Tok], i: usize) -> Option<(usize, usize)> {
    let lex = &*LEXICON;
    let cands = lex.roles.get(&toks.get(i)?.lower)?;
    cands.iter().find_map(|(words, group)| {
        let ok = words.iter().enumerate().all(|(k, w)| {
            toks.get(i + k)
                .is_some_and(|t| &t.lower == w && (k == 0 || t.brk == Brk::None))
        });
        ok.then_some((words.len(), *group))
    })
}

/// Where the name ends in the run of name words `toks[start..end]` begins:
/// its last two words, or three ([`MAX_NAME_WORDS`]) when the first of them is
/// a given name or the middle one an initial.
fn name_start(toks: &[Tok], start: usize, end: usize) -> usize {
    let two = start.max(end.saturating_sub(2));
    if end - start < MAX_NAME_WORDS {
        return two;
    }
    let three = end - MAX_NAME_WORDS;
    let initial = toks[three + 1].lower.chars().count() == 1;
    if initial || crate::analysis::actors::is_first_name(&toks[three].lower) {
        three
    } else {
        two
    }
}

fn is_name_tok(t: &Tok) -> bool {
    // a weekday written out, in English, Russian or German (`on Friday`,
    // `am Freitag`); short forms may be names (`Sun`)
    let weekday = t.lower.chars().count() > 3 && dates::weekday_number(&t.lower).is_some();
    t.cap
        && !t.acronym
        && !t.possessive
        && !weekday
        && !NOT_NAME_START.contains(&t.lower.as_str())
        && !TITLE_ABBREVIATIONS.contains(&t.lower.as_str())
        && t.lower.chars().any(char::is_alphabetic)
        && !LEXICON.role_words.contains(&t.lower)
        && !speech::is_folded_speech_verb(&t.lower)
}

// ---------------------------------------------------------------------------
// Speaker phrases

/// What a speaker phrase refers to.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Np {
    /// A name: token indices of the name (titles stripped), role groups of
    /// the titles.
    Name {
        name: Range<usize>,
        groups: Vec<usize>,
    },
    Pronoun(usize),
    /// A definite role ("the minister", "Russia's top diplomat").
    Role {
        groups: Vec<usize>,
        span: Range<usize>,
    },
    /// Somebody, but nobody in particular ("an analyst", "the agency").
    Generic,
}

/// Classify the speaker phrase `toks[span]`.
fn classify(toks: &[Tok], span: Range<usize>) -> Option<Np> {
    if span.is_empty() {
        return None;
    }
    let last = &toks[span.end - 1];
    if span.len() <= 2 && is_pronoun(&last.lower) {
        return Some(Np::Pronoun(span.end - 1));
    }
    // a relative clause's `who called …`: its subject stands before it
    if span.len() == 1 && matches!(last.lower.as_str(), "who" | "which" | "that") {
        return None;
    }
    // Roles in the phrase; the name is what follows the last one.
    let mut groups = Vec::new();
    let mut after_role = span.start;
    let mut i = span.start;
    while i < span.end {
        if let Some((len, g)) = role_at(toks, i).filter(|(len, _)| i + len <= span.end) {
            groups.push(g);
            i += len;
            after_role = i;
        } else {
            i += 1;
        }
    }
    // The name: the run of name words that ends the phrase.
    let mut start = span.end;
    while start > after_role && is_name_tok(&toks[start - 1]) {
        start -= 1;
    }
    let first = &toks[span.start];
    let indefinite = INDEFINITE.contains(&first.lower.as_str());
    if start < span.end {
        let article = matches!(first.lower.as_str(), "the" | "a" | "an");
        // "the American", "a German", "a Nevada Democrat": a description,
        // not a name; but "the Global Times" is one.
        let one_word = span.end - start == 1;
        if groups.is_empty() && (indefinite || article && one_word) {
            return Some(Np::Generic);
        }
        let start = name_start(toks, start, span.end);
        return Some(Np::Name {
            name: start..span.end,
            groups,
        });
    }
    if !groups.is_empty() && !indefinite {
        return Some(Np::Role { groups, span });
    }
    Some(Np::Generic)
}

/// A speaker phrase and verb at the start of `toks` (the text after a
/// closing mark or between the parts of a split quotation):
/// `Lavrov said`, `the minister added`, `said the agency`.
fn attribution_after(toks: &[Tok]) -> Option<Np> {
    if let Some(np) = french_inversion(toks) {
        return Some(np);
    }
    // Verb first: `said Lavrov`, `said the Russian foreign minister`.
    if let Some(vlen) = verb_at(toks, 0) {
        // A name after a description in lower case: `said ACLU executive
        // director Anthony Romero`, `said Clinton's top foreign policy aide
        // Jake Sullivan` (not past a preposition: `said in a statement`).
        let mut k = vlen;
        let mut name_end = None;
        while k < toks.len()
            && k - vlen < MAX_INVERTED_SPEAKER_WORDS
            && toks[k].brk == Brk::None
            && !AFTER_SPEAKER.contains(&toks[k].lower.as_str())
            && !is_own_preposition(&toks[k].lower)
            && !particle_before_no_name(toks, k)
        {
            k += 1;
            if is_name_tok(&toks[k - 1]) {
                name_end = Some(k);
            }
        }
        if let Some(end) = name_end.filter(|&e| toks.get(e).is_none_or(|t| !t.cap)) {
            if let Some(np @ Np::Name { .. }) = classify(toks, vlen..end) {
                return Some(np);
            }
        }
        let mut end = vlen;
        while end < toks.len()
            && end - vlen < MAX_INVERTED_SPEAKER_WORDS
            && toks[end].brk == Brk::None
            && speaker_word(&toks[end], end == vlen)
        {
            end += 1;
        }
        return classify(toks, vlen..end);
    }
    // Speaker first: find the verb within a few words, without a break.
    for v in 1..toks.len().min(MAX_SPEAKER_WORDS + 1) {
        if toks[v].brk != Brk::None {
            return appositive_attribution(toks, v);
        }
        if verb_at(toks, v).is_some() {
            let mut end = v;
            while end > 0 && ADVERBS.contains(&toks[end - 1].lower.as_str()) {
                end -= 1;
            }
            return classify(toks, 0..end);
        }
    }
    None
}

/// A name, then an apposition or a bracket, then the verb: `Jeff Weaver,
/// Sanders' campaign manager, said`, `Rep. Elijah E. Cummings (D-Md.) said`,
/// `Mitch McConnell, R-Ky., said`. `toks[..b]` is the clause before the first
/// break; the verb must follow a break within [`MAX_APPOSITION_WORDS`] words,
/// in the same sentence.
fn appositive_attribution(toks: &[Tok], b: usize) -> Option<Np> {
    let np @ Np::Name { .. } = classify(toks, 0..b)? else {
        return described_then_named(toks, b);
    };
    for j in b..toks.len().min(b + MAX_APPOSITION_WORDS + 1) {
        match toks[j].brk {
            Brk::Sentence | Brk::Colon => return None,
            Brk::Clause if j > b => {
                let mut v = j;
                while v < toks.len() && ADVERBS.contains(&toks[v].lower.as_str()) {
                    v += 1;
                }
                if verb_at(toks, v).is_some() && !toks[v].cap {
                    return Some(np);
                }
            }
            _ => {}
        }
    }
    None
}

/// A description, then the name set off by commas, then the verb: `Sanders's
/// campaign manager, Jeff Weaver, said` (`toks[..b]` is the description).
fn described_then_named(toks: &[Tok], b: usize) -> Option<Np> {
    let c = (b + 1..toks.len()).find(|&k| toks[k].brk != Brk::None)?;
    if toks[c].brk != Brk::Clause || c - b > MAX_NAME_WORDS || !toks[b..c].iter().all(is_name_tok) {
        return None;
    }
    let mut v = c;
    while v < toks.len() && ADVERBS.contains(&toks[v].lower.as_str()) {
        v += 1;
    }
    if verb_at(toks, v).is_none() || toks[v].cap {
        return None;
    }
    match classify(toks, b..c)? {
        np @ Np::Name { .. } => Some(np),
        _ => None,
    }
}

/// Whether a word can be part of a speaker phrase after the verb.
fn speaker_word(t: &Tok, first: bool) -> bool {
    t.cap
        || t.possessive
        || LEXICON.role_words.contains(&t.lower)
        || is_pronoun(&t.lower)
        || (first
            && (INDEFINITE.contains(&t.lower.as_str())
                || t.lower == "the"
                || is_own_article(&t.lower)))
        || matches!(
            t.lower.as_str(),
            "local" | "press" | "former" | "senior" | "deputy"
        )
}

/// The attribution in the text before an opening mark, within its sentence:
/// `Lavrov said: “`, `He added that “`, `According to the agency, “`.
fn attribution_before(toks: &[Tok]) -> Option<(Np, AttributionKind)> {
    // The sentence the quotation is in.
    let start = toks
        .iter()
        .rposition(|t| t.brk == Brk::Sentence)
        .unwrap_or(0);
    let toks_s = &toks[start..];
    // according to X, / по словам X,
    for i in (0..toks_s.len().saturating_sub(1)).rev() {
        let pair = (toks_s[i].lower.as_str(), toks_s[i + 1].lower.as_str());
        if matches!(
            pair,
            ("according", "to") | ("по", "словам") | ("по", "мнению") | ("по", "данным")
        ) && toks_s[i + 1].brk == Brk::None
        {
            let from = i + 2;
            let mut end = from;
            while end < toks_s.len() && (end == from || toks_s[end].brk == Brk::None) {
                end += 1;
            }
            let np = classify(toks_s, from..end).unwrap_or(Np::Generic);
            return Some((shift(np, start), AttributionKind::AccordingTo));
        }
    }
    for v in 0..toks_s.len() {
        let Some(vlen) = verb_at(toks_s, v) else {
            continue;
        };
        // the verb first and the name last, right before the quotation:
        // `Stated Stone: “`, `…, explained Rosenberg, “`
        let name = v + vlen..toks_s.len();
        // (not a verb whose object follows it: `told Fox News, “`)
        let intransitive = vlen == 1
            && matches!(
                toks_s[v].lower.as_str(),
                "said"
                    | "says"
                    | "added"
                    | "adds"
                    | "explained"
                    | "explains"
                    | "stated"
                    | "states"
                    | "noted"
                    | "notes"
                    | "wrote"
                    | "writes"
                    | "continued"
                    | "replied"
                    | "responded"
                    | "remarked"
                    | "observed"
                    | "insisted"
                    | "argued"
                    | "recalled"
                    | "declared"
                    | "concluded"
                    | "countered"
            );
        if intransitive
            && !name.is_empty()
            && name.len() <= MAX_NAME_WORDS + 1
            && toks_s[name.clone()]
                .iter()
                .enumerate()
                .all(|(k, t)| t.cap && (k == 0 || t.brk == Brk::None))
        {
            if let Some(np @ Np::Name { .. }) = classify(toks_s, name) {
                return Some((shift(np, start), AttributionKind::Explicit));
            }
        }
        // a passive (`after the winner was declared`) names no speaker
        // before it (but `was quoted as saying` does)
        if v > 0
            && toks_s[v].lower != "quoted"
            && matches!(
                toks_s[v - 1].lower.as_str(),
                "was" | "were" | "is" | "are" | "be" | "been" | "being"
            )
        {
            // the one who asks: `Sanders was asked by host Bill Maher, “…`
            let by = v + vlen;
            if toks_s
                .get(by)
                .is_some_and(|t| t.lower == "by" && t.brk == Brk::None)
            {
                let end = (by + 1..toks_s.len())
                    .find(|&k| toks_s[k].brk != Brk::None)
                    .unwrap_or(toks_s.len());
                if end - by <= MAX_SPEAKER_WORDS {
                    if let Some(np @ Np::Name { .. }) = classify(toks_s, by + 1..end) {
                        return Some((shift(np, start), AttributionKind::Explicit));
                    }
                }
            }
            continue;
        }
        let mut end = v;
        while end > 0 && ADVERBS.contains(&toks_s[end - 1].lower.as_str()) {
            end -= 1;
        }
        // The speaker phrase: the words before the verb back to the start
        // of the clause, with no break between them and the verb.
        if end == 0 {
            continue;
        }
        if toks_s[end].brk != Brk::None {
            // The sentence's subject, a clause, then the verb: `Clinton,
            // speaking to reporters Tuesday, said`, `He also issued a
            // statement, saying`.
            if let Some(np) = subject_before_clause(toks_s, end) {
                return Some((shift(np, start), AttributionKind::Explicit));
            }
            continue;
        }
        let mut from = end - 1;
        while from > 0 && toks_s[from].brk == Brk::None && end - from < MAX_SPEAKER_WORDS {
            from -= 1;
        }
        // no subject, only a conjunction: `When asked …, Gale said`
        if toks_s[from..end]
            .iter()
            .all(|t| NOT_NAME_START.contains(&t.lower.as_str()) && !is_pronoun(&t.lower))
        {
            continue;
        }
        if let Some(np) = classify(toks_s, from..end) {
            return Some((shift(np, start), AttributionKind::Explicit));
        }
    }
    None
}

/// The subject of a sentence whose verb of saying `toks[v]` follows a
/// clause break: a name or pronoun that opens the sentence, at most
/// [`MAX_APPOSITION_WORDS`] words before the verb.
fn subject_before_clause(toks: &[Tok], v: usize) -> Option<Np> {
    // a name set off by commas right before the verb: `Clinton's campaign
    // chairman, John Podesta, said`
    if let Some(b) = (1..v).rev().find(|&k| toks[k].brk != Brk::None) {
        // (not a party and state: `(D-Ill.)`, `R-Wis.`, `(D)`)
        let party = |t: &Tok| {
            t.lower.chars().count() == 1
                || t.lower.split_once('-').is_some_and(|(p, _)| p.len() == 1)
        };
        if toks[b].brk == Brk::Clause
            && v - b <= MAX_NAME_WORDS
            && toks[b..v].iter().all(|t| t.cap && !party(t))
        {
            if let Some(np @ Np::Name { .. }) = classify(toks, b..v) {
                return Some(np);
            }
        }
    }
    if v > MAX_APPOSITION_WORDS + MAX_SPEAKER_WORDS {
        return None;
    }
    // past an opening participle's clause: `Appearing on CNN, Suu Kyi, 70,
    // said`
    let first = &toks[0];
    let s = if first.lower.ends_with("ing") && first.lower.chars().count() >= 7 {
        (1..v).find(|&k| toks[k].brk == Brk::Clause)?
    } else {
        0
    };
    let b = (s + 1..v).find(|&k| toks[k].brk != Brk::None).unwrap_or(v);
    // the subject's own verb may stand between: `He also issued a statement,
    // saying`; a description may stand before the name: `Democratic nominee
    // Hillary Clinton, at a later press gaggle, said`
    let described = b - s <= MAX_SPEAKER_WORDS
        && is_name_tok(&toks[b - 1])
        && toks[s..b]
            .iter()
            .all(|t| t.cap || !SUBJECT_FUNCTION_WORDS.contains(&t.lower.as_str()));
    let lead = if described {
        b
    } else {
        subject_end(toks, s).min(b)
    };
    if lead > s + MAX_NAME_WORDS + 2 {
        return None;
    }
    match classify(toks, s..lead.max(s + 1))? {
        np @ (Np::Name { .. } | Np::Pronoun(_)) => Some(np),
        _ => None,
    }
}

/// Most introductory phrases before the main clause that [`main_subject`]
/// looks past.
const MAX_INTRODUCTORY_CLAUSES: usize = 2;

/// Whether the words before a quotation introduce it: they end with a colon,
/// or a participle of saying ends the sentence after a clause break (`…,
/// saying,`, `…, adding:`).
fn introduced(before: &str, toks: &[Tok]) -> bool {
    if before.trim_end().ends_with(':') {
        return true;
    }
    // `Trump issued a statement, “…`
    if before.trim_end().ends_with(',')
        && toks.last().is_some_and(|t| {
            matches!(
                t.lower.as_str(),
                "statement" | "tweet" | "message" | "remarks" | "post" | "note" | "letter"
            )
        })
    {
        return true;
    }
    let Some(last) = toks.len().checked_sub(1) else {
        return false;
    };
    let t = &toks[last];
    t.lower.ends_with("ing") && verb_at(toks, last) == Some(1) && t.brk == Brk::Clause
}

/// The subject of the main clause of the sentence `toks` end in: a name or a
/// pronoun that opens the sentence, or its first clause after an
/// introductory phrase (`Immediately after the attacks, Trump issued …`),
/// followed directly by a lower-case word (its verb).
fn main_subject(toks: &[Tok], accept: impl Fn(&[Tok], &Np) -> bool) -> Option<Np> {
    subject_and_verb(toks, accept).map(|(np, _)| np)
}

/// [`main_subject`] and the index in `toks` of the word after it (its verb).
fn subject_and_verb(toks: &[Tok], accept: impl Fn(&[Tok], &Np) -> bool) -> Option<(Np, usize)> {
    let start = toks
        .iter()
        .rposition(|t| t.brk == Brk::Sentence)
        .unwrap_or(0);
    let toks_s = &toks[start..];
    // the sentence's start, then the starts of its first clauses (after
    // introductory phrases: `On Thursday, after remaining neutral, Warren …`)
    let clause_starts = std::iter::once(0).chain(
        (1..toks_s.len())
            .filter(|&k| toks_s[k].brk == Brk::Clause)
            .take(MAX_INTRODUCTORY_CLAUSES),
    );
    clause_starts.into_iter().find_map(|k| {
        let lead = subject_end(toks_s, k);
        // a relative clause or an apposition between the subject and its
        // verb: `Hoff, who declined to comment, proposes …`, `Clinton, the
        // former secretary of State, stressed …`, `Mitch McConnell, R-Ky.,
        // delivered …`
        if k == 0 && lead > 0 && toks_s.get(lead).is_some_and(|t| t.brk == Brk::Clause) {
            let reach = if toks_s[lead].lower == "who" {
                MAX_APPOSITION_WORDS + MAX_SPEAKER_WORDS
            } else {
                MAX_APPOSITION_WORDS
            };
            let reach = toks_s.len().min(lead + 1 + reach);
            let close = (lead + 1..reach).find(|&j| toks_s[j].brk != Brk::None)?;
            let verb = &toks_s[close];
            if verb.brk != Brk::Clause
                || verb.cap
                || !verb.lower.chars().all(char::is_alphabetic)
                || SUBJECT_FUNCTION_WORDS.contains(&verb.lower.as_str())
            {
                return None;
            }
            return match classify(toks_s, k..lead)? {
                np @ Np::Name { .. } if accept(toks_s, &np) => {
                    Some((shift(np, start), start + close))
                }
                _ => None,
            };
        }
        let verb = toks_s.get(lead)?;
        // a subordinate clause's subject: `When Wallace died in 1998,
        // President Clinton released …`
        let subordinate = matches!(
            toks_s[k].lower.as_str(),
            "when"
                | "while"
                | "as"
                | "after"
                | "before"
                | "if"
                | "because"
                | "since"
                | "although"
                | "though"
                | "once"
                | "until"
                | "unless"
                | "whether"
        );
        if lead == k
            || subordinate
            || lead - k > MAX_SPEAKER_WORDS
            || verb.brk != Brk::None
            || !verb.lower.chars().all(char::is_alphabetic)
            || (k > 0
                && toks_s[k..lead]
                    .iter()
                    .any(|t| t.brk != Brk::None && t.range != toks_s[k].range))
        {
            return None;
        }
        match classify(toks_s, k..lead)? {
            np @ (Np::Name { .. } | Np::Pronoun(_)) if accept(toks_s, &np) => {
                Some((shift(np, start), start + lead))
            }
            _ => None,
        }
    })
}

/// Function words that end a subject phrase (`Trump attacked Clinton for`).
const SUBJECT_FUNCTION_WORDS: &[&str] = &[
    "of", "by", "with", "for", "to", "in", "on", "at", "from", "and", "or", "but", "that", "which",
    "who", "whose", "the", "a", "an", "this", "his", "her", "their", "its", "as", "than", "into",
    "about", "after", "before", "over", "under", "not",
];

/// Where the subject phrase of the clause that starts at `toks[k]` ends: its
/// first word in lower case (the verb: `Perez hammered`), or, when words in
/// lower case describe a name before its verb, after that name (`Republican
/// presidential nominee Donald Trump issued`, `Obama's spokesman Josh
/// Earnest told`). The phrase stops at a break or a function word.
fn subject_end(toks: &[Tok], k: usize) -> usize {
    let first_lower = (k..toks.len())
        .find(|&j| !toks[j].cap)
        .unwrap_or(toks.len());
    // the last name followed by a word in lower case that is no function word
    let mut last = None;
    let mut j = k;
    while j + 1 < toks.len() && j - k < MAX_SPEAKER_WORDS {
        let (t, n) = (&toks[j], &toks[j + 1]);
        if (j > k && t.brk != Brk::None)
            || (!t.cap && SUBJECT_FUNCTION_WORDS.contains(&t.lower.as_str()))
            || !t
                .lower
                .chars()
                .all(|c| c.is_alphabetic() || matches!(c, '\'' | '’' | '-'))
        {
            break;
        }
        if is_name_tok(t)
            && !n.cap
            && n.brk == Brk::None
            && !SUBJECT_FUNCTION_WORDS.contains(&n.lower.as_str())
        {
            last = Some(j + 1);
        }
        j += 1;
    }
    last.unwrap_or(first_lower)
}

/// Whether the subject [`main_subject`] found may speak: a pronoun, or a
/// name of a person the report names (not `During` or `Former` opening the
/// sentence).
fn known_subject(text: &str, people: &People, toks: &[Tok], np: &Np) -> bool {
    match np {
        Np::Name { name, .. } => {
            let words = &toks[name.clone()];
            let (first, last) = (&words[0], &words[words.len() - 1]);
            people.knows(&text[first.range.start..last.range.end])
        }
        _ => true,
    }
}

/// A name alone before a colon, as in a transcript or a list of reactions:
/// `Bush: “The mission is to destroy ISIS.”`, `Rep. Trey Gowdy (R-S.C.): “…”`
/// (`toks` end at the colon; the name may carry a bracket).
fn name_and_colon(toks: &[Tok]) -> Option<Np> {
    // the sentence before the colon (`Rep. Trey Gowdy (R-S.C.):`), else its
    // last clause (`Pollsters agree - Carl Bialik:`)
    let sentence = toks.iter().rposition(|t| t.brk == Brk::Sentence);
    let clause = toks.iter().rposition(|t| t.brk != Brk::None);
    [sentence, clause].into_iter().find_map(|start| {
        let start = start.unwrap_or(0);
        let toks_s = &toks[start..];
        let b = (1..toks_s.len())
            .find(|&k| toks_s[k].brk != Brk::None)
            .unwrap_or(toks_s.len());
        if toks_s.len() > MAX_SPEAKER_WORDS || toks_s.iter().any(|t| !t.cap && !t.acronym) {
            return None;
        }
        match classify(toks_s, 0..b)? {
            Np::Name { name, groups }
                if toks_s[name.clone()]
                    .iter()
                    .any(|t| t.lower.chars().count() > 1) =>
            {
                Some(shift(Np::Name { name, groups }, start))
            }
            _ => None,
        }
    })
}

/// Move the token indices of `np` by `by`.
fn shift(np: Np, by: usize) -> Np {
    match np {
        Np::Name { name, groups } => Np::Name {
            name: name.start + by..name.end + by,
            groups,
        },
        Np::Pronoun(i) => Np::Pronoun(i + by),
        Np::Role { groups, span } => Np::Role {
            groups,
            span: span.start + by..span.end + by,
        },
        Np::Generic => Np::Generic,
    }
}

// ---------------------------------------------------------------------------
// People named in the report

/// A person named outside quotations.
#[derive(Debug, Clone)]
struct Mention {
    /// Byte range of the name.
    range: Range<usize>,
    /// The name as written (titles stripped).
    name: String,
    /// Role groups of the titles before the name.
    groups: Vec<usize>,
    /// A man (`Some(true)`) or a woman (`Some(false)`) by a title before the
    /// name (`Mr.`, `Mrs.`), when it tells.
    male: Option<bool>,
    /// Named next to a verb of saying (`Jolly said`), not only in passing.
    speaks: bool,
    /// The actor engine names the same words a place or an organisation
    /// (`says Libya is …`): no one a pronoun stands for.
    thing: bool,
}

fn name_of(text: &str, toks: &[Tok], name: &Range<usize>) -> (Range<usize>, String) {
    let r = toks[name.start].range.start..toks[name.end - 1].range.end;
    let words: Vec<&str> = toks[name.clone()]
        .iter()
        .map(|t| &text[t.range.clone()])
        .collect();
    (r, words.join(" "))
}

/// People named in one stretch of narrative text (no quotations in it).
fn mentions_in(text: &str, toks: &[Tok], out: &mut Vec<Mention>) {
    let mut i = 0;
    while i < toks.len() {
        // Role, then a name: `Foreign Minister Sergei Lavrov`,
        // `Permanent Representative to the alliance Julian Smith`.
        if let Some((len, g)) = role_at(toks, i) {
            let mut groups = vec![g];
            let mut j = i + len;
            while let Some((len, g)) = role_at(toks, j).filter(|_| toks[j].brk == Brk::None) {
                groups.push(g);
                j += len;
            }
            if let Some(name) = name_after_role(toks, j) {
                let (range, name_s) = name_of(text, toks, &name);
                let male = title_gender(&toks[i..j]);
                out.push(Mention {
                    range,
                    name: name_s,
                    groups,
                    male,
                    speaks: false,
                    thing: false,
                });
                i = name.end;
                continue;
            }
            i = j;
            continue;
        }
        // A name next to a verb of saying, or after "according to".
        if is_name_tok(&toks[i]) {
            let mut end = i + 1;
            while end < toks.len() && toks[end].brk == Brk::None && is_name_tok(&toks[end]) {
                end += 1;
            }
            let mut v = end;
            while v < toks.len()
                && toks[v].brk == Brk::None
                && ADVERBS.contains(&toks[v].lower.as_str())
            {
                v += 1;
            }
            // a verb in lower case: `United States` is no `United` who states
            let verb_after = v < toks.len()
                && toks[v].brk == Brk::None
                && !toks[v].cap
                && verb_at(toks, v).is_some();
            // (`said Obama.`, `said Obama, who …`, but not the subject of
            // what is said: `Earnest said Obama has kept in touch`)
            let verb_before = i > 0
                && toks[i].brk == Brk::None
                && toks.get(end).is_none_or(|t| t.brk != Brk::None)
                && {
                    let p = i - 1;
                    verb_at(toks, p).is_some() || p > 0 && verb_at(toks, p - 1) == Some(2)
                };
            let according = i >= 2
                && toks[i].brk == Brk::None
                && matches!(
                    (toks[i - 2].lower.as_str(), toks[i - 1].lower.as_str()),
                    ("according", "to") | ("по", "словам")
                );
            // `a Nevada Democrat said`, `the Global Times wrote`: no person
            let described = i > 0
                && toks[i].brk == Brk::None
                && (INDEFINITE.contains(&toks[i - 1].lower.as_str()) || toks[i - 1].lower == "the");
            if (verb_after || verb_before || according) && !described {
                let start = name_start(toks, i, end);
                let (range, name) = name_of(text, toks, &(start..end));
                let male = title_gender(&toks[i.saturating_sub(1)..i]);
                out.push(Mention {
                    range,
                    name,
                    groups: Vec::new(),
                    male,
                    speaks: true,
                    thing: false,
                });
            }
            i = end;
            continue;
        }
        i += 1;
    }
}

/// The name introduced by a role ending before `toks[j]`.
fn name_after_role(toks: &[Tok], j: usize) -> Option<Range<usize>> {
    let mut k = j;
    if toks.get(k)?.brk != Brk::None {
        return None;
    }
    // Skip a prepositional phrase: `to the alliance`, `of the Interior`.
    let mut via_preposition = false;
    if ROLE_PREPOSITIONS.contains(&toks[k].lower.as_str()) {
        via_preposition = true;
        k += 1;
        while k < toks.len()
            && k - j <= MAX_ROLE_GAP_WORDS
            && toks[k].brk == Brk::None
            && !toks[k].cap
        {
            k += 1;
        }
    }
    if k >= toks.len() || toks[k].brk != Brk::None || !toks[k].cap {
        return None;
    }
    // The run of capitalised words; the name is its tail of name words.
    let run_start = k;
    let mut end = k;
    while end < toks.len()
        && (end == k || toks[end].brk == Brk::None)
        && toks[end].cap
        && !toks[end].possessive
    {
        end += 1;
    }
    let mut start = end;
    while start > run_start && is_name_tok(&toks[start - 1]) {
        start -= 1;
    }
    if start == end {
        return None;
    }
    // After a prepositional phrase a lone capitalised word is the object
    // of the phrase (`the president of Russia`), unless more of the run
    // stood before it (`Ambassador to NATO Smith`).
    if via_preposition && end - run_start < 2 {
        return None;
    }
    Some(name_start(toks, start, end)..end)
}

/// A man or a woman by the titles among `toks` (`Mr.`, `Mrs.`, `Ms.`).
fn title_gender(toks: &[Tok]) -> Option<bool> {
    toks.iter().rev().find_map(|t| match t.lower.as_str() {
        "mr" | "sir" | "lord" | "king" | "prince" | "господин" => Some(true),
        "mrs" | "ms" | "miss" | "lady" | "dame" | "queen" | "princess" | "госпожа" => {
            Some(false)
        }
        _ => None,
    })
}

/// A man (`he`, `он`) or a woman (`she`, `она`) by a personal pronoun.
fn pronoun_gender(pronoun: &str) -> Option<bool> {
    // French inversion: `a-t-il`, `a-t-elle`
    let pronoun = pronoun.rsplit('-').next().unwrap_or(pronoun);
    match pronoun {
        "he" | "him" | "он" | "него" | "его" => Some(true),
        "she" | "her" | "она" | "нее" | "неё" | "ее" => Some(false),
        _ => own_pronoun_is_male(pronoun),
    }
}

/// A French inverted attribution at the start of `toks`: `a-t-il ajouté`,
/// `a-t-elle déclaré`, `estime-t-il` (the pronoun joined to the verb by
/// hyphens, so one word), in a French report.
fn french_inversion(toks: &[Tok]) -> Option<Np> {
    use crate::analysis::text::lang::{current, Lang};
    if current() != Some(Lang::Fra) {
        return None;
    }
    let (verb, pronoun) = toks.first()?.lower.rsplit_once('-')?;
    if !matches!(pronoun, "il" | "elle") {
        return None;
    }
    let verb = verb.strip_suffix("-t").unwrap_or(verb);
    let said = speech::is_folded_speech_verb(verb)
        || toks.get(1).is_some_and(|t| {
            t.brk == Brk::None && speech::is_folded_speech_verb_pair(verb, &t.lower)
        });
    said.then_some(Np::Pronoun(0))
}

/// Lower-case surname key of a name: its last word, possessive stripped,
/// Cyrillic transliterated.
fn surname_key(name: &str) -> String {
    let last = name.split_whitespace().last().unwrap_or(name);
    let mut l = fold(last);
    if let Some(s) = l.strip_suffix("'s") {
        l = s.to_string();
    }
    crate::analysis::actors::transliterate(&l)
}

/// Case endings a Russian surname takes after "по словам", "заявил" etc.
const RU_SURNAME_ENDINGS: &[&str] = &["ым", "ом", "ой", "а", "у", "е"];

/// The people of one report, for naming speakers.
struct People {
    mentions: Vec<Mention>,
    /// Surname key → the fullest name with it: (words, index of the first
    /// mention with that many).
    fullest: HashMap<String, (usize, usize)>,
    /// The same for the names written in Cyrillic only.
    fullest_cyrillic: HashMap<String, (usize, usize)>,
    /// Surname key → a man (`Some(true)`), a woman, or unknown.
    male: HashMap<String, Option<bool>>,
    /// Surname keys of two people or more (`Donald Trump`, `Eric Trump`):
    /// the surname alone names neither.
    shared: HashSet<String>,
    /// Where the report's sentences start (byte offsets, in order).
    sentences: Vec<usize>,
}

impl People {
    /// Whether `name` is (the surname of) a person the report names.
    fn knows(&self, name: &str) -> bool {
        self.fullest.contains_key(&surname_key(name))
    }

    fn new(mentions: Vec<Mention>, sentences: Vec<usize>) -> People {
        let mut fullest: HashMap<String, (usize, usize)> = HashMap::default();
        let mut fullest_cyrillic: HashMap<String, (usize, usize)> = HashMap::default();
        for (i, m) in mentions.iter().enumerate() {
            let key = surname_key(&m.name);
            let words = m.name.split_whitespace().count();
            let keep = |e: &mut (usize, usize)| {
                if words > e.0 {
                    *e = (words, i);
                }
            };
            if has_cyrillic(&m.name) {
                keep(fullest_cyrillic.entry(key.clone()).or_insert((words, i)));
            }
            keep(fullest.entry(key).or_insert((words, i)));
        }
        // A person's sex, where a title or the given name of the fullest
        // form of the name tells; unknown when the report's clues disagree.
        let mut male: HashMap<String, Option<bool>> = HashMap::default();
        for m in &mentions {
            let key = surname_key(&m.name);
            let given = fullest
                .get(&key)
                .and_then(|&(_, i)| mentions[i].name.split_whitespace().next())
                .and_then(crate::analysis::actors::given_name_is_male);
            for clue in [m.male, given].into_iter().flatten() {
                match male.get(&key) {
                    None => {
                        male.insert(key.clone(), Some(clue));
                    }
                    Some(Some(c)) if *c != clue => {
                        male.insert(key.clone(), None);
                    }
                    _ => {}
                }
            }
        }
        // Surnames that two full names share, neither holding the other
        let mut full_forms: HashMap<String, Vec<Vec<String>>> = HashMap::default();
        for m in &mentions {
            let words: Vec<String> = m
                .name
                .split_whitespace()
                .map(|w| fold(w.trim_matches(|c: char| !c.is_alphanumeric())))
                .collect();
            if words.len() >= 2 {
                let forms = full_forms.entry(surname_key(&m.name)).or_default();
                // a handful of forms tells (and keeps this linear)
                if forms.len() < MAX_FORMS && !forms.contains(&words) {
                    forms.push(words);
                }
            }
        }
        let nested = |a: &[String], b: &[String]| a.iter().all(|w| b.contains(w));
        let shared = full_forms
            .into_iter()
            .filter(|(_, forms)| {
                forms.iter().enumerate().any(|(i, a)| {
                    forms[i + 1..]
                        .iter()
                        .any(|b| !nested(a, b) && !nested(b, a))
                })
            })
            .map(|(k, _)| k)
            .collect();
        People {
            mentions,
            fullest,
            fullest_cyrillic,
            male,
            shared,
            sentences,
        }
    }

    /// Whether the person named `m` can be the one a pronoun of sex `male`
    /// stands for.
    fn fits(&self, m: &Mention, male: Option<bool>) -> bool {
        if m.thing {
            return false;
        }
        let Some(want) = male else { return true };
        // the mention's own title or given name first (`Ivanka Trump` is no
        // `he` because `Donald Trump` is named too)
        let mut words = m.name.split_whitespace();
        let given = match (words.next(), words.next()) {
            (Some(first), Some(_)) => crate::analysis::actors::given_name_is_male(first),
            _ => None,
        };
        if let Some(is) = m.male.or(given) {
            return is == want;
        }
        let key = surname_key(&m.name);
        if self.shared.contains(&key) {
            return true;
        }
        match self.male.get(&key) {
            Some(Some(is)) => *is == want,
            _ => true,
        }
    }

    /// The person a pronoun at byte `pos` stands for: of the people whose
    /// sex fits the pronoun's, named in the nearest sentence before it that
    /// names one, the first (the sentence's subject, more often than not:
    /// `Fowler said he expects Clinton to recover. “…,” he said.`).
    fn for_pronoun(&self, text: &str, pos: usize, male: Option<bool>) -> Option<&Mention> {
        self.for_pronoun_chain(text, pos, male, MAX_PRONOUN_CHAIN)
    }

    /// [`for_pronoun`](Self::for_pronoun); when the sentence it would take
    /// the person from opens with a pronoun of the same sex (`He said that
    /// Trump needs to do more. “…,” he said.`), both pronouns stand for one
    /// person: the one that opening pronoun stands for (at most `hops`
    /// sentences back).
    fn for_pronoun_chain(
        &self,
        text: &str,
        pos: usize,
        male: Option<bool>,
        hops: usize,
    ) -> Option<&Mention> {
        let found = self.for_pronoun_here(pos, male)?;
        if hops == 0 || male.is_none() {
            return Some(found);
        }
        let sentence = self.sentence_of(found.range.start);
        let start = self.sentences[sentence.checked_sub(1)?];
        let first = text[start..found.range.start]
            .split(|c: char| !c.is_alphanumeric())
            .find(|w| !w.is_empty())
            .unwrap_or("");
        if start < pos && pronoun_gender(&fold(first)) == male {
            return self
                .for_pronoun_chain(text, start, male, hops - 1)
                .or(Some(found));
        }
        Some(found)
    }

    fn for_pronoun_here(&self, pos: usize, male: Option<bool>) -> Option<&Mention> {
        let before = self.mentions.partition_point(|m| m.range.end <= pos);
        let fitting = |i: &usize| self.fits(&self.mentions[*i], male);
        let nearest = (before.saturating_sub(PRONOUN_REACH)..before)
            .rev()
            .find(fitting)?;
        let sentence = self.sentence_of(self.mentions[nearest].range.start);
        let in_sentence: Vec<usize> = (0..=nearest)
            .rev()
            .take_while(|&i| self.sentence_of(self.mentions[i].range.start) == sentence)
            .filter(fitting)
            .collect();
        // one who speaks there before one named in passing (`…, Jolly said.`)
        let first = in_sentence
            .iter()
            .rev()
            .find(|&&i| self.mentions[i].speaks)
            .or(in_sentence.last())
            .copied()
            .unwrap_or(nearest);
        Some(&self.mentions[first])
    }

    /// The sentence (its index) that byte `pos` is in.
    fn sentence_of(&self, pos: usize) -> usize {
        self.sentences.partition_point(|&s| s <= pos)
    }

    /// The fullest form of the name whose surname is that of `name`; for an
    /// inflected Russian surname (`Лаврова`), the form it was named with (a
    /// Cyrillic name whose key is the inflected key less one or two letters).
    /// Of names equally full, the first written.
    fn canonical(&self, name: &str) -> (String, String) {
        let key = surname_key(name);
        let mut best = self.fullest.get(&key).copied();
        for cut in 1..=2 {
            let Some(stem) = key.len().checked_sub(cut).and_then(|n| key.get(..n)) else {
                continue;
            };
            if let Some(&(words, i)) = self.fullest_cyrillic.get(stem) {
                if best.is_none_or(|(bw, bi)| words > bw || (words == bw && i < bi)) {
                    best = Some((words, i));
                }
            }
        }
        let words_of = |n: &str| -> Vec<String> {
            n.split_whitespace()
                .map(|w| fold(w.trim_matches(|c: char| !c.is_alphanumeric())))
                .collect()
        };
        let written = words_of(name);
        let holds = |full: &str| {
            let words = words_of(full);
            written.iter().all(|w| words.contains(w))
        };
        match best.map(|(_, i)| self.mentions[i].name.as_str()) {
            // `Eric Trump` stays Eric Trump though `Donald Trump` is fuller;
            // `Trump` stays Trump where the report names two Trumps
            Some(b) if !has_cyrillic(name) && (!holds(b) || self.shared.contains(&key)) => {
                (name.to_string(), key)
            }
            Some(b) => (b.to_string(), surname_key(b)),
            None if has_cyrillic(name) => {
                let last = fold(name.split_whitespace().last().unwrap_or(name));
                let base = RU_SURNAME_ENDINGS
                    .iter()
                    .find_map(|e| {
                        last.strip_suffix(e)
                            .filter(|b| b.ends_with("ов") || b.ends_with("ев") || b.ends_with("ин"))
                    })
                    .unwrap_or(&last);
                (
                    name.to_string(),
                    crate::analysis::actors::transliterate(base),
                )
            }
            None => (name.to_string(), key),
        }
    }

    /// The nearest person named before `pos` with a role of one of
    /// `groups`; failing that, the first such person named after it.
    fn with_role(&self, pos: usize, groups: &[usize]) -> Option<&Mention> {
        let fits = |m: &&Mention| m.groups.iter().any(|g| groups.contains(g));
        self.mentions
            .iter()
            .rev()
            .filter(|m| m.range.end <= pos)
            .find(fits)
            .or_else(|| {
                self.mentions
                    .iter()
                    .filter(|m| m.range.start >= pos)
                    .find(fits)
            })
    }

    fn speaker(&self, text: &str, toks: &[Tok], np: Np, kind: AttributionKind) -> Option<Speaker> {
        match np {
            Np::Name { name, .. } => {
                // a word that opens the sentence, not a name (`Speaking to
                // reporters, …`, `Here …`), unless the report names someone so
                if let [t] = &toks[name.clone()] {
                    let participle = t.lower.ends_with("ing") && t.lower.chars().count() >= 7;
                    if (participle || crate::analysis::actors::is_common_word(&t.lower))
                        && !self.knows(&text[t.range.clone()])
                    {
                        return None;
                    }
                }
                let (range, written) = name_of(text, toks, &name);
                let (name, surname_key) = self.canonical(&written);
                Some(Speaker {
                    name,
                    surname_key,
                    mention: Some(range),
                    kind,
                })
            }
            Np::Pronoun(i) => {
                let r = toks[i].range.clone();
                let m = self.for_pronoun(text, r.start, pronoun_gender(&toks[i].lower))?;
                let (name, surname_key) = self.canonical(&m.name);
                Some(Speaker {
                    name,
                    surname_key,
                    mention: Some(r),
                    kind: if kind == AttributionKind::AccordingTo {
                        kind
                    } else {
                        AttributionKind::Pronoun
                    },
                })
            }
            Np::Role { groups, span } => {
                let r = toks[span.start].range.start..toks[span.end - 1].range.end;
                let m = self.with_role(r.start, &groups)?;
                let (name, surname_key) = self.canonical(&m.name);
                Some(Speaker {
                    name,
                    surname_key,
                    mention: Some(r),
                    kind: if kind == AttributionKind::AccordingTo {
                        kind
                    } else {
                        AttributionKind::Role
                    },
                })
            }
            Np::Generic => None,
        }
    }
}

// ---------------------------------------------------------------------------
// Extraction

/// A quotation before attribution: one span, or two joined across a split.
struct Raw<'a> {
    /// The spans, in order: one, or more for a split quotation.
    parts: Vec<&'a QuoteSpan>,
    /// The attribution between the first two parts of a split quotation.
    gap: Option<Range<usize>>,
}

impl Raw<'_> {
    fn first(&self) -> &QuoteSpan {
        self.parts[0]
    }
    fn last(&self) -> &QuoteSpan {
        self.parts[self.parts.len() - 1]
    }
}

/// Extract the quotations of a report, with their speakers.
///
/// `skip[i]` is true when line `i` is boilerplate (decided elsewhere);
/// quotations that open on such lines are ignored, and so are the names on
/// them. Only outer quotations (depth 0) are quotations; see the module
/// docs for multi-paragraph and split quotations.
pub fn extract(
    text: &str,
    pairing: &Pairing,
    skip: &[bool],
    persons: &[ActorMention],
) -> Vec<Quote> {
    let index = LineIndex::new(text);
    let skipped = |offset: usize| skip.get(index.line_of(offset)).copied().unwrap_or(false);
    let spans: Vec<&QuoteSpan> = pairing
        .quotes
        .iter()
        .filter(|q| q.depth == 0 && !skipped(q.open.start))
        .collect();

    let people = narrative_people(text, &index, skip, &spans, persons);
    let raws = join_split(text, &index, &spans);
    let mut out = Vec::with_capacity(raws.len());
    for (ri, raw) in raws.iter().enumerate() {
        let (joined, segments) = quote_text(text, &index, skip, raw);
        if joined.trim().is_empty() {
            continue;
        }
        let para_first = index.line_range(text, index.line_of(raw.first().open.start));
        let para_last = index.line_range(text, index.line_of(raw.last().close.start));
        // Text before the opening mark in its paragraph, after the previous
        // quotation on that line.
        let before_start = ri
            .checked_sub(1)
            .map(|p| raws[p].last().close.end)
            .filter(|&e| e > para_first.start && e <= raw.first().open.start)
            .unwrap_or(para_first.start);
        let before = before_start..raw.first().open.start;
        let after_end = raws
            .get(ri + 1)
            .map(|n| n.first().open.start)
            .filter(|&s| s >= raw.last().close.end && s < para_last.end)
            .unwrap_or(para_last.end);
        let after = raw.last().close.end..after_end;

        let fragment = is_fragment(text, before.clone(), &joined);
        let opens_paragraph = text[before.clone()].trim().is_empty();
        let speaker = match attribute(text, &index, skip, &people, raw, before, after, &joined) {
            Some(said) => said,
            None => {
                let line = index.line_of(raw.first().open.start);
                let prev = ri.checked_sub(1).map(|p| &raws[p]);
                // a paragraph that is the quotation alone
                let alone = opens_paragraph
                    && text[raw.last().close.end..para_last.end]
                        .trim()
                        .chars()
                        .all(|c| c.is_ascii_punctuation());
                carried(text, &index, prev, &out, line, opens_paragraph).or_else(|| {
                    alone
                        .then(|| paragraph_before(text, &index, skip, &people, line))
                        .flatten()
                })
            }
        };
        out.push(Quote {
            range: raw.first().inner.start..raw.last().inner.end,
            open: raw.first().open.clone(),
            text: joined,
            segments,
            speaker,
            fragment,
        });
    }
    out
}

/// The speaker of a quotation without an attribution of its own, carried
/// from the quotation before it: in the same paragraph (`“…,” said Axelrod.
/// “That's not enough.”`), or in the paragraph before when this one opens
/// with the quotation (a statement quoted over several paragraphs, each
/// closed). `prev` is the quotation before, `done` the quotations extracted
/// so far (its speaker is the last one's).
fn carried(
    text: &str,
    index: &LineIndex,
    prev: Option<&Raw>,
    done: &[Quote],
    line: usize,
    opens_paragraph: bool,
) -> Option<Speaker> {
    let (prev, last) = (prev?, done.last()?);
    if last.open != prev.first().open {
        return None;
    }
    let speaker = last.speaker.clone()?;
    let from = index.line_of(prev.last().close.start);
    let adjacent = opens_paragraph
        && (from + 1..line).all(|l| text[index.line_range(text, l)].trim().is_empty());
    (line == from || adjacent).then_some(Speaker {
        mention: None,
        kind: AttributionKind::Continued,
        ..speaker
    })
}

/// The range of the last non-blank line above `line`; `None` when there is
/// none or it is boilerplate.
fn paragraph_above(
    text: &str,
    index: &LineIndex,
    skip: &[bool],
    line: usize,
) -> Option<Range<usize>> {
    let prev = (0..line)
        .rev()
        .find(|&l| !text[index.line_range(text, l)].trim().is_empty())?;
    if skip.get(prev).copied().unwrap_or(false) {
        return None;
    }
    Some(index.line_range(text, prev))
}

/// The speaker of a quotation that opens its paragraph with no attribution
/// and nothing to go on from: the subject of the last sentence of the
/// paragraph before, when it is a person the report names or a pronoun for
/// one (`Carter said that for decades critics had predicted a withdrawal.`
/// over `“That's because this region …”`). Nobody when that paragraph is
/// boilerplate, ends with a colon (an introduction, read before) or opens
/// with a quotation of its own.
fn paragraph_before(
    text: &str,
    index: &LineIndex,
    skip: &[bool],
    people: &People,
    line: usize,
) -> Option<Speaker> {
    let pr = paragraph_above(text, index, skip, line)?;
    let para = text[pr.clone()].trim();
    if para.ends_with(':') || para.starts_with(is_mark) {
        return None;
    }
    let toks = tokenize(text, pr);
    let np = main_subject(&toks, |t, np| known_subject(text, people, t, np))?;
    let speaker = people.speaker(text, &toks, np, AttributionKind::ParagraphBefore)?;
    Some(Speaker {
        kind: AttributionKind::ParagraphBefore,
        ..speaker
    })
}

/// The people named in the narrative of a report: outside its quotations
/// (`spans`, in order) and outside boilerplate lines.
fn narrative_people(
    text: &str,
    index: &LineIndex,
    skip: &[bool],
    spans: &[&QuoteSpan],
    persons: &[ActorMention],
) -> People {
    let mut mentions = Vec::new();
    let mut next_span = 0;
    for line in 0..index.line_count() {
        if skip.get(line).copied().unwrap_or(false) {
            continue;
        }
        let lr = index.line_range(text, line);
        let mut pos = lr.start;
        while next_span < spans.len() && spans[next_span].close.end <= lr.start {
            next_span += 1;
        }
        let mut k = next_span;
        while pos < lr.end {
            let (seg_end, resume) = match spans.get(k) {
                Some(s) if s.open.start < lr.end => (s.open.start.max(pos), s.close.end.max(pos)),
                _ => (lr.end, lr.end),
            };
            if seg_end > pos {
                let toks = tokenize(text, pos..seg_end);
                mentions_in(text, &toks, &mut mentions);
            }
            pos = resume;
            k += 1;
        }
    }
    // The people the actor engine found in the narrative, for pronouns and
    // roles that point back past the names next to a verb of saying.
    let inside_quote = |r: &Range<usize>| {
        let k = spans.partition_point(|q| q.close.end <= r.start);
        spans.get(k).is_some_and(|q| q.open.start < r.end)
    };
    // the names found next to verbs, in order (for a binary search)
    let mut named: Vec<Range<usize>> = mentions.iter().map(|m| m.range.clone()).collect();
    named.sort_by_key(|r| r.start);
    for p in persons {
        if p.kind != MentionKind::Person
            || p.from_role
            || inside_quote(&p.range)
            || skip
                .get(index.line_of(p.range.start))
                .copied()
                .unwrap_or(false)
            || named
                .get(named.partition_point(|r| r.end <= p.range.start))
                .is_some_and(|r| overlaps(r, &p.range))
            || described(text, p.range.start)
        {
            continue;
        }
        let role = p.role.as_deref().unwrap_or("");
        let role_toks = tokenize(role, 0..role.len());
        let groups = (0..role_toks.len())
            .filter_map(|i| role_at(&role_toks, i).map(|(_, g)| g))
            .collect();
        mentions.push(Mention {
            range: p.range.clone(),
            name: p.text.clone(),
            groups,
            male: title_gender(&role_toks),
            speaks: false,
            thing: false,
        });
    }
    // names the actor engine types as places or organisations
    let mut things: Vec<Range<usize>> = persons
        .iter()
        .filter(|p| matches!(p.kind, MentionKind::Place | MentionKind::Organization))
        .map(|p| p.range.clone())
        .collect();
    things.sort_by_key(|r| r.start);
    for m in &mut mentions {
        let k = things.partition_point(|r| r.end <= m.range.start);
        m.thing = things
            .get(k)
            .is_some_and(|r| r.start <= m.range.start && m.range.end <= r.end);
    }
    mentions.sort_by_key(|m| m.range.start);
    mentions.retain(|m| names_someone(text, m));
    People::new(mentions, sentence_starts(text))
}

/// Party words that name no one on their own (`Republican statements`).
const PARTY_WORDS: &[&str] = &[
    "republican",
    "republicans",
    "democrat",
    "democrats",
    "democratic",
    "gop",
    "conservative",
    "conservatives",
    "liberal",
    "liberals",
    "independent",
];
/// Nouns after a name that make it a modifier, not a person who acts:
/// `Clinton spokeswoman Jennifer Palmieri`, `the Trump campaign`.
const MODIFIED_NOUNS: &[&str] = &[
    "campaign",
    "aide",
    "aides",
    "staffer",
    "staffers",
    "supporter",
    "supporters",
    "adviser",
    "advisers",
    "administration",
    "camp",
    "team",
    "allies",
    "ally",
    "official",
    "officials",
    "statements",
    "partners",
    "voters",
    "delegates",
    "surrogate",
    "surrogates",
    "backers",
];

/// Whether a name found in the narrative stands for a person who may speak:
/// not initials alone (`U.S.`), not a party word alone, not a name that
/// modifies the noun after it.
fn names_someone(text: &str, m: &Mention) -> bool {
    let words: Vec<String> = m.name.split_whitespace().map(fold).collect();
    let letters = |w: &String| w.chars().filter(|c| c.is_alphabetic()).count();
    if words.iter().all(|w| letters(w) <= 1) {
        return false;
    }
    if words.len() == 1 && PARTY_WORDS.contains(&words[0].as_str()) {
        return false;
    }
    let next = text[m.range.end..]
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .find(|w| !w.is_empty())
        .unwrap_or("");
    let rest = &text[m.range.end..];
    let adjacent = rest.starts_with(' ') && !rest.starts_with("  ");
    let next_lower = fold(next);
    !(adjacent
        && next.chars().next().is_some_and(char::is_lowercase)
        && (MODIFIED_NOUNS.contains(&next_lower.as_str())
            || LEXICON.role_words.contains(&next_lower)))
}

/// Where the sentences of `text` start: at every line, and after a full
/// stop, question or exclamation mark followed by a space, unless the word
/// before it is an abbreviation (`Sen.`, `E.`).
fn sentence_starts(text: &str) -> Vec<usize> {
    let mut out = vec![0];
    let bytes = text.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'\n' => out.push(i + 1),
            b'.' | b'!' | b'?' if space_after_marks(text, i + 1) => {
                let word_start = text[..i]
                    .rfind(|c: char| !c.is_alphanumeric())
                    .map_or(0, |k| {
                        k + text[k..].chars().next().map_or(1, char::len_utf8)
                    });
                if b != b'.' || !is_abbreviation(&text[word_start..i]) {
                    out.push(i + 1);
                }
            }
            _ => {}
        }
    }
    out
}

/// Whether a space follows byte `at`, after any closing quotation marks
/// (`…politics." Sanders said`).
fn space_after_marks(text: &str, at: usize) -> bool {
    text[at..]
        .chars()
        .find(|&c| !matches!(c, '"' | '”' | '’' | '\'' | '»'))
        .is_some_and(|c| c == ' ')
}

/// Whether the word before byte `at` is an indefinite article or the like
/// (`a Nevada Democrat`, `another Republican`): a description, no person.
fn described(text: &str, at: usize) -> bool {
    let before = text[..at].trim_end();
    let word = before
        .rsplit(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    INDEFINITE.contains(&fold(word).as_str())
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

/// The quotations of a report with each split quotation (`“first half,” she
/// argued, “second half.”`) joined into one.
fn join_split<'p>(text: &str, index: &LineIndex, spans: &[&'p QuoteSpan]) -> Vec<Raw<'p>> {
    let mut raws: Vec<Raw> = Vec::with_capacity(spans.len());
    for s in spans {
        if let Some(prev) = raws.last_mut() {
            if let Some(gap) = split_gap(text, index, prev.last(), s) {
                if prev.gap.is_none() {
                    prev.gap = Some(gap);
                }
                prev.parts.push(s);
                continue;
            }
        }
        raws.push(Raw {
            parts: vec![s],
            gap: None,
        });
    }

    raws
}

/// If `b` continues the quotation `a` across an attribution
/// (`“first half,” she argued, “second half.”`), the attribution's range.
fn split_gap(text: &str, index: &LineIndex, a: &QuoteSpan, b: &QuoteSpan) -> Option<Range<usize>> {
    if index.line_of(a.close.start) != index.line_of(b.open.start) {
        return None;
    }
    let gap = a.close.end..b.open.start;
    let g = text[gap.clone()].trim();
    let inner = text[a.inner.clone()].trim_end();
    let (first_ends_comma, g) = match g.strip_prefix(',') {
        Some(rest) => (true, rest),
        None => (inner.ends_with(','), g),
    };
    if !first_ends_comma {
        return None;
    }
    let g = g.trim().strip_suffix(',')?;
    if g.contains(['.', '!', '?', ':', ';']) {
        return None;
    }
    let toks = tokenize(text, gap.clone());
    attribution_after(&toks).map(|_| gap)
}

/// The words of a quotation: paragraphs joined by one space, without the
/// marks that reopen a quotation and without interlude lines.
fn quote_text(
    text: &str,
    index: &LineIndex,
    skip: &[bool],
    raw: &Raw,
) -> (String, Vec<Range<usize>>) {
    let mut parts: Vec<&str> = Vec::new();
    for span in &raw.parts {
        span_text(text, index, skip, &span.inner, &mut parts);
    }
    let base = text.as_ptr() as usize;
    let segments = parts
        .iter()
        .map(|p| {
            let start = p.as_ptr() as usize - base;
            start..start + p.len()
        })
        .collect();
    (parts.join(" "), segments)
}

/// The words of a quotation rebuilt from its segments (see [`Quote::segments`]).
pub fn text_of_segments(text: &str, segments: &[Range<usize>]) -> Option<String> {
    let mut out = String::new();
    for (i, r) in segments.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(text.get(r.clone())?);
    }
    Some(out)
}

/// The paragraphs of one span's inner text, trimmed, without reopening
/// marks, interlude lines and skipped lines.
fn span_text<'t>(
    text: &'t str,
    index: &LineIndex,
    skip: &[bool],
    inner: &Range<usize>,
    parts: &mut Vec<&'t str>,
) {
    let first_line = index.line_of(inner.start);
    let last_line = index.line_of(inner.end);
    for line in first_line..=last_line {
        let lr = index.line_range(text, line);
        let s = inner.start.max(lr.start);
        let e = inner.end.min(lr.end);
        if s >= e {
            continue;
        }
        let seg = text[s..e].trim();
        if line == first_line {
            if !seg.is_empty() {
                parts.push(seg);
            }
            continue;
        }
        if skip.get(line).copied().unwrap_or(false) {
            continue;
        }
        // Continuation paragraphs reopen the quotation; other lines in
        // between are interludes ("Advertisement").
        if let Some(rest) = seg.strip_prefix(is_mark) {
            let rest = rest.trim_start();
            if !rest.is_empty() {
                parts.push(rest);
            }
        }
    }
}

/// A quotation that continues a sentence begun before its opening mark.
fn is_fragment(text: &str, before: Range<usize>, quote: &str) -> bool {
    let b = text[before].trim_end();
    let Some(last) = b.chars().last() else {
        return false;
    };
    let starts_lower = quote
        .chars()
        .find(|c| c.is_alphanumeric())
        .is_some_and(char::is_lowercase);
    last.is_alphanumeric() || (last == ',' && starts_lower)
}

#[allow(clippy::too_many_arguments)]
fn attribute(
    text: &str,
    index: &LineIndex,
    skip: &[bool],
    people: &People,
    raw: &Raw,
    before: Range<usize>,
    after: Range<usize>,
    quote: &str,
) -> Option<Option<Speaker>> {
    let kind_for = |np: &Np| match np {
        Np::Name { .. } => AttributionKind::Explicit,
        Np::Pronoun(_) => AttributionKind::Pronoun,
        _ => AttributionKind::Role,
    };
    // 1. Between the parts of a split quotation.
    if let Some(gap) = &raw.gap {
        let toks = tokenize(text, gap.clone());
        if let Some(np) = attribution_after(&toks) {
            let kind = kind_for(&np);
            return Some(people.speaker(text, &toks, np, kind));
        }
    }
    // 2. Right after the closing mark: `“…,” Lavrov said`.
    let after_text = &text[after.clone()];
    let quote_end = quote.trim_end().chars().last().unwrap_or(' ');
    let continues = matches!(quote_end, ',' | '?' | '!' | '…' | '—' | '–' | '-')
        || after_text.trim_start().starts_with([',', '—', '–', '-'])
        || after_text
            .trim_start()
            .chars()
            .next()
            .is_some_and(char::is_lowercase);
    let after_toks = tokenize(text, after.clone());
    let sentence_len = after_toks
        .iter()
        .skip(1)
        .position(|t| t.brk == Brk::Sentence)
        .map_or(after_toks.len(), |p| p + 1);
    // A quotation a colon introduces with its speaker (`Luis Osuna told the
    // paper: “…” He added that …`) is not the next sentence's.
    let before_toks = tokenize(text, before.clone());
    let introduced_by_speaker = || {
        text[before.clone()].trim_end().ends_with(':')
            && (name_and_colon(&before_toks).is_some()
                || attribution_before(&before_toks).is_some())
    };
    if continues || (sentence_len <= MAX_LOOSE_ATTRIBUTION_WORDS && !introduced_by_speaker()) {
        if let Some(np) = attribution_after(&after_toks[..sentence_len]) {
            let kind = kind_for(&np);
            return Some(people.speaker(text, &after_toks, np, kind));
        }
        // the sentence goes on past a phrase of its own: `“… worked so
        // hard” for the victory, Sanders said.`
        if continues {
            let clause = (1..sentence_len.min(MAX_SPEAKER_WORDS + 1))
                .find(|&k| after_toks[k].brk != Brk::None)
                .filter(|&k| {
                    after_toks[k].brk == Brk::Clause && after_toks[..k].iter().all(|t| !t.cap)
                });
            if let Some(k) = clause {
                if let Some(np @ (Np::Name { .. } | Np::Pronoun(_))) =
                    attribution_after(&after_toks[k..sentence_len])
                {
                    let kind = kind_for(&np);
                    return Some(people.speaker(text, &after_toks[k..], np, kind));
                }
            }
        }
    }
    // A signature after a dash: `“…” ― Francisco Herrero`, `“…” — Ann Lee,
    // a nurse`.
    if after_text.trim_start().starts_with(['―', '—', '–', '-']) {
        let b = (1..after_toks.len())
            .find(|&k| after_toks[k].brk != Brk::None)
            .unwrap_or(after_toks.len());
        if b <= MAX_NAME_WORDS + 1 && after_toks[..b].iter().all(|t| t.cap) {
            if let Some(np @ Np::Name { .. }) = classify(&after_toks, 0..b) {
                return Some(people.speaker(text, &after_toks, np, AttributionKind::Explicit));
            }
        }
    }
    // 3. Before the opening mark, in the same sentence.
    if text[before.clone()].trim_end().ends_with(':') {
        if let Some(np) = name_and_colon(&before_toks) {
            return Some(people.speaker(text, &before_toks, np, AttributionKind::Explicit));
        }
    }
    if let Some((np, kind)) = attribution_before(&before_toks) {
        let kind = if kind == AttributionKind::AccordingTo {
            kind
        } else {
            kind_for(&np)
        };
        return Some(people.speaker(text, &before_toks, np, kind));
    }
    // 3b. The subject of the sentence's main clause, when a colon or a
    // participle of saying introduces the quotation without a speaker of its
    // own: `Perez hammered Trump, … with Clinton: “…”`, `During a speech,
    // Trump attacked Clinton …, saying, “…”`.
    // (The sentence may hold quotations before this one: `Perez hammered
    // Trump, calling him a "train wreck," and contrasted … with Clinton:`.)
    // (at most SENTENCE_WINDOW bytes back: a paragraph of one enormous line
    // must not be read again for each of its quotations)
    let mut paragraph_start = index
        .line_range(text, index.line_of(raw.first().open.start))
        .start
        .min(before.start)
        .max(before.end.saturating_sub(SENTENCE_WINDOW));
    while !text.is_char_boundary(paragraph_start) {
        paragraph_start += 1;
    }
    let sentence_toks = || tokenize(text, paragraph_start..before.end);
    if introduced(&text[before.clone()], &before_toks) {
        let toks = sentence_toks();
        if let Some(np) = main_subject(&toks, |t, np| known_subject(text, people, t, np)) {
            let kind = kind_for(&np);
            return Some(people.speaker(text, &toks, np, kind));
        }
    }
    // 3c. The object of the main clause's verb: `In an August speech, Trump
    // attacked “the hateful ideology …”`, `Ted Nordhaus, co-founder of …,
    // welcomed “the recognition that …”`.
    if before_toks
        .last()
        .is_some_and(|t| !t.cap && t.brk == Brk::None)
        && text[before_toks.last().map_or(before.end, |t| t.range.end)..before.end]
            .trim()
            .is_empty()
    {
        let toks = sentence_toks();
        if let Some((np, verb)) =
            subject_and_verb(&toks, |t, np| known_subject(text, people, t, np))
        {
            if verb + 1 == toks.len() {
                let kind = kind_for(&np);
                return Some(people.speaker(text, &toks, np, kind));
            }
        }
    }
    // 4. A paragraph of its own after one that ends with a colon.
    if text[before].trim().is_empty() {
        let line = index.line_of(raw.first().open.start);
        let pr = paragraph_above(text, index, skip, line)?;
        if text[pr.clone()].trim_end().ends_with(':') {
            let toks = tokenize(text, pr);
            if let Some((np, kind)) = attribution_before(&toks) {
                let kind = if kind == AttributionKind::AccordingTo {
                    kind
                } else {
                    kind_for(&np)
                };
                return Some(people.speaker(text, &toks, np, kind));
            }
            // `When Wallace died, President Clinton released the following
            // statement:` over the quotation's paragraph
            if let Some(np) = main_subject(&toks, |t, np| known_subject(text, people, t, np)) {
                let kind = kind_for(&np);
                return Some(people.speaker(text, &toks, np, kind));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A page of one enormous line with thousands of quotations: the text
    /// before each is read a bounded length back, not from the start of the
    /// line again (which grew with the square of the line: found by the long
    /// fuzz run, 12 s for a line of 730,000 characters).
    #[test]
    fn one_enormous_line_of_quotations_is_read_a_bounded_number_of_times() {
        let line: String = (0..3000)
            .map(|i| format!("Then the minister {i} spoke of “a new start for the talks” "))
            .collect();
        let people = crate::analysis::actors::find(
            &line,
            &[],
            crate::analysis::actors::registry::Registry::bundled(),
        );
        let pairing = crate::analysis::quotes::marks::pair(&line);
        TOKENIZED.with(|n| n.set(0));
        let quotes = extract(&line, &pairing, &[], &people);
        assert_eq!(quotes.len(), 3000);
        let read = TOKENIZED.with(std::cell::Cell::get);
        assert!(
            read < 40 * line.len(),
            "read {read} bytes for a line of {}",
            line.len()
        );
    }
    use crate::analysis::actors::registry::Registry;
    use crate::analysis::quotes::marks::pair;

    fn quotes(text: &str) -> Vec<Quote> {
        let people = crate::analysis::actors::find(text, &[], Registry::bundled());
        extract(text, &pair(text), &[], &people)
    }

    /// Assert the speaker's name of each quotation of `text`, in order.
    fn assert_speakers(text: &str, want: &[Option<&str>]) {
        let q = quotes(text);
        let names: Vec<Option<&str>> = q.iter().map(|q| speaker(q).map(|s| s.0)).collect();
        assert_eq!(names, want);
    }

    fn speaker(q: &Quote) -> Option<(&str, &str, AttributionKind)> {
        q.speaker
            .as_ref()
            .map(|s| (s.name.as_str(), s.surname_key.as_str(), s.kind))
    }

    #[test]
    fn segments_rebuild_the_quote_text() {
        let t = "VIENNA, May 2 - Agency.\n\n\
                 \u{201c}The pipeline stays shut,\u{201d} Minister Lena Voss said, \u{201c}until the \
                 repairs are done.\u{201d}\n\n\
                 \u{201c}We asked for more time.\n\n\
                 \u{201c}Nobody answered,\u{201d} she added.\n";
        let q = quotes(t);
        assert_eq!(q.len(), 2, "{q:?}");
        for x in &q {
            assert!(x.segments.len() >= 2, "{x:?}");
            assert_eq!(
                text_of_segments(t, &x.segments).as_deref(),
                Some(x.text.as_str())
            );
        }
    }

    #[test]
    fn name_after_the_quote() {
        let t = "BERLIN, March 3 - Agency. Talks stalled, Finance Minister Anna Berger said.\n\n\
                 \"The budget will not be cut this year,\" Berger said at a briefing.\n";
        let q = quotes(t);
        assert_eq!(q.len(), 1);
        assert_eq!(q[0].text, "The budget will not be cut this year,");
        assert_eq!(
            speaker(&q[0]),
            Some(("Anna Berger", "berger", AttributionKind::Explicit))
        );
        assert!(!q[0].fragment);
        let m = q[0].speaker.as_ref().unwrap().mention.clone().unwrap();
        assert_eq!(&t[m], "Berger");
    }

    #[test]
    fn inverted_and_colon_attributions() {
        let t = "“We are ready for talks,” said Tom Hale.\n\nHale said: “No deal was signed.”\n";
        let q = quotes(t);
        assert_eq!(q.len(), 2);
        assert_eq!(speaker(&q[0]).map(|s| s.0), Some("Tom Hale"));
        assert_eq!(
            speaker(&q[1]),
            Some(("Tom Hale", "hale", AttributionKind::Explicit))
        );
    }

    #[test]
    fn pronoun_and_role_resolve_to_the_person_named_before() {
        let t = "OSLO, May 2 - Norwegian Defence Minister Kari Lund said the drill went well.\n\n\
                 \"The exercise showed our readiness,\" she stressed.\n\n\
                 \"More drills will follow in autumn,\" the minister added.\n\n\
                 \"Our partners took part,\" Norway's top diplomat said.\n";
        let q = quotes(t);
        assert_eq!(q.len(), 3);
        assert_eq!(
            speaker(&q[0]),
            Some(("Kari Lund", "lund", AttributionKind::Pronoun))
        );
        assert_eq!(
            speaker(&q[1]),
            Some(("Kari Lund", "lund", AttributionKind::Role))
        );
        // "top diplomat" is in the minister's role group.
        assert_eq!(
            speaker(&q[2]),
            Some(("Kari Lund", "lund", AttributionKind::Role))
        );
    }

    #[test]
    fn title_with_prepositional_phrase_is_stripped() {
        let t = "Permanent Representative to the union Maria Olsen said on Monday that talks go on.\n\n\
                 \"We remain open to dialogue,\" Olsen said.\n";
        let q = quotes(t);
        assert_eq!(speaker(&q[0]).map(|s| s.0), Some("Maria Olsen"));
    }

    #[test]
    fn generic_speakers_name_nobody() {
        let t = "“The road stays closed until Friday,” a police spokesman said.\n\n\
                 According to the agency, “the repairs will cost millions.”\n\n\
                 The American wrote: “This is the best bridge in the city.”\n";
        let q = quotes(t);
        assert_eq!(q.len(), 3);
        assert!(q.iter().all(|q| q.speaker.is_none()), "{q:?}");
        assert!(q[1].fragment);
    }

    #[test]
    fn split_quote_is_joined_across_the_attribution() {
        let t = "“The bridge was closed on Friday,” Mayor Jan Vos said, “and it stays closed.”\n\n\
                 “First part,” Vos said. “Second sentence here.”\n";
        let q = quotes(t);
        assert_eq!(q.len(), 3, "{q:?}");
        assert_eq!(
            q[0].text,
            "The bridge was closed on Friday, and it stays closed."
        );
        assert_eq!(
            &t[q[0].range.clone()],
            "The bridge was closed on Friday,” Mayor Jan Vos said, “and it stays closed."
        );
        let t2 = "“The bridge was closed,” she argued, “until the storm had passed.”\n";
        assert_eq!(quotes(t2).len(), 1);
    }

    #[test]
    fn fragment_inside_a_sentence() {
        let t =
            "Ivan Petrov said the fleet is ready, adding that it \"will sail in any weather\".\n";
        let q = quotes(t);
        assert_eq!(q.len(), 1);
        assert!(q[0].fragment);
        assert_eq!(speaker(&q[0]).map(|s| s.1), Some("petrov"));
    }

    #[test]
    fn multi_paragraph_quote_is_one_quote() {
        let t = "“We have done all we could.\n\nAdvertisement\n\n“Now it is up to them,” Petra Kral said.\n";
        let q = quotes(t);
        assert_eq!(q.len(), 1);
        assert_eq!(
            q[0].text,
            "We have done all we could. Now it is up to them,"
        );
        assert_eq!(speaker(&q[0]).map(|s| s.0), Some("Petra Kral"));
    }

    #[test]
    fn a_quote_without_attribution_goes_on_from_the_one_before() {
        let t = "GENEVA, January 10 - Agency.\n\n\
                 \"The talks were useful,\" said Sergei Ryabkov, the deputy minister. \"We will meet again.\"\n\n\
                 \"No date has been set.\"\n\n\
                 Delegations left the city on Tuesday.\n\n\
                 \"A new round is possible.\"\n";
        let q = quotes(t);
        assert_eq!(q.len(), 4);
        assert_eq!(speaker(&q[0]).map(|s| s.0), Some("Sergei Ryabkov"));
        // the same paragraph, then the next one opening with the quotation
        for q in &q[1..3] {
            assert_eq!(
                speaker(q),
                Some(("Sergei Ryabkov", "ryabkov", AttributionKind::Continued))
            );
        }
        // narrative stands between: nobody is carried over
        assert_eq!(speaker(&q[3]), None);
    }

    #[test]
    fn a_pronoun_stands_for_the_subject_of_the_nearest_sentence_of_its_sex() {
        let t = "Talks in Vienna\n\n\
                 Anna Berg met Peter Holm in Vienna on Monday.\n\n\
                 \"We agreed on nothing,\" she said.\n\n\
                 Mark Olsen said Vienna had offered to host the next round.\n\n\
                 \"It is a good venue,\" he said.\n";
        let q = quotes(t);
        assert_eq!(speaker(&q[0]).map(|s| s.0), Some("Anna Berg"));
        assert_eq!(speaker(&q[1]).map(|s| s.0), Some("Mark Olsen"));
        assert_eq!(speaker(&q[1]).map(|s| s.2), Some(AttributionKind::Pronoun));
    }

    #[test]
    fn names_with_appositions_titles_and_initials() {
        let t = "Senate vote\n\n\
                 \"Subpoenas are not optional,\" panel Chairman Rep. Jason Chafee (R-Utah) said.\n\n\
                 \"The bill will pass,\" Mitch Barker, R-Ky., said on Tuesday.\n\n\
                 \"It will not,\" Rep. Elijah E. Carter (D-Md.) said.\n\n\
                 \"We are ready,\" said the party's senior campaign adviser Jane Ruiz.\n\n\
                 \"We wait and see,\" Tom Reed, the committee's chairman, told reporters.\n\n\
                 Lena Hart, speaking in Ohio, said: \"The vote is close.\"\n\n\
                 Hart: \"Nothing is decided yet.\"\n\n\
                 Rep. Trey Gowan (R-S.C.): \"Who told you that?\"\n\n\
                 Pollsters agree - Carl Bialik: \"Keep on contacting voters.\"\n\n\
                 Ann Cole, who called Sanders after the vote, told her supporters, \"We go on.\"\n\n\
                 Ann Cole initially said in May, when the story broke, \"Nothing was sent.\"\n";
        assert_speakers(
            t,
            &[
                Some("Jason Chafee"),
                Some("Mitch Barker"),
                Some("Elijah E. Carter"),
                Some("Jane Ruiz"),
                Some("Tom Reed"),
                Some("Lena Hart"),
                Some("Lena Hart"),
                Some("Trey Gowan"),
                Some("Carl Bialik"),
                Some("Ann Cole"),
                Some("Ann Cole"),
            ],
        );
    }

    #[test]
    fn the_main_clause_subject_of_a_quote_introduced_by_a_colon_or_participle() {
        let t = "Budget row\n\n                 Mayor Ruth Keller criticised the council on Monday, saying, \"The plan is not funded.\"\n\n                 On Tuesday, after weeks of silence, Tom Fisk backed the plan, saying, \"We can pay for it.\"\n\n                 Keller then contrasted the two budgets: \"One of them adds up.\"\n\n                 The council's treasurer, Ann Lee, said in a statement: \"The books are open.\"\n\n                 During the debate, councillors argued: \"Nothing is decided.\"\n";
        assert_speakers(
            t,
            &[
                Some("Ruth Keller"),
                Some("Tom Fisk"),
                Some("Ruth Keller"),
                Some("Ann Lee"),
                None,
            ],
        );
    }

    #[test]
    fn subjects_past_introductions_and_earlier_quotations() {
        let t = "Budget row\n\n\
                 \"The plan is a fraud,\" Tom Fisk said on Sunday.\n\n\
                 When asked if the town could pay, Ann Lee said: \"Not this year.\"\n\n\
                 During a long debate on Monday, Fisk attacked the mayor for the plan, saying, \"It does not add up.\"\n\n\
                 Fisk described the plan as a \"fraud\" and \"a fairy tale,\" and contrasted it with his own: \"Ours is costed.\"\n\n\
                 When Keller resigned in May, council leader Ann Lee issued the following statement:\n\n\
                 \"We thank her for her work.\"\n";
        assert_speakers(
            t,
            &[
                Some("Tom Fisk"),
                Some("Ann Lee"),
                Some("Tom Fisk"),
                None,
                None,
                Some("Tom Fisk"),
                Some("Ann Lee"),
            ],
        );
    }

    #[test]
    fn the_verb_before_a_quotation_and_the_paragraph_before() {
        let t = "Budget row\n\n\
                 Mayor Ruth Keller said on Monday that the plan was sound.\n\n\
                 In a speech on Tuesday, Keller defended \"the most careful budget in a decade.\"\n\n\
                 Keller said that critics had predicted a deficit for years, but it never came.\n\n\
                 \"That is because we count every penny.\"\n\n\
                 The council met in the town hall.\n\n\
                 \"Nobody asked us,\" a resident said.\n\n\
                 Because of the way the budget was drawn up, explained Keller, \"there is no slack.\"\n\n\
                 Asked about the plan, the treasurer told Radio North, \"It is balanced.\"\n";
        let q = quotes(t);
        let got: Vec<_> = q.iter().map(|q| speaker(q).map(|s| (s.0, s.2))).collect();
        assert_eq!(
            got,
            [
                Some(("Ruth Keller", AttributionKind::Explicit)),
                Some(("Ruth Keller", AttributionKind::ParagraphBefore)),
                None,
                Some(("Ruth Keller", AttributionKind::Explicit)),
                None,
            ]
        );
    }

    #[test]
    fn pronoun_chains_and_the_sex_of_each_name() {
        // `He said … Trump …`: the second `he` is the first one's, not Trump's
        let t = "Vote\n\n\
                 Speaker Paul Rand backed the nominee last month. \
                 He said on Thursday that Donald Trump needs to do more. \
                 \"We want a standard-bearer,\" he said.\n\n\
                 Campaign spokesman John Miller told the Post that the plan covers single mothers, \
                 as Mary Trump said in an interview. \"The bill is not written yet,\" he said.\n\n\
                 White House spokesman Josh Ernst said Obama has kept in touch with voters. \
                 \"That will have some influence,\" he said.\n";
        assert_speakers(
            t,
            &[Some("Paul Rand"), Some("John Miller"), Some("Josh Ernst")],
        );
    }

    #[test]
    fn russian_given_names_tell_he_from_she() {
        // the given names of the Cyrillic list have a sex, in every case:
        // `он` is the man of the two named before, `она` the woman, whichever
        // is named first (`С Ольгой …`)
        let t = "Переговоры в Москве\n\n\
                 Мария Орлова и Сергей Белов провели встречу в Москве.\n\n\
                 «Мы договорились о новой встрече», — сказал он.\n\n\
                 Игорь Панин и Анна Кузнецова выступили на брифинге.\n\n\
                 «Решение ещё не принято», — сказала она.\n\n\
                 С Ольгой Зайцевой в Казани встретился Олег Титов.\n\n\
                 «Это была полезная встреча», — сказал он.\n";
        assert_speakers(
            t,
            &[
                Some("Сергей Белов"),
                Some("Анна Кузнецова"),
                Some("Олег Титов"),
            ],
        );
    }

    #[test]
    fn passives_relative_clauses_and_capitalised_verbs() {
        let t = "Debate\n\n\
                 Ruth Keller was asked by host Tom Fisk, who backs her, \"Will you run again?\"\n\n\
                 After the winner was declared, Ann Lee told her supporters, \"We will be back.\"\n\n\
                 Keller, who declined to comment for this article, proposes new language: \"No new taxes.\"\n\n\
                 \"If there had been no plan\" by the United States and its partners, Keller said on Monday, \"we would see chaos.\"\n\n\
                 Town clerk Ann Lee, at a later briefing, said, \"The count is final.\"\n\n\
                 \"Let me thank the volunteers who worked so hard\" for the victory, Keller said.\n";
        assert_speakers(
            t,
            &[
                Some("Tom Fisk"),
                Some("Ann Lee"),
                Some("Ruth Keller"),
                Some("Ruth Keller"),
                Some("Ruth Keller"),
                Some("Ann Lee"),
                Some("Ruth Keller"),
            ],
        );
    }

    #[test]
    fn appositions_before_the_verb_and_statements() {
        let t = "Budget\n\n\
                 Mayor Ruth Keller said the plan was sound.\n\n\
                 Keller, the former treasurer of the town, stressed her record and said the town has what it needs: \"A steady hand.\"\n\n\
                 Immediately after the vote, Keller issued a statement, \"The town has spoken.\"\n";
        assert_speakers(t, &[Some("Ruth Keller"), Some("Ruth Keller")]);
    }

    #[test]
    fn nouns_after_possessives_and_names_after_descriptions() {
        let t = "Budget\n\n\
                 Mayor Ruth Keller spoke on Monday.\n\n\
                 Responding to the mayor's remarks, Tom Fisk wrote: \"The plan is late.\"\n\n\
                 \"We will not wait,\" the mayor's chief of staff, Ann Lee, said in an interview.\n";
        assert_speakers(t, &[Some("Tom Fisk"), Some("Ann Lee")]);
    }

    #[test]
    fn a_pronoun_stands_for_no_place() {
        let t = "Trouble spots\n\n\
                 Michael Hanlon, an expert at the institute, says Libya is the biggest trouble spot. \
                 \"She has to rethink her argument,\" he said.\n";
        assert_speakers(t, &[Some("Michael Hanlon")]);
    }

    #[test]
    fn signatures_participles_and_the_one_who_speaks() {
        let t = "Reactions\n\n\
                 \"A sad day for the city.\" ― Carla Mendes\n\n\
                 Paul Grant also issued a statement on the ruling, saying, \"We will appeal.\"\n\n\
                 The ruling angered Grant's ally Tom Fisk in Ohio, Mary Boyd said.\n\n\
                 \"It changes nothing,\" she said.\n\n\
                 Under the plan, Tom Fisk would lose his post, Dan Jolly said.\n\n\
                 \"That costs more,\" he said.\n";
        assert_speakers(
            t,
            &[
                Some("Carla Mendes"),
                Some("Paul Grant"),
                Some("Mary Boyd"),
                Some("Dan Jolly"),
            ],
        );
    }

    #[test]
    fn a_surname_two_people_share_is_not_completed_to_either() {
        let t = "Campaign trail\n\n\
                 Donald Trump spoke in Ohio on Monday.\n\n\
                 \"We will win,\" Eric Trump said.\n\n\
                 \"It was a good day,\" Trump said.\n\n\
                 \"Turnout was high,\" said Jane Ruiz. \"Very high.\"\n\n\
                 \"We expected it,\" Ruiz said.\n";
        assert_speakers(
            t,
            &[
                Some("Eric Trump"),
                Some("Trump"),
                Some("Jane Ruiz"),
                Some("Jane Ruiz"),
                Some("Jane Ruiz"),
            ],
        );
    }

    #[test]
    fn a_name_that_modifies_a_noun_is_nobody_a_pronoun_can_stand_for() {
        let text = "Clinton spokeswoman Jennifer Palma, the Trump campaign, Republican \
                    statements, the U.S. envoy and Ann Lee met.";
        let m = |name: &str| {
            let at = text.find(name).unwrap();
            Mention {
                range: at..at + name.len(),
                name: name.to_string(),
                groups: Vec::new(),
                male: None,
                speaks: false,
                thing: false,
            }
        };
        assert!(!names_someone(text, &m("Clinton")));
        assert!(names_someone(text, &m("Jennifer Palma")));
        assert!(!names_someone(text, &m("Trump")));
        assert!(!names_someone(text, &m("Republican")));
        // initials alone, as the tokens write them
        let us = Mention {
            name: "U S".to_string(),
            ..m("U.S")
        };
        assert!(!names_someone(text, &us));
        assert!(names_someone(text, &m("Ann Lee")));
    }

    #[test]
    fn look_alikes_of_speakers_name_nobody() {
        let t = "Border talks\n\n\
                 Russia stands with the United States on this, officials said.\n\n\
                 \"It is settled,\" he said.\n\n\
                 \"We shall see,\" a Nevada Democrat said.\n\n\
                 He wrote on Twitter: \"Nothing changes.\"\n";
        let q = quotes(t);
        assert_eq!(q.len(), 3);
        for q in &q {
            assert_eq!(speaker(q), None, "{:?}", q.text);
        }
    }

    #[test]
    fn russian_attributions() {
        let t = "МОСКВА, 3 марта - Агентство. Глава МИД России Сергей Лавров выступил в Думе.\n\n\
                 «Мы готовы к переговорам», — заявил Лавров.\n\n\
                 По словам Лаврова, «решение будет принято скоро».\n";
        let q = quotes(t);
        assert_eq!(q.len(), 2);
        assert_eq!(
            speaker(&q[0]),
            Some(("Сергей Лавров", "lavrov", AttributionKind::Explicit))
        );
        assert_eq!(
            speaker(&q[1]),
            Some(("Сергей Лавров", "lavrov", AttributionKind::AccordingTo))
        );
    }

    #[test]
    fn skipped_lines_and_scare_quotes() {
        let t = "Minister vows the offer is 'understood'\n\nRead \"more stories here today\" now\n";
        let skip = [false, false, true];
        let people = crate::analysis::actors::find(t, &skip, Registry::bundled());
        let q = extract(t, &pair(t), &skip, &people);
        assert_eq!(q.len(), 1);
        assert!(!q[0].is_linkable());
    }
}
