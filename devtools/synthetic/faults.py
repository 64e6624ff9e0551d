"""Named faults to inject into simulated reports, each with exactly what the warehouse must report.

Check faults break one reconciliation (or continuity) rule of the *last* month of a history by a
chosen amount, in the model or in a single printed figure, and declare the exact set of
``(check_name, subject)`` pairs that must then fail in ``audit_reconciliation`` -- no more, no less.
Most break one check; where the report's own arithmetic ties a figure to two rules (the net servicing
fee is both a sum and the "Payment of Service Fee"), both are declared.

Structural faults damage the filing itself: truncate it, garble a number, drop a table, duplicate
the filing, or emit an amendment (8-K/A) that restates one table.
"""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Callable
from decimal import Decimal

from synthetic.model import ClassMonth, GroupMonth, MonthReport

__all__ = ["CHECK_FAULTS", "CONTINUITY_FAULTS", "Expected", "drop_table", "garble_number", "inject", "truncate"]

Expected = frozenset[tuple[str, str]]


def _sub(report: MonthReport) -> ClassMonth:
    """The largest subordinate class: it backs no single group, so faults on it stay local."""
    return max((c for c in report.classes if c.spec.kind == "SUB"), key=lambda c: c.beginning_balance)


def _group(report: MonthReport) -> GroupMonth:
    return report.groups[0]


def _print(report: MonthReport, key: str, delta) -> None:
    report.print_deltas[key] = delta


def _class_balance_rollforward(r: MonthReport, amount: Decimal) -> Expected:
    c = _sub(r)
    c.ending_balance += amount
    c.total_principal_reduction -= amount
    return frozenset({("class_balance_rollforward", c.spec.name)})


def _class_principal_reduction(r: MonthReport, amount: Decimal) -> Expected:
    c = _sub(r)
    c.total_principal_reduction += amount
    return frozenset({("class_principal_reduction", c.spec.name)})


def _class_principal_components(r: MonthReport, amount: Decimal) -> Expected:
    c = _sub(r)
    c.principal_override = c.principal_distribution
    c.scheduled_principal += amount
    return frozenset({("class_principal_components", c.spec.name)})


def _class_total_distribution(r: MonthReport, amount: Decimal) -> Expected:
    c = _sub(r)
    c.total_override = c.total_distribution + amount
    return frozenset({("class_total_distribution", c.spec.name)})


def _class_interest_accrual(r: MonthReport, amount: Decimal) -> Expected:
    c = _sub(r)
    c.rate += Decimal("0.0005")
    return frozenset({("class_interest_accrual", c.spec.name)})


def _class_interest_distribution(r: MonthReport, amount: Decimal) -> Expected:
    c = _sub(r)
    c.non_supported_interest_shortfall += amount
    return frozenset({("class_interest_distribution", c.spec.name)})


def _class_ending_factor(r: MonthReport, amount: Decimal) -> Expected:
    c = _sub(r)
    _print(r, f"class:{c.spec.name}:ending_factor", Decimal("0.0001"))
    return frozenset({("class_ending_factor", c.spec.name)})


def _class_factor(r: MonthReport, amount: Decimal) -> Expected:
    c = _sub(r)
    _print(r, f"class:{c.spec.name}:scheduled_principal_per_1000", Decimal("0.01"))
    return frozenset({("class_factor", f"{c.spec.name}: scheduled_principal per 1000 in class_principal_factors")})


def _class_figure_agreement(r: MonthReport, amount: Decimal) -> Expected:
    c = _sub(r)
    _print(r, f"class:{c.spec.name}:principal_table_ending", amount)
    return frozenset({("class_figure_agreement", f"{c.spec.name}: ending_balance in class_principal")})


def _class_totals_row(r: MonthReport, amount: Decimal) -> Expected:
    _print(r, "totals:class_interest:accrued_interest", amount)
    return frozenset({("class_totals_row", "Totals: accrued_interest in class_interest")})


def _group_balance_rollforward(r: MonthReport, amount: Decimal) -> Expected:
    g = _group(r)
    g.ending_balance += amount
    return frozenset({("group_balance_rollforward", f"Group {g.spec.number}")})


def _group_loan_count_rollforward(r: MonthReport, amount: Decimal) -> Expected:
    g = _group(r)
    g.loans_paid_in_full += 1
    return frozenset({("group_loan_count_rollforward", f"Group {g.spec.number}")})


