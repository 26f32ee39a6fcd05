//! `verify` checked against an independent implementation of its rules: the DuckDB peer
//! (`bench/peer_duckdb.py`) runs the standard pack as SQL over the resolved facts that
//! `gen-corpus` writes next to a generated corpus, and both must count the same findings
//! for every rule. Also: the generator is deterministic, writes a corpus in which every
//! finding of a rule it plants problems for comes from one of them, and writes the same
//! facts when it makes a corpus in segments as for the whole. (Its command line is
//! tested in `tools/gen-corpus/tests/`.)
//!
//! The peer comparison is opt-in (`cargo test --test it peer -- --ignored`): it needs
//! `python3`, and its first run installs DuckDB into `bench/.venv` from the Python package
//! registry, so the README's `cargo test` would fail offline. `.ci/run` runs it where Python
//! and the registry are there, and says so when it skips.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::{generate, generate_with};

/// The standard rules the hand-written peer does not check: both compare entity names by
/// verify's folding and transliteration skeleton, which it does not reproduce (see its
/// docstring); the compiled pack checks them over the export's spellings (`peer_sql`).
const NOT_IN_PEER: [&str; 2] = ["duplicate-entities", "name-variants"];

/// The rules most of which must fire on the generated corpus.
const CORE_RULES: [&str; 8] = [
    "date-disagreement",
    "sole-office-overlap",
    "overlapping-plans",
    "gap-between-plans",
    "few-independent-origins",
    "weekday-mismatch",
    "duration-mismatch",
    "person-in-two-places",
];

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The ids of the standard rules (`rules/*.toml`).
fn standard_rules() -> Vec<String> {
    let mut ids: Vec<String> = std::fs::read_dir(root().join("rules"))
        .expect("the rules directory")
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "toml"))
        .map(|path| {
            let rule: toml::Table = toml::from_str(&std::fs::read_to_string(&path).unwrap())
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            rule["id"].as_str().expect("a rule id").to_owned()
        })
        .collect();
    ids.sort();
    ids
}

/// Runs `verify DIR/claims --rules rules --format json --fail-on never`: its JSON
/// document, after checking that the corpus loaded without any diagnostic.
fn verify_json(dir: &Path) -> serde_json::Value {
    let out = Command::new(env!("CARGO_BIN_EXE_verify"))
        .arg(dir.join("claims"))
        .arg("--rules")
        .arg(root().join("rules"))
        .args(["--format", "json", "--fail-on", "never"])
        .env("NO_COLOR", "1")
        .output()
        .expect("the verify binary runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "verify failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON output");
    let diagnostics = doc["diagnostics"].as_array().expect("a diagnostics list");
    assert!(
        diagnostics.is_empty(),
        "the generated corpus has input problems: {diagnostics:#?}"
    );
    doc
}

/// The findings per rule of `verify` on `dir`.
fn verify_counts(dir: &Path) -> BTreeMap<String, u64> {
    let mut counts = BTreeMap::new();
    for f in verify_json(dir)["findings"]
        .as_array()
        .expect("a findings list")
    {
        let rule = f["rule"].as_str().expect("a rule id").to_owned();
        *counts.entry(rule).or_insert(0) += 1;
    }
    counts
}

/// Runs the peer on `dir`: the JSON object on the last line of its output.
fn peer_counts(dir: &Path) -> BTreeMap<String, u64> {
    let out = Command::new("python3")
        .arg(root().join("bench").join("peer_duckdb.py"))
        .arg(dir)
        .arg("--quiet")
        .output()
        .expect("python3 runs (the peer needs it)");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "the peer failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let last = stdout.lines().last().expect("the peer printed its counts");
    serde_json::from_str(last).unwrap_or_else(|e| panic!("bad peer output `{last}`: {e}"))
}

#[test]
#[ignore = "needs python3 and DuckDB (installed from the Python registry on first run); `.ci/run` runs it"]
fn verify_and_the_duckdb_peer_count_the_same_findings() {
    let tmp = tempfile::tempdir().unwrap();
    generate(tmp.path(), 2000, 42);
    let verify = verify_counts(tmp.path());
    let peer = peer_counts(tmp.path());

    // Every standard rule but those SQL cannot express, and only those.
    let expected: Vec<String> = standard_rules()
        .into_iter()
        .filter(|id| !NOT_IN_PEER.contains(&id.as_str()))
        .collect();
    let checked: Vec<String> = peer.keys().cloned().collect();
    assert_eq!(
        checked, expected,
        "the peer does not check the standard rules"
    );
    let table: String = peer
        .iter()
        .map(|(rule, n)| {
            let v = verify.get(rule).copied().unwrap_or(0);
            let mark = if v == *n { "" } else { "  <- differs" };
            format!("{rule:28} verify {v:6}  peer {n:6}{mark}\n")
        })
        .collect();
    let differ = peer
        .iter()
        .any(|(rule, n)| verify.get(rule).copied().unwrap_or(0) != *n);
    assert!(!differ, "per-rule finding counts differ:\n{table}");

    // Not vacuous: most of the core rules must actually fire on the corpus.
    let firing = CORE_RULES
        .iter()
        .filter(|r| verify.get(**r).copied().unwrap_or(0) > 0)
        .count();
    assert!(
        firing >= 6,
        "only {firing} of the 8 core rules fire on the generated corpus:\n{table}"
    );
}

/// Every file under `dir`, by path relative to it, with its bytes.
fn files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(dir).unwrap().to_path_buf();
            out.insert(rel, std::fs::read(entry.path()).unwrap());
        }
    }
    out
}

