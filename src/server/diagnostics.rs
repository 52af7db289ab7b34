//! Diagnostics to the client: a report's findings as protocol diagnostics, push
//! delivery (one report, and every report at start-up in batches with
//! progress), pull answers (`textDocument/diagnostic`, `workspace/diagnostic`
//! with result ids and partial results) and refresh requests.

use super::guard;
use super::progress::Progress;
use super::state::{DiagnosticMode, State, Workspace};
use crate::analysis::text::thousands;
use crate::protocol;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tower_lsp_server::ls_types::*;
use tower_lsp_server::Client;

pub(super) fn uri_path(uri: &Uri) -> Option<PathBuf> {
    crate::protocol::uri_to_path(uri)
}

/// The diagnostics of one report, in protocol form.
pub(super) fn report_diagnostics(
    state: &State,
    ws: &Workspace,
    path: &Path,
) -> Option<Vec<Diagnostic>> {
    let enc = state.encoding();
    let corpus = ws.corpus.read();
    let checked = corpus.findings(path)?;
    let tref = checked.source.as_ref().map(|s| s.text_ref());
    let other = |p: &Path| corpus.source_of(p);
    Some(
        checked
            .findings
            .iter()
            .map(|f| protocol::to_diagnostic(f, path, tref, enc, &other))
            .collect(),
    )
}

/// The workspace's report paths in order, sorted after the corpus lock is
/// released: at 100,000 reports the sort took 150 ms, and an edit's flush (which
/// needs the write lock) waited for it, and a request waited for the flush.
pub(super) fn sorted_paths(ws: &Workspace) -> Vec<PathBuf> {
    let mut v = ws.corpus.read().paths_unsorted();
    v.sort_unstable();
    v
}

/// The diagnostics of a workspace's `newsdesk.toml` (empty when it is fine).
pub(super) fn config_diagnostics(state: &State, ws: &Workspace, path: &Path) -> Vec<Diagnostic> {
    let corpus = ws.corpus.read();
    // the editor's text when the file is open (its unsaved text is the config)
    let open_text = state
        .docs
        .lock()
        .values()
        .find(|d| d.path.as_deref() == Some(path))
        .map(|d| d.doc.text());
    let text = open_text.unwrap_or_else(|| std::fs::read_to_string(path).unwrap_or_default());
    protocol::config_diagnostics(&corpus, path, &text, state.encoding())
}

/// The corpus's configuration files whose diagnostics are kept: `newsdesk.toml`
/// always, `entities.toml` when it is there or holds the problem.
pub(super) fn config_files(ws: &Workspace) -> Vec<PathBuf> {
    let corpus = ws.corpus.read();
    let entities = corpus.entities_path();
    let mut out = vec![corpus.config_path()];
    if entities.is_file() || corpus.config_problem_path() == entities {
        out.push(entities);
    }
    out
}

/// `textDocument/diagnostic`: the findings of one report (or of the
/// corpus's `newsdesk.toml`), or "unchanged" when they have the result id the
/// client already holds.
pub(super) fn document_diagnostic(
    st: &State,
    uri: &Uri,
    previous: Option<&str>,
) -> DocumentDiagnosticReportResult {
    st.ensure_loaded(uri);
    let diags = match uri_path(uri) {
        Some(path) => {
            let ws = st.owner(&path);
            if ws.is_config(&path) || ws.is_entities(&path) {
                config_diagnostics(st, &ws, &path)
            } else {
                report_diagnostics(st, &ws, &path).unwrap_or_default()
            }
        }
        None => vec![],
    };
    let id = result_id(&diags);
    let report = if previous == Some(id.as_str()) {
        DocumentDiagnosticReport::Unchanged(RelatedUnchangedDocumentDiagnosticReport {
            related_documents: None,
            unchanged_document_diagnostic_report: UnchangedDocumentDiagnosticReport {
                result_id: id,
            },
        })
    } else {
        DocumentDiagnosticReport::Full(RelatedFullDocumentDiagnosticReport {
            related_documents: None,
            full_document_diagnostic_report: FullDocumentDiagnosticReport {
                result_id: Some(id),
                items: diags,
            },
        })
    };
    DocumentDiagnosticReportResult::Report(report)
}

