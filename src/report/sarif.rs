//! The `sarif` format: SARIF 2.1.0 as code-scanning services read it, built with the
//! `serde-sarif` types. The rules list holds the rules that fired; every result has its
//! location (start line and column, in Unicode code points), related locations for the
//! other claims involved, a partial fingerprint from the finding's meaning, and its
//! baseline state. Input problems become tool execution notifications.

use std::collections::BTreeMap;

use serde_sarif::sarif;

use super::{described, diagnostic_place, place, Emitter, Place, Run};
use crate::rules::Level;

pub struct Sarif;

/// A path as a relative URI reference: every byte but unreserved characters, sub-delims,
/// `:`, `@` and `/` percent-encoded (a space, a `\`, a control character or a non-ASCII
/// letter in a file name).
fn uri_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The base of relative artifact URIs: the project's folder.
const SRCROOT: &str = "%SRCROOT%";

fn location(p: &Place, message: Option<String>) -> sarif::Location {
    let region = sarif::Region::builder()
        .start_line(p.line as i64)
        .start_column(p.column as i64)
        .end_line(p.end_line as i64)
        .end_column(p.end_column as i64)
        .build();
    // A path relative to the project is relative to `%SRCROOT%`; an absolute one is a
    // `file` URI.
    let artifact = if let Some(abs) = p.file.strip_prefix('/') {
        sarif::ArtifactLocation::builder()
            .uri(format!("file:///{}", uri_path(abs)))
            .build()
    } else {
        sarif::ArtifactLocation::builder()
            .uri(uri_path(p.file))
            .uri_base_id(SRCROOT.to_owned())
            .build()
    };
    let physical = sarif::PhysicalLocation::builder()
        .artifact_location(artifact)
        .region(region)
        .build();
    match message {
        Some(m) => sarif::Location::builder()
            .physical_location(physical)
            .message(sarif::Message::builder().text(m).build())
            .build(),
        None => sarif::Location::builder()
            .physical_location(physical)
            .build(),
    }
}

fn level(l: Level) -> sarif::ResultLevel {
    match l {
        Level::Error => sarif::ResultLevel::Error,
        Level::Warning => sarif::ResultLevel::Warning,
        Level::Info => sarif::ResultLevel::Note,
    }
}

fn text(s: &str) -> sarif::MultiformatMessageString {
    sarif::MultiformatMessageString::builder()
        .text(s.to_owned())
        .build()
}

