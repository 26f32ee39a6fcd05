//! `verify draft`: a first claims file from an article's own text, for an editor to correct
//! rather than write. Rule-based and data-driven: each language's words are a data file
//! (`lang/LL.toml`, built in), the matching is shared:
//!
//! - [`text`] drops debris and finds the dateline, title, byline, credit and sentences;
//! - [`time`] finds temporal expressions and writes them as the claims language does;
//! - [`link`] links names to declared entities and outlets;
//! - [`attrib`] finds who the article says said what (`per` blocks, nested for relays);
//! - [`claims`] writes the claims a sentence makes when all their terms are there.
//!
//! What it cannot tell stays a `# TODO` comment, never an invented claim; names it finds but
//! cannot link (outlets it cites) are declared at the top, marked `# TODO: check`, so the
//! draft checks on its own or beside the declarations it was linked against.

pub mod attrib;
pub mod claims;
pub mod lang;
pub mod lex;
pub mod link;
pub mod text;
pub mod time;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::ops::Range;

use crate::model::Corpus;
use crate::syntax::DateOrder;
use attrib::Source;
pub use lang::Code;

/// What the caller knows about the article.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// The article's language; found from its text when not given.
    pub lang: Option<Code>,
    /// The publishing outlet's id.
    pub outlet: Option<String>,
    /// The publication date (`2025-04-12`, `unknown`); else the dateline's.
    pub published: Option<String>,
    pub date_order: DateOrder,
    /// The article's file name, for the header comment.
    pub name: String,
}

/// An attribution as the evaluation sees it: the credited outlet and the one it came through.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Credited {
    pub span: Range<usize>,
    pub outlet: String,
    pub within: Option<String>,
}

/// A draft, and what was found on the way.
#[derive(Debug)]
pub struct Draft {
    /// The claims file.
    pub text: String,
    pub lang: Code,
    pub times: Vec<time::Found>,
    pub attributions: Vec<Credited>,
    /// How many claim lines and `# TODO`s it holds.
    pub claims: usize,
    pub todos: usize,
}

/// Which language an article is in, from its letters and commonest words.
pub fn detect(text: &str) -> Code {
    let arabic = text
        .chars()
        .filter(|c| ('\u{600}'..='\u{6ff}').contains(c))
        .count();
    let letters = text.chars().filter(|c| c.is_alphabetic()).count().max(1);
    if arabic * 3 > letters {
        return Code::Ar;
    }
    let count = |words: &[&str]| {
        lex::tokens(text)
            .iter()
            .filter(|t| t.word().is_some_and(|w| words.contains(&w)))
            .count()
    };
    let fr = count(&[
        "le", "la", "les", "des", "du", "et", "est", "une", "dans", "selon",
    ]);
    let en = count(&[
        "the",
        "of",
        "and",
        "is",
        "was",
        "in",
        "to",
        "according",
        "with",
    ]);
    if fr > en {
        Code::Fr
    } else {
        Code::En
    }
}

/// New declarations the draft needs: names it found but could not link.
#[derive(Default)]
struct New {
    /// id → declaration line.
    lines: BTreeMap<String, String>,
    /// name (folded) → id.
    ids: BTreeMap<String, String>,
    taken: std::collections::HashSet<String>,
}

impl New {
    fn outlet(&mut self, name: &str) -> String {
        self.declare("outlet", name, None)
    }

    /// Declares a name once (by its folded form): the id made from the name, the
    /// declaration marked for checking.
    fn declare(&mut self, kind: &str, name: &str, alias: Option<&str>) -> String {
        let key = crate::model::names::fold(name);
        if let Some(id) = self.ids.get(&key) {
            return id.clone();
        }
        let mut id = crate::syntax::id_from_name(name, kind);
        let base = id.clone();
        let mut n = 2;
        while self.taken.contains(&id) {
            id = format!("{base}-{n}");
            n += 1;
        }
        self.taken.insert(id.clone());
        let aka = alias
            .map(|a| format!(" aka {}", claims::quote(&clean(a))))
            .unwrap_or_default();
        self.lines.insert(
            id.clone(),
            format!(
                "{kind} {id} {}{aka} # TODO: check",
                claims::quote(&clean(name))
            ),
        );
        self.ids.insert(key, id.clone());
        id
    }
}

