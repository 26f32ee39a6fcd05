//! What an editor is told (`verify::ide`), without the protocol: completion in each place
//! of a line, definitions and references of event labels, hover on each anchoring of a
//! date, and the repairs offered for input errors.

use verify::diag::Span;
use verify::ide::{actions, complete, Analysis};
use verify::pipeline;

const DECLS: &str = "outlet o \"O Daily\"\noutlet p \"P Magazine\" aka \"PM\"\n\
person hammouchi \"Abdellatif Hammouchi\" aka \"حموشي\"\nperson snoeck \"Eric Snoeck\"\n\
org dgsn \"DGSN\"\noffice dg \"Director general\" of dgsn\n\
country MA \"Morocco\"\ncountry BE \"Belgium\"\ncity rabat \"Rabat\" in MA\n";

/// The workspace of `story` beside the declarations, checked with the standard pack.
fn analysis(story: &str) -> Analysis {
    let outcome = pipeline::check(
        pipeline::Inputs {
            parse: Default::default(),
            claims: pipeline::Claims::Memory(vec![
                ("decls.claims".into(), DECLS.as_bytes().to_vec()),
                ("story.claims".into(), story.as_bytes().to_vec()),
            ]),
            rules: pipeline::Rules::Load(pipeline::RuleSet {
                pack: true,
                dirs: Vec::new(),
                implicit: None,
                select: Vec::new(),
                ignore: Vec::new(),
            }),
            config: None,
            baseline: None,
            sources: Default::default(),
        },
        &pipeline::Quiet,
    );
    Analysis::new(outcome, Default::default())
}

/// The completions where `|` is in `story` (which is checked without the `|`).
fn completions(story: &str) -> Vec<String> {
    let at = story.find('|').unwrap();
    let text = story.replace('|', "");
    let a = analysis(&text);
    complete::complete(&a, &text, at)
        .1
        .into_iter()
        .map(|c| c.label)
        .collect()
}

#[test]
fn completion_offers_what_fits_the_place() {
    let report = "report r by o published 2024-07-01\n";
    // Keywords by depth.
    assert_eq!(
        completions(&format!("{report}  |\n")),
        [
            "visit",
            "meeting",
            "plan",
            "agreement",
            "holds",
            "event",
            "award",
            "statement",
            "per"
        ]
    );
    assert!(completions(&format!("|\n{report}")).contains(&"report".to_owned()));
    // Outlets after `per` and `by`.
    assert_eq!(completions(&format!("{report}  per |\n")), ["o", "p"]);
    assert_eq!(completions("report r2 by |\n"), ["o", "p"]);
    // `holds`: a person, then an office.
    assert_eq!(
        completions(&format!("{report}  holds |\n")),
        ["hammouchi", "snoeck"]
    );
    assert_eq!(completions(&format!("{report}  holds snoeck |\n")), ["dg"]);
    // Places after `to`; a name as the article writes it finds the id.
    assert_eq!(
        completions(&format!("{report}  visit v: snoeck to |\n")),
        ["MA", "BE", "rabat"]
    );
    assert_eq!(
        completions(&format!("{report}  visit v: حموشي|\n")),
        ["hammouchi"]
    );
    // Qualifiers the kind accepts and has not used (topic and note repeat).
    let quals = completions(&format!("{report}  visit v: snoeck to MA |\n"));
    assert!(!quals.contains(&"to".to_owned()), "{quals:?}");
    assert!(quals.contains(&"lasting".to_owned()) && quals.contains(&"topic".to_owned()));
    // Event labels after `during`, statuses after `status`.
    assert_eq!(
        completions(&format!(
            "{report}  visit trip: snoeck to MA\n  meeting m: snoeck, hammouchi during |\n"
        )),
        ["trip"]
    );
    assert_eq!(
        completions(&format!("{report}  plan ap: \"Plan\" status |\n")),
        ["expected", "signed", "in-force", "ended"]
    );
    // Nothing inside a quoted text or a comment.
    assert!(completions(&format!("{report}  visit v: snoeck topic \"to |\n")).is_empty());
    assert!(completions(&format!("{report}  # to |\n")).is_empty());
}

#[test]
fn a_label_is_defined_by_every_account_of_its_event() {
    let story = "report r by o published 2024-07-01\n  visit trip: snoeck to MA\n\
report s by p published 2024-07-02\n  visit trip: snoeck to MA on 2024-06-30\n  \
meeting m: snoeck, hammouchi during trip\n";
    let a = analysis(story);
    let file = a.file_of(std::path::Path::new("story.claims")).unwrap();
    let use_at = story.rfind("trip").unwrap();
    let accounts: Vec<usize> = story.match_indices("trip:").map(|(n, _)| n).collect();
    let spans = |v: Vec<(usize, Span)>| -> Vec<usize> {
        v.into_iter().map(|(_, s)| s.start as usize).collect()
    };
    assert_eq!(spans(a.definition(file, use_at + 1)), accounts);
    let mut all = accounts.clone();
    all.push(use_at);
    assert_eq!(spans(a.references(file, accounts[0], true)), all);
    // Hover on the label lists each account with whose it is and its date.
    let (hover, _) = a.hover(file, use_at).unwrap();
    assert!(
        hover.starts_with("**event** trip — 2 account(s)"),
        "{hover}"
    );
    assert!(
        hover.contains("P Magazine (report s): 2024-06-30"),
        "{hover}"
    );
}

