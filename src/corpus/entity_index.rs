//! # Cross-report entity index
//!
//! Gathers the [mentions](crate::analysis::actors) and
//! [events](crate::analysis::actors::events) of every report of a corpus under their
//! grouping keys, so that "Sergei Lavrov" in one report, "Lavrov" in another and
//! "Лавров" in a third are one entity, and the meeting of 12 January in Brussels
//! mentioned by three reports is one event.
//!
//! The index is updated one report at a time: [`EntityIndex::add_report`] adds
//! what a report contributes, [`EntityIndex::remove_report`] takes it away
//! again. For every entity it keeps running counts (kinds, names, roles, the
//! reports that mention it, the quotes attributed to it), so a hover on a name
//! that 50,000 reports mention costs no more than one on a name mentioned once.
//! Where a mention stands is read from the reports' own facts
//! ([`ReportFacts::mentions`]), through the `facts` lookup the corpus passes in.
//! It is a pure data structure: no I/O.
//!
//! Event keys contain a colon ("meeting:brussels:01-12") and mention keys never do,
//! so the two share one key space. When several reports mention one event, the
//! most precise date wins and is completed by the others: "On December 17" in a
//! report without a year and "at the end of 2021" in another give 17 December
//! 2021.

use super::facts::ReportFacts;
use super::symbols::{Sym, Symbols, NO_SYM};
use crate::analysis::actors::events::{self, resolve_relative, ResolvedDate};
use crate::analysis::actors::MentionKind;
use rustc_hash::FxHashMap;
use std::ops::Range;

/// A report of the corpus.
pub type ReportId = u32;

/// What the index knows of one entity or event.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct EntitySummary {
    pub key: String,
    /// The fullest name seen ("Sergei Lavrov" rather than "Lavrov"); for an
    /// event, its label from what all its reports say ("Russia–United States
    /// talks on security guarantees, Geneva, 9–10 January 2022").
    pub name: String,
    pub kind: MentionKind,
    /// Forms seen, with how often, most frequent first.
    pub aliases: Vec<(String, u32)>,
    /// Roles seen, with how often, most frequent first.
    pub roles: Vec<(String, u32)>,
    /// Reports that mention it, sorted.
    pub reports: Vec<ReportId>,
    pub mention_count: usize,
    /// For a person: how many linkable quotes the reports attribute to them.
    pub quote_count: usize,
    /// For an event: its type ("meeting").
    pub event_type: Option<String>,
    /// For an event: the best date the reports give, completed across reports.
    pub date: Option<ResolvedDate>,
    /// For an event: the place most reports give.
    pub place: Option<String>,
    /// For an event: everyone any report names as taking part.
    pub participants: Vec<String>,
}

/// Counts of a few distinct values (names, roles): usually a handful, so a
/// vector beats a map.
#[derive(Debug, Clone, Default)]
struct Counts(Vec<(Sym, u32)>);

impl Counts {
    fn add(&mut self, s: Sym, k: u32) {
        match self.0.iter_mut().find(|(x, _)| *x == s) {
            Some((_, n)) => *n += k,
            None => self.0.push((s, k)),
        }
    }
    fn sub(&mut self, s: Sym, k: u32) {
        if let Some(p) = self.0.iter().position(|(x, _)| *x == s) {
            self.0[p].1 = self.0[p].1.saturating_sub(k);
            if self.0[p].1 == 0 {
                self.0.swap_remove(p);
            }
        }
    }
    /// Most frequent first, then alphabetical.
    fn sorted(&self, syms: &Symbols) -> Vec<(String, u32)> {
        let mut v: Vec<(String, u32)> = self
            .0
            .iter()
            .map(|&(s, n)| (syms.name(s).to_string(), n))
            .collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        v
    }
}

const KINDS: [MentionKind; 5] = [
    MentionKind::Person,
    MentionKind::Organization,
    MentionKind::Place,
    MentionKind::Event,
    MentionKind::Other,
];

fn kind_index(k: MentionKind) -> usize {
    KINDS.iter().position(|&x| x == k).unwrap_or(4)
}

