//! A report's metadata, as a curator files it: headline, byline, publication
//! date, outlet and language, each with where it came from.
//!
//! - **Headline**: the first line with words that is not boilerplate, unless
//!   it is a date stamp or the dateline paragraph itself (a wire report
//!   without a headline). The `near-duplicate` hint, the outline, the copies
//!   lens and the hover all use [`headline`].
//! - **Byline**: a `By …`, `Posted by …`, `Written by …`, `Author: …`,
//!   `Von …` or `Автор: …` line among the first lines of the page (bylines are
//!   page furniture for the boilerplate rule, so boilerplate lines are read
//!   too), cut at the first thing that is not a name (`|`, a date, `for`,
//!   `Updated`).
//! - **Publication date**: the dateline's (its year completed from the text
//!   when it has none), else the first full date on a short line below the
//!   headline near the top (`Published 14 January 2022`, a date stamp; a date
//!   above the headline is the page's banner of the day it was scraped), else
//!   the same in the last lines (`Posted on …`).
//! - **Outlet**: the dateline's agency, else the name in a rights notice
//!   (`© 2022 Reuters`, `Copyright 2021 The Associated Press. All rights
//!   reserved.`). The corpus adds the report's folder when neither is there
//!   (the folder is not the text's, so it is not decided here).
//! - **Language**: `whatlang` on the body (lines that are not boilerplate), as
//!   an ISO 639-3 code with its English name; none for a body too short to
//!   tell.

use super::dateline::{self, Dateline, PartialDate};
use super::lines;
use std::ops::Range;

/// Where a publication date was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateSource {
    /// The dateline (`MOSCOW, January 14 -`).
    Dateline,
    /// A line of the page (`Published 14 January 2022`).
    Page,
    /// The report's file name (`2022-01-14-osce.txt`), decided by the corpus.
    FileName,
    /// The dateline's day, its year inferred from the other dates of the
    /// text (`At the end of 2021 …` in a January report): weaker than a
    /// year in the file name.
    DatelineYearInferred,
}

/// Where an outlet's name was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutletSource {
    /// The dateline's agency (`- RIA Novosti.`).
    Dateline,
    /// A rights notice on the page (`© 2022 Reuters`).
    Page,
    /// The folder the report is filed in (decided by the corpus).
    Folder,
}

impl DateSource {
    pub fn as_str(self) -> &'static str {
        match self {
            DateSource::Dateline => "dateline",
            DateSource::Page => "page",
            DateSource::FileName => "file name",
            DateSource::DatelineYearInferred => "dateline, year inferred",
        }
    }
}

impl OutletSource {
    pub fn as_str(self) -> &'static str {
        match self {
            OutletSource::Dateline => "dateline",
            OutletSource::Page => "page",
            OutletSource::Folder => "folder",
        }
    }
}

/// A report's metadata. Ranges are byte ranges of the text.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Metadata {
    pub headline: Option<Range<usize>>,
    /// The byline's line and the names in it.
    pub byline: Option<(Range<usize>, String)>,
    pub published: Option<(PartialDate, DateSource, Range<usize>)>,
    pub outlet: Option<(String, OutletSource, Range<usize>)>,
    pub language: Option<whatlang::Lang>,
}

impl Metadata {
    /// The publication date and where it was read, without its range (what
    /// the corpus keeps, [`crate::analysis::LocalFacts`]'s compact form).
    pub fn published_date(&self) -> Option<(PartialDate, DateSource)> {
        self.published.as_ref().map(|(d, s, _)| (d.clone(), *s))
    }
}

/// How many non-blank lines from the top are read for a byline or a date.
const TOP_LINES: usize = 12;
/// How many non-blank lines from the end are read for a date or a notice.
const END_LINES: usize = 30;
/// How much of the body the language is told from.
const LANGUAGE_BYTES: usize = 4000;

