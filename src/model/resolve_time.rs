//! Turning written time expressions into periods of day numbers.
//!
//! Absolute expressions (`2024-06-26`, `June 2024`, `2025`) resolve on their own, keeping
//! their precision (`2025` is every day of 2025). Relative ones (`this year`,
//! `end of this year`, `26..28 June`, `last Wednesday`, `3 days ago`) resolve against an
//! [`Anchor`]: a publication date, itself possibly imprecise — an anchor known only to the
//! year resolves `yesterday` to a range of days. With no anchor the expression is
//! *unresolved*: its endpoints become unbounded and the [`When`] says so.

use chrono::Weekday;

use super::time::{Fuzzy, Period};
use super::Loc;
use crate::calendar::{self, day_from_ymd, days_in_month, ymd, Day, NEG_INF, POS_INF};
use crate::syntax::{self, Part, Point, PointKind, TimeExpr, TimeKind, TimeOfDay, Unit, Which};

/// How a time expression got its dates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AnchorKind {
    /// Only absolute dates: no anchor needed.
    Absolute,
    /// Relative, resolved on the publication date of the claim's origin.
    Origin,
    /// Relative, resolved on another publication date (the report's own, or an enclosing
    /// citation's), because the origin's date is unknown.
    Borrowed,
    /// Relative, with no publication date anywhere, but read in a year the corpus gives
    /// evidence for (see `model::infer`): the year is inferred, the day within it unknown.
    Inferred,
    /// Relative, with no publication date anywhere to resolve it: left unresolved.
    Unresolved,
}

impl AnchorKind {
    pub fn as_str(self) -> &'static str {
        match self {
            AnchorKind::Absolute => "absolute",
            AnchorKind::Origin => "anchored",
            AnchorKind::Borrowed => "borrowed",
            AnchorKind::Inferred => "inferred",
            AnchorKind::Unresolved => "unresolved",
        }
    }
}

/// The anchor used (or missing) for one time expression.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Anchor {
    pub kind: AnchorKind,
    /// The publication date used, if any.
    pub date: Option<Fuzzy>,
    /// Whose date it is; [`crate::model::Corpus::describe_source`] spells it for messages.
    pub source: Option<AnchorSource>,
}

/// Whose publication date anchors a relative date: a report's, or a cited outlet's, by
/// index as a `u32` (two in every claim: eight bytes each instead of sixteen; a corpus of
/// four billion reports would not fit in memory).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AnchorSource {
    Report(u32),
    Outlet(u32),
    /// A year inferred from evidence (or evidence that disagrees): an index into
    /// `Corpus::inferences`.
    Inference(u32),
}

/// Which end of a period a stated weekday refers to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum End {
    Start,
    End,
}

/// A weekday written next to a date, to be checked against the date.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatedWeekday {
    pub weekday: Weekday,
    pub end: End,
    /// The day the weekday is claimed for (possibly imprecise).
    pub day: Fuzzy,
    pub loc: Loc,
}

/// A resolved time expression.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct When {
    pub period: Period,
    pub anchor: Anchor,
    pub loc: Loc,
    /// The expression in canonical spelling, for messages, when it is not what the claim's
    /// line says at its place: read through `Corpus::when_text` (most are written in
    /// canonical spelling and keep nothing here).
    pub(super) text: Option<Box<str>>,
    /// What few expressions state besides their days (weekdays, the days of a month
    /// without a year, times of day), apart: `None` when the expression states none of
    /// it, so that every claim's `When` is 88 bytes, not 120. Read through
    /// [`When::weekdays`], [`When::weekday_only`], [`When::month_days`] and
    /// [`When::time_of_day`].
    stated: Option<Box<Stated>>,
    /// A day without a year was read in the neighbouring year of its publication date
    /// (`28 December` in an article of 2 January): a reading, so what compares it is
    /// possible at most.
    pub year_guessed: bool,
}

/// The rare parts of a [`When`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Stated {
    weekdays: Box<[StatedWeekday]>,
    weekday_only: Option<Weekday>,
    month_days: Option<((u32, u32), (u32, u32))>,
    time_of_day: [Option<TimeOfDay>; 2],
}

impl Stated {
    /// Boxed, or `None` when it states nothing (so that two `When`s saying the same
    /// compare equal).
    fn boxed(self) -> Option<Box<Stated>> {
        (self != Stated::default()).then(|| Box::new(self))
    }
}

impl When {
    /// The weekdays written next to its dates (`Wednesday 26 June`).
    pub fn weekdays(&self) -> &[StatedWeekday] {
        self.stated.as_deref().map_or(&[], |s| &s.weekdays)
    }

    /// The weekdays, to change what they say of themselves (their places).
    pub fn weekdays_mut(&mut self) -> &mut [StatedWeekday] {
        self.stated
            .as_deref_mut()
            .map_or(&mut [], |s| &mut s.weekdays)
    }

    /// A bare weekday (`Wednesday`, `last Wednesday`): the weekday is known even when the
    /// day is not (no anchor, or one known only to the year).
    pub fn weekday_only(&self) -> Option<Weekday> {
        self.stated.as_ref().and_then(|s| s.weekday_only)
    }

    /// For an unresolved expression that names days of a month but no year (`26 June`,
    /// `26..28 June`, `from 26 to 28 June`): its first and last (month, day). What is known
    /// without guessing the year.
    pub fn month_days(&self) -> Option<((u32, u32), (u32, u32))> {
        self.stated.as_ref().and_then(|s| s.month_days)
    }

    /// The times of day written at its start and at its end (`from 26 June evening to 28
    /// June morning`); for `on 26 June evening`, at its start only (one moment, no length).
    pub fn time_of_day(&self) -> [Option<TimeOfDay>; 2] {
        self.stated.as_ref().map_or([None, None], |s| s.time_of_day)
    }

