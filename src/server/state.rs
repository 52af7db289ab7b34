//! The server's shared state: negotiated client features, the corpora of the
//! workspace folders, and the open documents.

use super::documents::Document;
use crate::analysis::lines::Encoding;
use crate::corpus::{source, Content, Corpus};
use parking_lot::{Mutex, RwLock};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use tower_lsp_server::ls_types::Uri;

/// What a result id was computed for: the corpus's version of the report and the
/// editor's version of its text, and the id as a number (the protocol's string
/// is its hexadecimal form, see `diagnostics::result_id`; 100,000 reports keep
/// one each).
pub type ResultStamp = (((u64, u64), Option<i32>), u64);

/// How diagnostics reach the client.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DiagnosticMode {
    /// `textDocument/diagnostic` and `workspace/diagnostic`, asked by the client.
    Pull,
    /// `textDocument/publishDiagnostics`, sent by the server for every report.
    Push,
}

/// What the client said it can do, read once at `initialize`.
#[derive(Debug, Clone, Copy)]
pub struct ClientFeatures {
    pub encoding: Encoding,
    pub mode: DiagnosticMode,
    pub work_done_progress: bool,
    pub watched_files_dynamic: bool,
    pub diagnostic_refresh: bool,
    pub code_lens_refresh: bool,
    pub configuration: bool,
}

impl Default for ClientFeatures {
    fn default() -> Self {
        ClientFeatures {
            encoding: Encoding::Utf16,
            mode: DiagnosticMode::Push,
            work_done_progress: false,
            watched_files_dynamic: false,
            diagnostic_refresh: false,
            code_lens_refresh: false,
            configuration: false,
        }
    }
}

/// One workspace folder and its corpus.
pub struct Workspace {
    pub root: PathBuf,
    pub corpus: RwLock<Corpus>,
    /// True once the first full indexing has finished.
    pub indexed: AtomicBool,
    /// Tells waiting requests that the indexing has finished.
    pub ready: tokio::sync::watch::Sender<bool>,
    /// The last result id of each report's pulled diagnostics, with the version
    /// of the report (and of the editor's text) it was computed for; by report
    /// id, which the corpus never gives to another report while this one is
    /// in it (a slot taken again starts from a newer version).
    pub results: Mutex<rustc_hash::FxHashMap<crate::corpus::ReportId, ResultStamp>>,
}

impl Workspace {
    pub fn new(root: PathBuf, corpus: Corpus, indexed: bool) -> Workspace {
        Workspace {
            root,
            corpus: RwLock::new(corpus),
            indexed: AtomicBool::new(indexed),
            ready: tokio::sync::watch::Sender::new(indexed),
            results: Mutex::default(),
        }
    }

    /// Is `path` this workspace's `newsdesk.toml` (at its root)?
    pub fn is_config(&self, path: &Path) -> bool {
        self.is_root_file(path, crate::corpus::config::CONFIG_FILE)
    }

    /// Is `path` this workspace's `entities.toml` (beside `newsdesk.toml`)?
    pub fn is_entities(&self, path: &Path) -> bool {
        self.is_root_file(path, crate::corpus::ENTITIES_FILE)
    }

    fn is_root_file(&self, path: &Path, name: &str) -> bool {
        path.file_name().is_some_and(|n| n == name) && path.parent() == Some(self.root.as_path())
    }

    /// Mark the first full indexing as done and wake the requests waiting for it.
    pub fn set_indexed(&self) {
        self.indexed.store(true, Ordering::SeqCst);
        self.ready.send_replace(true);
    }

    /// Wait until the first full indexing has finished (a request that needs the
    /// whole corpus must not answer from half of it). Dropping the future (a
    /// cancelled request) ends the wait.
    pub async fn wait_indexed(&self) {
        let mut rx = self.ready.subscribe();
        let _ = rx.wait_for(|ready| *ready).await;
    }
}

/// One analysable report, borrowed from its corpus for a request.
pub struct ReportView<'a> {
    pub corpus: &'a Corpus,
    pub report: &'a crate::corpus::Report,
    pub text: Arc<crate::corpus::TextReport>,
    pub path: PathBuf,
}

impl ReportView<'_> {
    /// The report's text with its line index, for position conversion.
    pub fn text_ref(&self) -> crate::protocol::TextRef<'_> {
        crate::protocol::TextRef {
            text: &self.text.text,
            lines: &self.text.lines,
        }
    }
}

