"""Incremental builds: filings arriving in several loads, late or amended, give what a full rebuild gives;
an incremental build's tests read what is new, and what a failed build left is checked again."""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest
import yaml

from loaders.cli import load_paths
from synthetic.generate import random_deal
from synthetic.model import simulate
from synthetic.render import Style, render_filing
from tests.python.conftest import REPO, SAMPLE, checksums, dbt_build, query, run_dbt

MONTHS = 5
MONTH_2: dict[str, dt.date] = {}  # each deal's second distribution date, from the simulation


def built_schemas(warehouse: Path) -> dict[str, tuple]:
    """Every table and view of the intermediate and marts schemas (not the build log), by its checksum."""
    tables = {
        f"{schema}.{name}"
        for schema, name in query(
            warehouse,
            "select table_schema, table_name from information_schema.tables where table_schema in "
            "('intermediate', 'marts') and table_name not in ('dbt_builds', 'last_checked_build')",
        )
    }
    out = {}
    for table in sorted(tables):
        schema, name = table.split(".")
        out[table] = checksums(warehouse, schema, [name])[name]
    return out


FILED_AFTER = dt.timedelta(days=35)


def amended(report, accession: str) -> bytes:
    """An 8-K/A of ``report`` filed 35 days after its distribution, restating group 1's 30-day delinquency."""
    restated = report.copy()
    group = restated.groups[0]
    count, balance = group.delinquency[("delinquent", 30)]
    group.delinquency[("delinquent", 30)] = (count + 2, balance + Decimal("250000.00"))
    return render_filing(
        restated, Style(wrapped=True), form="8-K/A", accession=accession, filed=report.distribution_date + FILED_AFTER
    )


def without_series(report, accession: str) -> bytes:
    """``report`` with its masthead's series line left out: a filing that names no deal (deal_id NULL)."""
    text = render_filing(report, Style(wrapped=True), accession=accession)
    line = f"  Series: {report.deal.series}\n".encode()
    masthead = [row for row in text.split(b"\n") if row.endswith(line[:-1])]
    assert len(masthead) == 1
    return text.replace(masthead[0] + b"\n", b"")


@pytest.fixture(scope="module")
def loads(tmp_path_factory) -> tuple[list[Path], str]:
    """Three deals x five months, landing in four loads: months 1, 2 and 4 first; then month 5, the
    late month 3 (which fills the gap between 2 and 4), an amendment of deal 0's month 2 and a filing
    that names no deal; then nothing new; then only an amendment of deal 1's first month (its deal has
    four later months) and another filing that names no deal."""
    root = tmp_path_factory.mktemp("incremental")
    folders = [root / f"load-{i}" for i in (1, 2, 3, 4)]
    for folder in folders:
        folder.mkdir()
    deal_ids = []
    for d in range(3):
        deal = dataclasses.replace(random_deal(8100 + d), series=f"INC-{d}")
        deal_ids.append(deal.deal_id)
        for m, report in enumerate(simulate(deal, MONTHS), start=1):
            folder = folders[0] if m in (1, 2, 4) else folders[1]
            accession = f"0001500000-06-{d:02d}{m:04d}"
            (folder / f"{deal.deal_id}-{m}.txt").write_bytes(
                render_filing(report, Style(wrapped=True), accession=accession)
            )
            if d == 0 and m == 2:
                (folders[1] / f"{deal.deal_id}-{m}-amended.txt").write_bytes(
                    amended(report, f"0001500000-06-{d:02d}9{m:03d}")
                )
            if d == 1 and m == 1:
                (folders[3] / f"{deal.deal_id}-{m}-amended.txt").write_bytes(
                    amended(report, f"0001500000-06-{d:02d}9{m:03d}")
                )
            if (d, m) in ((2, 5), (1, 3)):
                folder = folders[1] if d == 2 else folders[3]
                (folder / f"no-deal-{d}-{m}.txt").write_bytes(without_series(report, f"0001500000-06-{d:02d}8{m:03d}"))
        MONTH_2[deal.deal_id] = simulate(deal, 2)[1].distribution_date
    return folders, deal_ids[0]


