//! Years inferred from evidence: an undated article's "from 5 to 9 August" gets its year
//! from elsewhere in the corpus, never from a guess, and says why.
//!
//! Each undated article (a report, or a `per` block, whose chain has no publication date
//! anywhere, so its relative dates are unresolved) is one unknown: its "this year", shared by
//! all of its relative dates. Evidence narrows the years it can be:
//!
//! - another account of the same labelled event (same label and kind) whose dates are known
//!   (absolute, read on its origin's own date, or inferred in an earlier round): one real-world
//!   event, one year;
//! - the event a claim is said to happen `during`, when that event's dates are known;
//! - the article itself, when it gives an absolute date for an event it also dates
//!   relatively.
//!
//! A year `Y` is consistent with one piece of evidence when the claim's time, read in year
//! `Y`, shares a day with the evidence's dates; when no year does (the accounts disagree on
//! the days), when it falls in the same calendar years (the disagreement is then a finding
//! of its own). Stated weekdays are never evidence: they are what gets checked once the year
//! is known. The years left by every piece of evidence are intersected: one year is
//! inferred; none means the evidence disagrees (unless an event across 31 December explains
//! it: the claims it puts in the next year are read there), and the dates stay unresolved
//! with the disagreement recorded; several mean nothing is inferred. Decisions are made in
//! rounds, each using only evidence decided before it, until a round decides nothing: the
//! process is deterministic and terminates (each round decides at least one more article, or
//! stops; at most 64 rounds). At most 32 distinct dated accounts of one label count as
//! evidence, chosen without regard to file order and spread over the years they fall in, so
//! the work stays linear in the corpus. A date that cannot be read in the year inferred is
//! a warning.

use std::collections::{BTreeMap, BTreeSet};

use super::resolve_time::{self, Anchor, AnchorKind, AnchorSource, When};
use super::time::{self, Certainty, Fuzzy, Period};
use super::{Claim, ClaimId, Corpus, OutletId, ReportId, TimeOf};
use crate::calendar::{days_in_month, ymd};
use crate::diag::Diagnostic;
use crate::syntax;
use crate::syntax::ClaimKind;

/// What the corpus says about the year of one undated article.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Inference {
    /// The year inferred; `None` when the evidence disagrees.
    pub year: Option<i32>,
    /// The evidence in words: `the same event fest is dated 2023 by Agency B`, or, when it
    /// disagrees, what each piece says.
    pub because: String,
}

/// An undated article: the report and the chain of outlets of its claims.
type Article = (ReportId, Vec<OutletId>);

/// One piece of evidence for a claim's time: the years it allows, and why.
struct Evidence {
    /// The claim it is about.
    claim: ClaimId,
    /// The years of the article it allows (none: it allows no year at all).
    years: BTreeSet<i32>,
    /// The first year of its dates, when they run across 31 December into the next.
    crosses: Option<i32>,
    because: String,
}

