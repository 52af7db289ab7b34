//! # Cross-report entity index
//!
//! Gathers the [mentions](crate::analysis::mentions) and
//! [events](crate::analysis::events) of every report of a corpus under their
//! grouping keys, so that "Sergei Lavrov" in one report, "Lavrov" in another and
//! "Лавров" in a third are one entity, and the meeting of 12 January in Brussels
//! mentioned by three reports is one event.
//!
//! The index is updated one report at a time: [`EntityIndex::add_report`] replaces
//! what a report contributed, [`EntityIndex::remove_report`] drops it. Summaries
//! are computed on demand from the occurrences, so they always reflect the current
//! reports. It is a pure data structure: no I/O.
//!
//! Event keys contain a colon ("meeting:brussels:01-12") and mention keys never do,
//! so the two share one key space. When several reports mention one event, the
//! most precise date wins and is completed by the others: "On December 17" in a
//! report without a year and "at the end of 2021" in another give 17 December
//! 2021.

use crate::analysis::events::{EventMention, ResolvedDate};
use crate::analysis::mentions::{Mention, MentionKind};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::ops::Range;

/// A report of the corpus.
pub type ReportId = u32;

/// What the index knows of one entity or event.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct EntitySummary {
    pub key: String,
    /// The fullest name seen ("Sergei Lavrov" rather than "Lavrov"; for an event,
    /// its phrase).
    pub name: String,
    pub kind: MentionKind,
    /// Forms seen, with how often, most frequent first.
    pub aliases: Vec<(String, u32)>,
    /// Roles seen, with how often, most frequent first.
    pub roles: Vec<(String, u32)>,
    /// Reports that mention it, sorted.
    pub reports: Vec<ReportId>,
    pub mention_count: usize,
    /// For an event: its type ("meeting").
    pub event_type: Option<String>,
    /// For an event: the best date the reports give, completed across reports.
    pub date: Option<ResolvedDate>,
    /// For an event: the place most reports give.
    pub place: Option<String>,
    /// For an event: everyone any report names as taking part.
    pub participants: Vec<String>,
}

#[derive(Debug, Clone)]
struct Occurrence {
    report: ReportId,
    range: Range<usize>,
    text: String,
    kind: MentionKind,
    role: Option<String>,
    full: Option<String>,
    from_role: bool,
    event: Option<EventFacts>,
}

#[derive(Debug, Clone)]
struct EventFacts {
    event_type: String,
    place: Option<String>,
    date: Option<ResolvedDate>,
    participants: Vec<String>,
}

/// Mentions and events of a corpus, by grouping key.
#[derive(Debug, Clone, Default)]
pub struct EntityIndex {
    by_key: HashMap<String, Vec<Occurrence>>,
    /// keys each report contributed to, for removal
    by_report: HashMap<ReportId, BTreeSet<String>>,
}

impl EntityIndex {
    pub fn new() -> EntityIndex {
        EntityIndex::default()
    }

    /// Add (or replace) what one report mentions.
    pub fn add_report(&mut self, report: ReportId, mentions: &[Mention], events: &[EventMention]) {
        self.remove_report(report);
        let keys = self.by_report.entry(report).or_default();
        for m in mentions {
            if m.key.is_empty() {
                continue;
            }
            keys.insert(m.key.clone());
            self.by_key
                .entry(m.key.clone())
                .or_default()
                .push(Occurrence {
                    report,
                    range: m.range.clone(),
                    text: m.text.clone(),
                    kind: m.kind,
                    role: m.role.clone(),
                    full: m.full.clone(),
                    from_role: m.from_role,
                    event: None,
                });
        }
        for e in events {
            if e.key.is_empty() {
                continue;
            }
            keys.insert(e.key.clone());
            self.by_key
                .entry(e.key.clone())
                .or_default()
                .push(Occurrence {
                    report,
                    range: e.range.clone(),
                    text: e.text.clone(),
                    kind: MentionKind::Event,
                    role: None,
                    full: None,
                    from_role: false,
                    event: Some(EventFacts {
                        event_type: e.event_type.clone(),
                        place: e.place.clone(),
                        date: e.date.clone(),
                        participants: e.participants.clone(),
                    }),
                });
        }
    }

