"""Render a simulated month as a filing in the report family of the sample (Wells Fargo CTSLink).

The same tables, captions, ``(continued)`` splits, footnotes, delinquency matrix and key/value
statements as ``data/sample/``; a :class:`Style` varies what real filings vary: column widths and
gaps, indentation, tag case, line ends, page breaks, the number of group columns per table, and
whether the report is a bare document or an EDGAR full submission (8-K or 8-K/A, inline or in an
EX-99.1 exhibit). Totals rows and per-$1,000 factors are derived here from the class figures, so a
fault injected into a figure flows into every table that prints it.

The CTSLink variations of ``layouts/README.md`` section 1 are further :class:`Style` choices (per
filer) and per-month choices made from the deal's seed:

* ``eras``: the administrator's name, address and contact follow the distribution date (Norwest Bank
  Minnesota to mid-2000, Wells Fargo Bank Minnesota to August 2004, Wells Fargo Bank, N.A. after),
  and so do the cover (Item 5 / Item 7 to August 2004, Item 8.01 / Item 9.01 after) and the form
  (10-D from 2006, the report in its own EX-99.1 document; an amendment is a 10-D/A);
* ``capitals``: titles in capitals, and the masthead on one line in capitals with the dates spelled
  out (``SMT SERIES 2004-3  RECORD DATE: JUNE 30, 2004  DISTRIBUTION DATE: JULY 20, 2004``);
* ``rules``: ``- ------`` rules under the headers (EDGAR's escaping of a line that starts with a
  dash) and ``=====`` before the Totals rows;
* ``header_align`` and ``column_extra``: header words right-aligned, centred or left-aligned over
  their numbers; wider value columns;
* ``summary_splits``: where the wide distribution summary splits into two halves, chosen afresh each
  month (after Beginning Balance, Interest, Principal, Current Realized Loss, or not at all);
  ``stacked_summary`` prints the second half in the same ``<TABLE>`` under a second ``<CAPTION>``;
* ``factor_denomination``: factors per $1,000 or per $1 (footnote ``(2) Per $1 denomination``);
* ``extra_sections``: ``OTHER ACCOUNTS`` (a reserve fund) and ``LOAN STATUS STRATIFICATION/CREDIT
  ENHANCEMENT STATEMENT``;
* ``market_summary``: from 2007 the summary is the 10-D era's ``Current Market Distribution Summary``
  (BNC 2007-4, March 2008) in place of the ``Certificateholder Distribution Summary``: an ``Original
  Balance`` column and the balances headed ``Beginning Actual Balance`` and ``Ending Actual Balance``,
  split into halves where the month says, like the summary it replaces.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal

from synthetic.model import SUBORDINATE_KINDS, ZERO, ClassMonth, MonthReport, cents

__all__ = ["Style", "random_style", "render_filing", "render_report"]


@dataclass(frozen=True)
class Style:
    """Formatting choices of one filer (they vary across filers, not months)."""

    indent: int = 0
    gap: int = 3
    label_width: int = 15
    upper_tags: bool = True
    crlf: bool = False
    page_breaks: bool = False
    group_columns: int = 3
    wrapped: bool = False
    report_in_exhibit: bool = False
    empty_table: bool = True
    eras: bool = False
    capitals: bool = False
    rules: bool = False
    header_align: str = "right"  # right | centre | left: header words over number columns
    column_extra: int = 0
    # Columns in the summary's first half (None: not split), one chosen per month: 4 splits after
    # Beginning Balance, 5 after Interest, 6 after Principal (the sample), 7 after Current Realized Loss.
    summary_splits: tuple[int | None, ...] = (6,)
    stacked_summary: bool = False
    factor_denomination: int = 1000
    extra_sections: bool = False
    market_summary: bool = False


SUMMARY_SPLITS: tuple[int | None, ...] = (4, 5, 6, 7, None)


def random_style(rng: random.Random) -> Style:
    """A filer's style with every variation chosen at random (the first ten draws as before)."""
    base = Style(
        indent=rng.choice([0, 0, 1, 2, 3]),
        gap=rng.randint(2, 6),
        label_width=rng.randint(12, 18),
        upper_tags=rng.random() < 0.7,
        crlf=rng.random() < 0.3,
        page_breaks=rng.random() < 0.3,
        group_columns=rng.randint(2, 4),
        wrapped=rng.random() < 0.5,
        report_in_exhibit=rng.random() < 0.5,
        empty_table=rng.random() < 0.5,
    )
    return replace(
        base,
        eras=rng.random() < 0.8,
        capitals=rng.random() < 0.3,
        rules=rng.random() < 0.4,
        header_align=rng.choice(["right", "right", "centre", "left"]),
        column_extra=rng.choice([0, 0, 1, 3]),
        summary_splits=rng.choice([(6,), SUMMARY_SPLITS, SUMMARY_SPLITS[:3], (None,)]),
        stacked_summary=rng.random() < 0.4,
        factor_denomination=rng.choice([1000, 1000, 1]),
        extra_sections=rng.random() < 0.3,
        market_summary=rng.random() < 0.3,
    )


# The administrator's three names, with their masthead contact blocks and the dates they were used.
ERAS = (
    (
        dt.date(2000, 7, 1),
        "Norwest Bank Minnesota, N.A.",
        [
            "Contact: Customer Service - Columbia, MD",
            "         Norwest Bank Minnesota, N.A.",
            "         Securities Administration Services",
            "         11000 Broken Land Parkway",
            "         Columbia, MD 21044",
            "         Telephone: (410) 884-2000",
            "         Fax:       (410) 715-2380",
        ],
    ),
    (
        dt.date(2004, 9, 1),
        "Wells Fargo Bank Minnesota, N.A.",
        [
            "Contact: Customer Service - CTSLink",
            "         Wells Fargo Bank Minnesota, N.A.",
            "         Securities Administration Services",
            "         7485 New Horizon Way",
            "         Frederick, MD 21703",
            "         Telephone: (301) 815-6600",
            "         Fax:       (301) 815-6660",
        ],
    ),
    (
        dt.date.max,
        "Wells Fargo Bank, N.A.",
        [
            "Contact: Customer Service - CTSLink",
            "         Wells Fargo Bank, N.A.",
            "         Securities Administration Services",
            "         9062 Old Annapolis Road",
            "         Columbia, MD 21045",
            "         www.ctslink.com",
            "         Telephone: (301) 815-6600",
            "         Fax:       (410) 715-2380",
        ],
    ),
)
TEN_D_FROM = dt.date(2006, 1, 1)
# The first distribution a filer whose style has it prints the Current Market Distribution Summary.
MARKET_SUMMARY_FROM = dt.date(2007, 1, 1)
ITEM_8_01_FROM = dt.date(2004, 9, 1)


