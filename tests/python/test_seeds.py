"""Seeds: loaded only when they change (macros/seed_if_changed.sql), their single-column rules enforced as
constraints of their tables (seeds/_seeds.yml column_types).

The project is copied to a temporary folder so that its seed files and YAML can be edited; `dbt seed` runs
there on an empty warehouse."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import duckdb
import pytest

from tests.python.conftest import BIN, REPO


@pytest.fixture
def project(tmp_path: Path) -> Path:
    copy = tmp_path / "project"
    copy.mkdir()
    for name in ("dbt_project.yml", "profiles.yml"):
        shutil.copy(REPO / name, copy / name)
    for folder in ("macros", "models", "seeds", "tests/dbt"):
        shutil.copytree(REPO / folder, copy / folder)
    return copy


def seed(project: Path, *args: str) -> tuple[subprocess.CompletedProcess, dict[str, str]]:
    """`dbt seed` in the copy; the result and each seed's status message (INSERT n, UNCHANGED, ...)."""
    target = project / "target"
    shutil.rmtree(target, ignore_errors=True)
    result = subprocess.run(
        [str(BIN / "dbt"), "seed", "--target-path", str(target), "--log-path", str(project / "logs"), *args],
        cwd=project,
        env=dict(os.environ, MBS_WAREHOUSE=str(project / "mbs.duckdb"), DBT_PROFILES_DIR=str(project)),
        capture_output=True,
        text=True,
        check=False,
    )
    results = json.loads((target / "run_results.json").read_text())["results"]
    messages = {r["unique_id"].split(".")[-1]: r["message"] for r in results if r["unique_id"].startswith("seed.")}
    return result, messages


def query(project: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(project / "mbs.duckdb"), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def csv_rows(path: Path) -> int:
    return len(path.read_text().splitlines()) - 1


def test_an_unchanged_seed_is_not_loaded_again_and_a_changed_one_is(project):
    seeds = sorted(path.stem for path in (project / "seeds").glob("*.csv"))
    first, loaded = seed(project)
    assert first.returncode == 0, first.stdout[-3000:]
    assert sorted(loaded) == seeds and not any(message == "UNCHANGED" for message in loaded.values())
    assert query(project, "select count(*) from intermediate.seed_fingerprints") == [(len(seeds),)]

    again, unchanged = seed(project)
    assert again.returncode == 0, again.stdout[-3000:]
    assert unchanged == {name: "UNCHANGED" for name in seeds}
    # The tables still hold every row of their files.
    for name in seeds:
        rows = csv_rows(project / "seeds" / f"{name}.csv")
        assert query(project, f"select count(*) from reference.{name}") == [(rows,)]

    # One more numeral: that seed alone is loaded again, with the new row.
    numerals = project / "seeds" / "group_numerals.csv"
    numerals.write_text(numerals.read_text().rstrip("\n") + "\nXCIX,99\n")
    changed, messages = seed(project)
    assert changed.returncode == 0, changed.stdout[-3000:]
    assert {name for name, message in messages.items() if message != "UNCHANGED"} == {"group_numerals"}
    assert query(project, "select loan_group from reference.group_numerals where numeral = 'XCIX'") == [(99,)]

    # --full-refresh loads every seed.
    refreshed, messages = seed(project, "--full-refresh")
    assert refreshed.returncode == 0 and "UNCHANGED" not in messages.values()


def test_a_changed_column_type_creates_the_table_again(project):
    assert seed(project)[0].returncode == 0
    assert query(
        project,
        "select data_type from duckdb_columns() where schema_name = 'reference' "
        "and table_name = 'group_numerals' and column_name = 'loan_group'",
    ) == [("INTEGER",)]
    spec = project / "seeds" / "_seeds.yml"
    text = spec.read_text()
    assert text.count("      loan_group: integer not null\n") == 1
    spec.write_text(text.replace("      loan_group: integer not null\n", "      loan_group: bigint not null\n"))
    result, messages = seed(project)
    assert result.returncode == 0, result.stdout[-3000:]
    assert messages["group_numerals"] != "UNCHANGED"
    assert query(
        project,
        "select data_type from duckdb_columns() where schema_name = 'reference' "
        "and table_name = 'group_numerals' and column_name = 'loan_group'",
    ) == [("BIGINT",)]


@pytest.mark.parametrize(
    ("file", "row", "error"),
    [
        # class_types.class_type: senior, subordinate, PO, IO, accrual or residual.
        ("class_types", "%ZZ%,seniour,99", 'CHECK constraint failed on table "class_types"'),
        # reconciliation_rules.check_name: not null.
        ("reconciliation_rules", ",a rule,a tolerance", "NOT NULL constraint failed: reconciliation_rules.check_name"),
        # group_numerals.numeral: unique (I is 1 already).
        ("group_numerals", "I,7", 'UNIQUE constraint violation: duplicate key "I"'),
    ],
)
def test_a_seed_row_that_breaks_a_rule_fails_its_load_naming_the_seed(project, file, row, error):
    assert seed(project)[0].returncode == 0
    path = project / "seeds" / f"{file}.csv"
    original = path.read_text()
    path.write_text(original.rstrip("\n") + f"\n{row}\n")
    broken, messages = seed(project)
    assert broken.returncode != 0
    assert f"Failure in seed {file} (seeds/{file}.csv)" in broken.stdout and error in broken.stdout
    # The other seeds did not change and were not loaded again.
    assert {name for name, message in messages.items() if message != "UNCHANGED"} == {file}
    # Mended, the seed loads again: the file's rows, no more.
    path.write_text(original)
    mended, _ = seed(project)
    assert mended.returncode == 0, mended.stdout[-3000:]
    assert query(project, f"select count(*) from reference.{file}") == [(csv_rows(path),)]
