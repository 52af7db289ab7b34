//! Who takes part in an event and where it takes place, as its sentence says.

use super::sentence::{Hit, Sentence};
use crate::analysis::actors::mention::Mention;
use crate::analysis::actors::registry::MentionKind;
use crate::analysis::text::speech;
use std::ops::Range;

/// Someone or something that takes part in an event, as the sentence names it.
pub(super) struct TakingPart {
    pub(super) key: String,
    /// The name to show ("Sergey Lavrov", "United States").
    pub(super) name: String,
    pub(super) kind: MentionKind,
    /// Where the sentence names it (in the report), empty for a speaker carried
    /// from an earlier sentence.
    pub(super) range: Range<usize>,
}

/// A phrase without its leading article or demonstrative.
pub(super) fn strip_determiner(phrase: &str) -> &str {
    for det in ["the ", "The ", "a ", "A ", "an ", "An ", "this ", "This "] {
        if let Some(rest) = phrase.strip_prefix(det) {
            return rest;
        }
    }
    phrase
}

/// The name of an actor as a title shows it: a person's fullest name in the
/// report, anything else as written, without a leading "the".
pub(super) fn display_name(m: &Mention) -> String {
    let n = match m.kind {
        MentionKind::Person => m.full.as_deref().unwrap_or(&m.text),
        MentionKind::Place => {
            crate::analysis::actors::place_display_name(&m.key).unwrap_or(&m.text)
        }
        _ => &m.text,
    };
    strip_determiner(n).to_string()
}

/// The places of a sentence where something happens ("in Geneva", "at the
/// OSCE"): range in the sentence, name, key.
pub(super) fn sentence_places(
    sent: Sentence,
    sent_mentions: &[&Mention],
) -> Vec<(Range<usize>, String, String)> {
    let Sentence { s, base } = sent;
    sent_mentions
        .iter()
        .filter(|m| matches!(m.kind, MentionKind::Place | MentionKind::Organization))
        .filter_map(|m| {
            let rel = m.range.start - base..m.range.end - base;
            let before = s[..rel.start].trim_end();
            let before = before
                .strip_suffix("the")
                .map(str::trim_end)
                .unwrap_or(before);
            let prep = before.rsplit(' ').next().unwrap_or("");
            let locative = matches!(prep, "in" | "at" | "в" | "во");
            (locative && (m.kind == MentionKind::Place || prep == "in"))
                .then(|| (rel, m.text.clone(), m.key.clone()))
        })
        .collect()
}

/// Who takes part in the event of trigger `h`: the actors named within `scope`
/// of the sentence, people first — not its places, not those the sentence
/// only reports speaking ("…, Lavrov noted") unless the event is one of
/// speech, and not those a preposition sets apart ("tension around Russia",
/// "handed to the US side"); for a press conference, a briefing or an
/// interview with no person named, the last person named before.
pub(super) fn participants_of(
    h: &Hit,
    sent: Sentence,
    scope: Range<usize>,
    places: &[(Range<usize>, String, String)],
    sent_mentions: &[&Mention],
    mentions: &[Mention],
) -> Vec<TakingPart> {
    let Sentence { s, base } = sent;
    let speech_event = matches!(h.ty, "press conference" | "briefing" | "interview");
    let mut out: Vec<TakingPart> = Vec::new();
    for m in sent_mentions {
        let r = m.range.start - base;
        if !scope.contains(&r) {
            continue;
        }
        if places.iter().any(|(pr, _, _)| pr.start == r) || m.kind == MentionKind::Event {
            continue;
        }
        if !speech_event && reported_speaking(s, r..m.range.end - base) {
            continue;
        }
        if set_apart(&s[..r]) && !names_a_forum(&s[m.range.end - base..]) {
            continue;
        }
        if out.iter().any(|t| t.key == m.key) {
            continue;
        }
        out.push(TakingPart {
            key: m.key.clone(),
            name: display_name(m),
            kind: m.kind,
            range: m.range.clone(),
        });
    }
    out.sort_by_key(|t| match t.kind {
        MentionKind::Person => 0,
        MentionKind::Organization => 1,
        _ => 2,
    });
    // speech events: the speaker, when only a pronoun is in the clause
    if speech_event && !out.iter().any(|t| t.kind == MentionKind::Person) {
        if let Some(p) = mentions
            .iter()
            .rev()
            .find(|m| m.kind == MentionKind::Person && m.range.end <= base + h.range.start)
        {
            out.insert(
                0,
                TakingPart {
                    key: p.key.clone(),
                    name: display_name(p),
                    kind: p.kind,
                    range: 0..0,
                },
            );
        }
    }
    out
}

/// Whether the name at `r` in `s` is the one reported speaking: a verb of
/// saying right after it ("Lavrov noted") or right before it ("said Lavrov"),
/// or "according to" before it.
pub(super) fn reported_speaking(s: &str, r: Range<usize>) -> bool {
    fn word(w: &str) -> &str {
        w.trim_matches(|c: char| !c.is_alphanumeric())
    }
    let verb = |w: &str| speech::is_speech_verb(word(w));
    if s[r.end..].split_whitespace().next().is_some_and(verb) {
        return true;
    }
    let mut before = s[..r.start].split_whitespace().rev();
    match (before.next(), before.next()) {
        (Some(w), _) if verb(w) => true,
        (Some(to), Some(according)) => {
            word(to).eq_ignore_ascii_case("to") && word(according).eq_ignore_ascii_case("according")
        }
        _ => false,
    }
}

/// Whether the words after a name make it the forum of an event, which takes
/// part whatever the preposition ("on the OSCE platform", "in the Normandy
/// format", "within the NATO framework").
pub(super) fn names_a_forum(after: &str) -> bool {
    let next = after.split_whitespace().next().unwrap_or("");
    let next = next.trim_end_matches(|c: char| !c.is_alphanumeric());
    matches!(
        next.to_lowercase().as_str(),
        "platform" | "format" | "framework" | "forum" | "track"
    )
}

/// Whether the words before a name set it apart from an event of the sentence:
/// a preposition other than those that join parties ("between", "with", "of",
/// "by", "and", "among").
pub(super) fn set_apart(before: &str) -> bool {
    let mut words = before.split_whitespace().rev();
    let mut w = words.next().unwrap_or("");
    if w.eq_ignore_ascii_case("the") {
        w = words.next().unwrap_or("");
    }
    matches!(
        w.to_lowercase().as_str(),
        "around"
            | "to"
            | "against"
            | "on"
            | "about"
            | "over"
            | "near"
            | "for"
            | "into"
            | "from"
            | "towards"
            | "toward"
            | "across"
            | "in"
            | "at"
            | "under"
            | "after"
            | "before"
            | "than"
            | "like"
            | "despite"
            | "through"
    )
}
