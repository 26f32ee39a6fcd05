//! The claims a sentence makes, as far as they can be told: its kind from the language's cue
//! words (the first in the sentence), its terms from the names linked in it, its time from the
//! expressions found. A claim is written only when its terms are all there; otherwise the
//! sentence gets a `# TODO` saying what kind it seems to be and what is missing — never an
//! invented claim. `holds` is written wherever a person is named with an office beside them.

use std::collections::HashSet;

use super::lang::Lang;
use super::lex::{one_of, Kind, Token};
use super::link::{Mention, Target};
use super::time::{Found, TimeKind};
use crate::syntax::EntityKind;

/// Labels given so far in the draft, kept distinct.
#[derive(Default)]
pub struct Labels(HashSet<String>);

impl Labels {
    fn make(&mut self, parts: &[&str]) -> String {
        let base = crate::syntax::id_from_name(&parts.join("-"), "event");
        let mut label = base.clone();
        let mut n = 2;
        while !self.0.insert(label.clone()) {
            label = format!("{base}-{n}");
            n += 1;
        }
        label
    }
}

/// What one sentence gives: claim lines and `# TODO` comments, in order.
pub fn of_sentence(
    toks: &[Token],
    text: &str,
    mentions: &[Mention],
    times: &[Found],
    lang: &Lang,
    labels: &mut Labels,
) -> Vec<String> {
    let mut out = Vec::new();
    let entities: Vec<(&Mention, &str, EntityKind)> = mentions
        .iter()
        .filter_map(|m| match &m.target {
            Target::Entity { id, kind } => Some((m, id.as_str(), *kind)),
            Target::Outlet { .. } => None,
        })
        .collect();
    let people: Vec<&str> = distinct(
        entities
            .iter()
            .filter(|(_, _, k)| matches!(k, EntityKind::Person | EntityKind::Org))
            .map(|(_, id, _)| *id),
    );
    let persons: Vec<(&Mention, &str)> = entities
        .iter()
        .filter(|(_, _, k)| *k == EntityKind::Person)
        .map(|(m, id, _)| (*m, *id))
        .collect();
    let places: Vec<(&Mention, &str)> = entities
        .iter()
        .filter(|(_, _, k)| k.is_location())
        .map(|(m, id, _)| (*m, *id))
        .collect();
    // `holds`: an office with its holder beside it — the person just before it (`X, director
    // general of …`), else the one just after (`the director general of …, X`).
    for (o, office, k) in &entities {
        if *k != EntityKind::Office {
            continue;
        }
        let before = entities.iter().rev().find(|(m, _, pk)| {
            *pk == EntityKind::Person
                && m.toks.end <= o.toks.start
                && m.toks.end + 3 >= o.toks.start
        });
        let after = entities.iter().find(|(m, _, pk)| {
            *pk == EntityKind::Person
                && m.toks.start >= o.toks.end
                && m.toks.start <= o.toks.end + 4
        });
        if let Some((_, who, _)) = before.or(after) {
            let line = format!("holds {who} {office}");
            if !out.contains(&line) {
                out.push(line);
            }
        }
    }
    let time = times.iter().find(|t| t.kind != TimeKind::Duration);
    let mut event_timed = false;
    // `event`: a declared event named with a time (`the Olympics, from 26 July to 11
    // August`), where it is held when a place is named too.
    if let Some(t) = time {
        for (_, id, k) in &entities {
            if *k != EntityKind::Event {
                continue;
            }
            let mut line = format!("event {}: {id}", labels.make(&[id]));
            if let Some((_, place)) = places.first() {
                line.push_str(&format!(" in {place}"));
            }
            if t.value.starts_with("from ") {
                line.push_str(&format!(" {}", t.value));
            } else {
                line.push_str(&format!(" on {}", t.value));
            }
            out.push(line);
            event_timed = true;
            break;
        }
    }
    // The time was the event's: the sentence's other claims do not get it.
    let time = time.filter(|_| !event_timed);
    let lasting = times.iter().find(|t| t.kind == TimeKind::Duration);
    let on = time.map(|t| {
        if t.value.starts_with("from ") {
            t.value.clone()
        } else {
            format!("on {}", t.value)
        }
    });
    // The kinds the sentence's cue words suggest, in the order they come; each is written
    // when its terms are found (a visit and the meeting during it), a TODO when none is.
    let mut kinds: Vec<(&'static str, usize)> = lang
        .kinds
        .iter()
        .filter_map(|(k, cues)| {
            (0..toks.len())
                .find(|&i| one_of(toks, i, cues).is_some())
                .map(|i| (*k, i))
        })
        .collect();
    kinds.sort_by_key(|(_, i)| *i);
    if kinds.is_empty() {
        return out;
    }
    // Quoted texts that are not an outlet's name (`وفق صحيفة “لا ليبر”`).
    let quoted: Vec<String> = quoted(toks, text)
        .into_iter()
        .filter(|(r, _)| {
            !mentions.iter().any(|m| {
                matches!(m.target, Target::Outlet { .. })
                    && m.span.start < r.end
                    && r.start < m.span.end
            })
        })
        .map(|(_, q)| q)
        .collect();
    // A plan's or an agreement's name says which it is (`“خطة عمل 2025-2026”`).
    let named_kind = quoted.first().and_then(|q| {
        let qt = super::lex::tokens(q);
        ["plan", "agreement"].into_iter().find(|k| {
            lang.kinds
                .iter()
                .any(|(kk, cues)| kk == k && (0..qt.len()).any(|i| one_of(&qt, i, cues).is_some()))
        })
    });
    let with_time = |mut line: String, lasting_ok: bool| {
        if let Some(on) = &on {
            line.push(' ');
            line.push_str(on);
        }
        if let (Some(l), true) = (lasting, lasting_ok) {
            line.push_str(&format!(" lasting {}", l.value));
        }
        line
    };
    let mut todos = Vec::new();
    let mut named_done = false;
    for (kind, cue_at) in kinds {
        let before = out.len();
        let kind = match kind {
            "plan" | "agreement" if named_done => continue,
            "plan" | "agreement" => named_kind.unwrap_or(kind),
            k => k,
        };
        match kind {
            "visit" => {
                // The place after `to` (`إلى`, `en`), else the first place named.
                let to = places
                    .iter()
                    .find(|(m, _)| {
                        m.toks.start > 0 && one_of(toks, m.toks.start - 1, &lang.place_to).is_some()
                    })
                    .or(places.first());
                // The visitor: a person named just before the cue (`X visited`, `قام X
                // بزيارة`), or followed by `to` a place (`… بوستين، إلى المغرب`). Anyone
                // else named in the sentence (whom the visitor met) is not taken for them.
                let who = persons.iter().find_map(|(m, id)| {
                    let before = m.toks.end <= cue_at && m.toks.end + 6 >= cue_at;
                    let then_to = (m.toks.end..m.toks.end + 3)
                        .any(|k| one_of(toks, k, &lang.place_to).is_some());
                    (before || then_to).then_some(*id)
                });
                match (who, to) {
                    (Some(who), Some((_, place))) => {
                        let label = labels.make(&[who, "to", place]);
                        out.push(with_time(format!("visit {label}: {who} to {place}"), true));
                    }
                    (who, _) => out.push(todo(
                        "a visit",
                        &[(who.is_some(), "who"), (to.is_some(), "where to")],
                    )),
                }
            }
            "meeting" => {
                // People who met: persons (an organisation named beside them is where their
                // counterparts work, more often than a party).
                let met: Vec<&str> = distinct(persons.iter().map(|(_, id)| *id));
                // Who met whom: someone named before the cue and someone after (`X met Y`,
                // `X and Y met`), or after `between` (`a meeting between X and Y`). People only
                // listed after it (`… met, in turn, X and Y`) met the subject, not each other.
                let before = persons.iter().filter(|(m, _)| m.toks.end <= cue_at).count();
                let after = persons.len() - before;
                let between = toks.get(cue_at + 1..cue_at + 3).is_some_and(|w| {
                    w.iter()
                        .any(|t| matches!(t.word(), Some("between" | "entre" | "بين")))
                });
                let paired = (before >= 1 && after >= 1) || before >= 2 || (between && after >= 2);
                if met.len() >= 2 && paired {
                    let label = labels.make(&met[..2]);
                    let mut line = format!("meeting {label}: {}", met.join(", "));
                    if let Some((_, place)) = places.iter().find(|(m, _)| {
                        m.toks.start > 0 && one_of(toks, m.toks.start - 1, &lang.place_in).is_some()
                    }) {
                        line.push_str(&format!(" in {place}"));
                    }
                    out.push(with_time(line, true));
                } else {
                    out.push(todo("a meeting", &[(false, "two people")]));
                }
            }
            "plan" | "agreement" => {
                let parties: Vec<&str> = distinct(
                    entities
                        .iter()
                        .filter(|(_, _, k)| matches!(k, EntityKind::Country | EntityKind::Org))
                        .map(|(_, id, _)| *id),
                );
                match quoted.first() {
                    Some(name) if !parties.is_empty() => {
                        let label = labels.make(&[kind, name]);
                        let mut line = format!(
                            "{kind} {label}: {} parties {}",
                            quote(name),
                            parties.join(", ")
                        );
                        if let Some(t) = time {
                            if kind == "agreement" && t.kind == TimeKind::Date {
                                line.push_str(&format!(" signed {}", t.value));
                            } else if t.value.starts_with("from ") {
                                line.push(' ');
                                line.push_str(&t.value);
                            }
                        }
                        out.push(line);
                    }
                    name => out.push(todo(
                        if kind == "plan" {
                            "a plan"
                        } else {
                            "an agreement"
                        },
                        &[
                            (name.is_some(), "its name in quotes"),
                            (!parties.is_empty(), "its parties"),
                        ],
                    )),
                }
            }
            "award" => {
                let award = quoted
                    .first()
                    .cloned()
                    .or_else(|| words_from(toks, text, cue_at));
                match (people.first(), award) {
                    (Some(who), Some(award)) => {
                        let label = labels.make(&["award", who]);
                        let mut line = format!("award {label}: {who} {}", quote(&award));
                        if let Some(t) = time.filter(|t| t.kind == TimeKind::Date) {
                            line.push_str(&format!(" on {}", t.value));
                        }
                        out.push(line);
                    }
                    (who, award) => out.push(todo(
                        "an award",
                        &[(who.is_some(), "who"), (award.is_some(), "the award")],
                    )),
                }
            }
            _ => {}
        }
        if out.len() > before && out[before..].iter().any(|l| !l.starts_with('#')) {
            if matches!(kind, "plan" | "agreement") {
                named_done = true;
            }
        } else {
            // Not written: said once, after the claims that were.
            todos.extend(out.drain(before..));
        }
    }
    if out
        .iter()
        .all(|l| l.starts_with("holds ") || l.starts_with('#'))
    {
        out.extend(todos.into_iter().take(1));
    }
    out
}

fn distinct<'a>(ids: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let mut out: Vec<&str> = Vec::new();
    for id in ids {
        if !out.contains(&id) {
            out.push(id);
        }
    }
    out
}

