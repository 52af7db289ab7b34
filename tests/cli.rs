//! The command line on temporary corpora.

mod support;

use serde_json::{json, Value};
use std::process::Command;
use support::*;

fn corpus() -> Fixture {
    let f = Fixture::new(
        r#"
//- a.txt
Lavrov urged to resolve security issues

MOSCOW, January 14 - RIA Novosti. Russia stands for a balance of interests, Foreign Minister Sergei Lavrov said.
"#,
    );
    std::fs::write(f.path("cp1251.txt"), cp1251_report()).unwrap();
    f
}

#[test]
fn check_json_has_lsp_shapes_and_exit_code_1_on_errors() {
    let f = corpus();
    let (code, out, _) = newsdesk(&["check", "--format", "json", "."], &f.root());
    assert_eq!(code, 1, "a not-UTF-8 file is an error");
    let v: Value = serde_json::from_str(&out).unwrap();
    let files = v["files"].as_array().unwrap();
    assert_eq!(files.len(), 2);
    let bad = files.iter().find(|f| f["path"] == "cp1251.txt").unwrap();
    let d = &bad["diagnostics"][0];
    assert_eq!(d["code"], "not-utf8");
    assert_eq!(d["severity"], 1);
    assert_eq!(d["source"], "newsdesk");
    assert_eq!(d["range"]["start"]["line"], 0);
    assert!(d["message"]
        .as_str()
        .unwrap()
        .contains("looks like Windows-1251"));
}

#[test]
fn check_text_prints_compiler_style_lines() {
    let f = corpus();
    let (code, out, err) = newsdesk(&["check", "cp1251.txt"], &f.root());
    assert_eq!(code, 1);
    assert!(
        out.starts_with(
            "cp1251.txt:1:1: error[not-utf8]: This file is not UTF-8 (looks like Windows-1251)"
        ),
        "{out}"
    );
    assert!(err.contains("checked 1 report: 1 error"), "{err}");
}

#[test]
fn rule_levels_from_config_and_clean_exit() {
    let f = corpus();
    std::fs::write(
        f.root().join("newsdesk.toml"),
        "[rules]\nnot-utf8 = \"off\"\n",
    )
    .unwrap();
    let (code, out, _) = newsdesk(&["check", "--format", "json", "."], &f.root());
    assert_eq!(code, 0, "{out}");
    let v: Value = serde_json::from_str(&out).unwrap();
    assert!(v["files"]
        .as_array()
        .unwrap()
        .iter()
        .all(|f| f["diagnostics"].as_array().unwrap().is_empty()));
}

#[test]
fn broken_config_goes_to_stderr_with_line_and_column() {
    let f = corpus();
    std::fs::write(
        f.root().join("newsdesk.toml"),
        "include = [\"**/*.txt\"]\n[rules]\nboilerplte = \"off\"\n",
    )
    .unwrap();
    let (code, _, err) = newsdesk(&["check", "."], &f.root());
    assert!(
        err.contains("newsdesk.toml:3:1: error[config-error]: unknown rule \"boilerplte\""),
        "{err}"
    );
    assert_eq!(
        code, 1,
        "the broken config and the not-UTF-8 file are errors"
    );
    // an explicit --config that is broken is a usage error
    std::fs::write(f.root().join("other.toml"), "[rules\n").unwrap();
    let (code, _, err) = newsdesk(&["check", "--config", "other.toml", "."], &f.root());
    assert_eq!(code, 2);
    assert!(err.contains("other.toml:1:"), "{err}");
}

#[test]
fn usage_and_io_errors_exit_2() {
    let f = corpus();
    let (code, _, err) = newsdesk(&["check", "no-such-dir"], &f.root());
    assert_eq!(code, 2);
    assert!(err.contains("no-such-dir"), "{err}");
    let (code, _, _) = newsdesk(&["check"], &f.root());
    assert_eq!(code, 2);
    let (code, _, _) = newsdesk(&["frobnicate"], &f.root());
    assert_eq!(code, 2);
}

