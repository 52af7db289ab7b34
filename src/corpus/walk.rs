//! Finding the reports of a corpus: every file under the root that the include and
//! exclude globs select, skipping hidden folders and what `.gitignore` excludes.

use super::config::Config;
use ignore::gitignore::{Gitignore, GitignoreBuilder};
use std::path::{Path, PathBuf};

/// A folder or file under the root that could not be looked at, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub path: PathBuf,
    pub reason: String,
}

impl std::fmt::Display for Skipped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let path = self.path.to_string_lossy();
        write!(f, "{}: {}", short_path(&path), self.reason)
    }
}

/// What a walk of the root found: the report paths, sorted, and what it could
/// not look at (a folder it may not read, a path too long for the system).
#[derive(Debug, Default)]
pub struct Walk {
    pub paths: Vec<PathBuf>,
    pub skipped: Vec<Skipped>,
}

/// All report paths under `root`, sorted.
pub fn discover(root: &Path, config: &Config) -> Vec<PathBuf> {
    walk(root, config).paths
}

/// All report paths under `root`, sorted, with what the walk had to skip.
pub fn walk(root: &Path, config: &Config) -> Walk {
    let mut out = Walk::default();
    let walker = ignore::WalkBuilder::new(root)
        .hidden(true)
        .git_ignore(true)
        .git_exclude(true)
        .git_global(false)
        .require_git(false)
        .parents(false)
        .build();
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                out.skipped.extend(skipped_of(&e, root));
                continue;
            }
        };
        if entry.file_type().is_some_and(|t| t.is_file()) {
            let path = entry.path();
            if let Ok(rel) = path.strip_prefix(root) {
                if config.is_report(rel) {
                    out.paths.push(path.to_path_buf());
                }
            }
        }
    }
    out.paths.sort();
    out.skipped.sort_by(|a, b| a.path.cmp(&b.path));
    out.skipped.dedup_by(|a, b| a.path == b.path);
    out
}

/// The place and the plain reason of a walk error. A broken `.gitignore`
/// line is not a skipped folder (the rest of the file still applies).
fn skipped_of(e: &ignore::Error, root: &Path) -> Option<Skipped> {
    if e.is_partial() || matches!(e, ignore::Error::Glob { .. }) {
        return None;
    }
    let reason = match e.io_error() {
        Some(io) => io_reason(io),
        None if looped(e) => "a link back to a folder above it".into(),
        None => e.to_string(),
    };
    Some(Skipped {
        path: path_of(e).unwrap_or_else(|| root.to_path_buf()),
        reason,
    })
}

fn path_of(e: &ignore::Error) -> Option<PathBuf> {
    use ignore::Error as E;
    match e {
        E::WithPath { path, .. } => Some(path.clone()),
        E::WithDepth { err, .. } | E::WithLineNumber { err, .. } => path_of(err),
        E::Loop { child, .. } => Some(child.clone()),
        _ => None,
    }
}

fn looped(e: &ignore::Error) -> bool {
    use ignore::Error as E;
    match e {
        E::Loop { .. } => true,
        E::WithPath { err, .. } | E::WithDepth { err, .. } | E::WithLineNumber { err, .. } => {
            looped(err)
        }
        _ => false,
    }
}

fn io_reason(io: &std::io::Error) -> String {
    // the walk wraps the system's error in its own: look through the chain
    let mut code = io.raw_os_error();
    let mut source: Option<&(dyn std::error::Error + 'static)> = io.get_ref().map(|e| e as _);
    while code.is_none() {
        let Some(e) = source else { break };
        if let Some(inner) = e.downcast_ref::<std::io::Error>() {
            code = inner.raw_os_error();
        }
        source = e.source();
    }
    match code {
        Some(c) if c == libc::EACCES || c == libc::EPERM => "permission denied".into(),
        Some(c) if c == libc::ENAMETOOLONG => {
            "the path is longer than the system allows (4,096 bytes)".into()
        }
        Some(c) => std::io::Error::from_raw_os_error(c).to_string(),
        None => io.to_string(),
    }
}

/// A path for a message: whole when it is short, else its start and end
/// around an ellipsis, with its length.
pub fn short_path(path: &str) -> String {
    const KEEP: usize = 60;
    if path.chars().count() <= 3 * KEEP {
        return path.to_string();
    }
    let head: String = path.chars().take(KEEP).collect();
    let tail: String = {
        let rev: Vec<char> = path.chars().rev().take(KEEP).collect();
        rev.into_iter().rev().collect()
    };
    format!("{head}…{tail} ({} bytes)", path.len())
}

/// Decides for one path (e.g. from a file-watcher event) whether it is a report,
/// with the same rules as [`discover`]: globs, hidden components, `.gitignore`
/// files between the root and the path.
pub struct Membership {
    root: PathBuf,
    ignores: Vec<Gitignore>,
}

impl Membership {
    pub fn new(root: &Path) -> Membership {
        Membership {
            root: root.to_path_buf(),
            ignores: Vec::new(),
        }
        .with_root_ignore()
    }

    fn with_root_ignore(mut self) -> Self {
        let mut b = GitignoreBuilder::new(&self.root);
        b.add(self.root.join(".gitignore"));
        if let Ok(g) = b.build() {
            self.ignores.push(g);
        }
        self
    }

    /// Is `path` a report of this corpus?
    pub fn is_report(&self, path: &Path, config: &Config) -> bool {
        let Ok(rel) = path.strip_prefix(&self.root) else {
            return false;
        };
        if rel
            .components()
            .any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
        {
            return false;
        }
        if !config.is_report(rel) {
            return false;
        }
        // nested .gitignore files on the way down
        let mut dir = self.root.clone();
        let mut ignores: Vec<Gitignore> = self.ignores.clone();
        for comp in rel.parent().into_iter().flat_map(|p| p.components()) {
            dir.push(comp);
            let gi = dir.join(".gitignore");
            if gi.exists() {
                let mut b = GitignoreBuilder::new(&dir);
                b.add(gi);
                if let Ok(g) = b.build() {
                    ignores.push(g);
                }
            }
        }
        !ignores
            .iter()
            .any(|g| g.matched_path_or_any_parents(path, false).is_ignore())
    }
}
