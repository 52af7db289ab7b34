//! Train the line model of the boilerplate rule on labelled page sets, or
//! measure it by cross-validation across sources.
//!
//! ```sh
//! # leave-one-source-out: train on all sets but one, test on that one
//! cargo run --release --example train_boilerplate -- --cv \
//!     ../shared/dev/boilerplate ../shared/dev/boilerplate-train/l3s-gn1 \
//!     ../shared/dev/boilerplate-train/dragnet ../shared/dev/boilerplate-train/cleaneval
//! # train on all of them and write the model the rule reads
//! cargo run --release --example train_boilerplate -- --out src/analysis/lexicon/boilerplate_model.json \
//!     ../shared/dev/boilerplate ../shared/dev/boilerplate-train/l3s-gn1 \
//!     ../shared/dev/boilerplate-train/dragnet ../shared/dev/boilerplate-train/cleaneval
//! ```
//!
//! Each set is a folder with `corpus/<page>.txt` and `labels.jsonl` (see
//! `src/eval/boilerplate.rs`). A line's corpus repetition is counted across
//! the pages of its own set, as the corpus layer counts it across reports.
//!
//! The model is two gradient-boosted tree ensembles (the `forust-ml` crate,
//! log loss): the first reads the values of
//! `newsdesk::analysis::boilerplate::line_features` of a line; the second
//! reads the same values and what the first one thinks of the lines around
//! (`model::context`). The second is trained on the first one's predictions
//! for pages it did not see (three folds by page), so that it learns how far
//! to trust them on new pages. Every source weighs the same in training,
//! however many lines it has.

use forust_ml::objective::ObjectiveType;
use forust_ml::{GradientBooster, Matrix};
use newsdesk::analysis::boilerplate::model::{self, Ensemble, Model, Node, CONTEXT};
use newsdesk::analysis::boilerplate::{
    classify_with, line_features, CorpusSignal, LineClass, LineValues, FEATURE_NAMES,
};
use newsdesk::eval::boilerplate::{set_repeats, training_page, RunScores};
use newsdesk::eval::read_text;
use std::path::{Path, PathBuf};

/// Trees per ensemble, their depth, and the step of each.
const TREES: usize = 200;
const DEPTH: usize = 4;
const STEP: f32 = 0.1;

/// One page: a row of values per line, and each labelled line's label.
struct Page {
    name: String,
    x: Vec<[f32; newsdesk::analysis::boilerplate::FEATURES]>,
    blank: Vec<bool>,
    label: Vec<Option<bool>>,
    rule: Vec<bool>,
    /// The page's text and its lines' repeats in the set, for the rule and
    /// model together (`classify_with`).
    text: String,
    repeats: Vec<u32>,
}

struct Set {
    name: String,
    pages: Vec<Page>,
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
        .filter(|(i, a)| {
            !a.starts_with("--")
                && (*i == 0 || (args[i - 1] != "--out" && args[i - 1] != "--folds"))
        })
        .map(|(_, a)| PathBuf::from(a))
        .collect();
    if dirs.is_empty() {
        eprintln!("usage: train_boilerplate [--cv] [--out MODEL.json] SET_DIR...");
        std::process::exit(2);
    }
    let sets: Vec<Set> = dirs
        .iter()
        .map(|d| {
            let name = d.file_name().unwrap().to_string_lossy().into_owned();
            let pages = load_set(d).unwrap_or_else(|e| {
                eprintln!("{}: {e}", d.display());
                std::process::exit(2)
            });
            let lines: usize = pages.iter().map(|p| p.label.iter().flatten().count()).sum();
            eprintln!("{name}: {} pages, {lines} labelled lines", pages.len());
            Set { name, pages }
        })
        .collect();
    if cv {
        cross_validate(&sets);
    }
    if let Some(k) = args
        .iter()
        .position(|a| a == "--folds")
        .and_then(|i| args.get(i + 1))
    {
        page_folds(&sets, k.parse().expect("--folds takes a number"));
    }
    if let Some(out) = out {
        write_model(&sets, &out);
    }
}

