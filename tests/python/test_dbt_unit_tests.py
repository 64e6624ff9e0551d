"""The dbt unit tests (``unit_tests:`` in the models' YAML: given rows, expected rows computed by hand)
run once here, on the built sample warehouse; the builds of the other tests leave them out (conftest)."""

from __future__ import annotations

import json

from tests.python.conftest import run_dbt


def test_every_dbt_unit_test_passes(sample_warehouse, tmp_path):
    result = run_dbt(sample_warehouse, tmp_path, "--select", "test_type:unit", command="test")
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-2000:]
    results = json.loads((tmp_path / "target" / "run_results.json").read_text())["results"]
    ran = {r["unique_id"].split(".")[-1]: r["status"] for r in results if r["unique_id"].startswith("unit_test.")}
    # The formulas of the performance and credit enhancement marts and the per-figure checks' storage are
    # among them, and all pass.
    for name in (
        "group_speeds_over_calendar_windows",
        "group_delinquency_and_loss_rate",
        "deal_defaults_losses_and_pool_factor",
        "credit_enhancement_by_priority",
        "credit_enhancement_priority_from_each_months_report",
        "per_figure_checks_list_failures_and_count_the_rest",
    ):
        assert ran.get(name) == "pass", name
    assert set(ran.values()) == {"pass"}
