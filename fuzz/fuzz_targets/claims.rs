//! Fuzzes the claims pipeline: decoding, parsing, diagnostics rendering, resolution, the
//! standard rules, and the formatter's round trip (a file that parses without errors must
//! format to text that parses without errors and formats to itself).
#![no_main]

use libfuzzer_sys::fuzz_target;

mod common;

fuzz_target!(|data: &[u8]| {
    // The pipeline as a check run drives it: decode, parse, resolve, evaluate.
    let loaded = verify::pipeline::load_corpus(
        verify::pipeline::Claims::Memory(vec![("fuzz.claims".into(), data.to_vec())]),
        Default::default(),
        &verify::pipeline::Quiet,
    );
    for d in loaded.diagnostics.iter().take(20) {
        let _ = verify::diag::render(&loaded.sources, d, false);
    }
    let _ = verify::pipeline::evaluate(&common::RULES, &loaded.corpus, &verify::pipeline::Quiet);
    // And `verify fmt`'s round trip on what parsed cleanly.
    if !loaded.diagnostics.iter().any(|d| d.is_error()) {
        let (doc, _) = verify::syntax::parse(&loaded.sources.files[0].text, 0);
        let once = verify::syntax::format(&doc);
        let (doc2, d2) = verify::syntax::parse(&once, 0);
        assert!(!d2.iter().any(|d| d.is_error()), "formatted text does not parse:\n{once}\n{d2:?}");
        assert_eq!(once, verify::syntax::format(&doc2), "fmt is not idempotent");
    }
});
