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
    let out = Command::new(env!("CARGO_BIN_EXE_newsdesk"))
        .env(
            "NEWSDESK_CACHE_DIR",
            concat!(env!("CARGO_TARGET_TMPDIR"), "/newsdesk-cache"),
        )
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Links as both sides give them: quote links as unordered pairs of quote ids
/// with the score in thousandths, passage links as (from, to) sentence ids.
#[derive(Debug, Default, PartialEq)]
struct Links {
    quotes: BTreeMap<(String, String), i64>,
    passages: BTreeSet<(String, String)>,
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
    }
}

/// Through the command line: `analyze`, `export`, `link` and `link
/// --ballista-standalone` on `dir`. Returns the links.
fn same_links(dir: &Path, name: &str) -> Links {
    let facts = tmp(&format!("{name}-facts"));
    let (code, _, err) = newsdesk(&[
        "export",
        "--no-cache",
        dir.to_str().unwrap(),
        "--out",
        facts.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let (code, out, err) = newsdesk(&["analyze", "--no-cache", dir.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let want = analyze_links(&serde_json::from_str(&out).unwrap());
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
    let out = tmp("jsonl");
    let (code, _, err) = newsdesk(&[
        "export",
        "--format",
        "jsonl",
        f.root().to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
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