/// Infers the year of every undated article the corpus gives evidence for, and reads its
/// relative dates again in that year. Records each inference (and each disagreement) in
/// `corpus.inferences`; returns a warning for each date that cannot be read in the year
/// inferred (`29 February` in 2023, a range that runs backwards in it).
pub fn infer_years(corpus: &mut Corpus) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let mut articles: BTreeMap<Article, Vec<ClaimId>> = BTreeMap::new();
    for (id, c) in corpus.claims.iter().enumerate() {
        if c.anchor.kind == AnchorKind::Unresolved && c.times().any(needs_anchor) {
            articles
                .entry((c.report(), c.chain().collect()))
                .or_default()
                .push(id);
        }
    }
    if articles.is_empty() {
        return diags;
    }
    let mut open: Vec<(Article, Vec<ClaimId>)> = articles.into_iter().collect();
    for _ in 0..MAX_ROUNDS {
        let by_label = dated_by_label(corpus);
        // Every decision of a round uses only what was known before it.
        let mut decided: Vec<(usize, Decision)> = Vec::new();
        for (n, (_, claims)) in open.iter().enumerate() {
            let evidence = evidence_for(corpus, claims, &by_label);
            if let Some(d) = decide(&evidence) {
                decided.push((n, d));
            }
        }
        if decided.is_empty() {
            break;
        }
        let done: BTreeSet<usize> = decided.iter().map(|(n, _)| *n).collect();
        for (n, decision) in decided {
            let index = corpus.inferences.len() as u32;
            let year = decision.inference.year;
            corpus.inferences.push(decision.inference);
            // Claims whose evidence puts them across 31 December, in the year next to the
            // article's: each with its own inference, saying so.
            for &id in &open[n].1 {
                let (year, index) = match (year, decision.shifted.get(&id)) {
                    (Some(y), Some((offset, because))) => {
                        corpus.inferences.push(Inference {
                            year: Some(y + offset),
                            because: because.clone(),
                        });
                        (Some(y + offset), corpus.inferences.len() as u32 - 1)
                    }
                    _ => (year, index),
                };
                apply(corpus, id, year, index, &mut diags);
            }
        }
        let mut i = 0;
        open.retain(|_| {
            i += 1;
            !done.contains(&(i - 1))
        });
        if open.is_empty() {
            break;
        }
    }
    diags
}

/// What the evidence about one article decides.
struct Decision {
    inference: Inference,
    /// Claims read in the year after (+1) or before (-1) the article's: their evidence runs
    /// across 31 December and puts them on its other side. With the evidence in words.
    shifted: BTreeMap<ClaimId, (i32, String)>,
}