    /// How long the period lasts in minutes, at least and at most, when the times of day of
    /// both ends are written and its days are known: `26 June evening to 28 June morning`
    /// is 30 to 42 hours. `None` otherwise.
    pub fn elapsed_minutes(&self) -> Option<(i64, i64)> {
        let [Some(a), Some(b)] = self.time_of_day() else {
            return None;
        };
        let p = &self.period;
        let (Some(first), Some(last)) = (written_day(p.start, a), written_day(p.end, b)) else {
            return None;
        };
        let days = i64::from(last) - i64::from(first);
        let ((a_lo, a_hi), (b_lo, b_hi)) = (a.minutes(), b.minutes());
        let lo = days * 1440 + i64::from(b_lo) - i64::from(a_hi);
        let hi = days * 1440 + i64::from(b_hi) - i64::from(a_lo);
        (hi >= 0).then_some((lo.max(0), hi))
    }

    /// The period as [`Period`]'s display writes it, with the times of day written for it:
    /// `2024-06-26 evening to 2024-06-28 morning`.
    pub fn period_with_times(&self) -> String {
        let p = &self.period;
        let [a, b] = self.time_of_day();
        // A night is shown on the day it is the night of.
        let at = |f: Fuzzy, t: Option<TimeOfDay>| match t {
            Some(t) => match written_day(f, t) {
                Some(d) => format!("{} {t}", Fuzzy::day(d)),
                None => format!("{f} {t}"),
            },
            None => f.to_string(),
        };
        match (a, b) {
            (None, None) => p.to_string(),
            _ if p.start.is_unbounded() && !p.end.is_unbounded() => {
                format!("until {}", at(p.end, b))
            }
            _ if p.end.latest >= POS_INF || p.start.earliest <= NEG_INF => p.to_string(),
            // One day, two times: `2024-06-26 09:00 to 10:00`.
            (Some(x), Some(y)) if p.start == p.end && p.start.is_precise() && x != y => {
                format!("{} to {y}", at(p.start, a))
            }
            _ if p.same_day || p.start == p.end => at(p.start, a.or(b)),
            _ => format!("{} to {}", at(p.start, a), at(p.end, b)),
        }
    }

    /// What an unresolved time still says, without guessing: `26–28 June, year unknown`,
    /// `a Wednesday, date unknown`, or `date unknown`.
    pub fn known_text(&self) -> String {
        let p = &self.period;
        match (self.month_days(), self.weekday_only()) {
            (Some(md), _) => format!("{}, year unknown", calendar::month_day_text(md)),
            (None, Some(w)) => format!("a {}, date unknown", calendar::weekday_name(w)),
            // One end written in full (`from 2020 until end of this year`).
            _ if !p.start.is_unbounded() && p.end.is_unbounded() => {
                format!("from {}, end unknown", p.start)
            }
            _ if p.start.is_unbounded() && !p.end.is_unbounded() => {
                format!("until {}, start unknown", p.end)
            }
            _ => "date unknown".to_owned(),
        }
    }
}

/// The (month, day) span an expression names without a year, if that is all it names.
fn month_days(t: &TimeKind) -> Option<((u32, u32), (u32, u32))> {
    let point = |k: &PointKind| match *k {
        PointKind::DayMonth { d: Some(d), m } => Some(((m, d), (m, d))),
        PointKind::DayRange { d1, d2, m, y: None } => Some(((m, d1), (m, d2))),
        _ => None,
    };
    match t {
        TimeKind::On(p) => point(&p.kind),
        TimeKind::Range(a, b, _) => {
            let (_, end) = point(&b.kind)?;
            let start = match a.kind {
                PointKind::Day(d) => (end.0, d),
                ref k => point(k)?.0,
            };
            // A start after the end runs across 31 December: still what is known.
            Some((start, end))
        }
        _ => None,
    }
}

/// The day a time of day is written after: the one day `f` is, or for a night (which runs
/// into the next day) the first of its two.
fn written_day(f: Fuzzy, t: TimeOfDay) -> Option<Day> {
    let night = t == TimeOfDay::Night && f.latest == f.earliest + 1;
    (f.is_precise() || night).then_some(f.earliest)
}

/// What a point resolves to at one precise anchor day.
#[derive(Clone, Copy)]
enum Val {
    At(Fuzzy),
    Days(Day, Day),
}

/// Resolves one point at a precise anchor day. `Err` carries a message (impossible date).
fn point_at(p: &PointKind, anchor: Day) -> Result<Val, String> {
    let (ay, am, _) = ymd(anchor);
    let fuzzy = |f: Option<Fuzzy>, what: String| f.map(Val::At).ok_or(what);
    match *p {
        PointKind::Absolute { y, m, d } => abs(y, m, d).map(Val::At),
        PointKind::DayMonth { d: Some(d), m } => fuzzy(
            day_from_ymd(ay, m, d).map(Fuzzy::day),
            format!(
                "impossible date: {d} {} {ay} does not exist",
                calendar::month_name(m)
            ),
        ),
        PointKind::DayMonth { d: None, m } => {
            fuzzy(Fuzzy::month(ay, m), format!("impossible month {m}"))
        }
        PointKind::DayRange { d1, d2, m, y } => {
            let y = y.unwrap_or(ay);
            match (day_from_ymd(y, m, d1), day_from_ymd(y, m, d2)) {
                (Some(a), Some(b)) => Ok(Val::Days(a, b)),
                _ => Err(format!(
                    "impossible date: {} {y} has {} days",
                    calendar::month_name(m),
                    days_in_month(y, m)
                )),
            }
        }
        // Only meaningful as the start of a range; resolved by `time_expr`.
        PointKind::Day(d) => fuzzy(
            day_from_ymd(ay, am, d).map(Fuzzy::day),
            format!("impossible date: day {d}"),
        ),
        PointKind::Relative { unit, offset, part } => {
            let (first, last) = match unit {
                Unit::Year => {
                    let y = ay + offset as i32;
                    (day_from_ymd(y, 1, 1), day_from_ymd(y, 12, 31))
                }
                Unit::Month => {
                    let (y, m) = add_months(ay, am, offset as i32);
                    (
                        day_from_ymd(y, m, 1),
                        day_from_ymd(y, m, days_in_month(y, m)),
                    )
                }
                // `this week` only: `cal_unit` reads no other unit here.
                Unit::Week | Unit::Day | Unit::Hour => {
                    let monday = anchor - calendar::weekday(anchor).num_days_from_monday() as Day
                        + 7 * offset as Day;
                    (Some(monday), Some(monday + 6))
                }
            };
            let (Some(first), Some(last)) = (first, last) else {
                return Err("date out of range".to_owned());
            };
            Ok(Val::At(match part {
                Part::Whole => Fuzzy::range(first, last),
                Part::Start => Fuzzy::day(first),
                Part::End => Fuzzy::day(last),
            }))
        }
        PointKind::DayOffset(o) => Ok(Val::At(Fuzzy::day(anchor + o as Day))),
        PointKind::Ago { n, unit } => {
            if n > 100_000 {
                return Err(format!(
                    "too far back: `{n} {} ago` is more than 100000 {} before the publication date",
                    unit.as_str(n),
                    unit.as_str(2)
                ));
            }
            let n = n as i32;
            let day = match unit {
                // `23 hours ago`: the hour of publication is unknown, so from 00:00 it is the
                // day before, from 23:00 the same day. The days it can fall on.
                Unit::Hour => {
                    let (first, last) = (anchor - (n + 23) / 24, anchor - n / 24);
                    return Ok(Val::At(Fuzzy::range(first, last)));
                }
                Unit::Day => Some(anchor - n),
                Unit::Week => Some(anchor - 7 * n),
                Unit::Month | Unit::Year => {
                    let months = if unit == Unit::Month { n } else { 12 * n };
                    let (_, _, ad) = ymd(anchor);
                    let (y, m) = add_months(ay, am, -months);
                    day_from_ymd(y, m, ad.min(days_in_month(y, m)))
                }
            };
            day.map(|d| Val::At(Fuzzy::day(d)))
                .ok_or_else(|| "date out of range".to_owned())
        }
        PointKind::Weekday { w, which } => {
            let back = |from: Day| {
                from - ((calendar::weekday(from).num_days_from_monday() as Day
                    - w.num_days_from_monday() as Day)
                    .rem_euclid(7))
            };
            let day = match which {
                Which::Bare => back(anchor),
                Which::Last => back(anchor - 1),
                Which::Next => back(anchor + 7),
            };
            Ok(Val::At(Fuzzy::day(day)))
        }
    }
}