def test_incremental_builds_equal_a_full_rebuild(tmp_path, loads):
    folders, deal_id = loads
    warehouse = tmp_path / "mbs.duckdb"
    for folder in folders:
        load_paths([str(folder)], warehouse)
        dbt_build(warehouse, tmp_path)
    # The late month 3 gave months 3 and 4 their continuity checks, against months 2 and 3.
    continuity = query(
        warehouse,
        "select f.distribution_date, count(*) from marts.audit_reconciliation a "
        "join marts.dim_filing f using (filing_id) "
        f"where a.check_name = 'group_balance_continuity' and f.deal_id = '{deal_id}' group by all order by 1",
    )
    months = query(warehouse, f"select distinct distribution_date from marts.dim_filing where deal_id = '{deal_id}'")
    assert [month for month, _ in continuity] == sorted(month for (month,) in months)[1:]
    # Only the amendment's restated figure is a fact for deal 0's month 2.
    facts = query(
        warehouse,
        "select f.form_type, count(*) from marts.fact_group_delinquency d join marts.dim_filing f using (filing_id) "
        f"where d.deal_id = '{deal_id}' group by all order by 1",
    )
    assert [form for form, _ in facts] == ["8-K", "8-K/A"]
    assert query(warehouse, "select count(*) from marts.audit_reconciliation where not passed") == [(0,)]
    # The original of deal 0's month 2 was checked by the first build, while it was current; the
    # amendment of the second load supersedes it. The audit says so, though its rows were not recomputed.
    original, amendment = "0001500000-06-000002", "0001500000-06-009002"
    audit = query(
        warehouse,
        # checks_run counts printed figures: a row of a per-figure check counts the figures it stands for.
        "select filing_id, is_current, sum(figures)::bigint, count(distinct computed_at), min(deal_id), "
        "min(distribution_date) "
        f"from marts.audit_reconciliation where filing_id in ('{original}', '{amendment}') group by all order by 1",
    )
    first_build = query(warehouse, "select min(computed_at) from marts.audit_reconciliation")[0][0]
    assert [(fid, current) for fid, current, *_ in audit] == [(original, False), (amendment, True)]
    assert audit[0][3] == 1 and query(
        warehouse, f"select min(computed_at) from marts.audit_reconciliation where filing_id = '{original}'"
    ) == [(first_build,)]
    assert audit[0][4:] == audit[1][4:] == (deal_id, MONTH_2[deal_id])
    summary = query(
        warehouse,
        "select filing_id, facts_used, checks_run, checks_passed, checks_warned from marts.audit_filing_summary "
        f"where filing_id in ('{original}', '{amendment}') order by 1",
    )
    assert summary == [(original, False, audit[0][2], audit[0][2], 0), (amendment, True, audit[1][2], audit[1][2], 0)]
    # The fourth load's amendment of deal 1's first month supersedes it everywhere its deal's history is
    # read, though no later month of the deal arrived with it.
    deal_1 = query(warehouse, "select deal_id from marts.dim_filing where filing_id = '0001500000-06-010001'")[0][0]
    first_month = query(
        warehouse,
        "select p.filing_id, d.is_current, s.facts_used from marts.fact_group_performance p "
        "join marts.dim_filing d using (filing_id) join marts.audit_filing_summary s using (filing_id) "
        f"where p.deal_id = '{deal_1}' and p.months_since_first = 1",
    )
    assert {row for row in first_month} == {("0001500000-06-019001", True, True)}
    assert query(warehouse, "select is_current from marts.dim_filing where filing_id = '0001500000-06-010001'") == [
        (False,)
    ]
    assert query(
        warehouse,
        f"select count(*) > 0 from marts.audit_restatements where deal_id = '{deal_1}' "
        "and current_filing_id = '0001500000-06-019001'",
    ) == [(True,)]
    # The filings that name no deal are filings of the warehouse all the same: dim_filing, the summary of
    # their checks, their parse issue.
    no_deal = ("0001500000-06-028005", "0001500000-06-018003")
    assert query(
        warehouse,
        "select f.filing_id, f.deal_id, s.facts_used, s.checks_run > 0, i.issue from marts.dim_filing f "
        "join marts.audit_filing_summary s using (filing_id) join marts.audit_parse_issues i using (filing_id) "
        f"where f.filing_id in {no_deal} order by 1",
    ) == [(filing_id, None, False, True, "missing_masthead") for filing_id in sorted(no_deal)]
    incremental = built_schemas(warehouse)
    # Every table is compared below, the models built incrementally among them, and the views over them.
    tables = {
        f"{schema}.{name}"
        for schema, name in query(
            warehouse,
            "select table_schema, table_name from information_schema.tables where table_schema in "
            "('intermediate', 'marts') and table_type = 'BASE TABLE' and table_name != 'dbt_builds'",
        )
    }
    assert (
        {
            "intermediate.int_filings_identified",
            "intermediate.int_filing_check_counts",
            "marts.dim_filing",
            "marts.dim_deal",
            "marts.dim_class",
            "marts.fact_group_performance",
            "marts.fact_deal_performance",
            "marts.fact_class_credit_enhancement",
            "marts.audit_filing_summary",
            "marts.audit_restatements",
            "marts.audit_parse_issues",
            "marts.audit_unmapped_numbers",
        }
        <= tables
        <= set(incremental)
    )
    assert {"marts.fact_deal_distribution", "marts.fact_group_delinquency_history"} <= set(incremental)
    incremental_audit = checksums(warehouse, "marts", ["audit_reconciliation"])

    rebuilt = tmp_path / "rebuilt.duckdb"
    shutil.copy(warehouse, rebuilt)
    dbt_build(rebuilt, tmp_path, "--full-refresh")
    assert built_schemas(rebuilt) == incremental
    assert checksums(rebuilt, "marts", ["audit_reconciliation"]) == incremental_audit

    # Built in batches of 4 filings (16 filings: 4 batches), the batched models hold the same rows.
    batches = tmp_path / "batches.duckdb"
    shutil.copy(warehouse, batches)
    dbt_build(batches, tmp_path, "--full-refresh", "--vars", "{batch_filings: 4}")
    assert built_schemas(batches) == incremental
    assert checksums(batches, "marts", ["audit_reconciliation"]) == incremental_audit
    run = tmp_path / "target" / "run" / "mbs_warehouse" / "models" / "intermediate"
    last = query(warehouse, "select max(filing_seq) from raw.filings")[0][0]
    low = (last - 1) // 4 * 4
    assert f"filing_seq > {low} and filing_seq <= {low + 4}" in (run / "int_checks_class.sql").read_text()


