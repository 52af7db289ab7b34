//! What a rule reports: a finding on a byte range of one report, with an optional
//! machine-readable payload, related places and quick fixes.

use serde::Serialize;
use std::ops::Range;
use std::path::PathBuf;

use super::lines;

use super::rules::Rule;
pub use super::rules::Severity;

/// A place that a finding points to: in the same report (`path: None`) or another.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub path: Option<PathBuf>,
    pub range: Range<usize>,
    /// Where `range` starts and ends, when known without the other report's text.
    pub at: Option<[super::lines::Point; 2]>,
}

impl Place {
    /// A place in this report.
    pub fn here(range: Range<usize>) -> Place {
        Place {
            path: None,
            range,
            at: None,
        }
    }
}

/// A related place with a short note for the curator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Related {
    pub place: Place,
    pub message: String,
}

/// One replacement of a byte range of the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Edit {
    pub range: Range<usize>,
    pub new_text: String,
}

/// A quick fix: a titled set of edits to this report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    pub title: String,
    pub edits: Vec<Edit>,
    /// The fix a curator most likely wants (editors may offer it first).
    pub preferred: bool,
    /// It would remove what may be part of the report (a dateline, a
    /// quotation, an actor's statement): never applied by a fix-all, only when
    /// the curator picks it or runs `check --fix=aggressive` (the preferred
    /// fix of the same finding keeps those lines).
    pub guarded: bool,
}

/// One finding of one rule.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// The rule's stable code, e.g. `boilerplate`.
    pub code: &'static str,
    pub severity: Severity,
    /// Byte range in the report's text.
    pub range: Range<usize>,
    pub message: String,
    /// Rule-specific payload (e.g. `{"kind": "comment-widget"}`).
    pub data: Option<serde_json::Value>,
    pub related: Vec<Related>,
    pub fixes: Vec<Fix>,
}

impl Finding {
    /// A finding of `rule` on `range`, at the rule's default severity.
    pub fn new(rule: Rule, range: Range<usize>, message: impl Into<String>) -> Self {
        Finding {
            code: rule.code(),
            severity: rule.info().default_severity,
            range,
            message: message.into(),
            data: None,
            related: Vec::new(),
            fixes: Vec::new(),
        }
    }
}

/// The preferred, non-overlapping edits of all findings with `code` (or of every
/// finding when `code` is empty), in text order: what "fix all" applies.
pub fn fix_all(findings: &[Finding], code: &str) -> Vec<Edit> {
    fix_all_with(findings, code, false)
}

/// [`fix_all`]; with `guarded`, a finding's guarded fix (see
/// [`Fix::guarded`]) is applied instead of its preferred one.
pub fn fix_all_with(findings: &[Finding], code: &str, guarded: bool) -> Vec<Edit> {
    let mut edits: Vec<Edit> = findings
        .iter()
        .filter(|f| code.is_empty() || f.code == code)
        .filter_map(|f| {
            let whole = f.fixes.iter().find(|x| guarded && x.guarded);
            whole.or_else(|| f.fixes.iter().find(|x| x.preferred))
        })
        .flat_map(|x| x.edits.iter().cloned())
        .collect();
    edits.sort_by_key(|e| (e.range.start, e.range.end));
    let mut out: Vec<Edit> = Vec::new();
    for e in edits {
        if out.last().is_none_or(|l| l.range.end <= e.range.start) {
            out.push(e);
        }
    }
    out
}

/// Apply non-overlapping edits (sorted by position) to a text.
pub fn apply_edits(text: &str, edits: &[Edit]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for e in edits {
        out.push_str(&text[at..e.range.start]);
        out.push_str(&e.new_text);
        at = e.range.end;
    }
    out.push_str(&text[at..]);
    out
}

/// The byte range that removing lines `first..last` (inclusive) should delete: the
/// lines with their line breaks, plus the blank lines after them when the block
/// stands between blank lines (so no double blank line is left behind).
pub fn removal_range(
    text: &str,
    index: &lines::LineIndex,
    first: usize,
    last: usize,
) -> std::ops::Range<usize> {
    let start = index.line_start(first);
    let mut end_line = last + 1;
    let blank = |l: usize| text[index.line_range(text, l)].trim().is_empty();
    let before_blank = first == 0 || blank(first - 1);
    if before_blank {
        while end_line < index.line_count()
            && blank(end_line)
            && index.line_start(end_line) < text.len()
        {
            end_line += 1;
        }
    }
    start..index.line_start(end_line)
}
