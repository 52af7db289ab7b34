//! # Evaluation of quote links on the quote-links development set
//!
//! The development set (`shared/dev/quote-links/`, see its README) has 80
//! reports in 40 pairs: two independent English translations of one German
//! story, with the statements quoted in both listed in `labels.jsonl`
//! (`a_file`, `a_line`, `b_file`, `b_line`, `partial_in_b`, …).
//!
//! [`evaluate`] runs the cross-reference as the corpus does: it extracts the
//! quotations of all 80 reports, indexes them all in one
//! [`QuoteIndex`], looks up every quotation, and counts a predicted link
//! between the quotation on line `a_line` of `a_file` and the one on line
//! `b_line` of `b_file` as correct when that pair is labelled. Links are
//! undirected and counted once; links within one report never count.
//! Recall is given over all labelled statements and separately for those
//! quoted whole in both reports and those quoted only in part in `b_file`.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

use crate::analysis::lines::LineIndex;
use crate::analysis::quotes::extract::Quote;
use crate::analysis::quotes::matching;
use crate::corpus::quote_index::{QuoteIndex, QuoteRef, ReportId};

/// Scores at one threshold.
#[derive(Debug, Clone, PartialEq)]
pub struct EvalRow {
    pub threshold: f32,
    /// Distinct predicted links.
    pub predicted: usize,
    /// Predicted links that are labelled.
    pub correct: usize,
    pub precision: f32,
    pub recall: f32,
    /// Recall over labels quoted whole in both reports.
    pub recall_whole: f32,
    /// Recall over labels quoted only in part in the second report.
    pub recall_partial: f32,
    pub f1: f32,
}

/// A link that the evaluation got wrong, for error analysis.
#[derive(Debug, Clone, PartialEq)]
pub struct LinkError {
    /// `false`: predicted but not labelled; `true`: labelled but missed.
    pub missed: bool,
    pub a: (String, usize, String),
    pub b: (String, usize, String),
    /// Best score of the pair (0 when never scored).
    pub score: f32,
}

/// Result of an evaluation.
#[derive(Debug, Clone, PartialEq)]
pub struct EvalReport {
    pub reports: usize,
    /// Quotations extracted, and how many of them are linkable.
    pub quotes: usize,
    pub linkable: usize,
    pub labelled: usize,
    pub rows: Vec<EvalRow>,
    /// Errors at the first threshold.
    pub errors: Vec<LinkError>,
}

impl EvalReport {
    /// The rows as a Markdown table.
    pub fn to_markdown_table(&self) -> String {
        let mut s = String::from(
            "| threshold | predicted | correct | precision | recall | recall (whole) | recall (partial) | F1 |\n\
             |---:|---:|---:|---:|---:|---:|---:|---:|\n",
        );
        for r in &self.rows {
            s.push_str(&format!(
                "| {:.2} | {} | {} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} |\n",
                r.threshold,
                r.predicted,
                r.correct,
                r.precision,
                r.recall,
                r.recall_whole,
                r.recall_partial,
                r.f1
            ));
        }
        s
    }
}

#[derive(serde::Deserialize)]
struct Label {
    a_file: String,
    a_line: usize,
    b_file: String,
    b_line: usize,
    #[serde(default)]
    partial_in_b: bool,
}

/// A link end: file and 0-based line of the quotation's opening mark.
type End = (String, usize);

fn ordered(a: End, b: End) -> (End, End) {
    if a <= b {
        (a, b)
    } else {
        (b, a)
    }
}

/// Evaluate the links at one threshold.
pub fn evaluate(dir: &Path, threshold: f32) -> Result<EvalReport, String> {
    evaluate_many(dir, &[threshold])
}

/// Evaluate the links at several thresholds (one row each).
pub fn evaluate_many(dir: &Path, thresholds: &[f32]) -> Result<EvalReport, String> {
    let (set, links, labelled) = linked(dir, thresholds)?;
    let rows = thresholds
        .iter()
        .map(|&t| score_at(t, &links, &labelled))
        .collect();
    // Errors at the first threshold.
    let errors = match thresholds.first() {
        Some(&t) => set.errors_at(t, &links, &labelled),
        None => Vec::new(),
    };
    Ok(EvalReport {
        reports: set.files.len(),
        quotes: set.quotes.iter().map(Vec::len).sum(),
        linkable: set
            .quotes
            .iter()
            .flatten()
            .filter(|q| q.is_linkable())
            .count(),
        labelled: labelled.len(),
        rows,
        errors,
    })
}

