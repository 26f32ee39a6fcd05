//! The rule pack under `cargo test`: every embedded case of every rule in `rules/` passes,
//! and broken rule files give clear messages at their line and column.

use std::path::Path;

use verify::diag::SourceMap;
use verify::load::load_rules;

use crate::support::{expect_file, render_all};

#[test]
fn every_rule_case_passes() {
    let mut map = SourceMap::default();
    let (rules, diags) = load_rules(Path::new("rules"), &mut map);
    assert!(diags.is_empty(), "{}", render_all(&map, &diags));
    assert!(rules.len() >= 14, "the standard pack has at least 14 rules");
    let outcomes: Vec<_> = rules
        .iter()
        .map(|r| verify::testing::run_rule_cases(r, &map))
        .collect();
    let report = verify::testing::render_outcomes(&outcomes, &[]);
    let failed: usize = outcomes.iter().map(|o| o.failed()).sum();
    assert_eq!(failed, 0, "{report}");
    for r in &rules {
        assert!(r.tests.len() >= 2, "{} has fewer than two cases", r.id);
    }
}

/// Every `tests/data/rules/bad/NAME/` directory holds rule files that fail to load; the
/// rendered diagnostics must match `NAME.err`.
#[test]
fn broken_rules_are_reported_at_their_place() {
    let base = Path::new("tests/data/rules/bad");
    let mut dirs: Vec<_> = std::fs::read_dir(base)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    assert!(!dirs.is_empty());
    for dir in dirs {
        let mut map = SourceMap::default();
        let rel = base.join(dir.file_name().unwrap());
        let (_, diags) = load_rules(&rel, &mut map);
        assert!(
            !diags.is_empty(),
            "{} should not load cleanly",
            rel.display()
        );
        expect_file(&rel.with_extension("err"), &render_all(&map, &diags));
    }
}

#[test]
fn a_broken_rule_beside_good_ones_leaves_the_good_ones_loaded() {
    let mut map = SourceMap::default();
    let (rules, diags) = load_rules(Path::new("tests/data/rules/bad/good-beside-bad"), &mut map);
    assert_eq!(
        rules.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(),
        ["good"]
    );
    assert_eq!(diags.len(), 1);
}

#[test]
fn message_templates_take_literal_braces() {
    let rule = "id = \"braces\"\ntitle = \"T\"\nseverity = \"info\"\ncategory = \"gap\"\nshape = \"each\"\nmessage = '{{literal}} {a.kind} }}'\ncondition = 'true'\n[explain]\nchecks = \"c\"\nwhy = \"w\"\nexample = \"e\"\n";
    let rule = verify::rules::compile(0, rule).unwrap_or_else(|d| panic!("{d:?}"));
    let (doc, _) = verify::syntax::parse(
        "outlet o \"O\"\nperson p \"P\"\ncountry X \"X\"\nreport r by o\n  visit v: p to X\n",
        0,
    );
    let (corpus, diags) = verify::model::resolve(&[(0, &doc)]);
    assert!(diags.is_empty());
    let findings = verify::engine::run_rule(&rule, &corpus);
    assert_eq!(findings[0].message, "{literal} visit }");
}
