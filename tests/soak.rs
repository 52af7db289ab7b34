//! The soak test: a long run of random edits, requests, cancellations and
//! file-system changes against the real server, in push mode and in pull
//! mode. At the end, every report's last published (push) or pulled (pull)
//! diagnostics must be what `newsdesk check` says of the final texts.
//!
//! Bounded for CI: `NEWSDESK_SOAK_OPS` operations a mode (default 1,500),
//! seeded (`NEWSDESK_SOAK_SEED`; the seed is printed).

mod support;

use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::Duration;
use support::*;

const CORPUS: &str = r#"
//- ria/2022-01-14-lavrov.txt
Lavrov urged to resolve security issues

MOSCOW, January 14 - RIA Novosti. Russia stands for a balance of interests, Foreign Minister Sergei Lavrov said.

"We expect a written answer next week," Lavrov told reporters after the talks in Geneva.

Share this article
Comments (3)
//- tass/2022-01-14-answer.txt
MOSCOW, January 14. /TASS/. Russian Foreign Minister Sergei Lavrov said Moscow waits for an answer.

"We are waiting for a written response next week," the minister said.

Share this article
Comments (7)
//- rt/2022-01-15-talks.txt
Talks in Geneva

GENEVA, January 15 (Reuters) - Deputy Foreign Minister Sergei Ryabkov met Wendy Sherman.

«Мы ждём письменного ответа», — заявил Рябков.

Share this article
//- interfax/2022-01-16-nato.txt
BRUSSELS, January 16 - Interfax. NATO Secretary General Jens Stoltenberg said the alliance is ready for talks.

“We are ready to sit down, he said.
//- ria/2022-01-17-osce.txt
VIENNA, January 17 - RIA Novosti. The OSCE Permanent Council met in Vienna.

"We expect a written answer next week," Lavrov said, according to the OSCE.
"#;

/// Words an edit inserts: quotation marks of every style, datelines, names,
/// furniture, line breaks, Cyrillic and emoji.
const SNIPPETS: &[&str] = &[
    "“",
    "”",
    "\"",
    "«",
    "»",
    "„",
    "'",
    " ",
    "\n",
    "\n\n",
    "👍",
    "Лавров",
    "Sergei Lavrov said ",
    "MOSCOW, January 14 - RIA Novosti. ",
    "Share this article\n",
    "Comments (3)\n",
    "\"We expect a written answer next week,\" ",
    "the talks in Geneva",
    "NATO",
    "x",
];

/// A small deterministic random source (xorshift).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
}

#[derive(Clone, Copy, PartialEq, Debug)]
enum Mode {
    Push,
    Pull,
}

/// An LSP position (UTF-16) of byte `offset` of `text`.
fn position(text: &str, offset: usize) -> Value {
    let idx = newsdesk::analysis::lines::LineIndex::new(text);
    let p = idx.pos(text, offset, newsdesk::analysis::lines::Encoding::Utf16);
    json!({"line": p.line, "character": p.col})
}

/// A random character boundary of `text`.
fn boundary(rng: &mut Rng, text: &str) -> usize {
    let mut o = rng.below(text.len() + 1);
    while !text.is_char_boundary(o) {
        o -= 1;
    }
    o
}

/// What a report's diagnostics say, for comparing: code, range, message.
fn summary(diags: &[Value]) -> BTreeSet<String> {
    diags
        .iter()
        .map(|d| format!("{} {} {}", d["code"], d["range"], d["message"]))
        .collect()
}

struct Soak {
    s: Server,
    root: PathBuf,
    rng: Rng,
    /// Open reports: path → (text, version).
    open: BTreeMap<PathBuf, (String, i32)>,
    /// Every message received, in order.
    seen: Vec<Value>,
    next_id: i64,
    /// Edits, requests, cancellations, changes on disk.
    counts: [usize; 4],
}

impl Soak {
    fn drain(&mut self) {
        let _ = self.s.try_wait_for(|_| false, Duration::from_millis(1));
        self.seen.extend(self.s.inbox_drain());
    }

