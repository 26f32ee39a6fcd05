#!/usr/bin/env python3
"""The DuckDB peer: the checks of verify's standard rule pack, written as SQL.

Usage: python3 bench/peer_duckdb.py DIR [--rows OUT] [--threads N] [--quiet]

DIR is a corpus written by `gen-corpus` (tools/gen-corpus). This script is
responsible for loading the resolved facts in DIR/facts/*.csv into DuckDB, running the
rules of rules/*.toml as SQL over them, and printing how many findings each rule gives.
The LAST line of standard output is a JSON object {"rule-id": count, ...}; timings and
progress go to standard error. The counts must equal verify's per-rule finding counts on
the same corpus (`verify DIR/claims --rules rules --format json --fail-on never`, counting
`findings[].rule`); tests/it/peer.rs checks that.

Two modes. By default each rule's query only counts its findings (SELECT count(*)). With
--rows OUT, DuckDB produces the findings themselves, as verify does: each rule's query
selects one row per finding into one table, which is written, sorted by rule, a, b, key,
to the single file OUT with COPY ... TO (CSV with a header line; Parquet when OUT ends in
.parquet; an existing file is replaced). The JSON line is then the number of rows written
per rule, so it is the same as the counting mode's. The columns:

- rule: the rule id;
- a: the claim id (claims.csv `id`) of the finding's subject `a`; for
  few-independent-origins, a count rule, the first claim (lowest id) carrying the label;
- b: the claim id of `b` for the pair and sequence rules, empty for rules about one claim
  (weekday-mismatch, duration-mismatch, plan-without-period, unresolved-date,
  borrowed-anchor, few-independent-origins); in the unordered pairs (date-disagreement,
  sole-office-overlap, person-in-two-places) a < b, as in verify; in the sequences a is a
  claim and b the next one; in the ordered pairs a and b are the rule's a and b;
- key: the group key of a count rule (the label, for few-independent-origins), else empty.

On a generated corpus (100,000 claims, seed 7) these are the claims verify's findings
name, with one exception: in overlapping-plans and gap-between-plans, claims with equal
periods follow each other here in claim order, in verify in the order of their canonical
text and origin (which the facts do not carry), so where several claims share a period the
peer may pair a claim with another of them than verify does. There those claims also
shared their label and parties, so the counts are the same either way.

Each rule below is written once, with a {select} slot: the counting mode fills it with
count(*), which gives exactly the queries the peer ran before it had a rows mode; the rows
mode with the columns above (see ROWS). The time of the rows mode includes building the
findings table, sorting it and writing the file.

If `import duckdb` fails, the script creates bench/.venv with `python3 -m venv`, installs
duckdb there with pip, and runs itself again with that interpreter.

The facts (one row per claim, entity, outlet or report; a missing value is an empty field):

- claims.csv: id (the claim's index in verify's corpus: files in path order, then lines),
  kind, label (lower-cased, as rules compare it), report, origin (outlet index of the
  innermost attributed outlet), outlet, chain_len;
  the stated period `when`: w_s_lo, w_s_hi (earliest and latest possible first day),
  w_e_lo, w_e_hi (earliest and latest possible last day), w_same (1 when first and last day
  are one and the same, possibly unknown, day), w_anchor (absolute, anchored, borrowed or
  unresolved), w_start_wd and w_end_wd (a weekday written next to the first or the last
  date, Monday = 0 … Sunday = 6);
  lasting_lo, lasting_hi (the days a `lasting` duration can be: 2 weeks = 14..14,
  1 month = 28..31);
  the arrival day: arr_lo, arr_hi, arr_anchor, arr_wd (weekday written next to it),
  arr_wd_only (the weekday of an unresolved bare weekday);
  the signing day: sig_lo, sig_hi, sig_anchor;
  the publication date the claim's relative dates are read against: pub_lo, pub_hi,
  pub_anchor (anchored when it is the origin's own date, borrowed otherwise);
  status, extends, during (lower-cased labels), holder and office (entity indexes of a
  `holds` claim), office_sole, where_ent (`to`, else `in`), parties_key (the set of
  parties as sorted entity indexes, `{3 17}`; `{}` for none), name.
- claim_people.csv: claim, entity: the people and organisations taking part in a claim
  (its person or organisation terms and its `with` list, without duplicates).
- entities.csv: id, ent_id, kind, name, within (entity index of `in`/`of`), sole.
- outlets.csv, reports.csv: for reference.

Days are integers (days since 1970-01-01); -536870912 is the open past and 536870911 the
open future, exactly as in verify (src/model/time.rs).

How the three-valued conditions become SQL. A period's readings are a first day s in
[s_lo, s_hi] and a last day e in [e_lo, e_hi] with s <= e (s = e when w_same). The two
periods of a pair are independent, so, with s_max = least(s_hi, e_hi) the latest possible
first day and e_min = greatest(e_lo, s_lo) the earliest possible last day:

- intersects is never       <=> a.e_hi < b.s_lo or b.e_hi < a.s_lo
  (so "possibly or definitely" is the opposite, and definitely(disjoint) is this);
- intersects is definitely  <=> a.s_max <= b.e_min and b.s_max <= a.e_min;
- before(a, b) is possible  <=> a.e_min + 2 <= b.s_max   (at least one free day);
- after(p, q) is definitely <=> p.s_lo >= q.e_hi + 2;
- within(a, b) is never     <=> no reading puts a inside b (see sub-event-outside-parent);
- weekday_is(day, w) is never <=> the day is bounded and no day of [lo, hi] is a w;
- a period's length in days lies in [len_min, len_max] (see duration-mismatch).

A finding whose date was read on a borrowed anchor is still a finding (only "possible"),
so certainty never changes a count here. verify reports a pair found in several groups
once (pairs are distinct here too) and removes findings with equal fingerprints; the
generator keeps every claim's text unique within its report and attribution chain, so no
two findings share a fingerprint.

Not covered: duplicate-entities, whose key is a transliteration skeleton of names (Unicode
normalisation, Arabic letter folding, article stripping) that SQL cannot reproduce
exactly; the generator declares no two entities with the same skeleton, so verify finds
none there either.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
VENV = HERE / ".venv"

NEG_INF = -536870912
POS_INF = 536870911
U32_MAX = 4294967295


def import_duckdb():
    """Imports duckdb, or installs it in bench/.venv and re-runs this script there."""
    try:
        import duckdb  # noqa: PLC0415

        return duckdb
    except ImportError:
        pass
    if os.environ.get("PEER_DUCKDB_REEXEC"):
        sys.exit(f"peer_duckdb: duckdb cannot be imported, even from {VENV}")
    python = VENV / "bin" / "python3"
    lock_path = HERE / ".venv.lock"
    import fcntl  # noqa: PLC0415

    with open(lock_path, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not python.exists():
            print(f"peer_duckdb: creating {VENV}", file=sys.stderr)
            subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True, stdout=sys.stderr)
        probe = subprocess.run([str(python), "-c", "import duckdb"], capture_output=True)
        if probe.returncode != 0:
            print("peer_duckdb: installing duckdb in the venv", file=sys.stderr)
            subprocess.run(
                [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "duckdb"],
                check=True,
                stdout=sys.stderr,
            )
    env = dict(os.environ, PEER_DUCKDB_REEXEC="1")
    os.execve(str(python), [str(python), str(Path(__file__).resolve()), *sys.argv[1:]], env)
    raise AssertionError("unreachable")


CLAIM_COLUMNS = {
    "id": "INTEGER",
    "kind": "VARCHAR",
    "label": "VARCHAR",
    "report": "INTEGER",
    "origin": "INTEGER",
    "outlet": "INTEGER",
    "chain_len": "INTEGER",
    "w_s_lo": "BIGINT",
    "w_s_hi": "BIGINT",
    "w_e_lo": "BIGINT",
    "w_e_hi": "BIGINT",
    "w_same": "INTEGER",
    "w_anchor": "VARCHAR",
    "w_start_wd": "BIGINT",
    "w_end_wd": "BIGINT",
    "lasting_lo": "BIGINT",
    "lasting_hi": "BIGINT",
    "arr_lo": "BIGINT",
    "arr_hi": "BIGINT",
    "arr_anchor": "VARCHAR",
    "arr_wd": "BIGINT",
    "arr_wd_only": "BIGINT",
    "sig_lo": "BIGINT",
    "sig_hi": "BIGINT",
    "sig_anchor": "VARCHAR",
    "pub_lo": "BIGINT",
    "pub_hi": "BIGINT",
    "pub_anchor": "VARCHAR",
    "status": "VARCHAR",
    "extends": "VARCHAR",
    "during": "VARCHAR",
    "holder": "INTEGER",
    "office": "INTEGER",
    "office_sole": "INTEGER",
    "where_ent": "INTEGER",
    "parties_key": "VARCHAR",
    "name": "VARCHAR",
}

TABLES = {
    "claims": CLAIM_COLUMNS,
    "claim_people": {"claim": "INTEGER", "entity": "INTEGER"},
    "entities": {
        "id": "INTEGER",
        "ent_id": "VARCHAR",
        "kind": "VARCHAR",
        "name": "VARCHAR",
        "within": "INTEGER",
        "sole": "INTEGER",
    },
    "outlets": {"id": "INTEGER", "outlet_id": "VARCHAR", "name": "VARCHAR", "kind": "VARCHAR", "country": "VARCHAR"},
    "reports": {"id": "INTEGER", "report_id": "VARCHAR", "outlet": "INTEGER", "pub_lo": "BIGINT", "pub_hi": "BIGINT"},
}

# Helpers shared by the rules (DuckDB macros).
SETUP = f"""
-- Monday = 0 … Sunday = 6 (1970-01-01, day 0, was a Thursday).
CREATE MACRO wd(x) AS (((x + 3) % 7) + 7) % 7;
-- A fuzzy day is bounded when neither end is at (or beyond) a sentinel.
CREATE MACRO fuzzy_bounded(lo, hi) AS
    lo > {NEG_INF} AND lo < {POS_INF} AND hi > {NEG_INF} AND hi < {POS_INF};
