"""Surveillance analytics: the performance and credit enhancement marts.

Golden values for the sample: every input figure is typed by hand from
data/sample/thornburg-2003-1_2003-12-26.txt (line numbers in the comments) and the formula is applied
here, in Decimal, not read from the program's output.

Property test: on the simulated 24-month deal (tests/python/simulated_deal.py) the marts, computed
from the parsed reports, recover the simulator's own prepayment and default draws within the rounding
of the printed figures.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, getcontext

import pytest

from tests.python.conftest import query

getcontext().prec = 40
D = Decimal
CENT = D("0.01")
OUT = D("1e-10")  # the marts store rates as DECIMAL(12,10)

# Collateral statement (lines 690-708) and certificate account (lines 371-380).
BEGINNING = D("545116814.93")
ENDING = D("532576433.36")
SCHEDULED = D("85006.97")
UNSCHEDULED = D("12455374.60")
ORIGINAL_FACE = D("774474863.00")  # Totals of the Principal Distribution Statement, line 192
# Ending balances of the senior classes A-1, A-R, A-2, A-3, A-4 (lines 150-154) and of B-1..B-6 (155-160).
SENIOR_ENDING = [D("163982935.69"), D("0.00"), D("70846194.52"), D("237498931.05"), D("38213590.30")]
SUB_ENDING = {
    "B-1": D("7728975.93"),
    "B-2": D("5795484.21"),
    "B-3": D("4636587.01"),
    "B-4": D("1157899.02"),
    "B-5": D("770601.76"),
    "B-6": D("1945233.41"),
}
# Group 1: beginning, scheduled, unscheduled, ending balance, ending loans (lines 760-775); its
# 30-day delinquent loan (lines 449-450).
GROUP_1 = (D("173706173.15"), D("5368.10"), D("4226165.32"), D("169474639.73"), 346)
GROUP_1_DQ_30 = (1, D("1649991.41"))
# 30-day delinquencies of groups 2 and 3 (lines 520-521, 588-589); group 4 has none.
DEAL_DQ_30 = (1 + 2 + 1, D("1649991.41") + D("602561.68") + D("364172.26"))


def q(value: Decimal) -> Decimal:
    return value.quantize(OUT, rounding=ROUND_HALF_UP)


def cpr(smm: Decimal) -> Decimal:
    return 1 - (1 - smm) ** 12


def test_sample_deal_speeds_losses_and_factor(sample_warehouse):
    row = query(
        sample_warehouse,
        "select smm, cpr_1m, cpr_3m, cpr_12m, cpr_life, mdr, cdr_1m, severity, loss_rate_1m, pool_factor, "
        "cumulative_loss_pct, original_balance, months_since_first, dq_30_count, dq_30_balance, "
        "dq_30_balance_pct, dq_30_count_pct, dq_60_plus_balance_pct "
        "from marts.fact_deal_performance where deal_id = 'thb-2003-1'",
    )
    smm = UNSCHEDULED / (BEGINNING - SCHEDULED)
    assert row == [
        (
            q(smm),
            q(cpr(smm)),
            None,  # one month in the warehouse: no 3-month window
            None,
            q(cpr(smm)),  # life = the one month since the first distribution loaded
            D(0),  # liquidation proceeds 0.00 and realized loss 0.00 (lines 373, 703)
            D(0),
            None,  # nothing liquidated: no severity
            D(0),
            q(ENDING / ORIGINAL_FACE),
            D(0),
            ORIGINAL_FACE,
            1,
            DEAL_DQ_30[0],
            DEAL_DQ_30[1],
            q(DEAL_DQ_30[1] / ENDING),
            q(D(DEAL_DQ_30[0]) / 1297),  # ending loan count, line 697
            D(0),
        )
    ]


def test_sample_group_speeds_and_delinquency(sample_warehouse):
    beginning, scheduled, unscheduled, ending, loans = GROUP_1
    row = query(
        sample_warehouse,
        "select smm, cpr_1m, cpr_life, mdr, severity, dq_30_balance_pct, dq_30_count_pct, dq_60_plus_count_pct "
        "from marts.fact_group_performance where deal_id = 'thb-2003-1' and loan_group = 1",
    )
    smm = unscheduled / (beginning - scheduled)
    assert row == [
        (
            q(smm),
            q(cpr(smm)),
            q(cpr(smm)),
            None,  # no liquidation proceeds per group in this family
            None,
            q(GROUP_1_DQ_30[1] / ending),
            q(D(GROUP_1_DQ_30[0]) / loans),
            D(0),
        )
    ]


def test_sample_credit_enhancement(sample_warehouse):
    rows = dict(
        query(
            sample_warehouse,
            "select class_name, credit_enhancement_pct from marts.fact_class_credit_enhancement "
            "where deal_id = 'thb-2003-1'",
        )
    )
    senior = (ENDING - sum(SENIOR_ENDING)) / ENDING
    assert sum(SENIOR_ENDING) == D("510541651.56")
    for name in ("A-1", "A-R", "A-2", "A-3", "A-4"):
        assert rows[name] == q((D("532576433.36") - D("510541651.56")) / D("532576433.36")) == q(senior)
    above = sum(SENIOR_ENDING)
    for name, balance in SUB_ENDING.items():
        above += balance
        assert rows[name] == q((ENDING - above) / ENDING), name
    # The last subordinate is backed only by the 0.46 of collateral over the certificates (532,576,432.90).
    assert rows["B-6"] == q(D("0.46") / ENDING)


# ---------------------------------------------------------------- the simulator's own paths


def _truth(deal) -> dict[int, dict]:
    """Per period, from the simulator's draws and its unrounded state: each group's amortized balance,
    liquidated balance, prepaid amount and loss, exactly as the simulator computed them."""
    out = {}
    for report in deal.history:
        groups = []
        for g in report.groups:
            key = (report.period, g.spec.number)
            amortized = g.beginning_balance - g.scheduled_principal
            average = g.beginning_balance / g.beginning_loan_count
            loans = min(deal.liquidated_loans[key], g.beginning_loan_count)
            liquidated = min((average * loans).quantize(CENT, ROUND_HALF_UP), amortized)
            loss = (liquidated * D(str(g.spec.severity))).quantize(CENT, ROUND_HALF_UP)
            pool = amortized - liquidated
            prepaid = (pool * deal.smm[key]).quantize(CENT, ROUND_HALF_UP)
            groups.append(
                {
                    "number": g.spec.number,
                    "smm": deal.smm[key],
                    "amortized": amortized,
                    "liquidated": liquidated,
                    "loss": loss,
                    "pool": pool,
                    "prepaid": prepaid,
                }
            )
        out[report.period] = {"date": report.distribution_date, "groups": groups}
    return out


def _annual(rates: list[Decimal]) -> Decimal:
    product = D(1)
    for rate in rates:
        product *= 1 - rate
    return 1 - product ** (D(12) / len(rates))


def test_marts_recover_the_simulated_prepayment_and_default_paths(simulated_warehouse):
    warehouse, deal = simulated_warehouse
    truth = _truth(deal)
    assert any(g["liquidated"] > 0 for t in truth.values() for g in t["groups"]), "the deal must default"
    groups = {
        (r[0], r[1]): r[2:]
        for r in query(
            warehouse,
            f"select distribution_date, loan_group, smm, cpr_1m from marts.fact_group_performance "
            f"where deal_id = '{deal.deal_id}'",
        )
    }
    pool = {
        r[0]: r[1:]
        for r in query(
            warehouse,
            "select distribution_date, smm, cpr_3m, cpr_12m, cpr_life, voluntary_smm, mdr, cdr_3m, severity "
            f"from marts.fact_deal_performance where deal_id = '{deal.deal_id}'",
        )
    }
    assert len(pool) == len(truth) == 24
    total_smm: list[Decimal] = []
    mdrs: list[Decimal] = []
    for period, month in sorted(truth.items()):
        rows = month["groups"]
        for g in rows:
            if g["liquidated"] == 0:
                # The group's unscheduled principal is its prepayments alone: smm is the simulator's draw,
                # within the cent the trustee rounded the prepayment to.
                smm, cpr_1m = groups[(month["date"], g["number"])]
                tolerance = D("0.005") / g["amortized"] + OUT
                assert abs(smm - g["smm"]) <= tolerance, (period, g["number"])
                assert abs(cpr_1m - cpr(g["smm"])) <= 12 * tolerance, (period, g["number"])
        amortized = sum(g["amortized"] for g in rows)
        liquidated = sum(g["liquidated"] for g in rows)
        prepaid_pool = sum(g["pool"] for g in rows)
        # Voluntary speed of the pool: the groups' drawn SMMs weighted by the balance that could prepay,
        # within a cent of rounding per group.
        drawn_voluntary = sum(g["pool"] * g["smm"] for g in rows) / prepaid_pool
        smm, cpr_3m, cpr_12m, cpr_life, voluntary_smm, mdr, cdr_3m, severity = pool[month["date"]]
        assert abs(voluntary_smm - drawn_voluntary) <= D("0.005") * len(rows) / prepaid_pool + OUT, period
        # Defaults: the balance of the loans the simulator liquidated, to the cent.
        assert abs(mdr - liquidated / amortized) <= OUT, period
        if liquidated:
            loss = sum(g["loss"] for g in rows)
            assert abs(severity - loss / liquidated) <= OUT, period
            # ... which is the groups' severity parameters, within a cent of rounding per group.
            spec = sum(
                g["liquidated"] * D(str(s.severity)) for g, s in zip(rows, deal.history[0].deal.groups, strict=True)
            )
            assert abs(severity - spec / liquidated) <= D("0.005") * len(rows) / liquidated + OUT, period
        else:
            assert severity is None
        # Total speed (liquidation proceeds counted as unscheduled principal, as the report prints it).
        total = (sum(g["prepaid"] for g in rows) + sum(g["liquidated"] - g["loss"] for g in rows)) / amortized
        assert abs(smm - total) <= OUT, period
        total_smm.append(total)
        mdrs.append(liquidated / amortized)
        tolerance = D("1e-9")
        assert cpr_3m is None if period < 2 else abs(cpr_3m - _annual(total_smm[-3:])) <= tolerance, period
        assert cpr_12m is None if period < 11 else abs(cpr_12m - _annual(total_smm[-12:])) <= tolerance, period
        assert abs(cpr_life - _annual(total_smm)) <= tolerance, period
        assert cdr_3m is None if period < 2 else abs(cdr_3m - _annual(mdrs[-3:])) <= tolerance, period


@pytest.mark.parametrize("table", ["fact_group_performance", "fact_deal_performance", "fact_class_credit_enhancement"])
def test_performance_marts_cover_every_current_fact(simulated_warehouse, table):
    warehouse, deal = simulated_warehouse
    source = {
        "fact_group_performance": "fact_group_collateral",
        "fact_deal_performance": "fact_deal_distribution",
        "fact_class_credit_enhancement": "fact_class_distribution",
    }[table]
    counts = query(
        warehouse,
        f"select (select count(*) from marts.{table} where deal_id = '{deal.deal_id}'), "
        f"(select count(*) from marts.{source} where deal_id = '{deal.deal_id}')",
    )
    assert counts[0][0] == counts[0][1] > 0
