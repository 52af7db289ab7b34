//! Pure analysis: from one report's text (plus corpus context passed in) to facts
//! and findings. Nothing here knows about the LSP, the async runtime or the file
//! system; the corpus layer feeds it text and the server and CLI present its results.
//!
//! The work is split in two so that one edit never redoes the whole corpus:
//!
//! 1. [`LocalFacts::compute`] — everything that depends on the report alone (line
//!    keys for the cross-report line index, later quotes and mentions). The corpus
//!    caches it per report and recomputes it only when that report changes.
//! 2. [`analyze`] — the findings, from the text, its local facts and a
//!    [`CorpusContext`] (how often each line recurs in other reports, ...). Cheap.
//!
//! A new rule is a module in [`rules`] (its findings, messages and fixes), a
//! [`rules::Rule`] with its catalogue entry, a call in `every_rule`, and a
//! section in `docs/rules.md` (see ARCHITECTURE.md, "Adding a rule").

pub mod actors;
pub mod boilerplate;
pub mod context;
pub mod copies;
pub mod dateline;
pub mod finding;
pub mod lines;
pub mod metadata;
pub mod passages;
pub mod quotes;
pub mod rules;
pub mod text;

pub use context::{
    wording_hash, CorpusContext, QuoteLink, QuoteShape, SentenceLinks, Shape, MAX_RELATED,
};
pub use finding::{
    apply_edits, fix_all, fix_all_with, removal_range, Edit, Finding, Fix, Place, Related, Severity,
};
pub use text::{short, stable_hash};

/// Facts about one report that do not depend on the rest of the corpus.
#[derive(Debug, Clone, Default)]
pub struct LocalFacts {
    /// For each line, the key under which the corpus counts it across reports
    /// (`None` for blank or too-short lines).
    pub line_keys: Vec<Option<u64>>,
    /// Boilerplate lines as the report alone shows them (no corpus repetition):
    /// quotes and passages there are not indexed.
    pub skip: Vec<bool>,
    /// The report's paired quotation marks.
    pub pairing: quotes::marks::Pairing,
    /// Its direct quotes, with speakers.
    pub quotes: Vec<quotes::extract::Quote>,
    /// The matching signature and speaker key of each quote (an empty signature
    /// for a quote too short to link).
    pub quote_entries: Vec<(quotes::matching::QuoteSig, Option<String>)>,
    /// Narrative sentences (outside quotes) with their hashes, for reused passages.
    pub sentences: Vec<(std::ops::Range<usize>, u64)>,
    /// The dateline as the report alone shows it (for hovers over other reports,
    /// without running their whole analysis).
    pub dateline: Option<dateline::Dateline>,
    /// The dateline's date, to order reports; its year comes from the dateline
    /// or, when it has none, from the report's own text ("At the end of 2021" in a
    /// January report).
    pub date: Option<dateline::PartialDate>,
    /// Named actors (people, organisations, places).
    pub mentions: Vec<actors::Mention>,
    /// Events (meetings, talks, publications…), dated against the dateline.
    pub events: Vec<actors::events::EventMention>,
    /// What the report is about, for telling a weak quote match between two
    /// stories from one within a story ([`quotes::matching::context_sketch`]).
    pub context: Vec<u32>,
    /// What is compared of the body to find copies of the report
    /// ([`copies::signature`]; `None` for a short body).
    pub copy: Option<copies::CopySig>,
    /// Headline, byline, publication date, outlet and language
    /// ([`metadata::compute`]).
    pub meta: metadata::Metadata,
}

impl LocalFacts {
    /// Facts with the bundled registry of known actors.
    pub fn compute(text: &str) -> LocalFacts {
        LocalFacts::compute_with(text, actors::registry::Registry::bundled())
    }

    /// Facts with a given registry (the bundled one merged with the curator's).
    pub fn compute_with(text: &str, registry: &actors::registry::Registry) -> LocalFacts {
        let line_keys = lines::lines_with_ranges(text)
            .map(|(_, line)| line_key(line))
            .collect();
        let mut skip = boilerplate::mask(&boilerplate::classify(
            text,
            &boilerplate::CorpusSignal::NONE,
        ));
        // the report's language picks the word lists of the rules that read it
        let language = metadata::language(text, &skip);
        text::lang::with(language, || {
            if text::lang::own_function_words().is_some() {
                // measured again with the function words of its own language
                skip = boilerplate::mask(&boilerplate::classify(
                    text,
                    &boilerplate::CorpusSignal::NONE,
                ));
            }
            let pairing = quotes::marks::pair(text);
            let mentions = actors::find(text, &skip, registry);
            let quotes = quotes::extract::extract(text, &pairing, &skip, &mentions);
            let quote_entries = quotes.iter().map(quote_entry).collect();
            let sentences = passages::sentences(text, &skip, &quotes);
            let context = quotes::matching::context_sketch(text, &skip);
            let copy = copies::signature(text, &skip);
            let dateline = match dateline::detect(text, &skip) {
                dateline::DatelineOutcome::Found(d) => Some(d),
                _ => None,
            };
            let dateline_date = dateline.as_ref().and_then(|d| d.date.clone());
            let events =
                actors::events::find_with_mentions(text, &skip, dateline_date.as_ref(), &mentions);
            let mut date = dateline_date;
            if let Some(d) = date.as_mut() {
                if d.year.is_none() {
                    d.year = actors::events::infer_year(text, Some(d));
                }
            }
            let meta = metadata::compute(text, &skip, dateline.as_ref(), date.as_ref(), language);
            LocalFacts {
                meta,
                line_keys,
                skip,
                pairing,
                quotes,
                quote_entries,
                sentences,
                dateline,
                date,
                mentions,
                events,
                context,
                copy,
            }
        })
    }

