//! Navigation across reports: definition, references, hover, code lens and the
//! document outline. Everything is looked up in the corpus indexes; nothing scans
//! the corpus.

use super::state::State;
use crate::analysis::dateline::order_key;
use crate::analysis::dateline::PartialDate;
use crate::analysis::lines::{Encoding, Pos};
use crate::analysis::quotes::extract::AttributionKind;
use crate::analysis::quotes::matching::{word_diff, DiffOp};
use crate::analysis::text::dates::MONTH_NAMES;
use crate::analysis::text::plural;
use crate::analysis::{short, QuoteLink};
use crate::corpus::entity_index::EntitySummary;
use crate::corpus::facts::{PairSketch, QuoteFacts, ReportFacts};
use crate::corpus::{Corpus, Report, ReportId, TextReport};
use crate::protocol;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tower_lsp_server::ls_types::*;

/// The client-side command a code lens runs to show a list of places
/// (arguments: uri, position, locations), as editors' "show references" do.
pub const SHOW_REFERENCES: &str = "newsdesk.showReferences";

/// What sits under the cursor.
pub struct Target<'a> {
    pub corpus: &'a Corpus,
    pub report: &'a Report,
    pub text: Arc<TextReport>,
    pub path: PathBuf,
    pub offset: usize,
}

