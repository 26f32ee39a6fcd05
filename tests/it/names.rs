//! Name variants measured: the skeleton behind `name-variants` on real spelling pairs and
//! near misses in both scripts (`tests/data/names/pairs.tsv`). Precision must stay high (a
//! finding that two names are one must rarely be wrong); recall is measured and printed.
//! (The pairs the issue names are unit tests of `model::names`.)

use verify::model::names::{skeleton, why_alike};

struct Pair {
    a: String,
    b: String,
    same: bool,
}

fn pairs() -> Vec<Pair> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/names/pairs.tsv");
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            assert_eq!(f.len(), 3, "three tab-separated fields: {l:?}");
            assert!(matches!(f[2], "same" | "different"), "{l:?}");
            Pair {
                a: f[0].to_owned(),
                b: f[1].to_owned(),
                same: f[2] == "same",
            }
        })
        .collect()
}

#[test]
fn skeletons_are_precise_on_real_variants_and_near_misses() {
    let pairs = pairs();
    assert!(pairs.len() >= 60, "{} pairs", pairs.len());
    let arabic = |s: &str| s.chars().any(|c| ('\u{600}'..='\u{6ff}').contains(&c));
    let mut report = String::new();
    let mut all = (0, 0, 0, 0);
    for (script, of_script) in [("Latin", false), ("Arabic", true)] {
        let (mut tp, mut fp, mut fn_, mut tn) = (0, 0, 0, 0);
        for p in pairs.iter().filter(|p| arabic(&p.a) == of_script) {
            let meet = skeleton(&p.a) == skeleton(&p.b);
            assert_eq!(meet, why_alike(&p.a, &p.b).is_some(), "{} / {}", p.a, p.b);
            match (meet, p.same) {
                (true, true) => tp += 1,
                (true, false) => {
                    fp += 1;
                    report.push_str(&format!("  false match: {} / {}\n", p.a, p.b));
                }
                (false, true) => {
                    fn_ += 1;
                    report.push_str(&format!("  missed: {} / {}\n", p.a, p.b));
                }
                (false, false) => tn += 1,
            }
        }
        report.push_str(&format!(
            "{script}: {} pairs, {tp} variants met, {fn_} missed, {fp} near misses met, {tn} kept apart\n",
            tp + fp + fn_ + tn
        ));
        all = (all.0 + tp, all.1 + fp, all.2 + fn_, all.3 + tn);
    }
    let (tp, fp, fn_, _) = all;
    let precision = tp as f64 / (tp + fp).max(1) as f64;
    let recall = tp as f64 / (tp + fn_).max(1) as f64;
    eprintln!("{report}precision {precision:.3}, recall {recall:.3}");
    assert!(precision >= 0.9, "precision {precision:.3}\n{report}");
    assert!(recall >= 0.6, "recall {recall:.3}\n{report}");
}
