//! The rule pack under `cargo test`: every embedded case of every rule in `rules/` passes,
//! and broken rule files give clear messages at their line and column.

use std::path::Path;

use verify::diag::SourceMap;
use verify::load::load_rules;
use verify::pipeline::load_texts;

use crate::support::{expect_file, finding_keys, generate, render_all, xorshift};

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
    let loaded = load_texts([(
        "t.claims",
        "outlet o \"O\"\nperson p \"P\"\ncountry X \"X\"\nreport r by o\n  visit v: p to X\n"
            .to_owned(),
    )]);
    assert!(loaded.diagnostics.is_empty());
    let corpus = loaded.corpus;
    let findings = verify::engine::run_rule(&rule, &corpus);
    assert_eq!(&*findings[0].message, "{literal} visit }");
}

/// The sweep (with `distinct`) finds exactly the pairs that comparing every pair finds.
#[test]
fn sweep_and_distinct_agree_with_all_pairs() {
    let swept = std::fs::read_to_string("rules/sole-office-overlap.toml").unwrap();
    assert!(swept.contains("sweep = 'a.at'") && swept.contains("distinct = 'a.holder'"));
    let plain = swept
        .replace("sweep = 'a.at'\n", "")
        .replace("distinct = 'a.holder'\n", "");
    let swept = verify::rules::compile(0, &swept).unwrap();
    let plain = verify::rules::compile(0, &plain).unwrap();
    // A deterministic pseudo-random corpus: 3 offices, 6 holders, imprecise and open dates.
    let mut next = xorshift(0x2545_f491_4f6c_dd1d_u64);
    let mut text = String::from(
        "outlet o \"O\"\noffice f0 \"F0\" sole\noffice f1 \"F1\" sole\noffice f2 \"F2\" sole\n",
    );
    for h in 0..6 {
        text.push_str(&format!("person h{h} \"H{h}\"\n"));
    }
    text.push_str("report r by o published 2020-06-01\n");
    for _ in 0..300 {
        let (h, f) = (next(6), next(3));
        let y = 2000 + next(20);
        let when = match next(5) {
            0 => format!("on {y}"),
            1 => format!("from {y}-{:02} to {}", 1 + next(12), y + next(3)),
            2 => format!("from {y}"),
            3 => format!("until {y}-{:02}-{:02}", 1 + next(12), 1 + next(28)),
            _ => String::new(),
        };
        text.push_str(&format!("  holds h{h} f{f} {when}\n"));
    }
    let loaded = load_texts([("t.claims", text)]);
    assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
    let corpus = loaded.corpus;
    let a = finding_keys(&verify::engine::run_rule(&swept, &corpus));
    let b = finding_keys(&verify::engine::run_rule(&plain, &corpus));
    assert!(!a.is_empty());
    assert_eq!(a, b);
}

/// `distinct = 'a.label'` in `person-in-two-places` changes no finding, only the work:
/// its condition already rejects two accounts of one event, and a claim without a label is
/// still paired with every other.
#[test]
fn distinct_labels_skip_only_retellings() {
    let with = std::fs::read_to_string("rules/person-in-two-places.toml").unwrap();
    assert!(with.contains("distinct = 'a.label'\n"));
    let without = with.replace("distinct = 'a.label'\n", "");
    let with = verify::rules::compile(0, &with).unwrap();
    let without = verify::rules::compile(0, &without).unwrap();
    let mut next = xorshift(0x9e37_79b9_7f4a_7c15_u64);
    let mut text = String::from("outlet o \"O\"\ncountry X \"X\"\n");
    for c in 0..4 {
        text.push_str(&format!("city c{c} \"C{c}\" in X\n"));
    }
    for p in 0..5 {
        text.push_str(&format!("person p{p} \"P{p}\"\n"));
    }
    text.push_str("report r by o published 2020-06-01\n");
    for _ in 0..300 {
        let (p, q) = (next(5), next(5));
        let place = match next(5) {
            4 => "X".to_owned(),
            c => format!("c{c}"),
        };
        let label = match next(4) {
            0 => String::new(),
            l => format!(" v{l}"),
        };
        let d = 1 + next(20);
        let when = match next(3) {
            0 => format!("on 2020-03-{d:02}"),
            1 => format!("from 2020-03-{d:02} to 2020-03-{:02}", d + next(5)),
            _ => "on 2020-03".to_owned(),
        };
        text.push_str(&format!(
            "  visit{label}: p{p} to {place} with p{q} {when}\n"
        ));
    }
    let loaded = load_texts([("t.claims", text)]);
    assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
    let corpus = loaded.corpus;
    let run = |rule| finding_keys(&verify::engine::run_rule(rule, &corpus));
    let (a, b) = (run(&with), run(&without));
    assert!(a.len() > 10, "{}", a.len());
    assert_eq!(a, b);
    // And the work: pairs of two accounts of one label are never formed (the label's
    // number is what tells them apart), claims without a label still are.
    let count = |rule| verify::engine::run_rule_counted(rule, &corpus).1;
    let (fewer, all) = (count(&with), count(&without));
    assert!(fewer < all * 9 / 10, "{fewer} of {all}");
    assert!(fewer > all / 10, "{fewer} of {all}");
}

