//! # The on-disk index cache
//!
//! Indexing 100,000 reports means reading and analysing every one of them; a
//! restart on an unchanged folder should not do that again. After indexing, the
//! corpus writes what it keeps of every report (its [`ReportFacts`] and its quote
//! signatures) to one file; the next start reads it back and only analyses the
//! reports that changed.
//!
//! * **Where**: in the user's cache folder (`$NEWSDESK_CACHE_DIR`, else
//!   `$XDG_CACHE_HOME/newsdesk`, else `~/.cache/newsdesk`), one file per corpus
//!   named by a hash of the corpus's folder. Nothing is written into the corpus
//!   folder, so nothing lands in the curator's version control.
//! * **When an entry is trusted**: the file's size and modification time must be
//!   those recorded. If they differ, the file is read and its content hash
//!   compared: the same content (a `touch`, a checkout) keeps the facts; other
//!   content is analysed again.
//! * **When the whole file is ignored**: a wrong magic number or format version, a
//!   build that analyses differently (a hash of the analysis code is recorded), a
//!   different registry of actors, a checksum that does not match (a truncated or
//!   corrupt file), or any inconsistency while decoding. The cache is then rebuilt,
//!   never trusted in part.
//! * **Writing** goes to a temporary file in the cache folder, then a rename.
//! * **Quote links** go to a second file beside it (`*.links`, see
//!   [`save_links`]): they depend on the whole corpus, so each report's content
//!   hash is recorded with them.
//! * **Boilerplate classes** go to a third (`*.classes`, see [`save_classes`]),
//!   each with the content hash of its text and a hash of the repeated lines
//!   it was computed with.
//!
//! The format is a small hand-written binary encoding (variable-length integers,
//! two string tables for the interned names and the quote index's term keys);
//! it is private to one build, so no compatibility across versions is kept.

use super::facts::{
    push_excerpt, DateFacts, DatelineFacts, EventFacts, MentionFacts, QuoteFacts, ReportFacts,
    SentenceFacts, Span, SpeakerFacts,
};
use super::source::Stamp;
use super::symbols::{Sym, Symbols, NO_SYM};
use super::Corpus;
use crate::analysis::actors::MentionKind;
use crate::analysis::dateline::PartialDate;
use crate::analysis::lines::Point;
use crate::analysis::quotes::extract::AttributionKind;
use crate::analysis::quotes::matching::IdSig;
use std::io::{Seek, Write};
use std::path::{Path, PathBuf};

const MAGIC: &[u8; 8] = b"NDSKIDX\0";
const FORMAT: u32 = 1;

/// The folder of index caches, when one can be found.
pub fn cache_dir() -> Option<PathBuf> {
    if let Some(d) = std::env::var_os("NEWSDESK_CACHE_DIR").filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(d));
    }
    if let Some(d) = std::env::var_os("XDG_CACHE_HOME").filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(d).join("newsdesk"));
    }
    std::env::var_os("HOME")
        .filter(|d| !d.is_empty())
        .map(|h| PathBuf::from(h).join(".cache").join("newsdesk"))
}

/// The cache file of the corpus at `root`, in the cache folder `dir`.
pub fn cache_file(dir: &Path, root: &Path) -> PathBuf {
    let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let h = crate::analysis::stable_hash(root.as_os_str().as_encoded_bytes());
    dir.join(format!("{h:016x}.idx"))
}

/// The build that wrote a cache (or a link table: [`super::precomputed`]):
/// facts computed by another analysis are not reused.
pub fn build_id() -> u64 {
    let build = concat!(env!("CARGO_PKG_VERSION"), "/", env!("NEWSDESK_FACTS_HASH"));
    crate::analysis::stable_hash(build.as_bytes())
}

// The index cache's header holds one number of its own: the registry's
// fingerprint (see `Head`).

// ------------------------------------------------------------------ encoding

struct W(Vec<u8>);

impl W {
    fn u8(&mut self, v: u8) {
        self.0.push(v);
    }
    fn uv(&mut self, mut v: u64) {
        while v >= 0x80 {
            self.0.push((v as u8) | 0x80);
            v >>= 7;
        }
        self.0.push(v as u8);
    }
    fn iv(&mut self, v: i64) {
        self.uv(((v << 1) ^ (v >> 63)) as u64);
    }
    fn u64(&mut self, v: u64) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn str(&mut self, s: &str) {
        self.uv(s.len() as u64);
        self.0.extend_from_slice(s.as_bytes());
    }
    fn sym(&mut self, s: Sym) {
        // NO_SYM as 0, every other id shifted by one
        self.uv(if s == NO_SYM { 0 } else { u64::from(s) + 1 });
    }
    fn span(&mut self, s: Span) {
        self.uv(u64::from(s.start));
        self.uv(u64::from(s.end.saturating_sub(s.start)));
    }
    fn point(&mut self, p: Point) {
        self.uv(u64::from(p.line));
        self.uv(u64::from(p.col16));
        self.uv(u64::from(p.col8));
    }
    fn opt<T>(&mut self, v: Option<T>, f: impl FnOnce(&mut W, T)) {
        match v {
            None => self.u8(0),
            Some(x) => {
                self.u8(1);
                f(self, x);
            }
        }
    }
    fn pdate(&mut self, d: &PartialDate) {
        self.opt(d.year, |w, y| w.iv(i64::from(y)));
        self.u8(d.month);
        self.u8(d.day);
    }
    /// A (first, count) range into one of the report's tables.
    fn range(&mut self, (first, count): (u32, u32)) {
        self.uv(u64::from(first));
        self.uv(u64::from(count));
    }
    fn syms(&mut self, syms: &[Sym]) {
        for &s in syms {
            self.sym(s);
        }
    }
    /// A count, then each of `items` written by `f`.
    fn list<T>(&mut self, items: &[T], mut f: impl FnMut(&mut W, &T)) {
        self.uv(items.len() as u64);
        for item in items {
            f(self, item);
        }
    }
}

struct R<'a> {
    b: &'a [u8],
    at: usize,
}

/// Decoding stops at the first inconsistency.
type D<T> = Option<T>;

