//! Fuzzes the condition language: parsing and type checking any text, and evaluating what
//! type-checks as a `pair` condition over pairs of seed claims.
#![no_main]

use libfuzzer_sys::fuzz_target;
use verify::rules::expr::{check, parse, Scope, Ty};

mod common;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let Ok(mut e) = parse(&text) else { return };
    let params = [("n".to_owned(), Ty::Int)];
    let scope = Scope { vars: &[("a", Ty::Claim), ("b", Ty::Claim)], params: &params };
    if check(&mut e, &scope).is_err() {
        return;
    }
    let corpus = &*common::CORPUS;
    let n = corpus.claims.len().min(8);
    for a in 0..n {
        for b in 0..n {
            let env = verify::engine::eval::Env {
                corpus,
                vars: vec![("a", verify::rules::value::V::Claim(a)), ("b", verify::rules::value::V::Claim(b))],
                params: &[],
                borrowed: std::cell::Cell::new(false),
            };
            let _ = env.eval(&e);
        }
    }
});