-- weekday_is(day in [lo, hi], w) is never: bounded, and no day of the range is a w.
CREATE MACRO never_weekday(lo, hi, w) AS
    fuzzy_bounded(lo, hi) AND ((w - wd(lo)) % 7 + 7) % 7 > hi - lo;

-- Claims with the derived bounds of their `when`.
CREATE VIEW cw AS
SELECT *,
       least(w_s_hi, w_e_hi)    AS w_s_max,   -- latest possible first day
       greatest(w_e_lo, w_s_lo) AS w_e_min,   -- earliest possible last day
       coalesce(w_anchor <> 'unresolved', false) AS w_resolved,
       fuzzy_bounded(w_s_lo, w_s_hi) AND fuzzy_bounded(w_e_lo, w_e_hi) AS w_bounded
FROM claims;

-- place_within(x, y): y is x or one of its `in`/`of` ancestors (at most 64 levels).
CREATE TABLE anc AS
WITH RECURSIVE r(entity, ancestor, depth) AS (
    SELECT id, id, 0 FROM entities
    UNION ALL
    SELECT r.entity, e.within, r.depth + 1
    FROM r JOIN entities e ON e.id = r.ancestor
    WHERE e.within IS NOT NULL AND r.depth < 64
)
SELECT DISTINCT entity, ancestor FROM r;
"""

# Each rule is one SELECT with a {select} slot: count(*) in the counting mode, the columns
# of ROWS[rule] in the rows mode (see count_sql and rows_sql).
RULES: dict[str, str] = {}

# pair on a.label; independent(a, b) and a.kind == b.kind and resolved(a.when) and
# resolved(b.when) and definitely(disjoint(a.when, b.when))
RULES["date-disagreement"] = """
SELECT {select} FROM cw a JOIN cw b ON a.label = b.label AND a.id < b.id
WHERE a.kind IN ('visit', 'meeting', 'event', 'award') AND b.kind = a.kind
  AND a.origin <> b.origin
  AND a.w_resolved AND b.w_resolved
  AND (a.w_e_hi < b.w_s_lo OR b.w_e_hi < a.w_s_lo)
