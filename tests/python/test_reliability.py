"""Reliability: bad and odd input, amendments, crashes and idempotence -- nothing lost, nothing doubled."""

from __future__ import annotations

import hashlib
import os
import random
import signal
import subprocess
import time
from pathlib import Path

import duckdb
import pytest

from loaders.cli import load_paths
from loaders.filing import PARSER_VERSION
from synthetic.generate import write_corpus
from tests.python.conftest import (
    BIN,
    COVER_ONLY,
    RAW_CONTENT,
    SAMPLE,
    WRAPPED,
    build_warehouse,
    dbt_build,
    query,
)
from tests.python.conftest import checksums as conftest_checksums

SAMPLE_TEXT = SAMPLE.read_text()
# Two loads of the same files from different folders differ only in where they came from and when.
VOLATILE = frozenset({"load_run_id", "loaded_at", "source_path", "computed_at"})


def checksums(warehouse: Path, schema: str, tables: list[str] | None = None) -> dict[str, tuple]:
    return conftest_checksums(warehouse, schema, tables, exclude=VOLATILE)


# ---------------------------------------------------------------- bad and odd input


def test_a_folder_of_a_thousand_files_with_a_few_bad_ones(tmp_path):
    folder = tmp_path / "filings"
    (folder / "nested" / "deeper").mkdir(parents=True)
    for i in range(994):
        (folder / ("nested" if i % 2 else "") / f"copy-{i:04d}.txt").write_bytes(SAMPLE.read_bytes())
    (folder / "empty.txt").write_bytes(b"")
    (folder / "random.txt").write_bytes(random.Random(1).randbytes(20_000))
    (folder / "cover-only.txt").write_bytes(COVER_ONLY.read_bytes())
    with open(folder / "huge.txt", "wb") as huge:  # 100 MB, sparse: it must not be read at all
        huge.truncate(100 * 2**20)
    (folder / "nested" / "deeper" / "loop").symlink_to(folder)  # a symlink loop
    warehouse = tmp_path / "w.duckdb"
    summary = load_paths([str(folder)], warehouse)
    assert summary.seen == summary.loaded + summary.unchanged + summary.rejected + summary.conflicting
    assert (summary.loaded, summary.unchanged, summary.rejected) == (1, 993, 4)
    reasons = dict(query(warehouse, "select regexp_extract(source_path, '[^/]+$'), reason from raw.rejected_files"))
    assert reasons == {
        "empty.txt": "empty_file",
        "random.txt": "binary_file",
        "cover-only.txt": "no_report",
        "huge.txt": "too_large",
    }
    assert query(warehouse, "select files_seen, files_loaded, files_unchanged, files_rejected, parser_version "
                            "from raw.load_runs") == [(998, 1, 993, 4, PARSER_VERSION)]  # fmt: skip


def test_garbled_cell_loads_everything_else(tmp_path):
    garbled = SAMPLE_TEXT.replace("4,612,990.11", "4,612,99O.11")
    path = tmp_path / "garbled.txt"
    path.write_text(garbled)
    warehouse = build_warehouse(tmp_path, [path])
    assert query(warehouse, "select is_complete, is_current, unreadable_cell_count from marts.dim_filing") == [
        (False, True, 1)
    ]
    issue = query(
        warehouse,
        "select issue, table_title, row_label, column_label, line_no, raw_text from marts.audit_parse_issues",
    )
    assert issue == [
        ("unreadable_number", "Certificateholder Distribution Summary (continued)", "A-1", "Total Distribution", 150,
         "4,612,99O.11")
    ]  # fmt: skip
    rows = dict(query(warehouse, "select class_name, total_distribution from marts.fact_class_distribution"))
    assert len(rows) == 11 and rows["A-1"] is None and rows["A-2"] is not None
    # The unreadable figure makes its check fail (a missing side), and nothing else.
    failed = query(warehouse, "select check_name, subject from marts.audit_reconciliation where not passed")
    assert set(failed) == {
        ("class_total_distribution", "A-1"),
        ("class_totals_row", "Totals: total_distribution in class_summary"),
    }


