//! Names in the text linked to declared entities and outlets: every name and alias of a
//! declaration (and its id) is an entry, compared word by word after the folding duplicate
//! detection uses (`model::names::skeleton`: case, accents, the Arabic article, alef forms);
//! the first word of a mention may carry an Arabic clitic (`وحموشي`, `بالمغرب`). The longest
//! entry wins.

use std::collections::HashMap;
use std::ops::Range;

use super::lex::{readings, Token};
use crate::model::names::skeleton;
use crate::model::Corpus;
use crate::syntax::EntityKind;

/// What a mention names.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Target {
    Entity { id: String, kind: EntityKind },
    Outlet { id: String },
}

impl Target {
    pub fn id(&self) -> &str {
        match self {
            Target::Entity { id, .. } | Target::Outlet { id } => id,
        }
    }
}

/// A linked name in the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mention {
    /// Token range within the sentence.
    pub toks: Range<usize>,
    /// Bytes of the article.
    pub span: Range<usize>,
    pub target: Target,
}

/// Every declared name, by its first word's skeleton.
#[derive(Default)]
pub struct Names {
    by_first: HashMap<String, Vec<(Vec<String>, Target)>>,
}

/// A name's words as the text's are read: the article's tokens (letters and digits apart,
/// `الناظور24` is two), each word folded to its skeleton.
fn key_words(name: &str) -> Vec<String> {
    super::lex::tokens(name)
        .iter()
        .filter_map(token_key)
        .collect()
}

fn token_key(t: &Token) -> Option<String> {
    match &t.kind {
        super::lex::Kind::Word(w) => Some(skeleton(w)).filter(|k| !k.is_empty()),
        super::lex::Kind::Num(n, _) => Some(n.to_string()),
        super::lex::Kind::Punct(_) => None,
    }
}

impl Names {
    /// The names of a corpus's declarations.
    pub fn of(c: &Corpus) -> Names {
        let mut n = Names::default();
        for e in &c.entities {
            let t = Target::Entity {
                id: e.id.clone(),
                kind: e.kind,
            };
            for name in std::iter::once(&e.name)
                .chain(&e.aliases)
                .chain(std::iter::once(&e.id))
            {
                n.add(name, t.clone());
            }
        }
        for o in &c.outlets {
            let t = Target::Outlet { id: o.id.clone() };
            for name in std::iter::once(&o.name)
                .chain(&o.aliases)
                .chain(std::iter::once(&o.id))
            {
                n.add(name, t.clone());
            }
        }
        for v in n.by_first.values_mut() {
            v.sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
        }
        n
    }

    pub fn add(&mut self, name: &str, t: Target) {
        let words = key_words(name);
        // One-letter names and short ids (`MA`, `BE`) would match common words: an id must
        // be written as a name to be linked, unless it is three letters or more.
        if words.is_empty() || (words.len() == 1 && words[0].chars().count() < 3) {
            return;
        }
        let v = self.by_first.entry(words[0].clone()).or_default();
        if !v.iter().any(|(w, x)| *w == words && *x == t) {
            v.push((words, t));
        }
    }

    /// The mentions in a sentence's tokens, left to right, longest first.
    pub fn find(&self, toks: &[Token]) -> Vec<Mention> {
        let skel: Vec<Option<String>> = toks.iter().map(token_key).collect();
        let mut out = Vec::new();
        let mut i = 0;
        while i < toks.len() {
            let Some(w) = toks[i].word() else {
                i += 1;
                continue;
            };
            let mut best: Option<(usize, &Target)> = None;
            for r in readings(w) {
                let first = skeleton(r);
                let Some(cands) = self.by_first.get(&first) else {
                    continue;
                };
                for (words, t) in cands {
                    let n = words.len();
                    if best.is_some_and(|(b, _)| b >= n) {
                        continue;
                    }
                    let rest_ok = (1..n).all(|k| {
                        skel.get(i + k).and_then(Option::as_deref) == Some(words[k].as_str())
                    });
                    if rest_ok {
                        best = Some((n, t));
                    }
                }
            }
            match best {
                Some((n, t)) => {
                    out.push(Mention {
                        toks: i..i + n,
                        span: toks[i].span.start..toks[i + n - 1].span.end,
                        target: t.clone(),
                    });
                    i += n;
                }
                None => i += 1,
            }
        }
        out
    }
}

