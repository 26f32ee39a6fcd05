//! Property tests, bounded so the suite stays quick: generated claims files round-trip
//! through the formatter; Allen relations are exact on precise periods and sound on
//! imprecise ones; the pipeline never panics on generated or mutated input.

use std::path::Path;
use std::sync::LazyLock;

use proptest::prelude::*;
use verify::diag::SourceMap;
use verify::model::time::{allen, allen_all, Allen, Certainty, Fuzzy, Period};
use verify::syntax;

use crate::support::{dump, render_all, shape};

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

// ---------------------------------------------------------------------------------------
// A generator of valid claims files

use verify::calendar::MONTH_NAMES as MONTHS;
use verify::calendar::WEEKDAY_NAMES as WEEKDAYS;

fn point() -> BoxedStrategy<String> {
    prop_oneof![
        (1990i32..2030).prop_map(|y| format!("{y}")),
        (1990i32..2030, 1u32..13).prop_map(|(y, m)| format!("{y}-{m:02}")),
        (1990i32..2030, 1u32..13, 1u32..29).prop_map(|(y, m, d)| format!("{y}-{m:02}-{d:02}")),
        (1u32..29, 0usize..12).prop_map(|(d, m)| format!("{d} {}", MONTHS[m])),
        (1u32..29, 0usize..12, 1990i32..2030)
            .prop_map(|(d, m, y)| format!("{} {d} {y}", MONTHS[m])),
        prop_oneof![
            Just("this year"),
            Just("last year"),
            Just("next month"),
            Just("end of this year"),
            Just("start of next month"),
            Just("this week"),
            Just("yesterday"),
            Just("today"),
            Just("tomorrow")
        ]
        .prop_map(str::to_owned),
        (
            1u32..30,
            prop_oneof![Just("days"), Just("weeks"), Just("months"), Just("years")]
        )
            .prop_map(|(n, u)| format!("{n} {u} ago")),
        (
            0usize..7,
            prop_oneof![Just(""), Just("last "), Just("next ")]
        )
            .prop_map(|(w, p)| format!("{p}{}", WEEKDAYS[w])),
        // As articles write them: a third of a month or a year, a short stated weekday.
        (
            prop_oneof![Just("early "), Just("mid "), Just("mid-"), Just("late ")],
            prop_oneof![
                (0usize..12).prop_map(|m| MONTHS[m].to_owned()),
                (1990i32..2030).prop_map(|y| y.to_string()),
                (0usize..12, 1990i32..2030).prop_map(|(m, y)| format!("{} {y}", MONTHS[m])),
                Just("this year".to_owned()),
            ]
        )
            .prop_map(|(t, b)| format!("{t}{b}")),
        (1990i32..2030, 1u32..13, 1u32..29, 0usize..7)
            .prop_map(|(y, m, d, w)| { format!("{y}-{m:02}-{d:02} ({})", &WEEKDAYS[w][..3]) }),
        // A time of day after a single day: a part of the day or a clock time.
        (
            prop_oneof![
                (1990i32..2030, 1u32..13, 1u32..29)
                    .prop_map(|(y, m, d)| format!("{y}-{m:02}-{d:02}")),
                (1u32..29, 0usize..12).prop_map(|(d, m)| format!("{d} {}", MONTHS[m])),
                Just("yesterday".to_owned()),
                (0usize..7).prop_map(|w| WEEKDAYS[w].to_owned()),
            ],
            prop_oneof![
                Just("morning".to_owned()),
                Just("at noon".to_owned()),
                Just("afternoon".to_owned()),
                Just("evening".to_owned()),
                Just("night".to_owned()),
                (0u32..24, 0u32..60).prop_map(|(h, m)| format!("{h}:{m:02}")),
                (0u32..24, 0u32..60).prop_map(|(h, m)| format!("at {h}h{m:02}")),
                (0u32..24).prop_map(|h| format!("{h}h")),
            ]
        )
            .prop_map(|(d, t)| format!("{d} {t}")),
    ]
    .boxed()
}

