//! Time calculus for imprecise dates.
//!
//! News articles rarely give exact dates: "in 2025", "since March 2018",
//! "by the end of the decade". This module is responsible for reasoning about
//! such dates exactly, without ever pretending to know more than was said:
//!
//! * **Day numbers** ([`Day`]): whole days counted from 1970-01-01 (day 0) in
//!   the proleptic Gregorian calendar, with conversions to and from
//!   year/month/day ([`day_from_ymd`], [`ymd`], [`days_in_month`],
//!   [`format_day`]). Two sentinels, [`NEG_INF`] and [`POS_INF`], stand for
//!   the unbounded past and the unbounded future. They are ordinary numbers
//!   far away from any real date, so all arithmetic stays plain integer
//!   arithmetic (done in `i64` internally, so nothing can overflow).
//! * **Imprecise instants** ([`Fuzzy`]): a day known only to lie somewhere in
//!   `earliest..=latest`, e.g. "some day in June 2024" or "some day in 2025".
//! * **Periods** ([`Period`]): runs of whole days, both ends inclusive, whose
//!   start and end are each a [`Fuzzy`] day. A *reading* of a period is one
//!   concrete choice of start day `s` and end day `e` from those ranges with
//!   `s <= e` (and `s == e` when the period is a single unknown day, see
//!   [`Period::instant`]).
//! * **Allen relations** ([`Allen`], [`allen`], [`allen_all`]): the thirteen
//!   ways two intervals can be arranged, each answered with a [`Certainty`]:
//!   `Definitely` if it holds in every pair of readings, `Never` if it holds in
//!   none, `Possibly` otherwise. Derived relations ([`intersects`],
//!   [`disjoint`], [`within`], [`allen_set`]) and the gap between two periods
//!   ([`gap_days`]) are answered the same way.
//! * **Lengths** ([`Period::length_days`], [`length_is`]) and **weekdays**
//!   ([`weekday`], [`weekday_is`]).
//!
//! # Semantics
//!
//! A period covering days `s..=e` is treated as the half-open interval
//! `[s, e + 1)` of continuous time. So "a meets b" means b starts exactly on
//! the day after a ends (a plan ending 2025-12-31 meets one starting
//! 2026-01-01), and "a before b" means there is at least one whole day between
//! them. With `E = e + 1` the relations over `[s1, E1)` and `[s2, E2)` are:
//!
//! | relation | condition                      |
//! |----------|--------------------------------|
//! | before   | `E1 < s2`                      |
//! | meets    | `E1 == s2`                     |
//! | overlaps | `s1 < s2 < E1 < E2`            |
//! | starts   | `s1 == s2 && E1 < E2`          |
//! | during   | `s2 < s1 && E1 < E2`           |
//! | finishes | `s2 < s1 && E1 == E2`          |
//! | equals   | `s1 == s2 && E1 == E2`         |
//!
//! and the converses (`after`, `met-by`, `overlapped-by`, `started-by`,
//! `contains`, `finished-by`) with the roles of the two periods swapped. For
//! any single pair of readings exactly one of the thirteen holds.
//!
//! # Exactness
//!
//! Certainties are exact, never a per-endpoint approximation. Every relation is
//! a conjunction of *difference constraints* `x - y <= c` over the four
//! endpoint variables `s1, e1, s2, e2` and a zero node that carries the
//! domain bounds (`lo <= s1 <= hi` becomes `s1 - 0 <= hi` and
//! `0 - s1 <= -lo`). A conjunction of integer difference constraints is
//! feasible exactly when its constraint graph has no negative cycle, which
//! Bellman-Ford decides on these five nodes. Then:
//!
//! * `Never` if the domains (the readings of both periods) are infeasible, or
//!   the domains together with the relation are infeasible;
//! * `Definitely` if for every conjunct `x - y <= c` its negation
//!   `y - x <= -c - 1` is infeasible together with the domains (no reading
//!   violates any conjunct);
//! * `Possibly` otherwise.
//!
//! If a period has no reading at all (it is impossible, e.g. it surely ends
//! before it starts) every relation involving it is `Never`.
//!
//! # Sentinels
//!
//! Days are clamped to `NEG_INF..=POS_INF`. A start of exactly [`NEG_INF`]
//! means "unbounded past", an end of exactly [`POS_INF`] "unbounded future".
//! For the Allen relations they behave like very distant days, so two periods
//! that both reach back forever *start* together. An end known only to come
//! after some day is written `Fuzzy { earliest: X, latest: POS_INF }`
//! ([`Period::unknown_end`]): it may be any later day, or not yet have come.

use std::fmt;

use chrono::Weekday;

use crate::calendar::{
    day_from_ymd, days_in_month, format_day, format_year, weekday, ymd, Day, NEG_INF, POS_INF,
};

/// How precisely a [`Fuzzy`] day is known.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Precision {
    /// Exactly one day.
    Day,
    /// Exactly one calendar month.
    Month,
    /// Exactly one calendar year.
    Year,
}

/// An instant known only to lie somewhere in `earliest..=latest` (whole days).
///
/// `earliest > latest` is an empty (impossible) instant. Values at or beyond
/// the sentinels are treated as the sentinels.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Fuzzy {
    /// First day the instant may be.
    pub earliest: Day,
    /// Last day the instant may be.
    pub latest: Day,
}

impl Fuzzy {
    /// The unbounded past: the start of a period with an open start.
    pub const OPEN_PAST: Fuzzy = Fuzzy {
        earliest: NEG_INF,
        latest: NEG_INF,
    };

    /// The unbounded future: the end of a period with an open end.
    pub const OPEN_FUTURE: Fuzzy = Fuzzy {
        earliest: POS_INF,
        latest: POS_INF,
    };

    /// Exactly the day `d`.
    pub fn day(d: Day) -> Fuzzy {
        Fuzzy {
            earliest: d,
            latest: d,
        }
    }

    /// Some day in `earliest..=latest`.
    pub fn range(earliest: Day, latest: Day) -> Fuzzy {
        Fuzzy { earliest, latest }
    }

    /// Some day of the calendar month `y-m`; `None` if `m` is not 1..=12 or
    /// the month is out of range.
    pub fn month(y: i32, m: u32) -> Option<Fuzzy> {
        let earliest = day_from_ymd(y, m, 1)?;
        let latest = day_from_ymd(y, m, days_in_month(y, m))?;
        Some(Fuzzy { earliest, latest })
    }

    /// Some day of the calendar year `y`; `None` if the year is out of range.
    pub fn year(y: i32) -> Option<Fuzzy> {
        let earliest = day_from_ymd(y, 1, 1)?;
        let latest = day_from_ymd(y, 12, 31)?;
        Some(Fuzzy { earliest, latest })
    }

    /// Whether exactly one day is possible.
    pub fn is_precise(&self) -> bool {
        self.earliest == self.latest
    }

    /// Whether either side is a sentinel ([`NEG_INF`] or [`POS_INF`]).
    pub fn is_unbounded(&self) -> bool {
        self.earliest <= NEG_INF
            || self.earliest >= POS_INF
            || self.latest <= NEG_INF
            || self.latest >= POS_INF
    }

    /// Whether no day at all is possible (`earliest > latest`).
    pub fn is_empty(&self) -> bool {
        self.earliest > self.latest
    }

    /// Whether `d` is one of the possible days.
    pub fn contains(&self, d: Day) -> bool {
        self.earliest <= d && d <= self.latest
    }

    /// `Day` if precise; `Month`/`Year` if it spans exactly one calendar
    /// month/year; `None` otherwise (including unbounded and empty ones).
    pub fn precision(&self) -> Option<Precision> {
        if self.is_unbounded() || self.is_empty() {
            return None;
        }
        if self.is_precise() {
            return Some(Precision::Day);
        }
        let (y, m, _) = ymd(self.earliest);
        if Fuzzy::month(y, m) == Some(*self) {
            return Some(Precision::Month);
        }
        if Fuzzy::year(y) == Some(*self) {
            return Some(Precision::Year);
        }
        None
    }
}

