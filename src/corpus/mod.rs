//! The corpus: the reports of one folder, its configuration, and the cross-report
//! indexes, kept up to date one report at a time.
//!
//! * [`Corpus::upsert`] and [`Corpus::remove`] change one report: its local facts
//!   are computed once (by the caller, outside the corpus lock), a compact form
//!   of them is kept ([`facts::ReportFacts`]), its entries in the indexes are
//!   swapped, and the reports whose findings may change with it are returned.
//!   Nothing else is recomputed.
//! * [`Corpus::findings`] gives a report's findings with the configuration applied
//!   (severity, `off`, accepted findings). Server and CLI both call it. The text
//!   is read again from disk (or taken from the editor) when findings are asked
//!   for: the corpus does not keep 100,000 texts in memory.
//!
//! File discovery ([`walk`]) and loading ([`source`]) live here too: this is the
//! layer that may touch the file system; `analysis` may not.

pub mod cache;
pub mod classes;
pub mod config;
pub mod copies;
pub mod entity_index;
pub mod facts;
pub mod lines;
pub mod links;
pub mod postings;
pub mod precomputed;
pub mod quote_index;
pub mod source;
pub mod symbols;
pub mod walk;

use crate::analysis::actors::registry::Registry;
use crate::analysis::context::{CopyOf, CopyOrder};
use crate::analysis::lines::{LineIndex, Point};
use crate::analysis::{
    self, Analysis, CorpusContext, Finding, LocalFacts, Place, QuoteLink, SentenceLinks,
    MAX_RELATED,
};
use config::{Config, ConfigError, EditorSettings, Level};
use entity_index::EntityIndex;
use facts::{ReportFacts, SentenceFacts};
use lines::LineCounts;
use parking_lot::Mutex;
use quote_index::{Link, PassageIndex, QuoteIndex, QuoteRef};
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use source::{Problem, Stamp};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use symbols::Symbols;

/// The curator's registry of actors, beside `newsdesk.toml`.
pub const ENTITIES_FILE: &str = "entities.toml";

/// Dense id of a report inside one corpus.
pub type ReportId = u32;

/// A report's text with its line starts.
#[derive(Debug)]
pub struct Source {
    pub text: Arc<str>,
    pub lines: LineIndex,
}

impl Source {
    pub fn new(text: impl Into<Arc<str>>) -> Source {
        let text: Arc<str> = text.into();
        Source {
            lines: LineIndex::new(&text),
            text,
        }
    }
}

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

    pub fn source(&self) -> Arc<Source> {
        Arc::new(Source {
            text: self.text.clone(),
            lines: self.lines.clone(),
        })
    }
}

/// A short report that touches every part of the analysis (furniture, a
/// dateline, quotes with speakers, actors, an event), for [`warm_up`].
const WARM_UP_TEXT: &str = "Home | World | Politics | Contact
Ministers agree to meet in Vienna next week

VIENNA, March 3 - Example News. The foreign ministers of Austria and Norway will meet in Vienna on Tuesday to discuss grain exports, the Austrian Foreign Ministry said.

\u{201c}We expect a frank conversation about the corridor,\u{201d} Foreign Minister Anna Berger told reporters. \"The talks are overdue,\" she added.

Share this article: 12 comments
";

/// Analyse a short built-in report once, so that the patterns, automata and
/// lexicons the analysis builds on first use are ready before the editor's first
/// report: a server that starts from the index cache analyses nothing at
/// start-up, and its first request after `didOpen` used to pay for them (60 to
/// 110 ms at 1,000 reports, see docs/performance.md). Returns the facts, which
/// only the tests look at.
pub fn warm_up() -> Analysis {
    let t = TextReport::new(WARM_UP_TEXT, Registry::bundled());
    let ctx = CorpusContext {
        line_repeats: vec![0; t.facts.line_keys.len()],
        quote_links: vec![Vec::new(); t.facts.quotes.len()],
        sentence_links: vec![Default::default(); t.facts.sentences.len()],
        copies: Vec::new(),
    };
    analysis::analyze(&t.text, &t.facts.shape(), &ctx)
}

/// Band `b` of the copy signature of report `r` in `reports` (for the copy
/// index, which keeps no keys of its own).
fn band_of(reports: &[Option<Report>], r: ReportId, b: usize) -> Option<u64> {
    let f = reports.get(r as usize)?.as_ref()?.facts()?;
    Some(analysis::copies::band_key(f.copy.as_deref()?, b))
}

/// The start-up walk of a corpus's folder and the reading of its index cache
/// ([`Corpus::scan`]).
pub struct Scan {
    root: PathBuf,
    config: Arc<Config>,
    /// The cache folder and the registry's fingerprint, when the cache is used.
    cache: Option<(Option<PathBuf>, u64)>,
}

impl Scan {
    /// The report files ([`Corpus::discover`], with what the walk had to skip)
    /// and the decoded cache, the walk and the decoding side by side.
    pub fn run(self) -> (walk::Walk, Result<cache::Decoded, cache::Rejected>) {
        std::thread::scope(|sc| {
            let decoding = sc.spawn(|| match &self.cache {
                Some((dir, fingerprint)) => cache::read(dir.as_deref(), &self.root, *fingerprint),
                None => Err(cache::Rejected::Missing),
            });
            let found = walk::walk(&self.root, &self.config);
            let decoded = decoding.join().unwrap_or(Err(cache::Rejected::Missing));
            (found, decoded)
        })
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
        self.load_stamped(path).0
    }

    /// [`Loader::load`], with the stamp of the file read.
    pub fn load_stamped(&self, path: &Path) -> (Content, Option<Stamp>) {
        let (text, stamp) = source::load_stamped(path, self.cap);
        let content = match text {
            Ok(text) => Content::Text(Arc::new(TextReport::new(text, &self.registry))),
            Err(p) => Content::Problem(p),
        };
        (content, stamp)
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

/// A report as given to the corpus: analysable text, or the reason it is not.
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
    /// What the corpus keeps of it, or why it could not be analysed.
    pub state: ReportState,
    /// The file's stamp when it was read from disk (not for an editor's text).
    pub stamp: Option<Stamp>,
}

/// Facts of an analysable report, or the reason it is not.
#[derive(Debug, Clone)]
pub enum ReportState {
    Facts(Arc<ReportFacts>),
    Problem(Problem),
}

impl Report {
    pub fn facts(&self) -> Option<&Arc<ReportFacts>> {
        match &self.state {
            ReportState::Facts(f) => Some(f),
            ReportState::Problem(_) => None,
        }
    }
}

/// The state of a corpus's `newsdesk.toml`.
#[derive(Debug, Clone, Default)]
pub struct ConfigState {
    /// Why it could not be used, when it could not.
    pub error: Option<ConfigError>,
}

/// A report's findings with the text they were computed on (positions are
/// converted against it).
pub struct Checked {
    pub findings: Arc<Vec<Finding>>,
    /// `None` when the report could not be read.
    pub source: Option<Arc<Source>>,
}

/// Why a report's text could not be given.
#[derive(Debug)]
pub enum SourceError {
    /// Not a report of this corpus, or not analysable.
    Unknown,
    /// The file can no longer be read.
    Gone,
    /// The file on disk is not the text that was indexed (changed since): here
    /// is the new one.
    Changed(Arc<Source>),
}

/// Recently read texts of reports, so that hovers and findings that point into
/// the same few reports do not read them again and again.
struct TextCache {
    map: FxHashMap<ReportId, Arc<Source>>,
    order: std::collections::VecDeque<ReportId>,
    cap: usize,
}

impl TextCache {
    fn new(cap: usize) -> TextCache {
        TextCache {
            map: FxHashMap::default(),
            order: Default::default(),
            cap,
        }
    }
    fn get(&self, id: ReportId) -> Option<Arc<Source>> {
        self.map.get(&id).cloned()
    }
    fn put(&mut self, id: ReportId, s: Arc<Source>) {
        if self.map.insert(id, s).is_none() {
            self.order.push_back(id);
        }
        while self.map.len() > self.cap {
            match self.order.pop_front() {
                Some(old) => {
                    self.map.remove(&old);
                }
                None => break,
            }
        }
    }
    fn forget(&mut self, id: ReportId) {
        if self.map.remove(&id).is_some() {
            self.order.retain(|&x| x != id);
        }
    }
}

/// How many read texts are kept.
const TEXT_CACHE: usize = 256;

/// Most changed reports whose links [`Corpus::load_links`] computes while it
/// takes the others' from the links file (about a second of work): beyond
/// that every link is computed when it is first needed. (Two in the unit
/// tests, so that a small corpus can pass it.)
const MAX_CHANGED_FOR_LINKS: usize = if cfg!(test) { 2 } else { 1_000 };

/// The reports of one folder and the indexes across them.
pub struct Corpus {
    root: PathBuf,
    config: Arc<Config>,
    config_state: ConfigState,
    editor: EditorSettings,
    membership: walk::Membership,
    ids: FxHashMap<PathBuf, ReportId>,
    reports: Vec<Option<Report>>,
    free: Vec<ReportId>,
    syms: Symbols,
    line_counts: LineCounts,
    quote_index: QuoteIndex,
    passage_index: PassageIndex,
    copy_index: copies::CopyIndex,
    entity_index: EntityIndex,
    registry: Arc<Registry>,
    /// Reports whose text the editor holds: their full facts are kept.
    live: FxHashMap<ReportId, Arc<TextReport>>,
    /// While the whole corpus is being loaded: cross-report invalidation is
    /// skipped.
    bulk: bool,
    /// Per report, bumped whenever its findings may have changed.
    versions: Vec<u64>,
    /// Bumped when the configuration changes every report's findings.
    epoch: u64,
    texts: Mutex<TextCache>,
    /// Findings of the reports the editor holds, by version.
    live_findings: Mutex<FxHashMap<ReportId, VersionedFindings>>,
    /// The earliest carriers of widely shared sentences.
    passage_heads: Mutex<FxHashMap<u64, Arc<[ReportId]>>>,
    /// Where the on-disk index cache lives ([`cache::cache_dir`] unless set).
    cache_dir: Option<PathBuf>,
    /// The quote links computed so far, by report ([`links`]).
    links: links::LinkStore,
    /// The boilerplate classes computed so far, by report ([`classes`]).
    classes: classes::ClassStore,
    /// Counts changes of reports (added, replaced, removed).
    clock: u64,
    /// For each report slot, the clock when its report last changed.
    changed: Vec<u64>,
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
            ids: FxHashMap::default(),
            reports: Vec::new(),
            free: Vec::new(),
            syms: Symbols::new(),
            line_counts: LineCounts::default(),
            quote_index: QuoteIndex::new(),
            passage_index: PassageIndex::new(),
            copy_index: copies::CopyIndex::new(),
            entity_index: EntityIndex::new(),
            registry: Arc::new(Registry::bundled().clone()),
            live: FxHashMap::default(),
            bulk: false,
            versions: Vec::new(),
            epoch: 0,
            texts: Mutex::new(TextCache::new(TEXT_CACHE)),
            live_findings: Mutex::new(FxHashMap::default()),
            passage_heads: Mutex::new(FxHashMap::default()),
            cache_dir: cache::cache_dir(),
            links: links::LinkStore::default(),
            classes: classes::ClassStore::default(),
            clock: 0,
            changed: Vec::new(),
        };
        c.links.set_spill_dir(c.cache_dir.clone());
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

