#!/usr/bin/env bash
# Precision, recall and F1 of `verify draft` on the gold set (tests/data/draft/): temporal
# expressions (found, and normalised to the right value) and attributions (right outlet,
# right nesting), per language, on each set: tests/data/draft/ and draft-second/ (tuned on)
# and draft-heldout/ (never tuned on: the figure to trust). With MISSES=1, every expression
# or attribution missed or found wrongly.
#   bench/draft_scores.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export DRAFT_MISSES=${MISSES:-}
[ -n "$DRAFT_MISSES" ] || unset DRAFT_MISSES
cargo test --locked --quiet --test it draft::scores_on -- --nocapture 2>&1 | grep -vE '^(running|test |$)'
