//! `newsdesk.toml`: the optional configuration at the root of a corpus.
//!
//! ```toml
//! include = ["**/*.txt"]          # which files are reports (globs, relative to the root)
//! exclude = ["drafts/**"]
//! max_file_size = "2 MiB"         # larger files are not analysed (bytes, or "512 KiB", "3 MB")
//!
//! [rules]                         # per-rule severity: error, warning, information, hint, off
//! boilerplate = "error"
//!
//! [[ignore]]                      # one accepted finding
//! path = "rt/2021-12-03.txt"
//! code = "boilerplate"
//! line = "Most Popular Articles"
//! ```
//!
//! A file that cannot be used gives a [`ConfigError`] with line and column; the corpus
//! then runs with the defaults.

use crate::analysis::{rules, Severity};
use globset::{GlobSet, GlobSetBuilder};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;
use std::path::Path;
use toml::Spanned;

/// The file name looked for at a corpus root.
pub const CONFIG_FILE: &str = "newsdesk.toml";
/// Default size cap: 2 MiB.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 2 * 1024 * 1024;

/// Settings that come from the editor (`workspace/configuration`, section
/// `newsdesk`). They sit between the built-in defaults and `newsdesk.toml`: a
/// corpus's own file wins, because it is shared by everyone who curates it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EditorSettings {
    pub levels: BTreeMap<String, Level>,
    pub quote_threshold: Option<f32>,
}

impl EditorSettings {
    /// Read `{"rules": {"boilerplate": "off", ...}}`; unknown rules and levels are
    /// skipped (and named in the returned warnings).
    pub fn from_json(v: &serde_json::Value) -> (EditorSettings, Vec<String>) {
        let mut out = EditorSettings::default();
        let mut warnings = Vec::new();
        if let Some(rules_obj) = v.get("rules").and_then(|r| r.as_object()) {
            for (code, level) in rules_obj {
                let Some(level) = level.as_str() else {
                    continue;
                };
                if level.is_empty() || level == "default" {
                    continue;
                }
                if rules::rule(code).is_none() {
                    warnings.push(format!("unknown rule \"{code}\" in the editor settings"));
                    continue;
                }
                let parsed = if level.eq_ignore_ascii_case("off") {
                    Some(Level::Off)
                } else {
                    Severity::parse(level).map(Level::On)
                };
                match parsed {
                    Some(l) => {
                        out.levels.insert(code.clone(), l);
                    }
                    None => warnings.push(format!("rule \"{code}\": unknown level \"{level}\"")),
                }
            }
        }
        if let Some(t) = v.pointer("/quotes/threshold").and_then(|t| t.as_f64()) {
            if (0.0..=1.0).contains(&t) {
                out.quote_threshold = Some(t as f32);
            } else {
                warnings.push(format!("quotes.threshold must be between 0 and 1, not {t}"));
            }
        }
        (out, warnings)
    }
}

/// A rule's configured level.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Off,
    On(Severity),
}

/// One accepted finding: the rule `code` on a line whose text is `line`, in `path`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct IgnoreEntry {
    pub path: String,
    pub code: String,
    pub line: String,
}

/// The effective configuration of one corpus.
#[derive(Debug, Clone)]
pub struct Config {
    pub include: Vec<String>,
    pub exclude: Vec<String>,
    include_set: GlobSet,
    exclude_set: GlobSet,
    pub max_file_size: u64,
    pub levels: BTreeMap<String, Level>,
    pub ignore: Vec<IgnoreEntry>,
    /// `[quotes] threshold`: the lowest score at which two quotes are linked.
    pub quote_threshold: Option<f32>,
    /// `[links] path`: the folder of `newsdesk link`'s tables (relative to the
    /// corpus root unless absolute), whose quote links are taken for the
    /// reports unchanged since ([`super::precomputed`]).
    pub links: Option<std::path::PathBuf>,
    /// The curator's actors (`[entities.<id>]` tables), over the bundled registry.
    pub entities: Option<crate::analysis::actors::registry::Registry>,
}

