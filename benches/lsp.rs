//! The language server at corpus scale, driven over the protocol like an editor
//! would drive it: start-up indexing (cold, then from the index cache), the
//! findings of every report (pull and push), one edit, hovers, definitions,
//! references, workspace symbols, and the server's memory; with `newsdesk check`
//! and `rg -c the` over the same files in the same run for comparison.
//!
//! ```sh
//! cargo bench --bench lsp -- 100000          # or NEWSDESK_BENCH_REPORTS=100000
//! ```
//!
//! The generated corpus (see `benches/support/gen.rs`) is kept under
//! `target/bench-corpus/` for the next run. Results go to stdout as a Markdown
//! table; `docs/performance.md` records them. Nothing here asserts a timing: with
//! `NEWSDESK_BENCH_SMOKE=1` (CI) it runs on a few hundred reports as a smoke test.
//! `NEWSDESK_BENCH_PARTS=check,diagnostic,restart,push` (the default: all) picks
//! the parts; the server's start-up and its request latencies always run.
//! `NEWSDESK_BENCH_CACHE=DIR` keeps the server's index cache in DIR between runs,
//! so that the first start-up is from the cache too (for working on the request
//! latencies; the start-up figure is then not a cold one and says so).

#[path = "support/gen.rs"]
mod gen;

use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::{Duration, Instant};

/// A message from the server, parsed only as far as the benchmark needs.
enum Msg {
    Response(Value),
    Diagnostics { uri: String },
    Progress(Value),
    Log(String),
    Other,
}

struct Lsp {
    child: Child,
    stdin: std::process::ChildStdin,
    rx: Receiver<Msg>,
    next: i64,
}

fn classify(body: &[u8]) -> Msg {
    // Large notifications (diagnostics of a report, partial results) are not
    // parsed in full: the benchmark measures the server, not its own parser.
    let head = &body[..body.len().min(160)];
    let head = String::from_utf8_lossy(head);
    if head.contains("\"textDocument/publishDiagnostics\"") {
        // only the report's address is read; the diagnostics are skipped over
        // (checked as JSON, not built)
        #[derive(serde::Deserialize)]
        struct Note {
            params: Params,
        }
        #[derive(serde::Deserialize)]
        struct Params {
            uri: String,
        }
        let uri = serde_json::from_slice::<Note>(body).map_or(String::new(), |n| n.params.uri);
        return Msg::Diagnostics { uri };
    }
    if head.contains("\"$/progress\"") && body.len() > 4096 {
        return Msg::Other; // partial results
    }
    let v: Value = match serde_json::from_slice(body) {
        Ok(v) => v,
        Err(_) => return Msg::Other,
    };
    match v.get("method").and_then(Value::as_str) {
        None => Msg::Response(v),
        Some("$/progress") => Msg::Progress(v["params"].clone()),
        Some("window/logMessage") => {
            Msg::Log(v["params"]["message"].as_str().unwrap_or("").to_string())
        }
        Some(_) if v.get("id").is_some() => Msg::Response(v), // a request to us
        Some(_) => Msg::Other,
    }
}

