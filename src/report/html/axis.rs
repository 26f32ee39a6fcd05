//! The time axis of a timeline: years (or months on a short span) with their ticks and
//! labels, and the width of one day.

use super::*;

pub(super) fn finite(d: Day) -> bool {
    d > NEG_INF && d < POS_INF
}

pub(super) fn year_text(y: i32) -> String {
    if (0..=9999).contains(&y) {
        format!("{y:04}")
    } else {
        y.to_string()
    }
}

pub(super) struct Tick {
    pub(super) day: Day,
    /// A boundary drawn across every row (years, or months on a short axis).
    pub(super) major: bool,
    pub(super) label: Option<String>,
    /// A label on the upper line (years, or months on a short axis).
    pub(super) upper: bool,
    /// The label is centred between `day` and this day (a year, a month), else placed at
    /// `day`.
    pub(super) until: Option<Day>,
}

impl Tick {
    pub(super) fn line(day: Day, major: bool) -> Tick {
        Tick {
            day,
            major,
            label: None,
            upper: false,
            until: None,
        }
    }
    pub(super) fn label(day: Day, label: String, upper: bool, until: Option<Day>) -> Tick {
        Tick {
            day,
            major: false,
            label: Some(label),
            upper,
            until,
        }
    }
}

pub(super) struct Axis {
    /// First day shown.
    pub(super) a0: Day,
    /// First day after the axis.
    pub(super) a1: Day,
    pub(super) ticks: Vec<Tick>,
}

impl Axis {
    /// An axis over the days `lo..=hi`: whole months for a short span (day ticks), whole
    /// years otherwise (month ticks when there is room).
    pub(super) fn new(lo: Day, hi: Day) -> Axis {
        let (y0, m0, _) = calendar::ymd(lo);
        let (y1, m1, _) = calendar::ymd(hi);
        let first_of = |y: i32, m: u32| calendar::day_from_ymd(y, m, 1).unwrap_or(lo);
        let next_month = |y: i32, m: u32| if m == 12 { (y + 1, 1) } else { (y, m + 1) };
        let mut ticks = Vec::new();
        if i64::from(hi) - i64::from(lo) <= 92 {
            let a0 = first_of(y0, m0);
            let (ny, nm) = next_month(y1, m1);
            let a1 = first_of(ny, nm);
            let (mut y, mut m) = (y0, m0);
            loop {
                let d = first_of(y, m);
                if d >= a1 {
                    break;
                }
                let (ny, nm) = next_month(y, m);
                ticks.push(Tick::line(d, true));
                ticks.push(Tick::label(
                    d,
                    format!("{} {}", MONTHS[m as usize - 1], year_text(y)),
                    true,
                    Some(first_of(ny, nm)),
                ));
                for day in 2..=calendar::days_in_month(y, m) {
                    if let Some(d) = calendar::day_from_ymd(y, m, day) {
                        ticks.push(Tick::line(d, false));
                        if [1, 8, 15, 22, 29].contains(&day) {
                            ticks.push(Tick::label(d, day.to_string(), false, Some(d + 1)));
                        }
                    }
                }
                ticks.push(Tick::label(d, "1".to_owned(), false, Some(d + 1)));
                (y, m) = (ny, nm);
            }
            ticks.push(Tick::line(a1, true));
            return Axis { a0, a1, ticks };
        }
        let a0 = first_of(y0, 1);
        let a1 = first_of(y1 + 1, 1);
        let years = (y1 - y0 + 1).max(1);
        let per_year = PLOT_W / f64::from(years);
        let step = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 10_000, 100_000]
            .into_iter()
            .find(|s| f64::from(*s) * per_year >= 48.0)
            .unwrap_or(1_000_000);
        if per_year >= 6.0 {
            for y in y0..=y1 + 1 {
                ticks.push(Tick::line(first_of(y, 1), true));
            }
        }
        let mut y = y0.div_euclid(step) * step;
        if y < y0 {
            y += step;
        }
        while y <= y1 {
            let until = (step == 1).then(|| first_of(y + 1, 1));
            if per_year < 6.0 {
                ticks.push(Tick::line(first_of(y, 1), true));
            }
            ticks.push(Tick::label(first_of(y, 1), year_text(y), true, until));
            y += step;
        }
        let per_month = per_year / 12.0;
        if per_month >= 3.5 {
            for y in y0..=y1 {
                for m in 1..=12 {
                    let (ny, nm) = next_month(y, m);
                    if m > 1 {
                        ticks.push(Tick::line(first_of(y, m), false));
                    }
                    let name = MONTHS[m as usize - 1];
                    let label = if per_month >= 30.0 {
                        &name[..3]
                    } else if per_month >= 12.0 {
                        &name[..1]
                    } else {
                        continue;
                    };
                    ticks.push(Tick::label(
                        first_of(y, m),
                        label.to_owned(),
                        false,
                        Some(first_of(ny, nm)),
                    ));
                }
            }
        }
        Axis { a0, a1, ticks }
    }

    pub(super) fn clamp(&self, d: Day) -> Day {
        d.clamp(self.a0, self.a1)
    }

    /// The x of the start of day `d` (clamped to the axis).
    pub(super) fn x(&self, d: Day) -> f64 {
        let d = self.clamp(d);
        PLOT_X + f64::from(d - self.a0) / f64::from((self.a1 - self.a0).max(1)) * PLOT_W
    }
}

/// One day's width on an axis.
pub(super) fn span(axis: &Axis) -> f64 {
    PLOT_W / f64::from((axis.a1 - axis.a0).max(1))
}