/// Running counts of one entity.
#[derive(Debug, Clone, Default)]
struct Entity {
    /// Occurrences by kind: of names, and of role phrases.
    kinds_named: [u32; 5],
    kinds_role: [u32; 5],
    /// Texts of names and of role phrases.
    aliases_named: Counts,
    aliases_role: Counts,
    /// Roles, in the form shown ([`role_form`]).
    roles: Counts,
    /// Full forms of names.
    forms: Counts,
    /// Reports with how many occurrences each, sorted by report.
    reports: Vec<(ReportId, u32)>,
    mentions: u32,
    /// Linkable quotes attributed to this key.
    quotes: u32,
}

impl Entity {
    fn named(&self) -> u32 {
        self.kinds_named.iter().sum()
    }
    fn is_empty(&self) -> bool {
        self.mentions == 0 && self.quotes == 0
    }
    fn add_report(&mut self, r: ReportId, n: u32) {
        // start-up adds reports in id order: mostly an append
        if self.reports.last().is_none_or(|l| l.0 < r) {
            self.reports.push((r, n));
            return;
        }
        match self.reports.binary_search_by_key(&r, |x| x.0) {
            Ok(p) => self.reports[p].1 += n,
            Err(p) => self.reports.insert(p, (r, n)),
        }
    }
    fn sub_report(&mut self, r: ReportId, n: u32) {
        if let Ok(p) = self.reports.binary_search_by_key(&r, |x| x.0) {
            self.reports[p].1 = self.reports[p].1.saturating_sub(n);
            if self.reports[p].1 == 0 {
                self.reports.remove(p);
            }
        }
    }
    /// Its kind: the most frequent among names (among all when none is a
    /// name); ties: person, then organisation, place, event, other.
    fn kind(&self) -> MentionKind {
        let pool = if self.named() > 0 {
            self.kinds_named
        } else {
            self.kinds_role
        };
        KINDS
            .iter()
            .zip(pool)
            .enumerate()
            .filter(|(_, (_, n))| *n > 0)
            .max_by_key(|&(i, (_, n))| (n, std::cmp::Reverse(i)))
            .map(|(_, (&k, _))| k)
            .unwrap_or(MentionKind::Other)
    }
    /// Its fullest full form (most words, then most frequent), when it has one.
    fn fullest_form(&self, syms: &Symbols) -> Option<String> {
        let mut forms = self.forms.sorted(syms);
        forms.sort_by(|a, b| {
            let wa = a.0.split_whitespace().count();
            let wb = b.0.split_whitespace().count();
            wb.cmp(&wa).then(b.1.cmp(&a.1)).then(a.0.cmp(&b.0))
        });
        forms.first().map(|f| f.0.clone())
    }
}

/// Mentions and events of a corpus, by grouping key.
#[derive(Debug, Clone, Default)]
pub struct EntityIndex {
    by_key: FxHashMap<Sym, Entity>,
    /// Each role as written → its shown form.
    role_forms: FxHashMap<Sym, Sym>,
    /// Names and keys → their lower-case forms, for searching without
    /// lower-casing every name on every query.
    lower: FxHashMap<Sym, Sym>,
}

/// Occurrences written alike, as the index counts them.
struct Occ {
    key: Sym,
    text: Sym,
    kind: MentionKind,
    from_role: bool,
    role: Sym,
    full: Sym,
    n: u32,
}

/// A report's mentions and events as the index counts them: mentions come
/// grouped by how they are written, counted n at a time; an event once.
fn occurrences(facts: &ReportFacts) -> impl Iterator<Item = Occ> + '_ {
    facts
        .mentions
        .iter()
        .map(|m| Occ {
            key: m.key,
            text: m.text,
            kind: m.kind,
            from_role: m.from_role,
            role: m.role,
            full: m.full,
            n: u32::from(m.places),
        })
        .chain(facts.events.iter().map(|e| Occ {
            key: e.key,
            text: e.text,
            kind: MentionKind::Event,
            from_role: false,
            role: NO_SYM,
            full: NO_SYM,
            n: 1,
        }))
}

/// What the reports that mention an event say of it, gathered report by report.
#[derive(Default)]
struct EventMerge {
    event_types: Counts,
    titles: Counts,
    places: Counts,
    /// Everyone named as taking part, in the order first met.
    participants: Vec<String>,
    dates: Vec<ResolvedDate>,
}

