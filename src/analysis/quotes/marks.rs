//! # Quotation marks that do not pair up
//!
//! This rule pairs every opening quotation mark of a report with its closing
//! mark and reports the marks that are left over. A quotation that is never
//! closed, or closed without ever being opened, usually means that text was
//! lost or mangled when the report was scraped or edited, and that the reader
//! can no longer tell where the quoted words end.
//!
//! ## What is checked
//!
//! Each non-blank line is one paragraph, and quotations must close in the
//! paragraph where they open. The rule knows these quotation styles:
//!
//! | style                 | example              |
//! |-----------------------|----------------------|
//! | straight              | `"Yes," he said.`    |
//! | curly                 | `“Yes,” he said.`    |
//! | curly single          | `‘Yes’` (nested, or in headlines) |
//! | guillemets            | `«Да», — сказал он.` (also `»Ja«`) |
//! | German (low-high)     | `„Ja“, sagte er.` (also `„…”`) |
//! | single guillemets     | `‹Oui›` |
//! | straight single       | `'understood'` |
//!
//! Quotations may nest: `«Он назвал это „ошибкой“»`,
//! `“He called it ‘a mistake’,” she said.`,
//! `"He called it "a mistake" today"`.
//!
//! Three kinds of problem are reported, all for double marks
//! (`"` `“` `”` `«` `»` `„`):
//!
//! * **Unclosed** – `“We will not back down, the minister said.`
//!   The quotation runs to the end of the paragraph and the next paragraph does
//!   not pick it up. When the whole paragraph is the quotation the fix inserts
//!   the closing mark at the end of the paragraph.
//! * **Unopened** – `We will not back down,” the minister said.`
//!   A closing mark with no opening mark before it in the paragraph.
//! * **Style mismatch** – `“We will not back down," the minister said.`
//!   A quotation opened with one kind of mark and closed with another. The fix
//!   replaces the closing mark with the one that matches the opening mark.
//!
//! For single marks only one conservative check is made: a `‘` that opens a
//! quotation when no `’` at all follows it in the paragraph is reported as
//! unclosed. Apostrophes make everything else too uncertain.
//!
//! ## What is *not* a problem
//!
//! * **Quotations over several paragraphs.** By newspaper convention a long
//!   quotation leaves its closing mark off at the end of each paragraph and
//!   opens the next paragraph with a fresh opening mark; only the last
//!   paragraph closes it:
//!
//!   ```text
//!   “We have done everything we could.
//!
//!   “Now it is up to them,” she said.
//!   ```
//!
//!   This is one quotation and no problem. A problem *is* reported when the
//!   last paragraph of such a run never closes it. Short lines without final
//!   punctuation between such paragraphs (`Advertisement`, `Read more`, the
//!   title-case headline of a related story) are stepped over.
//! * **A line break inside a paragraph**: when the next line follows without
//!   a blank line, a quotation left open may close on that next line
//!   (`He said, “We will stay` / `until the end.”`).
//! * **Mixed-up spacing** of straight marks that still pair up:
//!   `schools," For example, … exercise".` (the next mark closes, so this one
//!   opens).
//! * **Apostrophes**: `NATO's`, `don’t`, `’90s`, `the Russians’ plan`,
//!   `Moscow’s`, `rock ’n’ roll`.
//! * **Inch marks and ditto marks**: `a 12" screen`, and straight marks
//!   standing alone between spaces where a line has two or more of them.
//! * **Separators** such as `Home › World` or `Read more »`: a guillemet with
//!   spaces on both sides that pairs with nothing is ignored.
//! * Swedish/Finnish `”…”` and Polish/Dutch `„…”` pairs are accepted.
//!
//! ## How straight marks are read
//!
//! A straight `"` has no direction. It is read as opening when it follows a
//! space, the start of the paragraph, a bracket or a dash and is followed by
//! text; as closing when it follows text and is followed by a space,
//! punctuation or the end of the paragraph. When its position does not decide
//! (`word"word`, a mark between spaces), it closes an open straight quotation
//! and otherwise opens one.

use std::ops::Range;

/// The kind of quotation marks a quotation uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum QuoteStyle {
    /// `"…"`
    Straight,
    /// `“…”` (also Swedish `”…”`)
    Curly,
    /// `‘…’`
    CurlySingle,
    /// `«…»` (also `»…«`)
    Guillemets,
    /// `„…“` (also `„…”`)
    German,
    /// `‹…›`
    SingleGuillemets,
    /// `'…'`
    StraightSingle,
}

/// One paired quotation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuoteSpan {
    /// Quotation style, decided by the opening mark.
    pub style: QuoteStyle,
    /// Byte range of the opening mark.
    pub open: Range<usize>,
    /// Byte range of the closing mark.
    pub close: Range<usize>,
    /// Byte range of the quoted text without marks; a quote over several
    /// paragraphs is ONE span whose inner range covers all of them.
    pub inner: Range<usize>,
    /// Nesting depth: 0 = outer, 1 = nested in one other quotation, …
    pub depth: u8,
}

/// What is wrong with a mark.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProblemKind {
    /// An opening mark whose quotation is never closed.
    Unclosed,
    /// A closing mark with no opening mark.
    Unopened,
    /// A quotation closed with a mark of another style.
    StyleMismatch,
}

/// A mark that does not pair up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuoteProblem {
    /// What is wrong.
    pub kind: ProblemKind,
    /// The unpaired (or mismatched closing) mark.
    pub mark: Range<usize>,
    /// Where the paragraph ends (Unclosed), the opening mark (StyleMismatch),
    /// or where the paragraph starts (Unopened).
    pub related: Range<usize>,
    /// Curator-facing note for `related`.
    pub related_note: &'static str,
    /// Curator-facing message.
    pub message: String,
    /// An obvious repair, when there is one: (byte range to replace,
    /// replacement text, fix title).
    pub fix: Option<(Range<usize>, String, String)>,
}