"""

# pair on a.office, swept on a.at (`when`, else the publication date as one day);
# a.office.sole and a.holder != b.holder and resolved(a.at) and resolved(b.at) and
# intersects(a.at, b.at)   -- possibly or definitely
RULES["sole-office-overlap"] = """
WITH h AS (
    SELECT id, office, holder, office_sole,
           CASE WHEN w_anchor IS NOT NULL THEN w_s_lo ELSE pub_lo END AS s_lo,
           CASE WHEN w_anchor IS NOT NULL THEN w_e_hi ELSE pub_hi END AS e_hi,
           CASE WHEN w_anchor IS NOT NULL THEN w_anchor
                WHEN pub_lo IS NOT NULL THEN pub_anchor END AS anchor
    FROM claims WHERE kind = 'holds'
)
SELECT {select} FROM h a JOIN h b ON a.office = b.office AND a.id < b.id
WHERE a.office_sole = 1 AND a.holder <> b.holder
  AND a.anchor IS NOT NULL AND a.anchor <> 'unresolved'
  AND b.anchor IS NOT NULL AND b.anchor <> 'unresolved'
  AND a.e_hi >= b.s_lo AND b.e_hi >= a.s_lo
"""

# sequence on the set a.parties ordered by a.when (earliest start, latest start, earliest
# end, latest end, then claim order): each claim and the next one.
PLAN_SEQUENCE = """
WITH p AS (
    SELECT id, label, parties_key, w_s_lo, w_s_hi, w_e_lo, w_e_hi, w_s_max, w_e_min,
           w_resolved, w_bounded
    FROM cw WHERE kind IN ('plan', 'agreement') AND w_anchor IS NOT NULL
),
s AS (
    SELECT *,
           lead(id) OVER w         AS b_id,
           lead(label) OVER w      AS b_label,
           lead(w_s_lo) OVER w     AS b_s_lo,
           lead(w_e_hi) OVER w     AS b_e_hi,
           lead(w_s_max) OVER w    AS b_s_max,
           lead(w_resolved) OVER w AS b_resolved
    FROM p
    WINDOW w AS (PARTITION BY parties_key ORDER BY w_s_lo, w_s_hi, w_e_lo, w_e_hi, id)
)
SELECT {{select}} FROM s
WHERE b_id IS NOT NULL AND (label IS NULL OR b_label IS NULL OR label <> b_label)
  AND w_bounded AND w_resolved AND b_resolved AND {condition}
