//! Protocol tests of the foundation: the real server over JSON-RPC.

mod support;

use serde_json::{json, Value};
use support::*;

fn corpus_with_bad_files() -> Fixture {
    let f = Fixture::new(
        r#"
//- ria/2022-01-14.txt
Lavrov urged to resolve security issues

MOSCOW, January 14 - RIA Novosti. Russia stands for a balance of interests, Foreign Minister Sergei Lavrov said.
"#,
    );
    std::fs::write(f.path("ria/cp1251.txt"), cp1251_report()).unwrap();
    f
}

fn code(d: &Value) -> &str {
    d["code"].as_str().unwrap_or("")
}

#[test]
fn initialize_negotiates_utf16_by_default_and_utf8_when_offered() {
    let f = corpus_with_bad_files();
    let mut s = Server::spawn(&[]);
    let r = s.initialize(
        &f.root(),
        json!({"general": {"positionEncodings": ["utf-16"]}}),
    );
    assert_eq!(r["capabilities"]["positionEncoding"], "utf-16");
    assert_eq!(r["serverInfo"]["name"], "newsdesk");
    assert_eq!(
        r["capabilities"]["textDocumentSync"]["change"], 2,
        "incremental sync"
    );
    assert_eq!(s.shutdown(), Some(0));

    let mut s = Server::spawn(&[]);
    let r = s.initialize(
        &f.root(),
        json!({"general": {"positionEncodings": ["utf-32", "utf-8", "utf-16"]}}),
    );
    assert_eq!(r["capabilities"]["positionEncoding"], "utf-8");
    assert_eq!(s.shutdown(), Some(0));
}

#[test]
fn pull_mode_reports_every_file_with_progress() {
    let f = corpus_with_bad_files();
    let mut s = Server::spawn(&[]);
    let r = s.initialize(&f.root(), vscode_caps());
    assert_eq!(
        r["capabilities"]["diagnosticProvider"]["workspaceDiagnostics"],
        true
    );
    // the client is asked to watch files for us
    let reg = s.wait_for("client/registerCapability", |m| {
        m["method"] == "client/registerCapability"
    });
    assert_eq!(
        reg["params"]["registrations"][0]["method"],
        "workspace/didChangeWatchedFiles"
    );
    // indexing reports progress
    s.wait_for("progress begin", |m| {
        m["method"] == "$/progress" && m["params"]["value"]["kind"] == "begin"
    });
    let end = s.wait_for("progress end", |m| {
        m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end"
    });
    assert_eq!(end["params"]["value"]["message"], "2 reports");
    let report = s.request("workspace/diagnostic", json!({"previousResultIds": []}));
    let items = report["items"].as_array().unwrap();
    let bad = items
        .iter()
        .find(|i| i["uri"].as_str().unwrap().ends_with("cp1251.txt"))
        .expect("the non-UTF-8 file is in the workspace report");
    let d = &bad["items"][0];
    assert_eq!(code(d), "not-utf8");
    assert_eq!(d["source"], "newsdesk");
    assert_eq!(d["severity"], 1);
    assert!(
        d["message"]
            .as_str()
            .unwrap()
            .contains("not UTF-8 (looks like Windows-1251)"),
        "{d}"
    );
    assert!(d["codeDescription"]["href"]
        .as_str()
        .unwrap()
        .ends_with("docs/rules.md#not-utf8"));
    // the same through textDocument/diagnostic, and unchanged on a second pull
    let uri = bad["uri"].as_str().unwrap().to_string();
    let first = s.request(
        "textDocument/diagnostic",
        json!({"textDocument": {"uri": uri}}),
    );
    assert_eq!(first["kind"], "full");
    assert_eq!(code(&first["items"][0]), "not-utf8");
    let second = s.request(
        "textDocument/diagnostic",
        json!({"textDocument": {"uri": uri}, "previousResultId": first["resultId"]}),
    );
    assert_eq!(second["kind"], "unchanged");
    assert_eq!(s.shutdown(), Some(0));
}

