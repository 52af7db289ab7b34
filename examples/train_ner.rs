//! Train the named-entity tagger of the actor finder on labelled sets, and
//! measure it by document-level cross-validation.
//!
//! ```sh
//! # cross-validation only (5 folds by a stable hash of the file name)
//! cargo run --release --example train_ner -- ../shared/dev/ner-gum ../shared/dev/ner
//! # the same, then train on every report and write the weights the finder reads
//! cargo run --release --example train_ner -- --out src/analysis/lexicon/ner_model.bin \
//!     ../shared/dev/ner-gum ../shared/dev/ner
//! ```
//!
//! Each set is a folder with `corpus/<name>.txt` and `labels.jsonl` (see
//! `src/eval/ner.rs`). Reports of the same file name in several sets are one
//! report (`ner`'s 24 news reports are also in `ner-gum`): trained on once,
//! and in the same fold in every set.
//!
//! Cross-validation (`newsdesk::eval::ner::cross_validate`): the reports go
//! to `--folds` folds (default 5) by the xxh3 hash of their file name; for
//! each fold the tagger is trained on the other folds, and the whole finder
//! (rules and tagger combined, as `actors::find` runs them) is run on the
//! fold's reports and scored as `newsdesk eval ner` scores. The figures
//! printed per set are those of every report run by weights that did not see
//! it: the honest ones. The figures of the rules alone come first, for
//! comparison.
//!
//! Training is deterministic (the documents shuffled by a fixed seed at each
//! pass), so that a rerun writes the same file. Options: `--no-cv`,
//! `--mistakes` (list the errors of the rules and of the cross-validated
//! finder, tab-separated), `--repeats N` (the cross-validation over N
//! splits and training orders, with the mean and spread of each figure), `--time` (µs per report of the finder with and without the tagger),
//! `--resubstitution` (score with the weights trained
//! on everything instead: training-set figures), and the combination's knobs
//! (`actors::Policy`): `--keep-at X`, `--drop-margin X`, `--add-margin X`
//! (`inf`: never), `--no-retype`, `--no-rebound`, `--no-one-sense`.

use newsdesk::analysis::actors::registry::Registry;
use newsdesk::analysis::actors::tagger::{self, Model, Policy, Sequence};
use newsdesk::analysis::actors::{self};
use newsdesk::eval::ner::{self, EvalReport};
use std::path::PathBuf;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let valued = [
        "--out",
        "--folds",
        "--repeats",
        "--keep-at",
        "--drop-margin",
        "--add-margin",
    ];
    let value = |name: &str| -> Option<String> {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let flag = |name: &str| args.iter().any(|a| a == name);
    let num =
        |name: &str, d: f32| -> f32 { value(name).map_or(d, |v| v.parse().expect("a number")) };
    let out = value("--out").map(PathBuf::from);
    let folds: u64 = value("--folds").map_or(5, |v| v.parse().expect("a number"));
    let d = Policy::default();
    let policy = Policy {
        keep_at: num("--keep-at", d.keep_at),
        retype: d.retype && !flag("--no-retype"),
        drop_margin: num("--drop-margin", d.drop_margin),
        add_margin: num("--add-margin", d.add_margin),
        rebound: d.rebound && !flag("--no-rebound"),
        one_sense: d.one_sense && !flag("--no-one-sense"),
    };
    let dirs: Vec<PathBuf> = args
        .iter()
        .enumerate()
        .filter(|(i, a)| {
            !a.starts_with("--") && (*i == 0 || !valued.contains(&args[i - 1].as_str()))
        })
        .map(|(_, a)| PathBuf::from(a))
        .collect();
    if dirs.is_empty() {
        eprintln!(
            "usage: train_ner [--out MODEL.bin] [--folds N] [--no-cv] [--mistakes] SET_DIR..."
        );
        std::process::exit(2);
    }
    let reg = Registry::bundled();
    let set = ner::training_set(&dirs).unwrap_or_else(|e| fail(&e));
    let tokens: usize = set.seqs.values().map(Sequence::len).sum();
    println!(
        "{} reports, {tokens} scored tokens, {} gold names ({} not expressible as tags of scored tokens)",
        set.seqs.len(),
        set.gold_names,
        set.lost
    );
    println!("policy: {policy:?}, epochs {}\n", tagger::EPOCHS);

    let repeats: u64 = value("--repeats").map_or(1, |v| v.parse().expect("a number"));
    if repeats > 1 && !flag("--no-cv") {
        repeated_cv(&set, &dirs, folds, repeats, &policy);
    } else if !flag("--no-cv") {
        let mut models = ner::fold_models(&set, folds);
        if flag("--resubstitution") {
            let all: Vec<Sequence> = set.seqs.values().cloned().collect();
            let m = tagger::train(&all, tagger::EPOCHS, tagger::SEED, tagger::MIN_COUNT);
            models = vec![m; folds as usize];
            println!("(resubstitution: every report scored by weights trained on it)");
        }
        let (mut held, mut n) = (0usize, 0usize);
        for (f, s) in &set.seqs {
            let tags = models[ner::fold_of(f, folds) as usize].decode(s);
            n += s.gold.len();
            held += s.gold.iter().zip(&tags).filter(|(g, t)| **g == t.0).count();
        }
        println!(
            "tagger alone, token accuracy on its scored tokens: {:.3}\n",
            held as f64 / n.max(1) as f64
        );
        if flag("--time") {
            // µs per report of the finder, rules alone and with the tagger
            let texts: Vec<String> = dirs
                .iter()
                .flat_map(|d| ner::labelled(d).unwrap_or_default())
                .map(|(_, t, _)| t)
                .collect();
            for model in [None, Some(&models[0])] {
                let t = std::time::Instant::now();
                for _ in 0..5 {
                    for text in &texts {
                        std::hint::black_box(actors::find_with(text, &[], reg, model, &policy));
                    }
                }
                let us = t.elapsed().as_secs_f64() * 1e6 / (5 * texts.len()) as f64;
                println!("time, tagger {}: {us:.1} µs/report", model.is_some());
            }
        }
        for dir in &dirs {
            let rules = ner::evaluate_with(dir, |_, text| {
                actors::find_with(text, &[], reg, None, &policy)
            })
            .unwrap_or_else(|e| fail(&e));
            let cv = ner::cross_validate(dir, &models, &policy).unwrap_or_else(|e| fail(&e));
            println!("{}", dir.display());
            println!("  rules alone:         {}", summary(&rules));
            println!("  rules + tagger (CV): {}", summary(&cv));
            print!("{}", indent(&cv.to_markdown_table()));
            println!();
            if flag("--mistakes") {
                mistakes("R", &rules);
                mistakes("", &cv);
            }
        }
    }

    if let Some(out) = out {
        let all: Vec<Sequence> = set.seqs.values().cloned().collect();
        let model: Model = tagger::train(&all, tagger::EPOCHS, tagger::SEED, tagger::MIN_COUNT);
        let bytes = model.to_bytes();
        std::fs::write(&out, &bytes).unwrap_or_else(|e| fail(&format!("{}: {e}", out.display())));
        println!(
            "wrote {} ({} features, {} bytes)",
            out.display(),
            model.features(),
            bytes.len()
        );
    }
}