impl<'a> R<'a> {
    fn u8(&mut self) -> D<u8> {
        let v = *self.b.get(self.at)?;
        self.at += 1;
        Some(v)
    }
    fn uv(&mut self) -> D<u64> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let byte = self.u8()?;
            v |= u64::from(byte & 0x7f) << shift;
            if byte < 0x80 {
                return Some(v);
            }
        }
        None
    }
    fn u32(&mut self) -> D<u32> {
        u32::try_from(self.uv()?).ok()
    }
    fn len(&mut self) -> D<usize> {
        let n = usize::try_from(self.uv()?).ok()?;
        // no list can hold more items than bytes remain
        (n <= self.b.len() - self.at).then_some(n)
    }
    fn iv(&mut self) -> D<i64> {
        let v = self.uv()?;
        Some(((v >> 1) as i64) ^ -((v & 1) as i64))
    }
    fn u64(&mut self) -> D<u64> {
        let bytes = self.b.get(self.at..self.at + 8)?;
        self.at += 8;
        Some(u64::from_le_bytes(bytes.try_into().ok()?))
    }
    fn str(&mut self) -> D<&'a str> {
        let n = self.len()?;
        let bytes = self.b.get(self.at..self.at + n)?;
        self.at += n;
        std::str::from_utf8(bytes).ok()
    }
    fn sym(&mut self, map: &[Sym]) -> D<Sym> {
        match self.uv()? {
            0 => Some(NO_SYM),
            n => map.get(usize::try_from(n - 1).ok()?).copied(),
        }
    }
    fn span(&mut self) -> D<Span> {
        let start = self.u32()?;
        let len = self.u32()?;
        Some(Span {
            start,
            end: start.checked_add(len)?,
        })
    }
    fn point(&mut self) -> D<Point> {
        Some(Point {
            line: self.u32()?,
            col16: self.u32()?,
            col8: self.u32()?,
        })
    }
    fn opt<T>(&mut self, f: impl FnOnce(&mut R<'a>) -> D<T>) -> D<Option<T>> {
        match self.u8()? {
            0 => Some(None),
            1 => Some(Some(f(self)?)),
            _ => None,
        }
    }
    fn pdate(&mut self) -> D<PartialDate> {
        Some(PartialDate {
            year: self.opt(|r| i32::try_from(r.iv()?).ok())?,
            month: self.u8()?,
            day: self.u8()?,
        })
    }
    /// A (first, count) range into a table of `table` items, when it stays
    /// inside it.
    fn range(&mut self, table: usize) -> D<(u32, u32)> {
        let range = (self.u32()?, self.u32()?);
        (range.0 as usize + range.1 as usize <= table).then_some(range)
    }
    fn syms<const N: usize>(&mut self, map: &[Sym]) -> D<[Sym; N]> {
        let mut out = [NO_SYM; N];
        for s in &mut out {
            *s = self.sym(map)?;
        }
        Some(out)
    }
}

fn kind_code(k: MentionKind) -> u8 {
    match k {
        MentionKind::Person => 0,
        MentionKind::Organization => 1,
        MentionKind::Place => 2,
        MentionKind::Event => 3,
        MentionKind::Other => 4,
    }
}

fn kind_of(c: u8) -> D<MentionKind> {
    Some(match c {
        0 => MentionKind::Person,
        1 => MentionKind::Organization,
        2 => MentionKind::Place,
        3 => MentionKind::Event,
        4 => MentionKind::Other,
        _ => return None,
    })
}

fn attribution_code(k: AttributionKind) -> u8 {
    match k {
        AttributionKind::Explicit => 0,
        AttributionKind::Pronoun => 1,
        AttributionKind::Role => 2,
        AttributionKind::AccordingTo => 3,
        AttributionKind::Continued => 4,
        AttributionKind::ParagraphBefore => 5,
    }
}

fn attribution_of(c: u8) -> D<AttributionKind> {
    Some(match c {
        0 => AttributionKind::Explicit,
        1 => AttributionKind::Pronoun,
        2 => AttributionKind::Role,
        3 => AttributionKind::AccordingTo,
        4 => AttributionKind::Continued,
        5 => AttributionKind::ParagraphBefore,
        _ => return None,
    })
}

/// Write one report's facts, section by section in the order
/// [`read_facts`] reads them back.
fn write_facts(w: &mut W, f: &ReportFacts) {
    w.u64(f.hash);
    w.uv(u64::from(f.len));
    w.list(&f.line_keys, |w, &k| w.u64(k));
    w.list(&f.segments, |w, &s| w.span(s));
    w.list(&f.quotes, |w, q| write_quote(w, q, f.excerpt(q)));
    w.list(&f.sentences, |w, s| {
        w.span(s.span);
        w.u64(s.hash());
        w.uv(u64::from(s.line));
    });
    w.list(&f.mention_spans, |w, &sp| w.span(sp));
    w.list(&f.mentions, write_mention);
    w.list(&f.participants, |w, &p| w.sym(p));
    w.list(&f.events, write_event);
    w.opt(f.dateline.as_deref(), |w, d| {
        w.span(d.span);
        w.sym(d.place);
        w.opt(d.date.as_ref(), |w, x| w.pdate(x));
        w.sym(d.agency);
    });
    w.opt(f.date.as_ref(), |w, d| w.pdate(d));
    w.list(&f.context, |w, &h| w.uv(u64::from(h)));
    w.opt(f.copy.as_deref(), |w, c| {
        w.u64(c.body);
        w.uv(u64::from(c.words));
        for &m in &c.mins {
            w.u8(m);
        }
    });
    let m = &f.meta;
    w.str(&m.headline);
    w.opt(m.headline_at, |w, [a, b]| {
        w.point(a);
        w.point(b);
    });
    w.sym(m.byline);
    w.opt(m.published.as_ref(), |w, (d, s)| {
        w.pdate(d);
        w.u8(*s as u8);
    });
    w.sym(m.outlet);
    w.opt(m.outlet_source, |w, s| w.u8(s as u8));
    w.opt(m.language, |w, l| w.str(l.code()));
}

/// Write one quotation: where it stands, its segments, its speaker, its
/// wording hash, its `excerpt` and its two flags.
fn write_quote(w: &mut W, q: &QuoteFacts, excerpt: &str) {
    w.span(q.range);
    w.span(q.open);
    w.point(q.points[0]);
    w.point(q.points[1]);
    w.range(q.segments);
    w.opt(q.speaker, |w, s| {
        w.sym(s.name);
        w.sym(s.key);
        w.opt(s.mention, |w, m| w.span(m));
        w.u8(attribution_code(s.kind));
    });
    w.u64(q.wording);
    w.str(excerpt);
    w.u8(u8::from(q.linkable) | (u8::from(q.fragment) << 1));
}

/// Write one named actor: its four names, its kind with the `from_role` flag
/// in one byte, and the number of its places.
fn write_mention(w: &mut W, m: &MentionFacts) {
    w.syms(&[m.key, m.text, m.role, m.full]);
    w.u8(kind_code(m.kind) | (u8::from(m.from_role) << 4));
    w.uv(u64::from(m.places));
}

