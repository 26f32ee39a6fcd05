//! Output formats, exit codes, baselines, configuration, `verify init` and the CI recipes
//! of `docs/ci.md`, all through the built binary.

use std::path::{Path, PathBuf};

use crate::support::{expect_file, run, run_env, temp_corpus, Run};

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// `text` with the absolute folder of the project (SARIF's `%SRCROOT%`) written
/// `file:///PROJECT/`, so outputs compare across machines and folders.
fn without_project_folder(text: &str, dir: &Path) -> String {
    let abs = std::fs::canonicalize(dir).unwrap();
    let uri = format!(
        "file:///{}/",
        abs.display().to_string().trim_start_matches('/')
    );
    text.replace(&uri, "file:///PROJECT/")
}

/// Runs with no colour and a width of 80 columns.
fn run80(dir: &Path, args: &[&str]) -> Run {
    run_env(dir, args, &[("COLUMNS", "80")])
}

#[test]
fn golden_output_of_every_format_on_the_seed_corpus() {
    for (format, file) in [
        ("human", "human.txt"),
        ("concise", "concise.txt"),
        ("json", "json.json"),
        ("sarif", "sarif.json"),
        ("junit", "junit.xml"),
        ("github", "github.txt"),
        ("markdown", "markdown.md"),
        ("html", "html.html"),
    ] {
        let r = run80(repo(), &["claims", "--format", format]);
        assert_eq!(r.code, 0, "{format}: {}", r.stderr);
        expect_file(
            &repo().join("tests/data/golden").join(file),
            &without_project_folder(&r.stdout, repo()),
        );
    }
}

/// The HTML report of a story with every kind of finding mark (overlap, gap, a date outside
/// its window, a weekday, a length), byte for byte.
#[test]
fn golden_html_with_every_kind_of_mark() {
    let r = run80(
        repo(),
        &[
            "tests/data/golden/marks",
            "--format",
            "html",
            "--fail-on",
            "never",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    for word in [">overlap</text>", ">gap</text>"] {
        assert!(r.stdout.contains(word), "no `{word}` band");
    }
    for rule in [
        "overlapping-plans",
        "gap-between-plans",
        "sub-event-outside-parent",
        "weekday-mismatch",
        "duration-mismatch",
    ] {
        assert!(r.stdout.contains(rule), "no finding of {rule}");
    }
    expect_file(&repo().join("tests/data/golden/marks.html"), &r.stdout);
}

fn validate(schema_path: &Path, instance: &serde_json::Value) {
    let errors = schema_errors(schema_path, instance);
    assert!(errors.is_empty(), "{}: {errors:#?}", schema_path.display());
}

fn schema_errors(schema_path: &Path, instance: &serde_json::Value) -> Vec<String> {
    // The official SARIF schema's `run.language` pattern has a stray `]`, which is not a
    // valid ECMA-262 regex and makes the schema itself fail its meta-schema; escape it in
    // memory (the vendored file stays as published; `verify` never writes `language`).
    let text = std::fs::read_to_string(schema_path)
        .unwrap()
        .replace("[a-zA-Z]{2}]?$", "[a-zA-Z]{2}\\\\]?$");
    let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
    let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
    validator
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

/// A corpus with input errors and known findings, to exercise every optional field.
fn messy_corpus() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("claims")).unwrap();
    std::fs::write(
        dir.path().join("claims/a.claims"),
        "outlet a \"A\"\noutlet b \"B\"\nperson h \"H\"\ncountry X \"X\"\nevent g \"G\"\nreport r by a published 2024-07-01\n  visit v: h to X on 2024-06-26\n  event e: g on 2024-06-29 (Friday)\nreport s by b published 2024-07-02\n  visit v: h to X on 2024-07-20\n  visit w: h to Nowhere\n",
    )
    .unwrap();
    dir
}

#[test]
fn json_output_matches_its_schema() {
    let schema = repo().join("docs/output.schema.json");
    let rules = repo().join("rules");
    for dir in [repo().to_path_buf(), messy_corpus().keep()] {
        let r = run80(
            &dir,
            &[
                "claims",
                "--format",
                "json",
                "--rules",
                rules.to_str().unwrap(),
            ],
        );
        let doc: serde_json::Value =
            serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("{e}: {}", r.stdout));
        validate(&schema, &doc);
        assert_eq!(doc["version"], 2);
        let mut broken = doc.clone();
        broken["findings"][0]["certainty"] = serde_json::json!("maybe");
        assert!(!schema_errors(&schema, &broken).is_empty());
    }
}

