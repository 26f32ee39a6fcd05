//! The condition language of rules: a small expression language parsed with nom and
//! type-checked when the rule is loaded, so a misspelt field or a wrong argument is an
//! error pointing at its column inside the TOML file, not a surprise at run time.
//!
//! ```text
//! expr    = or ;
//! or      = and { "or" and } ;
//! and     = not { "and" not } ;
//! not     = "not" not | compare ;
//! compare = primary [ ( "==" | "!=" | "<" | "<=" | ">" | ">=" | "in" ) primary ] ;
//! primary = "(" expr ")" | "[" [ expr { "," expr } ] "]" | call | path | string | integer
//!         | "true" | "false" ;
//! call    = name "(" [ expr { "," expr } ] ")" ;
//! path    = name { "." name } ;                  (* a.when, b.origin.country, params.n *)
//! ```
//!
//! Conditions are three-valued: every truth value is *definitely*, *possibly* or *never*
//! (`and` takes the weaker, `or` the stronger, `not` swaps definitely and never). Reading a
//! value a claim does not have makes the condition not applicable (no finding), except
//! inside `has(…)` and `missing(…)`.

use std::fmt;

use crate::diag::did_you_mean;

/// A byte range inside the expression text.
pub type Range = std::ops::Range<usize>;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Ty {
    /// A three-valued truth (definitely / possibly / never).
    Truth,
    Int,
    Str,
    Claim,
    Entity,
    Outlet,
    Period,
    Duration,
    Weekday,
    ListStr,
    ListEntity,
    ListOutlet,
    /// An empty list literal, compatible with any list; in signatures, "any list".
    ListAny,
    /// In signatures only: any value (`has`, `missing`).
    Any,
}

impl Ty {
    pub fn name(self) -> &'static str {
        match self {
            Ty::Truth => "truth value",
            Ty::Int => "integer",
            Ty::Str => "text",
            Ty::Claim => "claim",
            Ty::Entity => "entity",
            Ty::Outlet => "outlet",
            Ty::Period => "period",
            Ty::Duration => "duration",
            Ty::Weekday => "weekday",
            Ty::ListStr => "list of texts",
            Ty::ListEntity => "list of entities",
            Ty::ListOutlet => "list of outlets",
            Ty::ListAny => "list",
            Ty::Any => "value",
        }
    }
    /// The name with its article: `a text`, `an entity`.
    pub fn a(self) -> String {
        let n = self.name();
        let an = n.starts_with(['a', 'e', 'i', 'o', 'u']);
        format!("{} {n}", if an { "an" } else { "a" })
    }
    pub fn element(self) -> Option<Ty> {
        match self {
            Ty::ListStr => Some(Ty::Str),
            Ty::ListEntity => Some(Ty::Entity),
            Ty::ListOutlet => Some(Ty::Outlet),
            _ => None,
        }
    }
    fn list_of(t: Ty) -> Option<Ty> {
        match t {
            Ty::Str => Some(Ty::ListStr),
            Ty::Entity => Some(Ty::ListEntity),
            Ty::Outlet => Some(Ty::ListOutlet),
            _ => None,
        }
    }
    fn is_list(self) -> bool {
        self.element().is_some() || self == Ty::ListAny
    }
}

impl fmt::Display for Ty {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinOp {
    And,
    Or,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    In,
}

impl BinOp {
    pub fn as_str(self) -> &'static str {
        match self {
            BinOp::And => "and",
            BinOp::Or => "or",
            BinOp::Eq => "==",
            BinOp::Ne => "!=",
            BinOp::Lt => "<",
            BinOp::Le => "<=",
            BinOp::Gt => ">",
            BinOp::Ge => ">=",
            BinOp::In => "in",
        }
    }
}

/// A typed expression; `ty` is filled in by [`check`].
#[derive(Clone, Debug, PartialEq)]
pub struct Expr {
    pub kind: ExprKind,
    pub range: Range,
    pub ty: Ty,
}

/// One field of a path (`when` in `a.when`): its name, where it is written, and, once the
/// expression is type-checked, its index in the record's table of `rules::fields`, so that
/// evaluating it reads the accessor directly.
#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    pub name: String,
    pub range: Range,
    pub field: Option<u16>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ExprKind {
    Bool(bool),
    Int(i64),
    Str(String),
    List(Vec<Expr>),
    /// A variable (`a`, `b`, `n`, `key`, `params`) followed by fields.
    Path(String, Vec<Step>),
    Call(Func, Vec<Expr>),
    Not(Box<Expr>),
    Bin(BinOp, Box<Expr>, Box<Expr>),
}

/// A function of the condition language.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Func {
    Allen(crate::model::time::Allen),
    Disjoint,
    Intersects,
    Within,
    Definitely,
    Possibly,
    Has,
    Missing,
    Resolved,
    Borrowed,
    Bounded,
    LengthIs,
    WeekdayIs,
    Start,
    End,
    Independent,
    Len,
    PlaceWithin,
    PlacesDisjoint,
    Skeleton,
    LengthDiffers,
    KnownOr,
    Later,
    Earlier,
    LengthsDiffer,
    Normalised,
    NameMatch,
    SameSpelling,
}

