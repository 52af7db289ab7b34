//! # Boilerplate: site furniture left over from scraping
//!
//! A report scraped from the web often carries more than the article: the
//! page's menus and log-in links, subscription banners, view counters, the
//! comment widget, a sidebar of other headlines, copyright notices, weather
//! and date banners, links and signatures added by feed readers, and stray
//! HTML. This rule finds those lines and groups them into blocks so that a
//! curator can see (and strip) them at a glance. The article itself — its
//! headline, dateline, paragraphs, quotes and background paragraphs — is
//! content and is never flagged on purpose.
//!
//! ## What it finds
//!
//! | kind             | examples                                                        |
//! |------------------|-----------------------------------------------------------------|
//! | `navigation`     | `Войти`, `Register and/or Log in`, `Home`, `Sections`, `Share`  |
//! | `subscription`   | `ПОДПИСКА НА НОВОСТИ`, `Sign up for our newsletter`             |
//! | `counter`        | lone numbers such as `4325`, `0`, `12 comments`, `1.2K views`   |
//! | `comment-widget` | `Do you want to leave a comment?`, `• 03.01 03:29`, `Reply`     |
//! | `sidebar`        | `Most Popular Articles`, `Read more`, `All news`, other headlines |
//! | `rights`         | `The rights to this material belong to`, `Image source: © …`    |
//! | `banner`         | `34.1 C`, `Sunday, July 14, 2024`, `Advertisement`              |
//! | `feed-residue`   | `https://ift.tt/3plosOd 03, 2021 at 12:15AM`, `from RT – Daily news` |
//! | `markup`         | `<span><strong>Read more</strong></span>`, `<img src=…>`        |
//! | `other`          | bylines and anything else outside the article body              |
//!
//! ## How it decides
//!
//! Every line is judged from plain text only, by combining several signals:
//!
//! 1. **Line shape.** Article paragraphs are long, made of many words and end
//!    with terminal punctuation. Menus, counters and headlines of other stories
//!    are short, end without punctuation, are full of Capitalised Words, digits
//!    or symbols, or start with a bullet (`•`).
//! 2. **Stopword density.** Running prose in English or Russian is dense in
//!    function words (*the, of, and, в, на, что…*); lists of links are not.
//!    When a report is in neither language this signal is switched off and the
//!    rule relies on the others.
//! 3. **Furniture lexicons.** Phrases typical of site furniture, in English and
//!    Russian (`Subscribe`, `Все права защищены`, `Most popular`…), grouped by
//!    kind. A phrase only decides a line when it covers most of it, except for
//!    a few unmistakable notices (`All rights reserved`, `We use cookies`).
//! 4. **Shapes with a fixed meaning.** Lone numbers, dates, times, temperatures,
//!    bare links, HTML tags.
//! 5. **Script mismatch.** A Cyrillic line in an English report (or the
//!    reverse) is almost always a piece of the site rather than of the story.
//! 6. **Position.** The article body is found as the stretch of the report with
//!    the largest weight of good paragraphs (a maximum-sum run, as in
//!    boilerpipe's "largest block"). End-of-article markers such as
//!    `The rights to this material belong to`, `Most popular` or a comment
//!    section header weigh heavily against continuing the body past them, and
//!    a comment section never wins over a reasonable article above it. Runs of
//!    good paragraphs split off the body by a small box of links ("Related")
//!    are joined back. Lines outside the body are boilerplate, with one
//!    exception: the report's headline (and its standfirst) just above the
//!    body is kept as content; a byline or a date is not taken for a headline.
//! 7. **Neighbours.** Short lines inside the body (sub-headings, one-line
//!    paragraphs) take the class of the good paragraphs around them, as in
//!    jusText's context-sensitive pass; a full-sentence headline of another
//!    story is boilerplate when it sits in a run of furniture after the body.
//! 8. **Corpus repetition.** The corpus layer tells, for each line, in how many
//!    *other* reports the same line occurs ([`CorpusSignal`], keyed by
//!    [`line_key`]). Repetition lowers the weight of short, non-sentence lines
//!    only. Repetition alone never makes a line boilerplate: a quote or a
//!    background paragraph that several reports share stays content.
//!
//! ## Example
//!
//! ```text
//! Войти                                      ← navigation
//!
//! Ministers agree on a new grain corridor    ← content (headline)
//! 5120                                       ← counter
//! 0                                          ← counter
//! Image source: © Press service              ← rights
//!
//! ANKARA, May 3 - Agency. The ministers...   ← content
//! "We have agreed," the minister said.       ← content
//!
//! The rights to this material belong to      ← comment-widget block: the whole
//! Do you want to leave a comment?               tail after the article
//!   • 03.01 03:29
//!   • 12
//! ```

use rustc_hash::FxHashSet as HashSet;
use std::ops::Range;
use std::sync::LazyLock;

use crate::analysis::text::{data_lines, data_lines_of, dates, is_cyrillic};
use aho_corasick::{AhoCorasick, MatchKind};
use regex::Regex;

pub mod model;

/// The line model moves a line the rule keeps to boilerplate when it gives
/// the line a probability of content below this, and a line the rule drops
/// to content above [`MODEL_CONTENT_ABOVE`]; in between the rule's class
/// stands (see docs/accuracy.md for the settings tried).
const MODEL_BOILERPLATE_BELOW: f32 = 0.4;
const MODEL_CONTENT_ABOVE: f32 = 0.6;

/// A sidebar line below the article that no header announced goes back to
/// content only above this: the rule's reading of the page's end is evidence
/// too (at 0.6, as elsewhere, Dragnet lost 0.002 of content F1 on the
/// held-out pages; at 0.7 no set lost, see docs/accuracy.md).
const MODEL_UNHEADED_CONTENT_ABOVE: f32 = 0.7;

/// Kinds the rule gives to the lines of a page section it recognised by its
/// header (comments, "most popular", newsletter sign-up): the model does not
/// move them back to content (a sidebar below the article that no header
/// announced is the model's to decide, see `Analysis::model_decides`).
const SECTION_KINDS: [BoilerplateKind; 3] = [
    BoilerplateKind::CommentWidget,
    BoilerplateKind::Sidebar,
    BoilerplateKind::Subscription,
];

/// Kind of a boilerplate block.
///
/// Machine form via [`BoilerplateKind::as_str`]: `"navigation"`,
/// `"subscription"`, `"counter"`, `"comment-widget"`, `"sidebar"`, `"rights"`,
/// `"banner"`, `"feed-residue"`, `"markup"`, `"other"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum BoilerplateKind {
    /// Site menus, section lists, log-in and share links.
    Navigation,
    /// Newsletter and subscription banners, paywall prompts.
    Subscription,
    /// View, like and comment counters; lone numbers.
    Counter,
    /// Comment widgets, their prompts, authors and timestamps.
    CommentWidget,
    /// Lists of other stories: "Most popular", "Read more", related headlines.
    Sidebar,
    /// Copyright and rights notices, cookie notices, image credits.
    Rights,
    /// Weather and date banners, "Advertisement" slots.
    Banner,
    /// Residue of feed readers: shortened links, "from `<feed name>`".
    FeedResidue,
    /// Stray HTML tags, template placeholders, scripts.
    Markup,
    /// Anything else outside the article body (bylines, stray fragments).
    Other,
}

impl BoilerplateKind {
    /// All kinds, in declaration order.
    pub const ALL: [BoilerplateKind; 10] = [
        BoilerplateKind::Navigation,
        BoilerplateKind::Subscription,
        BoilerplateKind::Counter,
        BoilerplateKind::CommentWidget,
        BoilerplateKind::Sidebar,
        BoilerplateKind::Rights,
        BoilerplateKind::Banner,
        BoilerplateKind::FeedResidue,
        BoilerplateKind::Markup,
        BoilerplateKind::Other,
    ];

    /// Machine-readable name (stable; used in diagnostics codes and JSON).
    pub fn as_str(self) -> &'static str {
        match self {
            BoilerplateKind::Navigation => "navigation",
            BoilerplateKind::Subscription => "subscription",
            BoilerplateKind::Counter => "counter",
            BoilerplateKind::CommentWidget => "comment-widget",
            BoilerplateKind::Sidebar => "sidebar",
            BoilerplateKind::Rights => "rights",
            BoilerplateKind::Banner => "banner",
            BoilerplateKind::FeedResidue => "feed-residue",
            BoilerplateKind::Markup => "markup",
            BoilerplateKind::Other => "other",
        }
    }

    /// Wording for curators, e.g. in a diagnostic message
    /// ("comment widget", "navigation", "view counters", ...).
    pub fn label(self) -> &'static str {
        match self {
            BoilerplateKind::Navigation => "navigation",
            BoilerplateKind::Subscription => "subscription banner",
            BoilerplateKind::Counter => "view counters",
            BoilerplateKind::CommentWidget => "comment widget",
            BoilerplateKind::Sidebar => "sidebar of other stories",
            BoilerplateKind::Rights => "rights notice",
            BoilerplateKind::Banner => "date or weather banner",
            BoilerplateKind::FeedResidue => "feed residue",
            BoilerplateKind::Markup => "stray markup",
            BoilerplateKind::Other => "page furniture",
        }
    }

    /// Parses the machine form produced by [`BoilerplateKind::as_str`].
    pub fn from_name(name: &str) -> Option<BoilerplateKind> {
        BoilerplateKind::ALL
            .into_iter()
            .find(|k| k.as_str() == name)
    }
}

/// A run of boilerplate lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BoilerplateBlock {
    /// 0-based line numbers, end exclusive; never starts or ends on a blank line.
    pub lines: Range<usize>,
    /// Dominant kind of the block's lines.
    pub kind: BoilerplateKind,
    /// Every kind of its lines, in the order they first appear (`Other`
    /// only when it is the block's kind): a rights notice over a comment
    /// prompt and a sidebar is all three.
    pub kinds: Vec<BoilerplateKind>,
}

impl BoilerplateBlock {
    /// What the block holds, for a curator: its kinds in the order they
    /// appear ("rights notice, comment widget and sidebar of other
    /// stories"); past three, its dominant kind and the first two others,
    /// the rest as "other page furniture".
    pub fn label(&self) -> String {
        let mut others = 0;
        let mut shown: Vec<BoilerplateKind> = (self.kinds.iter().copied())
            .filter(|&k| {
                k == self.kind || {
                    others += 1;
                    others <= 2
                }
            })
            .collect();
        if shown.is_empty() {
            shown.push(self.kind);
        }
        let mut names: Vec<&str> = shown.iter().map(|k| k.label()).collect();
        if self.kinds.len() > shown.len() {
            names.push("other page furniture");
        }
        match names.split_last() {
            Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
            _ => names.concat(),
        }
    }

    /// The machine names of [`BoilerplateBlock::kinds`] (`data.kinds` of a
    /// finding, `kinds` in `analyze`).
    pub fn kind_names(&self) -> Vec<&'static str> {
        self.kinds.iter().map(|k| k.as_str()).collect()
    }
}

/// Per-line corpus signal, passed in by the corpus layer.
///
/// `repeats[i]` tells, for line `i` of this report, in how many *other* reports
/// of the corpus the same line (by [`line_key`]) occurs; 0 when unknown. A
/// slice shorter than the report (e.g. empty, for a single file) means 0 for
/// the missing lines.
#[derive(Debug, Clone, Copy, Default)]
pub struct CorpusSignal<'a> {
    /// Count of other reports containing the line, indexed by line number.
    pub repeats: &'a [u32],
}

impl CorpusSignal<'static> {
    /// No corpus information (a single file).
    pub const NONE: CorpusSignal<'static> = CorpusSignal { repeats: &[] };
}

impl CorpusSignal<'_> {
    fn repeats(&self, line: usize) -> u32 {
        self.repeats.get(line).copied().unwrap_or(0)
    }
}

/// Class of one line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineClass {
    /// Empty or whitespace-only line.
    Blank,
    /// Part of the report proper (headline, dateline, paragraphs, quotes).
    Content,
    /// Site furniture of the given kind.
    Boilerplate(BoilerplateKind),
}

/// Key under which the corpus layer counts a line across reports.
///
/// Trims, strips leading bullets, collapses whitespace, lower-cases and maps
/// every digit to `0`, so that `• 03.01 03:29` and `• 28.02 21:05` share a key.
/// Returns `None` for blank lines and lines without letters (lone numbers and
/// symbols would make meaningless keys).
pub fn line_key(line: &str) -> Option<String> {
    let t = line
        .trim()
        .trim_start_matches(|c: char| BULLETS.contains(&c) || c.is_whitespace());
    if !t.chars().any(char::is_alphabetic) {
        return None;
    }
    let mut key = String::with_capacity(t.len());
    let mut space = false;
    for c in t.chars() {
        if c.is_whitespace() || c == '\u{200b}' || c == '\u{feff}' {
            space = !key.is_empty();
            continue;
        }
        if space {
            key.push(' ');
            space = false;
        }
        if c.is_numeric() {
            key.push('0');
        } else if c == 'ё' || c == 'Ё' {
            key.push('е');
        } else {
            push_lower(&mut key, c);
        }
    }
    if key.chars().count() < 2 {
        return None;
    }
    Some(key)
}

/// Classify every line of `text`.
///
/// Lines are split as by [`split_lines`]; the result has one entry per line.
///
/// The hand-written rule classifies first; the shipped line model
/// ([`model`]) then decides each line from the rule's classes and the
/// measures of the line and its neighbours. A line the model moves to
/// boilerplate takes the kind its lexicon or shape suggests.
pub fn classify(text: &str, corpus: &CorpusSignal) -> Vec<LineClass> {
    classify_with(text, corpus, model::shipped())
}

/// [`classify`] with another line model than the shipped one (`None`: the
/// rule alone), for the trainer's cross-validation.
pub fn classify_with(
    text: &str,
    corpus: &CorpusSignal,
    model: Option<&model::Model>,
) -> Vec<LineClass> {
    let lines: Vec<&str> = split_lines(text).collect();
    let a = Analysis::new(&lines, corpus);
    let RuleClasses {
        classes: rule,
        headline,
        unheaded,
    } = a.rule_classes();
    match model {
        Some(m) => {
            let v = values(&a, rule, corpus);
            let p = m.predict_some(&v.rows, &v.blank, |i| {
                a.model_decides(v.classes[i], &a.feats[i], unheaded[i]) && !headline.contains(&i)
            });
            a.decide(v.classes, &p, &unheaded)
        }
        None => rule,
    }
}

