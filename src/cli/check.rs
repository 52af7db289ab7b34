//! `newsdesk check`: findings for terminals and CI.

use super::load::{display, targets_linked, Target};
use super::Format;
use crate::analysis::lines::Encoding;
use crate::analysis::text::plural;
use crate::analysis::Severity;
use crate::corpus::Corpus;
use crate::protocol;
use rayon::prelude::*;
use std::io::Write;
use std::path::{Path, PathBuf};
use tower_lsp_server::ls_types::{Diagnostic, DiagnosticSeverity, NumberOrString};

/// `newsdesk check`: print the findings of the reports `paths` select, corpus
/// by corpus; the exit code is 1 when any finding is an error, 2 when a place
/// under a folder could not be read.
pub fn run(
    format: Format,
    config: Option<&Path>,
    links: Option<&Path>,
    paths: &[PathBuf],
    use_cache: bool,
) -> i32 {
    match targets_linked(config, links, paths, use_cache) {
        Ok(targets) => print(format, &targets, use_cache),
        Err(code) => code,
    }
}

/// `check --duplicates`: the groups of copies that hold a selected report,
/// each earliest first with how much of the earliest's body the others hold.
pub fn duplicates(config: Option<&Path>, paths: &[PathBuf], use_cache: bool) -> i32 {
    let targets = match super::load::targets(config, paths, use_cache) {
        Ok(t) => t,
        Err(code) => return code,
    };
    let mut out = String::new();
    let (mut groups, mut reports) = (0, 0);
    for t in &targets {
        let c = &t.corpus;
        for g in c.copy_groups_holding(&t.selected) {
            let path = |r| c.by_id(r).map(|r| r.path.clone()).unwrap_or_default();
            groups += 1;
            reports += g.len();
            out.push_str(&format!(
                "{} (the earliest)\n",
                super::load::display(&path(g[0]))
            ));
            for &r in &g[1..] {
                let what = match c.resemblance(g[0], r) {
                    Some((x, exact)) => crate::analysis::rules::near_duplicate::describe(x, exact),
                    None => "a copy".to_string(),
                };
                out.push_str(&format!("  {}  {what}\n", super::load::display(&path(r))));
            }
        }
    }
    print!("{out}");
    eprintln!(
        "newsdesk: {groups} group{} of copies, {reports} reports",
        crate::analysis::text::plural(groups)
    );
    0
}

/// [`run`] on corpora already loaded (by `--fix`, which has just written
/// some of their reports and read them again).
pub fn print(format: Format, targets: &[Target], use_cache: bool) -> i32 {
    let out = std::io::stdout();
    let started = std::time::Instant::now();
    let mut printer = Printer::begin(
        std::io::BufWriter::with_capacity(1 << 20, out.lock()),
        format,
    );
    for t in targets {
        // the configuration file's own problem first
        if t.corpus.config_state().error.is_some() {
            printer.config_problem(&t.corpus);
        }
        printer.findings(t);
    }
    let totals = printer.end(targets.iter().all(|t| t.skipped == 0));
    if use_cache {
        // the links and classes computed for these findings serve the next run
        for t in targets {
            t.corpus.save_kept_if_changed();
        }
    }
    tracing::debug!(
        "findings of {} reports in {:.2} s",
        totals.checked,
        started.elapsed().as_secs_f64()
    );
    if tracing::enabled!(tracing::Level::DEBUG) {
        // what the findings added to the corpus (links and classes kept)
        for t in targets {
            for (part, bytes) in t.corpus.memory() {
                tracing::debug!(
                    "memory after the findings: {part}: {:.1} MB",
                    bytes as f64 / 1e6
                );
            }
        }
    }
    if targets.iter().any(|t| t.skipped > 0) {
        return 2; // the check is incomplete: an I/O error, said above
    }
    i32::from(totals.errors > 0)
}

/// Where `check` prints its findings: the output in its format, whether the
/// JSON `files` array is still empty, and the counts so far.
struct Printer<W: Write> {
    out: W,
    format: Format,
    first: bool,
    totals: Totals,
}

impl<W: Write> Printer<W> {
    /// Begin the output (in JSON, the object and its `files` array).
    fn begin(mut out: W, format: Format) -> Printer<W> {
        match format {
            Format::Json => {
                let _ = write!(out, "{{\n  \"files\": [");
            }
            Format::Sarif => {
                let _ = out.write_all(super::sarif::head().as_bytes());
            }
            Format::Text => {}
        }
        Printer {
            out,
            format,
            first: true,
            totals: Totals::default(),
        }
    }

