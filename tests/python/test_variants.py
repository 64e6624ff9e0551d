"""Every CTSLink variation of layouts/README.md section 1, rendered by the simulator: parse(render) =
the simulated truth in the marts, for each variation alone and in combinations.

One corpus holds a deal per variation (and the 10-D/A amendment); it is loaded and built once. The
combinations are hypothesis examples of random deals and filer styles (every variation drawn at
random), a few deals per warehouse build.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from loaders.cli import load_paths
from loaders.filing import parse_batch
from synthetic.generate import random_deal
from synthetic.model import DealSpec, MonthReport, simulate
from synthetic.render import SUMMARY_SPLITS, Style, random_style, render_filing, summary_split
from tests.python.conftest import CELLS_AS_PRINTED, dbt_build, query
from tests.python.test_synthetic import actual_facts, expected_facts

ERAS = Style(eras=True)


def q(value: Decimal, places: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def deal_where(predicate, start: int, variations: bool = True) -> DealSpec:
    """The first deal (seeds from ``start``) whose classes show a variation."""
    for seed in range(start, start + 5000):
        deal = random_deal(seed, variations=variations)
        if predicate(deal):
            return deal
    raise AssertionError("no deal with the variation")


def has_exchange(deal: DealSpec, months: int) -> bool:
    """A combination class whose balance moves between it and its components within ``months``."""
    combos = {c.name for c in deal.classes if c.exchange_of}
    if not combos:
        return False
    holders = {
        tuple(m.spec.name for m in r.classes if m.beginning_balance > 0 and m.spec.name in combos)
        for r in simulate(deal, months)
    }
    return len(holders) > 1


def has_oc(deal: DealSpec, cusip) -> bool:
    """An overcollateralization class and a residual class whose printed CUSIPs satisfy ``cusip``."""
    return all(any(c.kind == kind and cusip(c.cusip) for c in deal.classes) for kind in ("OC", "RES"))


def starting(deal: DealSpec, first: dt.date) -> DealSpec:
    return dataclasses.replace(deal, first_distribution=first)


# name -> (deal, style, months): each variation alone (everything else as the sample prints it).
def variations() -> dict[str, tuple[DealSpec, Style, int]]:
    base = 8100
    plain = {i: random_deal(base + i) for i in range(30)}
    return {
        "norwest_1999": (starting(plain[0], dt.date(1999, 3, 25)), ERAS, 2),
        "wells_fargo_minnesota_2003": (starting(plain[1], dt.date(2003, 5, 25)), ERAS, 2),
        "wells_fargo_na_item_8_01_2005": (starting(plain[2], dt.date(2005, 2, 25)), ERAS, 2),
        "ten_d_2006": (starting(plain[3], dt.date(2006, 11, 25)), ERAS, 2),
        "capitals_spelled_dates": (plain[4], Style(capitals=True), 2),
        "rules": (plain[5], Style(rules=True), 2),
        "rules_indented": (plain[6], Style(rules=True, indent=2), 1),
        "split_after_beginning_balance": (plain[7], Style(summary_splits=(4,)), 1),
        "split_after_interest": (plain[8], Style(summary_splits=(5,)), 1),
        "split_after_current_realized_loss": (plain[9], Style(summary_splits=(7,)), 1),
        "not_split": (plain[10], Style(summary_splits=(None,)), 1),
        "split_moves_month_to_month": (plain[11], Style(summary_splits=SUMMARY_SPLITS), 5),
        "stacked_halves": (plain[12], Style(summary_splits=SUMMARY_SPLITS, stacked_summary=True), 4),
        "headers_centred": (plain[13], Style(header_align="centre"), 1),
        "headers_left_aligned": (plain[14], Style(header_align="left"), 1),
        # Left-aligned words over wide columns start in the gap right of the previous column's figures.
        "headers_left_aligned_wide_columns": (plain[20], Style(header_align="left", column_extra=3), 2),
        "wide_columns": (plain[15], Style(column_extra=3, label_width=22, gap=5), 1),
        "per_1_factors": (plain[16], Style(factor_denomination=1), 2),
        "extra_sections": (plain[17], Style(extra_sections=True), 1),
        "names_without_hyphens": (
            deal_where(lambda d: any(c.name in ("A1", "M1", "B1") for c in d.classes), 9000),
            Style(),
            2,
        ),
        "io_named_x": (
            deal_where(lambda d: any(c.name.endswith("X") or "X-" in c.name for c in d.classes), 9100),
            Style(),
            1,
        ),
        "residual_first": (deal_where(lambda d: d.classes[0].kind == "RES", 9200), Style(), 1),
        "residual_after_first_senior": (deal_where(lambda d: d.classes[1].kind == "RES", 9300), Style(), 1),
        "descriptions_sen_acc": (
            deal_where(lambda d: {"SEN/ACC", "SEN/IO"} <= {c.description for c in d.classes}, 9400),
            Style(),
            2,
        ),
        "pseudo_cusips": (deal_where(lambda d: any("MOR" in c.cusip for c in d.classes), 9500), Style(), 1),
        "cusip_na": (deal_where(lambda d: any(c.cusip == "NA" for c in d.classes), 9600), Style(), 1),
        "oc_class_pseudo_cusips": (deal_where(lambda d: has_oc(d, lambda cusip: "MOR" in cusip), 9650), Style(), 2),
        "oc_class_cusip_na": (deal_where(lambda d: has_oc(d, lambda cusip: cusip == "NA"), 9680), Style(), 2),
        "exchangeable_classes": (deal_where(lambda d: has_exchange(d, 4), 9700), Style(), 4),
        # BNC 2007-4, March 2008: the 10-D era's summary, split where the month says.
        "current_market_summary": (
            starting(plain[18], dt.date(2008, 1, 25)),
            Style(eras=True, market_summary=True, summary_splits=SUMMARY_SPLITS),
            4,
        ),
        # From 2007 on only: the same filer printed the Certificateholder Distribution Summary before.
        "current_market_summary_from_2007": (
            starting(plain[19], dt.date(2006, 11, 25)),
            Style(eras=True, market_summary=True),
            3,
        ),
        "current_market_summary_all_at_once": (
            starting(
                deal_where(lambda d: has_exchange(d, 3) and has_oc(d, lambda cusip: "MOR" in cusip), 9900),
                dt.date(2008, 3, 25),
            ),
            Style(
                eras=True,
                capitals=True,
                rules=True,
                header_align="left",
                column_extra=1,
                summary_splits=SUMMARY_SPLITS,
                stacked_summary=True,
                factor_denomination=1,
                extra_sections=True,
                market_summary=True,
            ),
            3,
        ),
        "all_at_once": (
            starting(deal_where(lambda d: has_exchange(d, 3), 9800), dt.date(2006, 4, 25)),
            Style(
                eras=True,
                capitals=True,
                rules=True,
                header_align="centre",
                column_extra=2,
                summary_splits=SUMMARY_SPLITS,
                stacked_summary=True,
                factor_denomination=1,
                extra_sections=True,
            ),
            3,
        ),
    }


CORPUS = variations()
SUMMARIES = ("certificateholder distribution summary", "current market distribution summary")
# The typed cells (as staging reads them, with their labels' texts) with the title of their table and
# their filing's deal and date.
CELLS_WITH_TITLES = (
    "select c.*, r.label as row_label, k.label as column_label, t.title, f.deal_id, f.distribution_date "
    "from staging.stg_edgar__report_cells c "
    "left join staging.stg_edgar__report_labels r on c.row_label_id = r.label_id "
    "left join staging.stg_edgar__report_labels k on c.column_label_id = k.label_id "
    "join raw.report_tables t on c.filing_seq = t.filing_seq and c.table_ordinal = t.table_ordinal "
    "and c.table_segment = t.segment join marts.dim_filing f on c.filing_id = f.filing_id"
)
# A Current Market Distribution Summary whose Original Balance misprints one class's face by $100.00
# (set by the corpus fixture: the report and the class).
MISPRINT: dict[str, object] = {}


def write_deal(folder: Path, deal: DealSpec, style: Style, months: int, cik: int) -> list[MonthReport]:
    history = simulate(deal, months)
    for report in history:
        (folder / f"{deal.deal_id}-{report.period}.txt").write_bytes(render_filing(report, style, cik=cik))
    return history


def rows_of(facts: dict[str, set[tuple]], deal_id: str) -> dict[str, set[tuple]]:
    return {key: {r for r in rows if r[0] == deal_id} for key, rows in facts.items()}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """Every variation alone, one deal each, and a 10-D restated by a 10-D/A: one load, one build."""
    tmp = tmp_path_factory.mktemp("variants")
    folder = tmp / "filings"
    folder.mkdir()
    histories = {}
    seen = set()
    for i, (name, (deal, style, months)) in enumerate(CORPUS.items()):
        if deal.deal_id in seen:
            deal = dataclasses.replace(deal, series=f"{deal.series}{i}")
            CORPUS[name] = (deal, style, months)
        seen.add(deal.deal_id)
        histories[name] = write_deal(folder, deal, style, months, cik=1_500_000 + i)
    # A 10-D and its 10-D/A (one delinquency cell restated), the amendment loaded first.
    deal = starting(dataclasses.replace(random_deal(8200), series="2006-77"), dt.date(2007, 6, 25))
    original = simulate(deal, 1)[0]
    restated = original.copy()
    count, balance = restated.groups[0].delinquency[("delinquent", 30)]
    restated.groups[0].delinquency[("delinquent", 30)] = (count + 2, balance + Decimal("250000.00"))
    amendment = tmp / "amendment"
    amendment.mkdir()
    (amendment / "10-da.txt").write_bytes(
        render_filing(restated, ERAS, form="8-K/A", accession="0001500000-07-000009", filed=dt.date(2007, 9, 1))
    )
    (folder / "10-d.txt").write_bytes(render_filing(original, ERAS, accession="0001500000-07-000008"))
    misprinted = simulate(starting(dataclasses.replace(random_deal(8300), series="2008-77"), dt.date(2008, 3, 25)), 1)[
        0
    ]
    face_class = max((c for c in misprinted.classes if c.spec.kind == "SUB"), key=lambda c: c.spec.face)
    misprinted.print_deltas[f"class:{face_class.spec.name}:summary_original_face"] = Decimal("100.00")
    (folder / "misprinted.txt").write_bytes(render_filing(misprinted, Style(market_summary=True), cik=1_500_099))
    MISPRINT.update(report=misprinted, class_name=face_class.spec.name)
    warehouse = tmp / "mbs.duckdb"
    load_paths([str(amendment)], warehouse)
    load_paths([str(folder)], warehouse)
    dbt_build(warehouse, tmp)
    return warehouse, histories, (original, restated)


@pytest.mark.parametrize("variation", list(CORPUS))
def test_variation_round_trips(corpus, variation):
    warehouse, histories, _ = corpus
    deal = CORPUS[variation][0]
    truth = expected_facts(histories[variation])
    got = rows_of(actual_facts(warehouse), deal.deal_id)
    for key in truth:
        assert got[key] == truth[key], key
    assert (
        query(
            warehouse,
            "select check_name, subject from marts.audit_reconciliation a join marts.dim_filing f using (filing_id) "
            f"where f.deal_id = '{deal.deal_id}' and not a.passed",
        )
        == []
    )
    filings = query(
        warehouse,
        f"select is_complete, is_current, record_date from marts.dim_filing where deal_id = '{deal.deal_id}' "
        "order by distribution_date",
    )
    assert filings == [(True, True, r.record_date) for r in histories[variation]]


def test_eras_name_their_administrator_and_file_10_d_from_2006(corpus):
    warehouse, _, _ = corpus
    forms = dict(
        query(
            warehouse,
            "select deal_id, string_agg(distinct form_type || ' ' || coalesce(report_document_type, ''), ',') "
            "from marts.dim_filing group by deal_id",
        )
    )
    assert forms[CORPUS["norwest_1999"][0].deal_id] == "8-K "
    assert forms[CORPUS["ten_d_2006"][0].deal_id] == "10-D EX-99.1"
    contacts = dict(
        query(
            warehouse,
            f"select f.deal_id, string_agg(distinct c.raw_text, ',') from {CELLS_AS_PRINTED} c "
            "join raw.filings using (filing_seq) join marts.dim_filing f using (filing_id) "
            "where c.row_label = 'Contact' group by f.deal_id",
        )
    )
    assert contacts[CORPUS["norwest_1999"][0].deal_id] == "Customer Service - Columbia, MD"
    assert contacts[CORPUS["wells_fargo_na_item_8_01_2005"][0].deal_id] == "Customer Service - CTSLink"
    lines = query(
        warehouse,
        "select count(*) from raw.report_lines l join marts.dim_filing f using (filing_id) "
        f"where f.deal_id = '{CORPUS['wells_fargo_na_item_8_01_2005'][0].deal_id}' and l.text = 'www.ctslink.com'",
    )
    assert lines == [(2,)]


def test_10_d_a_supersedes_the_10_d(corpus):
    warehouse, _, (original, restated) = corpus
    count, balance = restated.groups[0].delinquency[("delinquent", 30)]
    got = query(
        warehouse,
        "select f.form_type, f.is_amendment, d.loan_count, d.principal_balance from marts.fact_group_delinquency d "
        f"join marts.dim_filing f using (filing_id) where d.deal_id = '{original.deal.deal_id}' "
        "and d.loan_group = 1 and d.status = 'delinquent' and d.bucket_days_min = 30",
    )
    assert got == [("10-D/A", True, count, balance)]
    assert query(
        warehouse,
        f"select form_type, is_current from marts.dim_filing where deal_id = '{original.deal.deal_id}' order by 1",
    ) == [("10-D", False), ("10-D/A", True)]


def test_spelled_out_masthead_is_three_statements(corpus):
    warehouse, histories, _ = corpus
    deal = CORPUS["capitals_spelled_dates"][0]
    report = histories["capitals_spelled_dates"][0]
    cells = query(
        warehouse,
        f"select c.row_label, c.raw_text, c.value_kind from {CELLS_AS_PRINTED} c join raw.filings using (filing_seq) "
        "join marts.dim_filing f using (filing_id) "
        f"where f.deal_id = '{deal.deal_id}' and f.distribution_date = '{report.distribution_date}' "
        "and c.area = 'caption' and c.row_label not in ('Contact', 'Telephone', 'Fax') order by c.char_start",
    )
    when = report.distribution_date
    record = report.record_date
    assert cells == [
        (f"{deal.shelf} SERIES", deal.series, "text"),
        ("RECORD DATE", f"{record:%B} {record.day}, {record.year}".upper(), "date"),
        ("DISTRIBUTION DATE", f"{when:%B} {when.day}, {when.year}".upper(), "date"),
    ]


def test_rule_lines_are_neither_cells_nor_headers(corpus):
    warehouse, _, _ = corpus
    for name in ("rules", "rules_indented", "all_at_once"):
        deal = CORPUS[name][0]
        assert query(
            warehouse,
            f"select count(*) from {CELLS_AS_PRINTED} c join raw.filings using (filing_seq) "
            "join marts.dim_filing f using (filing_id) "
            f"where f.deal_id = '{deal.deal_id}' and (c.raw_text like '%---%' or c.raw_text like '%===%' "
            "or c.column_label like '%---%' or c.row_label like '%===%')",
        ) == [(0,)]


def test_summary_halves_split_where_the_month_says(corpus):
    """The summary's first half holds the columns up to this month's split, in one table or two."""
    warehouse, histories, _ = corpus
    for name in ("split_moves_month_to_month", "stacked_halves"):
        deal, style, _months = CORPUS[name]
        for report in histories[name]:
            split = summary_split(report, style) or 10
            layout = query(
                warehouse,
                "select t.table_ordinal, t.segment, count(distinct c.column_ordinal) from raw.report_tables t "
                f"join {CELLS_AS_PRINTED} c using (filing_seq, table_ordinal, segment) "
                "join marts.dim_filing f using (filing_id) "
                f"where f.deal_id = '{deal.deal_id}' and f.distribution_date = '{report.distribution_date}' "
                "and lower(t.title) like 'certificateholder distribution summary%' and c.area = 'data' "
                "group by all order by 1, 2",
            )
            assert [n for *_key, n in layout] == ([split] if split == 10 else [split, 10 - split])
            stacked = style.stacked_summary and split != 10
            assert len({ordinal for ordinal, *_ in layout}) == (1 if stacked or split == 10 else 2)
    splits = {
        summary_split(r, CORPUS["split_moves_month_to_month"][1]) for r in histories["split_moves_month_to_month"]
    }
    assert len(splits) > 1  # the split moved


def test_per_1_factors_are_recorded_and_read_per_1000(corpus):
    warehouse, histories, _ = corpus
    for name, denomination in (("per_1_factors", 1), ("rules", 1000)):
        deal = CORPUS[name][0]
        assert query(
            warehouse,
            "select distinct t.factor_denomination from raw.report_tables t join marts.dim_filing f "
            f"using (filing_id) where f.deal_id = '{deal.deal_id}' and lower(t.title) like '%factors statement%'",
        ) == [(denomination,)]
        # Printed to 8 decimals per $1 (or per $1,000); the mart holds per $1,000.
        truth = {
            (
                c.spec.name,
                r.distribution_date,
                q(c.beginning_balance / c.spec.face * denomination, 8) * 1000 / denomination,
            )
            for r in histories[name]
            for c in r.classes
        }
        got = set(
            query(
                warehouse,
                "select class_name, distribution_date, beginning_balance_per_1000 from marts.fact_class_distribution "
                f"where deal_id = '{deal.deal_id}'",
            )
        )
        assert got == truth


def test_extra_sections_land_in_raw_and_leave_the_facts_alone(corpus):
    warehouse, histories, _ = corpus
    deal = CORPUS["extra_sections"][0]
    titles = query(
        warehouse,
        "select distinct t.title from raw.report_tables t join marts.dim_filing f using (filing_id) "
        f"where f.deal_id = '{deal.deal_id}' and (t.title like 'OTHER%' or t.title like 'LOAN STATUS%') order by 1",
    )
    assert titles == [("LOAN STATUS STRATIFICATION/CREDIT ENHANCEMENT STATEMENT",), ("OTHER ACCOUNTS",)]
    report = histories["extra_sections"][0]
    delinquent = sum(n for g in report.groups for (s, _b), (n, _bal) in g.delinquency.items() if s == "delinquent")
    assert query(
        warehouse,
        f"select c.value_number from ({CELLS_WITH_TITLES}) c where c.deal_id = '{deal.deal_id}' "
        "and c.title like 'LOAN STATUS%' and c.row_label = 'Delinquent' and c.column_ordinal = 1",
    ) == [(Decimal(delinquent),)]


def test_oc_and_residual_classes_are_typed_and_their_pseudo_cusips_are_not_cusips(corpus):
    """The OC class is class_type OC (seed class_roles), backs every group and is not senior; the
    residual is residual; a pseudo-CUSIP (THBMOR031X) or NA is no CUSIP (NULL), kept as printed."""
    warehouse, histories, _ = corpus
    for name in ("oc_class_pseudo_cusips", "oc_class_cusip_na"):
        deal = CORPUS[name][0]
        kinds = {"OC": ("OC", False, None), "RES": ("residual", True, 1)}
        expected = {(c.name, *kinds[c.kind], None, c.cusip) for c in deal.classes if c.kind in kinds}
        got = query(
            warehouse,
            "select class_name, class_type, is_senior, loan_group, cusip, cusip_as_printed from marts.dim_class "
            f"where deal_id = '{deal.deal_id}' and class_type in ('OC', 'residual')",
        )
        assert set(got) == expected, name
        oc = next(c for c in deal.classes if c.kind == "OC")
        pseudo = oc.cusip.startswith(f"{deal.shelf}MOR") and oc.cusip.endswith("X")
        assert (oc.cusip == "NA") if name.endswith("_na") else pseudo
        # Every month's OC figures are its facts, with no CUSIP and the printed text kept.
        printed = query(
            warehouse,
            "select distribution_date, beginning_balance, realized_loss, ending_balance, cusip, cusip_as_printed "
            f"from marts.fact_class_distribution where class_id = '{deal.deal_id}:{oc.name}' order by 1",
        )
        assert printed == [
            (r.distribution_date, m.beginning_balance, m.realized_loss, m.ending_balance, None, oc.cusip)
            for r in histories[name]
            for m in r.classes
            if m.spec.name == oc.name
        ]


def summary_titles(warehouse: Path, deal: DealSpec) -> dict[dt.date, set[str]]:
    """Per distribution date, the summary tables' titles (continued halves included) as printed."""
    rows = query(
        warehouse,
        "select f.distribution_date, t.title from raw.report_tables t join marts.dim_filing f using (filing_id) "
        f"where f.deal_id = '{deal.deal_id}' and lower(t.title) similar to '.*distribution summary.*'",
    )
    titles: dict[dt.date, set[str]] = {}
    for when, title in rows:
        titles.setdefault(when, set()).add(title.lower().replace(" (continued)", ""))
    return titles