impl Lsp {
    fn spawn(cache: &Path) -> Lsp {
        let mut child = Command::new(env!("CARGO_BIN_EXE_newsdesk"))
            .arg("lsp")
            .env("NEWSDESK_CACHE_DIR", cache)
            .env("RUST_LOG", "newsdesk=warn")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn newsdesk lsp");
        let stdout = child.stdout.take().unwrap();
        let stdin = child.stdin.take().unwrap();
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut r = BufReader::with_capacity(1 << 20, stdout);
            loop {
                let mut len = 0usize;
                loop {
                    let mut line = String::new();
                    if r.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(v) = line.strip_prefix("Content-Length: ") {
                        len = v.parse().unwrap_or(0);
                    }
                }
                let mut buf = vec![0; len];
                if r.read_exact(&mut buf).is_err() || tx.send(classify(&buf)).is_err() {
                    return;
                }
            }
        });
        Lsp {
            child,
            stdin,
            rx,
            next: 1,
        }
    }

    fn send(&mut self, v: &Value) {
        let body = serde_json::to_string(v).unwrap();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{}", body.len(), body).unwrap();
        self.stdin.flush().unwrap();
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    fn start(&mut self, method: &str, params: Value) -> i64 {
        let id = self.next;
        self.next += 1;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        id
    }

    /// Wait for the response to `id`, handling whatever else arrives with `other`.
    fn wait(&mut self, id: i64, other: &mut dyn FnMut(&mut Lsp, Msg)) -> Value {
        loop {
            let m = self
                .rx
                .recv_timeout(Duration::from_secs(3600))
                .expect("the server answers");
            match m {
                Msg::Response(v) if v.get("method").is_some() => {
                    // a request from the server: answer it
                    let rid = v["id"].clone();
                    self.send(&json!({"jsonrpc": "2.0", "id": rid, "result": null}));
                }
                Msg::Response(v) if v["id"] == id => return v,
                m => other(self, m),
            }
        }
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.start(method, params);
        self.wait(id, &mut |_, _| {})
    }

    fn memory(&self) -> (f64, f64) {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .unwrap_or_default();
        let kb = |key: &str| {
            status
                .lines()
                .find(|l| l.starts_with(key))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
                .unwrap_or(0.0)
                / 1024.0
        };
        (kb("VmRSS:"), kb("VmHWM:"))
    }

    fn shutdown(mut self) {
        let _ = self.request("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        let _ = self.child.wait();
    }
}

fn uri(p: &Path) -> String {
    format!("file://{}", p.display())
}

fn caps(pull: bool) -> Value {
    let mut c = json!({
        "general": {"positionEncodings": ["utf-16"]},
        "window": {"workDoneProgress": true},
        "workspace": {"workspaceFolders": true, "didChangeWatchedFiles": {"dynamicRegistration": true}},
    });
    if pull {
        c["textDocument"] = json!({"diagnostic": {}});
        c["workspace"]["diagnostics"] = json!({"refreshSupport": false});
    }
    c
}

/// initialize + initialized; returns when indexing is over, with the percentages
/// reported along the way.
fn start_server(lsp: &mut Lsp, root: &Path, pull: bool) -> (Duration, Vec<u64>) {
    let t = Instant::now();
    let id = lsp.start(
        "initialize",
        json!({
            "processId": null,
            "rootUri": uri(root),
            "workspaceFolders": [{"uri": uri(root), "name": "bench"}],
            "capabilities": caps(pull),
            "initializationOptions": if pull { json!({}) } else { json!({"diagnosticMode": "push"}) },
        }),
    );
    lsp.wait(id, &mut |_, _| {});
    lsp.notify("initialized", json!({}));
    let mut pcts = Vec::new();
    loop {
        match lsp.rx.recv().expect("server alive") {
            Msg::Progress(p) => {
                if let Some(x) = p["value"]["percentage"].as_u64() {
                    pcts.push(x);
                }
            }
            Msg::Log(m) if m.contains("newsdesk: indexed") => return (t.elapsed(), pcts),
            Msg::Response(v) if v.get("method").is_some() => {
                let rid = v["id"].clone();
                lsp.send(&json!({"jsonrpc": "2.0", "id": rid, "result": null}));
            }
            _ => {}
        }
    }
}

fn percentile(v: &mut [f64], p: f64) -> f64 {
    if v.is_empty() {
        return 0.0;
    }
    v.sort_by(|a, b| a.total_cmp(b));
    v[((v.len() as f64 - 1.0) * p).round() as usize]
}

fn time_ms<T>(f: impl FnOnce() -> T) -> (f64, T) {
    let t = Instant::now();
    let r = f();
    (t.elapsed().as_secs_f64() * 1000.0, r)
}

/// A report with a named speaker and a quote, and where its words are.
struct Target {
    path: PathBuf,
    text: String,
    /// (line, character) of a person's name, of a quote, of the speaker's surname
    name: (u32, u32),
    quote: (u32, u32),
}

fn find_target(paths: &[PathBuf]) -> Target {
    for p in paths.iter().skip(paths.len() / 2) {
        let text = std::fs::read_to_string(p).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        let quote = lines
            .iter()
            .position(|l| l.starts_with('"') || l.starts_with('“'))
            .map(|l| (l as u32, 5));
        let name = lines.iter().enumerate().find_map(|(i, l)| {
            let at = l.find(" said.")?;
            // the surname before " said."
            let start = l[..at].rfind(' ')? + 1;
            Some((i as u32, l[..start].chars().count() as u32 + 1))
        });
        if let (Some(quote), Some(name)) = (quote, name) {
            return Target {
                path: p.clone(),
                text,
                name,
                quote,
            };
        }
    }
    panic!("no report with a quote and a dateline speaker");
}

fn pos(t: &Target, at: (u32, u32)) -> Value {
    json!({"textDocument": {"uri": uri(&t.path)}, "position": {"line": at.0, "character": at.1}})
}

fn rg_seconds(dir: &Path) -> Option<f64> {
    let run = || {
        let t = Instant::now();
        let ok = Command::new("rg")
            .args(["-c", "the"])
            .arg(dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .ok()?;
        ok.code().map(|_| t.elapsed().as_secs_f64())
    };
    run()?; // warm the page cache as the server's runs will find it
    let mut v: Vec<f64> = (0..3).filter_map(|_| run()).collect();
    Some(percentile(&mut v, 0.5))
}

/// `newsdesk check` over the folder: seconds and peak memory (MiB).
fn check_run(dir: &Path, cache: &Path, extra: &[&str]) -> (f64, f64) {
    let t = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_newsdesk"))
        .args(["check", "--format", "json"])
        .args(extra)
        .arg(dir)
        .env("NEWSDESK_CACHE_DIR", cache)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn check");
    let pid = child.id();
    // drain the output and sample the peak memory while it runs
    let mut out = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut buf = vec![0u8; 1 << 20];
        let mut n = 0usize;
        while let Ok(k) = out.read(&mut buf) {
            if k == 0 {
                break;
            }
            n += k;
        }
        n
    });
    let mut peak = 0.0f64;
    loop {
        if let Ok(s) = std::fs::read_to_string(format!("/proc/{pid}/status")) {
            if let Some(kb) = s
                .lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
            {
                peak = peak.max(kb / 1024.0);
            }
        }
        if let Ok(Some(_)) = child.try_wait() {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = reader.join();
    (t.elapsed().as_secs_f64(), peak)
}

fn corpus_dir(n: usize) -> (PathBuf, Vec<PathBuf>, u64) {
    let base = std::env::var_os("NEWSDESK_BENCH_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-corpus"));
    let dir = base.join(format!("{n}"));
    let done = dir.join(".complete");
    if !done.exists() {
        let _ = std::fs::remove_dir_all(&dir);
        gen::generate(&dir, n).expect("generate the corpus");
        std::fs::write(&done, "").unwrap();
    }
    let dir = dir.canonicalize().unwrap();
    let mut paths: Vec<PathBuf> = ignore::WalkBuilder::new(&dir)
        .build()
        .flatten()
        .filter(|e| e.file_type().is_some_and(|t| t.is_file()))
        .map(|e| e.into_path())
        .collect();
    paths.sort();
    let bytes = paths
        .iter()
        .map(|p| std::fs::metadata(p).map_or(0, |m| m.len()))
        .sum();
    (dir, paths, bytes)
}

/// What every part of the benchmark shares.
struct Bench {
    dir: PathBuf,
    paths: Vec<PathBuf>,
    /// Seconds `rg` takes to read the same files, when it is installed.
    rg: Option<f64>,
    smoke: bool,
}

impl Bench {
    /// " (12.3× rg)", or nothing without rg.
    fn ratio(&self, s: f64) -> String {
        self.rg
            .map_or(String::new(), |r| format!(" ({:.1}× rg)", s / r))
    }
}

fn main() {
    let smoke = std::env::var("NEWSDESK_BENCH_SMOKE").is_ok_and(|v| v == "1");
    let n: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .or_else(|| std::env::var("NEWSDESK_BENCH_REPORTS").ok()?.parse().ok())
        .unwrap_or(if smoke { 300 } else { 10_000 });
    let (dir, paths, bytes) = corpus_dir(n);
    let mb = bytes as f64 / 1e6;
    println!(
        "corpus: {} reports, {mb:.1} MB in {}",
        paths.len(),
        dir.display()
    );
    let rg = rg_seconds(&dir);
    match rg {
        Some(s) => println!("rg -c the: {s:.2} s"),
        None => println!("rg -c the: rg not installed (pip install ripgrep)"),
    }
    let b = Bench {
        dir,
        paths,
        rg,
        smoke,
    };
    let parts = std::env::var("NEWSDESK_BENCH_PARTS").ok();
    let part = |name: &str| {
        parts
            .as_deref()
            .is_none_or(|p| p.split(',').any(|x| x.trim() == name))
    };
    if part("check") {
        check_cli(&b);
    }
    let kept = std::env::var_os("NEWSDESK_BENCH_CACHE").map(PathBuf::from);
    let temp = tempfile::tempdir().unwrap();
    let cache = kept.as_deref().unwrap_or(temp.path());
    let target = pull_server(
        &b,
        cache,
        kept.is_some(),
        part("diagnostic"),
        1.5 * mb + 100.0,
    );
    if part("restart") {
        restart(&b, cache);
    }
    if part("push") {
        push_start(&b, cache, &target);
    }
}

/// `newsdesk check`, cold and from the cache.
fn check_cli(b: &Bench) {
    let cache = tempfile::tempdir().unwrap();
    let (check_cold, check_cold_mem) = check_run(&b.dir, cache.path(), &["--no-cache"]);
    println!(
        "check, no cache: {check_cold:.1} s{}, peak {check_cold_mem:.0} MiB",
        b.ratio(check_cold)
    );
    let (_, _) = check_run(&b.dir, cache.path(), &[]); // writes the cache
    let (check_warm, check_warm_mem) = check_run(&b.dir, cache.path(), &[]);
    println!(
        "check, index cache: {check_warm:.1} s{}, peak {check_warm_mem:.0} MiB",
        b.ratio(check_warm)
    );
}

/// The server in pull mode, cold (or from a kept cache): start-up indexing,
/// one `workspace/diagnostic` pass, then edits, hovers, definitions,
/// references and workspace symbols on one report. Returns that report.
fn pull_server(b: &Bench, cache: &Path, kept: bool, diagnostic: bool, budget: f64) -> Target {
    let mut lsp = Lsp::spawn(cache);
    let (index, pcts) = start_server(&mut lsp, &b.dir, true);
    let (rss, _) = lsp.memory();
    println!(
        "lsp start-up indexing ({}): {:.1} s{}, {} progress reports up to {}%; RSS after {rss:.0} MiB",
        if kept { "kept cache, if any" } else { "no cache" },
        index.as_secs_f64(),
        b.ratio(index.as_secs_f64()),
        pcts.len(),
        pcts.last().copied().unwrap_or(0)
    );
    // every report's findings: workspace/diagnostic with partial results
    if diagnostic {
        let t = Instant::now();
        let id = lsp.start(
            "workspace/diagnostic",
            json!({"previousResultIds": [], "partialResultToken": "bench"}),
        );
        lsp.wait(id, &mut |_, _| {});
        let pass = t.elapsed().as_secs_f64();
        println!(
            "lsp workspace/diagnostic, every report: {pass:.1} s{}",
            b.ratio(pass)
        );
    }
    let target = find_target(&b.paths);
    lsp.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri(&target.path), "languageId": "plaintext", "version": 1, "text": target.text}}),
    );
    let rounds = if b.smoke { 20 } else { 200 };
    let mut edit = edits(&mut lsp, &target, rounds);
    let mut lat = |method: &str, params: Value| latencies(&mut lsp, method, params, rounds);
    let mut hover_name = lat("textDocument/hover", pos(&target, target.name));
    let mut hover_quote = lat("textDocument/hover", pos(&target, target.quote));
    let mut definition = lat("textDocument/definition", pos(&target, target.quote));
    let mut refs = lat("textDocument/references", {
        let mut p = pos(&target, target.quote);
        p["context"] = json!({"includeDeclaration": true});
        p
    });
    let mut refs_name = lat("textDocument/references", {
        let mut p = pos(&target, target.name);
        p["context"] = json!({"includeDeclaration": true});
        p
    });
    let mut symbols = workspace_symbols(&mut lsp, rounds);
    let (rss, hwm) = lsp.memory();
    println!("lsp edit → diagnostics of the edited report (pull, no debounce): p50 {:.1} ms, p99 {:.1} ms", percentile(&mut edit.clone(), 0.5), percentile(&mut edit, 0.99));
    for (what, ms) in [
        ("hover on a name", &mut hover_name),
        ("hover on a quote", &mut hover_quote),
        ("definition on a quote", &mut definition),
        ("references of a quote", &mut refs),
        ("references of a name", &mut refs_name),
        ("workspace/symbol", &mut symbols),
    ] {
        println!(
            "lsp {what}: p50 {:.2} ms, p99 {:.2} ms",
            percentile(&mut ms.clone(), 0.5),
            percentile(ms, 0.99)
        );
    }
    println!("lsp memory: RSS {rss:.0} MiB, peak {hwm:.0} MiB (budget 1.5 × corpus + 100 MB = {budget:.0} MB)");
    lsp.shutdown();
    target
}

