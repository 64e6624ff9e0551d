"""The loader against real DuckDB files: schema, data, idempotence, rejections, the console command."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import polars as pl
import pytest

from loaders import warehouse
from loaders.cli import load_paths
from loaders.filing import parse_batch
from tests.python.conftest import (
    BIN,
    CELLS_AS_PRINTED,
    COVER_ONLY,
    RAW_CONTENT,
    REPO,
    RUN_METADATA,
    SAMPLE,
    WRAPPED,
    checksums,
    query,
)

# A cell's filing and line of the file, from the narrow raw table alone (as stg_edgar__report_cells
# derives them): the cell's line in its document + the line where the document's text starts - 1.
AAMES = SAMPLE.parent / "aames-capital-1998-c_1998-12-15.txt"  # the Bankers Trust layout

CELLS_IN_FILE = (
    "select d.filing_id, c.line_no + d.text_start_line - 1 as file_line_no, c.raw_text "
    "from raw.report_cells c join raw.documents d on c.filing_seq = d.filing_seq and c.document_sequence = d.sequence"
)


def test_sample_lands_with_types_and_provenance(tmp_path):
    warehouse = tmp_path / "w.duckdb"
    summary = load_paths([str(SAMPLE)], warehouse)
    assert (summary.seen, summary.loaded, summary.unchanged, summary.rejected) == (1, 1, 0, 0)
    filing = query(
        warehouse,
        "select filing_id, accession_number, form_type, has_sec_header, sha256, file_bytes, table_count "
        "from raw.filings",
    )
    digest = hashlib.sha256(SAMPLE.read_bytes()).hexdigest()
    # No accession number in a bare document: the SHA-256 of its bytes identifies it. The cover says
    # "Form 8-K". The report has 19 <TABLE> blocks, one of them empty.
    assert filing == [(digest, None, "8-K", False, digest, SAMPLE.stat().st_size, 18)]
    types = dict(
        query(
            warehouse,
            "select column_name, data_type from information_schema.columns "
            "where table_schema = 'raw' and table_name = 'filings'",
        )
    )
    assert types["filed_date"] == "DATE" and types["file_bytes"] == "BIGINT"
    # The report text is stored, and each cell points at its line of the file.
    # (in pieces of at most 2,048 characters, put back together in order)
    pieces = query(warehouse, "select chunk, length(text) from raw.document_text order by chunk")
    assert [chunk for chunk, _ in pieces] == list(range(len(pieces))) and len(pieces) > 1
    assert all(length == 2048 for _, length in pieces[:-1]) and 0 < pieces[-1][1] <= 2048
    text = query(warehouse, "select string_agg(text, '' order by chunk) from raw.document_text")[0][0]
    assert text == SAMPLE.read_text()
    cell = query(
        warehouse,
        f"select file_line_no, raw_text, filing_id from ({CELLS_IN_FILE}) "
        "where raw_text = '163,982,935.69' order by file_line_no limit 1",
    )[0]
    assert SAMPLE.read_text().split("\n")[cell[0] - 1].startswith("A-1 ")
    assert cell[2] == digest


def test_reload_is_a_no_op(tmp_path):
    warehouse = tmp_path / "w.duckdb"
    # data/sample holds the Thornburg sample and the Aames Capital 1998-C filing.
    load_paths([str(SAMPLE.parent)], warehouse)
    before = checksums(warehouse, "raw", RAW_CONTENT)
    again = load_paths([str(SAMPLE), str(SAMPLE.parent)], warehouse)
    assert (again.seen, again.loaded, again.unchanged, again.rejected) == (3, 0, 3, 0)
    assert checksums(warehouse, "raw", RAW_CONTENT) == before
    runs = query(
        warehouse,
        "select files_seen, files_loaded, files_unchanged, files_rejected from raw.load_runs order by started_at",
    )
    assert runs == [(2, 2, 0, 0), (3, 0, 3, 0)]


def test_wrapped_submission_is_identified_by_accession(tmp_path):
    warehouse = tmp_path / "w.duckdb"
    load_paths([str(WRAPPED)], warehouse)
    row = query(
        warehouse,
        "select filing_id, form_type, filed_date::varchar, cik, company_name, report_document_type, "
        "has_sec_header from raw.filings",
    )
    assert row == [
        (
            "0001056404-04-000060",
            "8-K",
            "2004-01-05",
            "1216897",
            "THORNBURG MORTGAGE SECURITIES TRUST 2003-1",
            "8-K",
            True,
        )
    ]
    # Line numbers of the wrapped file are shifted by the header: 23 lines before the report text.
    lines = WRAPPED.read_text().split("\n")
    for line_no, raw_text in query(warehouse, f"select file_line_no, raw_text from ({CELLS_IN_FILE})"):
        assert raw_text in lines[line_no - 1]


def test_bad_files_are_rejected_and_the_rest_loads(tmp_path):
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "a-report.txt").write_bytes(SAMPLE.read_bytes())
    (folder / "b-cover.txt").write_bytes(COVER_ONLY.read_bytes())
    (folder / "c-empty.txt").write_bytes(b"")
    (folder / "d-binary.txt").write_bytes(bytes(range(256)) * 10)
    warehouse = tmp_path / "w.duckdb"
    summary = load_paths([str(folder), str(tmp_path / "missing.txt")], warehouse)
    assert (summary.seen, summary.loaded, summary.unchanged, summary.rejected) == (5, 1, 0, 4)
    rejected = dict(query(warehouse, "select regexp_extract(source_path, '[^/]+$'), reason from raw.rejected_files"))
    assert rejected == {
        "b-cover.txt": "no_report",
        "c-empty.txt": "empty_file",
        "d-binary.txt": "binary_file",
        "missing.txt": "not_found",
    }
    details = query(warehouse, "select source_path, detail from raw.rejected_files")
    for path, detail in details:
        assert path in detail
    assert query(warehouse, "select count(*) from raw.filings") == [(1,)]


def test_unreadable_file_is_rejected(tmp_path, monkeypatch):
    # CI runs as root, who reads every file whatever its mode: make the read itself fail.
    path = tmp_path / "locked.txt"
    path.write_bytes(SAMPLE.read_bytes())
    real_read = Path.read_bytes

    def read_bytes(self):
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied")
        return real_read(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    summary = load_paths([str(path), str(SAMPLE)], tmp_path / "w.duckdb")
    assert [r["reason"] for r in summary.rejections] == ["unreadable_file"]
    assert "Permission denied" in summary.rejections[0]["detail"]
    assert summary.loaded == 1


def test_console_command_exit_codes_and_summary(tmp_path):
    warehouse = tmp_path / "w.duckdb"
    ok = subprocess.run(
        [str(BIN / "mbs-load"), str(SAMPLE), "--warehouse", str(warehouse)],
        capture_output=True,
        text=True,
        check=False,
        cwd=REPO,
    )
    assert ok.returncode == 0, ok.stderr
    assert "1 seen, 1 loaded, 0 unchanged, 0 rejected" in ok.stdout
    assert ok.stderr == ""  # not a terminal: no progress bar
    bad = subprocess.run(
        [str(BIN / "mbs-load"), str(COVER_ONLY), str(SAMPLE)],
        capture_output=True,
        text=True,
        check=False,
        cwd=REPO,
        env=dict(os.environ, MBS_WAREHOUSE=str(warehouse)),
    )
    assert bad.returncode == 1
    assert "2 seen, 0 loaded, 1 unchanged, 1 rejected" in bad.stdout
    assert f"rejected {COVER_ONLY}: no_report" in bad.stderr
    assert "Traceback" not in bad.stderr


def test_the_loader_keeps_freed_pages_before_polars_loads_unless_the_user_says_otherwise():
    """Polars' allocator reads _RJEM_MALLOC_CONF once, when Polars loads (Polars puts its own defaults
    first, so the last setting wins): the loader's package sets its decay before any of its modules
    loads Polars, and a value the user set is kept."""
    ours = "dirty_decay_ms:20000,muzzy_decay_ms:20000"
    env = {k: v for k, v in os.environ.items() if k != "_RJEM_MALLOC_CONF"}

    def probe(code: str, **extra: str) -> list[str]:
        run = subprocess.run(
            [sys.executable, "-c", "import os, sys; " + code],
            capture_output=True,
            text=True,
            cwd=REPO,
            env=dict(env, **extra),
            check=True,
        )
        return run.stdout.split()

    assert probe("import loaders; print('polars' in sys.modules, os.environ['_RJEM_MALLOC_CONF'])") == ["False", ours]
    loaded = probe("import loaders.cli; print('polars' in sys.modules, os.environ['_RJEM_MALLOC_CONF'])")
    assert loaded[0] == "True" and loaded[1].endswith("," + ours)
    mine = probe("import loaders.cli; print(os.environ['_RJEM_MALLOC_CONF'])", _RJEM_MALLOC_CONF="dirty_decay_ms:1000")
    assert mine[0].endswith(",dirty_decay_ms:1000") and "20000" not in mine[0]
    # Polars loaded first (its own defaults already read), or an empty value: Polars' defaults only.
    polars_first = probe("import polars, loaders; print(os.environ['_RJEM_MALLOC_CONF'])")
    empty = probe("import loaders.cli; print(os.environ['_RJEM_MALLOC_CONF'])", _RJEM_MALLOC_CONF="")
    assert polars_first == empty and "20000" not in empty[0]


def test_second_writer_fails_with_a_clear_message(tmp_path):
    warehouse = tmp_path / "w.duckdb"
    load_paths([str(SAMPLE)], warehouse)
    holder = duckdb.connect(str(warehouse))
    try:
        result = subprocess.run(
            [str(BIN / "mbs-load"), str(WRAPPED), "--warehouse", str(warehouse)],
            capture_output=True,
            text=True,
            check=False,
            cwd=REPO,
        )
    finally:
        holder.close()
    assert result.returncode == 2
    assert "cannot write the warehouse" in result.stderr
    assert "Traceback" not in result.stderr


def test_filings_are_numbered_in_landing_order_and_older_warehouses_are_numbered_in_place(tmp_path):
    warehouse = tmp_path / "w.duckdb"
    load_paths([str(SAMPLE)], warehouse)
    load_paths([str(WRAPPED)], warehouse)
    numbered = query(warehouse, "select source_path, filing_seq from raw.filings order by filing_seq")
    assert [(Path(path).name, seq) for path, seq in numbered] == [(SAMPLE.name, 1), (WRAPPED.name, 2)]
    for table in ("documents", "report_tables", "report_lines"):  # every raw row carries its filing's number
        assert query(
            warehouse,
            f"select count(*) from raw.{table} r join raw.filings f using (filing_id) "
            "where r.filing_seq is distinct from f.filing_seq",
        ) == [(0,)]
    # (the narrow cell table has only the number: each cell's is a filing's, and its report document's)
    assert query(
        warehouse,
        "select count(*) from raw.report_cells c left join raw.documents d "
        "on c.filing_seq = d.filing_seq and c.document_sequence = d.sequence and d.is_report "
        "where d.filing_seq is null",
    ) == [(0,)]

    def content() -> dict[str, tuple]:  # the migration appends the column: checksums hash by column name
        return checksums(warehouse, "raw", RAW_CONTENT, exclude=frozenset({"load_run_id"}))

    expected = content()
    # A warehouse written before filing_seq existed (its cells the wide table of then): the next load
    # adds and fills the column, then narrows the cell table.
    con = duckdb.connect(str(warehouse))
    try:
        widen_report_cells(con)
        join_document_text(con)
        for table in RAW_CONTENT:
            if table != "document_text":
                con.execute(f"alter table raw.{table} drop column filing_seq")
    finally:
        con.close()
    load_paths([str(COVER_ONLY)], warehouse)  # rejected: nothing new lands, the migration still runs
    assert content() == expected


def texts_in_report_cells(con: duckdb.DuckDBPyConnection) -> None:
    """Turn raw.report_cells into the table loaders up to parser 1.5 wrote: the label texts, the area
    and the value kind's name on every cell, and no raw.report_labels."""
    con.execute(
        f"""
        create table raw.report_cells_texts as select * from {CELLS_AS_PRINTED};
        drop table raw.report_cells;
        drop table raw.report_labels;
        alter table raw.report_cells_texts rename to report_cells;
        """
    )


