//! The built binary: exit codes, `--help`, and `verify fmt`.

use std::path::Path;

use crate::support::run;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn bundled_claims_print_findings_and_the_summary() {
    let r = run(repo(), &["claims"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .contains("checked 3 files: 7 outlets, 2 reports, 30 entities, 27 claims"),
        "{}",
        r.stdout
    );
    // The 2022 plan's end is borrowed from Al Fajr's date, so its overlap with the next
    // plan is only possible: a warning, not an error.
    // The message says whose date the end rests on: Al Fajr's, not La Libre's.
    assert!(r.stdout.contains("warning[overlapping-plans]: Action plan 2022 (per La Libre Belgique: 2022 to 2025-12-31, read on Al Fajr Al Jadid's date 2025-04-12) and Action plan 2025-2026 (per La Libre Belgique: 2025 to 2026) overlap"), "{}", r.stdout);
    assert!(r.stdout.contains("warning[borrowed-anchor]: La Libre Belgique's relative date was read against 2025-04-12 (Al Fajr Al Jadid's date; La Libre Belgique's own is not known)"), "{}", r.stdout);
    // Nador24 prints no date, but the year of its relative dates is inferred from the
    // communique's "Paris 2024": nothing stays unresolved, and each date says why.
    assert!(!r.stdout.contains("unresolved-date"), "{}", r.stdout);
    assert!(
        r.stdout.contains("time expressions: 9 (4 absolute, 0 anchored on their origin, 1 borrowed, 4 with an inferred year, 0 unresolved)"),
        "{}",
        r.stdout
    );
    // 26 June 2024 was a Wednesday, as the arrival says: no weekday finding.
    assert!(!r.stdout.contains("weekday-mismatch"), "{}", r.stdout);
    assert!(
        r.stdout.contains(
            "27 claims checked with 24 rules: 16 findings: 0 errors, 2 warnings, 14 info"
        ),
        "{}",
        r.stdout
    );
}

#[test]
fn a_definite_error_finding_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("claims")).unwrap();
    std::fs::write(
        dir.path().join("claims/a.claims"),
        "outlet a \"A\"\nevent g \"Games\"\nreport x by a\n  event e: g on 2024-06-29 (Friday)\n",
    )
    .unwrap();
    let rules = repo().join("rules");
    let r = run(dir.path(), &["--rules", rules.to_str().unwrap()]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("error[weekday-mismatch]: A pairs a date with the wrong weekday in `event e: g on 2024-06-29 (Friday)`"), "{}", r.stdout);
    assert!(r.stdout.contains("--> claims/a.claims:4:3"), "{}", r.stdout);
}

