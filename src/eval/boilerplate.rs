//! Evaluation of the boilerplate rule ([`crate::analysis::boilerplate`]) on a
//! labelled development set.
//!
//! The set is a directory with
//!
//! - `corpus/<id>.txt`: whole-page plain text, one file per page;
//! - `labels.jsonl`: one object per labelled (non-blank) line,
//!   `{"file": "<id>.txt", "line": <0-based>, "label": "content"|"boilerplate", "title_like": bool}`.
//!
//! Lines marked `title_like` (the page title and headline) are left out of the
//! scores. The rule is run twice: once with the corpus signal the corpus layer
//! would pass (for each line, the number of *other* pages of the set containing
//! the same [`line_key`]), and once with all-zero repeats (single-file use).

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::path::Path;

use serde::Deserialize;

use crate::analysis::boilerplate::{
    blocks_from_classes, classify, classify_rule, line_key, split_lines, CorpusSignal, LineClass,
};
use crate::analysis::lines::LineIndex;
use crate::analysis::rules::boilerplate::held_lines;

/// Precision, recall and F1 of one class (lines predicted and labelled with it,
/// predicted but labelled otherwise, labelled but predicted otherwise).
pub type ClassScore = super::Counts;

/// Scores of one run over the whole set.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct RunScores {
    /// Content class (the article).
    pub content: ClassScore,
    /// Boilerplate class.
    pub boilerplate: ClassScore,
}

impl RunScores {
    /// Count one line: whether it is labelled content, and whether it was
    /// predicted content.
    pub fn add(&mut self, gold_content: bool, pred_content: bool) {
        match (gold_content, pred_content) {
            (true, true) => {
                self.content.tp += 1;
            }
            (false, false) => {
                self.boilerplate.tp += 1;
            }
            (true, false) => {
                self.content.fn_ += 1;
                self.boilerplate.fp += 1;
            }
            (false, true) => {
                self.content.fp += 1;
                self.boilerplate.fn_ += 1;
            }
        }
    }
}

/// One misclassified line (from the run with corpus repeats).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Mistake {
    /// File name inside `corpus/`.
    pub file: String,
    /// 0-based line number.
    pub line: usize,
    /// True when the label is `content`.
    pub gold_content: bool,
    /// The line's text.
    pub text: String,
}

/// Result of [`evaluate`].
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct EvalReport {
    /// Number of pages.
    pub files: usize,
    /// Labelled lines scored (title-like lines excluded).
    pub lines: usize,
    /// Title-like lines left out.
    pub title_like_skipped: usize,
    /// Run with repeats counted across the set's pages.
    pub with_corpus: RunScores,
    /// Run with all-zero repeats.
    pub zero_repeats: RunScores,
    /// Run with repeats on the pages the shipped line model was not trained
    /// on ([`training_page`]).
    pub held_out: RunScores,
    /// The hand-written rule alone (no line model), repeats counted across
    /// the set's pages: all pages, and the held-out half.
    pub rule_alone: RunScores,
    pub rule_alone_held_out: RunScores,
    /// Per-file scores of the run with repeats, by file name.
    pub per_file: BTreeMap<String, RunScores>,
    /// Misclassified lines of the run with repeats.
    pub mistakes: Vec<Mistake>,
    /// Pages (with five content lines or more) where one block took at least
    /// 80% of the article's content lines (run with repeats).
    pub swallowed_pages: usize,
    /// Pages (with five content lines or more) where one block took more
    /// than half of the article's content lines (issue #12's bar; run with
    /// repeats).
    pub half_swallowed: Vec<Swallowed>,
    /// What the blocks' preferred quick fix keeps and removes, by label
    /// (run with repeats; see `rules::boilerplate::held_lines`).
    pub fix: FixCounts,
}

/// A page where one boilerplate block took more than half of the article.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Swallowed {
    pub file: String,
    /// The block's kind (`BoilerplateKind::as_str`).
    pub kind: &'static str,
    /// First line of the block (0-based).
    pub start: usize,
    /// Content lines (labelled, not title-like) inside the block and on the page.
    pub content_in_block: usize,
    pub content_total: usize,
}

/// Labelled lines inside boilerplate blocks, by what the preferred fix does
/// with them.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct FixCounts {
    pub boilerplate_kept: usize,
    pub boilerplate_removed: usize,
    pub content_kept: usize,
    pub content_removed: usize,
}

