//! Evaluating type-checked rule expressions against the resolved model. Fields are read
//! through the registry of `rules::fields`; values ([`V`]) that a claim does not have are
//! [`Missing`]: reading one makes the whole condition not applicable, except inside `has(…)`
//! and `missing(…)`.

use std::borrow::Cow;
use std::cell::Cell;

use super::Columns;
use crate::model::names::{self, fold, skeleton, why_alike};
use crate::model::time::{self, Certainty, Fuzzy, Period};
use crate::model::{AnchorKind, Corpus, EntityId, OutletId};
use crate::rules::expr::{BinOp, Expr, ExprKind, Func, Step};
use crate::rules::fields::{self, Field};
use crate::rules::value::{truth, DateWhat, Missing, R, V};
use crate::rules::ParamValue;
use crate::syntax::Duration;

/// What an expression can see. The variables are borrowed from the caller (an array on
/// its stack), so an evaluation allocates nothing to bind them.
pub struct Env<'c, 'v> {
    pub corpus: &'c Corpus,
    /// The run's columns, which answer the fields most read ([`Columns::read`]).
    pub columns: &'c Columns<'c>,
    pub vars: &'v [(&'static str, V<'c>)],
    pub params: &'c [(String, ParamValue)],
    /// Set when a date comparison read a period resolved on a borrowed anchor: a finding
    /// that rests on it is at most possible.
    pub borrowed: Cell<bool>,
}

/// Reads one field of a claim, an entity or an outlet through the registry: by the index
/// the type checker found, or by name in an expression that was not checked. A claim's
/// field a column answers is read from the column ([`Columns::read`]), the same value.
pub(super) fn field<'c>(
    corpus: &'c Corpus,
    columns: &'c Columns<'c>,
    v: V<'c>,
    step: &Step,
) -> R<'c> {
    match v {
        V::Claim(c) => {
            if let Some(read) = step.field.and_then(|i| columns.read(corpus, c, i)) {
                return read;
            }
            (pick(fields::CLAIM, step)?.get)(corpus, &corpus.claims[c])
        }
        V::Entity(e) => (pick(fields::ENTITY, step)?.get)(corpus, &corpus.entities[e]),
        V::Outlet(o) => (pick(fields::OUTLET, step)?.get)(corpus, &corpus.outlets[o]),
        _ => Err(Missing),
    }
}

/// The field of `table` a step reads: by the index the type checker found, or by name.
pub(super) fn pick<T>(
    table: &'static [Field<T>],
    step: &Step,
) -> Result<&'static Field<T>, Missing> {
    step.field
        .and_then(|i| table.get(usize::from(i)))
        .or_else(|| table.iter().find(|f| f.name == step.name))
        .ok_or(Missing)
}

/// Is `x` the place `y`, or inside it (following `in` declarations)?
pub(super) fn place_within(corpus: &Corpus, x: EntityId, y: EntityId) -> bool {
    let mut cur = Some(x);
    let mut steps = 0;
    while let Some(e) = cur {
        if e == y {
            return true;
        }
        steps += 1;
        if steps > 64 {
            return false;
        }
        cur = corpus.entities[e].within;
    }
    false
}

