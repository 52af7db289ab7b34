//! The LSP adapter: protocol types, position encodings, document sync, scheduling,
//! progress and diagnostics delivery. It holds no analysis logic of its own; it
//! feeds the corpus and converts what comes back with [`crate::protocol`].

mod actions;
mod backend;
pub mod documents;
mod framing;
pub mod guard;
mod navigation;
mod state;
mod watch;

pub use backend::Backend;

use tower_lsp_server::{LspService, Server};

/// Requests served at once. tower-lsp's default of 4 lets a few slow requests block
/// `$/cancelRequest` and `shutdown`.
pub const CONCURRENCY: usize = 64;

/// Serve the language server on stdin/stdout until the client says `exit`.
/// Returns the process exit code: 0 after a proper `shutdown`, 1 otherwise.
pub fn run_stdio() -> i32 {
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
        let (service, socket) = LspService::build(Backend::new)
            .custom_method(framing::MALFORMED_METHOD, Backend::malformed_message)
            .finish();
        let state = service.inner().state();
        let (filtered, input) = tokio::io::duplex(1 << 16);
        tokio::spawn(framing::filter(tokio::io::stdin(), filtered));
        Server::new(input, tokio::io::stdout(), socket)
            .concurrency_level(CONCURRENCY)
            .serve(service)
            .await;
        if state.shutdown_requested() {
            0
        } else {
            1
        }
    });
    rt.shutdown_timeout(std::time::Duration::from_millis(300));
    code
}
