"""Reference implementation of the report table parser: vectorised Polars (see :mod:`loaders.tables`).

``loaders.tables`` parses with its native core (``loaders/_tables_native.c``); this module computes the
same frames with Polars expressions. It is the oracle of the native core's differential tests and the
parser where the extension is not built (``MBS_PARSER=polars``).

Pure functions of text -> Polars frames; no I/O. Many documents are parsed in one pass: every frame
carries ``doc`` (the document's index in the batch) and every window runs over it.

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
  it overlaps most (or the nearest), and a column's label is its header words top to bottom. Header
  layouts repeat across thousands of filings: each distinct layout (header words and column spans)
  is resolved once per batch and joined back to every segment that has it.
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

from dataclasses import dataclass

import polars as pl

__all__ = ["ParsedReport", "parse_documents"]

NUMBER_PATTERN = r"^\(?[-+]?\$?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?%?\)?$"
_NUMBER_LIKE = r"^[-+(]?\$?[\d,.]*\d[\d,.]*%?\)?$"
# A number with a letter in it ("4,231,3b3.70"): comma groups or a decimal point, and a letter.
_GARBLED = r"^[-+(]?\$?[\dA-Za-z]*\d[\dA-Za-z]*(?:[,.][\dA-Za-z]+)+%?\)?$"
_MONTH_NAME = (
    r"(?i:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?"
    r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_SPELLED_DATE = rf"^{_MONTH_NAME}\.? \d{{1,2}}, \d{{4}}$"
_DATE_PATTERN = rf"^(?:\d{{1,2}}/\d{{1,2}}/(?:\d{{4}}|\d{{2}})|\d{{1,2}}-[A-Za-z]{{3}}-\d{{2,4}})$|{_SPELLED_DATE}"
# A line of rules only: "-------", "=======", and EDGAR's escaping of a line that starts with a dash.
_RULE_LINE = r"^[\s=\-_]*[=\-_]{3,}[\s=\-_]*$"
# A masthead statement without a colon: "SMT SERIES 2004-3".
_SERIES_STATEMENT = r"(?i)^([A-Za-z][A-Za-z0-9 .&'-]{0,40}\bseries)\s+(\S+)$"
_KEY_VALUE = r"^([A-Za-z][^:]{0,60}?):\s+(\S.*)$"
_DENOMINATION = r"(?i)\bper\s+\$\s?(1,?000|1)\s+denomination"
_MULTI_NUMBER = r"^[-+(]?\$?[\d,.]*\d[\d,.]*%?\)?(?: [-+(]?\$?[\d,.]*\d[\d,.]*%?\)?)+$"
# A lone first-row heading that names a column: "Group 4", "Grp 2", "Pool 1", "Total".
_COLUMN_HEADING = r"(?i)^(?:(?:loan\s+)?(?:group|grp|pool)\s*\S+|total)$"
SEG = ["doc", "table_ordinal", "segment"]
# One integer per segment (and per table) of the batch, numbered in line order: every window, group
# and join runs on it instead of the three columns of SEG (which ride along as payload).
KEY = "seg"
TAB = "tab"

_CELL_SCHEMA = {
    "doc": pl.UInt32,
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
_TABLE_SCHEMA = {
    "doc": pl.UInt32,
    "table_ordinal": pl.Int32,
    "segment": pl.Int32,
    "title": pl.String,
    "is_continued": pl.Boolean,
    "header_text": pl.String,
    "layout_hash": pl.String,
    "first_line": pl.Int32,
    "last_line": pl.Int32,
    "footnotes": pl.String,
    "is_terminated": pl.Boolean,
    "factor_denomination": pl.Int32,
}
_LINE_SCHEMA = {
    "doc": pl.UInt32,
    "line_no": pl.Int32,
    "table_ordinal": pl.Int32,
    "segment": pl.Int32,
    "kind": pl.String,
    "text": pl.String,
}


@dataclass(frozen=True)
class ParsedReport:
    """The tables and cells of a batch of documents, plus the table lines that are not cells."""

    tables: pl.DataFrame
    cells: pl.DataFrame
    lines: pl.DataFrame

    @property
    def number_cells(self) -> int:
        return self.cells.filter(pl.col("value_kind") == "number").height


def _empty() -> ParsedReport:
    return ParsedReport(
        pl.DataFrame(schema=_TABLE_SCHEMA), pl.DataFrame(schema=_CELL_SCHEMA), pl.DataFrame(schema=_LINE_SCHEMA)
    )


def _lines_frame(texts: list[str]) -> pl.DataFrame:
    texts = ["\n".join(line.expandtabs(8) for line in t.split("\n")) if "\t" in t else t for t in texts]
    return (
        pl.DataFrame({"text": texts})
        .with_row_index("doc")
        .with_columns(pl.col("text").str.split("\n"))
        .explode("text")
        .with_columns(
            line_no=_cum_sum_within(pl.repeat(1, pl.len(), dtype=pl.Int32), "doc"),
            # A form feed is a page break: it is not content, and it must not shift columns.
            text=pl.col("text").str.replace_all("\f", "", literal=True).str.strip_chars_end(),
        )
        .with_row_index("line_id")
    )


def _classify(lines: pl.DataFrame) -> pl.DataFrame:
    # One extraction of the leading tag (if any) instead of a regex per kind of markup.
    tag = pl.col("text").str.extract(r"^\s*<(/?[A-Za-z]+)[\s>]?", 1).str.to_lowercase()
    lines = (
        lines.with_columns(tag=tag)
        .with_columns(
            is_open=pl.col("tag") == "table",
            is_close=pl.col("tag") == "/table",
            is_caption=pl.col("tag") == "caption",
            is_marker=pl.col("tag").is_in(["s", "c"]),
            is_fn_open=pl.col("tag") == "fn",
            is_fn_close=pl.col("tag") == "/fn",
            is_page=pl.col("tag").is_in(["page", "/page", "/caption"]),
        )
        .with_columns(
            pl.col(c).fill_null(False)
            for c in ("is_open", "is_close", "is_caption", "is_marker", "is_fn_open", "is_fn_close", "is_page")
        )
    )
    lines = lines.with_columns(
        table_ordinal=_cum_sum_within(pl.col("is_open").cast(pl.Int32), "doc"),
        depth=_cum_sum_within(pl.col("is_open").cast(pl.Int32) - pl.col("is_close").cast(pl.Int32), "doc"),
    )
    lines = lines.with_columns(_ordinal_key(["doc", "table_ordinal"], TAB))
    lines = lines.with_columns(
        in_table=(pl.col("depth") > 0) | pl.col("is_close"),
        segment=_cum_sum_within(pl.col("is_caption").cast(pl.Int32), TAB),
        in_fn=_cum_sum_within(pl.col("is_fn_open").cast(pl.Int32) - pl.col("is_fn_close").cast(pl.Int32), TAB) > 0,
    )
    lines = lines.with_columns(_ordinal_key([TAB, "segment"], KEY))
    lines = lines.with_columns(after_marker=_cum_sum_within(pl.col("is_marker").cast(pl.Int32), KEY) > 0)
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
        # A rule line separates blocks: it is neither a title nor a row.
        .when(pl.col("text").str.contains(_RULE_LINE))
        .then(pl.lit("rule"))
        .when(pl.col("in_fn"))
        .then(pl.lit("footnote"))
        .when(pl.col("after_marker"))
        .then(pl.lit("data"))
        .otherwise(pl.lit("caption"))
    )
    return lines.with_columns(
        area=area,
        # A table cut off before its </TABLE> (a truncated file) is flagged, not trusted.
        is_terminated=pl.col("is_close").any().over(TAB),
    ).select("line_id", "doc", "line_no", "text", "table_ordinal", "segment", TAB, KEY, "area", "is_terminated")


def _cum_sum_within(value: pl.Expr, key: str) -> pl.Expr:
    """``value.cum_sum().over(key)`` for a frame sorted by ``key`` (its groups contiguous), without a
    window: the running sum over the frame less the sum before the group's first row."""
    total = value.cum_sum()
    starts = (pl.col(key) != pl.col(key).shift(1)).fill_null(True)
    return (total - pl.when(starts).then(total - value).forward_fill()).cast(pl.Int32)