impl<'c> Env<'c, '_> {
    pub fn var(&self, name: &str) -> Option<&V<'c>> {
        self.vars.iter().find(|(n, _)| *n == name).map(|(_, v)| v)
    }

    pub(super) fn period(&self, v: V<'_>, compare: bool) -> Result<(Period, AnchorKind), Missing> {
        match v {
            V::Period(p, k, r) => {
                // A date read on another outlet's date, in an inferred year, or in the year
                // next to its article's (a day near 31 December), makes a finding that
                // compares it possible at most.
                if compare
                    && (matches!(k, AnchorKind::Borrowed | AnchorKind::Inferred)
                        || stated(&r).is_some_and(|w| w.year_guessed))
                {
                    self.borrowed.set(true);
                }
                Ok((p, k))
            }
            _ => Err(Missing),
        }
    }

    /// Evaluates an expression.
    pub fn eval<'e>(&self, e: &'e Expr) -> R<'e>
    where
        'c: 'e,
    {
        match &e.kind {
            ExprKind::Bool(b) => Ok(truth(*b)),
            ExprKind::Int(i) => Ok(V::Int(*i)),
            ExprKind::Str(s) => Ok(V::Str(Cow::Borrowed(s))),
            ExprKind::List(items) => {
                let vals: Vec<V<'e>> = items
                    .iter()
                    .map(|i| self.eval(i))
                    .collect::<Result<_, _>>()?;
                Ok(match vals.first() {
                    Some(V::Entity(_)) => V::Ents(Cow::Owned(
                        vals.into_iter()
                            .filter_map(|v| if let V::Entity(e) = v { Some(e) } else { None })
                            .collect(),
                    )),
                    Some(V::Outlet(_)) => V::Outs(Cow::Owned(
                        vals.into_iter()
                            .filter_map(|v| if let V::Outlet(e) = v { Some(e) } else { None })
                            .collect(),
                    )),
                    _ => V::Strs(Cow::Owned(
                        vals.into_iter()
                            .filter_map(|v| {
                                if let V::Str(s) = v {
                                    Some(s.into_owned())
                                } else {
                                    None
                                }
                            })
                            .collect(),
                    )),
                })
            }
            ExprKind::Path(var, path) => {
                if var == "params" {
                    let name = &path[0].name;
                    return match self.params.iter().find(|(n, _)| n == name).map(|(_, v)| v) {
                        Some(ParamValue::Int(i)) => Ok(V::Int(*i)),
                        Some(ParamValue::Str(s)) => Ok(V::Str(Cow::Borrowed(s))),
                        None => Err(Missing),
                    };
                }
                let mut v = self.var(var).cloned().ok_or(Missing)?;
                for step in path {
                    v = field(self.corpus, self.columns, v, step)?;
                }
                Ok(v)
            }
            ExprKind::Not(inner) => Ok(V::Truth(self.truth(inner)?.negate())),
            ExprKind::Bin(op, l, r) => self.binary(*op, l, r),
            ExprKind::Call(f, args) => self.call(*f, args),
        }
    }

    /// Evaluates an expression of type truth: what [`Env::eval`] gives, without a value
    /// made for each `and`, `or`, `not`, `has`, `missing`, `definitely` and `possibly` of
    /// the condition (the reference of `engine::compiled`'s truths).
    pub fn truth(&self, e: &Expr) -> Result<Certainty, Missing> {
        match &e.kind {
            ExprKind::Bin(op @ (BinOp::And | BinOp::Or), l, r) => self.and_or(*op, l, r),
            ExprKind::Not(inner) => Ok(self.truth(inner)?.negate()),
            ExprKind::Call(
                f @ (Func::Has | Func::Missing | Func::Definitely | Func::Possibly),
                args,
            ) => self.truth_call(*f, args),
            ExprKind::Bool(b) => Ok(Certainty::of(*b)),
            _ => as_truth(self.eval(e)?),
        }
    }

    /// `has`, `missing`, `definitely`, `possibly`.
    fn truth_call(&self, f: Func, args: &[Expr]) -> Result<Certainty, Missing> {
        Ok(match f {
            Func::Has => Certainty::of(self.eval(&args[0]).is_ok()),
            Func::Missing => Certainty::of(self.eval(&args[0]).is_err()),
            Func::Definitely => match self.truth(&args[0])? {
                Certainty::Definitely => Certainty::Definitely,
                _ => Certainty::Never,
            },
            _ => match self.truth(&args[0])? {
                Certainty::Never => Certainty::Never,
                _ => Certainty::Definitely,
            },
        })
    }

    fn and_or(&self, op: BinOp, l: &Expr, r: &Expr) -> Result<Certainty, Missing> {
        // Short-circuit: `false and …` never reads the right side.
        let a = self.truth(l)?;
        if op == BinOp::And && a == Certainty::Never {
            return Ok(a);
        }
        if op == BinOp::Or && a == Certainty::Definitely {
            return Ok(a);
        }
        let b = self.truth(r)?;
        Ok(if op == BinOp::And { a.min(b) } else { a.max(b) })
    }

    fn binary<'e>(&self, op: BinOp, l: &'e Expr, r: &'e Expr) -> R<'e>
    where
        'c: 'e,
    {
        match op {
            BinOp::And | BinOp::Or => Ok(V::Truth(self.and_or(op, l, r)?)),
            BinOp::Eq | BinOp::Ne => {
                let (a, b) = (self.eval(l)?, self.eval(r)?);
                let eq = values_equal(&a, &b);
                Ok(truth(if op == BinOp::Eq { eq } else { !eq }))
            }
            BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge => {
                ordered(op, self.eval(l)?, self.eval(r)?)
            }
            BinOp::In => {
                let a = self.eval(l)?;
                Ok(truth(in_list(a, self.eval(r)?)))
            }
        }
    }

    fn call<'e>(&self, f: Func, args: &'e [Expr]) -> R<'e>
    where
        'c: 'e,
    {
        Ok(match f {
            Func::Allen(_) | Func::Disjoint | Func::Later | Func::Earlier | Func::Within => {
                let (a, _) = self.period(self.eval(&args[0])?, true)?;
                let (b, _) = self.period(self.eval(&args[1])?, true)?;
                V::Truth(period_relation(f, &a, &b).ok_or(Missing)?)
            }
            Func::Intersects => {
                let (va, vb) = (self.eval(&args[0])?, self.eval(&args[1])?);
                let moments = moments_apart(&va, &vb);
                let (a, _) = self.period(va, true)?;
                let (b, _) = self.period(vb, true)?;
                match period_relation(f, &a, &b).ok_or(Missing)? {
                    // One day, but times of day that do not meet: the day is shared, the
                    // moment perhaps not (in Brussels in the morning, Rabat by evening).
                    Certainty::Definitely if moments => V::Truth(Certainty::Possibly),
                    c => V::Truth(c),
                }
            }
            Func::LengthsDiffer => match (self.eval(&args[0])?, self.eval(&args[1])?) {
                (V::Duration(x), V::Duration(y)) => {
                    let ((a, b), (c, d)) = (duration_days(x), duration_days(y));
                    truth(b < c || d < a)
                }
                _ => return Err(Missing),
            },
            Func::Definitely | Func::Possibly | Func::Has | Func::Missing => {
                V::Truth(self.truth_call(f, args)?)
            }
            Func::Resolved => {
                let (_, k) = self.period(self.eval(&args[0])?, false)?;
                truth(k != AnchorKind::Unresolved)
            }
            Func::Borrowed => {
                let (_, k) = self.period(self.eval(&args[0])?, false)?;
                truth(k == AnchorKind::Borrowed)
            }
            Func::Bounded => {
                let (p, _) = self.period(self.eval(&args[0])?, false)?;
                truth(!p.start.is_unbounded() && !p.end.is_unbounded())
            }
            Func::LengthIs => {
                let (p, _) = self.period(self.eval(&args[0])?, true)?;
                let V::Duration(d) = self.eval(&args[1])? else {
                    return Err(Missing);
                };
                V::Truth(duration_matches(&p, d))
            }
            Func::LengthDiffers => {
                let v = self.eval(&args[0])?;
                // The times of day written for the whole period (not for its start or end).
                let elapsed = elapsed_of(&v);
                let (p, _) = self.period(v, true)?;
                let (V::Duration(d), V::Int(slack)) = (self.eval(&args[1])?, self.eval(&args[2])?)
                else {
                    return Err(Missing);
                };
                V::Truth(length_differs(&p, d, slack.max(0).unsigned_abs(), elapsed))
            }
            Func::KnownOr => V::Str(Cow::Owned(match self.eval(&args[0]) {
                Ok(v) => display(self.corpus, &v),
                Err(Missing) => match self.eval(&args[1])? {
                    V::Str(s) => s.into_owned(),
                    _ => return Err(Missing),
                },
            })),
            Func::WeekdayIs => {
                let (p, _) = self.period(self.eval(&args[0])?, true)?;
                let V::Weekday(w) = self.eval(&args[1])? else {
                    return Err(Missing);
                };
                if p.start.is_unbounded() {
                    V::Truth(Certainty::Possibly)
                } else {
                    V::Truth(time::weekday_is(p.start, w))
                }
            }
            Func::Start | Func::End => match self.eval(&args[0])? {
                V::Period(p, k, r) => V::Period(
                    Period::instant(if f == Func::Start { p.start } else { p.end }),
                    k,
                    r,
                ),
                _ => return Err(Missing),
            },
            Func::Independent => match (self.eval(&args[0])?, self.eval(&args[1])?) {
                (V::Claim(a), V::Claim(b)) => {
                    truth(self.corpus.claims[a].origin() != self.corpus.claims[b].origin())
                }
                _ => return Err(Missing),
            },
            Func::Len => V::Int(match self.eval(&args[0])? {
                V::Strs(v) => v.len(),
                V::Ents(v) => v.len(),
                V::Outs(v) => v.len(),
                _ => return Err(Missing),
            } as i64),
            Func::PlaceWithin | Func::PlacesDisjoint => {
                match (self.eval(&args[0])?, self.eval(&args[1])?) {
                    (V::Entity(x), V::Entity(y)) => {
                        let within = place_within(self.corpus, x, y);
                        if f == Func::PlaceWithin {
                            truth(within)
                        } else {
                            truth(!within && !place_within(self.corpus, y, x))
                        }
                    }
                    _ => return Err(Missing),
                }
            }
            Func::Skeleton | Func::Normalised => {
                let key = if f == Func::Skeleton { skeleton } else { fold };
                // A name that reduces to nothing (`Al`, `-`) has no key: it meets no other.
                match self.eval(&args[0])? {
                    V::Str(s) => V::Strs(Cow::Owned(
                        Some(key(&s))
                            .filter(|k| !k.is_empty())
                            .into_iter()
                            .collect(),
                    )),
                    V::Strs(v) => {
                        let mut s: Vec<String> =
                            v.iter().map(|n| key(n)).filter(|k| !k.is_empty()).collect();
                        s.sort();
                        s.dedup();
                        V::Strs(Cow::Owned(s))
                    }
                    _ => return Err(Missing),
                }
            }
            Func::NameMatch | Func::SameSpelling => {
                let (V::Entity(x), V::Entity(y)) = (self.eval(&args[0])?, self.eval(&args[1])?)
                else {
                    return Err(Missing);
                };
                let (x, y) = (&self.corpus.entities[x], &self.corpus.entities[y]);
                let spellings =
                    |e: &'c crate::model::Entity| std::iter::once(&e.name).chain(&e.aliases);
                if f == Func::SameSpelling {
                    // Equal once folded: no step to try (each name folded once, not per pair
                    // of names; 100,000 entities sharing an alias form 20 million pairs).
                    let ys: Vec<Vec<String>> =
                        spellings(y).filter_map(|n| names::spelling(n)).collect();
                    return Ok(truth(
                        spellings(x)
                            .filter_map(|n| names::spelling(n))
                            .any(|a| ys.contains(&a)),
                    ));
                }
                // Names equal once folded first, then the first pair that meets by steps.
                let mut best: Option<(&str, &str, Vec<&'static str>)> = None;
                for a in spellings(x) {
                    for b in spellings(y) {
                        if let Some(steps) = why_alike(a, b) {
                            if best.as_ref().is_none_or(|(_, _, s)| steps.len() < s.len()) {
                                best = Some((a, b, steps));
                            }
                        }
                    }
                }
                match (f, best) {
                    (Func::SameSpelling, best) => {
                        truth(best.is_some_and(|(_, _, steps)| steps.is_empty()))
                    }
                    (_, Some((a, b, steps))) => V::Str(Cow::Owned(if steps.is_empty() {
                        format!("“{a}” and “{b}” are one name once case and spacing are ignored")
                    } else {
                        format!("“{a}” and “{b}” meet by {}", steps.join(", "))
                    })),
                    (_, None) => return Err(Missing),
                }
            }
        })
    }
}

