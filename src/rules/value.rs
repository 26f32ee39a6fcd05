//! The values of the condition language at run time. Texts and lists borrow from the corpus
//! or the rule where they can: reading a field copies nothing. A value a claim does not
//! have is [`Missing`]: reading one makes the whole condition not applicable, except inside
//! `has(…)` and `missing(…)`.

use std::borrow::Cow;

use chrono::Weekday;

use crate::model::time::{Certainty, Period};
use crate::model::{AnchorKind, ClaimId, EntityId, OutletId};
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
    Period(Period, AnchorKind),
    Duration(Duration),
    Weekday(Weekday),
    Strs(Cow<'c, [String]>),
    Ents(Cow<'c, [EntityId]>),
    Outs(Cow<'c, [OutletId]>),
}

/// The value is absent: the condition does not apply.
#[derive(Debug)]
pub struct Missing;

/// A value, or [`Missing`].
pub type R<'c> = Result<V<'c>, Missing>;

/// `true` as definitely, `false` as never.
pub fn truth(b: bool) -> V<'static> {
    V::Truth(if b {
        Certainty::Definitely
    } else {
        Certainty::Never
    })
}
