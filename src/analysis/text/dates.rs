//! Month and weekday names (English, Russian, German) and the Gregorian
//! calendar, for the dateline and event rules and the hover that prints a
//! date.

use rustc_hash::FxHashMap;
use std::sync::LazyLock;

/// Month names and their abbreviations, lower case, with the month's number.
/// Russian names are given in the cases a date uses: nominative (`январь`),
/// genitive (`14 января`) and prepositional (`в январе`).
const MONTHS: &[(&str, u8)] = &[
    ("january", 1),
    ("jan", 1),
    ("январь", 1),
    ("января", 1),
    ("январе", 1),
    ("янв", 1),
    ("januar", 1),
    ("jänner", 1),
    ("february", 2),
    ("feb", 2),
    ("февраль", 2),
    ("февраля", 2),
    ("феврале", 2),
    ("фев", 2),
    ("февр", 2),
    ("februar", 2),
    ("march", 3),
    ("mar", 3),
    ("март", 3),
    ("марта", 3),
    ("марте", 3),
    ("мар", 3),
    ("märz", 3),
    ("maerz", 3),
    ("april", 4),
    ("apr", 4),
    ("апрель", 4),
    ("апреля", 4),
    ("апреле", 4),
    ("апр", 4),
    ("may", 5),
    ("май", 5),
    ("мая", 5),
    ("мае", 5),
    ("mai", 5),
    ("june", 6),
    ("jun", 6),
    ("июнь", 6),
    ("июня", 6),
    ("июне", 6),
    ("июн", 6),
    ("juni", 6),
    ("july", 7),
    ("jul", 7),
    ("июль", 7),
    ("июля", 7),
    ("июле", 7),
    ("июл", 7),
    ("juli", 7),
    ("august", 8),
    ("aug", 8),
    ("август", 8),
    ("августа", 8),
    ("августе", 8),
    ("авг", 8),
    ("september", 9),
    ("sep", 9),
    ("sept", 9),
    ("сентябрь", 9),
    ("сентября", 9),
    ("сентябре", 9),
    ("сен", 9),
    ("сент", 9),
    ("october", 10),
    ("oct", 10),
    ("октябрь", 10),
    ("октября", 10),
    ("октябре", 10),
    ("окт", 10),
    ("oktober", 10),
    ("okt", 10),
    ("november", 11),
    ("nov", 11),
    ("ноябрь", 11),
    ("ноября", 11),
    ("ноябре", 11),
    ("ноя", 11),
    ("нояб", 11),
    ("december", 12),
    ("dec", 12),
    ("декабрь", 12),
    ("декабря", 12),
    ("декабре", 12),
    ("дек", 12),
    ("dezember", 12),
    ("dez", 12),
];

/// Month abbreviations that are written with a period (`Jan.`, `сент.`).
pub const MONTH_ABBREVIATIONS: &[&str] = &[
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "янв",
    "фев", "февр", "мар", "апр", "июн", "июл", "авг", "сен", "сент", "окт", "ноя", "нояб", "дек",
    "okt", "dez",
];

/// Weekday names and abbreviations, lower case, with the day's number
/// (0 = Monday). Russian names in the nominative (`среда`) and the accusative
/// of `в среду`.
const WEEKDAYS: &[(&str, u8)] = &[
    ("monday", 0),
    ("mon", 0),
    ("понедельник", 0),
    ("montag", 0),
    ("tuesday", 1),
    ("tue", 1),
    ("tues", 1),
    ("вторник", 1),
    ("dienstag", 1),
    ("wednesday", 2),
    ("wed", 2),
    ("среда", 2),
    ("среду", 2),
    ("mittwoch", 2),
    ("thursday", 3),
    ("thu", 3),
    ("thur", 3),
    ("thurs", 3),
    ("четверг", 3),
    ("donnerstag", 3),
    ("friday", 4),
    ("fri", 4),
    ("пятница", 4),
    ("пятницу", 4),
    ("freitag", 4),
    ("saturday", 5),
    ("sat", 5),
    ("суббота", 5),
    ("субботу", 5),
    ("samstag", 5),
    ("sunday", 6),
    ("sun", 6),
    ("воскресенье", 6),
    ("sonntag", 6),
];

/// English month names, January first.
pub const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// English weekday names, Monday first.
pub const WEEKDAY_NAMES: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// `word` in lower case without one final period, borrowed when it already is.
fn key(word: &str) -> std::borrow::Cow<'_, str> {
    let w = word.strip_suffix('.').unwrap_or(word);
    if w.chars().any(char::is_uppercase) {
        std::borrow::Cow::Owned(w.to_lowercase())
    } else {
        std::borrow::Cow::Borrowed(w)
    }
}

/// The tables by name (the dateline rule asks of most words of a report's
/// opening whether they are a month).
static MONTH_OF: LazyLock<FxHashMap<&'static str, u8>> =
    LazyLock::new(|| MONTHS.iter().copied().collect());
