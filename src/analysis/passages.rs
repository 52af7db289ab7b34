//! # Passages reused from other reports
//!
//! Agencies often share background paragraphs word for word ("At the end of
//! 2021, Russia published drafts of …"). Such a passage is not a quotation,
//! but a curator wants to know that another report carries it too.
//!
//! [`sentences`] cuts the narrative of a report (lines that are not
//! boilerplate, outside quotations) into sentences of at least
//! [`MIN_SENTENCE_WORDS`] words and gives each a hash of its normalised
//! words (lower case, punctuation dropped, `ё` → `е`, curly and straight
//! apostrophes alike). The corpus files the hashes in
//! [`crate::corpus::quote_index::PassageIndex`]; a sentence whose hash
//! another report has is reused, and [`merge`] joins runs of reused
//! sentences into one passage.
//!
//! Shorter sentences are left out: "The meeting was held on Monday." recurs
//! across unrelated reports by chance.
//!
//! The hash is FNV-1a (64 bit), stable across runs and Rust versions, so it
//! may be cached.

use std::ops::Range;

use crate::analysis::lines::LineIndex;
use crate::analysis::quotes::extract::Quote;

/// Fewest words a sentence needs to be compared across reports.
pub const MIN_SENTENCE_WORDS: usize = 8;

/// The narrative sentences of a report with at least
/// [`MIN_SENTENCE_WORDS`] words, with the hash of their normalised words.
/// Sentences on skipped lines or overlapping a quotation are left out.
pub fn sentences(text: &str, skip: &[bool], quotes: &[Quote]) -> Vec<(Range<usize>, u64)> {
    let index = LineIndex::new(text);
    // Byte ranges covered by quotations, marks included, sorted.
    let mut covered: Vec<Range<usize>> = quotes
        .iter()
        .map(|q| {
            // the closing mark right after the quoted text
            let close = text[q.range.end.min(text.len())..]
                .chars()
                .next()
                .map_or(0, char::len_utf8);
            q.open.start.min(q.range.start)..(q.range.end + close).min(text.len())
        })
        .collect();
    covered.sort_by_key(|r| r.start);
    let mut out = Vec::new();
    for line in 0..index.line_count() {
        if skip.get(line).copied().unwrap_or(false) {
            continue;
        }
        let lr = index.line_range(text, line);
        for s in split_sentences(text, lr) {
            let overlaps = covered.iter().any(|c| c.start < s.end && s.start < c.end);
            if overlaps {
                continue;
            }
            let (words, hash) = normalised_hash(&text[s.clone()]);
            if words >= MIN_SENTENCE_WORDS {
                out.push((s, hash));
            }
        }
    }
    out
}

/// Sentences of one line: they end at `.`, `!`, `?` or `…` (with closing
/// marks and brackets after them) followed by a space and an upper-case
/// letter, a digit or an opening mark; the line's end ends the last one.
fn split_sentences(text: &str, line: Range<usize>) -> Vec<Range<usize>> {
    let s = &text[line.clone()];
    let mut out = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (_, c) = chars[i];
        if matches!(c, '.' | '!' | '?' | '…') {
            let mut j = i + 1;
            while j < chars.len() && matches!(chars[j].1, '"' | '”' | '’' | '»' | ')' | '\'') {
                j += 1;
            }
            let space = j < chars.len() && chars[j].1.is_whitespace();
            let mut k = j;
            while k < chars.len() && chars[k].1.is_whitespace() {
                k += 1;
            }
            let next_starts = k < chars.len()
                && (chars[k].1.is_uppercase()
                    || chars[k].1.is_ascii_digit()
                    || matches!(chars[k].1, '"' | '“' | '«' | '„'));
            // An initial ("J. Smith") or a one-letter abbreviation is not an end.
            let initial = i >= 1
                && chars[i - 1].1.is_uppercase()
                && (i < 2 || !chars[i - 2].1.is_alphanumeric());
            if space && next_starts && !initial {
                let end = chars.get(j).map_or(s.len(), |&(b, _)| b);
                push_trimmed(s, start..end, line.start, &mut out);
                start = chars[k].0;
                i = k;
                continue;
            }
        }
        i += 1;
    }
    push_trimmed(s, start..s.len(), line.start, &mut out);
    out
}