/// Result of [`pair`].
#[derive(Debug, Clone, Default)]
pub struct Pairing {
    /// Paired quotations, ordered by opening mark.
    pub quotes: Vec<QuoteSpan>,
    /// Problems, ordered by mark position.
    pub problems: Vec<QuoteProblem>,
}

/// Pair the quotation marks of `text` and report the ones that do not pair.
///
/// Runs in time linear in the length of `text` (up to a logarithmic factor
/// for paragraphs with very many marks).
pub fn pair(text: &str) -> Pairing {
    let paras = paragraphs(text);
    let opens: Vec<bool> = paras
        .iter()
        .map(|p| opens_with_double_mark(&text[p.clone()]))
        .collect();
    let interlude: Vec<bool> = paras
        .iter()
        .map(|p| is_interlude(&text[p.clone()]))
        .collect();
    let mut out = Pairing::default();
    let mut marks: Vec<Mark> = Vec::new();
    let mut doubles = DoublePass {
        inch_text: paras.iter().any(|p| {
            collect_marks(text, p.clone(), &mut marks);
            marks.iter().any(Mark::clear_inch)
        }),
        ..DoublePass::default()
    };
    let mut singles: Vec<QuoteSpan> = Vec::new();
    for (pi, para) in paras.iter().enumerate() {
        collect_marks(text, para.clone(), &mut marks);
        let next = continuation(text, &paras, &opens, &interlude, pi);
        let before = out.quotes.len();
        doubles.paragraph(text, para.clone(), &marks, next, interlude[pi], &mut out);
        let para_doubles = &out.quotes[before..];
        singles_paragraph(
            para.clone(),
            &marks,
            para_doubles,
            &mut singles,
            &mut out.problems,
        );
    }
    out.quotes.append(&mut singles);
    out.quotes
        .sort_by_key(|q| (q.open.start, std::cmp::Reverse(q.close.end)));
    assign_depths(&mut out.quotes);
    out.problems
        .sort_by_key(|p| (p.mark.start, p.related.start));
    out
}

/// Byte ranges of the non-blank lines of `text`, without their line breaks.
fn paragraphs(text: &str) -> Vec<Range<usize>> {
    crate::analysis::lines::lines_with_ranges(text)
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(range, _)| range)
        .collect()
}

/// Whether a paragraph's first visible character is an opening double mark.
fn opens_with_double_mark(para: &str) -> bool {
    matches!(
        para.trim_start().chars().next(),
        Some('"' | '“' | '«' | '„' | '»')
    )
}

fn is_double(c: char) -> bool {
    matches!(c, '"' | '“' | '”' | '„' | '«' | '»')
}

/// A line without double marks and without final punctuation that is short
/// ("Advertisement", "Read more") or set in title case like the headline of a
/// related story: scraped pages put such lines between the paragraphs of a
/// quotation, and the quotation goes on after them. List items (`2. …`) and
/// attributions (`— Name`) are not interludes.
fn is_interlude(para: &str) -> bool {
    let t = para.trim();
    if t.chars().any(is_double)
        || t.ends_with(['.', '!', '?', ':', ';', ',', '…', '’', '\''])
        || t.starts_with(|c: char| c.is_ascii_digit() || matches!(c, '-' | '–' | '—' | '•' | '*'))
    {
        return false;
    }
    let words = t.split_whitespace().count();
    if words <= MAX_SHORT_INTERLUDE_WORDS {
        return true;
    }
    let long_words: Vec<&str> = t
        .split_whitespace()
        .filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 4)
        .collect();
    let capitalised = long_words
        .iter()
        .filter(|w| w.starts_with(char::is_uppercase))
        .count();
    words <= MAX_INTERLUDE_WORDS
        && !long_words.is_empty()
        && capitalised * 5 >= long_words.len() * 4
}

/// Any line this short (and without final punctuation) is an interlude.
const MAX_SHORT_INTERLUDE_WORDS: usize = 3;
/// Longest title-case interlude line, in words.
const MAX_INTERLUDE_WORDS: usize = 20;
/// Most interlude lines skipped when looking for the paragraph that
/// continues a quotation.
const MAX_INTERLUDES: usize = 8;

/// How the paragraph after the current one relates to a quotation left open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Next {
    /// Nothing continues it: an open quotation is unclosed.
    Ends,
    /// The next paragraph (possibly after interlude lines) opens with a
    /// quotation mark: the newspaper convention for long quotations.
    Reopens,
    /// The next line follows without a blank line: a line break inside the
    /// paragraph, the quotation may close on the next line.
    SoftBreak,
}

fn continuation(
    text: &str,
    paras: &[Range<usize>],
    opens: &[bool],
    interlude: &[bool],
    pi: usize,
) -> Next {
    for j in pi + 1..paras.len().min(pi + 2 + MAX_INTERLUDES) {
        if opens[j] {
            return Next::Reopens;
        }
        if !interlude[j] {
            break;
        }
    }
    match paras.get(pi + 1) {
        Some(next) if text[paras[pi].end..next.start].matches('\n').count() == 1 => Next::SoftBreak,
        _ => Next::Ends,
    }
}

/// A quotation mark with its neighbours inside the paragraph.
#[derive(Debug, Clone)]
struct Mark {
    ch: char,
    range: Range<usize>,
    prev: Option<char>,
    next: Option<char>,
    /// Character after `next` (for `’90s`-style checks).
    next2: Option<char>,
    /// Right after a number of at most three digits (`12"`, `15.6”`).
    after_short_number: bool,
}

