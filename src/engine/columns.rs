//! What the rules of a run read of every claim, made once for all of them: the columns of
//! the column store ARCHITECTURE.md describes, beside the claims (not yet instead of them).
//!
//! A rule walks a million claims several times (its kinds, its filter, what each side of a
//! pair must be, the values its sides must share, its sweep periods) and most of what it
//! reads is a handful of fields: the kind, the label, the stated period, the origin, the
//! outlet, the place, the people. Read from a claim, each of those is a cache line of a
//! 264-byte row (and the people a list made for each read), and a walk of the corpus moves
//! hundreds of megabytes; read from a column, it is a few bytes in a dense vector walked in
//! order. [`Columns::read`] answers those fields for the evaluator
//! with exactly the values the field registry's accessors give (a test compares them on
//! every claim of several corpora); every other field is read from the claim.

use rayon::prelude::*;
use std::borrow::Cow;

use crate::model::time::Period;
use crate::model::{AnchorKind, ClaimId, Corpus, EntityId, TimeOf};
use crate::rules::fields;
use crate::rules::value::{DateRef, DateWhat, Missing, R, V};
use crate::syntax::ast::{ClaimKind, Status};

/// A claim field a column answers, by its place in [`fields::CLAIM`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Col {
    Kind,
    Label,
    Origin,
    Outlet,
    Where,
    When,
    Status,
    People,
    /// A field that is missing when the claim lacks a part ([`Columns::has`] bit): read
    /// from the claim only when it has the part.
    Part(u8),
}

/// The claim fields served by columns, by name: a field renamed in the registry fails the
/// test that every one of them is found.
const SERVED: [(&str, Col); 11] = [
    ("kind", Col::Kind),
    ("label", Col::Label),
    ("origin", Col::Origin),
    ("outlet", Col::Outlet),
    ("where", Col::Where),
    ("when", Col::When),
    ("status", Col::Status),
    ("people", Col::People),
    ("arriving", Col::Part(Columns::ARRIVING)),
    ("signed", Col::Part(Columns::SIGNED)),
    ("lasting", Col::Part(Columns::LASTING)),
];

/// One claim's entries, made in one parallel walk of the claims, then split into columns.
#[derive(Clone, Copy)]
struct Row {
    kind: ClaimKind,
    status: Option<Status>,
    has: u8,
    origin: u32,
    outlet: u32,
    place: u32,
    when: Option<(Period, AnchorKind)>,
}

/// What the rules of a run read of every claim, one vector per field, by claim index.
#[derive(Clone)]
pub struct Columns<'c> {
    /// Each claim's label as a number ([`Columns::NO_LABEL`] for none); numbers follow the
    /// order of the labels' texts, so groups sorted by number are sorted by label.
    pub(super) label: Vec<u32>,
    /// The text of each label number.
    pub(super) labels: Vec<&'c str>,
    pub(super) kind: Vec<ClaimKind>,
    /// The stated period (`when`) and how it was anchored; `None` when the claim has none.
    when: Vec<Option<(Period, AnchorKind)>>,
    /// The innermost attributed outlet.
    pub(super) origin: Vec<u32>,
    /// The outlet of the claim's report.
    outlet: Vec<u32>,
    /// Where it happened: where a visit went (`to`), else its `in` ([`Columns::NONE`]
    /// for neither).
    place: Vec<u32>,
    status: Vec<Option<Status>>,
    /// The people of each claim (`fields::people`), one list after another: claim `c`'s
    /// are `people[people_at[c]..people_at[c + 1]]`.
    people_at: Vec<u32>,
    people: Vec<EntityId>,
    /// Which rare parts the claim has: [`Columns::ARRIVING`], [`Columns::SIGNED`],
    /// [`Columns::LASTING`].
    has: Vec<u8>,
    /// The column answering each field of [`fields::CLAIM`], by its index.
    served: Vec<Option<Col>>,
}

impl<'c> Columns<'c> {
    pub(super) const NO_LABEL: u32 = u32::MAX;
    const NONE: u32 = u32::MAX;
    const ARRIVING: u8 = 1;
    const SIGNED: u8 = 2;
    const LASTING: u8 = 4;