/// Write one event: its span, its five names, its date when it has one, and
/// the range of its participants.
fn write_event(w: &mut W, e: &EventFacts) {
    w.span(e.span);
    w.syms(&[e.key, e.text, e.event_type, e.title, e.place]);
    w.opt(e.date.as_ref(), |w, d| {
        w.opt(d.year, |w, y| w.iv(i64::from(y)));
        w.u8(d.month);
        w.opt(d.day, |w, x| w.u8(x));
        w.opt(d.day_end, |w, x| w.u8(x));
        w.sym(d.phrase);
        w.u8(u8::from(d.approximate));
        w.u8(d.year_from);
    });
    w.range(e.participants);
}

/// `n` items read by `f`, into a vector allocated once (up to a bound, so that
/// a damaged count cannot ask for gigabytes before the reading fails).
fn list<'a, T>(r: &mut R<'a>, n: usize, mut f: impl FnMut(&mut R<'a>) -> D<T>) -> D<Vec<T>> {
    let mut v = Vec::with_capacity(n.min(1 << 16));
    for _ in 0..n {
        v.push(f(r)?);
    }
    Some(v)
}

/// A count, then that many items read by `f` (see [`list`]).
fn counted<'a, T>(r: &mut R<'a>, f: impl FnMut(&mut R<'a>) -> D<T>) -> D<Vec<T>> {
    let n = r.len()?;
    list(r, n, f)
}

/// Read back one report's facts as [`write_facts`] wrote them, section by
/// section; a range that points past its table makes the whole report
/// inconsistent.
fn read_facts(r: &mut R<'_>, syms: &[Sym]) -> D<ReportFacts> {
    let hash = r.u64()?;
    let len = r.u32()?;
    let line_keys = counted(r, |r| r.u64())?;
    let segments = counted(r, |r| r.span())?;
    let mut excerpts = String::new();
    let quotes = counted(r, |r| read_quote(r, syms, segments.len(), &mut excerpts))?;
    let sentences = counted(r, |r| {
        let (span, hash) = (r.span()?, r.u64()?);
        Some(SentenceFacts::new(span, hash, r.u32()?))
    })?;
    let mention_spans = counted(r, |r| r.span())?;
    let mentions = counted(r, |r| read_mention(r, syms))?;
    // the mentions' places must cover the table of places exactly
    let places: usize = mentions.iter().map(|m| usize::from(m.places)).sum();
    if places != mention_spans.len() {
        return None;
    }
    let participants = counted(r, |r| r.sym(syms))?;
    let events = counted(r, |r| read_event(r, syms, participants.len()))?;
    let dateline = r.opt(|r| {
        Some(Box::new(DatelineFacts {
            span: r.span()?,
            place: r.sym(syms)?,
            date: r.opt(|r| r.pdate())?,
            agency: r.sym(syms)?,
        }))
    })?;
    let date = r.opt(|r| r.pdate())?;
    let context = counted(r, |r| u32::try_from(r.uv()?).ok())?;
    let copy = r.opt(|r| {
        let body = r.u64()?;
        let words = r.u32()?;
        let mut mins = [0u8; crate::analysis::copies::HASHES];
        for m in mins.iter_mut() {
            *m = r.u8()?;
        }
        Some(Box::new(crate::analysis::copies::CopySig {
            body,
            words,
            mins,
        }))
    })?;
    use crate::analysis::metadata::{DateSource, OutletSource};
    let meta = super::facts::MetaFacts {
        headline: r.str()?.into(),
        headline_at: r.opt(|r| Some([r.point()?, r.point()?]))?,
        byline: r.sym(syms)?,
        published: r.opt(|r| {
            let d = r.pdate()?;
            let s = match r.u8()? {
                0 => DateSource::Dateline,
                1 => DateSource::Page,
                2 => DateSource::FileName,
                3 => DateSource::DatelineYearInferred,
                _ => return None,
            };
            Some((d, s))
        })?,
        outlet: r.sym(syms)?,
        outlet_source: r.opt(|r| {
            Some(match r.u8()? {
                0 => OutletSource::Dateline,
                1 => OutletSource::Page,
                2 => OutletSource::Folder,
                _ => return None,
            })
        })?,
        language: r.opt(|r| whatlang::Lang::from_code(r.str()?))?,
    };
    Some(ReportFacts {
        meta,
        hash,
        len,
        line_keys: line_keys.into_boxed_slice(),
        quotes: quotes.into_boxed_slice(),
        excerpts: super::facts::Excerpts::new(excerpts),
        segments: segments.into_boxed_slice(),
        sentences: sentences.into_boxed_slice(),
        mentions: mentions.into_boxed_slice(),
        mention_spans: mention_spans.into_boxed_slice(),
        events: events.into_boxed_slice(),
        participants: participants.into_boxed_slice(),
        dateline,
        date,
        context: context.into(),
        copy,
    })
}

/// Read back one quotation ([`write_quote`]), its segments a range into a
/// table of `segments` and its excerpt appended to `excerpts`.
fn read_quote(
    r: &mut R<'_>,
    syms: &[Sym],
    segments: usize,
    excerpts: &mut String,
) -> D<QuoteFacts> {
    let range = r.span()?;
    let open = r.span()?;
    let points = [r.point()?, r.point()?];
    let seg = r.range(segments)?;
    let speaker = r.opt(|r| {
        Some(SpeakerFacts {
            name: r.sym(syms)?,
            key: r.sym(syms)?,
            mention: r.opt(|r| r.span())?,
            kind: attribution_of(r.u8()?)?,
        })
    })?;
    let wording = r.u64()?;
    let excerpt = push_excerpt(excerpts, r.str()?);
    let flags = r.u8()?;
    Some(QuoteFacts {
        range,
        open,
        points,
        segments: seg,
        speaker,
        wording,
        excerpt,
        linkable: flags & 1 != 0,
        fragment: flags & 2 != 0,
    })
}

/// Read back one named actor ([`write_mention`]).
fn read_mention(r: &mut R<'_>, syms: &[Sym]) -> D<MentionFacts> {
    let [key, text, role, full] = r.syms(syms)?;
    let flags = r.u8()?;
    let places = u16::try_from(r.uv()?).ok().filter(|&n| n > 0)?;
    Some(MentionFacts {
        key,
        text,
        role,
        full,
        kind: kind_of(flags & 0x0f)?,
        from_role: flags & 0x10 != 0,
        places,
    })
}