#[test]
fn analyze_json_lists_reports() {
    let f = corpus();
    let (code, out, _) = newsdesk(&["analyze", "--format", "json", "."], &f.root());
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(&out).unwrap();
    let reports = v["reports"].as_array().unwrap();
    assert_eq!(reports.len(), 2);
    assert_eq!(reports[0]["path"], "a.txt");
    assert_eq!(reports[1]["analysed"], false);
}

#[test]
fn analyze_json_says_how_each_quote_is_attributed() {
    let f = Fixture::new(
        r#"
//- talks.txt
Talks in Geneva

GENEVA, January 10 - Agency. Sergei Ryabkov met Wendy Sherman in Geneva.

"The talks were difficult," Ryabkov said.

"We will meet again."

"Nothing is agreed yet," she said.

Ryabkov said the two sides would meet again in February.

"We are ready for it."
"#,
    );
    let (code, out, _) = newsdesk(&["analyze", "--format", "json", "."], &f.root());
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(&out).unwrap();
    let quotes = v["reports"][0]["quotes"].as_array().unwrap();
    let how: Vec<(&str, &str, Option<&str>)> = quotes
        .iter()
        .map(|q| {
            (
                q["speaker"].as_str().unwrap_or(""),
                q["attribution"].as_str().unwrap_or(""),
                q["speaker_in_text"].as_str(),
            )
        })
        .collect();
    assert_eq!(
        how,
        [
            ("Sergei Ryabkov", "named", None),
            ("Sergei Ryabkov", "continues the quote before", None),
            ("Wendy Sherman", "a pronoun", Some("she")),
            (
                "Sergei Ryabkov",
                "the person the paragraph before is about",
                None
            ),
        ]
    );
}

#[test]
fn hidden_and_gitignored_folders_are_skipped() {
    let f = corpus();
    std::fs::create_dir_all(f.root().join(".cache")).unwrap();
    std::fs::write(f.root().join(".cache/x.txt"), cp1251_report()).unwrap();
    std::fs::create_dir_all(f.root().join("old")).unwrap();
    std::fs::write(f.root().join("old/y.txt"), cp1251_report()).unwrap();
    std::fs::write(f.root().join(".gitignore"), "old/\n").unwrap();
    let (_, out, _) = newsdesk(&["check", "--format", "json", "."], &f.root());
    let v: Value = serde_json::from_str(&out).unwrap();
    let paths: Vec<&str> = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["a.txt", "cp1251.txt"]);
}

#[test]
fn seeds_run_through_check_and_analyze() {
    let Some(seeds) = shared_dir("seeds") else {
        return;
    };
    let (code, out, _) = newsdesk(
        &["check", "--format", "json", seeds.to_str().unwrap()],
        &seeds,
    );
    assert!(code == 0 || code == 1);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["files"].as_array().unwrap().len(), 5);
    let (code, out, _) = newsdesk(
        &["analyze", "--format", "json", seeds.to_str().unwrap()],
        &seeds,
    );
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["reports"].as_array().unwrap().len(), 5);
}

/// The seeds as SARIF (valid against the schema), with each report's
/// metadata, and as an overview page.
#[test]
fn seeds_give_valid_sarif_metadata_and_an_overview() {
    let Some(seeds) = shared_dir("seeds") else {
        return;
    };
    let (code, out, err) = newsdesk(&["check", "--format", "sarif", "."], &seeds);
    assert!(code == 0 || code == 1, "{err}");
    let log: Value = serde_json::from_str(&out).unwrap();
    let validator = sarif_validator();
    let errors: Vec<String> = validator.iter_errors(&log).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert!(results.iter().any(|r| r["ruleId"] == "boilerplate"));

    let (code, out, _) = newsdesk(&["analyze", "."], &seeds);
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(&out).unwrap();
    for r in v["reports"].as_array().unwrap() {
        let m = &r["metadata"];
        assert!(
            m["headline"]["text"].as_str().is_some_and(|h| h.len() > 20),
            "{r:#}"
        );
        assert_eq!(m["language"]["code"], "eng", "{}", r["path"]);
    }
    // the seed whose only date is the site's banner above the headline has none
    let banner = v["reports"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["path"].as_str().unwrap().starts_with("002_"))
        .unwrap();
    assert_eq!(banner["metadata"]["published"], Value::Null, "{banner:#}");

    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("seeds.html");
    let (code, err) = {
        let (c, _, e) = newsdesk(&["report", "--html", page.to_str().unwrap(), "."], &seeds);
        (c, e)
    };
    assert_eq!(code, 0, "{err}");
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.contains("<b>5</b><span>reports</span>"), "{html}");
    assert!(html.contains("Sergey Lavrov") || html.contains("Sergei Lavrov"));
}