    /// A configuration file with a problem counts as an error; in JSON it is
    /// printed as a file of its own with its diagnostics.
    fn config_problem(&mut self, corpus: &Corpus) {
        self.totals.errors += 1;
        if self.format == Format::Text {
            return;
        }
        let path = corpus.config_problem_path();
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        let diags = protocol::config_diagnostics(corpus, &path, &text, Encoding::Utf16);
        if self.format == Format::Sarif {
            let lines = crate::analysis::lines::LineIndex::new(&text);
            let t = protocol::TextRef {
                text: &text,
                lines: &lines,
            };
            for r in super::sarif::results(&path, Some(t), &[], &diags) {
                write_element(&mut self.out, &r, &mut self.first);
            }
            return;
        }
        let file = JsonFile {
            path: display(&path),
            diagnostics: &diags,
        };
        write_json_item(&mut self.out, &file, &mut self.first);
    }

    /// The findings of the target's selected reports, computed a batch at a
    /// time in parallel (on a thread of their own) and printed in order here
    /// while the next batch is computed (at 100,000 reports the output is a
    /// few gigabytes of JSON).
    fn findings(&mut self, t: &Target) {
        let format = self.format;
        let corpus = &t.corpus;
        std::thread::scope(|scope| {
            let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<(String, Totals)>>(2);
            let selected = &t.selected;
            scope.spawn(move || {
                for batch in selected.chunks(256) {
                    let results: Vec<(String, Totals)> = batch
                        .par_iter()
                        .map(|path| report_output(corpus, path, format))
                        .collect();
                    if tx.send(results).is_err() {
                        break;
                    }
                }
            });
            for results in rx {
                for (text, n) in results {
                    self.totals.add(&n);
                    if n.checked == 0 {
                        continue;
                    }
                    match format {
                        Format::Json => write_element(&mut self.out, &text, &mut self.first),
                        // a report without findings adds no result
                        Format::Sarif if text.is_empty() => {}
                        Format::Sarif => write_element(&mut self.out, &text, &mut self.first),
                        Format::Text => {
                            let _ = self.out.write_all(text.as_bytes());
                        }
                    }
                }
            }
        });
    }

    /// End the output: close the JSON, or tell the counts (on stderr) after
    /// the text; the counts come back. `complete` is false when a place could
    /// not be read (SARIF says the run did not succeed).
    fn end(mut self, complete: bool) -> Totals {
        match self.format {
            Format::Sarif => {
                let tail = super::sarif::tail(complete, self.totals.errors);
                let _ = self.out.write_all(tail.as_bytes());
            }
            Format::Json => {
                let _ = if self.first {
                    writeln!(self.out, "]\n}}")
                } else {
                    writeln!(self.out, "\n  ]\n}}")
                };
            }
            Format::Text => {
                let _ = self.out.flush();
                let Totals {
                    checked,
                    errors,
                    warnings,
                    others,
                } = self.totals;
                eprintln!(
                    "newsdesk: checked {checked} report{}: {errors} error{}, {warnings} warning{}, {others} note{}",
                    plural(checked),
                    plural(errors),
                    plural(warnings),
                    plural(others)
                );
            }
        }
        let _ = self.out.flush();
        self.totals
    }
}

/// Counts of what was checked and found.
#[derive(Default, Clone, Copy)]
struct Totals {
    checked: usize,
    errors: usize,
    warnings: usize,
    others: usize,
}

impl Totals {
    fn add(&mut self, o: &Totals) {
        self.checked += o.checked;
        self.errors += o.errors;
        self.warnings += o.warnings;
        self.others += o.others;
    }
}

/// One file of the JSON report: its path and its diagnostics, serialised
/// straight from the protocol types.
#[derive(serde::Serialize)]
struct JsonFile<'a> {
    path: String,
    diagnostics: &'a [Diagnostic],
}

/// One element of the JSON `files` array: `file` as pretty JSON, every line
/// indented as in a pretty-printed whole.
fn json_item(file: &JsonFile) -> String {
    let pretty = serde_json::to_string_pretty(file).unwrap_or_default();
    let mut out = String::with_capacity(pretty.len() + pretty.len() / 8);
    out.push_str("    ");
    // a newline in pretty JSON is always structural (strings escape theirs)
    for line in pretty.split_inclusive('\n') {
        out.push_str(line);
        if line.ends_with('\n') {
            out.push_str("    ");
        }
    }
    out
}

fn write_json_item(out: &mut impl Write, file: &JsonFile, first: &mut bool) {
    write_element(out, &json_item(file), first);
}

/// One element of the JSON `files` array, after a comma unless it is the first.
fn write_element(out: &mut impl Write, item: &str, first: &mut bool) {
    let _ = out.write_all(if *first { b"\n" } else { b",\n" });
    let _ = out.write_all(item.as_bytes());
    *first = false;
}