impl Default for Config {
    fn default() -> Self {
        Config::build(vec!["**/*.txt".into()], vec![], DEFAULT_MAX_FILE_SIZE)
            .expect("default globs are valid")
    }
}

/// Why a configuration file could not be used, with its place in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    /// The file it is in: [`CONFIG_FILE`] or `entities.toml`.
    pub file: &'static str,
    pub message: String,
    /// Byte range in the file's text.
    pub range: Range<usize>,
    /// 1-based line and column (in characters) of the range's start.
    pub line: usize,
    pub column: usize,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.column, self.message)
    }
}

#[derive(Deserialize)]
#[serde(untagged)]
enum SizeValue {
    Bytes(u64),
    Text(String),
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
struct RawConfig {
    include: Option<Spanned<Vec<String>>>,
    exclude: Option<Spanned<Vec<String>>>,
    max_file_size: Option<Spanned<SizeValue>>,
    rules: BTreeMap<Spanned<String>, Spanned<String>>,
    ignore: Vec<IgnoreEntry>,
    quotes: QuotesSection,
    links: LinksSection,
    entities: Option<toml::Table>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
struct LinksSection {
    path: Option<Spanned<String>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
struct QuotesSection {
    threshold: Option<Spanned<f64>>,
}

impl Config {
    fn build(include: Vec<String>, exclude: Vec<String>, max: u64) -> Result<Config, String> {
        let include_set = glob_set(&include)?;
        let exclude_set = glob_set(&exclude)?;
        Ok(Config {
            include,
            exclude,
            include_set,
            exclude_set,
            max_file_size: max,
            levels: BTreeMap::new(),
            ignore: Vec::new(),
            quote_threshold: None,
            links: None,
            entities: None,
        })
    }

    /// Parse the text of a `newsdesk.toml`.
    pub fn parse(text: &str) -> Result<Config, ConfigError> {
        let err = |message: String, range: Range<usize>| locate(text, message, range);
        let raw: RawConfig = toml::from_str(text).map_err(|e| {
            let range = e.span().unwrap_or(0..0);
            err(plain_message(text, &range, e.message()), range)
        })?;
        let span_of = |s: &Option<Spanned<Vec<String>>>| s.as_ref().map_or(0..0, |s| s.span());
        let include = raw
            .include
            .as_ref()
            .map_or_else(|| vec!["**/*.txt".to_string()], |s| s.get_ref().clone());
        let exclude = raw
            .exclude
            .as_ref()
            .map_or_else(Vec::new, |s| s.get_ref().clone());
        glob_set(&include).map_err(|m| err(m, span_of(&raw.include)))?;
        glob_set(&exclude).map_err(|m| err(m, span_of(&raw.exclude)))?;
        let max = match &raw.max_file_size {
            None => DEFAULT_MAX_FILE_SIZE,
            Some(s) => size_of(s).map_err(|m| err(m, s.span()))?,
        };
        let mut config = Config::build(include, exclude, max).map_err(|m| err(m, 0..0))?;
        for (code, level) in &raw.rules {
            if rules::rule(code.get_ref()).is_none() {
                let hint = rules::suggest(code.get_ref())
                    .map(|s| format!("; did you mean \"{s}\"?"))
                    .unwrap_or_default();
                return Err(err(
                    format!("unknown rule \"{}\"{hint}", code.get_ref()),
                    code.span(),
                ));
            }
            let parsed = if level.get_ref().eq_ignore_ascii_case("off") {
                Level::Off
            } else {
                Level::On(Severity::parse(level.get_ref()).ok_or_else(|| {
                    err(
                        format!(
                            "rule \"{}\": unknown level \"{}\"; use error, warning, information, hint or off",
                            code.get_ref(),
                            level.get_ref()
                        ),
                        level.span(),
                    )
                })?)
            };
            config.levels.insert(code.get_ref().clone(), parsed);
        }
        config.ignore = raw.ignore;
        if let Some(table) = raw.entities {
            let mut wrapper = toml::Table::new();
            wrapper.insert("entities".into(), toml::Value::Table(table));
            let text_of = toml::to_string(&wrapper).unwrap_or_default();
            let reg =
                crate::analysis::actors::registry::Registry::from_toml(&text_of).map_err(|m| {
                    let at = text.find("[entities").unwrap_or(0);
                    err(m, at..at)
                })?;
            config.entities = Some(reg);
        }
        if let Some(t) = &raw.quotes.threshold {
            let v = *t.get_ref();
            if !(0.0..=1.0).contains(&v) {
                return Err(err(
                    format!("quotes.threshold must be between 0 and 1, not {v}"),
                    t.span(),
                ));
            }
            config.quote_threshold = Some(v as f32);
        }
        if let Some(p) = &raw.links.path {
            if p.get_ref().trim().is_empty() {
                return Err(err(
                    "links.path is empty; name the folder newsdesk link wrote, e.g. \"links\""
                        .into(),
                    p.span(),
                ));
            }
            config.links = Some(std::path::PathBuf::from(p.get_ref()));
        }
        Ok(config)
    }

