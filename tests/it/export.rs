//! `verify export`: the resolved corpus as CSV tables and `schema.json`, as a user meets it:
//! texts that need quoting, a directory that is not its own, claims with errors.

use std::path::Path;
use std::process::Command;

use crate::support::csv_records;

fn verify_in(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_verify"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("the verify binary runs")
}

const CLAIMS: &str = r#"outlet p "Paper, \"the\" Daily"
person h "Hammouchi, A."
person s "O'Brien"
city brussels "Brussels"
report r1 by p published 2025-03-12
  meeting m1: h, s in brussels on 2025-03-10 note "said \"no\", then, yes"
  visit v1: h to brussels from 2025-03-01 to 2025-03-03 lasting 2 days
"#;

fn table(dir: &Path, name: &str) -> Vec<Vec<String>> {
    csv_records(&std::fs::read_to_string(dir.join(format!("{name}.csv"))).unwrap())
}

fn column<'a>(t: &'a [Vec<String>], row: usize, name: &str) -> &'a str {
    let i = t[0]
        .iter()
        .position(|c| c == name)
        .unwrap_or_else(|| panic!("no column {name}"));
    &t[row][i]
}

#[test]
fn export_writes_tables_whose_texts_survive_quoting_and_a_schema_that_names_them() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir(tmp.path().join("claims")).unwrap();
    std::fs::write(tmp.path().join("claims/a.claims"), CLAIMS).unwrap();
    let out = verify_in(tmp.path(), &["export", "--to", "out", "--format", "csv"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("exported 2 claims, 3 entities, 1 outlet and 1 report"),
        "{stderr}"
    );
    let dir = tmp.path().join("out");
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("schema.json")).unwrap()).unwrap();
    assert_eq!(schema["schema_version"], 1);
    // Every table of the schema is a file whose header is the schema's columns, and each
    // record has as many fields as the header.
    for t in schema["tables"].as_array().unwrap() {
        let rows = table(&dir, t["name"].as_str().unwrap());
        let names: Vec<&str> = t["columns"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["name"].as_str().unwrap())
            .collect();
        assert_eq!(rows[0], names, "{}", t["name"]);
        assert_eq!(rows.len() - 1, t["rows"].as_u64().unwrap() as usize);
        assert!(rows.iter().all(|r| r.len() == names.len()), "{}", t["name"]);
    }
    let claims = table(&dir, "claims");
    assert_eq!(column(&claims, 1, "kind"), "meeting");
    assert_eq!(column(&claims, 1, "claim_line"), "6");
    assert_eq!(column(&claims, 1, "people__text"), "Hammouchi, A., O'Brien");
    assert_eq!(column(&claims, 1, "origin__text"), "Paper, \"the\" Daily");
    assert_eq!(column(&claims, 1, "when__text"), "2025-03-10");
    // 2025-03-10 is day 20157 since 1970-01-01; one day, precise.
    for part in [
        "s_lo", "s_hi", "e_lo", "e_hi", "smin", "smax", "emin", "emax",
    ] {
        assert_eq!(
            column(&claims, 1, &format!("when__{part}")),
            "20157",
            "{part}"
        );
    }
    assert_eq!(column(&claims, 1, "when__same"), "1");
    assert_eq!(column(&claims, 1, "when__anchor"), "absolute");
    // A field a claim does not have is an empty field; a duration its days.
    assert_eq!(column(&claims, 1, "lasting__n"), "");
    assert_eq!(column(&claims, 2, "lasting__lo"), "2");
    assert_eq!(column(&claims, 2, "lasting__text"), "2 days");
    let people = table(&dir, "claims__people");
    assert_eq!(people[1..].len(), 3, "{people:?}");
    let entities = table(&dir, "entities");
    assert_eq!(column(&entities, 1, "name"), "Hammouchi, A.");
}

/// A directory holding anything but an earlier export is left alone; an earlier export is
/// replaced.
#[test]
fn export_writes_only_into_a_new_or_empty_directory_or_over_an_earlier_export() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir(tmp.path().join("claims")).unwrap();
    std::fs::write(tmp.path().join("claims/a.claims"), CLAIMS).unwrap();
    std::fs::create_dir(tmp.path().join("notes")).unwrap();
    std::fs::write(tmp.path().join("notes/claims.csv"), "mine").unwrap();
    let out = verify_in(tmp.path(), &["export", "--to", "notes", "--format", "csv"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("not exporting into `notes`: it holds files and no earlier export"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("notes/claims.csv")).unwrap(),
        "mine"
    );
    for _ in 0..2 {
        let out = verify_in(
            tmp.path(),
            &["export", "--to", "out", "-q", "--format", "csv"],
        );
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(out.stderr.is_empty());
    }
    assert_eq!(table(&tmp.path().join("out"), "claims").len(), 3);
    // A mistyped path reads no claims: the earlier export stays as it was.
    let out = verify_in(
        tmp.path(),
        &["export", "claimz", "--to", "out", "--format", "csv"],
    );
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("nothing exported to `out`: no claims file was read"),
        "{stderr}"
    );
    assert_eq!(table(&tmp.path().join("out"), "claims").len(), 3);
    // A table that became a symbolic link is not written through.
    #[cfg(unix)]
    {
        std::fs::write(tmp.path().join("victim"), "keep").unwrap();
        std::fs::remove_file(tmp.path().join("out/claims.csv")).unwrap();
        std::os::unix::fs::symlink(tmp.path().join("victim"), tmp.path().join("out/claims.csv"))
            .unwrap();
        let out = verify_in(tmp.path(), &["export", "--to", "out", "--format", "csv"]);
        assert_eq!(out.status.code(), Some(2));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("a symbolic link where the export writes a file"),
            "{stderr}"
        );
        assert_eq!(
            std::fs::read_to_string(tmp.path().join("victim")).unwrap(),
            "keep"
        );
    }
}