    pub fn new(corpus: &'c Corpus) -> Self {
        // Labels numbered in the order of their texts, from one parallel sort of the
        // claims' (label, index) pairs: equal labels are neighbours, each run one number.
        let mut by_label: Vec<(&'c str, u32)> = corpus
            .claims
            .par_iter()
            .enumerate()
            .filter_map(|(i, c)| c.label.as_deref().map(|l| (l, i as u32)))
            .collect();
        by_label.par_sort_unstable();
        let mut label = vec![Self::NO_LABEL; corpus.claims.len()];
        let mut labels: Vec<&'c str> = Vec::new();
        for (l, i) in by_label {
            if labels.last() != Some(&l) {
                labels.push(l);
            }
            label[i as usize] = labels.len() as u32 - 1;
        }
        let rows: Vec<Row> = corpus
            .claims
            .par_iter()
            .map(|c| {
                let has = [
                    (c.rare().arriving().is_some(), Self::ARRIVING),
                    (c.rare().signed().is_some(), Self::SIGNED),
                    (c.rare().lasting().is_some(), Self::LASTING),
                ]
                .into_iter()
                .filter(|&(on, _)| on)
                .fold(0, |has, (_, bit)| has | bit);
                Row {
                    kind: c.kind,
                    status: c.status,
                    has,
                    origin: c.origin() as u32,
                    outlet: corpus.reports[c.report()].outlet as u32,
                    place: c.to.or(c.place).unwrap_or(Self::NONE),
                    when: c.when.as_ref().map(|w| (w.period, w.anchor.kind)),
                }
            })
            .collect();
        // The people, read by a person's rules as their key: listed once per claim here,
        // then read as a slice (the accessor reads the claim's terms and allocates a list).
        let lists: Vec<Vec<EntityId>> = corpus
            .claims
            .par_iter()
            .map(|c| fields::people(corpus, c))
            .collect();
        let mut people_at = Vec::with_capacity(lists.len() + 1);
        let mut people = Vec::with_capacity(lists.iter().map(Vec::len).sum());
        people_at.push(0);
        for list in lists {
            people.extend(list);
            people_at.push(people.len() as u32);
        }
        let served = fields::CLAIM
            .iter()
            .map(|f| SERVED.iter().find(|(n, _)| *n == f.name).map(|(_, c)| *c))
            .collect();
        Columns {
            label,
            labels,
            kind: rows.iter().map(|r| r.kind).collect(),
            when: rows.iter().map(|r| r.when).collect(),
            origin: rows.iter().map(|r| r.origin).collect(),
            outlet: rows.iter().map(|r| r.outlet).collect(),
            place: rows.iter().map(|r| r.place).collect(),
            status: rows.iter().map(|r| r.status).collect(),
            has: rows.iter().map(|r| r.has).collect(),
            people_at,
            people,
            served,
        }
    }

    /// The field of [`fields::CLAIM`] at `field` of claim `c`, when a column answers it:
    /// the value its accessor gives. `None`: read it from the claim.
    pub(super) fn read(&'c self, corpus: &'c Corpus, c: ClaimId, field: u16) -> Option<R<'c>> {
        self.read_col(corpus, c, self.column(field)?)
    }

    /// The column answering the field of [`fields::CLAIM`] at `field`, if one does: found
    /// once when a condition is compiled, not at each read.
    pub(super) fn column(&self, field: u16) -> Option<Col> {
        *self.served.get(usize::from(field))?
    }

