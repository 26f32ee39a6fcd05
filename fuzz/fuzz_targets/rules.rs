//! Fuzzes the rule loader: any text as a rule file must compile or give diagnostics, never
//! panic; a rule that compiles is run against the seed stories and its message rendered.
#![no_main]

use libfuzzer_sys::fuzz_target;

mod common;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    match verify::rules::compile(0, &text) {
        Ok(rule) => {
            let _ = verify::engine::run_rule(&rule, &common::CORPUS);
        }
        Err(diags) => {
            let mut map = verify::diag::SourceMap::default();
            map.add(verify::diag::SourceFile::new("fuzz.toml", text.into_owned()));
            for d in diags.iter().take(20) {
                let _ = verify::diag::render(&map, d, false);
            }
        }
    }
});
