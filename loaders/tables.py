"""Vectorised parser of the fixed-width ``<TABLE>`` blocks of a trustee remittance report.

Pure functions of text -> Polars frames; no I/O.

How a report table is read (all of it as Polars expressions over a frame of lines):

* Markup lines (``<TABLE>``, ``</TABLE>``, ``<CAPTION>``, ``<S>``/``<C>`` marker rows, ``<FN>``,
  ``</FN>``, ``<PAGE>``) split each document into tables, each table into *segments* (a new
  ``<CAPTION>`` inside one table starts a new segment: the delinquency matrix prints one per loan
  group) and each segment into a caption area (before the ``<S>`` row), a data area and footnotes.
* Every line is cut into *tokens*: runs of non-blank text joined by single spaces, so that labels
  such as ``Payments of Interest and Principal`` stay whole, while two numbers one space apart are
  still two tokens. Each token keeps its character span.
* A data row's *label* is its first token when that token starts left of every value of the segment.
  Numbers are right-aligned and overrun the ``<C>`` markers, so value *columns* are found from the
  data itself: overlapping spans of value tokens across rows are merged into one column.
* Header tokens (caption-area lines with two or more tokens) are stacked words; each joins the column
  it overlaps most (or the nearest), and a column's label is its header words top to bottom.
* Caption lines of the form ``Key:  value`` (``Record Date:  11/30/03``) are cells too.

The layout of a segment (its header block) repeats across thousands of filings; the header-to-column
resolution is a pure function of the header text and the column spans, so it is cached per layout.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import polars as pl

__all__ = ["ParsedReport", "normalize_key", "parse_report_tables"]

NUMBER_PATTERN = r"^\(?[-+]?\$?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?%?\)?$"
_NUMBER_LIKE = r"^[-+(]?\$?[\d,.]*\d[\d,.]*%?\)?$"
# A number with a letter in it ("4,231,3b3.70"): comma groups or a decimal point, and a letter.
_GARBLED = r"^[-+(]?\$?[\dA-Za-z]*\d[\dA-Za-z]*(?:[,.][\dA-Za-z]+)+%?\)?$"
_DATE_PATTERN = r"^(?:\d{1,2}/\d{1,2}/(?:\d{4}|\d{2})|\d{1,2}-[A-Za-z]{3}-\d{2,4})$"
_MULTI_NUMBER = r"^[-+(]?\$?[\d,.]*\d[\d,.]*%?\)?(?: [-+(]?\$?[\d,.]*\d[\d,.]*%?\)?)+$"

# A lone first-row heading that names a column: "Group 4", "Grp 2", "Pool 1", "Total".
_COLUMN_HEADING = r"(?i)^(?:(?:loan\s+)?(?:group|grp|pool)\s*\S+|total)$"

_EMPTY_CELLS = pl.DataFrame(
    schema={
        "table_ordinal": pl.Int32,
        "segment": pl.Int32,
        "area": pl.String,
        "line_no": pl.Int32,
        "row_ordinal": pl.Int32,
        "row_label": pl.String,
        "row_label_filled": pl.String,
        "row_sub": pl.Int32,
        "label_occurrence": pl.Int32,
        "column_ordinal": pl.Int32,
        "column_label": pl.String,
        "raw_text": pl.String,
        "value_kind": pl.String,
        "value_clean": pl.String,
        "char_start": pl.Int32,
        "char_end": pl.Int32,
    }
)


@dataclass(frozen=True)
class ParsedReport:
    """The tables and cells of one document, plus the lines that are not cells."""

    tables: pl.DataFrame
    cells: pl.DataFrame
    lines: pl.DataFrame

    @property
    def number_cells(self) -> int:
        return self.cells.filter(pl.col("value_kind") == "number").height


def normalize_key(expr: pl.Expr) -> pl.Expr:
    """Lower-case, drop footnote markers like ``(1)`` and ``(continued)``, collapse blanks."""
    return (
        expr.str.to_lowercase()
        .str.replace_all(r"\(continued\)", "")
        .str.replace_all(r"\(\d+\)", "")
        .str.replace_all(r"[:\s]+", " ")
        .str.strip_chars()
    )


def _lines_frame(text: str) -> pl.DataFrame:
    if "\t" in text:
        text = "\n".join(line.expandtabs(8) for line in text.split("\n"))
    lines = pl.DataFrame({"text": text.split("\n")}).with_row_index("line_no", offset=1)
    return lines.with_columns(
        pl.col("line_no").cast(pl.Int32),
        # A form feed is a page break: it is not content, and it must not shift columns.
        pl.col("text").str.replace_all("\f", "", literal=True).str.strip_chars_end(),
    )


def _classify(lines: pl.DataFrame) -> pl.DataFrame:
    stripped = pl.col("text").str.strip_chars().str.to_lowercase()
    lines = lines.with_columns(
        is_open=stripped.str.contains(r"^<table[\s>]"),
        is_close=stripped.str.starts_with("</table"),
        is_caption=stripped.str.starts_with("<caption"),
        is_marker=stripped.str.contains(r"^<s>|^<c>"),
        is_fn_open=stripped.str.starts_with("<fn>"),
        is_fn_close=stripped.str.starts_with("</fn>"),
        is_page=stripped.str.contains(r"^</?page>|^</caption>"),
    )
    lines = lines.with_columns(
        table_ordinal=pl.col("is_open").cum_sum().cast(pl.Int32),
        depth=(pl.col("is_open").cast(pl.Int32) - pl.col("is_close").cast(pl.Int32)).cum_sum(),
    )
    lines = lines.with_columns(
        in_table=(pl.col("depth") > 0) | pl.col("is_close"),
    )
    lines = lines.with_columns(
        segment=pl.col("is_caption").cum_sum().over("table_ordinal").cast(pl.Int32),
        in_fn=(pl.col("is_fn_open").cast(pl.Int32) - pl.col("is_fn_close").shift(1, fill_value=False).cast(pl.Int32))
        .cum_sum()
        .over("table_ordinal")
        > 0,
    )
    lines = lines.with_columns(
        after_marker=pl.col("is_marker").cum_sum().over(["table_ordinal", "segment"]) > 0,
    )
    is_markup = (
        pl.col("is_open")
        | pl.col("is_close")
        | pl.col("is_caption")
        | pl.col("is_marker")
        | pl.col("is_fn_open")
        | pl.col("is_fn_close")
        | pl.col("is_page")
    )
    area = (
        pl.when(~pl.col("in_table"))
        .then(pl.lit("outside"))
        .when(is_markup)
        .then(pl.lit("markup"))
        .when(pl.col("text") == "")
        .then(pl.lit("blank"))
        .when(pl.col("in_fn"))
        .then(pl.lit("footnote"))
        .when(pl.col("after_marker"))
        .then(pl.lit("data"))
        .otherwise(pl.lit("caption"))
    )
    return lines.with_columns(area=area).select("line_no", "text", "table_ordinal", "segment", "area")


def _tokens(lines: pl.DataFrame) -> pl.DataFrame:
    """Cut lines into tokens with character spans (0-based start, exclusive end)."""
    chunks = (
        lines.select(
            "line_no",
            piece=pl.col("text").str.extract_all(r"\s*\S+(?: \S+)*"),
        )
        .explode("piece")
        .drop_nulls("piece")
        .with_columns(
            chunk_end=pl.col("piece").str.len_chars().cum_sum().over("line_no").cast(pl.Int32),
            chunk=pl.col("piece").str.strip_chars_start(),
        )
        .with_columns(chunk_start=pl.col("chunk_end") - pl.col("chunk").str.len_chars().cast(pl.Int32))
    )
    # Two numbers one blank apart are two tokens; anything else joined by single blanks is one.
    tokens = (
        chunks.with_columns(
            sub=pl.when(pl.col("chunk").str.contains(_MULTI_NUMBER))
            .then(pl.col("chunk").str.extract_all(r"\s*\S+"))
            .otherwise(pl.concat_list(pl.col("chunk")))
        )
        .explode("sub")
        .with_columns(
            sub_end=pl.col("sub").str.len_chars().cum_sum().over(["line_no", "chunk_start"]).cast(pl.Int32),
            token=pl.col("sub").str.strip_chars_start(),
        )
        .select(
            "line_no",
            "token",
            char_end=pl.col("chunk_start") + pl.col("sub_end"),
        )
        .with_columns(char_start=pl.col("char_end") - pl.col("token").str.len_chars().cast(pl.Int32))
        .with_columns(token_ordinal=pl.int_range(pl.len()).over("line_no").cast(pl.Int32))
    )
    return tokens


def _merge_intervals(spans: pl.DataFrame, keys: list[str]) -> pl.DataFrame:
    """Number the merged groups of overlapping ``[char_start, char_end)`` spans within ``keys``."""
    return (
        spans.sort([*keys, "char_start", "char_end"])
        .with_columns(
            prev_max_end=pl.col("char_end").cum_max().shift(1).over(keys),
        )
        .with_columns(
            column_ordinal=(
                (pl.col("prev_max_end").is_null() | (pl.col("char_start") >= pl.col("prev_max_end")))
                .cum_sum()
                .over(keys)
                .cast(pl.Int32)
            )
        )
        .drop("prev_max_end")
    )


def _value_kind(token: pl.Expr) -> pl.Expr:
    return (
        pl.when(token.str.contains(NUMBER_PATTERN) & token.str.contains(r"\d"))
        .then(pl.lit("number"))
        .when(token.str.contains(_DATE_PATTERN))
        .then(pl.lit("date"))
        .when(
            token.str.contains(_NUMBER_LIKE)
            | (token.str.contains(_GARBLED) & token.str.contains(r"[A-Za-z]") & ~token.str.contains(r"[A-Za-z]{2}"))
        )
        .then(pl.lit("unreadable"))
        .otherwise(pl.lit("text"))
    )


def _value_clean(token: pl.Expr, kind: pl.Expr) -> pl.Expr:
    digits = token.str.replace_all(r"[,$%()+]", "")
    negative = token.str.starts_with("(") & token.str.ends_with(")")
    number = pl.when(negative).then(pl.lit("-") + digits).otherwise(digits)
    return (
        pl.when(kind == "number")
        .then(number)
        .when(kind == "unreadable")
        .then(pl.lit(None, dtype=pl.String))
        .otherwise(token)
    )


_LAYOUT_CACHE: dict[str, list[tuple[int, str]]] = {}


def _resolve_layout(header: list[tuple[int, int, int, str]], columns: list[tuple[int, int, int]]) -> list:
    """Map stacked header words to value columns; ``[(column_ordinal, label)]``.

    ``header`` is ``[(line_no, start, end, word)]``; ``columns`` is ``[(ordinal, start, end)]``.
    Column 0 is the row-label column. Cached by the header text and the column spans.
    """
    key = hashlib.blake2b(repr((header, columns)).encode(), digest_size=16).hexdigest()
    cached = _LAYOUT_CACHE.get(key)
    if cached is not None:
        return cached
    first_value_start = min((start for _, start, _ in columns), default=10**9)
    words: dict[int, list[tuple[int, int, str]]] = {}
    for line_no, start, end, word in header:
        if start < first_value_start and end <= first_value_start:
            ordinal = 0
        else:
            best = max(columns, key=lambda c: (min(end, c[2]) - max(start, c[1]), -abs(c[1] - start)))
            if min(end, best[2]) - max(start, best[1]) <= 0:
                best = min(columns, key=lambda c: max(c[1] - end, start - c[2], 0))
            ordinal = best[0]
        words.setdefault(ordinal, []).append((line_no, start, word))
    resolved = [(ordinal, " ".join(w for _, _, w in sorted(ws))) for ordinal, ws in sorted(words.items())]
    if len(_LAYOUT_CACHE) > 10_000:
        _LAYOUT_CACHE.clear()
    _LAYOUT_CACHE[key] = resolved
    return resolved


def parse_report_tables(text: str) -> ParsedReport:
    """Parse every ``<TABLE>`` of a document into tables, cells and non-cell lines.

    ``cells`` has one row per printed value: data-area tokens (with row label, column label and
    position) and caption key/value statements (``area = 'caption'``). ``lines`` keeps every other
    non-blank line inside tables (titles, headers, footnotes, caption text) so that nothing printed is
    lost. ``tables`` has one row per table segment with its title and layout hash.
    """
    lines = _classify(_lines_frame(text))
    in_tables = lines.filter(pl.col("area").is_in(["caption", "data", "footnote"]))
    if in_tables.is_empty():
        return ParsedReport(_tables_frame([]), _EMPTY_CELLS.clone(), _lines_frame("").head(0))

    tokens = _tokens(in_tables.select("line_no", "text")).join(
        in_tables.select("line_no", "table_ordinal", "segment", "area"), on="line_no"
    )
    caption = _caption_lines(in_tables, tokens)
    data_tokens = tokens.filter(pl.col("area") == "data").with_columns(value_kind=_value_kind(pl.col("token")))
    seg = ["table_ordinal", "segment"]

    # ---- row labels: a line's first token, when it starts left of every value of the segment
    label_limit = (
        data_tokens.filter(pl.col("token_ordinal") > 0).group_by(seg).agg(label_limit=pl.col("char_start").min())
    )
    data_tokens = data_tokens.join(label_limit, on=seg, how="left").with_columns(
        is_label=(pl.col("token_ordinal") == 0) & (pl.col("char_start") < pl.col("label_limit").fill_null(10**9))
    )
    rows = (
        in_tables.filter(pl.col("area") == "data")
        .select("line_no", *seg)
        .join(
            data_tokens.filter("is_label").select("line_no", row_label="token"),
            on="line_no",
            how="left",
        )
        .sort("line_no")
        .with_columns(
            row_ordinal=pl.int_range(1, pl.len() + 1).over(seg).cast(pl.Int32),
            label_group=pl.col("row_label").is_not_null().cum_sum().over(seg),
            label_occurrence=pl.when(pl.col("row_label").is_not_null()).then(
                pl.int_range(1, pl.len() + 1).over([*seg, "row_label"])
            ),
        )
        .with_columns(
            row_label_filled=pl.col("row_label").forward_fill().over(seg),
            label_occurrence=pl.col("label_occurrence").forward_fill().over(seg).cast(pl.Int32),
            row_sub=pl.int_range(pl.len()).over([*seg, "label_group"]).cast(pl.Int32),
        )
        .drop("label_group")
    )

    # ---- value columns: merged overlapping spans of the value tokens
    values = _merge_intervals(data_tokens.filter(~pl.col("is_label")), seg)
    spans = values.group_by([*seg, "column_ordinal"]).agg(
        col_start=pl.col("char_start").min(), col_end=pl.col("char_end").max()
    )
    column_labels = _column_labels(caption, tokens, spans, values, rows)

    cells = (
        values.join(rows.drop(*seg), on="line_no")
        .join(column_labels, on=[*seg, "column_ordinal"], how="left")
        .select(
            *seg,
            area=pl.lit("data"),
            line_no=pl.col("line_no"),
            row_ordinal="row_ordinal",
            row_label="row_label",
            row_label_filled="row_label_filled",
            row_sub="row_sub",
            label_occurrence="label_occurrence",
            column_ordinal="column_ordinal",
            column_label="column_label",
            raw_text="token",
            value_kind="value_kind",
            value_clean=_value_clean(pl.col("token"), pl.col("value_kind")),
            char_start="char_start",
            char_end="char_end",
        )
    )
    kv = caption.filter(pl.col("caption_kind") == "key_value").with_columns(value_kind=_value_kind(pl.col("kv_value")))
    kv_cells = kv.select(
        *seg,
        area=pl.lit("caption"),
        line_no="line_no",
        row_ordinal=pl.lit(None, dtype=pl.Int32),
        row_label="kv_key",
        row_label_filled="kv_key",
        row_sub=pl.lit(0, dtype=pl.Int32),
        label_occurrence=pl.int_range(1, pl.len() + 1).over([*seg, "kv_key"]).cast(pl.Int32),
        column_ordinal=pl.lit(1, dtype=pl.Int32),
        column_label=pl.lit(None, dtype=pl.String),
        raw_text="kv_value",
        value_kind="value_kind",
        value_clean=_value_clean(pl.col("kv_value"), pl.col("value_kind")),
        char_start=pl.col("text").str.find(r"\S", literal=False).cast(pl.Int32),
        char_end=pl.col("text").str.len_chars().cast(pl.Int32),
    )
    cells = pl.concat([_EMPTY_CELLS, cells, kv_cells], how="vertical_relaxed").sort("line_no", "char_start")

    label_only = rows.join(values.select("line_no").unique(), on="line_no", how="anti").filter(
        pl.col("row_label").is_not_null()
    )
    other_lines = pl.concat(
        [
            caption.filter(pl.col("caption_kind") != "key_value").select(
                "line_no", *seg, kind="caption_kind", text=pl.col("text").str.strip_chars()
            ),
            in_tables.filter(pl.col("area") == "footnote").select(
                "line_no", *seg, kind=pl.lit("footnote"), text=pl.col("text").str.strip_chars()
            ),
            label_only.select("line_no", *seg, kind=pl.lit("row_label"), text="row_label"),
        ]
    ).sort("line_no")
    return ParsedReport(_tables(caption, in_tables, other_lines), cells, other_lines)


def _caption_lines(in_tables: pl.DataFrame, tokens: pl.DataFrame) -> pl.DataFrame:
    """Caption-area lines with their kind: ``key_value``, ``header`` (2+ tokens) or ``title``."""
    token_counts = tokens.group_by("line_no").agg(n_tokens=pl.len().cast(pl.Int32))
    caption = (
        in_tables.filter(pl.col("area") == "caption")
        .join(token_counts, on="line_no", how="left")
        .with_columns(kv=pl.col("text").str.extract_groups(r"^\s*([A-Za-z][^:]{0,60}?):\s+(\S.*)$"))
        .with_columns(
            kv_key=pl.col("kv").struct.field("1").str.replace_all(r"\s+", " "),
            kv_value=pl.col("kv").struct.field("2").str.strip_chars(),
        )
        .drop("kv")
    )
    return caption.with_columns(
        caption_kind=pl.when(pl.col("kv_key").is_not_null())
        .then(pl.lit("key_value"))
        .when(pl.col("n_tokens") >= 2)
        .then(pl.lit("header"))
        .otherwise(pl.lit("title")),
    ).sort("line_no")


def _column_labels(
    caption: pl.DataFrame,
    tokens: pl.DataFrame,
    spans: pl.DataFrame,
    values: pl.DataFrame,
    rows: pl.DataFrame,
) -> pl.DataFrame:
    """Resolve each segment's column labels from its header block (once per distinct layout).

    A segment without header lines whose first data row is all text and spans two or more columns
    (the group-level statement's ``Group  Group 1  Group 2``), or names a lone column ``Total`` or
    ``Group 4``, takes that row as its header.
    """
    seg = ["table_ordinal", "segment"]
    header_tokens = tokens.join(caption.filter(pl.col("caption_kind") == "header").select("line_no"), on="line_no")
    out: list[dict] = []
    span_groups = {k: g for k, g in spans.group_by(seg)}
    header_groups = {k: g for k, g in header_tokens.group_by(seg)}
    for key, span in span_groups.items():
        columns = [
            (r["column_ordinal"], r["col_start"], r["col_end"])
            for r in span.sort("column_ordinal").iter_rows(named=True)
        ]
        header = header_groups.get(key)
        if header is not None:
            words = [
                (r["line_no"], r["char_start"], r["char_end"], r["token"])
                for r in header.sort("line_no", "char_start").iter_rows(named=True)
            ]
            for ordinal, label in _resolve_layout(words, columns):
                out.append(
                    {
                        "table_ordinal": key[0],
                        "segment": key[1],
                        "column_ordinal": ordinal,
                        "column_label": label,
                    }
                )
        else:
            first_line = rows.filter((pl.col("table_ordinal") == key[0]) & (pl.col("segment") == key[1]))
            first_line = first_line.sort("line_no").head(1)
            first = values.join(first_line.select("line_no"), on="line_no")
            all_text = first.height >= 1 and (first["value_kind"] == "text").all()
            headings = first.height >= 1 and first["token"].str.contains(_COLUMN_HEADING).all()
            if all_text and (first.height >= 2 or headings):
                out.extend(
                    {
                        "table_ordinal": key[0],
                        "segment": key[1],
                        "column_ordinal": r["column_ordinal"],
                        "column_label": r["token"],
                    }
                    for r in first.iter_rows(named=True)
                )
    return pl.DataFrame(
        out,
        schema={
            "table_ordinal": pl.Int32,
            "segment": pl.Int32,
            "column_ordinal": pl.Int32,
            "column_label": pl.String,
        },
    )


def _tables_frame(rows: list[dict]) -> pl.DataFrame:
    return pl.DataFrame(
        rows,
        schema={
            "table_ordinal": pl.Int32,
            "segment": pl.Int32,
            "title": pl.String,
            "is_continued": pl.Boolean,
            "header_text": pl.String,
            "layout_hash": pl.String,
            "first_line": pl.Int32,
            "last_line": pl.Int32,
            "footnotes": pl.String,
        },
    )


def _tables(caption: pl.DataFrame, in_tables: pl.DataFrame, other: pl.DataFrame) -> pl.DataFrame:
    """One row per table segment: title (the last run of title lines; inherited by later segments)."""
    seg = ["table_ordinal", "segment"]
    runs = caption.with_columns(
        run=(
            (pl.col("line_no") - pl.col("line_no").shift(1) != 1)
            | (pl.col("caption_kind") != pl.col("caption_kind").shift(1))
        )
        .fill_null(True)
        .cum_sum()
        .over(seg)
    )
    titles = (
        runs.filter(pl.col("caption_kind") == "title")
        .group_by([*seg, "run"])
        .agg(title=pl.col("text").str.strip_chars().str.join(" - "))
        .sort([*seg, "run"])
        .group_by(seg)
        .agg(pl.col("title").last())
    )
    headers = (
        caption.filter(pl.col("caption_kind") == "header").group_by(seg).agg(header_text=pl.col("text").str.join("\n"))
    )
    footnotes = (
        in_tables.filter(pl.col("area") == "footnote")
        .group_by("table_ordinal")
        .agg(footnotes=pl.col("text").str.strip_chars().str.join("\n"))
    )
    extent = in_tables.group_by(seg).agg(first_line=pl.col("line_no").min(), last_line=pl.col("line_no").max())
    tables = (
        extent.join(titles, on=seg, how="left")
        .join(headers, on=seg, how="left")
        .join(footnotes, on="table_ordinal", how="left")
        .sort(seg)
        .with_columns(pl.col("title").forward_fill().over("table_ordinal"))
        .with_columns(
            is_continued=pl.col("title").str.to_lowercase().str.contains(r"\(continued\)").fill_null(False),
            layout_hash=pl.concat_str(
                [pl.col("title").fill_null(""), pl.col("header_text").fill_null("")], separator="\x1f"
            )
            .hash()
            .cast(pl.String),
        )
    )
    return pl.concat([_tables_frame([]), tables.select(_tables_frame([]).columns)], how="vertical_relaxed")
