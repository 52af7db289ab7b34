//! Stage 1: a report's lines as word, number and punctuation tokens, with the
//! sentence starts marked (a capital there says little about a name).

use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Tk {
    Word,
    Num,
    /// "'s" after a word
    Poss,
    Punct,
}

#[derive(Debug, Clone)]
pub(super) struct Tok {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) kind: Tk,
    /// First token of a sentence (or of a line).
    pub(super) sent_start: bool,
    /// Index of the line in the text.
    pub(super) line: usize,
}

/// Abbreviations written with a final dot that belongs to the word.
pub(super) const DOT_ABBREVIATIONS: [&str; 34] = [
    "mr", "mrs", "ms", "dr", "st", "jr", "sr", "gen", "col", "lt", "sgt", "capt", "gov", "sen",
    "rep", "prof", "rev", "adm", "maj", "tech", "inc", "corp", "ltd", "co", "no", "vs", "mt", "ft",
    "cpl", "pres", "messrs", "hon", "ave", "blvd",
];

/// Append the tokens of one line (`range` of `text`, line number `line`) to
/// `out`, with their sentence starts marked.
pub(super) fn tokenize_line(text: &str, range: Range<usize>, line: usize, out: &mut Vec<Tok>) {
    let first = out.len();
    let line_text = Line {
        s: &text[range.clone()],
        chars: text[range.clone()].char_indices().collect(),
        base: range.start,
        line,
    };
    line_text.scan(out);
    split_capital_elisions(text, out, first);
    mark_sentence_starts(text, &mut out[first..]);
}

/// In a French report, `L'Ukraine` and `D'Allemagne` (a capital elision,
/// as at a sentence's start or in a title) are the elided article and a
/// name the gazetteer or the organisation list knows, two words as
/// `l'Ukraine` is; before any other capital it stays one word (`L'Express`,
/// which the list knows whole, `D'Alema`). The tokens from `first` on are
/// looked at.
fn split_capital_elisions(text: &str, out: &mut Vec<Tok>, first: usize) {
    use crate::analysis::text::lang::{current, Lang};
    if current() != Some(Lang::Fra) {
        return;
    }
    // where each token splits (the rest's offset in it), if it does
    let split_at = |t: &Tok| -> Option<usize> {
        if t.kind != Tk::Word {
            return None;
        }
        let w = &text[t.start..t.end];
        let mut cs = w.char_indices();
        let elided =
            matches!(cs.next(), Some((_, 'L' | 'D'))) && matches!(cs.next(), Some((_, '\'' | '’')));
        let at = cs
            .next()
            .filter(|(_, c)| c.is_uppercase())
            .map(|(i, _)| i)?;
        let lex = &*super::lexicon::LEX;
        let rest = &w[at..];
        (elided
            && (lex.place(rest).is_some() || lex.organisation(rest).is_some())
            && lex.organisation(w).is_none())
        .then_some(at)
    };
    let splits: Vec<Option<usize>> = out[first..].iter().map(split_at).collect();
    if splits.iter().all(Option::is_none) {
        return;
    }
    // rebuilt in one pass (inserting in place would shift the line's tokens
    // once a split)
    let line: Vec<Tok> = out.drain(first..).collect();
    for (t, split) in line.into_iter().zip(splits) {
        match split {
            Some(at) => {
                let mut head = t.clone();
                head.end = t.start + at;
                let mut tail = t;
                tail.start = head.end;
                out.push(head);
                out.push(tail);
            }
            None => out.push(t),
        }
    }
}

/// One line being cut into tokens: its characters with their byte offsets.
struct Line<'t> {
    s: &'t str,
    chars: Vec<(usize, char)>,
    /// Byte offset of the line in the report.
    base: usize,
    line: usize,
}

