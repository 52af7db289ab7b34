//! Test-only access to the shared data beside the checkout (`../shared`): present
//! for the team and CI, absent in a newcomer's clone. Absent data skips the test
//! with a message, except under CI (`CI=true`), where it is a failure.

use std::path::PathBuf;

/// `../shared/<sub>`, or None (with a "SKIPPED" note) when it is not there.
pub fn shared(sub: &str) -> Option<PathBuf> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("shared")
        .join(sub);
    if p.exists() {
        return Some(p);
    }
    if std::env::var("CI").is_ok_and(|v| v == "true" || v == "1") {
        panic!(
            "{} is missing, and CI=true: the shared data must be beside the checkout",
            p.display()
        );
    }
    eprintln!("SKIPPED: {} not found", p.display());
    None
}
