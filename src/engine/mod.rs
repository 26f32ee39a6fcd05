//! The rule engine: runs loaded rules over the resolved corpus and produces findings.
//!
//! Candidates are grouped by key (each key numbered once, then a counting sort; the label
//! from [`Columns`], made once per run for every rule); within a group, `pair` rules with a `sweep`
//! compare only claims whose periods may share a day (sorted by start, with an active set),
//! `sequence` rules compare neighbours in date order, and `count` rules count distinct
//! values. Nothing compares all pairs of the corpus: cost grows like n log n plus the pairs
//! inside each key group (with a sweep: plus the pairs whose periods may share a day).
//!
//! Before pairing, [`roles`] rules out claims that can never be `a` (or `b`): conjuncts of
//! the condition over one side, and fields every evaluation reads. Findings are unchanged.
//!
//! Every expression evaluated per subject or pair is compiled when the rule starts
//! ([`compiled`]: closures over the columns); the interpreter ([`eval`]) is the reference
//! it is tested against, and still runs the functions rules evaluate rarely.
//!
//! A finding's certainty comes from the three-valued condition: *definitely* gives a
//! definite finding, *possibly* a possible one, which by default is reported one level less
//! serious — a possible contradiction is never a definite error. A date comparison that
//! reads a date resolved on a borrowed anchor makes the finding at most possible.
//!
//! The engine never prints. Output order is deterministic.

mod columns;
mod compiled;
pub mod eval;
pub mod roles;

pub use columns::Columns;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::fmt::Write as _;
use std::sync::Arc;

use crate::rules::value::{Missing, V};
use compiled::{Compiler, Truth, Value};
use eval::{Env, Key};

use crate::model::time::Certainty;
use crate::model::{ClaimId, Corpus, EntityId, Loc};
use crate::rules::expr::Expr;
use crate::rules::{Category, Level, PairKey, Possible, Rule, Segment, Shape, Sureness};

/// Something a finding is about: a claim or an entity declaration, and its role (`a`, `b`).
/// It keeps ids only; the texts outputs show are made from the corpus when they are shown.
///
/// A claim or an entity by its index as a `u32`, and its role as a byte: twelve bytes in
/// all (more than half a million are held until the run ends), read through
/// [`Involved::claim`] and [`Involved::entity`]. Where it is written is the subject's own
/// place, read from the corpus ([`Involved::loc`]), never kept apart from it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Involved {
    pub role: Role,
    subject: Subj,
}

/// What an involved claim or entity is to its finding.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// The rule's `a`.
    A,
    /// The rule's `b`.
    B,
    /// One of the claims of a group (of more than two).
    Claim,
}

impl Role {
    /// As outputs write it: `a`, `b`, `claim`.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::A => "a",
            Role::B => "b",
            Role::Claim => "claim",
        }
    }
}

impl Involved {
    /// A claim, in `role`.
    pub fn claim_in(id: ClaimId, role: Role) -> Involved {
        Involved {
            role,
            subject: Subj::claim(id),
        }
    }

    /// Where the claim or entity is written.
    pub fn loc(&self, corpus: &Corpus) -> Loc {
        match self.subject {
            Subj::Claim(id) => corpus.claims[id as usize].loc,
            Subj::Entity(e) => corpus.entities[e as usize].loc,
        }
    }

    /// The claim, when it is one.
    pub fn claim(&self) -> Option<ClaimId> {
        match self.subject {
            Subj::Claim(c) => Some(c as usize),
            Subj::Entity(_) => None,
        }
    }

    /// The entity, when it is one.
    pub fn entity(&self) -> Option<EntityId> {
        match self.subject {
            Subj::Entity(e) => Some(e as usize),
            Subj::Claim(_) => None,
        }
    }

    /// The name of the claim's origin (`None` for an entity).
    pub fn origin<'c>(&self, corpus: &'c Corpus) -> Option<&'c str> {
        let cl = &corpus.claims[self.claim()?];
        Some(&corpus.outlets[cl.origin()].name)
    }

    /// The outlets that relayed the claim, nearest to the origin first: `B, then A`
    /// (`None` when the report's outlet is the origin).
    pub fn relays(&self, corpus: &Corpus) -> Option<String> {
        let cl = &corpus.claims[self.claim()?];
        cl.relayed().then(|| {
            cl.relays()
                .map(|o| corpus.outlets[o].name.as_str())
                .collect::<Vec<_>>()
                .join(", then ")
        })
    }

    /// The claim's dates, each saying whose date it rests on when it is not the origin's:
    /// `2022 to 2025-12-31, read on Al Fajr Al Jadid's date 2025-04-12`, and what an
    /// unresolved one still says: `26–28 June, year unknown`.
    pub fn dates(&self, corpus: &Corpus) -> Option<String> {
        let cl = &corpus.claims[self.claim()?];
        let mut out = String::new();
        for (what, w) in [
            ("", cl.when.as_ref()),
            ("arriving ", cl.rare().arriving()),
            ("signed ", cl.rare().signed()),
        ] {
            if let Some(w) = w {
                if !out.is_empty() {
                    out.push_str("; ");
                }
                let _ = write!(out, "{what}{}", corpus.time_text(w));
            }
        }
        (!out.is_empty()).then_some(out)
    }
}

/// A finding's identity, shown as 16 hexadecimal digits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Fingerprint(pub u64);

impl std::fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:016x}", self.0)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// Shared by every finding of the rule.
    pub rule: Arc<str>,
    pub title: Arc<str>,
    pub level: Level,
    pub category: Category,
    pub certainty: Sureness,
    /// Boxed slices, not vectors: half a million findings are held until all rules have
    /// run, and a vector's capacity is eight bytes more in each.
    pub message: Box<str>,
    pub involved: Box<[Involved]>,
    /// Built from what the finding means (rule, claims' reports, attribution and canonical
    /// text), never from line numbers.
    pub fingerprint: Fingerprint,
    /// The level the rule gives its definite findings (`level` is lower when a possible
    /// finding was demoted).
    pub rule_level: Level,
}

/// Runs every rule and returns the findings in a deterministic order.
pub fn run(rules: &[Rule], corpus: &Corpus) -> Vec<Finding> {
    let columns = Columns::new(corpus);
    finish(
        corpus,
        rules
            .iter()
            .flat_map(|r| run_rule_in(r, corpus, &columns).0)
            .collect(),
    )
}

/// The deterministic order of findings (about claims and entities of `corpus`): by the
/// place of their first claim, then rule, message and fingerprint.
pub fn finding_order(corpus: &Corpus, a: &Finding, b: &Finding) -> std::cmp::Ordering {
    fn key<'f>(
        corpus: &Corpus,
        f: &'f Finding,
    ) -> (Option<(usize, u32)>, &'f str, &'f str, Fingerprint) {
        let place = f.involved.first().map(|i| {
            let loc = i.loc(corpus);
            (loc.file, loc.span.start)
        });
        (place, &f.rule, &f.message, f.fingerprint)
    }
    key(corpus, a).cmp(&key(corpus, b))
}

/// Puts findings from several rules in their deterministic order, without duplicates.
///
/// The order is that of a stable sort by [`finding_order`]: findings that compare equal
/// keep the order they came in. It is made by sorting a small key per finding (the place
/// of its first claim as one number, and its index) rather than the findings themselves:
/// a stable sort of the findings would need a second vector as large as theirs (tens of
/// megabytes at a million claims, all of it fresh memory), and comparing findings reads
/// their messages and claims scattered in memory, which only findings at the same place
/// need. The findings are then put in that order in place.
pub fn finish(corpus: &Corpus, mut out: Vec<Finding>) -> Vec<Finding> {
    use rayon::slice::ParallelSliceMut as _;
    // The place of the first claim as one number that sorts as `finding_order` does: none
    // first, then by file and offset.
    let place = |f: &Finding| -> Option<u64> {
        f.involved.first().map_or(Some(0), |i| {
            let loc = i.loc(corpus);
            let file = u32::try_from(loc.file).ok()?.checked_add(1)?;
            Some(u64::from(file) << 32 | u64::from(loc.span.start))
        })
    };
    let order = |a: &Finding, b: &Finding| finding_order(corpus, a, b);
    // On every thread: each first claim's place is read from the corpus, a claim
    // anywhere in it.
    let keys: Option<Vec<(u64, u32)>> = if u32::try_from(out.len()).is_ok() {
        use rayon::prelude::*;
        out.par_iter()
            .enumerate()
            .map(|(i, f)| Some((place(f)?, i as u32)))
            .collect()
    } else {
        None
    };
    match keys {
        Some(mut keys) => {
            keys.par_sort_unstable_by(|&(pa, a), &(pb, b)| {
                pa.cmp(&pb)
                    .then_with(|| order(&out[a as usize], &out[b as usize]))
                    .then(a.cmp(&b))
            });
            permute(&mut out, &mut keys);
        }
        // Past four billion findings, or files: the findings themselves, stably.
        None => out.par_sort_by(order),
    }
    // Findings with one meaning (fingerprint) are reported once, wherever they sort.
    let mut seen = HashSet::default();
    out.retain(|f| seen.insert(f.fingerprint));
    out
}