/// The year the evidence about one article allows, if one; that it disagrees, if it does;
/// `None` when it allows several years (or there is none).
///
/// The years each claim's evidence allows are intersected. When that leaves none, an event
/// across 31 December may explain it: the article's dates that fall in January of the next
/// year (`on 2 January`, during a festival from 28 December to 3 January) are read in that
/// year, and its dates in December of the year before (`on 29 December`, in an article of
/// early January) in that one, when their evidence says so and crosses the new year.
fn decide(evidence: &[Evidence]) -> Option<Decision> {
    if evidence.is_empty() {
        return None;
    }
    let because = |list: &mut Vec<&str>| {
        list.sort_unstable();
        list.dedup();
        brief(list)
    };
    // Per claim: the years all its evidence allows, and the first years of its evidence
    // that runs across 31 December.
    let mut per_claim: BTreeMap<ClaimId, (BTreeSet<i32>, BTreeSet<i32>)> = BTreeMap::new();
    for e in evidence {
        let entry = per_claim
            .entry(e.claim)
            .or_insert_with(|| (e.years.clone(), BTreeSet::new()));
        entry.0 = entry.0.intersection(&e.years).copied().collect();
        entry.1.extend(e.crosses);
    }
    let mut all: Option<BTreeSet<i32>> = None;
    for (years, _) in per_claim.values() {
        all = Some(match all {
            None => years.clone(),
            Some(a) => a.intersection(years).copied().collect(),
        });
    }
    let all = all.unwrap_or_default();
    let mut texts: Vec<&str> = evidence.iter().map(|e| e.because.as_str()).collect();
    match all.len() {
        1 => {
            return Some(Decision {
                inference: Inference {
                    year: all.first().copied(),
                    because: because(&mut texts),
                },
                shifted: BTreeMap::new(),
            })
        }
        0 => {}
        _ => return None,
    }
    // Across 31 December, evidence running from year F into F + 1: a claim it puts in F + 1
    // (its January side) fits an article of year F, and one it puts in F (its December
    // side) fits an article of F + 1. A year Y every claim allows so, at least one claim in
    // Y itself.
    let mut candidates: Option<BTreeSet<i32>> = None;
    for (years, crossing) in per_claim.values() {
        let mut allowed = years.clone();
        for &f in crossing {
            if years.contains(&(f + 1)) {
                allowed.insert(f);
            }
            if years.contains(&f) {
                allowed.insert(f + 1);
            }
        }
        candidates = Some(match candidates {
            None => allowed,
            Some(c) => c.intersection(&allowed).copied().collect(),
        });
    }
    let candidates: Vec<i32> = candidates
        .unwrap_or_default()
        .into_iter()
        .filter(|y| per_claim.values().any(|(years, _)| years.contains(y)))
        .collect();
    // Several years fit when an event across 31 December can be read from either side
    // (the festival in the article's year and the 2 January after it, or the 2 January
    // in the article's year and the festival before it): the dates are the same; the year
    // that moves the fewest claims, then the earlier (the year such an event starts in).
    let moved = |y: i32| {
        per_claim
            .values()
            .filter(|(years, _)| !years.contains(&y))
            .count()
    };
    let best = candidates.iter().copied().min_by_key(|&y| (moved(y), y));
    if let Some(year) = best {
        let mut shifted = BTreeMap::new();
        for (&id, (years, crossing)) in &per_claim {
            if years.contains(&year) {
                continue;
            }
            let (offset, side) = if crossing.contains(&year) && years.contains(&(year + 1)) {
                (1, "after 31 December")
            } else {
                (-1, "before 1 January")
            };
            let mut own: Vec<&str> = evidence
                .iter()
                .filter(|e| e.claim == id)
                .map(|e| e.because.as_str())
                .collect();
            shifted.insert(
                id,
                (
                    offset,
                    format!(
                        "{} (the article's other dates are in {year}: this one is {side})",
                        because(&mut own)
                    ),
                ),
            );
        }
        let mut own: Vec<&str> = evidence
            .iter()
            .filter(|e| !shifted.contains_key(&e.claim))
            .map(|e| e.because.as_str())
            .collect();
        return Some(Decision {
            inference: Inference {
                year: Some(year),
                because: because(&mut own),
            },
            shifted,
        });
    }
    // The evidence disagrees: one piece for each set of years it allows, so that what
    // disagrees is shown, however much agrees.
    let mut by_years: BTreeMap<&BTreeSet<i32>, Vec<&str>> = BTreeMap::new();
    for e in evidence {
        by_years.entry(&e.years).or_default().push(&e.because);
    }
    let mut shown: Vec<&str> = by_years
        .into_values()
        .filter_map(|mut list| {
            list.sort_unstable();
            list.first().copied()
        })
        .collect();
    // Two claims of the article may cite the same evidence, each allowing other years.
    shown.sort_unstable();
    shown.dedup();
    let more = {
        texts.sort_unstable();
        texts.dedup();
        texts.len().saturating_sub(shown.len())
    };
    let mut text = shown.join("; ");
    if more > 0 {
        text.push_str(&format!(" (and {more} more that agree with one of these)"));
    }
    Some(Decision {
        inference: Inference {
            year: None,
            because: text,
        },
        shifted: BTreeMap::new(),
    })
}

/// Pieces of evidence in words: all of them up to four, else the first three and how many
/// more.
fn brief(list: &[&str]) -> String {
    if list.len() <= 4 {
        return list.join("; ");
    }
    format!("{}; and {} more", list[..3].join("; "), list.len() - 3)
}

/// At most this many rounds: a chain of undated articles each dated only by the one
/// before it is followed this far (real stories need two or three).
const MAX_ROUNDS: usize = 64;

/// At most this many distinct dated accounts of one label are evidence: enough for any
/// story, and a corpus of a million accounts of one label stays linear.
const MAX_EVIDENCE: usize = 32;

/// A period's four bounds: earliest and latest start, earliest and latest end.
type Span4 = (i32, i32, i32, i32);