/// Every function: name, argument types, result type, one-line description.
pub const FUNCTIONS: &[(&str, &[Ty], Ty, &str)] = &[
    (
        "before",
        &[Ty::Period, Ty::Period],
        Ty::Truth,
        "the first period ends at least one day before the second starts",
    ),
    (
        "meets",
        &[Ty::Period, Ty::Period],
        Ty::Truth,
        "the second period starts the day after the first ends",
    ),
    (
        "overlaps",
        &[Ty::Period, Ty::Period],
        Ty::Truth,
        "the first starts first and they share days, the second ends last",
    ),
    (
        "starts",
        &[Ty::Period, Ty::Period],
        Ty::Truth,
        "both start the same day, the first ends first",
    ),
    (
        "during",
        &[Ty::Period, Ty::Period],
        Ty::Truth,
        "the first lies strictly inside the second",
    ),
    (
        "finishes",
        &[Ty::Period, Ty::Period],
        Ty::Truth,
        "both end the same day, the first starts later",
    ),
    (
        "equals",
        &[Ty::Period, Ty::Period],
        Ty::Truth,
        "same first and last day",
    ),
    (
        "finished_by",
        &[Ty::Period, Ty::Period],
        Ty::Truth,
        "converse of finishes",
    ),
    (
        "contains",
        &[Ty::Period, Ty::Period],
        Ty::Truth,
        "converse of during",
    ),
    (
        "started_by",
        &[Ty::Period, Ty::Period],
        Ty::Truth,
        "converse of starts",
    ),
    (
        "overlapped_by",
        &[Ty::Period, Ty::Period],
        Ty::Truth,
        "converse of overlaps",
    ),
    (
        "met_by",
        &[Ty::Period, Ty::Period],
        Ty::Truth,
        "converse of meets",
    ),
    (
        "after",
        &[Ty::Period, Ty::Period],
        Ty::Truth,
        "converse of before",
    ),
    (
        "disjoint",
        &[Ty::Period, Ty::Period],
        Ty::Truth,
        "the periods share no day",
    ),
    (
        "intersects",
        &[Ty::Period, Ty::Period],
        Ty::Truth,
        "the periods share at least one day",
    ),
    (
        "within",
        &[Ty::Period, Ty::Period],
        Ty::Truth,
        "every day of the first is a day of the second",
    ),
    (
        "later",
        &[Ty::Period, Ty::Period],
        Ty::Truth,
        "every day of the first comes after every day of the second (it starts the day after the second ends, or later)",
    ),
    (
        "earlier",
        &[Ty::Period, Ty::Period],
        Ty::Truth,
        "every day of the first comes before every day of the second (converse of later)",
    ),
    (
        "definitely",
        &[Ty::Truth],
        Ty::Truth,
        "true only when the argument is definitely true",
    ),
    (
        "possibly",
        &[Ty::Truth],
        Ty::Truth,
        "true when the argument is definitely or possibly true",
    ),
    (
        "has",
        &[Ty::ListAny],
        Ty::Truth,
        "the value is present (any type)",
    ),
    (
        "missing",
        &[Ty::ListAny],
        Ty::Truth,
        "the value is absent (any type)",
    ),
    (
        "resolved",
        &[Ty::Period],
        Ty::Truth,
        "the period's dates are known (not an unresolved relative date)",
    ),
    (
        "borrowed",
        &[Ty::Period],
        Ty::Truth,
        "the period was resolved on a borrowed anchor",
    ),
    (
        "bounded",
        &[Ty::Period],
        Ty::Truth,
        "both ends of the period are known, at least approximately",
    ),
    (
        "length_is",
        &[Ty::Period, Ty::Duration],
        Ty::Truth,
        "the period can last exactly the duration (both ends counted)",
    ),
    (
        "length_differs",
        &[Ty::Period, Ty::Duration, Ty::Int],
        Ty::Truth,
        "the period cannot last the duration: definitely when it is off by more than the given days in every reading, possibly when it is off by at most that many",
    ),
    (
        "weekday_is",
        &[Ty::Period, Ty::Weekday],
        Ty::Truth,
        "the first day of the period falls on the weekday",
    ),
    (
        "start",
        &[Ty::Period],
        Ty::Period,
        "the first day of the period",
    ),
    (
        "end",
        &[Ty::Period],
        Ty::Period,
        "the last day of the period",
    ),
    (
        "independent",
        &[Ty::Claim, Ty::Claim],
        Ty::Truth,
        "the claims have different origins",
    ),
    (
        "len",
        &[Ty::ListAny],
        Ty::Int,
        "the number of elements of a list",
    ),
    (
        "place_within",
        &[Ty::Entity, Ty::Entity],
        Ty::Truth,
        "the first place is the second or lies inside it",
    ),
    (
        "places_disjoint",
        &[Ty::Entity, Ty::Entity],
        Ty::Truth,
        "neither place lies inside the other",
    ),
    (
        "lengths_differ",
        &[Ty::Duration, Ty::Duration],
        Ty::Truth,
        "the durations cannot be the same length (`1 month` and `30 days` can; `2 days` and `3 days` cannot)",
    ),
    (
        "normalised",
        &[Ty::ListStr],
        Ty::ListStr,
        "names compared as `verify` compares them (case, spacing and Unicode composition ignored), without duplicates",
    ),
    (
        "name_match",
        &[Ty::Entity, Ty::Entity],
        Ty::Str,
        "the two spellings, one of each entity, that are one name, and what made them meet",
    ),
    (
        "same_spelling",
        &[Ty::Entity, Ty::Entity],
        Ty::Truth,
        "the entities share a name or alias once case, spacing and Unicode composition are ignored",
    ),
    (
        "known_or",
        &[Ty::ListAny, Ty::Str],
        Ty::Str,
        "the value as a message shows it, or the text when the value is missing",
    ),
    (
        "skeleton",
        &[Ty::ListStr],
        Ty::ListStr,
        "transliteration skeletons of names, for spotting variants",
    ),
];