#[test]
fn sarif_output_is_valid_sarif_2_1_0() {
    let schema = repo().join("tests/data/sarif-schema-2.1.0.json");
    let rules = repo().join("rules");
    for dir in [repo().to_path_buf(), messy_corpus().keep()] {
        let r = run80(
            &dir,
            &[
                "claims",
                "--format",
                "sarif",
                "--rules",
                rules.to_str().unwrap(),
            ],
        );
        let doc: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
        validate(&schema, &doc);
        // The schema does catch a broken log.
        let mut broken = doc.clone();
        broken["runs"][0]["results"][0]["level"] = serde_json::json!("fatal");
        assert!(!schema_errors(&schema, &broken).is_empty());
        let run = &doc["runs"][0];
        assert_eq!(run["tool"]["driver"]["name"], "verify");
        // The rules list holds exactly the rules that fired.
        let fired: std::collections::BTreeSet<&str> = run["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["ruleId"].as_str().unwrap())
            .collect();
        let listed: std::collections::BTreeSet<&str> = run["tool"]["driver"]["rules"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["id"].as_str().unwrap())
            .collect();
        assert_eq!(fired, listed);
        for result in run["results"].as_array().unwrap() {
            let region = &result["locations"][0]["physicalLocation"]["region"];
            assert!(region["startLine"].as_u64().unwrap() >= 1);
            assert!(region["startColumn"].as_u64().unwrap() >= 1);
        }
    }
}

#[test]
fn junit_output_parses() {
    let r = run80(
        repo(),
        &["claims", "--format", "junit", "--fail-on", "info"],
    );
    assert_eq!(r.code, 1);
    let report =
        quick_junit::Report::deserialize_from_str(&r.stdout).expect("a JUnit reader parses it");
    let suite = &report.test_suites[0];
    let rules = std::fs::read_dir(repo().join("rules")).unwrap().count();
    assert_eq!(
        suite.test_cases.len(),
        rules + 1,
        "one case per rule, plus input"
    );
    assert!(suite.failures > 0);
}

#[test]
fn github_annotations_escape_their_values() {
    let dir = temp_corpus(&[(
        "claims/a, b.claims",
        b"outlet a \"A: 100% sure\"\nevent g \"G\"\nreport r by a\n  event e: g on 2024-06-29 (Friday)\n",
    )]);
    let rules = repo().join("rules");
    let r = run80(
        dir.path(),
        &["--format", "github", "--rules", rules.to_str().unwrap()],
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stdout.contains("::error file=claims/a%2C b.claims,line=4,col=3,endLine=4,endColumn=36,title=weekday-mismatch (definite)::A: 100%25 sure pairs a date with the wrong weekday"),
        "{}",
        r.stdout
    );
}

#[test]
fn markdown_escapes_text_taken_from_articles() {
    let dir = temp_corpus(&[(
        "claims/a.claims",
        b"outlet a \"<script>alert(1)</script>\"\nevent g \"[x](javascript:alert(1))\"\nreport r by a\n  event e: g on 2024-06-29 (Friday)\n",
    )]);
    let rules = repo().join("rules");
    let r = run80(
        dir.path(),
        &["--format", "markdown", "--rules", rules.to_str().unwrap()],
    );
    assert!(!r.stdout.contains("<script>"), "{}", r.stdout);
    assert!(
        r.stdout.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{}",
        r.stdout
    );
    assert!(!r.stdout.contains("](javascript:"), "{}", r.stdout);
}

/// Writes a corpus with findings at the given levels (any of error, warning, info).
fn corpus_with(levels: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("claims")).unwrap();
    let mut text = String::from("outlet a \"A\"\noutlet b \"B\"\nevent g \"G\"\ncountry X \"X\"\nreport r by a published 2024-07-01\n");
    for l in levels {
        text.push_str(match *l {
            // weekday-mismatch: error
            "error" => "  event e1: g on 2024-06-29 (Friday)\n",
            // unresolved-date: warning (under a report with no date)
            "warning" => "",
            // plan-without-period: info
            _ => "  agreement m: \"M\" parties X signed 2020\n",
        });
    }
    if levels.contains(&"warning") {
        text.push_str("report s by b\n  event e2: g on yesterday\n");
    }
    std::fs::write(dir.path().join("claims/a.claims"), text).unwrap();
    dir
}

