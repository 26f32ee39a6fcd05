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
    Text(String),
}

/// One link of a claim's attribution chain: an outlet that said it, and when that outlet's
/// own article was published, if the claims say (`report … published D`, `per X published
/// D:`). A relay's date is never the origin's: each link keeps its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Link {
    pub outlet: OutletId,
    /// The link's own publication date; `None` when it is not given.
    pub published: Option<time::Fuzzy>,
}

/// One thing a report says, fully resolved.
#[derive(Clone, Debug)]
pub struct Claim {
    pub kind: ClaimKind,
    /// The real-world event this claim is about, shared across reports.
    pub label: Option<Box<str>>,
    pub report: ReportId,
    /// The attribution chain, each link with its own publication date: first the report's
    /// outlet (this account as printed), then each `per` outlet, last the origin.
    pub links: Box<[Link]>,
    /// The innermost attributed outlet (the last link's).
    pub origin: OutletId,
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
    /// Boxed, like `signed`: rare, and a claim stays small without them.
    pub arriving: Option<Box<When>>,
    pub signed: Option<Box<When>>,
    pub status: Option<Status>,
    /// What fewer claims say, apart (boxed; `None` when the claim says none of it): read
    /// through [`Claim::rare`].
    pub rare: Option<Box<Rare>>,
    /// The publication date relative dates in this claim are read against.
    pub anchor: Anchor,
    /// The claim in canonical form: what it says, independent of layout and line.
    pub text: Box<str>,
    /// `# verify: ignore[RULE] REASON` on its line: findings of those rules about this claim
    /// are suppressed (boxed: rare).
    pub suppress: Option<Box<crate::syntax::suppress::Suppression>>,
}

/// The parts of a claim that most claims do not have, kept out of [`Claim`] so that a
/// claim stays small (a million claims are read many times over by the rules).
#[derive(Clone, Debug, Default)]
pub struct Rare {
    pub coming_from: Option<EntityId>,
    pub parties: Vec<EntityId>,
    pub lasting: Option<(crate::syntax::Duration, Loc)>,
    /// `extends LABEL, …`: the plans this one continues.
    pub extends: Vec<(String, Loc)>,
    /// `during LABEL` (boxed, like `after` and `before`: a box is a pointer where the label
    /// and its place take forty bytes, in the rare parts of half a million claims).
    pub during: Option<Box<(String, Loc)>>,
    /// `after LABEL`: the event this one followed.
    pub after: Option<Box<(String, Loc)>>,
    /// `before LABEL`: the event this one came before.
    pub before: Option<Box<(String, Loc)>>,
    pub topics: Vec<String>,
    pub notes: Vec<String>,
}

/// What a claim without any rare part has.
static NO_RARE: Rare = Rare {
    coming_from: None,
    parties: Vec::new(),
    lasting: None,
    extends: Vec::new(),
    during: None,
    after: None,
    before: None,
    topics: Vec::new(),
    notes: Vec::new(),
};

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

    /// Its rare parts (empty ones when it has none).
    pub fn rare(&self) -> &Rare {
        self.rare.as_deref().unwrap_or(&NO_RARE)
    }

    /// Its rare parts, to be written.
    pub fn rare_mut(&mut self) -> &mut Rare {
        self.rare.get_or_insert_with(Box::default)
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
        self.links.iter().map(|l| l.outlet)
    }

    /// The outlets that relayed the claim to its report, nearest to the origin first
    /// (none when the report's outlet is the origin).
    pub fn relays(&self) -> impl Iterator<Item = OutletId> + '_ {
        self.links[..self.links.len().saturating_sub(1)]
            .iter()
            .rev()
            .map(|l| l.outlet)
    }

    /// Whether the claim reached its report through at least one relay.
    pub fn relayed(&self) -> bool {
        self.links.len() > 1
    }

    /// The stated time `which`, if the claim has it.
    pub fn time_of(&self, which: TimeOf) -> Option<&When> {
        match which {
            TimeOf::When => self.when.as_ref(),
            TimeOf::Arriving => self.arriving.as_deref(),
            TimeOf::Signed => self.signed.as_deref(),
        }
    }

    /// Every resolved time expression of the claim.
    pub fn times(&self) -> impl Iterator<Item = &When> {
        self.when
            .iter()
            .chain(self.arriving.as_deref())
            .chain(self.signed.as_deref())
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
                    self.outlets[o].name, self.outlets[c.origin].name
                ),
                (AnchorKind::Inferred, _) => match source {
                    Some(AnchorSource::Inference(i)) => format!(
                        "some day of {d} ({}; {}'s own date is not known)",
                        self.inference_text(i),
                        self.outlets[c.origin].name
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
        let mut s = self.outlets[c.origin].name.clone();
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
            Value::Text(t) => t.clone(),
        }
    }
}

mod build;
pub use build::{keep_declarations, resolve, resolve_streamed};