/// Puts `items` in the order of the indices in `order` (each entry's `.1`, the sort key
/// beside it unread) in place: afterwards `items[k]` is what was at `order[k].1` (a
/// permutation of the indices), following each cycle of the permutation once with swaps.
/// The indices are left as the identity. Read in the sorted keys themselves, so no second
/// vector is made.
fn permute<T, K>(items: &mut [T], order: &mut [(K, u32)]) {
    debug_assert_eq!(items.len(), order.len());
    for start in 0..order.len() {
        let mut k = start;
        // A position is marked done by pointing it at itself.
        while order[k].1 as usize != k {
            let from = order[k].1 as usize;
            order[k].1 = k as u32;
            if from == start {
                break;
            }
            items.swap(k, from);
            k = from;
        }
    }
}

/// A candidate subject: a claim or an entity, by its index as a `u32`. A rule keeps
/// vectors of a million subjects (and pairs of them with group numbers); eight bytes a
/// subject instead of sixteen is less memory made and zeroed by every rule. A corpus of
/// more than four billion claims would not fit in memory as claims of its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Subj {
    Claim(u32),
    Entity(u32),
}

impl Subj {
    fn claim(c: ClaimId) -> Subj {
        debug_assert!(u32::try_from(c).is_ok(), "claim {c} past u32");
        Subj::Claim(c as u32)
    }

    fn entity(e: EntityId) -> Subj {
        debug_assert!(u32::try_from(e).is_ok(), "entity {e} past u32");
        Subj::Entity(e as u32)
    }

    /// Its index in its table (a rule's subjects are all claims or all entities).
    fn index(self) -> usize {
        match self {
            Subj::Claim(c) | Subj::Entity(c) => c as usize,
        }
    }

    fn value(self) -> V<'static> {
        match self {
            Subj::Claim(c) => V::Claim(c as usize),
            Subj::Entity(e) => V::Entity(e as usize),
        }
    }
}

struct Runner<'c> {
    rule: &'c Rule,
    /// The rule's id and title, shared by its findings.
    id: Arc<str>,
    title: Arc<str>,
    corpus: &'c Corpus,
    findings: Vec<Finding>,
    /// Conditions evaluated (candidates), for `--timings`.
    evaluated: usize,
    /// Whether pairs are narrowed by what each side must satisfy on its own (`roles`).
    sides: bool,
    /// The group of pairs being evaluated, whose findings count against the cap.
    group: Option<Group>,
    /// The run's columns (made for this rule alone when it was given none).
    columns: &'c Columns<'c>,
    /// Whether expressions run the interpreter instead of their compiled form
    /// ([`compiled`]): the reference the compiled form is tested against.
    interpret: bool,
    /// The condition and the message's values, compiled for the variables the rule's shape
    /// binds ([`layout`]); `None` for a segment of text.
    condition: Truth<'c>,
    message: Vec<Option<Value<'c>>>,
}

/// Variables as the engine binds them: `a` alone, `b` alone (what a side must be), a pair,
/// a count's group.
const A: &[&str] = &["a"];
const B: &[&str] = &["b"];
const AB: &[&str] = &["a", "b"];
const COUNTED: &[&str] = &["a", "n", "key", "values"];

/// The variables the condition and message of a rule of this shape see, in the order
/// [`Runner::finding_for`] binds them.
fn layout(shape: &Shape) -> &'static [&'static str] {
    match shape {
        Shape::Each => A,
        Shape::Pair { .. } | Shape::Sequence { .. } => AB,
        Shape::Count { .. } => COUNTED,
    }
}

/// Findings of one group of pairs (one key): shown up to the rule's cap, then counted.
struct Group {
    key: String,
    first: Subj,
    shown: usize,
    over: usize,
    over_definite: usize,
    over_level: Option<Level>,
    /// Members of the group, and how many pairs they could form at most.
    members: usize,
    possible: u64,
    /// Pairs formed by the key (and sweep), up to [`Rule::max_pairs_per_group`]; whether
    /// forming stopped there; pairs whose condition was evaluated.
    formed: u64,
    cut: bool,
    evaluated: u64,
}

/// A member of a sweep: its period, its `distinct` value (as a number), itself.
type SweepItem = (crate::model::time::Period, Option<u32>, Subj);

/// What a pair rule reads of each of its subjects before pairing, evaluated once per
/// subject rather than once per group it is in (a claim about three people is in three
/// groups of `a.people`): its sweep period, and its `distinct` value as a number (equal
/// values, equal numbers; `None` when the rule has no `distinct` or the subject lacks the
/// value, and then it equals no other).
struct Memo {
    /// Position of each subject (by its index in its table) in the vectors below.
    slot: Vec<u32>,
    period: Vec<Option<crate::model::time::Period>>,
    distinct: Vec<Option<u32>>,
}

impl Memo {
    fn at(&self, s: Subj) -> usize {
        self.slot[s.index()] as usize
    }
}

/// Subjects grouped by key: each key is hashed once to a dense group number, then the
/// subjects are placed group after group (a counting sort, keeping their order), so a
/// group is a slice of one vector, not a vector of its own.
struct Groups<'c> {
    /// Each group's key, by group number.
    keys: Vec<Key<'c>>,
    /// Group number by key, for joins (empty unless asked for: see [`Runner::group`]).
    ids: HashMap<Key<'c>, u32>,
    /// Where each group's members start in `members`; one more entry for the end.
    starts: Vec<usize>,
    members: Vec<Subj>,
    /// Numbers in the order of the keys, when the keys came numbered ([`Columns`]).
    rank: Option<Vec<u32>>,
}

impl<'c> Groups<'c> {
    /// Groups `(group number, subject)` entries, given in subject order, `keys` being each
    /// group number's key.
    fn new(entries: Vec<(u32, Subj)>, keys: Vec<Key<'c>>, ids: HashMap<Key<'c>, u32>) -> Self {
        let mut starts = vec![0usize; keys.len() + 1];
        for &(g, _) in &entries {
            starts[g as usize + 1] += 1;
        }
        for i in 1..starts.len() {
            starts[i] += starts[i - 1];
        }
        let mut next = starts.clone();
        let mut members = vec![Subj::Claim(0); entries.len()];
        for (g, s) in entries {
            members[next[g as usize]] = s;
            next[g as usize] += 1;
        }
        Groups {
            keys,
            ids,
            starts,
            members,
            rank: None,
        }
    }

    fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// The members of group `g`.
    fn members(&self, g: usize) -> &[Subj] {
        &self.members[self.starts[g]..self.starts[g + 1]]
    }

    /// The members of the group of `key`, if any (groups made `indexed`).
    fn get(&self, key: &Key<'c>) -> Option<&[Subj]> {
        self.ids.get(key).map(|&g| self.members(g as usize))
    }

    /// The groups in the order of their keys.
    fn sorted(&self) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.keys.len()).collect();
        match &self.rank {
            Some(rank) => order.sort_unstable_by_key(|&g| rank[g]),
            None => order.sort_by(|&x, &y| self.keys[x].cmp(&self.keys[y])),
        }
        order
    }
}

/// The groups of each subject under a key that may give it several (a list): a pair of
/// subjects that share several keys is evaluated once, in the group of the first key they
/// share. By the subject's position among those grouped, the ranks of its groups in the
/// order of their keys, sorted.
struct Own {
    /// Where each subject's ranks start in `ranks`; one more entry for the end.
    starts: Vec<u32>,
    ranks: Vec<u32>,
    /// The rank of each group, by group number.
    rank: Vec<u32>,
}

impl Own {
    /// The sorted ranks of the groups of the subject at position `i`.
    fn of(&self, i: usize) -> &[u32] {
        &self.ranks[self.starts[i] as usize..self.starts[i + 1] as usize]
    }
}

/// What a pair must have for its condition to hold, read once per subject, by position in
/// the rule's subjects (as [`Memo`]):
/// - for each equality of the condition ([`roles::equalities`]), the number of each
///   subject's value as `a` and as `b` ([`Agreement::NONE`] when it has none): equal values,
///   equal numbers;
/// - for each relation of periods ([`roles::relations`]), each subject's period as `a`
///   and as `b` (`None` when it has none; the `b` side is the `a` side's when both read
///   the same path).
struct Agreement<'c> {
    values: Vec<(Vec<u32>, Vec<u32>)>,
    relations: Vec<(roles::Relation<'c>, Periods, Option<Periods>)>,
}

type Periods = Vec<Option<crate::model::time::Period>>;