"""

# (labels differ or one is missing) and bounded(a.when) and resolved(a.when) and
# resolved(b.when) and intersects(a.when, b.when)
RULES["overlapping-plans"] = PLAN_SEQUENCE.format(condition="w_e_hi >= b_s_lo AND b_e_hi >= w_s_lo")

# (labels differ or one is missing) and bounded(a.when) and resolved(a.when) and
# resolved(b.when) and definitely(before(a.when, b.when)) (possible_gaps = 0)
RULES["gap-between-plans"] = PLAN_SEQUENCE.format(condition="w_e_hi + 2 <= b_s_lo")

# count of distinct a.origin per a.label; n < params.min_origins (2)
RULES["few-independent-origins"] = """
SELECT {select} FROM (
    SELECT label{first_id} FROM claims WHERE label IS NOT NULL
    GROUP BY label HAVING count(DISTINCT origin) < 2
)
"""

# (has(a.start_weekday) and definitely(not weekday_is(start(a.when), a.start_weekday)))
# or (has(a.end_weekday) and definitely(not weekday_is(end(a.when), a.end_weekday)))
RULES["weekday-mismatch"] = """
SELECT {select} FROM claims
WHERE coalesce(w_start_wd IS NOT NULL AND never_weekday(w_s_lo, w_s_hi, w_start_wd), false)
   OR coalesce(w_end_wd IS NOT NULL AND never_weekday(w_e_lo, w_e_hi, w_end_wd), false)