    fn edit(&mut self) {
        let paths: Vec<PathBuf> = self.open.keys().cloned().collect();
        let path = self.rng.pick(&paths).clone();
        let (text, version) = self.open.get(&path).cloned().unwrap();
        let a = boundary(&mut self.rng, &text);
        let mut b = (a + self.rng.below(24)).min(text.len());
        while !text.is_char_boundary(b) {
            b -= 1;
        }
        let b = b.max(a);
        let insert = if self.rng.below(3) == 0 {
            ""
        } else {
            *self.rng.pick(SNIPPETS)
        };
        let range = json!({"start": position(&text, a), "end": position(&text, b)});
        let mut new = text.clone();
        new.replace_range(a..b, insert);
        self.s.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri(&path), "version": version + 1},
                   "contentChanges": [{"range": range, "text": insert}]}),
        );
        self.open.insert(path, (new, version + 1));
        self.counts[0] += 1;
    }

    fn request(&mut self) {
        let paths: Vec<PathBuf> = self.open.keys().cloned().collect();
        let path = self.rng.pick(&paths).clone();
        let text = self.open[&path].0.clone();
        let at = position(&text, boundary(&mut self.rng, &text));
        let doc = json!({"uri": uri(&path)});
        let (method, params) = match self.rng.below(6) {
            0 => (
                "textDocument/hover",
                json!({"textDocument": doc, "position": at}),
            ),
            1 => (
                "textDocument/definition",
                json!({"textDocument": doc, "position": at}),
            ),
            2 => (
                "textDocument/references",
                json!({"textDocument": doc, "position": at, "context": {"includeDeclaration": true}}),
            ),
            3 => ("textDocument/documentSymbol", json!({"textDocument": doc})),
            4 => (
                "textDocument/codeAction",
                json!({"textDocument": doc, "range": {"start": at, "end": at}, "context": {"diagnostics": []}}),
            ),
            _ => ("workspace/symbol", json!({"query": "lav"})),
        };
        self.next_id += 1;
        let id = 100_000 + self.next_id;
        self.s
            .send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        self.counts[1] += 1;
        if self.rng.below(4) == 0 {
            self.s.notify("$/cancelRequest", json!({"id": id}));
            self.counts[2] += 1;
        }
    }

    /// Change a report that is not open on disk (an edit, or it goes away
    /// and comes back), and tell the server.
    fn change_on_disk(&mut self, all: &[PathBuf]) {
        let closed: Vec<&PathBuf> = all.iter().filter(|p| !self.open.contains_key(*p)).collect();
        if closed.is_empty() {
            return;
        }
        let path = (*self.rng.pick(&closed)).clone();
        let kind = if path.exists() {
            if self.rng.below(5) == 0 {
                std::fs::remove_file(&path).unwrap();
                3
            } else {
                let text = std::fs::read_to_string(&path).unwrap_or_default();
                let a = boundary(&mut self.rng, &text);
                let mut new = text.clone();
                let snippet: &str = self.rng.pick::<&str>(SNIPPETS);
                new.insert_str(a, snippet);
                std::fs::write(&path, new).unwrap();
                2
            }
        } else {
            std::fs::write(&path, "VIENNA, January 18 - RIA Novosti. Back again.\n").unwrap();
            1
        };
        self.s.notify(
            "workspace/didChangeWatchedFiles",
            json!({"changes": [{"uri": uri(&path), "type": kind}]}),
        );
        self.counts[3] += 1;
    }

    /// Wait until the server has said nothing for a while.
    fn settle(&mut self) {
        loop {
            let before = self.seen.len();
            std::thread::sleep(Duration::from_millis(700));
            self.drain();
            if self.seen.len() == before {
                break;
            }
        }
    }
}

