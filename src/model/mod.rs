//! The resolved model: what the claims files mean, independent of how they were written.
//!
//! [`resolve`] takes the parsed documents of a whole corpus and
//! - collects every declaration (outlets, entities, reports) into tables, reporting
//!   duplicate ids;
//! - resolves every reference — by id or by any name or alias, compared after
//!   [`names::fold`] — with a "did you mean" when nothing matches;
//! - attributes every claim: the chain of outlets from the report's outlet through each
//!   `per` citation, whose innermost outlet is the claim's *origin*;
//! - turns every time expression into a [`time::Period`] of day numbers with its precision
//!   kept, anchoring relative expressions on the origin's publication date, or else on the
//!   nearest dated report or citation around it (*borrowed*), or else leaving them
//!   *unresolved* (never guessed).
//!
//! Problems come back as diagnostics; everything that could be resolved is kept, so later
//! stages still run on the rest of the corpus.

pub mod infer;
pub mod names;
pub mod resolve_time;
pub mod time;

use crate::diag::{Diagnostic, FileId, Span};
use crate::syntax::{ClaimKind, EntityKind, OutletKind, Status};
pub use infer::Inference;
pub use resolve_time::{Anchor, AnchorKind, AnchorSource, When};

pub type OutletId = usize;
pub type EntityId = usize;
pub type ReportId = usize;
pub type ClaimId = usize;

/// Where something was written: file and byte span.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Loc {
    pub file: FileId,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct Outlet {
    pub id: String,
    pub name: String,
    pub aliases: Vec<String>,
    pub country: Option<String>,
    pub lang: Option<String>,
    pub kind: Option<OutletKind>,
    pub url: Option<String>,
    pub loc: Loc,
}

#[derive(Clone, Debug)]
pub struct Entity {
    pub id: String,
    pub kind: EntityKind,
    pub name: String,
    pub aliases: Vec<String>,
    /// The country or organisation it belongs to (`in`/`of`).
    pub within: Option<EntityId>,
    /// A `sole` office has one holder at a time.
    pub sole: bool,
    pub loc: Loc,
}

#[derive(Clone, Debug)]
pub struct Report {
    pub id: String,
    pub outlet: OutletId,
    /// Publication date, `None` when unknown.
    pub published: Option<time::Fuzzy>,
    pub lang: Option<String>,
    pub url: Option<String>,
    pub title: Option<String>,
    pub loc: Loc,
}

/// A positional value of a claim: a resolved entity or a literal text.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Value {
    Entity(EntityId),
    /// Boxed, not a `String`: a value is 16 bytes instead of 24 (the box's pointer is
    /// never null, so the entity's index fits beside it), in the terms of every claim.
    Text(Box<str>),
}

/// One link of a claim's attribution chain: an outlet that said it, and when that outlet's
/// own article was published, if the claims say (`report … published D`, `per X published
/// D:`). A relay's date is never the origin's: each link keeps its own.
///
/// The outlet is kept by its index as a `u32` (a link is 16 bytes, not 24: nearly two
/// million of them at a million claims) and read through [`Link::outlet`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Link {
    outlet: u32,
    /// The link's own publication date; `None` when it is not given.
    pub published: Option<time::Fuzzy>,
}

impl Link {
    pub fn new(outlet: OutletId, published: Option<time::Fuzzy>) -> Link {
        debug_assert!(u32::try_from(outlet).is_ok(), "outlet {outlet} past u32");
        Link {
            outlet: outlet as u32,
            published,
        }
    }

    /// The outlet that said it.
    pub fn outlet(&self) -> OutletId {
        self.outlet as usize
    }
}