#[test]
fn a_date_hover_says_whose_date_it_was_read_on() {
    let story = "report r by o published 2024-07-01\n  visit v: snoeck to MA on yesterday\n\
report u by o published unknown\n  visit w: snoeck to BE on 26 June\n  visit x: snoeck to BE on 2024-06-27 (Thursday)\n";
    let a = analysis(story);
    let file = a.file_of(std::path::Path::new("story.claims")).unwrap();
    let hover = |word: &str| a.hover(file, story.find(word).unwrap()).unwrap().0;
    let origin = hover("yesterday");
    assert!(origin.contains("— 2024-06-30"), "{origin}");
    assert!(
        origin.contains("read on 2024-07-01, the date of the origin, O Daily"),
        "{origin}"
    );
    let unresolved = hover("26 June");
    assert!(unresolved.contains("**unresolved**"), "{unresolved}");
    assert!(unresolved.contains("26 June, year unknown"), "{unresolved}");
    let weekday = hover("2024-06-27");
    assert!(weekday.contains("an absolute date"), "{weekday}");
    assert!(
        weekday.contains("2024-06-27 is a Thursday: it matches"),
        "{weekday}"
    );
}

/// The repairs offered for input errors: straight quotes (preferred: they cannot change
/// meaning), a keyword did-you-mean, a label did-you-mean; and for findings, suppression.
#[test]
fn repairs_for_input_errors() {
    let story =
        "report r by o published 2024-07-01\n  visit v: snoeck to MA topic “cooperation”\n  \
visti w: snoeck to MA\n";
    let a = analysis(story);
    let file = a.file_of(std::path::Path::new("story.claims")).unwrap();
    let all = actions::actions(&a, file, Span::new(0, story.len()));
    let titles: Vec<(&str, bool)> = all
        .iter()
        .filter(|x| x.diagnostic.is_some())
        .map(|x| (x.title.as_str(), x.preferred))
        .collect();
    assert_eq!(
        titles,
        [
            ("straight quotes", true),
            ("replace `visti` with `visit`", false)
        ]
    );
    let quote = &all[0].edits[0];
    assert_eq!(&story[quote.span.range()], "“cooperation”");
    assert_eq!(quote.text, "\"cooperation\"");
    // A label written wrong (in a file with no broken line, which could have declared it).
    let story = "report r by o published 2024-07-01\n  visit trip: snoeck to MA\n  \
meeting m: snoeck, hammouchi during trp # verify: ignore[few-independent-origins] one source\n";
    let a = analysis(story);
    let file = a.file_of(std::path::Path::new("story.claims")).unwrap();
    let at = story.find("trp").unwrap();
    let all = actions::actions(&a, file, Span::new(at, at));
    let found: Vec<(&str, &str)> = all
        .iter()
        .map(|x| (x.title.as_str(), x.edits[0].text.as_str()))
        .collect();
    assert_eq!(found, [("replace `trp` with `trip`", "trip")]);
    // A finding on the visit's line: the rule joins a suppression comment there, or starts one.
    let at = story.find("visit").unwrap();
    let all = actions::actions(&a, file, Span::new(at, at));
    assert_eq!(
        all.iter().map(|x| x.title.as_str()).collect::<Vec<_>>(),
        ["suppress few-independent-origins on this claim (with a reason)"]
    );
    let at = story.find("meeting").unwrap();
    assert!(actions::actions(&a, file, Span::new(at, at))
        .iter()
        .all(|x| !x.title.starts_with("suppress")));
}

/// Names resolve as the model resolves them: ids whatever their case, a name shared by
/// declarations of different kinds taken in the kind the place wants.
#[test]
fn names_resolve_as_the_model_resolves_them() {
    let story = "person paris-man \"Paris\"\ncity paris \"Paris\" in MA\n\
report r by O published 2024-07-01\n  visit v: Hammouchi to \"Paris\"\n  visit w: hammouchi to ma\n";
    let a = analysis(story);
    assert!(!a.outcome.has_input_errors(), "{:?}", a.outcome.diagnostics);
    let file = a.file_of(std::path::Path::new("story.claims")).unwrap();
    let hover = |word: &str, nth: usize| {
        let at = story.match_indices(word).nth(nth).unwrap().0 + 1;
        a.hover(file, at).map(|h| h.0).unwrap_or_default()
    };
    assert!(
        hover("Hammouchi", 0).starts_with("**person** hammouchi"),
        "{}",
        hover("Hammouchi", 0)
    );
    assert!(
        hover("\"Paris\"", 2).starts_with("**city** paris"),
        "{}",
        hover("\"Paris\"", 2)
    );
    assert!(
        hover(" ma", 0).starts_with("**country** MA"),
        "{}",
        hover(" ma", 0)
    );
    assert!(hover("by O", 0).is_empty() || hover(" O ", 0).starts_with("**outlet** o"));
}

