//! Train the line model of the boilerplate rule on labelled page sets, or
//! measure it by cross-validation across sources.
//!
//! ```sh
//! # leave-one-source-out: train on all sets but one, test on that one
//! cargo run --release --example train_boilerplate -- --cv \
//!     ../shared/dev/boilerplate-train/l3s-gn1 ../shared/dev/boilerplate-train/dragnet \
//!     ../shared/dev/boilerplate-train/cleaneval
//! # train on all of them and write the model the rule reads
//! cargo run --release --example train_boilerplate -- --out src/analysis/lexicon/boilerplate_model.json \
//!     ../shared/dev/boilerplate-train/l3s-gn1 ../shared/dev/boilerplate-train/dragnet \
//!     ../shared/dev/boilerplate-train/cleaneval
//! ```
//!
//! Each set is a folder with `corpus/<page>.txt` and `labels.jsonl` (see
//! `src/eval/boilerplate.rs`). A line's corpus repetition is counted across
//! the pages of its own set, as the corpus layer counts it across reports.
//! Logistic regression (smartcore) on the values of
//! `newsdesk::analysis::boilerplate::line_features`; each set gives at most
//! `MAX_LINES` lines (whole pages, in name order), so that no source outweighs
//! the others.

use newsdesk::analysis::boilerplate::{
    line_features, line_key, CorpusSignal, LineClass, FEATURES, FEATURE_NAMES,
};
use newsdesk::eval::Counts;
use smartcore::linalg::basic::matrix::DenseMatrix;
use smartcore::linear::logistic_regression::{LogisticRegression, LogisticRegressionParameters};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

const MAX_LINES: usize = 60_000;

/// One labelled line: its values, its label, what the rule said.
struct Sample {
    x: [f32; FEATURES],
    content: bool,
    rule_content: bool,
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let cv = args.iter().any(|a| a == "--cv");
    let out = args
        .iter()
        .position(|a| a == "--out")
        .and_then(|i| args.get(i + 1))
        .map(PathBuf::from);
    let dirs: Vec<PathBuf> = args
        .iter()
        .enumerate()
        .filter(|(i, a)| !a.starts_with("--") && (*i == 0 || args[i - 1] != "--out"))
        .map(|(_, a)| PathBuf::from(a))
        .collect();
    if dirs.is_empty() {
        eprintln!("usage: train_boilerplate [--cv] [--out MODEL.json] SET_DIR...");
        std::process::exit(2);
    }
    let sets: Vec<(String, Vec<Sample>)> = dirs
        .iter()
        .map(|d| {
            let name = d.file_name().unwrap().to_string_lossy().into_owned();
            let samples = load_set(d).unwrap_or_else(|e| {
                eprintln!("{}: {e}", d.display());
                std::process::exit(2)
            });
            eprintln!("{name}: {} labelled lines", samples.len());
            (name, samples)
        })
        .collect();
    if cv {
        cross_validate(&sets);
    }
    if let Some(out) = out {
        write_model(&sets, &out);
    }
}

/// Leave one source out: train on the others, test on it; print a table.
fn cross_validate(sets: &[(String, Vec<Sample>)]) {
    println!(
        "| held-out source | lines | rule content F1 | model content F1 | model P | model R | override 0.8 | override 0.9 | override 0.95 | tree (depth 8) F1 |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (k, (name, test)) in sets.iter().enumerate() {
        let train: Vec<&Sample> = sets
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != k)
            .flat_map(|(_, (_, s))| capped(s))
            .collect();
        let model = fit(&train);
        let rule = score(test, |i| test[i].rule_content);
        let linear = score(test, |i| model.p(&test[i].x) > 0.5);
        // the rule's class stands unless the model is this sure of the other
        let over = |t: f64| {
            score(test, |i| {
                let p = model.p(&test[i].x);
                if test[i].rule_content {
                    p > 1.0 - t
                } else {
                    p > t
                }
            })
            .f1()
        };
        let tree = tree_predictions(&train, test);
        let tree = score(test, |i| tree[i]);
        println!(
            "| {name} | {} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} |",
            test.len(),
            rule.f1(),
            linear.f1(),
            linear.precision(),
            linear.recall(),
            over(0.8),
            over(0.9),
            over(0.95),
            tree.f1()
        );
    }
}

/// Train on every set and write the model file.
fn write_model(sets: &[(String, Vec<Sample>)], out: &Path) {
    let train: Vec<&Sample> = sets.iter().flat_map(|(_, s)| capped(s)).collect();
    let model = fit(&train);
    let json = serde_json::json!({
        "about": "Logistic regression of the boilerplate rule's line model: p(content) = 1 / (1 + exp(-(bias + weights . values))). Trained by examples/train_boilerplate.rs.",
        "trained_on": sets.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>(),
        "lines": train.len(),
        "features": FEATURE_NAMES.to_vec(),
        "weights": model.w,
        "bias": model.b,
    });
    std::fs::write(out, serde_json::to_string_pretty(&json).unwrap() + "\n").unwrap();
    eprintln!("wrote {}", out.display());
}

