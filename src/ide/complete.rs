//! Completion: what may be written at the cursor, read from the line before it. At the
//! start of a line, the keywords its depth allows (declarations and `report` at the top,
//! claim kinds and `per` inside a report); after `by` or `per`, outlets; after `during`,
//! `extends`, `after` and `before`, event labels; where a claim's terms go, the entities of
//! the kinds each term must be (`holds`: a person, then an office); after `to`, `in` or
//! `coming from`, places; elsewhere on a claim line, the qualifiers its kind accepts and
//! has not used yet. A declared entity is offered by its id and found by any of its names
//! (typing `حموشي` offers `hammouchi`).

use crate::diag::Span;
use crate::model::names::fold;
use crate::syntax::{EntityKind, Ident, OutletKind, Status, Str, Term, TermSpec, KINDS};

use super::Analysis;

/// What a completion is, for the editor's icon.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Keyword,
    Entity,
    Outlet,
    Label,
    Value,
}

/// One thing that may be written at the cursor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Completion {
    /// What is inserted (and shown).
    pub label: String,
    pub kind: Kind,
    /// What it is: `person — Abdellatif Hammouchi`.
    pub detail: String,
}

/// Qualifiers that may be written more than once on a claim.
const REPEATABLE: &[&str] = &["topic", "note"];
const DECLARATIONS: &[&str] = &[
    "outlet", "person", "org", "country", "city", "place", "office", "event", "report",
];
const PLACES: &[EntityKind] = &[EntityKind::Country, EntityKind::City, EntityKind::Place];
const PARTIES: &[EntityKind] = &[EntityKind::Country, EntityKind::Org, EntityKind::Person];

