//! # Dateline at the start of the report
//!
//! A news report's body opens with a *dateline*: where the story was filed,
//! usually when, and often which agency filed it. Readers rely on it to place
//! the story, and curators rely on it to tell agency copy from rewrites. This
//! rule finds the dateline and warns when the body has none, or when the
//! opening looks like a dateline but lacks the place or the date.
//!
//! ## Where the rule looks
//!
//! Lines marked as boilerplate by the boilerplate rule are ignored. The first
//! remaining line is the headline, unless it is itself a dateline paragraph
//! (a report without a headline is fine). The dateline is looked for at the
//! start of the first three paragraphs after the headline, because a subtitle
//! (standfirst) often sits between the headline and the dateline paragraph.
//! Bylines (`By Jane Smith`), photo captions and credits (`Photo: Reuters`),
//! reading times (`5 Min Read`) and update lines (`Updated: 10:32 IST`) between
//! them are passed over, and a missing-dateline warning goes on the first
//! paragraph of the body, not on a caption. Every non-blank line is a
//! paragraph.
//!
//! ## Datelines that are recognised
//!
//! ```text
//! MOSCOW, January 14 - RIA Novosti. Russia stands for …
//! WASHINGTON, Feb 15 - RIA Novosti. NATO allies are …
//! Stockholm. December 2. INTERFAX - NATO refuses …
//! MOSCOW, December 22. /TASS/. Russia will do …
//! NEW YORK, Feb 26 - Stocks fell …
//! BEIRUT, Lebanon, June 2. Protesters …
//! WASHINGTON (AP) — The Senate …
//! BERLIN, May 18 (Reuters) - The government …
//! HAMBURG, Apr. 9 (UPI) -- Police said …
//! Stuttgart, 7 March (dpa) - A fire …
//! Berlin (dpa) - The minister …
//! COLOGNE — The carnival …
//! COLUMBIA, S.C. (AP) — A storm …
//! DUBAI, United Arab Emirates — The expo …
//! NEW DELHI: The heat wave …             (a known place in capitals, colon)
//! MOSCOW                                 (a known place alone on its line,
//! Russia and the US held talks …          above the body)
//! Munich - The health minister …        (German style: place and dash)
//! МОСКВА, 14 янв — РИА Новости. Россия …
//! Москва. 5 марта. ИНТЕРФАКС - Глава МИД …
//! ```
//!
//! Dashes may be `-`, `--`, `–` or `—`; months may be written out or
//! abbreviated (`Jan`, `Jan.`, `Sept`, `янв`, `марта`, `Januar`), in either
//! order (`January 14`, `14 January`), with or without a year
//! (`January 14, 2022`).
//!
//! A place with an agency but no date (`WASHINGTON (AP) —`) is a complete
//! dateline: agencies such as AP, Reuters, dpa and AFP often leave the date
//! out. So is a place followed by a dash (`COLOGNE —`, `Munich - …`).
//!
//! ## Problems reported
//!
//! * **Missing dateline** – the body starts without one:
//!   `NATO continues to stir up tensions with Russia, Lavrov said.`
//! * **Malformed dateline** – the opening clearly tries to be a dateline but
//!   lacks a part:
//!   * no place: `January 14 - RIA Novosti. Russia stands for …`
//!   * no date, with an agency whose datelines always carry one (RIA Novosti,
//!     TASS, Interfax): `MOSCOW - RIA Novosti. Russia stands for …`
//!
//! Ordinary sentences are never taken for datelines: `Russia, which …`,
//! `However, the minister …` and `On January 14, the minister …` do not
//! match, because a dateline needs a place followed by a date, an agency or
//! a dash. When in doubt the rule stays silent: a missed warning costs less
//! than a false one on a correct report.

use crate::analysis::text::dates::{month_number, weekday_number, MONTH_ABBREVIATIONS};
use std::ops::Range;

/// A date as written in a dateline; the year is often left out.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct PartialDate {
    /// Year, when written.
    pub year: Option<i32>,
    /// Month, 1–12.
    pub month: u8,
    /// Day of the month, 1–31.
    pub day: u8,
}

/// How dates sort when reports are listed earliest first: by year, month and
/// day; a date without its year after every dated one, no date last.
pub fn order_key(date: Option<&PartialDate>) -> (bool, i32, u8, u8) {
    match date {
        Some(d) => (d.year.is_none(), d.year.unwrap_or(0), d.month, d.day),
        None => (true, i32::MAX, u8::MAX, u8::MAX),
    }
}

/// A dateline found at the start of a paragraph.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Dateline {
    /// Byte range of the whole dateline, including its closing dash or period.
    pub range: Range<usize>,
    /// e.g. "MOSCOW", "Stockholm", "BEIRUT, Lebanon", "Москва" — as written
    pub place: Option<String>,
    /// The date, when written.
    pub date: Option<PartialDate>,
    /// "RIA Novosti", "Interfax", "TASS", "AP", "Reuters", "РИА Новости" —
    /// normalised display name
    pub agency: Option<String>,
}

/// What the rule found at the start of the body.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum DatelineOutcome {
    /// body opens with a dateline
    Found(Dateline),
    /// opening looks like a dateline but lacks the place or the date;
    /// `dateline` has what could be parsed
    Malformed {
        /// The parts that could be parsed.
        dateline: Dateline,
        /// "place" and/or "date".
        missing: Vec<&'static str>,
    },
    /// no dateline; `body_first_line` is the byte range of the body's first
    /// line (the warning goes there)
    Missing {
        /// Byte range of the body's first line (without surrounding spaces).
        body_first_line: Range<usize>,
    },
    /// no body at all (empty or all boilerplate)
    #[default]
    NoBody,
}

/// How many paragraphs after the headline are searched for the dateline.
const SEARCH_PARAGRAPHS: usize = 3;

/// Find the dateline of `text`.
///
/// `skip[i]` is true when line i is boilerplate (decided by another rule);
/// those lines are ignored. Lines beyond the end of `skip` are not skipped.
pub fn detect(text: &str, skip: &[bool]) -> DatelineOutcome {
    // Date stamps (`Thursday, May 7, 2015` on a line of its own) are neither
    // headline nor body.
    let paras: Vec<Range<usize>> = paragraphs(text)
        .filter(|(i, _)| !skip.get(*i).copied().unwrap_or(false))
        .map(|(_, r)| r)
        .filter(|r| !is_date_stamp(&text[r.clone()]))
        .collect();
    let Some(first) = paras.first() else {
        return DatelineOutcome::NoBody;
    };
    // A report whose first paragraph is the dateline paragraph: no headline.
    // A headline must have a date or an agency to count as a dateline.
    if let Some(p) = parse_at(text, first.clone()) {
        if p.kind == Kind::Complete && (p.dateline.date.is_some() || p.dateline.agency.is_some()) {
            return DatelineOutcome::Found(p.dateline);
        }
    }
    if paras.len() < 2 {
        return DatelineOutcome::NoBody;
    }
    // Bylines, captions, reading times and update lines between the headline
    // and the body are neither.
    let body: Vec<&Range<usize>> = paras[1..]
        .iter()
        .filter(|r| !is_front_matter(&text[(*r).clone()]))
        .collect();
    let body_first = body.first().copied().unwrap_or(&paras[1]);
    let mut malformed = None;
    for (k, para) in body.iter().take(SEARCH_PARAGRAPHS).enumerate() {
        // `MOSCOW` on a line of its own above the body
        if k == 0 && body.len() > 1 {
            if let Some(d) = place_line(text, (*para).clone()) {
                return DatelineOutcome::Found(d);
            }
        }
        let Some(p) = parse_at(text, (*para).clone()) else {
            continue;
        };
        match p.kind {
            Kind::Complete => return DatelineOutcome::Found(p.dateline),
            // Place and dash only: the paragraph right after the headline.
            Kind::PlaceDash if k == 0 => return DatelineOutcome::Found(p.dateline),
            Kind::PlaceDash => {}
            Kind::Malformed(missing) => {
                // Further down, only agency-marked openings count.
                if malformed.is_none() && (k == 0 || p.dateline.agency.is_some()) {
                    malformed = Some(DatelineOutcome::Malformed {
                        dateline: p.dateline,
                        missing,
                    });
                }
            }
        }
    }
    malformed.unwrap_or(DatelineOutcome::Missing {
        body_first_line: body_first.clone(),
    })
}

