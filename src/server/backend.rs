//! The `LanguageServer` implementation: protocol in, corpus calls, protocol out.

use super::capabilities;
use super::diagnostics::{deliver, document_diagnostic, sorted_paths, uri_path, workspace_pass};
use super::documents::Document;
use super::guard;
use super::indexing::index_workspace;
use super::state::{DiagnosticMode, OpenDoc, State};
use super::sync::apply_fs_changes;
use super::watch::{self, FsChange};
use crate::protocol;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer};

/// Quiet time after an edit before the report is re-analysed.
const DEBOUNCE: Duration = Duration::from_millis(150);

/// How long a workspace-diagnostic request with nothing new waits for a change.
const LONG_POLL: Duration = Duration::from_secs(30);

pub struct Backend {
    client: Client,
    state: Arc<State>,
}

impl Backend {
    /// `newsdesk.writeOverview`: write the overview page of the workspace
    /// folder named by the first argument (`"file:///…"` or `{"uri": …, "out":
    /// "/path/page.html"}`) once its indexing is done, and answer `{"path",
    /// "uri"}`.
    async fn write_overview(
        &self,
        params: ExecuteCommandParams,
    ) -> Result<Option<serde_json::Value>> {
        let arg = params.arguments.first();
        let uri: Option<Uri> = arg
            .and_then(|a| a.as_str().or_else(|| a.get("uri").and_then(|u| u.as_str())))
            .and_then(|s| s.parse().ok());
        let at = uri.as_ref().and_then(crate::protocol::uri_to_path);
        if uri.is_some() && at.is_none() {
            return Err(tower_lsp_server::jsonrpc::Error::invalid_params(
                "expected a file:// URI of a workspace folder or a report",
            ));
        }
        let out = arg
            .and_then(|a| a.get("out"))
            .and_then(|o| o.as_str())
            .map(std::path::PathBuf::from);
        self.state.wait_indexed(None).await;
        let st = self.state.clone();
        let written = guard::blocking("workspace/executeCommand", move || {
            super::actions::write_overview(&st, at.as_deref(), out)
        })
        .await?;
        match written {
            Ok(path) => Ok(Some(serde_json::json!({
                "path": path.display().to_string(),
                "uri": crate::protocol::path_to_uri(&path).map(|u| u.as_str().to_string()),
            }))),
            Err(e) => Err(tower_lsp_server::jsonrpc::Error {
                code: tower_lsp_server::jsonrpc::ErrorCode::InternalError,
                message: format!("newsdesk: {e}").into(),
                data: None,
            }),
        }
    }
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

impl Backend {
    /// Send or announce fresh diagnostics for these reports.
    async fn deliver(&self, paths: Vec<PathBuf>) {
        deliver(&self.client, &self.state, paths).await;
    }
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
                    undelivered: Vec::new(),
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
                let mut out = s2.flush_doc(&uri, Some(generation)).unwrap_or_default();
                // what a request flushed of this edit before the debounce ended
                let mut seen: std::collections::HashSet<PathBuf> = out.iter().cloned().collect();
                for p in s2.take_undelivered(&uri, generation) {
                    if seen.insert(p.clone()) {
                        out.push(p);
                    }
                }
                (!out.is_empty()).then_some(out)
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
        if let Some(ws) = self.state.workspace_of(&path) {
            if ws.is_config(&path) {
                // the editor's text was the configuration: read the file again
                let affected = super::sync::reload_config(&self.client, &self.state, &ws).await;
                self.deliver(affected).await;
                return;
            }
        }
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
        let (places, note) = guard::blocking("textDocument/references", move || {
            match super::navigation::entity_references(&st, &p.text_document.uri, p.position) {
                Some((places, note)) => (Some(places), note),
                None => (
                    super::navigation::references(&st, &p.text_document.uri, p.position, include),
                    None,
                ),
            }
        })
        .await?;
        if let Some(note) = note {
            self.client.show_message(MessageType::INFO, note).await;
        }
        Ok(places)
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let p = params.text_document_position_params;
        self.state.wait_indexed(Some(&p.text_document.uri)).await;
        let st = self.state.clone();
        guard::blocking("textDocument/hover", move || {
            super::navigation::with_target(&st, &p.text_document.uri, p.position, |t| {
                super::navigation::entity_hover(&t)
                    .or_else(|| super::navigation::quote_hover(&t))
                    .or_else(|| super::navigation::headline_hover(&t))
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
        if params.command == super::actions::WRITE_OVERVIEW {
            return self.write_overview(params).await;
        }
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