def _group_net_interest(r: MonthReport, amount: Decimal) -> Expected:
    g = _group(r)
    g.servicing_fee += amount
    return frozenset({("group_net_interest", f"Group {g.spec.number}")})


def _group_senior_percentage(r: MonthReport, amount: Decimal) -> Expected:
    g = _group(r)
    g.senior_percentage -= Decimal("0.001")
    return frozenset({("group_senior_percentage", f"Group {g.spec.number}")})


def _group_senior_subordinate_sum(r: MonthReport, amount: Decimal) -> Expected:
    g = _group(r)
    _print(r, f"group:{g.spec.number}:subordinate_percentage", Decimal("0.001"))
    return frozenset({("group_senior_subordinate_sum", f"Group {g.spec.number}")})


def _group_senior_prepayment_sum(r: MonthReport, amount: Decimal) -> Expected:
    g = _group(r)
    _print(r, f"group:{g.spec.number}:subordinate_prepayment_percentage", Decimal("0.001"))
    return frozenset({("group_senior_prepayment_sum", f"Group {g.spec.number}")})


def _group_total_column(r: MonthReport, amount: Decimal) -> Expected:
    _print(r, "total:Scheduled Interest", amount)
    return frozenset({("group_total_column", "Total: scheduled_interest")})


def _collateral_vs_group_total(r: MonthReport, amount: Decimal) -> Expected:
    _print(r, "collateral:loans_paid_in_full", 1)
    return frozenset({("collateral_vs_group_total", "Collateral statement: loans_paid_in_full")})


def _account_rollforward(r: MonthReport, amount: Decimal) -> Expected:
    _print(r, "deal:account_ending_balance", amount)
    return frozenset({("account_rollforward", "Certificate account")})


def _account_deposits_sum(r: MonthReport, amount: Decimal) -> Expected:
    _print(r, "deal:servicer_advances", amount)
    return frozenset({("account_deposits_sum", "Certificate account: deposits")})


def _account_withdrawals_sum(r: MonthReport, amount: Decimal) -> Expected:
    _print(r, "deal:advance_reimbursement", amount)
    return frozenset({("account_withdrawals_sum", "Certificate account: withdrawals")})


def _net_servicing_fee(r: MonthReport, amount: Decimal) -> Expected:
    _print(r, "deal:supported_prepayment_interest_shortfall", amount)
    return frozenset({("net_servicing_fee", "Servicing fees")})


def _service_fee_paid(r: MonthReport, amount: Decimal) -> Expected:
    # The printed net fee is both the sum of the fee lines and the account's "Payment of Service Fee".
    _print(r, "deal:net_servicing_fee", amount)
    return frozenset(
        {("service_fee_paid", "Servicing fees: payment of service fee"), ("net_servicing_fee", "Servicing fees")}
    )


def _prepayment_shortfall_split(r: MonthReport, amount: Decimal) -> Expected:
    _print(r, "deal:servicing_fee_support", amount)
    return frozenset({("prepayment_shortfall_split", "Prepayment interest shortfall")})


def _servicing_fees_vs_group_total(r: MonthReport, amount: Decimal) -> Expected:
    # The master servicing fee line is also a term of the net servicing fee.
    _print(r, "deal:master_servicing_fee", amount)
    return frozenset(
        {
            ("servicing_fees_vs_group_total", "Servicing fees: master_servicing_fee"),
            ("net_servicing_fee", "Servicing fees"),
        }
    )


def _pool_to_bond_principal(r: MonthReport, amount: Decimal) -> Expected:
    # The collateral statement's scheduled principal is also printed in the group Total column.
    _print(r, "collateral:scheduled_principal", amount)
    return frozenset(
        {
            ("pool_to_bond_principal", "Pool vs certificates: principal"),
            ("collateral_vs_group_total", "Collateral statement: scheduled_principal"),
        }
    )


def _pool_to_bond_interest(r: MonthReport, amount: Decimal) -> Expected:
    # The pool's net interest is the group statement's Total column, which sums the groups.
    _print(r, "total:Net Interest", amount)
    return frozenset(
        {("pool_to_bond_interest", "Pool vs certificates: interest"), ("group_total_column", "Total: net_interest")}
    )


def _pool_to_bond_distribution(r: MonthReport, amount: Decimal) -> Expected:
    _print(r, "deal:withdrawal_interest_and_principal", amount)
    return frozenset(
        {
            ("pool_to_bond_distribution", "Certificate account: payment of interest and principal"),
            ("account_withdrawals_sum", "Certificate account: withdrawals"),
        }
    )


