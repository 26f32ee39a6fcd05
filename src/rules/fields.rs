//! The one registry of the fields a condition can read: for claims, entities and outlets,
//! each field's name, type, meaning, when it is missing, and its accessor, in one table.
//!
//! The type checker ([`super::expr`]) reads names and types from here, the evaluator
//! (`engine::eval`) calls the accessors, the HTML report reads [`Field::time`] to draw a
//! relation where it occurs, and the field tables of `docs/rules.md` are [`docs_table`]'s
//! output (a test fails when they differ). Adding a field is one entry here (with its
//! accessor); nothing else needs to know about it.

use std::borrow::Cow;

use crate::model::resolve_time::End;
use crate::model::time::{Fuzzy, Period};
use crate::model::{
    AnchorKind, AnchorSource, Claim, Corpus, Entity, EntityId, Outlet, TimeOf, Value, When,
};
use crate::syntax::{ClaimKind, EntityKind};

use super::expr::Ty;
use super::value::{truth, DateRef, DateWhat, Missing, R, V};

/// One field of a record of type `T` (a [`Claim`], an [`Entity`] or an [`Outlet`]).
pub struct Field<T: 'static> {
    pub name: &'static str,
    pub ty: Ty,
    /// What the field is, as `docs/rules.md` says it.
    pub meaning: &'static str,
    /// When the field has no value.
    pub missing: &'static str,
    /// For a period field: the stated time of the claim it reads (`at` reads `when` when
    /// it is stated), so that the report can draw a relation on it.
    pub time: Option<TimeOf>,
    /// Reads the field.
    pub get: for<'c> fn(&'c Corpus, &'c T) -> R<'c>,
}

impl<T> Field<T> {
    /// Whether the field always has a value: its `missing` says "never" (a list may be
    /// empty). The engine skips checking that such a field is there; a test reads every
    /// such field of every record of several corpora.
    pub fn never_missing(&self) -> bool {
        self.missing.starts_with("never")
    }
}

/// Whether a path of fields read from a value of type `ty` (`origin.country` from a
/// claim) always has a value: each of its fields is [`Field::never_missing`].
pub fn path_never_missing(mut ty: Ty, names: impl IntoIterator<Item = impl AsRef<str>>) -> bool {
    fn always<T>(f: Option<&Field<T>>) -> Option<Ty> {
        f.filter(|f| f.never_missing()).map(|f| f.ty)
    }
    for name in names {
        let name = name.as_ref();
        let next = match ty {
            Ty::Claim => always(claim(name)),
            Ty::Entity => always(entity(name)),
            Ty::Outlet => always(outlet(name)),
            _ => None,
        };
        match next {
            Some(t) => ty = t,
            None => return false,
        }
    }
    true
}

/// The fields of a record type, by name and type (none for types without fields).
pub fn of(ty: Ty) -> Vec<(&'static str, Ty)> {
    fn list<T>(fs: &[Field<T>]) -> Vec<(&'static str, Ty)> {
        fs.iter().map(|f| (f.name, f.ty)).collect()
    }
    match ty {
        Ty::Claim => list(CLAIM),
        Ty::Entity => list(ENTITY),
        Ty::Outlet => list(OUTLET),
        _ => Vec::new(),
    }
}

/// The type of field `name` of a record of type `ty`.
pub fn type_of(ty: Ty, name: &str) -> Option<Ty> {
    fn find<T>(fs: &[Field<T>], name: &str) -> Option<Ty> {
        fs.iter().find(|f| f.name == name).map(|f| f.ty)
    }
    match ty {
        Ty::Claim => find(CLAIM, name),
        Ty::Entity => find(ENTITY, name),
        Ty::Outlet => find(OUTLET, name),
        _ => None,
    }
}

/// The claim field `name`.
pub fn claim(name: &str) -> Option<&'static Field<Claim>> {
    CLAIM.iter().find(|f| f.name == name)
}

