//! The command line: the only part that touches clap. It turns arguments and
//! `verify.toml` into one resolved [`Settings`], runs a command, prints, and maps the
//! outcome to an exit code: 0 nothing at or above `--fail-on`, 1 something is, 2 bad input
//! or usage (with every problem reported).

// The one module that prints (see clippy.toml).
#![allow(clippy::disallowed_macros)]

use std::io::{IsTerminal as _, Write as _};
use std::path::{Path, PathBuf};

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::diag::{render, Diagnostic, SourceFile, SourceMap};
use crate::report::Format;
use crate::rules::Level;
use crate::{load, pipeline};

const EXAMPLES: &str = "\
Examples:
  verify                         check claims/ (or the paths in verify.toml) with rules/
  verify claims/ other.claims    check a directory and a single file
  verify --format sarif > verify.sarif
                                 SARIF for code scanning (also: json, junit, github, markdown, html)
  verify --fail-on warning       exit 1 on warnings too (error, warning, info, never)
  verify --write-baseline verify-baseline.json
                                 record today's findings as known
  verify --baseline verify-baseline.json
                                 fail only on findings not in the baseline
  verify test                    run the test cases embedded in every rule
  verify explain weekday-mismatch
  verify fmt --check             fail if a claims file is not canonically formatted
  verify init                    scaffold verify.toml, claims/ and rules/

Configuration: verify.toml in the working directory or the nearest one above it; flags
override it. Colour only on a terminal; NO_COLOR disables it.

Exit status: 0 when no new finding is at or above --fail-on, 1 when one is, 2 when the
input (claims, rules, configuration, arguments) has errors; every problem is reported.";

const TEST_EXAMPLES: &str = "\
Examples:
  verify test                         run every rule's cases
  verify test weekday-mismatch        run one rule's cases
  verify test --rules my-rules/       run the cases of another rules directory

The last line is `N passed, M failed`; the exit status is 1 when a case fails.";

const EXPLAIN_EXAMPLES: &str = "\
Examples:
  verify explain date-disagreement
  verify explain sole-office-overlap --rules my-rules/";

const FMT_EXAMPLES: &str = "\
Examples:
  verify fmt                  format every *.claims file under claims/ in place
  verify fmt --write          the same, said explicitly
  verify fmt --check          list files that would change, exit 1 if any
  verify fmt a.claims         format one file

Files with syntax errors are reported and left untouched (exit 2).";

const INIT_EXAMPLES: &str = "\
Examples:
  verify init                 scaffold in the current directory
  verify init newsroom/       scaffold in newsroom/ (created if missing)

Existing files are kept; only missing ones are written.";

/// Checks what news articles claim against each other.
#[derive(Parser, Debug)]
#[command(name = "verify", version, after_help = EXAMPLES, args_conflicts_with_subcommands = true)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    check: CheckArgs,
    /// When to colour the output [default: auto]
    #[arg(long, value_enum, global = true)]
    color: Option<ColorChoice>,
    /// Directory of rule files (*.toml) [default: rules]
    #[arg(long, value_name = "DIR", global = true)]
    rules: Option<PathBuf>,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Rewrite claims files in canonical form (comments kept).
    #[command(after_help = FMT_EXAMPLES)]
    Fmt(FmtArgs),
    /// Run the test cases embedded in rule files.
    #[command(after_help = TEST_EXAMPLES)]
    Test(TestArgs),
    /// Explain what a rule checks, why it matters, with an example.
    #[command(after_help = EXPLAIN_EXAMPLES)]
    Explain(ExplainArgs),
    /// Scaffold verify.toml, claims/ and rules/ with a small working example.
    #[command(after_help = INIT_EXAMPLES)]
    Init(InitArgs),
}

#[derive(Args, Debug)]
struct TestArgs {
    /// Rule ids or rule files to test (default: every rule).
    #[arg(value_name = "RULES", id = "rule_ids")]
    ids: Vec<String>,
}

#[derive(Args, Debug)]
struct ExplainArgs {
    /// The rule id.
    #[arg(value_name = "RULE")]
    rule: String,
}

#[derive(Args, Debug)]
struct InitArgs {
    /// Directory to scaffold in.
    #[arg(value_name = "DIR", default_value = ".")]
    dir: PathBuf,
}

