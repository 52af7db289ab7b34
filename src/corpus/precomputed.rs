//! # Quote links computed elsewhere
//!
//! `newsdesk link` (batch mode) computes the quote links of a whole export on
//! DataFusion or a Ballista cluster. A [`LinkTable`] is what those tables say,
//! as plain data (the batch layer reads the Parquet files): the reports they
//! were computed for, each with its content hash and number of quotations, and
//! the links between them.
//!
//! [`Corpus::adopt_link_table`] takes the links of the reports that still have
//! the content they were linked with, as the links file of the index cache is
//! taken ([`Corpus::load_links`]): a report edited or added since gets its
//! links from the live quote index, and so does every report one of its old or
//! new links points at (both ends); a link to a report that changed is never
//! shown. A table computed by another build of newsdesk, with other actors or
//! at another quote threshold numbers or scores quotations differently: it is
//! refused whole, with a message that says why and what to run.

use super::{Corpus, ReportId, MAX_CHANGED_FOR_LINKS};
use crate::corpus::links::ReportLinks;
use crate::corpus::quote_index::QuoteRef;
use std::sync::Arc;

/// One report of a link table: the content it was linked with.
#[derive(Debug, Clone, PartialEq)]
pub struct TableReport {
    /// Relative to the corpus root, `/`-separated (as `analyze` names it).
    pub path: String,
    pub hash: u64,
    /// How many quotations the analysis found in it.
    pub quotes: u32,
}

/// One quote link: quotation `from_quote` of report `from` (an index into
/// [`LinkTable::reports`]) is the same statement as `to_quote` of `to`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TableLink {
    pub from: u32,
    pub from_quote: u32,
    pub to: u32,
    pub to_quote: u32,
    pub score: f32,
}

/// The links of each quotation of a report, as quote-index slots and scores.
type QuoteLists = Vec<Vec<(u32, f32)>>;

/// What a link run computed, as plain data.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LinkTable {
    /// The build of newsdesk whose analysis numbered the quotations
    /// ([`super::cache::build_id`]).
    pub build: u64,
    /// The fingerprint of the actors the speakers were named from.
    pub registry: u64,
    /// The score at or above which the link run linked two quotations.
    pub threshold: f32,
    pub reports: Vec<TableReport>,
    /// In any order.
    pub links: Vec<TableLink>,
}

/// What was taken from a link table.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Adopted {
    /// Reports whose links come from the table.
    pub reports: usize,
    /// Links among them.
    pub links: usize,
    /// Reports of the corpus that changed since the table was computed (or are
    /// not in it): their links come from the live index.
    pub changed: usize,
}

