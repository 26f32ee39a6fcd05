#!/usr/bin/env bash
# Side by side: verify and the DuckDB peer on one generated corpus, with the wall time and
# peak memory of each (from /usr/bin/time -v) and their finding counts per rule.
#
#   bench/compare.sh [CLAIMS [SEED [DIR]]]      default: 100000 claims, seed 7, a temp dir
#
# Builds in $CARGO_TARGET_DIR (default target/). Exits 1 when a count differs.
set -euo pipefail

claims=${1:-100000}
seed=${2:-7}
dir=${3:-$(mktemp -d)}
root=$(cd "$(dirname "$0")/.." && pwd)
target=${CARGO_TARGET_DIR:-$root/target}

cargo build --release --quiet --manifest-path "$root/Cargo.toml" -p verify -p gen-corpus --bins
"$target/release/gen-corpus" --claims "$claims" --seed "$seed" --out "$dir" --force
# Install DuckDB first if needed, so the timed run measures only the checks.
python3 "$root/bench/peer_duckdb.py" "$dir" --quiet > /dev/null

/usr/bin/time -v "$target/release/verify" "$dir/claims" --rules "$root/rules" \
    --format json --fail-on never > "$dir/verify.json" 2> "$dir/verify.time"
/usr/bin/time -v python3 "$root/bench/peer_duckdb.py" "$dir" \
    > "$dir/peer.out" 2> "$dir/peer.time"

python3 - "$dir" <<'EOF'
import collections, json, re, sys
d = sys.argv[1]
def measure(path):
    text = open(path).read()
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", text).group(1)
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", text).group(1))
    parts = [float(p) for p in wall.split(":")]
    secs = sum(p * 60 ** i for i, p in enumerate(reversed(parts)))
    return secs, rss / 1024
doc = json.load(open(f"{d}/verify.json"))
v = collections.Counter(f["rule"] for f in doc["findings"])
p = json.loads(open(f"{d}/peer.out").read().splitlines()[-1])
print(f"corpus {d}: {doc['summary']['claims']} claims, {len(doc['diagnostics'])} diagnostics")
print(f"{'rule':28} {'verify':>8} {'peer':>8}")
differ = False
for rule in sorted(set(v) | set(p)):
    mark = "" if rule not in p or v.get(rule, 0) == p[rule] else "  <- differs"
    differ |= bool(mark)
    print(f"{rule:28} {v.get(rule, 0):8} {p.get(rule, '-'):>8}{mark}")
for name, path in [("verify", "verify.time"), ("peer", "peer.time")]:
    secs, mib = measure(f"{d}/{path}")
    print(f"{name:8} wall {secs:6.2f} s   peak RSS {mib:7.1f} MiB")
sys.exit(1 if differ else 0)
EOF
