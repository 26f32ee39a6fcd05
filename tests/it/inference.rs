//! Years inferred from evidence, through the built binary with the standard rules: the
//! worked example of the issue (a festival dated by one origin, an undated site that dates
//! it "from 5 to 9 August", an undated award during it on a stated weekday), evidence that
//! only an earlier inference provides, evidence that runs in a circle, a weekday that is
//! never evidence, an event across 31 December, and evidence that disagrees.

use crate::support::run_story;

/// Runs `verify` on one claims file with `--format json`: the document.
fn json(claims: &str) -> serde_json::Value {
    let r = run_story(claims, &["--format", "json", "--fail-on", "never"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    serde_json::from_str(&r.stdout).unwrap()
}

/// `(rule, certainty, severity, message)` of every finding but `few-independent-origins`.
fn findings(doc: &serde_json::Value) -> Vec<(String, String, String, String)> {
    doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] != "few-independent-origins")
        .map(|f| {
            let s = |k: &str| f[k].as_str().unwrap().to_owned();
            (s("rule"), s("certainty"), s("severity"), s("message"))
        })
        .collect()
}

fn inferred(doc: &serde_json::Value) -> u64 {
    doc["summary"]["time_expressions"]["inferred"]
        .as_u64()
        .unwrap()
}

fn unresolved(doc: &serde_json::Value) -> u64 {
    doc["summary"]["time_expressions"]["unresolved"]
        .as_u64()
        .unwrap()
}

const FEST: &str = "\
outlet r \"Site R\" kind site
outlet b \"Agency B\" kind agency
outlet t \"Site T\" kind site
person x \"X\"
event carthage-fest \"Carthage Festival\"
report b-1 by b published 2023-09-01
  event fest: carthage-fest on 2023
";

/// The example: 2023 is inferred for R and T; 6 August 2023 was a Sunday, so the
/// stated Monday is a weekday finding, only possible (it rests on an inferred year), and
/// it says why the year is 2023.
#[test]
fn the_festival_year_is_inferred_and_the_weekday_checked_on_it() {
    let doc = json(&format!(
        "{FEST}report r-1 by r\n  event fest: carthage-fest from 5 to 9 August\n\
         report t-1 by t\n  award prize: x \"Golden Award\" during fest on 6 August (Monday)\n"
    ));
    assert_eq!(inferred(&doc), 2);
    assert_eq!(unresolved(&doc), 0);
    pretty_assertions::assert_eq!(
        findings(&doc),
        [(
            "weekday-mismatch".to_owned(),
            "possible".to_owned(),
            "warning".to_owned(),
            "Site T pairs a date with the wrong weekday in `award prize: x \"Golden Award\" during fest on 6 August (Monday)`: 2023-08-06 (year 2023 inferred: award prize is during fest, dated 2023 by Agency B)".to_owned()
        )]
    );
    let time = &doc["findings"][0]["claims"][0]["times"][0];
    assert_eq!(time["anchor"], "inferred");
    assert_eq!(
        time["inferred"],
        "year 2023 inferred: award prize is during fest, dated 2023 by Agency B"
    );
}

/// Evidence that an earlier inference gave: R's year comes from B, then Y's from R's.
#[test]
fn an_inferred_year_is_evidence_for_the_next_round() {
    let doc = json(&format!(
        "{FEST}country TN \"Tunisia\"\n\
         report r-1 by r\n  event fest: carthage-fest from 5 to 9 August\n  visit trip: x to TN on 6 August\n\
         report t-1 by t\n  visit trip: x to TN from 6 to 7 August lasting 2 days\n"
    ));
    assert_eq!(inferred(&doc), 3, "{doc:#}");
    assert_eq!(unresolved(&doc), 0);
    let text = doc.to_string();
    assert!(
        text.contains("year 2023 inferred: the same visit trip is dated 2023-08-06 (its year inferred too) by Site R"),
        "{text}"
    );
}

/// Two undated accounts that are each other's only evidence: nothing is inferred, and the
/// process ends.
#[test]
fn evidence_in_a_circle_infers_nothing() {
    let doc = json(
        "outlet r \"Site R\"\noutlet t \"Site T\"\nevent g \"G\"\n\
         report r-1 by r\n  event fest: g from 5 to 9 August\n\
         report t-1 by t\n  event fest: g on 6 August\n",
    );
    assert_eq!(inferred(&doc), 0);
    assert_eq!(unresolved(&doc), 2);
}

/// A stated weekday is what gets checked, never evidence for the year: `6 August
/// (Sunday)` alone stays unresolved, though 6 August was a Sunday only in some years.
#[test]
fn a_weekday_is_never_evidence() {
    let doc = json(
        "outlet r \"Site R\"\nevent g \"G\"\nreport r-1 by r\n  event fest: g on 6 August (Sunday)\n",
    );
    assert_eq!(inferred(&doc), 0);
    assert_eq!(unresolved(&doc), 1);
}