def test_truncated_report_keeps_its_complete_tables_and_never_overrides_a_complete_one(tmp_path):
    lines = SAMPLE_TEXT.split("\n")
    cut = next(i for i, line in enumerate(lines) if line.startswith("Net Interest"))  # inside the group statement
    truncated = "\n".join(lines[:cut])
    # The truncated copy even claims to be a later amendment: it must still not supersede.
    (tmp_path / "truncated.txt").write_text(truncated.replace("Form 8-K", "Form 8-K/A", 1))
    warehouse = build_warehouse(tmp_path, [tmp_path / "truncated.txt", SAMPLE])
    filings = query(warehouse, "select form_type, is_complete, is_current from marts.dim_filing order by form_type")
    assert filings == [("8-K", True, True), ("8-K/A", False, False)]
    issues = query(
        warehouse,
        "select i.issue, i.table_title from marts.audit_parse_issues i join marts.dim_filing f using (filing_id) "
        "order by all",
    )
    assert ("unterminated_table", "Group Level Collateral Statement") in issues
    # Its complete tables landed: every class row of the class tables is in raw.
    truncated_id = hashlib.sha256((tmp_path / "truncated.txt").read_bytes()).hexdigest()
    assert query(
        warehouse,
        f"select count(distinct class_name) from intermediate.int_classes_pivoted where filing_id = '{truncated_id}' "
        "and not is_total",
    ) == [(11,)]


def variants() -> dict[str, bytes]:
    """Valid variants of the sample that must load to the same facts."""
    text = SAMPLE_TEXT
    tables = text.split("\n<TABLE>")
    out = {
        # A bare CRLF copy of the very same text is a conflicting duplicate of the bare sample (same report
        # text, other bytes: test_load); this one differs on its cover, outside the tables.
        "crlf": text.replace("Date:  1/5/04", "Date:  1/6/04").replace("\n", "\r\n").encode("ascii"),
        "page-breaks": "\n\f<PAGE>\n<TABLE>".join(tables).encode("ascii"),
        "lower-tags": text.replace("<TABLE>", "<table>")
        .replace("</TABLE>", "</table>")
        .replace("<CAPTION>", "<caption>")
        .replace("<FN>", "<fn>")
        .replace("</FN>", "</fn>")
        .encode("ascii"),
        "mixed-tags": text.replace("<TABLE>", "<Table>")
        .replace("</TABLE>", "</Table>")
        .replace("<CAPTION>", "<Caption>")
        .encode("ascii"),
        "cp1252": text.replace("Registrant's", "Registrant\u2019s").encode("cp1252"),
        "latin1": (text.replace("Columbia, MD", "Columbia, MD \u00e9") + "\n\x81\n").encode("latin-1"),
    }
    header = WRAPPED.read_text().split("<DOCUMENT>")[0]
    pem = (
        "-----BEGIN PRIVACY-ENHANCED MESSAGE-----\nProc-Type: 2001,MIC-CLEAR\n\n"
        + header.replace("0001056404-04-000060", "0001056404-04-000061")
        + "<DOCUMENT>\n<TYPE>8-K\n<SEQUENCE>1\n<TEXT>\n"
        + text.replace("Current Report Pursuant", "- -----\nCurrent Report Pursuant", 1)
        + "</TEXT>\n</DOCUMENT>\n</SEC-DOCUMENT>\n-----END PRIVACY-ENHANCED MESSAGE-----\n"
    )
    out["pem-dash-stuffed"] = pem.encode("ascii")
    cover, _, report = text.partition("                   EX-99.1\n")
    html_exhibit = (
        header.replace("0001056404-04-000060", "0001056404-04-000062")
        + f"<DOCUMENT>\n<TYPE>8-K\n<SEQUENCE>1\n<TEXT>\n{cover}</TEXT>\n</DOCUMENT>\n"
        + "<DOCUMENT>\n<TYPE>EX-99.1\n<SEQUENCE>2\n<FILENAME>ex99.htm\n<TEXT>\n"
        + "<HTML><HEAD><TITLE>Monthly report</TITLE></HEAD><BODY>\n<PRE>\n"
        + report.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("A-1   ", "<B>A-1</B>   ")
        + "</PRE>\n</BODY></HTML>\n</TEXT>\n</DOCUMENT>\n</SEC-DOCUMENT>\n"
    )
    out["html-pre"] = html_exhibit.encode("ascii")
    return out