#[test]
fn exit_codes_follow_fail_on() {
    let rules = repo().join("rules");
    let rules = rules.to_str().unwrap();
    // (levels present, [exit for error, warning, info, never])
    let matrix: [(&[&str], [i32; 4]); 4] = [
        (&["error", "warning", "info"], [1, 1, 1, 0]),
        (&["warning", "info"], [0, 1, 1, 0]),
        (&["info"], [0, 0, 1, 0]),
        (&[], [0, 0, 0, 0]),
    ];
    for (levels, expected) in matrix {
        let dir = corpus_with(levels);
        for (fail_on, want) in ["error", "warning", "info", "never"].iter().zip(expected) {
            let r = run(
                dir.path(),
                &["--rules", rules, "--fail-on", fail_on, "--quiet"],
            );
            assert_eq!(
                r.code, want,
                "levels {levels:?}, --fail-on {fail_on}: {}{}",
                r.stdout, r.stderr
            );
        }
    }
    // Bad input wins over findings.
    let dir = corpus_with(&["error"]);
    std::fs::write(dir.path().join("claims/b.claims"), "persn x \"X\"\n").unwrap();
    let r = run(dir.path(), &["--rules", rules, "--fail-on", "never"]);
    assert_eq!(r.code, 2);
}

#[test]
fn a_baseline_survives_moving_and_reformatting_claims() {
    let rules = repo().join("rules");
    let rules = rules.to_str().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let claims = dir.path().join("claims");
    std::fs::create_dir(&claims).unwrap();
    let decls = "outlet a \"A\"\noutlet b \"B\"\nperson h \"H\"\ncountry X \"X\"\nevent g \"G\"\n";
    let r1 = "report r by a published 2024-07-01\n  visit v: h to X on 2024-06-26\n  event e: g on 2024-06-29 (Friday)\n";
    let r2 = "report s by b published 2024-07-02\n  visit v: h to X on 2024-07-20\n";
    std::fs::write(claims.join("one.claims"), format!("{decls}{r1}{r2}")).unwrap();
    let w = run(
        dir.path(),
        &["--rules", rules, "--write-baseline", "base.json"],
    );
    assert_eq!(w.code, 0, "{}", w.stderr);
    let before = run(dir.path(), &["--rules", rules, "--format", "json"]);
    assert_eq!(before.code, 1);

    // Move reports to another file and order, add comments and blank lines, mess up spacing.
    std::fs::write(
        claims.join("one.claims"),
        format!("# declarations\n\n{decls}"),
    )
    .unwrap();
    let messy_r1 = "report   r   by a   published 2024-07-01   # moved\n\n    event  e:  g  on  June 29 2024  (friday)\n    visit v:  h to X  on 26 June 2024\n";
    std::fs::write(claims.join("two.claims"), format!("{r2}\n\n{messy_r1}")).unwrap();
    let after = run(
        dir.path(),
        &[
            "--rules",
            rules,
            "--baseline",
            "base.json",
            "--format",
            "json",
        ],
    );
    assert_eq!(after.code, 0, "every finding is known: {}", after.stdout);
    let doc: serde_json::Value = serde_json::from_str(&after.stdout).unwrap();
    assert_eq!(doc["summary"]["known"], doc["summary"]["findings"]);
    assert!(doc["summary"]["findings"].as_u64().unwrap() >= 2);

    // A new contradiction is new, and fails.
    std::fs::write(
        claims.join("three.claims"),
        "report t by b\n  event f: g on 2024-07-04 (Monday)\n",
    )
    .unwrap();
    let new = run(dir.path(), &["--rules", rules, "--baseline", "base.json"]);
    assert_eq!(new.code, 1, "{}", new.stdout);
    assert!(new.stdout.contains("(known)"), "{}", new.stdout);
}

