//! `newsdesk eval copies`: how well `near-duplicate` tells copies from other
//! reports, on pairs built from two development sets (no set labels copies,
//! so the pairs are made here, each kind by a fixed rule):
//!
//! From the stories of `quote-links` (each told in two independent
//! translations, A and B):
//! - **exact copy**: a story and itself, as a second file;
//! - **copy with an edited lead**: the story, and the story with its title and
//!   the paragraph under the dateline taken from translation B (an editor's
//!   rewrite of the opening), and its dateline changed;
//! - **the same story, translated apart** (not a copy): A and B;
//! - **another story** (not a copy): a story and the next one.
//!
//! From the pages of `boilerplate` (whole scraped pages, every line labelled):
//! - **copy under other furniture**: a page's article lines with its own
//!   furniture, and the same article lines under the next page's furniture
//!   (menus, footers and sidebars of another site);
//! - **another page** (not a copy): a page and the next one.
//!
//! A pair is predicted a copy as the corpus predicts it: the two bodies share
//! a band of their signatures (or are the same word for word) and resemble
//! each other by at least [`copies::THRESHOLD`].

use super::boilerplate::read_file_labels;
use super::{read_text, Counts};
use crate::analysis::{boilerplate, copies};
use std::fmt::Write as _;
use std::path::Path;

/// The pairs of one kind and how many were predicted copies.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct KindRow {
    pub kind: &'static str,
    /// Whether the pairs of this kind are copies.
    pub copy: bool,
    pub pairs: usize,
    pub predicted: usize,
    /// Lowest and highest resemblance over the pairs (bodies too short for a
    /// signature left out).
    pub lowest: f32,
    pub highest: f32,
}

#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct CopyReport {
    pub rows: Vec<KindRow>,
    /// Over every pair: a copy predicted for a copy pair is a true positive.
    pub counts: Counts,
}

impl CopyReport {
    pub fn to_markdown_table(&self) -> String {
        let mut s = String::from(
            "| pairs | copies? | pairs | predicted copies | lowest resemblance | highest |\n|---|---|---:|---:|---:|---:|\n",
        );
        for r in &self.rows {
            let _ = writeln!(
                s,
                "| {} | {} | {} | {} | {:.3} | {:.3} |",
                r.kind,
                if r.copy { "yes" } else { "no" },
                r.pairs,
                r.predicted,
                r.lowest,
                r.highest
            );
        }
        let c = &self.counts;
        let _ = writeln!(
            s,
            "\nprecision {:.3}, recall {:.3}, F1 {:.3} ({} right, {} wrong, {} missed)",
            c.precision(),
            c.recall(),
            c.f1(),
            c.tp,
            c.fp,
            c.fn_
        );
        s
    }
}

/// The signature of a report's body as the corpus computes it (the report
/// alone deciding what is boilerplate).
fn signature(text: &str) -> Option<copies::CopySig> {
    let skip = boilerplate::mask(&boilerplate::classify(
        text,
        &boilerplate::CorpusSignal::NONE,
    ));
    copies::signature(text, &skip)
}

/// Whether the corpus would call the two texts copies, and their resemblance.
fn judge(a: &str, b: &str) -> (bool, Option<f32>) {
    let (Some(x), Some(y)) = (signature(a), signature(b)) else {
        return (false, None);
    };
    let r = copies::resemblance(&x, &y);
    let kx = copies::band_keys(&x);
    let candidates = x.body == y.body || copies::band_keys(&y).iter().any(|k| kx.contains(k));
    (candidates && r >= copies::THRESHOLD, Some(r))
}

fn add(rows: &mut Vec<KindRow>, kind: &'static str, copy: bool, a: &str, b: &str) {
    let i = match rows.iter().position(|r| r.kind == kind) {
        Some(i) => i,
        None => {
            rows.push(KindRow {
                kind,
                copy,
                lowest: f32::MAX,
                highest: f32::MIN,
                ..Default::default()
            });
            rows.len() - 1
        }
    };
    let (predicted, r) = judge(a, b);
    let row = &mut rows[i];
    row.pairs += 1;
    row.predicted += usize::from(predicted);
    if let Some(r) = r {
        row.lowest = row.lowest.min(r);
        row.highest = row.highest.max(r);
    }
}

/// The paragraphs of a text (runs of non-blank lines).
fn paragraphs(text: &str) -> Vec<String> {
    text.split("\n\n")
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect()
}

