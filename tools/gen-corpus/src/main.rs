//! `gen-corpus`: the command line of the [`gen_corpus`] library, which writes a seeded
//! synthetic claims corpus, its resolved facts as CSV and the problems planted in it.
//! Exit status 0 when it wrote them, 2 on bad arguments or when it could not.

// A development tool, not the library: it reports on standard error.
#![allow(clippy::disallowed_macros)]

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;

const AFTER_HELP: &str = "\
DIR/planted.json counts, per rule, the problems planted on purpose: a wrong claim (weekday,
duration, date, arrival day, title, status), a story that breaks its rule (a meeting in two
places at once, a part dated outside its visit), or two successive plans with a gap or an
overlap between them. Everything else is coherent, so every finding of these rules comes
from a planted problem, and each planted problem gives at least one finding: one for every
claim it contradicts. few-independent-origins is counted, not planted; borrowed-anchor and
plan-without-period come from the form of the claims.

The corpus keeps its shape as N grows: outlets, people, offices, places, organisations
and party sets grow in proportion, in blocks of the popularity profile of a 100,000-claim
corpus, so findings per planted problem stay about the same and all findings grow like N.

Example:
  cargo run --release -p gen-corpus -- --claims 100000 --seed 7 --out /tmp/corpus
  verify /tmp/corpus/claims --rules rules --format json --fail-on never
  python3 bench/peer_duckdb.py /tmp/corpus";

/// Writes a seeded synthetic claims corpus, its resolved facts as CSV and the planted
/// problems per rule.
#[derive(Parser, Debug)]
#[command(name = "gen-corpus", version, after_help = AFTER_HELP)]
struct Args {
    /// Number of claims to write (at least this many; reports are not cut in half).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=50_000_000),
          required_unless_present = "facts_only")]
    claims: Option<u64>,
    /// Seed of the random generator: the same seed gives the same bytes.
    #[arg(long, value_name = "S", default_value_t = 1)]
    seed: u64,
    /// Output directory; `claims/`, `facts/` and `planted.json` are written inside it.
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// About how many claims each claims file holds.
    #[arg(long, value_name = "N", default_value_t = gen_corpus::PER_FILE as u64,
          value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
    per_file: u64,
    /// How many claims are loaded at once to write their facts: the corpus is made in
    /// segments of this many claims, none naming a label of another. Default: 500,000 or
    /// a tenth of the corpus, whichever is more (every segment is loaded next to all the
    /// declarations, so fewer, larger segments for a large corpus keep the time linear).
    #[arg(long, value_name = "N", hide = true,
          value_parser = clap::value_parser!(u64).range(1..))]
    segment_claims: Option<u64>,
    /// Replace the `*.claims` and `*.csv` files of an earlier run in DIR.
    #[arg(long)]
    force: bool,
    /// Mark every claim that takes part in a planted problem with `note "planted: RULE"`,
    /// so that each finding can be traced to what was planted; the claims are otherwise
    /// the same as without it.
    #[arg(long, conflicts_with = "facts_only")]
    mark_planted: bool,
    /// Generate nothing: write DIR/facts for the claims already in DIR/claims (any
    /// corpus, e.g. one written by hand), so the peer can check it too.
    #[arg(long, conflicts_with_all = ["claims", "per_file", "segment_claims"])]
    facts_only: bool,
}

fn main() -> ExitCode {
    let args = Args::parse();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("gen-corpus: {e}");
            ExitCode::from(2)
        }
    }
}

fn run(args: &Args) -> Result<(), String> {
    if args.facts_only {
        return gen_corpus::write_facts(&args.out);
    }
    let options = gen_corpus::Options {
        claims: args.claims.expect("clap requires --claims") as usize,
        seed: args.seed,
        per_file: args.per_file as usize,
        segment_claims: args.segment_claims.map(|n| n as usize),
        force: args.force,
        mark_planted: args.mark_planted,
    };
    let written = gen_corpus::generate(&args.out, &options)?;
    eprintln!(
        "gen-corpus: wrote {} claims in {} files, {} reports, {} entities to {}",
        written.claims,
        written.files,
        written.reports,
        written.entities,
        args.out.display()
    );
    Ok(())
}
