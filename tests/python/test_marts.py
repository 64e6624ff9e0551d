"""Golden values: the marts' figures for the sample, typed by hand from the report itself.

Every number below was read off data/sample/thornburg-2003-1_2003-12-26.txt (line numbers in the
comments), not from the program's output. Rates and percentages are written as printed and converted
to fractions here.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal as D

import pytest

from tests.python.conftest import SAMPLE, query

P = D("0.01")  # printed percent -> fraction

# class: cusip, code, printed rate %, original face, beginning, scheduled, unscheduled,
#        principal distributed, accrued interest, interest distributed, total distributed, ending,
#        ending factor.  Lines 127-137 (summary), 150-160 (continued), 181-191 (principal),
#        209-219 (principal continued), 296-306 (interest).
CLASSES = {
    "A-1": (
        "885220CR2",
        "SEN",
        "2.72243",
        "187279000.00",
        "168214299.39",
        "5198.38",
        "4226165.32",
        "4231363.70",
        "381626.42",
        "381626.41",
        "4612990.11",
        "163982935.69",
        "0.87560771",
    ),
    "A-R": (
        "885220CV3",
        "SEN",
        "2.87515",
        "100.00",
        "0.00",
        "0.00",
        "0.00",
        "0.00",
        "0.00",
        "0.00",
        "0.00",
        "0.00",
        "0.00000000",
    ),
    "A-2": (
        "885220CS0",
        "SEN",
        "4.29136",
        "115997000.00",
        "73943578.74",
        "14573.75",
        "3082810.47",
        "3097384.22",
        "264431.87",
        "264431.87",
        "3361816.09",
        "70846194.52",
        "0.61075885",
    ),
    "A-3": (
        "885220CT8",
        "SEN",
        "4.76576",
        "394210000.00",
        "241638163.24",
        "57491.91",
        "4081740.29",
        "4139232.20",
        "959658.70",
        "959658.69",
        "5098890.89",
        "237498931.05",
        "0.60246805",
    ),
    "A-4": (
        "885220CU5",
        "SEN",
        "5.36521",
        "54914000.00",
        "39282243.20",
        "3994.39",
        "1064658.52",
        "1068652.91",
        "175631.17",
        "175631.17",
        "1244284.08",
        "38213590.30",
        "0.69588066",
    ),
    "B-1": (
        "885220CW1",
        "SUB",
        "4.22726",
        "7743000.00",
        "7730290.78",
        "1314.85",
        "0.00",
        "1314.85",
        "27231.64",
        "27231.64",
        "28546.49",
        "7728975.93",
        "0.99818881",
    ),
    "B-2": (
        "885220CX9",
        "SUB",
        "4.22726",
        "5806000.00",
        "5796470.14",
        "985.92",
        "0.00",
        "985.92",
        "20419.33",
        "20419.33",
        "21405.25",
        "5795484.21",
        "0.99818881",
    ),
    "B-3": (
        "885220CY7",
        "SUB",
        "4.22726",
        "4645000.00",
        "4637375.78",
        "788.77",
        "0.00",
        "788.77",
        "16336.17",
        "16336.17",
        "17124.94",
        "4636587.01",
        "0.99818881",
    ),
    "B-4": (
        "885220CZ4",
        "SUB",
        "4.22726",
        "1160000.00",
        "1158096.00",
        "196.98",
        "0.00",
        "196.98",
        "4079.65",
        "4079.65",
        "4276.63",
        "1157899.02",
        "0.99818881",
    ),
    "B-5": (
        "885220DA8",
        "SUB",
        "4.22726",
        "772000.00",
        "770732.85",
        "131.09",
        "0.00",
        "131.09",
        "2715.07",
        "2715.07",
        "2846.16",
        "770601.76",
        "0.99818881",
    ),
    "B-6": (
        "885220DB6",
        "SUB",
        "4.22726",
        "1948763.00",
        "1945564.34",
        "330.92",
        "0.00",
        "330.92",
        "6853.68",
        "6853.68",
        "7184.60",
        "1945233.41",
        "0.99818880",
    ),
}

# group: WAC, net rate, WAM, beginning/paid-in-full/ending loans, beginning balance, scheduled
#        principal, unscheduled principal, ending balance, scheduled interest, servicing fee,
#        master servicing fee, trustee fee, net interest, pass-through rate, senior %.
#        Lines 755-786 and 792-823 (group statement), 733-748 (miscellaneous reporting).
GROUPS = {
    1: (
        "3.114232",
        "2.743430",
        350,
        351,
        5,
        346,
        "173706173.15",
        "5368.10",
        "4226165.32",
        "169474639.73",
        "450801.08",
        "53675.43",
        "2895.10",
        "144.77",
        "394085.78",
        "2.722430",
        "96.838412",
    ),
    2: (
        "4.567126",
        "4.312356",
        354,
        208,
        5,
        203,
        "77339886.12",
        "15243.14",
        "3082810.47",
        "74241832.51",
        "294350.85",
        "16419.89",
        "1289.00",
        "64.46",
        "276577.50",
        "4.291356",
        "95.608595",
    ),
    3: (
        "5.119265",
        "4.786764",
        347,
        695,
        8,
        687,
        "253178387.20",
        "60237.62",
        "4081740.29",
        "249036409.29",
        "1080072.62",
        "70151.66",
        "4219.65",
        "210.96",
        "1005490.35",
        "4.765764",
        "95.441861",
    ),
    4: (
        "5.636208",
        "5.386208",
        348,
        64,
        3,
        61,
        "40892368.46",
        "4158.11",
        "1064658.52",
        "39823551.83",
        "192064.91",
        "8519.25",
        "681.54",
        "34.08",
        "182830.04",
        "5.365208",
        "96.062529",
    ),
}

# 30-day delinquent loans per group: count, balance, count %, balance % (lines 474-475, 491-492 ...).
DELINQUENT_30 = {
    1: (1, "1649991.41", "0.289017", "0.973566"),
    2: (2, "602561.68", "0.985222", "0.811512"),
    3: (1, "364172.26", "0.145560", "0.146207"),
    4: (0, "0.00", "0.000000", "0.000000"),
}


def test_fact_class_distribution(sample_warehouse):
    rows = query(
        sample_warehouse,
        "select class_name, cusip, class_description, pass_through_rate, original_face, beginning_balance, "
        "scheduled_principal, unscheduled_principal, principal_distribution, accrued_interest, "
        "interest_distribution, total_distribution, ending_balance, ending_factor, accretion, realized_loss, "
        "cumulative_realized_loss, deal_id, class_id, distribution_date, record_date "
        "from marts.fact_class_distribution",
    )
    got = {r[0]: r for r in rows}
    assert set(got) == set(CLASSES)
    for name, (cusip, code, rate, *money, factor) in CLASSES.items():
        row = got[name]
        assert row[1:3] == (cusip, code), name
        assert row[3] == D(rate) * P, name
        assert list(row[4:13]) == [D(m) for m in money], name
        assert row[13] == D(factor), name
        assert row[14:17] == (D("0.00"), D("0.00"), D("0.00")), name
        assert row[17:] == ("thb-2003-1", f"thb-2003-1:{name}", dt.date(2003, 12, 26), dt.date(2003, 11, 30))


def test_interest_shortfall_columns(sample_warehouse):
    # Interest statement continued (line 325): A-3's non-supported interest shortfall is 0.01.
    rows = dict(
        query(
            sample_warehouse,
            "select class_name, non_supported_interest_shortfall from marts.fact_class_distribution",
        )
    )
    assert rows["A-3"] == D("0.01")
    assert all(v == D("0.00") for k, v in rows.items() if k != "A-3")


def test_fact_group_collateral(sample_warehouse):
    rows = query(
        sample_warehouse,
        "select loan_group, gross_wac, net_wac, wam_months, beginning_loan_count, loans_paid_in_full, "
        "ending_loan_count, beginning_balance, scheduled_principal, unscheduled_principal, ending_balance, "
        "scheduled_interest, servicing_fee, master_servicing_fee, trustee_fee, net_interest, pass_through_rate, "
        "senior_percentage, realized_loss, collateral_description from marts.fact_group_collateral",
    )
    got = {r[0]: r for r in rows}
    assert set(got) == {1, 2, 3, 4}  # the Total column is not a group
    for group, (wac, net, wam, beg_n, pif, end_n, *rest) in GROUPS.items():
        money, ptr, senior = rest[:9], rest[9], rest[10]
        row = got[group]
        assert row[1:3] == (D(wac) * P, D(net) * P), group
        assert row[3:7] == (wam, beg_n, pif, end_n), group
        assert list(row[7:16]) == [D(m) for m in money], group
        assert row[16] == D(ptr) * P, group
        assert row[17] == D(senior) * P, group
        assert row[18:] == (D("0.00"), "Mixed ARM"), group


def test_fact_group_delinquency(sample_warehouse):
    rows = query(
        sample_warehouse,
        "select loan_group, status, bucket_days_min, loan_count, principal_balance, loan_count_pct, "
        "principal_balance_pct from marts.fact_group_delinquency",
    )
    # 4 groups x 4 statuses x 7 buckets, less the DELINQUENT 0-29 Days cell the report leaves blank.
    assert len(rows) == 4 * (4 * 7 - 1)
    keys = {(r[0], r[1], r[2]) for r in rows}
    assert (1, "delinquent", 0) not in keys
    assert (1, "bankruptcy", 0) in keys
    for row in rows:
        group, status, bucket = row[:3]
        if (status, bucket) == ("delinquent", 30):
            count, balance, count_pct, balance_pct = DELINQUENT_30[group]
            assert row[3:] == (count, D(balance), D(count_pct) * P, D(balance_pct) * P), row
        else:
            assert row[3:] == (0, D("0.00"), D(0), D(0)), row


def test_dim_filing_deal_and_class(sample_warehouse):
    digest = hashlib.sha256(SAMPLE.read_bytes()).hexdigest()
    filing = query(
        sample_warehouse,
        "select filing_id, accession_number, form_type, deal_id, distribution_date, record_date, "
        "is_complete, is_current, missing_tables, unreadable_cell_count from marts.dim_filing",
    )
    assert filing == [
        (digest, None, "8-K", "thb-2003-1", dt.date(2003, 12, 26), dt.date(2003, 11, 30), True, True, None, 0)
    ]
    deal = query(sample_warehouse, "select deal_id, series, shelf_code, deal_name from marts.dim_deal")
    assert deal == [
        (
            "thb-2003-1",
            "2003-1",
            "THB",
            "Thornburg Mortgage Home Loans, Inc. Mortgage Pass-Through Certificates, Series 2003-1",
        )
    ]
    classes = query(
        sample_warehouse,
        "select class_name, cusip, class_description, original_face, is_senior, loan_group from marts.dim_class",
    )
    got = {r[0]: r[1:] for r in classes}
    assert set(got) == set(CLASSES)
    # Senior class A-n pays group n's pass-through rate; the residual A-R belongs to group 1.
    groups = {"A-1": 1, "A-R": 1, "A-2": 2, "A-3": 3, "A-4": 4}
    for name, (cusip, code, _rate, face, *_rest) in CLASSES.items():
        assert got[name] == (cusip, code, D(face), code == "SEN", groups.get(name)), name


def test_fact_deal_distribution(sample_warehouse):
    # Lines 412-430 (certificate account), 454-458 (servicing fees), 699-720 (collateral statement).
    row = query(
        sample_warehouse,
        "select total_deposits, withdrawal_service_fee, withdrawal_interest_and_principal, gross_servicing_fee, "
        "master_servicing_fee, trustee_fee, net_servicing_fee, beginning_balance, ending_balance, "
        "ending_actual_balance, gross_wac, wam_months, class_a_optimal_amount from marts.fact_deal_distribution",
    )
    assert row == [
        (
            D("14560370.65"),
            D("158305.79"),
            D("14399365.24"),
            D("148766.23"),
            D("9085.29"),
            D("454.27"),
            D("158305.79"),
            D("545116814.93"),
            D("532576433.36"),
            D("532635790.83"),
            D("4.440786") * P,
            349,
            D("14317981.18"),
        )
    ]


def test_sample_reconciles(sample_warehouse):
    failed = query(
        sample_warehouse,
        "select check_name, subject, difference from marts.audit_reconciliation where not passed",
    )
    assert failed == []
    # The sample's known one-cent breaks are within tolerance, and visible as differences.
    a1 = query(
        sample_warehouse,
        "select expected, actual, difference from marts.audit_reconciliation "
        "where check_name = 'class_interest_distribution' and subject = 'A-1'",
    )
    assert a1 == [(D("381626.42"), D("381626.41"), D("-0.01"))]
    gap = query(
        sample_warehouse,
        "select difference from marts.audit_reconciliation where check_name = 'pool_to_bond_balance' order by subject",
    )
    # Certificates 545,116,814.46 vs collateral 545,116,814.93; 532,576,432.90 vs 532,576,433.36.
    assert gap == [(D("-0.47"),), (D("-0.46"),)]


@pytest.mark.parametrize(
    "table",
    ["fact_class_distribution", "fact_group_collateral", "fact_group_delinquency", "fact_deal_distribution"],
)
def test_wrapped_copy_loads_to_the_same_facts(sample_warehouse, sample_and_wrapped_warehouse, table):
    columns = [r[0] for r in query(sample_warehouse, f"describe marts.{table}") if r[0] != "filing_id"]
    select = f"select {', '.join(columns)} from marts.{table} order by all"
    assert query(sample_and_wrapped_warehouse, select) == query(sample_warehouse, select)
    current = query(
        sample_and_wrapped_warehouse,
        "select filing_id, is_current from marts.dim_filing order by filing_id",
    )
    # The wrapped copy carries a filing date and an accession number: it is the current one.
    assert current == [
        ("0001056404-04-000060", True),
        (hashlib.sha256(SAMPLE.read_bytes()).hexdigest(), False),
    ]
