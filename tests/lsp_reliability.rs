//! Nothing a client sends takes the server down or leaves it deaf: messages
//! that are JSON but not JSON-RPC, and frames whose headers lie.

mod support;

use serde_json::{json, Value};
use support::*;

const CORPUS: &str = r#"
//- ria/talks.txt
MOSCOW, January 14 - RIA Novosti. Foreign Minister Sergei Lavrov met his counterpart in Geneva.

"We expect an answer next week," Lavrov said.
"#;

fn framed(body: &str) -> Vec<u8> {
    format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
}

/// The server still answers: a request after the bad input gets its result.
fn still_answers(s: &mut Server, what: &str) {
    let r = s.request_full("workspace/symbol", json!({"query": "lavrov"}));
    assert!(
        r.get("result").is_some_and(Value::is_array),
        "after {what}: {r}"
    );
}

fn error_for(s: &mut Server, id: i64) -> Value {
    s.wait_for(&format!("an error response to id {id}"), |m| {
        m["id"] == json!(id) && m.get("method").is_none()
    })
}

#[test]
fn json_that_is_not_json_rpc_gets_invalid_request_and_the_server_goes_on() {
    let f = Fixture::new(CORPUS);
    let mut s = Server::spawn(&[]);
    s.initialize(&f.root(), plain_caps());
    // with an id to answer: an Invalid Request error for that id
    let answered = [
        (
            41,
            r#"{"jsonrpc":"1.0","id":41,"method":"workspace/symbol","params":{"query":"x"}}"#,
        ),
        (42, r#"{"jsonrpc":"2.0","id":42,"method":5}"#),
        (43, r#"[{"jsonrpc":"2.0","id":43,"method":"shutdown"}]"#),
        (
            44,
            r#"{"jsonrpc":"2.0","id":44,"method":"workspace/symbol","params":7}"#,
        ),
        (
            45,
            r#"{"id":45,"method":"workspace/symbol","params":{"query":"x"}}"#,
        ),
    ];
    for (id, body) in answered {
        s.send_raw(&framed(body));
        let e = error_for(&mut s, id);
        assert_eq!(e["error"]["code"], -32600, "{body} → {e}");
        still_answers(&mut s, body);
    }
    // without a usable id: logged and dropped
    let dropped = [
        "[]",
        r#"{"hello":1}"#,
        "\"just a string\"",
        "5",
        r#"{"jsonrpc":"2.0","id":1.5,"method":"workspace/symbol","params":{"query":"x"}}"#,
        r#"{"jsonrpc":"2.0","id":1e300,"method":"workspace/symbol","params":{"query":"x"}}"#,
        r#"{"jsonrpc":"2.0","id":18446744073709551616,"method":"workspace/symbol","params":{"query":"x"}}"#,
        r#"{"jsonrpc":"2.0","id":{"a":1},"method":"workspace/symbol","params":{"query":"x"}}"#,
        r#"{"jsonrpc":"2.0","id":true,"method":"workspace/symbol","params":{"query":"x"}}"#,
        r#"{"jsonrpc":"2.0","id":9}"#,
    ];
    for body in dropped {
        s.send_raw(&framed(body));
        still_answers(&mut s, body);
    }
    let logged = s
        .inbox_drain()
        .into_iter()
        .filter(|m| {
            m["method"] == "window/logMessage"
                && m["params"]["message"]
                    .as_str()
                    .is_some_and(|t| t.contains("malformed message"))
        })
        .count();
    assert!(
        logged >= dropped.len(),
        "{logged} log lines for {} messages",
        dropped.len()
    );
    assert_eq!(s.shutdown(), Some(0));
}

#[test]
fn a_frame_whose_header_lies_is_skipped_and_the_next_one_is_read() {
    let f = Fixture::new(CORPUS);
    let mut s = Server::spawn(&[]);
    s.initialize(&f.root(), plain_caps());
    let req = |id: i64| {
        format!(
            r#"{{"jsonrpc":"2.0","id":{id},"method":"workspace/symbol","params":{{"query":"lavrov"}}}}"#
        )
    };
    let cases: Vec<(&str, Vec<u8>)> = vec![
        (
            "Content-Length: abc",
            format!("Content-Length: abc\r\n\r\n{}", req(51)).into_bytes(),
        ),
        (
            "no Content-Length",
            format!("X-Custom: 1\r\n\r\n{}", req(52)).into_bytes(),
        ),
        (
            "a header line without a colon",
            format!("garbage\r\n\r\n{}", req(53)).into_bytes(),
        ),
        (
            "a Content-Length too small",
            format!("Content-Length: 10\r\n\r\n{}", req(54)).into_bytes(),
        ),
        (
            "a Content-Length too large",
            format!("Content-Length: 900\r\n\r\n{}", req(55)).into_bytes(),
        ),
    ];
    for (what, bytes) in cases {
        s.send_raw(&bytes);
        still_answers(&mut s, what);
    }
    assert_eq!(s.shutdown(), Some(0));
}

/// A request about a document that comes within the debounce after an edit
/// analyses the edit at once; the diagnostics of that version must still be
/// published.
#[test]
fn an_edit_is_published_when_a_request_comes_before_the_debounce_ends() {
    let f = Fixture::new(CORPUS);
    let mut s = Server::spawn(&[]);
    s.initialize(&f.root(), plain_caps());
    let a = f.path("ria/talks.txt");
    s.open(&a, &f.text("ria/talks.txt"));
    s.wait_diagnostics(&uri(&a), |_| true);
    let at = json!({"line": 0, "character": 60});
    let requests = [
        (
            "textDocument/hover",
            json!({"textDocument": {"uri": uri(&a)}, "position": at}),
        ),
        (
            "textDocument/documentSymbol",
            json!({"textDocument": {"uri": uri(&a)}}),
        ),
        (
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri(&a)},
                   "range": {"start": at, "end": at}, "context": {"diagnostics": []}}),
        ),
    ];
    for (k, (method, params)) in requests.into_iter().enumerate() {
        let version = 10 + k as i64;
        // an unclosed quotation: a finding the report did not have
        s.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri(&a), "version": version},
                   "contentChanges": [{"range": {"start": {"line": 3, "character": 0}, "end": {"line": 3, "character": 0}},
                                       "text": "\u{201c}We will wait, he added.\n\n"}]}),
        );
        s.request_full(method, params);
        let v = s.wait_for(
            &format!("diagnostics of version {version} after {method}"),
            |m| {
                m["method"] == "textDocument/publishDiagnostics"
                    && m["params"]["uri"] == uri(&a).as_str()
                    && m["params"]["version"] == version
            },
        );
        let codes: Vec<&str> = v["params"]["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|d| d["code"].as_str())
            .collect();
        assert!(codes.contains(&"mismatched-quote"), "{method}: {codes:?}");
    }
    assert_eq!(s.shutdown(), Some(0));
}