/// The set's reports extracted and indexed, every link at the lowest of
/// `thresholds` with its best score, and the labelled links.
fn linked(dir: &Path, thresholds: &[f32]) -> Result<(Extracted, Links, Labelled), String> {
    let (_, labels_text) = super::read_labels(dir)?;
    let labels: Vec<Label> = labels_text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .enumerate()
        .map(|(i, l)| {
            serde_json::from_str(l).map_err(|e| format!("labels.jsonl line {}: {e}", i + 1))
        })
        .collect::<Result<_, _>>()?;
    let (corpus, files) = super::corpus_files(dir)?;
    let set = Extracted::read(&corpus, files)?;
    // Every link at the lowest threshold, with its best score.
    let lowest = thresholds.iter().copied().fold(f32::INFINITY, f32::min);
    let links = set.best_links(lowest);
    let labelled: Labelled = labels
        .iter()
        .map(|l| {
            (
                ordered((l.a_file.clone(), l.a_line), (l.b_file.clone(), l.b_line)),
                l.partial_in_b,
            )
        })
        .collect();
    Ok((set, links, labelled))
}

/// Thresholds chosen on one half of the stories and measured on the other
/// ([`evaluate_split`]).
#[derive(Debug, Clone, PartialEq)]
pub struct SplitReport {
    /// Stories in the tuning half and in the held-back half.
    pub stories: (usize, usize),
    /// Every threshold tried, on the tuning half.
    pub tuning: Vec<EvalRow>,
    /// The threshold chosen on the tuning half, measured on the held-back half.
    pub held_back: EvalRow,
}

impl SplitReport {
    pub fn to_markdown_table(&self) -> String {
        let row = |r: &EvalRow| {
            format!(
                "| {:.2} | {} | {} | {:.3} | {:.3} | {:.3} |\n",
                r.threshold, r.predicted, r.correct, r.precision, r.recall, r.f1
            )
        };
        let head = "| threshold | predicted | correct | precision | recall | F1 |\n|---:|---:|---:|---:|---:|---:|\n";
        let mut s = format!(
            "Tuning half ({} stories): the threshold with the highest recall at precision >= {PRECISION_BAR} (else the best F1)\n\n{head}",
            self.stories.0
        );
        for r in &self.tuning {
            s.push_str(&row(r));
        }
        s.push_str(&format!(
            "\nHeld-back half ({} stories), at the chosen threshold\n\n{head}",
            self.stories.1
        ));
        s.push_str(&row(&self.held_back));
        s
    }
}

/// The precision the threshold must keep on the tuning half.
pub const PRECISION_BAR: f32 = 0.95;

/// The story of a report of the set (`deen-0041` of `deen-0041_a.txt`).
fn story(file: &str) -> &str {
    file.rsplit_once('_').map_or(file, |(s, _)| s)
}

/// Whether a story is in the held-back half: a fixed hash of its name.
pub fn held_back(story_name: &str) -> bool {
    crate::analysis::stable_hash(story_name.as_bytes()) % 2 == 1
}

