#!/usr/bin/env python3
"""The rule pack compiled for DataFusion (`verify sql --dialect datafusion`), run by
Apache DataFusion's Python bindings over the tables of `verify export`.

Usage: python3 bench/sql_datafusion.py EXPORT_DIR PACK_SQL [--quiet]

Each table of EXPORT_DIR/schema.json is registered under its name over its Parquet file,
or its CSV file with the schema's types; each query after a line `-- rule: ID` is run as it is and its rows
counted. The LAST line of standard output is the JSON object {"rule-id": count, ...}, as
bench/sql_duckdb.py prints it. If `import datafusion` fails, the package is installed into
bench/.venv from the Python registry and the script runs again with that interpreter.
"""
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sql_duckdb import ensure, queries  # noqa: E402


def main():
    args = sys.argv[1:]
    quiet = "--quiet" in args
    args = [a for a in args if a != "--quiet"]
    if len(args) != 2:
        sys.exit(next(l for l in __doc__.splitlines() if l.startswith("Usage:")))
    export_dir, pack_path = args
    ensure("datafusion", "datafusion")
    import pyarrow as pa
    from datafusion import SessionContext

    with open(os.path.join(export_dir, "schema.json"), encoding="utf-8") as f:
        schema = json.load(f)
    with open(pack_path, encoding="utf-8") as f:
        pack = f.read()
    ctx = SessionContext()
    types = {"int64": pa.int64(), "text": pa.string()}
    for table in schema["tables"]:
        fields = [pa.field(c["name"], types[c["type"]], nullable=True) for c in table["columns"]]
        path = os.path.join(export_dir, table["file"])
        if path.endswith(".parquet"):
            ctx.register_parquet(table["name"], path)
        else:
            ctx.register_csv(table["name"], path, schema=pa.schema(fields), has_header=True)
    counts = {}
    t0 = time.time()
    for rule, q in queries(pack):
        t = time.time()
        counts[rule] = ctx.sql(f"SELECT count(*) AS n FROM ({q})").to_pydict()["n"][0]
        if not quiet:
            print(f"sql_datafusion: {rule}: {counts[rule]} in {time.time() - t:.2f} s", file=sys.stderr)
    if not quiet:
        print(f"sql_datafusion: total {time.time() - t0:.2f} s", file=sys.stderr)
    print(json.dumps(counts, sort_keys=True))


if __name__ == "__main__":
    main()
