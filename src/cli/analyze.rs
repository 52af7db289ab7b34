//! `newsdesk analyze`: what the analysis knows about each report and the corpus,
//! as JSON for other tools. Ranges are LSP ranges (0-based, UTF-16 columns).

use super::load::{display, targets};
use crate::analysis::lines::Encoding;
use crate::protocol::TextRef;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

pub fn run(config: Option<&Path>, paths: &[PathBuf], use_cache: bool) -> i32 {
    let targets = match targets(config, paths, use_cache) {
        Ok(t) => t,
        Err(code) => return code,
    };
    let mut reports = Vec::new();
    let mut links = Vec::new();
    let mut passages = Vec::new();
    let mut entities = Vec::new();
    let mut copies = Vec::new();
    for t in &targets {
        for path in &t.selected {
            if let Some(r) = report_json(&t.corpus, path) {
                reports.push(r);
            }
        }
        links.extend(quote_links_json(&t.corpus, &t.selected));
        passages.extend(passage_links_json(&t.corpus, &t.selected));
        entities.extend(entities_json(&t.corpus));
        copies.extend(copies_json(&t.corpus, &t.selected));
    }
    let out = json!({
        "reports": reports,
        "quote_links": links,
        "passage_links": passages,
        "entities": entities,
        "copies": copies,
        "corpora": targets.iter().map(|t| json!({
            "root": display(t.corpus.root()),
            "report_count": t.corpus.len(),
        })).collect::<Vec<_>>(),
    });
    println!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
    0
}

/// The id of quote `n` of a report: its path relative to the corpus, `#q`, `n`.
fn quote_id(corpus: &crate::corpus::Corpus, path: &Path, n: usize) -> String {
    format!("{}#q{n}", corpus.relative(path))
}

/// Undirected links between the quotes of the selected reports (each pair once).
pub fn quote_links_json(corpus: &crate::corpus::Corpus, selected: &[PathBuf]) -> Vec<Value> {
    let mut seen = std::collections::BTreeSet::new();
    let mut out = Vec::new();
    for path in selected {
        let Some(r) = corpus.get(path) else { continue };
        if r.facts().is_none() {
            continue;
        }
        for (qi, links) in corpus.report_quote_links(r.id).into_iter().enumerate() {
            for l in links {
                let Some(other) = corpus.get(&l.path).and_then(|o| o.facts()) else {
                    continue;
                };
                let Some(oj) = other.quotes.iter().position(|q| q.range.range() == l.range) else {
                    continue;
                };
                let a = quote_id(corpus, path, qi);
                let b = quote_id(corpus, &l.path, oj);
                let key = if a <= b {
                    (a.clone(), b.clone())
                } else {
                    (b.clone(), a.clone())
                };
                if seen.insert(key) {
                    out.push(json!({"from": a, "to": b, "score": (f64::from(l.score) * 1000.0).round() / 1000.0}));
                }
            }
        }
    }
    out
}

/// The id of narrative sentence `n` of a report (see `passages.rs`).
fn sentence_id(corpus: &crate::corpus::Corpus, path: &Path, n: usize) -> String {
    format!("{}#s{n}", corpus.relative(path))
}

/// Sentences that other reports carry word for word: each report carrying a
/// sentence links it to the first carrier (the report the corpus numbers
/// first), the sentence's first occurrence at both ends. Each carrier gives
/// one link, so a sentence in many reports never gives their pairs.
pub fn passage_links_json(corpus: &crate::corpus::Corpus, selected: &[PathBuf]) -> Vec<Value> {
    let mut out = Vec::new();
    for path in selected {
        let Some(r) = corpus.get(path) else { continue };
        let Some(f) = r.facts() else { continue };
        let mut seen = std::collections::HashSet::new();
        for (i, s) in f.sentences.iter().enumerate() {
            let hash = s.hash();
            if !seen.insert(hash) {
                continue;
            }
            let Some(&head) = corpus.sentence_carriers(hash).iter().min() else {
                continue;
            };
            if head == r.id {
                continue;
            }
            let Some(h) = corpus.by_id(head) else {
                continue;
            };
            let Some(j) = h
                .facts()
                .and_then(|hf| hf.sentences.iter().position(|x| x.hash() == hash))
            else {
                continue;
            };
            out.push(json!({
                "from": sentence_id(corpus, path, i),
                "to": sentence_id(corpus, &h.path, j),
            }));
        }
    }
    out
}

