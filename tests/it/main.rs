//! The integration tests: one binary, with a module per area.
//!
//! - `architecture`: the layers of `ARCHITECTURE.md` hold (no module uses one after it),
//!   and every diagnostic code is registered and documented;
//! - `bad_corpus`: the bad-input corpus, `tests/data/bad/CASE/`, each case a small project;
//! - `bad_input`: hostile and broken input, generated in the test;
//! - `cli`: the built `verify` binary run in temporary directories;
//! - `data`: data-driven parser/resolver tests over `tests/data/parse/{ok,err}/*.claims`,
//!   compared with expected output (`UPDATE_EXPECT=1 cargo test` rewrites it);
//! - `draft`: `verify draft` scored on the gold set, and every draft checked;
//! - `fields`: the field registry against the docs and a sample corpus;
//! - `files`: what verify writes respects what is at the path (links, special files,
//!   read-only files, permissions, hard links, the umask);
//! - `html`: the HTML report as a document (self-contained, inert, linked);
//! - `ide`: what an editor is told: completion, definitions, hover, repairs;
//! - `inference`: years inferred from evidence, and evidence that is not enough or disagrees;
//! - `injection`: control characters and markup from inputs never reach a terminal or a
//!   document raw;
//! - `names`: name variants measured on real spelling pairs and near misses;
//! - `outputs`: every output format (golden files), exit codes, baselines, configuration;
//! - `peer`: the standard pack against the DuckDB peer's counts, and the corpus generator;
//! - `props`: property tests (formatter round trip, Allen relations, no panics);
//! - `relays`: who said it, when: stale relays, relays that disagree, durations across
//!   accounts, possible gaps, what unresolved dates still say;
//! - `rules`: every rule's cases, broken rule files, narrowing changes no finding, the
//!   compiled conditions find what the interpreter finds;
//! - `support`: helpers shared by the others.

// Tests may say on standard error why they skipped.
#![allow(clippy::disallowed_macros)]

mod architecture;
mod bad_corpus;
mod bad_input;
mod cli;
mod data;
mod draft;
mod export;
mod fields;
mod files;
mod html;
mod ide;
mod inference;
mod injection;
mod lsp;
mod names;
mod outputs;
mod peer;
mod peer_sql;
mod props;
mod relays;
mod rules;
mod support;
