//! Evaluation of [`crate::analysis::quotes::marks::pair`] on the quote-balance
//! development set (`dev/quote-balance`: `corpus/*.txt` plus `labels.jsonl`).
//!
//! Only double quotation marks are in scope of the benchmark (single-mark
//! problems are ignored here), lines are 0-based, and a problem counts on the
//! line of its `mark`.
//!
//! * **False alarms**: share of the balanced originals with any problem on a
//!   line that is not one of their `ambiguous_lines`.
//! * **Unbalanced originals**: a hit when a problem is on an expected line.
//! * **Recall**: share of corrupted copies with a problem on `expected_line`.
//! * **Finding precision**: of all problems (all files, ambiguous lines left
//!   out), the share on an expected line of their file.

use crate::analysis::quotes::marks::{pair, QuoteProblem};
use std::collections::BTreeSet;
use std::path::Path;

/// One file whose result is wrong (for the curious reader of the report).
#[derive(Debug, Clone, serde::Serialize)]
pub struct FileNote {
    /// Corpus file name.
    pub file: String,
    /// `"false alarm"` or `"miss"`.
    pub what: &'static str,
    /// 0-based lines concerned (problem lines for false alarms, the expected
    /// line for misses).
    pub lines: Vec<usize>,
    /// Messages of the problems reported on those lines.
    pub messages: Vec<String>,
}

/// Result of [`evaluate`].
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct EvalReport {
    /// Balanced originals.
    pub balanced_originals: usize,
    /// Balanced originals with a problem outside their ambiguous lines.
    pub balanced_flagged: usize,
    /// Unbalanced originals.
    pub unbalanced_originals: usize,
    /// Unbalanced originals with a problem on an expected line.
    pub unbalanced_hit: usize,
    /// Corrupted copies.
    pub corrupted: usize,
    /// Corrupted copies with a problem on `expected_line`.
    pub corrupted_detected: usize,
    /// Problems reported (ambiguous lines left out).
    pub findings: usize,
    /// Of those, problems on an expected line.
    pub findings_correct: usize,
    /// Problems on ambiguous lines (neither right nor wrong).
    pub findings_ambiguous: usize,
    /// Files with a false alarm or a miss.
    pub notes: Vec<FileNote>,
}

impl EvalReport {
    /// Share of balanced originals with a false alarm.
    pub fn false_alarm_rate(&self) -> f64 {
        ratio(self.balanced_flagged, self.balanced_originals)
    }
    /// Share of corrupted copies detected on the right line.
    pub fn recall(&self) -> f64 {
        ratio(self.corrupted_detected, self.corrupted)
    }
    /// Share of findings on an expected line.
    pub fn precision(&self) -> f64 {
        ratio(self.findings_correct, self.findings)
    }

    /// The report as a Markdown table, followed by the wrong files.
    pub fn to_markdown_table(&self) -> String {
        let mut s = String::new();
        s.push_str("| set | n | flagged / detected | rate |\n");
        s.push_str("|---|---:|---:|---:|\n");
        let mut row = |set: &str, n: usize, found: String, rate: String| {
            s.push_str(&format!("| {set} | {n} | {found} | {rate} |\n"));
        };
        row(
            "originals, balanced",
            self.balanced_originals,
            format!("{} flagged", self.balanced_flagged),
            format!("false-alarm rate {:.3}", self.false_alarm_rate()),
        );
        row(
            "originals, unbalanced",
            self.unbalanced_originals,
            format!("{} flagged on the expected line", self.unbalanced_hit),
            format!(
                "{:.3}",
                ratio(self.unbalanced_hit, self.unbalanced_originals)
            ),
        );
        row(
            "corrupted copies",
            self.corrupted,
            format!("{} detected on the right line", self.corrupted_detected),
            format!("recall {:.3}", self.recall()),
        );
        row(
            "findings (all files)",
            self.findings,
            format!(
                "{} on an expected line ({} more on ambiguous lines, not counted)",
                self.findings_correct, self.findings_ambiguous
            ),
            format!("precision {:.3}", self.precision()),
        );
        if !self.notes.is_empty() {
            s.push('\n');
            for n in &self.notes {
                s.push_str(&format!(
                    "- {} {} on line(s) {:?}: {}\n",
                    n.file,
                    n.what,
                    n.lines,
                    n.messages.join(" / ")
                ));
            }
        }
        s
    }
}