/// Read back one event ([`write_event`]), its participants a range into a
/// table of `participants`.
fn read_event(r: &mut R<'_>, syms: &[Sym], participants: usize) -> D<EventFacts> {
    let span = r.span()?;
    let [key, text, event_type, title, place] = r.syms(syms)?;
    let date = r.opt(|r| {
        Some(DateFacts {
            year: r.opt(|r| i32::try_from(r.iv()?).ok())?,
            month: r.u8()?,
            day: r.opt(|r| r.u8())?,
            day_end: r.opt(|r| r.u8())?,
            phrase: r.sym(syms)?,
            approximate: r.u8()? != 0,
            year_from: r.u8()?,
        })
    })?;
    let parts = r.range(participants)?;
    Some(EventFacts {
        span,
        key,
        text,
        event_type,
        title,
        place,
        date,
        participants: parts,
    })
}

fn write_sig(w: &mut W, sig: &IdSig) {
    let (keys, clauses) = sig.parts();
    w.uv(keys.len() as u64);
    let mut prev = 0u32;
    for &k in keys {
        w.uv(u64::from(k - prev)); // sorted: deltas
        prev = k;
    }
    w.uv(clauses.len() as u64);
    for &c in clauses {
        w.uv(u64::from(c));
    }
}

fn read_sig(r: &mut R<'_>, key_map: &[u32]) -> D<IdSig> {
    let n = r.len()?;
    let mut keys = Vec::with_capacity(n);
    let mut prev = 0u32;
    for _ in 0..n {
        prev = prev.checked_add(r.u32()?)?;
        keys.push(prev);
    }
    let n = r.len()?;
    let clauses = list(r, n, |r| u16::try_from(r.uv()?).ok())?;
    let sig = IdSig::from_parts(keys, clauses)?;
    // into this run's key ids
    let map = |k: u32| key_map.get(k as usize).copied().unwrap_or(u32::MAX);
    if sig.keys().iter().any(|&k| map(k) == u32::MAX) {
        return None;
    }
    Some(sig.remap(&map))
}

// ------------------------------------------------------------------ saving

/// Bytes of payload gathered before they are written out (a few in the unit
/// tests, so that their small corpora are written in many pieces).
#[cfg(not(test))]
const FLUSH_AT: usize = 1 << 20;
#[cfg(test)]
const FLUSH_AT: usize = 64;

/// The size of a cache file's header: magic, format, build, `fields` numbers of
/// its own, payload length and checksum.
const fn head_len(fields: usize) -> usize {
    8 + 4 + 8 + 8 * fields + 8 + 8
}

/// A cache file being written: a temporary file in the cache folder, room
/// left for the header, and the payload written a piece at a time, hashed on
/// the way (held whole in memory, a corpus's cache made the server's peak);
/// [`Writing::finish`] writes the header last and renames the file into place.
struct Writing {
    path: PathBuf,
    tmp: tempfile::NamedTempFile,
    hash: xxhash_rust::xxh3::Xxh3,
    len: u64,
}

impl Writing {
    /// Begin the file `name(folder, root)` of `corpus`'s cache folder, with a
    /// header of `fields` numbers of its own.
    fn begin(
        corpus: &Corpus,
        name: fn(&Path, &Path) -> PathBuf,
        fields: usize,
    ) -> std::io::Result<Writing> {
        let dir = corpus
            .cache_dir()
            .ok_or_else(|| std::io::Error::other("no cache folder (set NEWSDESK_CACHE_DIR)"))?;
        let path = name(dir, corpus.root());
        let dir = path.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir)?;
        let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
        tmp.write_all(&vec![0; head_len(fields)])?;
        Ok(Writing {
            path,
            tmp,
            hash: xxhash_rust::xxh3::Xxh3::new(),
            len: 0,
        })
    }

    /// Write out what `w` gathered.
    fn flush(&mut self, w: &mut W) -> std::io::Result<()> {
        self.hash.update(&w.0);
        self.len += w.0.len() as u64;
        self.tmp.write_all(&w.0)?;
        w.0.clear();
        Ok(())
    }

    /// Write out what `w` gathered once it holds [`FLUSH_AT`] bytes.
    fn flush_full(&mut self, w: &mut W) -> std::io::Result<()> {
        if w.0.len() >= FLUSH_AT {
            self.flush(w)?;
        }
        Ok(())
    }

    /// Write out the rest of `w`, then the header (`magic`, the format, the
    /// build, `fields`, the payload's length and checksum), and put the file in
    /// its place.
    fn finish(mut self, w: &mut W, magic: &[u8; 8], fields: &[u64]) -> std::io::Result<PathBuf> {
        self.flush(w)?;
        let mut head = Vec::with_capacity(head_len(fields.len()));
        head.extend_from_slice(magic);
        head.extend_from_slice(&FORMAT.to_le_bytes());
        head.extend_from_slice(&build_id().to_le_bytes());
        for f in fields {
            head.extend_from_slice(&f.to_le_bytes());
        }
        head.extend_from_slice(&self.len.to_le_bytes());
        head.extend_from_slice(&self.hash.digest().to_le_bytes());
        self.tmp.seek(std::io::SeekFrom::Start(0))?;
        self.tmp.write_all(&head)?;
        self.tmp.as_file().sync_all()?;
        self.tmp.persist(&self.path).map_err(|e| e.error)?;
        Ok(self.path)
    }
}

/// A cache file's header as read: its own numbers, and the payload's length
/// and checksum.
struct Head<const N: usize> {
    fields: [u64; N],
    len: u64,
    sum: u64,
}

impl<const N: usize> Head<N> {
    /// The header at the start of `bytes`, when it has `magic`, this format and
    /// this build.
    fn read(bytes: &[u8], magic: &[u8; 8]) -> Result<Head<N>, Rejected> {
        if bytes.len() < 12 || &bytes[..8] != magic {
            return Err(Rejected::OtherVersion);
        }
        if bytes[8..12] != FORMAT.to_le_bytes() {
            return Err(Rejected::OtherVersion);
        }
        if bytes.len() < head_len(N) {
            return Err(Rejected::Corrupt("truncated"));
        }
        let u64_at = |i: usize| u64::from_le_bytes(bytes[i..i + 8].try_into().unwrap_or([0; 8]));
        if u64_at(12) != build_id() {
            return Err(Rejected::OtherVersion);
        }
        Ok(Head {
            fields: std::array::from_fn(|k| u64_at(20 + 8 * k)),
            len: u64_at(20 + 8 * N),
            sum: u64_at(28 + 8 * N),
        })
    }

