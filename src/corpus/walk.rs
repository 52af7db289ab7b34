//! Finding the reports of a corpus: every file under the root that the include and
//! exclude globs select, skipping hidden folders and what `.gitignore` excludes.

use super::config::Config;
use ignore::gitignore::{Gitignore, GitignoreBuilder};
use std::path::{Path, PathBuf};

/// All report paths under `root`, sorted.
pub fn discover(root: &Path, config: &Config) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let walker = ignore::WalkBuilder::new(root)
        .hidden(true)
        .git_ignore(true)
        .git_exclude(true)
        .git_global(false)
        .require_git(false)
        .parents(false)
        .build();
    for entry in walker.flatten() {
        if entry.file_type().is_some_and(|t| t.is_file()) {
            let path = entry.path();
            if let Ok(rel) = path.strip_prefix(root) {
                if config.is_report(rel) {
                    out.push(path.to_path_buf());
                }
            }
        }
    }
    out.sort();
    out
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