def _ordinal_key(columns: list[str], name: str) -> pl.Expr:
    """A dense integer key of ``columns`` for a frame in line order (their values never decrease)."""
    changed = pl.any_horizontal(pl.col(c) != pl.col(c).shift(1) for c in columns).fill_null(True)
    return changed.cum_sum().cast(pl.UInt32).alias(name)


def _tokens(lines: pl.DataFrame) -> pl.DataFrame:
    """Cut lines into tokens with character spans (0-based start, exclusive end).

    Each match of ``\\s*\\S+( \\S+)*`` carries its leading blanks, so the running sum of match
    lengths within a line is each token's end position.
    """
    length = pl.col("piece").str.len_chars().cast(pl.Int32)
    line_start = (pl.col("line_id") != pl.col("line_id").shift(1)).fill_null(True)
    chunks = (
        lines.select("line_id", piece=pl.col("text").str.extract_all(r"\s*\S+(?: \S+)*"))
        .explode("piece")
        .drop_nulls("piece")
        .with_columns(total=length.cast(pl.Int64).cum_sum())  # a batch may hold more than 2**31 characters
        # The running sum over the batch less the sum before the line's first match (no window).
        .with_columns(char_end=pl.col("total") - pl.when(line_start).then(pl.col("total") - length).forward_fill())
        .select("line_id", token=pl.col("piece").str.strip_chars_start(), char_end=pl.col("char_end").cast(pl.Int32))
    )
    # Two numbers one blank apart are two tokens; anything else joined by single blanks is one.
    is_multi = pl.col("token").str.contains(_MULTI_NUMBER)
    multi = chunks.filter(is_multi)
    if not multi.is_empty():
        split = (
            multi.with_columns(
                chunk_start=pl.col("char_end") - pl.col("token").str.len_chars().cast(pl.Int32),
                piece=pl.col("token").str.extract_all(r"\s*\S+"),
            )
            .with_columns(end=pl.col("piece").list.eval(pl.element().str.len_chars().cum_sum()))
            .explode("piece", "end")
            .select(
                "line_id",
                token=pl.col("piece").str.strip_chars_start(),
                char_end=(pl.col("chunk_start") + pl.col("end")).cast(pl.Int32),
            )
        )
        chunks = pl.concat([chunks.filter(~is_multi), split]).sort(
            pl.col("line_id").cast(pl.UInt64) * 2**32 + pl.col("char_end").cast(pl.UInt64)
        )
    row = pl.int_range(pl.len(), dtype=pl.Int32)
    first_of_line = pl.col("line_id") != pl.col("line_id").shift(1)
    return chunks.with_columns(
        char_start=pl.col("char_end") - pl.col("token").str.len_chars().cast(pl.Int32),
        token_ordinal=row - pl.when(first_of_line.fill_null(True)).then(row).forward_fill(),
    )