/// A short paragraph between the headline and the body that is neither: a
/// byline (`By Jane Smith`), a photo caption or credit (`Photo: Reuters`), a
/// reading time (`5 Min Read`), an update time (`Updated: 10:32 IST`).
fn is_front_matter(para: &str) -> bool {
    if ends_with_photo_credit(para) {
        return true;
    }
    let words = para.split_whitespace().count();
    if words > 16 {
        return false;
    }
    let lower = para.to_lowercase();
    let first = lower.split_whitespace().next().unwrap_or("");
    // `By Jane Smith`, `By JANE SMITH and IVAN PETROV`
    let byline = first == "by"
        && words <= 8
        && !para.ends_with('.')
        && para
            .split_whitespace()
            .nth(1)
            .is_some_and(|w| w.starts_with(char::is_uppercase));
    // `Photo: Reuters`, `Image credit: AFP`, `Фото: ТАСС`
    let caption = [
        "photo", "image", "picture", "file", "credit", "caption", "фото",
    ]
    .iter()
    .any(|w| first.starts_with(w))
        && lower
            .split_whitespace()
            .take(3)
            .any(|w| w.ends_with(':') || w == "/" || w == "by" || w == "©");
    // `5 Min Read`, `3 minute read`
    let read_time = words <= 4 && (lower.ends_with("min read") || lower.ends_with("minute read"));
    // `AP White House Correspondent`: the byline's second line
    let role = words <= 6
        && !para.trim_end().ends_with(['.', '!', '?'])
        && lower.split_whitespace().any(|w| {
            matches!(
                w,
                "correspondent"
                    | "reporter"
                    | "writer"
                    | "editor"
                    | "contributor"
                    | "корреспондент"
            )
        });
    // `Updated: 10:32 IST`, `Published 14 January 2022`
    let updated = words <= 12
        && [
            "updated",
            "published",
            "posted",
            "created",
            "last updated",
            "обновлено",
            "опубликовано",
        ]
        .iter()
        .any(|w| lower.starts_with(w));
    // `Strength In Custom Test Products Also Contributes To Record Quarter`:
    // a deck in Title Case under the headline (not a place in capitals)
    let alpha: Vec<&str> = para
        .split_whitespace()
        .filter(|w| w.starts_with(char::is_alphabetic))
        .collect();
    let capitalised = alpha
        .iter()
        .filter(|w| w.starts_with(char::is_uppercase))
        .count();
    let deck = alpha.len() >= 4
        && capitalised * 10 >= alpha.len() * 8
        && para.chars().any(char::is_lowercase)
        && !para.trim_end().ends_with(['.', '!', '?', ':'])
        && !para.contains(['—', '–'])
        && !para.contains(" - ");
    byline || caption || read_time || updated || role || deck
}

/// A photo caption however long, known by the credit it ends with: `… (AP
/// Photo/Lefteris Pitarakis, pool)`, `… (Photo: Reuters)`, `… (Getty Images)`.
fn ends_with_photo_credit(para: &str) -> bool {
    let t = para.trim_end();
    let Some(inner) = t.strip_suffix(')') else {
        return false;
    };
    let Some(open) = inner.rfind('(') else {
        return false;
    };
    let credit = inner[open + 1..].to_lowercase();
    credit.split_whitespace().count() <= 8
        && ["photo", "images", "фото"]
            .iter()
            .any(|w| credit.contains(w))
}

/// `MOSCOW`, `NEW YORK`: a known place in capitals on a line of its own above
/// the body, the dateline set apart.
fn place_line(text: &str, para: Range<usize>) -> Option<Dateline> {
    let s = text[para.clone()].trim_end_matches([',', ':', ' ', '-', '—', '–']);
    let letters = s.chars().filter(|c| c.is_alphabetic()).count();
    let caps = letters >= 3 && !s.chars().any(char::is_lowercase);
    if !caps || s.split_whitespace().count() > 4 || !crate::analysis::actors::is_known_place(s) {
        return None;
    }
    Some(Dateline {
        range: para.start..para.start + s.len(),
        place: Some(s.to_string()),
        date: None,
        agency: None,
    })
}

/// A line that is only a date (see [`is_date_stamp`]): neither a headline nor
/// the body.
pub fn is_date_line(line: &str) -> bool {
    is_date_stamp(line)
}

/// A paragraph that is only a date, with an optional weekday and time:
/// `Thursday, May 7, 2015`, `14 January 2022, 10:15`.
fn is_date_stamp(para: &str) -> bool {
    let mut p = Parser { s: para, pos: 0 };
    p.weekday();
    if p.date().is_none() {
        return false;
    }
    p.eat(",");
    p.skip_spaces();
    // Optional time: `10:15`, `10:15 AM`, `at 10:15`.
    p.eat("at ");
    if p.number(2).is_some() && p.eat(":") && p.number(2).is_some() {
        p.skip_spaces();
        for suffix in [
            "AM", "PM", "am", "pm", "a.m.", "p.m.", "UTC", "GMT", "ET", "MSK",
        ] {
            if p.eat(suffix) {
                break;
            }
        }
    }
    p.rest().trim().is_empty()
}

/// The first full date (with its year) written in a short line of page text
/// (`Published 14 January 2022`, `Updated: Jan. 14, 2022 10:32`, `By Ann Lee |
/// Thursday, May 7, 2015`), with its byte range in `line`; for a report's
/// publication date when its dateline has none.
pub fn date_in_line(line: &str) -> Option<(PartialDate, Range<usize>)> {
    let starts = std::iter::once(0).chain(
        line.char_indices()
            .filter(|&(i, c)| {
                i > 0 && c.is_alphanumeric() && !line[..i].ends_with(char::is_alphanumeric)
            })
            .map(|(i, _)| i),
    );
    for at in starts {
        let mut p = Parser { s: line, pos: at };
        p.weekday();
        p.eat(",");
        p.skip_spaces();
        if let Some(d) = p.date() {
            if d.year.is_some() && (1..=12).contains(&d.month) && (1..=31).contains(&d.day) {
                return Some((d, at..p.pos));
            }
        }
    }
    None
}

