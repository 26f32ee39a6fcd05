//! The `concise` format: one line per finding, `file:line:col: level[rule] message`, with
//! the certainty when it is only possible and `(known)` for a baseline's findings, then one
//! summary line. For a terminal or a log where the full blocks of `human` are too much.

use std::fmt::Write as _;

use super::{place, Emitter, Run};
use crate::rules::Sureness;

pub struct Concise;

impl Emitter for Concise {
    fn emit(&self, run: &Run) -> String {
        let mut out = String::new();
        for (i, f) in run.findings.iter().enumerate() {
            let at = f
                .involved
                .first()
                .map(|inv| {
                    let p = place(run.sources, run.corpus, inv);
                    format!("{}:{}:{}: ", p.file, p.line, p.column)
                })
                .unwrap_or_default();
            let possible = if f.certainty == Sureness::Possible {
                " (possible)"
            } else {
                ""
            };
            let known = if run.known[i] { " (known)" } else { "" };
            let _ = writeln!(
                out,
                "{at}{}[{}] {}{possible}{known}",
                f.level.as_str(),
                f.rule,
                f.message
            );
        }
        let count = |l: crate::rules::Level| run.findings.iter().filter(|f| f.level == l).count();
        let n =
            |k: usize, one: &str, many: &str| format!("{k} {}", if k == 1 { one } else { many });
        let _ = writeln!(
            out,
            "{}: {}, {}, {} info",
            n(run.findings.len(), "finding", "findings"),
            n(count(crate::rules::Level::Error), "error", "errors"),
            n(count(crate::rules::Level::Warning), "warning", "warnings"),
            count(crate::rules::Level::Info)
        );
        crate::diag::clean_lines(&out).into_owned()
    }
}
