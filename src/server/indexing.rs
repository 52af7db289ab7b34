//! Background indexing of a workspace folder at start-up: the index cache
//! first, then the changed reports, with `$/progress`; requests that need the
//! whole corpus wait for it.

use super::diagnostics::{deliver_startup, publish_config, sorted_paths};
use super::guard;
use super::progress::{send_status, Progress};
use super::state::{State, Workspace};
use crate::analysis::text::thousands;
use crate::corpus::walk::{Skipped, Walk};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tower_lsp_server::ls_types::*;
use tower_lsp_server::Client;

/// Reports loaded and indexed per step of the start-up indexing.
const BATCH: usize = 64;

/// Reports indexed from the cache per step (the corpus lock is held for one step).
pub(super) const CACHE_BATCH: usize = 2_000;

/// Index every report of a workspace in the background, with progress reports:
/// unchanged reports from the on-disk index cache, the others read and analysed in
/// batches outside the corpus lock. Requests that need the whole corpus wait for
/// the end ([`Workspace::wait_indexed`]); the others are answered meanwhile.
pub(super) async fn index_workspace(client: Client, state: Arc<State>, ws: Arc<Workspace>) {
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
    let (found, decoded) = find_reports(&ws, use_cache).await;
    tell_skipped(&client, &ws.root, &found.skipped).await;
    let paths = found.paths;
    let total = paths.len();
    tracing::debug!(
        "indexing: {} paths found, cache read, at {:.2} s",
        total,
        started.elapsed().as_secs_f64()
    );
    progress
        .report(format!("indexing 0/{} reports", thousands(total)), 0, total)
        .await;
    let reporter = Reporter {
        client: &client,
        state: &state,
        progress: &progress,
        total,
    };
    let loaded = match load_reports(&reporter, &ws, paths, decoded, started).await {
        Ok(loaded) => loaded,
        Err(step) => return give_up(&ws, progress, step).await,
    };
    take_kept(&client, &ws, use_cache).await;
    tracing::debug!(
        "indexing: indexes complete at {:.2} s",
        started.elapsed().as_secs_f64()
    );
    hold_for_tests().await;
    ws.set_indexed();
    state.bump_epoch();
    send_status(&client, &state, total, total).await;
    let (count, summary) = summary(&ws, started, &loaded.rejected, &loaded.stats);
    tracing::info!("{summary}");
    client.log_message(MessageType::INFO, &summary).await;
    progress
        .finish(format!("{} reports", thousands(count)))
        .await;
    // keep the cache for the next start (without blocking requests for long),
    // also when the editor is already shutting down: `shutdown` waits for it, and
    // skipping it would make the next start a cold one
    let stats = &loaded.stats;
    if use_cache && (stats.analysed > 0 || stats.verified > 0 || loaded.stale) {
        write_cache(&ws).await;
    }
    drop(_writing);
    let all = sorted_paths(&ws);
    deliver_startup(&client, &state, all).await;
}

/// The index cache as read at start-up, or why it could not be used.
type CacheRead = Result<crate::corpus::cache::Decoded, crate::corpus::cache::Rejected>;

/// The reports of the workspace's folder and its index cache as read (the
/// cache `Missing` when not used or when the reading failed); no lock held.
async fn find_reports(ws: &Workspace, use_cache: bool) -> (Walk, CacheRead) {
    let scan = ws.corpus.read().scan(use_cache);
    guard::blocking("indexing", move || scan.run())
        .await
        .unwrap_or_else(|_| {
            (
                Walk::default(),
                Err(crate::corpus::cache::Rejected::Missing),
            )
        })
}

/// Say what the walk of the folder could not look at: one warning the curator
/// sees, and a log line for each place.
async fn tell_skipped(client: &Client, root: &std::path::Path, skipped: &[Skipped]) {
    if skipped.is_empty() {
        return;
    }
    for s in skipped {
        client
            .log_message(
                MessageType::WARNING,
                format!("newsdesk: skipped {s}; the reports under it are left out"),
            )
            .await;
    }
    let first = &skipped[0];
    let more = match skipped.len() {
        1 => String::new(),
        n => format!(" and {} more (see the log)", n - 1),
    };
    client
        .show_message(
            MessageType::WARNING,
            format!(
                "newsdesk could not read everything under {}: {}{more}. The reports there are left out.",
                root.display(),
                first
            ),
        )
        .await;
}

