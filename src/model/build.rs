//! Building the [`Corpus`] from parsed documents: declaration tables, reference
//! resolution, attribution and time anchoring (see the module doc of [`crate::model`]).

use rustc_hash::FxHashMap as HashMap;

use super::names::{fold, fold_key};
use super::resolve_time::{self, Anchor, AnchorKind, AnchorSource};
use super::time::Fuzzy;
use super::*;
use crate::diag::did_you_mean;
use crate::syntax::PEOPLE;
use crate::syntax::{self, Document, Item, NameRef, Published, QualKind, Term, TermSpec};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Decl {
    Outlet(OutletId),
    Entity(EntityId),
    Report(ReportId),
}

/// What a reference must point at.
#[derive(Clone, Copy)]
enum Want<'k> {
    Outlet,
    Entity(&'k [EntityKind], &'static str),
}

const PLACES: &[EntityKind] = &[EntityKind::Country, EntityKind::City, EntityKind::Place];
const PARTIES: &[EntityKind] = &[EntityKind::Country, EntityKind::Org, EntityKind::Person];

struct Builder {
    corpus: Corpus,
    diags: Vec<Diagnostic>,
    /// Folded id → declaration (one namespace for outlets, entities and reports).
    ids: HashMap<String, (Decl, Loc)>,
    /// Folded name or alias → outlets and entities carrying it.
    names: HashMap<String, Vec<Decl>>,
    /// Reference errors not reported, per file, past [`MAX_ERRORS_PER_FILE`].
    suppressed: std::sync::Mutex<HashMap<FileId, usize>>,
}

/// At most this many reference errors are reported per file (as for syntax errors); the
/// rest are counted, and one more error says how many.
const MAX_ERRORS_PER_FILE: usize = crate::syntax::parser::MAX_ERRORS_PER_FILE;

/// One open block while walking a document.
#[derive(Clone)]
enum Frame {
    Report(ReportId),
    Per {
        outlet: OutletId,
        published: Option<Fuzzy>,
    },
    /// A block whose opening line did not resolve: its content is skipped quietly.
    Broken,
}

/// Files resolved in parallel before their claims join the corpus.
const BATCH_FILES: usize = 32;

