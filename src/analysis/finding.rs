//! What a rule reports: a finding on a byte range of one report, with an optional
//! machine-readable payload, related places and quick fixes.

use serde::Serialize;
use std::ops::Range;
use std::path::PathBuf;

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
    pub fn new(code: &'static str, range: Range<usize>, message: impl Into<String>) -> Self {
        Finding {
            code,
            severity: super::rules::default_severity(code),
            range,
            message: message.into(),
            data: None,
            related: Vec::new(),
            fixes: Vec::new(),
        }
    }
}
