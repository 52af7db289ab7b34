//! The layers of `src/` as ARCHITECTURE.md draws them: the analysis knows no
//! protocol, runtime or file system, the corpus knows no server, and no two
//! source files import each other, directly or around a circle.
//!
//! The import graph is read from the source text: every `use` (with its
//! `{…}` groups expanded) and every `crate::…`, `super::…` or `self::…` path in
//! the code, each resolved to the file of the longest module it names.
//! Comments and `#[cfg(test)]` modules are left out (a test may use anything).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// One source file: its module path (`["analysis", "actors", "chunks"]`) and
/// its code without comments and test modules.
struct Source {
    module: Vec<String>,
    code: String,
}

fn sources() -> BTreeMap<String, Source> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    collect(&src, &mut files);
    let mut out = BTreeMap::new();
    for path in files {
        let rel = path.strip_prefix(&src).unwrap().with_extension("");
        let mut module: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        if matches!(
            module.last().map(String::as_str),
            Some("mod" | "lib" | "main")
        ) {
            module.pop();
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let name = path.strip_prefix(&src).unwrap().display().to_string();
        out.insert(
            name,
            Source {
                module,
                code: without_tests(&without_strings(&without_comments(&text))),
            },
        );
    }
    out
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            collect(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

fn without_comments(text: &str) -> String {
    text.lines()
        .map(|l| match l.find("//") {
            // a `//` inside a string ("https://…") is kept: good enough here
            Some(i) if !l[..i].contains('"') => &l[..i],
            _ => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The code with the insides of string literals blanked (`"… use x …"` in a
/// message is no `use`); raw strings (`r#"…"#`) too. A `'"'` char literal is
/// not a string.
fn without_strings(code: &str) -> String {
    let b = code.as_bytes();
    let mut out = String::with_capacity(code.len());
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let char_literal = c == b'"' && i > 0 && b[i - 1] == b'\'' && b.get(i + 1) == Some(&b'\'');
        if c == b'"' && !char_literal {
            // a raw string: r"…", r#"…"#, with as many # as it opened with
            let hashes = code[..i].bytes().rev().take_while(|&h| h == b'#').count();
            let raw = i > hashes && b[i - hashes - 1] == b'r';
            let close = if raw {
                format!("\"{}", "#".repeat(hashes))
            } else {
                "\"".to_string()
            };
            let mut j = i + 1;
            let end = loop {
                if j >= b.len() {
                    break b.len();
                }
                if !raw && b[j] == b'\\' {
                    j += 2;
                    continue;
                }
                if b[j..].starts_with(close.as_bytes()) {
                    break j;
                }
                j += 1;
            };
            out.push('"');
            out.extend(code[i + 1..end.min(code.len())].chars().map(|ch| {
                if ch == '\n' {
                    '\n'
                } else {
                    ' '
                }
            }));
            i = end;
            if i < b.len() {
                out.push('"');
                i += 1;
            }
            continue;
        }
        let ch = code[i..].chars().next().unwrap();
        out.push(ch);
        i += ch.len_utf8();
    }
    out
}

/// The code without `#[cfg(test)] mod … { … }` blocks.
fn without_tests(code: &str) -> String {
    let mut out = code.to_string();
    while let Some(at) = out.find("#[cfg(test)]\nmod ") {
        let Some(open) = out[at..].find(['{', ';']).map(|i| at + i) else {
            break;
        };
        if out[open..].starts_with(';') {
            // `#[cfg(test)] mod tests;`: a file of its own
            out.replace_range(at..=open, "");
            continue;
        }
        let mut depth = 0;
        let mut end = out.len();
        for (i, c) in out[open..].char_indices() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = open + i + 1;
                        break;
                    }
                }
                _ => {}
            }
        }
        out.replace_range(at..end, "");
    }
    out
}

/// Every path the code names: `use` trees expanded, and paths in the code.
fn paths_named(code: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(i) = rest.find("use ") {
        let before = rest[..i].chars().next_back();
        let stmt_end = rest[i..].find(';').map_or(rest.len(), |e| i + e);
        if before.is_none_or(|c| c.is_whitespace() || c == '{' || c == ';') {
            let tree = rest[i + 4..stmt_end]
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            expand(&tree, "", &mut out);
        }
        rest = &rest[stmt_end.min(rest.len())..];
        if rest.is_empty() {
            break;
        }
        rest = &rest[1..];
    }
    let re = regex::Regex::new(r"\b(?:crate|super|self)(?:::[A-Za-z_][A-Za-z0-9_]*)+").unwrap();
    out.extend(re.find_iter(code).map(|m| m.as_str().to_string()));
    out
}

/// `a::{b, c::{d, e}}` as `a::b`, `a::c::d`, `a::c::e`.
fn expand(tree: &str, prefix: &str, out: &mut Vec<String>) {
    let tree = tree.trim();
    match tree.find('{') {
        None => {
            let path = tree.split(" as ").next().unwrap_or(tree).replace(' ', "");
            out.push(format!("{prefix}{path}"));
        }
        Some(open) => {
            let head = tree[..open].replace(' ', "");
            let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
            let mut depth = 0;
            let mut start = 0;
            for (i, c) in inner.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        expand(&inner[start..i], &format!("{prefix}{head}"), out);
                        start = i + 1;
                    }
                    _ => {}
                }
            }
            if start < inner.len() {
                expand(&inner[start..], &format!("{prefix}{head}"), out);
            }
        }
    }
}