impl Mark {
    /// Preceded by start of paragraph, a space, a bracket, a dash or another
    /// opening mark, and followed by something that is not a space.
    fn open_position(&self) -> bool {
        opening_context(self.prev) && self.next.is_some_and(|c| !c.is_whitespace())
    }
    /// Preceded by something that is not a space and followed by the end of
    /// the paragraph, a space or punctuation.
    fn close_position(&self) -> bool {
        self.prev.is_some_and(|c| !c.is_whitespace()) && closing_context(self.next)
    }
    /// Space (or paragraph edge) on both sides.
    fn isolated(&self) -> bool {
        self.prev.is_none_or(char::is_whitespace) && self.next.is_none_or(char::is_whitespace)
    }
    /// `»»`, `««`: decoration ("Read more »»"), not quotation marks.
    fn doubled(&self) -> bool {
        self.prev == Some(self.ch) || self.next == Some(self.ch)
    }
    /// An unmistakable inch mark: `a 12" screen`, `the 14” model`,
    /// `16”—with`, `5'11" tall`, `15"x10"`.
    fn clear_inch(&self) -> bool {
        self.after_short_number
            && (self.next.is_some_and(char::is_whitespace)
                && self.next2.is_some_and(char::is_alphabetic)
                || self
                    .next
                    .is_some_and(|c| matches!(c, '-' | '–' | '—' | 'x' | '×')))
    }
    /// An inch mark. Besides the clear cases, a mark after a short number at
    /// the end of the paragraph, before a space or punctuation (`the 16".`)
    /// is an inch mark in a text that has clear ones (`inch_text`); otherwise
    /// it more likely closes a quotation (`posts 250 and 251", said KCNA`).
    fn inch(&self, inch_text: bool) -> bool {
        self.clear_inch()
            || inch_text
                && self.after_short_number
                && (self.next.is_none_or(char::is_whitespace) || closing_context(self.next))
            || self.after_short_number && self.next.is_none_or(char::is_whitespace)
    }
}

fn opening_context(prev: Option<char>) -> bool {
    match prev {
        None => true,
        Some(c) => {
            c.is_whitespace()
                || matches!(
                    c,
                    '(' | '['
                        | '{'
                        | '<'
                        | '='
                        | '/'
                        | ':'
                        | '-'
                        | '–'
                        | '—'
                        | '“'
                        | '‘'
                        | '«'
                        | '„'
                        | '‹'
                        | '"'
                        | '\''
                        | '*'
                        | '_'
                )
        }
    }
}

fn closing_context(next: Option<char>) -> bool {
    match next {
        None => true,
        Some(c) => {
            c.is_whitespace()
                || matches!(
                    c,
                    '.' | ','
                        | ';'
                        | ':'
                        | '!'
                        | '?'
                        | ')'
                        | ']'
                        | '}'
                        | '>'
                        | '-'
                        | '–'
                        | '—'
                        | '…'
                        | '/'
                        | '”'
                        | '’'
                        | '»'
                        | '›'
                        | '"'
                        | '\''
                        | '*'
                        | '_'
                )
        }
    }
}

fn is_word_char(c: Option<char>) -> bool {
    c.is_some_and(char::is_alphanumeric)
}

/// Whether `before` ends with a number of at most three integer digits
/// (optionally with decimals) that is not glued to a word.
fn ends_with_short_number(before: &str) -> bool {
    let run_len = before
        .bytes()
        .rev()
        .take_while(|b| b.is_ascii_digit() || *b == b'.')
        .count();
    let run = &before[before.len() - run_len..];
    if !run.ends_with(|c: char| c.is_ascii_digit()) {
        return false;
    }
    let integer = run.split('.').next().unwrap_or("");
    let glued = before[..before.len() - run_len]
        .chars()
        .next_back()
        .is_some_and(char::is_alphanumeric);
    (1..=3).contains(&integer.len()) && !glued
}

/// Collect the quotation marks of one paragraph into `marks` (cleared first).
fn collect_marks(text: &str, para: Range<usize>, marks: &mut Vec<Mark>) {
    marks.clear();
    let s = &text[para.clone()];
    let mut prev: Option<char> = None;
    for (i, c) in s.char_indices() {
        if matches!(
            c,
            '"' | '“' | '”' | '„' | '«' | '»' | '‘' | '’' | '\'' | '‹' | '›'
        ) {
            let mut rest = s[i + c.len_utf8()..].chars();
            let next = rest.next();
            let next2 = rest.next();
            let after_short_number = matches!(c, '"' | '”') && ends_with_short_number(&s[..i]);
            marks.push(Mark {
                ch: c,
                range: para.start + i..para.start + i + c.len_utf8(),
                prev,
                next,
                next2,
                after_short_number,
            });
        }
        prev = Some(c);
    }
}

/// How an open double quotation may be closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Closer {
    /// `"`
    Straight,
    /// `”` (English `“…”` and Swedish `”…”`)
    RightCurly,
    /// `“` or `”` (German `„…“`, Polish `„…”`)
    German,
    /// `»`
    RightGuillemet,
    /// `«` (reversed `»…«`)
    LeftGuillemet,
}

impl Closer {
    fn accepts(self, c: char) -> bool {
        match self {
            Closer::Straight => c == '"',
            Closer::RightCurly => c == '”',
            Closer::German => c == '“' || c == '”',
            Closer::RightGuillemet => c == '»',
            Closer::LeftGuillemet => c == '«',
        }
    }
    fn mark(self) -> char {
        match self {
            Closer::Straight => '"',
            Closer::RightCurly => '”',
            Closer::German => '“',
            Closer::RightGuillemet => '»',
            Closer::LeftGuillemet => '«',
        }
    }
}

