#!/usr/bin/env python3
"""Runs the rule pack compiled for Spark (`verify sql --dialect spark`) with PySpark over
the tables of `verify export`, and prints the finding count of each rule.

Usage: python3 bench/spark/run_pack.py EXPORT_DIR PACK_SQL [--master URL] [--memory SIZE] [--quiet]

Each table of EXPORT_DIR/schema.json becomes a temporary view of its name over its
Parquet file, or its CSV file typed as the schema says (header line, `"` as quote and
escape, an empty field NULL).
Each query after a line `-- rule: ID` is run as it is and its rows counted; the LAST line
of standard output is the JSON object {"rule-id": count, ...}. `--master` defaults to
local[*] (every core of this machine); on a cluster, spark-submit sets it and the export
directory can be any path Spark reads (hdfs://, s3a://). `--memory` sets the driver's
memory (`spark.driver.memory`, e.g. 8g), which in local mode is all Spark has: the default
of 1g spills a large corpus to disk. Each rule's time goes to standard error (not with
--quiet).
"""
import json
import re
import sys
import time


def queries(pack):
    """(rule id, query) pairs, as bench/sql_duckdb.py reads them: this file stays
    self-contained, so that spark-submit ships it alone."""
    out = []
    for part in re.split(r"^-- rule: ", pack, flags=re.M)[1:]:
        rule, _, body = part.partition("\n")
        out.append((rule.strip(), body.strip().rstrip(";")))
    return out


def main():
    args = sys.argv[1:]
    quiet = "--quiet" in args
    args = [a for a in args if a != "--quiet"]
    master = "local[*]"
    if "--master" in args:
        i = args.index("--master")
        master = args[i + 1]
        del args[i : i + 2]
    memory = None
    if "--memory" in args:
        i = args.index("--memory")
        memory = args[i + 1]
        del args[i : i + 2]
    if len(args) != 2:
        sys.exit(next(l for l in __doc__.splitlines() if l.startswith("Usage:")))
    export_dir, pack_path = args
    from pyspark.sql import SparkSession
    from pyspark.sql.types import LongType, StringType, StructField, StructType

    def log(msg):
        if not quiet:
            print(f"spark: {msg}", file=sys.stderr)

    builder = (
        SparkSession.builder.master(master)
        .appName("verify-pack")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "8")
    )
    if memory:
        builder = builder.config("spark.driver.memory", memory)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    sep = "" if export_dir.endswith("/") else "/"
    schema_path = export_dir + sep + "schema.json"
    schema = json.loads("\n".join(spark.sparkContext.textFile(schema_path).collect()))
    types = {"int64": LongType(), "text": StringType()}
    t0 = time.time()
    for table in schema["tables"]:
        st = StructType(
            [StructField(c["name"], types[c["type"]], True) for c in table["columns"]]
        )
        if table["file"].endswith(".parquet"):
            spark.read.parquet(export_dir + sep + table["file"]).createOrReplaceTempView(table["name"])
            continue
        df = spark.read.csv(
            export_dir + sep + table["file"],
            header=True,
            schema=st,
            quote='"',
            escape='"',
            nullValue="",
            mode="FAILFAST",
        )
        df.createOrReplaceTempView(table["name"])
    with open(pack_path, encoding="utf-8") as f:
        pack = f.read()
    counts = {}
    for rule, q in queries(pack):
        t = time.time()
        counts[rule] = spark.sql(q).count()
        log(f"{rule}: {counts[rule]} in {time.time() - t:.2f} s")
    log(f"total {time.time() - t0:.2f} s")
    spark.stop()
    print(json.dumps(counts, sort_keys=True))


if __name__ == "__main__":
    main()