/// Text for a comment or a quoted string: one line, no control characters.
fn clean(s: &str) -> String {
    let one: String = s
        .chars()
        .map(|c| {
            if c.is_control() || crate::diag::unsafe_char(c) {
                ' '
            } else {
                c
            }
        })
        .collect();
    one.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Drafts a claims file from `article`, linking names against `decls` when given.
pub fn draft(article: &str, opts: &Options, decls: Option<&Corpus>) -> Draft {
    let code = opts.lang.unwrap_or_else(|| detect(article));
    let lang = lang::Lang::get(code);
    let names = decls.map(link::Names::of).unwrap_or_default();
    let a = text::read_with(article, lang, opts.date_order);
    let mut new = New::default();
    if let Some(c) = decls {
        new.taken.extend(c.outlets.iter().map(|o| o.id.clone()));
        new.taken.extend(c.entities.iter().map(|e| e.id.clone()));
    }
    // An outlet as named: declared, declared now, or the one credited last.
    let resolve = |new: &mut New, s: &Source, previous: &Option<String>| match s {
        Source::Declared(id) => Some(id.clone()),
        Source::Named(n) => Some(new.outlet(n)),
        Source::Previous => previous.clone(),
    };
    let mut previous: Option<String> = None;
    // Who published it: --outlet, else the byline linked or declared.
    let outlet = match (&opts.outlet, &a.byline) {
        (Some(o), _) => {
            let known = decls.is_some_and(|c| c.outlets.iter().any(|x| &x.id == o));
            if !known && !new.taken.contains(o) {
                new.taken.insert(o.clone());
                new.lines.insert(
                    o.clone(),
                    format!("outlet {o} {} # TODO: check", claims::quote(o)),
                );
            }
            o.clone()
        }
        (None, Some(b)) => {
            let toks = lex::tokens(&article[b.clone()]);
            match names.find(&toks).into_iter().find(|m| {
                matches!(m.target, link::Target::Outlet { .. }) && m.toks == (0..toks.len())
            }) {
                Some(m) => m.target.id().to_owned(),
                None => new.outlet(&article[b.clone()]),
            }
        }
        (None, None) => new.outlet("TODO: the outlet that published the article"),
    };
    let published = opts
        .published
        .clone()
        .or_else(|| a.dateline.as_ref().map(|d| d.0.clone()))
        .unwrap_or_else(|| "unknown".to_owned());
    // The credit at the foot: everything came through it.
    let credit: Option<String> = a.credit.as_ref().map(|(_, name)| {
        let toks = lex::tokens(&article[name.clone()]);
        let ms = names.find(&toks);
        match ms
            .iter()
            .find(|m| matches!(m.target, link::Target::Outlet { .. }))
        {
            Some(m) => m.target.id().to_owned(),
            None => new.outlet(&article[name.clone()]),
        }
    });
    let mut times = Vec::new();
    let mut attributions = Vec::new();
    if let (Some(c), Some((line, _))) = (&credit, &a.credit) {
        attributions.push(Credited {
            span: line.clone(),
            outlet: c.clone(),
            within: None,
        });
    }
    let mut labels = claims::Labels::default();
    let mut written = std::collections::HashSet::new();
    // Sentences with their chain (outer to inner outlet ids) and lines.
    let mut blocks: Vec<(Vec<String>, Vec<String>)> = Vec::new();
    let mut last: Option<(usize, Vec<String>)> = None;
    let (mut n_claims, mut n_todos) = (0, 0);
    for (range, para) in &a.sentences {
        let sentence = &article[range.clone()];
        let mut toks = lex::tokens(sentence);
        for t in &mut toks {
            t.span = t.span.start + range.start..t.span.end + range.start;
        }
        let mentions = names.find(&toks);
        let found = time::find(&toks, lang, opts.date_order);
        let attrs = attrib::find(&toks, article, &mentions, lang);
        // Each attribution: (outlet, the outlet it came through).
        let mut resolved: Vec<(Range<usize>, String, Option<String>)> = Vec::new();
        for at in &attrs {
            let Some(id) = resolve(&mut new, &at.source, &previous) else {
                continue;
            };
            let within = match &at.within {
                Some(w) => resolve(&mut new, w, &previous),
                None => credit.clone().filter(|c| *c != id),
            };
            // `the paper` after `X, citing Y` is X: a relayed outlet is not the last one
            // the article itself credited.
            previous = match (&at.within, &within) {
                (Some(_), Some(w)) => Some(w.clone()),
                _ => Some(id.clone()),
            };
            resolved.push((at.span.clone(), id, within));
        }
        let mut chain: Vec<String> = credit.iter().cloned().collect();
        // The sentence's words are those of the innermost outlet it names.
        let inner = resolved
            .iter()
            .find(|(_, _, w)| w.is_some() && w != &credit)
            .or(resolved.first());
        if let Some((_, id, within)) = inner {
            if let Some(w) = within {
                if chain.last() != Some(w) {
                    chain.push(w.clone());
                }
            }
            if chain.last() != Some(id) && *id != outlet {
                chain.push(id.clone());
            }
        } else if let Some((p, c)) = &last {
            // A sentence with no cue goes on with the one before it, in its paragraph.
            if p == para {
                chain = c.clone();
            }
        }
        for (span, outlet, within) in resolved {
            attributions.push(Credited {
                span,
                outlet,
                within,
            });
        }
        last = Some((*para, chain.clone()));
        // Names no declaration has: declared for the editor to check (not used in claims:
        // a wrong kind would make a wrong claim).
        for u in link::unlinked(&toks, article, &mentions, lang) {
            if decls.is_none_or(|c| !declared_name(c, &u.name)) {
                new.declare(u.kind.as_str(), &u.name, u.alias.as_deref());
            }
        }
        let mut lines = claims::of_sentence(&toks, article, &mentions, &found, lang, &mut labels);
        // A claim said again in the same words (no new date) is written once.
        lines.retain(|l| l.starts_with('#') || written.insert(claim_key(l)));
        if !lines.is_empty() || !found.is_empty() {
            let mut out = vec![format!("# > {}", clean(sentence))];
            if lines.iter().all(|l| l.starts_with('#')) && !found.is_empty() {
                let said: Vec<String> = found
                    .iter()
                    .map(|f| format!("{} = {}", clean(&article[f.span.clone()]), f.value))
                    .collect();
                out.push(format!("# time: {}", said.join("; ")));
            }
            for l in &lines {
                if l.starts_with('#') {
                    n_todos += 1;
                } else {
                    n_claims += 1;
                }
            }
            out.extend(lines);
            match blocks.last_mut() {
                Some((c, ls)) if *c == chain => ls.extend(out),
                _ => blocks.push((chain, out)),
            }
        }
        times.extend(found);
    }
    // The file.
    let mut f = String::new();
    let _ = writeln!(
        f,
        "# Drafted by `verify draft` from {} ({}): check every line against the article.",
        clean(&opts.name),
        lang_name(code)
    );
    let _ = writeln!(
        f,
        "# Each claim has its sentence above it (`# >`); what could not be told is a `# TODO`."
    );
    if !new.lines.is_empty() {
        f.push('\n');
        for l in new.lines.values() {
            f.push_str(l);
            f.push('\n');
        }
    }
    f.push('\n');
    let id = report_id(&outlet, &published);
    let _ = write!(
        f,
        "report {id} by {outlet} published {published} lang {}",
        code.as_str()
    );
    if let Some(t) = &a.title {
        let _ = write!(f, " title {}", claims::quote(&clean(&article[t.clone()])));
    }
    f.push('\n');
    let mut open: Vec<String> = Vec::new();
    for (chain, lines) in blocks {
        // Close the blocks this chain does not share, open its own.
        let shared = open.iter().zip(&chain).take_while(|(a, b)| a == b).count();
        open.truncate(shared);
        for o in &chain[shared..] {
            let _ = writeln!(f, "{}per {o}:", "  ".repeat(open.len() + 1));
            open.push(o.clone());
        }
        let indent = "  ".repeat(open.len() + 1);
        for l in lines {
            let _ = writeln!(f, "{indent}{l}");
        }
    }
    Draft {
        text: f,
        lang: code,
        times,
        attributions,
        claims: n_claims,
        todos: n_todos,
    }
}

/// What a claim line says, without its label: `visit hammouchi to FR on …`.
fn claim_key(line: &str) -> String {
    match line.split_once(':') {
        Some((head, rest)) => format!("{}{rest}", head.split(' ').next().unwrap_or("")),
        None => line.to_owned(),
    }
}

/// Whether a corpus declares this name (or alias) for anything.
fn declared_name(c: &Corpus, name: &str) -> bool {
    let key = crate::model::names::fold(name);
    c.entities
        .iter()
        .flat_map(|e| std::iter::once(&e.name).chain(&e.aliases))
        .chain(
            c.outlets
                .iter()
                .flat_map(|o| std::iter::once(&o.name).chain(&o.aliases)),
        )
        .any(|n| crate::model::names::fold(n) == key)
}

fn lang_name(c: Code) -> &'static str {
    match c {
        Code::En => "English",
        Code::Fr => "French",
        Code::Ar => "Arabic",
    }
}

fn report_id(outlet: &str, published: &str) -> String {
    if published == "unknown" {
        format!("{outlet}-draft")
    } else {
        format!("{outlet}-{published}")
    }
}
