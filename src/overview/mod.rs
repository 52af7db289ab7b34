//! The corpus overview: one self-contained HTML page (no script, no network)
//! that a curator would rather look at than read: reports per day and per
//! outlet, findings per rule, the most-mentioned actors and events, the most
//! reused quotes with the outlets that carry them (earliest first), and the
//! groups of copies. `newsdesk report --html` writes it from the CLI, and the
//! server's `newsdesk.writeOverview` command from the editor's corpus; both
//! call [`Overview::gather`] and [`html::render`], so they show the same.
//!
//! Gathering reads the corpus's compact facts and computes each report's
//! findings (as `check` does, in parallel); nothing here grows with the
//! square of the corpus: the quote groups are a union-find over the links
//! the corpus already keeps. The corpus is reached through [`Reach`]: the
//! command line owns it, the server holds its lock for one batch of
//! [`FINDINGS_BATCH`] reports' findings at a time, so an edit made while
//! the page is gathered waits for a batch, not for the whole corpus (about a
//! minute at 100,000 reports).

pub mod html;

use crate::analysis::dateline::order_key;
use crate::analysis::dateline::PartialDate;
use crate::analysis::metadata::OutletSource;
use crate::analysis::Severity;
use crate::corpus::{Corpus, ReportId};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

/// How many rows the page's lists show.
const TOP_ACTORS: usize = 15;
const TOP_EVENTS: usize = 10;
const TOP_QUOTES: usize = 10;
const TOP_COPIES: usize = 20;
/// Reports listed under a reused quote (the earliest); the others are counted
/// by outlet.
const SHOWN_CARRIERS: usize = 12;

/// Reports whose findings are computed under one hold of the corpus.
pub const FINDINGS_BATCH: usize = 256;

/// How the overview reaches the corpus: for each part of the gathering,
/// `with` lends it for the length of `f`.
pub trait Reach: Sync {
    fn with<R>(&self, f: impl FnOnce(&Corpus) -> R) -> R;
}

/// The command line's corpus, owned: lent as it is.
impl Reach for Corpus {
    fn with<R>(&self, f: impl FnOnce(&Corpus) -> R) -> R {
        f(self)
    }
}

/// A day: year, month, day of the month.
pub type Day = (i32, u8, u8);

/// A group of copies: each report's name and, after the first, its
/// resemblance to the first and whether it is an exact copy.
pub type CopyGroup = Vec<(String, Option<(f32, bool)>)>;

/// What the page shows, gathered from one corpus.
#[derive(Debug, Default)]
pub struct Overview {
    /// The corpus's folder as given.
    pub root: String,
    pub reports: usize,
    /// Reports that could not be analysed (not UTF-8, too large, unreadable).
    pub problems: usize,
    /// Whether the corpus changed while the page was gathered (its counts,
    /// findings and links were read under different holds of the corpus, so
    /// they may then be of different states).
    pub changed_while_gathered: bool,
    /// Reports per day and outlet (dated reports only, with their year).
    pub by_day: BTreeMap<Day, BTreeMap<String, usize>>,
    pub undated: usize,
    /// Reports per outlet, most first, with where the outlet was read.
    pub outlets: Vec<(String, usize, OutletSource)>,
    pub no_outlet: usize,
    /// Per rule: code, default severity, findings, reports with one.
    pub findings: Vec<RuleCount>,
    pub actors: Vec<EntityRow>,
    pub events: Vec<EntityRow>,
    pub quotes: Vec<QuoteGroup>,
    /// Groups of copies, the earliest first, each with its resemblance to it.
    pub copies: Vec<CopyGroup>,
    pub copy_groups: usize,
}

#[derive(Debug, Clone)]
pub struct RuleCount {
    pub code: &'static str,
    pub severity: Severity,
    pub findings: usize,
    pub reports: usize,
}

#[derive(Debug, Clone)]
pub struct EntityRow {
    pub name: String,
    pub kind: &'static str,
    pub reports: usize,
    /// For an event: its date (ISO) and place.
    pub date: Option<String>,
    pub place: Option<String>,
}

