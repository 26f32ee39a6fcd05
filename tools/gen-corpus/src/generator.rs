//! The generator: its state, and what it writes in order — the declarations, then reports
//! in files of about `--per-file` claims, segment by segment, each report with its own
//! claims and nested `per` blocks of cited outlets — and `planted.json`, the problems
//! planted per rule.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;

use verify::calendar::Day;

use crate::dates::{day, iso, iso_month, month_end, month_start, Anchor};
use crate::random::Rng;
use crate::stories::{single_origin, Stay, Stories};
use crate::world::{World, LANGS};

/// One open block of a report while it is written: `per` nesting and its anchor.
#[derive(Clone)]
pub(crate) struct Block {
    chain: Vec<usize>,
    depth: usize,
    pub(crate) anchor: Option<Anchor>,
}

impl Block {
    pub(crate) fn origin(&self) -> usize {
        *self.chain.last().expect("a chain has the report's outlet")
    }
}

/// The generator's state: its random source, the world, the stories that may still be
/// told, and what has been written and planted so far.
pub(crate) struct Gen {
    pub(crate) rng: Rng,
    target: usize,
    /// The declared entities, and the plans with what was told of them.
    pub(crate) world: World,
    /// Recent stories, which later reports may give another account of.
    pub(crate) stories: Stories,
    /// Stories no longer kept that one origin alone told.
    pub(crate) single_origin_stories: usize,
    /// Labels some claim of the current segment already carries (`during`/`extends` may
    /// only name these).
    pub(crate) labels: HashSet<String>,
    /// Where each person is on which days, by every story placed so far: stays sorted by
    /// their first day.
    pub(crate) stays: HashMap<usize, Vec<Stay>>,
    /// Office terms `(office, term)` that some claim gave in full.
    pub(crate) stated_terms: HashSet<(usize, usize)>,
    planted: BTreeMap<&'static str, u64>,
    /// Rules whose planted problems the claim being written takes part in.
    pub(crate) marks: Vec<&'static str>,
    mark_planted: bool,
    entities_text: String,
    next_label: usize,
    emitted: usize,
    /// Reports and files written so far.
    reports_written: usize,
    files_written: usize,
    first_day: Day,
    last_day: Day,
}

impl Gen {
    /// A generator of a corpus of `target` claims from `seed`, its world declared.
    pub(crate) fn new(seed: u64, target: usize, mark_planted: bool) -> Gen {
        let mut rng = Rng::new(seed ^ 0x5EED_0FC0_4B05);
        let (world, entities_text) = World::build(&mut rng, target);
        // People declared twice: one finding each (they are in no claim to mark).
        let planted = BTreeMap::from([
            ("name-variants", world.spelled_twice as u64),
            ("duplicate-entities", world.declared_twice as u64),
        ]);
        Gen {
            rng,
            target,
            world,
            stories: Stories::default(),
            single_origin_stories: 0,
            labels: HashSet::new(),
            stays: HashMap::new(),
            stated_terms: HashSet::new(),
            planted,
            marks: Vec::new(),
            mark_planted,
            entities_text,
            next_label: 0,
            emitted: 0,
            reports_written: 0,
            files_written: 0,
            first_day: day(2018, 1, 1),
            last_day: day(2025, 12, 31),
        }
    }

    /// Counts a problem of `rule` planted in the claim being written, and marks the claim.
    pub(crate) fn plant(&mut self, rule: &'static str) {
        *self.planted.entry(rule).or_default() += 1;
        self.marks.push(rule);
    }