def test_an_incremental_build_reads_only_new_rows_and_records_what_it_checked(tmp_path, loads):
    folders, _ = loads
    warehouse = tmp_path / "mbs.duckdb"
    load_paths([str(folders[0])], warehouse)
    dbt_build(warehouse, tmp_path)
    first = query(warehouse, "select max(filing_seq) from raw.filings")[0][0]
    load_paths([str(folders[1])], warehouse)
    result = dbt_build(warehouse, tmp_path)
    # The models' filters are constants: the SQL run reads filings numbered above the first load (a batched
    # model's compiled SQL holds placeholders, which its materialization replaces: target/run has the batch).
    compiled = tmp_path / "target" / "compiled" / "mbs_warehouse" / "models" / "intermediate"
    run = tmp_path / "target" / "run" / "mbs_warehouse" / "models" / "intermediate"
    assert f"filing_seq > {first}" in (compiled / "int_report_labels_mapped.sql").read_text()
    batch = yaml.safe_load((REPO / "dbt_project.yml").read_text())["vars"]["batch_filings"]
    assert f"filing_seq > {first} and filing_seq <= {first + batch}" in (run / "int_classes_pivoted.sql").read_text()
    # A model that holds rows of only some filings reads from the filings it has processed, not from the
    # last one it holds: these simulated reports print no unmapped label, so int_label_issues holds none.
    assert query(warehouse, "select count(*) from intermediate.int_label_issues") == [(0,)]
    assert f"filing_seq > {first} and" in (run / "int_label_issues.sql").read_text()
    assert result.returncode == 0
    builds = query(warehouse, "select last_filing_seq from intermediate.dbt_builds order by checked_at")
    assert builds == [(first,), (query(warehouse, "select max(filing_seq) from raw.filings")[0][0],)]
    # The second build computed the new filings' checks and its deals' continuity, nothing else.
    computed = query(
        warehouse,
        "select count(distinct computed_at) = 2, "
        "count(*) filter (where computed_at = (select max(computed_at) from marts.audit_reconciliation) "
        "and filing_seq <= " + str(first) + " and check_name not like '%continuity%' "
        "and check_name not like '%unchanged%') from marts.audit_reconciliation",
    )
    assert computed == [(True, 0)]


def query_one(con: duckdb.DuckDBPyConnection, sql: str):
    return con.execute(sql).fetchone()[0]


