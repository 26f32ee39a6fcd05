//! What a pair rule's condition demands of each side on its own, so that a claim which can
//! never be `a` (or `b`) is not paired at all.
//!
//! A finding needs every top-level conjunct of the condition (`x and y and …`) to be at
//! least *possibly* true: `and` gives the smaller certainty, and a missing value makes the
//! whole condition not applicable. Two facts follow, each checked on one claim at a time:
//!
//! - a conjunct that reads only `a` (say `a.status == "expected"`) has the same value
//!   whatever `b` is, so a claim for which it is never true, or missing, is never `a`;
//! - a field read *strictly* by a conjunct (not under `has`, `missing`, or the right side
//!   of a short-circuit `and`/`or`) makes the conjunct missing when it is missing, so
//!   `after(a.published, b.signed)` rules out as `b` every claim without `signed`.
//!
//! Two more read one value of each side, once per claim, and compare the two for a pair:
//!
//! - an equality of the two sides (`a.kind == b.kind`, `not independent(a, b)`) never holds
//!   when the values differ ([`equalities`]);
//! - `definitely(R(a.x, b.y))`, `R` a relation of two periods, is never true unless `R` of
//!   the two periods is definite ([`relations`]).
//!
//! All are necessary conditions only: the engine still evaluates the whole condition on
//! every pair that passes, so findings are exactly those of trying every pair.

use crate::model::time::Certainty;
use crate::rules::expr::{BinOp, Expr, ExprKind, Func, Ty};
use crate::rules::fields;

/// The tests one side of a pair must pass.
#[derive(Debug, Default)]
pub struct RoleFilter<'r> {
    /// Conjuncts over this side alone: must be at least possibly true.
    pub conjuncts: Vec<&'r Expr>,
    /// Paths of this side read strictly: must be present.
    pub paths: Vec<&'r Expr>,
}

impl RoleFilter<'_> {
    pub fn is_empty(&self) -> bool {
        self.conjuncts.is_empty() && self.paths.is_empty()
    }

    /// The filter with only the paths worth checking on a subject of type `subject`: each
    /// path once, and none that is always there (`a.kind`, `a.text`: see
    /// [`fields::path_never_missing`]).
    pub fn checked(mut self, subject: Ty) -> Self {
        let mut seen: Vec<&Expr> = Vec::new();
        self.paths.retain(|&p| {
            let ExprKind::Path(_, steps) = &p.kind else {
                return true;
            };
            if fields::path_never_missing(subject, steps.iter().map(|s| &s.name))
                || seen.iter().any(|q| same_path(p, q))
            {
                return false;
            }
            seen.push(p);
            true
        });
        self
    }
}

/// Whether two paths read the same fields, of whichever variables (`a.kind`, `b.kind`).
pub fn same_path(x: &Expr, y: &Expr) -> bool {
    match (&x.kind, &y.kind) {
        (ExprKind::Path(v, xs), ExprKind::Path(w, ys)) => {
            (v == w || (v != "params" && w != "params"))
                && xs.len() == ys.len()
                && xs.iter().zip(ys).all(|(s, t)| s.name == t.name)
        }
        _ => false,
    }
}

/// The filter for the variable `role` (`"a"` or `"b"`) of `condition`.
pub fn role_filter<'r>(condition: &'r Expr, role: &str) -> RoleFilter<'r> {
    let mut f = RoleFilter::default();
    let mut all = Vec::new();
    conjuncts(condition, &mut all);
    for c in all {
        if reads_only(c, role) {
            f.conjuncts.push(c);
        } else {
            let mut paths = Vec::new();
            strict_paths(c, &mut paths);
            // A bare `a` is always there; only its fields can be missing.
            f.paths.extend(paths.into_iter().filter(
                |p| matches!(&p.kind, ExprKind::Path(v, fields) if v == role && !fields.is_empty()),
            ));
        }
    }
    f
}

