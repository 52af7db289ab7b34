//! What the corpus keeps of every report: a compact form of its local facts.
//!
//! A curator's folder holds 100,000 reports, so the corpus does not keep their
//! texts or the full [`LocalFacts`] in memory: the text is read again from disk
//! when a request needs it (see [`super::Corpus::source`]), and what the indexes,
//! the findings of other reports and the hovers need is kept here, with byte
//! ranges as `u32` and names as interned [`Sym`]s. A report open in the editor
//! keeps its full facts besides (it is the one being hovered and edited).

use super::symbols::{Sym, Symbols, NO_SYM};
use crate::analysis::actors::events::ResolvedDate;
use crate::analysis::actors::MentionKind;
use crate::analysis::dateline::PartialDate;
use crate::analysis::lines::LineIndex;
pub use crate::analysis::lines::Point;
use crate::analysis::quotes::extract::AttributionKind;
use crate::analysis::{short, stable_hash, LocalFacts, QuoteShape, Shape, EXCERPT_CHARS};
use std::ops::Range;
use std::sync::Arc;

/// A byte range of a report, in 32 bits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn of(r: &Range<usize>) -> Span {
        Span {
            start: r.start as u32,
            end: r.end as u32,
        }
    }
    pub fn range(self) -> Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// Who said a quote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SpeakerFacts {
    pub name: Sym,
    /// Surname key ("lavrov").
    pub key: Sym,
    pub mention: Option<Span>,
    pub kind: AttributionKind,
}

/// One quote of a report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuoteFacts {
    pub range: Span,
    pub open: Span,
    /// Where the range starts and ends, in both encodings.
    pub points: [Point; 2],
    /// Its segments: `ReportFacts::segments[first..first + count]`.
    pub segments: (u32, u32),
    pub speaker: Option<SpeakerFacts>,
    /// [`crate::analysis::wording_hash`] of its words.
    pub wording: u64,
    /// Where its first [`EXCERPT_CHARS`] characters stand in
    /// [`ReportFacts::excerpts`] (see [`ReportFacts::excerpt`]).
    pub excerpt: Span,
    pub linkable: bool,
    pub fragment: bool,
}

/// One narrative sentence of a report: where it stands, the line it starts
/// on, and its hash for the passage index. Twenty bytes (the hash as two
/// halves keeps the struct at 4-byte alignment; a `(Span, u64, u32)` took 24).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SentenceFacts {
    pub span: Span,
    pub line: u32,
    hash: [u32; 2],
}

impl SentenceFacts {
    pub fn new(span: Span, hash: u64, line: u32) -> SentenceFacts {
        SentenceFacts {
            span,
            line,
            hash: [hash as u32, (hash >> 32) as u32],
        }
    }

    /// The sentence's hash ([`crate::analysis::passages`]).
    pub fn hash(&self) -> u64 {
        u64::from(self.hash[0]) | (u64::from(self.hash[1]) << 32)
    }
}

/// One named actor as a report writes it (the same name, role and kind), with
/// every place it stands: a report names its speaker a dozen times, and the
/// corpus keeps the name once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MentionFacts {
    pub key: Sym,
    pub text: Sym,
    pub role: Sym,
    pub full: Sym,
    pub kind: MentionKind,
    pub from_role: bool,
    /// How many places it has: the next `places` of
    /// `ReportFacts::mention_spans` after those of the mentions before it (a
    /// name written more than `u16::MAX` times in one report takes several
    /// entries). Two bytes instead of an offset and a count: 100,000 reports
    /// hold about 2.7 million of these.
    pub places: u16,
}

/// One mention as the analysis found it: a [`MentionFacts`] at one place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MentionAt {
    pub span: Span,
    pub key: Sym,
    pub text: Sym,
    pub role: Sym,
    pub full: Sym,
    pub kind: MentionKind,
    pub from_role: bool,
}

/// A date as the corpus keeps it (see [`ResolvedDate`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateFacts {
    pub year: Option<i32>,
    pub month: u8,
    pub day: Option<u8>,
    pub day_end: Option<u8>,
    pub approximate: bool,
    /// 0 unknown, 1 "text", 2 "dateline", 3 "corpus", 4 anything else.
    pub year_from: u8,
    pub phrase: Sym,
}

const YEAR_SOURCES: [&str; 3] = ["text", "dateline", "corpus"];