def widen_report_cells(con: duckdb.DuckDBPyConnection) -> None:
    """Turn raw.report_cells into the wide table loaders up to parser 1.3 wrote: the filing_id, the
    line of the file and the file's SHA-256 on every cell, the filled row label on every row and a
    reading of every readable value (and the label texts, the area and value kind names)."""
    texts_in_report_cells(con)
    con.execute(
        """
        create table raw.report_cells_wide as
        select
            d.filing_id, c.filing_seq, c.document_sequence, c.table_ordinal, c.segment, c.area, c.line_no,
            c.line_no + d.text_start_line - 1 as file_line_no, c.row_ordinal, c.row_label,
            coalesce(c.row_label, c.row_label_inherited) as row_label_filled, c.row_sub, c.label_occurrence,
            c.column_ordinal, c.column_label, c.raw_text, c.value_kind,
            -- a reading on every readable cell, as then (its exact form does not matter: the migration drops it)
            coalesce(c.value_clean, case when c.value_kind <> 'unreadable' then c.raw_text end) as value_clean,
            c.char_start, c.char_end, f.sha256
        from raw.report_cells c
        join raw.documents d on c.filing_seq = d.filing_seq and c.document_sequence = d.sequence
        join raw.filings f on c.filing_seq = f.filing_seq;
        drop table raw.report_cells;
        alter table raw.report_cells_wide rename to report_cells;
        """
    )


