//! Who said it, when: the five situations where `verify` used to blame the wrong outlet or
//! stay silent on multi-outlet stories, each run through the built binary with the
//! standard rules, asserting the exact findings (rule, certainty, severity, message).

use std::path::Path;

use crate::support::{run, run_story};

/// The findings of `verify` on one claims file, as `(rule, certainty, severity, message)`,
/// for the rules named in `rules` only.
fn findings(claims: &str, rules: &[&str], extra: &[&str]) -> Vec<(String, String, String, String)> {
    let mut args = vec!["--format", "json", "--fail-on", "never"];
    args.extend(extra);
    let r = run_story(claims, &args);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let doc: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let mut out: Vec<_> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| rules.contains(&f["rule"].as_str().unwrap()))
        .map(|f| {
            let s = |k: &str| f[k].as_str().unwrap().to_owned();
            (s("rule"), s("certainty"), s("severity"), s("message"))
        })
        .collect();
    out.sort();
    out
}

fn f(
    rule: &str,
    certainty: &str,
    severity: &str,
    message: &str,
) -> (String, String, String, String) {
    (
        rule.into(),
        certainty.into(),
        severity.into(),
        message.into(),
    )
}

const STALE: &[&str] = &[
    "stale-future-status",
    "stale-relay",
    "stale-relay-origin-undated",
];

const TREATY: &str = "\
outlet s \"Site S\" kind site
outlet d \"Daily D\" kind daily
outlet g \"Agency G\" kind agency
country MA \"Morocco\"
country BE \"Belgium\"
report g-1 by g published 2023-06-02
  plan treaty: \"The treaty\" parties MA, BE signed 2023-06-01 status signed
";

/// Situation 1: A relay that printed "will be signed" three months after the signing is blamed, with
/// its own date; the origin, dated before the signing, is cleared.
#[test]
fn a_stale_relay_is_blamed_and_its_origin_cleared() {
    let claims = format!(
        "{TREATY}report s-1 by s published 2023-09-20\n  per d published 2023-05-15:\n    \
         plan treaty: \"The treaty\" parties MA, BE status expected\n"
    );
    pretty_assertions::assert_eq!(
        findings(&claims, STALE, &[]),
        [f(
            "stale-relay",
            "definite",
            "warning",
            "Site S printed on 2023-09-20 that The treaty was still to be signed, after Agency G dated its signing 2023-06-01; Daily D, which it relays, was right when it wrote on 2023-05-15"
        )]
    );
}

/// Situation 1, continued: With the origin's date unknown, the relay is still definitely stale, and
/// the origin only possibly: the date used for it is the relay's, and the message says so.
#[test]
fn with_the_origins_date_unknown_the_origin_is_only_possibly_stale() {
    let claims = format!(
        "{TREATY}report s-1 by s published 2023-09-20\n  per d:\n    \
         plan treaty: \"The treaty\" parties MA, BE status expected\n"
    );
    pretty_assertions::assert_eq!(
        findings(&claims, STALE, &[]),
        [
            f(
                "stale-future-status",
                "possible",
                "info",
                "Daily D still calls The treaty expected on 2023-09-20 (Site S's date; Daily D's own is not known), but Agency G dates its signing 2023-06-01"
            ),
            f(
                "stale-relay-origin-undated",
                "definite",
                "warning",
                "Site S printed on 2023-09-20 that The treaty was still to be signed, after Agency G dated its signing 2023-06-01; Daily D, which it relays, may already have been stale: its own date is not known"
            ),
        ]
    );
}

const TALKS: &str = "\
outlet a \"Agency A\" kind agency
outlet p \"Paper P\" kind daily
outlet h \"Site H\" kind site
person x \"X\"
person y \"Y\"
country KE \"Kenya\"
city nairobi \"Nairobi\" in KE
city mombasa \"Mombasa\" in KE
report p-1 by p published 2023-03-05
  per a:
    meeting talks: x, y in nairobi on 2023-03-03
report h-1 by h published 2023-03-06
  per a:
    meeting talks: x, y in mombasa on 2023-03-04
";

const RELAY: &[&str] = &["relay-disagreement", "relay-deviates", "date-disagreement"];

/// Situation 2: Two relays of one origin that change the place and the day are a finding naming
/// both chains; `date-disagreement` rightly stays silent (one origin).
#[test]
fn relays_of_one_origin_that_disagree_are_reported() {
    pretty_assertions::assert_eq!(
        findings(TALKS, RELAY, &[]),
        [f(
            "relay-disagreement",
            "definite",
            "error",
            "Agency A (relayed by Paper P) and Agency A (relayed by Site H) disagree about meeting talks: `meeting talks: x, y in nairobi on 2023-03-03` against `meeting talks: x, y in mombasa on 2023-03-04`; at least one relay changed what Agency A said"
        )]
    );
}