/// An event across 31 December: `from 28 December to 3 January` in an undated article
/// is read in the year that makes it the dated account's days (shown here by a duration
/// that does not fit them).
#[test]
fn an_event_across_new_year_gets_the_year_it_starts_in() {
    let doc = json(
        "outlet r \"Site R\"\noutlet b \"Agency B\"\nevent g \"G\"\n\
         report b-1 by b published 2024-01-10\n  event fest: g from 2023-12-28 to 2024-01-03\n\
         report r-1 by r\n  event fest: g from 28 December to 3 January lasting 2 days\n",
    );
    assert_eq!(inferred(&doc), 1, "{doc:#}");
    let text = doc.to_string();
    assert!(
        text.contains("2023-12-28 to 2024-01-03 (year 2023 inferred"),
        "{text}"
    );
}

/// Evidence that disagrees leaves the dates unresolved and is a finding of its own.
#[test]
fn conflicting_evidence_is_reported_and_nothing_is_picked() {
    let doc = json(&format!(
        "{FEST}outlet c \"Daily C\"\nreport c-1 by c published 2024-09-01\n  event fest: carthage-fest on 2024\n\
         report r-1 by r\n  event fest: carthage-fest from 5 to 9 August\n"
    ));
    assert_eq!(inferred(&doc), 0);
    assert_eq!(unresolved(&doc), 1);
    let got = findings(&doc);
    assert!(
        got.iter().any(|(rule, c, _, m)| rule == "year-evidence-conflict"
            && c == "definite"
            && m == "Site R's event fest cannot be given a year: the evidence for the year disagrees: the same event fest is dated 2023 by Agency B; the same event fest is dated 2024 by Daily C"),
        "{got:#?}"
    );
}

/// An article about an event across 31 December: its `2 January`, during the festival,
/// is read in the festival's second year, and nothing disagrees (regression: the same
/// dates were reported as disagreeing evidence).
#[test]
fn a_day_after_31_december_of_an_event_across_it_is_read_in_the_next_year() {
    let doc = json(
        "outlet r \"Site R\"\noutlet b \"Agency B\"\nperson x \"X\"\nperson y \"Y\"\n\
         event ny \"New Year Fest\"\n\
         report b-1 by b published 2025-01-10\n  event fest: ny from 2024-12-28 to 2025-01-03\n\
         report r-1 by r\n  event fest: ny from 28 December to 3 January\n  \
         meeting m: x, y on 2 January during fest\n",
    );
    let got = findings(&doc);
    assert!(
        got.iter().all(|f| f.0 != "year-evidence-conflict"),
        "{got:#?}"
    );
    assert_eq!(inferred(&doc), 2, "{doc:#}");
    let text = doc.to_string();
    assert!(
        text.contains("2025-01-02 (year 2025 inferred: meeting m is during fest"),
        "{text}"
    );
}

/// A leap day does not pick the year among those the evidence allows (regression: the
/// calendar chose 2024 and the message credited the evidence).
#[test]
fn the_calendar_does_not_pick_the_year() {
    let doc = json(
        "outlet r \"Site R\"\noutlet b \"Agency B\"\nevent g \"Fest\"\n\
         report b-1 by b published 2026-01-01\n  event fest: g from 2023 to 2025\n\
         report r-1 by r\n  event fest: g on 29 February\n",
    );
    assert_eq!(inferred(&doc), 0, "{doc:#}");
}

/// A date that cannot be read in the year inferred for its article (29 February in 2023,
/// a range that then runs backwards) is a warning that names the year and its evidence
/// (regression: it stayed unresolved without a word).
#[test]
fn a_date_impossible_in_the_inferred_year_is_a_warning() {
    let r = run_story(
        "outlet r \"Site R\"\noutlet b \"Agency B\"\nperson x \"X\"\nperson y \"Y\"\nevent g \"Fest\"\n\
         report b-1 by b published 2023-12-01\n  event fest: g on 2023-08-06\n\
         report r-1 by r\n  event fest: g from 5 to 9 August\n  meeting m: x, y on 29 February\n  \
         meeting n: x, y from 2024 until end of this year\n",
        &["--fail-on", "never"],
    );
    let out = format!("{}{}", r.stdout, r.stderr);
    assert!(out.contains("warning[date]: in the year inferred for this article, impossible date: 29 February 2023 does not exist"), "{out}");
    assert!(
        out.contains("warning[date]: in the year inferred for this article, reversed range"),
        "{out}"
    );
    assert!(
        out.contains("year 2023 inferred: the same event fest is dated 2023-08-06 by Agency B"),
        "{out}"
    );
}

/// Evidence is compared however far a relative date reaches (`2 years ago`), so a
/// disagreement is found (regression: evidence beyond a year either side was dropped).
#[test]
fn evidence_for_years_ago_is_compared() {
    let doc = json(
        "outlet r \"Site R\"\noutlet b \"Agency B\"\noutlet c \"Daily C\"\nperson x \"X\"\n\
         country FR \"France\"\nevent g \"Fest\"\n\
         report b-1 by b published 2023-12-01\n  event fest: g on 2021-08-06\n\
         report c-1 by c published 2024-07-01\n  visit v: x to FR from 2024-06-26 to 2024-06-28\n\
         report r-1 by r\n  event fest: g on 2 years ago\n  visit v: x to FR from 26 to 28 June\n",
    );
    assert_eq!(inferred(&doc), 0, "{doc:#}");
    assert!(
        findings(&doc)
            .iter()
            .any(|f| f.0 == "year-evidence-conflict"),
        "{:#?}",
        findings(&doc)
    );
}