/// Whole pages of a set, in order, up to [`MAX_LINES`] lines.
fn capped(s: &[Sample]) -> impl Iterator<Item = &Sample> {
    s.iter().take(MAX_LINES)
}

struct Model {
    w: Vec<f64>,
    b: f64,
}

impl Model {
    fn p(&self, x: &[f32; FEATURES]) -> f64 {
        let z: f64 = self.b
            + x.iter()
                .zip(&self.w)
                .map(|(a, w)| f64::from(*a) * w)
                .sum::<f64>();
        1.0 / (1.0 + (-z).exp())
    }
}

fn fit(train: &[&Sample]) -> Model {
    let rows: Vec<Vec<f64>> = train
        .iter()
        .map(|s| s.x.iter().map(|v| f64::from(*v)).collect())
        .collect();
    let y: Vec<i32> = train.iter().map(|s| i32::from(s.content)).collect();
    let x = DenseMatrix::from_2d_vec(&rows).expect("a matrix");
    let lr = LogisticRegression::fit(
        &x,
        &y,
        LogisticRegressionParameters::default().with_alpha(0.1),
    )
    .expect("the regression converges");
    use smartcore::linalg::basic::arrays::Array;
    let coef = lr.coefficients();
    let w: Vec<f64> = (0..FEATURES).map(|j| *coef.get((0, j))).collect();
    let b = *lr.intercept().get((0, 0));
    Model { w, b }
}

/// A decision tree (depth 8, leaves of 50 lines or more) trained on `train`:
/// its content predictions for `test`.
fn tree_predictions(train: &[&Sample], test: &[Sample]) -> Vec<bool> {
    use smartcore::tree::decision_tree_classifier::{
        DecisionTreeClassifier, DecisionTreeClassifierParameters,
    };
    let rows = |s: &mut dyn Iterator<Item = &Sample>| -> Vec<Vec<f64>> {
        s.map(|s| s.x.iter().map(|v| f64::from(*v)).collect())
            .collect()
    };
    let x = DenseMatrix::from_2d_vec(&rows(&mut train.iter().copied())).expect("a matrix");
    let y: Vec<i32> = train.iter().map(|s| i32::from(s.content)).collect();
    let params = DecisionTreeClassifierParameters::default()
        .with_max_depth(8)
        .with_min_samples_leaf(50);
    let tree = DecisionTreeClassifier::fit(&x, &y, params).expect("a tree");
    let t = DenseMatrix::from_2d_vec(&rows(&mut test.iter())).expect("a matrix");
    let pred: Vec<i32> = tree.predict(&t).expect("predictions");
    pred.into_iter().map(|p| p == 1).collect()
}

/// The content class's counts of the predictions `pred` (by sample index).
fn score(test: &[Sample], pred: impl Fn(usize) -> bool) -> Counts {
    let mut c = Counts::default();
    for (i, s) in test.iter().enumerate() {
        match (s.content, pred(i)) {
            (true, true) => c.tp += 1,
            (false, true) => c.fp += 1,
            (true, false) => c.fn_ += 1,
            _ => {}
        }
    }
    c
}

/// The labelled, non-title lines of every page of the set in `dir`.
fn load_set(dir: &Path) -> Result<Vec<Sample>, String> {
    let labels = newsdesk::eval::boilerplate::read_file_labels(dir)?;
    let pages: Vec<(String, String)> = labels
        .keys()
        .map(|name| {
            let bytes = std::fs::read(dir.join("corpus").join(name)).unwrap_or_default();
            (name.clone(), String::from_utf8_lossy(&bytes).into_owned())
        })
        .collect();
    // in how many pages each line key occurs
    let mut pages_of: HashMap<String, u32> = HashMap::new();
    for (_, text) in &pages {
        let mut keys: Vec<String> = newsdesk::analysis::boilerplate::split_lines(text)
            .filter_map(line_key)
            .collect();
        keys.sort();
        keys.dedup();
        for k in keys {
            *pages_of.entry(k).or_default() += 1;
        }
    }
    let mut out = Vec::new();
    for (name, text) in &pages {
        let repeats: Vec<u32> = newsdesk::analysis::boilerplate::split_lines(text)
            .map(|l| line_key(l).map_or(0, |k| pages_of[&k] - 1))
            .collect();
        let (classes, feats) = line_features(text, &CorpusSignal { repeats: &repeats });
        let mut lines: Vec<(&usize, &(bool, bool))> = labels[name]
            .iter()
            .filter(|(_, (_, title_like))| !title_like)
            .collect();
        lines.sort();
        for (&i, &(content, _)) in lines {
            if let (Some(x), Some(c)) = (feats.get(i), classes.get(i)) {
                out.push(Sample {
                    x: *x,
                    content,
                    rule_content: *c == LineClass::Content,
                });
            }
        }
    }
    Ok(out)
}
