//! Fuzzes the claims pipeline: decoding, parsing, diagnostics rendering, resolution, the
//! standard rules, and the formatter's round trip (a file that parses without errors must
//! format to text that parses without errors and formats to itself).
#![no_main]

use libfuzzer_sys::fuzz_target;

mod common;

fuzz_target!(|data: &[u8]| {
    let (text, mut diags) = verify::syntax::source::decode(data, 0);
    let mut map = verify::diag::SourceMap::default();
    map.add(verify::diag::SourceFile::new("fuzz.claims", text));
    let text = &map.files[0].text;
    let (doc, d) = verify::syntax::parse(text, 0);
    diags.extend(d);
    let (corpus, d) = verify::model::resolve(&[(0, &doc)]);
    diags.extend(d);
    for d in diags.iter().take(20) {
        let _ = verify::diag::render(&map, d, false);
    }
    let _ = verify::engine::run(&common::RULES, &corpus);
    if !diags.iter().any(|d| d.is_error()) {
        let once = verify::syntax::format(&doc);
        let (doc2, d2) = verify::syntax::parse(&once, 0);
        assert!(!d2.iter().any(|d| d.is_error()), "formatted text does not parse:\n{once}\n{d2:?}");
        assert_eq!(once, verify::syntax::format(&doc2), "fmt is not idempotent");
    }
});
