//! Dates as claims write them: days, months and years in ISO form, days relative to a
//! publication date (`yesterday`, `last Wednesday`, `26 June`), stated weekdays (right, or
//! wrong when planted), and the `when` of an account of a period: exact, coarser or none.
//! The calendar itself is `verify::calendar`'s.

use verify::calendar::MONTH_NAMES as MONTHS;
use verify::calendar::WEEKDAY_NAMES as WEEKDAYS;
use verify::calendar::{self, day_from_ymd, ymd, Day};

use crate::random::Rng;

pub(crate) fn day(y: i32, m: u32, d: u32) -> Day {
    day_from_ymd(y, m, d).expect("a valid date")
}

pub(crate) fn year_of(d: Day) -> i32 {
    ymd(d).0
}

pub(crate) fn month_start(d: Day) -> Day {
    let (y, m, _) = ymd(d);
    day(y, m, 1)
}

pub(crate) fn month_end(d: Day) -> Day {
    let (y, m, _) = ymd(d);
    day(y, m, calendar::days_in_month(y, m))
}

pub(crate) fn year_start(d: Day) -> Day {
    day(year_of(d), 1, 1)
}

pub(crate) fn year_end(d: Day) -> Day {
    day(year_of(d), 12, 31)
}

/// Monday = 0 … Sunday = 6.
fn wd(d: Day) -> usize {
    calendar::weekday(d).num_days_from_monday() as usize
}

pub(crate) fn iso(d: Day) -> String {
    calendar::format_day(d)
}

pub(crate) fn iso_month(d: Day) -> String {
    let (y, m, _) = ymd(d);
    format!("{y:04}-{m:02}")
}

pub(crate) fn iso_year(d: Day) -> String {
    format!("{:04}", year_of(d))
}

fn day_month(d: Day) -> String {
    let (_, m, dd) = ymd(d);
    format!("{dd} {}", MONTHS[m as usize - 1])
}

/// The forms the `when` of an account may take.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Form {
    /// Exact days, or coarser: a month, a year, one end known to the month only.
    Any,
    /// Exact days only.
    Exact,
    /// One exact day (`on`), as awards take it.
    Day,
}

/// The `when` of an account, as written.
pub(crate) struct WhenText {
    /// With a leading space; empty for none.
    pub(crate) text: String,
    /// Whether it gives the exact first and last days.
    pub(crate) exact: bool,
    /// Whether a wrong weekday was planted in it.
    pub(crate) wrong_weekday: bool,
}

impl WhenText {
    fn exact(text: String, wrong_weekday: bool) -> WhenText {
        WhenText {
            text,
            exact: true,
            wrong_weekday,
        }
    }

    /// A coarser `when`, or none.
    fn coarse(text: String) -> WhenText {
        WhenText {
            text,
            exact: false,
            wrong_weekday: false,
        }
    }
}

/// The publication date relative dates of a block are read against.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Anchor {
    pub(crate) lo: Day,
    pub(crate) hi: Day,
    pub(crate) borrowed: bool,
}

impl Anchor {
    pub(crate) fn precise(&self) -> bool {
        self.lo == self.hi
    }
}

/// A day written as text: an absolute or a relative point, and whether it is precise (so
/// a weekday can be stated next to it).
pub(crate) struct Pt {
    pub(crate) text: String,
    precise: bool,
}

/// Whether `verify` reads the day and month of `d` (no year) against `a` as `d`.
fn reads_as(d: Day, a: &Anchor) -> bool {
    let (_, m, dd) = ymd(d);
    !a.precise() || verify::model::resolve_time::day_month_on(dd, m, a.lo) == Some(d)
}