#[test]
fn check_fix_removes_boilerplate_atomically_and_reports_it() {
    let f = Fixture::new(
        r#"
//- a.txt
Войти

Lavrov says talks with NATO must bring results

2817
0
0
Image source: © Press service of the Russian Foreign Ministry

MOSCOW, March 3 - RIA Novosti. Russia expects concrete answers from NATO on its security proposals, Russian Foreign Minister Sergei Lavrov said on Thursday.

"We are waiting for a written answer, and we will study it carefully," Lavrov told reporters.

The rights to this material belong to
Do you want to leave a comment? Register and/or Log in
  • 03.03 11:20
  • 512
"#,
    );
    // without --fix nothing is written
    let (code, out, _) = newsdesk(&["check", "a.txt"], &f.root());
    assert_eq!(code, 0, "warnings only");
    assert_eq!(out.matches("warning[boilerplate]").count(), 3, "{out}");
    assert_eq!(
        std::fs::read_to_string(f.path("a.txt")).unwrap(),
        f.text("a.txt")
    );
    let (code, out, err) = newsdesk(&["check", "--fix", "a.txt"], &f.root());
    assert_eq!(code, 0);
    assert!(
        err.contains("fixed a.txt: removed 3 boilerplate blocks"),
        "{err}"
    );
    assert!(
        !out.contains("boilerplate"),
        "after the fix nothing is left: {out}"
    );
    let fixed = std::fs::read_to_string(f.path("a.txt")).unwrap();
    assert_eq!(
        fixed,
        "Lavrov says talks with NATO must bring results\n\nMOSCOW, March 3 - RIA Novosti. Russia expects concrete answers from NATO on its security proposals, Russian Foreign Minister Sergei Lavrov said on Thursday.\n\n\"We are waiting for a written answer, and we will study it carefully,\" Lavrov told reporters.\n\n"
    );
    // no temporary files are left behind
    let names: Vec<String> = std::fs::read_dir(f.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["a.txt"]);
}