impl EventMerge {
    /// Add what the report with facts `f` says of event `k`. `report_year`
    /// gives the report's year as the rest of the corpus shows it, for a date
    /// the report could not place without one ("on Wednesday" in a report
    /// dated "December 22").
    fn add(
        &mut self,
        f: &ReportFacts,
        k: Sym,
        syms: &Symbols,
        report_year: &dyn Fn() -> Option<i32>,
    ) {
        for ev in f.events.iter().filter(|ev| ev.key == k) {
            self.event_types.add(ev.event_type, 1);
            if ev.title != NO_SYM {
                self.titles.add(ev.title, 1);
            }
            if ev.place != NO_SYM {
                self.places.add(ev.place, 1);
            }
            for &p in f.participants_of(ev) {
                let p = syms.name(p);
                if !self.participants.iter().any(|x| x == p) {
                    self.participants.push(p.to_string());
                }
            }
            let Some(d) = ev.date.map(|d| d.resolved(syms)) else {
                continue;
            };
            let placed = match (&f.date, d.year) {
                (Some(rd), None) if rd.year.is_none() => report_year()
                    .and_then(|y| resolve_relative(&d.phrase, rd, Some(y)))
                    .map(|mut x| {
                        x.year_known_from = Some("corpus".to_string());
                        x
                    }),
                _ => None,
            };
            self.dates.push(placed.unwrap_or(d));
        }
    }

    /// The title most reports give, then the one with the most words (the
    /// most specific).
    fn title(&self, syms: &Symbols) -> Option<String> {
        let mut t = self.titles.sorted(syms);
        t.sort_by_key(|(s, n)| {
            (
                std::cmp::Reverse(*n),
                std::cmp::Reverse(s.split_whitespace().count()),
            )
        });
        t.into_iter().next().map(|x| x.0)
    }
}

/// Keys with an empty name are not entities.
fn real(syms: &Symbols, key: Sym) -> bool {
    !syms.name(key).is_empty()
}

impl EntityIndex {
    pub fn new() -> EntityIndex {
        EntityIndex::default()
    }

    /// Add what one report mentions (remove its old facts first).
    pub fn add_report(&mut self, report: ReportId, facts: &ReportFacts, syms: &mut Symbols) {
        self.apply(report, facts, syms, true);
    }

    /// Take away what one report mentioned (its facts as they were added).
    pub fn remove_report(&mut self, report: ReportId, facts: &ReportFacts, syms: &mut Symbols) {
        self.apply(report, facts, syms, false);
    }

    /// Count one report's mentions, events and quotes in (`add`) or out.
    fn apply(&mut self, report: ReportId, facts: &ReportFacts, syms: &mut Symbols, add: bool) {
        let mut per_key: FxHashMap<Sym, u32> = FxHashMap::default();
        for o in occurrences(facts) {
            if o.n == 0 || o.key == NO_SYM || !real(syms, o.key) {
                continue;
            }
            self.count(&o, syms, add);
            *per_key.entry(o.key).or_default() += o.n;
        }
        // quotes of a person this report names (as the hover lists them)
        for q in facts.quotes.iter().filter(|q| q.linkable) {
            if let Some(s) = q.speaker.filter(|s| per_key.contains_key(&s.key)) {
                let e = self.by_key.entry(s.key).or_default();
                e.quotes = if add {
                    e.quotes + 1
                } else {
                    e.quotes.saturating_sub(1)
                };
            }
        }
        for (key, n) in per_key {
            if let Some(e) = self.by_key.get_mut(&key) {
                if add {
                    e.add_report(report, n);
                } else {
                    e.sub_report(report, n);
                    if e.is_empty() {
                        self.by_key.remove(&key);
                    }
                }
            }
        }
    }

