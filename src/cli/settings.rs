//! Flags over `verify.toml` over defaults, into one [`Settings`]; colour and width.

use std::io::IsTerminal as _;
use std::path::{Path, PathBuf};

use super::args::{fail_on_level, Cli, ColorChoice, FailOn, RuleArgs, FAIL_ON};
use super::print_diagnostics;
use crate::diag::{Diagnostic, SourceFile, SourceMap};
use crate::load;
use crate::report::Format;
use crate::rules::Level;

/// Everything a check run needs, resolved from flags, `verify.toml` and defaults.
#[derive(Debug)]
pub struct Settings {
    pub paths: Vec<PathBuf>,
    pub rules: crate::pipeline::RuleSet,
    pub format: Format,
    pub fail_on: Option<Level>,
    pub baseline: Option<PathBuf>,
    pub write_baseline: Option<PathBuf>,
    pub quiet: bool,
    /// Findings below this level are not shown (they still count for the exit status).
    pub min_level: Option<Level>,
    /// Show suppressed findings too.
    pub show_suppressed: bool,
    pub follow_links: bool,
    pub timings: bool,
    pub color: bool,
    pub width: usize,
    pub config: Option<crate::config::FileConfig>,
    /// What paths in machine formats are relative to (absolute).
    pub path_base: PathBuf,
}

/// Whether to colour output: `--color`, then NO_COLOR, then whether stdout is a terminal.
pub(super) fn use_color(choice: Option<ColorChoice>) -> bool {
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
pub(super) fn width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .filter(|w| *w >= 40)
        .unwrap_or(120)
}

/// The rules of `verify test` and `verify explain`, as for a check. A broken
/// configuration is reported.
pub(super) fn rule_set(cli: &RuleArgs, color: bool) -> Result<crate::pipeline::RuleSet, i32> {
    let mut map = SourceMap::default();
    match read_config(&mut map) {
        Ok(cfg) => Ok(rules_of(cli, cfg.as_ref())),
        Err(diags) => {
            print_diagnostics(&map, &diags, color);
            Err(2)
        }
    }
}

/// Flags over `verify.toml`: the standard pack unless `--no-default-rules` or
/// `default-rules = false`; the `--rules` directories, else the configuration's `rules`,
/// else `rules/` when it exists.
pub(super) fn rules_of(
    cli: &RuleArgs,
    cfg: Option<&crate::config::FileConfig>,
) -> crate::pipeline::RuleSet {
    let pack = !cli.no_default_rules && cfg.and_then(|c| c.default_rules).unwrap_or(true);
    let configured = cfg.and_then(|c| c.rules.clone());
    let (dirs, implicit) = if !cli.rules.is_empty() {
        (cli.rules.clone(), None)
    } else if let Some(dir) = configured {
        (vec![dir], None)
    } else {
        (Vec::new(), Some(PathBuf::from("rules")))
    };
    let named = |names: &[String]| -> Vec<crate::rules::Named> {
        names
            .iter()
            .map(|n| crate::rules::Named {
                name: n.trim().to_owned(),
                at: None,
            })
            .collect()
    };
    let mut ignore = named(&cli.ignore);
    ignore.extend(cfg.iter().flat_map(|c| c.disable.iter().cloned()));
    crate::pipeline::RuleSet {
        pack,
        dirs,
        implicit,
        select: named(&cli.select),
        ignore,
    }
}

/// Finds, reads and parses `verify.toml` (from the working directory upward), adding it to
/// `map` so its errors render with snippets. `None` when there is none.
/// [`read_config`], its problems printed: `Err(2)`, the exit status, when it is broken.
pub(super) fn config_or_exit(
    map: &mut SourceMap,
    color: bool,
) -> Result<Option<crate::config::FileConfig>, i32> {
    read_config(map).map_err(|diags| {
        print_diagnostics(map, &diags, color);
        2
    })
}

pub(super) fn read_config(
    map: &mut SourceMap,
) -> Result<Option<crate::config::FileConfig>, Vec<Diagnostic>> {
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
    crate::config::parse(&shown, id, &map.files[id].text, &Format::names(), &FAIL_ON).map(Some)
}

/// Resolves flags over `verify.toml` over defaults. The configuration file, if any, is
/// added to `map` so its errors render with snippets.
pub(super) fn settings(
    cli: &Cli,
    color: bool,
    map: &mut SourceMap,
) -> Result<Settings, Vec<Diagnostic>> {
    let args = &cli.check;
    let config = read_config(map)?;
    let cfg = config.clone().unwrap_or_default();
    let format = match args.format {
        Some(f) => f,
        None => cfg
            .format
            .as_deref()
            .and_then(Format::from_name)
            .unwrap_or(Format::Human),
    };
    let fail_on = match args.fail_on {
        Some(FailOn(level)) => level,
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
    let rules = rules_of(&args.rules, config.as_ref());
    Ok(Settings {
        paths,
        rules,
        format,
        fail_on,
        baseline: args.baseline.clone().or(cfg.baseline.clone()),
        write_baseline: args.write_baseline.clone(),
        quiet: args.quiet,
        min_level: args
            .min_level
            .or_else(|| cfg.min_level.as_deref().and_then(fail_on_level).flatten()),
        show_suppressed: args.show_suppressed,
        follow_links: args.follow_links,
        timings: args.timings,
        color,
        width: width(),
        path_base: path_base(args.path_base.as_deref(), config.as_ref()),
        config,
    })
}

/// What machine formats show paths relative to: `--path-base`, else the folder of
/// verify.toml, else the nearest folder above holding `.git`, else the working directory.
fn path_base(flag: Option<&Path>, cfg: Option<&crate::config::FileConfig>) -> PathBuf {
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let base = match (flag, cfg) {
        (Some(dir), _) => cwd.join(dir),
        (None, Some(c)) => cwd.join(c.path.parent().unwrap_or(Path::new(""))),
        (None, None) => cwd
            .ancestors()
            .find(|d| d.join(".git").exists())
            .unwrap_or(&cwd)
            .to_path_buf(),
    };
    std::fs::canonicalize(&base).unwrap_or(base)
}

/// `path` relative to `base` when it is below it (for shorter messages).
pub(super) fn pathdiff(path: &Path, base: &Path) -> PathBuf {
    path.strip_prefix(base)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| path.to_path_buf())
}
