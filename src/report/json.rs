//! The `json` format: a versioned document (schema in `docs/output.schema.json`, described
//! in `docs/output.md`). Fields are only ever added within a version. The document is built
//! from borrowing structs and streamed to the output: each finding's record is made just
//! before it is written, so memory does not grow with the number of findings.

use serde::Serialize;

use super::{attribution, diagnostic_place, place, Emitter, Run};
use crate::rules::Level;

/// The version of the JSON output; bumped on any incompatible change.
pub const VERSION: u32 = 1;

pub struct Json;

impl Emitter for Json {
    fn emit(&self, run: &Run) -> String {
        let mut out = Vec::new();
        // Writing to memory fails only if serialization does, which it cannot here.
        let _ = self.write_to(run, &mut out);
        String::from_utf8(out).unwrap_or_default()
    }

    fn write_to(&self, run: &Run, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        serde_json::to_writer_pretty(&mut *out, &document(run))?;
        out.write_all(b"\n")
    }
}

/// The findings of a run, serialized one at a time.
pub struct Findings<'a>(&'a Run<'a>);

impl Serialize for Findings<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let run = self.0;
        s.collect_seq(
            run.findings
                .iter()
                .enumerate()
                .map(|(i, f)| finding(run, i, f)),
        )
    }
}

#[derive(Serialize)]
pub struct Document<'a> {
    version: u32,
    tool: Tool,
    summary: Summary,
    findings: Findings<'a>,
    diagnostics: Vec<Diagnostic<'a>>,
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct Summary {
    files: usize,
    outlets: usize,
    reports: usize,
    entities: usize,
    claims: usize,
    rules: usize,
    findings: usize,
    errors: usize,
    warnings: usize,
    info: usize,
    new: usize,
    known: usize,
    failing: usize,
    time_expressions: Times,
}

#[derive(Serialize)]
struct Times {
    total: usize,
    anchored: usize,
    borrowed: usize,
    unresolved: usize,
}

#[derive(Serialize)]
struct Finding<'a> {
    rule: &'a str,
    title: &'a str,
    severity: &'static str,
    category: &'static str,
    certainty: &'static str,
    message: &'a str,
    fingerprint: &'a str,
    baseline: &'static str,
    counts: bool,
    claims: Vec<Location<'a>>,
}

#[derive(Serialize)]
struct Location<'a> {
    role: &'static str,
    kind: &'static str,
    file: String,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    text: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    origin: Option<Option<&'a str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    relays: Option<Vec<&'a str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    attribution: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    dates: Option<Option<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    entity: Option<&'a str>,
}

#[derive(Serialize)]
struct Diagnostic<'a> {
    severity: &'static str,
    code: &'static str,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    file: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    column: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<&'a str>,
}

/// The record of finding `i`.
fn finding<'a>(run: &'a Run, i: usize, f: &'a crate::engine::Finding) -> Finding<'a> {
    Finding {
        rule: &f.rule,
        title: &f.title,
        severity: f.level.as_str(),
        category: f.category.as_str(),
        certainty: f.certainty.as_str(),
        message: &f.message,
        fingerprint: &f.fingerprint,
        baseline: if run.known[i] { "known" } else { "new" },
        counts: run.counts(i),
        claims: f
            .involved
            .iter()
            .map(|inv| {
                let p = place(run.sources, inv);
                let claim = inv.claim.map(|c| &run.corpus.claims[c]);
                Location {
                    role: inv.role,
                    kind: if claim.is_some() { "claim" } else { "entity" },
                    file: p.file,
                    line: p.line,
                    column: p.column,
                    end_line: p.end_line,
                    end_column: p.end_column,
                    text: claim.map(|c| c.text.as_str()),
                    origin: claim.map(|_| inv.origin(run.corpus)),
                    relays: claim.map(|c| {
                        c.chain[..c.chain.len() - 1]
                            .iter()
                            .rev()
                            .map(|o| run.corpus.outlets[*o].name.as_str())
                            .collect()
                    }),
                    attribution: claim.map(|_| attribution(run.corpus, inv)),
                    dates: claim.map(|_| inv.dates(run.corpus)),
                    entity: inv.entity.map(|e| run.corpus.entities[e].id.as_str()),
                }
            })
            .collect(),
    }
}

/// The JSON document of a run.
pub fn document<'a>(run: &'a Run<'a>) -> Document<'a> {
    let diagnostics = run
        .diagnostics
        .iter()
        .map(|d| {
            let p = diagnostic_place(run.sources, d);
            Diagnostic {
                severity: d.severity.as_str(),
                code: d.code,
                message: &d.message,
                line: p.as_ref().map(|p| p.line),
                column: p.as_ref().map(|p| p.column),
                file: p.map(|p| p.file),
                help: d.help.as_deref(),
            }
        })
        .collect();
    let count = |l: Level| run.findings.iter().filter(|f| f.level == l).count();
    let s = &run.summary;
    Document {
        version: VERSION,
        tool: Tool {
            name: "verify",
            version: env!("CARGO_PKG_VERSION"),
        },
        summary: Summary {
            files: s.files,
            outlets: s.outlets,
            reports: s.reports,
            entities: s.entities,
            claims: s.claims,
            rules: run.rules.len(),
            findings: run.findings.len(),
            errors: count(Level::Error),
            warnings: count(Level::Warning),
            info: count(Level::Info),
            new: run.known.iter().filter(|k| !**k).count(),
            known: run.known.iter().filter(|k| **k).count(),
            failing: (0..run.findings.len()).filter(|i| run.counts(*i)).count(),
            time_expressions: Times {
                total: s.times,
                anchored: s.anchored,
                borrowed: s.borrowed,
                unresolved: s.unresolved,
            },
        },
        findings: Findings(run),
        diagnostics,
    }
}