/// The file that `path`, named in module `from`, points into: the longest
/// module it names that is a file of its own.
fn resolve(path: &str, from: &[String], modules: &BTreeMap<Vec<String>, String>) -> Option<String> {
    let mut segs: Vec<String> = Vec::new();
    let mut parts = path.split("::").filter(|p| !p.is_empty()).peekable();
    match parts.peek().copied() {
        Some("crate") => {
            parts.next();
        }
        Some("super") | Some("self") => {
            segs = from.to_vec();
            while let Some(&p) = parts.peek() {
                match p {
                    "super" => {
                        segs.pop();
                    }
                    "self" => {}
                    _ => break,
                }
                parts.next();
            }
        }
        _ => return None, // an external crate or a name in scope
    }
    segs.extend(parts.map(|p| p.trim_end_matches("::").to_string()));
    (0..=segs.len())
        .rev()
        .find_map(|n| modules.get(&segs[..n]).cloned())
}

/// File → the files it imports (itself left out).
fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let sources = sources();
    let modules: BTreeMap<Vec<String>, String> = sources
        .iter()
        .map(|(name, s)| (s.module.clone(), name.clone()))
        .collect();
    sources
        .iter()
        .map(|(name, s)| {
            let to: BTreeSet<String> = paths_named(&s.code)
                .iter()
                .filter_map(|p| resolve(p, &s.module, &modules))
                .filter(|t| t != name)
                .collect();
            (name.clone(), to)
        })
        .collect()
}

/// The circles of the graph: its strongly connected parts of two files or
/// more (Tarjan's algorithm).
fn circles(g: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    struct Walk<'g> {
        g: &'g BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<&'g str, usize>,
        low: BTreeMap<&'g str, usize>,
        stack: Vec<&'g str>,
        on_stack: BTreeSet<&'g str>,
        out: Vec<Vec<String>>,
    }
    impl<'g> Walk<'g> {
        fn visit(&mut self, v: &'g str) {
            let i = self.index.len();
            self.index.insert(v, i);
            self.low.insert(v, i);
            self.stack.push(v);
            self.on_stack.insert(v);
            for w in self.g.get(v).into_iter().flatten() {
                let w = w.as_str();
                if !self.index.contains_key(w) {
                    self.visit(w);
                    let lw = self.low[w];
                    let lv = self.low.get_mut(v).unwrap();
                    *lv = (*lv).min(lw);
                } else if self.on_stack.contains(w) {
                    let iw = self.index[w];
                    let lv = self.low.get_mut(v).unwrap();
                    *lv = (*lv).min(iw);
                }
            }
            if self.low[v] == self.index[v] {
                let mut part = Vec::new();
                while let Some(w) = self.stack.pop() {
                    self.on_stack.remove(w);
                    part.push(w.to_string());
                    if w == v {
                        break;
                    }
                }
                if part.len() > 1 {
                    part.sort();
                    self.out.push(part);
                }
            }
        }
    }
    let mut walk = Walk {
        g,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        out: Vec::new(),
    };
    for v in g.keys() {
        if !walk.index.contains_key(v.as_str()) {
            walk.visit(v);
        }
    }
    walk.out
}

#[test]
fn no_two_source_files_import_each_other() {
    let g = graph();
    assert!(g.len() > 50, "read only {} files", g.len());
    // the reader sees edges at all (a broken reader would find no circle)
    assert!(g["analysis/actors/chunks.rs"].contains("analysis/actors/doc.rs"));
    assert!(
        g["server/backend.rs"].len() > 3,
        "{:?}",
        g["server/backend.rs"]
    );
    let circles = circles(&g);
    assert!(
        circles.is_empty(),
        "files that import each other, directly or around a circle: {circles:#?}"
    );
}

#[test]
fn the_analysis_knows_no_protocol_runtime_or_file_system() {
    let sources = sources();
    let forbidden = [
        "tower_lsp_server",
        "ls_types",
        "lsp_types",
        "tokio",
        "std::fs",
        "crate::corpus",
        "crate::server",
        "crate::cli",
    ];
    let mut seen = 0;
    for (name, s) in &sources {
        if !name.starts_with("analysis/") {
            continue;
        }
        seen += 1;
        for f in forbidden {
            assert!(!s.code.contains(f), "{name} names {f}");
        }
    }
    assert!(seen > 20, "read only {seen} analysis files");
}

#[test]
fn the_corpus_knows_no_server_or_terminal() {
    let sources = sources();
    for (name, s) in sources.iter().filter(|(n, _)| n.starts_with("corpus/")) {
        for f in [
            "tower_lsp_server",
            "ls_types",
            "crate::server",
            "crate::cli",
        ] {
            assert!(!s.code.contains(f), "{name} names {f}");
        }
    }
}

#[test]
fn the_reader_expands_use_groups_and_finds_circles() {
    let mut out = Vec::new();
    expand("crate::a::{b, c::{d, e}, f as g}", "", &mut out);
    assert_eq!(
        out,
        [
            "crate::a::b",
            "crate::a::c::d",
            "crate::a::c::e",
            "crate::a::f"
        ]
    );
    let g: BTreeMap<String, BTreeSet<String>> = [
        ("a", vec!["b"]),
        ("b", vec!["c"]),
        ("c", vec!["a"]),
        ("d", vec!["a"]),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.into_iter().map(String::from).collect()))
    .collect();
    assert_eq!(circles(&g), vec![vec!["a", "b", "c"]]);
}
