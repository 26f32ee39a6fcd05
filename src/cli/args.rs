//! The command line's arguments, as clap reads them, with the examples `--help` prints.
//! Output formats and `--fail-on` levels are not listed here: their names come from
//! [`Format`] and [`FAIL_ON`], so adding a format is one entry in `report`.

use std::path::PathBuf;

use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::report::Format;
use crate::rules::Level;

pub(super) const EXAMPLES: &str = "\
Examples:
  verify                         check claims/ (or the paths in verify.toml) with the
                                 standard rules, and rules/ when it exists
  verify --rules newsroom-rules/ add a newsroom's own rules to the standard ones
  verify claims/ other.claims    check a directory and a single file
  cat story.claims | verify -     check claims read from standard input
  verify --format sarif > verify.sarif
                                 SARIF for code scanning (also: json, junit, github, markdown, html)
  verify --fail-on warning       exit 1 on warnings too (error, warning, info, never)
  verify --watch --format concise
                                 check again on every save, one line per finding
  verify --min-level warning --format concise
  verify --select contradiction --ignore weekday-mismatch
                                 only contradictions, without one rule
                                 one line per finding, leaving out info
  cd claims && verify --format github
                                 paths relative to the project (verify.toml's folder, or
                                 the git root), so annotations attach from any subfolder
  verify --write-baseline verify-baseline.json
                                 record today's findings as known
  verify --baseline verify-baseline.json
                                 fail only on findings not in the baseline
  verify test                    run the test cases embedded in every rule
  verify explain weekday-mismatch
  verify rules                   list the rules a check runs, and the pack's version
  verify fmt --check             fail if a claims file is not canonically formatted
  verify init                    scaffold verify.toml and an example in claims/

Configuration: verify.toml in the working directory or the nearest one above it; flags
override it. Colour only on a terminal; NO_COLOR disables it.

Exit status: 0 when no new finding is at or above --fail-on, 1 when one is, 2 when the
input (claims, rules, configuration, arguments) has errors; every problem is reported.";

pub(super) const TEST_EXAMPLES: &str = "\
Examples:
  verify test                         run every rule's cases
  verify test weekday-mismatch        run one rule's cases
  verify test --rules my-rules/       also run the cases of another rules directory
  verify test --no-default-rules --rules my-rules/
                                      run only that directory's cases

The last line is `N passed, M failed`; the exit status is 1 when a case fails.";

pub(super) const EXPLAIN_EXAMPLES: &str = "\
Examples:
  verify explain                      list the rules
  verify explain date-disagreement
  verify explain my-rule --rules my-rules/";

pub(super) const FMT_EXAMPLES: &str = "\
Examples:
  verify fmt                  format every *.claims file under claims/ in place
  verify fmt --write          the same, said explicitly
  verify fmt --check          list files that would change, exit 1 if any
  verify fmt --fix            also fix typographic quotes (“…”, « … ») and a label's missing `:`
  verify fmt a.claims         format one file

Files with syntax errors are reported and left untouched (exit 2).";