/// The entity field `name`.
pub fn entity(name: &str) -> Option<&'static Field<Entity>> {
    ENTITY.iter().find(|f| f.name == name)
}

/// The outlet field `name`.
pub fn outlet(name: &str) -> Option<&'static Field<Outlet>> {
    OUTLET.iter().find(|f| f.name == name)
}

/// The Markdown table of a record's fields, as `docs/rules.md` shows it.
pub fn docs_table(ty: Ty) -> String {
    fn rows<T>(fs: &[Field<T>]) -> String {
        let mut out =
            String::from("| Field | Type | Meaning | Missing when |\n|---|---|---|---|\n");
        for f in fs {
            out.push_str(&format!(
                "| `{}` | {} | {} | {} |\n",
                f.name,
                f.ty.name(),
                f.meaning,
                f.missing
            ));
        }
        out
    }
    match ty {
        Ty::Claim => rows(CLAIM),
        Ty::Entity => rows(ENTITY),
        Ty::Outlet => rows(OUTLET),
        _ => String::new(),
    }
}

// ---------------------------------------------------------------------------------------
// Accessors shared by several fields.

/// A stated time of a claim.
fn stated(c: &Claim, which: TimeOf) -> R<'_> {
    let w = c.time_of(which).ok_or(Missing)?;
    Ok(V::Period(
        w.period,
        w.anchor.kind,
        DateRef {
            claim: c,
            what: DateWhat::Stated(which),
        },
    ))
}

fn entity_term(c: &Claim, i: usize) -> R<'static> {
    match c.terms.get(i) {
        Some(Value::Entity(e)) => Ok(V::Entity(*e)),
        _ => Err(Missing),
    }
}

fn text_term(c: &Claim, i: usize) -> R<'_> {
    match c.terms.get(i) {
        Some(Value::Text(t)) => Ok(V::Str(Cow::Borrowed(t))),
        _ => Err(Missing),
    }
}

fn opt<'c, T>(v: Option<T>, f: impl FnOnce(T) -> V<'c>) -> R<'c> {
    v.map(f).ok_or(Missing)
}

fn text(s: &str) -> V<'_> {
    V::Str(Cow::Borrowed(s))
}

/// The publication date a claim's relative dates are read against, as a one-day period.
fn published(c: &Claim) -> R<'_> {
    let date = c.anchor.date.ok_or(Missing)?;
    Ok(V::Period(
        Period::instant(date),
        c.anchor.kind,
        DateRef {
            claim: c,
            what: DateWhat::Anchor,
        },
    ))
}

/// A link's own publication date, a fact (so never borrowed).
fn publication(c: &Claim, date: Option<Fuzzy>) -> R<'_> {
    Ok(V::Period(
        Period::instant(date.ok_or(Missing)?),
        AnchorKind::Absolute,
        DateRef {
            claim: c,
            what: DateWhat::Publication,
        },
    ))
}

fn weekday_stated(w: &Option<When>, end: End) -> R<'static> {
    let w = w.as_ref().ok_or(Missing)?;
    w.weekdays()
        .iter()
        .find(|s| s.end == end)
        .map(|s| V::Weekday(s.weekday))
        .ok_or(Missing)
}