impl DateFacts {
    pub fn new(d: &ResolvedDate, syms: &mut Symbols) -> DateFacts {
        DateFacts {
            year: d.year,
            month: d.month,
            day: d.day,
            day_end: d.day_end,
            approximate: d.approximate,
            year_from: match d.year_known_from.as_deref() {
                None => 0,
                Some(s) => YEAR_SOURCES
                    .iter()
                    .position(|x| *x == s)
                    .map_or(4, |i| i as u8 + 1),
            },
            phrase: syms.intern(&d.phrase),
        }
    }

    pub fn resolved(&self, syms: &Symbols) -> ResolvedDate {
        ResolvedDate {
            year: self.year,
            month: self.month,
            day: self.day,
            day_end: self.day_end,
            phrase: syms.name(self.phrase).to_string(),
            approximate: self.approximate,
            year_known_from: match self.year_from {
                0 => None,
                i @ 1..=3 => Some(YEAR_SOURCES[usize::from(i) - 1].to_string()),
                _ => Some("other".to_string()),
            },
        }
    }
}

/// One event mention.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventFacts {
    pub span: Span,
    pub key: Sym,
    pub text: Sym,
    pub event_type: Sym,
    /// What happened and who took part ([`EventMention::title`](crate::analysis::actors::events::EventMention::title)).
    pub title: Sym,
    pub place: Sym,
    pub date: Option<DateFacts>,
    /// Its participants: `ReportFacts::participants[first..first + count]`.
    pub participants: (u32, u32),
}

impl EventFacts {
    pub fn new(
        e: &crate::analysis::actors::events::EventMention,
        syms: &mut Symbols,
        participants: &mut Vec<Sym>,
    ) -> EventFacts {
        let first = participants.len() as u32;
        participants.extend(e.participants.iter().map(|p| syms.intern(p)));
        EventFacts {
            span: Span::of(&e.range),
            key: syms.intern(&e.key),
            text: syms.intern(&e.text),
            event_type: syms.intern(&e.event_type),
            title: syms.intern(&e.title),
            place: syms.intern_opt(e.place.as_deref()),
            date: e.date.as_ref().map(|d| DateFacts::new(d, syms)),
            participants: (first, participants.len() as u32 - first),
        }
    }
}

/// The mentions of a report grouped by how they are written (see
/// [`MentionFacts`]), in the order of their first place.
pub fn group_mentions(
    mentions: &[crate::analysis::actors::Mention],
    syms: &mut Symbols,
) -> (Vec<MentionFacts>, Vec<Span>) {
    type Written = (Sym, Sym, Sym, Sym, MentionKind, bool);
    let mut groups: Vec<(MentionFacts, Vec<Span>)> = Vec::new();
    let mut at: rustc_hash::FxHashMap<Written, usize> = rustc_hash::FxHashMap::default();
    for m in mentions {
        let d = MentionFacts {
            key: syms.intern(&m.key),
            text: syms.intern(&m.text),
            role: syms.intern_opt(m.role.as_deref()),
            full: syms.intern_opt(m.full.as_deref()),
            kind: m.kind,
            from_role: m.from_role,
            places: 0,
        };
        let k = (d.key, d.text, d.role, d.full, d.kind, d.from_role);
        let i = *at.entry(k).or_insert_with(|| {
            groups.push((d, Vec::new()));
            groups.len() - 1
        });
        groups[i].1.push(Span::of(&m.range));
    }
    let mut spans = Vec::with_capacity(mentions.len());
    let mut facts = Vec::with_capacity(groups.len());
    for (d, s) in groups {
        for part in s.chunks(usize::from(u16::MAX)) {
            facts.push(MentionFacts {
                places: part.len() as u16,
                ..d
            });
            spans.extend_from_slice(part);
        }
    }
    (facts, spans)
}

/// The dateline, as the report alone shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatelineFacts {
    pub span: Span,
    pub place: Sym,
    pub date: Option<PartialDate>,
    pub agency: Sym,
}

