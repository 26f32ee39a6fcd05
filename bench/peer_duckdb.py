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
  borrowed-anchor, year-evidence-conflict, few-independent-origins); in the unordered
  pairs (date-disagreement, sole-office-overlap, person-in-two-places, relay-disagreement)
  a < b, as in verify; in the sequences a is a claim and b the next one; in the ordered
  pairs (stale-future-status, arrival-weekday-mismatch, sub-event-outside-parent,
  duration-across-accounts, stale-relay, stale-relay-origin-undated, relay-deviates) and
  the joins (order-of-events, order-of-events-before) a and b are the rule's a and b;
- key: the group key of a count rule (the label, for few-independent-origins), else empty.

On generated corpora (2,000 claims with seeds 1, 2, 3 and 7; 100,000 and 1,000,000 with
seed 7) these are the claims verify's findings name, with one exception: in
overlapping-plans and gap-between-plans, claims with equal periods follow each other here
in claim order, in verify in the order of their canonical text and origin (the facts carry
only a hash of the text, which does not give its order), so where several claims share a
period the peer may pair a claim with another of them than verify does. There those claims
also shared their label and parties, so the counts are the same either way. The counts are
also verify's on the claims of every `[[test]]` of rules/*.toml, each made a corpus and
given its facts with `gen-corpus --facts-only` (times of day, hours, `after` and `before`,
conflicting years and relays the generator does not write), and on the bundled claims/.

Each rule below is written once, with a {select} slot: the counting mode fills it with
count(*), the rows mode with the columns above (see ROWS). The time of the rows mode
includes building the findings table, sorting it and writing the file.

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
  date, Monday = 0 … Sunday = 6); w_anchor is also `inferred` for a year inferred;
  lasting_lo, lasting_hi (the days a `lasting` duration can be: 2 weeks = 14..14,
  1 month = 28..31);
  the arrival day: arr_lo, arr_hi, arr_anchor, arr_wd (weekday written next to it),
  arr_wd_only (the weekday of an unresolved bare weekday);
  the signing day: sig_lo, sig_hi, sig_anchor;
  the publication date the claim's relative dates are read against: pub_lo, pub_hi,
  pub_anchor (anchored when it is the origin's own date, borrowed otherwise);
  status, extends, during (lower-cased labels), holder and office (entity indexes of a
  `holds` claim), office_sole, where_ent (`to`, else `in`), parties_key (the set of
  parties as sorted entity indexes, `{3 17}`; `{}` for none), name;
  text_hash: the 64-bit FNV-1a hash of the claim's canonical text (the `text` field, as
  `verify fmt` writes the claim), by which the peer compares texts;
  printed_lo, printed_hi: the report's own publication date (the field `printed`: when
  this account was printed, the relay's date for a relayed claim);
  origin_pub_lo, origin_pub_hi: the origin's own publication date (`origin_published`:
  `per X published D:`, or the report's date when the report is the origin's own; empty
  when not given, never a relay's or borrowed date);
  sig_e_hi: the latest possible last day of `signed` (sig_lo..sig_hi is its first day; a
  signing day is one day, so sig_e_hi = sig_hi unless it was written as a range of days);
  w_el_lo, w_el_hi: the minutes elapsed from the start to the end of `when` when the times
  of day of both ends are written (`from 26 June evening to 28 June morning`: 1800..2520);
  w_tod_lo, w_tod_hi: the minutes of the time of day written on a `when` that is one exact
  day (`on 2024-06-26 evening`: 1080..1440), the moment it names;
  lasting_n, lasting_unit: the number and unit (hour, day, week, month or year) of
  `lasting`, as written;
  after, before: the labels of `after LABEL` and `before LABEL` (lower-cased);
  year_conflict: 1 when the claim's article has no date and the evidence of the corpus
  for its year disagrees (the field `year_conflict`: verify's inference of years is part
  of the resolution the facts come from, like the anchors), else 0.
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
- earlier(a, b) is definitely <=> a.e_hi + 1 <= b.s_lo   (a ends before the day b starts);
  later(a, b) is definitely <=> a.s_lo >= b.e_hi + 1     (see order-of-events);