def test_current_market_summary_takes_the_place_of_the_certificateholder_summary(corpus):
    """From 2007 a filer that prints the 10-D era summary prints it instead of the Certificateholder
    Distribution Summary; before, the older summary. Either way the filing is complete."""
    warehouse, histories, _ = corpus
    for name in ("current_market_summary", "current_market_summary_from_2007", "current_market_summary_all_at_once"):
        deal = CORPUS[name][0]
        expected = {
            r.distribution_date: {SUMMARIES[1] if r.distribution_date >= dt.date(2007, 1, 1) else SUMMARIES[0]}
            for r in histories[name]
        }
        assert summary_titles(warehouse, deal) == expected, name
    before_and_after = {
        SUMMARIES[0] in t for t in summary_titles(warehouse, CORPUS["current_market_summary_from_2007"][0]).values()
    }
    assert before_and_after == {True, False}


def test_current_market_summary_golden(corpus):
    """One rendered Current Market Distribution Summary against the simulator's truth: every printed
    class figure lands under its column (Original Balance = the class's face, the Actual balances =
    the certificate balances), the Totals row sums the classes, the figures are the class facts, and
    every per-filing check of the family ran on the filing and passed."""
    warehouse, histories, _ = corpus
    deal = CORPUS["current_market_summary"][0]
    report = histories["current_market_summary"][0]
    cells = query(
        warehouse,
        f"select c.row_label, c.column_label, c.value_number, c.raw_text from ({CELLS_WITH_TITLES}) c "
        f"where c.deal_id = '{deal.deal_id}' and c.distribution_date = '{report.distribution_date}' "
        "and lower(c.title) like 'current market distribution summary%' and c.cell_area = 'data'",
    )
    printed = {(row, " ".join(column.split())): value for row, column, value, _text in cells}
    text = {(row, " ".join(column.split())): raw for row, column, _value, raw in cells}
    columns = {
        "Original Balance": lambda c: c.spec.face,
        "Beginning Actual Balance": lambda c: c.beginning_balance,
        "Interest Distribution": lambda c: c.interest_distribution,
        "Principal Distribution": lambda c: c.principal_distribution,
        "Current Realized Loss": lambda c: c.realized_loss,
        "Ending Actual Balance": lambda c: c.ending_balance,
        "Total Distribution": lambda c: c.total_distribution,
        "Cumulative Realized Losses": lambda c: c.cumulative_realized_loss,
    }
    for column, truth in columns.items():
        for c in report.classes:
            assert Decimal(printed[(c.spec.name, column)]) == truth(c), (c.spec.name, column)
        assert Decimal(printed[("Totals", column)]) == sum(truth(c) for c in report.classes), column
    for c in report.classes:
        assert text[(c.spec.name, "CUSIP")] == c.spec.cusip
        assert text[(c.spec.name, "Certificate Pass-Through Rate")] == f"{q(c.rate * 100, 5):.5f}%"
    facts = query(
        warehouse,
        "select class_name, original_face, beginning_balance, interest_distribution, principal_distribution, "
        "realized_loss, ending_balance, total_distribution, cumulative_realized_loss "
        f"from marts.fact_class_distribution where deal_id = '{deal.deal_id}' "
        f"and distribution_date = '{report.distribution_date}'",
    )
    assert sorted(facts) == sorted((c.spec.name, *(truth(c) for truth in columns.values())) for c in report.classes)
    ran = query(
        warehouse,
        "select distinct a.check_name from marts.audit_reconciliation a join marts.dim_filing f using (filing_id) "
        f"where f.deal_id = '{deal.deal_id}' and f.distribution_date = '{report.distribution_date}'",
    )
    applies = query(
        warehouse,
        "select check_name from reference.report_family_checks where report_family = 'ctslink' and not is_continuity",
    )
    assert {r[0] for r in ran} >= {r[0] for r in applies}
    summary_checks = query(
        warehouse,
        "select a.check_name, a.measure, bool_and(a.passed), count(*) from marts.audit_reconciliation a "
        f"join marts.dim_filing f using (filing_id) where f.deal_id = '{deal.deal_id}' "
        f"and f.distribution_date = '{report.distribution_date}' and a.table_role = 'class_summary' group by all",
    )
    assert sorted(summary_checks) == sorted(
        [
            ("class_totals_row", measure, True, 1)
            for measure in (
                "original_face",
                "beginning_balance",
                "interest_distribution",
                "principal_distribution",
                "realized_loss",
                "ending_balance",
                "total_distribution",
                "cumulative_realized_loss",
            )
        ]
    )
    # The figures printed in two tables (the summary's Original Balance among them: the misprint test
    # below fails it) agree: being within tolerance, they are one row per class. Read from the rendered
    # report and the family's labels (seed report_labels): every class prints, besides its primary
    # figures, 16 that repeat a primary one of the same measure and unit: in the summary the original
    # face (1); in the Principal Distribution Statement the beginning and ending balances, the realized
    # loss and the total principal distribution (4); in its factors the original face and the ending
    # percentage (2); in the Interest Distribution Statement the original face, the rate, the beginning
    # and ending balances and the total interest distribution (5); in its factors the original face,
    # the rate and the beginning and ending balances per $1,000 (4).
    agreement = query(
        warehouse,
        "select a.class_name, a.passed, a.figures, a.measure from marts.audit_reconciliation a "
        f"join marts.dim_filing f using (filing_id) where f.deal_id = '{deal.deal_id}' "
        f"and f.distribution_date = '{report.distribution_date}' and a.check_name = 'class_figure_agreement'",
    )
    assert sorted(agreement) == sorted((c.spec.name, True, 16, None) for c in report.classes)


