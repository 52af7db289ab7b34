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

/// The text of the seed report whose file name starts with `prefix`
/// (`"001"`), or None when the seeds are not there (outside CI). A seeds folder
/// without that report is a failure, never a skip.
pub fn seed(prefix: &str) -> Option<String> {
    let dir = shared("seeds")?;
    let path = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .flatten()
        .map(|e| e.path())
        .find(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with(prefix))
        })
        .unwrap_or_else(|| panic!("no seed report {prefix}* in {}", dir.display()));
    Some(std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
}