fn push_trimmed(s: &str, r: Range<usize>, base: usize, out: &mut Vec<Range<usize>>) {
    let piece = &s[r.clone()];
    let lead = piece.len() - piece.trim_start().len();
    let trimmed = piece.trim();
    if !trimmed.is_empty() {
        let st = base + r.start + lead;
        out.push(st..st + trimmed.len());
    }
}

/// Number of words and FNV-1a hash of the normalised words of a sentence.
fn normalised_hash(sentence: &str) -> (usize, u64) {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    let mut h = OFFSET;
    let mut words = 0;
    let mut in_word = false;
    let feed = |b: u8, h: &mut u64| {
        *h ^= b as u64;
        *h = h.wrapping_mul(PRIME);
    };
    let mut buf = [0u8; 4];
    for c in sentence.chars() {
        if c.is_alphanumeric() {
            if !in_word {
                if words > 0 {
                    feed(b' ', &mut h);
                }
                words += 1;
                in_word = true;
            }
            for lc in c.to_lowercase() {
                let lc = if lc == 'ё' { 'е' } else { lc };
                for &b in lc.encode_utf8(&mut buf).as_bytes() {
                    feed(b, &mut h);
                }
            }
        } else if !(in_word && matches!(c, '\'' | '’')) {
            // An apostrophe inside a word keeps it whole ("Russia's").
            in_word = false;
        }
    }
    (words, h)
}

#[cfg(test)]
mod quote_edge_tests {
    use super::*;

    #[test]
    fn a_sentence_right_after_a_quoted_paragraph_counts() {
        let text = "He said it had been \"useful.\"\n\nAt the end of 2021, Russia published drafts of a treaty with the United States.\n";
        let pairing = crate::analysis::quotes::marks::pair(text);
        let quotes = crate::analysis::quotes::extract::extract(text, &pairing, &[], &[]);
        let s = sentences(text, &[], &quotes);
        assert_eq!(s.len(), 1, "{s:?}");
        assert!(text[s[0].0.clone()].starts_with("At the end of 2021"));
    }
}

/// Join reused sentences into passages: `reused[i]` tells whether
/// `sentences[i]` is in another report; consecutive reused sentences with
/// only white space between them become one range.
pub fn merge(text: &str, sentences: &[(Range<usize>, u64)], reused: &[bool]) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut prev_reused = false;
    for (i, (r, _)) in sentences.iter().enumerate() {
        if !reused.get(i).copied().unwrap_or(false) {
            prev_reused = false;
            continue;
        }
        match out.last_mut() {
            Some(last) if prev_reused && text[last.end..r.start].trim().is_empty() => {
                last.end = r.end;
            }
            _ => out.push(r.clone()),
        }
        prev_reused = true;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::quotes::extract::extract;
    use crate::analysis::quotes::marks::pair;

    fn sents(text: &str) -> Vec<(Range<usize>, u64)> {
        let q = extract(text, &pair(text), &[], &[]);
        sentences(text, &[], &q)
    }

    #[test]
    fn sentences_outside_quotes_with_enough_words() {
        let t = "The port authority closed the northern harbour to all cargo ships on Monday. It rained.\n\
                 \"We will reopen the harbour as soon as the storm has passed,\" the mayor said.\n";
        let s = sents(t);
        assert_eq!(s.len(), 1);
        assert_eq!(
            &t[s[0].0.clone()],
            "The port authority closed the northern harbour to all cargo ships on Monday."
        );
    }

    #[test]
    fn same_words_same_hash_whatever_the_punctuation() {
        let a = sents(
            "Last year, the city’s council approved a plan to rebuild the old bridge by 2030.",
        );
        let b =
            sents("Last year the city's council approved a plan to rebuild the old bridge by 2030");
        assert_eq!(a[0].1, b[0].1);
    }

    #[test]
    fn reused_neighbours_merge_into_one_passage() {
        let t = "First we list eight words in this one sentence here. Then we add eight more words to the second sentence. \
                 Finally a third sentence of eight words stands alone here.";
        let s = sents(t);
        assert_eq!(s.len(), 3);
        let merged = merge(t, &s, &[true, true, false]);
        assert_eq!(merged.len(), 1);
        assert!(t[merged[0].clone()].ends_with("second sentence."));
        assert_eq!(merge(t, &s, &[true, false, true]).len(), 2);
    }

    #[test]
    fn initials_do_not_end_a_sentence() {
        let t =
            "The report was written by J. Smith and four colleagues at the institute last spring.";
        assert_eq!(sents(t).len(), 1);
    }
}