/// Facts about the current paragraph needed when reporting.
struct ParaCtx {
    /// Byte range of the paragraph's first visible character.
    first_char: Range<usize>,
    /// Whether that character is an upper-case letter.
    starts_upper: bool,
    /// Start of the paragraph's first double mark.
    first_double: usize,
    /// Start of its last double mark (0 when it has none).
    last_double: usize,
    /// The paragraph has two or more straight marks between spaces (ditto).
    ditto_line: bool,
    /// The text has unmistakable inch marks (see [`Mark::inch`]).
    inch_text: bool,
}

/// Position of a double mark among the paragraph's marks.
struct MarkCtx {
    /// Number of straight `"` after this mark in the paragraph.
    straight_after: usize,
    /// The next straight `"` in the paragraph is clearly a closing mark.
    next_straight_closes: bool,
}

/// An open double quotation on the stack.
#[derive(Debug, Clone)]
struct Open {
    style: QuoteStyle,
    closer: Closer,
    open_char: char,
    /// The mark that opened the quotation (first paragraph).
    first: Range<usize>,
    /// The mark that opened it in the current paragraph (a reopening mark of
    /// a quotation over several paragraphs), where problems are reported.
    current: Range<usize>,
    /// Whether `current` is a reopening mark.
    reopened: bool,
    /// A mark between spaces (ditto mark, separator): never reported.
    weak: bool,
    /// Carried over a line break already: is not carried again.
    soft_carried: bool,
}

/// State of the double-mark pass that is carried across paragraphs.
#[derive(Default)]
struct DoublePass {
    /// Quotations continued from the previous paragraph, and how.
    carry: Option<(Vec<Open>, Next)>,
    /// The text has unmistakable inch marks.
    inch_text: bool,
}

impl DoublePass {
    /// Pair the double marks of one paragraph.
    fn paragraph(
        &mut self,
        text: &str,
        para: Range<usize>,
        marks: &[Mark],
        next: Next,
        interlude: bool,
        out: &mut Pairing,
    ) {
        let carry = self.carry.take();
        if interlude {
            if let Some((opens, Next::Reopens)) = carry {
                // "Advertisement" between two paragraphs of a quotation.
                self.carry = Some((opens, Next::Reopens));
                return;
            }
        }
        let doubles: Vec<&Mark> = marks.iter().filter(|m| is_double(m.ch)).collect();
        let ctx = ParaCtx::of(text, &para, &doubles, self.inch_text);
        let stack = pair_doubles(&doubles, carry, &ctx, out);
        if !stack.iter().any(|o| !o.weak) {
            return;
        }
        let strong: Vec<Open> = stack.into_iter().filter(|o| !o.weak).collect();
        self.left_open(text, &para, next, strong, &ctx, out);
    }

    /// Quotations still open at the end of a paragraph: carried into the next
    /// paragraph (newspaper convention, or over one line break), or reported as
    /// unclosed, with a fix when the place of the closing mark is obvious.
    fn left_open(
        &mut self,
        text: &str,
        para: &Range<usize>,
        next: Next,
        mut strong: Vec<Open>,
        ctx: &ParaCtx,
        out: &mut Pairing,
    ) {
        let para_text = &text[para.clone()];
        let last_char = para_text
            .char_indices()
            .last()
            .map(|(i, c)| para.start + i..para.start + i + c.len_utf8())
            .unwrap_or(para.end..para.end);
        match next {
            Next::Reopens => {
                // Newspaper convention: the outer quotation goes on in the
                // next paragraph; anything still open inside it is unclosed.
                for o in strong.drain(1..) {
                    out.problems.push(unclosed(&o, last_char.clone(), None));
                }
                strong[0].soft_carried = false;
                self.carry = Some((strong, Next::Reopens));
            }
            // A line break inside the paragraph: the quotation may close on the
            // next line, but a quotation is carried over one line break only.
            Next::SoftBreak if strong.iter().all(|o| !o.soft_carried) => {
                for o in &mut strong {
                    o.soft_carried = true;
                }
                self.carry = Some((strong, Next::SoftBreak));
            }
            Next::Ends | Next::SoftBreak => {
                // Obvious only when the whole paragraph is one quoted
                // sentence: it opens with the mark, has no comma (where an
                // attribution could hide) and one final stop.
                let body = para_text.trim_end();
                let fixable = strong.len() == 1
                    && strong[0].current.start == ctx.first_char.start
                    && body.ends_with(['.', '!', '?', '…'])
                    && !body.contains([',', ';', ':'])
                    && body.matches(['.', '!', '?', '…']).count() == 1
                    && ctx.last_double <= strong[0].current.start;
                for o in &strong {
                    let fix = fixable.then(|| {
                        let end = para.start + para_text.trim_end().len();
                        let c = o.closer.mark();
                        (
                            end..end,
                            c.to_string(),
                            format!("Close the quotation with {c} at the end of the paragraph"),
                        )
                    });
                    out.problems.push(unclosed(o, last_char.clone(), fix));
                }
            }
        }
    }
}

impl ParaCtx {
    fn of(text: &str, para: &Range<usize>, doubles: &[&Mark], inch_text: bool) -> ParaCtx {
        let para_text = &text[para.clone()];
        let first_visible = para.start + (para_text.len() - para_text.trim_start().len());
        let first_ch = text[first_visible..para.end].chars().next();
        ParaCtx {
            first_char: first_visible..first_visible + first_ch.map_or(0, char::len_utf8),
            starts_upper: first_ch.is_some_and(char::is_uppercase),
            first_double: doubles.first().map_or(usize::MAX, |m| m.range.start),
            last_double: doubles.last().map_or(0, |m| m.range.start),
            ditto_line: doubles
                .iter()
                .filter(|m| m.ch == '"' && m.isolated())
                .count()
                >= 2,
            inch_text,
        }
    }
}

