//! The `html` format: one self-contained page for an editor — a summary, a timeline per
//! story and a table of findings.
//!
//! - **Stories** are reports joined by the event labels their claims share (or name in
//!   `extends` / `during`) and by the findings about claims of both, so every claim about
//!   one real-world event, and both sides of every finding, are on one timeline.
//! - **Timelines** are SVG built here as text. Each claim with a resolved date gets a bar in
//!   the row of its event label and its origin outlet (one row per origin per label), on an
//!   axis spanning the bounded dates of the story. Imprecision is drawn, never hidden: an
//!   imprecise start or end fades across every day it may be (a year-precision start fades
//!   over that year), an open or unknown end runs to the edge of the axis with an arrow, and
//!   a date read on a borrowed anchor has a dashed outline. Arrival and signing days are thin
//!   marks. Claims whose date is unresolved are listed beside the timeline, not placed; when
//!   their month and day are written (`26 to 28 June`) but no year can be known, they are
//!   also drawn on a separate month-and-day strip that says so.
//! - **Findings** are drawn where they occur, chosen from the rule's condition (never from
//!   its id): an overlap of two dates (`intersects`, Allen relations that share days) as a
//!   hatched band over the span they may share, a gap (`before`, `after`, `disjoint`) as a
//!   band between them, a date outside its window (`within`) as the window outlined with a
//!   cross on the date, a weekday check as a marker on the day, a length check as an outline
//!   of the bar. Every finding touching a row also gets a numbered pin. All of them link to
//!   the finding's row in the table below, which gives the claims (`file:line`), origins,
//!   relays, dates, certainty and severity.
//!
//! Everything taken from articles — names, titles, claim text, messages, paths — goes
//! through [`escape`]; no attribute value is ever built from it except through `escape`, no
//! link leaves the page (`href` is always `#…`), and nothing is loaded from anywhere. The
//! inline script is optional: it highlights a finding's marks on hover and marks the body
//! `data-ok="1"` (errors go to `data-errors`) so a browser test can tell it ran. Output is
//! deterministic: numbers are printed with fixed precision and nothing is iterated in hash
//! order.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use super::{diagnostic_place, place, Emitter, Run};
use crate::calendar::{self, Day, NEG_INF, POS_INF};
use crate::engine::Finding;
use crate::model::time::{Allen, Period};
use crate::model::{AnchorKind, Claim, ClaimId, Corpus, OutletId, ReportId, Value, When};
use crate::rules::expr::{Expr, ExprKind, Func};
use crate::rules::{fields, Category, Level, Sureness};
use crate::syntax::ClaimKind;

pub struct Html;

/// Escapes text for HTML element content and for double- or single-quoted attribute
/// values: `& < > " '` become references, control characters (other than tab and line
/// breaks) become U+FFFD.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' => out.push(c),
            '\r' => out.push('\n'),
            c if c.is_control() => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// The inline script: optional (the page works without it). It highlights every mark of a
/// finding while one of them is hovered, and records that it ran (`data-ok`) or what went
/// wrong (`data-errors`) on the body, for the browser test.
pub const SCRIPT: &str = r#"(function () {
  var body = document.body, errors = [];
  function fail(message) { errors.push(String(message)); body.setAttribute("data-errors", errors.join("; ")); }
  window.addEventListener("error", function (e) { fail(e.message); });
  try {
    var marks = document.querySelectorAll("[data-f]");
    Array.prototype.forEach.call(marks, function (el) {
      var same = '[data-f="' + el.getAttribute("data-f") + '"]';
      function set(on) {
        Array.prototype.forEach.call(document.querySelectorAll(same), function (m) { m.classList.toggle("hl", on); });
      }
      el.addEventListener("mouseenter", function () { set(true); });
      el.addEventListener("mouseleave", function () { set(false); });
    });
    body.dataset.ok = "1";
  } catch (e) { fail(e); }
})();"#;