/// A name the text gives that no declaration has: a person after a title (`Minister Jane
/// Roe`, `le directeur Paul Diagne`), a Latin name in brackets after an Arabic one (`سيلين
/// برتون (Céline BERTHON)`), a place after `to`/`in`/`à`/`إلى`… (`to Lisbon`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unlinked {
    pub kind: EntityKind,
    pub name: String,
    pub alias: Option<String>,
}

/// The names in a sentence that no declaration links.
pub fn unlinked(
    toks: &[Token],
    text: &str,
    mentions: &[Mention],
    lang: &super::lang::Lang,
) -> Vec<Unlinked> {
    use super::lex::{one_of, Kind};
    let linked = |k: usize| mentions.iter().any(|m| m.toks.contains(&k));
    let capital = |k: usize| {
        toks.get(k).is_some_and(|t| {
            t.word().is_some()
                && !linked(k)
                && text[t.span.clone()]
                    .chars()
                    .next()
                    .is_some_and(char::is_uppercase)
                && !lang
                    .months
                    .iter()
                    .any(|(p, _)| p.len() == 1 && Some(p[0].as_str()) == t.word())
                && !lang
                    .weekdays
                    .iter()
                    .any(|(p, _)| p.len() == 1 && Some(p[0].as_str()) == t.word())
        })
    };
    // Capitalised words from `k`, small words joining them (`Jean de La Fontaine`).
    let joins = [
        "de", "du", "van", "von", "al", "el", "ben", "bin", "da", "la", "le",
    ];
    let run = |k: usize| {
        let mut end = k;
        let mut last = k;
        while end < toks.len() && end < k + 5 {
            let join = end > k && toks[end].word().is_some_and(|w| joins.contains(&w));
            if !(capital(end) || join) {
                break;
            }
            end += 1;
            if !join {
                last = end;
            }
        }
        last
    };
    let mut out = Vec::new();
    let mut k = 0;
    while k < toks.len() {
        let arabic_before = lang.code == super::lang::Code::Ar;
        // `سيلين برتون (Céline BERTHON)`
        if arabic_before && toks[k].is_punct('(') {
            let end = run(k + 1);
            if end >= k + 3 && toks.get(end).is_some_and(|t| t.is_punct(')')) {
                let name = text[toks[k + 1].span.start..toks[end - 1].span.end].to_owned();
                let start = k.saturating_sub(2);
                let alias = (start < k
                    && (start..k).all(|j| toks[j].word().is_some() && !linked(j)))
                .then(|| text[toks[start].span.start..toks[k - 1].span.end].to_owned());
                out.push(Unlinked {
                    kind: EntityKind::Person,
                    name,
                    alias,
                });
                k = end + 1;
                continue;
            }
        }
        if !arabic_before {
            if let Some(n) = one_of(toks, k, &lang.titles) {
                let end = run(k + n);
                if end >= k + n + 2 {
                    out.push(Unlinked {
                        kind: EntityKind::Person,
                        name: text[toks[k + n].span.start..toks[end - 1].span.end].to_owned(),
                        alias: None,
                    });
                    k = end;
                    continue;
                }
            }
            if let Some(n) = one_of(toks, k, &lang.place_to) {
                let end = run(k + n);
                if end > k + n
                    && end <= k + n + 2
                    && !matches!(toks.get(end).map(|t| &t.kind), Some(Kind::Punct('\'')))
                {
                    out.push(Unlinked {
                        kind: EntityKind::Place,
                        name: text[toks[k + n].span.start..toks[end - 1].span.end].to_owned(),
                        alias: None,
                    });
                    k = end;
                    continue;
                }
            }
        }
        k += 1;
    }
    out
}