pub(super) fn result_id(diags: &[Diagnostic]) -> String {
    id_string(result_hash(diags))
}

/// The hash a result id is written from.
fn result_hash(diags: &[Diagnostic]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    serde_json::to_string(diags)
        .unwrap_or_default()
        .hash(&mut h);
    h.finish()
}

/// A result id as the protocol carries it.
fn id_string(hash: u64) -> String {
    format!("{hash:016x}")
}

pub(super) async fn deliver(client: &Client, state: &Arc<State>, paths: Vec<PathBuf>) {
    let features = state.features();
    tracing::debug!("deliver {} reports ({:?})", paths.len(), features.mode);
    match features.mode {
        DiagnosticMode::Push => {
            for path in paths {
                let Some(uri) = protocol::path_to_uri(&path) else {
                    continue;
                };
                let diags = {
                    let st = state.clone();
                    let p = path.clone();
                    guard::blocking("publishDiagnostics", move || {
                        report_diagnostics(&st, &st.owner(&p), &p)
                    })
                    .await
                };
                match diags {
                    Ok(Some(d)) => {
                        client
                            .publish_diagnostics(uri, d, state.open_version(&path))
                            .await
                    }
                    // no longer a report (deleted, excluded): clear what was shown
                    Ok(None) => client.publish_diagnostics(uri, vec![], None).await,
                    _ => {}
                }
            }
        }
        DiagnosticMode::Pull => {
            if features.diagnostic_refresh {
                refresh(client, state, Refresh::Diagnostics);
            }
        }
    }
    // quote links may have changed: "quoted in N other reports" lenses too
    if features.code_lens_refresh {
        refresh(client, state, Refresh::CodeLenses);
    }
}

pub(super) enum Refresh {
    Diagnostics,
    CodeLenses,
}

/// Ask the client to pull diagnostics or code lenses again, without waiting for
/// its answer: the handler that delivers does not wait for a round trip to the
/// editor, nor stays pending when no answer comes (`run_stdio` ends the server
/// on `exit` regardless). Nothing is asked after `shutdown`.
pub(super) fn refresh(client: &Client, state: &State, what: Refresh) {
    if state.shutdown_requested() {
        return;
    }
    let client = client.clone();
    tokio::spawn(async move {
        let _ = match what {
            Refresh::Diagnostics => client.workspace_diagnostic_refresh().await,
            Refresh::CodeLenses => client.code_lens_refresh().await,
        };
    });
}

pub(super) async fn publish_config(
    client: &Client,
    state: &Arc<State>,
    ws: &Workspace,
    announce: bool,
) {
    if announce {
        let (error, path) = {
            let corpus = ws.corpus.read();
            (
                corpus.config_state().error.clone(),
                corpus.config_problem_path(),
            )
        };
        if let Some(e) = error {
            let msg = format!(
                "newsdesk: {}:{}:{}: {} — using the default settings until it is fixed.",
                path.display(),
                e.line,
                e.column,
                e.message
            );
            tracing::warn!("{msg}");
            client.show_message(MessageType::ERROR, &msg).await;
        }
    }
    if state.features().mode == DiagnosticMode::Push {
        // both files, so that a problem that moved or went away is cleared
        for path in config_files(ws) {
            let diags = config_diagnostics(state, ws, &path);
            if let Some(uri) = protocol::path_to_uri(&path) {
                client.publish_diagnostics(uri, diags, None).await;
            }
        }
    }
}

/// The frame of a JSON-RPC notification, serialised straight from `params`.
pub(super) fn notification_frame(method: &str, params: &impl serde::Serialize) -> Vec<u8> {
    #[derive(serde::Serialize)]
    struct Note<'a, P> {
        jsonrpc: &'static str,
        method: &'a str,
        params: &'a P,
    }
    let body = serde_json::to_vec(&Note {
        jsonrpc: "2.0",
        method,
        params,
    })
    .unwrap_or_default();
    super::framing::frame(&body)
}