def administrator(report: MonthReport, style: Style) -> tuple[str, list[str]]:
    """The administrator's name and masthead contact lines for this month."""
    if style.eras:
        _until, name, lines = next(e for e in ERAS if report.distribution_date < e[0])
        return name, lines
    lines = list(ERAS[1][2])
    lines[1] = f"         {report.deal.administrator}"
    return report.deal.administrator, lines


def filed_form(report: MonthReport, style: Style, form: str = "8-K") -> str:
    """The form this month is filed on: a 10-D (10-D/A) from 2006 when the style follows the eras."""
    if style.eras and report.distribution_date >= TEN_D_FROM:
        return "10-D/A" if form.endswith("/A") else "10-D"
    return form


def market_summary(report: MonthReport, style: Style) -> bool:
    """Whether this month's summary is the Current Market Distribution Summary."""
    return style.market_summary and report.distribution_date >= MARKET_SUMMARY_FROM


def summary_split(report: MonthReport, style: Style) -> int | None:
    """Where this month's summary splits: one of the style's choices, drawn from the deal's seed."""
    return random.Random(f"{report.deal.seed}:{report.period}:split").choice(style.summary_splits)


def spelled(value: dt.date) -> str:
    """``JUNE 30, 2004``."""
    return f"{value:%B} {value.day}, {value.year}".upper()