/// The hand-written rule alone, without the line model (for comparison in
/// `newsdesk eval boilerplate`).
pub fn classify_rule(text: &str, corpus: &CorpusSignal) -> Vec<LineClass> {
    let lines: Vec<&str> = split_lines(text).collect();
    Analysis::new(&lines, corpus).classes()
}

/// Number of values per line in [`line_features`].
pub const FEATURES: usize = 52;

/// Names of the values of [`line_features`], in order (for the model file).
pub const FEATURE_NAMES: [&str; FEATURES] = [
    "rule_content",
    "rule_weight",
    "log_chars",
    "log_words",
    "stop_density",
    "cap_ratio",
    "digit_share",
    "terminal",
    "continues",
    "lower_start",
    "bullet",
    "url",
    "repeated",
    "hard_furniture",
    "furniture_hint",
    "end_marker",
    "credit",
    "all_caps",
    "script_mismatch",
    "prose",
    "position",
    "window_rule_content",
    "window_prose",
    "window_log_chars",
    "prev_rule_content",
    "next_rule_content",
    "log_distance_to_content",
    "log_prose_run",
    "after_end_marker",
    "lang_known",
    "lexicon_cover",
    "strong_furniture",
    "rule_content_x_prose",
    "rule_content_x_log_chars",
    "rule_other_x_prose",
    "rule_other_x_window_prose",
    "rule_content_x_after_end",
    "page_prose_share",
    "page_rule_content_share",
    "rule_other_x_window_rule_content",
    "comment_meta",
    "comment_kind",
    "after_comment_kind",
    "window_comment_meta",
    "after_rule_span",
    "before_rule_span",
    "log_distance_outside_span",
    "rule_content_mass_before",
    "prose_mass_before",
    "window_short",
    "window_terminal",
    "log_repeats",
];

/// The rule's classes of every line of `text` and, for each line, the values
/// a learned model reads: the line's own measures (length, stop words,
/// punctuation, capitals, digits, furniture lexicon, repetition in the
/// corpus), its place in the page, and its neighbourhood (the rule's classes
/// and the prose around it). Blank lines get zeros. Linear in the text.
pub fn line_features(text: &str, corpus: &CorpusSignal) -> LineValues {
    let lines: Vec<&str> = split_lines(text).collect();
    let a = Analysis::new(&lines, corpus);
    let classes = a.classes();
    values(&a, classes, corpus)
}

fn values(a: &Analysis, classes: Vec<LineClass>, corpus: &CorpusSignal) -> LineValues {
    let n = a.feats.len();
    let weights: Vec<f32> = a.feats.iter().map(|f| a.weight(f)).collect();
    let content: Vec<f32> = classes
        .iter()
        .map(|c| f32::from(u8::from(*c == LineClass::Content)))
        .collect();
    let prose: Vec<f32> = a
        .feats
        .iter()
        .map(|f| f32::from(u8::from(f.is_prose(a.lang_known))))
        .collect();
    let log_chars: Vec<f32> = a
        .feats
        .iter()
        .map(|f| (1.0 + f.chars as f32).ln() / 6.0)
        .collect();
    let blank: Vec<bool> = a.feats.iter().map(|f| f.blank).collect();
    let around = Around::of(&content, &prose, &log_chars, &blank);
    let (w_content, w_prose, w_chars) = (&around.content, &around.prose, &around.chars);
    let (prev, next, dist, run) = (&around.prev, &around.next, &around.dist, &around.run);
    let mut after_end = false;
    let (page_prose, page_content) = (around.page_prose, around.page_content);
    let more = More::of(a, &content, &prose, &blank, corpus);
    let feats = (0..n)
        .map(|i| {
            let f = &a.feats[i];
            let mut v = [0.0f32; FEATURES];
            if f.blank {
                return v;
            }
            v[0] = content[i];
            v[1] = weights[i].clamp(-5.0, 5.0) / 5.0;
            v[2] = log_chars[i];
            v[3] = (1.0 + f.words as f32).ln() / 4.0;
            v[4] = if a.lang_known { f.stop_density() } else { 0.0 };
            v[5] = f.cap_ratio();
            v[6] = f.digits as f32 / (f.letters + f.digits).max(1) as f32;
            v[7] = f32::from(u8::from(f.terminal));
            v[8] = f32::from(u8::from(f.continues));
            v[9] = f32::from(u8::from(f.lower_start));
            v[10] = f32::from(u8::from(f.bullet));
            v[11] = f32::from(u8::from(f.url));
            v[12] = f32::from(u8::from(f.repeated));
            v[13] = f32::from(u8::from(f.hard.is_some()));
            v[14] = f32::from(u8::from(f.hint.is_some()));
            v[15] = f32::from(u8::from(f.lex.end));
            v[16] = f32::from(u8::from(f.credit));
            v[17] = f32::from(u8::from(f.all_caps));
            v[18] = f32::from(u8::from(a.mismatch(f)));
            v[19] = prose[i];
            v[20] = i as f32 / n.max(1) as f32;
            v[21] = w_content[i];
            v[22] = w_prose[i];
            v[23] = w_chars[i];
            v[24] = prev[i];
            v[25] = next[i];
            v[26] = (1.0 + dist[i].min(1000) as f32).ln() / 3.0;
            v[27] = (1.0 + run[i] as f32).ln() / 3.0;
            after_end |= f.lex.end;
            v[28] = f32::from(u8::from(after_end));
            v[29] = f32::from(u8::from(a.lang_known));
            v[30] = f.lex.cover;
            v[31] = f32::from(u8::from(f.lex.strong));
            let other = 1.0 - v[0];
            v[32] = v[0] * v[19];
            v[33] = v[0] * v[2];
            v[34] = other * v[19];
            v[35] = other * v[22];
            v[36] = v[0] * v[28];
            v[37] = page_prose;
            v[38] = page_content;
            v[39] = other * v[21];
            v[40..].copy_from_slice(&more.rows[i]);
            v
        })
        .collect();
    LineValues {
        classes,
        rows: feats,
        blank,
    }
}

/// What [`line_features`] gives: the rule's class of every line, a row of
/// values per line, and which lines are blank.
pub struct LineValues {
    pub classes: Vec<LineClass>,
    pub rows: Vec<[f32; FEATURES]>,
    pub blank: Vec<bool>,
}

/// More of what [`line_features`] reads, from the page as a whole: readers'
/// comment cues (the line's, the window's, any comment section opened above),
/// where the line stands against the span of lines the rule keeps, how much
/// of the kept text and of the prose comes before it, the shares of short
/// lines and of sentence-like lines around it, and its repetition in the
/// corpus.
struct More {
    rows: Vec<[f32; FEATURES - 40]>,
}

impl More {
    fn of(
        a: &Analysis,
        content: &[f32],
        prose: &[f32],
        blank: &[bool],
        corpus: &CorpusSignal,
    ) -> More {
        let n = content.len();
        let flag = |f: &dyn Fn(&Feat) -> bool| -> Vec<f32> {
            a.feats
                .iter()
                .map(|x| f32::from(u8::from(!x.blank && f(x))))
                .collect()
        };
        let meta = flag(&|f| f.comment_meta);
        let comment = |f: &Feat| {
            f.hard == Some(BoilerplateKind::CommentWidget)
                || f.hint == Some(BoilerplateKind::CommentWidget)
                || f.lex.kind == Some(BoilerplateKind::CommentWidget)
        };
        let kind = flag(&comment);
        let short = flag(&|f| f.words <= 3 && !f.terminal);
        let terminal = flag(&|f| f.terminal && f.words >= 4);
        let (w_meta, w_short, w_term) = (
            window_mean(&meta, blank, 6),
            window_mean(&short, blank, 6),
            window_mean(&terminal, blank, 6),
        );
        let first = content.iter().position(|c| *c > 0.0);
        let last = content.iter().rposition(|c| *c > 0.0);
        let chars: Vec<f32> = a.feats.iter().map(|f| f.chars as f32).collect();
        let mass = |w: &[f32]| -> Vec<f32> {
            let total: f32 = chars
                .iter()
                .zip(w)
                .map(|(c, w)| c * w)
                .sum::<f32>()
                .max(1.0);
            let mut acc = 0.0;
            chars
                .iter()
                .zip(w)
                .map(|(c, w)| {
                    let before = acc / total;
                    acc += c * w;
                    before
                })
                .collect()
        };
        let (kept_mass, prose_mass) = (mass(content), mass(prose));
        // non-blank lines outside the kept span, counted from its edge
        let mut outside = vec![0u32; n];
        if let (Some(f), Some(l)) = (first, last) {
            let mut d = 0;
            for i in (l + 1)..n {
                d += u32::from(!blank[i]);
                outside[i] = d;
            }
            d = 0;
            for i in (0..f).rev() {
                d += u32::from(!blank[i]);
                outside[i] = d;
            }
        }
        let mut seen_comment = false;
        let rows = (0..n)
            .map(|i| {
                let mut r = [0.0f32; FEATURES - 40];
                let after_comment = seen_comment;
                seen_comment |= kind[i] > 0.0;
                if blank[i] {
                    return r;
                }
                r[0] = meta[i];
                r[1] = kind[i];
                r[2] = f32::from(u8::from(after_comment));
                r[3] = w_meta[i];
                r[4] = f32::from(u8::from(last.is_some_and(|l| i > l)));
                r[5] = f32::from(u8::from(first.is_some_and(|f| i < f)));
                r[6] = (1.0 + outside[i].min(1000) as f32).ln() / 3.0;
                r[7] = kept_mass[i];
                r[8] = prose_mass[i];
                r[9] = w_short[i];
                r[10] = w_term[i];
                r[11] = (1.0 + corpus.repeats(i).min(1000) as f32).ln() / 3.0;
                r
            })
            .collect();
        More { rows }
    }
}

/// The mean of `v` over the non-blank lines within `r` lines either side.
fn window_mean(v: &[f32], blank: &[bool], r: usize) -> Vec<f32> {
    let n = v.len();
    let mut sum = vec![0.0f32; n + 1];
    let mut cnt = vec![0u32; n + 1];
    for i in 0..n {
        sum[i + 1] = sum[i] + if blank[i] { 0.0 } else { v[i] };
        cnt[i + 1] = cnt[i] + u32::from(!blank[i]);
    }
    (0..n)
        .map(|i| {
            let (a, z) = (i.saturating_sub(r), (i + r + 1).min(n));
            let c = cnt[z] - cnt[a];
            if c == 0 {
                0.0
            } else {
                (sum[z] - sum[a]) / c as f32
            }
        })
        .collect()
}

/// What the lines around each line are like, for [`line_features`]: window
/// means over the non-blank lines within three lines either side (the rule's
/// classes, prose, length), the nearest non-blank line before and after, the
/// distance in non-blank lines to the nearest line the rule keeps, and the
/// number of prose lines in the run a line belongs to.
struct Around {
    content: Vec<f32>,
    prose: Vec<f32>,
    chars: Vec<f32>,
    prev: Vec<f32>,
    next: Vec<f32>,
    dist: Vec<u32>,
    run: Vec<u32>,
    /// Shares of the page's non-blank lines that are prose, and that the rule
    /// keeps.
    page_prose: f32,
    page_content: f32,
}

impl Around {
    fn of(content: &[f32], prose: &[f32], log_chars: &[f32], blank: &[bool]) -> Around {
        let window = |v: &[f32]| window_mean(v, blank, 3);
        let (prev, next) = Around::neighbours(content, blank);
        let nonblank = blank.iter().filter(|b| !**b).count().max(1) as f32;
        Around {
            page_prose: prose.iter().sum::<f32>() / nonblank,
            page_content: content.iter().sum::<f32>() / nonblank,
            content: window(content),
            prose: window(prose),
            chars: window(log_chars),
            prev,
            next,
            dist: Around::distance_to_kept(content, blank),
            run: Around::prose_runs(prose, blank),
        }
    }

    /// The rule's class of the nearest non-blank line before and after.
    fn neighbours(content: &[f32], blank: &[bool]) -> (Vec<f32>, Vec<f32>) {
        let n = content.len();
        let mut prev = vec![0.0f32; n];
        let mut last = None;
        for i in 0..n {
            prev[i] = last.map_or(0.0, |j: usize| content[j]);
            if !blank[i] {
                last = Some(i);
            }
        }
        let mut next = vec![0.0f32; n];
        let mut last = None;
        for i in (0..n).rev() {
            next[i] = last.map_or(0.0, |j: usize| content[j]);
            if !blank[i] {
                last = Some(i);
            }
        }
        (prev, next)
    }

    /// Non-blank lines to the nearest line the rule keeps, either way.
    fn distance_to_kept(content: &[f32], blank: &[bool]) -> Vec<u32> {
        let n = content.len();
        let mut dist = vec![u32::MAX / 2; n];
        let mut d = u32::MAX / 2;
        for i in 0..n {
            if content[i] > 0.0 {
                d = 0;
            } else if !blank[i] {
                d = d.saturating_add(1);
            }
            dist[i] = d;
        }
        let mut d = u32::MAX / 2;
        for i in (0..n).rev() {
            if content[i] > 0.0 {
                d = 0;
            } else if !blank[i] {
                d = d.saturating_add(1);
            }
            dist[i] = dist[i].min(d);
        }
        dist
    }

    /// For each prose line, the prose lines in its run (blank lines between
    /// them allowed); 0 for other lines.
    fn prose_runs(prose: &[f32], blank: &[bool]) -> Vec<u32> {
        let n = prose.len();
        let mut run = vec![0u32; n];
        let mut i = 0;
        while i < n {
            if prose[i] == 0.0 {
                i += 1;
                continue;
            }
            let start = i;
            let mut count = 0;
            let mut end = i;
            while i < n && (prose[i] > 0.0 || blank[i]) {
                if prose[i] > 0.0 {
                    count += 1;
                    end = i + 1;
                }
                i += 1;
            }
            for r in &mut run[start..end] {
                *r = count;
            }
            i = end.max(start + 1);
        }
        run
    }
}

