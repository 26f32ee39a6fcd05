//! The `markdown` format: a review document for an editor, findings grouped by event (the
//! label of the claims involved), outlets named, text from articles escaped so that a name
//! such as `](javascript:…)` or `<script>` stays text.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::{attribution, place, Emitter, Run};

pub struct Markdown;

/// Escapes text so Markdown renders it literally inside a line: emphasis, code, links and
/// tables cannot start, and HTML stays text.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\n' | '\r' => out.push(' '),
            // Shown as their escape, written so Markdown keeps the backslash.
            c if crate::diag::unsafe_char(c) => {
                let _ = write!(out, "\\\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}

/// Text for a code span: control characters (a line feed would end the span) shown as their
/// escapes, and backticks (which would close it) as `'`.
fn code(s: &str) -> String {
    crate::diag::clean(s).replace('`', "'")
}

impl Emitter for Markdown {
    fn emit(&self, run: &Run) -> String {
        let mut out = String::new();
        let s = &run.summary;
        let _ = writeln!(out, "# Claims review\n");
        let count = |l: crate::rules::Level| run.findings.iter().filter(|f| f.level == l).count();
        let _ = writeln!(
            out,
            "{} findings in {} claims from {} reports ({} files): {} errors, {} warnings, {} info.\n",
            run.findings.len(),
            s.claims,
            s.reports,
            s.files,
            count(crate::rules::Level::Error),
            count(crate::rules::Level::Warning),
            count(crate::rules::Level::Info)
        );
        // Group by event label; findings about entities or unlabelled claims go last.
        let mut groups: BTreeMap<(u8, String), Vec<usize>> = BTreeMap::new();
        for (i, f) in run.findings.iter().enumerate() {
            let label = f.involved.iter().find_map(|inv| {
                inv.claim()
                    .and_then(|c| run.corpus.claims[c].label.as_deref().map(str::to_owned))
            });
            let key = match (label, f.involved.iter().any(|inv| inv.entity().is_some())) {
                (Some(l), _) => (0, l),
                (None, true) => (2, "Entities".to_owned()),
                (None, false) => (1, "Other claims".to_owned()),
            };
            groups.entry(key).or_default().push(i);
        }
        for ((kind, name), members) in &groups {
            let outlets: std::collections::BTreeSet<String> = members
                .iter()
                .flat_map(|&i| {
                    run.findings[i]
                        .involved
                        .iter()
                        .filter_map(|inv| inv.origin(run.corpus).map(str::to_owned))
                })
                .collect();
            if *kind == 0 {
                let _ = writeln!(out, "## Event `{}`\n", code(name));
            } else {
                let _ = writeln!(out, "## {name}\n");
            }
            if !outlets.is_empty() {
                let _ = writeln!(
                    out,
                    "Origins: {}\n",
                    outlets
                        .iter()
                        .map(|o| escape(o))
                        .collect::<Vec<_>>()
                        .join(", ")
                );
            }
            for &i in members {
                let f = &run.findings[i];
                let known = if run.known[i] { " (known)" } else { "" };
                let _ = writeln!(
                    out,
                    "- **{}** ({} {}){known} — {}  ",
                    f.level.as_str(),
                    f.certainty.as_str(),
                    f.category.as_str(),
                    escape(&f.message)
                );
                let _ = writeln!(out, "  rule `{}`: {}", code(&f.rule), escape(&f.title));
                for inv in &f.involved {
                    let p = place(run.sources, run.corpus, inv);
                    let who = attribution(run.corpus, inv);
                    let what = match (inv.claim(), inv.entity()) {
                        (Some(c), _) => escape(run.corpus.claim_text(&run.corpus.claims[c])),
                        (_, Some(e)) => escape(&run.corpus.entities[e].name),
                        _ => String::new(),
                    };
                    let mut line = format!("  - `{}:{}` {what}", code(p.file), p.line);
                    if !who.is_empty() {
                        let _ = write!(line, " — {}", escape(&who));
                    }
                    if let Some(d) = inv.dates(run.corpus) {
                        let _ = write!(line, " — {}", escape(&d));
                    }
                    let _ = writeln!(out, "{line}");
                }
            }
            out.push('\n');
        }
        let errors: Vec<_> = run.diagnostics.iter().filter(|d| d.is_error()).collect();
        if !errors.is_empty() {
            let _ = writeln!(out, "## Input problems\n");
            for d in errors {
                let at = super::diagnostic_place(run.sources, d)
                    .map(|p| format!("`{}:{}:{}` ", code(p.file), p.line, p.column))
                    .unwrap_or_default();
                let _ = writeln!(out, "- {at}{}", escape(&d.message));
            }
        }
        out
    }
}