pub(super) const EXPORT_EXAMPLES: &str = "\
Examples:
  verify export --to corpus/          claims/ (or verify.toml's paths) as tables
  verify export archive/ --to out/    another directory of claims
  verify export --to out/ --format csv
                                      CSV files (Parquet needs a build with
                                      `--features parquet`, and is then the default)
  verify sql --dialect duckdb > pack.sql
                                      the rule pack as queries over those tables

The tables (claims, entities, outlets, reports, links and one per list field, such as
claims__people; one .parquet or .csv file each) and their columns are described in schema.json, written
beside them, and in docs/export.md. A directory holding anything but an earlier export is
left alone (exit 2). Claims with errors are left out, as a check leaves them out; the
errors are reported and the export still written (exit 2).";

pub(super) const SQL_EXAMPLES: &str = "\
Examples:
  verify sql > pack.sql                    the standard pack (and rules/) for DuckDB
  verify sql --dialect spark rules/        a rules directory, for Spark SQL
  verify sql --select person-in-two-places one rule

Each query is preceded by a line `-- rule: ID` and returns one row per finding (rule, a,
b, key, certainty, message) from the tables `verify export` writes, named after their
files (claims, entities, claims__people, ...). A rule the compiler cannot express is listed
at the top as `-- not compiled: ID: REASON` (and on standard error), never left out
silently. docs/scale-out.md says which constructs compile.";

pub(super) const INIT_EXAMPLES: &str = "\
Examples:
  verify init                 scaffold in the current directory
  verify init newsroom/       scaffold in newsroom/ (created if missing)

Existing files are kept; only missing ones are written.";

const LSP_EXAMPLES: &str = "\
The editor starts it (VS Code: editors/vscode; Neovim, Helix: docs/editors.md). It checks the
whole workspace (the paths of verify.toml at the editor's root, else every *.claims file
below it; open documents as the editor has them) once the editor is quiet for 200 ms, and
publishes input errors and findings on their lines. Hover on a date says how it resolved and
on whose publication date; on a claim, who said it and what was found; on a name, its
declaration. Also: go to definition, references, completion, formatting, quick fixes.

Examples:
  verify lsp
  verify lsp --rules newsroom-rules/";

const DRAFT_EXAMPLES: &str = "\
Each sentence with something checkable becomes a claim (visit, meeting, plan, agreement,
award, holds) when its terms are found, with the sentence above it as a comment; what cannot
be told stays a `# TODO`. Dates, ranges, weekdays, relative expressions and durations are
written as the claims language writes them; `according to X`, `selon X`, `وفق X` become
`per X:` blocks. Outlets cited but not declared are declared at the top, marked TODO.

Examples:
  verify draft article.txt --declarations claims/ > claims/new.claims
  verify draft ../shared/seeds/000_ecb04f59c4fa9744.txt --lang ar --declarations claims/
  verify draft article.txt --outlet lemonde --published 2024-06-28 -o draft.claims
  curl -s https://example.org/article.txt | verify draft - --lang fr";

const RULES_EXAMPLES: &str = "\
Examples:
  verify rules                         the standard pack and rules/ (when it exists)
  verify rules --rules newsroom-rules/ the standard pack and a newsroom's own rules
  verify rules --no-default-rules --rules my-rules/
  verify rules --json                  the same as JSON, with the pack's version";

/// Checks what news articles claim against each other.
#[derive(Parser, Debug)]
#[command(name = "verify", version, after_help = EXAMPLES, args_conflicts_with_subcommands = true)]
pub(super) struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub check: CheckArgs,
    /// When to colour the output [default: auto]
    #[arg(long, value_enum, global = true)]
    pub color: Option<ColorChoice>,
}

/// Which rules to load, for the commands that run or list rules (not `fmt` or `init`).
#[derive(Args, Debug, Default)]
pub(super) struct RuleArgs {
    /// A directory of rule files (*.toml) added to the standard pack; repeatable
    /// [default: rules/ when it exists]
    #[arg(long, value_name = "DIR")]
    pub rules: Vec<PathBuf>,
    /// Leave out the standard rule pack built into verify (use only --rules directories)
    #[arg(long)]
    pub no_default_rules: bool,
    /// Run only these rules: ids or categories (contradiction, gap), comma-separated or
    /// repeated
    #[arg(long, value_name = "RULES", value_delimiter = ',')]
    pub select: Vec<String>,
    /// Leave out these rules: ids or categories, comma-separated or repeated (with
    /// `disable = [...]` in verify.toml)
    #[arg(long, value_name = "RULES", value_delimiter = ',')]
    pub ignore: Vec<String>,
}

#[derive(Subcommand, Debug)]
pub(super) enum Command {
    /// Rewrite claims files in canonical form (comments kept).
    #[command(after_help = FMT_EXAMPLES)]
    Fmt(FmtArgs),
    /// Run the test cases embedded in rule files.
    #[command(after_help = TEST_EXAMPLES)]
    Test(TestArgs),
    /// Explain what a rule checks, why it matters, with an example.
    #[command(after_help = EXPLAIN_EXAMPLES)]
    Explain(ExplainArgs),
    /// Scaffold verify.toml and claims/ with a small working example.
    #[command(after_help = INIT_EXAMPLES)]
    Init(InitArgs),
    /// List the rules a check runs: the standard pack and rule directories.
    #[command(after_help = RULES_EXAMPLES)]
    Rules(RulesArgs),
    /// Run a Language Server over standard input and output, for editors.
    #[command(after_help = LSP_EXAMPLES)]
    Lsp(LspArgs),
    /// Draft a claims file from an article's text, for an editor to correct.
    #[command(after_help = DRAFT_EXAMPLES)]
    Draft(DraftArgs),
    /// Write the resolved corpus as tables (Parquet or CSV), for SQL engines (see `verify sql`).
    #[command(after_help = EXPORT_EXAMPLES)]
    Export(ExportArgs),
    /// Compile each rule into one SQL query over the tables of `verify export`.
    #[command(after_help = SQL_EXAMPLES)]
    Sql(SqlArgs),
}

