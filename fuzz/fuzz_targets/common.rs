//! Shared by the fuzz targets: the standard rule pack and the seed stories, loaded once
//! through the pipeline as a check run loads them (every `*.toml` of `rules/`, every
//! `*.claims` of `claims/`), so no list of files is kept here.

use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use verify::model::Corpus;
use verify::rules::Rule;

fn project() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

/// The standard pack.
pub static RULES: LazyLock<Vec<Rule>> = LazyLock::new(|| {
    let mut sources = verify::diag::SourceMap::default();
    let (rules, diags) = verify::pipeline::load_rules(&project().join("rules"), true, &mut sources);
    assert!(diags.is_empty(), "the standard pack loads: {diags:?}");
    rules
});

/// The seed stories, resolved.
pub static CORPUS: LazyLock<Corpus> = LazyLock::new(|| {
    let claims: PathBuf = project().join("claims");
    verify::pipeline::load_paths(&[claims]).corpus
});