const STYLE: &str = r#"
:root { --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --bg: #ffffff; --soft: #f6f8fa;
  --error: #c92a2a; --warning: #d9480f; --info: #1864ab; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--fg); background: var(--bg);
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", "Noto Sans", sans-serif; }
main { max-width: 1360px; margin: 0 auto; padding: 20px 24px 48px; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 28px 0 6px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 13px; margin: 12px 0 4px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
p.sub, .muted { color: var(--muted); }
p.sub { margin: 0 0 14px; }
code { font: 12px/1.4 ui-monospace, "DejaVu Sans Mono", monospace; background: var(--soft); padding: 0 3px; border-radius: 3px; }
.cards { display: flex; flex-wrap: wrap; gap: 8px; margin: 8px 0; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: 6px 12px; min-width: 92px; background: var(--soft); }
.card b { display: block; font-size: 20px; line-height: 1.2; }
.card span { color: var(--muted); font-size: 12px; }
.card.error b { color: var(--error); } .card.warning b { color: var(--warning); } .card.info b { color: var(--info); }
.facts { margin: 4px 0; }
.legend { display: flex; flex-wrap: wrap; gap: 4px 18px; margin: 10px 0 0; padding: 8px 12px;
  border: 1px solid var(--line); border-radius: 6px; font-size: 12px; color: var(--muted); }
.legend span { display: inline-flex; align-items: center; gap: 6px; }
.story-meta { color: var(--muted); margin: 0 0 8px; }
.story-title { margin: 0 0 2px; font-size: 15px; }
.story-body { display: grid; grid-template-columns: minmax(0, 1fr) 300px; gap: 16px; align-items: start; }
.timeline svg { width: 100%; height: auto; display: block; border: 1px solid var(--line); border-radius: 6px; background: #fff; }
.strip { margin-top: 10px; }
.strip p { margin: 0 0 4px; font-size: 12px; color: var(--muted); }
aside { font-size: 13px; }
aside ul { list-style: none; padding: 0; margin: 0 0 8px; }
aside li { padding: 3px 0; border-bottom: 1px dotted var(--line); }
aside ul.undated { font-size: 12px; }
aside .when { display: block; color: var(--muted); }
.pin { display: inline-block; min-width: 20px; padding: 0 5px; border-radius: 10px; color: #fff;
  font-size: 11px; font-weight: 700; text-align: center; text-decoration: none; margin-left: 3px; }
.pin.error { background: var(--error); } .pin.warning { background: var(--warning); } .pin.info { background: var(--info); }
.pin.possible { background: #fff; border: 1.5px dashed currentColor; }
.pin.possible.error { color: var(--error); } .pin.possible.warning { color: var(--warning); } .pin.possible.info { color: var(--info); }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { border-bottom: 1px solid var(--line); padding: 6px 8px; text-align: left; vertical-align: top; }
th { background: var(--soft); font-size: 12px; }
tr:target, tr.hl { background: #fff3bf; }
td ul { margin: 0; padding-left: 16px; }
td li { margin-bottom: 3px; }
.claim { font: 12px/1.4 ui-monospace, "DejaVu Sans Mono", monospace; }
.sev { font-weight: 700; text-transform: uppercase; font-size: 11px; }
.sev.error { color: var(--error); } .sev.warning { color: var(--warning); } .sev.info { color: var(--info); }
.tag { display: inline-block; font-size: 11px; border: 1px solid var(--line); border-radius: 3px; padding: 0 4px; margin: 1px 2px 1px 0; color: var(--muted); }
svg text { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", "Noto Sans", sans-serif; fill: var(--fg); }
svg .tick { font-size: 12px; fill: var(--muted); }
svg .year { font-size: 13px; font-weight: 700; fill: var(--fg); }
svg .rl { font-size: 14px; font-weight: 600; }
svg .rs { font-size: 12px; fill: var(--muted); }
svg .dl { font-size: 12px; paint-order: stroke; stroke: #fff; stroke-width: 3px; stroke-linejoin: round; }
svg .pn { font-size: 10px; font-weight: 700; fill: #fff; }
svg .pn.possible { fill: currentColor; }
svg .mk { font-size: 11px; font-weight: 700; }
svg a.mark:hover *, svg a.mark.hl * { stroke-width: 2.5px; }
svg a.mark.hl rect.band { fill-opacity: 1; }
@media (max-width: 1000px) { .story-body { grid-template-columns: 1fr; } }
"#;

// Geometry of a timeline, in SVG user units (the SVG scales to its column).
const W: f64 = 880.0;
const PIN_X: f64 = 232.0;
const PLOT_X: f64 = 314.0;
const PLOT_W: f64 = 542.0;
const AXIS_H: f64 = 44.0;
const LANE_H: f64 = 36.0;
const ROW_PAD: f64 = 10.0;
/// A bar's top and height within its lane.
const BAR_TOP: f64 = 12.0;
const BAR_H: f64 = 14.0;
const BAR_MID: f64 = BAR_TOP + BAR_H / 2.0;

fn level_class(l: Level) -> &'static str {
    l.as_str()
}

fn level_color(l: Level) -> &'static str {
    match l {
        Level::Error => "#c92a2a",
        Level::Warning => "#d9480f",
        Level::Info => "#1864ab",
    }
}

fn kind_color(k: ClaimKind) -> &'static str {
    match k {
        ClaimKind::Plan | ClaimKind::Agreement => "#0b7285",
        ClaimKind::Visit => "#5f3dc4",
        ClaimKind::Event => "#a61e4d",
        ClaimKind::Holds => "#8f5b1d",
        ClaimKind::Meeting => "#2b8a3e",
        ClaimKind::Award => "#e67700",
        ClaimKind::Statement => "#495057",
    }
}

/// Fixed-precision numbers, so output is byte-identical across runs and platforms.
fn n(v: f64) -> String {
    let s = format!("{v:.1}");
    s.strip_suffix(".0").map(str::to_owned).unwrap_or(s)
}

/// At most `max` characters, with an ellipsis when cut.
fn clip(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_owned();
    }
    let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

fn finite(d: Day) -> bool {
    d > NEG_INF && d < POS_INF
}

fn year_text(y: i32) -> String {
    if (0..=9999).contains(&y) {
        format!("{y:04}")
    } else {
        y.to_string()
    }
}

use crate::calendar::MONTH_NAMES as MONTHS;

/// Which time of a claim an item draws.
use crate::model::TimeOf as Which;

/// What the report writes before a time that is not the claim's `when`.
fn prefix(which: Which) -> &'static str {
    match which {
        Which::When => "",
        Which::Arriving => "arriving ",
        Which::Signed => "signed ",
    }
}

/// The time a claim field of the condition language reads, from the field registry (`at`
/// reads `when` when it is stated).
fn time_of_field(field: &str) -> Option<Which> {
    fields::claim(field)?.time
}

/// Whether a resolved time can be drawn: resolved, not reversed, with a bounded day.
fn placeable(w: &When) -> bool {
    let p = &w.period;
    w.anchor.kind != AnchorKind::Unresolved
        && !p.is_reversed()
        && [
            p.start.earliest,
            p.start.latest,
            p.end.earliest,
            p.end.latest,
        ]
        .into_iter()
        .any(finite)
}

/// How a period reads on the page: `2022 to 2025-12-31`, `from 2018, end unknown`.
fn period_text(p: &Period) -> String {
    let open_start = p.start.earliest <= NEG_INF && p.start.latest <= NEG_INF;
    let open_end = p.end.earliest >= POS_INF;
    let unknown_end = !open_end && p.end.latest >= POS_INF;
    match (open_start, open_end, unknown_end) {
        (true, true, _) => "always".to_owned(),
        (true, false, false) => format!("until {}", p.end),
        (false, true, _) => format!("from {}, open-ended", p.start),
        (false, false, true) => format!("from {}, end unknown", p.start),
        _ if p.start == p.end && !p.start.is_precise() => {
            if p.same_day {
                format!("one day in {}", p.start)
            } else {
                format!("within {}", p.start)
            }
        }
        _ => p.to_string(),
    }
}

/// One short name for a claim: the plan's name, who visited where, the event's name.
fn short_name(c: &Corpus, cl: &Claim) -> String {
    let term = |i: usize| cl.terms.get(i).map(|v| c.value_name(v));
    let ent = |e: Option<usize>| e.map(|e| c.entities[e].name.clone());
    let joined = |v: &[Value]| {
        v.iter()
            .map(|v| c.value_name(v))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let name = match cl.kind {
        ClaimKind::Plan | ClaimKind::Agreement | ClaimKind::Event => term(0),
        ClaimKind::Visit => term(0).map(|who| match ent(cl.to) {
            Some(to) => format!("{who} to {to}"),
            None => who,
        }),
        ClaimKind::Meeting => Some(joined(&cl.terms)),
        ClaimKind::Holds => match (term(0), term(1)) {
            (Some(p), Some(o)) => Some(format!("{p}, {o}")),
            (p, _) => p,
        },
        ClaimKind::Award => term(1).or_else(|| term(0)),
        ClaimKind::Statement => Some(joined(&cl.terms)),
    };
    name.filter(|s| !s.is_empty())
        .or_else(|| cl.label.clone())
        .unwrap_or_else(|| cl.kind.as_str().to_owned())
}

/// `plan ap-2022`, or just `holds` without a label.
fn kind_label(cl: &Claim) -> String {
    match &cl.label {
        Some(l) => format!("{} {l}", cl.kind.as_str()),
        None => cl.kind.as_str().to_owned(),
    }
}

// ---------------------------------------------------------------------------------------
// Stories: reports joined by shared event labels.

struct Story {
    reports: Vec<ReportId>,
    claims: Vec<ClaimId>,
}

/// Reports joined by the labels their claims share or name, and by findings about claims
/// of both (a gap between two outlets' plans keyed on their parties), so every finding about
/// claims can be drawn on one timeline.
fn stories(c: &Corpus, findings: &[Finding]) -> Vec<Story> {
    let n = c.reports.len();
    let mut parent: Vec<usize> = (0..n).collect();
    fn find(p: &mut [usize], mut x: usize) -> usize {
        while p[x] != x {
            p[x] = p[p[x]];
            x = p[x];
        }
        x
    }
    let join = |p: &mut [usize], x: ReportId, y: ReportId| {
        let (a, b) = (find(p, x), find(p, y));
        // The smaller report index is the root, so stories keep corpus order.
        p[a.max(b)] = a.min(b);
    };
    let mut by_label: BTreeMap<&str, ReportId> = BTreeMap::new();
    for cl in &c.claims {
        let labels = cl
            .label
            .iter()
            .chain(cl.extends.as_ref().map(|(l, _)| l))
            .chain(cl.during.as_ref().map(|(l, _)| l));
        for l in labels {
            match by_label.get(l.as_str()) {
                Some(&r) => join(&mut parent, r, cl.report),
                None => {
                    by_label.insert(l, cl.report);
                }
            }
        }
    }
    for f in findings {
        let mut reports = f
            .involved
            .iter()
            .filter_map(|inv| inv.claim.map(|id| c.claims[id].report));
        if let Some(first) = reports.next() {
            for r in reports {
                join(&mut parent, first, r);
            }
        }
    }
    let mut groups: BTreeMap<usize, Story> = BTreeMap::new();
    for r in 0..n {
        let root = find(&mut parent, r);
        groups
            .entry(root)
            .or_insert_with(|| Story {
                reports: Vec::new(),
                claims: Vec::new(),
            })
            .reports
            .push(r);
    }
    for (i, cl) in c.claims.iter().enumerate() {
        let root = find(&mut parent, cl.report);
        if let Some(s) = groups.get_mut(&root) {
            s.claims.push(i);
        }
    }
    groups
        .into_values()
        .filter(|s| !s.claims.is_empty())
        .collect()
}

// ---------------------------------------------------------------------------------------
// The time axis.

struct Tick {
    day: Day,
    /// A boundary drawn across every row (years, or months on a short axis).
    major: bool,
    label: Option<String>,
    /// A label on the upper line (years, or months on a short axis).
    upper: bool,
    /// The label is centred between `day` and this day (a year, a month), else placed at
    /// `day`.
    until: Option<Day>,
}

impl Tick {
    fn line(day: Day, major: bool) -> Tick {
        Tick {
            day,
            major,
            label: None,
            upper: false,
            until: None,
        }
    }
    fn label(day: Day, label: String, upper: bool, until: Option<Day>) -> Tick {
        Tick {
            day,
            major: false,
            label: Some(label),
            upper,
            until,
        }
    }
}

struct Axis {
    /// First day shown.
    a0: Day,
    /// First day after the axis.
    a1: Day,
    ticks: Vec<Tick>,
}

impl Axis {
    /// An axis over the days `lo..=hi`: whole months for a short span (day ticks), whole
    /// years otherwise (month ticks when there is room).
    fn new(lo: Day, hi: Day) -> Axis {
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

    fn clamp(&self, d: Day) -> Day {
        d.clamp(self.a0, self.a1)
    }

    /// The x of the start of day `d` (clamped to the axis).
    fn x(&self, d: Day) -> f64 {
        let d = self.clamp(d);
        PLOT_X + f64::from(d - self.a0) / f64::from((self.a1 - self.a0).max(1)) * PLOT_W
    }
}

// ---------------------------------------------------------------------------------------
// What findings look like on a timeline, read from the rule's condition.

#[derive(Clone, Debug, PartialEq, Eq)]
enum Rel {
    /// Two dates that (may) share days: a hatched band over the shared span.
    Overlap,
    /// Two dates apart: a band between them.
    Gap,
    /// The first date said to be inside the second: the window outlined, a cross on the date.
    Within,
    /// A weekday checked against the start or end of a date.
    Weekday { end: bool },
    /// A length checked against a date: the bar outlined.
    Length,
}

/// A relation and the variables and fields it reads (`a.when`, `b.at`).
#[derive(Clone, Debug)]
struct Spec {
    rel: Rel,
    first: (String, String),
    second: Option<(String, String)>,
}

fn period_path(e: &Expr) -> Option<(String, String)> {
    match &e.kind {
        ExprKind::Path(var, fields) if fields.len() == 1 && (var == "a" || var == "b") => {
            let field = &fields[0].name;
            time_of_field(field).map(|_| (var.clone(), field.clone()))
        }
        _ => None,
    }
}

fn collect_specs(e: &Expr, out: &mut Vec<Spec>) {
    match &e.kind {
        ExprKind::Call(f, args) => {
            let two = || match args.as_slice() {
                [x, y] => match (period_path(x), period_path(y)) {
                    (Some(x), Some(y)) if x.0 != y.0 => Some((x, y)),
                    _ => None,
                },
                _ => None,
            };
            let rel = match f {
                Func::Intersects => two().map(|p| (Rel::Overlap, p)),
                Func::Disjoint => two().map(|p| (Rel::Gap, p)),
                Func::Within => two().map(|p| (Rel::Within, p)),
                Func::Allen(a) => two().map(|p| {
                    let apart = matches!(a, Allen::Before | Allen::After);
                    (if apart { Rel::Gap } else { Rel::Overlap }, p)
                }),
                _ => None,
            };
            if let Some((rel, (x, y))) = rel {
                out.push(Spec {
                    rel,
                    first: x,
                    second: Some(y),
                });
            }
            match (f, args.as_slice()) {
                (Func::WeekdayIs, [day, _]) => {
                    if let ExprKind::Call(g @ (Func::Start | Func::End), inner) = &day.kind {
                        if let Some(p) = inner.first().and_then(period_path) {
                            out.push(Spec {
                                rel: Rel::Weekday {
                                    end: *g == Func::End,
                                },
                                first: p,
                                second: None,
                            });
                        }
                    }
                }
                (Func::LengthIs, [p, _]) => {
                    if let Some(p) = period_path(p) {
                        out.push(Spec {
                            rel: Rel::Length,
                            first: p,
                            second: None,
                        });
                    }
                }
                _ => {}
            }
            for a in args {
                collect_specs(a, out);
            }
        }
        ExprKind::List(v) => v.iter().for_each(|x| collect_specs(x, out)),
        ExprKind::Not(x) => collect_specs(x, out),
        ExprKind::Bin(_, x, y) => {
            collect_specs(x, out);
            collect_specs(y, out);
        }
        _ => {}
    }
}

/// What a rule's findings look like on a timeline: the specs its condition tests,
/// most telling first (a weekday or a window before an overlap, an overlap before a gap).
fn specs_of(e: &Expr) -> Vec<Spec> {
    let mut v = Vec::new();
    collect_specs(e, &mut v);
    let rank = |r: &Rel| match r {
        Rel::Weekday { .. } => 0,
        Rel::Within => 1,
        Rel::Overlap => 2,
        Rel::Gap => 3,
        Rel::Length => 4,
    };
    v.sort_by_key(|s| rank(&s.rel));
    v
}

// ---------------------------------------------------------------------------------------
// Month and day written without a year (`26 to 28 June` with no anchor).

/// Whether a (month, day) span lies within one calendar year (possible in a leap year).
fn within_a_year(span: MonthDays) -> bool {
    let ok = |(m, d): (u32, u32)| {
        (1..=12).contains(&m) && d >= 1 && d <= calendar::days_in_month(calendar::LEAP_YEAR, m)
    };
    ok(span.0) && ok(span.1) && span.0 <= span.1
}

/// Month and day (in that order) of the first and of the last day of a span, no year.
type MonthDays = ((u32, u32), (u32, u32));

/// Day of a 366-day year (1 January is 0; 29 February has its own day).
fn day_of_year((m, d): (u32, u32)) -> u32 {
    calendar::day_of_leap_year(m, d)
}

fn month_day_text(((m1, d1), (m2, d2)): MonthDays) -> String {
    let name = |m: u32| MONTHS[m as usize - 1];
    if (m1, d1) == (m2, d2) {
        format!("{d1} {}", name(m1))
    } else if m1 == m2 {
        format!("{d1}–{d2} {}", name(m1))
    } else {
        format!("{d1} {} – {d2} {}", name(m1), name(m2))
    }
}

// ---------------------------------------------------------------------------------------
// Rows of a story.

/// One drawn time of a claim.
struct Item {
    claim: ClaimId,
    which: Which,
    period: Period,
    borrowed: bool,
}

struct Row {
    claims: Vec<ClaimId>,
    origin: OutletId,
    items: Vec<Item>,
    /// Findings touching this row (indexes into the run's findings).
    pins: Vec<usize>,
    top: f64,
    height: f64,
}

impl Row {
    fn lane_y(&self, lane: usize) -> f64 {
        self.top + ROW_PAD / 2.0 + LANE_H * lane as f64
    }
}

/// A claim not placed on the timeline and why.
struct Unplaced {
    claim: ClaimId,
    /// The unresolved times: (which, canonical text, month and day if written).
    times: Vec<(Which, String, Option<MonthDays>)>,
}

struct Layout {
    rows: Vec<Row>,
    unresolved: Vec<Unplaced>,
    undated: Vec<ClaimId>,
    axis: Option<Axis>,
}

fn first_day(p: &Period) -> Day {
    [
        p.start.earliest,
        p.start.latest,
        p.end.earliest,
        p.end.latest,
    ]
    .into_iter()
    .find(|d| finite(*d))
    .unwrap_or(0)
}

fn layout(c: &Corpus, story: &Story) -> Layout {
    // (label key, origin) -> row; label groups keep their rows together.
    let mut rows: BTreeMap<(String, OutletId), Row> = BTreeMap::new();
    let mut unresolved = Vec::new();
    let mut undated = Vec::new();
    for &id in &story.claims {
        let cl = &c.claims[id];
        let mut items = Vec::new();
        let mut open = Vec::new();
        for which in [Which::When, Which::Arriving, Which::Signed] {
            let Some(w) = cl.time_of(which) else { continue };
            if placeable(w) {
                items.push(Item {
                    claim: id,
                    which,
                    period: w.period,
                    borrowed: w.anchor.kind == AnchorKind::Borrowed,
                });
            } else if w.anchor.kind == AnchorKind::Unresolved {
                open.push((
                    which,
                    w.text.clone(),
                    w.month_days.filter(|&span| within_a_year(span)),
                ));
            }
        }
        if !open.is_empty() {
            unresolved.push(Unplaced {
                claim: id,
                times: open,
            });
        }
        if items.is_empty() {
            if cl.times().next().is_none() && cl.kind != ClaimKind::Statement {
                undated.push(id);
            }
            continue;
        }
        let key = cl
            .label
            .clone()
            .unwrap_or_else(|| format!("\u{10ffff}{id:09}"));
        let row = rows.entry((key, cl.origin)).or_insert_with(|| Row {
            claims: Vec::new(),
            origin: cl.origin,
            items: Vec::new(),
            pins: Vec::new(),
            top: 0.0,
            height: 0.0,
        });
        row.claims.push(id);
        row.items.extend(items);
    }
    // Order label groups by their earliest day, rows in a group by earliest day and origin.
    let mut groups: BTreeMap<String, Vec<Row>> = BTreeMap::new();
    for ((key, _), row) in rows {
        groups.entry(key).or_default().push(row);
    }
    let row_first = |r: &Row| r.items.iter().map(|i| first_day(&i.period)).min();
    let mut groups: Vec<(Option<Day>, String, Vec<Row>)> = groups
        .into_iter()
        .map(|(k, mut rs)| {
            rs.sort_by(|a, b| {
                (row_first(a), &c.outlets[a.origin].name, a.origin).cmp(&(
                    row_first(b),
                    &c.outlets[b.origin].name,
                    b.origin,
                ))
            });
            (rs.iter().filter_map(row_first).min(), k, rs)
        })
        .collect();
    groups.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
    let mut rows: Vec<Row> = groups.into_iter().flat_map(|g| g.2).collect();
    let mut y = AXIS_H;
    for r in &mut rows {
        r.top = y;
        r.height = LANE_H * r.items.len().max(1) as f64 + ROW_PAD;
        y += r.height;
    }
    let days: Vec<Day> = rows
        .iter()
        .flat_map(|r| &r.items)
        .flat_map(|i| {
            let p = i.period;
            [
                p.start.earliest,
                p.start.latest,
                p.end.earliest,
                p.end.latest,
            ]
        })
        .filter(|d| finite(*d))
        .collect();
    let axis = match (days.iter().min(), days.iter().max()) {
        (Some(&lo), Some(&hi)) => Some(Axis::new(lo, hi)),
        _ => None,
    };
    Layout {
        rows,
        unresolved,
        undated,
        axis,
    }
}

// ---------------------------------------------------------------------------------------
// The page.

struct Page<'r, 'a> {
    run: &'r Run<'a>,
    out: String,
    /// Per finding: the stories it is drawn in.
    shown_in: Vec<BTreeSet<usize>>,
    /// Per rule id: how its findings are drawn.
    specs: BTreeMap<String, Vec<Spec>>,
}

impl Emitter for Html {
    fn emit(&self, run: &Run) -> String {
        let mut page = Page {
            run,
            out: String::new(),
            shown_in: vec![BTreeSet::new(); run.findings.len()],
            specs: run
                .rules
                .iter()
                .map(|r| (r.id.clone(), specs_of(&r.condition)))
                .collect(),
        };
        page.render();
        page.out
    }
}

/// Which findings involve each claim, in finding order.
fn findings_by_claim(findings: &[Finding]) -> BTreeMap<ClaimId, Vec<usize>> {
    let mut m: BTreeMap<ClaimId, Vec<usize>> = BTreeMap::new();
    for (i, f) in findings.iter().enumerate() {
        for inv in &f.involved {
            if let Some(c) = inv.claim {
                let v = m.entry(c).or_default();
                if v.last() != Some(&i) {
                    v.push(i);
                }
            }
        }
    }
    m
}

impl Page<'_, '_> {
    fn render(&mut self) {
        let run = self.run;
        let _ = write!(
            self.out,
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <meta name=\"generator\" content=\"verify {}\">\n\
             <title>verify: claims review</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n",
            env!("CARGO_PKG_VERSION")
        );
        self.summary();
        self.legend();
        let stories = stories(run.corpus, run.findings);
        let by_claim = findings_by_claim(run.findings);
        for (i, s) in stories.iter().enumerate() {
            self.story(i + 1, s, &by_claim);
        }
        self.table();
        self.problems();
        let _ = write!(
            self.out,
            "</main>\n<script>\n{SCRIPT}\n</script>\n</body>\n</html>\n"
        );
    }

    fn summary(&mut self) {
        let run = self.run;
        let s = &run.summary;
        let f = run.findings;
        let count = |p: &dyn Fn(&Finding) -> bool| f.iter().filter(|x| p(x)).count();
        let _ = writeln!(self.out, "<h1>Claims review</h1>");
        let _ = writeln!(
            self.out,
            "<p class=\"sub\">{} from {} in {} ({}), checked by {}. Generated by verify {}.</p>",
            plural(s.claims, "claim", "claims"),
            plural(s.reports, "report", "reports"),
            plural(s.files, "file", "files"),
            plural(s.outlets, "outlet", "outlets"),
            plural(run.rules.len(), "rule", "rules"),
            env!("CARGO_PKG_VERSION")
        );
        let _ = writeln!(self.out, "<section id=\"summary\">\n<div class=\"cards\">");
        let card = |out: &mut String, class: &str, value: usize, one: &str, many: &str| {
            let what = if value == 1 { one } else { many };
            let _ = writeln!(
                out,
                "<div class=\"card {class}\"><b>{value}</b><span>{what}</span></div>"
            );
        };
        card(&mut self.out, "", f.len(), "finding", "findings");
        for (l, _) in Level::ALL {
            let (one, many) = match l {
                Level::Error => ("error", "errors"),
                Level::Warning => ("warning", "warnings"),
                Level::Info => ("info", "info"),
            };
            let k = count(&|x| x.level == l);
            card(&mut self.out, level_class(l), k, one, many);
        }
        for (cat, _) in Category::ALL {
            let (one, many) = match cat {
                Category::Contradiction => ("contradiction", "contradictions"),
                Category::Gap => ("gap", "gaps"),
            };
            card(&mut self.out, "", count(&|x| x.category == cat), one, many);
        }
        let definite = count(&|x| x.certainty == Sureness::Definite);
        card(&mut self.out, "", definite, "definite", "definite");
        let possible = count(&|x| x.certainty == Sureness::Possible);
        card(&mut self.out, "", possible, "possible", "possible");
        let failing = (0..f.len()).filter(|i| run.counts(*i)).count();
        card(&mut self.out, "", failing, "fails the run", "fail the run");
        let _ = writeln!(self.out, "</div>");
        let known = run.known.iter().filter(|k| **k).count();
        let _ = writeln!(
            self.out,
            "<p class=\"facts\">Corpus: {} · {} · {} · {} · {}. Time expressions: {} ({} anchored on their origin, {} on a borrowed date, {} unresolved).{}</p>",
            plural(s.files, "file", "files"),
            plural(s.reports, "report", "reports"),
            plural(s.claims, "claim", "claims"),
            plural(s.outlets, "outlet", "outlets"),
            plural(s.entities, "entity", "entities"),
            s.times,
            s.anchored,
            s.borrowed,
            s.unresolved,
            if known > 0 {
                format!(" {known} of the findings are known (in the baseline).")
            } else {
                String::new()
            }
        );
        // Outlets involved in findings: as origin, as relay.
        let mut origin: BTreeMap<&str, BTreeSet<usize>> = BTreeMap::new();
        let mut relay: BTreeMap<&str, BTreeSet<usize>> = BTreeMap::new();
        for (i, x) in f.iter().enumerate() {
            for inv in &x.involved {
                let Some(cid) = inv.claim else { continue };
                let cl = &run.corpus.claims[cid];
                origin
                    .entry(run.corpus.outlets[cl.origin].name.as_str())
                    .or_default()
                    .insert(i);
                for o in &cl.chain[..cl.chain.len() - 1] {
                    relay
                        .entry(run.corpus.outlets[*o].name.as_str())
                        .or_default()
                        .insert(i);
                }
            }
        }
        if !origin.is_empty() {
            let list = |m: &BTreeMap<&str, BTreeSet<usize>>| {
                let mut v: Vec<(&str, usize)> = m.iter().map(|(k, s)| (*k, s.len())).collect();
                v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
                v.iter()
                    .map(|(name, k)| format!("<bdi>{}</bdi> ({k})", escape(name)))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let _ = writeln!(
                self.out,
                "<p class=\"facts\">Outlets involved, with the number of findings: as origin {}{}.</p>",
                list(&origin),
                if relay.is_empty() {
                    String::new()
                } else {
                    format!("; as relay {}", list(&relay))
                }
            );
        }
        let _ = writeln!(self.out, "</section>");
    }

    fn legend(&mut self) {
        let swatch = |body: &str| {
            format!("<svg width=\"44\" height=\"16\" viewBox=\"0 0 44 16\" aria-hidden=\"true\">{body}</svg>")
        };
        let c = "#0b7285";
        let items = [
            (
                swatch(&format!("<rect x=\"2\" y=\"3\" width=\"40\" height=\"10\" fill=\"{c}\" fill-opacity=\"0.9\" rx=\"2\"/>")),
                "date known to the day",
            ),
            (
                swatch(&format!("<defs><linearGradient id=\"lg-fade\"><stop offset=\"0\" stop-color=\"{c}\" stop-opacity=\"0.08\"/><stop offset=\"0.7\" stop-color=\"{c}\" stop-opacity=\"0.9\"/></linearGradient></defs><rect x=\"2\" y=\"3\" width=\"40\" height=\"10\" fill=\"url(#lg-fade)\" rx=\"2\"/>")),
                "fade: imprecise start or end (every day it may be)",
            ),
            (
                swatch(&format!("<rect x=\"2\" y=\"3\" width=\"32\" height=\"10\" fill=\"{c}\" fill-opacity=\"0.5\"/><path d=\"M34 1 L42 8 L34 15 Z\" fill=\"#fff\" stroke=\"{c}\" stroke-width=\"1.5\"/>")),
                "end unknown (open arrow) or open (filled)",
            ),
            (
                swatch(&format!("<rect x=\"2\" y=\"3\" width=\"40\" height=\"10\" fill=\"{c}\" fill-opacity=\"0.45\" stroke=\"#1f2328\" stroke-width=\"1.4\" stroke-dasharray=\"4 3\" rx=\"2\"/>")),
                "dashed: read on a borrowed anchor (uncertain)",
            ),
            (
                swatch("<defs><pattern id=\"lg-hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#d9480f\" stroke-width=\"2.5\"/></pattern></defs><rect x=\"2\" y=\"1\" width=\"40\" height=\"14\" fill=\"url(#lg-hatch)\" fill-opacity=\"0.75\" stroke=\"#d9480f\" stroke-dasharray=\"4 3\"/>"),
                "overlap (dashed when only possible)",
            ),
            (
                swatch("<rect x=\"2\" y=\"1\" width=\"40\" height=\"14\" fill=\"#d9480f\" fill-opacity=\"0.12\" stroke=\"#d9480f\" stroke-dasharray=\"1 2\"/>"),
                "gap between dates",
            ),
            (
                swatch("<rect x=\"2\" y=\"2\" width=\"26\" height=\"12\" fill=\"none\" stroke=\"#c92a2a\" stroke-dasharray=\"3 2\"/><path d=\"M34 4 L42 12 M42 4 L34 12\" stroke=\"#c92a2a\" stroke-width=\"2.5\"/>"),
                "date outside its window",
            ),
            (
                swatch("<path d=\"M22 0 L30 8 L22 16 L14 8 Z\" fill=\"#c92a2a\"/><text x=\"22\" y=\"11.5\" text-anchor=\"middle\" class=\"pn\">W</text>"),
                "wrong weekday",
            ),
            (
                "<span class=\"pin warning\">7</span><span class=\"pin possible warning\">7</span>".to_owned(),
                "finding number (dashed: possible); links to the table",
            ),
        ];
        let _ = writeln!(self.out, "<div class=\"legend\" id=\"legend\">");
        for (sw, text) in items {
            let _ = writeln!(self.out, "<span>{sw} {text}</span>");
        }
        let _ = writeln!(self.out, "</div>");
    }

    fn pin_html(&self, i: usize) -> String {
        let f = &self.run.findings[i];
        let possible = if f.certainty == Sureness::Possible {
            " possible"
        } else {
            ""
        };
        format!(
            "<a class=\"pin {}{possible}\" href=\"#f-{}\" data-f=\"{}\" title=\"{}\">{}</a>",
            level_class(f.level),
            i + 1,
            i + 1,
            escape(&format!("#{} {}: {}", i + 1, f.rule, f.message)),
            i + 1
        )
    }

    fn story(&mut self, number: usize, story: &Story, by_claim: &BTreeMap<ClaimId, Vec<usize>>) {
        let run = self.run;
        let c = run.corpus;
        let sid = format!("s{number}");
        let mut lay = layout(c, story);
        // Pins per row; which stories each finding shows in.
        for row in &mut lay.rows {
            let mut pins: Vec<usize> = row
                .claims
                .iter()
                .flat_map(|id| by_claim.get(id).into_iter().flatten().copied())
                .collect();
            pins.sort_unstable();
            pins.dedup();
            row.pins = pins;
        }
        let mut mine = BTreeSet::new();
        for &id in &story.claims {
            for &i in by_claim.get(&id).into_iter().flatten() {
                self.shown_in[i].insert(number);
                mine.insert(i);
            }
        }
        // Heading: the reports, their outlets, dates and titles.
        let heading = story
            .reports
            .iter()
            .map(|r| {
                let rep = &c.reports[*r];
                let date = rep
                    .published
                    .map(|d| d.to_string())
                    .unwrap_or_else(|| "undated".to_owned());
                format!("<bdi>{}</bdi>, {date}", escape(&c.outlets[rep.outlet].name))
            })
            .collect::<Vec<_>>()
            .join("; ");
        let _ = writeln!(
            self.out,
            "<section class=\"story\" id=\"story-{number}\">\n<h2>Story {number}: {heading}</h2>"
        );
        for &r in &story.reports {
            if let Some(t) = &c.reports[r].title {
                let _ = writeln!(
                    self.out,
                    "<p class=\"story-title\"><span class=\"muted\">title:</span> <bdi>{}</bdi></p>",
                    escape(t)
                );
            }
        }
        let mut meta = Vec::new();
        for &r in &story.reports {
            let rep = &c.reports[r];
            let date = rep
                .published
                .map(|d| format!("published {d}"))
                .unwrap_or_else(|| "publication date unknown".to_owned());
            let mut cited: BTreeSet<&str> = BTreeSet::new();
            for &id in &story.claims {
                let cl = &c.claims[id];
                if cl.report == r {
                    for o in &cl.chain[1..] {
                        cited.insert(c.outlets[*o].name.as_str());
                    }
                }
            }
            let cited = if cited.is_empty() {
                String::new()
            } else {
                format!(
                    ", citing {}",
                    cited
                        .iter()
                        .map(|o| format!("<bdi>{}</bdi>", escape(o)))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            };
            meta.push(format!(
                "report <code>{}</code> by <bdi>{}</bdi>, {date}{cited}",
                escape(&rep.id),
                escape(&c.outlets[rep.outlet].name)
            ));
        }
        let _ = writeln!(
            self.out,
            "<p class=\"story-meta\">{}</p>",
            meta.join("<br>")
        );
        let _ = writeln!(
            self.out,
            "<div class=\"story-body\">\n<div class=\"timeline\">"
        );
        match &lay.axis {
            Some(axis) => {
                let svg = self.timeline_svg(&sid, &lay, axis, &mine);
                self.out.push_str(&svg);
            }
            None => {
                let _ = writeln!(
                    self.out,
                    "<p class=\"muted\">No claim in this story has a resolved date to place on a timeline.</p>"
                );
            }
        }
        let strip = self.strip_svg(&sid, &lay, by_claim);
        self.out.push_str(&strip);
        let _ = writeln!(self.out, "</div>\n<aside>");
        self.aside(&lay, by_claim);
        let _ = writeln!(self.out, "</aside>\n</div>\n</section>");
    }

    fn aside(&mut self, lay: &Layout, by_claim: &BTreeMap<ClaimId, Vec<usize>>) {
        let c = self.run.corpus;
        let pins = |id: ClaimId| {
            by_claim
                .get(&id)
                .into_iter()
                .flatten()
                .map(|i| self.pin_html(*i))
                .collect::<String>()
        };
        let mut html = String::new();
        if !lay.unresolved.is_empty() {
            let _ = writeln!(html, "<h3>Not placed: date unresolved</h3>\n<ul>");
            for u in &lay.unresolved {
                let cl = &c.claims[u.claim];
                let _ = write!(
                    html,
                    "<li><b><bdi>{}</bdi></b> <span class=\"tag\">{}</span> per <bdi>{}</bdi>{}",
                    escape(&short_name(c, cl)),
                    escape(&kind_label(cl)),
                    escape(&c.outlets[cl.origin].name),
                    pins(u.claim)
                );
                for (which, text, md) in &u.times {
                    let known = match (md, cl.time_of(*which).and_then(|w| w.weekday_only)) {
                        (Some(md), _) => format!("{}, year unknown", month_day_text(*md)),
                        (None, Some(w)) => {
                            format!("a {}, date unknown", crate::calendar::weekday_name(w))
                        }
                        (None, None) => "date unknown".to_owned(),
                    };
                    let _ = write!(
                        html,
                        "<span class=\"when\">“{}{}”: {}</span>",
                        prefix(*which),
                        escape(text),
                        escape(&known)
                    );
                }
                let _ = writeln!(html, "</li>");
            }
            let _ = writeln!(
                html,
                "</ul>\n<p class=\"muted\">No publication date is known to read these relative dates against; verify does not guess a year.</p>"
            );
        }
        if !lay.undated.is_empty() {
            let _ = writeln!(
                html,
                "<h3>Not placed: no date stated</h3>\n<ul class=\"undated\">"
            );
            for &id in &lay.undated {
                let cl = &c.claims[id];
                let _ = writeln!(
                    html,
                    "<li title=\"{}\"><bdi>{}</bdi> <span class=\"muted\">· <bdi>{}</bdi></span>{}</li>",
                    escape(&cl.text),
                    escape(&short_name(c, cl)),
                    escape(&c.outlets[cl.origin].name),
                    pins(id)
                );
            }
            let _ = writeln!(html, "</ul>");
        }
        if lay.unresolved.is_empty() && lay.undated.is_empty() {
            let _ = writeln!(
                html,
                "<p class=\"muted\">Every dated claim of this story is on the timeline.</p>"
            );
        }
        self.out.push_str(&html);
    }

    /// The row label and its pins (shared by the timeline and the month-and-day strip).
    fn row_head(
        &self,
        svg: &mut String,
        claim: ClaimId,
        origin: OutletId,
        top: f64,
        pins: &[usize],
    ) {
        let c = self.run.corpus;
        let cl = &c.claims[claim];
        let name = short_name(c, cl);
        let sub = format!("{} · per {}", kind_label(cl), c.outlets[origin].name);
        let _ = writeln!(
            svg,
            "<text class=\"rl\" x=\"10\" y=\"{}\"><title>{}</title>{}</text>\n<text class=\"rs\" x=\"10\" y=\"{}\">{}</text>",
            n(top + 20.0),
            escape(&format!("{name} ({sub})")),
            escape(&clip(&name, 22)),
            n(top + 36.0),
            escape(&clip(&sub, 34))
        );
        for (k, &i) in pins.iter().enumerate() {
            let f = &self.run.findings[i];
            let col = level_color(f.level);
            let (cx, cy) = (
                PIN_X + 10.0 + 20.0 * (k % 4) as f64,
                top + 16.0 + 20.0 * (k / 4) as f64,
            );
            let possible = f.certainty == Sureness::Possible;
            let _ = writeln!(
                svg,
                "<a class=\"mark\" href=\"#f-{num}\" data-f=\"{num}\"><title>{}</title><circle cx=\"{}\" cy=\"{}\" r=\"8.5\" fill=\"{}\" stroke=\"{col}\" stroke-width=\"1.5\"{}/><text class=\"pn{}\" x=\"{}\" y=\"{}\" text-anchor=\"middle\" style=\"color:{col}\">{num}</text></a>",
                escape(&format!("#{} {} ({}, {}): {}", i + 1, f.rule, f.level.as_str(), f.certainty.as_str(), f.message)),
                n(cx),
                n(cy),
                if possible { "#fff" } else { col },
                if possible { " stroke-dasharray=\"3 2\"" } else { "" },
                if possible { " possible" } else { "" },
                n(cx),
                n(cy + 3.5),
                num = i + 1,
            );
        }
    }

    /// The story's timeline; `findings` are those about its claims.
    fn timeline_svg(
        &self,
        sid: &str,
        lay: &Layout,
        axis: &Axis,
        findings: &BTreeSet<usize>,
    ) -> String {
        let run = self.run;
        let height = lay.rows.last().map_or(AXIS_H, |r| r.top + r.height) + 10.0;
        let mut svg = String::new();
        let _ = writeln!(
            svg,
            "<svg viewBox=\"0 0 {} {}\" role=\"img\" aria-label=\"timeline\">",
            n(W),
            n(height)
        );
        // Patterns for overlap bands, one per severity.
        let _ = writeln!(svg, "<defs>");
        for (l, name) in Level::ALL {
            let _ = writeln!(
                svg,
                "<pattern id=\"{sid}-hatch-{name}\" width=\"7\" height=\"7\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"7\" stroke=\"{}\" stroke-width=\"2.5\"/></pattern>",
                level_color(l)
            );
        }
        let _ = writeln!(svg, "</defs>");
        // Row stripes.
        for (k, r) in lay.rows.iter().enumerate() {
            if k % 2 == 1 {
                let _ = writeln!(
                    svg,
                    "<rect x=\"0\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"#f6f8fa\"/>",
                    n(r.top),
                    n(W),
                    n(r.height)
                );
            }
        }
        // Axis: grid lines, tick labels.
        let bottom = height - 10.0;
        let _ = writeln!(
            svg,
            "<line x1=\"{x}\" y1=\"{}\" x2=\"{x}\" y2=\"{}\" stroke=\"#adb5bd\"/><line x1=\"{x2}\" y1=\"{}\" x2=\"{x2}\" y2=\"{}\" stroke=\"#adb5bd\"/>",
            n(AXIS_H - 4.0),
            n(bottom),
            n(AXIS_H - 4.0),
            n(bottom),
            x = n(PLOT_X),
            x2 = n(PLOT_X + PLOT_W),
        );
        let _ = writeln!(
            svg,
            "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#adb5bd\"/>",
            n(PLOT_X),
            n(AXIS_H - 4.0),
            n(PLOT_X + PLOT_W),
            n(AXIS_H - 4.0)
        );
        for t in &axis.ticks {
            let x = axis.x(t.day);
            match &t.label {
                None if t.major => {
                    let _ = writeln!(
                        svg,
                        "<line x1=\"{x}\" y1=\"{}\" x2=\"{x}\" y2=\"{}\" stroke=\"#ced4da\"/>",
                        n(6.0),
                        n(bottom),
                        x = n(x)
                    );
                }
                None => {
                    let _ = writeln!(
                        svg,
                        "<line x1=\"{x}\" y1=\"{}\" x2=\"{x}\" y2=\"{}\" stroke=\"#ced4da\"/>",
                        n(AXIS_H - 9.0),
                        n(AXIS_H - 4.0),
                        x = n(x)
                    );
                }
                Some(label) => {
                    let (tx, anchor) = match t.until {
                        Some(u) => ((x + axis.x(u)) / 2.0, "middle"),
                        None => (x + 4.0, "start"),
                    };
                    let _ = writeln!(
                        svg,
                        "<text class=\"{}\" x=\"{}\" y=\"{}\" text-anchor=\"{anchor}\">{}</text>",
                        if t.upper { "year" } else { "tick" },
                        n(tx),
                        if t.upper { 18 } else { 32 },
                        escape(label)
                    );
                }
            }
        }
        // Findings under the bars (bands, windows), then rows (labels, pins, bars), then
        // the findings' markers and numbers over everything.
        let mut place_of: BTreeMap<(ClaimId, Which), (usize, usize)> = BTreeMap::new();
        for (ri, r) in lay.rows.iter().enumerate() {
            for (lane, item) in r.items.iter().enumerate() {
                place_of.insert((item.claim, item.which), (ri, lane));
            }
        }
        let marks = Marks {
            sid,
            lay,
            axis,
            place_of: &place_of,
            taken: std::cell::RefCell::new(Vec::new()),
        };
        let (mut under, mut over) = (String::new(), String::new());
        for &i in findings {
            if let Some(specs) = self.specs.get(&*run.findings[i].rule) {
                self.finding_mark(&mut under, &mut over, i, specs, &marks);
            }
        }
        svg.push_str(&under);
        let mut grad = 0usize;
        for r in &lay.rows {
            self.row_head(&mut svg, r.claims[0], r.origin, r.top, &r.pins);
            for (lane, item) in r.items.iter().enumerate() {
                grad += 1;
                self.bar(
                    &mut svg,
                    &format!("{sid}-g{grad}"),
                    axis,
                    item,
                    r.lane_y(lane),
                );
            }
        }
        svg.push_str(&over);
        let _ = writeln!(svg, "</svg>");
        svg
    }

    fn bar(&self, svg: &mut String, gid: &str, axis: &Axis, item: &Item, lane_y: f64) {
        let c = self.run.corpus;
        let cl = &c.claims[item.claim];
        let p = item.period;
        let color = kind_color(cl.kind);
        let last = axis.a1 - 1;
        let open_left = p.start.earliest <= NEG_INF && p.start.latest <= NEG_INF;
        let unknown_left = !open_left && p.start.earliest <= NEG_INF;
        let open_right = p.end.earliest >= POS_INF;
        let unknown_right = !open_right && p.end.latest >= POS_INF;
        let cl_day = |d: Day| d.clamp(axis.a0, last);
        let (s_lo, s_hi) = if open_left {
            (axis.a0, axis.a0)
        } else if unknown_left {
            (axis.a0, cl_day(p.start.latest))
        } else {
            (cl_day(p.start.earliest), cl_day(p.start.latest))
        };
        let (e_lo, e_hi) = if open_right {
            (last, last)
        } else if unknown_right {
            (cl_day(p.end.earliest), last)
        } else {
            (cl_day(p.end.earliest), cl_day(p.end.latest))
        };
        let x0 = axis.x(s_lo);
        let mut x1 = axis.x(e_hi + 1);
        if x1 - x0 < 3.0 {
            x1 = x0 + 3.0;
        }
        let mut core_l = axis.x(s_hi);
        let mut core_r = axis.x(e_lo + 1);
        if unknown_right && core_r < core_l {
            core_r = core_l;
        }
        if unknown_left && core_l > core_r {
            core_l = core_r;
        }
        let thin = item.which != Which::When;
        let (h, y) = if thin {
            (8.0, lane_y + BAR_MID - 4.0)
        } else {
            (BAR_H, lane_y + BAR_TOP)
        };
        let (lo, full) = (0.08, 0.9);
        let frac = |x: f64| ((x - x0) / (x1 - x0)).clamp(0.0, 1.0);
        let fill = if core_l <= core_r + 0.01 {
            let mut stops = vec![(0.0, if x0 + 0.5 < core_l { lo } else { full })];
            stops.push((frac(core_l), full));
            stops.push((frac(core_r), full));
            let right_lo = core_r + 0.5 < x1 && !open_right;
            stops.push((1.0, if right_lo { lo } else { full }));
            let _ = write!(svg, "<defs><linearGradient id=\"{gid}\">");
            for (off, op) in stops {
                let _ = write!(
                    svg,
                    "<stop offset=\"{:.4}\" stop-color=\"{color}\" stop-opacity=\"{op}\"/>",
                    off
                );
            }
            let _ = writeln!(svg, "</linearGradient></defs>");
            format!("fill=\"url(#{gid})\"")
        } else {
            // No day is inside in every reading: the whole span, evenly faint.
            format!("fill=\"{color}\" fill-opacity=\"0.4\"")
        };
        let outline = if item.borrowed {
            " stroke=\"#1f2328\" stroke-width=\"1.4\" stroke-dasharray=\"4 3\"".to_owned()
        } else {
            String::new()
        };
        let w = cl.time_of(item.which);
        let anchor_note = match w.map(|w| w.anchor.kind) {
            Some(AnchorKind::Borrowed) => " (borrowed anchor)",
            _ => "",
        };
        let label = format!("{}{}{anchor_note}", prefix(item.which), period_text(&p));
        let p_place = self.run.sources.get(cl.loc.file);
        let (line, _) = p_place.line_col(cl.loc.span.start as usize);
        let mut tip = format!("{} — per {}", cl.text, c.outlets[cl.origin].name);
        if cl.chain.len() > 1 {
            let relays: Vec<&str> = cl.chain[..cl.chain.len() - 1]
                .iter()
                .rev()
                .map(|o| c.outlets[*o].name.as_str())
                .collect();
            let _ = write!(tip, " (relayed by {})", relays.join(", then "));
        }
        if let Some(w) = w {
            let _ = write!(tip, "\n“{}{}” → {}", prefix(item.which), w.text, w.period);
            if let (Some(d), Some(src)) = (&w.anchor.date, w.anchor.source) {
                let src = c.describe_source(src);
                let _ = write!(tip, "\nread on {d}, the date of {src}");
            }
            if w.anchor.kind == AnchorKind::Borrowed {
                let _ = write!(tip, " (borrowed: not the origin's own date)");
            }
        }
        let _ = write!(tip, "\n{}:{}", p_place.shown_path(), line);
        let _ = writeln!(
            svg,
            "<g class=\"bar\"><title>{}</title><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"2\" {fill}{outline}/>",
            escape(&tip),
            n(x0),
            n(y),
            n(x1 - x0),
            n(h)
        );
        let ym = y + h / 2.0;
        if open_right || unknown_right {
            let xe = PLOT_X + PLOT_W;
            let _ = writeln!(
                svg,
                "<path d=\"M{} {} L{} {} L{} {} Z\" fill=\"{}\" stroke=\"{color}\" stroke-width=\"1.5\"/>",
                n(xe),
                n(ym - 7.0),
                n(xe + 9.0),
                n(ym),
                n(xe),
                n(ym + 7.0),
                if open_right { color } else { "#fff" }
            );
        }
        if open_left || unknown_left {
            let xs = PLOT_X;
            let _ = writeln!(
                svg,
                "<path d=\"M{} {} L{} {} L{} {} Z\" fill=\"{}\" stroke=\"{color}\" stroke-width=\"1.5\"/>",
                n(xs),
                n(ym - 7.0),
                n(xs - 9.0),
                n(ym),
                n(xs),
                n(ym + 7.0),
                if open_left { color } else { "#fff" }
            );
        }
        if thin && p.start.is_precise() {
            let xm = axis.x(p.start.earliest) + span(axis) / 2.0;
            let _ = writeln!(
                svg,
                "<path d=\"M{} {} L{} {} L{} {} L{} {} Z\" fill=\"{color}\"/>",
                n(xm),
                n(ym - 7.0),
                n(xm + 6.0),
                n(ym),
                n(xm),
                n(ym + 7.0),
                n(xm - 6.0),
                n(ym)
            );
        }
        // The date: left of the bar if it fits, else right of it, else above it.
        let est = label.chars().count() as f64 * 6.7;
        let right_end = if open_right || unknown_right {
            x1 + 10.0
        } else {
            x1
        };
        let left_start = if open_left || unknown_left {
            x0 - 10.0
        } else {
            x0
        };
        let (tx, ty, anchor) = if left_start - PLOT_X - 8.0 >= est {
            (left_start - 6.0, ym + 4.0, "end")
        } else if PLOT_X + PLOT_W - right_end - 8.0 >= est {
            (right_end + 6.0, ym + 4.0, "start")
        } else if x0 + est > PLOT_X + PLOT_W && x1 - est >= PLOT_X {
            (x1.min(PLOT_X + PLOT_W), lane_y + BAR_TOP - 3.0, "end")
        } else {
            (x0.max(PLOT_X) + 2.0, lane_y + BAR_TOP - 3.0, "start")
        };
        let _ = writeln!(
            svg,
            "<text class=\"dl\" x=\"{}\" y=\"{}\" text-anchor=\"{anchor}\">{}</text></g>",
            n(tx),
            n(ty),
            escape(&label)
        );
    }

    /// Draws one finding where it occurs: shapes under the bars (bands, windows) go to
    /// `under`, markers and the finding's number over them go to `over`; both link to the
    /// finding's row in the table.
    fn finding_mark(
        &self,
        under: &mut String,
        over: &mut String,
        i: usize,
        spec_of: &[Spec],
        m: &Marks,
    ) {
        let f = &self.run.findings[i];
        let (lay, axis) = (m.lay, m.axis);
        let claim_of = |var: &str| {
            f.involved
                .iter()
                .find(|inv| inv.role == var)
                .and_then(|inv| inv.claim)
        };
        let item_of = |(var, field): &(String, String)| {
            let claim = claim_of(var)?;
            let which = time_of_field(field)?;
            let (ri, lane) = *m.place_of.get(&(claim, which))?;
            Some((ri, lane, &lay.rows[ri].items[lane]))
        };
        let col = level_color(f.level);
        let possible = f.certainty == Sureness::Possible;
        let dash = if possible {
            " stroke-dasharray=\"5 3\""
        } else {
            ""
        };
        let num = i + 1;
        let (mut below, mut above) = (String::new(), String::new());
        // The finding's number in a small lozenge, centred on `x`, its top at `y`.
        let tag = |s: &mut String, x: f64, y: f64| {
            // Side by side with the numbers already drawn there, never on top of them.
            let mut taken = m.taken.borrow_mut();
            let mut x = x;
            while taken
                .iter()
                .any(|(tx, ty)| (tx - x).abs() < 25.0 && (ty - y).abs() < 15.0)
            {
                x += 26.0;
            }
            taken.push((x, y));
            let _ = write!(
                s,
                "<rect x=\"{}\" y=\"{}\" width=\"24\" height=\"15\" rx=\"7.5\" fill=\"{}\" stroke=\"{col}\" stroke-width=\"1.4\"{dash}/><text class=\"mk\" x=\"{}\" y=\"{}\" text-anchor=\"middle\" fill=\"{}\">{num}</text>",
                n(x - 12.0),
                n(y),
                if possible { "#fff" } else { col },
                n(x),
                n(y + 11.0),
                if possible { col } else { "#fff" }
            );
        };
        let mid =
            |p: &Period| (axis.x(p.start.earliest) + axis.x(p.end.latest.saturating_add(1))) / 2.0;
        for spec in spec_of {
            let first = item_of(&spec.first);
            let second = spec.second.as_ref().and_then(item_of);
            match (&spec.rel, first, second) {
                (Rel::Overlap | Rel::Gap, Some((ra, _, a)), Some((rb, _, b))) => {
                    let (pa, pb) = (a.period, b.period);
                    let (lo, hi) = if spec.rel == Rel::Overlap {
                        // Every day the two may share.
                        (
                            pa.start.earliest.max(pb.start.earliest),
                            pa.end.latest.min(pb.end.latest),
                        )
                    } else {
                        let (e, l) = if first_day(&pa) <= first_day(&pb) {
                            (pa, pb)
                        } else {
                            (pb, pa)
                        };
                        // The days surely between them, or else those possibly between.
                        let sure = (e.end.latest.saturating_add(1), l.start.earliest - 1);
                        if sure.0 <= sure.1 {
                            sure
                        } else {
                            (e.end.earliest.saturating_add(1), l.start.latest - 1)
                        }
                    };
                    let (lo, hi) = (axis.clamp(lo), axis.clamp(hi));
                    if lo > hi {
                        continue;
                    }
                    let (x0, mut x1) = (axis.x(lo), axis.x(hi + 1));
                    if x1 - x0 < 4.0 {
                        x1 = x0 + 4.0;
                    }
                    let (r0, r1) = (ra.min(rb), ra.max(rb));
                    let top = lay.rows[r0].top + 2.0;
                    let bottom = lay.rows[r1].top + lay.rows[r1].height - 2.0;
                    let fill = if spec.rel == Rel::Overlap {
                        format!(
                            "fill=\"url(#{}-hatch-{})\" fill-opacity=\"0.75\"",
                            m.sid,
                            f.level.as_str()
                        )
                    } else {
                        format!("fill=\"{col}\" fill-opacity=\"0.14\"")
                    };
                    let stroke_dash = if spec.rel == Rel::Gap && !possible {
                        " stroke-dasharray=\"1.5 2.5\""
                    } else {
                        dash
                    };
                    let _ = write!(
                        below,
                        "<rect class=\"band\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" {fill} stroke=\"{col}\" stroke-width=\"1.6\"{stroke_dash}/>",
                        n(x0),
                        n(top),
                        n(x1 - x0),
                        n(bottom - top)
                    );
                    tag(&mut above, (x0 + x1) / 2.0, bottom - 15.0);
                    let word = match (&spec.rel, possible) {
                        (Rel::Overlap, false) => "overlap",
                        (Rel::Overlap, true) => "overlap?",
                        (_, false) => "gap",
                        (_, true) => "gap?",
                    };
                    // Inside the band when it fits, else just beside its top.
                    let wide = word.len() as f64 * 6.8;
                    let (cx, anchor) = if x1 - x0 >= wide {
                        ((x0 + x1) / 2.0, "middle")
                    } else if x0 - PLOT_X >= wide + 4.0 {
                        (x0 - 4.0, "end")
                    } else {
                        (x1 + 4.0, "start")
                    };
                    let _ = write!(
                        above,
                        "<text class=\"dl mk\" x=\"{}\" y=\"{}\" text-anchor=\"{anchor}\" style=\"fill:{col}\">{word}</text>",
                        n(cx),
                        n(top + 12.0)
                    );
                }
                (Rel::Within, Some((ra, la, a)), Some((rb, _, b))) => {
                    let rowb = &lay.rows[rb];
                    let (w0, w1) = (
                        axis.x(b.period.start.earliest),
                        axis.x(b.period.end.latest.saturating_add(1)),
                    );
                    let _ = write!(
                        below,
                        "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"none\" stroke=\"{col}\" stroke-width=\"1.6\" stroke-dasharray=\"4 2\"/>",
                        n(w0 - 2.0),
                        n(rowb.top + 3.0),
                        n((w1 - w0).max(3.0) + 4.0),
                        n(rowb.height - 6.0)
                    );
                    let (xa, ya) = (mid(&a.period), lay.rows[ra].lane_y(la) + BAR_MID);
                    let _ = write!(
                        above,
                        "<path d=\"M{} {} L{} {} M{} {} L{} {}\" stroke=\"#fff\" stroke-width=\"6\"/><path d=\"M{} {} L{} {} M{} {} L{} {}\" stroke=\"{col}\" stroke-width=\"3\"/>",
                        n(xa - 7.0), n(ya - 7.0), n(xa + 7.0), n(ya + 7.0),
                        n(xa + 7.0), n(ya - 7.0), n(xa - 7.0), n(ya + 7.0),
                        n(xa - 7.0), n(ya - 7.0), n(xa + 7.0), n(ya + 7.0),
                        n(xa + 7.0), n(ya - 7.0), n(xa - 7.0), n(ya + 7.0),
                    );
                    tag(&mut above, xa + 22.0, ya - 7.5);
                }
                (Rel::Weekday { end }, Some((ra, la, a)), _) => {
                    // The day a weekday was stated for, or the checked end of the period.
                    let cl = &self.run.corpus.claims[a.claim];
                    let stated = cl
                        .time_of(a.which)
                        .into_iter()
                        .flat_map(|w| &w.weekdays)
                        .find(|s| {
                            s.day.is_precise() && calendar::weekday(s.day.earliest) != s.weekday
                        })
                        .map(|s| s.day);
                    let day = stated.unwrap_or(if *end { a.period.end } else { a.period.start });
                    let xm = (axis.x(day.earliest) + axis.x(day.latest.saturating_add(1))) / 2.0;
                    let ym = lay.rows[ra].lane_y(la) + BAR_MID;
                    let _ = write!(
                        above,
                        "<path d=\"M{} {} L{} {} L{} {} L{} {} Z\" fill=\"{col}\" stroke=\"#fff\" stroke-width=\"1.5\"/><text class=\"pn\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">W</text>",
                        n(xm), n(ym - 10.0), n(xm + 10.0), n(ym), n(xm), n(ym + 10.0), n(xm - 10.0), n(ym),
                        n(xm), n(ym + 3.5)
                    );
                    tag(&mut above, xm + 25.0, ym - 7.5);
                }
                (Rel::Length, Some((ra, la, a)), _) => {
                    let (x0, x1) = (
                        axis.x(a.period.start.earliest),
                        axis.x(a.period.end.latest.saturating_add(1)),
                    );
                    let y = lay.rows[ra].lane_y(la) + BAR_TOP - 4.0;
                    let _ = write!(
                        below,
                        "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"3\" fill=\"none\" stroke=\"{col}\" stroke-width=\"2\"{dash}/>",
                        n(x0 - 3.0),
                        n(y),
                        n((x1 - x0).max(3.0) + 6.0),
                        n(BAR_H + 8.0)
                    );
                    tag(&mut above, x1 + 16.0, y + 2.0);
                }
                _ => continue,
            }
            break;
        }
        if below.is_empty() && above.is_empty() {
            return;
        }
        let tip = escape(&format!(
            "#{num} {} ({}, {}): {}",
            f.rule,
            f.level.as_str(),
            f.certainty.as_str(),
            f.message
        ));
        for (out, body) in [(under, below), (over, above)] {
            if !body.is_empty() {
                let _ = writeln!(
                    out,
                    "<a class=\"mark\" href=\"#f-{num}\" data-f=\"{num}\"><title>{tip}</title>{body}</a>"
                );
            }
        }
    }

    /// Claims whose month and day are written but whose year cannot be known, on a strip of
    /// one (leap) year: positions within a year only.
    fn strip_svg(
        &self,
        sid: &str,
        lay: &Layout,
        by_claim: &BTreeMap<ClaimId, Vec<usize>>,
    ) -> String {
        let c = self.run.corpus;
        let rows: Vec<(&Unplaced, Which, MonthDays)> = lay
            .unresolved
            .iter()
            .flat_map(|u| {
                u.times
                    .iter()
                    .filter_map(move |(w, _, md)| md.map(|md| (u, *w, md)))
            })
            .collect();
        if rows.is_empty() {
            return String::new();
        }
        let x = |doy: u32| PLOT_X + f64::from(doy) / 366.0 * PLOT_W;
        let height = AXIS_H + rows.len() as f64 * (LANE_H + ROW_PAD) + 10.0;
        let mut svg = String::new();
        let _ = writeln!(
            svg,
            "<div class=\"strip\"><p><b>Month and day as written, year unknown.</b> These dates could not be placed above: no publication date is known to give them a year. Each row may be in a different year; verify does not compare them.</p>"
        );
        let _ = writeln!(
            svg,
            "<svg viewBox=\"0 0 {} {}\" role=\"img\" aria-label=\"month and day, year unknown\" id=\"{sid}-strip\">",
            n(W),
            n(height)
        );
        let _ = writeln!(
            svg,
            "<text class=\"year\" x=\"10\" y=\"18\">year unknown</text>"
        );
        for m in 1..=12u32 {
            let x0 = x(day_of_year((m, 1)));
            let _ = writeln!(
                svg,
                "<line x1=\"{x}\" y1=\"{}\" x2=\"{x}\" y2=\"{}\" stroke=\"#ced4da\"/><text class=\"tick\" x=\"{}\" y=\"32\" text-anchor=\"middle\">{}</text>",
                n(AXIS_H - 12.0),
                n(height - 10.0),
                n(x0 + PLOT_W / 24.0),
                &MONTHS[m as usize - 1][..3],
                x = n(x0)
            );
        }
        let _ = writeln!(
            svg,
            "<line x1=\"{x}\" y1=\"{}\" x2=\"{x}\" y2=\"{}\" stroke=\"#ced4da\"/>",
            n(AXIS_H - 12.0),
            n(height - 10.0),
            x = n(PLOT_X + PLOT_W)
        );
        for (k, (u, which, md)) in rows.iter().enumerate() {
            let cl = &c.claims[u.claim];
            let top = AXIS_H + k as f64 * (LANE_H + ROW_PAD);
            if k % 2 == 1 {
                let _ = writeln!(
                    svg,
                    "<rect x=\"0\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"#f6f8fa\"/>",
                    n(top),
                    n(W),
                    n(LANE_H + ROW_PAD)
                );
            }
            let pins: Vec<usize> = by_claim.get(&u.claim).cloned().unwrap_or_default();
            self.row_head(&mut svg, u.claim, cl.origin, top, &pins);
            let (x0, x1) = (x(day_of_year(md.0)), x(day_of_year(md.1) + 1));
            let color = kind_color(cl.kind);
            let text = cl
                .time_of(*which)
                .map(|w| w.text.clone())
                .unwrap_or_default();
            let label = format!("{}{}, year unknown", prefix(*which), month_day_text(*md));
            let est = label.chars().count() as f64 * 6.7;
            let x1 = x1.max(x0 + 4.0);
            let (tx, anchor) = if x1 + 8.0 + est <= PLOT_X + PLOT_W {
                (x1 + 6.0, "start")
            } else {
                (x0 - 6.0, "end")
            };
            let y = top + ROW_PAD / 2.0 + BAR_TOP;
            let _ = writeln!(
                svg,
                "<g class=\"bar\"><title>{}</title><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"2\" fill=\"{color}\" fill-opacity=\"0.6\" stroke=\"{color}\" stroke-width=\"1.2\" stroke-dasharray=\"2 2\"/><text class=\"dl\" x=\"{}\" y=\"{}\" text-anchor=\"{anchor}\">{}</text></g>",
                escape(&format!("{} — per {}\n“{}{}”: year unknown", cl.text, c.outlets[cl.origin].name, prefix(*which), text)),
                n(x0),
                n(y),
                n(x1 - x0),
                n(BAR_H),
                n(tx),
                n(y + BAR_H / 2.0 + 4.0),
                escape(&label)
            );
        }
        let _ = writeln!(svg, "</svg></div>");
        svg
    }

    fn table(&mut self) {
        let run = self.run;
        let c = run.corpus;
        let _ = writeln!(
            self.out,
            "<section id=\"findings\">\n<h2>Findings ({})</h2>",
            run.findings.len()
        );
        if run.findings.is_empty() {
            let _ = writeln!(self.out, "<p>No findings.</p>\n</section>");
            return;
        }
        let _ = writeln!(
            self.out,
            "<table>\n<thead><tr><th>#</th><th>severity</th><th>rule</th><th>message</th><th>claims: where, who said it, dates</th></tr></thead>\n<tbody>"
        );
        for (i, f) in run.findings.iter().enumerate() {
            let num = i + 1;
            let shown = self.shown_in[i]
                .iter()
                .map(|s| format!("<a href=\"#story-{s}\">story {s}</a>"))
                .collect::<Vec<_>>()
                .join(", ");
            let _ = write!(
                self.out,
                "<tr class=\"finding {}\" id=\"f-{num}\" data-f=\"{num}\"><td><a href=\"#f-{num}\">{num}</a></td>",
                level_class(f.level)
            );
            let _ = write!(
                self.out,
                "<td><span class=\"sev {}\">{}</span><br><span class=\"tag\">{}</span><span class=\"tag\">{}</span>{}</td>",
                level_class(f.level),
                f.level.as_str(),
                f.certainty.as_str(),
                f.category.as_str(),
                if run.known[i] {
                    "<span class=\"tag\">known</span>"
                } else {
                    ""
                }
            );
            let _ = write!(
                self.out,
                "<td><code>{}</code><br>{}</td><td>{}{}</td><td><ul>",
                escape(&f.rule),
                escape(&f.title),
                escape(&f.message),
                if shown.is_empty() {
                    String::new()
                } else {
                    format!("<br><span class=\"muted\">on the timeline: {shown}</span>")
                }
            );
            for inv in &f.involved {
                let p = place(run.sources, inv);
                let what = match (inv.claim, inv.entity) {
                    (Some(id), _) => {
                        format!(
                            "<span class=\"claim\">{}</span>",
                            escape(&c.claims[id].text)
                        )
                    }
                    (_, Some(e)) => {
                        let e = &c.entities[e];
                        format!(
                            "{} <code>{}</code> <bdi>{}</bdi>",
                            escape(e.kind.as_str()),
                            escape(&e.id),
                            escape(&e.name)
                        )
                    }
                    _ => String::new(),
                };
                let mut li = format!("<li><code>{}:{}</code> {what}", escape(p.file), p.line);
                if let Some(o) = inv.origin(c) {
                    let _ = write!(li, "<br>origin <b><bdi>{}</bdi></b>", escape(o));
                    if let Some(r) = inv.relays(c) {
                        let _ = write!(li, ", relayed by <bdi>{}</bdi>", escape(&r));
                    }
                }
                if let Some(d) = inv.dates(c) {
                    let _ = write!(li, "<br>dates: {}", escape(&d));
                }
                let _ = writeln!(self.out, "{li}</li>");
            }
            let _ = writeln!(self.out, "</ul></td></tr>");
        }
        let _ = writeln!(self.out, "</tbody>\n</table>\n</section>");
    }

    fn problems(&mut self) {
        let run = self.run;
        if run.diagnostics.is_empty() {
            return;
        }
        let _ = writeln!(
            self.out,
            "<section id=\"problems\">\n<h2>Input problems ({})</h2>\n<ul>",
            run.diagnostics.len()
        );
        for d in run.diagnostics {
            let at = diagnostic_place(run.sources, d)
                .map(|p| format!("<code>{}:{}:{}</code> ", escape(p.file), p.line, p.column))
                .unwrap_or_default();
            let help = d
                .help
                .as_ref()
                .map(|h| format!(" <span class=\"muted\">({})</span>", escape(h)))
                .unwrap_or_default();
            let _ = writeln!(
                self.out,
                "<li><span class=\"sev {}\">{}</span> {at}{}{help}</li>",
                match d.severity.as_str() {
                    "error" => "error",
                    "warning" => "warning",
                    _ => "info",
                },
                escape(d.severity.as_str()),
                escape(&d.message)
            );
        }
        let _ = writeln!(self.out, "</ul>\n</section>");
    }
}

fn plural(k: usize, one: &str, many: &str) -> String {
    format!("{k} {}", if k == 1 { one } else { many })
}

/// One day's width on an axis.
fn span(axis: &Axis) -> f64 {
    PLOT_W / f64::from((axis.a1 - axis.a0).max(1))
}

/// What drawing a finding on a timeline needs: the story's id (its patterns are named after
/// it), the rows, the axis, and where each drawn time is (row, lane).
struct Marks<'l> {
    sid: &'l str,
    lay: &'l Layout,
    axis: &'l Axis,
    place_of: &'l BTreeMap<(ClaimId, Which), (usize, usize)>,
    /// Where finding numbers are already drawn.
    taken: std::cell::RefCell<Vec<(f64, f64)>>,
}
