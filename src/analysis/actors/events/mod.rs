//! # Events in a report
//!
//! [`find_with_mentions`] lists the events a report speaks of — meetings, talks and
//! negotiations, consultations, press conferences, briefings, interviews, summits,
//! publications of documents, and named agreements, treaties and charters — in
//! English and Russian, each with its place, its date resolved against the
//! report's dateline, its participants, and a grouping [`EventMention::key`]
//! under which the corpus gathers the mentions of one event across reports.
//!
//! ## Dates
//!
//! Dates are resolved with [`resolve_relative`]: "on Wednesday" in a report dated
//! Friday 14 January 2022 is 12 January (a weekday is the most recent such day on
//! or before the report's date); "on January 9-10" is a range; "at the end of
//! January" and "at the end of 2021" are approximate. A date without a year takes
//! the dateline's year, else the year the report's own text implies
//! ([`infer_year`]: "At the end of 2021, Russia published …" in a January report
//! means the report is from 2022), else the caller's hint (another report's), and
//! [`ResolvedDate::year_known_from`] says which. A month and day later in the year
//! than the report's date (by more than two months) is taken to be of the year
//! before. A year alone ("in 1999") has month 0.
//!
//! ## Which date and place belong to which event
//!
//! Within a sentence, a date or place phrase belongs to the nearest event word
//! before it ("The meeting was a follow-up to the negotiations …, which took place
//! on January 9-10 in Geneva": the dates are the negotiations'), or to the first
//! one after it when none comes before ("On December 17, the ministry published
//! …"). A definite "the meeting" with no date or place of its own is the last
//! event of the same type in the report.
//!
//! A speech event without a date of its own (a briefing, a press conference,
//! an interview) takes the day an earlier sentence reports its speaker
//! speaking ("Smith said on Tuesday. … Smith said during a briefing").
//!
//! ## Which phrases are events
//!
//! An event is something that happened: a phrase whose words point at no event
//! in particular ("such agreements", "any talks", "a new round of
//! negotiations") or at a plan ("ready to hold negotiations", "will meet at a
//! summit", "organizing the negotiations") is none, and neither is one that
//! nothing ties to a date, a place or someone taking part ("the negotiations"
//! in general) unless it names a document ("the Minsk agreements").
//!
//! ## Who takes part
//!
//! The actors of the event word's clause (commas, brackets and quotation
//! marks end it): not its places, not someone the sentence only reports
//! speaking ("…, Lavrov noted") unless the event is one of speech, not an actor
//! a preposition sets apart ("tension around Russia"), except a forum ("on
//! the OSCE platform"). "A meeting of the X" is X's.
//!
//! ## Labels
//!
//! Each event has a [`EventMention::title`] — who and what ("Russia–United
//! States talks on security guarantees", "Sergey Lavrov's interview with RT",
//! "Russia-NATO Council meeting", "Publication of draft treaties by Russia",
//! "Minsk agreements") — and a [`label`] that adds place and date. The corpus
//! labels an event from what all its reports say.
//!
//! ## Keys
//!
//! Mentions of one event in different reports merge by type, place and date,
//! not by who speaks of it: `type:place:MM-DD` ("meeting:brussels:01-12"; the
//! year is left out so that a report that does not know it still agrees);
//! without a place, the first participant is added to the day
//! ("briefing:02-15:smith"), so two briefings of one day stay two; with no day,
//! the month when known, the first participant and the report's own day
//! ("press-conference:lavrov:@01-14": one minister's press conferences a month
//! apart are two events, and two reports of one day about one press conference
//! agree). A named document is `type:name` ("agreement:minsk",
//! "charter:european-security"); a publication is `publication:` and the head
//! nouns of what was published ("publication:draft-treaties" for "published
//! drafts of a treaty … and an agreement …").
//!
//! ## ISO dates
//!
//! [`ResolvedDate::iso`] is valid ISO 8601 or nothing: `2022-01-12`,
//! `2022-01-09/2022-01-10`, `2021-12`, `1999`; a date whose year is unknown
//! has none (its words and month and day are kept for people and for the
//! corpus, which may know the year).
//!
//! ## Where the code is
//!
//! This module runs the finder sentence by sentence ([`find_with_mentions`]);
//! `sentence.rs` splits lines into sentences and finds the event words,
//! `dates.rs` resolves date phrases, `participants.rs` says who takes part and
//! where, `naming.rs` builds titles, labels and keys.

mod dates;
mod naming;
mod participants;
mod sentence;

pub use self::dates::{infer_year, resolve_relative, ResolvedDate};
pub use self::naming::label;

