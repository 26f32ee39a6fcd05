//! The calendar at the bottom of the pipeline: day numbers, month lengths, weekdays, and
//! the month and weekday names the claims language accepts and every output writes.
//!
//! * **Day numbers** ([`Day`]): whole days counted from 1970-01-01 (day 0) in the
//!   proleptic Gregorian calendar, with conversions to and from year/month/day
//!   ([`day_from_ymd`], [`ymd`], [`days_in_month`], [`format_day`]). Two sentinels,
//!   [`NEG_INF`] and [`POS_INF`], stand for the unbounded past and the unbounded future:
//!   ordinary numbers far away from any real date, so all arithmetic stays plain integer
//!   arithmetic (done in `i64` internally, so nothing can overflow).
//! * **Weekdays** ([`weekday`]) as `chrono::Weekday`.
//! * **Names**: the language is written in English; [`month_name`] and [`weekday_name`]
//!   give the capitalised names every output shows, [`month_by_prefix`] and
//!   [`weekday_by_name`] read them back (case-insensitively) for the parser.
//!
//! Every stage that needs the calendar (syntax, model, engine, report, the corpus
//! generator) uses this module; nothing here depends on any other part of the crate.

use chrono::Weekday;

/// Days since 1970-01-01 (day 0 = 1970-01-01), proleptic Gregorian.
pub type Day = i32;

/// Sentinel day: the unbounded past (an open start).
pub const NEG_INF: Day = i32::MIN / 4;

/// Sentinel day: the unbounded future (an open end).
pub const POS_INF: Day = i32::MAX / 4;

/// Days from 0000-03-01 to 1970-01-01 in the proleptic Gregorian calendar.
const EPOCH_SHIFT: i64 = 719_468;

/// Days in one 400-year Gregorian cycle.
const DAYS_PER_ERA: i64 = 146_097;

/// Whether `y` is a leap year in the proleptic Gregorian calendar
/// (year 0 and other multiples of 400 are; 1900 is not; 2000 and 2024 are).
pub fn is_leap_year(y: i32) -> bool {
    y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)
}

/// Number of days in month `m` (1..=12) of year `y`; 0 for a month outside
/// 1..=12.
pub fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(y) => 29,
        2 => 28,
        _ => 0,
    }
}

/// A leap year, for month-and-day arithmetic where the year is unknown (every month at its
/// longest, 29 February included).
pub const LEAP_YEAR: i32 = 2000;

/// Day of a 366-day year on which month `m` (clamped to 1..=12), day `d` falls: 1 January
/// is 0 and 29 February has its own day. `d` is not checked against the month.
pub fn day_of_leap_year(m: u32, d: u32) -> u32 {
    let m = m.clamp(1, 12);
    (1..m).map(|k| days_in_month(LEAP_YEAR, k)).sum::<u32>() + d - 1
}