#[derive(Args, Debug)]
struct CheckArgs {
    /// Claims files or directories to check [default: claims, or `paths` in verify.toml]
    #[arg(value_name = "PATHS")]
    paths: Vec<PathBuf>,
    /// Output format [default: human]
    #[arg(long, value_enum)]
    format: Option<FormatArg>,
    /// Fail (exit 1) on new findings at or above this level [default: error]
    #[arg(long, value_enum, value_name = "LEVEL")]
    fail_on: Option<FailOn>,
    /// Findings in this baseline are shown as known and do not fail the run.
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
    /// Write the fingerprints of all current findings to FILE (atomically).
    #[arg(long, value_name = "FILE")]
    write_baseline: Option<PathBuf>,
    /// No summary and no progress: findings and problems only.
    #[arg(short, long)]
    quiet: bool,
    /// Follow symbolic links inside the checked directories (never those leading outside).
    #[arg(long)]
    follow_links: bool,
    /// Print to stderr how long each stage took and the peak memory after it (read, parse,
    /// resolve, rules, output, total), and per rule its time, candidates and findings.
    #[arg(long)]
    timings: bool,
}

#[derive(Args, Debug)]
struct FmtArgs {
    /// Files or directories to format.
    #[arg(value_name = "PATHS", default_value = "claims")]
    paths: Vec<PathBuf>,
    /// Do not write: list the files that would change and exit 1 if there are any.
    #[arg(long, conflicts_with = "write")]
    check: bool,
    /// Rewrite the files in place, atomically (the default; for scripts that say so).
    #[arg(long)]
    write: bool,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum FormatArg {
    Human,
    Json,
    Sarif,
    Junit,
    Github,
    Markdown,
    Html,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum FailOn {
    Error,
    Warning,
    Info,
    Never,
}

fn fail_on_level(name: &str) -> Option<Option<Level>> {
    match name {
        "error" => Some(Some(Level::Error)),
        "warning" => Some(Some(Level::Warning)),
        "info" => Some(Some(Level::Info)),
        "never" => Some(None),
        _ => None,
    }
}

/// Everything a check run needs, resolved from flags, `verify.toml` and defaults.
#[derive(Debug)]
pub struct Settings {
    pub paths: Vec<PathBuf>,
    pub rules: PathBuf,
    /// Whether the rules directory was asked for (a flag or the configuration).
    pub rules_explicit: bool,
    pub format: Format,
    pub fail_on: Option<Level>,
    pub baseline: Option<PathBuf>,
    pub write_baseline: Option<PathBuf>,
    pub quiet: bool,
    pub follow_links: bool,
    pub timings: bool,
    pub color: bool,
    pub width: usize,
    pub config: Option<crate::config::FileConfig>,
}

/// Whether to colour output: `--color`, then NO_COLOR, then whether stdout is a terminal.
fn use_color(choice: Option<ColorChoice>) -> bool {
    match choice {
        Some(ColorChoice::Always) => true,
        Some(ColorChoice::Never) => false,
        Some(ColorChoice::Auto) | None => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stdout().is_terminal()
        }
    }
}

/// Terminal width for snippets: `COLUMNS` if set, else 120.
fn width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .filter(|w| *w >= 40)
        .unwrap_or(120)
}

/// Runs the command line and returns the exit code.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { 2 } else { 0 };
        }
    };
    let color = use_color(cli.color);
    match cli.command {
        Some(Command::Fmt(args)) => run_fmt(&args, color),
        Some(Command::Test(args)) => match rules_dir(cli.rules.clone(), color) {
            Ok(dir) => run_test(&args, &dir, color),
            Err(code) => code,
        },
        Some(Command::Explain(args)) => match rules_dir(cli.rules.clone(), color) {
            Ok(dir) => run_explain(&args, &dir, color),
            Err(code) => code,
        },
        Some(Command::Init(args)) => run_init(&args),
        None => {
            let mut map = SourceMap::default();
            match settings(&cli, color, &mut map) {
                Ok(s) => run_check(&s, map),
                Err(diags) => {
                    print_diagnostics(&map, &diags, color);
                    2
                }
            }
        }
    }
}

/// The rules directory for `verify test` and `verify explain`: the flag, else
/// `verify.toml`'s `rules`, else `rules/`. A broken configuration is reported.
fn rules_dir(flag: Option<PathBuf>, color: bool) -> Result<PathBuf, i32> {
    if let Some(dir) = flag {
        return Ok(dir);
    }
    let mut map = SourceMap::default();
    match read_config(&mut map) {
        Ok(cfg) => Ok(cfg
            .and_then(|c| c.rules)
            .unwrap_or_else(|| PathBuf::from("rules"))),
        Err(diags) => {
            print_diagnostics(&map, &diags, color);
            Err(2)
        }
    }
}

