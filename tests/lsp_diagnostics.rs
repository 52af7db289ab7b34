//! Diagnostics, edits and quick fixes through the protocol, on fixtures written in
//! the style of the seed reports (Cyrillic, curly quotes, emoji included).

mod support;

use serde_json::{json, Value};
use support::*;

const REPORT: &str = r#"
//- ria/lavrov.txt
⟦Войти⟧

Lavrov says talks with NATO must bring results 🙂

⟦2817
0
0
Image source: © Press service of the Russian Foreign Ministry⟧

MOSCOW, March 3 - RIA Novosti. Russia expects concrete answers from NATO on its security proposals, Russian Foreign Minister Sergei Lavrov said on Thursday.

"We are waiting for a written answer, and we will study it carefully," Lavrov told reporters after talks with his Turkish counterpart.

⟦The rights to this material belong to
The material is placed by the copyright holder in the public domain
Do you want to leave a comment? Register and/or Log in
  • 03.03 11:20
  • 512
Without carrot and stick. Russia has deprived America of its usual levers of influence
  • 03.03 10:02
  • 0⟧
//- rt/answer.txt
Lavrov: the answer must be serious 😀

⟦Russia’s top diplomat said the NATO answer must be serious, “not a set of general words.⟧

He spoke in Moscow on Thursday after talks with the Turkish foreign minister.
"#;

fn codes(diags: &[Value]) -> Vec<String> {
    let mut v: Vec<String> = diags
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect();
    v.sort();
    v
}

#[test]
fn boilerplate_blocks_and_missing_dateline_have_the_fixture_ranges() {
    let f = Fixture::new(REPORT);
    let mut s = Server::spawn(&[]);
    s.initialize(&f.root(), vscode_caps());
    let a = f.path("ria/lavrov.txt");
    let diags = s.pull(&a);
    let blocks: Vec<&Value> = diags
        .iter()
        .filter(|d| d["code"] == "boilerplate")
        .collect();
    let expected: Vec<&Value> = f
        .ranges
        .iter()
        .filter(|(p, _)| *p == a)
        .map(|(_, r)| r)
        .collect();
    assert_eq!(blocks.len(), 3, "{diags:#?}");
    for (b, r) in blocks.iter().zip(expected) {
        assert_eq!(&b["range"], r);
    }
    assert_eq!(blocks[0]["data"]["kind"], "navigation");
    assert_eq!(blocks[2]["data"]["kind"], "comment-widget");
    // a block of several kinds names each, in the order they appear
    assert_eq!(
        blocks[2]["data"]["kinds"],
        json!(["rights", "comment-widget", "counter"])
    );
    assert!(
        blocks[2]["message"]
            .as_str()
            .unwrap()
            .contains("rights notice, comment widget and view counters, 8 lines"),
        "{}",
        blocks[2]
    );
    assert!(!diags.iter().any(|d| d["code"] == "missing-dateline"));
    let b = f.path("rt/answer.txt");
    let diags = s.pull(&b);
    assert_eq!(codes(&diags), ["mismatched-quote", "missing-dateline"]);
    let dl = diags
        .iter()
        .find(|d| d["code"] == "missing-dateline")
        .unwrap();
    assert_eq!(dl["range"], f.ranges.last().unwrap().1);
    let q = diags
        .iter()
        .find(|d| d["code"] == "mismatched-quote")
        .unwrap();
    // the unpaired “ sits after "serious, " on line 2 (UTF-16: ’ counts 1)
    assert_eq!(q["range"]["start"], json!({"line": 2, "character": 60}));
    let rel = &q["relatedInformation"][0];
    assert_eq!(rel["location"]["uri"], uri(&b));
    assert_eq!(s.shutdown(), Some(0));
}

#[test]
fn incremental_edits_in_both_encodings_move_and_clear_findings() {
    for (encoding, emoji_width) in [("utf-16", 2), ("utf-8", 4)] {
        let f = Fixture::new(REPORT);
        let mut s = Server::spawn(&[]);
        let caps = json!({
            "general": {"positionEncodings": [encoding]},
            "textDocument": {"diagnostic": {}},
            "workspace": {"diagnostics": {"refreshSupport": false}}
        });
        let r = s.initialize(&f.root(), caps);
        assert_eq!(r["capabilities"]["positionEncoding"], encoding);
        let b = f.path("rt/answer.txt");
        s.open(&b, &f.text("rt/answer.txt"));
        // insert an emoji before the quotation mark on line 2: the mark moves by the
        // emoji's width in the negotiated encoding
        let before = s.pull(&b);
        let col = before
            .iter()
            .find(|d| d["code"] == "mismatched-quote")
            .unwrap()["range"]["start"]["character"]
            .as_u64()
            .unwrap();
        s.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri(&b), "version": 2},
                   "contentChanges": [{"range": {"start": {"line": 2, "character": 0}, "end": {"line": 2, "character": 0}}, "text": "👍"}]}),
        );
        let after = s.pull(&b);
        let q = after
            .iter()
            .find(|d| d["code"] == "mismatched-quote")
            .unwrap();
        assert_eq!(
            q["range"]["start"]["character"].as_u64().unwrap(),
            col + emoji_width,
            "{encoding}"
        );
        // close the quotation after "words" and add a dateline: both findings go
        let line = "👍Russia’s top diplomat said the NATO answer must be serious, “not a set of general words.";
        let end_of_words = match encoding {
            "utf-16" => line.encode_utf16().count() - 1,
            _ => line.len() - 1,
        };
        s.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri(&b), "version": 3},
                   "contentChanges": [
                       {"range": {"start": {"line": 2, "character": end_of_words}, "end": {"line": 2, "character": end_of_words}}, "text": "”"},
                       {"range": {"start": {"line": 2, "character": 0}, "end": {"line": 2, "character": 0}}, "text": "МОСКВА, 3 марта — РИА Новости. "}
                   ]}),
        );
        let after = s.pull(&b);
        assert!(after.is_empty(), "{encoding}: {after:#?}");
        assert_eq!(s.shutdown(), Some(0));
    }
}