fn abs(y: i32, m: Option<u32>, d: Option<u32>) -> Result<Fuzzy, String> {
    match (m, d) {
        (None, _) => Fuzzy::year(y),
        (Some(m), None) => Fuzzy::month(y, m),
        (Some(m), Some(d)) => day_from_ymd(y, m, d).map(Fuzzy::day),
    }
    .ok_or_else(|| {
        format!(
            "impossible date {y}-{:02}-{:02}",
            m.unwrap_or(1),
            d.unwrap_or(1)
        )
    })
}

fn add_months(y: i32, m: u32, delta: i32) -> (i32, u32) {
    let total = y * 12 + (m as i32 - 1) + delta;
    (total.div_euclid(12), total.rem_euclid(12) as u32 + 1)
}

/// Resolves a point against a possibly imprecise anchor: the union of its resolutions at
/// the anchor's earliest and latest day (every expression here moves forward with its anchor).
fn point(p: &PointKind, anchor: Option<Fuzzy>) -> Result<Option<Val>, String> {
    Ok(point_guess(p, anchor)?.map(|(v, _)| v))
}

/// [`point`], and whether a day near 31 December was moved to the neighbouring year
/// ([`nearest_year`]).
fn point_guess(p: &PointKind, anchor: Option<Fuzzy>) -> Result<Option<(Val, bool)>, String> {
    if !p.is_relative() {
        return point_at(p, 0).map(|v| Some((v, false)));
    }
    let Some(a) = anchor else { return Ok(None) };
    if a.is_precise() && year_implicit(p) {
        return nearest_year(p, a.earliest).map(Some);
    }
    Ok(point_spread(p, a)?.map(|v| (v, false)))
}

/// A point read at both ends of an imprecise anchor, joined.
fn point_spread(p: &PointKind, a: Fuzzy) -> Result<Option<Val>, String> {
    let lo = point_at(p, a.earliest)?;
    let hi = point_at(p, a.latest)?;
    Ok(Some(match (lo, hi) {
        (Val::At(x), Val::At(y)) => Val::At(Fuzzy::range(x.earliest, y.latest)),
        (Val::Days(a1, b1), Val::Days(a2, b2)) if a1 == a2 && b1 == b2 => Val::Days(a1, b1),
        (lo, hi) => {
            let (s_lo, e_lo) = bounds(&lo);
            let (s_hi, e_hi) = bounds(&hi);
            // An imprecise anchor makes a day range imprecise at both ends.
            return Ok(Some(Val::At(Fuzzy::range(s_lo.min(s_hi), e_lo.max(e_hi)))));
        }
    }))
}

/// A third of a month or a year (`early December`, `mid-2025`, `late June`): its days split
/// in three runs as equal as can be (early December is 1 to 10 December, mid is 11 to 20, late
/// is 21 to 31), some day of which is meant. The base is read first; an imprecise base
/// (a month of an inferred year) keeps its imprecision at the ends.
fn third_of(v: &Val, t: syntax::Third) -> Val {
    let (lo, hi) = bounds(v);
    if lo <= NEG_INF || hi >= POS_INF || hi < lo {
        return *v;
    }
    let len = hi - lo + 1;
    let (a, b) = match t {
        syntax::Third::Early => (lo, lo + len / 3 - 1),
        syntax::Third::Mid => (lo + len / 3, lo + 2 * len / 3 - 1),
        syntax::Third::Late => (lo + 2 * len / 3, hi),
    };
    Val::At(Fuzzy::range(a, b.max(a)))
}

/// A day and month written without a year (`28 December`, `26..28 June`): read in the
/// anchor's year.
fn year_implicit(p: &PointKind) -> bool {
    matches!(
        p,
        PointKind::DayMonth { d: Some(_), .. } | PointKind::DayRange { y: None, .. }
    )
}

/// How far a reading is from the publication day, in days (0 when it contains it).
fn days_away(v: &Val, anchor: Day) -> Day {
    let (lo, hi) = bounds(v);
    if hi < anchor {
        anchor - hi
    } else if lo > anchor {
        lo - anchor
    } else {
        0
    }
}

