//! `verify` checks what news articles claim against each other.
//!
//! Data flows one way: each module uses only those listed before it here (the layers of
//! `ARCHITECTURE.md`, enforced by `tests/it/architecture.rs`).
//!
//! - [`calendar`] and [`diag`] at the bottom: day numbers and names; problems as values.
//! - [`syntax`]: bytes → text → a syntax tree per file, with diagnostics.
//! - [`model`]: the corpus resolved: names, attribution chains, dates with their anchors.
//! - [`rules`]: rule files compiled; the condition language and its one field registry.
//! - [`engine`]: rules evaluated over the model into findings.
//! - [`report`]: one emitter per output format.
//! - The drivers: [`config`] (`verify.toml`), [`baseline`], [`load`] (the file system),
//!   [`pipeline`] (the stages composed once), [`testing`] (rule test cases).
//! - [`export`] (the resolved corpus as tables) and [`sql`] (the rule pack compiled to SQL
//!   over them), for engines beyond one machine.
//! - [`ide`]: what an editor asks about a checked workspace (hover, definitions,
//!   references, completion, code actions), for the language server.
//! - [`cli`] on top: arguments → settings → pipeline → emitter → exit code; the only part
//!   that prints.

pub mod baseline;
pub mod calendar;
pub mod cli;
pub mod config;
pub mod diag;
pub mod draft;
pub mod engine;
pub mod export;
pub mod ide;
pub mod load;
pub mod model;
pub mod pipeline;
pub mod report;
pub mod rules;
pub mod sql;
pub mod syntax;
pub mod testing;