    /// Read `newsdesk.toml` from a corpus root. No file gives the defaults.
    pub fn load(root: &Path) -> Result<Config, ConfigError> {
        Config::load_file(&root.join(CONFIG_FILE))
    }

    /// Read a configuration file. A missing file gives the defaults.
    pub fn load_file(path: &Path) -> Result<Config, ConfigError> {
        match std::fs::read(path) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => Config::parse(&text),
                Err(_) => Err(ConfigError {
                    file: CONFIG_FILE,
                    message: "the file is not valid UTF-8".into(),
                    range: 0..0,
                    line: 1,
                    column: 1,
                }),
            },
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Config::default()),
            Err(e) => Err(ConfigError {
                file: CONFIG_FILE,
                message: format!("cannot read the file: {e}"),
                range: 0..0,
                line: 1,
                column: 1,
            }),
        }
    }

    /// Is this path (relative to the corpus root, `/`-separated) a report?
    pub fn is_report(&self, rel: &Path) -> bool {
        self.include_set.is_match(rel) && !self.exclude_set.is_match(rel)
    }

    /// The configured level of a rule: `newsdesk.toml`, else the editor's setting,
    /// else the rule's default severity.
    pub fn level(&self, code: &str, editor: &EditorSettings) -> Level {
        self.levels
            .get(code)
            .or_else(|| editor.levels.get(code))
            .copied()
            .unwrap_or(Level::On(rules::default_severity(code)))
    }

    /// The quote-link threshold: `newsdesk.toml`, else the editor's setting, else
    /// the default.
    pub fn quote_threshold(&self, editor: &EditorSettings) -> f32 {
        self.quote_threshold
            .or(editor.quote_threshold)
            .unwrap_or(crate::analysis::quotes::matching::DEFAULT_LINK_THRESHOLD)
    }

    /// The folder of `[links] path`, for a corpus at `root`.
    pub fn links_dir(&self, root: &Path) -> Option<std::path::PathBuf> {
        self.links.as_ref().map(|p| root.join(p))
    }

    /// Is this finding accepted by an `[[ignore]]` entry?
    pub fn is_ignored(&self, rel_path: &str, code: &str, line_text: &str) -> bool {
        let line_text = line_text.trim();
        self.ignore
            .iter()
            .any(|e| e.code == code && e.path == rel_path && e.line.trim() == line_text)
    }
}

/// One replacement in a text: the bytes `range` of the old text become
/// `new_text`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextChange {
    pub range: Range<usize>,
    pub new_text: String,
}