use self::dates::{date_matches, resolve_with, YearOf};
use self::naming::{document_name, event_key, title_of};
use self::participants::{
    display_name, participants_of, reported_speaking, sentence_places, TakingPart,
};
use self::sentence::{sentences, trigger_hits, Hit, Sentence};
use super::mention::Mention;
use super::registry::MentionKind;
use crate::analysis::dateline::PartialDate;
use crate::analysis::lines;
use regex::Regex;
use rustc_hash::FxHashMap as HashMap;
use std::ops::Range;
use std::sync::LazyLock;

/// One mention of an event.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct EventMention {
    /// Byte range of the event phrase ("A meeting of the Russia-NATO Council",
    /// "the Minsk agreements", "published drafts").
    pub range: Range<usize>,
    pub text: String,
    /// "meeting", "talks", "consultations", "press conference", "briefing",
    /// "interview", "summit", "publication", "agreement", "treaty", "charter".
    pub event_type: String,
    /// Where it took place: the gazetteer's name of a known place ("Geneva"
    /// for "Женеве"), else as written ("Russian Foreign Ministry").
    pub place: Option<String>,
    pub date: Option<ResolvedDate>,
    /// Mention keys of those taking part ("lavrov", "nato", "russia").
    pub participants: Vec<String>,
    /// Grouping key, see the module documentation.
    pub key: String,
    /// What happened and who took part, without place and date: "Russia–United
    /// States talks on security guarantees", "Sergey Lavrov's press
    /// conference", "Publication of draft treaties by Russia", "Minsk
    /// agreements".
    pub title: String,
    /// The event for people: its title, place and date ("Russia–United States
    /// talks on security guarantees, Geneva, 9–10 January 2022"); see [`label`].
    pub label: String,
    /// Byte ranges of the words that tie a place, a date or a participant to
    /// this event in its sentence (a hover on them shows the event).
    pub anchors: Vec<Range<usize>>,
}

/// Find the events of a report, with its mentions already computed (they give
/// places and participants). `report_date` is the dateline's date; a date
/// without a year takes the year of the dateline, else the one the report's own
/// text implies ([`infer_year`]), else none. `mentions` are in the order
/// [`super::find`] gives them (by where they start).
pub fn find_with_mentions(
    text: &str,
    skip: &[bool],
    report_date: Option<&PartialDate>,
    mentions: &[Mention],
) -> Vec<EventMention> {
    debug_assert!(mentions
        .windows(2)
        .all(|w| w[0].range.start <= w[1].range.start));
    let (year, source) = match report_date.and_then(|d| d.year) {
        Some(y) => (Some(y), "dateline"),
        None => match infer_year(text, report_date) {
            Some(y) => (Some(y), "text"),
            None => (None, ""),
        },
    };
    let years = YearOf {
        report_date,
        year,
        source,
    };
    let mut out: Vec<EventMention> = Vec::new();
    let mut said_on = None;
    // who spoke on which day is only asked for when the report has an event
    // of speech at all (most sentences name someone speaking)
    let speech_words = has_speech_event_word(text);
    for (li, (lrange, line)) in lines::lines_with_ranges(text).enumerate() {
        if skip.get(li).copied().unwrap_or(false) || line.trim().is_empty() {
            continue;
        }
        for sent in sentences(line) {
            let base = lrange.start + sent.start;
            let s = &line[sent.clone()];
            sentence_events(
                text,
                Sentence { s, base },
                &years,
                mentions,
                speech_words.then_some(&mut said_on),
                &mut out,
            );
        }
    }
    // anaphora: "the meeting" with nothing of its own is the last one of its type
    for i in 0..out.len() {
        let e = &out[i];
        let lower = e.text.to_lowercase();
        let definite = lower.starts_with("the ") || lower.starts_with("this ");
        if definite && e.place.is_none() && e.date.is_none() && !is_document(&e.event_type) {
            if let Some(prev) = out[..i]
                .iter()
                .rev()
                .find(|p| p.event_type == e.event_type)
                .cloned()
            {
                let e = &mut out[i];
                e.key = prev.key;
                e.place = prev.place;
                e.date = prev.date;
                e.title = prev.title;
                e.label = prev.label;
                for p in prev.participants {
                    if !e.participants.contains(&p) {
                        e.participants.push(p);
                    }
                }
            }
        }
    }
    // a phrase that nothing ties to a time, a place or someone is no event
    // ("the negotiations" in general, "a meeting" someone wants)
    out.retain(|e| {
        is_document(&e.event_type)
            || e.place.is_some()
            || e.date.is_some()
            || !e.participants.is_empty()
    });
    out
}

fn is_document(t: &str) -> bool {
    matches!(t, "publication" | "agreement" | "treaty" | "charter")
}