/// A relative spelling of the exact day `d`, read against `a`, if one fits.
fn rel_day(rng: &mut Rng, d: Day, a: &Anchor) -> Option<String> {
    let mut opts: Vec<String> = Vec::new();
    if a.precise() {
        let a = a.lo;
        let back = a - d;
        match back {
            0 => opts.push("today".into()),
            1 => opts.push("yesterday".into()),
            -1 => opts.push("tomorrow".into()),
            _ => {}
        }
        if (1..=60).contains(&back) {
            opts.push(format!(
                "{back} {} ago",
                if back == 1 { "day" } else { "days" }
            ));
        }
        if back > 0 && back % 7 == 0 && back / 7 <= 8 {
            let n = back / 7;
            opts.push(format!("{n} {} ago", if n == 1 { "week" } else { "weeks" }));
        }
        if (0..=6).contains(&back) {
            opts.push(WEEKDAYS[wd(d)].into());
        }
        if (1..=7).contains(&back) {
            opts.push(format!("last {}", WEEKDAYS[wd(d)]));
        }
        if (-7..=-1).contains(&back) {
            opts.push(format!("next {}", WEEKDAYS[wd(d)]));
        }
    }
    // A day and month take the anchor's year, which a month anchor knows too (a precise
    // anchor moves a day across the new year: only where that reads as `d`).
    if year_of(d) == year_of(a.lo) && year_of(d) == year_of(a.hi) && reads_as(d, a) {
        opts.push(day_month(d));
    }
    if opts.is_empty() {
        None
    } else {
        Some(rng.pick(&opts).clone())
    }
}

/// The exact day `d` written absolutely or, when `rel` allows and an anchor fits, relatively.
pub(crate) fn exact_pt(rng: &mut Rng, d: Day, anchor: Option<&Anchor>, rel: f64) -> Pt {
    if let Some(a) = anchor {
        if rng.chance(rel) {
            if let Some(t) = rel_day(rng, d, a) {
                return Pt {
                    text: t,
                    precise: true,
                };
            }
        }
    }
    Pt {
        text: iso(d),
        precise: true,
    }
}

/// Appends ` (Weekday)` to a precise point sometimes; a wrong weekday when `wrong`.
fn with_weekday(rng: &mut Rng, p: Pt, d: Day, p_state: f64, wrong: bool) -> (String, bool) {
    if !p.precise || !(wrong || rng.chance(p_state)) {
        return (p.text, false);
    }
    let w = if wrong {
        (wd(d) + 1 + rng.below(6)) % 7
    } else {
        wd(d)
    };
    (format!("{} ({})", p.text, WEEKDAYS[w]), wrong)
}

