//! Hostile and broken input, generated in the test: none of it may panic or hang, each gets
//! a clear message, and a broken file beside good ones yields exit 2 while the good files
//! are still processed.

use std::path::Path;

use verify::diag::{Diagnostic, SourceFile, SourceMap};
use verify::syntax::{self, source::decode};

use crate::support::{findings, messages_of, render_all, run, temp_corpus};

/// Decodes and parses `bytes` as file `name`; returns the rendered diagnostics.
fn diagnose(name: &str, bytes: &[u8]) -> (Vec<Diagnostic>, String) {
    let (text, mut diags) = decode(bytes, 0);
    let mut map = SourceMap::default();
    map.add(SourceFile::new(name, text));
    let (_, d) = syntax::parse(&map.files[0].text, 0);
    diags.extend(d);
    let rendered = render_all(&map, &diags);
    (diags, rendered)
}

const GOOD: &str = "outlet o \"Outlet\"\nperson a \"Person A\"\ncountry X \"X\"\nreport r by o published 2024-01-01\n  visit v: a to X on yesterday\n";

#[test]
fn empty_file_is_valid() {
    let (diags, _) = diagnose("empty.claims", b"");
    assert!(diags.is_empty());
}

#[test]
fn invalid_utf8_names_the_byte_and_position_and_the_rest_is_parsed() {
    let mut bytes = b"outlet o \"Out\xc3(let\"\n".to_vec();
    bytes.extend_from_slice(b"persn a \"A\"\n");
    let (diags, text) = diagnose("bad.claims", &bytes);
    assert!(
        text.contains("error[encoding]: invalid UTF-8: expected UTF-8 text, found byte 0xc3"),
        "{text}"
    );
    assert!(text.contains("--> bad.claims:1:14"), "{text}");
    // The next line is still parsed and its own error reported.
    assert!(text.contains("--> bad.claims:2:1"), "{text}");
    assert_eq!(diags.len(), 2);
}

#[test]
fn binary_garbage_is_one_clear_error() {
    let bytes: Vec<u8> = (0..100_000u32)
        .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
        .collect();
    let (diags, text) = diagnose("garbage.claims", &bytes);
    assert_eq!(diags.len(), 1, "{text}");
    assert!(
        text.contains("expected a UTF-8 text file, found binary data"),
        "{text}"
    );
}

#[test]
fn nul_bytes_are_reported_where_they_are() {
    let (diags, text) = diagnose(
        "nul.claims",
        b"outlet o \"Outlet\"\nperson a \"A\0\"\nperson b \"B\"\n",
    );
    assert_eq!(diags.len(), 1, "{text}");
    assert!(
        text.contains("error[nul]: unexpected NUL byte: expected text"),
        "{text}"
    );
    assert!(text.contains("--> nul.claims:2:12"), "{text}");
}

#[test]
fn a_ten_megabyte_line_is_rejected_without_quoting_it() {
    let mut bytes = b"outlet o \"Outlet\"\nperson a \"".to_vec();
    bytes.extend(std::iter::repeat_n(b'x', 10 * 1024 * 1024));
    bytes.extend_from_slice(b"\"\npersn b \"B\"\n");
    let (diags, text) = diagnose("long.claims", &bytes);
    assert!(
        text.contains("line too long: expected at most 65536 bytes, found 10485771"),
        "{text}"
    );
    assert!(
        text.len() < 4000,
        "the line must not be quoted: {} bytes of output",
        text.len()
    );
    // The line after it is still parsed.
    assert!(text.contains("--> long.claims:3:1"), "{text}");
    assert_eq!(diags.len(), 2);
}

#[test]
fn deeply_repeated_quotes_and_brackets_neither_panic_nor_hang() {
    for filler in ["\"", "(", "[", "{", "\\", "((((26))))"] {
        let line = filler.repeat(60_000 / filler.len());
        let src = format!(
            "outlet o \"Outlet\"\nreport r by o\n  visit v: {line}\n  event e: on {line}\n{line}\n"
        );
        let (diags, text) = diagnose("deep.claims", src.as_bytes());
        assert!(!diags.is_empty());
        assert!(diags.iter().all(|d| d.file == Some(0)), "{text}");
    }
}