/// The evidence does not depend on the order of files, and a conflict shows what disagrees
/// however many accounts agree (regression: the first 32 accounts in file order were kept,
/// so renaming a file turned a conflict into an inferred year).
#[test]
fn evidence_does_not_depend_on_file_order() {
    let mut agency = String::from("report b-1 by b published 2023-12-01\n");
    for m in 1..=11 {
        for d in 1..=3 {
            agency.push_str(&format!("  event fest: g on 2023-{m:02}-{d:02}\n"));
        }
    }
    let daily = "report c-1 by c published 2024-12-01\n  event fest: g on 2024-08-06\n";
    let head =
        "outlet r \"Site R\"\noutlet b \"Agency B\"\noutlet c \"Daily C\"\nevent g \"Fest\"\n\
                report r-1 by r\n  event fest: g from 5 to 9 August\n";
    let mut outputs = Vec::new();
    for daily_name in ["a.claims", "z.claims"] {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("m.claims"), head).unwrap();
        std::fs::write(dir.path().join("b.claims"), &agency).unwrap();
        std::fs::write(dir.path().join(daily_name), daily).unwrap();
        let rules = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
        let r = crate::support::run(
            dir.path(),
            &[
                ".",
                "--rules",
                rules.to_str().unwrap(),
                "--format",
                "json",
                "--fail-on",
                "never",
            ],
        );
        let doc: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
        let conflict: Vec<String> = findings(&doc)
            .into_iter()
            .filter(|f| f.0 == "year-evidence-conflict")
            .map(|f| f.3)
            .collect();
        outputs.push(conflict);
    }
    assert_eq!(outputs[0], outputs[1]);
    assert_eq!(outputs[0].len(), 1, "{outputs:#?}");
    assert!(
        outputs[0][0].contains("dated 2024-08-06 by Daily C"),
        "{outputs:#?}"
    );
    assert!(
        outputs[0][0].contains("more that agree with one of these"),
        "{outputs:#?}"
    );
}

/// Two claims of one article citing the same evidence, each allowing other years: the
/// conflict is reported once per piece of evidence (regression: found by fuzzing, the count
/// of pieces not shown underflowed and panicked).
#[test]
fn two_claims_citing_the_same_evidence_in_a_conflict() {
    let doc = json(
        "outlet r \"Site R\"\noutlet b \"Agency B\"\nevent g \"Fest\"\n\
         report b-1 by b published 2023-12-01\n  event fest: g on 2021-08-06\n\
         report r-1 by r\n  event fest: g from 5 to 9 August\n  event fest: g on 1 year ago\n",
    );
    let conflicts: Vec<String> = findings(&doc)
        .into_iter()
        .filter(|f| f.0 == "year-evidence-conflict")
        .map(|f| f.3)
        .collect();
    assert!(!conflicts.is_empty(), "{doc:#}");
    assert!(
        conflicts[0].ends_with("the evidence for the year disagrees: the same event fest is dated 2021-08-06 by Agency B"),
        "{conflicts:#?}"
    );
}

/// An article of early January that dates an event of 29 December: that day is read in the
/// year before the article's, and a day across the new year that does not fall in the
/// crossing event is no excuse for other evidence (regressions from a review).
#[test]
fn a_day_before_1_january_is_read_in_the_year_before() {
    let head =
        "outlet g \"Agency G\"\noutlet p \"Paper P\"\nperson h \"H\"\ncountry FR \"France\"\n\
                event fe \"Fest\"\n";
    let doc = json(&format!(
        "{head}report g-1 by g published 2024-01-10\n  event f: fe from 2023-12-28 to 2024-01-03\n  \
         visit v1: h to FR on 2024-01-05\n\
         report p-1 by p\n  visit v1: h to FR on 5 January\n  visit v2: h to FR on 29 December during f\n"
    ));
    assert!(
        findings(&doc)
            .iter()
            .all(|f| f.0 != "year-evidence-conflict"),
        "{doc:#}"
    );
    let text = doc.to_string();
    assert!(text.contains("2023-12-29 (year 2023 inferred"), "{text}");
    assert!(text.contains("this one is before 1 January"), "{text}");
    // 28 December in a festival of 2024-12-28, in an article whose other date is of March
    // 2023: not the new year's other side, a conflict.
    let doc = json(&format!(
        "{head}report g-1 by g published 2025-01-10\n  event f: fe from 2024-12-28 to 2025-01-03\n  \
         visit v1: h to FR on 2023-03-15\n\
         report p-1 by p\n  visit v1: h to FR on 15 March\n  visit v2: h to FR on 28 December during f\n"
    ));
    assert!(
        findings(&doc)
            .iter()
            .any(|f| f.0 == "year-evidence-conflict"),
        "{doc:#}"
    );
}
