"""``mbs-report DEAL_ID [--out FILE.html]`` and ``mbs-report --all OUTDIR``: deal surveillance reports.

Reads the serving warehouse read-only (``warehouse/mbs.duckdb``; ``MBS_SERVING`` or ``--warehouse``)
and writes one self-contained HTML page per deal: a summary (classes, CUSIPs, balances, factor, credit
enhancement, the reconciliation's record) and charts over the distribution dates (class factors, CPR,
defaults and losses, the delinquency pipeline, credit enhancement, the months whose reconciliation
warned). The charts are Plotly with its JavaScript embedded in the page: it opens with no network.

Everything but ``load_deal``/``list_deals`` (queries) and ``main`` (files, exit codes) is a pure
function from the data to HTML.

Exit status: 0 when written, 1 for an unknown deal, 2 when the warehouse cannot be opened.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import os
import sys
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import duckdb
import plotly.graph_objects as go
from plotly.offline import get_plotlyjs

__all__ = ["DealData", "load_deal", "main", "render_deal", "render_index"]

DEFAULT_SERVING = "warehouse/mbs.duckdb"
DELINQUENCY = [
    ("dq_30", "30 days"),
    ("dq_60", "60 days"),
    ("dq_90_plus", "90+ days"),
    ("foreclosure", "Foreclosure"),
    ("reo", "REO"),
    ("bankruptcy", "Bankruptcy"),
]


class ReportError(Exception):
    """A report that cannot be written; ``status`` is the exit status."""

    def __init__(self, message: str, status: int):
        super().__init__(message)
        self.status = status


@dataclass
class DealData:
    """What a deal's report shows, as read from the marts (rows are dicts keyed by column)."""

    deal: dict
    classes: list[dict]
    class_months: list[dict]
    pool_months: list[dict]
    credit_enhancement: list[dict]
    reconciliation: list[dict]
    warned_checks: list[dict]
    restatements: list[dict] = field(default_factory=list)


# ---------------------------------------------------------------- reading the warehouse


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> list[dict]:
    result = con.execute(sql, params or [])
    names = [d[0] for d in result.description]
    return [dict(zip(names, row, strict=True)) for row in result.fetchall()]


def connect(path: str | os.PathLike) -> duckdb.DuckDBPyConnection:
    """Open the serving warehouse read-only; ReportError(status 2) when it cannot be opened."""
    path = Path(path)
    if not path.is_file():
        raise ReportError(f"mbs-report: no warehouse at {path} (run `make warehouse`, or pass --warehouse)", 2)
    try:
        con = duckdb.connect(str(path), read_only=True)
        con.execute("select 1 from marts.fact_deal_performance limit 0").fetchall()
    except duckdb.Error as error:
        raise ReportError(f"mbs-report: cannot read the warehouse {path}: {error}".splitlines()[0], 2) from error
    return con


def list_deals(con: duckdb.DuckDBPyConnection) -> list[dict]:
    return _rows(
        con,
        "select deal_id, deal_name, first_distribution_date, last_distribution_date, distribution_count "
        "from marts.dim_deal order by deal_id",
    )