/// A reading of a day without a year this far from its publication day or more (about ten
/// months) gives way to one in the neighbouring year within [`NEAR`] days.
const FAR: Day = 300;

/// See [`FAR`]: about two months.
const NEAR: Day = 60;

/// A day and month without a year, read on a known publication day: in the anchor's year,
/// unless that is [`FAR`] days away or more and the same days in the year before or after
/// are within [`NEAR`] days: only dates around the new year move. `28 December` in an article of
/// 2 January 2025 is 28 December 2024; `3 January` in one of 20 December 2024 is 3 January
/// 2025; `15 July` in one of 10 January stays in its year (an event announced ahead).
/// The second value says whether the day moved: its year is then a reading, not a fact, and
/// what compares it is possible at most.
fn nearest_year(p: &PointKind, anchor: Day) -> Result<(Val, bool), String> {
    let here = point_at(p, anchor)?;
    if days_away(&here, anchor) < FAR {
        return Ok((here, false));
    }
    let (ay, _, _) = ymd(anchor);
    for y in [ay - 1, ay + 1] {
        // Only the anchor's year matters to a day and month.
        let Some(other) = day_from_ymd(y, 1, 1) else {
            continue;
        };
        if let Ok(v) = point_at(p, other) {
            if days_away(&v, anchor) <= NEAR {
                return Ok((v, true));
            }
        }
    }
    Ok((here, false))
}

/// The day `day month` (no year) names in an article published on `anchor`, by the rule of
/// [`nearest_year`]; `None` when it names none that year (29 February).
pub fn day_month_on(day: u32, month: u32, anchor: Day) -> Option<Day> {
    match nearest_year(
        &PointKind::DayMonth {
            d: Some(day),
            m: month,
        },
        anchor,
    ) {
        Ok((Val::At(f), _)) if f.is_precise() => Some(f.earliest),
        _ => None,
    }
}

/// A point without a year (`3 January`, `January`, `late December`), with its third and
/// its time of day, read in year `y`.
fn read_in(p: &Point, y: i32) -> Result<Fuzzy, String> {
    let anchor = day_from_ymd(y, 1, 1).ok_or_else(|| "date out of range".to_owned())?;
    let v = point_at(&p.kind, anchor)?;
    let v = match p.third {
        Some(t) => third_of(&v, t),
        None => v,
    };
    let (lo, hi) = bounds(&night(p, v));
    Ok(Fuzzy::range(lo, hi))
}

/// The night of a day runs into the next: `26 June night` is some moment from the evening
/// of the 26th to the morning of the 27th, so either day.
fn night(p: &Point, v: Val) -> Val {
    match (p.time, v) {
        (Some((TimeOfDay::Night, _)), Val::At(f)) if f.is_precise() => {
            Val::At(Fuzzy::range(f.earliest, f.earliest + 1))
        }
        _ => v,
    }
}

/// A day, days or a month without a year (`28 December`, `December`, `late December`): a
/// range from one to another that runs backwards crosses 31 December.
fn no_year(p: &PointKind) -> bool {
    year_implicit(p) || matches!(p, PointKind::DayMonth { d: None, .. })
}

/// The same month and day a year later (29 February becomes 28 February).
fn next_year(f: Fuzzy) -> Fuzzy {
    let shift = |day: Day| {
        if day <= NEG_INF || day >= POS_INF {
            return day;
        }
        let (y, m, d) = ymd(day);
        day_from_ymd(y + 1, m, d.min(days_in_month(y + 1, m))).unwrap_or(day)
    };
    Fuzzy::range(shift(f.earliest), shift(f.latest))
}

fn bounds(v: &Val) -> (Day, Day) {
    match *v {
        Val::At(f) => (f.earliest, f.latest),
        Val::Days(a, b) => (a, b),
    }
}

const UNKNOWN: Fuzzy = Fuzzy {
    earliest: NEG_INF,
    latest: POS_INF,
};

/// Resolves a `when` expression. The anchor passed in says which date to use and whose it
/// is; it is reported as `Absolute` when the expression needs none.
pub fn time_expr(
    t: &TimeExpr,
    anchor: &Anchor,
    file: crate::diag::FileId,
) -> Result<When, (crate::diag::Span, String)> {
    time_expr_in(t, anchor, file, None)
}