/// Day number of a date without any validation, in `i64` so it cannot
/// overflow (the days-from-civil algorithm on 400-year eras).
fn raw_day(y: i32, m: u32, d: u32) -> i64 {
    let m = i64::from(m);
    let y = i64::from(y) - i64::from(m <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400; // 0..=399
    let mp = if m > 2 { m - 3 } else { m + 9 }; // March = 0
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1; // 0..=365
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy; // 0..=146096
    era * DAYS_PER_ERA + doe - EPOCH_SHIFT
}

/// Day number of the date `y-m-d`.
///
/// Returns `None` for impossible dates (month outside 1..=12, day outside the
/// month, e.g. 2025-02-30 or 1900-02-29) and for dates so far away that they
/// would reach the sentinels [`NEG_INF`]/[`POS_INF`].
pub fn day_from_ymd(y: i32, m: u32, d: u32) -> Option<Day> {
    if !(1..=12).contains(&m) || d == 0 || d > days_in_month(y, m) {
        return None;
    }
    let day = raw_day(y, m, d);
    if day <= i64::from(NEG_INF) || day >= i64::from(POS_INF) {
        return None;
    }
    Day::try_from(day).ok()
}

/// Year, month (1..=12) and day of month (1..=31) of a day number.
///
/// Defined for every `Day`, including the sentinels (which map to dates
/// about 1.5 million years away); never panics.
pub fn ymd(day: Day) -> (i32, u32, u32) {
    let z = i64::from(day) + EPOCH_SHIFT;
    let era = z.div_euclid(DAYS_PER_ERA);
    let doe = z - era * DAYS_PER_ERA; // 0..=146096
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365; // 0..=399
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // 0..=365
    let mp = (5 * doy + 2) / 153; // March = 0
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    // |y| < 6 million for any i32 day, so these conversions cannot fail.
    (y as i32, m as u32, d as u32)
}

/// Day of the week of a day number (1970-01-01 was a Thursday).
pub fn weekday(day: Day) -> Weekday {
    WEEKDAYS[(i64::from(day) + 3).rem_euclid(7) as usize]
}

/// A year as written in dates: four digits for 0..=9999, otherwise with an
/// explicit sign (`-0044`, `+12000`).
pub fn format_year(y: i32) -> String {
    if (0..=9999).contains(&y) {
        format!("{y:04}")
    } else {
        format!("{y:+05}")
    }
}

/// ISO form of a day, e.g. `"2024-06-26"`; `"-inf"` / `"+inf"` for the
/// sentinels (and anything beyond them).
pub fn format_day(day: Day) -> String {
    if let Some(digits) = day_digits(day) {
        return String::from_utf8_lossy(&digits).into_owned();
    }
    if day <= NEG_INF {
        return "-inf".to_string();
    }
    if day >= POS_INF {
        return "+inf".to_string();
    }
    let (y, m, d) = ymd(day);
    format!("{}-{m:02}-{d:02}", format_year(y))
}

/// [`format_day`] of a day in the years 0 to 9999 (every day a claim names, in practice),
/// as ten ASCII bytes written without the formatting machinery: a JSON report writes a
/// few dates per finding, half a million findings at 1M claims.
pub fn day_digits(day: Day) -> Option<[u8; 10]> {
    if day <= NEG_INF || day >= POS_INF {
        return None;
    }
    let (y, m, d) = ymd(day);
    let y = u32::try_from(y).ok().filter(|y| *y <= 9999)?;
    let digit = |n: u32| b'0' + (n % 10) as u8;
    Some([
        digit(y / 1000),
        digit(y / 100),
        digit(y / 10),
        digit(y),
        b'-',
        digit(m / 10),
        digit(m),
        b'-',
        digit(d / 10),
        digit(d),
    ])
}

/// English month names, capitalised, January first.
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

/// English weekday names, capitalised, Monday first.
pub const WEEKDAY_NAMES: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// The weekdays, Monday first (the order of [`WEEKDAY_NAMES`]).
pub const WEEKDAYS: [Weekday; 7] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
    Weekday::Sat,
    Weekday::Sun,
];

/// English name of a month (1-based), capitalised; a month outside 1..=12 is clamped.
pub fn month_name(m: u32) -> &'static str {
    MONTH_NAMES[(m.clamp(1, 12) - 1) as usize]
}

/// English name of a weekday, capitalised.
pub fn weekday_name(w: Weekday) -> &'static str {
    WEEKDAY_NAMES[w.num_days_from_monday() as usize]
}

/// A span of days written with a month and day but no year: `26 June`, `26–28 June`,
/// `30 June – 2 July`. Months outside 1..=12 are clamped.
pub fn month_day_text(((m1, d1), (m2, d2)): ((u32, u32), (u32, u32))) -> String {
    if (m1, d1) == (m2, d2) {
        format!("{d1} {}", month_name(m1))
    } else if m1 == m2 {
        format!("{d1}–{d2} {}", month_name(m1))
    } else {
        format!("{d1} {} – {d2} {}", month_name(m1), month_name(m2))
    }
}

/// The month (1-based) whose lowercase English name starts with `lower`, a lowercase word
/// (`jun`, `june`); the first such month in calendar order. The caller decides how short
/// a prefix it accepts.
pub fn month_by_prefix(lower: &str) -> Option<u32> {
    MONTH_NAMES
        .iter()
        .position(|m| {
            m.len() >= lower.len()
                && m.as_bytes()[..lower.len()].eq_ignore_ascii_case(lower.as_bytes())
        })
        .map(|i| i as u32 + 1)
}