#[test]
fn the_same_seed_gives_the_same_bytes_and_another_seed_others() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b, c) = (
        tmp.path().join("a"),
        tmp.path().join("b"),
        tmp.path().join("c"),
    );
    generate(&a, 800, 7);
    generate(&b, 800, 7);
    generate(&c, 800, 8);
    let (fa, fb, fc) = (files(&a), files(&b), files(&c));
    for name in ["planted.json", "facts/claims.csv", "claims/entities.claims"] {
        assert!(
            fa.contains_key(Path::new(name)),
            "no {name} in {:?}",
            fa.keys()
        );
    }
    assert!(fa
        .keys()
        .any(|p| p.starts_with("claims") && p != Path::new("claims/entities.claims")));
    assert!(fa == fb, "two runs with seed 7 wrote different files");
    assert!(fa != fc, "seeds 7 and 8 wrote the same files");
}

const MARK: &str = " note \"planted: ";

/// The rules a claim's `--mark-planted` note names.
fn marks(text: &str) -> Vec<&str> {
    match text.find(MARK) {
        Some(i) => {
            let rest = &text[i + MARK.len()..];
            rest[..rest.find('"').expect("a closed note")]
                .split(' ')
                .collect()
        }
        None => Vec::new(),
    }
}

/// `text` without its `--mark-planted` notes.
fn unmarked(text: &str) -> String {
    text.lines()
        .map(|line| match line.find(MARK) {
            Some(i) => {
                let end = i + MARK.len() + line[i + MARK.len()..].find('"').unwrap() + 1;
                format!("{}{}\n", &line[..i], &line[end..])
            }
            None => format!("{line}\n"),
        })
        .collect()
}

/// `csv` without its column `name` (fields split at the commas outside quotes).
fn without_column(csv: &str, name: &str) -> String {
    let split = |line: &str| -> Vec<String> {
        let (mut fields, mut field, mut quoted) = (Vec::new(), String::new(), false);
        for ch in line.chars() {
            match ch {
                ',' if !quoted => fields.push(std::mem::take(&mut field)),
                _ => {
                    quoted ^= ch == '"';
                    field.push(ch);
                }
            }
        }
        fields.push(field);
        fields
    };
    let mut lines = csv.lines().map(split);
    let header = lines.next().expect("a header line");
    let column = header
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no column {name}"));
    std::iter::once(header)
        .chain(lines)
        .map(|mut fields| {
            fields.remove(column);
            fields.join(",") + "\n"
        })
        .collect()
}

