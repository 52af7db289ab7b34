//! Dates of events: the phrases ("on Wednesday", "on January 9-10", "at the
//! end of 2021", "в среду"), resolved against the report's date
//! ([`resolve_relative`]), and the year a report's own text implies
//! ([`infer_year`]). See the parent module for the rules.

use crate::analysis::dateline::PartialDate;
use crate::analysis::text::dates::{
    civil_from_days, days_from_civil, month_number, weekday_number, weekday_of, MONTH_NAMES,
};
use regex::Regex;
use std::sync::LazyLock;

/// A date resolved against the report's date.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ResolvedDate {
    pub year: Option<i32>,
    /// 1-12; 0 when only the year is known ("in 1999").
    pub month: u8,
    pub day: Option<u8>,
    /// Last day of a range ("January 9-10").
    pub day_end: Option<u8>,
    /// The phrase as written: "on Wednesday", "on January 9-10", "at the end of
    /// January".
    pub phrase: String,
    /// True for "at the end of January", "in early 2022", a weekday whose exact
    /// day could not be computed.
    pub approximate: bool,
    /// Where the year came from: "text" (the phrase or the report's own text)
    /// or "dateline".
    pub year_known_from: Option<String>,
}

impl ResolvedDate {
    /// The date in ISO 8601, or `None` when the year is not known (a date
    /// without its year has no valid ISO form): `2022-01-12`, a range
    /// `2022-01-09/2022-01-10`, `2021-12`, `1999`.
    pub fn iso(&self) -> Option<String> {
        let y = self.year?;
        if !(0..=9999).contains(&y) {
            return None;
        }
        if !(1..=12).contains(&self.month) {
            return Some(format!("{y:04}"));
        }
        let mut s = format!("{y:04}-{:02}", self.month);
        if let Some(d) = self.day {
            s = format!("{s}-{d:02}");
            if let Some(e) = self.day_end.filter(|&e| e > d) {
                s = format!("{s}/{s_head}-{e:02}", s_head = &s[..7]);
            }
        }
        Some(s)
    }

    /// Whether anything of the date is known (a weekday in a report without a
    /// year and early in its month is kept only for its words).
    pub fn is_placed(&self) -> bool {
        self.month > 0 || self.year.is_some()
    }

    /// The date for people: "9–10 January 2022", "12 January 2022",
    /// "December 2021", "1999", "2 December" (year unknown), "" when nothing is
    /// known.
    pub fn text(&self) -> String {
        let month = usize::from(self.month)
            .checked_sub(1)
            .and_then(|m| MONTH_NAMES.get(m));
        let mut s = match (month, self.day) {
            (None, _) => String::new(),
            (Some(m), None) => (*m).to_string(),
            (Some(m), Some(d)) => match self.day_end.filter(|&e| e > d) {
                Some(e) => format!("{d}–{e} {m}"),
                None => format!("{d} {m}"),
            },
        };
        if let Some(y) = self.year {
            if !s.is_empty() {
                s.push(' ');
            }
            s.push_str(&y.to_string());
        }
        s
    }

    /// How precise the date is, for choosing among several: a day beats a month
    /// beats a year; an exact date beats an approximate one; a known year counts.
    pub fn precision(&self) -> u8 {
        let mut p = 0;
        if self.month > 0 {
            p += 2;
        }
        if self.day.is_some() {
            p += 4;
        }
        if !self.approximate {
            p += 1;
        }
        if self.year.is_some() {
            p += 1;
        }
        p
    }
}

pub(super) const MONTHS: &str = r"January|February|March|April|May|June|July|August|September|October|November|December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?";
pub(super) const RU_MONTHS: &str = r"января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря|январе|феврале|марте|апреле|мае|июне|июле|августе|сентябре|октябре|ноябре|декабре";

/// Date phrases.
pub(super) static DATE_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&date_pattern()).expect("valid date regex"));

/// The same phrases without word boundaries, for scanning: a Unicode `\b`
/// forces the regex engine off its fast automaton on non-ASCII text (Cyrillic),
/// which made scanning a report many times slower. [`date_matches`] checks the
/// boundaries itself.
pub(super) static DATE_SCAN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&date_pattern().replace("\\b", "")).expect("valid date scan regex")
});

