#!/usr/bin/env bash
# Hostile inputs at a given size, run through one or more verify binaries side by side, each
# under /usr/bin/time -v: wall time, peak memory, findings and output size.
#
#   bench/hostile.sh CASE SIZE BINARY [BINARY ...]
#
# CASE is one of
#   one-label     SIZE accounts of one label, all on the same day, each in its own report
#                 (every pair is a candidate of the label rules, none is a finding)
#   one-person    SIZE visits of one person on one day under SIZE labels, to SIZE places
#                 (every pair is a candidate of the sweep of person-in-two-places)
#   disjoint      SIZE accounts of one label on SIZE different days, from SIZE outlets
#                 (every pair is a date-disagreement)
#   shared-alias  SIZE people sharing one alias, and one claim naming one of them
#   html          one story of SIZE reports (SIZE accounts of one label), as --format html
#   corpus-html   the generated corpus of SIZE claims (gen-corpus, seed 7), as --format html
#
# Binaries are paths (an older build beside the current one shows what changed). Each run
# stops after TIMEOUT seconds (default 600) and is then reported as such, and may use at most
# MEM_GIB GiB of address space (default 16), so a runaway build fails instead of the machine.
# RULES names another rule directory (an empty one isolates reading, resolving and output).
set -euo pipefail

case=${1:?case}
size=${2:?size}
shift 2
root=$(cd "$(dirname "$0")/.." && pwd)
dir=$(mktemp -d)
timeout=${TIMEOUT:-600}
mkdir -p "$dir/claims"
format=json

case "$case" in
one-label | html)
    python3 - "$dir/claims/a.claims" "$size" <<'EOF'
import sys
path, n = sys.argv[1], int(sys.argv[2])
with open(path, "w") as f:
    f.write('outlet o "O"\nperson h "H"\ncountry A "A"\n')
    for i in range(n):
        f.write(f"report r{i} by o published 2024-07-01\n  visit v: h to A on 2024-06-26\n")
EOF
    [ "$case" = html ] && format=html
    ;;
one-person)
    python3 - "$dir/claims/a.claims" "$size" <<'EOF'
import sys
path, n = sys.argv[1], int(sys.argv[2])
with open(path, "w") as f:
    f.write('outlet o "O"\nperson h "H"\n')
    for i in range(n):
        f.write(f'country c{i} "Country {i}"\nreport r{i} by o published 2024-07-01\n'
                f"  visit v{i}: h to c{i} on 2024-06-26\n")
EOF
    ;;
disjoint)
    python3 - "$dir/claims/a.claims" "$size" <<'EOF'
import sys, datetime
path, n = sys.argv[1], int(sys.argv[2])
start = datetime.date(2000, 1, 1)
with open(path, "w") as f:
    f.write('person h "H"\ncountry A "A"\n')
    for i in range(n):
        d = start + datetime.timedelta(days=i)
        f.write(f'outlet o{i} "Outlet {i}"\nreport r{i} by o{i} published 2100-01-01\n'
                f"  visit v: h to A on {d.isoformat()}\n")
EOF
    ;;
shared-alias)
    python3 - "$dir/claims/a.claims" "$size" <<'EOF'
import sys
path, n = sys.argv[1], int(sys.argv[2])
with open(path, "w") as f:
    f.write('outlet o "O"\ncountry X "X"\n')
    for i in range(n):
        f.write(f'person p{i} "Person {i}" aka "Common"\n')
    f.write("report r by o published 2024-01-01\n  visit v: p1 to X on 2024-01-01\n")
EOF
    ;;
corpus-html)
    cargo build --release --quiet --manifest-path "$root/Cargo.toml" -p gen-corpus
    "${CARGO_TARGET_DIR:-$root/target}/release/gen-corpus" --claims "$size" --seed 7 \
        --out "$dir" --force > /dev/null
    format=html
    ;;
*)
    echo "unknown case: $case" >&2
    exit 2
    ;;
esac

printf '%-14s %9s  %-40s %10s %10s %10s %12s\n' case size binary "wall s" "peak MiB" findings "output MiB"
for bin in "$@"; do
    out="$dir/out.$format"
    status=0
    (ulimit -v $((${MEM_GIB:-16} * 1024 * 1024)) && timeout "$timeout" /usr/bin/time -v "$bin" "$dir/claims" --rules "${RULES:-$root/rules}" \
        --format "$format" --fail-on never -q > "$out" 2> "$dir/time") || status=$?
    python3 - "$dir/time" "$out" "$status" "$case" "$size" "$bin" "$format" <<'EOF'
import json, os, re, sys
time_path, out, status, case, size, binary, fmt = sys.argv[1:]
text = open(time_path, errors="replace").read()
wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", text)
rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", text)
secs = sum(float(p) * 60 ** i for i, p in enumerate(reversed(wall.group(1).split(":")))) if wall else float("nan")
mib = int(rss.group(1)) / 1024 if rss else float("nan")
findings = "-"
if fmt == "json" and status == "0":
    try:
        findings = str(len(json.load(open(out))["findings"]))
    except Exception:
        findings = "unreadable"
elif status != "0":
    findings = "timeout" if status == "124" else f"exit {status}"
size_mib = os.path.getsize(out) / 2**20 if os.path.exists(out) else 0
print(f"{case:14} {size:>9}  {binary[-40:]:40} {secs:10.1f} {mib:10.0f} {findings:>10} {size_mib:12.1f}")
EOF
done
rm -rf "$dir"
