//! `verify [PATHS]`: settings → pipeline → emitter → exit code.

use std::io::{IsTerminal as _, Write as _};

use super::settings::Settings;
use super::watch::Watch;
use super::{plural, print_diagnostics, shown};
use crate::diag::{Diagnostic, SourceMap};
use crate::report::Format;
use crate::{load, pipeline};

pub(super) fn run_check(s: &Settings, map: SourceMap) -> i32 {
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
    let outcome = pipeline::check(inputs, &watch);
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