"""

# has(a.lasting) and resolved(a.when) and definitely(not length_is(a.when, a.lasting)).
# Lengths of readings form a range: one day for a single day; otherwise from
# max(1, e_lo - s_hi + 1) (none finite when the start is surely open or the end surely
# unknown) to e_hi - s_lo + 1 (unbounded when either end may be open).
RULES["duration-mismatch"] = f"""
WITH d AS (
    SELECT {{d_id}}lasting_lo, lasting_hi,
           CASE WHEN w_same = 1 THEN 1
                WHEN w_s_hi <= {NEG_INF} OR w_e_lo >= {POS_INF} THEN {U32_MAX}
                ELSE greatest(1, w_e_lo - w_s_hi + 1) END AS len_min,
           CASE WHEN w_same = 1 THEN 1
                WHEN w_s_lo <= {NEG_INF} OR w_e_hi >= {POS_INF} THEN {U32_MAX}
                ELSE w_e_hi - w_s_lo + 1 END AS len_max
    FROM cw WHERE lasting_lo IS NOT NULL AND w_anchor IS NOT NULL AND w_resolved
)
SELECT {{select}} FROM d WHERE len_max < lasting_lo OR len_min > lasting_hi
"""

# pair on each of a.people, swept on a.when;
# (missing(a.label) or missing(b.label) or a.label != b.label)
# and places_disjoint(a.where, b.where) and resolved(a.when) and resolved(b.when)
# and definitely(intersects(a.when, b.when))
RULES["person-in-two-places"] = """
WITH c AS (
    SELECT id, label, where_ent, w_s_max, w_e_min
    FROM cw WHERE kind IN ('visit', 'meeting', 'event') AND w_resolved
),
cp AS (SELECT p.entity, c.id, c.w_s_max, c.w_e_min FROM claim_people p JOIN c ON c.id = p.claim),
pairs AS (
    SELECT DISTINCT a.id AS a, b.id AS b
    FROM cp a JOIN cp b ON a.entity = b.entity AND a.id < b.id
    WHERE a.w_s_max <= b.w_e_min AND b.w_s_max <= a.w_e_min
)
SELECT {select} FROM pairs
JOIN c a ON a.id = pairs.a
JOIN c b ON b.id = pairs.b
WHERE (a.label IS NULL OR b.label IS NULL OR a.label <> b.label)
  AND a.where_ent IS NOT NULL AND b.where_ent IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM anc WHERE anc.entity = a.where_ent AND anc.ancestor = b.where_ent)
  AND NOT EXISTS (SELECT 1 FROM anc WHERE anc.entity = b.where_ent AND anc.ancestor = a.where_ent)
"""

# each, kinds plan and agreement: missing(a.when)
RULES["plan-without-period"] = """
SELECT {select} FROM claims WHERE kind IN ('plan', 'agreement') AND w_anchor IS NULL
"""

# each: a `when`, `arriving` or `signed` that is relative and has no anchor
RULES["unresolved-date"] = """
SELECT {select} FROM claims
WHERE coalesce(w_anchor = 'unresolved', false) OR coalesce(arr_anchor = 'unresolved', false)
   OR coalesce(sig_anchor = 'unresolved', false)
"""

# each: a `when`, `arriving` or `signed` resolved on a borrowed anchor
RULES["borrowed-anchor"] = """
SELECT {select} FROM claims
WHERE coalesce(w_anchor = 'borrowed', false) OR coalesce(arr_anchor = 'borrowed', false)
   OR coalesce(sig_anchor = 'borrowed', false)
"""

# ordered pair on a.label, kinds plan and agreement:
# a.status == "expected" and independent(a, b) and definitely(later(a.published, b.signed))
# (later: every day of a.published after every day of b.signed, the day after included)
RULES["stale-future-status"] = """
SELECT {select} FROM claims a JOIN claims b ON a.label = b.label AND a.id <> b.id
WHERE a.kind IN ('plan', 'agreement') AND b.kind IN ('plan', 'agreement')
  AND a.status = 'expected' AND a.origin <> b.origin
  AND a.pub_lo IS NOT NULL AND b.sig_lo IS NOT NULL
  AND a.pub_lo >= b.sig_hi + 1