    /// [`Columns::read`] of the column `col`.
    #[inline]
    pub(super) fn read_col(&'c self, corpus: &'c Corpus, c: ClaimId, col: Col) -> Option<R<'c>> {
        Some(match col {
            Col::Kind => Ok(V::Str(Cow::Borrowed(self.kind[c].as_str()))),
            Col::Label => match self.label[c] {
                Self::NO_LABEL => Err(Missing),
                n => Ok(V::Str(Cow::Borrowed(self.labels[n as usize]))),
            },
            Col::Origin => Ok(V::Outlet(self.origin[c] as usize)),
            Col::Outlet => Ok(V::Outlet(self.outlet[c] as usize)),
            Col::Where => match self.place[c] {
                Self::NONE => Err(Missing),
                e => Ok(V::Entity(e as usize)),
            },
            Col::When => match self.when[c] {
                None => Err(Missing),
                Some((p, k)) => Ok(V::Period(
                    p,
                    k,
                    DateRef {
                        claim: &corpus.claims[c],
                        what: DateWhat::Stated(TimeOf::When),
                    },
                )),
            },
            Col::Status => self.status[c]
                .map(|s| V::Str(Cow::Borrowed(s.as_str())))
                .ok_or(Missing),
            Col::People => Ok(V::Ents(Cow::Borrowed(
                &self.people[self.people_at[c] as usize..self.people_at[c + 1] as usize],
            ))),
            Col::Part(bit) if self.has[c] & bit == 0 => Err(Missing),
            Col::Part(_) => return None,
        })
    }

    /// Whether claim `c` has the field of column `col` (what `has(…)` of it gives), when
    /// the column alone says: `None` for a rare part the claim has, whose accessor decides.
    #[inline]
    pub(super) fn has_col(&self, c: ClaimId, col: Col) -> Option<bool> {
        Some(match col {
            Col::Kind | Col::Origin | Col::Outlet | Col::People => true,
            Col::Label => self.label[c] != Self::NO_LABEL,
            Col::Where => self.place[c] != Self::NONE,
            Col::When => self.when[c].is_some(),
            Col::Status => self.status[c].is_some(),
            Col::Part(bit) if self.has[c] & bit == 0 => false,
            Col::Part(_) => return None,
        })
    }

    /// The stated period of claim `c` and how it was anchored (the `when` column).
    #[inline]
    pub(super) fn when(&self, c: ClaimId) -> Option<(Period, AnchorKind)> {
        self.when[c]
    }

    /// Compares what the columns answer with what the fields' accessors give, on every
    /// claim of `corpus` and every field: how many reads the columns answered, or the first
    /// that differs. The accessors are the reference (tests call this on several corpora).
    #[doc(hidden)]
    pub fn compare_with_accessors(corpus: &Corpus) -> Result<usize, String> {
        let cols = Columns::new(corpus);
        let mut answered = 0;
        for (c, claim) in corpus.claims.iter().enumerate() {
            for (i, f) in fields::CLAIM.iter().enumerate() {
                let Some(by_column) = cols.read(corpus, c, i as u16) else {
                    continue;
                };
                answered += 1;
                let by_accessor = (f.get)(corpus, claim);
                // What `has(…)` reads of the column, when the column alone says.
                let col = cols.column(i as u16).expect("a read column");
                if cols
                    .has_col(c, col)
                    .is_some_and(|has| has != by_accessor.is_ok())
                {
                    return Err(format!(
                        "has({}) of claim {c}: column {:?}, accessor {by_accessor:?}",
                        f.name,
                        cols.has_col(c, col)
                    ));
                }
                let same = match (&by_column, &by_accessor) {
                    (Err(Missing), Err(Missing)) => true,
                    (Ok(x), Ok(y)) => x == y,
                    _ => false,
                };
                if !same {
                    return Err(format!(
                        "field {} of claim {c}: column {by_column:?}, accessor {by_accessor:?}",
                        f.name
                    ));
                }
            }
        }
        Ok(answered)
    }

    /// The subjects (claims) whose label another of them has, in their order.
    pub(super) fn sharing_a_label(&self, subjects: &[super::Subj]) -> Vec<super::Subj> {
        let mut seen = vec![0u8; self.labels.len()];
        for s in subjects {
            let n = self.label[s.index()];
            if n != Self::NO_LABEL {
                seen[n as usize] = seen[n as usize].saturating_add(1);
            }
        }
        subjects
            .iter()
            .copied()
            .filter(|s| {
                let n = self.label[s.index()];
                n != Self::NO_LABEL && seen[n as usize] > 1
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every field a column serves is in the registry, under the name it is served by.
    #[test]
    fn every_served_field_is_in_the_registry() {
        for (name, _) in SERVED {
            assert!(
                fields::CLAIM.iter().any(|f| f.name == name),
                "`{name}` is served by a column but is no claim field"
            );
        }
    }
}