#[test]
fn bad_arguments_are_clear_and_exit_2() {
    let rules = repo().join("rules");
    let r = run(repo(), &["--format", "xml"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("invalid value 'xml' for '--format"),
        "{}",
        r.stderr
    );
    let r = run(repo(), &["--fail-on", "sometimes"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("invalid value 'sometimes'"),
        "{}",
        r.stderr
    );
    let r = run(repo(), &["no-such-dir"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("cannot read `no-such-dir`: no such file or directory"),
        "{}",
        r.stderr
    );
    let r = run(repo(), &["claims", "--rules", "README.md"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("cannot read rules from `README.md`: expected a directory, found a file"),
        "{}",
        r.stderr
    );
    let r = run(
        repo(),
        &[
            "claims",
            "--rules",
            rules.to_str().unwrap(),
            "--baseline",
            "no-such-baseline.json",
        ],
    );
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("cannot read baseline `no-such-baseline.json`"),
        "{}",
        r.stderr
    );
}

#[test]
fn an_unreadable_file_is_reported_and_the_rest_checked() {
    use std::os::unix::fs::PermissionsExt;
    let dir = corpus_with(&["error"]);
    let locked = dir.path().join("claims/locked.claims");
    std::fs::write(&locked, "outlet z \"Z\"\n").unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&locked).is_ok() {
        return; // running as a user that ignores permissions: nothing to test here
    }
    let r = run(
        dir.path(),
        &["--rules", repo().join("rules").to_str().unwrap()],
    );
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("cannot read `claims/locked.claims`: permission denied"),
        "{}",
        r.stderr
    );
    assert!(r.stdout.contains("weekday-mismatch"), "{}", r.stdout);
}

#[test]
fn configuration_is_found_upward_and_flags_override_it() {
    let dir = corpus_with(&["error"]);
    copy_rules(&dir.path().join("my-rules"));
    std::fs::write(
        dir.path().join("verify.toml"),
        "paths = [\"claims\"]\nrules = \"my-rules\"\nformat = \"json\"\nfail-on = \"never\"\n",
    )
    .unwrap();
    let sub = dir.path().join("deep/er");
    std::fs::create_dir_all(&sub).unwrap();
    // From a subdirectory: the configuration above is used, its paths relative to it.
    let r = run(&sub, &[]);
    assert_eq!(r.code, 0, "fail-on never: {}{}", r.stdout, r.stderr);
    let doc: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(doc["summary"]["errors"], 1);
    // Flags win.
    let r = run(&sub, &["--fail-on", "error", "--format", "human"]);
    assert_eq!(r.code, 1);
    assert!(r.stdout.contains("error[weekday-mismatch]"), "{}", r.stdout);
}

#[test]
fn a_broken_configuration_is_reported_at_its_place() {
    let dir = corpus_with(&[]);
    std::fs::write(
        dir.path().join("verify.toml"),
        "format = \"jsn\"\nfail_on = \"error\"\n",
    )
    .unwrap();
    let r = run(dir.path(), &[]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("unknown key `fail_on`"), "{}", r.stderr);
    assert!(r.stderr.contains("did you mean `fail-on`?"), "{}", r.stderr);
    assert!(r.stderr.contains("--> verify.toml:2:1"), "{}", r.stderr);
    std::fs::write(dir.path().join("verify.toml"), "format = \"jsn\"\n").unwrap();
    let r = run(dir.path(), &[]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("unknown format: expected one of human, concise, json, sarif, junit, github, markdown, html, found `jsn`"), "{}", r.stderr);
    assert!(r.stderr.contains("did you mean `json`?"), "{}", r.stderr);
}

#[test]
fn init_scaffolds_a_working_project_and_keeps_existing_files() {
    let dir = tempfile::tempdir().unwrap();
    let r = run(dir.path(), &["init"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    for f in ["verify.toml", "claims/example.claims"] {
        assert!(dir.path().join(f).is_file(), "{f}");
    }
    // The standard rules are built in: no copies of some of them.
    assert!(!dir.path().join("rules").exists());
    let check = run(dir.path(), &[]);
    assert_eq!(
        check.code, 0,
        "the example only has a warning: {}{}",
        check.stdout, check.stderr
    );
    assert!(
        check.stdout.contains(
            "warning[borrowed-anchor]: The Daily's relative date was read against 2025-04-12"
        ),
        "{}",
        check.stdout
    );
    let tests = run(dir.path(), &["test"]);
    assert_eq!(tests.code, 0, "{}", tests.stdout);
    std::fs::write(dir.path().join("verify.toml"), "format = \"json\"\n").unwrap();
    let again = run(dir.path(), &["init"]);
    assert!(
        again.stdout.contains("kept     ./verify.toml"),
        "{}",
        again.stdout
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("verify.toml")).unwrap(),
        "format = \"json\"\n"
    );
}

#[test]
fn ci_recipes_run_as_documented() {
    let doc = std::fs::read_to_string(repo().join("docs/ci.md")).unwrap();
    let mut commands = Vec::new();
    let mut in_sh = false;
    for line in doc.lines() {
        if line.starts_with("```") {
            in_sh = line == "```sh";
            continue;
        }
        if in_sh && line.starts_with("verify ") {
            commands.push(line.to_owned());
        }
    }
    assert!(commands.len() >= 8, "{commands:?}");
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("claims"), &dir.path().join("claims"));
    copy_dir(&repo().join("rules"), &dir.path().join("rules"));
    for cmd in commands {
        let args: Vec<&str> = cmd.split_whitespace().skip(1).collect();
        let r = run(dir.path(), &args);
        assert!(
            r.code == 0 || r.code == 1,
            "`{cmd}` exited {}: {}",
            r.code,
            r.stderr
        );
        assert!(!r.stderr.contains("error["), "`{cmd}`: {}", r.stderr);
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let p: PathBuf = e.unwrap().path();
        std::fs::copy(&p, to.join(p.file_name().unwrap())).unwrap();
    }
}

#[test]
fn output_is_identical_across_runs() {
    let a = run80(repo(), &["claims", "--format", "json"]);
    let b = run80(repo(), &["claims", "--format", "json"]);
    assert_eq!(a.stdout, b.stdout);
}

#[test]
fn output_does_not_depend_on_the_order_files_were_created() {
    let rules = repo().join("rules");
    let names = ["entities.claims", "belgium.claims", "france.claims"];
    let mut outputs = Vec::new();
    for order in [[0, 1, 2], [2, 1, 0], [1, 2, 0]] {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("claims")).unwrap();
        for i in order {
            std::fs::copy(
                repo().join("claims").join(names[i]),
                dir.path().join("claims").join(names[i]),
            )
            .unwrap();
        }
        for format in ["human", "json", "sarif"] {
            let r = run80(
                dir.path(),
                &[
                    "claims",
                    "--format",
                    format,
                    "--rules",
                    rules.to_str().unwrap(),
                ],
            );
            outputs.push((format, without_project_folder(&r.stdout, dir.path())));
        }
    }
    for chunk in outputs.chunks(3).skip(1) {
        for (i, (format, text)) in chunk.iter().enumerate() {
            assert_eq!(
                text, &outputs[i].1,
                "{format} differs with another file order"
            );
        }
    }
}