#[test]
fn bom_crlf_and_tabs_are_accepted() {
    let (diags, text) = diagnose("win.claims", b"\xef\xbb\xbfoutlet o \"Outlet\"\r\nperson a \"A\"\r\ncountry X \"X\"\r\nreport r by o\r\n\tvisit v: a to X\r\n");
    assert_eq!(diags.len(), 1, "{text}");
    assert!(
        text.contains(
            "warning[tab]: tab in indentation: expected spaces, found a tab (counted as 4 columns)"
        ),
        "{text}"
    );
    assert!(text.contains("--> win.claims:5:1"), "{text}");
}

#[test]
fn many_errors_in_one_file_are_all_reported_up_to_a_limit() {
    let src = "persn a \"A\"\n".repeat(500);
    let (diags, text) = diagnose("many.claims", src.as_bytes());
    assert_eq!(diags.len(), 101);
    assert!(
        text.contains("too many errors: 400 more errors in this file not shown"),
        "{text}"
    );
}

#[test]
fn a_broken_file_beside_good_ones_fails_the_run_and_the_good_ones_are_still_checked() {
    let dir = temp_corpus(&[
        ("claims/a-good.claims", GOOD.as_bytes()),
        (
            "claims/b-binary.claims",
            &[0u8, 159, 146, 150, 0, 1, 2, 3, 4, 5, 6, 7, 8, 0, 0, 0],
        ),
        (
            "claims/c-broken.claims",
            b"outlet z \"Z\"\nreport q by z\n  visit v: a to Nowhere\n",
        ),
        (
            "claims/d-also-good.claims",
            b"person b \"B\"\nreport s by o published 2024\n  visit w: b to X on 2024-05\n",
        ),
    ]);
    let r = run(dir.path(), &["claims"]);
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stderr.contains(
            "error[binary]: claims/b-binary.claims: expected a UTF-8 text file, found binary data"
        ),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("claims/c-broken.claims:3:17"),
        "{}",
        r.stderr
    );
    // Both good files were read and resolved, including cross-file references.
    assert!(
        r.stdout
            .contains("checked 4 files: 2 outlets, 3 reports, 3 entities, 2 claims"),
        "{}",
        r.stdout
    );
}

