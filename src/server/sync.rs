//! Files changed on disk (from the client's watcher or ours): the corpus
//! brought up to date one file at a time, the configuration reloaded when
//! `newsdesk.toml`, `entities.toml` or `.gitignore` changes.

use super::diagnostics::{deliver, publish_config};
use super::guard;
use super::state::{State, Workspace};
use super::watch::FsChange;
use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;
use std::sync::Arc;
use tower_lsp_server::ls_types::*;
use tower_lsp_server::Client;

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
        to_deliver.extend(sync_report(state, &ws, path, deleted).await);
    }
    for ws in config_reloaded {
        to_deliver.extend(reload_config(client, state, &ws).await);
    }
    if !to_deliver.is_empty() {
        deliver(client, state, to_deliver.into_iter().collect()).await;
    }
}

/// Read the report at `p` again, or drop it when it is `deleted` or no
/// longer a member; the reports whose findings this may change come back.
async fn sync_report(
    state: &Arc<State>,
    ws: &Arc<Workspace>,
    p: PathBuf,
    deleted: bool,
) -> Vec<PathBuf> {
    let st = state.clone();
    let w = ws.clone();
    guard::blocking("workspace/didChangeWatchedFiles", move || {
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
    .unwrap_or_default()
}

/// Reload the workspace's configuration, add and drop the reports whose
/// membership it changed, and publish the configuration's diagnostics; the
/// reports to deliver again come back (all of them).
pub(super) async fn reload_config(
    client: &Client,
    state: &Arc<State>,
    ws: &Arc<Workspace>,
) -> Vec<PathBuf> {
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
    // the configuration's links start afresh: the tables of `[links] path`
    // again, read under a read lock (requests go on meanwhile; a report
    // edited meanwhile is linked live, as its version moved)
    let w = ws.clone();
    let table = guard::blocking("reading the link tables", move || {
        super::indexing::take_table(&w.corpus.read())
    })
    .await;
    if let Ok(Some((dir, taken))) = &table {
        super::indexing::tell_table(client, dir, taken).await;
    }
    publish_config(client, state, ws, true).await;
    if ws.corpus.read().config_state().error.is_none() {
        client
            .log_message(MessageType::INFO, "newsdesk: reloaded newsdesk.toml")
            .await;
    }
    changed
}