use super::ratio;

/// One line of `labels.jsonl` (only the fields used here).
#[derive(Debug)]
struct Label {
    file: String,
    corrupted: bool,
    balanced: bool,
    expected_line: Option<usize>,
    expected_lines: BTreeSet<usize>,
    ambiguous_lines: BTreeSet<usize>,
}

fn parse_label(line: &str) -> Result<Label, String> {
    let v: serde_json::Value =
        serde_json::from_str(line).map_err(|e| format!("labels.jsonl: {e}"))?;
    let lines = |key: &str| -> BTreeSet<usize> {
        v[key]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|x| x.as_u64().map(|n| n as usize))
                    .collect()
            })
            .unwrap_or_default()
    };
    Ok(Label {
        file: v["file"]
            .as_str()
            .ok_or("labels.jsonl: missing \"file\"")?
            .to_string(),
        corrupted: v["kind"].as_str() == Some("corrupted"),
        balanced: v["balanced"].as_bool().unwrap_or(true),
        expected_line: v["expected_line"].as_u64().map(|n| n as usize),
        expected_lines: lines("expected_lines"),
        ambiguous_lines: lines("ambiguous_lines"),
    })
}

/// Whether a problem concerns a double mark (the benchmark's scope).
fn is_double(text: &str, p: &QuoteProblem) -> bool {
    matches!(
        text[p.mark.clone()].chars().next(),
        Some('"' | '“' | '”' | '«' | '»' | '„')
    )
}

/// Evaluate on the development set in `dir` (`labels.jsonl` + `corpus/`).
pub fn evaluate(dir: &Path) -> Result<EvalReport, String> {
    let (_, labels) = super::read_labels(dir)?;
    let mut r = EvalReport::default();
    for line in labels.lines().filter(|l| !l.trim().is_empty()) {
        let label = parse_label(line)?;
        let text = super::read_text(&dir.join("corpus").join(&label.file))?;
        let line_starts: Vec<usize> = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        let line_of = |offset: usize| line_starts.partition_point(|&s| s <= offset) - 1;
        let problems: Vec<(usize, String)> = pair(&text)
            .problems
            .iter()
            .filter(|p| is_double(&text, p))
            .map(|p| (line_of(p.mark.start), p.message.clone()))
            .collect();
        let counted: Vec<&(usize, String)> = problems
            .iter()
            .filter(|(l, _)| !label.ambiguous_lines.contains(l))
            .collect();
        r.findings_ambiguous += problems.len() - counted.len();
        r.findings += counted.len();
        r.findings_correct += counted
            .iter()
            .filter(|(l, _)| label.expected_lines.contains(l))
            .count();
        let wrong: Vec<&&(usize, String)> = counted
            .iter()
            .filter(|(l, _)| !label.expected_lines.contains(l))
            .collect();
        if label.corrupted {
            r.corrupted += 1;
            let want = label.expected_line;
            if counted.iter().any(|(l, _)| Some(*l) == want) {
                r.corrupted_detected += 1;
            } else {
                r.notes.push(FileNote {
                    file: label.file.clone(),
                    what: "miss",
                    lines: want.into_iter().collect(),
                    messages: Vec::new(),
                });
            }
        } else if label.balanced {
            r.balanced_originals += 1;
            if !counted.is_empty() {
                r.balanced_flagged += 1;
            }
        } else {
            r.unbalanced_originals += 1;
            if counted
                .iter()
                .any(|(l, _)| label.expected_lines.contains(l))
            {
                r.unbalanced_hit += 1;
            } else {
                r.notes.push(FileNote {
                    file: label.file.clone(),
                    what: "miss",
                    lines: label.expected_lines.iter().copied().collect(),
                    messages: Vec::new(),
                });
            }
        }
        if !wrong.is_empty() {
            r.notes.push(FileNote {
                file: label.file.clone(),
                what: "false alarm",
                lines: wrong.iter().map(|(l, _)| *l).collect(),
                messages: wrong.iter().map(|(_, m)| m.clone()).collect(),
            });
        }
    }
    Ok(r)
}