    /// `planted.json`: the problems planted per rule, and the stories and plans that one
    /// origin alone told (`few-independent-origins`), once the corpus is written.
    pub(crate) fn planted_json(&self) -> String {
        let mut all: BTreeMap<&str, u64> = [
            "date-disagreement",
            "sole-office-overlap",
            "overlapping-plans",
            "gap-between-plans",
            "few-independent-origins",
            "weekday-mismatch",
            "duration-mismatch",
            "person-in-two-places",
            "arrival-weekday-mismatch",
            "stale-future-status",
            "sub-event-outside-parent",
        ]
        .into_iter()
        .map(|r| (r, 0))
        .collect();
        for (r, n) in &self.planted {
            all.insert(r, *n);
        }
        // Plans are first mentioned next to those already mentioned, so each set's
        // mentioned plans follow each other in its chain: count the boundaries between
        // them that leave a gap or overlap, as the accounts wrote the periods.
        for set in &self.world.party_sets {
            for w in set.plans.windows(2) {
                let (a, b) = (&self.world.plans[w[0]], &self.world.plans[w[1]]);
                if a.accounts == 0 || b.accounts == 0 {
                    continue;
                }
                if b.start > a.latest_end + 1 {
                    *all.entry("gap-between-plans").or_default() += 1;
                } else if b.start <= a.latest_end {
                    *all.entry("overlapping-plans").or_default() += 1;
                }
            }
        }
        // Events told by one origin only are the common case, not an accident: count them.
        let few = self.single_origin_stories
            + self
                .stories
                .live
                .iter()
                .filter(|s| single_origin(&s.origins))
                .count()
            + self
                .world
                .plans
                .iter()
                .filter(|p| single_origin(&p.origins))
                .count();
        all.insert("few-independent-origins", few as u64);
        let mut s = String::from("{\n");
        let n = all.len();
        for (i, (r, c)) in all.iter().enumerate() {
            let _ = write!(s, "  \"{r}\": {c}");
            s.push_str(if i + 1 < n { ",\n" } else { "\n" });
        }
        s.push_str("}\n");
        s
    }

    pub(crate) fn new_label(&mut self, prefix: &str) -> String {
        self.next_label += 1;
        format!("{prefix}-{}", self.next_label)
    }

    /// The declarations, as `entities.claims` holds them (once).
    pub(crate) fn take_entities(&mut self) -> String {
        std::mem::take(&mut self.entities_text)
    }

    /// The files of the next segment of reports, in publication order, each of about
    /// `per_file` claims, until `segment` more claims are written or the corpus is
    /// complete; `None` once it is. A segment refers to no label of another (`during`
    /// and `extends` name only labels of its own claims), so that each can be loaded on
    /// its own, next to `entities.claims`.
    pub(crate) fn segment(
        &mut self,
        per_file: usize,
        segment: usize,
    ) -> Option<Vec<(String, String)>> {
        if self.emitted >= self.target {
            return None;
        }
        self.labels.clear();
        let end = self.target.min(self.emitted + segment);
        // File names sort in the order they are written.
        let most_files = self.target / per_file + self.target / segment + 2;
        let width = most_files.to_string().len().max(5);
        let mut files = Vec::new();
        let mut cur = String::new();
        let mut in_file = 0;
        let span = i64::from(self.last_day - self.first_day);
        while self.emitted < end {
            let progress = (self.emitted as i64 * span / self.target as i64) as Day;
            let p = (self.first_day + progress + self.rng.range(-3, 3))
                .clamp(self.first_day, self.last_day);
            let (text, n) = self.report(self.reports_written, p);
            self.reports_written += 1;
            if !cur.is_empty() {
                cur.push('\n');
            }
            cur.push_str(&text);
            in_file += n;
            self.emitted += n;
            if in_file >= per_file || self.emitted >= end {
                self.files_written += 1;
                let name = format!("part-{:0width$}.claims", self.files_written);
                files.push((name, std::mem::take(&mut cur)));
                in_file = 0;
            }
        }
        Some(files)
    }

