//! `mismatched-quote`: a quotation mark that does not pair up within its
//! paragraph (or a multi-paragraph quote that is not continued as the
//! conventions want).
//!
//! The pairing is [`crate::analysis::quotes::marks`]; this module reports its problems
//! outside boilerplate lines, pointing at the mark and at the related one, with
//! the fix the pairing suggests. Documented in `docs/rules.md#mismatched-quote`.

use crate::analysis::finding::{Edit, Finding, Fix, Place, Related};
use crate::analysis::lines::LineIndex;
use crate::analysis::quotes::marks::{Pairing, ProblemKind};
use crate::analysis::rules::Rule;

pub fn findings(pairing: &Pairing, index: &LineIndex, skip: &[bool]) -> Vec<Finding> {
    pairing
        .problems
        .iter()
        .filter(|p| {
            !skip
                .get(index.line_of(p.mark.start))
                .copied()
                .unwrap_or(false)
        })
        .map(|p| {
            let mut f = Finding::new(Rule::MismatchedQuote, p.mark.clone(), p.message.clone());
            f.related.push(Related {
                place: Place::here(p.related.clone()),
                message: p.related_note.to_string(),
            });
            f.data = Some(serde_json::json!({
                "problem": match p.kind {
                    ProblemKind::Unclosed => "unclosed",
                    ProblemKind::Unopened => "unopened",
                    ProblemKind::StyleMismatch => "style-mismatch",
                }
            }));
            if let Some((range, text, title)) = &p.fix {
                f.fixes.push(Fix {
                    title: title.clone(),
                    edits: vec![Edit {
                        range: range.clone(),
                        new_text: text.clone(),
                    }],
                    preferred: true,
                    guarded: false,
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
    fn an_unclosed_quote_and_a_balanced_one() {
        // (left open before a paragraph that opens with a quotation mark, it
        // would be a quote continued over paragraphs, not a mistake)
        check(
            Rule::MismatchedQuote,
            r#"
Talks to resume in Geneva

MOSCOW, January 14 - RIA Novosti. Russia is ready to continue the talks, Deputy Foreign Minister Sergei Ryabkov said on Friday.

⟦"⟧We expect answers in writing, Ryabkov told reporters.

He added that "the ball is in their court" now.
"#,
        );
    }

    #[test]
    fn russian_guillemets_and_nothing_to_report() {
        check(
            Rule::MismatchedQuote,
            r#"
Рябков: мяч на их стороне

МОСКВА, 14 января - РИА Новости. Россия готова продолжить переговоры, заявил замминистра иностранных дел Сергей Рябков.

«Мы ждем ответов в письменном виде», — сказал Рябков журналистам.
"#,
        );
    }
}