/// A top-level conjunct that holds only when a value read of `a` equals one read of `b`:
/// a pair whose two values differ, or that lacks one, is never reported (`==` of two
/// values that are there is definitely true or never; a missing one makes the condition
/// not applicable). The engine numbers each side's value once per claim and compares
/// numbers, instead of evaluating the condition on the pair.
#[derive(Debug, PartialEq)]
pub enum Equality<'r> {
    /// `x == y` with `x` reading only `a` and `y` only `b` (either way round), both texts,
    /// entities or outlets (values compared as they are; lists, periods and durations
    /// have equalities of their own and are left to the condition).
    Values { a: &'r Expr, b: &'r Expr },
    /// `not independent(a, b)`: the two claims have one origin.
    SameOrigin,
}

/// The equalities among the top-level conjuncts of a pair rule's condition.
pub fn equalities(condition: &Expr) -> Vec<Equality<'_>> {
    let mut all = Vec::new();
    conjuncts(condition, &mut all);
    let scalar = |e: &Expr| matches!(e.ty, Ty::Str | Ty::Entity | Ty::Outlet);
    let bare =
        |e: &Expr, v: &str| matches!(&e.kind, ExprKind::Path(n, p) if n == v && p.is_empty());
    all.into_iter()
        .filter_map(|c| match &c.kind {
            ExprKind::Bin(BinOp::Eq, l, r) if scalar(l) && scalar(r) => {
                if reads_only(l, "a") && reads_only(r, "b") {
                    Some(Equality::Values { a: l, b: r })
                } else if reads_only(l, "b") && reads_only(r, "a") {
                    Some(Equality::Values { a: r, b: l })
                } else {
                    None
                }
            }
            ExprKind::Not(inner) => match &inner.kind {
                ExprKind::Call(Func::Independent, args)
                    if (bare(&args[0], "a") && bare(&args[1], "b"))
                        || (bare(&args[0], "b") && bare(&args[1], "a")) =>
                {
                    Some(Equality::SameOrigin)
                }
                _ => None,
            },
            _ => None,
        })
        .collect()
}

/// A top-level conjunct `definitely(R(x, y))` or `definitely(not R(x, y))`, `R` a relation
/// of two periods ([`crate::engine::eval::period_relation`]), one argument reading only `a`
/// and the other only `b`: the conjunct is never true unless `R` of the two periods is
/// definite (or, negated, never), and missing when either period is. The engine reads
/// each side's period once per claim and tries `R` on the two periods before it evaluates
/// the condition on a pair.
#[derive(Debug, PartialEq)]
pub struct Relation<'r> {
    pub func: Func,
    /// The argument that reads `a`, and the one that reads `b`.
    pub a: &'r Expr,
    pub b: &'r Expr,
    /// `R(b…, a…)`: the `b` side is the first argument.
    pub b_first: bool,
    /// `definitely(not R(…))`.
    pub negated: bool,
}

impl Relation<'_> {
    /// Whether the conjunct can hold, from the two sides' periods.
    pub fn can_hold(&self, a: &crate::model::time::Period, b: &crate::model::time::Period) -> bool {
        let (x, y) = if self.b_first { (b, a) } else { (a, b) };
        let want = if self.negated {
            Certainty::Never
        } else {
            Certainty::Definitely
        };
        crate::engine::eval::period_relation(self.func, x, y) == Some(want)
    }
}

/// The relations of periods among the top-level conjuncts of a pair rule's condition.
pub fn relations(condition: &Expr) -> Vec<Relation<'_>> {
    let mut all = Vec::new();
    conjuncts(condition, &mut all);
    all.into_iter()
        .filter_map(|c| {
            let ExprKind::Call(Func::Definitely, args) = &c.kind else {
                return None;
            };
            let (inner, negated) = match &args[0].kind {
                ExprKind::Not(inner) => (&**inner, true),
                _ => (&args[0], false),
            };
            let ExprKind::Call(func, args) = &inner.kind else {
                return None;
            };
            if args.len() != 2
                || !crate::engine::eval::is_period_relation(*func)
                || args.iter().any(|e| e.ty != Ty::Period)
            {
                return None;
            }
            let (x, y) = (&args[0], &args[1]);
            let (a, b, b_first) = if reads_only(x, "a") && reads_only(y, "b") {
                (x, y, false)
            } else if reads_only(x, "b") && reads_only(y, "a") {
                (y, x, true)
            } else {
                return None;
            };
            Some(Relation {
                func: *func,
                a,
                b,
                b_first,
                negated,
            })
        })
        .collect()
}