fn time() -> BoxedStrategy<String> {
    prop_oneof![
        point().prop_map(|p| format!("on {p}")),
        (1u32..10, 10u32..29, 0usize..12)
            .prop_map(|(a, b, m)| format!("on {a}..{b} {}", MONTHS[m])),
        (1u32..10, 10u32..29, 0usize..12)
            .prop_map(|(a, b, m)| format!("from {a} to {b} {}", MONTHS[m])),
        // Journalist ranges: hyphen or en dash, with or without `from`.
        (
            prop_oneof![Just("on "), Just("from ")],
            1u32..10,
            prop_oneof![Just("-"), Just("–")],
            10u32..29,
            0usize..12
        )
            .prop_map(|(k, a, dash, b, m)| format!("{k}{a}{dash}{b} {}", MONTHS[m])),
        // Month first, as US articles write it, with or without a year.
        (
            0usize..12,
            1u32..10,
            prop_oneof![Just("-"), Just("–"), Just("..")],
            10u32..29,
            prop_oneof![
                Just(String::new()),
                (1990i32..2030).prop_map(|y| format!(", {y}"))
            ]
        )
            .prop_map(|(m, a, dash, b, y)| format!("on {} {a}{dash}{b}{y}", MONTHS[m])),
        // Months and thirds across 31 December.
        (
            prop_oneof![Just(""), Just("early "), Just("mid "), Just("late ")],
            8usize..12,
            prop_oneof![Just(""), Just("early "), Just("mid "), Just("late ")],
            0usize..4
        )
            .prop_map(|(t1, m1, t2, m2)| format!("from {t1}{} to {t2}{}", MONTHS[m1], MONTHS[m2])),
        (1990i32..2010, 2010i32..2030).prop_map(|(a, b)| format!("from {a} to {b}")),
        (1990i32..2010).prop_map(|a| format!("from {a}")),
        point().prop_map(|p| format!("until {p}")),
        (1990i32..2010, 1u32..13)
            .prop_map(|(y, m)| format!("from {y}-{m:02} until end of this year")),
    ]
    .boxed()
}

fn opt_time() -> BoxedStrategy<String> {
    prop_oneof![Just(String::new()), time().prop_map(|t| format!(" {t}"))].boxed()
}

fn claim() -> BoxedStrategy<String> {
    let person = (0usize..4).prop_map(|i| format!("p{i}"));
    let place = prop_oneof![
        Just("X".to_owned()),
        Just("Y".to_owned()),
        Just("city".to_owned()),
        Just("\"City Name\"".to_owned())
    ];
    let label = prop_oneof![
        Just(String::new()),
        (0usize..5).prop_map(|i| format!(" e{i}:"))
    ];
    prop_oneof![
        (
            label.clone(),
            person.clone(),
            place.clone(),
            opt_time(),
            prop::option::of(1u32..9)
        )
            .prop_map(|(l, p, x, t, d)| {
                format!(
                    "visit{l} {p} to {x}{t}{}",
                    d.map(|d| if d % 3 == 0 {
                        format!(" lasting {} hours", d * 8)
                    } else {
                        format!(" lasting {d} days")
                    })
                    .unwrap_or_default()
                )
            }),
        (label.clone(), person.clone(), person.clone(), opt_time())
            .prop_map(|(l, a, b, t)| format!("meeting{l} {a}, {b} in city{t} topic \"talks\"")),
        (
            label.clone(),
            opt_time(),
            prop::option::of(prop_oneof![
                Just("expected"),
                Just("signed"),
                Just("in-force"),
                Just("ended")
            ])
        )
            .prop_map(|(l, t, s)| format!(
                "plan{l} \"Plan # \\\"x\\\"\" parties X, Y{t}{}",
                s.map(|s| format!(" status {s}")).unwrap_or_default()
            )),
        (person.clone(), opt_time()).prop_map(|(p, t)| format!("holds {p} chief{t}")),
        (label.clone(), opt_time()).prop_map(|(l, t)| format!("event{l} games in city{t}")),
        (label.clone(), person.clone())
            .prop_map(|(l, p)| format!("award{l} {p} \"Medal\" by police on 2024-06-28 (Friday)")),
        (label, person)
            .prop_map(|(l, p)| format!("statement{l} {p} says \"something\" note \"n\"")),
    ]
    .boxed()
}

fn block(indent: usize) -> BoxedStrategy<String> {
    let claims = prop::collection::vec(claim(), 0..5);
    (
        claims,
        prop::option::of((
            0usize..3,
            prop::collection::vec(claim(), 1..4),
            any::<bool>(),
        )),
    )
        .prop_map(move |(cs, per)| {
            let pad = " ".repeat(indent);
            let mut out = String::new();
            for c in cs {
                out.push_str(&format!("{pad}{c}\n"));
            }
            if let Some((o, cs, dated)) = per {
                let d = if dated { " published 2024-05" } else { "" };
                out.push_str(&format!("{pad}per o{o}{d}:   # cited\n"));
                for c in cs {
                    out.push_str(&format!("{pad}{pad}{c}\n"));
                }
            }
            out
        })
        .boxed()
}