    /// One report published on `p`: its line, its own claims and some `per` blocks.
    fn report(&mut self, no: usize, p: Day) -> (String, usize) {
        let outlet = self.world.outlet_pop.sample(&mut self.rng);
        let r = self.rng.unit();
        let (published, anchor) = if r < 0.92 {
            (
                format!(" published {}", iso(p)),
                Some(Anchor {
                    lo: p,
                    hi: p,
                    borrowed: false,
                }),
            )
        } else if r < 0.96 {
            (
                format!(" published {}", iso_month(p)),
                Some(Anchor {
                    lo: month_start(p),
                    hi: month_end(p),
                    borrowed: false,
                }),
            )
        } else if r < 0.98 {
            (" published unknown".to_owned(), None)
        } else {
            (String::new(), None)
        };
        let lang = *self.rng.pick(&LANGS);
        let mut out = format!(
            "report rep-{no:06} by {}{published} lang {lang}\n",
            self.world.outlets[outlet].id
        );
        let mut written: HashSet<(Vec<usize>, String)> = HashSet::new();
        let mut n = 0;
        let own = Block {
            chain: vec![outlet],
            depth: 1,
            anchor,
        };
        let k = 1 + self.rng.below(8);
        n += self.block_claims(&own, k, p, &mut out, &mut written);
        let pers = self.rng.below(4);
        for _ in 0..pers {
            n += self.per_block(&own, p, &mut out, &mut written, 0);
        }
        (out, n)
    }

    /// A `per` block inside `parent` (nested up to two levels), with its claims.
    fn per_block(
        &mut self,
        parent: &Block,
        p: Day,
        out: &mut String,
        written: &mut HashSet<(Vec<usize>, String)>,
        level: usize,
    ) -> usize {
        let mut cited = self.world.outlet_pop.sample(&mut self.rng);
        if parent.chain.contains(&cited) {
            cited = (cited + 1 + self.rng.below(self.world.outlets.len() - 1))
                % self.world.outlets.len();
            if parent.chain.contains(&cited) {
                return 0;
            }
        }
        let mut chain = parent.chain.clone();
        chain.push(cited);
        // The cited article's own date, when the relay gives it: shortly before its own.
        let (published, anchor) = if self.rng.chance(0.35) {
            let d = p - self.rng.range(1, 20);
            (
                format!(" published {}", iso(d)),
                Some(Anchor {
                    lo: d,
                    hi: d,
                    borrowed: false,
                }),
            )
        } else {
            (
                String::new(),
                parent.anchor.map(|a| Anchor {
                    borrowed: true,
                    ..a
                }),
            )
        };
        let _ = writeln!(
            out,
            "{}per {}{published}:",
            "  ".repeat(parent.depth),
            self.world.outlets[cited].id
        );
        let block = Block {
            chain,
            depth: parent.depth + 1,
            anchor,
        };
        let mut n = 0;
        if level == 0 && self.rng.chance(0.3) {
            n += self.per_block(&block, p, out, written, level + 1);
        }
        let k = 1 + self.rng.below(10);
        n += self.block_claims(&block, k, p, out, written);
        n
    }

    /// Writes `k` claims into `block`.
    fn block_claims(
        &mut self,
        block: &Block,
        k: usize,
        p: Day,
        out: &mut String,
        written: &mut HashSet<(Vec<usize>, String)>,
    ) -> usize {
        let mut n = 0;
        for _ in 0..k {
            self.marks.clear();
            let r = self.rng.unit();
            let text = if r < 0.26 {
                self.visit(block, p)
            } else if r < 0.46 {
                self.meeting(block, p)
            } else if r < 0.62 {
                self.holds(block, p)
            } else if r < 0.71 {
                self.event(block, p)
            } else if r < 0.78 {
                self.award(block, p)
            } else if r < 0.90 {
                self.statement(block, p)
            } else {
                self.plan(block, p)
            };
            let Some(mut text) = text else { continue };
            // Two identical claims in one report and chain would share a fingerprint.
            let mut again = 1;
            while !written.insert((block.chain.clone(), text.clone())) {
                again += 1;
                text = format!("{text} note \"account {again}\"");
            }
            if self.mark_planted && !self.marks.is_empty() {
                self.marks.sort_unstable();
                self.marks.dedup();
                let _ = write!(text, " note \"planted: {}\"", self.marks.join(" "));
            }
            let _ = writeln!(out, "{}{text}", "  ".repeat(block.depth));
            n += 1;
        }
        n
    }
}
