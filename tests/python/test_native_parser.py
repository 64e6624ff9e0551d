"""The native core of the table parser (``loaders/_tables_native.c``) against the reference implementation
(``loaders/tables_polars.py``): the same three frames -- rows, order, columns, dtypes, values -- for the
real filings, simulated corpora of every layout variation, generated tables and texts, and mutated
reports. Expected frames always come from the reference.

One exception is checked as such: the reference sorts its ``lines`` (and ``cells``) with Polars'
unstable sort, so rows that tie on the sort key -- several unlabelled texts of one masthead line, a
first-row heading that prints two words in one column -- come out in an order that depends on the rest
of the batch (``test_the_reference_orders_ties_by_batch`` shows it). Where the frames differ and such
ties exist, the key columns must still be equal in order and the tied rows equal as a multiset.
"""

from __future__ import annotations

import os
import random
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from loaders import filing, tables
from loaders.edgar import parse_submission, plain_text
from loaders.tables import parse_documents, parse_documents_native, parse_documents_polars, parser_in_use
from loaders.tables_polars import _empty
from synthetic.generate import random_deal
from synthetic.model import simulate
from synthetic.render import random_style, render_filing
from tests.python.conftest import REPO

FILES = sorted((REPO / "tests" / "fixtures" / "edgar").glob("*.txt")) + sorted((REPO / "data" / "sample").glob("*.txt"))
# The sort keys of the reference's frames (tables are in segment order: no ties).
TIE_KEYS = {"cells": ["doc", "line_no", "char_start"], "lines": ["doc", "line_no"]}
EXAMPLES = int(os.environ.get("NATIVE_EXAMPLES", "1"))


def documents(data: bytes) -> list[str]:
    """The documents of a file as the loader parses them (loaders/filing.py)."""
    return [plain_text(d.text) for d in parse_submission(data).documents]


def has_ties(frame: pl.DataFrame, keys: list[str]) -> bool:
    return frame.select(keys).is_duplicated().any()


def assert_same(texts: list[str]) -> None:
    """The native core's frames are the reference's (see the module docstring for tied rows)."""
    ref = parse_documents_polars(texts)
    new = parse_documents_native(texts)
    for name in ("tables", "cells", "lines"):
        expected, got = getattr(ref, name), getattr(new, name)
        try:
            assert_frame_equal(expected, got, check_dtypes=True, check_row_order=True, check_exact=True)
        except AssertionError:
            keys = TIE_KEYS.get(name)
            if keys is None or not has_ties(expected, keys):
                raise
            assert_frame_equal(expected.select(keys), got.select(keys))
            columns = expected.columns
            assert_frame_equal(
                expected.sort(columns, maintain_order=True, nulls_last=True),
                got.sort(columns, maintain_order=True, nulls_last=True),
            )


# ---- the real filings


def test_native_core_is_in_use():
    # The differential tests below must not compare the reference with itself.
    assert parser_in_use() == "native"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_each_real_filing(path: Path):
    assert_same(documents(path.read_bytes()))


def test_real_filings_in_one_batch():
    texts = [t for path in FILES for t in documents(path.read_bytes())]
    assert_same(texts)
    assert parse_documents_native(texts).cells.height > 4000


def test_the_loader_lands_the_same_frames(monkeypatch):
    items = [(path.read_bytes(), str(path)) for path in FILES]
    native = filing.parse_batch(items)
    monkeypatch.setenv("MBS_PARSER", "polars")
    reference = filing.parse_batch(items)
    assert native.rejected == reference.rejected
    assert native.frames.filings == reference.frames.filings
    for name in ("documents", "tables", "cells", "lines"):
        assert_frame_equal(getattr(reference.frames, name), getattr(native.frames, name))


def test_mbs_parser_selects_the_implementation(monkeypatch):
    text = documents(FILES[0].read_bytes())
    calls = []
    monkeypatch.setattr(tables, "parse_documents_polars", lambda texts: calls.append("polars") or _empty())
    monkeypatch.setattr(tables, "parse_documents_native", lambda texts: calls.append("native") or _empty())
    monkeypatch.setenv("MBS_PARSER", "polars")
    assert parser_in_use() == "polars"
    parse_documents(text)
    monkeypatch.setenv("MBS_PARSER", "native")
    assert parser_in_use() == "native"
    parse_documents(text)
    monkeypatch.delenv("MBS_PARSER")
    parse_documents(text)
    assert calls == ["polars", "native", "native"]
    monkeypatch.setenv("MBS_PARSER", "rust")
    with pytest.raises(ValueError, match="MBS_PARSER"):
        parse_documents(text)


