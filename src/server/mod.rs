//! The LSP adapter: protocol types, position encodings, document sync, scheduling,
//! progress and diagnostics delivery. It holds no analysis logic of its own; it
//! feeds the corpus and converts what comes back with [`crate::protocol`].

mod actions;
mod backend;
mod capabilities;
mod diagnostics;
pub mod documents;
mod framing;
pub mod guard;
pub mod incoming;
mod indexing;
mod navigation;
mod progress;
mod state;
mod sync;
mod watch;

pub use backend::Backend;

use tower_lsp_server::{LspService, Server};

/// Requests served at once. tower-lsp's default of 4 lets a few slow requests block
/// `$/cancelRequest` and `shutdown`.
pub const CONCURRENCY: usize = 64;

/// How long handlers may still run after `exit` (see [`run_stdio`]).
const EXIT_GRACE: std::time::Duration = std::time::Duration::from_millis(500);

/// Serve the language server on stdin/stdout until the client says `exit`.
/// Returns the process exit code: 0 after a proper `shutdown`, 1 otherwise.
pub fn run_stdio() -> i32 {
    // the analysis's patterns built while the client initializes, not on its first
    // request (a thread of its own: a failure there costs only the head start)
    let _ = std::thread::Builder::new()
        .name("newsdesk-warm-up".into())
        .spawn(|| {
            let t = std::time::Instant::now();
            crate::corpus::warm_up();
            tracing::debug!(
                "analysis warmed up in {:.1} ms",
                t.elapsed().as_secs_f64() * 1e3
            );
        });
    let rt = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_name("newsdesk-lsp")
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("newsdesk: cannot start the async runtime: {e}");
            return 2;
        }
    };
    let code = rt.block_on(async {
        // tower-lsp's frames and the server's own meet in one queue to stdout
        let (outbox, frames) = tokio::sync::mpsc::channel(framing::OUTBOX_FRAMES);
        let (protocol, written) = tokio::io::duplex(1 << 16);
        tokio::spawn(framing::forward_frames(written, outbox.clone()));
        let outbox_for_replies = outbox.clone();
        let (service, socket) = LspService::build(|client| Backend::new(client, outbox))
            .custom_method(framing::MALFORMED_METHOD, Backend::malformed_message)
            .finish();
        let state = service.inner().state();
        let (filtered, input) = tokio::io::duplex(1 << 16);
        let exit = std::sync::Arc::new(tokio::sync::Notify::new());
        let seen = exit.clone();
        let replies = outbox_for_replies;
        tokio::spawn(async move {
            incoming::filter(tokio::io::stdin(), filtered, replies, &seen).await
        });
        let writer = tokio::spawn(framing::write_frames(frames, tokio::io::stdout()));
        let serve = Server::new(input, protocol, socket)
            .concurrency_level(CONCURRENCY)
            .serve(service);
        // tower-lsp's transport ends only when every handler has; one still
        // waiting for an answer from the client (which, after `exit`, never comes)
        // would keep the process alive. So `exit` ends it after a short grace.
        tokio::select! {
            () = serve => {}
            () = async {
                exit.notified().await;
                tokio::time::sleep(EXIT_GRACE).await;
            } => tracing::warn!("exit: handlers still waiting for the client were dropped"),
        }
        // what tower-lsp wrote last (the answer to `shutdown`) reaches the client
        let _ = tokio::time::timeout(EXIT_GRACE, writer).await;
        if state.shutdown_requested() {
            0
        } else {
            1
        }
    });
    rt.shutdown_timeout(std::time::Duration::from_millis(300));
    code
}
