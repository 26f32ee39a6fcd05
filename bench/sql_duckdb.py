#!/usr/bin/env python3
"""The generated DuckDB peer: the rule pack as `verify sql` compiles it, run by DuckDB over
the tables `verify export` writes.

Usage: python3 bench/sql_duckdb.py EXPORT_DIR PACK_SQL [--rows OUT] [--threads N] [--quiet]

EXPORT_DIR holds the tables and schema.json of `verify export DIR --to EXPORT_DIR`;
PACK_SQL the output of `verify sql --dialect duckdb`. Each table is loaded under its name
from its Parquet file, or its CSV file typed as schema.json says (an empty field is NULL,
a quoted empty one an empty text). Each query (after its line `-- rule: ID`) is run as it is; the LAST
line of standard output is a JSON object {"rule-id": count, ...}: the rows each query
returned, which is the number of findings verify gives for that rule. With --rows OUT,
every finding row (rule, a, b, key, certainty, message) is also written to OUT (CSV with a
header line, sorted by rule, a, b, key), as verify writes every finding.

If `import duckdb` fails, the script creates bench/.venv with `python3 -m venv`, installs
duckdb there with pip, and runs itself again with that interpreter (as peer_duckdb.py).
"""
import json
import os
import re
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def ensure(module, package):
    """Imports `module`, else installs `package` into bench/.venv and runs this script
    again with that interpreter."""
    try:
        __import__(module)
        return
    except ImportError:
        pass
    venv = os.path.join(HERE, ".venv")
    py = os.path.join(venv, "bin", "python3")
    if os.environ.get("VERIFY_PEER_REEXEC"):
        sys.exit(f"{os.path.basename(sys.argv[0])}: {module} is not importable even in bench/.venv")
    import fcntl

    # One process at a time makes or fills the venv (the tests run the peers in parallel);
    # the lock is the one bench/peer_duckdb.py takes.
    with open(os.path.join(HERE, ".venv.lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not os.path.exists(py):
            print("creating bench/.venv", file=sys.stderr)
            subprocess.check_call([sys.executable, "-m", "venv", venv], stdout=sys.stderr)
        probe = subprocess.run([py, "-c", f"import {module}"], capture_output=True)
        if probe.returncode != 0:
            print(f"installing {package} in bench/.venv", file=sys.stderr)
            subprocess.check_call(
                [py, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", package],
                stdout=sys.stderr,
            )
    env = dict(os.environ, VERIFY_PEER_REEXEC="1")
    os.execve(py, [py] + sys.argv, env)


def queries(pack):
    """(rule id, query) pairs, in the order of the pack."""
    out = []
    for part in re.split(r"^-- rule: ", pack, flags=re.M)[1:]:
        rule, _, body = part.partition("\n")
        out.append((rule.strip(), body.strip().rstrip(";")))
    return out


def main():
    args = sys.argv[1:]
    quiet = "--quiet" in args
    args = [a for a in args if a != "--quiet"]
    rows_out = None
    threads = None
    if "--rows" in args:
        i = args.index("--rows")
        rows_out = args[i + 1]
        del args[i : i + 2]
    if "--threads" in args:
        i = args.index("--threads")
        threads = int(args[i + 1])
        del args[i : i + 2]
    if len(args) != 2:
        sys.exit(next(l for l in __doc__.splitlines() if l.startswith("Usage:")))
    export_dir, pack_path = args
    ensure("duckdb", "duckdb")
    import duckdb

    def log(msg):
        if not quiet:
            print(f"sql_duckdb: {msg}", file=sys.stderr)

    with open(os.path.join(export_dir, "schema.json"), encoding="utf-8") as f:
        schema = json.load(f)
    with open(pack_path, encoding="utf-8") as f:
        pack = f.read()
    con = duckdb.connect()
    if threads:
        con.execute(f"SET threads = {threads}")
    types = {"int64": "BIGINT", "text": "VARCHAR"}
    t0 = time.time()
    for table in schema["tables"]:
        cols = ", ".join(
            f"'{c['name']}': '{types[c['type']]}'" for c in table["columns"]
        )
        path = os.path.join(export_dir, table["file"]).replace("'", "''")
        if table["file"].endswith(".parquet"):
            con.execute(f'CREATE TABLE "{table["name"]}" AS SELECT * FROM read_parquet(\'{path}\')')
            continue
        con.execute(
            f'CREATE TABLE "{table["name"]}" AS SELECT * FROM read_csv(\'{path}\', '
            f"header = true, auto_detect = false, columns = {{{cols}}}, "
            f"quote = '\"', escape = '\"', nullstr = '', allow_quoted_nulls = false)"
        )
    log(f"loaded {len(schema['tables'])} tables in {time.time() - t0:.2f} s")
    counts = {}
    selects = []
    for rule, q in queries(pack):
        t = time.time()
        if rows_out:
            con.execute(f'CREATE OR REPLACE TEMP TABLE "r_{rule}" AS {q}')
            counts[rule] = con.execute(f'SELECT count(*) FROM "r_{rule}"').fetchone()[0]
            selects.append(f'SELECT * FROM "r_{rule}"')
        else:
            counts[rule] = con.execute(f"SELECT count(*) FROM ({q})").fetchone()[0]
        log(f"{rule}: {counts[rule]} in {time.time() - t:.2f} s")
    if rows_out:
        union = " UNION ALL ".join(selects) if selects else "SELECT 1 WHERE false"
        target = rows_out.replace("'", "''")
        con.execute(
            f"COPY (SELECT * FROM ({union}) ORDER BY rule, a, b, key) TO '{target}' (HEADER)"
        )
    log(f"total {time.time() - t0:.2f} s")
    print(json.dumps(counts, sort_keys=True))


if __name__ == "__main__":
    main()