/// The groups of copies that hold a selected report: each the earliest report
/// first, every other with its resemblance to the earliest (under the
/// threshold for a copy of a copy) and whether it is the earliest's body word
/// for word.
pub fn copies_json(corpus: &crate::corpus::Corpus, selected: &[PathBuf]) -> Vec<Value> {
    corpus
        .copy_groups_holding(selected)
        .into_iter()
        .map(|g| {
            let first = g[0];
            let name = |r| corpus.by_id(r).map(|r| corpus.relative(&r.path));
            let copies: Vec<Value> = g[1..]
                .iter()
                .map(|&r| {
                    let x = corpus.resemblance(first, r);
                    json!({
                        "report": name(r),
                        "resemblance": x.map(|x| (f64::from(x.0) * 1000.0).round() / 1000.0),
                        "exact": x.is_some_and(|x| x.1),
                    })
                })
                .collect();
            json!({"first": name(first), "copies": copies})
        })
        .collect()
}

/// Every actor and event of the corpus, with the registry's description.
pub fn entities_json(corpus: &crate::corpus::Corpus) -> Vec<Value> {
    let index = corpus.entities();
    let syms = corpus.symbols();
    let facts = |r| corpus.facts_of(r);
    let mut keys: Vec<&str> = index.keys(syms);
    keys.sort_unstable();
    keys.into_iter()
        .filter_map(|k| {
            let s = index.entity_of(syms, k, &facts)?;
            let entry = corpus
                .registry()
                .lookup(k)
                .or_else(|| corpus.registry().lookup_name(&s.name));
            Some(json!({
                "id": k,
                "name": entry.map_or(s.name.clone(), |e| e.name.clone()),
                "kind": s.kind.as_str(),
                "aliases": s.aliases.iter().map(|(a, _)| a.clone()).collect::<Vec<_>>(),
                "description": entry.map(|e| e.description.clone()),
                "wikidata": entry.and_then(|e| e.wikidata.clone()),
                "reports": s.reports.len(),
                "date": s.date.as_ref().and_then(|d| d.iso()),
                "place": s.place,
            }))
        })
        .collect()
}

/// One report as JSON: its path, and either what the analysis found in it or
/// why it was not analysed (None when the corpus has no analysis of it).
fn report_json(corpus: &crate::corpus::Corpus, path: &Path) -> Option<Value> {
    let report = corpus.get(path)?;
    let mut obj = serde_json::Map::new();
    obj.insert("path".into(), json!(display(path)));
    let full = match &report.state {
        crate::corpus::ReportState::Problem(p) => Err(p.to_string()),
        crate::corpus::ReportState::Facts(_) => corpus
            .full(path)
            .ok_or_else(|| "the file is gone or cannot be read".to_string()),
    };
    match full {
        Err(p) => {
            obj.insert("analysed".into(), json!(false));
            obj.insert("problem".into(), json!(p));
        }
        Ok(t) => {
            obj.insert("analysed".into(), json!(true));
            obj.insert("lines".into(), json!(t.lines.line_count()));
            let a = corpus.analysis_of(path, &t)?;
            let tref = TextRef {
                text: &t.text,
                lines: &t.lines,
            };
            obj.insert(
                "metadata".into(),
                metadata_json(corpus, path, &t, &a, &tref),
            );
            obj.insert("dateline".into(), dateline_json(&a, &tref));
            obj.insert("boilerplate".into(), boilerplate_json(&a, &tref));
            obj.insert("mentions".into(), mentions_json(&t, &tref));
            obj.insert("quotes".into(), quotes_json(corpus, path, &t, &tref));
        }
    }
    Some(Value::Object(obj))
}

/// An LSP range (UTF-16 columns) of the byte range `r` of a text.
fn lsp_range(tref: &TextRef, r: &std::ops::Range<usize>) -> tower_lsp_server::ls_types::Range {
    tref.range(r, Encoding::Utf16)
}

