//! What a large corpus asks of the server, through the protocol: requests that
//! arrive while the corpus is being indexed wait for the whole index (or are
//! cancelled), workspace diagnostics stream as partial results and unchanged
//! reports cost nothing, and a restart reads the index cache.

mod support;

use serde_json::{json, Value};
use std::time::Duration;
use support::*;

const CORPUS: &str = r#"
//- ria/2022-03-02-vanek.txt
Vanek: the grain corridor must stay open through the winter

PRAGUE, March 2 - RIA Novosti. The Czech agriculture minister Tomas Vanek said the grain corridor must stay open.

"We cannot allow the grain corridor to close before the spring sowing, because every week of delay drives bread p$0rices higher across Europe," Vanek said at a press conference.
//- rt/2022-03-02-grain.txt
Prague wants the grain route kept open

PRAGUE, March 2. /RT/. Czech minister Tomas Vanek has called for the grain route to remain open all winter.

“⟦We must not let the grain corridor shut down before spring sowing, since each week of delay pushes the price of bread up all over Europe,⟧” Vanek told journalists.
//- tass/2022-03-03-kovacs.txt
Kovacs: the Danube ports are full

BUDAPEST, March 3. /TASS/. Hungarian transport minister Eva Kovacs said the river ports had run out of storage space.

"Our river terminals are full to the roof, and the barges wait for a week before they can unload their cargo," Kovacs said.
"#;

/// Send a request without waiting for its answer; returns its id.
fn start(s: &mut Server, id: i64, method: &str, params: Value) {
    s.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
}

fn answer_to(s: &mut Server, id: i64, within: Duration) -> Option<Value> {
    s.try_wait_for(|m| m["id"] == id && m.get("method").is_none(), within)
}

fn cursor(f: &Fixture) -> Value {
    let (path, pos) = f.cursor.clone().unwrap();
    json!({"textDocument": {"uri": uri(&path)}, "position": pos})
}

#[test]
fn requests_during_indexing_wait_for_the_whole_corpus() {
    let f = Fixture::new(CORPUS);
    let hold = tempfile::tempdir().unwrap();
    let release = hold.path().join("release");
    let mut s = Server::spawn(&[("NEWSDESK_TEST_HOLD_INDEX", release.to_str().unwrap())]);
    s.initialize(&f.root(), vscode_caps());
    let (path, _) = f.cursor.clone().unwrap();
    s.open(&path, &f.text("ria/2022-03-02-vanek.txt"));
    start(&mut s, 100, "textDocument/definition", cursor(&f));
    // no answer while the index is held back: an empty one would be wrong
    assert!(
        answer_to(&mut s, 100, Duration::from_millis(500)).is_none(),
        "definition answered before the corpus was indexed"
    );
    std::fs::write(&release, "").unwrap();
    let r = answer_to(&mut s, 100, Duration::from_secs(20)).expect("answered after indexing");
    let locs = r["result"].as_array().expect("locations");
    assert_eq!(locs.len(), 1, "{r}");
    let (want_path, want_range) = &f.ranges[0];
    assert_eq!(locs[0]["uri"], uri(want_path));
    assert_eq!(locs[0]["range"], *want_range);
    assert_eq!(s.shutdown(), Some(0));
}

#[test]
fn a_cancelled_request_stops_waiting_for_the_index() {
    let f = Fixture::new(CORPUS);
    let hold = tempfile::tempdir().unwrap();
    let release = hold.path().join("release");
    let mut s = Server::spawn(&[("NEWSDESK_TEST_HOLD_INDEX", release.to_str().unwrap())]);
    s.initialize(&f.root(), vscode_caps());
    let (path, _) = f.cursor.clone().unwrap();
    s.open(&path, &f.text("ria/2022-03-02-vanek.txt"));
    start(&mut s, 7, "textDocument/hover", cursor(&f));
    start(&mut s, 8, "workspace/symbol", json!({"query": "Vanek"}));
    s.notify("$/cancelRequest", json!({"id": 7}));
    let r =
        answer_to(&mut s, 7, Duration::from_secs(5)).expect("the cancelled request is answered");
    assert_eq!(r["error"]["code"], -32800, "{r}");
    // the other one still waits, and is answered once the index is complete
    assert!(answer_to(&mut s, 8, Duration::from_millis(300)).is_none());
    std::fs::write(&release, "").unwrap();
    let r = answer_to(&mut s, 8, Duration::from_secs(20)).expect("symbols after indexing");
    let names: Vec<&str> = r["result"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|x| x["name"].as_str())
        .collect();
    assert!(names.contains(&"Tomas Vanek"), "{names:?}");
    assert_eq!(s.shutdown(), Some(0));
}

