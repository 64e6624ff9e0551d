"""Shared fixtures: real warehouses built in temporary folders with the loader and dbt."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from hypothesis import settings

from loaders.cli import load_paths
from loaders.warehouse import CELL_AREAS, VALUE_KINDS

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "data" / "sample" / "thornburg-2003-1_2003-12-26.txt"
WRAPPED = REPO / "tests" / "fixtures" / "edgar" / "0001056404-04-000060.txt"
COVER_ONLY = REPO / "tests" / "fixtures" / "edgar" / "cover-page-only-8k.txt"
BIN = Path(sys.executable).parent

# In CI the property tests replay the same examples every run (a red CI is then reproducible).
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


def run_dbt(warehouse: Path, tmp: Path, *args: str, command: str = "build") -> subprocess.CompletedProcess:
    """Run ``dbt build ARGS`` (or ``dbt COMMAND``) on ``warehouse`` (target and logs in ``tmp``); the caller
    judges the result. A build leaves out the dbt unit tests: they do not read the warehouse's data, so
    test_dbt_unit_tests.py runs them once instead of in every build."""
    env = dict(os.environ, MBS_WAREHOUSE=str(warehouse), DBT_PROFILES_DIR=str(REPO))
    if command == "build":
        args = ("--exclude-resource-type", "unit_test", *args)
    return subprocess.run(
        [str(BIN / "dbt"), command, "--target-path", str(tmp / "target"), "--log-path", str(tmp / "logs"), *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def dbt_build(warehouse: Path, tmp: Path, *args: str) -> subprocess.CompletedProcess:
    """Run ``dbt build ARGS`` on ``warehouse`` (target and logs in ``tmp``); fail the test on error."""
    result = run_dbt(warehouse, tmp, *args)
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-2000:]
    return result


def build_warehouse(tmp: Path, paths: list[Path]) -> Path:
    warehouse = tmp / "mbs.duckdb"
    load_paths([str(p) for p in paths], warehouse)
    dbt_build(warehouse, tmp)
    return warehouse


def query(warehouse: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


RAW_CONTENT = ["filings", "documents", "document_text", "report_tables", "report_cells", "report_lines"]
RUN_METADATA = frozenset({"load_run_id", "loaded_at", "computed_at"})


def checksums(
    warehouse: Path, schema: str, tables: list[str] | None = None, exclude: frozenset[str] = RUN_METADATA
) -> dict[str, tuple]:
    """Row count and an order-independent hash of each table of ``schema`` (``exclude``d columns left out).

    Columns are hashed in name order, so a column added to an older table (at its end) compares equal.
    """
    tables = tables or [
        r[0]
        for r in query(warehouse, f"select table_name from information_schema.tables where table_schema = '{schema}'")
    ]
    out = {}
    for table in tables:
        relation = CELLS_AS_PRINTED if (schema, table) == ("raw", "report_cells") else f"{schema}.{table}"
        if (schema, table) == ("raw", "report_labels"):
            exclude = exclude | {"label_id"}  # the cells are compared by their labels' texts
        columns = sorted(r[0] for r in query(warehouse, f"describe {relation}") if r[0] not in exclude)
        out[table] = query(warehouse, f"select count(*), sum(hash({', '.join(columns)})) from {relation}")[0]
    return out


# raw.report_cells with its labels' texts in place of their ids (loaders.warehouse.LabelIds) and its
# area and value kind named: the ids are the order in which one warehouse met its labels, so two
# warehouses of the same filings, or one before and after a migration, compare equal by the texts.
CELLS_AS_PRINTED = f"""(
    select
        c.* exclude (row_label_id, row_label_inherited_id, column_label_id, area, value_kind),
        {list(CELL_AREAS)}[c.area + 1] as area,
        {list(VALUE_KINDS)}[c.value_kind + 1] as value_kind,
        r.label as row_label, i.label as row_label_inherited, k.label as column_label
    from raw.report_cells c
    left join raw.report_labels r on c.row_label_id = r.label_id
    left join raw.report_labels i on c.row_label_inherited_id = i.label_id
    left join raw.report_labels k on c.column_label_id = k.label_id
)"""


@pytest.fixture(scope="session")
def sample_warehouse(tmp_path_factory) -> Path:
    """The bundled sample, loaded bare and built."""
    return build_warehouse(tmp_path_factory.mktemp("sample"), [SAMPLE])


@pytest.fixture(scope="session")
def sample_and_wrapped_warehouse(tmp_path_factory) -> Path:
    """The sample bare and the same report wrapped as an EDGAR full submission."""
    return build_warehouse(tmp_path_factory.mktemp("wrapped"), [SAMPLE, WRAPPED])


@pytest.fixture(scope="session")
def simulated_warehouse(tmp_path_factory):
    """A simulated 24-month deal with prepayments, defaults, a warned month and a restating 8-K/A
    (tests/python/simulated_deal.py), loaded and built: (warehouse, SimulatedDeal)."""
    from tests.python.simulated_deal import write_filings

    tmp = tmp_path_factory.mktemp("simulated")
    deal = write_filings(tmp / "filings")
    return build_warehouse(tmp, [tmp / "filings"]), deal