/// The cross-validation run `repeats` times, each with its own split of the
/// reports into folds and its own order of training, and the mean and the
/// spread (smallest to largest) of each figure: one split's figures move by
/// a few thousandths when a feature changes anything, so a change is judged
/// by the mean over several.
fn repeated_cv(
    set: &ner::TrainingSet,
    dirs: &[PathBuf],
    folds: u64,
    repeats: u64,
    policy: &Policy,
) {
    const ROWS: [&str; 5] = ["typed (PER+ORG+LOC)", "PER", "ORG", "LOC", "untyped exact"];
    let mut figures: Vec<Vec<[f64; 5]>> = vec![Vec::new(); dirs.len()];
    for split in 0..repeats {
        let models = ner::fold_models_split(set, folds, split);
        for (d, dir) in dirs.iter().enumerate() {
            let cv =
                ner::cross_validate_split(dir, &models, policy, split).unwrap_or_else(|e| fail(&e));
            println!("split {split} {}: {}", dir.display(), summary(&cv));
            figures[d].push(ROWS.map(|l| cv.row(l).map_or(0.0, |s| s.f1())));
        }
    }
    println!();
    for (d, dir) in dirs.iter().enumerate() {
        let f = &figures[d];
        let stat = |k: usize| {
            let v: Vec<f64> = f.iter().map(|x| x[k]).collect();
            let mean = v.iter().sum::<f64>() / v.len() as f64;
            let lo = v.iter().copied().fold(f64::INFINITY, f64::min);
            let hi = v.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            format!("{mean:.3} ({lo:.3}–{hi:.3})")
        };
        println!(
            "{} over {repeats} splits: typed {} | PER {} ORG {} LOC {} | untyped {}",
            dir.display(),
            stat(0),
            stat(1),
            stat(2),
            stat(3),
            stat(4)
        );
    }
}

/// The errors of a report, one a line: MISS or SPUR (prefixed), file, label,
/// the other side's label, text.
fn mistakes(prefix: &str, r: &EvalReport) {
    for (what, list) in [("MISS", &r.missed), ("SPUR", &r.spurious)] {
        for m in list {
            let other = m.other.as_deref().unwrap_or("-");
            println!(
                "{prefix}{what}\t{}\t{}\t{other}\t{}",
                m.file, m.label, m.text
            );
        }
    }
}

/// Typed F1 and F1 per type in one line.
fn summary(r: &EvalReport) -> String {
    let f = |l: &str| r.row(l).map_or(0.0, |s| s.f1());
    format!(
        "typed {:.3} | PER {:.3} ORG {:.3} LOC {:.3} | EVENT {:.3} | untyped {:.3}",
        f("typed (PER+ORG+LOC)"),
        f("PER"),
        f("ORG"),
        f("LOC"),
        f("EVENT"),
        f("untyped exact")
    )
}

fn indent(s: &str) -> String {
    s.lines().map(|l| format!("    {l}\n")).collect()
}

fn fail(e: &str) -> ! {
    eprintln!("train_ner: {e}");
    std::process::exit(1);
}