/// The metadata of `text`; `skip[i]` is true when line `i` is boilerplate,
/// `dateline` and `date` are what [`dateline::detect`] found and the date
/// with its year completed.
pub fn compute(
    text: &str,
    skip: &[bool],
    dateline: Option<&Dateline>,
    date: Option<&PartialDate>,
    language: Option<whatlang::Lang>,
) -> Metadata {
    let lines: Vec<(usize, Range<usize>)> = non_blank(text).collect();
    let headline = headline(text, |i| skip.get(i).copied().unwrap_or(false));
    let top = &lines[..lines.len().min(TOP_LINES)];
    let end = &lines[lines.len().saturating_sub(END_LINES)..];
    let byline = top
        .iter()
        .find_map(|(_, r)| byline_names(&text[r.clone()]).map(|names| (r.clone(), names)));
    // a date above the headline is the page's banner (the day it was
    // scraped, `Sunday, July 14, 2024 | 34.1 C`), not the report's
    let below_headline = headline.as_ref().map_or(0, |h| {
        top.iter().take_while(|(_, r)| r.start < h.end).count()
    });
    let published = match (dateline, date) {
        (Some(d), Some(x)) => {
            let inferred = x.year.is_some() && d.date.as_ref().is_some_and(|w| w.year.is_none());
            let source = if inferred {
                DateSource::DatelineYearInferred
            } else {
                DateSource::Dateline
            };
            Some((x.clone(), source, d.range.clone()))
        }
        _ => top[below_headline..]
            .iter()
            .chain(
                end.iter()
                    .rev()
                    .filter(|(_, r)| headline.as_ref().is_none_or(|h| r.start >= h.end)),
            )
            .filter(|(_, r)| text[r.clone()].split_whitespace().count() <= 16)
            .find_map(|(_, r)| {
                let (d, at) = dateline::date_in_line(&text[r.clone()])?;
                Some((d, DateSource::Page, r.start + at.start..r.start + at.end))
            }),
    };
    let outlet = match dateline.and_then(|d| d.agency.clone().map(|a| (a, d.range.clone()))) {
        Some((a, r)) => Some((canonical(a), OutletSource::Dateline, r)),
        None => end.iter().rev().chain(top.iter()).find_map(|(_, r)| {
            let (name, at) = rights_holder(&text[r.clone()])?;
            Some((
                canonical(name),
                OutletSource::Page,
                r.start + at.start..r.start + at.end,
            ))
        }),
    };
    Metadata {
        headline,
        byline,
        published,
        outlet,
        language,
    }
}

/// The date a file name gives (`2022-01-14-osce.txt`, `tass_20220114.txt`):
/// a valid year-month-day of digits, `-`, `_` or nothing between them, not
/// inside a longer run of digits.
pub fn date_in_file_name(name: &str) -> Option<PartialDate> {
    let b = name.as_bytes();
    for start in 0..b.len() {
        if start > 0 && b[start - 1].is_ascii_digit() {
            continue;
        }
        let digits = |at: usize, n: usize| -> Option<u32> {
            let s = name.get(at..at + n)?;
            s.bytes()
                .all(|c| c.is_ascii_digit())
                .then(|| s.parse().ok())?
        };
        let Some(y) = digits(start, 4) else { continue };
        let mut at = start + 4;
        let sep = b.get(at).copied().filter(|c| *c == b'-' || *c == b'_');
        at += usize::from(sep.is_some());
        let Some(m) = digits(at, 2) else { continue };
        at += 2;
        if sep.is_some() {
            if b.get(at).copied() != sep {
                continue;
            }
            at += 1;
        }
        let Some(d) = digits(at, 2) else { continue };
        at += 2;
        if b.get(at).is_some_and(u8::is_ascii_digit) {
            continue;
        }
        if (1900..=2100).contains(&y) && (1..=12).contains(&m) && (1..=31).contains(&d) {
            return Some(PartialDate {
                year: Some(y as i32),
                month: m as u8,
                day: d as u8,
            });
        }
    }
    None
}