static WEEKDAY_OF: LazyLock<FxHashMap<&'static str, u8>> =
    LazyLock::new(|| WEEKDAYS.iter().copied().collect());

/// French month names and abbreviations, read only for a report told to be
/// French ([`super::lang::current`]): in English text `Mars` is a planet and
/// `Mai` a name.
const FRENCH_MONTHS: &[(&str, u8)] = &[
    ("janvier", 1),
    ("janv", 1),
    ("février", 2),
    ("fevrier", 2),
    ("févr", 2),
    ("mars", 3),
    ("avril", 4),
    ("avr", 4),
    ("mai", 5),
    ("juin", 6),
    ("juillet", 7),
    ("juil", 7),
    ("août", 8),
    ("aout", 8),
    ("septembre", 9),
    ("sept", 9),
    ("octobre", 10),
    ("oct", 10),
    ("novembre", 11),
    ("nov", 11),
    ("décembre", 12),
    ("decembre", 12),
    ("déc", 12),
];

/// Spanish month names, read only for a report told to be Spanish (`Julio`
/// is a given name elsewhere).
const SPANISH_MONTHS: &[(&str, u8)] = &[
    ("enero", 1),
    ("febrero", 2),
    ("marzo", 3),
    ("abril", 4),
    ("mayo", 5),
    ("junio", 6),
    ("julio", 7),
    ("agosto", 8),
    ("septiembre", 9),
    ("setiembre", 9),
    ("octubre", 10),
    ("noviembre", 11),
    ("diciembre", 12),
];

/// The number (1-12) of a month name or abbreviation, in any case, with or
/// without a final period: `January`, `Sept.`, `января`, `в марте`'s `марте`,
/// `März`; in a French or Spanish report also `janvier`, `enero`.
pub fn month_number(word: &str) -> Option<u8> {
    let k = key(word);
    MONTH_OF.get(&*k).copied().or_else(|| {
        let own = match super::lang::current()? {
            super::lang::Lang::Fra => FRENCH_MONTHS,
            super::lang::Lang::Spa => SPANISH_MONTHS,
            _ => return None,
        };
        own.iter().find(|(n, _)| *n == k).map(|&(_, m)| m)
    })
}

/// The number (0 = Monday) of a weekday name or abbreviation, in any case, with
/// or without a final period.
pub fn weekday_number(word: &str) -> Option<u8> {
    WEEKDAY_OF.get(&*key(word)).copied()
}

/// Every month and weekday name and abbreviation of the tables, lower case.
pub fn names() -> impl Iterator<Item = &'static str> {
    MONTHS.iter().chain(WEEKDAYS).map(|&(n, _)| n)
}

/// Days since 1970-01-01 of a date of the (proleptic) Gregorian calendar.
pub fn days_from_civil(y: i32, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y } as i64;
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let m = m as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468
}

/// The date `z` days after 1970-01-01: year, month (1-12), day.
pub fn civil_from_days(z: i64) -> (i32, u8, u8) {
    let z = z + 719468;
    let era = if z >= 0 { z } else { z - 146096 } / 146097;
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    ((if m <= 2 { y + 1 } else { y }) as i32, m as u8, d as u8)
}

/// The weekday (0 = Monday) of a Gregorian date.
pub fn weekday_of(days_since_1970: i64) -> u8 {
    // 1970-01-01 was a Thursday
    (days_since_1970 + 3).rem_euclid(7) as u8
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_names_in_three_languages_and_their_cases() {
        for (w, m) in [
            ("January", 1),
            ("Jan.", 1),
            ("января", 1),
            ("январе", 1),
            ("Sept.", 9),
            ("сент.", 9),
            ("März", 3),
            ("MAY", 5),
            ("мая", 5),
            ("мае", 5),
            ("марта", 3),
        ] {
            assert_eq!(month_number(w), Some(m), "{w}");
        }
        for w in ["Ma", "мартовский", "Mayor", "marsh", ""] {
            assert_eq!(month_number(w), None, "{w}");
        }
    }

    #[test]
    fn weekday_names() {
        assert_eq!(weekday_number("Wednesday"), Some(2));
        assert_eq!(weekday_number("среду"), Some(2));
        assert_eq!(weekday_number("Thurs."), Some(3));
        assert_eq!(weekday_number("Sonntag"), Some(6));
        assert_eq!(weekday_number("Sundays"), None);
    }

    #[test]
    fn calendar_arithmetic() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        for (y, m, d) in [(2022, 1, 14), (2000, 2, 29), (1999, 12, 31), (2024, 3, 1)] {
            assert_eq!(
                civil_from_days(days_from_civil(y, m, d)),
                (y, m as u8, d as u8)
            );
        }
        // 2022-01-14 was a Friday, 2000-02-29 a Tuesday
        assert_eq!(
            WEEKDAY_NAMES[weekday_of(days_from_civil(2022, 1, 14)) as usize],
            "Friday"
        );
        assert_eq!(weekday_of(days_from_civil(2000, 2, 29)), 1);
    }
}