    /// The actor mention at byte `offset`.
    pub fn mention_at(&self, offset: usize) -> Option<&actors::Mention> {
        self.mentions
            .iter()
            .find(|m| m.range.start <= offset && offset <= m.range.end)
    }

    /// The event mention at byte `offset`.
    pub fn event_at(&self, offset: usize) -> Option<&actors::events::EventMention> {
        self.events
            .iter()
            .find(|e| e.range.start <= offset && offset <= e.range.end)
    }

    /// The quote whose marks or text contain byte `offset`.
    pub fn quote_at(&self, offset: usize) -> Option<usize> {
        self.quotes.iter().position(|q| {
            let end = q.range.end + 3; // the closing mark (at most 3 bytes)
            q.open.start <= offset && offset <= end
        })
    }
}

/// The index entry of a quote: its signature (empty when it is too short to link)
/// and its speaker's surname key.
pub fn quote_entry(q: &quotes::extract::Quote) -> (quotes::matching::QuoteSig, Option<String>) {
    let sig = if q.is_linkable() {
        quotes::matching::signature(&q.text)
    } else {
        quotes::matching::QuoteSig::default()
    };
    (sig, q.speaker.as_ref().map(|s| s.surname_key.clone()))
}

/// The key of a line for cross-report counting: [`boilerplate::line_key`], hashed
/// ([`stable_hash`]).
pub fn line_key(line: &str) -> Option<u64> {
    Some(stable_hash(boilerplate::line_key(line)?.as_bytes()))
}

/// Everything the analysis found in one report.
#[derive(Debug, Clone, Default)]
pub struct Analysis {
    pub findings: Vec<Finding>,
    /// The class of every line (boilerplate, content, blank).
    pub line_classes: Vec<boilerplate::LineClass>,
    pub boilerplate: Vec<boilerplate::BoilerplateBlock>,
    /// What the dateline rule found at the start of the body.
    pub dateline: dateline::DatelineOutcome,
    /// The report's paired quotation marks.
    pub pairing: quotes::marks::Pairing,
}

impl Analysis {
    /// The headline's range with the corpus's boilerplate left out
    /// ([`metadata::headline`]); `None` for a report that opens with its
    /// dateline paragraph.
    pub fn headline(&self, text: &str) -> Option<std::ops::Range<usize>> {
        metadata::headline(text, |l| {
            matches!(
                self.line_classes.get(l),
                Some(boilerplate::LineClass::Boilerplate(_))
            )
        })
    }

    /// Where a finding about the whole report goes: the headline, else the
    /// first line that is not boilerplate, else the start.
    pub fn top(&self, text: &str) -> std::ops::Range<usize> {
        self.headline(text).unwrap_or_else(|| {
            metadata::first_content_line(text, |l| {
                matches!(
                    self.line_classes.get(l),
                    Some(boilerplate::LineClass::Boilerplate(_))
                )
            })
            .unwrap_or(0..0)
        })
    }

    /// The parsed dateline, when the body opens with one.
    pub fn dateline(&self) -> Option<&dateline::Dateline> {
        match &self.dateline {
            dateline::DatelineOutcome::Found(d) => Some(d),
            _ => None,
        }
    }
}

impl LocalFacts {
    /// The part of the facts that [`analyze`] needs.
    pub fn shape(&self) -> Shape {
        Shape {
            quotes: self
                .quotes
                .iter()
                .map(|q| QuoteShape {
                    range: q.range.clone(),
                    wording: wording_hash(&q.text),
                })
                .collect(),
            sentences: self.sentences.clone(),
            language: self.meta.language,
        }
    }
}

/// How many characters of a quote the corpus keeps, for messages and hovers about
/// other reports.
pub const EXCERPT_CHARS: usize = 120;

/// Run every rule on one report.
pub fn analyze(text: &str, facts: &Shape, ctx: &CorpusContext) -> Analysis {
    let signal = boilerplate::CorpusSignal {
        repeats: &ctx.line_repeats,
    };
    let lines = text::lang::with(facts.language, || boilerplate::classify(text, &signal));
    analyze_classified(text, facts, ctx, lines)
}