/// The report's headline, byline, publication date, outlet and language,
/// each with where it was read (`docs/rules.md`, "Report metadata").
fn metadata_json(
    corpus: &crate::corpus::Corpus,
    path: &Path,
    t: &crate::corpus::TextReport,
    a: &crate::analysis::Analysis,
    tref: &TextRef,
) -> Value {
    let m = &t.facts.meta;
    // the headline with the corpus's boilerplate left out, as the editor's
    let headline = a.headline(&t.text);
    let text = |r: &std::ops::Range<usize>| tref.text[r.clone()].to_string();
    let outlet = corpus
        .get(path)
        .and_then(|r| r.facts())
        .and_then(|f| corpus.outlet(path, &f.meta));
    use crate::analysis::metadata::DateSource;
    let published = corpus.publication_date(path, m.published_date().as_ref());
    json!({
        "headline": headline.as_ref().map(|r| json!({"text": text(r), "range": lsp_range(tref, r)})),
        "byline": m.byline.as_ref().map(|(r, names)| json!({"names": names, "range": lsp_range(tref, r)})),
        "published": published.map(|(d, source)| json!({
            "date": iso_date(&d),
            "year": d.year,
            "month": d.month,
            "day": d.day,
            "source": source.as_str(),
            // where the text gives it (a file name has no range)
            "range": m
                .published
                .as_ref()
                .filter(|p| {
                    p.1 == source
                        || (source == DateSource::Dateline && p.1 == DateSource::DatelineYearInferred)
                })
                .map(|p| lsp_range(tref, &p.2)),
        })),
        "outlet": outlet.map(|(name, source)| json!({"name": name, "source": source.as_str()})),
        "language": m.language.map(|l| json!({"code": l.code(), "name": l.eng_name()})),
    })
}

/// `2022-01-14`, or null when the year is not known.
fn iso_date(d: &crate::analysis::dateline::PartialDate) -> Option<String> {
    d.year
        .map(|y| format!("{y:04}-{:02}-{:02}", d.month, d.day))
}

/// The report's dateline (null when it has none).
fn dateline_json(a: &crate::analysis::Analysis, tref: &TextRef) -> Value {
    match a.dateline() {
        Some(d) => json!({
            "range": lsp_range(tref, &d.range),
            "place": d.place,
            "date": d.date,
            "agency": d.agency,
        }),
        None => Value::Null,
    }
}

/// The report's boilerplate blocks, each whole lines with its kind.
fn boilerplate_json(a: &crate::analysis::Analysis, tref: &TextRef) -> Value {
    json!(a
        .boilerplate
        .iter()
        .map(|b| {
            let start = tref.lines.line_start(b.lines.start);
            let end = tref.lines.line_range(tref.text, b.lines.end - 1).end;
            json!({
                "range": lsp_range(tref, &(start..end)),
                "kind": b.kind.as_str(),
                "kinds": b.kind_names(),
            })
        })
        .collect::<Vec<_>>())
}

/// The report's mentions of actors, then of events, each with its entity.
fn mentions_json(t: &crate::corpus::TextReport, tref: &TextRef) -> Value {
    json!(t
        .facts
        .mentions
        .iter()
        .map(|m| json!({
            "range": lsp_range(tref, &m.range),
            "text": m.text,
            "entity": m.key,
            "kind": m.kind.as_str(),
        }))
        .chain(t.facts.events.iter().map(|e| json!({
            "range": lsp_range(tref, &e.range),
            "text": e.text,
            "entity": e.key,
            "kind": "event",
            "label": e.label,
            "date": e.date.as_ref().and_then(|d| d.iso()),
        })))
        .collect::<Vec<_>>())
}

/// The report's quotes, each with its id and speaker.
fn quotes_json(
    corpus: &crate::corpus::Corpus,
    path: &Path,
    t: &crate::corpus::TextReport,
    tref: &TextRef,
) -> Value {
    json!(t
        .facts
        .quotes
        .iter()
        .enumerate()
        .map(|(i, q)| json!({
            "id": quote_id(corpus, path, i),
            "range": lsp_range(tref, &q.range),
            "text": q.text,
            "speaker": q.speaker.as_ref().map(|s| s.name.clone()),
            "speaker_in_text": q.speaker.as_ref().and_then(|s| s.words_in_text(&t.text)),
            "attribution": q.speaker.as_ref().map(|s| s.kind.describe()),
        }))
        .collect::<Vec<_>>())
}