#[test]
fn test_and_explain_read_the_rules_directory_from_the_configuration_and_report_its_errors() {
    let dir = tempfile::tempdir().unwrap();
    copy_rules(&dir.path().join("my-rules"));
    std::fs::write(dir.path().join("verify.toml"), "rules = \"my-rules\"\n").unwrap();
    let r = run(dir.path(), &["explain", "weekday-mismatch"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.starts_with("weekday-mismatch: "), "{}", r.stdout);
    std::fs::write(dir.path().join("verify.toml"), "rulez = \"rules\"\n").unwrap();
    let r = run(dir.path(), &["test"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("unknown key `rulez`") && r.stderr.contains("--> verify.toml:1:1"),
        "{}",
        r.stderr
    );
}

/// A run whose input has errors never writes a baseline: claims left out would drop their
/// findings from it, and the next run would call them new (or forget them).
#[test]
fn a_baseline_is_not_written_from_a_run_with_input_errors() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("claims")).unwrap();
    std::fs::write(
        dir.path().join("claims/a.claims"),
        "outlet o \"O\"\nevent g \"G\"\nreport r by o\n  event e: g on 2024-06-29 (Friday)\n  event f: g in Nowhere on 2024-06-29 (Friday)\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("known.json"),
        "{\"version\": 1, \"findings\": []}\n",
    )
    .unwrap();
    let rules = repo().join("rules");
    let r = run80(
        dir.path(),
        &[
            "claims",
            "--rules",
            rules.to_str().unwrap(),
            "--write-baseline",
            "known.json",
        ],
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("baseline not written"), "{}", r.stderr);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("known.json")).unwrap(),
        "{\"version\": 1, \"findings\": []}\n",
        "the old baseline is kept"
    );
}

