//! Batch mode (`--features batch`): `newsdesk export` + `newsdesk link` give
//! exactly the quote and passage links that `newsdesk analyze` computes in
//! memory — on a fixture, on the seeds and on every development set, with the
//! plans on DataFusion and on Ballista's in-process standalone cluster — and
//! bad tables get a clear error.
#![cfg(feature = "batch")]

mod support;

use datafusion::arrow::array::AsArray;
use datafusion::arrow::datatypes::{Float32Type, UInt32Type};
use datafusion::parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use std::process::Command;
use support::*;

fn newsdesk(args: &[&str]) -> (i32, String, String) {
    support::newsdesk(args, &std::env::current_dir().unwrap())
}

/// Links as both sides give them: quote links as unordered pairs of quote ids
/// with the score in thousandths, passage links as (from, to) sentence ids.
#[derive(Debug, Default, PartialEq)]
struct Links {
    quotes: BTreeMap<(String, String), i64>,
    passages: BTreeSet<(String, String)>,
    /// Each actor's and event's key, with how many reports mention it.
    entities: BTreeMap<String, u64>,
}

fn pair(a: String, b: String) -> (String, String) {
    if a <= b {
        (a, b)
    } else {
        (b, a)
    }
}

/// The links of `analyze`'s JSON (`quote_links`, `passage_links`).
fn analyze_links(v: &Value) -> Links {
    let mut l = Links::default();
    for x in v["quote_links"].as_array().unwrap() {
        let s = (x["score"].as_f64().unwrap() * 1000.0).round() as i64;
        l.quotes.insert(
            pair(
                x["from"].as_str().unwrap().into(),
                x["to"].as_str().unwrap().into(),
            ),
            s,
        );
    }
    for x in v["passage_links"].as_array().unwrap() {
        l.passages.insert((
            x["from"].as_str().unwrap().into(),
            x["to"].as_str().unwrap().into(),
        ));
    }
    for x in v["entities"].as_array().unwrap() {
        l.entities.insert(
            x["id"].as_str().unwrap().into(),
            x["reports"].as_u64().unwrap(),
        );
    }
    l
}

fn read(path: &Path) -> Vec<datafusion::arrow::record_batch::RecordBatch> {
    let f = std::fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    ParquetRecordBatchReaderBuilder::try_new(f)
        .unwrap()
        .build()
        .unwrap()
        .map(|b| b.unwrap())
        .collect()
}

fn col_str(b: &datafusion::arrow::record_batch::RecordBatch, name: &str, i: usize) -> String {
    b.column_by_name(name)
        .unwrap()
        .as_string::<i32>()
        .value(i)
        .to_string()
}

fn col_u32(b: &datafusion::arrow::record_batch::RecordBatch, name: &str, i: usize) -> u32 {
    b.column_by_name(name)
        .unwrap()
        .as_primitive::<UInt32Type>()
        .value(i)
}

fn batch_links(links: &Path) -> Links {
    let mut l = Links::default();
    for b in read(&links.join("quote_links.parquet")) {
        let score = b
            .column_by_name("score")
            .unwrap()
            .as_primitive::<Float32Type>();
        for i in 0..b.num_rows() {
            let a = format!(
                "{}#q{}",
                col_str(&b, "from_path", i),
                col_u32(&b, "from_quote", i)
            );
            let c = format!(
                "{}#q{}",
                col_str(&b, "to_path", i),
                col_u32(&b, "to_quote", i)
            );
            let s = (f64::from(score.value(i)) * 1000.0).round() as i64;
            l.quotes.entry(pair(a, c)).or_insert(s);
        }
    }
    for b in read(&links.join("entities.parquet")) {
        for i in 0..b.num_rows() {
            l.entities.insert(
                col_str(&b, "entity", i),
                u64::from(col_u32(&b, "reports", i)),
            );
        }
    }
    for b in read(&links.join("passage_links.parquet")) {
        for i in 0..b.num_rows() {
            l.passages.insert((
                format!(
                    "{}#s{}",
                    col_str(&b, "from_path", i),
                    col_u32(&b, "from_sentence", i)
                ),
                format!(
                    "{}#s{}",
                    col_str(&b, "to_path", i),
                    col_u32(&b, "to_sentence", i)
                ),
            ));
        }
    }
    l
}