/// Non-blank lines as (line index, byte range without surrounding spaces).
fn paragraphs(text: &str) -> impl Iterator<Item = (usize, Range<usize>)> + '_ {
    super::lines::lines_with_ranges(text)
        .enumerate()
        .filter_map(move |(i, (range, line))| {
            let line_start = range.start;
            let trimmed_start = line.len() - line.trim_start().len();
            let trimmed = line.trim();
            (!trimmed.is_empty()).then(|| {
                let s = line_start + trimmed_start;
                (i, s..s + trimmed.len())
            })
        })
}

/// How complete a parsed opening is.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Kind {
    /// Place with a date and/or an agency, properly ended.
    Complete,
    /// Place and dash only (`COLOGNE —`, `Munich - `).
    PlaceDash,
    /// Looks like a dateline but lacks these parts.
    Malformed(Vec<&'static str>),
}

#[derive(Debug)]
struct Parsed {
    dateline: Dateline,
    kind: Kind,
}

/// Whether `line` opens with a whole dateline (a place with a date or an
/// agency): `MOSCOW, January 14 - RIA Novosti.`, `NEW YORK (Reuters) -`.
pub fn opens_with_dateline(line: &str) -> bool {
    let trimmed = line.trim();
    let start = line.len() - line.trim_start().len();
    parse_at(line, start..start + trimmed.len()).is_some_and(|p| {
        p.kind == Kind::Complete && (p.dateline.date.is_some() || p.dateline.agency.is_some())
    })
}

/// Parse a dateline at the start of the paragraph `para` (trimmed range).
fn parse_at(text: &str, para: Range<usize>) -> Option<Parsed> {
    let s = &text[para.clone()];
    let mut p = Parser { s, pos: 0 };
    let result = p.dateline();
    result.map(|(mut d, kind)| {
        d.range = para.start + d.range.start..para.start + d.range.end;
        Parsed { dateline: d, kind }
    })
}

/// Agencies: (spelling, display name). Matched case-insensitively at a word
/// boundary; longer spellings first.
const AGENCIES: &[(&str, &str)] = &[
    ("РИА Новости", "РИА Новости"),
    ("RIA Novosti", "RIA Novosti"),
    ("RIA Nowosti", "RIA Novosti"),
    ("Interfax-Ukraine", "Interfax-Ukraine"),
    ("ИНТЕРФАКС", "Интерфакс"),
    ("Interfax", "Interfax"),
    ("Reuters", "Reuters"),
    ("Xinhua", "Xinhua"),
    ("Bloomberg", "Bloomberg"),
    ("Ukrinform", "Ukrinform"),
    ("Sputnik", "Sputnik"),
    ("Anadolu", "Anadolu"),
    ("BelTA", "BelTA"),
    ("Kyodo", "Kyodo"),
    ("Yonhap", "Yonhap"),
    ("UNIAN", "UNIAN"),
    ("ТАСС", "ТАСС"),
    ("TASS", "TASS"),
    ("ПРАЙМ", "ПРАЙМ"),
    ("ANSA", "ANSA"),
    ("IANS", "IANS"),
    ("AFP", "AFP"),
    ("UPI", "UPI"),
    ("dpa", "dpa"),
    ("EFE", "EFE"),
    ("ANI", "ANI"),
    ("PTI", "PTI"),
    ("CNN Business", "CNN Business"),
    ("CNN", "CNN"),
    ("AP", "AP"),
];

/// The one name of an outlet however a report writes it: an agency's name
/// in Latin letters for its Cyrillic spelling (`ТАСС` → `TASS`, `РИА
/// Новости` → `RIA Novosti`), and a known agency's own spelling for a name
/// matched without regard to case, hyphens or underscores (a folder
/// `ria_novosti` or `tass` → `RIA Novosti`, `TASS`); `None` for a name that
/// is no known agency.
pub fn canonical_outlet(name: &str) -> Option<&'static str> {
    const LATIN: &[(&str, &str)] = &[
        ("РИА Новости", "RIA Novosti"),
        ("Интерфакс", "Interfax"),
        ("ТАСС", "TASS"),
        ("ПРАЙМ", "PRIME"),
    ];
    let key = |s: &str| -> String {
        s.chars()
            .map(|c| if c == '_' || c == '-' { ' ' } else { c })
            .collect::<String>()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    let k = key(name);
    if k.is_empty() {
        return None;
    }
    AGENCIES
        .iter()
        .find(|(spelling, display)| key(spelling) == k || key(display) == k)
        .map(|&(_, display)| display)
        .or_else(|| LATIN.iter().map(|&(_, l)| l).find(|l| key(l) == k))
        .map(|display| {
            LATIN
                .iter()
                .find(|(cyr, _)| *cyr == display)
                .map_or(display, |&(_, latin)| latin)
        })
}

/// Agencies whose datelines always carry a date: a place and one of these
/// without a date is malformed.
const DATED_AGENCIES: &[&str] = &[
    "RIA Novosti",
    "РИА Новости",
    "Interfax",
    "Интерфакс",
    "TASS",
    "ТАСС",
];

/// Words that may sit inside a multi-word place name in lower case.
const PLACE_CONNECTORS: &[&str] = &[
    "de", "da", "do", "dos", "das", "del", "della", "di", "la", "le", "les", "el", "al", "am",
    "an", "der", "im", "on", "upon", "sur", "en", "y", "na", "pod",
];

/// Abbreviations that end with a period inside a place name (`ST. PETERSBURG`).
const PLACE_ABBREVIATIONS: &[&str] = &["st", "ste", "mt", "ft", "pt", "ст"];

/// Sentence openers that are never a place.
const NOT_PLACES: &[&str] = &[
    "the",
    "a",
    "an",
    "in",
    "on",
    "at",
    "as",
    "but",
    "and",
    "or",
    "however",
    "according",
    "this",
    "that",
    "these",
    "those",
    "it",
    "he",
    "she",
    "they",
    "we",
    "i",
    "you",
    "there",
    "here",
    "meanwhile",
    "earlier",
    "later",
    "today",
    "yesterday",
    "now",
    "after",
    "before",
    "when",
    "while",
    "if",
    "so",
    "yet",
    "also",
    "still",
    "thus",
    "then",
    "for",
    "with",
    "by",
    "from",
    "to",
    "of",
    "update",
    "updated",
    "breaking",
    "photo",
    "video",
    "watch",
    "read",
    "editor",
    "editors",
    "note",
    "correction",
    "exclusive",
    "analysis",
    "opinion",
    "comment",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "our",
    "my",
    "his",
    "her",
    "their",
    "its",
    "your",
    "what",
    "why",
    "how",
    "who",
    "where",
    "which",
    "is",
    "are",
    "was",
    "were",
    "do",
    "does",
    "did",
    "not",
    "no",
    "yes",
    "all",
    "some",
    "many",
    "most",
    "more",
];

fn is_dash(c: char) -> bool {
    matches!(c, '-' | '–' | '—' | '―')
}

/// A tiny cursor-based parser over one paragraph.
struct Parser<'a> {
    s: &'a str,
    pos: usize,
}

