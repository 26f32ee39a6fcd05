//! `verify [PATHS]`: settings → pipeline → emitter → exit code.

use std::io::{IsTerminal as _, Write as _};

use super::settings::Settings;
use super::watch::Watch;
use super::{plural, print_diagnostics, shown};
use crate::diag::{Diagnostic, SourceMap};
use crate::report::Format;
use crate::{load, pipeline};

/// What becomes of a run's memory when it is done.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Done {
    /// The process exits next: the corpus, its findings and its texts (millions of
    /// allocations at a million claims) are left to the operating system, which takes the
    /// whole address space back at once, instead of being freed one by one.
    Exit,
    /// Another run follows (`--watch`): everything is freed.
    Free,
}

pub(super) fn run_check(s: &Settings, map: SourceMap, done: Done) -> i32 {
    let watch = Watch::new(s.quiet, s.timings);
    let inputs = pipeline::Inputs {
        parse: crate::syntax::ParseOptions {
            date_order: s.config.as_ref().map(|c| c.date_order).unwrap_or_default(),
        },
        claims: pipeline::Claims::Paths {
            paths: &s.paths,
            follow_links: s.follow_links,
        },
        rules: pipeline::Rules::Load(s.rules.clone()),
        config: s.config.as_ref(),
        baseline: s.baseline.as_deref(),
        sources: map,
    };
    let mut outcome = pipeline::check(inputs, &watch);
    let map = &outcome.sources;
    let diagnostics = &outcome.diagnostics;
    let findings = &outcome.findings;
    let mut timings = watch.into_timings();
    print_diagnostics(map, diagnostics, s.color && std::io::stderr().is_terminal());
    let mut input_errors = diagnostics.iter().any(Diagnostic::is_error);
    if let (Some(path), true) = (&s.write_baseline, input_errors) {
        // Claims left out by an error would drop their findings from the baseline.
        let d = Diagnostic::global(
            "baseline",
            format!(
                "baseline not written to `{}`: the input has errors, so some findings are missing",
                path.display()
            ),
        )
        .with_help("fix the errors above, then write the baseline again");
        print_diagnostics(map, std::slice::from_ref(&d), s.color);
    } else if let Some(path) = &s.write_baseline {
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
                shown(path)
            );
        }
    }
    // Terminal formats keep paths as typed; the others name them from the project.
    let terminal = matches!(s.format, Format::Human | Format::Concise);
    if !terminal {
        rebase(&mut outcome.sources, &s.path_base);
    }
    let full = outcome.run(s.fail_on, s.color, s.width);
    let failing = (0..findings.len()).any(|i| full.counts(i));
    // What is shown: at or above --min-level, and with -q not what the baseline knows.
    let keep: Vec<usize> = (0..findings.len())
        .filter(|&i| s.min_level.is_none_or(|l| findings[i].level <= l))
        // A baseline being written knows every finding.
        .filter(|&i| !(s.quiet && (outcome.known[i] || s.write_baseline.is_some())))
        .collect();
    // With --show-suppressed, the silenced findings too (in the same order as the others).
    let extra: Vec<&crate::engine::Finding> = if s.show_suppressed {
        outcome
            .suppressed
            .iter()
            .filter(|f| s.min_level.is_none_or(|l| f.level <= l))
            .collect()
    } else {
        Vec::new()
    };
    let (shown_findings, shown_known): (Vec<_>, Vec<bool>) =
        if keep.len() < findings.len() || !extra.is_empty() {
            let mut both: Vec<(crate::engine::Finding, bool)> = keep
                .iter()
                .map(|&i| (findings[i].clone(), outcome.known[i]))
                .chain(extra.iter().map(|f| ((*f).clone(), false)))
                .collect();
            both.sort_by(|a, b| crate::engine::finding_order(&outcome.corpus, &a.0, &b.0));
            both.into_iter().unzip()
        } else {
            (Vec::new(), Vec::new())
        };
    let mut run = full;
    if keep.len() < findings.len() || !extra.is_empty() {
        run.findings = &shown_findings;
        run.known = &shown_known;
    }
    if !terminal {
        run.base = Some(&s.path_base);
    }
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    let written = if s.quiet && s.format == Format::Concise {
        let text = s.format.emitter().emit(&run);
        // Keep the findings, drop the summary line.
        let body = text.trim_end_matches('\n');
        let cut = body.rfind('\n').map_or(0, |n| n + 1);
        out.write_all(&text.as_bytes()[..cut])
    } else if s.quiet && s.format == Format::Human {
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
    if done == Done::Exit {
        std::mem::forget(outcome);
    }
    if input_errors {
        2
    } else if failing && s.write_baseline.is_none() {
        1
    } else {
        0
    }
}

/// Shows every file on disk below `base` relative to it, with `/` separators (what code
/// scanning and workflow annotations attach to, from whatever folder `verify` ran in);
/// files elsewhere by their absolute path; standard input and the built-in rules keep
/// their names.
fn rebase(sources: &mut SourceMap, base: &std::path::Path) {
    for f in &mut sources.files {
        let Ok(full) = std::fs::canonicalize(&f.path) else {
            continue;
        };
        let parts = |p: &std::path::Path| -> String {
            p.components()
                .filter(|c| !matches!(c, std::path::Component::RootDir))
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/")
        };
        match full.strip_prefix(base) {
            Ok(rel) => f.show_as(parts(rel)),
            Err(_) => f.show_as(format!("/{}", parts(&full))),
        }
    }
}
