//! The corpus: the reports of one folder, its configuration, and the cross-report
//! indexes, kept up to date one report at a time.
//!
//! * [`Corpus::upsert`] and [`Corpus::remove`] change one report: its local facts
//!   are computed once, its entries in the indexes are swapped, and the reports whose
//!   findings may change with it are returned. Nothing else is recomputed.
//! * [`Corpus::findings`] gives a report's findings with the configuration applied
//!   (severity, `off`, accepted findings). Server and CLI both call it.
//!
//! File discovery ([`walk`]) and loading ([`source`]) live here too: this is the
//! layer that may touch the file system; `analysis` may not.

pub mod config;
pub mod entity_index;
pub mod lines;
pub mod quote_index;
pub mod source;
pub mod walk;

use crate::analysis::registry::Registry;
use crate::analysis::{
    self, lines::LineIndex, Analysis, CorpusContext, Finding, LocalFacts, Place, QuoteLink,
};
use config::{Config, ConfigError, EditorSettings, Level};
use entity_index::EntityIndex;
use lines::LineCounts;
use parking_lot::Mutex;
use quote_index::{PassageIndex, QuoteIndex, QuoteRef};
use rayon::prelude::*;
use source::Problem;
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The curator's registry of actors, beside `newsdesk.toml`.
pub const ENTITIES_FILE: &str = "entities.toml";

/// Dense id of a report inside one corpus.
pub type ReportId = u32;

/// The text of a report and what the analysis knows of it on its own.
#[derive(Debug)]
pub struct TextReport {
    pub text: Arc<str>,
    pub lines: LineIndex,
    pub facts: LocalFacts,
}

impl TextReport {
    pub fn new(text: impl Into<Arc<str>>, registry: &Registry) -> TextReport {
        let text: Arc<str> = text.into();
        TextReport {
            lines: LineIndex::new(&text),
            facts: LocalFacts::compute_with(&text, registry),
            text,
        }
    }
}

/// Turns files and editor texts into [`Content`] the way one corpus does: its
/// size cap and its registry of known actors. Cheap to clone and `Send`, so
/// loading can run outside the corpus lock.
#[derive(Clone)]
pub struct Loader {
    pub cap: u64,
    pub registry: Arc<Registry>,
}

impl Loader {
    /// Load a report from disk and compute its local facts.
    pub fn load(&self, path: &Path) -> Content {
        match source::load(path, self.cap) {
            Ok(text) => Content::Text(Arc::new(TextReport::new(text, &self.registry))),
            Err(p) => Content::Problem(p),
        }
    }

    /// A report from an editor's text (the size cap applies too).
    pub fn text(&self, text: String) -> Content {
        if text.len() as u64 > self.cap {
            return Content::Problem(Problem::TooLarge {
                size: text.len() as u64,
                cap: self.cap,
            });
        }
        Content::Text(Arc::new(TextReport::new(text, &self.registry)))
    }
}

/// A report as the corpus holds it: analysable text, or the reason it is not.
#[derive(Debug, Clone)]
pub enum Content {
    Text(Arc<TextReport>),
    Problem(Problem),
}

impl Content {
    pub fn text(&self) -> Option<&Arc<TextReport>> {
        match self {
            Content::Text(t) => Some(t),
            Content::Problem(_) => None,
        }
    }
}

/// One report of the corpus.
#[derive(Debug, Clone)]
pub struct Report {
    pub id: ReportId,
    pub path: PathBuf,
    pub content: Content,
}

/// The state of a corpus's `newsdesk.toml`.
#[derive(Debug, Clone, Default)]
pub struct ConfigState {
    /// Why it could not be used, when it could not.
    pub error: Option<ConfigError>,
}