/// `check` on special files named like reports: a FIFO and a link to
/// `/dev/zero` are reported as unreadable at once, never read (a FIFO would
/// block; `/dev/zero` would be read until memory runs out). A watchdog ends
/// the command if it hangs.
#[cfg(unix)]
#[test]
fn special_files_are_reported_not_read() {
    let f = corpus();
    let fifo = f.path("pipe.txt");
    let made = Command::new("mkfifo").arg(&fifo).status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo");
    std::os::unix::fs::symlink("/dev/zero", f.path("zero.txt")).unwrap();
    for target in ["pipe.txt", "zero.txt", "."] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_newsdesk"))
            .env(
                "NEWSDESK_CACHE_DIR",
                concat!(env!("CARGO_TARGET_TMPDIR"), "/newsdesk-cache"),
            )
            .args(["check", "--no-cache", "--format", "json", target])
            .current_dir(f.root())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
        while child.try_wait().unwrap().is_none() {
            if std::time::Instant::now() > deadline {
                let _ = child.kill();
                panic!("check {target} did not return within 60 s");
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        let out = child.wait_with_output().unwrap();
        let json: Value = serde_json::from_slice(&out.stdout).unwrap();
        let files = json["files"].as_array().unwrap();
        if target == "." {
            // the folder's reports are read; the special files are not reports
            assert!(files
                .iter()
                .any(|f| f["path"].as_str().unwrap().ends_with("a.txt")));
            assert!(
                files.iter().all(|f| {
                    let p = f["path"].as_str().unwrap();
                    !p.ends_with("pipe.txt") && !p.ends_with("zero.txt")
                }),
                "{json:#}"
            );
        } else {
            let codes: Vec<&str> = files
                .iter()
                .flat_map(|f| f["diagnostics"].as_array().unwrap())
                .filter_map(|d| d["code"].as_str())
                .collect();
            assert_eq!(codes, ["unreadable-file"], "{target}: {json:#}");
            // reported under the name it was given, not where a link points
            assert!(
                files[0]["path"].as_str().unwrap().ends_with(target),
                "{json:#}"
            );
        }
    }
}

/// A folder the walk cannot enter is said, and the check exits 2: a report
/// under a path longer than the system allows (4,096 bytes), and, when the
/// tests do not run as root, a folder without read permission. The other
/// reports are still checked.
#[cfg(unix)]
#[test]
fn folders_that_cannot_be_read_are_said_not_dropped() {
    let f = corpus();
    f.add_too_deep_report();
    let (code, out, err) = newsdesk(&["check", "--no-cache", "--format", "json", "."], &f.root());
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("skipped") && err.contains("longer than the system allows"),
        "{err}"
    );
    let json: Value = serde_json::from_str(&out).unwrap();
    assert!(json["files"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["path"].as_str().unwrap().ends_with("a.txt")));
    // a folder it may not read (root reads every folder: nothing to show then)
    let root_user = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.starts_with(b"0"));
    if root_user {
        eprintln!("SKIPPED the permission part: the tests run as root, who reads every folder");
        return;
    }
    use std::os::unix::fs::PermissionsExt;
    std::fs::create_dir(f.path("closed")).unwrap();
    std::fs::write(
        f.path("closed/b.txt"),
        "MOSCOW, January 14 - Agency. Closed.\n",
    )
    .unwrap();
    std::fs::set_permissions(f.path("closed"), std::fs::Permissions::from_mode(0o000)).unwrap();
    let (code, _, err) = newsdesk(&["check", "--no-cache", "."], &f.root());
    std::fs::set_permissions(f.path("closed"), std::fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("closed: permission denied"), "{err}");
}

/// `--fix` never removes a dateline, a quotation or a statement that the
/// boilerplate rule misjudged: the block is kept and said; `--fix=aggressive`
/// removes it.
#[test]
fn check_fix_keeps_blocks_that_hold_report_content_unless_aggressive() {
    // a menu that scraping ran together with the dateline
    let text = "Home\nWorld\nPolitics\nMOSCOW, January 14 - RIA Novosti.\nShare\nTweet\n\nRussia and the United States resumed talks on security guarantees in Geneva on Monday, the foreign ministry said.\n\n\"We are ready,\" Lavrov said after the first round of the talks.\n";
    let f = Fixture::new(&format!("\n//- b.txt\n{text}"));
    let (_, out, _) = newsdesk(&["check", "--no-cache", "b.txt"], &f.root());
    assert!(
        out.contains("warning[boilerplate]") && out.contains("1 of them holds a dateline"),
        "the rule misjudges this block, which the test needs: {out}"
    );
    let (code, _, err) = newsdesk(&["check", "--no-cache", "--fix", "b.txt"], &f.root());
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("fixed b.txt: removed 1 boilerplate block; kept 1 line of boilerplate that may hold a dateline"),
        "{err}"
    );
    // the dateline and both quotations are there
    assert_eq!(
        std::fs::read_to_string(f.path("b.txt")).unwrap(),
        text.replacen("Home\nWorld\nPolitics\n", "", 1)
            .replacen("Share\nTweet\n", "\n", 1)
            .replacen("\n\n\n", "\n\n", 1)
    );
    // a block that holds only the dateline now, as a curator might leave it
    std::fs::write(f.path("b.txt"), text).unwrap();
    let (_, _, err) = newsdesk(
        &["check", "--no-cache", "--fix=aggressive", "b.txt"],
        &f.root(),
    );
    assert!(
        err.contains("fixed b.txt: removed 1 boilerplate block"),
        "{err}"
    );
    assert!(!err.contains("kept"), "{err}");
    let after = std::fs::read_to_string(f.path("b.txt")).unwrap();
    assert!(!after.contains("MOSCOW"), "{after}");
}