def _pool_to_bond_balance(r: MonthReport, amount: Decimal) -> Expected:
    _print(r, "collateral:beginning_balance", Decimal("5.00"))
    return frozenset(
        {
            ("pool_to_bond_balance", "Pool vs certificates: beginning balance"),
            ("collateral_vs_group_total", "Collateral statement: beginning_balance"),
        }
    )


def _delinquency_totals_row(r: MonthReport, amount: Decimal) -> Expected:
    n = _group(r).spec.number
    _print(r, f"dq:{n}:delinquent:totals:count", 1)
    # The Totals row is also a row of the Total column check.
    return frozenset(
        {
            ("delinquency_totals_row", f"Group {n} delinquent: loan count"),
            ("delinquency_total_column", f"Group {n} Totals: loan count"),
        }
    )


def _delinquency_total_column(r: MonthReport, amount: Decimal) -> Expected:
    n = _group(r).spec.number
    _print(r, f"dq:{n}:total:30:count", 1)
    return frozenset(
        {
            ("delinquency_total_column", f"Group {n} 30 days: loan count"),
            ("delinquency_total_column", f"Group {n} Totals: loan count"),
        }
    )


def _delinquency_count_pct(r: MonthReport, amount: Decimal) -> Expected:
    n = _group(r).spec.number
    _print(r, f"dq:{n}:bankruptcy:60:count_pct", Decimal("0.0001"))
    return frozenset({("delinquency_count_pct", f"Group {n} bankruptcy 60 days")})


def _delinquency_balance_pct(r: MonthReport, amount: Decimal) -> Expected:
    n = _group(r).spec.number
    _print(r, f"dq:{n}:reo:90:balance_pct", Decimal("0.001"))
    return frozenset({("delinquency_balance_pct", f"Group {n} reo 90 days")})


def _class_balance_continuity(r: MonthReport, amount: Decimal) -> Expected:
    c = _sub(r)
    c.beginning_balance += amount
    c.ending_balance += amount
    return frozenset({("class_balance_continuity", c.spec.name)})


def _class_cumulative_loss_continuity(r: MonthReport, amount: Decimal) -> Expected:
    c = _sub(r)
    c.cumulative_realized_loss += amount
    return frozenset({("class_cumulative_loss_continuity", c.spec.name)})


def _class_original_face_unchanged(r: MonthReport, amount: Decimal) -> Expected:
    c = _sub(r)
    c.spec = dataclasses.replace(c.spec, face=c.spec.face + Decimal("1000.00"))
    return frozenset({("class_original_face_unchanged", c.spec.name)})


def _class_cusip_unchanged(r: MonthReport, amount: Decimal) -> Expected:
    c = _sub(r)
    old = c.spec.cusip
    new = old[:6] + "ZZ" + old[8]
    c.spec = dataclasses.replace(c.spec, cusip=new)
    return frozenset({("class_cusip_unchanged", f"{c.spec.name}: {old} -> {new}")})


def _group_balance_continuity(r: MonthReport, amount: Decimal) -> Expected:
    g = _group(r)
    senior = g.senior_percentage * g.beginning_balance
    g.beginning_balance += amount
    g.ending_balance += amount
    g.senior_percentage = senior / g.beginning_balance
    return frozenset({("group_balance_continuity", f"Group {g.spec.number}")})


def _group_loan_count_continuity(r: MonthReport, amount: Decimal) -> Expected:
    g = _group(r)
    g.beginning_loan_count += 1
    g.ending_loan_count += 1
    return frozenset({("group_loan_count_continuity", f"Group {g.spec.number}")})


def _group_cumulative_loss_continuity(r: MonthReport, amount: Decimal) -> Expected:
    g = _group(r)
    g.cumulative_realized_loss += amount
    return frozenset({("group_cumulative_loss_continuity", f"Group {g.spec.number}")})