/// One thing a report says, fully resolved.
#[derive(Clone, Debug)]
pub struct Claim {
    pub kind: ClaimKind,
    /// The real-world event this claim is about, shared across reports.
    pub label: Option<Box<str>>,
    /// Its report and (below) its origin by index as a `u32`, read through
    /// [`Claim::report`] and [`Claim::origin`]: four bytes each in every claim, not eight.
    report: u32,
    /// The attribution chain, each link with its own publication date: first the report's
    /// outlet (this account as printed), then each `per` outlet, last the origin.
    pub links: Box<[Link]>,
    /// The innermost attributed outlet (the last link's).
    origin: u32,
    pub loc: Loc,
    /// Positional terms (see the claims language for each kind).
    pub terms: Box<[Value]>,
    /// `to`, `in` and `by`: entities by index as a `u32` (eight bytes each instead of
    /// sixteen, in every claim), read as [`EntityId`]s through [`Claim::to`],
    /// [`Claim::place`] and [`Claim::by`].
    pub to: Option<u32>,
    pub place: Option<u32>,
    pub by: Option<u32>,
    pub with: Box<[EntityId]>,
    pub when: Option<When>,
    pub status: Option<Status>,
    /// What fewer claims say, apart (see [`Rare`]): read through [`Claim::rare`].
    rare: Rare,
    /// The kinds of the rare parts (a bit each, [`Rare::kinds`]), in the claim's own room
    /// (it stays 264 bytes): a claim without a part answers without reading its parts.
    rare_has: u16,
    /// The publication date relative dates in this claim are read against.
    pub anchor: Anchor,
    /// The claim in canonical form, when it is not what the claim's line says at its
    /// place: read through [`Corpus::claim_text`]. Most claims are written in canonical form
    /// and keep nothing here (77 MB of texts at a million claims).
    text: Option<Box<str>>,
}

/// The parts of a claim that most claims do not have, kept out of [`Claim`] so that a
/// claim stays small (a million claims are read many times over by the rules): only the
/// parts it has, one after another in one allocation (none when it has none). Half a
/// million claims have one or two of them; a record with a field for each would be 168
/// bytes in each of those claims, a part is 48. Read through its methods; made with
/// [`RareParts`].
#[derive(Clone, Debug, Default)]
pub struct Rare {
    parts: Box<[RarePart]>,
}

#[derive(Clone, Debug)]
enum RarePart {
    ComingFrom(EntityId),
    Parties(Box<[EntityId]>),
    Lasting((crate::syntax::Duration, Loc)),
    Extends(Box<[(String, Loc)]>),
    During((String, Loc)),
    After((String, Loc)),
    Before((String, Loc)),
    Topics(Box<[String]>),
    Notes(Box<[String]>),
    Arriving(Box<When>),
    Signed(Box<When>),
    Suppress(Box<crate::syntax::suppress::Suppression>),
}

impl Rare {
    /// The kinds of its parts, a bit each (what [`Claim`] keeps beside them).
    fn kinds(&self) -> u16 {
        self.parts.iter().fold(0, |has, p| has | p.kind())
    }

    /// Its parts, to be read (see [`RareOf`]), in a test.
    #[cfg(test)]
    fn of(&self) -> RareOf<'_> {
        RareOf {
            parts: &self.parts,
            has: self.kinds(),
        }
    }

    /// The stated time `which` of [`RareOf::arriving`] and [`RareOf::signed`], to be read
    /// again (a year inferred); `None` for [`TimeOf::When`], which the claim keeps itself.
    fn time_mut(&mut self, which: TimeOf) -> Option<&mut When> {
        self.parts.iter_mut().find_map(|p| match (p, which) {
            (RarePart::Arriving(w), TimeOf::Arriving) | (RarePart::Signed(w), TimeOf::Signed) => {
                Some(&mut **w)
            }
            _ => None,
        })
    }

    /// Adds the claim's suppression comment, read once the claim is resolved (the claim's
    /// one part after the others: few claims have one).
    fn set_suppress(&mut self, s: crate::syntax::suppress::Suppression) {
        let mut parts = std::mem::take(&mut self.parts).into_vec();
        parts.retain(|p| !matches!(p, RarePart::Suppress(_)));
        parts.push(RarePart::Suppress(Box::new(s)));
        self.parts = parts.into_boxed_slice();
    }
}

