//! Throughput of each stage of the per-report analysis (local facts), one core:
//! `cargo bench --bench facts -- DIR...` (default: a generated corpus of 2,000
//! reports). Prints time per report and MB/s per stage; the results are recorded
//! in docs/performance.md.

#[path = "support/gen.rs"]
mod gen;

/// The allocator of the `newsdesk` binary (`src/main.rs`), so that the figures
/// are the binary's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use newsdesk::analysis::actors::registry::Registry;
use newsdesk::analysis::{
    actors::{self, events},
    boilerplate, dateline, line_key, lines, passages, quotes, LocalFacts,
};
use std::time::{Duration, Instant};

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let tmp;
    let smoke = std::env::var("NEWSDESK_BENCH_SMOKE").is_ok_and(|v| v == "1");
    let dirs: Vec<std::path::PathBuf> = if args.is_empty() {
        tmp = tempfile::tempdir().unwrap();
        gen::generate(tmp.path(), if smoke { 200 } else { 2_000 }).unwrap();
        vec![tmp.path().to_path_buf()]
    } else {
        args.iter().map(Into::into).collect()
    };
    let texts = read_texts(&dirs);
    let bytes: usize = texts.iter().map(String::len).sum();
    let n = texts.len();
    println!("{n} reports, {:.1} MB", bytes as f64 / 1e6);
    let reg = Registry::bundled();
    let all = Instant::now();
    let stages = stage_times(&texts, reg);
    let sum = all.elapsed();
    let t = Instant::now();
    for text in &texts {
        std::hint::black_box(LocalFacts::compute_with(text, reg));
    }
    let whole = t.elapsed();
    for (name, d) in &stages {
        println!(
            "{name:>18}: {:8.1} µs/report {:8.1} MB/s",
            d.as_secs_f64() * 1e6 / n as f64,
            bytes as f64 / 1e6 / d.as_secs_f64()
        );
    }
    // lines per second of the boilerplate classifier, to set beside jusText's
    // (benches/justext.sh)
    let lines: usize = texts
        .iter()
        .map(|t| t.lines().filter(|l| !l.trim().is_empty()).count())
        .sum();
    if let Some((_, d)) = stages.iter().find(|s| s.0 == "boilerplate") {
        println!(
            "{:>18}: {:8.0} non-blank lines/s ({lines} lines)",
            "boilerplate lines",
            lines as f64 / d.as_secs_f64()
        );
    }
    println!(
        "{:>18}: {:8.1} µs/report {:8.1} MB/s (stages {:.1} µs)",
        "LocalFacts",
        whole.as_secs_f64() * 1e6 / n as f64,
        bytes as f64 / 1e6 / whole.as_secs_f64(),
        sum.as_secs_f64() * 1e6 / n as f64
    );
}

/// The text of every file under `dirs` that is UTF-8.
fn read_texts(dirs: &[std::path::PathBuf]) -> Vec<String> {
    let mut texts = Vec::new();
    for d in dirs {
        for e in ignore::WalkBuilder::new(d).build().flatten() {
            if e.file_type().is_some_and(|t| t.is_file()) {
                if let Ok(t) = std::fs::read_to_string(e.path()) {
                    texts.push(t);
                }
            }
        }
    }
    texts
}

/// The time each stage of the local analysis takes over all `texts`, in the
/// order of the stages.
fn stage_times(texts: &[String], reg: &Registry) -> Vec<(&'static str, Duration)> {
    let mut stages: Vec<(&'static str, Duration)> = Vec::new();
    let mut add = |name: &'static str, d: Duration| match stages.iter_mut().find(|s| s.0 == name) {
        Some(s) => s.1 += d,
        None => stages.push((name, d)),
    };
    for text in texts {
        let t = Instant::now();
        let _k: Vec<Option<u64>> = lines::lines_with_ranges(text)
            .map(|(_, l)| line_key(l))
            .collect();
        add("line keys", t.elapsed());
        let t = Instant::now();
        let skip: Vec<bool> = boilerplate::classify(text, &boilerplate::CorpusSignal::NONE)
            .iter()
            .map(|c| matches!(c, boilerplate::LineClass::Boilerplate(_)))
            .collect();
        add("boilerplate", t.elapsed());
        let t = Instant::now();
        let pairing = quotes::marks::pair(text);
        add("quote marks", t.elapsed());
        let t = Instant::now();
        let m = actors::find(text, &skip, reg);
        add("mentions", t.elapsed());
        let t = Instant::now();
        let qs = quotes::extract::extract(text, &pairing, &skip, &m);
        add("quotes+speakers", t.elapsed());
        let t = Instant::now();
        let _e: Vec<_> = qs.iter().map(newsdesk::analysis::quote_entry).collect();
        add("quote signatures", t.elapsed());
        let t = Instant::now();
        let _s = passages::sentences(text, &skip, &qs);
        add("passages", t.elapsed());
        let t = Instant::now();
        let d = dateline::detect(text, &skip);
        add("dateline", t.elapsed());
        let t = Instant::now();
        let date = match &d {
            dateline::DatelineOutcome::Found(d) => d.date.clone(),
            _ => None,
        };
        let _ev = events::find_with_mentions(text, &skip, date.as_ref(), &m);
        add("events", t.elapsed());
    }
    stages
}