/// A report of one very long line (names, quotes, Cyrillic and emoji, no line
/// break) is analysed, published and answered like any other: no work grows
/// with the square of a line's length. (Before, 400 KB took 13 s and a hover
/// on it timed out; the harness waits 20 s for each answer.)
#[test]
fn a_report_of_one_long_line_is_answered() {
    let names = [
        "Sergei Lavrov",
        "Antony Blinken",
        "Jens Stoltenberg",
        "Сергей Рябков",
        "Wendy Sherman",
    ];
    let places = ["Geneva", "Vienna", "Brussels", "Женеве"];
    let mut line = String::from("MOSCOW, January 14 - RIA Novosti. ");
    let mut k = 0;
    while line.len() < 600_000 {
        let (n, p) = (names[k % names.len()], places[k % places.len()]);
        line.push_str(&match k % 4 {
            0 => format!("{n} said \"we will continue the talks in {p} next week\" 👍 at a press conference. "),
            1 => format!("Talks took place on January 10 in {p}, {n} told reporters. "),
            2 => format!("«Мы готовы к диалогу», — заявил {n} в {p}. "),
            _ => format!("According to {n}, the answer must be serious. "),
        });
        k += 1;
    }
    // and at the very end, a quotation that is never closed
    let unclosed_at: usize = line.encode_utf16().count();
    line.push_str("“We will not back down, the minister said.");
    let f = Fixture::new("//- long/line.txt\nplaceholder\n");
    let path = f.path("long/line.txt");
    std::fs::write(&path, format!("{line}\n")).unwrap();
    let mut s = Server::spawn(&[]);
    s.initialize(&f.root(), plain_caps());
    s.open(&path, &format!("{line}\n"));
    let diags = s.wait_diagnostics(&uri(&path), |d| {
        d.iter().any(|x| x["code"] == "mismatched-quote")
    });
    let q = diags
        .iter()
        .find(|x| x["code"] == "mismatched-quote")
        .unwrap();
    assert_eq!(
        q["range"]["start"],
        json!({"line": 0, "character": unclosed_at})
    );
    // a hover near the end of the line: UTF-16 columns far from the line start
    let name_at = line.rfind("Sergei Lavrov").unwrap();
    let col: usize = line[..name_at + 3].encode_utf16().count();
    let h = s.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri(&path)}, "position": {"line": 0, "character": col}}),
    );
    assert!(
        h["contents"]["value"]
            .as_str()
            .unwrap_or("")
            .contains("Lavrov"),
        "{h}"
    );
    assert_eq!(s.shutdown(), Some(0));
}