/// The story `a` with its title and its first paragraph under the title
/// taken from `b` (the other translation) and another dateline.
fn edited_lead(a: &str, b: &str) -> String {
    let (mut pa, pb) = (paragraphs(a), paragraphs(b));
    if pa.len() > 2 && pb.len() > 2 {
        pa[0] = pb[0].clone();
        pa[1] = format!("LONDON, June 2 (Wire) - {}", strip_dateline(&pb[1]));
    }
    pa.join("\n\n") + "\n"
}

/// A paragraph without its dateline (what stands before " - " or " — " in
/// its first 60 bytes).
fn strip_dateline(p: &str) -> &str {
    for sep in [" - ", " — ", " – "] {
        if let Some(i) = p.find(sep).filter(|&i| i < 60) {
            return &p[i + sep.len()..];
        }
    }
    p
}

/// Evaluate on the stories of `quote_links` and the pages of `pages` (the
/// `boilerplate` set).
pub fn evaluate(quote_links: &Path, pages: &Path) -> Result<CopyReport, String> {
    let mut rows = Vec::new();
    // the stories, each in both translations, in name order
    let dir = quote_links.join("corpus");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .flatten()
        .filter_map(|e| e.file_name().to_str().map(str::to_string))
        .filter(|n| n.ends_with("_a.txt"))
        .collect();
    names.sort();
    if names.is_empty() {
        return Err(format!("{}: no stories (*_a.txt)", dir.display()));
    }
    let stories: Vec<(String, String)> = names
        .iter()
        .map(|n| {
            let a = read_text(&dir.join(n))?;
            let b = read_text(&dir.join(n.replace("_a.txt", "_b.txt")))?;
            Ok((a, b))
        })
        .collect::<Result<_, String>>()?;
    for (i, (a, b)) in stories.iter().enumerate() {
        add(&mut rows, "exact copy (stories)", true, a, &a.clone());
        add(
            &mut rows,
            "copy with an edited lead (stories)",
            true,
            a,
            &edited_lead(a, b),
        );
        add(&mut rows, "the same story, translated apart", false, a, b);
        let next = &stories[(i + 1) % stories.len()].0;
        add(&mut rows, "another story", false, a, next);
    }
    // the pages: article lines and furniture apart
    let labels = read_file_labels(pages)?;
    let mut split = Vec::new();
    for (file, lines) in &labels {
        let text = read_text(&pages.join("corpus").join(file))?;
        let mut article = String::new();
        let (mut head, mut tail) = (String::new(), String::new());
        let first = lines.iter().find(|(_, l)| l.0).map(|(n, _)| *n);
        for (n, line) in text.lines().enumerate() {
            match lines.get(&n) {
                Some((true, _)) => {
                    article.push_str(line);
                    article.push('\n');
                }
                Some((false, _)) if first.is_some_and(|f| n < f) => {
                    head.push_str(line);
                    head.push('\n');
                }
                Some((false, _)) => {
                    tail.push_str(line);
                    tail.push('\n');
                }
                None => {}
            }
        }
        split.push((text, head, article, tail));
    }
    for i in 0..split.len() {
        let (text, _, article, _) = &split[i];
        let (_, head, _, tail) = &split[(i + 1) % split.len()];
        let moved = format!("{head}\n{article}\n{tail}");
        add(
            &mut rows,
            "copy under other furniture (pages)",
            true,
            text,
            &moved,
        );
        let next = &split[(i + 1) % split.len()].0;
        add(&mut rows, "another page", false, text, next);
    }
    let mut counts = Counts::default();
    for r in &mut rows {
        if r.copy {
            counts.tp += r.predicted;
            counts.fn_ += r.pairs - r.predicted;
        } else {
            counts.fp += r.predicted;
        }
        if r.lowest > r.highest {
            (r.lowest, r.highest) = (0.0, 0.0);
        }
    }
    Ok(CopyReport { rows, counts })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_edited_lead_takes_the_other_title_and_opening() {
        let a = "Title A\n\nBERLIN (dpa) - Lead A.\n\nRest.\n";
        let b = "Title B\n\nBERLIN - Lead B.\n\nRest B.\n";
        assert_eq!(
            edited_lead(a, b),
            "Title B\n\nLONDON, June 2 (Wire) - Lead B.\n\nRest.\n"
        );
    }
}