    /// The folder of the on-disk index cache, if any.
    pub fn cache_dir(&self) -> Option<&Path> {
        self.cache_dir.as_deref()
    }

    /// Keep the index cache in `dir` (or nowhere).
    pub fn set_cache_dir(&mut self, dir: Option<PathBuf>) {
        self.links.set_spill_dir(dir.clone());
        self.cache_dir = dir;
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

    /// Re-read `newsdesk.toml` (and `entities.toml`). Every report's findings may
    /// change.
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
        self.epoch += 1;
        // the link threshold may have changed
        self.links.clear();
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
            match Registry::from_toml_at(&text) {
                Ok(own) => reg = Registry::merged(&reg, &own),
                Err(e) => {
                    // the TOML reader's words made a curator's, as for newsdesk.toml
                    let message = if e.from_toml {
                        config::plain_message(&text, &e.range, &e.message)
                    } else {
                        e.message
                    };
                    let e = config::locate_in(ENTITIES_FILE, &text, message, e.range);
                    return (reg, Some(e));
                }
            }
        }
        (reg, None)
    }

    /// Recompute every report's local facts (after the registry changed): the
    /// one change that redoes the corpus.
    fn refresh_facts(&mut self) {
        let was_bulk = self.bulk;
        self.bulk = true;
        let loader = self.loader();
        let targets: Vec<(PathBuf, Option<Arc<TextReport>>)> = self
            .reports
            .iter()
            .flatten()
            .filter(|r| r.facts().is_some())
            .map(|r| (r.path.clone(), self.live.get(&r.id).cloned()))
            .collect();
        let fresh: Vec<(PathBuf, Content, Option<Stamp>, bool)> = targets
            .into_par_iter()
            .map(|(p, live)| match live {
                Some(t) => {
                    let c =
                        Content::Text(Arc::new(TextReport::new(t.text.clone(), &loader.registry)));
                    (p, c, None, true)
                }
                None => {
                    let (c, stamp) = loader.load_stamped(&p);
                    (p, c, stamp, false)
                }
            })
            .collect();
        for (p, c, stamp, live) in fresh {
            self.upsert_with(&p, c, stamp, live);
        }
        self.bulk = was_bulk;
        self.epoch += 1;
        self.links.clear();
    }

    /// Use the editor's settings (below `newsdesk.toml`). Returns true when they
    /// changed (every report's findings may then change).
    pub fn set_editor_settings(&mut self, settings: EditorSettings) -> bool {
        if self.editor == settings {
            return false;
        }
        self.editor = settings;
        self.epoch += 1;
        true
    }

    /// The file that holds the configuration's problem: `newsdesk.toml` or
    /// `entities.toml` (`newsdesk.toml` when there is none).
    pub fn config_problem_path(&self) -> PathBuf {
        match &self.config_state.error {
            Some(e) => self.root.join(e.file),
            None => self.config_path(),
        }
    }

    /// Findings on the configuration file at `path` (`newsdesk.toml` or
    /// `entities.toml`): its problem, if it has one.
    pub fn config_findings(&self, path: &Path) -> Vec<Finding> {
        match &self.config_state.error {
            Some(e) if self.root.join(e.file) == path => {
                let consequence = if e.file == ENTITIES_FILE {
                    "its actors are not used until it is fixed"
                } else {
                    "the defaults apply until it is fixed"
                };
                let mut f = Finding::new(
                    crate::analysis::rules::Rule::ConfigError,
                    e.range.clone(),
                    format!("{} cannot be used, so {consequence}: {}", e.file, e.message),
                );
                f.severity = analysis::Severity::Error;
                vec![f]
            }
            _ => Vec::new(),
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
        self.load_paths(&paths);
    }

    /// Load these reports from disk, in parallel, and index them (in batches, so
    /// that the full facts of only one batch are in memory at a time).
    pub fn load_paths(&mut self, paths: &[PathBuf]) {
        self.begin_bulk();
        self.read_and_install(paths);
        self.end_bulk();
    }

    /// Read and analyse `paths` in batches on the worker threads while the
    /// previous batch is being indexed here (indexing is one thread's work, so it
    /// overlaps with the reading of the next batch). Returns how many were read.
    fn read_and_install(&mut self, paths: &[PathBuf]) -> usize {
        let loader = &self.loader();
        let chunks: Vec<&[PathBuf]> = paths.chunks(256).collect();
        std::thread::scope(|scope| {
            let mut pending = chunks
                .first()
                .map(|&c| scope.spawn(move || Self::read_batch(loader, c)));
            for i in 0..chunks.len() {
                let Some(batch) = pending.take().map(|h| h.join().unwrap_or_default()) else {
                    break;
                };
                pending = chunks
                    .get(i + 1)
                    .map(|&c| scope.spawn(move || Self::read_batch(loader, c)));
                self.install_batch(batch);
            }
        });
        paths.len()
    }

    /// Read and analyse a batch of reports (in parallel; no lock needed).
    pub fn read_batch(
        loader: &Loader,
        paths: &[PathBuf],
    ) -> Vec<(PathBuf, Content, Option<Stamp>)> {
        paths
            .par_iter()
            .map(|p| {
                let (c, s) = loader.load_stamped(p);
                (p.clone(), c, s)
            })
            .collect()
    }

    /// Index a batch read by [`Corpus::read_batch`] (a report the editor holds
    /// keeps the editor's text).
    pub fn install_batch(&mut self, batch: Vec<(PathBuf, Content, Option<Stamp>)>) {
        for (p, c, s) in batch {
            if !self.is_live(&p) {
                self.upsert_with(&p, c, s, false);
            }
        }
    }

    /// Whether the editor holds the text of the report at `path`.
    pub fn is_live(&self, path: &Path) -> bool {
        self.ids
            .get(path)
            .is_some_and(|id| self.live.contains_key(id))
    }

    /// Load every discovered report, taking unchanged ones from the on-disk index
    /// cache when `use_cache` (see [`cache`]), and write the cache again when
    /// anything was analysed.
    pub fn load_all_cached(&mut self, use_cache: bool) -> cache::LoadStats {
        let (found, decoded) = self.scan(use_cache).run();
        let paths = found.paths;
        let mut plan = self.plan_load(&paths, decoded);
        self.begin_bulk();
        let mut stats = self.install_cached_entries(&mut plan, usize::MAX);
        let to_read = std::mem::take(&mut plan.to_read);
        stats.analysed += self.read_and_install(&to_read);
        self.end_bulk();
        stats.rejected = plan.rejected.clone();
        stats.skipped = found.skipped;
        if use_cache && (stats.analysed > 0 || stats.verified > 0 || plan.stale) {
            if let Err(e) = cache::save(self) {
                tracing::warn!("could not write the index cache: {e}");
            }
        }
        if use_cache {
            (stats.links, stats.classes) = self.load_kept(true);
        }
        stats
    }

    /// What start-up needs to find the report files and read the index cache
    /// (when `use_cache`), detached from the corpus so that the server runs it
    /// without holding the corpus's lock.
    pub fn scan(&self, use_cache: bool) -> Scan {
        Scan {
            root: self.root.clone(),
            config: self.config.clone(),
            cache: use_cache.then(|| (self.cache_dir.clone(), self.registry.fingerprint())),
        }
    }

    /// What to take from a decoded cache and what to read, for these report paths
    /// (their stamps are read here). The cache's names are adopted by an empty
    /// corpus, else mapped to the corpus's own.
    pub fn plan_load(
        &mut self,
        paths: &[PathBuf],
        decoded: Result<cache::Decoded, cache::Rejected>,
    ) -> LoadPlan {
        let (mut entries, maps, rejected) = match decoded {
            Ok(d) => {
                let maps = if self.syms.is_empty() && self.quote_index.key_count() == 0 {
                    self.syms = d.syms;
                    self.quote_index.adopt_keys(d.keys);
                    None
                } else {
                    let sym_map = (0..d.syms.len())
                        .map(|i| self.syms.intern(d.syms.name(i as u32)))
                        .collect();
                    let key_map = (0..d.keys.len())
                        .map(|i| self.quote_index.intern_key(d.keys.name(i as u32)))
                        .collect();
                    Some((sym_map, key_map))
                };
                (d.entries, maps, None)
            }
            Err(r) => (Default::default(), None, Some(r)),
        };
        let stamps: Vec<Option<Stamp>> = paths.par_iter().map(|p| Stamp::read(p)).collect();
        let mut cached = Vec::new();
        let mut to_read = Vec::new();
        for (p, st) in paths.iter().zip(stamps) {
            match (entries.remove(p), st) {
                (Some(e), Some(st)) => cached.push((p.clone(), e, st)),
                _ => to_read.push(p.clone()),
            }
        }
        LoadPlan {
            cached,
            to_read,
            maps,
            // entries of files no longer in the corpus: the cache should be rewritten
            stale: !entries.is_empty()
                || rejected
                    .as_ref()
                    .is_some_and(|r| *r != cache::Rejected::Missing),
            rejected,
        }
    }

    /// Install up to `max` cached entries of `plan` (the ones whose file changed
    /// move to `plan.to_read`).
    pub fn install_cached_entries(&mut self, plan: &mut LoadPlan, max: usize) -> cache::LoadStats {
        let mut stats = cache::LoadStats::default();
        let n = plan.cached.len().min(max);
        let entries: Vec<_> = plan.cached.drain(..n).collect();
        let mut new = Vec::with_capacity(entries.len());
        for (p, e, st) in entries {
            if self.is_live(&p) {
                continue; // the editor's text wins over the disk
            }
            let Some(ready) = cache::prepare(self, &p, e, st, plan.maps.as_ref()) else {
                plan.to_read.push(p); // changed: analysed again
                continue;
            };
            if ready.verified {
                stats.verified += 1;
            } else {
                stats.cached += 1;
            }
            if self.bulk && !self.ids.contains_key(&p) {
                new.push((p, ready));
            } else {
                let state = ReportState::Facts(ready.facts);
                self.install(&p, state, Some(ready.stamp), None, Sigs::Ids(ready.sigs));
            }
        }
        self.install_new(new);
        stats
    }

    /// An id for a report new to the corpus (a freed one when there is one).
    fn new_slot(&mut self, path: PathBuf) -> ReportId {
        let id = self.free.pop().unwrap_or_else(|| {
            self.reports.push(None);
            self.versions.push(0);
            (self.reports.len() - 1) as ReportId
        });
        self.ids.insert(path, id);
        id
    }

    /// Install reports the corpus does not hold yet, during bulk loading (no
    /// invalidation; what [`Corpus::install`] and the bulk part of
    /// [`Corpus::index`] do, so an index added there belongs here too): the
    /// slots first, then the indexes filled side by side, the
    /// entity and quote indexes on a thread of their own (scoped: the corpus's
    /// write lock is held, and waiting on the rayon pool could deadlock with pool
    /// workers that wait for the lock).
    fn install_new(&mut self, new: Vec<(PathBuf, cache::Prepared)>) {
        debug_assert!(self.bulk);
        let mut added: Vec<(ReportId, Arc<ReportFacts>)> = Vec::with_capacity(new.len());
        let mut sigs = Vec::with_capacity(new.len());
        for (path, ready) in new {
            let id = self.new_slot(path.clone());
            self.texts.lock().forget(id);
            self.live.remove(&id);
            self.reports[id as usize] = Some(Report {
                id,
                path,
                state: ReportState::Facts(ready.facts.clone()),
                stamp: Some(ready.stamp),
            });
            added.push((id, ready.facts));
            sigs.push((id, ready.sigs));
        }
        let Corpus {
            syms,
            line_counts,
            quote_index,
            passage_index,
            copy_index,
            entity_index,
            reports,
            ..
        } = self;
        let reports = &*reports;
        let added = &added;
        std::thread::scope(|sc| {
            // (about equal halves of the work)
            let entities = sc.spawn(move || {
                for (id, f) in added {
                    entity_index.add_report(*id, f, syms);
                }
                for (id, s) in sigs {
                    quote_index.add_report_ids(id, s);
                }
                for (id, f) in added {
                    quote_index.set_context(*id, &f.context);
                }
            });
            for (id, f) in added {
                line_counts.add(*id, &f.line_keys);
                passage_index.add_report(*id, &Self::distinct_sentences(f));
                if let Some(c) = &f.copy {
                    copy_index.add(*id, c, &|r, b| band_of(reports, r, b));
                }
            }
            if let Err(p) = entities.join() {
                std::panic::resume_unwind(p);
            }
        });
    }

    /// Start loading many reports at once (start-up indexing): per-report
    /// cross-report invalidation is skipped until [`Corpus::end_bulk`].
    pub fn begin_bulk(&mut self) {
        self.bulk = true;
        self.links.clear();
    }

    /// Loading is over: every report's findings may have changed.
    pub fn end_bulk(&mut self) {
        self.bulk = false;
        self.epoch += 1;
        self.passage_heads.lock().clear();
        self.quote_index.restore_postings();
        // reports loaded in bulk did not drop the links of the others
        self.links.clear();
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

    /// The interned names the facts refer to.
    pub fn symbols(&self) -> &Symbols {
        &self.syms
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

    /// The compact facts of a report.
    pub fn facts_of(&self, id: ReportId) -> Option<Arc<ReportFacts>> {
        self.by_id(id)?.facts().cloned()
    }

    /// Every report path, sorted.
    pub fn paths(&self) -> Vec<PathBuf> {
        let mut v = self.paths_unsorted();
        v.sort_unstable();
        v
    }

    /// Every report's path, in no particular order. Taking them is cheap; sorting
    /// 100,000 paths component by component is not (about 150 ms), so a caller
    /// that holds a lock others wait for sorts after releasing it.
    pub fn paths_unsorted(&self) -> Vec<PathBuf> {
        self.ids.keys().cloned().collect()
    }

    /// Every report, in no particular order.
    pub fn reports(&self) -> impl Iterator<Item = &Report> {
        self.reports.iter().flatten()
    }

    /// The reports by id, with the slots of removed ones empty (in the order of
    /// [`Corpus::reports`]), for scans that split the corpus into chunks.
    pub fn report_slots(&self) -> &[Option<Report>] {
        &self.reports
    }

    /// How many times the corpus has changed (a report added, changed or
    /// removed, the configuration reloaded): a reader that takes the lock
    /// several times compares it to know whether it saw one state.
    pub fn change_count(&self) -> u64 {
        self.clock + self.epoch
    }

    /// How the findings of a report stand: a new value means they may have
    /// changed since.
    pub fn version(&self, id: ReportId) -> (u64, u64) {
        (
            self.epoch,
            self.versions.get(id as usize).copied().unwrap_or(0),
        )
    }

    /// Add or replace one report read from disk. Returns the other reports whose
    /// findings may have changed because of it.
    pub fn upsert(&mut self, path: &Path, content: Content) -> BTreeSet<PathBuf> {
        self.upsert_with(path, content, None, false)
    }

    /// Add or replace one report with the text the editor holds: its full facts
    /// are kept until a text from disk replaces it.
    pub fn upsert_live(&mut self, path: &Path, content: Content) -> BTreeSet<PathBuf> {
        self.upsert_with(path, content, None, true)
    }

    /// Add or replace one report; `stamp` is the file's when it was read from disk,
    /// `live` keeps the full facts (the editor holds the text).
    pub fn upsert_with(
        &mut self,
        path: &Path,
        content: Content,
        stamp: Option<Stamp>,
        live: bool,
    ) -> BTreeSet<PathBuf> {
        let state = match &content {
            Content::Text(t) => ReportState::Facts(Arc::new(ReportFacts::new(
                &t.text,
                &t.lines,
                &t.facts,
                &mut self.syms,
            ))),
            Content::Problem(p) => ReportState::Problem(p.clone()),
        };
        let sigs = content.text().map(|t| t.facts.quote_entries.clone());
        let live_text = content.text().filter(|_| live).cloned();
        self.install(
            path,
            state,
            stamp,
            live_text,
            Sigs::Strings(sigs.unwrap_or_default()),
        )
    }

    fn install(
        &mut self,
        path: &Path,
        state: ReportState,
        stamp: Option<Stamp>,
        live_text: Option<Arc<TextReport>>,
        sigs: Sigs,
    ) -> BTreeSet<PathBuf> {
        let (id, old) = match self.ids.get(path) {
            Some(&id) => (id, self.reports[id as usize].take()),
            None => (self.new_slot(path.to_path_buf()), None),
        };
        let mut touched = Vec::new();
        if let Some(f) = old.as_ref().and_then(Report::facts) {
            touched.extend(self.unindex(id, f));
        }
        self.mark_changed(id);
        self.texts.lock().forget(id);
        match live_text {
            Some(t) => {
                self.live.insert(id, t);
            }
            None => {
                self.live.remove(&id);
            }
        }
        if let ReportState::Facts(f) = &state {
            let f = f.clone();
            match sigs {
                Sigs::Strings(s) => self.quote_index.add_report(id, &s),
                Sigs::Ids(s) => self.quote_index.add_report_ids(id, s),
            }
            self.quote_index.set_context(id, &f.context);
            touched.extend(self.index(id, &f));
        }
        self.reports[id as usize] = Some(Report {
            id,
            path: path.to_path_buf(),
            state,
            stamp,
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
        self.live.remove(&id);
        self.texts.lock().forget(id);
        self.mark_changed(id);
        let mut touched = Vec::new();
        if let Some(f) = old.as_ref().and_then(Report::facts) {
            touched.extend(self.unindex(id, f));
        }
        self.quote_index.restore_postings();
        self.invalidate(id, touched)
    }

    /// Report `id` changed (its kept links and those pointing at it are stale).
    fn mark_changed(&mut self, id: ReportId) {
        self.clock += 1;
        let i = id as usize;
        if self.changed.len() <= i {
            self.changed.resize(i + 1, 0);
        }
        self.changed[i] = self.clock;
        self.classes.forget(id);
    }

    fn distinct_sentences(f: &ReportFacts) -> Vec<u64> {
        let mut h: Vec<u64> = f.sentences.iter().map(SentenceFacts::hash).collect();
        h.sort_unstable();
        h.dedup();
        h
    }

    /// The reports linked to `id` by a quote (its kept links when it has them;
    /// computed links are not kept, as `id` is about to change).
    fn linked_reports(&self, id: ReportId) -> Vec<ReportId> {
        let mut out: Vec<ReportId> = match self.valid_links(id) {
            Some(l) => self.link_targets(&l).collect(),
            None => self
                .quote_index
                .report_links(id, self.quote_threshold())
                .into_iter()
                .flatten()
                .map(|(r, _)| r.report)
                .collect(),
        };
        out.sort_unstable();
        out.dedup();
        out
    }

    /// The other reports whose findings about sentence `hash` change when `id`
    /// starts or stops carrying it: all carriers while few carry it; for a widely
    /// shared sentence only when `id` is among the earliest carriers (the ones
    /// the others list), since the others then only say "more than ten".
    fn passage_touched(&self, id: ReportId, hash: u64) -> Vec<ReportId> {
        let carriers = self.passage_index.reports(hash);
        if carriers.len() <= MAX_RELATED + 2 {
            return carriers.to_vec();
        }
        let heads = self.passage_head(hash);
        if heads.contains(&id) || self.sorts_before(id, heads.last().copied()) {
            carriers.to_vec()
        } else {
            Vec::new()
        }
    }

    fn sorts_before(&self, id: ReportId, other: Option<ReportId>) -> bool {
        match other {
            Some(o) => self.report_order(id) < self.report_order(o),
            None => true,
        }
    }

    fn index(&mut self, id: ReportId, f: &ReportFacts) -> Vec<ReportId> {
        let mut touched = self.line_counts.add(id, &f.line_keys);
        let hashes = Self::distinct_sentences(f);
        self.passage_index.add_report(id, &hashes);
        self.entity_index.add_report(id, f, &mut self.syms);
        if let Some(c) = &f.copy {
            let reports = &self.reports;
            self.copy_index.add(id, c, &|r, b| band_of(reports, r, b));
        }
        if self.bulk {
            return Vec::new();
        }
        // its copies now list it
        touched.extend(self.copies_of(id, f).into_iter().map(|(r, _)| r));
        {
            let mut heads = self.passage_heads.lock();
            for h in &hashes {
                heads.remove(h);
            }
        }
        for &h in &hashes {
            touched.extend(self.passage_touched(id, h));
        }
        touched.extend(self.linked_reports(id));
        touched
    }

    fn unindex(&mut self, id: ReportId, f: &ReportFacts) -> Vec<ReportId> {
        let hashes = Self::distinct_sentences(f);
        let mut touched = Vec::new();
        if !self.bulk {
            touched.extend(self.copies_of(id, f).into_iter().map(|(r, _)| r));
            touched.extend(self.linked_reports(id));
            for &h in &hashes {
                touched.extend(self.passage_touched(id, h));
            }
        }
        touched.extend(self.line_counts.remove(id, &f.line_keys));
        self.quote_index.remove_report(id);
        self.passage_index.remove_report(id, &hashes);
        if let Some(c) = &f.copy {
            self.copy_index.remove(id, c);
        }
        self.entity_index.remove_report(id, f, &mut self.syms);
        let mut heads = self.passage_heads.lock();
        for h in &hashes {
            heads.remove(h);
        }
        touched
    }

    fn invalidate(&mut self, id: ReportId, touched: Vec<ReportId>) -> BTreeSet<PathBuf> {
        let mut out = BTreeSet::new();
        if let Some(v) = self.versions.get_mut(id as usize) {
            *v += 1;
        }
        let mut touched = touched;
        touched.sort_unstable();
        touched.dedup();
        // both ends of every link that may have changed
        self.links
            .forget(std::iter::once(id).chain(touched.iter().copied()));
        for other in touched {
            if other == id {
                continue;
            }
            if let Some(v) = self.versions.get_mut(other as usize) {
                *v += 1;
            }
            if let Some(r) = self.by_id(other) {
                out.insert(r.path.clone());
            }
        }
        out
    }

    /// The score at or above which two quotes are linked.
    pub fn quote_threshold(&self) -> f32 {
        self.config.quote_threshold(&self.editor)
    }

    fn quote_link(&self, r: QuoteRef, score: f32) -> Option<QuoteLink> {
        let other = self.by_id(r.report)?;
        let f = other.facts()?;
        let q = f.quotes.get(r.quote)?;
        Some(QuoteLink {
            path: other.path.clone(),
            range: q.range.range(),
            excerpt: f.excerpt(q).to_string(),
            wording: q.wording,
            speaker: q.speaker.map(|s| self.syms.name(s.name).to_string()),
            points: q.points,
            score,
            date: self.published_on(&other.path, f),
        })
    }

    /// The other reports' quotes of quote `quote` of report `id`, best first.
    pub fn quote_links(&self, id: ReportId, quote: usize) -> Vec<QuoteLink> {
        let raw: Vec<Link> = match self.valid_links(id) {
            Some(l) => self
                .quote_index
                .placed(l.of(quote).iter().copied())
                .collect(),
            None => self
                .quote_index
                .links(QuoteRef { report: id, quote }, self.quote_threshold()),
        };
        raw.into_iter()
            .filter_map(|(r, score)| self.quote_link(r, score))
            .collect()
    }

    /// The interned signature and speaker surname key of each quote of report
    /// `id`, as the quote index compares them (for the batch export).
    pub fn quote_signatures(
        &self,
        id: ReportId,
    ) -> Vec<(crate::analysis::quotes::matching::IdSig, Option<String>)> {
        self.quote_index.report_sigs(id)
    }

    /// How many term keys the quote index has named; key `k` is
    /// [`Corpus::term_key`]`(k)` for every `k` below it.
    pub fn term_key_count(&self) -> usize {
        self.quote_index.key_count()
    }

    /// The term key (a stem, "secur") of key id `k` of the quote index.
    pub fn term_key(&self, k: u32) -> &str {
        self.quote_index.key_name(k)
    }

    /// The links of every quote of report `id`.
    pub fn report_quote_links(&self, id: ReportId) -> Vec<Vec<QuoteLink>> {
        let kept = self.kept_links(id);
        (0..kept.quotes())
            .map(|i| {
                self.quote_index
                    .placed(kept.of(i).iter().copied())
                    .filter_map(|(r, s)| self.quote_link(r, s))
                    .collect()
            })
            .collect()
    }

    /// What the kept links of `id` are keyed by: its version (the configuration
    /// and bulk loads clear the store instead).
    fn link_version(&self, id: ReportId) -> (u64, u64) {
        (0, self.versions.get(id as usize).copied().unwrap_or(0))
    }

    /// A fingerprint of what the quote links depend on: every report's path and
    /// content (its hash), and the link threshold. Two corpora with the same
    /// fingerprint link the same quotations.
    pub fn link_fingerprint(&self) -> u64 {
        // a sum over the reports: the same whatever order they were loaded in
        let mut sum = 0u64;
        for r in self.reports() {
            let mut bytes = r.path.as_os_str().as_encoded_bytes().to_vec();
            match r.facts() {
                Some(f) => bytes.extend_from_slice(&f.hash.to_le_bytes()),
                None => bytes.push(0xff),
            }
            sum = sum.wrapping_add(analysis::stable_hash(&bytes));
        }
        let mut tail = Vec::with_capacity(20);
        tail.extend_from_slice(&sum.to_le_bytes());
        tail.extend_from_slice(&(self.len() as u64).to_le_bytes());
        tail.extend_from_slice(&self.quote_threshold().to_bits().to_le_bytes());
        analysis::stable_hash(&tail)
    }

    /// Take the quote links of the links file (see [`cache::save_links`]). With
    /// `exact` (the CLI), only when they were computed for reports of exactly
    /// the contents they have now, so that the findings are those computed
    /// without them. Otherwise (the server) the links among unchanged reports
    /// are taken as after an edit: each changed report's links are computed
    /// now, and the reports they point at compute theirs again (both ends);
    /// when more than [`MAX_CHANGED_FOR_LINKS`] reports changed, none are
    /// taken. Returns how many reports' links were taken.
    pub fn load_links(&self, exact: bool) -> Result<usize, cache::Rejected> {
        struct Here<'a>(&'a Corpus);
        impl cache::LinkTargets for Here<'_> {
            fn report(&self, path: &str) -> Option<(u32, u64, usize)> {
                let id = *self.0.ids.get(Path::new(path))?;
                let f = self.0.by_id(id)?.facts()?;
                Some((id, f.hash, f.quotes.len()))
            }
            fn slot(&self, id: u32, quote: u32) -> Option<u32> {
                self.0.quote_index.id_of(QuoteRef {
                    report: id,
                    quote: quote as usize,
                })
            }
            fn too_many_changed(&self, unchanged: &rustc_hash::FxHashSet<u32>) -> bool {
                self.0.changed_since(unchanged).len() > MAX_CHANGED_FOR_LINKS
            }
        }
        let clock = self.clock;
        let mut put = |(id, starts, links): cache::DecodedReportLinks| {
            // not usable before the file's checksum is known (at its end)
            let version = (links::PENDING, self.link_version(id).1);
            let l = links::ReportLinks::from_parts(version, clock, starts, links);
            self.links.put(id, Arc::new(l));
        };
        let decoded = match cache::read_links(self, exact, &Here(self), &mut put) {
            Ok(d) => d,
            Err(e) => {
                self.links.clear();
                return Err(e);
            }
        };
        let changed = self.changed_since(&decoded.unchanged);
        let n = decoded.reports;
        self.links.activate();
        self.links.mark_clean();
        self.relink_changed(changed);
        Ok(n)
    }

    /// After links were taken from a file or a link table for the reports
    /// that did not change: link each of `changed` now, and forget the kept
    /// links of the reports those point at, so that they are linked again
    /// (both ends of every new link).
    fn relink_changed(&self, changed: Vec<ReportId>) {
        for c in changed {
            let targets: Vec<ReportId> = self.link_targets(&self.kept_links(c)).collect();
            self.links.forget(targets);
        }
    }

    /// The report each of `links` points at (once a link).
    fn link_targets<'a>(
        &'a self,
        links: &'a links::ReportLinks,
    ) -> impl Iterator<Item = ReportId> + 'a {
        self.quote_index
            .placed(links.all().map(|(_, q, s)| (q, s)))
            .map(|(at, _)| at.report)
    }

    /// The reports (with facts) that are not among `unchanged`.
    fn changed_since(&self, unchanged: &rustc_hash::FxHashSet<ReportId>) -> Vec<ReportId> {
        self.reports()
            .filter(|r| r.facts().is_some() && !unchanged.contains(&r.id))
            .map(|r| r.id)
            .collect()
    }

    /// The kept links of `id`, unless it or a report it links to changed since
    /// they were computed. (A report linked to `id` usually links back, so its
    /// change drops them; this also catches the few links that are one-way.)
    pub(crate) fn valid_links(&self, id: ReportId) -> Option<Arc<links::ReportLinks>> {
        let l = self.links.get(id, self.link_version(id))?;
        let fresh = l.all().all(|(_, q, _)| {
            self.quote_index.place(q).is_some_and(|at| {
                self.changed.get(at.report as usize).copied().unwrap_or(0) <= l.computed_at
            })
        });
        fresh.then_some(l)
    }

    /// Take what the last run kept beside the index cache: its quote links
    /// ([`Corpus::load_links`], `exact` as there) and boilerplate classes
    /// ([`Corpus::load_classes`]). Returns how many reports' links and classes
    /// were taken; why a file was not used is logged.
    pub fn load_kept(&self, exact: bool) -> (usize, usize) {
        let links = self.load_links(exact).unwrap_or_else(|e| {
            tracing::debug!("quote links computed afresh: {e}");
            0
        });
        let classes = self.load_classes().unwrap_or_else(|e| {
            tracing::debug!("boilerplate classes computed afresh: {e}");
            0
        });
        (links, classes)
    }

    /// Write the kept quote links and boilerplate classes beside the index
    /// cache when they changed since they were read or written.
    pub fn save_kept_if_changed(&self) {
        if self.cache_dir.is_none() {
            return;
        }
        if self.links.is_dirty() {
            if let Err(e) = cache::save_links(self) {
                tracing::warn!("could not write the quote links: {e}");
            }
        }
        if self.classes.is_dirty() {
            if let Err(e) = cache::save_classes(self) {
                tracing::warn!("could not write the boilerplate classes: {e}");
            }
        }
    }

    /// Take the boilerplate classes of the classes file for the reports whose
    /// text is the one they were computed for (whether the repeated lines are
    /// the same is checked when they are used). Returns how many were taken.
    pub fn load_classes(&self) -> Result<usize, cache::Rejected> {
        let mut n = 0;
        cache::read_classes(self, |path, k| {
            let Some(&id) = self.ids.get(Path::new(path)) else {
                return;
            };
            if self
                .by_id(id)
                .and_then(Report::facts)
                .is_some_and(|f| f.hash == k.text)
            {
                self.classes.put(id, k);
                n += 1;
            }
        })?;
        self.classes.mark_clean();
        Ok(n)
    }

    /// The links of every quotation of `id`: kept ones, else computed now and
    /// kept ([`links`]).
    pub fn kept_links(&self, id: ReportId) -> Arc<links::ReportLinks> {
        if let Some(l) = self.valid_links(id) {
            return l;
        }
        let lists = self.quote_index.report_link_ids(id, self.quote_threshold());
        let l = Arc::new(links::ReportLinks::new(
            self.link_version(id),
            self.clock,
            &lists,
        ));
        // (a report without quotations has nothing worth keeping)
        if l.quotes() > 0 && self.reports.get(id as usize).is_some_and(Option::is_some) {
            self.links.put(id, l.clone());
        }
        l
    }

    /// How reports are ordered when a few of many are listed: the earliest by
    /// publication date first (the date hover, `analyze` and the export show,
    /// [`Corpus::published_on`]; a date without its year after every dated
    /// one, no date last: [`analysis::dateline::order_key`]), then by path.
    fn report_order(&self, id: ReportId) -> ((bool, i32, u8, u8), &Path) {
        let r = self.by_id(id);
        let date = r.and_then(|r| self.published_on(&r.path, r.facts()?));
        (
            analysis::dateline::order_key(date.as_ref()),
            r.map_or(Path::new(""), |r| r.path.as_path()),
        )
    }

    /// `ids` in [`Corpus::report_order`], each one's order computed once.
    fn sort_by_order(&self, ids: &mut [ReportId]) {
        ids.sort_by_cached_key(|&r| self.report_order(r));
    }

    /// The earliest carriers of a sentence (at most [`MAX_RELATED`] + 1).
    fn passage_head(&self, hash: u64) -> Arc<[ReportId]> {
        let carriers = self.passage_index.reports(hash);
        let n = MAX_RELATED + 1;
        let compute = || -> Arc<[ReportId]> {
            let mut v: Vec<(_, ReportId)> = carriers
                .iter()
                .map(|&r| (self.report_order(r), r))
                .collect();
            if v.len() > n {
                v.select_nth_unstable(n - 1);
                v.truncate(n);
            }
            v.sort_unstable();
            v.into_iter().map(|(_, r)| r).collect()
        };
        if carriers.len() <= 4 * n {
            return compute();
        }
        if let Some(h) = self.passage_heads.lock().get(&hash) {
            return h.clone();
        }
        let h = compute();
        self.passage_heads.lock().insert(hash, h.clone());
        h
    }

    /// Every report that carries a narrative sentence of this hash, in no
    /// particular order.
    pub fn sentence_carriers(&self, hash: u64) -> &[ReportId] {
        self.passage_index.reports(hash)
    }

    /// Where other reports carry sentence `sentence` of report `id` verbatim: every
    /// carrier, earliest first.
    pub fn sentence_links(&self, id: ReportId, hash: u64) -> Vec<Place> {
        let mut carriers: Vec<ReportId> = self.passage_index.others(hash, id);
        self.sort_by_order(&mut carriers);
        carriers
            .into_iter()
            .filter_map(|r| self.sentence_place(r, hash))
            .collect()
    }

    fn sentence_place(&self, r: ReportId, hash: u64) -> Option<Place> {
        let other = self.by_id(r)?;
        let f = other.facts()?;
        let s = f.sentences.iter().find(|s| s.hash() == hash)?;
        Some(Place {
            path: Some(other.path.clone()),
            range: s.span.range(),
            at: Some([Point::line_start(s.line), Point::line_start(s.line)]),
        })
    }

    /// The other carriers of a sentence for a finding: up to [`MAX_RELATED`] + 1
    /// of them (enough to tell "more than ten"), the earliest first, and where the
    /// earliest [`MAX_RELATED`] carry it.
    ///
    /// The copies of `id` (`besides`, sorted) are not counted: that a copy
    /// carries the passage is said once, by `near-duplicate`.
    fn sentence_links_for(&self, id: ReportId, hash: u64, besides: &[ReportId]) -> SentenceLinks {
        let carriers = self.passage_index.reports(hash);
        let other = |r: ReportId| r != id && besides.binary_search(&r).is_err();
        let total_others = carriers.iter().filter(|&&r| other(r)).count();
        if total_others == 0 {
            return SentenceLinks::default();
        }
        let heads = self.passage_head(hash);
        let mut reports: Vec<ReportId> = heads.iter().copied().filter(|&r| other(r)).collect();
        let places = reports
            .iter()
            .take(MAX_RELATED)
            .filter_map(|&r| self.sentence_place(r, hash))
            .collect();
        for &r in carriers {
            if reports.len() > MAX_RELATED || reports.len() >= total_others {
                break;
            }
            if other(r) && !reports.contains(&r) {
                reports.push(r);
            }
        }
        SentenceLinks { reports, places }
    }

    /// The other reports whose body resembles that of report `id` (with facts
    /// `f`) by [`analysis::copies::THRESHOLD`] or more, with the resemblance,
    /// in no particular order.
    pub fn copies_of(&self, id: ReportId, f: &ReportFacts) -> Vec<(ReportId, f32)> {
        let Some(sig) = &f.copy else {
            return Vec::new();
        };
        self.copy_index
            .candidates(id, sig, &|r, b| band_of(&self.reports, r, b))
            .into_iter()
            .filter_map(|r| {
                let other = self.by_id(r)?.facts()?.copy.as_deref()?;
                let x = analysis::copies::resemblance(sig, other);
                (x >= analysis::copies::THRESHOLD).then_some((r, x))
            })
            .collect()
    }

    /// The groups of reports that are copies of each other (two reports are in
    /// one group when a chain of copies joins them), each earliest first (by
    /// date, then path), the groups in the order of their earliest reports.
    /// Every report is asked for its candidates once: linear in the corpus.
    pub fn copy_groups(&self) -> Vec<Vec<ReportId>> {
        let n = self.reports.len();
        let mut parent: Vec<ReportId> = (0..n as ReportId).collect();
        fn root(parent: &mut [ReportId], mut x: ReportId) -> ReportId {
            while parent[x as usize] != x {
                let up = parent[parent[x as usize] as usize];
                parent[x as usize] = up;
                x = up;
            }
            x
        }
        for r in self.reports.iter().flatten() {
            let Some(f) = r.facts() else { continue };
            for (other, _) in self.copies_of(r.id, f) {
                let (a, b) = (root(&mut parent, r.id), root(&mut parent, other));
                if a != b {
                    parent[a.max(b) as usize] = a.min(b);
                }
            }
        }
        let mut groups: FxHashMap<ReportId, Vec<ReportId>> = FxHashMap::default();
        for r in self.reports.iter().flatten() {
            let top = root(&mut parent, r.id);
            groups.entry(top).or_default().push(r.id);
        }
        let mut out: Vec<Vec<ReportId>> = groups.into_values().filter(|g| g.len() > 1).collect();
        for g in &mut out {
            self.sort_by_order(g);
        }
        out.sort_by_cached_key(|g| self.report_order(g[0]));
        out
    }

    /// The resemblance of two reports' bodies ([`analysis::copies::resemblance`])
    /// and whether they are the same word for word, when both have one.
    pub fn resemblance(&self, a: ReportId, b: ReportId) -> Option<(f32, bool)> {
        let x = self.by_id(a)?.facts()?.copy.as_deref()?;
        let y = self.by_id(b)?.facts()?.copy.as_deref()?;
        Some((analysis::copies::resemblance(x, y), x.body == y.body))
    }

    /// [`Corpus::copy_groups`] that hold at least one of `paths`.
    pub fn copy_groups_holding(&self, paths: &[PathBuf]) -> Vec<Vec<ReportId>> {
        let chosen: rustc_hash::FxHashSet<ReportId> = paths
            .iter()
            .filter_map(|p| self.get(p))
            .map(|r| r.id)
            .collect();
        self.copy_groups()
            .into_iter()
            .filter(|g| g.iter().any(|r| chosen.contains(r)))
            .collect()
    }

    /// The copies of report `id` for its findings: earliest first (by date,
    /// then path), each with how it is ordered before or after `id`.
    pub fn copies_for(&self, id: ReportId) -> Vec<CopyOf> {
        self.copies_with_ids(id).0
    }

    /// [`Corpus::copies_for`] and the copies' ids, sorted (the copies found once).
    fn copies_with_ids(&self, id: ReportId) -> (Vec<CopyOf>, Vec<ReportId>) {
        let Some(f) = self.facts_of(id) else {
            return (Vec::new(), Vec::new());
        };
        let mut found = self.copies_of(id, &f);
        let mut ids: Vec<ReportId> = found.iter().map(|c| c.0).collect();
        ids.sort_unstable();
        found.sort_by_cached_key(|c| self.report_order(c.0));
        let mine = self.report_order(id);
        let copies = found
            .into_iter()
            .filter_map(|(r, x)| {
                let other = self.by_id(r)?;
                let theirs = self.report_order(r);
                let order = if theirs.0 < mine.0 {
                    CopyOrder::DatedEarlier
                } else if theirs < mine {
                    CopyOrder::FirstByPath
                } else {
                    CopyOrder::Later
                };
                let exact = other.facts()?.copy.as_ref()?.body == f.copy.as_ref()?.body;
                Some(CopyOf {
                    path: other.path.clone(),
                    name: self.relative(&other.path),
                    resemblance: x,
                    exact,
                    order,
                })
            })
            .collect();
        (copies, ids)
    }

    /// What the corpus knows that bears on one report: `line_keys` are the keys of
    /// its lines in order, `sentences` its sentence hashes.
    pub fn context(
        &self,
        id: ReportId,
        line_keys: &[Option<u64>],
        sentences: &[u64],
    ) -> CorpusContext {
        self.context_with(id, line_keys, sentences, self.copies_with_ids(id))
    }

    /// [`Corpus::context`] with the report's copies already found
    /// ([`Corpus::copies_with_ids`]).
    fn context_with(
        &self,
        id: ReportId,
        line_keys: &[Option<u64>],
        sentences: &[u64],
        (copies, besides): (Vec<CopyOf>, Vec<ReportId>),
    ) -> CorpusContext {
        CorpusContext {
            line_repeats: line_keys
                .iter()
                .map(|k| k.map_or(0, |k| self.line_counts.others_besides(k, id, &besides)))
                .collect(),
            quote_links: self.report_quote_links(id),
            sentence_links: sentences
                .iter()
                .map(|&h| self.sentence_links_for(id, h, &besides))
                .collect(),
            copies,
        }
    }

    /// The text of report `id`: the editor's, or read again from disk (checked
    /// against what was indexed).
    pub fn source(&self, id: ReportId) -> Result<Arc<Source>, SourceError> {
        if let Some(t) = self.live.get(&id) {
            return Ok(t.source());
        }
        let r = self.by_id(id).ok_or(SourceError::Unknown)?;
        let f = r.facts().ok_or(SourceError::Unknown)?;
        if let Some(s) = self.texts.lock().get(id) {
            return Ok(s);
        }
        let text = source::load(&r.path, self.config.max_file_size.max(u64::from(f.len)))
            .map_err(|_| SourceError::Gone)?;
        let s = Arc::new(Source::new(text));
        if analysis::stable_hash(s.text.as_bytes()) != f.hash {
            return Err(SourceError::Changed(s));
        }
        self.texts.lock().put(id, s.clone());
        Ok(s)
    }

    /// The text of the report at `path` (see [`Corpus::source`]).
    pub fn source_of(&self, path: &Path) -> Option<Arc<Source>> {
        let id = *self.ids.get(path)?;
        self.source(id).ok()
    }

    /// The full local facts of a report: the editor's, or computed again from its
    /// text.
    pub fn full(&self, path: &Path) -> Option<Arc<TextReport>> {
        let id = *self.ids.get(path)?;
        if let Some(t) = self.live.get(&id) {
            return Some(t.clone());
        }
        let text = match self.source(id) {
            Ok(s) => s.text.clone(),
            Err(SourceError::Changed(s)) => s.text.clone(),
            Err(_) => return None,
        };
        Some(Arc::new(TextReport::new(text, &self.registry)))
    }

    /// The full analysis of one report (before the configuration is applied).
    pub fn analysis(&self, path: &Path) -> Option<Analysis> {
        let t = self.full(path)?;
        self.analysis_of(path, &t)
    }

    /// The full analysis of the report at `path`, whose full facts are `t`.
    pub fn analysis_of(&self, path: &Path, t: &TextReport) -> Option<Analysis> {
        let id = *self.ids.get(path)?;
        Some(self.analyze_full(id, t))
    }

    /// The findings of report `id` (not open in the editor), whose facts are
    /// `f` and whose text `text` has the content hash of `f`. The boilerplate
    /// classes of its lines, and what the text-only rules found with them, are
    /// the kept ones ([`classes`]) when they were computed for the same text
    /// and the same repeated lines; else they are computed now and kept. Whether
    /// a line is repeated is asked of each distinct line key of the facts: the
    /// lines are keyed again only when the classes must be computed.
    fn findings_of_text(&self, id: ReportId, f: &ReportFacts, text: &Source) -> Vec<Finding> {
        let hashes: Vec<u64> = f.sentences.iter().map(SentenceFacts::hash).collect();
        let copies = self.copies_with_ids(id);
        let signal = classes::signal(
            f.line_keys
                .iter()
                .map(|&k| self.line_counts.others_besides(k, id, &copies.1) > 0),
        );
        let shape = f.shape();
        if let Some((lines, settled)) = self.classes.get(id, f.hash, signal) {
            // the classes are known: the line repeats are not read
            let ctx = self.context_with(id, &[], &hashes, copies);
            let (findings, _) = analysis::findings_classified(
                &text.text,
                &text.lines,
                &shape,
                &ctx,
                &lines,
                Some(settled),
            );
            return findings;
        }
        let keys: Vec<Option<u64>> = analysis::lines::lines_with_ranges(&text.text)
            .map(|(_, l)| analysis::line_key(l))
            .collect();
        let ctx = self.context_with(id, &keys, &hashes, copies);
        let lines = analysis::text::lang::with(shape.language, || {
            analysis::boilerplate::classify(
                &text.text,
                &analysis::boilerplate::CorpusSignal {
                    repeats: &ctx.line_repeats,
                },
            )
        });
        let (findings, settled) =
            analysis::findings_classified(&text.text, &text.lines, &shape, &ctx, &lines, None);
        self.classes.put(
            id,
            classes::KeptClasses::new(f.hash, signal, &lines, settled),
        );
        findings
    }

    fn analyze_full(&self, id: ReportId, t: &TextReport) -> Analysis {
        let hashes: Vec<u64> = t.facts.sentences.iter().map(|s| s.1).collect();
        let ctx = self.context(id, &t.facts.line_keys, &hashes);
        analysis::analyze(&t.text, &t.facts.shape(), &ctx)
    }

    /// The findings of one report, with the configuration applied, and the text
    /// they were computed on.
    pub fn findings(&self, path: &Path) -> Option<Checked> {
        let r = self.get(path)?;
        let id = r.id;
        let version = self.version(id);
        let packed = (version.0 << 32) ^ version.1;
        if self.live.contains_key(&id) {
            if let Some((v, f)) = self.live_findings.lock().get(&id) {
                if *v == packed {
                    let source = self.live.get(&id).map(|t| t.source());
                    return Some(Checked {
                        findings: f.clone(),
                        source,
                    });
                }
            }
        }
        let (raw, source) = match &r.state {
            ReportState::Problem(p) => (vec![Finding::new(p.rule(), 0..0, p.to_string())], None),
            ReportState::Facts(f) => match self.source(id) {
                Ok(s) => {
                    let (raw, s) = match self.live.get(&id) {
                        Some(t) => (self.analyze_full(id, t).findings, s),
                        None => (self.findings_of_text(id, f, &s), s),
                    };
                    (raw, Some(s))
                }
                // changed on disk since it was indexed: analyse what is there now
                // (its links are those of the indexed text until it is indexed again)
                Err(SourceError::Changed(s)) => {
                    let t = TextReport::new(s.text.clone(), &self.registry);
                    (self.analyze_full(id, &t).findings, Some(s))
                }
                Err(_) => {
                    let p = Problem::Unreadable("the file is gone or cannot be read".into());
                    (vec![Finding::new(p.rule(), 0..0, p.to_string())], None)
                }
            },
        };
        let rel = self.relative(path);
        let findings: Vec<Finding> = raw
            .into_iter()
            .filter_map(|mut f| {
                match self.config.level(f.code, &self.editor) {
                    Level::Off => return None,
                    Level::On(s) => f.severity = s,
                }
                if let Some(t) = &source {
                    let line = t.lines.line_of(f.range.start.min(t.text.len()));
                    let line_text = &t.text[t.lines.line_range(&t.text, line)];
                    if self.config.is_ignored(&rel, f.code, line_text) {
                        return None;
                    }
                }
                Some(f)
            })
            .collect();
        let findings = Arc::new(findings);
        if self.live.contains_key(&id) {
            let mut lf = self.live_findings.lock();
            lf.retain(|k, _| self.live.contains_key(k));
            lf.insert(id, (packed, findings.clone()));
        }
        Some(Checked { findings, source })
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

    /// The outlet of a report: its text's (the dateline's agency, a rights
    /// notice), else the first folder of its path under the corpus root
    /// (`world/2022-01-14.txt` → `world`; a folder named for a known agency
    /// is that agency: `tass/…` → `TASS`).
    pub fn outlet(
        &self,
        path: &Path,
        meta: &facts::MetaFacts,
    ) -> Option<(String, crate::analysis::metadata::OutletSource)> {
        if let (Some(name), Some(source)) = (self.syms.opt(meta.outlet), meta.outlet_source) {
            return Some((name.to_string(), source));
        }
        let rel = path.strip_prefix(&self.root).ok()?;
        let mut parts = rel.components();
        let first = parts.next()?;
        // a report at the root has no folder
        parts.next()?;
        // a folder named for a known agency (`tass`, `ria_novosti`) is that
        // agency, as its datelines name it
        let folder = first.as_os_str().to_string_lossy();
        let name = crate::analysis::dateline::canonical_outlet(&folder)
            .map_or_else(|| folder.into_owned(), str::to_string);
        Some((name, crate::analysis::metadata::OutletSource::Folder))
    }

    /// The publication date of a report, with where it was read: the text's
    /// (dateline or page) when the text writes its year; else the dateline's
    /// day with the year of a date in the file name of the same month
    /// (`tass/2022-01-13-osce.txt`), which beats a year only inferred from
    /// the text's other dates; else the dateline's day with the inferred
    /// year; else the file name's date; else the text's date without its
    /// year.
    pub fn publication_date(
        &self,
        path: &Path,
        published: Option<&(
            crate::analysis::dateline::PartialDate,
            crate::analysis::metadata::DateSource,
        )>,
    ) -> Option<(
        crate::analysis::dateline::PartialDate,
        crate::analysis::metadata::DateSource,
    )> {
        use crate::analysis::metadata::{date_in_file_name, DateSource};
        if let Some(p) =
            published.filter(|p| p.0.year.is_some() && p.1 != DateSource::DatelineYearInferred)
        {
            return Some(p.clone());
        }
        let name = path.file_name().map(|n| n.to_string_lossy());
        let from_name = name.as_deref().and_then(date_in_file_name);
        match (published, from_name) {
            (Some((d, _)), Some(n)) if d.month == n.month => Some((
                crate::analysis::dateline::PartialDate {
                    year: n.year,
                    ..d.clone()
                },
                DateSource::Dateline,
            )),
            (Some(p), _) if p.1 == DateSource::DatelineYearInferred => Some(p.clone()),
            (_, Some(n)) => Some((n, DateSource::FileName)),
            (p, None) => p.cloned(),
        }
    }

    /// [`Corpus::publication_date`] of report `f` at `path`, without where it
    /// was read.
    pub fn published_on(
        &self,
        path: &Path,
        f: &ReportFacts,
    ) -> Option<crate::analysis::dateline::PartialDate> {
        self.publication_date(path, f.meta.published.as_ref())
            .map(|(d, _)| d)
    }

    /// Approximate heap use of the corpus's parts, for the benchmarks.
    pub fn memory(&self) -> Vec<(&'static str, usize)> {
        let facts: usize = self
            .reports()
            .filter_map(|r| r.facts())
            .map(|f| f.heap_bytes() + std::mem::size_of::<ReportFacts>())
            .sum();
        let paths: usize = self
            .reports()
            .map(|r| r.path.as_os_str().len() * 2 + std::mem::size_of::<Report>() + 48)
            .sum();
        vec![
            ("report facts", facts),
            ("paths", paths),
            ("symbols", self.syms.heap_bytes()),
            ("line index", self.line_counts.heap_bytes()),
            ("quote index", self.quote_index.heap_bytes()),
            ("passage index", self.passage_index.heap_bytes()),
            ("copy index", self.copy_index.heap_bytes()),
            ("entity index", self.entity_index.heap_bytes()),
            ("quote links kept in memory", self.links.heap_bytes()),
            ("boilerplate classes kept", self.classes.heap_bytes()),
        ]
    }
}

/// Findings with the version of the report they were computed for.
type VersionedFindings = (u64, Arc<Vec<Finding>>);

/// How a corpus will be loaded: from the cache, or read (see
/// [`Corpus::plan_load`]).
pub struct LoadPlan {
    pub cached: Vec<(PathBuf, cache::Entry, Stamp)>,
    pub to_read: Vec<PathBuf>,
    /// From the cache's symbol and key ids to the corpus's (none when adopted).
    pub maps: Option<(Vec<symbols::Sym>, Vec<u32>)>,
    pub rejected: Option<cache::Rejected>,
    /// The cache holds entries that are no longer wanted.
    pub stale: bool,
}

/// Quote signatures as given to the index: from fresh facts, or interned ones
/// from the cache (already in the index's key ids).
enum Sigs {
    Strings(Vec<(crate::analysis::quotes::matching::QuoteSig, Option<String>)>),
    Ids(Vec<(crate::analysis::quotes::matching::IdSig, Option<String>)>),
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str = "Ministers meet\n\nPRAGUE, March 2 - RIA Novosti. The minister spoke.\n\n\"We cannot allow the grain corridor to close before the spring sowing, because every week of delay drives bread prices higher,\" Tomas Vanek said.\n";
    const B: &str = "Prague wants the route open\n\nPRAGUE, March 2. /RT/. The minister called for it.\n\n\"We must not let the grain corridor shut down before spring sowing, since each week of delay pushes the price of bread up,\" Tomas Vanek told journalists.\n";

    /// The boilerplate classes `c` keeps for report `id`.
    fn kept_classes(c: &Corpus, id: ReportId) -> Option<classes::KeptClasses> {
        c.classes
            .snapshot()
            .into_iter()
            .find(|(r, _)| *r == id)
            .map(|(_, k)| k)
    }

    #[test]
    fn copies_are_ordered_by_the_publication_date_that_is_shown() {
        // The file name's year beats one inferred from the text ("January
        // 14, 2023" in the body would make the dateline's day 2023): a.txt was published
        // on 14 January 2020, before b.txt (13 January 2021), though the
        // dateline's own inferred date is the later.
        let body = "The two delegations met for six hours and agreed to meet again after the holidays, the ministry said. The talks began on January 14, 2023, when the deputy ministers discussed the exchange of prisoners, the reopening of the consulates, the grain shipments through the southern ports and the schedule of the next round, which both sides said should take place in a neutral country before the end of the month.\n";
        let root = tempfile::tempdir().unwrap();
        let a_path = root.path().join("ria/2020-01-14-talks.txt");
        let b_path = root.path().join("tass/talks.txt");
        for (p, dateline) in [
            (&a_path, "MOSCOW, January 14 - RIA Novosti."),
            (&b_path, "MOSCOW, January 13, 2021. /TASS/."),
        ] {
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, format!("Talks end\n\n{dateline} {body}")).unwrap();
        }
        let mut c = Corpus::new(root.path());
        c.set_cache_dir(None);
        c.load_all();
        let a = c.get(&a_path).unwrap().id;
        let b = c.get(&b_path).unwrap().id;
        let date_of = |id: ReportId| {
            let r = c.by_id(id).unwrap();
            let f = r.facts().unwrap();
            let (d, _) = c
                .publication_date(&r.path, f.meta.published.as_ref())
                .unwrap();
            (d.year, d.month, d.day)
        };
        assert_eq!(date_of(a), (Some(2020), 1, 14));
        assert_eq!(date_of(b), (Some(2021), 1, 13));
        let f = c.facts_of(a).unwrap();
        assert_eq!(f.date.as_ref().and_then(|d| d.year), Some(2023), "inferred");
        assert_eq!(c.copy_groups(), vec![vec![a, b]]);
        let of_b = c.copies_for(b);
        assert_eq!(of_b.len(), 1);
        assert_eq!(of_b[0].path, a_path);
        assert_eq!(
            of_b[0].order,
            crate::analysis::context::CopyOrder::DatedEarlier
        );
        assert_eq!(
            c.copies_for(a)[0].order,
            crate::analysis::context::CopyOrder::Later
        );
    }

    #[test]
    fn a_mistake_in_entities_toml_is_said_in_words_at_its_key() {
        let root = tempfile::tempdir().unwrap();
        for (text, line, says) in [
            (
                "[entities]\nkarel = 5\n",
                2,
                "entities.karel: expected an actor's table",
            ),
            (
                "[entities.karel]\nname = 3\nkind = \"person\"\n",
                2,
                "entities.karel.name: expected text in quotes, found the number 3",
            ),
            (
                "[entities.karel]\nname = \" \"\nkind = \"person\"\n",
                1,
                "entities.karel: empty name",
            ),
        ] {
            std::fs::write(root.path().join(ENTITIES_FILE), text).unwrap();
            let c = Corpus::new(root.path());
            let e = c.config_state().error.clone().expect("an error");
            assert_eq!(e.file, ENTITIES_FILE);
            assert!(e.message.starts_with(says), "{text:?}: {}", e.message);
            assert!(!e.message.contains("struct"), "{}", e.message);
            assert_eq!(e.line, line, "{text:?}: {}", e.message);
        }
    }

    #[test]
    fn kept_links_go_stale_when_a_linked_report_changes_even_one_way() {
        let root = tempfile::tempdir().unwrap();
        std::fs::write(root.path().join("a.txt"), A).unwrap();
        std::fs::write(root.path().join("b.txt"), B).unwrap();
        let mut c = Corpus::new(root.path());
        c.set_cache_dir(None);
        c.load_all();
        let a = c.get(&root.path().join("a.txt")).unwrap().id;
        let b = c.get(&root.path().join("b.txt")).unwrap().id;
        let kept = c.kept_links(a);
        let targets: Vec<ReportId> = c.link_targets(&kept).collect();
        assert_eq!(targets, vec![b], "the translations are linked");
        assert_eq!(c.valid_links(a).as_deref(), Some(&*kept));
        // b changes without a's version moving (as when b's link back is missing)
        let version = c.version(a);
        c.mark_changed(b);
        assert_eq!(c.version(a), version);
        assert!(
            c.valid_links(a).is_none(),
            "a link to a changed report is stale"
        );
        // computed again and kept
        let again = c.kept_links(a);
        assert!(again.computed_at > kept.computed_at);
        assert_eq!(again.parts(), kept.parts(), "the same links");
        assert_eq!(c.valid_links(a).as_deref(), Some(&*again));
    }

    #[test]
    fn a_links_file_of_too_many_changed_reports_is_not_read_on() {
        let root = tempfile::tempdir().unwrap();
        let cache = tempfile::tempdir().unwrap();
        let names = ["a.txt", "b.txt", "c.txt", "d.txt"];
        for (i, n) in names.iter().enumerate() {
            let text = if i % 2 == 0 { A } else { B };
            std::fs::write(root.path().join(n), format!("Report {i}\n\n{text}")).unwrap();
        }
        let load = || {
            let mut c = Corpus::new(root.path());
            c.set_cache_dir(Some(cache.path().to_path_buf()));
            c.load_all();
            c
        };
        let c = load();
        for r in c.reports() {
            c.kept_links(r.id);
        }
        c.save_kept_if_changed();
        // two changed: taken for the others
        for n in &names[..2] {
            let p = root.path().join(n);
            let t = std::fs::read_to_string(&p).unwrap();
            std::fs::write(&p, t.replace("Report", "Story")).unwrap();
        }
        assert_eq!(load().load_links(false), Ok(0), "a and b link to c and d");
        // three changed: not read on, nothing kept
        let p = root.path().join(names[2]);
        let t = std::fs::read_to_string(&p).unwrap();
        std::fs::write(&p, t.replace("Report", "Story")).unwrap();
        let c = load();
        assert_eq!(c.load_links(false), Err(cache::Rejected::OtherCorpus));
        assert!(c.links.is_empty());
    }

    #[test]
    fn what_the_text_rules_found_is_kept_and_gives_the_same_findings() {
        let root = tempfile::tempdir().unwrap();
        // no dateline, and a quotation that never closes
        let text = "Talks end without a deal\n\nThe delegations left Geneva on Friday.\n\n\"We will come back in March, Tomas Vanek said.\n";
        let path = root.path().join("a.txt");
        std::fs::write(&path, text).unwrap();
        std::fs::write(root.path().join("b.txt"), B).unwrap();
        let mut c = Corpus::new(root.path());
        c.set_cache_dir(None);
        c.load_all();
        let a = c.get(&path).unwrap().id;
        let first = c.findings(&path).unwrap().findings;
        let codes: Vec<&str> = first.iter().map(|f| f.code).collect();
        assert_eq!(codes, vec!["missing-dateline", "mismatched-quote"]);
        let k = kept_classes(&c, a).expect("kept after the findings");
        assert!(!k.settled.marks_pair);
        assert!(matches!(
            k.settled.dateline,
            analysis::SettledDateline::Missing { .. }
        ));
        assert_eq!(c.findings(&path).unwrap().findings, first, "given again");
        // the second findings came from the kept record, not from the text: a
        // record that says all is well is believed
        let lines = k.classes().unwrap();
        let quiet = analysis::Settled {
            dateline: analysis::SettledDateline::Quiet,
            marks_pair: true,
        };
        c.classes.put(
            a,
            classes::KeptClasses::new(k.text, k.signal, &lines, quiet),
        );
        assert!(c.findings(&path).unwrap().findings.is_empty());
    }

    #[test]
    fn kept_boilerplate_classes_follow_the_repeated_lines() {
        let root = tempfile::tempdir().unwrap();
        let a_path = root.path().join("a.txt");
        std::fs::write(&a_path, format!("Sign up for our morning briefing\n\n{A}")).unwrap();
        std::fs::write(root.path().join("b.txt"), B).unwrap();
        let mut c = Corpus::new(root.path());
        c.set_cache_dir(None);
        c.load_all();
        let a = c.get(&a_path).unwrap().id;
        let kept = |c: &Corpus| kept_classes(c, a).map(|k| k.signal);
        let first = c.findings(&a_path).unwrap().findings;
        let s1 = kept(&c).expect("kept after the findings");
        assert_eq!(c.findings(&a_path).unwrap().findings, first, "used again");
        // another report now repeats the first line: other classes are needed
        let other = root.path().join("c.txt");
        std::fs::write(&other, format!("Sign up for our morning briefing\n\n{B}")).unwrap();
        let content = c.loader().load(&other);
        c.upsert(&other, content);
        let now = c.findings(&a_path).unwrap().findings;
        let s2 = kept(&c).expect("kept again");
        assert_ne!(s1, s2);
        let mut fresh = Corpus::new(root.path());
        fresh.set_cache_dir(None);
        fresh.load_all();
        assert_eq!(now, fresh.findings(&a_path).unwrap().findings);
    }
}