/// What the corpus keeps of one report.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ReportFacts {
    /// [`stable_hash`] of the text the facts were computed from.
    pub hash: u64,
    /// Its length in bytes.
    pub len: u32,
    /// The keys of its lines for the cross-report line index, distinct and sorted.
    pub line_keys: Box<[u64]>,
    pub quotes: Box<[QuoteFacts]>,
    /// The excerpts of its quotes in order, each followed by
    /// [`EXCERPT_END`]: one buffer a search reads in one go, with its sketch.
    pub excerpts: Excerpts,
    /// Segments of all quotes (see [`QuoteFacts::segments`]).
    pub segments: Box<[Span]>,
    /// Narrative sentences with their hashes and the line each stands on.
    pub sentences: Box<[SentenceFacts]>,
    pub mentions: Box<[MentionFacts]>,
    /// Places of the mentions, in their order (see [`MentionFacts::places`]).
    pub mention_spans: Box<[Span]>,
    pub events: Box<[EventFacts]>,
    /// Participants of the events (see [`EventFacts::participants`]).
    pub participants: Box<[Sym]>,
    pub dateline: Option<Box<DatelineFacts>>,
    /// The report's date (the dateline's, the year completed from the text).
    pub date: Option<PartialDate>,
    /// What the report is about ([`LocalFacts::context`]); shared with the
    /// quote index.
    pub context: Arc<[u32]>,
    /// What is compared of the body to find copies ([`LocalFacts::copy`]).
    pub copy: Option<Box<crate::analysis::copies::CopySig>>,
    /// Headline, byline, publication date, outlet and language.
    pub meta: MetaFacts,
}

/// What the corpus keeps of a report's metadata
/// ([`crate::analysis::metadata`]): enough for workspace symbols (search by
/// headline) and the corpus overview without the text.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MetaFacts {
    /// The headline, at most [`HEADLINE_CHARS`] characters ("" when none).
    pub headline: Box<str>,
    /// Where the headline starts and ends (for a workspace symbol).
    pub headline_at: Option<[crate::analysis::lines::Point; 2]>,
    /// The names of the byline.
    pub byline: Sym,
    pub published: Option<(PartialDate, crate::analysis::metadata::DateSource)>,
    /// The outlet by the text (dateline or rights notice); the folder is the
    /// corpus's to add ([`crate::corpus::Corpus::outlet`]).
    pub outlet: Sym,
    pub outlet_source: Option<crate::analysis::metadata::OutletSource>,
    pub language: Option<whatlang::Lang>,
}

/// How much of a headline the corpus keeps.
pub const HEADLINE_CHARS: usize = 120;

impl MetaFacts {
    pub fn new(
        text: &str,
        lines: &LineIndex,
        m: &crate::analysis::metadata::Metadata,
        syms: &mut Symbols,
    ) -> Self {
        use crate::analysis::lines::Point;
        MetaFacts {
            headline: m
                .headline
                .as_ref()
                .map(|r| short(&text[r.clone()], HEADLINE_CHARS).into_boxed_str())
                .unwrap_or_default(),
            headline_at: m.headline.as_ref().map(|r| {
                [
                    Point::at(text, lines, r.start),
                    Point::at(text, lines, r.end),
                ]
            }),
            byline: syms.intern_opt(m.byline.as_ref().map(|b| b.1.as_str())),
            published: m.published_date(),
            outlet: syms.intern_opt(m.outlet.as_ref().map(|o| o.0.as_str())),
            outlet_source: m.outlet.as_ref().map(|o| o.1),
            language: m.language,
        }
    }
}