fn func_by_name(name: &str) -> Option<Func> {
    use crate::model::time::Allen;
    Some(match name {
        "disjoint" => Func::Disjoint,
        "intersects" => Func::Intersects,
        "within" => Func::Within,
        "definitely" => Func::Definitely,
        "possibly" => Func::Possibly,
        "has" => Func::Has,
        "missing" => Func::Missing,
        "resolved" => Func::Resolved,
        "borrowed" => Func::Borrowed,
        "bounded" => Func::Bounded,
        "length_is" => Func::LengthIs,
        "weekday_is" => Func::WeekdayIs,
        "start" => Func::Start,
        "end" => Func::End,
        "independent" => Func::Independent,
        "len" => Func::Len,
        "place_within" => Func::PlaceWithin,
        "places_disjoint" => Func::PlacesDisjoint,
        "skeleton" => Func::Skeleton,
        "length_differs" => Func::LengthDiffers,
        "known_or" => Func::KnownOr,
        "later" => Func::Later,
        "earlier" => Func::Earlier,
        "lengths_differ" => Func::LengthsDiffer,
        "normalised" => Func::Normalised,
        "name_match" => Func::NameMatch,
        "same_spelling" => Func::SameSpelling,
        other => {
            Func::Allen(Allen::from_name(other).filter(|a| a.name().replace('-', "_") == other)?)
        }
    })
}

/// An error in an expression: where (inside the expression text) and what.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExprError {
    pub range: Range,
    pub message: String,
    pub help: Option<String>,
}

impl ExprError {
    fn new(range: Range, message: impl Into<String>) -> Self {
        ExprError {
            range,
            message: message.into(),
            help: None,
        }
    }
    fn help(mut self, h: Option<String>) -> Self {
        self.help = h;
        self
    }
}

// ---------------------------------------------------------------------------------------
// Parsing

/// Bounded nesting, so a hostile rule cannot overflow the stack.
const MAX_DEPTH: usize = 64;

/// The parser's error: the remaining input where it happened, and either what was
/// expected there or a complete message.
#[derive(Debug)]
struct PErr<'s> {
    at: &'s str,
    len: usize,
    expected: &'static str,
    message: Option<String>,
    help: Option<String>,
}

impl<'s> nom::error::ParseError<&'s str> for PErr<'s> {
    fn from_error_kind(at: &'s str, _: nom::error::ErrorKind) -> Self {
        PErr {
            at,
            len: 0,
            expected: "",
            message: None,
            help: None,
        }
    }
    fn append(_: &'s str, _: nom::error::ErrorKind, other: Self) -> Self {
        other
    }
    fn or(self, other: Self) -> Self {
        // The error that got further wins; on a tie, one that says what was expected.
        if other.at.len() < self.at.len()
            || (other.at.len() == self.at.len()
                && self.expected.is_empty()
                && self.message.is_none())
        {
            other
        } else {
            self
        }
    }
}

type PRes<'s, T> = nom::IResult<&'s str, T, PErr<'s>>;

fn expected<'s, T>(at: &'s str, what: &'static str) -> PRes<'s, T> {
    Err(nom::Err::Error(PErr {
        at,
        len: 0,
        expected: what,
        message: None,
        help: None,
    }))
}

fn failure<'s, T>(at: &'s str, len: usize, message: String, help: Option<String>) -> PRes<'s, T> {
    Err(nom::Err::Failure(PErr {
        at,
        len,
        expected: "",
        message: Some(message),
        help,
    }))
}