def load_deal(con: duckdb.DuckDBPyConnection, deal_id: str) -> DealData:
    """Everything the report of ``deal_id`` shows; ReportError(status 1) for an unknown deal."""
    deal = _rows(con, "select * from marts.dim_deal where deal_id = ?", [deal_id])
    if not deal:
        known = ", ".join(d["deal_id"] for d in list_deals(con)) or "none"
        raise ReportError(f"mbs-report: unknown deal {deal_id!r} (deals in the warehouse: {known})", 1)
    classes = _rows(
        con,
        """
        select c.class_name, c.cusip, c.class_description, c.original_face, c.report_order,
               f.distribution_date, f.ending_balance, e.factor, e.credit_enhancement_pct, e.is_notional
        from marts.dim_class c
        left join marts.fact_class_distribution f
            on f.class_id = c.class_id and f.distribution_date = c.last_distribution_date
        left join marts.fact_class_credit_enhancement e
            on e.class_id = c.class_id and e.distribution_date = c.last_distribution_date
        where c.deal_id = ?
        order by c.report_order, c.class_name
        """,
        [deal_id],
    )
    class_months = _rows(
        con,
        "select distribution_date, class_name, ending_balance, ending_factor from marts.fact_class_distribution "
        "where deal_id = ? order by distribution_date",
        [deal_id],
    )
    pool_months = _rows(
        con, "select * from marts.fact_deal_performance where deal_id = ? order by distribution_date", [deal_id]
    )
    credit_enhancement = _rows(
        con,
        "select distribution_date, class_name, credit_enhancement_pct from marts.fact_class_credit_enhancement "
        "where deal_id = ? and not is_notional order by distribution_date, priority_rank, class_name",
        [deal_id],
    )
    reconciliation = _rows(
        con,
        """
        select f.distribution_date, f.filing_id, f.accession_number, f.form_type, f.cik,
               count(a.check_name) as checks, count(a.check_name) filter (where not a.passed) as failed
        from marts.dim_filing f
        left join marts.audit_reconciliation a on a.filing_id = f.filing_id
        where f.deal_id = ? and f.is_current
        group by all
        order by f.distribution_date
        """,
        [deal_id],
    )
    warned_checks = _rows(
        con,
        """
        select f.distribution_date, a.check_name, a.subject, a.expected, a.actual, a.difference
        from marts.audit_reconciliation a
        join marts.dim_filing f using (filing_id)
        where f.deal_id = ? and f.is_current and not a.passed
        order by f.distribution_date, a.check_name, a.subject
        """,
        [deal_id],
    )
    restatements = _rows(
        con,
        "select distribution_date, subject, measure, first_reported_value, current_value, difference, "
        "first_accession_number, current_accession_number, current_form_type from marts.audit_restatements "
        "where deal_id = ? order by distribution_date, subject, measure",
        [deal_id],
    )
    return DealData(
        deal[0], classes, class_months, pool_months, credit_enhancement, reconciliation, warned_checks, restatements
    )


# ---------------------------------------------------------------- pure: data -> HTML


def _f(value) -> float | None:
    return None if value is None else float(value)


def _money(value) -> str:
    return "" if value is None else f"{Decimal(value):,.2f}"


def _pct(value, places: int = 3) -> str:
    return "" if value is None else f"{Decimal(value) * 100:.{places}f}%"


def _number(value) -> str:
    return "" if value is None else f"{Decimal(value).normalize():,f}"


def _esc(value) -> str:
    return html.escape("" if value is None else str(value))


def filing_url(cik, accession: str | None) -> str | None:
    """The filing's full submission on EDGAR (a link; the page itself needs no network)."""
    if not accession or not cik:
        return None
    return f"https://www.sec.gov/Archives/edgar/data/{int(cik)}/{accession.replace('-', '')}/{accession}.txt"


def _layout(figure: go.Figure, title: str, y_title: str, y_format: str = ".1%") -> go.Figure:
    figure.update_layout(
        title=title,
        height=380,
        margin={"l": 60, "r": 20, "t": 50, "b": 40},
        legend={"orientation": "h", "y": -0.15},
        yaxis={"title": y_title, "tickformat": y_format},
        xaxis={"title": "Distribution date"},
        template="plotly_white",
    )
    return figure


def _series(rows: list[dict], key: str, value: str) -> dict[str, tuple[list, list]]:
    out: dict[str, tuple[list, list]] = {}
    for row in rows:
        xs, ys = out.setdefault(row[key], ([], []))
        xs.append(row["distribution_date"])
        ys.append(_f(row[value]))
    return out


