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
//! A new rule is a module here, a [`rules::RuleInfo`] entry, a call in [`analyze`],
//! and a section in `docs/rules.md`.

pub mod boilerplate;
pub mod dateline;
pub mod events;
pub mod finding;
pub mod lines;
pub mod mentions;
pub mod passages;
pub mod quote_extract;
pub mod quote_match;
pub mod quotes;
pub mod registry;
pub mod rules;
pub mod text;

pub use finding::{Edit, Finding, Fix, Place, Related, Severity};

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
    pub pairing: quotes::Pairing,
    /// Its direct quotes, with speakers.
    pub quotes: Vec<quote_extract::Quote>,
    /// The matching signature and speaker key of each quote (an empty signature
    /// for a quote too short to link).
    pub quote_entries: Vec<(quote_match::QuoteSig, Option<String>)>,
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
    pub mentions: Vec<mentions::Mention>,
    /// Events (meetings, talks, publications…), dated against the dateline.
    pub events: Vec<events::EventMention>,
}

impl LocalFacts {
    /// Facts with the bundled registry of known actors.
    pub fn compute(text: &str) -> LocalFacts {
        LocalFacts::compute_with(text, registry::Registry::bundled())
    }

    /// Facts with a given registry (the bundled one merged with the curator's).
    pub fn compute_with(text: &str, registry: &registry::Registry) -> LocalFacts {
        let line_keys = lines::lines_with_ranges(text)
            .map(|(_, line)| line_key(line))
            .collect();
        let skip = boilerplate::mask(&boilerplate::classify(
            text,
            &boilerplate::CorpusSignal::NONE,
        ));
        let pairing = quotes::pair(text);
        let quotes = quote_extract::extract(text, &pairing, &skip);
        let quote_entries = quotes.iter().map(quote_entry).collect();
        let sentences = passages::sentences(text, &skip, &quotes);
        let dateline = match dateline::detect(text, &skip) {
            dateline::DatelineOutcome::Found(d) => Some(d),
            _ => None,
        };
        let dateline_date = dateline.as_ref().and_then(|d| d.date.clone());
        let mentions = mentions::find(text, &skip, registry);
        let events = events::find_with_mentions(text, &skip, dateline_date.as_ref(), &mentions);
        let mut date = dateline_date;
        if let Some(d) = date.as_mut() {
            if d.year.is_none() {
                d.year = events::infer_year(text, Some(d));
            }
        }
        LocalFacts {
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
        }
    }

    /// The actor mention at byte `offset`.
    pub fn mention_at(&self, offset: usize) -> Option<&mentions::Mention> {
        self.mentions
            .iter()
            .find(|m| m.range.start <= offset && offset <= m.range.end)
    }

    /// The event mention at byte `offset`.
    pub fn event_at(&self, offset: usize) -> Option<&events::EventMention> {
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
pub fn quote_entry(q: &quote_extract::Quote) -> (quote_match::QuoteSig, Option<String>) {
    let sig = if q.is_linkable() {
        quote_match::signature(&q.text)
    } else {
        quote_match::QuoteSig::default()
    };
    (sig, q.speaker.as_ref().map(|s| s.surname_key.clone()))
}

/// The key of a line for cross-report counting: [`boilerplate::line_key`], hashed
/// ([`stable_hash`]).
pub fn line_key(line: &str) -> Option<u64> {
    Some(stable_hash(boilerplate::line_key(line)?.as_bytes()))
}

/// A 64-bit hash that is the same in every run and every build (XXH3), for keys
/// that are kept on disk.
pub fn stable_hash(bytes: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64(bytes)
}

/// What [`analyze`] needs of a report besides its text and the corpus: where its
/// quotes and narrative sentences are. The corpus keeps this for every report, so
/// that findings never need the rest of the local facts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Shape {
    pub quotes: Vec<QuoteShape>,
    /// Narrative sentences with their hashes, as in [`LocalFacts::sentences`].
    pub sentences: Vec<(std::ops::Range<usize>, u64)>,
}

/// Where one quote stands and how it is worded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuoteShape {
    /// The quote's text range (without marks), as [`quote_extract::Quote::range`].
    pub range: std::ops::Range<usize>,
    /// [`wording_hash`] of its words: two quotes with the same hash are worded
    /// alike (a copy, not a variant).
    pub wording: u64,
}