/// A claim's rare parts as [`Claim::rare`] gives them: the parts, and which kinds are
/// among them (a bit for each kind, kept in the claim beside them), so that asking for a
/// part the claim does not have reads nothing but the claim: the rules and the outputs
/// ask every claim for its `arriving`, `signed`, `lasting` or suppression.
#[derive(Clone, Copy, Debug)]
pub struct RareOf<'r> {
    parts: &'r [RarePart],
    has: u16,
}

impl<'r> RareOf<'r> {
    /// The part `part` picks, looked for only when the claim has a part of kind `kind`.
    fn find<T: ?Sized>(
        self,
        kind: u16,
        part: impl Fn(&'r RarePart) -> Option<&'r T>,
    ) -> Option<&'r T> {
        if self.has & kind == 0 {
            return None;
        }
        self.parts.iter().find_map(part)
    }

    /// `coming from PLACE`.
    pub fn coming_from(self) -> Option<EntityId> {
        self.find(RarePart::COMING_FROM, |p| match p {
            RarePart::ComingFrom(e) => Some(e),
            _ => None,
        })
        .copied()
    }

    /// `parties A, B, …`.
    pub fn parties(self) -> &'r [EntityId] {
        self.find(RarePart::PARTIES, |p| match p {
            RarePart::Parties(v) => Some(&v[..]),
            _ => None,
        })
        .unwrap_or(&[])
    }

    /// `lasting DURATION`, with its place.
    pub fn lasting(self) -> Option<&'r (crate::syntax::Duration, Loc)> {
        self.find(RarePart::LASTING, |p| match p {
            RarePart::Lasting(d) => Some(d),
            _ => None,
        })
    }

    /// `extends LABEL, …`: the plans this one continues (labels folded), with their places.
    pub fn extends(self) -> &'r [(String, Loc)] {
        self.find(RarePart::EXTENDS, |p| match p {
            RarePart::Extends(v) => Some(&v[..]),
            _ => None,
        })
        .unwrap_or(&[])
    }

    /// `during LABEL`: the event this one was part of.
    pub fn during(self) -> Option<&'r (String, Loc)> {
        self.find(RarePart::DURING, |p| match p {
            RarePart::During(l) => Some(l),
            _ => None,
        })
    }

    /// `after LABEL`: the event this one followed.
    pub fn after(self) -> Option<&'r (String, Loc)> {
        self.find(RarePart::AFTER, |p| match p {
            RarePart::After(l) => Some(l),
            _ => None,
        })
    }

    /// `before LABEL`: the event this one came before.
    pub fn before(self) -> Option<&'r (String, Loc)> {
        self.find(RarePart::BEFORE, |p| match p {
            RarePart::Before(l) => Some(l),
            _ => None,
        })
    }

    /// `topic "…"`, each of them in order.
    pub fn topics(self) -> &'r [String] {
        self.find(RarePart::TOPICS, |p| match p {
            RarePart::Topics(v) => Some(&v[..]),
            _ => None,
        })
        .unwrap_or(&[])
    }

    /// `note "…"`, each of them in order.
    pub fn notes(self) -> &'r [String] {
        self.find(RarePart::NOTES, |p| match p {
            RarePart::Notes(v) => Some(&v[..]),
            _ => None,
        })
        .unwrap_or(&[])
    }

    /// `arriving DATE`: when a visitor arrived.
    pub fn arriving(self) -> Option<&'r When> {
        self.find(RarePart::ARRIVING, |p| match p {
            RarePart::Arriving(w) => Some(&**w),
            _ => None,
        })
    }

    /// `signed DATE`: when an agreement was signed.
    pub fn signed(self) -> Option<&'r When> {
        self.find(RarePart::SIGNED, |p| match p {
            RarePart::Signed(w) => Some(&**w),
            _ => None,
        })
    }

    /// `# verify: ignore[RULE] REASON` on the claim's line: findings of those rules about
    /// the claim are suppressed.
    pub fn suppress(self) -> Option<&'r crate::syntax::suppress::Suppression> {
        self.find(RarePart::SUPPRESS, |p| match p {
            RarePart::Suppress(s) => Some(&**s),
            _ => None,
        })
    }
}