#[test]
fn verify_test_runs_every_rule_case() {
    let r = run(repo(), &["test"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let last = r.stdout.lines().last().unwrap();
    assert!(last.ends_with(" passed, 0 failed"), "{last}");
    let r = run(repo(), &["test", "weekday-mismatch"]);
    let cases = std::fs::read_to_string(repo().join("rules/weekday-mismatch.toml"))
        .unwrap()
        .matches("[[test]]")
        .count();
    assert!(cases >= 2);
    assert_eq!(
        r.stdout.lines().last(),
        Some(format!("{cases} passed, 0 failed").as_str()),
        "{}",
        r.stdout
    );
    let r = run(repo(), &["test", "weekday-mismatchh"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("did you mean `weekday-mismatch`?"),
        "{}",
        r.stderr
    );
    // A directory where a rule is expected says how to test the rules in it.
    let r = run(repo(), &["test", "rules"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains(
            "`rules` is a directory: test the rules in it with `verify test --rules rules`"
        ),
        "{}",
        r.stderr
    );
}

#[test]
fn explain_prints_the_rule_documentation() {
    let r = run(repo(), &["explain", "overlapping-plans"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    for part in [
        "overlapping-plans: Successive plans between the same parties overlap",
        "What it checks",
        "Why it matters",
        "Example",
    ] {
        assert!(r.stdout.contains(part), "{part}: {}", r.stdout);
    }
    let r = run(repo(), &["explain", "nope"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("unknown rule: expected a rule id or rule file, found `nope`"),
        "{}",
        r.stderr
    );
}

#[test]
fn default_path_is_claims() {
    let a = run(repo(), &[]);
    let b = run(repo(), &["claims"]);
    assert_eq!(a.stdout, b.stdout);
    assert_eq!(a.code, b.code);
}

/// Run with no path inside a folder of claims files (there is no `claims/` below it), the
/// error says how to check them; elsewhere it does not.
#[test]
fn no_path_inside_a_claims_folder_says_how_to_check_it() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.claims"), "outlet o \"O\"\n").unwrap();
    let inside = run(dir.path(), &[]);
    assert_eq!(inside.code, 2, "{}", inside.stderr);
    assert!(
        inside.stderr.contains("cannot read `claims`"),
        "{}",
        inside.stderr
    );
    assert!(
        inside
            .stderr
            .contains("this folder holds `.claims` files itself: `verify .` checks them"),
        "{}",
        inside.stderr
    );
    let empty = tempfile::tempdir().unwrap();
    let elsewhere = run(empty.path(), &[]);
    assert!(elsewhere.stderr.contains("cannot read `claims`"));
    assert!(
        !elsewhere.stderr.contains("verify ."),
        "{}",
        elsewhere.stderr
    );
}

#[test]
fn timings_name_every_stage_on_stderr_and_leave_stdout_alone() {
    let plain = run(repo(), &["claims", "--format", "json"]);
    let timed = run(repo(), &["claims", "--format", "json", "--timings"]);
    assert_eq!(plain.stdout, timed.stdout);
    assert_eq!(plain.code, timed.code);
    let words: Vec<Vec<&str>> = timed
        .stderr
        .lines()
        .filter_map(|l| l.strip_prefix("timing: "))
        .map(|l| l.split_whitespace().collect())
        .collect();
    let stages: Vec<&str> = words
        .iter()
        .filter(|w| w[0] != "rule")
        .map(|w| w[0])
        .collect();
    assert_eq!(
        stages,
        ["read", "parse", "resolve", "rules", "output", "total"],
        "{}",
        timed.stderr
    );
    // One line per rule, each with its finding count.
    let rules = std::fs::read_dir(repo().join("rules"))
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .is_ok_and(|e| e.path().extension().is_some_and(|x| x == "toml"))
        })
        .count();
    let per_rule: Vec<&Vec<&str>> = words.iter().filter(|w| w[0] == "rule").collect();
    assert_eq!(per_rule.len(), rules, "{}", timed.stderr);
    assert!(
        per_rule.iter().all(|w| w.last() == Some(&"findings")),
        "{}",
        timed.stderr
    );
    assert!(!plain.stderr.contains("timing:"), "{}", plain.stderr);
}

#[test]
fn a_failed_write_of_the_output_is_an_error() {
    let Ok(full) = std::fs::OpenOptions::new().write(true).open("/dev/full") else {
        return; // no /dev/full on this system
    };
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_verify"))
        .args(["claims", "--format", "json"])
        .current_dir(repo())
        .stdout(full)
        .output()
        .expect("the verify binary runs");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("cannot write the output: no space left on device"),
        "{stderr}"
    );
}

#[test]
fn help_shows_examples() {
    let r = run(repo(), &["--help"]);
    assert_eq!(r.code, 0);
    assert!(r.stdout.contains("Examples:"), "{}", r.stdout);
    let r = run(repo(), &["fmt", "--help"]);
    assert_eq!(r.code, 0);
    assert!(
        run(repo(), &["fmt", "--check", "--write"]).code == 2,
        "--check and --write conflict"
    );
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

    let r = run(dir.path(), &["fmt", "--write"]);
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
    assert!(
        r.stdout.contains("1 file with errors left untouched"),
        "{}",
        r.stdout
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
}

/// Parsing, resolving, rules, sorting and JSON run in parallel; the output is the same
/// bytes on one thread, on the default number, and on more threads than cores.
#[test]
fn output_does_not_depend_on_the_number_of_threads() {
    let tmp = tempfile::tempdir().unwrap();
    crate::support::generate(tmp.path(), 6000, 5);
    let claims = tmp.path().join("claims");
    let rules = repo().join("rules");
    let args = [
        claims.to_str().unwrap(),
        "--rules",
        rules.to_str().unwrap(),
        "--format",
        "json",
    ];
    let one = crate::support::run_env(repo(), &args, &[("RAYON_NUM_THREADS", "1")]);
    let default = run(repo(), &args);
    let many = crate::support::run_env(repo(), &args, &[("RAYON_NUM_THREADS", "7")]);
    let findings = one.stdout.matches("\"fingerprint\"").count();
    assert!(
        findings > 300,
        "{findings} findings: too few to span several chunks"
    );
    assert!(
        one.stdout == default.stdout,
        "1 thread and the default differ"
    );
    assert!(one.stdout == many.stdout, "1 thread and 7 threads differ");
}

/// `verify fmt --fix` replaces typographic quotes pasted from articles, which plain
/// `verify fmt` (and a check run) reports as errors with that advice.
#[test]
fn fmt_fix_replaces_typographic_quotes() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.claims");
    std::fs::write(
        &file,
        "outlet o “The Outlet”\nperson h «\u{a0}Hammouchi\u{a0}»\nreport r by o\n  statement s: h \"says\" „x”\n",
    )
    .unwrap();
    let r = run(dir.path(), &["fmt", "a.claims"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("`verify fmt --fix` replaces typographic quotes"),
        "{}",
        r.stderr
    );
    let r = run(dir.path(), &["fmt", "--fix", "a.claims"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // Each line is listed as it is fixed, at its first typographic quote.
    let listed: Vec<&str> = r
        .stdout
        .lines()
        .filter(|l| l.starts_with("fixed"))
        .collect();
    assert_eq!(
        listed,
        [
            "fixed a.claims:1:10: straight quotes",
            "fixed a.claims:2:10: straight quotes",
            "fixed a.claims:4:25: straight quotes"
        ]
    );
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        "outlet o \"The Outlet\"\nperson h \"Hammouchi\"\nreport r by o\n  statement s: h \"says\" \"x\"\n"
    );
    let r = run(dir.path(), &["fmt", "--check", "a.claims"]);
    assert_eq!(r.code, 0, "now canonical: {}", r.stdout);
}

/// A file checked on its own whose names are declared in a file beside it: one warning
/// says so, besides the undeclared names themselves.
#[test]
fn a_file_checked_alone_is_told_where_its_names_may_be() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("claims")).unwrap();
    std::fs::write(
        dir.path().join("claims/entities.claims"),
        "outlet o \"O\"\nperson a \"A\"\ncountry X \"X\"\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("claims/story.claims"),
        "report r by o published 2024-01-01\n  visit v: a to X on 2024-01-01\n",
    )
    .unwrap();
    let r = run(dir.path(), &["claims/story.claims", "--rules", "none"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    let note = "undeclared name in files checked without the claims files beside them: `claims/entities.claims`";
    assert_eq!(r.stderr.matches(note).count(), 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("check the folder (`verify claims/`)"),
        "{}",
        r.stderr
    );
    // Checked together, nothing is undeclared and nothing is said.
    let r = run(dir.path(), &["claims", "--rules", "none"]);
    assert!(
        !r.stderr.contains("without the claims files beside them"),
        "{}",
        r.stderr
    );
}

/// Numeric dates (`11/07/2024`) read as `date-order` in verify.toml says, for a check run and
/// for `verify fmt`, which writes them as YYYY-MM-DD.
#[test]
fn numeric_dates_follow_the_date_order_of_the_project() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("claims")).unwrap();
    let claims = "outlet o \"O\"\nevent g \"G\"\nreport r by o\n  event a: g on 10/07/2024 (Wed)\n";
    std::fs::write(dir.path().join("claims/a.claims"), claims).unwrap();
    let rules = repo().join("rules");
    let check = |dir: &Path| run(dir, &["claims", "--rules", rules.to_str().unwrap()]);
    let r = check(dir.path());
    assert_eq!(r.code, 2, "no date-order: an error that says how to set it");
    assert!(
        r.stderr.contains("set `date-order = \"dmy\"`"),
        "{}",
        r.stderr
    );
    std::fs::write(dir.path().join("verify.toml"), "date-order = \"dmy\"\n").unwrap();
    let r = check(dir.path());
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        !r.stdout.contains("weekday-mismatch"),
        "10 July 2024 was a Wednesday"
    );
    std::fs::write(dir.path().join("verify.toml"), "date-order = \"mdy\"\n").unwrap();
    let r = check(dir.path());
    assert!(
        r.stdout.contains("weekday-mismatch"),
        "7 October 2024 was a Monday: {}",
        r.stdout
    );
    let r = run(dir.path(), &["fmt"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("claims/a.claims")).unwrap(),
        "outlet o \"O\"\nevent g \"G\"\nreport r by o\n  event a: g on 2024-10-07 (Wednesday)\n"
    );
}

/// `verify -` (and `/dev/stdin`) checks claims read from standard input, shown as `<stdin>`
/// (regression: `-` was a missing path).
#[test]
fn claims_are_read_from_standard_input() {
    use std::io::Write as _;
    let dir = tempfile::tempdir().unwrap();
    let rules = repo().join("rules");
    for arg in ["-", "/dev/stdin"] {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_verify"))
            .args([arg, "--rules", rules.to_str().unwrap()])
            .current_dir(dir.path())
            .env("NO_COLOR", "1")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(b"outlet o \"O\"\nevent g \"G\"\nreport r by o\n  event e: g on 2024-06-29 (Friday)\n")
            .unwrap();
        let out = child.wait_with_output().unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(1), "{arg}: {stdout}");
        assert!(stdout.contains("--> <stdin>:4:3"), "{arg}: {stdout}");
    }
}

