//! # Named-entity evaluation
//!
//! Scores [`crate::analysis::actors::find`] against a labelled set of reports
//! laid out as in `dev/ner/`: `corpus/<name>.txt` and `labels.jsonl`, one JSON
//! object per gold span `{"file", "start", "end", "type", "text"}` with offsets in
//! Unicode code points (not bytes) and types `PER`, `ORG`, `LOC`, `EVENT`.
//!
//! Reported: exact-span precision, recall and F1, untyped and per type (person =
//! PER, organisation = ORG, place = LOC, micro-averaged over the three, and the
//! event type separately), and overlap F1 (a predicted span counts when it
//! overlaps a gold span and vice versa). Role phrases resolved to a person
//! ([`Mention::from_role`]) and mentions of kind `Other` are not names and are left
//! out.

use crate::analysis::actors::registry::Registry;
use crate::analysis::actors::tagger::{self, Model, Policy, Sequence};
use crate::analysis::actors::{Mention, MentionKind};
use std::collections::HashSet;
use std::path::Path;

/// Counts and scores for one row of the table (scores through [`super::Counts`]).
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct Score {
    pub label: String,
    #[serde(flatten)]
    pub counts: super::Counts,
}

impl Score {
    fn new(label: &str) -> Score {
        Score {
            label: label.to_string(),
            ..Score::default()
        }
    }
}

impl std::ops::Deref for Score {
    type Target = super::Counts;
    fn deref(&self) -> &super::Counts {
        &self.counts
    }
}

impl std::ops::DerefMut for Score {
    fn deref_mut(&mut self) -> &mut super::Counts {
        &mut self.counts
    }
}

/// A span that one side has and the other lacks (for error analysis).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct Miss {
    pub file: String,
    pub text: String,
    /// gold type, or the predicted type for a false positive
    pub label: String,
    /// the other side's type when the span matched but the type did not
    pub other: Option<String>,
}

/// The result of [`evaluate`].
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct EvalReport {
    pub files: usize,
    pub gold_spans: usize,
    pub predicted_spans: usize,
    /// Rows: untyped exact, PER, ORG, LOC, typed micro (PER+ORG+LOC), EVENT,
    /// untyped overlap.
    pub rows: Vec<Score>,
    /// Gold spans not found with the right span and type.
    pub missed: Vec<Miss>,
    /// Predicted spans that are not gold spans of the same type.
    pub spurious: Vec<Miss>,
}

#[derive(serde::Deserialize)]
struct Label {
    file: String,
    start: usize,
    end: usize,
    #[serde(rename = "type")]
    kind: String,
}

/// The gold label of a mention kind.
pub fn label_of(kind: MentionKind) -> Option<&'static str> {
    match kind {
        MentionKind::Person => Some("PER"),
        MentionKind::Organization => Some("ORG"),
        MentionKind::Place => Some("LOC"),
        MentionKind::Event => Some("EVENT"),
        MentionKind::Other => None,
    }
}

/// Evaluate the mention finder on the labelled set in `dir`.
pub fn evaluate(dir: &Path) -> Result<EvalReport, String> {
    let registry = Registry::bundled();
    evaluate_with(dir, |_, text| {
        crate::analysis::actors::find(text, &[], registry)
    })
}

/// The kind of a gold label (`PER`, `ORG`, `LOC`, `EVENT`).
pub fn kind_of(label: &str) -> Option<MentionKind> {
    match label {
        "PER" => Some(MentionKind::Person),
        "ORG" => Some(MentionKind::Organization),
        "LOC" => Some(MentionKind::Place),
        "EVENT" => Some(MentionKind::Event),
        _ => None,
    }
}

/// One report of a labelled set: its file name, its text and its gold names
/// (byte ranges and kinds).
pub type Labelled = (String, String, Vec<(std::ops::Range<usize>, MentionKind)>);

