//! Watching the corpus folders ourselves (with `notify`) when the client cannot
//! watch for us through `workspace/didChangeWatchedFiles`. Events are debounced:
//! a burst of writes to one file becomes one update.

use super::state::State;
use notify::{RecursiveMode, Watcher};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::Duration;
use tokio::sync::mpsc::{unbounded_channel, UnboundedReceiver};

/// Quiet time before a burst of file events is handled.
const DEBOUNCE: Duration = Duration::from_millis(200);

/// One file system change, from the client's watcher or our own.
#[derive(Debug, Clone)]
pub struct FsChange {
    pub path: PathBuf,
    pub deleted: bool,
}

/// Start watching `roots`: the changes come out of the returned channel, a
/// burst at a time (none when the folders cannot be watched).
pub fn start(state: &State, roots: Vec<PathBuf>) -> Option<UnboundedReceiver<Vec<FsChange>>> {
    let (tx, mut rx) = unbounded_channel::<PathBuf>();
    let watcher =
        notify::recommended_watcher(move |res: notify::Result<notify::Event>| match res {
            Ok(ev) => {
                if matches!(ev.kind, notify::EventKind::Access(_)) {
                    return;
                }
                for p in ev.paths {
                    let _ = tx.send(p);
                }
            }
            Err(e) => tracing::warn!("file watcher: {e}"),
        });
    let mut watcher = match watcher {
        Ok(w) => w,
        Err(e) => {
            tracing::error!("cannot watch the corpus folders: {e}");
            return None;
        }
    };
    for r in &roots {
        if let Err(e) = watcher.watch(r, RecursiveMode::Recursive) {
            tracing::error!("cannot watch {}: {e}", r.display());
        }
    }
    *state.watcher.lock() = Some(watcher);
    let (out, batches) = unbounded_channel();
    tokio::spawn(async move {
        while let Some(first) = rx.recv().await {
            let mut batch = BTreeSet::from([first]);
            // collect until the burst is over
            loop {
                match tokio::time::timeout(DEBOUNCE, rx.recv()).await {
                    Ok(Some(p)) => {
                        batch.insert(p);
                    }
                    Ok(None) => return,
                    Err(_) => break,
                }
            }
            let changes = batch
                .into_iter()
                .filter(|p| !is_hidden_noise(p))
                .map(|p| FsChange {
                    deleted: !p.exists(),
                    path: p,
                })
                .collect();
            if out.send(changes).is_err() {
                return; // nobody listens any more
            }
        }
    });
    Some(batches)
}

/// Watch one more folder (a workspace folder added later).
pub fn add_root(state: &State, root: &Path) {
    if let Some(w) = state.watcher.lock().as_mut() {
        if let Err(e) = w.watch(root, RecursiveMode::Recursive) {
            tracing::error!("cannot watch {}: {e}", root.display());
        }
    }
}

/// Stop watching (on shutdown).
pub fn stop(state: &State) {
    state.watcher.lock().take();
}

/// Editor swap files and the like: never reports, and noisy.
fn is_hidden_noise(p: &Path) -> bool {
    let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
    name.ends_with('~') || name.ends_with(".swp") || name.ends_with(".swx") || name == "4913"
}
