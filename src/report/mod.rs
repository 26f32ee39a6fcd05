//! Rendering a run for people and machines: one [`Emitter`] per output format, all behind
//! one trait. Emitters see only the [`Run`] (findings, diagnostics, the corpus for names and
//! the sources for snippets); they decide nothing and never read files.

pub mod catalog;
pub mod concise;
pub mod github;
pub mod html;
pub mod human;
pub mod json;
pub mod junit;
pub mod markdown;
pub mod sarif;

use std::fmt::Write as _;

use crate::diag::{Diagnostic, SourceMap};
use crate::engine::{Finding, Involved};
use crate::model::{Corpus, Summary};
use crate::rules::{Rule, Shape};

/// The output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Human,
    Concise,
    Json,
    Sarif,
    Junit,
    Github,
    Markdown,
    Html,
}

impl Format {
    pub const ALL: [(Format, &'static str); 8] = [
        (Format::Human, "human"),
        (Format::Concise, "concise"),
        (Format::Json, "json"),
        (Format::Sarif, "sarif"),
        (Format::Junit, "junit"),
        (Format::Github, "github"),
        (Format::Markdown, "markdown"),
        (Format::Html, "html"),
    ];
    pub fn from_name(s: &str) -> Option<Format> {
        Self::ALL.iter().find(|(_, n)| *n == s).map(|(f, _)| *f)
    }
    pub fn names() -> Vec<&'static str> {
        Self::ALL.iter().map(|(_, n)| *n).collect()
    }
    pub fn emitter(self) -> Box<dyn Emitter> {
        match self {
            Format::Human => Box::new(human::Human),
            Format::Concise => Box::new(concise::Concise),
            Format::Json => Box::new(json::Json),
            Format::Sarif => Box::new(sarif::Sarif),
            Format::Junit => Box::new(junit::Junit),
            Format::Github => Box::new(github::Github),
            Format::Markdown => Box::new(markdown::Markdown),
            Format::Html => Box::new(html::Html),
        }
    }
}

/// Everything an emitter may show.
pub struct Run<'a> {
    pub sources: &'a SourceMap,
    pub corpus: &'a Corpus,
    pub rules: &'a [Rule],
    pub findings: &'a [Finding],
    /// Parallel to `findings`: whether the finding is in the baseline (known).
    pub known: &'a [bool],
    /// Problems with the input (claims, rules, configuration).
    pub diagnostics: &'a [Diagnostic],
    pub summary: Summary,
    /// Findings at or above this level that are not known fail the run (`None`: never).
    pub fail_on: Option<crate::rules::Level>,
    pub color: bool,
    /// Terminal width for human output.
    pub width: usize,
    /// The absolute folder paths are shown relative to (SARIF names it as `%SRCROOT%`);
    /// `None` when paths are as given.
    pub base: Option<&'a std::path::Path>,
    /// Findings silenced by suppression comments (not in `findings`).
    pub suppressed: usize,
}

impl Run<'_> {
    /// The version of the standard pack when its rules ran (`None` without it).
    pub fn pack(&self) -> Option<&'static str> {
        self.rules
            .iter()
            .any(|r| {
                self.sources
                    .get(r.loc.file)
                    .path
                    .starts_with(crate::rules::pack::DIR)
            })
            .then_some(crate::rules::pack::VERSION)
    }

    /// Whether a finding counts toward the exit status.
    pub fn counts(&self, i: usize) -> bool {
        !self.known[i] && self.fail_on.is_some_and(|l| self.findings[i].level <= l)
    }
}

/// An output format.
pub trait Emitter {
    /// Renders the whole run as one document.
    fn emit(&self, run: &Run) -> String;

    /// Writes the document to `out`; formats that can stream override this so that large
    /// runs are never held in memory as one string.
    fn write_to(&self, run: &Run, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        out.write_all(self.emit(run).as_bytes())
    }
}

/// A location as the machine formats report it: 1-based line and column (in characters),
/// and the end of the span.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Place<'a> {
    pub file: &'a str,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
}

/// Where an involved claim or entity is.
pub fn place<'a>(sources: &'a SourceMap, corpus: &Corpus, inv: &Involved) -> Place<'a> {
    let loc = inv.loc(corpus);
    let f = sources.get(loc.file);
    let (line, column) = f.line_col(loc.span.start as usize);
    let (end_line, end_column) = f.line_col(loc.span.end as usize);
    Place {
        file: f.shown_path(),
        line,
        column,
        end_line,
        end_column,
    }
}