/// Hash of the normalised wording of a quote (case, punctuation and spacing
/// ignored), to tell a variant from a verbatim copy.
pub fn wording_hash(s: &str) -> u64 {
    stable_hash(wording(s).as_bytes())
}

/// What the corpus knows that bears on one report.
#[derive(Debug, Clone, Default)]
pub struct CorpusContext {
    /// For each line of the report, in how many other reports the same line key
    /// occurs.
    pub line_repeats: Vec<u32>,
    /// For each quote of the report (as in [`LocalFacts::quotes`]), the other
    /// reports' quotes of the same statement.
    pub quote_links: Vec<Vec<QuoteLink>>,
    /// For each sentence of the report (as in [`LocalFacts::sentences`]), the
    /// other reports that carry it word for word.
    pub sentence_links: Vec<SentenceLinks>,
}

/// The other reports that carry one sentence word for word.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SentenceLinks {
    /// Every other report carrying it (ids that only tell reports apart).
    pub reports: Vec<u32>,
    /// Where the first of them carry it, the earliest report first (at most
    /// [`MAX_RELATED`]).
    pub places: Vec<Place>,
}

/// Most places listed under one finding: a statement quoted by 80 reports, or a
/// background paragraph that 5,000 reports carry, lists the closest or earliest
/// few and counts the rest (Go to Definition lists them all).
pub const MAX_RELATED: usize = 10;

/// Another report's quote of the same statement.
#[derive(Debug, Clone, PartialEq)]
pub struct QuoteLink {
    pub path: std::path::PathBuf,
    /// The other quote's text range (without marks).
    pub range: std::ops::Range<usize>,
    /// The other quote's first words ([`short`] to [`EXCERPT_CHARS`]).
    pub excerpt: String,
    /// [`wording_hash`] of the other quote.
    pub wording: u64,
    pub speaker: Option<String>,
    /// Where the other quote's range starts and ends.
    pub points: [lines::Point; 2],
    /// Link score in [0, 1].
    pub score: f32,
    pub date: Option<dateline::PartialDate>,
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
    pub pairing: quotes::Pairing,
}

impl Analysis {
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
    analyze_classified(text, facts, ctx, boilerplate::classify(text, &signal))
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
    let dateline = dateline::detect(text, &skip);
    let pairing = quotes::pair(text);
    let findings = every_rule(
        text,
        &index,
        &blocks,
        dateline_findings(&dateline),
        quote_findings(&pairing, &index, &skip),
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
            dateline_findings(&dateline::DatelineOutcome::Missing {
                body_first_line: start as usize..end as usize,
            }),
        ),
        Some(SettledDateline::Again) | None => {
            let outcome = dateline::detect(text, skip());
            (SettledDateline::of(&outcome), dateline_findings(&outcome))
        }
    };
    let marks_found = match settled {
        Some(s) if s.marks_pair => Vec::new(),
        _ => quote_findings(&quotes::pair(text), index, skip()),
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
    let mut findings = boilerplate_findings(text, index, blocks);
    findings.extend(dateline);
    findings.extend(marks);
    findings.extend(variant_findings(facts, ctx));
    findings.extend(passage_findings(text, facts, ctx));
    findings.sort_by_key(|f| (f.range.start, f.range.end));
    findings
}

