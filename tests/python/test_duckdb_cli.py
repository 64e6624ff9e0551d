"""The DuckDB CLI 1.5 (duckdb-cli from PyPI, installed in the project's .venv) opens a freshly built
warehouse: the loader and dbt both write it with storage_compatibility_version = 'v1.5.0'."""

from __future__ import annotations

import subprocess

from tests.python.conftest import BIN
from tests.python.test_marts import CLASSES


def test_cli_reads_a_mart(sample_warehouse):
    version = subprocess.run([str(BIN / "duckdb"), "--version"], capture_output=True, text=True, check=True)
    assert version.stdout.startswith("v1.5"), version.stdout
    result = subprocess.run(
        [
            str(BIN / "duckdb"),
            "-readonly",
            "-csv",
            str(sample_warehouse),
            "-c",
            "select class_name, ending_balance from marts.fact_class_distribution order by class_name",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert lines[0] == "class_name,ending_balance"
    assert dict(line.split(",") for line in lines[1:]) == {name: row[11] for name, row in CLASSES.items()}