    /// Count `o.n` occurrences written alike in (`add`) or out of their
    /// entity's kinds, names, roles and full forms.
    fn count(&mut self, o: &Occ, syms: &mut Symbols, add: bool) {
        let role = (o.role != NO_SYM).then(|| self.role_form(o.role, syms));
        let form = if o.from_role {
            None
        } else {
            Some(if o.full != NO_SYM { o.full } else { o.text })
        };
        if add {
            for s in [o.key, o.text, form.unwrap_or(NO_SYM)] {
                self.lower_form(s, syms);
            }
        }
        let e = self.by_key.entry(o.key).or_default();
        let k = kind_index(o.kind);
        let n = o.n;
        let bump = |x: &mut u32| *x = if add { *x + n } else { x.saturating_sub(n) };
        if o.from_role {
            bump(&mut e.kinds_role[k]);
        } else {
            bump(&mut e.kinds_named[k]);
        }
        bump(&mut e.mentions);
        let change = |c: &mut Counts, s: Sym| if add { c.add(s, n) } else { c.sub(s, n) };
        if o.from_role {
            change(&mut e.aliases_role, o.text);
        } else {
            change(&mut e.aliases_named, o.text);
        }
        if let Some(r) = role {
            change(&mut e.roles, r);
        }
        if let Some(f) = form {
            change(&mut e.forms, f);
        }
    }

    /// Remember the lower-case form of `s` (for [`EntityIndex::search`]).
    fn lower_form(&mut self, s: Sym, syms: &mut Symbols) {
        if s == NO_SYM || self.lower.contains_key(&s) {
            return;
        }
        let lower_name = syms.name(s).to_lowercase();
        let lower = if lower_name == syms.name(s) {
            s
        } else {
            syms.intern(&lower_name)
        };
        self.lower.insert(s, lower);
    }

    /// The shown form of a role ([`role_form`]), interned once per role.
    fn role_form(&mut self, role: Sym, syms: &mut Symbols) -> Sym {
        if let Some(&r) = self.role_forms.get(&role) {
            return r;
        }
        let r = syms.intern(&role_form(syms.name(role)));
        self.role_forms.insert(role, r);
        r
    }

    /// Number of distinct entities and events.
    pub fn len(&self) -> usize {
        self.by_key.values().filter(|e| e.mentions > 0).count()
    }

