"""``make bench-floor``: how fast DuckDB alone can land a batch of parsed filings on this machine.

The loader's target (5x a plain-Python line loop) needs parse *and* land to run at ~250 MB/s of
filings on 2 cores. This measures the landing half on its own, with the parser's cost taken out: one
batch of the 1k corpus (``BENCH_FLOOR_MB`` of filings, default 16) is parsed first, then its frames
are inserted into a new warehouse file (with the loader's ``storage_compatibility_version``, as the loader
writes it), best of three, for:

* the raw tables as they are (documents with full text, tables, cells with labels, lines);
* the same with a narrow cell table (integer keys, printed text and cleaned value only), the least
  the raw layer could hold and still keep every printed value and its provenance;
* that narrow layout written uncompressed (fastest to write, ~2-3x the file size).

Nothing here asserts a time; it prints a Markdown table (and appends it to ``bench/land_floor.md``).
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
import time
from pathlib import Path

# isort: off
import loaders  # noqa: F401  (first: its allocator setting must precede Polars, loaders/__init__.py)

# isort: on
import duckdb
import polars as pl

from loaders.filing import parse_batch
from loaders.warehouse import DUCKDB_CONFIG

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "bench" / "work" / "corpus-1000" / "initial"


def batch(limit_mb: float) -> list[tuple[bytes, str]]:
    items, size = [], 0
    for path in sorted(CORPUS.rglob("*.txt")):
        data = path.read_bytes()
        items.append((data, str(path)))
        size += len(data)
        if size >= limit_mb * 1e6:
            break
    return items


def land_seconds(frames: dict[str, pl.DataFrame], compression: str | None) -> tuple[float, int]:
    best, size = float("inf"), 0
    for _ in range(3):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "floor.duckdb")
            con = duckdb.connect(path, config=DUCKDB_CONFIG)
            if compression:
                con.execute(f"set force_compression = '{compression}'")
            for name, frame in frames.items():
                con.register(f"frame_{name}", frame)
                con.execute(f"create table {name} as select * from frame_{name} limit 0")
            started = time.perf_counter()
            for name in frames:
                con.execute(f"insert into {name} select * from frame_{name}")
            con.execute("checkpoint")
            best = min(best, time.perf_counter() - started)
            con.close()
            size = os.path.getsize(path)
    return best, size


def main() -> int:
    if not CORPUS.exists():
        print(f"{CORPUS} is missing: run `BENCH_SIZES=1000 make bench` first", file=sys.stderr)
        return 2
    items = batch(float(os.environ.get("BENCH_FLOOR_MB", "16")))
    mb = sum(len(d) for d, _ in items) / 1e6
    started = time.perf_counter()
    frames = parse_batch(items).frames
    parse = time.perf_counter() - started
    current = {
        "documents": frames.documents,
        "report_tables": frames.tables,
        "report_cells": frames.cells,
        "report_lines": frames.lines,
    }
    narrow = {
        **current,
        "report_cells": frames.cells.select(
            pl.col(pl.Int32), pl.lit(1, dtype=pl.Int64).alias("filing_seq"), "raw_text", "value_clean"
        ),
    }
    rows = [
        ("raw tables as the loader writes them", *land_seconds(current, None)),
        ("narrow cell table", *land_seconds(narrow, None)),
        ("narrow cell table, uncompressed", *land_seconds(narrow, "uncompressed")),
    ]
    lines = [
        f"### {dt.datetime.now().isoformat(timespec='seconds')}: {len(items)} filings, {mb:.1f} MB, "
        f"{os.cpu_count()} cores (the loader's parse of this batch: {mb / parse:.0f} MB/s)",
        "",
        "| layout | land s | MB/s of filings | file MB |",
        "|---|---|---|---|",
        *(f"| {name} | {seconds:.3f} | {mb / seconds:.0f} | {size / 1e6:.0f} |" for name, seconds, size in rows),
        "",
    ]
    text = "\n".join(lines)
    print(text)
    out = REPO / "bench" / "land_floor.md"
    header = "" if out.exists() else "# Landing floor\n\nWritten by `make bench-floor` (`bench/land_floor.py`).\n\n"
    with out.open("a") as handle:
        handle.write(header + text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