def join_document_text(con: duckdb.DuckDBPyConnection) -> None:
    """Turn the document text back into the layout of loaders up to parser 1.4 wrote: raw.documents.text,
    whole, and no raw.document_text."""
    con.execute(
        """
        alter table raw.documents add column text varchar;
        update raw.documents d set text = t.text from (
            select filing_seq, document_sequence, string_agg(text, '' order by chunk) as text
            from raw.document_text group by all
        ) t where d.filing_seq = t.filing_seq and d.sequence = t.document_sequence;
        drop table raw.document_text;
        """
    )


def test_an_older_whole_document_text_is_split_in_place(tmp_path):
    warehouse = tmp_path / "w.duckdb"
    load_paths([str(SAMPLE), str(WRAPPED)], warehouse)
    split = checksums(warehouse, "raw", ["documents", "document_text"])
    con = duckdb.connect(str(warehouse))
    try:
        join_document_text(con)
        whole = dict(con.execute("select filing_id || '/' || sequence, text from raw.documents").fetchall())
    finally:
        con.close()
    # The files as they are: the sample is one bare document; the wrapped filing has one <DOCUMENT>,
    # whose text is what its <TEXT> block holds (lines 26-849 of the file).
    assert whole[f"{hashlib.sha256(SAMPLE.read_bytes()).hexdigest()}/1"] == SAMPLE.read_text()
    assert whole["0001056404-04-000060/1"] == WRAPPED.read_text().split("<TEXT>\n", 1)[1].split("</TEXT>", 1)[0]
    assert len(whole) == 2
    load_paths([str(COVER_ONLY)], warehouse)  # rejected: nothing new lands, the migration still runs
    assert checksums(warehouse, "raw", ["documents", "document_text"]) == split
    assert "text" not in {r[0] for r in query(warehouse, "describe raw.documents")}