/// The claims whose dates can be evidence, by label: one for each distinct kind and dates
/// (the one whose origin's name sorts first), at most [`MAX_EVIDENCE`] per label, spread
/// over the calendar years they fall in so that no year that disagrees is left out.
/// Nothing here depends on the order of files or claims.
fn dated_by_label(corpus: &Corpus) -> BTreeMap<&str, Vec<ClaimId>> {
    // Label -> (kind, first and last year) -> dates -> (origin's name, claim).
    type ByDates<'a> = BTreeMap<Span4, (&'a str, ClaimId)>;
    let mut all: BTreeMap<&str, BTreeMap<(ClaimKind, i32, i32), ByDates>> = BTreeMap::new();
    for (id, c) in corpus.claims.iter().enumerate() {
        let (Some(label), Some(w)) = (&c.label, &c.when) else {
            continue;
        };
        if !dated(w) || !short(&w.period) {
            continue;
        }
        let p = &w.period;
        let years = (c.kind, ymd(p.start.earliest).0, ymd(p.end.latest).0);
        let dates = (
            p.start.earliest,
            p.start.latest,
            p.end.earliest,
            p.end.latest,
        );
        let origin = corpus.outlets[c.origin()].name.as_str();
        let slot = all
            .entry(&**label)
            .or_default()
            .entry(years)
            .or_default()
            .entry(dates)
            .or_insert((origin, id));
        if origin < slot.0 {
            *slot = (origin, id);
        }
    }
    all.into_iter()
        .map(|(label, groups)| {
            let each = (MAX_EVIDENCE / groups.len()).max(1);
            let ids = groups
                .into_values()
                .flat_map(|dates| dates.into_values().take(each).map(|(_, id)| id))
                .take(MAX_EVIDENCE)
                .collect();
            (label, ids)
        })
        .collect()
}

/// Whether a stated time waits for a publication date to be read on.
fn needs_anchor(w: &When) -> bool {
    w.anchor.kind == AnchorKind::Unresolved
}

/// The evidence about the year of the article of `claims`.
fn evidence_for(
    corpus: &Corpus,
    claims: &[ClaimId],
    by_label: &BTreeMap<&str, Vec<ClaimId>>,
) -> Vec<Evidence> {
    let mut out = Vec::new();
    for &id in claims {
        let c = &corpus.claims[id];
        let Some(w) = c.when.as_ref().filter(|w| needs_anchor(w)) else {
            continue;
        };
        let Some(expr) = syntax::parser::parse_time_expr(corpus.when_text(w)) else {
            continue;
        };
        // Another account of the same event, or the event it happens during.
        let same = c
            .label
            .as_ref()
            .and_then(|l| by_label.get(&**l))
            .into_iter()
            .flatten()
            .filter(|&&d| d != id && corpus.claims[d].kind == c.kind)
            .map(|&d| (d, Tie::Same));
        let during = c
            .rare()
            .during()
            .and_then(|(l, _)| by_label.get(l.as_str()))
            .into_iter()
            .flatten()
            .map(|&d| (d, Tie::During));
        for (d, tie) in same.chain(during) {
            let other = &corpus.claims[d];
            let Some(dw) = other.when.as_ref() else {
                continue;
            };
            let Some(years) = consistent_years(&expr, &dw.period) else {
                continue;
            };
            let (first, _, _) = ymd(dw.period.start.earliest);
            let (last, _, _) = ymd(dw.period.end.latest);
            out.push(Evidence {
                claim: id,
                years,
                crosses: (last == first + 1).then_some(first),
                because: describe(corpus, c, other, dw, tie),
            });
        }
    }
    out
}

/// How a claim is tied to the evidence.
#[derive(Clone, Copy)]
enum Tie {
    /// The same event (label and kind).
    Same,
    /// The event the claim happens during.
    During,
}

/// Whether a time's dates are known well enough to be evidence: absolute, read on its
/// origin's own date, or on a year inferred before. Never a borrowed date (it may be a year
/// off) and never an unresolved one.
fn dated(w: &When) -> bool {
    matches!(
        w.anchor.kind,
        AnchorKind::Absolute | AnchorKind::Origin | AnchorKind::Inferred
    )
}