    /// Drop everything one report contributed.
    pub fn remove_report(&mut self, report: ReportId) {
        let Some(keys) = self.by_report.remove(&report) else {
            return;
        };
        for k in keys {
            if let Some(v) = self.by_key.get_mut(&k) {
                v.retain(|o| o.report != report);
                if v.is_empty() {
                    self.by_key.remove(&k);
                }
            }
        }
    }

    /// Number of distinct entities and events.
    pub fn len(&self) -> usize {
        self.by_key.len()
    }

    /// True when no report is indexed.
    pub fn is_empty(&self) -> bool {
        self.by_key.is_empty()
    }

    /// All keys, sorted.
    pub fn keys(&self) -> Vec<&str> {
        let mut v: Vec<&str> = self.by_key.keys().map(String::as_str).collect();
        v.sort_unstable();
        v
    }

    /// The summary of one entity or event.
    pub fn entity_of(&self, key: &str) -> Option<EntitySummary> {
        let occ = self.by_key.get(key)?;
        Some(summarize(key, occ))
    }

    /// Every mention of an entity: (report, byte range), sorted.
    pub fn mentions_of(&self, key: &str) -> Vec<(ReportId, Range<usize>)> {
        let mut v: Vec<(ReportId, Range<usize>)> = self
            .by_key
            .get(key)
            .map(|occ| occ.iter().map(|o| (o.report, o.range.clone())).collect())
            .unwrap_or_default();
        v.sort_by_key(|(r, range)| (*r, range.start, range.end));
        v
    }

    /// Entities whose name or an alias contains `query` (case-insensitive): exact
    /// matches first, then prefixes, then other substrings; more mentions first.
    pub fn search(&self, query: &str, limit: usize) -> Vec<EntitySummary> {
        let q = query.trim().to_lowercase();
        let mut scored: Vec<(u8, usize, EntitySummary)> = Vec::new();
        for (key, occ) in &self.by_key {
            let s = summarize(key, occ);
            let forms = std::iter::once(s.name.as_str())
                .chain(s.aliases.iter().map(|(a, _)| a.as_str()))
                .chain(std::iter::once(key.as_str()));
            let mut best = None;
            for f in forms {
                let f = f.to_lowercase();
                let rank = if f == q {
                    0
                } else if f.starts_with(&q) || f.split_whitespace().any(|w| w.starts_with(&q)) {
                    1
                } else if f.contains(&q) {
                    2
                } else {
                    continue;
                };
                best = Some(best.map_or(rank, |b: u8| b.min(rank)));
            }
            if let Some(rank) = best {
                scored.push((rank, s.mention_count, s));
            }
        }
        scored.sort_by(|a, b| {
            a.0.cmp(&b.0)
                .then(b.1.cmp(&a.1))
                .then(a.2.key.cmp(&b.2.key))
        });
        scored.into_iter().take(limit).map(|(_, _, s)| s).collect()
    }
}

fn counted(items: impl Iterator<Item = String>) -> Vec<(String, u32)> {
    let mut m: BTreeMap<String, u32> = BTreeMap::new();
    for i in items {
        *m.entry(i).or_default() += 1;
    }
    let mut v: Vec<(String, u32)> = m.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    v
}

/// A role as shown: without a leading article ("The foreign minister" →
/// "foreign minister"), so that one role is counted once.
fn role_form(role: &str) -> String {
    let r = role.trim();
    for article in ["the ", "The ", "THE "] {
        if let Some(rest) = r.strip_prefix(article) {
            return rest.to_string();
        }
    }
    r.to_string()
}