/// What resolving the claims of one file produced, merged in file order afterwards.
#[derive(Default)]
struct FileOut {
    claims: Vec<Claim>,
    diags: Vec<Diagnostic>,
    /// `extends` and `during` labels, checked once every label is known.
    pending: Vec<(String, Loc, &'static str)>,
    /// Folded labels of claims left out because something in them did not resolve: the
    /// label was still given, so `during` and `extends` may name it.
    dropped_labels: Vec<String>,
}

/// Resolves the documents of a corpus, each with the file it was parsed from. No text is
/// given: each claim keeps its canonical text.
pub fn resolve(docs: &[(FileId, &Document)]) -> (Corpus, Vec<Diagnostic>) {
    resolve_docs(docs.to_vec(), None, Vec::new())
}

/// Keeps only the lines resolution reads before any claim: declarations of outlets and
/// entities, and reports. What is left of a file's syntax tree is small; the pipeline
/// applies it to the top-level reading of each file (`syntax::parse_top_level`), and
/// [`resolve_streamed`] reads the file's claims from a whole tree when their turn comes.
pub fn keep_declarations(doc: &mut Document) {
    doc.lines
        .retain(|l| matches!(l.item, Item::Outlet(_) | Item::Entity(_) | Item::Report(_)));
    doc.lines.shrink_to_fit();
}

/// [`resolve`] over documents cut down to their declarations and reports, each with at
/// least its number of claims (it sizes the corpus): the claims of a file are walked in a
/// syntax tree `full(file)` makes, dropped as soon as they are resolved, so at most one
/// batch of whole trees is in memory at a time, never the corpus's. [`keep_declarations`]
/// of `full(file)` must be the cut-down document, line for line (its `report` lines are
/// paired with the reports resolved from it): `syntax::parse_top_level` reads the top
/// level as the whole parse does.
///
/// `sources` holds the text each file was parsed from, by file id: the corpus keeps them,
/// and a claim written in canonical form reads its text there ([`Corpus::claim_text`]).
pub fn resolve_streamed<'a>(
    docs: Vec<(FileId, Document<'a>, usize)>,
    full: &(dyn Fn(FileId) -> Document<'a> + Sync),
    sources: Vec<Option<std::sync::Arc<String>>>,
) -> (Corpus, Vec<Diagnostic>) {
    let claims = docs.iter().map(|(_, _, n)| n).sum();
    let docs = docs.into_iter().map(|(f, d, _)| (f, d)).collect();
    resolve_docs(docs, Some((full, claims)), sources)
}

/// Where pass 3 reads a file's claims: in the document given, or in a whole tree made in
/// the file's turn (with at least the number of claims of the corpus, to size it).
type Full<'f, 'a> = Option<(&'f (dyn Fn(FileId) -> Document<'a> + Sync), usize)>;

/// Declarations and reports are collected in order first; then the claims of each file are
/// resolved in parallel against those read-only tables, and merged back in file order, so
/// the corpus and its diagnostics do not depend on the number of threads.
fn resolve_docs<'a, D>(
    docs: Vec<(FileId, D)>,
    full: Full<'_, 'a>,
    sources: Vec<Option<std::sync::Arc<String>>>,
) -> (Corpus, Vec<Diagnostic>)
where
    D: std::borrow::Borrow<Document<'a>> + Send,
{
    let mut b = Builder {
        corpus: Corpus::default(),
        diags: Vec::new(),
        ids: HashMap::default(),
        names: HashMap::default(),
        suppressed: Default::default(),
    };
    // Pass 1: declarations, so that any file may refer to what another declares.
    for (file, doc) in &docs {
        for line in &doc.borrow().lines {
            b.declare(*file, &line.item);
        }
    }
    // Pass 2: what declarations refer to, then reports (in order, for their ids).
    for (file, doc) in &docs {
        for line in &doc.borrow().lines {
            if let Item::Entity(e) = &line.item {
                b.entity_refs(*file, e);
            }
        }
    }
    let reports: Vec<Vec<Option<ReportId>>> = docs
        .iter()
        .map(|(file, doc)| {
            let file = *file;
            let mut diags = std::mem::take(&mut b.diags);
            let ids = doc
                .borrow()
                .lines
                .iter()
                .filter_map(|line| match &line.item {
                    Item::Report(r) => Some(b.report(&mut diags, file, r)),
                    _ => None,
                })
                .collect();
            b.diags = diags;
            ids
        })
        .collect();
    // Pass 3: claims, file by file in parallel; each tree is dropped once walked. Files go
    // in batches whose claims are moved into the corpus while the next batch is walked
    // (moving a million claims into fresh pages is a second of work on its own), so at most
    // two batches are held twice; the corpus is sized up front from the number of claim
    // lines. The walk reads the corpus's declarations and reports, never its claims: the
    // claims are kept apart until the last batch is in.
    let lines: usize = match full {
        Some((_, n)) => n,
        None => docs
            .iter()
            .map(|(_, d)| {
                d.borrow()
                    .lines
                    .iter()
                    .filter(|l| matches!(l.item, Item::Claim(_)))
                    .count()
            })
            .sum(),
    };
    let mut claims: Vec<Claim> = Vec::with_capacity(lines);
    let mut claim_diags = Vec::new();
    let mut pending_labels = Vec::new();
    let mut dropped_labels: Vec<String> = Vec::new();
    let mut files = docs.into_iter().zip(reports);
    let mut walked: Vec<FileOut> = Vec::new();
    loop {
        let batch: Vec<_> = files.by_ref().take(BATCH_FILES).collect();
        if batch.is_empty() && walked.is_empty() {
            break;
        }
        let keep = || {
            for out in walked.drain(..) {
                claims.extend(out.claims);
                claim_diags.extend(out.diags);
                pending_labels.extend(out.pending);
                dropped_labels.extend(out.dropped_labels);
            }
        };
        let walk = || -> Vec<FileOut> {
            use rayon::prelude::*;
            let b = &b;
            let sources = &sources;
            batch
                .into_par_iter()
                .map(|((file, doc), reports)| {
                    let source = sources
                        .get(file)
                        .and_then(Option::as_deref)
                        .map(String::as_str);
                    match full {
                        Some((full, _)) => {
                            drop(doc);
                            b.walk(file, &full(file), &reports, source)
                        }
                        None => b.walk(file, doc.borrow(), &reports, source),
                    }
                })
                .collect()
        };
        walked = rayon::join(keep, walk).1;
    }
    b.corpus.claims = claims;
    b.corpus.set_sources(sources);
    b.diags.extend(claim_diags);
    // Pass 4: `extends` and `during` name labels that may come later in the corpus. Each
    // label named is looked for among the labels of the claims (and of claims left out),
    // on every thread, in a table of the labels named only: far fewer than the claims'
    // labels, which a table of their own took a thread alone to fill.
    if !pending_labels.is_empty() {
        use rayon::prelude::*;
        use std::sync::atomic::{AtomicBool, Ordering::Relaxed};
        let keys: Vec<std::borrow::Cow<str>> =
            pending_labels.iter().map(|(l, _, _)| fold_key(l)).collect();
        let mut slot: HashMap<&str, usize> = HashMap::default();
        for key in &keys {
            let next = slot.len();
            slot.entry(key).or_insert(next);
        }
        let found: Vec<AtomicBool> = (0..slot.len()).map(|_| AtomicBool::new(false)).collect();
        let mark = |label: &str| {
            if let Some(&i) = slot.get(label) {
                found[i].store(true, Relaxed);
            }
        };
        b.corpus
            .claims
            .par_iter()
            .filter_map(|c| c.label.as_deref())
            .for_each(mark);
        dropped_labels.iter().for_each(|l| mark(l));
        // The labels a did-you-mean chooses from, sorted once the first unknown one is met.
        let mut known: Option<Vec<&str>> = None;
        for ((label, loc, kw), key) in pending_labels.iter().zip(&keys) {
            if found[slot[&**key]].load(Relaxed) {
                continue;
            }
            let known = known.get_or_insert_with(|| {
                let mut known: Vec<&str> = b
                    .corpus
                    .claims
                    .iter()
                    .filter_map(|c| c.label.as_deref())
                    .chain(dropped_labels.iter().map(String::as_str))
                    .collect();
                known.sort_unstable();
                known.dedup();
                known
            });
            let mut d = Diagnostic::error(
                "undeclared",
                loc.file,
                loc.span,
                format!("unknown event label: `{kw} {label}` names no claim label in the corpus"),
            )
            .with_label("no claim has this label");
            if let Some(m) = did_you_mean(label, known.iter().copied()) {
                d = d.with_help(crate::diag::did_you_mean_help(m));
            }
            b.diags.push(d);
        }
    }
    // Cycles that no reading can satisfy: a place inside itself, plans that extend each
    // other.
    b.diags.extend(within_cycles(&b.corpus));
    b.diags.extend(extends_cycles(&b.corpus));
    // Pass 5: years of undated articles, from evidence elsewhere in the corpus.
    let inferred = super::infer::infer_years(&mut b.corpus);
    b.diags.extend(inferred);
    let suppressed = std::mem::take(&mut *b.suppressed.lock().unwrap_or_else(|e| e.into_inner()));
    let mut suppressed: Vec<(FileId, usize)> = suppressed.into_iter().collect();
    suppressed.sort_unstable();
    for (file, n) in suppressed {
        b.diags.push(Diagnostic::error(
            "too-many-errors",
            file,
            crate::diag::Span::default(),
            format!("too many errors: {n} more reference errors in this file not shown"),
        ));
    }
    (b.corpus, b.diags)
}