fn claims_file() -> impl Strategy<Value = String> {
    let report = (
        0usize..3,
        prop_oneof![
            Just(" published 2024-06-30"),
            Just(" published 2025"),
            Just(" published unknown"),
            Just("")
        ],
        prop_oneof![Just(2usize), Just(4)],
    );
    prop::collection::vec((report, prop_oneof![Just(2usize), Just(4)]).prop_flat_map(|((o, p, _), ind)| block(ind).prop_map(move |b| (o, p, b))), 1..4).prop_map(|reports| {
        let mut out = String::from(
            "# generated\noutlet o0 \"Outlet Zero\" kind daily\noutlet o1 \"Outlet One\" aka \"O1\"\noutlet o2 \"وكالة\"\n\
             person p0 \"Person Zero\" aka \"بيرسون\"\nperson p1 \"Person One\"\nperson p2 \"Person Two\"\nperson p3 \"Person Three\"\n\
             country X \"Country X\"\ncountry Y \"Country Y\"\ncity city \"City Name\" in X\norg police \"Police\" in X\n\
             office chief \"Chief\" of police sole\nevent games \"Games\"\n\n",
        );
        for (i, (o, p, b)) in reports.into_iter().enumerate() {
            out.push_str(&format!("report r{i} by o{o}{p}\n{b}\n"));
        }
        out
    })
}

fn standard_rules() -> &'static [verify::rules::Rule] {
    static RULES: LazyLock<Vec<verify::rules::Rule>> = LazyLock::new(|| {
        let mut map = SourceMap::default();
        let (rules, diags) = verify::load::load_rules(Path::new("rules"), &mut map);
        assert!(diags.is_empty());
        rules
    });
    &RULES
}

proptest! {
    #![proptest_config(config(96))]

    /// The pipeline resolves each file's claims in a syntax tree made again when their
    /// turn comes, so that the trees of a corpus are never all in memory: the corpus and
    /// the diagnostics are those of resolving the whole trees, broken files included.
    #[test]
    fn resolving_in_trees_made_again_is_resolving_whole_trees(
        a in claims_file(),
        b in claims_file(),
        edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..6),
    ) {
        let mut b = b.into_bytes();
        for (at, byte) in edits {
            let at = at.index(b.len());
            b[at] = byte;
        }
        let b = String::from_utf8_lossy(&b).into_owned();
        let loaded = verify::pipeline::load_texts([("a.claims", a), ("b.claims", b)]);
        let mut diags = Vec::new();
        let docs: Vec<(usize, syntax::Document)> = loaded
            .sources
            .files
            .iter()
            .enumerate()
            .map(|(i, f)| {
                let (doc, d) = syntax::parse(&f.text, i);
                diags.extend(d);
                (i, doc)
            })
            .collect();
        let whole: Vec<(usize, &syntax::Document)> = docs.iter().map(|(i, d)| (*i, d)).collect();
        let (corpus, d) = verify::model::resolve(&whole);
        diags.extend(d);
        verify::load::sort_diagnostics(&loaded.sources, &mut diags);
        prop_assert_eq!(dump(&loaded.sources, &corpus), dump(&loaded.sources, &loaded.corpus));
        prop_assert_eq!(
            render_all(&loaded.sources, &diags),
            render_all(&loaded.sources, &loaded.diagnostics)
        );
    }

    /// `parse(fmt(x))` equals `parse(x)` and `fmt(fmt(x))` equals `fmt(x)`.
    #[test]
    fn generated_files_round_trip_through_fmt(text in claims_file()) {
        let (doc, diags) = syntax::parse(&text, 0);
        prop_assert!(diags.iter().all(|d| !d.is_error()), "generated text has errors: {diags:?}\n{text}");
        let once = syntax::format(&doc);
        let (doc2, diags2) = syntax::parse(&once, 0);
        prop_assert!(diags2.iter().all(|d| !d.is_error()), "{diags2:?}\n{once}");
        prop_assert_eq!(shape(&doc), shape(&doc2));
        prop_assert_eq!(&once, &syntax::format(&doc2));
    }

    /// The resolver and the standard rules never panic on generated files, valid or
    /// mutated byte by byte.
    #[test]
    fn pipeline_never_panics(text in claims_file(), edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..12)) {
        let mut bytes = text.into_bytes();
        for (at, b) in edits {
            if !bytes.is_empty() {
                let i = at.index(bytes.len());
                bytes[i] = b;
            }
        }
        let loaded = verify::pipeline::load_corpus(
            verify::pipeline::Claims::Memory(vec![("p.claims".into(), bytes)]),
            Default::default(),
            &verify::pipeline::Quiet,
        );
        let corpus = loaded.corpus;
        let _ = verify::engine::run(standard_rules(), &corpus);
    }
}