/// One statement quoted by several reports: the earliest report's words and
/// speaker, and every report that carries it, earliest first.
#[derive(Debug, Clone)]
pub struct QuoteGroup {
    pub excerpt: String,
    pub speaker: Option<String>,
    /// The earliest [`SHOWN_CARRIERS`] reports that carry it.
    pub carriers: Vec<Carrier>,
    /// How many reports carry it, and how many of each outlet (most first).
    pub reports: usize,
    pub outlets: Vec<(String, usize)>,
}

#[derive(Debug, Clone)]
pub struct Carrier {
    pub report: String,
    pub outlet: Option<String>,
    pub date: Option<PartialDate>,
}

impl Overview {
    /// Gather the overview of `corpus` (every report; the findings computed
    /// as `check` computes them).
    pub fn gather(corpus: &Corpus) -> Overview {
        Overview::gather_from(corpus)
    }

    /// [`Overview::gather`] through `reach`: the findings a batch at a time,
    /// each other part under one hold.
    pub fn gather_from<A: Reach>(reach: &A) -> Overview {
        let ((mut o, reports), before) =
            reach.with(|c| (Overview::reports_and_dates(c), c.change_count()));
        o.findings = finding_counts(reach, &reports);
        let after = reach.with(|corpus| {
            o.add_links(corpus, &reports);
            corpus.change_count()
        });
        // an edit between the holds: the parts may be of different states
        o.changed_while_gathered = after != before;
        o
    }

    /// The reports, and the counts by outlet and day.
    fn reports_and_dates(corpus: &Corpus) -> (Overview, Vec<(ReportId, PathBuf)>) {
        let mut o = Overview {
            root: corpus.root().display().to_string(),
            ..Default::default()
        };
        let reports: Vec<(ReportId, PathBuf)> = corpus
            .report_slots()
            .iter()
            .flatten()
            .map(|r| (r.id, r.path.clone()))
            .collect();
        o.reports = reports.len();
        let mut outlets: HashMap<String, (usize, OutletSource)> = HashMap::new();
        for (id, path) in &reports {
            let Some(f) = corpus.facts_of(*id) else {
                o.problems += 1;
                continue;
            };
            let outlet = corpus.outlet(path, &f.meta);
            match &outlet {
                Some((name, source)) => outlets.entry(name.clone()).or_insert((0, *source)).0 += 1,
                None => o.no_outlet += 1,
            }
            match report_date(corpus, path, &f) {
                Some(d) => {
                    let day = (d.year.unwrap_or(0), d.month, d.day);
                    let name = outlet.map_or_else(|| "(no outlet)".to_string(), |x| x.0);
                    *o.by_day.entry(day).or_default().entry(name).or_default() += 1;
                }
                None => o.undated += 1,
            }
        }
        let mut outlets: Vec<(String, usize, OutletSource)> =
            outlets.into_iter().map(|(n, (c, s))| (n, c, s)).collect();
        outlets.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        o.outlets = outlets;
        (o, reports)
    }

    /// The actors, events, reused quotes and copies.
    fn add_links(&mut self, corpus: &Corpus, reports: &[(ReportId, PathBuf)]) {
        let o = self;
        (o.actors, o.events) = entities(corpus);
        o.quotes = quote_groups(corpus, reports);
        let groups = corpus.copy_groups();
        o.copy_groups = groups.len();
        let mut groups = groups;
        groups.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a[0].cmp(&b[0])));
        o.copies = groups
            .iter()
            .take(TOP_COPIES)
            .map(|g| {
                g.iter()
                    .enumerate()
                    .map(|(i, &r)| {
                        let name = corpus
                            .by_id(r)
                            .map(|x| corpus.relative(&x.path))
                            .unwrap_or_default();
                        let x = (i > 0).then(|| corpus.resemblance(g[0], r)).flatten();
                        (name, x)
                    })
                    .collect()
            })
            .collect();
    }

    /// The first and last day with dated reports.
    pub fn span(&self) -> Option<(Day, Day)> {
        Some((
            *self.by_day.keys().next()?,
            *self.by_day.keys().next_back()?,
        ))
    }
}

