//! The command line: argument parsing (the only place that touches clap), running the
//! commands, printing, and mapping outcomes to exit codes (0 clean, 1 check failed,
//! 2 bad input or usage).

use std::io::{IsTerminal as _, Write as _};
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::diag::{render, Diagnostic, SourceMap};
use crate::load;
use crate::model::Corpus;

const EXAMPLES: &str = "\
Examples:
  verify                      check every *.claims file under claims/ with the rules in rules/
  verify claims/ other.claims check a directory and a single file
  verify --rules my-rules/    use another rules directory
  verify test                 run the test cases embedded in every rule
  verify explain weekday-mismatch
                              what a rule checks, why it matters, an example
  verify fmt --check          fail if any claims file is not canonically formatted

Exit status: 0 when no finding is an error, 1 when some finding is an error,
2 when the input (claims, rules, arguments) has errors; every problem is reported.";

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
  verify fmt --check          list files that would change, exit 1 if any
  verify fmt a.claims         format one file

Files with syntax errors are reported and left untouched (exit 2).";

/// Checks what news articles claim against each other.
#[derive(Parser, Debug)]
#[command(name = "verify", version, after_help = EXAMPLES, args_conflicts_with_subcommands = true)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    check: CheckArgs,
    /// When to colour the output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true)]
    color: ColorChoice,
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
struct CheckArgs {
    /// Claims files or directories to check (directories are searched for *.claims).
    #[arg(value_name = "PATHS", default_value = "claims")]
    paths: Vec<PathBuf>,
    /// Print only diagnostics, no summary.
    #[arg(short, long)]
    quiet: bool,
}

#[derive(Args, Debug)]
struct FmtArgs {
    /// Files or directories to format.
    #[arg(value_name = "PATHS", default_value = "claims")]
    paths: Vec<PathBuf>,
    /// Do not write: list the files that would change and exit 1 if there are any.
    #[arg(long)]
    check: bool,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// Whether to colour output written to stderr.
fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stderr().is_terminal()
        }
    }
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
    let rules = RulesDir::new(cli.rules);
    match cli.command {
        Some(Command::Fmt(args)) => run_fmt(&args, color),
        Some(Command::Test(args)) => run_test(&args, &rules, color),
        Some(Command::Explain(args)) => run_explain(&args, &rules, color),
        None => run_check(&cli.check, &rules, color),
    }
}

/// Where rules come from, and whether the user asked for that directory explicitly.
struct RulesDir {
    path: PathBuf,
    explicit: bool,
}

impl RulesDir {
    fn new(arg: Option<PathBuf>) -> Self {
        match arg {
            Some(path) => RulesDir {
                path,
                explicit: true,
            },
            None => RulesDir {
                path: PathBuf::from("rules"),
                explicit: false,
            },
        }
    }

    /// Loads the rules into `map`. A missing default `rules/` directory is a warning (the
    /// claims are still checked); a missing explicit one is an error.
    fn load(&self, map: &mut SourceMap) -> (Vec<crate::rules::Rule>, Vec<Diagnostic>) {
        if !self.explicit && !self.path.exists() {
            let mut d = Diagnostic::global(
                "rules",
                "no rules: `rules/` not found, so only the claims themselves are checked",
            );
            d.severity = crate::diag::Severity::Warning;
            return (
                Vec::new(),
                vec![d.with_help("pass a rules directory with `--rules DIR`")],
            );
        }
        load::load_rules(&self.path, map)
    }
}

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

fn run_check(args: &CheckArgs, rules_dir: &RulesDir, color: bool) -> i32 {
    let mut loaded = load::load(&args.paths);
    let claims_files = loaded.sources.files.len();
    let (rules, rule_diags) = rules_dir.load(&mut loaded.sources);
    loaded.diagnostics.extend(rule_diags);
    load::sort_diagnostics(&loaded.sources, &mut loaded.diagnostics);
    print_diagnostics(&loaded.sources, &loaded.diagnostics, color);
    let findings = crate::engine::run(&rules, &loaded.corpus);
    let (errors, warnings) = count(&loaded.diagnostics);
    let mut out = std::io::stdout().lock();
    for f in &findings {
        let _ = writeln!(
            out,
            "{}\n",
            crate::report::human::finding(&loaded.sources, &loaded.corpus, f, color)
        );
    }
    if !args.quiet {
        let _ = out.write_all(summary(claims_files, &loaded.corpus).as_bytes());
        let _ = writeln!(
            out,
            "{} checked with {}: {}",
            plural(loaded.corpus.claims.len(), "claim", "claims"),
            plural(rules.len(), "rule", "rules"),
            crate::report::human::summary(&findings)
        );
        let _ = writeln!(
            out,
            "input: {}, {}",
            plural(errors, "error", "errors"),
            plural(warnings, "warning", "warnings")
        );
    }
    if errors > 0 {
        2
    } else if findings
        .iter()
        .any(|f| f.level == crate::rules::Level::Error)
    {
        1
    } else {
        0
    }
}

fn run_test(args: &TestArgs, rules_dir: &RulesDir, color: bool) -> i32 {
    let mut map = SourceMap::default();
    let (rules, diags) = load::load_rules(&rules_dir.path, &mut map);
    print_diagnostics(&map, &diags, color);
    let mut selected: Vec<&crate::rules::Rule> = Vec::new();
    let mut unknown = Vec::new();
    if args.ids.is_empty() {
        selected.extend(rules.iter());
    }
    for want in &args.ids {
        let by_file: Vec<&crate::rules::Rule> = rules
            .iter()
            .filter(|r| map.get(r.loc.file).path == std::path::Path::new(want))
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
    let _ = std::io::stdout()
        .lock()
        .write_all(crate::testing::render_outcomes(&outcomes).as_bytes());
    let failed: usize = outcomes.iter().map(|o| o.failed()).sum();
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

fn run_explain(args: &ExplainArgs, rules_dir: &RulesDir, color: bool) -> i32 {
    let mut map = SourceMap::default();
    let (rules, diags) = load::load_rules(&rules_dir.path, &mut map);
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

/// The corpus summary printed after a check: what was read, and how its dates were resolved.
pub fn summary(files: usize, corpus: &Corpus) -> String {
    use std::fmt::Write as _;
    let s = corpus.summary(files);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "checked {}: {}, {}, {}, {}",
        plural(s.files, "file", "files"),
        plural(s.outlets, "outlet", "outlets"),
        plural(s.reports, "report", "reports"),
        plural(s.entities, "entity", "entities"),
        plural(s.claims, "claim", "claims"),
    );
    let _ = writeln!(
        out,
        "time expressions: {} ({} absolute, {} anchored on their origin, {} borrowed, {} unresolved)",
        s.times,
        s.times - s.anchored - s.borrowed - s.unresolved,
        s.anchored,
        s.borrowed,
        s.unresolved
    );
    out
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