#[test]
fn push_mode_publishes_for_closed_files_and_oversized_files() {
    let f = corpus_with_bad_files();
    std::fs::write(f.root().join("newsdesk.toml"), "max_file_size = 200\n").unwrap();
    let big = "MOSCOW, January 14 - RIA Novosti. Long text.\n".repeat(10);
    std::fs::write(f.path("ria/big.txt"), big).unwrap();
    let mut s = Server::spawn(&[]);
    let r = s.initialize(&f.root(), plain_caps());
    assert!(
        r["capabilities"].get("diagnosticProvider").is_none()
            || r["capabilities"]["diagnosticProvider"].is_null()
    );
    let d = s.wait_diagnostics(&uri(&f.path("ria/cp1251.txt")), |d| !d.is_empty());
    assert_eq!(code(&d[0]), "not-utf8");
    let d = s.wait_diagnostics(&uri(&f.path("ria/big.txt")), |d| !d.is_empty());
    assert_eq!(code(&d[0]), "file-too-large");
    assert!(
        d[0]["message"]
            .as_str()
            .unwrap()
            .contains("over the 200 bytes limit"),
        "{}",
        d[0]
    );
    assert_eq!(s.shutdown(), Some(0));
}

#[test]
fn watched_file_create_change_delete() {
    let f = corpus_with_bad_files();
    let mut s = Server::spawn(&[]);
    s.initialize(
        &f.root(),
        json!({"workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}}}),
    );
    s.wait_diagnostics(&uri(&f.path("ria/cp1251.txt")), |d| !d.is_empty());
    let new = f.path("ria/new.txt");
    // created, not UTF-8
    std::fs::write(&new, cp1251_report()).unwrap();
    s.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri(&new), "type": 1}]}),
    );
    let d = s.wait_diagnostics(&uri(&new), |d| !d.is_empty());
    assert_eq!(code(&d[0]), "not-utf8");
    // changed: now valid UTF-8, the finding goes
    std::fs::write(
        &new,
        "Headline\n\nMOSCOW, January 14 - RIA Novosti. Text.\n",
    )
    .unwrap();
    s.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri(&new), "type": 2}]}),
    );
    s.wait_diagnostics(&uri(&new), |d| d.iter().all(|x| code(x) != "not-utf8"));
    // deleted: its diagnostics are cleared
    std::fs::write(&new, cp1251_report()).unwrap();
    s.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri(&new), "type": 2}]}),
    );
    s.wait_diagnostics(&uri(&new), |d| !d.is_empty());
    std::fs::remove_file(&new).unwrap();
    s.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri(&new), "type": 3}]}),
    );
    s.wait_diagnostics(&uri(&new), |d| d.is_empty());
    assert_eq!(s.shutdown(), Some(0));
}

#[test]
fn own_watcher_picks_up_files_written_outside_the_editor() {
    let f = corpus_with_bad_files();
    let mut s = Server::spawn(&[]);
    // no dynamic registration: the server watches the folder itself
    s.initialize(&f.root(), plain_caps());
    s.wait_diagnostics(&uri(&f.path("ria/cp1251.txt")), |d| !d.is_empty());
    let new = f.path("ria/outside.txt");
    std::fs::write(&new, cp1251_report()).unwrap();
    let d = s.wait_diagnostics(&uri(&new), |d| !d.is_empty());
    assert_eq!(code(&d[0]), "not-utf8");
    std::fs::remove_file(&new).unwrap();
    s.wait_diagnostics(&uri(&new), |d| d.is_empty());
    assert_eq!(s.shutdown(), Some(0));
}

