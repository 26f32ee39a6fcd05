//! `verify draft` against the gold set in `tests/data/draft/` (articles in English, French
//! and Arabic, each with the claims an editor wrote and the temporal expressions and
//! attributions annotated): precision and recall of temporal expressions (found, and
//! normalised to the right value) and of attributions (right outlet, right nesting), per
//! language; and every draft, alone and beside its declarations, checks with no input error.
//!
//! `bench/draft_scores.sh` prints the table (this test with `--nocapture`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use verify::draft::{self, Code, Options};

#[derive(serde::Deserialize)]
struct Meta {
    lang: String,
    outlet: Option<String>,
    #[allow(dead_code)]
    published: Option<String>,
    date_order: Option<String>,
    declarations: Option<String>,
}

#[derive(serde::Deserialize)]
struct Gold {
    #[serde(default)]
    time: Vec<GoldTime>,
    #[serde(default)]
    attribution: Vec<GoldAttribution>,
}

#[derive(serde::Deserialize)]
struct GoldTime {
    text: String,
    value: String,
}

#[derive(serde::Deserialize)]
struct GoldAttribution {
    outlet: String,
    within: String,
}

struct Case {
    name: String,
    dir: PathBuf,
    meta: Meta,
    article: String,
    gold: Gold,
}

fn cases() -> Vec<Case> {
    cases_in("tests/data/draft")
}

fn cases_in(set: &str) -> Vec<Case> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(set);
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs.into_iter()
        .map(|dir| Case {
            name: dir.file_name().unwrap().to_string_lossy().into_owned(),
            meta: toml::from_str(&std::fs::read_to_string(dir.join("meta.toml")).unwrap()).unwrap(),
            article: std::fs::read_to_string(dir.join("article.txt")).unwrap(),
            gold: toml::from_str(&std::fs::read_to_string(dir.join("gold.toml")).unwrap()).unwrap(),
            dir,
        })
        .collect()
}

impl Case {
    /// The declarations the case links against.
    fn declarations(&self) -> PathBuf {
        match self.meta.declarations.as_deref() {
            Some("claims") => Path::new(env!("CARGO_MANIFEST_DIR")).join("claims/entities.claims"),
            _ => self.dir.join("declarations.claims"),
        }
    }

    fn options(&self) -> Options {
        Options {
            lang: Code::from_name(&self.meta.lang),
            outlet: self.meta.outlet.clone(),
            published: None,
            date_order: match self.meta.date_order.as_deref() {
                Some("dmy") => verify::syntax::DateOrder::Dmy,
                Some("mdy") => verify::syntax::DateOrder::Mdy,
                _ => verify::syntax::DateOrder::Unset,
            },
            name: format!("{}/article.txt", self.name),
        }
    }

    fn run(&self, with_declarations: bool) -> (draft::Draft, Option<String>) {
        let decls = std::fs::read_to_string(self.declarations()).unwrap();
        let loaded = verify::pipeline::load_texts([("declarations.claims", decls.clone())]);
        let d = draft::draft(
            &self.article,
            &self.options(),
            with_declarations.then_some(&loaded.corpus),
        );
        (d, with_declarations.then_some(decls))
    }
}

/// Found, matched, gold: precision and recall.
#[derive(Default, Clone, Copy)]
struct Score {
    found: usize,
    right: usize,
    gold: usize,
}