/// Choose the threshold on one half of the stories (the highest recall at
/// [`PRECISION_BAR`], else the best F1) and score it on the other half. Links
/// go to the half of their first end's story; the quotations of all reports
/// are indexed together, as in a corpus.
pub fn evaluate_split(dir: &Path, thresholds: &[f32]) -> Result<SplitReport, String> {
    let (set, links, labelled) = linked(dir, thresholds)?;
    let half = |back: bool| {
        let keep = |k: &(End, End)| held_back(story(&k.0 .0)) == back;
        let l: Links = links
            .iter()
            .filter(|(k, _)| keep(k))
            .map(|(k, v)| (k.clone(), *v))
            .collect();
        let g: Labelled = labelled
            .iter()
            .filter(|(k, _)| keep(k))
            .map(|(k, v)| (k.clone(), *v))
            .collect();
        (l, g)
    };
    let (tl, tg) = half(false);
    let (bl, bg) = half(true);
    let tuning: Vec<EvalRow> = thresholds.iter().map(|&t| score_at(t, &tl, &tg)).collect();
    let best = tuning
        .iter()
        .filter(|r| r.precision >= PRECISION_BAR)
        .max_by(|a, b| {
            a.recall
                .total_cmp(&b.recall)
                .then(b.threshold.total_cmp(&a.threshold))
        })
        .or_else(|| tuning.iter().max_by(|a, b| a.f1.total_cmp(&b.f1)))
        .ok_or("no threshold to try")?;
    let mut stories: Vec<&str> = set.files.iter().map(|f| story(f)).collect();
    stories.dedup();
    let back = stories.iter().filter(|s| held_back(s)).count();
    Ok(SplitReport {
        stories: (stories.len() - back, back),
        held_back: score_at(best.threshold, &bl, &bg),
        tuning,
    })
}

/// Every predicted link (its two ends in order) with its best score.
type Links = HashMap<(End, End), f32>;

/// Every labelled link (its two ends in order), and whether the statement is
/// quoted only in part in `b_file`.
type Labelled = BTreeMap<(End, End), bool>;

/// The set's reports with their quotations extracted and indexed, as the
/// corpus does.
struct Extracted {
    files: Vec<String>,
    texts: Vec<String>,
    quotes: Vec<Vec<Quote>>,
    sigs: Vec<Vec<(matching::QuoteSig, Option<String>)>>,
    index: QuoteIndex,
}

impl Extracted {
    /// Read `files` of the `corpus` folder, extract their quotations and index
    /// them all, report `i` being `files[i]`.
    fn read(corpus: &Path, files: Vec<String>) -> Result<Extracted, String> {
        let mut texts = Vec::with_capacity(files.len());
        let mut all_quotes: Vec<Vec<Quote>> = Vec::with_capacity(files.len());
        let mut sigs: Vec<Vec<(matching::QuoteSig, Option<String>)>> = Vec::new();
        let mut index = QuoteIndex::new();
        for (id, name) in files.iter().enumerate() {
            let text =
                std::fs::read_to_string(corpus.join(name)).map_err(|e| format!("{name}: {e}"))?;
            // the same local facts the corpus computes for every report
            let facts = crate::analysis::LocalFacts::compute(&text);
            let quotes = facts.quotes;
            let entries = facts.quote_entries;
            index.add_report(id as ReportId, &entries);
            index.set_context(id as ReportId, &facts.context.as_slice().into());
            texts.push(text);
            all_quotes.push(quotes);
            sigs.push(entries);
        }
        Ok(Extracted {
            files,
            texts,
            quotes: all_quotes,
            sigs,
            index,
        })
    }

    /// The file and line of a quotation's opening mark.
    fn line_of(&self, r: QuoteRef) -> End {
        let text = &self.texts[r.report as usize];
        let q = &self.quotes[r.report as usize][r.quote];
        (
            self.files[r.report as usize].clone(),
            LineIndex::new(text).line_of(q.open.start),
        )
    }

    /// Every link the index gives at the `lowest` threshold, with its best score.
    fn best_links(&self, lowest: f32) -> Links {
        let mut links: Links = HashMap::new();
        for (id, entries) in self.sigs.iter().enumerate() {
            for qi in 0..entries.len() {
                let from = QuoteRef {
                    report: id as ReportId,
                    quote: qi,
                };
                for (to, s) in self.index.links(from, lowest) {
                    let key = ordered(self.line_of(from), self.line_of(to));
                    let best = links.entry(key).or_insert(0.0);
                    *best = best.max(s);
                }
            }
        }
        links
    }

    /// The quotations that open on a link end's line, joined with " | ".
    fn quote_text(&self, e: &End) -> String {
        let Some(fi) = self.files.iter().position(|f| *f == e.0) else {
            return String::new();
        };
        let idx = LineIndex::new(&self.texts[fi]);
        self.quotes[fi]
            .iter()
            .filter(|q| idx.line_of(q.open.start) == e.1)
            .map(|q| q.text.clone())
            .collect::<Vec<_>>()
            .join(" | ")
    }