// ---------------------------------------------------------------------------------------
// Allen relations

/// The relation between two precise periods `[s, e]` (inclusive days), from first
/// principles: half-open `[s, e + 1)`.
fn relation(a: (i32, i32), b: (i32, i32)) -> Allen {
    let (s1, e1, s2, e2) = (a.0, a.1 + 1, b.0, b.1 + 1);
    match (s1.cmp(&s2), e1.cmp(&e2)) {
        _ if e1 < s2 => Allen::Before,
        _ if e1 == s2 => Allen::Meets,
        _ if e2 < s1 => Allen::After,
        _ if e2 == s1 => Allen::MetBy,
        (std::cmp::Ordering::Equal, std::cmp::Ordering::Equal) => Allen::Equals,
        (std::cmp::Ordering::Equal, std::cmp::Ordering::Less) => Allen::Starts,
        (std::cmp::Ordering::Equal, std::cmp::Ordering::Greater) => Allen::StartedBy,
        (std::cmp::Ordering::Greater, std::cmp::Ordering::Equal) => Allen::Finishes,
        (std::cmp::Ordering::Less, std::cmp::Ordering::Equal) => Allen::FinishedBy,
        (std::cmp::Ordering::Greater, std::cmp::Ordering::Less) => Allen::During,
        (std::cmp::Ordering::Less, std::cmp::Ordering::Greater) => Allen::Contains,
        (std::cmp::Ordering::Less, std::cmp::Ordering::Less) => Allen::Overlaps,
        (std::cmp::Ordering::Greater, std::cmp::Ordering::Greater) => Allen::OverlappedBy,
    }
}

fn precise() -> impl Strategy<Value = (i32, i32)> {
    (-40_000i32..40_000, 0i32..400).prop_map(|(s, len)| (s, s + len))
}

fn fuzzy_period() -> impl Strategy<Value = (Period, (i32, i32), (i32, i32))> {
    (-500i32..500, 0i32..40, 0i32..80, 0i32..40).prop_map(|(s, sw, gap, ew)| {
        let start = (s, s + sw);
        let end = (s + gap, s + gap + ew);
        (
            Period::new(Fuzzy::range(start.0, start.1), Fuzzy::range(end.0, end.1)),
            start,
            end,
        )
    })
}

proptest! {
    #![proptest_config(config(512))]

    /// For precise periods exactly one relation holds definitely, the others never, and
    /// it is the relation computed from first principles; converses agree.
    #[test]
    fn precise_periods_have_exactly_one_relation(a in precise(), b in precise()) {
        let (pa, pb) = (Period::days(a.0, a.1), Period::days(b.0, b.1));
        let all = allen_all(&pa, &pb);
        let definite: Vec<Allen> = Allen::ALL.iter().copied().filter(|r| all[r.index()] == Certainty::Definitely).collect();
        prop_assert_eq!(definite, vec![relation(a, b)]);
        prop_assert!(all.iter().all(|c| *c != Certainty::Possibly));
        for r in Allen::ALL {
            prop_assert_eq!(allen(&pa, &pb, r), allen(&pb, &pa, r.converse()));
        }
    }

    /// An imprecise answer is never contradicted by a precise reading: a relation that is
    /// definite holds in every sampled reading, one that is never holds in none.
    #[test]
    fn imprecise_periods_are_sound(a in fuzzy_period(), b in fuzzy_period(), picks in prop::collection::vec((any::<prop::sample::Index>(), any::<prop::sample::Index>(), any::<prop::sample::Index>(), any::<prop::sample::Index>()), 16)) {
        let ((pa, sa, ea), (pb, sb, eb)) = (a, b);
        let all = allen_all(&pa, &pb);
        let pick = |r: (i32, i32), i: &prop::sample::Index| r.0 + i.index((r.1 - r.0 + 1) as usize) as i32;
        for (i1, i2, i3, i4) in &picks {
            let (s1, e1, s2, e2) = (pick(sa, i1), pick(ea, i2), pick(sb, i3), pick(eb, i4));
            if s1 > e1 || s2 > e2 {
                continue; // not a reading
            }
            let holds = relation((s1, e1), (s2, e2));
            for r in Allen::ALL {
                match all[r.index()] {
                    Certainty::Definitely => prop_assert_eq!(r, holds, "definite {:?} but a reading gives {:?}", r, holds),
                    Certainty::Never => prop_assert_ne!(r, holds, "never {:?} but a reading gives it", r),
                    Certainty::Possibly => {}
                }
            }
        }
    }
}