/// `<`, `<=`, `>`, `>=`: of two integers; missing for anything else.
pub(super) fn ordered(op: BinOp, a: V<'_>, b: V<'_>) -> R<'static> {
    match (a, b) {
        (V::Int(a), V::Int(b)) => Ok(truth(match op {
            BinOp::Lt => a < b,
            BinOp::Le => a <= b,
            BinOp::Gt => a > b,
            _ => a >= b,
        })),
        _ => Err(Missing),
    }
}

/// `in`: whether a text, entity or outlet is in a list of its kind.
pub(super) fn in_list(item: V<'_>, list: V<'_>) -> bool {
    match (item, list) {
        (V::Str(s), V::Strs(list)) => list.iter().any(|x| *x == *s),
        (V::Entity(e), V::Ents(list)) => list.contains(&e),
        (V::Outlet(o), V::Outs(list)) => list.contains(&o),
        _ => false,
    }
}

pub(super) fn as_truth(v: V<'_>) -> Result<Certainty, Missing> {
    match v {
        V::Truth(c) => Ok(c),
        _ => Err(Missing),
    }
}

/// Equality; lists compare as sets.
pub(super) fn values_equal(a: &V<'_>, b: &V<'_>) -> bool {
    fn set<T: Ord + Clone>(v: &[T]) -> Vec<T> {
        let mut v = v.to_vec();
        v.sort();
        v.dedup();
        v
    }
    match (a, b) {
        (V::Strs(x), V::Strs(y)) => set(x) == set(y),
        (V::Ents(x), V::Ents(y)) => set(x) == set(y),
        (V::Outs(x), V::Outs(y)) => set(x) == set(y),
        // Equal periods read the same way, whichever claims they come from.
        (V::Period(x, k, _), V::Period(y, l, _)) => x == y && k == l,
        // Durations of the same length, wherever they are written (`2 weeks`, `14 days`).
        (V::Duration(x), V::Duration(y)) => duration_days(*x) == duration_days(*y),
        _ => a == b,
    }
}