/// Writes part of a JSON string with the characters serde_json leaves raw but a terminal
/// would act on (DEL, C1 controls, bidi controls: [`crate::diag::unsafe_char`]) as `\uXXXX`
/// escapes: the same string to a JSON reader, inert when the document is printed.
pub(crate) fn write_json_fragment<W: ?Sized + std::io::Write>(
    w: &mut W,
    fragment: &str,
) -> std::io::Result<()> {
    // Every character to escape is DEL or beyond ASCII: most texts are written at once
    // (both tests are word-at-a-time in the standard library, not a loop over bytes).
    if fragment.is_ascii() && !fragment.as_bytes().contains(&0x7f) {
        return w.write_all(fragment.as_bytes());
    }
    let mut start = 0;
    for (i, c) in fragment.char_indices() {
        // C0 controls never reach here from serde_json: it escapes them itself.
        if crate::diag::unsafe_char(c) && c as u32 >= 0x20 {
            w.write_all(&fragment.as_bytes()[start..i])?;
            write!(w, "\\u{:04x}", c as u32)?;
            start = i + c.len_utf8();
        }
    }
    w.write_all(&fragment.as_bytes()[start..])
}

/// Where a diagnostic is, if it has a file.
pub fn diagnostic_place<'a>(sources: &'a SourceMap, d: &Diagnostic) -> Option<Place<'a>> {
    let f = sources.get(d.file?);
    let (line, column) = f.line_col(d.span.start as usize);
    let (end_line, end_column) = f.line_col(d.span.end as usize);
    Some(Place {
        file: f.shown_path(),
        line,
        column,
        end_line,
        end_column,
    })
}

/// One line describing who said it: `La Libre Belgique (relayed by Al Fajr Al Jadid)`.
pub fn attribution(corpus: &Corpus, inv: &Involved) -> String {
    inv.claim()
        .map(|c| corpus.attribution(&corpus.claims[c]))
        .unwrap_or_default()
}

/// Who said it and when, as every format shows an involved claim: `Jeune Afrique (relayed
/// by Nador24), 26–28 June, year unknown`; each date says whose it rests on when it is not
/// the origin's.
pub fn described(corpus: &Corpus, inv: &Involved) -> String {
    let mut s = attribution(corpus, inv);
    if let Some(d) = inv.dates(corpus) {
        let _ = write!(s, ", {d}");
    }
    s
}

pub use catalog::{rules_json, rules_table};

/// The documentation of a rule, as `verify explain` prints it.
pub fn explain(rule: &Rule, map: &SourceMap) -> String {
    let mut out = String::new();
    let shape = match &rule.shape {
        Shape::Each => "each",
        Shape::Pair { .. } => "pair",
        Shape::Sequence { .. } => "sequence",
        Shape::Count { .. } => "count",
    };
    let file = map.get(rule.loc.file);
    let _ = writeln!(out, "{}: {}", rule.id, rule.title);
    let _ = writeln!(
        out,
        "severity {}, category {}, shape {shape} ({})",
        rule.level.as_str(),
        rule.category.as_str(),
        file.path.display()
    );
    for (heading, text) in [
        ("What it checks", &rule.explain.checks),
        ("Why it matters", &rule.explain.why),
        ("Example", &rule.explain.example),
    ] {
        let _ = writeln!(out, "\n{heading}");
        for line in text.trim_end().lines() {
            if line.is_empty() {
                out.push('\n');
            } else {
                let _ = writeln!(out, "  {line}");
            }
        }
    }
    if !rule.params.is_empty() {
        let _ = writeln!(out, "\nParameters");
        for (name, v) in &rule.params {
            let v = match v {
                crate::rules::ParamValue::Int(i) => i.to_string(),
                crate::rules::ParamValue::Str(s) => format!("{s:?}"),
            };
            let _ = writeln!(out, "  {name} = {v}");
        }
    }
    let _ = writeln!(
        out,
        "\nTest cases: {}",
        rule.tests
            .iter()
            .map(|t| t.name.as_str())
            .collect::<Vec<_>>()
            .join("; ")
    );
    out
}

#[cfg(test)]
mod tests {
    use super::write_json_fragment;

    fn written(s: &str) -> String {
        let mut out = Vec::new();
        write_json_fragment(&mut out, s).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn json_fragments_escape_what_a_terminal_acts_on_and_only_that() {
        // Plain ASCII (the fast path) is written as it is.
        assert_eq!(
            written("Hammouchi met Snoeck {x} ~"),
            "Hammouchi met Snoeck {x} ~"
        );
        // DEL is ASCII but escaped; so are C1 controls and bidi overrides beyond ASCII.
        assert_eq!(written("a\u{7f}b"), "a\\u007fb");
        assert_eq!(written("\u{9b}2K"), "\\u009b2K");
        assert_eq!(written("x\u{202e}y\u{2066}"), "x\\u202ey\\u2066");
        // Other text beyond ASCII is kept.
        assert_eq!(written("Médiapart الناظور"), "Médiapart الناظور");
    }
}
