//! The built binary: exit codes, `--help`, and `verify fmt`.

use std::path::Path;

use crate::support::run;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn bundled_claims_print_the_summary() {
    let r = run(repo(), &["claims"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .starts_with("checked 3 files: 7 outlets, 2 reports, 30 entities,"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("borrowed   claims/belgium.claims:"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains(
            "resolved on report `alfajr-2025-04-12` (Al Fajr Al Jadid) to 2022 to 2025-12-31"
        ),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("unresolved claims/france.claims:"),
        "{}",
        r.stdout
    );
}

#[test]
fn default_path_is_claims() {
    let a = run(repo(), &[]);
    let b = run(repo(), &["claims"]);
    assert_eq!(a.stdout, b.stdout);
    assert_eq!(a.code, b.code);
}

#[test]
fn help_shows_examples() {
    let r = run(repo(), &["--help"]);
    assert_eq!(r.code, 0);
    assert!(r.stdout.contains("Examples:"), "{}", r.stdout);
    let r = run(repo(), &["fmt", "--help"]);
    assert_eq!(r.code, 0);
    assert!(r.stdout.contains("verify fmt --check"), "{}", r.stdout);
}

#[test]
fn unknown_flag_is_a_usage_error() {
    let r = run(repo(), &["--frobnicate"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("--frobnicate"), "{}", r.stderr);
}

#[test]
fn fmt_check_passes_on_the_bundled_claims() {
    let r = run(repo(), &["fmt", "--check"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout
            .contains("0 files would be reformatted, 3 already formatted"),
        "{}",
        r.stdout
    );
}

#[test]
fn fmt_rewrites_atomically_keeps_comments_and_is_idempotent() {
    let dir = tempfile::tempdir().unwrap();
    let claims = dir.path().join("claims");
    std::fs::create_dir(&claims).unwrap();
    let messy = "# header comment\n\n\n\noutlet   o  \"O\"   # the outlet\nperson a \"A\"\ncountry X \"X\"\nreport r by o   published 2024-06-30\n      # inside\n      visit v: a to X on June 26 2024\n      per o:\n         meeting m: a,a   on Wednesday\n";
    let path = claims.join("a.claims");
    std::fs::write(&path, messy).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
    }
    let check = run(dir.path(), &["fmt", "--check"]);
    assert_eq!(check.code, 1, "{}", check.stdout);
    assert!(
        check.stdout.contains("would reformat claims/a.claims"),
        "{}",
        check.stdout
    );
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        messy,
        "--check must not write"
    );

    let r = run(dir.path(), &["fmt"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let formatted = std::fs::read_to_string(&path).unwrap();
    pretty_assertions::assert_eq!(
        formatted,
        "# header comment\n\noutlet o \"O\" # the outlet\nperson a \"A\"\ncountry X \"X\"\nreport r by o published 2024-06-30\n  # inside\n  visit v: a to X on 2024-06-26\n  per o:\n    meeting m: a, a on Wednesday\n"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640, "permissions are kept");
    }
    // No temporary files are left behind.
    let names: Vec<_> = std::fs::read_dir(&claims)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 1, "{names:?}");
    let again = run(dir.path(), &["fmt", "--check"]);
    assert_eq!(again.code, 0, "{}", again.stdout);
}

#[test]
fn fmt_leaves_files_with_errors_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.claims");
    let text = "outlet o \"O\nperson   a \"A\"\n";
    std::fs::write(&path, text).unwrap();
    let r = run(dir.path(), &["fmt", "bad.claims"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("unterminated quote"), "{}", r.stderr);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
}
