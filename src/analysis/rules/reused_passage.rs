//! `reused-passage`: narrative sentences (not quotes) that other reports carry
//! word for word, merged into passages.
//!
//! The sentence links come from the corpus ([`CorpusContext::sentence_links`]);
//! neighbouring reused sentences make one passage ([`passages::merge`]), which
//! lists the earliest carriers (at most [`MAX_RELATED`]) and counts the rest.
//! Documented in `docs/rules.md#reused-passage`.

use crate::analysis::context::{CorpusContext, Shape, MAX_RELATED};
use crate::analysis::finding::{Finding, Related};
use crate::analysis::passages;
use crate::analysis::rules::Rule;

pub fn findings(text: &str, facts: &Shape, ctx: &CorpusContext) -> Vec<Finding> {
    let reused: Vec<bool> = ctx
        .sentence_links
        .iter()
        .map(|l| !l.reports.is_empty())
        .collect();
    if !reused.contains(&true) {
        return Vec::new();
    }
    passages::merge(text, &facts.sentences, &reused)
        .into_iter()
        .map(|range| {
            let mut related: Vec<Related> = Vec::new();
            let mut others: Vec<u32> = Vec::new();
            for (i, (r, _)) in facts.sentences.iter().enumerate() {
                if r.start >= range.start && r.end <= range.end {
                    let Some(links) = ctx.sentence_links.get(i) else {
                        continue;
                    };
                    others.extend(&links.reports);
                    for p in &links.places {
                        if related.len() < MAX_RELATED
                            && !related.iter().any(|x| x.place.path == p.path)
                        {
                            related.push(Related {
                                place: p.clone(),
                                message: "the same passage, word for word".into(),
                            });
                        }
                    }
                }
            }
            others.sort_unstable();
            others.dedup();
            let n = others.len();
            // many carriers are counted only up to the cap: "more than ten"
            let message = if n > MAX_RELATED {
                format!(
                    "This passage also appears word for word in more than {MAX_RELATED} other reports (the {} earliest are listed)",
                    related.len()
                )
            } else {
                format!(
                    "This passage also appears word for word in {n} other report{}",
                    if n == 1 { "" } else { "s" }
                )
            };
            let mut f = Finding::new(Rule::ReusedPassage, range, message);
            f.related = related;
            f
        })
        .collect()
}