/// Look up the report at `uri` and run `f` on what is under `pos`.
pub fn with_target<T>(
    state: &State,
    uri: &Uri,
    pos: Position,
    f: impl FnOnce(Target<'_>) -> Option<T>,
) -> Option<T> {
    let enc = state.encoding();
    state.with_report(uri, |v| {
        let offset = v.text.lines.offset(
            &v.text.text,
            Pos {
                line: pos.line,
                col: pos.character,
            },
            enc,
        );
        f(Target {
            corpus: v.corpus,
            report: v.report,
            text: v.text,
            path: v.path,
            offset,
        })
    })
}

/// Earliest report first (by publication date, then by path).
fn sort_links(links: &mut [QuoteLink]) {
    links.sort_by(|a, b| {
        order_key(a.date.as_ref())
            .cmp(&order_key(b.date.as_ref()))
            .then_with(|| a.path.cmp(&b.path))
    });
}

/// Where a byte range of a report stands (its text is read to convert it).
fn location(
    corpus: &Corpus,
    path: &Path,
    range: &std::ops::Range<usize>,
    enc: Encoding,
) -> Option<Location> {
    let t = corpus.source_of(path)?;
    Some(Location {
        uri: protocol::path_to_uri(path)?,
        range: t.text_ref().range(range, enc),
    })
}

/// Where a linked quote stands (known without reading its report).
fn link_location(l: &QuoteLink, enc: Encoding) -> Option<Location> {
    Some(Location {
        uri: protocol::path_to_uri(&l.path)?,
        range: Range {
            start: protocol::pos(l.points[0].pos(enc)),
            end: protocol::pos(l.points[1].pos(enc)),
        },
    })
}

/// The other reports of the quote under the cursor (or of the reused passage).
pub fn definition(state: &State, uri: &Uri, pos: Position) -> Option<Vec<Location>> {
    let enc = state.encoding();
    with_target(state, uri, pos, |t| {
        let facts = &t.text.facts;
        if let Some(qi) = facts.quote_at(t.offset) {
            let mut links = t.corpus.quote_links(t.report.id, qi);
            sort_links(&mut links);
            return Some(links.iter().filter_map(|l| link_location(l, enc)).collect());
        }
        // a reused passage: the other reports carrying the sentence
        let (_, hash) = facts
            .sentences
            .iter()
            .find(|(r, _)| r.start <= t.offset && t.offset <= r.end)?;
        let places = t.corpus.sentence_links(t.report.id, *hash);
        let out: Vec<Location> = places
            .iter()
            .filter_map(|p| location(t.corpus, p.path.as_deref()?, &p.range, enc))
            .collect();
        (!out.is_empty()).then_some(out)
    })
}

/// Every report of the quote under the cursor, this one included.
pub fn references(
    state: &State,
    uri: &Uri,
    pos: Position,
    include_declaration: bool,
) -> Option<Vec<Location>> {
    let enc = state.encoding();
    with_target(state, uri, pos, |t| {
        let qi = t.text.facts.quote_at(t.offset)?;
        let q = &t.text.facts.quotes[qi];
        let mut links = t.corpus.quote_links(t.report.id, qi);
        if include_declaration {
            let at = |o: usize| crate::analysis::lines::Point::at(&t.text.text, &t.text.lines, o);
            links.push(QuoteLink {
                path: t.path.clone(),
                range: q.range.clone(),
                excerpt: short(&q.text, crate::analysis::EXCERPT_CHARS),
                wording: crate::analysis::wording_hash(&q.text),
                points: [at(q.range.start), at(q.range.end)],
                speaker: None,
                score: 1.0,
                date: t
                    .report
                    .facts()
                    .and_then(|f| t.corpus.published_on(&t.path, f)),
            });
        }
        sort_links(&mut links);
        Some(links.iter().filter_map(|l| link_location(l, enc)).collect())
    })
}

/// "January 14, 2022" / "January 14".
pub fn date_text(d: &PartialDate) -> String {
    let m = MONTH_NAMES
        .get(usize::from(d.month).wrapping_sub(1))
        .copied()
        .unwrap_or("?");
    match d.year {
        Some(y) => format!("{m} {}, {y}", d.day),
        None => format!("{m} {}", d.day),
    }
}

/// "MOSCOW, January 14" (with ", RIA Novosti" when `agency` is asked for).
fn dateline_label(d: &crate::analysis::dateline::Dateline, agency: bool) -> String {
    label_of(
        d.place.as_deref(),
        d.date.as_ref(),
        d.agency.as_deref().filter(|_| agency),
    )
}

fn label_of(place: Option<&str>, date: Option<&PartialDate>, agency: Option<&str>) -> String {
    let mut parts: Vec<String> = Vec::new();
    parts.extend(place.map(str::to_string));
    parts.extend(date.map(date_text));
    parts.extend(agency.map(str::to_string));
    parts.join(", ")
}

/// A word-level diff in Markdown: ~~removed~~ → **added**; long unchanged runs
/// are shortened.
pub fn diff_markdown(a: &str, b: &str) -> String {
    let ops = word_diff(a, b);
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < ops.len() {
        match &ops[i] {
            DiffOp::Same(w) => {
                let mut run = vec![w.clone()];
                while let Some(DiffOp::Same(w)) = ops.get(i + 1) {
                    run.push(w.clone());
                    i += 1;
                }
                if run.len() > 8 {
                    let head = if out.is_empty() {
                        vec![]
                    } else {
                        run[..3].to_vec()
                    };
                    let tail = if i + 1 < ops.len() {
                        run[run.len() - 3..].to_vec()
                    } else {
                        vec![]
                    };
                    out.push(
                        format!("{} … {}", head.join(" "), tail.join(" "))
                            .trim()
                            .to_string(),
                    );
                } else {
                    out.push(run.join(" "));
                }
            }
            DiffOp::Removed(_) | DiffOp::Added(_) => {
                let mut removed = Vec::new();
                let mut added = Vec::new();
                while let Some(op) = ops.get(i) {
                    match op {
                        DiffOp::Removed(w) => removed.push(w.clone()),
                        DiffOp::Added(w) => added.push(w.clone()),
                        DiffOp::Same(_) => break,
                    }
                    i += 1;
                }
                i -= 1;
                let r = (!removed.is_empty()).then(|| format!("~~{}~~", removed.join(" ")));
                let a = (!added.is_empty()).then(|| format!("**{}**", added.join(" ")));
                out.push(match (r, a) {
                    (Some(r), Some(a)) => format!("{r} → {a}"),
                    (Some(r), None) => r,
                    (None, Some(a)) => a,
                    (None, None) => String::new(),
                });
            }
        }
        i += 1;
    }
    out.join(" ")
}

/// Hover text for the quote under the cursor.
pub fn quote_hover(t: &Target<'_>) -> Option<String> {
    let facts = &t.text.facts;
    let qi = facts.quote_at(t.offset)?;
    let q = &facts.quotes[qi];
    let mut md = String::new();
    match &q.speaker {
        Some(s) => {
            md.push_str(&format!("**Quote** by **{}**", s.name));
            match s.words_in_text(&t.text.text) {
                Some(w) => md.push_str(&format!(" (“{w}” in the text)")),
                None if s.kind == AttributionKind::Continued => {
                    md.push_str(" (continues the quote before)")
                }
                None if s.kind == AttributionKind::ParagraphBefore => {
                    md.push_str(" (not named here: the paragraph before is about them)")
                }
                None => {}
            }
            md.push_str("\n\n");
        }
        None => md.push_str("**Quote** (speaker not named)\n\n"),
    }
    let mut links = t.corpus.quote_links(t.report.id, qi);
    sort_links(&mut links);
    if links.is_empty() {
        md.push_str("No other report in this corpus carries this quote.");
        return Some(md);
    }
    md.push_str(&format!(
        "Also in {} other report{}:\n",
        links.len(),
        if links.len() == 1 { "" } else { "s" }
    ));
    let syms = t.corpus.symbols();
    for l in links.iter().take(8) {
        let rel = t.corpus.relative(&l.path);
        let other = t.corpus.get(&l.path).and_then(|r| r.facts());
        let dateline = other
            .and_then(|f| {
                let d = f.dateline.as_ref()?;
                // the agency by its one name (`ТАСС`, `/TASS/`: TASS)
                let agency = syms
                    .opt(d.agency)
                    .map(|a| crate::analysis::dateline::canonical_outlet(a).unwrap_or(a));
                // the date the list is ordered by (the publication date,
                // its year completed), else the dateline's own
                let date = l.date.as_ref().or(d.date.as_ref());
                Some(label_of(syms.opt(d.place), date, agency))
            })
            .unwrap_or_else(|| "no dateline".into());
        let line = l.points[0].line + 1;
        md.push_str(&format!(
            "\n- `{rel}`:{line} — {dateline} — match {:.2}",
            l.score
        ));
        if let Some(s) = &l.speaker {
            md.push_str(&format!(" — by {s}"));
        }
        // the other quote's full words, from its report's text
        let words = other.and_then(|f| {
            let oq = f.quotes.iter().find(|x| x.range.range() == l.range)?;
            f.quote_text(&t.corpus.source_of(&l.path)?.text, oq)
        });
        let diff = diff_markdown(&q.text, words.as_deref().unwrap_or(&l.excerpt));
        if diff.contains("~~") || diff.contains("**") {
            md.push_str(&format!("\n  > {diff}"));
        } else {
            md.push_str("\n  > same wording");
        }
    }
    if links.len() > 8 {
        md.push_str(&format!("\n\n…and {} more", links.len() - 8));
    }
    Some(md)
}

/// "quoted in N other reports" above every quote that has matches, and
/// "N copies" above the headline of a report that other reports copy or
/// that copies them (`near-duplicate`).
pub fn code_lenses(state: &State, uri: &Uri) -> Option<Vec<CodeLens>> {
    let enc = state.encoding();
    state.with_report(uri, |v| {
        let (corpus, report, t) = (v.corpus, v.report, &v.text);
        let tref = v.text_ref();
        let mut out = Vec::new();
        let copies = corpus.copies_for(report.id);
        if !copies.is_empty() {
            let start = corpus.analysis(&v.path).map_or(0, |a| a.top(&t.text).start);
            let range = tref.range(&(start..start), enc);
            let locations: Vec<Location> = copies
                .iter()
                .filter_map(|c| {
                    Some(Location {
                        uri: protocol::path_to_uri(&c.path)?,
                        range: Range::default(),
                    })
                })
                .collect();
            let n = copies.len();
            let title = format!("{n} cop{}", if n == 1 { "y" } else { "ies" });
            out.push(places_lens(uri, range, title, locations));
        }
        for (qi, q) in t.facts.quotes.iter().enumerate() {
            let mut links = corpus.quote_links(report.id, qi);
            if links.is_empty() {
                continue;
            }
            sort_links(&mut links);
            let range = tref.range(&(q.open.start..q.open.start), enc);
            let locations: Vec<Location> =
                links.iter().filter_map(|l| link_location(l, enc)).collect();
            let n = links.len();
            let title = format!("quoted in {n} other report{}", plural(n));
            out.push(places_lens(uri, range, title, locations));
        }
        Some(out)
    })
}

/// A lens at `range` titled `title` that lists `locations` (the editor's
/// "show references").
fn places_lens(uri: &Uri, range: Range, title: String, locations: Vec<Location>) -> CodeLens {
    CodeLens {
        range,
        command: Some(Command {
            title,
            command: SHOW_REFERENCES.into(),
            arguments: Some(vec![
                serde_json::json!(uri.as_str()),
                serde_json::to_value(range.start).unwrap_or_default(),
                serde_json::to_value(locations).unwrap_or_default(),
            ]),
        }),
        data: None,
    }
}

/// A hover on the headline: what is known of the report (byline,
/// publication date, outlet, language, copies), each with where it was read.
pub fn headline_hover(t: &Target<'_>) -> Option<String> {
    // only near the top: the whole analysis is not run for every hover
    if t.text.lines.line_of(t.offset.min(t.text.text.len())) > 60 {
        return None;
    }
    let analysis = t.corpus.analysis(&t.path)?;
    let h = analysis.headline(&t.text.text)?;
    if !(h.start <= t.offset && t.offset <= h.end) {
        return None;
    }
    let meta = &t.text.facts.meta;
    let mut md = format!("**Report** {}\n", t.corpus.relative(&t.path));
    let mut row = |label: &str, value: String| md.push_str(&format!("\n- {label}: {value}"));
    if let Some((_, names)) = &meta.byline {
        row("By", names.clone());
    }
    let published = t
        .corpus
        .publication_date(&t.path, meta.published_date().as_ref());
    match published {
        Some((d, source)) => {
            use crate::analysis::metadata::DateSource;
            let from = match (source, &meta.published) {
                (DateSource::Page, Some((_, DateSource::Page, r))) => {
                    format!("from the page: “{}”", short(&t.text.text[r.clone()], 40))
                }
                (DateSource::FileName, _) => "from the file name".to_string(),
                (DateSource::Dateline, Some((x, s, _)))
                    if d.year.is_some()
                        && (x.year.is_none() || *s == DateSource::DatelineYearInferred) =>
                {
                    "from the dateline, the year from the file name".to_string()
                }
                (DateSource::DatelineYearInferred, _) => {
                    "from the dateline, the year from the text's other dates".to_string()
                }
                _ => "from the dateline".to_string(),
            };
            row("Published", format!("{} ({from})", date_text(&d)));
        }
        None => row(
            "Published",
            "no date in the dateline, the page or the file name".into(),
        ),
    }
    let outlet = t
        .report
        .facts()
        .and_then(|f| t.corpus.outlet(&t.path, &f.meta));
    if let Some((name, source)) = outlet {
        let from = match source {
            crate::analysis::metadata::OutletSource::Dateline => "the dateline's agency",
            crate::analysis::metadata::OutletSource::Page => "the page's rights notice",
            crate::analysis::metadata::OutletSource::Folder => "the folder it is filed in",
        };
        row("Outlet", format!("{name} ({from})"));
    }
    row(
        "Language",
        meta.language
            .map_or("too little text to tell".to_string(), |l| {
                l.eng_name().to_string()
            }),
    );
    let copies = t.corpus.copies_for(t.report.id);
    if !copies.is_empty() {
        let names: Vec<String> = copies.iter().take(3).map(|c| c.name.clone()).collect();
        let more = copies.len().saturating_sub(3);
        row(
            "Copies",
            format!(
                "{}{}",
                names.join(", "),
                if more > 0 {
                    format!(" and {more} more")
                } else {
                    String::new()
                }
            ),
        );
    }
    Some(md)
}

/// The report's outline: headline, dateline, quotes with their speakers, then
/// the actors (once each, at their first mention) and the events.
#[allow(deprecated)]
pub fn document_symbols(state: &State, uri: &Uri) -> Option<Vec<DocumentSymbol>> {
    let enc = state.encoding();
    state.with_report(uri, |v| {
        let t = &v.text;
        let analysis = v.corpus.analysis(&v.path)?;
        let tref = v.text_ref();
        let symbol = |name: String,
                      detail: Option<String>,
                      kind: SymbolKind,
                      r: std::ops::Range<usize>| DocumentSymbol {
            name,
            detail,
            kind,
            tags: None,
            deprecated: None,
            range: tref.range(&r, enc),
            selection_range: tref.range(&r, enc),
            children: None,
        };
        let mut out = Vec::new();
        if let Some(r) = analysis.headline(&t.text) {
            // the headline with what is known of the report beside it:
            // "headline · January 14, 2022 · RIA Novosti · English"
            let mut detail = vec!["headline".to_string()];
            let meta = &t.facts.meta;
            let published = v
                .corpus
                .publication_date(&v.path, meta.published_date().as_ref());
            detail.extend(published.map(|(d, _)| date_text(&d)));
            let outlet = v
                .report
                .facts()
                .and_then(|f| v.corpus.outlet(&v.path, &f.meta));
            detail.extend(outlet.map(|o| o.0));
            detail.extend(meta.language.map(|l| l.eng_name().to_string()));
            out.push(symbol(
                short(&t.text[r.clone()], 80),
                Some(detail.join(" · ")),
                SymbolKind::FILE,
                r,
            ));
        }
        if let Some(d) = analysis.dateline() {
            out.push(symbol(
                dateline_label(d, false),
                d.agency.clone(),
                SymbolKind::EVENT,
                d.range.clone(),
            ));
        }
        for q in &t.facts.quotes {
            let name = format!("“{}”", short(&q.text, 60));
            let r = q.open.start..q.range.end;
            out.push(symbol(
                name,
                q.speaker.as_ref().map(|s| s.name.clone()),
                SymbolKind::STRING,
                r,
            ));
        }
        // actors, once each at their first mention (role phrases are not names)
        let mut seen = std::collections::HashSet::new();
        for m in t.facts.mentions.iter().filter(|m| !m.from_role) {
            if seen.insert(m.key.clone()) {
                let name = m.full.clone().unwrap_or_else(|| m.text.clone());
                out.push(symbol(
                    name,
                    Some(m.kind.as_str().into()),
                    symbol_kind(m.kind),
                    m.range.clone(),
                ));
            }
        }
        for e in &t.facts.events {
            let detail = match e.date.as_ref().and_then(|d| d.iso()) {
                Some(iso) => format!("{}, {iso}", e.event_type),
                None => e.event_type.clone(),
            };
            out.push(symbol(
                short(&e.label, 80),
                Some(detail),
                SymbolKind::EVENT,
                e.range.clone(),
            ));
        }
        Some(out)
    })
}

/// Hover text for an actor or event under the cursor.
pub fn entity_hover(t: &Target<'_>) -> Option<String> {
    let facts = &t.text.facts;
    if let Some(e) = facts.event_at(t.offset) {
        return event_hover(t, e);
    }
    // a place, date or participant that an event of the sentence holds
    let anchored = facts.events.iter().find(|e| {
        e.anchors
            .iter()
            .any(|r| r.start <= t.offset && t.offset <= r.end)
    });
    let Some(m) = facts.mention_at(t.offset) else {
        return anchored.and_then(|e| event_hover(t, e));
    };
    let mut md = mention_hover(t, m)?;
    if let Some(e) = anchored {
        let label = event_label(t, e);
        md.push_str(&format!(
            "\n\n**Event in this sentence:** {label} ({})",
            e.event_type
        ));
    }
    Some(md)
}

/// The label of an event from what every report of it says (the report's own
/// label when the corpus does not know it yet).
fn event_label(t: &Target<'_>, e: &crate::analysis::actors::events::EventMention) -> String {
    let corpus = t.corpus;
    let facts_of = |r| corpus.facts_of(r);
    corpus
        .entities()
        .entity_of(corpus.symbols(), &e.key, &facts_of)
        .map_or_else(|| e.label.clone(), |s| s.name)
}

/// Hover text for an actor: its card from the registry and the corpus.
fn mention_hover(t: &Target<'_>, m: &crate::analysis::actors::Mention) -> Option<String> {
    let index = t.corpus.entities();
    let corpus = t.corpus;
    let facts_of = |r| corpus.facts_of(r);
    let summary = index.entity_of(corpus.symbols(), &m.key, &facts_of)?;
    let entry = t
        .corpus
        .registry()
        .lookup(&m.key)
        .or_else(|| t.corpus.registry().lookup_name(&summary.name));
    let name = entry.map_or(summary.name.clone(), |e| e.name.clone());
    let mut md = format!("**{name}** — {}", summary.kind.as_str());
    if let Some(e) = entry {
        if !e.description.is_empty() {
            md.push_str(&format!("\n\n{}", e.description));
        }
        if let Some(q) = &e.wikidata {
            md.push_str(&format!(
                " ([Wikidata {q}](https://www.wikidata.org/wiki/{q}))"
            ));
        }
    }
    md.push_str(&roles_and_names(&summary));
    md.push_str(&where_mentioned(t, &m.key, &summary));
    if summary.kind == crate::analysis::actors::MentionKind::Person {
        md.push_str(&their_quotes(t, &m.key, &summary));
    }
    Some(md)
}

/// The roles an actor has in the corpus and the other ways their name is
/// written.
fn roles_and_names(summary: &EntitySummary) -> String {
    let mut md = String::new();
    if !summary.roles.is_empty() {
        let roles: Vec<String> = summary
            .roles
            .iter()
            .take(4)
            .map(|(r, n)| format!("{r} ({n})"))
            .collect();
        md.push_str(&format!(
            "\n\n**Roles in the corpus:** {}",
            roles.join(", ")
        ));
    }
    if summary.aliases.len() > 1 {
        let names: Vec<String> = summary
            .aliases
            .iter()
            .take(6)
            .map(|(a, _)| a.clone())
            .collect();
        md.push_str(&format!("\n\n**Also written:** {}", names.join(", ")));
    }
    md
}

/// "Mentioned in 12 reports, 3 January 2022 – 14 January 2022:" and the first
/// five of them, each with the line of its first mention.
fn where_mentioned(t: &Target<'_>, key: &str, summary: &EntitySummary) -> String {
    let corpus = t.corpus;
    let mut md = String::new();
    let n = summary.reports.len();
    md.push_str(&format!(
        "\n\n**Mentioned in {n} report{}**",
        if n == 1 { "" } else { "s" }
    ));
    let dates: Vec<PartialDate> = summary
        .reports
        .iter()
        .filter_map(|&r| t.corpus.facts_of(r)?.date.clone())
        .collect();
    if let (Some(first), Some(last)) = (
        dates.iter().min_by_key(|d| order_key(Some(*d))),
        dates.iter().max_by_key(|d| order_key(Some(*d))),
    ) {
        if order_key(Some(first)) == order_key(Some(last)) {
            md.push_str(&format!(", {}", date_text(first)));
        } else {
            md.push_str(&format!(", {} – {}", date_text(first), date_text(last)));
        }
    }
    md.push(':');
    let key = corpus.symbols().get(key);
    for &r in summary.reports.iter().take(5) {
        let Some(rep) = t.corpus.by_id(r) else {
            continue;
        };
        let line = rep
            .facts()
            .and_then(|f| {
                let first = f
                    .mention_iter()
                    .filter(|x| Some(x.key) == key)
                    .min_by_key(|x| x.span.start)?;
                let src = corpus.source(r).ok()?;
                Some(src.lines.line_of(first.span.start as usize) + 1)
            })
            .unwrap_or(1);
        md.push_str(&format!("\n- `{}`:{line}", t.corpus.relative(&rep.path)));
    }
    if n > 5 {
        md.push_str(&format!("\n- …and {} more", n - 5));
    }
    md
}

/// A person's quotes in the corpus (the first four), for the hover.
fn their_quotes(t: &Target<'_>, key: &str, summary: &EntitySummary) -> String {
    let mut md = String::new();
    let quotes = person_quotes(t.corpus, key, &summary.reports, 4);
    if !quotes.is_empty() {
        md.push_str("\n\n**Quotes:**");
        for (rel, q) in quotes.iter().take(4) {
            md.push_str(&format!("\n- “{}” (`{rel}`)", short(q, 90)));
        }
        let total = summary.quote_count.max(quotes.len());
        if total > 4 {
            md.push_str(&format!("\n- …and {} more", total - 4));
        }
    }
    md
}

/// The first `limit` quotes attributed to the person with this key, in the given
/// reports.
fn person_quotes(
    corpus: &Corpus,
    key: &str,
    reports: &[u32],
    limit: usize,
) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let Some(key) = corpus.symbols().get(key) else {
        return out;
    };
    for &r in reports {
        let Some(rep) = corpus.by_id(r) else { continue };
        let Some(f) = rep.facts() else {
            continue;
        };
        for q in f.quotes.iter() {
            if q.linkable && q.speaker.is_some_and(|s| s.key == key) {
                out.push((corpus.relative(&rep.path), f.excerpt(q).to_string()));
                if out.len() >= limit {
                    return out;
                }
            }
        }
    }
    out
}

