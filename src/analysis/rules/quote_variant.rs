//! `quote-variant`: a quote that other reports give in different words (another
//! outlet's translation of the same statement).
//!
//! The links come from the corpus ([`CorpusContext::quote_links`]); a link with
//! the same wording is a copy, not a variant, and is not reported. The finding
//! lists the closest variants (at most [`MAX_RELATED`]) with their scores.
//! Documented in `docs/rules.md#quote-variant`.

use crate::analysis::context::{CorpusContext, QuoteLink, Shape, MAX_RELATED};
use crate::analysis::finding::{Finding, Place, Related};
use crate::analysis::rules::Rule;

pub fn findings(facts: &Shape, ctx: &CorpusContext) -> Vec<Finding> {
    let mut out = Vec::new();
    for (q, links) in facts.quotes.iter().zip(&ctx.quote_links) {
        let variants: Vec<&QuoteLink> = links.iter().filter(|l| l.wording != q.wording).collect();
        if variants.is_empty() {
            continue;
        }
        let n = variants.len();
        let listed = if n > MAX_RELATED {
            format!(" (the {MAX_RELATED} closest are listed)")
        } else {
            String::new()
        };
        let mut f = Finding::new(
            Rule::QuoteVariant,
            q.range.clone(),
            format!(
                "This quote is worded differently in {n} other report{}{listed}",
                if n == 1 { "" } else { "s" }
            ),
        );
        for v in variants.into_iter().take(MAX_RELATED) {
            f.related.push(Related {
                place: Place {
                    path: Some(v.path.clone()),
                    range: v.range.clone(),
                    at: Some(v.points),
                },
                message: format!("“{}” (match {:.2})", v.excerpt, v.score),
            });
        }
        out.push(f);
    }
    out
}
