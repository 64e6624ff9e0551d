"""A deal simulator: month-by-month cash flows of a senior/subordinate mortgage pass-through trust.

Everything is computed in ``Decimal`` and rounded to the cent the way a trustee rounds (half up), and
every identity the warehouse checks holds by construction:

* loans: each group amortises (level payment at its WAC over its remaining term), prepays at a CPR,
  and defaults through a delinquency chain (30 -> 60 -> ... -> foreclosure -> REO -> liquidation with
  a loss severity); loans paid in full include liquidations;
* interest: the certificates accrue each group's pass-through rate on its balance (30/360); the
  group's scheduled interest is that accrual plus the servicing, master servicing and trustee fees,
  less the prepayment interest shortfall the servicer does not support;
* principal: a group's senior classes get the senior percentage of its scheduled principal and the
  senior prepayment percentage of its unscheduled principal (shifting interest); the subordinate stack,
  shared by every group, gets the rest pro rata; realized losses are absorbed bottom-up by the
  subordinates, then by the group's seniors;
* class types: senior pass-through (SEN), principal-only (PO, 0%), interest-only on a notional balance
  (IO; a ratio strip that also carries the PO's share of interest), accrual (Z: its interest accretes
  to its balance and is paid as principal to the group's first senior), residual (A-R, $100 face),
  overcollateralization (OC: the bottom of the subordinate stack, backing every group; it is paid
  pro rata with the subordinates and absorbs realized losses first);
* exchangeable classes: a combination class (``A-3``) and its components (``A-3-A``, ``A-3-B``) of the
  same face in total; the balance sits on one side, and between two distributions the holders may
  exchange it for the other (it moves whole, to the components in proportion to their faces).

Amounts split among classes use largest-remainder rounding so that the parts sum exactly to the whole.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal

__all__ = [
    "SUBORDINATE_KINDS",
    "ClassMonth",
    "ClassSpec",
    "DealSpec",
    "GroupMonth",
    "GroupSpec",
    "MonthReport",
    "cents",
    "simulate",
]

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
DELINQUENT_BUCKETS = (30, 60, 90, 120, 150, 180)
STATUS_BUCKETS = (0, 30, 60, 90, 120, 150, 180)
# Classes that back every group: the subordinates and the overcollateralization (OC) class.
SUBORDINATE_KINDS = ("SUB", "OC")


def cents(value: Decimal) -> Decimal:
    """Round to the cent, half up (a trustee's rounding)."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def allocate(total: Decimal, weights: list[Decimal]) -> list[Decimal]:
    """Split ``total`` (cents) in proportion to ``weights`` so the parts sum exactly to it."""
    if not weights:
        return []
    weight_sum = sum(weights)
    if total == 0 or weight_sum == 0:
        return [ZERO] * len(weights)
    exact = [total * w / weight_sum for w in weights]
    floors = [e.quantize(CENT, rounding="ROUND_FLOOR") for e in exact]
    left = int(((total - sum(floors)) / CENT).to_integral_value())
    order = sorted(range(len(exact)), key=lambda i: exact[i] - floors[i], reverse=True)
    for i in order[:left]:
        floors[i] += CENT
    return floors


@dataclass(frozen=True)
class GroupSpec:
    """A loan group at issuance. Rates are annual fractions."""

    number: int
    collateral_description: str
    loan_count: int
    balance: Decimal
    pass_through_rate: Decimal
    servicing_rate: Decimal
    master_servicing_rate: Decimal
    trustee_rate: Decimal
    wam_months: int
    cpr: float
    default_rate: float
    severity: float

    @property
    def gross_wac(self) -> Decimal:
        return self.pass_through_rate + self.servicing_rate + self.master_servicing_rate + self.trustee_rate


@dataclass(frozen=True)
class ClassSpec:
    """A bond class. ``group`` is None for subordinates; IO faces are notional."""

    name: str
    kind: str  # SEN, SUB, PO, IO, Z, RES, OC
    group: int | None
    face: Decimal
    cusip: str
    description: str
    # A combination class names its components; it starts with no balance (the components hold it).
    exchange_of: tuple[str, ...] = ()


@dataclass(frozen=True)
class DealSpec:
    """A deal: its names, groups, classes and rules."""

    shelf: str
    series: str
    issuer: str
    trustee: str
    administrator: str
    master_servicer: str
    groups: tuple[GroupSpec, ...]
    classes: tuple[ClassSpec, ...]
    first_distribution: dt.date
    io_strip: Decimal
    senior_prepayment_lockout: int
    senior_sequential: bool
    seed: int

    @property
    def deal_id(self) -> str:
        return f"{self.shelf}-{self.series}".lower()


@dataclass
class ClassMonth:
    """Every printed figure of one class for one month."""

    spec: ClassSpec
    rate: Decimal
    beginning_balance: Decimal
    scheduled_principal: Decimal = ZERO
    unscheduled_principal: Decimal = ZERO
    accretion: Decimal = ZERO
    realized_loss: Decimal = ZERO
    total_principal_reduction: Decimal = ZERO
    ending_balance: Decimal = ZERO
    accrued_interest: Decimal = ZERO
    unpaid_interest_shortfall_paid: Decimal = ZERO
    current_interest_shortfall: Decimal = ZERO
    non_supported_interest_shortfall: Decimal = ZERO
    interest_realized_loss: Decimal = ZERO
    interest_distribution: Decimal = ZERO
    remaining_unpaid_interest_shortfall: Decimal = ZERO
    cumulative_realized_loss: Decimal = ZERO
    # Set only by fault injection: a principal or total distribution that is not the sum of its parts.
    principal_override: Decimal | None = None
    total_override: Decimal | None = None

    @property
    def principal_distribution(self) -> Decimal:
        if self.principal_override is not None:
            return self.principal_override
        return self.scheduled_principal + self.unscheduled_principal

    @property
    def total_distribution(self) -> Decimal:
        if self.total_override is not None:
            return self.total_override
        return self.interest_distribution + self.principal_distribution


@dataclass
class GroupMonth:
    """Every printed figure of one loan group for one month."""

    spec: GroupSpec
    beginning_loan_count: int
    loans_paid_in_full: int
    ending_loan_count: int
    beginning_balance: Decimal
    scheduled_principal: Decimal
    unscheduled_principal: Decimal
    realized_loss: Decimal
    ending_balance: Decimal
    scheduled_interest: Decimal
    servicing_fee: Decimal
    master_servicing_fee: Decimal
    trustee_fee: Decimal
    net_interest: Decimal
    wam_months: int
    pi_constant: Decimal
    cumulative_realized_loss: Decimal
    senior_percentage: Decimal
    senior_prepayment_percentage: Decimal
    prepayment_interest_shortfall: Decimal
    servicing_fee_support: Decimal
    liquidation_proceeds: Decimal
    # (status, bucket_days_min) -> (loan count, principal balance)
    delinquency: dict[tuple[str, int], tuple[int, Decimal]] = field(default_factory=dict)

    @property
    def gross_wac(self) -> Decimal:
        return self.spec.gross_wac

    @property
    def net_wac(self) -> Decimal:
        return self.spec.gross_wac - self.spec.servicing_rate

    @property
    def non_supported_shortfall(self) -> Decimal:
        return self.prepayment_interest_shortfall - self.servicing_fee_support


@dataclass
class MonthReport:
    """One month's report: what a trustee prints for a distribution date."""

    deal: DealSpec
    period: int
    distribution_date: dt.date
    record_date: dt.date
    classes: list[ClassMonth]
    groups: list[GroupMonth]
    servicer_advances: Decimal
    advance_reimbursement: Decimal
    class_a_optimal_amount: Decimal
    ending_actual_balance: Decimal
    # Set only by fault injection: amounts added to single printed figures (see faults.py).
    print_deltas: dict[str, Decimal] = field(default_factory=dict)

    def printed(self, key: str, value):
        """``value`` as printed: plus the fault delta for ``key``, if any."""
        delta = self.print_deltas.get(key)
        return value if delta is None else value + type(value)(delta)

    @property
    def total_deposits(self) -> Decimal:
        return self.advance_reimbursement + self.service_fee_paid + self.distribution_paid

    @property
    def service_fee_paid(self) -> Decimal:
        return sum(
            (g.servicing_fee + g.master_servicing_fee + g.trustee_fee - g.servicing_fee_support for g in self.groups),
            ZERO,
        )

    @property
    def distribution_paid(self) -> Decimal:
        return sum((c.total_distribution for c in self.classes), ZERO)

    @property
    def liquidation_proceeds(self) -> Decimal:
        return sum((g.liquidation_proceeds for g in self.groups), ZERO)

    @property
    def payments_of_interest_and_principal(self) -> Decimal:
        return self.total_deposits - self.servicer_advances - self.liquidation_proceeds

    def copy(self) -> MonthReport:
        """A deep-enough copy for fault injection (classes and groups are copied)."""
        return replace(
            self,
            classes=[replace(c) for c in self.classes],
            groups=[replace(g, delinquency=dict(g.delinquency)) for g in self.groups],
            print_deltas=dict(self.print_deltas),
        )


def _level_payment(balance: Decimal, annual_rate: Decimal, months: int) -> Decimal:
    r = annual_rate / 12
    if months <= 0:
        return balance
    if r == 0:
        return balance / months
    return balance * r / (1 - (1 + r) ** -months)


def _smm(cpr: float) -> Decimal:
    return Decimal(str(1 - (1 - cpr) ** (1 / 12)))


@dataclass
class _GroupState:
    count: int
    balance: Decimal
    wam: int
    cumulative_loss: Decimal
    # delinquency pipeline: counts per (status, bucket)
    pipeline: dict[tuple[str, int], int]


@dataclass
class _ClassState:
    balance: Decimal
    cumulative_loss: Decimal


def simulate(deal: DealSpec, months: int) -> list[MonthReport]:
    """Simulate ``months`` distributions of ``deal``; deterministic for the deal's seed."""
    rng = random.Random(deal.seed)
    groups = {
        g.number: _GroupState(g.loan_count, g.balance, g.wam_months, ZERO, {(s, b): 0 for s, b in _statuses()})
        for g in deal.groups
    }
    classes = {c.name: _ClassState(ZERO if c.exchange_of else c.face, ZERO) for c in deal.classes}
    exchanges = random.Random(f"{deal.seed}:exchanges")
    reports = []
    for period in range(months):
        reports.append(_month(deal, period, groups, classes, rng))
        _exchange(deal, classes, exchanges)
    return reports


def _exchange(deal: DealSpec, states: dict[str, _ClassState], rng: random.Random) -> None:
    """Between distributions, holders may exchange a combination for its components or back."""
    for combo in (c for c in deal.classes if c.exchange_of):
        if rng.random() >= 0.4:
            continue
        parts = [states[name] for name in combo.exchange_of]
        if states[combo.name].balance > 0:
            faces = [next(c.face for c in deal.classes if c.name == name) for name in combo.exchange_of]
            for part, amount in zip(parts, allocate(states[combo.name].balance, faces), strict=True):
                part.balance += amount
            states[combo.name].balance = ZERO
        else:
            states[combo.name].balance = sum((p.balance for p in parts), ZERO)
            for part in parts:
                part.balance = ZERO


def _statuses() -> list[tuple[str, int]]:
    cells = [("delinquent", b) for b in DELINQUENT_BUCKETS]
    for status in ("bankruptcy", "foreclosure", "reo"):
        cells += [(status, b) for b in STATUS_BUCKETS]
    return cells


def _distribution_date(first: dt.date, period: int) -> dt.date:
    month = first.month - 1 + period
    year = first.year + month // 12
    return dt.date(year, month % 12 + 1, first.day)


def _roll_delinquency(state: _GroupState, rng: random.Random, default_rate: float) -> int:
    """Advance the delinquency pipeline one month; returns the number of REO loans liquidated."""
    old = state.pipeline
    new = {key: 0 for key in old}
    performing = state.count - sum(old.values())
    # New 30-day delinquencies from performing loans.
    new[("delinquent", 30)] = _binomial(rng, performing, min(0.2, default_rate * 4))
    for i, bucket in enumerate(DELINQUENT_BUCKETS[:-1]):
        rolling = _binomial(rng, old[("delinquent", bucket)], 0.45)
        new[("delinquent", DELINQUENT_BUCKETS[i + 1])] += rolling
    # 180+ stays until foreclosure starts.
    to_fc = _binomial(rng, old[("delinquent", 180)], 0.3)
    new[("delinquent", 180)] += old[("delinquent", 180)] - to_fc
    for status, first_bucket_in in (("foreclosure", to_fc), ("bankruptcy", _binomial(rng, performing, 0.0005))):
        new[(status, 0)] += first_bucket_in
        for i, bucket in enumerate(STATUS_BUCKETS[:-1]):
            moving = _binomial(rng, old[(status, bucket)], 0.8)
            new[(status, STATUS_BUCKETS[i + 1])] += moving
            new[(status, bucket)] += old[(status, bucket)] - moving
        new[(status, 180)] += old[(status, 180)]
    # Foreclosures of 90+ days become REO; REO older than 60 days liquidates.
    to_reo = 0
    for bucket in (90, 120, 150, 180):
        moving = _binomial(rng, new[("foreclosure", bucket)], 0.4)
        new[("foreclosure", bucket)] -= moving
        to_reo += moving
    # REO: the oldest properties sell first; the rest age one bucket.
    reo = {bucket: old[("reo", bucket)] for bucket in STATUS_BUCKETS}
    liquidated = _binomial(rng, sum(reo[b] for b in (60, 90, 120, 150, 180)), 0.5)
    left = liquidated
    for bucket in reversed(STATUS_BUCKETS):
        sold = min(left, reo[bucket])
        reo[bucket] -= sold
        left -= sold
    new[("reo", 0)] += to_reo
    for i, bucket in enumerate(STATUS_BUCKETS[:-1]):
        new[("reo", STATUS_BUCKETS[i + 1])] += reo[bucket]
    new[("reo", 180)] += reo[180]
    state.pipeline = new
    return liquidated


def _binomial(rng: random.Random, n: int, p: float) -> int:
    if n <= 0 or p <= 0:
        return 0
    if n > 50:
        mean, sd = n * p, (n * p * (1 - p)) ** 0.5
        return max(0, min(n, round(rng.gauss(mean, sd))))
    return sum(1 for _ in range(n) if rng.random() < p)


def _month(
    deal: DealSpec,
    period: int,
    group_states: dict[int, _GroupState],
    class_states: dict[str, _ClassState],
    rng: random.Random,
) -> MonthReport:
    distribution_date = _distribution_date(deal.first_distribution, period)
    record_date = distribution_date.replace(day=1) - dt.timedelta(days=1)
    class_months = {
        c.name: ClassMonth(spec=c, rate=ZERO, beginning_balance=class_states[c.name].balance) for c in deal.classes
    }
    group_months: list[GroupMonth] = []

    for spec in deal.groups:
        state = group_states[spec.number]
        beginning = state.balance
        avg_balance = beginning / state.count if state.count else ZERO
        liquidated = min(_roll_delinquency(state, rng, spec.default_rate), state.count)
        payment = _level_payment(beginning, spec.gross_wac, state.wam)
        scheduled = min(cents(payment - beginning * spec.gross_wac / 12), beginning)
        liquidated_balance = min(cents(avg_balance * liquidated), beginning - scheduled)
        loss = cents(liquidated_balance * Decimal(str(spec.severity)))
        proceeds = liquidated_balance - loss
        prepaying_pool = beginning - scheduled - liquidated_balance
        smm = _smm(spec.cpr * rng.uniform(0.7, 1.3))
        prepaid = cents(prepaying_pool * smm)
        unscheduled = prepaid + proceeds
        ending = beginning - scheduled - unscheduled - loss
        paid_in_full = min(state.count, int((Decimal(state.count - liquidated) * smm).to_integral_value()) + liquidated)
        ending_count = state.count - paid_in_full
        if ending_count == 0:
            ending_count, paid_in_full = 1, state.count - 1
        servicing = cents(beginning * spec.servicing_rate / 12)
        master = cents(beginning * spec.master_servicing_rate / 12)
        trustee = cents(beginning * spec.trustee_rate / 12)
        shortfall = cents(prepaid * spec.gross_wac / 12 * Decimal(str(rng.uniform(0, 0.5))))
        support = min(shortfall, cents(servicing * Decimal("0.5")))
        certificate_accrual = cents(beginning * spec.pass_through_rate / 12)
        scheduled_interest = certificate_accrual + servicing + master + trustee - (shortfall - support)
        net_interest = scheduled_interest - servicing - master - trustee
        state.cumulative_loss += loss
        senior_names = [c.name for c in deal.classes if c.group == spec.number and c.kind != "IO"]
        senior_balance = sum((class_states[n].balance for n in senior_names), ZERO)
        senior_pct = senior_balance / beginning if beginning else Decimal(0)
        senior_pct = min(senior_pct, Decimal(1))
        if period < deal.senior_prepayment_lockout or senior_pct >= 1:
            senior_prepay = Decimal(1)
        else:
            senior_prepay = min(Decimal(1), senior_pct + (1 - senior_pct) * Decimal("0.7"))
        group_months.append(
            GroupMonth(
                spec=spec,
                beginning_loan_count=state.count,
                loans_paid_in_full=paid_in_full,
                ending_loan_count=ending_count,
                beginning_balance=beginning,
                scheduled_principal=scheduled,
                unscheduled_principal=unscheduled,
                realized_loss=loss,
                ending_balance=ending,
                scheduled_interest=scheduled_interest,
                servicing_fee=servicing,
                master_servicing_fee=master,
                trustee_fee=trustee,
                net_interest=net_interest,
                wam_months=state.wam,
                pi_constant=cents(payment),
                cumulative_realized_loss=state.cumulative_loss,
                senior_percentage=senior_pct,
                senior_prepayment_percentage=senior_prepay,
                prepayment_interest_shortfall=shortfall,
                servicing_fee_support=support,
                liquidation_proceeds=proceeds,
            )
        )
        state.count, state.balance, state.wam = ending_count, ending, max(state.wam - 1, 1)
        _delinquency_cells(group_months[-1], state, avg_balance, rng)

    _allocate_to_classes(deal, group_months, class_months, class_states)
    for name, month in class_months.items():
        class_states[name].balance = month.ending_balance
        class_states[name].cumulative_loss += month.realized_loss
        month.cumulative_realized_loss = class_states[name].cumulative_loss
    report = MonthReport(
        deal=deal,
        period=period,
        distribution_date=distribution_date,
        record_date=record_date,
        classes=list(class_months.values()),
        groups=group_months,
        servicer_advances=cents(Decimal(str(rng.uniform(0, 20000)))),
        advance_reimbursement=cents(Decimal(str(rng.uniform(0, 5000)))),
        class_a_optimal_amount=ZERO,
        ending_actual_balance=ZERO,
    )
    senior_distribution = sum(
        (c.total_distribution for c in report.classes if c.spec.kind not in SUBORDINATE_KINDS), ZERO
    )
    report.class_a_optimal_amount = senior_distribution
    ending_scheduled = sum((g.ending_balance for g in group_months), ZERO)
    report.ending_actual_balance = ending_scheduled + cents(ending_scheduled * Decimal("0.0001"))
    return report


def _delinquency_cells(group: GroupMonth, state: _GroupState, avg_balance: Decimal, rng: random.Random) -> None:
    total_delinquent = sum(state.pipeline.values())
    if total_delinquent > group.ending_loan_count:
        scale = group.ending_loan_count / total_delinquent
        state.pipeline = {k: int(v * scale) for k, v in state.pipeline.items()}
    budget = group.ending_balance
    for key, count in state.pipeline.items():
        balance = min(budget, cents(avg_balance * count * Decimal(str(rng.uniform(0.8, 1.2))))) if count else ZERO
        budget -= balance
        group.delinquency[key] = (count, balance)


def _allocate_to_classes(
    deal: DealSpec,
    groups: list[GroupMonth],
    months: dict[str, ClassMonth],
    states: dict[str, _ClassState],
) -> None:
    by_group = {g.spec.number: g for g in groups}
    # The subordinate stack in printed order; the OC class is its bottom and absorbs losses first.
    subs = [m for m in months.values() if m.spec.kind in SUBORDINATE_KINDS]
    sub_scheduled = ZERO
    sub_unscheduled = ZERO
    exact_interest: dict[str, Decimal] = {}
    sub_rate_numerator = ZERO

    for number, group in by_group.items():
        seniors = [m for m in months.values() if m.spec.group == number and m.spec.kind != "IO"]
        ios = [m for m in months.values() if m.spec.group == number and m.spec.kind == "IO"]
        senior_balance = sum((m.beginning_balance for m in seniors), ZERO)
        senior_sched = min(cents(group.senior_percentage * group.scheduled_principal), senior_balance)
        senior_unsched = min(
            cents(group.senior_prepayment_percentage * group.unscheduled_principal), senior_balance - senior_sched
        )
        sub_scheduled += group.scheduled_principal - senior_sched
        sub_unscheduled += group.unscheduled_principal - senior_unsched
        payable = [m for m in seniors if m.beginning_balance > 0]
        # The residual is paid off first; then sequential (first class first) or pro rata.
        for residual in (m for m in payable if m.spec.kind == "RES"):
            take = min(residual.beginning_balance, senior_sched)
            residual.scheduled_principal += take
            senior_sched -= take
        payable = [m for m in payable if m.spec.kind != "RES"]
        _pay_principal(payable, senior_sched, "scheduled_principal", deal.senior_sequential)
        _pay_principal(payable, senior_unsched, "unscheduled_principal", deal.senior_sequential)
        ptr = group.spec.pass_through_rate
        strip = deal.io_strip if ios else ZERO
        strip_interest = ZERO
        for m in seniors:
            if m.spec.kind == "PO":
                m.rate = ZERO
                strip_interest += m.beginning_balance * ptr / 12
            else:
                m.rate = ptr - strip if m.spec.kind in ("SEN", "Z", "RES") else ptr
                exact_interest[m.spec.name] = m.beginning_balance * m.rate / 12
        # The IO's notional is the group's senior principal balance (PO included): its interest is the
        # strip on the coupon-paying seniors plus the full rate on the PO's (discount) balance.
        for io in ios:
            notional = sum((m.beginning_balance for m in seniors), ZERO)
            coupon_paying = sum((m.beginning_balance for m in seniors if m.spec.kind != "PO"), ZERO)
            io.beginning_balance = notional
            io_interest = coupon_paying * strip / 12 + strip_interest
            exact_interest[io.spec.name] = io_interest
            io.rate = io_interest * 12 / notional if notional else strip
            strip_interest = ZERO
        sub_rate_numerator += (group.beginning_balance - senior_balance) * ptr

    sub_balance = sum((m.beginning_balance for m in subs), ZERO)
    sub_rate = sub_rate_numerator / sub_balance if sub_balance else Decimal("0.05")
    for m in subs:
        m.rate = sub_rate
        exact_interest[m.spec.name] = m.beginning_balance * sub_rate / 12
    payable_subs = [m for m in subs if m.beginning_balance > 0]
    for attribute, amount in (("scheduled_principal", sub_scheduled), ("unscheduled_principal", sub_unscheduled)):
        parts = allocate(amount, [m.beginning_balance for m in payable_subs])
        for m, part in zip(payable_subs, parts, strict=True):
            setattr(m, attribute, part)

    # Interest: each class accrues its rate on its balance, rounded to the cent. The pool's certificate
    # accrual is the sum of those (the trustee's rounding residue of a few cents sits in group 1).
    names = list(exact_interest)
    for name in names:
        months[name].accrued_interest = cents(exact_interest[name])
    residue = sum((months[n].accrued_interest for n in names), ZERO) - sum(
        (g.net_interest + g.non_supported_shortfall for g in groups), ZERO
    )
    groups[0].scheduled_interest += residue
    groups[0].net_interest += residue
    non_supported = sum((g.non_supported_shortfall for g in groups), ZERO)
    shares = allocate(non_supported, [months[n].accrued_interest for n in names])
    for name, share in zip(names, shares, strict=True):
        m = months[name]
        m.non_supported_interest_shortfall = share
        m.interest_distribution = m.accrued_interest - share

    # Accrual classes: interest accretes; the same amount is paid as principal to the first senior.
    for m in months.values():
        if m.spec.kind != "Z" or m.interest_distribution <= 0:
            continue
        group_seniors = [
            s
            for s in months.values()
            if s.spec.group == m.spec.group and s.spec.kind == "SEN" and s.beginning_balance > s.principal_distribution
        ]
        target = next(
            (s for s in group_seniors if s.beginning_balance - s.principal_distribution > m.interest_distribution),
            None,
        )
        if target is None:
            continue
        m.accretion = m.interest_distribution
        m.interest_distribution = ZERO
        target.scheduled_principal += m.accretion

    # Losses: bottom-up through the subordinates, then pro rata to the group's seniors.
    for number, group in by_group.items():
        loss = group.realized_loss
        for m in reversed(subs):
            room = m.beginning_balance - m.principal_distribution - m.realized_loss
            take = min(room, loss)
            m.realized_loss += take
            loss -= take
        if loss > 0:
            seniors = [m for m in months.values() if m.spec.group == number and m.spec.kind not in ("IO",)]
            room = [m.beginning_balance - m.principal_distribution + m.accretion for m in seniors]
            for m, part in zip(seniors, allocate(loss, room), strict=True):
                m.realized_loss += part

    for m in months.values():
        if m.spec.kind == "IO":
            m.total_principal_reduction = ZERO
            continue
        m.total_principal_reduction = m.principal_distribution + m.realized_loss - m.accretion
        m.ending_balance = m.beginning_balance - m.total_principal_reduction
    for io in (m for m in months.values() if m.spec.kind == "IO"):
        io.ending_balance = sum(
            (
                m.ending_balance
                for m in months.values()
                if m.spec.group == io.spec.group and m.spec.kind in ("SEN", "Z", "RES", "PO")
            ),
            ZERO,
        )
        states[io.spec.name].balance = io.ending_balance


def _pay_principal(classes: list[ClassMonth], amount: Decimal, attribute: str, sequential: bool) -> None:
    if not classes or amount == 0:
        return
    if sequential:
        for m in classes:
            room = m.beginning_balance - m.principal_distribution
            take = min(room, amount)
            setattr(m, attribute, getattr(m, attribute) + take)
            amount -= take
            if amount == 0:
                return
        return
    rooms = [m.beginning_balance - m.principal_distribution for m in classes]
    for m, part in zip(classes, allocate(amount, rooms), strict=True):
        setattr(m, attribute, getattr(m, attribute) + part)