- a period's length in days lies in [w_len_min, w_len_max]; length_differs(when, lasting,
  loose_days) is then a SQL macro of the same name (see duration-mismatch);
- a publication date (printed, origin_published) and a signing day are one day each, some
  day of [lo, hi] (a signing written as a range of days: its first day in [sig_lo, sig_hi],
  its last day at most sig_e_hi). For two of them x and y:
  later(x, y) is definitely  <=> x.lo >= y.hi + 1   (after or met-by in every reading);
  earlier(x, y) is definitely <=> x.hi + 1 <= y.lo  (before or meets in every reading);
  disjoint(x, y) is definitely <=> x.hi < y.lo or y.hi < x.lo;
  equals(x, y) is definitely <=> x.lo = x.hi = y.lo = y.hi (one exact day, the same);
- lengths_differ(d1, d2) <=> the day ranges of the two durations (lasting_lo..lasting_hi)
  do not meet;
- independent(a, b) <=> a.origin != b.origin (verify compares the origins, nothing else:
  two claims relayed from one origin are not independent whoever relayed them);
- a.text != b.text <=> a.text_hash != b.text_hash: two different texts with equal hashes
  would be taken as equal. Texts are only compared between claims of one label, kind and
  origin (at 1,000,000 claims: 15,869 labels with such pairs, 362 pairs at most in one),
  so the chance of that is about 2^-64 per pair; there, no hash is shared by claims of two
  labels or kinds (which have different texts), and the rows name the claims verify's
  findings name.

A finding whose date was read on a borrowed anchor is still a finding (only "possible"),
so certainty never changes a count here; a condition that is only possibly true (a
duration off by the loose day) is a finding too. verify stops a group of pairs (one key)
after 20,000,000 pairs and shows at most 10,000 findings per group, counting the rest in
one finding; the peer has no such caps, and no group of a generated corpus comes near them
(at 1,000,000 claims the largest label has 472 claims and the largest office 1,114; one
group gives at most 2,506 findings). verify reports a pair found in several groups once
(pairs are distinct here too) and removes findings with equal fingerprints; the generator
keeps every claim's text unique within its report and attribution chain, so no two
findings share a fingerprint.

