//! The syntax tree of one `.claims` file, exactly as written: no names are resolved and no
//! dates are interpreted here (that is the model's job). Every node carries the byte
//! [`Span`] it came from; strings borrow from the source text where they can.
//!
//! A document is a flat list of [`Line`]s, each with its block `depth` (0 for top-level
//! declarations and reports, 1 for what a report says, 2+ inside `per` citations). The
//! tree structure is implied by the depths, which keeps the formatter and error recovery
//! line-oriented.

use std::borrow::Cow;

pub use crate::diag::Span;

/// An identifier as written: `hammouchi`, `ap-2022`, `MA`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ident<'a> {
    pub text: &'a str,
    pub span: Span,
}

/// A quoted string with escapes (`\"`, `\\`) already applied.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Str<'a> {
    pub value: Cow<'a, str>,
    pub span: Span,
}

/// A reference to a declared entity or outlet: its id, or one of its names in quotes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NameRef<'a> {
    Id(Ident<'a>),
    Quoted(Str<'a>),
}

impl NameRef<'_> {
    pub fn span(&self) -> Span {
        match self {
            NameRef::Id(i) => i.span,
            NameRef::Quoted(s) => s.span,
        }
    }
    pub fn text(&self) -> &str {
        match self {
            NameRef::Id(i) => i.text,
            NameRef::Quoted(s) => &s.value,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Document<'a> {
    pub lines: Vec<Line<'a>>,
}

/// One physical line of the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line<'a> {
    /// Block depth: 0 top level, 1 inside a report, 2+ inside nested `per` blocks.
    pub depth: u16,
    /// Span of the line's content, without indentation and trailing comment.
    pub span: Span,
    pub item: Item<'a>,
    /// Trailing or whole-line comment, starting at `#`, trailing spaces removed.
    pub comment: Option<&'a str>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Item<'a> {
    /// An empty line (or one holding only a comment).
    Blank,
    // Declarations are boxed: they are few, and claims (most lines) stay small.
    Outlet(Box<Outlet<'a>>),
    Entity(Box<Entity<'a>>),
    Report(Box<Report<'a>>),
    Per(Per<'a>),
    Claim(Claim<'a>),
    /// A line that failed to parse; its diagnostics were reported. `opens_block` tells
    /// whether it started with `report` or `per`, so its indented lines are skipped quietly.
    Invalid {
        opens_block: bool,
    },
}

/// `outlet ID "Name" [aka "…", …] [country CC] [lang LL] [kind KIND] [url "…"]`
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outlet<'a> {
    pub id: Ident<'a>,
    pub name: Str<'a>,
    pub aliases: Vec<Str<'a>>,
    pub country: Option<Ident<'a>>,
    pub lang: Option<Ident<'a>>,
    pub kind: Option<(OutletKind, Span)>,
    pub url: Option<Str<'a>>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OutletKind {
    Daily,
    Weekly,
    Magazine,
    Site,
    Agency,
    Broadcaster,
    Official,
}

impl OutletKind {
    pub const ALL: [(OutletKind, &'static str); 7] = [
        (OutletKind::Daily, "daily"),
        (OutletKind::Weekly, "weekly"),
        (OutletKind::Magazine, "magazine"),
        (OutletKind::Site, "site"),
        (OutletKind::Agency, "agency"),
        (OutletKind::Broadcaster, "broadcaster"),
        (OutletKind::Official, "official"),
    ];
    pub fn as_str(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(k, _)| *k == self)
            .map(|(_, s)| *s)
            .unwrap_or("")
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EntityKind {
    Person,
    Org,
    Country,
    City,
    Place,
    Office,
    Event,
}

impl EntityKind {
    pub const ALL: [(EntityKind, &'static str); 7] = [
        (EntityKind::Person, "person"),
        (EntityKind::Org, "org"),
        (EntityKind::Country, "country"),
        (EntityKind::City, "city"),
        (EntityKind::Place, "place"),
        (EntityKind::Office, "office"),
        (EntityKind::Event, "event"),
    ];
    pub fn as_str(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(k, _)| *k == self)
            .map(|(_, s)| *s)
            .unwrap_or("")
    }
    /// Whether an entity of this kind can be a location (`in`, `to`, `coming from`).
    pub fn is_location(self) -> bool {
        matches!(
            self,
            EntityKind::Country | EntityKind::City | EntityKind::Place
        )
    }
}

/// `person|org|country|city|place|office|event ID "Name" [aka …] [in|of REF] [sole]`
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entity<'a> {
    pub kind: EntityKind,
    pub kind_span: Span,
    pub id: Ident<'a>,
    pub name: Str<'a>,
    pub aliases: Vec<Str<'a>>,
    /// `in COUNTRY` for places and organisations, `of COUNTRY|ORG` for offices.
    pub within: Option<NameRef<'a>>,
    /// `sole`: one holder at a time (offices only).
    pub sole: Option<Span>,
}

/// A publication date as written after `published`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Published {
    /// `published unknown`, written explicitly.
    Unknown(Span),
    /// An absolute date at day, month or year precision.
    Date(Point),
}

/// `report ID by OUTLET [published DATE|unknown] [lang LL] [url "…"] [title "…"]`
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Report<'a> {
    pub id: Ident<'a>,
    pub by: NameRef<'a>,
    pub published: Option<Published>,
    pub lang: Option<Ident<'a>>,
    pub url: Option<Str<'a>>,
    pub title: Option<Str<'a>>,
}

/// `per OUTLET [published DATE|unknown]:` — what follows, indented, is attributed to OUTLET.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Per<'a> {
    pub outlet: NameRef<'a>,
    pub published: Option<Published>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ClaimKind {
    Visit,
    Meeting,
    Plan,
    Agreement,
    Holds,
    Event,
    Award,
    Statement,
}

impl ClaimKind {
    /// Every kind with its keyword, in the order of [`KINDS`].
    pub fn all() -> Vec<(ClaimKind, &'static str)> {
        KINDS.iter().map(|k| (k.kind, k.keyword)).collect()
    }
    /// The keyword that starts a claim of this kind.
    pub fn as_str(self) -> &'static str {
        self.spec().keyword
    }
    /// Everything the language says about this kind.
    pub fn spec(self) -> &'static KindSpec {
        // KINDS lists the kinds in the order they are declared (a test checks it): a rule
        // reading `a.kind` asks this for every claim.
        match KINDS.get(self as usize) {
            Some(spec) if spec.kind == self => spec,
            _ => KINDS
                .iter()
                .find(|k| k.kind == self)
                .unwrap_or(&KINDS[KINDS.len() - 1]),
        }
    }
}

/// What a positional term of a claim must be.
#[derive(Clone, Copy, Debug)]
pub enum TermSpec {
    /// A declared entity of one of `kinds`; `what` names them in messages.
    Entity {
        kinds: &'static [EntityKind],
        what: &'static str,
    },
    /// A declared entity of one of `kinds` when the text is the name of one, else text (the
    /// subject and object of a statement: `"terrorist threat"`).
    EntityOrText {
        kinds: &'static [EntityKind],
        what: &'static str,
    },
    /// Free text (a plan's name, an award, a statement's predicate).
    Text,
}

/// Everything the claims language says about one claim kind, in one place: the parser
/// checks the terms and qualifiers against it and the resolver reads what each term must
/// be. A new claim kind is a variant of [`ClaimKind`] and an entry here.
pub struct KindSpec {
    pub kind: ClaimKind,
    pub keyword: &'static str,
    /// Whether the terms are the right number and form.
    pub terms_ok: fn(&[Term]) -> bool,
    /// The expected form, for the error when `terms_ok` fails.
    pub form: &'static str,
    /// What each positional term must be, in order; the last one stands for any further
    /// terms.
    pub terms: &'static [TermSpec],
    /// The qualifiers it accepts, in the order messages list them.
    pub quals: &'static [&'static str],
}

impl KindSpec {
    /// What term `i` must be.
    pub fn term(&self, i: usize) -> TermSpec {
        self.terms
            .get(i)
            .or(self.terms.last())
            .copied()
            .unwrap_or(TermSpec::Text)
    }
}

/// People and organisations: who visits, meets, receives an award.
pub const PEOPLE: &[EntityKind] = &[EntityKind::Person, EntityKind::Org];

/// Any declared entity.
pub const ANY_ENTITY: &[EntityKind] = &[
    EntityKind::Person,
    EntityKind::Org,
    EntityKind::Country,
    EntityKind::City,
    EntityKind::Place,
    EntityKind::Office,
    EntityKind::Event,
];

const WHO: TermSpec = TermSpec::Entity {
    kinds: PEOPLE,
    what: "a person or an organisation",
};

/// Plans and agreements: one quoted name, then their parties, period, signing and status.
const NAMED: KindSpec = KindSpec {
    kind: ClaimKind::Plan,
    keyword: "plan",
    terms_ok: |t| t.len() == 1 && matches!(t[0], Term::Text(_)),
    form: "a quoted name: `plan LABEL: \"Action plan 2022\" …`",
    terms: &[TermSpec::Text],
    quals: &[
        "parties", "on", "from", "until", "signed", "status", "extends", "by", "topic", "note",
    ],
};

/// The claim kinds of the language.
pub const KINDS: &[KindSpec] = &[
    KindSpec {
        kind: ClaimKind::Visit,
        keyword: "visit",
        terms_ok: |t| t.len() == 1,
        form: "one visitor: `visit LABEL: WHO to PLACE …`",
        terms: &[WHO],
        quals: &[
            "to",
            "coming from",
            "in",
            "with",
            "on",
            "from",
            "until",
            "lasting",
            "arriving",
            "during",
            "after",
            "before",
            "topic",
            "note",
        ],
    },
    KindSpec {
        kind: ClaimKind::Meeting,
        keyword: "meeting",
        terms_ok: |t| t.len() >= 2,
        form: "two or more participants: `meeting LABEL: A, B …`",
        terms: &[WHO],
        quals: &[
            "in", "with", "on", "from", "until", "lasting", "during", "after", "before", "topic",
            "note",
        ],
    },
    KindSpec {
        kind: ClaimKind::Plan,
        keyword: "plan",
        ..NAMED
    },
    KindSpec {
        kind: ClaimKind::Agreement,
        keyword: "agreement",
        ..NAMED
    },
    KindSpec {
        kind: ClaimKind::Holds,
        keyword: "holds",
        terms_ok: |t| t.len() == 2,
        form: "a person and an office: `holds PERSON OFFICE …`",
        terms: &[
            TermSpec::Entity {
                kinds: &[EntityKind::Person],
                what: "a person",
            },
            TermSpec::Entity {
                kinds: &[EntityKind::Office],
                what: "an office",
            },
        ],
        quals: &["on", "from", "until", "during", "note"],
    },
    KindSpec {
        kind: ClaimKind::Event,
        keyword: "event",
        terms_ok: |t| t.len() <= 1,
        form: "at most one named event: `event LABEL: [EVENT] …`",
        terms: &[TermSpec::Entity {
            kinds: &[EntityKind::Event],
            what: "a named event",
        }],
        quals: &[
            "in", "with", "on", "from", "until", "lasting", "during", "after", "before", "topic",
            "note",
        ],
    },
    KindSpec {
        kind: ClaimKind::Award,
        keyword: "award",
        terms_ok: |t| t.len() == 2,
        form: "a recipient and an award: `award LABEL: WHO \"medal\" …`",
        terms: &[WHO, TermSpec::Text],
        quals: &["by", "in", "on", "during", "after", "before", "note"],
    },
    KindSpec {
        kind: ClaimKind::Statement,
        keyword: "statement",
        terms_ok: |t| t.len() == 3,
        form: "a subject, a predicate and an object: `statement LABEL: SUBJECT predicate OBJECT …`",
        terms: &[
            TermSpec::EntityOrText {
                kinds: ANY_ENTITY,
                what: "an entity",
            },
            TermSpec::Text,
            TermSpec::EntityOrText {
                kinds: ANY_ENTITY,
                what: "an entity",
            },
        ],
        quals: &[
            "on", "from", "until", "during", "after", "before", "topic", "note",
        ],
    },
];

/// A positional term of a claim: a reference to a declared entity or a quoted text.
/// Quoted text is resolved as a name where one is expected, and kept as text otherwise.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Term<'a> {
    Id(Ident<'a>),
    Text(Str<'a>),
}

impl<'a> Term<'a> {
    pub fn span(&self) -> Span {
        match self {
            Term::Id(i) => i.span,
            Term::Text(s) => s.span,
        }
    }
    pub fn as_name(&self) -> NameRef<'a> {
        match self {
            Term::Id(i) => NameRef::Id(i.clone()),
            Term::Text(s) => NameRef::Quoted(s.clone()),
        }
    }
}

/// `KIND [LABEL:] TERM… QUALIFIER…`. The label is the real-world event's id, shared by every
/// claim about that event in any report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Claim<'a> {
    pub kind: ClaimKind,
    pub kind_span: Span,
    pub label: Option<Ident<'a>>,
    pub terms: Vec<Term<'a>>,
    pub quals: Vec<Qual<'a>>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Status {
    Expected,
    Signed,
    InForce,
    Ended,
}

impl Status {
    pub const ALL: [(Status, &'static str); 4] = [
        (Status::Expected, "expected"),
        (Status::Signed, "signed"),
        (Status::InForce, "in-force"),
        (Status::Ended, "ended"),
    ];
    pub fn as_str(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(k, _)| *k == self)
            .map(|(_, s)| *s)
            .unwrap_or("")
    }
}

/// A keyword qualifier of a claim, with the span from its keyword to its end.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Qual<'a> {
    pub span: Span,
    pub kind: QualKind<'a>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum QualKind<'a> {
    /// `to PLACE` (visit destination).
    To(NameRef<'a>),
    /// `in PLACE`.
    In(NameRef<'a>),
    /// `coming from PLACE` (where a visitor came from).
    ComingFrom(NameRef<'a>),
    /// `by ORG|PERSON` (who grants an award, who signs).
    By(NameRef<'a>),
    /// `with A, B` (further participants).
    With(Vec<NameRef<'a>>),
    /// `parties A, B` (plan or agreement parties).
    Parties(Vec<NameRef<'a>>),
    /// `on …`, `from … to …`, `from …`, `until …`: when it happened or runs.
    Time(TimeExpr),
    /// `lasting N days`.
    Lasting(Duration),
    /// `arriving POINT`: the first day of a visit, stated on its own.
    Arriving(Point),
    /// `signed POINT`.
    Signed(Point),
    Status(Status),
    /// `extends LABEL, …`: the plans this one continues.
    Extends(Vec<Ident<'a>>),
    /// `during LABEL`: the parent event this one is part of.
    During(Ident<'a>),
    /// `after LABEL`: it followed that event ("it follows the minister's visit").
    After(Ident<'a>),
    /// `before LABEL`: it came before that event.
    Before(Ident<'a>),
    /// `topic "…"` (repeatable).
    Topic(Str<'a>),
    /// `note "…"` (repeatable), free text kept with the claim.
    Note(Str<'a>),
}

impl QualKind<'_> {
    /// The keyword that introduces this qualifier (for messages and formatting).
    pub fn keyword(&self) -> &'static str {
        match self {
            QualKind::To(_) => "to",
            QualKind::In(_) => "in",
            QualKind::ComingFrom(_) => "coming from",
            QualKind::By(_) => "by",
            QualKind::With(_) => "with",
            QualKind::Parties(_) => "parties",
            QualKind::Time(t) => match t.kind {
                TimeKind::On(_) => "on",
                TimeKind::Range(..) | TimeKind::From(_) => "from",
                TimeKind::Until(_) => "until",
            },
            QualKind::Lasting(_) => "lasting",
            QualKind::Arriving(_) => "arriving",
            QualKind::Signed(_) => "signed",
            QualKind::Status(_) => "status",
            QualKind::Extends(_) => "extends",
            QualKind::During(_) => "during",
            QualKind::After(_) => "after",
            QualKind::Before(_) => "before",
            QualKind::Topic(_) => "topic",
            QualKind::Note(_) => "note",
        }
    }
}

/// When something happened or runs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimeExpr {
    pub span: Span,
    pub kind: TimeKind,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TimeKind {
    /// `on POINT` — a day, a month, a year, or a day range such as `26..28 June`.
    On(Point),
    /// `from POINT to POINT`, or `from POINT until POINT` when `until` is set (same meaning).
    Range(Point, Point, bool),
    /// `from POINT` — open end.
    From(Point),
    /// `until POINT` — open start.
    Until(Point),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Unit {
    /// Only in durations (`lasting 48 hours`) and `N hours ago`.
    Hour,
    Day,
    Week,
    Month,
    Year,
}

impl Unit {
    pub fn as_str(self, n: u32) -> &'static str {
        match (self, n == 1) {
            (Unit::Hour, true) => "hour",
            (Unit::Hour, false) => "hours",
            (Unit::Day, true) => "day",
            (Unit::Day, false) => "days",
            (Unit::Week, true) => "week",
            (Unit::Week, false) => "weeks",
            (Unit::Month, true) => "month",
            (Unit::Month, false) => "months",
            (Unit::Year, true) => "year",
            (Unit::Year, false) => "years",
        }
    }
}

/// `N hours|days|weeks|months|years`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Duration {
    pub n: u32,
    pub unit: Unit,
    pub span: Span,
}

/// Which part of a calendar unit a relative expression names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Part {
    Whole,
    Start,
    End,
}

/// Which occurrence of a weekday: `Wednesday` (the latest on or before the anchor),
/// `last Wednesday` (strictly before), `next Wednesday` (strictly after).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Which {
    Bare,
    Last,
    Next,
}

/// A point in time as written: absolute, or relative to an anchor (a publication date).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Point {
    pub span: Span,
    pub kind: PointKind,
    /// A weekday stated next to the date, `2024-06-29 (Friday)`: checked, not trusted.
    pub weekday: Option<(chrono::Weekday, Span)>,
    /// `early`, `mid` or `late` before a month or a year: a third of its days.
    pub third: Option<Third>,
    /// A time of day after a single day, `2024-06-26 evening`, `26 June 17:20`: kept for
    /// durations (how long an arrival in the evening and a departure in the morning is).
    pub time: Option<(TimeOfDay, Span)>,
}

/// A time of day written after a day: a clock time or a part of the day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TimeOfDay {
    /// `17:20`, `at 17:20`, `17h20`, `17h`.
    Clock { h: u8, m: u8 },
    /// `morning`: 06:00 to 12:00.
    Morning,
    /// `noon`: 12:00.
    Noon,
    /// `afternoon`: 12:00 to 18:00.
    Afternoon,
    /// `evening`: 18:00 to midnight.
    Evening,
    /// `night`: 21:00 to 06:00 the next morning (the night of 26 June runs into the 27th).
    Night,
}

impl TimeOfDay {
    /// The words for parts of the day, as written.
    pub const PARTS: &'static [(&'static str, TimeOfDay)] = &[
        ("morning", TimeOfDay::Morning),
        ("noon", TimeOfDay::Noon),
        ("afternoon", TimeOfDay::Afternoon),
        ("evening", TimeOfDay::Evening),
        ("night", TimeOfDay::Night),
    ];

    /// The earliest and latest minute it may stand for, counted from the start of its day
    /// (past 1440 for a night that runs into the next morning).
    pub fn minutes(self) -> (u16, u16) {
        match self {
            TimeOfDay::Clock { h, m } => {
                let t = u16::from(h) * 60 + u16::from(m);
                (t, t)
            }
            TimeOfDay::Morning => (6 * 60, 12 * 60),
            TimeOfDay::Noon => (12 * 60, 12 * 60),
            TimeOfDay::Afternoon => (12 * 60, 18 * 60),
            TimeOfDay::Evening => (18 * 60, 24 * 60),
            TimeOfDay::Night => (21 * 60, 30 * 60),
        }
    }
}

impl std::fmt::Display for TimeOfDay {
    /// `17:20`, `evening`: the canonical spelling.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TimeOfDay::Clock { h, m } => write!(f, "{h:02}:{m:02}"),
            part => {
                let name = TimeOfDay::PARTS
                    .iter()
                    .find(|(_, p)| p == part)
                    .map_or("?", |(n, _)| *n);
                f.write_str(name)
            }
        }
    }
}

/// How to read a numeric date written with slashes (`11/07/2024`): set by `date-order` in
/// `verify.toml`, since the same digits are 11 July in Morocco and 7 November in the US.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum DateOrder {
    /// Not set: a numeric date is an error that says how to set it.
    #[default]
    Unset,
    /// Day, month, year: `11/07/2024` is 11 July 2024.
    Dmy,
    /// Month, day, year: `07/11/2024` is 11 July 2024.
    Mdy,
}

/// Choices the claims language leaves to the project (`verify.toml`).
#[derive(Clone, Copy, Debug, Default)]
pub struct ParseOptions {
    pub date_order: DateOrder,
}

/// A third of a month or a year, as articles write it: `early December 2024`, `mid-2025`,
/// `late June` (the parts of TIMEX3's START, MID and END modifiers).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Third {
    Early,
    Mid,
    Late,
}