impl fmt::Display for Fuzzy {
    /// `2024-06-26`, `2024-06`, `2024`, `2024-06-01..2024-06-15` otherwise;
    /// `unknown` when unbounded on both sides, `2018-01-01 or after` (or
    /// `… or before`) when unbounded on one.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if *self == Fuzzy::OPEN_PAST || *self == Fuzzy::OPEN_FUTURE {
            return f.write_str("open");
        }
        match (self.earliest <= NEG_INF, self.latest >= POS_INF) {
            (true, true) => return f.write_str("unknown"),
            (true, false) => return write!(f, "{} or before", format_day(self.latest)),
            (false, true) => return write!(f, "{} or after", format_day(self.earliest)),
            (false, false) => {}
        }
        let (y, m, _) = ymd(self.earliest);
        match self.precision() {
            Some(Precision::Day) => match crate::calendar::day_digits(self.earliest) {
                // Ten ASCII bytes: no allocation, no formatting machinery.
                Some(d) => f.write_str(std::str::from_utf8(&d).map_err(|_| fmt::Error)?),
                None => f.write_str(&format_day(self.earliest)),
            },
            Some(Precision::Month) => write!(f, "{}-{m:02}", format_year(y)),
            Some(Precision::Year) => f.write_str(&format_year(y)),
            None => write!(
                f,
                "{}..{}",
                format_day(self.earliest),
                format_day(self.latest)
            ),
        }
    }
}

/// A period of whole days, both ends inclusive: it starts some day in `start`
/// and ends some day in `end`.
///
/// A reading of the period is a choice `s` in `start`, `e` in `end` with
/// `s <= e`, and additionally `s == e` when `same_day` is set.
///
/// Open ends: `start == Fuzzy::OPEN_PAST` (`NEG_INF`) is an unbounded start,
/// `end == Fuzzy::OPEN_FUTURE` (`POS_INF`) an unbounded end, and
/// `end == Fuzzy { earliest: X, latest: POS_INF }` an end that is unknown
/// except that it comes after `X` (it may also never come).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Period {
    /// The day the period starts on.
    pub start: Fuzzy,
    /// The day the period ends on (inclusive).
    pub end: Fuzzy,
    /// Start and end are one and the same (possibly unknown) day: the period
    /// is a single day, e.g. "one day in 2025". Without this flag a period
    /// from `2025` to `2025` could be any run of days within 2025.
    pub same_day: bool,
}

impl Period {
    /// A single day, possibly imprecise: start and end are the same unknown
    /// day in `f`.
    pub fn instant(f: Fuzzy) -> Period {
        Period {
            start: f,
            end: f,
            same_day: true,
        }
    }

    /// A period starting some day in `start` and ending some day in `end`.
    ///
    /// If both are the same precise day the result is that single day (equal
    /// to [`Period::instant`] of it).
    pub fn new(start: Fuzzy, end: Fuzzy) -> Period {
        Period {
            start,
            end,
            same_day: start == end && start.is_precise(),
        }
    }

    /// The precise days `first..=last`.
    pub fn days(first: Day, last: Day) -> Period {
        Period::new(Fuzzy::day(first), Fuzzy::day(last))
    }

    /// A period reaching back forever and ending some day in `end`.
    pub fn open_start(end: Fuzzy) -> Period {
        Period::new(Fuzzy::OPEN_PAST, end)
    }

    /// A period starting some day in `start` that never ends.
    pub fn open_end(start: Fuzzy) -> Period {
        Period::new(start, Fuzzy::OPEN_FUTURE)
    }

    /// A period starting some day in `start` whose end is unknown: any day on
    /// or after its start, or never ("since 2018").
    pub fn unknown_end(start: Fuzzy) -> Period {
        Period::new(
            start,
            Fuzzy {
                earliest: start.earliest,
                latest: POS_INF,
            },
        )
    }

    /// Whether some reading exists (`s <= e`, and `s == e` for a single day).
    pub fn is_possible(&self) -> bool {
        let mut sys = System::new(3);
        sys.add_period(self, S1, E1);
        sys.feasible()
    }

    /// Whether the period definitely ends before it starts
    /// (`start.earliest > end.latest`).
    pub fn is_reversed(&self) -> bool {
        self.start.earliest > self.end.latest
    }

    /// Minimum and maximum length in days over all readings, counting both
    /// ends (26..28 June is 3 days).
    ///
    /// The maximum is `None` when the period may be unbounded (start may be
    /// [`NEG_INF`] or end may be [`POS_INF`]); the minimum is `u32::MAX` when
    /// it surely is. A single day (see [`Period::instant`]) is always one day
    /// long. An impossible period gives `(0, Some(0))`.
    pub fn length_days(&self) -> (u32, Option<u32>) {
        let mut sys = System::new(3);
        sys.add_period(self, S1, E1);
        let Some(dist) = sys.shortest_paths() else {
            return (0, Some(0));
        };
        if self.same_day {
            return (1, Some(1));
        }
        let (start, end) = (clamp_fuzzy(self.start), clamp_fuzzy(self.end));
        let to_u32 = |len: i64| u32::try_from(len).unwrap_or(u32::MAX);
        // min(e - s) = -max(s - e); max(e - s) = shortest path s -> e.
        let min = if start.1 <= i64::from(NEG_INF) || end.0 >= i64::from(POS_INF) {
            u32::MAX
        } else {
            to_u32(1 - dist[E1][S1])
        };
        let max = if start.0 <= i64::from(NEG_INF) || end.1 >= i64::from(POS_INF) {
            None
        } else {
            Some(to_u32(dist[S1][E1] + 1))
        };
        (min, max)
    }
}

impl fmt::Display for Period {
    /// `2024` for a single day or a period within one range, `2022 to 2025-12-31`
    /// otherwise; `until 2025-12-31` for an open start, `from 2018 on` for an open end,
    /// `from 2018, end unknown` when only the start is known.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.same_day {
            return write!(f, "{}", self.start);
        }
        if self.start == Fuzzy::OPEN_PAST {
            return write!(f, "until {}", self.end);
        }
        if self.end == Fuzzy::OPEN_FUTURE {
            return write!(f, "from {} on", self.start);
        }
        if self.end.latest >= POS_INF && self.end.earliest <= self.start.earliest {
            return write!(f, "from {}, end unknown", self.start);
        }
        if self.same_day || self.start == self.end {
            write!(f, "{}", self.start)
        } else {
            write!(f, "{} to {}", self.start, self.end)
        }
    }
}

/// How sure an answer is, ordered `Never < Possibly < Definitely`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Certainty {
    /// Holds in no reading.
    Never,
    /// Holds in some readings but not all.
    Possibly,
    /// Holds in every reading (and some reading exists).
    Definitely,
}

impl Certainty {
    /// `true` as definitely, `false` as never.
    pub fn of(b: bool) -> Certainty {
        if b {
            Certainty::Definitely
        } else {
            Certainty::Never
        }
    }

    /// The certainty of the opposite statement over the same (non-empty) set
    /// of readings: `Definitely` and `Never` swap, `Possibly` stays.
    pub fn negate(self) -> Certainty {
        match self {
            Certainty::Never => Certainty::Definitely,
            Certainty::Possibly => Certainty::Possibly,
            Certainty::Definitely => Certainty::Never,
        }
    }

    /// Lower-case name: `"never"`, `"possibly"`, `"definitely"`.
    pub fn name(self) -> &'static str {
        match self {
            Certainty::Never => "never",
            Certainty::Possibly => "possibly",
            Certainty::Definitely => "definitely",
        }
    }
}

impl fmt::Display for Certainty {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The thirteen Allen relations between two intervals (see the module doc for
/// their exact conditions on whole-day periods).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Allen {
    /// a ends at least one whole day before b starts.
    Before,
    /// b starts on the day after a ends.
    Meets,
    /// a starts first, they share days, b ends last.
    Overlaps,
    /// Same start, a ends first.
    Starts,
    /// a lies strictly inside b (later start, earlier end).
    During,
    /// Same end, a starts later.
    Finishes,
    /// Same start and same end.
    Equals,
    /// Same end, a starts first.
    FinishedBy,
    /// b lies strictly inside a.
    Contains,
    /// Same start, a ends last.
    StartedBy,
    /// b starts first, they share days, a ends last.
    OverlappedBy,
    /// a starts on the day after b ends.
    MetBy,
    /// a starts at least one whole day after b ends.
    After,
}

impl Allen {
    /// All thirteen relations, in the order used by [`allen_all`].
    pub const ALL: [Allen; 13] = [
        Allen::Before,
        Allen::Meets,
        Allen::Overlaps,
        Allen::Starts,
        Allen::During,
        Allen::Finishes,
        Allen::Equals,
        Allen::FinishedBy,
        Allen::Contains,
        Allen::StartedBy,
        Allen::OverlappedBy,
        Allen::MetBy,
        Allen::After,
    ];

    /// The relation with the roles of a and b swapped:
    /// `allen(a, b, r) == allen(b, a, r.converse())`.
    pub fn converse(self) -> Allen {
        match self {
            Allen::Before => Allen::After,
            Allen::Meets => Allen::MetBy,
            Allen::Overlaps => Allen::OverlappedBy,
            Allen::Starts => Allen::StartedBy,
            Allen::During => Allen::Contains,
            Allen::Finishes => Allen::FinishedBy,
            Allen::Equals => Allen::Equals,
            Allen::FinishedBy => Allen::Finishes,
            Allen::Contains => Allen::During,
            Allen::StartedBy => Allen::Starts,
            Allen::OverlappedBy => Allen::Overlaps,
            Allen::MetBy => Allen::Meets,
            Allen::After => Allen::Before,
        }
    }