/// The headline's range (trimmed) in `text`, given which lines are
/// boilerplate: see the module's documentation.
pub fn headline(text: &str, is_boilerplate: impl Fn(usize) -> bool) -> Option<Range<usize>> {
    let (_, r) = non_blank(text)
        .filter(|(i, _)| !is_boilerplate(*i))
        .find(|(_, r)| !dateline::is_date_line(&text[r.clone()]))?;
    // a report that opens with its dateline paragraph has no headline
    match dateline::detect(&text[r.clone()], &[]) {
        dateline::DatelineOutcome::Found(d) if d.date.is_some() || d.agency.is_some() => None,
        _ => Some(r),
    }
}

/// The first non-blank line that is not boilerplate (trimmed).
pub fn first_content_line(
    text: &str,
    is_boilerplate: impl Fn(usize) -> bool,
) -> Option<Range<usize>> {
    non_blank(text)
        .find(|(i, _)| !is_boilerplate(*i))
        .map(|(_, r)| r)
}

/// The non-blank lines of `text`: their index and trimmed range.
fn non_blank(text: &str) -> impl Iterator<Item = (usize, Range<usize>)> + '_ {
    lines::lines_with_ranges(text)
        .enumerate()
        .filter_map(|(i, (r, line))| {
            let t = line.trim();
            (!t.is_empty()).then(|| {
                let s = r.start + (line.len() - line.trim_start().len());
                (i, s..s + t.len())
            })
        })
}

/// The names of a byline (`By Jane Smith and IVAN PETROV | Jan 14, 2022` →
/// `Jane Smith and IVAN PETROV`), if `line` is one.
pub fn byline_names(line: &str) -> Option<String> {
    if line.split_whitespace().count() > 14 {
        return None;
    }
    let rest = [
        "by ",
        "posted by ",
        "written by ",
        "words by ",
        "text by ",
        "story by ",
        "author: ",
        "authors: ",
        "von ",
        "автор: ",
        "автор ",
        "текст: ",
    ]
    .iter()
    .find_map(|p| folded_at(line, 0, p).map(|end| &line[end..]))?;
    let mut names: Vec<&str> = Vec::new();
    for w in rest.split_whitespace() {
        let bare = w.trim_end_matches([',', ';']);
        let lw = bare.to_lowercase();
        if matches!(lw.as_str(), "and" | "&" | "и" | "und") && !names.is_empty() {
            names.push(bare);
            continue;
        }
        let name_like = bare.chars().next().is_some_and(char::is_uppercase)
            && bare
                .chars()
                .all(|c| c.is_alphabetic() || "'’.-".contains(c))
            && dateline::date_in_line(bare).is_none()
            && !matches!(
                lw.as_str(),
                "updated" | "published" | "posted" | "staff" | "on"
            );
        if !name_like {
            break;
        }
        names.push(bare);
        if w.ends_with([',', ';']) && !names.is_empty() {
            // `By Jane Smith, Reuters`: a comma ends the names unless "and" follows
            break;
        }
    }
    while names
        .last()
        .is_some_and(|w| matches!(w.to_lowercase().as_str(), "and" | "&" | "и" | "und"))
    {
        names.pop();
    }
    let words = names.len();
    (1..=8).contains(&words).then(|| names.join(" "))
}

/// The holder of a rights notice (`© 2022 Reuters`, `Copyright 2021 The
/// Associated Press. All rights reserved.`, `(c) 2015 BBC`) and its range.
pub fn rights_holder(line: &str) -> Option<(String, Range<usize>)> {
    if line.split_whitespace().count() > 20 {
        return None;
    }
    // where the first mark ends, in `line`'s own bytes (lower-casing may
    // change a text's length, so offsets of a lower-cased copy do not fit it)
    let at = line.char_indices().find_map(|(i, _)| {
        ["©", "(c) ", "copyright "]
            .iter()
            .find_map(|m| folded_at(line, i, m))
    })?;
    // the years (`2022`, `2010-2022`, `2010–2022`) and marks before the name
    let rest = &line[at..];
    let skipped = rest.len()
        - rest
            .trim_start_matches(|c: char| {
                c.is_ascii_digit() || c.is_whitespace() || "-–,©:".contains(c)
            })
            .len();
    let start = at + skipped;
    let name_part = &line[start..];
    let mut end = start;
    for (i, w) in word_spans(name_part) {
        let word = &name_part[i..i + w.len()];
        let bare = word.trim_end_matches(['.', ',', '|', ';']);
        if bare.is_empty()
            || !(bare
                .chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit()))
            || matches!(bare.to_lowercase().as_str(), "all" | "alle" | "все")
        {
            break;
        }
        end = start + i + bare.len();
        if word.len() != bare.len() {
            break; // `Reuters.`: the name ends at its period
        }
    }
    let name = line[start..end].trim();
    (name.chars().filter(|c| c.is_alphabetic()).count() >= 2)
        .then(|| (name.to_string(), start..end))
}

