//! Code actions and commands: quick fixes from findings, "Ignore this finding",
//! and "Remove all boilerplate in this report".

use super::state::{ReportView, State};
use crate::analysis::lines::{Encoding, LineIndex};
use crate::analysis::Finding;
use crate::corpus::config;
use crate::protocol::{self, TextRef};
use std::collections::HashMap;
use std::path::Path;
use tower_lsp_server::ls_types::*;

/// The command that removes every boilerplate block of a report.
pub const REMOVE_ALL_BOILERPLATE: &str = "newsdesk.removeAllBoilerplate";

/// The command that writes the corpus overview page (`newsdesk report
/// --html`) of the workspace folder holding its argument (a folder's or a
/// report's URI; the first folder without one) and answers with the page's
/// path and URI, for the editor to open. The page goes to `out` when the
/// argument object gives one, else to the system's temporary folder (never
/// into the curator's corpus).
pub const WRITE_OVERVIEW: &str = "newsdesk.writeOverview";

/// [`WRITE_OVERVIEW`]: the page's path, or what went wrong.
pub fn write_overview(
    state: &super::state::State,
    at: Option<&std::path::Path>,
    out: Option<std::path::PathBuf>,
) -> Result<std::path::PathBuf, String> {
    let ws = match at {
        Some(p) => state.workspace_of(p),
        None => state.all_workspaces().into_iter().next(),
    }
    .ok_or_else(|| "no workspace folder holds that place".to_string())?;
    let out = out.unwrap_or_else(|| {
        let root = ws.corpus.read().root().to_path_buf();
        let key = crate::analysis::stable_hash(root.as_os_str().as_encoded_bytes());
        std::env::temp_dir().join(format!("newsdesk-overview-{key:016x}.html"))
    });
    // the corpus's lock is held for a batch of reports at a time, so that an
    // edit waits for one batch, not for the whole page
    crate::overview::write(&Locked(&ws.corpus), &out)
        .map(|_| out.clone())
        .map_err(|e| format!("cannot write {}: {e}", out.display()))
}

/// A workspace's corpus lent to the overview under its read lock, taken for
/// each part of the gathering and released between them.
struct Locked<'a>(&'a parking_lot::RwLock<crate::corpus::Corpus>);

impl crate::overview::Reach for Locked<'_> {
    fn with<R>(&self, f: impl FnOnce(&crate::corpus::Corpus) -> R) -> R {
        f(&self.0.read())
    }
}

fn overlaps(a: &Range, b: &Range) -> bool {
    !(a.end < b.start || b.end < a.start)
}

/// Quick fixes and "Ignore this finding" for the findings under `range`.
pub fn code_actions(state: &State, uri: &Uri, range: Range) -> Vec<CodeActionOrCommand> {
    let enc = state.encoding();
    state
        .with_report(uri, |v| Some(actions_for(state, &v, uri, range, enc)))
        .unwrap_or_default()
}

fn actions_for(
    state: &State,
    v: &ReportView<'_>,
    uri: &Uri,
    range: Range,
    enc: Encoding,
) -> Vec<CodeActionOrCommand> {
    let (corpus, path, text) = (v.corpus, &v.path, &v.text);
    let in_workspace = state.workspace_of(path).is_some();
    let Some(checked) = corpus.findings(path) else {
        return vec![];
    };
    let Some(source) = checked.source.clone() else {
        return vec![];
    };
    // positions against the text the findings were computed on
    if source.text != text.text {
        return vec![];
    }
    let tref = source.text_ref();
    let other = |p: &Path| corpus.source_of(p);
    let mut out = Vec::new();
    for f in checked.findings.iter() {
        let diag = protocol::to_diagnostic(f, path, Some(tref), enc, &other);
        if !overlaps(&diag.range, &range) {
            continue;
        }
        for fix in &f.fixes {
            let edits = fix
                .edits
                .iter()
                .map(|e| TextEdit {
                    range: tref.range(&e.range, enc),
                    new_text: e.new_text.clone(),
                })
                .collect();
            out.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: fix.title.clone(),
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![diag.clone()]),
                edit: Some(WorkspaceEdit {
                    changes: Some(HashMap::from([(uri.clone(), edits)])),
                    ..Default::default()
                }),
                is_preferred: fix.preferred.then_some(true),
                ..Default::default()
            }));
        }
        if in_workspace {
            let line_text = {
                let l = text.lines.line_of(f.range.start);
                text.text[text.lines.line_range(&text.text, l)]
                    .trim()
                    .to_string()
            };
            if let Some(edit) = ignore_edit(
                state,
                &corpus.config_path(),
                &corpus.relative(path),
                f,
                &line_text,
                enc,
            ) {
                out.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title: "Ignore this finding (record it in newsdesk.toml)".into(),
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![diag.clone()]),
                    edit: Some(edit),
                    ..Default::default()
                }));
            }
        }
    }
    out
}

/// The edit that records `f` as accepted in `newsdesk.toml`
/// ([`config::record_ignore`]), made against the file's text as the curator has
/// it: the editor's text when the file is open (unsaved edits included), else
/// the file on disk; the file is created when there is none.
fn ignore_edit(
    state: &State,
    config: &Path,
    rel: &str,
    f: &Finding,
    line_text: &str,
    enc: Encoding,
) -> Option<WorkspaceEdit> {
    let uri = protocol::path_to_uri(config)?;
    let entry = config::IgnoreEntry {
        path: rel.to_string(),
        code: f.code.to_string(),
        line: line_text.to_string(),
    };
    let existing = state
        .open_text(config)
        .or_else(|| std::fs::read_to_string(config).ok());
    let change = config::record_ignore(existing.as_deref(), &entry);
    match existing {
        Some(old) => {
            let lines = LineIndex::new(&old);
            let range = TextRef {
                text: &old,
                lines: &lines,
            }
            .range(&change.range, enc);
            Some(WorkspaceEdit {
                changes: Some(HashMap::from([(
                    uri,
                    vec![TextEdit {
                        range,
                        new_text: change.new_text,
                    }],
                )])),
                ..Default::default()
            })
        }
        None => Some(WorkspaceEdit {
            document_changes: Some(DocumentChanges::Operations(vec![
                DocumentChangeOperation::Op(ResourceOp::Create(CreateFile {
                    uri: uri.clone(),
                    options: Some(CreateFileOptions {
                        overwrite: Some(false),
                        ignore_if_exists: Some(true),
                    }),
                    annotation_id: None,
                })),
                DocumentChangeOperation::Edit(TextDocumentEdit {
                    text_document: OptionalVersionedTextDocumentIdentifier { uri, version: None },
                    edits: vec![OneOf::Left(TextEdit {
                        range: Range::default(),
                        new_text: change.new_text,
                    })],
                }),
            ])),
            ..Default::default()
        }),
    }
}

/// The edit that removes every boilerplate block of the report at `uri`.
pub fn remove_all_boilerplate(state: &State, uri: &Uri) -> Option<WorkspaceEdit> {
    let enc = state.encoding();
    state.with_report(uri, |v| {
        let checked = v.corpus.findings(&v.path)?;
        let source = checked.source.clone()?;
        let tref = source.text_ref();
        let edits: Vec<TextEdit> = crate::analysis::fix_all(&checked.findings, "boilerplate")
            .iter()
            .map(|e| TextEdit {
                range: tref.range(&e.range, enc),
                new_text: e.new_text.clone(),
            })
            .collect();
        if edits.is_empty() {
            return None;
        }
        Some(WorkspaceEdit {
            changes: Some(HashMap::from([(uri.clone(), edits)])),
            ..Default::default()
        })
    })
}