def test_an_older_wide_cell_table_is_narrowed_in_place(tmp_path):
    warehouse = tmp_path / "w.duckdb"
    load_paths([str(SAMPLE), str(WRAPPED)], warehouse)
    narrow = checksums(warehouse, "raw", ["report_cells"])
    inherited = query(
        warehouse, "select count(row_label_inherited_id), count(*) - count(row_label_id) from raw.report_cells"
    )
    # Only a row that prints no label stores the one it inherits (the sample's delinquency and
    # statement rows under a group heading do).
    assert inherited[0][0] == inherited[0][1] > 0
    con = duckdb.connect(str(warehouse))
    try:
        widen_report_cells(con)
        wide_columns = {r[0] for r in con.execute("describe raw.report_cells").fetchall()}
    finally:
        con.close()
    assert {"filing_id", "file_line_no", "sha256", "row_label_filled"} <= wide_columns
    load_paths([str(COVER_ONLY)], warehouse)  # rejected: nothing new lands, the migration still runs
    assert checksums(warehouse, "raw", ["report_cells"]) == narrow
    # The cells still point at their lines of the files (the wrapped one's are below its SEC header).
    files = {"0001056404-04-000060": WRAPPED, hashlib.sha256(SAMPLE.read_bytes()).hexdigest(): SAMPLE}
    cells = query(warehouse, f"select filing_id, file_line_no, raw_text from ({CELLS_IN_FILE})")
    assert {filing_id for filing_id, _, _ in cells} == set(files)
    for filing_id, line_no, raw_text in cells:
        assert raw_text in files[filing_id].read_text().split("\n")[line_no - 1]