/// What loading the reports leaves for the end of the indexing.
struct Loaded {
    /// Why the index cache was not used, when it was not.
    rejected: Option<crate::corpus::cache::Rejected>,
    /// The cache holds entries that are no longer wanted.
    stale: bool,
    stats: crate::corpus::cache::LoadStats,
}

/// Plan the load of `paths` against the `decoded` cache, install the unchanged
/// reports from it, then read and analyse the others; the corpus's bulk load
/// ends here. On failure, the step that failed (for [`give_up`]).
async fn load_reports(
    reporter: &Reporter<'_>,
    ws: &Arc<Workspace>,
    paths: Vec<PathBuf>,
    decoded: CacheRead,
    started: Instant,
) -> Result<Loaded, &'static str> {
    let plan = {
        let ws = ws.clone();
        let st = reporter.state.clone();
        guard::blocking("indexing", move || {
            let mut c = ws.corpus.write();
            c.begin_bulk();
            // an editor's open text wins over the disk
            let paths: Vec<PathBuf> = paths.into_iter().filter(|p| !st.is_open(p)).collect();
            c.plan_load(&paths, decoded)
        })
        .await
    };
    let Ok(plan) = plan else {
        return Err("planning");
    };
    tracing::debug!(
        "indexing: planned at {:.2} s",
        started.elapsed().as_secs_f64()
    );
    let mut stats = crate::corpus::cache::LoadStats::default();
    // 1. unchanged reports from the cache, a batch per write lock
    let Some((mut plan, mut done)) = install_cached(reporter, ws, plan, &mut stats).await else {
        return Err("reading the index cache");
    };
    tracing::debug!(
        "indexing: {} from the cache at {:.2} s",
        stats.cached + stats.verified,
        started.elapsed().as_secs_f64()
    );
    // 2. the others, read and analysed outside the lock
    let to_read = std::mem::take(&mut plan.to_read);
    read_changed(reporter, ws, &to_read, &mut done, &mut stats).await;
    tracing::debug!(
        "indexing: all read at {:.2} s",
        started.elapsed().as_secs_f64()
    );
    ws.corpus.write().end_bulk();
    Ok(Loaded {
        rejected: plan.rejected,
        stale: plan.stale,
        stats,
    })
}

/// Take the quote links and boilerplate classes of the last session for the
/// reports that did not change (when `use_cache`), and the quote links of
/// `[links] path` (which then stand in for the last session's): part of the
/// index, so taken before requests are let in (taking them later held the
/// corpus while the first edits waited).
async fn take_kept(client: &Client, ws: &Arc<Workspace>, use_cache: bool) {
    let w = ws.clone();
    let taken = guard::blocking("indexing", move || {
        let c = w.corpus.read();
        let table = take_table(&c);
        if use_cache {
            let links = match &table {
                Some((_, Ok(_))) => 0,
                _ => c.load_links(false).unwrap_or_else(|e| {
                    tracing::debug!("quote links computed afresh: {e}");
                    0
                }),
            };
            let classes = c.load_classes().unwrap_or_else(|e| {
                tracing::debug!("boilerplate classes computed afresh: {e}");
                0
            });
            tracing::info!("kept from the last session: quote links of {links} reports, boilerplate classes of {classes}");
        }
        table
    })
    .await;
    if let Ok(Some((dir, taken))) = taken {
        tell_table(client, &dir, &taken).await;
    }
}

/// The quote links of the corpus's `[links] path`, taken: where from, and
/// what was taken (nothing when no table is configured).
type Taken = (std::path::PathBuf, TableTaken);

/// What was taken from a link table, or why nothing was.
type TableTaken = Result<crate::corpus::precomputed::Adopted, String>;

pub(super) fn take_table(c: &crate::corpus::Corpus) -> Option<Taken> {
    let dir = c.config().links_dir(c.root())?;
    let taken = crate::batch::take_links(c, &dir);
    Some((dir, taken))
}