    /// The payload of a file read whole (`bytes`, header included), when its
    /// length and checksum are the header's.
    fn payload<'a>(&self, bytes: &'a [u8]) -> Result<&'a [u8], Rejected> {
        let payload = &bytes[head_len(N)..];
        if payload.len() as u64 != self.len {
            return Err(Rejected::Corrupt("truncated"));
        }
        if crate::analysis::stable_hash(payload) != self.sum {
            return Err(Rejected::Corrupt("checksum"));
        }
        Ok(payload)
    }
}

/// Write the corpus's index cache. Only reports read from disk (with a stamp)
/// are written; an editor's unsaved text is not what the next start will find.
pub fn save(corpus: &Corpus) -> std::io::Result<PathBuf> {
    // (a corpus's cache is about a third of its size: written a megabyte at a
    // time)
    let mut out = Writing::begin(corpus, cache_file, 1)?;
    let mut w = W(Vec::with_capacity(FLUSH_AT + (64 << 10)));
    let syms = corpus.symbols();
    w.uv(syms.len() as u64);
    for i in 0..syms.len() {
        w.str(syms.name(i as Sym));
        out.flush_full(&mut w)?;
    }
    let qi = &corpus.quote_index;
    let keys = qi.key_count();
    w.uv(keys as u64);
    for k in 0..keys {
        w.str(qi.key_name(k as u32));
        out.flush_full(&mut w)?;
    }
    let entries: Vec<_> = corpus
        .reports()
        .filter(|r| !corpus.live.contains_key(&r.id))
        .filter_map(|r| Some((r, r.stamp?, r.facts()?)))
        .collect();
    w.uv(entries.len() as u64);
    for (r, stamp, facts) in entries {
        w.str(&r.path.to_string_lossy());
        w.uv(stamp.size);
        w.uv(stamp.mtime_ns);
        write_facts(&mut w, facts);
        let sigs = qi.report_sigs(r.id);
        w.uv(sigs.len() as u64);
        for (sig, _) in &sigs {
            write_sig(&mut w, sig);
        }
        out.flush_full(&mut w)?;
    }
    out.finish(&mut w, MAGIC, &[corpus.registry().fingerprint()])
}

// ------------------------------------------------------------------ loading

/// One report as the cache recorded it (names as ids of [`Decoded::syms`] and
/// [`Decoded::keys`]).
pub struct Entry {
    pub stamp: Stamp,
    pub facts: ReportFacts,
    pub sigs: Vec<IdSig>,
}

/// A cache read back: its reports and the names they refer to.
pub struct Decoded {
    pub syms: Symbols,
    pub keys: Symbols,
    pub entries: rustc_hash::FxHashMap<PathBuf, Entry>,
}

/// Why a cache file was not used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rejected {
    Missing,
    /// Wrong magic number, format or build: written by another version.
    OtherVersion,
    /// Written with another registry of actors.
    OtherRegistry,
    /// Truncated or damaged.
    Corrupt(&'static str),
    /// Written for reports of other contents (the links file only).
    OtherCorpus,
}

impl std::fmt::Display for Rejected {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Rejected::Missing => write!(f, "no index cache yet"),
            Rejected::OtherVersion => write!(f, "the index cache is from another version"),
            Rejected::OtherRegistry => {
                write!(f, "the index cache was made with other actors (entities)")
            }
            Rejected::Corrupt(why) => write!(f, "the index cache is damaged ({why})"),
            Rejected::OtherCorpus => write!(f, "the kept quote links are of other report contents"),
        }
    }
}

/// Read the cache of the corpus at `root`, made with the registry whose
/// fingerprint is `registry`. Any problem rejects the whole file. Needs no
/// corpus, so it can run without the corpus lock.
pub fn read(dir: Option<&Path>, root: &Path, registry: u64) -> Result<Decoded, Rejected> {
    let path = cache_file(dir.ok_or(Rejected::Missing)?, root);
    let bytes = std::fs::read(&path).map_err(|_| Rejected::Missing)?;
    decode(&bytes, registry)
}

/// A table of names (a count, then each name) interned into `names`: the id
/// each name of the file has there, in order.
fn read_table(r: &mut R<'_>, names: &mut Symbols) -> D<Vec<Sym>> {
    let n = r.len()?;
    let mut map = Vec::with_capacity(n);
    for _ in 0..n {
        map.push(names.intern(r.str()?));
    }
    Some(map)
}

fn decode(bytes: &[u8], registry: u64) -> Result<Decoded, Rejected> {
    let head = Head::<1>::read(bytes, MAGIC)?;
    if head.fields[0] != registry {
        return Err(Rejected::OtherRegistry);
    }
    let payload = head.payload(bytes)?;
    let bad = Rejected::Corrupt("inconsistent");
    let mut r = R { b: payload, at: 0 };
    let mut syms = Symbols::new();
    let sym_map = read_table(&mut r, &mut syms).ok_or(bad.clone())?;
    let mut keys = Symbols::new();
    let key_map = read_table(&mut r, &mut keys).ok_or(bad.clone())?;
    let n = r.len().ok_or(bad.clone())?;
    // (sized up front: growing it re-hashes every path, which is not cheap)
    let mut entries = rustc_hash::FxHashMap::with_capacity_and_hasher(
        n.min(payload.len() / 16),
        Default::default(),
    );
    for _ in 0..n {
        let e = (|| {
            let path = PathBuf::from(r.str()?);
            let stamp = Stamp {
                size: r.uv()?,
                mtime_ns: r.uv()?,
            };
            let facts = read_facts(&mut r, &sym_map)?;
            let nq = r.len()?;
            if nq != facts.quotes.len() {
                return None;
            }
            let sigs = list(&mut r, nq, |r| read_sig(r, &key_map))?;
            Some((path, Entry { stamp, facts, sigs }))
        })()
        .ok_or(bad.clone())?;
        entries.insert(e.0, e.1);
    }
    if r.at != payload.len() {
        return Err(bad);
    }
    Ok(Decoded {
        syms,
        keys,
        entries,
    })
}

/// How a corpus was loaded.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LoadStats {
    /// Reports whose facts came from the cache unread.
    pub cached: usize,
    /// Reports read again whose content was unchanged (facts reused).
    pub verified: usize,
    /// Reports analysed.
    pub analysed: usize,
    /// Why the cache was not used, when it was not.
    pub rejected: Option<Rejected>,
    /// Reports whose quote links came from the links file.
    pub links: usize,
    /// Reports whose boilerplate classes came from the classes file.
    pub classes: usize,
    /// What the walk of the folder could not look at.
    pub skipped: Vec<super::walk::Skipped>,
}

