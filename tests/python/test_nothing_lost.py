"""Every number printed in the sample's report tables lands in raw rows exactly once.

The expected numbers are found here independently of the parser: every standalone numeric or date
token (set off by two blanks or a line edge, so that label words such as "30 Days" or "Spread Fee 1"
do not count) on every data line of every table, and every "Key:  value" of a caption.
"""

from __future__ import annotations

import re
from collections import Counter

import polars as pl

from loaders.filing import parse_filing
from tests.python.conftest import SAMPLE

TOKEN = re.compile(r"(?:(?<=\s\s)|(?<=^)|(?<=^\s))(\S+(?: \S+)*)(?=\s\s|\s?$)")
NUMERIC = re.compile(r"^\(?-?\$?[\d,]*\.?\d+%?\)?$|^\d{1,2}/\d{1,2}/\d{2,4}$")


def expected_numbers(text: str) -> Counter:
    found: Counter = Counter()
    in_table = in_data = in_fn = False
    for line_no, line in enumerate(text.split("\n"), start=1):
        tag = line.strip().lower()
        if tag.startswith("<table"):
            in_table, in_data, in_fn = True, False, False
            continue
        if tag.startswith("</table"):
            in_table = False
            continue
        if not in_table:
            continue
        if tag.startswith("<caption"):
            in_data = False
        elif tag.startswith("<s>"):
            in_data = True
        elif tag.startswith("<fn>"):
            in_fn = True
        elif tag.startswith("</fn>"):
            in_fn = False
        elif in_fn:
            continue
        elif in_data:
            for token in TOKEN.findall(line.rstrip()):
                for piece in token.split(" ") if all(NUMERIC.match(p) for p in token.split(" ")) else [token]:
                    if NUMERIC.match(piece):
                        found[(line_no, piece)] += 1
        else:
            match = re.match(r"^\s*[A-Za-z][^:]*:\s+(\S.*)$", line)
            if match and NUMERIC.match(match.group(1).strip()):
                found[(line_no, match.group(1).strip())] += 1
    return found


def test_every_number_lands_exactly_once():
    data = SAMPLE.read_bytes()
    frames = parse_filing(data, str(SAMPLE))
    expected = expected_numbers(data.decode("ascii"))
    numeric_cells = frames.cells.filter(pl.col("value_kind").is_in(["number", "date"]))
    landed = Counter(zip(numeric_cells["line_no"].to_list(), numeric_cells["raw_text"].to_list(), strict=True))
    assert landed == expected
    # The sample prints 11 classes x (6+4+6+4+5+5+6+5+6+5 numbers) plus Totals rows, statements and the
    # delinquency matrix: well over a thousand figures.
    assert sum(expected.values()) > 1300


def test_every_cell_has_provenance():
    frames = parse_filing(SAMPLE.read_bytes(), str(SAMPLE))
    lines = SAMPLE.read_text().split("\n")
    for row in frames.cells.iter_rows(named=True):
        line = lines[row["file_line_no"] - 1]
        assert line[row["char_start"] : row["char_end"]] == row["raw_text"] or row["area"] == "caption"
        assert row["raw_text"] in line