/// Copies the standard rules into `to` (paths in verify.toml stay inside the project).
fn copy_rules(to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(repo().join("rules")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, to.join(path.file_name().unwrap())).unwrap();
    }
}

/// A `count` finding is about its group, not its members: one more relay of a known event
/// leaves it known (its fingerprint was a hash of every member, so it became "new").
#[test]
fn a_count_finding_stays_known_when_its_group_grows() {
    let rules = repo().join("rules");
    let rules = rules.to_str().unwrap();
    let decls = "outlet a \"Agency\"\noutlet s \"Site\"\noutlet t \"Other site\"\nperson h \"H\"\ncountry X \"X\"\n";
    let origin = "report r by a published 2024-07-01\n  visit v: h to X on 2024-06-26\n";
    let relay =
        "report s1 by s published 2024-07-02\n  per a:\n    visit v: h to X on 2024-06-26\n";
    let dir = temp_corpus(&[(
        "claims/a.claims",
        format!("{decls}{origin}{relay}").as_bytes(),
    )]);
    let w = run(
        dir.path(),
        &["--rules", rules, "--write-baseline", "base.json"],
    );
    assert_eq!(w.code, 0, "{}", w.stderr);
    let base = std::fs::read_to_string(dir.path().join("base.json")).unwrap();
    assert!(base.contains("few-independent-origins"), "{base}");
    let another =
        "report t1 by t published 2024-07-03\n  per a:\n    visit v: h to X on 2024-06-26\n";
    std::fs::write(
        dir.path().join("claims/a.claims"),
        format!("{decls}{origin}{relay}{another}"),
    )
    .unwrap();
    let after = run(
        dir.path(),
        &[
            "--rules",
            rules,
            "--baseline",
            "base.json",
            "--format",
            "json",
        ],
    );
    let doc: serde_json::Value = serde_json::from_str(&after.stdout).unwrap();
    let few: Vec<&serde_json::Value> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "few-independent-origins")
        .collect();
    assert_eq!(few.len(), 1, "{}", after.stdout);
    assert_eq!(few[0]["baseline"], "known", "{}", after.stdout);
    assert_eq!(few[0]["claims"].as_array().unwrap().len(), 3);
    // Shrinking (the first relay gone) and reordering (the reports in another order, split
    // over two files) keep it known too.
    let known_after = |files: &[(&str, String)]| {
        for f in ["a.claims", "b.claims"] {
            let _ = std::fs::remove_file(dir.path().join("claims").join(f));
        }
        for (name, text) in files {
            std::fs::write(dir.path().join("claims").join(name), text).unwrap();
        }
        let r = run(
            dir.path(),
            &[
                "--rules",
                rules,
                "--baseline",
                "base.json",
                "--format",
                "json",
            ],
        );
        let doc: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
        doc["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["rule"] == "few-independent-origins")
            .map(|f| f["baseline"].as_str().unwrap().to_owned())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        known_after(&[("a.claims", format!("{decls}{origin}{another}"))]),
        ["known"]
    );
    assert_eq!(
        known_after(&[
            ("a.claims", format!("{decls}{another}")),
            ("b.claims", format!("{relay}{origin}")),
        ]),
        ["known"]
    );
}

/// A `count` finding locates at most 100 of its claims and says how many there are: 300
/// accounts of one label printed 300 locations (500,000 printed 400,000 lines).
#[test]
fn a_count_finding_locates_at_most_a_hundred_claims() {
    let rules = repo().join("rules");
    let mut text = String::from("outlet o \"O\"\nperson h \"H\"\ncountry X \"X\"\n");
    for i in 0..300 {
        text.push_str(&format!(
            "report r{i} by o published 2024-07-01\n  visit v: h to X on 2024-06-26\n"
        ));
    }
    let dir = temp_corpus(&[("claims/a.claims", text.as_bytes())]);
    let r = run(
        dir.path(),
        &[
            "--rules",
            rules.to_str().unwrap(),
            "--format",
            "json",
            "--fail-on",
            "never",
        ],
    );
    let doc: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let few: Vec<&serde_json::Value> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "few-independent-origins")
        .collect();
    assert_eq!(few.len(), 1, "{}", r.stdout);
    assert_eq!(few[0]["claims"].as_array().unwrap().len(), 100);
    assert_eq!(
        few[0]["message"],
        "visit v rests on 1 independent origin(s) (O), fewer than 2; outlets relaying it do not count (the first 100 of its 300 claims are shown)"
    );
}

