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

fn key_words(name: &str) -> Vec<String> {
    skeleton(name)
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
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
        let skel: Vec<Option<String>> = toks.iter().map(|t| t.word().map(skeleton)).collect();
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
