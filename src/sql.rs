//! `verify sql`: each rule of a pack compiled, from its TOML, into one SQL query over the
//! tables `verify export` writes (named after their files: `claims`, `entities`,
//! `claims__people`, …), for DuckDB, Spark or DataFusion.
//!
//! The shape gives the query's skeleton: `each` a filter over the subjects; `pair` a
//! self-join on the key (the elements of a list key from its side table), distinct pairs,
//! the sweep as a range predicate and `distinct` as an inequality; `join` the same on two
//! keys; `sequence` a window over the key ordered by start; `count` a group by the key with
//! a count of distinct values. Every query returns one row per finding: `rule`, `a`, `b`
//! (claim or entity ids), `key`, `certainty` and `message`, so that `count(*)` over it is
//! the native engine's count for that rule.
//!
//! Conditions keep their three-valued logic: a truth value is an integer, 0 never,
//! 1 possibly, 2 definitely, and NULL where the native evaluator meets a missing value
//! (which makes the whole condition not applicable, short-circuits included). Period
//! relations are the exact closed forms of the constraint solver of `model::time` for two
//! independent periods (see docs/scale-out.md). Names are compared over the spellings the
//! export writes as `model::names` folds and reduces them (SQL engines have neither its
//! Unicode folding nor its transliteration steps). What cannot be expressed exactly
//! (Allen relations of several conjuncts, `length_is`, a name function elsewhere than a
//! key or two entities) is refused with the reason, and the rule is listed as not
//! compiled: never silently skipped, never approximated.

use std::cell::{Cell, RefCell};
use std::fmt::Write as _;

use crate::calendar::{NEG_INF, POS_INF};
use crate::model::time::Allen;
use crate::rules::expr::{BinOp, Expr, ExprKind, Func, Ty};
use crate::rules::{fields, Over, PairKey, ParamValue, Possible, Rule, Segment, Shape};

/// The SQL engine a query is written for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialect {
    DuckDb,
    Spark,
    DataFusion,
}

impl Dialect {
    pub fn from_name(s: &str) -> Option<Dialect> {
        match s {
            "duckdb" => Some(Dialect::DuckDb),
            "spark" => Some(Dialect::Spark),
            "datafusion" => Some(Dialect::DataFusion),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Dialect::DuckDb => "duckdb",
            Dialect::Spark => "spark",
            Dialect::DataFusion => "datafusion",
        }
    }

    /// A quoted identifier.
    fn id(self, name: &str) -> String {
        match self {
            Dialect::Spark => format!("`{}`", name.replace('`', "``")),
            _ => format!("\"{}\"", name.replace('"', "\"\"")),
        }
    }

    fn text_type(self) -> &'static str {
        match self {
            Dialect::Spark => "STRING",
            _ => "VARCHAR",
        }
    }

    /// The position of `needle` in `hay` from 1, 0 when absent.
    fn strpos(self, hay: &str, needle: &str) -> String {
        match self {
            Dialect::Spark => format!("instr({hay}, {needle})"),
            _ => format!("strpos({hay}, {needle})"),
        }
    }

    /// Integer division, truncating.
    fn div(self, a: &str, b: &str) -> String {
        match self {
            Dialect::DuckDb => format!("(({a}) // ({b}))"),
            Dialect::Spark => format!("(({a}) div ({b}))"),
            Dialect::DataFusion => format!("(({a}) / ({b}))"),
        }
    }

    /// An aggregate: the texts `t` of a group's rows, ordered by `v`, joined by ", ".
    fn ordered_texts(self, t: &str, v: &str) -> String {
        match self {
            Dialect::Spark => format!(
                "array_join(transform(array_sort(collect_list(struct({v} AS v, {t} AS t))), x -> x.t), ', ')"
            ),
            _ => format!("string_agg({t}, ', ' ORDER BY {v})"),
        }
    }
}

/// A rule compiled, or why it could not be.
pub struct Compiled {
    pub rule: String,
    pub query: Result<String, String>,
}

/// Compiles every rule; those that cannot be expressed carry the reason.
pub fn compile_pack(rules: &[Rule], dialect: Dialect) -> Vec<Compiled> {
    rules
        .iter()
        .map(|r| Compiled {
            rule: r.id.clone(),
            query: compile(r, dialect),
        })
        .collect()
}

/// The pack as one script: each query preceded by `-- rule: ID` and ended by `;`, each
/// rule not compiled as a comment with the reason, and a header saying how many are which.
pub fn render(compiled: &[Compiled], dialect: Dialect) -> String {
    let ok = compiled.iter().filter(|c| c.query.is_ok()).count();
    let mut out = format!(
        "-- verify {}: {} of {} rules compiled to SQL for {}, over the tables of `verify export`\n\
         -- (schema version {}); each query returns one row per finding:\n\
         -- rule, a, b, key, certainty, message.\n",
        env!("CARGO_PKG_VERSION"),
        ok,
        compiled.len(),
        dialect.name(),
        crate::export::SCHEMA_VERSION,
    );
    for c in compiled.iter().filter(|c| c.query.is_err()) {
        if let Err(why) = &c.query {
            let _ = writeln!(out, "-- not compiled: {}: {}", c.rule, one_line(why));
        }
    }
    for c in compiled {
        if let Ok(q) = &c.query {
            let _ = write!(out, "\n-- rule: {}\n{};\n", c.rule, q);
        }
    }
    out
}

fn one_line(s: &str) -> String {
    s.replace(['\n', '\r'], " ")
}

/// A value of the condition language as SQL expressions (each NULL where it is missing).
#[derive(Clone, Debug)]
enum Val {
    Truth(String),
    Int(String),
    Str(String),
    /// An entity or an outlet: its id, and its name for messages.
    Ent {
        id: String,
        text: String,
    },
    Out {
        id: String,
        text: String,
    },
    Weekday {
        n: String,
        text: String,
    },
    /// A claim or entity bound to a table alias.
    Row(String),
    Period(Box<P>),
    Duration(Box<D>),
    List {
        n: String,
        set: String,
        text: String,
    },
}

/// A period's columns.
#[derive(Clone, Debug)]
struct P {
    s_lo: String,
    s_hi: String,
    e_lo: String,
    e_hi: String,
    same: String,
    anchor: String,
    guessed: String,
    el_lo: String,
    el_hi: String,
    tod_lo: String,
    tod_hi: String,
    smin: String,
    smax: String,
    emin: String,
    emax: String,
    ok: String,
    text: String,
}

#[derive(Clone, Debug)]
struct D {
    n: String,
    unit: String,
    lo: String,
    hi: String,
    text: String,
}

impl P {
    fn defined(&self) -> String {
        format!("{} IS NOT NULL", self.s_lo)
    }
    /// The bounds of the readings (`export::reading_bounds`): first day in [smin, smax],
    /// last day in [emin, emax], one and the same day when `same`.
    fn smin(&self) -> String {
        self.smin.clone()
    }
    fn smax(&self) -> String {
        self.smax.clone()
    }
    fn emin(&self) -> String {
        self.emin.clone()
    }
    fn emax(&self) -> String {
        self.emax.clone()
    }
    /// Some reading exists.
    fn possible(&self) -> String {
        format!("{} = 1", self.ok)
    }
    fn unbounded(lo: &str, hi: &str) -> String {
        format!(
            "({lo} <= {NEG_INF} OR {lo} >= {POS_INF} OR {hi} <= {NEG_INF} OR {hi} >= {POS_INF})"
        )
    }
    /// The instant of its first (or last) day, as `start(…)` and `end(…)` make it.
    fn instant(&self, start: bool) -> P {
        let (lo, hi) = if start {
            (&self.s_lo, &self.s_hi)
        } else {
            (&self.e_lo, &self.e_hi)
        };
        // The times of day stay only when the period was that instant already.
        let kept = |c: &str| {
            format!(
                "CASE WHEN {} = 1 AND {} = {} AND {} = {} THEN {c} END",
                self.same, self.s_lo, self.e_lo, self.s_hi, self.e_hi
            )
        };
        P {
            s_lo: lo.clone(),
            s_hi: hi.clone(),
            e_lo: lo.clone(),
            e_hi: hi.clone(),
            same: format!("CASE WHEN {} IS NULL THEN NULL ELSE 1 END", self.s_lo),
            anchor: self.anchor.clone(),
            guessed: self.guessed.clone(),
            el_lo: "NULL".into(),
            el_hi: "NULL".into(),
            tod_lo: kept(&self.tod_lo),
            tod_hi: kept(&self.tod_hi),
            smin: lo.clone(),
            smax: hi.clone(),
            emin: lo.clone(),
            emax: hi.clone(),
            ok: format!("(CASE WHEN {lo} <= {hi} THEN 1 ELSE 0 END)"),
            text: self.text.clone(),
        }
    }
}

/// A truth value from a SQL boolean, NULL unless `defined`.
fn tv(defined: &str, holds: &str) -> String {
    format!("(CASE WHEN NOT ({defined}) THEN NULL WHEN {holds} THEN 2 ELSE 0 END)")
}

