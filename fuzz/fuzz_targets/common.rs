//! Shared by the fuzz targets: the standard rule pack, compiled once, and a small resolved
//! corpus (the seed stories) to run rules against.

use std::sync::LazyLock;

use verify::model::Corpus;
use verify::rules::Rule;

const RULE_FILES: &[&str] = &[
    include_str!("../../rules/arrival-weekday-mismatch.toml"),
    include_str!("../../rules/borrowed-anchor.toml"),
    include_str!("../../rules/date-disagreement.toml"),
    include_str!("../../rules/duplicate-entities.toml"),
    include_str!("../../rules/duration-mismatch.toml"),
    include_str!("../../rules/few-independent-origins.toml"),
    include_str!("../../rules/gap-between-plans.toml"),
    include_str!("../../rules/overlapping-plans.toml"),
    include_str!("../../rules/person-in-two-places.toml"),
    include_str!("../../rules/plan-without-period.toml"),
    include_str!("../../rules/sole-office-overlap.toml"),
    include_str!("../../rules/stale-future-status.toml"),
    include_str!("../../rules/sub-event-outside-parent.toml"),
    include_str!("../../rules/unresolved-date.toml"),
    include_str!("../../rules/weekday-mismatch.toml"),
];

/// The standard pack.
pub static RULES: LazyLock<Vec<Rule>> = LazyLock::new(|| {
    RULE_FILES
        .iter()
        .enumerate()
        .map(|(i, text)| verify::rules::compile(i, text).expect("the standard pack compiles"))
        .collect()
});

const SEED: &str = concat!(
    include_str!("../../claims/entities.claims"),
    "\n",
    include_str!("../../claims/belgium.claims"),
    "\n",
    include_str!("../../claims/france.claims"),
);

/// The seed stories, resolved.
pub static CORPUS: LazyLock<Corpus> = LazyLock::new(|| {
    let (doc, _) = verify::syntax::parse(SEED, 0);
    verify::model::resolve(&[(0, &doc)]).0
});