CHECK_FAULTS: dict[str, Callable[[MonthReport, Decimal], Expected]] = {
    "class_balance_rollforward": _class_balance_rollforward,
    "class_principal_reduction": _class_principal_reduction,
    "class_principal_components": _class_principal_components,
    "class_total_distribution": _class_total_distribution,
    "class_interest_accrual": _class_interest_accrual,
    "class_interest_distribution": _class_interest_distribution,
    "class_ending_factor": _class_ending_factor,
    "class_factor": _class_factor,
    "class_figure_agreement": _class_figure_agreement,
    "class_totals_row": _class_totals_row,
    "group_balance_rollforward": _group_balance_rollforward,
    "group_loan_count_rollforward": _group_loan_count_rollforward,
    "group_net_interest": _group_net_interest,
    "group_senior_percentage": _group_senior_percentage,
    "group_senior_subordinate_sum": _group_senior_subordinate_sum,
    "group_senior_prepayment_sum": _group_senior_prepayment_sum,
    "group_total_column": _group_total_column,
    "collateral_vs_group_total": _collateral_vs_group_total,
    "account_rollforward": _account_rollforward,
    "account_deposits_sum": _account_deposits_sum,
    "account_withdrawals_sum": _account_withdrawals_sum,
    "net_servicing_fee": _net_servicing_fee,
    "service_fee_paid": _service_fee_paid,
    "prepayment_shortfall_split": _prepayment_shortfall_split,
    "servicing_fees_vs_group_total": _servicing_fees_vs_group_total,
    "pool_to_bond_principal": _pool_to_bond_principal,
    "pool_to_bond_interest": _pool_to_bond_interest,
    "pool_to_bond_distribution": _pool_to_bond_distribution,
    "pool_to_bond_balance": _pool_to_bond_balance,
    "delinquency_totals_row": _delinquency_totals_row,
    "delinquency_total_column": _delinquency_total_column,
    "delinquency_count_pct": _delinquency_count_pct,
    "delinquency_balance_pct": _delinquency_balance_pct,
}

CONTINUITY_FAULTS: dict[str, Callable[[MonthReport, Decimal], Expected]] = {
    "class_balance_continuity": _class_balance_continuity,
    "class_cumulative_loss_continuity": _class_cumulative_loss_continuity,
    "class_original_face_unchanged": _class_original_face_unchanged,
    "class_cusip_unchanged": _class_cusip_unchanged,
    "group_balance_continuity": _group_balance_continuity,
    "group_loan_count_continuity": _group_loan_count_continuity,
    "group_cumulative_loss_continuity": _group_cumulative_loss_continuity,
}


# Money faults move a figure by ``amount``. The defaults break exactly the declared checks: above each
# rule's tolerance (a cent per rounded term), below the pool-to-bond balance gap ($1.00) where a
# balance moves.
DEFAULT_AMOUNTS = {
    name: Decimal("0.50")
    for name in (
        "class_balance_rollforward",
        "class_principal_reduction",
        "class_principal_components",
        "class_total_distribution",
        "class_interest_distribution",
        "class_figure_agreement",
        "group_balance_rollforward",
        "group_net_interest",
        "class_balance_continuity",
        "group_balance_continuity",
    )
}


def inject(history: list[MonthReport], fault: str, amount: Decimal | None = None) -> tuple[list[MonthReport], Expected]:
    """Break ``fault``'s rule in the last month of ``history`` (money faults by ``amount``); returns
    the new history and the exact ``(check, subject)`` failures the last filing must show."""
    last = history[-1].copy()
    function = {**CHECK_FAULTS, **CONTINUITY_FAULTS}[fault]
    expected = function(last, amount if amount is not None else DEFAULT_AMOUNTS.get(fault, Decimal("1.00")))
    return [*history[:-1], last], expected


def truncate(text: str, fraction: float) -> str:
    """Cut a rendered report at ``fraction`` of its length (inside whatever table is there)."""
    return text[: int(len(text) * fraction)]


def garble_number(text: str, rng: random.Random) -> tuple[str, str]:
    """Replace one digit of one money figure with a letter ("4,231,3b3.70"); returns (text, token)."""
    import re

    figures = [m for m in re.finditer(r"(?<=\s)\d{1,3}(?:,\d{3})+\.\d{2}(?=\s|$)", text)]
    match = rng.choice(figures)
    token = match.group(0)
    position = rng.choice([i for i, ch in enumerate(token) if ch.isdigit()])
    garbled = token[:position] + "b" + token[position + 1 :]
    return text[: match.start()] + garbled + text[match.end() :], garbled


def drop_table(text: str, title: str) -> str:
    """Remove the ``<TABLE>`` whose caption carries ``title`` (its first occurrence)."""
    lines = text.split("\n")
    at = next(i for i, line in enumerate(lines) if line.strip() == title)
    start = max(i for i in range(at) if lines[i].strip().lower().startswith("<table"))
    end = next(i for i in range(at, len(lines)) if lines[i].strip().lower().startswith("</table"))
    return "\n".join(lines[:start] + lines[end + 1 :])