/// Finds, reads and parses `verify.toml` (from the working directory upward), adding it to
/// `map` so its errors render with snippets. `None` when there is none.
fn read_config(map: &mut SourceMap) -> Result<Option<crate::config::FileConfig>, Vec<Diagnostic>> {
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let Some(path) = load::discover_config(&cwd) else {
        return Ok(None);
    };
    let bytes = std::fs::read(&path).map_err(|e| {
        vec![Diagnostic::global(
            "config",
            format!("cannot read `{}`: {}", path.display(), load::io_reason(&e)),
        )]
    })?;
    let id = map.files.len();
    let (text, d) = crate::syntax::source::decode(&bytes, id);
    let shown = pathdiff(&path, &cwd);
    map.add(SourceFile::new(shown.clone(), text));
    if !d.is_empty() {
        return Err(d);
    }
    crate::config::parse(
        &shown,
        id,
        &map.files[id].text,
        &Format::names(),
        &["error", "warning", "info", "never"],
    )
    .map(Some)
}

/// Resolves flags over `verify.toml` over defaults. The configuration file, if any, is
/// added to `map` so its errors render with snippets.
fn settings(cli: &Cli, color: bool, map: &mut SourceMap) -> Result<Settings, Vec<Diagnostic>> {
    let args = &cli.check;
    let config = read_config(map)?;
    let cfg = config.clone().unwrap_or_default();
    let format = match args.format {
        Some(f) => match f {
            FormatArg::Human => Format::Human,
            FormatArg::Json => Format::Json,
            FormatArg::Sarif => Format::Sarif,
            FormatArg::Junit => Format::Junit,
            FormatArg::Github => Format::Github,
            FormatArg::Markdown => Format::Markdown,
            FormatArg::Html => Format::Html,
        },
        None => cfg
            .format
            .as_deref()
            .and_then(Format::from_name)
            .unwrap_or(Format::Human),
    };
    let fail_on = match args.fail_on {
        Some(FailOn::Error) => Some(Level::Error),
        Some(FailOn::Warning) => Some(Level::Warning),
        Some(FailOn::Info) => Some(Level::Info),
        Some(FailOn::Never) => None,
        None => cfg
            .fail_on
            .as_deref()
            .and_then(fail_on_level)
            .unwrap_or(Some(Level::Error)),
    };
    let paths = if !args.paths.is_empty() {
        args.paths.clone()
    } else {
        cfg.paths
            .clone()
            .unwrap_or_else(|| vec![PathBuf::from("claims")])
    };
    let (rules, rules_explicit) = match (&cli.rules, &cfg.rules) {
        (Some(r), _) | (None, Some(r)) => (r.clone(), true),
        _ => (PathBuf::from("rules"), false),
    };
    Ok(Settings {
        paths,
        rules,
        rules_explicit,
        format,
        fail_on,
        baseline: args.baseline.clone().or(cfg.baseline.clone()),
        write_baseline: args.write_baseline.clone(),
        quiet: args.quiet,
        follow_links: args.follow_links,
        timings: args.timings,
        color,
        width: width(),
        config,
    })
}

/// `path` relative to `base` when it is below it (for shorter messages).
fn pathdiff(path: &Path, base: &Path) -> PathBuf {
    path.strip_prefix(base)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| path.to_path_buf())
}

/// A status line on standard error, only on a terminal, erased when done.
struct Progress {
    on: bool,
}

/// Wall time per stage, printed by `--timings`.
struct Timings {
    on: bool,
    last: std::time::Instant,
    start: std::time::Instant,
}

impl Timings {
    fn new(on: bool) -> Self {
        let now = std::time::Instant::now();
        Timings {
            on,
            last: now,
            start: now,
        }
    }
    /// Ends the stage `name`, printing its duration and the peak memory so far.
    fn stage(&mut self, name: &str) {
        if self.on {
            let now = std::time::Instant::now();
            eprintln!(
                "timing: {name:<8} {:>9.3} s{}",
                (now - self.last).as_secs_f64(),
                peak_memory()
            );
            self.last = now;
        }
    }
    fn total(&self) {
        if self.on {
            eprintln!(
                "timing: {:<8} {:>9.3} s{}",
                "total",
                self.start.elapsed().as_secs_f64(),
                peak_memory()
            );
        }
    }
}