/// Spans at most three calendar years: an open or unknown end says nothing of a year.
fn short(p: &Period) -> bool {
    let (first, _, _) = ymd(p.start.earliest);
    let (last, _, _) = ymd(p.end.latest);
    !p.start.is_unbounded() && !p.end.is_unbounded() && last - first <= 2
}

/// The years in which `expr`, read as written in that year's articles, is consistent with
/// `evidence`: sharing a day with it, or else (the accounts disagree on the days) falling in
/// the same calendar years. A day that does not exist in a year (`29 February` in 2023) is
/// read there as the month's last day: the calendar does not pick the year, the evidence
/// does. `None` when `expr` cannot be read in any year near the evidence.
fn consistent_years(expr: &syntax::TimeExpr, evidence: &Period) -> Option<BTreeSet<i32>> {
    let (first, _, _) = ymd(evidence.start.earliest);
    let (last, _, _) = ymd(evidence.end.latest);
    let read = |y: i32| read_in_year(expr, y).or_else(|| read_in_year(&clamped(expr, y), y));
    // How far from its article's year the expression lands (`2 years ago`: two years
    // before): the years to try are the evidence's, shifted back by as much.
    let shift = (first..first + 8).find_map(|y| Some(ymd(read(y)?.start.earliest).0 - y))?;
    let mut by_day = BTreeSet::new();
    let mut by_year = BTreeSet::new();
    for y in first - shift - 1..=last - shift + 1 {
        let Some(p) = read(y) else {
            continue;
        };
        if time::intersects(&p, evidence) != Certainty::Never {
            by_day.insert(y);
        }
        let (a, _, _) = ymd(p.start.earliest);
        let (b, _, _) = ymd(p.end.latest);
        if a <= last && first <= b {
            by_year.insert(y);
        }
    }
    Some(if by_day.is_empty() { by_year } else { by_day })
}

/// `expr` with every day written without a year cut to the length of its month in year
/// `y` (29 February becomes 28 February in 2023).
fn clamped(expr: &syntax::TimeExpr, y: i32) -> syntax::TimeExpr {
    use syntax::{PointKind, TimeKind};
    let cut = |p: &syntax::Point| {
        let mut p = p.clone();
        match &mut p.kind {
            PointKind::DayMonth { d: Some(d), m } => *d = (*d).min(days_in_month(y, *m)),
            PointKind::DayRange { d1, d2, m, y: None } => {
                *d1 = (*d1).min(days_in_month(y, *m));
                *d2 = (*d2).min(days_in_month(y, *m));
            }
            _ => {}
        }
        p
    };
    let kind = match &expr.kind {
        TimeKind::On(p) => TimeKind::On(cut(p)),
        TimeKind::Range(a, b, until) => TimeKind::Range(cut(a), cut(b), *until),
        TimeKind::From(p) => TimeKind::From(cut(p)),
        TimeKind::Until(p) => TimeKind::Until(cut(p)),
    };
    syntax::TimeExpr {
        span: expr.span,
        kind,
    }
}

/// `expr` read in an article of year `y` (its anchor: some day of that year).
fn read_in_year(expr: &syntax::TimeExpr, y: i32) -> Option<Period> {
    let anchor = Anchor {
        kind: AnchorKind::Inferred,
        date: Some(Fuzzy::year(y)?),
        source: None,
    };
    let w = resolve_time::time_expr(expr, &anchor, 0).ok()?;
    (w.anchor.kind != AnchorKind::Unresolved).then_some(w.period)
}