    /// True when no report is indexed.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// All keys, sorted.
    pub fn keys<'a>(&self, syms: &'a Symbols) -> Vec<&'a str> {
        let mut v: Vec<&str> = self
            .by_key
            .iter()
            .filter(|(_, e)| e.mentions > 0)
            .map(|(&k, _)| syms.name(k))
            .collect();
        v.sort_unstable();
        v
    }

    /// The reports that mention `key`, sorted.
    pub fn reports_of(&self, syms: &Symbols, key: &str) -> Vec<ReportId> {
        syms.get(key)
            .and_then(|k| self.by_key.get(&k))
            .map(|e| e.reports.iter().map(|r| r.0).collect())
            .unwrap_or_default()
    }

    /// The summary of one entity or event. `facts` gives a report's facts (events
    /// are merged from them).
    pub fn entity_of(
        &self,
        syms: &Symbols,
        key: &str,
        facts: &dyn Fn(ReportId) -> Option<std::sync::Arc<ReportFacts>>,
    ) -> Option<EntitySummary> {
        let k = syms.get(key)?;
        let e = self.by_key.get(&k).filter(|e| e.mentions > 0)?;
        Some(self.summarize(syms, k, e, Some(facts)))
    }

    /// The summary of entity `e` (key `k`); with `facts`, an event's type,
    /// place, participants and date are merged from the reports.
    fn summarize(
        &self,
        syms: &Symbols,
        k: Sym,
        e: &Entity,
        facts: Option<&dyn Fn(ReportId) -> Option<std::sync::Arc<ReportFacts>>>,
    ) -> EntitySummary {
        let named = e.named();
        let kind = e.kind();
        // aliases are the names seen; a role phrase ("the foreign minister") is a role
        let aliases = if named > 0 {
            e.aliases_named.sorted(syms)
        } else {
            e.aliases_role.sorted(syms)
        };
        let roles = e.roles.sorted(syms);
        let key = syms.name(k).to_string();
        let reports: Vec<ReportId> = e.reports.iter().map(|r| r.0).collect();
        // events: merge what the reports know (events are mentioned by few reports)
        let mut merged = EventMerge::default();
        if let Some(facts) = facts.filter(|_| kind == MentionKind::Event || e.kinds_named[3] > 0) {
            for &r in &reports {
                let Some(f) = facts(r) else { continue };
                merged.add(&f, k, syms, &|| self.report_year(&f, k, facts));
            }
        }
        let date = merge_dates(merged.dates.iter());
        let place = merged.places.sorted(syms).first().map(|x| x.0.clone());
        let name = if kind == MentionKind::Event {
            merged
                .title(syms)
                .map(|t| events::label(&t, place.as_deref(), date.as_ref()))
                .or_else(|| aliases.first().map(|a| a.0.clone()))
        } else {
            e.fullest_form(syms).map(|n| match kind {
                _ if n.chars().any(char::is_lowercase) => n,
                MentionKind::Place => crate::analysis::actors::place_display_name(&key)
                    .map_or_else(|| shown_form(&n), str::to_string),
                MentionKind::Person => shown_form(&n),
                _ => n,
            })
        }
        .or_else(|| aliases.first().map(|a| a.0.clone()))
        .unwrap_or_else(|| key.clone());
        EntitySummary {
            key,
            name,
            kind,
            aliases,
            roles,
            reports,
            mention_count: e.mentions as usize,
            quote_count: e.quotes as usize,
            event_type: merged.event_types.sorted(syms).first().map(|x| x.0.clone()),
            date,
            place,
            participants: merged.participants,
        }
    }

    /// The year of a report whose dateline and text give none, as the rest of
    /// the corpus shows it: another event the report dates by month and day
    /// ("On December 17, … published drafts") that another report dates with
    /// its year. Events other than `except` are asked, each only of its own
    /// reports' facts (no further step), so the cost is a few events' reports.
    fn report_year(
        &self,
        f: &ReportFacts,
        except: Sym,
        facts: &dyn Fn(ReportId) -> Option<std::sync::Arc<ReportFacts>>,
    ) -> Option<i32> {
        /// Reports asked per event, at most.
        const ASKED: usize = 16;
        let rd = f.date.as_ref()?;
        for ev in f.events.iter().filter(|ev| ev.key != except) {
            let Some(d) = ev.date.filter(|d| d.year.is_none() && d.month > 0) else {
                continue;
            };
            let Some(other) = self.by_key.get(&ev.key) else {
                continue;
            };
            for &(r, _) in other.reports.iter().take(ASKED) {
                let Some(g) = facts(r) else { continue };
                let year = g
                    .events
                    .iter()
                    .filter(|x| x.key == ev.key)
                    .filter_map(|x| x.date)
                    .find(|x| x.year.is_some() && x.month == d.month)
                    .and_then(|x| x.year);
                if let Some(y) = year {
                    // an event more than two months after the report's day in
                    // the calendar was in the year before the report
                    let event = i32::from(d.month) * 31 + i32::from(d.day.unwrap_or(1));
                    let report = i32::from(rd.month) * 31 + i32::from(rd.day);
                    return Some(if event - report > 62 { y + 1 } else { y });
                }
            }
        }
        None
    }

    /// Every mention of an entity: (report, byte range), sorted.
    pub fn mentions_of(
        &self,
        syms: &Symbols,
        key: &str,
        facts: &dyn Fn(ReportId) -> Option<std::sync::Arc<ReportFacts>>,
    ) -> Vec<(ReportId, Range<usize>)> {
        let Some(k) = syms.get(key) else {
            return Vec::new();
        };
        let Some(e) = self.by_key.get(&k) else {
            return Vec::new();
        };
        let mut v = Vec::new();
        for &(r, _) in &e.reports {
            let Some(f) = facts(r) else { continue };
            let mut here: Vec<Range<usize>> = f
                .mention_iter()
                .filter(|m| m.key == k)
                .map(|m| m.span.range())
                .chain(
                    f.events
                        .iter()
                        .filter(|ev| ev.key == k)
                        .map(|ev| ev.span.range()),
                )
                .collect();
            here.sort_by_key(|r| (r.start, r.end));
            v.extend(here.into_iter().map(|range| (r, range)));
        }
        v
    }

    /// Entities whose name or an alias contains `query` (case-insensitive): exact
    /// matches first, then prefixes, then other substrings; more mentions first.
    /// The summaries leave out what only a hover shows and what would need every
    /// carrier's facts (an event's merged date, place and participants), so a
    /// search costs one pass over the names whatever their number of reports.
    pub fn search(&self, syms: &Symbols, query: &str, limit: usize) -> Vec<EntitySummary> {
        let q = query.trim().to_lowercase();
        let mut scored: Vec<(u8, u32, &str, Sym)> = Vec::new();
        for (&k, e) in self.by_key.iter().filter(|(_, e)| e.mentions > 0) {
            let named = e.named() > 0;
            let aliases = if named {
                &e.aliases_named
            } else {
                &e.aliases_role
            };
            let forms = e
                .forms
                .0
                .iter()
                .chain(aliases.0.iter())
                .map(|&(s, _)| s)
                .chain(std::iter::once(k));
            let mut best: Option<u8> = None;
            for f in forms {
                let f = syms.name(self.lower.get(&f).copied().unwrap_or(f));
                let rank = if f == q {
                    0
                } else if f.starts_with(&*q) || f.split_whitespace().any(|w| w.starts_with(&*q)) {
                    1
                } else if f.contains(&*q) {
                    2
                } else {
                    continue;
                };
                best = Some(best.map_or(rank, |b| b.min(rank)));
                if rank == 0 {
                    break;
                }
            }
            if let Some(rank) = best {
                scored.push((rank, e.mentions, syms.name(k), k));
            }
        }
        scored.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)).then(a.2.cmp(b.2)));
        scored
            .into_iter()
            .take(limit)
            .filter_map(|(_, _, _, k)| Some(self.summarize(syms, k, self.by_key.get(&k)?, None)))
            .collect()
    }

    /// Bytes held on the heap (approximately).
    pub fn heap_bytes(&self) -> usize {
        self.by_key.capacity() * (std::mem::size_of::<Entity>() + 5)
            + self
                .by_key
                .values()
                .map(|e| {
                    (e.aliases_named.0.capacity()
                        + e.aliases_role.0.capacity()
                        + e.roles.0.capacity()
                        + e.forms.0.capacity()
                        + e.reports.capacity())
                        * 8
                })
                .sum::<usize>()
    }
}