/// `and` of the native evaluator, left to right: a missing value before a `never` makes the
/// whole missing, a `never` ends it, else the least.
fn and_all(ts: &[String]) -> String {
    chain(ts, "0", "least")
}

fn or_all(ts: &[String]) -> String {
    chain(ts, "2", "greatest")
}

fn chain(ts: &[String], stop: &str, fold: &str) -> String {
    let mut s = String::from("(CASE");
    for t in ts {
        let _ = write!(
            s,
            " WHEN {t} IS NULL THEN NULL WHEN {t} = {stop} THEN {stop}"
        );
    }
    let _ = write!(s, " ELSE {fold}({}) END)", ts.join(", "));
    s
}

/// What a compilation can see.
struct Cx<'r> {
    d: Dialect,
    rule: &'r Rule,
    /// Count rules: `n`, `key` and `values` of the group.
    group: Option<(String, String, String)>,
    /// Periods read by a comparison: a finding that rests on a borrowed, inferred or
    /// guessed one is at most possible.
    compared: RefCell<Vec<String>>,
    /// The condition's atoms (comparisons and calls giving a truth), each computed once as
    /// a column `tN` of an inner query, so that the three-valued `and`/`or`, which name
    /// each operand several times, name a column rather than repeat an expression. Not
    /// used (`None`) where an expression stands alone (a filter).
    atoms: Option<RefCell<Vec<String>>>,
    /// Whether a name function of two entities (`same_spelling`, `name_match`) reads the
    /// step `spelled`, which the query then computes.
    spelled: Cell<bool>,
}

type Res<T> = Result<T, String>;

