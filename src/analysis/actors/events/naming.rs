//! What an event is called: its title ("Russia–United States talks on
//! security guarantees"), its label (title, place, date) and its grouping
//! key; the names of documents.

use super::dates::ResolvedDate;
use super::participants::{display_name, strip_determiner, TakingPart};
use super::sentence::Hit;
use crate::analysis::actors::keys::slug;
use crate::analysis::actors::mention::Mention;
use crate::analysis::actors::registry::MentionKind;
use std::ops::Range;

/// The label of an event: its title, then its place and its date when known
/// ("Russia-NATO Council meeting, Brussels, 12 January 2022").
pub fn label(title: &str, place: Option<&str>, date: Option<&ResolvedDate>) -> String {
    let mut out = title.to_string();
    if let Some(p) = place.filter(|p| !p.is_empty()) {
        out.push_str(", ");
        out.push_str(p);
    }
    if let Some(d) = date {
        let t = d.text();
        if !t.is_empty() {
            out.push_str(", ");
            out.push_str(&t);
        }
    }
    out
}

/// The title of an event (see [`super::EventMention::title`]): a named document's name;
/// a publication's object and publisher; else who took part, the kind of event
/// and what it was about.
#[allow(clippy::too_many_arguments)]
pub(super) fn title_of(
    h: &Hit,
    s: &str,
    phrase: &str,
    named: bool,
    complement: Option<&Mention>,
    taking_part: &[TakingPart],
    base: usize,
    scope_end: usize,
) -> String {
    if named {
        return capitalised(strip_determiner(phrase));
    }
    if h.ty == "publication" {
        let mut t = match published_object(s, h.range.end) {
            Some(o) => format!("Publication of {}", o.replace('-', " ")),
            None => "Publication".to_string(),
        };
        // the publisher: named before the word ("Russia published …")
        if let Some(by) = taking_part
            .iter()
            .find(|t| !t.range.is_empty() && t.range.start < base + h.range.start)
        {
            t.push_str(" by ");
            t.push_str(&by.name);
        }
        return t;
    }
    let what = match modifier_before(s, &h.range) {
        Some(m) => format!("{m} {}", h.ty),
        None => h.ty.to_string(),
    };
    let mut title = match complement {
        Some(m) => {
            let end = m.range.end - base;
            let shown = bracketed_abbreviation(s, end)
                .map(str::to_string)
                .unwrap_or_else(|| display_name(m));
            format!("{shown} {what}")
        }
        None => {
            let people: Vec<&str> = taking_part
                .iter()
                .filter(|t| t.kind == MentionKind::Person)
                .map(|t| t.name.as_str())
                .take(2)
                .collect();
            let others: Vec<&str> = taking_part
                .iter()
                .filter(|t| t.kind != MentionKind::Person)
                .map(|t| t.name.as_str())
                .take(3)
                .collect();
            match (people.is_empty(), others.is_empty()) {
                (true, true) => capitalised(&what),
                (true, false) => format!("{} {what}", others.join("–")),
                (false, true) => format!("{}'s {what}", people.join(" and ")),
                (false, false) => {
                    format!(
                        "{}'s {what} with {}",
                        people.join(" and "),
                        others.join(" and ")
                    )
                }
            }
        }
    };
    if let Some(topic) = topic_of(s, h.range.end, scope_end) {
        title.push_str(" on ");
        title.push_str(&topic);
    }
    title
}

