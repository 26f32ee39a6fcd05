//! The `json` format: a versioned document (schema in `docs/output.schema.json`, described
//! in `docs/output.md`). Fields are only ever added within a version.

use serde_json::{json, Value};

use super::{attribution, diagnostic_place, place, Emitter, Run};

/// The version of the JSON output; bumped on any incompatible change.
pub const VERSION: u32 = 1;

pub struct Json;

impl Emitter for Json {
    fn emit(&self, run: &Run) -> String {
        let mut out = serde_json::to_string_pretty(&document(run)).unwrap_or_default();
        out.push('\n');
        out
    }
}

/// The JSON document of a run.
pub fn document(run: &Run) -> Value {
    let findings: Vec<Value> = run
        .findings
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let claims: Vec<Value> = f
                .involved
                .iter()
                .map(|inv| {
                    let p = place(run.sources, inv);
                    let mut o = json!({
                        "role": inv.role,
                        "kind": if inv.claim.is_some() { "claim" } else { "entity" },
                        "file": p.file,
                        "line": p.line,
                        "column": p.column,
                        "end_line": p.end_line,
                        "end_column": p.end_column,
                    });
                    if let Some(c) = inv.claim {
                        let c = &run.corpus.claims[c];
                        o["text"] = json!(c.text);
                        o["origin"] = json!(inv.origin);
                        o["relays"] = json!(c.chain[..c.chain.len() - 1]
                            .iter()
                            .rev()
                            .map(|o| run.corpus.outlets[*o].name.as_str())
                            .collect::<Vec<_>>());
                        o["attribution"] = json!(attribution(inv));
                        o["dates"] = json!(inv.dates);
                    }
                    if let Some(e) = inv.entity {
                        o["entity"] = json!(run.corpus.entities[e].id);
                    }
                    o
                })
                .collect();
            json!({
                "rule": f.rule,
                "title": f.title,
                "severity": f.level.as_str(),
                "category": f.category.as_str(),
                "certainty": f.certainty.as_str(),
                "message": f.message,
                "fingerprint": f.fingerprint,
                "baseline": if run.known[i] { "known" } else { "new" },
                "counts": run.counts(i),
                "claims": claims,
            })
        })
        .collect();
    let diagnostics: Vec<Value> = run
        .diagnostics
        .iter()
        .map(|d| {
            let mut o =
                json!({ "severity": d.severity.as_str(), "code": d.code, "message": d.message });
            if let Some(p) = diagnostic_place(run.sources, d) {
                o["file"] = json!(p.file);
                o["line"] = json!(p.line);
                o["column"] = json!(p.column);
            }
            if let Some(h) = &d.help {
                o["help"] = json!(h);
            }
            o
        })
        .collect();
    let count = |l: crate::rules::Level| run.findings.iter().filter(|f| f.level == l).count();
    let s = &run.summary;
    json!({
        "version": VERSION,
        "tool": { "name": "verify", "version": env!("CARGO_PKG_VERSION") },
        "summary": {
            "files": s.files, "outlets": s.outlets, "reports": s.reports, "entities": s.entities,
            "claims": s.claims, "rules": run.rules.len(),
            "findings": run.findings.len(),
            "errors": count(crate::rules::Level::Error),
            "warnings": count(crate::rules::Level::Warning),
            "info": count(crate::rules::Level::Info),
            "new": run.known.iter().filter(|k| !**k).count(),
            "known": run.known.iter().filter(|k| **k).count(),
            "failing": (0..run.findings.len()).filter(|i| run.counts(*i)).count(),
            "time_expressions": { "total": s.times, "anchored": s.anchored, "borrowed": s.borrowed, "unresolved": s.unresolved },
        },
        "findings": findings,
        "diagnostics": diagnostics,
    })
}