impl Emitter for Sarif {
    fn emit(&self, run: &Run) -> String {
        // The rules that fired, in id order; results refer to them by index.
        let mut fired: Vec<&crate::rules::Rule> = run
            .rules
            .iter()
            .filter(|r| run.findings.iter().any(|f| *f.rule == *r.id))
            .collect();
        fired.sort_by(|a, b| a.id.cmp(&b.id));
        let descriptors: Vec<sarif::ReportingDescriptor> = fired
            .iter()
            .map(|r| {
                let help = format!(
                    "{}\n\nExample:\n{}",
                    r.explain.why.trim(),
                    r.explain.example.trim()
                );
                sarif::ReportingDescriptor::builder()
                    .id(r.id.clone())
                    .name(r.id.clone())
                    .short_description(text(&r.title))
                    .full_description(text(r.explain.checks.trim()))
                    .help(text(&help))
                    .default_configuration(
                        sarif::ReportingConfiguration::builder()
                            .level(serde_json::json!(level(r.level).to_string()))
                            .build(),
                    )
                    .build()
            })
            .collect();
        let results: Vec<sarif::Result> = run
            .findings
            .iter()
            .enumerate()
            .map(|(i, f)| {
                let index = fired
                    .iter()
                    .position(|r| *r.id == *f.rule)
                    .map(|n| n as i64)
                    .unwrap_or(-1);
                let mut locs = f.involved.iter().map(|inv| {
                    (
                        place(run.sources, run.corpus, inv),
                        described(run.corpus, inv),
                    )
                });
                let primary: Vec<sarif::Location> = locs
                    .next()
                    .map(|(p, who)| vec![location(&p, Some(who))])
                    .unwrap_or_default();
                let related: Vec<sarif::Location> =
                    locs.map(|(p, who)| location(&p, Some(who))).collect();
                let mut fingerprints = BTreeMap::new();
                fingerprints.insert("verify/v1".to_owned(), f.fingerprint.to_string());
                let mut props = BTreeMap::new();
                props.insert(
                    "certainty".to_owned(),
                    serde_json::json!(f.certainty.as_str()),
                );
                props.insert(
                    "category".to_owned(),
                    serde_json::json!(f.category.as_str()),
                );
                let mut b = sarif::Result::builder()
                    .rule_id(f.rule.to_string())
                    .rule_index(index)
                    .level(level(f.level))
                    .message(sarif::Message::builder().text(f.message.clone()).build())
                    .locations(primary)
                    .partial_fingerprints(fingerprints)
                    .baseline_state(serde_json::json!(if run.known[i] {
                        "unchanged"
                    } else {
                        "new"
                    }))
                    .properties(
                        sarif::PropertyBag::builder()
                            .additional_properties(props)
                            .build(),
                    )
                    .build();
                if !related.is_empty() {
                    b.related_locations = Some(related);
                }
                b
            })
            .collect();
        let notifications: Vec<sarif::Notification> = run
            .diagnostics
            .iter()
            .map(|d| {
                let lvl = if d.is_error() { "error" } else { "warning" };
                let mut n = sarif::Notification::builder()
                    .message(sarif::Message::builder().text(d.message.clone()).build())
                    .level(serde_json::json!(lvl))
                    .build();
                if let Some(p) = diagnostic_place(run.sources, d) {
                    n.locations = Some(vec![location(&p, None)]);
                }
                n
            })
            .collect();
        let invocation = sarif::Invocation::builder()
            .execution_successful(!run.diagnostics.iter().any(|d| d.is_error()))
            .tool_execution_notifications(notifications)
            .build();
        let mut driver = sarif::ToolComponent::builder()
            .name("verify".to_owned())
            .version(env!("CARGO_PKG_VERSION").to_owned())
            .semantic_version(env!("CARGO_PKG_VERSION").to_owned())
            .rules(descriptors)
            .build();
        // The driver names the pack too, for readers that look only there.
        if let Some(version) = run.pack() {
            let mut props = BTreeMap::new();
            props.insert(
                "rulePack".to_owned(),
                serde_json::json!({"name": crate::rules::pack::NAME, "version": version}),
            );
            driver.properties = Some(
                sarif::PropertyBag::builder()
                    .additional_properties(props)
                    .build(),
            );
        }
        // The standard pack, when its rules ran, as an extension of the tool.
        let extensions: Vec<sarif::ToolComponent> = run
            .pack()
            .map(|version| {
                sarif::ToolComponent::builder()
                    .name(format!("verify {} rule pack", crate::rules::pack::NAME))
                    .version(version.to_owned())
                    .semantic_version(version.to_owned())
                    .build()
            })
            .into_iter()
            .collect();
        let tool = if extensions.is_empty() {
            sarif::Tool::builder().driver(driver).build()
        } else {
            sarif::Tool::builder()
                .driver(driver)
                .extensions(extensions)
                .build()
        };
        let mut sarif_run = sarif::Run::builder()
            .tool(tool)
            .results(results)
            .invocations(vec![invocation])
            .column_kind(serde_json::json!("unicodeCodePoints"))
            .build();
        if let Some(base) = run.base {
            // The project's folder as a `file` URI ending in `/`, as SARIF asks.
            let mut abs = base.to_string_lossy().replace('\\', "/");
            if !abs.ends_with('/') {
                abs.push('/');
            }
            let uri = format!("file:///{}", uri_path(abs.trim_start_matches('/')));
            sarif_run.original_uri_base_ids = Some(
                [(
                    SRCROOT.to_owned(),
                    sarif::ArtifactLocation::builder().uri(uri).build(),
                )]
                .into(),
            );
        }
        let log = sarif::Sarif::builder()
            .schema("https://json.schemastore.org/sarif-2.1.0.json".to_owned())
            .version(serde_json::json!("2.1.0"))
            .runs(vec![sarif_run])
            .build();
        let out = serde_json::to_string_pretty(&log).unwrap_or_default();
        // Only strings can hold the characters `write_json_fragment` escapes.
        let mut safe = Vec::with_capacity(out.len() + 1);
        let _ = super::write_json_fragment(&mut safe, &out);
        safe.push(b'\n');
        String::from_utf8(safe).unwrap_or_default()
    }
}