def _q(value: Decimal, places: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def money(value: Decimal) -> str:
    return f"{_q(value, 2):,.2f}"


def percent(value: Decimal, places: int, sign: bool = True) -> str:
    return f"{_q(value * 100, places):.{places}f}" + ("%" if sign else "")


def factor(value: Decimal) -> str:
    return f"{_q(value, 8):.8f}"


def _date(value: dt.date, style: str) -> str:
    if style == "short":
        return f"{value.month:02d}/{value.day:02d}/{value.year % 100:02d}"
    if style == "long":
        return f"{value.month:02d}/{value.day:02d}/{value.year}"
    return value.strftime("%d-%b-%Y")


class _Doc:
    def __init__(self, style: Style):
        self.style = style
        self.lines: list[str] = []

    def tag(self, name: str) -> str:
        return f"<{name.upper()}>" if self.style.upper_tags else f"<{name.lower()}>"

    def add(self, line: str = "", indent: bool = True) -> None:
        self.lines.append((" " * self.style.indent if indent and line else "") + line)

    def table_open(self) -> None:
        if self.style.page_breaks and any("TABLE>" in line.upper() for line in self.lines):
            self.lines.append("\f" + self.tag("page") if len(self.lines) % 2 else self.tag("page"))
        self.add(self.tag("table"))

    def title(self, text: str) -> str:
        return text.upper() if self.style.capitals else text

    def rule(self, line: str) -> None:
        """A rule line; EDGAR escapes a line that starts with a dash as ``- -----``."""
        line = (" " * self.style.indent) + line
        self.lines.append("- " + line if line.startswith("-") else line)


def _grid(
    doc: _Doc,
    title: str,
    headers: list[list[str]],
    rows: list[tuple[str, list[str]]],
    text_columns: frozenset[int] = frozenset(),
    label_header: str = "Class",
    footnote: list[str] | None = None,
    caption_lines: list[str] | None = None,
    open_table: bool = True,
    close_table: bool = True,
) -> None:
    """A class table: a label column and right-aligned value columns under stacked headers.

    ``open_table=False`` continues the open ``<TABLE>`` under a new ``<CAPTION>`` (a stacked half);
    ``close_table=False`` leaves it open for one.
    """
    style = doc.style
    n = len(headers)
    widths = []
    for i in range(n):
        values = [r[1][i] for r in rows if r[1][i]]
        extra = 0 if i in text_columns else style.column_extra
        widths.append(max([len(v) for v in values] + [len(w) for w in headers[i]]) + style.gap + extra)
    label_width = max(style.label_width, max(len(r[0]) for r in rows) + 2, len(label_header) + 2)
    if open_table:
        doc.table_open()
    doc.add(doc.tag("caption"))
    for line in caption_lines or []:
        doc.add(line)
    doc.add("")
    if title:
        doc.add(" " * (label_width + sum(widths) // 3) + doc.title(title))
    doc.add("")
    depth = max(len(h) for h in headers)
    for level in range(depth):
        cells = []
        for i, words in enumerate(headers):
            offset = depth - len(words)
            word = words[level - offset] if level >= offset else ""
            if i in text_columns or style.header_align == "left":
                cells.append((" " * style.gap + word).ljust(widths[i]))
            elif style.header_align == "centre":
                cells.append(" " * style.gap + word.center(widths[i] - style.gap))
            else:
                cells.append(word.rjust(widths[i]))
        label = label_header if level == depth - 1 else ""
        doc.add((label.ljust(label_width) + "".join(cells)).rstrip())
    if style.rules:
        doc.rule("-" * (label_width - 2) + "  " + "".join(" " * style.gap + "-" * (w - style.gap) for w in widths))
    doc.add("")
    markers = (
        doc.tag("s").lower()
        + " " * (label_width - 3)
        + "".join(doc.tag("c").lower().ljust(widths[i]) for i in range(n))
    )
    doc.add(markers.rstrip())
    for label, values in rows:
        if label == "Totals" and style.rules:
            doc.rule(" " * label_width + "".join(" " * style.gap + "=" * (w - style.gap) for w in widths))
        cells = []
        for i, value in enumerate(values):
            if i in text_columns:
                cells.append((" " * style.gap + value).ljust(widths[i]))
            else:
                cells.append(value.rjust(widths[i]))
        doc.add((label.ljust(label_width) + "".join(cells)).rstrip())
    if footnote:
        doc.add(doc.tag("fn"))
        for line in footnote:
            doc.add(line)
        doc.add(doc.tag("/fn"))
    if close_table:
        doc.add(doc.tag("/table"))
        doc.add("")


def _statement(doc: _Doc, title_lines: list[str], rows: list[tuple[str, str]], width: int = 100) -> None:
    """A key/value statement: labels left, values right-aligned at one column."""
    doc.table_open()
    doc.add(doc.tag("caption"))
    doc.add("")
    for line in title_lines:
        doc.add(" " * 40 + doc.title(line))
    doc.add(doc.tag("s") + " " * (width - 20) + doc.tag("c"))
    for label, value in rows:
        if value == "":
            doc.add(label)
        else:
            doc.add(
                label.ljust(width - len(value)) + value
                if len(label) < width - len(value) - 2
                else label + "   " + value
            )
    doc.add(doc.tag("/table"))
    doc.add("")


def _money_rows(classes, getters, blank_totals: frozenset[int] = frozenset()) -> list[tuple[str, list[str]]]:
    """Class rows of money columns and their Totals row, which sums the printed class figures."""
    rows = [(c.spec.name, [money(get(c)) for get in getters]) for c in classes]
    totals = ["" if i in blank_totals else money(_sum(get(c) for c in classes)) for i, get in enumerate(getters)]
    return [*rows, ("Totals", totals)]


def _sum(values) -> Decimal:
    return sum(values, ZERO)


def render_report(report: MonthReport, style: Style, form: str = "8-K") -> str:
    """The report document (cover page and tables) as text with ``\\n`` line ends."""
    deal = report.deal
    doc = _Doc(style)
    _cover(doc, report, filed_form(report, style, form), style)
    classes = report.classes
    faces = {c.spec.name: c.spec.face for c in classes}
    per = style.factor_denomination

    def per_1000(c: ClassMonth, amount: Decimal, measure: str | None = None) -> str:
        value = amount / faces[c.spec.name] * per if faces[c.spec.name] else ZERO
        return factor(report.printed(f"class:{c.spec.name}:{measure}_per_1000", value) if measure else value)

    def denomination(number: int) -> list[str]:
        if per == 1:
            return [f"({number}) Per $1 denomination"]
        return [f"({number}) All Classes Are Per $1000 Denomination."]

    def pct_of_face(c: ClassMonth) -> str:
        value = c.ending_balance / faces[c.spec.name] if faces[c.spec.name] else ZERO
        return factor(report.printed(f"class:{c.spec.name}:ending_factor", value))

    def principal_table_ending(c: ClassMonth) -> Decimal:
        return report.printed(f"class:{c.spec.name}:principal_table_ending", c.ending_balance)

    _name, contact = administrator(report, style)
    if style.capitals:
        caption = [
            f"{deal.issuer.upper()}",
            "MORTGAGE PASS-THROUGH CERTIFICATES",
            "",
            f"{deal.shelf} SERIES {deal.series}  RECORD DATE: {spelled(report.record_date)}  "
            f"DISTRIBUTION DATE: {spelled(report.distribution_date)}",
            "",
            *contact,
        ]
    else:
        caption = [
            f"{deal.issuer}",
            "Mortgage Pass-Through Certificates",
            "",
            "",
            f"Record Date:             {_date(report.record_date, 'short')}",
            "",
            f"Distribution Date:       {_date(report.distribution_date, 'short')}",
            "",
            f"{deal.shelf}  Series: {deal.series}",
            "",
            *contact,
        ]

    def totals(values: list[str]) -> tuple[str, list[str]]:
        return ("Totals", values)

    # The summary's ten columns; the trustee splits them into two halves where it likes.
    summary_columns = [
        (["CUSIP"], lambda c: c.spec.cusip, None),
        (["Certificate", "Class", "Description"], lambda c: c.spec.description, None),
        (["Certificate", "Pass-Through", "Rate"], lambda c: percent(c.rate, 5), None),
        (["Beginning", "Certificate", "Balance"], lambda c: money(c.beginning_balance), lambda c: c.beginning_balance),
        (["Interest", "Distribution"], lambda c: money(c.interest_distribution), lambda c: c.interest_distribution),
        (["Principal", "Distribution"], lambda c: money(c.principal_distribution), lambda c: c.principal_distribution),
        (["Current", "Realized", "Loss"], lambda c: money(c.realized_loss), lambda c: c.realized_loss),
        (["Ending", "Certificate", "Balance"], lambda c: money(c.ending_balance), lambda c: c.ending_balance),
        (["Total", "Distribution"], lambda c: money(c.total_distribution), lambda c: c.total_distribution),
        (
            ["Cumulative", "Realized", "Losses"],
            lambda c: money(c.cumulative_realized_loss),
            lambda c: c.cumulative_realized_loss,
        ),
    ]

    def summary_rows(columns) -> list[tuple[str, list[str]]]:
        rows = [(c.spec.name, [show(c) for _h, show, _a in columns]) for c in classes]
        return [
            *rows,
            totals(["" if amount is None else money(_sum(amount(c) for c in classes)) for *_x, amount in columns]),
        ]

    def summary_face(c: ClassMonth) -> Decimal:
        return report.printed(f"class:{c.spec.name}:summary_original_face", c.spec.face)

    split = summary_split(report, style)
    summary_title = "Certificateholder Distribution Summary"
    if market_summary(report, style):
        # The original face before the balances, which are headed "Actual"; the split stays after the
        # same column (it is never before the fourth).
        summary_title = "Current Market Distribution Summary"
        summary_columns[3:4] = [
            (["Original", "Balance"], lambda c: money(summary_face(c)), summary_face),
            (["Beginning", "Actual", "Balance"], lambda c: money(c.beginning_balance), lambda c: c.beginning_balance),
        ]
        summary_columns[8] = (
            ["Ending", "Actual", "Balance"],
            lambda c: money(c.ending_balance),
            lambda c: c.ending_balance,
        )
        split = split + 1 if split else None
    split = split or len(summary_columns)
    halves = [summary_columns[:split], summary_columns[split:]]
    summary_footnote = [
        "All distributions required by the Pooling and Servicing Agreement have been calculated by the",
        "Certificate Administrator on behalf of the Trustee.",
    ]
    stacked = style.stacked_summary and bool(halves[1])
    _grid(
        doc,
        summary_title,
        [h for h, _s, _a in halves[0]],
        summary_rows(halves[0]),
        text_columns=frozenset({0, 1}),
        caption_lines=caption,
        footnote=None if halves[1] else summary_footnote,
        close_table=not stacked,
    )
    if halves[1]:
        _grid(
            doc,
            "" if stacked else f"{summary_title} (continued)",
            [h for h, _s, _a in halves[1]],
            summary_rows(halves[1]),
            text_columns=frozenset(i - split for i in (0, 1) if i >= split),
            footnote=summary_footnote,
            open_table=not stacked,
        )
    _grid(
        doc,
        "Principal Distribution Statement",
        [
            ["Original", "Face", "Amount"],
            ["Beginning", "Certificate", "Balance"],
            ["Scheduled", "Principal", "Distribution"],
            ["Unscheduled", "Principal", "Distribution"],
            ["Accretion"],
            ["Realized", "Loss (1)"],
        ],
        _money_rows(
            classes,
            [
                lambda c: c.spec.face,
                lambda c: c.beginning_balance,
                lambda c: c.scheduled_principal,
                lambda c: c.unscheduled_principal,
                lambda c: c.accretion,
                lambda c: c.realized_loss,
            ],
        ),
        footnote=[
            "(1) Amount Does Not Include Excess Special Hazard, Bankruptcy, or Fraud Losses Unless Otherwise "
            "Disclosed.",
            "    Please Refer to the Prospectus Supplement for a Full Description.",
        ],
    )
    _grid(
        doc,
        "Principal Distribution Statement (continued)",
        [
            ["Total", "Principal", "Reduction"],
            ["Ending", "Certificate", "Balance"],
            ["Ending", "Certificate", "Percentage"],
            ["Total", "Principal", "Distribution"],
        ],
        [
            (
                c.spec.name,
                [
                    money(c.total_principal_reduction),
                    money(principal_table_ending(c)),
                    pct_of_face(c),
                    money(c.principal_distribution),
                ],
            )
            for c in classes
        ]
        + [
            totals(
                [
                    money(_sum(c.total_principal_reduction for c in classes)),
                    money(_sum(principal_table_ending(c) for c in classes)),
                    factor(_sum(c.ending_balance for c in classes) / _sum(c.spec.face for c in classes)),
                    money(_sum(c.principal_distribution for c in classes)),
                ]
            )
        ],
    )
    _grid(
        doc,
        "Principal Distribution Factors Statement",
        [
            ["Original", "Face", "Amount"],
            ["Beginning", "Certificate", "Balance"],
            ["Scheduled", "Principal", "Distribution"],
            ["Unscheduled", "Principal", "Distribution"],
            ["Accretion"],
        ],
        [
            (
                c.spec.name,
                [
                    money(c.spec.face),
                    per_1000(c, c.beginning_balance),
                    per_1000(c, c.scheduled_principal, "scheduled_principal"),
                    per_1000(c, c.unscheduled_principal),
                    per_1000(c, c.accretion),
                ],
            )
            for c in classes
        ],
        label_header="Class (2)",
        footnote=denomination(2),
    )
    _grid(
        doc,
        "Principal Distribution Factors Statement (continued)",
        [
            ["Realized", "Loss (3)"],
            ["Total", "Principal", "Reduction"],
            ["Ending", "Certificate", "Balance"],
            ["Ending", "Certificate", "Percentage"],
            ["Total", "Principal", "Distribution"],
        ],
        [
            (
                c.spec.name,
                [
                    per_1000(c, c.realized_loss),
                    per_1000(c, c.total_principal_reduction),
                    per_1000(c, c.ending_balance),
                    pct_of_face(c),
                    per_1000(c, c.principal_distribution),
                ],
            )
            for c in classes
        ],
        footnote=[
            "(3) Amount Does Not Include Excess Special Hazard, Bankruptcy, or Fraud Losses",
            "    Unless Otherwise Disclosed.",
            "    Please Refer to the Prospectus Supplement for a Full Description.",
        ],
    )
    interest_headers = [
        ["Original", "Face", "Amount"],
        ["Current", "Certificate", "Rate"],
        ["Beginning", "Certificate/", "Notional", "Balance"],
        ["Current", "Accrued", "Interest"],
        ["Payment of", "Unpaid", "Interest", "Shortfall"],
        ["Current", "Interest", "Shortfall"],
    ]
    _grid(
        doc,
        "Interest Distribution Statement",
        interest_headers,
        [
            (
                c.spec.name,
                [
                    money(c.spec.face),
                    percent(c.rate, 5),
                    money(c.beginning_balance),
                    money(c.accrued_interest),
                    money(c.unpaid_interest_shortfall_paid),
                    money(c.current_interest_shortfall),
                ],
            )
            for c in classes
        ]
        + [
            totals(
                [
                    money(_sum(c.spec.face for c in classes)),
                    "",
                    "",
                    money(
                        report.printed(
                            "totals:class_interest:accrued_interest", _sum(c.accrued_interest for c in classes)
                        )
                    ),
                    money(_sum(c.unpaid_interest_shortfall_paid for c in classes)),
                    money(_sum(c.current_interest_shortfall for c in classes)),
                ]
            )
        ],
    )
    interest_continued = [
        ["Non-Supported", "Interest", "Shortfall"],
        ["Realized", "Losses (4)"],
        ["Total", "Interest", "Distribution"],
        ["Remaining", "Unpaid", "Interest", "Shortfall"],
        ["Ending", "Certificate/", "Notional", "Balance"],
    ]
    _grid(
        doc,
        "Interest Distribution Statement (continued)",
        interest_continued,
        [
            (
                c.spec.name,
                [
                    money(c.non_supported_interest_shortfall),
                    money(c.interest_realized_loss),
                    money(c.interest_distribution),
                    money(c.remaining_unpaid_interest_shortfall),
                    money(c.ending_balance),
                ],
            )
            for c in classes
        ]
        + [
            totals(
                [
                    money(_sum(c.non_supported_interest_shortfall for c in classes)),
                    money(_sum(c.interest_realized_loss for c in classes)),
                    money(_sum(c.interest_distribution for c in classes)),
                    money(_sum(c.remaining_unpaid_interest_shortfall for c in classes)),
                    "",
                ]
            )
        ],
        _money_rows(
            classes,
            [
                lambda c: c.non_supported_interest_shortfall,
                lambda c: c.interest_realized_loss,
                lambda c: c.interest_distribution,
                lambda c: c.remaining_unpaid_interest_shortfall,
                lambda c: c.ending_balance,
            ],
            blank_totals=frozenset({4}),
        ),
        footnote=[
            "(4) Amount Does Not Include Excess Special Hazard, Bankruptcy, or Fraud Losses Unless Otherwise "
            "Disclosed.",
            "    Please Refer to the Prospectus Supplement for a Full Description.",
        ],
    )
    _grid(
        doc,
        "Interest Distribution Factors Statement",
        interest_headers,
        [
            (
                c.spec.name,
                [
                    money(c.spec.face),
                    percent(c.rate, 5),
                    per_1000(c, c.beginning_balance),
                    per_1000(c, c.accrued_interest),
                    per_1000(c, c.unpaid_interest_shortfall_paid),
                    per_1000(c, c.current_interest_shortfall),
                ],
            )
            for c in classes
        ],
        label_header="Class (5)",
        footnote=denomination(5),
    )
    _grid(
        doc,
        "Interest Distribution Factors Statement (continued)",
        [
            ["Non-Supported", "Interest", "Shortfall"],
            ["Realized", "Losses (6)"],
            ["Total", "Interest", "Distribution"],
            ["Remaining", "Unpaid", "Interest", "Shortfall"],
            ["Ending", "Certificate/", "Notional", "Balance"],
        ],
        [
            (
                c.spec.name,
                [
                    per_1000(c, c.non_supported_interest_shortfall),
                    per_1000(c, c.interest_realized_loss),
                    per_1000(c, c.interest_distribution),
                    per_1000(c, c.remaining_unpaid_interest_shortfall),
                    per_1000(c, c.ending_balance),
                ],
            )
            for c in classes
        ],
        footnote=[
            "(6) Amount Does Not Include Excess Special Hazard, Bankruptcy,or Fraud Losses Unless",
            "    Otherwise Disclosed. Please Refer to the Prospectus Supplement for a Full Description.",
        ],
    )
    groups = report.groups
    _statement(
        doc,
        ["CERTIFICATEHOLDER ACCOUNT STATEMENT", "CERTIFICATE ACCOUNT"],
        [
            ("Beginning Balance", money(ZERO)),
            ("Deposits", ""),
            ("     Payments of Interest and Principal", money(report.payments_of_interest_and_principal)),
            ("     Liquidations, Insurance Proceeds, Reserve Funds", money(report.liquidation_proceeds)),
            ("     Proceeds from Repurchased Loans", money(ZERO)),
            (
                "     Other Amounts (Servicer Advances)",
                money(report.printed("deal:servicer_advances", report.servicer_advances)),
            ),
            ("     Realized Loss (Gains, Subsequent Expenses & Recoveries)", money(ZERO)),
            ("     Prepayment Penalties", money(ZERO)),
            ("Total Deposits", money(report.total_deposits)),
            ("Withdrawals", ""),
            (
                "     Reimbursement for Servicer Advances",
                money(report.printed("deal:advance_reimbursement", report.advance_reimbursement)),
            ),
            ("     Payment of Service Fee", money(report.service_fee_paid)),
            (
                "     Payment of Interest and Principal",
                money(report.printed("deal:withdrawal_interest_and_principal", report.distribution_paid)),
            ),
            ("Total Withdrawals (Pool Distribution Amount)", money(report.total_deposits)),
            ("Ending Balance", money(report.printed("deal:account_ending_balance", ZERO))),
        ],
    )
    shortfall = _sum(g.prepayment_interest_shortfall for g in groups)
    support = _sum(g.servicing_fee_support for g in groups)
    _statement(
        doc,
        ["PREPAYMENT/CURTAILMENT INTEREST SHORTFALL"],
        [
            ("Total Prepayment/Curtailment Interest Shortfall", money(shortfall)),
            ("Servicing Fee Support", money(report.printed("deal:servicing_fee_support", support))),
            ("Non-Supported Prepayment/Curtailment Interest Shortfall", money(shortfall - support)),
        ],
    )
    gross = _sum(g.servicing_fee for g in groups)
    master = _sum(g.master_servicing_fee for g in groups)
    trustee = _sum(g.trustee_fee for g in groups)
    _statement(
        doc,
        ["SERVICING FEES"],
        [
            ("Gross Servicing Fee", money(gross)),
            (
                f"Master Servicing Fee- {deal.master_servicer}",
                money(report.printed("deal:master_servicing_fee", master)),
            ),
            (f"Trustee Fee - {deal.trustee}", money(trustee)),
            (
                "Supported Prepayment/Curtailment Interest Shortfall",
                money(report.printed("deal:supported_prepayment_interest_shortfall", support)),
            ),
            ("Net Servicing Fee", money(report.printed("deal:net_servicing_fee", gross + master + trustee - support))),
        ],
    )
    _delinquency(doc, report)
    total_beginning = _sum(g.beginning_balance for g in groups)
    _statement(
        doc,
        ["COLLATERAL STATEMENT"],
        [
            ("Collateral Description", _collateral_description(report)),
            ("", ""),
            ("Weighted Average Gross Coupon", percent(_weighted(groups, "gross_wac"), 6)),
            ("Weighted Average Net Coupon", percent(_weighted(groups, "net_wac"), 6)),
            ("Weighted Average Pass-Through Rate", percent(_weighted_ptr(groups), 6)),
            ("Weighted Average Maturity(Stepdown Calculation )", str(_weighted_wam(groups))),
            ("Beginning Scheduled Collateral Loan Count", f"{sum(g.beginning_loan_count for g in groups):,}"),
            (
                "Number Of Loans Paid In Full",
                f"{report.printed('collateral:loans_paid_in_full', sum(g.loans_paid_in_full for g in groups)):,}",
            ),
            ("Ending Scheduled Collateral Loan Count", f"{sum(g.ending_loan_count for g in groups):,}"),
            (
                "Beginning Scheduled Collateral Balance",
                money(report.printed("collateral:beginning_balance", total_beginning)),
            ),
            ("Ending Scheduled Collateral Balance", money(_sum(g.ending_balance for g in groups))),
            (
                f"Ending Actual Collateral Balance at {_date(report.record_date, 'dmy')}",
                money(report.ending_actual_balance),
            ),
            ("Monthly P &I Constant", money(_sum(g.pi_constant for g in groups))),
            ("Special Servicing Fee", money(ZERO)),
            ("Prepayment Penalties", money(ZERO)),
            ("Realized Loss Amount", money(_sum(g.realized_loss for g in groups))),
            ("Cumulative Realized Loss", money(_sum(g.cumulative_realized_loss for g in groups))),
            ("Class A Optimal Amount", money(report.class_a_optimal_amount)),
            ("Ending Scheduled Balance for Premium Loans", money(_sum(g.ending_balance for g in groups))),
            (
                "Scheduled Principal",
                money(report.printed("collateral:scheduled_principal", _sum(g.scheduled_principal for g in groups))),
            ),
            ("Unscheduled Principal", money(_sum(g.unscheduled_principal for g in groups))),
        ],
        width=90,
    )
    if style.empty_table:
        doc.table_open()
        doc.add(doc.tag("caption"))
        doc.add("            " + doc.tag("s") + "                                          " + doc.tag("c"))
        doc.add("")
        doc.add(doc.tag("/table"))
    misc: list[tuple[str, str]] = []
    for g in groups:
        n = g.spec.number
        misc += [
            (f"Senior Percentage Group {n}", percent(g.senior_percentage, 6)),
            (f"Senior PrePayment Percentage Grp {n}", percent(g.senior_prepayment_percentage, 6)),
            (
                f"Subordinate Percentage Group {n}",
                percent(report.printed(f"group:{n}:subordinate_percentage", 1 - g.senior_percentage), 6),
            ),
            (
                f"Subordinate PrePayment Percentage Grp {n}",
                percent(
                    report.printed(f"group:{n}:subordinate_prepayment_percentage", 1 - g.senior_prepayment_percentage),
                    6,
                ),
            ),
        ]
    if style.extra_sections:
        _extra_sections(doc, report)
    _statement(doc, ["Miscellaneous Reporting"], misc, width=75)
    _group_statement(doc, report)
    text = "\n".join(doc.lines) + "\n"
    return text


def _extra_sections(doc: _Doc, report: MonthReport) -> None:
    """``OTHER ACCOUNTS`` (a reserve fund) and the loan status / credit enhancement statement."""
    reserve = cents(Decimal(random.Random(report.deal.seed).randint(5_000, 50_000)))
    _statement(
        doc,
        ["OTHER ACCOUNTS"],
        [
            ("Reserve Fund", ""),
            ("     Beginning Balance", money(reserve)),
            ("     Deposits", money(ZERO)),
            ("     Withdrawals", money(ZERO)),
            ("     Ending Balance", money(reserve)),
        ],
    )
    pool = _sum(g.ending_balance for g in report.groups)
    rows = []
    for label, status in (
        ("Delinquent", "delinquent"),
        ("Bankruptcy", "bankruptcy"),
        ("Foreclosure", "foreclosure"),
        ("REO", "reo"),
    ):
        cells = [v for g in report.groups for (s, _b), v in g.delinquency.items() if s == status]
        rows.append((label, sum(n for n, _ in cells), _sum(b for _, b in cells)))
    rows.append(("Total", sum(r[1] for r in rows), _sum(r[2] for r in rows)))
    seniors = _sum(c.ending_balance for c in report.classes if c.spec.kind not in (*SUBORDINATE_KINDS, "IO"))
    _grid(
        doc,
        "LOAN STATUS STRATIFICATION/CREDIT ENHANCEMENT STATEMENT",
        [["Number", "of Loans"], ["Principal", "Balance"], ["Percentage", "of Pool"]],
        [(label, [f"{n:,}", money(b), percent(_share(b, pool), 4)]) for label, n, b in rows]
        + [("Credit Enhancement", ["", "", percent(_share(pool - seniors, pool), 4)])],
        label_header="Status",
    )


def _collateral_description(report: MonthReport) -> str:
    kinds = {g.spec.collateral_description for g in report.groups}
    return kinds.pop() if len(kinds) == 1 else "Mixed ARM"


def _weighted(groups, attribute: str) -> Decimal:
    total = _sum(g.beginning_balance for g in groups)
    return _sum(getattr(g, attribute) * g.beginning_balance for g in groups) / total if total else ZERO


def _weighted_ptr(groups) -> Decimal:
    total = _sum(g.beginning_balance for g in groups)
    return _sum(g.spec.pass_through_rate * g.beginning_balance for g in groups) / total if total else ZERO


def _weighted_wam(groups) -> int:
    total = _sum(g.beginning_balance for g in groups)
    return int(_q(_sum(g.wam_months * g.beginning_balance for g in groups) / total, 0)) if total else 0


def _share(part: Decimal, whole: Decimal) -> Decimal:
    return part / whole if whole else ZERO


def _loss_pct(loss: Decimal, original: Decimal) -> str:
    return f"{_q(_share(loss, original) * 100, 4):.4f}"


def _group_figures(g) -> dict[str, str]:
    original = g.spec.balance
    return {
        "Collateral Description": g.spec.collateral_description,
        "Weighted Average Coupon Rate": percent(g.gross_wac, 6, sign=False),
        "Weighted Average Net Rate": percent(g.net_wac, 6, sign=False),
        "Weighted Average Maturity": str(g.wam_months),
        "Beginning Loan Count": f"{g.beginning_loan_count:,}",
        "Loans Paid In Full": f"{g.loans_paid_in_full:,}",
        "Ending Loan Count": f"{g.ending_loan_count:,}",
        "Beginning Scheduled Balance": money(g.beginning_balance),
        "Ending scheduled Balance": money(g.ending_balance),
        "Principal And Interest Constant": money(g.pi_constant),
        "Scheduled Principal": money(g.scheduled_principal),
        "Unscheduled Principal": money(g.unscheduled_principal),
        "Scheduled Interest": money(g.scheduled_interest),
        "Servicing Fees": money(g.servicing_fee),
        "Master Servicing Fees": money(g.master_servicing_fee),
        "Trustee Fee": money(g.trustee_fee),
        "Net Interest": money(g.net_interest),
        "Realized Loss Amount": money(g.realized_loss),
        "Cumulative Realized Loss": money(g.cumulative_realized_loss),
        "Percentage of Cumulative Losses": _loss_pct(g.cumulative_realized_loss, original),
        "Pass-Through Rate": percent(g.spec.pass_through_rate, 6, sign=False),
    }


_GROUP_ROWS = [
    "Collateral Description",
    "Weighted Average Coupon Rate",
    "Weighted Average Net Rate",
    "Weighted Average Maturity",
    "Beginning Loan Count",
    "Loans Paid In Full",
    "Ending Loan Count",
    "Beginning Scheduled Balance",
    "Ending scheduled Balance",
    "Record Date",
    "Principal And Interest Constant",
    "Scheduled Principal",
    "Unscheduled Principal",
    "Scheduled Interest",
    "Servicing Fees",
    "Master Servicing Fees",
    "Trustee Fee",
    "FRY Amount",
    "Special Hazard Fee",
    "Other Fee",
    "Pool Insurance Fee",
    "Spread Fee 1",
    "Spread Fee 2",
    "Spread Fee 3",
    "Net Interest",
    "Realized Loss Amount",
    "Cumulative Realized Loss",
    "Percentage of Cumulative Losses",
    "Prepayment Penalties",
    "Special Servicing Fee",
    "Pass-Through Rate",
]


def _group_statement(doc: _Doc, report: MonthReport) -> None:
    groups = report.groups
    record = _date(report.record_date, "long")
    columns: list[tuple[str, dict[str, str]]] = []
    for g in groups:
        figures = _group_figures(g)
        figures["Record Date"] = record
        columns.append((f"Group {g.spec.number}", figures))
    total = {
        "Collateral Description": _collateral_description(report),
        "Weighted Average Coupon Rate": percent(_weighted(groups, "gross_wac"), 6, sign=False),
        "Weighted Average Net Rate": percent(_weighted(groups, "net_wac"), 6, sign=False),
        "Weighted Average Maturity": str(_weighted_wam(groups)),
        "Record Date": record,
        "Pass-Through Rate": percent(_weighted_ptr(groups), 6, sign=False),
        "Percentage of Cumulative Losses": _loss_pct(
            _sum(g.cumulative_realized_loss for g in groups), _sum(g.spec.balance for g in groups)
        ),
    }
    for key in ("Beginning Loan Count", "Loans Paid In Full", "Ending Loan Count"):
        total[key] = f"{sum(int(c[1][key].replace(',', '')) for c in columns):,}"
    for key in (
        "Beginning Scheduled Balance",
        "Ending scheduled Balance",
        "Principal And Interest Constant",
        "Scheduled Principal",
        "Unscheduled Principal",
        "Scheduled Interest",
        "Servicing Fees",
        "Master Servicing Fees",
        "Trustee Fee",
        "Net Interest",
        "Realized Loss Amount",
        "Cumulative Realized Loss",
    ):
        total[key] = money(report.printed(f"total:{key}", _sum(Decimal(c[1][key].replace(",", "")) for c in columns)))
    columns.append(("Total", total))
    per_table = max(2, doc.style.group_columns)
    width = 33
    for start in range(0, len(columns), per_table):
        chunk = columns[start : start + per_table]
        doc.table_open()
        doc.add(doc.tag("caption"))
        doc.add(" " * 37 + doc.title("Group Level Collateral Statement"))
        doc.add(doc.tag("s") + " " * 50 + doc.tag("c"))
        doc.add("Group".ljust(50) + "".join(name.rjust(width) for name, _ in chunk))
        for row in _GROUP_ROWS:
            values = [figures.get(row, money(ZERO)) for _, figures in chunk]
            doc.add(row.ljust(50) + "".join(v.rjust(width) for v in values))
        doc.add(doc.tag("/table"))


def _delinquency(doc: _Doc, report: MonthReport) -> None:
    statuses = ["delinquent", "bankruptcy", "foreclosure", "reo"]
    heads = ["DELINQUENT", "BANKRUPTCY", "FORECLOSURE", "REO", "Total"]
    col = 21
    doc.table_open()
    doc.add(" " * 50 + doc.title("Delinquency Status By Groups"))
    for i, g in enumerate(report.groups):
        doc.add(doc.tag("caption"))
        doc.add("")
        doc.add(" " * 24 + "".join(h.ljust(col) for h in heads).rstrip())
        doc.add(doc.tag("s") + " " * 21 + "".join(doc.tag("c").ljust(col) for _ in heads).rstrip())
        doc.add(f"Group {g.spec.number}".ljust(24) + "".join("No of Loans".ljust(col) for _ in heads).rstrip())
        doc.add(" " * 24 + "".join("Principal Balance".ljust(col) for _ in heads).rstrip())
        doc.add("")
        rows = [
            (0, "0-29 Days"),
            (30, "30 Days"),
            (60, "60 Days"),
            (90, "90 Days"),
            (120, "120 Days"),
            (150, "150 Days"),
            (180, "180 Days"),
        ]
        number = g.spec.number
        count_rows = []
        for bucket, label in rows:
            counts, balances = [], []
            for status in statuses:
                if status == "delinquent" and bucket == 0:
                    counts.append(None)
                    balances.append(None)
                    continue
                n, b = g.delinquency.get((status, bucket), (0, ZERO))
                counts.append(n)
                balances.append(b)
            counts.append(report.printed(f"dq:{number}:total:{bucket}:count", sum(c for c in counts if c is not None)))
            balances.append(_sum(b for b in balances if b is not None))
            count_rows.append((label, bucket, counts, balances))
        totals_counts = [sum(r[2][j] or 0 for r in count_rows) for j in range(5)]
        totals_counts = [
            report.printed(f"dq:{number}:{status}:totals:count", n)
            for status, n in zip([*statuses, "total"], totals_counts, strict=True)
        ]
        totals_balances = [_sum(r[3][j] or ZERO for r in count_rows) for j in range(5)]
        count_rows.append(("Totals", "totals", totals_counts, totals_balances))

        def cells(values, fmt):
            return "".join(("" if v is None else fmt(v)).ljust(col) for v in values).rstrip()

        for label, _bucket, counts, balances in count_rows:
            doc.add(label.ljust(24) + cells(counts, str))
            doc.add(" " * 24 + cells(balances, money))
            doc.add("")
        doc.add("")

        def shares(values, whole, bucket, measure, number=number):
            out = []
            for status, value in zip([*statuses, "total"], values, strict=True):
                if value is None:
                    out.append(None)
                    continue
                share = _share(Decimal(value), whole)
                out.append(percent(report.printed(f"dq:{number}:{status}:{bucket}:{measure}", share), 6))
            return out

        for label, bucket, counts, balances in count_rows:
            doc.add(label.ljust(24) + cells(shares(counts, g.ending_loan_count, bucket, "count_pct"), str))
            doc.add(" " * 24 + cells(shares(balances, g.ending_balance, bucket, "balance_pct"), str))
            doc.add("")
        if i == len(report.groups) - 1:
            doc.add(doc.tag("/table"))
    doc.add("")


def _cover(doc: _Doc, report: MonthReport, form: str, style: Style) -> None:
    deal = report.deal
    when = report.distribution_date.strftime("%B %d, %Y").replace(" 0", " ")
    if form.startswith("10-D"):
        doc.lines += _ten_d_cover(report, form, when)
        return
    items = ["ITEM 5.  Other Events"]
    if form.endswith("/A"):
        items = ["ITEM 5.  Other Events", "", f" This Form {form} amends the Monthly report: Amended Monthly report."]
    if style.eras and report.distribution_date >= ITEM_8_01_FROM:
        items[0] = "ITEM 8.01  Other Events"
    for line in [
        "UNITED STATES",
        "                       SECURITIES AND EXCHANGE COMMISSION",
        "                             Washington D. C. 20549",
        "",
        f"                                    Form {form}",
        "",
        "                Current Report Pursuant to Section 13 or 15(d) of",
        "                       The Securities Exchange Act of 1934",
        "",
        f"       Date of Report (Date of earliest event reported):  {when}",
        "",
        f"                    {deal.issuer.upper()}",
        f"             Mortgage Pass-Through Certificates, Series {deal.series} Trust",
        "",
        *items,
        "",
        f" On {when} a distribution was made to holders of {deal.issuer.upper()},",
        f" Mortgage Pass-Through Certificates, Series {deal.series} Trust.",
        "",
        *_exhibit_item(report, style),
        "                   EX-99.1",
        "",
    ]:
        doc.lines.append(line)


def _exhibit_item(report: MonthReport, style: Style) -> list[str]:
    if not style.eras:
        return []
    item = "ITEM 9.01" if report.distribution_date >= ITEM_8_01_FROM else "ITEM 7."
    return [
        f"{item}  Financial Statements and Exhibits",
        "",
        "      (c)  Exhibits furnished in accordance with Item 601(a) of Regulation S-K",
        "",
    ]


def _ten_d_cover(report: MonthReport, form: str, when: str) -> list[str]:
    deal = report.deal
    start = (report.record_date.replace(day=1) + dt.timedelta(days=report.distribution_date.day - 1)).strftime(
        "%B %d, %Y"
    )
    amended = (
        [" This Form 10-D/A amends the Monthly report: Amended Monthly report.", ""] if form.endswith("/A") else []
    )
    return [
        "UNITED STATES",
        "                       SECURITIES AND EXCHANGE COMMISSION",
        "                             Washington, D.C. 20549",
        "",
        f"                                    FORM {form}",
        "",
        "                     ASSET-BACKED ISSUER DISTRIBUTION REPORT",
        "                 Pursuant to Section 13 or 15(d) of the",
        "                       Securities Exchange Act of 1934",
        "",
        f"       For the monthly distribution period from: {start} to {when}",
        "",
        f"                    {deal.issuer.upper()}",
        f"             Mortgage Pass-Through Certificates, Series {deal.series} Trust",
        "       (Exact name of issuing entity as specified in its charter)",
        "",
        *amended,
        "PART I - DISTRIBUTION INFORMATION",
        "",
        "Item 1.  Distribution and Pool Performance Information.",
        "",
        f" On {when} a distribution was made to holders of {deal.issuer.upper()},",
        f" Mortgage Pass-Through Certificates, Series {deal.series} Trust.",
        " The distribution report is attached as Exhibit 99.1 to this Form 10-D.",
        "",
        "PART II - OTHER INFORMATION",
        "",
        "Item 9.  Exhibits",
        "",
        "   (a) Exhibit 99.1: Monthly report distributed to holders of the certificates.",
        "",
        "                   EX-99.1",
        "",
    ]


def render_filing(
    report: MonthReport,
    style: Style,
    form: str = "8-K",
    accession: str | None = None,
    filed: dt.date | None = None,
    cik: int = 1_300_000,
) -> bytes:
    """The filing's bytes: bare or an EDGAR full submission, with the style's line ends.

    A 10-D (the form from 2006 when the style follows the eras) is always a full submission with the
    report in its own EX-99.1 document.
    """
    form = filed_form(report, style, form)
    if form.startswith("10-D"):
        style = replace(style, wrapped=True, report_in_exhibit=True)
    text = render_report(report, style, form)
    if style.wrapped:
        text = _wrap(
            text, report, style, form, accession, filed or report.distribution_date + dt.timedelta(days=10), cik
        )
    if style.crlf:
        text = text.replace("\n", "\r\n")
    return text.encode("latin-1", errors="replace")


def _wrap(
    text: str, report: MonthReport, style: Style, form: str, accession: str | None, filed: dt.date, cik: int
) -> str:
    deal = report.deal
    accession = accession or f"{cik:010d}-{filed.year % 100:02d}-{report.period + 1:06d}"
    cover, _, tables = text.partition("                   EX-99.1\n")
    header = "\n".join(
        [
            f"<SEC-DOCUMENT>{accession}.txt : {filed:%Y%m%d}",
            f"<SEC-HEADER>{accession}.hdr.sgml : {filed:%Y%m%d}",
            f"ACCESSION NUMBER:\t\t{accession}",
            f"CONFORMED SUBMISSION TYPE:\t{form}",
            f"PUBLIC DOCUMENT COUNT:\t\t{2 if style.report_in_exhibit else 1}",
            f"CONFORMED PERIOD OF REPORT:\t{report.distribution_date:%Y%m%d}",
            f"FILED AS OF DATE:\t\t{filed:%Y%m%d}",
            "",
            "FILER:",
            "",
            "\tCOMPANY DATA:\t",
            f"\t\tCOMPANY CONFORMED NAME:\t\t\t{deal.issuer.upper()} TRUST {deal.series}",
            f"\t\tCENTRAL INDEX KEY:\t\t\t{cik:010d}",
            "",
            "\tFILING VALUES:",
            f"\t\tFORM TYPE:\t\t{form}",
            "\t\tSEC ACT:\t\t1934 Act",
            f"\t\tSEC FILE NUMBER:\t333-{cik % 100000:05d}-01",
            "</SEC-HEADER>",
        ]
    )
    tag = (lambda t: t.upper()) if style.upper_tags else (lambda t: t.lower())
    if style.report_in_exhibit:
        body = (
            f"{tag('<DOCUMENT>')}\n{tag('<TYPE>')}{form}\n{tag('<SEQUENCE>')}1\n{tag('<FILENAME>')}cover.txt\n"
            f"{tag('<TEXT>')}\n{cover}{tag('</TEXT>')}\n{tag('</DOCUMENT>')}\n"
            f"{tag('<DOCUMENT>')}\n{tag('<TYPE>')}EX-99.1\n{tag('<SEQUENCE>')}2\n{tag('<FILENAME>')}report.txt\n"
            f"{tag('<DESCRIPTION>')}Monthly report\n{tag('<TEXT>')}\n{tables}{tag('</TEXT>')}\n{tag('</DOCUMENT>')}\n"
        )
    else:
        body = (
            f"{tag('<DOCUMENT>')}\n{tag('<TYPE>')}{form}\n{tag('<SEQUENCE>')}1\n{tag('<FILENAME>')}report.txt\n"
            f"{tag('<TEXT>')}\n{text}{tag('</TEXT>')}\n{tag('</DOCUMENT>')}\n"
        )
    return f"{header}\n{body}</SEC-DOCUMENT>\n"
