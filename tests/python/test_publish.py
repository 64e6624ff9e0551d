"""Readers and writers: readers of the published (serving) warehouse never block a build and never
see a half build; the DuckDB CLI, Python and a SQLAlchemy (duckdb-engine) client all read it while a
build runs; a second writer fails fast."""

from __future__ import annotations

import hashlib
import os
import subprocess
import time
from pathlib import Path

import duckdb

from loaders.cli import load_paths
from loaders.publish import publish
from tests.python.conftest import BIN, REPO, SAMPLE, WRAPPED, build_warehouse, query

# A SQLAlchemy (duckdb-engine) client, as a BI tool runs it: its own process, a read-only connection
# held open; each line on stdin runs a query and prints the answer.
SQLALCHEMY_READER = """
import sys, sqlalchemy
engine = sqlalchemy.create_engine(f"duckdb:///{sys.argv[1]}", connect_args={"read_only": True})
with engine.connect() as connection:
    print("ready", flush=True)
    for line in sys.stdin:
        rows = connection.execute(sqlalchemy.text(line)).fetchall()
        print(rows[0][0], flush=True)
"""


def test_readers_of_the_published_file_never_block_a_build(tmp_path):
    build = build_warehouse(tmp_path, [SAMPLE])
    serving = tmp_path / "serving" / "mbs.duckdb"
    publish(build, serving)
    assert query(serving, "select count(*) from marts.dim_filing") == [(1,)]

    # Readers of every kind hold the published file open while the next build loads, builds and
    # publishes.
    python_reader = duckdb.connect(str(serving), read_only=True)
    sql_reader = subprocess.Popen(
        [str(BIN / "python"), "-c", SQLALCHEMY_READER, str(serving)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert sql_reader.stdout.readline().strip() == "ready"

    def sql(query_text: str) -> str:
        sql_reader.stdin.write(query_text + "\n")
        sql_reader.stdin.flush()
        return sql_reader.stdout.readline().strip()

    env = dict(os.environ, MBS_WAREHOUSE=str(build), DBT_PROFILES_DIR=str(REPO))
    try:
        load_paths([str(WRAPPED)], build)
        dbt = subprocess.Popen(
            [str(BIN / "dbt"), "build", "--quiet", "--target-path", str(tmp_path / "t2"), "--log-path",
             str(tmp_path / "l2")],
            cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )  # fmt: skip
        # While dbt holds the build file, every reader still reads the published warehouse.
        while dbt.poll() is None:
            assert python_reader.execute("select count(*) from marts.fact_class_distribution").fetchall() == [(11,)]
            assert sql("select count(*) from marts.dim_filing") == "1"
            cli = subprocess.run(
                [str(BIN / "duckdb"), "-readonly", "-csv", str(serving), "-c",
                 "select count(*) as n from marts.fact_group_collateral"],
                capture_output=True, text=True, check=False,
            )  # fmt: skip
            assert cli.returncode == 0, cli.stderr
            assert cli.stdout.split() == ["n", "4"]
            time.sleep(0.2)
        assert dbt.returncode == 0, dbt.stdout.read()[-3000:]
        publish(build, serving)
        # Open handles keep the warehouse they opened: one consistent snapshot, never half a build.
        assert python_reader.execute("select count(*) from marts.dim_filing").fetchall() == [(1,)]
        assert sql("select count(*) from marts.dim_filing") == "1"
    finally:
        python_reader.close()
        sql_reader.stdin.close()
        sql_reader.wait(timeout=30)
    # New readers see the new build: the wrapped copy is now the current filing.
    assert query(serving, "select filing_id from marts.dim_filing where is_current") == [("0001056404-04-000060",)]


def test_publish_fails_fast_while_a_writer_holds_the_build(tmp_path):
    build = tmp_path / "build.duckdb"
    load_paths([str(SAMPLE)], build)
    holder = duckdb.connect(str(build))
    try:
        result = subprocess.run(
            [str(BIN / "mbs-publish"), "--from", str(build), "--to", str(tmp_path / "serving.duckdb")],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
    finally:
        holder.close()
    assert result.returncode == 2
    assert result.stderr.startswith("mbs-publish: ")
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "serving.duckdb").exists()


def mbs_publish(build: Path, serving: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(BIN / "mbs-publish"), "--from", str(build), "--to", str(serving), *args],
        capture_output=True, text=True, check=False,
    )  # fmt: skip


def test_publish_refuses_filings_no_successful_build_has_seen(tmp_path):
    build = build_warehouse(tmp_path, [SAMPLE])
    serving = tmp_path / "serving" / "mbs.duckdb"
    assert mbs_publish(build, serving).returncode == 0
    published = (hashlib.sha256(serving.read_bytes()).hexdigest(), serving.stat().st_mtime_ns)
    load_paths([str(WRAPPED)], build)  # loaded, not built
    refused = mbs_publish(build, serving)
    assert refused.returncode == 1
    assert refused.stderr.startswith("mbs-publish: refused: ")
    assert "1 filing(s) loaded after the last successful dbt build" in refused.stderr
    assert "--force" in refused.stderr and "Traceback" not in refused.stderr
    # The serving file is the one published before, byte for byte, untouched.
    assert (hashlib.sha256(serving.read_bytes()).hexdigest(), serving.stat().st_mtime_ns) == published
    assert query(serving, "select count(*) from raw.filings") == [(1,)]
    forced = mbs_publish(build, serving, "--force")
    assert forced.returncode == 0, forced.stderr
    assert query(serving, "select count(*) from raw.filings") == [(2,)]
    assert query(serving, "select count(*) from marts.dim_filing") == [(1,)]  # what --force publishes


def test_publish_refuses_a_warehouse_never_built(tmp_path):
    build = tmp_path / "build.duckdb"
    load_paths([str(SAMPLE)], build)
    serving = tmp_path / "serving.duckdb"
    refused = mbs_publish(build, serving)
    assert refused.returncode == 1 and "none has run" in refused.stderr
    assert not serving.exists()