/// Situation 2, continued: With the origin's own article in the corpus, the relay that deviated
/// is named.
#[test]
fn the_relay_that_deviated_from_the_origins_article_is_named() {
    let claims = format!(
        "{TALKS}report a-1 by a published 2023-03-03\n  meeting talks: x, y in nairobi on 2023-03-03\n"
    );
    let got = findings(&claims, RELAY, &[]);
    assert!(
        got.contains(&f(
            "relay-deviates",
            "definite",
            "error",
            "Site H changed what Agency A reported about meeting talks: Agency A has `meeting talks: x, y in nairobi on 2023-03-03`, Agency A (relayed by Site H) has `meeting talks: x, y in mombasa on 2023-03-04`"
        )),
        "{got:#?}"
    );
    assert!(
        !got.iter()
            .any(|(r, _, _, m)| r == "relay-deviates" && m.starts_with("Paper P")),
        "the faithful relay is not blamed: {got:#?}"
    );
}

const EXPO: &[&str] = &["duration-across-accounts", "duration-mismatch"];

/// Situation 3: A duration in one account and dates in another: compared; five days against two is
/// a definite error, one day off only a possible warning.
#[test]
fn durations_are_compared_across_accounts() {
    let claims = "\
outlet g \"Agency G\"
outlet p \"Paper P\"
event fair \"The Fair\"
report g-1 by g published 2024-04-20
  event expo: fair lasting 5 days
  event show: fair lasting 3 days
report p-1 by p published 2024-05-04
  event expo: fair from 2 to 3 May
  event show: fair from 2 to 3 May
";
    pretty_assertions::assert_eq!(
        findings(claims, EXPO, &[]),
        [
            f(
                "duration-across-accounts",
                "definite",
                "error",
                "Agency G says event expo lasted 5 days, but Paper P dates it 2024-05-02 to 2024-05-03"
            ),
            f(
                "duration-across-accounts",
                "possible",
                "warning",
                "Agency G says event show lasted 3 days, but Paper P dates it 2024-05-02 to 2024-05-03"
            ),
        ]
    );
}

/// Situation 4: A gap that is only possible (the next plan may start on 1 January) is not reported
/// by default; `possible_gaps = 1` in `verify.toml` shows it.
#[test]
fn possible_gaps_between_year_precision_neighbours_are_opt_in() {
    let claims = "\
outlet a \"A\"
country MA \"Morocco\"
country BE \"Belgium\"
report x by a
  plan p1: \"Plan one\" parties MA, BE from 2017 to 2019-12-31
  plan p2: \"Plan two\" parties MA, BE from 2020 to 2022
";
    assert_eq!(findings(claims, &["gap-between-plans"], &[]), []);
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("claims")).unwrap();
    std::fs::write(dir.path().join("claims/story.claims"), claims).unwrap();
    std::fs::write(
        dir.path().join("verify.toml"),
        "[params.gap-between-plans]\npossible_gaps = 1\n",
    )
    .unwrap();
    let rules = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    let r = run(
        dir.path(),
        &[
            "claims",
            "--rules",
            rules.to_str().unwrap(),
            "--fail-on",
            "never",
        ],
    );
    assert!(
        r.stdout.contains("info[gap-between-plans]: Morocco, Belgium: nothing covers the time between Plan one (per A: 2017 to 2019-12-31) and Plan two (per A: 2020 to 2022)"),
        "{}\n{}",
        r.stdout,
        r.stderr
    );
}

/// Situation 5: Unresolved dates keep what they say in every format: the month and days, or the
/// weekday.
#[test]
fn unresolved_dates_show_what_is_known_in_every_format() {
    let claims = "outlet n \"Nador Site\"\nperson h \"H\"\ncountry FR \"France\"\n\
                  report n-1 by n\n  visit trip: h to FR on 3..4 March arriving last Friday\n";
    for format in ["human", "json", "markdown", "html", "sarif"] {
        let r = run_story(claims, &["--format", format]);
        for known in ["3–4 March, year unknown", "a Friday, date unknown"] {
            assert!(
                r.stdout.contains(known),
                "{format}: no `{known}`:\n{}",
                r.stdout
            );
        }
        assert!(
            !r.stdout.contains("from unknown") && !r.stdout.contains("arriving unknown"),
            "{format}: {}",
            r.stdout
        );
    }
}
