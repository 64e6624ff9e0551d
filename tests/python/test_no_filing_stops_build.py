"""No single filing can stop the build (issue 8, section 1).

The sample, a second month whose report carries an extra fee line no seed maps, and a third month
whose delinquency matrix is garbled (a money figure printed where a row label belongs) are loaded
into one warehouse: ``dbt build`` exits 0, the sample's facts are exactly those of a warehouse that
holds the sample alone, the second month's facts load with its unmapped line listed, the garbled
month's facts are withheld, and both problems are rows of ``audit_parse_issues`` naming the table,
the label as printed and the line.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from loaders.cli import load_paths
from tests.python.conftest import REPO, SAMPLE, query, run_dbt

AAMES = REPO / "data" / "sample" / "aames-capital-1998-c_1998-12-15.txt"

FACTS = ["fact_class_distribution", "fact_group_collateral", "fact_group_delinquency", "fact_deal_distribution"]


def _month(text: str, record: str, distribution: str) -> str:
    text = text.replace("Record Date:             11/30/03", f"Record Date:             {record}", 1)
    return text.replace("Distribution Date:       12/26/03", f"Distribution Date:       {distribution}", 1)


def _with_extra_fee_line(text: str) -> tuple[str, list[int]]:
    """A ``Custodial Fee`` line after every ``Other Fee`` line; returns the file lines it is on (1-based)."""
    out, added = [], []
    for line in text.split("\n"):
        out.append(line)
        if line.startswith("Other Fee "):
            out.append("Custodial Fee" + line[len("Other Fee") :].replace("Other Fee", "Custodial Fee"))
            added.append(len(out))
    return "\n".join(out), added


@pytest.fixture(scope="module")
def odd_warehouse(tmp_path_factory) -> tuple[Path, dict]:
    tmp = tmp_path_factory.mktemp("odd")
    text = SAMPLE.read_text(encoding="latin-1")
    month_2, fee_lines = _with_extra_fee_line(_month(text, "12/31/03", "01/26/04"))
    lines = _month(text, "01/31/04", "02/26/04").split("\n")
    (garbled_line,) = [i for i, line in enumerate(lines) if line.startswith(" 30 Days                 1 ")][:1]
    lines[garbled_line] = lines[garbled_line].replace(" 30 Days                 1", "1,649,991.41            1", 1)
    month_3 = "\n".join(lines)
    # A fourth report of no known family: one table whose title no family's signatures name.
    unknown = (
        "<TABLE>\n<CAPTION>\n                  Remittance Summary\n<S>  <C>\nPool balance      1,000,000.00\n</TABLE>\n"
    )
    # A fifth: the Aames Capital 1998-C statement whose first "NUMBER OF LOANS" line is misprinted, so
    # no measure line places its figures (the status-blocks layout of the delinquency matrix).
    aames = AAMES.read_text(encoding="latin-1").replace("0001011438-98-000429", "0001011438-98-999999")
    aames_lines = aames.split("\n")
    misprinted = next(i for i, line in enumerate(aames_lines) if "NUMBER OF LOANS   " in line)
    aames_lines[misprinted] = aames_lines[misprinted].replace("NUMBER OF LOANS", "NUMBER OF LONS ", 1)
    files = {
        "month_2": (month_2, fee_lines),
        "month_3": (month_3, [garbled_line + 1]),
        "unknown": (unknown, []),
        "aames": ("\n".join(aames_lines), [misprinted + 1]),
    }
    paths = [SAMPLE]
    info = {"sample": hashlib.sha256(SAMPLE.read_bytes()).hexdigest()}
    for name, (body, _) in files.items():
        path = tmp / f"{name}.txt"
        path.write_bytes(body.encode("latin-1"))
        paths.append(path)
        info[name] = hashlib.sha256(path.read_bytes()).hexdigest()
    info["fee_lines"] = fee_lines
    info["month_2_text"] = month_2
    info["garbled_line"] = garbled_line + 1
    info["misprinted_line"] = misprinted + 1
    warehouse = tmp / "mbs.duckdb"
    load_paths([str(p) for p in paths], warehouse)
    result = run_dbt(warehouse, tmp)
    info["returncode"] = result.returncode
    info["log"] = result.stdout[-5000:]
    return warehouse, info


def month_2_lines(info: dict) -> list[str]:
    return info["month_2_text"].split("\n")


def test_build_exits_zero(odd_warehouse):
    _, info = odd_warehouse
    assert info["returncode"] == 0, info["log"]


def test_sample_facts_unchanged(odd_warehouse, sample_warehouse):
    warehouse, info = odd_warehouse
    for fact in FACTS:
        sql = f"select * from marts.{fact} where filing_id = '{info['sample']}' order by all"
        alone = query(sample_warehouse, sql)
        assert alone, fact
        assert query(warehouse, sql) == alone, fact


def test_unmapped_fee_line_is_listed_and_facts_load(odd_warehouse):
    warehouse, info = odd_warehouse
    filing = info["month_2"]
    assert query(
        warehouse,
        f"select is_complete, is_current, facts_withheld, unmapped_label_count from marts.dim_filing "
        f"where filing_id = '{filing}'",
    ) == [(False, True, False, 2)]
    reason = query(warehouse, f"select incomplete_reason from marts.dim_filing where filing_id = '{filing}'")[0][0]
    assert "2 unmapped label(s)" in reason
    issues = query(
        warehouse,
        f"select table_title, row_label, line_no, withholds_facts from marts.audit_parse_issues "
        f"where filing_id = '{filing}' and issue = 'unmapped_label' order by line_no",
    )
    assert [(row[1], row[2], row[3]) for row in issues] == [("Custodial Fee", n, False) for n in info["fee_lines"]]
    assert all("Group Level Collateral Statement".lower() in row[0].lower() for row in issues)
    for fact in FACTS:
        sample_rows = query(warehouse, f"select count(*) from marts.{fact} where filing_id = '{info['sample']}'")
        assert query(warehouse, f"select count(*) from marts.{fact} where filing_id = '{filing}'") == sample_rows
    assert query(warehouse, f"select count(*) > 0 from marts.audit_reconciliation where filing_id = '{filing}'") == [
        (True,)
    ]
    # Coverage: the extra line's numbers are the filing's only unmapped numbers, each listed.
    lines = month_2_lines(info)
    extra = [(n, token) for n in info["fee_lines"] for token in re.findall(r"\d[\d,]*\.\d\d", lines[n - 1])]
    unmapped = query(
        warehouse,
        f"select line_no, raw_text, row_label from marts.audit_unmapped_numbers where filing_id = '{filing}' "
        "order by line_no, raw_text",
    )
    assert unmapped == sorted((n, token, "Custodial Fee") for n, token in extra)
    printed, mapped, coverage = query(
        warehouse,
        f"select printed_number_count, mapped_number_count, number_coverage from marts.dim_filing "
        f"where filing_id = '{filing}'",
    )[0]
    sample_printed = query(
        warehouse, f"select printed_number_count from marts.dim_filing where filing_id = '{info['sample']}'"
    )[0][0]
    assert (printed, mapped) == (sample_printed + len(extra), sample_printed)
    assert coverage < 1


def test_garbled_matrix_withholds_the_facts(odd_warehouse):
    warehouse, info = odd_warehouse
    filing = info["month_3"]
    assert query(
        warehouse,
        f"select is_complete, is_current, facts_withheld from marts.dim_filing where filing_id = '{filing}'",
    ) == [(False, False, True)]
    issues = query(
        warehouse,
        f"select table_title, row_label, line_no, withholds_facts from marts.audit_parse_issues "
        f"where filing_id = '{filing}' and issue = 'unmapped_label'",
    )
    assert len(issues) == 1, issues
    title, label, line_no, withholds = issues[0]
    assert "delinquency status by groups" in title.lower()
    assert label.startswith("1,649,991.41")
    assert (line_no, withholds) == (info["garbled_line"], True)
    for fact in FACTS:
        assert query(warehouse, f"select count(*) from marts.{fact} where filing_id = '{filing}'") == [(0,)], fact


def test_unknown_family_is_named(odd_warehouse):
    warehouse, info = odd_warehouse
    filing = info["unknown"]
    assert query(
        warehouse,
        "select report_family, is_complete, is_current, facts_withheld from marts.dim_filing "
        f"where filing_id = '{filing}'",
    ) == [("unknown", False, False, True)]
    issues = {
        r[0] for r in query(warehouse, f"select issue from marts.audit_parse_issues where filing_id = '{filing}'")
    }
    assert {"unknown_family", "missing_masthead"} <= issues
    assert query(
        warehouse, f"select count(*), min(reason) from marts.audit_unmapped_numbers where filing_id = '{filing}'"
    ) == [(1, "the table has no role in the unknown spec (seed report_tables)")]


def test_garbled_block_of_another_family_withholds_its_facts(odd_warehouse):
    warehouse, info = odd_warehouse
    filing = "0001011438-98-999999"  # an EDGAR submission is identified by its accession number
    assert query(
        warehouse,
        "select report_family, deal_id, is_complete, is_current, facts_withheld from marts.dim_filing "
        f"where filing_id = '{filing}'",
    ) == [("bankers_trust", "aames-1998-c", False, False, True)]
    issues = query(
        warehouse,
        f"select row_label, line_no, withholds_facts from marts.audit_parse_issues where filing_id = '{filing}' "
        "and issue = 'unmapped_label'",
    )
    assert issues == [("Fixed Group", info["misprinted_line"], True)]
    for fact in FACTS:
        assert query(warehouse, f"select count(*) from marts.{fact} where filing_id = '{filing}'") == [(0,)], fact
