//! Corpus benchmarks: start-up indexing, one edit in a large corpus, and the
//! findings of every report. Run with `cargo bench --bench corpus`; the results
//! are recorded in docs/performance.md. Reports are generated (seed-style, with
//! site furniture) so the benchmark needs no external data.

use newsdesk::corpus::Corpus;
use std::time::Instant;

const PLACES: &[&str] = &[
    "MOSCOW",
    "WASHINGTON",
    "BRUSSELS",
    "GENEVA",
    "VIENNA",
    "BERLIN",
];
const NAMES: &[&str] = &[
    "Sergei Lavrov",
    "Julian Smith",
    "Jens Stoltenberg",
    "Antony Blinken",
    "Zbigniew Rau",
];
const WORDS: &[&str] = &[
    "security",
    "guarantees",
    "talks",
    "proposals",
    "alliance",
    "borders",
    "tensions",
    "agreement",
    "ministers",
    "dialogue",
    "escalation",
    "response",
    "written",
    "legally",
    "binding",
    "expansion",
];

fn word(i: usize) -> &'static str {
    WORDS[(i * 7 + i / 3) % WORDS.len()]
}

/// A deterministic pseudo-random word from a larger vocabulary, so that quotes
/// differ between stories: `statement` picks the story, `k` the word.
fn vocab(statement: usize, k: usize) -> String {
    let mut x = (statement as u64)
        .wrapping_mul(6364136223846793005)
        .wrapping_add(k as u64 * 1442695040888963407);
    x ^= x >> 29;
    let syll = [
        "ka", "ro", "mi", "te", "sun", "va", "li", "dor", "pe", "zan", "qui", "mo",
    ];
    let n = 2 + (x % 2) as usize;
    (0..n)
        .map(|j| syll[((x >> (8 * j)) % syll.len() as u64) as usize])
        .collect()
}

fn report(i: usize) -> String {
    let place = PLACES[i % PLACES.len()];
    let name = NAMES[i % NAMES.len()];
    let mut s = format!(
        "Войти\n\n{} says {} on {} must continue\n\n{}\n0\n0\nImage source: © Press service\n\n",
        name,
        word(i),
        word(i + 1),
        1000 + i % 9000
    );
    s += &format!(
        "{place}, January {} - RIA Novosti. The {} on {} will go on, {} said on Friday.\n\n",
        1 + i % 28,
        word(i + 2),
        word(i + 3),
        name
    );
    // six statements per report; each statement is quoted by five reports (the
    // same story from five outlets), as a curator's corpus would have it
    for p in 0..6 {
        let st = (i / 5) * 6 + p;
        let w: Vec<String> = (0..9).map(|k| vocab(st, k)).collect();
        s += &format!(
            "\"We are ready to discuss the {} and the {} of the {}, but the {} must be {} and {} before {},\" {} said, adding that the {} had {}.\n\n",
            w[0], w[1], w[2], w[3], w[4], w[5], w[6], name, w[7], w[8]
        );
    }
    s += "The rights to this material belong to\nDo you want to leave a comment? Register and/or Log in\n";
    for c in 0..20 {
        s += &format!(
            "  • {:02}.01 {:02}:{:02}\n  • {}\nOther headline number {} about {}\n",
            1 + c % 28,
            c % 24,
            (c * 7) % 60,
            c * 3,
            (i + c) % 500,
            word(c)
        );
    }
    s
}

fn peak_rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .map(|l| l.to_string())
        })
        .and_then(|l| {
            l.split_whitespace()
                .nth(1)
                .and_then(|k| k.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

fn main() {
    let n: usize = std::env::var("NEWSDESK_BENCH_REPORTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = 0;
    for i in 0..n {
        let r = report(i);
        bytes += r.len();
        let sub = dir.path().join(format!("site{}", i % 20));
        std::fs::create_dir_all(&sub).unwrap();
        std::fs::write(sub.join(format!("{i:05}.txt")), r).unwrap();
    }
    println!(
        "corpus: {n} reports, {:.1} MiB",
        bytes as f64 / (1024.0 * 1024.0)
    );

    let t = Instant::now();
    let mut corpus = Corpus::new(dir.path());
    corpus.load_all();
    let index = t.elapsed();
    println!(
        "index (discover + load + local facts + line index): {:.2} s",
        index.as_secs_f64()
    );

    let t = Instant::now();
    let mut total = 0;
    for p in corpus.paths() {
        total += corpus.findings(&p).map_or(0, |f| f.findings.len());
    }
    println!(
        "findings of every report (cold): {:.2} s ({total} findings)",
        t.elapsed().as_secs_f64()
    );

    // one edit: replace one report's text, then ask for its findings
    let target = corpus.paths()[n / 2].clone();
    let mut times = Vec::new();
    for k in 0..50 {
        let mut text = report(n / 2);
        text.push_str(&format!(
            "\nAn added paragraph number {k} with a few more words in it.\n"
        ));
        let t = Instant::now();
        let content = corpus.loader().text(text);
        let affected = corpus.upsert(&target, content);
        let f = corpus.findings(&target).unwrap();
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        assert!(!f.findings.is_empty());
        let _ = affected;
    }
    times.sort_by(|a, b| a.partial_cmp(b).unwrap());
    println!(
        "one edit (upsert + findings of that report): median {:.2} ms, max {:.2} ms",
        times[times.len() / 2],
        times[times.len() - 1]
    );
    println!("peak memory (VmHWM): {:.0} MiB", peak_rss_mib());
}
