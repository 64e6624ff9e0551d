"""Answers a user can trust and act on: the audit says which filing's facts are used and what each check
is about, the build says what it produced, the warehouse documents itself, README's queries run on the
sample and on a warehouse of many deals, and classes say their type."""

from __future__ import annotations

import dataclasses
import re
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest
import yaml

from loaders.cli import load_paths
from synthetic.generate import random_deal
from synthetic.model import simulate
from synthetic.render import Style, render_filing
from tests.python.conftest import REPO, SAMPLE, dbt_build, query, run_dbt

SAMPLE_DEAL, SAMPLE_DATE = "thb-2003-1", "2003-12-26"
# A-1's total distribution as printed in the sample (Certificateholder Distribution Summary
# (continued)), and a copy that prints it $9.00 higher: interest + principal no longer add up to it,
# nor do the classes to the Totals row.
FIGURE, GARBLED = "4,612,990.11", "4,612,999.11"
KIND_TO_TYPE = {"SEN": "senior", "SUB": "subordinate", "PO": "PO", "IO": "IO", "Z": "accrual", "RES": "residual"}
MONTHS = 2


def simulated_deals() -> list:
    """Three simulated deals, between them every class type: one with an interest-only class, one with
    an accrual class, and one more (the first deals from seed 9000 on that fit)."""
    picked, seed = [], 9000
    wanted = [lambda k: "IO" in k, lambda k: "Z" in k, lambda k: True]
    while wanted:
        deal = random_deal(seed)
        kinds = {c.kind for c in deal.classes}
        if wanted[0](kinds) and deal.deal_id not in {d.deal_id for d in picked}:
            picked.append(dataclasses.replace(deal, series=f"{deal.series.split('-')[0]}-{20 + len(picked)}"))
            wanted.pop(0)
        seed += 1
    return picked


@pytest.fixture(scope="module")
def many(tmp_path_factory) -> tuple[Path, str, list]:
    """The sample, a superseded garbled copy of it, a copy whose series cannot be read (no deal), and
    three simulated deals of two months each; one dbt build. Returns the warehouse, the build's
    output and the simulated deals."""
    root = tmp_path_factory.mktemp("many")
    first, second = root / "first", root / "second"
    first.mkdir()
    second.mkdir()
    text = SAMPLE.read_text()
    assert text.count(FIGURE) == 1 and "THB  Series: 2003-1" in text
    (first / "garbled.txt").write_text(text.replace(FIGURE, GARBLED))
    (first / "no-series.txt").write_text(text.replace("THB  Series: 2003-1\n", ""))
    deals = simulated_deals()
    for d, deal in enumerate(deals):
        for m, report in enumerate(simulate(deal, MONTHS), start=1):
            accession = f"0001600000-07-{d:02d}{m:04d}"
            (second / f"{deal.deal_id}-{m}.txt").write_bytes(
                render_filing(report, Style(wrapped=True), accession=accession)
            )
    warehouse = root / "mbs.duckdb"
    load_paths([str(first)], warehouse)  # loaded first: the sample, loaded later, supersedes the garbled copy
    load_paths([str(second), str(SAMPLE)], warehouse)
    result = dbt_build(warehouse, root)
    return warehouse, result.stdout, deals


def test_the_build_says_what_it_produced(many):
    _, stdout, _ = many
    lines = [line.split("Build summary: ", 1)[1] for line in stdout.splitlines() if "Build summary: " in line]
    # 3 x 2 simulated filings, the sample and its two copies; the garbled copy is superseded by the
    # sample; the copy without a series names no deal, and a filing without its series is incomplete.
    assert lines[:5] == [
        "filings: 9",
        "current filings with facts: 7",
        "filings with no facts: 1 (commonest reason: no deal identified (shelf code and series not read), 1)",
        "incomplete filings: 1 (missing or cut-off tables, unreadable numbers: marts.audit_parse_issues)",
        "checks warned: 2",
    ]
    # The garbled total breaks A-1's interest + principal = total and the summary table's Totals row,
    # in one deal and month, in a filing whose facts are not used.
    scope = "1 deal, 1 month, 1 failing rows, 0 of them in current filings (thb-2003-1 2003-12-26)"
    assert lines[5:] == [
        f"WARN class_total_distribution: {scope}: select * from marts.audit_reconciliation "
        "where check_name = 'class_total_distribution' and not passed",
        f"WARN class_totals_row: {scope}: select * from marts.audit_reconciliation "
        "where check_name = 'class_totals_row' and not passed",
    ]
    # dbt's own line counts the failing check deal-months: one of each check.
    assert re.search(r"WARN 2 reconciles \.", stdout)


