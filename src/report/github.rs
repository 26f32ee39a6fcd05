//! The `github` format: workflow commands that a GitHub Actions runner turns into
//! annotations on the changed files (`::error file=…,line=…,col=…,title=…::message`).

use std::fmt::Write as _;

use super::{described, diagnostic_place, place, Emitter, Run};
use crate::rules::Level;

pub struct Github;

/// Escapes a message (`%`, CR, LF).
fn data(s: &str) -> String {
    // Control characters are shown escaped first (a CI log reads ESC sequences); line feeds
    // stay, as the annotation's own line breaks.
    crate::diag::clean_lines(s)
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value (also `:` and `,`).
fn prop(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

impl Emitter for Github {
    fn emit(&self, run: &Run) -> String {
        let mut out = String::new();
        for d in run.diagnostics {
            let cmd = if d.is_error() { "error" } else { "warning" };
            match diagnostic_place(run.sources, d) {
                Some(p) => {
                    let _ = writeln!(
                        out,
                        "::{cmd} file={},line={},col={},title={}::{}",
                        prop(p.file),
                        p.line,
                        p.column,
                        prop(&format!("verify: {}", d.code)),
                        data(&d.message)
                    );
                }
                None => {
                    let _ = writeln!(
                        out,
                        "::{cmd} title={}::{}",
                        prop(&format!("verify: {}", d.code)),
                        data(&d.message)
                    );
                }
            }
        }
        for (i, f) in run.findings.iter().enumerate() {
            let cmd = match f.level {
                Level::Error => "error",
                Level::Warning => "warning",
                Level::Info => "notice",
            };
            let Some(first) = f.involved.first() else {
                continue;
            };
            let p = place(run.sources, run.corpus, first);
            let mut msg = f.message.to_string();
            if f.involved.len() > 1 {
                for inv in &f.involved[1..] {
                    let q = place(run.sources, run.corpus, inv);
                    let _ = write!(
                        msg,
                        "\nsee also {}:{}:{} ({})",
                        q.file,
                        q.line,
                        q.column,
                        described(run.corpus, inv)
                    );
                }
            }
            let state = if run.known[i] { " (known)" } else { "" };
            let title = format!("{} ({}){state}", f.rule, f.certainty.as_str());
            let _ = writeln!(
                out,
                "::{cmd} file={},line={},col={},endLine={},endColumn={},title={}::{}",
                prop(p.file),
                p.line,
                p.column,
                p.end_line,
                p.end_column,
                prop(&title),
                data(&msg)
            );
        }
        out
    }
}
