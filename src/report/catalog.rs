//! The rules a check runs, as `verify rules` and `verify explain` (with no rule) list them:
//! id, severity, category, title and source, in id order, with the standard pack's version.

use std::fmt::Write as _;

use crate::diag::SourceMap;
use crate::rules::{pack, Rule};

/// Where a rule comes from: the standard pack, or its file.
fn source(rule: &Rule, map: &SourceMap) -> String {
    let path = &map.get(rule.loc.file).path;
    if path.starts_with(pack::DIR) {
        format!("{} pack {}", pack::NAME, pack::VERSION)
    } else {
        path.display().to_string()
    }
}

fn sorted(rules: &[Rule]) -> Vec<&Rule> {
    let mut v: Vec<&Rule> = rules.iter().collect();
    v.sort_by(|a, b| a.id.cmp(&b.id));
    v
}

/// One line per rule, aligned, then where the rules come from.
pub fn rules_table(rules: &[Rule], map: &SourceMap, with_pack: bool) -> String {
    let rules = sorted(rules);
    let width = rules
        .iter()
        .map(|r| r.id.chars().count())
        .max()
        .unwrap_or(2)
        .max(2);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:width$}  {:8} {:14} title",
        "id", "severity", "category"
    );
    for r in &rules {
        let _ = writeln!(
            out,
            "{:width$}  {:8} {:14} {}",
            r.id,
            r.level.as_str(),
            r.category.as_str(),
            r.title
        );
    }
    let own: Vec<String> = {
        let mut v: Vec<String> = rules
            .iter()
            .map(|r| source(r, map))
            .filter(|s| !s.starts_with(pack::NAME))
            .collect();
        v.sort();
        v.dedup();
        v
    };
    let from_pack = rules.len()
        - rules
            .iter()
            .filter(|r| !source(r, map).starts_with(pack::NAME))
            .count();
    let _ = write!(
        out,
        "\n{} rule{}",
        rules.len(),
        if rules.len() == 1 { "" } else { "s" }
    );
    if with_pack {
        let _ = write!(
            out,
            ": {from_pack} from the {} pack {}",
            pack::NAME,
            pack::VERSION
        );
    } else {
        let _ = write!(out, " (the {} pack is off)", pack::NAME);
    }
    if !own.is_empty() {
        let _ = write!(out, ", {} from {}", rules.len() - from_pack, own.join(", "));
    }
    out.push('\n');
    out
}

/// The same as JSON: `{"pack": {"name", "version"} or null, "rules": [...]}`.
pub fn rules_json(rules: &[Rule], map: &SourceMap, with_pack: bool) -> String {
    let list: Vec<serde_json::Value> = sorted(rules)
        .into_iter()
        .map(|r| {
            serde_json::json!({
                "id": r.id,
                "severity": r.level.as_str(),
                "category": r.category.as_str(),
                "title": r.title,
                "source": source(r, map),
            })
        })
        .collect();
    let doc = serde_json::json!({
        "pack": with_pack.then(|| serde_json::json!({"name": pack::NAME, "version": pack::VERSION})),
        "rules": list,
    });
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}