/// Pair the double marks of a paragraph, starting from the quotations
/// `carry`ed from the one before; what is left open is returned.
fn pair_doubles(
    doubles: &[&Mark],
    carry: Option<(Vec<Open>, Next)>,
    ctx: &ParaCtx,
    out: &mut Pairing,
) -> Vec<Open> {
    let mut stack: Vec<Open> = Vec::new();
    let mut skip_first = false;
    if let Some((opens, how)) = carry {
        stack = opens;
        if how == Next::Reopens && ctx.first_double == ctx.first_char.start {
            // The reopening mark of a quotation over several paragraphs.
            if let (Some(open), Some(m)) = (stack.last_mut(), doubles.first()) {
                open.current = m.range.clone();
                open.reopened = true;
                skip_first = true;
            }
        }
    }
    // For each mark: straight marks after it, and whether the next one
    // is clearly closing.
    let mut after = vec![(0usize, false); doubles.len()];
    let mut acc = (0usize, false);
    for (k, m) in doubles.iter().enumerate().rev() {
        after[k] = acc;
        if m.ch == '"' {
            acc = (acc.0 + 1, m.close_position() && !m.open_position());
        }
    }
    for (k, m) in doubles.iter().enumerate() {
        if k == 0 && skip_first {
            continue;
        }
        let at = MarkCtx {
            straight_after: after[k].0,
            next_straight_closes: after[k].1,
        };
        mark(m, &mut stack, ctx, &at, out);
    }
    stack
}

/// Handle one double mark.
// Long: one short arm per kind of double mark, meant to be read side by side.
fn mark(m: &Mark, stack: &mut Vec<Open>, ctx: &ParaCtx, at: &MarkCtx, out: &mut Pairing) {
    let top = stack.last().map(|o| o.closer);
    let open_with = |c: Closer| stack.iter().any(|o| o.closer == c);
    match m.ch {
        '"' => {
            if !open_with(Closer::Straight) && m.inch(ctx.inch_text) {
                return;
            }
            let weak = ctx.ditto_line && m.isolated();
            let nothing_open = !stack.iter().any(|o| !o.weak);
            let opens = match (m.open_position(), m.close_position()) {
                (true, false) => true,
                // `communities," For example … exercise".`: a closing-looking
                // mark with nothing open, followed by an odd number of
                // straight marks of which the next one is clearly closing.
                (false, true) => {
                    nothing_open && at.straight_after % 2 == 1 && at.next_straight_closes
                }
                _ => top != Some(Closer::Straight),
            };
            if opens {
                stack.push(new_open(m, QuoteStyle::Straight, Closer::Straight, weak));
            } else {
                close_with(m, stack, ctx, weak, out);
            }
        }
        '“' => {
            let closes_german =
                top == Some(Closer::German) && !m.prev.is_none_or(char::is_whitespace);
            // `“…“` or `“… “`: an opening mark typed where the closing one belongs.
            let wrong_closer = top.is_some()
                && ((m.close_position() && !m.open_position())
                    || (m.isolated() && top == Some(Closer::RightCurly)));
            if closes_german || wrong_closer {
                close_with(m, stack, ctx, false, out);
            } else {
                stack.push(new_open(m, QuoteStyle::Curly, Closer::RightCurly, false));
            }
        }
        '”' => {
            let can_close = open_with(Closer::RightCurly) || open_with(Closer::German);
            if !can_close && m.inch(ctx.inch_text) {
                return;
            }
            if !can_close && m.open_position() && !m.close_position() {
                // Swedish/Finnish ”…”.
                stack.push(new_open(m, QuoteStyle::Curly, Closer::RightCurly, false));
            } else {
                close_with(m, stack, ctx, false, out);
            }
        }
        '„' => stack.push(new_open(m, QuoteStyle::German, Closer::German, false)),
        '«' => {
            if m.doubled() {
                return;
            }
            if open_with(Closer::LeftGuillemet) && !m.prev.is_none_or(char::is_whitespace) {
                close_with(m, stack, ctx, false, out);
            } else {
                let weak = m.isolated();
                stack.push(new_open(
                    m,
                    QuoteStyle::Guillemets,
                    Closer::RightGuillemet,
                    weak,
                ));
            }
        }
        '»' => {
            if m.doubled() {
                return;
            }
            let can_close = open_with(Closer::RightGuillemet);
            if !can_close && opening_context(m.prev) && is_word_char(m.next) {
                // Reversed »…« (German, Danish).
                stack.push(new_open(
                    m,
                    QuoteStyle::Guillemets,
                    Closer::LeftGuillemet,
                    false,
                ));
            } else {
                close_with(m, stack, ctx, m.isolated(), out);
            }
        }
        _ => {}
    }
}

fn new_open(m: &Mark, style: QuoteStyle, closer: Closer, weak: bool) -> Open {
    Open {
        style,
        closer,
        open_char: m.ch,
        first: m.range.clone(),
        current: m.range.clone(),
        reopened: false,
        weak,
        soft_carried: false,
    }
}

fn span(o: &Open, close: Range<usize>) -> QuoteSpan {
    QuoteSpan {
        style: o.style,
        inner: o.first.end..close.start,
        open: o.first.clone(),
        close,
        depth: 0,
    }
}

fn unclosed(
    o: &Open,
    para_end: Range<usize>,
    fix: Option<(Range<usize>, String, String)>,
) -> QuoteProblem {
    let message = if o.reopened {
        format!(
            "This {} reopens a quotation continued from the previous paragraph, but it is never closed in this paragraph and the next paragraph does not take it up",
            o.open_char
        )
    } else {
        format!(
            "This {} opens a quotation that is never closed in this paragraph",
            o.open_char
        )
    };
    QuoteProblem {
        kind: ProblemKind::Unclosed,
        mark: o.current.clone(),
        related: para_end,
        related_note: "the paragraph ends here without a closing quotation mark",
        message,
        fix,
    }
}