/// A cached entry ready to be installed (see [`prepare`]).
pub struct Prepared {
    pub facts: std::sync::Arc<ReportFacts>,
    pub sigs: Vec<(IdSig, Option<String>)>,
    pub stamp: Stamp,
    /// Its file was read to compare contents (its stamp had changed).
    pub verified: bool,
}

/// The cached facts of `path` ready to install when the file is the one
/// recorded (same stamp, or the same content); None when it is not (it must be
/// analysed again). `maps` turn the entry's ids into the corpus's (none when the corpus
/// adopted the cache's names).
pub fn prepare(
    corpus: &Corpus,
    path: &Path,
    e: Entry,
    stamp: Stamp,
    maps: Option<&(Vec<Sym>, Vec<u32>)>,
) -> Option<Prepared> {
    let verified = e.stamp != stamp;
    if verified {
        // read it: the same content keeps its facts
        match super::source::load(path, corpus.config().max_file_size) {
            Ok(text) if crate::analysis::stable_hash(text.as_bytes()) == e.facts.hash => {}
            _ => return None,
        }
    }
    let (mut facts, mut sigs) = (e.facts, e.sigs);
    if let Some((sym_map, key_map)) = maps {
        let m = |s: Sym| {
            if s == NO_SYM {
                NO_SYM
            } else {
                sym_map.get(s as usize).copied().unwrap_or(NO_SYM)
            }
        };
        facts.remap_syms(&m);
        sigs = sigs
            .iter()
            .map(|sig| sig.remap(&|k| key_map.get(k as usize).copied().unwrap_or(0)))
            .collect();
    }
    let speakers: Vec<Option<String>> = facts
        .quotes
        .iter()
        .map(|q| q.speaker.map(|s| corpus.symbols().name(s.key).to_string()))
        .collect();
    Some(Prepared {
        facts: std::sync::Arc::new(facts),
        sigs: sigs.into_iter().zip(speakers).collect(),
        stamp,
        verified,
    })
}

// ------------------------------------------------------------------ quote links

/// The links file beside a corpus's index cache: the quote links of its reports
/// ([`super::links`]) and the content hash of every report they were computed
/// with. The CLI uses them only for a corpus whose every report has the same
/// content ([`Corpus::link_fingerprint`]), so that `check` gives what it gives
/// without them; the server also takes the links among unchanged reports, as
/// after its own edits.
const LINKS_MAGIC: &[u8; 8] = b"NDSKLNK\0";

/// Header: magic, format, build, registry, corpus fingerprint, link threshold,
/// payload length, payload checksum.
const LINKS_HEAD: usize = head_len(3);

/// The links file of the corpus at `root`.
pub fn links_file(dir: &Path, root: &Path) -> PathBuf {
    cache_file(dir, root).with_extension("links")
}

/// Write the links kept by `corpus` (see [`super::links`]), a megabyte at a
/// time: first every report slot (content hash and path), then each report's
/// links as (slot, quotation, score), one record a report, to the end.
pub fn save_links(corpus: &Corpus) -> std::io::Result<PathBuf> {
    let mut out = Writing::begin(corpus, links_file, 3)?;
    let mut w = W(Vec::with_capacity(FLUSH_AT + (64 << 10)));
    let mut e = W(Vec::new());
    let slots = corpus.report_slots();
    w.uv(slots.len() as u64);
    for r in slots {
        // a record: empty for a free slot or a report without facts
        e.0.clear();
        if let Some((r, f)) = r.as_ref().and_then(|r| Some((r, r.facts()?))) {
            e.u64(f.hash);
            e.0.extend_from_slice(r.path.to_string_lossy().as_bytes());
        }
        w.uv(e.0.len() as u64);
        w.0.extend_from_slice(&e.0);
        out.flush_full(&mut w)?;
    }
    let qi = &corpus.quote_index;
    // the reports whose links are still good, read one at a time, up to the
    // end of the file
    for id in corpus.links.reports() {
        let Some(links) = corpus.valid_links(id) else {
            continue;
        };
        e.0.clear();
        e.uv(u64::from(id));
        e.uv(links.quotes() as u64);
        for i in 0..links.quotes() {
            let list: Vec<_> = qi.placed(links.of(i).iter().copied()).collect();
            e.uv(list.len() as u64);
            for (at, score) in list {
                e.uv(u64::from(at.report));
                e.uv(at.quote as u64);
                e.0.extend_from_slice(&score.to_bits().to_le_bytes());
            }
        }
        w.uv(e.0.len() as u64);
        w.0.extend_from_slice(&e.0);
        out.flush_full(&mut w)?;
    }
    let path = out.finish(
        &mut w,
        LINKS_MAGIC,
        &[
            corpus.registry().fingerprint(),
            corpus.link_fingerprint(),
            u64::from(corpus.quote_threshold().to_bits()),
        ],
    )?;
    corpus.links.mark_clean();
    Ok(path)
}

/// One report's links as read back: its id, the start of each quotation's
/// links, and the links as (target quotation's slot in the quote index, score).
pub type DecodedReportLinks = (u32, Vec<u32>, Vec<(u32, f32)>);

/// A links file read back for a corpus.
#[derive(Debug, Default)]
pub struct DecodedLinks {
    /// How many reports' links were given to the caller: those whose content
    /// and every linked report's are unchanged.
    pub reports: usize,
    /// The reports recorded with the content they have now.
    pub unchanged: rustc_hash::FxHashSet<u32>,
}

/// What a links file needs to know of the corpus reading it.
pub trait LinkTargets {
    /// The id, content hash and number of quotations of the report at `path`.
    fn report(&self, path: &str) -> Option<(u32, u64, usize)>;
    /// The quote index's slot of quotation `quote` of report `id`.
    fn slot(&self, id: u32, quote: u32) -> Option<u32>;
    /// Whether so many reports changed (are not among `unchanged`) that the
    /// file is not worth reading on: asked before any link is read.
    fn too_many_changed(&self, unchanged: &rustc_hash::FxHashSet<u32>) -> bool;
}