fn todo(what: &str, parts: &[(bool, &str)]) -> String {
    let missing: Vec<&str> = parts
        .iter()
        .filter(|(ok, _)| !ok)
        .map(|(_, s)| *s)
        .collect();
    format!(
        "# TODO: {what}? not written: no {} found",
        missing.join(", no ")
    )
}

/// A text as a claims-language string.
pub fn quote(s: &str) -> String {
    let mut out = String::new();
    crate::syntax::format::string(&mut out, s);
    out
}

/// Texts in quotes in the sentence (« », “ ”, " "), with their bytes in the article
/// (quotes included).
fn quoted(toks: &[Token], text: &str) -> Vec<(std::ops::Range<usize>, String)> {
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    for (k, t) in toks.iter().enumerate() {
        let Kind::Punct(c) = t.kind else { continue };
        match (open, c) {
            (None, '«' | '“' | '"' | '„' | '”') => open = Some(k),
            (Some(o), '»' | '”' | '"' | '“') if k > o + 1 => {
                let s = text[toks[o + 1].span.start..toks[k - 1].span.end].trim();
                if !s.is_empty() && s.chars().count() <= 120 {
                    out.push((toks[o].span.start..t.span.end, s.to_owned()));
                }
                open = None;
            }
            _ => {}
        }
    }
    out
}

/// The words from token `i` to the next punctuation (at most 8): the name of a medal.
fn words_from(toks: &[Token], text: &str, i: usize) -> Option<String> {
    let mut end = i;
    while end < toks.len() && end < i + 8 && toks[end].word().is_some() {
        end += 1;
    }
    (end > i + 1).then(|| text[toks[i].span.start..toks[end - 1].span.end].to_owned())
}
