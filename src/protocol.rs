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

/// A file path as a `file://` URI. On Unix every byte of the name is kept,
/// so a name that is not UTF-8 gets a URI that points at the file (a lossy
/// conversion would point at a name with U+FFFD that does not exist).
pub fn path_to_uri(path: &Path) -> Option<Uri> {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        if !path.is_absolute() {
            return Uri::from_file_path(path);
        }
        let mut s = String::from("file://");
        for &b in path.as_os_str().as_bytes() {
            if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
                s.push(b as char);
            } else {
                s.push_str(&format!("%{b:02X}"));
            }
        }
        s.parse().ok()
    }
    #[cfg(not(unix))]
    Uri::from_file_path(path)
}

/// The file path of a `file://` URI, byte for byte on Unix (see
/// [`path_to_uri`]).
pub fn uri_to_path(uri: &Uri) -> Option<std::path::PathBuf> {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStringExt;
        if uri.scheme().as_str() != "file" {
            return None;
        }
        let raw = uri.path().as_str().as_bytes();
        if raw.is_empty() {
            return None;
        }
        let mut bytes = Vec::with_capacity(raw.len());
        let mut i = 0;
        while i < raw.len() {
            let hex = |b: u8| (b as char).to_digit(16);
            match (
                raw[i],
                raw.get(i + 1).and_then(|&b| hex(b)),
                raw.get(i + 2).and_then(|&b| hex(b)),
            ) {
                (b'%', Some(h), Some(l)) => {
                    bytes.push((h * 16 + l) as u8);
                    i += 3;
                }
                (b, _, _) => {
                    bytes.push(b);
                    i += 1;
                }
            }
        }
        Some(std::path::PathBuf::from(std::ffi::OsString::from_vec(
            bytes,
        )))
    }
    #[cfg(not(unix))]
    uri.to_file_path().map(|p| p.into_owned())
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
    path: &Path,
    text: &str,
    enc: Encoding,
) -> Vec<Diagnostic> {
    let lines = LineIndex::new(text);
    let tref = TextRef {
        text,
        lines: &lines,
    };
    corpus
        .config_findings(path)
        .iter()
        .map(|f| to_diagnostic(f, path, Some(tref), enc, &|_| None))
        .collect()
}

#[cfg(all(test, unix))]
mod tests {
    use super::{path_to_uri, uri_to_path};
    use std::os::unix::ffi::OsStrExt;
    use std::path::Path;

    #[test]
    fn a_path_and_its_uri_turn_into_each_other_byte_for_byte() {
        for raw in [
            &b"/corpus/ria/caf\xe9.txt"[..],
            "/corpus/риа/Лавров 14%.txt".as_bytes(),
            "/corpus/a#b?c 😀.txt".as_bytes(),
        ] {
            let path = Path::new(std::ffi::OsStr::from_bytes(raw));
            let uri = path_to_uri(path).unwrap();
            assert!(uri.as_str().is_ascii(), "{}", uri.as_str());
            assert_eq!(uri_to_path(&uri).unwrap(), path, "{}", uri.as_str());
        }
        let u = path_to_uri(Path::new(std::ffi::OsStr::from_bytes(b"/r/caf\xe9.txt"))).unwrap();
        assert_eq!(u.as_str(), "file:///r/caf%E9.txt");
    }
}