/// The standard rules, and three corpora to run them on: the bundled stories, a generated
/// corpus with every claim kind (in `tmp`), and a small random one where labels, dates and
/// statuses are often missing.
fn rules_and_corpora(tmp: &std::path::Path) -> (Vec<verify::rules::Rule>, Vec<std::path::PathBuf>) {
    generate(tmp, 20000, 11);
    let mut map = verify::diag::SourceMap::default();
    let (rules, diags) = verify::load::load_rules(std::path::Path::new("rules"), &mut map);
    assert!(diags.is_empty(), "{diags:?}");
    // And a small random corpus where labels, dates and statuses are often missing.
    let mut next = xorshift(0x51_7cc1_b727_220a_u64);
    let mut text = String::from(
        "outlet o \"O\"\noutlet q \"Q\"\ncountry X \"X\"\ncity c0 \"C0\" in X\ncity c1 \"C1\" in X\n\
         person p0 \"P0\"\nperson p1 \"P1\"\noffice f \"F\" of X sole\n",
    );
    for r in 0..40 {
        let by = if next(2) == 0 { "o" } else { "q" };
        text.push_str(&format!(
            "report r{r} by {by} published 2020-03-{:02}\n",
            1 + next(28)
        ));
        for _ in 0..8 {
            let label = match next(3) {
                0 => String::new(),
                l => format!(" l{l}"),
            };
            let d = 1 + next(20);
            let when = match next(4) {
                0 => String::new(),
                1 => format!(" on 2020-02-{d:02}"),
                2 => format!(" from 2020-02-{d:02} to 2020-03-{:02}", 1 + next(20)),
                _ => " on 2020".to_owned(),
            };
            let line = match next(4) {
                0 => {
                    let status = ["", " status expected", " status signed"][next(3) as usize];
                    let signed = match next(3) {
                        0 => format!(" signed 2020-02-{d:02}"),
                        _ => String::new(),
                    };
                    format!("plan{label}: \"Plan\" parties X{when}{signed}{status}")
                }
                1 => format!("visit{label}: p{} to c{}{when}", next(2), next(2)),
                2 => format!("meeting{label}: p0, p1 in c{}{when}", next(2)),
                _ => format!("holds p{} f{when}", next(2)),
            };
            text.push_str(&format!("  {line}\n"));
        }
    }
    let random = tmp.join("random");
    std::fs::create_dir(&random).unwrap();
    std::fs::write(random.join("r.claims"), text).unwrap();
    (
        rules,
        vec![
            std::path::PathBuf::from("claims"),
            tmp.join("claims"),
            random,
        ],
    )
}