impl Cx<'_> {
    fn id(&self, s: &str) -> String {
        self.d.id(s)
    }

    /// A text literal for the dialect: Spark reads a backslash in a literal as an escape,
    /// so it is doubled there.
    fn lit(&self, s: &str) -> String {
        match self.d {
            Dialect::Spark => lit(&s.replace('\\', "\\\\")),
            _ => lit(s),
        }
    }

    fn col(&self, alias: &str, name: &str) -> String {
        format!("{alias}.{}", self.id(name))
    }

    /// A field of a row bound to `alias` in `table`.
    fn field(&self, alias: &str, over: Over, name: &str) -> Res<Val> {
        let ty = match over {
            Over::Claims => fields::type_of(Ty::Claim, name),
            Over::Entities => fields::type_of(Ty::Entity, name),
        }
        .ok_or_else(|| format!("no field `{name}`"))?;
        let c = |part: &str| self.col(alias, &format!("{name}__{part}"));
        Ok(match ty {
            Ty::Str => Val::Str(self.col(alias, name)),
            Ty::Int => Val::Int(self.col(alias, name)),
            Ty::Truth => Val::Truth(self.col(alias, name)),
            Ty::Entity => Val::Ent {
                id: self.col(alias, name),
                text: c("text"),
            },
            Ty::Outlet => Val::Out {
                id: self.col(alias, name),
                text: c("text"),
            },
            Ty::Weekday => Val::Weekday {
                n: self.col(alias, name),
                text: c("text"),
            },
            Ty::Period => Val::Period(Box::new(P {
                s_lo: c("s_lo"),
                s_hi: c("s_hi"),
                e_lo: c("e_lo"),
                e_hi: c("e_hi"),
                same: c("same"),
                anchor: c("anchor"),
                guessed: c("guessed"),
                el_lo: c("el_lo"),
                el_hi: c("el_hi"),
                tod_lo: c("tod_lo"),
                tod_hi: c("tod_hi"),
                smin: c("smin"),
                smax: c("smax"),
                emin: c("emin"),
                emax: c("emax"),
                ok: c("ok"),
                text: c("text"),
            })),
            Ty::Duration => Val::Duration(Box::new(D {
                n: c("n"),
                unit: c("unit"),
                lo: c("lo"),
                hi: c("hi"),
                text: c("text"),
            })),
            Ty::ListStr | Ty::ListEntity | Ty::ListOutlet => Val::List {
                n: c("n"),
                set: c("set"),
                text: c("text"),
            },
            other => return Err(format!("field `{name}` of type {}", other.name())),
        })
    }

    /// A field of the entity (or outlet) with id `id`, read from its table.
    fn record_field(&self, table: &str, key: &str, id: &str, name: &str, ty: Ty) -> Res<Val> {
        let sub = |col: &str| {
            format!(
                "(SELECT max(r.{}) FROM {table} r WHERE r.{} = {id})",
                self.id(col),
                self.id(key)
            )
        };
        Ok(match ty {
            Ty::Str => Val::Str(sub(name)),
            Ty::Int => Val::Int(sub(name)),
            Ty::Truth => Val::Truth(sub(name)),
            Ty::Entity => Val::Ent {
                id: sub(name),
                text: sub(&format!("{name}__text")),
            },
            Ty::Outlet => Val::Out {
                id: sub(name),
                text: sub(&format!("{name}__text")),
            },
            other => {
                return Err(format!(
                    "a field of type {} read through another record (`….{name}`)",
                    other.name()
                ))
            }
        })
    }

    fn value(&self, e: &Expr) -> Res<Val> {
        match &e.kind {
            ExprKind::Bool(b) => Ok(Val::Truth(if *b { "2" } else { "0" }.into())),
            ExprKind::Int(i) => Ok(Val::Int(i.to_string())),
            ExprKind::Str(s) => Ok(Val::Str(self.lit(s))),
            ExprKind::List(_) => Err("a list written in the condition".into()),
            ExprKind::Path(var, path) => match self.path(var, path)? {
                Val::Truth(t) => Ok(Val::Truth(self.atom(t))),
                other => Ok(other),
            },
            ExprKind::Not(inner) => Ok(Val::Truth(format!("(2 - {})", self.truth(inner)?))),
            ExprKind::Bin(op @ (BinOp::And | BinOp::Or), l, r) => {
                self.binary(*op, l, r).map(Val::Truth)
            }
            ExprKind::Bin(op, l, r) => Ok(Val::Truth(self.atom(self.binary(*op, l, r)?))),
            ExprKind::Call(f @ (Func::Definitely | Func::Possibly), args) => self.call(*f, args),
            ExprKind::Call(f, args) => match self.call(*f, args)? {
                Val::Truth(t) => Ok(Val::Truth(self.atom(t))),
                other => Ok(other),
            },
        }
    }

    /// `f` of a truth: when the truth is the atom just made, the atom becomes `f` of it (one
    /// column, not a CASE repeated wherever the logic above names it).
    fn wrap(&self, t: String, f: impl Fn(&str) -> String) -> String {
        if let Some(atoms) = &self.atoms {
            let mut atoms = atoms.borrow_mut();
            if t == format!("x.t{}", atoms.len()) {
                if let Some(last) = atoms.last_mut() {
                    *last = f(last);
                    return t;
                }
            }
        }
        f(&t)
    }

    /// An atom of the condition: a column of the inner query, or itself where there is none.
    fn atom(&self, sql: String) -> String {
        match &self.atoms {
            None => sql,
            Some(atoms) => {
                let mut atoms = atoms.borrow_mut();
                atoms.push(sql);
                format!("x.t{}", atoms.len())
            }
        }
    }

    fn truth(&self, e: &Expr) -> Res<String> {
        match self.value(e)? {
            Val::Truth(t) => Ok(t),
            _ => Err("a value used as a truth".into()),
        }
    }

    fn path(&self, var: &str, path: &[crate::rules::expr::Step]) -> Res<Val> {
        if var == "params" {
            let name = &path[0].name;
            return match self.rule.params.iter().find(|(n, _)| n == name) {
                Some((_, ParamValue::Int(i))) => Ok(Val::Int(i.to_string())),
                Some((_, ParamValue::Str(s))) => Ok(Val::Str(self.lit(s))),
                None => Err(format!("no parameter `{name}`")),
            };
        }
        let mut v = match (var, &self.group) {
            // `s`: a subject alone, as keys, sweeps and `distinct` read it.
            ("a" | "b" | "s", _) => Val::Row(var.to_owned()),
            ("n", Some((n, _, _))) => Val::Int(n.clone()),
            ("key", Some((_, k, _))) => Val::Str(k.clone()),
            ("values", Some((_, _, vs))) => Val::List {
                n: "NULL".into(),
                set: "NULL".into(),
                text: vs.clone(),
            },
            _ => return Err(format!("the variable `{var}`")),
        };
        for step in path {
            v = match v {
                Val::Row(alias) => self.field(&alias, self.rule.over, &step.name)?,
                Val::Ent { id, .. } => {
                    let ty = fields::type_of(Ty::Entity, &step.name)
                        .ok_or_else(|| format!("no entity field `{}`", step.name))?;
                    self.record_field("entities", "entity_id", &id, &step.name, ty)?
                }
                Val::Out { id, .. } => {
                    let ty = fields::type_of(Ty::Outlet, &step.name)
                        .ok_or_else(|| format!("no outlet field `{}`", step.name))?;
                    self.record_field("outlets", "outlet_id", &id, &step.name, ty)?
                }
                _ => return Err(format!("the field `{}` of a value", step.name)),
            };
        }
        Ok(v)
    }

    /// The SQL that is NOT NULL exactly where the value is present.
    fn presence(v: &Val) -> String {
        match v {
            Val::Truth(x) | Val::Int(x) | Val::Str(x) => format!("{x} IS NOT NULL"),
            Val::Ent { id, .. } | Val::Out { id, .. } => format!("{id} IS NOT NULL"),
            Val::Weekday { n, .. } => format!("{n} IS NOT NULL"),
            Val::Row(_) => "1 = 1".into(),
            Val::Period(p) => p.defined(),
            Val::Duration(d) => format!("{} IS NOT NULL", d.n),
            Val::List { n, .. } => format!("{n} IS NOT NULL"),
        }
    }

    fn period(&self, e: &Expr, compare: bool) -> Res<P> {
        match self.value(e)? {
            Val::Period(p) => {
                if compare {
                    self.compared.borrow_mut().push(format!(
                        "({} IN ('borrowed', 'inferred') OR {} = 1)",
                        p.anchor, p.guessed
                    ));
                }
                Ok(*p)
            }
            _ => Err("a value used as a period".into()),
        }
    }

    fn binary(&self, op: BinOp, l: &Expr, r: &Expr) -> Res<String> {
        match op {
            BinOp::And | BinOp::Or => {
                // A chain of one operator is one CASE, not nested ones.
                let mut items = Vec::new();
                flatten(op, l, &mut items);
                flatten(op, r, &mut items);
                let ts = items
                    .iter()
                    .map(|e| self.truth(e))
                    .collect::<Res<Vec<_>>>()?;
                Ok(if op == BinOp::And {
                    and_all(&ts)
                } else {
                    or_all(&ts)
                })
            }
            BinOp::Eq | BinOp::Ne => {
                let (a, b) = (self.value(l)?, self.value(r)?);
                let defined = format!("{} AND {}", Self::presence(&a), Self::presence(&b));
                let eq = equal(&a, &b)?;
                let holds = if op == BinOp::Eq {
                    eq
                } else {
                    format!("NOT ({eq})")
                };
                Ok(tv(&defined, &holds))
            }
            BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge => match (self.value(l)?, self.value(r)?)
            {
                (Val::Int(a), Val::Int(b)) => {
                    let o = match op {
                        BinOp::Lt => "<",
                        BinOp::Le => "<=",
                        BinOp::Gt => ">",
                        _ => ">=",
                    };
                    Ok(tv(
                        &format!("{a} IS NOT NULL AND {b} IS NOT NULL"),
                        &format!("{a} {o} {b}"),
                    ))
                }
                _ => Err("an order comparison of values that are not numbers".into()),
            },
            BinOp::In => {
                let a = self.value(l)?;
                let ExprKind::List(items) = &r.kind else {
                    return Err("`in` a list field (only `in [...]` compiles)".into());
                };
                let x = match &a {
                    Val::Str(x) => x.clone(),
                    Val::Ent { id, .. } | Val::Out { id, .. } => id.clone(),
                    _ => return Err("`in` over values that are not texts".into()),
                };
                let lits = items
                    .iter()
                    .map(|i| match &i.kind {
                        ExprKind::Str(s) => Ok(self.lit(s)),
                        _ => Err("`in` a list of values that are not texts".to_string()),
                    })
                    .collect::<Res<Vec<_>>>()?;
                Ok(tv(
                    &Self::presence(&a),
                    &format!("{x} IN ({})", lits.join(", ")),
                ))
            }
        }
    }

    fn call(&self, f: Func, args: &[Expr]) -> Res<Val> {
        let two = |cmp: bool| -> Res<(P, P)> {
            Ok((self.period(&args[0], cmp)?, self.period(&args[1], cmp)?))
        };
        let both = |a: &P, b: &P| format!("{} AND {}", a.defined(), b.defined());
        let possible2 = |a: &P, b: &P| format!("{} AND {}", a.possible(), b.possible());
        // A relation of one conjunct `x - y <= c` between two independent periods: it holds
        // in every reading when max(x) - min(y) <= c, in none when min(x) - max(y) > c.
        let one = |a: &P,
                   b: &P,
                   max_x: String,
                   min_y: String,
                   min_x: String,
                   max_y: String,
                   c: i64| {
            format!(
                "(CASE WHEN NOT ({}) THEN NULL WHEN NOT ({}) THEN 0 WHEN {min_x} - {max_y} > {c} THEN 0 WHEN {max_x} - {min_y} <= {c} THEN 2 ELSE 1 END)",
                both(a, b),
                possible2(a, b)
            )
        };
        Ok(Val::Truth(match f {
            Func::Has | Func::Missing => {
                let present = match self.value(&args[0]) {
                    Ok(v) => Self::presence(&v),
                    Err(e) => return Err(e),
                };
                if f == Func::Has {
                    format!("(CASE WHEN {present} THEN 2 ELSE 0 END)")
                } else {
                    format!("(CASE WHEN {present} THEN 0 ELSE 2 END)")
                }
            }
            Func::Definitely => {
                let t = self.truth(&args[0])?;
                return Ok(Val::Truth(self.wrap(t, |t| {
                    format!("(CASE {t} WHEN 2 THEN 2 WHEN 1 THEN 0 WHEN 0 THEN 0 END)")
                })));
            }
            Func::Possibly => {
                let t = self.truth(&args[0])?;
                return Ok(Val::Truth(self.wrap(t, |t| {
                    format!("(CASE {t} WHEN 2 THEN 2 WHEN 1 THEN 2 WHEN 0 THEN 0 END)")
                })));
            }
            Func::Resolved | Func::Borrowed => {
                let p = self.period(&args[0], false)?;
                let holds = if f == Func::Resolved {
                    format!("{} <> 'unresolved'", p.anchor)
                } else {
                    format!("{} = 'borrowed'", p.anchor)
                };
                tv(&p.defined(), &holds)
            }
            Func::Bounded => {
                let p = self.period(&args[0], false)?;
                tv(
                    &p.defined(),
                    &format!(
                        "NOT {} AND NOT {}",
                        P::unbounded(&p.s_lo, &p.s_hi),
                        P::unbounded(&p.e_lo, &p.e_hi)
                    ),
                )
            }
            Func::Intersects | Func::Disjoint => {
                let (a, b) = two(true)?;
                let meet = format!("{} <= {} AND {} <= {}", a.smin(), b.emax(), b.smin(), a.emax());
                let always = format!("{} <= {} AND {} <= {}", a.smax(), b.emin(), b.smax(), a.emin());
                // One day, times of day that do not meet: the day is shared, perhaps not the
                // moment.
                let apart = format!(
                    "({} IS NOT NULL AND {} IS NOT NULL AND {} = {} AND ({} < {} OR {} < {}))",
                    a.tod_lo, b.tod_lo, a.s_lo, b.s_lo, a.tod_hi, b.tod_lo, b.tod_hi, a.tod_lo
                );
                if f == Func::Intersects {
                    format!(
                        "(CASE WHEN NOT ({}) THEN NULL WHEN NOT ({}) THEN 0 WHEN NOT ({meet}) THEN 0 WHEN {always} THEN (CASE WHEN {apart} THEN 1 ELSE 2 END) ELSE 1 END)",
                        both(&a, &b),
                        possible2(&a, &b)
                    )
                } else {
                    format!(
                        "(CASE WHEN NOT ({}) THEN NULL WHEN NOT ({}) THEN 0 WHEN NOT ({meet}) THEN 2 WHEN {always} THEN 0 ELSE 1 END)",
                        both(&a, &b),
                        possible2(&a, &b)
                    )
                }
            }
            Func::Within => {
                let (a, b) = two(true)?;
                // Some reading puts a inside b: inside a single day of b, a is that day.
                let some = format!(
                    "(CASE WHEN {bs} = 1 THEN greatest({bsmin}, {asmin}, {aemin}) <= least({bemax}, {asmax}, {aemax}) \
                     ELSE greatest({asmin}, {bsmin}) <= {asmax} AND {aemin} <= least({aemax}, {bemax}) \
                     AND greatest({asmin}, {bsmin}) <= least({aemax}, {bemax}) END)",
                    bs = b.same,
                    bsmin = b.smin(),
                    asmin = a.smin(),
                    aemin = a.emin(),
                    bemax = b.emax(),
                    asmax = a.smax(),
                    aemax = a.emax(),
                );
                let always = format!("{} <= {} AND {} <= {}", b.smax(), a.smin(), a.emax(), b.emin());
                format!(
                    "(CASE WHEN NOT ({}) THEN NULL WHEN NOT ({}) THEN 0 WHEN NOT {some} THEN 0 WHEN {always} THEN 2 ELSE 1 END)",
                    both(&a, &b),
                    possible2(&a, &b)
                )
            }
            // after, met-by: the first starts the day after the second ends or later:
            // e2 - s1 <= -1.
            Func::Later => {
                let (a, b) = two(true)?;
                one(&a, &b, b.emax(), a.smin(), b.emin(), a.smax(), -1)
            }
            // before, meets: e1 - s2 <= -1.
            Func::Earlier => {
                let (a, b) = two(true)?;
                one(&a, &b, a.emax(), b.smin(), a.emin(), b.smax(), -1)
            }
            Func::Allen(Allen::Before) => {
                let (a, b) = two(true)?;
                one(&a, &b, a.emax(), b.smin(), a.emin(), b.smax(), -2)
            }
            Func::Allen(Allen::After) => {
                let (a, b) = two(true)?;
                one(&a, &b, b.emax(), a.smin(), b.emin(), a.smax(), -2)
            }
            Func::Allen(Allen::Equals) => {
                let (a, b) = two(true)?;
                let (s_lo, s_hi) = (
                    format!("greatest({}, {})", a.smin(), b.smin()),
                    format!("least({}, {})", a.smax(), b.smax()),
                );
                let (e_lo, e_hi) = (
                    format!("greatest({}, {})", a.emin(), b.emin()),
                    format!("least({}, {})", a.emax(), b.emax()),
                );
                let some = format!(
                    "({s_lo} <= {s_hi} AND {e_lo} <= {e_hi} AND (CASE WHEN {} = 1 OR {} = 1 THEN greatest({s_lo}, {e_lo}) <= least({s_hi}, {e_hi}) ELSE {s_lo} <= {e_hi} END))",
                    a.same, b.same
                );
                let always = format!(
                    "{} = {} AND {} = {} AND {} = {} AND {} = {} AND {} = {} AND {} = {}",
                    a.smin(), a.smax(), b.smin(), b.smax(), a.smin(), b.smin(),
                    a.emin(), a.emax(), b.emin(), b.emax(), a.emin(), b.emin()
                );
                format!(
                    "(CASE WHEN NOT ({}) THEN NULL WHEN NOT ({}) THEN 0 WHEN NOT {some} THEN 0 WHEN {always} THEN 2 ELSE 1 END)",
                    both(&a, &b),
                    possible2(&a, &b)
                )
            }
            Func::Allen(rel) => {
                return Err(format!(
                    "the relation `{}` (several conjuncts: its exact certainty needs the constraint solver)",
                    rel.name()
                ))
            }
            Func::WeekdayIs => {
                let p = self.period(&args[0], true)?;
                let Val::Weekday { n: w, .. } = self.value(&args[1])? else {
                    return Err("weekday_is of a value that is not a weekday".into());
                };
                let (lo, hi) = (&p.s_lo, &p.s_hi);
                let wd = format!("((({lo} + 3) % 7 + 7) % 7)");
                format!(
                    "(CASE WHEN NOT ({} AND {w} IS NOT NULL) THEN NULL WHEN {} THEN 1 WHEN {lo} > {hi} THEN 0 \
                     WHEN {hi} - {lo} >= 6 THEN 1 WHEN ((({w}) - {wd}) % 7 + 7) % 7 > {hi} - {lo} THEN 0 \
                     WHEN {lo} = {hi} THEN 2 ELSE 1 END)",
                    p.defined(),
                    P::unbounded(lo, hi)
                )
            }
            Func::Start | Func::End => {
                let p = self.period(&args[0], false)?;
                return Ok(Val::Period(Box::new(p.instant(f == Func::Start))));
            }
            Func::Independent => {
                let (Val::Row(a), Val::Row(b)) = (self.value(&args[0])?, self.value(&args[1])?) else {
                    return Err("independent of values that are not claims".into());
                };
                format!(
                    "(CASE WHEN {} <> {} THEN 2 ELSE 0 END)",
                    self.col(&a, "origin"),
                    self.col(&b, "origin")
                )
            }
            Func::Len => {
                return match self.value(&args[0])? {
                    Val::List { n, .. } => Ok(Val::Int(n)),
                    _ => Err("len of a value that is not a list".into()),
                }
            }
            Func::LengthsDiffer => match (self.value(&args[0])?, self.value(&args[1])?) {
                (Val::Duration(x), Val::Duration(y)) => tv(
                    &format!("{} IS NOT NULL AND {} IS NOT NULL", x.n, y.n),
                    &format!("({} < {} OR {} < {})", x.hi, y.lo, y.hi, x.lo),
                ),
                _ => return Err("lengths_differ of values that are not durations".into()),
            },
            Func::LengthDiffers => {
                let p = self.period(&args[0], true)?;
                let (Val::Duration(d), Val::Int(slack)) = (self.value(&args[1])?, self.value(&args[2])?) else {
                    return Err("length_differs of values of other types".into());
                };
                self.length_differs(&p, &d, &slack)?
            }
            Func::PlaceWithin | Func::PlacesDisjoint => {
                let (Val::Ent { id: x, .. }, Val::Ent { id: y, .. }) = (self.value(&args[0])?, self.value(&args[1])?) else {
                    return Err("a place relation of values that are not entities".into());
                };
                let within = |x: &str, y: &str| {
                    let up = format!(
                        "(SELECT max(r.{}) FROM entities r WHERE r.{} = {x})",
                        self.id("entity_up"),
                        self.id("entity_id")
                    );
                    let needle = format!("'|' || CAST({y} AS {}) || '|'", self.d.text_type());
                    format!("{} > 0", self.d.strpos(&up, &needle))
                };
                let defined = format!("{x} IS NOT NULL AND {y} IS NOT NULL");
                if f == Func::PlaceWithin {
                    tv(&defined, &within(&x, &y))
                } else {
                    tv(&defined, &format!("NOT ({}) AND NOT ({})", within(&x, &y), within(&y, &x)))
                }
            }
            Func::KnownOr => {
                let v = self.value(&args[0])?;
                let Val::Str(other) = self.value(&args[1])? else {
                    return Err("known_or with a default that is not a text".into());
                };
                return Ok(Val::Str(format!("coalesce({}, {other})", self.display(&v))));
            }
            Func::LengthIs => return Err("length_is (not yet compiled)".into()),
            Func::SameSpelling | Func::NameMatch => {
                let (x, y) = (self.entity_id(&args[0])?, self.entity_id(&args[1])?);
                self.spelled.set(true);
                let lookup = |what: &str, more: &str| {
                    format!("(SELECT {what} FROM spelled m WHERE m.a_id = {x} AND m.b_id = {y}{more})")
                };
                if f == Func::NameMatch {
                    return Ok(Val::Str(lookup("max(m.says)", " AND m.best = 1")));
                }
                tv(
                    &format!("{x} IS NOT NULL AND {y} IS NOT NULL"),
                    &format!("coalesce({}, 1) = 0", lookup("min(m.steps)", "")),
                )
            }
            Func::Skeleton | Func::Normalised => {
                return Err(format!(
                    "`{}` outside a pair's key (the export has each name's forms, which a key joins on)",
                    func_name(f)
                ))
            }
        }))
    }

    /// The id of an entity: a row of a rule over entities, or an entity-valued field.
    fn entity_id(&self, e: &Expr) -> Res<String> {
        match self.value(e)? {
            Val::Row(alias) if self.rule.over == Over::Entities => {
                Ok(self.col(&alias, "entity_id"))
            }
            Val::Ent { id, .. } => Ok(id),
            _ => Err("a name function of values that are not entities".into()),
        }
    }

    /// The step `spelled`: every two spellings of entities that meet by the steps of
    /// `model::names::skeleton` (equal `meets` in the export), with the number of steps that
    /// made them meet and what `name_match` says of them, as `names::why_alike` decides it:
    /// they meet at the first stage where they are equal (and not empty), by the steps
    /// before it that changed either; `best` = 1 for the pair of spellings `name_match`
    /// names (fewest steps, then the first name, then the second).
    fn spelled_step(&self) -> String {
        let steps: Vec<&str> = crate::model::names::step_names().collect();
        let stage = |a: &str, i: usize| format!("{a}.{}", self.id(&format!("stage{i}")));
        let first: Vec<String> = (0..=steps.len())
            .map(|i| format!("WHEN {} = {} THEN {i}", stage("x", i), stage("y", i)))
            .collect();
        let changed =
            |a: &str, i: usize| format!("coalesce({a}s{i}, '') <> coalesce({a}s{}, '')", i - 1);
        let carried: Vec<String> = (0..=steps.len())
            .flat_map(|i| {
                [
                    format!("{} AS xs{i}", stage("x", i)),
                    format!("{} AS ys{i}", stage("y", i)),
                ]
            })
            .collect();
        let used: Vec<String> = (1..=steps.len())
            .map(|i| {
                format!(
                    "CASE WHEN k >= {i} AND ({} OR {}) THEN 1 ELSE 0 END AS u{i}",
                    changed("x", i),
                    changed("y", i)
                )
            })
            .collect();
        let count: Vec<String> = (1..=steps.len()).map(|i| format!("u{i}")).collect();
        let names: Vec<String> = steps
            .iter()
            .enumerate()
            .map(|(i, n)| format!("CASE WHEN u{} = 1 THEN {} END", i + 1, self.lit(n)))
            .collect();
        let pair = format!(
            "{} || a_text || {} || b_text || {}",
            self.lit("“"),
            self.lit("” and “"),
            self.lit("”")
        );
        let (id, pos, text, meets) = (
            self.id("entity_id"),
            self.id("pos"),
            self.id("text"),
            self.id("meets"),
        );
        format!(
            "SELECT a_id, b_id, steps, says,\n    \
             row_number() OVER (PARTITION BY a_id, b_id ORDER BY steps, a_pos, b_pos) AS best\n  \
             FROM (\n    \
             SELECT a_id, b_id, a_pos, b_pos, {steps} AS steps,\n      \
             CASE WHEN {steps} = 0 THEN {pair} || {same} ELSE {pair} || {by} || concat_ws(', ', {names}) END AS says\n    \
             FROM (\n      \
             SELECT a_id, b_id, a_pos, b_pos, a_text, b_text,\n        {used}\n      \
             FROM (\n        \
             SELECT x.{id} AS a_id, y.{id} AS b_id, x.{pos} AS a_pos, y.{pos} AS b_pos,\n          \
             x.{text} AS a_text, y.{text} AS b_text,\n          {carried},\n          CASE {first} END AS k\n        \
             FROM {table} x JOIN {table} y ON x.{meets} = y.{meets}\n      \
             ) z\n    \
             ) u\n  \
             ) m",
            steps = count.join(" + "),
            same = self.lit(" are one name once case and spacing are ignored"),
            by = self.lit(" meet by "),
            names = names.join(", "),
            used = used.join(",\n        "),
            first = first.join(" "),
            carried = carried.join(", "),
            table = crate::export::SPELLINGS,
        )
    }

    /// `length_differs(p, d, slack)` as `engine::eval` decides it.
    fn length_differs(&self, p: &P, d: &D, slack: &str) -> Res<String> {
        const MAX: i64 = u32::MAX as i64;
        let min_len = format!(
            "(CASE WHEN {same} = 1 THEN 1 WHEN {s_hi} <= {NEG_INF} OR {e_lo} >= {POS_INF} THEN {MAX} ELSE 1 + greatest({emin} - {smax}, 0) END)",
            same = p.same, s_hi = p.s_hi, e_lo = p.e_lo, emin = p.emin(), smax = p.smax()
        );
        let max_len = format!(
            "(CASE WHEN {same} = 1 THEN 1 WHEN {s_lo} <= {NEG_INF} OR {e_hi} >= {POS_INF} THEN NULL ELSE {emax} - {smin} + 1 END)",
            same = p.same, s_lo = p.s_lo, e_hi = p.e_hi, emax = p.emax(), smin = p.smin()
        );
        let (lo, hi, n) = (&d.lo, &d.hi, &d.n);
        let hour = format!("{} = 'hour'", d.unit);
        let whole = format!("({hour} AND {n} % 24 = 0)");
        let want_lo = format!("(CASE WHEN {hour} THEN {n} * 60 - 60 ELSE {lo} * 1440 - 720 END)");
        let want_hi = format!("(CASE WHEN {hour} THEN {n} * 60 + 60 ELSE {hi} * 1440 + 720 END)");
        let days = self.d.div(n, "24");
        let fits_elapsed = format!(
            "(({el_lo} <= {want_hi} AND {want_lo} <= {el_hi}) OR ({whole} AND {el_lo} <= {days} * 1440 + 720 AND {days} * 1440 - 720 <= {el_hi}))",
            el_lo = p.el_lo, el_hi = p.el_hi
        );
        let fits_days = format!(
            "((NOT {hour} OR {whole}) AND {min_len} <= {hi} AND ({max_len} IS NULL OR {lo} <= {max_len}))"
        );
        let off = format!(
            "(CASE WHEN {max_len} IS NOT NULL AND {max_len} < {lo} THEN {lo} - {max_len} WHEN {min_len} > {hi} THEN {min_len} - {hi} ELSE 0 END)"
        );
        Ok(format!(
            "(CASE WHEN NOT ({} AND {n} IS NOT NULL AND {slack} IS NOT NULL) THEN NULL WHEN NOT {} THEN 0 \
             WHEN {el} IS NOT NULL THEN (CASE WHEN {fits_elapsed} OR {fits_days} THEN 0 ELSE 2 END) \
             WHEN {off} = 0 THEN 0 WHEN {off} > greatest({slack}, 0) THEN 2 ELSE 1 END)",
            p.defined(),
            p.possible(),
            el = p.el_lo,
        ))
    }

    /// A value as messages write it (NULL where it is missing).
    fn display(&self, v: &Val) -> String {
        let t = self.d.text_type();
        match v {
            Val::Truth(x) => format!(
                "(CASE {x} WHEN 2 THEN 'definitely' WHEN 1 THEN 'possibly' WHEN 0 THEN 'never' END)"
            ),
            Val::Int(x) => format!("CAST({x} AS {t})"),
            Val::Str(x) => x.clone(),
            Val::Ent { text, .. } | Val::Out { text, .. } | Val::Weekday { text, .. } => {
                text.clone()
            }
            Val::Row(alias) => {
                match self.rule.over {
                    Over::Claims => {
                        let (kind, label) = (self.col(alias, "kind"), self.col(alias, "label"));
                        format!("(CASE WHEN {label} IS NULL THEN {kind} ELSE {kind} || ' ' || {label} END)")
                    }
                    Over::Entities => self.col(alias, "name"),
                }
            }
            Val::Period(p) => p.text.clone(),
            Val::Duration(d) => d.text.clone(),
            Val::List { text, .. } => text.clone(),
        }
    }

    fn message(&self) -> Res<String> {
        let mut parts = Vec::new();
        for seg in &self.rule.message {
            parts.push(match seg {
                Segment::Text(s) => self.lit(s),
                Segment::Value(e) => format!("coalesce({}, '?')", self.display(&self.value(e)?)),
            });
        }
        Ok(if parts.is_empty() {
            "''".into()
        } else {
            parts.join(" || ")
        })
    }
}

