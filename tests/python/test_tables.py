"""The table parser on small excerpts written for each behaviour."""

from __future__ import annotations

import polars as pl

from loaders.tables import parse_report_tables

CLASS_TABLE = """\
<TABLE>
<CAPTION>
Record Date:             11/30/03
THB  Series: 2003-1

                  Example Summary

                        Beginning          Interest
Class   CUSIP             Balance      Distribution

<s>     <c>          <c>               <c>
A-1     885220CR2    168,214,299.39      381,626.41
A-R     885220CV3              0.00            100.5
Totals               168,214,299.39      381,726.91
<FN>
(1) A footnote with 12.50 in it.
</FN>
</TABLE>
"""


def cells_of(text: str) -> pl.DataFrame:
    return parse_report_tables(text).cells


def test_columns_from_right_aligned_numbers_and_stacked_headers():
    cells = cells_of(CLASS_TABLE).filter(pl.col("area") == "data")
    got = {(r["row_label"], r["column_label"]): r["raw_text"] for r in cells.iter_rows(named=True)}
    assert got == {
        ("A-1", "CUSIP"): "885220CR2",
        ("A-1", "Beginning Balance"): "168,214,299.39",
        ("A-1", "Interest Distribution"): "381,626.41",
        ("A-R", "CUSIP"): "885220CV3",
        ("A-R", "Beginning Balance"): "0.00",
        ("A-R", "Interest Distribution"): "100.5",
        ("Totals", "Beginning Balance"): "168,214,299.39",
        ("Totals", "Interest Distribution"): "381,726.91",
    }
    values = dict(zip(cells["raw_text"], cells["value_clean"], strict=True))
    assert values["168,214,299.39"] == "168214299.39"
    assert values["885220CR2"] == "885220CR2"


def test_caption_key_values_title_and_footnote():
    parsed = parse_report_tables(CLASS_TABLE)
    captions = parsed.cells.filter(pl.col("area") == "caption")
    assert list(zip(captions["row_label"], captions["raw_text"], captions["value_kind"], strict=True)) == [
        ("Record Date", "11/30/03", "date"),
        ("THB Series", "2003-1", "text"),
    ]
    assert parsed.tables["title"].to_list() == ["Example Summary"]
    footnotes = parsed.lines.filter(pl.col("kind") == "footnote")["text"].to_list()
    # A footnote's numbers are text of the footnote, not cells.
    assert footnotes == ["(1) A footnote with 12.50 in it."]
    assert "12.50" not in parsed.cells["raw_text"].to_list()


def test_labels_keep_single_spaces_and_two_numbers_one_space_apart_split():
    text = """\
<TABLE>
<CAPTION>
              Statement
<S>                                              <C>
Payments of Interest and Principal           14,552,138.28
Spread Fee 1                                  1.00 2.00
</TABLE>
"""
    cells = cells_of(text)
    assert list(zip(cells["row_label"], cells["raw_text"], strict=True)) == [
        ("Payments of Interest and Principal", "14,552,138.28"),
        ("Spread Fee 1", "1.00"),
        ("Spread Fee 1", "2.00"),
    ]


def test_blank_cell_sub_rows_and_repeated_blocks():
    text = """\
<TABLE>
            Delinquency Status By Groups
<CAPTION>
           DELINQUENT    BANKRUPTCY
<S>        <C>           <C>
Group 7    No of Loans   No of Loans
           Balance       Balance

0-29 Days                3
                         1,000.00
30 Days    2             0
           500.00        0.00

0-29 Days                0.500000%
                         0.100000%
</TABLE>
"""
    cells = cells_of(text).filter(pl.col("row_label_filled") != "Group 7")
    rows = [
        (r["row_label_filled"], r["row_sub"], r["label_occurrence"], r["column_label"], r["raw_text"])
        for r in cells.iter_rows(named=True)
    ]
    assert rows == [
        ("0-29 Days", 0, 1, "BANKRUPTCY", "3"),
        ("0-29 Days", 1, 1, "BANKRUPTCY", "1,000.00"),
        ("30 Days", 0, 1, "DELINQUENT", "2"),
        ("30 Days", 0, 1, "BANKRUPTCY", "0"),
        ("30 Days", 1, 1, "DELINQUENT", "500.00"),
        ("30 Days", 1, 1, "BANKRUPTCY", "0.00"),
        ("0-29 Days", 0, 2, "BANKRUPTCY", "0.500000%"),
        ("0-29 Days", 1, 2, "BANKRUPTCY", "0.100000%"),
    ]


def test_first_row_is_the_header_when_there_is_none_and_captions_split_segments():
    text = """\
<TABLE>
<CAPTION>
      Group Level Collateral Statement
<S>                          <C>
Group                            Group 1          Total
Beginning Loan Count                 351          1,318
Record Date                   11/30/2003     11/30/2003
</TABLE>
"""
    cells = cells_of(text)
    got = {(r["row_label"], r["column_label"]): r["raw_text"] for r in cells.iter_rows(named=True)}
    assert got[("Beginning Loan Count", "Group 1")] == "351"
    assert got[("Beginning Loan Count", "Total")] == "1,318"
    assert got[("Record Date", "Total")] == "11/30/2003"
    kinds = dict(zip(cells["raw_text"], cells["value_kind"], strict=True))
    assert kinds["11/30/2003"] == "date"