/// Ruling out claims that cannot be `a` or `b` before pairing (what each side demands on
/// its own, the equalities of the two sides) changes no finding of any standard rule: on
/// the bundled stories and on a generated corpus with every claim kind. And the fields
/// said never to be missing, whose presence the narrowing does not check, are there on
/// every claim, entity and outlet of each.
#[test]
fn narrowing_pairs_by_side_changes_no_finding() {
    let tmp = tempfile::tempdir().unwrap();
    let (rules, dirs) = rules_and_corpora(tmp.path());
    for dir in dirs {
        let loaded = verify::pipeline::load_paths(std::slice::from_ref(&dir));
        assert!(
            loaded.diagnostics.is_empty(),
            "{:?}",
            &loaded.diagnostics[..1]
        );
        let corpus = loaded.corpus;
        never_missing_fields_are_there(&corpus, &dir);
        // The columns the rules read answer exactly what the fields' accessors give.
        let answered = verify::engine::Columns::compare_with_accessors(&corpus)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        assert!(answered >= corpus.claims.len() * 7, "{}", dir.display());
        let mut narrowed_total = 0;
        for rule in &rules {
            let narrowed = finding_keys(&verify::engine::run_rule(rule, &corpus));
            let every = finding_keys(&verify::engine::run_rule_every_pair(rule, &corpus));
            narrowed_total += narrowed.len();
            assert_eq!(narrowed, every, "{} on {}", rule.id, dir.display());
        }
        assert!(narrowed_total > 0, "{}", dir.display());
    }
}

/// Runs `rule` compiled and interpreted on `corpus` (read from `dir`), requires the same
/// findings in the same order, and returns how many there are.
fn compiled_as_interpreted(
    rule: &verify::rules::Rule,
    corpus: &verify::model::Corpus,
    dir: &std::path::Path,
) -> usize {
    let compiled = verify::engine::run_rule(rule, corpus);
    let interpreted = verify::engine::run_rule_interpreted(rule, corpus);
    assert!(
        compiled == interpreted,
        "{} on {}: compiled {:?}, interpreted {:?}",
        rule.id,
        dir.display(),
        compiled.iter().find(|f| !interpreted.contains(f)),
        interpreted.iter().find(|f| !compiled.contains(f)),
    );
    compiled.len()
}

/// Every expression compiled once per rule (`engine::compiled`) gives what the interpreter
/// gives: the same findings in the same order, with the same messages, certainties and
/// levels, for every standard rule on the bundled stories, a generated corpus and a random
/// one where fields are often missing.
#[test]
fn compiled_conditions_find_what_the_interpreter_finds() {
    let tmp = tempfile::tempdir().unwrap();
    let (rules, dirs) = rules_and_corpora(tmp.path());
    for dir in dirs {
        let corpus = verify::pipeline::load_paths(std::slice::from_ref(&dir)).corpus;
        let mut found = 0;
        for rule in &rules {
            found += compiled_as_interpreted(rule, &corpus, &dir);
        }
        assert!(found > 0, "{}", dir.display());
    }
}