/// Date phrases in `s` that stand on word boundaries (see [`DATE_SCAN`]).
pub(super) fn date_matches(s: &str) -> impl Iterator<Item = regex::Match<'_>> + '_ {
    DATE_SCAN.find_iter(s).filter(move |m| {
        let before = s[..m.start()].chars().next_back();
        let after = s[m.end()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

pub(super) fn date_pattern() -> String {
    format!(
        r"(?ix)
        (?: (?:on|by|until|till|since|from|before|after)\s+ )?
        (?:
            (?P<approx>(?:at\s+the\s+(?:end|beginning|start)\s+of|in\s+(?:early|mid|late)[\s-]|(?:early|mid|late)[\s-]|in\s+the\s+(?:first|second|last)\s+half\s+of)\s*)?
            (?:
                (?P<md_month>{MONTHS})\s+(?P<md_day>\d{{1,2}})(?:st|nd|rd|th)?(?:\s*[-–]\s*(?P<md_end>\d{{1,2}}))?(?:,?\s+(?P<md_year>\d{{4}}))?
              | (?P<dm_day>\d{{1,2}})(?:\s*[-–]\s*(?P<dm_end>\d{{1,2}}))?\s+(?P<dm_month>{MONTHS}|{RU_MONTHS})(?:\s+(?P<dm_year>\d{{4}}))?
              | (?P<m_month>{MONTHS})(?:\s+(?P<m_year>\d{{4}}))?
              | (?P<y_year>(?:19|20)\d{{2}})\b
            )
          | (?:last\s+|this\s+past\s+)?(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)
          | в\s+(?P<ru_wd>понедельник|вторник|среду|четверг|пятницу|субботу|воскресенье)
          | (?P<rel>yesterday|today|вчера|сегодня)
        )\b"
    )
}

/// Resolve a date phrase against the report's date. `year` is the report's year
/// when the dateline has none (from the text or the corpus). Weekdays resolve to
/// the most recent such day on or before the report's date; a month and day more
/// than two months after the report's date are taken to be of the year before.
pub fn resolve_relative(
    phrase: &str,
    report_date: &PartialDate,
    year: Option<i32>,
) -> Option<ResolvedDate> {
    let (y, src) = match (report_date.year, year) {
        (Some(y), _) => (Some(y), "dateline"),
        (None, Some(y)) => (Some(y), "text"),
        (None, None) => (None, ""),
    };
    resolve_with(
        phrase,
        &YearOf {
            report_date: Some(report_date),
            year: y,
            source: src,
        },
    )
}

/// The resolution behind [`resolve_relative`], with the report's year and where it
/// came from given.
pub(super) fn resolve_with(phrase: &str, anchor: &YearOf) -> Option<ResolvedDate> {
    let c = DATE_RE.captures(phrase)?;
    let approx = c.name("approx").is_some();
    let d = ResolvedDate {
        year: None,
        month: 0,
        day: None,
        day_end: None,
        phrase: phrase.trim().to_string(),
        approximate: approx,
        year_known_from: None,
    };
    if let Some(m) = c
        .name("md_month")
        .or(c.name("dm_month"))
        .or(c.name("m_month"))
    {
        return anchor.month_date(&c, m.as_str(), d);
    }
    if let Some(y) = c.name("y_year") {
        return Some(year_date(phrase, y.as_str(), approx, d));
    }
    anchor.relative_date(&c, d)
}

impl YearOf<'_> {
    fn year_src(&self) -> Option<String> {
        (!self.source.is_empty()).then(|| self.source.to_string())
    }

    /// "January 9-10", "9 January 2022", "in March": a month with a day, a
    /// range of days or a year when the phrase gives them.
    fn month_date(
        &self,
        c: &regex::Captures<'_>,
        month: &str,
        mut d: ResolvedDate,
    ) -> Option<ResolvedDate> {
        d.month = month_number(month)?;
        let day = c.name("md_day").or(c.name("dm_day"));
        d.day = day
            .and_then(|x| x.as_str().parse().ok())
            .filter(|&x: &u8| (1..=31).contains(&x));
        d.day_end = c
            .name("md_end")
            .or(c.name("dm_end"))
            .and_then(|x| x.as_str().parse().ok());
        if d.day.is_none() {
            d.approximate = true;
        }
        match c.name("md_year").or(c.name("dm_year")).or(c.name("m_year")) {
            Some(y) => {
                d.year = y.as_str().parse().ok();
                d.year_known_from = Some("text".into());
            }
            None => self.fill_year(&mut d),
        }
        Some(d)
    }

    /// A month and day without a year: the report's year, or the year before
    /// when the date would lie more than two months after the report.
    fn fill_year(&self, d: &mut ResolvedDate) {
        if let Some(y) = self.year {
            let mut y = y;
            if let Some(r) = self.report_date {
                let event = (d.month as i32) * 31 + d.day.unwrap_or(1) as i32;
                let rep = (r.month as i32) * 31 + r.day as i32;
                if event - rep > 62 {
                    y -= 1;
                }
            }
            d.year = Some(y);
            d.year_known_from = self.year_src();
        }
    }

    /// "on Monday", "yesterday", "today": counted back from the report's date.
    /// Without a year the weekday cannot be placed, but late in a month it is
    /// still in the report's month.
    fn relative_date(&self, c: &regex::Captures<'_>, mut d: ResolvedDate) -> Option<ResolvedDate> {
        let report = self.report_date?;
        let back = match c.name("wd").or(c.name("ru_wd")) {
            Some(w) => Some(weekday_number(w.as_str())?),
            None => None,
        };
        let rel = c.name("rel").map(|r| r.as_str().to_lowercase());
        let Some(y) = self.year else {
            if report.day > 7 || rel.is_some() {
                d.month = report.month;
                d.approximate = true;
                if rel.as_deref() == Some("today") || rel.as_deref() == Some("сегодня") {
                    d.day = Some(report.day);
                    d.approximate = false;
                }
                return Some(d);
            }
            // early in a month the weekday may lie in the month before: nothing
            // is known but the words, which the corpus may place later
            d.approximate = true;
            return Some(d);
        };
        let today = days_from_civil(y, report.month as u32, report.day as u32);
        let day = if let Some(target) = back {
            let wd = weekday_of(today);
            today - i64::from((wd + 7 - target) % 7)
        } else {
            match rel.as_deref() {
                Some("yesterday") | Some("вчера") => today - 1,
                _ => today,
            }
        };
        let (yy, mm, dd) = civil_from_days(day);
        d.year = Some(yy);
        d.month = mm;
        d.day = Some(dd);
        d.year_known_from = self.year_src();
        Some(d)
    }
}

/// "in 2021", "at the end of 2021", "early 2022": a year, with the month
/// guessed from "end"/"late" (December) or "beginning"/"start"/"early"
/// (January) when the phrase is approximate.
pub(super) fn year_date(
    phrase: &str,
    year: &str,
    approx: bool,
    mut d: ResolvedDate,
) -> ResolvedDate {
    d.year = year.parse().ok();
    d.year_known_from = Some("text".into());
    let p = phrase.to_lowercase();
    if approx && (p.contains("end of") || p.contains("late")) {
        d.month = 12;
    } else if approx
        && (p.contains("beginning of") || p.contains("start of") || p.contains("early"))
    {
        d.month = 1;
    }
    d.approximate = true;
    d
}

/// The year of a report that its own text implies: an explicit date equal to the
/// dateline's ("January 14, 2022"), the dateline's month with a year ("January
/// 2022"), or a past year's end in a report from early in the next year ("At the
/// end of 2021, …" in a January report gives 2022).
pub fn infer_year(text: &str, report_date: Option<&PartialDate>) -> Option<i32> {
    let report = report_date?;
    if let Some(y) = report.year {
        return Some(y);
    }
    let mut from_end_of = None;
    // Find matches with the fast engine, then take captures only where one starts
    // (capturing over the whole text is many times slower).
    for c in date_matches(text).filter_map(|m| DATE_RE.captures(m.as_str())) {
        let Some(m) = c
            .name("md_month")
            .or(c.name("dm_month"))
            .or(c.name("m_month"))
        else {
            if let Some(y) = c
                .name("y_year")
                .and_then(|y| y.as_str().parse::<i32>().ok())
            {
                let p = c
                    .get(0)
                    .map(|m| m.as_str().to_lowercase())
                    .unwrap_or_default();
                if (p.contains("end of") || p.contains("late")) && report.month <= 3 {
                    from_end_of = from_end_of.max(Some(y + 1));
                }
            }
            continue;
        };
        let Some(month) = month_number(m.as_str()) else {
            continue;
        };
        let year = c
            .name("md_year")
            .or(c.name("dm_year"))
            .or(c.name("m_year"))
            .and_then(|y| y.as_str().parse::<i32>().ok());
        let Some(year) = year else { continue };
        let day = c
            .name("md_day")
            .or(c.name("dm_day"))
            .and_then(|d| d.as_str().parse::<u8>().ok());
        if month == report.month && (day.is_none() || day == Some(report.day)) {
            return Some(year);
        }
        if month == 12 && report.month <= 2 && day.is_none() {
            let p = c
                .get(0)
                .map(|m| m.as_str().to_lowercase())
                .unwrap_or_default();
            if p.contains("end of") || p.contains("late") {
                from_end_of = from_end_of.max(Some(year + 1));
            }
        }
    }
    from_end_of
}

/// Where a report's dates without a year take their year from.
pub(super) struct YearOf<'a> {
    pub(super) report_date: Option<&'a PartialDate>,
    pub(super) year: Option<i32>,
    /// "dateline", "text", or "" when the year is unknown.
    pub(super) source: &'static str,
}