/// The change to `newsdesk.toml` that records an accepted finding.
///
/// `existing` is the file's text as the curator has it — the editor's text when
/// it is open, unsaved edits included — or `None` when there is no file yet.
/// The entry joins the `ignore` list wherever the file keeps it (`[[ignore]]`
/// tables or an inline `ignore = [...]` array), and nothing else in the text
/// changes: comments, order and spacing stay as written. A file that is not
/// valid TOML gets the entry appended at its end.
pub fn record_ignore(existing: Option<&str>, entry: &IgnoreEntry) -> TextChange {
    let Some(old) = existing else {
        return TextChange {
            range: 0..0,
            new_text: format!(
                "# newsdesk settings: see docs/rules.md\n{}",
                ignore_table_text(entry)
            ),
        };
    };
    let appended = || {
        let sep = if old.is_empty() || old.ends_with('\n') {
            ""
        } else {
            "\n"
        };
        TextChange {
            range: old.len()..old.len(),
            new_text: format!("{sep}{}", ignore_table_text(entry)),
        }
    };
    let Ok(mut doc) = old.parse::<toml_edit::DocumentMut>() else {
        return appended();
    };
    match doc.get_mut("ignore") {
        // the list is an inline array: the entry joins it there
        Some(toml_edit::Item::Value(toml_edit::Value::Array(list))) => {
            let mut t = toml_edit::InlineTable::new();
            t.insert("path", entry.path.as_str().into());
            t.insert("code", entry.code.as_str().into());
            t.insert("line", entry.line.as_str().into());
            list.push(t);
            let new = doc.to_string();
            smallest_change(old, &new)
        }
        // `[[ignore]]` tables (wherever the last one stands, a new table at
        // the end of the file joins them) or no list yet
        _ => appended(),
    }
}

/// `[[ignore]]` with the entry's keys, after a blank line.
fn ignore_table_text(entry: &IgnoreEntry) -> String {
    let s = |v: &str| toml_edit::Value::from(v).to_string();
    format!(
        "\n[[ignore]]\npath = {}\ncode = {}\nline = {}\n",
        s(&entry.path).trim(),
        s(&entry.code).trim(),
        s(&entry.line).trim()
    )
}

/// The one replacement that turns `old` into `new`: what lies between their
/// common start and their common end (on character boundaries).
fn smallest_change(old: &str, new: &str) -> TextChange {
    let mut start = old
        .bytes()
        .zip(new.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    while !old.is_char_boundary(start) || !new.is_char_boundary(start) {
        start -= 1;
    }
    let room = old.len().min(new.len()) - start;
    let mut tail = old
        .bytes()
        .rev()
        .zip(new.bytes().rev())
        .take(room)
        .take_while(|(a, b)| a == b)
        .count();
    while !old.is_char_boundary(old.len() - tail) || !new.is_char_boundary(new.len() - tail) {
        tail -= 1;
    }
    TextChange {
        range: start..old.len() - tail,
        new_text: new[start..new.len() - tail].to_string(),
    }
}

fn glob_set(globs: &[String]) -> Result<GlobSet, String> {
    let mut b = GlobSetBuilder::new();
    for g in globs {
        let glob = globset::GlobBuilder::new(g)
            .literal_separator(true)
            .build()
            .map_err(|e| format!("invalid glob \"{g}\": {}", e.kind()))?;
        b.add(glob);
    }
    b.build().map_err(|e| e.to_string())
}

fn parse_size(t: &str) -> Option<u64> {
    let t = t.trim();
    let split = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(t.len());
    let (num, unit) = t.split_at(split);
    let num: f64 = num.parse().ok()?;
    let mult = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1.0,
        "k" | "kb" => 1e3,
        "kib" => 1024.0,
        "m" | "mb" => 1e6,
        "mib" => 1024.0 * 1024.0,
        "g" | "gb" => 1e9,
        "gib" => 1024.0 * 1024.0 * 1024.0,
        _ => return None,
    };
    Some((num * mult) as u64)
}

/// The size `max_file_size` gives, or why it cannot be used.
fn size_of(s: &Spanned<SizeValue>) -> Result<u64, String> {
    match s.get_ref() {
        SizeValue::Bytes(0) => Err(
            "max_file_size = 0 would leave every report unanalysed; give a size such as \"2 MiB\" (the default)".into(),
        ),
        SizeValue::Bytes(b) => Ok(*b),
        SizeValue::Text(t) => parse_size(t).ok_or_else(|| {
            format!("max_file_size: cannot read \"{t}\" as a size; write e.g. 2097152, \"512 KiB\" or \"2 MiB\"")
        }),
    }
}