/// Reports whose diagnostics are computed and published per step at start-up.
pub(super) const PUBLISH_BATCH: usize = 256;

/// Diagnostics of every report after the start-up indexing. With push, they are
/// published in batches with progress, the open reports first, each batch computed
/// under a short read lock so that edits and requests go on meanwhile.
pub(super) async fn deliver_startup(client: &Client, state: &Arc<State>, mut paths: Vec<PathBuf>) {
    if state.features().mode != DiagnosticMode::Push {
        deliver(client, state, paths).await;
        return;
    }
    open_first(state, &mut paths);
    let total = paths.len();
    let progress = Progress::begin(
        client,
        state,
        format!(
            "newsdesk/publish/{}",
            paths
                .first()
                .map(|p| p.display().to_string())
                .unwrap_or_default()
        ),
        "newsdesk",
        format!("checking 0/{} reports", thousands(total)),
    )
    .await;
    // each batch is computed on the blocking pool while the one before it is
    // sent, and each report's notification is written there too, as a frame
    // for the outbox (tower-lsp would build a JSON value of every report's
    // diagnostics on the async thread, and then write it): in turn the cores
    // would idle
    let compute = |batch: Vec<PathBuf>| {
        let st = state.clone();
        guard::spawn("publishDiagnostics", move || publish_frames(&st, &batch))
    };
    let mut batches = paths.chunks(PUBLISH_BATCH);
    let mut pending = batches.next().map(|b| (b.len(), compute(b.to_vec())));
    let mut done = 0;
    while let Some((n, task)) = pending.take() {
        let computed = guard::finish(task).await.unwrap_or_default();
        if state.shutdown_requested() {
            return;
        }
        pending = batches.next().map(|b| (b.len(), compute(b.to_vec())));
        done += n;
        for frame in computed {
            let _ = state.outbox.send(frame).await;
        }
        progress
            .report(
                format!("checking {}/{} reports", thousands(done), thousands(total)),
                done,
                total,
            )
            .await;
    }
    progress
        .finish(format!("{} reports checked", thousands(total)))
        .await;
    if state.features().code_lens_refresh {
        let _ = client.code_lens_refresh().await;
    }
}

/// Put the reports open in the editor first (the order is otherwise kept).
fn open_first(state: &State, paths: &mut [PathBuf]) {
    let open: std::collections::HashSet<PathBuf> = state
        .docs
        .lock()
        .values()
        .filter_map(|d| d.path.clone())
        .collect();
    paths.sort_by_key(|p| !open.contains(p));
}

/// The `publishDiagnostics` notifications of a batch of reports, computed in
/// parallel and each written as a frame for the outbox.
fn publish_frames(state: &Arc<State>, batch: &[PathBuf]) -> Vec<Vec<u8>> {
    use rayon::prelude::*;
    batch
        .par_iter()
        .filter_map(|p| {
            let ws = state.owner(p);
            let d = guard::request("publishDiagnostics", || report_diagnostics(state, &ws, p))
                .ok()
                .flatten()?;
            let params =
                PublishDiagnosticsParams::new(protocol::path_to_uri(p)?, d, state.open_version(p));
            Some(notification_frame(
                "textDocument/publishDiagnostics",
                &params,
            ))
        })
        .collect::<Vec<_>>()
}

/// Reports whose workspace diagnostics are computed per step (in parallel, under
/// a short read lock).
pub(super) const PULL_BATCH: usize = 256;