/// Can the period last exactly the duration? Months and years have varying lengths, so
/// `3 months` is any length from 84 to 93 days. Lengths of readings form a contiguous
/// range, so comparing the two ranges is exact.
fn duration_matches(p: &Period, d: Duration) -> Certainty {
    let (lo, hi) = duration_days(d);
    if !p.is_possible() {
        return Certainty::Never;
    }
    let (min, max) = p.length_days();
    let (min, max) = (u64::from(min), max.map_or(u64::MAX, u64::from));
    if max < lo || min > hi {
        Certainty::Never
    } else if lo <= min && max <= hi {
        Certainty::Definitely
    } else {
        Certainty::Possibly
    }
}

/// The stated time a period value is, if it is one.
fn stated<'c>(r: &crate::rules::value::DateRef<'c>) -> Option<&'c crate::model::When> {
    match r.what {
        DateWhat::Stated(which) => r.claim.time_of(which),
        _ => None,
    }
}

/// The moment a value names: a single precise day with the time of day written on it, as
/// (day, earliest minute, latest minute). `None` for any other value.
pub fn moment_of(v: &V<'_>) -> Option<(i32, u16, u16)> {
    match v {
        V::Period(p, _, r) => stated(r)
            .filter(|w| w.period == *p && p.same_day && p.start.is_precise())
            .and_then(|w| {
                let (lo, hi) = w.time_of_day()[0]?.minutes();
                Some((p.start.earliest, lo, hi))
            }),
        _ => None,
    }
}

