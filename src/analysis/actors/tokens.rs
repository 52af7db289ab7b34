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

pub(super) fn tokenize_line(text: &str, range: Range<usize>, line: usize, out: &mut Vec<Tok>) {
    let s = &text[range.clone()];
    let base = range.start;
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let n = chars.len();
    let at = |k: usize| -> Option<char> { chars.get(k).map(|&(_, c)| c) };
    let off = |k: usize| -> usize { chars.get(k).map(|&(o, _)| o).unwrap_or(s.len()) };
    let first = out.len();
    let mut k = 0;
    while k < n {
        let c = chars[k].1;
        if c.is_whitespace() {
            k += 1;
            continue;
        }
        let start = k;
        if c.is_alphabetic() {
            // a word with inner hyphens and apostrophes; initials with dots
            let mut j = k;
            loop {
                while j < n && chars[j].1.is_alphanumeric() {
                    j += 1;
                }
                match at(j) {
                    Some('-' | '\'' | '’' | '‑')
                        if at(j + 1).is_some_and(|c| c.is_alphanumeric())
                            && !(matches!(at(j), Some('\'' | '’'))
                                && matches!(at(j + 1), Some('s' | 'S'))
                                && !at(j + 2).is_some_and(|c| c.is_alphanumeric())) =>
                    {
                        j += 1;
                    }
                    Some('.') => {
                        let word = &s[off(start)..off(j)];
                        let last_seg = word.rsplit('.').next().unwrap_or(word);
                        let initial = last_seg.chars().count() == 1
                            && last_seg.chars().all(|c| c.is_alphabetic());
                        if initial && at(j + 1).is_some_and(|c| c.is_alphabetic()) {
                            // U.S / D.C — go on with the next letter
                            j += 1;
                        } else {
                            if initial || DOT_ABBREVIATIONS.contains(&word.to_lowercase().as_str())
                            {
                                j += 1;
                            }
                            break;
                        }
                    }
                    _ => break,
                }
            }
            out.push(Tok {
                start: base + off(start),
                end: base + off(j),
                kind: Tk::Word,
                sent_start: false,
                line,
            });
            // possessive
            if matches!(at(j), Some('\'' | '’'))
                && matches!(at(j + 1), Some('s' | 'S'))
                && !at(j + 2).is_some_and(|c| c.is_alphanumeric())
            {
                out.push(Tok {
                    start: base + off(j),
                    end: base + off(j + 2),
                    kind: Tk::Poss,
                    sent_start: false,
                    line,
                });
                j += 2;
            }
            k = j;
        } else if c.is_ascii_digit() {
            let mut j = k;
            while j < n
                && (chars[j].1.is_alphanumeric()
                    || (matches!(chars[j].1, ',' | '.' | ':' | '-')
                        && at(j + 1).is_some_and(|c| c.is_ascii_digit())))
            {
                j += 1;
            }
            out.push(Tok {
                start: base + off(start),
                end: base + off(j),
                kind: Tk::Num,
                sent_start: false,
                line,
            });
            k = j;
        } else {
            out.push(Tok {
                start: base + off(k),
                end: base + off(k + 1),
                kind: Tk::Punct,
                sent_start: false,
                line,
            });
            k += 1;
        }
    }
    // sentence starts
    let mut expect = true;
    #[allow(clippy::needless_range_loop)]
    for i in first..out.len() {
        let t = &out[i];
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
                out[i].sent_start = expect;
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