/// Say what was taken from a link table: in the log, and to the curator when
/// the table could not be used.
pub(super) async fn tell_table(client: &Client, dir: &std::path::Path, taken: &TableTaken) {
    let said = crate::batch::said(&dir.display().to_string(), taken);
    tracing::info!("{said}");
    match taken {
        Ok(_) => client.log_message(MessageType::INFO, said).await,
        Err(_) => {
            client.log_message(MessageType::WARNING, &said).await;
            client.show_message(MessageType::WARNING, said).await;
        }
    }
}

/// Install the reports that the index cache holds unchanged, a batch per write
/// lock, with progress; the plan comes back without them, with how many were
/// taken (None when a batch failed).
async fn install_cached(
    reporter: &Reporter<'_>,
    ws: &Arc<Workspace>,
    mut plan: crate::corpus::LoadPlan,
    stats: &mut crate::corpus::cache::LoadStats,
) -> Option<(crate::corpus::LoadPlan, usize)> {
    let state = reporter.state;
    let mut done = 0;
    while !plan.cached.is_empty() && !state.shutdown_requested() {
        let n = plan.cached.len().min(CACHE_BATCH);
        let ws2 = ws.clone();
        let batch = guard::blocking("indexing", move || {
            // (a report the editor opened meanwhile keeps the editor's text)
            let s = ws2
                .corpus
                .write()
                .install_cached_entries(&mut plan, CACHE_BATCH);
            (plan, s)
        })
        .await;
        let (p, s) = match batch {
            Ok(b) => b,
            Err(e) => {
                tracing::error!("indexing from the cache: {e}");
                return None;
            }
        };
        plan = p;
        stats.cached += s.cached;
        stats.verified += s.verified;
        done += n;
        reporter.report(done).await;
    }
    Some((plan, done))
}

/// Read and analyse the reports the cache could not give, a batch at a time
/// outside the corpus lock, with progress.
async fn read_changed(
    reporter: &Reporter<'_>,
    ws: &Arc<Workspace>,
    to_read: &[PathBuf],
    done: &mut usize,
    stats: &mut crate::corpus::cache::LoadStats,
) {
    let state = reporter.state;
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
        *done += n;
        reporter.report(*done).await;
    }
}

/// Where the indexing tells how far it has come: the `$/progress` of the
/// folder and the status notification, out of `total` reports.
struct Reporter<'a> {
    client: &'a Client,
    state: &'a Arc<State>,
    progress: &'a Progress,
    total: usize,
}

impl Reporter<'_> {
    /// "indexing 1,200/100,000 reports".
    async fn report(&self, done: usize) {
        let total = self.total;
        self.progress
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
        send_status(self.client, self.state, done, total).await;
    }
}

/// Indexing failed at `step`: the corpus keeps what it has, requests stop
/// waiting for it, and the editor's progress ends.
async fn give_up(ws: &Workspace, progress: Progress, step: &str) {
    tracing::error!("indexing {} failed while {step}", ws.root.display());
    ws.corpus.write().end_bulk();
    ws.set_indexed();
    progress
        .finish("indexing failed (see the log)".into())
        .await;
}

/// The number of reports and the line that tells the curator what indexing did.
fn summary(
    ws: &Workspace,
    started: Instant,
    rejected: &Option<crate::corpus::cache::Rejected>,
    stats: &crate::corpus::cache::LoadStats,
) -> (usize, String) {
    let (count, unreadable) = {
        let c = ws.corpus.read();
        let unreadable = c.reports().filter(|r| r.facts().is_none()).count();
        (c.len(), unreadable)
    };
    let cache_note = match (rejected, stats.cached + stats.verified) {
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
    (count, summary)
}

/// Keep the index for the next start (without blocking requests for long),
/// also when the editor is already shutting down: `shutdown` waits for it, and
/// skipping it would make the next start a cold one.
async fn write_cache(ws: &Arc<Workspace>) {
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

/// A test hook: with `NEWSDESK_TEST_HOLD_INDEX=FILE`, indexing does not finish
/// until FILE exists (so that a test can send requests while it runs).
pub(super) async fn hold_for_tests() {
    let Some(file) = std::env::var_os("NEWSDESK_TEST_HOLD_INDEX") else {
        return;
    };
    let file = PathBuf::from(file);
    while !file.exists() {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}