impl ReportFacts {
    /// The compact form of a report's local facts.
    pub fn new(text: &str, lines: &LineIndex, facts: &LocalFacts, syms: &mut Symbols) -> Self {
        let mut keys: Vec<u64> = facts.line_keys.iter().flatten().copied().collect();
        keys.sort_unstable();
        keys.dedup();
        let mut segments = Vec::new();
        let mut excerpts = String::new();
        let quotes = facts
            .quotes
            .iter()
            .map(|q| {
                let first = segments.len() as u32;
                segments.extend(q.segments.iter().map(Span::of));
                QuoteFacts {
                    range: Span::of(&q.range),
                    open: Span::of(&q.open),
                    points: [
                        Point::at(text, lines, q.range.start),
                        Point::at(text, lines, q.range.end),
                    ],
                    segments: (first, q.segments.len() as u32),
                    speaker: q.speaker.as_ref().map(|s| SpeakerFacts {
                        name: syms.intern(&s.name),
                        key: syms.intern(&s.surname_key),
                        mention: s.mention.as_ref().map(Span::of),
                        kind: s.kind,
                    }),
                    wording: crate::analysis::wording_hash(&q.text),
                    excerpt: push_excerpt(&mut excerpts, &short(&q.text, EXCERPT_CHARS)),
                    linkable: q.is_linkable(),
                    fragment: q.fragment,
                }
            })
            .collect();
        let (mentions, mention_spans) = group_mentions(&facts.mentions, syms);
        let mut participants = Vec::new();
        let events = facts
            .events
            .iter()
            .map(|e| EventFacts::new(e, syms, &mut participants))
            .collect();
        ReportFacts {
            hash: stable_hash(text.as_bytes()),
            len: text.len() as u32,
            line_keys: keys.into_boxed_slice(),
            quotes,
            excerpts: Excerpts::new(excerpts),
            segments: segments.into_boxed_slice(),
            sentences: facts
                .sentences
                .iter()
                .map(|(r, h)| SentenceFacts::new(Span::of(r), *h, lines.line_of(r.start) as u32))
                .collect(),
            mentions: mentions.into_boxed_slice(),
            mention_spans: mention_spans.into_boxed_slice(),
            events,
            participants: participants.into_boxed_slice(),
            dateline: facts.dateline.as_ref().map(|d| {
                Box::new(DatelineFacts {
                    span: Span::of(&d.range),
                    place: syms.intern_opt(d.place.as_deref()),
                    date: d.date.clone(),
                    agency: syms.intern_opt(d.agency.as_deref()),
                })
            }),
            date: facts.date.clone(),
            context: facts.context.as_slice().into(),
            copy: facts.copy.clone().map(Box::new),
            meta: MetaFacts::new(text, lines, &facts.meta, syms),
        }
    }

    /// The same facts with every symbol mapped through `m` (facts read from the
    /// index cache, whose names were interned apart).
    pub fn remap_syms(&mut self, m: &dyn Fn(Sym) -> Sym) {
        for q in self.quotes.iter_mut() {
            if let Some(s) = &mut q.speaker {
                s.name = m(s.name);
                s.key = m(s.key);
            }
        }
        for x in self.mentions.iter_mut() {
            x.key = m(x.key);
            x.text = m(x.text);
            x.role = m(x.role);
            x.full = m(x.full);
        }
        for e in self.events.iter_mut() {
            e.key = m(e.key);
            e.text = m(e.text);
            e.event_type = m(e.event_type);
            e.title = m(e.title);
            e.place = m(e.place);
            if let Some(d) = &mut e.date {
                d.phrase = m(d.phrase);
            }
        }
        for p in self.participants.iter_mut() {
            *p = m(*p);
        }
        if let Some(d) = &mut self.dateline {
            d.place = m(d.place);
            d.agency = m(d.agency);
        }
        self.meta.byline = m(self.meta.byline);
        self.meta.outlet = m(self.meta.outlet);
    }

    /// What [`crate::analysis::analyze`] needs.
    pub fn shape(&self) -> Shape {
        Shape {
            quotes: self
                .quotes
                .iter()
                .map(|q| QuoteShape {
                    range: q.range.range(),
                    wording: q.wording,
                })
                .collect(),
            sentences: self
                .sentences
                .iter()
                .map(|s| (s.span.range(), s.hash()))
                .collect(),
            language: self.meta.language,
        }
    }

