//! `newsdesk check --format sarif`: the findings as one SARIF 2.1.0 log, for
//! code-scanning pages (GitHub, GitLab, Azure DevOps) and other CI tools.
//!
//! The log is built from the same LSP diagnostics the editor and `--format
//! json` show ([`crate::protocol::to_diagnostic`]), so every format agrees.
//! Columns are UTF-16 code units (`columnKind`), as editors count them; lines
//! and columns are 1-based, the end column the one after the last character.
//! Paths under the working directory are relative to `%SRCROOT%` (the
//! directory `check` ran in), others are absolute `file://` URIs. The log is
//! written a report at a time, so 100,000 reports need no more memory than
//! one batch of them.

use crate::analysis::rules::{self, Rule};
use crate::analysis::{Finding, Severity};
use crate::protocol::{self, TextRef};
use serde_json::json;
use serde_sarif::sarif;
use std::path::Path;
use tower_lsp_server::ls_types::{Diagnostic, DiagnosticSeverity, NumberOrString, Range, Uri};

/// The schema a SARIF 2.1.0 log names.
const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// The base the relative artifact URIs are resolved against.
const SRCROOT: &str = "%SRCROOT%";

/// The start of the log, up to the opening of the `results` array: the tool
/// with every rule newsdesk knows, the column unit and the base of the paths.
pub fn head() -> String {
    let rules: Vec<sarif::ReportingDescriptor> = Rule::ALL.iter().map(|&r| descriptor(r)).collect();
    let driver = sarif::ToolComponent::builder()
        .name("newsdesk")
        .full_name(format!("newsdesk {}", env!("CARGO_PKG_VERSION")))
        .version(env!("CARGO_PKG_VERSION"))
        .semantic_version(env!("CARGO_PKG_VERSION"))
        .information_uri(docs_base())
        .rules(rules)
        .build();
    let tool = sarif::Tool::builder().driver(driver).build();
    let mut bases = serde_json::Map::new();
    if let Some(uri) = std::env::current_dir().ok().and_then(|d| dir_uri(&d)) {
        bases.insert(
            SRCROOT.to_string(),
            json!({ "uri": uri, "description": { "text": "The directory newsdesk check ran in." } }),
        );
    }
    let tool = serde_json::to_string(&tool).unwrap_or_else(|_| "{}".into());
    format!(
        "{{\n\"$schema\": \"{SCHEMA}\",\n\"version\": \"2.1.0\",\n\"runs\": [{{\n\"tool\": {tool},\n\"columnKind\": \"utf16CodeUnits\",\n\"originalUriBaseIds\": {},\n\"results\": [",
        serde_json::Value::Object(bases)
    )
}

/// The end of the log: the `results` array closed, and whether the run saw
/// every report (`complete` is false when a place could not be read).
pub fn tail(complete: bool, errors: usize) -> String {
    let invocation = json!({
        "executionSuccessful": complete,
        "exitCode": if !complete { 2 } else { i32::from(errors > 0) },
    });
    format!("\n],\n\"invocations\": [{invocation}]\n}}]\n}}\n")
}

/// One rule's entry in the tool's `rules`: its code, summary, level and the
/// section of `docs/rules.md` that explains it.
fn descriptor(rule: Rule) -> sarif::ReportingDescriptor {
    let info = rule.info();
    sarif::ReportingDescriptor::builder()
        .id(info.code)
        .name(camel(info.code))
        .short_description(
            sarif::MultiformatMessageString::builder()
                .text(info.summary)
                .build(),
        )
        .help_uri(rules::doc_url(info.code))
        .default_configuration(
            sarif::ReportingConfiguration::builder()
                .level(json!(level(info.default_severity)))
                .build(),
        )
        .build()
}

/// `near-duplicate` → `NearDuplicate` (SARIF's rule names are identifiers).
fn camel(code: &str) -> String {
    code.split('-')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect::<String>())
                .unwrap_or_default()
        })
        .collect()
}

