//! `newsdesk check`: findings for terminals and CI.

use super::load::{display, targets};
use super::Format;
use crate::analysis::lines::Encoding;
use crate::analysis::Severity;
use crate::protocol::{self, TextRef};
use serde_json::json;
use std::path::{Path, PathBuf};
use tower_lsp_server::ls_types::{Diagnostic, DiagnosticSeverity, NumberOrString};

pub fn run(format: Format, config: Option<&Path>, paths: &[PathBuf]) -> i32 {
    let targets = match targets(config, paths) {
        Ok(t) => t,
        Err(code) => return code,
    };
    let mut files = Vec::new();
    let mut errors = 0usize;
    let mut warnings = 0usize;
    let mut others = 0usize;
    let mut checked = 0usize;
    for t in &targets {
        let corpus = &t.corpus;
        let other = |p: &Path| corpus.get(p).and_then(|r| r.content.text().cloned());
        // the configuration file's own problem first
        if corpus.config_state().error.is_some() {
            errors += 1;
            if format == Format::Json {
                let path = corpus.config_path();
                let text = std::fs::read_to_string(&path).unwrap_or_default();
                let diags = protocol::config_diagnostics(corpus, &text, Encoding::Utf16);
                files.push(json!({"path": display(&path), "diagnostics": diags}));
            }
        }
        for path in &t.selected {
            let Some(findings) = corpus.findings(path) else {
                continue;
            };
            checked += 1;
            let report = corpus.get(path).expect("report is loaded");
            let text = report.content.text().cloned();
            let tref = text.as_ref().map(|t| TextRef {
                text: &t.text,
                lines: &t.lines,
            });
            let diags: Vec<Diagnostic> = findings
                .iter()
                .map(|f| protocol::to_diagnostic(f, path, tref, Encoding::Utf16, &other))
                .collect();
            for f in findings.iter() {
                match f.severity {
                    Severity::Error => errors += 1,
                    Severity::Warning => warnings += 1,
                    _ => others += 1,
                }
            }
            match format {
                Format::Json => files.push(json!({"path": display(path), "diagnostics": diags})),
                Format::Text => {
                    for (f, d) in findings.iter().zip(&diags) {
                        print_text(path, text.as_deref().map(|t| &*t.text), f.range.start, d);
                    }
                }
            }
        }
    }
    match format {
        Format::Json => {
            println!(
                "{}",
                serde_json::to_string_pretty(&json!({ "files": files })).unwrap_or_default()
            );
        }
        Format::Text => {
            eprintln!(
                "newsdesk: checked {checked} report{}: {errors} error{}, {warnings} warning{}, {others} note{}",
                plural(checked),
                plural(errors),
                plural(warnings),
                plural(others)
            );
        }
    }
    i32::from(errors > 0)
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// `path:line:col: warning[code]: message`, then the line and a caret under the
/// start of the range (1-based line and column, the column in characters).
fn print_text(path: &Path, text: Option<&str>, offset: usize, d: &Diagnostic) {
    let sev = match d.severity {
        Some(DiagnosticSeverity::ERROR) => "error",
        Some(DiagnosticSeverity::WARNING) => "warning",
        Some(DiagnosticSeverity::INFORMATION) => "info",
        _ => "hint",
    };
    let code = match &d.code {
        Some(NumberOrString::String(s)) => s.clone(),
        Some(NumberOrString::Number(n)) => n.to_string(),
        None => String::new(),
    };
    let (line_no, col, line_text) = match text {
        Some(t) => {
            let idx = crate::analysis::lines::LineIndex::new(t);
            let line = idx.line_of(offset.min(t.len()));
            let r = idx.line_range(t, line);
            let col = t[r.start..offset.clamp(r.start, r.end)].chars().count();
            (line + 1, col + 1, Some(t[r].to_string()))
        }
        None => (1, 1, None),
    };
    println!(
        "{}:{line_no}:{col}: {sev}[{code}]: {}",
        display(path),
        d.message
    );
    if let Some(l) = line_text {
        let shown: String = l.chars().take(160).collect();
        let ell = if l.chars().count() > 160 { "…" } else { "" };
        println!("  | {shown}{ell}");
        let pad: String = l
            .chars()
            .take(col - 1)
            .map(|c| if c == '\t' { '\t' } else { ' ' })
            .collect();
        println!("  | {pad}^");
    }
}

/// Apply every finding's preferred fix (non-overlapping) to the files; each file is
/// written atomically (a temporary file in the same folder, then a rename).
pub fn fix(config: Option<&Path>, paths: &[PathBuf]) -> Result<(), i32> {
    let targets = targets(config, paths)?;
    for t in &targets {
        for path in &t.selected {
            let (Some(findings), Some(report)) = (t.corpus.findings(path), t.corpus.get(path))
            else {
                continue;
            };
            let Some(text) = report.content.text() else {
                continue;
            };
            let edits = crate::analysis::fix_all(&findings, "");
            if edits.is_empty() {
                continue;
            }
            let fixed = crate::analysis::apply_edits(&text.text, &edits);
            if let Err(e) = write_atomically(path, &fixed) {
                eprintln!(
                    "newsdesk: {}: cannot write the fixed file: {e}",
                    display(path)
                );
                return Err(2);
            }
            let mut counts: std::collections::BTreeMap<&str, usize> = Default::default();
            for f in findings.iter() {
                if f.fixes.iter().any(|x| x.preferred) {
                    *counts.entry(f.code).or_default() += 1;
                }
            }
            let what: Vec<String> = counts
                .iter()
                .map(|(code, n)| match *code {
                    "boilerplate" => format!("removed {n} boilerplate block{}", plural(*n)),
                    "mismatched-quote" => format!("repaired {n} quotation mark{}", plural(*n)),
                    other => format!("fixed {n} {other}"),
                })
                .collect();
            eprintln!("fixed {}: {}", display(path), what.join(", "));
        }
    }
    Ok(())
}

fn write_atomically(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(text.as_bytes())?;
    tmp.as_file().sync_all()?;
    if let Ok(meta) = std::fs::metadata(path) {
        let _ = std::fs::set_permissions(tmp.path(), meta.permissions());
    }
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}
