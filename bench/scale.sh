#!/usr/bin/env bash
# The engines side by side at large sizes: verify on the claims, then the rule pack
# compiled to SQL (`verify sql`) over the exported corpus (`verify export`) on DuckDB,
# DataFusion and Spark (local mode), each timed whole with the peak memory of its process
# tree (bench/peak.py: for Spark, the Python driver and the JVM it starts), and the finding
# count of every rule compared with verify's. One Markdown table per size.
#
#   bench/scale.sh [SIZE ...]                      default size: 1000000
#   ENGINES="duckdb spark" FORMAT=csv bench/scale.sh 100000
#   SPARK_MEMORY=12g bench/scale.sh 10000000
#
# Environment: SEED (7), WORK (/tmp/verify-bench: the corpora of bench/table.sh are
# reused), ENGINES (verify export duckdb datafusion spark; verify and export always run:
# the counts are compared with verify's and the engines read the export), FORMAT (parquet,
# which needs the cargo feature `parquet` and is built with it into
# target/scale-parquet or CARGO_TARGET_DIR, or csv), SPARK_MASTER (local[*]), SPARK_MEMORY (the driver's
# memory, which in local mode is Spark's: 8g). Each engine's log is in
# WORK/scale-SIZE/ENGINE.log. Exits 1 when a count differs.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
seed=${SEED:-7}
work=${WORK:-/tmp/verify-bench}
engines=${ENGINES:-duckdb datafusion spark}
format=${FORMAT:-parquet}
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000000)

features=()
target=${CARGO_TARGET_DIR:-$root/target}
if [ "$format" = parquet ]; then
  features=(--features parquet)
  target=${CARGO_TARGET_DIR:-$root/target/scale-parquet}
fi
echo "building verify (release${features:+, with the parquet feature})" >&2
CARGO_TARGET_DIR=$target cargo build --release --quiet --manifest-path "$root/Cargo.toml" \
  -p verify -p gen-corpus --bins "${features[@]}"
# Absolute paths: each size's steps run from its own directory.
target=$(cd "$target" && pwd)
verify=$target/release/verify
mkdir -p "$work"
work=$(cd "$work" && pwd)
peak() { python3 "$root/bench/peak.py" "$@"; }
bad=0
for n in "${sizes[@]}"; do
  corpus="$work/c$n-s$seed"
  if [ ! -d "$corpus/claims" ]; then
    echo "generating $n claims (seed $seed) into $corpus" >&2
    "$target/release/gen-corpus" --claims "$n" --seed "$seed" --out "$corpus" >&2
  fi
  out="$work/scale-$n"
  rm -rf "$out"
  mkdir -p "$out"
  # verify runs from the output directory, which has no rules/ or verify.toml: the check
  # and the compiled queries are the standard pack of this build, whatever the checkout's
  # rules/ holds meanwhile.
  cd "$out"
  times="$out/times.txt"
  echo "verify: checking $n claims" >&2
  peak "$times" verify -- "$verify" "$corpus/claims" --format json --fail-on never \
    > "$out/verify.json" 2> "$out/verify.log"
  echo "export: $format" >&2
  peak "$times" export -- "$verify" export "$corpus/claims" --to "$out/export" \
    --format "$format" -q 2> "$out/export.log"
  for d in duckdb spark datafusion; do
    "$verify" sql --dialect "$d" > "$out/pack-$d.sql" 2> "$out/sql-$d.err"
  done
  for e in $engines; do
    echo "$e: the compiled pack over the export" >&2
    case $e in
      duckdb) cmd=(python3 "$root/bench/sql_duckdb.py" "$out/export" "$out/pack-duckdb.sql") ;;
      datafusion) cmd=(python3 "$root/bench/sql_datafusion.py" "$out/export" "$out/pack-datafusion.sql") ;;
      spark)
        venv=$root/bench/spark/.venv
        if ! command -v java > /dev/null || ! "$venv/bin/python" -c 'import pyspark' 2> /dev/null; then
          echo "spark: skipped (needs java on PATH and PySpark: run bench/spark/run.sh once)" >&2
          continue
        fi
        cmd=("$venv/bin/python" "$root/bench/spark/run_pack.py" "$out/export" "$out/pack-spark.sql"
          --master "${SPARK_MASTER:-local[*]}" --memory "${SPARK_MEMORY:-8g}")
        ;;
      *) echo "unknown engine: $e (duckdb, datafusion, spark)" >&2; exit 2 ;;
    esac
    peak "$times" "$e" -- "${cmd[@]}" > "$out/$e.out" 2> "$out/$e.log" \
      || echo "$e: failed; its log: $out/$e.log" >&2
  done
  python3 - "$out" "$n" "$format" "$root" <<'PY' || bad=1
import json, os, sys
out, n, fmt = sys.argv[1], int(sys.argv[2]), sys.argv[3]
sys.path.insert(0, os.path.join(sys.argv[4], "bench"))
from verify_counts import rule_counts
native = rule_counts(f"{out}/verify.json")
runs = {}
for line in open(f"{out}/times.txt", encoding="utf-8"):
    name, wall, kb, code = line.split()
    runs[name] = (float(wall), int(kb), int(code))
size = sum(os.path.getsize(os.path.join(out, "export", f)) for f in os.listdir(f"{out}/export"))
print(f"\n{n:,} claims (seed {os.environ.get('SEED', '7')}), export as {fmt}: {size / 1e6:,.0f} MB\n")
print("| step | wall | peak memory (process tree) | counts equal to verify's | findings |")
print("|---|---|---|---|---|")
bad = False
for name, (wall, kb, code) in runs.items():
    counts, agree = None, ""
    if name == "verify":
        counts = native
    elif name != "export":
        try:
            counts = json.loads(open(f"{out}/{name}.out", encoding="utf-8").read().splitlines()[-1])
        except (OSError, IndexError, ValueError):
            counts = None
        if code != 0 or counts is None:
            agree = f"failed (exit {code})"
            bad = True
        else:
            every = set(counts) | set(native)
            same = [r for r in every if counts.get(r, 0) == native.get(r, 0)]
            differ = sorted(every - set(same))
            agree = f"{len(same)} of {len(every)}" + (f" (differ: {', '.join(differ)})" if differ else "")
            bad |= bool(differ)
    found = f"{sum(counts.values()):,}" if counts else ""
    print(f"| {name} | {wall:,.1f} s | {kb / 1024:,.0f} MiB | {agree} | {found} |")
sys.exit(1 if bad else 0)
PY
done
exit $bad
