"""Random deals (deterministic from a seed) and corpora of their monthly filings."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

from synthetic.model import ClassSpec, DealSpec, GroupSpec, allocate, cents
from synthetic.render import Style, random_style, render_filing

__all__ = ["cusip_check_digit", "random_deal", "write_corpus"]

ISSUERS = [
    ("THB", "Thornburg Mortgage Home Loans, Inc."),
    ("WFM", "Wells Fargo Mortgage Backed Securities"),
    ("BAF", "Banc of America Funding Corporation"),
    ("MSM", "MASTR Asset Securitization Trust"),
    ("CWH", "CWMBS, Inc."),
    ("SAS", "Structured Asset Securities Corporation"),
]
TRUSTEES = ["Deutsche Bank", "U.S. Bank", "Wachovia Bank", "JPMorgan Chase Bank", "Bank One"]
ADMINISTRATORS = ["Wells Fargo Bank Minnesota, N.A.", "Wells Fargo Bank, N.A."]
COLLATERAL = ["Mixed ARM", "Fixed 30 Year", "Fixed 15 Year", "5/1 Hybrid ARM"]
ROMAN = ["I", "II", "III", "IV", "V", "VI"]


def cusip_check_digit(base: str) -> str:
    """The ninth character of a CUSIP (the modulus-10 "double add double" check digit)."""
    total = 0
    for i, char in enumerate(base):
        value = int(char) if char.isdigit() else ord(char) - ord("A") + 10
        if i % 2:
            value *= 2
        total += value // 10 + value % 10
    return str((10 - total % 10) % 10)


def random_deal(seed: int, variations: bool = False) -> DealSpec:
    """A random deal: 1-6 groups, 3-40 classes, every class type of this report family.

    With ``variations``, the class names, descriptions and CUSIPs vary as real CTSLink deals do (see
    :func:`vary_classes`); the deal's numbers are the same either way.
    """
    rng = random.Random(seed)
    shelf, issuer = rng.choice(ISSUERS)
    year = rng.randint(1998, 2007)
    series = f"{year}-{rng.randint(1, 12)}"
    n_groups = rng.choice([1, 1, 2, 3, 4, 4, 5, 6])
    naming = rng.choice(["flat", "arabic", "roman"]) if n_groups > 1 else rng.choice(["flat", "arabic"])
    strips = n_groups == 1 or naming != "flat"
    io_strip = Decimal(rng.choice([25, 30, 40, 50])) / 10000 if strips else Decimal(0)
    groups = []
    used_rates: set[Decimal] = set()
    for number in range(1, n_groups + 1):
        balance = cents(Decimal(rng.randint(20_000_000, 400_000_000)))
        loans = max(20, int(balance / Decimal(rng.randint(150_000, 600_000))))
        # Distinct to the printed precision of a class rate (5 decimals of a percent).
        ptr = Decimal(rng.randint(2_500_000, 7_000_000)) / Decimal(10**8)
        while round(ptr, 7) in used_rates:
            ptr += Decimal("0.0000001")
        used_rates.add(round(ptr, 7))
        groups.append(
            GroupSpec(
                number=number,
                collateral_description=rng.choice(COLLATERAL),
                loan_count=loans,
                balance=balance,
                pass_through_rate=ptr,
                servicing_rate=Decimal(rng.choice([2500, 3000, 3750])) / Decimal(10**6),
                master_servicing_rate=Decimal(rng.choice([100, 150, 200])) / Decimal(10**6),
                trustee_rate=Decimal(rng.choice([5, 10])) / Decimal(10**6),
                wam_months=rng.randint(170, 358),
                cpr=rng.uniform(0.05, 0.45),
                default_rate=rng.uniform(0.0005, 0.01),
                severity=rng.uniform(0.15, 0.5),
            )
        )
    cusip_base = f"{rng.randint(100000, 999999)}"
    serial = iter(range(10, 1000))

    def cusip() -> str:
        n = next(serial)
        base = f"{cusip_base}{chr(ord('A') + n // 26 % 26)}{chr(ord('A') + n % 26)}"
        return base + cusip_check_digit(base)

    classes: list[ClassSpec] = []
    sub_share = Decimal(rng.randint(300, 900)) / 10000
    flat_counter = iter(range(1, 100))
    for g in groups:
        senior_total = cents(g.balance * (1 - sub_share))
        kinds = ["SEN"] * rng.randint(1, 3)
        if rng.random() < 0.3:
            kinds.append("Z")
        if strips and rng.random() < 0.5:
            kinds.append("PO")
        has_io = strips and (rng.random() < 0.5 or "PO" in kinds)
        if g.number == 1:
            kinds.insert(0, "RES")
        weights = [Decimal(rng.randint(1, 10)) for _ in kinds]
        faces = allocate(senior_total - (Decimal(100) if "RES" in kinds else 0), weights)
        serial_in_group = iter(range(1, 100))
        for kind, face in zip(kinds, faces, strict=True):
            if kind == "RES":
                name, face = ("A-R" if naming == "flat" else "R"), Decimal("100.00")
            else:
                suffix = {"PO": "PO"}.get(kind) or str(next(serial_in_group))
                if naming == "flat":
                    name = f"A-{suffix}" if kind == "PO" else f"A-{next(flat_counter)}"
                elif naming == "arabic":
                    name = f"{g.number}-A-{suffix}"
                else:
                    name = f"{ROMAN[g.number - 1]}-A-{suffix}"
            description = {"SEN": "SEN", "Z": "SEN", "RES": "RES", "PO": "PO"}[kind]
            classes.append(ClassSpec(name, kind, g.number, face, cusip(), description))
        if has_io:
            notional = sum(
                (c.face for c in classes if c.group == g.number and c.kind in ("SEN", "Z", "RES", "PO")), Decimal(0)
            )
            name = (
                "A-IO"
                if naming == "flat"
                else (f"{g.number}-A-IO" if naming == "arabic" else f"{ROMAN[g.number - 1]}-A-IO")
            )
            classes.append(ClassSpec(name, "IO", g.number, notional, cusip(), "IO"))
    sub_total = sum((g.balance for g in groups), Decimal(0)) - sum(
        (c.face for c in classes if c.kind != "IO"), Decimal(0)
    )
    n_subs = rng.randint(2, 6) if len(classes) < 34 else 2
    sub_weights = [Decimal(w) for w in sorted((rng.randint(5, 40) for _ in range(n_subs)), reverse=True)]
    prefix = rng.choice(["B", "M"])
    for i, face in enumerate(allocate(sub_total, sub_weights), start=1):
        classes.append(ClassSpec(f"{prefix}-{i}", "SUB", None, face, cusip(), "SUB"))
    deal = DealSpec(
        shelf=shelf,
        series=series,
        issuer=issuer,
        trustee=rng.choice(TRUSTEES),
        administrator=rng.choice(ADMINISTRATORS),
        master_servicer="Wells Fargo",
        groups=tuple(groups),
        classes=tuple(classes),
        first_distribution=dt.date(year, rng.randint(1, 12), 25),
        io_strip=io_strip,
        senior_prepayment_lockout=rng.choice([0, 1, 3, 60]),
        senior_sequential=rng.random() < 0.5,
        seed=seed,
    )
    return vary_classes(deal, naming, random.Random(f"{seed}:classes")) if variations else deal


def vary_classes(deal: DealSpec, naming: str, rng: random.Random) -> DealSpec:
    """Class names, descriptions and CUSIPs as real CTSLink deals print them, chosen per deal.

    * names without hyphens (``A1``, ``A2A``, ``M1``, ``X`` for the IO, ``R``; the 10-D era), or an IO
      named ``X``/``X-A``/``1-X``; the residual listed first or after the group's first senior;
    * descriptions ``SEN/ACC`` for an accrual class, ``SEN/IO``, ``SEN/PO``, ``SEN/RES``;
    * pseudo-CUSIPs (``THBMOR031R``) for the residual, IO and OC classes, or ``NA`` for the residual
      and OC classes;
    * an exchangeable class: a group's last senior ``A-3`` becomes the combination of ``A-3-A`` and
      ``A-3-B`` (``A3`` of ``A3A``, ``A3B``), which hold its face until the holders exchange them;
    * an overcollateralization class (``OC`` or ``CE``, description ``OC`` or ``SUB/OC``) at the
      bottom of the subordinate stack.
    """
    classes = list(deal.classes)
    hyphens = naming != "flat" or rng.random() < 0.6
    single_group = len(deal.groups) == 1

    def rename(c: ClassSpec) -> str:
        name = c.name
        if c.kind == "IO":
            if not hyphens:
                return "X"
            if naming == "flat":
                return rng.choice(["A-IO", "X", "X-A"]) if single_group else name
            return rng.choice([name, name.replace("-A-IO", "-X")])
        if not hyphens:
            return {"A-R": "R", "A-PO": "PO"}.get(name, name.replace("-", ""))
        return name

    classes = [replace(c, name=rename(c)) for c in classes]
    descriptions = {
        "Z": rng.choice(["SEN", "SEN/ACC"]),
        "IO": rng.choice(["IO", "SEN/IO"]),
        "PO": rng.choice(["PO", "SEN/PO"]),
        "RES": rng.choice(["RES", "SEN/RES"]),
    }
    classes = [replace(c, description=descriptions.get(c.kind, c.description)) for c in classes]
    cusips = rng.choice(["real", "real", "pseudo", "na"])
    year, _, number = deal.series.partition("-")
    for i, c in enumerate(classes):
        if c.kind in ("RES", "IO") and cusips == "pseudo":
            classes[i] = replace(c, cusip=f"{deal.shelf}MOR{int(year) % 100:02d}{number}{c.kind[0]}")
        elif c.kind == "RES" and cusips == "na":
            classes[i] = replace(c, cusip="NA")
    residual = next((i for i, c in enumerate(classes) if c.kind == "RES"), None)
    if residual is not None and rng.random() < 0.5:  # after the first senior of its group (the sample)
        r = classes.pop(residual)
        classes.insert(residual + 1, r)
    seniors = [i for i, c in enumerate(classes) if c.kind == "SEN"]
    if seniors and rng.random() < 0.6:
        i = seniors[-1]
        combo = classes[i]
        parts = []
        for letter, face in zip("AB", allocate(combo.face, [Decimal(rng.randint(1, 5)) for _ in "AB"]), strict=True):
            base = f"{combo.cusip[:6]}X{letter}"
            name = f"{combo.name}-{letter}" if hyphens else f"{combo.name}{letter}"
            parts.append(replace(combo, name=name, face=face, cusip=base + cusip_check_digit(base)))
        classes[i + 1 : i + 1] = parts
        classes[i] = replace(combo, exchange_of=tuple(p.name for p in parts))
    if rng.random() < 0.35:
        classes.append(_oc_class(deal, classes, cusips, rng))
    return replace(deal, classes=tuple(classes))


def _oc_class(deal: DealSpec, classes: list[ClassSpec], cusips: str, rng: random.Random) -> ClassSpec:
    """An overcollateralization class (BNC 2007-4's, Aames 1998-C's C) carved out of the last
    subordinate's face: the bottom of the stack, printed after the subordinates. Its CUSIP is of the
    deal's kind (``cusips``): a pseudo-CUSIP ending in X (``BNCMOR074X``), ``NA``, or a CUSIP."""
    last = max(i for i, c in enumerate(classes) if c.kind == "SUB")
    sub = classes[last]
    face = cents(sub.face * Decimal(rng.randint(10, 40)) / 100)
    classes[last] = replace(sub, face=sub.face - face)
    year, _, number = deal.series.partition("-")
    if cusips == "pseudo":
        cusip = f"{deal.shelf}MOR{int(year) % 100:02d}{number}X"
    elif cusips == "na":
        cusip = "NA"
    else:
        base = f"{sub.cusip[:6]}OC"
        cusip = base + cusip_check_digit(base)
    return ClassSpec(rng.choice(["OC", "CE"]), "OC", None, face, cusip, rng.choice(["OC", "SUB/OC"]))


def write_corpus(out: Path, deals: int, months: int, seed: int, style: Style | None = None) -> list[Path]:
    """Write ``deals`` x ``months`` filings under ``out`` (one folder per deal); returns the paths."""
    from synthetic.model import simulate

    rng = random.Random(seed)
    paths = []
    seen: set[str] = set()
    for d in range(deals):
        deal = random_deal(rng.randrange(2**31), variations=True)
        year = deal.series.split("-")[0]
        number = 13
        while deal.deal_id in seen:  # one folder per deal: a shelf's series numbers do not repeat
            deal = replace(deal, series=f"{year}-{number}")
            number += 1
        seen.add(deal.deal_id)
        deal_style = style or random_style(random.Random(deal.seed))
        folder = out / deal.deal_id
        folder.mkdir(parents=True, exist_ok=True)
        for report in simulate(deal, months):
            path = folder / f"{report.distribution_date:%Y-%m-%d}.txt"
            path.write_bytes(render_filing(report, deal_style, cik=1_300_000 + d))
            paths.append(path)
    return paths