/// The minutes elapsed from the start to the end of a period value when the times of day
/// of both its ends are written (for `length_differs`).
pub fn elapsed_of(v: &V<'_>) -> Option<(i64, i64)> {
    match v {
        V::Period(p, _, r) => stated(r)
            .filter(|w| w.period == *p)
            .and_then(|w| w.elapsed_minutes()),
        _ => None,
    }
}

/// Whether a period value is a stated date whose year was guessed (the year next to its
/// article's, for a day near 31 December): comparing it makes a finding possible at most.
pub fn year_guessed(v: &V<'_>) -> bool {
    match v {
        V::Period(_, _, r) => stated(r).is_some_and(|w| w.year_guessed),
        _ => false,
    }
}

/// What a relation of two periods says of them, from their days alone: `allen` relations,
/// `disjoint`, `intersects`, `within`, `later`, `earlier` (`None` for another function).
/// The condition's value is this, except that `intersects` of one day whose times of day
/// do not meet is at most possible ([`moments_apart`]): a relation that is not definite
/// here is never definite in a condition (what `engine` relies on to skip a pair).
pub fn period_relation(f: Func, a: &Period, b: &Period) -> Option<Certainty> {
    Some(match f {
        Func::Allen(rel) => time::allen(a, b, rel),
        Func::Disjoint => time::disjoint(a, b),
        Func::Intersects => time::intersects(a, b),
        Func::Within => time::within(a, b),
        Func::Later => time::allen_set(a, b, &[time::Allen::After, time::Allen::MetBy]),
        Func::Earlier => time::allen_set(a, b, &[time::Allen::Before, time::Allen::Meets]),
        _ => return None,
    })
}