impl RarePart {
    const COMING_FROM: u16 = 1;
    const PARTIES: u16 = 1 << 1;
    const LASTING: u16 = 1 << 2;
    const EXTENDS: u16 = 1 << 3;
    const DURING: u16 = 1 << 4;
    const AFTER: u16 = 1 << 5;
    const BEFORE: u16 = 1 << 6;
    const TOPICS: u16 = 1 << 7;
    const NOTES: u16 = 1 << 8;
    const ARRIVING: u16 = 1 << 9;
    const SIGNED: u16 = 1 << 10;
    const SUPPRESS: u16 = 1 << 11;

    /// The bit of its kind.
    fn kind(&self) -> u16 {
        match self {
            RarePart::ComingFrom(_) => Self::COMING_FROM,
            RarePart::Parties(_) => Self::PARTIES,
            RarePart::Lasting(_) => Self::LASTING,
            RarePart::Extends(_) => Self::EXTENDS,
            RarePart::During(_) => Self::DURING,
            RarePart::After(_) => Self::AFTER,
            RarePart::Before(_) => Self::BEFORE,
            RarePart::Topics(_) => Self::TOPICS,
            RarePart::Notes(_) => Self::NOTES,
            RarePart::Arriving(_) => Self::ARRIVING,
            RarePart::Signed(_) => Self::SIGNED,
            RarePart::Suppress(_) => Self::SUPPRESS,
        }
    }
}

/// A claim's rare parts while it is being resolved, a field for each (a later qualifier of
/// one kind replaces an earlier one, as it always has); [`RareParts::finish`] keeps what
/// was given, at its length.
#[derive(Clone, Debug, Default)]
pub struct RareParts {
    pub coming_from: Option<EntityId>,
    pub parties: Vec<EntityId>,
    pub lasting: Option<(crate::syntax::Duration, Loc)>,
    pub extends: Vec<(String, Loc)>,
    pub during: Option<(String, Loc)>,
    pub after: Option<(String, Loc)>,
    pub before: Option<(String, Loc)>,
    pub topics: Vec<String>,
    pub notes: Vec<String>,
    pub arriving: Option<When>,
    pub signed: Option<When>,
}

impl RareParts {
    /// The parts given, in a fixed order, in one allocation made for their number.
    pub fn finish(self) -> Rare {
        fn boxed<T>(v: Vec<T>) -> Option<Box<[T]>> {
            (!v.is_empty()).then(|| v.into_boxed_slice())
        }
        let given = [
            self.coming_from.map(RarePart::ComingFrom),
            boxed(self.parties).map(RarePart::Parties),
            self.lasting.map(RarePart::Lasting),
            boxed(self.extends).map(RarePart::Extends),
            self.during.map(RarePart::During),
            self.after.map(RarePart::After),
            self.before.map(RarePart::Before),
            boxed(self.topics).map(RarePart::Topics),
            boxed(self.notes).map(RarePart::Notes),
            self.arriving.map(|w| RarePart::Arriving(Box::new(w))),
            self.signed.map(|w| RarePart::Signed(Box::new(w))),
        ];
        let mut parts = Vec::with_capacity(given.iter().flatten().count());
        parts.extend(given.into_iter().flatten());
        Rare {
            parts: parts.into_boxed_slice(),
        }
    }
}

/// One of the stated times of a claim.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TimeOf {
    /// `on`, `from`, `until`.
    When,
    /// `arriving`.
    Arriving,
    /// `signed`.
    Signed,
}

impl Claim {
    /// The report the claim is in.
    pub fn report(&self) -> ReportId {
        self.report as usize
    }

    /// The innermost attributed outlet: the origin (the last link's outlet).
    pub fn origin(&self) -> OutletId {
        self.origin as usize
    }

