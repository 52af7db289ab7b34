//! Turning command-line paths into loaded corpora, with the same discovery rules as
//! the server.

use crate::corpus::config::{Config, CONFIG_FILE};
use crate::corpus::Corpus;
use std::path::{Path, PathBuf};

/// A corpus and the reports of it that the user asked about.
pub struct Target {
    pub corpus: Corpus,
    pub selected: Vec<PathBuf>,
    /// Places under the corpus's folder that could not be read (each printed
    /// when the corpus was loaded).
    pub skipped: usize,
}

/// Load the corpora for `paths`. Errors are printed and make the result `Err(2)`.
pub fn targets(
    config: Option<&Path>,
    paths: &[PathBuf],
    use_cache: bool,
) -> Result<Vec<Target>, i32> {
    targets_linked(config, None, paths, use_cache)
}

/// [`targets`], with the quote links of the link tables in `links` (else of
/// each corpus's `[links] path`) taken for the reports unchanged since.
pub fn targets_linked(
    config: Option<&Path>,
    links: Option<&Path>,
    paths: &[PathBuf],
    use_cache: bool,
) -> Result<Vec<Target>, i32> {
    let explicit = explicit_config(config)?;
    let groups = group_by_corpus(paths)?;
    Ok(groups
        .into_iter()
        .map(|(root, sel)| {
            let (mut corpus, skipped) = load_corpus(&root, explicit.as_ref(), use_cache);
            let dir = links
                .map(Path::to_path_buf)
                .or_else(|| corpus.config().links_dir(&root));
            if let Some(dir) = dir {
                let taken = crate::batch::take_links(&corpus, &dir);
                eprintln!("{}", crate::batch::said(&display(&dir), &taken));
            }
            let selected = select(&mut corpus, sel);
            Target {
                corpus,
                selected,
                skipped,
            }
        })
        .collect())
}

/// The configuration file given with `--config`, read (an error printed when
/// it is missing or wrong).
fn explicit_config(config: Option<&Path>) -> Result<Option<Config>, i32> {
    Ok(match config {
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
    })
}

/// A corpus's root with the files selected in it (`None`: all of them, as
/// when a folder is named).
type Group = (PathBuf, Option<Vec<PathBuf>>);

/// The paths grouped by the corpus they belong to, in the order first named.
fn group_by_corpus(paths: &[PathBuf]) -> Result<Vec<Group>, i32> {
    let mut groups: Vec<Group> = Vec::new();
    for p in paths {
        let abs = match absolute(p) {
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
    Ok(groups)
}

/// The absolute form of a named path. A file keeps its own name even when
/// it is a link (only its folder is resolved), so that a linked report stays
/// in its corpus and is reported under the name the curator gave.
fn absolute(p: &Path) -> std::io::Result<PathBuf> {
    std::fs::symlink_metadata(p)?;
    if p.is_dir() {
        return std::fs::canonicalize(p);
    }
    let parent = p
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    match p.file_name() {
        Some(name) => Ok(std::fs::canonicalize(parent)?.join(name)),
        None => std::fs::canonicalize(p),
    }
}

/// The corpus at `root` with every report loaded (from the index cache when
/// `use_cache`); a problem of its configuration file is printed, and the
/// default settings used; so is each place under the folder that could not be
/// read (their count comes back with the corpus).
fn load_corpus(root: &Path, explicit: Option<&Config>, use_cache: bool) -> (Corpus, usize) {
    let mut corpus = match explicit {
        Some(cfg) => Corpus::with_config(root, cfg.clone()),
        None => Corpus::new(root),
    };
    if let Some(e) = &corpus.config_state().error {
        let consequence = if e.file == CONFIG_FILE {
            "using the default settings"
        } else {
            "its actors are not used"
        };
        eprintln!(
            "{}:{}:{}: error[config-error]: {} ({consequence})",
            display(&corpus.config_problem_path()),
            e.line,
            e.column,
            e.message
        );
    }
    let started = std::time::Instant::now();
    let stats = corpus.load_all_cached(use_cache);
    for s in &stats.skipped {
        eprintln!(
            "newsdesk: skipped {}: {}; the reports under it were not checked",
            crate::corpus::walk::short_path(&display(&s.path)),
            s.reason
        );
    }
    tracing::debug!("indexed in {:.2} s", started.elapsed().as_secs_f64());
    let shown = display(root);
    if tracing::enabled!(tracing::Level::DEBUG) {
        for (part, bytes) in corpus.memory() {
            tracing::debug!("memory: {part}: {:.1} MB", bytes as f64 / 1e6);
        }
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
    (corpus, stats.skipped.len())
}

/// The reports of `corpus` the user asked about: all of them, or the files
/// named (added to the corpus when its globs skip them).
fn select(corpus: &mut Corpus, sel: Option<Vec<PathBuf>>) -> Vec<PathBuf> {
    match sel {
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
    }
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