/// Whether `f` is one of the relations of [`period_relation`] (the same list).
pub fn is_period_relation(f: Func) -> bool {
    matches!(
        f,
        Func::Allen(_)
            | Func::Disjoint
            | Func::Intersects
            | Func::Within
            | Func::Later
            | Func::Earlier
    )
}

/// Whether two values are single days, each with its time of day written, whose moments
/// cannot meet: the same day, and times that do not overlap.
pub(super) fn moments_apart(a: &V<'_>, b: &V<'_>) -> bool {
    match (moment_of(a), moment_of(b)) {
        (Some((d1, lo1, hi1)), Some((d2, lo2, hi2))) => d1 == d2 && (hi1 < lo2 || hi2 < lo1),
        _ => false,
    }
}

/// The lengths in days a duration may stand for: `3 months` is 84 to 93 days. In `u64`:
/// `lasting 999999999 weeks` must not overflow.
pub fn duration_days(d: Duration) -> (u64, u64) {
    use crate::syntax::Unit;
    let n = u64::from(d.n);
    match d.unit {
        // Calendar days an N-hour span can cover: at least N/24 rounded up; one more when it
        // crosses midnight (48 hours from 10:00 cover three days).
        Unit::Hour => (n.div_ceil(24).max(1), n.saturating_sub(1) / 24 + 2),
        Unit::Day => (n, n),
        Unit::Week => (7 * n, 7 * n),
        Unit::Month => (28 * n, 31 * n),
        Unit::Year => (365 * n, 366 * n),
    }
}

/// Whether the period cannot last the duration, with `slack` days of loose wording: never
/// when some reading lasts it; possibly when every reading is off, but one by at most
/// `slack` days (an end whose time of day is unknown: arrived in the evening, left in the
/// morning); definitely when every reading is off by more.
///
/// `elapsed`, the period's length in minutes when the times of day of both ends are
/// written, replaces the loose wording: the duration then fits when the calendar days it
/// covers or the time that elapsed match it (a duration in hours within an hour, one in
/// days within half a day), and differs definitely otherwise.
fn length_differs(p: &Period, d: Duration, slack: u64, elapsed: Option<(i64, i64)>) -> Certainty {
    let (lo, hi) = duration_days(d);
    if !p.is_possible() {
        return Certainty::Never;
    }
    if let Some((e_lo, e_hi)) = elapsed {
        let n = i64::from(d.n);
        let (want_lo, want_hi) = match d.unit {
            crate::syntax::Unit::Hour => (n * 60 - 60, n * 60 + 60),
            _ => {
                let (lo, hi) = (
                    lo.min(i64::MAX as u64 / 1440) as i64,
                    hi.min(i64::MAX as u64 / 1440) as i64,
                );
                (lo * 1440 - 720, hi * 1440 + 720)
            }
        };
        let fits_elapsed = e_lo <= want_hi && want_lo <= e_hi;
        // "48 hours" is how articles say two days: a whole number of days in hours is
        // also read as days.
        let whole_days = d.unit == crate::syntax::Unit::Hour && d.n % 24 == 0;
        let (lo_days, hi_days) = (n / 24 * 1440 - 720, n / 24 * 1440 + 720);
        let fits_elapsed = fits_elapsed || (whole_days && e_lo <= hi_days && lo_days <= e_hi);
        let (min, max) = p.length_days();
        let fits_days = (d.unit != crate::syntax::Unit::Hour || whole_days)
            && u64::from(min) <= hi
            && max.is_none_or(|max| lo <= u64::from(max));
        return if fits_elapsed || fits_days {
            Certainty::Never
        } else {
            Certainty::Definitely
        };
    }
    let (min, max) = p.length_days();
    let (min, max) = (u64::from(min), max.map_or(u64::MAX, u64::from));
    let off = if max < lo {
        lo - max
    } else if min > hi {
        min - hi
    } else {
        return Certainty::Never;
    };
    if off > slack {
        Certainty::Definitely
    } else {
        Certainty::Possibly
    }
}