impl Agreement<'_> {
    const NONE: u32 = u32::MAX;

    /// Whether `a` and `b` have equal values for every equality and periods that make each
    /// relation definite: otherwise the condition cannot hold for the pair (a, b).
    fn agree(&self, memo: &Memo, a: Subj, b: Subj) -> bool {
        let (i, j) = (memo.at(a), memo.at(b));
        self.values
            .iter()
            .all(|(on_a, on_b)| on_a[i] != Self::NONE && on_a[i] == on_b[j])
            && self.relations.iter().all(|(r, on_a, on_b)| {
                match (&on_a[i], &on_b.as_ref().unwrap_or(on_a)[j]) {
                    (Some(p), Some(q)) => r.can_hold(p, q),
                    _ => false,
                }
            })
    }
}

/// What each subject of a pair rule can be, by subject index: bit 1 `a`, bit 2 `b`
/// (`engine::roles`); `None` when every subject can be both.
struct Sides(Option<Vec<u8>>);

impl Sides {
    fn can(&self, s: Subj, a: bool) -> bool {
        match &self.0 {
            None => true,
            Some(bits) => bits[s.index()] & if a { 1 } else { 2 } != 0,
        }
    }

    fn any(&self, s: Subj) -> bool {
        match &self.0 {
            None => true,
            Some(bits) => bits[s.index()] != 0,
        }
    }
}

/// At most this many claims are located in one `count` finding (a group of 500,000 accounts
/// of one label would otherwise print 500,000 locations); its message says how many there are.
pub const MAX_INVOLVED: usize = 100;

/// A finding's fingerprint from its rule and the group it is about (ids, not display names),
/// so that it does not change as the group gains or loses members.
fn group_fingerprint(corpus: &Corpus, rule: &str, key: &Key<'_>) -> Fingerprint {
    let text = match key {
        Key::Str(s) => format!("text\x01{s}"),
        Key::Entity(e) => format!("entity\x01{}", corpus.entities[*e].id),
        Key::Outlet(o) => format!("outlet\x01{}", corpus.outlets[*o].id),
        Key::Set(v) => v.iter().fold("set".to_owned(), |mut t, e| {
            t.push('\x01');
            t.push_str(&corpus.entities[*e].id);
            t
        }),
    };
    Fingerprint(fnv(&[rule.as_bytes(), b"\0group\x01", text.as_bytes()]))
}

/// Whether `key` is `a.label`, the claim's label (read from [`Columns`]).
fn is_label(key: &Expr) -> bool {
    matches!(&key.kind, crate::rules::expr::ExprKind::Path(var, path)
        if var == "a" && path.len() == 1 && path[0].name == "label")
}

/// A claim's part of a fingerprint, `claim␁REPORT␁OUTLET>OUTLET…␁TEXT`, as pieces: what it
/// says and who said it, never where (the export's `claim_fp` hashes the same).
pub fn claim_part(c: &Corpus, id: ClaimId) -> Vec<&[u8]> {
    let cl = &c.claims[id];
    let mut p: Vec<&[u8]> = Vec::with_capacity(6 + 2 * cl.links.len());
    p.extend([
        b"claim\x01" as &[u8],
        c.reports[cl.report()].id.as_bytes(),
        b"\x01",
    ]);
    for (n, o) in cl.chain().enumerate() {
        if n > 0 {
            p.push(b">");
        }
        p.push(c.outlets[o].id.as_bytes());
    }
    p.extend([b"\x01" as &[u8], c.claim_text(cl).as_bytes()]);
    p
}

/// An entity's part of a fingerprint, `entity␁ID`.
pub fn entity_part(c: &Corpus, e: EntityId) -> Vec<&[u8]> {
    vec![b"entity\x01" as &[u8], c.entities[e].id.as_bytes()]
}

/// FNV-1a over the pieces, in order.
pub fn fnv(pieces: &[&[u8]]) -> u64 {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in pieces.iter().flat_map(|p| p.iter()) {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x100000001b3);
    }
    h
}

/// The smallest key in both sorted lists.
fn first_shared<'a, T: Ord>(a: &'a [T], b: &[T]) -> Option<&'a T> {
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => return Some(&a[i]),
        }
    }
    None
}

/// Calls `pair` for each two members of a sweep whose periods may share a day, as they are
/// found: sorted by earliest start, the periods that may still be running are kept,
/// bucketed by their `distinct` value so that pairs with equal values are never formed.
/// Each step costs the pairs it yields plus the periods it retires (each once): time
/// O(n log n + pairs), memory O(n) (pairs are never collected). `pair` returns `false` to
/// stop the sweep.
fn sweep_pairs(items: Vec<SweepItem>, mut pair: impl FnMut(Subj, Subj) -> bool) {
    use crate::model::time::Period;
    let mut buckets: Vec<Vec<(Period, Subj)>> = Vec::new();
    let mut index: HashMap<Option<u32>, usize> = HashMap::default();
    let mut live: Vec<usize> = Vec::new();
    let mut go = true;
    for (p, k, s) in items {
        let own = *index.entry(k).or_insert_with(|| {
            buckets.push(Vec::new());
            buckets.len() - 1
        });
        let skip_own = k.is_some();
        live.retain(|&b| {
            if skip_own && b == own {
                return true;
            }
            let bucket = &mut buckets[b];
            bucket.retain(|(q, _)| q.end.latest >= p.start.earliest);
            for (q, t) in bucket.iter() {
                if go && eval::may_intersect(&q.start, &q.end, &p.start, &p.end) {
                    go = pair(*t, s);
                }
            }
            !bucket.is_empty()
        });
        if !go {
            return;
        }
        if buckets[own].is_empty() && !live.contains(&own) {
            live.push(own);
        }
        buckets[own].push((p, s));
    }
}

/// Runs one rule.
pub fn run_rule(rule: &Rule, corpus: &Corpus) -> Vec<Finding> {
    run_rule_counted(rule, corpus).0
}

/// Runs one rule; also returns how many candidates its condition was evaluated on.
pub fn run_rule_counted(rule: &Rule, corpus: &Corpus) -> (Vec<Finding>, usize) {
    run_rule_with(rule, corpus, true, None, false)
}

/// [`run_rule_counted`] with the columns of the run, made once for all its rules.
pub fn run_rule_in<'c>(
    rule: &'c Rule,
    corpus: &'c Corpus,
    columns: &'c Columns<'c>,
) -> (Vec<Finding>, usize) {
    run_rule_with(rule, corpus, true, Some(columns), false)
}

#[doc(hidden)]
/// Runs one rule evaluating its condition on every pair the key (and sweep) forms, without
/// first ruling out claims that cannot be `a` or `b`: the reference the narrowing is tested
/// against. Same findings, more work.
pub fn run_rule_every_pair(rule: &Rule, corpus: &Corpus) -> Vec<Finding> {
    run_rule_with(rule, corpus, false, None, false).0
}

#[doc(hidden)]
/// Runs one rule with every expression interpreted, none compiled ([`compiled`]): the
/// reference the compiled form is tested against. Same findings, more work.
pub fn run_rule_interpreted(rule: &Rule, corpus: &Corpus) -> Vec<Finding> {
    run_rule_with(rule, corpus, true, None, true).0
}

fn run_rule_with<'c>(
    rule: &'c Rule,
    corpus: &'c Corpus,
    sides: bool,
    columns: Option<&'c Columns<'c>>,
    interpret: bool,
) -> (Vec<Finding>, usize) {
    let own;
    let columns = match columns {
        Some(c) => c,
        None => {
            own = Columns::new(corpus);
            &own
        }
    };
    let mut r = Runner::new(rule, corpus, columns, sides, interpret);
    let subjects = r.subjects();
    match &rule.shape {
        Shape::Each => {
            for s in subjects {
                r.try_finding(&[("a", s)]);
            }
        }
        Shape::Pair {
            key,
            sweep,
            ordered,
            distinct,
        } => r.pairs(&subjects, key, sweep.as_ref(), *ordered, distinct.as_ref()),
        Shape::Sequence { key, order } => r.sequence(&subjects, key, order),
        Shape::Count { key, count } => r.count(&subjects, key, count),
    }
    (r.findings, r.evaluated)
}

impl<'c> Runner<'c> {
    /// A runner of `rule`, its condition and message compiled (or, with `interpret`, left
    /// to the interpreter).
    fn new(
        rule: &'c Rule,
        corpus: &'c Corpus,
        columns: &'c Columns<'c>,
        sides: bool,
        interpret: bool,
    ) -> Self {
        let compiler = Compiler {
            corpus,
            columns,
            params: &rule.params,
            layout: layout(&rule.shape),
            subject: subject_ty(rule),
            interpret,
        };
        Runner {
            rule,
            id: Arc::from(rule.id.as_str()),
            title: Arc::from(rule.title.as_str()),
            corpus,
            findings: Vec::new(),
            evaluated: 0,
            sides,
            group: None,
            columns,
            interpret,
            condition: compiler.truth(&rule.condition),
            message: rule
                .message
                .iter()
                .map(|seg| match seg {
                    Segment::Text(_) => None,
                    Segment::Value(e) => Some(compiler.value(e)),
                })
                .collect(),
        }
    }