/// [`time_expr`] in a file whose text is `source`: a time written in canonical spelling
/// keeps no text of its own (see `Corpus::when_text`).
pub fn time_expr_in(
    t: &TimeExpr,
    anchor: &Anchor,
    file: crate::diag::FileId,
    source: Option<&str>,
) -> Result<When, (crate::diag::Span, String)> {
    let loc = Loc { file, span: t.span };
    let mut weekdays = Vec::new();
    let relative = std::cell::Cell::new(false);
    let mut unresolved = false;
    let mut weekday_only = None;
    let guessed = std::cell::Cell::new(false);
    let mut resolve = |p: &Point| -> Result<Val, (crate::diag::Span, String)> {
        relative.set(relative.get() | p.kind.is_relative());
        // `last Wednesday` names its weekday whatever the anchor: unknown, or a whole year.
        if let PointKind::Weekday { w, .. } = p.kind {
            weekday_only = Some(w);
        }
        match point_guess(&p.kind, anchor.date).map_err(|m| (p.span, m))? {
            Some((v, moved)) => {
                guessed.set(guessed.get() | moved);
                let v = match p.third {
                    Some(t) => third_of(&v, t),
                    None => v,
                };
                Ok(night(p, v))
            }
            None => {
                unresolved = true;
                Ok(Val::At(UNKNOWN))
            }
        }
    };
    let period = match &t.kind {
        // `on 23 hours ago` is one moment, on one of the days it can fall on.
        TimeKind::On(
            p @ Point {
                kind: PointKind::Ago {
                    unit: Unit::Hour, ..
                },
                ..
            },
        ) => match resolve(p)? {
            Val::At(f) => Period::instant(f),
            Val::Days(a, b) => Period::new(Fuzzy::day(a), Fuzzy::day(b)),
        },
        TimeKind::On(p) => match resolve(p)? {
            // A time of day is one moment (of a night that may be past midnight).
            Val::At(f) if p.time.is_some() => Period::instant(f),
            Val::At(f) => Period::new(f, f),
            Val::Days(a, b) => Period::new(Fuzzy::day(a), Fuzzy::day(b)),
        },
        // `from 2024-12-28 to 3 January`, `from 2024-06 to January`: the end is in the
        // start's year, or the next when it would come before the start, whatever the
        // publication date.
        TimeKind::Range(a, b, _) if !a.kind.is_relative() && no_year(&b.kind) => {
            let start = match resolve(a)? {
                Val::At(f) => f,
                Val::Days(x, _) => Fuzzy::day(x),
            };
            let (sy, _, _) = ymd(start.earliest);
            let end = read_in(b, sy).map_err(|m| (b.span, m))?;
            let end = if end.latest < start.earliest {
                read_in(b, sy + 1).map_err(|m| (b.span, m))?
            } else {
                end
            };
            Period::new(start, end)
        }
        // Both ends days without a year, on a known publication day: read in its year (the
        // end in the next when it comes first: `from 28 December to 3 January`), unless
        // that puts the whole range [`FAR`] days away or more and the same range a year
        // earlier or later is within [`NEAR`] days (`from 15 December to 10 January` in an
        // article of 20 January 2025 is 2024-12-15 to 2025-01-10): then that, as a reading.
        TimeKind::Range(a, b, _)
            if anchor.date.is_some_and(|d| d.is_precise())
                && year_implicit(&a.kind)
                && year_implicit(&b.kind) =>
        {
            relative.set(true);
            let day = anchor.date.map_or(0, |d| d.earliest);
            let pair = |y: i32| -> Result<Period, String> {
                let start = read_in(a, y)?;
                let end = read_in(b, y)?;
                let end = if end.latest < start.earliest {
                    read_in(b, y + 1)?
                } else {
                    end
                };
                Ok(Period::new(start, end))
            };
            let (ay, _, _) = ymd(day);
            let here = pair(ay).map_err(|m| (t.span, m))?;
            let away = |p: &Period| days_away(&Val::Days(p.start.earliest, p.end.latest), day);
            let mut chosen = here;
            if away(&here) >= FAR {
                for y in [ay - 1, ay + 1] {
                    if let Ok(p) = pair(y) {
                        if away(&p) <= NEAR {
                            chosen = p;
                            guessed.set(true);
                            break;
                        }
                    }
                }
            }
            chosen
        }
        TimeKind::Range(a, b, _) => {
            let end = resolve(b)?;
            let (e_lo, e_hi) = bounds(&end);
            let end = Fuzzy::range(e_lo, e_hi);
            let start = match a.kind {
                // `from 26 to 28 June`: the start takes the end's month and year.
                PointKind::Day(d) if end.earliest > NEG_INF => {
                    let at = |day: Day| {
                        let (y, m, _) = ymd(day);
                        day_from_ymd(y, m, d)
                    };
                    match (at(end.earliest), at(end.latest)) {
                        (Some(x), Some(y)) => Fuzzy::range(x, y),
                        _ => {
                            return Err((
                                a.span,
                                format!(
                                    "impossible date: day {d} does not exist in the month of `{}`",
                                    text_of_point(b)
                                ),
                            ))
                        }
                    }
                }
                _ => match resolve(a)? {
                    Val::At(f) => f,
                    Val::Days(x, _) => Fuzzy::day(x),
                },
            };
            // `from 28 December to 3 January`: a day and month with no year that comes
            // before the start is in the next year (an event across 31 December).
            let end = if end.latest < start.earliest && no_year(&a.kind) && no_year(&b.kind) {
                match point(&b.kind, anchor.date.map(next_year)).map_err(|m| (b.span, m))? {
                    Some(v) => {
                        let v = match b.third {
                            Some(t) => third_of(&v, t),
                            None => v,
                        };
                        let (lo, hi) = bounds(&v);
                        Fuzzy::range(lo, hi)
                    }
                    None => end,
                }
            } else {
                end
            };
            Period::new(start, end)
        }
        TimeKind::From(p) => {
            let f = match resolve(p)? {
                Val::At(f) => f,
                Val::Days(x, _) => Fuzzy::day(x),
            };
            Period::unknown_end(f)
        }
        TimeKind::Until(p) => {
            let f = match resolve(p)? {
                Val::At(f) => f,
                Val::Days(_, y) => Fuzzy::day(y),
            };
            Period::open_start(f)
        }
    };
    // `a Friday, date unknown` only for a time that is one weekday, not a range ending on one.
    if !matches!(t.kind, TimeKind::On(_)) {
        weekday_only = None;
    }
    if period.is_reversed() {
        return Err((
            t.span,
            format!(
                "reversed range: `{}` ends ({}) before it starts ({})",
                text_of(t),
                period.end,
                period.start
            ),
        ));
    }
    // Two times of day on one day that run backwards (`from 26 June 23:00 to 26 June 01:00`).
    if let TimeKind::Range(a, b, _) = &t.kind {
        if let (Some((ta, _)), Some((tb, _))) = (a.time, b.time) {
            let one_day = period.start == period.end && period.start.is_precise();
            if one_day && tb.minutes().1 < ta.minutes().0 {
                return Err((
                    t.span,
                    format!(
                        "reversed range: `{}` ends ({tb}) before it starts ({ta}) on the same day",
                        text_of(t)
                    ),
                ));
            }
        }
    }
    // Stated weekdays refer to the start (or the only) point, or to the end.
    let points: [Option<(&Point, End, Fuzzy)>; 2] = match &t.kind {
        TimeKind::On(p) => [Some((p, End::Start, period.start)), None],
        TimeKind::Range(a, b, _) => [
            Some((a, End::Start, period.start)),
            Some((b, End::End, period.end)),
        ],
        TimeKind::From(p) => [Some((p, End::Start, period.start)), None],
        TimeKind::Until(p) => [Some((p, End::End, period.end)), None],
    };
    for (p, end, day) in points.into_iter().flatten() {
        // A night's weekday is its evening's.
        let day = match p.time {
            Some((TimeOfDay::Night, _)) if day.latest == day.earliest + 1 => {
                Fuzzy::day(day.earliest)
            }
            _ => day,
        };
        if let Some((w, span)) = p.weekday {
            weekdays.push(StatedWeekday {
                weekday: w,
                end,
                day,
                loc: Loc { file, span },
            });
        }
    }
    let kind = if !relative.get() {
        AnchorKind::Absolute
    } else if unresolved {
        AnchorKind::Unresolved
    } else {
        anchor.kind
    };
    Ok(When {
        period,
        anchor: match kind {
            AnchorKind::Absolute => Anchor {
                kind,
                date: None,
                source: None,
            },
            _ => Anchor { kind, ..*anchor },
        },
        loc,
        text: syntax::format::exact_unless(
            |s| syntax::format::time(s, t),
            source.and_then(|s| s.get(t.span.range())),
        )
        .map(String::into_boxed_str),
        stated: Stated {
            // Kept for the whole run: without the room for four that a first push makes.
            weekdays: weekdays.into_boxed_slice(),
            weekday_only,
            month_days: if kind == AnchorKind::Unresolved {
                month_days(&t.kind)
            } else {
                None
            },
            time_of_day: match &t.kind {
                TimeKind::On(p) => [p.time.map(|t| t.0), None],
                TimeKind::Range(a, b, _) => [a.time.map(|t| t.0), b.time.map(|t| t.0)],
                TimeKind::From(p) => [p.time.map(|t| t.0), None],
                TimeKind::Until(p) => [None, p.time.map(|t| t.0)],
            },
        }
        .boxed(),
        year_guessed: guessed.get(),
    })
}

