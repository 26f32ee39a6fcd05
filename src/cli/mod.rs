//! The command line: the only part that touches clap. It turns arguments and
//! `verify.toml` into one resolved [`Settings`], runs a command, prints, and maps the
//! outcome to an exit code: 0 nothing at or above `--fail-on`, 1 something is, 2 bad input
//! or usage (with every problem reported).

// The one module that prints (see clippy.toml).
#![allow(clippy::disallowed_macros)]

mod args;
mod check;
mod commands;
mod draft;
mod lsp;
mod lsp_io;
mod rerun;
mod settings;
mod watch;

use std::io::Write as _;

use clap::Parser as _;

use crate::diag::{render, Diagnostic, SourceMap};
use args::{Cli, Command};

pub use settings::Settings;

/// Runs the command line and returns the exit code.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { 2 } else { 0 };
        }
    };
    let color = settings::use_color(cli.color);
    match cli.command {
        Some(Command::Fmt(args)) => {
            // `date-order` in verify.toml says how numeric dates read.
            let mut map = SourceMap::default();
            match settings::read_config(&mut map) {
                Ok(cfg) => {
                    let opts = crate::syntax::ParseOptions {
                        date_order: cfg.map(|c| c.date_order).unwrap_or_default(),
                    };
                    commands::run_fmt(&args, opts, color)
                }
                Err(diags) => {
                    print_diagnostics(&map, &diags, color);
                    2
                }
            }
        }
        Some(Command::Test(ref args)) => match settings::rule_set(&args.rules, color) {
            Ok(set) => commands::run_test(args, &set, color),
            Err(code) => code,
        },
        Some(Command::Explain(ref args)) => match settings::rule_set(&args.rules, color) {
            Ok(set) => commands::run_explain(args, &set, color),
            Err(code) => code,
        },
        Some(Command::Lsp(args)) => lsp::run(args.rules),
        Some(Command::Draft(ref args)) => draft::run(args, color),
        Some(Command::Rules(ref args)) => match settings::rule_set(&args.rules, color) {
            Ok(set) => commands::run_rules(args, &set, color),
            Err(code) => code,
        },
        Some(Command::Init(args)) => commands::run_init(&args),
        Some(Command::Export(ref args)) => commands::run_export(args, color),
        Some(Command::Sql(mut args)) => {
            args.rules.rules.append(&mut args.dirs);
            match settings::rule_set(&args.rules, color) {
                Ok(set) => commands::run_sql(&args, &set, color),
                Err(code) => code,
            }
        }
        None if cli.check.watch => rerun::watch(&cli, color),
        None => {
            let mut map = SourceMap::default();
            match settings::settings(&cli, color, &mut map) {
                Ok(s) => check::run_check(&s, map, check::Done::Exit),
                Err(diags) => {
                    print_diagnostics(&map, &diags, color);
                    2
                }
            }
        }
    }
}

fn print_diagnostics(map: &SourceMap, diags: &[Diagnostic], color: bool) {
    let mut err = std::io::stderr().lock();
    for d in diags {
        let _ = writeln!(err, "{}\n", render(map, d, color));
    }
}

/// A path as the terminal may show it: control characters escaped ([`crate::diag::clean`]).
fn shown(p: &std::path::Path) -> String {
    crate::diag::clean(&p.display().to_string()).into_owned()
}

fn count(diags: &[Diagnostic]) -> (usize, usize) {
    let errors = diags.iter().filter(|d| d.is_error()).count();
    (errors, diags.len() - errors)
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