/// The reports of the labelled set in `dir` with their gold names (for
/// training the tagger), in file order.
pub fn labelled(dir: &Path) -> Result<Vec<Labelled>, String> {
    let gold_by_file = super::labels_by_file(dir, |l: &Label| &l.file)?;
    let (corpus, files) = super::corpus_files(dir)?;
    let mut out = Vec::with_capacity(files.len());
    for file in files {
        let text = super::read_text(&corpus.join(&file))?;
        let map = super::char_to_byte(&text);
        let gold = gold_by_file
            .get(&file)
            .map(|v| {
                v.iter()
                    .filter_map(|l| Some((*map.get(l.start)?..*map.get(l.end)?, kind_of(&l.kind)?)))
                    .collect()
            })
            .unwrap_or_default();
        out.push((file, text, gold));
    }
    Ok(out)
}

/// [`evaluate`] with another finder: `find(file, text)` gives the mentions
/// of each report (cross-validation runs each report with the weights of
/// the fold that did not see it).
pub fn evaluate_with(
    dir: &Path,
    find: impl Fn(&str, &str) -> Vec<Mention>,
) -> Result<EvalReport, String> {
    let gold_by_file = super::labels_by_file(dir, |l: &Label| &l.file)?;
    let (corpus, files) = super::corpus_files(dir)?;
    let mut report = EvalReport {
        files: files.len(),
        ..EvalReport::default()
    };
    let mut rows: Vec<Score> = [
        "untyped exact",
        "PER",
        "ORG",
        "LOC",
        "typed (PER+ORG+LOC)",
        "EVENT",
        "untyped overlap",
    ]
    .iter()
    .map(|l| Score::new(l))
    .collect();
    for file in &files {
        let text = super::read_text(&corpus.join(file))?;
        let map = super::char_to_byte(&text);
        let gold: Vec<(usize, usize, String)> = gold_by_file
            .get(file)
            .map(|v| {
                v.iter()
                    .filter_map(|l| Some((*map.get(l.start)?, *map.get(l.end)?, l.kind.clone())))
                    .collect()
            })
            .unwrap_or_default();
        let found: Vec<Mention> = find(file, &text);
        let pred: Vec<(usize, usize, String)> = found
            .iter()
            .filter(|m| !m.from_role)
            .filter_map(|m| Some((m.range.start, m.range.end, label_of(m.kind)?.to_string())))
            .collect();
        report.gold_spans += gold.len();
        report.predicted_spans += pred.len();
        score_file(file, &text, &gold, &pred, &mut rows, &mut report);
    }
    report.rows = rows;
    report.missed.sort();
    report.spurious.sort();
    Ok(report)
}

/// The reports of several labelled sets as the tagger's training sees them
/// (`actors::tagger_sequence`), each file name once (`ner`'s reports are
/// also in `ner-gum`): by file name, in order.
#[derive(Debug, Clone, Default)]
pub struct TrainingSet {
    pub seqs: std::collections::BTreeMap<String, Sequence>,
    /// gold names, and those that could not be given as tags
    pub gold_names: usize,
    pub lost: usize,
}

/// Read the labelled sets in `dirs` as a [`TrainingSet`].
pub fn training_set(dirs: &[std::path::PathBuf]) -> Result<TrainingSet, String> {
    let reg = Registry::bundled();
    let mut t = TrainingSet::default();
    for dir in dirs {
        for (file, text, gold) in labelled(dir)? {
            if t.seqs.contains_key(&file) {
                continue;
            }
            let (seq, lost) = crate::analysis::actors::tagger_sequence(&text, reg, &gold);
            t.gold_names += gold.len();
            t.lost += lost;
            t.seqs.insert(file, seq);
        }
    }
    Ok(t)
}

/// The cross-validation fold of a report: a stable hash of its file name.
pub fn fold_of(file: &str, folds: u64) -> u64 {
    fold_of_split(file, folds, 0)
}