/// Group boilerplate lines into blocks.
///
/// Blank lines between two boilerplate lines do not break a block; a block
/// never starts or ends on a blank line, and its kind is the most frequent
/// kind among its lines (ties go to the kind seen first).
pub fn detect(text: &str, corpus: &CorpusSignal) -> Vec<BoilerplateBlock> {
    blocks_from_classes(&classify(text, corpus))
}

/// For each line, whether it is boilerplate (what the other rules skip).
pub fn mask(classes: &[LineClass]) -> Vec<bool> {
    classes
        .iter()
        .map(|c| matches!(c, LineClass::Boilerplate(_)))
        .collect()
}

/// Group already computed line classes into blocks (see [`detect`]).
pub fn blocks_from_classes(classes: &[LineClass]) -> Vec<BoilerplateBlock> {
    let mut blocks = Vec::new();
    let mut i = 0;
    while i < classes.len() {
        if !matches!(classes[i], LineClass::Boilerplate(_)) {
            i += 1;
            continue;
        }
        let start = i;
        let mut end = i + 1;
        let mut j = i + 1;
        while j < classes.len() {
            match classes[j] {
                LineClass::Boilerplate(_) => {
                    end = j + 1;
                    j += 1;
                }
                LineClass::Blank => j += 1,
                LineClass::Content => break,
            }
        }
        let mut counts: Vec<(BoilerplateKind, usize)> = Vec::new();
        for c in &classes[start..end] {
            if let LineClass::Boilerplate(k) = c {
                match counts.iter_mut().find(|(kk, _)| kk == k) {
                    Some((_, n)) => *n += 1,
                    None => counts.push((*k, 1)),
                }
            }
        }
        // `Other` only wins when nothing more specific is present.
        let best = counts
            .iter()
            .filter(|(k, _)| *k != BoilerplateKind::Other)
            .fold(None::<(BoilerplateKind, usize)>, |acc, &(k, n)| match acc {
                Some((_, m)) if m >= n => acc,
                _ => Some((k, n)),
            })
            .map(|(k, _)| k)
            .unwrap_or(BoilerplateKind::Other);
        let kinds = counts
            .iter()
            .map(|&(k, _)| k)
            .filter(|&k| k != BoilerplateKind::Other || k == best)
            .collect();
        blocks.push(BoilerplateBlock {
            lines: start..end,
            kind: best,
            kinds,
        });
        i = end;
    }
    blocks
}

/// Split `text` into lines the way [`classify`] does: at `\n`, `\r\n` and a lone
/// `\r`, as everywhere in newsdesk (see [`super::lines`]).
pub fn split_lines(text: &str) -> impl Iterator<Item = &str> {
    super::lines::lines_with_ranges(text).map(|(_, l)| l)
}

// ---------------------------------------------------------------------------
// Lexicons
// ---------------------------------------------------------------------------

const BULLETS: &[char] = &[
    '•', '·', '●', '▪', '■', '◦', '►', '▶', '*', '-', '–', '—', '»', '|',
];

static STOPWORDS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    data_lines_of([
        include_str!("lexicon/stopwords_en.txt"),
        include_str!("lexicon/stopwords_ru.txt"),
    ])
    .collect()
});

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Counts in proportion to the share of the line it covers.
    Cover,
    /// Only when it is the whole line.
    Whole,
    /// Decides the line whatever its length.
    Strong,
}

#[derive(Debug, Clone, Copy)]
struct Entry {
    kind: BoilerplateKind,
    mode: Mode,
    /// End-of-article marker when the line starts with the phrase.
    end: bool,
    words: usize,
}

struct Furniture {
    ac: AhoCorasick,
    entries: Vec<Entry>,
}

static FURNITURE: LazyLock<Furniture> = LazyLock::new(|| {
    let mut patterns = Vec::new();
    let mut entries = Vec::new();
    for src in [
        include_str!("lexicon/furniture_en.txt"),
        include_str!("lexicon/furniture_ru.txt"),
    ] {
        let mut kind = BoilerplateKind::Other;
        for line in data_lines(src) {
            if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                kind = BoilerplateKind::from_name(name.trim()).unwrap_or(BoilerplateKind::Other);
                continue;
            }
            let (mut mode, mut end, mut phrase) = (Mode::Cover, false, line);
            loop {
                match phrase.as_bytes().first() {
                    Some(b'=') => mode = Mode::Whole,
                    Some(b'!') => mode = Mode::Strong,
                    Some(b'>') => end = true,
                    _ => break,
                }
                phrase = &phrase[1..];
            }
            let norm = normalize(phrase);
            if norm.is_empty() {
                continue;
            }
            entries.push(Entry {
                kind,
                mode,
                end,
                words: norm.split(' ').count(),
            });
            patterns.push(norm);
        }
    }
    // a DFA: every line of every report is searched (overlapping), and the
    // lexicon is small enough for its memory to be no concern
    let ac = AhoCorasick::builder()
        .match_kind(MatchKind::Standard)
        .kind(Some(aho_corasick::AhoCorasickKind::DFA))
        .build(&patterns)
        .expect("furniture lexicon compiles");
    Furniture { ac, entries }
});

/// Lower-cases, folds ё to е and typographic apostrophes to `'`, turns every
/// other non-alphanumeric character (except `©`) into a space and collapses
/// spaces. Used for lexicon phrases and the lines they are matched against.
fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        let c = match c {
            'ё' | 'Ё' => 'е',
            '’' | '‘' | '`' => '\'',
            _ => c,
        };
        if c.is_alphanumeric() || c == '©' || (c == '\'' && !space && !out.is_empty()) {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            push_lower(&mut out, c);
        } else {
            space = true;
        }
    }
    out
}

/// Pushes `c` lower-cased (ASCII without the Unicode tables).
fn push_lower(out: &mut String, c: char) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
    } else {
        out.extend(c.to_lowercase());
    }
}

/// Result of matching a line against the furniture lexicons.
#[derive(Debug, Clone, Copy, Default)]
struct LexHit {
    /// Kind of the phrase(s) covering most of the line.
    kind: Option<BoilerplateKind>,
    /// Share of the line's words covered by phrases.
    cover: f32,
    /// A strong phrase matched.
    strong: bool,
    /// The line starts with an end-of-article marker.
    end: bool,
    /// Kind of a phrase of two or more words that opens the line.
    lead: Option<BoilerplateKind>,
}

fn match_furniture(norm: &str) -> LexHit {
    let fur = &*FURNITURE;
    let total_words = norm.split(' ').filter(|w| !w.is_empty()).count().max(1);
    let bytes = norm.as_bytes();
    let mut hit = LexHit::default();
    let mut covered = vec![false; norm.len()];
    let mut kind_words: Vec<(BoilerplateKind, usize)> = Vec::new();
    for m in fur.ac.find_overlapping_iter(norm) {
        let (s, e) = (m.start(), m.end());
        // whole words only
        if (s > 0 && bytes[s - 1] != b' ') || (e < bytes.len() && bytes[e] != b' ') {
            continue;
        }
        let entry = fur.entries[m.pattern().as_usize()];
        let whole = s == 0 && e == bytes.len();
        match entry.mode {
            Mode::Whole if !whole => continue,
            Mode::Strong => hit.strong = true,
            _ => {}
        }
        if entry.end && s == 0 && total_words <= entry.words + 8 {
            hit.end = true;
        }
        if s == 0 && entry.words >= 2 && entry.mode != Mode::Whole {
            hit.lead = Some(entry.kind);
        }
        covered[s..e].iter_mut().for_each(|c| *c = true);
        match kind_words.iter_mut().find(|(k, _)| *k == entry.kind) {
            Some((_, n)) => *n += entry.words,
            None => kind_words.push((entry.kind, entry.words)),
        }
    }
    if kind_words.is_empty() {
        return hit;
    }
    // share of covered words
    let mut words = 0usize;
    let mut cov = 0usize;
    let mut pos = 0usize;
    for w in norm.split(' ') {
        if !w.is_empty() {
            words += 1;
            if covered[pos] {
                cov += 1;
            }
        }
        pos += w.len() + 1;
    }
    hit.cover = cov as f32 / words.max(1) as f32;
    hit.kind = kind_words.iter().max_by_key(|(_, n)| *n).map(|(k, _)| *k);
    hit
}

// ---------------------------------------------------------------------------
// Shapes with a fixed meaning
// ---------------------------------------------------------------------------

static RE_MARKUP_TAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"</?[a-zA-Z][a-zA-Z0-9-]*(?:\s[^<>]*)?/?>|\{\*[^}]*\*\}|&(?:nbsp|amp|quot|lt|gt|#\d+);",
    )
    .expect("regex")
});
static RE_CODE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)function\s*\(|\bvar\s+\w+\s*=|\bwindow\.|document\.|=>\s*\{|\}\);?\s*$|^\s*[.#]?[\w-]+\s*\{[^}]*:[^}]*\}")
        .expect("regex")
});
static RE_COUNTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^[+\-]?\d[\d\s.,]*(?:[kmкм]|тыс\.?|млн\.?)?\s*(?:views?|likes?|shares?|comments?|replies|reads|просмотр\w*|коммент\w*|лайк\w*|отзыв\w*)?$")
        .expect("regex")
});
static RE_TIMESTAMP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\d{1,2}[./]\d{1,2}(?:[./]\d{2,4})?,?\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?$|^\d{1,2}:\d{2}(?:\s*[ap]\.?m\.?)?$")
        .expect("regex")
});
static RE_COMMENT_COUNT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\W*(?:\d+\s+(?:comments?|responses?|replies|thoughts|reactions)\b|(?:comments|discussion)\s*\(\d+\)|(?:комментарии|обсуждение)\s*\(?\d+)")
        .expect("regex")
});
static RE_RELATIVE_TIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\W*(?:\d+|an?|one)\s*(?:s|sec|secs|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?|w|wks?|weeks?|mo|months?|y|yrs?|years?)\s+ago\b[\w\s:.,]{0,20}$|^\W*(?:\d+\s+)?(?:минут\w*|час\w*|дн\w*|недел\w*|месяц\w*|лет|год\w*)\s+назад\W*$")
        .expect("regex")
});
static RE_SCORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\W*(?:(?:rating|votes?|score|points|likes?|views?|shares?|рейтинг|голос\w*)\s*:?\s*[+\-]?\d[\d.,]*\s*\w*|[+\-]?\d[\d.,]*\s*(?:votes?|points|likes?|views?|shares?|голос\w*|просмотр\w*))\W*$")
        .expect("regex")
});
static RE_COMMENT_AUTHOR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\S+(?:\s+\S+){0,3}\s+(?:says|said|wrote|writes|replied|commented|пишет|написал|написала|ответил|ответила)\s*[:,]?$")
        .expect("regex")
});
static RE_DATED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|july|august|september|october|november|december|января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря)\.?\s+\d{1,2}\b|\b\d{1,2}\.?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря)\w*\.?\s+\d{4}|\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b|\b\d{1,2}:\d{2}\b")
        .expect("regex")
});
static RE_CREDITED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:^|\s)(?:by|von|par|por|oleh|автор:?)\s+\p{Lu}|\||(?:^|\s)(?:posted|published|updated|written)\s+(?:by|on|at)\b|\b(?:staff|contributor|correspondent|reporter|writer|editor|корреспондент)\b")
        .expect("regex")
});
static RE_WEATHER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^[+\-−]?\d{1,3}(?:[.,]\d)?\s*°?\s*[cf]\b|^[+\-−]?\d{1,3}(?:[.,]\d)?\s*°\s*$")
        .expect("regex")
});
static RE_URL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b(?:https?://|www\.)\S+").expect("regex"));
static RE_FEED_URL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:https?://)?(?:ift\.tt|bit\.ly|t\.co|goo\.gl|feedproxy\.google\.com|tinyurl\.com|ow\.ly|dlvr\.it|buff\.ly)/\S+")
        .expect("regex")
});
static RE_FEED_FROM: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^(?:from|via|source:?)\s+\S.{0,60}$").expect("regex"));
static RE_CREDIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:(?:main\s+|lead\s+|top\s+)?(?:image|photo|picture|video|illustration|graphic)s?\s*(?:source|credit|courtesy|by)?s?\s*:|credits?\s*:|(?:фото|источник|иллюстрация|изображение)\w*\s*:|©|\(c\)\s)")
        .expect("regex")
});
static RE_BYLINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:[Bb]y|BY|От|Автор:?)\s+\p{Lu}").expect("regex"));

/// Words that may make up a date or time banner: every month and weekday name
/// ([`dates::names`]) and these.
const OTHER_DATE_WORDS: &[&str] = &[
    "am",
    "pm",
    "a.m",
    "p.m",
    "et",
    "est",
    "edt",
    "pt",
    "pst",
    "pdt",
    "ct",
    "cst",
    "cdt",
    "gmt",
    "utc",
    "bst",
    "cet",
    "msk",
    "ist",
    "at",
    "on",
    "updated",
    "published",
    "posted",
    "last",
    "modified",
    "date",
    "time",
    "of",
    "the",
    "th",
    "st",
    "nd",
    "rd",
    "г",
    "года",
    "год",
    "в",
    "мск",
    "обновлено",
    "опубликовано",
    "today",
    "yesterday",
    "сегодня",
    "вчера",
];

static DATE_WORDS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    dates::names()
        .chain(OTHER_DATE_WORDS.iter().copied())
        .collect()
});

// ---------------------------------------------------------------------------
// Line features
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Script {
    Latin,
    Cyrillic,
    Other,
}

