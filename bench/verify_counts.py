#!/usr/bin/env python3
"""The number of findings of each rule in a JSON report of verify (`--format json`), read a
line at a time: at 10M claims the report is 10 GB, which does not fit in memory whole.
Each finding's rule is on a line of its own (`"rule": "ID",`).

Usage: python3 bench/verify_counts.py REPORT.json    prints {"rule-id": count, ...}

The bench scripts import `rule_counts` from it.
"""
import collections
import json
import sys


def rule_counts(path):
    """{rule id: findings} of the JSON report at `path`."""
    counts = collections.Counter()
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line.startswith('"rule": '):
                counts[json.loads(line[len('"rule": '):].rstrip(","))] += 1
    return counts


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(next(l for l in __doc__.splitlines() if l.startswith("Usage:")))
    print(json.dumps(rule_counts(sys.argv[1]), sort_keys=True))