/// A place's or person's name as a summary shows it: one written only in
/// capitals, as in a dateline ("WASHINGTON"), in title case ("Washington");
/// up to four letters ("UK", "USA", "UAE") it is an abbreviation and stays.
fn shown_form(name: &str) -> String {
    let letters = name.chars().filter(|c| c.is_alphabetic()).count();
    if letters <= 4 || name.chars().any(char::is_lowercase) {
        return name.to_string();
    }
    name.split(' ')
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) => f
                    .to_uppercase()
                    .chain(c.flat_map(char::to_lowercase))
                    .collect(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
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
    use crate::analysis::actors::registry::Registry;
    use crate::analysis::actors::{self, events};
    use crate::analysis::dateline::PartialDate;
    use crate::corpus::facts::{group_mentions, EventFacts};
    use std::sync::Arc;

    struct Fixture {
        idx: EntityIndex,
        syms: Symbols,
        facts: Vec<Arc<ReportFacts>>,
    }

    impl Fixture {
        fn new(reports: &[(&str, Option<PartialDate>)]) -> Fixture {
            let mut f = Fixture {
                idx: EntityIndex::new(),
                syms: Symbols::new(),
                facts: Vec::new(),
            };
            for (i, (text, date)) in reports.iter().enumerate() {
                let rf = f.facts_of(text, date.as_ref(), true);
                f.idx.add_report(i as ReportId, &rf, &mut f.syms);
                f.facts.push(Arc::new(rf));
            }
            f
        }
        fn facts_of(
            &mut self,
            text: &str,
            date: Option<&PartialDate>,
            events: bool,
        ) -> ReportFacts {
            let ms = actors::find(text, &[], Registry::bundled());
            let ev = if events {
                events::find_with_mentions(text, &[], date, &ms)
            } else {
                Vec::new()
            };
            let (mentions, mention_spans) = group_mentions(&ms, &mut self.syms);
            let mut participants = Vec::new();
            let events = ev
                .iter()
                .map(|e| EventFacts::new(e, &mut self.syms, &mut participants))
                .collect();
            ReportFacts {
                mentions: mentions.into_boxed_slice(),
                mention_spans: mention_spans.into_boxed_slice(),
                events,
                participants: participants.into_boxed_slice(),
                ..ReportFacts::default()
            }
        }
        fn entity(&self, key: &str) -> Option<EntitySummary> {
            let facts = |r: ReportId| self.facts.get(r as usize).cloned();
            self.idx.entity_of(&self.syms, key, &facts)
        }
        fn mentions(&self, key: &str) -> Vec<(ReportId, Range<usize>)> {
            let facts = |r: ReportId| self.facts.get(r as usize).cloned();
            self.idx.mentions_of(&self.syms, key, &facts)
        }
        fn search(&self, q: &str, n: usize) -> Vec<EntitySummary> {
            self.idx.search(&self.syms, q, n)
        }
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
        let f = Fixture::new(&[(A, d(1, 14)), (B, d(12, 22)), (C, None)]);
        let s = f.entity("lavrov").expect("lavrov indexed");
        assert_eq!(s.kind, MentionKind::Person);
        assert_eq!(s.name, "Sergei Lavrov");
        assert_eq!(s.reports, vec![0, 1, 2]);
        assert_eq!(s.mention_count, 6);
        assert!(s
            .roles
            .iter()
            .any(|(r, n)| r == "Russian Foreign Minister" && *n == 1));
        assert!(s.aliases.iter().any(|(a, _)| a == "Лаврова"));
        assert_eq!(f.mentions("lavrov").len(), 6);
        assert_eq!(f.mentions("lavrov")[0].0, 0);
    }

    #[test]
    fn one_event_across_reports_with_completed_date() {
        let f = Fixture::new(&[(A, d(1, 14)), (B, d(12, 22))]);
        let s = f
            .entity("publication:draft-treaties")
            .expect("publication indexed");
        assert_eq!(s.kind, MentionKind::Event);
        assert_eq!(s.reports, vec![0, 1]);
        assert_eq!(s.event_type.as_deref(), Some("publication"));
        let date = s.date.unwrap();
        assert_eq!(date.iso().as_deref(), Some("2021-12-17"));
        assert_eq!(date.year_known_from.as_deref(), Some("corpus"));
    }

    #[test]
    fn incremental_updates() {
        let mut f = Fixture::new(&[(A, d(1, 14)), (B, d(12, 22))]);
        assert_eq!(f.entity("lavrov").unwrap().reports, vec![0, 1]);
        let a = f.facts[0].clone();
        f.idx.remove_report(0, &a, &mut f.syms);
        assert_eq!(f.entity("lavrov").unwrap().reports, vec![1]);
        assert!(f.entity("ria-novosti").is_none());
        // replacing a report's facts never duplicates
        let old = f.facts[1].clone();
        f.idx.remove_report(1, &old, &mut f.syms);
        let new = Arc::new(f.facts_of(B, None, false));
        f.idx.add_report(1, &new, &mut f.syms);
        f.facts[1] = new.clone();
        assert_eq!(f.entity("lavrov").unwrap().mention_count, 1);
        assert!(f.entity("publication:draft-treaties").is_none());
        f.idx.remove_report(1, &new, &mut f.syms);
        assert!(f.idx.is_empty());
        assert!(f.idx.by_key.is_empty());
    }

    #[test]
    fn search_by_name_and_alias() {
        let f = Fixture::new(&[(A, d(1, 14)), (B, d(12, 22)), (C, None)]);
        let hits = f.search("lav", 5);
        assert_eq!(hits[0].key, "lavrov");
        let hits = f.search("ЛАВРОВ", 5);
        assert_eq!(hits[0].key, "lavrov");
        let hits = f.search("nato", 5);
        assert_eq!(hits[0].key, "nato");
        assert!(f.search("zzz", 5).is_empty());
        assert_eq!(f.search("a", 2).len(), 2);
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
            merge_dates([&a, &b].into_iter()).unwrap().iso().as_deref(),
            Some("2021-12-17")
        );
        assert!(merge_dates(std::iter::empty()).is_none());
    }
}
