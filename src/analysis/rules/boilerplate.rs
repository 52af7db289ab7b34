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
use crate::analysis::text::{plural, speech};
use crate::analysis::{dateline, quotes};

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
            let held = held_lines(text, index, b.lines.clone());
            let mut f = finding(text, index, b, &held);
            if held.is_empty() {
                f.fixes.push(Fix {
                    title: "Remove this boilerplate block".into(),
                    edits: vec![edit.clone()],
                    preferred: true,
                    guarded: false,
                });
            } else {
                f.fixes.extend(fixes_keeping(text, index, b, &held, edit));
            }
            if all_edits.len() > 1 {
                f.fixes.push(Fix {
                    title: format!(
                        "Remove all boilerplate in this report ({} blocks)",
                        all_edits.len()
                    ),
                    edits: all_edits.clone(),
                    preferred: false,
                    guarded: false,
                });
            }
            f
        })
        .collect()
}

/// The finding of one block, without its fixes: the kind and size in the
/// message, and what it holds that a fix keeps.
fn finding(text: &str, index: &LineIndex, b: &BoilerplateBlock, held: &[(usize, Held)]) -> Finding {
    let content_lines = (b.lines.clone())
        .filter(|&l| !text[index.line_range(text, l)].trim().is_empty())
        .count();
    let start = index.line_start(b.lines.start);
    let end = index.line_range(text, b.lines.end - 1).end;
    let mut message = format!(
        "Left over from the web page: {}, {} line{}",
        b.label(),
        content_lines,
        plural(content_lines)
    );
    let first_held = held.first().map(|&(_, h)| h);
    if let Some(h) = first_held {
        message.push_str(&format!(
            " — {} of them {} {}, which the quick fix keeps",
            held.len(),
            if held.len() == 1 { "holds" } else { "hold" },
            h.label()
        ));
    }
    let mut f = Finding::new(Rule::Boilerplate, start..end, message);
    let mut data = serde_json::json!({
        "kind": b.kind.as_str(),
        "kinds": b.kind_names(),
        "lines": content_lines,
        "first_line": b.lines.start,
        "last_line": b.lines.end - 1,
    });
    if let Some(h) = first_held {
        data["holds"] = h.as_str().into();
        data["held_lines"] = held.iter().map(|&(l, _)| l).collect::<Vec<_>>().into();
    }
    f.data = Some(data);
    f
}

/// The fixes of a block that holds what may be part of the report: the
/// preferred one keeps those lines; removing them too is guarded.
fn fixes_keeping(
    text: &str,
    index: &LineIndex,
    b: &BoilerplateBlock,
    held: &[(usize, Held)],
    whole: &Edit,
) -> [Fix; 2] {
    let what = held.first().map_or("", |&(_, h)| h.label());
    [
        Fix {
            title: format!(
                "Remove this boilerplate block but the {} line{} with {what}",
                held.len(),
                plural(held.len()),
            ),
            edits: removal_around(text, index, b.lines.clone(), held),
            preferred: true,
            guarded: false,
        },
        Fix {
            title: format!("Remove the whole block, {what} included"),
            edits: vec![whole.clone()],
            preferred: false,
            guarded: true,
        },
    ]
}

/// Edits that remove the lines of `block` but the `held` ones (sorted), a
/// run of lines at a time.
fn removal_around(
    text: &str,
    index: &LineIndex,
    block: std::ops::Range<usize>,
    held: &[(usize, Held)],
) -> Vec<Edit> {
    let mut edits = Vec::new();
    let mut run_start = block.start;
    let kept = held
        .iter()
        .map(|&(l, _)| l)
        .chain(std::iter::once(block.end));
    for k in kept {
        // the run before a kept line, without its blank lines at either end
        let blank = |l: usize| text[index.line_range(text, l)].trim().is_empty();
        let (mut a, mut z) = (run_start, k);
        while a < z && blank(a) {
            a += 1;
        }
        while z > a && blank(z - 1) {
            z -= 1;
        }
        if a < z {
            edits.push(Edit {
                range: removal_range(text, index, a, z - 1),
                new_text: String::new(),
            });
        }
        run_start = k + 1;
    }
    edits
}