/// The TOML reader's message in a curator's words: the key it is about, and
/// what was expected and found without the program's type names
/// ("untagged enum SizeValue", "struct QuotesSection").
pub(crate) fn plain_message(text: &str, range: &Range<usize>, raw: &str) -> String {
    let raw = raw.trim();
    if raw.is_empty() {
        // the TOML parser says nothing about some errors (`3 =`)
        return "this is not valid TOML here (expected `key = value`)".to_string();
    }
    let said = if raw.contains("untagged enum SizeValue") {
        "expected a size: a number of bytes, or text such as \"512 KiB\" or \"2 MiB\"".to_string()
    } else if let Some(rest) = raw.strip_prefix("invalid type: ") {
        match rest.split_once(", expected ") {
            Some((found, expected)) => format!(
                "expected {}, found {}",
                plain_type(expected),
                plain_found(found)
            ),
            None => raw.to_string(),
        }
    } else {
        raw.to_string()
    };
    match key_at(text, range.start) {
        Some(key) if key.starts_with("rules.") && said.starts_with("expected text") => {
            format!("{key}: {said}; a rule's level is \"error\", \"warning\", \"information\", \"hint\" or \"off\"")
        }
        Some(key) if !said.starts_with(&key) => format!("{key}: {said}"),
        _ => said,
    }
}

/// A serde "expected" phrase without type names.
fn plain_type(expected: &str) -> String {
    match expected {
        "a string" => "text in quotes".into(),
        "a sequence" => "a list in brackets ([...])".into(),
        "a map" => "a table".into(),
        "struct QuotesSection" => "a [quotes] table".into(),
        "struct LinksSection" => "a [links] table".into(),
        "struct IgnoreEntry" => "an [[ignore]] table (path, code, line)".into(),
        "struct RawEntry" => "an actor's table (name, kind, …)".into(),
        e if e.starts_with("struct ") || e.starts_with("enum ") => "a table".into(),
        e if (e.starts_with('u') || e.starts_with('i')) && e[1..].parse::<u32>().is_ok() => {
            "a whole number".into()
        }
        "f64" | "f32" => "a number".into(),
        e => e.to_string(),
    }
}

/// A serde "invalid type" phrase ("integer `5`", "string \"x\"") in words.
fn plain_found(found: &str) -> String {
    let value = |prefix: &str| found.strip_prefix(prefix).map(|v| v.trim_matches('`'));
    if let Some(v) = value("integer ") {
        format!("the number {v}")
    } else if let Some(v) = value("floating point ") {
        format!("the number {v}")
    } else if let Some(v) = value("boolean ") {
        v.to_string()
    } else if let Some(v) = found.strip_prefix("string ") {
        format!("the text {v}")
    } else if found == "map" {
        "a table".into()
    } else if found == "sequence" {
        "a list".into()
    } else {
        found.to_string()
    }
}

/// The dotted key whose value or entry starts on the line of byte `at`:
/// `max_file_size`, `rules.boilerplate`, `quotes.x`.
fn key_at(text: &str, at: usize) -> Option<String> {
    let at = floor_boundary(text, at.min(text.len()));
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line = text[line_start..].lines().next().unwrap_or("");
    let key = line.split_once('=')?.0.trim().trim_matches('"');
    if key.is_empty() || key.starts_with('[') || key.starts_with('#') {
        return None;
    }
    // the table the line is in
    let table = text[..line_start].lines().rev().find_map(|l| {
        let l = l.trim();
        let inner = l.strip_prefix('[')?.trim_start_matches('[');
        Some(inner.split(']').next().unwrap_or("").trim().to_string())
    });
    Some(match table {
        Some(t) if !t.is_empty() => format!("{t}.{key}"),
        _ => key.to_string(),
    })
}

fn locate(text: &str, message: String, range: Range<usize>) -> ConfigError {
    locate_in(CONFIG_FILE, text, message, range)
}

