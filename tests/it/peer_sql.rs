//! The rule pack compiled to SQL (`verify sql`) and run by DuckDB over the tables of
//! `verify export` (`bench/sql_duckdb.py`) finds what `verify` finds: the same count for
//! every compiled rule on generated corpora (and on DataFusion, `bench/sql_datafusion.py`),
//! and on the claims of every rule's test cases the same findings (the claims involved,
//! certainty and message).
//!
//! Opt-in, as the hand-written peer is (`cargo test --test it peer -- --ignored`): DuckDB
//! is installed into `bench/.venv` from the Python registry on first use, which the README's
//! offline `cargo test` cannot do. `.ci/run` runs these where it can and says so when not.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::{csv_records, generate};

/// The standard rules the compiler refuses, each for the reason it must give: none.
const NOT_COMPILED: [(&str, &str); 0] = [];

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn verify(args: &[&std::ffi::OsStr]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_verify"))
        .args(args)
        .env("NO_COLOR", "1")
        .current_dir(root())
        .output()
        .expect("the verify binary runs")
}

/// `verify export CLAIMS --to OUT --format csv`.
fn export(claims: &Path, out: &Path) {
    export_as(claims, out, "csv");
}

fn export_as(claims: &Path, out: &Path, format: &str) {
    let o = verify(&[
        "export".as_ref(),
        claims.as_os_str(),
        "--to".as_ref(),
        out.as_os_str(),
        "--format".as_ref(),
        format.as_ref(),
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "verify export failed:\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

/// `verify sql` of the standard pack for DuckDB into `file`, after checking which rules it
/// refuses.
fn compile(file: &Path) {
    compile_for("duckdb", file);
}

fn compile_for(dialect: &str, file: &Path) {
    let o = verify(&["sql".as_ref(), "--dialect".as_ref(), dialect.as_ref()]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let stderr = String::from_utf8_lossy(&o.stderr);
    let refused: Vec<&str> = stderr
        .lines()
        .filter_map(|l| l.strip_prefix("not compiled: "))
        .collect();
    assert_eq!(refused.len(), NOT_COMPILED.len(), "refused: {refused:#?}");
    for ((id, why), line) in NOT_COMPILED.iter().zip(&refused) {
        assert!(
            line.starts_with(&format!("{id}: ")) && line.contains(why),
            "{line}"
        );
    }
    std::fs::write(file, &o.stdout).unwrap();
}

/// Runs the compiled pack on an export: the finding rows per rule (a, b, certainty,
/// message), sorted.
fn sql_rows(export: &Path, pack: &Path) -> BTreeMap<String, Vec<Vec<String>>> {
    let rows = export.join("findings.csv");
    let out = Command::new("python3")
        .arg(root().join("bench").join("sql_duckdb.py"))
        .arg(export)
        .arg(pack)
        .arg("--rows")
        .arg(&rows)
        .arg("--quiet")
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "the compiled pack failed on DuckDB:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&rows).unwrap();
    let mut by_rule: BTreeMap<String, Vec<Vec<String>>> = BTreeMap::new();
    for rec in csv_records(&text).into_iter().skip(1) {
        // rule, a, b, key, certainty, message
        let row = vec![
            rec[1].clone(),
            rec[2].clone(),
            rec[4].clone(),
            rec[5].clone(),
        ];
        by_rule.entry(rec[0].clone()).or_default().push(row);
    }
    for rows in by_rule.values_mut() {
        rows.sort();
    }
    by_rule
}

/// Runs the pack compiled for DataFusion on an export: its counts per rule (rules without
/// findings left out, as the other sides leave them out).
fn datafusion_counts(export: &Path, pack: &Path) -> BTreeMap<String, usize> {
    let out = Command::new("python3")
        .arg(root().join("bench").join("sql_datafusion.py"))
        .arg(export)
        .arg(pack)
        .arg("--quiet")
        .output()
        .expect("python3 runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "the compiled pack failed on DataFusion:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let last = stdout.lines().last().expect("counts");
    let all: BTreeMap<String, usize> = serde_json::from_str(last).unwrap();
    all.into_iter().filter(|(_, n)| *n > 0).collect()
}

/// verify's findings per rule on `claims` (a, b, certainty, message), sorted; `a` and `b`
/// are claim ids (the order verify reads claims in, which the export keeps).
fn verify_rows(claims: &Path, export: &Path) -> BTreeMap<String, Vec<Vec<String>>> {
    let o = verify(&[
        claims.as_os_str(),
        "--format".as_ref(),
        "json".as_ref(),
        "--fail-on".as_ref(),
        "never".as_ref(),
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    // Claim ids by place: the export's claims.csv names each claim's file and line.
    let claims_csv = std::fs::read_to_string(export.join("claims.csv")).unwrap();
    let records = csv_records(&claims_csv);
    let (file, line) = (
        records[0].iter().position(|c| c == "claim_file").unwrap(),
        records[0].iter().position(|c| c == "claim_line").unwrap(),
    );
    let mut by_place: BTreeMap<(String, String), String> = records[1..]
        .iter()
        .map(|r| ((base(&r[file]), r[line].clone()), r[0].clone()))
        .collect();
    // Entity ids likewise, for the rules over entities: entities.csv names each
    // declaration's file and line.
    let entities_csv = std::fs::read_to_string(export.join("entities.csv")).unwrap();
    let records = csv_records(&entities_csv);
    let (file, line) = (
        records[0].iter().position(|c| c == "entity_file").unwrap(),
        records[0].iter().position(|c| c == "entity_line").unwrap(),
    );
    by_place.extend(
        records[1..]
            .iter()
            .map(|r| ((base(&r[file]), r[line].clone()), r[0].clone())),
    );
    let mut by_rule: BTreeMap<String, Vec<Vec<String>>> = BTreeMap::new();
    for f in doc["findings"].as_array().unwrap() {
        let id = |role: &str| {
            f["claims"]
                .as_array()
                .unwrap()
                .iter()
                .find(|i| i["role"] == role)
                .map(|i| {
                    let place = (
                        base(i["file"].as_str().unwrap()),
                        i["line"].as_u64().unwrap().to_string(),
                    );
                    by_place.get(&place).cloned().unwrap_or_default()
                })
                .unwrap_or_default()
        };
        let row = vec![
            id("a"),
            id("b"),
            f["certainty"].as_str().unwrap().to_owned(),
            f["message"].as_str().unwrap().to_owned(),
        ];
        by_rule
            .entry(f["rule"].as_str().unwrap().to_owned())
            .or_default()
            .push(row);
    }
    for rows in by_rule.values_mut() {
        rows.sort();
    }
    by_rule
}

/// A file's name (paths are written relative to different bases by the two outputs).
fn base(p: &str) -> String {
    Path::new(p)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn counts(rows: &BTreeMap<String, Vec<Vec<String>>>) -> BTreeMap<String, usize> {
    rows.iter().map(|(r, v)| (r.clone(), v.len())).collect()
}

#[test]
#[ignore = "needs python3 and DuckDB (installed from the Python registry on first run); `.ci/run` runs it"]
fn the_compiled_pack_on_duckdb_counts_what_verify_counts_on_generated_corpora() {
    let tmp = tempfile::tempdir().unwrap();
    let pack = tmp.path().join("pack.sql");
    compile(&pack);
    let pack_df = tmp.path().join("pack-datafusion.sql");
    compile_for("datafusion", &pack_df);
    for seed in [1, 2, 3] {
        let dir = tmp.path().join(format!("c{seed}"));
        generate(&dir, 2000, seed);
        let out = tmp.path().join(format!("e{seed}"));
        export(&dir.join("claims"), &out);
        let sql = counts(&sql_rows(&out, &pack));
        let mut native = counts(&verify_rows(&dir.join("claims"), &out));
        for (id, _) in NOT_COMPILED {
            native.remove(id);
        }
        // A rule without findings has no rows on either side.
        assert_eq!(sql, native, "seed {seed}: counts per rule differ");
        assert_eq!(
            datafusion_counts(&out, &pack_df),
            native,
            "seed {seed}: counts per rule differ on DataFusion"
        );
        assert!(
            native.len() >= 10,
            "seed {seed}: too few rules fire to compare: {native:?}"
        );
    }
}

/// The `[[test]]` cases of every standard rule: (rule id, shape, case name, claims).
fn cases() -> Vec<(String, String, String, String)> {
    let mut out = Vec::new();
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("rules"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    for path in files {
        let rule: toml::Table = toml::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let id = rule["id"].as_str().unwrap().to_owned();
        for case in rule
            .get("test")
            .and_then(|t| t.as_array())
            .into_iter()
            .flatten()
        {
            out.push((
                id.clone(),
                rule["shape"].as_str().unwrap_or("").to_owned(),
                case["name"].as_str().unwrap_or("").to_owned(),
                case["claims"].as_str().unwrap_or("").to_owned(),
            ));
        }
    }
    out
}

#[test]
#[ignore = "needs python3 and DuckDB (installed from the Python registry on first run); `.ci/run` runs it"]
fn on_every_rule_test_case_the_compiled_rule_finds_what_verify_finds() {
    let tmp = tempfile::tempdir().unwrap();
    let pack = tmp.path().join("pack.sql");
    compile(&pack);
    let mut failures = Vec::new();
    let mut compared = 0;
    for (n, (rule, shape, name, claims)) in cases().into_iter().enumerate() {
        if NOT_COMPILED.iter().any(|(id, _)| *id == rule) {
            continue;
        }
        let dir = tmp.path().join(format!("case{n}"));
        std::fs::create_dir_all(dir.join("claims")).unwrap();
        std::fs::write(dir.join("claims").join("case.claims"), &claims).unwrap();
        let out = dir.join("export");
        export(&dir.join("claims"), &out);
        let sql = sql_rows(&out, &pack).remove(&rule).unwrap_or_default();
        let mut native = verify_rows(&dir.join("claims"), &out)
            .remove(&rule)
            .unwrap_or_default();
        // A count finding names its group's first claim as `a` (verify lists the others
        // too; the query, one row per group, only the first).
        if shape == "count" {
            native.iter_mut().for_each(|r| r[1].clear());
            native.sort();
        }
        if sql != native {
            failures.push(format!(
                "{rule}: {name}:\n  verify: {native:?}\n  sql:    {sql:?}"
            ));
        }
        compared += 1;
    }
    assert!(compared >= 60, "only {compared} cases compared");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The same counts from the tables written as Parquet (in builds with the `parquet`
/// feature: `cargo test --features parquet --test it peer_sql -- --ignored`).
#[cfg(feature = "parquet")]
#[test]
#[ignore = "needs python3 and DuckDB (installed from the Python registry on first run); `.ci/run` runs it"]
fn the_compiled_pack_counts_the_same_over_parquet_tables() {
    let tmp = tempfile::tempdir().unwrap();
    let pack = tmp.path().join("pack.sql");
    compile(&pack);
    let dir = tmp.path().join("c");
    generate(&dir, 2000, 5);
    let (csv, parquet) = (tmp.path().join("csv"), tmp.path().join("parquet"));
    export_as(&dir.join("claims"), &csv, "csv");
    export_as(&dir.join("claims"), &parquet, "parquet");
    assert!(parquet.join("claims.parquet").is_file());
    assert!(!parquet.join("claims.csv").exists());
    let mut native = counts(&verify_rows(&dir.join("claims"), &csv));
    for (id, _) in NOT_COMPILED {
        native.remove(id);
    }
    assert_eq!(counts(&sql_rows(&parquet, &pack)), native);
    assert_eq!(
        datafusion_counts(&parquet, &compiled_for_datafusion(tmp.path())),
        native
    );
}

#[cfg(feature = "parquet")]
fn compiled_for_datafusion(dir: &Path) -> PathBuf {
    let pack = dir.join("pack-datafusion.sql");
    compile_for("datafusion", &pack);
    pack
}
