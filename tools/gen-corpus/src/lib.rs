//! `gen-corpus`: writes a seeded, synthetic claims corpus for benchmarks and for checking
//! `verify` against an independent implementation of its rules (`bench/peer_duckdb.py`).
//!
//! `gen-corpus --claims N --seed S --out DIR` writes
//!
//! - `DIR/claims/*.claims`: declarations in `entities.claims`, then reports in files of a
//!   few hundred claims each. Outlets, people, offices, cities and party sets have Zipf-like
//!   popularity; every claim kind appears, with relative dates (`yesterday`, `last
//!   Wednesday`, `26 June`, `end of this year`, …) anchored on the origin's or a borrowed
//!   publication date, attribution chains through nested `per` blocks, stated weekdays and
//!   durations. The corpus loads without any diagnostic (no errors, no warnings).
//!
//!   Its shape does not depend on its size: a larger corpus tells about more things over
//!   the same years, not more often about the same ones. The entities come in blocks, one
//!   per 100,000 claims (rounded; one below 150,000). Each block has as many outlets,
//!   people, offices, cities, places, organisations and party sets as a 100,000-claim
//!   corpus has in all, and the same Zipf popularity profile over them, so the accounts
//!   per office term, per plan, per story and per person and day have about the same
//!   distribution at 100k, 1M or 10M claims (the most popular keys are no more popular in
//!   a larger corpus; there are more of them), and the findings of the rules over pairs of
//!   claims grow in proportion to N, as the planted problems do. Named events grow in
//!   proportion too; the 40 countries, award names, topics and predicates are a fixed
//!   vocabulary.
//!
//!   Apart from what is planted, the world it describes is coherent: every account of a
//!   story gives its true days or coarser ones that contain them; nobody is at two places
//!   on one day unless one lies in the other (a person already booked elsewhere gives their
//!   part to someone free, so the most popular people are capped at what their days hold);
//!   the terms of an office and the plans of a set of parties follow each other; a plan is
//!   called expected only before its signing.
//! - `DIR/facts/*.csv`: the resolved facts, produced by running the project's own loader
//!   ([`verify::pipeline::load_paths`]: parse and resolve) on the files just written, so they are
//!   exactly what `verify` checks. The corpus is written and loaded in segments of
//!   500,000 claims (a tenth of a corpus of more than 5M), each next to `entities.claims`
//!   and none naming a label (`during`, `extends`) of another, so that the generator's
//!   memory is bounded by a segment (3.3 GB at 10M claims); the facts are those of the
//!   whole corpus, numbered as `verify` numbers them. Days are integers (days since
//!   1970-01-01); an open start or end is the sentinel `NEG_INF` or `POS_INF` of
//!   [`verify::model::time`]; a missing value is an empty field.
//!   The columns are described in `bench/peer_duckdb.py`.
//! - `DIR/planted.json`: how many problems of each rule the generator planted on purpose.
//!   Every finding of these rules comes from a planted problem, and every planted problem
//!   gives at least one finding. One planted problem is
//!   - `weekday-mismatch`: a date written with a weekday it does not fall on;
//!   - `duration-mismatch`: a `lasting` that does not fit the exact days next to it;
//!   - `date-disagreement`: an account of a visit, meeting, event or award that moves its
//!     days by more than it lasts, after another origin gave them exactly;
//!   - `arrival-weekday-mismatch`: an `arriving` day one to three days after a visit's
//!     first day, after an account gave that day exactly;
//!   - `person-in-two-places`: a meeting during a visit, placed in another country;
//!   - `sub-event-outside-parent`: a meeting or an award during a visit, dated after it;
//!   - `sole-office-overlap`: a `holds` claim naming a sole office's previous holder on a
//!     publication date in the successor's term, after a claim gave that whole term;
//!   - `stale-future-status`: an account calling a plan expected at least two days after
//!     another origin gave the exact day of its signing;
//!   - `gap-between-plans`, `overlapping-plans`: two successive plans of one set of
//!     parties, both mentioned with a period, with days between them or in common (made
//!     when the chain of plans is built, or by a relative end read on a later year's
//!     date), counted once the corpus is written.
//!
//!   A rule over pairs of claims reports each pair, so one planted problem gives a finding
//!   for every claim it contradicts: every account of the visit, of the successor's term
//!   or of the signing, from every outlet that re-told it (and every account of the
//!   planted story itself), where the dates are exact enough to decide. The rules over
//!   one claim and over successive plans give exactly one finding per problem.
//!   `few-independent-origins` is counted, not planted: the stories and plans that one
//!   origin alone tells, one finding each. `borrowed-anchor` and `plan-without-period`
//!   come from the form of the claims (relative dates in undated citations, accounts of a
//!   plan that give only its signing or status) and are not counted; `unresolved-date` and
//!   `duplicate-entities` never fire. With `--mark-planted`, every claim that takes part
//!   in a planted problem says so in a note.
//!
//! The same arguments always give the same bytes: the only source of randomness is a
//! splitmix64 generator seeded with `--seed`, and nothing depends on hash-map order.

use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};
use std::fmt::Write as _;
use std::fs::File;
use std::io::{BufWriter, Write as _};
use std::path::{Path, PathBuf};

use verify::calendar::{self, day_from_ymd, ymd, Day};
use verify::model::resolve_time::End;
use verify::model::time::{Fuzzy, Period};
use verify::model::{AnchorKind, Corpus, Value, When};
use verify::syntax::{ClaimKind, EntityKind, Unit};

/// About how many claims each claims file holds, unless told otherwise.
pub const PER_FILE: usize = 300;

/// What to generate: the arguments of `gen-corpus` but `--out` and `--facts-only`.
#[derive(Clone, Debug)]
pub struct Options {
    /// Number of claims to write (at least this many; reports are not cut in half).
    pub claims: usize,
    /// Seed of the random generator: the same seed gives the same bytes.
    pub seed: u64,
    /// About how many claims each claims file holds.
    pub per_file: usize,
    /// How many claims are loaded at once to write their facts: the corpus is made in
    /// segments of this many claims, none naming a label of another. `None`: 500,000 or a
    /// tenth of the corpus, whichever is more.
    pub segment_claims: Option<usize>,
    /// Replace the `*.claims` and `*.csv` files of an earlier run.
    pub force: bool,
    /// Mark every claim that takes part in a planted problem with `note "planted: RULE"`;
    /// the claims are otherwise the same as without it.
    pub mark_planted: bool,
}

impl Options {
    /// `claims` claims from `seed`, with the defaults of `gen-corpus` for the rest.
    pub fn new(claims: usize, seed: u64) -> Options {
        Options {
            claims,
            seed,
            per_file: PER_FILE,
            segment_claims: None,
            force: false,
            mark_planted: false,
        }
    }
}

/// What [`generate`] wrote.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Written {
    pub claims: usize,
    /// Claims files, `entities.claims` included.
    pub files: usize,
    pub reports: usize,
    pub entities: usize,
}

/// Writes `out/facts` for the claims already in `out/claims` (any corpus, e.g. one
/// written by hand), so that the peer can check it too: `gen-corpus --facts-only`.
pub fn write_facts(out: &Path) -> Result<(), String> {
    let claims_dir = out.join("claims");
    let facts_dir = out.join("facts");
    if !claims_dir.is_dir() {
        return Err(format!("no `{}` to read claims from", claims_dir.display()));
    }
    prepare_dir(&facts_dir, "csv", true)?;
    let loaded = verify::pipeline::load_paths(std::slice::from_ref(&claims_dir));
    if loaded.diagnostics.iter().any(|d| d.is_error()) {
        return Err(format!(
            "`{}` has input errors: run `verify` on it first",
            claims_dir.display()
        ));
    }
    let mut facts = Facts::create(&facts_dir)?;
    facts.append(&loaded.corpus)?;
    facts.finish()
}

/// Writes a corpus as `options` say into `out`: `out/claims`, `out/facts` and
/// `out/planted.json` (see the crate documentation).
pub fn generate(out: &Path, options: &Options) -> Result<Written, String> {
    if options.claims == 0 || options.per_file == 0 || options.segment_claims == Some(0) {
        return Err("the number of claims, per file and per segment must be at least 1".into());
    }
    let claims_dir = out.join("claims");
    let facts_dir = out.join("facts");
    let target = options.claims;
    prepare_dir(&claims_dir, "claims", options.force)?;
    prepare_dir(&facts_dir, "csv", options.force)?;

    let mut g = Gen::new(options.seed, target, options.mark_planted);
    let entities = claims_dir.join("entities.claims");
    write(&entities, g.take_entities().as_bytes())?;
    let mut facts = Facts::create(&facts_dir)?;
    let mut files = 1;
    let segment = match options.segment_claims {
        Some(n) => n,
        None => target.div_ceil(10).max(500_000),
    };
    // Segment by segment: write its files, then load them next to the declarations and
    // append their facts, so that memory does not grow with the corpus.
    while let Some(part) = g.segment(options.per_file, segment) {
        let mut paths = vec![entities.clone()];
        for (name, text) in part {
            let path = claims_dir.join(name);
            write(&path, text.as_bytes())?;
            paths.push(path);
        }
        files += paths.len() - 1;
        let loaded = verify::pipeline::load_paths(&paths);
        if !loaded.diagnostics.is_empty() {
            let shown: Vec<String> = loaded
                .diagnostics
                .iter()
                .take(5)
                .map(|d| verify::diag::render(&loaded.sources, d, false))
                .collect();
            return Err(format!(
                "internal error: the generated corpus has {} diagnostics:\n{}",
                loaded.diagnostics.len(),
                shown.join("\n")
            ));
        }
        facts.append(&loaded.corpus)?;
    }
    write(&out.join("planted.json"), g.planted_json().as_bytes())?;
    let written = Written {
        claims: facts.claims,
        files,
        reports: facts.reports,
        entities: facts.entities.unwrap_or(0),
    };
    facts.finish()?;
    Ok(written)
}

/// The resolved facts, one CSV file per table, written part by part as the corpus is
/// loaded: the claims and reports of each part are numbered on from those of the parts
/// before it, as `verify` numbers them when it reads the whole corpus (files in path
/// order, then lines); the declarations, which every part loads alike, are written once.
struct Facts {
    dir: PathBuf,
    claims_csv: BufWriter<File>,
    people_csv: BufWriter<File>,
    reports_csv: BufWriter<File>,
    /// Claims and reports written so far.
    claims: usize,
    reports: usize,
    /// Entities and outlets of the first part, once written.
    entities: Option<usize>,
    outlets: usize,
}

impl Facts {
    fn create(dir: &Path) -> Result<Facts, String> {
        let open = |name: &str, header: &str| -> Result<BufWriter<File>, String> {
            let path = dir.join(name);
            let mut w = File::create(&path)
                .map(|f| BufWriter::with_capacity(1 << 20, f))
                .map_err(|e| format!("cannot write `{}`: {e}", path.display()))?;
            w.write_all(header.as_bytes())
                .map_err(|e| format!("cannot write `{}`: {e}", path.display()))?;
            Ok(w)
        };
        Ok(Facts {
            dir: dir.to_path_buf(),
            claims_csv: open("claims.csv", CLAIMS_HEADER)?,
            people_csv: open("claim_people.csv", PEOPLE_HEADER)?,
            reports_csv: open("reports.csv", REPORTS_HEADER)?,
            claims: 0,
            reports: 0,
            entities: None,
            outlets: 0,
        })
    }