#[test]
fn unknown_dollar_requests_and_bodies_that_are_not_utf8_are_answered() {
    let f = Fixture::new(CORPUS);
    let mut s = Server::spawn(&[]);
    s.initialize(&f.root(), plain_caps());
    // a request for a `$/` method the server does not know: Method Not Found
    s.send_raw(&framed(
        r#"{"jsonrpc":"2.0","id":51,"method":"$/unknownThing","params":{}}"#,
    ));
    let e = error_for(&mut s, 51);
    assert_eq!(e["error"]["code"], -32601, "{e}");
    still_answers(&mut s, "an unknown $/ request");
    // the same method as a notification is dropped quietly, as the spec asks
    s.send_raw(&framed(
        r#"{"jsonrpc":"2.0","method":"$/unknownThing","params":{}}"#,
    ));
    still_answers(&mut s, "an unknown $/ notification");
    // a request whose body is not valid UTF-8 (a Latin-1 é in a query)
    let mut body =
        br#"{"jsonrpc":"2.0","id":52,"method":"workspace/symbol","params":{"query":"caf"#.to_vec();
    body.extend_from_slice(b"\xe9\"}}");
    let mut frame = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    frame.extend_from_slice(&body);
    s.send_raw(&frame);
    let e = error_for(&mut s, 52);
    assert_eq!(e["error"]["code"], -32700, "{e}");
    assert!(
        e["error"]["message"].as_str().unwrap().contains("UTF-8"),
        "{e}"
    );
    still_answers(&mut s, "a body that is not UTF-8");
    assert_eq!(s.shutdown(), Some(0));
}

/// The codes of the diagnostics pulled for `path`.
fn pulled_codes(s: &mut Server, path: &std::path::Path) -> Vec<String> {
    s.pull(path)
        .iter()
        .map(|d| d["code"].as_str().unwrap_or("").to_string())
        .collect()
}

#[test]
fn closing_newsdesk_toml_without_saving_brings_back_the_file_on_disk() {
    let f = Fixture::new(
        r#"
//- newsdesk.toml
# the rules as the curator saved them
//- ria/undated.txt
Foreign Minister Sergei Lavrov met his counterpart in Geneva on Monday.

"We expect an answer next week," Lavrov said.
"#,
    );
    let report = f.root().join("ria/undated.txt");
    let cfg = f.root().join("newsdesk.toml");
    let mut s = Server::spawn(&[]);
    s.initialize(&f.root(), vscode_caps());
    assert!(pulled_codes(&mut s, &report).contains(&"missing-dateline".to_string()));
    // edited in the editor, not saved: the editor's text is the configuration
    s.open(&cfg, "[rules]\nmissing-dateline = \"off\"\n");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while pulled_codes(&mut s, &report).contains(&"missing-dateline".to_string()) {
        assert!(
            std::time::Instant::now() < deadline,
            "the open text was not used"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    // closed without saving: the edit is discarded, the file on disk holds again
    s.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": uri(&cfg)}}),
    );
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while !pulled_codes(&mut s, &report).contains(&"missing-dateline".to_string()) {
        assert!(
            std::time::Instant::now() < deadline,
            "the discarded text of newsdesk.toml is still the configuration"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert_eq!(s.shutdown(), Some(0));
}

/// A folder under the workspace that cannot be read (here a path longer than
/// the system allows) is said in a warning, not dropped in silence.
#[cfg(unix)]
#[test]
fn a_folder_that_cannot_be_read_is_said() {
    let f = Fixture::new(CORPUS);
    f.add_too_deep_report();
    let mut s = Server::spawn(&[]);
    s.initialize(&f.root(), plain_caps());
    let shown = s.wait_for("a warning about the folder", |m| {
        m["method"] == "window/showMessage"
            && m["params"]["message"]
                .as_str()
                .is_some_and(|t| t.contains("could not read"))
    });
    let text = shown["params"]["message"].as_str().unwrap();
    assert!(text.contains("longer than the system allows"), "{text}");
    assert_eq!(shown["params"]["type"], 2, "a warning: {shown}");
    still_answers(&mut s, "a skipped folder");
    assert_eq!(s.shutdown(), Some(0));
}

/// A report whose file name is not UTF-8 (a Latin-1 é) gets a URI that
/// points at it: the published diagnostics' URI turns back into the file's
/// own bytes, and a hover through that URI is answered.
#[cfg(target_os = "linux")]
#[test]
fn a_file_name_that_is_not_utf8_gets_a_uri_that_points_at_it() {
    use std::os::unix::ffi::OsStrExt;
    let f = Fixture::new(CORPUS);
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9.txt");
    std::fs::write(
        f.root().join("ria").join(name),
        "Talks on grain exports resumed in Ankara on Monday, officials said.\n\nThe delegations will meet again next week.\n",
    )
    .unwrap();
    let mut s = Server::spawn(&[]);
    s.initialize(&f.root(), plain_caps());
    let published = s.wait_for("diagnostics of caf\\xe9.txt", |m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"]
                .as_str()
                .is_some_and(|u| u.contains("/ria/caf"))
    });
    let u = published["params"]["uri"].as_str().unwrap().to_string();
    assert!(u.ends_with("/ria/caf%E9.txt"), "{u}");
    let codes: Vec<&str> = published["params"]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["code"].as_str())
        .collect();
    assert_eq!(codes, ["missing-dateline"], "{published}");
    let hover = s.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": u}, "position": {"line": 0, "character": 36}}),
    );
    assert!(hover.to_string().contains("Ankara"), "{hover}");
    assert_eq!(s.shutdown(), Some(0));
}
