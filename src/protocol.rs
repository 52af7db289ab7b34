//! Findings in the shape of LSP 3.17 diagnostics. The server publishes these and
//! the CLI prints them as JSON, from this one function, so the two never disagree.

use crate::analysis::lines::{Encoding, LineIndex, Pos};
use crate::analysis::{rules, Finding, Place};
use crate::corpus::Source;
use std::path::Path;
use std::sync::Arc;
use tower_lsp_server::ls_types::{
    CodeDescription, Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, Location,
    NumberOrString, Position, Range, Uri,
};

/// The `source` of every diagnostic.
pub const SOURCE: &str = "newsdesk";

/// A text and its line index, for position conversion.
#[derive(Clone, Copy)]
pub struct TextRef<'a> {
    pub text: &'a str,
    pub lines: &'a LineIndex,
}

impl TextRef<'_> {
    pub fn range(&self, r: &std::ops::Range<usize>, enc: Encoding) -> Range {
        Range {
            start: pos(self.lines.pos(self.text, r.start, enc)),
            end: pos(self.lines.pos(self.text, r.end, enc)),
        }
    }
}

/// The protocol's view of a report's text: the corpus keeps the text and its
/// line index, and knows nothing of protocol positions.
impl Source {
    /// The text and its line index, for position conversion.
    pub fn text_ref(&self) -> TextRef<'_> {
        TextRef {
            text: &self.text,
            lines: &self.lines,
        }
    }
}

pub fn pos(p: Pos) -> Position {
    Position {
        line: p.line,
        character: p.col,
    }
}

/// A file path as a `file://` URI.
pub fn path_to_uri(path: &Path) -> Option<Uri> {
    Uri::from_file_path(path)
}

/// Convert one finding. `text` is the report's own text (None for a file that could
/// not be read: everything then sits at 0:0); `other` looks up another report's
/// text for related places in other files.
pub fn to_diagnostic(
    f: &Finding,
    path: &Path,
    text: Option<TextRef<'_>>,
    enc: Encoding,
    other: &dyn Fn(&Path) -> Option<Arc<Source>>,
) -> Diagnostic {
    let range = text.map_or_else(Range::default, |t| t.range(&f.range, enc));
    let related: Vec<DiagnosticRelatedInformation> = f
        .related
        .iter()
        .filter_map(|r| {
            let (p, range) = place_range(&r.place, path, text, enc, other)?;
            Some(DiagnosticRelatedInformation {
                location: Location {
                    uri: path_to_uri(&p)?,
                    range,
                },
                message: r.message.clone(),
            })
        })
        .collect();
    Diagnostic {
        range,
        severity: Some(match f.severity {
            crate::analysis::Severity::Error => DiagnosticSeverity::ERROR,
            crate::analysis::Severity::Warning => DiagnosticSeverity::WARNING,
            crate::analysis::Severity::Information => DiagnosticSeverity::INFORMATION,
            crate::analysis::Severity::Hint => DiagnosticSeverity::HINT,
        }),
        code: Some(NumberOrString::String(f.code.to_string())),
        code_description: rules::doc_url(f.code)
            .parse()
            .ok()
            .map(|href| CodeDescription { href }),
        source: Some(SOURCE.to_string()),
        message: f.message.clone(),
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: f.data.clone(),
    }
}

fn place_range(
    place: &Place,
    path: &Path,
    text: Option<TextRef<'_>>,
    enc: Encoding,
    other: &dyn Fn(&Path) -> Option<Arc<Source>>,
) -> Option<(std::path::PathBuf, Range)> {
    if let Some([a, b]) = place.at {
        let p = place.path.clone().unwrap_or_else(|| path.to_path_buf());
        return Some((
            p,
            Range {
                start: pos(a.pos(enc)),
                end: pos(b.pos(enc)),
            },
        ));
    }
    match &place.path {
        None => Some((path.to_path_buf(), text?.range(&place.range, enc))),
        Some(p) => {
            let t = other(p)?;
            let tr = TextRef {
                text: &t.text,
                lines: &t.lines,
            };
            Some((p.clone(), tr.range(&place.range, enc)))
        }
    }
}

/// The diagnostics of a corpus's `newsdesk.toml` (empty when it is fine), with
/// positions in `text`, the file's text (the editor's, when it has it open).
pub fn config_diagnostics(
    corpus: &crate::corpus::Corpus,
    text: &str,
    enc: Encoding,
) -> Vec<Diagnostic> {
    let path = corpus.config_path();
    let lines = LineIndex::new(text);
    let tref = TextRef {
        text,
        lines: &lines,
    };
    corpus
        .config_findings()
        .iter()
        .map(|f| to_diagnostic(f, &path, Some(tref), enc, &|_| None))
        .collect()
}