    /// The links wrong at threshold `t`: labelled but not predicted, or
    /// predicted but not labelled.
    fn errors_at(&self, t: f32, links: &Links, labelled: &Labelled) -> Vec<LinkError> {
        let mut errors = Vec::new();
        let mut keys: BTreeSet<&(End, End)> = labelled.keys().collect();
        keys.extend(links.iter().filter(|(_, &s)| s >= t).map(|(k, _)| k));
        for k in keys {
            let score = links.get(k).copied().unwrap_or(0.0);
            let is_label = labelled.contains_key(k);
            let predicted = score >= t && links.contains_key(k);
            if is_label != predicted {
                errors.push(LinkError {
                    missed: is_label,
                    a: (k.0 .0.clone(), k.0 .1, self.quote_text(&k.0)),
                    b: (k.1 .0.clone(), k.1 .1, self.quote_text(&k.1)),
                    score,
                });
            }
        }
        errors
    }
}

/// The scores of the links predicted at threshold `t`.
fn score_at(t: f32, links: &Links, labelled: &Labelled) -> EvalRow {
    let partial_total = labelled.values().filter(|&&p| p).count();
    let whole_total = labelled.len() - partial_total;
    let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f32 / b as f32 };
    let predicted: BTreeSet<&(End, End)> = links
        .iter()
        .filter(|(_, &s)| s >= t)
        .map(|(k, _)| k)
        .collect();
    let correct = predicted
        .iter()
        .filter(|k| labelled.contains_key(**k))
        .count();
    let found_partial = labelled
        .iter()
        .filter(|(k, &p)| p && predicted.contains(k))
        .count();
    let found_whole = correct - found_partial;
    let precision = ratio(correct, predicted.len());
    let recall = ratio(correct, labelled.len());
    let f1 = if precision + recall > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    };
    EvalRow {
        threshold: t,
        predicted: predicted.len(),
        correct,
        precision,
        recall,
        recall_whole: ratio(found_whole, whole_total),
        recall_partial: ratio(found_partial, partial_total),
        f1,
    }
}

/// The index entry of a quotation (see [`crate::analysis::quote_entry`]).
pub fn entry(q: &Quote) -> (matching::QuoteSig, Option<String>) {
    crate::analysis::quote_entry(q)
}

/// Checks on the seed reports of `shared/seeds` (skipped when absent).
#[cfg(test)]
mod seeds {
    use super::*;
    use crate::analysis::passages;
    use crate::corpus::quote_index::PassageIndex;

    struct Seed {
        name: String,
        text: String,
        quotes: Vec<Quote>,
        skip: Vec<bool>,
    }