/// Read the links file of `corpus`, giving each report's links to `sink` as
/// they are read (so that they are never all in memory at once). With `exact`,
/// only when it was written for reports of the very contents they have now
/// (the same fingerprint); otherwise the links among reports whose content did
/// not change. On an error, what `sink` was given must not be used: the
/// checksum is known only at the end.
pub fn read_links(
    corpus: &Corpus,
    exact: bool,
    targets: &impl LinkTargets,
    sink: &mut dyn FnMut(DecodedReportLinks),
) -> Result<DecodedLinks, Rejected> {
    let dir = corpus.cache_dir().ok_or(Rejected::Missing)?;
    let file =
        std::fs::File::open(links_file(dir, corpus.root())).map_err(|_| Rejected::Missing)?;
    let want = Want {
        registry: corpus.registry().fingerprint(),
        fingerprint: exact.then(|| corpus.link_fingerprint()),
        threshold: corpus.quote_threshold().to_bits(),
    };
    decode_links(
        std::io::BufReader::with_capacity(1 << 16, file),
        &want,
        targets,
        sink,
    )
}

/// What a links file must have been written for.
struct Want {
    registry: u64,
    /// The corpus fingerprint, when only the same contents will do.
    fingerprint: Option<u64>,
    threshold: u32,
}

/// A links file's payload read a record at a time (a file of 50 MB is never
/// held whole), hashed on the way.
struct Records<T: std::io::Read> {
    input: T,
    hash: xxhash_rust::xxh3::Xxh3,
    left: u64,
}

impl<T: std::io::Read> Records<T> {
    fn bytes(&mut self, buf: &mut [u8]) -> D<()> {
        self.left = self.left.checked_sub(buf.len() as u64)?;
        self.input.read_exact(buf).ok()?;
        self.hash.update(buf);
        Some(())
    }
    fn uv(&mut self) -> D<u64> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let mut byte = [0u8];
            self.bytes(&mut byte)?;
            v |= u64::from(byte[0] & 0x7f) << shift;
            if byte[0] < 0x80 {
                return Some(v);
            }
        }
        None
    }
    /// A count of at most as many items as bytes remain.
    fn len(&mut self) -> D<usize> {
        let n = self.uv()?;
        (n <= self.left).then_some(n as usize)
    }
    /// The next record (its length, then its bytes) into `buf`.
    fn record<'b>(&mut self, buf: &'b mut Vec<u8>) -> D<&'b [u8]> {
        let n = self.len()?;
        buf.resize(n, 0);
        self.bytes(buf)?;
        Some(buf)
    }
}

/// Read a links file from `input`: its head, then every report slot, then
/// each report's links (given to `sink`), and the verdict on the whole.
fn decode_links(
    mut input: impl std::io::Read,
    want: &Want,
    targets: &impl LinkTargets,
    sink: &mut dyn FnMut(DecodedReportLinks),
) -> Result<DecodedLinks, Rejected> {
    let head = links_head(&mut input, want)?;
    let mut r = Records {
        input,
        hash: xxhash_rust::xxh3::Xxh3::new(),
        left: head.len,
    };
    let mut buf = Vec::new();
    let mut too_many = false;
    let decoded = (|| {
        let (slots, mut out) = read_slots(&mut r, &mut buf, targets)?;
        if targets.too_many_changed(&out.unchanged) {
            too_many = true;
            return None;
        }
        while r.left > 0 {
            if let Some(links) = report_links(r.record(&mut buf)?, &slots, targets)? {
                out.reports += 1;
                sink(links);
            }
        }
        Some(out)
    })();
    if too_many {
        return Err(Rejected::OtherCorpus);
    }
    links_verdict(decoded, &mut r, head.sum)
}

/// A links file's head, when it was written for what `want` asks.
fn links_head(input: &mut impl std::io::Read, want: &Want) -> Result<Head<3>, Rejected> {
    let mut head = [0u8; LINKS_HEAD];
    if input.read_exact(&mut head).is_err() {
        return Err(Rejected::OtherVersion);
    }
    let head = Head::<3>::read(&head, LINKS_MAGIC)?;
    let [registry, fingerprint, threshold] = head.fields;
    if registry != want.registry {
        return Err(Rejected::OtherRegistry);
    }
    if want.fingerprint.is_some_and(|f| f != fingerprint) || threshold != u64::from(want.threshold)
    {
        return Err(Rejected::OtherCorpus);
    }
    Ok(head)
}

/// Each report slot of a links file as (report id, number of quotations) here,
/// when the report is here with the same content.
type Slots = Vec<Option<(u32, usize)>>;

/// Read the report slots at the start of a links file's payload, with the
/// reports found unchanged noted in the [`DecodedLinks`] to be returned.
fn read_slots<T: std::io::Read>(
    r: &mut Records<T>,
    buf: &mut Vec<u8>,
    targets: &impl LinkTargets,
) -> D<(Slots, DecodedLinks)> {
    let n = r.len()?;
    let mut slots: Slots = Vec::with_capacity(n);
    let mut out = DecodedLinks::default();
    for _ in 0..n {
        let rec = r.record(buf)?;
        if rec.is_empty() {
            slots.push(None);
            continue;
        }
        let hash = u64::from_le_bytes(rec.get(..8)?.try_into().ok()?);
        let path = std::str::from_utf8(&rec[8..]).ok()?;
        let same = targets
            .report(path)
            .filter(|&(_, now, _)| now == hash)
            .map(|(id, _, quotes)| (id, quotes));
        if let Some((id, _)) = same {
            out.unchanged.insert(id);
        }
        slots.push(same);
    }
    Some((slots, out))
}

/// One report's record of links, `Some(None)` when the report or one it links
/// to changed (its links are then computed again), `None` when inconsistent.
fn report_links(
    rec: &[u8],
    slots: &Slots,
    targets: &impl LinkTargets,
) -> D<Option<DecodedReportLinks>> {
    let mut e = R { b: rec, at: 0 };
    let Some((id, quotes)) = *slots.get(usize::try_from(e.uv()?).ok()?)? else {
        return Some(None);
    };
    if e.len()? != quotes {
        return None;
    }
    let mut starts = Vec::with_capacity(quotes + 1);
    let mut links = Vec::new();
    starts.push(0);
    for _ in 0..quotes {
        for _ in 0..e.len()? {
            let to = slots.get(usize::try_from(e.uv()?).ok()?)?;
            let quote = e.u32()?;
            e.at += 4;
            // a link to a report that changed: this report's links
            // are computed again
            let Some((to, has)) = *to else {
                return Some(None);
            };
            if quote as usize >= has {
                return None;
            }
            let bits = e.b.get(e.at - 4..e.at)?;
            let score = f32::from_bits(u32::from_le_bytes(bits.try_into().ok()?));
            links.push((targets.slot(to, quote)?, score));
        }
        starts.push(u32::try_from(links.len()).ok()?);
    }
    if e.at != e.b.len() {
        return None;
    }
    Some(Some((id, starts, links)))
}