/// Whether a conjunct's value lets a finding happen.
pub fn passes(v: Result<Certainty, ()>) -> bool {
    matches!(v, Ok(Certainty::Definitely | Certainty::Possibly))
}

/// The top-level conjuncts of `e`.
fn conjuncts<'r>(e: &'r Expr, out: &mut Vec<&'r Expr>) {
    match &e.kind {
        ExprKind::Bin(BinOp::And, l, r) => {
            conjuncts(l, out);
            conjuncts(r, out);
        }
        _ => out.push(e),
    }
}

/// Whether `e` reads the variable `role` and no other (parameters aside).
fn reads_only(e: &Expr, role: &str) -> bool {
    let mut vars = Vec::new();
    variables(e, &mut vars);
    vars.contains(&role) && vars.iter().all(|v| *v == role || *v == "params")
}

fn variables<'r>(e: &'r Expr, out: &mut Vec<&'r str>) {
    match &e.kind {
        ExprKind::Bool(_) | ExprKind::Int(_) | ExprKind::Str(_) => {}
        ExprKind::Path(v, _) => out.push(v),
        ExprKind::List(items) | ExprKind::Call(_, items) => {
            items.iter().for_each(|i| variables(i, out));
        }
        ExprKind::Not(x) => variables(x, out),
        ExprKind::Bin(_, l, r) => {
            variables(l, out);
            variables(r, out);
        }
    }
}