/// Renders a value for a message.
pub fn display(corpus: &Corpus, v: &V<'_>) -> String {
    let mut out = String::new();
    display_into(&mut out, corpus, v);
    out
}

/// [`display`], written at the end of `out`: a finding's message is made of several
/// values, written into one buffer without a string of their own each.
pub fn display_into(out: &mut String, corpus: &Corpus, v: &V<'_>) {
    use std::fmt::Write as _;
    let names = |out: &mut String, names: &mut dyn Iterator<Item = &str>| {
        for (i, n) in names.enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            out.push_str(n);
        }
    };
    match v {
        V::Truth(c) => out.push_str(c.name()),
        V::Int(i) => {
            let _ = write!(out, "{i}");
        }
        V::Str(s) => out.push_str(s),
        V::Claim(c) => {
            let c = &corpus.claims[*c];
            out.push_str(c.kind.as_str());
            if let Some(l) = &c.label {
                out.push(' ');
                out.push_str(l);
            }
        }
        V::Entity(e) => out.push_str(&corpus.entities[*e].name),
        V::Outlet(o) => out.push_str(&corpus.outlets[*o].name),
        V::Period(p, _, r) => match r.what {
            DateWhat::Stated(which) => match r.claim.time_of(which) {
                Some(w) => out.push_str(&corpus.period_text(p, w)),
                None => {
                    let _ = write!(out, "{p}");
                }
            },
            DateWhat::Anchor => match corpus.anchor_text(r.claim) {
                Some(t) => out.push_str(&t),
                None => {
                    let _ = write!(out, "{p}");
                }
            },
            DateWhat::Publication => {
                let _ = write!(out, "{p}");
            }
        },
        V::Duration(d) => {
            let _ = write!(out, "{} {}", d.n, d.unit.as_str(d.n));
        }
        V::Weekday(w) => out.push_str(crate::calendar::weekday_name(*w)),
        V::Strs(v) => names(out, &mut v.iter().map(String::as_str)),
        V::Ents(v) => names(
            out,
            &mut v.iter().map(|e| corpus.entities[*e].name.as_str()),
        ),
        V::Outs(v) => names(out, &mut v.iter().map(|o| corpus.outlets[*o].name.as_str())),
    }
}

/// A hashable, ordered grouping key; texts borrow from the corpus where they can.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Key<'c> {
    Str(Cow<'c, str>),
    Entity(EntityId),
    Outlet(OutletId),
    Set(Vec<EntityId>),
}