def test_the_reference_orders_ties_by_batch():
    """Why ties are compared as multisets: the reference puts a masthead line's unlabelled texts in a
    different order when the same document is parsed in a larger batch; the native core keeps the
    printed order."""
    masthead = [("AAA", "BBB", "CCC"), ("CCC", "AAA", "BBB"), ("BBB", "CCC", "AAA")] * 20
    doc = (
        "<TABLE>\n<CAPTION>\n"
        + "\n".join(f"{a}  X: 1  {b}  {c}  Y: 2\n{' ' * 20}Title {n}" for n, (a, b, c) in enumerate(masthead))
        + "\n<S>  <C>\nA-1     1.00\n<FN>\nnote\n</FN>\n</TABLE>\n"
    )
    alone = parse_documents_polars([doc]).lines
    batch = parse_documents_polars([doc] * 400).lines.filter(pl.col("doc") == 0)
    printed = [t for line in doc.split("\n") if "X: 1" in line for t in line.split("  ") if ":" not in t]
    native = parse_documents_native([doc] * 400).lines.filter(pl.col("doc") == 0)
    texts = native.filter(pl.col("kind") == "caption_text")["text"].to_list()
    assert texts == printed
    assert sorted(alone["text"].to_list()) == sorted(batch["text"].to_list())
    assert batch.filter(pl.col("kind") == "caption_text")["text"].to_list() != printed


def test_batches_the_core_does_not_take_go_to_the_reference():
    # A lone surrogate: both raise the reference's error.
    with pytest.raises(UnicodeEncodeError):
        parse_documents_polars(["<TABLE>\n\ud800\n</TABLE>"])
    with pytest.raises(UnicodeEncodeError):
        parse_documents_native(["<TABLE>\n\ud800\n</TABLE>"])
    assert_same([])
    assert_same([""])
    # Not a str: the reference's error; a tuple or a generator is read once.
    with pytest.raises(TypeError):
        parse_documents_polars([b"<TABLE>\n</TABLE>"])
    with pytest.raises(TypeError):
        parse_documents_native([b"<TABLE>\n</TABLE>"])
    text = documents(FILES[-1].read_bytes())
    expected = parse_documents_polars(text).cells
    assert_frame_equal(parse_documents_native(tuple(text)).cells, expected)
    assert_frame_equal(parse_documents_native(t for t in text).cells, expected)


