#!/usr/bin/env bash
# Runs one fuzz target with libFuzzer on the stable toolchain.
#
#   fuzz/run.sh TARGET SECONDS      TARGET: claims, rules or expr
#
# cargo-fuzz passes nightly-only compiler flags (sanitizers); RUSTC_BOOTSTRAP=1 lets the
# stable toolchain accept them. The corpus is seeded from claims/, rules/ and the test
# fixtures; new inputs libFuzzer finds are kept in fuzz/corpus/TARGET (not committed), and
# crashes land in fuzz/artifacts/TARGET.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
target="${1:?usage: fuzz/run.sh TARGET SECONDS (TARGET: claims, rules, expr)}"
seconds="${2:-60}"
case "$target" in claims|rules|expr) ;; *) echo "unknown target '$target': expected claims, rules or expr" >&2; exit 2 ;; esac
command -v cargo-fuzz >/dev/null 2>&1 || cargo install cargo-fuzz --locked

corpus="$here/corpus/$target"
mkdir -p "$corpus"
case "$target" in
  claims) cp "$root"/claims/*.claims "$root"/tests/data/parse/ok/*.claims "$corpus"/
          for f in "$root"/tests/data/parse/err/*.claims; do cp "$f" "$corpus/err-$(basename "$f")"; done
          cp "$root"/tests/data/fuzz/*.claims "$corpus"/
          n=0; find "$root"/tests/data/bad -name '*.claims' -size -64k | sort | while IFS= read -r f; do n=$((n+1)); cp "$f" "$corpus/bad-$n.claims"; done ;;
  rules) cp "$root"/rules/*.toml "$root"/tests/data/fuzz/*.toml "$corpus"/ ; for d in "$root"/tests/data/rules/bad/*/; do for f in "$d"*.toml; do [ -e "$f" ] && cp "$f" "$corpus/$(basename "$d")-$(basename "$f")"; done; done ;;
  expr) n=0; grep -h "^condition = '" "$root"/rules/*.toml | sed "s/^condition = '//; s/'\$//" | while IFS= read -r line; do n=$((n+1)); printf '%s' "$line" > "$corpus/seed-$n"; done ;;
esac

cd "$here"
export RUSTC_BOOTSTRAP=1
exec cargo fuzz run "$target" "$corpus" -- -max_total_time="$seconds" -max_len=8192 -rss_limit_mb=4096 -print_final_stats=1