/// What an event was about: the first "on …" phrase after the event word whose
/// words are all lower case ("talks on security guarantees between Russia and
/// …", "consultations on the OSCE platform on Russian proposals on security
/// guarantees" give "security guarantees").
pub(super) fn topic_of(s: &str, from: usize, to: usize) -> Option<String> {
    const ENDS: &[&str] = &[
        "between",
        "with",
        "in",
        "at",
        "on",
        "of",
        "which",
        "that",
        "was",
        "were",
        "is",
        "are",
        "be",
        "been",
        "held",
        "took",
        "following",
        "by",
        "for",
        "from",
        "to",
        "and",
        "or",
        "after",
        "before",
        "during",
        "who",
        "where",
        "when",
        "as",
        "but",
        "amid",
        "over",
    ];
    let to = to.min(s.len());
    if from >= to {
        return None;
    }
    let mut words = s[from..to].split_whitespace().peekable();
    while let Some(w) = words.next() {
        if !w.eq_ignore_ascii_case("on") {
            continue;
        }
        let mut topic: Vec<&str> = Vec::new();
        let mut lower = true;
        while let Some(&next) = words.peek() {
            let clean = next.trim_end_matches(|c: char| !c.is_alphanumeric() && c != '-');
            if ENDS.contains(&clean.to_lowercase().as_str()) {
                break;
            }
            words.next();
            if !matches!(clean, "the" | "a" | "an") || !topic.is_empty() {
                if !clean.chars().all(|c| c.is_lowercase() || c == '-') || clean.is_empty() {
                    lower = false;
                }
                topic.push(clean);
            }
            if clean.len() != next.len() || topic.len() > 4 {
                break;
            }
        }
        if lower && !topic.is_empty() && topic.len() <= 4 {
            return Some(topic.join(" "));
        }
    }
    None
}

/// `s` with its first letter upper case.
pub(super) fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// The abbreviation a sentence gives in brackets right after a name
/// ("Organization for Security and Co-operation in Europe (OSCE)").
pub(super) fn bracketed_abbreviation(s: &str, after: usize) -> Option<&str> {
    let rest = s.get(after..)?.strip_prefix(" (")?;
    let end = rest.find(')')?;
    let abbr = &rest[..end];
    (abbr.len() >= 2
        && abbr.len() <= 8
        && abbr
            .chars()
            .all(|c| c.is_uppercase() || c == '-' || c == '&'))
    .then_some(abbr)
}

/// A word right before the event word that says what kind of event it was
/// ("ministerial meeting", "security talks", "annual press conference"): an
/// adjective by its ending or one of a few nouns that name a field.
pub(super) fn modifier_before<'s>(s: &'s str, trigger: &Range<usize>) -> Option<&'s str> {
    let w = s[..trigger.start].trim_end().rsplit(' ').next()?;
    let lower = w.chars().all(|c| c.is_lowercase() || c == '-') && w.len() > 3;
    let adjective = ["al", "ary", "ic", "ual", "ial", "eral"]
        .iter()
        .any(|e| w.ends_with(e))
        && !matches!(w, "several" | "general" | "local" | "total" | "usual");
    let field = matches!(
        w,
        "security"
            | "peace"
            | "trade"
            | "emergency"
            | "budget"
            | "climate"
            | "nuclear"
            | "ceasefire"
            | "arms"
            | "energy"
            | "gas"
            | "border"
            | "year-end"
    );
    (lower && (adjective || field)).then_some(w)
}

/// The name of a document: capitalised words right before the trigger ("the Minsk
/// agreements") or an "of …" phrase right after it ("Charter of European
/// Security", "Treaty of Versailles").
pub(super) fn document_name(s: &str, r: &Range<usize>) -> Option<String> {
    let before: Vec<&str> = s[..r.start].split_whitespace().collect();
    let mut name: Vec<&str> = Vec::new();
    for w in before.iter().rev() {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-');
        if w.chars().next().is_some_and(|c| c.is_uppercase())
            && !matches!(
                w,
                "The"
                    | "A"
                    | "An"
                    | "This"
                    | "These"
                    | "Those"
                    | "Such"
                    | "Any"
                    | "Some"
                    | "Other"
                    | "All"
                    | "Both"
                    | "Many"
                    | "Several"
                    | "New"
                    | "Future"
                    | "Previous"
                    | "Earlier"
            )
        {
            name.insert(0, w);
        } else {
            break;
        }
        if name.len() >= 4 {
            break;
        }
    }
    // a capitalised trigger word at a sentence start is no name
    if !name.is_empty() {
        let joined = name.join(" ");
        return Some(joined);
    }
    let after = &s[r.end..];
    let rest = after
        .strip_prefix(" of the ")
        .or_else(|| after.strip_prefix(" of "))?;
    let mut words = Vec::new();
    for w in rest.split_whitespace() {
        let clean = w.trim_end_matches(|c: char| !c.is_alphanumeric());
        if clean.chars().next().is_some_and(|c| c.is_uppercase()) {
            words.push(clean);
            if clean.len() != w.len() {
                break;
            }
        } else {
            break;
        }
    }
    (!words.is_empty()
        && s[r.clone()]
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase()))
    .then(|| words.join(" "))
}

