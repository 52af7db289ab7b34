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