Not covered: the two rules over entities, whose keys are every name and alias of an
entity (the facts carry no aliases) passed through verify's name functions
(src/model/names.rs): duplicate-entities groups by the names folded (Unicode NFC, Rust's
lower-casing of every character, whitespace collapsed); name-variants by a transliteration
skeleton (accents removed, Latin spellings of one sound such as ck and ph merged, doubled
consonants, Arabic harakat, tatweel and article dropped, alef forms merged, word by word)
and leaves out pairs equal once folded. SQL has no exact equivalent of these functions
(DuckDB's lower maps one character to one: İ becomes i, where Rust gives i and a combining
dot; the skeleton is a table of rewrite steps of verify's own), and facts that held
verify's keys would only compare verify's answers. The generator declares no two entities
with the same folded name or skeleton, so verify finds none there either.
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
    "text_hash": "UBIGINT",
    "printed_lo": "BIGINT",
    "printed_hi": "BIGINT",
    "origin_pub_lo": "BIGINT",
    "origin_pub_hi": "BIGINT",
    "sig_e_hi": "BIGINT",
    "w_el_lo": "BIGINT",
    "w_el_hi": "BIGINT",
    "w_tod_lo": "BIGINT",
    "w_tod_hi": "BIGINT",
    "lasting_n": "BIGINT",
    "lasting_unit": "VARCHAR",
    "after": "VARCHAR",
    "before": "VARCHAR",
    "year_conflict": "INTEGER",
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
       fuzzy_bounded(w_s_lo, w_s_hi) AND fuzzy_bounded(w_e_lo, w_e_hi) AS w_bounded,
       -- some reading exists (s <= e, and s = e for a single day)
       w_s_lo <= w_s_hi AND w_e_lo <= w_e_hi AND w_s_lo <= w_e_hi
           AND (w_same = 0 OR greatest(w_s_lo, w_e_lo) <= least(w_s_hi, w_e_hi)) AS w_possible,
       -- the shortest and longest reading in days, for a bounded period
       CASE WHEN w_same = 1 THEN 1 ELSE greatest(1, w_e_lo - w_s_hi + 1) END AS w_len_min,
       CASE WHEN w_same = 1 THEN 1 ELSE w_e_hi - w_s_lo + 1 END AS w_len_max
FROM claims;

-- length_differs(when, lasting, 1) is possibly or definitely, for a bounded `when` that has
-- a reading: lengths len_min..len_max days, el_lo..el_hi minutes elapsed when the times of
-- day of both ends are written (else NULL); `lasting` d_lo..d_hi days, d_n units, hours or
-- not. Without the elapsed time: no length of the period is one of the duration's (being
-- off by at most the loose day only makes the finding possible). With it: neither the
-- elapsed time (within an hour for hours, half a day otherwise; a whole number of days in
-- hours also as days) nor the calendar days (not for hours, unless whole days) fit.
CREATE MACRO length_differs(len_min, len_max, el_lo, el_hi, d_lo, d_hi, d_n, hours) AS
    CASE WHEN el_lo IS NULL THEN len_max < d_lo OR len_min > d_hi
    ELSE NOT (
        (el_lo <= CASE WHEN hours THEN d_n * 60 + 60 ELSE d_hi * 1440 + 720 END
         AND CASE WHEN hours THEN d_n * 60 - 60 ELSE d_lo * 1440 - 720 END <= el_hi)
        OR (hours AND d_n % 24 = 0
            AND el_lo <= d_n // 24 * 1440 + 720 AND d_n // 24 * 1440 - 720 <= el_hi)
        OR ((NOT hours OR d_n % 24 = 0) AND len_min <= d_hi AND d_lo <= len_max)
    ) END;

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

# has(a.lasting) and has(a.when) and resolved(a.when) and bounded(a.when)
# and length_differs(a.when, a.lasting, params.loose_days)   -- possibly or definitely
RULES["duration-mismatch"] = """
SELECT {select} FROM cw
WHERE lasting_lo IS NOT NULL AND w_anchor IS NOT NULL AND w_resolved AND w_bounded AND w_possible
  AND length_differs(w_len_min, w_len_max, w_el_lo, w_el_hi, lasting_lo, lasting_hi, lasting_n,
                     lasting_unit = 'hour')
"""

# pair on each of a.people, swept on a.when;
# (missing(a.label) or missing(b.label) or a.label != b.label)
# and places_disjoint(a.where, b.where) and resolved(a.when) and resolved(b.when)
# and definitely(intersects(a.when, b.when)); intersects is only possible when both are one
# exact day, the same, with times of day written that do not meet (w_tod_lo..w_tod_hi).
RULES["person-in-two-places"] = """
WITH c AS (
    SELECT id, label, where_ent, w_s_lo, w_s_max, w_e_min, w_tod_lo, w_tod_hi
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
  AND NOT coalesce(a.w_s_lo = b.w_s_lo
                   AND (a.w_tod_hi < b.w_tod_lo OR b.w_tod_hi < a.w_tod_lo), false)
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


# ordered pair on a.label, kinds visit, meeting and event:
# a.kind == b.kind and has(a.lasting) and has(b.when) and resolved(b.when) and bounded(b.when)
# and length_differs(b.when, a.lasting, params.loose_days)   -- possibly or definitely
# (length_differs as in duration-mismatch, with the duration of one claim and the period of
# the other).
RULES["duration-across-accounts"] = """
WITH a AS (
    SELECT id, label, kind, lasting_lo, lasting_hi, lasting_n, lasting_unit = 'hour' AS hours
    FROM claims
    WHERE kind IN ('visit', 'meeting', 'event') AND label IS NOT NULL AND lasting_lo IS NOT NULL
),
b AS (
    SELECT id, label, kind, w_len_min, w_len_max, w_el_lo, w_el_hi
    FROM cw
    WHERE kind IN ('visit', 'meeting', 'event') AND label IS NOT NULL
      AND w_anchor IS NOT NULL AND w_resolved AND w_bounded AND w_possible
)
SELECT {select} FROM a JOIN b ON a.label = b.label AND a.kind = b.kind AND a.id <> b.id
WHERE length_differs(b.w_len_min, b.w_len_max, b.w_el_lo, b.w_el_hi,
                     a.lasting_lo, a.lasting_hi, a.lasting_n, a.hours)
"""

# ordered pair on a.label, kinds plan and agreement:
# a.status == "expected" and a.outlet != a.origin and definitely(later(a.printed, b.signed))
# and CONDITION. later(x, y): x starts on or after the day after y ends (after or met-by),
# definitely when x's earliest day is after y's latest last day; earlier(x, y): x ends
# before the day y starts, definitely when x's latest day is before y's earliest first day.
STALE_RELAY = """
WITH a AS (
    SELECT id, label, printed_lo, origin_pub_lo, origin_pub_hi
    FROM claims
    WHERE kind IN ('plan', 'agreement') AND label IS NOT NULL AND status = 'expected'
      AND outlet <> origin AND printed_lo IS NOT NULL
),
b AS (
    SELECT id, label, sig_lo, sig_e_hi
    FROM claims WHERE kind IN ('plan', 'agreement') AND label IS NOT NULL AND sig_lo IS NOT NULL
)
SELECT {{select}} FROM a JOIN b ON a.label = b.label AND a.id <> b.id
WHERE a.printed_lo >= b.sig_e_hi + 1 AND {condition}
"""

# CONDITION: definitely(earlier(a.origin_published, b.signed))
RULES["stale-relay"] = STALE_RELAY.format(
    condition="a.origin_pub_lo IS NOT NULL AND a.origin_pub_hi + 1 <= b.sig_lo"
)

# CONDITION: missing(a.origin_published) or (not definitely(earlier(a.origin_published,
# b.signed)) and not definitely(later(a.origin_published, b.signed)))
RULES["stale-relay-origin-undated"] = STALE_RELAY.format(
    condition="(a.origin_pub_lo IS NULL"
    " OR (a.origin_pub_hi + 1 > b.sig_lo AND a.origin_pub_lo < b.sig_e_hi + 1))"
)

# pair on a.label, kinds visit, meeting, event, award, plan and agreement:
# not independent(a, b) and a.kind == b.kind and a.text != b.text and SIDES (of which
# b.outlet != b.origin in both rules)
# and (missing(a.origin_published) or missing(b.origin_published)
#      or not definitely(disjoint(a.origin_published, b.origin_published)))
# and (  (has(a.when) and has(b.when) and resolved(a.when) and resolved(b.when)
#         and not borrowed(a.when) and not borrowed(b.when)
#         and definitely(disjoint(a.when, b.when)))
#     or (has(a.where) and has(b.where) and places_disjoint(a.where, b.where))
#     or (has(a.lasting) and has(b.lasting) and lengths_differ(a.lasting, b.lasting))
#     or (has(a.status) and has(b.status) and has(a.origin_published) and has(b.origin_published)
#         and definitely(equals(a.origin_published, b.origin_published)) and a.status != b.status))
# independent(a, b) is a.origin != b.origin; texts compare by their hash; two publication
# dates (single days) are definitely equal when both are the same exact day. The pairs are
# formed on the key columns first, then joined to the claims' other columns.
RELAY = """
WITH a0 AS (
    SELECT id, label, kind, origin, report, text_hash FROM claims
    WHERE kind IN ('visit', 'meeting', 'event', 'award', 'plan', 'agreement')
      AND label IS NOT NULL AND {a_side}
),
b0 AS (
    SELECT id, label, kind, origin, report, text_hash FROM claims
    WHERE kind IN ('visit', 'meeting', 'event', 'award', 'plan', 'agreement')
      AND label IS NOT NULL AND outlet <> origin
),
pairs AS (
    SELECT a0.id AS a, b0.id AS b FROM a0 JOIN b0
        ON a0.label = b0.label AND a0.origin = b0.origin AND a0.kind = b0.kind AND {pairing}
    WHERE a0.text_hash <> b0.text_hash
)
SELECT {{select}} FROM pairs JOIN cw a ON a.id = pairs.a JOIN cw b ON b.id = pairs.b
WHERE (a.origin_pub_lo IS NULL OR b.origin_pub_lo IS NULL
       OR NOT (a.origin_pub_hi < b.origin_pub_lo OR b.origin_pub_hi < a.origin_pub_lo))
  AND (
    (a.w_resolved AND b.w_resolved AND a.w_anchor <> 'borrowed' AND b.w_anchor <> 'borrowed'
     AND (a.w_e_hi < b.w_s_lo OR b.w_e_hi < a.w_s_lo))
    OR (a.where_ent IS NOT NULL AND b.where_ent IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM anc WHERE anc.entity = a.where_ent AND anc.ancestor = b.where_ent)
        AND NOT EXISTS (SELECT 1 FROM anc WHERE anc.entity = b.where_ent AND anc.ancestor = a.where_ent))
    OR (a.lasting_lo IS NOT NULL AND b.lasting_lo IS NOT NULL
        AND (a.lasting_hi < b.lasting_lo OR b.lasting_hi < a.lasting_lo))
    OR (a.status IS NOT NULL AND b.status IS NOT NULL AND a.status <> b.status
        AND a.origin_pub_lo = a.origin_pub_hi AND b.origin_pub_lo = b.origin_pub_hi
        AND a.origin_pub_lo = b.origin_pub_lo)
  )