/// The fold of `file` in split number `split` (0 is [`fold_of`]'s): other
/// splits put the reports in other folds, for a cross-validation repeated
/// over several splits (`train_ner --repeats`).
pub fn fold_of_split(file: &str, folds: u64, split: u64) -> u64 {
    xxhash_rust::xxh3::xxh3_64_with_seed(file.as_bytes(), split) % folds
}

/// One tagger per fold, each trained on the reports of the other folds
/// (`tagger::EPOCHS` passes, the shipped settings).
pub fn fold_models(t: &TrainingSet, folds: u64) -> Vec<Model> {
    fold_models_split(t, folds, 0)
}

/// [`fold_models`] for split number `split` ([`fold_of_split`]), each tagger
/// trained with its own order of the documents (the shipped seed plus
/// `split`).
pub fn fold_models_split(t: &TrainingSet, folds: u64, split: u64) -> Vec<Model> {
    (0..folds)
        .map(|k| {
            let train: Vec<Sequence> = t
                .seqs
                .iter()
                .filter(|(f, _)| fold_of_split(f, folds, split) != k)
                .map(|(_, s)| s.clone())
                .collect();
            let seed = tagger::SEED.wrapping_add(split);
            tagger::train(&train, tagger::EPOCHS, seed, tagger::MIN_COUNT)
        })
        .collect()
}

/// The held-out figures of the finder on the set in `dir`: every report run
/// by the rules and the tagger of the fold that did not see it
/// ([`fold_models`]), combined by `policy`, scored as [`evaluate`] scores.
pub fn cross_validate(dir: &Path, models: &[Model], policy: &Policy) -> Result<EvalReport, String> {
    cross_validate_split(dir, models, policy, 0)
}

/// [`cross_validate`] with the taggers of split number `split`
/// ([`fold_models_split`]).
pub fn cross_validate_split(
    dir: &Path,
    models: &[Model],
    policy: &Policy,
    split: u64,
) -> Result<EvalReport, String> {
    let reg = Registry::bundled();
    let folds = models.len() as u64;
    evaluate_with(dir, |file, text| {
        let m = &models[fold_of_split(file, folds, split) as usize];
        crate::analysis::actors::find_with(text, &[], reg, Some(m), policy)
    })
}

/// A labelled or predicted span: start and end (bytes) and its type.
type TypedSpan = (usize, usize, String);

/// Score one file's predicted spans `pred` against its `gold` spans into the
/// `rows` (in the order of [`EvalReport::rows`]), and note its errors.
fn score_file(
    file: &str,
    text: &str,
    gold: &[TypedSpan],
    pred: &[TypedSpan],
    rows: &mut [Score],
    report: &mut EvalReport,
) {
    // untyped exact
    rows[0].add(&compare(gold, pred, |_| true));
    // typed
    for (row, label) in [(1, "PER"), (2, "ORG"), (3, "LOC"), (5, "EVENT")] {
        let c = compare(gold, pred, |x| x.2 == label);
        rows[row].add(&c);
        if row != 5 {
            rows[4].add(&c);
        }
    }
    // overlap
    let overlaps = |a: &TypedSpan, b: &TypedSpan| a.0 < b.1 && b.0 < a.1;
    rows[6].tp += pred
        .iter()
        .filter(|p| gold.iter().any(|g| overlaps(p, g)))
        .count();
    rows[6].fp += pred
        .iter()
        .filter(|p| !gold.iter().any(|g| overlaps(p, g)))
        .count();
    rows[6].fn_ += gold
        .iter()
        .filter(|g| !pred.iter().any(|p| overlaps(p, g)))
        .count();
    // errors
    report.missed.extend(misses(file, text, gold, pred));
    report.spurious.extend(misses(file, text, pred, gold));
}

