#!/usr/bin/env bash
# The regression guard: the criterion stage benchmarks (benches/pipeline.rs: parse on the
# seed stories and on a generated corpus, resolve, evaluate, end to end to JSON, the JSON
# output of a generated corpus's findings alone) of the
# working tree against those of an earlier build, measured in the same run, alternating.
# Prints one line per stage with both medians and their ratio, and exits 1 when a stage is
# slower than the earlier build by more than the tolerance in both rounds. A guard, not a
# timed test: run it before and after a change to the hot path, on a quiet machine.
#
#   bench/guard.sh [REV]                      default REV: HEAD (the last commit)
#   GUARD_TOLERANCE=15 ROUNDS=2 bench/guard.sh main~3
#
# REV is built in a git worktree under $WORK (default /tmp/verify-guard) with its own
# target directory; both builds write their criterion figures under $WORK/criterion
# (CRITERION_HOME), each round under its own baseline name. A stage is compared on the
# fastest of its rounds on each side (the least disturbed by other work on the machine).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
rev=${1:-HEAD}
tolerance=${GUARD_TOLERANCE:-10}
rounds=${ROUNDS:-2}
work=${WORK:-/tmp/verify-guard}
args=(--noplot --warm-up-time "${WARM_UP:-1}" --measurement-time "${MEASURE:-3}")

git -C "$root" rev-parse --verify --quiet "$rev^{commit}" > /dev/null \
  || { echo "guard: not a revision of this repository: $rev" >&2; exit 2; }
mkdir -p "$work"
base="$work/base"
if [ -e "$base" ]; then
  git -C "$root" worktree remove --force "$base" 2> /dev/null || rm -rf "$base"
fi
git -C "$root" worktree add --quiet --detach "$base" "$rev"
trap 'git -C "$root" worktree remove --force "$base" 2> /dev/null || true' EXIT
export CRITERION_HOME="$work/criterion"
rm -rf "$CRITERION_HOME"

echo "guard: building $rev and the working tree (benches)" >&2
(cd "$base" && CARGO_TARGET_DIR="$work/target" cargo bench --quiet --bench pipeline --no-run) >&2
(cd "$root" && cargo bench --quiet --bench pipeline --no-run) >&2
# One benchmark at a time, so that one failing (or missing) in a build loses only itself.
mapfile -t benches < <(cd "$root" && cargo bench --quiet --bench pipeline -- --list 2> /dev/null \
  | sed -n 's/: benchmark$//p')
[ ${#benches[@]} -gt 0 ] || { echo "guard: the working tree lists no benchmark" >&2; exit 2; }
failed=()
for ((i = 1; i <= rounds; i++)); do
  for b in "${benches[@]}"; do
    echo "guard: round $i of $rounds: $b ($rev, then the working tree)" >&2
    (cd "$base" && CARGO_TARGET_DIR="$work/target" cargo bench --quiet --bench pipeline -- \
        "${args[@]}" --exact "$b" --save-baseline "before-$i") > "$work/before.log" 2>&1 \
      || echo "guard: $b failed in $rev (see $work/before.log)" >&2
    (cd "$root" && cargo bench --quiet --bench pipeline -- \
        "${args[@]}" --exact "$b" --save-baseline "after-$i") > "$work/after.log" 2>&1 \
      || { echo "guard: $b failed in the working tree (see $work/after.log)" >&2; failed+=("$b"); }
  done
done

python3 - "$CRITERION_HOME" "$rounds" "$tolerance" "$rev" "${failed[*]:-}" <<'PY'
import json, pathlib, sys
home, rounds, tolerance, rev = pathlib.Path(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
failed = sys.argv[5].split()

def median(bench, side, i):
    f = bench / f"{side}-{i}" / "estimates.json"
    return json.loads(f.read_text())["median"]["point_estimate"] if f.exists() else None

print(f"{'stage':<28} {'before (' + rev + ')':>18} {'after':>12} {'after/before':>13}  rounds over {tolerance:g}%")
slower = []
for bench in sorted(p for p in home.glob("*/*") if p.is_dir() and p.name != "report"):
    name = f"{bench.parent.name}/{bench.name}"
    before = [m for i in range(1, rounds + 1) if (m := median(bench, "before", i)) is not None]
    after = [m for i in range(1, rounds + 1) if (m := median(bench, "after", i)) is not None]
    if not before or not after:
        print(f"{name:<28} {'(none in ' + rev + ')' if not before else '':>18} {'(failed)' if not after else '':>12}")
        continue
    over = sum(1 for b, a in zip(before, after) if a > b * (1 + tolerance / 100))
    ratio = min(after) / min(before)
    print(f"{name:<28} {min(before) / 1e6:>15.2f} ms {min(after) / 1e6:>9.2f} ms {ratio:>13.2f}  {over}/{len(after)}")
    if over == len(after) and ratio > 1 + tolerance / 100:
        slower.append(name)
if failed:
    print(f"failed in the working tree: {', '.join(sorted(set(failed)))}")
if slower:
    print(f"slower than {rev} by more than {tolerance:g}% in every round: {', '.join(slower)}")
if failed or slower:
    sys.exit(1)
print(f"no stage slower than {rev} by more than {tolerance:g}%")
PY