#[test]
fn broken_config_is_reported_and_reloaded() {
    let f = corpus_with_bad_files();
    let cfg = f.root().join("newsdesk.toml");
    std::fs::write(&cfg, "[rules]\nnot-utf8 = \"loud\"\n").unwrap();
    let mut s = Server::spawn(&[]);
    s.initialize(
        &f.root(),
        json!({"workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}}}),
    );
    let msg = s.wait_for("showMessage", |m| m["method"] == "window/showMessage");
    let text = msg["params"]["message"].as_str().unwrap();
    assert!(text.contains("newsdesk.toml:2:12"), "{text}");
    assert!(text.contains("unknown level \"loud\""), "{text}");
    let d = s.wait_diagnostics(&uri(&cfg), |d| !d.is_empty());
    assert_eq!(code(&d[0]), "config-error");
    assert_eq!(d[0]["range"]["start"], json!({"line": 1, "character": 11}));
    // defaults apply meanwhile: the not-UTF-8 finding is shown
    s.wait_diagnostics(&uri(&f.path("ria/cp1251.txt")), |d| !d.is_empty());
    // fixed config turning the rule off: reloaded on change
    std::fs::write(&cfg, "[rules]\nnot-utf8 = \"off\"\n").unwrap();
    s.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri(&cfg), "type": 2}]}),
    );
    s.wait_diagnostics(&uri(&cfg), |d| d.is_empty());
    s.wait_diagnostics(&uri(&f.path("ria/cp1251.txt")), |d| d.is_empty());
    assert_eq!(s.shutdown(), Some(0));
}

#[test]
fn a_panicking_request_is_an_error_and_the_server_goes_on() {
    let f = corpus_with_bad_files();
    let mut s = Server::spawn(&[("NEWSDESK_TEST_PANIC_IN", "textDocument/diagnostic")]);
    s.initialize(&f.root(), vscode_caps());
    let u = uri(&f.path("ria/cp1251.txt"));
    let r = s.request_full(
        "textDocument/diagnostic",
        json!({"textDocument": {"uri": u}}),
    );
    let err = r.get("error").expect("an error response");
    assert_eq!(err["code"], -32603);
    assert!(
        err["message"]
            .as_str()
            .unwrap()
            .contains("deliberate panic"),
        "{err}"
    );
    // still serving
    let ws = s.request("workspace/diagnostic", json!({"previousResultIds": []}));
    assert!(!ws["items"].as_array().unwrap().is_empty());
    let r = s.request_full(
        "textDocument/diagnostic",
        json!({"textDocument": {"uri": u}}),
    );
    assert!(r.get("error").is_some());
    assert_eq!(s.shutdown(), Some(0));
}

#[test]
fn malformed_messages_do_not_stop_the_server() {
    let f = corpus_with_bad_files();
    let mut s = Server::spawn(&[]);
    s.initialize(&f.root(), vscode_caps());
    // invalid JSON in a well-framed message
    s.send_raw(b"Content-Length: 9\r\n\r\n{not json");
    let log = s.wait_for("a log line about the malformed message", |m| {
        m["method"] == "window/logMessage"
            && m["params"]["message"]
                .as_str()
                .unwrap_or("")
                .contains("malformed message")
    });
    assert_eq!(log["params"]["type"], 2);
    // a request with wrong params
    let r = s.request_full("textDocument/diagnostic", json!({"textDocument": 42}));
    assert!(r.get("error").is_some(), "{r}");
    // a file outside every workspace folder, and an unknown scheme
    let r = s.request(
        "textDocument/diagnostic",
        json!({"textDocument": {"uri": "untitled:Untitled-1"}}),
    );
    assert_eq!(r["items"], json!([]));
    assert_eq!(s.shutdown(), Some(0));
}

#[test]
fn exit_without_shutdown_is_exit_code_1() {
    let f = corpus_with_bad_files();
    let mut s = Server::spawn(&[]);
    s.initialize(&f.root(), plain_caps());
    s.notify("exit", Value::Null);
    assert_eq!(s.wait_exit(), Some(1));
}