    /// Position in [`Allen::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }

    /// Lower-case, hyphenated name, e.g. `"finished-by"`.
    pub fn name(self) -> &'static str {
        match self {
            Allen::Before => "before",
            Allen::Meets => "meets",
            Allen::Overlaps => "overlaps",
            Allen::Starts => "starts",
            Allen::During => "during",
            Allen::Finishes => "finishes",
            Allen::Equals => "equals",
            Allen::FinishedBy => "finished-by",
            Allen::Contains => "contains",
            Allen::StartedBy => "started-by",
            Allen::OverlappedBy => "overlapped-by",
            Allen::MetBy => "met-by",
            Allen::After => "after",
        }
    }

    /// The relation named `s` (as given by [`Allen::name`]); case does not
    /// matter and `_` or a space may stand for `-`.
    pub fn from_name(s: &str) -> Option<Allen> {
        let wanted: String = s
            .trim()
            .chars()
            .map(|c| match c {
                '_' | ' ' => '-',
                c => c.to_ascii_lowercase(),
            })
            .collect();
        Allen::ALL.into_iter().find(|r| r.name() == wanted)
    }
}

impl fmt::Display for Allen {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

// ---------------------------------------------------------------------------
// Difference constraints
// ---------------------------------------------------------------------------

/// Node of the zero (the origin that domain bounds are measured from).
const Z: usize = 0;
/// Start of the first period.
const S1: usize = 1;
/// End of the first period.
const E1: usize = 2;
/// Start of the second period.
const S2: usize = 3;
/// End of the second period.
const E2: usize = 4;
/// Number of nodes for two periods.
const NODES: usize = 5;

/// "No path" in the distance matrix; far above any real distance (each
/// bound is below 2^30 and paths have at most 4 edges).
const NO_PATH: i64 = i64::MAX / 4;

/// The constraint `x - y <= c`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Diff {
    x: usize,
    y: usize,
    c: i64,
}

impl Diff {
    /// `x - y <= c`.
    fn le(x: usize, y: usize, c: i64) -> Diff {
        Diff { x, y, c }
    }

    /// The negation over the integers: `x - y >= c + 1`, i.e.
    /// `y - x <= -c - 1`.
    fn negate(self) -> Diff {
        Diff {
            x: self.y,
            y: self.x,
            c: -self.c - 1,
        }
    }
}

/// A conjunction of difference constraints over `n` nodes (node [`Z`] is the
/// zero). At most two periods, so at most [`MAX_DIFFS`] constraints, kept inline:
/// building one allocates nothing.
#[derive(Clone, Debug)]
struct System {
    n: usize,
    diffs: [Diff; MAX_DIFFS],
    len: usize,
    /// The value of each node whose domain is a single day (`Z` is always 0).
    point: [Option<i64>; NODES],
}

/// Two periods, each with two domains (two constraints each), `s <= e` and
/// possibly `e <= s`.
const MAX_DIFFS: usize = 12;

/// Bounds of a fuzzy day in `i64`, clamped to the sentinels.
fn clamp_fuzzy(f: Fuzzy) -> (i64, i64) {
    let clamp = |d: Day| i64::from(d.clamp(NEG_INF, POS_INF));
    (clamp(f.earliest), clamp(f.latest))
}

impl System {
    fn new(n: usize) -> System {
        let mut point = [None; NODES];
        point[Z] = Some(0);
        System {
            n,
            diffs: [Diff::le(Z, Z, 0); MAX_DIFFS],
            len: 0,
            point,
        }
    }

    fn push(&mut self, d: Diff) {
        self.diffs[self.len] = d;
        self.len += 1;
    }

    fn diffs(&self) -> &[Diff] {
        &self.diffs[..self.len]
    }

    /// `lo <= v <= hi` for the bounds of `f`.
    fn add_domain(&mut self, v: usize, f: Fuzzy) {
        let (lo, hi) = clamp_fuzzy(f);
        self.push(Diff::le(v, Z, hi));
        self.push(Diff::le(Z, v, -lo));
        if lo == hi {
            self.point[v] = Some(lo);
        }
    }

    /// The readings of `p` with start node `s` and end node `e`.
    fn add_period(&mut self, p: &Period, s: usize, e: usize) {
        self.add_domain(s, p.start);
        self.add_domain(e, p.end);
        self.push(Diff::le(s, e, 0));
        if p.same_day {
            self.push(Diff::le(e, s, 0));
        }
    }

    /// The readings of two periods: `a` on nodes S1/E1, `b` on S2/E2.
    fn pair(a: &Period, b: &Period) -> System {
        let mut sys = System::new(NODES);
        sys.add_period(a, S1, E1);
        sys.add_period(b, S2, E2);
        sys
    }

    /// Whether the conjunction has an integer solution: Bellman-Ford from a
    /// virtual source joined to every node, looking for a negative cycle.
    fn feasible(&self) -> bool {
        self.feasible_with(&[])
    }

    /// Whether the conjunction together with `extra` has a solution.
    fn feasible_with(&self, extra: &[Diff]) -> bool {
        // Every domain a single day (precise dates, the common case): the one
        // candidate reading is checked directly.
        if self.point[..self.n].iter().all(Option::is_some) {
            let x = self.point.map(|v| v.unwrap_or(0));
            return self
                .diffs()
                .iter()
                .chain(extra)
                .all(|d| x[d.x] - x[d.y] <= d.c);
        }
        let mut dist = [0i64; NODES];
        // Without a negative cycle every shortest path from the virtual source
        // has at most n edges, so round n + 1 changes nothing.
        for _ in 0..=self.n {
            let mut changed = false;
            for d in self.diffs().iter().chain(extra) {
                // x - y <= c is the edge y -> x of weight c.
                let via = dist[d.y] + d.c;
                if via < dist[d.x] {
                    dist[d.x] = via;
                    changed = true;
                }
            }
            if !changed {
                return true;
            }
        }
        false
    }

    /// All-pairs shortest paths (Floyd-Warshall): `dist[y][x]` is the largest
    /// value `x - y` takes over all solutions. `None` if infeasible.
    fn shortest_paths(&self) -> Option<[[i64; NODES]; NODES]> {
        if !self.feasible() {
            return None;
        }
        let mut dist = [[NO_PATH; NODES]; NODES];
        for (i, row) in dist.iter_mut().enumerate() {
            row[i] = 0;
        }
        for d in self.diffs() {
            dist[d.y][d.x] = dist[d.y][d.x].min(d.c);
        }
        for k in 0..self.n {
            for i in 0..self.n {
                for j in 0..self.n {
                    if dist[i][k] < NO_PATH && dist[k][j] < NO_PATH {
                        dist[i][j] = dist[i][j].min(dist[i][k] + dist[k][j]);
                    }
                }
            }
        }
        Some(dist)
    }

    /// Exact certainty that the conjunction `holds` is true over all solutions
    /// of this system (the readings).
    fn certainty(&self, holds: &[Diff]) -> Certainty {
        // Every domain a single day (precise dates, the common case): there is one reading,
        // or none, and `holds` is true in it or not.
        if self.point[..self.n].iter().all(Option::is_some) {
            let x = self.point.map(|v| v.unwrap_or(0));
            let true_at_x = |d: &Diff| x[d.x] - x[d.y] <= d.c;
            return if self.diffs().iter().chain(holds).all(true_at_x) {
                Certainty::Definitely
            } else {
                Certainty::Never
            };
        }
        if !self.feasible() || !self.feasible_with(holds) {
            return Certainty::Never;
        }
        if holds.iter().all(|d| !self.feasible_with(&[d.negate()])) {
            Certainty::Definitely
        } else {
            Certainty::Possibly
        }
    }
}