/// Run from a subfolder, every machine format names files relative to the project (the
/// folder of verify.toml), so code scanning and workflow annotations attach: SARIF carried
/// `../`-relative or absolute URIs, GitHub `file=../claims/…`. The human format keeps paths
/// relative to where it runs, for the terminal.
#[test]
fn paths_are_relative_to_the_project_from_a_subfolder() {
    let dir = temp_corpus(&[
        ("verify.toml", b"format = \"human\"\n"),
        (
            "claims/sub/a.claims",
            b"outlet o \"O\"\nperson h \"H\"\ncountry X \"X\"\nreport r by o published 2024-07-01\n  visit v: h to X on 2024-06-26 (Monday)\n",
        ),
    ]);
    let inner = dir.path().join("claims");
    for format in ["json", "sarif", "junit", "github", "markdown", "html"] {
        let r = run(&inner, &["sub", "--format", format]);
        assert_eq!(r.code, 1, "{format}: {}", r.stderr);
        assert!(
            r.stdout.contains("claims/sub/a.claims"),
            "{format}: {}",
            r.stdout
        );
        assert!(!r.stdout.contains("../"), "{format}: {}", r.stdout);
        let tmp = dir.path().to_string_lossy().into_owned();
        if format != "sarif" {
            assert!(!r.stdout.contains(&tmp), "{format}: {}", r.stdout);
        }
    }
    let sarif = run(&inner, &["sub", "--format", "sarif"]);
    let doc: serde_json::Value = serde_json::from_str(&sarif.stdout).unwrap();
    let location =
        &doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"];
    assert_eq!(location["uri"], "claims/sub/a.claims");
    assert_eq!(location["uriBaseId"], "%SRCROOT%");
    let root = doc["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"]
        .as_str()
        .unwrap();
    assert!(
        root.starts_with("file:///") && root.ends_with('/'),
        "{root}"
    );
    // --path-base overrides; the human format stays relative to the working directory.
    let r = run(&inner, &["sub", "--format", "github", "--path-base", "sub"]);
    assert!(r.stdout.contains("file=a.claims,"), "{}", r.stdout);
    let r = run(&inner, &["sub"]);
    assert!(r.stdout.contains("--> sub/a.claims:5:3"), "{}", r.stdout);
}