/// SARIF has no hint: information and hints are both notes.
fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Information | Severity::Hint => "note",
    }
}

fn diagnostic_level(d: &Diagnostic) -> sarif::ResultLevel {
    match d.severity {
        Some(DiagnosticSeverity::ERROR) => sarif::ResultLevel::Error,
        Some(DiagnosticSeverity::WARNING) => sarif::ResultLevel::Warning,
        _ => sarif::ResultLevel::Note,
    }
}

/// The results of one report, one compact JSON object each, from its
/// findings and their diagnostics (`findings` may be empty: a configuration
/// file's diagnostics have no finding behind them).
pub fn results(
    path: &Path,
    text: Option<TextRef<'_>>,
    findings: &[Finding],
    diags: &[Diagnostic],
) -> Vec<String> {
    diags
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let f = findings.get(i);
            serde_json::to_string(&result(path, text, f, d)).unwrap_or_default()
        })
        .collect()
}

fn result(
    path: &Path,
    text: Option<TextRef<'_>>,
    f: Option<&Finding>,
    d: &Diagnostic,
) -> sarif::Result {
    let code = match &d.code {
        Some(NumberOrString::String(s)) => s.clone(),
        Some(NumberOrString::Number(n)) => n.to_string(),
        None => String::new(),
    };
    let rule_index = Rule::from_code(&code).map(|r| r as i64);
    let related: Vec<sarif::Location> = d
        .related_information
        .iter()
        .flatten()
        .enumerate()
        .map(|(i, r)| {
            sarif::Location::builder()
                .id(i as i64 + 1)
                .physical_location(physical(&uri_location(&r.location.uri), &r.location.range))
                .message(sarif::Message::builder().text(r.message.clone()).build())
                .build()
        })
        .collect();
    let here = artifact(path);
    let fingerprint = fingerprint(&code, &here, text, f);
    let fixes = f.map(|f| fixes(&here, text, f)).unwrap_or_default();
    let mut r = sarif::Result::builder()
        .message(sarif::Message::builder().text(d.message.clone()).build())
        .rule_id(code)
        .level(diagnostic_level(d))
        .locations(vec![sarif::Location::builder()
            .physical_location(physical(&here, &d.range))
            .build()])
        .build();
    r.rule_index = rule_index;
    if !related.is_empty() {
        r.related_locations = Some(related);
    }
    if !fixes.is_empty() {
        r.fixes = Some(fixes);
    }
    r.partial_fingerprints =
        Some(std::iter::once(("newsdeskText/v1".to_string(), fingerprint)).collect());
    if let Some(data) = &d.data {
        let mut bag = std::collections::BTreeMap::new();
        bag.insert("data".to_string(), data.clone());
        r.properties = Some(
            sarif::PropertyBag::builder()
                .additional_properties(bag)
                .build(),
        );
    }
    r
}

/// What identifies a finding from one run to the next, so code-scanning pages
/// keep its history when lines move: the rule, the file as the log names it
/// (relative to `%SRCROOT%`, so the same in every checkout) and the text it
/// covers (not its line).
fn fingerprint(
    code: &str,
    at: &sarif::ArtifactLocation,
    text: Option<TextRef<'_>>,
    f: Option<&Finding>,
) -> String {
    let covered = match (text, f) {
        (Some(t), Some(f)) => t.text.get(f.range.clone()).unwrap_or(""),
        _ => "",
    };
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    h.update(code.as_bytes());
    h.update(&[0]);
    h.update(at.uri.as_deref().unwrap_or("").as_bytes());
    h.update(&[0]);
    h.update(covered.as_bytes());
    format!("{:032x}", h.digest128())
}

