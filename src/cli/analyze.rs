//! `newsdesk analyze`: what the analysis knows about each report and the corpus,
//! as JSON for other tools. Ranges are LSP ranges (0-based, UTF-16 columns).

use super::load::{display, targets};
use crate::analysis::lines::Encoding;
use crate::protocol::TextRef;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

pub fn run(config: Option<&Path>, paths: &[PathBuf]) -> i32 {
    let targets = match targets(config, paths) {
        Ok(t) => t,
        Err(code) => return code,
    };
    let mut reports = Vec::new();
    for t in &targets {
        for path in &t.selected {
            if let Some(r) = report_json(&t.corpus, path) {
                reports.push(r);
            }
        }
    }
    let out = json!({
        "reports": reports,
        "corpora": targets.iter().map(|t| json!({
            "root": display(t.corpus.root()),
            "report_count": t.corpus.len(),
        })).collect::<Vec<_>>(),
    });
    println!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
    0
}

fn report_json(corpus: &crate::corpus::Corpus, path: &Path) -> Option<Value> {
    let report = corpus.get(path)?;
    let mut obj = serde_json::Map::new();
    obj.insert("path".into(), json!(display(path)));
    match &report.content {
        crate::corpus::Content::Problem(p) => {
            obj.insert("analysed".into(), json!(false));
            obj.insert("problem".into(), json!(p.to_string()));
        }
        crate::corpus::Content::Text(t) => {
            obj.insert("analysed".into(), json!(true));
            obj.insert("lines".into(), json!(t.lines.line_count()));
            let a = corpus.analysis(path)?;
            let tref = TextRef {
                text: &t.text,
                lines: &t.lines,
            };
            let range = |r: &std::ops::Range<usize>| tref.range(r, Encoding::Utf16);
            obj.insert(
                "dateline".into(),
                match a.dateline() {
                    Some(d) => json!({
                        "range": range(&d.range),
                        "place": d.place,
                        "date": d.date,
                        "agency": d.agency,
                    }),
                    None => Value::Null,
                },
            );
            obj.insert(
                "boilerplate".into(),
                json!(a
                    .boilerplate
                    .iter()
                    .map(|b| {
                        let start = t.lines.line_start(b.lines.start);
                        let end = t.lines.line_range(&t.text, b.lines.end - 1).end;
                        json!({"range": range(&(start..end)), "kind": b.kind.as_str()})
                    })
                    .collect::<Vec<_>>()),
            );
        }
    }
    Some(Value::Object(obj))
}