/// Exact-span counts of the spans of `gold` and `pred` that `keep` keeps
/// (each distinct span counted once).
fn compare(
    gold: &[TypedSpan],
    pred: &[TypedSpan],
    keep: impl Fn(&TypedSpan) -> bool,
) -> super::Counts {
    let spans = |set: &[TypedSpan]| -> HashSet<(usize, usize)> {
        set.iter().filter(|x| keep(x)).map(|x| (x.0, x.1)).collect()
    };
    let (g, p) = (spans(gold), spans(pred));
    let tp = g.intersection(&p).count();
    super::Counts {
        tp,
        fp: p.len() - tp,
        fn_: g.len() - tp,
    }
}

/// The spans of `side` that `other` lacks with the same type, each with the
/// type `other` gives the same span when it has it.
fn misses(file: &str, text: &str, side: &[TypedSpan], other: &[TypedSpan]) -> Vec<Miss> {
    let other_set: HashSet<(usize, usize, &str)> =
        other.iter().map(|o| (o.0, o.1, o.2.as_str())).collect();
    side.iter()
        .filter(|s| !other_set.contains(&(s.0, s.1, s.2.as_str())))
        .map(|s| Miss {
            file: file.to_string(),
            text: text[s.0..s.1].to_string(),
            label: s.2.clone(),
            other: other
                .iter()
                .find(|o| o.0 == s.0 && o.1 == s.1)
                .map(|o| o.2.clone()),
        })
        .collect()
}

impl EvalReport {
    /// The scores as a Markdown table.
    pub fn to_markdown_table(&self) -> String {
        let mut s = String::new();
        s.push_str(&format!(
            "{} reports, {} gold spans, {} predicted spans\n\n",
            self.files, self.gold_spans, self.predicted_spans
        ));
        s.push_str("| measure | TP | FP | FN | precision | recall | F1 |\n");
        s.push_str("|---|---:|---:|---:|---:|---:|---:|\n");
        for r in &self.rows {
            s.push_str(&format!(
                "| {} | {} | {} | {} | {:.3} | {:.3} | {:.3} |\n",
                r.label,
                r.tp,
                r.fp,
                r.fn_,
                r.precision(),
                r.recall(),
                r.f1()
            ));
        }
        s
    }

    /// The row with this label.
    pub fn row(&self, label: &str) -> Option<&Score> {
        self.rows.iter().find(|r| r.label == label)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_a_tiny_labelled_set_with_codepoint_offsets() {
        let dir = std::env::temp_dir().join(format!("ent_scratch_ner_{}", std::process::id()));
        std::fs::create_dir_all(dir.join("corpus")).unwrap();
        // "Émile" has a two-byte letter: code point offsets differ from bytes
        let text = "Émile Zola met Sergei Lavrov in Vienna.\n";
        std::fs::write(dir.join("corpus/a.txt"), text).unwrap();
        let labels = [
            r#"{"file":"a.txt","start":0,"end":10,"type":"PER","text":"Émile Zola"}"#,
            r#"{"file":"a.txt","start":15,"end":28,"type":"PER","text":"Sergei Lavrov"}"#,
            r#"{"file":"a.txt","start":32,"end":38,"type":"LOC","text":"Vienna"}"#,
        ];
        std::fs::write(dir.join("labels.jsonl"), labels.join("\n")).unwrap();
        let r = evaluate(&dir).unwrap();
        std::fs::remove_dir_all(&dir).ok();
        assert_eq!(r.files, 1);
        assert_eq!(r.gold_spans, 3);
        let typed = r.row("typed (PER+ORG+LOC)").unwrap();
        assert_eq!((typed.tp, typed.fp, typed.fn_), (3, 0, 0), "{r:?}");
        assert!(r
            .to_markdown_table()
            .contains("| LOC | 1 | 0 | 0 | 1.000 | 1.000 | 1.000 |"));
    }

    #[test]
    fn missing_directory_is_an_error() {
        assert!(evaluate(Path::new("/nonexistent/dir")).is_err());
    }
}