/// The workspace-diagnostic items of a batch of reports. A report whose findings
/// have not changed since its last result id (the corpus's version of it is the
/// same) is answered "unchanged" without computing anything.
pub(super) fn workspace_batch(
    state: &State,
    ws: &Workspace,
    paths: &[PathBuf],
    previous: &HashMap<String, String>,
) -> Vec<WorkspaceDocumentDiagnosticReport> {
    use rayon::prelude::*;
    paths
        .par_iter()
        .filter_map(|path| {
            let uri = protocol::path_to_uri(path)?;
            let open = state.open_version(path);
            let (id, version) = {
                let c = ws.corpus.read();
                let id = c.get(path)?.id;
                (id, (c.version(id), open))
            };
            let known = ws.results.lock().get(&id).copied();
            let prev = previous.get(uri.as_str());
            if let Some((v, hash)) = known {
                let id = id_string(hash);
                if v == version && prev == Some(&id) {
                    return Some(WorkspaceDocumentDiagnosticReport::Unchanged(
                        WorkspaceUnchangedDocumentDiagnosticReport {
                            uri,
                            version: open.map(i64::from),
                            unchanged_document_diagnostic_report:
                                UnchangedDocumentDiagnosticReport { result_id: id },
                        },
                    ));
                }
            }
            let diags = guard::request("workspace/diagnostic", || {
                report_diagnostics(state, ws, path)
            })
            .ok()
            .flatten()?;
            let hash = result_hash(&diags);
            ws.results.lock().insert(id, (version, hash));
            Some(document_item(uri, open, id_string(hash), diags, prev))
        })
        .collect()
}

/// A full or (when the client has this result already) unchanged item.
pub(super) fn document_item(
    uri: Uri,
    open: Option<i32>,
    id: String,
    diags: Vec<Diagnostic>,
    previous: Option<&String>,
) -> WorkspaceDocumentDiagnosticReport {
    if previous == Some(&id) {
        WorkspaceDocumentDiagnosticReport::Unchanged(WorkspaceUnchangedDocumentDiagnosticReport {
            uri,
            version: open.map(i64::from),
            unchanged_document_diagnostic_report: UnchangedDocumentDiagnosticReport {
                result_id: id,
            },
        })
    } else {
        WorkspaceDocumentDiagnosticReport::Full(WorkspaceFullDocumentDiagnosticReport {
            uri,
            version: open.map(i64::from),
            full_document_diagnostic_report: FullDocumentDiagnosticReport {
                result_id: Some(id),
                items: diags,
            },
        })
    }
}

pub(super) fn item_uri(i: &WorkspaceDocumentDiagnosticReport) -> &Uri {
    match i {
        WorkspaceDocumentDiagnosticReport::Full(f) => &f.uri,
        WorkspaceDocumentDiagnosticReport::Unchanged(u) => &u.uri,
    }
}

/// What one batch of a `workspace/diagnostic` pass gives: the addresses seen,
/// the unchanged items, the full ones (or, when the client gave a token, their
/// partial result serialised for the outbox), and whether any was full.
#[derive(Default)]
pub(super) struct PullBatch {
    seen: Vec<String>,
    unchanged: Vec<WorkspaceDocumentDiagnosticReport>,
    full: Vec<WorkspaceDocumentDiagnosticReport>,
    frame: Option<Vec<u8>>,
    any_new: bool,
}

/// One pass over every report for `workspace/diagnostic`. Full items go out as
/// partial results when the client gave a token (so 100,000 reports never sit in
/// one response), else they are returned. Returns the items to put in the
/// response and whether anything was new.
pub(super) async fn workspace_pass(
    state: &Arc<State>,
    previous: &HashMap<String, String>,
    token: Option<&ProgressToken>,
) -> (Vec<WorkspaceDocumentDiagnosticReport>, bool) {
    let mut pass = Pass::default();
    let prev = Arc::new(previous.clone());
    let workspaces = state.workspaces.read().clone();
    for ws in workspaces {
        let paths = sorted_paths(&ws);
        // as at push-mode start-up: the next batch is computed while this one
        // is sent, and its partial result is serialised on the worker threads
        let compute = |batch: &[PathBuf]| {
            let (st, w, b, p) = (state.clone(), ws.clone(), batch.to_vec(), prev.clone());
            let token = token.cloned();
            guard::spawn("workspace/diagnostic", move || {
                pull_batch(&st, &w, &b, &p, token)
            })
        };
        let mut batches = paths.chunks(PULL_BATCH);
        let mut pending = batches.next().map(&compute);
        while let Some(task) = pending.take() {
            let got = guard::finish(task).await.unwrap_or_default();
            pending = batches.next().map(&compute);
            pass.take_batch(state, got).await;
        }
        pass.config_item(state, &ws, previous);
    }
    pass.clear_gone(previous);
    (pass.items, pass.any_new)
}

