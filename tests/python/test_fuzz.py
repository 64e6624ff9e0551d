"""Fuzzing: mutated real and simulated filings (lines deleted, duplicated or shifted, digits flipped,
junk inserted, cut anywhere). The loader either lands exact values or rejects the file with its own
reason -- never an unhandled exception -- and a wrong number never passes reconciliation silently.

``make test`` runs a short budget; ``make fuzz`` (FUZZ_EXAMPLES=...) a long one.
"""

from __future__ import annotations

import hashlib
import os
import random
import re
from decimal import Decimal
from pathlib import Path

import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from loaders.edgar import decode_bytes
from loaders.filing import parse_batch
from synthetic.generate import random_deal
from synthetic.model import simulate
from synthetic.render import Style, render_report
from tests.python.conftest import SAMPLE, build_warehouse, query

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "60"))
REASONS = {"empty_file", "binary_file", "no_documents", "no_report", "parse_error"}
SOURCES = {
    "sample": SAMPLE.read_text(),
    "simulated": render_report(simulate(random_deal(4242), 1)[0], Style(indent=1, gap=4)),
}


@st.composite
def mutated(draw) -> tuple[str, str]:
    """A source and a list of mutations applied to its lines."""
    name = draw(st.sampled_from(sorted(SOURCES)))
    lines = SOURCES[name].split("\n")
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["delete", "duplicate", "shift", "flip", "junk", "cut"]))
        i = draw(st.integers(0, len(lines) - 1))
        if kind == "delete":
            del lines[i]
        elif kind == "duplicate":
            lines.insert(i, lines[i])
        elif kind == "shift":
            j = draw(st.integers(0, len(lines) - 1))
            lines.insert(j, lines.pop(i))
        elif kind == "flip":
            digits = [m.start() for m in re.finditer(r"\d", lines[i])]
            if digits:
                at = draw(st.sampled_from(digits))
                new = draw(st.sampled_from("0123456789b"))
                lines[i] = lines[i][:at] + new + lines[i][at + 1 :]
        elif kind == "junk":
            lines.insert(i, draw(st.text(alphabet=st.characters(codec="latin-1"), max_size=80)))
        else:
            lines = lines[:i]
        if not lines:
            break
    return name, "\n".join(lines)


def clean(raw: str) -> str:
    digits = re.sub(r"[,$%()+]", "", raw)
    return "-" + digits if raw.startswith("(") and raw.endswith(")") else digits


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=mutated())
def test_loader_lands_exact_values_or_rejects_with_a_reason(case):
    _name, text = case
    data = text.encode("latin-1", errors="replace")
    batch = parse_batch([(data, "fuzzed.txt")])  # never raises
    if batch.rejected:
        assert batch.rejected[0]["reason"] in REASONS
        assert "fuzzed.txt" in batch.rejected[0]["detail"]
        return
    # The text is decoded and line ends counted as the loader does (loaders/edgar.py: UTF-8, else cp1252,
    # else Latin-1, so a byte 0x91 is a quote; CRLF, LF and a lone CR end a line); columns count
    # characters of the line as raw.report_lines holds it (loaders/tables.py): tabs expanded to stops
    # of 8, form feeds (page breaks) removed.
    lines = decode_bytes(data)[0].split("\n")
    lines = [line.expandtabs(8).replace("\f", "") for line in lines]
    cells = batch.frames.cells
    for row in cells.filter(pl.col("area") == "data").iter_rows(named=True):
        # Every landed value is printed where the cell says it is ...
        assert lines[row["file_line_no"] - 1][row["char_start"] : row["char_end"]] == row["raw_text"]
        # ... and its value is exactly the printed figure.
        if row["value_kind"] == "number":
            assert Decimal(row["value_clean"]) == Decimal(clean(row["raw_text"]))
        if row["value_kind"] == "unreadable":
            assert row["value_clean"] is None


FACTS = {
    "fact_class_distribution": ("class_name", ["beginning_balance", "scheduled_principal", "unscheduled_principal",
                                               "principal_distribution", "accrued_interest", "interest_distribution",
                                               "total_distribution", "ending_balance", "ending_factor",
                                               "pass_through_rate", "original_face"]),
    "fact_group_collateral": ("loan_group", ["beginning_balance", "scheduled_principal", "unscheduled_principal",
                                             "ending_balance", "beginning_loan_count", "ending_loan_count",
                                             "loans_paid_in_full", "net_interest", "scheduled_interest",
                                             "servicing_fee"]),
}  # fmt: skip


def facts(warehouse: Path, filing_id: str) -> set[tuple]:
    out = set()
    for table, (key, columns) in FACTS.items():
        rows = query(
            warehouse,
            f"select {key}, {', '.join(columns)} from intermediate."
            f"{'int_classes_pivoted' if table == 'fact_class_distribution' else 'int_groups_pivoted'} "
            f"where filing_id = '{filing_id}' and not is_total",
        )
        out |= {(table, *row) for row in rows}
    return out


def test_a_wrong_number_never_passes_reconciliation_silently(tmp_path):
    """Flip one digit of a figure at random, many times: every copy whose checked facts differ from
    the original's is incomplete or fails a reconciliation check."""
    rng = random.Random(int(os.environ.get("FUZZ_SEED", "5")))
    folder = tmp_path / "flipped"
    folder.mkdir()
    text = SOURCES["sample"]
    figures = [m for m in re.finditer(r"(?<=\s)\d[\d,]*\.\d+%?(?=\s|$)", text)]
    for n in range(max(10, EXAMPLES // 3)):
        match = rng.choice(figures)
        digits = [i for i, ch in enumerate(match.group(0)) if ch.isdigit()]
        at = match.start() + rng.choice(digits)
        new = rng.choice([d for d in "0123456789" if d != text[at]])
        (folder / f"flip-{n:03d}.txt").write_text(text[:at] + new + text[at + 1 :])
    warehouse = build_warehouse(tmp_path, [SAMPLE, folder])
    original = facts(warehouse, hashlib.sha256(SAMPLE.read_bytes()).hexdigest())
    silent = []
    for path in sorted(folder.iterdir()):
        filing_id = hashlib.sha256(path.read_bytes()).hexdigest()
        if facts(warehouse, filing_id) == original:
            continue
        complete = query(warehouse, f"select is_complete from marts.dim_filing where filing_id = '{filing_id}'")
        failures = query(
            warehouse,
            f"select count(*) from marts.audit_reconciliation where filing_id = '{filing_id}' and not passed",
        )
        if complete == [(True,)] and failures == [(0,)]:
            silent.append(path.name)
    assert silent == []
