"""The real Bankers Trust filing (Aames Capital 1998-C, December 15, 1998) loads to facts.

Every expected value below was typed by hand from the document
(data/sample/aames-capital-1998-c_1998-12-15.txt, pages 1-6), not from the program's output.
Rates and percentages are printed in percent and stored as fractions.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal as D
from pathlib import Path

import pytest

from tests.python.conftest import REPO, build_warehouse, query

AAMES = REPO / "data" / "sample" / "aames-capital-1998-c_1998-12-15.txt"
FILING = "0001011438-98-000429"
P = D("0.01")

# Page 2, REMIC II "DISTRIBUTIONS IN DOLLARS": original face, prior principal balance, interest,
# principal, total, realized losses, deferred interest, current principal balance.
REMIC_II = {
    "A-1F": (
        "118,400,000.00",
        "113,781,143.26",
        "591,567.13",
        "3,600,398.47",
        "4,191,965.60",
        "0.00",
        "0.00",
        "110,180,744.79",
    ),
    "A-2F": ("80,300,000.00", "80,300,000.00", "403,975.92", "0.00", "403,975.92", "0.00", "0.00", "80,300,000.00"),
    "A-3F": ("39,900,000.00", "39,900,000.00", "202,525.75", "0.00", "202,525.75", "0.00", "0.00", "39,900,000.00"),
    "A-4F": ("72,100,000.00", "72,100,000.00", "376,602.33", "0.00", "376,602.33", "0.00", "0.00", "72,100,000.00"),
    "A-5F": ("40,300,000.00", "40,300,000.00", "222,758.25", "0.00", "222,758.25", "0.00", "0.00", "40,300,000.00"),
    "A-6F": ("39,000,000.00", "39,000,000.00", "199,322.50", "0.00", "199,322.50", "0.00", "0.00", "39,000,000.00"),
    "A-1A": (
        "195,000,000.00",
        "191,237,567.00",
        "853,113.39",
        "2,990,208.50",
        "3,843,321.89",
        "0.00",
        "0.00",
        "188,247,358.50",
    ),
    "A-2A": ("65,000,000.00", "65,000,000.00", "320,233.33", "0.00", "320,233.33", "0.00", "0.00", "65,000,000.00"),
    "C": ("0.00", "3,532,291.89", "0.00", "0.00", "0.00", "0.00", "1,833,007.72", "5,365,299.61"),
    "R-II": ("0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00"),
}
# Page 2, REMIC II "FACTOR INFORMATION PER $1000 OF ORIGINAL FACE": CUSIP, prior principal balance,
# interest, principal, total, current principal balance, pass-through rate current and estimated next.
REMIC_II_FACTORS = {
    "A-1F": ("00253CFD4", "960.989386", "4.996344", "30.408771", "35.405115", "930.580615", "6.239000", "6.239000"),
    "A-2F": ("00253CFE2", "1,000.000000", "5.030833", "0.000000", "5.030833", "1,000.000000", "6.037000", "6.037000"),
    "A-3F": ("00253CFF9", "1,000.000000", "5.075833", "0.000000", "5.075833", "1,000.000000", "6.091000", "6.091000"),
    "A-4F": ("00253CFG7", "1,000.000000", "5.223333", "0.000000", "5.223333", "1,000.000000", "6.268000", "6.268000"),
    "A-5F": ("00253CFH5", "1,000.000000", "5.527500", "0.000000", "5.527500", "1,000.000000", "6.633000", "6.633000"),
    "A-6F": ("00253CFJ1", "1,000.000000", "5.110833", "0.000000", "5.110833", "1,000.000000", "6.133000", "6.133000"),
    "A-1A": ("00253CFK8", "980.705472", "4.374940", "15.334403", "19.709343", "965.371069", "5.537810", "5.795470"),
    "A-2A": ("00253CFL6", "1,000.000000", "4.926667", "0.000000", "4.926667", "1,000.000000", "5.912000", "5.912000"),
    "C": (None, "0.000000", "0.000000", "0.000000", "0.000000", "0.000000", "0.000000", "0.000000"),
    "R-II": (None, "0.000000", "0.000000", "0.000000", "0.000000", "0.000000", "0.000000", "0.000000"),
}
# Page 1, REMIC I (lower-tier regular interests): same columns as REMIC_II.
REMIC_I = {
    "I-1F": ("1,184,000.00", "1,156,444.26", "9,162.44", "25,739.98", "34,902.42", "0.00", "0.00", "1,130,704.28"),
    "I-2F": ("803,000.00", "803,000.00", "6,362.12", "0.00", "6,362.12", "0.00", "0.00", "803,000.00"),
    "I-3F": ("399,000.00", "399,000.00", "3,161.25", "0.00", "3,161.25", "0.00", "0.00", "399,000.00"),
    "I-4F": ("721,000.00", "721,000.00", "5,712.44", "0.00", "5,712.44", "0.00", "0.00", "721,000.00"),
    "I-5F": ("403,000.00", "403,000.00", "3,192.94", "0.00", "3,192.94", "0.00", "0.00", "403,000.00"),
    "I-6F": ("390,000.00", "390,000.00", "3,089.95", "0.00", "3,089.95", "0.00", "0.00", "390,000.00"),
    "I-MF": (
        "386,100,000.00",
        "383,371,981.77",
        "3,037,432.62",
        "2,548,257.74",
        "5,585,690.36",
        "0.00",
        "0.00",
        "380,823,724.03",
    ),
    "I-1A": ("1,950,000.00", "1,927,639.85", "14,590.07", "22,424.65", "37,014.72", "0.00", "0.00", "1,905,215.20"),
    "I-2A": ("650,000.00", "650,000.00", "4,919.77", "0.00", "4,919.77", "0.00", "0.00", "650,000.00"),
    "I-MA": (
        "257,400,000.00",
        "255,186,345.58",
        "1,931,474.36",
        "2,220,040.75",
        "4,151,515.11",
        "0.00",
        "0.00",
        "252,966,304.83",
    ),
    "R-I": ("0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00"),
}
# Page 1, REMIC I factors (no CUSIP): prior, interest, principal, total, current, rate current, next.
REMIC_I_FACTORS = {
    "I-1F": ("976.726571", "7.738547", "21.739846", "29.478393", "954.986726", "9.507526", "9.504372"),
    "I-2F": ("1,000.000000", "7.922939", "0.000000", "7.922939", "1,000.000000", "9.507526", "9.504372"),
    "I-3F": ("1,000.000000", "7.922932", "0.000000", "7.922932", "1,000.000000", "9.507526", "9.504372"),
    "I-4F": ("1,000.000000", "7.922940", "0.000000", "7.922940", "1,000.000000", "9.507526", "9.504372"),
    "I-5F": ("1,000.000000", "7.922928", "0.000000", "7.922928", "1,000.000000", "9.507526", "9.504372"),
    "I-6F": ("1,000.000000", "7.922949", "0.000000", "7.922949", "1,000.000000", "9.507526", "9.504372"),
    "I-MF": ("992.934426", "7.866958", "6.599994", "14.466953", "986.334432", "9.507526", "9.504372"),
    "I-1A": ("988.533259", "7.482087", "11.499823", "18.981910", "977.033436", "9.082654", "9.081353"),
    "I-2A": ("1,000.000000", "7.568877", "0.000000", "7.568877", "1,000.000000", "9.082654", "9.081353"),
    "I-MA": ("991.399944", "7.503785", "8.624867", "16.128652", "982.775077", "9.082654", "9.081353"),
}
# Page 6: accrued certificate interest (prior, current) and interest carry forward (prior, current).
ACCRUED = {
    "A-1F": ("606,282.02", "591,567.13"),
    "A-2F": ("403,975.92", "403,975.92"),
    "A-3F": ("202,525.75", "202,525.75"),
    "A-4F": ("376,602.33", "376,602.33"),
    "A-5F": ("222,758.25", "222,758.25"),
    "A-6F": ("199,322.50", "199,322.50"),
    "A-1A": ("975,243.32", "853,113.39"),
    "A-2A": ("320,233.33", "320,233.33"),
    "C": ("0.00", "0.00"),
}
# Pages 4 and 5, per group (Fixed = loan group 1, ADJ = loan group 2, in report order).
GROUPS = {
    1: {
        "group_name": "FIXED GROUP",
        "beginning_balance": "387,244,426.03",
        "ending_balance": "384,670,428.31",
        "beginning_loan_count": 5831,
        "ending_loan_count": 5796,
        "loans_paid_in_full": 35,
        "scheduled_principal": "425,326.69",
        "prepayments_and_curtailments": "2,148,671.03",
        "total_principal": "2,573,997.72",
        "scheduled_interest": "3,229,465.60",
        "delinquent_interest": "-497,568.25",
        "interest_advanced": "474,821.37",
        "total_interest": "3,068,113.76",
        "total_sources": "5,642,111.48",
        "servicing_fee": "161,351.84",
        "delinquent_servicing_fee": "-22,746.88",
        "collected_servicing_fee": "138,604.96",
        "gross_wac": "10.00753",
        "next_gross_wac": "10.00437",
        "wam_months": 306,
        "group_factor": "98.63344",
        "extra_principal_distribution": "1,026,400.75",
        "overcollateralization_amount": "2,889,683.52",
        "overcollateralization_target": "10,335,000.00",
        "rolling_loss_trigger": "NO",
        "cumulative_loss_trigger": "NO",
        "delinquency_trigger": "NO",
    },
    2: {
        "group_name": "ADJ GROUP",
        "beginning_balance": "257,763,985.43",
        "ending_balance": "255,521,520.03",
        "beginning_loan_count": 2570,
        "ending_loan_count": 2549,
        "loans_paid_in_full": 21,
        "scheduled_principal": "141,631.39",
        "prepayments_and_curtailments": "2,100,834.01",
        "total_principal": "2,242,465.40",
        "scheduled_interest": "2,058,385.87",
        "delinquent_interest": "-340,438.75",
        "interest_advanced": "324,013.36",
        "total_interest": "1,950,984.20",
        "total_sources": "4,193,449.60",
        "servicing_fee": "107,401.66",
        "delinquent_servicing_fee": "-16,425.38",
        "collected_servicing_fee": "90,976.28",
        "gross_wac": "9.58265",
        "next_gross_wac": "9.58135",
        "wam_months": 354,
        "group_factor": "98.27751",
        "extra_principal_distribution": "747,743.10",
        "overcollateralization_amount": "2,274,161.53",
        "overcollateralization_target": "16,510,000.00",
        "rolling_loss_trigger": "NO",
        "cumulative_loss_trigger": "NO",
        "delinquency_trigger": "NO",
    },
}
PERCENT_MEASURES = {"gross_wac", "next_gross_wac", "group_factor"}
TEXT_MEASURES = {"group_name", "rolling_loss_trigger", "cumulative_loss_trigger", "delinquency_trigger"}


def money(text: str | None) -> D | None:
    return None if text is None else D(text.replace(",", ""))


@pytest.fixture(scope="module")
def aames_warehouse(tmp_path_factory) -> Path:
    return build_warehouse(tmp_path_factory.mktemp("aames"), [AAMES])


def test_filing_and_deal(aames_warehouse):
    assert query(
        aames_warehouse,
        "select filing_id, report_family, deal_id, distribution_date, record_date, is_complete, is_current "
        "from marts.dim_filing",
    ) == [(FILING, "bankers_trust", "aames-1998-c", dt.date(1998, 12, 15), dt.date(1998, 11, 30), True, True)]
    assert query(aames_warehouse, "select deal_id, series, shelf_code, cik from marts.dim_deal") == [
        ("aames-1998-c", "1998-C", "AAMES", "913951")
    ]


def numbers_printed(text: str) -> int:
    """Numbers printed below the <S> line of every <TABLE>, counted without the parser: fields are
    separated by two or more blanks, and a field of numbers one blank apart is that many numbers."""
    number = r"\(?-?[\d,]*\d(\.\d+)?%?\)?"
    count = 0
    for block in re.findall(r"<TABLE>(.*?)</TABLE>", text, re.S):
        lines = block.split("\n")
        start = next(i for i, line in enumerate(lines) if re.match(r"\s*<S>", line))
        for line in lines[start + 1 :]:
            for field in re.split(r"\s{2,}", line.strip()):
                parts = field.split(" ")
                if all(re.fullmatch(number, part) for part in parts):
                    count += len(parts)
    return count


def test_every_number_is_mapped(aames_warehouse):
    printed, mapped, coverage = query(
        aames_warehouse, "select printed_number_count, mapped_number_count, number_coverage from marts.dim_filing"
    )[0]
    assert printed == numbers_printed(AAMES.read_text(encoding="latin-1"))
    assert mapped == printed and coverage == 1
    assert query(aames_warehouse, "select count(*) from marts.audit_unmapped_numbers") == [(0,)]
    assert query(aames_warehouse, "select count(*) from marts.audit_parse_issues") == [(0,)]


def test_certificates_distributions_and_factors(aames_warehouse):
    rows = query(
        aames_warehouse,
        "select class_name, original_face, beginning_balance, interest_distribution, principal_distribution, "
        "total_distribution, realized_loss, accretion, ending_balance, cusip, beginning_balance_per_1000, "
        "interest_distribution_per_1000, principal_distribution_per_1000, total_distribution_per_1000, "
        "ending_balance_per_1000, pass_through_rate, next_pass_through_rate, tier, is_lower_tier "
        "from marts.fact_class_distribution where not is_lower_tier order by class_name",
    )
    assert [r[0] for r in rows] == sorted(REMIC_II)
    for row in rows:
        name = row[0]
        factors = REMIC_II_FACTORS[name]
        assert row[1:9] == tuple(money(v) for v in REMIC_II[name]), name
        assert row[9] == factors[0], name
        assert row[10:15] == tuple(money(v) for v in factors[1:6]), name
        assert row[15:17] == (D(factors[6]) * P, D(factors[7]) * P), name
        assert row[17:] == ("REMIC II", False), name


def test_lower_tier_interests_are_kept_and_marked(aames_warehouse):
    rows = query(
        aames_warehouse,
        "select class_name, original_face, beginning_balance, interest_distribution, principal_distribution, "
        "total_distribution, realized_loss, accretion, ending_balance, beginning_balance_per_1000, "
        "interest_distribution_per_1000, principal_distribution_per_1000, total_distribution_per_1000, "
        "ending_balance_per_1000, pass_through_rate, next_pass_through_rate, tier "
        "from marts.fact_class_distribution where is_lower_tier order by class_name",
    )
    assert [r[0] for r in rows] == sorted(REMIC_I)
    for row in rows:
        name = row[0]
        assert row[1:9] == tuple(money(v) for v in REMIC_I[name]), name
        if name in REMIC_I_FACTORS:
            factors = REMIC_I_FACTORS[name]
            assert row[9:14] == tuple(money(v) for v in factors[:5]), name
            assert row[14:16] == (D(factors[5]) * P, D(factors[6]) * P), name
        assert row[16] == "REMIC I", name
    # Certificates only: a sum over the certificates counts no lower-tier interest.
    assert query(
        aames_warehouse,
        "select sum(ending_balance) from marts.fact_class_distribution where not is_lower_tier",
    ) == [(money("640,393,402.90"),)]


def test_ending_factor_from_the_per_1000_factor(aames_warehouse):
    """Bankers Trust prints factors per $1,000 only: ending_factor (a fraction, the column every family
    fills) is the printed current principal balance factor / 1000, and agrees with ending balance /
    original face to the printed precision (6 decimals per $1,000) plus a cent on the face (the trustee
    computes factors from unrounded balances: I-1F prints 954.986726 where 1,130,704.28 / 1,184,000 gives
    954.986723)."""
    rows = query(
        aames_warehouse,
        "select class_name, ending_factor from marts.fact_class_distribution order by class_name",
    )
    printed = {name: factors[4] for name, factors in REMIC_I_FACTORS.items()}
    printed.update({name: factors[5] for name, factors in REMIC_II_FACTORS.items()})
    factors = dict(rows)
    for name, current in printed.items():
        assert factors[name] == money(current) / 1000, name
    for name, figures in {**REMIC_I, **REMIC_II}.items():
        face, ending = money(figures[0]), money(figures[7])
        if face:
            assert abs(factors[name] - ending / face) <= D("0.0000000005") + P / face, name
    # R-I prints no factor line: nothing to derive from.
    assert factors["R-I"] is None


def test_accrued_interest_and_carry_forward(aames_warehouse):
    rows = query(
        aames_warehouse,
        "select class_name, prior_accrued_interest, accrued_interest, prior_interest_carry_forward, "
        "interest_carry_forward from marts.fact_class_distribution where class_name in "
        f"({', '.join(repr(c) for c in ACCRUED)}) order by class_name",
    )
    assert [r[0] for r in rows] == sorted(ACCRUED)
    for name, prior, current, prior_carry, carry in rows:
        assert (prior, current) == tuple(money(v) for v in ACCRUED[name]), name
        assert (prior_carry, carry) == (D("0.00"), D("0.00")), name


def test_dim_class(aames_warehouse):
    rows = query(
        aames_warehouse,
        "select class_name, cusip, original_face, tier, is_lower_tier from marts.dim_class order by report_order",
    )
    expected = [(n, None, money(v[0]), "REMIC I", True) for n, v in REMIC_I.items()] + [
        (n, REMIC_II_FACTORS[n][0], money(v[0]), "REMIC II", False) for n, v in REMIC_II.items()
    ]
    assert rows == expected
    # Roles and groups by the family's naming (seed class_roles): F classes are paid from the FIXED
    # GROUP (loan group 1), A classes from the ADJ GROUP (2); C is the overcollateralization class, R-I
    # and R-II the residuals.
    roles = query(
        aames_warehouse,
        "select class_name, is_senior, is_residual, loan_group from marts.dim_class order by class_name",
    )
    expected_roles = {name: (True, False, 1 if name.endswith("F") else 2) for name in [*REMIC_I, *REMIC_II]}
    expected_roles.update({"C": (False, False, None), "R-I": (False, True, None), "R-II": (False, True, None)})
    assert roles == sorted((name, *flags) for name, flags in expected_roles.items())


def test_loan_groups(aames_warehouse):
    measures = list(GROUPS[1])
    rows = query(
        aames_warehouse,
        f"select loan_group, {', '.join(measures)} from marts.fact_group_collateral order by loan_group",
    )
    assert [r[0] for r in rows] == [1, 2]
    for row in rows:
        expected = GROUPS[row[0]]
        for measure, got in zip(measures, row[1:], strict=True):
            want = expected[measure]
            if measure in TEXT_MEASURES or isinstance(want, int):
                assert got == want, (row[0], measure)
            elif measure in PERCENT_MEASURES:
                assert got == D(want) * P, (row[0], measure)
            else:
                assert got == money(want), (row[0], measure)


def test_deal_level_facts(aames_warehouse):
    # Page 6: certificate insurer and supplemental interest.
    assert query(
        aames_warehouse,
        "select insurer_premium, insured_amount, unpaid_insured_amount, supplemental_interest_paid, "
        "supplemental_interest_unpaid from marts.fact_deal_distribution",
    ) == [(money("74,855.52"), D("0.00"), D("0.00"), D("0.00"), D("0.00"))]


def test_reconciliation_passes_but_for_the_real_slip(aames_warehouse):
    failed = query(
        aames_warehouse,
        "select check_name, subject, expected, actual from marts.audit_reconciliation "
        "where not passed order by subject",
    )
    # REMIC II's Totals row prints principal 6,590,606.96 (and total 9,760,705.56) while its classes sum
    # to 6,590,606.97 (and 9,760,705.57): the trustee's one-cent slip.
    assert failed == [
        (
            "class_totals_row",
            "TOTALS REMIC II: principal_distribution in class_summary",
            money("6,590,606.97"),
            money("6,590,606.96"),
        ),
        (
            "class_totals_row",
            "TOTALS REMIC II: total_distribution in class_summary",
            money("9,760,705.57"),
            money("9,760,705.56"),
        ),
    ]
    applied = {r[0] for r in query(aames_warehouse, "select distinct check_name from marts.audit_reconciliation")}
    assert {
        "class_balance_rollforward",
        "class_totals_row",
        "class_factor",
        "group_principal_sources_sum",
        "group_interest_sources_sum",
        "group_total_sources",
        "pool_to_lower_tier_principal",
        "pool_to_lower_tier_interest",
        "pool_to_lower_tier_balance",
    } <= applied


# Page 3, per group and status: for the buckets 1, 2 and 3+ payments (30, 60, 90 days):
# (number of loans, principal balance, percentage of pool loans, percentage of pool balance).
ZERO = [(0, "0.00", "0.00000", "0.00000")] * 3
DELINQUENCY = {
    (1, "delinquent"): [
        (158, "8,802,302.47", "2.72602", "2.28827"),
        (28, "1,920,506.60", "0.48309", "0.49926"),
        (2, "54,600.00", "0.03451", "0.01419"),
    ],
    (2, "delinquent"): [
        (83, "6,603,459.86", "3.25618", "2.58431"),
        (21, "2,301,262.71", "0.82385", "0.90061"),
        (0, "0.00", "0.00000", "0.00000"),
    ],
    (1, "foreclosure"): [
        (0, "0.00", "0.00000", "0.00000"),
        (33, "2,046,501.00", "0.56936", "0.53201"),
        (22, "1,636,759.19", "0.37957", "0.42550"),
    ],
    (2, "foreclosure"): [
        (0, "0.00", "0.00000", "0.00000"),
        (18, "1,779,115.32", "0.70616", "0.69627"),
        (27, "2,998,918.01", "1.05924", "1.17365"),
    ],
    (1, "reo"): ZERO,
    (2, "reo"): ZERO,
    (1, "bankruptcy"): [
        (2, "82,876.56", "0.03451", "0.02154"),
        (0, "0.00", "0.00000", "0.00000"),
        (0, "0.00", "0.00000", "0.00000"),
    ],
    (2, "bankruptcy"): [
        (0, "0.00", "0.00000", "0.00000"),
        (0, "0.00", "0.00000", "0.00000"),
        (1, "35,973.90", "0.03923", "0.01408"),
    ],
}


def test_delinquency(aames_warehouse):
    rows = query(
        aames_warehouse,
        "select loan_group, status, bucket_days_min, loan_count, principal_balance, loan_count_pct, "
        "principal_balance_pct from marts.fact_group_delinquency order by loan_group, status, bucket_days_min",
    )
    expected = sorted(
        (group, status, days, count, money(balance), D(count_pct) * P, D(balance_pct) * P)
        for (group, status), buckets in DELINQUENCY.items()
        for days, (count, balance, count_pct, balance_pct) in zip((30, 60, 90), buckets, strict=True)
    )
    assert rows == expected
