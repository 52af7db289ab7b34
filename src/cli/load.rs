//! Turning command-line paths into loaded corpora, with the same discovery rules as
//! the server.

use crate::corpus::config::{Config, CONFIG_FILE};
use crate::corpus::Corpus;
use std::path::{Path, PathBuf};

/// A corpus and the reports of it that the user asked about.
pub struct Target {
    pub corpus: Corpus,
    pub selected: Vec<PathBuf>,
}

/// Load the corpora for `paths`. Errors are printed and make the result `Err(2)`.
pub fn targets(
    config: Option<&Path>,
    paths: &[PathBuf],
    use_cache: bool,
) -> Result<Vec<Target>, i32> {
    let explicit = match config {
        Some(c) => match Config::load_file(c) {
            Ok(cfg) if c.exists() => Some(cfg),
            Ok(_) => {
                eprintln!("newsdesk: {}: no such configuration file", c.display());
                return Err(2);
            }
            Err(e) => {
                eprintln!("{}:{e}", c.display());
                return Err(2);
            }
        },
        None => None,
    };
    // (root, selected files; empty = all)
    let mut groups: Vec<(PathBuf, Option<Vec<PathBuf>>)> = Vec::new();
    for p in paths {
        let abs = match std::fs::canonicalize(p) {
            Ok(a) => a,
            Err(e) => {
                eprintln!("newsdesk: {}: {e}", p.display());
                return Err(2);
            }
        };
        let (root, file) = if abs.is_dir() {
            (abs, None)
        } else {
            (corpus_root_of(&abs), Some(abs))
        };
        match groups.iter_mut().find(|(r, _)| *r == root) {
            Some((_, sel)) => match (sel.as_mut(), file) {
                (Some(v), Some(f)) => v.push(f),
                (_, None) => *sel = None,
                (None, Some(_)) => {}
            },
            None => groups.push((root, file.map(|f| vec![f]))),
        }
    }
    let mut out = Vec::new();
    for (root, sel) in groups {
        let mut corpus = match &explicit {
            Some(cfg) => Corpus::with_config(&root, cfg.clone()),
            None => Corpus::new(&root),
        };
        if let Some(e) = &corpus.config_state().error {
            eprintln!(
                "{}:{}:{}: error[config-error]: {} (using the default settings)",
                display(&corpus.config_path()),
                e.line,
                e.column,
                e.message
            );
        }
        let started = std::time::Instant::now();
        let stats = corpus.load_all_cached(use_cache);
        tracing::debug!("indexed in {:.2} s", started.elapsed().as_secs_f64());
        let shown = display(&root);
        for (part, bytes) in corpus.memory() {
            tracing::debug!("memory: {part}: {:.1} MB", bytes as f64 / 1e6);
        }
        tracing::info!(
            "{}: {} reports from the index cache, {} verified, {} analysed{}",
            shown,
            stats.cached,
            stats.verified,
            stats.analysed,
            stats
                .rejected
                .as_ref()
                .map(|r| format!(" ({r})"))
                .unwrap_or_default()
        );
        let selected = match sel {
            None => corpus.paths(),
            Some(files) => {
                for f in &files {
                    // a file named explicitly is checked even if the globs skip it
                    if !corpus.contains(f) {
                        let content = corpus.loader().load(f);
                        corpus.upsert(f, content);
                    }
                }
                files
            }
        };
        out.push(Target { corpus, selected });
    }
    Ok(out)
}

/// The corpus a lone file belongs to: the nearest folder above it with a
/// `newsdesk.toml` or `.git`, else its own folder.
pub fn corpus_root_of(file: &Path) -> PathBuf {
    let parent = file.parent().unwrap_or(Path::new("/")).to_path_buf();
    for dir in parent.ancestors() {
        if dir.join(CONFIG_FILE).is_file() || dir.join(".git").exists() {
            return dir.to_path_buf();
        }
    }
    parent
}

/// A path as the user would like to read it: relative to the current folder when
/// it is below it.
pub fn display(p: &Path) -> String {
    std::env::current_dir()
        .ok()
        .and_then(|cwd| p.strip_prefix(cwd).ok().map(|r| r.display().to_string()))
        .unwrap_or_else(|| p.display().to_string())
}