/// The quick fixes of a finding as SARIF fixes (regions in the same lines and
/// UTF-16 columns as the result).
fn fixes(
    here: &sarif::ArtifactLocation,
    text: Option<TextRef<'_>>,
    f: &Finding,
) -> Vec<sarif::Fix> {
    let Some(t) = text else {
        return Vec::new();
    };
    f.fixes
        .iter()
        .map(|fix| {
            let replacements: Vec<sarif::Replacement> = fix
                .edits
                .iter()
                .map(|e| {
                    let r = t.range(&e.range, crate::analysis::lines::Encoding::Utf16);
                    let b = sarif::Replacement::builder().deleted_region(region(&r));
                    if e.new_text.is_empty() {
                        b.build()
                    } else {
                        b.inserted_content(
                            sarif::ArtifactContent::builder()
                                .text(e.new_text.clone())
                                .build(),
                        )
                        .build()
                    }
                })
                .collect();
            sarif::Fix::builder()
                .description(sarif::Message::builder().text(fix.title.clone()).build())
                .artifact_changes(vec![sarif::ArtifactChange::builder()
                    .artifact_location(here.clone())
                    .replacements(replacements)
                    .build()])
                .build()
        })
        .collect()
}

fn physical(at: &sarif::ArtifactLocation, range: &Range) -> sarif::PhysicalLocation {
    sarif::PhysicalLocation::builder()
        .artifact_location(at.clone())
        .region(region(range))
        .build()
}

/// An LSP range (0-based, UTF-16) as a SARIF region (1-based).
fn region(r: &Range) -> sarif::Region {
    sarif::Region::builder()
        .start_line(i64::from(r.start.line) + 1)
        .start_column(i64::from(r.start.character) + 1)
        .end_line(i64::from(r.end.line) + 1)
        .end_column(i64::from(r.end.character) + 1)
        .build()
}

/// A report's location: relative to `%SRCROOT%` when it is under the working
/// directory, else its absolute `file://` URI.
fn artifact(path: &Path) -> sarif::ArtifactLocation {
    let cwd = std::env::current_dir().ok();
    if let Some(rel) = cwd.as_deref().and_then(|c| path.strip_prefix(c).ok()) {
        return sarif::ArtifactLocation::builder()
            .uri(encode_relative(rel))
            .uri_base_id(SRCROOT)
            .build();
    }
    let uri = protocol::path_to_uri(path)
        .map_or_else(|| path.display().to_string(), |u| u.as_str().to_string());
    sarif::ArtifactLocation::builder().uri(uri).build()
}

fn uri_location(uri: &Uri) -> sarif::ArtifactLocation {
    match protocol::uri_to_path(uri) {
        Some(p) => artifact(&p),
        None => sarif::ArtifactLocation::builder().uri(uri.as_str()).build(),
    }
}

/// A relative path as a URI reference: `/` between the parts, every byte that
/// is not unreserved percent-encoded.
fn encode_relative(rel: &Path) -> String {
    let mut s = String::new();
    for (i, part) in rel.components().enumerate() {
        if i > 0 {
            s.push('/');
        }
        for &b in part.as_os_str().as_encoded_bytes() {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                s.push(b as char);
            } else {
                s.push_str(&format!("%{b:02X}"));
            }
        }
    }
    s
}

/// A directory's `file://` URI, ending in `/` as a base must.
fn dir_uri(dir: &Path) -> Option<String> {
    let uri = protocol::path_to_uri(dir)?;
    let mut s = uri.as_str().to_string();
    if !s.ends_with('/') {
        s.push('/');
    }
    Some(s)
}

/// Where the rules are documented, without a rule's anchor.
fn docs_base() -> String {
    let u = rules::doc_url("x");
    u.strip_suffix("#x").unwrap_or(&u).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_names_and_relative_uris() {
        assert_eq!(camel("near-duplicate"), "NearDuplicate");
        assert_eq!(camel("boilerplate"), "Boilerplate");
        assert_eq!(
            encode_relative(Path::new("tass/Москва 1.txt")),
            "tass/%D0%9C%D0%BE%D1%81%D0%BA%D0%B2%D0%B0%201.txt"
        );
        assert_eq!(level(Severity::Hint), "note");
        assert_eq!(level(Severity::Warning), "warning");
    }
}