fn event_hover(
    t: &Target<'_>,
    e: &crate::analysis::actors::events::EventMention,
) -> Option<String> {
    let index = t.corpus.entities();
    let corpus = t.corpus;
    let facts_of = |r| corpus.facts_of(r);
    let summary = index.entity_of(corpus.symbols(), &e.key, &facts_of);
    let label = summary
        .as_ref()
        .map_or(e.label.as_str(), |s| s.name.as_str());
    let mut md = format!("**{}** — event ({})", short(label, 120), e.event_type);
    if !e.text.is_empty() && !label.contains(&*e.text) {
        md.push_str(&format!("\n\nWritten here as “{}”.", short(&e.text, 80)));
    }
    let date = summary
        .as_ref()
        .and_then(|s| s.date.clone())
        .or_else(|| e.date.clone());
    match &date {
        Some(d) if !d.is_placed() => md.push_str(&format!(
            "\n\n**When:** “{}” — which day that is needs the report's year, which neither \
             the report nor the corpus gives",
            d.phrase
        )),
        Some(d) => {
            md.push_str(&format!("\n\n**When:** {}", event_date_text(d)));
            if !d.phrase.is_empty() {
                md.push_str(&format!(" (from “{}”", d.phrase));
                match d.year_known_from.as_deref() {
                    Some("corpus") => md.push_str("; the year from other reports"),
                    Some("text") => md.push_str("; the year from the report's text"),
                    _ => {}
                }
                md.push(')');
            }
            if d.year.is_none() {
                md.push_str(if d.day.is_none() && d.month > 0 {
                    " — the day needs the year, which neither this report nor the corpus gives"
                } else {
                    " — the year is not known"
                });
            }
        }
        None => md.push_str("\n\n**When:** not stated"),
    }
    let place = summary
        .as_ref()
        .and_then(|s| s.place.clone())
        .or_else(|| e.place.clone());
    if let Some(p) = place {
        md.push_str(&format!("\n\n**Where:** {p}"));
    }
    let participants = summary
        .as_ref()
        .map(|s| s.participants.clone())
        .filter(|p| !p.is_empty())
        .unwrap_or_else(|| e.participants.clone());
    if !participants.is_empty() {
        md.push_str(&format!("\n\n**Who:** {}", participants.join(", ")));
    }
    if let Some(s) = &summary {
        let n = s.reports.len();
        md.push_str(&format!(
            "\n\n**Reported in {n} report{}:**",
            if n == 1 { "" } else { "s" }
        ));
        for &r in s.reports.iter().take(5) {
            if let Some(rep) = t.corpus.by_id(r) {
                md.push_str(&format!("\n- `{}`", t.corpus.relative(&rep.path)));
            }
        }
    }
    Some(md)
}

