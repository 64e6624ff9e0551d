"""Parser of the fixed-width ``<TABLE>`` blocks of trustee remittance reports.

Pure functions of text -> Polars frames; no I/O. Many documents are parsed in one call: every frame
carries ``doc`` (the document's index in the batch).

Two implementations compute the same frames (same rows, order, columns, dtypes and values):

* the **native core** (``loaders/_tables_native.c``, the extension module ``loaders._tables_native``,
  built by ``pip install``): plain C that reads each document line by line and each table segment by
  segment, and returns Arrow buffers that become the Polars frames without a copy. It is the default.
* the **reference implementation** (:mod:`loaders.tables_polars`): vectorised Polars expressions over
  a frame of the batch's lines. ``MBS_PARSER=polars`` selects it; the differential tests hold the
  native core to it (``tests/python/test_native_parser.py``).

``MBS_PARSER`` unset uses the native core, or the reference with a warning when the extension is not
built; ``MBS_PARSER=native`` requires the native core. The native core leaves to Polars the last
columns of the tables frame (one row per table) and the cleaned value of a spelled-out date holding a
non-ASCII character; it hands a batch it does not take (an item that is not a ``str``, a lone
surrogate, a document of 2**28 characters or more) to the reference whole.

How a report table is read:

* Markup lines (``<TABLE>``, ``</TABLE>``, ``<CAPTION>``, ``<S>``/``<C>`` marker rows, ``<FN>``,
  ``</FN>``, ``<PAGE>``) split each document into tables, each table into *segments* (a new
  ``<CAPTION>`` inside one table starts a new segment: the delinquency matrix prints one per loan
  group) and each segment into a caption area (before the ``<S>`` row), a data area and footnotes.
  Lines are read with tabs expanded to stops of 8, form feeds removed and trailing blanks stripped;
  character positions count code points of that line.
* Every line is cut into *tokens*: runs of non-blank text joined by single spaces, so that labels
  such as ``Payments of Interest and Principal`` stay whole, while two numbers one space apart are
  still two tokens. Each token keeps its character span.
* A data row's *label* is its first token when that token starts left of every value of the segment.
  Numbers are right-aligned and overrun the ``<C>`` markers, so value *columns* are found from the
  data itself: overlapping spans of value tokens across rows are merged into one column.
* Header tokens (caption-area lines with two or more tokens) are stacked words; each joins the column
  it overlaps most (or the nearest), and a column's label is its header words top to bottom.
* Caption lines of the form ``Key:  value`` (``Record Date:  11/30/03``) are cells too; a masthead
  line with several statements (``SMT SERIES 2004-3  RECORD DATE: JUNE 30, 2004  DISTRIBUTION DATE:
  JULY 20, 2004``) is one cell per statement. Spelled-out dates are dates (their cleaned value is
  ``mm/dd/yyyy``).
* Rule lines (``-----``, ``=====``, and EDGAR's escaped ``- -----``) are rules: neither headers nor
  data.
* A footnote that names the factors' denomination (``All Classes Are Per $1000 Denomination``,
  ``Per $1 denomination``) sets the table's ``factor_denomination``; a ``(continued)`` table takes
  the denomination of the table it continues.
"""

from __future__ import annotations

import os
import warnings

import polars as pl
import pyarrow as pa

from loaders.tables_polars import (
    _CELL_SCHEMA,
    _LINE_SCHEMA,
    NUMBER_PATTERN,
    ParsedReport,
    _empty,
    _finish_tables,
    _value_clean,
)
from loaders.tables_polars import parse_documents as parse_documents_polars

try:
    from loaders import _tables_native
except ImportError:  # not built: the reference implementation parses (with a warning)
    _tables_native = None

__all__ = [
    "NUMBER_PATTERN",
    "ParsedReport",
    "parse_documents",
    "parse_documents_native",
    "parse_documents_polars",
    "parse_report_tables",
    "parser_in_use",
]

_ARROW_TYPES = {"i32": pa.int32(), "u32": pa.uint32(), "bool": pa.bool_()}
_warned = False