fn summarize(key: &str, occ: &[Occurrence]) -> EntitySummary {
    let named: Vec<&Occurrence> = occ.iter().filter(|o| !o.from_role).collect();
    let pool: &[&Occurrence] = if named.is_empty() { &[] } else { &named };
    // kind: the most frequent among names
    let mut kinds: HashMap<MentionKind, usize> = HashMap::new();
    for o in pool
        .iter()
        .copied()
        .chain(occ.iter().filter(|_| pool.is_empty()))
    {
        *kinds.entry(o.kind).or_default() += 1;
    }
    let kind = kinds
        .into_iter()
        .max_by_key(|&(k, n)| (n, k == MentionKind::Person))
        .map(|(k, _)| k)
        .unwrap_or(MentionKind::Other);
    // aliases are the names seen; a role phrase ("the foreign minister") is a role
    let aliases = counted(
        occ.iter()
            .filter(|o| !o.from_role || named.is_empty())
            .map(|o| o.text.clone()),
    );
    let roles = counted(occ.iter().filter_map(|o| o.role.as_deref().map(role_form)));
    // name: the fullest form (most words, then most frequent)
    let mut forms: Vec<(String, u32)> = counted(
        occ.iter()
            .filter(|o| !o.from_role)
            .map(|o| o.full.clone().unwrap_or_else(|| o.text.clone())),
    );
    forms.sort_by(|a, b| {
        let wa = a.0.split_whitespace().count();
        let wb = b.0.split_whitespace().count();
        wb.cmp(&wa).then(b.1.cmp(&a.1)).then(a.0.cmp(&b.0))
    });
    let name = if kind == MentionKind::Event {
        aliases.first().map(|a| a.0.clone())
    } else {
        forms.first().map(|f| f.0.clone())
    }
    .or_else(|| aliases.first().map(|a| a.0.clone()))
    .unwrap_or_else(|| key.to_string());
    let reports: Vec<ReportId> = occ
        .iter()
        .map(|o| o.report)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    // events: merge what the reports know
    let facts: Vec<&EventFacts> = occ.iter().filter_map(|o| o.event.as_ref()).collect();
    let event_type = counted(facts.iter().map(|f| f.event_type.clone()))
        .first()
        .map(|x| x.0.clone());
    let place = counted(facts.iter().filter_map(|f| f.place.clone()))
        .first()
        .map(|x| x.0.clone());
    let mut participants: Vec<String> = Vec::new();
    for f in &facts {
        for p in &f.participants {
            if !participants.contains(p) {
                participants.push(p.clone());
            }
        }
    }
    let date = merge_dates(facts.iter().filter_map(|f| f.date.as_ref()));
    EntitySummary {
        key: key.to_string(),
        name,
        kind,
        aliases,
        roles,
        reports,
        mention_count: occ.len(),
        event_type,
        date,
        place,
        participants,
    }
}