/// What a block judged boilerplate holds that may be part of the report, so
/// that removing it needs the curator's say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Held {
    /// A line that opens with a dateline.
    Dateline,
    /// A quotation of three words or more.
    Quotation,
    /// A sentence where a named actor speaks: `Lavrov said the talks…`.
    Statement,
}

impl Held {
    pub fn as_str(self) -> &'static str {
        match self {
            Held::Dateline => "dateline",
            Held::Quotation => "quotation",
            Held::Statement => "statement",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Held::Dateline => "a dateline",
            Held::Quotation => "a quotation",
            Held::Statement => "a statement by a named actor",
        }
    }
}

/// The lines of `block` (line numbers of `text`) that hold what may be part
/// of the report, with what each holds. Linear in the block's length.
pub fn held_lines(
    text: &str,
    index: &LineIndex,
    block: std::ops::Range<usize>,
) -> Vec<(usize, Held)> {
    if block.is_empty() {
        return Vec::new();
    }
    let start = index.line_start(block.start);
    let end = index.line_range(text, block.end - 1).end;
    let part = &text[start..end];
    // lines of the block touched by a quotation of three words or more
    let mut quoted = vec![false; block.len()];
    let line_of = |at: usize| index.line_of(start + at).saturating_sub(block.start);
    // outer quotations only: a nested one lies inside its outer one
    for q in quotes::marks::pair(part)
        .quotes
        .iter()
        .filter(|q| q.depth == 0)
    {
        let words = part[q.inner.clone()]
            .split_whitespace()
            .filter(|w| w.chars().any(char::is_alphabetic))
            .count();
        if words >= 3 {
            let (a, z) = (
                line_of(q.open.start),
                line_of(q.close.start).min(block.len() - 1),
            );
            if a <= z {
                quoted[a..=z].fill(true);
            }
        }
    }
    block
        .clone()
        .filter_map(|l| {
            let line = &text[index.line_range(text, l)];
            let held = if dateline::opens_with_dateline(line) {
                Held::Dateline
            } else if quoted[l - block.start] {
                Held::Quotation
            } else if is_statement(line) {
                Held::Statement
            } else {
                return None;
            };
            Some((l, held))
        })
        .collect()
}

/// A line of prose (six words or more) where a verb of speech has a
/// capitalised word, a name, within four words before or three after it.
fn is_statement(line: &str) -> bool {
    let words: Vec<&str> = line
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
        .collect();
    if words.len() < 6 {
        return false;
    }
    let named = |w: &&str| w.chars().next().is_some_and(char::is_uppercase);
    words.iter().enumerate().any(|(i, w)| {
        speech::is_speech_verb(w)
            && (words[i.saturating_sub(4)..i].iter().any(named)
                || words[i + 1..(i + 4).min(words.len())].iter().any(named))
    })
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

    #[test]
    fn what_a_block_holds_that_may_be_part_of_the_report() {
        use super::{held_lines, Held};
        use crate::analysis::lines::LineIndex;
        // the first kind of report content that the lines of `block` hold
        let holds = |block: &str| {
            let index = LineIndex::new(block);
            held_lines(block, &index, 0..index.line_count())
                .first()
                .map(|&(_, h)| h)
        };
        assert_eq!(
            holds("Talks resume\nMOSCOW, January 14 - RIA Novosti."),
            Some(Held::Dateline)
        );
        assert_eq!(
            holds("Share\n«Мы готовы к переговорам», — сказал он.\n"),
            Some(Held::Quotation)
        );
        assert_eq!(
            holds("Related: Lavrov said the talks in Geneva would go on next week."),
            Some(Held::Statement)
        );
        for furniture in [
            "Home | News | Sport | Weather",
            "Share\nTweet\nComments (3)",
            "The rights to this material belong to Agency\nDo you want to leave a comment? Register and/or Log in",
            "Войти\n2817\n0",
            "He said \"yes\"",
            "Read also: said the spokesman",
        ] {
            assert_eq!(holds(furniture), None, "{furniture}");
        }
    }
}