def test_current_market_summary_misprint_is_reported_by_exactly_its_check(corpus):
    """An Original Balance the summary misprints by $100.00 disagrees with the Principal Distribution
    Statement's original face: class_figure_agreement on it fails, nothing else; the facts keep the face."""
    warehouse, _, _ = corpus
    report, name = MISPRINT["report"], MISPRINT["class_name"]
    failed = query(
        warehouse,
        "select check_name, subject, actual - expected from marts.audit_reconciliation a join marts.dim_filing f "
        f"using (filing_id) where f.deal_id = '{report.deal.deal_id}' and not a.passed",
    )
    assert failed == [("class_figure_agreement", f"{name}: original_face in class_summary", Decimal("100.00"))]
    face = next(c.spec.face for c in report.classes if c.spec.name == name)
    assert query(
        warehouse,
        f"select original_face from marts.dim_class where class_id = '{report.deal.deal_id}:{name}'",
    ) == [(face,)]


def test_exchangeable_balance_moves_and_the_family_carries_over(corpus):
    warehouse, histories, _ = corpus
    deal = CORPUS["exchangeable_classes"][0]
    combo = next(c for c in deal.classes if c.exchange_of)
    family = (combo.name, *combo.exchange_of)
    printed = query(
        warehouse,
        "select distribution_date, class_name, beginning_balance from marts.fact_class_distribution "
        f"where deal_id = '{deal.deal_id}' and class_name in {family} order by 1, 2",
    )
    truth = sorted(
        (r.distribution_date, c.spec.name, c.beginning_balance)
        for r in histories["exchangeable_classes"]
        for c in r.classes
        if c.spec.name in family
    )
    assert printed == truth
    checks = query(
        warehouse,
        "select subject, bool_and(passed), count(*) from marts.audit_reconciliation a join marts.dim_filing f "
        f"using (filing_id) where f.deal_id = '{deal.deal_id}' and check_name = 'class_balance_continuity' "
        f"and subject in {family} group by subject",
    )
    assert checks == [(combo.name, True, len(histories["exchangeable_classes"]) - 1)]