impl EvalReport {
    /// Markdown table with precision, recall and F1 of both classes, for the
    /// run with corpus repeats and the run with zero repeats.
    pub fn to_markdown_table(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(
            s,
            "Boilerplate rule: {} files, {} labelled lines scored ({} title-like lines excluded)\n",
            self.files, self.lines, self.title_like_skipped
        );
        let _ = writeln!(
            s,
            "| run | class | precision | recall | F1 | tp | fp | fn |"
        );
        let _ = writeln!(s, "|---|---|---:|---:|---:|---:|---:|---:|");
        for (name, run) in [
            ("corpus repeats", &self.with_corpus),
            ("zero repeats", &self.zero_repeats),
            ("held-out pages", &self.held_out),
            ("rule alone", &self.rule_alone),
            ("rule alone, held-out pages", &self.rule_alone_held_out),
        ] {
            for (class, c) in [("content", &run.content), ("boilerplate", &run.boilerplate)] {
                let _ = writeln!(
                    s,
                    "| {name} | {class} | {:.3} | {:.3} | {:.3} | {} | {} | {} |",
                    c.precision(),
                    c.recall(),
                    c.f1(),
                    c.tp,
                    c.fp,
                    c.fn_
                );
            }
        }
        let f = &self.fix;
        let _ = writeln!(
            s,
            "\nPages where one block took 80% or more of the article: {}; more than half: {}.\n\
             Lines of blocks that the preferred fix keeps (they hold a dateline, a quotation or a statement): \
             {} of {} boilerplate lines, {} of {} content lines.",
            self.swallowed_pages,
            self.half_swallowed.len(),
            f.boilerplate_kept,
            f.boilerplate_kept + f.boilerplate_removed,
            f.content_kept,
            f.content_kept + f.content_removed
        );
        s
    }
}

#[derive(Deserialize)]
struct Label {
    file: String,
    line: usize,
    label: String,
    #[serde(default)]
    title_like: bool,
}

/// The labels of each file: for each labelled line, whether it is content
/// and whether it is title-like.
pub type FileLabels = BTreeMap<String, HashMap<usize, (bool, bool)>>;

/// Evaluate the rule on the dev set in `dir` (see the module docs for the format).
pub fn evaluate(dir: &Path) -> Result<EvalReport, String> {
    let labels = read_file_labels(dir)?;
    let corpus_dir = dir.join("corpus");
    let mut texts: Vec<(String, String)> = Vec::new();
    for name in labels.keys() {
        let text = super::read_text(&corpus_dir.join(name))?;
        texts.push((name.clone(), text));
    }

    // The corpus layer as the server runs it: every dev page is a report of one
    // corpus, so line repetition across pages counts as it would for a curator.
    let mut corpus =
        crate::corpus::Corpus::with_config(&corpus_dir, crate::corpus::config::Config::default());
    corpus.load_all();

    let mut report = EvalReport {
        files: texts.len(),
        ..EvalReport::default()
    };
    let repeats = set_repeats(&texts.iter().map(|(_, t)| t.as_str()).collect::<Vec<_>>());
    for ((name, text), repeats) in texts.iter().zip(&repeats) {
        let rule = classify_rule(text, &CorpusSignal { repeats });
        let with = corpus
            .analysis(&corpus_dir.join(name))
            .ok_or_else(|| format!("{name}: not loaded by the corpus"))?
            .line_classes;
        report.score_page(name, text, &with, &labels[name]);
        report.score_rule(name, &rule, &with, &labels[name]);
        report.score_blocks(name, text, &with, &labels[name]);
    }
    Ok(report)
}

/// Whether the shipped line model was trained on the page called `name`
/// (half of every set's pages, chosen by a hash of the name); the other half
/// is held out, and `evaluate` scores it on its own.
pub fn training_page(name: &str) -> bool {
    xxhash_rust::xxh3::xxh3_64(name.as_bytes()) % 2 == 0
}

/// The set's `labels.jsonl` as the labels of each file; a label other than
/// `content` or `boilerplate` is an error.
pub fn read_file_labels(dir: &Path) -> Result<FileLabels, String> {
    let (labels_path, labels_text) = super::read_labels(dir)?;
    let mut labels: FileLabels = BTreeMap::new();
    for label in super::each_label::<Label>(&labels_path, &labels_text) {
        let (n, l) = label?;
        let content = match l.label.as_str() {
            "content" => true,
            "boilerplate" => false,
            other => {
                return Err(format!(
                    "{}:{}: unknown label {other:?}",
                    labels_path.display(),
                    n
                ))
            }
        };
        labels
            .entry(l.file)
            .or_default()
            .insert(l.line, (content, l.title_like));
    }
    Ok(labels)
}