fn tmp(name: &str) -> PathBuf {
    let p = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("batch")
        .join(name);
    let _ = std::fs::remove_dir_all(&p);
    p
}

/// Compare what `newsdesk analyze` lists with the link tables of two
/// engines, each written by `link(engine, out)`.
fn compare(name: &str, want: &Links, link: &dyn Fn(&str, &Path)) {
    for engine in ["datafusion", "ballista"] {
        let out = tmp(&format!("{name}-links-{engine}"));
        link(engine, &out);
        let got = batch_links(&out);
        let missing: Vec<_> = want
            .quotes
            .keys()
            .filter(|k| !got.quotes.contains_key(*k))
            .collect();
        let extra: Vec<_> = got
            .quotes
            .keys()
            .filter(|k| !want.quotes.contains_key(*k))
            .collect();
        assert!(
            missing.is_empty() && extra.is_empty(),
            "{name} on {engine}: quote links only in memory {missing:?}, only in batch {extra:?}"
        );
        for (k, s) in &want.quotes {
            assert!(
                (got.quotes[k] - s).abs() <= 1,
                "{name} on {engine}: {k:?} scored {} and {s}",
                got.quotes[k]
            );
        }
        assert_eq!(
            got.passages, want.passages,
            "{name} on {engine}: passage links"
        );
        let differ: Vec<_> = want
            .entities
            .iter()
            .filter(|(k, n)| got.entities.get(*k) != Some(n))
            .map(|(k, n)| (k, n, got.entities.get(k)))
            .take(10)
            .collect();
        assert!(
            differ.is_empty() && got.entities.len() == want.entities.len(),
            "{name} on {engine}: entities (key, reports in memory, in batch): {differ:?}; {} and {}",
            want.entities.len(),
            got.entities.len()
        );
    }
}

/// `newsdesk export --no-cache` of the corpus at `dir` into a fresh folder
/// named after `name`.
fn export_facts(dir: &Path, name: &str) -> PathBuf {
    export(dir, &format!("{name}-facts"), &["--no-cache"])
}

/// `newsdesk export --format jsonl` of the corpus at `dir` into a fresh
/// folder named `name`.
fn export_jsonl(dir: &Path, name: &str) -> PathBuf {
    export(dir, name, &["--format", "jsonl"])
}