#[test]
fn missing_path_is_reported_and_the_other_paths_still_run() {
    let dir = temp_corpus(&[("claims/good.claims", GOOD.as_bytes())]);
    let r = run(dir.path(), &["claims", "nope"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("error[path]: cannot read `nope`: no such file or directory"),
        "{}",
        r.stderr
    );
    assert!(r.stdout.contains("checked 1 file:"), "{}", r.stdout);
}

#[test]
fn a_relative_date_with_no_anchor_is_reported_not_guessed() {
    let dir = temp_corpus(&[(
        "claims/a.claims",
        b"outlet o \"O\"\nperson a \"A\"\ncountry X \"X\"\nreport r by o\n  visit v: a to X on 26..28 June\n",
    )]);
    let rules = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    let r = run(dir.path(), &["--rules", rules.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("warning[unresolved-date]: O's relative date cannot be resolved: no publication date is known for O, the outlets relaying it or the report"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("--> claims/a.claims:5:3"), "{}", r.stdout);
    assert!(
        r.stdout
            .contains("1 borrowed, 0 with an inferred year, 1 unresolved")
            || r.stdout
                .contains("0 borrowed, 0 with an inferred year, 1 unresolved"),
        "{}",
        r.stdout
    );
}

#[test]
fn an_empty_directory_is_a_warning_even_after_a_missing_path() {
    let dir = temp_corpus(&[("claims/readme.txt", b"not a claims file")]);
    let rules = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    let r = run(dir.path(), &["--rules", rules.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("no `*.claims` files found in `claims`"),
        "{}",
        r.stderr
    );
    let _ = Path::new("");
}

/// Inputs the fuzzers found crashing, kept as regression tests (`tests/data/fuzz/`): each
/// goes through the whole claims pipeline, diagnostics rendered, without a panic.
#[test]
fn fuzz_regressions() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/fuzz");
    let mut sources = SourceMap::default();
    let (rules, _) = verify::pipeline::load_rules(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("rules"),
        true,
        &mut sources,
    );
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name.starts_with("claims-") {
            let (_, rendered) = diagnose(&name, &bytes);
            assert!(!rendered.is_empty(), "{name}: expected diagnostics");
            // And through resolution, inference and the standard rules, as the fuzz target.
            let loaded = verify::pipeline::load_corpus(
                verify::pipeline::Claims::Memory(vec![(name.clone().into(), bytes.clone())]),
                Default::default(),
                &verify::pipeline::Quiet,
            );
            let _ = verify::pipeline::evaluate(&rules, &loaded.corpus, &verify::pipeline::Quiet);
        } else if name.starts_with("rules-") {
            let text = String::from_utf8_lossy(&bytes).into_owned();
            if let Err(diags) = verify::rules::compile(0, &text) {
                let mut map = SourceMap::default();
                map.add(SourceFile::new(name.as_str(), text));
                let _ = render_all(&map, &diags);
            }
        } else if name.starts_with("expr-") {
            let _ = verify::rules::expr::parse(&String::from_utf8_lossy(&bytes));
        }
        n += 1;
    }
    assert!(n >= 1);
}

/// The first fuzz finding: an error span ending inside a replacement character (from
/// invalid UTF-8) used to panic the snippet renderer.
#[test]
fn a_span_inside_a_multibyte_character_renders() {
    let (diags, text) = diagnose("x.claims", b"outlet o \"O\"\nperson a \"A\"\ncountry X \"X\"\nreport r by o\n  visit v: a to X \xfan yesterday\n");
    assert!(text.contains("--> x.claims:5:19"), "{text}");
    assert!(diags.len() >= 2);
}

/// A claim left out because a name in it is undeclared still gives its label: `during` that
/// label reports only the undeclared name, not also an unknown label.
#[test]
fn a_label_on_a_claim_with_an_error_is_still_known() {
    let text = "outlet o \"O\"\nperson a \"A\"\nperson b \"B\"\ncountry X \"X\"\nreport r by o published 2024-01-01\n  \
                visit paris-visit: a to Nowhere on 2024-01-01\n  \
                meeting m: a, b in X during paris-visit\n  \
                meeting n: a, b in X during pariss-visit\n";
    let diags = verify::pipeline::load_texts([("t.claims", text.to_owned())]).diagnostics;
    let messages: Vec<&str> = diags.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "undeclared name: expected a country, a city or a place, found `Nowhere`, which is not declared",
            "unknown event label: `during pariss-visit` names no claim label in the corpus",
        ],
        "{diags:#?}"
    );
    assert_eq!(
        diags[1].help.as_deref(),
        Some("did you mean `paris-visit`?")
    );
}

/// A fuzz finding: a claim with no terms at all made the label-without-colon help index
/// past the end of its terms, and panicked.
#[test]
fn a_claim_with_no_terms_is_an_error_not_a_panic() {
    let (diags, text) = diagnose(
        "x.claims",
        b"outlet o \"O\"\nreport r by o\n  visit\n  meeting m:\n  holds\n  award\n",
    );
    assert!(diags.len() >= 4, "{text}");
    assert!(text.contains("found 0 terms"), "{text}");
}

/// A device or a FIFO named on the command line is not a claims file: an error and exit 2,
/// not "no `*.claims` files found" and exit 0.
#[cfg(unix)]
#[test]
fn a_device_on_the_command_line_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let rules = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    let r = run(
        dir.path(),
        &["/dev/null", "--rules", rules.to_str().unwrap()],
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("cannot read `/dev/null`: not a regular file or a directory"),
        "{}",
        r.stderr
    );
}