/// For every page of a set, how many other pages of the set hold each of its
/// lines (by [`line_key`]): the repetition a corpus of these pages would see.
pub fn set_repeats(texts: &[&str]) -> Vec<Vec<u32>> {
    let mut pages_of: HashMap<String, u32> = HashMap::new();
    for text in texts {
        let mut keys: Vec<String> = split_lines(text).filter_map(line_key).collect();
        keys.sort();
        keys.dedup();
        for k in keys {
            *pages_of.entry(k).or_default() += 1;
        }
    }
    texts
        .iter()
        .map(|text| {
            split_lines(text)
                .map(|l| line_key(l).map_or(0, |k| pages_of[&k] - 1))
                .collect()
        })
        .collect()
}

impl EvalReport {
    /// Score the rule alone (`rule`) on the labelled, non-title lines of one
    /// page, and both the rule and the final classes (`with`) on held-out
    /// pages.
    fn score_rule(
        &mut self,
        name: &str,
        rule: &[LineClass],
        with: &[LineClass],
        file_labels: &HashMap<usize, (bool, bool)>,
    ) {
        let held = !training_page(name);
        let content =
            |c: &[LineClass], l: usize| c.get(l).is_some_and(|c| *c == LineClass::Content);
        for (&line, &(gold, title_like)) in file_labels {
            if title_like {
                continue;
            }
            self.rule_alone.add(gold, content(rule, line));
            if held {
                self.rule_alone_held_out.add(gold, content(rule, line));
                self.held_out.add(gold, content(with, line));
            }
        }
    }

    /// Count what the blocks of one page (classes `with` corpus repeats) do
    /// to its labelled, non-title lines: whether one block swallows the
    /// article, and what the preferred fix keeps.
    fn score_blocks(
        &mut self,
        name: &str,
        text: &str,
        with: &[LineClass],
        file_labels: &HashMap<usize, (bool, bool)>,
    ) {
        let index = LineIndex::new(text);
        let gold = |l: usize| {
            file_labels
                .get(&l)
                .filter(|(_, title)| !title)
                .map(|(c, _)| *c)
        };
        let content_total = file_labels.values().filter(|(c, t)| *c && !t).count();
        let (mut swallowed, mut half) = (false, false);
        for b in blocks_from_classes(with) {
            let held: std::collections::HashSet<usize> = held_lines(text, &index, b.lines.clone())
                .into_iter()
                .map(|(l, _)| l)
                .collect();
            let mut content_in_block = 0;
            for l in b.lines.clone() {
                let kept = held.contains(&l);
                let counter = match (gold(l), kept) {
                    (Some(true), true) => &mut self.fix.content_kept,
                    (Some(true), false) => &mut self.fix.content_removed,
                    (Some(false), true) => &mut self.fix.boilerplate_kept,
                    (Some(false), false) => &mut self.fix.boilerplate_removed,
                    (None, _) => continue,
                };
                *counter += 1;
                content_in_block += usize::from(gold(l) == Some(true));
            }
            swallowed |= content_total >= 5 && content_in_block * 5 >= content_total * 4;
            if content_total >= 5 && content_in_block * 2 > content_total && !half {
                half = true;
                self.half_swallowed.push(Swallowed {
                    file: name.to_string(),
                    kind: b.kind.as_str(),
                    start: b.lines.start,
                    content_in_block,
                    content_total,
                });
            }
        }
        self.swallowed_pages += usize::from(swallowed);
    }

    /// Score the labelled lines of one page: the classes `with` corpus
    /// repeats, and the rule run again with none.
    fn score_page(
        &mut self,
        name: &str,
        text: &str,
        with: &[LineClass],
        file_labels: &HashMap<usize, (bool, bool)>,
    ) {
        let zero = classify(text, &CorpusSignal::NONE);
        let mut lines: Vec<_> = file_labels.iter().collect();
        lines.sort_by_key(|(l, _)| **l);
        let per_file = self.per_file.entry(name.to_string()).or_default();
        for (&line, &(gold, title_like)) in lines {
            if title_like {
                self.title_like_skipped += 1;
                continue;
            }
            self.lines += 1;
            let pred_with = with.get(line).is_some_and(|c| *c == LineClass::Content);
            let pred_zero = zero.get(line).is_some_and(|c| *c == LineClass::Content);
            self.with_corpus.add(gold, pred_with);
            self.zero_repeats.add(gold, pred_zero);
            per_file.add(gold, pred_with);
            if gold != pred_with {
                self.mistakes.push(Mistake {
                    file: name.to_string(),
                    line,
                    gold_content: gold,
                    text: split_lines(text).nth(line).unwrap_or("").to_string(),
                });
            }
        }
    }
}