"""

# ordered pair on a.label, kinds visit:
# has(a.arriving_weekday) and missing(b.arriving) and resolved(b.when)
# and definitely(not weekday_is(start(b.when), a.arriving_weekday))
# where arriving_weekday is the weekday written with the arrival, else the weekday of an
# unresolved bare weekday, else the weekday of the arrival day when it is exact.
RULES["arrival-weekday-mismatch"] = """
WITH v AS (
    SELECT *,
           CASE WHEN arr_lo IS NOT NULL THEN
               coalesce(arr_wd, arr_wd_only, CASE WHEN arr_lo = arr_hi THEN wd(arr_lo) END)
           END AS arr_w
    FROM cw WHERE kind = 'visit' AND label IS NOT NULL
)
SELECT {select} FROM v a JOIN v b ON a.label = b.label AND a.id <> b.id
WHERE a.arr_w IS NOT NULL AND b.arr_lo IS NULL AND b.w_resolved
  AND never_weekday(b.w_s_lo, b.w_s_hi, a.arr_w)
"""

# pair joining a.during to b.label (any kinds):
# resolved(a.when) and resolved(b.when) and definitely(not within(a.when, b.when)).
# within is possible when a reading puts a's days inside b's: take b's widest reading
# (first day b.s_lo, last day b.e_hi), unless b is a single day, which a must then equal.
RULES["sub-event-outside-parent"] = """
SELECT {select} FROM cw a JOIN cw b ON a.during = b.label AND a.id <> b.id
WHERE a.w_resolved AND b.w_resolved
  AND NOT CASE
    WHEN a.w_same = 0 AND b.w_same = 0 THEN
        greatest(a.w_s_lo, b.w_s_lo) <= a.w_s_hi
        AND a.w_e_lo <= least(a.w_e_hi, b.w_e_hi)
        AND greatest(a.w_s_lo, b.w_s_lo) <= least(a.w_e_hi, b.w_e_hi)
    WHEN a.w_same = 1 AND b.w_same = 0 THEN
        greatest(a.w_s_lo, b.w_s_lo) <= least(a.w_s_hi, b.w_e_hi)
    WHEN a.w_same = 0 AND b.w_same = 1 THEN
        greatest(a.w_s_lo, a.w_e_lo, b.w_s_lo) <= least(a.w_s_hi, a.w_e_hi, b.w_s_hi)
    ELSE
        greatest(a.w_s_lo, b.w_s_lo) <= least(a.w_s_hi, b.w_s_hi)
  END
"""


# What the rows mode puts in each rule's {select} slot: the finding's a, b and key (NULL,
# written as an empty field, where the rule has none). A rule whose counting query does not
# carry the claim id has one more slot, empty in the counting mode, so that the counting
# queries stay exactly as they were before the rows mode existed.
PAIR = ("a.id, b.id, NULL", {})
EACH = ("id, NULL, NULL", {})
ROWS: dict[str, tuple[str, dict[str, str]]] = {
    "date-disagreement": PAIR,
    "sole-office-overlap": PAIR,
    # a claim and the next one in its parties' sequence
    "overlapping-plans": ("id, b_id, NULL", {}),
    "gap-between-plans": ("id, b_id, NULL", {}),
    # the label's first claim, and the label as the key
    "few-independent-origins": ("first_id, NULL, label", {"first_id": ", min(id) AS first_id"}),
    "weekday-mismatch": EACH,
    # the claim's id, which the counting query does not select
    "duration-mismatch": ("id, NULL, NULL", {"d_id": "id, "}),
    "person-in-two-places": ("pairs.a, pairs.b, NULL", {}),
    "plan-without-period": EACH,
    "unresolved-date": EACH,
    "borrowed-anchor": EACH,
    "stale-future-status": PAIR,
    "arrival-weekday-mismatch": PAIR,
    "sub-event-outside-parent": PAIR,
}


def count_sql(rule: str) -> str:
    """The rule's query giving its number of findings."""
    return RULES[rule].format(select="count(*)", **{slot: "" for slot in ROWS[rule][1]})


def rows_sql(rule: str) -> str:
    """The rule's query giving one row (a, b, key) per finding."""
    select, slots = ROWS[rule]
    return RULES[rule].format(select=select, **slots)