    /// Where a visit went (`to`).
    pub fn to(&self) -> Option<EntityId> {
        self.to.map(|e| e as usize)
    }

    /// Where it happened (`in`).
    pub fn place(&self) -> Option<EntityId> {
        self.place.map(|e| e as usize)
    }

    /// Who did it (`by`).
    pub fn by(&self) -> Option<EntityId> {
        self.by.map(|e| e as usize)
    }

    /// Its rare parts (none when it has none).
    pub fn rare(&self) -> RareOf<'_> {
        RareOf {
            parts: &self.rare.parts,
            has: self.rare_has,
        }
    }

    /// Sets its rare parts.
    fn set_rare(&mut self, rare: Rare) {
        self.rare_has = rare.kinds();
        self.rare = rare;
    }

    /// Adds its suppression comment (`# verify: ignore[RULE] REASON`), read once it is
    /// resolved; a second replaces the first.
    fn set_suppress(&mut self, s: crate::syntax::suppress::Suppression) {
        self.rare.set_suppress(s);
        self.rare_has = self.rare.kinds();
    }

    /// Its stated time `which`, to be read again (a year inferred).
    fn time_mut(&mut self, which: TimeOf) -> Option<&mut When> {
        match which {
            TimeOf::When => self.when.as_mut(),
            TimeOf::Arriving | TimeOf::Signed => self.rare.time_mut(which),
        }
    }

    /// When this account was printed: its report's own publication date.
    pub fn printed(&self) -> Option<time::Fuzzy> {
        self.links.first().and_then(|l| l.published)
    }

    /// The origin's own publication date, when the claims give it (never a relay's).
    pub fn origin_published(&self) -> Option<time::Fuzzy> {
        self.links.last().and_then(|l| l.published)
    }

    /// The outlets of the chain, from the report's outlet to the origin.
    pub fn chain(&self) -> impl DoubleEndedIterator<Item = OutletId> + ExactSizeIterator + '_ {
        self.links.iter().map(Link::outlet)
    }

    /// The outlets that relayed the claim to its report, nearest to the origin first
    /// (none when the report's outlet is the origin).
    pub fn relays(&self) -> impl Iterator<Item = OutletId> + '_ {
        self.links[..self.links.len().saturating_sub(1)]
            .iter()
            .rev()
            .map(Link::outlet)
    }

    /// Whether the claim reached its report through at least one relay.
    pub fn relayed(&self) -> bool {
        self.links.len() > 1
    }

    /// The stated time `which`, if the claim has it.
    pub fn time_of(&self, which: TimeOf) -> Option<&When> {
        match which {
            TimeOf::When => self.when.as_ref(),
            TimeOf::Arriving => self.rare().arriving(),
            TimeOf::Signed => self.rare().signed(),
        }
    }

    /// Every resolved time expression of the claim.
    pub fn times(&self) -> impl Iterator<Item = &When> {
        self.when
            .iter()
            .chain(self.rare().arriving())
            .chain(self.rare().signed())
    }

    /// Its suppression comment (`# verify: ignore[RULE] REASON`), if its line has one.
    pub fn suppress(&self) -> Option<&crate::syntax::suppress::Suppression> {
        self.rare().suppress()
    }
}

/// The whole corpus, resolved.
#[derive(Debug, Default)]
pub struct Corpus {
    pub outlets: Vec<Outlet>,
    pub entities: Vec<Entity>,
    pub reports: Vec<Report>,
    pub claims: Vec<Claim>,
    /// What the corpus says about the year of each undated article it gives evidence for.
    pub inferences: Vec<Inference>,
    /// The text of each file the claims were read from, by file id (`None` for a file
    /// that was not given): where a claim written in canonical form reads its text.
    sources: Vec<Option<std::sync::Arc<String>>>,
}

/// Counts printed by `verify` as the corpus summary.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub files: usize,
    pub outlets: usize,
    pub reports: usize,
    pub entities: usize,
    pub claims: usize,
    pub times: usize,
    pub anchored: usize,
    pub borrowed: usize,
    pub inferred: usize,
    pub unresolved: usize,
}