/// Plain-text measurements of one line.
#[derive(Debug, Clone, Default)]
struct Feat {
    blank: bool,
    /// Characters of the trimmed line.
    chars: usize,
    /// Tokens with at least one letter or digit.
    words: usize,
    /// Tokens that start with a letter.
    alpha_words: usize,
    /// Alphabetic tokens starting with an upper-case letter.
    cap_words: usize,
    /// Stopword tokens (English or Russian).
    stop: usize,
    letters: usize,
    digits: usize,
    latin: usize,
    cyrillic: usize,
    /// Ends like a sentence (`.`, `!`, `?`, `…`, possibly followed by quotes).
    terminal: bool,
    /// Ends with a full stop (not `?` or `!`).
    period: bool,
    /// Ends with `:`, `,` or `;`: a lead-in to a list or a list item.
    continues: bool,
    /// Starts with a lower-case letter.
    lower_start: bool,
    /// Starts with a bullet marker.
    bullet: bool,
    /// Kind decided by shape or lexicon alone, whatever the context.
    hard: Option<BoilerplateKind>,
    /// Kind suggested by the lexicon or shape, used when context says boilerplate.
    hint: Option<BoilerplateKind>,
    /// Lexicon coverage.
    lex: LexHit,
    /// Line mentions a URL.
    url: bool,
    /// Other reports of the corpus contain this line.
    repeated: bool,
    /// Mentions a date or a clock time, or credits an author: the shape of a
    /// byline or dateline rather than of a headline.
    credit: bool,
    /// Every letter is upper-case.
    all_caps: bool,
    /// Marks the end of the article for good: a comment section header or a
    /// rights notice.
    terminal_marker: bool,
    /// A comment section's header (`274 Comments`, `Leave a comment`): one
    /// kind of terminal marker.
    comment_header: bool,
    /// The line under or over a reader's comment: a date or time with the
    /// commenter's name and the widget's words (`by Ann on Aug 8, 2012 5:30
    /// PM reply`, `Adam T | November 9, 2012 1:16 AM | Reply`).
    comment_meta: bool,
    /// Could head a reader's comment: [`Feat::comment_meta`], or a short dated
    /// line that starts with a name rather than the date (`Chef Mark Garcia —
    /// July 17th, 2012, 6:18 pm`), or a name alone (`Hesham Zebida`). Only
    /// counted right after a comment section's header.
    comment_head: bool,
    /// A comment head that needs no header to be one: [`Feat::comment_meta`],
    /// an author line (`Maus said,`) or a dated line that starts with a name
    /// (not with `Updated`).
    strong_head: bool,
    /// Ends with a colon: a lead-in to a list (`Upcoming screenings:`).
    lead_in: bool,
}

impl Feat {
    fn stop_density(&self) -> f32 {
        self.stop as f32 / self.words.max(1) as f32
    }

    fn cap_ratio(&self) -> f32 {
        self.cap_words as f32 / self.alpha_words.max(1) as f32
    }

    fn script(&self) -> Script {
        if self.letters == 0 {
            Script::Other
        } else if self.latin * 10 >= self.letters * 6 {
            Script::Latin
        } else if self.cyrillic * 10 >= self.letters * 6 {
            Script::Cyrillic
        } else {
            Script::Other
        }
    }

    /// A long, well-formed sentence paragraph: the kind of line that
    /// repetition alone must never turn into boilerplate.
    fn is_prose(&self, lang_known: bool) -> bool {
        self.words >= 12
            && self.terminal
            && (!lang_known || self.stop_density() >= 0.2)
            && self.cap_ratio() < 0.5
    }
}

/// [`measure`] through this thread's memo of recently measured lines.
///
/// A line's measures depend on its text and the report's language alone
/// (`repeats` only sets the `repeated` flag), and the same lines come back
/// again and again: a site's
/// menus and notices on each of its pages, a statement in every report that
/// carries it, and every line once more when a cold pass classifies the
/// report a second time with the corpus's repeats.
fn measured(raw: &str, repeats: u32) -> Feat {
    // lines this short cost less to measure than to look up
    if raw.len() < MEMO_MIN_BYTES {
        return measure(raw, repeats);
    }
    // the measures read the word lists of the report's language (function
    // words, verbs of saying, month names): one memo entry per language
    let seed = crate::analysis::text::lang::current()
        .map_or(0, |l| xxhash_rust::xxh3::xxh3_64(l.code().as_bytes()));
    let key = xxhash_rust::xxh3::xxh3_128_with_seed(raw.as_bytes(), seed);
    let mut f = MEMO.with(|memo| {
        let mut memo = memo.borrow_mut();
        if let Some(f) = memo.get(key) {
            return f;
        }
        let f = measure(raw, 0);
        memo.put(key, f.clone());
        f
    });
    f.repeated = !f.blank && repeats > 0;
    f
}

/// Lines shorter than this (in bytes) are measured every time.
const MEMO_MIN_BYTES: usize = 8;

/// Entries in each of the memo's two generations.
const MEMO_GENERATION: usize = 4096;

thread_local! {
    static MEMO: std::cell::RefCell<Memo> = std::cell::RefCell::new(Memo::default());
}

/// Measures by a 128-bit hash of the line's text, in two generations: when
/// the newer one is full it becomes the older one and the oldest entries are
/// dropped, so lines that keep coming back stay and memory stays bounded
/// (a few megabytes a thread).
#[derive(Default)]
struct Memo {
    new: rustc_hash::FxHashMap<u128, Feat>,
    old: rustc_hash::FxHashMap<u128, Feat>,
}

impl Memo {
    fn get(&mut self, key: u128) -> Option<Feat> {
        if let Some(f) = self.new.get(&key) {
            return Some(f.clone());
        }
        let f = self.old.remove(&key)?;
        self.put(key, f.clone());
        Some(f)
    }

    fn put(&mut self, key: u128, f: Feat) {
        if self.new.len() >= MEMO_GENERATION {
            self.old = std::mem::take(&mut self.new);
        }
        self.new.insert(key, f);
    }
}

/// A dated line that carries a comment widget's words or shape (see
/// `Feat::comment_meta`).
fn is_comment_meta(body: &str) -> bool {
    let lower = body.to_lowercase();
    lower.starts_with("by ")
        || lower.contains(" | ")
        || lower.split(|c: char| !c.is_alphanumeric()).any(|w| {
            matches!(
                w,
                "reply" | "replies" | "permalink" | "ответить" | "ответ" | "цитировать"
            )
        })
}

/// How the line ends: like a sentence, with a full stop, or leading on.
fn set_ending(f: &mut Feat, body: &str) {
    let tail = body.trim_end_matches(|c: char| {
        matches!(c, '"' | '\'' | '”' | '’' | '»' | ')' | ']' | '“' | '*') || c.is_whitespace()
    });
    f.terminal = tail.ends_with(['.', '!', '?', '…', '。', '！', '？']) && !tail.ends_with("...");
    f.period = tail.ends_with('.');
    f.continues = tail.ends_with([':', ',', ';']) && f.words >= 2;
    f.lead_in = tail.ends_with(':') && f.words >= 2;
}

fn measure(raw: &str, repeats: u32) -> Feat {
    let text = raw.trim_matches(|c: char| c.is_whitespace() || c == '\u{200b}' || c == '\u{feff}');
    let mut f = Feat {
        blank: text.is_empty(),
        ..Feat::default()
    };
    if f.blank {
        return f;
    }
    f.repeated = repeats > 0;
    f.chars = text.chars().count();
    let first = text.chars().next().unwrap_or(' ');
    f.bullet = BULLETS.contains(&first) && first != '-' || text.starts_with("- ");
    let body = text.trim_start_matches(|c: char| BULLETS.contains(&c) || c.is_whitespace());

    for c in body.chars() {
        if c.is_alphabetic() {
            f.letters += 1;
            if c.is_ascii_alphabetic() || ('\u{00C0}'..='\u{024F}').contains(&c) {
                f.latin += 1;
            } else if is_cyrillic(c) {
                f.cyrillic += 1;
            }
        } else if c.is_numeric() {
            f.digits += 1;
        }
    }
    let mut lw = String::new();
    // a report in German, French or Spanish counts its own function words too
    let own = crate::analysis::text::lang::own_function_words();
    for tok in body.split_whitespace() {
        let w = tok.trim_matches(|c: char| !c.is_alphanumeric());
        if w.is_empty() {
            continue;
        }
        f.words += 1;
        let c0 = w.chars().next().unwrap_or(' ');
        if c0.is_alphabetic() {
            f.alpha_words += 1;
            if c0.is_uppercase() {
                f.cap_words += 1;
            }
        }
        // no stop word is longer than this; skip the lookup for long words
        if w.len() > MAX_STOPWORD_BYTES {
            continue;
        }
        lw.clear();
        for c in w.chars() {
            match c {
                'ё' | 'Ё' => lw.push('е'),
                '’' => lw.push('\''),
                c if c.is_ascii() => lw.push(c.to_ascii_lowercase()),
                c => lw.extend(c.to_lowercase()),
            }
        }
        if STOPWORDS.contains(lw.as_str()) || own.is_some_and(|o| is_own_stop(o, &lw)) {
            f.stop += 1;
        }
    }
    set_ending(&mut f, body);
    f.lower_start = body.chars().next().is_some_and(char::is_lowercase) && !f.url;
    let gate = Gate::new(body, f.digits > 0);
    f.url = gate.url() && RE_URL.is_match(body);

    let norm = normalize(body);
    f.lex = match_furniture(&norm);
    decide_shape(&mut f, body, &norm, &gate);
    let dated = gate.digit && RE_DATED.is_match(body);
    f.credit = dated
        || (gate.byline() && RE_BYLINE.is_match(body))
        || (gate.credited() && RE_CREDITED.is_match(body));
    f.all_caps = f.letters > 0 && !body.chars().any(char::is_lowercase);
    f.comment_meta = f.credit && f.words <= 24 && is_comment_meta(body);
    let name_start = body
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c == '@');
    let dated_head =
        dated && f.words <= 14 && !f.terminal && name_start && !is_date_line(&norm, &f);
    let name_alone = f.digits == 0
        && (1..=4).contains(&f.words)
        && f.chars <= 40
        && !f.terminal
        && !f.continues
        && f.hard.is_none()
        && f.cap_words == f.alpha_words;
    let author = f.words <= 6 && gate.comment_author() && RE_COMMENT_AUTHOR.is_match(body);
    let update = matches!(
        norm.split(' ').next(),
        Some("updated" | "update" | "last" | "modified" | "edited" | "обновлено")
    );
    // `— Ann Lee (@annlee) November 18, 2019`: a tweet quoted in the article
    let tweet = text.starts_with(['—', '–', '-']) || body.contains("(@");
    f.strong_head = f.comment_meta || author || dated_head && !update && !tweet;
    f.comment_head = f.strong_head || name_alone;
    f.comment_header = (f.lex.end && f.hard == Some(BoilerplateKind::CommentWidget))
        || (gate.digit && RE_COMMENT_COUNT.is_match(body));
    f.terminal_marker = f.comment_header
        || (f.lex.strong && f.lex.kind == Some(BoilerplateKind::Rights) && f.words <= 40);
    f
}

/// Whether the lower-case word is a function word of the report's own
/// language, or starts with an elided one (`l'accord`, `qu'il`).
fn is_own_stop(own: &crate::analysis::text::lang::FunctionWords, lw: &str) -> bool {
    own.contains(lw)
        || lw
            .split_once('\'')
            .is_some_and(|(head, _)| !head.is_empty() && own.contains(head))
}

/// A word longer than this (in bytes) is no stop word: the longest stop word has
/// 16 bytes, and lower-casing shrinks a word to no less than a third of its
/// bytes (checked by a test).
const MAX_STOPWORD_BYTES: usize = 48;

/// Cheap necessary conditions for the shape expressions: most lines of prose
/// cannot match most of them, and the expressions (case-insensitive, with
/// Unicode word boundaries) are the costliest part of measuring a line. Each
/// test is implied by its expression, so gating never changes a result.
struct Gate<'a> {
    body: &'a str,
    lower: String,
    /// The line holds a digit (`\d` in the expressions is a Unicode digit).
    digit: bool,
    first: char,
}

