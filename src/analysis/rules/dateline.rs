//! `missing-dateline` and `malformed-dateline`: the dateline that should open
//! the body ("MOSCOW, January 14 - RIA Novosti.").
//!
//! The detector is [`crate::analysis::dateline`]; it finds either no dateline
//! where the body starts (one finding on the body's first line) or an opening
//! that looks like a dateline but lacks its place or date (one finding on it,
//! naming what is missing). Documented in `docs/rules.md#missing-dateline` and
//! `docs/rules.md#malformed-dateline`.

use crate::analysis::dateline::DatelineOutcome;
use crate::analysis::finding::Finding;
use crate::analysis::rules::Rule;

pub fn findings(outcome: &DatelineOutcome) -> Vec<Finding> {
    match outcome {
        DatelineOutcome::Missing { body_first_line } => vec![Finding::new(
            Rule::MissingDateline,
            body_first_line.clone(),
            "The body does not open with a dateline, so where, when and by whom the report was filed is unknown (expected e.g. \"MOSCOW, January 14 - RIA Novosti.\").",
        )],
        DatelineOutcome::Malformed { dateline, missing } => {
            let mut f = Finding::new(
                Rule::MalformedDateline,
                dateline.range.clone(),
                format!(
                    "This looks like a dateline but has no {}.",
                    missing.join(" and no ")
                ),
            );
            f.data = Some(serde_json::json!({ "missing": missing }));
            vec![f]
        }
        _ => vec![],
    }
}

#[cfg(test)]
mod tests {
    use crate::analysis::rules::{check, Rule};

    #[test]
    fn a_body_without_a_dateline() {
        check(
            Rule::MissingDateline,
            r#"
Ministers agree on a new grain corridor

⟦The ministers of the three countries agreed on Friday to open a new corridor for grain shipments, officials said.⟧

"We have agreed on the route," the Turkish minister told reporters after the meeting.
"#,
        );
    }

    #[test]
    fn a_body_that_opens_with_a_dateline() {
        check(
            Rule::MissingDateline,
            r#"
Ministers agree on a new grain corridor

ANKARA, May 3 - Agency. The ministers of the three countries agreed on Friday to open a new corridor for grain shipments, officials said.
"#,
        );
    }
}