/// The events of one sentence: its trigger words ([`sentence::TRIGGERS`]) with the dates,
/// places and participants that the sentence attaches to each.
fn sentence_events(
    text: &str,
    sent: Sentence,
    years: &YearOf,
    mentions: &[Mention],
    mut said_on: Option<&mut Option<(String, ResolvedDate)>>,
    out: &mut Vec<EventMention>,
) {
    let Sentence { s, base } = sent;
    let hits = trigger_hits(s);
    if hits.is_empty() && said_on.is_none() {
        return;
    }
    // mentions come sorted by where they start: only the sentence's are looked at
    let first = mentions.partition_point(|m| m.range.start < base);
    let sent_mentions: Vec<&Mention> = mentions[first..]
        .iter()
        .take_while(|m| m.range.start <= base + s.len())
        .filter(|m| m.range.end <= base + s.len())
        .collect();
    let speaker = said_on.as_ref().and_then(|_| {
        sent_mentions.iter().find(|m| {
            m.kind == MentionKind::Person
                && reported_speaking(s, m.range.start - base..m.range.end - base)
        })
    });
    if hits.is_empty() && speaker.is_none() {
        return;
    }
    let dates: Vec<(Range<usize>, ResolvedDate)> = date_matches(s)
        .filter_map(|m| {
            let d = resolve_with(m.as_str(), years)?;
            Some((m.range(), d))
        })
        .collect();
    // "Smith said on Tuesday": the day of what Smith says next
    let said_here = speaker
        .zip(dates.first().filter(|(_, d)| d.is_placed()))
        .map(|(m, (_, d))| (m.key.clone(), d.clone()));
    let (mut keep, names) = kept_hits(s, &hits);
    for (k, h) in keep.iter_mut().zip(&hits) {
        if not_one_that_happened(s, &h.range) {
            *k = false;
        }
    }
    let places = sentence_places(sent, &sent_mentions);
    let kept: Vec<usize> = (0..hits.len()).filter(|&i| keep[i]).collect();
    if kept.is_empty() {
        if let (Some(slot), Some(here)) = (said_on, said_here) {
            *slot = Some(here);
        }
        return;
    }
    let mut facts = SentenceFacts {
        sent,
        hits,
        kept,
        names,
        dates,
        places,
        sent_mentions,
        date_of: HashMap::default(),
        place_of: HashMap::default(),
        report_day: years.report_date.map(|d| (d.month, d.day)),
        said_on: said_on.as_deref().cloned().flatten(),
    };
    // the first date and the first place each kept event owns
    for (k, (r, _)) in facts.dates.iter().enumerate() {
        facts.date_of.entry(facts.owner(r.start)).or_insert(k);
    }
    for (k, (r, _, _)) in facts.places.iter().enumerate() {
        facts.place_of.entry(facts.owner(r.start)).or_insert(k);
    }
    for p in 0..facts.kept.len() {
        out.push(facts.event(p, text, mentions));
    }
    if let (Some(slot), Some(here)) = (said_on.as_mut(), said_here) {
        **slot = Some(here);
    }
}

/// Whether the report has a word of an event of speech (briefing, press
/// conference, interview) anywhere: one pass over the text, so that the
/// sentences of a report without one are not searched for who spoke when.
fn has_speech_event_word(text: &str) -> bool {
    static WORDS: LazyLock<aho_corasick::AhoCorasick> = LazyLock::new(|| {
        aho_corasick::AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build([
                "briefing",
                "conference",
                "interview",
                "брифинг",
                "Брифинг",
                "конференц",
                "Конференц",
                "интервью",
                "Интервью",
            ])
            .expect("valid speech-event words")
    });
    WORDS.is_match(text)
}

/// What one sentence holds for its events: the trigger hits (and which are
/// kept), their names, and the dates, places and mentions to attach.
struct SentenceFacts<'s> {
    sent: Sentence<'s>,
    hits: Vec<Hit>,
    /// Indices of the kept hits, in order.
    kept: Vec<usize>,
    /// The name of each hit's event, when it has one ("the Geneva talks").
    names: Vec<Option<String>>,
    /// Dates of the sentence (ranges in the sentence), resolved.
    dates: Vec<(Range<usize>, ResolvedDate)>,
    /// Places of the sentence: range in the sentence, name, key.
    places: Vec<(Range<usize>, String, String)>,
    sent_mentions: Vec<&'s Mention>,
    /// Kept event → the first of `dates` it owns ([`SentenceFacts::owner`]).
    date_of: HashMap<usize, usize>,
    /// Kept event → the first of `places` it owns.
    place_of: HashMap<usize, usize>,
    /// The report's month and day, for keys of events without a day.
    report_day: Option<(u8, u8)>,
    /// The last person an earlier sentence reports speaking on a given day,
    /// with the day: a briefing of theirs without a date of its own is then.
    said_on: Option<(String, ResolvedDate)>,
}