/// Leave one source out: train on the others, test on it; print a table.
fn cross_validate(sets: &[Set]) {
    println!("| held-out source | lines | rule content F1 | model content F1 | model P | model R | model boilerplate F1 | first stage content F1 | rule + model content F1 | rule + model boilerplate F1 |");
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (k, test) in sets.iter().enumerate() {
        let train: Vec<(&Page, f32)> = sets
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != k)
            .flat_map(|(_, s)| weighted(s))
            .collect();
        let model = train_model(&train);
        let (mut rule, mut first, mut full, mut both) = (
            RunScores::default(),
            RunScores::default(),
            RunScores::default(),
            RunScores::default(),
        );
        for page in &test.pages {
            let p1 = model.first_stage(&page.x, &page.blank);
            let p2 = model.predict(&page.x, &page.blank);
            // what ships: the rule, then the model where it may decide
            let shipped = classify_with(
                &page.text,
                &CorpusSignal {
                    repeats: &page.repeats,
                },
                Some(&model),
            );
            for (i, l) in page.label.iter().enumerate() {
                if let Some(gold) = *l {
                    rule.add(gold, page.rule[i]);
                    first.add(gold, p1[i] > 0.5);
                    full.add(gold, p2[i] > 0.5);
                    both.add(gold, shipped[i] == LineClass::Content);
                }
            }
        }
        println!(
            "| {} | {} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} |",
            test.name,
            lines(&rule),
            rule.content.f1(),
            full.content.f1(),
            full.content.precision(),
            full.content.recall(),
            full.boilerplate.f1(),
            first.content.f1(),
            both.content.f1(),
            both.boilerplate.f1()
        );
    }
}

/// Lines scored in `r`.
fn lines(r: &RunScores) -> usize {
    r.content.tp + r.content.fp + r.content.fn_ + r.boilerplate.tp
}

/// K folds by page across all sets at once: each fold holds out every k-th
/// page of each set and trains on the rest of every set; a table per set.
fn page_folds(sets: &[Set], k: usize) {
    let mut counts: Vec<(RunScores, RunScores)> = sets.iter().map(|_| Default::default()).collect();
    for fold in 0..k {
        let train: Vec<(&Page, f32)> = sets
            .iter()
            .flat_map(|s| {
                weighted(s)
                    .enumerate()
                    .filter(|(i, _)| i % k != fold)
                    .map(|(_, p)| p)
            })
            .collect();
        let model = train_model(&train);
        for (s, (rule, full)) in sets.iter().zip(counts.iter_mut()) {
            for page in s.pages.iter().skip(fold).step_by(k) {
                let p = model.predict(&page.x, &page.blank);
                for (i, l) in page.label.iter().enumerate() {
                    if let Some(gold) = *l {
                        rule.add(gold, page.rule[i]);
                        full.add(gold, p[i] > 0.5);
                    }
                }
            }
        }
        eprintln!("fold {} of {k} done", fold + 1);
    }
    println!("| source ({k} folds by page) | lines | rule content F1 | model content F1 | model P | model R | rule boilerplate F1 | model boilerplate F1 |");
    println!("|---|---:|---:|---:|---:|---:|---:|---:|");
    for (s, (rule, full)) in sets.iter().zip(&counts) {
        println!(
            "| {} | {} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} |",
            s.name,
            lines(rule),
            rule.content.f1(),
            full.content.f1(),
            full.content.precision(),
            full.content.recall(),
            rule.boilerplate.f1(),
            full.boilerplate.f1()
        );
    }
}

/// The pages of a set with the weight of each of their lines: every set
/// weighs the same in all (one unit per set, shared by its labelled lines).
fn weighted(s: &Set) -> impl Iterator<Item = (&Page, f32)> {
    let lines: usize = s
        .pages
        .iter()
        .map(|p| p.label.iter().flatten().count())
        .sum();
    let w = 100_000.0 / lines.max(1) as f32;
    s.pages.iter().map(move |p| (p, w))
}

/// Both stages on `train`: the first on every labelled line, the second on
/// the first one's out-of-fold predictions.
fn train_model(train: &[(&Page, f32)]) -> Model {
    const FOLDS: usize = 3;
    let mut oof: Vec<Vec<f32>> = vec![Vec::new(); train.len()];
    for fold in 0..FOLDS {
        let part: Vec<(&Page, f32)> = train
            .iter()
            .enumerate()
            .filter(|(i, _)| i % FOLDS != fold)
            .map(|(_, p)| *p)
            .collect();
        let first = fit(&part, |k, i| part[k].0.x[i].to_vec());
        for (i, (page, _)) in train.iter().enumerate() {
            if i % FOLDS == fold {
                oof[i] = first.probabilities(&page.x, &page.blank);
            }
        }
    }
    let ctx: Vec<Vec<[f32; CONTEXT]>> = train
        .iter()
        .zip(&oof)
        .map(|((page, _), p1)| model::context(p1, &page.blank))
        .collect();
    let second = fit(train, |k, i| {
        let x = &train[k].0.x[i];
        x.iter().chain(ctx[k][i].iter()).copied().collect()
    });
    let first = fit(train, |k, i| train[k].0.x[i].to_vec());
    Model { first, second }
}

