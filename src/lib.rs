//! `verify` checks what news articles claim against each other.
//!
//! The pipeline runs in one direction: [`syntax`] (text → syntax tree + diagnostics) →
//! [`model`] (names, attribution and dates resolved) → report (rendering). The command line
//! in [`cli`] sits on top and is the only part that touches the file system and arguments.
//! See `ARCHITECTURE.md` for the code map and the invariants.

pub mod baseline;
pub mod calendar;
pub mod cli;
pub mod config;
pub mod diag;
pub mod engine;
pub mod load;
pub mod model;
pub mod pipeline;
pub mod report;
pub mod rules;
pub mod syntax;
pub mod testing;