/// Parses an expression (not yet type-checked).
pub fn parse(src: &str) -> Result<Expr, ExprError> {
    let p = P {
        src,
        depth: std::cell::Cell::new(0),
    };
    let result = (|i| p.or(i)).parse(src).and_then(|(rest, e)| {
        let rest = rest.trim_start();
        if rest.is_empty() {
            Ok(e)
        } else {
            expected::<Expr>(rest, "an operator or the end of the expression").map(|(_, e)| e)
        }
    });
    result.map_err(|e| match e {
        nom::Err::Error(e) | nom::Err::Failure(e) => p.to_error(e),
        nom::Err::Incomplete(_) => {
            ExprError::new(src.len()..src.len(), "unexpected end of expression")
        }
    })
}

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

use nom::branch::alt;
use nom::bytes::complete::{tag, take_while, take_while1};
use nom::character::complete::{char as ch, digit1, multispace0, satisfy};
use nom::combinator::{cut, not, opt, peek, recognize};
use nom::multi::separated_list0;
use nom::sequence::{delimited, pair, preceded, terminated};
use nom::Parser;

/// A word of the language (`and`, `or`, `not`, `in`), not followed by a name character.
fn keyword<'s>(word: &'static str) -> impl Parser<&'s str, Output = &'s str, Error = PErr<'s>> {
    preceded(
        multispace0,
        terminated(tag(word), not(satisfy(is_name_char))),
    )
}

/// A symbol, after optional whitespace.
fn sym<'s>(s: &'static str) -> impl Parser<&'s str, Output = &'s str, Error = PErr<'s>> {
    preceded(multispace0, tag(s))
}

/// `[A-Za-z_][A-Za-z0-9_]*`
fn name(i: &str) -> PRes<'_, &str> {
    preceded(
        multispace0,
        recognize(pair(
            satisfy(|c| c.is_ascii_alphabetic() || c == '_'),
            take_while(is_name_char),
        )),
    )
    .parse(i)
}

struct P<'s> {
    src: &'s str,
    depth: std::cell::Cell<usize>,
}

impl<'s> P<'s> {
    fn pos(&self, at: &str) -> usize {
        self.src.len() - at.len()
    }

    fn to_error(&self, e: PErr<'s>) -> ExprError {
        if let Some(message) = e.message {
            let start = self.pos(e.at);
            return ExprError {
                range: start..start + e.len,
                message,
                help: e.help,
            };
        }
        // Whitespace is skipped before a token, but not inside a path (`a. when`).
        let rest =
            if e.at.starts_with(char::is_whitespace) && self.src[..self.pos(e.at)].ends_with('.') {
                e.at
            } else {
                e.at.trim_start()
            };
        let start = self.pos(rest);
        let found = match rest.chars().next() {
            None => "end of expression".to_owned(),
            Some(c) if is_name_char(c) => format!(
                "`{}`",
                rest.chars()
                    .take_while(|&c| is_name_char(c))
                    .collect::<String>()
            ),
            Some(c) => format!("`{c}`"),
        };
        let what = if e.expected.is_empty() {
            "a value, a field such as `a.when`, or a function call"
        } else {
            e.expected
        };
        let len = rest.chars().next().map(char::len_utf8).unwrap_or(0);
        ExprError::new(
            start..start + len,
            format!("expected {what}, found {found}"),
        )
    }

    /// Runs `f` one level deeper, failing past [`MAX_DEPTH`].
    fn nested<T>(&self, i: &'s str, f: impl FnOnce(&'s str) -> PRes<'s, T>) -> PRes<'s, T> {
        let d = self.depth.get() + 1;
        if d > MAX_DEPTH {
            return failure(
                i,
                0,
                format!("expression too deeply nested: expected at most {MAX_DEPTH} levels"),
                None,
            );
        }
        self.depth.set(d);
        let r = f(i);
        self.depth.set(d - 1);
        r
    }

