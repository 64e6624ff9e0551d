"""Restatement history: every version of a figure is kept, and an amendment that restates one table
is listed in audit_restatements with exactly the figures it changed.

The simulated deal (tests/python/simulated_deal.py) files an 8-K/A for one month whose delinquency
table adds one loan of $100,000.00 to group 1's 30-day bucket; the expected figures come from the
simulation (the count and balance it printed, and the shares it printed to 6 decimals of a percent).
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from tests.python.conftest import REPO, query
from tests.python.simulated_deal import RESTATED_BALANCE, RESTATED_CELL, RESTATED_PERIOD


def printed_share(part, whole) -> Decimal:
    """A share as the report prints it: a percentage to 6 decimals, as a fraction."""
    return (Decimal(part) / whole * 100).quantize(Decimal("0.000001"), rounding=ROUND_HALF_UP) / 100


def test_amendment_lists_exactly_the_figures_it_changed(simulated_warehouse):
    warehouse, deal = simulated_warehouse
    original = deal.history[RESTATED_PERIOD]
    group = original.groups[0]
    count, balance = group.delinquency[RESTATED_CELL]
    subject = f"Group {group.spec.number} {RESTATED_CELL[0]} {RESTATED_CELL[1]}"
    expected = {
        ("loan_count", Decimal(count), Decimal(count + 1)),
        ("principal_balance", balance, balance + RESTATED_BALANCE),
        (
            "loan_count_pct",
            printed_share(count, group.ending_loan_count),
            printed_share(count + 1, group.ending_loan_count),
        ),
        (
            "principal_balance_pct",
            printed_share(balance, group.ending_balance),
            printed_share(balance + RESTATED_BALANCE, group.ending_balance),
        ),
    }
    rows = query(
        warehouse,
        "select distribution_date, subject_type, subject, measure, first_reported_value, current_value, difference, "
        "first_accession_number, first_form_type, current_accession_number, current_form_type "
        f"from marts.audit_restatements where deal_id = '{deal.deal_id}'",
    )
    assert {(r[3], r[4], r[5]) for r in rows} == expected
    for r in rows:
        assert r[:3] == (original.distribution_date, "delinquency", subject)
        assert r[6] == r[5] - r[4]
        assert r[7:] == (deal.original_accession, "8-K", deal.amendment_accession, "8-K/A")


def test_history_keeps_every_version(simulated_warehouse):
    warehouse, deal = simulated_warehouse
    date = deal.history[RESTATED_PERIOD].distribution_date
    n_classes = len(deal.history[0].classes)
    for table, per_filing in (
        ("fact_class_distribution_history", n_classes),
        ("fact_group_collateral_history", len(deal.history[0].groups)),
    ):
        versions = query(
            warehouse,
            f"select accession_number, form_type, report_version, is_current, count(*) from marts.{table} "
            f"where deal_id = '{deal.deal_id}' and distribution_date = '{date}' group by all order by 3",
        )
        assert versions == [
            (deal.original_accession, "8-K", 1, False, per_filing),
            (deal.amendment_accession, "8-K/A", 2, True, per_filing),
        ], table
    # Every other month has one version, the current one.
    assert query(
        warehouse,
        "select count(*), bool_and(is_current), max(report_version) from marts.fact_class_distribution_history "
        f"where deal_id = '{deal.deal_id}' and distribution_date <> '{date}'",
    ) == [(23 * n_classes, True, 1)]


def _readme_query(title: str) -> str:
    """The SQL block of README.md that follows the comment line ``-- title``."""
    text = (REPO / "README.md").read_text()
    block = re.search(r"```sql\n(-- " + re.escape(title) + r".*?)```", text, re.S)
    assert block, title
    return block.group(1)


def test_readme_first_reported_and_latest_queries(simulated_warehouse):
    warehouse, deal = simulated_warehouse
    group = deal.history[RESTATED_PERIOD].groups[0]
    count, balance = group.delinquency[RESTATED_CELL]
    date = deal.history[RESTATED_PERIOD].distribution_date
    where = f"deal_id = '{deal.deal_id}' and distribution_date = '{date}' and loan_group = 1 " + (
        "and status = 'delinquent' and bucket_days_min = 30"
    )
    for title, value in (("as first reported", (count, balance)), ("latest", (count + 1, balance + RESTATED_BALANCE))):
        sql = _readme_query(title)
        got = query(warehouse, f"select loan_count, principal_balance from ({sql.rstrip().rstrip(';')}) where {where}")
        assert got == [value], title
    assert Path(REPO / "README.md").exists()
