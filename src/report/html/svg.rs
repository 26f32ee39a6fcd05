//! The SVG of a timeline and of the month-and-day strip: geometry, row heads, bars with
//! their imprecision drawn, and where the finding marks go.

use super::*;

// Geometry of a timeline, in SVG user units (the SVG scales to its column).
pub(super) const W: f64 = 880.0;
pub(super) const PIN_X: f64 = 232.0;
pub(super) const PLOT_X: f64 = 314.0;
pub(super) const PLOT_W: f64 = 542.0;
pub(super) const AXIS_H: f64 = 44.0;
pub(super) const LANE_H: f64 = 36.0;
pub(super) const ROW_PAD: f64 = 10.0;
/// A bar's top and height within its lane.
pub(super) const BAR_TOP: f64 = 12.0;
pub(super) const BAR_H: f64 = 14.0;
pub(super) const BAR_MID: f64 = BAR_TOP + BAR_H / 2.0;

impl Page<'_, '_> {
    /// The row label and its pins (shared by the timeline and the month-and-day strip).
    pub(super) fn row_head(
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
    pub(super) fn timeline_svg(
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

    pub(super) fn bar(&self, svg: &mut String, gid: &str, axis: &Axis, item: &Item, lane_y: f64) {
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
            Some(AnchorKind::Inferred) => " (year inferred)",
            _ => "",
        };
        let label = format!("{}{}{anchor_note}", prefix(item.which), period_text(&p));
        let p_place = self.run.sources.get(cl.loc.file);
        let (line, _) = p_place.line_col(cl.loc.span.start as usize);
        let mut tip = format!("{} — per {}", c.claim_text(cl), c.outlets[cl.origin()].name);
        if cl.relayed() {
            let relays: Vec<&str> = cl.relays().map(|o| c.outlets[o].name.as_str()).collect();
            let _ = write!(tip, " (relayed by {})", relays.join(", then "));
        }
        if let Some(w) = w {
            let _ = write!(
                tip,
                "\n“{}{}” → {}",
                prefix(item.which),
                c.when_text(w),
                w.period
            );
            match (w.anchor.kind, &w.anchor.date, w.anchor.source) {
                (AnchorKind::Inferred, _, Some(src)) => {
                    let _ = write!(tip, "\n{}", c.describe_source(src));
                }
                (_, Some(d), Some(src)) => {
                    let src = c.describe_source(src);
                    let _ = write!(tip, "\nread on {d}, the date of {src}");
                }
                _ => {}
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

    /// Claims whose month and day are written but whose year cannot be known, on a strip of
    /// one (leap) year: positions within a year only.
    pub(super) fn strip_svg(
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
            self.row_head(&mut svg, u.claim, cl.origin(), top, &pins);
            let (x0, x1) = (x(day_of_year(md.0)), x(day_of_year(md.1) + 1));
            let color = kind_color(cl.kind);
            let text = cl
                .time_of(*which)
                .map(|w| c.when_text(w).to_owned())
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
                escape(&format!("{} — per {}\n“{}{}”: year unknown", c.claim_text(cl), c.outlets[cl.origin()].name, prefix(*which), text)),
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
}
