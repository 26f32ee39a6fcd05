//! The integration tests: one binary, with a module per area.
//!
//! - `data`: data-driven parser/resolver tests over `tests/data/parse/{ok,err}/*.claims`,
//!   compared with expected output (`UPDATE_EXPECT=1 cargo test` rewrites it);
//! - `cli`: the built `verify` binary run in temporary directories;
//! - `bad_input`: hostile and broken input, generated in the test.

// Tests may say on standard error why they skipped.
#![allow(clippy::disallowed_macros)]

mod architecture;
mod bad_corpus;
mod bad_input;
mod cli;
mod data;
mod fields;
mod html;
mod outputs;
mod peer;
mod props;
mod rules;
mod support;