    /// Every mention, at every place (grouped by how it is written).
    pub fn mention_iter(&self) -> impl Iterator<Item = MentionAt> + '_ {
        let mut first = 0usize;
        self.mentions.iter().flat_map(move |m| {
            let n = usize::from(m.places);
            first += n;
            self.mention_spans
                .get(first - n..first)
                .unwrap_or(&[])
                .iter()
                .map(move |&span| MentionAt {
                    span,
                    key: m.key,
                    text: m.text,
                    role: m.role,
                    full: m.full,
                    kind: m.kind,
                    from_role: m.from_role,
                })
        })
    }

    /// The participants of event `e`.
    pub fn participants_of(&self, e: &EventFacts) -> &[Sym] {
        let (first, n) = (e.participants.0 as usize, e.participants.1 as usize);
        self.participants.get(first..first + n).unwrap_or(&[])
    }

    /// The segments of quote `q`.
    pub fn segments_of(&self, q: &QuoteFacts) -> &[Span] {
        let (first, n) = (q.segments.0 as usize, q.segments.1 as usize);
        self.segments.get(first..first + n).unwrap_or(&[])
    }

    /// The full words of quote `q`, from the report's text.
    pub fn quote_text(&self, text: &str, q: &QuoteFacts) -> Option<String> {
        let segs: Vec<Range<usize>> = self.segments_of(q).iter().map(|s| s.range()).collect();
        crate::analysis::quotes::extract::text_of_segments(text, &segs)
    }

    /// The quote whose marks or text contain byte `offset`.
    pub fn quote_at(&self, offset: usize) -> Option<usize> {
        self.quotes.iter().position(|q| {
            let end = q.range.end as usize + 3; // the closing mark (at most 3 bytes)
            q.open.start as usize <= offset && offset <= end
        })
    }

    /// The excerpt of quote `q` of this report (its first [`EXCERPT_CHARS`]
    /// characters).
    pub fn excerpt(&self, q: &QuoteFacts) -> &str {
        self.excerpts
            .text
            .get(q.excerpt.range())
            .unwrap_or_default()
    }

    /// Bytes held on the heap (approximately), for the benchmarks.
    pub fn heap_bytes(&self) -> usize {
        use std::mem::size_of;
        self.line_keys.len() * 8
            + self.quotes.len() * size_of::<QuoteFacts>()
            + self.excerpts.text.len()
            + self.segments.len() * size_of::<Span>()
            + self.sentences.len() * size_of::<SentenceFacts>()
            + self.mentions.len() * size_of::<MentionFacts>()
            + self.mention_spans.len() * size_of::<Span>()
            + self.events.len() * size_of::<EventFacts>()
            + self.participants.len() * 4
            + self
                .dateline
                .as_ref()
                .map_or(0, |_| size_of::<DatelineFacts>())
            + self
                .copy
                .as_ref()
                .map_or(0, |_| size_of::<crate::analysis::copies::CopySig>())
    }
}

/// A report's quote excerpts in one buffer ([`push_excerpt`]) and the sketch of
/// its byte pairs, built together so that they always agree.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Excerpts {
    pub text: Box<str>,
    /// For searches that skip the report without reading `text`.
    pub pairs: PairSketch,
}

impl Excerpts {
    pub fn new(buf: String) -> Excerpts {
        Excerpts {
            pairs: PairSketch::of(&buf),
            text: buf.into_boxed_str(),
        }
    }
}

/// Which pairs of adjacent bytes a text holds, ASCII letters lower-cased, as
/// 512 bits (a pair sets the bit of its hash). A text that holds a needle
/// ignoring ASCII case holds each of the needle's pairs, so a needle one of whose
/// pairs has its bit clear cannot be in the text: a search may skip it without
/// reading it. (Bits set by other pairs only make a skip less frequent, never
/// wrong.)
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PairSketch([u64; 8]);

impl PairSketch {
    /// The sketch of `text`'s byte pairs (a needle's as well as a text's).
    pub fn of(text: &str) -> PairSketch {
        let mut bits = [0u64; 8];
        let bytes = text.as_bytes();
        for w in bytes.windows(2) {
            let h = PairSketch::slot(w[0].to_ascii_lowercase(), w[1].to_ascii_lowercase());
            bits[h / 64] |= 1 << (h % 64);
        }
        PairSketch(bits)
    }

    /// Whether the text sketched may hold the needle sketched: every bit of the
    /// needle's is set in the text's (always, for a needle shorter than two
    /// bytes).
    pub fn may_hold(&self, needle: &PairSketch) -> bool {
        self.0.iter().zip(&needle.0).all(|(t, n)| t & n == *n)
    }

    fn slot(a: u8, b: u8) -> usize {
        // a multiplicative hash of the pair, its top 9 bits
        let x = (u32::from(a) << 8 | u32::from(b)).wrapping_mul(0x9E37_79B1);
        (x >> 23) as usize
    }
}

/// Ends each excerpt in [`ReportFacts::excerpts`]; never part of an excerpt.
pub const EXCERPT_END: char = '\0';

/// Append `excerpt` (without [`EXCERPT_END`], which it may not hold) and its end
/// mark to `buf`; where it stands.
pub fn push_excerpt(buf: &mut String, excerpt: &str) -> Span {
    let start = buf.len();
    if excerpt.contains(EXCERPT_END) {
        buf.extend(excerpt.chars().filter(|&c| c != EXCERPT_END));
    } else {
        buf.push_str(excerpt);
    }
    let span = Span::of(&(start..buf.len()));
    buf.push(EXCERPT_END);
    span
}

