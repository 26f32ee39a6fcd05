//! Rendering findings for people and machines. Emitters see only findings, the corpus
//! (for names) and the sources (for snippets); they never decide anything.

pub mod human;

use std::fmt::Write as _;

use crate::diag::SourceMap;
use crate::rules::{Rule, Shape};

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
