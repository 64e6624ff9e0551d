"""The deal report in a real browser: headless Chromium (the Debian package, driven by Playwright)
opens the report of the simulated 24-month deal with every network request refused; the page must
load with no console error, every chart must draw (an SVG with its traces), and the screenshot must
not be blank. Skipped, with the reason, when Chromium or Playwright is missing.

MBS_REPORT_SCREENSHOT=docs/report-example.png keeps the screenshot (README's picture).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from loaders.report import main

CHROMIUM = next((p for p in (shutil.which("chromium"), "/usr/bin/chromium") if p and Path(p).exists()), None)


@pytest.fixture(scope="module")
def browser():
    if CHROMIUM is None:
        pytest.skip("the browser test needs Chromium: apt-get install chromium (.ci/run installs it as root)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="the browser test needs playwright (pip)")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        yield browser
        browser.close()


def test_report_draws_every_chart_offline(browser, simulated_warehouse, tmp_path):
    from PIL import Image, ImageStat

    warehouse, deal = simulated_warehouse
    report = tmp_path / "report.html"
    assert main([deal.deal_id, "--warehouse", str(warehouse), "--out", str(report)]) == 0
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    refused: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))

    def offline(route):
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort()

    page.route("**/*", offline)
    page.goto(report.as_uri())
    expected = ["class-factors", "prepayments", "losses", "delinquency", "credit-enhancement", "reconciliation"]
    page.wait_for_function(
        f"document.querySelectorAll('[data-chart] .js-plotly-plot svg.main-svg').length >= {len(expected)}",
        timeout=30_000,
    )
    drawn = page.evaluate(
        """[...document.querySelectorAll('[data-chart]')].map(d => [
            d.dataset.chart,
            d.querySelectorAll('svg.main-svg').length,
            d.querySelectorAll('g.trace').length,
            d.querySelectorAll('g.trace path').length,
        ])"""
    )
    assert [d[0] for d in drawn] == expected
    for chart, svgs, traces, marks in drawn:
        assert svgs > 0 and traces > 0 and marks > 0, chart  # an SVG, its traces, and their lines or bars
    assert errors == []
    assert refused == []
    for chart in expected:  # each chart's picture has something on it
        shot = tmp_path / f"{chart}.png"
        page.locator(f'[data-chart="{chart}"]').screenshot(path=str(shot))
        assert max(ImageStat.Stat(Image.open(shot).convert("L")).stddev) > 10, chart
    full = tmp_path / "report.png"
    page.screenshot(path=str(full), full_page=True)
    assert max(ImageStat.Stat(Image.open(full).convert("L")).stddev) > 10
    if keep := os.environ.get("MBS_REPORT_SCREENSHOT"):
        Path(keep).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(full, keep)
    page.close()