/// A report to fix: a menu line above an article of its own (the reports of
/// a corpus must differ, or their repeated lines count as furniture).
fn menu_report(n: usize) -> String {
    let (sea, minister, ships) = [
        ("Black Sea", "Turkey", "grain"),
        ("Sea of Azov", "Ukraine", "fertiliser"),
        ("Baltic Sea", "Finland", "timber"),
        ("Caspian Sea", "Kazakhstan", "oil"),
    ][n];
    format!(
        "Войти\n\nMinisters agree on a {ships} corridor\n\nANKARA, May {n} - Agency. The ministers of {minister} and Russia agreed on Friday to open a new corridor for {ships} shipments through the {sea}, officials said after the talks.\n\nThe first ships are expected to sail next week, according to the agreement signed by the two delegations.\n"
    )
}

/// `--fix` keeps what the file is: its byte-order mark, UTF-16, its hard
/// links and a symbolic link to it.
#[cfg(unix)]
#[test]
fn check_fix_keeps_the_encoding_and_the_links() {
    let fixed = |n: usize| menu_report(n).replacen("Войти\n\n", "", 1);
    let f = Fixture::new("\n//- keep.txt\nMOSCOW, January 14 - Agency. Nothing to fix here.\n");
    // UTF-8 with a byte-order mark
    std::fs::write(f.path("bom.txt"), format!("\u{feff}{}", menu_report(0))).unwrap();
    // UTF-16LE with its mark
    let utf16 = |text: &str| {
        let mut out = vec![0xFF, 0xFE];
        for u in text.encode_utf16() {
            out.extend_from_slice(&u.to_le_bytes());
        }
        out
    };
    std::fs::write(f.path("wide.txt"), utf16(&menu_report(1))).unwrap();
    // a hard link outside the corpus's reports (not .txt)
    std::fs::write(f.path("linked.txt"), menu_report(2)).unwrap();
    std::fs::hard_link(f.path("linked.txt"), f.path("linked.backup")).unwrap();
    // a symbolic link named as a report, to a file outside the corpus
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("real.text"), menu_report(3)).unwrap();
    std::os::unix::fs::symlink(outside.path().join("real.text"), f.path("sym.txt")).unwrap();
    let names = ["bom.txt", "wide.txt", "linked.txt", "sym.txt"];
    let mut args = vec!["check", "--no-cache", "--fix"];
    args.extend(names);
    let (_, _, err) = newsdesk(&args, &f.root());
    for n in names {
        assert!(
            err.contains(&format!("fixed {n}: removed 1 boilerplate block")),
            "{n}: {err}"
        );
    }
    let bom = std::fs::read_to_string(f.path("bom.txt")).unwrap();
    assert_eq!(bom, format!("\u{feff}{}", fixed(0)));
    let wide = std::fs::read(f.path("wide.txt")).unwrap();
    assert_eq!(wide, utf16(&fixed(1)), "UTF-16LE with its mark");
    assert_eq!(
        std::fs::read_to_string(f.path("linked.backup")).unwrap(),
        fixed(2)
    );
    assert!(err.contains("in place to keep its hard links"), "{err}");
    assert!(std::fs::symlink_metadata(f.path("sym.txt"))
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(
        std::fs::read_to_string(outside.path().join("real.text")).unwrap(),
        fixed(3)
    );
    // nothing left behind: no temporary file, no backup copy
    let mut left: Vec<String> = std::fs::read_dir(f.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(
        left,
        [
            "bom.txt",
            "keep.txt",
            "linked.backup",
            "linked.txt",
            "sym.txt",
            "wide.txt"
        ]
    );
}

/// A build without batch mode says so when asked for it: by `export`, and
/// for the link tables of `[links] path` (the links are then computed here).
#[cfg(not(feature = "batch"))]
#[test]
fn without_batch_mode_the_batch_commands_and_link_tables_say_how_to_get_it() {
    let f = corpus();
    std::fs::write(f.path("newsdesk.toml"), "[links]\npath = \"links\"\n").unwrap();
    let (code, out, err) = newsdesk(&["check", "--format", "json", "."], &f.root());
    assert_eq!(code, 1, "{err}");
    assert!(
        serde_json::from_str::<Value>(&out).is_ok(),
        "the check runs"
    );
    assert!(
        err.contains("the quote links in links are not used"),
        "{err}"
    );
    assert!(err.contains("--features batch"), "{err}");
    let (code, _, err) = newsdesk(&["export", ".", "--out", "facts"], &f.root());
    assert_eq!(code, 2);
    assert!(err.contains("--features batch"), "{err}");
    assert!(!f.path("facts").exists());
}

#[test]
fn check_duplicates_and_analyze_list_the_groups_of_copies() {
    let f = Fixture::new(support::COPIES);
    let (code, out, err) = newsdesk(&["check", "--duplicates", "."], &f.root());
    assert_eq!(code, 0, "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 3, "{out}");
    assert!(
        lines[0].ends_with("tass/2022-01-13-osce.txt (the earliest)"),
        "{out}"
    );
    // the two copies of January 14, by path, each with how much it holds
    for (line, name) in lines[1..].iter().zip(["agency", "mirror"]) {
        assert!(
            line.contains(&format!("{name}/2022-01-14-osce.txt  a")),
            "{out}"
        );
        assert!(line.ends_with("% copy"), "{out}");
    }
    assert!(err.contains("1 group of copies, 3 reports"), "{err}");

    let (code, out, _) = newsdesk(&["analyze", "."], &f.root());
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let groups = v["copies"].as_array().unwrap();
    assert_eq!(groups.len(), 1, "{groups:#?}");
    assert_eq!(groups[0]["first"], "tass/2022-01-13-osce.txt");
    assert_eq!(
        groups[0]["copies"][1]["report"],
        "mirror/2022-01-14-osce.txt"
    );
    assert_eq!(groups[0]["copies"][1]["exact"], false);
    let x = groups[0]["copies"][1]["resemblance"].as_f64().unwrap();
    assert!((0.7..1.0).contains(&x), "{x}");
    // the check of the copies: one hint each, none on the original
    let (_, out, _) = newsdesk(&["check", "--format", "json", "."], &f.root());
    let hints = out.matches("\"near-duplicate\"").count();
    assert_eq!(hints, 2, "{out}");
}

/// The SARIF 2.1.0 schema, from the `serde-sarif` crate's sources in the
/// cargo registry (newsdesk depends on the crate; the schema is not copied).
fn sarif_schema() -> Value {
    // the packages this machine builds (those of other platforms are not
    // downloaded, and need not be)
    let rustc = Command::new("rustc").arg("-vV").output().unwrap();
    let host = String::from_utf8_lossy(&rustc.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("host: ").map(str::to_string))
        .unwrap();
    let out = Command::new(env!("CARGO"))
        .args(["metadata", "--format-version", "1", "--offline"])
        .args(["--filter-platform", &host])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let meta: Value = serde_json::from_slice(&out.stdout).unwrap();
    let manifest = meta["packages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "serde-sarif")
        .and_then(|p| p["manifest_path"].as_str())
        .expect("serde-sarif among the packages")
        .to_string();
    let schema = std::path::Path::new(&manifest).with_file_name("src/schema.json");
    serde_json::from_str(&std::fs::read_to_string(&schema).unwrap()).unwrap()
}

/// A validator of the SARIF 2.1.0 schema, formats checked.
fn sarif_validator() -> jsonschema::Validator {
    let mut schema = sarif_schema();
    mend_schema(&mut schema);
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap()
}

/// The schema's pattern for a language tag has a stray `]` that the
/// validator's check of the schema itself rejects; newsdesk writes no
/// language, so the pattern is only made well-formed.
fn mend_schema(v: &mut Value) {
    match v {
        Value::Object(m) => {
            if let Some(Value::String(p)) = m.get_mut("pattern") {
                *p = p.replace("]?$", "$");
            }
            m.values_mut().for_each(mend_schema);
        }
        Value::Array(a) => a.iter_mut().for_each(mend_schema),
        _ => {}
    }
}

#[test]
fn check_sarif_is_valid_sarif_2_1_0_with_rules_fixes_and_related_places() {
    let f = Fixture::new(&format!(
        "{}\n//- ria/ошибка 1.txt\nSite menu\nHome | News | Sport\n\nLavrov urged to resolve security issues\n\nMOSCOW, January 14 - RIA Novosti. \u{201c}Russia stands for a balance of interests,\u{201d} Lavrov said. 😀 The \u{201c}talks go on.\n",
        support::COPIES
    ));
    std::fs::write(f.path("cp1251.txt"), cp1251_report()).unwrap();
    let (code, out, err) = newsdesk(&["check", "--format", "sarif", "."], &f.root());
    assert_eq!(code, 1, "a not-UTF-8 file is an error: {err}");
    let log: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}\n{out}"));
    let validator = sarif_validator();
    let errors: Vec<String> = validator
        .iter_errors(&log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    // and the validator does reject what SARIF does not allow
    let mut broken = log.clone();
    broken["runs"][0]["results"][0]["level"] = "hint".into();
    assert!(!validator.is_valid(&broken));

    let run = &log["runs"][0];
    assert_eq!(run["columnKind"], "utf16CodeUnits");
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert!(rules.iter().any(|r| r["id"] == "near-duplicate"
        && r["helpUri"]
            .as_str()
            .unwrap()
            .ends_with("rules.md#near-duplicate")));
    let results = run["results"].as_array().unwrap();
    let of =
        |code: &str| -> Vec<&Value> { results.iter().filter(|r| r["ruleId"] == code).collect() };
    // every result names its rule by index too
    for r in results {
        let i = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[i]["id"], r["ruleId"]);
    }
    assert_eq!(of("not-utf8")[0]["level"], "error");
    let copies = of("near-duplicate");
    assert_eq!(copies.len(), 2, "{results:#?}");
    assert_eq!(copies[0]["level"], "note");
    // the copy points at the earliest report as a related location
    assert!(copies.iter().all(|c| c["relatedLocations"]
        .as_array()
        .unwrap()
        .iter()
        .any(|l| l["physicalLocation"]["artifactLocation"]["uri"] == "tass/2022-01-13-osce.txt")));
    // a Cyrillic path percent-encoded, relative to the folder check ran in
    let menu = of("boilerplate");
    let here = &menu
        .iter()
        .find(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
                .starts_with("ria/%D0%BE")
        })
        .expect("the menu of ria/ошибка 1.txt")["locations"][0]["physicalLocation"];
    assert_eq!(here["artifactLocation"]["uriBaseId"], "%SRCROOT%");
    assert_eq!(here["region"]["startLine"], 1);
    assert_eq!(here["region"]["startColumn"], 1);
    // its quick fix deletes the same lines
    let fix = &menu[0]["fixes"][0]["artifactChanges"][0]["replacements"][0]["deletedRegion"];
    assert_eq!(fix["startLine"], 1);
    // the unclosed quote after an emoji: columns in UTF-16 code units
    let unclosed = of("mismatched-quote");
    assert_eq!(unclosed.len(), 1, "{results:#?}");
    let line = "MOSCOW, January 14 - RIA Novosti. \u{201c}Russia stands for a balance of interests,\u{201d} Lavrov said. 😀 The ";
    let col = line.encode_utf16().count() as u64 + 1;
    assert_eq!(
        unclosed[0]["locations"][0]["physicalLocation"]["region"]["startColumn"],
        col
    );
    assert_eq!(run["invocations"][0]["executionSuccessful"], true);
    assert!(!results[0]["partialFingerprints"]["newsdeskText/v1"]
        .as_str()
        .unwrap()
        .is_empty());
}

#[test]
fn check_sarif_reports_a_broken_config_as_a_result() {
    let f = corpus();
    std::fs::write(f.path("newsdesk.toml"), "[rules\nboilerplate = 3\n").unwrap();
    let (code, out, _) = newsdesk(&["check", "--format", "sarif", "."], &f.root());
    assert_eq!(code, 1);
    let log: Value = serde_json::from_str(&out).unwrap();
    let results = log["runs"][0]["results"].as_array().unwrap();
    let config = results
        .iter()
        .find(|r| r["ruleId"] == "config-error")
        .expect("the config problem as a result");
    assert_eq!(
        config["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "newsdesk.toml"
    );
    assert_eq!(config["level"], "error");
}

#[test]
fn analyze_json_gives_each_reports_metadata_and_where_it_was_read() {
    let f = Fixture::new(
        r#"
//- courier/rates.txt
Home | World | Business

Central bank holds rates as inflation eases

By Anna Kovacs | Updated January 15, 2022

The central bank kept its key rate unchanged on Friday, saying inflation had eased for a third month and that it saw no need to act before the spring.

© 2022 Northern Courier. All rights reserved.
//- ria/balance.txt
МОСКВА, 14 января 2022 - РИА Новости. Россия выступает за баланс интересов при решении вопросов безопасности, заявил министр иностранных дел Сергей Лавров.
//- wire/osce.txt
OSCE talks in Vienna end without a breakthrough

The meeting of the OSCE Permanent Council in Vienna ended on Thursday without a breakthrough on security guarantees, Russia's envoy told reporters.
"#,
    );
    let (code, out, err) = newsdesk(&["analyze", "."], &f.root());
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    let meta = |p: &str| -> Value {
        v["reports"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["path"] == p)
            .unwrap()["metadata"]
            .clone()
    };
    let m = meta("courier/rates.txt");
    assert_eq!(
        m["headline"]["text"],
        "Central bank holds rates as inflation eases"
    );
    assert_eq!(m["headline"]["range"]["start"]["line"], 2);
    assert_eq!(m["byline"]["names"], "Anna Kovacs");
    assert_eq!(m["published"]["date"], "2022-01-15");
    assert_eq!(m["published"]["source"], "page");
    assert_eq!(
        m["outlet"],
        json!({"name": "Northern Courier", "source": "page"})
    );
    assert_eq!(m["language"], json!({"code": "eng", "name": "English"}));
    // a report that opens with its dateline: no headline, all from the dateline
    let m = meta("ria/balance.txt");
    assert_eq!(m["headline"], Value::Null);
    assert_eq!(m["published"]["date"], "2022-01-14");
    assert_eq!(m["published"]["source"], "dateline");
    assert_eq!(
        m["outlet"],
        json!({"name": "RIA Novosti", "source": "dateline"})
    );
    assert_eq!(m["language"]["code"], "rus");
    // no dateline, no notice: the folder is the outlet, no date
    let m = meta("wire/osce.txt");
    assert_eq!(m["outlet"], json!({"name": "wire", "source": "folder"}));
    assert_eq!(m["published"], Value::Null);
    assert_eq!(m["byline"], Value::Null);
}

/// The publication date's year: one the text writes beats the file name's,
/// the file name's beats one only inferred from the text's other dates
/// (`At the end of 2015` in a January report), and the inferred one is used
/// when the file name has none.
#[test]
fn a_written_year_beats_the_file_name_and_the_file_name_an_inferred_one() {
    let body = "Russia wants answers on security guarantees, Foreign Minister Sergei Lavrov said on Friday. At the end of 2015, Moscow sent its first proposals to the alliance.\n";
    let f = Fixture::new(&format!(
        "//- a/2022-01-14-lavrov.txt\nLavrov wants answers\n\nMOSCOW, January 14 - RIA Novosti. {body}//- b/lavrov.txt\nLavrov wants answers\n\nMOSCOW, January 14 - RIA Novosti. {body}//- c/2022-01-14-written.txt\nLavrov wants answers\n\nMOSCOW, January 14, 2016 - RIA Novosti. {body}"
    ));
    let (code, out, err) = newsdesk(&["analyze", "--format", "json", "."], &f.root());
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    let mut got: Vec<(String, String, String, bool)> = v["reports"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let p = &r["metadata"]["published"];
            (
                r["path"]
                    .as_str()
                    .unwrap()
                    .rsplit('/')
                    .nth(1)
                    .unwrap()
                    .to_string(),
                p["date"].as_str().unwrap_or("").to_string(),
                p["source"].as_str().unwrap_or("").to_string(),
                p["range"].is_object(),
            )
        })
        .collect();
    got.sort();
    let want = [
        ("a", "2022-01-14", "dateline", true),
        ("b", "2016-01-14", "dateline, year inferred", true),
        ("c", "2016-01-14", "dateline", true),
    ];
    let want: Vec<(String, String, String, bool)> = want
        .iter()
        .map(|&(a, b, c, d)| (a.into(), b.into(), c.into(), d))
        .collect();
    assert_eq!(got, want, "{out}");
}
