"""The DuckDB side of the loader: open the warehouse, create the raw schema, land filings.

Only ``raw.filings`` has a primary key: index upkeep on the big per-cell tables would double the
landing time, so their keys are asserted by dbt tests on the sources instead.

The warehouse is opened with ``storage_compatibility_version = 'v1.5.0'`` (the same setting as dbt's
profile): the oldest storage format in which DuckDB compresses long strings (the document text is
stored ZSTD-compressed in raw.document_text, the short strings of the cell tables
dictionary+FSST-compressed), and one that DuckDB 1.5 (the CLI the project installs, 1.5 drivers)
still reads in a file first written by DuckDB 2.0. README's compatibility matrix says which clients
open it; tests/python/test_compatibility.py proves it.
"""

from __future__ import annotations

import os
import threading
import uuid
from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl
import pyarrow as pa

from loaders.filing import PARSER_VERSION, FilingFrames

__all__ = [
    "CELL_AREAS",
    "DEFAULT_WAREHOUSE",
    "VALUE_KINDS",
    "LabelIds",
    "connect",
    "ensure_schema",
    "known_copies",
    "land",
    "landing_frames",
    "warehouse_path",
]

DEFAULT_WAREHOUSE = "build/mbs.duckdb"
STORAGE_VERSION = "v1.5.0"
DUCKDB_CONFIG = {"storage_compatibility_version": STORAGE_VERSION}

RAW_DDL = """
create schema if not exists raw;
create table if not exists raw.load_runs (
    load_run_id varchar primary key,
    started_at timestamp not null,
    finished_at timestamp,
    paths varchar,
    files_seen integer,
    files_loaded integer,
    files_unchanged integer,
    files_rejected integer,
    parser_version varchar not null,
    files_conflicting integer
);
create table if not exists raw.load_run_files (
    load_run_id varchar not null,
    source_path varchar not null,
    sha256 varchar,
    outcome varchar not null,
    filing_id varchar,
    detail varchar,
    kept_source_path varchar,
    kept_sha256 varchar
);
create table if not exists raw.filings (
    filing_id varchar primary key,
    accession_number varchar,
    form_type varchar,
    cover_form_type varchar,
    filed_date date,
    period_of_report date,
    cik varchar,
    company_name varchar,
    sec_file_number varchar,
    document_count integer,
    has_sec_header boolean not null,
    encoding varchar not null,
    source_path varchar not null,
    sha256 varchar not null,
    report_sha256 varchar not null,
    file_bytes bigint not null,
    report_document_sequence integer not null,
    report_document_type varchar,
    table_count integer not null,
    cell_count integer not null,
    unreadable_cell_count integer not null,
    parser_version varchar not null,
    load_run_id varchar not null,
    loaded_at timestamp not null,
    filing_seq bigint not null
);
create table if not exists raw.documents (
    filing_id varchar not null,
    filing_seq bigint not null,
    sequence integer not null,
    doc_type varchar,
    filename varchar,
    description varchar,
    is_report boolean not null,
    text_start_line integer not null
);
create table if not exists raw.document_text (
    filing_seq bigint not null,
    document_sequence integer not null,
    chunk integer not null,
    text varchar not null using compression zstd
);
create table if not exists raw.report_tables (
    filing_id varchar not null,
    filing_seq bigint not null,
    document_sequence integer not null,
    table_ordinal integer not null,
    segment integer not null,
    title varchar,
    is_continued boolean not null,
    header_text varchar,
    layout_hash varchar,
    first_line integer not null,
    last_line integer not null,
    footnotes varchar,
    is_terminated boolean not null,
    factor_denomination integer
);
create table if not exists raw.report_cells (
    filing_seq bigint not null,
    document_sequence integer not null,
    table_ordinal integer not null,
    segment integer not null,
    area utinyint not null,
    line_no integer not null,
    row_ordinal integer,
    row_label_id integer,
    row_label_inherited_id integer,
    row_sub integer,
    label_occurrence integer,
    column_ordinal integer not null,
    column_label_id integer,
    raw_text varchar not null,
    value_kind utinyint not null,
    value_clean varchar,
    char_start integer not null,
    char_end integer not null
);
create table if not exists raw.report_labels (
    label_id integer primary key,
    label varchar not null unique
);
create table if not exists raw.report_lines (
    filing_id varchar not null,
    filing_seq bigint not null,
    document_sequence integer not null,
    table_ordinal integer not null,
    segment integer not null,
    line_no integer not null,
    file_line_no integer not null,
    kind varchar not null,
    text varchar not null
);
create table if not exists raw.rejected_files (
    load_run_id varchar not null,
    source_path varchar not null,
    sha256 varchar,
    reason varchar not null,
    detail varchar not null,
    rejected_at timestamp not null
);
"""