# Hand-written documents for the odd paths: each is compared with the reference like every other input.
EDGE_CASES = {
    # A header word over no column, stacked between two words that head different columns at the same
    # distance and overlap (the first wins), and the same with a nearer line and a larger overlap.
    "stacked_tie": """\
<TABLE>
<CAPTION>
Class       AAAAAAAAAA                  Q
x                  WWWWWWWWWW
y                         BBBBBBBBBB
<S>
A-1       1,000.00            2,000.00
A-2         100.00              200.00
</TABLE>
""",
    "stacked_tie_nearer": """\
<TABLE>
<CAPTION>
Class       AAAAAAAAAA                  Q
x                   VVVVVVVV                Z
y                  WWWWWWWWWW
z                         BBBBBBBBBB        Z
z              CCCCCCCCCCCCC
<S>
A-1       1,000.00            2,000.00
A-2         100.00              200.00
</TABLE>
""",
    "stacked_words_over_two_lines": """\
<TABLE>
<CAPTION>
                 Title
             Realized      Other
                  LossLossLoss
             Amount        Amt
Class     Principal
<S>       <C>          <C>
A-1          1,000.00     2.00
A-2            100.00     3.00
</TABLE>
""",
    "header_words_left_and_right_of_the_labels": """\
<TABLE>
<CAPTION>
Class    Desc      Beginning
                   Balance
<S>
A          x          1.00
Total                 2.00
</TABLE>
""",
    # Two first-row headings in one text column: a cell per heading (the reference's left join).
    "duplicate_first_row_labels_in_own_column": """\
<TABLE>
<S>
Group                   Group 1  Group 2         Total
Description             XXXXXXXXXXXXXXXXX
Count                                        1,318
</TABLE>
""",
    "duplicate_first_row_labels_over_figures": """\
<TABLE>
<CAPTION>
       Group Level Collateral Statement
<S>                          <C>
Group                   Group 1  Group 2     Total
Beginning Loan Count    XXXXXXXXXXXXXXXX     1,318
Other                        12    13       1,400
</TABLE>
""",
    "first_row_lone_headings": """\
<TABLE>
<S>
           Total
Balance    1.00
<CAPTION>
<S>
           LOAN   GROUP 4
Balance    1.00   2.00
<CAPTION>
<S>
           Loan  Group 4
x          1.00
<CAPTION>
<S>
      Grp2
x     1.00
<CAPTION>
<S>
      Pool
x     1.00
<CAPTION>
<S>
      11/30/2003   Group 1
x     1.00         2.00
</TABLE>
""",
    "keys_with_runs_of_blanks": (
        "<TABLE>\n<CAPTION>\nRecord    Date:     11/30/03\nRecord\u00a0\u00a0Date:  12/30/03\n"
        "\u3000\u3000Distribution Date:\u3000JULY 20, 2004\n \u00a0Key\u2009\u2009here:\tvalue  with   spaces\n"
        "A123456789012345678901234567890123456789012345678901234567890: too long a key\n"
        "A12345678901234567890123456789012345678901234567890123456789: just fits\n"
        "Key:nospace\nKey:\nKey:   \u3000\n: starts with a colon\n1Key: starts with a digit\n"
        "<S>\nA-1     1.00\n</TABLE>\n"
    ),
    "masthead_statements": (
        "<TABLE>\n<CAPTION>\nSMT SERIES 2004-3  RECORD DATE: JUNE 30, 2004  DISTRIBUTION DATE: JULY 20, 2004\n"
        "ABC.SERIES 7  X: 1  Y: 2\n"
        "A-B SERIES 7  X-\u017fERIES 8  \u212aSERIES 9  K Series 1 2  Page 1  X: 1  X: 2\n"
        "Series 5  AseriesB 6  A' series 7  A& series 8  "
        "A1234567890123456789012345678901234567890 series 9  X: x  Y: y\n"
        "Foo  Bar: baz\n        Title one\n        Title two\n\n        Title three\n        Title four\n"
        "<S>\nA-1     1.00\n</TABLE>\n"
    ),
    "stray_close_first": """\
</TABLE>
<TABLE>
<CAPTION>
 Outer
<TABLE>
<S>
A  1.00
</TABLE>
B      2.00    3.00
</TABLE>
</TABLE>
<TABLE>
C  4.00
<CAPTION>
<FN>
x  1.00
</FN>
</FN>
y  2.00
<FN>
<FN>
z  1.00
</FN>
w  2.00
<PAGE>
</PAGE>
</CAPTION>
<S>
v  3.00
</TABLE>
""",
    "nested": "<TABLE>\n<CAPTION>\n Outer\n<TABLE>\n<S>\nA  1.00\n</TABLE>\nB      2.00    3.00\n<CAPTION>\n"
    "C  4.00\n</TABLE>\nD  5.00\n</TABLE>\nE  6.00\n",
    "text_between_figure_columns": """\
<TABLE>
<CAPTION>
                A         B
<S>
x          100.00    200.00
y            ABCDEFGHIJKLM
z         ABCDEFGHIJKLMNOPQ
w  OWN      100
v  OWNOWNOWN
</TABLE>
""",
    "same_start_figure_and_own": """\
<TABLE>
<S>
Label   ABC
Other   1.00
More        XYZ
</TABLE>
""",
    "tabs_cr_ff": "<TABLE>\n<CAPTION>\n\tTitle\r\tx\n<S>\nA-1\t\t1.00\f\t2.00\r\tx\t3.00\n\f<S>\nB\f\t4.00\n"
    "<TA\fBLE>\n\t</TABLE>\r\n",
    # Spelled-out dates with a long s or other digits: cleaned by the reference's expression.
    "spelled_dates_fallback": (
        "<TABLE>\n<CAPTION>\nDate: \u017fep 30, 2004\nOther: Dec. 5, \u0662\u0660\u0660\u0664\n"
        "Third: Augu\u017ft 5, 2004\n<S>\n"
        "A     \u017fEPTEMBER 3, 2004     \u017fep 31, 2004   MAY 5, 2004\n"
        "B     Feb 29, 2000    Feb 29, 2100    Sep 0, 2004    SEPT. 9, 2009\n</TABLE>\n"
    ),
    "sparse_long_line": "<TABLE>\n<S>\nA" + " " * 6000 + "1.00\nB" + " " * 7000 + "2.00  x\n</TABLE>\n",
    "long_tags": "<TABLESPOONFUL>\n<TABLE>\n<CAPTIONED>\n<CAPTION>\n<Sx>\n<S>\n<FNORD>\nA  1.00\n</TABLESPOON>\n"
    "</TABLE>\n",
    "header_without_data": "<TABLE>\n<CAPTION>\n  Title\nA    B    C\n<S>\n</TABLE>\n"
    "<TABLE>\n<CAPTION>\nA    B\n<S>\nOnlyLabel\nX  1.00\n</TABLE>\n",
    "denominations": """\
<TABLE>
<CAPTION>
Principal Distribution Factors Statement
<S>
A  1.00
<FN>
(2) Per $ 1,000 denomination and per $1 Denomination
</FN>
</TABLE>
<TABLE>
<CAPTION>
PRINCIPAL DISTRIBUTION FACTORS STATEMENT (CONTINUED)
<S>
A  1.00
</TABLE>
<TABLE>
<CAPTION>
Principal Distribution Factors Statement (continued)
<S>
A  1.00
<FN>
xper $1 denomination
</FN>
</TABLE>
""",
    "unicode_digits_multi_numbers": (
        "<TABLE>\n<S>\nA   \u0661,\u0662\u0663\u0664.\u0665 \u0666.\u0667   1.00 2.00 3.00  1.00 x 2.00  (1) (2)%"
        "  $1 $2\n</TABLE>\n"
    ),
}


