//! The `html` format: one self-contained page for an editor — a summary, a timeline per
//! story and a table of findings.
//!
//! - **Stories** are reports joined by the event labels their claims share (or name in
//!   `extends` / `during`) and by the findings about claims of both, so every claim about
//!   one real-world event, and both sides of every finding, are on one timeline.
//! - **Timelines** are SVG built here as text. Each claim with a resolved date gets a bar in
//!   the row of its event label and its origin outlet (one row per origin per label), on an
//!   axis spanning the bounded dates of the story. Imprecision is drawn, never hidden: an
//!   imprecise start or end fades across every day it may be (a year-precision start fades
//!   over that year), an open or unknown end runs to the edge of the axis with an arrow, and
//!   a date read on a borrowed anchor has a dashed outline. Arrival and signing days are thin
//!   marks. Claims whose date is unresolved are listed beside the timeline, not placed; when
//!   their month and day are written (`26 to 28 June`) but no year can be known, they are
//!   also drawn on a separate month-and-day strip that says so.
//! - **Findings** are drawn where they occur, chosen from the rule's condition (never from
//!   its id): an overlap of two dates (`intersects`, Allen relations that share days) as a
//!   hatched band over the span they may share, a gap (`before`, `after`, `disjoint`) as a
//!   band between them, a date outside its window (`within`) as the window outlined with a
//!   cross on the date, a weekday check as a marker on the day, a length check as an outline
//!   of the bar. Every finding touching a row also gets a numbered pin. All of them link to
//!   the finding's row in the table below, which gives the claims (`file:line`), origins,
//!   relays, dates, certainty and severity.
//!
//! Everything taken from articles — names, titles, claim text, messages, paths — goes
//! through [`escape`]; no attribute value is ever built from it except through `escape`, no
//! link leaves the page (`href` is always `#…`), and nothing is loaded from anywhere. The
//! inline script is optional: it highlights a finding's marks on hover and marks the body
//! `data-ok="1"` (errors go to `data-errors`) so a browser test can tell it ran. Output is
//! deterministic: numbers are printed with fixed precision and nothing is iterated in hash
//! order.
//!
//! The parts: `assets` (escaping, script, style, colours), `stories` (grouping),
//! `rows` (what each story's rows hold, what is not placed), `axis`, `marks` (how a
//! rule's condition is drawn), `svg` (timelines and the month-and-day strip) and
//! `page` (summary, legend, stories, findings table, problems).

mod assets;
mod axis;
mod marks;
mod page;
mod rows;
mod stories;
mod svg;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use super::{diagnostic_place, place, Emitter, Run};
use crate::calendar::MONTH_NAMES as MONTHS;
use crate::calendar::{self, Day, NEG_INF, POS_INF};
use crate::engine::Finding;
use crate::model::time::{Allen, Period};
/// Which stated time of a claim an item draws.
use crate::model::TimeOf as Which;
use crate::model::{AnchorKind, Claim, ClaimId, Corpus, OutletId, ReportId, Value, When};
use crate::rules::expr::{Expr, ExprKind, Func};
use crate::rules::{fields, Category, Level, Sureness};
use crate::syntax::ClaimKind;

use assets::*;
use axis::*;
use marks::*;
use page::*;
use rows::*;
use stories::*;
use svg::*;

pub use assets::{escape, SCRIPT};

pub struct Html;

impl Emitter for Html {
    fn emit(&self, run: &Run) -> String {
        let mut page = Page {
            run,
            out: String::new(),
            shown_in: vec![BTreeSet::new(); run.findings.len()],
            specs: run
                .rules
                .iter()
                .map(|r| (r.id.clone(), specs_of(&r.condition)))
                .collect(),
        };
        page.render();
        page.out
    }
}