/// Review findings: a did-you-mean never replaces more than the word it is about (a
/// suppression naming a rule wrongly is about the whole claim); a quoted name stays quoted;
/// a declaration skeleton's id parses; a rule added to a suppression gets a reason of its
/// own.
#[test]
fn repairs_touch_only_what_they_are_about() {
    let story = "outlet h24 \"24Heures\"\nreport r by o published 2024-07-01\n  per \"24Heure\":\n    \
visit v: snoeck to MA # verify: ignore[few-independent-origin] one source\n  per \"24 Heures\":\n    visit w: snoeck to BE\n";
    let a = analysis(story);
    let file = a.file_of(std::path::Path::new("story.claims")).unwrap();
    let all = actions::actions(&a, file, Span::new(0, story.len()));
    let found: Vec<(String, String)> = all
        .iter()
        .filter(|x| x.diagnostic.is_some())
        .map(|x| (x.title.clone(), x.edits[0].text.clone()))
        .collect();
    assert!(
        found.contains(&(
            "replace `\"24Heure\"` with `\"24Heures\"`".to_owned(),
            "\"24Heures\"".to_owned()
        )),
        "{found:?}"
    );
    assert!(
        found
            .iter()
            .any(|(_, t)| t == "outlet outlet-24-heures \"24 Heures\" # TODO: check\n"),
        "{found:?}"
    );
    assert!(
        !found.iter().any(|(_, t)| t == "few-independent-origins"),
        "no action replaces the claim with a rule id: {found:?}"
    );
    // Adding a rule to a suppression comment: the rule and a reason to write.
    let story = "report r by o published 2024-07-01\n  visit v: snoeck to MA on 2024-06-26 (Monday) # verify: ignore[few-independent-origins] one source\n";
    let a = analysis(story);
    let file = a.file_of(std::path::Path::new("story.claims")).unwrap();
    let at = story.find("visit").unwrap();
    let all = actions::actions(&a, file, Span::new(at, at));
    let join = all
        .iter()
        .find(|x| x.title.starts_with("suppress weekday-mismatch"))
        .expect("a suppression action");
    let mut fixed = story.to_owned();
    let mut edits = join.edits.clone();
    edits.sort_by_key(|e| std::cmp::Reverse(e.span.start));
    for e in edits {
        fixed.replace_range(e.span.range(), &e.text);
    }
    assert!(
        fixed.contains("# verify: ignore[few-independent-origins, weekday-mismatch] one source; weekday-mismatch: TODO: say why this finding does not apply"),
        "{fixed}"
    );
}

#[test]
fn completion_follows_the_language() {
    let report = "report r by o published 2024-07-01\n";
    // What a declaration may say after its name depends on its kind.
    assert_eq!(completions("person x \"X\" |\n"), ["aka"]);
    assert_eq!(completions("office x \"X\" |\n"), ["aka", "of", "sole"]);
    assert_eq!(
        completions("place x \"X\" in |\n"),
        ["dgsn", "MA", "BE", "rabat"]
    );
    // One time per claim; inside a range, a date follows `to`.
    let quals = completions(&format!(
        "{report}  visit v: snoeck to MA on 2024-06-26 |\n"
    ));
    assert!(
        !quals
            .iter()
            .any(|q| q == "from" || q == "until" || q == "on"),
        "{quals:?}"
    );
    assert!(completions(&format!(
        "{report}  visit v: snoeck to MA from 2024-06-26 to |\n"
    ))
    .is_empty());
    // `coming from` used once is used.
    let quals = completions(&format!(
        "{report}  visit v: snoeck to MA coming from rabat |\n"
    ));
    assert!(!quals.iter().any(|q| q == "coming from"), "{quals:?}");
    // Nothing after `per X:`; a `#` inside quotes is not a comment.
    assert!(completions(&format!("{report}  per p: |\n")).is_empty());
    let quals = completions(&format!("{report}  visit v: snoeck to MA topic \"#1\" |\n"));
    assert!(quals.contains(&"lasting".to_owned()), "{quals:?}");
}

/// Repairs that produce text the parser reads: a straight quote inside typographic ones is
/// escaped; a declaration made from `"İstanbul"` has an id (lowercasing `İ` adds a
/// combining mark, which no id may hold).
#[test]
fn repairs_parse() {
    let story = "report r by o published 2024-07-01\n  visit v: snoeck to MA topic “hel\"lo”\n  visit w: snoeck to \"İstanbul\"\n";
    let a = analysis(story);
    let file = a.file_of(std::path::Path::new("story.claims")).unwrap();
    let all = actions::actions(&a, file, Span::new(0, story.len()));
    let texts: Vec<&str> = all.iter().map(|x| x.edits[0].text.as_str()).collect();
    assert!(texts.contains(&"\"hel\\\"lo\""), "{texts:?}");
    let decl = texts
        .iter()
        .find(|t| t.starts_with("city "))
        .expect("a declaration");
    assert_eq!(*decl, "city i-stanbul \"İstanbul\" # TODO: check\n");
    let (_, diags) = verify::syntax::parse(decl, 0);
    assert!(diags.is_empty(), "{diags:?}");
}