fn soak(mode: Mode) {
    let ops: usize = std::env::var("NEWSDESK_SOAK_OPS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1500);
    let seed: u64 = std::env::var("NEWSDESK_SOAK_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(7, |d| d.as_nanos() as u64 | 1)
        });
    println!("soak {mode:?}: {ops} operations, seed {seed}");
    let f = Fixture::new(CORPUS);
    let root = f.root();
    let all: Vec<PathBuf> = [
        "ria/2022-01-14-lavrov.txt",
        "tass/2022-01-14-answer.txt",
        "rt/2022-01-15-talks.txt",
        "interfax/2022-01-16-nato.txt",
        "ria/2022-01-17-osce.txt",
    ]
    .iter()
    .map(|p| f.path(p))
    .collect();
    let mut s = Server::spawn(&[]);
    let caps = match mode {
        Mode::Push => plain_caps(),
        Mode::Pull => vscode_caps(),
    };
    s.initialize(&root, caps);
    let mut soak = Soak {
        s,
        root: root.clone(),
        rng: Rng(seed),
        open: BTreeMap::new(),
        seen: Vec::new(),
        next_id: 0,
        counts: [0; 4],
    };
    for p in &all[..3] {
        let text = std::fs::read_to_string(p).unwrap();
        soak.s.open(p, &text);
        soak.open.insert(p.clone(), (text, 1));
    }
    for k in 0..ops {
        match soak.rng.below(10) {
            0..=5 => soak.edit(),
            6..=8 => soak.request(),
            _ => soak.change_on_disk(&all),
        }
        if k % 25 == 0 {
            soak.drain();
        }
        if soak.rng.below(40) == 0 {
            // a pause as long as the debounce, now and then
            std::thread::sleep(Duration::from_millis(160));
        }
    }
    soak.settle();
    let findings = compare(&mut soak, mode, &all);
    let [edits, requests, cancelled, disk] = soak.counts;
    println!(
        "soak {mode:?}: {edits} edits, {requests} requests ({cancelled} cancelled), {disk} changes on disk; {findings} findings on {} reports equal to check",
        all.len()
    );
    assert!(findings > 0, "nothing was compared");
    // every request was answered, cancelled or not (a result, or an error)
    let answered: BTreeSet<i64> = soak
        .seen
        .iter()
        .filter(|m| m.get("method").is_none())
        .filter_map(|m| m["id"].as_i64())
        .filter(|&id| id > 100_000)
        .collect();
    assert_eq!(answered.len(), requests, "requests left unanswered");
    assert_eq!(soak.s.shutdown(), Some(0));
}

/// Every report's diagnostics, as the server last gave them and as `check`
/// gives them for the final texts, are the same.
fn compare(soak: &mut Soak, mode: Mode, all: &[PathBuf]) -> usize {
    let mut compared = 0;
    // the final texts as `check` sees them: a copy of the folder with the
    // editor's texts written over the open reports
    let copy = tempfile::tempdir().unwrap();
    let rel = |p: &Path| p.strip_prefix(&soak.root).unwrap().to_path_buf();
    for p in all
        .iter()
        .filter(|p| p.exists() || soak.open.contains_key(*p))
    {
        let text = match soak.open.get(p) {
            Some((t, _)) => t.clone(),
            None => std::fs::read_to_string(p).unwrap(),
        };
        let to = copy.path().join(rel(p));
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::write(to, text).unwrap();
    }
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_newsdesk"))
        .args(["check", "--no-cache", "--format", "json"])
        .arg(copy.path())
        .output()
        .unwrap();
    let check: Value = serde_json::from_slice(&out.stdout).unwrap();
    let expected: BTreeMap<PathBuf, BTreeSet<String>> = check["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let p = PathBuf::from(f["path"].as_str().unwrap());
            let p = p.strip_prefix(copy.path()).unwrap().to_path_buf();
            (p, summary(f["diagnostics"].as_array().unwrap()))
        })
        .collect();
    for p in all
        .iter()
        .filter(|p| p.exists() || soak.open.contains_key(*p))
    {
        let got = match mode {
            Mode::Push => {
                let last = soak
                    .seen
                    .iter()
                    .rev()
                    .find(|m| {
                        m["method"] == "textDocument/publishDiagnostics"
                            && m["params"]["uri"] == uri(p).as_str()
                    })
                    .unwrap_or_else(|| panic!("nothing published for {}", p.display()))
                    .clone();
                if let Some((_, version)) = soak.open.get(p) {
                    assert_eq!(last["params"]["version"], *version, "{}", p.display());
                }
                summary(last["params"]["diagnostics"].as_array().unwrap())
            }
            Mode::Pull => {
                let r = soak.s.request(
                    "textDocument/diagnostic",
                    json!({"textDocument": {"uri": uri(p)}}),
                );
                summary(r["items"].as_array().unwrap())
            }
        };
        let want = expected.get(&rel(p)).cloned().unwrap_or_default();
        assert_eq!(
            got,
            want,
            "{mode:?}: {} differs from check on the final text",
            p.display()
        );
        compared += got.len();
    }
    compared
}

#[test]
fn soak_push_mode() {
    soak(Mode::Push);
}

#[test]
fn soak_pull_mode() {
    soak(Mode::Pull);
}