/// `rounds` edits of the target, each followed by its diagnostics (pull: no
/// debounce); milliseconds each.
fn edits(lsp: &mut Lsp, target: &Target, rounds: usize) -> Vec<f64> {
    let last_line = target.text.lines().count() as u32;
    (0..rounds)
        .map(|k| {
            time_ms(|| {
                lsp.notify(
                    "textDocument/didChange",
                    json!({"textDocument": {"uri": uri(&target.path), "version": k + 2},
                           "contentChanges": [{"range": {"start": {"line": last_line, "character": 0}, "end": {"line": last_line, "character": 0}},
                                               "text": "A sentence added by the benchmark. "}]}),
                );
                lsp.request(
                    "textDocument/diagnostic",
                    json!({"textDocument": {"uri": uri(&target.path)}}),
                )
            })
            .0
        })
        .collect()
}

/// Milliseconds of `rounds` calls of one request, after one call that shows
/// what is being measured (not counted).
fn latencies(lsp: &mut Lsp, method: &str, params: Value, rounds: usize) -> Vec<f64> {
    let (first_ms, answer) = time_ms(|| lsp.request(method, params.clone()));
    let result = answer["result"].clone();
    let sample = result.to_string();
    let shown: String = sample.chars().take(110).collect();
    let size = match result.as_array() {
        Some(a) => format!(" ({} items, {} KB)", a.len(), sample.len() / 1000),
        None => String::new(),
    };
    println!("  {method} answers{size} (first call {first_ms:.1} ms, not counted): {shown}");
    (0..rounds)
        .map(|_| time_ms(|| lsp.request(method, params.clone())).0)
        .collect()
}

