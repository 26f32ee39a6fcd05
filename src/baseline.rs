//! Baselines: the fingerprints of findings already known, so that CI fails only on new
//! ones. A baseline is a small JSON document; fingerprints come from what findings mean, so
//! moving claims to other lines or files, or reformatting them, keeps them known.
//!
//! ```json
//! { "version": 1, "findings": [ { "fingerprint": "…", "rule": "…", "message": "…" } ] }
//! ```

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::diag::{Diagnostic, FileId, Span};
use crate::engine::Finding;

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Doc {
    version: u32,
    findings: Vec<Entry>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    fingerprint: String,
    rule: String,
    message: String,
}

/// The fingerprints of a baseline.
#[derive(Clone, Debug, Default)]
pub struct Baseline {
    pub fingerprints: BTreeSet<String>,
}

impl Baseline {
    pub fn contains(&self, f: &Finding) -> bool {
        !self.fingerprints.is_empty() && self.fingerprints.contains(&f.fingerprint.to_string())
    }
}

/// Parses a baseline file (file `file` in the source map).
pub fn parse(file: FileId, text: &str) -> Result<Baseline, Box<Diagnostic>> {
    match serde_json::from_str::<Doc>(text) {
        Ok(doc) if doc.version == 1 => Ok(Baseline {
            fingerprints: doc.findings.into_iter().map(|e| e.fingerprint).collect(),
        }),
        Ok(doc) => Err(Box::new(Diagnostic::error(
            "baseline",
            file,
            Span::default(),
            format!(
                "unsupported baseline version: expected 1, found {}",
                doc.version
            ),
        ))),
        Err(e) => {
            // serde_json reports 1-based line and column; turn them into a byte offset.
            let mut offset = 0;
            for (n, line) in text.split_inclusive('\n').enumerate() {
                if n + 1 == e.line() {
                    offset += line
                        .char_indices()
                        .nth(e.column().saturating_sub(1))
                        .map(|(i, _)| i)
                        .unwrap_or(line.len());
                    break;
                }
                offset += line.len();
            }
            let msg = e.to_string();
            let msg = msg.split(" at line ").next().unwrap_or(&msg);
            Err(Box::new(
                Diagnostic::error(
                    "baseline",
                    file,
                    Span::new(offset, offset),
                    format!("invalid baseline: {msg}"),
                )
                .with_label("here")
                .with_help("write a new one with `--write-baseline FILE`"),
            ))
        }
    }
}

/// The baseline document for a set of findings (sorted, one entry per fingerprint).
pub fn render(findings: &[Finding]) -> String {
    let mut entries: Vec<Entry> = findings
        .iter()
        .map(|f| Entry {
            fingerprint: f.fingerprint.to_string(),
            rule: f.rule.to_string(),
            message: f.message.to_string(),
        })
        .collect();
    entries.sort_by(|a, b| (&a.rule, &a.fingerprint).cmp(&(&b.rule, &b.fingerprint)));
    entries.dedup_by(|a, b| a.fingerprint == b.fingerprint);
    let mut out = serde_json::to_string_pretty(&Doc {
        version: 1,
        findings: entries,
    })
    .unwrap_or_default();
    out.push('\n');
    out
}