    fn env<'v>(&self, vars: &'v [(&'static str, V<'c>)]) -> Env<'c, 'v> {
        Env {
            corpus: self.corpus,
            columns: self.columns,
            vars,
            params: &self.rule.params,
            borrowed: std::cell::Cell::new(false),
        }
    }

    fn subjects(&self) -> Vec<Subj> {
        let filter = self.rule.filter.as_ref().map(|f| self.compiler(A).truth(f));
        let kept = |s: Subj| {
            filter.as_ref().is_none_or(|f| {
                matches!(f(&self.env(&[("a", s.value())])), Ok(Certainty::Definitely))
            })
        };
        match self.rule.over {
            // The kinds are read from their column: no claim is touched. Kinds and filter
            // in one pass, into a vector sized once (growing one by doubling copied up to
            // eight megabytes into fresh pages at a million claims, for every rule).
            crate::rules::Over::Claims => {
                let kinds = &self.rule.kinds;
                let mut out = Vec::with_capacity(self.columns.kind.len());
                for (i, k) in self.columns.kind.iter().enumerate() {
                    if (kinds.is_empty() || kinds.contains(k)) && kept(Subj::claim(i)) {
                        out.push(Subj::claim(i));
                    }
                }
                out
            }
            crate::rules::Over::Entities => (0..self.corpus.entities.len())
                .map(Subj::entity)
                .filter(|&s| kept(s))
                .collect(),
        }
    }

    /// How many claims (or entities) the rule's subjects are drawn from: the size of a
    /// vector indexed by [`Subj::index`].
    fn table_len(&self) -> usize {
        match self.rule.over {
            crate::rules::Over::Claims => self.corpus.claims.len(),
            crate::rules::Over::Entities => self.corpus.entities.len(),
        }
    }

    /// Compiles `e` for the variables `layout` ([`compiled`]).
    fn compiler(&self, layout: &'static [&'static str]) -> Compiler<'c> {
        Compiler {
            corpus: self.corpus,
            columns: self.columns,
            params: &self.rule.params,
            layout,
            subject: subject_ty(self.rule),
            interpret: self.interpret,
        }
    }

    /// `e` compiled for a subject bound as `a` ([`Runner::on`]).
    fn for_subject(&self, e: &'c Expr) -> Value<'c> {
        self.compiler(A).value(e)
    }

    /// The value of `e`, compiled by [`Runner::for_subject`], with `s` bound as `a`.
    fn on(&self, e: &Value<'c>, s: Subj) -> Result<V<'c>, Missing> {
        e(&self.env(&[("a", s.value())]))
    }

    /// Groups subjects by the keys an expression gives them (a list gives several keys);
    /// with `only`, keys outside it are left out (a join's right side needs only the keys
    /// its left side has). `indexed` groups can be looked up by key ([`Groups::get`], and
    /// as `only`): a join's; the others are only walked in key order.
    fn group(
        &self,
        subjects: &[Subj],
        key: &'c Expr,
        as_set: bool,
        only: Option<&Groups<'c>>,
        indexed: bool,
    ) -> Groups<'c> {
        if self.rule.over == crate::rules::Over::Claims && is_label(key) {
            return self.group_by_label(subjects, only, indexed);
        }
        self.group_by_eval(subjects, key, as_set, only)
    }

    /// [`Runner::group`] evaluating the key on each subject.
    fn group_by_eval(
        &self,
        subjects: &[Subj],
        key: &'c Expr,
        as_set: bool,
        only: Option<&Groups<'c>>,
    ) -> Groups<'c> {
        self.group_by_eval_owned(subjects, key, as_set, only, false)
            .0
    }

    /// [`Runner::group_by_eval`], and with `own` each subject's groups ([`Own`]), read off
    /// the same evaluation of the key.
    fn group_by_eval_owned(
        &self,
        subjects: &[Subj],
        key: &'c Expr,
        as_set: bool,
        only: Option<&Groups<'c>>,
        own: bool,
    ) -> (Groups<'c>, Option<Own>) {
        let mut ids: HashMap<Key<'c>, u32> = HashMap::default();
        let mut keys: Vec<Key<'c>> = Vec::new();
        let mut entries: Vec<(u32, Subj)> = Vec::with_capacity(subjects.len());
        // Where each subject's entries start (they are pushed subject after subject).
        let mut firsts: Vec<u32> = Vec::with_capacity(if own { subjects.len() + 1 } else { 0 });
        let key = self.for_subject(key);
        for &s in subjects {
            if own {
                firsts.push(entries.len() as u32);
            }
            if let Ok(v) = self.on(&key, s) {
                let ks = if as_set {
                    eval::set_key(v)
                } else {
                    eval::keys(v)
                };
                for k in ks {
                    if only.is_some_and(|o| !o.ids.contains_key(&k)) {
                        continue;
                    }
                    let g = *ids.entry(k).or_insert_with_key(|k| {
                        keys.push(k.clone());
                        keys.len() as u32 - 1
                    });
                    entries.push((g, s));
                }
            }
        }
        // Each entry's group, subject after subject, before the groups take the entries.
        let of_subjects: Vec<u32> = if own {
            entries.iter().map(|&(g, _)| g).collect()
        } else {
            Vec::new()
        };
        let groups = Groups::new(entries, keys, ids);
        let own = own.then(|| {
            firsts.push(of_subjects.len() as u32);
            let mut rank = vec![0u32; groups.keys.len()];
            for (r, g) in groups.sorted().into_iter().enumerate() {
                rank[g] = r as u32;
            }
            let mut ranks: Vec<u32> = of_subjects.iter().map(|&g| rank[g as usize]).collect();
            for w in firsts.windows(2) {
                ranks[w[0] as usize..w[1] as usize].sort_unstable();
            }
            Own {
                starts: firsts,
                ranks,
                rank,
            }
        });
        (groups, own)
    }

    /// [`Runner::group`] for the key `a.label`, from the label column: no text is read or
    /// hashed per claim.
    fn group_by_label(
        &self,
        subjects: &[Subj],
        only: Option<&Groups<'c>>,
        indexed: bool,
    ) -> Groups<'c> {
        let cols = self.columns;
        let mut local = vec![u32::MAX; cols.labels.len()];
        let mut keys: Vec<Key<'c>> = Vec::new();
        let mut rank: Vec<u32> = Vec::new();
        let mut entries: Vec<(u32, Subj)> = Vec::with_capacity(subjects.len());
        for &s in subjects {
            let n = cols.label[s.index()];
            if n == Columns::NO_LABEL {
                continue;
            }
            if local[n as usize] == u32::MAX {
                let key = Key::Str(std::borrow::Cow::Borrowed(cols.labels[n as usize]));
                if only.is_some_and(|o| !o.ids.contains_key(&key)) {
                    continue;
                }
                local[n as usize] = keys.len() as u32;
                keys.push(key);
                rank.push(n);
            }
            entries.push((local[n as usize], s));
        }
        let ids = if indexed {
            keys.iter()
                .enumerate()
                .map(|(g, k)| (k.clone(), g as u32))
                .collect()
        } else {
            HashMap::default()
        };
        let mut groups = Groups::new(entries, keys, ids);
        groups.rank = Some(rank);
        groups
    }

    fn pairs(
        &mut self,
        subjects: &[Subj],
        key: &'c PairKey,
        sweep: Option<&'c Expr>,
        ordered: bool,
        distinct: Option<&'c Expr>,
    ) {
        // Which subjects can be `a`, which `b` (see `roles`): the others are never paired.
        // `None`: the condition demands nothing of one side alone, every subject can be both.
        // A join whose left key no subject has forms no pair: nothing else is evaluated.
        if let PairKey::Join { left, .. } = key {
            let left = self.for_subject(left);
            let some = subjects
                .iter()
                .any(|&s| self.on(&left, s).is_ok_and(|v| !eval::keys(v).is_empty()));
            if !some {
                return;
            }
        }
        // Keyed by label, a claim whose label no other subject has is alone in its group:
        // it is never paired, so nothing is read of it (a third of the labelled claims of a
        // generated corpus). Part of the narrowing that trying every pair leaves out.
        let shared;
        let subjects = match key {
            PairKey::Same(k)
                if self.sides && self.rule.over == crate::rules::Over::Claims && is_label(k) =>
            {
                shared = self.columns.sharing_a_label(subjects);
                &shared[..]
            }
            _ => subjects,
        };
        let sides = self.sides(subjects);
        let can = |s: Subj, a: bool| sides.can(s, a);
        let subjects: Vec<Subj> = subjects.iter().copied().filter(|&s| sides.any(s)).collect();
        let memo = self.memo(&subjects, sweep, distinct);
        let agreement = self.agreement(&subjects);
        // The pair (x, y) as (a, b): each side can take its role, and they agree on the
        // condition's equalities.
        let fits = |x: Subj, y: Subj| can(x, true) && can(y, false) && agreement.agree(&memo, x, y);
        // A pair can meet in several groups only when a key is a list: it is evaluated in
        // the group of the smallest key its two sides share (no set of pairs seen is kept).
        let multi = |e: &Expr| e.ty.element().is_some();
        match key {
            PairKey::Same(k) => {
                // A list key: each subject's groups, from the one evaluation of the key
                // that groups them (by position in `subjects`, which `memo` knows).
                let (groups, own) = if multi(k) {
                    self.group_by_eval_owned(&subjects, k, false, None, true)
                } else {
                    (self.group(&subjects, k, false, None, false), None)
                };
                for g in groups.sorted() {
                    let (gk, members) = (&groups.keys[g], groups.members(g));
                    // A pair needs two members, one that can be `a` and one that can be `b`.
                    if members.len() < 2
                        || !members.iter().any(|&s| can(s, true))
                        || !members.iter().any(|&s| can(s, false))
                    {
                        continue;
                    }
                    let m = members.len() as u64;
                    let possible = if ordered && sweep.is_none() {
                        m * (m - 1)
                    } else {
                        m * (m - 1) / 2
                    };
                    self.begin_group(gk, members[0], members.len(), possible);
                    let here = |x: Subj, y: Subj| match &own {
                        None => true,
                        Some(own) => {
                            first_shared(own.of(memo.at(x)), own.of(memo.at(y)))
                                == Some(&own.rank[g])
                        }
                    };
                    match sweep {
                        // The sweep lists pairs in no particular direction.
                        Some(_) => {
                            let items = Self::sweep_items(&memo, members);
                            sweep_pairs(items, |x, y| {
                                if !self.form() {
                                    return false;
                                }
                                if here(x, y) {
                                    self.undirected(x, y, ordered, &fits);
                                }
                                true
                            });
                        }
                        // Each `a`-capable member with each `b`-capable one (after it, when
                        // the rule is not ordered), evaluated as they are formed.
                        None => {
                            let keyed: Vec<(Option<u32>, Subj)> = members
                                .iter()
                                .map(|&s| (memo.distinct[memo.at(s)], s))
                                .collect();
                            // Only sides that can take their role are visited: the work
                            // is the pairs formed, each counted against the budget.
                            let side = |role_a: bool| -> Vec<usize> {
                                (0..keyed.len())
                                    .filter(|&i| can(keyed[i].1, role_a))
                                    .collect()
                            };
                            let (a_side, b_side) = (side(true), side(false));
                            'outer: for &i in &a_side {
                                let from = if ordered {
                                    0
                                } else {
                                    b_side.partition_point(|&j| j <= i)
                                };
                                let (ka, a) = &keyed[i];
                                for &j in &b_side[from..] {
                                    let (kb, b) = &keyed[j];
                                    if a == b {
                                        continue;
                                    }
                                    if !self.form() {
                                        break 'outer;
                                    }
                                    if (ka.is_some() && ka == kb)
                                        || !here(*a, *b)
                                        || !agreement.agree(&memo, *a, *b)
                                    {
                                        continue;
                                    }
                                    self.try_finding(&[("a", *a), ("b", *b)]);
                                }
                            }
                        }
                    }
                    self.end_group();
                }
            }
            PairKey::Join { left, right } => {
                let lefts = self.group(&subjects, left, false, None, true);
                if lefts.is_empty() {
                    return;
                }
                let rights = self.group(&subjects, right, false, Some(&lefts), true);
                let (own_l, own_r) = if multi(left) || multi(right) {
                    (
                        Some(self.keys_of(&subjects, left)),
                        Some(self.keys_of(&subjects, right)),
                    )
                } else {
                    (None, None)
                };
                for g in lefts.sorted() {
                    let (k, ls) = (&lefts.keys[g], lefts.members(g));
                    let Some(rs) = rights.get(k) else { continue };
                    let possible = ls.len() as u64 * rs.len() as u64;
                    let members = ls.iter().chain(rs).collect::<HashSet<_>>().len();
                    self.begin_group(k, ls[0], members, possible);
                    'join: for &a in ls.iter().filter(|&&a| can(a, true)) {
                        for &b in rs.iter().filter(|&&b| can(b, false)) {
                            if !self.form() {
                                break 'join;
                            }
                            let here = match (&own_l, &own_r) {
                                (Some(l), Some(r)) => first_shared(&l[&a], &r[&b]) == Some(k),
                                _ => true,
                            };
                            if a != b && here && agreement.agree(&memo, a, b) {
                                self.try_finding(&[("a", a), ("b", b)]);
                            }
                        }
                    }
                    self.end_group();
                }
            }
        }
    }

    /// An undirected candidate pair: evaluated once as (lower, higher), and the other way
    /// too for ordered rules, each way only where `fits` allows it (each side can take its
    /// role, the two agree on the condition's equalities).
    fn undirected(&mut self, x: Subj, y: Subj, ordered: bool, fits: &dyn Fn(Subj, Subj) -> bool) {
        if x == y {
            return;
        }
        let (lo, hi) = if x <= y { (x, y) } else { (y, x) };
        if fits(lo, hi) {
            self.try_finding(&[("a", lo), ("b", hi)]);
        }
        if ordered && fits(hi, lo) {
            self.try_finding(&[("a", hi), ("b", lo)]);
        }
    }

    /// Each subject's keys under `key`, sorted.
    fn keys_of(&self, subjects: &[Subj], key: &'c Expr) -> HashMap<Subj, Vec<Key<'c>>> {
        let key = self.for_subject(key);
        subjects
            .iter()
            .map(|&s| {
                let mut ks = self.on(&key, s).map(eval::keys).unwrap_or_default();
                ks.sort();
                ks.dedup();
                (s, ks)
            })
            .collect()
    }

    /// Starts a group of `members` subjects that can form at most `possible` pairs: its
    /// findings are counted against the rule's cap, the pairs it forms against its budget.
    fn begin_group(&mut self, key: &Key<'c>, first: Subj, members: usize, possible: u64) {
        self.group = Some(Group {
            key: eval::key_text(self.corpus, key),
            first,
            shown: 0,
            over: 0,
            over_definite: 0,
            over_level: None,
            members,
            possible,
            formed: 0,
            cut: false,
            evaluated: 0,
        });
    }

    /// Counts one pair formed in the current group against its budget: `false` once the
    /// budget is spent (the pair is not evaluated, and forming stops).
    fn form(&mut self) -> bool {
        let Some(g) = &mut self.group else {
            return true;
        };
        if g.formed >= self.rule.max_pairs_per_group {
            g.cut = true;
            return false;
        }
        g.formed += 1;
        true
    }

    /// Ends a group: findings past the cap become one finding that counts them.
    fn end_group(&mut self) {
        let Some(g) = self.group.take() else { return };
        let rule = self.rule;
        if g.cut {
            self.findings.push(Finding {
                rule: Arc::clone(&self.id),
                title: Arc::clone(&self.title),
                level: Level::Warning,
                category: rule.category,
                certainty: Sureness::Definite,
                message: format!(
                    "not checked: the group {} has {} members, up to {} pairs; the rule stopped after forming {} of them ({} evaluated) and did not check the rest (set `max-pairs-per-group` in verify.toml; a group this large is itself a sign of a problem in the claims)",
                    g.key, g.members, g.possible, g.formed, g.evaluated
                )
                .into(),
                involved: Box::new([self.involved(g.first, Role::A)]),
                // Its own fingerprint: not the first member's, nor the count's below (equal
                // fingerprints are merged as one finding).
                fingerprint: Fingerprint(fnv(&[
                    rule.id.as_bytes(),
                    b"\0not checked\x01",
                    g.key.as_bytes(),
                ])),
                rule_level: rule.level,
            });
        }
        if g.over == 0 {
            return;
        }
        let involved = vec![self.involved(g.first, Role::A)];
        let fingerprint = Fingerprint(fnv(&[
            rule.id.as_bytes(),
            b"\0not shown\x01",
            g.key.as_bytes(),
        ]));
        let certainty = if g.over_definite > 0 {
            Sureness::Definite
        } else {
            Sureness::Possible
        };
        self.findings.push(Finding {
            rule: Arc::clone(&self.id),
            title: Arc::clone(&self.title),
            level: g.over_level.unwrap_or(rule.level),
            category: rule.category,
            certainty,
            message: format!(
                "{} more findings of this rule for {} are not shown ({} definite); the first {} are (set `max-findings-per-group` in verify.toml to see more)",
                g.over, g.key, g.over_definite, g.shown
            )
            .into(),
            involved: involved.into(),
            fingerprint,
            rule_level: rule.level,
        });
    }

    /// For every subject: whether it can be `a`, and `b`; every subject can be both when
    /// nothing is demanded of a side alone (or narrowing is off).
    fn sides(&self, subjects: &[Subj]) -> Sides {
        let cond = &self.rule.condition;
        if !self.sides {
            return Sides(None);
        }
        let subject = subject_ty(self.rule);
        let filters = [
            roles::role_filter(cond, "a").checked(subject),
            roles::role_filter(cond, "b").checked(subject),
        ];
        if filters.iter().all(roles::RoleFilter::is_empty) {
            return Sides(None);
        }
        // Each side's filter compiled for that side bound alone.
        let [on_a, on_b] =
            [("a", A, &filters[0]), ("b", B, &filters[1])].map(|(role, layout, f)| {
                let c = self.compiler(layout);
                let paths: Vec<_> = f.paths.iter().map(|p| c.has(p)).collect();
                let conjuncts: Vec<Truth<'c>> = f.conjuncts.iter().map(|e| c.truth(e)).collect();
                (role, paths, conjuncts)
            });
        let can = |s: Subj, (role, paths, conjuncts): &(&'static str, Vec<_>, Vec<Truth<'c>>)| {
            let bound = [(*role, s.value())];
            let env = self.env(&bound);
            paths.iter().all(|p: &compiled::Has<'c>| p(&env))
                && conjuncts
                    .iter()
                    .all(|c| roles::passes(c(&env).map_err(|_| ())))
        };
        let mut bits = vec![0u8; self.table_len()];
        for &s in subjects {
            bits[s.index()] = u8::from(can(s, &on_a)) | (u8::from(can(s, &on_b)) << 1);
        }
        Sides(Some(bits))
    }

    /// What the two sides of a pair must agree on ([`Agreement`]), read of each subject
    /// once: the values its equalities compare, numbered, and the periods its relations
    /// relate; none when pairs are not narrowed.
    fn agreement(&self, subjects: &[Subj]) -> Agreement<'c> {
        let mut agreement = Agreement {
            values: Vec::new(),
            relations: Vec::new(),
        };
        if !self.sides {
            return agreement;
        }
        for r in roles::relations(&self.rule.condition) {
            let period = |role: &'static str, e: &'c Expr| -> Periods {
                let e = self.compiler(if role == "a" { A } else { B }).value(e);
                subjects
                    .iter()
                    .map(|&s| match e(&self.env(&[(role, s.value())])) {
                        Ok(V::Period(p, _, _)) => Some(p),
                        _ => None,
                    })
                    .collect()
            };
            let on_a = period("a", r.a);
            let on_b = (!roles::same_path(r.a, r.b)).then(|| period("b", r.b));
            agreement.relations.push((r, on_a, on_b));
        }
        let sides = &mut agreement.values;
        for q in roles::equalities(&self.rule.condition) {
            match q {
                roles::Equality::SameOrigin => {
                    let origin: Vec<u32> = subjects
                        .iter()
                        .map(|&s| match s {
                            Subj::Claim(c) => self.columns.origin[c as usize],
                            Subj::Entity(_) => Agreement::NONE,
                        })
                        .collect();
                    sides.push((origin.clone(), origin));
                }
                roles::Equality::Values { a, b } => {
                    let mut ids: HashMap<Key<'c>, u32> = HashMap::default();
                    let mut number = |role: &'static str, e: &'c Expr| -> Vec<u32> {
                        let e = self.compiler(if role == "a" { A } else { B }).value(e);
                        subjects
                            .iter()
                            .map(|&s| {
                                let v = e(&self.env(&[(role, s.value())]));
                                match v.map(eval::keys).ok().and_then(|k| k.into_iter().next()) {
                                    Some(k) => {
                                        let next = ids.len() as u32;
                                        *ids.entry(k).or_insert(next)
                                    }
                                    None => Agreement::NONE,
                                }
                            })
                            .collect()
                    };
                    let on_a = number("a", a);
                    // `a.kind == b.kind`: one reading, once.
                    let on_b = if roles::same_path(a, b) {
                        on_a.clone()
                    } else {
                        number("b", b)
                    };
                    sides.push((on_a, on_b));
                }
            }
        }
        agreement
    }

    /// The sweep period and `distinct` value of each subject, evaluated once. A `distinct`
    /// of `a.label` is the label's number in [`Columns`] (only equality of the numbers is
    /// read): no text is read, hashed or copied per claim.
    fn memo(&self, subjects: &[Subj], sweep: Option<&'c Expr>, distinct: Option<&'c Expr>) -> Memo {
        let mut slot = vec![u32::MAX; self.table_len()];
        let mut values: HashMap<Vec<Key<'c>>, u32> = HashMap::default();
        let by_label =
            self.rule.over == crate::rules::Over::Claims && distinct.is_some_and(is_label);
        let mut memo = Memo {
            slot: Vec::new(),
            period: Vec::with_capacity(subjects.len()),
            distinct: Vec::with_capacity(subjects.len()),
        };
        let sweep = sweep.map(|e| self.for_subject(e));
        let distinct_value = distinct.filter(|_| !by_label).map(|e| self.for_subject(e));
        for (i, &s) in subjects.iter().enumerate() {
            slot[s.index()] = i as u32;
            memo.period
                .push(sweep.as_ref().and_then(|sw| match self.on(sw, s) {
                    Ok(V::Period(p, _, _)) => Some(p),
                    _ => None,
                }));
            memo.distinct.push(if by_label {
                Some(self.columns.label[s.index()]).filter(|&n| n != Columns::NO_LABEL)
            } else {
                distinct_value
                    .as_ref()
                    .and_then(|d| self.on(d, s).ok())
                    .map(|v| {
                        let next = values.len() as u32;
                        *values.entry(eval::set_key(v)).or_insert(next)
                    })
            });
        }
        memo.slot = slot;
        memo
    }

    /// The members of a sweep with their period and `distinct` value, in sweep order.
    fn sweep_items(memo: &Memo, members: &[Subj]) -> Vec<SweepItem> {
        let mut items: Vec<SweepItem> = members
            .iter()
            .filter_map(|&s| {
                let i = memo.at(s);
                memo.period[i].map(|p| (p, memo.distinct[i], s))
            })
            .collect();
        items.sort_by_key(|a| (eval::period_order(&a.0), a.2));
        items
    }

    fn sequence(&mut self, subjects: &[Subj], key: &'c Expr, order: &'c Expr) {
        let groups = self.group(subjects, key, true, None, false);
        let order = self.for_subject(order);
        for g in groups.sorted() {
            let (gk, members) = (&groups.keys[g], groups.members(g));
            let n = members.len();
            self.begin_group(gk, members[0], n, n as u64 - 1);
            let mut items: Vec<((i32, i32, i32, i32), Subj)> = members
                .iter()
                .filter_map(|&s| match self.on(&order, s) {
                    Ok(V::Period(p, _, _)) => Some((eval::period_order(&p), s)),
                    _ => None,
                })
                .collect();
            // Equal periods are ordered by what the claims say, not by where they were read:
            // renaming a file must not change which pairs are compared.
            items.sort_by(|x, y| {
                x.0.cmp(&y.0)
                    .then_with(|| self.canonical(x.1).cmp(&self.canonical(y.1)))
                    .then_with(|| x.1.cmp(&y.1))
            });
            for w in items.windows(2) {
                self.try_finding(&[("a", w[0].1), ("b", w[1].1)]);
            }
            self.end_group();
        }
    }

    /// What a subject says, independent of its file and line: a claim's canonical text and
    /// its origin, an entity's id.
    fn canonical(&self, s: Subj) -> (&'c str, &'c str) {
        match s {
            Subj::Claim(c) => {
                let c = &self.corpus.claims[c as usize];
                (
                    self.corpus.claim_text(c),
                    self.corpus.outlets[c.origin()].name.as_str(),
                )
            }
            Subj::Entity(e) => (self.corpus.entities[e as usize].id.as_str(), ""),
        }
    }

    fn count(&mut self, subjects: &[Subj], key: &'c Expr, count: &'c Expr) {
        let groups = self.group(subjects, key, true, None, false);
        let count = self.for_subject(count);
        for g in groups.sorted() {
            let (k, members) = (&groups.keys[g], groups.members(g));
            let mut distinct: Vec<Key> = members
                .iter()
                .filter_map(|&s| self.on(&count, s).ok())
                .flat_map(eval::keys)
                .collect();
            distinct.sort();
            distinct.dedup();
            let values: Vec<String> = distinct
                .iter()
                .map(|d| eval::key_text(self.corpus, d))
                .collect();
            // Moved into the binding, never copied: a list of texts is deep.
            let key_text = match k {
                Key::Str(s) => s.clone(),
                _ => std::borrow::Cow::Owned(eval::key_text(self.corpus, k)),
            };
            let mut extra = [
                ("n", V::Int(distinct.len() as i64)),
                ("key", V::Str(key_text)),
                ("values", V::Strs(std::borrow::Cow::Owned(values))),
            ];
            let first = members[0];
            let shown = &members[..members.len().min(MAX_INVOLVED)];
            let before = self.findings.len();
            // The group, not its members, is what the finding is about: a baseline keeps
            // knowing it when one more relay joins.
            self.finding_for(&[("a", first)], &mut extra, shown, Some(k));
            if let Some(f) = self.findings.get_mut(before) {
                if shown.len() < members.len() {
                    let mut message = String::from(std::mem::take(&mut f.message));
                    let _ = write!(
                        message,
                        " (the first {} of its {} claims are shown)",
                        shown.len(),
                        members.len()
                    );
                    f.message = message.into();
                }
            }
        }
    }

    fn try_finding(&mut self, vars: &[(&'static str, Subj)]) {
        if let Some(g) = &mut self.group {
            g.evaluated += 1;
        }
        match vars {
            [(_, a)] => self.finding_for(vars, &mut [], &[*a], None),
            [(_, a), (_, b)] => self.finding_for(vars, &mut [], &[*a, *b], None),
            _ => {
                let subjects: Vec<Subj> = vars.iter().map(|(_, s)| *s).collect();
                self.finding_for(vars, &mut [], &subjects, None);
            }
        }
    }

    /// Evaluates the condition with `vars` and then `extra` bound (moved out of `extra`), in
    /// the order of the rule's [`layout`], and records a finding about `involved`, with the
    /// fingerprint of what it involves, or of the `group` key when one is given.
    fn finding_for(
        &mut self,
        vars: &[(&'static str, Subj)],
        extra: &mut [(&'static str, V<'c>)],
        involved: &[Subj],
        group: Option<&Key>,
    ) {
        let rule = self.rule;
        self.evaluated += 1;
        // Bound on the stack: this runs for every candidate, most of which are no finding.
        let mut stack: [(&'static str, V<'c>); 5] = std::array::from_fn(|_| ("", V::Int(0)));
        let heap: Vec<(&'static str, V<'c>)>;
        let taken = |(n, v): &mut (&'static str, V<'c>)| (*n, std::mem::replace(v, V::Int(0)));
        let bound: &[(&'static str, V<'c>)] = if vars.len() + extra.len() <= stack.len() {
            for (slot, (n, s)) in stack.iter_mut().zip(vars) {
                *slot = (*n, s.value());
            }
            for (slot, v) in stack[vars.len()..].iter_mut().zip(extra.iter_mut()) {
                *slot = taken(v);
            }
            &stack[..vars.len() + extra.len()]
        } else {
            heap = vars
                .iter()
                .map(|(n, s)| (*n, s.value()))
                .chain(extra.iter_mut().map(taken))
                .collect();
            &heap
        };
        debug_assert!(
            bound
                .iter()
                .map(|(n, _)| *n)
                .eq(layout(&rule.shape).iter().copied()),
            "bound as the rule's layout"
        );
        let env = self.env(bound);
        let certainty = match (self.condition)(&env) {
            Ok(Certainty::Definitely) if !env.borrowed.get() => Sureness::Definite,
            Ok(Certainty::Definitely | Certainty::Possibly) => Sureness::Possible,
            _ => return,
        };
        let level = match (certainty, rule.possible) {
            (Sureness::Definite, _) | (Sureness::Possible, Possible::Report) => rule.level,
            (Sureness::Possible, Possible::Demote) => rule.level.demoted(),
            (Sureness::Possible, Possible::Skip) => return,
        };
        // Past the cap of its group a finding is only counted (one finding says how many).
        if let Some(g) = &mut self.group {
            if g.shown >= rule.max_per_group {
                g.over += 1;
                g.over_definite += usize::from(certainty == Sureness::Definite);
                g.over_level = Some(g.over_level.map_or(level, |l| l.max(level)));
                return;
            }
            g.shown += 1;
        }
        // Written in the thread's buffer and kept at its length: a run holds every message.
        let message = crate::syntax::format::exact(|message| {
            for (i, seg) in rule.message.iter().enumerate() {
                match seg {
                    Segment::Text(t) => message.push_str(t),
                    Segment::Value(_) => match self.message[i].as_ref().map(|v| v(&env)) {
                        Some(Ok(v)) => eval::display_into(message, self.corpus, &v),
                        _ => message.push('?'),
                    },
                }
            }
        });
        let roles = [Role::A, Role::B];
        let involved: Vec<Involved> = involved
            .iter()
            .enumerate()
            .map(|(i, s)| {
                self.involved(
                    *s,
                    if involved.len() <= 2 {
                        roles[i.min(1)]
                    } else {
                        Role::Claim
                    },
                )
            })
            .collect();
        // A group's finding is known by its key ([`group_fingerprint`]), made only here.
        let fingerprint = group.map_or_else(
            || self.fingerprint(involved.iter().map(|i| i.subject)),
            |k| group_fingerprint(self.corpus, &self.rule.id, k),
        );
        self.findings.push(Finding {
            rule: Arc::clone(&self.id),
            title: Arc::clone(&self.title),
            level,
            category: rule.category,
            certainty,
            message: message.into(),
            involved: involved.into(),
            fingerprint,
            rule_level: rule.level,
        });
    }

    fn involved(&self, s: Subj, role: Role) -> Involved {
        Involved { role, subject: s }
    }

    /// FNV-1a over the rule id and, for each subject in a stable order, what it says and
    /// who said it — so moving or reformatting lines keeps the fingerprint. A subject's
    /// part is `claim␁REPORT␁OUTLET>OUTLET…␁TEXT` (or `entity␁ID`); parts are hashed
    /// piece by piece, never copied into one string.
    fn fingerprint(&self, subjects: impl Iterator<Item = Subj>) -> Fingerprint {
        let c = self.corpus;
        let mut parts: Vec<Vec<&[u8]>> = subjects
            .map(|s| match s {
                Subj::Claim(id) => claim_part(c, id as usize),
                Subj::Entity(e) => entity_part(c, e as usize),
            })
            .collect();
        if self.rule.shape_is_symmetric() {
            // Ordered as the joined texts would be.
            parts.sort_by(|x, y| {
                x.iter()
                    .flat_map(|p| p.iter())
                    .cmp(y.iter().flat_map(|p| p.iter()))
            });
        }
        let mut h: u64 = 0xcbf29ce484222325;
        let mut feed = |bytes: &[u8]| {
            for b in bytes {
                h ^= u64::from(*b);
                h = h.wrapping_mul(0x100000001b3);
            }
        };
        feed(self.rule.id.as_bytes());
        for p in &parts {
            feed(b"\0");
            p.iter().for_each(|piece| feed(piece));
        }
        Fingerprint(h)
    }
}

/// The type of a rule's subjects (`a`, `b`).
fn subject_ty(rule: &Rule) -> crate::rules::expr::Ty {
    match rule.over {
        crate::rules::Over::Claims => crate::rules::expr::Ty::Claim,
        crate::rules::Over::Entities => crate::rules::expr::Ty::Entity,
    }
}

impl Rule {
    /// Whether the roles of the subjects are interchangeable (their order does not matter
    /// to the fingerprint).
    fn shape_is_symmetric(&self) -> bool {
        match &self.shape {
            Shape::Pair {
                key: PairKey::Same(_),
                ordered,
                ..
            } => !ordered,
            Shape::Count { .. } => true,
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `finish` orders findings as a stable sort by `finding_order` would (findings equal
    /// by it keep their order: here they differ in level, which the order does not read)
    /// and keeps the first of each fingerprint; over claims in three files (a later file's
    /// claims at smaller offsets than an earlier one's), an entity, findings without a
    /// claim, and many findings about one claim.
    #[test]
    fn finish_orders_as_a_stable_sort_and_keeps_the_first_of_each_meaning() {
        let claims = |report: &str, n: usize| -> String {
            (0..n)
                .map(|i| format!("  visit v{report}{i}: a to x on 2024-06-{:02}\n", i + 1))
                .fold(format!("report {report} by o\n"), |t, line| t + &line)
        };
        let texts = [
            format!(
                "outlet o \"O\"\nperson a \"A\"\ncountry x \"X\"\n{}",
                claims("r0", 8)
            ),
            claims("r1", 8),
            claims("r2", 8),
        ];
        let docs: Vec<_> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| crate::syntax::parse(t, i).0)
            .collect();
        let docs: Vec<_> = docs.iter().enumerate().collect();
        let (corpus, diags) = crate::model::resolve(&docs);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(corpus.claims.len(), 24);
        let mut next = below(11);
        let rules: [Arc<str>; 3] = ["b-rule".into(), "a-rule".into(), "c-rule".into()];
        let found: Vec<Finding> = (0..3000)
            .map(|_| {
                let involved: Box<[Involved]> = if next(20) == 0 {
                    Box::new([])
                } else {
                    (0..1 + next(2))
                        .map(|_| Involved {
                            role: Role::A,
                            subject: match next(10) {
                                0 => Subj::Entity(0),
                                _ => Subj::Claim(next(24) as u32),
                            },
                        })
                        .collect()
                };
                Finding {
                    rule: Arc::clone(&rules[next(3) as usize]),
                    title: "t".into(),
                    level: [Level::Error, Level::Warning, Level::Info][next(3) as usize],
                    category: Category::Contradiction,
                    certainty: Sureness::Definite,
                    message: format!("m{}", next(3)).into(),
                    involved,
                    fingerprint: Fingerprint(next(2500)),
                    rule_level: Level::Error,
                }
            })
            .collect();
        let mut want = found.clone();
        want.sort_by(|a, b| finding_order(&corpus, a, b));
        let mut seen = HashSet::default();
        want.retain(|f| seen.insert(f.fingerprint));
        assert_eq!(finish(&corpus, found), want);
    }

    /// What a finding keeps of each claim it involves: the subject and the role, twelve
    /// bytes; where it is written is read from the corpus.
    #[test]
    fn an_involved_claim_is_its_subject_and_role() {
        assert_eq!(std::mem::size_of::<Involved>(), 12);
        let doc = crate::syntax::parse(
            "outlet o \"O\"\nperson a \"A\"\ncountry x \"X\"\nreport r by o\n  visit v: a to x\n",
            0,
        )
        .0;
        let (corpus, _) = crate::model::resolve(&[(0, &doc)]);
        let inv = Involved::claim_in(0, Role::B);
        assert_eq!(inv.loc(&corpus), corpus.claims[0].loc);
        assert_eq!(
            (inv.claim(), inv.entity(), inv.role.as_str()),
            (Some(0), None, "b")
        );
    }

    /// Every permutation of up to five items, and longer ones made by a generator: each
    /// item ends where the order says, and the order is left as the identity.
    #[test]
    fn permute_puts_each_item_where_the_order_says() {
        fn check(order: Vec<u32>) {
            let items: Vec<String> = (0..order.len()).map(|i| format!("item {i}")).collect();
            let want: Vec<String> = order.iter().map(|&i| items[i as usize].clone()).collect();
            let mut got = items;
            let mut order: Vec<((), u32)> = order.into_iter().map(|i| ((), i)).collect();
            permute(&mut got, &mut order);
            assert_eq!(got, want);
            assert!(order.iter().enumerate().all(|(k, &(_, i))| i as usize == k));
        }
        fn all(prefix: Vec<u32>, n: u32) {
            if prefix.len() == n as usize {
                return check(prefix);
            }
            for i in (0..n).filter(|i| !prefix.contains(i)) {
                let mut next = prefix.clone();
                next.push(i);
                all(next, n);
            }
        }
        for n in 0..=5 {
            all(Vec::new(), n);
        }
        let mut next = below(7);
        for n in [17usize, 100, 1000] {
            let mut order: Vec<u32> = (0..n as u32).collect();
            for i in (1..n).rev() {
                order.swap(i, next(i as u64 + 1) as usize);
            }
            check(order);
        }
    }

    /// A small deterministic generator from `seed`: each call gives a number below its
    /// argument.
    fn below(mut seed: u64) -> impl FnMut(u64) -> u64 {
        move |n| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) % n
        }
    }

    /// The groups in key order, as (key, members).
    fn listed<'c>(g: &Groups<'c>) -> Vec<(Key<'c>, Vec<Subj>)> {
        g.sorted()
            .into_iter()
            .map(|i| (g.keys[i].clone(), g.members(i).to_vec()))
            .collect()
    }

    /// Two claims that share several keys of a list key (three people) form one pair, not
    /// one per key shared; a third claim shares one key with each. With a sweep and
    /// without, each pair is evaluated once (the group of the first key the two share).
    #[test]
    fn a_pair_sharing_several_list_keys_is_evaluated_once() {
        let text = "outlet o \"O\"\nperson p \"P\"\nperson q \"Q\"\nperson r \"R\"\n\
            person s \"S\"\ncity x \"X\"\ncity y \"Y\"\ncity z \"Z\"\n\
            report r1 by o published 2025-01-10\n\
            \x20 meeting m1: p, q, r in x on 2025-01-02\n\
            \x20 meeting m2: r, q, p in y on 2025-01-02\n\
            \x20 meeting m3: s, q in z on 2025-01-02\n";
        let (doc, d) = crate::syntax::parse(text, 0);
        assert!(d.is_empty(), "{d:?}");
        let (corpus, d) = crate::model::resolve(&[(0, &doc)]);
        assert!(d.is_empty(), "{d:?}");
        for sweep in ["", "sweep = 'a.when'\n"] {
            let rule = crate::rules::compile(
                0,
                &format!(
                    "id = \"x\"\ntitle = \"x\"\nseverity = \"error\"\ncategory = \"gap\"\n\
                     shape = \"pair\"\nkey = 'a.people'\n{sweep}condition = 'true'\n\
                     message = 'x'\n[explain]\nchecks = \"x\"\nwhy = \"x\"\nexample = \"x\"\n"
                ),
            )
            .unwrap_or_else(|d| panic!("{d:?}"));
            let (findings, evaluated) = run_rule_counted(&rule, &corpus);
            // m1 and m2 share p, q and r; m3 shares q with each: three pairs.
            assert_eq!(evaluated, 3, "{sweep}");
            assert_eq!(findings.len(), 3, "{sweep}");
        }
    }

    #[test]
    fn groups_from_the_label_column_are_those_the_key_gives() {
        let text = "outlet a \"A\"\nperson p \"P\"\ncountry ma \"Morocco\"\n\
            report r1 by a published 2025-01-10\n\
            \x20 visit Trip-One: p to ma on 2025-01-02\n\
            \x20 visit b: p to ma on 2025-01-03\n\
            \x20 visit p to ma on 2025-01-04\n\
            \x20 visit trip-one: p to ma on 2025-01-05\n\
            \x20 visit a-2: p to ma on 2025-01-06\n";
        let (doc, d) = crate::syntax::parse(text, 0);
        assert!(d.is_empty(), "{d:?}");
        let (corpus, d) = crate::model::resolve(&[(0, &doc)]);
        assert!(d.is_empty(), "{d:?}");
        let rule = crate::rules::compile(
            0,
            "id = \"x\"\ntitle = \"x\"\nseverity = \"error\"\ncategory = \"gap\"\n\
             shape = \"pair\"\nkey = 'a.label'\ncondition = 'true'\nmessage = 'x'\n\
             [explain]\nchecks = \"x\"\nwhy = \"x\"\nexample = \"x\"\n",
        )
        .unwrap_or_else(|d| panic!("{d:?}"));
        let columns = Columns::new(&corpus);
        let r = Runner::new(&rule, &corpus, &columns, true, false);
        let Shape::Pair {
            key: PairKey::Same(key),
            ..
        } = &rule.shape
        else {
            panic!("a pair rule keyed on a.label")
        };
        let subjects = r.subjects();
        let by_column = r.group(&subjects, key, false, None, false);
        assert!(by_column.rank.is_some(), "the label column was used");
        let by_eval = r.group_by_eval(&subjects, key, false, None);
        assert_eq!(listed(&by_column), listed(&by_eval));
        // Labels compare ignoring case; a claim without one is in no group.
        assert_eq!(
            listed(&by_column),
            vec![
                (Key::Str("a-2".into()), vec![Subj::Claim(4)]),
                (Key::Str("b".into()), vec![Subj::Claim(1)]),
                (
                    Key::Str("trip-one".into()),
                    vec![Subj::Claim(0), Subj::Claim(3)]
                ),
            ]
        );
        // A join's right side keeps only the keys of its left side.
        let only = r.group_by_eval(&subjects[3..4], key, false, None);
        let joined = r.group(&subjects, key, false, Some(&only), true);
        assert_eq!(
            listed(&joined),
            vec![(
                Key::Str("trip-one".into()),
                vec![Subj::Claim(0), Subj::Claim(3)]
            )]
        );
        // Indexed groups are found by key; the others are not indexed at all.
        assert_eq!(
            joined.get(&Key::Str("trip-one".into())),
            Some(&[Subj::Claim(0), Subj::Claim(3)][..])
        );
        assert_eq!(joined.get(&Key::Str("b".into())), None);
        assert!(by_column.ids.is_empty());
    }
}