def test_garbled_number_is_unreadable_not_a_wrong_value():
    text = CLASS_TABLE.replace("381,626.41", "381,6b6.41")
    cells = cells_of(text)
    garbled = cells.filter(pl.col("raw_text") == "381,6b6.41")
    assert garbled["value_kind"].to_list() == ["unreadable"]
    assert garbled["value_clean"].to_list() == [None]


def test_form_feeds_tabs_and_mixed_case_tags_do_not_move_columns():
    variant = CLASS_TABLE.replace("<TABLE>", "<table>").replace("<CAPTION>", "<Caption>")
    variant = variant.replace("A-1     ", "\fA-1\t").replace("\n", "\r\n").replace("\r\n", "\n")
    base = cells_of(CLASS_TABLE).select("row_label", "column_label", "raw_text")
    assert cells_of(variant).select("row_label", "column_label", "raw_text").equals(base)


def test_no_tables_no_cells():
    parsed = parse_report_tables("ITEM 5. Other Events\nNo tables here 1,000.00\n")
    assert parsed.cells.is_empty()
    assert parsed.number_cells == 0


def test_masthead_line_with_several_statements_and_spelled_out_dates():
    text = """\
<TABLE>
<CAPTION>
SEQUOIA MORTGAGE TRUST
SMT SERIES 2004-3  RECORD DATE: JUNE 30, 2004  DISTRIBUTION DATE: JULY 20, 2004
Contact: Customer Service - CTSLink

                  CERTIFICATEHOLDER DISTRIBUTION SUMMARY
<S>                          <C>
A-1                          1,000.00
</TABLE>
"""
    parsed = parse_report_tables(text)
    captions = parsed.cells.filter(pl.col("area") == "caption")
    assert captions.select("row_label", "raw_text", "value_kind", "value_clean", "char_start").rows() == [
        ("SMT SERIES", "2004-3", "text", "2004-3", 0),
        ("RECORD DATE", "JUNE 30, 2004", "date", "06/30/2004", 19),
        ("DISTRIBUTION DATE", "JULY 20, 2004", "date", "07/20/2004", 47),
        ("Contact", "Customer Service - CTSLink", "text", "Customer Service - CTSLink", 0),
    ]
    assert parsed.tables["title"].to_list() == ["CERTIFICATEHOLDER DISTRIBUTION SUMMARY"]


def test_rule_lines_are_not_headers_or_cells():
    text = CLASS_TABLE.replace(
        "Class   CUSIP             Balance      Distribution\n",
        "Class   CUSIP             Balance      Distribution\n- -----  ---------  --------------  ------------\n",
    ).replace("Totals ", "        ==============  ============\nTotals ")
    base = cells_of(CLASS_TABLE).select("row_label", "column_label", "raw_text")
    assert cells_of(text).select("row_label", "column_label", "raw_text").equals(base)
    assert parse_report_tables(text).lines.filter(pl.col("text").str.contains("---|===")).is_empty()


def test_factor_denomination_from_the_footnote_and_continued_tables_inherit_it():
    table = """\
<TABLE>
<CAPTION>
      {title}
                 Beginning
Class              Balance
<S>           <C>
A-1           898.20161038
<FN>
{footnote}
</FN>
</TABLE>
"""
    text = "".join(
        [
            table.format(title="Principal Distribution Factors Statement", footnote="(2) Per $1 denomination"),
            table.format(title="Principal Distribution Factors Statement (continued)", footnote="(3) Losses."),
            table.format(
                title="Interest Distribution Factors Statement", footnote="(5) All Classes Are Per $1000 Denomination."
            ),
            table.format(title="Interest Distribution Statement", footnote="(4) Losses."),
        ]
    )
    assert parse_report_tables(text).tables["factor_denomination"].to_list() == [1, 1, 1000, None]


def test_left_aligned_header_word_over_short_numbers_heads_its_column():
    text = """\
<TABLE>
<CAPTION>
              Summary
                  Current    Ending
                  Realized   Certificate
Class             Loss       Balance

<S>            <C>        <C>
A-1                   0.00    84,961,188.62
Totals                0.00    84,961,188.62
</TABLE>
"""
    labels = cells_of(text).filter(pl.col("row_label") == "A-1")["column_label"].to_list()
    assert labels == ["Current Realized Loss", "Ending Certificate Balance"]


def test_left_aligned_header_words_in_the_gap_between_two_columns_stay_stacked():
    # Left-aligned headers over right-aligned figures: "Current", "Realized", "Loss" start in the gap
    # right of the Principal Distribution figures; only "Realized" reaches the short 0.00 below it. The
    # words stacked with it head its column, not the column that ends as near on the left.
    text = """\
<TABLE>
<CAPTION>
              Summary
                       Principal  Current       Ending
                       Distri-    Realized      Certificate
Class                  bution     Loss          Balance

<S>            <C>          <C>           <C>
A-1                    263,732.54       0.00   17,900,413.12
Totals                 263,732.54       0.00   17,900,413.12
</TABLE>
"""
    labels = cells_of(text).filter(pl.col("row_label") == "A-1")["column_label"].to_list()
    assert labels == ["Principal Distri- bution", "Current Realized Loss", "Ending Certificate Balance"]