/// An open document and where it belongs.
pub struct OpenDoc {
    pub doc: Document,
    pub path: Option<PathBuf>,
    /// Bumped on every change; an update computed for an older generation is stale.
    pub generation: u64,
    /// The generation last given to the corpus.
    pub indexed_generation: u64,
    /// The document version of the text last given to the corpus: diagnostics are
    /// published with it, so an editor can drop results for an older text.
    pub indexed_version: i32,
    /// The file on disk is not UTF-8: the editor's text is its own guess at decoding,
    /// so the report is not analysed until the curator changes it.
    pub disk_problem: Option<source::Problem>,
    /// The file on disk has been looked at for `disk_problem` (done by the first
    /// analysis of the document, on a worker thread, not by `didOpen` itself).
    pub disk_checked: bool,
    /// Reports a request's flush of this document changed, not yet delivered:
    /// the edit's debounced delivery takes them ([`State::take_undelivered`]).
    pub undelivered: Vec<PathBuf>,
}

pub struct State {
    pub features: RwLock<ClientFeatures>,
    pub workspaces: RwLock<Vec<Arc<Workspace>>>,
    /// Reports opened outside every workspace folder.
    pub loose: Arc<Workspace>,
    pub docs: Mutex<HashMap<Uri, OpenDoc>>,
    /// Held while an open document's text is given to its corpus
    /// ([`State::flush_doc`]); taken before any corpus lock.
    pub flushing: Mutex<()>,
    pub shutdown: AtomicBool,
    /// Bumped whenever any corpus changes (for workspace-diagnostic long polls).
    pub corpus_epoch: AtomicU64,
    pub changed: tokio::sync::Notify,
    /// Our own file watcher, when the client does not watch for us.
    pub watcher: Mutex<Option<notify::RecommendedWatcher>>,
    /// The editor's `newsdesk` settings, applied to every corpus.
    pub editor_settings: RwLock<crate::corpus::config::EditorSettings>,
    /// Held while an index cache is written (shutdown waits for it).
    pub cache_writes: tokio::sync::Mutex<()>,
    /// Whether the on-disk index cache is read and written
    /// (`initializationOptions.indexCache`, default true).
    pub index_cache: AtomicBool,
    /// The queue of whole frames to the client (see [`super::framing`]), for
    /// messages the server writes itself.
    pub outbox: super::framing::Outbox,
}

impl State {
    pub fn new(outbox: super::framing::Outbox) -> State {
        State {
            features: RwLock::new(ClientFeatures::default()),
            workspaces: RwLock::new(Vec::new()),
            loose: Arc::new(Workspace::new(
                PathBuf::from("/"),
                Corpus::with_config(Path::new("/"), crate::corpus::config::Config::default()),
                true,
            )),
            docs: Mutex::new(HashMap::new()),
            flushing: Mutex::new(()),
            shutdown: AtomicBool::new(false),
            corpus_epoch: AtomicU64::new(0),
            changed: tokio::sync::Notify::new(),
            watcher: Mutex::new(None),
            editor_settings: RwLock::new(Default::default()),
            index_cache: AtomicBool::new(true),
            outbox,
            cache_writes: tokio::sync::Mutex::new(()),
        }
    }

    pub fn use_cache(&self) -> bool {
        self.index_cache.load(Ordering::SeqCst)
    }

    pub fn shutdown_requested(&self) -> bool {
        self.shutdown.load(Ordering::SeqCst)
    }

    pub fn features(&self) -> ClientFeatures {
        *self.features.read()
    }

    pub fn encoding(&self) -> Encoding {
        self.features.read().encoding
    }

    pub fn add_workspace(&self, root: PathBuf) -> Option<Arc<Workspace>> {
        let mut wss = self.workspaces.write();
        if wss.iter().any(|w| w.root == root) {
            return None;
        }
        let mut corpus = Corpus::new(&root);
        corpus.set_editor_settings(self.editor_settings.read().clone());
        let ws = Arc::new(Workspace::new(root, corpus, false));
        wss.push(ws.clone());
        Some(ws)
    }

    /// The workspace whose folder holds `path` (the innermost one), if any.
    pub fn workspace_of(&self, path: &Path) -> Option<Arc<Workspace>> {
        self.workspaces
            .read()
            .iter()
            .filter(|w| path.starts_with(&w.root))
            .max_by_key(|w| w.root.components().count())
            .cloned()
    }