/// A claims repository without `rules/` is checked with the standard pack built into the
/// binary (it printed "checked with 0 rules" and exited 0, so a CI job that forgot its
/// rules passed every article); without the pack and any rules directory, exit 2.
#[test]
fn a_repository_without_rules_uses_the_standard_pack() {
    let dir = crate::support::temp_corpus(&[(
        "claims/a.claims",
        b"outlet o \"O\"\nperson h \"H\"\ncountry X \"X\"\nreport r by o published 2024-07-01\n  visit v: h to X on 2024-06-26 (Monday)\n",
    )]);
    let r = crate::support::run(dir.path(), &["claims"]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("error[weekday-mismatch]"), "{}", r.stdout);
    let rules = verify::rules::pack::FILES.len().to_string();
    assert!(
        r.stdout.contains(&format!("checked with {rules} rules")),
        "{}",
        r.stdout
    );
    let r = crate::support::run(dir.path(), &["claims", "--no-default-rules"]);
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    let all = format!("{}{}", r.stdout, r.stderr);
    assert!(
        all.contains("error[rule]: no rules: the standard pack is off and `rules/` holds no rule files, so no rule checked the claims"),
        "{all}"
    );
}

/// A newsroom's rule with the id of a standard one is an error naming both files (the
/// pack's as `<standard pack>/…`); `verify rules` lists where each rule comes from.
#[test]
fn a_rule_id_taken_by_the_pack_is_an_error_naming_both_files() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mine = std::fs::read_to_string(root.join("rules/weekday-mismatch.toml"))
        .unwrap()
        .replacen("title = \"", "title = \"Mine: ", 1);
    let dir = crate::support::temp_corpus(&[
        ("claims/a.claims", b"outlet o \"O\"\n"),
        ("mine/weekday.toml", mine.as_bytes()),
    ]);
    let r = run(dir.path(), &["claims", "--rules", "mine"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    for part in [
        "error[rule]: duplicate rule id: `weekday-mismatch` is already defined",
        "--> mine/weekday.toml:1:6",
        "first defined here: <standard pack>/weekday-mismatch.toml:1:6",
        "--no-default-rules",
    ] {
        assert!(r.stderr.contains(part), "{part}: {}", r.stderr);
    }
    // Without the pack, the newsroom's rule is the one that runs.
    let r = run(
        dir.path(),
        &["rules", "--rules", "mine", "--no-default-rules"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .contains("weekday-mismatch  error    contradiction  Mine: "),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .ends_with("1 rule (the standard pack is off), 1 from mine/weekday.toml\n"),
        "{}",
        r.stdout
    );
    let r = run(dir.path(), &["rules", "--json"]);
    let doc: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(doc["pack"]["version"], verify::rules::pack::VERSION);
    assert_eq!(
        doc["rules"].as_array().unwrap().len(),
        verify::rules::pack::FILES.len()
    );
}

/// Flags that do not apply are absent from a subcommand's help (`fmt` and `init` listed
/// `--rules`); `verify explain` without a rule lists the rules instead of failing.
#[test]
fn each_command_lists_only_the_flags_it_takes() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for cmd in ["fmt", "init"] {
        let r = run(root, &[cmd, "--help"]);
        assert_eq!(r.code, 0);
        assert!(!r.stdout.contains("--rules"), "{cmd}: {}", r.stdout);
        assert!(
            !r.stdout.contains("--no-default-rules"),
            "{cmd}: {}",
            r.stdout
        );
    }
    for cmd in ["test", "explain", "rules"] {
        let r = run(root, &[cmd, "--help"]);
        assert!(
            r.stdout.contains("--no-default-rules"),
            "{cmd}: {}",
            r.stdout
        );
    }
    let r = run(root, &["explain"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("weekday-mismatch  "), "{}", r.stdout);
    assert!(
        r.stdout
            .contains("Run `verify explain RULE` for what a rule checks"),
        "{}",
        r.stdout
    );
}

/// `--select` and `--ignore` (ids and categories) and `disable` in verify.toml choose the
/// rules that run; an unknown name is an error at its place, with a did-you-mean.
#[test]
fn rules_are_selected_by_id_and_category() {
    let dir = crate::support::temp_corpus(&[(
        "claims/a.claims",
        b"outlet o \"O\"\nperson h \"H\"\ncountry X \"X\"\nreport r by o published 2024-07-01\n  visit v: h to X on 2024-06-26 (Monday)\n",
    )]);
    let rules_of = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["claims", "--format", "concise", "--fail-on", "never"];
        all.extend(args);
        let r = run(dir.path(), &all);
        assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
        let mut ids: Vec<String> = r
            .stdout
            .lines()
            .filter_map(|l| Some(l.split_once('[')?.1.split_once(']')?.0.to_owned()))
            .collect();
        ids.dedup();
        ids
    };
    assert_eq!(
        rules_of(&[]),
        ["few-independent-origins", "weekday-mismatch"]
    );
    assert_eq!(rules_of(&["--select", "gap"]), ["few-independent-origins"]);
    assert_eq!(
        rules_of(&["--select", "gap,weekday-mismatch", "--ignore", "gap"]),
        ["weekday-mismatch"]
    );
    std::fs::write(
        dir.path().join("verify.toml"),
        "disable = [\"weekday-mismatch\"]\n",
    )
    .unwrap();
    assert_eq!(rules_of(&[]), ["few-independent-origins"]);
    std::fs::write(
        dir.path().join("verify.toml"),
        "disable = [\"weekday-mismatc\"]\n",
    )
    .unwrap();
    let r = run(dir.path(), &["claims"]);
    assert_eq!(r.code, 2);
    for part in [
        "error[rule]: unknown rule in disable: expected a rule id or a category (contradiction, gap), found `weekday-mismatc`",
        "--> verify.toml:1:12",
        "did you mean `weekday-mismatch`?",
    ] {
        assert!(r.stderr.contains(part), "{part}: {}", r.stderr);
    }
    std::fs::remove_file(dir.path().join("verify.toml")).unwrap();
    let r = run(dir.path(), &["claims", "--ignore", "contradictoin"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("did you mean `contradiction`?"),
        "{}",
        r.stderr
    );
}

/// The pointer to `verify explain` is given once per rule in a report, not on every block
/// (14 info blocks on the worked examples repeated the same help line).
#[test]
fn the_explain_pointer_is_given_once_per_rule() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let r = run(root, &["claims"]);
    let pointer = "`verify explain few-independent-origins` says what this rule checks and why";
    assert_eq!(r.stdout.matches(pointer).count(), 1, "{}", r.stdout);
    assert!(r.stdout.matches("info[few-independent-origins]").count() > 1);
}

/// The editor grammar (`editors/vscode/`) knows every claim kind the parser does: a kind
/// added to `syntax::KINDS` without the grammar would show unhighlighted.
#[test]
fn the_editor_grammar_knows_every_claim_kind() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join("editors/vscode/syntaxes/claims.tmLanguage.json"))
        .unwrap();
    let grammar: serde_json::Value = serde_json::from_str(&text).unwrap();
    let begin = grammar["repository"]["claim"]["begin"].as_str().unwrap();
    for spec in verify::syntax::ast::KINDS {
        assert!(
            begin.contains(&format!("|{}", spec.keyword))
                || begin.contains(&format!("({}|", spec.keyword)),
            "the grammar's claim pattern lacks `{}`: {begin}",
            spec.keyword
        );
    }
}