/// Entities inside themselves through `in` (`city a "A" in b`, `place b "B" in a`): one
/// error per cycle, at the declaration of its first member.
fn within_cycles(corpus: &Corpus) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    // 0: not seen, 1: on the current path, 2: done.
    let mut state = vec![0u8; corpus.entities.len()];
    for start in 0..corpus.entities.len() {
        let mut path = Vec::new();
        let mut at = Some(start);
        while let Some(e) = at {
            match state[e] {
                2 => break,
                1 => {
                    let from = path.iter().position(|&p| p == e).unwrap_or(0);
                    let cycle = &path[from..];
                    let first = cycle.iter().copied().min().unwrap_or(e);
                    let names: Vec<&str> = cycle
                        .iter()
                        .chain(std::iter::once(&e))
                        .map(|&x| corpus.entities[x].id.as_str())
                        .collect();
                    let loc = corpus.entities[first].loc;
                    out.push(
                        Diagnostic::error(
                            "order",
                            loc.file,
                            loc.span,
                            format!("a place inside itself: {}", names.join(" in ")),
                        )
                        .with_label("inside itself")
                        .with_help("one of these `in` is wrong: a place lies in a larger one"),
                    );
                    break;
                }
                _ => {
                    state[e] = 1;
                    path.push(e);
                    at = corpus.entities[e].within;
                }
            }
        }
        for p in path {
            state[p] = 2;
        }
    }
    out
}

/// Labels that extend each other (`plan a … extends b`, `plan b … extends a`): one error per
/// cycle, at an `extends` of it.
fn extends_cycles(corpus: &Corpus) -> Vec<Diagnostic> {
    let mut graph: std::collections::BTreeMap<&str, Vec<(&str, Loc)>> = Default::default();
    // Only labels with an `extends` can be on a circle: the others are never walked from.
    for c in corpus
        .claims
        .iter()
        .filter(|c| !c.rare().extends().is_empty())
    {
        if let Some(l) = &c.label {
            let edges = graph.entry(&**l).or_default();
            for (to, loc) in c.rare().extends() {
                if !edges.iter().any(|(t, _)| t == to) {
                    edges.push((to.as_str(), *loc));
                }
            }
        }
    }
    let mut out = Vec::new();
    let mut state: std::collections::BTreeMap<&str, u8> = Default::default();
    for &start in graph.keys() {
        if state.get(start).copied().unwrap_or(0) != 0 {
            continue;
        }
        // An iterative depth-first walk: the path, and the next edge of each node on it.
        let mut path: Vec<(&str, usize)> = vec![(start, 0)];
        state.insert(start, 1);
        while let Some(&mut (node, ref mut next)) = path.last_mut() {
            let edges = graph.get(node).map(Vec::as_slice).unwrap_or(&[]);
            let Some(&(to, loc)) = edges.get(*next) else {
                state.insert(node, 2);
                path.pop();
                continue;
            };
            *next += 1;
            match state.get(to).copied().unwrap_or(0) {
                0 => {
                    state.insert(to, 1);
                    path.push((to, 0));
                }
                1 => {
                    let from = path.iter().position(|(p, _)| *p == to).unwrap_or(0);
                    let names: Vec<&str> = path[from..]
                        .iter()
                        .map(|(p, _)| *p)
                        .chain(std::iter::once(to))
                        .collect();
                    out.push(
                        Diagnostic::error(
                            "order",
                            loc.file,
                            loc.span,
                            format!("plans that extend each other: {}", names.join(" extends ")),
                        )
                        .with_label("closes the circle")
                        .with_help(
                            "a plan extends an earlier one; one of these `extends` is wrong",
                        ),
                    );
                }
                _ => {}
            }
        }
    }
    out
}

fn text(s: &syntax::Str) -> String {
    s.value.to_string()
}

impl Builder {
    fn add_id(&mut self, id: &syntax::Ident, decl: Decl, loc: Loc) -> bool {
        let key = fold(id.text);
        if let Some((_, first)) = self.ids.get(&key) {
            let d = Diagnostic::error(
                "duplicate",
                loc.file,
                loc.span,
                format!("duplicate id: `{}` is already declared", id.text),
            )
            .with_label("declared again here")
            .with_secondary(first.file, first.span, "first declared here")
            .with_help("every outlet, entity and report needs its own id");
            self.diags.push(d);
            return false;
        }
        self.ids.insert(key, (decl, loc));
        true
    }