impl Score {
    fn add(&mut self, o: Score) {
        self.found += o.found;
        self.right += o.right;
        self.gold += o.gold;
    }
    fn p(self) -> f64 {
        self.right as f64 / self.found.max(1) as f64
    }
    fn r(self) -> f64 {
        self.right as f64 / self.gold.max(1) as f64
    }
    fn f1(self) -> f64 {
        let (p, r) = (self.p(), self.r());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

/// Spans of the gold texts in the article, each found after the one before.
fn gold_spans(article: &str, texts: &[&str]) -> Vec<std::ops::Range<usize>> {
    let mut from = 0;
    texts
        .iter()
        .map(|t| {
            let at = article[from..]
                .find(t)
                .map(|n| n + from)
                .or_else(|| article.find(t))
                .unwrap_or_else(|| panic!("gold text `{t}` is not in the article"));
            from = at;
            at..at + t.len()
        })
        .collect()
}

fn norm(v: &str) -> String {
    v.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn time_score(case: &Case, d: &draft::Draft, misses: &mut Vec<String>) -> Score {
    let texts: Vec<&str> = case.gold.time.iter().map(|g| g.text.as_str()).collect();
    let spans = gold_spans(&case.article, &texts);
    let mut used = vec![false; spans.len()];
    let mut right = 0;
    for f in &d.times {
        let hit = spans.iter().enumerate().position(|(k, s)| {
            !used[k]
                && s.start < f.span.end
                && f.span.start < s.end
                && norm(&case.gold.time[k].value) == norm(&f.value)
        });
        match hit {
            Some(k) => {
                used[k] = true;
                right += 1;
            }
            None => misses.push(format!(
                "{}: found `{}` = {}",
                case.name,
                &case.article[f.span.clone()],
                f.value
            )),
        }
    }
    for (k, g) in case.gold.time.iter().enumerate() {
        if !used[k] {
            misses.push(format!("{}: missed `{}` = {}", case.name, g.text, g.value));
        }
    }
    Score {
        found: d.times.len(),
        right,
        gold: spans.len(),
    }
}

fn attribution_score(case: &Case, d: &draft::Draft, misses: &mut Vec<String>) -> Score {
    let mut gold: Vec<(String, String)> = case
        .gold
        .attribution
        .iter()
        .map(|a| (a.outlet.clone(), a.within.clone()))
        .collect();
    let gold_n = gold.len();
    let mut right = 0;
    for a in &d.attributions {
        let key = (a.outlet.clone(), a.within.clone().unwrap_or_default());
        match gold.iter().position(|g| *g == key) {
            Some(k) => {
                gold.remove(k);
                right += 1;
            }
            None => misses.push(format!("{}: found {} within {:?}", case.name, key.0, key.1)),
        }
    }
    for g in gold {
        misses.push(format!("{}: missed {} within {:?}", case.name, g.0, g.1));
    }
    Score {
        found: d.attributions.len(),
        right,
        gold: gold_n,
    }
}

type Table = (
    BTreeMap<String, Score>,
    BTreeMap<String, Score>,
    Score,
    Score,
);

/// Scores a set of cases per language, and prints the table (and the misses with
/// `DRAFT_MISSES=1`).
fn score(set: &str) -> Table {
    let mut times: BTreeMap<String, Score> = BTreeMap::new();
    let mut attrs: BTreeMap<String, Score> = BTreeMap::new();
    let mut misses = Vec::new();
    for case in &cases_in(set) {
        let (d, _) = case.run(true);
        let lang = case.meta.lang.clone();
        times
            .entry(lang.clone())
            .or_default()
            .add(time_score(case, &d, &mut misses));
        attrs
            .entry(lang)
            .or_default()
            .add(attribution_score(case, &d, &mut misses));
    }
    let mut all_t = Score::default();
    let mut all_a = Score::default();
    eprintln!("{set}:");
    eprintln!(
        "{:<6} {:>28} {:>28}",
        "", "temporal P / R / F1", "attribution P / R / F1"
    );
    let row =
        |name: &str, t: Score, a: Score| {
            eprintln!(
            "{name:<6} {:>6.2} {:>6.2} {:>6.2} ({:>2}/{:>2}) {:>6.2} {:>6.2} {:>6.2} ({:>2}/{:>2})",
            t.p(), t.r(), t.f1(), t.right, t.gold, a.p(), a.r(), a.f1(), a.right, a.gold
        );
        };
    for (lang, t) in &times {
        let a = attrs[lang];
        all_t.add(*t);
        all_a.add(a);
        row(lang, *t, a);
    }
    row("all", all_t, all_a);
    if std::env::var_os("DRAFT_MISSES").is_some() {
        for m in &misses {
            eprintln!("  {m}");
        }
    }
    (times, attrs, all_t, all_a)
}

/// The scores per language on the development set (the patterns were written against it):
/// the targets hold (temporal F1 0.90, attribution F1 0.80), and no language is far
/// behind. docs/draft.md has the figures.
#[test]
fn scores_on_the_gold_set() {
    assert!(
        cases().len() >= 12,
        "the gold set has {} articles",
        cases().len()
    );
    let (times, attrs, all_t, all_a) = score("tests/data/draft");
    assert!(all_t.f1() >= 0.90, "temporal F1 {:.2}", all_t.f1());
    assert!(all_a.f1() >= 0.80, "attribution F1 {:.2}", all_a.f1());
    for (lang, t) in &times {
        assert!(t.f1() >= 0.90, "{lang}: temporal F1 {:.2}", t.f1());
        assert!(
            attrs[lang].f1() >= 0.70,
            "{lang}: attribution F1 {:.2}",
            attrs[lang].f1()
        );
    }
}

/// Every draft checks with no input error: beside the declarations it was linked against,
/// and alone (drafted without them, it declares what it names).
#[test]
fn every_draft_checks() {
    for case in cases() {
        for with in [true, false] {
            let (d, decls) = case.run(with);
            let mut files = vec![("draft.claims".to_owned(), d.text.clone())];
            if let Some(decls) = decls {
                files.push(("declarations.claims".to_owned(), decls));
            }
            let loaded = verify::pipeline::load_texts(files);
            let errors: Vec<String> = loaded
                .diagnostics
                .iter()
                .filter(|x| x.is_error())
                .map(|x| verify::diag::render(&loaded.sources, x, false))
                .collect();
            assert!(
                errors.is_empty(),
                "{} ({}): {}\n{}",
                case.name,
                if with {
                    "beside its declarations"
                } else {
                    "alone"
                },
                errors.join("\n"),
                d.text
            );
        }
    }
}

/// Each seed article drafted against `claims/entities.claims`, beside the hand-written
/// `claims/belgium.claims` and `claims/france.claims`: each hand-written claim the draft also has (same kind, same
/// terms) is compared for who said it (the chain of outlets) and when (its stated time);
/// what the draft misses or words differently is listed. Every claim the draft has must be
/// one the editor wrote, and the ones it shares must agree on dates.
#[test]
fn the_seed_drafts_beside_the_hand_written_claims() {
    // (seed, hand-written file, its report, the outlet, how many claims agree at least)
    for (seed, file, report, outlet, floor) in [
        (
            "ar-seed-000",
            "belgium.claims",
            "alfajr-2025-04-12",
            "alfajr",
            6,
        ),
        (
            "ar-seed-003",
            "france.claims",
            "nador24-hammouchi-paris",
            "nador24",
            2,
        ),
    ] {
        seed_beside(seed, file, report, outlet, floor);
    }
}

fn seed_beside(seed: &str, file: &str, report: &str, outlet: &str, floor: usize) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let article =
        std::fs::read_to_string(root.join(format!("tests/data/draft/{seed}/article.txt"))).unwrap();
    let decls = std::fs::read_to_string(root.join("claims/entities.claims")).unwrap();
    let hand = std::fs::read_to_string(root.join("claims").join(file)).unwrap();
    let declared = verify::pipeline::load_texts([("entities.claims", decls.clone())]);
    let opts = Options {
        lang: Some(Code::Ar),
        outlet: Some(outlet.to_owned()),
        name: seed.to_owned(),
        ..Options::default()
    };
    let d = draft::draft(&article, &opts, Some(&declared.corpus));
    let expected = verify::pipeline::load_texts([("entities.claims", decls.clone()), (file, hand)]);
    let drafted = verify::pipeline::load_texts([
        ("entities.claims", decls),
        ("draft.claims", d.text.clone()),
    ]);
    assert!(!drafted.diagnostics.iter().any(|x| x.is_error()));
    // What a claim is about: its kind, the entities it names, where to, its parties, its
    // period (a plan's name is in the article's language in a draft, in English by hand).
    let describe = |c: &verify::model::Corpus, cl: &verify::model::Claim| {
        let terms: Vec<String> = cl
            .terms
            .iter()
            .filter_map(|v| match v {
                verify::model::Value::Entity(e) => Some(c.entities[*e].id.clone()),
                verify::model::Value::Text(_) => None,
            })
            .collect();
        let to = cl
            .to()
            .map(|e| c.entities[e].id.clone())
            .unwrap_or_default();
        let mut parties: Vec<String> = cl
            .rare()
            .parties()
            .iter()
            .map(|e| c.entities[*e].id.clone())
            .collect();
        parties.sort();
        let period = match cl.kind {
            verify::syntax::ClaimKind::Plan | verify::syntax::ClaimKind::Agreement => cl
                .times()
                .next()
                .map(|w| w.period.to_string())
                .unwrap_or_default(),
            _ => String::new(),
        };
        (cl.kind, terms, to, parties, period)
    };
    let chain = |c: &verify::model::Corpus, cl: &verify::model::Claim| -> Vec<String> {
        cl.chain().map(|o| c.outlets[o].id.clone()).collect()
    };
    // The time as written (what it resolves to depends on the rest of each corpus).
    let when = |c: &verify::model::Corpus, cl: &verify::model::Claim| {
        cl.when
            .as_ref()
            .map(|w| c.when_text(w).to_owned())
            .unwrap_or_default()
    };
    let (e, dr) = (&expected.corpus, &drafted.corpus);
    let mine = |c: &&verify::model::Claim| e.reports[c.report()].id == report;
    let mut agree = 0;
    let mut notes = Vec::new();
    for want in e.claims.iter().filter(mine) {
        let key = describe(e, want);
        let same: Vec<&verify::model::Claim> = dr
            .claims
            .iter()
            .filter(|c| describe(dr, c) == key)
            .collect();
        if same.is_empty() {
            notes.push(format!("missed: {}", e.claim_text(want)));
        } else if same
            .iter()
            .any(|got| chain(dr, got) == chain(e, want) && when(dr, got) == when(e, want))
        {
            agree += 1;
        } else {
            let got = same[0];
            notes.push(format!(
                "{}: drafted with chain {:?} and time `{}`",
                e.claim_text(want),
                chain(dr, got),
                when(dr, got)
            ));
        }
    }
    // Nothing invented: every drafted claim is one the editor wrote, and a date it gives is
    // one the editor wrote for that claim.
    for got in &dr.claims {
        let written: Vec<&verify::model::Claim> = e
            .claims
            .iter()
            .filter(mine)
            .filter(|c| describe(e, c) == describe(dr, got))
            .collect();
        assert!(
            !written.is_empty(),
            "drafted a claim the editor did not write: {}",
            dr.claim_text(got)
        );
        let gw = when(dr, got);
        assert!(
            gw.is_empty() || written.iter().any(|c| when(e, c) == gw),
            "{}: drafted `{gw}`, the editor wrote another date",
            dr.claim_text(got)
        );
    }
    eprintln!("{seed}: {agree} claims as written (chain and dates); differences:");
    for n in &notes {
        eprintln!("  {n}");
    }
    assert!(
        agree >= floor,
        "{seed}: {agree} claims agree: {notes:#?}\n{}",
        d.text
    );
}

/// The second development set, `tests/data/draft-second/`: written after the patterns as a
/// held-out set and scored once (temporal F1 0.72, attribution F1 0.38), then used to find
/// what the patterns missed. Held near its figures now.
#[test]
fn scores_on_the_second_set() {
    let (_, _, t, a) = score("tests/data/draft-second");
    assert!(t.f1() >= 0.85, "temporal F1 {:.2}", t.f1());
    assert!(a.f1() >= 0.80, "attribution F1 {:.2}", a.f1());
}

/// The held-out set, `tests/data/draft-heldout/`: written by someone who had seen neither the
/// patterns nor the other sets, and never used to tune them. Its figures are the ones to
/// trust (docs/draft.md). The floors catch a regression; they are not targets.
#[test]
fn scores_on_the_held_out_set() {
    // First measured: temporal F1 0.79 (P 0.80, R 0.77), attribution F1 0.83.
    let (_, _, t, a) = score("tests/data/draft-heldout");
    assert!(t.f1() >= 0.75, "temporal F1 {:.2}", t.f1());
    assert!(a.f1() >= 0.78, "attribution F1 {:.2}", a.f1());
}
