"""The compatibility matrix of README (section "Storage and compatibility"), proved on a published warehouse.

The loader and dbt write the file with ``storage_compatibility_version = 'v1.5.0'``; mbs-publish copies
it. Each client of the matrix opens the serving file read-only and reads a mart, a raw cell with its
provenance and the compressed document text:

* the DuckDB CLI 1.5 the project installs (``.venv/bin/duckdb``, duckdb-cli from PyPI);
* the Python client the project pins (duckdb 2.0);
* a SQLAlchemy client (duckdb-engine), as a BI tool opens it;
* the oldest release claimed, DuckDB 1.5.0 (its Python client, installed by ``make venv`` into
  ``.venv/compat/duckdb-1.5.0``).

Expected values are read by hand from data/sample/thornburg-2003-1_2003-12-26.txt (line numbers in
the comments) or are the file's own bytes.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess

import duckdb
import pytest

from loaders.publish import publish
from loaders.warehouse import STORAGE_VERSION
from tests.python.conftest import BIN, REPO, SAMPLE

OLDEST = "1.5.0"
OLDEST_PATH = REPO / ".venv" / "compat" / f"duckdb-{OLDEST}"

# What every client must read back, as one row of text per query.
QUERIES = {
    # Class A-1's ending balance, line 150 of the sample.
    "mart": "select cast(ending_balance as varchar) from marts.fact_class_distribution where class_name = 'A-1'",
    # The cell of that figure with its provenance (file line, characters, printed text), as the staging
    # view gives it back from the narrow raw table (the file line is derived from the document's).
    "cell": "select file_line_no || ':' || char_start || '-' || char_end || ':' || raw_text "
    "from staging.stg_edgar__report_cells where file_line_no = 150 and raw_text = '163,982,935.69'",
    # The whole document text (stored in pieces, put back together by the staging view): its MD5,
    # compared with the file's own bytes.
    "text": "select md5(document_text) from staging.stg_edgar__documents",
}


def expected() -> dict[str, str]:
    # The sample is one bare document in ASCII with LF line ends: its text is the file as it is.
    text = SAMPLE.read_bytes().decode("ascii")
    line = text.split("\n")[149]  # line 150: the A-1 row
    start = line.index("163,982,935.69")
    return {
        "mart": "163982935.69",
        "cell": f"150:{start}-{start + len('163,982,935.69')}:163,982,935.69",
        "text": hashlib.md5(text.encode()).hexdigest(),
    }


@pytest.fixture(scope="module")
def serving(sample_warehouse, tmp_path_factory):
    return publish(sample_warehouse, tmp_path_factory.mktemp("compat") / "mbs.duckdb")


def test_the_file_compresses_the_document_text(serving):
    con = duckdb.connect(str(serving), read_only=True)
    try:
        compression = con.execute(
            "select string_agg(distinct compression, ',') from pragma_storage_info('raw.document_text') "
            "where column_name = 'text' and segment_type = 'VARCHAR'"
        ).fetchall()[0][0]
    finally:
        con.close()
    assert STORAGE_VERSION == "v1.5.0"
    assert compression == "ZSTD", compression


def test_duckdb_cli_1_5(serving):
    version = subprocess.run([str(BIN / "duckdb"), "--version"], capture_output=True, text=True, check=True)
    assert version.stdout.startswith("v1.5"), version.stdout
    got = {}
    for name, sql in QUERIES.items():
        result = subprocess.run(
            [str(BIN / "duckdb"), "-readonly", "-noheader", "-list", str(serving), "-c", sql],
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        got[name] = result.stdout.strip()
    assert got == expected()


def test_python_client(serving):
    assert duckdb.__version__.startswith("2."), duckdb.__version__
    con = duckdb.connect(str(serving), read_only=True)
    try:
        got = {name: con.execute(sql).fetchall()[0][0] for name, sql in QUERIES.items()}
    finally:
        con.close()
    assert got == expected()


SQLALCHEMY = """
import json, sys, sqlalchemy
engine = sqlalchemy.create_engine(f"duckdb:///{sys.argv[1]}", connect_args={"read_only": True})
with engine.connect() as connection:
    queries = json.loads(sys.argv[2])
    print(json.dumps({k: connection.execute(sqlalchemy.text(q)).fetchall()[0][0] for k, q in queries.items()}))
"""

OLDEST_CLIENT = """
import json, sys, duckdb
assert duckdb.__version__ == sys.argv[3], duckdb.__version__
con = duckdb.connect(sys.argv[1], read_only=True)
queries = json.loads(sys.argv[2])
print(json.dumps({k: con.execute(q).fetchall()[0][0] for k, q in queries.items()}))
"""


def _child(script: str, serving, env: dict | None = None, *extra: str) -> dict:
    result = subprocess.run(
        [str(BIN / "python"), "-c", script, str(serving), json.dumps(QUERIES), *extra],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout)


def test_sqlalchemy_duckdb_engine(serving):
    assert _child(SQLALCHEMY, serving) == expected()


def test_oldest_claimed_release(serving):
    assert (OLDEST_PATH / "duckdb").is_dir(), f"DuckDB {OLDEST} is not installed in {OLDEST_PATH}: run make venv"
    env = dict(os.environ, PYTHONPATH=str(OLDEST_PATH))
    assert _child(OLDEST_CLIENT, serving, env, OLDEST) == expected()