/// `, peak memory N MiB` where the system tells (Linux), else nothing.
fn peak_memory() -> String {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().strip_suffix("kB"))
        .and_then(|kb| kb.trim().parse::<u64>().ok())
        .map(|kb| format!(", peak memory {} MiB", kb / 1024))
        .unwrap_or_default()
}

impl Progress {
    fn new(quiet: bool) -> Self {
        Progress {
            on: !quiet && std::io::stderr().is_terminal(),
        }
    }
    fn show(&self, msg: &str) {
        if self.on {
            let mut e = std::io::stderr().lock();
            let _ = write!(e, "\r\x1b[2K{msg}");
            let _ = e.flush();
        }
    }
    fn done(&self) {
        if self.on {
            let _ = write!(std::io::stderr().lock(), "\r\x1b[2K");
        }
    }
}

/// The progress line and `--timings`, fed by the pipeline.
struct Watch {
    progress: Progress,
    timings: std::sync::Mutex<Timings>,
}

impl pipeline::Observer for Watch {
    fn progress(&self, what: pipeline::Progress) {
        use pipeline::Progress as P;
        match what {
            P::FindingFiles => self.progress.show("finding claims files…"),
            P::Reading { files } => self
                .progress
                .show(&format!("reading {}…", plural(files, "file", "files"))),
            P::Parsing { files } => self
                .progress
                .show(&format!("parsing {}…", plural(files, "file", "files"))),
            P::Resolving => self
                .progress
                .show("resolving names, attribution and dates…"),
            P::LoadingRules => self.progress.show("loading rules…"),
            P::RuleDone {
                done,
                total,
                claims,
            } => self.progress.show(&format!(
                "checking {claims} claims: {done}/{total} rules done…"
            )),
        }
    }
    fn stage_done(&self, stage: pipeline::Stage) {
        if stage == pipeline::Stage::Rules {
            self.progress.done();
        }
        if let Ok(mut t) = self.timings.lock() {
            t.stage(stage.name());
        }
    }
    fn rules_done(&self, stats: &[pipeline::RuleStat]) {
        let on = self.timings.lock().is_ok_and(|t| t.on);
        if on {
            // Rules run in parallel: their times overlap and add up to more than the stage.
            let mut slowest: Vec<&pipeline::RuleStat> = stats.iter().collect();
            slowest.sort_by(|a, b| b.seconds.total_cmp(&a.seconds));
            for r in slowest {
                eprintln!(
                    "timing:   rule {:<28} {:>8.3} s, {} candidates, {} findings",
                    r.id, r.seconds, r.candidates, r.findings
                );
            }
        }
    }
}

fn run_check(s: &Settings, map: SourceMap) -> i32 {
    let watch = Watch {
        progress: Progress::new(s.quiet),
        timings: std::sync::Mutex::new(Timings::new(s.timings)),
    };
    let inputs = pipeline::Inputs {
        claims: pipeline::Claims::Paths {
            paths: &s.paths,
            follow_links: s.follow_links,
        },
        rules: pipeline::Rules::Dir {
            path: s.rules.clone(),
            explicit: s.rules_explicit,
        },
        config: s.config.as_ref(),
        baseline: s.baseline.as_deref(),
        sources: map,
    };
    let outcome = pipeline::check(inputs, &watch);
    let map = &outcome.sources;
    let diagnostics = &outcome.diagnostics;
    let findings = &outcome.findings;
    let mut timings = watch
        .timings
        .into_inner()
        .unwrap_or_else(|e| e.into_inner());
    print_diagnostics(map, diagnostics, s.color && std::io::stderr().is_terminal());
    let mut input_errors = diagnostics.iter().any(Diagnostic::is_error);
    if let Some(path) = &s.write_baseline {
        if let Err(e) = load::write_atomic(path, crate::baseline::render(findings).as_bytes()) {
            let d = Diagnostic::global(
                "baseline",
                format!(
                    "cannot write baseline `{}`: {}",
                    path.display(),
                    load::io_reason(&e)
                ),
            );
            print_diagnostics(map, std::slice::from_ref(&d), s.color);
            input_errors = true;
        } else if !s.quiet {
            eprintln!(
                "wrote {} to {}",
                plural(findings.len(), "finding", "findings"),
                path.display()
            );
        }
    }
    let run = outcome.run(s.fail_on, s.color, s.width);
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    let written = if s.quiet && s.format == Format::Human {
        let mut text = s.format.emitter().emit(&run);
        // Keep the findings, drop the summary lines.
        let summary_start = text
            .find("checked ")
            .filter(|&n| n == 0 || text[..n].ends_with('\n'))
            .unwrap_or(text.len());
        text.truncate(summary_start);
        out.write_all(text.as_bytes())
    } else {
        s.format.emitter().write_to(&run, &mut out)
    }
    .and_then(|()| out.flush());
    drop(out);
    // A reader that stops early (`verify | head`) is not an error; a full disk is.
    if let Err(e) = written.as_ref() {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("error: cannot write the output: {}", load::io_reason(e));
            return 2;
        }
    }
    timings.stage("output");
    timings.total();
    let failing = (0..findings.len()).any(|i| run.counts(i));
    if input_errors {
        2
    } else if failing && s.write_baseline.is_none() {
        1
    } else {
        0
    }
}