/// `verify --watch` checks, then checks again when a claims file changes — and only then:
/// its own reads of the files are file system events too, and once made it run in a loop.
#[test]
fn watch_checks_again_when_a_claims_file_changes() {
    use std::io::BufRead as _;
    use std::time::Duration;
    let dir = crate::support::temp_corpus(&[(
        "claims/a.claims",
        b"outlet o \"O\"\nperson h \"H\"\ncountry X \"X\"\nreport r by o published 2024-07-01\n  visit v: h to X on 2024-06-26\n",
    )]);
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_verify"))
        .args(["--watch", "--format", "concise"])
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stdout)
            .lines()
            .map_while(Result::ok)
        {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    // Lines up to the end of a run (its "watching" line), or what came before a timeout.
    let run = |limit: Duration| -> Option<Vec<String>> {
        let mut lines = Vec::new();
        loop {
            let line = rx.recv_timeout(limit).ok()?;
            let end = line.starts_with("watching for changes");
            lines.push(line);
            if end {
                return Some(lines);
            }
        }
    };
    let first = run(Duration::from_secs(60)).expect("a first run");
    assert!(
        first
            .iter()
            .any(|l| l == "1 finding: 0 errors, 0 warnings, 1 info"),
        "{first:?}"
    );
    assert!(
        run(Duration::from_secs(2)).is_none(),
        "a run with no change"
    );
    let path = dir.path().join("claims/a.claims");
    let mut text = std::fs::read_to_string(&path).unwrap();
    text.push_str("  visit w: h to X on 2024-06-26 (Monday)\n");
    std::fs::write(&path, text).unwrap();
    let second = run(Duration::from_secs(60)).expect("a run after the change");
    let _ = child.kill();
    let _ = child.wait();
    assert!(
        second.iter().any(|l| l.contains("error[weekday-mismatch]")),
        "{second:?}"
    );
    assert!(
        second
            .last()
            .unwrap()
            .contains("exit status of this run: 1"),
        "{second:?}"
    );
}

