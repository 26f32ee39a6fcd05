//! The command line: argument parsing (the only place that touches clap), running the
//! commands, printing, and mapping outcomes to exit codes (0 clean, 1 check failed,
//! 2 bad input or usage).

use std::io::{IsTerminal as _, Write as _};
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::diag::{render, Diagnostic, SourceMap};
use crate::load;
use crate::model::{AnchorKind, Corpus};

const EXAMPLES: &str = "\
Examples:
  verify                      check every *.claims file under claims/
  verify claims/ other.claims check a directory and a single file
  verify fmt --check          fail if any claims file is not canonically formatted
  verify fmt claims/          rewrite claims files in canonical form

Exit status: 0 when the input is clean, 2 when it has errors (every error is reported).";

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
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Rewrite claims files in canonical form (comments kept).
    #[command(after_help = FMT_EXAMPLES)]
    Fmt(FmtArgs),
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
    match cli.command {
        Some(Command::Fmt(args)) => run_fmt(&args, color),
        None => run_check(&cli.check, color),
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

fn run_check(args: &CheckArgs, color: bool) -> i32 {
    let loaded = load::load(&args.paths);
    print_diagnostics(&loaded.sources, &loaded.diagnostics, color);
    let (errors, warnings) = count(&loaded.diagnostics);
    if !args.quiet {
        let mut out = std::io::stdout().lock();
        let _ = out.write_all(summary(&loaded.sources, &loaded.corpus).as_bytes());
        let _ = writeln!(
            out,
            "{}, {}",
            plural(errors, "error", "errors"),
            plural(warnings, "warning", "warnings")
        );
    }
    if errors > 0 {
        2
    } else {
        0
    }
}

/// The corpus summary printed after a check: counts, then every time expression that
/// was resolved on a borrowed anchor or could not be resolved.
pub fn summary(map: &SourceMap, corpus: &Corpus) -> String {
    use std::fmt::Write as _;
    let s = corpus.summary(map.files.len());
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
    for kind in [AnchorKind::Borrowed, AnchorKind::Unresolved] {
        for c in &corpus.claims {
            for w in c.times().filter(|w| w.anchor.kind == kind) {
                let file = map.get(w.loc.file);
                let (line, col) = file.line_col(w.loc.span.start as usize);
                let origin = &corpus.outlets[c.origin].name;
                let _ = match kind {
                    AnchorKind::Borrowed => writeln!(
                        out,
                        "  borrowed   {}:{line}:{col} `{}` (origin {origin}) resolved on {} to {}",
                        file.path.display(),
                        w.text,
                        w.anchor.source.as_deref().unwrap_or("?"),
                        w.period
                    ),
                    _ => writeln!(out, "  unresolved {}:{line}:{col} `{}` (origin {origin}): no publication date known", file.path.display(), w.text),
                };
            }
        }
    }
    out
}

fn run_fmt(args: &FmtArgs, color: bool) -> i32 {
    let (files, mut diags) = load::find_files(&args.paths);
    let (map, d) = load::read_sources(&files);
    diags.extend(d);
    let mut changed = Vec::new();
    let mut unchanged = 0;
    let mut write_errors = Vec::new();
    for (id, f) in map.files.iter().enumerate() {
        let (doc, d) = crate::syntax::parse(&f.text, id);
        let broken = d.iter().any(Diagnostic::is_error)
            || diags.iter().any(|x| x.file == Some(id) && x.is_error());
        diags.extend(d);
        if broken {
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
        if errors > 0 {
            format!(
                ", {} with errors left untouched",
                plural(errors, "error", "errors")
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