def _merge_intervals(spans: pl.DataFrame, keys: list[str]) -> pl.DataFrame:
    """Number the merged groups of overlapping ``[char_start, char_end)`` spans within ``keys`` (one
    integer key, e.g. ``[KEY]``).

    Sorted by key and start, a span opens a new group when it starts at or after the largest end so
    far in its key. That running maximum is one ``cum_max`` over the whole frame: each key's ends are
    offset by ``key * 2**32``, above every earlier key's (no window over the key).
    """
    (key,) = keys
    base = pl.col(key).cast(pl.UInt64) * 2**32
    running_max = (base + pl.col("char_end").cast(pl.UInt64)).cum_max() - base
    key_start = (pl.col(key) != pl.col(key).shift(1)).fill_null(True)
    prev_max_end = pl.when(key_start).then(None).otherwise(running_max.shift(1))
    opens = prev_max_end.is_null() | (pl.col("char_start").cast(pl.UInt64) >= prev_max_end)
    return spans.sort([key, "char_start", "char_end"]).with_columns(
        column_ordinal=_cum_sum_within(opens.cast(pl.Int32), key)
    )


def _value_columns(values: pl.DataFrame) -> pl.DataFrame:
    """Number the value columns of each segment: merged spans of the figures, then the text.

    Columns are found from the figures (numbers and unreadable numbers) first: a text or date token
    that overlaps a figure column joins the one it overlaps most, so a footer line of prose under a table
    ("SELLER:  Aames Capital Corporation") does not glue two figure columns into one. Text tokens that
    overlap no figure column make text columns of their own (CUSIP, class description). Ordinals run
    left to right over both.
    """
    is_text = pl.col("value_kind").is_in(["text", "date"])
    figures = _merge_intervals(values.filter(~is_text), [KEY])
    spans = figures.group_by([KEY, "column_ordinal"]).agg(
        col_start=pl.col("char_start").min(), col_end=pl.col("char_end").max()
    )
    text = values.filter(is_text).with_row_index("text_id")
    overlaps = (
        text.select("text_id", KEY, "char_start", "char_end")
        .join(spans, on=KEY)
        .with_columns(overlap=pl.min_horizontal("char_end", "col_end") - pl.max_horizontal("char_start", "col_start"))
        .filter(pl.col("overlap") > 0)
        .sort("text_id", "overlap", "column_ordinal", descending=[False, True, False])
        .group_by("text_id", maintain_order=True)
        .first()
        .select("text_id", "column_ordinal")
    )
    text = text.join(overlaps, on="text_id", how="left")
    own = _merge_intervals(text.filter(pl.col("column_ordinal").is_null()).drop("column_ordinal"), [KEY])
    own_spans = own.group_by([KEY, "column_ordinal"]).agg(col_start=pl.col("char_start").min())
    # One ordinal sequence over figure columns and text columns, by their left edge.
    order = (
        pl.concat(
            [
                spans.select(KEY, "column_ordinal", "col_start", is_own=pl.lit(False)),
                own_spans.select(KEY, "column_ordinal", "col_start", is_own=pl.lit(True)),
            ]
        )
        .sort([KEY, "col_start", "is_own"])
        .with_columns(final_ordinal=pl.int_range(1, pl.len() + 1).over(KEY).cast(pl.Int32))
    )
    joined = pl.concat(
        [
            figures.with_columns(is_own=pl.lit(False)),
            text.filter(pl.col("column_ordinal").is_not_null()).drop("text_id").with_columns(is_own=pl.lit(False)),
            own.drop("text_id").with_columns(is_own=pl.lit(True)),
        ],
        how="diagonal_relaxed",
    )
    return (
        joined.join(order.drop("col_start"), on=[KEY, "column_ordinal", "is_own"], how="left")
        .with_columns(column_ordinal=pl.col("final_ordinal"))
        .drop("final_ordinal", "is_own")
    )