fn func_name(f: Func) -> &'static str {
    match f {
        Func::Skeleton => "skeleton",
        Func::Normalised => "normalised",
        Func::NameMatch => "name_match",
        _ => "same_spelling",
    }
}

fn flatten<'e>(op: BinOp, e: &'e Expr, out: &mut Vec<&'e Expr>) {
    match &e.kind {
        ExprKind::Bin(o, l, r) if *o == op => {
            flatten(op, l, out);
            flatten(op, r, out);
        }
        _ => out.push(e),
    }
}

/// A truth over the atoms `x.tN` of an inner query, with each atom written out (`(…)`),
/// so that it can stand in the inner query itself.
fn inline_atoms(t: &str, atoms: &[String]) -> String {
    let mut out = t.to_owned();
    // The highest numbers first: `x.t1` is a prefix of `x.t12`.
    for (i, a) in atoms.iter().enumerate().rev() {
        out = out.replace(&format!("x.t{}", i + 1), &format!("({a})"));
    }
    out
}

/// A SQL text literal: quotes doubled.
fn lit(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// Equality as the native evaluator decides it: lists as sets, periods by their bounds
/// and anchors, durations by their lengths.
fn equal(a: &Val, b: &Val) -> Res<String> {
    Ok(match (a, b) {
        (Val::Str(x), Val::Str(y))
        | (Val::Int(x), Val::Int(y))
        | (Val::Truth(x), Val::Truth(y)) => {
            format!("{x} = {y}")
        }
        (Val::Ent { id: x, .. }, Val::Ent { id: y, .. })
        | (Val::Out { id: x, .. }, Val::Out { id: y, .. }) => {
            format!("{x} = {y}")
        }
        (Val::Weekday { n: x, .. }, Val::Weekday { n: y, .. }) => format!("{x} = {y}"),
        (Val::List { set: x, .. }, Val::List { set: y, .. }) => format!("{x} = {y}"),
        (Val::Duration(x), Val::Duration(y)) => {
            format!("{} = {} AND {} = {}", x.lo, y.lo, x.hi, y.hi)
        }
        (Val::Period(x), Val::Period(y)) => format!(
            "{} = {} AND {} = {} AND {} = {} AND {} = {} AND {} = {} AND {} = {}",
            x.s_lo,
            y.s_lo,
            x.s_hi,
            y.s_hi,
            x.e_lo,
            y.e_lo,
            x.e_hi,
            y.e_hi,
            x.same,
            y.same,
            x.anchor,
            y.anchor
        ),
        _ => return Err("an equality of values of different kinds".into()),
    })
}

/// A key of grouping or joining: for each subject (alias `s` of the subjects), the key
/// values it has, as (a query of `id, k` rows).
fn keys_query(cx: &Cx, subjects: &str, key: &Expr, set: bool) -> Res<String> {
    keys_with(cx, subjects, key, set, &[])
}

/// [`keys_query`] with more columns of each subject (`s`) beside its id and key.
fn keys_with(
    cx: &Cx,
    subjects: &str,
    key: &Expr,
    set: bool,
    extra: &[(String, &str)],
) -> Res<String> {
    let (table, id) = record_table(cx.rule.over);
    let more: String = extra.iter().map(|(e, n)| format!(", {e} AS {n}")).collect();
    if let ExprKind::Call(f @ (Func::Normalised | Func::Skeleton), args) = &key.kind {
        return names_key(cx, subjects, *f, &args[0], &more);
    }
    let ExprKind::Path(var, path) = &key.kind else {
        // What the key computes says best why it does not compile.
        cx.value(key)?;
        return Err("a key that is not a field".into());
    };
    if var != "a" || path.len() != 1 {
        return Err("a key that is not a field of `a`".into());
    }
    let name = &path[0].name;
    let v = cx.field("s", cx.rule.over, name)?;
    let idc = cx.id(id);
    let q = match v {
        Val::Str(x) | Val::Int(x) => {
            format!("SELECT s.{idc} AS id, {x} AS k FROM {subjects} s WHERE {x} IS NOT NULL")
        }
        Val::Ent { id: x, .. } | Val::Out { id: x, .. } | Val::Weekday { n: x, .. } => {
            format!("SELECT s.{idc} AS id, CAST({x} AS {}) AS k FROM {subjects} s WHERE {x} IS NOT NULL", cx.d.text_type())
        }
        Val::List { set: x, .. } if set => {
            format!("SELECT s.{idc} AS id, {x} AS k FROM {subjects} s WHERE {x} IS NOT NULL")
        }
        Val::List { .. } => {
            let side = crate::export::side_table(table, name);
            format!(
                "SELECT s.{idc} AS id, CAST(e.{} AS {}) AS k FROM {subjects} s JOIN {side} e ON e.{idc} = s.{idc}",
                cx.id("value"),
                cx.d.text_type()
            )
        }
        _ => return Err(format!("a key of type {}", key.ty.name())),
    };
    Ok(q.replacen(" AS k FROM ", &format!(" AS k{more} FROM "), 1))
}

/// A key of names folded (`normalised(a.names)`) or reduced to their skeleton
/// (`skeleton(a.name)`): the export's spellings of each entity, joined on the form the
/// function gives (a name that reduces to nothing has none, and meets no other).
fn names_key(cx: &Cx, subjects: &str, f: Func, arg: &Expr, more: &str) -> Res<String> {
    let field = match &arg.kind {
        ExprKind::Path(var, path) if var == "a" && path.len() == 1 => path[0].name.as_str(),
        _ => "",
    };
    if cx.rule.over != Over::Entities || !matches!(field, "name" | "names") {
        return Err(format!(
            "a key `{}` of something else than an entity's `name` or `names`",
            func_name(f)
        ));
    }
    let id = cx.id("entity_id");
    let form = cx.id(func_name(f));
    let only_name = if field == "name" {
        format!(" AND e.{} = 0", cx.id("pos"))
    } else {
        String::new()
    };
    Ok(format!(
        "SELECT DISTINCT s.{id} AS id, e.{form} AS k{more} FROM {subjects} s JOIN {} e ON e.{id} = s.{id} WHERE e.{form} IS NOT NULL{only_name}",
        crate::export::SPELLINGS
    ))
}

fn record_table(over: Over) -> (&'static str, &'static str) {
    match over {
        Over::Claims => ("claims", "claim_id"),
        Over::Entities => ("entities", "entity_id"),
    }
}

/// The columns of a finding query's innermost select, beside the condition's atoms.
struct Inner {
    /// `a`, `b`, `key`, `f1`, `f2` (the fingerprint parts a duplicate is found by).
    cols: Vec<(String, &'static str)>,
    /// FROM … (the query adds its WHERE).
    from: String,
    /// The named steps before it (WITH name AS (…)), in order.
    ctes: Vec<(&'static str, String)>,
    /// SQL appended to the message.
    suffix: Option<String>,
}

impl Cx<'_> {
    /// A fresh context for a rule's condition, with atoms (the filter's is inline).
    fn for_condition(&self) -> Cx<'_> {
        Cx {
            d: self.d,
            rule: self.rule,
            group: self.group.clone(),
            compared: RefCell::new(Vec::new()),
            atoms: Some(RefCell::new(Vec::new())),
            spelled: Cell::new(self.spelled.get()),
        }
    }

    /// The query of a rule's findings: the innermost select computes the ids, the message,
    /// whether a compared period was borrowed and each atom; the one above it the verdict
    /// from the atoms; the outer one keeps findings and, with `dedup`, one finding per
    /// fingerprint (verify reports findings with one meaning once).
    fn findings(&self, inner: Inner, dedup: bool) -> Res<String> {
        let rule = self.rule;
        // The condition's top-level conjuncts, each a truth, then the verdict of their
        // chain (as `binary` makes it: the atoms are numbered in the same order).
        let mut parts = Vec::new();
        flatten(BinOp::And, &rule.condition, &mut parts);
        let conjuncts = parts
            .iter()
            .map(|e| self.truth(e))
            .collect::<Res<Vec<_>>>()?;
        let verdict = match conjuncts.as_slice() {
            [one] => one.clone(),
            all => and_all(all),
        };
        let borrowed = {
            let c = self.compared.borrow();
            if c.is_empty() {
                "0".to_owned()
            } else {
                format!("(CASE WHEN {} THEN 1 ELSE 0 END)", c.join(" OR "))
            }
        };
        let atoms = self
            .atoms
            .as_ref()
            .map(|a| a.borrow().clone())
            .unwrap_or_default();
        let mut cols: Vec<String> = inner
            .cols
            .iter()
            .map(|(e, n)| format!("{e} AS c_{n}"))
            .collect();
        cols.push(format!("{borrowed} AS borrowed"));
        cols.extend(
            atoms
                .iter()
                .enumerate()
                .map(|(i, a)| format!("{a} AS t{}", i + 1)),
        );
        // A finding needs every top-level conjunct possibly or definitely true (the chain
        // is missing or never as soon as one is): those of one atom that read no other
        // table are a filter of the candidates too, so that the costly atoms (lookups) are computed
        // for the few candidates left rather than for every pair.
        let filter: Vec<String> = conjuncts
            .iter()
            // One atom (or its negation): a chain would name its atoms several times.
            .filter(|t| t.matches("x.t").count() <= 1)
            .map(|t| inline_atoms(t, &atoms))
            .filter(|t| !t.contains("SELECT"))
            .map(|t| format!("{t} IN (1, 2)"))
            .collect();
        let from = if filter.is_empty() {
            inner.from.clone()
        } else {
            format!(
                "{}
WHERE {}",
                inner.from,
                filter.join("\n  AND ")
            )
        };
        let names: Vec<&str> = inner.cols.iter().map(|c| c.1).collect();
        // Inner columns are named `c_…`: DuckDB lets a select list name its own aliases,
        // which a column `a` would make ambiguous with the table `a`.
        let pass: String = names.iter().map(|n| format!("x.c_{n}, ")).collect();
        let keep = if rule.possible == Possible::Skip {
            "t.verdict = 2 AND t.borrowed = 0"
        } else {
            "t.verdict IN (1, 2)"
        };
        let text = self.d.text_type();
        let has_b = names.contains(&"b");
        let out_b = if has_b {
            "f.c_b"
        } else {
            "CAST(NULL AS BIGINT)"
        };
        let out_key = if names.contains(&"key") {
            "f.c_key".to_owned()
        } else {
            format!("CAST(NULL AS {text})")
        };
        // The message is made for findings only, once they are known: the subjects are
        // joined again to the few rows that are findings.
        let says = Cx {
            d: self.d,
            rule,
            group: self
                .group
                .as_ref()
                .map(|_| ("f.c_n".into(), "f.c_key_text".into(), "f.c_vals".into())),
            compared: RefCell::new(Vec::new()),
            atoms: None,
            spelled: Cell::new(false),
        };
        let mut message = says.message()?;
        if let Some(x) = &inner.suffix {
            message = format!("{message} || {x}");
        }
        let rule_id = self.lit(&rule.id);
        let middle = format!(
            "SELECT {pass}x.borrowed, {verdict} AS verdict\n    FROM (\n      SELECT {}\n      {}\n    ) x",
            cols.join(",\n        "),
            from.replace('\n', "\n      ")
        );
        let certainty =
            "CASE WHEN t.verdict = 2 AND t.borrowed = 0 THEN 'definite' ELSE 'possible' END";
        let dup = if dedup {
            format!(
                ",\n    row_number() OVER (PARTITION BY t.c_f1, t.c_f2 ORDER BY {}) AS dup",
                names
                    .iter()
                    .filter(|n| matches!(**n, "a" | "b"))
                    .map(|n| format!("t.c_{n}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        } else {
            String::new()
        };
        let (table, idn) = record_table(rule.over);
        let id = self.id(idn);
        let mut ctes = inner.ctes;
        if self.spelled.get() || says.spelled.get() {
            // First: it reads only the export, and a filter's step (`subjects`) may read it.
            ctes.insert(0, ("spelled", self.spelled_step()));
        }
        let with: String = if ctes.is_empty() {
            String::new()
        } else {
            let steps: Vec<String> = ctes
                .iter()
                .map(|(n, q)| format!("{n} AS (\n  {}\n)", q.replace('\n', "\n  ")))
                .collect();
            format!("WITH {}\n", steps.join(",\n"))
        };
        Ok(format!(
            "{with}SELECT {rule_id} AS rule, f.c_a AS a, {out_b} AS b, {out_key} AS key, f.certainty AS certainty,\n  \
             {message} AS message\nFROM (\n  \
             SELECT t.*, {certainty} AS certainty{dup}\n  \
             FROM (\n    {middle}\n  ) t WHERE {keep}\n) f\n\
             JOIN {table} a ON a.{id} = f.c_a{}{}",
            if has_b {
                format!("\nJOIN {table} b ON b.{id} = f.c_b")
            } else {
                String::new()
            },
            if dedup { "\nWHERE f.dup = 1" } else { "" },
        ))
    }
}

/// Compiles one rule into one query, or says why it cannot be.
pub fn compile(rule: &Rule, d: Dialect) -> Res<String> {
    let (table, idn) = record_table(rule.over);
    let cx = Cx {
        d,
        rule,
        group: None,
        compared: RefCell::new(Vec::new()),
        atoms: None,
        spelled: Cell::new(false),
    };
    let id = cx.id(idn);
    // The subjects: the rule's kinds, then its filter (definitely true).
    let mut wheres = Vec::new();
    if !rule.kinds.is_empty() {
        let kinds: Vec<String> = rule.kinds.iter().map(|k| cx.lit(k.as_str())).collect();
        wheres.push(format!("a.{} IN ({})", cx.id("kind"), kinds.join(", ")));
    }
    if let Some(f) = &rule.filter {
        // `x and y` is definitely true when each part is (a missing or never part makes it
        // not definitely true, wherever it stands).
        let mut parts = Vec::new();
        flatten(BinOp::And, f, &mut parts);
        for part in parts {
            wheres.push(format!("{} = 2", cx.truth(part)?));
        }
    }
    // The steps of a query are named (WITH): the subjects first, then the keys, pairs or
    // groups the shape makes of them.
    let mut ctes: Vec<(&str, String)> = vec![(
        "subjects",
        format!(
            "SELECT a.* FROM {table} a{}",
            if wheres.is_empty() {
                String::new()
            } else {
                format!("\n  WHERE {}", wheres.join("\n    AND "))
            }
        ),
    )];
    let subjects = "subjects";
    let fp = |alias: &str| match rule.over {
        Over::Claims => format!("{alias}.{}", cx.id("claim_fp")),
        Over::Entities => format!("{alias}.{}", cx.id("entity_fp")),
    };
    let ids = |a: &str| format!("{a}.{id}");
    match &rule.shape {
        Shape::Each => cx.for_condition().findings(
            Inner {
                cols: vec![(ids("a"), "a"), (fp("a"), "f1"), ("0".into(), "f2")],
                from: format!("FROM {subjects} a"),
                ctes,
                suffix: None,
            },
            true,
        ),
        Shape::Pair {
            key,
            sweep,
            ordered,
            distinct,
        } => {
            // What a pair is formed on beside the key, carried with each subject's key so
            // that the join forms only the pairs verify forms: periods that may share a day
            // (the sweep's own test) and different `distinct` values.
            let mut extra = Vec::new();
            let mut on = Vec::new();
            if let Some(sw) = sweep {
                let Val::Period(p) = cx.value(&rename(sw, "s"))? else {
                    return Err("a sweep that is not a period".into());
                };
                extra.push((p.s_lo.clone(), "sw_lo"));
                extra.push((p.e_hi.clone(), "sw_hi"));
                on.push(
                    "ka.sw_lo IS NOT NULL AND kb.sw_lo IS NOT NULL AND ka.sw_lo <= kb.sw_hi AND kb.sw_lo <= ka.sw_hi"
                        .to_owned(),
                );
            }
            if let Some(ds) = distinct {
                let dv = match cx.value(&rename(ds, "s"))? {
                    Val::List { set, .. } => set,
                    Val::Str(x) | Val::Int(x) => x,
                    Val::Ent { id, .. } | Val::Out { id, .. } => {
                        format!("CAST({id} AS {})", d.text_type())
                    }
                    _ => return Err("a `distinct` of another type".into()),
                };
                extra.push((dv, "dv"));
                on.push(
                    "NOT (ka.dv IS NOT NULL AND kb.dv IS NOT NULL AND ka.dv = kb.dv)".to_owned(),
                );
            }
            let on: String = on.iter().map(|c| format!(" AND {c}")).collect();
            let pairs = match key {
                PairKey::Same(k) => {
                    ctes.push(("keyed", keys_with(&cx, subjects, k, false, &extra)?));
                    let order = if *ordered { "<>" } else { "<" };
                    format!(
                        "SELECT DISTINCT ka.id AS a_id, kb.id AS b_id\n  FROM keyed ka\n  JOIN keyed kb ON ka.k = kb.k AND ka.id {order} kb.id{on}"
                    )
                }
                PairKey::Join { left, right } => {
                    ctes.push(("lefts", keys_with(&cx, subjects, left, false, &extra)?));
                    ctes.push(("rights", keys_with(&cx, subjects, right, false, &extra)?));
                    format!(
                        "SELECT DISTINCT ka.id AS a_id, kb.id AS b_id\n  FROM lefts ka\n  JOIN rights kb ON ka.k = kb.k AND ka.id <> kb.id{on}"
                    )
                }
            };
            let symmetric = matches!(key, PairKey::Same(_)) && !ordered;
            let (f1, f2) = if symmetric {
                (
                    format!("least({}, {})", fp("a"), fp("b")),
                    format!("greatest({}, {})", fp("a"), fp("b")),
                )
            } else {
                (fp("a"), fp("b"))
            };
            ctes.push(("pairs", pairs));
            let from = format!(
                "FROM pairs p\nJOIN {table} a ON a.{id} = p.a_id\nJOIN {table} b ON b.{id} = p.b_id"
            );
            cx.for_condition().findings(
                Inner {
                    cols: vec![(ids("a"), "a"), (ids("b"), "b"), (f1, "f1"), (f2, "f2")],
                    from,
                    ctes,
                    suffix: None,
                },
                true,
            )
        }
        Shape::Sequence { key, order } => {
            ctes.push(("keyed", keys_query(&cx, subjects, key, true)?));
            let Val::Period(p) = cx.field("s", rule.over, path_field(order)?)? else {
                return Err("an order that is not a period".into());
            };
            let canonical = match rule.over {
                Over::Claims => format!("s.{}, s.{}", cx.id("text"), cx.id("origin__text")),
                Over::Entities => format!("s.{}", cx.id("id")),
            };
            let pairs = format!(
                "SELECT a_id, b_id FROM (\n    SELECT s.{id} AS a_id,\n      lead(s.{id}) OVER (PARTITION BY k.k ORDER BY {}, {}, {}, {}, {canonical}, s.{id}) AS b_id\n    \
                 FROM {subjects} s\n    JOIN keyed k ON k.id = s.{id}\n    WHERE {} IS NOT NULL\n  ) w\n  WHERE b_id IS NOT NULL",
                p.s_lo, p.s_hi, p.e_lo, p.e_hi, p.s_lo
            );
            ctes.push(("pairs", pairs));
            cx.for_condition().findings(
                Inner {
                    cols: vec![(ids("a"), "a"), (ids("b"), "b"), (fp("a"), "f1"), (fp("b"), "f2")],
                    from: format!(
                        "FROM pairs p\nJOIN {table} a ON a.{id} = p.a_id\nJOIN {table} b ON b.{id} = p.b_id"
                    ),
                    ctes,
                    suffix: None,
                },
                true,
            )
        }
        Shape::Count { key, count } => {
            ctes.push(("keyed", keys_query(&cx, subjects, key, true)?));
            let key_text = match cx.field("s", rule.over, path_field(key)?)? {
                Val::Str(x) => x,
                Val::Ent { text, .. } | Val::Out { text, .. } | Val::List { text, .. } => text,
                _ => return Err("a count key of another type".into()),
            };
            let (value, value_text) = match cx.field("s", rule.over, path_field(count)?)? {
                Val::Str(x) => (x.clone(), x),
                Val::Ent { id, text } | Val::Out { id, text } => (id, text),
                _ => return Err("a count of values of another type".into()),
            };
            // The group's members, and apart its distinct counted values (a count of
            // them, their texts ordered as the values are).
            let groups = format!(
                "SELECT m.k AS k, m.first AS first, m.members AS members, m.key_text AS key_text,\n    \
                 coalesce(v.n, 0) AS n, coalesce(v.vals, '') AS vals\n  FROM (\n    \
                 SELECT k.k AS k, min(s.{id}) AS first, count(*) AS members, min({key_text}) AS key_text\n    \
                 FROM {subjects} s JOIN keyed k ON k.id = s.{id} GROUP BY k.k\n  ) m\n  LEFT JOIN (\n    \
                 SELECT dv.k AS k, count(*) AS n, {} AS vals FROM (\n      \
                 SELECT DISTINCT k.k AS k, {value} AS v, {value_text} AS t\n      \
                 FROM {subjects} s JOIN keyed k ON k.id = s.{id} WHERE {value} IS NOT NULL\n    \
                 ) dv GROUP BY dv.k\n  ) v ON v.k = m.k",
                d.ordered_texts("dv.t", "dv.v")
            );
            ctes.push(("groups", groups));
            let max = crate::engine::MAX_INVOLVED;
            let mut gcx = cx.for_condition();
            let text = d.text_type();
            // The message names the group (n, key, values): those columns are passed up.
            let inner = Inner {
                cols: vec![
                    (ids("a"), "a"),
                    ("g.k".into(), "key"),
                    ("g.n".into(), "n"),
                    ("g.key_text".into(), "key_text"),
                    ("g.vals".into(), "vals"),
                    ("g.members".into(), "members"),
                ],
                from: format!("FROM groups g\nJOIN {table} a ON a.{id} = g.first"),
                ctes,
                // As verify says when a group has more claims than a finding shows.
                suffix: Some(format!(
                    "(CASE WHEN f.c_members > {max} THEN ' (the first {max} of its ' || CAST(f.c_members AS {text}) || ' claims are shown)' ELSE '' END)"
                )),
            };
            // In the inner select the group's columns are g.*, above it x.*.
            gcx.group = Some(("g.n".into(), "g.key_text".into(), "g.vals".into()));
            gcx.findings(inner, false)
        }
    }
}

/// The field a one-step path of `a` names.
fn path_field(e: &Expr) -> Res<&str> {
    match &e.kind {
        ExprKind::Path(v, p) if v == "a" && p.len() == 1 => Ok(&p[0].name),
        _ => Err("an expression that is not a field of `a`".into()),
    }
}

/// The same expression about the subject `to` (a rule's `sweep` and `distinct` are written
/// about `a`).
fn rename(e: &Expr, to: &str) -> Expr {
    let mut e = e.clone();
    fn walk(e: &mut Expr, to: &str) {
        match &mut e.kind {
            ExprKind::Path(v, _) if v == "a" => *v = to.into(),
            ExprKind::Call(_, args) | ExprKind::List(args) => {
                args.iter_mut().for_each(|a| walk(a, to))
            }
            ExprKind::Not(x) => walk(x, to),
            ExprKind::Bin(_, l, r) => {
                walk(l, to);
                walk(r, to);
            }
            _ => {}
        }
    }
    walk(&mut e, to);
    e
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pack() -> Vec<Rule> {
        let mut map = crate::diag::SourceMap::default();
        let (rules, diags) = crate::load::load_pack(&mut map);
        assert!(diags.is_empty(), "{diags:?}");
        rules
    }

    /// Every standard rule compiles, in every dialect.
    #[test]
    fn the_whole_standard_pack_compiles() {
        for d in [Dialect::DuckDb, Dialect::Spark, Dialect::DataFusion] {
            let compiled = compile_pack(&pack(), d);
            let refused: Vec<(&str, &str)> = compiled
                .iter()
                .filter_map(|c| {
                    c.query
                        .as_ref()
                        .err()
                        .map(|e| (c.rule.as_str(), e.as_str()))
                })
                .collect();
            assert_eq!(refused, [], "{d:?}");
            assert!(compiled.len() >= 24);
        }
    }

    /// A rule of the given condition and key (pairs of entities unless `over` says
    /// otherwise), compiled from its TOML as a rule file is.
    fn custom(over: &str, key: &str, condition: &str) -> Rule {
        let text = format!(
            "id = \"custom\"\ntitle = \"t\"\nseverity = \"info\"\ncategory = \"gap\"\n\
             over = \"{over}\"\nshape = \"pair\"\nkey = '{key}'\ncondition = '{condition}'\n\
             message = '{{a.kind}}'\n[explain]\nchecks = \"c\"\nwhy = \"w\"\nexample = \"e\"\n"
        );
        crate::rules::compile(0, &text).unwrap_or_else(|d| panic!("{d:?}"))
    }

    /// What the compiler cannot say exactly it refuses, naming the construct: a name
    /// function elsewhere than as a key over entities, an Allen relation of several
    /// conjuncts.
    #[test]
    fn constructs_without_an_exact_query_are_refused_with_the_reason() {
        for (over, key, condition, why) in [
            (
                "entities",
                "a.kind",
                "skeleton(a.name) == skeleton(b.name)",
                "`skeleton` outside a pair's key",
            ),
            (
                "claims",
                "normalised(a.label)",
                "a.kind == b.kind",
                "a key `normalised` of something else than an entity's",
            ),
            (
                "claims",
                "a.label",
                "overlaps(a.when, b.when)",
                "the relation `overlaps`",
            ),
        ] {
            let err = compile(&custom(over, key, condition), Dialect::DuckDb).unwrap_err();
            assert!(err.contains(why), "{condition}: {err}");
        }
    }

    /// The conjuncts of one atom that read no other table filter the candidates before
    /// the costly atoms are computed; a chain or a lookup is left to the verdict.
    #[test]
    fn simple_conjuncts_filter_the_candidates_first() {
        let rules = pack();
        let rule = rules.iter().find(|r| r.id == "relay-deviates").unwrap();
        let q = compile(rule, Dialect::DuckDb).unwrap();
        let start = q
            .find("\n      WHERE ")
            .expect("a filter of the candidates");
        let filter = &q[start..q[start..].find("\n    ) x").unwrap() + start];
        assert!(
            filter.contains("(2 - ((CASE WHEN a.\"origin\" <> b.\"origin\""),
            "{filter}"
        );
        assert_eq!(filter.matches(" IN (1, 2)").count(), 5, "{filter}");
        assert!(
            !filter.contains("SELECT") && !filter.contains("x.t"),
            "{filter}"
        );
        // The place lookups are still computed, for what the filter leaves.
        assert!(q.contains("(SELECT max(r.\"entity_up\")"));
        assert_eq!(
            inline_atoms("(2 - x.t12)", &vec!["a".into(); 12]),
            "(2 - (a))"
        );
    }

    /// The name functions of two entities read the step `spelled`, which the query then
    /// has; a key of skeletons joins the export's spellings.
    #[test]
    fn name_functions_read_the_spellings_of_the_export() {
        let rule = custom("entities", "skeleton(a.names)", "not same_spelling(a, b)");
        let q = compile(&rule, Dialect::Spark).unwrap();
        assert!(q.contains("spelled AS ("), "{q}");
        assert!(q.contains("JOIN entities__spellings e ON e.`entity_id` = s.`entity_id` WHERE e.`skeleton` IS NOT NULL"), "{q}");
        assert!(q.contains("x.`meets` = y.`meets`"), "{q}");
        let plain = compile(
            &custom("entities", "a.kind", "a.id == b.id"),
            Dialect::Spark,
        )
        .unwrap();
        assert!(!plain.contains("spelled"), "{plain}");
    }

    /// One commented query per compiled rule, the refused ones listed with their reason.
    #[test]
    fn the_script_has_one_commented_query_per_rule() {
        let compiled = compile_pack(&pack(), Dialect::DuckDb);
        let text = render(&compiled, Dialect::DuckDb);
        let ok = compiled.iter().filter(|c| c.query.is_ok()).count();
        assert_eq!(text.matches("\n-- rule: ").count(), ok);
        assert_eq!(
            text.matches("\n-- not compiled: ").count(),
            compiled.len() - ok
        );
        assert!(text.contains("-- rule: person-in-two-places\nWITH subjects AS ("));
        assert!(text.contains("SELECT 'person-in-two-places' AS rule"));
        // Each query ends with `;` before the next rule's line.
        assert_eq!(text.matches(";\n").count(), ok);
    }

    /// Identifiers are quoted as each engine quotes them; texts from rule files are SQL
    /// literals with their quotes doubled (a message with an apostrophe cannot end one).
    #[test]
    fn identifiers_and_texts_are_quoted_for_the_dialect() {
        let rules = pack();
        let rule = rules.iter().find(|r| r.id == "borrowed-anchor").unwrap();
        let spark = compile(rule, Dialect::Spark).unwrap();
        assert!(spark.contains("a.`when__anchor`") && !spark.contains("a.\"when"));
        let duck = compile(rule, Dialect::DuckDb).unwrap();
        assert!(duck.contains("a.\"when__anchor\""));
        // "{a.origin}'s relative date was read against {a.published}"
        assert!(
            duck.contains("'''s relative date was read against '"),
            "{duck}"
        );
        assert_eq!(lit("it's"), "'it''s'");
        assert_eq!(Dialect::Spark.id("a`b"), "`a``b`");
        assert_eq!(Dialect::DuckDb.id("a\"b"), "\"a\"\"b\"");
    }

    /// `and` and `or` follow the evaluator: left to right, a missing value before the
    /// deciding one makes the whole missing.
    #[test]
    fn three_valued_chains_stop_where_the_evaluator_stops() {
        let and = and_all(&["x.t1".into(), "x.t2".into()]);
        assert_eq!(
            and,
            "(CASE WHEN x.t1 IS NULL THEN NULL WHEN x.t1 = 0 THEN 0 WHEN x.t2 IS NULL THEN NULL WHEN x.t2 = 0 THEN 0 ELSE least(x.t1, x.t2) END)"
        );
        let or = or_all(&["x.t1".into(), "x.t2".into()]);
        assert!(
            or.contains("WHEN x.t1 = 2 THEN 2") && or.ends_with("ELSE greatest(x.t1, x.t2) END)")
        );
    }
}