impl<'a> Parser<'a> {
    fn rest(&self) -> &'a str {
        &self.s[self.pos..]
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    /// Consume `lit` if the rest starts with it.
    fn eat(&mut self, lit: &str) -> bool {
        if self.rest().starts_with(lit) {
            self.pos += lit.len();
            true
        } else {
            false
        }
    }

    fn skip_spaces(&mut self) -> usize {
        let n = self.rest().len() - self.rest().trim_start().len();
        self.pos += n;
        n
    }

    /// A word: letters, with inner hyphens and apostrophes (`Rostov-on-Don`,
    /// `Ростов-на-Дону`, `N'Djamena`). Returns its range without consuming.
    fn word_at(&self, at: usize) -> Option<Range<usize>> {
        let s = &self.s[at..];
        let mut end = 0;
        let mut chars = s.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if c.is_alphabetic() {
                end = i + c.len_utf8();
            } else if matches!(c, '-' | '\'' | '’')
                && end == i
                && end > 0
                && chars.peek().is_some_and(|(_, n)| n.is_alphabetic())
            {
                continue;
            } else {
                break;
            }
        }
        (end > 0).then(|| at..at + end)
    }

    /// A run of digits at the cursor, consumed.
    fn number(&mut self, max_len: usize) -> Option<u32> {
        let n = self.rest().bytes().take_while(u8::is_ascii_digit).count();
        if n == 0 || n > max_len {
            return None;
        }
        let v = self.rest()[..n].parse().ok()?;
        self.pos += n;
        Some(v)
    }

    /// A month name at the cursor, consumed with the period of an
    /// abbreviation (`Jan.`, `дек.`, and `May. 18` as some agencies write it).
    fn month(&mut self) -> Option<u8> {
        let w = self.word_at(self.pos)?;
        let word = self.s[w.clone()].to_lowercase();
        let m = month_number(&word)?;
        self.pos = w.end;
        let abbreviation = MONTH_ABBREVIATIONS.contains(&word.as_str());
        let digit_follows = self
            .rest()
            .strip_prefix(". ")
            .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit()));
        if self.rest().starts_with('.') && (abbreviation || digit_follows) {
            self.pos += 1;
        }
        Some(m)
    }

    /// A date at the cursor: `January 14`, `Jan. 14, 2022`, `14 January`,
    /// `14. Januar 2022`, `5 марта 2022 г.`. Consumed only when it matches.
    fn date(&mut self) -> Option<PartialDate> {
        let start = self.pos;
        let d = self.month_day().or_else(|| {
            self.pos = start;
            self.day_month()
        });
        if d.is_none() {
            self.pos = start;
        }
        d
    }

    fn month_day(&mut self) -> Option<PartialDate> {
        let month = self.month()?;
        if self.skip_spaces() == 0 {
            return None;
        }
        let day = self.day()?;
        for suffix in ["st", "nd", "rd", "th"] {
            if self.rest().starts_with(suffix) && self.word_at(self.pos).map(|w| w.len()) == Some(2)
            {
                self.pos += 2;
                break;
            }
        }
        let year = self.year(true);
        Some(PartialDate { year, month, day })
    }

    fn day_month(&mut self) -> Option<PartialDate> {
        let day = self.day()?;
        self.eat(".");
        if self.skip_spaces() == 0 {
            return None;
        }
        // Spanish `14 de enero`
        if self.rest().starts_with("de ")
            && crate::analysis::text::lang::current()
                == Some(crate::analysis::text::lang::Lang::Spa)
        {
            self.pos += 3;
            self.skip_spaces();
        }
        let month = self.month()?;
        let year = self.year(false);
        Some(PartialDate { year, month, day })
    }

    fn day(&mut self) -> Option<u8> {
        let at = self.pos;
        let d = self.number(2)?;
        if !(1..=31).contains(&d)
            || self.peek().is_some_and(char::is_alphanumeric)
                && !self.rest().starts_with(['s', 'n', 'r', 't'])
        {
            self.pos = at;
            return None;
        }
        u8::try_from(d).ok()
    }

    /// An optional year after a date: `, 2022` (when `comma` is allowed) or
    /// ` 2022`, with an optional Russian `г.`/`года`.
    fn year(&mut self, comma: bool) -> Option<i32> {
        let at = self.pos;
        if comma {
            self.eat(",");
        }
        if self.skip_spaces() == 0 && self.pos == at {
            return None;
        }
        let Some(y) = self.number(4).filter(|y| (1800..=2200).contains(y)) else {
            self.pos = at;
            return None;
        };
        if self.peek().is_some_and(char::is_alphanumeric) {
            self.pos = at;
            return None;
        }
        let after = self.pos;
        self.skip_spaces();
        if !(self.eat("года") || self.eat("г.")) {
            self.pos = after;
        }
        i32::try_from(y).ok()
    }

    /// An optional weekday with a comma (`Thursday, `), consumed.
    fn weekday(&mut self) -> bool {
        let Some(w) = self.word_at(self.pos) else {
            return false;
        };
        if weekday_number(&self.s[w.clone()]).is_none() {
            return false;
        }
        let at = self.pos;
        self.pos = w.end;
        self.eat(".");
        if self.eat(",") || self.skip_spaces() > 0 {
            self.skip_spaces();
            true
        } else {
            self.pos = at;
            false
        }
    }

    /// An agency name at the cursor, consumed; returns its display name.
    fn agency(&mut self) -> Option<&'static str> {
        let rest = self.rest();
        for (spelling, display) in AGENCIES {
            let Some(head) = rest.get(..spelling.len()) else {
                continue;
            };
            if !head.eq_ignore_ascii_case(spelling)
                && head.to_lowercase() != spelling.to_lowercase()
            {
                continue;
            }
            // Short all-caps agencies must be written in capitals ("AP", not
            // "ap"), and every agency must end at a word boundary.
            if spelling.len() <= 3 && *spelling != "dpa" && head != *spelling {
                continue;
            }
            if rest[spelling.len()..]
                .chars()
                .next()
                .is_some_and(char::is_alphanumeric)
            {
                continue;
            }
            self.pos += spelling.len();
            return Some(display);
        }
        None
    }

    /// `(AP)`, `(Reuters)`, `(dpa)`: consumed with leading spaces.
    fn paren_agency(&mut self) -> Option<&'static str> {
        let at = self.pos;
        self.skip_spaces();
        if self.eat("(") {
            if let Some(a) = self.agency() {
                if self.eat(")") {
                    return Some(a);
                }
            }
        }
        self.pos = at;
        None
    }

    /// A dash with optional spaces around it: ` - `, ` -- `, ` — `.
    fn dash(&mut self) -> bool {
        let at = self.pos;
        self.skip_spaces();
        let n: usize = self
            .rest()
            .chars()
            .take_while(|c| is_dash(*c))
            .map(char::len_utf8)
            .sum();
        if n == 0 || n > 6 {
            self.pos = at;
            return false;
        }
        self.pos += n;
        true
    }

    /// The place: up to four words, the first capitalised, e.g. `MOSCOW`,
    /// `NEW YORK`, `ST. PETERSBURG`, `Rio de Janeiro`, `Ростов-на-Дону`.
    /// Returns (range, all in capitals).
    fn place(&mut self) -> Option<(Range<usize>, bool)> {
        let start = self.pos;
        let first = self.word_at(self.pos)?;
        let first_word = &self.s[first.clone()];
        if !first_word.starts_with(char::is_uppercase) {
            return None;
        }
        let lower = first_word.to_lowercase();
        if NOT_PLACES.contains(&lower.as_str()) || month_number(&lower).is_some() {
            return None;
        }
        let mut end = first.end;
        let mut words = 1;
        loop {
            // `ST. PETERSBURG`
            let last = self.s[start..end]
                .rsplit([' ', '-'])
                .next()
                .unwrap_or("")
                .to_lowercase();
            let mut at = end;
            if PLACE_ABBREVIATIONS.contains(&last.as_str()) && self.s[at..].starts_with(". ") {
                at += 2;
            } else if self.s[at..].starts_with(' ') {
                at += 1;
            } else {
                break;
            }
            let Some(w) = self.word_at(at) else { break };
            let word = &self.s[w.clone()];
            let wl = word.to_lowercase();
            if words >= 4 || month_number(&wl).is_some() {
                break;
            }
            if word.starts_with(char::is_uppercase) {
                end = w.end;
                words += 1;
            } else if PLACE_CONNECTORS.contains(&wl.as_str()) {
                // Only when a capitalised word follows.
                let after = w.end + 1;
                match self.s.get(after..).and_then(|_| self.word_at(after)) {
                    Some(w2)
                        if self.s[w.end..].starts_with(' ')
                            && self.s[w2.clone()].starts_with(char::is_uppercase) =>
                    {
                        end = w2.end;
                        words += 2;
                    }
                    _ => break,
                }
            } else {
                break;
            }
        }
        self.pos = end;
        let text = &self.s[start..end];
        let caps = text.chars().filter(|c| c.is_alphabetic()).count() >= 2
            && !text.chars().any(char::is_lowercase);
        Some((start..end, caps))
    }

    /// `, Lebanon`, `, Germany`, `, Calif.`: a capitalised region after the
    /// place (not a month). Consumed when it matches.
    fn region(&mut self) -> bool {
        let at = self.pos;
        if !self.eat(", ") {
            return false;
        }
        let Some(w) = self.word_at(self.pos) else {
            self.pos = at;
            return false;
        };
        let word = &self.s[w.clone()];
        let lower = word.to_lowercase();
        if !word.starts_with(char::is_uppercase)
            || month_number(&lower).is_some()
            || NOT_PLACES.contains(&lower.as_str())
        {
            self.pos = at;
            return false;
        }
        self.pos = w.end;
        // `S.C.`, `D.C.`: letters and dots
        while self.rest().starts_with('.')
            && self.rest()[1..].starts_with(|c: char| c.is_ascii_uppercase())
        {
            match self.word_at(self.pos + 1) {
                Some(w) => self.pos = w.end,
                None => break,
            }
        }
        // More words (`, South Korea`, `, United Arab Emirates`).
        for _ in 0..2 {
            let Some(w2) = self.s[self.pos..]
                .starts_with(' ')
                .then(|| self.word_at(self.pos + 1))
                .flatten()
            else {
                break;
            };
            let w2s = &self.s[w2.clone()];
            if !w2s.starts_with(char::is_uppercase) || month_number(&w2s.to_lowercase()).is_some() {
                break;
            }
            self.pos = w2.end;
        }
        // an abbreviation's period (`Calif.`, `S.C.`) before what follows
        let rest = self.rest();
        if rest.starts_with(".,")
            || rest.starts_with(". (")
            || (rest.starts_with(". ") && rest[2..].starts_with(is_dash))
        {
            self.pos += 1;
        }
        true
    }

    /// What follows a dash: an agency name ending the dateline
    /// (`- RIA Novosti.`, `— РИА Новости.`), consumed with its period.
    fn agency_after_dash(&mut self) -> Option<&'static str> {
        let at = self.pos;
        self.skip_spaces();
        if let Some(a) = self.agency() {
            if self.eat(".") || self.rest().trim().is_empty() {
                return Some(a);
            }
            if self.dash() {
                return Some(a);
            }
        }
        self.pos = at;
        None
    }

    /// `/TASS/` with an optional final period.
    fn slash_agency(&mut self) -> Option<&'static str> {
        let at = self.pos;
        self.skip_spaces();
        if self.eat("/") {
            if let Some(a) = self.agency() {
                if self.eat("/") {
                    self.eat(".");
                    return Some(a);
                }
            }
        }
        self.pos = at;
        None
    }

    /// After a date: how the dateline ends, and the agency if any.
    /// Returns None when nothing recognisable ends it.
    fn ending_after_date(&mut self) -> Option<Option<&'static str>> {
        if let Some(a) = self.paren_agency() {
            self.dash();
            return Some(Some(a));
        }
        if let Some(a) = self.slash_agency() {
            return Some(Some(a));
        }
        if self.dash() {
            return Some(self.agency_after_dash());
        }
        let at = self.pos;
        // `5 дек. ИНТЕРФАКС -`: the abbreviation's period ends the date.
        let abbreviation_period = self.s[..self.pos].ends_with('.');
        if self.eat(".") || abbreviation_period {
            // `December 2. INTERFAX -` / `December 22. /TASS/.`
            let after_period = self.pos;
            if let Some(a) = self.slash_agency() {
                return Some(Some(a));
            }
            self.skip_spaces();
            if let Some(a) = self.agency() {
                if self.dash() || self.eat(".") {
                    return Some(Some(a));
                }
            }
            self.pos = after_period;
            // `BEIRUT, Lebanon, June 2. Protesters …`
            return Some(None);
        }
        self.pos = at;
        None
    }

    /// Text after the dateline starts like a sentence (capital, digit or
    /// quotation mark), or the paragraph ends.
    fn sentence_follows(&self) -> bool {
        match self.rest().trim_start().chars().next() {
            None => true,
            Some(c) => {
                c.is_uppercase()
                    || c.is_ascii_digit()
                    || matches!(c, '"' | '“' | '«' | '„' | '‘' | '\'')
            }
        }
    }

    fn finish(
        &self,
        place: Option<Range<usize>>,
        date: Option<PartialDate>,
        agency: Option<&str>,
    ) -> Dateline {
        let end = self.s[..self.pos].trim_end().len();
        Dateline {
            range: 0..end,
            place: place.map(|r| self.s[r].to_string()),
            date,
            agency: agency.map(str::to_string),
        }
    }

    /// Parse a dateline at the start of the paragraph.
    fn dateline(&mut self) -> Option<(Dateline, Kind)> {
        // Agency only: `(CNN) President …`
        if self.rest().starts_with('(') {
            let a = self.paren_agency()?;
            self.dash();
            return Some((self.finish(None, None, Some(a)), Kind::Complete));
        }
        // No place: `January 14 - RIA Novosti.`
        if let Some(date) = self.date() {
            let agency = self.ending_after_date()?;
            // A bare date and period is a sentence fragment, not a dateline.
            if agency.is_none() && !self.s[..self.pos].trim_end().ends_with(is_dash) {
                return None;
            }
            let d = self.finish(None, Some(date), agency);
            return Some((d, Kind::Malformed(vec!["place"])));
        }
        let (place_range, caps) = self.place()?;
        let mut place_end = place_range.end;
        while self.region() {
            place_end = self.pos;
        }
        let place = Some(place_range.start..place_end);
        self.after_place(place_range, place, caps)
    }

    /// The rest of a dateline after its place (`place_range` without the
    /// regions that followed, `place` with them; `caps` when written in
    /// capitals): a date, an agency, a dash or a colon.
    fn after_place(
        &mut self,
        place_range: Range<usize>,
        place: Option<Range<usize>>,
        caps: bool,
    ) -> Option<(Dateline, Kind)> {
        // `MOSCOW, January 14` / `Stockholm. December 2` / `МОСКВА, 14 янв`
        let before_sep = self.pos;
        if self.eat(", ") || self.eat(". ") || self.eat(",\u{a0}") {
            self.skip_spaces();
            if let Some(date) = self.date() {
                let agency = self.ending_after_date()?;
                let d = self.finish(place, Some(date), agency);
                return Some((d, Kind::Complete));
            }
        }
        self.pos = before_sep;
        // `WASHINGTON (AP) —`, `Berlin (dpa) -`
        if let Some(a) = self.paren_agency() {
            self.dash();
            let d = self.finish(place, None, Some(a));
            return Some((d, Kind::Complete));
        }
        // `MOSCOW. /TASS/.` — agency style that always has a date.
        if let Some(a) = self.slash_agency() {
            let d = self.finish(place, None, Some(a));
            return Some((d, Kind::Malformed(vec!["date"])));
        }
        // `Moscow. INTERFAX -`
        if self.eat(".") {
            self.skip_spaces();
            if let Some(a) = self.agency() {
                if DATED_AGENCIES.contains(&a) && (self.dash() || self.eat(".")) {
                    let d = self.finish(place, None, Some(a));
                    return Some((d, Kind::Malformed(vec!["date"])));
                }
            }
            return None;
        }
        self.pos = before_sep;
        if self.dash() {
            // `MOSCOW - RIA Novosti.`
            if let Some(a) = self.agency_after_dash() {
                let d = self.finish(place, None, Some(a));
                if DATED_AGENCIES.contains(&a) {
                    return Some((d, Kind::Malformed(vec!["date"])));
                }
                return Some((d, Kind::Complete));
            }
            // `COLOGNE — The …`, `Munich - The …`
            // A place in capitals (`COLOGNE —`) or a single capitalised word
            // (`Munich - `), before a new sentence.
            // A hyphen is set apart by a space (`AHLUL- BAYT` is a broken
            // word); a long dash need not be (`WASHINGTON—The …`).
            let single_word = !self.s[place_range.clone()].contains(' ');
            let spaced = self.s[before_sep..].starts_with(char::is_whitespace)
                || !self.s[before_sep..].starts_with('-');
            if self.sentence_follows() && spaced && (caps || single_word) {
                let d = self.finish(place, None, None);
                return Some((d, Kind::PlaceDash));
            }
        }
        // `NEW DELHI: The …` — a known place in capitals, then a colon
        self.pos = before_sep;
        if caps && self.eat(":") && self.sentence_follows() && !self.rest().trim().is_empty() {
            let name = &self.s[place_range.clone()];
            if crate::analysis::actors::is_known_place(name) {
                let d = self.finish(place, None, None);
                return Some((d, Kind::PlaceDash));
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_sort_dated_then_without_year_then_none() {
        let d = |year, month, day| PartialDate { year, month, day };
        let mut v = [
            None,
            Some(d(None, 1, 2)),
            Some(d(Some(2022), 3, 1)),
            Some(d(Some(2021), 12, 31)),
        ];
        v.sort_by_key(|x| order_key(x.as_ref()));
        assert_eq!(
            v,
            [
                Some(d(Some(2021), 12, 31)),
                Some(d(Some(2022), 3, 1)),
                Some(d(None, 1, 2)),
                None
            ]
        );
    }

    #[test]
    fn an_outlet_has_one_name_however_it_is_written() {
        for (written, one) in [
            ("ТАСС", Some("TASS")),
            ("tass", Some("TASS")),
            ("РИА Новости", Some("RIA Novosti")),
            ("ria_novosti", Some("RIA Novosti")),
            ("RIA-Novosti", Some("RIA Novosti")),
            ("RIA Nowosti", Some("RIA Novosti")),
            ("Интерфакс", Some("Interfax")),
            ("reuters", Some("Reuters")),
            ("Northern Courier", None),
            ("", None),
        ] {
            assert_eq!(canonical_outlet(written), one, "{written}");
        }
        // the German spelling is read in a dateline too
        let d = found("MOSKAU, 14. Januar - RIA Nowosti. Russland erwartet Antworten.");
        assert_eq!(d.agency.as_deref(), Some("RIA Novosti"));
    }

    fn found(text: &str) -> Dateline {
        match detect(text, &[]) {
            DatelineOutcome::Found(d) => d,
            other => panic!("expected Found, got {other:?}"),
        }
    }

    fn date(year: Option<i32>, month: u8, day: u8) -> Option<PartialDate> {
        Some(PartialDate { year, month, day })
    }

    const HEAD: &str = "Minister says talks will go on\n\n";

    #[test]
    fn ria_style() {
        let text =
            format!("{HEAD}MOSCOW, March 3 - RIA Novosti. The minister said talks would go on.\n");
        let d = found(&text);
        assert_eq!(d.place.as_deref(), Some("MOSCOW"));
        assert_eq!(d.date, date(None, 3, 3));
        assert_eq!(d.agency.as_deref(), Some("RIA Novosti"));
        assert_eq!(&text[d.range.clone()], "MOSCOW, March 3 - RIA Novosti.");
    }

    #[test]
    fn abbreviated_month() {
        let d = found(&format!(
            "{HEAD}LONDON, Sep 9 - RIA Novosti. Talks went on.\n"
        ));
        assert_eq!(d.date, date(None, 9, 9));
        let d = found(&format!("{HEAD}HAMBURG, Apr. 9 (UPI) -- Police said.\n"));
        assert_eq!(d.date, date(None, 4, 9));
        assert_eq!(d.agency.as_deref(), Some("UPI"));
        let d = found(&format!("{HEAD}NEW YORK, Sept. 30 - Stocks fell.\n"));
        assert_eq!(d.place.as_deref(), Some("NEW YORK"));
        assert_eq!(d.date, date(None, 9, 30));
        assert_eq!(d.agency, None);
    }

    #[test]
    fn interfax_style() {
        let text = format!("{HEAD}Oslo. May 4. INTERFAX - The minister said talks would go on.\n");
        let d = found(&text);
        assert_eq!(d.place.as_deref(), Some("Oslo"));
        assert_eq!(d.date, date(None, 5, 4));
        assert_eq!(d.agency.as_deref(), Some("Interfax"));
        assert_eq!(&text[d.range.clone()], "Oslo. May 4. INTERFAX -");
    }

    #[test]
    fn tass_style() {
        let text = format!("{HEAD}KAZAN, October 8. /TASS/. The minister said.\n");
        let d = found(&text);
        assert_eq!(d.place.as_deref(), Some("KAZAN"));
        assert_eq!(d.date, date(None, 10, 8));
        assert_eq!(d.agency.as_deref(), Some("TASS"));
        assert_eq!(&text[d.range.clone()], "KAZAN, October 8. /TASS/.");
    }

    #[test]
    fn region_and_year() {
        let d = found(&format!(
            "{HEAD}TRIPOLI, Lebanon, July 7. Crowds gathered.\n"
        ));
        assert_eq!(d.place.as_deref(), Some("TRIPOLI, Lebanon"));
        assert_eq!(d.date, date(None, 7, 7));
        let d = found(&format!("{HEAD}PARIS, March 1, 2021 - Prices rose.\n"));
        assert_eq!(d.date, date(Some(2021), 3, 1));
        let d = found(&format!(
            "{HEAD}Leipzig, 3 June 2020 (dpa) - Prices rose.\n"
        ));
        assert_eq!(d.date, date(Some(2020), 6, 3));
        assert_eq!(d.agency.as_deref(), Some("dpa"));
    }

    #[test]
    fn agency_without_date() {
        let d = found(&format!("{HEAD}CHICAGO (AP) — The council voted.\n"));
        assert_eq!(d.place.as_deref(), Some("CHICAGO"));
        assert_eq!(d.agency.as_deref(), Some("AP"));
        assert_eq!(d.date, None);
        let d = found(&format!("{HEAD}Hanover (dpa) - The council voted.\n"));
        assert_eq!(d.agency.as_deref(), Some("dpa"));
        let d = found(&format!(
            "{HEAD}PARIS, May 2 (Reuters) - The council voted.\n"
        ));
        assert_eq!(d.agency.as_deref(), Some("Reuters"));
        let d = found(&format!("{HEAD}LYON, Ohio (AP) — The council voted.\n"));
        assert_eq!(d.place.as_deref(), Some("LYON, Ohio"));
    }

    #[test]
    fn place_and_dash() {
        let d = found(&format!("{HEAD}BREMEN — The council voted.\n"));
        assert_eq!(d.place.as_deref(), Some("BREMEN"));
        let d = found(&format!("{HEAD}Regensburg - The council voted.\n"));
        assert_eq!(d.place.as_deref(), Some("Regensburg"));
        // Not after a lower-case word: a parenthetical dash.
        assert!(matches!(
            detect(&format!("{HEAD}Putin - who spoke first - said so.\n"), &[]),
            DatelineOutcome::Missing { .. }
        ));
    }

    #[test]
    fn russian() {
        let d = found(&format!(
            "{HEAD}КАЗАНЬ, 3 фев — РИА Новости. Министр заявил.\n"
        ));
        assert_eq!(d.place.as_deref(), Some("КАЗАНЬ"));
        assert_eq!(d.date, date(None, 2, 3));
        assert_eq!(d.agency.as_deref(), Some("РИА Новости"));
        let d = found(&format!(
            "{HEAD}Казань. 7 апреля. ИНТЕРФАКС - Министр заявил.\n"
        ));
        assert_eq!(d.place.as_deref(), Some("Казань"));
        assert_eq!(d.date, date(None, 4, 7));
        assert_eq!(d.agency.as_deref(), Some("Интерфакс"));
        let d = found(&format!(
            "{HEAD}САНКТ-ПЕТЕРБУРГ, 12 октября 2021 г. /ТАСС/. Министр заявил.\n"
        ));
        assert_eq!(d.place.as_deref(), Some("САНКТ-ПЕТЕРБУРГ"));
        assert_eq!(d.date, date(Some(2021), 10, 12));
        assert_eq!(d.agency.as_deref(), Some("ТАСС"));
    }

    #[test]
    fn dash_variants() {
        for dash in ["-", "–", "—", "--"] {
            let d = found(&format!("{HEAD}ROME, June 5 {dash} RIA Novosti. Talks.\n"));
            assert_eq!(d.agency.as_deref(), Some("RIA Novosti"), "{dash}");
        }
    }

    #[test]
    fn multi_word_places() {
        let d = found(&format!(
            "{HEAD}ST. PETERSBURG, June 5 - RIA Novosti. Talks.\n"
        ));
        assert_eq!(d.place.as_deref(), Some("ST. PETERSBURG"));
        let d = found(&format!(
            "{HEAD}Rio de Janeiro, June 5 (Reuters) - Talks.\n"
        ));
        assert_eq!(d.place.as_deref(), Some("Rio de Janeiro"));
    }

    #[test]
    fn malformed() {
        let text = format!("{HEAD}March 3 - RIA Novosti. The minister said talks would go on.\n");
        match detect(&text, &[]) {
            DatelineOutcome::Malformed { dateline, missing } => {
                assert_eq!(missing, vec!["place"]);
                assert_eq!(dateline.date, date(None, 3, 3));
                assert_eq!(&text[dateline.range], "March 3 - RIA Novosti.");
            }
            other => panic!("{other:?}"),
        }
        let text = format!("{HEAD}MOSCOW - RIA Novosti. The minister said talks would go on.\n");
        match detect(&text, &[]) {
            DatelineOutcome::Malformed { dateline, missing } => {
                assert_eq!(missing, vec!["date"]);
                assert_eq!(dateline.place.as_deref(), Some("MOSCOW"));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn sentences_are_not_datelines() {
        for body in [
            "Russia, which hosted the talks, said nothing.",
            "However, the minister said talks would go on.",
            "On March 3, the minister said talks would go on.",
            "March 3 was the day the talks began.",
            "The talks - long delayed - went on.",
            "NATO refuses to consider the proposals, the minister said.",
        ] {
            let text = format!("{HEAD}{body}\n");
            match detect(&text, &[]) {
                DatelineOutcome::Missing { body_first_line } => {
                    assert_eq!(&text[body_first_line], body);
                }
                other => panic!("{body}: {other:?}"),
            }
        }
    }

    #[test]
    fn standfirst_before_dateline() {
        let text = "Talks will go on, minister says\n\nThe minister said the timeframe \"cannot be moved\"\n\nKAZAN, October 8. /TASS/. The minister said.\n";
        assert_eq!(found(text).place.as_deref(), Some("KAZAN"));
    }

    #[test]
    fn date_stamps_and_agency_only() {
        let text = "Talks will go on\n\nFriday, May 8, 2009\n\nThe minister spoke on Tuesday.\n";
        match detect(text, &[]) {
            DatelineOutcome::Missing { body_first_line } => {
                assert_eq!(&text[body_first_line], "The minister spoke on Tuesday.");
            }
            other => panic!("{other:?}"),
        }
        let d = found(&format!("{HEAD}(CNN) The minister spoke.\n"));
        assert_eq!((d.place, d.agency.as_deref()), (None, Some("CNN")));
        assert!(matches!(
            detect(&format!("{HEAD}Our Own Survey Shows – most agree.\n"), &[]),
            DatelineOutcome::Missing { .. }
        ));
        assert!(matches!(
            detect(&format!("{HEAD}Our Survey – Most agree.\n"), &[]),
            DatelineOutcome::Missing { .. }
        ));
    }

    #[test]
    fn no_headline() {
        let d = found("OSLO, May 4 (Reuters) - Talks went on.\n\nMore text.\n");
        assert_eq!(d.place.as_deref(), Some("OSLO"));
    }

    #[test]
    fn skipped_lines_and_no_body() {
        let text = "Sign in\n\n1234\nTalks will go on\n\nBONN, May 4 (dpa) - Talks.\n";
        let skip = [true, false, true];
        assert_eq!(found_with(text, &skip).place.as_deref(), Some("BONN"));
        assert_eq!(detect("", &[]), DatelineOutcome::NoBody);
        assert_eq!(detect("Sign in\n", &[true]), DatelineOutcome::NoBody);
        assert_eq!(detect("Only a headline\n", &[]), DatelineOutcome::NoBody);
    }

    fn found_with(text: &str, skip: &[bool]) -> Dateline {
        match detect(text, skip) {
            DatelineOutcome::Found(d) => d,
            other => panic!("expected Found, got {other:?}"),
        }
    }

    #[test]
    fn crlf() {
        let text = "Talks will go on\r\n\r\nBONN, May 4 (dpa) - Talks.\r\n";
        let d = found(text);
        assert_eq!(&text[d.range], "BONN, May 4 (dpa) -");
        let text = "Talks will go on\r\n\r\nThe minister spoke.\r\n";
        match detect(text, &[]) {
            DatelineOutcome::Missing { body_first_line } => {
                assert_eq!(&text[body_first_line], "The minister spoke.");
            }
            other => panic!("{other:?}"),
        }
    }

    /// Test-only stand-in for the boilerplate rule: obvious boilerplate above
    /// the headline of the seed reports.
    fn seed_skip(text: &str) -> Vec<bool> {
        text.split('\n')
            .map(|l| {
                let t = l.trim();
                (!t.is_empty() && t.chars().all(|c| c.is_ascii_digit()))
                    || t.starts_with("Image source")
                    || t == "Войти"
                    || t == "All news"
                    || t.strip_suffix(" C")
                        .is_some_and(|n| n.parse::<f64>().is_ok())
            })
            .collect()
    }

    /// The seed reports (read at test time when present).
    #[test]
    fn seeds() {
        let Some(dir) = crate::testdata::shared("seeds") else {
            return;
        };
        let entries = std::fs::read_dir(dir).unwrap();
        let mut seen = 0;
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().to_string();
            let text = std::fs::read_to_string(e.path()).unwrap();
            let outcome = detect(&text, &seed_skip(&text));
            let expect = |place: &str, month: u8, day: u8, agency: &str| match &outcome {
                DatelineOutcome::Found(d) => {
                    assert_eq!(d.place.as_deref(), Some(place), "{name}");
                    assert_eq!(d.date, date(None, month, day), "{name}");
                    assert_eq!(d.agency.as_deref(), Some(agency), "{name}");
                }
                other => panic!("{name}: {other:?}"),
            };
            match &name[..3] {
                "000" => expect("Stockholm", 12, 2, "Interfax"),
                "001" => expect("MOSCOW", 1, 14, "RIA Novosti"),
                "003" => expect("WASHINGTON", 2, 15, "RIA Novosti"),
                "004" => expect("MOSCOW", 12, 22, "TASS"),
                "002" => match &outcome {
                    DatelineOutcome::Missing { body_first_line } => {
                        assert!(text[body_first_line.clone()].starts_with("NATO continues"));
                    }
                    other => panic!("{name}: {other:?}"),
                },
                _ => continue,
            }
            seen += 1;
        }
        assert_eq!(seen, 5);
    }

    /// Wire styles with something between the headline and the dateline
    /// paragraph (a byline, a caption, a reading time, an update time).
    #[test]
    fn wire_styles_after_front_matter() {
        let cases: &[(&str, &str, Option<&str>)] = &[
            ("Storm hits coast\n\nCOLUMBIA, S.C. (AP) — A storm hit the coast on Tuesday.\n", "COLUMBIA, S.C.", Some("AP")),
            ("Stocks fall\n\n5 Min Read\n\nNEW YORK (Reuters) - Stocks fell on Wednesday.\n", "NEW YORK", Some("Reuters")),
            ("Talks resume\n\nPhoto: Reuters\n\nVIENNA — Talks on the deal resumed on Monday.\n", "VIENNA", None),
            ("Heat wave\n\nUpdated: 10:32 IST\n\nNEW DELHI: The heat wave went on, the weather office said.\n", "NEW DELHI", None),
            ("Expo opens\n\nDUBAI, United Arab Emirates — The expo opened on Friday.\n", "DUBAI, United Arab Emirates", None),
            ("Water on the Moon\n\nBy Jane Smith\n\nWASHINGTON — NASA announced on Monday that it found water.\n", "WASHINGTON", None),
            ("Talks\n\nMOSCOW\n\nRussia and the US held talks on Monday, the ministry said.\n", "MOSCOW", None),
            ("Storm\n\nWASHINGTON, D.C. — The storm reached the capital.\n", "WASHINGTON, D.C.", None),
            // a long caption with its credit, an update time and a two-line byline
            ("TASA REPORTS RECORD QUARTER\n\nGrowth In Demand For Proprietary Tests Fuels Revenue Increase\nStrength In Custom Test Products Also Contributes To Record Quarter\nArkansas Is Latest State To Adopt The Test\nContinued Growth Seen In All Business Areas\n\nBREWSTER, N.Y., March 9, 2004—Touchstone Applied Science Associates reported its best quarter.\n", "BREWSTER, N.Y.", None),
            ("Bush in Jerusalem\nCreated: Wednesday, 09 Jan 2008, 7:51 PM CST\nPresident Bush speaks at a news conference with the prime minister, not seen, after their meeting in Jerusalem on Wednesday. Bush opened his first trip to Israel as president. (AP Photo/Jane Doe, pool)\nBy TERENCE HUNT\nAP White House Correspondent\nJERUSALEM -- President Bush warned Iran on Wednesday.\n", "JERUSALEM", None),
        ];
        for (text, place, agency) in cases {
            let d = found(text);
            assert_eq!(d.place.as_deref(), Some(*place), "{text}");
            assert_eq!(d.agency.as_deref(), *agency, "{text}");
        }
    }

    /// What the new styles must not take for a dateline.
    #[test]
    fn look_alikes_of_the_new_styles_are_not_datelines() {
        for text in [
            "Markets\n\nUPDATE: The index fell on Tuesday.\n",
            "Markets\n\nBREAKING: The index fell on Tuesday.\n",
            "Markets\n\nWORLD\n\nThe index fell on Tuesday, traders said.\n",
            "Markets\n\nBy the end of the day, the index had fallen.\n",
            "Markets\n\nNOTE: The index fell on Tuesday.\n",
            // a sentence that ends in brackets is no caption
            "Markets\n\nThe index fell on Tuesday (photos below).\n\nTraders said it would recover.\n",
            // a word broken by a hyphen
            "Centre\n\nAHLUL- BAYT Islamic Centre is a purpose built centre.\n",
        ] {
            assert!(
                matches!(detect(text, &[]), DatelineOutcome::Missing { .. }),
                "{text}: {:?}",
                detect(text, &[])
            );
        }
        // the warning goes on the body, not on a caption before it
        let text = "Talks resume\n\nPhoto: Reuters\n\nTalks on the deal resumed on Monday.\n";
        match detect(text, &[]) {
            DatelineOutcome::Missing { body_first_line } => {
                assert!(text[body_first_line].starts_with("Talks on the deal"));
            }
            other => panic!("{other:?}"),
        }
    }
}