fn pull_caps() -> Value {
    let mut caps = vscode_caps();
    caps["workspace"]["diagnostics"] = json!({"refreshSupport": false});
    caps
}

#[test]
fn workspace_diagnostics_stream_as_partial_results_and_unchanged_reports_cost_nothing() {
    let f = Fixture::new(CORPUS);
    let mut s = Server::spawn(&[]);
    s.initialize(&f.root(), pull_caps());
    start(
        &mut s,
        50,
        "workspace/diagnostic",
        json!({"previousResultIds": [], "partialResultToken": "pr-1"}),
    );
    let r = answer_to(&mut s, 50, Duration::from_secs(20)).expect("workspace diagnostics");
    // every report came as a partial result; the response holds the rest
    let mut ids: Vec<(String, String)> = Vec::new();
    while let Some(p) = s.try_wait_for(
        |m| m["method"] == "$/progress" && m["params"]["token"] == "pr-1",
        Duration::from_millis(10),
    ) {
        for item in p["params"]["value"]["items"].as_array().unwrap() {
            assert_eq!(item["kind"], "full");
            ids.push((
                item["uri"].as_str().unwrap().to_string(),
                item["resultId"].as_str().unwrap().to_string(),
            ));
        }
    }
    assert_eq!(ids.len(), f.files.len(), "{ids:?}");
    let finals = r["result"]["items"].as_array().unwrap();
    assert!(
        finals
            .iter()
            .all(|i| !i["uri"].as_str().unwrap().ends_with(".txt")),
        "reports sent again in the final response: {r}"
    );
    // one report changes on disk: only it comes back in full
    let changed = f.path("tass/2022-03-03-kovacs.txt");
    std::fs::write(
        &changed,
        f.text("tass/2022-03-03-kovacs.txt") + "\n<div class=\"ad\"></div>\n",
    )
    .unwrap();
    s.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri(&changed), "type": 2}]}),
    );
    let previous: Vec<Value> = ids
        .iter()
        .map(|(u, v)| json!({"uri": u, "value": v}))
        .collect();
    let r = s.request(
        "workspace/diagnostic",
        json!({"previousResultIds": previous}),
    );
    let items = r["items"].as_array().unwrap();
    let full: Vec<&str> = items
        .iter()
        .filter(|i| i["kind"] == "full" && i["uri"].as_str().unwrap().ends_with(".txt"))
        .map(|i| i["uri"].as_str().unwrap())
        .collect();
    let unchanged = items.iter().filter(|i| i["kind"] == "unchanged").count();
    assert_eq!(full, vec![uri(&changed).as_str()], "{r:#}");
    assert_eq!(unchanged, f.files.len() - 1);
    assert_eq!(s.shutdown(), Some(0));
}

#[test]
fn a_restart_reads_the_index_cache() {
    let f = Fixture::new(CORPUS);
    let cache = tempfile::tempdir().unwrap();
    let dir = cache.path().to_str().unwrap();
    for round in 0..2 {
        let mut s = Server::spawn(&[("NEWSDESK_CACHE_DIR", dir)]);
        s.initialize(&f.root(), vscode_caps());
        let log = s.wait_for("the indexing summary", |m| {
            m["method"] == "window/logMessage"
                && m["params"]["message"]
                    .as_str()
                    .is_some_and(|t| t.contains("newsdesk: indexed"))
        });
        let text = log["params"]["message"].as_str().unwrap().to_string();
        if round == 0 {
            assert!(!text.contains("from the index cache"), "{text}");
        } else {
            assert!(text.contains("3 from the index cache"), "{text}");
        }
        // the same answers either way (asked of the closed file: a report open in
        // the editor when the cache is written is left out of it, as its text is
        // the editor's, so an open here would race with the write)
        let r = s.request("textDocument/definition", cursor(&f));
        assert_eq!(r.as_array().map(Vec::len), Some(1), "round {round}: {r}");
        // the report's findings find its quote links and classify its lines:
        // both are kept, and written beside the index cache at shutdown
        let d = s.request(
            "textDocument/diagnostic",
            json!({"textDocument": cursor(&f)["textDocument"]}),
        );
        assert!(d["items"].is_array(), "{d}");
        assert_eq!(s.shutdown(), Some(0));
        let kept: Vec<String> = std::fs::read_dir(cache.path())
            .unwrap()
            .filter_map(|e| {
                let p = e.ok()?.path();
                Some(p.extension()?.to_str()?.to_string())
            })
            .collect();
        for ext in ["idx", "links", "classes"] {
            assert!(kept.iter().any(|e| e == ext), "round {round}: {kept:?}");
        }
    }
}