impl SentenceFacts<'_> {
    /// The kept event that a phrase at `pos` belongs to: the nearest one
    /// before it, else the first one after it when it is near and no
    /// quotation lies between (`usize::MAX` for none).
    fn owner(&self, pos: usize) -> usize {
        let (s, hits, kept) = (self.sent.s, &self.hits, &self.kept);
        // the hits are in order and do not overlap
        let before = kept.partition_point(|&i| hits[i].range.start <= pos);
        before.checked_sub(1).map(|b| kept[b]).unwrap_or_else(|| {
            let first = hits[kept[0]].range.start;
            let between = &s[pos.min(first)..first];
            let near = first - pos.min(first) <= 80 && !between.contains(['"', '“', '”', '«', '»']);
            if near {
                kept[0]
            } else {
                usize::MAX
            }
        })
    }

    /// The part of the sentence that belongs to the `p`th kept event: from the
    /// end of the kept event before it (or the sentence start) to the start of
    /// the next one (or the sentence end).
    fn scope(&self, p: usize) -> Range<usize> {
        let prev_end = p
            .checked_sub(1)
            .map_or(0, |q| self.hits[self.kept[q]].range.end);
        let next_start = self
            .kept
            .get(p + 1)
            .map_or(self.sent.s.len(), |&j| self.hits[j].range.start);
        prev_end..next_start
    }

    /// The clause of the `p`th kept event within its [`scope`](Self::scope):
    /// up to the punctuation or quotation mark nearest the event word on
    /// either side, so that the actors of another clause ("Russia will …,
    /// Lavrov said in an interview") or of a quotation take no part.
    fn clause(&self, p: usize) -> Range<usize> {
        const BREAKS: [char; 12] = [',', ';', ':', '—', '–', '"', '“', '”', '«', '»', '(', ')'];
        let scope = self.scope(p);
        let h = &self.hits[self.kept[p]];
        let s = self.sent.s;
        let start = s[scope.start..h.range.start]
            .rfind(BREAKS)
            .map_or(scope.start, |i| {
                let at = scope.start + i;
                at + s[at..].chars().next().map_or(1, char::len_utf8)
            });
        let end = s[h.range.end..scope.end]
            .find(BREAKS)
            .map_or(scope.end, |i| h.range.end + i);
        start..end
    }

    /// The `p`th kept event with its date, place, participants, phrase, key and
    /// label.
    fn event(&self, p: usize, text: &str, mentions: &[Mention]) -> EventMention {
        let Sentence { s, base } = self.sent;
        let i = self.kept[p];
        let h = &self.hits[i];
        let mut anchors: Vec<Range<usize>> = Vec::new();
        let own_date = self.date_of.get(&i).map(|&k| {
            let (r, d) = &self.dates[k];
            anchors.push(base + r.start..base + r.end);
            d.clone()
        });
        // a charter adopted somewhere; not where a document is published
        let placed = !matches!(h.ty, "publication" | "agreement" | "treaty") || h.ty == "charter";
        let (place, place_key) = self
            .place_of
            .get(&i)
            .filter(|_| placed)
            .map(|&k| {
                let (r, name, key) = &self.places[k];
                anchors.push(base + r.start..base + r.end);
                let shown =
                    super::place_display_name(key).map_or_else(|| name.clone(), str::to_string);
                (Some(shown), Some(key.clone()))
            })
            .unwrap_or((None, None));
        let name = self.names[i].as_deref();
        let (range, complement) = event_phrase(h, self.sent, name, &self.sent_mentions);
        let taking_part = match complement {
            // "a meeting of the Russia-NATO Council": the council
            Some(m) => vec![TakingPart {
                key: m.key.clone(),
                name: display_name(m),
                kind: m.kind,
                range: m.range.clone(),
            }],
            None => participants_of(
                h,
                self.sent,
                self.clause(p),
                &self.places,
                &self.sent_mentions,
                mentions,
            ),
        };
        anchors.extend(
            taking_part
                .iter()
                .filter(|t| t.range.start >= base)
                .map(|t| t.range.clone()),
        );
        let participants: Vec<String> = taking_part.iter().map(|t| t.key.clone()).collect();
        let speech_event = matches!(h.ty, "press conference" | "briefing" | "interview");
        let date = own_date.or_else(|| {
            let (who, day) = self.said_on.as_ref()?;
            (speech_event && participants.first() == Some(who)).then(|| day.clone())
        });
        let key = event_key(
            h.ty,
            s,
            &h.range,
            name,
            place_key.as_deref(),
            date.as_ref(),
            &participants,
            self.report_day,
        );
        let phrase = &text[base + range.start..base + range.end];
        let title = title_of(
            h,
            s,
            phrase,
            name.is_some(),
            complement,
            &taking_part,
            base,
            self.scope(p).end,
        );
        anchors.sort_by_key(|r| r.start);
        anchors.dedup();
        EventMention {
            range: base + range.start..base + range.end,
            text: phrase.to_string(),
            event_type: h.ty.to_string(),
            label: label(&title, place.as_deref(), date.as_ref()),
            title,
            place,
            date,
            participants,
            key,
            anchors,
        }
    }
}