impl Third {
    /// The word as the canonical form writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Third::Early => "early",
            Third::Mid => "mid",
            Third::Late => "late",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PointKind {
    /// `2024`, `2024-06`, `2024-06-26`, `26 June 2024`, `June 2024`.
    Absolute {
        y: i32,
        m: Option<u32>,
        d: Option<u32>,
    },
    /// `26 June` or `June` (whole month): the year comes from the anchor.
    DayMonth { d: Option<u32>, m: u32 },
    /// `26..28 June [2024]`: a range of days within one month.
    DayRange {
        d1: u32,
        d2: u32,
        m: u32,
        y: Option<i32>,
    },
    /// A bare day number, only as the start of `from 26 to 28 June`.
    Day(u32),
    /// `this year`, `last month`, `next week`, `end of this year`, `start of next month`.
    Relative { unit: Unit, offset: i8, part: Part },
    /// `yesterday` (-1), `today` (0), `tomorrow` (1).
    DayOffset(i8),
    /// `3 days ago`, `2 weeks ago`, `1 month ago`.
    Ago { n: u32, unit: Unit },
    /// `Wednesday`, `last Wednesday`, `next Friday`.
    Weekday { w: chrono::Weekday, which: Which },
}

impl PointKind {
    /// Whether resolving this point needs an anchor (a publication date).
    pub fn is_relative(&self) -> bool {
        match self {
            PointKind::Absolute { .. } => false,
            PointKind::DayRange { y, .. } => y.is_none(),
            _ => true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every claim kind has exactly one entry in [`KINDS`], under its own keyword.
    #[test]
    fn every_claim_kind_has_one_spec() {
        // An exhaustive match: a new variant fails to compile here until it is listed.
        let listed = |k: ClaimKind| match k {
            ClaimKind::Visit
            | ClaimKind::Meeting
            | ClaimKind::Plan
            | ClaimKind::Agreement
            | ClaimKind::Holds
            | ClaimKind::Event
            | ClaimKind::Award
            | ClaimKind::Statement => k,
        };
        let all = [
            ClaimKind::Visit,
            ClaimKind::Meeting,
            ClaimKind::Plan,
            ClaimKind::Agreement,
            ClaimKind::Holds,
            ClaimKind::Event,
            ClaimKind::Award,
            ClaimKind::Statement,
        ];
        assert_eq!(KINDS.len(), all.len());
        for k in all.map(listed) {
            assert_eq!(KINDS.iter().filter(|s| s.kind == k).count(), 1, "{k:?}");
            assert_eq!(k.spec().kind, k);
            // In the order of the declaration, so that `spec` is found by position.
            assert_eq!(KINDS[k as usize].kind, k, "{k:?}");
            assert_eq!(
                KINDS.iter().filter(|s| s.keyword == k.as_str()).count(),
                1,
                "{k:?}"
            );
            assert!(!k.spec().terms.is_empty() && !k.spec().quals.is_empty());
        }
    }
}