# The models rebuilt deal by deal, what the key of the rows they recompute is, and the scope: the deals of the
# new filings, their (deal, date), every filing of those dates or deals, or only the new filings.
BY_DEAL = {
    "intermediate/int_checks_continuity": "deal_since",
    "marts/dim_deal": "deal",
    "marts/dim_class": "deal",
    "marts/fact_group_performance": "deal_since",
    "marts/fact_deal_performance": "deal_since",
    "marts/fact_class_credit_enhancement": "date",
    "marts/audit_restatements": "date",
    "intermediate/int_filings_identified": "date_filings",
    "marts/dim_filing": "date_filings",
    "marts/audit_filing_summary": "deal_since",
    "marts/audit_parse_issues": "filing",
    "marts/audit_unmapped_numbers": "filing",
}


def test_an_incremental_build_recomputes_only_the_changed_deals(tmp_path, loads):
    """After a load that brings only an amendment of deal 1's first month and a filing that names no deal,
    the SQL each model recomputed by deal ran (target/compiled: the new filings' deals written in as
    constants) selects the rows of deal 1 (or of its month, or of the new filings) and nothing else; and
    the marts' tests read those deals only, while check_all_filings reads every deal."""
    folders, deal_0 = loads
    warehouse = tmp_path / "mbs.duckdb"
    load_paths([str(folders[0])], warehouse)
    dbt_build(warehouse, tmp_path)
    first = query(warehouse, "select max(filing_seq) from raw.filings")[0][0]
    deals = [deal for (deal,) in query(warehouse, "select deal_id from marts.dim_deal order by deal_id")]
    deal_1 = query(warehouse, "select deal_id from marts.dim_filing where filing_id = '0001500000-06-010001'")[0][0]
    deal_2 = ({*deals} - {deal_0, deal_1}).pop()
    # A duplicated row of deal 2, which no later filing touches: an incremental build does not read it again.
    con = duckdb.connect(str(warehouse))
    try:
        con.execute(
            "insert into marts.fact_group_performance select * from marts.fact_group_performance "
            f"where deal_id = '{deal_2}' limit 1"
        )
    finally:
        con.close()
    load_paths([str(folders[3])], warehouse)
    dbt_build(warehouse, tmp_path)

    new = query(
        warehouse,
        "select filing_id, deal_id, distribution_date from intermediate.int_filings_identified "
        f"where filing_seq > {first}",
    )
    assert sorted((deal for _, deal, _ in new), key=str) == sorted([deal_1, None], key=str)
    month_1 = next(date for _, deal, date in new if deal == deal_1)
    filings = {
        scope: {
            filing_id
            for (filing_id,) in query(
                warehouse,
                "select filing_id from intermediate.int_filings_identified "
                + {
                    "filing": f"where filing_seq > {first}",
                    "date_filings": f"where filing_seq > {first} "
                    f"or (deal_id = '{deal_1}' and distribution_date = '{month_1}')",
                    "deal_filings": f"where filing_seq > {first} or deal_id = '{deal_1}'",
                    "deal_since": f"where filing_seq > {first} "
                    f"or (deal_id = '{deal_1}' and distribution_date >= '{month_1}')",
                }[scope],
            )
        }
        for scope in ("filing", "date_filings", "deal_filings", "deal_since")
    }
    assert len(filings["filing"]) == 2 and len(filings["date_filings"]) == 3 and len(filings["deal_filings"]) == 5
    # The amendment is of deal 1's first month: every later month of the deal depends on it.
    assert filings["deal_since"] == filings["deal_filings"]
    compiled = tmp_path / "target" / "compiled" / "mbs_warehouse" / "models"
    wrong = {}  # model: what its SQL selects that it should not (or lacks)
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        for model, scope in BY_DEAL.items():
            sql = (compiled / f"{model}.sql").read_text()

            def recomputed(columns: str, sql: str = sql) -> set[tuple]:
                return set(con.execute(f"select distinct {columns} from (\n{sql}\n)").fetchall())

            # The new filings (numbered above the first load), or their deals, are constants of the SQL.
            if scope == "deal":
                if f"'{deal_1}'" not in sql or f"'{deal_0}'" in sql or f"'{deal_2}'" in sql:
                    wrong[model] = "not the new filings' deal as a constant"
                    continue
                rows = con.execute(f"select count(*) from (\n{sql}\n)").fetchone()[0]
                held = query_one(con, f"select count(*) from {model.replace('/', '.')} where deal_id = '{deal_1}'")
                if recomputed("deal_id") != {(deal_1,)} or not rows == held > 0:
                    wrong[model] = (recomputed("deal_id"), rows, held)
            elif scope == "deal_since":
                # The deal's whole history is read (its deal a constant); the rows of its filings from
                # the amended month on are kept, every one of them (the check rows keep the filing's
                # number, not its id).
                if f"'{deal_1}'" not in sql or f"'{deal_0}'" in sql or f"'{deal_2}'" in sql:
                    wrong[model] = "not the new filings' deal as a constant"
                    continue
                key = "filing_seq" if model.startswith("intermediate/") else "filing_id"
                in_scope = ", ".join(f"'{filing_id}'" for filing_id in filings[scope])
                keys = set(
                    con.execute(
                        f"select {key} from intermediate.int_filings_identified where filing_id in ({in_scope})"
                    ).fetchall()
                )
                rows = con.execute(f"select count(*) from (\n{sql}\n)").fetchone()[0]
                held = query_one(
                    con,
                    f"select count(*) from {model.replace('/', '.')} where {key} in "
                    f"(select {key} from intermediate.int_filings_identified where filing_id in ({in_scope}))",
                )
                if not recomputed(key) <= keys or not rows == held > 0:
                    wrong[model] = (recomputed(key), rows, held)
            elif f"filing_seq > {first}" not in sql:
                wrong[model] = "not the new filings' numbers as a constant"
            elif scope == "date":
                if recomputed("deal_id, distribution_date") != {(deal_1, month_1)}:
                    wrong[model] = recomputed("deal_id, distribution_date")
            else:
                selected = {filing_id for (filing_id,) in recomputed("filing_id")}
                if scope != "filing":  # one row per filing of the scope
                    expected = selected == filings[scope]
                else:  # rows of the new filings only; the filing that names no deal has one (no masthead)
                    no_masthead = model != "marts/audit_parse_issues" or "0001500000-06-018003" in selected
                    expected = selected <= filings[scope] and no_masthead
                if not expected:
                    wrong[model] = selected
    finally:
        con.close()
    assert wrong == {}

    # The marts' tests read the deals that have a new filing (numbered above the last checked build's
    # highest, written in as a constant): deal 2's duplicated row is not read again ...
    tests = tmp_path / "target" / "compiled" / "mbs_warehouse" / "models" / "marts" / "fact_group_performance.yml"
    unique = [path.read_text() for path in tests.glob("unique_combination_fact_group_*.sql")]
    assert unique and all("int_filings_identified" in sql and f"filing_seq > {first}" in sql for sql in unique)
    # The tests on the check rows read the rows computed since the last checked build, its start written
    # in as a constant (DuckDB skips older row groups by their statistics; a subquery scanned them all).
    checked_at = query(warehouse, "select checked_at::varchar from intermediate.dbt_builds order by checked_at")[0][0]
    grain = (compiled / "intermediate" / "_intermediate__models.yml").glob("unique_combination_int_checks_*.sql")
    assert [f"computed_at > '{checked_at}'::timestamp" in path.read_text() for path in grain] == [True]
    # The build read the build log once for all its tests (kept for the invocation), not once a test.
    last_build = (tmp_path / "logs" / "dbt.log").read_text().split("Running with dbt=")[-1]
    assert last_build.count("from intermediate.last_checked_build") == 1
    # ... but check_all_filings (as a full refresh) checks every deal again.
    everything = run_dbt(warehouse, tmp_path, "--vars", "{check_all_filings: true}")
    assert everything.returncode != 0 and "unique_combination_fact_group_perf" in everything.stdout


