//! `boilerplate`: lines left over from scraping the web page.
//!
//! The detector is [`crate::analysis::boilerplate`] (line classes and blocks);
//! this module turns its blocks into findings: one a block, with its kind and
//! size in the message, the quick fix that removes it (with the blank lines it
//! leaves behind) and, when there are several, the one that removes them all.
//! Documented in `docs/rules.md#boilerplate`.

use crate::analysis::boilerplate::BoilerplateBlock;
use crate::analysis::finding::{removal_range, Edit, Finding, Fix};
use crate::analysis::lines::LineIndex;
use crate::analysis::rules::Rule;

pub fn findings(text: &str, index: &LineIndex, blocks: &[BoilerplateBlock]) -> Vec<Finding> {
    let all_edits: Vec<Edit> = blocks
        .iter()
        .map(|b| Edit {
            range: removal_range(text, index, b.lines.start, b.lines.end - 1),
            new_text: String::new(),
        })
        .collect();
    blocks
        .iter()
        .zip(&all_edits)
        .map(|(b, edit)| {
            let content_lines = (b.lines.clone())
                .filter(|&l| !text[index.line_range(text, l)].trim().is_empty())
                .count();
            let start = index.line_start(b.lines.start);
            let end = index.line_range(text, b.lines.end - 1).end;
            let mut f = Finding::new(
                Rule::Boilerplate,
                start..end,
                format!(
                    "Left over from the web page: {}, {} line{}",
                    b.kind.label(),
                    content_lines,
                    if content_lines == 1 { "" } else { "s" }
                ),
            );
            f.data = Some(serde_json::json!({
                "kind": b.kind.as_str(),
                "lines": content_lines,
                "first_line": b.lines.start,
                "last_line": b.lines.end - 1,
            }));
            f.fixes.push(Fix {
                title: "Remove this boilerplate block".into(),
                edits: vec![edit.clone()],
                preferred: true,
            });
            if all_edits.len() > 1 {
                f.fixes.push(Fix {
                    title: format!(
                        "Remove all boilerplate in this report ({} blocks)",
                        all_edits.len()
                    ),
                    edits: all_edits.clone(),
                    preferred: false,
                });
            }
            f
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::analysis::rules::{check, Rule};

    #[test]
    fn menus_counters_and_a_comment_tail_around_the_article() {
        check(
            Rule::Boilerplate,
            r#"
⟦Войти⟧

Ministers agree on a new grain corridor
⟦5120
0⟧

ANKARA, May 3 - Agency. The ministers of Turkey, Ukraine and Russia agreed on Friday to open a new corridor for grain shipments through the Black Sea, officials said after the talks.

"We have agreed on the route and on the inspections," the Turkish minister told reporters after the meeting in Ankara.

The first ships are expected to sail next week, according to the agreement signed by the three delegations.

⟦The rights to this material belong to Agency
Do you want to leave a comment?
Reply⟧
"#,
        );
    }
}
