//! The human-readable report: rustc-style, a source snippet for every claim involved with
//! a label naming its origin, the outlet that carried it and its resolved dates, then a
//! note on certainty and a pointer to `verify explain`; then a summary of the corpus and the
//! findings. Input diagnostics are printed separately, to standard error, by the CLI.

use std::fmt::Write as _;

use annotate_snippets::{Level as ALevel, Renderer, Snippet};

use crate::diag::{clean, SourceMap};
use crate::engine::{Finding, Involved};
use crate::model::Corpus;
use crate::rules::{Level, Sureness};

/// Lines longer than this are not quoted.
const MAX_LINE: usize = 400;

/// The label under a quoted claim, names shown escaped ([`clean`]).
fn label(corpus: &Corpus, i: &Involved) -> String {
    let text = match i.entity() {
        Some(e) => {
            let e = &corpus.entities[e];
            format!(
                "{}: {} `{}` \"{}\"",
                i.role.as_str(),
                e.kind.as_str(),
                e.id,
                e.name
            )
        }
        None => format!("{}: {}", i.role.as_str(), super::described(corpus, i)),
    };
    clean(&text).into_owned()
}

/// Renders one finding; `known` when the baseline already has it.
pub fn finding(
    map: &SourceMap,
    corpus: &Corpus,
    f: &Finding,
    known: bool,
    color: bool,
    width: usize,
) -> String {
    finding_with_help(map, corpus, f, known, color, width, true)
}

/// [`finding`], with the pointer to `verify explain` only when `help` (the report gives it
/// once per rule, not on every block).
fn finding_with_help(
    map: &SourceMap,
    corpus: &Corpus,
    f: &Finding,
    known: bool,
    color: bool,
    width: usize,
    help: bool,
) -> String {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    }
    .term_width(width);
    let level = match f.level {
        Level::Error => ALevel::Error,
        Level::Warning => ALevel::Warning,
        Level::Info => ALevel::Info,
    };
    let labels: Vec<String> = f.involved.iter().map(|i| label(corpus, i)).collect();
    // (origin, line text, line number, span in line, label index)
    let mut quoted: Vec<(String, String, usize, std::ops::Range<usize>, usize)> = Vec::new();
    let mut notes = Vec::new();
    for (i, inv) in f.involved.iter().enumerate() {
        let loc = inv.loc(corpus);
        let file = map.get(loc.file);
        let (line, col) = file.line_col(loc.span.start as usize);
        let range = file.line_range(line);
        if range.len() > MAX_LINE {
            notes.push(format!(
                "{} at {}:{line}:{col}",
                labels[i],
                clean(&file.path.display().to_string())
            ));
            continue;
        }
        let text = crate::diag::printable(&file.text[range.clone()]);
        let a = (loc.span.start as usize)
            .saturating_sub(range.start)
            .min(text.len());
        let b = (loc.span.end as usize)
            .saturating_sub(range.start)
            .clamp(a, text.len());
        // Underline the claim's kind and label (`visit hammouchi-to-fr:`), not the whole line.
        let b = match inv.claim().map(|c| corpus.claims[c].label.is_some()) {
            Some(true) => text[a..b].find(':').map(|n| a + n + 1).unwrap_or(b),
            Some(false) => text[a..b].find(' ').map(|n| a + n).unwrap_or(b),
            None => b,
        };
        quoted.push((
            clean(&file.path.display().to_string()).into_owned(),
            text,
            line,
            a..b,
            i,
        ));
    }
    let title = if known {
        format!("{} (known)", clean(&f.message))
    } else {
        clean(&f.message).into_owned()
    };
    let rule = clean(&f.rule);
    let mut msg = level.title(&title).id(&rule);
    // Info-level annotations would be prefixed with `info:`; underline them like warnings.
    let ann_level = if f.level == Level::Info {
        ALevel::Warning
    } else {
        level
    };
    for (origin, text, line, span, li) in &quoted {
        let ann = ann_level.span(span.clone());
        msg = msg.snippet(
            Snippet::source(text)
                .line_start(*line)
                .origin(origin)
                .annotation(ann.label(&labels[*li])),
        );
    }
    let certainty = match f.certainty {
        Sureness::Definite => format!("definite {}", f.category.as_str()),
        Sureness::Possible if f.level != f.rule_level => format!(
            "possible {} (it holds for some readings of the dates, or rests on a borrowed publication date, an inferred year or a year read near 31 December), so reported as {} rather than {}",
            f.category.as_str(),
            f.level.as_str(),
            f.rule_level.as_str()
        ),
        Sureness::Possible => format!("possible {} (it holds for some readings of the dates, or rests on a borrowed publication date, an inferred year or a year read near 31 December)", f.category.as_str()),
    };
    let note = format!("{certainty}: {}", clean(&f.title));
    msg = msg.footer(ALevel::Note.title(&note));
    for n in &notes {
        msg = msg.footer(ALevel::Note.title(n));
    }
    let help_text = format!("`verify explain {rule}` says what this rule checks and why");
    if help {
        msg = msg.footer(ALevel::Help.title(&help_text));
    }
    let out = renderer.render(msg).to_string();
    out
}

/// Counts by level, as `3 findings: 1 error, 2 warnings, 0 info`.
pub fn summary(findings: &[Finding]) -> String {
    let count = |l: Level| findings.iter().filter(|f| f.level == l).count();
    let n = findings.len();
    format!(
        "{n} finding{}: {} error{}, {} warning{}, {} info",
        if n == 1 { "" } else { "s" },
        count(Level::Error),
        if count(Level::Error) == 1 { "" } else { "s" },
        count(Level::Warning),
        if count(Level::Warning) == 1 { "" } else { "s" },
        count(Level::Info)
    )
}

/// The human format: every finding, then the summary.
pub struct Human;

impl super::Emitter for Human {
    fn emit(&self, run: &super::Run) -> String {
        let mut out = String::new();
        let mut explained = std::collections::BTreeSet::new();
        for (i, f) in run.findings.iter().enumerate() {
            out.push_str(&finding_with_help(
                run.sources,
                run.corpus,
                f,
                run.known[i],
                run.color,
                run.width,
                explained.insert(&*f.rule),
            ));
            out.push_str("\n\n");
        }
        let s = &run.summary;
        let plural =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
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
            "time expressions: {} ({} absolute, {} anchored on their origin, {} borrowed, {} with an inferred year, {} unresolved)",
            s.times,
            s.times - s.anchored - s.borrowed - s.inferred - s.unresolved,
            s.anchored,
            s.borrowed,
            s.inferred,
            s.unresolved
        );
        let known = run.known.iter().filter(|k| **k).count();
        let _ = write!(
            out,
            "{} checked with {}: {}",
            plural(s.claims, "claim", "claims"),
            plural(run.rules.len(), "rule", "rules"),
            summary(run.findings)
        );
        if known > 0 {
            let _ = write!(out, " ({known} known from the baseline)");
        }
        if run.suppressed > 0 {
            let _ = write!(
                out,
                " ({} suppressed by comments; --show-suppressed shows them)",
                run.suppressed
            );
        }
        out.push('\n');
        let errors = run.diagnostics.iter().filter(|d| d.is_error()).count();
        let warnings = run.diagnostics.len() - errors;
        let _ = writeln!(
            out,
            "input: {}, {}",
            plural(errors, "error", "errors"),
            plural(warnings, "warning", "warnings")
        );
        out
    }
}
