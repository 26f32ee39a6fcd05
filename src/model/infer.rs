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
//! inferred; none means the evidence disagrees, and the dates stay unresolved with the
//! disagreement recorded; several mean nothing is inferred. Decisions are made in rounds, each
//! using only evidence decided before it, until a round decides nothing: the process is
//! deterministic and terminates (each round decides at least one more article, or stops;
//! at most 64 rounds). At most 32 distinct dated accounts of one label count as evidence,
//! so the work stays linear in the corpus.

use std::collections::{BTreeMap, BTreeSet};

use super::resolve_time::{self, Anchor, AnchorKind, AnchorSource, When};
use super::time::{self, Certainty, Fuzzy, Period};
use super::{Claim, ClaimId, Corpus, OutletId, ReportId, TimeOf};
use crate::calendar::ymd;
use crate::syntax;

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
    years: BTreeSet<i32>,
    because: String,
}

/// Infers the year of every undated article the corpus gives evidence for, and reads its
/// relative dates again in that year. Records each inference (and each disagreement) in
/// `corpus.inferences`.
pub fn infer_years(corpus: &mut Corpus) {
    let mut articles: BTreeMap<Article, Vec<ClaimId>> = BTreeMap::new();
    for (id, c) in corpus.claims.iter().enumerate() {
        if c.anchor.kind == AnchorKind::Unresolved && c.times().any(needs_anchor) {
            articles
                .entry((c.report, c.chain().collect()))
                .or_default()
                .push(id);
        }
    }
    if articles.is_empty() {
        return;
    }
    let mut open: Vec<(Article, Vec<ClaimId>)> = articles.into_iter().collect();
    for _ in 0..MAX_ROUNDS {
        let by_label = dated_by_label(corpus);
        // Every decision of a round uses only what was known before it.
        let mut decided: Vec<(usize, Inference)> = Vec::new();
        for (n, (_, claims)) in open.iter().enumerate() {
            let evidence = evidence_for(corpus, claims, &by_label);
            if evidence.is_empty() {
                continue;
            }
            let mut years: Option<BTreeSet<i32>> = None;
            for e in &evidence {
                years = Some(match years {
                    None => e.years.clone(),
                    Some(y) => y.intersection(&e.years).copied().collect(),
                });
            }
            let years = years.unwrap_or_default();
            let because = |list: &[&Evidence]| {
                list.iter()
                    .map(|e| e.because.as_str())
                    .collect::<Vec<_>>()
                    .join("; ")
            };
            match years.len() {
                1 => {
                    let year = *years.iter().next().expect("one year");
                    let agreeing: Vec<&Evidence> = evidence.iter().collect();
                    decided.push((
                        n,
                        Inference {
                            year: Some(year),
                            because: because(&agreeing),
                        },
                    ));
                }
                0 => {
                    let all: Vec<&Evidence> = evidence.iter().collect();
                    decided.push((
                        n,
                        Inference {
                            year: None,
                            because: because(&all),
                        },
                    ));
                }
                _ => {}
            }
        }
        if decided.is_empty() {
            break;
        }
        let done: BTreeSet<usize> = decided.iter().map(|(n, _)| *n).collect();
        for (n, inference) in decided {
            let index = corpus.inferences.len() as u32;
            let year = inference.year;
            corpus.inferences.push(inference);
            for &id in &open[n].1 {
                apply(&mut corpus.claims[id], year, index);
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
}

/// At most this many rounds: a chain of undated articles each dated only by the one
/// before it is followed this far (real stories need two or three).
const MAX_ROUNDS: usize = 64;

/// At most this many distinct dated accounts of one label are evidence: enough for any
/// story, and a corpus of a million accounts of one label stays linear.
const MAX_EVIDENCE: usize = 32;

/// A period's four bounds: earliest and latest start, earliest and latest end.
type Span4 = (i32, i32, i32, i32);

/// The claims whose dates can be evidence, by label: the first of each distinct (dates,
/// origin), in corpus order, at most [`MAX_EVIDENCE`] per label.
fn dated_by_label(corpus: &Corpus) -> BTreeMap<&str, Vec<ClaimId>> {
    let mut out: BTreeMap<&str, Vec<ClaimId>> = BTreeMap::new();
    let mut seen: BTreeSet<(&str, Span4, OutletId)> = BTreeSet::new();
    for (id, c) in corpus.claims.iter().enumerate() {
        let (Some(label), Some(w)) = (&c.label, &c.when) else {
            continue;
        };
        if !dated(w) || !short(&w.period) {
            continue;
        }
        let p = &w.period;
        let key = (
            label.as_str(),
            (
                p.start.earliest,
                p.start.latest,
                p.end.earliest,
                p.end.latest,
            ),
            c.origin,
        );
        let list = out.entry(label.as_str()).or_default();
        if list.len() < MAX_EVIDENCE && seen.insert(key) {
            list.push(id);
        }
    }
    out
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
        let Some(expr) = syntax::parser::parse_time_expr(&w.text) else {
            continue;
        };
        // Another account of the same event, or the event it happens during.
        let same = c
            .label
            .as_ref()
            .and_then(|l| by_label.get(l.as_str()))
            .into_iter()
            .flatten()
            .filter(|&&d| d != id && corpus.claims[d].kind == c.kind)
            .map(|&d| (d, Tie::Same));
        let during = c
            .during
            .as_ref()
            .and_then(|(l, _)| by_label.get(l.as_str()))
            .into_iter()
            .flatten()
            .map(|&d| (d, Tie::During));
        for (d, tie) in same.chain(during) {
            let other = &corpus.claims[d];
            let Some(dw) = other.when.as_ref() else {
                continue;
            };
            let years = consistent_years(&expr, &dw.period);
            if years.is_empty() {
                continue;
            }
            out.push(Evidence {
                years,
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
/// the same calendar years.
fn consistent_years(expr: &syntax::TimeExpr, evidence: &Period) -> BTreeSet<i32> {
    let (first, _, _) = ymd(evidence.start.earliest);
    let (last, _, _) = ymd(evidence.end.latest);
    let mut by_day = BTreeSet::new();
    let mut by_year = BTreeSet::new();
    for y in first - 1..=last + 1 {
        let Some(p) = read_in_year(expr, y) else {
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
    if by_day.is_empty() {
        by_year
    } else {
        by_day
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
    let whose = &corpus.outlets[other.origin].name;
    let dates = match dw.anchor.kind {
        AnchorKind::Inferred => format!("{} (its year inferred too)", dw.period),
        _ => dw.period.to_string(),
    };
    match (tie, &other.label) {
        (Tie::Same, Some(l)) => format!(
            "the same {} {l} is dated {dates} by {whose}",
            c.kind.as_str()
        ),
        (Tie::During, Some(l)) => format!(
            "{} {} is during {l}, dated {dates} by {whose}",
            c.kind.as_str(),
            c.label.as_deref().unwrap_or("")
        ),
        (_, None) => format!("{whose} dates it {dates}"),
    }
}

/// Reads the claim's relative dates again in `year` (or records that the evidence
/// disagrees, leaving them unresolved).
fn apply(c: &mut Claim, year: Option<i32>, index: u32) {
    let source = Some(AnchorSource::Inference(index));
    let Some(year) = year else {
        c.anchor.source = source;
        return;
    };
    let anchor = Anchor {
        kind: AnchorKind::Inferred,
        date: Fuzzy::year(year),
        source,
    };
    c.anchor = anchor;
    for which in [TimeOf::When, TimeOf::Arriving, TimeOf::Signed] {
        let slot = match which {
            TimeOf::When => c.when.as_mut(),
            TimeOf::Arriving => c.arriving.as_deref_mut(),
            TimeOf::Signed => c.signed.as_deref_mut(),
        };
        let Some(w) = slot else { continue };
        if !needs_anchor(w) {
            continue;
        }
        if let Some(again) = reread(w, which, &anchor) {
            *w = again;
        }
    }
}

/// One stated time read again on `anchor`, keeping where it and its weekdays are written.
fn reread(w: &When, which: TimeOf, anchor: &Anchor) -> Option<When> {
    let text = match which {
        TimeOf::When => w.text.clone(),
        // `arriving` and `signed` keep a single point's text: read it as `on …`.
        _ => format!("on {}", w.text),
    };
    let expr = syntax::parser::parse_time_expr(&text)?;
    let mut again = resolve_time::time_expr(&expr, anchor, w.loc.file).ok()?;
    if again.period.is_reversed() || again.anchor.kind == AnchorKind::Unresolved {
        return None;
    }
    again.loc = w.loc;
    again.text = w.text.clone();
    if again.weekdays.len() == w.weekdays.len() {
        for (new, old) in again.weekdays.iter_mut().zip(&w.weekdays) {
            new.loc = old.loc;
        }
    } else {
        return None;
    }
    if which != TimeOf::When {
        // A single point is one day, or one imprecise day.
        again.period = Period::instant(again.period.start);
    }
    Some(again)
}