def charts(data: DealData) -> list[tuple[str, go.Figure]]:
    """The report's charts, in order: (id, figure)."""
    pool = data.pool_months
    dates = [r["distribution_date"] for r in pool]
    mode = "lines+markers"
    out = []

    factors = go.Figure()
    for name, (xs, ys) in _series(data.class_months, "class_name", "ending_factor").items():
        factors.add_trace(go.Scatter(x=xs, y=ys, name=name, mode=mode))
    out.append(("class-factors", _layout(factors, "Class factors (ending balance / original face)", "factor", ".2f")))

    speeds = go.Figure()
    for column, label in (("cpr_1m", "CPR 1m"), ("cpr_3m", "CPR 3m"), ("cpr_12m", "CPR 12m")):
        speeds.add_trace(go.Scatter(x=dates, y=[_f(r[column]) for r in pool], name=label, mode=mode))
    out.append(("prepayments", _layout(speeds, "Prepayment speed (CPR)", "CPR")))

    losses = go.Figure()
    if any(r["cdr_1m"] is not None for r in pool):
        for column, label in (("cdr_1m", "CDR 1m"), ("cdr_3m", "CDR 3m"), ("cdr_12m", "CDR 12m")):
            losses.add_trace(go.Scatter(x=dates, y=[_f(r[column]) for r in pool], name=label, mode=mode))
        title = "Defaults (CDR) and cumulative loss"
    else:
        losses.add_trace(
            go.Scatter(x=dates, y=[_f(r["loss_rate_annualised"]) for r in pool], name="Loss rate, annualised")
        )
        title = "Loss rate and cumulative loss"
    losses.add_trace(
        go.Scatter(
            x=dates,
            y=[_f(r["cumulative_loss_pct"]) for r in pool],
            name="Cumulative loss / original balance",
            mode=mode,
            yaxis="y2",
            line={"dash": "dot"},
        )
    )
    _layout(losses, title, "annual rate", ".2%")
    losses.update_layout(yaxis2={"title": "cumulative loss", "overlaying": "y", "side": "right", "tickformat": ".2%"})
    out.append(("losses", losses))

    pipeline = go.Figure()
    for name, label in DELINQUENCY:
        pipeline.add_trace(go.Bar(x=dates, y=[_f(r[f"{name}_balance_pct"]) for r in pool], name=label))
    _layout(pipeline, "Delinquency pipeline (share of the ending balance)", "share of balance", ".1%")
    pipeline.update_layout(barmode="stack")
    out.append(("delinquency", pipeline))

    enhancement = go.Figure()
    for name, (xs, ys) in _series(data.credit_enhancement, "class_name", "credit_enhancement_pct").items():
        enhancement.add_trace(go.Scatter(x=xs, y=ys, name=name, mode=mode))
    out.append(("credit-enhancement", _layout(enhancement, "Credit enhancement by class", "CE", ".1%")))

    recon = go.Figure()
    months = data.reconciliation
    recon.add_trace(
        go.Bar(
            x=[m["distribution_date"] for m in months],
            y=[m["failed"] for m in months],
            name="checks that warned",
            marker_color="#e76f51",
            customdata=[[m["checks"], m["accession_number"] or m["filing_id"]] for m in months],
            hovertemplate="%{x}: %{y} of %{customdata[0]} checks warned<br>filing %{customdata[1]}<extra></extra>",
        )
    )
    recon.add_trace(
        go.Scatter(
            x=[m["distribution_date"] for m in months if not m["failed"]],
            y=[0 for m in months if not m["failed"]],
            name="month passed every check",
            mode="markers",
            marker={"color": "#2a9d8f", "size": 9},
        )
    )
    _layout(recon, "Reconciliation: checks that warned, by month (filings linked below)", "checks warned", "d")
    recon.update_yaxes(dtick=1, rangemode="tozero")
    out.append(("reconciliation", recon))
    return out


STYLE = """
body { font-family: -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; margin: 24px; color: #222; }
h1 { font-size: 22px; margin-bottom: 4px; } h2 { font-size: 17px; margin-top: 28px; }
table { border-collapse: collapse; font-size: 13px; margin: 8px 0; }
th, td { border-bottom: 1px solid #ddd; padding: 4px 10px; text-align: right; }
th { background: #f4f4f4; } td.l, th.l { text-align: left; }
.meta { color: #555; font-size: 13px; } .warn { color: #b23b1e; } .ok { color: #1f7a6d; }
.chart { margin: 10px 0 24px; }
"""


