//! The documentation stays true to the code.

#[test]
fn every_rule_has_a_section_in_docs_rules_md() {
    let doc =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/rules.md")).unwrap();
    for r in newsdesk::analysis::rules::RULES {
        assert!(
            doc.contains(&format!("\n## {}\n", r.code)),
            "docs/rules.md has no section for {}",
            r.code
        );
    }
}

/// The VS Code extension's rule settings (`package.json`) and their mapping to
/// codes (`src/settings.ts`) name every rule about a report's text, and nothing
/// else than the server's rules. (The file problems — `not-utf8`,
/// `file-too-large`, `unreadable-file` — and `config-error` are set in
/// `newsdesk.toml` only.)
#[test]
fn the_vscode_settings_list_the_rules() {
    let root = env!("CARGO_MANIFEST_DIR");
    let manifest = std::fs::read_to_string(format!("{root}/editors/vscode/package.json")).unwrap();
    let manifest: serde_json::Value = serde_json::from_str(&manifest).unwrap();
    let settings =
        std::fs::read_to_string(format!("{root}/editors/vscode/src/settings.ts")).unwrap();
    let map = &settings[settings.find("RULE_SETTINGS").unwrap()..];
    let map = &map[map.find("= {").unwrap() + 3..map.find("};").unwrap()];
    let pairs: Vec<(String, String)> = map
        .lines()
        .filter_map(|l| {
            let (key, code) = l.trim().trim_end_matches(',').split_once(": ")?;
            Some((key.to_string(), code.trim_matches('\'').to_string()))
        })
        .collect();
    let codes: Vec<&str> = pairs.iter().map(|(_, c)| c.as_str()).collect();
    let file_problems = [
        "not-utf8",
        "file-too-large",
        "unreadable-file",
        "config-error",
    ];
    for r in newsdesk::analysis::rules::RULES {
        assert_eq!(
            codes.contains(&r.code),
            !file_problems.contains(&r.code),
            "editors/vscode/src/settings.ts and the rule {}",
            r.code
        );
    }
    let props = &manifest["contributes"]["configuration"]["properties"];
    for (key, code) in &pairs {
        assert!(
            newsdesk::analysis::rules::rule(code).is_some(),
            "settings.ts names {code}, which is no rule"
        );
        assert!(
            props.get(format!("newsdesk.rules.{key}")).is_some(),
            "package.json has no setting newsdesk.rules.{key}"
        );
    }
}

/// The crate and the VS Code extension are published under the same licence,
/// the one in LICENSE.
#[test]
fn one_licence() {
    let root = env!("CARGO_MANIFEST_DIR");
    let cargo = std::fs::read_to_string(format!("{root}/Cargo.toml")).unwrap();
    let cargo: toml::Table = cargo.parse().unwrap();
    let manifest = std::fs::read_to_string(format!("{root}/editors/vscode/package.json")).unwrap();
    let manifest: serde_json::Value = serde_json::from_str(&manifest).unwrap();
    let licence = cargo["package"]["license"].as_str().unwrap();
    assert_eq!(manifest["license"].as_str(), Some(licence));
    let text = std::fs::read_to_string(format!("{root}/LICENSE")).unwrap();
    assert!(text.starts_with(&format!("{licence} License")), "{licence}");
    assert_eq!(
        text,
        std::fs::read_to_string(format!("{root}/editors/vscode/LICENSE")).unwrap()
    );
}