/// One ensemble on the labelled lines of `pages`, reading the values `row`
/// gives for line `i` of page `k` of `pages`.
fn fit(pages: &[(&Page, f32)], row: impl Fn(usize, usize) -> Vec<f32>) -> Ensemble {
    let mut rows: Vec<Vec<f32>> = Vec::new();
    let mut y = Vec::new();
    let mut w = Vec::new();
    for (k, (page, weight)) in pages.iter().enumerate() {
        for (i, l) in page.label.iter().enumerate() {
            if let Some(gold) = *l {
                rows.push(row(k, i));
                y.push(f64::from(u8::from(gold)));
                w.push(f64::from(*weight));
            }
        }
    }
    let cols = rows.first().map_or(0, Vec::len);
    // column-major, as perpetual's Matrix reads it
    let mut data = Vec::with_capacity(rows.len() * cols);
    for j in 0..cols {
        data.extend(rows.iter().map(|r| f64::from(r[j])));
    }
    let matrix = Matrix::new(&data, rows.len(), cols);
    let mut booster = GradientBooster::default()
        .set_objective_type(ObjectiveType::LogLoss)
        .set_iterations(TREES)
        .set_max_depth(DEPTH)
        .set_learning_rate(STEP)
        .set_seed(7);
    booster
        .fit(&matrix, &y, &w, None)
        .expect("the booster trains");
    export(&booster, cols)
}

/// The booster's trees as the compact ensemble the rule reads.
fn export(b: &GradientBooster, cols: usize) -> Ensemble {
    let trees = b
        .trees
        .iter()
        .map(|t| {
            t.nodes
                .iter()
                .map(|n| {
                    if n.is_leaf {
                        Node::Leaf(n.weight_value)
                    } else {
                        Node::Split {
                            feature: n.split_feature as u16,
                            below: n.split_value as f32,
                            left: n.left_child as u32,
                            right: n.right_child as u32,
                        }
                    }
                })
                .collect()
        })
        .collect();
    Ensemble::new(cols, b.base_score, trees).expect("the booster's trees are well formed")
}

/// Write the model trained on the training half of every set's pages
/// (`newsdesk::eval::boilerplate::training_page`); `newsdesk eval
/// boilerplate` scores the other half on its own.
fn write_model(sets: &[Set], out: &Path) {
    let train: Vec<(&Page, f32)> = sets
        .iter()
        .flat_map(|s| weighted(s).filter(|(p, _)| training_page(&p.name)))
        .collect();
    eprintln!("training on {} pages", train.len());
    let m = train_model(&train);
    let json = model::to_json(
        &m,
        &sets.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(),
        &FEATURE_NAMES,
    );
    std::fs::write(out, json).unwrap();
    eprintln!("wrote {}", out.display());
}

/// Every page of the set in `dir` with its values and labels.
fn load_set(dir: &Path) -> Result<Vec<Page>, String> {
    let labels = newsdesk::eval::boilerplate::read_file_labels(dir)?;
    let mut names: Vec<&String> = labels.keys().collect();
    names.sort();
    let texts: Vec<String> = names
        .iter()
        .map(|name| read_text(&dir.join("corpus").join(name)))
        .collect::<Result<_, _>>()?;
    let repeats = set_repeats(&texts.iter().map(String::as_str).collect::<Vec<_>>());
    let mut out = Vec::new();
    for ((name, text), repeats) in names.iter().zip(texts).zip(repeats) {
        let LineValues {
            classes,
            rows: x,
            blank,
        } = line_features(&text, &CorpusSignal { repeats: &repeats });
        let mut label = vec![None; x.len()];
        for (&i, &(content, title_like)) in &labels[*name] {
            if !title_like && i < label.len() && !blank[i] {
                label[i] = Some(content);
            }
        }
        let rule = classes.iter().map(|c| *c == LineClass::Content).collect();
        out.push(Page {
            name: name.to_string(),
            x,
            blank,
            label,
            rule,
            text,
            repeats,
        });
    }
    Ok(out)
}