/// The reports of one folder and the indexes across them.
pub struct Corpus {
    root: PathBuf,
    config: Arc<Config>,
    config_state: ConfigState,
    editor: EditorSettings,
    membership: walk::Membership,
    ids: HashMap<PathBuf, ReportId>,
    reports: Vec<Option<Report>>,
    free: Vec<ReportId>,
    line_counts: LineCounts,
    quote_index: QuoteIndex,
    passage_index: PassageIndex,
    entity_index: EntityIndex,
    registry: Arc<Registry>,
    /// While the whole corpus is being loaded: cross-report invalidation is
    /// skipped and findings are not cached (they would go stale as reports arrive).
    bulk: bool,
    findings_cache: Mutex<HashMap<ReportId, Arc<Vec<Finding>>>>,
}

impl Corpus {
    /// An empty corpus at `root`, with its `newsdesk.toml` (or the defaults when it is
    /// missing or broken; see [`Corpus::config_state`]).
    pub fn new(root: &Path) -> Corpus {
        let mut c = Corpus {
            root: root.to_path_buf(),
            config: Arc::new(Config::default()),
            config_state: ConfigState::default(),
            editor: EditorSettings::default(),
            membership: walk::Membership::new(root),
            ids: HashMap::new(),
            reports: Vec::new(),
            free: Vec::new(),
            line_counts: LineCounts::default(),
            quote_index: QuoteIndex::new(),
            passage_index: PassageIndex::new(),
            entity_index: EntityIndex::new(),
            registry: Arc::new(Registry::bundled().clone()),
            bulk: false,
            findings_cache: Mutex::new(HashMap::new()),
        };
        c.reload_config();
        c
    }