/// The name of an optional symbol.
pub fn opt(syms: &Symbols, s: Sym) -> Option<String> {
    (s != NO_SYM).then(|| syms.name(s).to_string())
}

#[cfg(test)]
mod tests {
    use super::{group_mentions, PairSketch, SentenceFacts, Span};
    use crate::analysis::actors::{Mention, MentionKind};
    use crate::corpus::symbols::Symbols;

    fn mention(at: usize, text: &str, key: &str) -> Mention {
        Mention {
            range: at..at + text.len(),
            text: text.into(),
            kind: MentionKind::Person,
            key: key.into(),
            role: None,
            full: None,
            from_role: false,
        }
    }

    /// Places are counted in two bytes a name: a name written more often than
    /// that in one report takes several entries, and every place comes back,
    /// each with its own name.
    #[test]
    fn mentions_keep_every_place_past_two_bytes_of_count() {
        let many = usize::from(u16::MAX) + 10;
        let mut ms: Vec<Mention> = (0..many)
            .map(|i| mention(i * 8, "Lavrov", "lavrov"))
            .collect();
        ms.insert(3, mention(20, "NATO", "nato"));
        let mut syms = Symbols::new();
        let (facts, spans) = group_mentions(&ms, &mut syms);
        assert_eq!(facts.len(), 3, "lavrov split in two, nato once");
        assert_eq!(spans.len(), many + 1);
        let f = super::ReportFacts {
            mentions: facts.into_boxed_slice(),
            mention_spans: spans.into_boxed_slice(),
            ..Default::default()
        };
        let at: Vec<_> = f.mention_iter().collect();
        assert_eq!(at.len(), many + 1);
        let nato = syms.get("nato").unwrap();
        let lavrov = syms.get("lavrov").unwrap();
        assert_eq!(at.iter().filter(|m| m.key == lavrov).count(), many);
        let n: Vec<Span> = at
            .iter()
            .filter(|m| m.key == nato)
            .map(|m| m.span)
            .collect();
        assert_eq!(n, vec![Span { start: 20, end: 24 }]);
        assert!(at
            .iter()
            .filter(|m| m.key == lavrov)
            .all(|m| m.span.end - m.span.start == 6 && m.span.start % 8 == 0));
    }

    #[test]
    fn a_sentence_keeps_its_whole_hash() {
        let h = 0xdead_beef_0123_4567_u64;
        let s = SentenceFacts::new(Span { start: 3, end: 9 }, h, 7);
        assert_eq!((s.hash(), s.line, s.span.start), (h, 7, 3));
        assert_eq!(std::mem::size_of::<SentenceFacts>(), 20);
    }

    #[test]
    fn a_pair_sketch_rules_out_needles_it_cannot_hold() {
        let s = PairSketch::of("Lavrov said the talks in Vienna failed.\0“We disagree”\0");
        for held in [
            "lavrov",
            "LAVROV",
            "vienna",
            "talks in",
            "we disagree",
            "d.",
        ] {
            assert!(s.may_hold(&PairSketch::of(held)), "{held}");
        }
        // pairs the text does not hold (their bits happen to be clear too)
        for absent in ["nato", "kyiv", "zz"] {
            assert!(!s.may_hold(&PairSketch::of(absent)), "{absent}");
        }
        // a needle without pairs is never ruled out
        assert!(PairSketch::default().may_hold(&PairSketch::of("x")));
    }

    proptest::proptest! {
        #[test]
        fn a_pair_sketch_never_rules_out_a_needle_the_text_holds(
            hay in "\\PC{0,60}",
            start in 0usize..60,
            len in 0usize..8,
        ) {
            // a needle cut from the text (at character boundaries), its ASCII
            // letters in upper case
            let chars: Vec<char> = hay.chars().collect();
            let a = start.min(chars.len());
            let b = (a + len).min(chars.len());
            let needle = chars[a..b].iter().collect::<String>().to_ascii_uppercase();
            proptest::prop_assert!(PairSketch::of(&hay).may_hold(&PairSketch::of(&needle)));
        }
    }
}