impl<'a> Gate<'a> {
    fn new(body: &'a str, digit: bool) -> Gate<'a> {
        Gate {
            body,
            lower: body.to_lowercase(),
            digit,
            first: body.chars().next().unwrap_or(' '),
        }
    }
    fn has(&self, needle: &str) -> bool {
        self.lower.contains(needle)
    }
    fn starts(&self, needles: &[&str]) -> bool {
        needles.iter().any(|n| self.lower.starts_with(n))
    }
    fn url(&self) -> bool {
        self.has("http") || self.has("www.")
    }
    /// [`RE_MARKUP_TAG`]
    fn markup(&self) -> bool {
        self.body.contains(['<', '&']) || self.body.contains("{*")
    }
    /// [`RE_CODE`]
    fn code(&self) -> bool {
        self.body.contains('}')
            || (self.body.contains('(') && self.has("function"))
            || (self.body.contains('=') && (self.has("var") || self.body.contains("=>")))
            || self.has("window.")
            || self.has("document.")
    }
    /// Expressions anchored on a leading number or sign.
    fn leading_number(&self) -> bool {
        self.first.is_numeric() || matches!(self.first, '+' | '-' | '−')
    }
    /// [`RE_FEED_URL`]
    fn feed_url(&self) -> bool {
        self.body.contains('/') && self.body.contains('.')
    }
    /// [`RE_RELATIVE_TIME`]
    fn relative_time(&self) -> bool {
        self.has("ago") || self.has("назад")
    }
    /// [`RE_COMMENT_AUTHOR`]
    fn comment_author(&self) -> bool {
        [
            "says",
            "said",
            "wrote",
            "writes",
            "replied",
            "commented",
            "пишет",
            "написал",
            "ответил",
        ]
        .iter()
        .any(|n| self.has(n))
    }
    /// [`RE_BYLINE`]
    fn byline(&self) -> bool {
        self.starts(&["by", "от", "автор"])
    }
    /// [`RE_CREDITED`]
    fn credited(&self) -> bool {
        self.body.contains('|')
            || self.lower.split_whitespace().any(|t| {
                matches!(
                    t,
                    "by" | "von"
                        | "par"
                        | "por"
                        | "oleh"
                        | "автор"
                        | "автор:"
                        | "posted"
                        | "published"
                        | "updated"
                        | "written"
                )
            })
            || [
                "staff",
                "contributor",
                "correspondent",
                "reporter",
                "writer",
                "editor",
                "корреспондент",
            ]
            .iter()
            .any(|n| self.has(n))
    }
    /// [`RE_CREDIT`]
    fn credit(&self) -> bool {
        self.body.contains('©')
            || self.starts(&[
                "main",
                "lead",
                "top",
                "image",
                "photo",
                "picture",
                "video",
                "illustration",
                "graphic",
                "credit",
                "фото",
                "источник",
                "иллюстрация",
                "изображение",
                "(c)",
            ])
    }
    /// [`RE_FEED_FROM`]
    fn feed_from(&self) -> bool {
        self.starts(&["from", "via", "source"])
    }
}

/// Sets `hard` and `hint` from shapes with a fixed meaning and the lexicons.
fn decide_shape(f: &mut Feat, body: &str, norm: &str, gate: &Gate) {
    if let Some(k) = fixed_shape(f, body, norm, gate) {
        f.hard = Some(k);
    } else if let Some(k) = shape_hint(f, body, gate) {
        f.hint = Some(k);
    }
}

/// The kind of a line whose shape or words say for certain what it is: stray
/// markup or code, symbols only, feed residue, time stamps, comment widgets,
/// counters, weather and date lines, and lines the furniture lexicon covers.
fn fixed_shape(f: &Feat, body: &str, norm: &str, gate: &Gate) -> Option<BoilerplateKind> {
    use BoilerplateKind as K;
    let short = f.words <= 6;

    // stray markup and code
    let tag_chars: usize = if gate.markup() {
        RE_MARKUP_TAG
            .find_iter(body)
            .map(|m| m.as_str().chars().count())
            .sum()
    } else {
        0
    };
    if tag_chars > 0 && (tag_chars * 3 >= f.chars || body.starts_with('<'))
        || (gate.code() && RE_CODE.is_match(body))
    {
        return Some(K::Markup);
    }
    // symbols only
    if f.letters == 0 && f.digits == 0 {
        return Some(K::Other);
    }
    // feed reader residue
    if f.words <= 12 && gate.feed_url() && RE_FEED_URL.is_match(body) {
        return Some(K::FeedResidue);
    }
    if gate.leading_number() && RE_TIMESTAMP.is_match(body) {
        return Some(if f.bullet {
            K::CommentWidget
        } else {
            K::Banner
        });
    }
    if (gate.relative_time() && RE_RELATIVE_TIME.is_match(body))
        || (gate.comment_author() && RE_COMMENT_AUTHOR.is_match(body))
    {
        return Some(K::CommentWidget);
    }
    if (gate.leading_number() && RE_COUNTER.is_match(body))
        || (gate.digit && RE_SCORE.is_match(body))
    {
        return Some(K::Counter);
    }
    if f.words <= 4 && gate.leading_number() && RE_WEATHER.is_match(body) {
        return Some(K::Banner);
    }
    if is_date_line(norm, f) {
        return Some(K::Banner);
    }
    if f.lex.strong {
        return Some(f.lex.kind.unwrap_or(K::Rights));
    }
    if f.words <= 20 && gate.credit() && RE_CREDIT.is_match(body) {
        return Some(K::Rights);
    }
    if let Some(k) = f.lex.kind {
        if f.lex.cover >= 0.99 || (f.lex.cover >= 0.6 && short) {
            return Some(k);
        }
    }
    None
}

/// A hint at the kind of a line that only its neighbours can confirm: some
/// furniture words, a link, "via …", a byline. The last that applies wins.
fn shape_hint(f: &Feat, body: &str, gate: &Gate) -> Option<BoilerplateKind> {
    use BoilerplateKind as K;
    let mut hint = None;
    if let Some(k) = f.lex.kind.filter(|_| f.lex.cover >= 0.34) {
        hint = Some(k);
    }
    if let Some(k) = f.lex.lead.filter(|_| f.words <= 25) {
        hint = Some(k);
    }
    if f.url && f.words <= 6 {
        hint = Some(K::FeedResidue);
    }
    if !f.terminal && f.words <= 8 && gate.feed_from() && RE_FEED_FROM.is_match(body) {
        hint = Some(K::FeedResidue);
    }
    if f.words <= 8 && !f.terminal && gate.byline() && RE_BYLINE.is_match(body) {
        hint = Some(K::Other);
    }
    hint
}

fn is_date_line(norm: &str, f: &Feat) -> bool {
    if f.words == 0 || f.words > 10 || f.digits == 0 && f.words < 2 {
        return false;
    }
    let mut named = false;
    for w in norm.split(' ') {
        if w.is_empty() {
            continue;
        }
        if w.chars().all(|c| c.is_ascii_digit()) || is_ordinal(w) || is_clock(w) {
            continue;
        }
        if DATE_WORDS.contains(w) {
            named |= w.len() > 2;
            continue;
        }
        return false;
    }
    named || f.digits >= 4
}

fn is_ordinal(w: &str) -> bool {
    let digits = w.chars().take_while(char::is_ascii_digit).count();
    digits > 0
        && matches!(
            &w[digits..],
            "st" | "nd" | "rd" | "th" | "am" | "pm" | "h" | "г"
        )
}

fn is_clock(w: &str) -> bool {
    w.chars().all(|c| c.is_ascii_digit() || c == ':')
}

// ---------------------------------------------------------------------------
// Document-level analysis
// ---------------------------------------------------------------------------

/// The rule's classes of a page's lines, with the lines it took for the
/// headline and the sidebar lines that no header announced (see
/// `Analysis::model_decides`).
struct RuleClasses {
    classes: Vec<LineClass>,
    headline: Vec<usize>,
    unheaded: Vec<bool>,
}

/// Weight of a line's evidence for "article body" (positive) or "furniture"
/// (negative); the body is the maximum-sum run of these weights.
struct Analysis {
    feats: Vec<Feat>,
    /// Stopword lists apply to this report's language.
    lang_known: bool,
    /// Dominant script of the report's prose.
    script: Script,
}

impl Analysis {
    fn new(lines: &[&str], corpus: &CorpusSignal) -> Analysis {
        let feats: Vec<Feat> = lines
            .iter()
            .enumerate()
            .map(|(i, l)| measured(l, corpus.repeats(i)))
            .collect();
        // language and script from the longer lines
        let (mut words, mut stop, mut lat, mut cyr, mut letters) = (0, 0, 0, 0, 0);
        for f in feats.iter().filter(|f| f.words >= 8 && f.hard.is_none()) {
            words += f.words;
            stop += f.stop;
            lat += f.latin;
            cyr += f.cyrillic;
            letters += f.letters;
        }
        let lang_known = words >= 20 && stop * 100 >= words * 18;
        let script = if letters == 0 {
            Script::Other
        } else if lat * 10 >= letters * 8 {
            Script::Latin
        } else if cyr * 10 >= letters * 8 {
            Script::Cyrillic
        } else {
            Script::Other
        };
        Analysis {
            feats,
            lang_known,
            script,
        }
    }

    fn mismatch(&self, f: &Feat) -> bool {
        let s = f.script();
        self.script != Script::Other && s != Script::Other && s != self.script && f.letters >= 4
    }

    /// Evidence weight of line `f` for belonging to the article body.
    fn weight(&self, f: &Feat) -> f32 {
        if f.blank {
            return 0.0;
        }
        if f.hard.is_some() {
            return if f.lex.end { -4.0 } else { -1.0 };
        }
        let mut w: f32;
        let c = f.chars as f32;
        w = if c < 20.0 {
            -0.8
        } else if c < 50.0 {
            -0.4
        } else if c < 80.0 {
            0.0
        } else if c < 140.0 {
            0.5
        } else {
            1.0 + ((c - 140.0) / 300.0).min(1.5)
        };
        if f.terminal {
            w += 0.5;
        } else if f.continues {
            // list item or lead-in to a list: part of running text
            w += 0.3;
        } else if c >= 50.0 {
            w -= 0.6;
        }
        if f.lower_start {
            // menus and headlines start with a capital; a lower-case start is
            // a list item or a sentence fragment of the article
            w += 0.6;
        }
        if self.lang_known && f.words >= 4 {
            let sd = f.stop_density();
            if sd < 0.12 {
                w -= 1.0;
            } else if sd < 0.22 {
                w -= 0.4;
            } else if sd >= 0.3 {
                w += 0.3;
            }
        }
        if f.alpha_words >= 4 && f.cap_ratio() > 0.6 {
            // Title Case: menus and headlines; a dateline sentence is milder
            w -= if f.terminal { 0.3 } else { 0.8 };
        }
        if f.digits * 3 > f.letters.max(1) {
            w -= 0.8;
        }
        if f.hint.is_some() {
            w -= 1.0;
        }
        if self.mismatch(f) {
            w -= 2.0;
        }
        if f.bullet {
            w -= 0.3;
        }
        if f.repeated && !f.is_prose(self.lang_known) {
            w -= 0.7;
        }
        if f.lex.end {
            w -= 4.0;
        }
        w
    }

    fn classes(&self) -> Vec<LineClass> {
        self.rule_classes().classes
    }

    /// The rule's classes, and the lines it took for the headline.
    fn rule_classes(&self) -> RuleClasses {
        use BoilerplateKind as K;
        let n = self.feats.len();
        let section = self.comment_section();
        let weights: Vec<f32> = self
            .feats
            .iter()
            .enumerate()
            .map(|(i, f)| match section {
                // the article ends where the comments begin
                Some(s) if i >= s && !f.blank => SECTION_WEIGHT,
                _ => self.weight(f),
            })
            .collect();
        let main = self.body(&weights).map(|b| self.extend(b, &weights));
        let segments = match &main {
            Some(m) => self.with_satellites(m.clone(), &weights),
            None => Vec::new(),
        };

        let mut out = Vec::with_capacity(n);
        for (i, f) in self.feats.iter().enumerate() {
            if section.is_some_and(|s| i >= s) {
                out.push(if f.blank {
                    LineClass::Blank
                } else {
                    LineClass::Boilerplate(K::CommentWidget)
                });
                continue;
            }
            if f.blank {
                out.push(LineClass::Blank);
                continue;
            }
            if let Some(k) = f.hard {
                out.push(LineClass::Boilerplate(k));
                continue;
            }
            let inside = segments.iter().any(|b| b.contains(&i));
            if inside && !self.mismatch(f) && self.keeps_inside(i, &weights) {
                out.push(LineClass::Content);
            } else {
                out.push(LineClass::Boilerplate(f.hint.unwrap_or(K::Other)));
            }
        }
        let headline = segments
            .first()
            .map_or(Vec::new(), |b| self.headline(b.start));
        for &h in &headline {
            out[h] = LineClass::Content;
        }
        let span = match (segments.first(), segments.last()) {
            (Some(a), Some(b)) => Some(a.start..b.end),
            _ => None,
        };
        let unheaded = self.assign_context_kinds(&mut out, span.clone());
        self.rescue_prose(&mut out);
        self.lead_in_lists(&mut out);
        self.comment_threads(&mut out, span);
        let unheaded = unheaded
            .into_iter()
            .zip(&out)
            .map(|(u, c)| u && *c == LineClass::Boilerplate(K::Sidebar))
            .collect();
        RuleClasses {
            classes: out,
            headline,
            unheaded,
        }
    }

    /// Whether the line model may change the rule's class `c` of a line:
    /// not for furniture known by shape or lexicon alone (markup, counters,
    /// ...) nor for the lines of sections the rule recognised by a header or
    /// a furniture word ([`SECTION_KINDS`]); a line that is a sidebar only
    /// because it comes after the article with no header above it
    /// (`unheaded`) is the model's to decide: a list the article ends with
    /// is as likely as a list of other stories. The headline is kept apart by
    /// the caller (the model never learned headlines: the labelled sets
    /// leave them out).
    fn model_decides(&self, c: LineClass, f: &Feat, unheaded: bool) -> bool {
        match c {
            LineClass::Blank => false,
            LineClass::Content => true,
            LineClass::Boilerplate(k) => {
                f.hard.is_none() && (unheaded || !SECTION_KINDS.contains(&k))
            }
        }
    }

    /// The final classes from the rule's and the line model's probability
    /// of content `p` (0.5 where the model does not decide): the model
    /// overrides the rule when it is fairly sure ([`MODEL_BOILERPLATE_BELOW`],
    /// [`MODEL_CONTENT_ABOVE`]; for a sidebar line that no header announced,
    /// `unheaded`, [`MODEL_UNHEADED_CONTENT_ABOVE`]); a line moved to
    /// boilerplate takes the kind its lexicon or shape suggests.
    fn decide(&self, rule: Vec<LineClass>, p: &[f32], unheaded: &[bool]) -> Vec<LineClass> {
        rule.into_iter()
            .zip(p)
            .zip(&self.feats)
            .zip(unheaded)
            .map(|(((c, p), f), unheaded)| match c {
                LineClass::Content if *p < MODEL_BOILERPLATE_BELOW => {
                    LineClass::Boilerplate(f.hint.unwrap_or(BoilerplateKind::Other))
                }
                LineClass::Boilerplate(_) if *unheaded && *p <= MODEL_UNHEADED_CONTENT_ABOVE => c,
                LineClass::Boilerplate(_) if *p > MODEL_CONTENT_ABOVE => LineClass::Content,
                c => c,
            })
            .collect()
    }

    /// Where a readers' comment section starts, if the page has one: the
    /// first comment header (`274 Comments`, `Leave a comment`) that follows
    /// at least [`PROSE_RUN`] prose lines of the article and is followed, among
    /// the next [`SECTION_REACH`] non-blank lines, by at least
    /// [`SECTION_HEADS`] comment heads ([`Feat::comment_head`]; a name alone
    /// counts only when a sentence follows it). From there to the end of the
    /// page everything is the comment widget's, however much prose the
    /// comments hold.
    fn comment_section(&self) -> Option<usize> {
        let n = self.feats.len();
        let mut prose = 0;
        for (h, f) in self.feats.iter().enumerate() {
            if f.is_prose(self.lang_known) && f.hard.is_none() {
                prose += 1;
                continue;
            }
            if !f.comment_header || prose < PROSE_RUN {
                continue;
            }
            let after: Vec<usize> = (h + 1..n)
                .filter(|&j| !self.feats[j].blank)
                .take(SECTION_REACH)
                .collect();

            let said = |k: usize| {
                after.get(k).is_some_and(|&j| {
                    let g = &self.feats[j];
                    !g.comment_head
                        && g.hard.is_none()
                        && g.words >= 3
                        && (g.terminal || g.words >= 8)
                })
            };
            let heads = after
                .iter()
                .enumerate()
                .filter(|&(k, &j)| {
                    let g = &self.feats[j];
                    g.comment_head && (g.comment_meta || g.digits > 0 || said(k + 1))
                })
                .count();
            if heads >= SECTION_HEADS {
                return Some(h);
            }
        }
        None
    }