/// Close the innermost open quotation that `m` can close, reporting what is
/// left open inside it; or report a style mismatch / unopened mark.
fn close_with(m: &Mark, stack: &mut Vec<Open>, ctx: &ParaCtx, weak: bool, out: &mut Pairing) {
    if let Some(i) = stack.iter().rposition(|o| o.closer.accepts(m.ch)) {
        for o in stack.drain(i + 1..) {
            if !o.weak {
                out.problems.push(QuoteProblem {
                    related_note: "the enclosing quotation closes here",
                    message: format!(
                        "This {} opens a quotation that is never closed before the enclosing quotation ends",
                        o.open_char
                    ),
                    ..unclosed(&o, m.range.clone(), None)
                });
            }
        }
        let o = stack.pop().expect("index is in the stack");
        out.quotes.push(span(&o, m.range.clone()));
        return;
    }
    // A stray separator or ditto mark taken for an opening mark: drop it.
    while stack.last().is_some_and(|o| o.weak) {
        stack.pop();
    }
    if let Some(o) = stack.pop() {
        let expected = o.closer.mark();
        out.problems.push(QuoteProblem {
            kind: ProblemKind::StyleMismatch,
            mark: m.range.clone(),
            related: o.current.clone(),
            related_note: "the quotation is opened here",
            message: format!(
                "This {} closes a quotation opened with {}; it should be {}",
                m.ch, o.open_char, expected
            ),
            fix: Some((
                m.range.clone(),
                expected.to_string(),
                format!("Replace {} with {}", m.ch, expected),
            )),
        });
        out.quotes.push(span(&o, m.range.clone()));
        return;
    }
    if weak {
        return;
    }
    // Obvious repair: `We will win," he said.` — the paragraph opens with the
    // quoted sentence, so the opening mark belongs at its start.
    let opener = match m.ch {
        '"' => Some('"'),
        '”' => Some('“'),
        '»' => Some('«'),
        _ => None,
    };
    let fix = opener.filter(|_| {
        ctx.first_double == m.range.start
            && ctx.starts_upper
            && matches!(m.prev, Some(',' | '.' | '!' | '?'))
            && m.next.is_some_and(char::is_whitespace)
    });
    out.problems.push(QuoteProblem {
        kind: ProblemKind::Unopened,
        mark: m.range.clone(),
        related: ctx.first_char.clone(),
        related_note: "the paragraph starts here",
        message: format!(
            "This {} closes a quotation that is never opened in this paragraph",
            m.ch
        ),
        fix: fix.map(|c| {
            (
                ctx.first_char.start..ctx.first_char.start,
                c.to_string(),
                format!("Open the quotation with {c} at the start of the paragraph"),
            )
        }),
    });
}

/// Pair single marks (`‘’`, `'`, `‹›`) of one paragraph into `spans`, and
/// report a `‘` that opens inside a double quotation which closes before any
/// `’` follows (`“He said: ‘We will stay,” the agency reported.`).
fn singles_paragraph(
    para: Range<usize>,
    marks: &[Mark],
    para_doubles: &[QuoteSpan],
    spans: &mut Vec<QuoteSpan>,
    problems: &mut Vec<QuoteProblem>,
) {
    let singles: Vec<&Mark> = marks
        .iter()
        .filter(|m| matches!(m.ch, '‘' | '’' | '\'' | '‹' | '›'))
        .collect();
    if singles.is_empty() {
        return;
    }
    pair_singles(&singles, spans);
    unclosed_inside_doubles(&para, &singles, para_doubles, problems);
}

/// Pair the single marks of a paragraph into `spans`.
fn pair_singles(singles: &[&Mark], spans: &mut Vec<QuoteSpan>) {
    // For every single mark, whether a closing candidate of its family
    // follows later in the paragraph.
    let mut later_curly_close = vec![false; singles.len()];
    let mut later_straight_close = vec![false; singles.len()];
    let (mut seen_curly, mut seen_straight) = (false, false);
    for (k, m) in singles.iter().enumerate().rev() {
        later_curly_close[k] = seen_curly;
        later_straight_close[k] = seen_straight;
        seen_curly |= m.ch == '’' && single_close_candidate(m);
        seen_straight |= m.ch == '\'' && single_close_candidate(m);
    }
    let mut stack: Vec<(QuoteStyle, &Mark)> = Vec::new();
    let mut close = |stack: &mut Vec<(QuoteStyle, &Mark)>, style: QuoteStyle, m: &Mark| {
        if let Some(i) = stack.iter().rposition(|(s, _)| *s == style) {
            let o = stack[i].1;
            stack.truncate(i);
            spans.push(QuoteSpan {
                style,
                open: o.range.clone(),
                close: m.range.clone(),
                inner: o.range.end..m.range.start,
                depth: 0,
            });
        }
    };
    for (k, m) in singles.iter().enumerate() {
        match m.ch {
            '‘' if opening_context(m.prev)
                && m.next
                    .is_some_and(|c| !c.is_whitespace() && !c.is_ascii_digit()) =>
            {
                stack.push((QuoteStyle::CurlySingle, m));
            }
            '\'' => {
                if opening_context(m.prev) && m.next.is_some_and(char::is_alphabetic) {
                    stack.push((QuoteStyle::StraightSingle, m));
                } else if single_close_candidate(m) && !(possessive(m) && later_straight_close[k]) {
                    close(&mut stack, QuoteStyle::StraightSingle, m);
                }
            }
            '’' if single_close_candidate(m) && !(possessive(m) && later_curly_close[k]) => {
                close(&mut stack, QuoteStyle::CurlySingle, m);
            }
            '‹' if !m.isolated() => stack.push((QuoteStyle::SingleGuillemets, m)),
            '›' => close(&mut stack, QuoteStyle::SingleGuillemets, m),
            _ => {}
        }
    }
}