#[derive(Args, Debug)]
pub(super) struct SqlArgs {
    /// The SQL engine the queries are written for
    #[arg(long, default_value = "duckdb", value_parser = ["duckdb", "spark", "datafusion"])]
    pub dialect: String,
    /// Directories of rule files (*.toml) to compile, as with `--rules`
    #[arg(value_name = "RULES")]
    pub dirs: Vec<PathBuf>,
    #[command(flatten)]
    pub rules: RuleArgs,
}

#[derive(Args, Debug)]
pub(super) struct ExportArgs {
    /// Claims files or directories [default: claims, or `paths` in verify.toml]
    #[arg(value_name = "PATHS")]
    pub paths: Vec<PathBuf>,
    /// The directory to write the tables into (created if needed; an earlier export there
    /// is replaced, anything else is left alone)
    #[arg(long, value_name = "DIR")]
    pub to: PathBuf,
    /// The tables' file format [default: parquet in builds with Parquet, else csv]
    #[arg(long, value_parser = ["csv", "parquet"])]
    pub format: Option<String>,
    /// Follow symbolic links inside the exported directories (never those leading outside)
    #[arg(long)]
    pub follow_links: bool,
    /// No summary
    #[arg(short, long)]
    pub quiet: bool,
}

#[derive(Args, Debug)]
pub(super) struct DraftArgs {
    /// The article as text (`-` for standard input)
    #[arg(value_name = "ARTICLE")]
    pub article: PathBuf,
    /// Its language [default: found from its text]
    #[arg(long, value_parser = ["ar", "fr", "en"])]
    pub lang: Option<String>,
    /// The id of the outlet that published it [default: its byline, else a TODO]
    #[arg(long, value_name = "ID")]
    pub outlet: Option<String>,
    /// Its publication date, or `unknown` [default: its dateline]
    #[arg(long, value_name = "DATE")]
    pub published: Option<String>,
    /// Claims files whose declarations names are linked to (never declared again)
    #[arg(long, value_name = "DIR")]
    pub declarations: Option<PathBuf>,
    /// How to read numeric dates such as 11/07/2024 (day first, or month first)
    #[arg(long, value_parser = ["dmy", "mdy"])]
    pub date_order: Option<String>,
    /// Write the draft to FILE instead of standard output
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Replace FILE if it exists
    #[arg(long)]
    pub force: bool,
}

#[derive(Args, Debug)]
pub(super) struct LspArgs {
    #[command(flatten)]
    pub rules: RuleArgs,
}

#[derive(Args, Debug)]
pub(super) struct TestArgs {
    /// Rule ids or rule files to test (default: every rule).
    #[arg(value_name = "RULES", id = "rule_ids")]
    pub ids: Vec<String>,
    #[command(flatten)]
    pub rules: RuleArgs,
}

#[derive(Args, Debug)]
pub(super) struct ExplainArgs {
    /// The rule id (without one: the rules there are).
    #[arg(value_name = "RULE")]
    pub rule: Option<String>,
    #[command(flatten)]
    pub rules: RuleArgs,
}

#[derive(Args, Debug)]
pub(super) struct RulesArgs {
    /// Print the list as JSON (id, severity, category, title, source; the pack's version)
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub rules: RuleArgs,
}

#[derive(Args, Debug)]
pub(super) struct InitArgs {
    /// Directory to scaffold in.
    #[arg(value_name = "DIR", default_value = ".")]
    pub dir: PathBuf,
}