/// Milliseconds of `rounds` workspace-symbol queries, taking turns over a few
/// queries; prints the median and the number of symbols of each.
fn workspace_symbols(lsp: &mut Lsp, rounds: usize) -> Vec<f64> {
    let queries = [
        "lav", "minister", "Storen", "nato", "Vienna", "kam", "grain", "sec",
    ];
    let symbols: Vec<f64> = (0..rounds)
        .map(|i| {
            let q = queries[i % queries.len()];
            time_ms(|| lsp.request("workspace/symbol", json!({"query": q}))).0
        })
        .collect();
    let per_query: Vec<String> = queries
        .iter()
        .enumerate()
        .map(|(k, q)| {
            let mut mine: Vec<f64> = symbols
                .iter()
                .skip(k)
                .step_by(queries.len())
                .copied()
                .collect();
            let n = lsp.request("workspace/symbol", json!({"query": q}))["result"]
                .as_array()
                .map_or(0, Vec::len);
            format!("{q} {:.0} ms/{n}", percentile(&mut mine, 0.5))
        })
        .collect();
    println!(
        "  workspace/symbol, median and symbols per query: {}",
        per_query.join(", ")
    );
    symbols
}

/// Restart on the unchanged corpus: from the index cache.
fn restart(b: &Bench, cache: &Path) {
    let mut lsp = Lsp::spawn(cache);
    let (restart, _) = start_server(&mut lsp, &b.dir, true);
    println!(
        "lsp restart, index cache: {:.2} s{}",
        restart.as_secs_f64(),
        b.ratio(restart.as_secs_f64())
    );
    lsp.shutdown();
}

