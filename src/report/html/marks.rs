//! What findings look like on a timeline, read from the rule's condition (never from its
//! id): which relation a condition checks between which stated times, and drawing each
//! finding where it occurs.

use super::*;

#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Rel {
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
pub(super) struct Spec {
    pub(super) rel: Rel,
    pub(super) first: (String, String),
    pub(super) second: Option<(String, String)>,
}

pub(super) fn period_path(e: &Expr) -> Option<(String, String)> {
    match &e.kind {
        ExprKind::Path(var, fields) if fields.len() == 1 && (var == "a" || var == "b") => {
            let field = &fields[0].name;
            time_of_field(field).map(|_| (var.clone(), field.clone()))
        }
        _ => None,
    }
}

pub(super) fn collect_specs(e: &Expr, out: &mut Vec<Spec>) {
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
                Func::Disjoint | Func::Later | Func::Earlier => two().map(|p| (Rel::Gap, p)),
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
pub(super) fn specs_of(e: &Expr) -> Vec<Spec> {
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

/// What drawing a finding on a timeline needs: the story's id (its patterns are named after
/// it), the rows, the axis, and where each drawn time is (row, lane).
pub(super) struct Marks<'l> {
    pub(super) sid: &'l str,
    pub(super) lay: &'l Layout,
    pub(super) axis: &'l Axis,
    pub(super) place_of: &'l BTreeMap<(ClaimId, Which), (usize, usize)>,
    /// Where finding numbers are already drawn.
    pub(super) taken: std::cell::RefCell<Vec<(f64, f64)>>,
}

impl Page<'_, '_> {
    /// Draws one finding where it occurs: shapes under the bars (bands, windows) go to
    /// `under`, markers and the finding's number over them go to `over`; both link to the
    /// finding's row in the table.
    pub(super) fn finding_mark(
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
                .find(|inv| inv.role.as_str() == var)
                .and_then(|inv| inv.claim())
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
                        .flat_map(|w| w.weekdays())
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
}