    fn or(&self, i: &'s str) -> PRes<'s, Expr> {
        self.nested(i, |i| {
            let (mut i, first) = self.and(i)?;
            let mut items = vec![first];
            while let (r, Some(right)) =
                opt(preceded(keyword("or"), cut(|i| self.and(i)))).parse(i)?
            {
                items.push(right);
                i = r;
            }
            Ok((i, balanced(BinOp::Or, items)))
        })
    }

    fn and(&self, i: &'s str) -> PRes<'s, Expr> {
        let (mut i, first) = self.not(i)?;
        let mut items = vec![first];
        while let (r, Some(right)) = opt(preceded(keyword("and"), cut(|i| self.not(i)))).parse(i)? {
            items.push(right);
            i = r;
        }
        Ok((i, balanced(BinOp::And, items)))
    }

    fn not(&self, i: &'s str) -> PRes<'s, Expr> {
        let start = self.pos(i.trim_start());
        match keyword("not").parse(i) {
            Ok((r, _)) => self.nested(r, |r| {
                let (r, inner) = cut(|i| self.not(i)).parse(r)?;
                let range = start..inner.range.end;
                Ok((
                    r,
                    Expr {
                        kind: ExprKind::Not(Box::new(inner)),
                        range,
                        ty: Ty::Truth,
                    },
                ))
            }),
            Err(_) => self.compare(i),
        }
    }

    fn compare(&self, i: &'s str) -> PRes<'s, Expr> {
        let (i, left) = self.primary(i)?;
        let op = alt((
            sym("==").map(|_| BinOp::Eq),
            sym("!=").map(|_| BinOp::Ne),
            sym("<=").map(|_| BinOp::Le),
            sym(">=").map(|_| BinOp::Ge),
            sym("<").map(|_| BinOp::Lt),
            sym(">").map(|_| BinOp::Gt),
            keyword("in").map(|_| BinOp::In),
        ));
        match opt(op).parse(i)? {
            (r, Some(op)) => {
                let (r, right) = cut(|i| self.primary(i)).parse(r)?;
                Ok((r, bin(op, left, right)))
            }
            (r, None) => {
                let t = r.trim_start();
                if t.starts_with('=') {
                    return failure(
                        t,
                        1,
                        "expected an operator, found `=`".to_owned(),
                        Some("compare with `==`".to_owned()),
                    );
                }
                Ok((r, left))
            }
        }
    }

    /// `( … )`, `[ … ]`, a text, an integer, `true`/`false`, a call or a path.
    fn primary(&self, i: &'s str) -> PRes<'s, Expr> {
        let i = i.trim_start();
        let start = self.pos(i);
        let range = |rest: &str| start..self.pos(rest);
        if let Ok((r, _)) = ch::<_, PErr>('(').parse(i) {
            return self.nested(r, |r| {
                let (r, e) = cut(terminated(|i| self.or(i), sym(")")))
                    .parse(r)
                    .map_err(|e| e.map(|e| expecting(e, "`)`")))?;
                Ok((
                    r,
                    Expr {
                        range: range(r),
                        ..e
                    },
                ))
            });
        }
        if let Ok((r, _)) = ch::<_, PErr>('[').parse(i) {
            return self.nested(r, |r| {
                let (r, items) = cut(terminated(
                    separated_list0(sym(","), |i| self.or(i)),
                    sym("]"),
                ))
                .parse(r)
                .map_err(|e| e.map(|e| expecting(e, "`,` or `]`")))?;
                Ok((
                    r,
                    Expr {
                        kind: ExprKind::List(items),
                        range: range(r),
                        ty: Ty::ListAny,
                    },
                ))
            });
        }
        if let Some(q) = i.chars().next().filter(|c| *c == '"' || *c == '\'') {
            let quote = if q == '"' { "\"" } else { "'" };
            let body = take_while(move |c| c != q);
            return match delimited(tag::<_, _, PErr>(quote), body, tag(quote)).parse(i) {
                Ok((r, text)) => Ok((
                    r,
                    Expr {
                        kind: ExprKind::Str(text.to_owned()),
                        range: range(r),
                        ty: Ty::Str,
                    },
                )),
                Err(_) => failure(
                    i,
                    1,
                    format!("unterminated text: expected a closing {q}"),
                    None,
                ),
            };
        }
        if let Ok((r, digits)) = digit1::<_, PErr>(i) {
            let Ok(value) = digits.parse::<i64>() else {
                return failure(i, digits.len(), "integer too large".to_owned(), None);
            };
            return Ok((
                r,
                Expr {
                    kind: ExprKind::Int(value),
                    range: range(r),
                    ty: Ty::Int,
                },
            ));
        }
        let (r, word) = name(i).map_err(|_| {
            nom::Err::Error(PErr {
                at: i,
                len: 0,
                expected: "a value, a field such as `a.when`, or a function call",
                message: None,
                help: None,
            })
        })?;
        let word_range = start..start + word.len();
        match word {
            "true" | "false" => {
                return Ok((
                    r,
                    Expr {
                        kind: ExprKind::Bool(word == "true"),
                        range: word_range,
                        ty: Ty::Truth,
                    },
                ))
            }
            "and" | "or" | "not" | "in" => {
                return failure(
                    i,
                    word.len(),
                    format!("expected a value, found the operator `{word}`"),
                    None,
                )
            }
            _ => {}
        }
        // A call: `name(args)`.
        if let Ok((r2, _)) = peek(sym("(")).parse(r) {
            let Some(func) = func_by_name(word) else {
                let names: Vec<&str> = FUNCTIONS.iter().map(|f| f.0).collect();
                return failure(
                    i,
                    word.len(),
                    format!("unknown function `{word}`"),
                    did_you_mean(word, names).map(|m| format!("did you mean `{m}`?")),
                );
            };
            let _ = r2;
            return self.nested(r, |r| {
                let (r, args) = cut(delimited(
                    sym("("),
                    separated_list0(sym(","), |i| self.or(i)),
                    sym(")"),
                ))
                .parse(r)
                .map_err(|e| e.map(|e| expecting(e, "`,` or `)`")))?;
                Ok((
                    r,
                    Expr {
                        kind: ExprKind::Call(func, args),
                        range: range(r),
                        ty: Ty::Truth,
                    },
                ))
            });
        }
        // A path: `a.when.start`.
        let field = preceded(ch('.'), cut(take_while1(is_name_char)));
        let (r, fields) = nom::multi::many0(field)
            .parse(r)
            .map_err(|e| e.map(|e| expecting(e, "a field name after `.`")))?;
        let mut path = Vec::with_capacity(fields.len());
        for f in fields {
            let at = f.as_ptr() as usize - self.src.as_ptr() as usize;
            path.push(Step {
                name: f.to_owned(),
                range: at..at + f.len(),
                field: None,
            });
        }
        Ok((
            r,
            Expr {
                kind: ExprKind::Path(word.to_owned(), path),
                range: range(r),
                ty: Ty::Truth,
            },
        ))
    }
}

/// Gives an error that says nothing of what was expected a description.
fn expecting<'s>(mut e: PErr<'s>, what: &'static str) -> PErr<'s> {
    if e.message.is_none() && e.expected.is_empty() {
        e.expected = what;
    }
    e
}

/// A chain `a or b or c …` (or `and`) as a balanced tree: its depth grows with the
/// logarithm of its length, so checking and evaluating a chain of thousands of terms stays
/// within the stack. `and` and `or` are associative, and evaluation reads the terms left
/// to right in either shape (stopping at the first that decides), so the result is the same
/// as the left-leaning tree's.
fn balanced(op: BinOp, mut items: Vec<Expr>) -> Expr {
    if items.len() == 1 {
        return items.pop().expect("one item");
    }
    let right = items.split_off(items.len() / 2);
    bin(op, balanced(op, items), balanced(op, right))
}

fn bin(op: BinOp, l: Expr, r: Expr) -> Expr {
    let range = l.range.start..r.range.end;
    Expr {
        kind: ExprKind::Bin(op, Box::new(l), Box::new(r)),
        range,
        ty: Ty::Truth,
    }
}

// ---------------------------------------------------------------------------------------
// Type checking

/// What names are in scope: variables and their types, and the rule's parameters.
pub struct Scope<'a> {
    pub vars: &'a [(&'a str, Ty)],
    pub params: &'a [(String, Ty)],
}

/// Type-checks `e` in `scope`, filling in every node's type.
pub fn check(e: &mut Expr, scope: &Scope) -> Result<Ty, ExprError> {
    let ty = match &mut e.kind {
        ExprKind::Bool(_) => Ty::Truth,
        ExprKind::Int(_) => Ty::Int,
        ExprKind::Str(_) => Ty::Str,
        ExprKind::List(items) => {
            let mut elem: Option<Ty> = None;
            for it in items.iter_mut() {
                let t = check(it, scope)?;
                match elem {
                    None => elem = Some(t),
                    Some(prev) if prev != t => {
                        return Err(ExprError::new(
                            it.range.clone(),
                            format!("mixed list: expected {prev}, found {t}"),
                        ))
                    }
                    _ => {}
                }
            }
            match elem {
                None => Ty::ListAny,
                Some(t) => Ty::list_of(t).ok_or_else(|| {
                    ExprError::new(
                        e.range.clone(),
                        format!(
                            "unsupported list: lists hold texts, entities or outlets, found {t}"
                        ),
                    )
                })?,
            }
        }
        ExprKind::Path(var, path) => {
            let mut ty = if var == "params" {
                let Some(Step {
                    name: field, range, ..
                }) = path.first()
                else {
                    return Err(ExprError::new(
                        e.range.clone(),
                        "expected a parameter name after `params.`",
                    ));
                };
                let Some((_, t)) = scope.params.iter().find(|(n, _)| n == field) else {
                    let names: Vec<&str> = scope.params.iter().map(|(n, _)| n.as_str()).collect();
                    return Err(ExprError::new(
                        range.clone(),
                        format!(
                            "unknown parameter `{field}`: expected one of the rule's [params] ({})",
                            if names.is_empty() {
                                "it has none".to_owned()
                            } else {
                                names.join(", ")
                            }
                        ),
                    )
                    .help(did_you_mean(field, names).map(|m| format!("did you mean `{m}`?"))));
                };
                if path.len() > 1 {
                    return Err(ExprError::new(
                        path[1].range.clone(),
                        format!(
                            "unknown field `{}`: a parameter has no fields",
                            path[1].name
                        ),
                    ));
                }
                *t
            } else {
                match scope.vars.iter().find(|(n, _)| *n == var.as_str()) {
                    Some((_, t)) => *t,
                    None => {
                        let names: Vec<&str> = scope
                            .vars
                            .iter()
                            .map(|(n, _)| *n)
                            .chain(std::iter::once("params"))
                            .collect();
                        let range = e.range.start..e.range.start + var.len();
                        return Err(ExprError::new(
                            range,
                            format!(
                                "unknown name `{var}`: expected one of {}",
                                names
                                    .iter()
                                    .map(|n| format!("`{n}`"))
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            ),
                        )
                        .help(
                            did_you_mean(var, names.iter().copied())
                                .map(|m| format!("did you mean `{m}`?")),
                        ));
                    }
                }
            };
            let skip = usize::from(var == "params");
            for step in path.iter_mut().skip(skip) {
                let (field, range) = (&step.name, &step.range);
                let fs = super::fields::of(ty);
                match fs.iter().position(|(n, _)| n == field) {
                    Some(i) => {
                        step.field = u16::try_from(i).ok();
                        ty = fs[i].1;
                    }
                    None if fs.is_empty() => {
                        return Err(ExprError::new(
                            range.clone(),
                            format!("unknown field `{field}`: {} has no fields", ty.a()),
                        ))
                    }
                    None => {
                        let names: Vec<&str> = fs.iter().map(|f| f.0).collect();
                        return Err(ExprError::new(
                            range.clone(),
                            format!("unknown field `{field}` of {}", ty.a()),
                        )
                        .help(Some(
                            match did_you_mean(field, names.iter().copied()) {
                                Some(m) => format!("did you mean `{m}`?"),
                                None => format!("{} has {}", ty.a(), names.join(", ")),
                            },
                        )));
                    }
                }
            }
            ty
        }
        ExprKind::Call(func, args) => {
            let func = *func;
            let (name, params, ret, _) = FUNCTIONS
                .iter()
                .find(|f| func_by_name(f.0) == Some(func))
                .expect("every function is listed");
            if args.len() != params.len() {
                return Err(ExprError::new(
                    e.range.clone(),
                    format!(
                        "wrong number of arguments: `{name}` takes {}, found {}",
                        params.len(),
                        args.len()
                    ),
                ));
            }
            for (arg, want) in args.iter_mut().zip(params.iter()) {
                let got = check(arg, scope)?;
                let ok = match (func, *want) {
                    (Func::Has | Func::Missing, _) => true,
                    // `known_or`'s first argument may be of any type.
                    (Func::KnownOr, Ty::ListAny) => true,
                    (Func::Len, _) => got.is_list(),
                    (Func::Skeleton | Func::Normalised, _) => got == Ty::ListStr || got == Ty::Str,
                    (_, w) => w == got,
                };
                if !ok {
                    let want_name = match func {
                        Func::Len => "a list".to_owned(),
                        Func::Skeleton | Func::Normalised => "a text or a list of texts".to_owned(),
                        _ => want.a(),
                    };
                    return Err(ExprError::new(
                        arg.range.clone(),
                        format!(
                            "type error: `{name}` expects {want_name}, found {}",
                            got.a()
                        ),
                    ));
                }
            }
            *ret
        }
        ExprKind::Not(inner) => {
            let t = check(inner, scope)?;
            if t != Ty::Truth {
                return Err(ExprError::new(
                    inner.range.clone(),
                    format!("type error: `not` expects a truth value, found {}", t.a()),
                ));
            }
            Ty::Truth
        }
        ExprKind::Bin(op, l, r) => {
            let lt = check(l, scope)?;
            let rt = check(r, scope)?;
            let mismatch = |what: &str| {
                Err(ExprError::new(
                    r.range.clone(),
                    format!(
                        "type error: `{}` {what}, found {} and {}",
                        op.as_str(),
                        lt.a(),
                        rt.a()
                    ),
                ))
            };
            match op {
                BinOp::And | BinOp::Or => {
                    if lt != Ty::Truth {
                        return Err(ExprError::new(
                            l.range.clone(),
                            format!(
                                "type error: `{}` expects truth values, found {}",
                                op.as_str(),
                                lt.a()
                            ),
                        ));
                    }
                    if rt != Ty::Truth {
                        return Err(ExprError::new(
                            r.range.clone(),
                            format!(
                                "type error: `{}` expects truth values, found {}",
                                op.as_str(),
                                rt.a()
                            ),
                        ));
                    }
                }
                BinOp::Eq | BinOp::Ne => {
                    let compatible = lt == rt
                        || (lt.is_list() && rt == Ty::ListAny)
                        || (rt.is_list() && lt == Ty::ListAny);
                    if !compatible || lt == Ty::Period || lt == Ty::Claim {
                        return mismatch("compares two values of the same type (periods are compared with relations such as `equals`)");
                    }
                }
                BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge => {
                    if lt != Ty::Int || rt != Ty::Int {
                        return mismatch("compares two integers");
                    }
                }
                BinOp::In => {
                    if rt.element() != Some(lt) && rt != Ty::ListAny {
                        return mismatch("expects a value and a list of such values");
                    }
                }
            }
            Ty::Truth
        }
    };
    e.ty = ty;
    Ok(ty)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scope() -> Scope<'static> {
        Scope {
            vars: &[("a", Ty::Claim), ("b", Ty::Claim), ("n", Ty::Int)],
            params: &[],
        }
    }

    fn ok(src: &str) -> Ty {
        let mut e = parse(src).unwrap_or_else(|e| panic!("{src}: {e:?}"));
        check(&mut e, &scope()).unwrap_or_else(|e| panic!("{src}: {e:?}"))
    }

    fn err(src: &str) -> (Range, String) {
        let r = parse(src).and_then(|mut e| check(&mut e, &scope()).map(|_| e));
        let e = r.expect_err(src);
        (e.range, e.message)
    }

    #[test]
    fn well_typed_conditions() {
        assert_eq!(
            ok("independent(a, b) and disjoint(a.when, b.when)"),
            Ty::Truth
        );
        assert_eq!(ok("not length_is(a.when, a.lasting)"), Ty::Truth);
        assert_eq!(
            ok("a.kind in [\"plan\", \"agreement\"] and missing(a.when)"),
            Ty::Truth
        );
        assert_eq!(ok("n < 2"), Ty::Truth);
        assert_eq!(ok("a.office.sole and a.holder != b.holder"), Ty::Truth);
        assert_eq!(
            ok("a.parties == b.parties or (possibly(overlaps(a.when, b.when)))"),
            Ty::Truth
        );
        assert_eq!(ok("len(a.people)"), Ty::Int);
        assert_eq!(ok("weekday_is(start(a.when), a.start_weekday)"), Ty::Truth);
    }

    #[test]
    fn errors_point_at_the_offending_text() {
        assert_eq!(
            err("disjoint(a.whn, b.when)"),
            (11..14, "unknown field `whn` of a claim".to_owned())
        );
        assert_eq!(
            err("disjont(a.when, b.when)"),
            (
                0..7,
                "unknown function `disjoint`".replace("disjoint", "disjont")
            )
        );
        assert_eq!(
            err("disjoint(a.when, b.lasting)"),
            (
                17..26,
                "type error: `disjoint` expects a period, found a duration".to_owned()
            )
        );
        assert_eq!(err("a.kind == 3"), (10..11, "type error: `==` compares two values of the same type (periods are compared with relations such as `equals`), found a text and an integer".to_owned()));
        assert_eq!(
            err("c.when"),
            (
                0..1,
                "unknown name `c`: expected one of `a`, `b`, `n`, `params`".to_owned()
            )
        );
        assert_eq!(err("a.when and"), (10..10, "expected a value, a field such as `a.when`, or a function call, found end of expression".to_owned()));
        assert_eq!(
            err("a.kind = \"x\""),
            (7..8, "expected an operator, found `=`".to_owned())
        );
        assert_eq!(
            err("disjoint(a.when)"),
            (
                0..16,
                "wrong number of arguments: `disjoint` takes 2, found 1".to_owned()
            )
        );
        assert_eq!(
            err("(a.when"),
            (7..7, "expected `)`, found end of expression".to_owned())
        );
        let cases: [(&str, std::ops::Range<usize>, &str); 5] = [
            (
                "a.kind == \"visit",
                10..11,
                "unterminated text: expected a closing \"",
            ),
            ("n < 99999999999999999999", 4..24, "integer too large"),
            (
                "a.kind in [\"x\" \"y\"]",
                15..16,
                "expected `,` or `]`, found `\"`",
            ),
            (
                "a. when",
                2..3,
                "expected a field name after `.`, found ` `",
            ),
            (
                "has(a.when) and or",
                16..18,
                "expected a value, found the operator `or`",
            ),
        ];
        for (src, range, msg) in cases {
            assert_eq!(err(src), (range, msg.to_owned()), "{src}");
        }
    }

    #[test]
    fn nesting_is_bounded() {
        let deep = format!("{}true{}", "(".repeat(10_000), ")".repeat(10_000));
        assert!(err(&deep).1.starts_with("expression too deeply nested"));
        let nots = format!("{}true", "not ".repeat(10_000));
        assert!(err(&nots).1.starts_with("expression too deeply nested"));
    }

    /// A chain of 15,000 terms is checked and kept shallow (regression: the type checker
    /// overflowed the stack on the left-leaning tree).
    #[test]
    fn long_chains_stay_shallow() {
        fn depth(e: &Expr) -> usize {
            match &e.kind {
                ExprKind::Bin(_, l, r) => 1 + depth(l).max(depth(r)),
                ExprKind::Not(x) => 1 + depth(x),
                _ => 1,
            }
        }
        for op in [" or ", " and "] {
            let chain = vec!["a.label == \"x\""; 15_000].join(op);
            let e = parse(&chain).expect("a long chain parses");
            assert!(depth(&e) <= 20, "depth {}", depth(&e));
        }
    }
}