impl Corpus {
    /// Keeps the text of each file the claims were read from (see [`Corpus::claim_text`]).
    fn set_sources(&mut self, sources: Vec<Option<std::sync::Arc<String>>>) {
        self.sources = sources;
    }

    /// A stated time in canonical spelling (`from 2024-06-26 (Wednesday) to 2024-06-28`,
    /// or a single point's `2024-06-27`): its own text when it was written otherwise, else
    /// what its line says at its place.
    pub fn when_text<'s>(&'s self, w: &'s When) -> &'s str {
        self.written(w.text.as_deref(), w.loc)
    }

    /// `own`, or what the file says at `loc` (see [`Corpus::claim_text`]).
    fn written<'s>(&'s self, own: Option<&'s str>, loc: Loc) -> &'s str {
        if let Some(own) = own {
            return own;
        }
        let written = self
            .sources
            .get(loc.file)
            .and_then(Option::as_deref)
            .and_then(|text| text.get(loc.span.range()));
        debug_assert!(written.is_some(), "a text neither kept nor written");
        written.unwrap_or_default()
    }

    /// The claim in canonical form (what it says, independent of layout and line): its
    /// own text when it was written otherwise, else what its line says at its place.
    pub fn claim_text<'s>(&'s self, c: &'s Claim) -> &'s str {
        self.written(c.text.as_deref(), c.loc)
    }

    pub fn summary(&self, files: usize) -> Summary {
        let mut s = Summary {
            files,
            outlets: self.outlets.len(),
            reports: self.reports.len(),
            entities: self.entities.len(),
            claims: self.claims.len(),
            ..Summary::default()
        };
        for w in self.claims.iter().flat_map(Claim::times) {
            s.times += 1;
            match w.anchor.kind {
                AnchorKind::Absolute => {}
                AnchorKind::Origin => s.anchored += 1,
                AnchorKind::Borrowed => s.borrowed += 1,
                AnchorKind::Inferred => s.inferred += 1,
                AnchorKind::Unresolved => s.unresolved += 1,
            }
        }
        s
    }

    /// Whose date anchored a relative date, for messages:
    /// `report alfajr-2025-04-12 (Al Fajr Al Jadid)`, or a cited outlet's name.
    pub fn describe_source(&self, s: AnchorSource) -> String {
        match s {
            AnchorSource::Report(r) => {
                let r = &self.reports[r as usize];
                format!("report `{}` ({})", r.id, self.outlets[r.outlet].name)
            }
            AnchorSource::Outlet(o) => self.outlets[o as usize].name.clone(),
            AnchorSource::Inference(i) => self.inference_text(i),
        }
    }

    /// An inference in words: `year 2023 inferred: the same event fest is dated 2023 by
    /// Agency B`, or `the evidence for the year disagrees: …`.
    pub fn inference_text(&self, i: u32) -> String {
        match self.inferences.get(i as usize) {
            Some(Inference {
                year: Some(y),
                because,
            }) => format!("year {y} inferred: {because}"),
            Some(Inference {
                year: None,
                because,
            }) => format!("the evidence for the year disagrees: {because}"),
            None => "year inferred".to_owned(),
        }
    }

    /// The outlet whose publication date an anchor is.
    pub fn anchor_outlet(&self, s: AnchorSource) -> Option<OutletId> {
        match s {
            AnchorSource::Report(r) => Some(self.reports[r as usize].outlet),
            AnchorSource::Outlet(o) => Some(o as usize),
            AnchorSource::Inference(_) => None,
        }
    }

    /// A stated time as every output shows it, saying whose date it rests on when it is
    /// not the origin's: `2024-06-26`, `2022 to 2025-12-31, read on Al Fajr Al Jadid's
    /// date 2025-04-12`, and for a time with no date to read it on what it still says,
    /// `26–28 June, year unknown`.
    pub fn time_text(&self, w: &When) -> String {
        self.period_text(&w.period, w)
    }

