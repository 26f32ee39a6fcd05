//! `gen-corpus`: writes a seeded, synthetic claims corpus for benchmarks and for checking
//! `verify` against an independent implementation of its rules (`bench/peer_duckdb.py`).
//! A development tool of the workspace, not part of the `verify` package: this library
//! ([`generate`], [`write_facts`]) does what its command line (`src/main.rs`) does, and
//! `verify`'s integration tests call it. It reads and resolves what it writes with
//! `verify`'s own public API (`verify::pipeline::load_paths`, `verify::calendar`,
//! `verify::model`).
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
//!   plan that give only its signing or status) and are not counted; `unresolved-date`
//!   never fires. One person in 50 is declared a second time (in no claim), one time in
//!   two under a spelling of the surname with a doubled consonant (`name-variants`), else
//!   under the name in capitals (`duplicate-entities`): one finding each. With
//!   `--mark-planted`, every claim that takes part in a planted problem says so in a note
//!   (a declaration has no note: the name rules are counted exactly instead).
//!
//! The same arguments always give the same bytes: the only source of randomness is a
//! splitmix64 generator seeded with `--seed`, and nothing depends on hash-map order.
//!
//! The modules: `random` (the random source and popularity), `dates` (dates as claims
//! write them) and `world` (the declared entities) are the ground; `generator` holds the
//! generator's state and writes reports, segments and `planted.json`, with its methods
//! that tell stories (`stories`: the events accounts tell, and who is where when) and
//! write each kind of claim (`claims`) in modules of their own; `facts` writes the
//! resolved facts as CSV.

mod claims;
mod dates;
mod facts;
mod generator;
mod random;
mod stories;
mod world;

use std::path::Path;

use facts::Facts;
use generator::Gen;

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

/// Writes `bytes` to `path`, with the path in the error.
fn write(path: &Path, bytes: &[u8]) -> Result<(), String> {
    std::fs::write(path, bytes).map_err(|e| format!("cannot write `{}`: {e}", path.display()))
}
