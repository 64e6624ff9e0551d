"""``make bench``: measure the loader and dbt at EDGAR scale on simulated corpora.

For each corpus size (default 1k, 10k and 100k filings; ``BENCH_SIZES=1000,10000`` to choose):

* generate the corpus (12 monthly filings per deal, deterministic) under ``bench/work/`` unless it is
  already there, holding back the last month of 12% of the deals (1% of the filings) for the
  incremental run;
* measure a baseline on the same files, just before and just after the load (the ratio uses the
  mean of the two): a plain-Python loop that reads every line and tokenises it with a regex, with
  token positions (the floor any line-by-line parser stands on);
* load the corpus with ``mbs-load`` in a child process: parse and land seconds, MB/s, filings/s and
  the child's peak resident memory;
* ``dbt build`` (all models and data tests; the unit tests test logic, not data, and are left out as
  ``make build`` leaves them out): wall time; the warehouse's size;
* the incremental run: load the held-back month, ``dbt build`` again.

Results are appended to ``bench/history.jsonl`` and ``bench/results.md`` is rewritten from it, with
the machine's cores and memory. Nothing here asserts a time: the figures are recorded as measured.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
WORK = REPO / "bench" / "work"
BIN = Path(sys.executable).parent
TOKEN = re.compile(r"\S+(?: \S+)*")
MONTHS = 12


def machine() -> dict:
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return {"cores": os.cpu_count(), "memory_gib": round(memory, 1)}


def commit() -> str:
    """The code measured: ``BENCH_CODE`` when set (e.g. "main abdd4f2, old", for a run of another clone's
    code), else the short commit, ``+`` when the work tree has changes."""
    if os.environ.get("BENCH_CODE"):
        return os.environ["BENCH_CODE"]
    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True)
    # The bench's own outputs (written after each size of a run) do not make the tree dirty.
    outputs = [":!bench/history.jsonl", ":!bench/results.md"]
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=no", "--", ".", *outputs],
        cwd=REPO,
        capture_output=True,
    )
    return head.stdout.strip() + ("+" if dirty.stdout.strip() else "")


def corpus(size: int) -> tuple[Path, Path]:
    """The corpus folder and the held-back folder (the incremental month) for ``size`` filings."""
    root = WORK / f"corpus-{size}"
    main, held = root / "initial", root / "incremental"
    if held.exists() and main.exists():
        return main, held
    shutil.rmtree(root, ignore_errors=True)
    deals = max(1, size // MONTHS)
    subprocess.run(
        [str(BIN / "mbs-synth"), str(main), "--deals", str(deals), "--months", str(MONTHS), "--seed", str(size)],
        check=True,
    )
    held.mkdir(parents=True)
    folders = sorted(p for p in main.iterdir() if p.is_dir())
    for folder in folders[: max(1, round(len(folders) * 0.12))]:
        last = sorted(folder.glob("*.txt"))[-1]
        (held / folder.name).mkdir()
        last.rename(held / folder.name / last.name)
    return main, held


def baseline(folder: Path) -> dict:
    """Plain Python: read every line of every file and find its tokens and their positions."""
    files = sorted(folder.rglob("*.txt"))
    started = time.perf_counter()
    size = tokens = 0
    for path in files:
        data = path.read_bytes()
        size += len(data)
        for line in data.decode("latin-1").split("\n"):
            for match in TOKEN.finditer(line):
                tokens += match.end() - match.start() > 0
    seconds = time.perf_counter() - started
    return {"files": len(files), "mb": size / 1e6, "seconds": seconds, "mb_per_s": size / 1e6 / seconds}


def load(folder: Path, warehouse: Path, stats: Path) -> dict:
    started = time.perf_counter()
    child = subprocess.Popen(
        [str(BIN / "mbs-load"), str(folder), "--warehouse", str(warehouse), "--stats", str(stats)],
        stdout=subprocess.DEVNULL,
    )
    # wait4 reports this child's own peak resident memory (KiB on Linux).
    _pid, _status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    out = json.loads(stats.read_text())
    mb = out["bytes_read"] / 1e6
    return {
        "files": out["seen"],
        "loaded": out["loaded"],
        "mb": mb,
        "wall_s": wall,
        "parse_s": out["parse_seconds"],
        "land_s": out["land_seconds"],
        "parse_mb_per_s": mb / out["parse_seconds"] if out["parse_seconds"] else None,
        "land_mb_per_s": mb / out["land_seconds"] if out["land_seconds"] else None,
        "end_to_end_mb_per_s": mb / wall,
        "filings_per_s": out["seen"] / wall,
        "peak_rss_mib": usage.ru_maxrss / 1024,
    }


def dbt_build(warehouse: Path) -> dict:
    env = dict(os.environ, MBS_WAREHOUSE=str(warehouse), DBT_PROFILES_DIR=str(REPO))
    started = time.perf_counter()
    child = subprocess.Popen(
        [
            str(BIN / "dbt"),
            "build",
            "--exclude-resource-type",
            "unit_test",
            "--quiet",
            "--target-path",
            str(WORK / "target"),
            "--log-path",
            str(WORK / "logs"),
        ],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    # dbt runs DuckDB in its own process: wait4 gives that process's peak resident memory (KiB).
    _pid, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    # Where the time went: the five slowest models and tests of this build.
    run_results = json.loads((WORK / "target" / "run_results.json").read_text())["results"]
    slowest = sorted(run_results, key=lambda r: r["execution_time"], reverse=True)[:5]
    return {
        "seconds": seconds,
        "ok": os.waitstatus_to_exitcode(status) == 0,
        "peak_rss_mib": usage.ru_maxrss / 1024,
        "slowest": [[r["unique_id"].split(".")[-1][:60], round(r["execution_time"], 2)] for r in slowest],
    }


def run(size: int) -> dict:
    main, held = corpus(size)
    warehouse = WORK / f"warehouse-{size}.duckdb"
    warehouse.unlink(missing_ok=True)
    Path(f"{warehouse}.wal").unlink(missing_ok=True)
    result = {"size": size, "when": dt.datetime.now().isoformat(timespec="seconds"), "commit": commit(), **machine()}
    # The baseline runs just before and just after the load, and the ratio uses their mean: on a
    # machine shared with other work the cores' speed drifts within a run.
    before = baseline(main)
    result["load"] = load(main, warehouse, WORK / "stats.json")
    after = baseline(main)
    result["baseline"] = {
        **before,
        "seconds": (before["seconds"] + after["seconds"]) / 2,
        "mb_per_s": (before["mb_per_s"] + after["mb_per_s"]) / 2,
        "mb_per_s_before": before["mb_per_s"],
        "mb_per_s_after": after["mb_per_s"],
    }
    result["dbt"] = dbt_build(warehouse)
    result["warehouse_mib"] = warehouse.stat().st_size / 2**20
    result["incremental_load"] = load(held, warehouse, WORK / "stats.json")
    result["incremental_dbt"] = dbt_build(warehouse)
    parse_rate = result["load"]["end_to_end_mb_per_s"]
    result["loader_vs_baseline"] = parse_rate / result["baseline"]["mb_per_s"]
    return result


ARCHIVE_FILINGS = 1_000_000


def projection(r: dict) -> dict:
    """The whole archive (1M filings) from one run's figures, scaled per filing: load (end to end) plus
    a full ``dbt build`` in hours, and the warehouse in GB (10^9 bytes). Linear: where the build grows
    faster than the filings (it did before issue 11), the build hours are a lower bound."""
    scale = ARCHIVE_FILINGS / r["load"]["files"]
    load_h = r["load"]["wall_s"] * scale / 3600
    dbt_h = r["dbt"]["seconds"] * scale / 3600
    return {
        "filings": ARCHIVE_FILINGS,
        "load_h": load_h,
        "dbt_h": dbt_h,
        "total_h": load_h + dbt_h,
        "warehouse_gb": r["warehouse_mib"] * 2**20 * scale / 1e9,
        "bytes_per_text_byte": r["warehouse_mib"] * 2**20 / (r["load"]["mb"] * 1e6),
    }


def write_results(history: list[dict]) -> None:
    lines = [
        "# Benchmark results",
        "",
        "Written by `make bench` (`bench/run.py`); every run is kept in `bench/history.jsonl`. Simulated",
        "corpora of 12 monthly filings per deal; the incremental run loads one more month for 1% of the",
        "filings. Figures are as measured; the targets are in the issue and README. The last three columns",
        "are derived: the warehouse file per byte of filing text, and the whole archive (1M filings)",
        "projected per filing from the run (load end to end + full dbt build; linear, so where the build",
        "grows faster than the filings its hours are a lower bound).",
        "",
        "| when | commit | cores | GiB | filings | MB | baseline MB/s | load MB/s (end to end) | parse MB/s "
        "| land MB/s "
        "| filings/s | loader / baseline | loader peak MiB | dbt build s | dbt peak MiB | warehouse MiB "
        "| incr. filings "
        "| incr. load s | incr. dbt s | incr. / full dbt | warehouse bytes / text byte | 1M filings: load + build h "
        "| 1M filings: warehouse GB |",
        "|" + "---|" * 23,
    ]
    for r in history:
        load, inc, p = r["load"], r["incremental_load"], projection(r)
        peak = f"{load['peak_rss_mib']:.0f}" if load.get("peak_rss_mib") else "n/a"
        dbt_peak = f"{r['dbt']['peak_rss_mib']:.0f}" if r["dbt"].get("peak_rss_mib") else "n/a"
        lines.append(
            f"| {r['when']} | {r.get('commit', r.get('code', ''))} | {r['cores']} | {r['memory_gib']} "
            f"| {load['files']:,} | {load['mb']:.0f} "
            f"| {r['baseline']['mb_per_s']:.1f} | {load['end_to_end_mb_per_s']:.1f} | {load['parse_mb_per_s']:.1f} "
            f"| {load['land_mb_per_s']:.1f} | {load['filings_per_s']:.0f} | {r['loader_vs_baseline']:.2f}x | {peak} "
            f"| {r['dbt']['seconds']:.1f}{'' if r['dbt']['ok'] else ' (failed)'} | {dbt_peak} "
            f"| {r['warehouse_mib']:.0f} "
            f"| {inc['files']:,} | {inc['wall_s']:.1f} | {r['incremental_dbt']['seconds']:.1f} "
            f"| {r['incremental_dbt']['seconds'] / r['dbt']['seconds']:.0%} "
            f"| {p['bytes_per_text_byte']:.2f} | {p['load_h']:.2f} + {p['dbt_h']:.2f} = {p['total_h']:.2f} "
            f"| {p['warehouse_gb']:.0f} |"
        )
    (REPO / "bench" / "results.md").write_text("\n".join(lines) + "\n")


def main() -> int:
    sizes = [int(s) for s in os.environ.get("BENCH_SIZES", "1000,10000,100000").split(",") if s]
    WORK.mkdir(parents=True, exist_ok=True)
    history_file = REPO / "bench" / "history.jsonl"
    for size in sizes:
        result = run(size)
        with history_file.open("a") as out:
            out.write(json.dumps(result) + "\n")
        print(json.dumps(result, indent=2))
        p = projection(result)
        print(
            f"{size} filings: loader {result['loader_vs_baseline']:.2f}x the baseline, warehouse "
            f"{result['warehouse_mib']:.0f} MiB ({p['bytes_per_text_byte']:.2f} bytes per text byte). "
            f"Projected for {p['filings']:,} filings: load {p['load_h']:.2f} h + dbt build {p['dbt_h']:.2f} h "
            f"= {p['total_h']:.2f} h, warehouse {p['warehouse_gb']:.0f} GB"
        )
    history = [json.loads(line) for line in history_file.read_text().splitlines() if line.strip()]
    write_results(history)
    return 0


if __name__ == "__main__":
    sys.exit(main())