    /// Readers' comments: three or more comment lines (a date with the
    /// widget's words, an author line: [`Feat::strong_head`]) at most
    /// [`THREAD_GAP`] non-blank lines apart, after the middle of the article,
    /// make a thread, and the thread — from its first
    /// comment line to the end of the last comment — is boilerplate, however
    /// much prose the comments hold.
    fn comment_threads(&self, out: &mut [LineClass], span: Option<Range<usize>>) {
        // after the middle of the article the rule found
        let from = span.map_or(0, |s| (s.start + s.end) / 2);
        let metas: Vec<usize> = (from..self.feats.len())
            .filter(|&i| self.feats[i].strong_head)
            .collect();
        // non-blank lines strictly between two comment lines
        let between = |a: usize, b: usize| (a + 1..b).filter(|&j| !self.feats[j].blank).count();
        let gaps: Vec<usize> = metas.windows(2).map(|w| between(w[0], w[1])).collect();
        let mut k = 0;
        while k < metas.len() {
            let mut z = k;
            let mut gap = 0;
            while z < gaps.len() && gaps[z] <= THREAD_GAP {
                gap = gap.max(gaps[z]);
                z += 1;
            }
            if z - k + 1 >= 3 {
                // the last comment's text: up to the widest gap of the thread
                let mut end = metas[z] + 1;
                let mut seen = 0;
                while end < out.len() && seen < gap {
                    if !self.feats[end].blank {
                        seen += 1;
                    }
                    end += 1;
                }
                for c in &mut out[metas[k]..end] {
                    if *c != LineClass::Blank {
                        *c = LineClass::Boilerplate(BoilerplateKind::CommentWidget);
                    }
                }
            }
            k = z + 1;
        }
    }

    /// No block swallows an article: a run of [`PROSE_RUN`] or more prose
    /// paragraphs (blank lines between them allowed) that the rule put in a
    /// block is content, unless there is strong evidence against it — it comes
    /// after the end of the article (comments, a rights notice), its lines are
    /// repeated in other reports, or the furniture lexicon or a shape decided
    /// one of them.
    fn rescue_prose(&self, out: &mut [LineClass]) {
        let n = self.feats.len();
        let end = self
            .feats
            .iter()
            .position(|f| f.terminal_marker)
            .unwrap_or(n);
        let boiler = |c: &LineClass| matches!(c, LineClass::Boilerplate(_));
        let mut i = 0;
        while i < end {
            if !(self.feats[i].is_prose(self.lang_known) && boiler(&out[i])) {
                i += 1;
                continue;
            }
            let start = i;
            let (mut last, mut count, mut clean) = (i, 0, true);
            while i < end {
                let g = &self.feats[i];
                if g.blank {
                    i += 1;
                    continue;
                }
                if !g.is_prose(self.lang_known) || !boiler(&out[i]) {
                    break;
                }
                clean &= !g.repeated && g.hard.is_none() && g.hint.is_none() && !self.mismatch(g);
                count += 1;
                last = i;
                i += 1;
            }
            if count >= PROSE_RUN && clean {
                for c in &mut out[start..=last] {
                    if boiler(c) {
                        *c = LineClass::Content;
                    }
                }
            }
            i = i.max(last + 1);
        }
    }

    /// A list the article leads into stays content: after a content line
    /// that ends with a colon (`Upcoming screenings:`), or a lead-in right
    /// under a content paragraph, the lines that follow are content up to
    /// the article again or to the first line that is furniture by lexicon or
    /// shape, repeated in other reports, or a terminal marker, at most
    /// [`LIST_REACH`] non-blank lines and at least two of them.
    fn lead_in_lists(&self, out: &mut [LineClass]) {
        let n = self.feats.len();
        let plain = |g: &Feat| {
            g.hard.is_none()
                && g.hint.is_none()
                && !g.repeated
                && !g.terminal_marker
                && !g.lex.end
                && g.words <= 40
        };
        let mut prev: Option<usize> = None;
        let mut i = 0;
        while i < n {
            let f = &self.feats[i];
            if f.blank {
                i += 1;
                continue;
            }
            let after_article = prev.is_some_and(|p| {
                out[p] == LineClass::Content && self.feats[p].is_prose(self.lang_known)
            });
            let opens = f.lead_in
                && plain(f)
                && (out[i] == LineClass::Content || after_article && !self.mismatch(f));
            prev = Some(i);
            if !opens {
                i += 1;
                continue;
            }
            let mut items = Vec::new();
            let mut j = i + 1;
            while j < n && items.len() < LIST_REACH {
                let g = &self.feats[j];
                if g.blank {
                    j += 1;
                    continue;
                }
                if out[j] == LineClass::Content || !plain(g) || self.mismatch(g) {
                    break;
                }
                items.push(j);
                j += 1;
            }
            if items.len() >= 2 {
                out[i] = LineClass::Content;
                for &k in &items {
                    out[k] = LineClass::Content;
                }
                prev = items.last().copied();
                i = j;
            } else {
                i += 1;
            }
        }
    }

    /// jusText-style context for a line inside the body: a fair line stays
    /// content; a weak one (a short sub-heading) only when the nearest
    /// non-blank lines on both sides are good paragraphs.
    fn keeps_inside(&self, i: usize, weights: &[f32]) -> bool {
        if weights[i] > -1.0 {
            return true;
        }
        let prev = (0..i).rev().find(|&j| !self.feats[j].blank);
        let next = (i + 1..self.feats.len()).find(|&j| !self.feats[j].blank);
        let good = |j: Option<usize>| j.is_some_and(|j| weights[j] > 0.5);
        good(prev) && good(next)
    }

    /// The body plus nearby runs of good paragraphs that a box of links
    /// ("Related", other headlines) split off from it. A satellite must be
    /// close (at most [`SATELLITE_GAP`] non-blank lines away), carry real weight
    /// and hold at least two good paragraphs, and no terminal marker may lie
    /// between it and the body. Lines of the gap stay outside.
    fn with_satellites(&self, main: Range<usize>, weights: &[f32]) -> Vec<Range<usize>> {
        let mut segs = vec![main];
        // before
        loop {
            let first = segs[0].start;
            let lo = self.window_start(first);
            let Some((r, score)) = best_run(&weights[lo..first]) else {
                break;
            };
            let r = r.start + lo..r.end + lo;
            if !self.is_satellite(&r, score, weights) {
                break;
            }
            segs.insert(0, self.extend(r, weights));
        }
        // after
        loop {
            let last = segs[segs.len() - 1].end;
            let hi = self.window_end(last);
            let Some((r, score)) = best_run(&weights[last..hi]) else {
                break;
            };
            let r = r.start + last..r.end + last;
            if !self.is_satellite(&r, score, weights) {
                break;
            }
            segs.push(self.extend(r, weights));
        }
        segs
    }

    fn is_satellite(&self, r: &Range<usize>, score: f32, weights: &[f32]) -> bool {
        let good = r.clone().filter(|&i| weights[i] >= 1.0).count();
        score >= 3.0 && good >= 2
    }

    /// Start of the window searched for a satellite before line `start`.
    fn window_start(&self, start: usize) -> usize {
        let mut seen = 0;
        let mut lo = start;
        while lo > 0 {
            let f = &self.feats[lo - 1];
            if f.terminal_marker {
                break;
            }
            if !f.blank {
                seen += 1;
                if seen > SATELLITE_GAP {
                    break;
                }
            }
            lo -= 1;
        }
        lo
    }

    /// End of the window searched for a satellite after line `end`.
    fn window_end(&self, end: usize) -> usize {
        let mut seen = 0;
        let mut hi = end;
        while hi < self.feats.len() {
            let f = &self.feats[hi];
            if f.terminal_marker {
                break;
            }
            if !f.blank {
                seen += 1;
                if seen > SATELLITE_GAP {
                    break;
                }
            }
            hi += 1;
        }
        hi
    }

    /// The article body: the maximum-weight run of lines. Comment sections and
    /// closing notices can outweigh a short article, so when a terminal marker
    /// (a comment widget header, a rights notice) is present, the best run
    /// before it wins if it carries at least a quarter of the overall best weight.
    fn body(&self, weights: &[f32]) -> Option<Range<usize>> {
        let (global, score) = best_run(weights)?;
        let marker = self.feats.iter().position(|f| f.terminal_marker);
        if let Some(m) = marker.filter(|&m| m < global.end) {
            if let Some((early, s)) = best_run(&weights[..m]) {
                if s >= 0.25 * score {
                    return Some(early);
                }
            }
        }
        Some(global)
    }

    /// Widens the body over adjacent sentence lines that the weights alone
    /// left out (a dateline heavy in names, a short closing paragraph), as
    /// jusText's context pass lets near-good paragraphs join good neighbours.
    fn extend(&self, body: Range<usize>, weights: &[f32]) -> Range<usize> {
        let absorbable = |i: usize| {
            let f = &self.feats[i];
            f.hard.is_none()
                && f.hint.is_none()
                && !f.lex.end
                && !self.mismatch(f)
                && weights[i] > -1.5
                && f.terminal
                && f.words >= 6
        };
        // Stray markup (an inline "Read more" box, an image tag) sits inside
        // articles: the body extends across it, though the markup itself stays
        // boilerplate.
        let transparent = |j: usize| {
            let f = &self.feats[j];
            f.blank || f.hard == Some(BoilerplateKind::Markup)
        };
        let (mut start, mut end) = (body.start, body.end);
        loop {
            match (0..start).rev().find(|&j| !transparent(j)) {
                Some(j) if absorbable(j) => start = j,
                _ => break,
            }
        }
        loop {
            match (end..self.feats.len()).find(|&j| !transparent(j)) {
                Some(j) if absorbable(j) => end = j + 1,
                _ => break,
            }
        }
        start..end
    }

    /// The report's headline: the nearest headline-shaped line above the body,
    /// looking past a few lines of furniture (counters, credits, bylines).
    /// When the line right above it is headline-shaped too, the pair is a
    /// headline and its standfirst, and both are returned.
    fn headline(&self, body_start: usize) -> Vec<usize> {
        let mut seen = 0;
        for i in (0..body_start).rev() {
            let f = &self.feats[i];
            if f.blank {
                continue;
            }
            seen += 1;
            if seen > HEADLINE_REACH {
                break;
            }
            if self.headline_shaped(f) {
                let above = (0..i).rev().find(|&j| !self.feats[j].blank);
                return match above {
                    // a headline and its standfirst: the lower line reads
                    // like a sentence, not like another Title Case headline
                    Some(j)
                        if self.headline_shaped(&self.feats[j])
                            && !f.terminal
                            && f.words >= 8
                            && f.cap_ratio() < 0.4
                            && (!self.lang_known || f.stop_density() >= 0.25) =>
                    {
                        vec![j, i]
                    }
                    // one of a list of headlines (a sidebar), not the headline
                    Some(j) if self.headline_shaped(&self.feats[j]) => Vec::new(),
                    _ => vec![i],
                };
            }
        }
        Vec::new()
    }

    fn headline_shaped(&self, f: &Feat) -> bool {
        let disqualified =
            f.hard.is_some() || f.credit || (f.all_caps && f.words < 5) || (f.terminal && f.period);
        !disqualified
            && f.hint.is_none()
            // a furniture word in passing (`Söder comments on …`) is no menu
            && (f.lex.kind.is_none()
                || !f.lex.strong && !f.lex.end && f.lex.lead.is_none() && f.lex.cover < 0.34)
            && (3..=30).contains(&f.words)
            && f.chars <= 220
            && f.letters * 2 >= f.chars
            && !f.url
            && !f.bullet
            && !self.mismatch(f)
            && !f.repeated
    }

    /// Gives boilerplate lines without a specific kind the kind their position
    /// suggests: short furniture above the article is navigation; below the
    /// article, lines take the kind of the last section header seen (a comment
    /// widget, a sidebar, a subscription box), a sidebar by default. Returns
    /// the lines that took the default, no header having been seen.
    fn assign_context_kinds(&self, out: &mut [LineClass], body: Option<Range<usize>>) -> Vec<bool> {
        use BoilerplateKind as K;
        let (start, end) = body.map(|b| (b.start, b.end)).unwrap_or((0, 0));
        let mut section = K::Sidebar;
        let mut headed = false;
        let mut unheaded = vec![false; out.len()];
        for (i, class) in out.iter_mut().enumerate() {
            let f = &self.feats[i];
            if i >= end && end > 0 {
                if let LineClass::Boilerplate(
                    k @ (K::CommentWidget | K::Sidebar | K::Subscription),
                ) = *class
                {
                    if f.lex.end || f.terminal_marker || f.hard == Some(k) && f.words >= 2 {
                        section = k;
                        headed = true;
                    }
                }
                if f.terminal_marker && f.lex.kind == Some(K::Rights) {
                    section = K::CommentWidget;
                    headed = true;
                }
            }
            if *class != LineClass::Boilerplate(K::Other) || f.hint.is_some() {
                continue;
            }
            if i < start && f.words <= 6 {
                *class = LineClass::Boilerplate(K::Navigation);
            } else if i >= end && end > 0 {
                *class = LineClass::Boilerplate(section);
                unheaded[i] = !headed;
            }
        }
        unheaded
    }
}

/// How far (in non-blank lines) above the body the headline is looked for.
const HEADLINE_REACH: usize = 6;

/// Lines of a list after a lead-in kept as content at most.
const LIST_REACH: usize = 40;

/// Non-blank lines after a comment header searched for comment heads.
const SECTION_REACH: usize = 30;

/// Comment heads that make a header the start of a comment section.
const SECTION_HEADS: usize = 2;

/// Body weight of a line of a comment section: the article never reaches it.
const SECTION_WEIGHT: f32 = -4.0;

/// Prose paragraphs in a row that a block may not swallow without strong
/// evidence (see `rescue_prose`).
const PROSE_RUN: usize = 3;

/// Non-blank lines at most between two comment lines of one thread.
const THREAD_GAP: usize = 6;

/// How far (in non-blank lines) a satellite run of paragraphs may lie from the
/// article body and still be joined to it.
const SATELLITE_GAP: usize = 12;

/// Maximum-sum contiguous run of `weights` (Kadane) and its sum; `None` when
/// every weight is non-positive.
fn best_run(weights: &[f32]) -> Option<(Range<usize>, f32)> {
    let mut best = 0.0f32;
    let mut best_range = None;
    let mut cur = 0.0f32;
    let mut cur_start = 0;
    for (i, &w) in weights.iter().enumerate() {
        if cur <= 0.0 {
            cur = 0.0;
            cur_start = i;
        }
        cur += w;
        if cur > best {
            best = cur;
            best_range = Some(cur_start..i + 1);
        }
    }
    best_range.map(|r| (r, best))
}

#[cfg(test)]
mod tests {