fn run_init(args: &InitArgs) -> i32 {
    let files: [(&str, &str); 6] = [
        ("verify.toml", INIT_CONFIG),
        ("claims/example.claims", INIT_CLAIMS),
        (
            "rules/date-disagreement.toml",
            include_str!("../rules/date-disagreement.toml"),
        ),
        (
            "rules/weekday-mismatch.toml",
            include_str!("../rules/weekday-mismatch.toml"),
        ),
        (
            "rules/borrowed-anchor.toml",
            include_str!("../rules/borrowed-anchor.toml"),
        ),
        (
            "rules/unresolved-date.toml",
            include_str!("../rules/unresolved-date.toml"),
        ),
    ];
    let mut failed = false;
    for (rel, text) in files {
        let path = args.dir.join(rel);
        if path.exists() {
            println!("kept     {} (already there)", path.display());
            continue;
        }
        let result = std::fs::create_dir_all(path.parent().unwrap_or(Path::new(".")))
            .and_then(|_| load::write_atomic(&path, text.as_bytes()));
        match result {
            Ok(()) => println!("created  {}", path.display()),
            Err(e) => {
                eprintln!(
                    "error: cannot write `{}`: {}",
                    path.display(),
                    load::io_reason(&e)
                );
                failed = true;
            }
        }
    }
    if failed {
        return 2;
    }
    println!(
        "\nnext: run `verify` in {} to check the example, `verify test` to run the rules' cases",
        args.dir.display()
    );
    0
}