/// A `‘` that opens a quotation (before a word of two letters or more, so not
/// `isn ‘t`) inside a double quotation that closes with no `’` or `'` in
/// between.
fn unclosed_inside_doubles(
    para: &Range<usize>,
    singles: &[&Mark],
    para_doubles: &[QuoteSpan],
    problems: &mut Vec<QuoteProblem>,
) {
    let mut apostrophes_before = Vec::with_capacity(singles.len() + 1);
    apostrophes_before.push(0usize);
    for m in singles {
        let n = apostrophes_before.last().copied().unwrap_or(0);
        apostrophes_before.push(n + usize::from(matches!(m.ch, '’' | '\'')));
    }
    for (k, m) in singles.iter().enumerate() {
        if m.ch != '‘'
            || !opening_context(m.prev)
            || !m.next.is_some_and(char::is_alphabetic)
            || !m.next2.is_some_and(char::is_alphabetic)
        {
            continue;
        }
        let Some(enclosing) = para_doubles
            .iter()
            .filter(|q| q.open.start < m.range.start && m.range.start < q.close.start)
            .filter(|q| q.close.start < para.end)
            .max_by_key(|q| q.open.start)
        else {
            continue;
        };
        let end = singles.partition_point(|s| s.range.start < enclosing.close.start);
        if apostrophes_before[end] > apostrophes_before[k + 1] {
            continue;
        }
        problems.push(QuoteProblem {
            kind: ProblemKind::Unclosed,
            mark: m.range.clone(),
            related: enclosing.close.clone(),
            related_note: "the enclosing quotation closes here",
            message: "This ‘ opens a quotation inside a quotation, but the enclosing quotation closes before it does".to_string(),
            fix: None,
        });
    }
}

/// `’`/`'` that may close a single quotation: after text, before a space,
/// punctuation or the end (not inside a word like `don’t`).
fn single_close_candidate(m: &Mark) -> bool {
    m.prev.is_some_and(|c| !c.is_whitespace()) && !is_word_char(m.next) && closing_context(m.next)
}

/// `the Russians’ plan`: a plural possessive that looks like a closing mark.
fn possessive(m: &Mark) -> bool {
    matches!(m.prev, Some('s' | 'S'))
        && m.next.is_some_and(char::is_whitespace)
        && m.next2.is_some_and(char::is_lowercase)
}