    /// The body of a short wire report, for fixtures that add furniture
    /// around it.
    const GRAIN_BODY: &str = "ANKARA, May 3 - Agency. The ministers of Turkey, Ukraine and Russia agreed on Friday to open a new corridor for grain shipments through the Black Sea, officials said after the talks.\n\nThe first ships are expected to sail next week, according to the agreement signed by the three delegations in the Turkish capital.\n\nThe United Nations welcomed the agreement and said it would send inspectors to the ports of loading before the first convoy leaves.\n\n";

    /// The class of the first line of `text` that contains `needle`.
    fn class_at(text: &str, classes: &[LineClass], needle: &str) -> LineClass {
        let at = split_lines(text)
            .position(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("no line with {needle:?}"));
        classes[at]
    }

    /// A line of a French report counts French function words when the
    /// report is French, and the memo of measured lines keeps the two
    /// measures apart.
    #[test]
    fn a_report_in_french_counts_its_own_function_words() {
        use crate::analysis::text::lang::{with, Lang};
        let line = "La Russie défend un équilibre des intérêts dans le règlement des questions de sécurité, a déclaré le ministre à la presse.";
        let plain = measured(line, 0).stop;
        let french = with(Some(Lang::Fra), || measured(line, 0).stop);
        // la, un, des, dans, le, des, de, a, le, à, la
        assert!(french >= plain + 8, "{plain} -> {french}");
        assert_eq!(measured(line, 0).stop, plain);
        // an elided article: `l'accord`, `d'une`
        let elided = "Selon l'accord, d'une durée de trois ans";
        let n = with(Some(Lang::Fra), || measured(elided, 0).stop);
        // l'accord, d'une, de
        assert_eq!(n, 3);
    }

    #[test]
    fn a_thread_of_reader_comments_is_boilerplate_however_long_its_prose() {
        let article = format!("Talks on grain exports resume\n\n{GRAIN_BODY}");
        let comments = "I think this deal will not hold for long, because the ports are still under fire and insurers will not cover the ships.\n\nby grainwatcher on May 3, 2023 5:30 PM reply\n\nThe inspectors will be the key, as they were last year when the corridor was first opened and the prices fell.\n\nby portsider on May 3, 2023 5:41 PM reply\n\nLet us hope that the ministers keep their word this time, the farmers have waited long enough for this.\n\nby harvest22 on May 3, 2023 6:02 PM reply\n";
        let text = format!("{article}{comments}");
        let classes = classify(&text, &CorpusSignal::NONE);
        let class_of = |needle: &str| class_at(&text, &classes, needle);
        assert_eq!(class_of("ANKARA, May 3"), LineClass::Content);
        assert_eq!(class_of("inspectors to the ports"), LineClass::Content);
        for comment in [
            "by grainwatcher",
            "The inspectors will be the key",
            "by portsider",
            "Let us hope",
            "by harvest22",
        ] {
            assert_eq!(
                class_of(comment),
                LineClass::Boilerplate(BoilerplateKind::CommentWidget),
                "{comment}"
            );
        }
    }

    #[test]
    fn a_comment_section_after_its_header_is_boilerplate_even_without_dates() {
        // a thread much longer than the article, its heads names alone
        let mut comments = String::from("{ 12 comments }\n\n");
        for (name, words) in [
            ("Oksana Melnyk", "The farmers in my region have waited for this since the winter, and the storage is full to the roof already."),
            ("Peter Grant", "Insurers will decide whether any ship sails at all, and they have not said a word about the new corridor yet."),
            ("Selim", "The inspectors were the key last time as well, when the prices fell within a week of the first convoy."),
            ("Marta K", "Let us hope the ministers keep their word this time, because the last agreement did not last the summer."),
        ] {
            for _ in 0..3 {
                comments.push_str(&format!("{name}\n\n{words} {words}\n\n{words}\n\n"));
            }
        }
        let text = format!("Grain corridor reopens\n\n{GRAIN_BODY}{comments}");
        let classes = classify_rule(&text, &CorpusSignal::NONE);
        let class_of = |needle: &str| class_at(&text, &classes, needle);
        assert_eq!(class_of("ANKARA, May 3"), LineClass::Content);
        assert_eq!(class_of("inspectors to the ports"), LineClass::Content);
        for line in [
            "12 comments",
            "Oksana Melnyk",
            "The farmers in my region",
            "Marta K",
            "Let us hope",
        ] {
            assert_eq!(
                class_of(line),
                LineClass::Boilerplate(BoilerplateKind::CommentWidget),
                "{line}"
            );
        }
        // a comment count under the headline, with a dated byline and photo
        // credit (two comment heads) before the article, opens no section:
        // no article prose stands above it
        let top = format!(
            "Grain corridor reopens\n\n12 comments\n\nBy Oksana Melnyk | May 3, 2023 10:15 AM\n\nPhoto: Peter Grant, May 3, 2023 9:40 AM\n\n{GRAIN_BODY}"
        );
        let classes = classify_rule(&top, &CorpusSignal::NONE);
        assert_eq!(
            class_at(&top, &classes, "inspectors to the ports"),
            LineClass::Content
        );
    }

    #[test]
    fn a_list_the_article_leads_into_stays_content() {
        let text = "Home\nNews\nSport\n\nFilm festival opens in Kazan\n\nKAZAN, November 3 - Agency. The festival of Muslim cinema opened on Friday with a documentary about the restoration of the old city, its organisers said at the opening ceremony.\n\nMore than eighty films from thirty countries will be shown over the next week, and the jury will announce the winners on the last evening of the festival.\n\nThe director of the festival said the screenings would also travel to other cities this month:\n\nKazan – Cinema Palace (Friday, Saturday)\nUfa – Rodina cinema (Sunday)\nSamara – Art House on Kuibyshev Street (Monday)\nPerm – Premier cinema (Tuesday)\n\nRelated stories\nShare this article\n";
        let classes = classify_rule(text, &CorpusSignal::NONE);
        let class_of = |needle: &str| class_at(text, &classes, needle);
        for line in ["Kazan – Cinema Palace", "Ufa – Rodina", "Perm – Premier"] {
            assert_eq!(class_of(line), LineClass::Content, "{line}");
        }
        assert!(matches!(
            class_of("Share this article"),
            LineClass::Boilerplate(_)
        ));
    }

    #[test]
    fn only_a_sidebar_no_header_announced_is_the_models_to_decide() {
        let article = "Ministers agree on a grain corridor\n\nANKARA, May 3 - Agency. The ministers of Turkey, Ukraine and Russia agreed on Friday to open a new corridor for grain shipments through the Black Sea, officials said after the talks.\n\nThe first ships are expected to sail next week from Odesa, the ministers said in a joint statement after the meeting.\n\nThe talks will resume in June, when the ministers meet again to review the corridor and the inspections of the ships.\n\n";
        let tail = "Wheat prices fall\nPort of Odesa reopens\nNew inspections agreed\n";
        // (class, no header above it, the model decides) of the list's lines
        let list = |text: &str| -> Vec<(LineClass, bool, bool)> {
            let lines: Vec<&str> = split_lines(text).collect();
            let a = Analysis::new(&lines, &CorpusSignal::NONE);
            let r = a.rule_classes();
            (lines.len() - 4..lines.len() - 1)
                .map(|i| {
                    let (c, u) = (r.classes[i], r.unheaded[i]);
                    (c, u, a.model_decides(c, &a.feats[i], u))
                })
                .collect()
        };
        let sidebar = LineClass::Boilerplate(BoilerplateKind::Sidebar);
        let bare = format!("{article}{tail}");
        assert_eq!(list(&bare), [(sidebar, true, true); 3], "no header above");
        let headed = format!("{article}Most popular\n{tail}");
        assert_eq!(
            list(&headed),
            [(sidebar, false, false); 3],
            "a header above"
        );
        // how sure the model must be to bring such a line back
        let lines: Vec<&str> = split_lines(&bare).collect();
        let a = Analysis::new(&lines, &CorpusSignal::NONE);
        let r = a.rule_classes();
        let i = lines.len() - 4;
        let back = |p: f32| {
            let mut ps = vec![0.5; lines.len()];
            ps[i] = p;
            a.decide(r.classes.clone(), &ps, &r.unheaded)[i]
        };
        assert_eq!(back(0.65), sidebar, "0.65: not sure enough");
        assert_eq!(back(0.75), LineClass::Content, "0.75: back to content");
    }

    #[test]
    fn line_features_are_one_row_a_line_zero_for_blank_lines() {
        let text = "Войти\n\nMinisters agree on a grain corridor\n\nANKARA, May 3 - Agency. The ministers of Turkey, Ukraine and Russia agreed on Friday to open a new corridor for grain shipments through the Black Sea, officials said after the talks.\n\nComments\nThe rights to this material belong to Agency\n";
        let LineValues {
            classes,
            rows: feats,
            blank,
        } = line_features(text, &CorpusSignal::NONE);
        assert_eq!(classes, classify_rule(text, &CorpusSignal::NONE));
        assert_eq!(feats.len(), split_lines(text).count());
        assert_eq!(
            blank,
            [false, true, false, true, false, true, false, false, true]
        );
        assert!(feats[1].iter().all(|v| *v == 0.0), "a blank line");
        let body = &feats[4];
        assert_eq!(body[0], 1.0, "the rule keeps the body");
        assert_eq!(body[19], 1.0, "the body is prose");
        assert_eq!(feats[0][0], 0.0, "the menu is not kept");
        assert_eq!(feats[6][15], 1.0, "a comment section ends the article");
        assert_eq!(feats[7][28], 1.0, "what comes after it");
        assert_eq!(feats[4][28], 0.0, "what comes before it");
        for row in &feats {
            assert!(
                row.iter()
                    .all(|v| v.is_finite() && (-1.0..=1.5).contains(v)),
                "{row:?}"
            );
        }
    }
    use super::*;

    fn kinds(text: &str) -> Vec<(usize, usize, &'static str)> {
        detect(text, &CorpusSignal::NONE)
            .into_iter()
            .map(|b| (b.lines.start, b.lines.end, b.kind.as_str()))
            .collect()
    }

    #[test]
    fn line_key_normalises() {
        assert_eq!(
            line_key("  • 03.01 03:29 Reply "),
            Some("00.00 00:00 reply".into())
        );
        assert_eq!(
            line_key("Most   Popular\tArticles\r"),
            Some("most popular articles".into())
        );
        assert_eq!(line_key("4325"), None);
        assert_eq!(line_key("   "), None);
    }

    #[test]
    fn classify_has_one_class_per_line() {
        let text = "a\n\nb\r\nc";
        assert_eq!(classify(text, &CorpusSignal::NONE).len(), 4);
        assert_eq!(classify("", &CorpusSignal::NONE), vec![LineClass::Blank]);
    }

    #[test]
    fn kinds_round_trip() {
        for k in BoilerplateKind::ALL {
            assert_eq!(BoilerplateKind::from_name(k.as_str()), Some(k));
            assert!(!k.label().is_empty());
        }
    }

    const AGENCY: &str = "Войти

Ministers agree to extend the grain corridor for another four months

5120
0
0
Image source: © Пресс-служба Минсельхоза | Перейти в фотобанк

ANKARA, May 3 - Agency. The ministers of the three countries agreed on Wednesday to extend the grain corridor for another four months, the Turkish side said after the talks.

\"We have agreed that the corridor will keep working, and that the inspections will be carried out in the same way as before,\" the minister told reporters after the meeting.

He added that the next round of talks would be held in the autumn.

Last year, the three countries signed a memorandum on the export of grain and fertilisers through the ports of the Black Sea. The deal has been extended several times since then, each time after long negotiations.

The rights to this material belong to
The material is placed by the copyright holder in the public domain
  • The news mentions
Do you want to leave a comment? Register and/or Log in
ПОДПИСКА НА НОВОСТИ
Ежедневная рассылка новостей на электронный почтовый ящик
  • Discussion
    Update
  • 04.05 11:02
  • 211
Farmers in the south expect a record harvest this year
  • 04.05 09:40
  • 0
Комментарий к \"Урожай зерна в этом году\"
  • 03.05 22:15
  • 3";

    #[test]
    fn agency_report_head_and_tail() {
        let classes = classify(AGENCY, &CorpusSignal::NONE);
        let lines: Vec<&str> = AGENCY.lines().collect();
        // headline and every paragraph are content
        for (i, l) in lines.iter().enumerate() {
            if l.starts_with("Ministers")
                || l.starts_with("ANKARA")
                || l.starts_with("\"We")
                || l.starts_with("He added")
                || l.starts_with("Last year")
            {
                assert_eq!(classes[i], LineClass::Content, "line {i}: {l}");
            }
        }
        let blocks = kinds(AGENCY);
        assert_eq!(blocks[0], (0, 1, "navigation"));
        assert_eq!(blocks[1].0, 4);
        assert_eq!(blocks[1].1, 8);
        let tail = blocks.last().unwrap();
        assert_eq!(tail.0, 17, "{blocks:?}");
        assert_eq!(tail.1, lines.len());
        assert_eq!(tail.2, "comment-widget");
        assert_eq!(blocks.len(), 3, "{blocks:?}");
    }

    #[test]
    fn shared_background_paragraph_stays_content_when_repeated() {
        let lines: Vec<&str> = AGENCY.split('\n').collect();
        let repeats: Vec<u32> = lines
            .iter()
            .map(|l| {
                if l.starts_with("Last year") || l.starts_with("Войти") {
                    7
                } else {
                    0
                }
            })
            .collect();
        let classes = classify(AGENCY, &CorpusSignal { repeats: &repeats });
        let i = lines
            .iter()
            .position(|l| l.starts_with("Last year"))
            .unwrap();
        assert_eq!(classes[i], LineClass::Content);
        assert_eq!(
            classes[0],
            LineClass::Boilerplate(BoilerplateKind::Navigation)
        );
    }