/// The most precise date, its year completed from another date of the same month
/// (or, failing that, any date that knows the year).
pub fn merge_dates<'a>(dates: impl Iterator<Item = &'a ResolvedDate>) -> Option<ResolvedDate> {
    let all: Vec<&ResolvedDate> = dates.collect();
    let mut best = (*all.iter().max_by_key(|d| d.precision())?).clone();
    if best.year.is_none() {
        let donor = all
            .iter()
            .filter(|d| d.year.is_some())
            .max_by_key(|d| (d.month == best.month, d.precision()));
        if let Some(d) = donor {
            best.year = d.year;
            best.year_known_from = Some("corpus".to_string());
        }
    }
    if best.month == 0 {
        if let Some(d) = all
            .iter()
            .filter(|d| d.month > 0 && d.year == best.year)
            .max_by_key(|d| d.precision())
        {
            best.month = d.month;
            best.day = d.day;
        }
    }
    Some(best)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::dateline::PartialDate;
    use crate::analysis::registry::Registry;
    use crate::analysis::{events, mentions};

    fn index_of(reports: &[(&str, Option<PartialDate>)]) -> EntityIndex {
        let mut idx = EntityIndex::new();
        for (i, (text, date)) in reports.iter().enumerate() {
            let ms = mentions::find(text, &[], Registry::bundled());
            let ev = events::find_with_mentions(text, &[], date.as_ref(), None, &ms);
            idx.add_report(i as ReportId, &ms, &ev);
        }
        idx
    }

    const A: &str = "MOSCOW, January 14 - RIA Novosti. Russian Foreign Minister Sergei Lavrov said the talks failed. Lavrov left. Lavrov came back. \
At the end of 2021, Russia published drafts of a treaty with the United States and an agreement with NATO.";
    const B: &str = "MOSCOW, December 22. /TASS/. Lavrov spoke to RT. On December 17, Russia's Foreign Ministry \
published drafts of an agreement with the United States and an agreement with NATO.";
    const C: &str = "Москва. Сергей Лавров встретился с коллегами. Лаврова поддержали.";

    fn d(m: u8, day: u8) -> Option<PartialDate> {
        Some(PartialDate {
            year: None,
            month: m,
            day,
        })
    }

    #[test]
    fn one_person_across_reports_and_languages() {
        let idx = index_of(&[(A, d(1, 14)), (B, d(12, 22)), (C, None)]);
        let s = idx.entity_of("lavrov").expect("lavrov indexed");
        assert_eq!(s.kind, MentionKind::Person);
        assert_eq!(s.name, "Sergei Lavrov");
        assert_eq!(s.reports, vec![0, 1, 2]);
        assert_eq!(s.mention_count, 6);
        assert!(s
            .roles
            .iter()
            .any(|(r, n)| r == "Russian Foreign Minister" && *n == 1));
        assert!(s.aliases.iter().any(|(a, _)| a == "Лаврова"));
        assert_eq!(idx.mentions_of("lavrov").len(), 6);
        assert_eq!(idx.mentions_of("lavrov")[0].0, 0);
    }

    #[test]
    fn one_event_across_reports_with_completed_date() {
        let idx = index_of(&[(A, d(1, 14)), (B, d(12, 22))]);
        let s = idx
            .entity_of("publication:draft-treaties")
            .expect("publication indexed");
        assert_eq!(s.kind, MentionKind::Event);
        assert_eq!(s.reports, vec![0, 1]);
        assert_eq!(s.event_type.as_deref(), Some("publication"));
        let date = s.date.unwrap();
        assert_eq!(date.iso(), "2021-12-17");
        assert_eq!(date.year_known_from.as_deref(), Some("corpus"));
    }

    #[test]
    fn incremental_updates() {
        let mut idx = index_of(&[(A, d(1, 14)), (B, d(12, 22))]);
        assert_eq!(idx.entity_of("lavrov").unwrap().reports, vec![0, 1]);
        idx.remove_report(0);
        assert_eq!(idx.entity_of("lavrov").unwrap().reports, vec![1]);
        assert!(idx.entity_of("ria-novosti").is_none());
        // re-adding replaces, never duplicates
        let ms = mentions::find(B, &[], Registry::bundled());
        idx.add_report(1, &ms, &[]);
        idx.add_report(1, &ms, &[]);
        assert_eq!(idx.entity_of("lavrov").unwrap().mention_count, 1);
        assert!(idx.entity_of("publication:draft-treaties").is_none());
        idx.remove_report(1);
        idx.remove_report(7);
        assert!(idx.is_empty());
    }

    #[test]
    fn search_by_name_and_alias() {
        let idx = index_of(&[(A, d(1, 14)), (B, d(12, 22)), (C, None)]);
        let hits = idx.search("lav", 5);
        assert_eq!(hits[0].key, "lavrov");
        let hits = idx.search("ЛАВРОВ", 5);
        assert_eq!(hits[0].key, "lavrov");
        let hits = idx.search("nato", 5);
        assert_eq!(hits[0].key, "nato");
        assert!(idx.search("zzz", 5).is_empty());
        assert_eq!(idx.search("a", 2).len(), 2);
    }

    #[test]
    fn dates_merge_by_precision() {
        let mk = |y: Option<i32>, m: u8, d: Option<u8>, approx: bool| ResolvedDate {
            year: y,
            month: m,
            day: d,
            day_end: None,
            phrase: String::new(),
            approximate: approx,
            year_known_from: None,
        };
        let a = mk(Some(2021), 12, None, true);
        let b = mk(None, 12, Some(17), false);
        assert_eq!(
            merge_dates([&a, &b].into_iter()).unwrap().iso(),
            "2021-12-17"
        );
        assert!(merge_dates(std::iter::empty()).is_none());
    }
}