"""

# ordered; SIDES: a.outlet == a.origin and b.outlet != b.origin
RULES["relay-deviates"] = RELAY.format(a_side="outlet = origin", pairing="a0.id <> b0.id")

# unordered (a before b); SIDES: a.report != b.report and a.outlet != a.origin and
# b.outlet != b.origin (report ids are unique, so report numbers compare alike)
RULES["relay-disagreement"] = RELAY.format(
    a_side="outlet <> origin", pairing="a0.id < b0.id AND a0.report <> b0.report"
)


# pair joining a.after to b.label, kinds visit, meeting, event, award and statement:
# has(a.when) and has(b.when) and resolved(a.when) and resolved(b.when)
# and definitely(earlier(a.when, b.when))   -- a ends before the day b starts in every reading
RULES["order-of-events"] = """
SELECT {select} FROM cw a JOIN cw b ON a.after = b.label AND a.id <> b.id
WHERE a.kind IN ('visit', 'meeting', 'event', 'award', 'statement')
  AND b.kind IN ('visit', 'meeting', 'event', 'award', 'statement')
  AND a.w_resolved AND b.w_resolved AND a.w_e_hi + 1 <= b.w_s_lo
"""

# pair joining a.before to b.label, the same kinds:
# has(a.when) and has(b.when) and resolved(a.when) and resolved(b.when)
# and definitely(later(a.when, b.when))   -- a starts after the day b ends in every reading
RULES["order-of-events-before"] = """
SELECT {select} FROM cw a JOIN cw b ON a.before = b.label AND a.id <> b.id
WHERE a.kind IN ('visit', 'meeting', 'event', 'award', 'statement')
  AND b.kind IN ('visit', 'meeting', 'event', 'award', 'statement')
  AND a.w_resolved AND b.w_resolved AND a.w_s_lo >= b.w_e_hi + 1
"""

# each: has(a.year_conflict)
RULES["year-evidence-conflict"] = """
SELECT {select} FROM claims WHERE year_conflict = 1
"""


# What the rows mode puts in each rule's {select} slot: the finding's a, b and key (NULL,
# written as an empty field, where the rule has none). A rule whose counting query does not
# carry the claim id has one more slot, empty in the counting mode, so that the counting
# query does not have to select it.
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
    "duration-mismatch": EACH,
    "person-in-two-places": ("pairs.a, pairs.b, NULL", {}),
    "plan-without-period": EACH,
    "unresolved-date": EACH,
    "borrowed-anchor": EACH,
    "stale-future-status": PAIR,
    "arrival-weekday-mismatch": PAIR,
    "sub-event-outside-parent": PAIR,
    "duration-across-accounts": PAIR,
    "stale-relay": PAIR,
    "stale-relay-origin-undated": PAIR,
    "relay-deviates": PAIR,
    "relay-disagreement": PAIR,
    "order-of-events": PAIR,
    "order-of-events-before": PAIR,
    "year-evidence-conflict": EACH,
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
