//! Compiling a rule file: TOML (serde + toml, with spans) into a [`Rule`], each part
//! checked where it is written (the header, `[params]`, the shape's keys, the condition,
//! the message template, the test cases), every problem a diagnostic at its line and column.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

use super::expr::{self, Expr, ExprError, Scope, Ty};
use super::{
    Case, Category, Expected, Explain, Level, Over, PairKey, ParamValue, Possible, Rule, Segment,
    Shape, Sureness,
};
use crate::diag::{did_you_mean, Diagnostic, FileId, Span};
use crate::model::Loc;
use crate::syntax::ClaimKind;

/// The types a grouping key may have.
const KEYS: &[Ty] = &[
    Ty::Str,
    Ty::Entity,
    Ty::Outlet,
    Ty::ListStr,
    Ty::ListEntity,
    Ty::ListOutlet,
];

/// Each parameter's name and type.
type ParamTypes = Vec<(String, Ty)>;

/// The type of a condition or filter.
const TRUTH: &[Ty] = &[Ty::Truth];

/// `a `pair``, `an `each`` — for messages about shapes.
fn article(shape: &str) -> String {
    let an = shape.starts_with(['a', 'e', 'i', 'o', 'u']);
    format!("{} `{shape}`", if an { "an" } else { "a" })
}

