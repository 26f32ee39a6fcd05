#!/usr/bin/env bash
# Two builds of verify on one corpus, whole runs alternating A B A B ..., each timed from
# start to exit by /usr/bin/time: the medians of wall, user and system CPU and peak memory,
# and the median (with the range) of the pairs' wall ratio A/B. Alternating keeps the
# ratio meaningful on a machine whose speed drifts; quote the ratio, not one side's time.
#
#   bench/pairs.sh A_BINARY B_BINARY CLAIMS_DIR [PAIRS]      default: 6 pairs
#   OUT=pipe bench/pairs.sh ...    the JSON read through a pipe (default: to /dev/null)
#
# Each build runs `BINARY CLAIMS_DIR --format json --fail-on never`.
set -euo pipefail
[ $# -ge 3 ] || { sed -n '2,10s/^# \{0,1\}//p' "$0" >&2; exit 2; }
a=$1 b=$2 dir=$3 pairs=${4:-6}
for bin in "$a" "$b"; do
  [ -x "$bin" ] || { echo "pairs.sh: not an executable: $bin" >&2; exit 2; }
done
log=$(mktemp)
trap 'rm -f "$log" "$log.t"' EXIT
run() {
  local status=0
  if [ "${OUT:-null}" = pipe ]; then
    /usr/bin/time -f "%e %U %S %M" -o "$log.t" \
      bash -c 'set -o pipefail; "$1" "$2" --format json --fail-on never | cat > /dev/null' - "$2" "$dir" || status=$?
  else
    /usr/bin/time -f "%e %U %S %M" -o "$log.t" "$2" "$dir" --format json --fail-on never > /dev/null || status=$?
  fi
  # A run that failed (bad input, a crash) has no time worth comparing.
  if [ "$status" -ne 0 ]; then
    echo "pairs.sh: $2 on $dir exited with status $status; run it alone to see why" >&2
    exit 1
  fi
  echo "$1 $(tail -1 "$log.t")" >> "$log"
}
for ((i = 0; i < pairs; i++)); do
  run A "$a"
  run B "$b"
done
python3 - "$log" "$a" "$b" <<'PY'
import statistics, sys
rows = [line.split() for line in open(sys.argv[1])]
side = {s: [list(map(float, r[1:])) for r in rows if r[0] == s] for s in "AB"}
med = lambda xs: statistics.median(xs)
print(f"{'':6} {'wall s':>8} {'user s':>8} {'sys s':>8} {'peak MiB':>9}   (medians of {len(side['A'])})")
for s, name in (("A", sys.argv[2]), ("B", sys.argv[3])):
    cols = list(zip(*side[s]))
    print(f"{s:6} {med(cols[0]):8.2f} {med(cols[1]):8.2f} {med(cols[2]):8.2f} {med(cols[3]) / 1024:9.0f}   {name}")
# /usr/bin/time counts hundredths: a run that short has no ratio worth printing.
if min(r[0] for r in side["A"] + side["B"]) < 0.1:
    sys.exit("pairs.sh: runs under 0.1 s are too short to compare; use a larger corpus")
ratios = [a[0] / b[0] for a, b in zip(side["A"], side["B"])]
print(f"wall A/B, pair by pair: median {med(ratios):.3f}, from {min(ratios):.3f} to {max(ratios):.3f}")
PY