@pytest.mark.parametrize("name", sorted(EDGE_CASES))
def test_edge_cases(name: str):
    assert_same([EDGE_CASES[name]])


def test_edge_cases_in_one_batch():
    assert_same(list(EDGE_CASES.values()))


# ---- simulated corpora: every layout variation, random filer styles


def test_every_layout_variation():
    from tests.python.test_variants import variations

    texts = []
    for deal, style, months in variations().values():
        for report in simulate(deal, months):
            texts += documents(render_filing(report, style))
    assert_same(texts)


@pytest.mark.parametrize("seed", [3, 17, 29])
def test_random_filer_styles(seed: int):
    rng = random.Random(seed)
    texts = []
    for _ in range(6):
        deal = random_deal(rng.randrange(2**31), variations=True)
        style = random_style(random.Random(deal.seed))
        for report in simulate(deal, 2):
            texts += documents(render_filing(report, style))
    assert_same(texts)


# ---- generated tables: random widths, markup anywhere, Unicode, tabs, form feeds, odd values

BLANKS = [" ", " ", " ", "  ", "   ", "\t", "\u00a0", "\u3000", "\x0b", "\x0c", "\r", "\x85", "\u2028", "\u2009"]
NOT_BLANKS = ["\u200b", "\x1c", "\x1f", "\ufeff"]  # Python calls \x1c-\x1f space; Unicode does not
NUMBERS = ["0.00", "1,000.00", "168,214,299.39", "(22,746.88)", "-5", "+3.5", "$1,234", "12.5%", "(3.25%)", "100",
           "4,231,3b3.70", "1,028.446.69", "1,02", "1.2.3", "12a", "a1.b2", "$", "(", ".5", "5.", "1,234,56",
           "\u0661\u0662\u0663,\u0664\u0665\u0666.\u0667\u0668", "\uff11\uff12", "\u0967.\u0968", "1 2", "1.00 2.00",
           "(1)", "+(1)", "($1.00)", "1,,000", ",100", "%", "0", "00012"]  # fmt: skip
DATES = ["11/30/03", "11/30/2003", "1/5/2004", "30-Nov-2003", "30-NOV-03", "30-Nov-200", "JUNE 30, 2004",
         "Sept. 31, 2004", "February 29, 2000", "February 29, 1900", "may 1, 0000", "dec. 9, 1999",
         "\u017fep 30, 2004", "Dec. 5, \u0662\u0660\u0660\u0664", "December 45, 2004", "Mar 3, 2004", "MAR. 03, 2004",
         "September 31, 2004", "Augu\u017ft 5, 2004", "jan 00, 2004", "12/31/99", "1/1/1", "11-30-2003"]  # fmt: skip