def test_trustee_typo_with_two_decimal_points_is_unreadable_not_a_number():
    # Sequoia 2004-1, August 2004, printed a Class A interest distribution as 1,028.446.69.
    cells = cells_of(CLASS_TABLE.replace("381,626.41", "1,028.446.69"))
    typo = cells.filter(pl.col("raw_text") == "1,028.446.69")
    assert typo.select("value_kind", "value_clean").rows() == [("unreadable", None)]


# A Bankers Trust style page: dashed rules (EDGAR's "- ----" escaping), header words right-aligned
# over their numbers, a negative in parentheses, and a footer of prose and spelled-out dates under
# the figures that must not glue two columns into one.
RULED_TABLE = """\
<TABLE>
<CAPTION>
- ------------------------------------------------------------
                 DISTRIBUTIONS IN DOLLARS
                      PRIOR                        CURRENT
 CLASS            PRINCIPAL       INTEREST         BALANCE
- ------------------------------------------------------------
<S>       <C>               <C>            <C>
  A-1F       113,781,143.26     591,567.13  110,180,744.79
  C            3,532,291.89    (22,746.88)    5,365,299.61
- ------------------------------------------------------------
SELLER:          Aames Capital Corporation     David West
RECORD DATE:         November 30, 1998
====================================================
</TABLE>
"""


def test_rules_are_not_titles_or_rows_and_prose_does_not_merge_columns():
    parsed = parse_report_tables(RULED_TABLE)
    assert parsed.tables["title"].to_list() == ["DISTRIBUTIONS IN DOLLARS"]
    cells = parsed.cells.filter(pl.col("area") == "data")
    got = {(r["row_label"], r["column_label"]): r["raw_text"] for r in cells.iter_rows(named=True)}
    assert got[("A-1F", "PRIOR PRINCIPAL")] == "113,781,143.26"
    assert got[("A-1F", "INTEREST")] == "591,567.13"
    assert got[("A-1F", "CURRENT BALANCE")] == "110,180,744.79"
    assert got[("C", "INTEREST")] == "(22,746.88)"
    # Three figure columns, whatever the footer prints across them.
    figures = cells.filter(pl.col("value_kind") == "number")
    assert sorted(set(figures["column_ordinal"].to_list())) == [1, 2, 3]
    assert not any(label and set(label) <= set("- =") for label in cells["row_label"].to_list())
    negative = cells.filter(pl.col("raw_text") == "(22,746.88)")
    assert negative["value_clean"].to_list() == ["-22746.88"]


def test_spelled_out_dates_are_dates():
    cells = cells_of(RULED_TABLE)
    date = cells.filter(pl.col("raw_text") == "November 30, 1998")
    assert date["value_kind"].to_list() == ["date"]
    assert date["row_label"].to_list() == ["RECORD DATE:"]
    caption = cells_of("<TABLE>\n<CAPTION>\nDistribution Date:     DECEMBER 15, 1998\n<S>\n  A   1.00\n</TABLE>\n")
    assert caption.filter(pl.col("area") == "caption")["value_kind"].to_list() == ["date"]


def test_pseudo_cusips_and_na_are_text_cells_beside_the_numbers():
    """A Current Market Distribution Summary whose OC and residual classes print pseudo-CUSIPs
    (BNCMOR074X, BNCMOR074R, as BNC 2007-4 does) and a class NA in the CUSIP column (figures made up):
    each is one text cell, as printed, and the figures beside it stay in their columns."""
    text = """\
<TABLE>
<CAPTION>

                  Current Market Distribution Summary

                              Original         Beginning
Class   CUSIP                  Balance    Actual Balance

<s>     <c>             <c>               <c>
A1      05530MAA1      405,853,000.00    361,290,215.41
X       BNCMOR074X       9,999,950.94      9,999,950.94
R       BNCMOR074R             100.00              0.00
P       NA                     100.00            100.00
Totals                 415,853,150.94    371,290,266.35
</TABLE>
"""
    cells = cells_of(text).filter(pl.col("area") == "data")
    got = {(r["row_label"], r["column_label"]): (r["raw_text"], r["value_kind"]) for r in cells.iter_rows(named=True)}
    assert got[("X", "CUSIP")] == ("BNCMOR074X", "text")
    assert got[("R", "CUSIP")] == ("BNCMOR074R", "text")
    assert got[("P", "CUSIP")] == ("NA", "text")
    assert got[("A1", "CUSIP")] == ("05530MAA1", "text")
    assert got[("X", "Original Balance")] == ("9,999,950.94", "number")
    assert got[("P", "Beginning Actual Balance")] == ("100.00", "number")
    assert got[("Totals", "Original Balance")] == ("415,853,150.94", "number")
    assert len(got) == 3 * 4 + 2