/// What a links file read to its end gives: the `decoded` links only when the
/// payload was whole and its checksum is `sum`.
fn links_verdict<T: std::io::Read>(
    decoded: D<DecodedLinks>,
    r: &mut Records<T>,
    sum: u64,
) -> Result<DecodedLinks, Rejected> {
    // the checksum is known only at the end: nothing is used before it is
    let complete = r.left == 0 && r.input.read(&mut [0u8]).is_ok_and(|n| n == 0);
    match decoded {
        Some(_) if !complete => Err(Rejected::Corrupt("truncated")),
        Some(_) if r.hash.digest() != sum => Err(Rejected::Corrupt("checksum")),
        Some(out) => Ok(out),
        None => Err(Rejected::Corrupt("inconsistent")),
    }
}

// ------------------------------------------------------------------ boilerplate classes

/// The classes file beside a corpus's index cache ([`super::classes`]).
const CLASSES_MAGIC: &[u8; 8] = b"NDSKCLS\0";

/// The classes file of the corpus at `root`.
pub fn classes_file(dir: &Path, root: &Path) -> PathBuf {
    cache_file(dir, root).with_extension("classes")
}

/// Write the boilerplate classes kept by `corpus`: for each report its path,
/// the content hash and repeats signal they were computed with, what the
/// text-only rules found with them (nine bytes), the number of lines and their
/// codes (a few megabytes at 100,000 reports).
pub fn save_classes(corpus: &Corpus) -> std::io::Result<PathBuf> {
    let mut out = Writing::begin(corpus, classes_file, 0)?;
    let kept: Vec<_> = corpus
        .classes
        .snapshot()
        .into_iter()
        .filter_map(|(id, k)| Some((corpus.by_id(id)?, k)))
        .collect();
    let mut w = W(Vec::with_capacity(FLUSH_AT + (64 << 10)));
    w.uv(kept.len() as u64);
    for (r, k) in &kept {
        w.str(&r.path.to_string_lossy());
        w.u64(k.text);
        w.u64(k.signal);
        w.0.extend_from_slice(&super::classes::settled_bytes(&k.settled));
        let (lines, codes) = k.parts();
        w.uv(u64::from(lines));
        w.0.extend_from_slice(codes);
        out.flush_full(&mut w)?;
    }
    let path = out.finish(&mut w, CLASSES_MAGIC, &[])?;
    corpus.classes.mark_clean();
    Ok(path)
}

/// Read the classes file of `corpus`, giving each report's path and classes
/// to `keep` (the file's checksum is checked before any is given).
pub fn read_classes(
    corpus: &Corpus,
    keep: impl FnMut(&str, super::classes::KeptClasses),
) -> Result<(), Rejected> {
    let dir = corpus.cache_dir().ok_or(Rejected::Missing)?;
    let bytes = std::fs::read(classes_file(dir, corpus.root())).map_err(|_| Rejected::Missing)?;
    decode_classes(&bytes, keep)
}

fn decode_classes(
    bytes: &[u8],
    mut keep: impl FnMut(&str, super::classes::KeptClasses),
) -> Result<(), Rejected> {
    let payload = Head::<0>::read(bytes, CLASSES_MAGIC)?.payload(bytes)?;
    let mut r = R { b: payload, at: 0 };
    (|| {
        let n = r.len()?;
        for _ in 0..n {
            let path = r.str()?;
            let text = r.u64()?;
            let signal = r.u64()?;
            let settled = super::classes::settled_from(r.b.get(r.at..r.at + 9)?.try_into().ok()?)?;
            r.at += 9;
            let lines = r.u32()?;
            let len = (lines as usize).div_ceil(2);
            let codes = r.b.get(r.at..r.at + len)?;
            r.at += len;
            keep(
                path,
                super::classes::KeptClasses::from_parts(text, signal, settled, lines, codes)?,
            );
        }
        (r.at == payload.len()).then_some(())
    })()
    .ok_or(Rejected::Corrupt("inconsistent"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varints_and_zigzag_round_trip() {
        let mut w = W(Vec::new());
        for v in [0u64, 1, 127, 128, 300, u64::from(u32::MAX), u64::MAX] {
            w.uv(v);
        }
        for v in [0i64, -1, 1, -300, i64::from(i32::MIN)] {
            w.iv(v);
        }
        let mut r = R { b: &w.0, at: 0 };
        for v in [0u64, 1, 127, 128, 300, u64::from(u32::MAX), u64::MAX] {
            assert_eq!(r.uv(), Some(v));
        }
        for v in [0i64, -1, 1, -300, i64::from(i32::MIN)] {
            assert_eq!(r.iv(), Some(v));
        }
        assert_eq!(r.u8(), None);
    }

    #[test]
    fn a_list_longer_than_the_input_is_rejected() {
        let mut w = W(Vec::new());
        w.uv(1_000_000);
        let mut r = R { b: &w.0, at: 0 };
        assert_eq!(r.len(), None);
    }

    #[test]
    fn a_cache_written_in_pieces_reads_back_whole() {
        let root = tempfile::tempdir().unwrap();
        let cache = tempfile::tempdir().unwrap();
        for (name, text) in [
            ("a.txt", "MOSCOW, January 14 - RIA Novosti. \"We want a balance of interests,\" Sergei Lavrov said.\n"),
            ("b.txt", "LONDON, May 2 (Reuters) - The talks in Vienna resumed on Tuesday, officials said.\nHome | News\n"),
            ("c.txt", "«Мы хотим баланса интересов», — сказал Сергей Лавров. 👍\n"),
        ] {
            std::fs::write(root.path().join(name), text).unwrap();
        }
        let mut c = Corpus::new(root.path());
        c.set_cache_dir(Some(cache.path().to_path_buf()));
        c.load_all();
        let file = save(&c).unwrap();
        // far more bytes than one piece
        let size = std::fs::metadata(&file).unwrap().len();
        assert!(size > 4 * FLUSH_AT as u64, "{size} bytes");
        let d = read(Some(cache.path()), c.root(), c.registry().fingerprint()).unwrap();
        assert_eq!(d.entries.len(), 3);
        for r in c.reports() {
            let e = &d.entries[&r.path];
            let f = r.facts().unwrap();
            assert_eq!(
                (e.facts.hash, e.facts.quotes.len()),
                (f.hash, f.quotes.len())
            );
            assert_eq!(e.facts.excerpts, f.excerpts);
        }
    }
}
