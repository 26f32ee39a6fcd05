//! Rules as data: the compiled [`Rule`] and its parts. `compile` turns a rule file
//! (`rules/*.toml`) into one, reporting every problem at its line and column inside the
//! TOML file; [`expr`] is the condition language, [`fields`] the one registry of the
//! fields it reads, [`value`] its values at run time. No code anywhere branches on a rule
//! id: what a rule does is entirely described by its file.
//!
//! A rule has a *shape*: `each` (one claim at a time), `pair` (two claims sharing a key, or
//! joined from two keys), `sequence` (successive claims per key, in date order) or `count`
//! (claims per key, counting distinct values). See `docs/rules.md`.

mod compile;
pub mod expr;
pub mod fields;
pub mod pack;
pub mod value;

use std::collections::BTreeMap;

use crate::diag::{Diagnostic, FileId};
use crate::model::Loc;
use crate::syntax::ClaimKind;
use expr::Expr;

pub use compile::{compile, toml_error};

/// How sure a finding is: a rule's test cases expect one, the engine gives one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Sureness {
    Definite,
    Possible,
}

impl Sureness {
    pub fn as_str(self) -> &'static str {
        match self {
            Sureness::Definite => "definite",
            Sureness::Possible => "possible",
        }
    }
}

/// How serious a finding of the rule is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    Error,
    Warning,
    Info,
}