# ---------------------------------------------------------------- conflicting duplicates

# A figure printed in the sample (A-1's total distribution, read from the document by hand), and
# a copy of the wrapped submission where it reads one cent more: same accession, different bytes.
FIGURE, CHANGED = "4,612,990.11", "4,612,990.12"


def mbs_load(warehouse: Path, *paths: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(BIN / "mbs-load"), *map(str, paths), "--warehouse", str(warehouse)],
        capture_output=True, text=True, check=False, cwd=REPO,
    )  # fmt: skip


def test_the_same_accession_with_other_bytes_is_a_conflicting_duplicate(tmp_path):
    assert FIGURE in WRAPPED.read_text()
    restated = tmp_path / "restated" / WRAPPED.name
    restated.parent.mkdir()
    restated.write_text(WRAPPED.read_text().replace(FIGURE, CHANGED, 1))
    warehouse = tmp_path / "w.duckdb"
    assert mbs_load(warehouse, WRAPPED).returncode == 0
    before = checksums(warehouse, "raw", RAW_CONTENT)
    result = mbs_load(warehouse, restated, WRAPPED)
    assert result.returncode == 1
    assert "2 seen, 0 loaded, 1 unchanged, 0 rejected, 1 conflicting duplicates" in result.stdout
    # Both files are named, and which one supplies the facts.
    assert f"conflicting duplicate {restated}: " in result.stderr
    assert f"the accession number 0001056404-04-000060 as {WRAPPED}" in result.stderr
    assert f"the facts of {WRAPPED} are used" in result.stderr
    # Nothing of the second copy landed: the first copy's figure is the one in the warehouse.
    assert checksums(warehouse, "raw", RAW_CONTENT) == before
    assert query(warehouse, f"select count(*) from raw.report_cells where raw_text = '{CHANGED}'") == [(0,)]
    assert query(
        warehouse,
        "select files_seen, files_loaded, files_unchanged, files_rejected, files_conflicting "
        "from raw.load_runs order by started_at",
    ) == [(1, 1, 0, 0, 0), (2, 0, 1, 0, 1)]
    files = query(
        warehouse,
        "select f.source_path, f.outcome, f.filing_id, f.kept_source_path from raw.load_run_files f "
        "join raw.load_runs r using (load_run_id) order by r.started_at, f.outcome",
    )  # ordered by outcome, not path: where the clone and the temp folder live must not matter
    assert files == [
        (str(WRAPPED), "loaded", "0001056404-04-000060", None),
        (str(restated), "conflicting_duplicate", "0001056404-04-000060", str(WRAPPED)),
        (str(WRAPPED), "unchanged", "0001056404-04-000060", str(WRAPPED)),
    ]


