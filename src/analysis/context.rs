//! What the corpus tells the rules about one report, and what the rules need
//! of a report besides its text: plain data passed in by the corpus layer.

use super::dateline;
use super::finding::Place;
use super::lines;
use super::text::stable_hash;

/// What [`super::analyze`] needs of a report besides its text and the corpus: where its
/// quotes and narrative sentences are. The corpus keeps this for every report, so
/// that findings never need the rest of the local facts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Shape {
    pub quotes: Vec<QuoteShape>,
    /// Narrative sentences with their hashes, as in [`super::LocalFacts::sentences`].
    pub sentences: Vec<(std::ops::Range<usize>, u64)>,
    /// The report's language ([`super::text::lang`]), for the rules whose
    /// word lists depend on it.
    pub language: Option<super::text::lang::Lang>,
}

/// Where one quote stands and how it is worded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuoteShape {
    /// The quote's text range (without marks), as [`super::quotes::extract::Quote::range`].
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
    /// For each quote of the report (as in [`super::LocalFacts::quotes`]), the other
    /// reports' quotes of the same statement.
    pub quote_links: Vec<Vec<QuoteLink>>,
    /// For each sentence of the report (as in [`super::LocalFacts::sentences`]), the
    /// other reports that carry it word for word.
    pub sentence_links: Vec<SentenceLinks>,
    /// The other reports whose body resembles this one's
    /// ([`super::copies::THRESHOLD`]), the earliest first.
    pub copies: Vec<CopyOf>,
}

/// Another report whose body resembles a report's ([`super::copies`]).
#[derive(Debug, Clone, PartialEq)]
pub struct CopyOf {
    pub path: std::path::PathBuf,
    /// Its path as the curator knows it (relative to the corpus folder).
    pub name: String,
    /// The estimated share of the bodies' shingles in common; 1 for an exact copy.
    pub resemblance: f32,
    /// The same body word for word.
    pub exact: bool,
    /// How it is ordered before or after the report.
    pub order: CopyOrder,
}

/// Which of two copies came first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CopyOrder {
    /// Its dateline is earlier.
    DatedEarlier,
    /// Same date (or neither dated): first by path.
    FirstByPath,
    /// It comes after the report.
    Later,
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
    /// The other quote's first words ([`super::short`] to [`super::EXCERPT_CHARS`]).
    pub excerpt: String,
    /// [`wording_hash`] of the other quote.
    pub wording: u64,
    pub speaker: Option<String>,
    /// Where the other quote's range starts and ends.
    pub points: [lines::Point; 2],
    /// Link score in [0, 1].
    pub score: f32,
    /// The other report's publication date, as hover and `analyze` show it
    /// (`Corpus::publication_date`): the links are listed earliest first.
    pub date: Option<dateline::PartialDate>,
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