def test_a_failed_build_is_checked_again_and_check_all_rereads_everything(tmp_path, loads):
    folders, _ = loads
    warehouse = tmp_path / "mbs.duckdb"
    load_paths([str(folders[0])], warehouse)
    dbt_build(warehouse, tmp_path)
    load_paths([str(folders[1])], warehouse)

    def double_one_cell(newest: bool) -> None:
        con = duckdb.connect(str(warehouse))
        try:
            order = "desc" if newest else "asc"
            con.execute(
                "insert into raw.report_cells select * from raw.report_cells "
                f"where filing_seq = (select filing_seq from raw.filings order by filing_seq {order} limit 1) limit 1"
            )
        finally:
            con.close()

    def undo() -> None:
        con = duckdb.connect(str(warehouse))
        try:
            con.execute(
                "create temp table kept as select distinct * from raw.report_cells; "
                "delete from raw.report_cells; insert into raw.report_cells select * from kept"
            )
        finally:
            con.close()

    double_one_cell(newest=True)
    for _ in range(2):  # a failed build is not recorded: the next build checks the same filings again
        failed = run_dbt(warehouse, tmp_path)
        assert failed.returncode != 0 and "assert_raw_rows_match_their_filing" in failed.stdout
        assert query(warehouse, "select count(*) from intermediate.dbt_builds") == [(1,)]
    undo()
    dbt_build(warehouse, tmp_path)
    assert query(warehouse, "select count(*) from intermediate.dbt_builds") == [(2,)]

    # A filing checked by a successful build is not read again by an incremental build ...
    double_one_cell(newest=False)
    assert run_dbt(warehouse, tmp_path).returncode == 0
    # ... but check_all_filings (or --full-refresh) forgets the log and reads every filing.
    everything = run_dbt(warehouse, tmp_path, "--vars", "{check_all_filings: true}")
    assert everything.returncode != 0 and "assert_raw_rows_match_their_filing" in everything.stdout


