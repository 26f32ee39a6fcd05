#!/usr/bin/env bash
# verify and the DuckDB peer side by side over several corpus sizes, runs alternating,
# printed as one Markdown table: median wall time and peak memory of each, their ratio,
# the number of findings, and whether the per-rule counts agree. The peer runs twice per
# round: counting its findings (`peer`), and writing one row per finding to a CSV file with
# `--rows` (`peer rows`, the fairer figure next to verify, which writes every finding).
#
#   bench/table.sh [SIZE ...]           default sizes: 100000 1000000 10000000
#   RUNS=3 SEED=7 WORK=/tmp/verify-bench bench/table.sh 100000 1000000
#
# A size is skipped, with the reason, when the peak memory measured at the previous size
# (the largest of the three programs), scaled to this one, would not fit in the memory
# available now.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
target=${CARGO_TARGET_DIR:-$root/target}
runs=${RUNS:-3}
seed=${SEED:-7}
work=${WORK:-/tmp/verify-bench}
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(100000 1000000 10000000)

cargo build --release --quiet --manifest-path "$root/Cargo.toml" -p verify -p gen-corpus --bins
mkdir -p "$work"
echo "| claims | verify wall (median of $runs) | verify peak RSS | peer wall (median of $runs) | peer peak RSS | verify / peer | peer rows wall (median of $runs) | peer rows peak RSS | verify / peer rows | findings | counts agree |"
echo "|---|---|---|---|---|---|---|---|---|---|---|"
prev_size=0
prev_rss_kb=0
for n in "${sizes[@]}"; do
  if [ "$prev_size" -gt 0 ]; then
    need_kb=$(( prev_rss_kb * n / prev_size ))
    avail_kb=$(awk '/MemAvailable/ {print $2}' /proc/meminfo)
    if [ "$need_kb" -gt "$avail_kb" ]; then
      echo "| $n | skipped: needs about $((need_kb / 1048576)) GiB (scaled from $prev_size claims), $((avail_kb / 1048576)) GiB available | | | | | | | | | |"
      continue
    fi
  fi
  dir="$work/c$n-s$seed"
  # A corpus is made again when the generator changed since it was written.
  if [ ! -f "$dir/planted.json" ] || [ "$target/release/gen-corpus" -nt "$dir/planted.json" ]; then
    "$target/release/gen-corpus" --claims "$n" --seed "$seed" --out "$dir" --force > /dev/null
  fi
  python3 "$root/bench/peer_duckdb.py" "$dir" --quiet > /dev/null   # installs DuckDB if needed
  vw=(); pw=(); rw=(); vr=0; pr=0; rr=0
  for ((i = 0; i < runs; i++)); do
    /usr/bin/time -f "%e %M" -o "$dir/v.time" "$target/release/verify" "$dir/claims" --rules "$root/rules" \
        --format json --fail-on never > "$dir/verify.json" 2> /dev/null || true
    /usr/bin/time -f "%e %M" -o "$dir/p.time" python3 "$root/bench/peer_duckdb.py" "$dir" > "$dir/peer.out" 2> /dev/null
    /usr/bin/time -f "%e %M" -o "$dir/r.time" python3 "$root/bench/peer_duckdb.py" "$dir" \
        --rows "$dir/peer-rows.csv" > "$dir/peer-rows.out" 2> /dev/null
    # Every run's figures are kept, one line each: "verify|peer|rows WALL PEAK_KB".
    for t in v p r; do echo "$t $(tail -1 "$dir/$t.time")" >> "$dir/runs.log"; done
    read -r w r < <(tail -1 "$dir/v.time"); vw+=("$w"); [ "$r" -gt "$vr" ] && vr=$r
    read -r w r < <(tail -1 "$dir/p.time"); pw+=("$w"); [ "$r" -gt "$pr" ] && pr=$r
    read -r w r < <(tail -1 "$dir/r.time"); rw+=("$w"); [ "$r" -gt "$rr" ] && rr=$r
  done
  python3 - "$dir" "$vr" "$pr" "$rr" "$n" "${vw[*]}" "${pw[*]}" "${rw[*]}" "$root/bench" <<'PY'
import json, statistics, sys
d, n = sys.argv[1], sys.argv[5]
vr, pr, rr = (int(x) for x in sys.argv[2:5])
v_med, p_med, r_med = (statistics.median(float(x) for x in ws.split()) for ws in sys.argv[6:9])
sys.path.insert(0, sys.argv[9])
from verify_counts import rule_counts
v = rule_counts(f"{d}/verify.json")
p = json.loads(open(f"{d}/peer.out").read().splitlines()[-1])
r = json.loads(open(f"{d}/peer-rows.out").read().splitlines()[-1])
# Both peer modes cover the same rules; each must give verify's count for every one.
wrong = [name for name, counts in (("peer", p), ("peer rows", r))
         if set(counts) != set(p) or any(v.get(rule, 0) != c for rule, c in counts.items())]
agree = "yes" if not wrong else "NO (" + ", ".join(wrong) + ")"
print(f"| {int(n):,} | {v_med:.2f} s | {vr / 1024:,.0f} MiB | {p_med:.2f} s | {pr / 1024:,.0f} MiB | "
      f"{v_med / p_med:.2f} | {r_med:.2f} s | {rr / 1024:,.0f} MiB | {v_med / r_med:.2f} | "
      f"{sum(v.values()):,} | {agree} |")
PY
  prev_size=$n
  prev_rss_kb=$(( vr > pr ? (vr > rr ? vr : rr) : (pr > rr ? pr : rr) ))
done
