//! The `LanguageServer` implementation: protocol in, corpus calls, protocol out.

use super::capabilities;
use super::documents::Document;
use super::guard;
use super::state::{DiagnosticMode, OpenDoc, State, Workspace};
use super::watch::{self, FsChange};
use crate::protocol;
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer};

/// Quiet time after an edit before the report is re-analysed.
const DEBOUNCE: Duration = Duration::from_millis(150);
/// Reports loaded and indexed per step of the start-up indexing.
const BATCH: usize = 64;
/// How long a workspace-diagnostic request with nothing new waits for a change.
const LONG_POLL: Duration = Duration::from_secs(30);

pub struct Backend {
    client: Client,
    state: Arc<State>,
}

impl Backend {
    /// A server whose own frames go to `outbox` (see [`super::framing`]).
    pub fn new(client: Client, outbox: super::framing::Outbox) -> Backend {
        Backend {
            client,
            state: Arc::new(State::new(outbox)),
        }
    }

    pub fn state(&self) -> Arc<State> {
        self.state.clone()
    }
}

fn uri_path(uri: &Uri) -> Option<PathBuf> {
    uri.to_file_path().map(|p| p.into_owned())
}

fn thousands(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The diagnostics of one report, in protocol form.
fn report_diagnostics(state: &State, ws: &Workspace, path: &Path) -> Option<Vec<Diagnostic>> {
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
fn sorted_paths(ws: &Workspace) -> Vec<PathBuf> {
    let mut v = ws.corpus.read().paths_unsorted();
    v.sort_unstable();
    v
}

/// The diagnostics of a workspace's `newsdesk.toml` (empty when it is fine).
fn config_diagnostics(state: &State, ws: &Workspace) -> (PathBuf, Vec<Diagnostic>) {
    let corpus = ws.corpus.read();
    let path = corpus.config_path();
    // the editor's text when the file is open (its unsaved text is the config)
    let open_text = state
        .docs
        .lock()
        .values()
        .find(|d| d.path.as_deref() == Some(path.as_path()))
        .map(|d| d.doc.text());
    let text = open_text.unwrap_or_else(|| std::fs::read_to_string(&path).unwrap_or_default());
    let diags = protocol::config_diagnostics(&corpus, &text, state.encoding());
    (path, diags)
}

/// `textDocument/diagnostic`: the findings of one report (or of the
/// corpus's `newsdesk.toml`), or "unchanged" when they have the result id the
/// client already holds.
fn document_diagnostic(
    st: &State,
    uri: &Uri,
    previous: Option<&str>,
) -> DocumentDiagnosticReportResult {
    st.ensure_loaded(uri);
    let diags = match uri_path(uri) {
        Some(path) => {
            let ws = st.owner(&path);
            if ws.is_config(&path) {
                config_diagnostics(st, &ws).1
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

fn result_id(diags: &[Diagnostic]) -> String {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    serde_json::to_string(diags)
        .unwrap_or_default()
        .hash(&mut h);
    format!("{:016x}", h.finish())
}

impl Backend {
    /// Send or announce fresh diagnostics for these reports.
    async fn deliver(&self, paths: Vec<PathBuf>) {
        deliver(&self.client, &self.state, paths).await;
    }
}

async fn deliver(client: &Client, state: &Arc<State>, paths: Vec<PathBuf>) {
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

enum Refresh {
    Diagnostics,
    CodeLenses,
}

/// Ask the client to pull diagnostics or code lenses again, without waiting for
/// its answer: the handler that delivers does not wait for a round trip to the
/// editor, nor stays pending when no answer comes (`run_stdio` ends the server
/// on `exit` regardless). Nothing is asked after `shutdown`.
fn refresh(client: &Client, state: &State, what: Refresh) {
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

async fn publish_config(client: &Client, state: &Arc<State>, ws: &Workspace, announce: bool) {
    let (path, diags) = config_diagnostics(state, ws);
    if announce {
        let error = ws.corpus.read().config_state().error.clone();
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
        if let Some(uri) = protocol::path_to_uri(&path) {
            client.publish_diagnostics(uri, diags, None).await;
        }
    }
}

/// `newsdesk/status`: indexing state and report count, for status bars.
enum StatusNotification {}

impl tower_lsp_server::ls_types::notification::Notification for StatusNotification {
    type Params = serde_json::Value;
    const METHOD: &'static str = "newsdesk/status";
}

async fn send_status(client: &Client, state: &State, done: usize, total: usize) {
    let indexing = state
        .workspaces
        .read()
        .iter()
        .any(|w| !w.indexed.load(Ordering::SeqCst));
    let reports: usize = state
        .workspaces
        .read()
        .iter()
        .map(|w| w.corpus.read().len())
        .sum();
    client
        .send_notification::<StatusNotification>(serde_json::json!({
            "state": if indexing { "indexing" } else { "ready" },
            "done": done,
            "total": total,
            "reports": reports,
        }))
        .await;
}

/// Ask the editor for its `newsdesk` settings and apply them to every corpus.
/// Returns true when anything changed.
async fn pull_settings(
    client: &Client,
    state: &Arc<State>,
    pushed: Option<serde_json::Value>,
) -> bool {
    let value = if state.features().configuration {
        let item = ConfigurationItem {
            scope_uri: None,
            section: Some("newsdesk".into()),
        };
        match client.configuration(vec![item]).await {
            Ok(mut v) if !v.is_empty() => v.remove(0),
            Ok(_) => serde_json::Value::Null,
            Err(e) => {
                tracing::warn!("workspace/configuration failed: {e}");
                return false;
            }
        }
    } else {
        match pushed {
            Some(v) => v.get("newsdesk").cloned().unwrap_or(v),
            None => return false,
        }
    };
    let (settings, warnings) = crate::corpus::config::EditorSettings::from_json(&value);
    for w in warnings {
        client
            .log_message(MessageType::WARNING, format!("newsdesk: {w}"))
            .await;
    }
    *state.editor_settings.write() = settings.clone();
    let mut changed = false;
    for ws in state.all_workspaces() {
        changed |= ws.corpus.write().set_editor_settings(settings.clone());
    }
    changed
}

/// A work-done progress shown by the client, when it can show one.
struct Progress(
    Option<
        tower_lsp_server::OngoingProgress<
            tower_lsp_server::Bounded,
            tower_lsp_server::NotCancellable,
        >,
    >,
);

impl Progress {
    async fn begin(
        client: &Client,
        state: &State,
        token: String,
        title: &str,
        message: String,
    ) -> Progress {
        if !state.features().work_done_progress {
            return Progress(None);
        }
        let token = NumberOrString::String(token);
        if client
            .create_work_done_progress(token.clone())
            .await
            .is_err()
        {
            return Progress(None);
        }
        Progress(Some(
            client
                .progress(token, title)
                .with_message(message)
                .with_percentage(0)
                .begin()
                .await,
        ))
    }

    async fn report(&self, message: String, done: usize, total: usize) {
        if let Some(p) = &self.0 {
            let pct = (done * 100 / total.max(1)) as u32;
            p.report_with_message(message, pct).await;
        }
    }

    async fn finish(self, message: String) {
        if let Some(p) = self.0 {
            p.finish_with_message(message).await;
        }
    }
}

/// Reports indexed from the cache per step (the corpus lock is held for one step).
const CACHE_BATCH: usize = 2_000;

/// Index every report of a workspace in the background, with progress reports:
/// unchanged reports from the on-disk index cache, the others read and analysed in
/// batches outside the corpus lock. Requests that need the whole corpus wait for
/// the end ([`Workspace::wait_indexed`]); the others are answered meanwhile.
async fn index_workspace(client: Client, state: Arc<State>, ws: Arc<Workspace>) {
    let started = Instant::now();
    // shutdown waits for the indexing (which stops early) and the cache it writes,
    // so that the next start finds a whole file
    let _writing = state.cache_writes.lock().await;
    publish_config(&client, &state, &ws, true).await;
    let use_cache = state.use_cache();
    // the progress begins before the folder is walked and the cache read (on a
    // large corpus that alone takes a second)
    let progress = Progress::begin(
        &client,
        &state,
        format!("newsdesk/index/{}", ws.root.display()),
        "newsdesk",
        "finding reports".to_string(),
    )
    .await;
    // discover and read the cache: no lock held
    let (paths, decoded) = {
        let scan = ws.corpus.read().scan(use_cache);
        guard::blocking("indexing", move || scan.run())
            .await
            .unwrap_or_else(|_| (Vec::new(), Err(crate::corpus::cache::Rejected::Missing)))
    };
    let total = paths.len();
    tracing::debug!(
        "indexing: {} paths found, cache read, at {:.2} s",
        total,
        started.elapsed().as_secs_f64()
    );
    progress
        .report(format!("indexing 0/{} reports", thousands(total)), 0, total)
        .await;
    let plan = {
        let ws = ws.clone();
        let st = state.clone();
        guard::blocking("indexing", move || {
            let mut c = ws.corpus.write();
            c.begin_bulk();
            // an editor's open text wins over the disk
            let paths: Vec<PathBuf> = paths.into_iter().filter(|p| !st.is_open(p)).collect();
            c.plan_load(&paths, decoded)
        })
        .await
    };
    let Ok(mut plan) = plan else {
        tracing::error!("indexing {} failed", ws.root.display());
        ws.corpus.write().end_bulk();
        ws.set_indexed();
        return;
    };
    tracing::debug!(
        "indexing: planned at {:.2} s",
        started.elapsed().as_secs_f64()
    );
    let mut done = 0;
    let mut stats = crate::corpus::cache::LoadStats::default();
    // 1. unchanged reports from the cache, a batch per write lock
    while !plan.cached.is_empty() && !state.shutdown_requested() {
        let n = plan.cached.len().min(CACHE_BATCH);
        let ws2 = ws.clone();
        let (p, s) = guard::blocking("indexing", move || {
            // (a report the editor opened meanwhile keeps the editor's text)
            let s = ws2
                .corpus
                .write()
                .install_cached_entries(&mut plan, CACHE_BATCH);
            (plan, s)
        })
        .await
        .unwrap_or_else(|e| panic!("cache batch: {e}"));
        plan = p;
        stats.cached += s.cached;
        stats.verified += s.verified;
        done += n;
        progress
            .report(
                format!(
                    "indexing {}/{} reports",
                    thousands(done.min(total)),
                    thousands(total)
                ),
                done,
                total,
            )
            .await;
        send_status(&client, &state, done, total).await;
    }
    tracing::debug!(
        "indexing: {} from the cache at {:.2} s",
        stats.cached + stats.verified,
        started.elapsed().as_secs_f64()
    );
    // 2. the others, read and analysed outside the lock
    let to_read = std::mem::take(&mut plan.to_read);
    let rejected = plan.rejected.clone();
    let stale = plan.stale;
    for chunk in to_read.chunks(BATCH) {
        if state.shutdown_requested() {
            break;
        }
        let loader = ws.corpus.read().loader();
        let chunk = chunk.to_vec();
        let st = state.clone();
        let w = ws.clone();
        let n = chunk.len();
        let res = guard::blocking("indexing", move || {
            let chunk: Vec<PathBuf> = chunk.into_iter().filter(|p| !st.is_open(p)).collect();
            let loaded = crate::corpus::Corpus::read_batch(&loader, &chunk);
            let mut corpus = w.corpus.write();
            // an editor may have opened it meanwhile: its text wins
            let loaded = loaded
                .into_iter()
                .filter(|(p, _, _)| !st.is_open(p))
                .collect();
            corpus.install_batch(loaded);
        })
        .await;
        if let Err(e) = res {
            tracing::error!("indexing a batch failed: {e}");
        }
        stats.analysed += n;
        done += n;
        send_status(&client, &state, done, total).await;
        progress
            .report(
                format!(
                    "indexing {}/{} reports",
                    thousands(done.min(total)),
                    thousands(total)
                ),
                done,
                total,
            )
            .await;
    }
    tracing::debug!(
        "indexing: all read at {:.2} s",
        started.elapsed().as_secs_f64()
    );
    ws.corpus.write().end_bulk();
    // the quote links of the last session, for the reports that did not change:
    // part of the index, so taken before requests are let in (taking them
    // later held the corpus while the first edits waited)
    if use_cache {
        let w = ws.clone();
        let _ = guard::blocking("indexing", move || {
            let (links, classes) = w.corpus.read().load_kept(false);
            tracing::info!("kept from the last session: quote links of {links} reports, boilerplate classes of {classes}");
        })
        .await;
    }
    tracing::debug!(
        "indexing: indexes complete at {:.2} s",
        started.elapsed().as_secs_f64()
    );
    hold_for_tests().await;
    ws.set_indexed();
    state.bump_epoch();
    send_status(&client, &state, total, total).await;
    let (count, unreadable) = {
        let c = ws.corpus.read();
        let unreadable = c.reports().filter(|r| r.facts().is_none()).count();
        (c.len(), unreadable)
    };
    let cache_note = match (&rejected, stats.cached + stats.verified) {
        (_, n) if n > 0 => format!(", {} from the index cache", thousands(n)),
        (Some(r), _) if *r != crate::corpus::cache::Rejected::Missing => format!(" ({r}; rebuilt)"),
        _ => String::new(),
    };
    let summary = format!(
        "newsdesk: indexed {} report{} in {} in {:.1} s{}{}",
        thousands(count),
        if count == 1 { "" } else { "s" },
        ws.root.display(),
        started.elapsed().as_secs_f64(),
        cache_note,
        if unreadable > 0 {
            format!(" ({unreadable} could not be analysed)")
        } else {
            String::new()
        }
    );
    tracing::info!("{summary}");
    client.log_message(MessageType::INFO, &summary).await;
    progress
        .finish(format!("{} reports", thousands(count)))
        .await;
    // keep the cache for the next start (without blocking requests for long),
    // also when the editor is already shutting down: `shutdown` waits for it, and
    // skipping it would make the next start a cold one
    if use_cache && (stats.analysed > 0 || stats.verified > 0 || stale) {
        let w = ws.clone();
        let _ = guard::blocking("writing the index cache", move || {
            let c = w.corpus.read();
            match crate::corpus::cache::save(&c) {
                Ok(p) => tracing::info!("wrote the index cache {}", p.display()),
                Err(e) => tracing::warn!("could not write the index cache: {e}"),
            }
        })
        .await;
    }
    drop(_writing);
    let all = sorted_paths(&ws);
    deliver_startup(&client, &state, all).await;
}

/// A test hook: with `NEWSDESK_TEST_HOLD_INDEX=FILE`, indexing does not finish
/// until FILE exists (so that a test can send requests while it runs).
async fn hold_for_tests() {
    let Some(file) = std::env::var_os("NEWSDESK_TEST_HOLD_INDEX") else {
        return;
    };
    let file = PathBuf::from(file);
    while !file.exists() {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// The frame of a JSON-RPC notification, serialised straight from `params`.
fn notification_frame(method: &str, params: &impl serde::Serialize) -> Vec<u8> {
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
const PUBLISH_BATCH: usize = 256;

/// Diagnostics of every report after the start-up indexing. With push, they are
/// published in batches with progress, the open reports first, each batch computed
/// under a short read lock so that edits and requests go on meanwhile.
async fn deliver_startup(client: &Client, state: &Arc<State>, mut paths: Vec<PathBuf>) {
    if state.features().mode != DiagnosticMode::Push {
        deliver(client, state, paths).await;
        return;
    }
    let open: std::collections::HashSet<PathBuf> = state
        .docs
        .lock()
        .values()
        .filter_map(|d| d.path.clone())
        .collect();
    paths.sort_by_key(|p| !open.contains(p));
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
        guard::spawn("publishDiagnostics", move || {
            use rayon::prelude::*;
            batch
                .par_iter()
                .filter_map(|p| {
                    let ws = st.owner(p);
                    let d =
                        guard::request("publishDiagnostics", || report_diagnostics(&st, &ws, p))
                            .ok()
                            .flatten()?;
                    let params = PublishDiagnosticsParams::new(
                        protocol::path_to_uri(p)?,
                        d,
                        st.open_version(p),
                    );
                    Some(notification_frame(
                        "textDocument/publishDiagnostics",
                        &params,
                    ))
                })
                .collect::<Vec<_>>()
        })
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

/// Bring the corpora up to date with files changed on disk.
pub async fn apply_fs_changes(client: &Client, state: &Arc<State>, changes: Vec<FsChange>) {
    let mut to_deliver: BTreeSet<PathBuf> = BTreeSet::new();
    let mut config_reloaded: Vec<Arc<Workspace>> = Vec::new();
    // last event per path wins
    let mut latest: HashMap<PathBuf, bool> = HashMap::new();
    for c in changes {
        latest.insert(c.path, c.deleted);
    }
    for (path, deleted) in latest {
        let Some(ws) = state.workspace_of(&path) else {
            continue;
        };
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        // newsdesk.toml and entities.toml each change the configuration
        if ws.is_config(&path) || ws.is_entities(&path) || name == ".gitignore" {
            if !config_reloaded.iter().any(|w| Arc::ptr_eq(w, &ws)) {
                config_reloaded.push(ws.clone());
            }
            continue;
        }
        if state.is_open(&path) {
            continue; // the editor's text wins over the disk
        }
        let st = state.clone();
        let w = ws.clone();
        let p = path.clone();
        let affected = guard::blocking("workspace/didChangeWatchedFiles", move || {
            let exists = !deleted && p.is_file();
            let mut corpus = w.corpus.write();
            let mut out = vec![p.clone()];
            if exists && corpus.is_member(&p) {
                let content = corpus.loader().load(&p);
                out.extend(corpus.upsert(&p, content));
            } else if corpus.contains(&p) {
                out.extend(corpus.remove(&p));
            } else {
                out.clear();
            }
            drop(corpus);
            if !out.is_empty() {
                st.bump_epoch();
            }
            out
        })
        .await
        .unwrap_or_default();
        to_deliver.extend(affected);
    }
    for ws in config_reloaded {
        let w = ws.clone();
        let st = state.clone();
        let changed = guard::blocking("reloading the configuration", move || {
            let mut corpus = w.corpus.write();
            corpus.reload_config();
            // membership may have changed: add new reports, drop excluded ones
            let now: BTreeSet<PathBuf> = corpus.discover().into_iter().collect();
            let before: BTreeSet<PathBuf> = corpus.paths().into_iter().collect();
            let loader = corpus.loader();
            let mut out: Vec<PathBuf> = Vec::new();
            for p in before.difference(&now) {
                if !st.is_open(p) {
                    corpus.remove(p);
                    out.push(p.clone());
                }
            }
            for p in now.difference(&before) {
                corpus.upsert(p, loader.load(p));
            }
            out.extend(corpus.paths());
            st.bump_epoch();
            out
        })
        .await
        .unwrap_or_default();
        publish_config(client, state, &ws, true).await;
        if ws.corpus.read().config_state().error.is_none() {
            client
                .log_message(MessageType::INFO, "newsdesk: reloaded newsdesk.toml")
                .await;
        }
        to_deliver.extend(changed);
    }
    if !to_deliver.is_empty() {
        deliver(client, state, to_deliver.into_iter().collect()).await;
    }
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let features = capabilities::client(&params);
        let cache = params
            .initialization_options
            .as_ref()
            .and_then(|o| o.get("indexCache"))
            .and_then(|v| v.as_bool())
            .unwrap_or(true);
        self.state.index_cache.store(cache, Ordering::SeqCst);
        *self.state.features.write() = features;
        let mut roots: Vec<PathBuf> = params
            .workspace_folders
            .iter()
            .flatten()
            .filter_map(|f| uri_path(&f.uri))
            .collect();
        #[allow(deprecated)]
        if roots.is_empty() {
            if let Some(p) = params.root_uri.as_ref().and_then(uri_path) {
                roots.push(p);
            }
        }
        for r in roots {
            self.state.add_workspace(r);
        }
        tracing::info!(
            "initialize: {:?} encoding, {:?} diagnostics",
            features.encoding,
            features.mode
        );
        Ok(InitializeResult {
            server_info: Some(ServerInfo {
                name: "newsdesk".into(),
                version: Some(env!("CARGO_PKG_VERSION").into()),
            }),
            capabilities: capabilities::server(&features),
            offset_encoding: None,
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        tracing::debug!("initialized");
        let features = self.state.features();
        if features.watched_files_dynamic {
            let options = DidChangeWatchedFilesRegistrationOptions {
                watchers: vec![FileSystemWatcher {
                    glob_pattern: GlobPattern::String("**/*".into()),
                    kind: None,
                }],
            };
            let reg = Registration {
                id: "newsdesk-watched-files".into(),
                method: "workspace/didChangeWatchedFiles".into(),
                register_options: serde_json::to_value(options).ok(),
            };
            if let Err(e) = self.client.register_capability(vec![reg]).await {
                tracing::warn!("client refused file watching ({e}); watching ourselves");
                self.start_own_watcher();
            }
        } else {
            self.start_own_watcher();
        }
        pull_settings(&self.client, &self.state, None).await;
        for ws in self.state.workspaces.read().clone() {
            tokio::spawn(index_workspace(self.client.clone(), self.state.clone(), ws));
        }
    }

    async fn shutdown(&self) -> Result<()> {
        self.state.shutdown.store(true, Ordering::SeqCst);
        // an index cache being written is finished first
        let writing =
            tokio::time::timeout(Duration::from_secs(30), self.state.cache_writes.lock()).await;
        // the quote links and classes computed in this session serve the next one
        if writing.is_ok() && self.state.use_cache() {
            let all: Vec<_> = self.state.workspaces.read().clone();
            let save = guard::blocking("shutdown", move || {
                for w in all {
                    w.corpus.read().save_kept_if_changed();
                }
            });
            let _ = tokio::time::timeout(Duration::from_secs(30), save).await;
        }
        drop(writing);
        watch::stop(&self.state);
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let doc = params.text_document;
        tracing::debug!("didOpen {}", doc.uri.as_str());
        let path = uri_path(&doc.uri);
        {
            let mut docs = self.state.docs.lock();
            docs.insert(
                doc.uri.clone(),
                OpenDoc {
                    doc: Document::new(&doc.text, doc.version),
                    path: path.clone(),
                    generation: 1,
                    indexed_generation: 0,
                    indexed_version: doc.version,
                    disk_problem: None,
                    disk_checked: false,
                },
            );
        }
        let st = self.state.clone();
        let uri = doc.uri.clone();
        let affected = guard::blocking("textDocument/didOpen", move || st.flush_doc(&uri, None))
            .await
            .ok()
            .flatten();
        if let Some(paths) = affected {
            self.deliver(paths).await;
        }
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let enc = self.state.encoding();
        let uri = params.text_document.uri.clone();
        let generation = {
            let mut docs = self.state.docs.lock();
            let Some(d) = docs.get_mut(&uri) else {
                tracing::warn!(
                    "didChange for a document that is not open: {}",
                    uri.as_str()
                );
                return;
            };
            guard::notification("textDocument/didChange", || {
                for c in &params.content_changes {
                    d.doc.apply(c, enc);
                }
            });
            d.doc.version = params.text_document.version;
            d.generation += 1;
            // the curator edited the text: it is now what the editor will save
            d.disk_problem = None;
            d.generation
        };
        let st = self.state.clone();
        let client = self.client.clone();
        tokio::spawn(async move {
            tokio::time::sleep(DEBOUNCE).await;
            let s2 = st.clone();
            let affected = guard::blocking("textDocument/didChange", move || {
                s2.flush_doc(&uri, Some(generation))
            })
            .await
            .ok()
            .flatten();
            if let Some(paths) = affected {
                deliver(&client, &st, paths).await;
            }
        });
    }

    async fn did_save(&self, _: DidSaveTextDocumentParams) {}

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        let pushed = (!params.settings.is_null()).then_some(params.settings);
        if pull_settings(&self.client, &self.state, pushed).await {
            let all: Vec<PathBuf> = self
                .state
                .all_workspaces()
                .iter()
                .flat_map(|w| sorted_paths(w))
                .collect();
            self.state.bump_epoch();
            self.deliver(all).await;
        }
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let removed = self.state.docs.lock().remove(&params.text_document.uri);
        let Some(path) = removed.and_then(|d| d.path) else {
            return;
        };
        // Unsaved changes are gone: the disk is the truth again.
        let st = self.state.clone();
        let p = path.clone();
        let affected = guard::blocking("textDocument/didClose", move || {
            let ws = st.owner(&p);
            let mut corpus = ws.corpus.write();
            let in_workspace = st.workspace_of(&p).is_some();
            let mut out = vec![p.clone()];
            if in_workspace && p.is_file() && corpus.is_member(&p) {
                let content = corpus.loader().load(&p);
                out.extend(corpus.upsert(&p, content));
            } else {
                out.extend(corpus.remove(&p));
            }
            drop(corpus);
            st.bump_epoch();
            out
        })
        .await
        .unwrap_or_default();
        self.deliver(affected).await;
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        let changes = params
            .changes
            .iter()
            .filter_map(|c| {
                Some(FsChange {
                    path: uri_path(&c.uri)?,
                    deleted: c.typ == FileChangeType::DELETED,
                })
            })
            .collect();
        apply_fs_changes(&self.client, &self.state, changes).await;
    }

    async fn did_change_workspace_folders(&self, params: DidChangeWorkspaceFoldersParams) {
        for f in &params.event.removed {
            if let Some(p) = uri_path(&f.uri) {
                let gone: Vec<PathBuf> = {
                    let mut wss = self.state.workspaces.write();
                    let (keep, drop): (Vec<_>, Vec<_>) = wss.drain(..).partition(|w| w.root != p);
                    *wss = keep;
                    drop.iter().flat_map(|w| sorted_paths(w)).collect()
                };
                if self.state.features().mode == DiagnosticMode::Push {
                    for g in gone {
                        if let Some(uri) = protocol::path_to_uri(&g) {
                            self.client.publish_diagnostics(uri, vec![], None).await;
                        }
                    }
                }
            }
        }
        for f in &params.event.added {
            if let Some(p) = uri_path(&f.uri) {
                if let Some(ws) = self.state.add_workspace(p) {
                    watch::add_root(&self.state, &ws.root);
                    tokio::spawn(index_workspace(self.client.clone(), self.state.clone(), ws));
                }
            }
        }
    }

    async fn diagnostic(
        &self,
        params: DocumentDiagnosticParams,
    ) -> Result<DocumentDiagnosticReportResult> {
        // the findings of one report depend on the whole corpus
        self.state
            .wait_indexed(Some(&params.text_document.uri))
            .await;
        let st = self.state.clone();
        let uri = params.text_document.uri.clone();
        let previous = params.previous_result_id.clone();
        guard::blocking("textDocument/diagnostic", move || {
            document_diagnostic(&st, &uri, previous.as_deref())
        })
        .await
    }

    async fn goto_definition(
        &self,
        params: GotoDefinitionParams,
    ) -> Result<Option<GotoDefinitionResponse>> {
        let p = params.text_document_position_params;
        self.state.wait_indexed(Some(&p.text_document.uri)).await;
        let st = self.state.clone();
        guard::blocking("textDocument/definition", move || {
            super::navigation::definition(&st, &p.text_document.uri, p.position)
                .filter(|v| !v.is_empty())
                .map(GotoDefinitionResponse::Array)
        })
        .await
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        let p = params.text_document_position;
        self.state.wait_indexed(Some(&p.text_document.uri)).await;
        let st = self.state.clone();
        let include = params.context.include_declaration;
        guard::blocking("textDocument/references", move || {
            super::navigation::entity_references(&st, &p.text_document.uri, p.position).or_else(
                || super::navigation::references(&st, &p.text_document.uri, p.position, include),
            )
        })
        .await
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let p = params.text_document_position_params;
        self.state.wait_indexed(Some(&p.text_document.uri)).await;
        let st = self.state.clone();
        guard::blocking("textDocument/hover", move || {
            super::navigation::with_target(&st, &p.text_document.uri, p.position, |t| {
                super::navigation::entity_hover(&t).or_else(|| super::navigation::quote_hover(&t))
            })
            .map(|md| Hover {
                contents: HoverContents::Markup(MarkupContent {
                    kind: MarkupKind::Markdown,
                    value: md,
                }),
                range: None,
            })
        })
        .await
    }

    async fn symbol(
        &self,
        params: WorkspaceSymbolParams,
    ) -> Result<Option<WorkspaceSymbolResponse>> {
        self.state.wait_indexed(None).await;
        let st = self.state.clone();
        guard::blocking("workspace/symbol", move || {
            Some(WorkspaceSymbolResponse::Flat(
                super::navigation::workspace_symbols(&st, &params.query),
            ))
        })
        .await
    }

    async fn code_lens(&self, params: CodeLensParams) -> Result<Option<Vec<CodeLens>>> {
        self.state
            .wait_indexed(Some(&params.text_document.uri))
            .await;
        let st = self.state.clone();
        guard::blocking("textDocument/codeLens", move || {
            super::navigation::code_lenses(&st, &params.text_document.uri)
        })
        .await
    }

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        let st = self.state.clone();
        guard::blocking("textDocument/documentSymbol", move || {
            super::navigation::document_symbols(&st, &params.text_document.uri)
                .map(DocumentSymbolResponse::Nested)
        })
        .await
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let st = self.state.clone();
        guard::blocking("textDocument/codeAction", move || {
            let actions =
                super::actions::code_actions(&st, &params.text_document.uri, params.range);
            (!actions.is_empty()).then_some(actions)
        })
        .await
    }

    async fn execute_command(
        &self,
        params: ExecuteCommandParams,
    ) -> Result<Option<serde_json::Value>> {
        if params.command != super::actions::REMOVE_ALL_BOILERPLATE {
            return Err(tower_lsp_server::jsonrpc::Error::invalid_params(format!(
                "unknown command {}",
                params.command
            )));
        }
        let uri: Option<Uri> = params
            .arguments
            .first()
            .and_then(|a| a.as_str().or_else(|| a.get("uri").and_then(|u| u.as_str())))
            .and_then(|s| s.parse().ok());
        let Some(uri) = uri else {
            return Err(tower_lsp_server::jsonrpc::Error::invalid_params(
                "expected the report's URI as the first argument",
            ));
        };
        let st = self.state.clone();
        let u = uri.clone();
        let edit = guard::blocking("workspace/executeCommand", move || {
            super::actions::remove_all_boilerplate(&st, &u)
        })
        .await?;
        match edit {
            Some(edit) => {
                let applied = self.client.apply_edit(edit).await;
                Ok(Some(
                    serde_json::json!({ "applied": applied.map(|r| r.applied).unwrap_or(false) }),
                ))
            }
            None => {
                self.client
                    .show_message(MessageType::INFO, "newsdesk: no boilerplate in this report")
                    .await;
                Ok(Some(serde_json::json!({ "applied": false })))
            }
        }
    }

    async fn workspace_diagnostic(
        &self,
        params: WorkspaceDiagnosticParams,
    ) -> Result<WorkspaceDiagnosticReportResult> {
        let previous: HashMap<String, String> = params
            .previous_result_ids
            .iter()
            .map(|p| (p.uri.as_str().to_string(), p.value.clone()))
            .collect();
        let token = params.partial_result_params.partial_result_token.clone();
        self.state.wait_indexed(None).await;
        let deadline = Instant::now() + LONG_POLL;
        loop {
            let epoch = self.state.corpus_epoch.load(Ordering::SeqCst);
            let notified = self.state.changed.notified();
            let (items, any_new) = workspace_pass(&self.state, &previous, token.as_ref()).await;
            // Nothing new for a client that already has everything: hold the request
            // until something changes (the protocol's long poll), so that the client
            // does not ask again in a tight loop.
            if any_new || previous.is_empty() || Instant::now() >= deadline {
                return Ok(WorkspaceDiagnosticReportResult::Report(
                    WorkspaceDiagnosticReport { items },
                ));
            }
            if self.state.corpus_epoch.load(Ordering::SeqCst) == epoch {
                let _ = tokio::time::timeout_at(deadline.into(), notified).await;
            }
        }
    }
}

/// Reports whose workspace diagnostics are computed per step (in parallel, under
/// a short read lock).
const PULL_BATCH: usize = 256;

/// The workspace-diagnostic items of a batch of reports. A report whose findings
/// have not changed since its last result id (the corpus's version of it is the
/// same) is answered "unchanged" without computing anything.
fn workspace_batch(
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
            let version = {
                let c = ws.corpus.read();
                let id = c.get(path)?.id;
                (c.version(id), open)
            };
            let known = state.results.lock().get(path).cloned();
            let prev = previous.get(uri.as_str());
            if let Some((v, id)) = &known {
                if *v == version && prev == Some(id) {
                    return Some(WorkspaceDocumentDiagnosticReport::Unchanged(
                        WorkspaceUnchangedDocumentDiagnosticReport {
                            uri,
                            version: open.map(i64::from),
                            unchanged_document_diagnostic_report:
                                UnchangedDocumentDiagnosticReport {
                                    result_id: id.clone(),
                                },
                        },
                    ));
                }
            }
            let diags = guard::request("workspace/diagnostic", || {
                report_diagnostics(state, ws, path)
            })
            .ok()
            .flatten()?;
            let id = result_id(&diags);
            state
                .results
                .lock()
                .insert(path.clone(), (version, id.clone()));
            Some(document_item(uri, open, id, diags, prev))
        })
        .collect()
}

/// A full or (when the client has this result already) unchanged item.
fn document_item(
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

fn item_uri(i: &WorkspaceDocumentDiagnosticReport) -> &Uri {
    match i {
        WorkspaceDocumentDiagnosticReport::Full(f) => &f.uri,
        WorkspaceDocumentDiagnosticReport::Unchanged(u) => &u.uri,
    }
}

/// What one batch of a `workspace/diagnostic` pass gives: the addresses seen,
/// the unchanged items, the full ones (or, when the client gave a token, their
/// partial result serialised for the outbox), and whether any was full.
#[derive(Default)]
struct PullBatch {
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
async fn workspace_pass(
    state: &Arc<State>,
    previous: &HashMap<String, String>,
    token: Option<&ProgressToken>,
) -> (Vec<WorkspaceDocumentDiagnosticReport>, bool) {
    let mut items = Vec::new();
    let mut seen: std::collections::HashSet<String> = std::collections::HashSet::new();
    let mut any_new = false;
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
                let mut out = PullBatch::default();
                for item in workspace_batch(&st, &w, &b, &p) {
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
            })
        };
        let mut batches = paths.chunks(PULL_BATCH);
        let mut pending = batches.next().map(&compute);
        while let Some(task) = pending.take() {
            let got = guard::finish(task).await.unwrap_or_default();
            pending = batches.next().map(&compute);
            seen.extend(got.seen);
            items.extend(got.unchanged);
            any_new |= got.any_new;
            match got.frame {
                Some(f) => {
                    let _ = state.outbox.send(f).await;
                }
                None => items.extend(got.full),
            }
        }
        // the corpus's newsdesk.toml
        let (path, diags) = config_diagnostics(state, &ws);
        if let Some(uri) = protocol::path_to_uri(&path) {
            seen.insert(uri.as_str().to_string());
            let id = result_id(&diags);
            let item = document_item(
                uri,
                state.open_version(&path),
                id,
                diags,
                previous.get(path_key(&path).as_str()),
            );
            if matches!(item, WorkspaceDocumentDiagnosticReport::Full(_)) {
                any_new = true;
            }
            items.push(item);
        }
    }
    // reports that are gone: clear what the client still shows for them
    for uri in previous.keys().filter(|u| !seen.contains(*u)) {
        if let Ok(uri) = uri.parse::<Uri>() {
            any_new = true;
            items.push(WorkspaceDocumentDiagnosticReport::Full(
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
    (items, any_new)
}

/// The key under which the client names a file's previous result.
fn path_key(path: &Path) -> String {
    protocol::path_to_uri(path)
        .map(|u| u.as_str().to_string())
        .unwrap_or_default()
}

impl Backend {
    /// A message that could not be decoded reached us as this notification.
    pub async fn malformed_message(&self, params: serde_json::Value) {
        let why = params["reason"].as_str().unwrap_or("unknown").to_string();
        tracing::warn!("ignored a malformed message: {why}");
        self.client
            .log_message(
                MessageType::WARNING,
                format!("newsdesk ignored a malformed message: {why}"),
            )
            .await;
    }

    fn start_own_watcher(&self) {
        let roots: Vec<PathBuf> = self
            .state
            .workspaces
            .read()
            .iter()
            .map(|w| w.root.clone())
            .collect();
        let Some(mut batches) = watch::start(&self.state, roots) else {
            return;
        };
        let (client, state) = (self.client.clone(), self.state.clone());
        tokio::spawn(async move {
            while let Some(changes) = batches.recv().await {
                if state.shutdown_requested() {
                    return;
                }
                apply_fs_changes(&client, &state, changes).await;
            }
        });
    }
}