/// The top-level keys of a rule file.
const RULE_KEYS: &[&str] = &[
    "id",
    "title",
    "severity",
    "category",
    "shape",
    "over",
    "kinds",
    "filter",
    "key",
    "join",
    "sweep",
    "ordered",
    "distinct",
    "order",
    "count",
    "condition",
    "possible",
    "message",
    "explain",
    "test",
];

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    id: Spanned<String>,
    title: Spanned<String>,
    severity: Spanned<String>,
    category: Spanned<String>,
    shape: Spanned<String>,
    over: Option<Spanned<String>>,
    kinds: Option<Vec<Spanned<String>>>,
    filter: Option<Spanned<String>>,
    key: Option<Spanned<String>>,
    join: Option<Spanned<RawJoin>>,
    sweep: Option<Spanned<String>>,
    ordered: Option<Spanned<bool>>,
    distinct: Option<Spanned<String>>,
    order: Option<Spanned<String>>,
    count: Option<Spanned<String>>,
    condition: Spanned<String>,
    possible: Option<Spanned<String>>,
    message: Spanned<String>,
    #[serde(default)]
    params: BTreeMap<String, Spanned<toml::Value>>,
    explain: RawExplain,
    #[serde(default, rename = "test")]
    tests: Vec<RawTest>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawJoin {
    left: Spanned<String>,
    right: Spanned<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawExplain {
    checks: String,
    why: String,
    example: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTest {
    name: Spanned<String>,
    claims: Spanned<String>,
    expect: Vec<RawExpect>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawExpect {
    certainty: Spanned<String>,
    severity: Option<Spanned<String>>,
    message: String,
}

/// Compiles the text of one rule file. Every problem is reported with its place in the file.
pub fn compile(file: FileId, text: &str) -> Result<Rule, Vec<Diagnostic>> {
    let raw: RawRule = match toml::from_str(text) {
        Ok(r) => r,
        Err(e) => return Err(vec![toml_error("rule", file, &e)]),
    };
    let mut cx = Cx {
        file,
        text,
        diags: Vec::new(),
    };
    let rule = cx.rule(raw);
    match rule {
        Some(r) if cx.diags.is_empty() => Ok(r),
        _ => Err(cx.diags),
    }
}

/// Turns a toml/serde error into a diagnostic, with a did-you-mean for unknown keys.
pub fn toml_error(code: &'static str, file: FileId, e: &toml::de::Error) -> Diagnostic {
    let span = e
        .span()
        .map(|r| Span::new(r.start, r.end))
        .unwrap_or_default();
    let msg = e.message().trim_end_matches('\n').to_owned();
    // serde: "unknown field `titel`, expected one of `id`, `title`, …"
    if let Some(rest) = msg.strip_prefix("unknown field `") {
        if let Some((field, tail)) = rest.split_once('`') {
            let expected: Vec<&str> = tail.split('`').skip(1).step_by(2).collect();
            let mut d = Diagnostic::error(
                code,
                file,
                span,
                format!(
                    "unknown key `{field}`: expected one of {}",
                    expected
                        .iter()
                        .map(|x| format!("`{x}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )
            .with_label("unknown key");
            if let Some(m) = did_you_mean(field, expected.iter().copied()) {
                d = d.with_help(format!("did you mean `{m}`?"));
            }
            return d;
        }
    }
    if let Some(rest) = msg.strip_prefix("missing field `") {
        let field = rest.split('`').next().unwrap_or("");
        return Diagnostic::error(
            code,
            file,
            span,
            format!("missing key: expected `{field}`, found none"),
        )
        .with_label(format!("`{field}` is required here"));
    }
    let first = msg.lines().next().unwrap_or("").to_owned();
    Diagnostic::error(
        code,
        file,
        span,
        format!("invalid TOML: {}", lowercase_first(&first)),
    )
    .with_label("here")
}

fn lowercase_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

struct Cx<'t> {
    file: FileId,
    text: &'t str,
    diags: Vec<Diagnostic>,
}

impl Cx<'_> {
    fn span<T>(&self, s: &Spanned<T>) -> Span {
        Span::new(s.span().start, s.span().end)
    }

    fn error<T>(&mut self, at: &Spanned<T>, message: String, label: &str, help: Option<String>) {
        let mut d = Diagnostic::error("rule", self.file, self.span(at), message).with_label(label);
        d.help = help;
        self.diags.push(d);
    }

    /// Offset of a string value's first character inside the file (after its quotes).
    fn content_start(&self, s: &Spanned<String>) -> usize {
        let start = s.span().start;
        let raw = &self.text[start.min(self.text.len())..];
        if raw.starts_with("\"\"\"") || raw.starts_with("'''") {
            let after = &raw[3..];
            start
                + 3
                + if after.starts_with("\r\n") {
                    2
                } else {
                    usize::from(after.starts_with('\n'))
                }
        } else {
            start + 1
        }
    }

    /// Reports a key given to a shape that does not use it.
    fn unexpected<T>(&mut self, field: &Option<Spanned<T>>, name: &str, shape: &str, label: &str) {
        if let Some(f) = field {
            let message = format!("unexpected key `{name}` for {} rule", article(shape));
            self.error(f, message, label, None);
        }
    }

    fn expr_error(&mut self, s: &Spanned<String>, e: ExprError) {
        let base = self.content_start(s);
        let span = Span::new(base + e.range.start, base + e.range.end.max(e.range.start));
        let mut d = Diagnostic::error("rule", self.file, span, e.message).with_label("here");
        d.help = e.help;
        self.diags.push(d);
    }

    fn expr(
        &mut self,
        s: &Spanned<String>,
        scope: &Scope,
        want: Option<&[Ty]>,
        what: &str,
    ) -> Option<Expr> {
        let mut e = match expr::parse(s.get_ref()) {
            Ok(e) => e,
            Err(err) => {
                self.expr_error(s, err);
                return None;
            }
        };
        match expr::check(&mut e, scope) {
            Ok(t) => {
                if let Some(want) = want {
                    if !want.contains(&t) {
                        let names: Vec<String> = want.iter().map(|t| t.a()).collect();
                        self.expr_error(
                            s,
                            ExprError {
                                range: e.range.clone(),
                                message: format!(
                                    "type error: {what} must be {}, found {}",
                                    names.join(" or "),
                                    t.a()
                                ),
                                help: None,
                            },
                        );
                        return None;
                    }
                }
                Some(e)
            }
            Err(err) => {
                self.expr_error(s, err);
                None
            }
        }
    }

    fn choice<T: Copy>(
        &mut self,
        s: &Spanned<String>,
        what: &str,
        options: &[(T, &'static str)],
    ) -> Option<T> {
        match options.iter().find(|(_, n)| *n == s.get_ref()) {
            Some((v, _)) => Some(*v),
            None => {
                let names: Vec<&str> = options.iter().map(|(_, n)| *n).collect();
                let help = did_you_mean(s.get_ref(), names.iter().copied())
                    .map(|m| format!("did you mean `{m}`?"));
                self.error(
                    s,
                    format!(
                        "unknown {what}: expected one of {}, found `{}`",
                        names
                            .iter()
                            .map(|n| format!("`{n}`"))
                            .collect::<Vec<_>>()
                            .join(", "),
                        s.get_ref()
                    ),
                    "unknown",
                    help,
                );
                None
            }
        }
    }

    /// Compiles one rule: its header, parameters, shape, condition, message and cases.
    /// Problems are collected in order of the rule's parts; `None` if there is any.
    fn rule(&mut self, raw: RawRule) -> Option<Rule> {
        self.check_id(&raw.id);
        let level = self.choice(&raw.severity, "severity", &Level::ALL);
        let category = self.choice(&raw.category, "category", &Category::ALL);
        let over = match &raw.over {
            Some(o) => self.choice(
                o,
                "subject",
                &[(Over::Claims, "claims"), (Over::Entities, "entities")],
            ),
            None => Some(Over::Claims),
        };
        let possible = match &raw.possible {
            Some(p) => self.choice(
                p,
                "`possible` policy",
                &[
                    (Possible::Demote, "demote"),
                    (Possible::Report, "report"),
                    (Possible::Skip, "skip"),
                ],
            ),
            None => Some(Possible::Demote),
        };
        let mut kinds = Vec::new();
        for k in raw.kinds.iter().flatten() {
            if let Some(kind) = self.choice(k, "claim kind", &ClaimKind::all()) {
                kinds.push(kind);
            }
        }
        let (params, param_tys) = self.params(&raw.params);
        let subject = if over == Some(Over::Entities) {
            Ty::Entity
        } else {
            Ty::Claim
        };
        let one = [("a", subject)];
        let two = [("a", subject), ("b", subject)];
        let counted = [
            ("a", subject),
            ("n", Ty::Int),
            ("key", Ty::Str),
            ("values", Ty::ListStr),
        ];
        let scope1 = Scope {
            vars: &one,
            params: &param_tys,
        };
        let filter = raw
            .filter
            .as_ref()
            .and_then(|f| self.expr(f, &scope1, Some(TRUTH), "a filter"));
        let shape_name = self.choice(
            &raw.shape,
            "shape",
            &[
                ("each", "each"),
                ("pair", "pair"),
                ("sequence", "sequence"),
                ("count", "count"),
            ],
        );
        self.misplaced_keys(&raw, shape_name, over);
        let shape = match shape_name {
            Some("each") => self.each(&raw),
            Some("pair") => self.pair(&raw, &scope1),
            Some("sequence") => self.sequence(&raw, &scope1),
            Some("count") => self.count(&raw, &scope1),
            _ => None,
        };
        let cond_scope = Scope {
            vars: match shape_name {
                Some("pair" | "sequence") => &two,
                Some("count") => &counted,
                _ => &one,
            },
            params: &param_tys,
        };
        let condition = self.expr(&raw.condition, &cond_scope, Some(TRUTH), "a condition");
        let message = self.template(&raw.message, &cond_scope);
        let tests = self.cases(&raw.tests);
        if !self.diags.is_empty() {
            return None;
        }
        Some(Rule {
            id: raw.id.get_ref().clone(),
            title: raw.title.get_ref().clone(),
            level: level?,
            category: category?,
            over: over?,
            shape: shape?,
            kinds,
            filter,
            condition: condition?,
            possible: possible?,
            message: message?,
            params,
            explain: Explain {
                checks: raw.explain.checks,
                why: raw.explain.why,
                example: raw.explain.example,
            },
            tests,
            loc: Loc {
                file: self.file,
                span: self.span(&raw.id),
            },
            max_per_group: super::MAX_FINDINGS_PER_GROUP,
            max_pairs_per_group: super::MAX_PAIRS_PER_GROUP,
        })
    }

    /// A rule id is lowercase letters, digits and `-`.
    fn check_id(&mut self, id: &Spanned<String>) {
        let ok = !id.get_ref().is_empty()
            && id
                .get_ref()
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !ok {
            self.error(
                id,
                format!(
                    "invalid rule id: expected lowercase letters, digits and `-`, found `{}`",
                    id.get_ref()
                ),
                "invalid id",
                None,
            );
        }
    }

    /// The `[params]` table: each value (an integer or a text) and its type, for the
    /// expressions that read `params.NAME`.
    fn params(
        &mut self,
        raw: &BTreeMap<String, Spanned<toml::Value>>,
    ) -> (Vec<(String, ParamValue)>, ParamTypes) {
        let mut params = Vec::new();
        let mut tys = Vec::new();
        for (name, v) in raw {
            let value = match v.get_ref() {
                toml::Value::Integer(i) => ParamValue::Int(*i),
                toml::Value::String(s) => ParamValue::Str(s.clone()),
                other => {
                    self.error(v, format!("unsupported parameter `{name}`: expected an integer or a text, found a {}", other.type_str()), "unsupported", None);
                    continue;
                }
            };
            let ty = if matches!(value, ParamValue::Int(_)) {
                Ty::Int
            } else {
                Ty::Str
            };
            tys.push((name.clone(), ty));
            params.push((name.clone(), value));
        }
        (params, tys)
    }

    /// Keys that belong to another shape or subject, or that contradict each other
    /// (`join` with `ordered` or `sweep`), and parameters named like rule keys.
    fn misplaced_keys(&mut self, raw: &RawRule, shape: Option<&str>, over: Option<Over>) {
        let shape_text = raw.shape.get_ref();
        if shape != Some("pair") {
            self.unexpected(
                &raw.distinct,
                "distinct",
                shape_text,
                "only `pair` rules take it",
            );
            self.unexpected(&raw.join, "join", shape_text, "only `pair` rules join");
            self.unexpected(
                &raw.ordered,
                "ordered",
                shape_text,
                "only `pair` rules are ordered",
            );
        } else if raw.join.is_some() {
            if let Some(o) = &raw.ordered {
                self.error(o, "unexpected key `ordered` with `join`: joined pairs are already ordered (left, right)".to_owned(), "not used with `join`", None);
            }
            if let Some(sw) = &raw.sweep {
                self.error(
                    sw,
                    "unexpected key `sweep` with `join`: only `key` pairs are swept".to_owned(),
                    "not used with `join`",
                    None,
                );
            }
        }
        if over == Some(Over::Entities) {
            if let Some(k) = raw.kinds.as_ref().and_then(|k| k.first()) {
                self.error(
                    k,
                    "unexpected key `kinds` for a rule over entities: `kinds` selects claims"
                        .to_owned(),
                    "entities have no claim kind",
                    Some("filter entities with `filter = 'a.kind == \"person\"'`".to_owned()),
                );
            }
        }
        for (name, v) in &raw.params {
            if RULE_KEYS.contains(&name.as_str()) {
                self.error(v, format!("parameter `{name}` has the name of a rule key: keys written after `[params]` belong to `[params]`"), "a rule key?", Some(format!("move `{name}` above the `[params]` line")));
            }
        }
    }

    /// Reports a key the rule's shape needs but does not have.
    fn needs(&mut self, raw: &RawRule, field: &Option<Spanned<String>>, name: &str) {
        if field.is_none() {
            self.error(
                &raw.shape,
                format!(
                    "missing key: {} rule needs `{name}`",
                    article(raw.shape.get_ref())
                ),
                "this shape",
                None,
            );
        }
    }

    /// Reports a key the rule's shape does not use.
    fn unused(&mut self, raw: &RawRule, field: &Option<Spanned<String>>, name: &str) {
        self.unexpected(field, name, raw.shape.get_ref(), "not used by this shape");
    }

    /// `shape = "each"`: one subject at a time; no key.
    fn each(&mut self, raw: &RawRule) -> Option<Shape> {
        for (f, n) in [
            (&raw.key, "key"),
            (&raw.sweep, "sweep"),
            (&raw.order, "order"),
            (&raw.count, "count"),
        ] {
            self.unused(raw, f, n);
        }
        Some(Shape::Each)
    }

    /// `shape = "pair"`: two subjects sharing a `key` (or joined by `join`), optionally
    /// swept by a period and kept `distinct`.
    fn pair(&mut self, raw: &RawRule, scope1: &Scope) -> Option<Shape> {
        self.unused(raw, &raw.order, "order");
        self.unused(raw, &raw.count, "count");
        let key = match (&raw.key, &raw.join) {
            (Some(k), None) => self.expr(k, scope1, Some(KEYS), "a key").map(PairKey::Same),
            (None, Some(j)) => {
                let left = self.expr(&j.get_ref().left, scope1, Some(KEYS), "a key");
                let right = self.expr(&j.get_ref().right, scope1, Some(KEYS), "a key");
                // Both sides must give keys of one kind (texts, entities or outlets).
                let base = |t: Ty| t.element().unwrap_or(t);
                if let (Some(l), Some(r)) = (&left, &right) {
                    if base(l.ty) != base(r.ty) {
                        let (lt, rt) = (l.ty.a(), r.ty.a());
                        self.error(j, format!("type error: `join` compares keys of one type, found {lt} on the left and {rt} on the right"), "never matches", None);
                    }
                }
                left.zip(right)
                    .map(|(left, right)| PairKey::Join { left, right })
            }
            _ => {
                self.error(
                    &raw.shape,
                    "a `pair` rule needs exactly one of `key` and `join`".to_owned(),
                    "this shape",
                    None,
                );
                None
            }
        };
        let sweep = match &raw.sweep {
            Some(s) => self
                .expr(s, scope1, Some(&[Ty::Period]), "`sweep`")
                .map(Some),
            None => Some(None),
        };
        let distinct = match &raw.distinct {
            Some(d) => self
                .expr(
                    d,
                    scope1,
                    Some(&[Ty::Str, Ty::Entity, Ty::Outlet, Ty::ListEntity]),
                    "`distinct`",
                )
                .map(Some),
            None => Some(None),
        };
        if let (Some(d), Some(_)) = (&raw.distinct, &raw.join) {
            self.error(
                d,
                "unexpected key `distinct` with `join`: only `key` pairs take it".to_owned(),
                "not used with `join`",
                None,
            );
        }
        key.zip(sweep)
            .zip(distinct)
            .map(|((key, sweep), distinct)| Shape::Pair {
                key,
                sweep,
                ordered: raw.ordered.as_ref().is_some_and(|o| *o.get_ref()),
                distinct,
            })
    }

    /// `shape = "sequence"`: successive subjects per `key`, in `order`.
    fn sequence(&mut self, raw: &RawRule, scope1: &Scope) -> Option<Shape> {
        self.needs(raw, &raw.key, "key");
        self.needs(raw, &raw.order, "order");
        self.unused(raw, &raw.sweep, "sweep");
        self.unused(raw, &raw.count, "count");
        let key = raw
            .key
            .as_ref()
            .and_then(|k| self.expr(k, scope1, Some(KEYS), "a key"));
        let order = raw
            .order
            .as_ref()
            .and_then(|k| self.expr(k, scope1, Some(&[Ty::Period]), "`order`"));
        key.zip(order)
            .map(|(key, order)| Shape::Sequence { key, order })
    }

    /// `shape = "count"`: subjects per `key`, counting distinct values of `count`.
    fn count(&mut self, raw: &RawRule, scope1: &Scope) -> Option<Shape> {
        self.needs(raw, &raw.key, "key");
        self.needs(raw, &raw.count, "count");
        self.unused(raw, &raw.sweep, "sweep");
        self.unused(raw, &raw.order, "order");
        let key = raw
            .key
            .as_ref()
            .and_then(|k| self.expr(k, scope1, Some(KEYS), "a key"));
        let count = raw.count.as_ref().and_then(|k| {
            self.expr(
                k,
                scope1,
                Some(&[Ty::Str, Ty::Entity, Ty::Outlet]),
                "`count`",
            )
        });
        key.zip(count)
            .map(|(key, count)| Shape::Count { key, count })
    }

    /// The embedded test cases, with their expected findings.
    fn cases(&mut self, raw: &[RawTest]) -> Vec<Case> {
        let mut tests = Vec::new();
        for t in raw {
            let mut expect = Vec::new();
            for e in &t.expect {
                let c = self.choice(
                    &e.certainty,
                    "certainty",
                    &[
                        (Sureness::Definite, "definite"),
                        (Sureness::Possible, "possible"),
                    ],
                );
                let severity = e
                    .severity
                    .as_ref()
                    .map(|s| self.choice(s, "severity", &Level::ALL));
                if let (Some(certainty), None | Some(Some(_))) = (c, severity) {
                    expect.push(Expected {
                        certainty,
                        severity: severity.flatten(),
                        message: e.message.clone(),
                    });
                }
            }
            tests.push(Case {
                name: t.name.get_ref().clone(),
                claims: t.claims.get_ref().clone(),
                loc: Loc {
                    file: self.file,
                    span: self.span(&t.claims),
                },
                expect,
            });
        }
        tests
    }

    /// Parses `text {a.origin} more {b.when}` into segments, each value type-checked.
    fn template(&mut self, s: &Spanned<String>, scope: &Scope) -> Option<Vec<Segment>> {
        let text = s.get_ref().as_str();
        let mut out = Vec::new();
        let mut literal = String::new();
        let mut ok = true;
        let mut i = 0;
        let bytes = text.as_bytes();
        while i < text.len() {
            match bytes[i] {
                // `{{` and `}}` stand for literal braces.
                b'{' if bytes.get(i + 1) == Some(&b'{') => {
                    literal.push('{');
                    i += 2;
                }
                b'}' if bytes.get(i + 1) == Some(&b'}') => {
                    literal.push('}');
                    i += 2;
                }
                b'{' => {
                    let Some(close) = text[i..].find('}') else {
                        self.expr_error(s, ExprError { range: i..i + 1, message: "unterminated placeholder: expected `}`".to_owned(), help: Some("placeholders look like `{a.origin}`; write `{{` for a literal `{`".to_owned()) });
                        return None;
                    };
                    if !literal.is_empty() {
                        out.push(Segment::Text(std::mem::take(&mut literal)));
                    }
                    let inner = &text[i + 1..i + close];
                    match expr::parse(inner).and_then(|mut e| expr::check(&mut e, scope).map(|_| e))
                    {
                        Ok(e) => out.push(Segment::Value(e)),
                        Err(mut err) => {
                            err.range = i + 1 + err.range.start..i + 1 + err.range.end;
                            self.expr_error(s, err);
                            ok = false;
                        }
                    }
                    i += close + 1;
                }
                b'}' => {
                    self.expr_error(
                        s,
                        ExprError {
                            range: i..i + 1,
                            message: "unexpected `}`: expected text or a placeholder".to_owned(),
                            help: Some("write `}}` for a literal `}`".to_owned()),
                        },
                    );
                    return None;
                }
                _ => {
                    let c = text[i..].chars().next().unwrap_or(' ');
                    literal.push(c);
                    i += c.len_utf8();
                }
            }
        }
        if !literal.is_empty() {
            out.push(Segment::Text(literal));
        }
        ok.then_some(out)
    }
}