    /// Part of a stated time (`p`: the time itself, or its start or end), worded as
    /// [`Corpus::time_text`] words the time.
    pub fn period_text(&self, p: &time::Period, w: &When) -> String {
        // The times of day written for the whole period, not for a part of it (its start).
        let whole = *p == w.period;
        let p = if whole {
            w.period_with_times()
        } else {
            p.to_string()
        };
        match w.anchor.kind {
            AnchorKind::Absolute | AnchorKind::Origin => p,
            AnchorKind::Unresolved if whole => w.known_text(),
            AnchorKind::Unresolved => "date unknown".to_owned(),
            AnchorKind::Borrowed => {
                match (
                    w.anchor.source.and_then(|s| self.anchor_outlet(s)),
                    w.anchor.date,
                ) {
                    (Some(o), Some(d)) => {
                        format!("{p}, read on {}'s date {d}", self.outlets[o].name)
                    }
                    _ => format!("{p}, read on another outlet's date"),
                }
            }
            AnchorKind::Inferred => match w.anchor.source {
                Some(AnchorSource::Inference(i)) => format!("{p} ({})", self.inference_text(i)),
                _ => format!("{p} (year inferred)"),
            },
        }
    }

    /// The date a claim's relative dates are read against, saying whose it is when it is
    /// not the origin's own: `2025-04-12 (Al Fajr Al Jadid's date; La Libre Belgique's own
    /// is not known)`.
    pub fn anchor_text(&self, c: &Claim) -> Option<String> {
        let d = c.anchor.date?;
        let source = c.anchor.source;
        Some(
            match (c.anchor.kind, source.and_then(|s| self.anchor_outlet(s))) {
                (AnchorKind::Borrowed, Some(o)) => format!(
                    "{d} ({}'s date; {}'s own is not known)",
                    self.outlets[o].name,
                    self.outlets[c.origin()].name
                ),
                (AnchorKind::Inferred, _) => match source {
                    Some(AnchorSource::Inference(i)) => format!(
                        "some day of {d} ({}; {}'s own date is not known)",
                        self.inference_text(i),
                        self.outlets[c.origin()].name
                    ),
                    _ => d.to_string(),
                },
                _ => d.to_string(),
            },
        )
    }

    /// Who said a claim, as outputs write it: `La Libre Belgique (relayed by Royal Sharif
    /// site, then Al Fajr Al Jadid)`, the relays nearest to the origin first.
    pub fn attribution(&self, c: &Claim) -> String {
        let mut s = self.outlets[c.origin()].name.clone();
        if c.relayed() {
            let relays: Vec<&str> = c.relays().map(|o| self.outlets[o].name.as_str()).collect();
            s.push_str(&format!(" (relayed by {})", relays.join(", then ")));
        }
        s
    }

    /// Display name of an entity or value.
    pub fn value_name(&self, v: &Value) -> String {
        match v {
            Value::Entity(e) => self.entities[*e].name.clone(),
            Value::Text(t) => t.to_string(),
        }
    }
}

mod build;
pub use build::{keep_declarations, resolve, resolve_streamed};

#[cfg(test)]
mod tests {
    use super::*;