impl Level {
    pub const ALL: [(Level, &'static str); 3] = [
        (Level::Error, "error"),
        (Level::Warning, "warning"),
        (Level::Info, "info"),
    ];
    pub fn as_str(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(l, _)| *l == self)
            .map(|(_, s)| *s)
            .unwrap_or("")
    }
    /// One step less serious (info stays info).
    pub fn demoted(self) -> Level {
        match self {
            Level::Error => Level::Warning,
            _ => Level::Info,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Category {
    Contradiction,
    Gap,
}

impl Category {
    pub const ALL: [(Category, &'static str); 2] = [
        (Category::Contradiction, "contradiction"),
        (Category::Gap, "gap"),
    ];
    pub fn as_str(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(l, _)| *l == self)
            .map(|(_, s)| *s)
            .unwrap_or("")
    }
}

/// What a rule does with a finding that is only possibly true.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Possible {
    /// Report it one level less serious (the default): a possible contradiction is never
    /// reported as a definite error.
    Demote,
    /// Report it at the rule's level, marked possible (for gaps and notes).
    Report,
    /// Do not report it.
    Skip,
}

/// Whether a rule looks at claims or at declared entities.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Over {
    Claims,
    Entities,
}

#[derive(Clone, Debug)]
pub enum Shape {
    Each,
    Pair {
        key: PairKey,
        /// Compare only claims whose periods (this expression) may share a day.
        sweep: Option<Expr>,
        /// Evaluate both (a, b) and (b, a).
        ordered: bool,
        /// Never pair two subjects with the same value of this expression.
        distinct: Option<Expr>,
    },
    Sequence {
        key: Expr,
        order: Expr,
    },
    Count {
        key: Expr,
        count: Expr,
    },
}

#[derive(Clone, Debug)]
pub enum PairKey {
    Same(Expr),
    Join { left: Expr, right: Expr },
}

/// A piece of a message template.
#[derive(Clone, Debug)]
pub enum Segment {
    Text(String),
    Value(Expr),
}

#[derive(Clone, Debug)]
pub enum ParamValue {
    Int(i64),
    Str(String),
}

#[derive(Clone, Debug, Default)]
pub struct Explain {
    pub checks: String,
    pub why: String,
    pub example: String,
}

/// One embedded test case.
#[derive(Clone, Debug)]
pub struct Case {
    pub name: String,
    pub claims: String,
    pub loc: Loc,
    pub expect: Vec<Expected>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Expected {
    pub certainty: Sureness,
    /// When given, the finding's severity (after a possible finding was demoted) is checked.
    pub severity: Option<Level>,
    pub message: String,
}

/// A loaded, type-checked rule.
#[derive(Clone, Debug)]
pub struct Rule {
    pub id: String,
    pub title: String,
    pub level: Level,
    pub category: Category,
    pub over: Over,
    pub shape: Shape,
    pub kinds: Vec<ClaimKind>,
    pub filter: Option<Expr>,
    pub condition: Expr,
    pub possible: Possible,
    pub message: Vec<Segment>,
    pub params: Vec<(String, ParamValue)>,
    pub explain: Explain,
    pub tests: Vec<Case>,
    pub loc: Loc,
    /// At most this many findings per group of pairs (one key); the rest are counted in one
    /// more finding. `max-findings-per-group` in verify.toml sets it for every rule.
    pub max_per_group: usize,
    /// At most this many pairs of one group are formed (and evaluated); past it the group
    /// stops and a warning finding says how large it was and how far the rule got.
    /// `max-pairs-per-group` in verify.toml sets it for every rule.
    pub max_pairs_per_group: u64,
}

/// The default of [`Rule::max_pairs_per_group`] (a minute or two of work): a group of
/// 50,000 accounts of one label has 1.25 billion pairs.
pub const MAX_PAIRS_PER_GROUP: u64 = 20_000_000;

/// The default of [`Rule::max_per_group`]: far above what an honest story gives (a hundred
/// accounts of one event that all disagree give 4,950 pairs), far below what stops a run
/// (2,000 disjoint accounts of one label give two million).
pub const MAX_FINDINGS_PER_GROUP: usize = 10_000;

/// Removes rules whose id is already taken by an earlier one (in file order), reporting
/// each: only the first definition runs.
pub fn remove_duplicates(rules: &mut Vec<Rule>) -> Vec<Diagnostic> {
    remove_duplicates_with(rules, |_| false)
}

/// [`remove_duplicates`], where `in_pack` tells which files are the standard pack's (the
/// help then says how to replace a standard rule).
pub fn remove_duplicates_with(
    rules: &mut Vec<Rule>,
    in_pack: impl Fn(FileId) -> bool,
) -> Vec<Diagnostic> {
    let mut seen: BTreeMap<String, Loc> = BTreeMap::new();
    let mut diags = Vec::new();
    rules.retain(|r| match seen.get(&r.id) {
        Some(first) => {
            let help = if in_pack(first.file) {
                "give your rule another id; to replace a rule of the standard pack, leave the pack out with `--no-default-rules` (or `default-rules = false` in verify.toml)"
            } else {
                "give one of them another id"
            };
            diags.push(
                Diagnostic::error(
                    "rule",
                    r.loc.file,
                    r.loc.span,
                    format!("duplicate rule id: `{}` is already defined", r.id),
                )
                .with_label("defined again here; this definition is not used")
                .with_secondary(first.file, first.span, "first defined here")
                .with_help(help),
            );
            false
        }
        None => {
            seen.insert(r.id.clone(), r.loc);
            true
        }
    });
    diags
}

/// A rule id or category asked for by name: where it was written (a place in verify.toml),
/// or `None` for the command line.
#[derive(Clone, Debug)]
pub struct Named {
    pub name: String,
    pub at: Option<(FileId, crate::diag::Span)>,
}

/// Which rules run: with `select` not empty, those whose id or category it names; then not
/// those `ignore` names. A name that is neither a loaded rule's id nor a category is an
/// error, with a did-you-mean.
pub fn select(
    rules: Vec<Rule>,
    select: &[Named],
    ignore: &[Named],
) -> (Vec<Rule>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let categories: Vec<&str> = Category::ALL.iter().map(|(_, n)| *n).collect();
    for (n, what) in select
        .iter()
        .map(|n| (n, "--select"))
        .chain(ignore.iter().map(|n| {
            (
                n,
                if n.at.is_some() {
                    "disable"
                } else {
                    "--ignore"
                },
            )
        }))
    {
        if categories.contains(&n.name.as_str()) || rules.iter().any(|r| r.id == n.name) {
            continue;
        }
        let message = format!(
            "unknown rule in {what}: expected a rule id or a category ({}), found `{}`",
            categories.join(", "),
            n.name
        );
        let mut d = match n.at {
            Some((file, span)) => {
                Diagnostic::error("rule", file, span, message).with_label("unknown")
            }
            None => Diagnostic::global("rule", message),
        };
        let names = rules
            .iter()
            .map(|r| r.id.as_str())
            .chain(categories.iter().copied());
        d = match crate::diag::did_you_mean(&n.name, names) {
            Some(m) => d.with_help(format!("did you mean `{m}`?")),
            None => d.with_help("`verify rules` lists the rule ids"),
        };
        diags.push(d);
    }
    let named = |list: &[Named], r: &Rule| {
        list.iter()
            .any(|n| n.name == r.id || n.name == r.category.as_str())
    };
    let kept = rules
        .into_iter()
        .filter(|r| select.is_empty() || named(select, r))
        .filter(|r| !named(ignore, r))
        .collect();
    (kept, diags)
}
