"""mbs-report: the deal report's contents and its command line (the browser test is
test_report_browser.py)."""

from __future__ import annotations

import re

from loaders.report import main


def test_sample_report_summary(sample_warehouse, tmp_path):
    out = tmp_path / "thb.html"
    assert main(["thb-2003-1", "--warehouse", str(sample_warehouse), "--out", str(out)]) == 0
    page = out.read_text()
    # Self-contained: Plotly's JavaScript is in the page, nothing is loaded from elsewhere.
    assert "<script src" not in page.replace(" ", "").lower().replace("<scriptsrc", "<script src")
    assert not re.search(r"<(script|link|img)[^>]+(src|href)=\"https?:", page)
    assert len(page) > 1_000_000  # plotly.js itself
    # CUSIPs, faces and balances typed from the sample (lines 127-160, 181-191).
    for text in ("885220CR2", "885220DB6", "187,279,000.00", "163,982,935.69", "774,474,863.00", "532,576,433.36"):
        assert text in page, text
    # Every senior's enhancement: (532,576,433.36 - 510,541,651.56) / 532,576,433.36 = 4.1374%.
    assert page.count("<td>4.14%</td>") == 5
    assert "1 months passed" in page and "0 warned" in page
    assert page.count('class="chart"') == 6


def test_all_writes_an_index_linking_every_deal(simulated_warehouse, tmp_path):
    warehouse, deal = simulated_warehouse
    out = tmp_path / "reports"
    assert main(["--all", str(out), "--warehouse", str(warehouse)]) == 0
    index = (out / "index.html").read_text()
    assert f'href="{deal.deal_id}.html"' in index
    page = (out / f"{deal.deal_id}.html").read_text()
    # The warned month links to its filing on EDGAR; the restated cell is listed.
    assert deal.warned_accession in page and "www.sec.gov/Archives/edgar/data/1500000/" in page
    assert "23 months passed" in page and "1 warned" in page
    assert "Group 1 delinquent 30" in page


def test_errors(sample_warehouse, tmp_path, capsys):
    assert main(["no-such-deal", "--warehouse", str(sample_warehouse), "--out", str(tmp_path / "x.html")]) == 1
    assert "unknown deal 'no-such-deal'" in capsys.readouterr().err
    assert not (tmp_path / "x.html").exists()
    assert main(["thb-2003-1", "--warehouse", str(tmp_path / "missing.duckdb")]) == 2
    assert "no warehouse at" in capsys.readouterr().err