/// A [`ConfigError`] at byte `range` of `text`, the text of `file`.
pub fn locate_in(
    file: &'static str,
    text: &str,
    message: String,
    range: Range<usize>,
) -> ConfigError {
    let start = range.start.min(text.len());
    let before = &text[..floor_boundary(text, start)];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    ConfigError {
        file,
        message,
        range,
        line,
        column,
    }
}

fn floor_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(line: &str) -> IgnoreEntry {
        IgnoreEntry {
            path: "ria/2022-01-14.txt".into(),
            code: "boilerplate".into(),
            line: line.into(),
        }
    }

    fn apply(old: &str, c: &TextChange) -> String {
        format!(
            "{}{}{}",
            &old[..c.range.start],
            c.new_text,
            &old[c.range.end..]
        )
    }

    fn ignored(text: &str) -> Vec<IgnoreEntry> {
        match Config::parse(text) {
            Ok(config) => config.ignore,
            Err(e) => panic!("{e} in {text}"),
        }
    }

    #[test]
    fn recording_an_ignore_creates_the_file() {
        let c = record_ignore(None, &entry("Войти \"now\""));
        assert_eq!(c.range, 0..0);
        assert_eq!(ignored(&c.new_text), vec![entry("Войти \"now\"")]);
    }

    #[test]
    fn recording_an_ignore_appends_a_table_and_keeps_the_rest() {
        // no newline at the end, comments and another table after the list
        let old = "# my corpus\n[[ignore]]\npath = \"a.txt\"\ncode = \"not-utf8\"\nline = \"x\"\n\n[rules]\nboilerplate = \"hint\" # quieter";
        let c = record_ignore(Some(old), &entry("Share"));
        assert_eq!(c.range, old.len()..old.len());
        let new = apply(old, &c);
        assert!(new.starts_with(old));
        let list = ignored(&new);
        assert_eq!(list.len(), 2);
        assert_eq!(list[1], entry("Share"));
        // an empty file
        let c = record_ignore(Some(""), &entry("Share"));
        assert_eq!(ignored(&apply("", &c)), vec![entry("Share")]);
    }

    #[test]
    fn recording_an_ignore_joins_an_inline_list() {
        let old = "ignore = [\n  { path = \"a.txt\", code = \"not-utf8\", line = \"x\" },\n] # accepted\n\n[rules]\nboilerplate = \"hint\"\n";
        let c = record_ignore(Some(old), &entry("Share"));
        let new = apply(old, &c);
        let list = ignored(&new);
        assert_eq!(list.len(), 2, "{new}");
        assert_eq!(list[1], entry("Share"));
        // only the list changed: the text before it and after it is the same
        assert!(c.range.start >= old.find('{').unwrap(), "{c:?}");
        assert!(
            new.ends_with("] # accepted\n\n[rules]\nboilerplate = \"hint\"\n"),
            "{new}"
        );
    }

    #[test]
    fn recording_an_ignore_in_a_broken_file_appends() {
        let old = "[rules\nboilerplate = \"hint\"\n";
        let c = record_ignore(Some(old), &entry("Share"));
        assert_eq!(c.range, old.len()..old.len());
        assert!(c.new_text.contains("[[ignore]]"));
    }

    #[test]
    fn defaults_take_txt_files() {
        let c = Config::default();
        assert!(c.is_report(Path::new("a.txt")));
        assert!(c.is_report(Path::new("ria/2022/a.txt")));
        assert!(!c.is_report(Path::new("a.md")));
        assert_eq!(c.max_file_size, DEFAULT_MAX_FILE_SIZE);
    }

    #[test]
    fn reads_every_setting() {
        let c = Config::parse(
            "include = [\"**/*.news\"]\nexclude = [\"drafts/**\"]\nmax_file_size = \"512 KiB\"\n[rules]\nnot-utf8 = \"off\"\nfile-too-large = \"error\"\n[[ignore]]\npath = \"a.news\"\ncode = \"not-utf8\"\nline = \" x \"\n",
        )
        .unwrap();
        assert!(c.is_report(Path::new("x/a.news")));
        assert!(!c.is_report(Path::new("drafts/a.news")));
        assert_eq!(c.max_file_size, 512 * 1024);
        let none = EditorSettings::default();
        assert_eq!(c.level("not-utf8", &none), Level::Off);
        assert_eq!(c.level("file-too-large", &none), Level::On(Severity::Error));
        assert_eq!(
            c.level("unreadable-file", &none),
            Level::On(Severity::Error)
        );
        // the editor's settings apply where newsdesk.toml is silent
        let (editor, warnings) = EditorSettings::from_json(&serde_json::json!(
            {"rules": {"unreadable-file": "hint", "not-utf8": "error", "nope": "off", "file-too-large": "loud"}}
        ));
        assert_eq!(warnings.len(), 2);
        assert_eq!(
            c.level("unreadable-file", &editor),
            Level::On(Severity::Hint)
        );
        assert_eq!(c.level("not-utf8", &editor), Level::Off);
        assert!(c.is_ignored("a.news", "not-utf8", "x"));
        assert!(!c.is_ignored("b.news", "not-utf8", "x"));
    }

    #[test]
    fn errors_carry_line_and_column() {
        let e = Config::parse("include = [\"*.txt\"]\n[rules]\nnot-utf-8 = \"off\"\n").unwrap_err();
        assert_eq!((e.line, e.column), (3, 1));
        assert!(
            e.message.contains("did you mean \"not-utf8\""),
            "{}",
            e.message
        );

        let e = Config::parse("[rules]\nnot-utf8 = \"loud\"\n").unwrap_err();
        assert_eq!((e.line, e.column), (2, 12));
        assert!(e.message.contains("unknown level"), "{}", e.message);

        let e = Config::parse("[rules\n").unwrap_err();
        assert_eq!(e.line, 1);

        let e = Config::parse("incldue = 3\n").unwrap_err();
        assert!(e.message.contains("unknown field"), "{}", e.message);

        let e = Config::parse("[quotes]\nthreshold = 1.5\n").unwrap_err();
        assert_eq!((e.line, e.column), (2, 13));

        let e = Config::parse("max_file_size = \"lots\"\n").unwrap_err();
        assert_eq!((e.line, e.column), (1, 17));
    }

    #[test]
    fn every_syntax_error_says_something() {
        // found by fuzzing: the TOML parser gives this one no message
        let e = Config::parse("3 =").unwrap_err();
        assert!(!e.message.is_empty());
        assert_eq!((e.line, e.column), (1, 4));
    }

    #[test]
    fn errors_name_the_key_and_no_type_of_the_program() {
        for (text, line, says) in [
            (
                "max_file_size = true\n",
                1,
                "max_file_size: expected a size",
            ),
            ("max_file_size = -5\n", 1, "max_file_size: expected a size"),
            (
                "quotes = 5\n",
                1,
                "quotes: expected a [quotes] table, found the number 5",
            ),
            (
                "# rules\n[rules]\nboilerplate = 3\n",
                3,
                "rules.boilerplate: expected text in quotes, found the number 3",
            ),
            (
                "include = \"x\"\n",
                1,
                "include: expected a list in brackets ([...]), found the text \"x\"",
            ),
            (
                "[[ignore]]\npath = 3\n",
                2,
                "ignore.path: expected text in quotes",
            ),
        ] {
            let e = Config::parse(text).unwrap_err();
            assert!(e.message.starts_with(says), "{text:?}: {}", e.message);
            assert_eq!(e.line, line, "{text:?}: {}", e.message);
            for internal in [
                "enum",
                "struct",
                "SizeValue",
                "Section",
                "sequence",
                "a map",
            ] {
                assert!(!e.message.contains(internal), "{text:?}: {}", e.message);
            }
        }
    }

    #[test]
    fn a_size_of_zero_is_refused() {
        let e = Config::parse("\nmax_file_size = 0\n").unwrap_err();
        assert_eq!((e.line, e.column), (2, 17));
        assert!(e.message.contains("every report"), "{}", e.message);
        assert_eq!(
            Config::parse("max_file_size = 1\n").unwrap().max_file_size,
            1
        );
    }
}