def test_valid_variants_load_to_the_same_facts(tmp_path):
    folder = tmp_path / "variants"
    folder.mkdir()
    for name, data in variants().items():
        (folder / f"{name}.txt").write_bytes(data)
    warehouse = build_warehouse(tmp_path, [SAMPLE, folder])
    filings = query(warehouse, "select source_path, is_complete, encoding from marts.dim_filing")
    assert len(filings) == 1 + len(variants())
    assert all(complete for _path, complete, _encoding in filings), filings
    encodings = {Path(path).stem: encoding for path, _complete, encoding in filings}
    assert (encodings["cp1252"], encodings["latin1"]) == ("cp1252", "latin-1")
    assert query(warehouse, "select count(*) from marts.audit_reconciliation where not passed") == [(0,)]
    bare = hashlib.sha256(SAMPLE.read_bytes()).hexdigest()
    for model in ["int_classes_pivoted", "int_groups_pivoted", "int_delinquency_cells", "int_deal_statements_pivoted"]:
        columns = [r[0] for r in query(warehouse, f"describe intermediate.{model}")
                   if r[0] not in ("filing_id", "filing_seq", "first_line_no")]  # fmt: skip
        per_filing = query(
            warehouse,
            f"select filing_id, count(*), sum(hash({', '.join(columns)})) from intermediate.{model} group by 1",
        )
        reference = next(row[1:] for row in per_filing if row[0] == bare)
        assert {row[1:] for row in per_filing} == {reference}, model


def test_a_bare_amendment_tells_its_form_from_its_cover(tmp_path):
    amended = tmp_path / "amended.txt"
    amended.write_text(
        SAMPLE_TEXT.replace("ITEM 5.  Other Events", "ITEM 5.  Other Events\n\n Amended Monthly report", 1)
    )
    warehouse = build_warehouse(tmp_path, [SAMPLE, amended])
    rows = query(warehouse, "select form_type, is_amendment, is_current from marts.dim_filing order by form_type")
    assert rows == [("8-K", False, False), ("8-K/A", True, True)]


# ---------------------------------------------------------------- crashes and idempotence


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("crash") / "corpus"
    write_corpus(folder, deals=8, months=4, seed=77)
    return folder


def test_sigkill_at_random_points_never_leaves_a_half_loaded_filing(tmp_path, corpus):
    reference = tmp_path / "reference.duckdb"
    load_paths([str(corpus)], reference)
    expected = checksums(reference, "raw", RAW_CONTENT)
    warehouse = tmp_path / "killed.duckdb"
    env = dict(os.environ, MBS_LOAD_BATCH_FILES="3")
    rng = random.Random(20)
    for _ in range(20):
        process = subprocess.Popen(
            [str(BIN / "mbs-load"), str(corpus), "--warehouse", str(warehouse)],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        time.sleep(rng.uniform(0.3, 2.5))
        process.send_signal(signal.SIGKILL)
        process.wait()
        if not warehouse.exists():
            continue
        con = duckdb.connect(str(warehouse), read_only=True)  # the warehouse always opens
        try:
            half = con.execute(
                """
                select count(*) from raw.filings f
                where not exists (select 1 from raw.report_cells c where c.filing_seq = f.filing_seq)
                   or not exists (select 1 from raw.documents d where d.filing_id = f.filing_id)
                   or not exists (select 1 from raw.report_tables t where t.filing_id = f.filing_id)
                """
            ).fetchall()
            orphans = con.execute(
                "select count(*) from raw.report_cells c where c.filing_seq not in (select filing_seq from raw.filings)"
            ).fetchall()
        finally:
            con.close()
        assert half == [(0,)] and orphans == [(0,)]
    load_paths([str(corpus)], warehouse)  # the rerun completes the load
    assert checksums(warehouse, "raw", RAW_CONTENT) == expected


def test_loading_twice_and_rebuilding_from_raw_give_identical_marts(tmp_path, corpus):
    once = build_warehouse(tmp_path / "once", [corpus, SAMPLE])
    twice_dir = tmp_path / "twice"
    twice_dir.mkdir()
    twice = twice_dir / "mbs.duckdb"
    load_paths([str(corpus)], twice)
    dbt_build(twice, twice_dir)  # the incremental models see the corpus, then the sample arrives
    load_paths([str(corpus), str(SAMPLE)], twice)
    dbt_build(twice, twice_dir)
    marts = checksums(once, "marts")
    assert checksums(twice, "marts") == marts
    dbt_build(twice, twice_dir, "--full-refresh")
    assert checksums(twice, "marts") == marts
