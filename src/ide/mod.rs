//! What an editor asks about a checked workspace: what is at a place in a file, and what
//! to say about it — hover (a date's resolution and whose anchor it rests on, a claim's
//! chain and findings, a declaration), definitions and references of ids, labels and
//! outlets, completion ([`complete`]), code actions ([`actions`]) and formatting.
//!
//! An [`Analysis`] is built from a pipeline [`Outcome`]: it re-reads each claims file's
//! syntax tree (parsing is cheap next to a check) to find every occurrence of a name, and
//! resolves it against the corpus's tables the way the model does (an id, or a name or
//! alias after folding). Everything is in byte offsets and spans of the outcome's files;
//! the language server (`cli::lsp`) turns them into editor positions. Nothing here does IO.

pub mod actions;
pub mod complete;

use std::collections::HashMap;
use std::fmt::Write as _;

use crate::diag::{clean, FileId, Span};
use crate::model::time::{self, Certainty, Precision};
use crate::model::{AnchorKind, ClaimId, Corpus, EntityId, OutletId, ReportId, When};
use crate::pipeline::Outcome;
use crate::syntax::{self, EntityKind, Item, NameRef, ParseOptions, QualKind, TermSpec};

/// What a name in a file stands for.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Target {
    Entity(EntityId),
    Outlet(OutletId),
    Report(ReportId),
    /// An event label (folded), shared by every account of the event.
    Label(String),
}

/// How a name occurs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// Where an id is declared (`person hammouchi …`, `report r1 …`).
    Declaration,
    /// A claim's own label: one account of the event.
    Account,
    /// A reference (`by pmag`, `to MA`, `during visit-1`).
    Use,
}

/// One occurrence of a name in a claims file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Occurrence {
    pub file: FileId,
    pub span: Span,
    pub target: Target,
    pub role: Role,
}

/// A checked workspace, ready for an editor's questions.
pub struct Analysis {
    pub outcome: Outcome,
    pub parse: ParseOptions,
    /// Every occurrence of a name, by file, in the order of the text.
    occurrences: Vec<Vec<Occurrence>>,
}

/// Names resolved as the model resolves them (`model::build`'s lookup): an id (folded) in
/// one table of every declaration, else a name, alias or id (folded) shared by any number
/// of declarations; of those, the ones of the kind the place wants; exactly one, or none.
struct Names {
    ids: HashMap<String, Target>,
    names: HashMap<String, Vec<Target>>,
}

/// What a place in a line wants: an outlet, or an entity of these kinds.
#[derive(Clone, Copy)]
enum Want {
    Outlet,
    Entity(&'static [EntityKind]),
}

const PLACES: &[EntityKind] = &[EntityKind::Country, EntityKind::City, EntityKind::Place];
const PARTIES: &[EntityKind] = &[EntityKind::Country, EntityKind::Org, EntityKind::Person];

impl Names {
    fn new(c: &Corpus) -> Names {
        let mut n = Names {
            ids: HashMap::new(),
            names: HashMap::new(),
        };
        let add = |n: &mut Names, id: &str, names: &[&str], t: Target| {
            n.ids.entry(fold(id)).or_insert_with(|| t.clone());
            for name in std::iter::once(id).chain(names.iter().copied()) {
                let v = n.names.entry(fold(name)).or_default();
                if !v.contains(&t) {
                    v.push(t.clone());
                }
            }
        };
        // The model's order: outlets, then entities, then reports (an id taken first stays).
        for (i, o) in c.outlets.iter().enumerate() {
            let names: Vec<&str> = std::iter::once(o.name.as_str())
                .chain(o.aliases.iter().map(String::as_str))
                .collect();
            add(&mut n, &o.id, &names, Target::Outlet(i));
        }
        for (i, e) in c.entities.iter().enumerate() {
            let names: Vec<&str> = std::iter::once(e.name.as_str())
                .chain(e.aliases.iter().map(String::as_str))
                .collect();
            add(&mut n, &e.id, &names, Target::Entity(i));
        }
        for (i, r) in c.reports.iter().enumerate() {
            n.ids.entry(fold(&r.id)).or_insert(Target::Report(i));
        }
        n
    }

