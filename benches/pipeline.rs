//! Criterion benchmarks of the pipeline's stages on a synthetic corpus built from the seed
//! stories (copied with fresh report ids and event labels): parse throughput (bytes/s),
//! resolve, evaluate the standard pack, and the end-to-end path to JSON; and parse
//! throughput on a corpus written by `gen-corpus` (longer claims, more names per line: the
//! corpora of `bench/table.sh`), one file at a time as the pipeline parses.
//!
//! `cargo bench --bench pipeline` (add `-- --quick` for a short run). The corpus size is
//! `VERIFY_BENCH_COPIES` copies of the two stories (default 400, about 11k claims), and
//! `VERIFY_BENCH_GENERATED` generated claims (default 20,000, seed 7).
//! `bench/guard.sh` compares these figures with an earlier build's.

// A benchmark may say what it measures on standard error.
#![allow(clippy::disallowed_macros)]

use std::path::Path;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};

/// The seed stories repeated with unique report ids and labels.
fn corpus_text() -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("claims");
    let read = |f: &str| std::fs::read_to_string(root.join(f)).unwrap();
    let (entities, belgium, france) = (
        read("entities.claims"),
        read("belgium.claims"),
        read("france.claims"),
    );
    let copies: usize = std::env::var("VERIFY_BENCH_COPIES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(400);
    let mut out = entities;
    for i in 0..copies {
        for story in [&belgium, &france] {
            for line in story.lines() {
                let t = line.trim_start();
                let indent = &line[..line.len() - t.len()];
                let mut words: Vec<String> = t.split(' ').map(str::to_owned).collect();
                if words.first().map(String::as_str) == Some("report") {
                    words[1] = format!("{}-{i}", words[1]);
                } else if words.len() > 1
                    && words[1].ends_with(':')
                    && !t.starts_with('#')
                    && words[0] != "per"
                {
                    words[1] = format!("{}-{}:", words[1].trim_end_matches(':'), i % 97);
                }
                for w in 2..words.len() {
                    if (words[w - 1] == "extends" || words[w - 1] == "during")
                        && !words[w].contains('"')
                    {
                        words[w] = format!("{}-{}", words[w], i % 97);
                    }
                }
                out.push_str(indent);
                out.push_str(&words.join(" "));
                out.push('\n');
            }
        }
    }
    out
}