    /// The workspace holding `path`, or the loose one for files outside all folders.
    pub fn owner(&self, path: &Path) -> Arc<Workspace> {
        self.workspace_of(path)
            .unwrap_or_else(|| self.loose.clone())
    }

    /// Wait until the corpus that `uri` belongs to is indexed (see
    /// [`Workspace::wait_indexed`]); every corpus for `None`.
    pub async fn wait_indexed(&self, uri: Option<&Uri>) {
        let wss = match uri.and_then(crate::protocol::uri_to_path) {
            Some(p) => vec![self.owner(&p)],
            None => self.all_workspaces(),
        };
        for ws in wss {
            ws.wait_indexed().await;
        }
    }

    pub fn all_workspaces(&self) -> Vec<Arc<Workspace>> {
        let mut v = self.workspaces.read().clone();
        v.push(self.loose.clone());
        v
    }

    pub fn is_open(&self, path: &Path) -> bool {
        self.docs
            .lock()
            .values()
            .any(|d| d.path.as_deref() == Some(path))
    }

    /// Is `path` the configuration file at the root of a workspace?
    pub fn is_config_file(&self, path: &Path) -> bool {
        self.workspace_of(path).is_some_and(|w| w.is_config(path))
    }

    /// The editor's text of the open document at `path`, unsaved edits included.
    pub fn open_text(&self, path: &Path) -> Option<String> {
        self.docs
            .lock()
            .values()
            .find(|d| d.path.as_deref() == Some(path))
            .map(|d| d.doc.text())
    }

    /// Look once at the file on disk behind a newly opened document: an editor
    /// decodes a file that is not UTF-8 by guessing, and the finding must still
    /// say what the file is. Only a regular file is read, and no more than the
    /// corpus's size cap; the editor's text wins once it has been edited.
    fn check_disk(&self, uri: &Uri) {
        let path = {
            let mut docs = self.docs.lock();
            let Some(d) = docs.get_mut(uri) else {
                return;
            };
            if d.disk_checked {
                return;
            }
            d.disk_checked = true;
            match &d.path {
                Some(p) if d.generation == 1 => p.clone(),
                _ => return,
            }
        };
        let cap = self.owner(&path).corpus.read().loader().cap;
        let problem = match source::load(&path, cap) {
            Err(e @ (source::Problem::NotUtf8 { .. } | source::Problem::Binary)) => e,
            _ => return,
        };
        if let Some(d) = self.docs.lock().get_mut(uri) {
            if d.generation == 1 {
                d.disk_problem = Some(problem);
            }
        }
    }

    pub fn open_version(&self, path: &Path) -> Option<i32> {
        self.docs
            .lock()
            .values()
            .find(|d| d.path.as_deref() == Some(path))
            .map(|d| d.indexed_version)
    }

    pub fn bump_epoch(&self) {
        self.corpus_epoch.fetch_add(1, Ordering::SeqCst);
        self.changed.notify_waiters();
    }

