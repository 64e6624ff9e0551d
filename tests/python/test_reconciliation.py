"""Every reconciliation check fails for the right reason.

Each case changes one printed number of a copy of the sample and names the check that must report it
and the subject it must name. All copies are
loaded into one warehouse and built once; audit_reconciliation holds every filing's checks.
"""

from __future__ import annotations

import hashlib

import pytest

from tests.python.conftest import SAMPLE, build_warehouse, query

# name: (line of the sample, printed figure on it, replacement, check that must fail, subject it must
#        name). The first occurrence of the figure on that line is changed; "last:" changes the last.
MUTATIONS = {
    "class_ending": (150, "163,982,935.69", "163,982,936.69", "class_balance_rollforward", "A-1"),
    "class_reduction": (209, "4,231,363.70", "4,231,364.70", "class_principal_reduction", "A-1"),
    "class_scheduled": (181, "5,198.38", "5,298.38", "class_principal_components", "A-1"),
    "class_total": (150, "4,612,990.11", "4,612,991.11", "class_total_distribution", "A-1"),
    "class_accrued": (296, "381,626.42", "381,636.42", "class_interest_accrual", "A-1"),
    "class_shortfall": (325, "0.01", "0.51", "class_interest_distribution", "A-3"),
    "class_agreement": (
        211,
        "70,846,194.52",
        "70,846,194.62",
        "class_figure_agreement",
        "A-2: ending_balance in class_principal",
    ),
    "class_factor": (
        266,
        "695.88065521",
        "695.88165521",
        "class_factor",
        "A-4: ending_balance per 1000 in class_principal_factors",
    ),
    "class_ending_pct": (212, "0.60246805", "0.60256805", "class_ending_factor", "A-3"),
    "class_totals": (
        333,
        "1,858,983.68",
        "1,858,993.68",
        "class_totals_row",
        "Totals: interest_distribution in class_interest",
    ),
    "group_ending": (764, "249,036,409.29", "249,036,509.29", "group_balance_rollforward", "Group 3"),
    "group_loans": (762, "203", "204", "group_loan_count_rollforward", "Group 2"),
    "group_net_interest": (817, "182,830.04", "182,831.04", "group_net_interest", "Group 4"),
    "group_senior": (737, "95.608595%", "95.618595%", "group_senior_percentage", "Group 2"),
    "group_subordinate": (743, "4.558139%", "4.558149%", "group_senior_subordinate_sum", "Group 3"),
    "group_prepayment": (746, "100.000000%", " 99.000000%", "group_senior_prepayment_sum", "Group 4"),
    "group_total": (807, "148,766.23", "148,767.23", "group_total_column", "Total: servicing_fee"),
    "collateral_paid": (
        707,
        "21",
        "22",
        "collateral_vs_group_total",
        "Collateral statement: loans_paid_in_full",
    ),
    "account_ending": (430, "0.00", "1.00", "account_rollforward", "Certificate account"),
    "account_deposit": (417, "8,232.37", "8,242.37", "account_deposits_sum", "Certificate account: deposits"),
    "account_withdrawal": (
        424,
        "2,699.62",
        "2,799.62",
        "account_withdrawals_sum",
        "Certificate account: withdrawals",
    ),
    "trustee_fee": (456, "454.27", "464.27", "net_servicing_fee", "Servicing fees"),
    "service_fee": (
        425,
        "158,305.79",
        "158,305.89",
        "service_fee_paid",
        "Servicing fees: payment of service fee",
    ),
    "shortfall_support": (441, "0.00", "5.00", "prepayment_shortfall_split", "Prepayment interest shortfall"),
    "master_fee": (
        455,
        "9,085.29",
        "9,085.39",
        "servicing_fees_vs_group_total",
        "Servicing fees: master_servicing_fee",
    ),
    "pool_principal": (
        720,
        "12,455,374.60",
        "12,455,384.60",
        "pool_to_bond_principal",
        "Pool vs certificates: principal",
    ),
    "pool_interest": (
        817,
        "1,858,983.67",
        "1,858,993.67",
        "pool_to_bond_interest",
        "Pool vs certificates: interest",
    ),
    "pool_distribution": (
        426,
        "14,399,365.24",
        "14,399,366.24",
        "pool_to_bond_distribution",
        "Certificate account: payment of interest and principal",
    ),
    "pool_balance": (
        709,
        "545,116,814.93",
        "545,116,824.93",
        "pool_to_bond_balance",
        "Pool vs certificates: beginning balance",
    ),
    "delinquency_totals": (492, "1", "2", "delinquency_totals_row", "Group 1 delinquent: loan count"),
    "delinquency_total_column": (
        531,
        "last:2",
        "3",
        "delinquency_total_column",
        "Group 2 30 days: loan count",
    ),
    "delinquency_count_pct": (
        614,
        "0.145560%",
        "0.155560%",
        "delinquency_count_pct",
        "Group 3 delinquent 30 days",
    ),
    "delinquency_balance_pct": (
        501,
        "0.973566%",
        "0.993566%",
        "delinquency_balance_pct",
        "Group 1 delinquent 30 days",
    ),
}


def mutate(lines: list[str], line_no: int, old: str, new: str) -> list[str]:
    out = list(lines)
    line = out[line_no - 1]
    if old.startswith("last:"):
        old = old.removeprefix("last:")
        assert old in line, (line_no, old)
        head, _, tail = line.rpartition(old)
        out[line_no - 1] = head + new + tail
    else:
        assert old in line, (line_no, old)
        out[line_no - 1] = line.replace(old, new, 1)
    return out


@pytest.fixture(scope="module")
def mutated(tmp_path_factory):
    """Write one mutated copy per case, load them all, build once; return {case: filing_id}."""
    tmp = tmp_path_factory.mktemp("mutations")
    folder = tmp / "filings"
    folder.mkdir()
    original = SAMPLE.read_text().split("\n")
    ids = {}
    for name, (line_no, old, new, _check, _subject) in MUTATIONS.items():
        data = "\n".join(mutate(original, line_no, old, new)).encode("ascii")
        (folder / f"{name}.txt").write_bytes(data)
        ids[name] = hashlib.sha256(data).hexdigest()
    warehouse = build_warehouse(tmp, [folder])
    return warehouse, ids


def test_every_check_has_a_case():
    checks = {check for _l, _o, _n, check, _s in MUTATIONS.values()}
    listed = query_checks()
    assert checks == listed


def query_checks() -> set[str]:
    """The per-filing checks the CTSLink family applies (seed report_family_checks; continuity checks span months)."""
    import csv
    from pathlib import Path

    seed = Path(__file__).resolve().parents[2] / "seeds" / "report_family_checks.csv"
    with seed.open(newline="") as f:
        return {
            row["check_name"]
            for row in csv.DictReader(f)
            if row["report_family"] == "ctslink" and row["is_continuity"] == "false"
        }


@pytest.mark.parametrize("case", sorted(MUTATIONS))
def test_mutation_is_reported_by_its_check(mutated, case):
    warehouse, ids = mutated
    *_change, check, subject = MUTATIONS[case]
    failures = query(
        warehouse,
        f"select check_name, subject from marts.audit_reconciliation where filing_id = '{ids[case]}' and not passed",
    )
    assert (check, subject) in failures, failures