    fn load() -> Option<Vec<Seed>> {
        let dir = crate::testdata::shared("seeds")?;
        let mut names: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".txt"))
            .collect();
        names.sort();
        let seeds: Vec<Seed> = names
            .into_iter()
            .map(|name| {
                let text = std::fs::read_to_string(dir.join(&name)).unwrap();
                // the pipeline the corpus runs: boilerplate, pairing, extraction
                let facts = crate::analysis::LocalFacts::compute(&text);
                let (skip, quotes) = (facts.skip, facts.quotes);
                Seed {
                    name,
                    text,
                    quotes,
                    skip,
                }
            })
            .collect();
        (seeds.len() >= 5).then_some(seeds)
    }

    /// Index all seeds; the links of quotation `qi` of seed `si`.
    fn linker(seeds: &[Seed]) -> QuoteIndex {
        let mut index = QuoteIndex::new();
        for (i, s) in seeds.iter().enumerate() {
            let entries: Vec<_> = s.quotes.iter().map(entry).collect();
            index.add_report(i as ReportId, &entries);
        }
        index
    }

    /// The quotation of seed `si` whose text starts with `start`.
    fn find(seeds: &[Seed], si: usize, start: &str) -> QuoteRef {
        let qi = seeds[si]
            .quotes
            .iter()
            .position(|q| q.text.starts_with(start))
            .unwrap_or_else(|| panic!("{}: no quotation starting {start:?}", seeds[si].name));
        QuoteRef {
            report: si as ReportId,
            quote: qi,
        }
    }

    fn linked(index: &QuoteIndex, a: QuoteRef, b: QuoteRef) -> bool {
        let t = matching::DEFAULT_LINK_THRESHOLD;
        index.links(a, t).iter().any(|(r, _)| *r == b)
            && index.links(b, t).iter().any(|(r, _)| *r == a)
    }

    #[test]
    fn seed_quotes_link_across_translations() {
        let Some(seeds) = load() else { return };
        let index = linker(&seeds);
        let escalate_000 = find(&seeds, 0, "NATO's activities continue to escalate");
        let escalate_002 = find(&seeds, 2, "NATO continues to escalate");
        assert!(linked(&index, escalate_000, escalate_002));
        let agreements_000 = find(
            &seeds,
            0,
            "We want the agreements mentioned by the president",
        );
        let agreements_002 = find(
            &seeds,
            2,
            "We want the agreements that the president mentioned",
        );
        assert!(linked(&index, agreements_000, agreements_002));
        // A fragment links to the long quotation it is part of.
        let osce_002 = find(&seeds, 2, "inevitably affects the OSCE work");
        assert!(seeds[2].quotes[osce_002.quote].fragment);
        let osce_000 = find(&seeds, 0, "Military capabilities in eastern Europe");
        assert!(linked(&index, osce_002, osce_000));
        // Smith's quotation and the TASS interview link to nothing.
        for si in [3, 4] {
            for qi in 0..seeds[si].quotes.len() {
                let from = QuoteRef {
                    report: si as ReportId,
                    quote: qi,
                };
                let links = index.links(from, matching::DEFAULT_LINK_THRESHOLD);
                assert!(links.is_empty(), "{} quote {qi}: {links:?}", seeds[si].name);
            }
        }
    }

    #[test]
    fn seed_speakers() {
        let Some(seeds) = load() else { return };
        for (si, want) in [
            (0, "lavrov"),
            (1, "lavrov"),
            (2, "lavrov"),
            (3, "smith"),
            (4, "lavrov"),
        ] {
            let linkable: Vec<&Quote> = seeds[si]
                .quotes
                .iter()
                .filter(|q| q.is_linkable())
                .collect();
            assert!(!linkable.is_empty(), "{}", seeds[si].name);
            for q in linkable {
                let key = q.speaker.as_ref().map(|s| s.surname_key.as_str());
                assert_eq!(key, Some(want), "{}: {:?}", seeds[si].name, q.text);
            }
        }
        let lavrov_000 = seeds[0].quotes[0].speaker.as_ref().unwrap();
        assert_eq!(lavrov_000.name, "Sergei Lavrov");
        let smith = seeds[3].quotes[0].speaker.as_ref().unwrap();
        assert_eq!(smith.name, "Julian Smith");
    }

    #[test]
    fn seed_background_paragraph_is_a_reused_passage() {
        let Some(seeds) = load() else { return };
        let sentences: Vec<Vec<(std::ops::Range<usize>, u64)>> = seeds
            .iter()
            .map(|s| passages::sentences(&s.text, &s.skip, &s.quotes))
            .collect();
        let mut index = PassageIndex::new();
        for (i, s) in sentences.iter().enumerate() {
            let hashes: Vec<u64> = s.iter().map(|(_, h)| *h).collect();
            index.add_report(i as ReportId, &hashes);
        }
        let passages_of = |si: usize, other: ReportId| -> Vec<String> {
            let reused: Vec<bool> = sentences[si]
                .iter()
                .map(|(_, h)| index.others(*h, si as ReportId).contains(&other))
                .collect();
            passages::merge(&seeds[si].text, &sentences[si], &reused)
                .into_iter()
                .map(|r| seeds[si].text[r].to_string())
                .collect()
        };
        let p13 = passages_of(1, 3);
        assert_eq!(p13.len(), 1, "{p13:?}");
        assert!(p13[0].starts_with("At the end of 2021, Russia published drafts"));
        // Two sentences, merged into one passage.
        assert!(p13[0].contains("post-Soviet countries."));
        let p31 = passages_of(3, 1);
        assert_eq!(p31, p13);
        // Nothing else is shared among the seeds.
        assert!(passages_of(0, 2).is_empty());
    }
}