/// The evidence in words: `the same event fest is dated 2023 by Agency B`.
fn describe(corpus: &Corpus, c: &Claim, other: &Claim, dw: &When, tie: Tie) -> String {
    let whose = &corpus.outlets[other.origin()].name;
    let dates = match dw.anchor.kind {
        AnchorKind::Inferred => format!("{} (its year inferred too)", dw.period),
        _ => dw.period.to_string(),
    };
    match (tie, &other.label) {
        (Tie::Same, Some(l)) => format!(
            "the same {} {l} is dated {dates} by {whose}",
            c.kind.as_str()
        ),
        (Tie::During, Some(l)) => match &c.label {
            Some(own) => format!(
                "{} {own} is during {l}, dated {dates} by {whose}",
                c.kind.as_str()
            ),
            None => format!(
                "the {} is during {l}, dated {dates} by {whose}",
                c.kind.as_str()
            ),
        },
        (_, None) => format!("{whose} dates it {dates}"),
    }
}

/// Reads the claim's relative dates again in `year` (or records that the evidence
/// disagrees, leaving them unresolved). A date that cannot be read in that year stays
/// unresolved, with a warning that says why.
fn apply(
    corpus: &mut Corpus,
    id: ClaimId,
    year: Option<i32>,
    index: u32,
    diags: &mut Vec<Diagnostic>,
) {
    let source = Some(AnchorSource::Inference(index));
    let Some(year) = year else {
        corpus.claims[id].anchor.source = source;
        return;
    };
    // The texts of the times to read again (those waiting for a date), taken before the
    // claim is changed.
    let texts: Vec<(TimeOf, String)> = [TimeOf::When, TimeOf::Arriving, TimeOf::Signed]
        .into_iter()
        .filter_map(|which| {
            let w = corpus.claims[id]
                .time_of(which)
                .filter(|w| needs_anchor(w))?;
            Some((which, corpus.when_text(w).to_owned()))
        })
        .collect();
    let c = &mut corpus.claims[id];
    let anchor = Anchor {
        kind: AnchorKind::Inferred,
        date: Fuzzy::year(year),
        source,
    };
    c.anchor = anchor;
    let mut failed = Vec::new();
    for (which, text) in &texts {
        let which = *which;
        let Some(w) = c.time_mut(which) else { continue };
        if !needs_anchor(w) {
            continue;
        }
        match reread(w, text, which, &anchor) {
            Ok(again) => *w = again,
            Err(why) => failed.push((w.loc, why)),
        }
    }
    for (loc, why) in failed {
        let because = corpus.inference_text(index);
        diags.push(
            Diagnostic::warning(
                "date",
                loc.file,
                loc.span,
                format!("in the year inferred for this article, {why}; the date stays unresolved"),
            )
            .with_label(format!("not a date in {year}"))
            .with_note(because),
        );
    }
}

/// One stated time read again on `anchor` from its text `written`, keeping where it and
/// its weekdays are written (and its own text, if it keeps one); why not, when it cannot be.
fn reread(w: &When, written: &str, which: TimeOf, anchor: &Anchor) -> Result<When, String> {
    let text = match which {
        TimeOf::When => written.to_owned(),
        // `arriving` and `signed` keep a single point's text: read it as `on …`.
        _ => format!("on {written}"),
    };
    let unreadable = || format!("`{written}` cannot be read");
    let expr = syntax::parser::parse_time_expr(&text).ok_or_else(unreadable)?;
    let mut again = resolve_time::time_expr(&expr, anchor, w.loc.file).map_err(|(_, m)| m)?;
    if again.anchor.kind == AnchorKind::Unresolved {
        return Err(unreadable());
    }
    again.loc = w.loc;
    again.text = w.text.clone();
    if again.weekdays().len() != w.weekdays().len() {
        return Err(unreadable());
    }
    for (new, old) in again.weekdays_mut().iter_mut().zip(w.weekdays()) {
        new.loc = old.loc;
    }
    if which != TimeOf::When {
        // A single point is one day, or one imprecise day.
        again.period = Period::instant(again.period.start);
    }
    Ok(again)
}