/// [`analyze`] with the boilerplate class of every line already known (what
/// [`boilerplate::classify`] gives with the repeats of `ctx`).
pub fn analyze_classified(
    text: &str,
    facts: &Shape,
    ctx: &CorpusContext,
    line_classes: Vec<boilerplate::LineClass>,
) -> Analysis {
    let index = lines::LineIndex::new(text);
    let blocks = boilerplate::blocks_from_classes(&line_classes);
    let skip = boilerplate::mask(&line_classes);
    let dateline = text::lang::with(facts.language, || dateline::detect(text, &skip));
    let pairing = quotes::marks::pair(text);
    let findings = every_rule(
        text,
        &index,
        &blocks,
        rules::dateline::findings(&dateline),
        rules::mismatched_quote::findings(&pairing, &index, &skip),
        facts,
        ctx,
    );
    Analysis {
        findings,
        line_classes,
        boilerplate: blocks,
        dateline,
        pairing,
    }
}

/// What the two rules that read only a report's text and its line classes
/// (missing dateline, mismatched quotation marks) found, small enough to keep
/// for every report beside its classes (`corpus::classes`). Given back to
/// [`findings_classified`] with the same text and classes, it spares detecting
/// the dateline and pairing the marks again; it never changes a finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Settled {
    pub dateline: SettledDateline,
    /// No mismatched-quote finding (no unpaired mark outside boilerplate).
    pub marks_pair: bool,
}

/// The dateline rule's outcome, as kept in [`Settled`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SettledDateline {
    /// A dateline was found, or there is no body: no finding.
    Quiet,
    /// No dateline: the finding goes on this byte range (the body's first line).
    Missing { start: u32, end: u32 },
    /// Anything else (a malformed dateline, or a range past 4 GiB): detect again.
    Again,
}

impl SettledDateline {
    fn of(outcome: &dateline::DatelineOutcome) -> SettledDateline {
        use dateline::DatelineOutcome as O;
        match outcome {
            O::Found(_) | O::NoBody => SettledDateline::Quiet,
            O::Missing { body_first_line: r } => {
                match (u32::try_from(r.start), u32::try_from(r.end)) {
                    (Ok(start), Ok(end)) => SettledDateline::Missing { start, end },
                    _ => SettledDateline::Again,
                }
            }
            O::Malformed { .. } => SettledDateline::Again,
        }
    }
}

/// The findings of [`analyze_classified`] alone (without the rest of the
/// analysis), from a line index of `text`, with what the text-only rules
/// found before for the same text and classes (`settled`), when known. Gives
/// the findings and what to keep for next time.
pub fn findings_classified(
    text: &str,
    index: &lines::LineIndex,
    facts: &Shape,
    ctx: &CorpusContext,
    line_classes: &[boilerplate::LineClass],
    settled: Option<Settled>,
) -> (Vec<Finding>, Settled) {
    // the boilerplate mask only when a text-only rule runs again
    let mask = std::cell::OnceCell::new();
    let skip = || -> &[bool] { mask.get_or_init(|| boilerplate::mask(line_classes)) };
    let (dateline, dateline_found) = match settled.map(|s| s.dateline) {
        Some(SettledDateline::Quiet) => (SettledDateline::Quiet, Vec::new()),
        Some(SettledDateline::Missing { start, end }) => (
            SettledDateline::Missing { start, end },
            rules::dateline::findings(&dateline::DatelineOutcome::Missing {
                body_first_line: start as usize..end as usize,
            }),
        ),
        Some(SettledDateline::Again) | None => {
            let outcome = text::lang::with(facts.language, || dateline::detect(text, skip()));
            (
                SettledDateline::of(&outcome),
                rules::dateline::findings(&outcome),
            )
        }
    };
    let marks_found = match settled {
        Some(s) if s.marks_pair => Vec::new(),
        _ => rules::mismatched_quote::findings(&quotes::marks::pair(text), index, skip()),
    };
    let marks_pair = marks_found.is_empty();
    let blocks = boilerplate::blocks_from_classes(line_classes);
    let findings = every_rule(
        text,
        index,
        &blocks,
        dateline_found,
        marks_found,
        facts,
        ctx,
    );
    (
        findings,
        Settled {
            dateline,
            marks_pair,
        },
    )
}

/// Every rule's findings in order of place, given the line classes' blocks and
/// what the two text-only rules (dateline, quotation marks) found. A new rule
/// goes here, so that [`analyze`] and [`findings_classified`] both run it.
fn every_rule(
    text: &str,
    index: &lines::LineIndex,
    blocks: &[boilerplate::BoilerplateBlock],
    dateline: Vec<Finding>,
    marks: Vec<Finding>,
    facts: &Shape,
    ctx: &CorpusContext,
) -> Vec<Finding> {
    let mut findings = rules::boilerplate::findings(text, index, blocks);
    findings.extend(dateline);
    findings.extend(marks);
    findings.extend(rules::quote_variant::findings(facts, ctx));
    findings.extend(rules::reused_passage::findings(text, facts, ctx));
    findings.extend(rules::near_duplicate::findings(text, blocks, ctx));
    findings.sort_by_key(|f| (f.range.start, f.range.end));
    findings
}
