//! The values of the condition language at run time. Texts and lists borrow from the corpus
//! or the rule where they can: reading a field copies nothing. A value a claim does not
//! have is [`Missing`]: reading one makes the whole condition not applicable, except inside
//! `has(…)` and `missing(…)`.

use std::borrow::Cow;

use chrono::Weekday;

use crate::model::time::{Certainty, Period};
use crate::model::{AnchorKind, Claim, ClaimId, EntityId, OutletId, TimeOf};
use crate::syntax::Duration;

/// A runtime value.
#[derive(Clone, Debug, PartialEq)]
pub enum V<'c> {
    Truth(Certainty),
    Int(i64),
    Str(Cow<'c, str>),
    Claim(ClaimId),
    Entity(EntityId),
    Outlet(OutletId),
    /// A period, how it was anchored, and which date of which claim it is (so that a
    /// message says whose date it is).
    Period(Period, AnchorKind, DateRef<'c>),
    Duration(Duration),
    Weekday(Weekday),
    Strs(Cow<'c, [String]>),
    Ents(Cow<'c, [EntityId]>),
    Outs(Cow<'c, [OutletId]>),
}

/// Which date of which claim a period value is.
#[derive(Clone, Copy, Debug)]
pub struct DateRef<'c> {
    pub claim: &'c Claim,
    pub what: DateWhat,
}

impl PartialEq for DateRef<'_> {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self.claim, other.claim) && self.what == other.what
    }
}

/// What kind of date of a claim a period value is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateWhat {
    /// A stated time (or its start or end).
    Stated(TimeOf),
    /// The date the claim's relative dates are read against: the origin's own, or one
    /// borrowed from a relay or the report.
    Anchor,
    /// A publication date of one link of the chain (when this account was printed, when
    /// the origin wrote it): a fact about that link.
    Publication,
}

/// The value is absent: the condition does not apply.
#[derive(Debug)]
pub struct Missing;

/// A value, or [`Missing`].
pub type R<'c> = Result<V<'c>, Missing>;

/// `true` as definitely, `false` as never.
pub fn truth(b: bool) -> V<'static> {
    V::Truth(Certainty::of(b))
}
