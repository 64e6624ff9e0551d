"""Simulated deals: the simulator's own arithmetic, parse(render(deal)) == truth in the marts, and
every injected fault reported by exactly the checks it declares."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import itertools
import random
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from loaders.cli import load_paths
from synthetic.faults import (
    CHECK_FAULTS,
    CONTINUITY_FAULTS,
    DEFAULT_AMOUNTS,
    drop_table,
    garble_number,
    inject,
    truncate,
)
from synthetic.generate import cusip_check_digit, random_deal, write_corpus
from synthetic.model import ZERO, MonthReport, simulate
from synthetic.render import Style, random_style, render_filing, render_report
from tests.python.conftest import CELLS_AS_PRINTED, build_warehouse, dbt_build, query

SLOW = settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def q(value: Decimal, places: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


# ---------------------------------------------------------------- the simulator's arithmetic


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**31 - 1), months=st.integers(1, 4))
def test_simulated_months_reconcile_by_construction(seed, months):
    deal = random_deal(seed)
    assert 3 <= len(deal.classes) <= 40 and 1 <= len(deal.groups) <= 6
    history = simulate(deal, months)
    for before, after in itertools.pairwise(history):
        for a, b in zip(before.classes, after.classes, strict=True):
            assert a.ending_balance == b.beginning_balance
            assert a.cumulative_realized_loss + b.realized_loss == b.cumulative_realized_loss
        for a, b in zip(before.groups, after.groups, strict=True):
            assert (a.ending_balance, a.ending_loan_count) == (b.beginning_balance, b.beginning_loan_count)
    for report in history:
        principal_classes = [c for c in report.classes if c.spec.kind != "IO"]
        for c in principal_classes:
            assert c.beginning_balance - c.principal_distribution - c.realized_loss + c.accretion == c.ending_balance
            assert c.ending_balance >= 0
        for g in report.groups:
            assert g.beginning_balance - g.scheduled_principal - g.unscheduled_principal - g.realized_loss == (
                g.ending_balance
            )
            assert g.beginning_loan_count - g.loans_paid_in_full == g.ending_loan_count
            assert g.scheduled_interest - g.servicing_fee - g.master_servicing_fee - g.trustee_fee == g.net_interest
            assert sum(n for n, _ in g.delinquency.values()) <= g.ending_loan_count
        pool_end = sum((g.ending_balance for g in report.groups), ZERO)
        assert sum((c.ending_balance for c in principal_classes), ZERO) == pool_end
        collateral_principal = sum((g.scheduled_principal + g.unscheduled_principal for g in report.groups), ZERO)
        accretion = sum((c.accretion for c in report.classes), ZERO)
        assert sum((c.principal_distribution for c in report.classes), ZERO) - accretion == collateral_principal
        interest = sum((c.interest_distribution for c in report.classes), ZERO)
        assert interest + accretion == sum((g.net_interest for g in report.groups), ZERO)
        assert report.payments_of_interest_and_principal > 0


# ---------------------------------------------------------------- parse(render(deal)) == truth


def is_cusip(text: str) -> bool:
    """A CUSIP: nine characters whose ninth is the check digit of the first eight (a pseudo-CUSIP such
    as THBMOR031R, or NA, is not one: the marts hold NULL and keep the text in cusip_as_printed)."""
    return len(text) == 9 and text[:8].isalnum() and text[8].isdigit() and cusip_check_digit(text[:8]) == text[8]


def expected_facts(history: list[MonthReport]) -> dict[str, set[tuple]]:
    """The marts' rows a history must produce, computed from the simulation (not from the parser)."""
    classes, groups, delinquency = set(), set(), set()
    for report in history:
        deal_id = report.deal.deal_id
        for c in report.classes:
            face = c.spec.face
            classes.add(
                (
                    deal_id,
                    c.spec.name,
                    report.distribution_date,
                    c.spec.cusip if is_cusip(c.spec.cusip) else None,
                    c.spec.cusip,
                    c.spec.description,
                    face,
                    q(c.rate * 100, 5) / 100,
                    c.beginning_balance,
                    c.scheduled_principal,
                    c.unscheduled_principal,
                    c.accretion,
                    c.realized_loss,
                    c.principal_distribution,
                    c.accrued_interest,
                    c.non_supported_interest_shortfall,
                    c.interest_distribution,
                    c.total_distribution,
                    c.ending_balance,
                    q(c.ending_balance / face, 8),
                    c.cumulative_realized_loss,
                )
            )
        for g in report.groups:
            groups.add(
                (
                    deal_id,
                    g.spec.number,
                    report.distribution_date,
                    g.beginning_loan_count,
                    g.loans_paid_in_full,
                    g.ending_loan_count,
                    g.beginning_balance,
                    g.scheduled_principal,
                    g.unscheduled_principal,
                    g.realized_loss,
                    g.ending_balance,
                    g.scheduled_interest,
                    g.servicing_fee,
                    g.master_servicing_fee,
                    g.trustee_fee,
                    g.net_interest,
                    q(g.gross_wac * 100, 6) / 100,
                    q(g.net_wac * 100, 6) / 100,
                    q(g.spec.pass_through_rate * 100, 6) / 100,
                    g.wam_months,
                    q(g.senior_percentage * 100, 6) / 100,
                )
            )
            for (status, bucket), (count, balance) in g.delinquency.items():
                delinquency.add((deal_id, g.spec.number, report.distribution_date, status, bucket, count, balance))
    return {"classes": classes, "groups": groups, "delinquency": delinquency}