/// The conjunction of difference constraints for `rel` between the period on
/// nodes `(sa, ea)` and the one on `(sb, eb)`, with `E = e + 1` substituted
/// into the half-open conditions of the module doc.
fn relation_constraints(rel: Allen, sa: usize, ea: usize, sb: usize, eb: usize) -> Conj {
    use Diff as D;
    let vec = Conj::of;
    match rel {
        // ea + 1 < sb
        Allen::Before => vec(&[D::le(ea, sb, -2)]),
        // ea + 1 == sb
        Allen::Meets => vec(&[D::le(ea, sb, -1), D::le(sb, ea, 1)]),
        // sa < sb, sb < ea + 1, ea < eb
        Allen::Overlaps => vec(&[D::le(sa, sb, -1), D::le(sb, ea, 0), D::le(ea, eb, -1)]),
        // sa == sb, ea < eb
        Allen::Starts => vec(&[D::le(sa, sb, 0), D::le(sb, sa, 0), D::le(ea, eb, -1)]),
        // sb < sa, ea < eb
        Allen::During => vec(&[D::le(sb, sa, -1), D::le(ea, eb, -1)]),
        // sb < sa, ea == eb
        Allen::Finishes => vec(&[D::le(sb, sa, -1), D::le(ea, eb, 0), D::le(eb, ea, 0)]),
        // sa == sb, ea == eb
        Allen::Equals => vec(&[
            D::le(sa, sb, 0),
            D::le(sb, sa, 0),
            D::le(ea, eb, 0),
            D::le(eb, ea, 0),
        ]),
        // The converses: the same conditions with the periods swapped.
        Allen::FinishedBy
        | Allen::Contains
        | Allen::StartedBy
        | Allen::OverlappedBy
        | Allen::MetBy
        | Allen::After => relation_constraints(rel.converse(), sb, eb, sa, ea),
    }
}

/// A conjunction of at most four difference constraints (an Allen relation's), inline: the
/// thirteen relations of a pair of periods are tried without allocating.
struct Conj {
    diffs: [Diff; 4],
    len: usize,
}

impl Conj {
    fn of(diffs: &[Diff]) -> Conj {
        let mut c = Conj {
            diffs: [Diff::le(Z, Z, 0); 4],
            len: diffs.len(),
        };
        c.diffs[..diffs.len()].copy_from_slice(diffs);
        c
    }
}

impl std::ops::Deref for Conj {
    type Target = [Diff];
    fn deref(&self) -> &[Diff] {
        &self.diffs[..self.len]
    }
}

/// Exact certainty that `a rel b` holds over all readings of `a` and `b`.
pub fn allen(a: &Period, b: &Period, rel: Allen) -> Certainty {
    System::pair(a, b).certainty(&relation_constraints(rel, S1, E1, S2, E2))
}

/// The certainty of every relation, indexed like [`Allen::ALL`].
pub fn allen_all(a: &Period, b: &Period) -> [Certainty; 13] {
    let sys = System::pair(a, b);
    if !sys.feasible() {
        return [Certainty::Never; 13];
    }
    Allen::ALL.map(|rel| sys.certainty(&relation_constraints(rel, S1, E1, S2, E2)))
}

/// Exact certainty that *one of* the relations in `rels` holds.
///
/// Exact because in every reading exactly one of the thirteen relations
/// holds: the disjunction holds in every reading iff every relation outside
/// `rels` is impossible.
pub fn allen_set(a: &Period, b: &Period, rels: &[Allen]) -> Certainty {
    let all = allen_all(a, b);
    let never = |inside: bool| {
        Allen::ALL
            .into_iter()
            .filter(|r| rels.contains(r) == inside)
            .all(|r| all[r.index()] == Certainty::Never)
    };
    if never(true) {
        Certainty::Never
    } else if never(false) {
        Certainty::Definitely
    } else {
        Certainty::Possibly
    }
}

/// Whether the periods share at least one day (`s1 <= e2 && s2 <= e1`).
pub fn intersects(a: &Period, b: &Period) -> Certainty {
    System::pair(a, b).certainty(&[Diff::le(S1, E2, 0), Diff::le(S2, E1, 0)])
}

/// Whether the periods share no day (before, meets, met-by or after).
pub fn disjoint(a: &Period, b: &Period) -> Certainty {
    if !System::pair(a, b).feasible() {
        return Certainty::Never;
    }
    intersects(a, b).negate()
}

/// Whether every day of `a` is a day of `b` (`s2 <= s1 && e1 <= e2`: starts,
/// during, finishes or equals).
pub fn within(a: &Period, b: &Period) -> Certainty {
    System::pair(a, b).certainty(&[Diff::le(S2, S1, 0), Diff::le(E1, E2, 0)])
}

/// Minimum and maximum number of whole days strictly between the end of `a`
/// and the start of `b`, over all readings: `s2 - e1 - 1`.
///
/// * `0` when a meets b (b starts the day after a ends);
/// * positive when a is before b (`1` = one free day in between);
/// * negative when b starts on or before the last day of a: `-1` when b starts
///   on a's last day, `-n` when b starts on a's n-th last day (the periods
///   share days, or b lies wholly before a's end).
///
/// The sentinels count as very distant days, so an open end gives a huge
/// value. If either period is impossible the result is the empty range
/// `(1, 0)` (minimum above maximum).
pub fn gap_days(a: &Period, b: &Period) -> (i64, i64) {
    match System::pair(a, b).shortest_paths() {
        // max(s2 - e1) = dist e1 -> s2; min(s2 - e1) = -dist s2 -> e1.
        Some(dist) => (-dist[S2][E1] - 1, dist[E1][S2] - 1),
        None => (1, 0),
    }
}

/// `Definitely` if every possible day of `f` is a `w`, `Never` if none is
/// (or `f` has no real day: it is empty or only a sentinel), else `Possibly`.
pub fn weekday_is(f: Fuzzy, w: Weekday) -> Certainty {
    let lo = f.earliest.max(NEG_INF + 1);
    let hi = f.latest.min(POS_INF - 1);
    if lo > hi {
        return Certainty::Never;
    }
    if i64::from(hi) - i64::from(lo) >= 6 {
        // Seven or more consecutive days contain every weekday.
        return Certainty::Possibly;
    }
    let hits = (lo..=hi).filter(|&d| weekday(d) == w).count();
    if hits == 0 {
        Certainty::Never
    } else if hits == (lo..=hi).count() {
        Certainty::Definitely
    } else {
        Certainty::Possibly
    }
}