/// The files of a generated corpus, read into memory (the directory is removed).
fn generated_files() -> Vec<String> {
    let claims: usize = std::env::var("VERIFY_BENCH_GENERATED")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(20_000);
    let dir = std::env::temp_dir().join(format!("verify-bench-gen-{}", std::process::id()));
    gen_corpus::generate(&dir, &gen_corpus::Options::new(claims, 7)).expect("a generated corpus");
    let mut paths: Vec<_> = std::fs::read_dir(dir.join("claims"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    let files = paths
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    let _ = std::fs::remove_dir_all(&dir);
    files
}

fn benches(c: &mut Criterion) {
    let text = corpus_text();
    let mut g = c.benchmark_group("pipeline");
    g.sample_size(10);
    // Parsing first, before anything else is loaded, as the pipeline does: with the system
    // allocator, the heap a whole load leaves behind made the same parse 45% slower in
    // this process (8.2 ms against 12.6 ms), which no check run sees.
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.bench_function("parse", |b| b.iter(|| verify::syntax::parse(&text, 0)));
    let generated = generated_files();
    g.throughput(Throughput::Bytes(
        generated.iter().map(|f| f.len() as u64).sum(),
    ));
    g.bench_function("parse-generated", |b| {
        b.iter(|| {
            generated
                .iter()
                .enumerate()
                .map(|(i, f)| verify::syntax::parse(f, i).0.lines.len())
                .sum::<usize>()
        })
    });
    // A run's first reading of each file: its top-level lines only (the whole reading
    // comes with resolving, as `parse-generated` measures it).
    g.bench_function("parse-top-level-generated", |b| {
        b.iter(|| {
            generated
                .iter()
                .enumerate()
                .map(|(i, f)| verify::syntax::parse_top_level(f, i, Default::default()).1)
                .sum::<usize>()
        })
    });
    // The output stage alone: the JSON document of a generated corpus's findings (the
    // stage that writes the most at a million claims), written to nowhere.
    let gen_loaded = verify::pipeline::load_texts(
        generated
            .iter()
            .enumerate()
            .map(|(i, f)| (format!("g{i}.claims"), f.clone())),
    );
    drop(generated);
    {
        let mut sources = gen_loaded.sources;
        let rules_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
        let (rules, _) = verify::pipeline::load_rules(&rules_dir, true, &mut sources);
        // The rule stage alone on the same corpus: every standard rule, as a check runs
        // them (columns made once, rules in parallel, findings in their order).
        g.throughput(Throughput::Elements(gen_loaded.corpus.claims.len() as u64));
        g.bench_function("evaluate-generated", |b| {
            b.iter(|| {
                verify::pipeline::evaluate(&rules, &gen_loaded.corpus, &verify::pipeline::Quiet)
            })
        });
        let (findings, _) =
            verify::pipeline::evaluate(&rules, &gen_loaded.corpus, &verify::pipeline::Quiet);
        let known = vec![false; findings.len()];
        let run = verify::report::Run {
            sources: &sources,
            corpus: &gen_loaded.corpus,
            rules: &rules,
            findings: &findings,
            known: &known,
            diagnostics: &gen_loaded.diagnostics,
            summary: gen_loaded.corpus.summary(1),
            fail_on: Some(verify::rules::Level::Error),
            color: false,
            width: 120,
            base: None,
            suppressed: 0,
        };
        g.throughput(Throughput::Elements(findings.len() as u64));
        g.bench_function("output-json-generated", |b| {
            b.iter(|| {
                let mut out = std::io::sink();
                verify::report::Format::Json
                    .emitter()
                    .write_to(&run, &mut out)
                    .unwrap()
            })
        });
    }
    let mut map = verify::diag::SourceMap::default();
    let rules_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    let (rules, diags) = verify::pipeline::load_rules(&rules_dir, true, &mut map);
    assert!(diags.is_empty());
    let load = || verify::pipeline::load_texts([("bench.claims", text.clone())]);
    let loaded = load();
    assert!(
        loaded.diagnostics.iter().all(|d| !d.is_error()),
        "{:?}",
        loaded.diagnostics.iter().find(|d| d.is_error())
    );
    let corpus = &loaded.corpus;
    eprintln!(
        "corpus: {} bytes, {} claims",
        text.len(),
        corpus.claims.len()
    );
    let (doc, _) = verify::syntax::parse(&text, 0);

    // The other stages one by one, as the pipeline calls them.
    g.throughput(Throughput::Elements(corpus.claims.len() as u64));
    g.bench_function("resolve", |b| {
        b.iter(|| verify::model::resolve(&[(0, &doc)]))
    });
    g.bench_function("evaluate", |b| {
        b.iter(|| verify::pipeline::evaluate(&rules, corpus, &verify::pipeline::Quiet))
    });
    g.bench_function("end-to-end-json", |b| {
        b.iter_batched(
            || (),
            |_| {
                // The rules are read into the run's own source map, as a check does: the
                // JSON document points into their files.
                let mut loaded = load();
                let (rules, _) =
                    verify::pipeline::load_rules(&rules_dir, true, &mut loaded.sources);
                let (findings, _) =
                    verify::pipeline::evaluate(&rules, &loaded.corpus, &verify::pipeline::Quiet);
                let known = vec![false; findings.len()];
                let run = verify::report::Run {
                    sources: &loaded.sources,
                    corpus: &loaded.corpus,
                    rules: &rules,
                    findings: &findings,
                    known: &known,
                    diagnostics: &loaded.diagnostics,
                    summary: loaded.corpus.summary(1),
                    fail_on: Some(verify::rules::Level::Error),
                    color: false,
                    width: 120,
                    base: None,
                    suppressed: 0,
                };
                verify::report::Format::Json.emitter().emit(&run)
            },
            BatchSize::PerIteration,
        )
    });
    g.finish();
}

criterion_group!(pipeline, benches);
criterion_main!(pipeline);