/// The weekday whose English name is `word`, in any case (`wednesday`, `Wednesday`), or
/// one of the short forms articles use: the first three letters (`Thu`), and `Tues`,
/// `Weds`, `Thur`, `Thurs`.
pub fn weekday_by_name(word: &str) -> Option<Weekday> {
    const SHORT: [(&str, Weekday); 4] = [
        ("tues", Weekday::Tue),
        ("weds", Weekday::Wed),
        ("thur", Weekday::Thu),
        ("thurs", Weekday::Thu),
    ];
    WEEKDAY_NAMES
        .iter()
        .position(|n| n.eq_ignore_ascii_case(word) || n[..3].eq_ignore_ascii_case(word))
        .map(|i| WEEKDAYS[i])
        .or_else(|| {
            SHORT
                .iter()
                .find(|(s, _)| s.eq_ignore_ascii_case(word))
                .map(|(_, w)| *w)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_lengths_and_leap_years() {
        assert_eq!(days_in_month(2024, 2), 29);
        assert_eq!(days_in_month(2025, 2), 28);
        assert_eq!(days_in_month(1900, 2), 28);
        assert_eq!(days_in_month(2000, 2), 29);
        assert_eq!(days_in_month(2025, 13), 0);
        assert!(day_from_ymd(2024, 2, 29).is_some());
        assert!(day_from_ymd(2025, 2, 29).is_none());
        assert!(day_from_ymd(2025, 4, 31).is_none());
    }

    #[test]
    fn days_agree_with_chrono() {
        let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1).unwrap();
        for y in 1900..=2100 {
            for m in 1..=12 {
                for dd in 1..=days_in_month(y, m) {
                    let day = day_from_ymd(y, m, dd).unwrap();
                    assert_eq!(ymd(day), (y, m, dd));
                    let date = chrono::NaiveDate::from_ymd_opt(y, m, dd).unwrap();
                    assert_eq!(i64::from(day), (date - epoch).num_days());
                    use chrono::Datelike;
                    assert_eq!(weekday(day), date.weekday());
                }
            }
        }
        assert_eq!(format_day(day_from_ymd(2024, 6, 26).unwrap()), "2024-06-26");
        assert_eq!(format_day(NEG_INF), "-inf");
        // The short way and the formatting machinery agree on every day of years 0 to
        // 9999 and either side of them.
        let first = day_from_ymd(0, 1, 1).unwrap();
        let last = day_from_ymd(9999, 12, 31).unwrap();
        for day in (first - 3..=last + 3)
            .step_by(7)
            .chain(first - 3..first + 3)
        {
            let (y, m, d) = ymd(day);
            let slow = format!("{}-{m:02}-{d:02}", format_year(y));
            assert_eq!(format_day(day), slow, "{day}");
            assert_eq!(day_digits(day).is_some(), (0..=9999).contains(&y), "{day}");
        }
        assert_eq!(format_day(last + 1), "+10000-01-01");
        assert_eq!(format_day(first - 1), "-0001-12-31");
        assert_eq!(format_day(POS_INF), "+inf");
        assert_eq!(format_year(-44), "-0044");
    }

    #[test]
    fn names_round_trip() {
        for m in 1..=12 {
            let name = month_name(m);
            assert_eq!(month_by_prefix(&name.to_lowercase()), Some(m));
            assert_eq!(month_by_prefix(&name[..3].to_lowercase()), Some(m));
        }
        assert_eq!(
            month_by_prefix("ju"),
            Some(6),
            "the first month in calendar order"
        );
        assert_eq!(month_by_prefix("junes"), None);
        for w in WEEKDAYS {
            assert_eq!(weekday_by_name(weekday_name(w)), Some(w));
            assert_eq!(weekday_by_name(&weekday_name(w).to_uppercase()), Some(w));
        }
        assert_eq!(weekday_by_name("wed"), Some(chrono::Weekday::Wed));
        assert_eq!(weekday_by_name("Thurs"), Some(chrono::Weekday::Thu));
        assert_eq!(weekday_by_name("Tues"), Some(chrono::Weekday::Tue));
        assert_eq!(weekday_by_name("we"), None);
        assert_eq!(weekday_by_name("thursd"), None);
        assert_eq!(weekday_name(chrono::Weekday::Wed), "Wednesday");
        assert_eq!(month_name(6), "June");
        assert_eq!(month_day_text(((6, 26), (6, 28))), "26–28 June");
        assert_eq!(month_day_text(((6, 30), (7, 2))), "30 June – 2 July");
        assert_eq!(month_day_text(((3, 3), (3, 3))), "3 March");
        assert_eq!(day_of_leap_year(1, 1), 0);
        assert_eq!(day_of_leap_year(3, 1), 60);
        assert_eq!(day_of_leap_year(12, 31), 365);
    }
}
