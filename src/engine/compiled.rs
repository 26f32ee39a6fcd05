//! Conditions compiled once per rule (ARCHITECTURE.md, performance design step 3): each
//! expression a rule evaluates for every subject or pair (its filter, keys, sweep, what
//! each side must be, its condition and message) becomes a tree of closures, made when the
//! rule starts, which an evaluation runs directly.
//!
//! A closure computes what [`Env::eval`] (or [`Env::truth`]) computes for the same node, in
//! the same order (a date read on a borrowed anchor marks the evaluation at the same
//! point), without the work the interpreter repeats at every evaluation:
//!
//! - a variable is read from its slot, fixed when the rule starts by the order in which the
//!   engine binds the variables (`a`, `b`, a count's `n`, `key`, `values`), not by name;
//! - a parameter is a constant;
//! - a claim's field a column answers reads the column found at compile time, and `has(…)`
//!   of it, `resolved(…)`, `borrowed(…)` and `bounded(…)` of the stated period read the
//!   column's presence and anchoring without making a value; another field calls the
//!   accessor picked at compile time;
//! - `and`, `or`, `not`, `has`, `missing`, `definitely` and `possibly` are closures over
//!   certainties, never values.
//!
//! The functions a rule evaluates rarely (on names, durations, texts, lists) are left to the
//! interpreter: a node the compiler does not know runs [`Env::eval`] on its expression.
//! The interpreter stays the reference: `Compiler::interpret` makes every node run it, and a
//! test runs every standard rule both ways on several corpora and compares the findings.

use std::borrow::Cow;

use super::eval::{self, Env};
use super::Columns;
use crate::model::time::{Certainty, Period};
use crate::model::{AnchorKind, Corpus};
use crate::rules::expr::{BinOp, Expr, ExprKind, Func, Step, Ty};
use crate::rules::fields;
use crate::rules::value::{truth, Missing, R, V};
use crate::rules::ParamValue;

/// A compiled expression: its value where the variables are bound as compiled for.
pub(super) type Value<'c> = Box<dyn Fn(&Env<'c, '_>) -> R<'c> + 'c>;
/// A compiled expression of type truth.
pub(super) type Truth<'c> = Box<dyn Fn(&Env<'c, '_>) -> Result<Certainty, Missing> + 'c>;
/// A compiled `has(…)`: whether the expression has a value.
pub(super) type Has<'c> = Box<dyn Fn(&Env<'c, '_>) -> bool + 'c>;
/// A compiled field read of a value.
type Read<'c> = Box<dyn Fn(&V<'c>) -> R<'c> + 'c>;

/// Compiles the expressions of one rule for one order of bound variables.
pub(super) struct Compiler<'c> {
    pub corpus: &'c Corpus,
    pub columns: &'c Columns<'c>,
    pub params: &'c [(String, ParamValue)],
    /// The names of the variables an evaluation binds, in the order it binds them.
    pub layout: &'static [&'static str],
    /// The type of the subjects (`a`, `b`): claims or entities.
    pub subject: Ty,
    /// Every node runs the interpreter: the reference the compiled form is tested against.
    pub interpret: bool,
}