def test_audit_rows_say_whose_facts_are_used_what_they_are_about_and_the_rule(many):
    warehouse, _, _ = many
    failed = query(
        warehouse,
        "select deal_id, distribution_date::varchar, is_current, check_name, class_id, measure, table_role, "
        "difference, rule is not null from marts.audit_reconciliation where not passed order by check_name",
    )
    assert failed == [
        (SAMPLE_DEAL, SAMPLE_DATE, False, "class_total_distribution", f"{SAMPLE_DEAL}:A-1", "total_distribution", None,
         Decimal("9.00"), True),
        (SAMPLE_DEAL, SAMPLE_DATE, False, "class_totals_row", None, "total_distribution", "class_summary",
         Decimal("-9.00"), True),
    ]  # fmt: skip
    # Every check in the audit has its rule in the seed, and every group check names its group.
    rules = dict(
        line.split(",", 1) for line in (REPO / "seeds" / "reconciliation_rules.csv").read_text().splitlines()[1:]
    )
    checks = {name for (name,) in query(warehouse, "select distinct check_name from marts.audit_reconciliation")}
    assert checks <= set(rules) and len(checks) == 40
    assert query(warehouse, "select count(*) from marts.audit_reconciliation where rule is null") == [(0,)]
    assert query(
        warehouse,
        "select count(*) from marts.audit_reconciliation where check_name like 'group_%' "
        "and check_name != 'group_total_column' and loan_group is null",
    ) == [(0,)]
    summary = query(
        warehouse,
        "select facts_used, checks_warned, failed_checks, largest_difference from marts.audit_filing_summary "
        f"where deal_id = '{SAMPLE_DEAL}' order by facts_used",
    )
    assert summary == [
        (False, 2, "class_total_distribution, class_totals_row", Decimal("9.00")),
        (True, 0, None, None),
    ]


def readme_queries() -> list[str]:
    """The SQL blocks of README's "Query the warehouse" section, statement by statement."""
    text = (REPO / "README.md").read_text()
    section = text[text.index("## Query the warehouse") : text.index("## What is in the warehouse")]
    statements = []
    for block in re.findall(r"```sql\n(.*?)```", section, re.S):
        statements += [s.strip() for s in block.split(";") if s.strip()]
    return statements


def run_readme(warehouse: Path, deal: str | None = None, date: str | None = None) -> list[tuple[list[str], list]]:
    """Run README's statements as printed; with ``deal`` and ``date``, its queries for that deal and date
    instead (README's ``set variable`` statements are replaced by ones naming them)."""
    con = duckdb.connect(str(warehouse), read_only=True)
    out = []
    try:
        if deal:
            con.execute(f"set variable deal = '{deal}'; set variable distribution_date = date '{date}'")
        for statement in readme_queries():
            if deal and statement.startswith("set variable"):
                continue
            con.execute(statement)
            if not statement.startswith("set variable"):
                out.append(([d[1] for d in con.description], con.fetchall()))
        return out
    finally:
        con.close()


def assert_sample_answers(results: list[tuple[list[str], list]]) -> None:
    classes, groups, delinquency, balance, failed, _ = results
    # 11 classes (A-1, A-R, A-2 .. A-4, B-1 .. B-6) and 4 loan groups print in the sample.
    assert [row[0] for row in classes[1]] == ["A-1", "A-R", "A-2", "A-3", "A-4"] + [f"B-{i}" for i in range(1, 7)]
    assert [row[0] for row in groups[1]] == [1, 2, 3, 4]
    assert [row[0] for row in delinquency[1]] == [1, 2, 3, 4]
    # Ending Scheduled Collateral Balance 532,576,433.36; the classes' Totals row 532,576,432.90; no IO class.
    assert balance[1] == [(Decimal("532576433.36"), Decimal("532576432.90"), Decimal("0.00"))]
    assert failed[1] == []
    assert not any(t in ("HUGEINT", "INT128") for types, _ in results for t in types)
    # Sums come back as counts and money, not as int128 or DECIMAL(38, ...).
    assert delinquency[0] == ["INTEGER", "BIGINT", "DECIMAL(18,2)"]
    assert balance[0] == ["DECIMAL(18,2)"] * 3