    fn add_names<'n>(&mut self, decl: Decl, names: impl IntoIterator<Item = &'n str>) {
        for n in names {
            let v = self.names.entry(fold(n)).or_default();
            // One declaration's names are added together: a repeat is the last entry (a
            // search of the whole list was quadratic for an alias many entities share).
            if v.last() != Some(&decl) {
                v.push(decl);
            }
        }
    }

    fn declare(&mut self, file: FileId, item: &Item) {
        match item {
            Item::Outlet(o) => {
                let id = self.corpus.outlets.len();
                let loc = Loc {
                    file,
                    span: o.id.span,
                };
                if !self.add_id(&o.id, Decl::Outlet(id), loc) {
                    return;
                }
                self.corpus.outlets.push(Outlet {
                    id: o.id.text.to_owned(),
                    name: text(&o.name),
                    aliases: o.aliases.iter().map(text).collect(),
                    country: o.country.as_ref().map(|c| c.text.to_owned()),
                    lang: o.lang.as_ref().map(|c| c.text.to_owned()),
                    kind: o.kind.map(|(k, _)| k),
                    url: o.url.as_ref().map(text),
                    loc,
                });
                let names: Vec<&str> = std::iter::once(o.id.text)
                    .chain(std::iter::once(&*o.name.value))
                    .chain(o.aliases.iter().map(|a| &*a.value))
                    .collect();
                self.add_names(Decl::Outlet(id), names);
            }
            Item::Entity(e) => {
                let id = self.corpus.entities.len();
                let loc = Loc {
                    file,
                    span: e.id.span,
                };
                if !self.add_id(&e.id, Decl::Entity(id), loc) {
                    return;
                }
                self.corpus.entities.push(Entity {
                    id: e.id.text.to_owned(),
                    kind: e.kind,
                    name: text(&e.name),
                    aliases: e.aliases.iter().map(text).collect(),
                    within: None,
                    sole: e.sole.is_some(),
                    loc,
                });
                let names: Vec<&str> = std::iter::once(e.id.text)
                    .chain(std::iter::once(&*e.name.value))
                    .chain(e.aliases.iter().map(|a| &*a.value))
                    .collect();
                self.add_names(Decl::Entity(id), names);
            }
            Item::Report(r) => {
                let loc = Loc {
                    file,
                    span: r.id.span,
                };
                // Reports are registered in pass 2 (they need outlets); reserve the id now.
                self.add_id(&r.id, Decl::Report(usize::MAX), loc);
            }
            _ => {}
        }
    }

    fn entity_refs(&mut self, file: FileId, e: &syntax::Entity) {
        let Some(w) = &e.within else { return };
        let Some((Decl::Entity(me), _)) = self.ids.get(&fold(e.id.text)).copied() else {
            return;
        };
        if self.corpus.entities[me].loc.span != e.id.span {
            return; // a duplicate declaration, already reported
        }
        let want = if e.kind == EntityKind::Office {
            Want::Entity(
                &[EntityKind::Country, EntityKind::Org],
                "a country or an organisation",
            )
        } else {
            Want::Entity(
                &[
                    EntityKind::Country,
                    EntityKind::City,
                    EntityKind::Place,
                    EntityKind::Org,
                ],
                "a country, place or organisation",
            )
        };
        let mut diags = std::mem::take(&mut self.diags);
        if let Some(Decl::Entity(t)) = self.lookup(&mut diags, file, w, want) {
            self.corpus.entities[me].within = Some(t);
        }
        self.diags = diags;
    }

    /// Whether `file` already has its share of errors in `diags`; if so the new one is
    /// counted instead.
    fn over_cap(&self, diags: &[Diagnostic], file: FileId) -> bool {
        let errors = diags
            .iter()
            .filter(|d| d.file == Some(file) && d.is_error())
            .take(MAX_ERRORS_PER_FILE)
            .count();
        if errors < MAX_ERRORS_PER_FILE {
            return false;
        }
        if let Ok(mut m) = self.suppressed.lock() {
            *m.entry(file).or_default() += 1;
        }
        true
    }

    /// Resolves a reference, reporting an error (with "did you mean") when it fails.
    fn lookup(
        &self,
        diags: &mut Vec<Diagnostic>,
        file: FileId,
        r: &NameRef,
        want: Want,
    ) -> Option<Decl> {
        let key = fold_key(r.text());
        let by_name = || self.names.get(&*key).map(Vec::as_slice).unwrap_or(&[]);
        let found: &[Decl] = match r {
            NameRef::Id(_) => match self.ids.get(&*key) {
                Some((d, _)) => std::slice::from_ref(d),
                None => by_name(),
            },
            NameRef::Quoted(_) => by_name(),
        };
        let what = match want {
            Want::Outlet => "an outlet",
            Want::Entity(_, what) => what,
        };
        let fits = |d: &Decl| match (d, want) {
            (Decl::Outlet(_), Want::Outlet) => true,
            (Decl::Entity(e), Want::Entity(kinds, _)) => {
                kinds.contains(&self.corpus.entities[*e].kind)
            }
            _ => false,
        };
        let span = r.span();
        let mut matching = found.iter().copied().filter(|d| fits(d));
        let first_two = (matching.next(), matching.next());
        if let (Some(one), None) = first_two {
            return Some(one);
        }
        // An error: past the cap of its file it is only counted (finding a "did you mean"
        // among every name is the costly part).
        if self.over_cap(diags, file) {
            return None;
        }
        match first_two {
            (Some(_), None) | (None, _) => {}
            (Some(first), Some(second)) => {
                // A name shared by thousands: the first few, and how many more.
                const SHOWN: usize = 5;
                let mut which: Vec<String> = [first, second]
                    .into_iter()
                    .chain(matching.by_ref().take(SHOWN - 2))
                    .map(|d| format!("`{}`", self.decl_id(d)))
                    .collect();
                let more = matching.count();
                if more > 0 {
                    which.push(format!("{more} more"));
                }
                diags.push(
                    Diagnostic::error(
                        "ambiguous",
                        file,
                        span,
                        format!(
                            "ambiguous name: `{}` is a name of {}",
                            r.text(),
                            which.join(" and ")
                        ),
                    )
                    .with_label("which one?")
                    .with_help("refer to it by id"),
                );
                return None;
            }
        }
        if let Some(other) = found.first() {
            let d = Diagnostic::error(
                "wrong-kind",
                file,
                span,
                format!(
                    "expected {what}, found {} `{}`",
                    self.decl_kind(*other),
                    match other {
                        Decl::Report(_) => r.text().to_owned(),
                        _ => self.decl_id(*other).to_owned(),
                    }
                ),
            )
            .with_label(format!("not {what}"));
            diags.push(d);
            return None;
        }
        // An id is compared with ids, a quoted name with names and aliases.
        let quoted = matches!(r, NameRef::Quoted(_));
        let candidates: Vec<&str> = match want {
            Want::Outlet => self
                .corpus
                .outlets
                .iter()
                .flat_map(|o| {
                    let names = std::iter::once(o.name.as_str())
                        .chain(o.aliases.iter().map(String::as_str));
                    let id = std::iter::once(o.id.as_str());
                    if quoted {
                        names.collect::<Vec<_>>()
                    } else {
                        id.collect()
                    }
                })
                .collect(),
            Want::Entity(kinds, _) => self
                .corpus
                .entities
                .iter()
                .filter(|e| kinds.contains(&e.kind))
                .flat_map(|e| {
                    let names = std::iter::once(e.name.as_str())
                        .chain(e.aliases.iter().map(String::as_str));
                    let id = std::iter::once(e.id.as_str());
                    if quoted {
                        names.collect::<Vec<_>>()
                    } else {
                        id.collect()
                    }
                })
                .collect(),
        };
        let shown = if quoted {
            format!("\"{}\"", r.text())
        } else {
            format!("`{}`", r.text())
        };
        let mut d = Diagnostic::error(
            "undeclared",
            file,
            span,
            format!("undeclared name: expected {what}, found {shown}, which is not declared"),
        )
        .with_label("not declared");
        let name = if quoted { r.text() } else { "…" };
        // The skeleton an editor offers to add: the first kind that fits, the name to check.
        let kind = match want {
            Want::Outlet => "outlet",
            Want::Entity(k, _) if k.contains(&EntityKind::City) => "city",
            Want::Entity(k, _) => k[0].as_str(),
        };
        // An id made from a quoted name: `"Lyon"` → `lyon`, `"24 Heures"` → `outlet-24-heures`.
        let id = if quoted {
            crate::syntax::id_from_name(r.text(), kind)
        } else {
            r.text().to_owned()
        };
        let decl = |kind: &str| format!("`{kind} {id} \"{name}\"`");
        let mut quoted_name = String::new();
        crate::syntax::format::string(
            &mut quoted_name,
            &if quoted {
                r.text().to_owned()
            } else {
                format!("TODO: {id}'s name")
            },
        );
        let skeleton = format!("{kind} {id} {quoted_name} # TODO: check");
        d.fixes.push(crate::diag::Fix {
            span,
            title: format!("declare `{kind} {id}`"),
            replacement: skeleton,
            kind: crate::diag::FixKind::Declaration,
        });
        d = match did_you_mean(r.text(), candidates) {
            Some(m) => d.with_help(crate::diag::did_you_mean_help(m)),
            None => d.with_help(match want {
                Want::Outlet => format!("declare it at the top level, e.g. {}", decl("outlet")),
                // A place: a city, or any other place, or a country.
                Want::Entity(k, _) if k.contains(&EntityKind::City) => format!(
                    "declare it at the top level, e.g. {} (a city; add `in COUNTRY`), {} or {}",
                    decl("city"),
                    decl("place"),
                    decl("country")
                ),
                Want::Entity(k, _) => {
                    format!("declare it at the top level, e.g. {}", decl(k[0].as_str()))
                }
            }),
        };
        diags.push(d);
        None
    }

    fn decl_id(&self, d: Decl) -> &str {
        match d {
            Decl::Outlet(o) => &self.corpus.outlets[o].id,
            Decl::Entity(e) => &self.corpus.entities[e].id,
            Decl::Report(r) => self
                .corpus
                .reports
                .get(r)
                .map(|r| r.id.as_str())
                .unwrap_or("?"),
        }
    }

    fn decl_kind(&self, d: Decl) -> &'static str {
        match d {
            Decl::Outlet(_) => "outlet",
            Decl::Entity(e) => self.corpus.entities[e].kind.as_str(),
            Decl::Report(_) => "report",
        }
    }

    fn entity(
        &self,
        diags: &mut Vec<Diagnostic>,
        file: FileId,
        r: &NameRef,
        kinds: &'static [EntityKind],
        what: &'static str,
    ) -> Option<EntityId> {
        match self.lookup(diags, file, r, Want::Entity(kinds, what)) {
            Some(Decl::Entity(e)) => Some(e),
            _ => None,
        }
    }

    fn outlet(&self, diags: &mut Vec<Diagnostic>, file: FileId, r: &NameRef) -> Option<OutletId> {
        match self.lookup(diags, file, r, Want::Outlet) {
            Some(Decl::Outlet(o)) => Some(o),
            _ => None,
        }
    }

    /// Resolves the claims of one file; `reports` are the ids its report lines got.
    /// Resolves the claims of one file, read from `doc`; `source` is the text it was parsed
    /// from, when given.
    fn walk(
        &self,
        file: FileId,
        doc: &Document,
        reports: &[Option<ReportId>],
        source: Option<&str>,
    ) -> FileOut {
        let claims = doc
            .lines
            .iter()
            .filter(|l| matches!(l.item, Item::Claim(_)))
            .count();
        let mut out = FileOut {
            claims: Vec::with_capacity(claims),
            ..FileOut::default()
        };
        let mut reports = reports.iter();
        let mut stack: Vec<Frame> = Vec::new();
        for line in &doc.lines {
            let depth = line.depth as usize;
            match &line.item {
                Item::Blank => {}
                Item::Outlet(_) | Item::Entity(_) => stack.clear(),
                Item::Invalid { opens_block } => {
                    stack.truncate(depth);
                    if *opens_block {
                        stack.push(Frame::Broken);
                    }
                }
                Item::Report(_) => {
                    stack.clear();
                    let frame = reports
                        .next()
                        .copied()
                        .flatten()
                        .map(Frame::Report)
                        .unwrap_or(Frame::Broken);
                    stack.push(frame);
                }
                Item::Per(p) => {
                    stack.truncate(depth);
                    let frame = match (stack.last(), self.outlet(&mut out.diags, file, &p.outlet)) {
                        (Some(Frame::Broken) | None, _) | (_, None) => Frame::Broken,
                        (_, Some(outlet)) => Frame::Per {
                            outlet,
                            published: p.published.as_ref().and_then(published),
                        },
                    };
                    stack.push(frame);
                }
                Item::Claim(c) => {
                    stack.truncate(depth);
                    if stack.is_empty() || stack.iter().any(|f| matches!(f, Frame::Broken)) {
                        continue;
                    }
                    if let Some(mut claim) =
                        self.claim(&mut out, file, line.span, c, &stack, source)
                    {
                        match line.comment.and_then(syntax::suppress::parse) {
                            Some(Ok(s)) => claim.set_suppress(s),
                            Some(Err(message)) => out.diags.push(
                                Diagnostic::error("suppress", file, line.span, message)
                                    .with_label("this claim's suppression comment"),
                            ),
                            None => {}
                        }
                        out.claims.push(claim);
                    }
                }
            }
        }
        out
    }

    /// Registers a report (in corpus order), or `None` when it is a duplicate or its outlet
    /// does not resolve.
    fn report(
        &mut self,
        diags: &mut Vec<Diagnostic>,
        file: FileId,
        r: &syntax::Report,
    ) -> Option<ReportId> {
        let outlet = self.outlet(diags, file, &r.by);
        let key = fold(r.id.text);
        // A duplicate report id was reported in pass 1: only the first is registered.
        let slot = self.ids.get_mut(&key)?;
        if slot.1.span != r.id.span || slot.1.file != file {
            return None;
        }
        let outlet = outlet?;
        let id = self.corpus.reports.len();
        slot.0 = Decl::Report(id);
        self.corpus.reports.push(Report {
            id: r.id.text.to_owned(),
            outlet,
            published: r.published.as_ref().and_then(published),
            lang: r.lang.as_ref().map(|l| l.text.to_owned()),
            url: r.url.as_ref().map(text),
            title: r.title.as_ref().map(text),
            loc: Loc {
                file,
                span: r.id.span,
            },
        });
        Some(id)
    }

    /// The anchor for relative dates in a claim under `stack`.
    fn anchor(&self, stack: &[Frame]) -> Anchor {
        let describe = |f: &Frame| match f {
            Frame::Report(r) => Some(AnchorSource::Report(*r as u32)),
            Frame::Per { outlet, .. } => Some(AnchorSource::Outlet(*outlet as u32)),
            Frame::Broken => None,
        };
        let date = |f: &Frame| match f {
            Frame::Report(r) => self.corpus.reports[*r].published,
            Frame::Per { published, .. } => *published,
            Frame::Broken => None,
        };
        let origin = stack.last().expect("claims are inside a report");
        if let Some(d) = date(origin) {
            return Anchor {
                kind: AnchorKind::Origin,
                date: Some(d),
                source: describe(origin),
            };
        }
        for f in stack.iter().rev().skip(1) {
            if let Some(d) = date(f) {
                return Anchor {
                    kind: AnchorKind::Borrowed,
                    date: Some(d),
                    source: describe(f),
                };
            }
        }
        Anchor {
            kind: AnchorKind::Unresolved,
            date: None,
            source: describe(origin),
        }
    }

    fn claim(
        &self,
        out: &mut FileOut,
        file: FileId,
        span: Span,
        c: &syntax::Claim,
        stack: &[Frame],
        source: Option<&str>,
    ) -> Option<Claim> {
        let report = stack.iter().find_map(|f| match f {
            Frame::Report(r) => Some(*r),
            _ => None,
        })?;
        let printed = &self.corpus.reports[report];
        // Sized exactly: a vector grown by pushes holds room for four, and a million claims
        // keep theirs for the whole run.
        let pers = stack
            .iter()
            .filter(|f| matches!(f, Frame::Per { .. }))
            .count();
        let mut links = Vec::with_capacity(1 + pers);
        links.push(Link::new(printed.outlet, printed.published));
        links.extend(stack.iter().filter_map(|f| match f {
            Frame::Per { outlet, published } => Some(Link::new(*outlet, *published)),
            _ => None,
        }));
        let origin = links.last().map_or(printed.outlet, Link::outlet);
        let anchor = self.anchor(stack);
        let loc = Loc { file, span };
        let mut ok = true;
        let errors_before = out.diags.len();
        let label = c.label.as_ref().map(|l| fold(l.text).into_boxed_str());
        let mut claim = Claim {
            kind: c.kind,
            // Labels compare ignoring case, like ids.
            label,
            // Indices of the corpus's reports and outlets: four billion would not fit in
            // memory (as an anchor's source).
            report: report as u32,
            links: links.into_boxed_slice(),
            origin: origin as u32,
            loc,
            terms: Box::default(),
            to: None,
            place: None,
            by: None,
            with: Box::default(),
            when: None,
            status: None,
            rare: Rare::default(),
            rare_has: 0,
            anchor,
            // Kept only when the line says it otherwise (see `Corpus::claim_text`).
            text: syntax::format::claim_text_unless(c, source.and_then(|s| s.get(span.range())))
                .map(String::into_boxed_str),
        };
        // Positional terms.
        let mut terms = Vec::with_capacity(c.terms.len());
        for (n, t) in c.terms.iter().enumerate() {
            let value = match (c.kind.spec().term(n), t) {
                (TermSpec::Text, t) => Value::Text(match t {
                    Term::Id(i) => i.text.into(),
                    Term::Text(s) => text(s).into(),
                }),
                // Free-standing text where an entity may stand (statements) stays text unless
                // it is a declared name.
                (TermSpec::EntityOrText { kinds, .. }, Term::Text(s)) => {
                    match self.names.get(&*fold_key(&s.value)).and_then(|v| {
                        v.iter().find_map(|d| match d {
                            Decl::Entity(e) if kinds.contains(&self.corpus.entities[*e].kind) => {
                                Some(*e)
                            }
                            _ => None,
                        })
                    }) {
                        Some(e) => Value::Entity(e),
                        None => Value::Text(text(s).into()),
                    }
                }
                (TermSpec::Entity { kinds, what } | TermSpec::EntityOrText { kinds, what }, t) => {
                    match self.entity(&mut out.diags, file, &t.as_name(), kinds, what) {
                        Some(e) => Value::Entity(e),
                        None => {
                            ok = false;
                            continue;
                        }
                    }
                }
            };
            terms.push(value);
        }
        claim.terms = terms.into_boxed_slice();
        let mut rare = RareParts::default();
        for q in &c.quals {
            let qloc = Loc { file, span: q.span };
            let place = |this: &Self, diags: &mut Vec<Diagnostic>, n: &NameRef| {
                this.entity(diags, file, n, PLACES, "a country, a city or a place")
            };
            match &q.kind {
                QualKind::To(n) => claim.to = place(self, &mut out.diags, n).map(|e| e as u32),
                QualKind::In(n) => claim.place = place(self, &mut out.diags, n).map(|e| e as u32),
                QualKind::ComingFrom(n) => rare.coming_from = place(self, &mut out.diags, n),
                QualKind::By(n) => {
                    claim.by = self
                        .entity(
                            &mut out.diags,
                            file,
                            n,
                            PARTIES,
                            "a person, an organisation or a country",
                        )
                        .map(|e| e as u32)
                }
                QualKind::With(ns) => {
                    claim.with = ns
                        .iter()
                        .filter_map(|n| {
                            self.entity(
                                &mut out.diags,
                                file,
                                n,
                                PEOPLE,
                                "a person or an organisation",
                            )
                        })
                        .collect()
                }
                QualKind::Parties(ns) => {
                    rare.parties = ns
                        .iter()
                        .filter_map(|n| {
                            self.entity(
                                &mut out.diags,
                                file,
                                n,
                                PARTIES,
                                "a country, an organisation or a person",
                            )
                        })
                        .collect()
                }
                QualKind::Time(t) => {
                    claim.when = Self::when(
                        &mut out.diags,
                        file,
                        resolve_time::time_expr_in(t, &anchor, file, source),
                    )
                }
                QualKind::Lasting(d) => rare.lasting = Some((*d, qloc)),
                QualKind::Arriving(p) => {
                    rare.arriving = Self::when(
                        &mut out.diags,
                        file,
                        resolve_time::single_point_in(p, &anchor, file, source),
                    )
                }
                QualKind::Signed(p) => {
                    rare.signed = Self::when(
                        &mut out.diags,
                        file,
                        resolve_time::single_point_in(p, &anchor, file, source),
                    )
                }
                QualKind::Status(s) => claim.status = Some(*s),
                QualKind::Extends(labels) => {
                    for l in labels {
                        let loc = Loc { file, span: l.span };
                        out.pending.push((l.text.to_owned(), loc, "extends"));
                        rare.extends.push((fold(l.text), loc));
                    }
                }
                QualKind::During(l) | QualKind::After(l) | QualKind::Before(l) => {
                    let kw = q.kind.keyword();
                    let v = Some((fold(l.text), Loc { file, span: l.span }));
                    out.pending
                        .push((l.text.to_owned(), Loc { file, span: l.span }, kw));
                    match kw {
                        "during" => rare.during = v,
                        "after" => rare.after = v,
                        _ => rare.before = v,
                    }
                }
                QualKind::Topic(s) => rare.topics.push(text(s)),
                QualKind::Note(s) => rare.notes.push(text(s)),
            }
        }
        // An event cannot be during, after or before itself, nor after and before one event.
        for (kw, r) in [
            ("during", rare.during.as_ref()),
            ("after", rare.after.as_ref()),
            ("before", rare.before.as_ref()),
        ] {
            if let (Some(own), Some((l, loc))) = (claim.label.as_deref(), r) {
                if own == l {
                    out.diags.push(
                        Diagnostic::error(
                            "order",
                            loc.file,
                            loc.span,
                            format!("`{kw} {l}` names the claim's own label: an event cannot be {kw} itself"),
                        )
                        .with_label("its own label")
                        .with_help(format!("name the other event's label after `{kw}`")),
                    );
                }
            }
        }
        if let (Some((a, _)), Some((b, loc))) = (rare.after.as_ref(), rare.before.as_ref()) {
            if a == b {
                out.diags.push(
                    Diagnostic::error(
                        "order",
                        loc.file,
                        loc.span,
                        format!("`after {a}` and `before {b}`: an event cannot be both after and before one event"),
                    )
                    .with_label("after it, and before it")
                    .with_help("keep the one the article says"),
                );
            }
        }
        // A claim with any reference or date that failed to resolve is left out, so later
        // stages never see half a claim.
        ok &= !out.diags[errors_before..].iter().any(Diagnostic::is_error);
        if !ok {
            out.dropped_labels.extend(claim.label.map(String::from));
            return None;
        }
        // What was grown by pushes keeps no spare room: the claim lives for the whole run.
        claim.set_rare(rare.finish());
        Some(claim)
    }

    /// Keeps a resolved time, or reports why it could not be resolved.
    fn when(
        diags: &mut Vec<Diagnostic>,
        file: FileId,
        r: Result<When, (Span, String)>,
    ) -> Option<When> {
        r.map_err(|(span, msg)| {
            diags.push(Diagnostic::error("date", file, span, msg).with_label("impossible"));
        })
        .ok()
    }
}

