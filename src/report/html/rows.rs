//! Rows of a story: each claim's stated times as items in the row of its label and origin,
//! what cannot be placed (and why), dates written with a month and day but no year, and
//! the texts that label them.

use super::*;

/// What the report writes before a time that is not the claim's `when`.
pub(super) fn prefix(which: Which) -> &'static str {
    match which {
        Which::When => "",
        Which::Arriving => "arriving ",
        Which::Signed => "signed ",
    }
}

/// The time a claim field of the condition language reads, from the field registry (`at`
/// reads `when` when it is stated).
pub(super) fn time_of_field(field: &str) -> Option<Which> {
    fields::claim(field)?.time
}

/// Whether a resolved time can be drawn: resolved, not reversed, with a bounded day.
pub(super) fn placeable(w: &When) -> bool {
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
pub(super) fn period_text(p: &Period) -> String {
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
pub(super) fn short_name(c: &Corpus, cl: &Claim) -> String {
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
        ClaimKind::Visit => term(0).map(|who| match ent(cl.to()) {
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
        .or_else(|| cl.label.as_deref().map(str::to_owned))
        .unwrap_or_else(|| cl.kind.as_str().to_owned())
}

/// `plan ap-2022`, or just `holds` without a label.
pub(super) fn kind_label(cl: &Claim) -> String {
    match &cl.label {
        Some(l) => format!("{} {l}", cl.kind.as_str()),
        None => cl.kind.as_str().to_owned(),
    }
}

/// Whether a (month, day) span lies within one calendar year (possible in a leap year).
pub(super) fn within_a_year(span: MonthDays) -> bool {
    let ok = |(m, d): (u32, u32)| {
        (1..=12).contains(&m) && d >= 1 && d <= calendar::days_in_month(calendar::LEAP_YEAR, m)
    };
    ok(span.0) && ok(span.1) && span.0 <= span.1
}

/// Month and day (in that order) of the first and of the last day of a span, no year.
pub(super) type MonthDays = ((u32, u32), (u32, u32));

/// Day of a 366-day year (1 January is 0; 29 February has its own day).
pub(super) fn day_of_year((m, d): (u32, u32)) -> u32 {
    calendar::day_of_leap_year(m, d)
}

pub(super) fn month_day_text(span: MonthDays) -> String {
    calendar::month_day_text(span)
}

/// One drawn time of a claim.
pub(super) struct Item {
    pub(super) claim: ClaimId,
    pub(super) which: Which,
    pub(super) period: Period,
    pub(super) borrowed: bool,
}

pub(super) struct Row {
    pub(super) claims: Vec<ClaimId>,
    pub(super) origin: OutletId,
    pub(super) items: Vec<Item>,
    /// Findings touching this row (indexes into the run's findings).
    pub(super) pins: Vec<usize>,
    pub(super) top: f64,
    pub(super) height: f64,
}

impl Row {
    pub(super) fn lane_y(&self, lane: usize) -> f64 {
        self.top + ROW_PAD / 2.0 + LANE_H * lane as f64
    }
}

/// A claim not placed on the timeline and why.
pub(super) struct Unplaced {
    pub(super) claim: ClaimId,
    /// The unresolved times: (which, canonical text, month and day if written).
    pub(super) times: Vec<(Which, String, Option<MonthDays>)>,
}

pub(super) struct Layout {
    pub(super) rows: Vec<Row>,
    pub(super) unresolved: Vec<Unplaced>,
    pub(super) undated: Vec<ClaimId>,
    pub(super) axis: Option<Axis>,
}

pub(super) fn first_day(p: &Period) -> Day {
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

pub(super) fn layout(c: &Corpus, story: &Story) -> Layout {
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
                    borrowed: matches!(w.anchor.kind, AnchorKind::Borrowed | AnchorKind::Inferred),
                });
            } else if w.anchor.kind == AnchorKind::Unresolved {
                open.push((
                    which,
                    c.when_text(w).to_owned(),
                    w.month_days().filter(|&span| within_a_year(span)),
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
            .as_deref()
            .map_or_else(|| format!("\u{10ffff}{id:09}"), str::to_owned);
        let row = rows.entry((key, cl.origin())).or_insert_with(|| Row {
            claims: Vec::new(),
            origin: cl.origin(),
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