_FRAME_TABLES = ("documents", "report_tables", "report_cells", "report_lines")
# raw.report_cells is the one table of a row per printed value (~1,650 a filing): it stores only what
# cannot be derived, in the narrowest types. Its filing is the integer filing_seq (filing_id is in
# raw.filings and raw.documents); the line of the file is line_no + the document's text_start_line - 1;
# the label a row inherits from the row above (row_label_inherited_id) only where the row prints none;
# the value as read (value_clean) only for a date: a number's is its printed text less , $ % ( ) +
# (negative in parentheses), a text's its printed text (loaders.tables._value_clean). Row and column
# labels are integer ids into raw.report_labels (LabelIds); the cell's area and value kind are codes,
# positions in CELL_AREAS and VALUE_KINDS. A text column costs DuckDB ~3x an integer's append (the
# cells' append is most of the landing; measured in docs/performance.md). The view
# staging.stg_edgar__report_cells gives back filing_id, file_line_no, the label texts, row_label_filled,
# the area and kind names and the values.
CELL_AREAS = ("data", "caption")
VALUE_KINDS = ("number", "text", "date", "unreadable")
#
# raw.document_text holds each document's text in pieces of DOCUMENT_CHUNK characters (at least one
# piece, so an empty text is kept as ''): string_agg(text, '' order by chunk) gives it back whole
# (staging.stg_edgar__documents). Whole documents (55 KB each) made the table's row group, where the
# loader appends, gigabytes long, and DuckDB recompresses a row group it appended to at every
# checkpoint: 6 s a checkpoint at 100k filings, growing with the archive. A row group of pieces is
# at most ~250 MB; the pieces are ZSTD-compressed as the whole texts were (USING COMPRESSION: short
# strings would otherwise get FSST, 4x larger).
DOCUMENT_CHUNK = 2048
# The same pieces in SQL, for a warehouse whose raw.documents still holds the whole text (the loader
# cuts them in Polars, ``document_pieces``: 0.15 s for 85 MB of text where this takes 1.1 s). Both
# count characters (code points).
_DOCUMENT_PIECES_SQL = (
    "select filing_seq, document_sequence, piece::integer as chunk, "
    f"substring(text, piece * {DOCUMENT_CHUNK} + 1, {DOCUMENT_CHUNK}) as text from ("
    "select filing_seq, sequence as document_sequence, text, "
    f"unnest(range(greatest(1, (length(text) + {DOCUMENT_CHUNK - 1}) // {DOCUMENT_CHUNK}))) as piece "
    "from raw.documents)"
)