# ---------------------------------------------------------------- combinations


COMBINATIONS = settings(max_examples=2, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@COMBINATIONS
@given(seeds=st.lists(st.integers(0, 2**31 - 1), min_size=3, max_size=4, unique=True), months=st.integers(2, 3))
def test_random_combinations_round_trip(tmp_path_factory, seeds, months):
    """Random deals with varied classes, each with a random filer style (every variation at random)."""
    tmp = tmp_path_factory.mktemp("combinations")
    folder = tmp / "filings"
    folder.mkdir()
    truth: dict[str, set] = {"classes": set(), "groups": set(), "delinquency": set()}
    seen = set()
    for i, seed in enumerate(seeds):
        deal = random_deal(seed, variations=True)
        if deal.deal_id in seen:
            deal = dataclasses.replace(deal, series=f"{deal.series}{i}")
        seen.add(deal.deal_id)
        style = dataclasses.replace(random_style(random.Random(seed)), summary_splits=SUMMARY_SPLITS)
        history = write_deal(folder, deal, style, months, cik=1_600_000 + i)
        for key, rows in expected_facts(history).items():
            truth[key] |= rows
    warehouse = tmp / "mbs.duckdb"
    load_paths([str(folder)], warehouse)
    dbt_build(warehouse, tmp)
    got = actual_facts(warehouse)
    for key in truth:
        assert got[key] == truth[key], key
    assert query(warehouse, "select check_name, subject from marts.audit_reconciliation where not passed") == []
    assert query(warehouse, "select count(*) from marts.dim_filing where not is_complete") == [(0,)]


def test_staging_reads_every_value_as_the_loader_does(corpus):
    # raw.report_cells stores a number's and a text's printed form only: stg_edgar__report_cells reads
    # it again in SQL. Its reading must be the loader's (value_clean, loaders/tables.py), cell for cell,
    # in every variation.
    warehouse = corpus[0]
    files = sorted(p for folder in ("filings", "amendment") for p in (warehouse.parent / folder).iterdir())
    frames = parse_batch([(p.read_bytes(), str(p)) for p in files]).frames.cells
    loader = {
        (r["filing_id"], r["line_no"], r["char_start"]): (r["value_kind"], r["value_clean"])
        for r in frames.filter(pl.col("value_kind").is_in(["number", "text"])).iter_rows(named=True)
    }
    staged = {
        (filing_id, line_no, char_start): (kind, number if kind == "number" else text)
        for filing_id, line_no, char_start, kind, number, text in query(
            warehouse,
            "select filing_id, line_no, char_start, value_kind, value_number, value_text "
            "from staging.stg_edgar__report_cells where value_kind in ('number', 'text')",
        )
    }
    assert staged.keys() == loader.keys()
    # The corpus prints percentages and comma groups (negatives in parentheses and dollar signs are in
    # the unit test cell_values_read_from_their_printed_text).
    assert sum(kind == "number" for kind, _clean in loader.values()) > 10_000
    for key, (kind, clean) in loader.items():
        value = staged[key][1]
        assert (value == Decimal(clean)) if kind == "number" else (value == clean), (key, clean, value)