#[test]
fn exit_ends_the_server_while_it_still_waits_for_the_client() {
    // a client that never answers the server's requests: the settings request
    // sent at start stays open, and exit must end the server all the same
    let f = corpus_with_bad_files();
    let mut s = Server::spawn(&[]);
    s.answer_requests = false;
    s.initialize(&f.root(), json!({"workspace": {"configuration": true}}));
    let asked = s.wait_for("the settings request", |m| {
        m["method"] == "workspace/configuration"
    });
    assert!(asked.get("id").is_some(), "{asked}");
    assert_eq!(s.shutdown(), Some(0));
}

#[test]
fn a_report_deleted_while_open_keeps_the_editor_text_until_closed() {
    let f = corpus_with_bad_files();
    let mut s = Server::spawn(&[]);
    s.initialize(
        &f.root(),
        json!({"workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}}}),
    );
    let p = f.path("ria/2022-01-14.txt");
    let text = "Lavrov urged to resolve security issues\n\nRussia stands for a balance of interests, Foreign Minister Sergei Lavrov said on Friday in Moscow.\n\n“We are for all this to be resolved on the basis of mutual respect, Lavrov said.\n";
    s.open(&p, text);
    let d = s.wait_diagnostics(&uri(&p), |d| {
        d.iter().any(|x| code(x) == "mismatched-quote")
    });
    assert!(d.iter().any(|x| code(x) == "missing-dateline"), "{d:?}");
    std::fs::remove_file(&p).unwrap();
    s.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri(&p), "type": 3}]}),
    );
    // still open: nothing is lost, the findings stay
    let r = s.request(
        "workspace/executeCommand",
        json!({"command": "newsdesk.removeAllBoilerplate", "arguments": [uri(&p)]}),
    );
    assert_eq!(r["applied"], false);
    // closed: the report is gone, and so are its diagnostics
    s.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": uri(&p)}}),
    );
    s.wait_diagnostics(&uri(&p), |d| d.is_empty());
    assert_eq!(s.shutdown(), Some(0));
}

#[test]
fn an_oversized_open_document_is_not_analysed() {
    let f = corpus_with_bad_files();
    std::fs::write(f.root().join("newsdesk.toml"), "max_file_size = 100\n").unwrap();
    let mut s = Server::spawn(&[]);
    s.initialize(&f.root(), plain_caps());
    let p = f.path("ria/2022-01-14.txt");
    s.open(&p, &"Russia said \"yes.\n".repeat(20));
    let d = s.wait_diagnostics(&uri(&p), |d| d.iter().any(|x| code(x) == "file-too-large"));
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(s.shutdown(), Some(0));
}

/// The editor's guess at a non-UTF-8 file does not hide what the disk holds,
/// and a FIFO named like a report neither blocks the server nor is read.
#[cfg(unix)]
#[test]
fn opening_files_reads_the_disk_off_the_request_loop_and_only_regular_files() {
    let f = corpus_with_bad_files();
    let fifo = f.path("ria/pipe.txt");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let mut s = Server::spawn(&[]);
    s.initialize(&f.root(), vscode_caps());
    s.open(
        &fifo,
        "Talks resume\n\nMOSCOW, January 14 - RIA Novosti. The talks resumed on Friday.\n",
    );
    // answered: nothing waits on a read of the pipe
    let d = s.request(
        "textDocument/diagnostic",
        json!({"textDocument": {"uri": uri(&fifo)}}),
    );
    assert_eq!(d["kind"], "full", "{d}");
    assert!(
        d["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|i| code(i) != "not-utf8"),
        "{d}"
    );
    // the editor decoded the Windows-1251 file somehow; the finding still says
    // what the file on disk is
    let bad = f.path("ria/cp1251.txt");
    s.open(&bad, "ÌÎÑÊÂÀ, 14 ÿíâàðÿ - ÐÈÀ Íîâîñòè.\n");
    let d = s.request(
        "textDocument/diagnostic",
        json!({"textDocument": {"uri": uri(&bad)}}),
    );
    assert_eq!(code(&d["items"][0]), "not-utf8", "{d}");
    assert_eq!(s.shutdown(), Some(0));
}
