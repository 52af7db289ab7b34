//! `$/progress` reports and the status notification: how the server tells the
//! editor how far indexing and start-up publishing have come.

use super::state::State;
use std::sync::atomic::Ordering;
use tower_lsp_server::ls_types::*;
use tower_lsp_server::Client;

/// `newsdesk/status`: indexing state and report count, for status bars.
pub(super) enum StatusNotification {}

impl tower_lsp_server::ls_types::notification::Notification for StatusNotification {
    type Params = serde_json::Value;
    const METHOD: &'static str = "newsdesk/status";
}

pub(super) async fn send_status(client: &Client, state: &State, done: usize, total: usize) {
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

/// A work-done progress shown by the client, when it can show one.
pub(super) struct Progress(
    Option<
        tower_lsp_server::OngoingProgress<
            tower_lsp_server::Bounded,
            tower_lsp_server::NotCancellable,
        >,
    >,
);

impl Progress {
    pub(super) async fn begin(
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

    pub(super) async fn report(&self, message: String, done: usize, total: usize) {
        if let Some(p) = &self.0 {
            let pct = (done * 100 / total.max(1)) as u32;
            p.report_with_message(message, pct).await;
        }
    }

    pub(super) async fn finish(self, message: String) {
        if let Some(p) = self.0 {
            p.finish_with_message(message).await;
        }
    }
}