    fn lookup(&self, c: &Corpus, r: &NameRef, want: Want) -> Option<Target> {
        let key = fold(r.text());
        let by_name = || self.names.get(&key).map(Vec::as_slice).unwrap_or(&[]);
        let one;
        let found: &[Target] = match r {
            NameRef::Id(_) => match self.ids.get(&key) {
                Some(t) => {
                    one = [t.clone()];
                    &one
                }
                None => by_name(),
            },
            NameRef::Quoted(_) => by_name(),
        };
        let fits = |t: &&Target| match (t, want) {
            (Target::Outlet(_), Want::Outlet) => true,
            (Target::Entity(e), Want::Entity(kinds)) => kinds.contains(&c.entities[*e].kind),
            _ => false,
        };
        let mut matching = found.iter().filter(fits);
        match (matching.next(), matching.next()) {
            (Some(t), None) => Some(t.clone()),
            _ => None,
        }
    }
}

/// Text from an input as Markdown shows it: control characters escaped, and the characters
/// that make links, images, emphasis or code escaped too (a name is never markup).
fn md(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in clean(s).chars() {
        if matches!(
            c,
            '\\' | '`'
                | '*'
                | '_'
                | '['
                | ']'
                | '('
                | ')'
                | '!'
                | '<'
                | '>'
                | '#'
                | '|'
                | '~'
                | '{'
                | '}'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn fold(s: &str) -> String {
    crate::model::names::fold(s)
}

/// Whether `offset` is inside `span` or just after its end (a cursor at the end of a word).
fn touches(span: Span, offset: usize) -> bool {
    (span.start as usize) <= offset && offset <= span.end as usize
}

impl Analysis {
    /// Reads every claims file of the outcome for the names it holds.
    pub fn new(outcome: Outcome, parse: ParseOptions) -> Analysis {
        let names = Names::new(&outcome.corpus);
        let occurrences = (0..outcome.sources.files.len())
            .map(|file| {
                let f = outcome.sources.get(file);
                if !is_claims(&f.path) {
                    return Vec::new();
                }
                let (doc, _) = syntax::parse_with(&f.text, file, parse);
                occurrences_of(&doc, file, &names, &outcome.corpus)
            })
            .collect();
        Analysis {
            outcome,
            parse,
            occurrences,
        }
    }

    pub fn corpus(&self) -> &Corpus {
        &self.outcome.corpus
    }

    /// The file of the workspace with this path, if it was read.
    pub fn file_of(&self, path: &std::path::Path) -> Option<FileId> {
        let map = &self.outcome.sources;
        (0..map.files.len()).find(|&f| map.get(f).path == path)
    }

    /// Every occurrence of a name in `file`.
    pub fn occurrences(&self, file: FileId) -> &[Occurrence] {
        self.occurrences.get(file).map_or(&[], Vec::as_slice)
    }

    /// The name at `offset` of `file`, if any.
    pub fn at(&self, file: FileId, offset: usize) -> Option<&Occurrence> {
        self.occurrences(file)
            .iter()
            .find(|o| touches(o.span, offset))
    }

    /// Where the name at `offset` is defined: an entity's, outlet's or report's declaration;
    /// for an event label, every account of the event (each claim carrying it).
    pub fn definition(&self, file: FileId, offset: usize) -> Vec<(FileId, Span)> {
        let Some(o) = self.at(file, offset) else {
            return Vec::new();
        };
        let role = match o.target {
            Target::Label(_) => Role::Account,
            _ => Role::Declaration,
        };
        self.all(&o.target)
            .filter(|x| x.role == role)
            .map(|x| (x.file, x.span))
            .collect()
    }

    /// Every occurrence of what the name at `offset` stands for, its declaration included
    /// when `declaration` is set.
    pub fn references(
        &self,
        file: FileId,
        offset: usize,
        declaration: bool,
    ) -> Vec<(FileId, Span)> {
        let Some(o) = self.at(file, offset) else {
            return Vec::new();
        };
        self.all(&o.target)
            .filter(|x| declaration || x.role != Role::Declaration)
            .map(|x| (x.file, x.span))
            .collect()
    }

    fn all<'s>(&'s self, t: &'s Target) -> impl Iterator<Item = &'s Occurrence> + 's {
        self.occurrences
            .iter()
            .flatten()
            .filter(move |o| &o.target == t)
    }

    /// The claim whose line holds `offset`.
    pub fn claim_at(&self, file: FileId, offset: usize) -> Option<ClaimId> {
        let f = self.outcome.sources.get(file);
        let line = f.line_col(offset).0;
        self.corpus()
            .claims
            .iter()
            .position(|c| c.loc.file == file && f.line_col(c.loc.span.start as usize).0 == line)
    }

    /// What to show on hover at `offset`: Markdown and the span it is about. A name says
    /// what it names; a date how it resolved and on whose date; elsewhere on a claim's
    /// line, the claim with its chain and findings.
    pub fn hover(&self, file: FileId, offset: usize) -> Option<(String, Span)> {
        if let Some(o) = self.at(file, offset) {
            return Some((self.hover_target(&o.target), o.span));
        }
        let c = self.corpus();
        for (id, claim) in c.claims.iter().enumerate() {
            if claim.loc.file != file {
                continue;
            }
            for w in claim.times() {
                if w.loc.file == file && touches(w.loc.span, offset) {
                    return Some((self.hover_time(id, w), w.loc.span));
                }
            }
        }
        if let Some(id) = self.claim_at(file, offset) {
            return Some((self.hover_claim(id), c.claims[id].loc.span));
        }
        // Elsewhere on a report's line (its date, its title): the report.
        let f = self.outcome.sources.get(file);
        let line = f.line_col(offset).0;
        let r = c
            .reports
            .iter()
            .position(|r| r.loc.file == file && f.line_col(r.loc.span.start as usize).0 == line)?;
        Some((self.hover_target(&Target::Report(r)), c.reports[r].loc.span))
    }

    /// A claim: its canonical text, who said it and when, its findings.
    pub fn hover_claim(&self, id: ClaimId) -> String {
        let c = self.corpus();
        let claim = &c.claims[id];
        let inv = crate::engine::Involved::claim_in(id, crate::engine::Role::Claim);
        let mut text = format!(
            "**{}** — {}\n",
            md(c.claim_text(claim)),
            md(&crate::report::described(c, &inv))
        );
        let findings: Vec<&crate::engine::Finding> = self
            .outcome
            .findings
            .iter()
            .filter(|f| f.involved.iter().any(|i| i.claim() == Some(id)))
            .collect();
        if findings.is_empty() {
            text.push_str("\nNo finding.");
        }
        for f in findings {
            let _ = write!(
                text,
                "\n- {}[{}] {}",
                f.level.as_str(),
                f.rule,
                md(&f.message)
            );
        }
        text
    }

    /// A stated time: the period it resolved to and its precision, the date it was read
    /// on and whose that date is, and each stated weekday checked.
    pub fn hover_time(&self, id: ClaimId, w: &When) -> String {
        let c = self.corpus();
        let claim = &c.claims[id];
        let origin = &c.outlets[claim.origin()].name;
        let mut t = format!("**{}** — {}\n", md(c.when_text(w)), md(&c.time_text(w)));
        let p = &w.period;
        let precision = |f: &time::Fuzzy| match f.precision() {
            Some(Precision::Day) => "to the day",
            Some(Precision::Month) => "to the month",
            Some(Precision::Year) => "to the year",
            None if f.is_unbounded() => "not known",
            None => "to a range of days",
        };
        if p.start == p.end {
            let _ = write!(t, "\n- known {}", precision(&p.start));
        } else {
            let _ = write!(
                t,
                "\n- starts {} (known {}), ends {} (known {})",
                p.start,
                precision(&p.start),
                p.end,
                precision(&p.end)
            );
        }
        let anchor = &w.anchor;
        let source = anchor.source.map(|s| md(&c.describe_source(s)));
        let date = anchor.date.map(|d| d.to_string()).unwrap_or_default();
        let read = match anchor.kind {
            AnchorKind::Absolute => "an absolute date: read on no publication date".to_owned(),
            AnchorKind::Origin => format!(
                "read on {date}, the date of the origin, {} ({})",
                md(origin),
                source.unwrap_or_default()
            ),
            AnchorKind::Borrowed => format!(
                "read on {date}, **borrowed** from {}: {}'s own date is not known, so what \
                 rests on it is possible at most",
                source.unwrap_or_else(|| "another outlet".to_owned()),
                md(origin)
            ),
            AnchorKind::Inferred => format!(
                "read in an **inferred** year: {}",
                source.unwrap_or_else(|| "year inferred".to_owned())
            ),
            AnchorKind::Unresolved => format!(
                "**unresolved**: no publication date to read it on (not {}'s, nor a relay's); \
                 what is known: {}",
                md(origin),
                md(&w.known_text())
            ),
        };
        let _ = write!(t, "\n- {read}");
        if w.year_guessed {
            t.push_str("\n- a day without a year, read in the neighbouring year of its date");
        }
        for s in w.weekdays() {
            let name = crate::calendar::weekday_name(s.weekday);
            let verdict = match time::weekday_is(s.day, s.weekday) {
                Certainty::Definitely => format!("{} is a {name}: it matches", s.day),
                Certainty::Possibly => format!("{} may be a {name}: not known to the day", s.day),
                Certainty::Never => format!(
                    "{} is a {}, not a {name}",
                    s.day,
                    crate::calendar::weekday_name(crate::calendar::weekday(s.day.earliest))
                ),
            };
            let _ = write!(t, "\n- weekday stated: {name} — {verdict}");
        }
        t
    }

    /// An entity, outlet, report or event label: its declaration, names and use.
    pub fn hover_target(&self, target: &Target) -> String {
        let c = self.corpus();
        let aliases = |a: &[String]| {
            if a.is_empty() {
                String::new()
            } else {
                let list: Vec<String> = a.iter().map(|s| format!("\"{}\"", md(s))).collect();
                format!("\n\nalso written {}", list.join(", "))
            }
        };
        match target {
            Target::Entity(e) => {
                let e = &c.entities[*e];
                let mut t = format!(
                    "**{}** {} — {}{}",
                    e.kind.as_str(),
                    md(&e.id),
                    md(&e.name),
                    aliases(&e.aliases)
                );
                if let Some(w) = e.within {
                    let _ = write!(t, "\n\nin {}", md(&c.entities[w].name));
                }
                if e.sole {
                    t.push_str("\n\none holder at a time (`sole`)");
                }
                t
            }
            Target::Outlet(oi) => {
                let o = &c.outlets[*oi];
                let mut t = format!(
                    "**outlet** {} — {}{}",
                    md(&o.id),
                    md(&o.name),
                    aliases(&o.aliases)
                );
                let facts: Vec<String> = [
                    o.kind.map(|k| k.as_str().to_owned()),
                    o.country.as_deref().map(|s| format!("country {}", md(s))),
                    o.lang.as_deref().map(|s| format!("language {}", md(s))),
                ]
                .into_iter()
                .flatten()
                .collect();
                if !facts.is_empty() {
                    let _ = write!(t, "\n\n{}", facts.join(", "));
                }
                let origin = c.claims.iter().filter(|cl| cl.origin() == *oi).count();
                let _ = write!(t, "\n\norigin of {origin} claim(s)");
                t
            }
            Target::Report(ri) => {
                let r = &c.reports[*ri];
                let published = match r.published {
                    Some(d) if d.is_precise() => format!(
                        "{d} (a {})",
                        crate::calendar::weekday_name(crate::calendar::weekday(d.earliest))
                    ),
                    Some(d) => format!("{d} (not known to the day)"),
                    None => "on a date not known: its relative dates borrow another's, or stay \
                             unresolved"
                        .to_owned(),
                };
                let claims = c.claims.iter().filter(|cl| cl.report() == *ri);
                let (n, relayed) =
                    claims.fold((0, 0), |(n, k), cl| (n + 1, k + usize::from(cl.relayed())));
                format!(
                    "**report** {} by {}, published {published}\n\n{n} claim(s), {relayed} of them relayed from other outlets",
                    md(&r.id),
                    md(&c.outlets[r.outlet].name),
                )
            }
            Target::Label(label) => {
                let accounts: Vec<&crate::model::Claim> = c
                    .claims
                    .iter()
                    .filter(|cl| cl.label.as_deref().map(fold).as_deref() == Some(label))
                    .collect();
                let mut t = format!("**event** {} — {} account(s)", md(label), accounts.len());
                for a in accounts {
                    let when = a
                        .when
                        .as_ref()
                        .map_or("no date".to_owned(), |w| c.time_text(w));
                    let _ = write!(
                        t,
                        "\n- {} (report {}): {}",
                        md(&c.attribution(a)),
                        md(&c.reports[a.report()].id),
                        md(&when)
                    );
                }
                t
            }
        }
    }

    /// The file formatted as `verify fmt` would, or `None` when it has syntax errors (they
    /// are shown as diagnostics) or is already formatted.
    pub fn format(text: &str, parse: ParseOptions) -> Option<String> {
        let (doc, diags) = syntax::parse_with(text, 0, parse);
        if diags.iter().any(crate::diag::Diagnostic::is_error) {
            return None;
        }
        let formatted = syntax::format(&doc);
        (formatted != text).then_some(formatted)
    }
}

/// Whether a file of the workspace is a claims file (not a rule file or `verify.toml`).
pub fn is_claims(path: &std::path::Path) -> bool {
    path.extension().is_some_and(|e| e == "claims") || path.as_os_str() == "-"
}

/// Every name of a document with what it stands for.
fn occurrences_of(
    doc: &syntax::Document,
    file: FileId,
    names: &Names,
    c: &Corpus,
) -> Vec<Occurrence> {
    let mut out = Vec::new();
    let mut push = |span: Span, target: Option<Target>, role: Role| {
        if let Some(target) = target {
            out.push(Occurrence {
                file,
                span,
                target,
                role,
            });
        }
    };
    let label = |s: &str| Target::Label(fold(s));
    let declared = |id: &syntax::Ident, want: fn(&Target) -> bool| {
        names.ids.get(&fold(id.text)).filter(|t| want(t)).cloned()
    };
    let entity =
        |r: &NameRef, kinds: &'static [EntityKind]| names.lookup(c, r, Want::Entity(kinds));
    for line in &doc.lines {
        match &line.item {
            Item::Outlet(o) => push(
                o.id.span,
                declared(&o.id, |t| matches!(t, Target::Outlet(_))),
                Role::Declaration,
            ),
            Item::Entity(e) => {
                push(
                    e.id.span,
                    declared(&e.id, |t| matches!(t, Target::Entity(_))),
                    Role::Declaration,
                );
                if let Some(w) = &e.within {
                    let kinds: &'static [EntityKind] = if e.kind == EntityKind::Office {
                        &[EntityKind::Country, EntityKind::Org]
                    } else {
                        &[
                            EntityKind::Country,
                            EntityKind::City,
                            EntityKind::Place,
                            EntityKind::Org,
                        ]
                    };
                    push(w.span(), entity(w, kinds), Role::Use);
                }
            }
            Item::Report(r) => {
                push(
                    r.id.span,
                    declared(&r.id, |t| matches!(t, Target::Report(_))),
                    Role::Declaration,
                );
                push(r.by.span(), names.lookup(c, &r.by, Want::Outlet), Role::Use);
            }
            Item::Per(p) => push(
                p.outlet.span(),
                names.lookup(c, &p.outlet, Want::Outlet),
                Role::Use,
            ),
            Item::Claim(cl) => {
                if let Some(l) = &cl.label {
                    push(l.span, Some(label(l.text)), Role::Account);
                }
                let spec = cl.kind.spec();
                for (i, term) in cl.terms.iter().enumerate() {
                    let found = match spec.term(i) {
                        TermSpec::Text => None,
                        TermSpec::Entity { kinds, .. } | TermSpec::EntityOrText { kinds, .. } => {
                            entity(&term.as_name(), kinds)
                        }
                    };
                    push(term.span(), found, Role::Use);
                }
                for q in &cl.quals {
                    match &q.kind {
                        QualKind::To(r) | QualKind::In(r) | QualKind::ComingFrom(r) => {
                            push(r.span(), entity(r, PLACES), Role::Use)
                        }
                        QualKind::By(r) => push(r.span(), entity(r, PARTIES), Role::Use),
                        QualKind::With(rs) => {
                            for r in rs {
                                push(r.span(), entity(r, syntax::PEOPLE), Role::Use);
                            }
                        }
                        QualKind::Parties(rs) => {
                            for r in rs {
                                push(r.span(), entity(r, PARTIES), Role::Use);
                            }
                        }
                        QualKind::Extends(ls) => {
                            for l in ls {
                                push(l.span, Some(label(l.text)), Role::Use);
                            }
                        }
                        QualKind::During(l) | QualKind::After(l) | QualKind::Before(l) => {
                            push(l.span, Some(label(l.text)), Role::Use)
                        }
                        _ => {}
                    }
                }
            }
            Item::Blank | Item::Invalid { .. } => {}
        }
    }
    out
}