/// One batch of a `workspace/diagnostic` pass, sorted into unchanged and full
/// items; with a `token`, the full ones are serialised as a partial result.
fn pull_batch(
    state: &State,
    ws: &Workspace,
    batch: &[PathBuf],
    previous: &HashMap<String, String>,
    token: Option<ProgressToken>,
) -> PullBatch {
    let mut out = PullBatch::default();
    for item in workspace_batch(state, ws, batch, previous) {
        out.seen.push(item_uri(&item).as_str().to_string());
        match item {
            WorkspaceDocumentDiagnosticReport::Full(_) => out.full.push(item),
            unchanged => out.unchanged.push(unchanged),
        }
    }
    out.any_new = !out.full.is_empty();
    if let Some(t) = token.filter(|_| out.any_new) {
        let value = WorkspaceDiagnosticReportPartialResult {
            items: std::mem::take(&mut out.full),
        };
        #[derive(serde::Serialize)]
        struct Partial<'a> {
            token: &'a ProgressToken,
            value: &'a WorkspaceDiagnosticReportPartialResult,
        }
        let partial = Partial {
            token: &t,
            value: &value,
        };
        out.frame = Some(notification_frame("$/progress", &partial));
    }
    out
}

/// What a `workspace/diagnostic` pass has gathered so far: the items for the
/// response, the addresses seen, and whether anything was new.
#[derive(Default)]
struct Pass {
    items: Vec<WorkspaceDocumentDiagnosticReport>,
    seen: std::collections::HashSet<String>,
    any_new: bool,
}

impl Pass {
    /// Take in one computed batch: its partial result goes out at once when
    /// it has one, else its full items join the response.
    async fn take_batch(&mut self, state: &State, got: PullBatch) {
        self.seen.extend(got.seen);
        self.items.extend(got.unchanged);
        self.any_new |= got.any_new;
        match got.frame {
            Some(f) => {
                let _ = state.outbox.send(f).await;
            }
            None => self.items.extend(got.full),
        }
    }

    /// The items of the corpus's newsdesk.toml and entities.toml.
    fn config_item(&mut self, state: &State, ws: &Workspace, previous: &HashMap<String, String>) {
        for path in config_files(ws) {
            let diags = config_diagnostics(state, ws, &path);
            let Some(uri) = protocol::path_to_uri(&path) else {
                continue;
            };
            self.seen.insert(uri.as_str().to_string());
            let id = result_id(&diags);
            let item = document_item(
                uri,
                state.open_version(&path),
                id,
                diags,
                previous.get(path_key(&path).as_str()),
            );
            if matches!(item, WorkspaceDocumentDiagnosticReport::Full(_)) {
                self.any_new = true;
            }
            self.items.push(item);
        }
    }

    /// Reports that are gone: clear what the client still shows for them.
    fn clear_gone(&mut self, previous: &HashMap<String, String>) {
        for uri in previous.keys().filter(|u| !self.seen.contains(*u)) {
            if let Ok(uri) = uri.parse::<Uri>() {
                self.any_new = true;
                self.items.push(WorkspaceDocumentDiagnosticReport::Full(
                    WorkspaceFullDocumentDiagnosticReport {
                        uri,
                        version: None,
                        full_document_diagnostic_report: FullDocumentDiagnosticReport {
                            result_id: None,
                            items: vec![],
                        },
                    },
                ));
            }
        }
    }
}

/// The key under which the client names a file's previous result.
pub(super) fn path_key(path: &Path) -> String {
    protocol::path_to_uri(path)
        .map(|u| u.as_str().to_string())
        .unwrap_or_default()
}