#[test]
fn push_diagnostics_follow_edits_with_versions() {
    let f = Fixture::new(REPORT);
    let mut s = Server::spawn(&[]);
    s.initialize(&f.root(), plain_caps());
    let b = f.path("rt/answer.txt");
    s.wait_diagnostics(&uri(&b), |d| d.len() == 2);
    s.open(&b, &f.text("rt/answer.txt"));
    s.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri(&b), "version": 7},
               "contentChanges": [{"range": {"start": {"line": 2, "character": 0}, "end": {"line": 2, "character": 0}}, "text": "MOSCOW, March 3 - RIA Novosti. "}]}),
    );
    let v = s.wait_for("versioned diagnostics", |m| {
        m["method"] == "textDocument/publishDiagnostics" && m["params"]["version"] == 7
    });
    assert_eq!(
        codes(v["params"]["diagnostics"].as_array().unwrap()),
        ["mismatched-quote"]
    );
    // closing without saving: the disk text is back
    s.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": uri(&b)}}),
    );
    s.wait_diagnostics(&uri(&b), |d| d.len() == 2);
    assert_eq!(s.shutdown(), Some(0));
}

fn apply(text: &str, edits: &[Value]) -> String {
    // LSP edits (UTF-16), applied from the last to the first
    let mut edits: Vec<&Value> = edits.iter().collect();
    edits.sort_by_key(|e| {
        (
            e["range"]["start"]["line"].as_u64().unwrap(),
            e["range"]["start"]["character"].as_u64().unwrap(),
        )
    });
    let mut out = text.to_string();
    for e in edits.iter().rev() {
        let off = |p: &Value| {
            let line = p["line"].as_u64().unwrap() as usize;
            let col = p["character"].as_u64().unwrap() as usize;
            let start: usize = out.split_inclusive('\n').take(line).map(str::len).sum();
            let l = out[start..].split('\n').next().unwrap();
            let mut units = 0;
            let mut byte = l.len();
            for (i, c) in l.char_indices() {
                if units >= col {
                    byte = i;
                    break;
                }
                units += c.len_utf16();
            }
            start + byte
        };
        let (a, b) = (off(&e["range"]["start"]), off(&e["range"]["end"]));
        out.replace_range(a..b, e["newText"].as_str().unwrap());
    }
    out
}

#[test]
// Long: one editing session through the protocol (fix, ignore, and the
// diagnostics after each), in the order a curator works.
fn quick_fixes_remove_boilerplate_and_record_ignores() {
    let f = Fixture::new(REPORT);
    let mut s = Server::spawn(&[]);
    s.initialize(&f.root(), vscode_caps());
    let a = f.path("ria/lavrov.txt");
    let diags = s.pull(&a);
    let tail = diags
        .iter()
        .rfind(|d| d["code"] == "boilerplate")
        .unwrap()
        .clone();
    let actions = s.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri(&a)}, "range": tail["range"], "context": {"diagnostics": [tail]}}),
    );
    let actions = actions.as_array().unwrap();
    let titles: Vec<&str> = actions
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        titles,
        [
            "Remove this boilerplate block",
            "Remove all boilerplate in this report (3 blocks)",
            "Ignore this finding (record it in newsdesk.toml)"
        ]
    );
    let text = f.text("ria/lavrov.txt");
    let one = apply(
        &text,
        actions[0]["edit"]["changes"][uri(&a)].as_array().unwrap(),
    );
    assert!(one.ends_with("his Turkish counterpart.\n\n"), "{one}");
    assert!(one.starts_with("Войти\n"));
    let all = apply(
        &text,
        actions[1]["edit"]["changes"][uri(&a)].as_array().unwrap(),
    );
    assert!(
        all.starts_with("Lavrov says talks with NATO must bring results 🙂\n\nMOSCOW, March 3"),
        "{all}"
    );
    // the ignore action creates newsdesk.toml with the entry; once it exists the
    // finding is gone
    let ignore = &actions[2]["edit"]["documentChanges"];
    assert_eq!(ignore[0]["kind"], "create");
    let toml_text = ignore[1]["edits"][0]["newText"].as_str().unwrap();
    assert!(toml_text.contains("[[ignore]]\npath = \"ria/lavrov.txt\"\ncode = \"boilerplate\"\nline = \"The rights to this material belong to\""), "{toml_text}");
    let cfg = f.root().join("newsdesk.toml");
    std::fs::write(&cfg, toml_text).unwrap();
    s.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri(&cfg), "type": 1}]}),
    );
    let deadline = std::time::Instant::now() + TIMEOUT;
    loop {
        let d = s.pull(&a);
        if d.iter().filter(|d| d["code"] == "boilerplate").count() == 2 {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "ignored finding still reported: {d:#?}"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    // with newsdesk.toml open and edited but not saved, the next one is
    // recorded against the editor's text, not the file on disk
    let unsaved = format!("# notes not saved yet\n# a second line\n{toml_text}");
    s.open(&cfg, &unsaved);
    let next = s
        .pull(&a)
        .into_iter()
        .find(|d| d["code"] == "boilerplate")
        .unwrap();
    let actions = s.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri(&a)}, "range": next["range"], "context": {"diagnostics": [next]}}),
    );
    let ignore = actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"].as_str().unwrap().starts_with("Ignore"))
        .unwrap();
    let after = apply(
        &unsaved,
        ignore["edit"]["changes"][uri(&cfg)].as_array().unwrap(),
    );
    assert!(after.starts_with(&unsaved), "{after}");
    assert_eq!(after.matches("[[ignore]]").count(), 2, "{after}");
    assert_eq!(s.shutdown(), Some(0));
}