/// A rule whose condition is a chain of 15,000 terms loads, explains, tests and runs
/// (regression: the condition's type checker overflowed the stack and aborted all three).
#[test]
fn a_condition_of_fifteen_thousand_terms_does_not_overflow_the_stack() {
    let chain = vec!["a.label == \"x\""; 15_000].join(" or ");
    let rule = format!(
        "id = \"long\"\ntitle = \"Long\"\nseverity = \"warning\"\ncategory = \"gap\"\nshape = \"each\"\n\
         kinds = [\"visit\"]\ncondition = '{chain}'\nmessage = 'long {{a.label}}'\n\n[explain]\n\
         checks = \"c\"\nwhy = \"w\"\nexample = \"e\"\n\n[[test]]\nname = \"fires\"\n\
         claims = '''\noutlet o \"O\"\nperson h \"H\"\ncountry X \"X\"\nreport r by o\n  visit x: h to X\n'''\n\
         expect = [{{ certainty = \"definite\", message = \"long x\" }}]\n\n[[test]]\nname = \"silent\"\n\
         claims = '''\noutlet o \"O\"\nperson h \"H\"\ncountry X \"X\"\nreport r by o\n  visit y: h to X\n'''\n\
         expect = []\n"
    );
    let dir = temp_corpus(&[
        ("rules/long.toml", rule.as_bytes()),
        (
            "claims/a.claims",
            b"outlet o \"O\"\nperson h \"H\"\ncountry X \"X\"\nreport r by o\n  visit x: h to X\n",
        ),
    ]);
    for args in [
        vec!["claims", "--rules", "rules", "--fail-on", "never"],
        vec!["explain", "long", "--rules", "rules"],
        vec!["test", "--rules", "rules"],
    ] {
        let r = run(dir.path(), &args);
        assert_eq!(r.code, 0, "{args:?}: {}{}", r.stdout, r.stderr);
    }
}