/// Normalised wording of a quote, to tell a variant from a verbatim copy.
fn wording(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric() || c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The first `n` characters of `s`, with "…" when it was longer (for messages
/// and hovers).
pub fn short(s: &str, n: usize) -> String {
    let mut out: String = s.chars().take(n).collect();
    if s.chars().count() > n {
        out.push('…');
    }
    out
}

fn variant_findings(facts: &Shape, ctx: &CorpusContext) -> Vec<Finding> {
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
            "quote-variant",
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

fn passage_findings(text: &str, facts: &Shape, ctx: &CorpusContext) -> Vec<Finding> {
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
            let mut f = Finding::new("reused-passage", range, message);
            f.related = related;
            f
        })
        .collect()
}

fn dateline_findings(outcome: &dateline::DatelineOutcome) -> Vec<Finding> {
    match outcome {
        dateline::DatelineOutcome::Missing { body_first_line } => vec![Finding::new(
            "missing-dateline",
            body_first_line.clone(),
            "The body does not open with a dateline, so where, when and by whom the report was filed is unknown (expected e.g. \"MOSCOW, January 14 - RIA Novosti.\").",
        )],
        dateline::DatelineOutcome::Malformed { dateline, missing } => {
            let mut f = Finding::new(
                "malformed-dateline",
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

fn quote_findings(
    pairing: &quotes::Pairing,
    index: &lines::LineIndex,
    skip: &[bool],
) -> Vec<Finding> {
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
            let mut f = Finding::new("mismatched-quote", p.mark.clone(), p.message.clone());
            f.related.push(Related {
                place: Place::here(p.related.clone()),
                message: p.related_note.to_string(),
            });
            f.data = Some(serde_json::json!({
                "problem": match p.kind {
                    quotes::ProblemKind::Unclosed => "unclosed",
                    quotes::ProblemKind::Unopened => "unopened",
                    quotes::ProblemKind::StyleMismatch => "style-mismatch",
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
                });
            }
            f
        })
        .collect()
}

/// The preferred, non-overlapping edits of all findings with `code` (or of every
/// finding when `code` is empty), in text order: what "fix all" applies.
pub fn fix_all(findings: &[Finding], code: &str) -> Vec<Edit> {
    let mut edits: Vec<Edit> = findings
        .iter()
        .filter(|f| code.is_empty() || f.code == code)
        .filter_map(|f| f.fixes.iter().find(|x| x.preferred))
        .flat_map(|x| x.edits.iter().cloned())
        .collect();
    edits.sort_by_key(|e| (e.range.start, e.range.end));
    let mut out: Vec<Edit> = Vec::new();
    for e in edits {
        if out.last().is_none_or(|l| l.range.end <= e.range.start) {
            out.push(e);
        }
    }
    out
}

/// Apply non-overlapping edits (sorted by position) to a text.
pub fn apply_edits(text: &str, edits: &[Edit]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for e in edits {
        out.push_str(&text[at..e.range.start]);
        out.push_str(&e.new_text);
        at = e.range.end;
    }
    out.push_str(&text[at..]);
    out
}

/// The byte range that removing lines `first..last` (inclusive) should delete: the
/// lines with their line breaks, plus the blank lines after them when the block
/// stands between blank lines (so no double blank line is left behind).
pub fn removal_range(
    text: &str,
    index: &lines::LineIndex,
    first: usize,
    last: usize,
) -> std::ops::Range<usize> {
    let start = index.line_start(first);
    let mut end_line = last + 1;
    let blank = |l: usize| text[index.line_range(text, l)].trim().is_empty();
    let before_blank = first == 0 || blank(first - 1);
    if before_blank {
        while end_line < index.line_count()
            && blank(end_line)
            && index.line_start(end_line) < text.len()
        {
            end_line += 1;
        }
    }
    start..index.line_start(end_line)
}

fn boilerplate_findings(
    text: &str,
    index: &lines::LineIndex,
    blocks: &[boilerplate::BoilerplateBlock],
) -> Vec<Finding> {
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
                "boilerplate",
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