def _table(headers: list[str], rows: list[list[str]], left: int = 1) -> str:
    head = "".join(f'<th class="l">{h}</th>' if i < left else f"<th>{h}</th>" for i, h in enumerate(headers))
    body = "".join(
        "<tr>" + "".join(f'<td class="l">{c}</td>' if i < left else f"<td>{c}</td>" for i, c in enumerate(r)) + "</tr>"
        for r in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _filing_link(month: dict) -> str:
    label = month["accession_number"] or month["filing_id"][:16]
    url = filing_url(month["cik"], month["accession_number"])
    text = f"{_esc(label)} ({_esc(month['form_type'])})"
    return f'<a href="{_esc(url)}">{text}</a>' if url else text


def summary_html(data: DealData) -> str:
    deal = data.deal
    months = data.reconciliation
    warned = [m for m in months if m["failed"]]
    latest = data.pool_months[-1] if data.pool_months else {}
    facts = _table(
        ["", ""],
        [
            [
                "Distributions loaded",
                f"{deal['distribution_count']} ({deal['first_distribution_date']} to {deal['last_distribution_date']})",
            ],
            ["Original balance (certificates)", _money(latest.get("original_balance"))],
            ["Current collateral balance", _money(latest.get("ending_balance"))],
            ["Pool factor", "" if latest.get("pool_factor") is None else f"{latest['pool_factor']:.6f}"],
            ["Latest CPR 1m / 3m / 12m", " / ".join(_pct(latest.get(c), 2) for c in ("cpr_1m", "cpr_3m", "cpr_12m"))],
            ["Cumulative loss / original", _pct(latest.get("cumulative_loss_pct"))],
            ["60+ delinquent (balance)", _pct(latest.get("dq_60_plus_balance_pct"))],
            [
                "Reconciliation",
                f'<span class="ok">{len(months) - len(warned)} months passed</span>, '
                f'<span class="{"warn" if warned else "ok"}">{len(warned)} warned</span>',
            ],
        ],
        left=2,
    )
    classes = _table(
        ["Class", "CUSIP", "Type", "Original face", "Current balance", "Factor", "Credit enhancement"],
        [
            [
                _esc(c["class_name"]),
                _esc(c["cusip"]),
                _esc(c["class_description"]) + (" (notional)" if c["is_notional"] else ""),
                _money(c["original_face"]),
                _money(c["ending_balance"]),
                "" if c["factor"] is None else f"{c['factor']:.8f}",
                "" if c["credit_enhancement_pct"] is None else _pct(c["credit_enhancement_pct"], 2),
            ]
            for c in data.classes
        ],
        left=3,
    )
    return f"<h2>Deal</h2>{facts}<h2>Classes (as of {_esc(deal['last_distribution_date'])})</h2>{classes}"


def warned_html(data: DealData) -> str:
    warned = [m for m in data.reconciliation if m["failed"]]
    if not warned:
        return '<h2>Months whose reconciliation warned</h2><p class="ok">None: every check passed.</p>'
    checks: dict = {}
    for c in data.warned_checks:
        checks.setdefault(c["distribution_date"], []).append(f"{_esc(c['check_name'])}: {_esc(c['subject'])}")
    rows = [
        [
            _esc(m["distribution_date"]),
            _filing_link(m),
            f"{m['failed']} of {m['checks']}",
            "<br>".join(checks.get(m["distribution_date"], [])),
        ]
        for m in warned
    ]
    return "<h2>Months whose reconciliation warned</h2>" + _table(
        ["Distribution date", "Filing", "Checks warned", "Which"], rows, left=2
    )


def restatements_html(data: DealData) -> str:
    if not data.restatements:
        return ""
    rows = [
        [
            _esc(r["distribution_date"]),
            _esc(r["subject"]),
            _esc(r["measure"]),
            _number(r["first_reported_value"]),
            _number(r["current_value"]),
            _number(r["difference"]),
            f"{_esc(r['first_accession_number'])} -> {_esc(r['current_accession_number'])} "
            f"({_esc(r['current_form_type'])})",
        ]
        for r in data.restatements
    ]
    return "<h2>Restated figures</h2>" + _table(
        ["Distribution date", "Subject", "Measure", "First reported", "Current", "Difference", "Filings"], rows, left=3
    )


def render_deal(data: DealData, generated: dt.datetime | None = None) -> str:
    """The deal's self-contained HTML page (Plotly's JavaScript embedded once)."""
    generated = generated or dt.datetime.now(dt.UTC)
    figures = "".join(
        f'<div class="chart" data-chart="{cid}">'
        + figure.to_html(full_html=False, include_plotlyjs=False, div_id=cid, config={"displaylogo": False})
        + "</div>"
        for cid, figure in charts(data)
    )
    deal = data.deal
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{_esc(deal['deal_id'])}: surveillance report</title><style>{STYLE}</style>"
        f'<script type="text/javascript">{get_plotlyjs()}</script></head><body>'
        f"<h1>{_esc(deal['deal_name'])}</h1>"
        f'<div class="meta">{_esc(deal["deal_id"])} &middot; CIK {_esc(deal["cik"])} &middot; '
        f"generated {generated:%Y-%m-%d %H:%M} UTC from the mbs-warehouse marts</div>"
        f"{summary_html(data)}<h2>Performance</h2>{figures}{warned_html(data)}{restatements_html(data)}"
        "</body></html>\n"
    )