/// "Wednesday, January 12, 2022", "January 9–10, 2022", "January (year unknown)".
fn event_date_text(d: &crate::analysis::actors::events::ResolvedDate) -> String {
    let month = MONTH_NAMES
        .get(usize::from(d.month).wrapping_sub(1))
        .copied();
    let mut s = match (month, d.day) {
        (None, _) => String::new(),
        (Some(m), None) => m.to_string(),
        (Some(m), Some(day)) => match d.day_end {
            Some(end) => format!("{m} {day}–{end}"),
            None => format!("{m} {day}"),
        },
    };
    if let (Some(y), Some(day), None) = (d.year, d.day, d.day_end) {
        if let Some(w) = weekday(y, d.month, day) {
            s = format!("{w}, {s}");
        }
    }
    match d.year {
        Some(y) if s.is_empty() => y.to_string(),
        Some(y) => format!("{s}, {y}"),
        None if s.is_empty() => "unknown".into(),
        None => s,
    }
}

/// Day of the week of a Gregorian date.
fn weekday(y: i32, m: u8, d: u8) -> Option<&'static str> {
    use crate::analysis::text::dates::{days_from_civil, weekday_of, WEEKDAY_NAMES};
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    let days = days_from_civil(y, u32::from(m), u32::from(d));
    Some(WEEKDAY_NAMES[usize::from(weekday_of(days))])
}