    const FEED: &str = "28.3 C
Tuesday, March 5, 2024

Ceasefire talks resume in Cairo as mediators press for a deal

Negotiators returned to Cairo on Tuesday for a new round of talks, officials said, as mediators pressed both sides to accept a ceasefire before the start of the holiday.
The talks, which were suspended last week, will focus on the exchange of prisoners and on aid deliveries, according to a source familiar with the matter.

    <span><strong>Read more</strong></span>
        <img src=\"https://example.org/files/thumb.jpg\" alt=\"Delegations at the talks\" />
        <figcaption><a href=\"/news/123-talks/\">Talks stall again</a></figcaption>

“We are closer than we have ever been, but there is still work to do,” one of the mediators told the agency, adding that the next days would be decisive for the negotiations.

The previous round ended without an agreement after the two sides failed to settle their differences over the duration of the truce and the withdrawal of troops.
https://ift.tt/4xYzAbc 05, 2024 at 09:30AM
from Example – World news

Most Popular Articles";

    #[test]
    fn feed_report_banner_markup_and_residue() {
        let classes = classify(FEED, &CorpusSignal::NONE);
        use BoilerplateKind as K;
        assert_eq!(classes[0], LineClass::Boilerplate(K::Banner));
        assert_eq!(classes[1], LineClass::Boilerplate(K::Banner));
        assert_eq!(classes[3], LineClass::Content, "headline");
        assert_eq!(classes[5], LineClass::Content);
        assert_eq!(classes[6], LineClass::Content);
        for (i, class) in classes.iter().enumerate().take(11).skip(8) {
            assert_eq!(*class, LineClass::Boilerplate(K::Markup), "line {i}");
        }
        assert_eq!(classes[12], LineClass::Content);
        assert_eq!(classes[14], LineClass::Content);
        assert_eq!(classes[15], LineClass::Boilerplate(K::FeedResidue));
        assert!(matches!(classes[16], LineClass::Boilerplate(_)));
        assert!(matches!(classes[18], LineClass::Boilerplate(_)));
        let blocks = kinds(FEED);
        assert_eq!(blocks.first(), Some(&(0, 2, "banner")));
        assert_eq!(blocks.last().map(|b| (b.0, b.1)), Some((15, 19)));
        assert_eq!(blocks.last().map(|b| b.2), Some("feed-residue"));
    }

    const TASS_LIKE: &str = "All news

Minister vows to press on with the security talks in the new year

The minister added that \"the talks cannot be postponed indefinitely\"

GENEVA, December 20. /Agency/. The country will insist on written guarantees and will keep pressing its partners for an answer, the foreign minister said in an interview on Monday.

\"We will do everything to be heard, and I hope that we will be heard,\" the minister said.

He noted that a great deal of work on the substance of the documents still had to be done.";

    #[test]
    fn all_news_head_is_boilerplate_article_is_content() {
        let classes = classify(TASS_LIKE, &CorpusSignal::NONE);
        assert!(matches!(classes[0], LineClass::Boilerplate(_)));
        for i in [2, 4, 6, 8, 10] {
            assert_eq!(classes[i], LineClass::Content, "line {i}");
        }
        assert_eq!(kinds(TASS_LIKE), vec![(0, 1, "sidebar")]);
    }

    #[test]
    fn sidebar_headline_that_is_a_full_sentence_is_boilerplate() {
        let text = "Ministers agree on a grain corridor\n\nANKARA, May 3 - Agency. The foreign ministers agreed on Tuesday to reopen the grain corridor for a trial month, officials said.\n\n\"We have agreed on the terms, and the first ships can leave next week,\" the minister told reporters after the talks.\n\nThe corridor was closed in the spring after a dispute over insurance for the ships and their crews.\n\nMost Popular Articles\nThe central bank raised its key rate by two points on Friday, surprising most analysts.\n  • 03.05 10:12\nFloods hit the north of the country after a week of heavy rain.\n  • 03.05 09:40\n";
        let c = classify(text, &CorpusSignal::NONE);
        assert_eq!(c[6], LineClass::Content, "{c:?}");
        for i in 8..c.len() - 1 {
            assert!(matches!(c[i], LineClass::Boilerplate(_)), "line {i}: {c:?}");
        }
    }

    #[test]
    fn short_article_paragraph_stays_content() {
        let text = "Ministers agree on a grain corridor\n\nANKARA, May 3 - Agency. The foreign ministers agreed on Tuesday to reopen the grain corridor for a trial month, officials said.\n\nNo date was given.\n\n\"We have agreed on the terms, and the first ships can leave next week,\" the minister told reporters after the talks.\n\nThe corridor was closed in the spring after a dispute over insurance for the ships and their crews.\n";
        let c = classify(text, &CorpusSignal::NONE);
        assert_eq!(c[4], LineClass::Content, "{c:?}");
    }

    #[test]
    fn lead_paragraph_split_off_by_inline_markup_stays_content() {
        let text = "Ministers agree on a grain corridor\n\nThe foreign ministers of both countries agreed on Tuesday to reopen the grain corridor for a trial month, officials said.\n\n    <span><strong>Read more</strong></span>\n        <img src=\"https://example.org/a.jpg\" alt=\"Ministers\" />\n\n\"We have agreed on the terms, and the first ships can leave next week,\" the minister told reporters after the talks.\n\nThe corridor was closed in the spring after a dispute over insurance for the ships and their crews.\n";
        let c = classify(text, &CorpusSignal::NONE);
        assert_eq!(c[2], LineClass::Content, "{c:?}");
        assert_eq!(c[4], LineClass::Boilerplate(BoilerplateKind::Markup));
        assert_eq!(c[5], LineClass::Boilerplate(BoilerplateKind::Markup));
        assert_eq!(c[7], LineClass::Content);
    }

    #[test]
    fn blocks_never_start_or_end_blank() {
        use BoilerplateKind as K;
        let classes = [
            LineClass::Blank,
            LineClass::Boilerplate(K::Counter),
            LineClass::Blank,
            LineClass::Boilerplate(K::Other),
            LineClass::Blank,
            LineClass::Content,
            LineClass::Boilerplate(K::Rights),
            LineClass::Blank,
        ];
        assert_eq!(
            blocks_from_classes(&classes),
            vec![
                BoilerplateBlock {
                    lines: 1..4,
                    kind: K::Counter,
                    kinds: vec![K::Counter],
                },
                BoilerplateBlock {
                    lines: 6..7,
                    kind: K::Rights,
                    kinds: vec![K::Rights],
                },
            ]
        );
    }

    /// A block of several kinds names them all, in the order they appear,
    /// its dominant kind staying its `kind`; past three the rest is "other
    /// page furniture".
    #[test]
    fn a_block_of_several_kinds_names_each() {
        use BoilerplateKind as K;
        let b = |ks: &[K]| {
            let classes: Vec<LineClass> = ks.iter().map(|&k| LineClass::Boilerplate(k)).collect();
            blocks_from_classes(&classes).remove(0)
        };
        let mixed = b(&[
            K::Rights,
            K::Rights,
            K::CommentWidget,
            K::Sidebar,
            K::Sidebar,
            K::Sidebar,
        ]);
        assert_eq!(mixed.kind, K::Sidebar);
        assert_eq!(
            mixed.label(),
            "rights notice, comment widget and sidebar of other stories"
        );
        assert_eq!(
            b(&[K::Counter, K::Other, K::Counter]).label(),
            "view counters"
        );
        assert_eq!(b(&[K::Other]).label(), "page furniture");
        assert_eq!(
            b(&[K::Navigation, K::Counter]).label(),
            "navigation and view counters"
        );
        assert_eq!(
            b(&[K::Navigation, K::Counter, K::Banner, K::Markup]).label(),
            "navigation, view counters, date or weather banner and other page furniture"
        );
        // the dominant kind is always named
        assert_eq!(
            b(&[K::Navigation, K::Counter, K::Banner, K::Sidebar, K::Sidebar]).label(),
            "navigation, view counters, sidebar of other stories and other page furniture"
        );
    }

    #[test]
    fn shapes() {
        use BoilerplateKind as K;
        let hard = |s: &str| measure(s, 0).hard;
        assert_eq!(hard("4325"), Some(K::Counter));
        assert_eq!(hard("  • 12616"), Some(K::Counter));
        assert_eq!(hard("  • 03.01 03:29"), Some(K::CommentWidget));
        assert_eq!(hard("34.1 C"), Some(K::Banner));
        assert_eq!(hard("Sunday, July 14, 2024"), Some(K::Banner));
        assert_eq!(hard("<figcaption>Caption</figcaption>"), Some(K::Markup));
        assert_eq!(hard("Image source: © Press office"), Some(K::Rights));
        assert_eq!(hard("ПОДПИСКА НА НОВОСТИ"), Some(K::Subscription));
        assert_eq!(hard("Войти"), Some(K::Navigation));
        assert_eq!(hard("Register and/or Log in"), Some(K::Navigation));
        assert_eq!(hard("He said the talks would resume in May."), None);
    }

    #[test]
    fn remembered_measures_equal_fresh_ones_and_keep_their_own_repeats() {
        let lines = [
            "Most Popular Articles",
            "MOSCOW, January 14 - RIA Novosti. The ministers met on Friday.",
            "\u{200b}   \u{feff}        ",
            "<span><strong>Read more</strong></span>",
        ];
        for l in lines {
            let fresh = format!("{:?}", measure(l, 2));
            // first through the memo, then from it, with other repeats between
            assert_eq!(format!("{:?}", measured(l, 2)), fresh);
            assert!(!measured(l, 0).repeated);
            assert_eq!(format!("{:?}", measured(l, 2)), fresh);
        }
        // a blank line is never repeated, whatever the corpus says
        assert!(!measured(lines[2], 5).repeated);
        // classifying a text twice (the second time from the memo) agrees
        let text = "Войти\n\nMinisters agree on a new grain corridor\n5120\n\nANKARA, May 3 - Agency. The ministers agreed on Friday to open the corridor, officials said.\n";
        assert_eq!(
            classify(text, &CorpusSignal::NONE),
            classify(text, &CorpusSignal::NONE)
        );
    }
}

/// Checks on the real seed reports, when they are present on this machine.
#[cfg(test)]
mod seed_tests {
    use super::*;
    use crate::testdata::seed;

    fn blocks(text: &str) -> Vec<(usize, usize, &'static str)> {
        detect(text, &CorpusSignal::NONE)
            .into_iter()
            .map(|b| (b.lines.start, b.lines.end, b.kind.as_str()))
            .collect()
    }

    /// Agency reports with a log-in link, counters, a credit and a comment tail.
    #[test]
    fn seeds_agency_reports() {
        for p in ["000", "001", "003"] {
            let Some(text) = seed(p) else { return };
            let lines: Vec<&str> = split_lines(&text).collect();
            let tail = lines
                .iter()
                .position(|l| l.starts_with("The rights to this material"))
                .expect("rights line");
            assert_eq!(
                blocks(&text),
                vec![
                    (0, 1, "navigation"),
                    (4, 8, "counter"),
                    (tail, lines.len(), "comment-widget")
                ],
                "seed {p}"
            );
        }
    }

    /// A feed item with a weather banner, stray HTML and feed residue.
    #[test]
    fn seed_feed_item() {
        let Some(text) = seed("002") else { return };
        assert_eq!(
            blocks(&text),
            vec![
                (0, 2, "banner"),
                (8, 11, "markup"),
                (21, 25, "feed-residue")
            ]
        );
    }

    /// With repeats counted across the seeds (the five reports share their
    /// furniture), the blocks do not change and the background paragraph that
    /// 001 and 003 have in common stays content.
    #[test]
    fn seeds_with_corpus_repeats() {
        let texts: Vec<String> = ["000", "001", "002", "003", "004"]
            .iter()
            .filter_map(|p| seed(p))
            .collect();
        if texts.len() < 5 {
            return;
        }
        let keys: Vec<Vec<Option<String>>> = texts
            .iter()
            .map(|t| split_lines(t).map(line_key).collect())
            .collect();
        for (n, text) in texts.iter().enumerate() {
            let repeats: Vec<u32> = keys[n]
                .iter()
                .map(|k| {
                    let Some(k) = k else { return 0 };
                    (0..texts.len())
                        .filter(|&m| m != n && keys[m].iter().flatten().any(|o| o == k))
                        .count() as u32
                })
                .collect();
            let corpus = CorpusSignal { repeats: &repeats };
            assert_eq!(
                detect(text, &corpus),
                detect(text, &CorpusSignal::NONE),
                "seed {n}"
            );
            for (i, l) in split_lines(text).enumerate() {
                if l.starts_with("At the end of 2021") {
                    assert_eq!(classify(text, &corpus)[i], LineClass::Content);
                }
            }
        }
    }

    /// A news-agency page with only an "All news" link above the article.
    #[test]
    fn seed_all_news() {
        let Some(text) = seed("004") else { return };
        assert_eq!(blocks(&text), vec![(0, 1, "sidebar")]);
    }
}

#[cfg(test)]
mod perf_tests {
    #[test]
    fn no_stop_word_is_skipped_by_length() {
        use crate::analysis::text::lang::{function_words, Lang};
        let own = [Lang::Deu, Lang::Fra, Lang::Spa]
            .into_iter()
            .flat_map(|l| function_words(l).expect("a list").words());
        for w in super::STOPWORDS.iter().copied().chain(own) {
            assert!(w.len() * 3 <= super::MAX_STOPWORD_BYTES, "{w}");
        }
    }

    use super::*;

    /// A large report (about 2 MB, 40 000 lines) is classified quickly:
    /// the rule is linear in the size of the text.
    #[test]
    fn large_input_classifies_every_line() {
        let para = "The committee said on Tuesday that the talks would continue next week, and that a decision on the new rules was expected before the end of the month.\n\n";
        let furniture = "Home\nSubscribe\n4325\n  • 03.01 03:29\nMost Popular Articles\n\n\n\n";
        let mut text = String::new();
        for _ in 0..4000 {
            text.push_str(para);
            text.push_str(furniture);
        }
        // speed is measured in benches/ (docs/performance.md), not here
        let classes = classify(&text, &CorpusSignal::NONE);
        assert_eq!(classes.len(), split_lines(&text).count());
        assert_eq!(classes[0], LineClass::Content);
    }
}
