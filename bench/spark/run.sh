#!/usr/bin/env bash
# The rule pack on Spark, for real: exports a corpus with `verify export`, compiles the
# pack with `verify sql --dialect spark`, runs it with PySpark in local mode
# (bench/spark/run_pack.py) and compares the finding count of every compiled rule with
# verify's own on the same claims. Exits 1 when a count differs, 3 when Java or PySpark
# cannot be had (saying which).
#
#   bench/spark/run.sh CLAIMS_DIR [WORK_DIR]
#   SPARK_MASTER=local[2] bench/spark/run.sh /tmp/vb/c100000-s7/claims /tmp/spark-100k
#
# Java comes from the system (java on PATH: Debian's default-jre-headless, Java 17);
# PySpark is installed into bench/spark/.venv from the Python registry on first run.
# Each step's wall time and peak memory are written to WORK_DIR/times.txt and printed (for
# Spark, that of the Python driver: the JVM it starts is not counted); Spark's own log,
# which includes its warnings, goes to WORK_DIR/spark.log.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
claims=${1:?usage: bench/spark/run.sh CLAIMS_DIR [WORK_DIR]}
work=${2:-$(mktemp -d)}
master=${SPARK_MASTER:-local[*]}
mkdir -p "$work"
if ! command -v java >/dev/null 2>&1; then
  echo "spark: no java on PATH (install the system's JRE: apt-get install default-jre-headless)" >&2
  exit 3
fi
venv="$root/bench/spark/.venv"
if ! "$venv/bin/python" -c 'import pyspark' >/dev/null 2>&1; then
  echo "spark: installing PySpark into bench/spark/.venv" >&2
  python3 -m venv "$venv" >&2 || { echo "spark: python3 -m venv failed" >&2; exit 3; }
  "$venv/bin/pip" install --quiet 'pyspark==3.5.*' >&2 || { echo "spark: PySpark could not be installed" >&2; exit 3; }
fi
cargo build --release --quiet --manifest-path "$root/Cargo.toml" -p verify --bin verify
verify="${CARGO_TARGET_DIR:-$root/target}/release/verify"
timed() { local name=$1; shift; /usr/bin/time -f "$name %e s %M KB" -a -o "$work/times.txt" "$@"; }
: > "$work/times.txt"
rm -rf "$work/export"
timed export "$verify" export "$claims" --to "$work/export" -q
"$verify" sql --dialect spark > "$work/pack.sql" 2> "$work/sql.err"
timed verify "$verify" "$claims" --format json --fail-on never > "$work/verify.json" 2> /dev/null || true
timed spark "$venv/bin/python" "$root/bench/spark/run_pack.py" "$work/export" "$work/pack.sql" \
  --master "$master" --quiet > "$work/spark.out" 2> "$work/spark.log" \
  || { echo "spark: the pack failed on Spark; its log: $work/spark.log" >&2; tail -20 "$work/spark.log" >&2; exit 1; }
cat "$work/times.txt"
python3 - "$work" "$root" <<'PY'
import json, os, sys
work = sys.argv[1]
sys.path.insert(0, os.path.join(sys.argv[2], "bench"))
from verify_counts import rule_counts
native = rule_counts(f"{work}/verify.json")
spark = json.loads(open(f"{work}/spark.out", encoding="utf-8").read().splitlines()[-1])
refused = [l.split(": ")[1] for l in open(f"{work}/sql.err", encoding="utf-8") if l.startswith("not compiled: ")]
bad = 0
print("| rule | verify | spark |")
print("|---|---|---|")
for rule in sorted(spark):
    same = native.get(rule, 0) == spark[rule]
    bad += not same
    print(f"| {rule} | {native.get(rule, 0)} | {spark[rule]}{'' if same else ' (differs)'} |")
for rule in refused:
    print(f"| {rule} | {native.get(rule, 0)} | not compiled |")
print(f"{len(spark) - bad} of {len(spark)} compiled rules count the same findings", file=sys.stderr)
sys.exit(1 if bad else 0)
PY
