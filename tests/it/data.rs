//! Data-driven tests: every `tests/data/parse/ok/NAME.claims` must load without errors and
//! match `NAME.out` (a dump of the resolved model plus any warnings); every
//! `tests/data/parse/err/NAME.claims` must produce diagnostics matching `NAME.err`, rendered
//! as the CLI renders them (no colour). Both also go through the formatter, which must be
//! idempotent and preserve the parse. `UPDATE_EXPECT=1 cargo test` rewrites expectations.

use std::path::{Path, PathBuf};

use verify::pipeline;
use verify::syntax;

use crate::support::{dump, expect_file, render_all, shape};

fn fixtures(dir: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "claims"))
        .map(|p| Path::new(dir).join(p.file_name().unwrap()))
        .collect();
    v.sort();
    assert!(!v.is_empty(), "no fixtures in {dir}");
    v
}

/// `fmt` is idempotent and `parse(fmt(x))` has the same shape as `parse(x)`.
pub fn assert_round_trip(path: &Path, text: &str) {
    let (doc, diags) = syntax::parse(text, 0);
    if diags.iter().any(|d| d.is_error()) {
        return;
    }
    let once = syntax::format(&doc);
    let (doc2, diags2) = syntax::parse(&once, 0);
    assert!(
        diags2.iter().all(|d| !d.is_error()),
        "{}: formatted text does not parse: {diags2:?}\n{once}",
        path.display()
    );
    pretty_assertions::assert_eq!(
        shape(&doc),
        shape(&doc2),
        "{}: parse(fmt(x)) != parse(x)",
        path.display()
    );
    let twice = syntax::format(&doc2);
    pretty_assertions::assert_eq!(once, twice, "{}: fmt is not idempotent", path.display());
}

#[test]
fn ok_fixtures() {
    for path in fixtures("tests/data/parse/ok") {
        let loaded = pipeline::load_paths(std::slice::from_ref(&path));
        let errors: Vec<_> = loaded.diagnostics.iter().filter(|d| d.is_error()).collect();
        assert!(
            errors.is_empty(),
            "{} has errors:\n{}",
            path.display(),
            render_all(&loaded.sources, &loaded.diagnostics)
        );
        let mut actual = dump(&loaded.sources, &loaded.corpus);
        if !loaded.diagnostics.is_empty() {
            actual.push_str("--- diagnostics\n");
            actual.push_str(&render_all(&loaded.sources, &loaded.diagnostics));
        }
        expect_file(&path.with_extension("out"), &actual);
        assert_round_trip(&path, &loaded.sources.files[0].text);
    }
}

#[test]
fn err_fixtures() {
    for path in fixtures("tests/data/parse/err") {
        let loaded = pipeline::load_paths(std::slice::from_ref(&path));
        assert!(
            loaded.diagnostics.iter().any(|d| d.is_error()),
            "{} should have errors",
            path.display()
        );
        let actual = render_all(&loaded.sources, &loaded.diagnostics);
        expect_file(&path.with_extension("err"), &actual);
    }
}

/// Every worked example round-trips through the formatter and is already formatted.
#[test]
fn bundled_claims_round_trip_and_are_formatted() {
    for path in fixtures("claims") {
        let text = std::fs::read_to_string(&path).unwrap();
        assert_round_trip(&path, &text);
        let (doc, _) = syntax::parse(&text, 0);
        pretty_assertions::assert_eq!(
            text,
            syntax::format(&doc),
            "{} is not formatted",
            path.display()
        );
    }
}

/// The worked examples load without errors.
#[test]
fn bundled_claims_load_cleanly() {
    let loaded = pipeline::load_paths(&[PathBuf::from("claims")]);
    let errors: Vec<_> = loaded.diagnostics.iter().filter(|d| d.is_error()).collect();
    assert!(
        errors.is_empty(),
        "{}",
        render_all(&loaded.sources, &loaded.diagnostics)
    );
    assert_eq!(loaded.sources.files.len(), 3);
}

/// The first reading of a file (its top-level lines) keeps what the whole reading keeps of
/// them, and counts its claim lines, in every fixture (broken ones included: bad
/// indentation, lines too long, words out of place) and in the worked examples.
#[test]
fn the_top_level_reading_keeps_what_the_whole_reading_does() {
    let mut files = fixtures("tests/data/parse/ok");
    files.extend(fixtures("tests/data/parse/err"));
    files.extend(fixtures("claims"));
    let mut claims_seen = 0;
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        let opts = syntax::ParseOptions::default();
        let (mut whole, _) = syntax::parse_with(&text, 0, opts);
        let in_whole = whole
            .lines
            .iter()
            .filter(|l| matches!(l.item, syntax::Item::Claim(_)))
            .count();
        verify::model::keep_declarations(&mut whole);
        let (mut top, claims) = syntax::parse_top_level(&text, 0, opts);
        verify::model::keep_declarations(&mut top);
        assert_eq!(top, whole, "{}", path.display());
        // A claim line that does not parse is counted too (the count only sizes the corpus).
        assert!(
            claims >= in_whole,
            "{}: {claims} < {in_whole}",
            path.display()
        );
        if path.starts_with("claims") || path.starts_with("tests/data/parse/ok") {
            assert_eq!(claims, in_whole, "{}", path.display());
        }
        claims_seen += claims;
    }
    assert!(claims_seen > 100, "{claims_seen}");
}

/// The grammar in `docs/claims-language.md` is the one in the parser's module doc.
#[test]
fn grammar_doc_matches_module_doc() {
    let doc = std::fs::read_to_string("docs/claims-language.md").unwrap();
    let start = doc
        .find("```text\n")
        .expect("docs/claims-language.md has a ```text block")
        + 8;
    let end = start + doc[start..].find("```").unwrap();
    let in_doc = &doc[start..end];
    let module = std::fs::read_to_string("src/syntax/mod.rs").unwrap();
    let mut in_module = String::new();
    let mut inside = false;
    for line in module.lines() {
        let Some(l) = line.strip_prefix("//!") else {
            continue;
        };
        let l = l.strip_prefix(' ').unwrap_or(l);
        if l.starts_with("```") {
            if inside {
                break;
            }
            inside = l == "```text";
            continue;
        }
        if inside {
            in_module.push_str(l);
            in_module.push('\n');
        }
    }
    pretty_assertions::assert_eq!(in_doc, in_module);
}

/// The formatter writes canonical spellings but keeps what reads better as written.
#[test]
fn formatter_spellings() {
    let src = "outlet o \"O\"\nevent e \"E\"\nreport r by o published 2025-01-03\n  event a: e from 26 to 28 June 2024\n  event b: e on 3 Days ago\n  event c: e on Sept 26, 2024\n  event d: e note \"a\\nb \\\"q\\\" \\\\\"\n";
    let (doc, diags) = syntax::parse(src, 0);
    assert!(diags.is_empty(), "{diags:?}");
    pretty_assertions::assert_eq!(
        syntax::format(&doc),
        "outlet o \"O\"\nevent e \"E\"\nreport r by o published 2025-01-03\n  event a: e from 26 to 28 June 2024\n  event b: e on 3 days ago\n  event c: e on 2024-09-26\n  event d: e note \"a\\nb \\\"q\\\" \\\\\"\n"
    );
}