/// Where `marker` (lower case) ends when `line` holds it at byte `at`,
/// ignoring case: each character of `line` there lower-cases to the marker's
/// next one.
fn folded_at(line: &str, at: usize, marker: &str) -> Option<usize> {
    let mut end = at;
    let mut want = marker.chars();
    for c in line.get(at..)?.chars() {
        let Some(m) = want.as_str().chars().next() else {
            break;
        };
        let mut lower = c.to_lowercase();
        if lower.next() != Some(m) || lower.next().is_some() {
            return None;
        }
        want.next();
        end += c.len_utf8();
    }
    want.as_str().is_empty().then_some(end)
}

fn word_spans(s: &str) -> impl Iterator<Item = (usize, &str)> {
    s.split_whitespace()
        .map(move |w| (w.as_ptr() as usize - s.as_ptr() as usize, w))
}

/// An outlet's one name ([`dateline::canonical_outlet`]): `ТАСС` and `TASS`
/// are one outlet.
fn canonical(name: String) -> String {
    dateline::canonical_outlet(&name).map_or(name, str::to_string)
}

/// The language of the body (lines that are not boilerplate), when enough of
/// it is there to tell.
pub fn language(text: &str, skip: &[bool]) -> Option<whatlang::Lang> {
    let mut body = String::new();
    for (i, (_, line)) in lines::lines_with_ranges(text).enumerate() {
        if skip.get(i).copied().unwrap_or(false) || line.trim().is_empty() {
            continue;
        }
        body.push_str(line.trim());
        body.push('\n');
        if body.len() >= LANGUAGE_BYTES {
            break;
        }
    }
    if body.chars().filter(|c| c.is_alphabetic()).count() < 40 {
        return None;
    }
    let info = whatlang::detect(&body)?;
    (info.is_reliable() || info.confidence() >= 0.5).then(|| info.lang())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(text: &str) -> Metadata {
        let skip = crate::analysis::boilerplate::mask(&crate::analysis::boilerplate::classify(
            text,
            &crate::analysis::boilerplate::CorpusSignal::NONE,
        ));
        let d = match dateline::detect(text, &skip) {
            dateline::DatelineOutcome::Found(d) => Some(d),
            _ => None,
        };
        let date = d.as_ref().and_then(|d| d.date.clone());
        compute(
            text,
            &skip,
            d.as_ref(),
            date.as_ref(),
            language(text, &skip),
        )
    }

    #[test]
    fn a_wire_report_has_headline_date_outlet_and_language_from_its_dateline() {
        let text = "Lavrov urged to resolve security issues\n\nMOSCOW, January 14 - RIA Novosti. Russia stands for a balance of interests in resolving security issues, Foreign Minister Sergei Lavrov said at a press conference on Friday.\n";
        let m = meta(text);
        assert_eq!(
            &text[m.headline.clone().unwrap()],
            "Lavrov urged to resolve security issues"
        );
        let (d, src, _) = m.published.unwrap();
        assert_eq!((d.month, d.day, src), (1, 14, DateSource::Dateline));
        let (outlet, src, _) = m.outlet.unwrap();
        assert_eq!(
            (outlet.as_str(), src),
            ("RIA Novosti", OutletSource::Dateline)
        );
        assert_eq!(m.language, Some(whatlang::Lang::Eng));
        assert_eq!(m.byline, None);
    }

    #[test]
    fn a_web_page_has_byline_page_date_and_rights_holder() {
        let text = "Home | World | Business\n\nCentral bank holds rates as inflation eases\n\nBy Jane Smith and IVAN PETROV | Updated January 15, 2022\n\nThe central bank kept its key rate unchanged on Friday, saying inflation had eased for a third month and that it saw no need to act before the spring.\n\nAnalysts had expected the decision after weaker data on retail sales this week.\n\n© 2022 Northern Courier. All rights reserved.\n";
        let m = meta(text);
        assert_eq!(
            &text[m.headline.clone().unwrap()],
            "Central bank holds rates as inflation eases"
        );
        assert_eq!(m.byline.as_ref().unwrap().1, "Jane Smith and IVAN PETROV");
        let (d, src, r) = m.published.clone().unwrap();
        assert_eq!(
            (d.year, d.month, d.day, src),
            (Some(2022), 1, 15, DateSource::Page)
        );
        assert_eq!(&text[r], "January 15, 2022");
        let (outlet, src, r) = m.outlet.clone().unwrap();
        assert_eq!(
            (outlet.as_str(), src),
            ("Northern Courier", OutletSource::Page)
        );
        assert_eq!(&text[r], "Northern Courier");
    }

    #[test]
    fn russian_reports_and_reports_without_a_headline() {
        let text = "МОСКВА, 14 января. /ТАСС/. Россия выступает за баланс интересов при решении вопросов безопасности, заявил министр иностранных дел Сергей Лавров на пресс-конференции в пятницу.\n";
        let m = meta(text);
        assert_eq!(m.headline, None, "the dateline paragraph is no headline");
        assert_eq!(m.language, Some(whatlang::Lang::Rus));
        // one outlet however it is written: `ТАСС` is TASS
        assert_eq!(m.outlet.unwrap().0, "TASS");
        assert_eq!(meta("Short.\n").language, None);
    }

    #[test]
    fn dates_in_file_names() {
        let d = |s: &str| date_in_file_name(s).map(|d| (d.year.unwrap(), d.month, d.day));
        assert_eq!(d("2022-01-14-osce.txt"), Some((2022, 1, 14)));
        assert_eq!(d("tass_20220114.txt"), Some((2022, 1, 14)));
        assert_eq!(d("report_2022_12_02"), Some((2022, 12, 2)));
        assert_eq!(d("000_8bf32cc1cf6abafb.txt"), None);
        assert_eq!(d("id-120220114.txt"), None, "inside a longer number");
        assert_eq!(d("2022-13-01.txt"), None);
        assert_eq!(d("2022-01_14.txt"), None, "one separator throughout");
    }

    #[test]
    fn bylines_and_notices_that_are_not() {
        assert_eq!(byline_names("By the way, the talks went on."), None);
        assert_eq!(byline_names("Posted by admin"), None);
        assert_eq!(
            byline_names("Автор: Иван Петров").as_deref(),
            Some("Иван Петров")
        );
        assert_eq!(
            byline_names("By Ann Lee, Reuters").as_deref(),
            Some("Ann Lee")
        );
        assert_eq!(
            rights_holder("Copyright 2010–2021 The Associated Press. All rights reserved.")
                .map(|x| x.0)
                .as_deref(),
            Some("The Associated Press")
        );
        assert_eq!(rights_holder("© all rights reserved"), None);
        // a letter that lower-cases longer (`İ` → `i̇`) before the mark
        assert_eq!(
            rights_holder("İstanbul bureau © 2022 Anadolu Agency")
                .map(|x| x.0)
                .as_deref(),
            Some("Anadolu Agency")
        );
        assert_eq!(
            byline_names("BY İLKER AYDIN").as_deref(),
            Some("İLKER AYDIN")
        );
        assert_eq!(
            dateline::date_in_line("Thursday, May 7, 2015").map(|x| x.1),
            Some(0..21)
        );
        assert_eq!(dateline::date_in_line("See you in May"), None);
    }
}