/// `verify fmt --fix` adds the `:` a label is missing (the parser's own suggestion, now a
/// fix it carries), lists each fix as it applies it, writes nothing with `--check`, and
/// changes nothing the second time.
#[test]
fn fmt_fix_adds_the_colon_a_label_is_missing() {
    let text = "outlet o \"O\"\nperson h \"H\"\ncountry X \"X\"\nreport r by o published 2024-07-01\n  visit trip h to X on 2024-06-26\n";
    let dir = crate::support::temp_corpus(&[("claims/a.claims", text.as_bytes())]);
    let path = dir.path().join("claims/a.claims");
    let r = run(dir.path(), &["fmt", "--fix", "--check"]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout
            .contains("would fix claims/a.claims:5:13: `:` after the label `trip`"),
        "{}",
        r.stdout
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
    let r = run(dir.path(), &["fmt", "--fix"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout.contains("fixed claims/a.claims:5:13"),
        "{}",
        r.stdout
    );
    assert!(std::fs::read_to_string(&path)
        .unwrap()
        .contains("  visit trip: h to X on 2024-06-26\n"));
    let again = run(dir.path(), &["fmt", "--fix"]);
    assert_eq!(again.code, 0);
    assert!(!again.stdout.contains("fixed"), "{}", again.stdout);
    // Without --fix, the same line is an error that says how to fix it.
    std::fs::write(&path, text).unwrap();
    let plain = run(dir.path(), &["fmt"]);
    assert_eq!(plain.code, 2);
    assert!(
        plain.stderr.contains("end it with a colon"),
        "{}",
        plain.stderr
    );
}

/// `verify fmt --fix` writes date ranges as articles write them in the canonical form, one
/// listed fix each, with what they mean kept (the periods read afterwards are the ones the
/// article means, the year written once applying to both ends); a second run changes
/// nothing.
#[test]
fn fmt_fix_writes_journalist_ranges_canonically() {
    let decls =
        "outlet o \"O\"\nperson h \"H\"\ncountry X \"X\"\nreport r by o published 2025-01-10\n";
    let text = format!(
        "{decls}  visit a: h to X on 26 to 28 June 2024\n  visit b: h to X on 30 December-2 January 2025\n  visit c: h to X on 3 and 4 January\n"
    );
    let dir = crate::support::temp_corpus(&[("claims/a.claims", text.as_bytes())]);
    let path = dir.path().join("claims/a.claims");
    let r = run(dir.path(), &["fmt", "--fix"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let listed: Vec<&str> = r
        .stdout
        .lines()
        .filter(|l| l.starts_with("fixed"))
        .collect();
    assert_eq!(
        listed,
        [
            "fixed claims/a.claims:5:19: `on 26..28 June 2024`",
            "fixed claims/a.claims:6:19: `from 30 December 2024 to 2 January 2025`",
            "fixed claims/a.claims:7:19: `on 3..4 January`"
        ]
    );
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        format!("{decls}  visit a: h to X on 26..28 June 2024\n  visit b: h to X from 2024-12-30 to 2025-01-02\n  visit c: h to X on 3..4 January\n")
    );
    let again = run(dir.path(), &["fmt", "--fix"]);
    assert!(!again.stdout.contains("fixed"), "{}", again.stdout);
    // The periods the article means, as a check now reads them.
    let loaded = verify::pipeline::load_paths(&[path]);
    let periods: Vec<String> = loaded
        .corpus
        .claims
        .iter()
        .map(|c| c.when.as_ref().unwrap().period.to_string())
        .collect();
    assert_eq!(
        periods,
        [
            "2024-06-26 to 2024-06-28",
            "2024-12-30 to 2025-01-02",
            "2025-01-03 to 2025-01-04"
        ]
    );
}

/// `verify fmt --fix` straightens only the quotes that open or close a text: quotes inside a
/// text in straight quotes (and in comments) are what the text says, and stay. A file the
/// fixes cannot make whole is left untouched, its errors shown as they are on disk, and no
/// fix is listed for it.
#[test]
fn fmt_fix_keeps_quotes_that_are_text() {
    let kept = "outlet o \"O\"\nperson h \"H\"\ncountry X \"X\"\nreport r by o published 2024-07-01 title \"Le « retour » de la chaleur\"\n  visit v: h to X topic \"the “return” of warmth\" # he said “fine”\n";
    let dir = crate::support::temp_corpus(&[("claims/a.claims", kept.as_bytes())]);
    let path = dir.path().join("claims/a.claims");
    let r = run(dir.path(), &["fmt", "--fix"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(!r.stdout.contains("fixed"), "{}", r.stdout);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), kept);
    // A typographic quote to fix, and an error no fix can mend (`Jully`).
    let broken = "outlet o “O”\nperson h \"H\"\ncountry X \"X\"\nreport r by o published 2024-07-01\n  visit v: h to X on 26 Jully 2024\n";
    std::fs::write(&path, broken).unwrap();
    let r = run(dir.path(), &["fmt", "--fix"]);
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    assert!(!r.stdout.contains("fixed"), "{}", r.stdout);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), broken);
    // The error is shown on the line as it is on disk.
    assert!(
        r.stderr.contains("5 |   visit v: h to X on 26 Jully 2024"),
        "{}",
        r.stderr
    );
}

/// `verify draft`: standard output by default, `-o FILE` never over a file without
/// `--force`, standard input for `-`; bad arguments and unreadable articles are errors
/// that say what was expected (exit 2), and nothing is written then.
#[test]
fn draft_writes_where_it_is_told_and_nowhere_else() {
    let dir = crate::support::temp_corpus(&[
        (
            "article.txt",
            "Paris, June 28, 2024\nMinister visits Rabat\n\nAccording to the Daily Planet, Jane Roe visited Morocco from 26 to 28 June.\n"
                .as_bytes(),
        ),
        ("claims/entities.claims", b"outlet planet \"Daily Planet\"\nperson roe \"Jane Roe\"\ncountry MA \"Morocco\"\n"),
        ("binary.txt", &[0u8, 159, 146, 150, 0, 0, 1, 2, 3, 0, 0, 0][..]),
    ]);
    let r = run(
        dir.path(),
        &[
            "draft",
            "article.txt",
            "--declarations",
            "claims",
            "--outlet",
            "wire",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("report wire-2024-06-28 by wire published 2024-06-28 lang en title \"Minister visits Rabat\""), "{}", r.stdout);
    assert!(r.stdout.contains("  per planet:\n"), "{}", r.stdout);
    assert!(
        r.stdout
            .contains("visit roe-to-ma: roe to MA from 26 to 28 June"),
        "{}",
        r.stdout
    );
    assert!(r.stderr.contains("drafted 1 claim"), "{}", r.stderr);
    // To a file: not over one that exists, unless asked.
    let out = dir.path().join("draft.claims");
    std::fs::write(&out, "keep me\n").unwrap();
    let r = run(dir.path(), &["draft", "article.txt", "-o", "draft.claims"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("`draft.claims` exists: pass --force to replace it"),
        "{}",
        r.stderr
    );
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "keep me\n");
    let r = run(
        dir.path(),
        &["draft", "article.txt", "-o", "draft.claims", "--force"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(std::fs::read_to_string(&out).unwrap().contains("report "));
    // Drafted alone (no declarations), it checks with no input error.
    let check = run(dir.path(), &["draft.claims"]);
    assert_ne!(check.code, 2, "{}{}", check.stdout, check.stderr);
    // Bad arguments and articles.
    let r = run(
        dir.path(),
        &["draft", "article.txt", "--published", "June-ish"],
    );
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("--published: expected a date"),
        "{}",
        r.stderr
    );
    let r = run(dir.path(), &["draft", "article.txt", "--outlet", "9 lives"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("--outlet: expected an outlet id"),
        "{}",
        r.stderr
    );
    let r = run(dir.path(), &["draft", "missing.txt"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("missing.txt"), "{}", r.stderr);
    let r = run(dir.path(), &["draft", "binary.txt"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
}

/// `verify draft -o` never writes through a symbolic link, even with `--force` (a link to
/// a system file would replace it), nor through a dangling one, nor over a directory.
#[test]
fn draft_output_is_never_written_through_a_link() {
    let dir = crate::support::temp_corpus(&[
        (
            "article.txt",
            b"Jane Roe visited Morocco on 26 June 2024.\n",
        ),
        ("precious.txt", b"keep me\n"),
    ]);
    let p = dir.path();
    std::os::unix::fs::symlink(p.join("precious.txt"), p.join("link.claims")).unwrap();
    std::os::unix::fs::symlink(p.join("nowhere/x.claims"), p.join("dangling.claims")).unwrap();
    std::fs::create_dir(p.join("dir.claims")).unwrap();
    for (target, says) in [
        ("link.claims", "is a symbolic link"),
        ("dangling.claims", "is a symbolic link"),
        ("dir.claims", "is not a regular file"),
    ] {
        let r = run(p, &["draft", "article.txt", "-o", target, "--force"]);
        assert_eq!(r.code, 2, "{target}: {}", r.stderr);
        assert!(r.stderr.contains(says), "{target}: {}", r.stderr);
    }
    assert_eq!(
        std::fs::read_to_string(p.join("precious.txt")).unwrap(),
        "keep me\n"
    );
    assert!(!p.join("nowhere").exists());
}