#[test]
fn every_finding_of_a_planted_rule_comes_from_a_planted_problem() {
    let tmp = tempfile::tempdir().unwrap();
    let (plain, marked) = (tmp.path().join("plain"), tmp.path().join("marked"));
    generate(&plain, 2000, 42);
    generate_with(
        &marked,
        &gen_corpus::Options {
            mark_planted: true,
            ..gen_corpus::Options::new(2000, 42)
        },
    );

    // The marks are notes on the same claims. A note is part of a claim's canonical text, so
    // the facts differ only in the hash of that text.
    let (fp, fm) = (files(&plain), files(&marked));
    assert_eq!(fp.keys().collect::<Vec<_>>(), fm.keys().collect::<Vec<_>>());
    for (path, bytes) in &fm {
        let text = String::from_utf8(bytes.clone()).unwrap();
        let (text, plain) = if path.starts_with("claims") {
            (unmarked(&text), fp[path].clone())
        } else if path == Path::new("facts/claims.csv") {
            let plain = String::from_utf8(fp[path].clone()).unwrap();
            (
                without_column(&text, "text_hash"),
                without_column(&plain, "text_hash").into_bytes(),
            )
        } else {
            (text, fp[path].clone())
        };
        assert!(
            text.as_bytes() == plain.as_slice(),
            "{} differs beyond the marks",
            path.display()
        );
    }

    check_planted(&marked);
}

/// Checks that every finding of a rule `DIR/planted.json` counts comes from a claim marked
/// as taking part in a planted problem of that rule (`DIR` written with `--mark-planted`),
/// and that each planted problem gives at least one finding: exactly one for the rules
/// over one claim or over successive plans; few-independent-origins is counted exactly.
fn check_planted(marked: &Path) {
    let planted: BTreeMap<String, u64> =
        serde_json::from_slice(&std::fs::read(marked.join("planted.json")).unwrap())
            .expect("planted.json is JSON");
    let mut found: BTreeMap<&str, u64> = BTreeMap::new();
    let doc = verify_json(marked);
    for f in doc["findings"].as_array().expect("a findings list") {
        let rule = f["rule"].as_str().expect("a rule id");
        *found.entry(rule).or_insert(0) += 1;
        // The name rules are about declarations, which have no note to mark: counted
        // exactly below.
        if !planted.contains_key(rule)
            || rule == "few-independent-origins"
            || NOT_IN_PEER.contains(&rule)
        {
            continue;
        }
        let claims = f["claims"].as_array().expect("a claims list");
        assert!(
            claims
                .iter()
                .any(|c| marks(c["text"].as_str().unwrap_or("")).contains(&rule)),
            "a finding no planted problem explains: {}\n{claims:#?}",
            f["message"]
        );
    }
    // Each planted problem gives at least one finding; exactly one for the rules over one
    // claim or over successive plans, and few-independent-origins is counted exactly.
    for (rule, &n) in &planted {
        let got = found.get(rule.as_str()).copied().unwrap_or(0);
        let exact = [
            "weekday-mismatch",
            "duration-mismatch",
            "gap-between-plans",
            "overlapping-plans",
            "few-independent-origins",
            "duplicate-entities",
            "name-variants",
        ];
        if exact.contains(&rule.as_str()) {
            assert_eq!(got, n, "{rule}: {got} findings for {n} planted");
        } else {
            assert!(got >= n, "{rule}: {got} findings for {n} planted");
        }
    }
}

#[test]
fn a_corpus_made_in_segments_has_the_facts_of_the_whole_and_its_planted_problems() {
    // A large corpus is written and loaded in segments (here of 1,000 claims) to bound
    // the generator's memory: the facts must be those `--facts-only` gives for the whole
    // corpus at once, no `during` or `extends` may name a label of another segment (verify
    // would report it), and the planted problems must hold across segments.
    let tmp = tempfile::tempdir().unwrap();
    let (parts, whole) = (tmp.path().join("parts"), tmp.path().join("whole"));
    generate_with(
        &parts,
        &gen_corpus::Options {
            mark_planted: true,
            segment_claims: Some(1000),
            ..gen_corpus::Options::new(3500, 11)
        },
    );
    let copied = whole.join("claims");
    std::fs::create_dir_all(&copied).unwrap();
    for (path, bytes) in files(&parts.join("claims")) {
        std::fs::write(copied.join(path), bytes).unwrap();
    }
    let written = gen_corpus::write_facts(&whole);
    assert!(written.is_ok(), "{written:?}");
    let (fp, fw) = (files(&parts.join("facts")), files(&whole.join("facts")));
    assert_eq!(fp.keys().collect::<Vec<_>>(), fw.keys().collect::<Vec<_>>());
    for (path, bytes) in &fp {
        assert!(bytes == &fw[path], "facts/{} differs", path.display());
    }
    check_planted(&parts);
}
