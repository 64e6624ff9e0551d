"""dbt's DuckDB runs under a memory cap (profiles.yml): 3GB unless MBS_DBT_MEMORY_LIMIT says otherwise.

Without it DuckDB's buffer pool grows to 80% of the machine's memory during a build (19.9 GB peak at
100k filings in `make bench`); the batched models bound each statement's working set, so the build
runs, spilling to disk where it must, within the cap.
"""

from __future__ import annotations

import json

import duckdb
import pytest

from tests.python.conftest import run_dbt


def duckdb_says(limit: str) -> str:
    """How DuckDB itself prints ``limit`` as its memory_limit setting."""
    con = duckdb.connect()
    try:
        con.execute(f"set memory_limit = '{limit}'")
        return con.execute("select current_setting('memory_limit')").fetchone()[0]
    finally:
        con.close()


def build_memory_limit(tmp_path) -> str:
    result = run_dbt(
        tmp_path / "mbs.duckdb",
        tmp_path,
        "--inline",
        "select current_setting('memory_limit') as memory_limit",
        "--output",
        "json",
        "--quiet",
        command="show",
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    return json.loads(result.stdout)["show"][0]["memory_limit"]


@pytest.mark.parametrize(("env", "expected"), [(None, "3GB"), ("1500MB", "1500MB")])
def test_dbt_builds_run_under_the_profiles_memory_cap(tmp_path, monkeypatch, env, expected):
    if env is None:
        monkeypatch.delenv("MBS_DBT_MEMORY_LIMIT", raising=False)
    else:
        monkeypatch.setenv("MBS_DBT_MEMORY_LIMIT", env)
    assert build_memory_limit(tmp_path) == duckdb_says(expected)