#[test]
fn remove_all_boilerplate_command_asks_the_client_to_apply_the_edit() {
    let f = Fixture::new(REPORT);
    let mut s = Server::spawn(&[]);
    s.replies
        .push(("workspace/applyEdit".into(), json!({"applied": true})));
    s.initialize(&f.root(), vscode_caps());
    let a = f.path("ria/lavrov.txt");
    let r = s.request(
        "workspace/executeCommand",
        json!({"command": "newsdesk.removeAllBoilerplate", "arguments": [uri(&a)]}),
    );
    assert_eq!(r["applied"], true);
    let req = s.wait_for("workspace/applyEdit", |m| {
        m["method"] == "workspace/applyEdit"
    });
    let edits = req["params"]["edit"]["changes"][uri(&a)]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(edits.len(), 3);
    let out = apply(&f.text("ria/lavrov.txt"), &edits);
    assert!(
        !out.contains("Войти") && !out.contains("2817") && !out.contains("rights to this material"),
        "{out}"
    );
    assert!(out.contains("\"We are waiting for a written answer"));
    // the file on disk is untouched: only the client applies edits
    assert_eq!(
        std::fs::read_to_string(&a).unwrap(),
        f.text("ria/lavrov.txt")
    );
    assert_eq!(s.shutdown(), Some(0));
}

#[test]
fn editor_settings_set_rule_levels_below_newsdesk_toml() {
    let f = Fixture::new(REPORT);
    let mut s = Server::spawn(&[]);
    s.replies.push((
        "workspace/configuration".into(),
        json!([{"rules": {"boilerplate": "off", "missing-dateline": "error"}}]),
    ));
    let mut caps = vscode_caps();
    caps["workspace"]["configuration"] = json!(true);
    s.initialize(&f.root(), caps);
    let status = s.wait_for("newsdesk/status ready", |m| {
        m["method"] == "newsdesk/status" && m["params"]["state"] == "ready"
    });
    assert_eq!(status["params"]["reports"], 2);
    let a = s.pull(&f.path("ria/lavrov.txt"));
    assert!(a.is_empty(), "boilerplate is off: {a:#?}");
    let b = s.pull(&f.path("rt/answer.txt"));
    let dl = b.iter().find(|d| d["code"] == "missing-dateline").unwrap();
    assert_eq!(dl["severity"], 1);
    // newsdesk.toml wins over the editor
    std::fs::write(
        f.root().join("newsdesk.toml"),
        "[rules]\nboilerplate = \"hint\"\n",
    )
    .unwrap();
    s.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri(&f.root().join("newsdesk.toml")), "type": 1}]}),
    );
    let deadline = std::time::Instant::now() + TIMEOUT;
    loop {
        let a = s.pull(&f.path("ria/lavrov.txt"));
        if a.len() == 3 {
            assert!(a.iter().all(|d| d["severity"] == 4));
            break;
        }
        assert!(std::time::Instant::now() < deadline, "{a:#?}");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    // a settings change is pulled again
    s.replies[0].1 = json!([{"rules": {"missing-dateline": "off"}}]);
    s.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": null}),
    );
    let deadline = std::time::Instant::now() + TIMEOUT;
    loop {
        let b = s.pull(&f.path("rt/answer.txt"));
        if b.iter().all(|d| d["code"] != "missing-dateline") {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "{b:#?}");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert_eq!(s.shutdown(), Some(0));
}