def render_index(deals: list[dict], links: dict[str, str]) -> str:
    """An index page linking every deal's report (``links``: deal_id -> relative file name)."""
    rows = [
        [
            f'<a href="{_esc(links[d["deal_id"]])}">{_esc(d["deal_id"])}</a>',
            _esc(d["deal_name"]),
            _esc(d["first_distribution_date"]),
            _esc(d["last_distribution_date"]),
            _esc(d["distribution_count"]),
        ]
        for d in deals
    ]
    table = _table(["Deal", "Name", "First distribution", "Last distribution", "Months"], rows, left=2)
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>mbs-warehouse deal reports</title>'
        f"<style>{STYLE}</style></head><body><h1>Deal reports</h1>{table}</body></html>\n"
    )


# ---------------------------------------------------------------- command line


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="mbs-report", description=__doc__.split("\n\n")[0])
    parser.add_argument("deal_id", nargs="?", help="the deal (dim_deal.deal_id, e.g. thb-2003-1)")
    parser.add_argument("--out", type=Path, help="HTML file to write (default: DEAL_ID.html)")
    parser.add_argument("--all", type=Path, metavar="OUTDIR", help="write every deal's report and an index.html")
    parser.add_argument(
        "--warehouse",
        default=os.environ.get("MBS_SERVING", DEFAULT_SERVING),
        help="serving warehouse to read (default: $MBS_SERVING or warehouse/mbs.duckdb)",
    )
    args = parser.parse_args(argv)
    if bool(args.deal_id) == bool(args.all):
        parser.error("give a DEAL_ID or --all OUTDIR")
    try:
        con = connect(args.warehouse)
        try:
            if args.all:
                args.all.mkdir(parents=True, exist_ok=True)
                deals = list_deals(con)
                links = {}
                for deal in deals:
                    name = f"{deal['deal_id']}.html"
                    (args.all / name).write_text(render_deal(load_deal(con, deal["deal_id"])), encoding="utf-8")
                    links[deal["deal_id"]] = name
                index = args.all / "index.html"
                index.write_text(render_index(deals, links), encoding="utf-8")
                print(f"mbs-report: {len(deals)} deal reports and {index}")
            else:
                out = args.out or Path(f"{args.deal_id}.html")
                out.parent.mkdir(parents=True, exist_ok=True)
                out.write_text(render_deal(load_deal(con, args.deal_id)), encoding="utf-8")
                print(f"mbs-report: {out}")
        finally:
            con.close()
    except ReportError as error:
        print(error, file=sys.stderr)
        return error.status
    return 0


if __name__ == "__main__":
    sys.exit(main())