/// Resolves a single point (`arriving`, `signed`) as a one-day period.
pub fn single_point(
    p: &Point,
    anchor: &Anchor,
    file: crate::diag::FileId,
) -> Result<When, (crate::diag::Span, String)> {
    single_point_in(p, anchor, file, None)
}

/// [`single_point`] in a file whose text is `source` (see [`time_expr_in`]).
pub fn single_point_in(
    p: &Point,
    anchor: &Anchor,
    file: crate::diag::FileId,
    source: Option<&str>,
) -> Result<When, (crate::diag::Span, String)> {
    let t = TimeExpr {
        span: p.span,
        kind: TimeKind::On(p.clone()),
    };
    let mut w = time_expr(&t, anchor, file)?;
    if let Val::At(f) = point(&p.kind, anchor.date)
        .map_err(|m| (p.span, m))?
        .unwrap_or(Val::At(UNKNOWN))
    {
        w.period = Period::instant(f);
    }
    w.text = syntax::format::exact_unless(
        |s| syntax::format::point(s, p),
        source.and_then(|s| s.get(p.span.range())),
    )
    .map(String::into_boxed_str);
    Ok(w)
}

/// Resolves a publication date (always absolute).
pub fn published(p: &Point) -> Option<Fuzzy> {
    match p.kind {
        PointKind::Absolute { y, m, d } => abs(y, m, d).ok(),
        _ => None,
    }
}

fn text_of(t: &TimeExpr) -> String {
    syntax::format::exact(|s| syntax::format::time(s, t))
}

fn text_of_point(p: &Point) -> String {
    let mut s = String::new();
    syntax::format::point(&mut s, p);
    s
}