def actual_facts(warehouse: Path) -> dict[str, set[tuple]]:
    return {
        "classes": set(
            query(
                warehouse,
                """
            select deal_id, class_name, distribution_date, cusip, cusip_as_printed, class_description, original_face,
                   pass_through_rate, beginning_balance, scheduled_principal, unscheduled_principal, accretion,
                   realized_loss, principal_distribution, accrued_interest, non_supported_interest_shortfall,
                   interest_distribution, total_distribution, ending_balance, ending_factor, cumulative_realized_loss
            from marts.fact_class_distribution""",
            )
        ),
        "groups": set(
            query(
                warehouse,
                """
            select deal_id, loan_group, distribution_date, beginning_loan_count, loans_paid_in_full,
                   ending_loan_count, beginning_balance, scheduled_principal, unscheduled_principal, realized_loss,
                   ending_balance, scheduled_interest, servicing_fee, master_servicing_fee, trustee_fee,
                   net_interest, gross_wac, net_wac, pass_through_rate, wam_months, senior_percentage
            from marts.fact_group_collateral""",
            )
        ),
        "delinquency": set(
            query(
                warehouse,
                """
            select deal_id, loan_group, distribution_date, status, bucket_days_min, loan_count, principal_balance
            from marts.fact_group_delinquency""",
            )
        ),
    }


@SLOW
@given(seeds=st.lists(st.integers(0, 2**31 - 1), min_size=2, max_size=4, unique=True), months=st.integers(1, 3))
def test_parse_of_render_recovers_the_truth(tmp_path_factory, seeds, months):
    tmp = tmp_path_factory.mktemp("roundtrip")
    truth: dict[str, set] = {"classes": set(), "groups": set(), "delinquency": set()}
    seen = set()
    for i, seed in enumerate(seeds):
        deal = random_deal(seed)
        if deal.deal_id in seen:
            deal = dataclasses.replace(deal, series=f"{deal.series}{i}")
        seen.add(deal.deal_id)
        history = simulate(deal, months)
        style = random_style(random.Random(seed))
        for report in history:
            (tmp / f"{deal.deal_id}-{report.period}.txt").write_bytes(render_filing(report, style, cik=1_400_000 + i))
        for key, rows in expected_facts(history).items():
            truth[key] |= rows
    warehouse = build_warehouse(tmp, [tmp])
    got = actual_facts(warehouse)
    for key in truth:
        assert got[key] == truth[key], key
    failed = query(warehouse, "select check_name, subject from marts.audit_reconciliation where not passed")
    assert failed == []
    assert query(warehouse, "select count(*) from marts.dim_filing where not is_complete") == [(0,)]


def test_corpus_is_deterministic(tmp_path):
    first = write_corpus(tmp_path / "a", deals=2, months=2, seed=9)
    second = write_corpus(tmp_path / "b", deals=2, months=2, seed=9)
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]
    assert len({p.parent.name for p in first}) == 2


# ---------------------------------------------------------------- faults


@pytest.fixture(scope="module")
def faulted(tmp_path_factory):
    """One deal per fault: two months, the fault in the second; loaded together and built once."""
    tmp = tmp_path_factory.mktemp("faults")
    folder = tmp / "filings"
    folder.mkdir()
    expected = {}
    clean_first_months = set()
    for i, name in enumerate([*CHECK_FAULTS, *CONTINUITY_FAULTS]):
        deal = dataclasses.replace(random_deal(5000 + i), series=f"F-{i}")
        # A chosen amount: within each fault's window (above the rule's tolerance; below $1.00 where a
        # balance moves, the pool-to-bond gap that is tolerated).
        rng = random.Random(i)
        low, high = (10, 90) if DEFAULT_AMOUNTS.get(name) == Decimal("0.50") else (90, 5000)
        amount = Decimal(rng.randint(low, high)) / 100
        history, must_fail = inject(simulate(deal, 2), name, amount)
        for report in history:
            data = render_filing(report, Style())
            (folder / f"{name}-{report.period}.txt").write_bytes(data)
            digest = hashlib.sha256(data).hexdigest()
            if report.period == 0:
                clean_first_months.add(digest)
        expected[name] = (digest, must_fail)
    return build_warehouse(tmp, [folder]), expected, clean_first_months