/// The head nouns of what was published, for the publication's key.
pub(super) fn published_object(s: &str, trigger_end: usize) -> Option<String> {
    let mut draft = false;
    let mut treaty = false;
    let mut first = None;
    for w in s[trigger_end..].split_whitespace().take(14) {
        let w = w
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase();
        let stem = w.trim_end_matches('s');
        match stem {
            "draft" | "проект" => draft = true,
            "treaty" | "treatie" | "agreement" | "accord" | "pact" | "договор" | "соглашени" => {
                treaty = true
            }
            "proposal" | "report" | "statement" | "document" | "list" | "text" | "strategy"
            | "doctrine" | "concept" | "letter" | "response" | "plan" | "paper" | "memorandum" => {
                first.get_or_insert(stem.to_string());
            }
            _ if w.starts_with("договор") || w.starts_with("соглашени") => {
                treaty = true
            }
            _ if w.starts_with("проект") => draft = true,
            _ => {}
        }
    }
    match (draft, treaty) {
        (true, true) => Some("draft-treaties".into()),
        (false, true) => Some("treaties".into()),
        (true, false) => Some(
            first
                .map(|f| format!("draft-{f}s"))
                .unwrap_or_else(|| "drafts".into()),
        ),
        (false, false) => first.map(|f| format!("{f}s")),
    }
}

/// The grouping key of an event (see the module documentation): its type, then
/// its place and day when the sentence gives them; a vaguer date, or none,
/// adds who took part and, without a day of its own, the report's day ("as of"
/// the report), so that two press conferences of one minister a month apart
/// stay two events.
#[allow(clippy::too_many_arguments)]
pub(super) fn event_key(
    ty: &str,
    s: &str,
    trigger: &Range<usize>,
    name: Option<&str>,
    place: Option<&str>,
    date: Option<&ResolvedDate>,
    participants: &[String],
    report_day: Option<(u8, u8)>,
) -> String {
    let t = slug(ty);
    if let Some(n) = name {
        return format!("{t}:{}", slug(n));
    }
    if ty == "publication" {
        if let Some(o) = published_object(s, trigger.end) {
            return format!("{t}:{o}");
        }
    }
    let mut parts = vec![t];
    if let Some(p) = place {
        parts.push(p.to_string());
    }
    // who: the first of those taking part (people come first), when the place
    // does not already tell one event of the day from another
    let who = participants.first().filter(|_| place.is_none());
    let day = date
        .filter(|d| d.month > 0)
        .and_then(|d| Some((d.month, d.day?)));
    if let Some((m, d)) = day {
        parts.push(format!("{m:02}-{d:02}"));
        parts.extend(who.cloned());
        return parts.join(":");
    }
    match date {
        Some(d) if d.month > 0 => parts.push(format!("{:02}", d.month)),
        Some(d) if d.year.is_some() => parts.push(d.year.unwrap_or_default().to_string()),
        _ => {}
    }
    parts.extend(participants.first().cloned());
    if date.is_none_or(|d| !d.is_placed()) {
        if let Some((m, d)) = report_day {
            parts.push(format!("@{m:02}-{d:02}"));
        }
    }
    parts.join(":")
}
