//! Request isolation: a panic inside one request becomes an error response and a log
//! line; the server goes on serving.

use std::panic::{catch_unwind, AssertUnwindSafe};
use tower_lsp_server::jsonrpc;

/// Name of the environment variable that makes the named request panic on purpose.
/// The protocol tests use it to check that a panic is contained.
pub const PANIC_ENV: &str = "NEWSDESK_TEST_PANIC_IN";

/// Run `f` for request `method`; a panic becomes an internal-error response.
pub fn request<T>(method: &str, f: impl FnOnce() -> T) -> jsonrpc::Result<T> {
    run(method, f).map_err(|msg| {
        let mut e = jsonrpc::Error::internal_error();
        e.message = format!("newsdesk could not answer {method}: {msg}").into();
        e
    })
}

/// Run `f` for notification `method`; a panic is logged and swallowed.
pub fn notification(method: &str, f: impl FnOnce()) {
    let _ = run(method, f);
}

/// Start `f` on tokio's blocking pool at once, isolated as [`request`] is (a
/// panic becomes an error and a log line); await the handle with [`finish`].
/// Every piece of blocking work of the server goes through here: the request
/// loop never runs the analysis itself.
pub fn spawn<T: Send + 'static>(
    method: &'static str,
    f: impl FnOnce() -> T + Send + 'static,
) -> tokio::task::JoinHandle<jsonrpc::Result<T>> {
    tokio::task::spawn_blocking(move || request(method, f))
}

/// The result of work started by [`spawn`].
pub async fn finish<T>(task: tokio::task::JoinHandle<jsonrpc::Result<T>>) -> jsonrpc::Result<T> {
    task.await.unwrap_or_else(|e| {
        let mut err = jsonrpc::Error::internal_error();
        err.message = format!("newsdesk: a background task failed: {e}").into();
        Err(err)
    })
}

/// Run `f` on the blocking pool and wait for it: [`spawn`] then [`finish`].
pub async fn blocking<T: Send + 'static>(
    method: &'static str,
    f: impl FnOnce() -> T + Send + 'static,
) -> jsonrpc::Result<T> {
    finish(spawn(method, f)).await
}

fn run<T>(method: &str, f: impl FnOnce() -> T) -> Result<T, String> {
    catch_unwind(AssertUnwindSafe(|| {
        if std::env::var(PANIC_ENV).is_ok_and(|m| m == method) {
            panic!("deliberate panic in {method} ({PANIC_ENV} is set)");
        }
        f()
    }))
    .map_err(|payload| {
        let msg = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "internal error".to_string());
        tracing::error!(method, "request panicked: {msg}");
        msg
    })
}