    /// Appends the facts of `corpus`, the part of the corpus after those appended before.
    fn append(&mut self, corpus: &Corpus) -> Result<(), String> {
        match self.entities {
            None => {
                write(
                    &self.dir.join("entities.csv"),
                    entities_csv(corpus).as_bytes(),
                )?;
                write(
                    &self.dir.join("outlets.csv"),
                    outlets_csv(corpus).as_bytes(),
                )?;
                self.entities = Some(corpus.entities.len());
                self.outlets = corpus.outlets.len();
            }
            Some(n) if n != corpus.entities.len() || self.outlets != corpus.outlets.len() => {
                return Err(
                    "internal error: two parts of the corpus declare different entities".into(),
                );
            }
            Some(_) => {}
        }
        let (claims, reports) = (self.claims, self.reports);
        let failed = |name: &str, e: std::io::Error| {
            format!("cannot write `{}`: {e}", self.dir.join(name).display())
        };
        self.claims_csv
            .write_all(claims_csv(corpus, claims, reports).as_bytes())
            .map_err(|e| failed("claims.csv", e))?;
        self.people_csv
            .write_all(people_csv(corpus, claims).as_bytes())
            .map_err(|e| failed("claim_people.csv", e))?;
        self.reports_csv
            .write_all(reports_csv(corpus, reports).as_bytes())
            .map_err(|e| failed("reports.csv", e))?;
        self.claims += corpus.claims.len();
        self.reports += corpus.reports.len();
        Ok(())
    }

    fn finish(mut self) -> Result<(), String> {
        for (name, w) in [
            ("claims.csv", &mut self.claims_csv),
            ("claim_people.csv", &mut self.people_csv),
            ("reports.csv", &mut self.reports_csv),
        ] {
            w.flush()
                .map_err(|e| format!("cannot write `{}`: {e}", self.dir.join(name).display()))?;
        }
        Ok(())
    }
}

/// Creates `dir`; refuses to mix with the `*.EXT` files of an earlier run unless `force`,
/// which removes them.
fn prepare_dir(dir: &Path, ext: &str, force: bool) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create `{}`: {e}", dir.display()))?;
    let entries =
        std::fs::read_dir(dir).map_err(|e| format!("cannot read `{}`: {e}", dir.display()))?;
    for entry in entries {
        let path = entry
            .map_err(|e| format!("cannot read `{}`: {e}", dir.display()))?
            .path();
        if path.extension().is_some_and(|x| x == ext) {
            if !force {
                return Err(format!(
                    "`{}` already holds `*.{ext}` files from an earlier run: choose another --out, or pass --force to replace them",
                    dir.display()
                ));
            }
            std::fs::remove_file(&path)
                .map_err(|e| format!("cannot remove `{}`: {e}", path.display()))?;
        }
    }
    Ok(())
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), String> {
    std::fs::write(path, bytes).map_err(|e| format!("cannot write `{}`: {e}", path.display()))
}

// ---------------------------------------------------------------------------------------
// Randomness
// ---------------------------------------------------------------------------------------

/// splitmix64: small, fast and the same on every platform.
struct Rng(u64);

