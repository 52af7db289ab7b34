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