/// The compiled form and the interpreter agree on every function and operator of the
/// condition language, not only on those the standard rules use: rules written for this
/// test (each, pairs by label, pairs by people with a sweep) on the same three corpora, each
/// of which must find something somewhere.
#[test]
fn compiled_conditions_match_the_interpreter_on_every_function() {
    const EACH: &str = "shape = \"each\"";
    const BY_LABEL: &str = "shape = \"pair\"\nkey = 'a.label'";
    const BY_PEOPLE: &str = "shape = \"pair\"\nkey = 'a.people'\nsweep = 'a.when'";
    let cases: &[(&str, &str)] = &[
        (EACH, "possibly(resolved(a.when)) and not definitely(borrowed(a.when))"),
        (EACH, "definitely(not bounded(a.when)) or borrowed(a.when)"),
        (EACH, "len(a.people) >= 2 and len(a.people) > 1 and len(a.people) <= 3 and not (len(a.people) < 1)"),
        (EACH, "a.kind in [\"visit\", \"plan\"] and (missing(a.status) or a.status != \"signed\")"),
        (EACH, "has(a.where) and place_within(a.where, a.where)"),
        (EACH, "missing(a.label) or equals(start(a.when), end(a.when))"),
        (EACH, "weekday_is(start(a.when), a.start_weekday)"),
        (EACH, "length_is(a.when, a.lasting) or length_differs(a.when, a.lasting, 1)"),
        (EACH, "a.origin != a.outlet or a.people == a.people"),
        (BY_LABEL, "places_disjoint(a.where, b.where) or place_within(a.where, b.where)"),
        (BY_LABEL, "possibly(intersects(a.when, b.when)) and not independent(a, b)"),
        (BY_LABEL, "before(a.when, b.when) or meets(a.when, b.when) or overlaps(a.when, b.when) or starts(a.when, b.when) or during(a.when, b.when) or finishes(a.when, b.when) or equals(a.when, b.when)"),
        (BY_LABEL, "finished_by(a.when, b.when) or contains(a.when, b.when) or started_by(a.when, b.when) or overlapped_by(a.when, b.when) or met_by(a.when, b.when) or after(a.when, b.when)"),
        (BY_LABEL, "(later(a.when, b.when) and earlier(b.when, a.when)) or within(a.when, b.when) or disjoint(a.when, b.when)"),
        (BY_LABEL, "a.origin == b.origin and a.kind == b.kind and a.people != b.people"),
        (BY_PEOPLE, "definitely(intersects(a.when, b.when)) and places_disjoint(a.where, b.where)"),
        (BY_PEOPLE, "possibly(overlaps(a.when, b.when)) or equals(a.when, b.when)"),
    ];
    let mut rules = Vec::new();
    for (i, (shape, condition)) in cases.iter().enumerate() {
        let message = if shape.contains("pair") {
            "{a.kind} {a.label} {a.when} {a.people} {a.where} / {b.when} {b.where} {b.origin}"
        } else {
            "{a.kind} {a.label} {a.when} {a.people} {a.where} {a.lasting} {a.start_weekday}"
        };
        let text = format!(
            "id = \"case-{i}\"\ntitle = \"t\"\nseverity = \"error\"\ncategory = \"gap\"\n{shape}\n\
             condition = '{condition}'\nmessage = '{message}'\n\
             [explain]\nchecks = \"x\"\nwhy = \"x\"\nexample = \"x\"\n"
        );
        let rule = verify::rules::compile(0, &text)
            .unwrap_or_else(|d| panic!("case {i} `{condition}`: {d:?}"));
        rules.push((rule, 0usize));
    }
    let tmp = tempfile::tempdir().unwrap();
    let (_, dirs) = rules_and_corpora(tmp.path());
    for dir in dirs {
        let corpus = verify::pipeline::load_paths(std::slice::from_ref(&dir)).corpus;
        for (rule, found) in &mut rules {
            *found += compiled_as_interpreted(rule, &corpus, &dir);
        }
    }
    for (rule, found) in &rules {
        assert!(*found > 0, "{} finds nothing on any corpus", rule.id);
    }
}

/// A pair whose periods cannot make a `definitely(R(a…, b…))` conjunct hold is not
/// evaluated (`engine::roles::relations`): the same findings as when the conjunct is
/// hidden from the narrowing (`… or false`, the same value), on far fewer evaluations.
#[test]
fn pairs_are_narrowed_by_relations_of_their_periods() {
    let tmp = tempfile::tempdir().unwrap();
    generate(tmp.path(), 5000, 3);
    let corpus = verify::pipeline::load_paths(&[tmp.path().join("claims")]).corpus;
    for (file, conjunct) in [
        (
            "person-in-two-places",
            "definitely(intersects(a.when, b.when))",
        ),
        (
            "sub-event-outside-parent",
            "definitely(not within(a.when, b.when))",
        ),
        ("date-disagreement", "definitely(disjoint(a.when, b.when))"),
    ] {
        let text = std::fs::read_to_string(format!("rules/{file}.toml")).unwrap();
        assert!(text.contains(conjunct), "{file}");
        let hidden = text.replace(conjunct, &format!("({conjunct} or false)"));
        let run = |t: &str| {
            let rule = verify::rules::compile(0, t).unwrap();
            let (findings, evaluated) = verify::engine::run_rule_counted(&rule, &corpus);
            (finding_keys(&findings), evaluated)
        };
        let ((narrowed, fewer), (plain, all)) = (run(&text), run(&hidden));
        assert!(!narrowed.is_empty(), "{file}");
        assert_eq!(narrowed, plain, "{file}");
        assert!(fewer * 2 < all, "{file}: {fewer} of {all}");
    }
}

