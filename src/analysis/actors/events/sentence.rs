//! The sentences of a report line and the event words in them.

use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

/// Sentences of a line (byte ranges): split after `.`, `!`, `?` followed by a
/// space and a capital letter, digit or quote, except after an initial or a title.
pub(super) fn sentences(line: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let b = line.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i < b.len() {
        if matches!(b[i], b'.' | b'!' | b'?') && i + 2 < b.len() && b[i + 1] == b' ' {
            let next = line[i + 2..].chars().next().unwrap_or(' ');
            let word_before = line[start..i]
                .rsplit(|c: char| !c.is_alphanumeric() && c != '.')
                .next()
                .unwrap_or("");
            let abbrev = (word_before.chars().count() == 1
                && word_before.chars().all(char::is_alphabetic))
                || matches!(
                    word_before.to_lowercase().as_str(),
                    "mr" | "mrs"
                        | "ms"
                        | "dr"
                        | "st"
                        | "gen"
                        | "u.s"
                        | "jan"
                        | "feb"
                        | "aug"
                        | "sept"
                        | "oct"
                        | "nov"
                        | "dec"
                );
            if (next.is_uppercase() || next.is_ascii_digit() || matches!(next, '"' | '“' | '«'))
                && !abbrev
            {
                out.push(start..i + 1);
                start = i + 2;
                i += 2;
                continue;
            }
        }
        i += 1;
    }
    if start < line.len() {
        out.push(start..line.len());
    }
    out
}

/// Event words: (pattern, event type). English and Russian.
pub(super) static TRIGGERS: LazyLock<Vec<(Regex, &'static str)>> = LazyLock::new(|| {
    let t = |p: &str, ty: &'static str| (Regex::new(p).expect("valid trigger"), ty);
    vec![
        t(
            r"(?i)\b(?:press|news)[ -]conferences?\b",
            "press conference",
        ),
        t(r"(?i)\bbriefings?\b", "briefing"),
        t(r"(?i)\binterviews?\b", "interview"),
        t(r"(?i)\bsummits?\b", "summit"),
        t(r"(?i)\bmeetings?\b", "meeting"),
        t(r"(?i)\b(?:talks|negotiations)\b", "talks"),
        t(r"(?i)\bconsultations\b", "consultations"),
        t(
            r"(?i)\b(?:published|publication\s+of|made\s+public|released\s+(?:the\s+)?(?:drafts?|texts?|documents?))\b",
            "publication",
        ),
        t(r"(?i)\b(?:agreements?|accords?)\b", "agreement"),
        t(r"(?i)\b(?:treaty|treaties)\b", "treaty"),
        t(r"(?i)\bcharter\b", "charter"),
        t(r"(?i)пресс-конференци\w*", "press conference"),
        t(r"(?i)брифинг\w*", "briefing"),
        t(r"(?i)интервью", "interview"),
        t(r"(?i)саммит\w*", "summit"),
        t(r"(?i)\bвстреч[аеиуы]\w*", "meeting"),
        t(r"(?i)переговор\w*", "talks"),
        t(r"(?i)консультаци\w*", "consultations"),
        t(r"(?i)опубликова\w*", "publication"),
        t(r"(?i)соглашени\w*", "agreement"),
        t(r"(?i)\bдоговор\w*", "treaty"),
        t(r"(?i)харти\w*", "charter"),
    ]
});

pub(super) struct Hit {
    pub(super) range: Range<usize>,
    pub(super) ty: &'static str,
}

/// One sentence of the report: its text and where it starts in the report.
#[derive(Clone, Copy)]
pub(super) struct Sentence<'a> {
    pub(super) s: &'a str,
    pub(super) base: usize,
}

/// The trigger words of a sentence, in order, none overlapping another.
pub(super) fn trigger_hits(s: &str) -> Vec<Hit> {
    let mut hits: Vec<Hit> = Vec::new();
    for (re, ty) in TRIGGERS.iter() {
        for m in re.find_iter(s) {
            if hits
                .iter()
                .any(|h| h.range.start < m.end() && m.start() < h.range.end)
            {
                continue;
            }
            hits.push(Hit {
                range: m.range(),
                ty,
            });
        }
    }
    hits.sort_by_key(|h| h.range.start);
    hits
}