/// Whether the period is exactly `days` long (counting both ends).
///
/// A reading that reaches a sentinel is unbounded and has no finite length;
/// a single day (see [`Period::instant`]) is always one day long.
pub fn length_is(p: &Period, days: u32) -> Certainty {
    if p.same_day {
        return match (p.is_possible(), days == 1) {
            (false, _) => Certainty::Never,
            (true, true) => Certainty::Definitely,
            (true, false) => Certainty::Never,
        };
    }
    let mut sys = System::new(3);
    sys.add_period(p, S1, E1);
    let len = i64::from(days) - 1;
    sys.certainty(&[
        // e - s == days - 1
        Diff::le(E1, S1, len),
        Diff::le(S1, E1, -len),
        // s > NEG_INF, e < POS_INF
        Diff::le(Z, S1, -(i64::from(NEG_INF) + 1)),
        Diff::le(E1, Z, i64::from(POS_INF) - 1),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Shorthand for a valid date.
    fn d(y: i32, m: u32, dd: u32) -> Day {
        day_from_ymd(y, m, dd).expect("valid date")
    }

    fn year(y: i32) -> Fuzzy {
        Fuzzy::year(y).expect("valid year")
    }

    fn month(y: i32, m: u32) -> Fuzzy {
        Fuzzy::month(y, m).expect("valid month")
    }

    /// Deterministic xorshift generator for the randomized tests.
    struct Rng(u64);

    impl Rng {
        fn next_u64(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }

        /// Uniform-ish in `lo..=hi`.
        fn range(&mut self, lo: i32, hi: i32) -> i32 {
            let span = (hi - lo + 1) as u64;
            lo + (self.next_u64() % span) as i32
        }
    }

    /// A random fuzzy day in `0..=max`, sometimes empty.
    fn random_fuzzy(rng: &mut Rng, max: i32) -> Fuzzy {
        let a = rng.range(0, max);
        let b = rng.range(0, max);
        match rng.next_u64() % 10 {
            0 => Fuzzy::range(a.max(b), a.min(b)), // possibly empty
            1..=4 => Fuzzy::day(a),
            _ => Fuzzy::range(a.min(b), a.max(b)),
        }
    }

    fn random_period(rng: &mut Rng, max: i32) -> Period {
        if rng.next_u64() % 5 == 0 {
            Period::instant(random_fuzzy(rng, max))
        } else {
            Period {
                start: random_fuzzy(rng, max),
                end: random_fuzzy(rng, max),
                same_day: false,
            }
        }
    }

    /// Every (non-empty and empty) fuzzy range within `0..=max`.
    fn all_fuzzies(max: i32) -> Vec<Fuzzy> {
        let mut out = vec![Fuzzy::range(1, 0)];
        for lo in 0..=max {
            for hi in lo..=max {
                out.push(Fuzzy::range(lo, hi));
            }
        }
        out
    }

    /// Every period (plain and single-day) with ends within `0..=max`.
    fn all_periods(max: i32) -> Vec<Period> {
        let fs = all_fuzzies(max);
        let mut out = Vec::new();
        for &s in &fs {
            out.push(Period::instant(s));
            for &e in &fs {
                out.push(Period {
                    start: s,
                    end: e,
                    same_day: false,
                });
            }
        }
        out
    }

    /// All readings `(s, e)` of a period with finite, small bounds.
    fn readings(p: &Period) -> Vec<(i64, i64)> {
        let mut out = Vec::new();
        for s in p.start.earliest..=p.start.latest {
            for e in p.end.earliest..=p.end.latest {
                if s <= e && (!p.same_day || s == e) {
                    out.push((i64::from(s), i64::from(e)));
                }
            }
        }
        out
    }

    /// Whether `rel` holds for concrete inclusive day ranges, straight from
    /// the half-open definitions.
    fn holds(rel: Allen, (s1, e1): (i64, i64), (s2, e2): (i64, i64)) -> bool {
        let (big1, big2) = (e1 + 1, e2 + 1);
        match rel {
            Allen::Before => big1 < s2,
            Allen::Meets => big1 == s2,
            Allen::Overlaps => s1 < s2 && s2 < big1 && big1 < big2,
            Allen::Starts => s1 == s2 && big1 < big2,
            Allen::During => s2 < s1 && big1 < big2,
            Allen::Finishes => s2 < s1 && big1 == big2,
            Allen::Equals => s1 == s2 && big1 == big2,
            other => holds(other.converse(), (s2, e2), (s1, e1)),
        }
    }

    /// Certainty of a predicate over a list of cases, by enumeration.
    fn oracle<T: Copy>(cases: &[T], pred: impl Fn(T) -> bool) -> Certainty {
        let n = cases.iter().filter(|&&c| pred(c)).count();
        if n == 0 {
            Certainty::Never
        } else if n == cases.len() {
            Certainty::Definitely
        } else {
            Certainty::Possibly
        }
    }

    fn pairs_of_readings(a: &Period, b: &Period) -> Vec<((i64, i64), (i64, i64))> {
        let (ra, rb) = (readings(a), readings(b));
        let mut out = Vec::new();
        for &x in &ra {
            for &y in &rb {
                out.push((x, y));
            }
        }
        out
    }

    /// Checks every relation and derived relation of `a`, `b` against
    /// enumeration of all readings.
    fn check_against_oracle(a: &Period, b: &Period) {
        let pairs = pairs_of_readings(a, b);
        let all = allen_all(a, b);
        for rel in Allen::ALL {
            let want = oracle(&pairs, |(x, y)| holds(rel, x, y));
            assert_eq!(allen(a, b, rel), want, "{rel:?} of {a:?} and {b:?}");
            assert_eq!(all[rel.index()], want, "allen_all {rel:?} {a:?} {b:?}");
        }
        let shares = |((s1, e1), (s2, e2)): ((i64, i64), (i64, i64))| s1 <= e2 && s2 <= e1;
        assert_eq!(intersects(a, b), oracle(&pairs, shares), "{a:?} {b:?}");
        assert_eq!(
            disjoint(a, b),
            oracle(&pairs, |p| !shares(p)),
            "{a:?} {b:?}"
        );
        assert_eq!(
            within(a, b),
            oracle(&pairs, |((s1, e1), (s2, e2))| s2 <= s1 && e1 <= e2),
            "{a:?} {b:?}"
        );
        let gaps: Vec<i64> = pairs
            .iter()
            .map(|&((_, e1), (s2, _))| s2 - e1 - 1)
            .collect();
        let want_gap = match (gaps.iter().min(), gaps.iter().max()) {
            (Some(&lo), Some(&hi)) => (lo, hi),
            _ => (1, 0),
        };
        assert_eq!(gap_days(a, b), want_gap, "gap of {a:?} and {b:?}");
    }

    #[test]
    fn textbook_examples_hold_definitely() {
        let p = Period::days;
        let cases = [
            (p(0, 2), p(4, 6), Allen::Before),
            (p(0, 2), p(3, 6), Allen::Meets),
            (p(0, 3), p(2, 6), Allen::Overlaps),
            (p(0, 2), p(0, 6), Allen::Starts),
            (p(2, 3), p(0, 6), Allen::During),
            (p(4, 6), p(0, 6), Allen::Finishes),
            (p(1, 5), p(1, 5), Allen::Equals),
            (p(0, 6), p(4, 6), Allen::FinishedBy),
            (p(0, 6), p(2, 3), Allen::Contains),
            (p(0, 6), p(0, 2), Allen::StartedBy),
            (p(2, 6), p(0, 3), Allen::OverlappedBy),
            (p(3, 6), p(0, 2), Allen::MetBy),
            (p(4, 6), p(0, 2), Allen::After),
        ];
        for (a, b, rel) in cases {
            assert_eq!(allen(&a, &b, rel), Certainty::Definitely, "{rel:?}");
            for other in Allen::ALL {
                if other != rel {
                    assert_eq!(allen(&a, &b, other), Certainty::Never, "{rel:?}/{other:?}");
                }
            }
        }
        // Every relation is covered once.
        let mut seen: Vec<Allen> = cases.iter().map(|c| c.2).collect();
        seen.sort();
        assert_eq!(seen, Allen::ALL.to_vec());
    }

    #[test]
    fn precise_periods_have_exactly_one_relation() {
        let mut periods = Vec::new();
        for s in 0..8 {
            for e in s..8 {
                periods.push(Period::days(s, e));
            }
        }
        for a in &periods {
            for b in &periods {
                let all = allen_all(a, b);
                let definite = all.iter().filter(|&&c| c == Certainty::Definitely).count();
                let never = all.iter().filter(|&&c| c == Certainty::Never).count();
                assert_eq!((definite, never), (1, 12), "{a:?} {b:?}: {all:?}");
                let rel = Allen::ALL[all
                    .iter()
                    .position(|&c| c == Certainty::Definitely)
                    .unwrap()];
                let (x, y) = (
                    (a.start.earliest, a.end.earliest),
                    (b.start.earliest, b.end.earliest),
                );
                let widen = |(s, e): (i32, i32)| (i64::from(s), i64::from(e));
                assert!(holds(rel, widen(x), widen(y)));
            }
        }
    }

    #[test]
    fn converses_agree() {
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        for _ in 0..3000 {
            let a = random_period(&mut rng, 9);
            let b = random_period(&mut rng, 9);
            for rel in Allen::ALL {
                assert_eq!(
                    allen(&a, &b, rel),
                    allen(&b, &a, rel.converse()),
                    "{a:?} {b:?} {rel:?}"
                );
            }
        }
        // Also with real dates and open ends.
        let ps = [
            Period::new(year(2022), Fuzzy::day(d(2025, 12, 31))),
            Period::new(year(2025), year(2026)),
            Period::unknown_end(year(2018)),
            Period::open_start(month(2020, 3)),
            Period::open_end(Fuzzy::day(d(2024, 1, 1))),
            Period::instant(year(2025)),
        ];
        for a in &ps {
            for b in &ps {
                for rel in Allen::ALL {
                    assert_eq!(allen(a, b, rel), allen(b, a, rel.converse()));
                }
            }
        }
    }

    #[test]
    fn converse_and_names() {
        for rel in Allen::ALL {
            assert_eq!(rel.converse().converse(), rel);
            assert_eq!(Allen::from_name(rel.name()), Some(rel));
            assert_eq!(Allen::ALL[rel.index()], rel);
            assert_eq!(rel.to_string(), rel.name());
        }
        assert_eq!(Allen::Equals.converse(), Allen::Equals);
        assert_eq!(Allen::from_name("Finished_By"), Some(Allen::FinishedBy));
        assert_eq!(Allen::from_name(" met by "), Some(Allen::MetBy));
        assert_eq!(Allen::from_name("beside"), None);
        assert_eq!(Allen::Before.name(), "before");
        assert_eq!(Allen::OverlappedBy.name(), "overlapped-by");
    }

    #[test]
    fn brute_force_oracle_exhaustive_small() {
        // Every pair of periods with ends in 0..=3, including empty ranges
        // and single days of unknown date.
        let periods = all_periods(3);
        for a in &periods {
            for b in &periods {
                check_against_oracle(a, b);
            }
        }
    }

    #[test]
    fn brute_force_oracle_random() {
        let mut rng = Rng(0x2545_f491_4f6c_dd1d);
        for _ in 0..6000 {
            let a = random_period(&mut rng, 7);
            let b = random_period(&mut rng, 7);
            check_against_oracle(&a, &b);
        }
    }

    #[test]
    fn brute_force_lengths_and_possibility() {
        for p in all_periods(6) {
            let rs = readings(&p);
            assert_eq!(p.is_possible(), !rs.is_empty(), "{p:?}");
            let lens: Vec<i64> = rs.iter().map(|&(s, e)| e - s + 1).collect();
            let want = match (lens.iter().min(), lens.iter().max()) {
                (Some(&lo), Some(&hi)) => (lo as u32, Some(hi as u32)),
                _ => (0, Some(0)),
            };
            assert_eq!(p.length_days(), want, "{p:?}");
            for days in 0..9u32 {
                let w = oracle(&lens, |l| l == i64::from(days));
                assert_eq!(length_is(&p, days), w, "{p:?} {days}");
            }
        }
    }

    #[test]
    fn allen_set_matches_derived_relations() {
        use Allen::*;
        let mut rng = Rng(0xdead_beef_cafe_f00d);
        for _ in 0..1500 {
            let a = random_period(&mut rng, 7);
            let b = random_period(&mut rng, 7);
            assert_eq!(
                disjoint(&a, &b),
                allen_set(&a, &b, &[Before, Meets, MetBy, After])
            );
            assert_eq!(
                intersects(&a, &b),
                allen_set(
                    &a,
                    &b,
                    &[
                        Overlaps,
                        Starts,
                        During,
                        Finishes,
                        Equals,
                        FinishedBy,
                        Contains,
                        StartedBy,
                        OverlappedBy
                    ]
                )
            );
            assert_eq!(
                within(&a, &b),
                allen_set(&a, &b, &[Starts, During, Finishes, Equals])
            );
            assert_eq!(allen_set(&a, &b, &[Equals]), allen(&a, &b, Equals));
            let any = if a.is_possible() && b.is_possible() {
                Certainty::Definitely
            } else {
                Certainty::Never
            };
            assert_eq!(allen_set(&a, &b, &Allen::ALL), any);
            assert_eq!(allen_set(&a, &b, &[]), Certainty::Never);
        }
    }

    #[test]
    fn conjuncts_are_not_checked_separately() {
        // One unknown day in 0..=9 vs day 5: "day 5 during it" needs the day's
        // start before 5 and its end after 5. Each conjunct is satisfiable on
        // its own, but not jointly since start and end are the same day.
        let a = Period::instant(Fuzzy::range(0, 9));
        let b = Period::days(5, 5);
        assert_eq!(allen(&b, &a, Allen::During), Certainty::Never);
        assert_eq!(allen(&a, &b, Allen::Contains), Certainty::Never);
        assert_eq!(allen(&a, &b, Allen::Equals), Certainty::Possibly);
        // Without the single-day flag a period from 0..=9 to 0..=9 can
        // contain day 5.
        let c = Period::new(Fuzzy::range(0, 9), Fuzzy::range(0, 9));
        assert_eq!(allen(&c, &b, Allen::Contains), Certainty::Possibly);
    }

    #[test]
    fn impossible_periods_are_never_anything() {
        let reversed = Period::days(5, 3);
        assert!(reversed.is_reversed());
        assert!(!reversed.is_possible());
        let ok = Period::days(0, 9);
        assert_eq!(allen_all(&reversed, &ok), [Certainty::Never; 13]);
        assert_eq!(allen_all(&ok, &reversed), [Certainty::Never; 13]);
        assert_eq!(intersects(&ok, &reversed), Certainty::Never);
        assert_eq!(disjoint(&ok, &reversed), Certainty::Never);
        assert_eq!(within(&reversed, &ok), Certainty::Never);
        assert_eq!(gap_days(&ok, &reversed), (1, 0));
        assert_eq!(reversed.length_days(), (0, Some(0)));
        assert_eq!(length_is(&reversed, 1), Certainty::Never);
        // An instant whose two (hand-built) ends cannot coincide.
        let split = Period {
            start: Fuzzy::range(0, 2),
            end: Fuzzy::range(3, 5),
            same_day: true,
        };
        assert!(!split.is_possible());
        assert!(!split.is_reversed());
        assert_eq!(allen_all(&split, &ok), [Certainty::Never; 13]);
        // Not reversed for sure, but possible only in some readings.
        let maybe = Period::new(Fuzzy::range(0, 5), Fuzzy::range(3, 4));
        assert!(maybe.is_possible() && !maybe.is_reversed());
    }

    #[test]
    fn month_and_year_precision() {
        // Plan "2022 .. end of 2025" vs plan "2025 .. 2026".
        let a = Period::new(year(2022), Fuzzy::day(d(2025, 12, 31)));
        let b = Period::new(year(2025), year(2026));
        // a starts in 2022 (before b), b starts by 2025-12-31 (so not after
        // a's end) and ends in 2026 (after a's end) in every reading.
        assert_eq!(allen(&a, &b, Allen::Overlaps), Certainty::Definitely);
        assert_eq!(allen(&a, &b, Allen::Before), Certainty::Never);
        assert_eq!(allen(&a, &b, Allen::Meets), Certainty::Never);
        assert_eq!(allen(&a, &b, Allen::After), Certainty::Never);
        assert_eq!(intersects(&a, &b), Certainty::Definitely);
        // b may start on 2025-01-01 and a on 2022-xx: a starts first for sure.
        assert_eq!(allen(&a, &b, Allen::Starts), Certainty::Never);
        assert_eq!(allen(&a, &b, Allen::During), Certainty::Never);
        // With only the year of a's end known ("2022 .. 2025") a may end
        // before b starts, meet it, or overlap it.
        let a_year = Period::new(year(2022), year(2025));
        assert_eq!(allen(&a_year, &b, Allen::Overlaps), Certainty::Possibly);
        assert_eq!(allen(&a_year, &b, Allen::Before), Certainty::Possibly);
        assert_eq!(allen(&a_year, &b, Allen::Meets), Certainty::Possibly);
        assert_eq!(allen(&a_year, &b, Allen::FinishedBy), Certainty::Never);
        assert_eq!(intersects(&a_year, &b), Certainty::Possibly);

        // "Since 2018" (end unknown) vs the year 2022.
        let since = Period::unknown_end(year(2018));
        let y2022 = Period::new(year(2022), year(2022));
        assert_eq!(allen(&since, &y2022, Allen::Contains), Certainty::Possibly);
        assert_eq!(allen(&since, &y2022, Allen::Before), Certainty::Possibly);
        assert_eq!(allen(&since, &y2022, Allen::Overlaps), Certainty::Possibly);
        assert_eq!(allen(&since, &y2022, Allen::After), Certainty::Never);
        assert_eq!(intersects(&since, &y2022), Certainty::Possibly);

        // One unknown day in 2025 vs 2025-06-01.
        let y2025 = Period::instant(year(2025));
        let june1 = Period::instant(Fuzzy::day(d(2025, 6, 1)));
        assert_eq!(allen(&y2025, &june1, Allen::Equals), Certainty::Possibly);
        assert_eq!(allen(&y2025, &june1, Allen::Before), Certainty::Possibly);
        assert_eq!(allen(&y2025, &june1, Allen::Contains), Certainty::Never);
        assert_eq!(within(&y2025, &june1), Certainty::Possibly);
        // A single unknown day can never equal a two-day period.
        let two = Period::days(d(2025, 6, 1), d(2025, 6, 2));
        assert_eq!(allen(&y2025, &two, Allen::Equals), Certainty::Never);
        assert_eq!(allen(&y2025, &two, Allen::Starts), Certainty::Possibly);
        let loose = Period::new(year(2025), year(2025));
        assert_eq!(allen(&loose, &two, Allen::Equals), Certainty::Possibly);

        // Month precision: March 2024 vs a period in March 2024.
        let march = Period::instant(month(2024, 3));
        let mid = Period::days(d(2024, 3, 10), d(2024, 3, 20));
        assert_eq!(allen(&march, &mid, Allen::During), Certainty::Possibly);
        // A run of days inside March need not contain the unknown day.
        assert_eq!(
            within(&march, &Period::new(month(2024, 3), month(2024, 3))),
            Certainty::Possibly
        );
        assert_eq!(
            within(&march, &Period::days(d(2024, 3, 1), d(2024, 3, 31))),
            Certainty::Definitely
        );
        // March 2024 vs all of Q1 2024: definitely within, never equal.
        let q1 = Period::days(d(2024, 1, 1), d(2024, 3, 31));
        assert_eq!(within(&march, &q1), Certainty::Definitely);
        assert_eq!(allen(&march, &q1, Allen::Equals), Certainty::Never);
        // The month of February 2024 is before April 2024.
        let feb = Period::new(month(2024, 2), month(2024, 2));
        let apr = Period::new(month(2024, 4), month(2024, 4));
        assert_eq!(allen(&feb, &apr, Allen::Before), Certainty::Definitely);
        // February then March: meets is possible, before too, overlap never.
        let mar = Period::new(month(2024, 3), month(2024, 3));
        assert_eq!(allen(&feb, &mar, Allen::Meets), Certainty::Possibly);
        assert_eq!(allen(&feb, &mar, Allen::Before), Certainty::Possibly);
        assert_eq!(disjoint(&feb, &mar), Certainty::Definitely);
    }

    #[test]
    fn precision_and_display() {
        assert_eq!(Fuzzy::day(d(2024, 6, 26)).precision(), Some(Precision::Day));
        assert_eq!(month(2024, 6).precision(), Some(Precision::Month));
        assert_eq!(year(2024).precision(), Some(Precision::Year));
        assert_eq!(month(2024, 12).precision(), Some(Precision::Month));
        assert_eq!(month(2024, 1).precision(), Some(Precision::Month));
        let half = Fuzzy::range(d(2024, 6, 1), d(2024, 6, 15));
        assert_eq!(half.precision(), None);
        assert_eq!(
            Fuzzy::range(d(2024, 1, 1), d(2025, 12, 31)).precision(),
            None
        );
        assert_eq!(Fuzzy::OPEN_PAST.precision(), None);

        assert_eq!(Fuzzy::day(d(2024, 6, 26)).to_string(), "2024-06-26");
        assert_eq!(month(2024, 6).to_string(), "2024-06");
        assert_eq!(year(2024).to_string(), "2024");
        assert_eq!(half.to_string(), "2024-06-01..2024-06-15");
        assert_eq!(Fuzzy::OPEN_PAST.to_string(), "open");
        assert_eq!(Fuzzy::OPEN_FUTURE.to_string(), "open");
        assert_eq!(
            Fuzzy::range(d(2018, 1, 1), POS_INF).to_string(),
            "2018-01-01 or after"
        );
        assert_eq!(Fuzzy::range(NEG_INF, POS_INF).to_string(), "unknown");
        assert!(Fuzzy::range(d(2018, 1, 1), POS_INF).is_unbounded());
        assert!(!year(2018).is_unbounded());
        assert!(Fuzzy::day(5).is_precise() && !year(2018).is_precise());
        assert!(Fuzzy::range(3, 2).is_empty());
        assert!(year(2024).contains(d(2024, 7, 1)) && !year(2024).contains(d(2025, 1, 1)));

        assert_eq!(Period::instant(year(2025)).to_string(), "2025");
        assert_eq!(
            Period::new(year(2022), Fuzzy::day(d(2025, 12, 31))).to_string(),
            "2022 to 2025-12-31"
        );
        assert_eq!(
            Period::open_end(month(2020, 2)).to_string(),
            "from 2020-02 on"
        );
        assert_eq!(Certainty::Possibly.to_string(), "possibly");
        assert!(
            Certainty::Never < Certainty::Possibly && Certainty::Possibly < Certainty::Definitely
        );
        assert_eq!(Certainty::Never.negate(), Certainty::Definitely);
        assert_eq!(Certainty::Possibly.negate(), Certainty::Possibly);

        assert_eq!(format_day(0), "1970-01-01");
        assert_eq!(format_day(-1), "1969-12-31");
        assert_eq!(format_day(NEG_INF), "-inf");
        assert_eq!(format_day(POS_INF), "+inf");
        assert_eq!(format_day(i32::MIN), "-inf");
        assert_eq!(format_day(i32::MAX), "+inf");
        assert_eq!(format_day(d(-44, 3, 15)), "-0044-03-15");
        assert_eq!(format_day(d(12000, 1, 1)), "+12000-01-01");
        assert_eq!(format_day(d(5, 1, 1)), "0005-01-01");
    }

    #[test]
    fn leap_years() {
        assert!(day_from_ymd(2024, 2, 29).is_some());
        assert!(day_from_ymd(2025, 2, 29).is_none());
        assert!(day_from_ymd(1900, 2, 29).is_none());
        assert!(day_from_ymd(2000, 2, 29).is_some());
        assert!(day_from_ymd(2025, 2, 30).is_none());
        assert!(day_from_ymd(2025, 4, 31).is_none());
        assert!(day_from_ymd(2025, 13, 1).is_none());
        assert!(day_from_ymd(2025, 0, 1).is_none());
        assert!(day_from_ymd(2025, 1, 0).is_none());
        assert_eq!(days_in_month(2024, 2), 29);
        assert_eq!(days_in_month(2025, 2), 28);
        assert_eq!(days_in_month(1900, 2), 28);
        assert_eq!(days_in_month(2000, 2), 29);
        assert_eq!(days_in_month(2025, 13), 0);
        let feb = month(2024, 2);
        assert_eq!(feb.latest - feb.earliest + 1, 29);
        assert_eq!(Period::new(feb, feb).length_days(), (1, Some(29)));
        assert_eq!(month(2025, 2).latest - month(2025, 2).earliest + 1, 28);
        let y2024 = year(2024);
        assert_eq!(y2024.latest - y2024.earliest + 1, 366);
        let y2025 = year(2025);
        assert_eq!(y2025.latest - y2025.earliest + 1, 365);
        assert_eq!(d(2024, 3, 1) - d(2024, 2, 28), 2);
        assert_eq!(d(2025, 3, 1) - d(2025, 2, 28), 1);
        assert!(Fuzzy::month(2024, 13).is_none());
    }

    #[test]
    fn year_boundaries() {
        let a = Period::days(d(2025, 1, 1), d(2025, 12, 31));
        let b = Period::days(d(2026, 1, 1), d(2026, 12, 31));
        assert_eq!(allen(&a, &b, Allen::Meets), Certainty::Definitely);
        assert_eq!(allen(&b, &a, Allen::MetBy), Certainty::Definitely);
        assert_eq!(disjoint(&a, &b), Certainty::Definitely);
        assert_eq!(gap_days(&a, &b), (0, 0));
        let c = Period::days(d(2026, 1, 2), d(2026, 3, 1));
        assert_eq!(allen(&a, &c, Allen::Before), Certainty::Definitely);
        assert_eq!(allen(&a, &c, Allen::Meets), Certainty::Never);
        assert_eq!(gap_days(&a, &c), (1, 1));
        // The years 2025 and 2026 as a whole, as single days of each year.
        let y25 = Period::new(year(2025), year(2025));
        let y26 = Period::new(year(2026), year(2026));
        assert_eq!(allen(&y25, &y26, Allen::Meets), Certainty::Possibly);
        assert_eq!(disjoint(&y25, &y26), Certainty::Definitely);
        assert_eq!(d(2026, 1, 1) - d(2025, 12, 31), 1);
        assert_eq!(ymd(d(2025, 12, 31) + 1), (2026, 1, 1));
    }

    #[test]
    fn open_ranges() {
        let since = Period::unknown_end(year(2018));
        let later = Period::days(d(2023, 5, 1), d(2023, 5, 31));
        assert_eq!(allen(&since, &later, Allen::Contains), Certainty::Possibly);
        assert_eq!(allen(&since, &later, Allen::Overlaps), Certainty::Possibly);
        assert_eq!(allen(&since, &later, Allen::Before), Certainty::Possibly);
        assert_eq!(allen(&since, &later, Allen::Meets), Certainty::Possibly);
        assert_eq!(allen(&since, &later, Allen::After), Certainty::Never);
        let (min, max) = since.length_days();
        assert_eq!(min, 1);
        assert_eq!(max, None);
        assert_eq!(length_is(&since, 10), Certainty::Possibly);

        // Never ends: definitely contains anything that starts later.
        let forever = Period::open_end(Fuzzy::day(d(2018, 1, 1)));
        assert_eq!(
            allen(&forever, &later, Allen::Contains),
            Certainty::Definitely
        );
        assert_eq!(forever.length_days(), (u32::MAX, None));
        assert_eq!(length_is(&forever, 100), Certainty::Never);
        assert_eq!(intersects(&forever, &later), Certainty::Definitely);

        // Unbounded start.
        let until = Period::open_start(Fuzzy::day(d(2000, 1, 1)));
        assert_eq!(allen(&until, &later, Allen::Before), Certainty::Definitely);
        assert_eq!(allen(&later, &until, Allen::After), Certainty::Definitely);
        assert_eq!(
            allen(&until, &forever, Allen::Before),
            Certainty::Definitely
        );
        assert_eq!(until.length_days(), (u32::MAX, None));
        let until_later = Period::open_start(Fuzzy::day(d(2010, 1, 1)));
        assert_eq!(
            allen(&until, &until_later, Allen::Starts),
            Certainty::Definitely
        );
        let everything = Period::new(Fuzzy::OPEN_PAST, Fuzzy::OPEN_FUTURE);
        assert_eq!(
            allen(&everything, &everything, Allen::Equals),
            Certainty::Definitely
        );
        assert_eq!(
            allen(&later, &everything, Allen::During),
            Certainty::Definitely
        );
        assert_eq!(
            allen(&until, &everything, Allen::Starts),
            Certainty::Definitely
        );
        assert_eq!(
            allen(&forever, &everything, Allen::Finishes),
            Certainty::Definitely
        );
        // A start that may or may not be open.
        let vague = Period::new(
            Fuzzy::range(NEG_INF, d(2000, 1, 1)),
            Fuzzy::day(d(2001, 1, 1)),
        );
        assert_eq!(
            allen(&vague, &until_later, Allen::Starts),
            Certainty::Possibly
        );
        assert_eq!(vague.length_days(), (367, None));
        assert_eq!(length_is(&vague, 367), Certainty::Possibly);

        // Extremes and out-of-range values do not overflow.
        let wild = Period::new(
            Fuzzy::range(i32::MIN, i32::MAX),
            Fuzzy::range(i32::MIN, i32::MAX),
        );
        let all = allen_all(&wild, &wild);
        assert!(all.iter().all(|&c| c == Certainty::Possibly));
        let (lo, hi) = gap_days(&wild, &wild);
        assert!(lo < 0 && hi > 0);
        assert_eq!(wild.length_days(), (1, None));
        assert_eq!(
            gap_days(&until, &forever).0,
            i64::from(d(2018, 1, 1) - d(2000, 1, 1) - 1)
        );
        let (_, huge) = gap_days(&everything, &everything);
        assert_eq!(huge, i64::from(NEG_INF) - i64::from(POS_INF) - 1);
        assert_eq!(weekday_is(Fuzzy::OPEN_PAST, Weekday::Mon), Certainty::Never);
        assert_eq!(
            weekday_is(Fuzzy::range(NEG_INF, POS_INF), Weekday::Mon),
            Certainty::Possibly
        );
    }

    #[test]
    fn weekdays() {
        assert_eq!(weekday(0), Weekday::Thu);
        assert_eq!(weekday(-1), Weekday::Wed);
        assert_eq!(weekday(d(2024, 6, 26)), Weekday::Wed);
        assert_eq!(weekday(d(2024, 6, 29)), Weekday::Sat);
        assert_eq!(weekday(d(2000, 1, 1)), Weekday::Sat);
        assert_eq!(weekday(NEG_INF), weekday(NEG_INF)); // no panic
        assert_eq!(
            weekday_is(Fuzzy::day(d(2024, 6, 26)), Weekday::Wed),
            Certainty::Definitely
        );
        assert_eq!(
            weekday_is(Fuzzy::day(d(2024, 6, 26)), Weekday::Thu),
            Certainty::Never
        );
        assert_eq!(
            weekday_is(Fuzzy::day(d(2024, 6, 29)), Weekday::Sat),
            Certainty::Definitely
        );
        assert_eq!(weekday_is(year(2024), Weekday::Wed), Certainty::Possibly);
        // June 26 of an unknown year in 2020..2030, as a range of days.
        let range = Fuzzy::range(d(2020, 6, 26), d(2030, 6, 26));
        assert_eq!(weekday_is(range, Weekday::Wed), Certainty::Possibly);
        // The weekend 2024-06-29..30 is never a Wednesday.
        let weekend = Fuzzy::range(d(2024, 6, 29), d(2024, 6, 30));
        assert_eq!(weekday_is(weekend, Weekday::Wed), Certainty::Never);
        assert_eq!(weekday_is(weekend, Weekday::Sun), Certainty::Possibly);
        assert_eq!(
            weekday_is(Fuzzy::range(3, 2), Weekday::Sun),
            Certainty::Never
        );
        // Cross-check with the calendar library.
        let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1).unwrap();
        for day in -5000..5000 {
            let date = epoch + chrono::Duration::days(i64::from(day));
            use chrono::Datelike;
            assert_eq!(weekday(day), date.weekday());
        }
    }

    #[test]
    fn lengths() {
        let june = Period::days(d(2024, 6, 26), d(2024, 6, 28));
        assert_eq!(june.length_days(), (3, Some(3)));
        assert_eq!(length_is(&june, 3), Certainty::Definitely);
        assert_eq!(length_is(&june, 2), Certainty::Never);
        assert_eq!(length_is(&june, 0), Certainty::Never);
        let one = Period::instant(year(2024));
        assert_eq!(one.length_days(), (1, Some(1)));
        assert_eq!(length_is(&one, 1), Certainty::Definitely);
        assert_eq!(length_is(&one, 2), Certainty::Never);
        // From some day in 2022 to some day in 2025.
        let years = Period::new(year(2022), year(2025));
        let min = d(2025, 1, 1) - d(2022, 12, 31) + 1;
        let max = d(2025, 12, 31) - d(2022, 1, 1) + 1;
        assert_eq!(years.length_days(), (min as u32, Some(max as u32)));
        assert_eq!(length_is(&years, 1000), Certainty::Possibly);
        assert_eq!(length_is(&years, 1), Certainty::Never);
        assert_eq!(length_is(&years, min as u32), Certainty::Possibly);
        assert_eq!(length_is(&years, max as u32 + 1), Certainty::Never);
        // The same year at both ends: from one day to the whole year.
        let y = Period::new(year(2024), year(2024));
        assert_eq!(y.length_days(), (1, Some(366)));
        assert_eq!(length_is(&y, 366), Certainty::Possibly);
        assert_eq!(length_is(&y, 367), Certainty::Never);
    }

    #[test]
    fn gaps() {
        let a = Period::days(10, 12);
        assert_eq!(gap_days(&a, &Period::days(13, 20)), (0, 0)); // meets
        assert_eq!(gap_days(&a, &Period::days(15, 20)), (2, 2)); // 13, 14 between
        assert_eq!(gap_days(&a, &Period::days(12, 20)), (-1, -1)); // shares day 12
        assert_eq!(gap_days(&a, &Period::days(10, 20)), (-3, -3));
        assert_eq!(gap_days(&Period::days(15, 20), &a), (-11, -11));
        // A year-precise end and a month-precise start.
        let plan = Period::new(Fuzzy::day(d(2020, 1, 1)), year(2024));
        let next = Period::new(month(2025, 3), year(2026));
        let want = (
            i64::from(d(2025, 3, 1) - d(2024, 12, 31) - 1),
            i64::from(d(2025, 3, 31) - d(2024, 1, 1) - 1),
        );
        assert_eq!(gap_days(&plan, &next), want);
    }

    #[test]
    fn calendar_round_trip() {
        // 1900..=2100 against chrono: `calendar::tests::days_agree_with_chrono`.
        assert_eq!(day_from_ymd(1970, 1, 1), Some(0));
        assert_eq!(day_from_ymd(2000, 3, 1), Some(11_017));
        // Consecutive days across a long span, including negative years.
        let start = d(-1000, 1, 1);
        let mut prev = ymd(start - 1);
        for day in start..start + 800_000 {
            let cur = ymd(day);
            assert_eq!(day_from_ymd(cur.0, cur.1, cur.2), Some(day));
            assert!(cur > prev);
            prev = cur;
        }
        // Negative years and extremes never panic.
        assert_eq!(ymd(d(-1, 12, 31) + 1), (0, 1, 1));
        assert!(day_from_ymd(0, 2, 29).is_some()); // year 0 is a leap year
        assert!(day_from_ymd(-4, 2, 29).is_some());
        assert!(day_from_ymd(-100, 2, 29).is_none());
        for y in [i32::MIN, -5_000_000, -1, 0, 1, 5_000_000, i32::MAX] {
            let _ = day_from_ymd(y, 2, 29);
            let _ = day_from_ymd(y, 12, 31);
            let _ = Fuzzy::year(y);
            let _ = Fuzzy::month(y, 6);
        }
        assert!(day_from_ymd(i32::MAX, 1, 1).is_none());
        assert!(day_from_ymd(i32::MIN, 1, 1).is_none());
        for day in [i32::MIN, NEG_INF, -1, 0, 1, POS_INF, i32::MAX] {
            let (y, m, dd) = ymd(day);
            assert!((1..=12).contains(&m) && (1..=31).contains(&dd));
            let _ = (y, weekday(day), format_day(day));
        }
        let (y, m, dd) = ymd(NEG_INF + 1);
        assert_eq!(day_from_ymd(y, m, dd), Some(NEG_INF + 1));
        let (y, m, dd) = ymd(POS_INF - 1);
        assert_eq!(day_from_ymd(y, m, dd), Some(POS_INF - 1));
        assert_eq!(
            day_from_ymd(ymd(NEG_INF).0, ymd(NEG_INF).1, ymd(NEG_INF).2),
            None
        );
    }
}