impl Corpus {
    /// Take the quote links of `table` for the reports that have the content
    /// they were linked with (see the module's documentation). On an error
    /// nothing was taken; the message is for the curator.
    pub fn adopt_link_table(&self, table: &LinkTable) -> Result<Adopted, String> {
        const AGAIN: &str = "run newsdesk export and newsdesk link again";
        if table.build != super::cache::build_id() {
            return Err(format!(
                "they were computed by another version of newsdesk, which may number and score quotations differently; {AGAIN}"
            ));
        }
        if table.registry != self.registry.fingerprint() {
            return Err(format!(
                "they were computed with other actors (entities.toml or [entities] changed since), which name speakers differently; {AGAIN}"
            ));
        }
        let here = self.quote_threshold();
        if table.threshold.to_bits() != here.to_bits() {
            return Err(format!(
                "they were computed at quote threshold {}, and this corpus links quotations at {here}; {AGAIN}, or set [quotes] threshold = {}",
                table.threshold, table.threshold
            ));
        }
        // each report of the table, when it is here with that content
        let slots: Vec<Option<(ReportId, usize)>> = table
            .reports
            .iter()
            .map(|r| {
                let id = *self.ids.get(self.root.join(&r.path).as_path())?;
                let f = self.by_id(id)?.facts()?;
                (f.hash == r.hash && f.quotes.len() == r.quotes as usize)
                    .then_some((id, f.quotes.len()))
            })
            .collect();
        let unchanged: rustc_hash::FxHashSet<ReportId> =
            slots.iter().flatten().map(|&(id, _)| id).collect();
        let changed = self.changed_since(&unchanged);
        if changed.len() > MAX_CHANGED_FOR_LINKS {
            return Err(format!(
                "{} reports changed since they were computed, more than the {MAX_CHANGED_FOR_LINKS} whose links are worth computing at start; {AGAIN}",
                changed.len()
            ));
        }
        // every link checked before any is taken
        // per report of the table, the links of each of its quotations (None:
        // linked live)
        let mut lists: Vec<Option<QuoteLists>> = slots
            .iter()
            .map(|s| s.map(|(_, n)| vec![Vec::new(); n]))
            .collect();
        let bad = |what: String| {
            format!("the quote links do not belong to the reports they name ({what}); {AGAIN}")
        };
        for l in &table.links {
            let (Some(from), Some(to)) = (
                table.reports.get(l.from as usize),
                table.reports.get(l.to as usize),
            ) else {
                return Err(bad(format!("report number {} or {}", l.from, l.to)));
            };
            if l.from_quote >= from.quotes || l.to_quote >= to.quotes || l.from == l.to {
                return Err(bad(format!(
                    "quotation {} of {} linked to quotation {} of {}",
                    l.from_quote, from.path, l.to_quote, to.path
                )));
            }
            let Some(list) = lists[l.from as usize].as_mut() else {
                continue; // the report changed: linked live
            };
            let Some((to_id, _)) = slots[l.to as usize] else {
                // a link to a report that changed: this report is linked live
                lists[l.from as usize] = None;
                continue;
            };
            let slot = self.quote_index.id_of(QuoteRef {
                report: to_id,
                quote: l.to_quote as usize,
            });
            let Some(slot) = slot else {
                return Err(bad(format!(
                    "quotation {} of {} is not one the index links",
                    l.to_quote, to.path
                )));
            };
            list[l.from_quote as usize].push((slot, l.score));
        }
        let mut adopted = Adopted {
            changed: changed.len(),
            ..Adopted::default()
        };
        for (slot, list) in slots.iter().zip(lists) {
            let (Some((id, _)), Some(mut list)) = (*slot, list) else {
                continue;
            };
            for quote in &mut list {
                // best first, as the index lists them
                quote.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
                adopted.links += quote.len();
            }
            let l = ReportLinks::new(self.link_version(id), self.clock, &list);
            self.links.put(id, Arc::new(l));
            adopted.reports += 1;
        }
        self.links.mark_clean();
        self.relink_changed(changed);
        Ok(adopted)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str = "Ministers meet\n\nPRAGUE, March 2 - RIA Novosti. The minister spoke.\n\n\"We cannot allow the grain corridor to close before the spring sowing, because every week of delay drives bread prices higher,\" Tomas Vanek said.\n";
    const B: &str = "Prague wants the route open\n\nPRAGUE, March 2. /RT/. The minister called for it.\n\n\"We must not let the grain corridor shut down before spring sowing, since each week of delay pushes the price of bread up,\" Tomas Vanek told journalists.\n";
    const C: &str = "Snow in Brno\n\nBRNO, March 2 - CTK. Snow fell overnight.\n\n\"The roads will be cleared by the evening and the trams will run all night,\" the mayor said.\n";

    fn corpus() -> (tempfile::TempDir, Corpus) {
        let root = tempfile::tempdir().unwrap();
        for (name, text) in [("a.txt", A), ("b.txt", B), ("c.txt", C)] {
            std::fs::write(root.path().join(name), text).unwrap();
        }
        let mut c = Corpus::new(root.path());
        c.set_cache_dir(None);
        c.load_all();
        (root, c)
    }

    /// The table a link run would write for `c`, with one more link: the
    /// mayor (c) to the minister (a), which the index never makes.
    fn table(c: &Corpus) -> LinkTable {
        let reports = ["a.txt", "b.txt", "c.txt"]
            .iter()
            .map(|name| {
                let f = c.get(&c.root().join(name)).unwrap().facts().unwrap();
                TableReport {
                    path: name.to_string(),
                    hash: f.hash,
                    quotes: f.quotes.len() as u32,
                }
            })
            .collect();
        let link = |from, to, score| TableLink {
            from,
            from_quote: 0,
            to,
            to_quote: 0,
            score,
        };
        LinkTable {
            build: crate::corpus::cache::build_id(),
            registry: c.registry().fingerprint(),
            threshold: c.quote_threshold(),
            reports,
            links: vec![link(0, 1, 0.8), link(1, 0, 0.8), link(2, 0, 0.95)],
        }
    }

    fn linked(c: &Corpus, name: &str) -> Vec<String> {
        let id = c.get(&c.root().join(name)).unwrap().id;
        c.quote_links(id, 0)
            .into_iter()
            .map(|l| c.relative(&l.path))
            .collect()
    }

    #[test]
    fn the_links_of_unchanged_reports_come_from_the_table() {
        let (_root, c) = corpus();
        assert!(linked(&c, "c.txt").is_empty(), "the index links no mayor");
        let taken = c.adopt_link_table(&table(&c)).unwrap();
        assert_eq!(
            taken,
            Adopted {
                reports: 3,
                links: 3,
                changed: 0
            }
        );
        assert_eq!(linked(&c, "c.txt"), ["a.txt"], "the table's link is shown");
        assert_eq!(linked(&c, "b.txt"), ["a.txt"]);
    }

    #[test]
    fn a_report_changed_since_is_linked_live_and_links_to_it_are_dropped() {
        let (_root, mut c) = corpus();
        let t = table(&c);
        // the mayor's report is edited after the link run
        let path = c.root().join("c.txt");
        let edited = format!("{C}\nThe snow is expected to stop on Friday.\n");
        let content = c.loader().text(edited);
        c.upsert(&path, content);
        let taken = c.adopt_link_table(&t).unwrap();
        assert_eq!((taken.reports, taken.changed), (2, 1));
        assert!(linked(&c, "c.txt").is_empty(), "linked by the index");
        assert_eq!(linked(&c, "a.txt"), ["b.txt"]);
        // and a report the table links to changes: the link is not shown
        let (_root2, c2) = corpus();
        let mut t2 = table(&c2);
        t2.reports[0].hash ^= 1; // a.txt "changed" since the table
        c2.adopt_link_table(&t2).unwrap();
        assert!(
            linked(&c2, "c.txt").is_empty(),
            "no link to a changed report"
        );
        assert_eq!(linked(&c2, "b.txt"), ["a.txt"], "the live link");
    }

    #[test]
    fn a_table_of_another_build_threshold_or_actors_is_refused_whole() {
        let (_root, c) = corpus();
        let mut t = table(&c);
        t.threshold = 0.9;
        let e = c.adopt_link_table(&t).unwrap_err();
        assert!(e.contains("quote threshold 0.9"), "{e}");
        let mut t = table(&c);
        t.build ^= 1;
        let e = c.adopt_link_table(&t).unwrap_err();
        assert!(e.contains("another version of newsdesk"), "{e}");
        let mut t = table(&c);
        t.registry ^= 1;
        assert!(c.adopt_link_table(&t).unwrap_err().contains("other actors"));
        // a quotation the report does not have
        let mut t = table(&c);
        t.links[2].to_quote = 7;
        let e = c.adopt_link_table(&t).unwrap_err();
        assert!(e.contains("quotation 7 of a.txt"), "{e}");
        assert!(linked(&c, "c.txt").is_empty(), "nothing was taken");
    }
}
