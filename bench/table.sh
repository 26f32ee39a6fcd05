#!/usr/bin/env bash
# verify and the DuckDB peer side by side over several corpus sizes, runs alternating,
# printed as one Markdown table: median wall time and peak memory of each, their ratio,
# the number of findings, and whether the per-rule counts agree.
#
#   bench/table.sh [SIZE ...]           default sizes: 100000 1000000 10000000
#   RUNS=3 SEED=7 WORK=/tmp/verify-bench bench/table.sh 100000 1000000
#
# A size is skipped, with the reason, when the peak memory measured at the previous size,
# scaled to this one, would not fit in the memory available now.
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
echo "| claims | verify wall (median of $runs) | verify peak RSS | peer wall (median of $runs) | peer peak RSS | verify / peer | findings | counts agree |"
echo "|---|---|---|---|---|---|---|---|"
prev_size=0
prev_rss_kb=0
for n in "${sizes[@]}"; do
  if [ "$prev_size" -gt 0 ]; then
    need_kb=$(( prev_rss_kb * n / prev_size ))
    avail_kb=$(awk '/MemAvailable/ {print $2}' /proc/meminfo)
    if [ "$need_kb" -gt "$avail_kb" ]; then
      echo "| $n | skipped: needs about $((need_kb / 1048576)) GiB (scaled from $prev_size claims), $((avail_kb / 1048576)) GiB available | | | | | | |"
      continue
    fi
  fi
  dir="$work/c$n-s$seed"
  # A corpus is made again when the generator changed since it was written.
  if [ ! -f "$dir/planted.json" ] || [ "$target/release/gen-corpus" -nt "$dir/planted.json" ]; then
    "$target/release/gen-corpus" --claims "$n" --seed "$seed" --out "$dir" --force > /dev/null
  fi
  python3 "$root/bench/peer_duckdb.py" "$dir" --quiet > /dev/null   # installs DuckDB if needed
  vw=(); pw=(); vr=0; pr=0
  for ((i = 0; i < runs; i++)); do
    /usr/bin/time -f "%e %M" -o "$dir/v.time" "$target/release/verify" "$dir/claims" --rules "$root/rules" \
        --format json --fail-on never > "$dir/verify.json" 2> /dev/null || true
    /usr/bin/time -f "%e %M" -o "$dir/p.time" python3 "$root/bench/peer_duckdb.py" "$dir" > "$dir/peer.out" 2> /dev/null
    read -r w r < <(tail -1 "$dir/v.time"); vw+=("$w"); [ "$r" -gt "$vr" ] && vr=$r
    read -r w r < <(tail -1 "$dir/p.time"); pw+=("$w"); [ "$r" -gt "$pr" ] && pr=$r
  done
  python3 - "$dir" "$vr" "$pr" "$n" "${vw[*]}" "${pw[*]}" <<'PY'
import collections, json, statistics, sys
d, vr, pr, n, vw, pw = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5], sys.argv[6]
v_med = statistics.median(float(x) for x in vw.split())
p_med = statistics.median(float(x) for x in pw.split())
doc = json.load(open(f"{d}/verify.json"))
v = collections.Counter(f["rule"] for f in doc["findings"])
p = json.loads(open(f"{d}/peer.out").read().splitlines()[-1])
agree = all(v.get(r, 0) == c for r, c in p.items())
print(f"| {int(n):,} | {v_med:.2f} s | {vr / 1024:,.0f} MiB | {p_med:.2f} s | {pr / 1024:,.0f} MiB | "
      f"{v_med / p_med:.2f} | {len(doc['findings']):,} | {'yes' if agree else 'NO'} |")
PY
  prev_size=$n
  prev_rss_kb=$vr
done