/// `-q` with a baseline shows only new findings (it printed every known one), `--min-level`
/// leaves out findings below a level without changing the exit status, and `concise` gives
/// one line per finding.
#[test]
fn quiet_hides_known_findings_and_min_level_hides_lower_ones() {
    let dir = temp_corpus(&[(
        "claims/a.claims",
        b"outlet o \"O\"\nperson h \"H\"\ncountry X \"X\"\nreport r by o published 2024-07-01\n  visit v: h to X on 2024-06-26 (Monday)\n",
    )]);
    let rules = repo().join("rules");
    let rules = rules.to_str().unwrap();
    let w = run(
        dir.path(),
        &[
            "claims",
            "--rules",
            rules,
            "--write-baseline",
            "b.json",
            "-q",
        ],
    );
    assert_eq!(w.code, 0, "{}", w.stderr);
    assert_eq!(w.stdout, "", "a baseline being written knows every finding");
    let known = run(
        dir.path(),
        &["claims", "--rules", rules, "--baseline", "b.json", "-q"],
    );
    assert_eq!(known.code, 0, "{}", known.stderr);
    assert_eq!(known.stdout, "", "known findings are not shown with -q");
    let all = run(
        dir.path(),
        &["claims", "--rules", rules, "--format", "concise"],
    );
    assert_eq!(all.code, 1);
    let lines: Vec<&str> = all.stdout.lines().collect();
    assert!(
        lines.contains(&"claims/a.claims:5:3: error[weekday-mismatch] O pairs a date with the wrong weekday in `visit v: h to X on 2024-06-26 (Monday)`: 2024-06-26"),
        "{}",
        all.stdout
    );
    assert_eq!(
        lines.last(),
        Some(&"2 findings: 1 error, 0 warnings, 1 info")
    );
    let errors = run(
        dir.path(),
        &[
            "claims",
            "--rules",
            rules,
            "--format",
            "concise",
            "--min-level",
            "error",
            "-q",
        ],
    );
    assert_eq!(errors.code, 1, "the exit status counts every finding");
    assert_eq!(errors.stdout.lines().count(), 1, "{}", errors.stdout);
    let info = run(
        dir.path(),
        &[
            "claims",
            "--rules",
            rules,
            "--format",
            "json",
            "--min-level",
            "warning",
            "--fail-on",
            "info",
        ],
    );
    assert_eq!(
        info.code, 1,
        "an info finding not shown still fails with --fail-on info"
    );
    let doc: serde_json::Value = serde_json::from_str(&info.stdout).unwrap();
    assert_eq!(doc["findings"].as_array().unwrap().len(), 1);
    // The same from verify.toml.
    std::fs::write(dir.path().join("verify.toml"), "min-level = \"warning\"\n").unwrap();
    let r = run(
        dir.path(),
        &["claims", "--rules", rules, "--format", "concise"],
    );
    assert!(!r.stdout.contains("info["), "{}", r.stdout);
    assert!(r.stdout.contains("error[weekday-mismatch]"), "{}", r.stdout);
}

/// `# verify: ignore[RULE] REASON` on a claim line silences that rule's findings about the
/// claim, counted in the summary and shown with `--show-suppressed`; without a reason, or
/// naming a rule that is not loaded, it is an error (with a did-you-mean) and silences
/// nothing.
#[test]
fn suppression_comments_need_a_reason_and_a_known_rule() {
    let head = "outlet o \"O\"\noutlet p \"P\"\nperson h \"H\"\ncountry X \"X\"\nreport r by o published 2024-07-01\n";
    let second = "report s by p published 2024-07-01\n  visit v: h to X on 2024-06-26\n";
    let claim = "  visit v: h to X on 2024-06-26 (Monday)";
    let with = |comment: &str| {
        temp_corpus(&[(
            "claims/a.claims",
            format!("{head}{claim}  {comment}\n{second}").as_bytes(),
        )])
    };
    let rules = repo().join("rules");
    let rules = rules.to_str().unwrap();
    let dir = with("# verify: ignore[weekday-mismatch] the paper printed Monday; desk told");
    let r = run(dir.path(), &["claims", "--rules", rules]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(
        !r.stdout.contains("error[weekday-mismatch]"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("(1 suppressed by comments; --show-suppressed shows them)"),
        "{}",
        r.stdout
    );
    let shown = run(
        dir.path(),
        &[
            "claims",
            "--rules",
            rules,
            "--show-suppressed",
            "--format",
            "concise",
        ],
    );
    assert_eq!(shown.code, 0, "suppressed findings never fail the run");
    assert!(
        shown.stdout.contains("error[weekday-mismatch] O pairs a date with the wrong weekday in `visit v: h to X on 2024-06-26 (Monday)`: 2024-06-26 (suppressed: the paper printed Monday; desk told)"),
        "{}",
        shown.stdout
    );
    let json = run(
        dir.path(),
        &["claims", "--rules", rules, "--format", "json"],
    );
    let doc: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(doc["summary"]["suppressed"], 1);

    let dir = with("# verify: ignore[weekday-mismatch]");
    let r = run(dir.path(), &["claims", "--rules", rules]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("error[suppress]: a suppression needs a reason"),
        "{}",
        r.stderr
    );
    assert!(
        r.stdout.contains("error[weekday-mismatch]"),
        "not silenced: {}",
        r.stdout
    );

    let dir = with("# verify: ignore[weekday-mismatc] typo in the id");
    let r = run(dir.path(), &["claims", "--rules", rules]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("unknown rule in a suppression: expected a rule id, found `weekday-mismatc`"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("did you mean `weekday-mismatch`?"),
        "{}",
        r.stderr
    );
}