/// Push mode: start-up publishes every report; hovers meanwhile.
fn push_start(b: &Bench, cache: &Path, target: &Target) {
    let mut lsp = Lsp::spawn(cache);
    let t0 = Instant::now();
    let (_, _) = start_server(&mut lsp, &b.dir, false);
    lsp.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri(&target.path), "languageId": "plaintext", "version": 1, "text": target.text}}),
    );
    let mut published = std::collections::HashSet::new();
    let mut during = Vec::new();
    let count = |_: &mut Lsp, m: Msg, published: &mut std::collections::HashSet<String>| {
        if let Msg::Diagnostics { uri } = m {
            published.insert(uri);
        }
    };
    while published.len() < b.paths.len() {
        let t = Instant::now();
        let id = lsp.start("textDocument/hover", pos(target, target.name));
        let mut seen = std::mem::take(&mut published);
        lsp.wait(id, &mut |l, m| count(l, m, &mut seen));
        published = seen;
        during.push(t.elapsed().as_secs_f64() * 1000.0);
        // drain what is queued
        while let Ok(m) = lsp.rx.try_recv() {
            if let Msg::Diagnostics { uri } = m {
                published.insert(uri);
            }
        }
        std::thread::sleep(Duration::from_millis(20));
        if t0.elapsed() > Duration::from_secs(3600) {
            break;
        }
    }
    let push = t0.elapsed().as_secs_f64();
    let (_, hwm_push) = lsp.memory();
    if let Some((k, ms)) = during.iter().enumerate().max_by(|a, b| a.1.total_cmp(b.1)) {
        println!(
            "  slowest hover during push start-up: #{} of {}, {ms:.1} ms",
            k + 1,
            during.len()
        );
    }
    println!(
        "lsp push-mode start-up, every report published (from the index cache): {push:.1} s{}; hover meanwhile p50 {:.1} ms, p99 {:.1} ms ({} hovers); peak {hwm_push:.0} MiB",
        b.ratio(push),
        percentile(&mut during.clone(), 0.5),
        percentile(&mut during, 0.99),
        during.len()
    );
    lsp.shutdown();
}