/// A report's publication date with its year ([`Corpus::publication_date`]).
fn report_date(
    corpus: &Corpus,
    path: &Path,
    f: &crate::corpus::facts::ReportFacts,
) -> Option<PartialDate> {
    corpus.published_on(path, f).filter(|d| d.year.is_some())
}

/// Findings per rule over every report, computed on scoped threads, one part
/// of the reports each (not the rayon pool: the server calls this holding the
/// corpus's read lock, and the pool's workers may be waiting for that lock).
fn finding_counts<A: Reach>(reach: &A, reports: &[(ReportId, PathBuf)]) -> Vec<RuleCount> {
    // a batch at a time, each under its own hold of the corpus
    let of = |part: &[(ReportId, PathBuf)]| -> Vec<Vec<(&'static str, Severity)>> {
        part.chunks(FINDINGS_BATCH)
            .flat_map(|batch| {
                reach.with(|corpus| {
                    batch
                        .iter()
                        .map(|(_, path)| {
                            corpus
                                .findings(path)
                                .map(|c| c.findings.iter().map(|f| (f.code, f.severity)).collect())
                                .unwrap_or_default()
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect()
    };
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
    let part = reports.len().div_ceil(cores).max(1);
    let per_report: Vec<Vec<(&'static str, Severity)>> = std::thread::scope(|sc| {
        let handles: Vec<_> = reports
            .chunks(part)
            .map(|p| sc.spawn(move || of(p)))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    let mut counts: BTreeMap<&'static str, RuleCount> = BTreeMap::new();
    for found in &per_report {
        let mut seen: Vec<&str> = Vec::new();
        for &(code, severity) in found {
            let c = counts.entry(code).or_insert(RuleCount {
                code,
                severity,
                findings: 0,
                reports: 0,
            });
            c.findings += 1;
            c.severity = c.severity.min(severity);
            if !seen.contains(&code) {
                seen.push(code);
                c.reports += 1;
            }
        }
    }
    let mut v: Vec<RuleCount> = counts.into_values().collect();
    v.sort_by(|a, b| b.findings.cmp(&a.findings).then_with(|| a.code.cmp(b.code)));
    v
}

/// The most-mentioned actors and events, by the number of reports.
fn entities(corpus: &Corpus) -> (Vec<EntityRow>, Vec<EntityRow>) {
    let index = corpus.entities();
    let syms = corpus.symbols();
    let mut counted: Vec<(&str, usize)> = index
        .keys(syms)
        .into_iter()
        .map(|k| (k, index.reports_of(syms, k).len()))
        .collect();
    counted.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    let facts = |r| corpus.facts_of(r);
    let (mut actors, mut events) = (Vec::new(), Vec::new());
    for (key, _) in counted {
        if actors.len() >= TOP_ACTORS && events.len() >= TOP_EVENTS {
            break;
        }
        let Some(s) = index.entity_of(syms, key, &facts) else {
            continue;
        };
        let name = corpus
            .registry()
            .lookup(key)
            .map_or(s.name.clone(), |e| e.name.clone());
        let row = EntityRow {
            name,
            kind: s.kind.as_str(),
            reports: s.reports.len(),
            date: s.date.as_ref().and_then(|d| d.iso()),
            place: s.place.clone(),
        };
        if s.kind == crate::analysis::actors::MentionKind::Event {
            if events.len() < TOP_EVENTS {
                events.push(row);
            }
        } else if actors.len() < TOP_ACTORS {
            actors.push(row);
        }
    }
    (actors, events)
}

/// Quotes linked across reports, grouped (a union-find over the links the
/// corpus keeps), the groups carried by the most reports first.
fn quote_groups(corpus: &Corpus, reports: &[(ReportId, PathBuf)]) -> Vec<QuoteGroup> {
    // every linkable quote gets a number: (report, quote index) → node
    let mut node_of: HashMap<(ReportId, usize), usize> = HashMap::new();
    let mut nodes: Vec<(ReportId, usize)> = Vec::new();
    let mut parent: Vec<usize> = Vec::new();
    fn root(parent: &mut [usize], mut x: usize) -> usize {
        while parent[x] != x {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        x
    }
    let mut node =
        |key: (ReportId, usize), nodes: &mut Vec<(ReportId, usize)>, parent: &mut Vec<usize>| {
            *node_of.entry(key).or_insert_with(|| {
                nodes.push(key);
                parent.push(parent.len());
                parent.len() - 1
            })
        };
    for (id, _) in reports {
        for (qi, links) in corpus.report_quote_links(*id).into_iter().enumerate() {
            for l in links {
                let Some(other) = corpus.get(&l.path) else {
                    continue;
                };
                let Some(oj) = other
                    .facts()
                    .and_then(|f| f.quotes.iter().position(|q| q.range.range() == l.range))
                else {
                    continue;
                };
                let a = node((*id, qi), &mut nodes, &mut parent);
                let b = node((other.id, oj), &mut nodes, &mut parent);
                let (ra, rb) = (root(&mut parent, a), root(&mut parent, b));
                if ra != rb {
                    parent[ra.max(rb)] = ra.min(rb);
                }
            }
        }
    }
    let mut groups: HashMap<usize, Vec<(ReportId, usize)>> = HashMap::new();
    for (i, &key) in nodes.iter().enumerate() {
        let r = root(&mut parent, i);
        groups.entry(r).or_default().push(key);
    }
    let mut groups: Vec<Vec<(ReportId, usize)>> = groups.into_values().collect();
    let reports_in = |g: &Vec<(ReportId, usize)>| {
        let mut r: Vec<ReportId> = g.iter().map(|x| x.0).collect();
        r.sort_unstable();
        r.dedup();
        r.len()
    };
    groups.sort_by(|a, b| {
        reports_in(b)
            .cmp(&reports_in(a))
            .then_with(|| a.iter().min().cmp(&b.iter().min()))
    });
    groups
        .into_iter()
        .take(TOP_QUOTES)
        .filter_map(|g| group(corpus, g))
        .collect()
}

fn group(corpus: &Corpus, mut g: Vec<(ReportId, usize)>) -> Option<QuoteGroup> {
    g.sort_unstable();
    // one carrier per report (its first quote of the statement)
    g.dedup_by_key(|x| x.0);
    let mut carriers: Vec<(Carrier, ReportId, usize)> = g
        .iter()
        .filter_map(|&(r, qi)| {
            let rep = corpus.by_id(r)?;
            let f = rep.facts()?;
            Some((
                Carrier {
                    report: corpus.relative(&rep.path),
                    outlet: corpus.outlet(&rep.path, &f.meta).map(|o| o.0),
                    date: corpus.published_on(&rep.path, f),
                },
                r,
                qi,
            ))
        })
        .collect();
    // earliest first (undated last), then by path
    carriers.sort_by(|a, b| {
        order_key(a.0.date.as_ref())
            .cmp(&order_key(b.0.date.as_ref()))
            .then_with(|| a.0.report.cmp(&b.0.report))
    });
    let (_, r, qi) = carriers.first()?;
    let f = corpus.facts_of(*r)?;
    let q = f.quotes.get(*qi)?;
    let mut outlets: HashMap<&str, usize> = HashMap::new();
    for c in &carriers {
        *outlets
            .entry(c.0.outlet.as_deref().unwrap_or("no outlet"))
            .or_default() += 1;
    }
    let mut outlets: Vec<(String, usize)> = outlets
        .into_iter()
        .map(|(o, n)| (o.to_string(), n))
        .collect();
    outlets.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    Some(QuoteGroup {
        excerpt: f.excerpt(q).to_string(),
        speaker: q
            .speaker
            .as_ref()
            .map(|s| corpus.symbols().name(s.name).to_string()),
        reports: carriers.len(),
        outlets,
        carriers: carriers
            .into_iter()
            .take(SHOWN_CARRIERS)
            .map(|c| c.0)
            .collect(),
    })
}

/// Write the overview page of the corpus `reach` lends to `out`, atomically
/// (a temporary file beside it, then a rename).
pub fn write<A: Reach>(reach: &A, out: &Path) -> std::io::Result<Overview> {
    let o = Overview::gather_from(reach);
    let page = html::render(&o);
    let dir = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    std::io::Write::write_all(&mut tmp, page.as_bytes())?;
    // readable as any page the user writes (a temporary file is private)
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        tmp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644))?;
    }
    tmp.persist(out).map_err(|e| e.error)?;
    Ok(o)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// A corpus lent as the server lends it, counting the holds.
    struct Counted<'a>(&'a Corpus, AtomicUsize);

    impl Reach for Counted<'_> {
        fn with<R>(&self, f: impl FnOnce(&Corpus) -> R) -> R {
            self.1.fetch_add(1, Ordering::Relaxed);
            f(self.0)
        }
    }

    /// The findings are gathered a batch at a time (so the server's lock is
    /// released between batches), and the page is the same as gathered at
    /// once.
    #[test]
    fn the_findings_are_gathered_a_batch_at_a_time() {
        let dir = tempfile::tempdir().unwrap();
        let n = 3 * FINDINGS_BATCH + 10;
        for i in 0..n {
            let text = format!(
                "Report {i} on the harbour\n\nBERGEN, May {} - The harbour of Bergen stayed closed for the {i}th day as the storm went on, the port authority said.\n",
                1 + i % 28
            );
            std::fs::write(dir.path().join(format!("r{i:04}.txt")), text).unwrap();
        }
        let mut corpus = Corpus::new(dir.path());
        // no index cache: nothing written outside the temporary folder
        corpus.set_cache_dir(None);
        corpus.load_all();
        let counted = Counted(&corpus, AtomicUsize::new(0));
        let o = Overview::gather_from(&counted);
        assert_eq!(o.reports, n);
        let cores = std::thread::available_parallelism().map_or(1, |c| c.get().min(8));
        let part = n.div_ceil(cores);
        let batches: usize = (0..n)
            .step_by(part)
            .map(|s| (n - s).min(part).div_ceil(FINDINGS_BATCH))
            .sum::<usize>();
        // the reports and dates, each batch, the links
        assert_eq!(counted.1.load(Ordering::Relaxed), 2 + batches);
        assert!(batches >= 4);
        assert_eq!(
            html::render(&o),
            html::render(&Overview::gather(&corpus)),
            "the same page"
        );
    }

    /// A corpus behind a lock that an edit reaches between the first hold
    /// and the next, as a curator's typing reaches the server's.
    struct Edited {
        corpus: std::sync::RwLock<Corpus>,
        holds: AtomicUsize,
        edit: (PathBuf, String),
    }

    impl Reach for Edited {
        fn with<R>(&self, f: impl FnOnce(&Corpus) -> R) -> R {
            if self.holds.fetch_add(1, Ordering::Relaxed) == 1 {
                let (path, text) = &self.edit;
                let mut c = self.corpus.write().unwrap();
                let content = c.loader().text(text.clone());
                c.upsert(path, content);
            }
            f(&self.corpus.read().unwrap())
        }
    }

    /// An edit between the holds is said on the page; a page gathered in one
    /// state says nothing of it.
    #[test]
    fn the_page_says_when_the_corpus_changed_while_it_was_gathered() {
        let dir = tempfile::tempdir().unwrap();
        let text = "Harbour closed\n\nBERGEN, May 2 - The harbour of Bergen stayed closed, the port authority said.\n";
        for i in 0..3 {
            std::fs::write(dir.path().join(format!("r{i}.txt")), text).unwrap();
        }
        let mut corpus = Corpus::new(dir.path());
        corpus.set_cache_dir(None);
        corpus.load_all();
        let quiet = Overview::gather(&corpus);
        assert!(!quiet.changed_while_gathered);
        assert!(!html::render(&quiet).contains("changed"));
        let edited = Edited {
            corpus: std::sync::RwLock::new(corpus),
            holds: AtomicUsize::new(0),
            edit: (dir.path().join("r3.txt"), text.replace("closed", "open")),
        };
        let o = Overview::gather_from(&edited);
        assert!(o.changed_while_gathered);
        assert!(
            html::render(&o).contains("The corpus changed while this page was being gathered"),
            "{}",
            html::render(&o)
        );
    }
}
