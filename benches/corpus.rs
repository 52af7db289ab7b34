//! The corpus layer alone, without the protocol: start-up indexing, the findings
//! of every report, one edit in a large corpus, and where the memory goes. Run
//! with `cargo bench --bench corpus` (`NEWSDESK_BENCH_REPORTS=N` to change the
//! size; `NEWSDESK_BENCH_SMOKE=1` for a short run); the results are recorded in
//! docs/performance.md. Reports are generated (see `benches/support/gen.rs`) so
//! the benchmark needs no external data.

#[path = "support/gen.rs"]
mod gen;

use newsdesk::corpus::Corpus;
use std::time::Instant;

fn peak_rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

fn main() {
    let smoke = std::env::var("NEWSDESK_BENCH_SMOKE").is_ok_and(|v| v == "1");
    let n: usize = std::env::var("NEWSDESK_BENCH_REPORTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(if smoke { 300 } else { 10_000 });
    let dir = tempfile::tempdir().unwrap();
    let (paths, bytes) = gen::generate(dir.path(), n).unwrap();
    println!(
        "corpus: {} reports, {:.1} MB",
        paths.len(),
        bytes as f64 / 1e6
    );

    let t = Instant::now();
    let mut corpus = Corpus::new(dir.path());
    corpus.set_cache_dir(None);
    corpus.load_all();
    println!(
        "index (discover, read, local facts, every index): {:.2} s",
        t.elapsed().as_secs_f64()
    );
    for (part, b) in corpus.memory() {
        println!("  {part}: {:.1} MB", b as f64 / 1e6);
    }

    let t = Instant::now();
    let all = corpus.paths();
    let total: usize = {
        use rayon::prelude::*;
        all.par_iter()
            .map(|p| corpus.findings(p).map_or(0, |f| f.findings.len()))
            .sum()
    };
    println!(
        "findings of every report: {:.2} s ({total} findings)",
        t.elapsed().as_secs_f64()
    );

    // one edit: replace one report's text, then ask for its findings
    let target = all[all.len() / 2].clone();
    let original = std::fs::read_to_string(&target).unwrap();
    let mut times = Vec::new();
    for k in 0..if smoke { 10 } else { 50 } {
        let text =
            format!("{original}\nAn added paragraph number {k} with a few more words in it.\n");
        let t = Instant::now();
        let content = corpus.loader().text(text);
        corpus.upsert_live(&target, content);
        let f = corpus.findings(&target).unwrap();
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        assert!(!f.findings.is_empty());
    }
    times.sort_by(|a, b| a.total_cmp(b));
    println!(
        "one edit (local facts, re-index, findings of that report): median {:.2} ms, max {:.2} ms",
        times[times.len() / 2],
        times[times.len() - 1]
    );
    println!("peak memory (VmHWM): {:.0} MiB", peak_rss_mib());
}