/// Every mention of the actor or event under the cursor, across the corpus.
/// The most places "references of a name" answers with. The protocol
/// library builds the whole answer as JSON values before writing it (about
/// 1.5 KB a place), so a name of every report (27,566 places at 100,000
/// reports) would cost 40 MiB for a moment; nobody reads that many lines, and
/// the hover tells how many reports name it.
pub const MAX_REFERENCE_PLACES: usize = 5_000;

/// The places that name the actor or event under the cursor (at most
/// [`MAX_REFERENCE_PLACES`], in corpus order), and when there are more, a
/// message that says so.
pub fn entity_references(
    state: &State,
    uri: &Uri,
    pos: Position,
) -> Option<(Vec<Location>, Option<String>)> {
    let enc = state.encoding();
    with_target(state, uri, pos, |t| {
        let facts = &t.text.facts;
        let (key, name) = match facts.event_at(t.offset) {
            Some(e) => (e.key.clone(), e.text.clone()),
            None => {
                let m = facts.mention_at(t.offset)?;
                (m.key.clone(), t.text.text[m.range.clone()].to_string())
            }
        };
        let corpus = t.corpus;
        let facts_of = |r| corpus.facts_of(r);
        let mut places = corpus
            .entities()
            .mentions_of(corpus.symbols(), &key, &facts_of);
        let note = (places.len() > MAX_REFERENCE_PLACES).then(|| {
            let reports = places.chunk_by(|a, b| a.0 == b.0).count();
            format!(
                "newsdesk: “{name}” is named in {} places of {} reports; the list holds the first {} (in corpus order).",
                crate::analysis::text::thousands(places.len()),
                crate::analysis::text::thousands(reports),
                crate::analysis::text::thousands(MAX_REFERENCE_PLACES)
            )
        });
        places.truncate(MAX_REFERENCE_PLACES);
        // one read of each carrier's text for all its places; the carriers split
        // across the cores (scoped threads: the corpus's read lock is held)
        let groups: Vec<&[(ReportId, std::ops::Range<usize>)]> =
            places.chunk_by(|a, b| a.0 == b.0).collect();
        let convert = |part: &[&[(ReportId, std::ops::Range<usize>)]]| -> Vec<Location> {
            let mut out = Vec::new();
            for g in part {
                let id = g[0].0;
                let Some(rep) = corpus.by_id(id) else {
                    continue;
                };
                let Some(uri) = protocol::path_to_uri(&rep.path) else {
                    continue;
                };
                let Ok(src) = corpus.source(id) else {
                    continue;
                };
                let text = src.text_ref();
                out.extend(g.iter().map(|(_, range)| Location {
                    uri: uri.clone(),
                    range: text.range(range, enc),
                }));
            }
            out
        };
        Some((split_across_cores(&groups, 256, convert), note))
    })
}

