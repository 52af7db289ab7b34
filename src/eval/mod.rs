//! Accuracy measurement on labelled development sets (`newsdesk eval ...`). Reads
//! files, so it sits beside the CLI, above `analysis`; `docs/accuracy.md` records
//! what these commands print.

pub mod boilerplate;

use std::path::{Path, PathBuf};

/// True positives, false positives and false negatives of one class, with the
/// scores every evaluation reports.
#[derive(Debug, Clone, Copy, Default, PartialEq, serde::Serialize)]
pub struct Counts {
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
}

impl Counts {
    /// tp / (tp + fp); 0 when nothing was predicted.
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    /// tp / (tp + fn); 0 when nothing is labelled.
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
    /// Add the counts of `other` (another file, another class).
    pub fn add(&mut self, other: &Counts) {
        self.tp += other.tp;
        self.fp += other.fp;
        self.fn_ += other.fn_;
    }
    /// Harmonic mean of precision and recall.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

/// a / b, or 0 when b is 0.
pub fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// A file of a development set as text; an error names the file.
pub fn read_text(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))
}

/// The path of a development set's `labels.jsonl` and its text.
fn read_labels(dir: &Path) -> Result<(PathBuf, String), String> {
    let path = dir.join("labels.jsonl");
    let text = read_text(&path)?;
    Ok((path, text))
}

/// Each non-blank line of the labels file at `path` (its `text`) read as a
/// `T`, with its 1-based line number, in order; a line that does not read is
/// an error that names the file and the line.
fn each_label<'a, T: serde::de::DeserializeOwned>(
    path: &'a Path,
    text: &'a str,
) -> impl Iterator<Item = Result<(usize, T), String>> + 'a {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(move |(n, line)| {
            serde_json::from_str(line)
                .map(|l| (n + 1, l))
                .map_err(|e| format!("{}:{}: {e}", path.display(), n + 1))
        })
}

/// The labels of a development set's `labels.jsonl`, each read as a `T`,
/// grouped by the file `file_of` names, in file order.
fn labels_by_file<T: serde::de::DeserializeOwned>(
    dir: &Path,
    file_of: impl Fn(&T) -> &str,
) -> Result<std::collections::BTreeMap<String, Vec<T>>, String> {
    let (path, text) = read_labels(dir)?;
    let mut by_file: std::collections::BTreeMap<String, Vec<T>> = Default::default();
    for label in each_label::<T>(&path, &text) {
        let (_, l) = label?;
        by_file.entry(file_of(&l).to_string()).or_default().push(l);
    }
    Ok(by_file)
}

/// Byte offset of each code point index of `text` (plus the end): the sets
/// give their spans in code points.
fn char_to_byte(text: &str) -> Vec<usize> {
    let mut v: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
    v.push(text.len());
    v
}

/// The code point index of byte offset `b` (a character boundary), in a table
/// of [`char_to_byte`].
fn code_point_at(table: &[usize], b: usize) -> usize {
    table.partition_point(|&x| x < b)
}

/// A development set's `corpus/` folder and the names of its `.txt` files,
/// sorted.
fn corpus_files(dir: &Path) -> Result<(PathBuf, Vec<String>), String> {
    let corpus = dir.join("corpus");
    let mut files: Vec<String> = std::fs::read_dir(&corpus)
        .map_err(|e| format!("{}: {e}", corpus.display()))?
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".txt"))
        .collect();
    files.sort();
    Ok((corpus, files))
}

pub mod copies;
pub mod ner;
pub mod quote_attribution;
pub mod quote_balance;
pub mod quote_links;