def parser_in_use() -> str:
    """``native`` or ``polars``: the implementation :func:`parse_documents` uses (``MBS_PARSER``)."""
    global _warned
    choice = os.environ.get("MBS_PARSER", "").strip().lower()
    if choice == "polars":
        return "polars"
    if choice not in ("", "native"):
        raise ValueError(f"MBS_PARSER={choice!r}: use 'native' or 'polars'")
    if _tables_native is None:
        if choice == "native":
            raise ImportError("MBS_PARSER=native but loaders._tables_native is not built (pip install -e .)")
        if not _warned:
            warnings.warn(
                "loaders._tables_native is not built: parsing with the Polars reference implementation, several "
                "times slower (pip install -e . builds it; MBS_PARSER=polars silences this warning)",
                RuntimeWarning,
                stacklevel=3,
            )
            _warned = True
        return "polars"
    return "native"


def parse_report_tables(text: str) -> ParsedReport:
    """Parse every ``<TABLE>`` of one document (see :func:`parse_documents`)."""
    parsed = parse_documents([text])
    return ParsedReport(parsed.tables.drop("doc"), parsed.cells.drop("doc"), parsed.lines.drop("doc"))


def parse_documents(texts: list[str]) -> ParsedReport:
    """Parse every ``<TABLE>`` of each document into tables, cells and non-cell lines.

    ``cells`` has one row per printed value: data-area tokens (with row label, column label and
    position) and caption key/value statements (``area = 'caption'``). ``lines`` keeps every other
    non-blank line inside tables (titles, headers, footnotes, label-only rows) so that nothing printed
    is lost. ``tables`` has one row per table segment with its title and layout hash. Every frame has
    ``doc``, the document's index in ``texts``.
    """
    if parser_in_use() == "polars":
        return parse_documents_polars(texts)
    return parse_documents_native(texts)


def parse_documents_native(texts: list[str]) -> ParsedReport:
    """:func:`parse_documents` by the native core (the reference parses a batch the core does not take)."""
    if _tables_native is None:
        raise ImportError("loaders._tables_native is not built (pip install -e .)")
    if not isinstance(texts, list):  # read once: the reference may need it again
        texts = list(texts)
    if not texts:
        return _empty()
    out = _tables_native.parse(texts)
    if out is None:
        return parse_documents_polars(texts)
    heap = [pa.py_buffer(b) for b in out["heap"]]
    cells = _frame(out["cells"], heap, _CELL_SCHEMA)
    if out["clean_fallback"]:
        # Spelled-out dates with a non-ASCII character: cleaned by the reference's expression.
        rows = pl.Series(out["clean_fallback"], dtype=pl.UInt32)
        raw = cells["raw_text"].gather(rows)
        cleaned = pl.DataFrame({"raw": raw}).select(clean=_value_clean(pl.col("raw"), pl.lit("date")))["clean"]
        value_clean = cells["value_clean"].clone()
        value_clean.scatter(rows, cleaned)
        cells = cells.with_columns(value_clean)
    lines = _frame(out["lines"], heap, _LINE_SCHEMA)
    tables = _finish_tables(_frame(out["tables"], heap, None))
    return ParsedReport(tables, cells, lines)


def _frame(columns: dict, heap: list[pa.Buffer], schema: dict | None) -> pl.DataFrame:
    names = list(schema) if schema is not None else list(columns)
    arrays = [_array(columns[name], heap) for name in names]
    frame = pl.from_arrow(pa.Table.from_arrays(arrays, names=names), rechunk=False)
    return frame if schema is None else frame.cast(schema)


def _array(column: tuple, heap: list[pa.Buffer]) -> pa.Array:
    kind, length, data, validity, nulls = column
    valid = None if validity is None else pa.py_buffer(validity)
    if kind == "str":
        return pa.Array.from_buffers(pa.string_view(), length, [valid, pa.py_buffer(data), *heap], null_count=nulls)
    return pa.Array.from_buffers(_ARROW_TYPES[kind], length, [valid, pa.py_buffer(data)], null_count=nulls)