/// `f` over `items` in parts of at least `min_part`, the parts on scoped threads
/// (one per core, at most four), their outputs concatenated in order. For work
/// done under the corpus's read lock, where waiting on the rayon pool could
/// deadlock with pool workers that wait for the write lock.
fn split_across_cores<'a, T: Sync, U: Send>(
    items: &'a [T],
    min_part: usize,
    f: impl Fn(&'a [T]) -> Vec<U> + Sync,
) -> Vec<U> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
    let part = items.len().div_ceil(cores).max(min_part).max(1);
    if items.len() <= part {
        return f(items);
    }
    let f = &f;
    std::thread::scope(|sc| {
        let mut parts = items.chunks(part);
        let first = parts.next().unwrap_or_default();
        let others: Vec<_> = parts.map(|p| sc.spawn(move || f(p))).collect();
        let mut all = f(first);
        for h in others {
            all.extend(h.join().unwrap_or_default());
        }
        all
    })
}

/// `workspace/symbol`: actors, events and quotes whose name matches `query`.
pub fn workspace_symbols(state: &State, query: &str) -> Vec<SymbolInformation> {
    let enc = state.encoding();
    let mut out = Vec::new();
    let q = query.to_lowercase();
    for ws in state.all_workspaces() {
        let corpus = ws.corpus.read();
        let syms = corpus.symbols();
        for s in corpus.entities().search(syms, query, 100) {
            if let Some(symbol) = entity_symbol(&corpus, &s, enc) {
                out.push(symbol);
            }
        }
        if q.len() >= 3 {
            out.extend(headline_symbols(&corpus, &q, enc));
            for hit in quote_hits(&corpus, &q) {
                let Some(symbol) = quote_symbol(&corpus, hit, enc) else {
                    continue;
                };
                out.push(symbol);
                if out.len() > 500 {
                    return out;
                }
            }
        }
    }
    out
}