WORDS = ["A-1", "A-R", "Class", "Group 1", "Group", "Groups", "Total", "Totals", "Loan Group 2", "Grp 3", "Pool 1",
         "TOTAL", "Beginning Balance", "CUSIP", "885220CR2", "BNCMOR074X", "NA", "Record Date:", "Interest",
         "SMT SERIES 2004-3", "X Series 1", "ABC \u017feries 2", "Xseries 3", "RECORD DATE: JUNE 30, 2004",
         "DISTRIBUTION DATE: JULY 20, 2004", "Per $1 denomination", "All Classes Are Per $1000 Denomination",
         "(continued)", "(CONTINUED)", "\u00c9TAT", "gr\u00f6\u00dfe", "\u01c4", "\u0130", "\u212a", "\u017f",
         "Key: value", "K:v", "Record  Date:", "Key \u00a0 here:", "Loan  Group 3", "loan\u3000group 1",
         "Contact: Customer Service - CTSLink", "-", "=", "---", "==", "_ _ _", "<", ">",
         "<S>", "<C>", "x", "Realized", "Loss", "Distri-", "bution"]  # fmt: skip
MARKUP = ["<TABLE>", "</TABLE>", "<CAPTION>", "<TABLESPOONFUL>", "</CAPTIONS>", "</CAPTION>", "<S>", "<C>",
          "<s>     <c>          <c>", "<FN>",
          "</FN>", "<PAGE>", "</PAGE>", "<table border=1>", "<Table>", "< TABLE>", "<TABLEX>", "<TA\fBLE>",
          "\t<TABLE>", "\f<CAPTION>", "</ TABLE>", "</", "<", "<SEC-HEADER>", "<fn>", "<S>x", "<C>1.00"]  # fmt: skip
RULES = ["-------", "=======", "- ------  ---------", "  ___", "--", "-- x", "==\t==", "- - -"]


@st.composite
def gap(draw) -> str:
    if draw(st.integers(0, 9)) == 0:
        return "".join(draw(st.lists(st.sampled_from(BLANKS), min_size=1, max_size=4)))
    return " " * draw(st.integers(1, 14))


@st.composite
def token(draw) -> str:
    kind = draw(st.integers(0, 9))
    if kind < 4:
        return draw(st.sampled_from(NUMBERS))
    if kind < 5:
        return draw(st.sampled_from(DATES))
    if kind < 8:
        return draw(st.sampled_from(WORDS))
    if kind < 9:
        return draw(st.sampled_from(NOT_BLANKS)) + draw(st.sampled_from(WORDS))
    return draw(st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=8))


@st.composite
def aligned_line(draw, columns: list[int]) -> str:
    """Tokens right- or left-aligned near the given column ends, some cells blank."""
    line = ""
    if draw(st.booleans()):
        line = draw(token())
    for end in columns:
        if draw(st.integers(0, 4)) == 0:
            continue
        value = draw(token())
        jitter = draw(st.integers(-3, 3))
        start = end + jitter - len(value) if draw(st.integers(0, 3)) else end + jitter - 6
        pad = max(1, start - len(line))
        line += (" " * pad if draw(st.integers(0, 7)) else draw(gap())) + value
    return line


@st.composite
def table(draw) -> list[str]:
    width = draw(st.integers(8, 30))
    n = draw(st.integers(1, 6))
    columns = sorted({width + i * draw(st.integers(4, 18)) for i in range(1, n + 1)})
    lines = [draw(st.sampled_from(["<TABLE>", "<table>", "<TABLE>", "  <Table>"]))]
    for _segment in range(draw(st.integers(1, 3))):
        if draw(st.booleans()):
            lines.append(draw(st.sampled_from(["<CAPTION>", "<caption>", " <CAPTION>"])))
        for _ in range(draw(st.integers(0, 5))):
            kind = draw(st.integers(0, 5))
            if kind == 0:
                lines.append(" " * draw(st.integers(0, 30)) + draw(st.sampled_from(WORDS)))
            elif kind == 1:
                lines.append(draw(aligned_line(columns)))
            elif kind == 2:
                lines.append(draw(st.sampled_from(WORDS)) + draw(gap()) + draw(token()))
            elif kind == 3:
                lines.append(draw(gap()).join(draw(st.lists(st.sampled_from(WORDS + DATES), min_size=2, max_size=4))))
            elif kind == 4:
                lines.append(draw(st.sampled_from([*RULES, "", "   ", "\f"])))
            else:
                lines.append(draw(st.sampled_from(MARKUP)))
        if draw(st.integers(0, 5)):
            lines.append(draw(st.sampled_from(["<S>", "<s>   <c>   <c>", "<S>            <C>", "  <C>"])))
        for _ in range(draw(st.integers(0, 10))):
            kind = draw(st.integers(0, 9))
            if kind < 7:
                lines.append(draw(aligned_line(columns)))
            elif kind < 8:
                lines.append(draw(st.sampled_from([*RULES, "", "  "])))
            elif kind < 9:
                lines.append(draw(st.sampled_from(WORDS)))
            else:
                lines.append(draw(st.sampled_from(MARKUP)))
        if draw(st.integers(0, 3)) == 0:
            lines += ["<FN>", *draw(st.lists(st.sampled_from(WORDS + NUMBERS), max_size=3)), "</FN>"]
    if draw(st.integers(0, 5)):
        lines.append(draw(st.sampled_from(["</TABLE>", "</table>", " </TABLE>"])))
    return lines