    /// Each part reads back what was given, a part not given reads as absent or empty,
    /// and a claim with no rare part keeps nothing for them.
    #[test]
    fn rare_parts_read_back_what_was_given() {
        assert!(RareParts::default().finish().parts.is_empty());
        // What the layout is for: a part the size of a label and its place, and a claim
        // that keeps one pointer and a length for all of them.
        #[cfg(target_pointer_width = "64")]
        assert_eq!(
            (std::mem::size_of::<RarePart>(), std::mem::size_of::<Rare>()),
            (48, 16)
        );
        // And a term: an entity's index beside a text's box, in the box's size.
        #[cfg(target_pointer_width = "64")]
        assert_eq!(std::mem::size_of::<Value>(), 16);
        // And a claim, without the times and the comment few claims have (`arriving`,
        // `signed`, a suppression: 24 bytes), its report and origin in four bytes each.
        #[cfg(target_pointer_width = "64")]
        assert_eq!(std::mem::size_of::<Claim>(), 264);
        let loc = |n| Loc {
            file: 0,
            span: Span { start: n, end: n },
        };
        let lasting = crate::syntax::Duration {
            n: 3,
            unit: crate::syntax::Unit::Day,
            span: Span { start: 9, end: 9 },
        };
        let rare = RareParts {
            coming_from: Some(4),
            parties: vec![1, 2],
            lasting: Some((lasting, loc(1))),
            extends: vec![("plan".into(), loc(2))],
            during: Some(("summit".into(), loc(3))),
            after: Some(("talks".into(), loc(4))),
            before: Some(("vote".into(), loc(5))),
            topics: vec!["trade".into(), "energy".into()],
            notes: vec!["n".into()],
            arriving: Some(when("on 2024-03-01")),
            signed: Some(when("on 2024-03-02")),
        }
        .finish();
        assert_eq!(rare.parts.len(), 11);
        // One bit for each kind, and only for the kinds given.
        assert_eq!(rare.kinds(), (1 << 11) - 1);
        assert_eq!(rare.of().coming_from(), Some(4));
        assert_eq!(rare.of().parties(), [1, 2]);
        assert_eq!(
            rare.of().lasting().map(|(d, l)| (d.n, *l)),
            Some((3, loc(1)))
        );
        assert_eq!(rare.of().extends(), [("plan".to_owned(), loc(2))]);
        assert_eq!(rare.of().during(), Some(&("summit".to_owned(), loc(3))));
        assert_eq!(rare.of().after(), Some(&("talks".to_owned(), loc(4))));
        assert_eq!(rare.of().before(), Some(&("vote".to_owned(), loc(5))));
        assert_eq!(rare.of().topics(), ["trade", "energy"]);
        assert_eq!(rare.of().notes(), ["n"]);
        assert_eq!(rare.of().arriving(), Some(&when("on 2024-03-01")));
        assert_eq!(rare.of().signed(), Some(&when("on 2024-03-02")));
        assert_eq!(rare.of().suppress(), None);
        // A suppression comes once the claim is resolved; a second replaces the first.
        let mut rare = rare;
        let suppression = |reason: &str| crate::syntax::suppress::Suppression {
            rules: vec!["stale-relay".into()],
            reason: reason.into(),
        };
        rare.set_suppress(suppression("first"));
        rare.set_suppress(suppression("known"));
        assert_eq!(rare.parts.len(), 12);
        assert_eq!(rare.of().suppress(), Some(&suppression("known")));
        assert_eq!(rare.of().signed(), Some(&when("on 2024-03-02")));
        // A year inferred is written into the time it is read for, and only there.
        rare.time_mut(TimeOf::Signed).unwrap().year_guessed = true;
        assert!(rare.of().signed().unwrap().year_guessed);
        assert!(!rare.of().arriving().unwrap().year_guessed);
        assert!(rare.time_mut(TimeOf::When).is_none());
        let some = RareParts {
            topics: vec!["trade".into()],
            ..RareParts::default()
        }
        .finish();
        assert_eq!(some.parts.len(), 1);
        assert_eq!(some.of().topics(), ["trade"]);
        assert_eq!((some.of().coming_from(), some.of().during()), (None, None));
        assert!(
            some.of().parties().is_empty()
                && some.of().extends().is_empty()
                && some.of().notes().is_empty()
        );
        assert_eq!(
            (
                some.of().arriving(),
                some.of().signed(),
                some.of().suppress()
            ),
            (None, None, None)
        );
    }

    /// A resolved date, for the rare parts' test.
    fn when(text: &str) -> When {
        let t = crate::syntax::parser::parse_time_expr(text).expect("a time expression");
        let anchor = resolve_time::Anchor {
            kind: resolve_time::AnchorKind::Absolute,
            date: None,
            source: None,
        };
        resolve_time::time_expr(&t, &anchor, 0).expect("resolved")
    }
}