/// The weekday of a precise day, for messages.
pub fn weekday_of(f: Fuzzy) -> Option<Weekday> {
    f.is_precise().then(|| calendar::weekday(f.earliest))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::parse;

    fn when(expr: &str, anchor: Option<&str>) -> When {
        let src = format!("report r by o\n  event e: {expr}\n");
        let (doc, diags) = parse(&src, 0);
        assert!(diags.is_empty(), "{diags:?}");
        let crate::syntax::Item::Claim(c) = &doc.lines[1].item else {
            panic!()
        };
        let crate::syntax::QualKind::Time(t) = &c.quals[0].kind else {
            panic!()
        };
        let date = anchor.map(|a| {
            let (y, m, d) = (
                a[..4].parse().unwrap(),
                a[5..7].parse().unwrap(),
                a[8..10].parse().unwrap(),
            );
            Fuzzy::day(day_from_ymd(y, m, d).unwrap())
        });
        let a = Anchor {
            kind: if date.is_some() {
                AnchorKind::Origin
            } else {
                AnchorKind::Unresolved
            },
            date,
            source: None,
        };
        time_expr(t, &a, 0).unwrap()
    }

    /// A time that states no weekday, days of a month or time of day keeps no box for
    /// them; one that states any keeps it, and says it back.
    #[test]
    fn only_a_time_that_states_more_than_days_keeps_its_parts_apart() {
        for plain in ["on 2024-06-26", "from 2024-06-26 to 2024-06-28", "on 2024"] {
            let w = when(plain, None);
            assert_eq!(w.stated, None, "{plain}");
            assert_eq!((w.weekdays(), w.time_of_day()), (&[][..], [None, None]));
        }
        let w = when("on 2024-06-26 (Wednesday)", None);
        assert!(w.stated.is_some());
        assert_eq!(w.weekdays().len(), 1);
        let w = when("on 26 June 2024 evening", None);
        assert!(w.stated.is_some());
        assert_eq!(
            w.time_of_day()[0].map(|t| t.to_string()).as_deref(),
            Some("evening")
        );
        assert_eq!(
            when("on last Wednesday", None).weekday_only(),
            Some(Weekday::Wed)
        );
    }

    fn show(w: &When) -> String {
        format!("{} {}", w.period, w.anchor.kind.as_str())
    }

    #[test]
    fn absolute_dates_keep_their_precision() {
        assert_eq!(show(&when("on 2025", None)), "2025 absolute");
        assert_eq!(
            show(&when("from 2025 to 2026", None)),
            "2025 to 2026 absolute"
        );
        assert_eq!(show(&when("on 2024-06-26", None)), "2024-06-26 absolute");
    }

    #[test]
    fn relative_expressions_resolve_on_the_anchor() {
        assert_eq!(
            show(&when("until end of this year", Some("2025-04-12"))),
            "until 2025-12-31 anchored"
        );
        assert_eq!(
            show(&when("on 26..28 June", Some("2024-06-30"))),
            "2024-06-26 to 2024-06-28 anchored"
        );
        assert_eq!(
            show(&when("from 26 to 28 June", Some("2024-06-30"))),
            "2024-06-26 to 2024-06-28 anchored"
        );
        assert_eq!(
            show(&when("on last month", Some("2025-01-15"))),
            "2024-12 anchored"
        );
        assert_eq!(
            show(&when("on yesterday", Some("2025-01-01"))),
            "2024-12-31 anchored"
        );
        assert_eq!(
            show(&when("on 3 days ago", Some("2024-03-02"))),
            "2024-02-28 anchored"
        );
        // 2024-06-30 is a Sunday: the latest Wednesday on or before it is the 26th.
        assert_eq!(
            show(&when("on Wednesday", Some("2024-06-30"))),
            "2024-06-26 anchored"
        );
        assert_eq!(
            show(&when("on last Sunday", Some("2024-06-30"))),
            "2024-06-23 anchored"
        );
        assert_eq!(
            show(&when("on next Sunday", Some("2024-06-30"))),
            "2024-07-07 anchored"
        );
        assert_eq!(
            show(&when("on this week", Some("2024-06-30"))),
            "2024-06-24..2024-06-30 anchored"
        );
    }

    #[test]
    fn without_an_anchor_nothing_is_guessed() {
        let w = when("on 26..28 June", None);
        assert_eq!(w.anchor.kind, AnchorKind::Unresolved);
        assert_eq!(w.period.start, UNKNOWN);
        let w = when("from 2022 until end of this year", None);
        assert_eq!(w.anchor.kind, AnchorKind::Unresolved);
        assert_eq!(w.period.start, Fuzzy::year(2022).unwrap());
        assert_eq!(
            when("on last Wednesday", None).weekday_only(),
            Some(Weekday::Wed)
        );
        // What is known without a year is kept, for display only.
        assert_eq!(
            when("on 26..28 June", None).month_days(),
            Some(((6, 26), (6, 28)))
        );
        assert_eq!(
            when("from 26 to 28 June", None).month_days(),
            Some(((6, 26), (6, 28)))
        );
        assert_eq!(
            when("from 26 July to 11 August", None).month_days(),
            Some(((7, 26), (8, 11)))
        );
        assert_eq!(
            when("on 26..28 June", Some("2024-06-30")).month_days(),
            None
        );
        assert_eq!(when("on last Wednesday", None).month_days(), None);
        // Across 31 December (regression: it said only `date unknown`).
        assert_eq!(
            when("from 28 December to 3 January", None).known_text(),
            "28 December – 3 January, year unknown"
        );
    }

    #[test]
    fn an_imprecise_anchor_widens_the_result() {
        let src = "report r by o\n  event e: on yesterday\n";
        let (doc, _) = parse(src, 0);
        let crate::syntax::Item::Claim(c) = &doc.lines[1].item else {
            panic!()
        };
        let crate::syntax::QualKind::Time(t) = &c.quals[0].kind else {
            panic!()
        };
        let a = Anchor {
            kind: AnchorKind::Borrowed,
            date: Fuzzy::year(2024),
            source: None,
        };
        let w = time_expr(t, &a, 0).unwrap();
        assert_eq!(w.period.start.to_string(), "2023-12-31..2024-12-30");
        assert_eq!(w.anchor.kind, AnchorKind::Borrowed);
    }

    #[test]
    fn leap_days_depend_on_the_anchor_year() {
        let src = "report r by o\n  event e: on 29 February\n";
        let (doc, _) = parse(src, 0);
        let crate::syntax::Item::Claim(c) = &doc.lines[1].item else {
            panic!()
        };
        let crate::syntax::QualKind::Time(t) = &c.quals[0].kind else {
            panic!()
        };
        let at = |y| Anchor {
            kind: AnchorKind::Origin,
            date: Some(Fuzzy::day(day_from_ymd(y, 6, 1).unwrap())),
            source: None,
        };
        assert!(time_expr(t, &at(2024), 0).is_ok());
        let (_, msg) = time_expr(t, &at(2025), 0).unwrap_err();
        assert_eq!(msg, "impossible date: 29 February 2025 does not exist");
    }

    #[test]
    fn reversed_ranges_are_errors() {
        let src = "report r by o\n  plan p: \"x\" from 2026 to 2025\n";
        let (doc, _) = parse(src, 0);
        let crate::syntax::Item::Claim(c) = &doc.lines[1].item else {
            panic!()
        };
        let crate::syntax::QualKind::Time(t) = &c.quals[0].kind else {
            panic!()
        };
        let a = Anchor {
            kind: AnchorKind::Unresolved,
            date: None,
            source: None,
        };
        let (_, msg) = time_expr(t, &a, 0).unwrap_err();
        assert_eq!(
            msg,
            "reversed range: `from 2026 to 2025` ends (2025) before it starts (2026)"
        );
    }

    /// `N hours ago` falls on one of two days when N is not a multiple of 24: the hour of
    /// publication is unknown (regression: it was one day, so a stated weekday could be
    /// called wrong for certain).
    #[test]
    fn hours_ago_spans_the_days_it_can_fall_on() {
        let day = |d| day_from_ymd(2024, 7, d).unwrap();
        let p = when("on 23 hours ago", Some("2024-07-01")).period;
        assert_eq!(
            (p.start, p.same_day),
            (Fuzzy::range(day(1) - 1, day(1)), true)
        );
        let p = when("on 1 hour ago", Some("2024-07-01")).period;
        assert_eq!(p.start, Fuzzy::range(day(1) - 1, day(1)));
        assert_eq!(
            when("on 24 hours ago", Some("2024-07-01")).period.start,
            Fuzzy::day(day(1) - 1)
        );
        assert_eq!(
            when("on 0 hours ago", Some("2024-07-01")).period.start,
            Fuzzy::day(day(1))
        );
        assert_eq!(
            when("on 30 hours ago", Some("2024-07-01")).period.start,
            Fuzzy::range(day(1) - 2, day(1) - 1)
        );
    }

    /// A day and month without a year near 31 December belong to the year they are near
    /// (regression: `28 December` in an article of 2 January 2025 read as 28 December 2025).
    #[test]
    fn a_day_across_new_year_is_read_in_the_year_it_is_near() {
        let w = |e, a| when(e, Some(a)).period.to_string();
        assert_eq!(
            w("from 28 December to 3 January", "2025-01-02"),
            "2024-12-28 to 2025-01-03"
        );
        assert_eq!(
            w("from 28 December to 3 January", "2024-12-20"),
            "2024-12-28 to 2025-01-03"
        );
        assert_eq!(w("on 28 December", "2025-01-05"), "2024-12-28");
        assert_eq!(w("on 3 January", "2024-12-20"), "2025-01-03");
        assert_eq!(
            w("on 30..31 December", "2025-01-02"),
            "2024-12-30 to 2024-12-31"
        );
        // Far from the new year, or an event announced months ahead: the anchor's year.
        assert_eq!(w("on 15 July", "2024-01-10"), "2024-07-15");
        assert_eq!(w("on 15 January", "2024-10-01"), "2024-01-15");
        assert_eq!(w("on 26 June", "2024-06-30"), "2024-06-26");
        // An end without a year follows its start's year, not the publication's.
        assert_eq!(
            w("from 2020-01-15 to 16 January", "2020-12-21"),
            "2020-01-15 to 2020-01-16"
        );
        assert_eq!(
            w("from 2024-12-28 to 3 January", "2024-06-01"),
            "2024-12-28 to 2025-01-03"
        );
        assert_eq!(
            when("from 2024-12-28 to 3 January", None)
                .period
                .to_string(),
            "2024-12-28 to 2025-01-03"
        );
    }

    /// Months and thirds of months run across 31 December like days do (regression: they
    /// were reversed ranges).
    #[test]
    fn months_across_new_year() {
        let w = |e| when(e, Some("2024-11-15")).period.to_string();
        assert_eq!(w("from December to January"), "2024-12 to 2025-01");
        assert_eq!(
            w("from late December to early January"),
            "2024-12-21..2024-12-31 to 2025-01-01..2025-01-10"
        );
        assert_eq!(w("from July 9-11"), "2024-07-09 to 2024-07-11");
    }

    /// A range of days without a year is placed as a whole near its publication date
    /// (regressions: each end was placed alone, then the end pushed a year on).
    #[test]
    fn ranges_near_new_year_are_placed_whole() {
        let w = |e, a| when(e, Some(a)).period.to_string();
        assert_eq!(
            w("from 15 December to 10 January", "2025-01-20"),
            "2024-12-15 to 2025-01-10"
        );
        assert_eq!(
            w("from 20 November to 28 December", "2025-01-02"),
            "2024-11-20 to 2024-12-28"
        );
        assert_eq!(
            w("from 26 December to 2 January", "2025-02-10"),
            "2024-12-26 to 2025-01-02"
        );
        assert_eq!(
            w("from 1 January to 31 December", "2024-12-31"),
            "2024-01-01 to 2024-12-31"
        );
        assert_eq!(
            w("from 28 December to 3 January", "2024-06-30"),
            "2024-12-28 to 2025-01-03"
        );
        assert!(when("from 15 December to 10 January", Some("2025-01-20")).year_guessed);
        assert!(!when("from 28 December to 3 January", Some("2024-06-30")).year_guessed);
        // An end without a year after a start with one: its year, or the next.
        assert_eq!(
            w("from 2024-06-01 to 3 January", "2024-06-30"),
            "2024-06-01 to 2025-01-03"
        );
        assert_eq!(
            w("from 2024-11 to 3 January", "2024-06-30"),
            "2024-11 to 2025-01-03"
        );
        assert_eq!(
            w("from 2024-12-28 to January", "2024-06-30"),
            "2024-12-28 to 2025-01"
        );
    }

    /// The night of a day may be on the next (regression: `26 June night` and `27 June
    /// 02:00` were definitely different days); its length counts from its evening.
    #[test]
    fn a_night_runs_into_the_next_day() {
        let day = |d| day_from_ymd(2024, 6, d).unwrap();
        let p = when("on 2024-06-26 night", None).period;
        assert_eq!(
            (p.start, p.same_day),
            (Fuzzy::range(day(26), day(27)), true)
        );
        assert_eq!(
            when("from 2024-06-26 night to 2024-06-28 morning", None).elapsed_minutes(),
            Some((24 * 60, 39 * 60))
        );
        assert_eq!(
            when("on 2024-06-26 night", None).period_with_times(),
            "2024-06-26 night"
        );
    }

    /// The time that elapsed between two ends whose times of day are written.
    #[test]
    fn elapsed_minutes_from_times_of_day() {
        let h = |x: i64| x * 60;
        assert_eq!(
            when("from 2024-06-26 evening to 2024-06-28 morning", None).elapsed_minutes(),
            Some((h(30), h(42)))
        );
        assert_eq!(
            when("from 2024-06-26 17:20 to 2024-06-27 09:05", None).elapsed_minutes(),
            Some((h(15) + 45, h(15) + 45))
        );
        // One moment: no length (regression: `on 26 June 17:20 lasting 3 hours` was called
        // definitely wrong, as if it lasted no time).
        assert_eq!(when("on 2024-06-26 evening", None).elapsed_minutes(), None);
        assert_eq!(when("on 2024-06-26 17:20", None).elapsed_minutes(), None);
        // The night runs into the next morning.
        assert_eq!(
            when("from 2024-06-26 night to 2024-06-27 morning", None).elapsed_minutes(),
            Some((0, h(15)))
        );
        // One end without a time, or days not known: nothing.
        assert_eq!(
            when("from 2024-06-26 evening to 2024-06-28", None).elapsed_minutes(),
            None
        );
        assert_eq!(when("on 26 June evening", None).elapsed_minutes(), None);
        assert_eq!(
            when("from 2024-06-26 evening to 2024-06-28 morning", None).period_with_times(),
            "2024-06-26 evening to 2024-06-28 morning"
        );
    }

    #[test]
    fn weekday_of_a_known_day() {
        assert_eq!(
            weekday_of(Fuzzy::day(day_from_ymd(2024, 6, 26).unwrap())),
            Some(Weekday::Wed)
        );
    }
}