/// Reports whose headline holds the lower-cased query `q` (at most 100, in
/// corpus order), as file symbols named by their headline, the outlet and
/// date beside it.
#[allow(deprecated)]
fn headline_symbols(corpus: &Corpus, q: &str, enc: Encoding) -> Vec<SymbolInformation> {
    let folded = Folded::new(q);
    let mut out = Vec::new();
    for rep in corpus.report_slots().iter().flatten() {
        let Some(f) = rep.facts() else { continue };
        let (Some([a, b]), headline) = (f.meta.headline_at, &f.meta.headline) else {
            continue;
        };
        if folded.starts_in(headline).next().is_none() {
            continue;
        }
        let Some(uri) = protocol::path_to_uri(&rep.path) else {
            continue;
        };
        let mut container = vec![corpus.relative(&rep.path)];
        container.extend(corpus.outlet(&rep.path, &f.meta).map(|o| o.0));
        container.extend(corpus.published_on(&rep.path, f).map(|d| date_text(&d)));
        out.push(SymbolInformation {
            name: headline.to_string(),
            kind: SymbolKind::FILE,
            tags: None,
            deprecated: None,
            location: Location {
                uri,
                range: Range {
                    start: protocol::pos(a.pos(enc)),
                    end: protocol::pos(b.pos(enc)),
                },
            },
            container_name: Some(container.join(" · ")),
        });
        if out.len() >= 100 {
            break;
        }
    }
    out
}

/// The symbol of an actor or event: its first mention in the first report
/// that mentions it, with its kind and how many reports name it.
#[allow(deprecated)]
fn entity_symbol(corpus: &Corpus, s: &EntitySummary, enc: Encoding) -> Option<SymbolInformation> {
    let syms = corpus.symbols();
    let &r = s.reports.first()?;
    let key = syms.get(&s.key)?;
    let f = corpus.facts_of(r)?;
    let range = f
        .mention_iter()
        .filter(|m| m.key == key)
        .map(|m| m.span)
        .chain(f.events.iter().filter(|e| e.key == key).map(|e| e.span))
        .min_by_key(|sp| (sp.start, sp.end))
        .map(|sp| sp.range())?;
    let rep = corpus.by_id(r)?;
    let loc = location(corpus, &rep.path, &range, enc)?;
    Some(SymbolInformation {
        name: s.name.clone(),
        kind: symbol_kind(s.kind),
        tags: None,
        deprecated: None,
        location: loc,
        container_name: Some(format!(
            "{}, {} report{}",
            s.kind.as_str(),
            s.reports.len(),
            if s.reports.len() == 1 { "" } else { "s" }
        )),
    })
}

/// Quotes whose first words hold the lower-cased query `q`, in corpus order,
/// at most 501: chunks of the corpus in order, each split across the cores,
/// until more than 500 are found. Scoped threads rather than the rayon pool:
/// this scan holds the corpus's read lock, and pool workers may be waiting for
/// that lock (bulk findings), which could deadlock.
fn quote_hits<'a>(corpus: &'a Corpus, q: &str) -> Vec<Hit<'a>> {
    let mut hits: Vec<Hit> = Vec::new();
    let folded = Folded::new(q);
    let folded = &folded;
    for chunk in corpus.report_slots().chunks(QUOTE_SCAN_CHUNK) {
        let found = split_across_cores(chunk, 1, |part| quotes_matching(part, folded));
        hits.extend(found);
        if hits.len() > 500 {
            break;
        }
    }
    let order = |a: &Hit, b: &Hit| (a.0, a.2.range.start).cmp(&(b.0, b.2.range.start));
    if hits.len() > 501 {
        hits.select_nth_unstable_by(501, order);
        hits.truncate(501);
    }
    hits.sort_by(order);
    hits
}

/// The symbol of a quote: its first words, where it stands, and its speaker.
#[allow(deprecated)]
fn quote_symbol(corpus: &Corpus, hit: Hit, enc: Encoding) -> Option<SymbolInformation> {
    let (path, f, quote) = hit;
    let uri = protocol::path_to_uri(path)?;
    Some(SymbolInformation {
        name: format!("“{}”", short(f.excerpt(quote), 70)),
        kind: SymbolKind::STRING,
        tags: None,
        deprecated: None,
        location: Location {
            uri,
            range: Range {
                start: protocol::pos(quote.points[0].pos(enc)),
                end: protocol::pos(quote.points[1].pos(enc)),
            },
        },
        container_name: quote
            .speaker
            .map(|s| corpus.symbols().name(s.name).to_string()),
    })
}

/// A quote found by a workspace-symbol search: its report's path and facts.
type Hit<'a> = (&'a Path, &'a ReportFacts, &'a QuoteFacts);

