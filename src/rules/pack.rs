//! The standard rule pack, compiled into the binary: the TOML files of `rules/`, kept as
//! data (each is compiled at load like any rule file), so a newsroom needs no rules directory
//! of its own. Its version names it in every machine format; a test fails when a rule file
//! changes and the version does not.

/// The pack's version: bump it when any of its rule files changes (a test checks).
pub const VERSION: &str = "1.0.1";

/// How the pack is named in outputs and diagnostics.
pub const NAME: &str = "standard";

/// Where its files appear in diagnostics (they are not on disk).
pub const DIR: &str = "<standard pack>";

/// Its files: name and text, in name order (a test checks they are every file of `rules/`).
pub static FILES: &[(&str, &str)] = &[
    (
        "arrival-weekday-mismatch.toml",
        include_str!("../../rules/arrival-weekday-mismatch.toml"),
    ),
    (
        "borrowed-anchor.toml",
        include_str!("../../rules/borrowed-anchor.toml"),
    ),
    (
        "date-disagreement.toml",
        include_str!("../../rules/date-disagreement.toml"),
    ),
    (
        "duplicate-entities.toml",
        include_str!("../../rules/duplicate-entities.toml"),
    ),
    (
        "duration-across-accounts.toml",
        include_str!("../../rules/duration-across-accounts.toml"),
    ),
    (
        "duration-mismatch.toml",
        include_str!("../../rules/duration-mismatch.toml"),
    ),
    (
        "few-independent-origins.toml",
        include_str!("../../rules/few-independent-origins.toml"),
    ),
    (
        "gap-between-plans.toml",
        include_str!("../../rules/gap-between-plans.toml"),
    ),
    (
        "name-variants.toml",
        include_str!("../../rules/name-variants.toml"),
    ),
    (
        "order-of-events-before.toml",
        include_str!("../../rules/order-of-events-before.toml"),
    ),
    (
        "order-of-events.toml",
        include_str!("../../rules/order-of-events.toml"),
    ),
    (
        "overlapping-plans.toml",
        include_str!("../../rules/overlapping-plans.toml"),
    ),
    (
        "person-in-two-places.toml",
        include_str!("../../rules/person-in-two-places.toml"),
    ),
    (
        "plan-without-period.toml",
        include_str!("../../rules/plan-without-period.toml"),
    ),
    (
        "relay-deviates.toml",
        include_str!("../../rules/relay-deviates.toml"),
    ),
    (
        "relay-disagreement.toml",
        include_str!("../../rules/relay-disagreement.toml"),
    ),
    (
        "sole-office-overlap.toml",
        include_str!("../../rules/sole-office-overlap.toml"),
    ),
    (
        "stale-future-status.toml",
        include_str!("../../rules/stale-future-status.toml"),
    ),
    (
        "stale-relay-origin-undated.toml",
        include_str!("../../rules/stale-relay-origin-undated.toml"),
    ),
    (
        "stale-relay.toml",
        include_str!("../../rules/stale-relay.toml"),
    ),
    (
        "sub-event-outside-parent.toml",
        include_str!("../../rules/sub-event-outside-parent.toml"),
    ),
    (
        "unresolved-date.toml",
        include_str!("../../rules/unresolved-date.toml"),
    ),
    (
        "weekday-mismatch.toml",
        include_str!("../../rules/weekday-mismatch.toml"),
    ),
    (
        "year-evidence-conflict.toml",
        include_str!("../../rules/year-evidence-conflict.toml"),
    ),
];

/// A fingerprint of the files (FNV-1a over names and texts), to tell one version from another.
pub fn digest() -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for (name, text) in FILES {
        for b in name.bytes().chain([0]).chain(text.bytes()).chain([0]) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}