def test_conflicting_copies_in_one_load_keep_the_first_file(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_bytes(WRAPPED.read_bytes())
    (folder / "b.txt").write_text(WRAPPED.read_text().replace(FIGURE, CHANGED, 1))
    warehouse = tmp_path / "w.duckdb"
    summary = load_paths([str(folder)], warehouse)
    assert (summary.seen, summary.loaded, summary.unchanged, summary.rejected, summary.conflicting) == (2, 1, 0, 0, 1)
    assert query(warehouse, "select source_path from raw.filings") == [(str(folder / "a.txt"),)]
    assert query(warehouse, f"select count(*) from raw.report_cells where raw_text = '{FIGURE}'")[0][0] > 0
    assert query(warehouse, "select source_path, kept_source_path from raw.load_run_files where outcome = "
                            "'conflicting_duplicate'") == [(str(folder / "b.txt"), str(folder / "a.txt"))]  # fmt: skip


def test_a_bare_file_with_the_same_report_text_and_other_bytes_is_a_conflicting_duplicate(tmp_path):
    crlf = tmp_path / "crlf.txt"  # the sample with CRLF line ends: the same report text, other bytes
    crlf.write_bytes(SAMPLE.read_bytes().replace(b"\n", b"\r\n"))
    garbled = tmp_path / "restated.txt"  # a different report text: a different bare filing
    garbled.write_text(SAMPLE.read_text().replace(FIGURE, CHANGED, 1))
    warehouse = tmp_path / "w.duckdb"
    load_paths([str(SAMPLE)], warehouse)
    result = mbs_load(warehouse, crlf, garbled)
    assert result.returncode == 1
    assert "2 seen, 1 loaded, 0 unchanged, 0 rejected, 1 conflicting duplicates" in result.stdout
    assert f"conflicting duplicate {crlf}: {crlf} has the same report text as {SAMPLE}" in result.stderr
    assert sorted(Path(p).name for (p,) in query(warehouse, "select source_path from raw.filings")) == sorted(
        [SAMPLE.name, garbled.name]
    )


def test_an_older_load_runs_table_gains_the_conflicting_count(tmp_path):
    warehouse = tmp_path / "w.duckdb"
    load_paths([str(SAMPLE)], warehouse)
    con = duckdb.connect(str(warehouse))
    try:
        con.execute("alter table raw.load_runs drop column files_conflicting; drop table raw.load_run_files")
    finally:
        con.close()
    again = load_paths([str(SAMPLE)], warehouse)
    assert (again.seen, again.unchanged, again.conflicting) == (1, 1, 0)
    assert query(warehouse, "select files_unchanged, files_conflicting from raw.load_runs order by started_at") == [
        (0, None),
        (1, 0),
    ]
    assert query(warehouse, "select outcome from raw.load_run_files") == [("unchanged",)]


def test_document_text_is_cut_in_characters_alike_by_the_loader_and_the_migration():
    """The loader cuts the pieces in Polars, the migration of an older warehouse in SQL: both cut every
    2,048 characters (not bytes), keep an empty text as one empty piece, and give the text back whole."""
    texts = ["", "x" * 2048, "é" * 2049, "a€" * 3000 + "\n"]
    documents = pl.DataFrame({"filing_seq": [1, 1, 2, 3], "sequence": [1, 2, 1, 1], "text": texts})
    pieces = warehouse.document_pieces(documents).sort("filing_seq", "document_sequence", "chunk")
    # By hand: 0 characters -> 1 piece; 2,048 -> 1; 2,049 -> 2 (2,048 + 1); 6,001 -> 3 (2,048, 2,048, 1,905)
    assert pieces.group_by("filing_seq", "document_sequence", maintain_order=True).agg(pl.col("text").str.len_chars())[
        "text"
    ].to_list() == [[0], [2048], [2048, 1], [2048, 2048, 1905]]
    con = duckdb.connect()
    try:
        con.execute("create schema raw")
        con.execute("create table raw.documents as select * from documents")
        migrated = con.sql(warehouse._DOCUMENT_PIECES_SQL).pl()
        whole = con.sql(
            "select string_agg(text, '' order by chunk) as text "
            "from pieces group by filing_seq, document_sequence order by filing_seq, document_sequence"
        ).pl()
    finally:
        con.close()
    migrated = migrated.select(pieces.columns).sort("filing_seq", "document_sequence", "chunk")
    assert migrated.cast(pieces.schema).equals(pieces)
    assert whole["text"].to_list() == texts


def test_a_batch_partly_loaded_before_lands_its_new_filings_numbered_next(tmp_path):
    """The parse thread shapes a batch for the raw tables before the warehouse says which of its filings
    it holds already (loaders.warehouse.landing_frames); a batch in which the first filing is held lands
    only the other, numbered after the last filing, every raw row with that number: the same raw rows
    as a load of the new filing alone."""
    alone = tmp_path / "alone.duckdb"
    load_paths([str(SAMPLE)], alone)
    load_paths([str(WRAPPED)], alone)
    batch = tmp_path / "batch"
    batch.mkdir()
    (batch / "a-held.txt").write_bytes(SAMPLE.read_bytes())
    (batch / "b-new.txt").write_bytes(WRAPPED.read_bytes())
    mixed = tmp_path / "mixed.duckdb"
    load_paths([str(SAMPLE)], mixed)
    summary = load_paths([str(batch)], mixed)
    assert (summary.loaded, summary.unchanged) == (1, 1)
    assert query(mixed, "select source_path, filing_seq from raw.filings order by filing_seq") == [
        (str(SAMPLE), 1),
        (str(batch / "b-new.txt"), 2),
    ]
    volatile = RUN_METADATA | {"source_path"}  # the new filing's copy has another path
    assert checksums(mixed, "raw", RAW_CONTENT, exclude=volatile) == checksums(
        alone, "raw", RAW_CONTENT, exclude=volatile
    )


def test_landing_frames_are_the_raw_tables_rows_with_their_filings_position():
    """landing_frames (pure but for the label ids it gives): each row carries its filing's position in
    the batch; the cells keep the inherited row label only where the row prints none and a value as
    read only for a date, their labels as ids and their area and value kind as codes; the document
    text is cut into pieces and leaves raw.documents."""
    frames = parse_batch([(SAMPLE.read_bytes(), str(SAMPLE)), (WRAPPED.read_bytes(), str(WRAPPED))]).frames
    labels = warehouse.LabelIds()
    landing = warehouse.landing_frames(frames, labels)
    assert landing.filings["filing_ord"].to_list() == [0, 1]
    cells = pl.from_arrow(landing.tables["report_cells"])
    assert "filing_id" not in cells.columns and "row_label_filled" not in cells.columns
    assert cells["filing_ord"].value_counts().sort("filing_ord").rows() == [
        (ord_, frames.cells.filter(pl.col("filing_id") == f["filing_id"]).height)
        for ord_, f in enumerate(frames.filings)
    ]
    # Cell by cell (the rows keep the parse's order), the ids and codes name what the parse read.
    table = labels.since(-1)
    text = dict(zip(table["label_id"].to_pylist(), table["label"].to_pylist(), strict=True))
    assert sorted(text) == list(range(len(text)))
    parsed = frames.cells
    assert [text.get(i) for i in cells["row_label_id"]] == parsed["row_label"].to_list()
    assert [text.get(i) for i in cells["column_label_id"]] == parsed["column_label"].to_list()
    inherited = [text.get(i) for i in cells["row_label_inherited_id"]]
    assert inherited == [f if own is None else None for own, f in parsed.select("row_label", "row_label_filled").rows()]
    assert any(inherited)  # the sample's rows under a group heading inherit it
    assert [warehouse.CELL_AREAS[c] for c in cells["area"]] == parsed["area"].to_list()
    kinds = [warehouse.VALUE_KINDS[c] for c in cells["value_kind"]]
    assert kinds == parsed["value_kind"].to_list()
    assert {"number", "text", "date"} <= set(kinds)
    assert [v if k == "date" else None for k, v in zip(kinds, parsed["value_clean"], strict=True)] == cells[
        "value_clean"
    ].to_list()
    assert cells.filter(pl.col("value_kind") == warehouse.VALUE_KINDS.index("date"))["value_clean"].null_count() == 0
    assert "text" not in landing.tables["documents"].column_names
    ords = {f["filing_id"]: i for i, f in enumerate(frames.filings)}
    expected = sorted(
        (ords[f], seq, text) for f, seq, text in frames.documents.select("filing_id", "sequence", "text").rows()
    )
    pieces = pl.from_arrow(landing.tables["document_text"]).sort("filing_ord", "document_sequence", "chunk")
    whole = pieces.group_by("filing_ord", "document_sequence", maintain_order=True).agg(pl.col("text").str.join(""))
    assert whole.rows() == expected


def test_label_ids_are_kept_across_loads_and_name_their_texts(tmp_path):
    """raw.report_labels: each printed label once, its id kept by later loads (which add only the
    labels they meet first); every id a cell holds is there, and the cells' labels read back are the
    parse's."""
    path = tmp_path / "w.duckdb"
    load_paths([str(SAMPLE)], path)
    first = dict(query(path, "select label_id, label from raw.report_labels"))
    assert sorted(first) == list(range(len(first))) and len(set(first.values())) == len(first)
    load_paths([str(AAMES)], path)
    both = dict(query(path, "select label_id, label from raw.report_labels"))
    assert {i: both[i] for i in first} == first and len(both) > len(first)
    assert len(set(both.values())) == len(both)
    assert query(
        path,
        "select count(*) from raw.report_cells c where "
        + " or ".join(
            f"({c} is not null and {c} not in (select label_id from raw.report_labels))"
            for c in ("row_label_id", "row_label_inherited_id", "column_label_id")
        ),
    ) == [(0,)]
    frames = parse_batch([(SAMPLE.read_bytes(), str(SAMPLE)), (AAMES.read_bytes(), str(AAMES))]).frames
    parsed = frames.cells.select(
        "filing_id", "line_no", "char_start", "row_label", "row_label_filled", "column_label", "area", "value_kind"
    )
    landed = query(
        path,
        "select f.filing_id, c.line_no, c.char_start, c.row_label, coalesce(c.row_label, c.row_label_inherited), "
        f"c.column_label, c.area, c.value_kind from {CELLS_AS_PRINTED} c join raw.filings f using (filing_seq)",
    )
    assert sorted(landed, key=str) == sorted(parsed.rows(), key=str)


def test_a_batch_shaped_with_another_label_dictionary_does_not_land(tmp_path):
    """Ids given by a dictionary that is not the warehouse's would name other labels: land() stops."""
    path = tmp_path / "w.duckdb"
    load_paths([str(SAMPLE)], path)
    frames = parse_batch([(AAMES.read_bytes(), str(AAMES))]).frames
    con = warehouse.connect(path)
    try:
        before = con.execute("select count(*) from raw.report_cells").fetchall()
        with pytest.raises(RuntimeError, match="label ids"):
            warehouse.land(con, "run", warehouse.landing_frames(frames, warehouse.LabelIds()), [], [])
        assert con.execute("select count(*) from raw.report_cells").fetchall() == before
        warehouse.land(con, "run", warehouse.landing_frames(frames, warehouse.LabelIds.from_warehouse(con)), [], [])
        assert con.execute("select count(distinct filing_seq) from raw.report_cells").fetchall() == [(2,)]
    finally:
        con.close()


def test_the_staging_views_code_names_are_the_loaders():
    """macros/raw_codes.sql names raw.report_cells' codes as the loader writes them."""
    text = (REPO / "macros" / "raw_codes.sql").read_text()
    assert f"'area': {list(warehouse.CELL_AREAS)}" in text
    assert f"'value_kind': {list(warehouse.VALUE_KINDS)}" in text


def test_label_ids_are_given_in_text_order_whatever_order_a_batch_lists_them():
    """The same batches give the same ids (a batch's unique labels come in no fixed order)."""
    labels = warehouse.LabelIds()
    assert labels.ids(["Class A-2", "Beginning Balance", "Class A-1"]) == [2, 0, 1]
    assert labels.ids(["Totals", "Class A-1", "Ending Balance"]) == [4, 1, 3]
    assert labels.since(2)["label"].to_pylist() == ["Ending Balance", "Totals"]
    with pytest.raises(ValueError, match=r"not 0\.\.n-1"):
        warehouse.LabelIds([(0, "a"), (2, "b")])


def test_cells_without_labels_get_null_integer_ids():
    """A batch whose cells print no label at all (a lone key-value caption): the id columns are NULL
    integers, as raw.report_cells takes them."""
    cells = pl.DataFrame(
        {"filing_id": ["f"], "file_line_no": [3], "row_label": [None], "row_label_filled": [None],
         "column_label": [None], "value_clean": [None], "area": ["caption"], "value_kind": ["text"], "raw_text": ["x"]},
        schema_overrides={c: pl.String for c in ("row_label", "row_label_filled", "column_label", "value_clean")},
    )  # fmt: skip
    coded = warehouse._coded_cells(cells, warehouse.LabelIds())
    ids = coded.select("row_label_id", "row_label_inherited_id", "column_label_id")
    assert ids.dtypes == [pl.Int32] * 3 and ids.rows() == [(None, None, None)]
    assert coded.select("area", "value_kind").rows() == [(1, 1)]