fn of_kind(c: &Claim, kind: ClaimKind, then: impl FnOnce(&Claim) -> R<'_>) -> R<'_> {
    if c.kind == kind {
        then(c)
    } else {
        Err(Missing)
    }
}

// ---------------------------------------------------------------------------------------
// The registry.

/// The fields of a claim. Lists are always present, possibly empty: `len(a.with) == 0`.
pub static CLAIM: &[Field<Claim>] = &[
    Field {
        name: "kind",
        ty: Ty::Str,
        meaning: "`visit`, `meeting`, `plan`, `agreement`, `holds`, `event`, `award` or `statement`",
        missing: "never",
        time: None,
        get: |_, c| Ok(text(c.kind.as_str())),
    },
    Field {
        name: "label",
        ty: Ty::Str,
        meaning: "the event label shared across reports (`visit hammouchi-to-fr: …`), in lower case: labels are compared ignoring case, so `Trip-One` and `trip-one` are one label",
        missing: "the claim has no label",
        time: None,
        get: |_, c| opt(c.label.as_deref(), text),
    },
    Field {
        name: "report",
        ty: Ty::Str,
        meaning: "the id of the report the claim is in",
        missing: "never",
        time: None,
        get: |k, c| Ok(text(&k.reports[c.report()].id)),
    },
    Field {
        name: "origin",
        ty: Ty::Outlet,
        meaning: "the innermost attributed outlet: who actually said it",
        missing: "never",
        time: None,
        get: |_, c| Ok(V::Outlet(c.origin())),
    },
    Field {
        name: "outlet",
        ty: Ty::Outlet,
        meaning: "the outlet that published the report",
        missing: "never",
        time: None,
        get: |k, c| Ok(V::Outlet(k.reports[c.report()].outlet)),
    },
    Field {
        name: "attribution",
        ty: Ty::Str,
        meaning: "who said it, as outputs write it: the origin, then who relayed it (`Agency A (relayed by Paper P)`)",
        missing: "never",
        time: None,
        get: |k, c| Ok(V::Str(Cow::Owned(k.attribution(c)))),
    },
    Field {
        name: "chain",
        ty: Ty::ListOutlet,
        meaning: "the report's outlet, then each `per` outlet, ending with the origin",
        missing: "never",
        time: None,
        get: |_, c| Ok(V::Outs(Cow::Owned(c.chain().collect()))),
    },
    Field {
        name: "name",
        ty: Ty::Str,
        meaning: "the quoted name of a plan or agreement; the award of an award claim",
        missing: "other kinds",
        time: None,
        get: |_, c| match c.kind {
            ClaimKind::Plan | ClaimKind::Agreement => text_term(c, 0),
            ClaimKind::Award => text_term(c, 1),
            _ => Err(Missing),
        },
    },
    Field {
        name: "subject",
        ty: Ty::Entity,
        meaning: "the first term, when it is an entity: the visitor, the first participant of a meeting, the holder, the event, the recipient of an award, the subject of a statement",
        missing: "the first term is a text (a plan's name, a statement about `\"terrorist threat\"`)",
        time: None,
        get: |_, c| entity_term(c, 0),
    },
    Field {
        name: "object",
        ty: Ty::Entity,
        meaning: "the object of a statement, when it is an entity",
        missing: "not a statement, or the object is a text",
        time: None,
        get: |_, c| of_kind(c, ClaimKind::Statement, |c| entity_term(c, 2)),
    },
    Field {
        name: "predicate",
        ty: Ty::Str,
        meaning: "the predicate of a statement",
        missing: "not a statement",
        time: None,
        get: |_, c| of_kind(c, ClaimKind::Statement, |c| text_term(c, 1)),
    },
    Field {
        name: "value",
        ty: Ty::Str,
        meaning: "the object of a statement, when it is a text",
        missing: "not a statement, or the object is an entity",
        time: None,
        get: |_, c| of_kind(c, ClaimKind::Statement, |c| text_term(c, 2)),
    },
    Field {
        name: "holder",
        ty: Ty::Entity,
        meaning: "the person of a `holds` claim",
        missing: "not a `holds` claim",
        time: None,
        get: |_, c| of_kind(c, ClaimKind::Holds, |c| entity_term(c, 0)),
    },
    Field {
        name: "office",
        ty: Ty::Entity,
        meaning: "the office of a `holds` claim",
        missing: "not a `holds` claim",
        time: None,
        get: |_, c| of_kind(c, ClaimKind::Holds, |c| entity_term(c, 1)),
    },
    Field {
        name: "event",
        ty: Ty::Entity,
        meaning: "the named event of an `event` claim",
        missing: "not an `event` claim, or no named event",
        time: None,
        get: |_, c| of_kind(c, ClaimKind::Event, |c| entity_term(c, 0)),
    },
    Field {
        name: "people",
        ty: Ty::ListEntity,
        meaning: "every person or organisation taking part: the terms that are people or organisations, and the `with` entities, without duplicates, in declaration order",
        missing: "never (possibly empty)",
        time: None,
        get: |k, c| Ok(V::Ents(Cow::Owned(people(k, c)))),
    },
    Field {
        name: "to",
        ty: Ty::Entity,
        meaning: "the destination of a visit",
        missing: "no `to`",
        time: None,
        get: |_, c| opt(c.to(), V::Entity),
    },
    Field {
        name: "place",
        ty: Ty::Entity,
        meaning: "the `in` place",
        missing: "no `in`",
        time: None,
        get: |_, c| opt(c.place(), V::Entity),
    },
    Field {
        name: "where",
        ty: Ty::Entity,
        meaning: "where it happened: `to` if given (visits), otherwise `in`",
        missing: "neither is given",
        time: None,
        get: |_, c| opt(c.to().or(c.place()), V::Entity),
    },
    Field {
        name: "coming_from",
        ty: Ty::Entity,
        meaning: "where a visitor came from (`coming from`)",
        missing: "not given",
        time: None,
        get: |_, c| opt(c.rare().coming_from(), V::Entity),
    },
    Field {
        name: "by",
        ty: Ty::Entity,
        meaning: "the `by` entity",
        missing: "not given",
        time: None,
        get: |_, c| opt(c.by(), V::Entity),
    },
    Field {
        name: "with",
        ty: Ty::ListEntity,
        meaning: "the `with` entities",
        missing: "never (possibly empty)",
        time: None,
        get: |_, c| Ok(V::Ents(Cow::Borrowed(&c.with))),
    },
    Field {
        name: "parties",
        ty: Ty::ListEntity,
        meaning: "the parties of a plan or agreement, in declaration order",
        missing: "never (possibly empty)",
        time: None,
        get: |_, c| {
            let mut p = c.rare().parties().to_vec();
            p.sort_unstable();
            Ok(V::Ents(Cow::Owned(p)))
        },
    },
    Field {
        name: "when",
        ty: Ty::Period,
        meaning: "the stated period (`on`, `from`, `until`)",
        missing: "no time qualifier",
        time: Some(TimeOf::When),
        get: |_, c| stated(c, TimeOf::When),
    },
    Field {
        name: "arriving",
        ty: Ty::Period,
        meaning: "the stated arrival day of a visit (one day)",
        missing: "no `arriving`",
        time: Some(TimeOf::Arriving),
        get: |_, c| stated(c, TimeOf::Arriving),
    },
    Field {
        name: "signed",
        ty: Ty::Period,
        meaning: "the stated signing day (one day)",
        missing: "no `signed`",
        time: Some(TimeOf::Signed),
        get: |_, c| stated(c, TimeOf::Signed),
    },
    Field {
        name: "published",
        ty: Ty::Period,
        meaning: "the publication date the claim's relative dates are read against: its origin's date, or else the nearest date around it (then it counts as borrowed)",
        missing: "no date is known for the origin, the citations around it or the report",
        time: None,
        get: |_, c| published(c),
    },
    Field {
        name: "printed",
        ty: Ty::Period,
        meaning: "when this account was printed: the report's own publication date (for a relayed claim, the relay's date, not the origin's)",
        missing: "the report has no date",
        time: None,
        get: |_, c| publication(c, c.printed()),
    },
    Field {
        name: "origin_published",
        ty: Ty::Period,
        meaning: "when the origin wrote it: the origin's own publication date (`per X published D:`, or the report's date when the report is the origin's own); never a relay's or borrowed date",
        missing: "the origin's date is not given",
        time: None,
        get: |_, c| publication(c, c.origin_published()),
    },
    Field {
        name: "year_conflict",
        ty: Ty::Str,
        meaning: "for a claim of an undated article whose year the corpus gives conflicting evidence for: what each piece of evidence says (the dates stay unresolved)",
        missing: "no conflicting evidence",
        time: None,
        get: |k, c| match c.anchor.source {
            Some(AnchorSource::Inference(i))
                if k.inferences.get(i as usize).is_some_and(|n| n.year.is_none()) =>
            {
                Ok(V::Str(Cow::Owned(k.inference_text(i))))
            }
            _ => Err(Missing),
        },
    },
    Field {
        name: "at",
        ty: Ty::Period,
        meaning: "`when` if stated, else `published`",
        missing: "both missing",
        time: Some(TimeOf::When),
        get: |_, c| stated(c, TimeOf::When).or_else(|_| published(c)),
    },
    Field {
        name: "lasting",
        ty: Ty::Duration,
        meaning: "the stated duration",
        missing: "no `lasting`",
        time: None,
        get: |_, c| opt(c.rare().lasting(), |(d, _)| V::Duration(*d)),
    },
    Field {
        name: "status",
        ty: Ty::Str,
        meaning: "`expected`, `signed`, `in-force` or `ended`",
        missing: "no `status`",
        time: None,
        get: |_, c| opt(c.status, |s| text(s.as_str())),
    },
    Field {
        name: "extends",
        ty: Ty::ListStr,
        meaning: "the labels of the plans this one extends (`extends ap-2018, ap-2022`), in lower case like `label`",
        missing: "never (possibly empty)",
        time: None,
        get: |_, c| {
            Ok(V::Strs(Cow::Owned(
                c.rare().extends().iter().map(|(l, _)| l.clone()).collect(),
            )))
        },
    },
    Field {
        name: "during",
        ty: Ty::Str,
        meaning: "the label of the parent event, in lower case like `label`",
        missing: "no `during`",
        time: None,
        get: |_, c| opt(c.rare().during(), |(l, _)| text(l)),
    },
    Field {
        name: "after",
        ty: Ty::Str,
        meaning: "the label of the event this one followed (`after LABEL`), in lower case like `label`",
        missing: "no `after`",
        time: None,
        get: |_, c| opt(c.rare().after(), |(l, _)| text(l)),
    },
    Field {
        name: "before",
        ty: Ty::Str,
        meaning: "the label of the event this one came before (`before LABEL`), in lower case like `label`",
        missing: "no `before`",
        time: None,
        get: |_, c| opt(c.rare().before(), |(l, _)| text(l)),
    },
    Field {
        name: "topics",
        ty: Ty::ListStr,
        meaning: "the topics",
        missing: "never: a claim without topics has the empty list",
        time: None,
        get: |_, c| Ok(V::Strs(Cow::Borrowed(c.rare().topics()))),
    },
    Field {
        name: "start_weekday",
        ty: Ty::Weekday,
        meaning: "the weekday written next to the start (or only) date of `when`: `on 2024-06-29 (Friday)`",
        missing: "none written",
        time: None,
        get: |_, c| weekday_stated(&c.when, End::Start),
    },
    Field {
        name: "end_weekday",
        ty: Ty::Weekday,
        meaning: "the weekday written next to the end date of `when`",
        missing: "none written",
        time: None,
        get: |_, c| weekday_stated(&c.when, End::End),
    },
    Field {
        name: "arriving_weekday",
        ty: Ty::Weekday,
        meaning: "the weekday of the arrival: written next to it, or the arrival itself (`arriving Wednesday`), or else the weekday of the arrival day when that day is known exactly",
        missing: "none of these",
        time: None,
        get: |_, c| {
            let a = c.rare().arriving().ok_or(Missing)?;
            a.weekdays()
                .first()
                .map(|s| s.weekday)
                .or(a.weekday_only())
                .or_else(|| {
                    a.period
                        .start
                        .is_precise()
                        .then(|| crate::calendar::weekday(a.period.start.earliest))
                })
                .map(V::Weekday)
                .ok_or(Missing)
        },
    },
    Field {
        name: "text",
        ty: Ty::Str,
        meaning: "the claim in canonical form, as `verify fmt` writes it: `event e: g on 2024-06-29 (Friday)`",
        missing: "never",
        time: None,
        get: |k, c| Ok(text(k.claim_text(c))),
    },
];

/// The fields of an entity.
pub static ENTITY: &[Field<Entity>] = &[
    Field {
        name: "id",
        ty: Ty::Str,
        meaning: "the declared id, as written",
        missing: "never",
        time: None,
        get: |_, e| Ok(text(&e.id)),
    },
    Field {
        name: "name",
        ty: Ty::Str,
        meaning: "the display name",
        missing: "never",
        time: None,
        get: |_, e| Ok(text(&e.name)),
    },
    Field {
        name: "names",
        ty: Ty::ListStr,
        meaning: "the name and every alias",
        missing: "never",
        time: None,
        get: |_, e| {
            Ok(V::Strs(Cow::Owned(
                std::iter::once(e.name.clone())
                    .chain(e.aliases.iter().cloned())
                    .collect(),
            )))
        },
    },
    Field {
        name: "kind",
        ty: Ty::Str,
        meaning: "`person`, `org`, `country`, `city`, `place`, `office` or `event`",
        missing: "never",
        time: None,
        get: |_, e| Ok(text(e.kind.as_str())),
    },
    Field {
        name: "within",
        ty: Ty::Entity,
        meaning: "the country or organisation it belongs to (`in` or `of`)",
        missing: "not declared",
        time: None,
        get: |_, e| opt(e.within, V::Entity),
    },
    Field {
        name: "sole",
        ty: Ty::Truth,
        meaning: "definitely for an office declared `sole` (one holder at a time), never otherwise",
        missing: "never",
        time: None,
        get: |_, e| Ok(truth(e.sole)),
    },
];

/// The fields of an outlet.
pub static OUTLET: &[Field<Outlet>] = &[
    Field {
        name: "id",
        ty: Ty::Str,
        meaning: "the declared id",
        missing: "never",
        time: None,
        get: |_, o| Ok(text(&o.id)),
    },
    Field {
        name: "name",
        ty: Ty::Str,
        meaning: "the display name",
        missing: "never",
        time: None,
        get: |_, o| Ok(text(&o.name)),
    },
    Field {
        name: "kind",
        ty: Ty::Str,
        meaning: "`daily`, `weekly`, `magazine`, `site`, `agency`, `broadcaster` or `official`",
        missing: "not declared",
        time: None,
        get: |_, o| opt(o.kind, |k| text(k.as_str())),
    },
    Field {
        name: "country",
        ty: Ty::Str,
        meaning: "the country code, as written",
        missing: "not declared",
        time: None,
        get: |_, o| opt(o.country.as_deref(), text),
    },
];

/// The people of a claim (the field `people`): the terms that are people or organisations,
/// and the `with` entities, without duplicates, in declaration order (entity ids are given
/// in the order of the declarations); also what the engine's column of it holds.
pub fn people(corpus: &Corpus, c: &Claim) -> Vec<EntityId> {
    let mut v: Vec<EntityId> = c
        .terms
        .iter()
        .filter_map(|t| match t {
            Value::Entity(e)
                if matches!(
                    corpus.entities[*e].kind,
                    EntityKind::Person | EntityKind::Org
                ) =>
            {
                Some(*e)
            }
            _ => None,
        })
        .collect();
    v.extend(&c.with);
    v.sort_unstable();
    v.dedup();
    v
}