#[derive(Args, Debug)]
pub(super) struct CheckArgs {
    /// Claims files or directories to check (`-`: standard input) [default: claims, or
    /// `paths` in verify.toml]
    #[arg(value_name = "PATHS")]
    pub paths: Vec<PathBuf>,
    /// Output format [default: human]
    #[arg(long, value_parser = format_parser())]
    pub format: Option<Format>,
    /// Fail (exit 1) on new findings at or above this level [default: error]
    #[arg(long, value_parser = fail_on_parser(), value_name = "LEVEL")]
    pub fail_on: Option<FailOn>,
    /// Show only findings at or above this level (error, warning or info); the exit status
    /// still counts every finding [default: info]
    #[arg(long, value_parser = min_level_parser(), value_name = "LEVEL")]
    pub min_level: Option<Level>,
    /// Also show the findings that `# verify: ignore[RULE] REASON` comments silence (with
    /// their reason); they still do not count for the exit status.
    #[arg(long)]
    pub show_suppressed: bool,
    /// Findings in this baseline are shown as known and do not fail the run.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Write the fingerprints of all current findings to FILE (atomically).
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,
    /// No summary, no progress, and no findings already in the baseline: new findings and
    /// problems only.
    #[arg(short, long)]
    pub quiet: bool,
    /// Follow symbolic links inside the checked directories (never those leading outside).
    #[arg(long)]
    pub follow_links: bool,
    /// Print to stderr how long each stage took and the peak memory after it (read, parse,
    /// resolve, rules, output, total), and per rule its time, candidates and findings.
    #[arg(long)]
    pub timings: bool,
    /// Paths in machine formats (json, sarif, junit, github, markdown, html) are relative to
    /// DIR [default: the folder of verify.toml, else the git root, else the working directory]
    #[arg(long, value_name = "DIR")]
    pub path_base: Option<PathBuf>,
    /// Check again whenever a claims file, a rule file or verify.toml changes (clearing a
    /// terminal between runs); Ctrl-C stops
    #[arg(long, conflicts_with = "write_baseline")]
    pub watch: bool,
    #[command(flatten)]
    pub rules: RuleArgs,
}

#[derive(Args, Debug)]
pub(super) struct FmtArgs {
    /// Files or directories to format.
    #[arg(value_name = "PATHS", default_value = "claims")]
    pub paths: Vec<PathBuf>,
    /// Do not write: list the files that would change and exit 1 if there are any.
    #[arg(long, conflicts_with = "write")]
    pub check: bool,
    /// Rewrite the files in place, atomically (the default; for scripts that say so).
    #[arg(long)]
    pub write: bool,
    /// Also apply safe mechanical fixes, each listed: typographic quotes (“ ” „ « ») around
    /// names become straight ones, a label missing its `:` gets it.
    #[arg(long)]
    pub fix: bool,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub(super) enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// The names `--fail-on` (and `fail-on` in `verify.toml`) accepts, most severe first.
pub(super) const FAIL_ON: [&str; 4] = ["error", "warning", "info", "never"];

/// The level a `--fail-on` name stands for: `Some(None)` for `never`.
pub(super) fn fail_on_level(name: &str) -> Option<Option<Level>> {
    match name {
        "error" => Some(Some(Level::Error)),
        "warning" => Some(Some(Level::Warning)),
        "info" => Some(Some(Level::Info)),
        "never" => Some(None),
        _ => None,
    }
}

/// `--format`: one of [`Format::ALL`]'s names.
fn format_parser() -> impl TypedValueParser<Value = Format> {
    PossibleValuesParser::new(Format::names())
        .map(|name| Format::from_name(&name).unwrap_or(Format::Human))
}

/// `--fail-on`: one of [`FAIL_ON`], as the level findings fail at (`None`: never).
fn min_level_parser() -> impl TypedValueParser<Value = Level> {
    PossibleValuesParser::new(["error", "warning", "info"])
        .map(|name| fail_on_level(&name).flatten().unwrap_or(Level::Info))
}

fn fail_on_parser() -> impl TypedValueParser<Value = FailOn> {
    PossibleValuesParser::new(FAIL_ON).map(|name| FailOn(fail_on_level(&name).flatten()))
}

/// A parsed `--fail-on`: the level at and above which findings fail the run.
#[derive(Clone, Copy, Debug)]
pub(super) struct FailOn(pub Option<Level>);
