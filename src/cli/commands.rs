//! The other commands: `verify init`, `verify test`, `verify explain`, `verify fmt`.

use std::io::Write as _;
use std::path::Path;

use super::args::{ExplainArgs, ExportArgs, FmtArgs, InitArgs, RulesArgs, SqlArgs, TestArgs};
use super::{count, plural, print_diagnostics, shown};
use crate::diag::{Diagnostic, SourceMap};
use crate::load;
use crate::pipeline::RuleSet;

pub(super) fn run_init(args: &InitArgs) -> i32 {
    // The standard rules are built in: a project starts with settings and an example; its
    // own rules, if any, go in rules/ (added to the standard ones).
    let files: [(&str, &str); 2] = [
        ("verify.toml", INIT_CONFIG),
        ("claims/example.claims", INIT_CLAIMS),
    ];
    let mut failed = false;
    for (rel, text) in files {
        let path = args.dir.join(rel);
        if path.exists() {
            println!("kept     {} (already there)", shown(&path));
            continue;
        }
        let result = std::fs::create_dir_all(path.parent().unwrap_or(Path::new(".")))
            .and_then(|_| load::write_atomic(&path, text.as_bytes()));
        match result {
            Ok(()) => println!("created  {}", shown(&path)),
            Err(e) => {
                eprintln!(
                    "error: cannot write `{}`: {}",
                    shown(&path),
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
        "\nnext: run `verify` in {} to check the example with the {} standard rules (pack {}); \
         `verify rules` lists them; a project's own rules go in rules/ (see `verify explain` for examples)",
        shown(&args.dir),
        crate::rules::pack::FILES.len(),
        crate::rules::pack::VERSION
    );
    0
}

const INIT_CONFIG: &str = "\
# verify.toml: settings for `verify` in this directory and below. Flags override them.
paths = [\"claims\"]
# rules = \"rules\"           # a directory of the project's own rules, added to the standard ones
# default-rules = false     # leave out the standard rules built into verify
format = \"human\"     # human, concise, json, sarif, junit, github, markdown or html
fail-on = \"error\"    # error, warning, info or never
# baseline = \"verify-baseline.json\"
# date-order = \"dmy\"    # how 11/07/2024 reads: dmy (11 July) or mdy (7 November)
# max-findings-per-group = 10000     # per rule and group; the rest counted in one finding
# max-pairs-per-group = 20000000     # pairs formed per rule and group; a warning past it
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
pub(super) fn run_test(args: &TestArgs, set: &RuleSet, color: bool) -> i32 {
    let mut map = SourceMap::default();
    let (rules, diags) = set.load_selected(&mut map);
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
                .unwrap_or_else(|| "rules".to_owned())
        })
        .collect();
    broken.sort();
    broken.dedup();
    let _ = std::io::stdout().lock().write_all(
        crate::diag::clean_lines(&crate::testing::render_outcomes(&outcomes, &broken)).as_bytes(),
    );
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
        "rule",
        format!("unknown rule: expected a rule id or rule file, found `{want}`"),
    );
    if Path::new(want).is_dir() {
        return d.with_help(format!(
            "`{want}` is a directory: test the rules in it with `verify test --rules {want}`"
        ));
    }
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

pub(super) fn run_explain(args: &ExplainArgs, set: &RuleSet, color: bool) -> i32 {
    let mut map = SourceMap::default();
    let (rules, diags) = set.load_selected(&mut map);
    let Some(want) = &args.rule else {
        // No rule named: the rules there are, to pick one.
        print_diagnostics(&map, &diags, color);
        let table = crate::report::rules_table(&rules, &map, set.pack);
        let _ = std::io::stdout().lock().write_all(
            crate::diag::clean_lines(&format!(
                "{table}\nRun `verify explain RULE` for what a rule checks, why, and an example.\n"
            ))
            .as_bytes(),
        );
        return i32::from(diags.iter().any(|d| d.is_error())) * 2;
    };
    let Some(rule) = rules.iter().find(|r| &r.id == want) else {
        print_diagnostics(&map, &diags, color);
        print_diagnostics(&map, &[unknown_rule(want, &rules)], color);
        return 2;
    };
    let _ = std::io::stdout()
        .lock()
        .write_all(crate::diag::clean_lines(&crate::report::explain(rule, &map)).as_bytes());
    0
}

/// `verify rules`: every rule loaded, with its id, severity, category, title and where it
/// comes from, and the standard pack's version.
pub(super) fn run_rules(args: &RulesArgs, set: &RuleSet, color: bool) -> i32 {
    let mut map = SourceMap::default();
    let (rules, diags) = set.load_selected(&mut map);
    print_diagnostics(&map, &diags, color);
    let text = if args.json {
        crate::report::rules_json(&rules, &map, set.pack)
    } else {
        crate::report::rules_table(&rules, &map, set.pack)
    };
    let _ = std::io::stdout()
        .lock()
        .write_all(crate::diag::clean_lines(&text).as_bytes());
    i32::from(diags.iter().any(|d| d.is_error())) * 2
}

/// Applies the fixes the parser offers (a missing `:` after a label), again until none is
/// left (at most a few rounds): the text, and each fix applied as (line, column, title) in
/// the text as it was before that round.
fn apply_fixes(
    mut text: String,
    id: crate::diag::FileId,
    opts: crate::syntax::ParseOptions,
) -> (String, Vec<(usize, usize, String)>) {
    let mut done = Vec::new();
    for _ in 0..4 {
        let (_, diags) = crate::syntax::parse_with(&text, id, opts);
        let mut fixes: Vec<crate::diag::Fix> = diags
            .into_iter()
            .flat_map(|d| d.fixes)
            .filter(|f| f.kind == crate::diag::FixKind::Safe)
            .collect();
        if fixes.is_empty() {
            break;
        }
        fixes.sort_by_key(|f| std::cmp::Reverse(f.span.start));
        let before = crate::diag::SourceFile::new("", text.clone());
        let mut floor = usize::MAX;
        let mut round = Vec::new();
        for f in fixes {
            let r = f.span.range();
            // Fixes that overlap a later one wait for the next round.
            if r.end > floor || r.end > text.len() || !text.is_char_boundary(r.start) {
                continue;
            }
            let (line, col) = before.line_col(r.start);
            text.replace_range(r.clone(), &f.replacement);
            floor = r.start;
            round.push((line, col, f.title));
        }
        round.reverse();
        done.extend(round);
    }
    (text, done)
}

pub(super) fn run_fmt(args: &FmtArgs, opts: crate::syntax::ParseOptions, color: bool) -> i32 {
    let (files, mut diags) = load::find_files(&args.paths);
    let (map, d) = load::read_sources(&files);
    diags.extend(d);
    // With `--fix`, each file is parsed and formatted as if its quotes were straight; it
    // changes when the result differs from what is on disk.
    let originals: Vec<String> = map.files.iter().map(|f| f.text.to_string()).collect();
    // What on disk looks like, for errors in files a fix could not make whole.
    let on_disk: crate::diag::SourceMap = if args.fix {
        let mut m = crate::diag::SourceMap::default();
        for f in &map.files {
            m.add(crate::diag::SourceFile::new(
                f.path.clone(),
                f.text.to_string(),
            ));
        }
        m
    } else {
        crate::diag::SourceMap::default()
    };
    // The fixes applied to each file, listed only for files written.
    let mut applied: Vec<Vec<String>> = vec![Vec::new(); map.files.len()];
    let map = if args.fix {
        let mut fixed = crate::diag::SourceMap::default();
        for (id, f) in map.files.into_iter().enumerate() {
            // Typographic quotes first, everywhere they open a name or a text.
            let (text, opened) = crate::syntax::format::straight_quotes_at(&f.text);
            let quoted: Vec<(usize, usize, String)> = opened
                .into_iter()
                .map(|at| {
                    let (line, col) = f.line_col(at);
                    (line, col, "straight quotes".to_owned())
                })
                .collect();
            let (text, done) = apply_fixes(text.into_owned(), id, opts);
            for (line, col, title) in quoted.into_iter().chain(done) {
                applied[id].push(format!(
                    "{} {}:{line}:{col}: {title}",
                    if args.check { "would fix" } else { "fixed" },
                    shown(&f.path)
                ));
            }
            fixed.add(crate::diag::SourceFile::new(f.path, text));
        }
        fixed
    } else {
        map
    };
    let mut disk_diags = Vec::new();
    let mut changed = Vec::new();
    let mut unchanged = 0;
    let mut write_errors = Vec::new();
    let mut broken_files = 0;
    for (id, f) in map.files.iter().enumerate() {
        let (doc, d) = crate::syntax::parse_with(&f.text, id, opts);
        let broken = d.iter().any(Diagnostic::is_error)
            || diags.iter().any(|x| x.file == Some(id) && x.is_error());
        if broken && args.fix {
            // Left as it is on disk: its errors as they are there.
            let (_, d) = crate::syntax::parse_with(&originals[id], id, opts);
            disk_diags.extend(d);
            broken_files += 1;
            continue;
        }
        diags.extend(d);
        if broken {
            broken_files += 1;
            continue;
        }
        let formatted = crate::syntax::format(&doc);
        if formatted == originals[id] {
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
    load::sort_diagnostics(&on_disk, &mut disk_diags);
    print_diagnostics(&on_disk, &disk_diags, color);
    diags.extend(disk_diags);
    let (errors, _) = count(&diags);
    let mut out = std::io::stdout().lock();
    for (id, list) in applied.iter().enumerate() {
        if !changed.contains(&map.files[id].path) {
            continue;
        }
        for a in list {
            let _ = writeln!(out, "{}", crate::diag::clean(a));
        }
    }
    for p in &changed {
        let _ = writeln!(
            out,
            "{} {}",
            if args.check {
                "would reformat"
            } else {
                "reformatted"
            },
            shown(p)
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

/// `verify export`: the claims read, parsed and resolved as a check does, then written as
/// tables. Problems with the claims are reported (exit 2) and the export still written.
pub(super) fn run_export(args: &ExportArgs, color: bool) -> i32 {
    use crate::export::TableFormat;
    let format = match args.format.as_deref() {
        Some("csv") => TableFormat::Csv,
        Some(_) => TableFormat::Parquet,
        None => TableFormat::DEFAULT,
    };
    if !format.available() {
        let d = Diagnostic::global("export", crate::export::NO_PARQUET);
        print_diagnostics(&SourceMap::default(), std::slice::from_ref(&d), color);
        return 2;
    }
    let mut map = SourceMap::default();
    let cfg = match super::settings::config_or_exit(&mut map, color) {
        Ok(cfg) => cfg,
        Err(code) => return code,
    };
    let paths = if !args.paths.is_empty() {
        args.paths.clone()
    } else {
        cfg.as_ref()
            .and_then(|c| c.paths.clone())
            .unwrap_or_else(|| vec![std::path::PathBuf::from("claims")])
    };
    let parse = crate::syntax::ParseOptions {
        date_order: cfg.as_ref().map(|c| c.date_order).unwrap_or_default(),
    };
    let claims = crate::pipeline::Claims::Paths {
        paths: &paths,
        follow_links: args.follow_links,
    };
    let loaded = crate::pipeline::load_corpus_with(claims, map, parse, &crate::pipeline::Quiet);
    print_diagnostics(&loaded.sources, &loaded.diagnostics, color);
    let input_errors = loaded.diagnostics.iter().any(Diagnostic::is_error);
    if loaded.files == 0 {
        // A mistyped path must not replace an earlier export with an empty one.
        let d = Diagnostic::global(
            "export",
            format!(
                "nothing exported to `{}`: no claims file was read",
                shown(&args.to)
            ),
        );
        print_diagnostics(&loaded.sources, std::slice::from_ref(&d), color);
        return 2;
    }
    match crate::export::write(&loaded.corpus, &loaded.sources, &args.to, format) {
        Ok(w) => {
            if !args.quiet {
                let rows = |t: &str| w.tables.iter().find(|(n, _)| n == t).map_or(0, |x| x.1);
                eprintln!(
                    "exported {}, {}, {} and {} ({} {} tables, schema version {}) to {}",
                    plural(rows("claims"), "claim", "claims"),
                    plural(rows("entities"), "entity", "entities"),
                    plural(rows("outlets"), "outlet", "outlets"),
                    plural(rows("reports"), "report", "reports"),
                    w.tables.len(),
                    format.extension(),
                    crate::export::SCHEMA_VERSION,
                    shown(&args.to)
                );
            }
            if input_errors {
                2
            } else {
                0
            }
        }
        Err(refused) => {
            let d = match refused {
                crate::export::Refused::NotAnExport(dir) => Diagnostic::global(
                    "export",
                    format!(
                        "not exporting into `{}`: it holds files and no earlier export (no schema.json)",
                        shown(&dir)
                    ),
                )
                .with_help("name an empty or new directory with `--to DIR`"),
                crate::export::Refused::Io(path, e) => Diagnostic::global(
                    "export",
                    format!("cannot write `{}`: {}", shown(&path), load::io_reason(&e)),
                ),
            };
            print_diagnostics(&loaded.sources, std::slice::from_ref(&d), color);
            2
        }
    }
}

/// `verify sql`: the selected rules (with verify.toml's parameters) compiled to SQL on
/// standard output; those that cannot be are listed there and on standard error.
pub(super) fn run_sql(args: &SqlArgs, set: &RuleSet, color: bool) -> i32 {
    let mut map = SourceMap::default();
    let cfg = match super::settings::config_or_exit(&mut map, color) {
        Ok(cfg) => cfg,
        Err(code) => return code,
    };
    let (mut rules, mut diags) = set.load_selected(&mut map);
    if let Some(cfg) = &cfg {
        diags.extend(crate::config::apply_params(cfg, &mut rules));
    }
    print_diagnostics(&map, &diags, color);
    let dialect =
        crate::sql::Dialect::from_name(&args.dialect).unwrap_or(crate::sql::Dialect::DuckDb);
    let compiled = crate::sql::compile_pack(&rules, dialect);
    for c in &compiled {
        if let Err(why) = &c.query {
            eprintln!(
                "not compiled: {}: {}",
                crate::diag::clean(&c.rule),
                crate::diag::clean(why)
            );
        }
    }
    let text = crate::sql::render(&compiled, dialect);
    let mut out = std::io::stdout().lock();
    if let Err(e) = out
        .write_all(crate::diag::clean_lines(&text).as_bytes())
        .and_then(|()| out.flush())
    {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("error: cannot write the output: {}", load::io_reason(&e));
            return 2;
        }
    }
    i32::from(diags.iter().any(|d| d.is_error())) * 2
}