/// `newsdesk export` with `options` of the corpus at `dir` into a fresh
/// folder named `name`, which must succeed.
fn export(dir: &Path, name: &str, options: &[&str]) -> PathBuf {
    let out = tmp(name);
    let mut args = vec!["export"];
    args.extend_from_slice(options);
    args.extend([dir.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    let (code, _, err) = newsdesk(&args);
    assert_eq!(code, 0, "{err}");
    out
}

/// The links `newsdesk analyze --no-cache` lists for the corpus at `dir`.
fn analyze_cli(dir: &Path) -> Links {
    let (code, out, err) = newsdesk(&["analyze", "--no-cache", dir.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    analyze_links(&serde_json::from_str(&out).unwrap())
}

/// Through the command line: `analyze`, `export`, `link` and `link
/// --ballista-standalone` on `dir`. Returns the links.
fn same_links(dir: &Path, name: &str) -> Links {
    let facts = export_facts(dir, name);
    let want = analyze_cli(dir);
    compare(name, &want, &|engine, out| {
        let mut args = vec![
            "link",
            facts.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ];
        if engine == "ballista" {
            args.push("--ballista-standalone");
        }
        let (code, _, err) = newsdesk(&args);
        assert_eq!(code, 0, "{engine}: {err}");
    });
    want
}

/// The same comparison in this process, with one load of the corpus for both
/// sides (the development sets hold 70 MB of pages: analysing them three
/// times in a test build takes too long). `analyze`'s own functions list the
/// in-memory links; the library's export and link make the batch ones.
fn same_links_in_process(dir: &Path, name: &str) -> usize {
    use newsdesk::batch::{export, link};
    let mut corpus = newsdesk::corpus::Corpus::new(dir);
    corpus.set_cache_dir(None);
    corpus.load_all_cached(false);
    let paths = corpus.paths();
    let v = serde_json::json!({
        "quote_links": newsdesk::cli::analyze::quote_links_json(&corpus, &paths),
        "passage_links": newsdesk::cli::analyze::passage_links_json(&corpus, &paths),
        "entities": newsdesk::cli::analyze::entities_json(&corpus),
    });
    let want = analyze_links(&v);
    let facts = tmp(&format!("{name}-facts"));
    export::export(&corpus, &facts, export::Format::Parquet, &mut |_| {}).unwrap();
    drop(corpus);
    // DataFusion's planner recurses deeply in a test build: roomy stacks
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_stack_size(32 << 20)
        .enable_all()
        .build()
        .unwrap();
    compare(name, &want, &|engine, out| {
        let e = match engine {
            "ballista" => link::Engine::BallistaStandalone,
            _ => link::Engine::Local,
        };
        rt.block_on(link::link(&facts, out, &e, None))
            .unwrap_or_else(|err| panic!("{name} on {engine}: {err}"));
    });
    want.quotes.len()
}

#[test]
fn a_fixture_links_the_same_in_memory_and_in_batch() {
    let f = Fixture::new(
        r#"
//- tass/osce.txt
VIENNA, January 13 - TASS.

Lavrov told reporters: "We expect the OSCE to give a clear answer on the security guarantees that Russia has proposed to the alliance."

The talks in Geneva were the first round. The delegations met for eight hours.
//- ria/osce.txt
MOSCOW, January 13 - RIA Novosti.

Russian Foreign Minister Sergei Lavrov said: "We expect from the OSCE a clear answer about the security guarantees Russia proposed to the alliance."

The talks in Geneva were the first round. The delegations met for eight hours.
//- interfax/weather.txt
MOSCOW, January 13 - Interfax.

Snow fell across the capital on Thursday, and the city said roads would be cleared by the evening.
"#,
    );
    let l = same_links(&f.root(), "fixture");
    assert_eq!(
        l.quotes.keys().collect::<Vec<_>>(),
        [&(
            "ria/osce.txt#q0".to_string(),
            "tass/osce.txt#q0".to_string()
        )],
        "the two reports of Lavrov's words are linked, the weather is not"
    );
    // actors grouped across reports (compared with analyze's in same_links)
    assert!(
        l.entities.len() >= 3 && l.entities.values().any(|&n| n == 2),
        "Lavrov, the OSCE, Russia…, some in both reports: {:?}",
        l.entities
    );
    // the shared narrative sentence, from the later carrier to the first
    assert_eq!(
        l.passages.iter().collect::<Vec<_>>(),
        [&(
            "tass/osce.txt#s0".to_string(),
            "ria/osce.txt#s0".to_string()
        )]
    );
}

#[test]
fn the_seeds_and_every_development_set_link_the_same_in_memory_and_in_batch() {
    let mut sets = vec![("seeds".to_string(), shared_dir("seeds"))];
    if let Some(dev) = shared_dir("dev") {
        let mut names: Vec<String> = std::fs::read_dir(&dev)
            .unwrap()
            .flatten()
            .filter(|e| e.path().is_dir())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert!(names.len() >= 7, "development sets: {names:?}");
        for n in names {
            let p = dev.join(&n);
            sets.push((n, Some(p)));
        }
    }
    let mut linked = 0;
    for (name, dir) in sets {
        let Some(dir) = dir else { continue };
        linked += same_links_in_process(&dir, &name);
    }
    if shared_dir("dev").is_some() {
        // the sets hold thousands of links: the comparison compared something
        assert!(linked > 1000, "only {linked} quote links");
    }
}

#[test]
fn export_writes_json_lines_with_the_same_columns() {
    let f = Fixture::new(
        r#"
//- a.txt
MOSCOW, January 13 - TASS.

"We will answer," Lavrov said.
"#,
    );
    let out = export_jsonl(&f.root(), "jsonl");
    let text = std::fs::read_to_string(out.join("reports.jsonl")).unwrap();
    let row: Value = serde_json::from_str(text.lines().next().unwrap()).unwrap();
    assert_eq!(row["path"], "a.txt");
    assert_eq!(row["dateline_place"], "MOSCOW");
    assert_eq!(row["dateline_agency"], "TASS");
    let q: Value = serde_json::from_str(
        std::fs::read_to_string(out.join("quotes.jsonl"))
            .unwrap()
            .lines()
            .next()
            .unwrap(),
    )
    .unwrap();
    assert_eq!(q["text"], "We will answer,");
    assert_eq!(q["speaker"], "Lavrov");
    // link reads Parquet only, and says so
    let (code, _, err) = newsdesk(&[
        "link",
        out.to_str().unwrap(),
        "--out",
        tmp("jsonl-links").to_str().unwrap(),
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("newsdesk link reads Parquet"), "{err}");
}

#[test]
fn link_refuses_tables_of_another_schema_and_names_the_file() {
    let f = Fixture::new(
        r#"
//- a.txt
MOSCOW, January 13 - TASS.

"We will answer the proposals in writing next week," Lavrov said.
"#,
    );
    let facts = tmp("bad-facts");
    let (code, _, err) = newsdesk(&[
        "export",
        f.root().to_str().unwrap(),
        "--out",
        facts.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    // a table replaced by another table's file: named, and nothing linked
    std::fs::copy(facts.join("passages.parquet"), facts.join("quotes.parquet")).unwrap();
    let out = tmp("bad-links");
    let (code, _, err) = newsdesk(&[
        "link",
        facts.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 2);
    assert!(
        err.contains("quotes.parquet: holds table 'passages'"),
        "{err}"
    );
    assert!(!out.join("quote_links.parquet").exists());
    // not Parquet at all
    std::fs::write(facts.join("quotes.parquet"), "not parquet").unwrap();
    let (code, _, err) = newsdesk(&[
        "link",
        facts.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 2);
    assert!(
        err.contains("quotes.parquet: not a readable Parquet file"),
        "{err}"
    );
    // no export there
    let (code, _, err) = newsdesk(&[
        "link",
        f.root().to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("manifest.json"), "{err}");
}

// ---------------------------------------------------------------- the editor

/// Two reports of Lavrov's words and a third with the mayor's, which the
/// index links to nothing.
const THREE: &str = r#"
//- tass/osce.txt
VIENNA, January 13 - TASS.

Lavrov told reporters: "We expect the OSCE to give a clear answer on the security guarantees that Russia has proposed to the alliance."
//- ria/osce.txt
MOSCOW, January 13 - RIA Novosti.

Russian Foreign Minister Sergei Lavrov said: "We expect from the OSCE a clear answer about the security guarantees Russia proposed to the alliance."
//- interfax/weather.txt
MOSCOW, January 13 - Interfax.

Snow fell across the capital on Thursday. "The roads will be cleared by the evening and the trams will run all night," the mayor said.
"#;

/// `export` and `link` of the corpus at `root`, the link tables into
/// `root/links`, and `[links] path = "links"` in its newsdesk.toml.
fn export_and_link(root: &Path, name: &str) -> PathBuf {
    let facts = export_facts(root, name);
    let links = root.join("links");
    let (code, _, err) = newsdesk(&[
        "link",
        facts.to_str().unwrap(),
        "--out",
        links.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    std::fs::write(root.join("newsdesk.toml"), "[links]\npath = \"links\"\n").unwrap();
    links
}

/// Add a link from quotation 0 of `from` to quotation 0 of `to` to the
/// quote links table in `links` (one the index would never make, so that a
/// test sees where a link came from).
fn add_quote_link(links: &Path, from: &str, to: &str) {
    use datafusion::arrow::array::{ArrayRef, Float32Array, StringArray, UInt32Array, UInt64Array};
    use datafusion::arrow::datatypes::UInt64Type;
    use newsdesk::batch::{export, schema::Table};
    use std::sync::Arc;
    let mut ends = BTreeMap::new();
    for b in read(&links.join("linked_reports.parquet")) {
        let hash = b
            .column_by_name("content_hash")
            .unwrap()
            .as_primitive::<UInt64Type>();
        for i in 0..b.num_rows() {
            ends.insert(
                col_str(&b, "path", i),
                (col_u32(&b, "report_id", i), hash.value(i)),
            );
        }
    }
    let (fi, fh) = ends[from];
    let (ti, th) = ends[to];
    let old = read(&links.join("quote_links.parquet"));
    let mut w =
        export::TableWriter::create(links, Table::QuoteLinks, export::Format::Parquet).unwrap();
    for b in old {
        w.write(b.columns().to_vec()).unwrap();
    }
    let row: Vec<ArrayRef> = vec![
        Arc::new(UInt32Array::from(vec![fi])),
        Arc::new(UInt32Array::from(vec![ti])),
        Arc::new(StringArray::from(vec![from])),
        Arc::new(StringArray::from(vec![to])),
        Arc::new(UInt64Array::from(vec![fh])),
        Arc::new(UInt64Array::from(vec![th])),
        Arc::new(UInt32Array::from(vec![0])),
        Arc::new(UInt32Array::from(vec![0])),
        Arc::new(Float32Array::from(vec![0.99f32])),
    ];
    w.write(row).unwrap();
    w.finish().unwrap();
    // and the manifest counts it, as a link run would
    bump_manifest(links, "quote_links", 1);
}

/// Add `by` to the number `key` of the manifest in `links`.
fn bump_manifest(links: &Path, key: &str, by: i64) {
    edit_manifest(links, |m| {
        m[key] = serde_json::json!(m[key].as_i64().unwrap() + by)
    });
}

/// Change the manifest in `links` with `edit`.
fn edit_manifest(links: &Path, edit: impl FnOnce(&mut Value)) {
    let path = links.join("manifest.json");
    let mut m: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    edit(&mut m);
    std::fs::write(&path, m.to_string()).unwrap();
}

/// Where go-to-definition on the quotation of `file` (the line with
/// `needle`) leads: the other reports' paths.
fn definition(s: &mut Server, f: &Fixture, file: &str, needle: &str) -> Vec<String> {
    let text = f.text(file);
    let line = text.lines().position(|l| l.contains(needle)).unwrap();
    let col = text.lines().nth(line).unwrap().find(needle).unwrap() + 3;
    let r = s.request(
        "textDocument/definition",
        serde_json::json!({"textDocument": {"uri": uri(&f.path(file))},
                           "position": {"line": line, "character": col}}),
    );
    let root = uri(&f.root());
    r.as_array()
        .map(|a| {
            a.iter()
                .map(|l| {
                    l["uri"].as_str().unwrap()[root.len()..]
                        .trim_start_matches('/')
                        .to_string()
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The first `method` message (`window/logMessage`, `window/showMessage`)
/// that says `needle`.
fn message_with(s: &mut Server, method: &str, needle: &str) -> Value {
    let needle = needle.to_string();
    let method = method.to_string();
    s.wait_for(&format!("{method} saying {needle:?}"), move |m| {
        m["method"] == method.as_str()
            && m["params"]["message"]
                .as_str()
                .is_some_and(|t| t.contains(&needle))
    })
}

#[test]
fn the_editor_takes_quote_links_from_the_link_tables_until_a_report_changes() {
    let f = Fixture::new(THREE);
    let links = export_and_link(&f.root(), "editor");
    add_quote_link(&links, "interfax/weather.txt", "tass/osce.txt");
    let mut s = Server::spawn(&[]);
    s.initialize(&f.root(), vscode_caps());
    message_with(
        &mut s,
        "window/logMessage",
        "quote links of 3 reports taken from",
    );
    // the table's links: its own (Lavrov) and the one added (the mayor)
    assert_eq!(
        definition(&mut s, &f, "interfax/weather.txt", "The roads"),
        ["tass/osce.txt"]
    );
    assert_eq!(
        definition(&mut s, &f, "ria/osce.txt", "We expect"),
        ["tass/osce.txt"]
    );
    // the mayor's report is edited: its links are the index's (none)
    let weather = f.path("interfax/weather.txt");
    let text = f.text("interfax/weather.txt");
    s.open(&weather, &text);
    s.notify(
        "textDocument/didChange",
        serde_json::json!({
            "textDocument": {"uri": uri(&weather), "version": 2},
            "contentChanges": [{"text": format!("{text}\nMore snow is expected on Friday.\n")}],
        }),
    );
    assert_eq!(
        definition(&mut s, &f, "interfax/weather.txt", "The roads"),
        Vec::<String>::new(),
        "a changed report is linked live"
    );
    assert_eq!(
        definition(&mut s, &f, "ria/osce.txt", "We expect"),
        ["tass/osce.txt"]
    );
    assert_eq!(s.shutdown(), Some(0));
}

#[test]
fn link_tables_that_do_not_fit_the_corpus_are_said_and_not_used() {
    let f = Fixture::new(THREE);
    let links = export_and_link(&f.root(), "misfit");
    add_quote_link(&links, "interfax/weather.txt", "tass/osce.txt");
    // computed at another threshold
    edit_manifest(&links, |m| m["quote_threshold"] = serde_json::json!(0.9));
    let mut s = Server::spawn(&[]);
    s.initialize(&f.root(), vscode_caps());
    let said = message_with(&mut s, "window/showMessage", "are not used");
    assert_eq!(said["params"]["type"], 2, "a warning: {said}");
    let text = said["params"]["message"].as_str().unwrap();
    assert!(text.contains("quote threshold 0.9"), "{text}");
    assert_eq!(
        definition(&mut s, &f, "interfax/weather.txt", "The roads"),
        Vec::<String>::new(),
        "the index's links, not the table's"
    );
    assert_eq!(
        definition(&mut s, &f, "ria/osce.txt", "We expect"),
        ["tass/osce.txt"]
    );
    assert_eq!(s.shutdown(), Some(0));
}

#[test]
fn check_and_analyze_take_the_link_tables_too() {
    let f = Fixture::new(THREE);
    let root = f.root();
    let links = export_and_link(&root, "cli");
    add_quote_link(&links, "interfax/weather.txt", "tass/osce.txt");
    let weather_tass = pair("interfax/weather.txt#q0".into(), "tass/osce.txt#q0".into());
    let (code, out, err) = newsdesk(&["analyze", "--no-cache", root.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("quote links of 3 reports taken from"), "{err}");
    let l = analyze_links(&serde_json::from_str(&out).unwrap());
    assert!(l.quotes.contains_key(&weather_tass), "{l:?}");
    // check --links names the folder; a broken table is said, and not used
    let broken = tmp("cli-broken-links");
    std::fs::create_dir_all(&broken).unwrap();
    for e in std::fs::read_dir(&links).unwrap().flatten() {
        std::fs::copy(e.path(), broken.join(e.file_name())).unwrap();
    }
    std::fs::write(broken.join("quote_links.parquet"), "not parquet").unwrap();
    let (code, _, err) = newsdesk(&[
        "check",
        "--no-cache",
        "--links",
        broken.to_str().unwrap(),
        root.to_str().unwrap(),
    ]);
    assert!(code == 0 || code == 1, "{err}");
    assert!(err.contains("are not used"), "{err}");
    assert!(
        err.contains("quote_links.parquet: not a readable Parquet file"),
        "{err}"
    );
    // tables of two runs (the manifest counts other tables) are not used
    for e in std::fs::read_dir(&links).unwrap().flatten() {
        std::fs::copy(e.path(), broken.join(e.file_name())).unwrap();
    }
    bump_manifest(&broken, "quote_links", 5);
    let (_, _, err) = newsdesk(&[
        "check",
        "--no-cache",
        "--links",
        broken.to_str().unwrap(),
        root.to_str().unwrap(),
    ]);
    assert!(err.contains("are not used"), "{err}");
    assert!(err.contains("not of one run of newsdesk link"), "{err}");
    // the mayor's report changes on disk: linked here, the added link gone
    let weather = f.path("interfax/weather.txt");
    let text = f.text("interfax/weather.txt");
    std::fs::write(
        &weather,
        format!("{text}\nMore snow is expected on Friday.\n"),
    )
    .unwrap();
    let (code, out, err) = newsdesk(&["analyze", "--no-cache", root.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("quote links of 2 reports taken from"), "{err}");
    assert!(err.contains("1 report changed since"), "{err}");
    let l = analyze_links(&serde_json::from_str(&out).unwrap());
    assert!(!l.quotes.contains_key(&weather_tass), "{l:?}");
    assert!(l
        .quotes
        .contains_key(&pair("ria/osce.txt#q0".into(), "tass/osce.txt#q0".into())));
}

// ----------------------------------------------------------- a real cluster

/// A child process killed when the test ends, however it ends.
struct Child(std::process::Child);

impl Drop for Child {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn spawn(args: &[&str], log: &Path) -> Child {
    Child(
        Command::new(env!("CARGO_BIN_EXE_newsdesk"))
            .args(args)
            .stdout(std::process::Stdio::null())
            .stderr(std::fs::File::create(log).unwrap())
            .spawn()
            .unwrap(),
    )
}

#[test]
fn link_runs_on_a_cluster_of_a_newsdesk_scheduler_and_executor() {
    let f = Fixture::new(THREE);
    let root = f.root();
    let facts = export_facts(&root, "cluster");
    let want = analyze_cli(&root);
    let logs = tmp("cluster-logs");
    std::fs::create_dir_all(&logs).unwrap();
    let sched = format!("127.0.0.1:{}", free_port());
    let _scheduler = spawn(
        &["ballista", "scheduler", "--bind", &sched],
        &logs.join("scheduler.log"),
    );
    let started = std::time::Instant::now();
    while std::net::TcpStream::connect(&sched).is_err() {
        assert!(
            started.elapsed() < std::time::Duration::from_secs(60),
            "the scheduler did not listen: {}",
            std::fs::read_to_string(logs.join("scheduler.log")).unwrap_or_default()
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let (port, grpc) = (free_port().to_string(), free_port().to_string());
    let _executor = spawn(
        &[
            "ballista",
            "executor",
            "--scheduler",
            &sched,
            "--bind-host",
            "127.0.0.1",
            "--external-host",
            "127.0.0.1",
            "--port",
            &port,
            "--grpc-port",
            &grpc,
        ],
        &logs.join("executor.log"),
    );
    let links = tmp("cluster-links");
    let (code, _, err) = newsdesk(&[
        "link",
        facts.to_str().unwrap(),
        "--out",
        links.to_str().unwrap(),
        "--scheduler",
        &sched,
    ]);
    assert_eq!(
        code,
        0,
        "{err}\nscheduler: {}\nexecutor: {}",
        std::fs::read_to_string(logs.join("scheduler.log")).unwrap_or_default(),
        std::fs::read_to_string(logs.join("executor.log")).unwrap_or_default()
    );
    let got = batch_links(&links);
    assert_eq!(
        got.quotes.keys().collect::<Vec<_>>(),
        want.quotes.keys().collect::<Vec<_>>()
    );
    assert_eq!(got.passages, want.passages);
    assert_eq!(want.quotes.len(), 1, "Lavrov's words, linked");
}

#[test]
fn an_export_without_quotations_links_to_empty_tables_the_editor_reads() {
    let f = Fixture::new(
        r#"
//- interfax/weather.txt
MOSCOW, January 13 - Interfax.

Snow fell across the capital on Thursday, and the city said roads would be cleared by the evening.
"#,
    );
    let links = export_and_link(&f.root(), "no-quotes");
    assert_eq!(batch_links(&links), analyze_cli(&f.root()));
    assert!(batch_links(&links).quotes.is_empty());
    let (code, _, err) = newsdesk(&["check", "--no-cache", f.root().to_str().unwrap()]);
    assert!(code == 0 || code == 1, "{err}");
    assert!(err.contains("quote links of 1 report taken from"), "{err}");
}

/// The reports table carries each report's metadata and copy as `analyze`
/// gives them: headline, byline, publication date and where it was read,
/// outlet and where it was read, and for a copy its earliest report and how
/// much of it the copy holds. (A date without a year, which this fixture
/// does not hold, reads `--01-14` in the tables, as their `date` column,
/// where analyze's `date` is null beside its month and day.)
#[test]
fn export_gives_the_metadata_and_copies_that_analyze_gives() {
    let f = Fixture::new(&format!(
        "{COPIES}\n//- news/2022-01-15-rates.txt\nMenu | News\n\nCentral bank holds rates as inflation eases\n\nBy Anna Kovacs\n\nThe central bank kept its key rate unchanged on Friday, saying that inflation had eased for a third month in a row and that the labour market stayed strong.\n\n© 2022 Northern Courier\n"
    ));
    let out = export_jsonl(&f.root(), "meta-jsonl");
    let (code, json, err) = newsdesk(&["analyze", "--format", "json", f.root().to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let analyzed: Value = serde_json::from_str(&json).unwrap();
    let rows: Vec<Value> = std::fs::read_to_string(out.join("reports.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let reports = analyzed["reports"].as_array().unwrap();
    assert_eq!(rows.len(), reports.len());
    let mut copies = 0;
    for r in reports {
        let path = r["path"].as_str().unwrap();
        let row = rows
            .iter()
            .find(|x| path.ends_with(x["path"].as_str().unwrap()))
            .unwrap_or_else(|| panic!("no row for {path}"));
        let m = &r["metadata"];
        let or_null = |v: &Value| if v.is_null() { Value::Null } else { v.clone() };
        assert_eq!(row["headline"], or_null(&m["headline"]["text"]), "{path}");
        assert_eq!(row["byline"], or_null(&m["byline"]["names"]), "{path}");
        assert_eq!(row["published"], or_null(&m["published"]["date"]), "{path}");
        assert_eq!(
            row["published_source"],
            or_null(&m["published"]["source"]),
            "{path}"
        );
        assert_eq!(row["outlet"], or_null(&m["outlet"]["name"]), "{path}");
        assert_eq!(
            row["outlet_source"],
            or_null(&m["outlet"]["source"]),
            "{path}"
        );
        // a copy names the group's earliest report, as analyze's groups do
        let group = analyzed["copies"].as_array().unwrap().iter().find(|g| {
            g["copies"]
                .as_array()
                .unwrap()
                .iter()
                .any(|c| path.ends_with(c["report"].as_str().unwrap()))
        });
        match group {
            Some(g) => {
                copies += 1;
                assert_eq!(row["copy_of"], g["first"], "{path}");
                let x = row["copy_resemblance"].as_f64().unwrap();
                assert!(x > 0.5 && x <= 1.0, "{path}: {x}");
            }
            None => {
                assert!(row["copy_of"].is_null(), "{path}: {row}");
                assert!(row["copy_resemblance"].is_null(), "{path}: {row}");
            }
        }
    }
    assert_eq!(copies, 2, "the fixture's two later copies");
    let rates = rows
        .iter()
        .find(|x| x["path"] == "news/2022-01-15-rates.txt")
        .unwrap();
    assert_eq!(rates["byline"], "Anna Kovacs");
    assert_eq!(rates["outlet"], "Northern Courier");
    assert_eq!(rates["outlet_source"], "page");
}