def test_a_table_built_before_filings_were_numbered_asks_for_a_full_refresh(tmp_path):
    warehouse = tmp_path / "mbs.duckdb"
    load_paths([str(SAMPLE)], warehouse)
    dbt_build(warehouse, tmp_path)
    con = duckdb.connect(str(warehouse))
    try:
        con.execute("alter table intermediate.int_filing_captions drop column filing_seq")
    finally:
        con.close()
    stale = run_dbt(warehouse, tmp_path)
    assert stale.returncode != 0
    assert '"intermediate"."int_filing_captions" was built before filings were numbered' in stale.stdout
    assert "dbt build --full-refresh" in stale.stdout
    dbt_build(warehouse, tmp_path, "--full-refresh")


def test_a_batched_table_whose_columns_changed_asks_for_a_full_refresh(tmp_path):
    """A table built by an older version of its model (here: one column fewer) is not appended to by
    position: the build stops and names the model and both column lists."""
    warehouse = tmp_path / "mbs.duckdb"
    load_paths([str(SAMPLE)], warehouse)
    dbt_build(warehouse, tmp_path)
    con = duckdb.connect(str(warehouse))
    try:
        con.execute("alter table intermediate.int_checks_class drop column table_role")
    finally:
        con.close()
    stale = run_dbt(warehouse, tmp_path)
    assert stale.returncode != 0
    assert '"intermediate"."int_checks_class" was built with columns' in stale.stdout
    assert "measure, figures, computed_at; the model now has" in stale.stdout
    assert "dbt build --full-refresh" in stale.stdout
    dbt_build(warehouse, tmp_path, "--full-refresh")
    assert "table_role" in {
        c for (c,) in query(warehouse, "select column_name from duckdb_columns() where table_name = 'int_checks_class'")
    }


def test_a_mart_built_before_its_keys_were_not_null_gets_the_constraint(tmp_path):
    """The marts' key columns are NOT NULL by their contracts (no test node per column). An incremental
    mart built before a column's constraint was declared (here: the constraint dropped) gets it back at
    the start of the next build; from then on DuckDB refuses a NULL key."""
    warehouse = tmp_path / "mbs.duckdb"
    load_paths([str(SAMPLE)], warehouse)
    dbt_build(warehouse, tmp_path)
    nullable = (
        "select column_name from duckdb_columns() where schema_name = 'marts' and table_name = 'dim_class' "
        "and column_name in ('class_id', 'class_type', 'is_notional', 'cusip') and is_nullable order by 1"
    )
    assert query(warehouse, nullable) == [("cusip",)]
    con = duckdb.connect(str(warehouse))
    try:
        con.execute("alter table marts.dim_class alter column class_id drop not null")
    finally:
        con.close()
    assert query(warehouse, nullable) == [("class_id",), ("cusip",)]
    result = dbt_build(warehouse, tmp_path)
    assert "Added NOT NULL to marts.dim_class.class_id (declared by its contract)" in result.stdout
    assert query(warehouse, nullable) == [("cusip",)]
    con = duckdb.connect(str(warehouse))
    try:
        with pytest.raises(duckdb.ConstraintException, match=r"NOT NULL constraint failed: dim_class\.class_id"):
            con.execute("update marts.dim_class set class_id = null")
    finally:
        con.close()