/// Depth = number of spans enclosing a span (spans sorted by opening mark).
fn assign_depths(quotes: &mut [QuoteSpan]) {
    let mut open_ends: Vec<usize> = Vec::new();
    for q in quotes.iter_mut() {
        while open_ends.last().is_some_and(|&end| end <= q.open.start) {
            open_ends.pop();
        }
        q.depth = u8::try_from(open_ends.len()).unwrap_or(u8::MAX);
        open_ends.push(q.close.end);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(text: &str) -> Vec<(ProblemKind, String)> {
        pair(text)
            .problems
            .into_iter()
            .map(|p| (p.kind, text[p.mark].to_string()))
            .collect()
    }

    fn clean(text: &str) {
        let p = pair(text);
        assert!(p.problems.is_empty(), "{text:?}: {:?}", p.problems);
    }

    #[test]
    fn balanced_styles_are_clean() {
        clean("“We will stay,” the mayor said.\n");
        clean("\"We will stay,\" the mayor said. \"All of us.\"\n");
        clean("«Мы останемся», — сказал мэр.\n");
        clean("„Wir bleiben“, sagte der Bürgermeister.\n");
        clean("»Wir bleiben«, sagte der Bürgermeister.\n");
        clean("”Vi stannar”, sa borgmästaren.\n");
        clean("Il a dit « nous restons » hier.\n");
    }

    #[test]
    fn spans_and_nesting() {
        let text = "«Он назвал это „ошибкой“», — сказал мэр.\n";
        let p = pair(text);
        assert!(p.problems.is_empty());
        assert_eq!(p.quotes.len(), 2);
        assert_eq!(p.quotes[0].style, QuoteStyle::Guillemets);
        assert_eq!(p.quotes[0].depth, 0);
        assert_eq!(&text[p.quotes[0].inner.clone()], "Он назвал это „ошибкой“");
        assert_eq!(p.quotes[1].style, QuoteStyle::German);
        assert_eq!(p.quotes[1].depth, 1);
        assert_eq!(&text[p.quotes[1].inner.clone()], "ошибкой");

        let text = "“He called it ‘a mistake’,” she said.\n";
        let p = pair(text);
        assert!(p.problems.is_empty());
        assert_eq!(p.quotes[1].style, QuoteStyle::CurlySingle);
        assert_eq!(p.quotes[1].depth, 1);

        let text = "\"The deal \"Orion\" is off\" - paper\n";
        let p = pair(text);
        assert!(p.problems.is_empty());
        assert_eq!(p.quotes.len(), 2);
        assert_eq!(&text[p.quotes[1].inner.clone()], "Orion");
    }

    #[test]
    fn multi_paragraph_quote_is_one_span() {
        let text = "“We have done all we could.\n\n“Now it is up to them,” she said.\n";
        let p = pair(text);
        assert!(p.problems.is_empty(), "{:?}", p.problems);
        assert_eq!(p.quotes.len(), 1);
        let q = &p.quotes[0];
        assert_eq!(q.open, 0..3);
        assert_eq!(
            &text[q.inner.clone()],
            "We have done all we could.\n\n“Now it is up to them,"
        );
        // Straight marks, three paragraphs.
        clean("He said: \"One.\n\n\"Two.\n\n\"Three.\"\n");
    }

    #[test]
    fn multi_paragraph_quote_never_closed() {
        let text =
            "“We have done all we could.\n\n“Now it is up to them.\n\nThe talks end today.\n";
        let p = pair(text);
        assert_eq!(p.problems.len(), 1);
        let pr = &p.problems[0];
        assert_eq!(pr.kind, ProblemKind::Unclosed);
        // Reported at the reopening mark of the last paragraph.
        assert_eq!(pr.mark.start, text.find("“Now").unwrap());
        assert!(pr.message.contains("reopens"));
    }

    #[test]
    fn interlude_lines_inside_a_long_quote() {
        clean("She said: \"We have done all we could.\n\nAdvertisement\n\n\"Now it is up to them.\"\n");
    }

    #[test]
    fn soft_line_break_inside_a_quote() {
        clean("He said, “We will stay\nuntil the end.” Then he left.\n");
    }

    #[test]
    fn apostrophes_are_not_quotes() {
        clean("NATO's plan, the Russians’ view, Moscow’s answer, don’t, ’90s, rock ’n’ roll.\n");
        clean("It isn't the minister's fault, the ministers' aides said.\n");
        clean("Lavrov wants talks 'understood' and 'taken seriously'\n");
        clean("Siti ‘Aisyah visited the city.\n");
    }

    #[test]
    fn inch_and_ditto_marks() {
        clean("The 12\" screen and the 14” model, both 5'11\" tall.\n");
        clean("Apples  \"  \"  5 kg\n");
        clean("Home › World › Europe\n\nRead more »»\n\nNext »\n");
    }

    #[test]
    fn unclosed() {
        let text = "“We will stay until the end, the mayor said.\n\nThe talks end today.\n";
        assert_eq!(
            problems(text),
            vec![(ProblemKind::Unclosed, "“".to_string())]
        );
        let p = pair(text);
        assert_eq!(p.problems[0].related.start, text.find(".\n").unwrap());
        assert_eq!(p.problems[0].fix, None);
        // Whole paragraph quoted: obvious fix at the end.
        let text = "“We will stay until the end.\n\nThe mayor said so.\n";
        let p = pair(text);
        let (range, insert, _) = p.problems[0].fix.clone().unwrap();
        assert_eq!(
            (range.start, insert.as_str()),
            (text.find('\n').unwrap(), "”")
        );
        // Straight: `"A, he said. "B."` — the first quote never closes.
        let text = "\"We will stay, he said. \"All of us.\"\n";
        assert_eq!(
            problems(text),
            vec![(ProblemKind::Unclosed, "\"".to_string())]
        );
    }

    #[test]
    fn unopened() {
        let text = "We will stay,” the mayor said.\n";
        assert_eq!(
            problems(text),
            vec![(ProblemKind::Unopened, "”".to_string())]
        );
        let p = pair(text);
        let (range, insert, _) = p.problems[0].fix.clone().unwrap();
        assert_eq!((range, insert.as_str()), (0..0, "“"));
        let text = "We will stay,\" the mayor said. \"All of us.\"\n";
        assert_eq!(
            problems(text),
            vec![(ProblemKind::Unopened, "\"".to_string())]
        );
        let text = "Мы останемся», — сказал мэр.\n";
        assert_eq!(
            problems(text),
            vec![(ProblemKind::Unopened, "»".to_string())]
        );
    }

    #[test]
    fn style_mismatch() {
        let text = "“We will stay,\" the mayor said.\n";
        let p = pair(text);
        assert_eq!(p.problems.len(), 1);
        assert_eq!(p.problems[0].kind, ProblemKind::StyleMismatch);
        assert_eq!(p.problems[0].related, 0..3);
        let (range, insert, _) = p.problems[0].fix.clone().unwrap();
        assert_eq!((&text[range], insert.as_str()), ("\"", "”"));
        // An opening mark typed where the closing one belongs.
        let text = "“We will stay“ the mayor said.\n";
        assert_eq!(
            problems(text),
            vec![(ProblemKind::StyleMismatch, "“".to_string())]
        );
        // The quote is still one span.
        assert_eq!(pair(text).quotes.len(), 1);
    }

    #[test]
    fn nested_single_quote_left_open() {
        let text = "“The aide added: ‘We regret it, ” the agency said.\n";
        assert_eq!(
            problems(text),
            vec![(ProblemKind::Unclosed, "‘".to_string())]
        );
        clean("“The aide added: ‘We regret it’,” the agency said.\n");
    }

    #[test]
    fn misplaced_straight_mark_pairs_by_parity() {
        clean("Kits will be sent to schools,\" For example, schools can vote\". He agreed.\n");
    }

    #[test]
    fn html_attributes() {
        clean("<img src=\"a.jpg\" alt=\"The Kremlin's hall\" />\n<a href=\"/x/\">Link</a>\n");
    }

    #[test]
    fn crlf_and_ranges_are_bytes() {
        let text = "Тест «да\r\n\r\nДругой абзац.\r\n";
        let p = pair(text);
        assert_eq!(p.problems.len(), 1);
        assert_eq!(&text[p.problems[0].mark.clone()], "«");
        assert_eq!(&text[p.problems[0].related.clone()], "а");
    }

    /// The seed reports (read at test time when present) come out clean.
    #[test]
    fn seeds_are_clean() {
        let Some(dir) = crate::testdata::shared("seeds") else {
            return;
        };
        let entries = std::fs::read_dir(dir).unwrap();
        let mut seen = 0;
        for e in entries.flatten() {
            let text = std::fs::read_to_string(e.path()).unwrap();
            let p = pair(&text);
            assert!(p.problems.is_empty(), "{:?}: {:?}", e.path(), p.problems);
            assert!(!p.quotes.is_empty());
            seen += 1;
        }
        assert_eq!(seen, 5, "the five seed reports");
    }
}