impl<'c> Compiler<'c> {
    /// The value of `e`.
    pub fn value(&self, e: &'c Expr) -> Value<'c> {
        if self.interpret {
            return interpreted(e);
        }
        match &e.kind {
            ExprKind::Bool(b) => {
                let b = *b;
                Box::new(move |_| Ok(truth(b)))
            }
            ExprKind::Int(i) => {
                let i = *i;
                Box::new(move |_| Ok(V::Int(i)))
            }
            ExprKind::Str(s) => {
                let s: &'c str = s;
                Box::new(move |_| Ok(V::Str(Cow::Borrowed(s))))
            }
            ExprKind::Path(var, steps) => self.path(e, var, steps),
            // Truths: `V::Truth` of what [`Compiler::truth`] gives, as the interpreter.
            ExprKind::Not(_)
            | ExprKind::Bin(BinOp::And | BinOp::Or, _, _)
            | ExprKind::Call(Func::Has | Func::Missing | Func::Definitely | Func::Possibly, _) => {
                let t = self.truth(e);
                Box::new(move |env| Ok(V::Truth(t(env)?)))
            }
            ExprKind::Bin(op, l, r) => self.binary(*op, l, r),
            ExprKind::Call(f, args) => self.call(e, *f, args),
            ExprKind::List(_) => interpreted(e),
        }
    }

    /// The certainty of `e`, an expression of type truth.
    pub fn truth(&self, e: &'c Expr) -> Truth<'c> {
        if self.interpret {
            return Box::new(move |env| env.truth(e));
        }
        match &e.kind {
            ExprKind::Bin(op @ (BinOp::And | BinOp::Or), l, r) => {
                let (l, r, and) = (self.truth(l), self.truth(r), *op == BinOp::And);
                Box::new(move |env| {
                    // Short-circuit: `false and …` never reads the right side.
                    let a = l(env)?;
                    if (and && a == Certainty::Never) || (!and && a == Certainty::Definitely) {
                        return Ok(a);
                    }
                    let b = r(env)?;
                    Ok(if and { a.min(b) } else { a.max(b) })
                })
            }
            ExprKind::Not(inner) => {
                let t = self.truth(inner);
                Box::new(move |env| Ok(t(env)?.negate()))
            }
            ExprKind::Call(f @ (Func::Has | Func::Missing), args) => {
                let present = self.has(&args[0]);
                let want = *f == Func::Has;
                Box::new(move |env| Ok(Certainty::of(present(env) == want)))
            }
            ExprKind::Call(f @ (Func::Definitely | Func::Possibly), args) => {
                let (t, definitely) = (self.truth(&args[0]), *f == Func::Definitely);
                Box::new(move |env| {
                    Ok(match (t(env)?, definitely) {
                        (Certainty::Definitely, true) => Certainty::Definitely,
                        (_, true) | (Certainty::Never, false) => Certainty::Never,
                        (_, false) => Certainty::Definitely,
                    })
                })
            }
            ExprKind::Bool(b) => {
                let c = Certainty::of(*b);
                Box::new(move |_| Ok(c))
            }
            _ => {
                let v = self.value(e);
                Box::new(move |env| eval::as_truth(v(env)?))
            }
        }
    }

    /// Whether `e` has a value (`has(e)`): a column's presence when one answers it.
    pub fn has(&self, e: &'c Expr) -> Has<'c> {
        if let Some((slot, col)) = self.column_path(e).filter(|_| !self.interpret) {
            let columns = self.columns;
            let read = self.value(e);
            return Box::new(move |env| match env.vars[slot].1 {
                V::Claim(c) => columns.has_col(c, col).unwrap_or_else(|| read(env).is_ok()),
                _ => read(env).is_ok(),
            });
        }
        let v = self.value(e);
        Box::new(move |env| v(env).is_ok())
    }

    /// A path of one step from a subject variable to a claim field a column answers: the
    /// variable's slot and the column.
    fn column_path(&self, e: &'c Expr) -> Option<(usize, super::columns::Col)> {
        let ExprKind::Path(var, steps) = &e.kind else {
            return None;
        };
        let [step] = &steps[..] else { return None };
        if self.subject != Ty::Claim || !matches!(var.as_str(), "a" | "b") {
            return None;
        }
        let slot = self.layout.iter().position(|n| n == var)?;
        Some((slot, self.columns.column(step.field?)?))
    }

    fn path(&self, e: &'c Expr, var: &'c str, steps: &'c [Step]) -> Value<'c> {
        if var == "params" {
            let name = &steps[0].name;
            let v: Option<V<'c>> = match self.params.iter().find(|(n, _)| n == name) {
                Some((_, ParamValue::Int(i))) => Some(V::Int(*i)),
                Some((_, ParamValue::Str(s))) => Some(V::Str(Cow::Borrowed(s))),
                None => None,
            };
            return Box::new(move |_| v.clone().ok_or(Missing));
        }
        let Some(slot) = self.layout.iter().position(|n| *n == var) else {
            return interpreted(e);
        };
        let Some((first, rest)) = steps.split_first() else {
            return Box::new(move |env| {
                debug_assert_eq!(env.vars[slot].0, var);
                Ok(env.vars[slot].1.clone())
            });
        };
        let read = self.step(first);
        if rest.is_empty() {
            return Box::new(move |env| {
                debug_assert_eq!(env.vars[slot].0, var);
                read(&env.vars[slot].1)
            });
        }
        let (corpus, columns) = (self.corpus, self.columns);
        Box::new(move |env| {
            debug_assert_eq!(env.vars[slot].0, var);
            let mut v = read(&env.vars[slot].1)?;
            for step in rest {
                v = eval::field(corpus, columns, v, step)?;
            }
            Ok(v)
        })
    }

    /// One field read ([`eval::field`]), with the column and the accessors picked once.
    fn step(&self, step: &'c Step) -> Read<'c> {
        let (corpus, columns) = (self.corpus, self.columns);
        let col = step.field.and_then(|i| columns.column(i));
        let claim = eval::pick(fields::CLAIM, step).map(|f| f.get).ok();
        let entity = eval::pick(fields::ENTITY, step).map(|f| f.get).ok();
        let outlet = eval::pick(fields::OUTLET, step).map(|f| f.get).ok();
        Box::new(move |v| match *v {
            V::Claim(c) => {
                if let Some(read) = col.and_then(|col| columns.read_col(corpus, c, col)) {
                    return read;
                }
                claim.ok_or(Missing)?(corpus, &corpus.claims[c])
            }
            V::Entity(e) => entity.ok_or(Missing)?(corpus, &corpus.entities[e]),
            V::Outlet(o) => outlet.ok_or(Missing)?(corpus, &corpus.outlets[o]),
            _ => Err(Missing),
        })
    }

    fn binary(&self, op: BinOp, l: &'c Expr, r: &'c Expr) -> Value<'c> {
        let (l, r) = (self.value(l), self.value(r));
        match op {
            BinOp::Eq | BinOp::Ne => {
                let want = op == BinOp::Eq;
                Box::new(move |env| {
                    let (a, b) = (l(env)?, r(env)?);
                    Ok(truth(eval::values_equal(&a, &b) == want))
                })
            }
            BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge => {
                Box::new(move |env| eval::ordered(op, l(env)?, r(env)?))
            }
            BinOp::In => Box::new(move |env| {
                let a = l(env)?;
                Ok(truth(eval::in_list(a, r(env)?)))
            }),
            // `and`, `or`: compiled as truths by [`Compiler::value`].
            BinOp::And | BinOp::Or => unreachable!("and/or are truths"),
        }
    }

    fn call(&self, e: &'c Expr, f: Func, args: &'c [Expr]) -> Value<'c> {
        match f {
            Func::Allen(_) | Func::Disjoint | Func::Later | Func::Earlier | Func::Within => {
                let (x, y) = (self.value(&args[0]), self.value(&args[1]));
                Box::new(move |env| {
                    let (a, _) = env.period(x(env)?, true)?;
                    let (b, _) = env.period(y(env)?, true)?;
                    Ok(V::Truth(eval::period_relation(f, &a, &b).ok_or(Missing)?))
                })
            }
            Func::Intersects => {
                let (x, y) = (self.value(&args[0]), self.value(&args[1]));
                Box::new(move |env| {
                    let (va, vb) = (x(env)?, y(env)?);
                    let moments = eval::moments_apart(&va, &vb);
                    let (a, _) = env.period(va, true)?;
                    let (b, _) = env.period(vb, true)?;
                    Ok(V::Truth(
                        match eval::period_relation(f, &a, &b).ok_or(Missing)? {
                            // One day, times of day that do not meet: possibly, at most.
                            Certainty::Definitely if moments => Certainty::Possibly,
                            c => c,
                        },
                    ))
                })
            }
            Func::Resolved | Func::Borrowed | Func::Bounded => {
                let test = move |p: &Period, k: AnchorKind| match f {
                    Func::Resolved => k != AnchorKind::Unresolved,
                    Func::Borrowed => k == AnchorKind::Borrowed,
                    _ => !p.start.is_unbounded() && !p.end.is_unbounded(),
                };
                let x = self.value(&args[0]);
                // The stated period read from its column: no value is made.
                if let Some((slot, super::columns::Col::When)) = self.column_path(&args[0]) {
                    let columns = self.columns;
                    return Box::new(move |env| match env.vars[slot].1 {
                        V::Claim(c) => match columns.when(c) {
                            Some((p, k)) => Ok(truth(test(&p, k))),
                            None => Err(Missing),
                        },
                        _ => {
                            let (p, k) = env.period(x(env)?, false)?;
                            Ok(truth(test(&p, k)))
                        }
                    });
                }
                Box::new(move |env| {
                    let (p, k) = env.period(x(env)?, false)?;
                    Ok(truth(test(&p, k)))
                })
            }
            Func::Start | Func::End => {
                let x = self.value(&args[0]);
                Box::new(move |env| match x(env)? {
                    V::Period(p, k, r) => Ok(V::Period(
                        Period::instant(if f == Func::Start { p.start } else { p.end }),
                        k,
                        r,
                    )),
                    _ => Err(Missing),
                })
            }
            Func::Independent => {
                let (x, y, corpus) = (self.value(&args[0]), self.value(&args[1]), self.corpus);
                Box::new(move |env| match (x(env)?, y(env)?) {
                    (V::Claim(a), V::Claim(b)) => Ok(truth(
                        corpus.claims[a].origin() != corpus.claims[b].origin(),
                    )),
                    _ => Err(Missing),
                })
            }
            Func::PlaceWithin | Func::PlacesDisjoint => {
                let (x, y, corpus) = (self.value(&args[0]), self.value(&args[1]), self.corpus);
                Box::new(move |env| match (x(env)?, y(env)?) {
                    (V::Entity(x), V::Entity(y)) => {
                        let within = eval::place_within(corpus, x, y);
                        Ok(truth(if f == Func::PlaceWithin {
                            within
                        } else {
                            !within && !eval::place_within(corpus, y, x)
                        }))
                    }
                    _ => Err(Missing),
                })
            }
            _ => interpreted(e),
        }
    }
}

/// The interpreter's value of `e`.
fn interpreted<'c>(e: &'c Expr) -> Value<'c> {
    Box::new(move |env| env.eval(e))
}