/// A finding is reported once per fingerprint, whatever sorts between its copies.
#[test]
fn identical_findings_are_reported_once_wherever_they_sort() {
    let mut map = SourceMap::default();
    let (rules, _) = load_rules(Path::new("rules"), &mut map);
    let text = "outlet a \"A\"\noutlet b \"B\"\nperson h \"H\"\ncountry X \"X\"\nevent g \"G\"\n\
                report r by a\n  visit v: h to X on 2024-01-01\n  event e: g on 2024-06-29 (Friday)\n  visit v: h to X on 2024-01-01\n\
                report s by b\n  visit v: h to X on 2024-03-01\n";
    let loaded = load_texts([("t.claims", text.to_owned())]);
    assert!(loaded.diagnostics.is_empty());
    let corpus = loaded.corpus;
    let findings = verify::engine::run(&rules, &corpus);
    let disagreements: Vec<_> = findings
        .iter()
        .filter(|f| &*f.rule == "date-disagreement")
        .collect();
    assert_eq!(disagreements.len(), 1, "{disagreements:#?}");
    let mut fps: Vec<_> = findings.iter().map(|f| f.fingerprint).collect();
    let n = fps.len();
    fps.sort();
    fps.dedup();
    assert_eq!(fps.len(), n, "one finding per fingerprint");
}

/// The pack built into the binary is every file of `rules/`, in name order.
#[test]
fn the_standard_pack_is_every_rule_file() {
    let mut on_disk: Vec<String> = std::fs::read_dir("rules")
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".toml"))
        .collect();
    on_disk.sort();
    let built_in: Vec<&str> = verify::rules::pack::FILES.iter().map(|(n, _)| *n).collect();
    assert_eq!(
        built_in, on_disk,
        "src/rules/pack.rs must list every file of rules/ (in name order)"
    );
}

/// A rule file that changes changes the pack: its version must change too, so a finding's
/// report names the rules that produced it. `tests/data/pack-version.txt` holds the version
/// and the digest of the files; `UPDATE_EXPECT=1` rewrites it after a version bump.
#[test]
fn the_pack_version_changes_with_its_files() {
    use verify::rules::pack;
    let path = Path::new("tests/data/pack-version.txt");
    let now = format!("{} {:016x}\n", pack::VERSION, pack::digest());
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        std::fs::write(path, &now).unwrap();
        return;
    }
    let recorded = std::fs::read_to_string(path).unwrap();
    let (version, digest) = recorded.trim().split_once(' ').unwrap();
    if digest != format!("{:016x}", pack::digest()) {
        assert_ne!(
            version,
            pack::VERSION,
            "the standard pack's files changed: bump rules::pack::VERSION, then run with UPDATE_EXPECT=1"
        );
        panic!("the pack's version was bumped: run with UPDATE_EXPECT=1 to record it ({now})");
    }
    assert_eq!(
        version,
        pack::VERSION,
        "run with UPDATE_EXPECT=1 to record the new version"
    );
}

/// Every field said never to be missing has a value on every record of `corpus`.
fn never_missing_fields_are_there(corpus: &verify::model::Corpus, dir: &std::path::Path) {
    use verify::rules::fields::{Field, CLAIM, ENTITY, OUTLET};
    fn check<T>(fields: &[Field<T>], records: &[T], corpus: &verify::model::Corpus) -> usize {
        let mut read = 0;
        for f in fields.iter().filter(|f| f.never_missing()) {
            for (i, r) in records.iter().enumerate() {
                assert!((f.get)(corpus, r).is_ok(), "{} of record {i}", f.name);
                read += 1;
            }
        }
        read
    }
    let read = check(CLAIM, &corpus.claims, corpus)
        + check(ENTITY, &corpus.entities, corpus)
        + check(OUTLET, &corpus.outlets, corpus);
    assert!(read > 0, "{}", dir.display());
}