/// The printed findings of one report, with their counts.
fn report_output(corpus: &Corpus, path: &Path, format: Format) -> (String, Totals) {
    let mut n = Totals::default();
    let Some(checked) = corpus.findings(path) else {
        return (String::new(), n);
    };
    n.checked = 1;
    let source = checked.source.clone();
    let other = |p: &Path| corpus.source_of(p);
    let diags: Vec<Diagnostic> = checked
        .findings
        .iter()
        .map(|f| {
            protocol::to_diagnostic(
                f,
                path,
                source.as_ref().map(|s| s.text_ref()),
                Encoding::Utf16,
                &other,
            )
        })
        .collect();
    for f in checked.findings.iter() {
        match f.severity {
            Severity::Error => n.errors += 1,
            Severity::Warning => n.warnings += 1,
            _ => n.others += 1,
        }
    }
    let text = match format {
        Format::Json => json_item(&JsonFile {
            path: display(path),
            diagnostics: &diags,
        }),
        Format::Sarif => super::sarif::results(
            path,
            source.as_ref().map(|s| s.text_ref()),
            &checked.findings,
            &diags,
        )
        .join(",\n"),
        Format::Text => {
            let mut s = String::new();
            let lines = source.as_ref().map(|s| (&*s.text, &s.lines));
            for (f, d) in checked.findings.iter().zip(&diags) {
                print_text(&mut s, path, lines, f.range.start, d);
            }
            s
        }
    };
    (text, n)
}

/// `path:line:col: warning[code]: message`, then the line and a caret under the
/// start of the range (1-based line and column, the column in characters).
fn print_text(
    out: &mut String,
    path: &Path,
    text: Option<(&str, &crate::analysis::lines::LineIndex)>,
    offset: usize,
    d: &Diagnostic,
) {
    use std::fmt::Write as _;
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
    let (line_no, col, shown) = match text {
        Some((t, idx)) => {
            let offset = offset.min(t.len());
            let line = idx.line_of(offset);
            let r = idx.line_range(t, line);
            let offset = offset.clamp(r.start, r.end);
            // columns in UTF-16 code units, as editors count them
            let col = idx.pos(t, offset, Encoding::Utf16).col as usize;
            (
                line + 1,
                col + 1,
                Some(window(&t[r.clone()], offset - r.start)),
            )
        }
        None => (1, 1, None),
    };
    let _ = writeln!(
        out,
        "{}:{line_no}:{col}: {sev}[{code}]: {}",
        display(path),
        d.message
    );
    if let Some((shown, pad)) = shown {
        let _ = writeln!(out, "  | {shown}");
        let _ = writeln!(out, "  | {pad}^");
    }
}

/// The part of a line shown under a finding at byte `at` of it: the line from
/// its start when the finding is near it, else from a little before the
/// finding (with "…"), at most 160 characters; and the padding that puts a
/// caret under the finding. The work does not grow with the line's length.
fn window(line: &str, at: usize) -> (String, String) {
    const SHOWN: usize = 160;
    const BEFORE: usize = 120;
    let mut start = at.saturating_sub(BEFORE);
    while !line.is_char_boundary(start) {
        start -= 1;
    }
    let mut shown = String::new();
    if start > 0 {
        shown.push('…');
    }
    let mut end = start;
    for (i, c) in line[start..].char_indices().take(SHOWN) {
        shown.push(c);
        end = start + i + c.len_utf8();
    }
    if end < line.len() {
        shown.push('…');
    }
    let lead = usize::from(start > 0);
    let pad: String = std::iter::repeat_n(' ', lead)
        .chain(
            line[start..at]
                .chars()
                .map(|c| if c == '\t' { '\t' } else { ' ' }),
        )
        .collect();
    (shown, pad)
}

#[cfg(test)]
mod tests {
    use super::window;

    #[test]
    fn the_caret_stays_under_a_finding_far_into_a_long_line() {
        // near the start: the line from its start, the caret at the column
        let (shown, pad) = window("«Да», — сказал он.", "«Да», — ".len());
        assert_eq!(shown, "«Да», — сказал он.");
        assert_eq!(pad, " ".repeat(8));
        // far into a line of 100,000 characters: a window around the finding
        let line = format!(
            "{}“Unclosed {}",
            "Лавров said. ".repeat(5000),
            "x".repeat(30_000)
        );
        let at = line.find('“').unwrap();
        let (shown, pad) = window(&line, at);
        assert!(shown.starts_with('…') && shown.ends_with('…'), "{shown}");
        assert!(shown.chars().count() <= 162);
        let caret = pad.chars().count();
        assert_eq!(shown.chars().nth(caret), Some('“'), "{shown}\n{pad}^");
    }
}