def sql_string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="peer_duckdb.py",
        description="Runs verify's standard rule pack as SQL over DIR/facts/*.csv (written by gen-corpus).",
    )
    parser.add_argument("dir", metavar="DIR", help="a corpus directory written by gen-corpus")
    parser.add_argument(
        "--rows",
        metavar="OUT",
        help="write one row per finding (rule, a, b, key) to the file OUT (CSV; Parquet when OUT "
        "ends in .parquet) and count the rows written",
    )
    parser.add_argument("--threads", type=int, metavar="N", help="DuckDB threads (default: all cores)")
    parser.add_argument("--quiet", action="store_true", help="no timings on standard error")
    args = parser.parse_args(argv)
    facts = Path(args.dir) / "facts"
    if not (facts / "claims.csv").is_file():
        print(f"peer_duckdb: no {facts / 'claims.csv'}: expected a corpus written by gen-corpus", file=sys.stderr)
        return 2
    out = Path(args.rows) if args.rows is not None else None
    if out is not None and not out.parent.is_dir():
        print(f"peer_duckdb: no directory {out.parent} to write {out.name} in", file=sys.stderr)
        return 2
    threads, quiet = args.threads, args.quiet

    duckdb = import_duckdb()

    def log(msg: str) -> None:
        if not quiet:
            print(msg, file=sys.stderr)

    t0 = time.perf_counter()
    con = duckdb.connect(":memory:")
    if threads:
        con.execute(f"SET threads TO {threads}")
    for table, columns in TABLES.items():
        cols = ", ".join(f"'{c}': '{t}'" for c, t in columns.items())
        path = str(facts / f"{table}.csv").replace("'", "''")
        con.execute(
            f"CREATE TABLE {table} AS SELECT * FROM read_csv('{path}', header = true, "
            f"columns = {{{cols}}}, nullstr = '', quote = '\"', escape = '\"')"
        )
    con.execute(SETUP)
    t_load = time.perf_counter()
    log(f"peer_duckdb: loaded {facts} in {t_load - t0:.3f}s (duckdb {duckdb.__version__})")

    counts: dict[str, int] = {}
    if out is None:
        for rule in RULES:
            t = time.perf_counter()
            counts[rule] = int(con.execute(count_sql(rule)).fetchone()[0])
            log(f"peer_duckdb: {rule:26} {counts[rule]:8d}  {time.perf_counter() - t:.3f}s")
    else:
        # The findings of all rules in one table, written out in one COPY, sorted so that
        # the file is the same from run to run; the counts are those of the rows written.
        con.execute("CREATE TABLE findings (rule VARCHAR, a BIGINT, b BIGINT, key VARCHAR)")
        for rule in RULES:
            t = time.perf_counter()
            insert = f"INSERT INTO findings SELECT {sql_string(rule)}, * FROM ({rows_sql(rule)})"
            added = int(con.execute(insert).fetchone()[0])
            log(f"peer_duckdb: {rule:26} {added:8d}  {time.perf_counter() - t:.3f}s")
        t = time.perf_counter()
        options = "FORMAT PARQUET" if out.suffix.lower() == ".parquet" else "FORMAT CSV, HEADER"
        ordered = "SELECT * FROM findings ORDER BY rule, a, b NULLS FIRST, key NULLS FIRST"
        written = int(con.execute(f"COPY ({ordered}) TO {sql_string(str(out))} ({options})").fetchone()[0])
        counts = dict.fromkeys(RULES, 0)
        counts.update(con.execute("SELECT rule, count(*) FROM findings GROUP BY rule").fetchall())
        if written != sum(counts.values()):
            print(f"peer_duckdb: wrote {written} rows, counted {sum(counts.values())}", file=sys.stderr)
            return 1
        log(f"peer_duckdb: wrote {written} rows to {out} in {time.perf_counter() - t:.3f}s")
    t_end = time.perf_counter()
    log(f"peer_duckdb: checks {t_end - t_load:.3f}s, total {t_end - t0:.3f}s")
    print(json.dumps(dict(sorted(counts.items()))))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