/// A name thousands of entities share, used as a reference, gives one short error; a file
/// with thousands of undeclared references gives at most 100 errors and one that counts
/// the rest (regression: every match was listed, and every error reported).
#[test]
fn reference_errors_are_capped_and_a_shared_name_is_listed_briefly() {
    let mut text = String::from("outlet o \"O\"\ncountry X \"X\"\n");
    for i in 0..3_000 {
        text.push_str(&format!("person p{i} \"Person {i}\" aka \"Common\"\n"));
    }
    text.push_str("report r by o published 2024-01-01\n  visit v: \"Common\" to X on 2024-01-01\n");
    for i in 0..1_000 {
        text.push_str(&format!("  visit u{i}: nobody{i} to X on 2024-01-01\n"));
    }
    let dir = temp_corpus(&[("claims/a.claims", text.as_bytes())]);
    let r = run(dir.path(), &["claims", "-q"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    let ambiguous: Vec<&str> = r
        .stderr
        .lines()
        .filter(|l| l.starts_with("error[ambiguous]"))
        .collect();
    assert_eq!(ambiguous.len(), 1, "{}", r.stderr);
    assert!(
        ambiguous[0].ends_with("`p0` and `p1` and `p2` and `p3` and `p4` and 2995 more"),
        "{}",
        ambiguous[0]
    );
    let undeclared = r
        .stderr
        .lines()
        .filter(|l| l.starts_with("error[undeclared]"))
        .count();
    assert_eq!(undeclared, 99, "{}", r.stderr.len());
    assert!(
        r.stderr.contains("error[too-many-errors]: too many errors: 901 more reference errors in this file not shown"),
        "{}",
        &r.stderr[r.stderr.len().saturating_sub(2000)..]
    );
}

/// Renaming a file changes no finding: plans with the same period are ordered by what they
/// say, not by where they were read (regression: `sequence` rules broke ties by read order).
#[test]
fn renaming_a_file_changes_no_finding() {
    let head = "outlet o \"O\"\ncountry MA \"Morocco\"\ncountry BE \"Belgium\"\n";
    let plan = |id: &str, name: &str, period: &str| {
        format!("report r-{id} by o published 2026-01-01\n  plan {id}: \"{name}\" parties MA, BE {period}\n")
    };
    let findings = |first: &str| {
        let dir = temp_corpus(&[
            ("claims/head.claims", head.as_bytes()),
            (first, plan("p1", "Plan A", "from 2018 to 2021").as_bytes()),
            (
                "claims/b.claims",
                plan("p2", "Plan B", "from 2018 to 2021").as_bytes(),
            ),
            (
                "claims/c.claims",
                plan("p3", "Plan C", "from 2023 to 2025").as_bytes(),
            ),
        ]);
        let rules = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
        let r = run(
            dir.path(),
            &[
                "claims",
                "--rules",
                rules.to_str().unwrap(),
                "--format",
                "json",
                "--fail-on",
                "never",
            ],
        );
        let doc: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
        let mut out: Vec<(String, String)> = doc["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                (
                    f["fingerprint"].as_str().unwrap().to_owned(),
                    f["message"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        out.sort();
        out
    };
    let before = findings("claims/a.claims");
    assert!(
        before.iter().any(|(_, m)| m.contains("Plan C")),
        "{before:#?}"
    );
    assert_eq!(before, findings("claims/d.claims"));
}

/// A text file with a few control bytes is read: the bad bytes are reported where they are,
/// and its declarations still count (regression: 16 NULs in a comment of a three-line file
/// made it "binary", and every other file flooded with `undeclared`).
#[test]
fn a_few_control_bytes_do_not_make_a_file_binary() {
    let mut decl = b"outlet o \"Outlet\"\nperson a \"Person A\"\n# scanned notes ".to_vec();
    decl.extend_from_slice(&[0u8; 16]);
    decl.extend_from_slice(b"\ncountry X \"X\"\n");
    let dir = temp_corpus(&[
        ("claims/a-decl.claims", &decl),
        (
            "claims/b-story.claims",
            b"report r by o published 2024-01-01\n  visit v: a to X on 2024-01-01\n",
        ),
    ]);
    let r = run(dir.path(), &["claims", "--fail-on", "never"]);
    assert!(!r.stderr.contains("binary"), "{}", r.stderr);
    assert!(!r.stderr.contains("undeclared"), "{}", r.stderr);
    assert!(
        r.stderr.contains("a-decl.claims:3:"),
        "the NUL is reported on its line: {}",
        r.stderr
    );
}

/// Paths in verify.toml stay inside the project: an absolute path, a `..` or a link leading
/// out is a configuration error, and nothing outside is read or quoted; the command line
/// may still name such a path (regression: they were followed, and the outside file's
/// lines quoted in diagnostics).
#[cfg(unix)]
#[test]
fn verify_toml_paths_stay_inside_the_project() {
    let top = tempfile::tempdir().unwrap();
    let outside = top.path().join("outside");
    std::fs::create_dir(&outside).unwrap();
    std::fs::write(
        outside.join("secret.claims"),
        "SECRET LINE THAT MUST NOT SHOW\n",
    )
    .unwrap();
    let project = top.path().join("project");
    std::fs::create_dir_all(project.join("claims")).unwrap();
    std::fs::write(project.join("claims/a.claims"), GOOD).unwrap();
    std::os::unix::fs::symlink(&outside, project.join("link")).unwrap();
    for (key, value) in [
        ("paths", "[\"../outside\"]"),
        ("paths", "[\"link\"]"),
        ("rules", "\"/etc\""),
        ("baseline", "\"../b.json\""),
    ] {
        std::fs::write(project.join("verify.toml"), format!("{key} = {value}\n")).unwrap();
        let r = run(&project, &[]);
        assert_eq!(r.code, 2, "{key} = {value}: {}{}", r.stdout, r.stderr);
        assert!(
            r.stderr
                .contains(&format!("`{key}` is outside the project")),
            "{}",
            r.stderr
        );
        assert!(
            !r.stderr.contains("SECRET") && !r.stdout.contains("SECRET"),
            "{}",
            r.stderr
        );
        assert!(!top.path().join("b.json").exists());
    }
    // Named on the command line, it is read.
    std::fs::write(project.join("verify.toml"), "").unwrap();
    let r = run(&project, &["../outside"]);
    assert!(r.stderr.contains("SECRET"), "{}", r.stderr);
}

/// Findings of one group are capped, and the rest counted in one more finding, never
/// dropped in silence (regression: 2,000 disjoint accounts of one label gave a million
/// findings).
#[test]
fn findings_of_one_group_are_capped_and_counted() {
    let mut text = String::from("person h \"H\"\ncountry A \"A\"\n");
    for i in 0..30 {
        text.push_str(&format!(
            "outlet o{i} \"Outlet {i}\"\nreport r{i} by o{i} published 2024-12-31\n  visit v: h to A on 2024-{:02}-{:02}\n",
            1 + i / 28,
            1 + i % 28
        ));
    }
    let dir = temp_corpus(&[
        ("claims/a.claims", text.as_bytes()),
        ("verify.toml", b"max-findings-per-group = 50\n"),
    ]);
    let of_rule = messages_of(dir.path(), "date-disagreement");
    // 30 accounts on 30 days: 435 pairs disagree; 50 shown, one counts the other 385.
    assert_eq!(of_rule.len(), 51, "{of_rule:#?}");
    let counted: Vec<&String> = of_rule
        .iter()
        .filter(|m| m.contains("more findings of this rule"))
        .collect();
    assert_eq!(counted.len(), 1, "{counted:?}");
    assert!(
        counted[0].starts_with(
            "385 more findings of this rule for v are not shown (385 definite); the first 50 are"
        ),
        "{}",
        counted[0]
    );
}

/// Past the pairs a group may cost, the rest are counted in a finding of their own, never
/// left unchecked in silence (a group of 50,000 accounts has 1.25 billion pairs).
#[test]
fn pairs_past_the_budget_of_a_group_are_counted() {
    let mut text = String::from("person h \"H\"\ncountry A \"A\"\n");
    for i in 0..30 {
        text.push_str(&format!(
            "outlet o{i} \"Outlet {i}\"\nreport r{i} by o{i} published 2024-12-31\n  visit v: h to A on 2024-06-26\n"
        ));
    }
    let dir = temp_corpus(&[
        ("claims/a.claims", text.as_bytes()),
        ("verify.toml", b"max-pairs-per-group = 100\n"),
    ]);
    let all = findings(dir.path());
    let unchecked: Vec<(&str, &str)> = all
        .iter()
        .filter_map(|f| Some((f["rule"].as_str()?, f["message"].as_str()?)))
        .filter(|(_, m)| m.starts_with("not checked"))
        .collect();
    // 30 accounts of one label: 435 pairs, 100 formed. Rules whose condition no claim of the
    // group can meet on one side (`relay-deviates` needs a relay) form no pair and are not cut.
    // None of the 100 is evaluated: one day and the same day are never disjoint, which the
    // engine reads off the two dates before it evaluates a condition.
    assert_eq!(
        unchecked,
        [(
            "date-disagreement",
            "not checked: the group v has 30 members, up to 435 pairs; the rule stopped after forming 100 of them (0 evaluated) and did not check the rest (set `max-pairs-per-group` in verify.toml; a group this large is itself a sign of a problem in the claims)"
        )],
    );
}

/// Through a sweep too, forming pairs stops at the budget: 30 same-day visits of one person
/// to 30 places under 30 labels form 435 pairs, of which 100 are formed and evaluated.
#[test]
fn a_sweep_stops_forming_pairs_at_the_budget() {
    let mut text = String::from("outlet o \"O\"\nperson h \"H\"\n");
    for i in 0..30 {
        text.push_str(&format!(
            "country c{i} \"Country {i}\"\nreport r{i} by o published 2024-12-31\n  visit v{i}: h to c{i} on 2024-06-26\n"
        ));
    }
    let dir = temp_corpus(&[
        ("claims/a.claims", text.as_bytes()),
        (
            "verify.toml",
            b"max-pairs-per-group = 100\nmax-findings-per-group = 1000\n",
        ),
    ]);
    let found = messages_of(dir.path(), "person-in-two-places");
    let cut: Vec<&String> = found
        .iter()
        .filter(|m| m.starts_with("not checked"))
        .collect();
    assert_eq!(
        cut,
        [&"not checked: the group H has 30 members, up to 435 pairs; the rule stopped after forming 100 of them (100 evaluated) and did not check the rest (set `max-pairs-per-group` in verify.toml; a group this large is itself a sign of a problem in the claims)".to_owned()],
    );
    // Every pair formed was a contradiction: 100 findings and the warning.
    assert_eq!(found.len(), 101, "{found:#?}");
}

/// When a group reaches both caps, both say so: the pairs not checked and the findings not
/// shown (both findings had the first member's fingerprint, and were merged into one).
#[test]
fn both_caps_of_a_group_are_reported() {
    let mut text = String::from("person h \"H\"\ncountry A \"A\"\n");
    for i in 0..30 {
        text.push_str(&format!(
            "outlet o{i} \"Outlet {i}\"\nreport r{i} by o{i} published 2100-01-01\n  visit v: h to A on 2000-01-{:02}\n",
            i + 1
        ));
    }
    let dir = temp_corpus(&[
        ("claims/a.claims", text.as_bytes()),
        (
            "verify.toml",
            b"max-pairs-per-group = 100\nmax-findings-per-group = 50\n",
        ),
    ]);
    let messages = messages_of(dir.path(), "date-disagreement");
    // 100 pairs formed, all disjoint: 50 shown, 50 counted, and the rest not checked.
    assert_eq!(messages.len(), 52, "{messages:#?}");
    assert!(messages.iter().any(|m| m.starts_with(
        "not checked: the group v has 30 members, up to 435 pairs; the rule stopped after forming 100"
    )));
    assert!(messages
        .iter()
        .any(|m| m.starts_with("50 more findings of this rule for v are not shown (50 definite)")));
}

/// A line that cannot be read (a NUL byte, a line over 64 KiB) as the first line of a
/// block keeps its place in the block: the lines after it are still read and checked (they
/// were dropped, or told they were indented for nothing). A NUL in a comment only warns.
#[test]
fn an_unreadable_line_keeps_its_block() {
    let decls = "outlet o \"O\"\nperson h \"H\"\ncountry MA \"M\"\n";
    let long = "x".repeat(70_000);
    for bad in [
        "  visit v: h to MA note \"a\0b\"\n".to_owned(),
        format!("  visit v: h to MA note \"{long}\"\n"),
    ] {
        let text = format!("{decls}report r by o published 2024-07-01\n{bad}  visit w: h to ZZZ\n");
        let loaded = verify::pipeline::load_texts([("a.claims", text)]);
        let codes: Vec<&str> = loaded.diagnostics.iter().map(|d| d.code).collect();
        assert!(
            codes.contains(&"undeclared"),
            "the next claim is read: {codes:?}"
        );
        assert!(
            !codes.contains(&"indent") && !codes.contains(&"outside"),
            "{codes:?}"
        );
        assert_eq!(
            loaded.corpus.claims.len(),
            0,
            "w is undeclared, v unreadable"
        );
    }
    let text = format!("{decls}report r by o published 2024-07-01\n  visit v: h to MA # a\0b\n");
    let loaded = verify::pipeline::load_texts([("a.claims", text)]);
    assert_eq!(loaded.corpus.claims.len(), 1);
    assert!(
        !loaded.diagnostics.iter().any(|d| d.is_error()),
        "{:?}",
        loaded.diagnostics
    );
}