def test_readme_queries_run_on_the_sample_and_on_many_deals(sample_warehouse, many):
    assert len(readme_queries()) == 8  # two set variable statements and six queries
    on_sample = run_readme(sample_warehouse)
    assert_sample_answers(on_sample)
    assert on_sample[5][1] == []  # nothing superseded in the sample alone
    warehouse, _, deals = many
    on_many = run_readme(warehouse)
    assert_sample_answers(on_many)  # the same answers: the queries read only the deal and date asked
    # ... and the superseded garbled copy's problems are listed apart from the current filing's.
    assert [(row[0].isoformat(), row[4], row[5]) for row in on_many[5][1]] == [
        (SAMPLE_DATE, 2, "class_total_distribution, class_totals_row")
    ]
    # A simulated deal with an interest-only class: its notional balance is not part of the bonds'.
    io_deal = deals[0]
    month = simulate(io_deal, MONTHS)[-1]
    results = run_readme(warehouse, io_deal.deal_id, month.distribution_date.isoformat())
    classes, _, _, balance, failed, _ = results
    assert len(classes[1]) == len(io_deal.classes)
    pool, bonds, notional = balance[1][0]
    assert notional > 0 and abs(pool - bonds) <= Decimal("1.00")
    assert failed[1] == []


def test_marts_document_themselves_as_duckdb_comments(sample_warehouse):
    described = {}
    for path in (REPO / "models" / "marts").glob("*.yml"):
        for model in yaml.safe_load(path.read_text())["models"]:
            described[model["name"]] = (model["description"], {c["name"]: c["description"] for c in model["columns"]})
    relations = dict(
        query(
            sample_warehouse,
            "select table_name, comment from duckdb_tables() where schema_name = 'marts' union all "
            "select view_name, comment from duckdb_views() where schema_name = 'marts'",
        )
    )
    assert set(relations) == set(described)
    columns = query(
        sample_warehouse, "select table_name, column_name, comment from duckdb_columns() where schema_name = 'marts'"
    )
    assert len(columns) == sum(len(c) for _, c in described.values())
    for table, column, comment in columns:
        assert comment == described[table][1][column].strip(), (table, column)
    for table, comment in relations.items():
        assert comment.strip() == described[table][0].strip(), table


def test_classes_say_their_type_and_which_are_notional(sample_warehouse, many):
    # The sample prints SEN for A-1 .. A-4 and A-R (the residual class) and SUB for B-1 .. B-6.
    sample = query(
        sample_warehouse, "select class_name, class_type, is_notional from marts.dim_class order by report_order"
    )
    assert sample == [("A-1", "senior", False), ("A-R", "residual", False)] + [
        (f"A-{i}", "senior", False) for i in (2, 3, 4)
    ] + [(f"B-{i}", "subordinate", False) for i in range(1, 7)]
    warehouse, _, deals = many
    kinds = set()
    for deal in deals:
        got = query(
            warehouse,
            f"select class_name, class_type, is_notional from marts.dim_class where deal_id = '{deal.deal_id}'",
        )
        expected = {c.name: (KIND_TO_TYPE[c.kind], c.kind == "IO") for c in deal.classes}
        assert {name: (class_type, notional) for name, class_type, notional in got} == expected
        kinds |= {c.kind for c in deal.classes}
    assert {"IO", "Z", "SEN", "SUB"} <= kinds


def test_delinquency_buckets_state_their_bounds(sample_warehouse):
    bounds = query(
        sample_warehouse,
        "select distinct bucket_days_min, bucket_days_max from marts.fact_group_delinquency order by 1",
    )
    # 0-29, 30-59, ..., 150-179 days, and 180 days and over (open-ended).
    assert bounds == [(0, 29), (30, 59), (60, 89), (90, 119), (120, 149), (150, 179), (180, None)]


def test_a_doubled_check_row_fails_the_check_grain_test(sample_warehouse, tmp_path):
    """The grain of audit_reconciliation (filing x check x subject) is tested on int_checks_unioned, keyed on a
    hash first and then exactly: a check row stored twice (a pipeline break) is an error naming the row."""
    warehouse = tmp_path / "mbs.duckdb"
    warehouse.write_bytes(sample_warehouse.read_bytes())
    con = duckdb.connect(str(warehouse))
    try:
        con.execute(
            "insert into intermediate.int_checks_class select * from intermediate.int_checks_class "
            "where check_name = 'class_balance_rollforward' and subject = 'A-1'"
        )
    finally:
        con.close()
    result = run_dbt(
        warehouse,
        tmp_path,
        "--select",
        "int_checks_unioned,test_type:data",
        "--vars",
        "{check_all_filings: true}",
        command="test",
    )
    assert result.returncode != 0
    failing = re.findall(r"Failure in test (unique_combination_int_checks_unioned\w*)", result.stdout)
    assert len(failing) == 1, result.stdout[-3000:]
    assert "Got 1 result" in result.stdout