@pytest.mark.parametrize("fault", [*CHECK_FAULTS, *CONTINUITY_FAULTS])
def test_fault_is_reported_by_exactly_its_checks(faulted, fault):
    warehouse, expected, _ = faulted
    filing_id, must_fail = expected[fault]
    failed = set(
        query(
            warehouse,
            f"select check_name, subject from marts.audit_reconciliation where filing_id = '{filing_id}' "
            "and not passed",
        )
    )
    assert failed == set(must_fail)


def test_every_check_has_a_fault():
    from tests.python.test_reconciliation import query_checks

    assert set(CHECK_FAULTS) == query_checks()


def test_months_before_a_fault_stay_clean(faulted):
    warehouse, _, clean = faulted
    ids = ", ".join(f"'{i}'" for i in clean)
    assert query(
        warehouse, f"select count(*) from marts.audit_reconciliation where filing_id in ({ids}) and not passed"
    ) == [(0,)]


def test_structural_faults(tmp_path):
    """Truncated, garbled and table-less reports load as incomplete; duplicates and amendments leave
    one set of facts, the amendment's, whatever the load order."""
    rng = random.Random(3)
    folder = tmp_path / "filings"
    folder.mkdir()
    reports = {}
    for i, name in enumerate(["truncated", "garbled", "dropped", "duplicated", "amended"]):
        deal = dataclasses.replace(random_deal(7000 + i), series=f"S-{i}")
        reports[name] = simulate(deal, 1)[0]
    text = {name: render_report(report, Style()) for name, report in reports.items()}
    (folder / "truncated.txt").write_text(truncate(text["truncated"], 0.55))
    garbled_text, garbled_token = garble_number(text["garbled"], rng)
    (folder / "garbled.txt").write_text(garbled_text)
    (folder / "dropped.txt").write_text(drop_table(text["dropped"], "SERVICING FEES"))
    duplicated = reports["duplicated"]
    (folder / "dup-bare.txt").write_bytes(render_filing(duplicated, Style()))
    (folder / "dup-wrapped.txt").write_bytes(
        render_filing(duplicated, Style(wrapped=True), accession="0001400000-05-000001")
    )
    (folder / "dup-second-accession.txt").write_bytes(
        render_filing(duplicated, Style(wrapped=True, report_in_exhibit=True), accession="0001400000-05-000002")
    )
    original = reports["amended"]
    restated = original.copy()
    group = restated.groups[0]
    count, balance = group.delinquency[("delinquent", 30)]
    group.delinquency[("delinquent", 30)] = (count + 1, balance + Decimal("100000.00"))
    # The amendment is loaded first: the order must not matter.
    amended_dir = tmp_path / "amendment"
    amended_dir.mkdir()
    (amended_dir / "amended.txt").write_bytes(
        render_filing(
            restated,
            Style(wrapped=True),
            form="8-K/A",
            accession="0001400000-05-000009",
            filed=original.distribution_date + dt.timedelta(days=40),
        )
    )
    (folder / "original.txt").write_bytes(
        render_filing(original, Style(wrapped=True), accession="0001400000-05-000008")
    )
    warehouse = tmp_path / "w.duckdb"
    load_paths([str(amended_dir)], warehouse)
    load_paths([str(folder)], warehouse)
    dbt_build(warehouse, tmp_path)

    def filing(deal) -> list[tuple]:
        return query(
            warehouse,
            f"select is_complete, is_current, missing_tables, unreadable_cell_count, form_type from marts.dim_filing "
            f"where deal_id = '{deal.deal_id}' order by filing_id",
        )

    truncated = filing(reports["truncated"].deal)
    assert truncated[0][0] is False and truncated[0][2]  # incomplete, with the missing tables named
    assert "group_collateral" in truncated[0][2]
    garbled = filing(reports["garbled"].deal)
    assert garbled == [(False, True, None, 1, "8-K")]
    assert query(
        warehouse,
        f"select value_kind, value_clean from {CELLS_AS_PRINTED} where raw_text = '{garbled_token}'",
    ) == [("unreadable", None)]
    assert filing(reports["dropped"].deal) == [(False, True, "servicing_fees", 0, "8-K")]
    duplicates = filing(duplicated.deal)
    assert sorted(d[1] for d in duplicates) == [False, False, True]
    assert query(
        warehouse,
        f"select count(*), count(distinct distribution_date) from marts.fact_class_distribution "
        f"where deal_id = '{duplicated.deal.deal_id}'",
    ) == [(len(duplicated.classes), 1)]
    amended = query(
        warehouse,
        f"select f.form_type, d.loan_count, d.principal_balance from marts.fact_group_delinquency d "
        f"join marts.dim_filing f using (filing_id) where d.deal_id = '{original.deal.deal_id}' "
        "and d.loan_group = 1 and d.status = 'delinquent' and d.bucket_days_min = 30",
    )
    assert amended == [("8-K/A", count + 1, balance + Decimal("100000.00"))]