/// The `when` of an account of a period that truly is `s..=e`: exact, relative,
/// coarser (when `form` allows), or absent (when `allow_none`).
pub(crate) fn when_text(
    rng: &mut Rng,
    s: Day,
    e: Day,
    anchor: Option<&Anchor>,
    allow_none: bool,
    form: Form,
) -> WhenText {
    let r = rng.unit();
    if allow_none && r < 0.12 {
        return WhenText::coarse(String::new());
    }
    let wrong = rng.chance(0.015);
    let rel = 0.35;
    if r < 0.24 && form == Form::Any {
        // Coarser: the month or the year, absolute or relative.
        if month_start(s) == month_start(e) {
            let rel_month = anchor.and_then(|a| {
                let am = month_start(a.lo);
                (am == month_start(a.hi)).then_some(am)
            });
            return WhenText::coarse(match rel_month {
                Some(am) if am == month_start(s) && rng.chance(0.4) => " on this month".into(),
                Some(am) if month_start(am - 1) == month_start(s) && rng.chance(0.4) => {
                    " on last month".into()
                }
                _ => format!(" on {}", iso_month(s)),
            });
        }
        if year_of(s) == year_of(e) {
            return WhenText::coarse(format!(" on {}", iso_year(s)));
        }
    }
    if r < 0.30 && form == Form::Any {
        // One end exact, the other known to the month: the two ranges of days may
        // overlap, so only readings with a first day before the last one count.
        return WhenText::coarse(if rng.chance(0.5) {
            format!(" from {} to {}", iso_month(s), iso(e))
        } else {
            format!(" from {} to {}", iso(s), iso_month(e))
        });
    }
    if s == e || form == Form::Day {
        let p = exact_pt(rng, s, anchor, rel);
        let (t, w) = with_weekday(rng, p, s, 0.12, wrong);
        return WhenText::exact(format!(" on {t}"), w);
    }
    // A run of days.
    if let Some(a) = anchor {
        if rng.chance(rel)
            && year_of(s) == year_of(a.lo)
            && year_of(e) == year_of(a.hi)
            && reads_as(s, a)
            && reads_as(e, a)
        {
            let (_, m1, d1) = ymd(s);
            let (_, m2, d2) = ymd(e);
            if m1 == m2 {
                let month = MONTHS[m1 as usize - 1];
                return WhenText::exact(
                    if rng.chance(0.5) {
                        format!(" on {d1}..{d2} {month}")
                    } else {
                        format!(" from {d1} to {d2} {month}")
                    },
                    false,
                );
            }
            return WhenText::exact(format!(" from {} to {}", day_month(s), day_month(e)), false);
        }
    }
    let ps = exact_pt(rng, s, anchor, rel);
    let pe = exact_pt(rng, e, anchor, rel);
    let (ts, w1) = with_weekday(rng, ps, s, 0.08, wrong);
    let (te, w2) = with_weekday(rng, pe, e, 0.08, false);
    WhenText::exact(format!(" from {ts} to {te}"), w1 || w2)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every `when` the generator writes means to `verify` the days it was written for:
    /// exactly those when it gives exact days, days that contain them when coarser; read
    /// against a publication day or month, spelled absolutely or relatively.
    #[test]
    fn verify_reads_each_when_as_the_days_it_was_written_for() {
        let mut rng = Rng::new(7);
        let mut text = String::from("outlet o \"O\"\ncountry X \"X\"\ncountry Y \"Y\"\n");
        let mut written = Vec::new();
        for r in 0..400 {
            let p = day(2023, 1, 1) + rng.range(0, 900);
            let anchor = if rng.chance(0.3) {
                Anchor {
                    lo: month_start(p),
                    hi: month_end(p),
                    borrowed: false,
                }
            } else {
                Anchor {
                    lo: p,
                    hi: p,
                    borrowed: false,
                }
            };
            let published = if anchor.precise() {
                iso(p)
            } else {
                iso_month(p)
            };
            text.push_str(&format!("report r{r} by o published {published}\n"));
            for k in 0..4 {
                let form = *rng.pick(&[Form::Any, Form::Exact, Form::Day]);
                let e = anchor.lo - rng.range(-7, 60);
                let s = if form == Form::Day {
                    e
                } else {
                    e - rng.range(0, 6)
                };
                let w = when_text(&mut rng, s, e, Some(&anchor), true, form);
                if w.text.is_empty() {
                    continue;
                }
                text.push_str(&format!("  statement s{r}-{k}: X \"is\" Y{}\n", w.text));
                written.push((w, s, e));
            }
        }
        let loaded = verify::pipeline::load_texts([("t.claims", text)]);
        assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
        let claims = &loaded.corpus.claims;
        assert_eq!(claims.len(), written.len());
        let mut exact = 0;
        for (claim, (w, s, e)) in claims.iter().zip(&written) {
            let p = &claim.when.as_ref().expect("a when").period;
            let got = (
                p.start.earliest,
                p.start.latest,
                p.end.earliest,
                p.end.latest,
            );
            if w.exact {
                exact += 1;
                assert_eq!(got, (*s, *s, *e, *e), "`{}`", w.text);
            } else {
                assert!(got.0 <= *s && *e <= got.3, "`{}`: {got:?}", w.text);
            }
        }
        assert!(exact > written.len() / 2, "{exact} of {}", written.len());
    }

    /// A stated weekday is the day's own, or another one when planted wrong.
    #[test]
    fn a_stated_weekday_is_right_unless_planted_wrong() {
        let mut rng = Rng::new(3);
        for i in 0..200 {
            let d = day(2024, 1, 1) + i;
            let point = exact_pt(&mut rng, d, None, 0.0);
            let (text, wrong) = with_weekday(&mut rng, point, d, 1.0, false);
            assert!(!wrong);
            assert_eq!(text, format!("{} ({})", iso(d), WEEKDAYS[wd(d)]));
            let point = exact_pt(&mut rng, d, None, 0.0);
            let (text, wrong) = with_weekday(&mut rng, point, d, 0.0, true);
            assert!(wrong);
            let stated = text
                .strip_prefix(&format!("{} (", iso(d)))
                .and_then(|t| t.strip_suffix(')'))
                .expect("a day and its weekday");
            assert!(WEEKDAYS.contains(&stated), "{text}");
            assert_ne!(stated, WEEKDAYS[wd(d)], "{text}");
        }
    }
}