    /// An empty corpus with a configuration given explicitly (the CLI's `--config`).
    pub fn with_config(root: &Path, config: Config) -> Corpus {
        let mut c = Corpus::new(root);
        c.config = Arc::new(config);
        c.config_state = ConfigState::default();
        c
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn config(&self) -> &Arc<Config> {
        &self.config
    }

    pub fn config_state(&self) -> &ConfigState {
        &self.config_state
    }

    /// The path of this corpus's configuration file (whether or not it exists).
    pub fn config_path(&self) -> PathBuf {
        self.root.join(config::CONFIG_FILE)
    }

    /// Re-read `newsdesk.toml` (and `entities.toml`). Every cached finding is
    /// dropped.
    pub fn reload_config(&mut self) {
        let loaded = Config::load(&self.root);
        self.apply_config(loaded)
    }

    /// Use the text of `newsdesk.toml` as the editor has it (unsaved changes win,
    /// as for reports).
    pub fn set_config_text(&mut self, text: &str) {
        let parsed = Config::parse(text);
        self.apply_config(parsed)
    }

    fn apply_config(&mut self, loaded: Result<Config, ConfigError>) {
        let (config, error) = match loaded {
            Ok(c) => (c, None),
            Err(e) => (Config::default(), Some(e)),
        };
        let (registry, entities_error) = self.build_registry(&config);
        let state = ConfigState {
            error: error.or(entities_error),
        };
        self.config = Arc::new(config);
        self.config_state = state;
        self.membership = walk::Membership::new(&self.root);
        self.findings_cache.lock().clear();
        if *self.registry != registry {
            self.registry = Arc::new(registry);
            self.refresh_facts();
        }
    }

    /// The file of the curator's actors beside `newsdesk.toml`.
    pub fn entities_path(&self) -> PathBuf {
        self.root.join(ENTITIES_FILE)
    }

    /// The bundled registry, with `[entities]` of newsdesk.toml and then
    /// `entities.toml` on top.
    fn build_registry(&self, config: &Config) -> (Registry, Option<ConfigError>) {
        let mut reg = Registry::bundled().clone();
        if let Some(own) = &config.entities {
            reg = Registry::merged(&reg, own);
        }
        let path = self.entities_path();
        if let Ok(text) = std::fs::read_to_string(&path) {
            match Registry::from_toml(&text) {
                Ok(own) => reg = Registry::merged(&reg, &own),
                Err(m) => {
                    return (
                        reg,
                        Some(ConfigError {
                            message: format!("{ENTITIES_FILE} cannot be used: {m}"),
                            range: 0..0,
                            line: 1,
                            column: 1,
                        }),
                    )
                }
            }
        }
        (reg, None)
    }

    /// Recompute every report's local facts (after the registry changed).
    fn refresh_facts(&mut self) {
        let was_bulk = self.bulk;
        self.bulk = true;
        let registry = self.registry.clone();
        let texts: Vec<(PathBuf, Arc<str>)> = self
            .reports
            .iter()
            .flatten()
            .filter_map(|r| Some((r.path.clone(), r.content.text()?.text.clone())))
            .collect();
        let fresh: Vec<(PathBuf, Content)> = texts
            .into_par_iter()
            .map(|(p, t)| (p, Content::Text(Arc::new(TextReport::new(t, &registry)))))
            .collect();
        for (p, c) in fresh {
            self.upsert(&p, c);
        }
        self.bulk = was_bulk;
        self.findings_cache.lock().clear();
    }

    /// Use the editor's settings (below `newsdesk.toml`). Returns true when they
    /// changed; cached findings are then dropped.
    pub fn set_editor_settings(&mut self, settings: EditorSettings) -> bool {
        if self.editor == settings {
            return false;
        }
        self.editor = settings;
        self.findings_cache.lock().clear();
        true
    }

    /// Findings on the configuration file itself (its parse error, if any).
    pub fn config_findings(&self) -> Vec<Finding> {
        match &self.config_state.error {
            Some(e) => {
                let mut f = Finding::new(
                    "config-error",
                    e.range.clone(),
                    format!(
                        "newsdesk.toml cannot be used, so the defaults apply until it is fixed: {}",
                        e.message
                    ),
                );
                f.severity = analysis::Severity::Error;
                vec![f]
            }
            None => Vec::new(),
        }
    }

    /// Is `path` one of this corpus's reports by the configuration (globs, hidden
    /// folders, `.gitignore`)? Says nothing about whether it is loaded.
    pub fn is_member(&self, path: &Path) -> bool {
        self.membership.is_report(path, &self.config)
    }

    /// Report paths on disk, by the configuration.
    pub fn discover(&self) -> Vec<PathBuf> {
        walk::discover(&self.root, &self.config)
    }

    /// Load every discovered report from disk, in parallel, and index them.
    pub fn load_all(&mut self) {
        let paths = self.discover();
        let loader = self.loader();
        let loaded: Vec<(PathBuf, Content)> = paths
            .into_par_iter()
            .map(|p| {
                let c = loader.load(&p);
                (p, c)
            })
            .collect();
        self.begin_bulk();
        for (p, c) in loaded {
            self.upsert(&p, c);
        }
        self.end_bulk();
    }

    /// Start loading many reports at once (start-up indexing): per-report
    /// cross-report invalidation is skipped until [`Corpus::end_bulk`].
    pub fn begin_bulk(&mut self) {
        self.bulk = true;
    }

    /// Loading is over: every cached finding is dropped once.
    pub fn end_bulk(&mut self) {
        self.bulk = false;
        self.findings_cache.lock().clear();
    }

    /// How this corpus turns files and texts into reports.
    pub fn loader(&self) -> Loader {
        Loader {
            cap: self.config.max_file_size,
            registry: self.registry.clone(),
        }
    }

    /// The registry of known actors: the bundled one with the curator's on top.
    pub fn registry(&self) -> &Arc<Registry> {
        &self.registry
    }

    /// The cross-report index of actors and events.
    pub fn entities(&self) -> &EntityIndex {
        &self.entity_index
    }

    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    pub fn contains(&self, path: &Path) -> bool {
        self.ids.contains_key(path)
    }

    pub fn get(&self, path: &Path) -> Option<&Report> {
        self.ids
            .get(path)
            .and_then(|&id| self.reports[id as usize].as_ref())
    }

    pub fn by_id(&self, id: ReportId) -> Option<&Report> {
        self.reports.get(id as usize).and_then(Option::as_ref)
    }

    /// Every report path, sorted.
    pub fn paths(&self) -> Vec<PathBuf> {
        let mut v: Vec<PathBuf> = self.ids.keys().cloned().collect();
        v.sort();
        v
    }

    /// Add or replace one report. Returns the other reports whose findings may have
    /// changed because of it (they share lines with the old or new text).
    pub fn upsert(&mut self, path: &Path, content: Content) -> BTreeSet<PathBuf> {
        let (id, old) = match self.ids.get(path) {
            Some(&id) => (id, self.reports[id as usize].take()),
            None => {
                let id = self.free.pop().unwrap_or_else(|| {
                    self.reports.push(None);
                    (self.reports.len() - 1) as ReportId
                });
                self.ids.insert(path.to_path_buf(), id);
                (id, None)
            }
        };
        let mut touched = Vec::new();
        if let Some(Content::Text(t)) = old.as_ref().map(|r| &r.content) {
            touched.extend(self.line_counts.remove(id, &t.facts));
            touched.extend(self.unindex_quotes(id, &t.facts));
        }
        self.entity_index.remove_report(id);
        if let Content::Text(t) = &content {
            touched.extend(self.line_counts.add(id, &t.facts));
            touched.extend(self.index_quotes(id, &t.facts));
            self.entity_index
                .add_report(id, &t.facts.mentions, &t.facts.events);
        }
        self.reports[id as usize] = Some(Report {
            id,
            path: path.to_path_buf(),
            content,
        });
        self.invalidate(id, touched)
    }

    /// Remove one report. Returns the other reports whose findings may change.
    pub fn remove(&mut self, path: &Path) -> BTreeSet<PathBuf> {
        let Some(id) = self.ids.remove(path) else {
            return BTreeSet::new();
        };
        let old = self.reports[id as usize].take();
        self.free.push(id);
        let mut touched = Vec::new();
        if let Some(Content::Text(t)) = old.as_ref().map(|r| &r.content) {
            touched.extend(self.line_counts.remove(id, &t.facts));
            touched.extend(self.unindex_quotes(id, &t.facts));
        }
        self.entity_index.remove_report(id);
        self.invalidate(id, touched)
    }

    /// The reports linked to `id` by a quote or a shared passage.
    fn linked_reports(&self, id: ReportId, facts: &LocalFacts) -> Vec<ReportId> {
        let threshold = self.quote_threshold();
        let mut out: Vec<ReportId> = (0..facts.quotes.len())
            .flat_map(|quote| {
                self.quote_index
                    .links(QuoteRef { report: id, quote }, threshold)
                    .into_iter()
                    .map(|(r, _)| r.report)
            })
            .collect();
        for (_, h) in &facts.sentences {
            out.extend(self.passage_index.others(*h, id));
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    fn index_quotes(&mut self, id: ReportId, facts: &LocalFacts) -> Vec<ReportId> {
        self.quote_index.add_report(id, &facts.quote_entries);
        let hashes: Vec<u64> = facts.sentences.iter().map(|(_, h)| *h).collect();
        self.passage_index.add_report(id, &hashes);
        if self.bulk {
            return Vec::new();
        }
        self.linked_reports(id, facts)
    }

    fn unindex_quotes(&mut self, id: ReportId, facts: &LocalFacts) -> Vec<ReportId> {
        let before = if self.bulk {
            Vec::new()
        } else {
            self.linked_reports(id, facts)
        };
        self.quote_index.remove_report(id);
        self.passage_index.remove_report(id);
        before
    }

    /// The score at or above which two quotes are linked.
    pub fn quote_threshold(&self) -> f32 {
        self.config.quote_threshold(&self.editor)
    }

    /// The other reports' quotes of quote `quote` of report `id`, best first.
    pub fn quote_links(&self, id: ReportId, quote: usize) -> Vec<QuoteLink> {
        self.quote_index
            .links(QuoteRef { report: id, quote }, self.quote_threshold())
            .into_iter()
            .filter_map(|(r, score)| {
                let other = self.by_id(r.report)?;
                let t = other.content.text()?;
                let q = t.facts.quotes.get(r.quote)?;
                Some(QuoteLink {
                    path: other.path.clone(),
                    range: q.range.clone(),
                    text: q.text.clone(),
                    speaker: q.speaker.as_ref().map(|s| s.name.clone()),
                    score,
                    date: t.facts.date.clone(),
                })
            })
            .collect()
    }

    /// Where other reports carry sentence `sentence` of report `id` verbatim.
    pub fn sentence_links(&self, id: ReportId, facts: &LocalFacts, sentence: usize) -> Vec<Place> {
        let Some((_, hash)) = facts.sentences.get(sentence) else {
            return Vec::new();
        };
        self.passage_index
            .others(*hash, id)
            .into_iter()
            .filter_map(|r| {
                let other = self.by_id(r)?;
                let t = other.content.text()?;
                let (range, _) = t.facts.sentences.iter().find(|(_, h)| h == hash)?;
                Some(Place {
                    path: Some(other.path.clone()),
                    range: range.clone(),
                })
            })
            .collect()
    }

    fn invalidate(&self, id: ReportId, touched: Vec<ReportId>) -> BTreeSet<PathBuf> {
        let mut cache = self.findings_cache.lock();
        cache.remove(&id);
        let mut out = BTreeSet::new();
        for other in touched {
            if other != id {
                cache.remove(&other);
                if let Some(r) = self.by_id(other) {
                    out.insert(r.path.clone());
                }
            }
        }
        out
    }

    /// What the corpus knows that bears on one report.
    pub fn context(&self, id: ReportId, facts: &LocalFacts) -> CorpusContext {
        CorpusContext {
            line_repeats: facts
                .line_keys
                .iter()
                .map(|k| k.map_or(0, |k| self.line_counts.others(k, id)))
                .collect(),
            quote_links: (0..facts.quotes.len())
                .map(|q| self.quote_links(id, q))
                .collect(),
            sentence_links: (0..facts.sentences.len())
                .map(|s| self.sentence_links(id, facts, s))
                .collect(),
        }
    }

    /// The full analysis of one report (before the configuration is applied).
    pub fn analysis(&self, path: &Path) -> Option<Analysis> {
        let r = self.get(path)?;
        let t = r.content.text()?;
        Some(analysis::analyze(
            &t.text,
            &t.facts,
            &self.context(r.id, &t.facts),
        ))
    }

    /// The findings of one report, with the configuration applied. Cached until the
    /// report, a report sharing lines with it, or the configuration changes.
    pub fn findings(&self, path: &Path) -> Option<Arc<Vec<Finding>>> {
        let r = self.get(path)?;
        if let Some(f) = self.findings_cache.lock().get(&r.id) {
            return Some(f.clone());
        }
        let raw = match &r.content {
            Content::Text(t) => {
                analysis::analyze(&t.text, &t.facts, &self.context(r.id, &t.facts)).findings
            }
            Content::Problem(p) => vec![Finding::new(p.code(), 0..0, p.to_string())],
        };
        let rel = self.relative(path);
        let text = r.content.text();
        let findings: Vec<Finding> = raw
            .into_iter()
            .filter_map(|mut f| {
                match self.config.level(f.code, &self.editor) {
                    Level::Off => return None,
                    Level::On(s) => f.severity = s,
                }
                if let Some(t) = text {
                    let line = t.lines.line_of(f.range.start);
                    let line_text = &t.text[t.lines.line_range(&t.text, line)];
                    if self.config.is_ignored(&rel, f.code, line_text) {
                        return None;
                    }
                }
                Some(f)
            })
            .collect();
        let findings = Arc::new(findings);
        if !self.bulk {
            self.findings_cache.lock().insert(r.id, findings.clone());
        }
        Some(findings)
    }

    /// `path` relative to the root, with `/` separators (as in `[[ignore]]` entries).
    pub fn relative(&self, path: &Path) -> String {
        path.strip_prefix(&self.root)
            .unwrap_or(path)
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/")
    }
}