impl Line<'_> {
    fn at(&self, k: usize) -> Option<char> {
        self.chars.get(k).map(|&(_, c)| c)
    }

    /// Byte offset in the line of character `k` (the line's length past the end).
    fn off(&self, k: usize) -> usize {
        self.chars.get(k).map(|&(o, _)| o).unwrap_or(self.s.len())
    }

    /// The token of characters `a..b`.
    fn tok(&self, a: usize, b: usize, kind: Tk) -> Tok {
        Tok {
            start: self.base + self.off(a),
            end: self.base + self.off(b),
            kind,
            sent_start: false,
            line: self.line,
        }
    }

    /// "'s" (or "’s") at character `j`, not followed by a letter or digit.
    fn possessive_at(&self, j: usize) -> bool {
        matches!(self.at(j), Some('\'' | '’'))
            && matches!(self.at(j + 1), Some('s' | 'S'))
            && !self.at(j + 2).is_some_and(|c| c.is_alphanumeric())
    }

    fn scan(&self, out: &mut Vec<Tok>) {
        let n = self.chars.len();
        let mut k = 0;
        while k < n {
            let c = self.chars[k].1;
            if c.is_whitespace() {
                k += 1;
            } else if c.is_alphabetic() {
                let j = self.word_end(k);
                out.push(self.tok(k, j, Tk::Word));
                if self.possessive_at(j) {
                    out.push(self.tok(j, j + 2, Tk::Poss));
                    k = j + 2;
                } else {
                    k = j;
                }
            } else if c.is_ascii_digit() {
                let mut j = k;
                while j < n
                    && (self.chars[j].1.is_alphanumeric()
                        || (matches!(self.chars[j].1, ',' | '.' | ':' | '-')
                            && self.at(j + 1).is_some_and(|c| c.is_ascii_digit())))
                {
                    j += 1;
                }
                out.push(self.tok(k, j, Tk::Num));
                k = j;
            } else {
                out.push(self.tok(k, k + 1, Tk::Punct));
                k += 1;
            }
        }
    }

    /// The end (character index) of the word starting at `start`: inner hyphens
    /// and apostrophes go on ("Cheuk-yan", "O'Brien", not a possessive "'s");
    /// initials go on with their dots ("U.S", "D.C"); a final dot belongs to an
    /// initial or a known abbreviation ("Mr.").
    fn word_end(&self, start: usize) -> usize {
        let n = self.chars.len();
        let mut j = start;
        loop {
            while j < n && self.chars[j].1.is_alphanumeric() {
                j += 1;
            }
            match self.at(j) {
                // French elision: `l'Ukraine`, `l'ambassadeur`, `d'État` are
                // two words (not `L'Express`, `D'Alema`)
                Some('\'' | '’')
                    if j == start + 1 && french_elision(self.chars[start].1, self.at(j + 1)) =>
                {
                    return j + 1;
                }
                Some('-' | '\'' | '’' | '‑')
                    if self.at(j + 1).is_some_and(|c| c.is_alphanumeric())
                        && !self.possessive_at(j) =>
                {
                    j += 1;
                }
                Some('.') => {
                    let word = &self.s[self.off(start)..self.off(j)];
                    let last_seg = word.rsplit('.').next().unwrap_or(word);
                    let initial = last_seg.chars().count() == 1
                        && last_seg.chars().all(|c| c.is_alphabetic());
                    if initial && self.at(j + 1).is_some_and(|c| c.is_alphabetic()) {
                        // U.S / D.C — go on with the next letter
                        j += 1;
                    } else {
                        if initial || DOT_ABBREVIATIONS.contains(&word.to_lowercase().as_str()) {
                            j += 1;
                        }
                        return j;
                    }
                }
                _ => return j,
            }
        }
    }
}

/// Whether a word of the letter `first` and an apostrophe before `next` is
/// an elided French article or preposition (`l'`, `d'`), in a French report:
/// always in lower case, and capitalised before a lower-case word
/// (`L'ambassadeur`); before a capital only when the rest is a name the
/// lists know, which `split_capital_elisions` decides after the line is cut
/// (`L'Ukraine`, not `L'Express` or `D'Alema`).
pub(crate) fn french_elision(first: char, next: Option<char>) -> bool {
    let Some(next) = next.filter(|c| c.is_alphabetic()) else {
        return false;
    };
    crate::analysis::text::lang::current() == Some(crate::analysis::text::lang::Lang::Fra)
        && match first {
            'l' | 'd' => true,
            'L' | 'D' => next.is_lowercase(),
            _ => false,
        }
}

/// Mark the first word or number of each sentence of a line's tokens: after a
/// sentence end, a colon or a bullet, and at an opening quotation mark.
fn mark_sentence_starts(text: &str, toks: &mut [Tok]) {
    let mut expect = true;
    for t in toks.iter_mut() {
        let txt = &text[t.start..t.end];
        match t.kind {
            Tk::Punct => {
                if matches!(txt, "." | "!" | "?" | ":" | ";" | "•" | "|" | "…") {
                    expect = true;
                } else if matches!(txt, "\"" | "“" | "«" | "‘" | "'") && opens_quote(text, t) {
                    // a quotation starts a sentence of its own: "Hoping that …"
                    expect = true;
                } else if !matches!(
                    txt,
                    "\"" | "“" | "”" | "«" | "»" | "'" | "‘" | "(" | "[" | "-" | "—" | "–"
                ) {
                    expect = false;
                }
            }
            Tk::Word | Tk::Num => {
                t.sent_start = expect;
                // a dotted abbreviation that is not a title may end a sentence
                expect = txt.ends_with('.')
                    && !DOT_ABBREVIATIONS[..15]
                        .contains(&txt.trim_end_matches('.').to_lowercase().as_str())
                    && txt.chars().filter(|c| c.is_alphabetic()).count() > 1;
            }
            Tk::Poss => expect = false,
        }
    }
}

/// A quotation mark that opens a quotation: text right after it, and a space, an
/// opening bracket or the line start before it.
fn opens_quote(text: &str, t: &Tok) -> bool {
    let after = text[t.end..].chars().next();
    let before = text[..t.start].chars().next_back();
    after.is_some_and(|c| c.is_alphanumeric())
        && before.is_none_or(|c| c.is_whitespace() || matches!(c, '(' | '['))
}

pub(super) fn is_upper_start(w: &str) -> bool {
    w.chars().next().is_some_and(|c| c.is_uppercase())
}

/// A capitalised word, or a name like "iPhone" / "eBay".
pub(super) fn is_cap_word(w: &str) -> bool {
    let mut cs = w.chars();
    match cs.next() {
        Some(c) if c.is_uppercase() => true,
        Some(c) if c.is_lowercase() => {
            w.len() > 2 && cs.clone().next().is_some_and(|c| c.is_uppercase())
        }
        _ => false,
    }
}

pub(super) fn is_all_caps(w: &str) -> bool {
    let mut letters = 0;
    for c in w.chars().filter(|c| c.is_alphabetic()) {
        if !c.is_uppercase() {
            return false;
        }
        letters += 1;
    }
    letters >= 2
}