/// The paths evaluated whenever `e` is, with a missing one making `e` missing.
fn strict_paths<'r>(e: &'r Expr, out: &mut Vec<&'r Expr>) {
    match &e.kind {
        ExprKind::Bool(_) | ExprKind::Int(_) | ExprKind::Str(_) => {}
        ExprKind::Path(..) => out.push(e),
        ExprKind::List(items) => items.iter().for_each(|i| strict_paths(i, out)),
        ExprKind::Not(x) => strict_paths(x, out),
        // The right side is skipped when the left decides.
        ExprKind::Bin(BinOp::And | BinOp::Or, l, _) => strict_paths(l, out),
        ExprKind::Bin(_, l, r) => {
            strict_paths(l, out);
            strict_paths(r, out);
        }
        // `has` and `missing` turn a missing value into a truth value.
        ExprKind::Call(Func::Has | Func::Missing, _) => {}
        // `known_or` shows a text in place of a missing first argument.
        ExprKind::Call(Func::KnownOr, args) => {
            args.iter().skip(1).for_each(|a| strict_paths(a, out))
        }
        ExprKind::Call(_, args) => args.iter().for_each(|a| strict_paths(a, out)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::expr::{check, parse, Scope, Ty};

    fn cond(src: &str) -> Expr {
        let mut e = parse(src).unwrap_or_else(|e| panic!("{src}: {e:?}"));
        let scope = Scope {
            vars: &[("a", Ty::Claim), ("b", Ty::Claim)],
            params: &[],
        };
        assert_eq!(check(&mut e, &scope).unwrap(), Ty::Truth);
        e
    }

    fn texts(v: &[&Expr], src: &str) -> Vec<String> {
        v.iter().map(|e| src[e.range.clone()].to_owned()).collect()
    }

    #[test]
    fn one_sided_conjuncts_and_strict_paths_are_found() {
        let src = "a.status == \"expected\" and independent(a, b) \
                   and definitely(after(a.published, b.signed)) \
                   and (has(b.lasting) or b.label == \"x\") and missing(a.during)";
        let e = cond(src);
        let a = role_filter(&e, "a");
        assert_eq!(
            texts(&a.conjuncts, src),
            ["a.status == \"expected\"", "missing(a.during)"]
        );
        assert_eq!(texts(&a.paths, src), ["a.published"]);
        let b = role_filter(&e, "b");
        // `has(b.lasting) or …` reads only b, so it is a conjunct of b; nothing of it is
        // strict.
        assert_eq!(
            texts(&b.conjuncts, src),
            ["(has(b.lasting) or b.label == \"x\")"]
        );
        assert_eq!(texts(&b.paths, src), ["b.signed"]);
    }

    #[test]
    fn equalities_of_the_two_sides_are_found() {
        let src = "a.kind == b.kind and not independent(b, a) and b.report == a.report \
                   and a.label != b.label and a.people == b.people and a.kind == a.report \
                   and (a.origin == b.origin or a.kind == b.kind) and independent(a, b) \
                   and b.where == a.where";
        let e = cond(src);
        let found: Vec<String> = equalities(&e)
            .iter()
            .map(|q| match q {
                Equality::Values { a, b } => {
                    format!("{} = {}", &src[a.range.clone()], &src[b.range.clone()])
                }
                Equality::SameOrigin => "same origin".to_owned(),
            })
            .collect();
        // Lists (`people`) compare as sets, `!=`, one side alone, and anything under `or`
        // or not negated are not equalities of the two sides.
        assert_eq!(
            found,
            [
                "a.kind = b.kind",
                "same origin",
                "a.report = b.report",
                "a.where = b.where"
            ]
        );
    }

    /// Paths always there (`a.kind`) and repeated ones are not checked; the others are,
    /// once each; `b.kind` and `a.kind` read the same field.
    #[test]
    fn checked_paths_leave_out_the_always_there_and_the_repeated() {
        let src = "a.kind != b.kind and after(b.when, a.when) and within(b.when, a.signed) \
                   and b.origin.country == a.report";
        let e = cond(src);
        let b = role_filter(&e, "b").checked(Ty::Claim);
        assert_eq!(texts(&b.paths, src), ["b.when", "b.origin.country"]);
        let a = role_filter(&e, "a").checked(Ty::Claim);
        assert_eq!(texts(&a.paths, src), ["a.when", "a.signed"]);
        assert!(same_path(b.paths[0], a.paths[0]));
        assert!(!same_path(b.paths[0], a.paths[1]));
    }

    #[test]
    fn relations_of_the_two_sides_periods_are_found() {
        let src =
            "definitely(intersects(a.when, b.when)) and definitely(not within(b.when, a.signed)) \
                   and intersects(a.when, b.when) and definitely(later(a.when, a.signed)) \
                   and not definitely(disjoint(a.when, b.when)) \
                   and (definitely(within(a.when, b.when)) or a.kind == b.kind) \
                   and definitely(earlier(b.printed, a.when))";
        let e = cond(src);
        let found: Vec<String> = relations(&e)
            .iter()
            .map(|r| {
                format!(
                    "{:?} {} {} b_first={} not={}",
                    r.func,
                    &src[r.a.range.clone()],
                    &src[r.b.range.clone()],
                    r.b_first,
                    r.negated
                )
            })
            .collect();
        // Not under `definitely`, one side alone, negated outside or under `or`: none.
        assert_eq!(
            found,
            [
                "Intersects a.when b.when b_first=false not=false",
                "Within a.signed b.when b_first=true not=true",
                "Earlier a.when b.printed b_first=true not=false"
            ]
        );
    }

    /// A relation is tried with its arguments in the order written, `b`'s first when so.
    #[test]
    fn a_relation_keeps_the_order_of_its_arguments() {
        use crate::calendar::day_from_ymd;
        use crate::model::time::{Fuzzy, Period};
        let on = |m, d| Fuzzy::day(day_from_ymd(2020, m, d).unwrap());
        let day = |d| Period::instant(on(3, d));
        let year = Period {
            start: on(1, 1),
            end: on(12, 31),
            same_day: false,
        };
        let src = "definitely(within(b.when, a.when)) and definitely(not within(a.when, b.when))";
        let e = cond(src);
        let [inside, not_inside] = &relations(&e)[..] else {
            panic!("two relations")
        };
        // b within a: a day of 2020 in the year 2020, not the other way round.
        assert!(inside.can_hold(&year, &day(3)));
        assert!(!inside.can_hold(&day(3), &year));
        // a not within b: the 3rd is not within the 4th, but is within the 3rd.
        assert!(not_inside.can_hold(&day(3), &day(4)));
        assert!(!not_inside.can_hold(&day(3), &day(3)));
    }

    #[test]
    fn nothing_is_demanded_under_not_and_or() {
        let src = "not (a.label == b.label and b.status == \"signed\") or a.kind == b.kind";
        let e = cond(src);
        let b = role_filter(&e, "b");
        assert!(b.conjuncts.is_empty());
        // Only the left operand of `or`, and of the `and` inside `not`, is strict.
        assert_eq!(texts(&b.paths, src), ["b.label"]);
    }
}