/// The linkable quotes of `reports` whose excerpt holds `q`. Each report's
/// excerpts are searched as one buffer, so a report without a match costs one
/// search and no visit of its quotes.
fn quotes_matching<'a>(reports: &'a [Option<Report>], q: &Folded) -> Vec<Hit<'a>> {
    let mut v = Vec::new();
    for rep in reports.iter().flatten() {
        let Some(f) = rep.facts() else { continue };
        if !q.may_be_in(&f.excerpts.pairs) {
            continue; // without reading the excerpts
        }
        let mut next = 0; // the first quote not yet taken or passed
        for at in q.starts_in(&f.excerpts.text) {
            // the quote whose excerpt holds `at` (excerpts are in quote order)
            let qi = f.quotes.partition_point(|x| (x.excerpt.end as usize) < at);
            if qi < next {
                continue;
            }
            next = qi + 1;
            if let Some(quote) = f.quotes.get(qi) {
                if quote.linkable && (quote.excerpt.start as usize) <= at {
                    v.push((rep.path.as_path(), &**f, quote));
                }
            }
        }
    }
    v
}

/// Reports scanned together for quotes matching a workspace-symbol query: large
/// enough to keep both cores busy, small enough that a query with many hits stops
/// early (the hits are the same whatever the number of cores).
const QUOTE_SCAN_CHUNK: usize = 16_384;

/// A case-insensitive substring search, prepared once per query: ASCII queries
/// by an ASCII-case-insensitive automaton (ASCII bytes never occur inside a
/// multi-byte UTF-8 character, so any text may be searched), others by a
/// case-insensitive literal regex (Unicode simple case folding).
pub(crate) enum Folded {
    /// A needle too large to search for: matches nothing.
    Never,
    /// The automaton, and the sketch of the needle's byte pairs.
    Ascii(aho_corasick::AhoCorasick, PairSketch),
    Unicode(regex::Regex),
}

impl Folded {
    pub(crate) fn new(needle: &str) -> Folded {
        if needle.is_ascii() {
            if let Ok(ac) = aho_corasick::AhoCorasick::builder()
                .ascii_case_insensitive(true)
                .build([needle])
            {
                return Folded::Ascii(ac, PairSketch::of(needle));
            }
        }
        match regex::RegexBuilder::new(&regex::escape(needle))
            .case_insensitive(true)
            .build()
        {
            Ok(re) => Folded::Unicode(re),
            // (an escaped literal always compiles; size limits aside)
            Err(_) => Folded::Never,
        }
    }

    /// Whether a text with this sketch may hold a match (an ASCII needle is
    /// matched ignoring ASCII case only, so its byte pairs, ASCII lower-cased,
    /// are all in any text that holds it; other needles are not judged).
    pub(crate) fn may_be_in(&self, sketch: &PairSketch) -> bool {
        match self {
            Folded::Never => false,
            Folded::Ascii(_, needle) => sketch.may_hold(needle),
            Folded::Unicode(_) => true,
        }
    }

    /// Where the matches in `hay` start (non-overlapping, left to right; every
    /// offset for an empty needle).
    pub(crate) fn starts_in<'h>(&'h self, hay: &'h str) -> Box<dyn Iterator<Item = usize> + 'h> {
        match self {
            Folded::Never => Box::new(std::iter::empty()),
            Folded::Ascii(ac, _) => Box::new(ac.find_iter(hay).map(|m| m.start())),
            Folded::Unicode(re) => Box::new(re.find_iter(hay).map(|m| m.start())),
        }
    }
}

/// Whether `hay` holds `needle`, ignoring case.
#[cfg(test)]
fn contains_folded(hay: &str, needle: &str) -> bool {
    // as the workspace-symbol scan searches: the sketch first
    let f = Folded::new(needle);
    f.may_be_in(&PairSketch::of(hay)) && f.starts_in(hay).next().is_some()
}

fn symbol_kind(k: crate::analysis::actors::MentionKind) -> SymbolKind {
    use crate::analysis::actors::MentionKind as K;
    match k {
        K::Person => SymbolKind::OBJECT,
        K::Organization => SymbolKind::STRUCT,
        K::Place => SymbolKind::NAMESPACE,
        K::Event => SymbolKind::EVENT,
        K::Other => SymbolKind::CONSTANT,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn folded_search_ignores_case_in_any_script() {
        use super::contains_folded as has;
        assert!(has("an agreement with NATO was", "nato"));
        assert!(has("Nato", "nato"));
        assert!(!has("NAT O", "nato"));
        // non-ASCII text around an ASCII query
        assert!(has("«Соглашение с NATO» — 👍", "nato"));
        assert!(has("Сергей ЛАВРОВ сказал", "лавров"));
        assert!(!has("Lavrov", "лавров"));
        assert!(has("ЛАВРОВ", "Лавров"));
        assert!(has("anything", ""));
        assert!(!has("", "a"));
        assert!(has("", ""));
        assert!(has("aaaab", "aab"));
        assert!(has("the Minister of MINISTERS said", "ministers"));
        assert!(!has("the minister said", "ministers"));
        assert!(has("@", "@") && !has("`", "@"));
    }

    proptest::proptest! {
        #[test]
        fn ascii_search_agrees_with_lower_casing(
            hay in "[aAbB@` -]{0,90}",
            needle in "[aAbB@` -]{1,5}",
        ) {
            let expected = hay.to_ascii_lowercase().contains(&needle.to_ascii_lowercase());
            proptest::prop_assert_eq!(super::contains_folded(&hay, &needle), expected);
        }
    }

    #[test]
    fn diff_marks_changed_words() {
        let d = super::diff_markdown(
            "NATO refuses to consider our proposals to relieve tension and prevent dangerous incidents",
            "NATO refuses to consider our proposals to defuse tensions and prevent dangerous incidents",
        );
        assert!(
            d.contains("~~relieve tension~~ → **defuse tensions**"),
            "{d}"
        );
    }
}