/// Words before an event word that make it no event that happened: a
/// determiner that points at no event in particular ("such agreements", "any
/// talks", "a new round of negotiations") or a plan, wish or readiness ("ready
/// to hold negotiations", "will meet at a summit", "organizing the
/// negotiations").
fn not_one_that_happened(s: &str, trigger: &Range<usize>) -> bool {
    static DETERMINED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?i)(?:^|[^\w])(?:such|any|some|other|these|those|future|further|possible|potential|new|next|another|more|no|every|each|similar|regular|upcoming|planned|proposed)\s+(?:[a-z-]+\s+){0,2}(?:round\s+of\s+|series\s+of\s+)?$",
        )
        .expect("valid determiner regex")
    });
    static PLANNED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?i)\b(?:will|would|shall|could|should|plans?\s+to|planning\s+to|intends?\s+to|ready\s+to|wants?\s+to|hopes?\s+to|agreed\s+to|to\s+hold|to\s+organi[sz]e|organi[sz]ing|calls?\s+for|called\s+for|proposed)\b",
        )
        .expect("valid plan regex")
    });
    let mut from = trigger.start.saturating_sub(60);
    while !s.is_char_boundary(from) {
        from += 1;
    }
    let before = &s[from..trigger.start];
    if DETERMINED.is_match(before) {
        return true;
    }
    // the clause the trigger is in: from the last comma, semicolon or dash
    let clause_start = before
        .char_indices()
        .rev()
        .find(|&(_, c)| matches!(c, ',' | ';' | '—' | '–'))
        .map_or(0, |(p, c)| p + c.len_utf8());
    PLANNED.is_match(&before[clause_start..])
}

/// Which triggers stand for events of their own, and the names of the
/// documents among them: a document mentioned inside a publication's object is
/// part of it, and only named documents are kept ("the Minsk agreements", "the
/// Charter of European Security", "Treaty of Versailles").
fn kept_hits(s: &str, hits: &[Hit]) -> (Vec<bool>, Vec<Option<String>>) {
    let mut keep = vec![true; hits.len()];
    for (i, h) in hits.iter().enumerate() {
        if h.ty != "publication" {
            continue;
        }
        for (j, later) in hits.iter().enumerate().skip(i + 1) {
            if matches!(later.ty, "agreement" | "treaty") && later.range.start < h.range.end + 120 {
                keep[j] = false;
            }
        }
    }
    let mut names: Vec<Option<String>> = vec![None; hits.len()];
    for (i, h) in hits.iter().enumerate() {
        if matches!(h.ty, "agreement" | "treaty" | "charter") {
            names[i] = document_name(s, &h.range);
            if names[i].is_none() {
                keep[i] = false;
            }
        }
    }
    (keep, names)
}

