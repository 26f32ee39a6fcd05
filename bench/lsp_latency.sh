#!/usr/bin/env bash
# Diagnostics latency of `verify lsp` after a one-character change on a ~5,000-line
# workspace, beside a command-line check of the same folder (bench/lsp_latency.py).
#   bench/lsp_latency.sh [LINES [RUNS]]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
target=${CARGO_TARGET_DIR:-$root/target}
cargo build --release --quiet --manifest-path "$root/Cargo.toml" -p verify -p gen-corpus --bins
python3 "$root/bench/lsp_latency.py" --lines "${1:-5000}" --runs "${2:-20}" \
  --verify "$target/release/verify" --gen "$target/release/gen-corpus"