def _value_kind(token: pl.Expr) -> pl.Expr:
    # Only tokens with a digit can be numbers, dates or unreadable numbers: test that first.
    has_digit = token.str.contains(r"\d")
    return (
        pl.when(~has_digit)
        .then(pl.lit("text"))
        .when(token.str.contains(NUMBER_PATTERN))
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


def _with_value_kind(frame: pl.DataFrame, column: str) -> pl.DataFrame:
    """``frame`` with ``value_kind`` of ``column`` (as :func:`_value_kind`), the common cases first.

    Text without a digit and well-formed numbers are most tokens and take two regexes; only the rest
    (dates, codes, unreadable numbers) go through every pattern of :func:`_value_kind`.
    """
    token = pl.col(column)
    has_digit = token.str.contains(r"\d")
    frame = frame.with_columns(
        value_kind=pl.when(~has_digit)
        .then(pl.lit("text"))
        .when(token.str.contains(NUMBER_PATTERN))
        .then(pl.lit("number"))
        .otherwise(pl.lit(None, dtype=pl.String))
    )
    rest = frame["value_kind"].is_null().arg_true()
    if rest.len():
        kinds = frame.select(pl.col(column).gather(rest)).select(kind=_value_kind(pl.col(column)))["kind"]
        frame = frame.with_columns(frame["value_kind"].scatter(rest, kinds))
    return frame


def _value_clean(token: pl.Expr, kind: pl.Expr) -> pl.Expr:
    digits = token.str.replace_all(r"[,$%()+]", "")
    negative = token.str.starts_with("(") & token.str.ends_with(")")
    number = pl.when(negative).then(pl.lit("-") + digits).otherwise(digits)
    spelled = (
        token.str.replace(r"^([A-Za-z]{3})[A-Za-z]*\.?", "$1")
        .str.to_titlecase()
        .str.to_date("%b %d, %Y", strict=False)
        .dt.strftime("%m/%d/%Y")
    )
    return (
        pl.when(kind == "number")
        .then(number)
        .when(kind == "unreadable")
        .then(pl.lit(None, dtype=pl.String))
        .when((kind == "date") & token.str.contains(_SPELLED_DATE))
        .then(spelled)
        .otherwise(token)
    )


def parse_documents(texts: list[str]) -> ParsedReport:
    """Parse every ``<TABLE>`` of each document into tables, cells and non-cell lines.

    ``cells`` has one row per printed value: data-area tokens (with row label, column label and
    position) and caption key/value statements (``area = 'caption'``). ``lines`` keeps every other
    non-blank line inside tables (titles, headers, footnotes, label-only rows) so that nothing printed
    is lost. ``tables`` has one row per table segment with its title and layout hash. Every frame has
    ``doc``, the document's index in ``texts``.
    """
    if not texts:
        return _empty()
    lines = _classify(_lines_frame(texts))
    in_tables = lines.filter(pl.col("area").is_in(["caption", "data", "footnote"]))
    if in_tables.is_empty():
        return _empty()
    tokens = _tokens(in_tables.select("line_id", "text")).join(
        in_tables.select("line_id", "doc", "line_no", "table_ordinal", "segment", KEY, "area"), on="line_id"
    )
    caption = _caption_lines(in_tables, tokens)
    data_tokens = _with_value_kind(tokens.filter(pl.col("area") == "data"), "token")

    # ---- row labels: a line's first token, when it starts left of every value of the segment
    label_limit = (
        data_tokens.filter(pl.col("token_ordinal") > 0).group_by(KEY).agg(label_limit=pl.col("char_start").min())
    )
    data_tokens = data_tokens.join(label_limit, on=KEY, how="left").with_columns(
        is_label=(pl.col("token_ordinal") == 0) & (pl.col("char_start") < pl.col("label_limit").fill_null(10**9))
    )
    # Rows are in line order, so a segment and a label's run of rows (a labelled row and the unlabelled
    # rows under it, or the unlabelled rows that open a segment) are contiguous: positions within them
    # are the row number less the row number where they start (no window over a key).
    row = pl.int_range(pl.len(), dtype=pl.Int32)
    seg_start = (pl.col(KEY) != pl.col(KEY).shift(1)).fill_null(True)
    run_start = seg_start | pl.col("row_label").is_not_null()
    rows = (
        in_tables.filter(pl.col("area") == "data")
        .select("line_id", KEY, "line_no")
        .join(data_tokens.filter("is_label").select("line_id", row_label="token"), on="line_id", how="left")
        .sort("line_id")
        .with_columns(
            seg_first=pl.when(seg_start).then(row).forward_fill(),
            run_first=pl.when(run_start).then(row).forward_fill(),
            label_occurrence=pl.when(pl.col("row_label").is_not_null()).then(
                pl.int_range(1, pl.len() + 1).over([KEY, "row_label"])
            ),
        )
        .with_columns(
            row_ordinal=(row - pl.col("seg_first") + 1).cast(pl.Int32),
            row_label_filled=pl.col("row_label").gather(pl.col("run_first")),
            label_occurrence=pl.col("label_occurrence").gather(pl.col("run_first")).cast(pl.Int32),
            row_sub=(row - pl.col("run_first")).cast(pl.Int32),
        )
        .drop("seg_first", "run_first")
    )

    # ---- value columns: merged overlapping spans of the value tokens
    values = _value_columns(data_tokens.filter(~pl.col("is_label")))
    # A column's span is that of its figures (prose or a date that joined it does not widen it), else
    # of its text.
    figure = pl.col("value_kind").is_in(["number", "unreadable"])
    spans = values.group_by([KEY, "column_ordinal"]).agg(
        col_start=pl.col("char_start").filter(figure).min().fill_null(pl.col("char_start").min()),
        col_end=pl.col("char_end").filter(figure).max().fill_null(pl.col("char_end").max()),
    )
    label_ends = data_tokens.filter("is_label").group_by(KEY).agg(label_end=pl.col("char_end").max())
    column_labels = pl.concat(
        [_header_labels(caption, tokens, spans, label_ends), _first_row_labels(caption, values, rows, spans)],
        how="vertical_relaxed",
    )

    cells = (
        values.join(rows.drop(KEY, "line_no"), on="line_id")
        .join(column_labels, on=[KEY, "column_ordinal"], how="left")
        .select(
            *SEG,
            "line_id",
            area=pl.lit("data"),
            line_no="line_no",
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
        *SEG,
        "line_id",
        area=pl.lit("caption"),
        line_no="line_no",
        row_ordinal=pl.lit(None, dtype=pl.Int32),
        row_label="kv_key",
        row_label_filled="kv_key",
        row_sub=pl.lit(0, dtype=pl.Int32),
        label_occurrence=pl.int_range(1, pl.len() + 1).over([KEY, "kv_key"]).cast(pl.Int32),
        column_ordinal=pl.lit(1, dtype=pl.Int32),
        column_label=pl.lit(None, dtype=pl.String),
        raw_text="kv_value",
        value_kind="value_kind",
        value_clean=_value_clean(pl.col("kv_value"), pl.col("value_kind")),
        char_start="kv_start",
        char_end="kv_end",
    )
    # In line order: line_id numbers the lines of the batch in (doc, line_no) order.
    cells = (
        pl.concat(
            [
                pl.DataFrame(schema={**{k: _CELL_SCHEMA[k] for k in SEG}, "line_id": pl.UInt32, **_CELL_SCHEMA}),
                cells,
                kv_cells,
            ],
            how="vertical_relaxed",
        )
        .sort("line_id", "char_start")
        .drop("line_id")
    )

    label_only = (
        rows.join(values.select("line_id").unique(), on="line_id", how="anti")
        .filter(pl.col("row_label").is_not_null())
        .join(in_tables.select("line_id", "doc", "table_ordinal", "segment"), on="line_id")
    )
    other_lines = pl.concat(
        [
            pl.DataFrame(schema=_LINE_SCHEMA),
            caption.filter(pl.col("caption_kind") != "key_value").select(
                "doc", "line_no", "table_ordinal", "segment", kind="caption_kind", text=pl.col("text").str.strip_chars()
            ),
            in_tables.filter(pl.col("area") == "footnote").select(
                "doc",
                "line_no",
                "table_ordinal",
                "segment",
                kind=pl.lit("footnote"),
                text=pl.col("text").str.strip_chars(),
            ),
            label_only.select("doc", "line_no", "table_ordinal", "segment", kind=pl.lit("row_label"), text="row_label"),
        ],
        how="vertical_relaxed",
    ).sort("doc", "line_no")
    return ParsedReport(_tables(caption, in_tables), cells, other_lines)


def _caption_lines(in_tables: pl.DataFrame, tokens: pl.DataFrame) -> pl.DataFrame:
    """Caption-area lines with their kind: ``key_value``, ``header`` (2+ tokens) or ``title``."""
    token_counts = tokens.group_by("line_id").agg(n_tokens=pl.len().cast(pl.Int32))
    caption = (
        in_tables.filter(pl.col("area") == "caption")
        .join(token_counts, on="line_id", how="left")
        .with_columns(kv=pl.col("text").str.strip_chars_start().str.extract_groups(_KEY_VALUE))
        .with_columns(
            kv_key=pl.col("kv").struct.field("1").str.replace_all(r"\s+", " "),
            kv_value=pl.col("kv").struct.field("2").str.strip_chars(),
            kv_start=pl.col("text").str.find(r"\S").cast(pl.Int32),
            kv_end=pl.col("text").str.len_chars().cast(pl.Int32),
        )
        .drop("kv")
    )
    caption = _masthead_statements(caption, tokens)
    return caption.with_columns(
        caption_kind=pl.when(pl.col("kv_key").is_not_null())
        .then(pl.lit("key_value"))
        .when(pl.col("caption_text").fill_null(False))
        .then(pl.lit("caption_text"))
        .when(pl.col("n_tokens") >= 2)
        .then(pl.lit("header"))
        .otherwise(pl.lit("title")),
    ).sort("line_id")


def _masthead_statements(caption: pl.DataFrame, tokens: pl.DataFrame) -> pl.DataFrame:
    """Split caption lines that hold two or more ``KEY: value`` statements into one row per statement.

    Each statement is a token (runs of text two or more blanks apart); a token without a colon that
    names a series (``SMT SERIES 2004-3``) is a statement too. Any other token of such a line is kept
    as caption text (a ``caption_text`` line), so nothing printed is lost.
    """
    caption = caption.with_columns(caption_text=pl.lit(False))
    statements = (
        tokens.join(caption.select("line_id"), on="line_id")
        .with_columns(kv=pl.col("token").str.extract_groups(_KEY_VALUE))
        .with_columns(series=pl.col("token").str.extract_groups(_SERIES_STATEMENT))
        .with_columns(
            statement_key=pl.coalesce(pl.col("kv").struct.field("1"), pl.col("series").struct.field("1")),
            statement_value=pl.coalesce(pl.col("kv").struct.field("2"), pl.col("series").struct.field("2")),
            has_colon=pl.col("kv").struct.field("1").is_not_null(),
        )
    )
    multi = statements.group_by("line_id").agg(pl.col("has_colon").sum()).filter(pl.col("has_colon") >= 2)
    if multi.is_empty():
        return caption
    kept = caption.drop("kv_key", "kv_value", "kv_start", "kv_end", "text", "caption_text")
    parts = (
        statements.select("line_id", "token", "char_start", "char_end", "statement_key", "statement_value")
        .join(multi.select("line_id"), on="line_id")
        .join(kept, on="line_id")
        .select(
            *kept.columns,
            text=pl.col("token"),
            kv_key=pl.col("statement_key").str.replace_all(r"\s+", " "),
            kv_value=pl.col("statement_value").str.strip_chars(),
            kv_start="char_start",
            kv_end="char_end",
            caption_text=pl.col("statement_key").is_null(),
        )
    )
    single = caption.join(multi.select("line_id"), on="line_id", how="anti")
    return pl.concat([single, parts], how="diagonal_relaxed").sort("line_id", "kv_start")


def _header_labels(
    caption: pl.DataFrame, tokens: pl.DataFrame, spans: pl.DataFrame, label_ends: pl.DataFrame
) -> pl.DataFrame:
    """Column labels from stacked header words, resolved once per distinct layout.

    A layout is a segment's header words (line offset, span, text) together with its column spans
    and the end of its row labels. Each header word joins the column it overlaps most (ties: the
    nearer start), or the nearest when it overlaps none; a word left of every column heads the
    row-label column (ordinal 0) when it starts within the row labels' width (a left-aligned word
    over a column of short numbers starts right of the labels: it heads that column).
    """
    header = tokens.join(caption.filter(pl.col("caption_kind") == "header").select("line_id"), on="line_id")
    if header.is_empty():
        return pl.DataFrame(schema={KEY: pl.UInt32, "column_ordinal": pl.Int32, "column_label": pl.String})
    header = header.with_columns(line_offset=pl.col("line_no") - pl.col("line_no").min().over(KEY))
    header_keys = (
        header.sort("line_no", "char_start")
        .group_by(KEY)
        .agg(header_key=pl.format("{}:{}:{}:{}", "line_offset", "char_start", "char_end", "token").str.join("|"))
    )
    span_keys = (
        spans.sort("column_ordinal")
        .group_by(KEY)
        .agg(span_key=pl.format("{}:{}:{}", "column_ordinal", "col_start", "col_end").str.join("|"))
        .join(label_ends, on=KEY, how="left")
        .with_columns(
            label_end=pl.col("label_end").fill_null(10**9),
            span_key=pl.concat_str("span_key", pl.col("label_end").fill_null(10**9), separator="#"),
        )
    )
    layouts = header_keys.join(span_keys, on=KEY).with_columns(
        layout=pl.concat_str("header_key", "span_key", separator="#").hash()
    )
    spans = spans.join(layouts.select(KEY, "label_end"), on=KEY)
    # One representative segment per distinct layout.
    representative = layouts.group_by("layout").agg(pl.col(KEY).first())
    words = header.join(representative, on=KEY).with_row_index("word_id")
    columns = spans.join(representative, on=KEY)
    first_value = columns.group_by("layout").agg(
        first_value_start=pl.col("col_start").min(), label_end=pl.col("label_end").first()
    )
    candidates = (
        words.select("word_id", "layout", "line_no", "char_start", "char_end", "token")
        .join(columns.select("layout", "column_ordinal", "col_start", "col_end"), on="layout")
        .join(first_value, on="layout")
        .with_columns(
            overlap=pl.min_horizontal("char_end", "col_end") - pl.max_horizontal("char_start", "col_start"),
            distance=pl.max_horizontal(
                pl.col("col_start") - pl.col("char_end"), pl.col("char_start") - pl.col("col_end"), pl.lit(0)
            ),
        )
        .with_columns(has_overlap=pl.col("overlap").max().over("word_id") > 0)
        .with_columns(
            rank_1=pl.when(pl.col("has_overlap")).then(-pl.col("overlap")).otherwise(pl.col("distance")),
            rank_2=pl.when(pl.col("has_overlap"))
            .then((pl.col("col_start") - pl.col("char_start")).abs())
            .otherwise(pl.col("column_ordinal")),
        )
    )
    chosen = (
        candidates.sort("word_id", "rank_1", "rank_2", "column_ordinal")
        .group_by("word_id", maintain_order=True)
        .first()
    )
    # A word over no column that is stacked with a word over one (their spans overlap, on another header
    # line) heads that word's column: a left-aligned "Loss" under "Realized", both starting in the gap
    # right of the previous column's figures, is as near that column as the next one's.
    anchors = chosen.filter(pl.col("has_overlap")).select(
        "layout",
        anchor_line="line_no",
        anchor_start="char_start",
        anchor_end="char_end",
        anchor_column="column_ordinal",
    )
    stacked = (
        chosen.filter(~pl.col("has_overlap"))
        .select("word_id", "layout", "line_no", "char_start", "char_end")
        .join(anchors, on="layout")
        .filter(pl.col("anchor_line") != pl.col("line_no"))
        .with_columns(
            word_overlap=pl.min_horizontal("char_end", "anchor_end") - pl.max_horizontal("char_start", "anchor_start"),
            line_distance=(pl.col("anchor_line") - pl.col("line_no")).abs(),
        )
        .filter(pl.col("word_overlap") > 0)
        .sort("word_id", "line_distance", "word_overlap", descending=[False, False, True])
        .group_by("word_id", maintain_order=True)
        .first()
        .select("word_id", "anchor_column")
    )
    chosen = (
        chosen.join(stacked, on="word_id", how="left")
        .with_columns(column_ordinal=pl.coalesce("anchor_column", "column_ordinal"))
        .with_columns(
            column_ordinal=pl.when(
                (pl.col("char_start") < pl.col("first_value_start"))
                & (pl.col("char_end") <= pl.col("first_value_start"))
                & (pl.col("char_start") < pl.col("label_end"))
            )
            .then(pl.lit(0))
            .otherwise(pl.col("column_ordinal"))
            .cast(pl.Int32)
        )
    )
    resolved = (
        chosen.sort("line_no", "char_start")
        .group_by("layout", "column_ordinal")
        .agg(column_label=pl.col("token").str.join(" "))
    )
    return layouts.select(KEY, "layout").join(resolved, on="layout").select(KEY, "column_ordinal", "column_label")


def _first_row_labels(
    caption: pl.DataFrame, values: pl.DataFrame, rows: pl.DataFrame, spans: pl.DataFrame
) -> pl.DataFrame:
    """Column labels of segments without header lines, from a first data row that is a heading row.

    The group-level statement prints ``Group  Group 1  Group 2`` as its first row: an all-text row
    over two or more columns, or a lone column heading ``Total`` or ``Group 4``.
    """
    with_header = caption.filter(pl.col("caption_kind") == "header").select(KEY).unique()
    first_lines = (
        rows.join(with_header, on=KEY, how="anti").sort("line_id").group_by(KEY).agg(pl.col("line_id").first())
    )
    first = values.join(first_lines.select("line_id"), on="line_id")
    qualifying = (
        first.group_by(KEY)
        .agg(
            all_text=(pl.col("value_kind") == "text").all(),
            n=pl.len(),
            headings=pl.col("token").str.contains(_COLUMN_HEADING).all(),
        )
        .filter(pl.col("all_text") & ((pl.col("n") >= 2) | pl.col("headings")))
    )
    return first.join(qualifying.select(KEY), on=KEY).select(KEY, "column_ordinal", column_label="token")


def _tables(caption: pl.DataFrame, in_tables: pl.DataFrame) -> pl.DataFrame:
    """One row per table segment: title (the last run of title lines; inherited by later segments)."""
    runs = caption.with_columns(
        run=(
            (pl.col("line_id") - pl.col("line_id").shift(1) != 1)
            | (pl.col("caption_kind") != pl.col("caption_kind").shift(1))
        )
        .fill_null(True)
        .cum_sum()
        .over(KEY)
    )
    titles = (
        runs.filter(pl.col("caption_kind") == "title")
        .group_by([KEY, "run"])
        .agg(title=pl.col("text").str.strip_chars().str.join(" - "))
        .sort([KEY, "run"])
        .group_by(KEY)
        .agg(pl.col("title").last())
    )
    headers = (
        caption.filter(pl.col("caption_kind") == "header").group_by(KEY).agg(header_text=pl.col("text").str.join("\n"))
    )
    footnotes = (
        in_tables.filter(pl.col("area") == "footnote")
        .group_by(TAB)
        .agg(footnotes=pl.col("text").str.strip_chars().str.join("\n"))
    )
    extent = in_tables.group_by(KEY).agg(
        *(pl.col(c).first() for c in (*SEG, TAB)),
        first_line=pl.col("line_no").min(),
        last_line=pl.col("line_no").max(),
        is_terminated=pl.col("is_terminated").all(),
    )
    tables = (
        extent.join(titles, on=KEY, how="left")
        .join(headers, on=KEY, how="left")
        .join(footnotes, on=TAB, how="left")
        .sort(KEY)
    )
    return _finish_tables(tables)


def _finish_tables(tables: pl.DataFrame) -> pl.DataFrame:
    """The table rows' inherited titles, continued flag, layout hash and factor denomination, from one row
    per segment in line order (``tab``, ``doc``, title, header text, footnotes, extent)."""
    tables = (
        tables.with_columns(pl.col("title").forward_fill().over(TAB))
        .with_columns(
            is_continued=pl.col("title").str.to_lowercase().str.contains(r"\(continued\)").fill_null(False),
            layout_hash=pl.concat_str(
                [pl.col("title").fill_null(""), pl.col("header_text").fill_null("")], separator="\x1f"
            )
            .hash()
            .cast(pl.String),
            factor_denomination=pl.col("footnotes")
            .str.extract(_DENOMINATION, 1)
            .str.replace(",", "", literal=True)
            .cast(pl.Int32, strict=False),
            continues=pl.col("title")
            .str.to_lowercase()
            .str.replace(r"\(continued\)", "")
            .str.replace_all(r"\s+", " ")
            .str.strip_chars(),
        )
        # A "(continued)" table's factors are in the denomination of the table it continues.
        .with_columns(pl.col("factor_denomination").forward_fill().over(["doc", "continues"]))
    )
    return pl.concat([pl.DataFrame(schema=_TABLE_SCHEMA), tables.select(list(_TABLE_SCHEMA))], how="vertical_relaxed")