/// The grouping keys of a value: one per element of a list, or one for a scalar.
pub fn keys(v: V<'_>) -> Vec<Key<'_>> {
    match v {
        V::Str(s) => vec![Key::Str(s)],
        V::Entity(e) => vec![Key::Entity(e)],
        V::Outlet(o) => vec![Key::Outlet(o)],
        V::Strs(v) => v.iter().map(|s| Key::Str(Cow::Owned(s.clone()))).collect(),
        V::Ents(v) => v.iter().copied().map(Key::Entity).collect(),
        V::Outs(v) => v.iter().copied().map(Key::Outlet).collect(),
        _ => Vec::new(),
    }
}

/// A key that treats a list as one set (for `count` and `sequence` grouping on parties).
pub fn set_key(v: V<'_>) -> Vec<Key<'_>> {
    match v {
        V::Ents(v) => {
            let mut v = v.into_owned();
            v.sort_unstable();
            v.dedup();
            vec![Key::Set(v)]
        }
        other => keys(other),
    }
}

/// Display of a key for messages.
pub fn key_text(corpus: &Corpus, k: &Key) -> String {
    match k {
        Key::Str(s) => s.to_string(),
        Key::Entity(e) => corpus.entities[*e].name.clone(),
        Key::Outlet(o) => corpus.outlets[*o].name.clone(),
        Key::Set(v) => v
            .iter()
            .map(|e| corpus.entities[*e].name.as_str())
            .collect::<Vec<_>>()
            .join(", "),
    }
}

/// Sort key of a period: earliest start, latest start, earliest end, latest end.
pub fn period_order(p: &Period) -> (i32, i32, i32, i32) {
    (
        p.start.earliest,
        p.start.latest,
        p.end.earliest,
        p.end.latest,
    )
}

/// Whether two periods may share a day at all (for the sweep).
pub fn may_intersect(a: &Fuzzy, a_end: &Fuzzy, b: &Fuzzy, b_end: &Fuzzy) -> bool {
    a.earliest <= b_end.latest && b.earliest <= a_end.latest
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Span;
    use crate::syntax::Unit;

    fn dur(n: u32, unit: Unit, at: usize) -> V<'static> {
        V::Duration(Duration {
            n,
            unit,
            span: Span::new(at, at + 6),
        })
    }

    /// Two claims' durations compare by length, not by where they are written (a
    /// `lasting 1 day` in one claim used to differ from the same words in another).
    #[test]
    fn durations_compare_by_length() {
        assert!(values_equal(&dur(1, Unit::Day, 10), &dur(1, Unit::Day, 99)));
        assert!(values_equal(
            &dur(2, Unit::Week, 0),
            &dur(14, Unit::Day, 50)
        ));
        assert!(!values_equal(&dur(1, Unit::Day, 0), &dur(2, Unit::Day, 0)));
        assert!(!values_equal(
            &dur(1, Unit::Month, 0),
            &dur(4, Unit::Week, 0)
        ));
    }

    #[test]
    fn length_differs_allows_loose_wording() {
        let p = Period::days(10, 12); // three days
        let d = |n| Duration {
            n,
            unit: Unit::Day,
            span: Span::default(),
        };
        assert_eq!(length_differs(&p, d(3), 1, None), Certainty::Never);
        assert_eq!(length_differs(&p, d(2), 1, None), Certainty::Possibly);
        assert_eq!(length_differs(&p, d(4), 1, None), Certainty::Possibly);
        assert_eq!(length_differs(&p, d(5), 1, None), Certainty::Definitely);
        assert_eq!(length_differs(&p, d(2), 0, None), Certainty::Definitely);
    }

    /// With the time of day of both ends known, the elapsed time replaces loose wording:
    /// a duration fits by calendar days or by elapsed time, or differs definitely.
    #[test]
    fn length_differs_with_elapsed_time() {
        let p = Period::days(10, 12); // three calendar days
        let d = |n, unit| Duration {
            n,
            unit,
            span: Span::default(),
        };
        let h = |x: i64| x * 60;
        // Evening to morning: 30 to 42 hours, so two days (36 to 60 hours) fit.
        let evening_to_morning = Some((h(30), h(42)));
        assert_eq!(
            length_differs(&p, d(2, Unit::Day), 1, evening_to_morning),
            Certainty::Never
        );
        // Three calendar days fit by the calendar whatever the hours.
        assert_eq!(
            length_differs(&p, d(3, Unit::Day), 1, Some((h(62), h(62)))),
            Certainty::Never
        );
        // 62 hours is neither two days (by up to 60 hours) nor four: definite, no slack.
        assert_eq!(
            length_differs(&p, d(2, Unit::Day), 1, Some((h(62), h(62)))),
            Certainty::Definitely
        );
        assert_eq!(
            length_differs(&p, d(4, Unit::Day), 1, Some((h(62), h(62)))),
            Certainty::Definitely
        );
        // Hours: within an hour either side.
        assert_eq!(
            length_differs(&p, d(48, Unit::Hour), 1, Some((h(47), h(47)))),
            Certainty::Never
        );
        assert_eq!(
            length_differs(&p, d(50, Unit::Hour), 1, Some((h(56), h(56)))),
            Certainty::Definitely
        );
        // A whole number of days in hours is also read as days (regression: "48 hours"
        // from an evening to a morning, 30 to 42 hours, was called definitely wrong).
        assert_eq!(
            length_differs(&p, d(48, Unit::Hour), 1, Some((h(30), h(42)))),
            Certainty::Never
        );
        assert_eq!(
            length_differs(&p, d(24, Unit::Hour), 1, Some((h(62), h(62)))),
            Certainty::Definitely
        );
        // Without elapsed time, 48 hours over three calendar days fits (from 10:00 on day one).
        assert_eq!(
            length_differs(&p, d(48, Unit::Hour), 1, None),
            Certainty::Never
        );
    }
}
