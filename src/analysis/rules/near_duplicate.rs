//! `near-duplicate`: the report is a copy of another report of the corpus —
//! the same wire story under another site, or one story scraped twice.
//!
//! The copies come from the corpus ([`CorpusContext::copies`], found by
//! [`crate::analysis::copies`]). Only the later copy is told: the one
//! published later (the date the headline's hover shows), or, dated alike,
//! the one later by path. The finding
//! stands on the report's first line (its headline), names the earliest
//! copy and lists every other one as related information.
//! Documented in `docs/rules.md#near-duplicate`.

use crate::analysis::boilerplate::BoilerplateBlock;
use crate::analysis::context::{CopyOf, CopyOrder, CorpusContext, MAX_RELATED};
use crate::analysis::finding::{Finding, Place, Related};
use crate::analysis::lines::Point;
use crate::analysis::rules::Rule;

/// How a copy is described: "an exact copy" or "a 94% copy".
pub fn extent(c: &CopyOf) -> String {
    describe(c.resemblance, c.exact)
}

/// "an exact copy" for the same body word for word, else "a 94% copy" for
/// a resemblance of 0.94.
pub fn describe(resemblance: f32, exact: bool) -> String {
    if exact {
        "an exact copy".to_string()
    } else {
        // never "100%" for a copy that is not exact
        let pct = ((resemblance * 100.0).round() as u32).min(99);
        // "an 80%", "an 11%"
        let an = pct / 10 == 8 || pct == 8 || pct == 11 || pct == 18;
        format!("{} {pct}% copy", if an { "an" } else { "a" })
    }
}

/// The finding on the report of `text`, whose boilerplate is `blocks`.
pub fn findings(text: &str, blocks: &[BoilerplateBlock], ctx: &CorpusContext) -> Vec<Finding> {
    let Some(first) = ctx.copies.first() else {
        return Vec::new();
    };
    let when = match first.order {
        CopyOrder::DatedEarlier => "dated earlier",
        CopyOrder::FirstByPath => "dated the same, first by name",
        // the earliest copy is not told
        CopyOrder::Later => return Vec::new(),
    };
    // on the headline, else the first line with words that is not boilerplate
    let in_block = |l: usize| blocks.iter().any(|b| b.lines.contains(&l));
    let range = crate::analysis::metadata::headline(text, in_block)
        .or_else(|| crate::analysis::metadata::first_content_line(text, in_block))
        .unwrap_or(0..0);
    let others = ctx.copies.len() - 1;
    let mut message = format!(
        "This report is {} of {} ({when})",
        extent(first),
        first.name
    );
    match others {
        0 => {}
        1 => message.push_str("; one other report is a copy too"),
        n => message.push_str(&format!("; {n} other reports are copies too")),
    }
    let mut f = Finding::new(Rule::NearDuplicate, range, message);
    f.related = ctx
        .copies
        .iter()
        .take(MAX_RELATED)
        .map(|c| Related {
            place: Place {
                path: Some(c.path.clone()),
                range: 0..0,
                at: Some([Point::line_start(0), Point::line_start(0)]),
            },
            message: format!(
                "{} ({})",
                extent(c),
                match c.order {
                    CopyOrder::DatedEarlier => "dated earlier",
                    CopyOrder::FirstByPath => "dated the same",
                    CopyOrder::Later => "dated later or the same",
                }
            ),
        })
        .collect();
    vec![f]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn copy(name: &str, resemblance: f32, order: CopyOrder) -> CopyOf {
        CopyOf {
            path: format!("/corpus/{name}").into(),
            name: name.to_string(),
            resemblance,
            exact: resemblance >= 1.0,
            order,
        }
    }

    #[test]
    fn the_later_copy_is_told_on_its_headline_with_every_copy_related() {
        let text = "\nHome | World\n  Talks in Geneva end without result\nMOSCOW, January 14 - …\n";
        let ctx = CorpusContext {
            copies: vec![
                copy("tass/osce.txt", 0.943, CopyOrder::DatedEarlier),
                copy("ria/osce.txt", 1.0, CopyOrder::Later),
            ],
            ..Default::default()
        };
        let blocks = [BoilerplateBlock {
            lines: 1..2,
            kind: crate::analysis::boilerplate::BoilerplateKind::Navigation,
            kinds: vec![crate::analysis::boilerplate::BoilerplateKind::Navigation],
        }];
        let f = findings(text, &blocks, &ctx);
        assert_eq!(f.len(), 1);
        assert_eq!(
            &text[f[0].range.clone()],
            "Talks in Geneva end without result"
        );
        assert_eq!(
            f[0].message,
            "This report is a 94% copy of tass/osce.txt (dated earlier); one other report is a copy too"
        );
        assert_eq!(f[0].related.len(), 2);
        assert_eq!(
            f[0].related[1].message,
            "an exact copy (dated later or the same)"
        );
    }

    #[test]
    fn the_earliest_copy_is_not_told_and_a_near_copy_never_says_100() {
        let ctx = CorpusContext {
            copies: vec![copy("later.txt", 1.0, CopyOrder::Later)],
            ..Default::default()
        };
        let text = "Headline\n";
        assert!(findings(text, &[], &ctx).is_empty());
        assert_eq!(extent(&copy("x", 0.998, CopyOrder::Later)), "a 99% copy");
        assert_eq!(extent(&copy("x", 0.86, CopyOrder::Later)), "an 86% copy");
    }
}