const INIT_CONFIG: &str = "\
# verify.toml: settings for `verify` in this directory and below. Flags override them.
paths = [\"claims\"]
rules = \"rules\"
format = \"human\"     # human, json, sarif, junit, github, markdown or html
fail-on = \"error\"    # error, warning, info or never
# baseline = \"verify-baseline.json\"
";

const INIT_CLAIMS: &str = "\
# An example: one report relaying another outlet. Run `verify` to see what it finds.
outlet relay \"The Relay\" kind site
outlet daily \"The Daily\" kind daily
person minister \"The Minister\"
country X \"Country X\"

report relay-2025-04-12 by relay published 2025-04-12
  per daily:
    # The Daily's own date is unknown: \"this year\" is read against the relay's date.
    visit trip: minister to X on this year
  visit trip: minister to X on 2025-03-10 (Monday)
";
fn print_diagnostics(map: &SourceMap, diags: &[Diagnostic], color: bool) {
    let mut err = std::io::stderr().lock();
    for d in diags {
        let _ = writeln!(err, "{}\n", render(map, d, color));
    }
}

fn count(diags: &[Diagnostic]) -> (usize, usize) {
    let errors = diags.iter().filter(|d| d.is_error()).count();
    (errors, diags.len() - errors)
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn run_test(args: &TestArgs, rules_dir: &Path, color: bool) -> i32 {
    let mut map = SourceMap::default();
    let (rules, diags) = load::load_rules(rules_dir, &mut map);
    print_diagnostics(&map, &diags, color);
    let mut selected: Vec<&crate::rules::Rule> = Vec::new();
    let mut unknown = Vec::new();
    if args.ids.is_empty() {
        selected.extend(rules.iter());
    }
    for want in &args.ids {
        let wanted = std::fs::canonicalize(want).ok();
        let by_file: Vec<&crate::rules::Rule> = rules
            .iter()
            .filter(|r| {
                wanted.is_some() && std::fs::canonicalize(&map.get(r.loc.file).path).ok() == wanted
            })
            .collect();
        match rules.iter().find(|r| &r.id == want) {
            Some(r) => selected.push(r),
            None if !by_file.is_empty() => selected.extend(by_file),
            None => unknown.push(unknown_rule(want, &rules)),
        }
    }
    print_diagnostics(&map, &unknown, color);
    let outcomes: Vec<_> = selected
        .iter()
        .map(|r| crate::testing::run_rule_cases(r, &map))
        .collect();
    // Rule files that did not load count as failures too.
    let mut broken: Vec<String> = diags
        .iter()
        .filter(|d| d.is_error())
        .map(|d| {
            d.file
                .map(|f| map.get(f).path.display().to_string())
                .unwrap_or_else(|| rules_dir.display().to_string())
        })
        .collect();
    broken.sort();
    broken.dedup();
    let _ = std::io::stdout()
        .lock()
        .write_all(crate::testing::render_outcomes(&outcomes, &broken).as_bytes());
    let failed: usize = outcomes.iter().map(|o| o.failed()).sum::<usize>() + broken.len();
    if diags.iter().any(Diagnostic::is_error) || !unknown.is_empty() {
        2
    } else if failed > 0 {
        1
    } else {
        0
    }
}

fn unknown_rule(want: &str, rules: &[crate::rules::Rule]) -> Diagnostic {
    let d = Diagnostic::global(
        "rules",
        format!("unknown rule: expected a rule id or rule file, found `{want}`"),
    );
    match crate::diag::did_you_mean(want, rules.iter().map(|r| r.id.as_str())) {
        Some(m) => d.with_help(format!("did you mean `{m}`?")),
        None => d.with_help(format!(
            "the rules are: {}",
            rules
                .iter()
                .map(|r| r.id.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

fn run_explain(args: &ExplainArgs, rules_dir: &Path, color: bool) -> i32 {
    let mut map = SourceMap::default();
    let (rules, diags) = load::load_rules(rules_dir, &mut map);
    let Some(rule) = rules.iter().find(|r| r.id == args.rule) else {
        print_diagnostics(&map, &diags, color);
        print_diagnostics(&map, &[unknown_rule(&args.rule, &rules)], color);
        return 2;
    };
    let _ = std::io::stdout()
        .lock()
        .write_all(crate::report::explain(rule, &map).as_bytes());
    0
}

fn run_fmt(args: &FmtArgs, color: bool) -> i32 {
    let (files, mut diags) = load::find_files(&args.paths);
    let (map, d) = load::read_sources(&files);
    diags.extend(d);
    let mut changed = Vec::new();
    let mut unchanged = 0;
    let mut write_errors = Vec::new();
    let mut broken_files = 0;
    for (id, f) in map.files.iter().enumerate() {
        let (doc, d) = crate::syntax::parse(&f.text, id);
        let broken = d.iter().any(Diagnostic::is_error)
            || diags.iter().any(|x| x.file == Some(id) && x.is_error());
        diags.extend(d);
        if broken {
            broken_files += 1;
            continue;
        }
        let formatted = crate::syntax::format(&doc);
        if formatted == f.text {
            unchanged += 1;
            continue;
        }
        if !args.check {
            if let Err(e) = load::write_atomic(&f.path, formatted.as_bytes()) {
                write_errors.push(Diagnostic::global(
                    "write",
                    format!(
                        "cannot write `{}`: {}",
                        f.path.display(),
                        load::io_reason(&e)
                    ),
                ));
                continue;
            }
        }
        changed.push(f.path.clone());
    }
    diags.extend(write_errors);
    load::sort_diagnostics(&map, &mut diags);
    print_diagnostics(&map, &diags, color);
    let (errors, _) = count(&diags);
    let mut out = std::io::stdout().lock();
    for p in &changed {
        let _ = writeln!(
            out,
            "{} {}",
            if args.check {
                "would reformat"
            } else {
                "reformatted"
            },
            p.display()
        );
    }
    let _ = writeln!(
        out,
        "{} {}, {} already formatted{}",
        plural(changed.len(), "file", "files"),
        if args.check {
            "would be reformatted"
        } else {
            "reformatted"
        },
        unchanged,
        if broken_files > 0 {
            format!(
                ", {} with errors left untouched",
                plural(broken_files, "file", "files")
            )
        } else {
            String::new()
        }
    );
    if errors > 0 {
        2
    } else if args.check && !changed.is_empty() {
        1
    } else {
        0
    }
}