impl Rng {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n > 0`).
    fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: i32, hi: i32) -> i32 {
        lo + (self.next_u64() % (i64::from(hi) - i64::from(lo) + 1) as u64) as i32
    }

    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    fn pick<'a, T>(&mut self, v: &'a [T]) -> &'a T {
        &v[self.below(v.len())]
    }
}

/// Zipf–Mandelbrot popularity over `0..n`: item `k` has weight `1 / (k + q)^s`.
struct Zipf {
    cumulative: Vec<f64>,
}

impl Zipf {
    fn new(n: usize, s: f64, q: f64) -> Zipf {
        let mut total = 0.0;
        let cumulative = (0..n.max(1))
            .map(|k| {
                total += 1.0 / (k as f64 + q).powf(s);
                total
            })
            .collect();
        Zipf { cumulative }
    }

    fn sample(&self, rng: &mut Rng) -> usize {
        let x = rng.unit() * self.cumulative[self.cumulative.len() - 1];
        self.cumulative
            .partition_point(|&c| c <= x)
            .min(self.cumulative.len() - 1)
    }
}

/// The corpus size whose popularity profile larger corpora repeat: a corpus of N claims
/// has its entities in [`blocks_for`]`(N)` blocks, each about as large as the whole pool
/// of a corpus of this many claims.
const REFERENCE_CLAIMS: usize = 100_000;

/// How many blocks the entity pools of a corpus of `n` claims come in: one below
/// 150,000 claims, then one per [`REFERENCE_CLAIMS`] claims (rounded), so that each block
/// gets between two thirds and one and a half times the claims of the reference corpus.
fn blocks_for(n: usize) -> usize {
    ((n + REFERENCE_CLAIMS / 2) / REFERENCE_CLAIMS).max(1)
}

/// The size of one block of a pool that has a key for every `claims_per_key` claims (and
/// at least `min` keys per block), in a corpus of `n` claims.
fn block_size(n: usize, claims_per_key: usize, min: usize) -> usize {
    (n / blocks_for(n) / claims_per_key).max(min)
}

/// Zipf-like popularity over `blocks` blocks of `size` keys each (key `b * size + r` is
/// rank `r` of block `b`): a key is drawn from a block chosen uniformly, by a
/// Zipf–Mandelbrot law over the ranks of a block. Every block has the same profile, so as
/// a pool grows by blocks, the share of draws each key gets shrinks in proportion and the
/// number of draws per key keeps its distribution: the most popular keys are no more
/// popular in a larger corpus, there are just more of them.
struct Popularity {
    blocks: usize,
    size: usize,
    ranks: Zipf,
}

impl Popularity {
    fn new(blocks: usize, size: usize, s: f64, q: f64) -> Popularity {
        Popularity {
            blocks: blocks.max(1),
            size: size.max(1),
            ranks: Zipf::new(size, s, q),
        }
    }

    fn sample(&self, rng: &mut Rng) -> usize {
        let r = self.ranks.sample(rng);
        self.block(rng) + r
    }

    /// The first key of a block chosen uniformly.
    fn block(&self, rng: &mut Rng) -> usize {
        rng.below(self.blocks) * self.size
    }
}

// ---------------------------------------------------------------------------------------
// Dates
// ---------------------------------------------------------------------------------------

use verify::calendar::MONTH_NAMES as MONTHS;

use verify::calendar::WEEKDAY_NAMES as WEEKDAYS;

fn day(y: i32, m: u32, d: u32) -> Day {
    day_from_ymd(y, m, d).expect("a valid date")
}

fn year_of(d: Day) -> i32 {
    ymd(d).0
}

fn month_start(d: Day) -> Day {
    let (y, m, _) = ymd(d);
    day(y, m, 1)
}

fn month_end(d: Day) -> Day {
    let (y, m, _) = ymd(d);
    day(y, m, calendar::days_in_month(y, m))
}

fn year_start(d: Day) -> Day {
    day(year_of(d), 1, 1)
}

fn year_end(d: Day) -> Day {
    day(year_of(d), 12, 31)
}

/// Monday = 0 … Sunday = 6.
fn wd(d: Day) -> usize {
    calendar::weekday(d).num_days_from_monday() as usize
}

fn iso(d: Day) -> String {
    calendar::format_day(d)
}

fn iso_month(d: Day) -> String {
    let (y, m, _) = ymd(d);
    format!("{y:04}-{m:02}")
}

fn iso_year(d: Day) -> String {
    format!("{:04}", year_of(d))
}

fn day_month(d: Day) -> String {
    let (_, m, dd) = ymd(d);
    format!("{dd} {}", MONTHS[m as usize - 1])
}

/// The forms the `when` of an account may take.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Form {
    /// Exact days, or coarser: a month, a year, one end known to the month only.
    Any,
    /// Exact days only.
    Exact,
    /// One exact day (`on`), as awards take it.
    Day,
}

/// The `when` of an account, as written.
struct WhenText {
    /// With a leading space; empty for none.
    text: String,
    /// Whether it gives the exact first and last days.
    exact: bool,
    /// Whether a wrong weekday was planted in it.
    wrong_weekday: bool,
}

impl WhenText {
    fn exact(text: String, wrong_weekday: bool) -> WhenText {
        WhenText {
            text,
            exact: true,
            wrong_weekday,
        }
    }

    /// A coarser `when`, or none.
    fn coarse(text: String) -> WhenText {
        WhenText {
            text,
            exact: false,
            wrong_weekday: false,
        }
    }
}

/// The publication date relative dates of a block are read against.
#[derive(Clone, Copy, Debug)]
struct Anchor {
    lo: Day,
    hi: Day,
    borrowed: bool,
}

impl Anchor {
    fn precise(&self) -> bool {
        self.lo == self.hi
    }
}

/// A day written as text: an absolute or a relative point, and whether it is precise (so
/// a weekday can be stated next to it).
struct Pt {
    text: String,
    precise: bool,
}

/// A relative spelling of the exact day `d`, read against `a`, if one fits.
fn rel_day(rng: &mut Rng, d: Day, a: &Anchor) -> Option<String> {
    let mut opts: Vec<String> = Vec::new();
    if a.precise() {
        let a = a.lo;
        let back = a - d;
        match back {
            0 => opts.push("today".into()),
            1 => opts.push("yesterday".into()),
            -1 => opts.push("tomorrow".into()),
            _ => {}
        }
        if (1..=60).contains(&back) {
            opts.push(format!(
                "{back} {} ago",
                if back == 1 { "day" } else { "days" }
            ));
        }
        if back > 0 && back % 7 == 0 && back / 7 <= 8 {
            let n = back / 7;
            opts.push(format!("{n} {} ago", if n == 1 { "week" } else { "weeks" }));
        }
        if (0..=6).contains(&back) {
            opts.push(WEEKDAYS[wd(d)].into());
        }
        if (1..=7).contains(&back) {
            opts.push(format!("last {}", WEEKDAYS[wd(d)]));
        }
        if (-7..=-1).contains(&back) {
            opts.push(format!("next {}", WEEKDAYS[wd(d)]));
        }
    }
    // A day and month take the anchor's year, which a month anchor knows too.
    if year_of(d) == year_of(a.lo) && year_of(d) == year_of(a.hi) {
        opts.push(day_month(d));
    }
    if opts.is_empty() {
        None
    } else {
        Some(rng.pick(&opts).clone())
    }
}

/// The exact day `d` written absolutely or, when `rel` allows and an anchor fits, relatively.
fn exact_pt(rng: &mut Rng, d: Day, anchor: Option<&Anchor>, rel: f64) -> Pt {
    if let Some(a) = anchor {
        if rng.chance(rel) {
            if let Some(t) = rel_day(rng, d, a) {
                return Pt {
                    text: t,
                    precise: true,
                };
            }
        }
    }
    Pt {
        text: iso(d),
        precise: true,
    }
}

/// Appends ` (Weekday)` to a precise point sometimes; a wrong weekday when `wrong`.
fn with_weekday(rng: &mut Rng, p: Pt, d: Day, p_state: f64, wrong: bool) -> (String, bool) {
    if !p.precise || !(wrong || rng.chance(p_state)) {
        return (p.text, false);
    }
    let w = if wrong {
        (wd(d) + 1 + rng.below(6)) % 7
    } else {
        wd(d)
    };
    (format!("{} ({})", p.text, WEEKDAYS[w]), wrong)
}

// ---------------------------------------------------------------------------------------
// The world
// ---------------------------------------------------------------------------------------

const COUNTRIES: [(&str, &str); 40] = [
    ("MA", "Morocco"),
    ("BE", "Belgium"),
    ("FR", "France"),
    ("DE", "Germany"),
    ("ES", "Spain"),
    ("IT", "Italy"),
    ("NL", "Netherlands"),
    ("PT", "Portugal"),
    ("DZ", "Algeria"),
    ("TN", "Tunisia"),
    ("EG", "Egypt"),
    ("SN", "Senegal"),
    ("ML", "Mali"),
    ("NE", "Niger"),
    ("NG", "Nigeria"),
    ("GB", "United Kingdom"),
    ("US", "United States"),
    ("CA", "Canada"),
    ("BR", "Brazil"),
    ("AR", "Argentina"),
    ("TR", "Turkey"),
    ("SA", "Saudi Arabia"),
    ("AE", "United Arab Emirates"),
    ("QA", "Qatar"),
    ("JO", "Jordan"),
    ("LB", "Lebanon"),
    ("IQ", "Iraq"),
    ("CN", "China"),
    ("JP", "Japan"),
    ("KR", "South Korea"),
    ("RU", "Russia"),
    ("UA", "Ukraine"),
    ("PL", "Poland"),
    ("SE", "Sweden"),
    ("AT", "Austria"),
    ("CH", "Switzerland"),
    ("GR", "Greece"),
    ("MR", "Mauritania"),
    ("KE", "Kenya"),
    ("ZA", "South Africa"),
];

const SYLLABLES: [&str; 48] = [
    "ka", "ra", "mo", "li", "sa", "ben", "tor", "da", "mi", "no", "ha", "zu", "el", "an", "bo",
    "vi", "ter", "lan", "do", "ma", "ri", "sen", "ko", "fa", "lu", "mer", "gi", "ta", "ne", "bar",
    "qa", "sil", "pe", "ro", "dun", "val", "che", "ti", "ou", "ya", "za", "ber", "kas", "mon",
    "dri", "vel", "ash", "nor",
];

const GIVEN: [&str; 40] = [
    "Amina", "Youssef", "Karim", "Leila", "Omar", "Sofia", "Marc", "Julie", "Hassan", "Nadia",
    "Pierre", "Claire", "Ahmed", "Fatima", "Jan", "Els", "Luc", "Sara", "Mehdi", "Ines", "Tarik",
    "Hanane", "Bruno", "Anne", "Rachid", "Salma", "Thomas", "Marie", "Driss", "Zineb", "Paolo",
    "Elena", "Ivan", "Olga", "Kenji", "Mei", "Ali", "Noura", "Samir", "Lina",
];

const OUTLET_KINDS: [&str; 7] = [
    "daily",
    "weekly",
    "magazine",
    "site",
    "agency",
    "broadcaster",
    "official",
];

const LANGS: [&str; 6] = ["ar", "fr", "nl", "en", "es", "de"];

const TOPICS: [&str; 10] = [
    "counter-terrorism",
    "organised crime",
    "drug trafficking",
    "migration",
    "cyber security",
    "border control",
    "information exchange",
    "training",
    "extradition",
    "police cooperation",
];

const PREDICATES: [&str; 8] = [
    "relies on",
    "cooperates with",
    "warned",
    "praised",
    "criticised",
    "signed a deal with",
    "is",
    "expects",
];

const AWARDS: [&str; 6] = [
    "Gold medal of honour",
    "Order of Merit",
    "Medal of Police Merit",
    "Grand Cross",
    "Commander of the Order",
    "Silver medal",
];

/// Where something happened.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Where {
    Country(usize),
    City(usize),
    Place(usize),
}

struct City {
    id: String,
    country: usize,
}

struct PlaceDecl {
    id: String,
    city: usize,
}

struct Org {
    id: String,
    country: usize,
}

struct Office {
    id: String,
    sole: bool,
    /// Successive terms `(first day, last day, person)`; the first starts with an open
    /// start in mind, the last never ends.
    terms: Vec<(Day, Day, usize)>,
}

struct NamedEvent {
    id: String,
    city: usize,
}

struct OutletDecl {
    id: String,
}

struct Plan {
    label: String,
    name: String,
    kind: &'static str,
    start: Day,
    end: Day,
    signed: Day,
    /// The latest end an account gave it: `end`, or a year later when a relative end was
    /// read on a later year's date (planted).
    latest_end: Day,
    /// Number of accounts written so far.
    accounts: u32,
    /// Origin of an account that gave the exact day of the signing, if any.
    signed_by: Option<usize>,
    /// Origins of the accounts written so far.
    origins: Vec<usize>,
}

struct PartySet {
    members: Vec<String>,
    plans: Vec<usize>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Visit,
    Meeting,
    Event,
    Award,
    Statement,
}

impl Kind {
    /// Whether the story places its people somewhere (`person-in-two-places` reads these).
    fn places_people(self) -> bool {
        matches!(self, Kind::Visit | Kind::Meeting | Kind::Event)
    }
}

/// Whether an account may still give a story other days than its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Dating {
    /// Nothing depends on its days yet.
    Open,
    /// Other claims depend on its days: a part of it (`during`), the story it is part of,
    /// or an arrival day. Moving them would contradict those claims too.
    Tied,
    /// An account gave it other days (planted): nothing new may depend on them.
    Disputed,
}

/// A real-world event that several claims (accounts) can describe under one label.
struct Story {
    kind: Kind,
    label: String,
    start: Day,
    end: Day,
    /// Persons taking part (indexes into `Gen::persons`): the visitor or participants
    /// first.
    people: Vec<usize>,
    /// Destination of a visit, place of anything else.
    place: Option<Where>,
    coming_from: Option<Where>,
    event: Option<usize>,
    during: Option<String>,
    award: Option<(String, String)>,
    statement: Option<(String, String, String)>,
    topic: Option<&'static str>,
    origins: Vec<usize>,
    /// Origins of the accounts that gave its exact days.
    exact_by: Vec<usize>,
    dating: Dating,
    /// The rule the story itself was made to break, if any: every account of it takes
    /// part in that problem.
    planted: Option<&'static str>,
}

/// Days on which a person is at a place, as one story (or one account of it) has it.
#[derive(Clone, Copy, Debug)]
struct Stay {
    first: Day,
    last: Day,
    at: Where,
}

/// No stay is longer than this many days, so stays that may overlap a day are found by
/// their first days alone.
const LONGEST_STAY: i32 = 10;

/// How many of the latest stories later reports may give another account of, or refer to.
const RECENT_STORIES: usize = 400;

/// The stories that may still be told, by story number: the latest [`RECENT_STORIES`].
/// An older story can no longer be told or referred to, so it is counted and dropped,
/// which keeps the generator's memory independent of the corpus size.
#[derive(Default)]
struct Stories {
    /// The number of the oldest story kept.
    first: usize,
    live: VecDeque<Story>,
}

impl Stories {
    /// Adds a story; its number.
    fn push(&mut self, s: Story) -> usize {
        self.live.push_back(s);
        self.first + self.live.len() - 1
    }

    /// Removes the oldest story kept, if more than [`RECENT_STORIES`] are.
    fn retire(&mut self) -> Option<Story> {
        if self.live.len() <= RECENT_STORIES {
            return None;
        }
        self.first += 1;
        self.live.pop_front()
    }

    /// Numbers of the stories kept, latest first.
    fn latest_first(&self) -> impl Iterator<Item = usize> + '_ {
        (self.first..self.first + self.live.len()).rev()
    }
}

impl std::ops::Index<usize> for Stories {
    type Output = Story;
    fn index(&self, i: usize) -> &Story {
        &self.live[i - self.first]
    }
}

impl std::ops::IndexMut<usize> for Stories {
    fn index_mut(&mut self, i: usize) -> &mut Story {
        &mut self.live[i - self.first]
    }
}

/// Whether `origins` (with repetitions) hold one origin only.
fn single_origin(origins: &[usize]) -> bool {
    !origins.is_empty() && origins.iter().all(|&o| o == origins[0])
}

/// One open block of a report while it is written: `per` nesting and its anchor.
#[derive(Clone)]
struct Block {
    chain: Vec<usize>,
    depth: usize,
    anchor: Option<Anchor>,
}

impl Block {
    fn origin(&self) -> usize {
        *self.chain.last().expect("a chain has the report's outlet")
    }
}

struct Gen {
    rng: Rng,
    target: usize,
    countries: Vec<(String, String)>,
    cities: Vec<City>,
    /// The cities of each country.
    cities_of: Vec<Vec<usize>>,
    places: Vec<PlaceDecl>,
    /// The places of each city.
    places_of: Vec<Vec<usize>>,
    orgs: Vec<Org>,
    offices: Vec<Office>,
    persons: Vec<String>,
    events: Vec<NamedEvent>,
    outlets: Vec<OutletDecl>,
    plans: Vec<Plan>,
    party_sets: Vec<PartySet>,
    /// Recent stories, which later reports may give another account of.
    stories: Stories,
    /// Stories no longer kept that one origin alone told.
    single_origin_stories: usize,
    /// Labels some claim of the current segment already carries (`during`/`extends` may
    /// only name these).
    labels: HashSet<String>,
    /// Where each person is on which days, by every story placed so far: stays sorted by
    /// their first day.
    stays: HashMap<usize, Vec<Stay>>,
    /// Office terms `(office, term)` that some claim gave in full.
    stated_terms: HashSet<(usize, usize)>,
    person_pop: Popularity,
    outlet_pop: Popularity,
    office_pop: Popularity,
    city_pop: Popularity,
    party_pop: Popularity,
    planted: BTreeMap<&'static str, u64>,
    /// Rules whose planted problems the claim being written takes part in.
    marks: Vec<&'static str>,
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

/// Declared names, for keeping every entity's transliteration skeleton unique (so that
/// `duplicate-entities` stays silent) and every id unique.
#[derive(Default)]
struct Names {
    ids: HashSet<String>,
    skeletons: HashSet<String>,
    /// Syllables added to made-up words, once short ones are mostly taken.
    longer: usize,
    /// Names refused in a row.
    refused: usize,
}

impl Names {
    /// Whether `id` and `name` are free; if so, claims them.
    fn claim(&mut self, id: &str, name: &str) -> bool {
        let fid = verify::model::names::fold(id);
        let sk = verify::model::names::skeleton(name);
        let sk_id = verify::model::names::skeleton(id);
        if self.ids.contains(&fid)
            || self.skeletons.contains(&sk)
            || self.skeletons.contains(&sk_id)
        {
            // Made-up words of a given length run out in a large corpus: make them longer.
            self.refused += 1;
            if self.refused == 64 {
                self.longer += 1;
                self.refused = 0;
            }
            return false;
        }
        self.refused = 0;
        self.ids.insert(fid);
        self.skeletons.insert(sk);
        self.skeletons.insert(sk_id);
        true
    }
}

impl Names {
    /// A made-up word of `syllables` syllables or one more, longer once short words run
    /// out.
    fn word(&self, rng: &mut Rng, syllables: usize) -> String {
        word(rng, syllables + self.longer)
    }
}

/// A made-up word of two or three syllables (`syllables` or one more).
fn word(rng: &mut Rng, syllables: usize) -> String {
    let n = syllables + rng.below(2);
    let mut w = String::new();
    for _ in 0..n {
        w.push_str(SYLLABLES[rng.below(SYLLABLES.len())]);
    }
    w
}

fn capitalised(w: &str) -> String {
    let mut c = w.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

impl Gen {
    fn new(seed: u64, target: usize, mark_planted: bool) -> Gen {
        let mut g = Gen {
            rng: Rng(seed ^ 0x5EED_0FC0_4B05),
            target,
            countries: Vec::new(),
            cities: Vec::new(),
            cities_of: Vec::new(),
            places: Vec::new(),
            places_of: Vec::new(),
            orgs: Vec::new(),
            offices: Vec::new(),
            persons: Vec::new(),
            events: Vec::new(),
            outlets: Vec::new(),
            plans: Vec::new(),
            party_sets: Vec::new(),
            stories: Stories::default(),
            single_origin_stories: 0,
            labels: HashSet::new(),
            stays: HashMap::new(),
            stated_terms: HashSet::new(),
            person_pop: Popularity::new(1, 1, 1.0, 1.0),
            outlet_pop: Popularity::new(1, 1, 1.0, 1.0),
            office_pop: Popularity::new(1, 1, 1.0, 1.0),
            city_pop: Popularity::new(1, 1, 1.0, 1.0),
            party_pop: Popularity::new(1, 1, 1.0, 1.0),
            planted: BTreeMap::new(),
            marks: Vec::new(),
            mark_planted,
            entities_text: String::new(),
            next_label: 0,
            emitted: 0,
            reports_written: 0,
            files_written: 0,
            first_day: day(2018, 1, 1),
            last_day: day(2025, 12, 31),
        };
        g.build_world();
        g
    }

    /// Counts a problem of `rule` planted in the claim being written, and marks the claim.
    fn plant(&mut self, rule: &'static str) {
        *self.planted.entry(rule).or_default() += 1;
        self.marks.push(rule);
    }

    fn planted_json(&self) -> String {
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
        for set in &self.party_sets {
            for w in set.plans.windows(2) {
                let (a, b) = (&self.plans[w[0]], &self.plans[w[1]]);
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

    /// Declares the world. Every pool of entities a claim draws by popularity (outlets,
    /// people, offices, cities, party sets) comes in [`blocks_for`] blocks of equal size,
    /// each with the popularity profile of the reference corpus, and the pools drawn from
    /// uniformly (organisations, named events) grow with the corpus too, so that a larger
    /// corpus tells about more things rather than more often about the same ones.
    fn build_world(&mut self) {
        let n = self.target;
        let blocks = blocks_for(n);
        let rng = &mut self.rng;
        let mut names = Names::default();
        let mut out = String::new();
        out.push_str("# Synthetic corpus written by gen-corpus: declarations.\n\n# Outlets\n");

        let outlets_per_block = block_size(n, 300, 15);
        while self.outlets.len() < blocks * outlets_per_block {
            let w = names.word(rng, 2);
            let kind = *rng.pick(&OUTLET_KINDS);
            let name = match kind {
                "daily" => format!("{} Daily", capitalised(&w)),
                "weekly" => format!("{} Weekly", capitalised(&w)),
                "magazine" => format!("{} Magazine", capitalised(&w)),
                "site" => format!("{}24", capitalised(&w)),
                "agency" => format!("{} Press Agency", capitalised(&w)),
                "broadcaster" => format!("Radio {}", capitalised(&w)),
                _ => format!("{} communique", capitalised(&w)),
            };
            let id = format!("{w}{}", self.outlets.len());
            if !names.claim(&id, &name) {
                continue;
            }
            let country = rng.pick(&COUNTRIES).0;
            let lang = *rng.pick(&LANGS);
            let _ = writeln!(
                out,
                "outlet {id} \"{name}\" country {country} lang {lang} kind {kind}"
            );
            self.outlets.push(OutletDecl { id });
        }

        out.push_str("\n# Countries, cities and places\n");
        for (code, name) in COUNTRIES {
            assert!(names.claim(code, name));
            let _ = writeln!(out, "country {code} \"{name}\"");
            self.countries.push((code.to_owned(), name.to_owned()));
        }
        // Every block has the same number of cities in each country, in country order.
        let per_country: Vec<usize> = COUNTRIES.iter().map(|_| 3 + rng.below(4)).collect();
        let cities_per_block: usize = per_country.iter().sum();
        self.cities_of = vec![Vec::new(); self.countries.len()];
        for _ in 0..blocks {
            for (c, &k) in per_country.iter().enumerate() {
                let mut made = 0;
                while made < k {
                    let w = names.word(rng, 2);
                    let name = capitalised(&w);
                    let id = format!("{w}-{}", self.cities.len());
                    if !names.claim(&id, &name) {
                        continue;
                    }
                    let _ = writeln!(out, "city {id} \"{name}\" in {}", self.countries[c].0);
                    self.cities_of[c].push(self.cities.len());
                    self.cities.push(City { id, country: c });
                    made += 1;
                }
            }
        }
        self.places_of = vec![Vec::new(); self.cities.len()];
        for city in 0..self.cities.len() {
            if !rng.chance(0.6) {
                continue;
            }
            let base = self.cities[city]
                .id
                .split('-')
                .next()
                .unwrap_or("x")
                .to_owned();
            let what = *rng.pick(&["airport", "palace", "ministry", "stadium", "port"]);
            let id = format!("{base}-{what}-{}", self.places.len());
            let name = format!("{} {what}", capitalised(&base));
            if !names.claim(&id, &name) {
                continue;
            }
            let _ = writeln!(out, "place {id} \"{name}\" in {}", self.cities[city].id);
            self.places_of[city].push(self.places.len());
            self.places.push(PlaceDecl { id, city });
        }

        // The first block has each country's police, security service, interior ministry
        // and sometimes customs; every further block as many agencies per country.
        out.push_str("\n# Organisations and offices\n");
        let mut per_country = vec![0; self.countries.len()];
        for (c, made) in per_country.iter_mut().enumerate() {
            for what in ["police", "security", "interior", "customs"] {
                if what == "customs" && rng.chance(0.5) {
                    continue;
                }
                let code = self.countries[c].0.to_lowercase();
                let id = format!("{code}-{what}");
                let name = format!("{} {}", self.countries[c].1, capitalised(what));
                assert!(names.claim(&id, &name), "{id}");
                let _ = writeln!(out, "org {id} \"{name}\" in {}", self.countries[c].0);
                self.orgs.push(Org { id, country: c });
                *made += 1;
            }
        }
        for _ in 1..blocks {
            for (c, &k) in per_country.iter().enumerate() {
                let mut made = 0;
                while made < k {
                    let w = names.word(rng, 2);
                    let what = *rng.pick(&["Agency", "Directorate", "Service", "Bureau"]);
                    let code = self.countries[c].0.to_lowercase();
                    let id = format!("{code}-{w}");
                    let name = format!("{} {} {what}", self.countries[c].1, capitalised(&w));
                    if !names.claim(&id, &name) {
                        continue;
                    }
                    let _ = writeln!(out, "org {id} \"{name}\" in {}", self.countries[c].0);
                    self.orgs.push(Org { id, country: c });
                    made += 1;
                }
            }
        }

        out.push_str("\n# People\n");
        let persons_per_block = block_size(n, 12, 60);
        while self.persons.len() < blocks * persons_per_block {
            let given = *rng.pick(&GIVEN);
            let sur = capitalised(&names.word(rng, 2));
            let name = format!("{given} {sur}");
            let id = format!("{}{}", sur.to_lowercase(), self.persons.len());
            if !names.claim(&id, &name) {
                continue;
            }
            let _ = writeln!(out, "person {id} \"{name}\"");
            self.persons.push(id);
        }
        self.person_pop = Popularity::new(blocks, persons_per_block, 1.0, 5.0);
        // Office holders come from the less famous part of a block of people (its last
        // two thirds by popularity), so that their terms rarely collide with their travels.
        let offices_per_block = block_size(n, 300, 10);
        let first_term = day(2008, 1, 1);
        let end_terms = day(2028, 1, 1);
        while self.offices.len() < blocks * offices_per_block {
            let org = rng.below(self.orgs.len());
            let sole = rng.chance(0.8);
            let (title, short) = if sole {
                *rng.pick(&[
                    ("Director General", "dg"),
                    ("Commissioner General", "cg"),
                    ("Chief", "chief"),
                    ("Minister", "min"),
                ])
            } else {
                *rng.pick(&[
                    ("Adviser", "adv"),
                    ("Board member", "board"),
                    ("Deputy", "dep"),
                ])
            };
            let id = format!("{}-{short}-{}", self.orgs[org].id, self.offices.len());
            let name = format!("{title} {} of {}", self.offices.len(), self.orgs[org].id);
            if !names.claim(&id, &name) {
                continue;
            }
            let _ = writeln!(
                out,
                "office {id} \"{name}\" of {}{}",
                self.orgs[org].id,
                if sole { " sole" } else { "" }
            );
            let mut terms = Vec::new();
            let mut s = first_term + rng.range(0, 900);
            let famous = persons_per_block / 3;
            while s < end_terms {
                let len = rng.range(300, 2200);
                let e = (s + len).min(end_terms + 4000);
                let holder =
                    self.person_pop.block(rng) + famous + rng.below(persons_per_block - famous);
                terms.push((s, e, holder));
                s = e + 1;
            }
            self.offices.push(Office { id, sole, terms });
        }

        out.push_str("\n# Named events\n");
        let n_events = (n / 400).max(10);
        while self.events.len() < n_events {
            let w = names.word(rng, 2);
            let what = *rng.pick(&["Summit", "Forum", "Games", "Conference", "Expo"]);
            let name = format!("{} {what} {}", capitalised(&w), self.events.len());
            let id = format!("{w}-{}-{}", what.to_lowercase(), self.events.len());
            if !names.claim(&id, &name) {
                continue;
            }
            let city = rng.below(self.cities.len());
            let _ = writeln!(out, "event {id} \"{name}\" in {}", self.cities[city].id);
            self.events.push(NamedEvent { id, city });
        }

        // Party sets: pairs (sometimes triples) of countries and organisations, each with a
        // chain of successive plans.
        let sets_per_block = block_size(n, 250, 6);
        let mut seen_sets: HashSet<Vec<String>> = HashSet::new();
        while self.party_sets.len() < blocks * sets_per_block {
            let mut members: Vec<String> = Vec::new();
            let size = if rng.chance(0.15) { 3 } else { 2 };
            while members.len() < size {
                let m = if rng.chance(0.8) {
                    self.countries[rng.below(self.countries.len())].0.clone()
                } else {
                    self.orgs[rng.below(self.orgs.len())].id.clone()
                };
                if !members.contains(&m) {
                    members.push(m);
                }
            }
            let mut key = members.clone();
            key.sort();
            if !seen_sets.insert(key) {
                continue;
            }
            let set = self.party_sets.len();
            let mut plans = Vec::new();
            let mut start = day(2010 + rng.range(0, 3), 1, 1);
            let mut k = 0;
            while start < day(2027, 1, 1) {
                let aligned = start == year_start(start) && rng.chance(0.8);
                let end = if aligned {
                    day(year_of(start) + rng.range(0, 3), 12, 31)
                } else {
                    start + rng.range(200, 1400)
                };
                let label = format!("ap-{set}-{k}");
                let kind = if rng.chance(0.7) { "plan" } else { "agreement" };
                let name = if kind == "plan" {
                    format!("Action plan {}-{}", year_of(start), year_of(end))
                } else {
                    format!("Agreement {k} of set {set}")
                };
                let signed = start - rng.range(0, 90);
                plans.push(self.plans.len());
                self.plans.push(Plan {
                    label,
                    name,
                    kind,
                    start,
                    end,
                    signed,
                    latest_end: end,
                    accounts: 0,
                    signed_by: None,
                    origins: Vec::new(),
                });
                // The next plan: usually the day after, sometimes after a gap or before
                // this one ends, though never before it starts (planted when accounts of
                // both are written).
                let r = rng.unit();
                start = if r < 0.08 {
                    end + 1 + rng.range(30, 400)
                } else if r < 0.16 {
                    end + 1 - rng.range(30, 300.min((end - start) / 2))
                } else {
                    end + 1
                };
                k += 1;
            }
            self.party_sets.push(PartySet { members, plans });
        }

        self.entities_text = out;
        self.outlet_pop = Popularity::new(blocks, outlets_per_block, 1.1, 2.0);
        self.office_pop = Popularity::new(blocks, offices_per_block, 1.0, 3.0);
        self.city_pop = Popularity::new(blocks, cities_per_block, 0.9, 3.0);
        self.party_pop = Popularity::new(blocks, sets_per_block, 1.0, 2.0);
    }

    fn where_id(&self, w: Where) -> &str {
        match w {
            Where::Country(c) => &self.countries[c].0,
            Where::City(c) => &self.cities[c].id,
            Where::Place(p) => &self.places[p].id,
        }
    }

    fn country_of(&self, w: Where) -> usize {
        match w {
            Where::Country(c) => c,
            Where::City(c) => self.cities[c].country,
            Where::Place(p) => self.cities[self.places[p].city].country,
        }
    }

    /// A city, by popularity.
    fn some_city(&mut self) -> Where {
        let c = self.city_pop.sample(&mut self.rng);
        Where::City(c)
    }

    /// A place inside `w` (or `w` itself): what a vaguer or a more precise account names.
    fn inside(&mut self, w: Where) -> Where {
        match w {
            Where::Country(c) => Where::City(*self.rng.pick(&self.cities_of[c])),
            Where::City(c) => {
                if self.places_of[c].is_empty() || self.rng.chance(0.5) {
                    w
                } else {
                    Where::Place(*self.rng.pick(&self.places_of[c]))
                }
            }
            Where::Place(_) => w,
        }
    }

    /// A vaguer name for `w`: its country, or `w` itself.
    fn vaguer(&mut self, w: Where) -> Where {
        if self.rng.chance(0.5) {
            Where::Country(self.country_of(w))
        } else {
            w
        }
    }

    fn person(&mut self) -> usize {
        self.person_pop.sample(&mut self.rng)
    }

    /// The ids of `people`, as a claim lists them.
    fn names(&self, people: &[usize]) -> String {
        let ids: Vec<&str> = people.iter().map(|&q| self.persons[q].as_str()).collect();
        ids.join(", ")
    }

    fn new_label(&mut self, prefix: &str) -> String {
        self.next_label += 1;
        format!("{prefix}-{}", self.next_label)
    }

    /// Whether `a` lies in `b` (or is `b`).
    fn lies_in(&self, a: Where, b: Where) -> bool {
        a == b
            || match (a, b) {
                (_, Where::Country(c)) => self.country_of(a) == c,
                (Where::Place(p), Where::City(c)) => self.places[p].city == c,
                _ => false,
            }
    }

    /// Whether one person can be at `a` and at `b` on the same day: one lies in the other.
    /// Accounts name a place or its country, and these lie in each other then too.
    fn nested(&self, a: Where, b: Where) -> bool {
        self.lies_in(a, b) || self.lies_in(b, a)
    }

    /// Whether person `q` can be at `at` on the days `first..=last`: every stay of theirs
    /// on one of those days is at a place nested with `at`.
    fn is_free(&self, q: usize, first: Day, last: Day, at: Where) -> bool {
        let Some(v) = self.stays.get(&q) else {
            return true;
        };
        let end = v.partition_point(|st| st.first <= last);
        v[..end]
            .iter()
            .rev()
            .take_while(|st| st.first > first - LONGEST_STAY)
            .all(|st| st.last < first || self.nested(st.at, at))
    }

    fn note_stay(&mut self, q: usize, stay: Stay) {
        debug_assert!(stay.last - stay.first < LONGEST_STAY);
        let v = self.stays.entry(q).or_default();
        let i = v.partition_point(|st| st.first <= stay.first);
        v.insert(i, stay);
    }

    /// Someone other than `taken` who can be at `at` on `first..=last`: by popularity, or
    /// anyone when the popular people are all elsewhere.
    fn free_person(&mut self, first: Day, last: Day, at: Where, taken: &[usize]) -> Option<usize> {
        let free = |g: &Gen, q: usize| !taken.contains(&q) && g.is_free(q, first, last, at);
        for _ in 0..16 {
            let q = self.person();
            if free(self, q) {
                return Some(q);
            }
        }
        let n = self.persons.len();
        let from = self.rng.below(n);
        (0..n).map(|i| (from + i) % n).find(|&q| free(self, q))
    }

    // -----------------------------------------------------------------------------------
    // Reports
    // -----------------------------------------------------------------------------------

    /// The declarations, as `entities.claims` holds them (once).
    fn take_entities(&mut self) -> String {
        std::mem::take(&mut self.entities_text)
    }

    /// The files of the next segment of reports, in publication order, each of about
    /// `per_file` claims, until `segment` more claims are written or the corpus is
    /// complete; `None` once it is. A segment refers to no label of another (`during`
    /// and `extends` name only labels of its own claims), so that each can be loaded on
    /// its own, next to `entities.claims`.
    fn segment(&mut self, per_file: usize, segment: usize) -> Option<Vec<(String, String)>> {
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
        let outlet = self.outlet_pop.sample(&mut self.rng);
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
            self.outlets[outlet].id
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
        let mut cited = self.outlet_pop.sample(&mut self.rng);
        if parent.chain.contains(&cited) {
            cited = (cited + 1 + self.rng.below(self.outlets.len() - 1)) % self.outlets.len();
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
            self.outlets[cited].id
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

    // -----------------------------------------------------------------------------------
    // Dates of an account
    // -----------------------------------------------------------------------------------

    /// The `when` of an account of a period that truly is `s..=e`: exact, relative,
    /// coarser (when `form` allows), or absent (when `allow_none`).
    fn when_text(
        &mut self,
        s: Day,
        e: Day,
        anchor: Option<&Anchor>,
        allow_none: bool,
        form: Form,
    ) -> WhenText {
        let r = self.rng.unit();
        if allow_none && r < 0.12 {
            return WhenText::coarse(String::new());
        }
        let wrong = self.rng.chance(0.015);
        let rel = 0.35;
        if r < 0.24 && form == Form::Any {
            // Coarser: the month or the year, absolute or relative.
            if month_start(s) == month_start(e) {
                let rel_month = anchor.and_then(|a| {
                    let am = month_start(a.lo);
                    (am == month_start(a.hi)).then_some(am)
                });
                return WhenText::coarse(match rel_month {
                    Some(am) if am == month_start(s) && self.rng.chance(0.4) => {
                        " on this month".into()
                    }
                    Some(am) if month_start(am - 1) == month_start(s) && self.rng.chance(0.4) => {
                        " on last month".into()
                    }
                    _ => format!(" on {}", iso_month(s)),
                });
            }
            if year_of(s) == year_of(e) {
                return WhenText::coarse(format!(" on {}", iso_year(s)));
            }
        }
        if r < 0.30 && form == Form::Any {
            // One end exact, the other known to the month: the two ranges of days may
            // overlap, so only readings with a first day before the last one count.
            return WhenText::coarse(if self.rng.chance(0.5) {
                format!(" from {} to {}", iso_month(s), iso(e))
            } else {
                format!(" from {} to {}", iso(s), iso_month(e))
            });
        }
        if s == e || form == Form::Day {
            let p = exact_pt(&mut self.rng, s, anchor, rel);
            let (t, w) = with_weekday(&mut self.rng, p, s, 0.12, wrong);
            return WhenText::exact(format!(" on {t}"), w);
        }
        // A run of days.
        if let Some(a) = anchor {
            if self.rng.chance(rel) && year_of(s) == year_of(a.lo) && year_of(e) == year_of(a.hi) {
                let (_, m1, d1) = ymd(s);
                let (_, m2, d2) = ymd(e);
                if m1 == m2 {
                    let month = MONTHS[m1 as usize - 1];
                    return WhenText::exact(
                        if self.rng.chance(0.5) {
                            format!(" on {d1}..{d2} {month}")
                        } else {
                            format!(" from {d1} to {d2} {month}")
                        },
                        false,
                    );
                }
                return WhenText::exact(
                    format!(" from {} to {}", day_month(s), day_month(e)),
                    false,
                );
            }
        }
        let ps = exact_pt(&mut self.rng, s, anchor, rel);
        let pe = exact_pt(&mut self.rng, e, anchor, rel);
        let (ts, w1) = with_weekday(&mut self.rng, ps, s, 0.08, wrong);
        let (te, w2) = with_weekday(&mut self.rng, pe, e, 0.08, false);
        WhenText::exact(format!(" from {ts} to {te}"), w1 || w2)
    }

    /// A story to give another account of, of kind `kind`, if a recent one exists.
    /// The story to tell and whether this is its first account: with probability `retell`
    /// a recent story of `kind`, else (or when there is none) a new one made by `new`.
    fn pick_story(
        &mut self,
        kind: Kind,
        retell: f64,
        new: impl FnOnce(&mut Self) -> Option<usize>,
    ) -> Option<(usize, bool)> {
        if self.rng.chance(retell) {
            if let Some(s) = self.recent_story(kind) {
                return Some((s, false));
            }
        }
        Some((new(self)?, true))
    }

    fn recent_story(&mut self, kind: Kind) -> Option<usize> {
        let candidates: Vec<usize> = self
            .stories
            .latest_first()
            .filter(|&s| self.stories[s].kind == kind)
            .take(40)
            .collect();
        if candidates.is_empty() {
            return None;
        }
        // Recent stories are retold more often.
        let i = (self.rng.unit().powi(2) * candidates.len() as f64) as usize;
        Some(candidates[i.min(candidates.len() - 1)])
    }

    /// Notes an account of story `si` by `origin`: an account of a planted story takes
    /// part in its problem.
    fn told(&mut self, si: usize, origin: usize) {
        self.stories[si].origins.push(origin);
        self.marks.extend(self.stories[si].planted);
    }

    /// Adds a new story; its number. The oldest story kept is counted and dropped once
    /// it may no longer be told.
    fn add_story(&mut self, st: Story) -> usize {
        let si = self.stories.push(st);
        if let Some(old) = self.stories.retire() {
            self.single_origin_stories += usize::from(single_origin(&old.origins));
        }
        si
    }

    /// Dates of a new story at `at` that ends by `p`: `len` days, moved earlier while one
    /// of `people` is elsewhere then; whoever still is gives their part to someone free.
    /// Notes everyone's stay. `None` when nobody is free.
    fn story_days(
        &mut self,
        p: Day,
        len: i32,
        people: &mut [usize],
        at: Option<Where>,
    ) -> Option<(Day, Day)> {
        let mut end = p - self.rng.range(0, 25);
        let Some(at) = at else {
            return Some((end - len + 1, end));
        };
        for _ in 0..5 {
            if people
                .iter()
                .all(|&q| self.is_free(q, end - len + 1, end, at))
            {
                break;
            }
            end -= len + self.rng.range(1, 9);
        }
        let first = end - len + 1;
        for i in 0..people.len() {
            if !self.is_free(people[i], first, end, at) {
                people[i] = self.free_person(first, end, at, people)?;
            }
        }
        for &q in people.iter() {
            self.note_stay(
                q,
                Stay {
                    first,
                    last: end,
                    at,
                },
            );
        }
        Some((first, end))
    }

    /// The `when` of an account of story `si` by `block`: possibly with a wrong weekday
    /// (planted), or moved off the story's days (planted) when another origin gave them
    /// exactly and nothing else depends on them. The first account of a planted story
    /// gives exact days, so that its problem shows.
    fn account_when(&mut self, si: usize, block: &Block, first: bool) -> WhenText {
        let origin = block.origin();
        let st = &self.stories[si];
        let (s, e, kind) = (st.start, st.end, st.kind);
        let disputable = !first
            && kind != Kind::Statement
            && st.dating == Dating::Open
            && st.exact_by.iter().any(|&o| o != origin);
        let shift = if disputable && self.rng.chance(0.03) {
            self.moved_days(si)
        } else {
            None
        };
        if shift.is_some() {
            self.stories[si].dating = Dating::Disputed;
            self.plant("date-disagreement");
        }
        let (s2, e2) = match shift {
            Some(by) => (s + by, e + by),
            None => (s, e),
        };
        let form = if kind == Kind::Award {
            Form::Day
        } else if shift.is_some() || (first && self.stories[si].planted.is_some()) {
            Form::Exact
        } else {
            Form::Any
        };
        let allow_none = shift.is_none() && (!first || kind == Kind::Statement);
        let w = self.when_text(s2, e2, block.anchor.as_ref(), allow_none, form);
        if w.wrong_weekday {
            self.plant("weekday-mismatch");
        }
        if w.exact && shift.is_none() {
            self.stories[si].exact_by.push(origin);
        }
        w
    }

    /// A shift of story `si`'s days by more than it lasts, onto days on which its people
    /// can be at its place (noted as their stays), if one of a few tries finds one.
    fn moved_days(&mut self, si: usize) -> Option<i32> {
        let st = &self.stories[si];
        let (s, e) = (st.start, st.end);
        let at = st.place.filter(|_| st.kind.places_people());
        let people = st.people.clone();
        let len = e - s + 1;
        for _ in 0..4 {
            let by = (len + self.rng.range(2, 20)) * if self.rng.chance(0.5) { 1 } else { -1 };
            let Some(at) = at else {
                return Some(by);
            };
            let (first, last) = (s + by, e + by);
            if people.iter().all(|&q| self.is_free(q, first, last, at)) {
                for &q in &people {
                    self.note_stay(q, Stay { first, last, at });
                }
                return Some(by);
            }
        }
        None
    }

    /// ` lasting N days` for a run of `s..=e` days, sometimes; planted wrong rarely, next
    /// to exact days only (coarser ones could last that long).
    fn lasting(&mut self, s: Day, e: Day, exact: bool) -> String {
        if !self.rng.chance(0.25) {
            return String::new();
        }
        let len = e - s + 1;
        if exact && self.rng.chance(0.06) {
            self.plant("duration-mismatch");
            let wrong = len + self.rng.range(1, 4);
            return format!(" lasting {wrong} days");
        }
        if len % 7 == 0 && self.rng.chance(0.5) {
            let n = len / 7;
            return format!(" lasting {n} {}", if n == 1 { "week" } else { "weeks" });
        }
        format!(" lasting {len} {}", if len == 1 { "day" } else { "days" })
    }

    // -----------------------------------------------------------------------------------
    // Claim kinds
    // -----------------------------------------------------------------------------------

    fn visit(&mut self, block: &Block, p: Day) -> Option<String> {
        let (si, first) = self.pick_story(Kind::Visit, 0.45, |g| g.new_visit(p))?;
        let origin = block.origin();
        self.told(si, origin);
        let st = &self.stories[si];
        let (label, visitor, dest, s, e) = (
            st.label.clone(),
            self.persons[st.people[0]].clone(),
            st.place.expect("a visit has a destination"),
            st.start,
            st.end,
        );
        let with = self.names(&st.people[1..]);
        let coming = st.coming_from;
        let dest = if first { dest } else { self.vaguer(dest) };
        let mut t = format!("visit {label}: {visitor} to {}", self.where_id(dest));
        if let Some(c) = coming {
            if self.rng.chance(0.6) {
                let _ = write!(t, " coming from {}", self.where_id(c));
            }
        }
        if !with.is_empty() && (first || self.rng.chance(0.5)) {
            let _ = write!(t, " with {with}");
        }
        // Some accounts give only the arrival day, and its weekday; none once an account
        // moved the visit's days, as the arrival would contradict that account too.
        if !first && self.stories[si].dating != Dating::Disputed && self.rng.chance(0.1) {
            self.stories[si].dating = Dating::Tied;
            // Planted: a later arrival, once an account gave the first day exactly.
            let wrong = self.rng.chance(0.08) && !self.stories[si].exact_by.is_empty();
            let day = if wrong {
                self.plant("arrival-weekday-mismatch");
                s + self.rng.range(1, 3)
            } else {
                s
            };
            let pt = exact_pt(&mut self.rng, day, block.anchor.as_ref(), 0.6);
            let _ = write!(t, " arriving {}", pt.text);
        } else {
            let w = self.account_when(si, block, first);
            t.push_str(&w.text);
            t.push_str(&self.lasting(s, e, w.exact));
        }
        let topic = self.stories[si].topic;
        t.push_str(&self.topic_of(topic));
        self.labels.insert(label);
        Some(t)
    }

    fn topic_of(&mut self, topic: Option<&'static str>) -> String {
        match topic {
            Some(t) if self.rng.chance(0.6) => format!(" topic \"{t}\""),
            _ => String::new(),
        }
    }

    fn new_visit(&mut self, p: Day) -> Option<usize> {
        let visitor = self.person();
        let dest = match self.rng.unit() {
            r if r < 0.5 => Where::Country(self.rng.below(self.countries.len())),
            _ => {
                let c = self.some_city();
                self.inside(c)
            }
        };
        let mut people = vec![visitor];
        if self.rng.chance(0.3) {
            let other = self.person();
            if other != visitor {
                people.push(other);
            }
        }
        let len = self.rng.range(1, 5);
        let (s, e) = self.story_days(p, len, &mut people, Some(dest))?;
        let coming_from = self
            .rng
            .chance(0.3)
            .then(|| Where::Country(self.rng.below(self.countries.len())));
        let label = self.new_label("v");
        let topic = self.rng.chance(0.5).then(|| *self.rng.pick(&TOPICS));
        let st = Story {
            kind: Kind::Visit,
            label,
            start: s,
            end: e,
            people,
            place: Some(dest),
            coming_from,
            event: None,
            during: None,
            award: None,
            statement: None,
            topic,
            origins: Vec::new(),
            exact_by: Vec::new(),
            dating: Dating::Open,
            planted: None,
        };
        let si = self.add_story(st);
        Some(si)
    }

    fn meeting(&mut self, block: &Block, p: Day) -> Option<String> {
        let (si, first) = self.pick_story(Kind::Meeting, 0.4, |g| g.new_meeting(p))?;
        self.told(si, block.origin());
        let st = &self.stories[si];
        let (label, people, place, during, s, e, topic) = (
            st.label.clone(),
            st.people.clone(),
            st.place,
            st.during.clone(),
            st.start,
            st.end,
            st.topic,
        );
        let mut t = format!("meeting {label}: {}", self.names(&people));
        if let Some(pl) = place {
            if first || self.rng.chance(0.7) {
                let _ = write!(t, " in {}", self.where_id(pl));
            }
        }
        let w = self.account_when(si, block, first);
        t.push_str(&w.text);
        t.push_str(&self.lasting(s, e, w.exact));
        if let Some(d) = during {
            // A later segment may not name the visit's label any more.
            if (first || self.rng.chance(0.5)) && self.labels.contains(&d) {
                let _ = write!(t, " during {d}");
            }
        }
        t.push_str(&self.topic_of(topic));
        self.labels.insert(label);
        Some(t)
    }

    fn new_meeting(&mut self, p: Day) -> Option<usize> {
        // Often a meeting during a recent visit, in the place visited.
        if self.rng.chance(0.35) {
            if let Some(si) = self.meeting_during_visit() {
                return Some(si);
            }
        }
        let n = if self.rng.chance(0.2) { 3 } else { 2 };
        let mut people: Vec<usize> = Vec::new();
        while people.len() < n {
            let q = self.person();
            if !people.contains(&q) {
                people.push(q);
            }
        }
        let place = if self.rng.chance(0.9) {
            let c = self.some_city();
            Some(self.inside(c))
        } else {
            None
        };
        let len = if self.rng.chance(0.85) { 1 } else { 2 };
        let (s, e) = self.story_days(p, len, &mut people, place)?;
        let label = self.new_label("m");
        let topic = self.rng.chance(0.5).then(|| *self.rng.pick(&TOPICS));
        let si = self.add_story(Story {
            kind: Kind::Meeting,
            label,
            start: s,
            end: e,
            people,
            place,
            coming_from: None,
            event: None,
            during: None,
            award: None,
            statement: None,
            topic,
            origins: Vec::new(),
            exact_by: Vec::new(),
            dating: Dating::Open,
            planted: None,
        });
        Some(si)
    }

    /// A meeting of a recent visit's visitor with someone free, on a day of the visit in
    /// the place visited, if the visit's days stand and the visitor is free there then.
    fn meeting_during_visit(&mut self) -> Option<usize> {
        let vi = self.recent_story(Kind::Visit)?;
        let v = &self.stories[vi];
        if v.dating == Dating::Disputed || !self.labels.contains(&v.label) {
            return None;
        }
        let (vs, ve, dest, visitor) = (v.start, v.end, v.place?, v.people[0]);
        let vlabel = v.label.clone();
        // A planted problem shows against an account that gave the visit's days exactly.
        let dated = !v.exact_by.is_empty();
        let d = vs + self.rng.range(0, ve - vs);
        let r = self.rng.unit();
        let (planted, day, place) = if dated && r < 0.15 {
            // Planted: the meeting is placed in another country while the visitor is
            // away on the visit.
            let country = self.country_of(dest);
            let mut c = self.rng.below(self.countries.len());
            if c == country {
                c = (c + 1) % self.countries.len();
            }
            let place = self.inside(Where::Country(c));
            (Some("person-in-two-places"), d, place)
        } else if dated && r < 0.2 {
            // Planted: the meeting is dated after the visit ended.
            let out = ve + self.rng.range(1, 5);
            let place = self.inside(dest);
            (Some("sub-event-outside-parent"), out, place)
        } else {
            let place = self.inside(dest);
            (None, d, place)
        };
        if planted != Some("person-in-two-places") && !self.is_free(visitor, day, day, place) {
            return None;
        }
        let local = self.free_person(day, day, place, &[visitor])?;
        if let Some(rule) = planted {
            self.plant(rule);
        }
        for q in [visitor, local] {
            self.note_stay(
                q,
                Stay {
                    first: day,
                    last: day,
                    at: place,
                },
            );
        }
        self.stories[vi].dating = Dating::Tied;
        let label = self.new_label("m");
        let topic = self.rng.chance(0.5).then(|| *self.rng.pick(&TOPICS));
        let si = self.add_story(Story {
            kind: Kind::Meeting,
            label,
            start: day,
            end: day,
            people: vec![visitor, local],
            place: Some(place),
            coming_from: None,
            event: None,
            during: Some(vlabel),
            award: None,
            statement: None,
            topic,
            origins: Vec::new(),
            exact_by: Vec::new(),
            dating: Dating::Tied,
            planted,
        });
        Some(si)
    }

    fn event(&mut self, block: &Block, p: Day) -> Option<String> {
        let (si, first) = self.pick_story(Kind::Event, 0.5, |g| g.new_event(p))?;
        self.told(si, block.origin());
        let st = &self.stories[si];
        let (label, people, place, ev, s, e, topic) = (
            st.label.clone(),
            st.people.clone(),
            st.place,
            st.event,
            st.start,
            st.end,
            st.topic,
        );
        let mut t = format!("event {label}:");
        if let Some(ev) = ev {
            let _ = write!(t, " {}", self.events[ev].id);
        }
        if let Some(pl) = place {
            let pl = if first { pl } else { self.vaguer(pl) };
            let _ = write!(t, " in {}", self.where_id(pl));
        }
        if !people.is_empty() && (first || self.rng.chance(0.6)) {
            let _ = write!(t, " with {}", self.names(&people));
        }
        let w = self.account_when(si, block, first);
        t.push_str(&w.text);
        t.push_str(&self.lasting(s, e, w.exact));
        t.push_str(&self.topic_of(topic));
        self.labels.insert(label);
        Some(t)
    }

    fn new_event(&mut self, p: Day) -> Option<usize> {
        let named = self.rng.chance(0.6);
        let (ev, place) = if named {
            let ev = self.rng.below(self.events.len());
            (Some(ev), Where::City(self.events[ev].city))
        } else {
            let c = self.some_city();
            (None, self.inside(c))
        };
        let mut people: Vec<usize> = Vec::new();
        for _ in 0..self.rng.below(4) {
            let q = self.person();
            if !people.contains(&q) {
                people.push(q);
            }
        }
        let len = self.rng.range(1, LONGEST_STAY);
        let (s, e) = self.story_days(p, len, &mut people, Some(place))?;
        let label = self.new_label("e");
        let topic = self.rng.chance(0.3).then(|| *self.rng.pick(&TOPICS));
        let si = self.add_story(Story {
            kind: Kind::Event,
            label,
            start: s,
            end: e,
            people,
            place: Some(place),
            coming_from: None,
            event: ev,
            during: None,
            award: None,
            statement: None,
            topic,
            origins: Vec::new(),
            exact_by: Vec::new(),
            dating: Dating::Open,
            planted: None,
        });
        Some(si)
    }

    fn award(&mut self, block: &Block, p: Day) -> Option<String> {
        let (si, first) = self.pick_story(Kind::Award, 0.4, |g| g.new_award(p))?;
        self.told(si, block.origin());
        let st = &self.stories[si];
        let (label, recipient, (award, by), place, during) = (
            st.label.clone(),
            self.persons[st.people[0]].clone(),
            st.award.clone().expect("an award"),
            st.place,
            st.during.clone(),
        );
        let mut t = format!("award {label}: {recipient} \"{award}\" by {by}");
        if let Some(pl) = place {
            let _ = write!(t, " in {}", self.where_id(pl));
        }
        let w = self.account_when(si, block, first);
        t.push_str(&w.text);
        if let Some(d) = during.filter(|d| self.labels.contains(d)) {
            let _ = write!(t, " during {d}");
        }
        self.labels.insert(label);
        Some(t)
    }

    fn new_award(&mut self, p: Day) -> Option<usize> {
        // Often during a recent visit whose days stand.
        let vi = self.recent_story(Kind::Visit).filter(|&vi| {
            let v = &self.stories[vi];
            v.dating != Dating::Disputed && self.labels.contains(&v.label)
        });
        let award = self.rng.pick(&AWARDS).to_string();
        let mut planted = None;
        let (recipient, place, s, during) = match vi {
            Some(vi) if self.rng.chance(0.7) => {
                let v = &self.stories[vi];
                let (vs, ve, dest, visitor, vlabel) =
                    (v.start, v.end, v.place?, v.people[0], v.label.clone());
                // Planted: dated after the visit, once an account gave its days exactly.
                let d = if !v.exact_by.is_empty() && self.rng.chance(0.05) {
                    self.plant("sub-event-outside-parent");
                    planted = Some("sub-event-outside-parent");
                    ve + self.rng.range(1, 4)
                } else {
                    vs + self.rng.range(0, ve - vs)
                };
                self.stories[vi].dating = Dating::Tied;
                let place = self.inside(dest);
                (visitor, place, d, Some(vlabel))
            }
            _ => {
                let q = self.person();
                let c = self.some_city();
                let d = p - self.rng.range(0, 20);
                (q, c, d, None)
            }
        };
        let country = self.country_of(place);
        let by_org = self
            .orgs
            .iter()
            .position(|o| o.country == country)
            .map(|o| self.orgs[o].id.clone())
            .unwrap_or_else(|| self.countries[country].0.clone());
        let label = self.new_label("aw");
        let si = self.add_story(Story {
            kind: Kind::Award,
            label,
            start: s,
            end: s,
            people: vec![recipient],
            place: Some(place),
            coming_from: None,
            event: None,
            dating: if during.is_some() {
                Dating::Tied
            } else {
                Dating::Open
            },
            during,
            award: Some((award, by_org)),
            statement: None,
            topic: None,
            origins: Vec::new(),
            exact_by: Vec::new(),
            planted,
        });
        Some(si)
    }

    fn statement(&mut self, block: &Block, p: Day) -> Option<String> {
        let (si, first) = self.pick_story(Kind::Statement, 0.3, |g| Some(g.new_statement(p)))?;
        self.told(si, block.origin());
        let st = &self.stories[si];
        let (label, (subj, pred, obj), topic) = (
            st.label.clone(),
            st.statement.clone().expect("a statement"),
            st.topic,
        );
        let mut t = format!("statement {label}: {subj} \"{pred}\" {obj}");
        let w = self.account_when(si, block, first);
        t.push_str(&w.text);
        t.push_str(&self.topic_of(topic));
        self.labels.insert(label);
        Some(t)
    }

    fn new_statement(&mut self, p: Day) -> usize {
        let party = |g: &mut Gen| -> String {
            match g.rng.below(3) {
                0 => g.countries[g.rng.below(g.countries.len())].0.clone(),
                1 => g.orgs[g.rng.below(g.orgs.len())].id.clone(),
                _ => {
                    let q = g.person();
                    g.persons[q].clone()
                }
            }
        };
        let subj = if self.rng.chance(0.15) {
            format!(
                "\"{} threat\"",
                self.rng.pick(&["terrorist", "cyber", "migration"])
            )
        } else {
            party(self)
        };
        let obj = if self.rng.chance(0.2) {
            format!(
                "\"{}\"",
                self.rng.pick(&["not imminent", "high", "under control"])
            )
        } else {
            party(self)
        };
        let pred = self.rng.pick(&PREDICATES).to_string();
        let d = p - self.rng.range(0, 10);
        let label = self.new_label("st");
        let topic = self.rng.chance(0.5).then(|| *self.rng.pick(&TOPICS));
        self.add_story(Story {
            kind: Kind::Statement,
            label,
            start: d,
            end: d,
            people: Vec::new(),
            place: None,
            coming_from: None,
            event: None,
            during: None,
            award: None,
            statement: Some((subj, pred, obj)),
            topic,
            origins: Vec::new(),
            exact_by: Vec::new(),
            dating: Dating::Open,
            planted: None,
        })
    }

    fn holds(&mut self, block: &Block, p: Day) -> Option<String> {
        let oi = self.office_pop.sample(&mut self.rng);
        let anchor = block.anchor;
        let reference = anchor.map(|a| a.lo).unwrap_or(p);
        let office = &self.offices[oi];
        let ti = office
            .terms
            .iter()
            .position(|&(s, e, _)| s <= reference && reference <= e)?;
        let terms = office.terms.clone();
        let (s, e, holder) = terms[ti];
        let last = ti + 1 == terms.len();
        let sole = office.sole;
        let oid = office.id.clone();
        // Planted: an old title repeated after the successor took over, once a claim gave
        // the successor's whole term (which it then contradicts).
        if sole && ti > 0 && self.stated_terms.contains(&(oi, ti)) && self.rng.chance(0.03) {
            if let Some(a) = anchor {
                let (ps, pe, prev) = terms[ti - 1];
                if a.lo > pe && ps <= pe {
                    self.plant("sole-office-overlap");
                    return Some(format!("holds {} {oid}", self.persons[prev]));
                }
            }
        }
        let name = self.persons[holder].clone();
        let term = format!("holds {name} {oid} from {} to {}", iso(s), iso(e));
        let r = self.rng.unit();
        let inside = |lo: Day, hi: Day| s <= lo && hi <= e;
        // The claim, and whether it gives the whole term.
        let (text, whole) = if r < 0.4 {
            match anchor {
                Some(a) if inside(a.lo, a.hi) => (format!("holds {name} {oid}"), false),
                _ => (term, true),
            }
        } else if r < 0.6 && (e < reference || !sole) {
            (term, true)
        } else if r < 0.7 && last {
            (format!("holds {name} {oid} from {}", iso(s)), true)
        } else if r < 0.75 && ti == 0 {
            (format!("holds {name} {oid} until {}", iso(e)), true)
        } else if r < 0.85 && inside(year_start(reference), year_end(reference)) {
            (
                format!("holds {name} {oid} on {}", iso_year(reference)),
                false,
            )
        } else if inside(month_start(reference), month_end(reference)) {
            let text = match anchor {
                Some(a)
                    if a.precise()
                        && self.rng.chance(0.5)
                        && month_start(a.lo) == month_start(reference) =>
                {
                    format!("holds {name} {oid} on this month")
                }
                _ => format!("holds {name} {oid} on {}", iso_month(reference)),
            };
            (text, false)
        } else {
            (term, true)
        };
        if whole {
            self.stated_terms.insert((oi, ti));
        }
        Some(text)
    }

    /// `pi`, or the plan of its set to mention first instead so that the mentioned plans
    /// follow each other in the set's chain with none left out between them: a gap or an
    /// overlap between two mentioned plans is then always one the chain was made with.
    fn next_to_mentioned(&self, set: usize, pi: usize) -> usize {
        if self.plans[pi].accounts > 0 {
            return pi;
        }
        let chain = &self.party_sets[set].plans;
        let pos = chain
            .iter()
            .position(|&i| i == pi)
            .expect("the plan is in its set");
        let mentioned = |j: usize| self.plans[chain[j]].accounts > 0;
        if let Some(j) = (0..pos).rev().find(|&j| mentioned(j)) {
            chain[j + 1]
        } else if let Some(j) = (pos + 1..chain.len()).find(|&j| mentioned(j)) {
            chain[j - 1]
        } else {
            pi
        }
    }

    fn plan(&mut self, block: &Block, p: Day) -> Option<String> {
        let set = self.party_pop.sample(&mut self.rng);
        // A plan in force around `p`, or the next one being prepared.
        let candidates: Vec<usize> = self.party_sets[set]
            .plans
            .iter()
            .copied()
            .filter(|&i| self.plans[i].start - 300 <= p && p <= self.plans[i].end + 400)
            .collect();
        if candidates.is_empty() {
            return None;
        }
        let pi = *self.rng.pick(&candidates);
        let pi = self.next_to_mentioned(set, pi);
        let origin = block.origin();
        let members = self.party_sets[set].members.clone();
        let pos = self.party_sets[set]
            .plans
            .iter()
            .position(|&i| i == pi)
            .expect("the plan is in its set");
        let prev = (pos > 0).then(|| self.party_sets[set].plans[pos - 1]);
        let next = self.party_sets[set].plans.get(pos + 1).copied();
        let pl = &self.plans[pi];
        let (label, name, kind, start, end, signed) = (
            pl.label.clone(),
            pl.name.clone(),
            pl.kind,
            pl.start,
            pl.end,
            pl.signed,
        );
        let first = pl.accounts == 0;
        let signed_by = pl.signed_by;
        let mut t = format!("{kind} {label}: \"{name}\" parties {}", members.join(", "));
        // Accounts of the plans around a gap or an overlap planted in the chain take part
        // in it.
        let boundaries = [
            prev.map(|pv| (self.plans[pv].end, start)),
            next.map(|nx| (end, self.plans[nx].start)),
        ];
        for (before_end, after_start) in boundaries.into_iter().flatten() {
            if after_start > before_end + 1 {
                self.marks.push("gap-between-plans");
            } else if after_start <= before_end {
                self.marks.push("overlapping-plans");
            }
        }
        if first || self.rng.chance(0.03) {
            // The period, as the first account (or a rare repetition) gives it. A year
            // stands for its first or last day only where no plan comes before or after:
            // next to another plan it would leave a possible gap.
            let anchor = block.anchor;
            let r = self.rng.unit();
            let year_aligned = start == year_start(start) && end == year_end(end);
            let from = match prev {
                None if year_aligned => iso_year(start),
                _ => iso(start),
            };
            let planted_borrow = anchor.is_some_and(|a| {
                a.borrowed && a.precise() && year_of(a.lo) == year_of(end) + 1 && next.is_some()
            }) && year_aligned
                && self.rng.chance(0.5);
            if planted_borrow {
                // The origin wrote "until the end of this year" in its own year; read on the
                // relay's date it ends a year late and overlaps the next plan (counted in
                // `planted_json`).
                self.marks.push("overlapping-plans");
                let late = day(year_of(end) + 1, 12, 31);
                self.plans[pi].latest_end = self.plans[pi].latest_end.max(late);
                let _ = write!(t, " from {from} until end of this year");
            } else if r < 0.15 && year_aligned {
                let to = match next {
                    None => iso_year(end),
                    Some(_) => iso(end),
                };
                let _ = write!(t, " from {from} to {to}");
            } else if r < 0.25
                && year_aligned
                && anchor
                    .is_some_and(|a| year_of(a.lo) == year_of(end) && year_of(a.hi) == year_of(end))
            {
                let _ = write!(t, " from {} until end of this year", iso(start));
            } else if r < 0.3
                && year_aligned
                && anchor.is_some_and(|a| {
                    year_of(a.lo) + 1 == year_of(end) && year_of(a.hi) + 1 == year_of(end)
                })
            {
                let _ = write!(t, " from {} to end of next year", iso(start));
            } else {
                let _ = write!(t, " from {} to {}", iso(start), iso(end));
            }
        } else {
            // Later accounts: the signing, the status, or the start only.
            let r = self.rng.unit();
            let reference = block.anchor.map(|a| a.lo).unwrap_or(p);
            if r < 0.35 {
                if self.rng.chance(0.7) {
                    let _ = write!(t, " signed {}", iso(signed));
                    if signed_by.is_none() {
                        self.plans[pi].signed_by = Some(origin);
                    }
                } else {
                    let _ = write!(t, " signed {}", iso_year(signed));
                }
                if reference > signed {
                    t.push_str(" status signed");
                }
            } else if r < 0.55 {
                // Planted: still expected on a date at least two days after another origin
                // gave the exact day of the signing.
                let stale = signed_by.is_some_and(|o| o != origin)
                    && block.anchor.is_some_and(|a| a.lo >= signed + 2)
                    && self.rng.chance(0.08);
                if stale {
                    self.plant("stale-future-status");
                    t.push_str(" status expected");
                } else if reference < signed {
                    t.push_str(" status expected");
                } else if reference <= end {
                    t.push_str(" status in-force");
                } else {
                    t.push_str(" status ended");
                }
            } else if r < 0.7 {
                let _ = write!(t, " from {}", iso(start));
            } else if r < 0.8 {
                let _ = write!(t, " by {}", members[0]);
            }
        }
        if let Some(pv) = prev {
            let pl = &self.plans[pv].label;
            if self.labels.contains(pl) && self.rng.chance(0.5) {
                let _ = write!(t, " extends {pl}");
            }
        }
        if self.rng.chance(0.3) {
            let _ = write!(t, " topic \"{}\"", self.rng.pick(&TOPICS));
        }
        self.plans[pi].accounts += 1;
        self.plans[pi].origins.push(origin);
        self.labels.insert(label);
        Some(t)
    }
}

// ---------------------------------------------------------------------------------------
// Facts
// ---------------------------------------------------------------------------------------

/// A CSV field: quoted when it holds a comma, a quote or a line break.
fn field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map(|x| x.to_string()).unwrap_or_default()
}

fn anchor_name(k: AnchorKind) -> &'static str {
    k.as_str()
}

/// Days a `lasting` duration can be, as `duration_matches` in the engine reads it.
fn lasting_days(d: &verify::syntax::Duration) -> (u64, u64) {
    let n = u64::from(d.n);
    match d.unit {
        Unit::Day => (n, n),
        Unit::Week => (7 * n, 7 * n),
        Unit::Month => (28 * n, 31 * n),
        Unit::Year => (365 * n, 366 * n),
    }
}

fn weekday_num(w: chrono::Weekday) -> u32 {
    w.num_days_from_monday()
}

fn period_fields(out: &mut String, w: Option<&When>) {
    match w {
        Some(w) => {
            let p: &Period = &w.period;
            let _ = write!(
                out,
                ",{},{},{},{},{},{}",
                p.start.earliest,
                p.start.latest,
                p.end.earliest,
                p.end.latest,
                u8::from(p.same_day),
                anchor_name(w.anchor.kind)
            );
        }
        None => out.push_str(",,,,,,"),
    }
}

const CLAIMS_HEADER: &str = "id,kind,label,report,origin,outlet,chain_len,\
w_s_lo,w_s_hi,w_e_lo,w_e_hi,w_same,w_anchor,w_start_wd,w_end_wd,\
lasting_lo,lasting_hi,\
arr_lo,arr_hi,arr_anchor,arr_wd,arr_wd_only,\
sig_lo,sig_hi,sig_anchor,\
pub_lo,pub_hi,pub_anchor,\
status,extends,during,holder,office,office_sole,where_ent,parties_key,name\n";

/// The rows of `claims.csv` for `c`, whose first claim and report are numbered
/// `first_claim` and `first_report`.
fn claims_csv(c: &Corpus, first_claim: usize, first_report: usize) -> String {
    let mut out = String::with_capacity(c.claims.len() * 160);
    for (i, cl) in c.claims.iter().enumerate() {
        let _ = write!(
            out,
            "{},{},{},{},{},{},{}",
            first_claim + i,
            cl.kind.as_str(),
            field(cl.label.as_deref().unwrap_or("")),
            first_report + cl.report,
            cl.origin,
            c.reports[cl.report].outlet,
            cl.chain.len()
        );
        period_fields(&mut out, cl.when.as_ref());
        let stated = |end: End| {
            cl.when
                .as_ref()
                .and_then(|w| w.weekdays.iter().find(|s| s.end == end))
                .map(|s| weekday_num(s.weekday))
        };
        let _ = write!(
            out,
            ",{},{}",
            opt(stated(End::Start)),
            opt(stated(End::End))
        );
        let (llo, lhi) = match &cl.lasting {
            Some((d, _)) => {
                let (lo, hi) = lasting_days(d);
                (Some(lo), Some(hi))
            }
            None => (None, None),
        };
        let _ = write!(out, ",{},{}", opt(llo), opt(lhi));
        match &cl.arriving {
            Some(a) => {
                let _ = write!(
                    out,
                    ",{},{},{},{},{}",
                    a.period.start.earliest,
                    a.period.start.latest,
                    anchor_name(a.anchor.kind),
                    opt(a.weekdays.first().map(|s| weekday_num(s.weekday))),
                    opt(a.weekday_only.map(weekday_num))
                );
            }
            None => out.push_str(",,,,,"),
        }
        match &cl.signed {
            Some(s) => {
                let _ = write!(
                    out,
                    ",{},{},{}",
                    s.period.start.earliest,
                    s.period.start.latest,
                    anchor_name(s.anchor.kind)
                );
            }
            None => out.push_str(",,,"),
        }
        match cl.anchor.date {
            Some(Fuzzy { earliest, latest }) => {
                let _ = write!(out, ",{earliest},{latest},{}", anchor_name(cl.anchor.kind));
            }
            None => out.push_str(",,,"),
        }
        let ent = |i: usize| match cl.terms.get(i) {
            Some(Value::Entity(e)) => Some(*e),
            _ => None,
        };
        let (holder, office) = if cl.kind == ClaimKind::Holds {
            (ent(0), ent(1))
        } else {
            (None, None)
        };
        let sole = office.map(|o| u8::from(c.entities[o].sole));
        let mut parties = cl.parties.clone();
        parties.sort_unstable();
        parties.dedup();
        let parties_key = format!(
            "{{{}}}",
            parties
                .iter()
                .map(|p| p.to_string())
                .collect::<Vec<_>>()
                .join(" ")
        );
        let name = match cl.kind {
            ClaimKind::Plan | ClaimKind::Agreement => cl.terms.first(),
            ClaimKind::Award => cl.terms.get(1),
            _ => None,
        }
        .and_then(|v| match v {
            Value::Text(t) => Some(t.as_str()),
            Value::Entity(_) => None,
        });
        let _ = writeln!(
            out,
            ",{},{},{},{},{},{},{},{},{}",
            opt(cl.status.map(|s| s.as_str())),
            field(cl.extends.as_ref().map(|(l, _)| l.as_str()).unwrap_or("")),
            field(cl.during.as_ref().map(|(l, _)| l.as_str()).unwrap_or("")),
            opt(holder),
            opt(office),
            opt(sole),
            opt(cl.to.or(cl.place)),
            parties_key,
            field(name.unwrap_or(""))
        );
    }
    out
}

const PEOPLE_HEADER: &str = "claim,entity\n";

/// Who takes part in each claim: the terms that are people or organisations, and the
/// `with` entities, without duplicates. The first claim of `c` is numbered `first_claim`.
fn people_csv(c: &Corpus, first_claim: usize) -> String {
    let mut out = String::new();
    for (i, cl) in c.claims.iter().enumerate() {
        let id = first_claim + i;
        let mut v: Vec<usize> = cl
            .terms
            .iter()
            .filter_map(|t| match t {
                Value::Entity(e)
                    if matches!(c.entities[*e].kind, EntityKind::Person | EntityKind::Org) =>
                {
                    Some(*e)
                }
                _ => None,
            })
            .collect();
        v.extend(&cl.with);
        v.sort_unstable();
        v.dedup();
        for e in v {
            let _ = writeln!(out, "{id},{e}");
        }
    }
    out
}

fn entities_csv(c: &Corpus) -> String {
    let mut out = String::from("id,ent_id,kind,name,within,sole\n");
    for (i, e) in c.entities.iter().enumerate() {
        let _ = writeln!(
            out,
            "{i},{},{},{},{},{}",
            field(&e.id),
            e.kind.as_str(),
            field(&e.name),
            opt(e.within),
            u8::from(e.sole)
        );
    }
    out
}

fn outlets_csv(c: &Corpus) -> String {
    let mut out = String::from("id,outlet_id,name,kind,country\n");
    for (i, o) in c.outlets.iter().enumerate() {
        let _ = writeln!(
            out,
            "{i},{},{},{},{}",
            field(&o.id),
            field(&o.name),
            opt(o.kind.map(|k| k.as_str())),
            field(o.country.as_deref().unwrap_or(""))
        );
    }
    out
}

const REPORTS_HEADER: &str = "id,report_id,outlet,pub_lo,pub_hi\n";

/// The rows of `reports.csv` for `c`, whose first report is numbered `first_report`.
fn reports_csv(c: &Corpus, first_report: usize) -> String {
    let mut out = String::new();
    for (i, r) in c.reports.iter().enumerate() {
        let _ = writeln!(
            out,
            "{},{},{},{},{}",
            first_report + i,
            field(&r.id),
            r.outlet,
            opt(r.published.map(|p| p.earliest)),
            opt(r.published.map(|p| p.latest))
        );
    }
    out
}