@st.composite
def document(draw) -> str:
    lines: list[str] = []
    for _ in range(draw(st.integers(0, 3))):
        lines += draw(st.lists(st.sampled_from(WORDS + MARKUP + [""]), max_size=3))
        lines += draw(table())
    # stray markup and junk in random places
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(lines)))
        junk = draw(st.one_of(st.sampled_from(MARKUP), st.text(st.characters(exclude_categories=("Cs",)), max_size=40)))
        lines.insert(at, junk)
    if lines and draw(st.integers(0, 4)) == 0:  # a tab or form feed somewhere inside a line
        at = draw(st.integers(0, len(lines) - 1))
        cut = draw(st.integers(0, len(lines[at])))
        lines[at] = lines[at][:cut] + draw(st.sampled_from(["\t", "\f", "\t\t", "\f\t", "\r\t"])) + lines[at][cut:]
    end = draw(st.sampled_from(["\n", "", "\n\n", "\r\n"]))
    return draw(st.sampled_from(["\n", "\n", "\r\n", "\n\f"])).join(lines) + end


@settings(max_examples=150 * EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts=st.lists(document(), min_size=1, max_size=3))
def test_generated_tables(texts: list[str]):
    assert_same(texts)


@settings(max_examples=60 * EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    text=st.lists(
        st.one_of(
            st.characters(exclude_categories=("Cs",)),
            st.sampled_from(["\n", "\t", "\f", "\r", " ", "<TABLE>\n", "</TABLE>\n", "<S>\n", "<CAPTION>\n", "1.00"]),
        ),
        max_size=400,
    ).map("".join)
)
def test_random_text(text: str):
    assert_same(["<TABLE>\n" + text, text])


@settings(max_examples=20 * EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    lines=st.lists(
        st.text(st.sampled_from("ab1 ,.()$%-=_:\t\u00a0\u3000"), min_size=200, max_size=3000), min_size=1, max_size=4
    )
)
def test_long_lines(lines: list[str]):
    assert_same(["<TABLE>\n<CAPTION>\n" + lines[0] + "\n<S>\n" + "\n".join(lines[1:]) + "\n</TABLE>\n"])


# ---- mutated real reports: byte flips, insertions, deletions, truncation, moved lines

REPORTS = [t for path in FILES for t in documents(path.read_bytes()) if "<TABLE>" in t.upper()]
FLIPS = [*"0123456789b,.()$%-=_: \t\f\r\n<>/", "\u00a0", "\u3000", "\u0663", "\u017f", "\u212a", "\u00e9", "\U0001f600"]


@st.composite
def mutated_report(draw) -> str:
    text = draw(st.sampled_from(REPORTS))
    for _ in range(draw(st.integers(1, 8))):
        op = draw(st.sampled_from(["flip", "flip", "insert", "delete", "truncate", "line", "markup", "swap"]))
        at = draw(st.integers(0, len(text)))
        if op == "flip" and text:
            at = min(at, len(text) - 1)
            text = text[:at] + draw(st.sampled_from(FLIPS)) + text[at + 1 :]
        elif op == "insert":
            text = text[:at] + draw(st.text(st.sampled_from(FLIPS), min_size=1, max_size=12)) + text[at:]
        elif op == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 400)) :]
        elif op == "truncate":
            text = text[:at]
        else:
            lines = text.split("\n")
            i = draw(st.integers(0, len(lines) - 1))
            if op == "line":
                lines.insert(i, lines[draw(st.integers(0, len(lines) - 1))])
            elif op == "markup":
                lines.insert(i, draw(st.sampled_from(MARKUP)))
            else:
                j = draw(st.integers(0, len(lines) - 1))
                lines[i], lines[j] = lines[j], lines[i]
            text = "\n".join(lines)
    return text


@settings(max_examples=50 * EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts=st.lists(mutated_report(), min_size=1, max_size=2))
def test_mutated_reports(texts: list[str]):
    assert_same(texts)