/// Claims with errors are reported and left out, as a check leaves them out; the export of
/// the rest is still written, and the exit status says there were errors.
#[test]
fn export_reports_claims_with_errors_and_writes_the_rest() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir(tmp.path().join("claims")).unwrap();
    let broken = format!("{CLAIMS}  meeting m2: h, nobody in brussels on 2025-03-11\n");
    std::fs::write(tmp.path().join("claims/a.claims"), broken).unwrap();
    let out = verify_in(tmp.path(), &["export", "--to", "out", "--format", "csv"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("a.claims:8:"), "{stderr}");
    assert!(tmp.path().join("out/schema.json").is_file());
}

/// docs/export.md describes the tables the export writes: its table section is
/// `export::docs_table()`'s output.
#[test]
fn the_documented_schema_is_the_one_written() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let doc = std::fs::read_to_string(root.join("docs/export.md")).unwrap();
    let table = verify::export::docs_table();
    assert!(
        doc.matches(&table).count() == 1,
        "docs/export.md does not have the current schema once; it is:\n{table}"
    );
    // Nothing of an earlier schema left beside it.
    assert_eq!(
        doc.matches("\n### ").count(),
        table.matches("### ").count(),
        "docs/export.md has tables that are not written"
    );
    assert!(doc.contains(&format!(
        "Schema version: {}",
        verify::export::SCHEMA_VERSION
    )));
}

/// `verify sql` as a user runs it: one commented query per compiled rule on standard
/// output, the refused rules named on standard error with their reason, `--select` and
/// the dialect's quoting honoured.
#[test]
fn sql_writes_one_commented_query_per_rule_and_names_the_refused() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = verify_in(root, &["sql", "--dialect", "spark"]);
    assert_eq!(out.status.code(), Some(0));
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert!(stdout.starts_with("-- verify "), "{stdout}");
    assert!(stdout.contains("\n-- rule: person-in-two-places\nWITH subjects AS ("));
    assert!(stdout.contains("a.`when__s_lo`") && !stdout.contains("a.\"when__s_lo\""));
    // The whole standard pack compiles: nothing refused.
    assert!(!stdout.contains("-- not compiled: "), "{stdout}");
    assert!(stderr.is_empty(), "{stderr}");
    assert!(stdout.contains("\n-- rule: name-variants\n"));
    // A rule of one's own with a relation of several conjuncts is refused, named with the
    // reason in the script and on standard error, and the rest still compiles.
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        root.join("rules/weekday-mismatch.toml"),
        dir.path().join("weekday-mismatch.toml"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("overlap.toml"),
        "id = \"overlap\"\ntitle = \"t\"\nseverity = \"info\"\ncategory = \"gap\"\n\
         over = \"claims\"\nshape = \"pair\"\nkey = 'a.label'\n\
         condition = 'overlaps(a.when, b.when)'\nmessage = '{a.kind}'\n\
         [explain]\nchecks = \"c\"\nwhy = \"w\"\nexample = \"e\"\n",
    )
    .unwrap();
    let own = verify_in(root, &["sql", dir.path().to_str().unwrap()]);
    let (stdout, stderr) = (
        String::from_utf8_lossy(&own.stdout),
        String::from_utf8_lossy(&own.stderr),
    );
    assert_eq!(own.status.code(), Some(0), "{stderr}");
    // The rules of the directory join the standard pack's: all compile but the one.
    let header = stdout.lines().next().unwrap_or("");
    let counts: Vec<usize> = header.split(' ').filter_map(|w| w.parse().ok()).collect();
    assert!(
        header.contains(" rules compiled") && counts.len() == 2 && counts[0] + 1 == counts[1],
        "{header}"
    );
    assert!(
        stdout.contains("-- not compiled: overlap: the relation `overlaps`"),
        "{stdout}"
    );
    assert!(
        stderr.contains("not compiled: overlap: the relation `overlaps`"),
        "{stderr}"
    );
    assert!(stdout.contains("\n-- rule: weekday-mismatch\n"));
    let one = verify_in(root, &["sql", "--select", "weekday-mismatch"]);
    let text = String::from_utf8_lossy(&one.stdout);
    assert_eq!(text.matches("\n-- rule: ").count(), 1, "{text}");
    assert!(text.contains("1 of 1 rules compiled to SQL for duckdb"));
    assert!(one.stderr.is_empty());
    let unknown = verify_in(root, &["sql", "--select", "no-such-rule"]);
    assert_eq!(unknown.status.code(), Some(2));
}