/// The completions at `offset` of `text` (the file as the editor has it), and the byte
/// range of the word being typed, which a completion replaces.
pub fn complete(
    a: &Analysis,
    text: &str,
    offset: usize,
) -> (std::ops::Range<usize>, Vec<Completion>) {
    let offset = floor_boundary(text, offset.min(text.len()));
    let line_start = text[..offset].rfind('\n').map_or(0, |n| n + 1);
    let before = &text[line_start..offset];
    // Nothing is offered inside a comment or an open quote.
    let (unquoted, open) = outside_quotes(before);
    if open || super::actions::comment_start(before).is_some() {
        return (offset..offset, Vec::new());
    }
    let partial_len = before
        .chars()
        .rev()
        .take_while(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'))
        .map(char::len_utf8)
        .sum::<usize>();
    let partial = &before[before.len() - partial_len..];
    let replace = offset - partial_len..offset;
    let head = &before[..before.len() - partial_len];
    let indented = head.starts_with([' ', '\t']);
    // Words of the line before the cursor, quoted texts left out (`topic "to"` uses no `to`).
    let unquoted_head = &unquoted[..unquoted.len().min(head.len())];
    let words: Vec<&str> = unquoted_head
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    let mut out = Vec::new();
    let keywords = |out: &mut Vec<Completion>, words: &[&str], what: &str| {
        for w in words {
            out.push(Completion {
                label: (*w).to_owned(),
                kind: Kind::Keyword,
                detail: what.to_owned(),
            });
        }
    };
    let Some(&first) = words.first() else {
        if indented {
            let kinds: Vec<&str> = KINDS.iter().map(|k| k.keyword).collect();
            keywords(&mut out, &kinds, "claim");
            keywords(
                &mut out,
                &["per"],
                "attribution: what follows, indented, this outlet said",
            );
        } else {
            keywords(&mut out, DECLARATIONS, "declaration");
        }
        return (replace, filter(out, partial));
    };
    let prev = words.last().copied().unwrap_or("");
    match first {
        "report" => match prev {
            "by" => outlets(a, &mut out),
            "published" => keywords(&mut out, &["unknown"], "no publication date"),
            _ if words.len() >= 2 => keywords(
                &mut out,
                &["by", "published", "lang", "url", "title"],
                "report",
            ),
            _ => {}
        },
        "per" if !head.contains(':') => {
            if words.len() == 1 {
                outlets(a, &mut out);
            } else if !head.contains("published") {
                keywords(&mut out, &["published"], "the cited outlet's own date");
            }
        }
        "per" => {}
        "outlet" => match prev {
            "kind" => {
                let kinds: Vec<&str> = OutletKind::ALL.iter().map(|(_, s)| *s).collect();
                keywords(&mut out, &kinds, "outlet kind");
            }
            _ if words.len() >= 3 => keywords(
                &mut out,
                &["aka", "country", "lang", "kind", "url"],
                "outlet",
            ),
            _ => {}
        },
        _ if EntityKind::ALL.iter().any(|(_, s)| *s == first) && !indented => match prev {
            "in" => entities(
                a,
                &mut out,
                &[
                    EntityKind::Country,
                    EntityKind::City,
                    EntityKind::Place,
                    EntityKind::Org,
                ],
            ),
            "of" => entities(a, &mut out, &[EntityKind::Country, EntityKind::Org]),
            _ if words.len() >= 2 && head.contains('"') => {
                // What each kind of declaration may say after its name.
                let quals: &[&str] = match first {
                    "office" => &["aka", "of", "sole"],
                    "city" | "place" | "org" => &["aka", "in"],
                    _ => &["aka"],
                };
                let unused: Vec<&str> = quals
                    .iter()
                    .copied()
                    .filter(|q| *q == "aka" || !words.contains(q))
                    .collect();
                keywords(&mut out, &unused, "declaration");
            }
            _ => {}
        },
        _ => {
            if let Some(spec) = KINDS.iter().find(|k| k.keyword == first) {
                claim(a, spec, &words, head, &mut out);
            }
        }
    }
    (replace, filter(out, partial))
}

/// What may come next on a claim line.
fn claim(
    a: &Analysis,
    spec: &crate::syntax::KindSpec,
    words: &[&str],
    head: &str,
    out: &mut Vec<Completion>,
) {
    // A quoted text just before the cursor is a word too (blanked from `words`).
    let prev = if head.trim_end().ends_with('"') {
        "\""
    } else {
        *words.last().unwrap_or(&"")
    };
    let people = crate::syntax::PEOPLE;
    let last_qual = words
        .iter()
        .rev()
        .find(|w| spec.quals.contains(w) || **w == "coming");
    // `from 26 June to …`: `to` is part of the range, a date follows.
    let before_prev = words[..words.len().saturating_sub(1)]
        .iter()
        .rev()
        .find(|w| spec.quals.contains(w));
    if matches!(before_prev.copied(), Some("from")) && matches!(prev, "to" | "until") {
        return;
    }
    match prev {
        "to" | "in" => return entities(a, out, PLACES),
        "coming" => {
            return out.push(Completion {
                label: "from".to_owned(),
                kind: Kind::Keyword,
                detail: "where the visitor came from".to_owned(),
            })
        }
        "from" if words.len() >= 2 && words[words.len() - 2] == "coming" => {
            return entities(a, out, PLACES)
        }
        "by" => return entities(a, out, PARTIES),
        "with" => return entities(a, out, people),
        "parties" => return entities(a, out, PARTIES),
        "during" | "after" | "before" | "extends" => return labels(a, out, None),
        "status" => {
            for (_, s) in Status::ALL {
                out.push(Completion {
                    label: s.to_owned(),
                    kind: Kind::Value,
                    detail: "status".to_owned(),
                });
            }
            return;
        }
        "on" | "from" | "until" | "signed" | "arriving" | "lasting" | "topic" | "note" => return,
        _ => {}
    }
    // A list goes on after a comma.
    let after_comma = head.trim_end().ends_with(',');
    if after_comma {
        match last_qual.copied() {
            Some("with") => return entities(a, out, people),
            Some("parties") => return entities(a, out, PARTIES),
            Some("extends") => return labels(a, out, None),
            _ => {}
        }
    }
    // Terms come after the label's colon (or right after the keyword) and before the
    // first qualifier.
    let colon = head.find(':');
    let terms_from = match colon {
        Some(n) => head[n + 1..]
            .split(|c: char| c.is_whitespace() || c == ',')
            .filter(|w| !w.is_empty())
            .count(),
        None => words.len() - 1,
    };
    if words.len() == 1 && colon.is_none() {
        // `visit |`: another account of an event already labelled, or the first term.
        labels(a, out, Some(spec.kind));
    }
    if last_qual.is_none() {
        if let TermSpec::Entity { kinds, .. } | TermSpec::EntityOrText { kinds, .. } =
            spec.term(terms_from)
        {
            entities(a, out, kinds);
        }
        // Qualifiers only once there are enough terms.
        if terms_from < min_terms(spec) {
            return;
        }
    }
    // A qualifier of two words (`coming from`) is used when both stand together.
    let used = |q: &str| {
        let qw: Vec<&str> = q.split(' ').collect();
        words.windows(qw.len()).any(|w| w == qw.as_slice())
    };
    // One time for a claim: `on`, `from` and `until` exclude each other.
    let timed = ["on", "from", "until"].iter().any(|t| used(t));
    for q in spec.quals {
        if timed && matches!(*q, "on" | "from" | "until") {
            continue;
        }
        if REPEATABLE.contains(q) || !used(q) {
            out.push(Completion {
                label: (*q).to_owned(),
                kind: Kind::Keyword,
                detail: format!("{} qualifier", spec.keyword),
            });
        }
    }
}

/// The fewest terms a claim of this kind has: the first count its own check accepts, with
/// each term of the form it must be.
fn min_terms(spec: &crate::syntax::KindSpec) -> usize {
    let term = |i: usize| match spec.term(i) {
        TermSpec::Text => Term::Text(Str {
            value: "x".into(),
            span: Span::new(0, 0),
        }),
        _ => Term::Id(Ident {
            text: "x",
            span: Span::new(0, 0),
        }),
    };
    (0..4)
        .find(|&n| (spec.terms_ok)(&(0..n).map(term).collect::<Vec<_>>()))
        .unwrap_or(0)
}

fn entities(a: &Analysis, out: &mut Vec<Completion>, kinds: &[EntityKind]) {
    for e in &a.corpus().entities {
        if kinds.contains(&e.kind) {
            out.push(Completion {
                label: e.id.clone(),
                kind: Kind::Entity,
                detail: names_detail(e.kind.as_str(), &e.name, &e.aliases),
            });
        }
    }
}

fn outlets(a: &Analysis, out: &mut Vec<Completion>) {
    for o in &a.corpus().outlets {
        out.push(Completion {
            label: o.id.clone(),
            kind: Kind::Outlet,
            detail: names_detail("outlet", &o.name, &o.aliases),
        });
    }
}

/// Event labels (of one claim kind, when given), each once, in the order first written.
fn labels(a: &Analysis, out: &mut Vec<Completion>, kind: Option<crate::syntax::ClaimKind>) {
    let mut seen = std::collections::HashSet::new();
    let c = a.corpus();
    for cl in &c.claims {
        let Some(l) = &cl.label else { continue };
        if kind.is_some_and(|k| k != cl.kind) || !seen.insert(fold(l)) {
            continue;
        }
        let n = c
            .claims
            .iter()
            .filter(|x| x.label.as_ref() == Some(l))
            .count();
        out.push(Completion {
            label: l.to_string(),
            kind: Kind::Label,
            detail: format!("{} event, {n} account(s)", cl.kind.as_str()),
        });
    }
}

/// `person — Abdellatif Hammouchi (aka …)`: also what a typed name is matched against.
fn names_detail(what: &str, name: &str, aliases: &[String]) -> String {
    let mut s = format!("{what} — {name}");
    if !aliases.is_empty() {
        s.push_str(&format!(" (aka {})", aliases.join(", ")));
    }
    s
}

/// The completions that fit what is typed: the id starts with it, or one of the names in
/// the detail holds it (after folding), so a name written as the article writes it finds
/// the id.
fn filter(all: Vec<Completion>, partial: &str) -> Vec<Completion> {
    if partial.is_empty() {
        return all;
    }
    let p = fold(partial);
    all.into_iter()
        .filter(|c| {
            fold(&c.label).starts_with(&p)
                || (matches!(c.kind, Kind::Entity | Kind::Outlet) && fold(&c.detail).contains(&p))
        })
        .collect()
}

/// `line` with quoted texts blanked (same length), and whether a quote is still open.
fn outside_quotes(line: &str) -> (String, bool) {
    let mut out = String::with_capacity(line.len());
    let (mut open, mut escaped) = (false, false);
    for c in line.chars() {
        let blank = open || c == '"';
        if open {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                open = false;
            }
        } else if c == '"' {
            open = true;
        }
        if blank {
            out.extend(std::iter::repeat_n(' ', c.len_utf8()));
        } else {
            out.push(c);
        }
    }
    (out, open)
}

fn floor_boundary(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}