fn published(p: &Published) -> Option<Fuzzy> {
    match p {
        Published::Unknown(_) => None,
        Published::Date(p) => resolve_time::published(p),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A million claims are kept for the whole run: what a claim holds is allocated for its
    /// length, not with the room a vector or a string makes as it grows. Links, terms,
    /// people met, stated weekdays and texts are boxed slices (exact by their type), and so
    /// are the rare parts, in one allocation.
    #[test]
    fn a_resolved_claim_keeps_no_spare_room() {
        let src = "outlet o \"O\"\noutlet p \"P\"\noutlet q \"Q\"\n\
                   person a \"A\"\nperson b \"B\"\nperson c \"C\"\ncountry x \"X\"\n\
                   report r by o published 2024-06-30\n  per p:\n    per q published 2024-06-29:\n      \
                   visit v: a to x with b, c from 2024-06-26 (Wednesday) to 28 June (Friday) \
                   topic \"trade\" topic \"energy\" during w\n  \
                   visit w: a to x on 2024-06-27\n";
        let (doc, diags) = crate::syntax::parse(src, 0);
        assert!(diags.is_empty(), "{diags:?}");
        let (corpus, diags) = resolve(&[(0, &doc)]);
        assert!(!diags.iter().any(Diagnostic::is_error), "{diags:?}");
        let v = &corpus.claims[0];
        assert_eq!((v.links.len(), v.terms.len(), v.with.len()), (3, 1, 2));
        let rare = v.rare();
        assert_eq!(rare.topics(), ["trade", "energy"]);
        let when = v.when.as_ref().expect("a stated time");
        assert_eq!(when.weekdays().len(), 2);
        assert!(corpus.claim_text(v).len() > 60, "{}", corpus.claim_text(v));
        assert_eq!(rare.during().map(|(l, _)| l.as_str()), Some("w"));
    }

    /// The corpus of one file `src` (free of syntax errors), resolved with its text.
    fn resolved_with_its_text(src: &str) -> Corpus {
        let (doc, diags) = crate::syntax::parse(src, 0);
        assert!(diags.is_empty(), "{diags:?}");
        let text = std::sync::Arc::new(src.to_owned());
        resolve_docs(vec![(0, &doc)], None, vec![Some(text)]).0
    }

    /// A claim written in canonical form keeps no text of its own: it reads what its line
    /// says. One written otherwise keeps its canonical text; without the file's text given,
    /// every claim keeps its own. All three read the same.
    #[test]
    fn a_claim_in_canonical_form_reads_its_text_from_its_line() {
        let src = "outlet o \"O\"\nperson a \"A\"\ncountry x \"X\"\n\
                   report r by o published 2024-06-30\n\
                   \x20 visit v: a to x on 2024-06-27   # said so\n\
                   \x20 visit  w:  a  to x on 27 June 2024\n";
        let given = resolved_with_its_text(src);
        let alone = resolve(&[(0, &crate::syntax::parse(src, 0).0)]).0;
        let texts = |c: &Corpus| -> Vec<String> {
            c.claims
                .iter()
                .map(|cl| c.claim_text(cl).to_owned())
                .collect()
        };
        assert_eq!(
            texts(&given),
            [
                "visit v: a to x on 2024-06-27",
                "visit w: a to x on 2024-06-27"
            ]
        );
        assert_eq!(texts(&alone), texts(&given));
        let own: Vec<bool> = given.claims.iter().map(|c| c.text.is_some()).collect();
        assert_eq!(own, [false, true]);
        assert!(alone.claims.iter().all(|c| c.text.is_some()));
        // So with its stated times, each read where it is written.
        let times = |c: &Corpus| -> Vec<(String, bool)> {
            c.claims
                .iter()
                .flat_map(|cl| cl.times())
                .map(|w| (c.when_text(w).to_owned(), w.text.is_some()))
                .collect()
        };
        assert_eq!(
            times(&given),
            [
                ("on 2024-06-27".to_owned(), false),
                ("on 2024-06-27".to_owned(), true),
            ]
        );
        assert!(times(&alone)
            .iter()
            .all(|(t, own)| *own && t == "on 2024-06-27"));
    }

    /// A claim keeps the kinds of its rare parts beside them, in step with the parts: a
    /// suppression read after the claim is resolved is found, as are the parts given in
    /// the claim, and a claim without any has none.
    #[test]
    fn a_claim_knows_the_kinds_of_its_rare_parts() {
        let src = "outlet o \"O\"\nperson a \"A\"\ncountry x \"X\"\n\
                   report r by o published 2024-06-30\n\
                   \x20 visit v: a to x on 2024-06-27 # verify: ignore[stale-relay] known\n\
                   \x20 visit w: a to x on 2024-06-27 arriving 2024-06-27 lasting 2 days # verify: ignore[stale-relay] known\n\
                   \x20 visit y: a to x on 2024-06-27\n";
        let (doc, diags) = crate::syntax::parse(src, 0);
        assert!(diags.is_empty(), "{diags:?}");
        let (corpus, diags) = resolve(&[(0, &doc)]);
        assert!(!diags.iter().any(Diagnostic::is_error), "{diags:?}");
        let seen: Vec<(bool, bool, bool)> = corpus
            .claims
            .iter()
            .map(|c| {
                assert_eq!(c.rare_has, c.rare.kinds());
                let r = c.rare();
                (
                    c.suppress().is_some(),
                    r.arriving().is_some(),
                    r.lasting().is_some(),
                )
            })
            .collect();
        assert_eq!(
            seen,
            [
                (true, false, false),
                (true, true, true),
                (false, false, false)
            ]
        );
    }

    /// A single point (`arriving`, `signed`) is its date without the keyword, read where
    /// it is written when it is in canonical spelling.
    #[test]
    fn a_single_point_reads_its_text_from_its_line() {
        let src = "outlet o \"O\"\nperson a \"A\"\ncountry x \"X\"\n\
                   report r by o published 2024-06-30\n\
                   \x20 visit v: a to x from 2024-06-26 to 2024-06-28 arriving 2024-06-26\n\
                   \x20 visit w: a to x from 2024-06-26 to 2024-06-28 arriving 26 June 2024\n";
        let corpus = resolved_with_its_text(src);
        let arriving: Vec<(&str, bool)> = corpus
            .claims
            .iter()
            .filter_map(|c| c.rare().arriving())
            .map(|w| (corpus.when_text(w), w.text.is_some()))
            .collect();
        assert_eq!(arriving, [("2024-06-26", false), ("2024-06-26", true)]);
    }
}