/// The words that name the event of trigger `h`, in the sentence: the trigger
/// with a document's name, a leading determiner, a publication's object ("drafts
/// of a treaty") or an "of the X" complement.
fn event_phrase<'m>(
    h: &Hit,
    sent: Sentence,
    name: Option<&str>,
    sent_mentions: &[&'m Mention],
) -> (Range<usize>, Option<&'m Mention>) {
    let Sentence { s, base } = sent;
    let mut range = h.range.clone();
    if let Some(name) = name {
        if let Some(p) = s[..h.range.start].rfind(name) {
            if p + name.len() + 1 >= h.range.start {
                range.start = p;
            }
        }
        if let Some(p) = s[h.range.end..].find(name) {
            if p <= 8 {
                range.end = h.range.end + p + name.len();
            }
        }
    }
    // a leading determiner
    let before = &s[..range.start];
    for det in ["the ", "The ", "a ", "A ", "an ", "An ", "this ", "This "] {
        let Some(rest) = before.strip_suffix(det) else {
            continue;
        };
        if rest.is_empty() || rest.ends_with(|c: char| !c.is_alphanumeric()) {
            range.start -= det.len();
            break;
        }
    }
    let after = &s[range.end..];
    if h.ty == "publication" {
        let next: String = after
            .trim_start()
            .chars()
            .take_while(|c| c.is_alphanumeric())
            .collect();
        let stem = next.to_lowercase();
        if [
            "draft",
            "treat",
            "agreement",
            "proposal",
            "report",
            "document",
            "text",
            "statement",
            "проект",
        ]
        .iter()
        .any(|p| stem.starts_with(p))
        {
            range.end += (after.len() - after.trim_start().len()) + next.len();
        }
    } else if let Some(rest) = after
        .strip_prefix(" of the ")
        .or_else(|| after.strip_prefix(" of "))
    {
        let off = range.end + (after.len() - rest.len());
        if let Some(m) = sent_mentions.iter().find(|m| m.range.start - base == off) {
            range.end = m.range.end - base;
            return (range, Some(m));
        }
    }
    (range, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(year: Option<i32>, month: u8, day: u8) -> PartialDate {
        PartialDate { year, month, day }
    }

    fn find(text: &str, report_date: Option<&PartialDate>) -> Vec<EventMention> {
        let mentions = crate::analysis::actors::find(
            text,
            &[],
            crate::analysis::actors::registry::Registry::bundled(),
        );
        find_with_mentions(text, &[], report_date, &mentions)
    }

    #[test]
    fn a_charter_in_russian_and_not_a_name_that_starts_like_one() {
        let charter = |s: &str| find(s, None).iter().any(|e| e.event_type == "charter");
        assert!(charter("Лидеры приняли Стамбульскую Хартию в 1999 году."));
        assert!(!charter("Посол Хартманн прибыл в Москву."));
    }

    #[test]
    fn weekdays_resolve_to_the_latest_such_day_on_or_before_the_report() {
        // 14 January 2022 was a Friday
        let d = resolve_relative("on Wednesday", &date(None, 1, 14), Some(2022)).unwrap();
        assert_eq!((d.year, d.month, d.day), (Some(2022), 1, Some(12)));
        assert!(!d.approximate);
        let d = resolve_relative("on Friday", &date(Some(2022), 1, 14), None).unwrap();
        assert_eq!(d.day, Some(14));
        assert_eq!(d.year_known_from.as_deref(), Some("dateline"));
        // across a month and a year boundary: Monday before Sunday 2 January 2022
        let d = resolve_relative("on Monday", &date(Some(2022), 1, 2), None).unwrap();
        assert_eq!(d.iso().as_deref(), Some("2021-12-27"));
        let d = resolve_relative("в среду", &date(Some(2022), 1, 14), None).unwrap();
        assert_eq!(d.iso().as_deref(), Some("2022-01-12"));
    }

    #[test]
    fn month_days_ranges_and_approximate_dates() {
        let r = date(None, 1, 14);
        let d = resolve_relative("on January 9-10", &r, Some(2022)).unwrap();
        assert_eq!(d.iso().as_deref(), Some("2022-01-09/2022-01-10"));
        assert_eq!(d.day_end, Some(10));
        let d = resolve_relative("On December 17", &r, Some(2022)).unwrap();
        assert_eq!(
            d.iso().as_deref(),
            Some("2021-12-17"),
            "a December date in a January report is last year's"
        );
        let d = resolve_relative("at the end of January", &r, Some(2022)).unwrap();
        assert!(d.approximate && d.day.is_none() && d.month == 1);
        let d = resolve_relative("at the end of 2021", &r, None).unwrap();
        assert_eq!((d.year, d.month, d.approximate), (Some(2021), 12, true));
        let d = resolve_relative("in 1999", &r, None).unwrap();
        assert_eq!((d.year, d.month), (Some(1999), 0));
        assert_eq!(d.iso().as_deref(), Some("1999"));
        let d = resolve_relative("14 января", &r, None).unwrap();
        assert_eq!((d.year, d.month, d.day), (None, 1, Some(14)));
        // no year anywhere: a weekday late in the month is still in the month
        let d = resolve_relative("on Wednesday", &date(None, 12, 22), None).unwrap();
        assert_eq!((d.month, d.day, d.approximate), (12, None, true));
        // early in the month without a year: only the words are kept, for the
        // corpus to place once it knows the year
        let d = resolve_relative("on Thursday", &date(None, 12, 2), None).unwrap();
        assert!(!d.is_placed() && d.iso().is_none());
        assert_eq!(d.phrase, "on Thursday");
    }

    #[test]
    fn year_from_the_reports_own_text() {
        let t = "At the end of 2021, the ministry published drafts. Talks followed.";
        assert_eq!(infer_year(t, Some(&date(None, 1, 14))), Some(2022));
        assert_eq!(infer_year(t, Some(&date(None, 7, 14))), None);
        assert_eq!(
            infer_year("Filed on March 3, 2019.", Some(&date(None, 3, 3))),
            Some(2019)
        );
        assert_eq!(infer_year("no years here", Some(&date(None, 3, 3))), None);
        assert_eq!(infer_year("no report date", None), None);
    }

    #[test]
    fn meeting_talks_and_consultations_with_places_and_dates() {
        let t = "OSLO, January 14 - NTB. At the end of 2021, the ministry sent its proposals. \
A meeting of the Arctic Council was held in Helsinki on Wednesday. The meeting followed the negotiations \
between Norway and Finland, which took place on January 9-10 in Geneva. Consultations on the OSCE platform \
were held in Vienna on Thursday.";
        let ev = find(t, Some(&date(None, 1, 14)));
        let by = |ty: &str| ev.iter().filter(|e| e.event_type == ty).collect::<Vec<_>>();
        let meetings = by("meeting");
        assert_eq!(meetings.len(), 2, "{ev:#?}");
        assert_eq!(meetings[0].place.as_deref(), Some("Helsinki"));
        assert_eq!(
            meetings[0].date.as_ref().unwrap().iso().as_deref(),
            Some("2022-01-12")
        );
        assert_eq!(
            meetings[0]
                .date
                .as_ref()
                .unwrap()
                .year_known_from
                .as_deref(),
            Some("text")
        );
        assert_eq!(meetings[0].key, "meeting:helsinki:01-12");
        assert_eq!(meetings[0].text, "A meeting of the Arctic Council");
        assert_eq!(
            meetings[1].key, meetings[0].key,
            "the meeting is the one before"
        );
        let talks = by("talks");
        assert_eq!(talks[0].place.as_deref(), Some("Geneva"));
        assert_eq!(
            talks[0].date.as_ref().unwrap().iso().as_deref(),
            Some("2022-01-09/2022-01-10")
        );
        assert!(
            talks[0].participants.contains(&"norway".to_string()),
            "{:?}",
            talks[0]
        );
        let cons = by("consultations");
        assert_eq!(cons[0].place.as_deref(), Some("Vienna"));
        assert_eq!(
            cons[0].date.as_ref().unwrap().iso().as_deref(),
            Some("2022-01-13")
        );
        assert!(cons[0].participants.contains(&"osce".to_string()));
    }

    #[test]
    fn publications_and_named_documents() {
        let a = "At the end of 2021, Norway published drafts of a treaty with Sweden and an agreement with the EU on fishing.";
        let b = "On December 17, the Norwegian Foreign Ministry published drafts of an agreement with Sweden on fishing.";
        let ea = find(a, Some(&date(None, 2, 15)));
        let eb = find(b, Some(&date(None, 12, 22)));
        assert_eq!(ea.len(), 1, "{ea:#?}");
        assert_eq!(ea[0].key, "publication:draft-treaties");
        assert_eq!(
            ea[0].date.as_ref().unwrap().iso().as_deref(),
            Some("2021-12")
        );
        assert_eq!(eb[0].key, "publication:draft-treaties");
        assert_eq!(eb[0].date.as_ref().unwrap().iso().as_deref(), None);
        let c = "He accused Kyiv of sabotaging the Minsk agreements. Read the Charter of European Security adopted in Istanbul in 1999, he said.";
        let ec = find(c, None);
        let keys: Vec<&str> = ec.iter().map(|e| e.key.as_str()).collect();
        assert_eq!(
            keys,
            vec!["agreement:minsk", "charter:european-security"],
            "{ec:#?}"
        );
        assert_eq!(ec[0].text, "the Minsk agreements");
        assert_eq!(ec[1].place.as_deref(), Some("Istanbul"));
        assert_eq!(ec[1].date.as_ref().unwrap().iso().as_deref(), Some("1999"));
        // unnamed agreements are no events
        assert!(find("We want the agreements to be binding.", None).is_empty());
    }

    #[test]
    fn speech_events_get_their_speaker() {
        let t = "WASHINGTON, Feb 15 - AP. Jane Doe spoke first.\n\"We are open,\" she said during a briefing for journalists on Tuesday.";
        let ev = find(t, Some(&date(Some(2022), 2, 15)));
        assert_eq!(ev.len(), 1);
        assert_eq!(ev[0].event_type, "briefing");
        assert_eq!(ev[0].participants, vec!["doe".to_string()]);
        assert_eq!(
            ev[0].date.as_ref().unwrap().iso().as_deref(),
            Some("2022-02-15")
        );
    }

    #[test]
    fn events_are_labelled_by_who_what_where_and_when() {
        let t = "OSLO, January 14 - NTB. At the end of 2021, the ministry sent its proposals. \
A meeting of the Arctic Council was held in Helsinki on Wednesday. The meeting followed the negotiations \
on fishing quotas between Norway and Finland, which took place on January 9-10 in Geneva.";
        let ev = find(t, Some(&date(None, 1, 14)));
        let labels: Vec<&str> = ev.iter().map(|e| e.label.as_str()).collect();
        assert_eq!(
            labels,
            vec![
                "Arctic Council meeting, Helsinki, 12 January 2022",
                "Arctic Council meeting, Helsinki, 12 January 2022",
                "Norway–Finland talks on fishing quotas, Geneva, 9–10 January 2022",
            ],
            "{ev:#?}"
        );
        let talks = &ev[2];
        assert_eq!(
            talks.date.as_ref().unwrap().iso().as_deref(),
            Some("2022-01-09/2022-01-10")
        );
        // the place, the date and the parties lead to the talks
        let geneva = t.find("Geneva").unwrap();
        assert!(
            talks.anchors.iter().any(|r| r.start == geneva),
            "{talks:#?}"
        );
        let dates = t.find("on January 9-10").unwrap();
        assert!(talks.anchors.iter().any(|r| r.start == dates));
        let norway = t.find("Norway").unwrap();
        assert!(talks.anchors.iter().any(|r| r.start == norway));
        // the meeting's place is not the talks'
        let helsinki = t.find("Helsinki").unwrap();
        assert!(!talks.anchors.iter().any(|r| r.start == helsinki));
    }

    #[test]
    fn no_event_from_a_determiner_a_plan_or_a_bare_word() {
        for t in [
            "Such agreements, should they ever materialize, must be legally binding.",
            "The alliance is ready to hold a new round of negotiations with Sweden.",
            "The timeframe of the negotiations cannot be delayed, Hansen noted.",
            "Any talks must respect the borders of Finland.",
            "A meeting is planned for the spring.",
        ] {
            let ev = find(t, Some(&date(Some(2022), 3, 1)));
            assert!(ev.is_empty(), "{t}: {ev:#?}");
        }
        // a named document and a dated meeting still are
        let ev = find(
            "He accused Oslo of sabotaging the Nordic agreements. A meeting was held in Bergen on Monday.",
            Some(&date(Some(2022), 3, 1)),
        );
        assert_eq!(ev.len(), 2, "{ev:#?}");
    }

    #[test]
    fn press_conferences_of_one_minister_on_two_days_are_two_events() {
        let a = "OSLO, January 14 - NTB. \"We are open,\" Foreign Minister Anniken Huitfeldt said at a press conference.";
        let b = "OSLO, December 2 - NTB. \"We are open,\" Foreign Minister Anniken Huitfeldt said at a press conference.";
        let c = "BERGEN, January 14 - NRK. Foreign Minister Anniken Huitfeldt spoke at a press conference.";
        let ka = &find(a, Some(&date(None, 1, 14)))[0];
        let kb = &find(b, Some(&date(None, 12, 2)))[0];
        let kc = &find(c, Some(&date(None, 1, 14)))[0];
        assert_ne!(ka.key, kb.key);
        assert_eq!(
            ka.key, kc.key,
            "one minister, one day: one press conference"
        );
        assert_eq!(ka.title, "Anniken Huitfeldt's press conference");
    }

    #[test]
    fn a_briefing_takes_the_day_its_speaker_was_reported_speaking() {
        let t = "WASHINGTON, Feb 15 - AP. NATO is open to dialogue, US envoy Julianne Smith said on Tuesday.\n\n\
\"Our message is that we are open,\" Smith said during a briefing for journalists.";
        let ev = find(t, Some(&date(Some(2022), 2, 15)));
        assert_eq!(ev.len(), 1, "{ev:#?}");
        assert_eq!(ev[0].label, "Julianne Smith's briefing, 15 February 2022");
        assert_eq!(ev[0].key, "briefing:02-15:smith");
    }

    #[test]
    fn iso_dates_are_valid_or_absent() {
        let d = |year, month, day, day_end| ResolvedDate {
            year,
            month,
            day,
            day_end,
            phrase: String::new(),
            approximate: false,
            year_known_from: None,
        };
        assert_eq!(
            d(Some(2022), 1, Some(12), None).iso().as_deref(),
            Some("2022-01-12")
        );
        assert_eq!(
            d(Some(2022), 1, Some(9), Some(10)).iso().as_deref(),
            Some("2022-01-09/2022-01-10")
        );
        assert_eq!(
            d(Some(2021), 12, None, None).iso().as_deref(),
            Some("2021-12")
        );
        assert_eq!(d(Some(1999), 0, None, None).iso().as_deref(), Some("1999"));
        assert_eq!(d(None, 12, Some(17), None).iso(), None);
        assert_eq!(d(None, 12, None, None).iso(), None);
        assert_eq!(d(None, 12, Some(2), None).text(), "2 December");
        assert_eq!(
            d(Some(2022), 1, Some(9), Some(10)).text(),
            "9–10 January 2022"
        );
    }

    #[test]
    fn a_known_place_is_shown_by_its_gazetteer_name_in_any_language() {
        let ev = find(
            "МОСКВА, 14 января. /ТАСС/. Встреча министров прошла 12 января в Женеве.",
            Some(&date(Some(2022), 1, 14)),
        );
        assert_eq!(ev.len(), 1, "{ev:#?}");
        assert_eq!(ev[0].place.as_deref(), Some("Geneva"));
        assert_eq!(ev[0].label, "Meeting, Geneva, 12 January 2022");
        assert_eq!(ev[0].key, "meeting:geneva:01-12");
    }
}