def document_pieces(documents: pl.DataFrame, filing_key: str = "filing_seq") -> pl.DataFrame:
    """The rows of raw.document_text for ``documents`` (``filing_key``, sequence, text): each text in
    pieces of ``DOCUMENT_CHUNK`` characters, numbered from 0, at least one a document."""
    pieces = ((pl.col("text").str.len_chars() + DOCUMENT_CHUNK - 1) // DOCUMENT_CHUNK).clip(lower_bound=1)
    return (
        documents.select(
            filing_key,
            pl.col("sequence").alias("document_sequence"),
            "text",
            chunk=pl.int_ranges(0, pieces, dtype=pl.Int32),
        )
        .explode("chunk")
        .with_columns(pl.col("text").str.slice(pl.col("chunk") * DOCUMENT_CHUNK, DOCUMENT_CHUNK))
    )


class LabelIds:
    """The warehouse's label dictionary (raw.report_labels) as a load knows it: one integer id for each
    distinct printed row or column label, given in order from 0 and never changed, so raw.report_cells
    stores ids and each text once.

    A load reads the dictionary from the warehouse (``from_warehouse``) before its first batch; the
    parse thread gives ids to a batch's new labels as it shapes the batch (``ids``, thread-safe), and
    ``land`` inserts every id above the warehouse's highest (``since``) in the batch's transaction. A
    batch that does not land leaves its new ids to the next one that does, so every id a landed cell
    holds is in the warehouse."""

    def __init__(self, known: list[tuple[int, str]] | None = None):
        self._lock = threading.Lock()
        self._ids: dict[str, int] = {}
        self._labels: list[str] = []
        for label_id, label in sorted(known or []):
            if label_id != len(self._labels):
                raise ValueError(f"raw.report_labels: ids not 0..n-1 (id {label_id} after {len(self._labels) - 1})")
            self._ids[label] = label_id
            self._labels.append(label)

    @classmethod
    def from_warehouse(cls, con: duckdb.DuckDBPyConnection) -> LabelIds:
        return cls(con.execute("select label_id, label from raw.report_labels").fetchall())

    def ids(self, labels: list[str]) -> list[int]:
        """The ids of ``labels`` (distinct texts), giving the next ids to those not known yet in text
        order (so the same batches give the same ids, whatever order a batch lists its labels in)."""
        with self._lock:
            for label in sorted(label for label in labels if label not in self._ids):
                self._ids[label] = len(self._labels)
                self._labels.append(label)
            return [self._ids[label] for label in labels]

    def holds(self, label_id: int, label: str) -> bool:
        """Whether ``label_id`` is the id of ``label`` here."""
        with self._lock:
            return 0 <= label_id < len(self._labels) and self._labels[label_id] == label

    def since(self, last_id: int) -> pa.Table:
        """The labels whose id is above ``last_id``, as raw.report_labels rows."""
        with self._lock:
            labels = self._labels[last_id + 1 :]
        return pa.table(
            {
                "label_id": pa.array(range(last_id + 1, last_id + 1 + len(labels)), pa.int32()),
                "label": pa.array(labels, pa.string()),
            }
        )


@dataclass(frozen=True)
class LandingFrames:
    """A batch's rows in the shape of the raw tables, made by ``landing_frames`` on the parse thread so
    the landing thread only inserts them (the loader shapes a batch again, on the landing thread, when
    the warehouse or the batch already holds some of its filings). Each row carries ``filing_ord``,
    its filing's position in ``filings`` (from 0): the landing numbers the batch's filings after the
    warehouse's last ``filing_seq`` (``filing_seq = first + filing_ord``), which only it can read."""

    filings: pl.DataFrame
    tables: dict[str, pa.Table]
    labels: LabelIds | None = None


def landing_frames(frames: FilingFrames, labels: LabelIds | None = None) -> LandingFrames:
    """``frames`` as the raw tables take them (pure: no warehouse needed), each an Arrow table in one
    chunk: registering a Polars frame of many chunks copies it on the landing thread.

    raw.report_cells keeps only what cannot be derived: no filing_id or file_line_no, the inherited
    row label only where the row prints none, a value as read only for a date, the labels as ids of
    ``labels`` (a new dictionary when none is given: a load passes the warehouse's), the area and
    value kind as codes (see the note above ``CELL_AREAS``). raw.documents has no text:
    raw.document_text has it in pieces."""
    labels = labels if labels is not None else LabelIds()
    if not frames.filings:
        return LandingFrames(pl.DataFrame(), {}, labels)
    filings = pl.DataFrame(frames.filings, infer_schema_length=None).with_columns(
        filing_ord=pl.int_range(pl.len(), dtype=pl.Int64),
        filed_date=pl.col("filed_date").cast(pl.String).str.to_date("%Y-%m-%d", strict=False),
        period_of_report=pl.col("period_of_report").cast(pl.String).str.to_date("%Y-%m-%d", strict=False),
    )
    # A lookup of the batch's few filings (not a join, which would gather every column).
    ord_of = pl.col("filing_id").replace_strict(filings["filing_id"], filings["filing_ord"], return_dtype=pl.Int64)
    tables: dict[str, pa.Table] = {}
    for table, frame in zip(_FRAME_TABLES, (frames.documents, frames.tables, frames.cells, frames.lines), strict=True):
        if frame.is_empty():
            continue
        frame = frame.with_columns(filing_ord=ord_of)
        if table == "documents":
            tables["document_text"] = document_pieces(frame, "filing_ord").to_arrow(
                compat_level=pl.CompatLevel.newest()
            )
            frame = frame.drop("text")
        elif table == "report_cells":
            frame = _coded_cells(frame, labels)
        tables[table] = frame.rechunk().to_arrow(compat_level=pl.CompatLevel.newest())
    return LandingFrames(filings, tables, labels)


def _coded_cells(cells: pl.DataFrame, labels: LabelIds) -> pl.DataFrame:
    """The parsed cells as raw.report_cells rows (see the note above ``CELL_AREAS``). One lazy plan:
    the labels are read as Polars categoricals (one hash of each text), and their few distinct codes
    are then turned into the warehouse's ids (1.6x faster than looking each text up in a map)."""
    label_columns = ("row_label_id", "row_label_inherited_id", "column_label_id")

    def code_of(column: str, names: tuple[str, ...]) -> pl.Expr:
        coded = pl.when(pl.lit(False)).then(pl.lit(None, pl.UInt8))
        for code, name in enumerate(names):
            coded = coded.when(pl.col(column) == name).then(pl.lit(code, pl.UInt8))
        return coded

    coded = (
        cells.lazy()
        .select(
            pl.exclude(
                "filing_id",
                "file_line_no",
                "row_label",
                "row_label_filled",
                "column_label",
                "value_clean",
                "area",
                "value_kind",
            ),
            area=code_of("area", CELL_AREAS),
            row_label_id=pl.col("row_label").cast(pl.Categorical),
            row_label_inherited_id=pl.when(pl.col("row_label").is_null()).then("row_label_filled").cast(pl.Categorical),
            column_label_id=pl.col("column_label").cast(pl.Categorical),
            value_kind=code_of("value_kind", VALUE_KINDS),
            value_clean=pl.when(pl.col("value_kind") == "date").then("value_clean"),
        )
        .collect()
    )
    unknown = coded.filter(pl.col("area").is_null() | pl.col("value_kind").is_null())
    if not unknown.is_empty():
        # A name the table has no code for: a parser change not made in CELL_AREAS / VALUE_KINDS too.
        raise ValueError(f"raw.report_cells: a cell area or value kind without a code ({unknown.row(0, named=True)})")
    distinct = pl.concat([coded[column] for column in label_columns]).drop_nulls().unique()
    ids = pl.Series(labels.ids(distinct.cast(pl.String).to_list()), dtype=pl.Int32)
    codes = pl.col(*label_columns).to_physical()
    if distinct.is_empty():  # every label NULL (Polars' replace_strict with no pairs keeps the codes' type)
        return coded.with_columns(codes.cast(pl.Int32))
    return coded.with_columns(codes.replace_strict(distinct.to_physical(), ids, return_dtype=pl.Int32))


def _land_labels(con: duckdb.DuckDBPyConnection, labels: LabelIds | None) -> None:
    """Insert the labels of ``labels`` above the warehouse's highest id (see ``LabelIds``)."""
    last_id, last_label = con.execute(
        "select coalesce(max(label_id), -1), arg_max(label, label_id) from raw.report_labels"
    ).fetchall()[0]
    if labels is None or (last_id >= 0 and not labels.holds(last_id, last_label)):
        # The batch was shaped with another dictionary than this warehouse's: its ids would name other labels.
        raise RuntimeError(
            "the batch's label ids were not given from this warehouse's raw.report_labels "
            "(shape it with landing_frames(frames, LabelIds.from_warehouse(con)))"
        )
    new = labels.since(last_id)
    if new.num_rows:
        con.register("frame_labels", new)
        con.execute("insert into raw.report_labels by name select * from frame_labels")
        con.unregister("frame_labels")


# raw.load_run_files: one row per file a run saw. outcome: loaded, unchanged, rejected or
# conflicting_duplicate; kept_*: the copy whose facts are used (for unchanged and conflicting files).
_FILE_COLUMNS = ("source_path", "sha256", "outcome", "filing_id", "detail", "kept_source_path", "kept_sha256")


def warehouse_path(explicit: str | os.PathLike | None = None) -> Path:
    """The build warehouse: ``explicit``, else ``$MBS_WAREHOUSE``, else ``build/mbs.duckdb``."""
    return Path(explicit or os.environ.get("MBS_WAREHOUSE") or DEFAULT_WAREHOUSE)


def connect(path: str | os.PathLike) -> duckdb.DuckDBPyConnection:
    """Open (creating it and its folder when new) the warehouse for writing.

    The loader's DuckDB memory is capped (``MBS_LOAD_MEMORY``, default 512MB): it only appends, and
    DuckDB would otherwise keep caching what it wrote, growing with the size of the load.

    Its checkpoint threshold is 256MB (DuckDB's default is 16MB): a batch's small tables (the documents
    with their text, the tables, the lines) go through the write-ahead log, and with the default every
    commit of a 16 MB batch checkpointed, recompressing the tables' last row groups each time (a
    fifth of the landing's CPU). Committed batches are as durable either way (the log is replayed
    when the file is next opened); closing the connection checkpoints.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    config = {
        **DUCKDB_CONFIG,
        "memory_limit": os.environ.get("MBS_LOAD_MEMORY", "512MB"),
        "checkpoint_threshold": os.environ.get("MBS_LOAD_CHECKPOINT", "256MB"),
    }
    if not path.exists():
        _create(path, config)
    return duckdb.connect(str(path), config=config)


def _create(path: Path, config: dict) -> None:
    """Create a new warehouse whole: its raw schema is written to a temporary file beside it, which is
    then renamed into place, so a load killed at any point leaves no warehouse or one with every raw
    table (never a file without its schema)."""
    creating = path.with_name(f".{path.name}.creating")
    for leftover in (creating, creating.with_name(creating.name + ".wal")):
        leftover.unlink(missing_ok=True)  # from a load killed while creating
    con = duckdb.connect(str(creating), config=config)
    try:
        ensure_schema(con)
        con.execute("checkpoint")
    finally:
        con.close()
    os.replace(creating, path)


# Columns added after a table was first released: added in place to older warehouses.
MIGRATIONS = [
    "alter table raw.report_tables add column if not exists is_terminated boolean default true",
    "alter table raw.report_tables add column if not exists factor_denomination integer",
    "alter table raw.load_runs add column if not exists files_conflicting integer",
]
_SEQ_TABLES = ("filings", *_FRAME_TABLES)


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create the raw schema and its tables when missing; add columns older warehouses lack."""
    con.execute(RAW_DDL)
    for statement in MIGRATIONS:
        con.execute(statement)
    _add_filing_seq(con)
    _narrow_report_cells(con)
    _code_report_cells(con)
    _split_document_text(con)


# Columns of raw.report_cells before it was narrowed (parser 1.3 and earlier), derivable from the rest.
_DERIVABLE_CELL_COLUMNS = ("filing_id", "file_line_no", "sha256")


def _narrow_report_cells(con: duckdb.DuckDBPyConnection) -> None:
    """Bring an older warehouse's raw.report_cells to the narrow table (see ``landing_frames``): drop the
    columns the staging view derives (its filing_id, file line and the file's sha256, all in
    raw.filings and raw.documents), keep the filled row label only where the row prints none and the
    value as read only for a date.
    Nothing is lost: every dropped value is given back by staging.stg_edgar__report_cells."""
    columns = {
        row[0]
        for row in con.execute(
            "select column_name from information_schema.columns "
            "where table_schema = 'raw' and table_name = 'report_cells'"
        ).fetchall()
    }
    if not columns & {*_DERIVABLE_CELL_COLUMNS, "row_label_filled"}:
        return
    con.execute("begin transaction")
    try:
        if "row_label_filled" in columns:
            con.execute("alter table raw.report_cells rename column row_label_filled to row_label_inherited")
            con.execute(
                "update raw.report_cells set "
                "row_label_inherited = case when row_label is null then row_label_inherited end, "
                "value_clean = case when value_kind = 'date' then value_clean end"
            )
        for column in _DERIVABLE_CELL_COLUMNS:
            if column in columns:
                con.execute(f"alter table raw.report_cells drop column {column}")
    except BaseException:
        con.execute("rollback")
        raise
    con.execute("commit")


def _code_report_cells(con: duckdb.DuckDBPyConnection) -> None:
    """Bring an older warehouse's raw.report_cells (parser 1.5 and earlier: label texts, area and value
    kind names) to ids and codes (see the note above ``CELL_AREAS``): its labels go to raw.report_labels
    (ids 0..n-1 in text order) and the table is written again in its row order. Nothing is lost: the
    staging view gives back every text."""
    has_text = con.execute(
        "select count(*) from information_schema.columns "
        "where table_schema = 'raw' and table_name = 'report_cells' and column_name = 'row_label'"
    ).fetchall()[0][0]
    if not has_text:
        return

    def code(column: str, names: tuple[str, ...]) -> str:
        listed = ", ".join(f"'{name}'" for name in names)
        return f"(list_position([{listed}], c.{column}) - 1)::utinyint as {column}"

    con.execute("begin transaction")
    try:
        con.execute(
            "insert into raw.report_labels select (row_number() over (order by label) - 1)::integer, label "
            "from (select distinct unnest([row_label, row_label_inherited, column_label]) as label "
            "from raw.report_cells) where label is not null"
        )
        con.execute("alter table raw.report_cells rename to report_cells_text")
        con.execute(RAW_DDL)  # raw.report_cells as it is now, its constraints with it
        con.execute(
            "insert into raw.report_cells by name select "
            "c.filing_seq, c.document_sequence, c.table_ordinal, c.segment, "
            f"{code('area', CELL_AREAS)}, c.line_no, c.row_ordinal, "
            "r.label_id as row_label_id, i.label_id as row_label_inherited_id, c.row_sub, c.label_occurrence, "
            "c.column_ordinal, k.label_id as column_label_id, c.raw_text, "
            f"{code('value_kind', VALUE_KINDS)}, c.value_clean, c.char_start, c.char_end "
            "from (select rowid as row_order, * from raw.report_cells_text) as c "
            "left join raw.report_labels as r on c.row_label = r.label "
            "left join raw.report_labels as i on c.row_label_inherited = i.label "
            "left join raw.report_labels as k on c.column_label = k.label "
            "order by c.row_order"
        )
        con.execute("drop table raw.report_cells_text")
    except BaseException:
        con.execute("rollback")
        raise
    con.execute("commit")


def _split_document_text(con: duckdb.DuckDBPyConnection) -> None:
    """Move an older warehouse's document text (raw.documents.text, whole) into raw.document_text's
    pieces, then drop the column. Nothing is lost: the pieces put together are the text."""
    has_text = con.execute(
        "select count(*) from information_schema.columns "
        "where table_schema = 'raw' and table_name = 'documents' and column_name = 'text'"
    ).fetchall()[0][0]
    if not has_text:
        return
    con.execute("begin transaction")
    try:
        con.execute(f"insert into raw.document_text {_DOCUMENT_PIECES_SQL}")
        con.execute("alter table raw.documents drop column text")
    except BaseException:
        con.execute("rollback")
        raise
    con.execute("commit")


def _add_filing_seq(con: duckdb.DuckDBPyConnection) -> None:
    """Give a warehouse from before ``filing_seq`` its column, numbering its filings in load order."""
    missing = con.execute(
        "select table_name from information_schema.columns where table_schema = 'raw' "
        "group by table_name having count(*) filter (where column_name = 'filing_seq') = 0"
    ).fetchall()
    missing = {row[0] for row in missing} & set(_SEQ_TABLES)
    if not missing:
        return
    con.execute("begin transaction")
    try:
        _backfill_filing_seq(con, missing)
    except BaseException:
        con.execute("rollback")
        raise
    con.execute("commit")


def _backfill_filing_seq(con: duckdb.DuckDBPyConnection, missing: set[str]) -> None:
    for table in sorted(missing):
        con.execute(f"alter table raw.{table} add column filing_seq bigint")
    if "filings" in missing:
        con.execute(
            "update raw.filings set filing_seq = numbered.seq from ("
            "select filing_id, row_number() over (order by loaded_at, filing_id) as seq from raw.filings"
            ") as numbered where raw.filings.filing_id = numbered.filing_id"
        )
    for table in sorted(missing - {"filings"}):
        con.execute(
            f"update raw.{table} set filing_seq = f.filing_seq from raw.filings as f "
            f"where raw.{table}.filing_id = f.filing_id"
        )


def known_copies(
    con: duckdb.DuckDBPyConnection, filings: list[dict]
) -> tuple[dict[str, tuple[str, str]], dict[str, tuple[str, str, str]]]:
    """What the warehouse already holds of ``filings``: by filing_id, ``(sha256, source_path)``; and for
    the bare ones (no accession number), the bare filings with the same report text (``report_sha256``),
    ``report_sha256 -> (filing_id, sha256, source_path)``."""
    candidates = pl.DataFrame(
        {
            "filing_id": [f["filing_id"] for f in filings],
            "report_sha256": [None if f["accession_number"] else f["report_sha256"] for f in filings],
        },
        schema={"filing_id": pl.String, "report_sha256": pl.String},
    )
    con.register("candidate_filings", candidates)
    try:
        by_id = con.execute(
            "select f.filing_id, f.sha256, f.source_path from raw.filings f join candidate_filings c using (filing_id)"
        ).fetchall()
        by_report = con.execute(
            "select f.report_sha256, arg_min(f.filing_id, f.filing_seq), arg_min(f.sha256, f.filing_seq), "
            "arg_min(f.source_path, f.filing_seq) from raw.filings f "
            "where f.accession_number is null "
            "and f.report_sha256 in (select report_sha256 from candidate_filings) group by f.report_sha256"
        ).fetchall()
    finally:
        con.unregister("candidate_filings")
    return {r[0]: (r[1], r[2]) for r in by_id}, {r[0]: (r[1], r[2], r[3]) for r in by_report}


def start_run(con: duckdb.DuckDBPyConnection, paths: list[str]) -> str:
    run_id = uuid.uuid4().hex
    con.execute(
        "insert into raw.load_runs (load_run_id, started_at, paths, parser_version) values (?, now()::timestamp, ?, ?)",
        [run_id, " ".join(paths), PARSER_VERSION],
    )
    return run_id


def finish_run(con: duckdb.DuckDBPyConnection, run_id: str, counts: dict[str, int]) -> None:
    con.execute(
        "update raw.load_runs set finished_at = now()::timestamp, files_seen = ?, files_loaded = ?, "
        "files_unchanged = ?, files_rejected = ?, files_conflicting = ? where load_run_id = ?",
        [counts["seen"], counts["loaded"], counts["unchanged"], counts["rejected"], counts["conflicting"], run_id],
    )


def land(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    landing: LandingFrames,
    rejected: list[dict],
    files: list[dict] | None = None,
) -> None:
    """Land a batch of parsed filings (``landing_frames`` of their frames), rejections and what happened
    to each file (``raw.load_run_files``) in one transaction (all or nothing)."""
    con.execute("begin transaction")
    try:
        if not landing.filings.is_empty():
            # filing_seq numbers filings in the order they land: incremental dbt models read only the
            # rows above the highest number they hold (raw rows are appended in this order, so the
            # filter skips whole row groups).
            first = con.execute("select coalesce(max(filing_seq), 0) + 1 from raw.filings").fetchall()[0][0]
            con.register("frame_filings", landing.filings)
            con.execute(
                "insert into raw.filings by name select * exclude (filing_ord), filing_ord + $first as filing_seq, "
                "$run_id as load_run_id, now()::timestamp as loaded_at from frame_filings",
                {"first": first, "run_id": run_id},
            )
            con.unregister("frame_filings")
            if "report_cells" in landing.tables:
                _land_labels(con, landing.labels)
            for table in (*_FRAME_TABLES, "document_text"):
                if table not in landing.tables:
                    continue
                con.register("frame_batch", landing.tables[table])
                con.execute(
                    f"insert into raw.{table} by name "
                    "select * exclude (filing_ord), filing_ord + $first as filing_seq from frame_batch",
                    {"first": first},
                )
                con.unregister("frame_batch")
        if rejected:
            frame = pl.DataFrame(rejected, schema={k: pl.String for k in ("source_path", "sha256", "reason", "detail")})
            con.register("frame_rejected", frame)
            con.execute(
                "insert into raw.rejected_files by name "
                "select ? as load_run_id, *, now()::timestamp as rejected_at from frame_rejected",
                [run_id],
            )
            con.unregister("frame_rejected")
        if files:
            frame = pl.DataFrame(files, schema={k: pl.String for k in _FILE_COLUMNS})
            con.register("frame_files", frame)
            con.execute("insert into raw.load_run_files by name select ? as load_run_id, * from frame_files", [run_id])
            con.unregister("frame_files")
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
