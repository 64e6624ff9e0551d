"""One simulated 24-month deal with prepayments, defaults, a month whose reconciliation warns and an
amendment that restates one table, built into a warehouse once per session (conftest's
``simulated_warehouse``) for the performance property test, the restatement test and the report's
browser test.

The simulator draws each group's monthly prepayment rate (``model._smm``) and the number of loans it
liquidates (``model._roll_delinquency``) internally; ``simulate_recorded`` records both as the deal is
simulated, so the tests compare the marts with the simulator's own paths, not with figures derived
from the printed report.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import pytest

from synthetic import model
from synthetic.faults import inject
from synthetic.generate import random_deal
from synthetic.model import MonthReport
from synthetic.render import Style, render_filing

MONTHS = 24
SEED = 20031226
CIK = 1_500_000
WARNED_PERIOD = 9  # a printed per-$1,000 factor is off in this month: class_factor warns
RESTATED_PERIOD = 14  # the 8-K/A of this month restates the delinquency table
RESTATED_CELL = ("delinquent", 30)
RESTATED_BALANCE = Decimal("100000.00")


@dataclass
class SimulatedDeal:
    history: list[MonthReport]  # as first filed (the restated month's original)
    restated: MonthReport  # the amendment's report of RESTATED_PERIOD
    # (period, group number) -> the simulator's own draws
    smm: dict[tuple[int, int], Decimal] = field(default_factory=dict)
    liquidated_loans: dict[tuple[int, int], int] = field(default_factory=dict)
    warned_accession: str = ""
    original_accession: str = ""
    amendment_accession: str = ""

    @property
    def deal_id(self) -> str:
        return self.history[0].deal.deal_id


def deal_spec() -> model.DealSpec:
    """The first random deal from SEED on with two or three groups and at most 14 classes, its groups made
    to default heavily enough that loans reach liquidation within 24 months."""
    seed = SEED
    while not (2 <= len((deal := random_deal(seed)).groups) <= 3 and len(deal.classes) <= 14):
        seed += 1
    groups = tuple(
        dataclasses.replace(g, default_rate=0.03 + 0.01 * i, severity=0.3 + 0.05 * i, cpr=0.1 + 0.08 * i)
        for i, g in enumerate(deal.groups)
    )
    return dataclasses.replace(deal, groups=groups, shelf="SIM", series="2024-1")


def simulate_recorded(deal: model.DealSpec, months: int) -> tuple[list[MonthReport], dict, dict]:
    """``model.simulate`` with the monthly SMM and liquidation draws of every group recorded."""
    smm_draws: list[Decimal] = []
    liquidation_draws: list[int] = []
    real_smm, real_roll = model._smm, model._roll_delinquency

    def smm(cpr: float) -> Decimal:
        value = real_smm(cpr)
        smm_draws.append(value)
        return value

    def roll(state, rng, default_rate) -> int:
        value = real_roll(state, rng, default_rate)
        liquidation_draws.append(value)
        return value

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(model, "_smm", smm)
        patch.setattr(model, "_roll_delinquency", roll)
        history = model.simulate(deal, months)
    keys = [(period, g.number) for period in range(months) for g in deal.groups]
    assert len(keys) == len(smm_draws) == len(liquidation_draws)
    return history, dict(zip(keys, smm_draws, strict=True)), dict(zip(keys, liquidation_draws, strict=True))


def accession(period: int, amended: bool = False) -> str:
    return f"{CIK:010d}-{24 + period // 12:02d}-{period + 1 + (500 if amended else 0):06d}"


def write_filings(folder: Path) -> SimulatedDeal:
    """Render the deal's 24 monthly 8-Ks and one 8-K/A into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    history, smm, liquidated = simulate_recorded(deal_spec(), MONTHS)
    warned, _ = inject(history[: WARNED_PERIOD + 1], "class_factor")
    history = [*warned, *history[WARNED_PERIOD + 1 :]]
    restated = history[RESTATED_PERIOD].copy()
    group = restated.groups[0]
    count, balance = group.delinquency[RESTATED_CELL]
    group.delinquency[RESTATED_CELL] = (count + 1, balance + RESTATED_BALANCE)
    style = Style(wrapped=True)
    for report in history:
        data = render_filing(report, style, accession=accession(report.period), cik=CIK)
        (folder / f"{report.distribution_date:%Y-%m-%d}.txt").write_bytes(data)
    original = history[RESTATED_PERIOD]
    (folder / f"{original.distribution_date:%Y-%m-%d}-amended.txt").write_bytes(
        render_filing(
            restated,
            style,
            form="8-K/A",
            accession=accession(RESTATED_PERIOD, amended=True),
            filed=original.distribution_date + dt.timedelta(days=40),
            cik=CIK,
        )
    )
    return SimulatedDeal(
        history=history,
        restated=restated,
        smm=smm,
        liquidated_loans=liquidated,
        warned_accession=accession(WARNED_PERIOD),
        original_accession=accession(RESTATED_PERIOD),
        amendment_accession=accession(RESTATED_PERIOD, amended=True),
    )