    /// Run `f` on the analysable report at `uri` (loaded first if the indexing
    /// has not reached it), under a read lock of its corpus: the shared preamble
    /// of every request about one report.
    pub fn with_report<T>(
        &self,
        uri: &Uri,
        f: impl FnOnce(ReportView<'_>) -> Option<T>,
    ) -> Option<T> {
        let path = crate::protocol::uri_to_path(uri)?;
        self.ensure_loaded(uri);
        let ws = self.owner(&path);
        let corpus = ws.corpus.read();
        let report = corpus.get(&path)?;
        let text = corpus.full(&path)?;
        f(ReportView {
            corpus: &corpus,
            report,
            text,
            path,
        })
    }

    /// Make sure a report of a workspace folder is in its corpus, loading it from
    /// disk now if the background indexing has not reached it yet. Open documents
    /// are flushed instead.
    pub fn ensure_loaded(&self, uri: &Uri) {
        if self.docs.lock().contains_key(uri) {
            self.flush_for_request(uri);
            return;
        }
        let Some(path) = crate::protocol::uri_to_path(uri) else {
            return;
        };
        let Some(ws) = self.workspace_of(&path) else {
            return;
        };
        if ws.corpus.read().contains(&path) {
            return;
        }
        let (member, loader) = {
            let c = ws.corpus.read();
            (c.is_member(&path) && path.is_file(), c.loader())
        };
        if member {
            let content = loader.load(&path);
            let mut c = ws.corpus.write();
            if !c.contains(&path) {
                c.upsert(&path, content);
            }
        }
    }

    /// Give an open document's current text to its corpus, when it changed since the
    /// last time. Returns the reports affected (the document's own path first), or
    /// None when nothing was to do or a newer edit has already arrived.
    pub fn flush_doc(&self, uri: &Uri, only_generation: Option<u64>) -> Option<Vec<PathBuf>> {
        if !self.flush_pending(uri) {
            return None; // nothing to do: no need to wait for another flush
        }
        // one flush at a time: a request that arrives while `didOpen` analyses the
        // text waits for that analysis instead of doing it a second time
        let _flushing = self.flushing.lock();
        self.flush_locked(uri, only_generation)
    }

    /// Whether the document has text its corpus has not seen.
    fn flush_pending(&self, uri: &Uri) -> bool {
        self.docs
            .lock()
            .get(uri)
            .is_some_and(|d| d.indexed_generation != d.generation)
    }

    /// Flush an open document for a request about it, before the edit's
    /// debounce has ended. The request's answer publishes nothing, so what the
    /// flush changed is kept for the edit's debounced delivery.
    fn flush_for_request(&self, uri: &Uri) {
        if !self.flush_pending(uri) {
            return;
        }
        let _flushing = self.flushing.lock();
        if let Some(changed) = self.flush_locked(uri, None) {
            if let Some(d) = self.docs.lock().get_mut(uri) {
                d.undelivered.extend(changed);
            }
        }
    }

    /// The reports that requests flushed for the document and that are not yet
    /// delivered, taken by the delivery of the document's latest edit
    /// (`generation`); nothing for an older edit's.
    pub fn take_undelivered(&self, uri: &Uri, generation: u64) -> Vec<PathBuf> {
        // a flush for a request records its reports before it lets go of this
        let _flushing = self.flushing.lock();
        match self.docs.lock().get_mut(uri) {
            Some(d) if d.generation == generation => std::mem::take(&mut d.undelivered),
            _ => Vec::new(),
        }
    }

    /// [`State::flush_doc`], with the flush lock held.
    fn flush_locked(&self, uri: &Uri, only_generation: Option<u64>) -> Option<Vec<PathBuf>> {
        self.check_disk(uri);
        let (path, content, generation, version) = {
            let docs = self.docs.lock();
            let d = docs.get(uri)?;
            if let Some(g) = only_generation {
                if d.generation != g {
                    return None; // stale: a newer edit will do the work
                }
            }
            if d.indexed_generation == d.generation {
                return None;
            }
            let path = d.path.clone()?;
            let content = match &d.disk_problem {
                Some(p) => Err(p.clone()),
                None => Ok(d.doc.text()),
            };
            (path, content, d.generation, d.doc.version)
        };
        // the corpus's own newsdesk.toml, edited in the editor: its text is the config
        if self.is_config_file(&path) {
            let ws = self.owner(&path);
            let text = content.unwrap_or_default();
            let mut corpus = ws.corpus.write();
            if let Some(d) = self.docs.lock().get_mut(uri) {
                d.indexed_generation = generation;
                d.indexed_version = version;
            }
            corpus.set_config_text(&text);
            let mut out = vec![path];
            out.extend(corpus.paths());
            drop(corpus);
            self.bump_epoch();
            return Some(out);
        }
        // a file of a workspace folder that its configuration excludes is not a report
        if let Some(ws) = self.workspace_of(&path) {
            if !ws.corpus.read().is_member(&path) {
                return None;
            }
        }
        let ws = self.owner(&path);
        let loader = ws.corpus.read().loader();
        let content = match content {
            // the size cap holds for the editor's text too
            Ok(text) => loader.text(text),
            Err(p) => Content::Problem(p),
        };
        let affected = {
            let mut corpus = ws.corpus.write();
            // a newer edit may have arrived while we computed; check again under lock
            let mut docs = self.docs.lock();
            let d = docs.get_mut(uri)?;
            if (d.generation != generation && only_generation.is_some())
                || d.indexed_generation >= generation
            {
                return None; // stale, or a newer text is already in the corpus
            }
            d.indexed_generation = generation;
            d.indexed_version = version;
            drop(docs);
            corpus.upsert_live(&path, content)
        };
        self.bump_epoch();
        let mut out = vec![path];
        out.extend(affected);
        Some(out)
    }
}
