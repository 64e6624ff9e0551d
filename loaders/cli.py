"""``mbs-load PATH... [--warehouse FILE]``: load EDGAR filings into the warehouse's raw schema.

Files or folders (searched recursively). Each file is parsed on its own; a file that holds no report
goes to ``raw.rejected_files`` with its reason and the rest of the batch loads. Filings already in the
warehouse (same accession number, or same bytes when there is none) are counted as unchanged.
Exit status: 0 when nothing was rejected, 1 when something was, 2 when the warehouse could not be
opened.
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from loaders.filing import ParsedBatch, parse_batch, rejection
from loaders.limits import MAX_FILE_BYTES
from loaders.progress import progress_bar
from loaders.warehouse import (
    connect,
    ensure_schema,
    existing_filing_ids,
    finish_run,
    land,
    start_run,
    warehouse_path,
)

BATCH_FILES = int(os.environ.get("MBS_LOAD_BATCH_FILES", "500"))
BATCH_BYTES = int(float(os.environ.get("MBS_LOAD_BATCH_MB", "16")) * 1024 * 1024)


@dataclass
class LoadSummary:
    seen: int = 0
    loaded: int = 0
    unchanged: int = 0
    rejected: int = 0
    bytes_read: int = 0
    parse_seconds: float = 0.0
    land_seconds: float = 0.0
    rejections: list[dict] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {
            "seen": self.seen,
            "loaded": self.loaded,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
        }


def iter_files(paths: list[str]) -> Iterator[tuple[str, str | None]]:
    """Yield ``(path, problem)`` for every file under ``paths``, sorted; ``problem`` when unreadable."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            seen_dirs: set[tuple[int, int]] = set()
            for root, dirs, files in os.walk(path, followlinks=True):
                stat = os.stat(root)
                if (stat.st_dev, stat.st_ino) in seen_dirs:
                    dirs[:] = []
                    continue
                seen_dirs.add((stat.st_dev, stat.st_ino))
                dirs.sort()
                for name in sorted(files):
                    if not name.startswith("."):
                        yield os.path.join(root, name), None
        elif path.exists():
            yield str(path), None
        else:
            yield str(path), f"{path} does not exist."


@dataclass
class _Batch:
    """Files read and parsed together, with the files that could not be read."""

    parsed: ParsedBatch
    unreadable: list[dict]
    seen: int
    bytes_read: int
    parse_seconds: float


def _read_batches(files: list[tuple[str, str | None]]) -> Iterator[tuple[list[tuple[bytes, str]], list[dict], int]]:
    """Group files into batches of ``BATCH_FILES`` files or ``BATCH_BYTES``: (items, unreadable, seen)."""
    items: list[tuple[bytes, str]] = []
    unreadable: list[dict] = []
    seen = batch_bytes = 0
    for path, problem in files:
        seen += 1
        if problem:
            unreadable.append(rejection(path, "not_found", problem))
            continue
        try:
            size = os.stat(path).st_size
            if size > MAX_FILE_BYTES:
                detail = (
                    f"{path} is {size / 2**20:.1f} MiB; filings larger than "
                    f"{MAX_FILE_BYTES / 2**20:.0f} MiB are not read (MBS_MAX_FILE_MB)."
                )
                unreadable.append(rejection(path, "too_large", detail))
                continue
            data = Path(path).read_bytes()
        except OSError as exc:
            unreadable.append(rejection(path, "unreadable_file", f"{path} could not be read: {exc.strerror}."))
            continue
        items.append((data, path))
        batch_bytes += len(data)
        if len(items) >= BATCH_FILES or batch_bytes >= BATCH_BYTES:
            yield items, unreadable, seen
            items, unreadable, seen, batch_bytes = [], [], 0, 0
    yield items, unreadable, seen


def _parsed_batches(files: list[tuple[str, str | None]]) -> Iterator[_Batch]:
    """Read and parse batches on a worker thread, one batch ahead of the caller.

    Polars and DuckDB both release the GIL, so the next batch is parsed while the caller lands this
    one. At most two parsed batches wait in memory; an error in the worker is raised in the caller.
    """
    done = object()
    batches: queue.Queue = queue.Queue(maxsize=1)
    stop = threading.Event()

    def offer(item: object) -> bool:
        """Hand ``item`` to the caller; False when the caller has stopped reading."""
        while not stop.is_set():
            try:
                batches.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def work() -> None:
        try:
            for items, unreadable, seen in _read_batches(files):
                started = time.perf_counter()
                parsed = parse_batch(items)
                elapsed = time.perf_counter() - started
                if not offer(_Batch(parsed, unreadable, seen, sum(len(d) for d, _ in items), elapsed)):
                    return
            offer(done)
        except BaseException as exc:  # handed to the caller, which raises it
            offer(exc)

    worker = threading.Thread(target=work, name="mbs-load-parse", daemon=True)
    worker.start()
    try:
        while (item := batches.get()) is not done:
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        worker.join()


def load_paths(paths: list[str], warehouse: str | os.PathLike, progress: bool = False) -> LoadSummary:
    """Load files and folders into ``warehouse``; returns the counts and the rejections.

    Files are read and parsed in batches (``BATCH_FILES`` files or ``BATCH_BYTES`` of text), the next
    batch on a worker thread while this one lands; each batch lands in one transaction, so an
    interrupted load leaves no half-loaded filing.
    """
    files = list(iter_files(paths))
    summary = LoadSummary()
    con = connect(warehouse)
    try:
        ensure_schema(con)
        run_id = start_run(con, paths)
        bar = progress_bar(len(files), progress)
        started_at = time.monotonic()
        for batch in _parsed_batches(files):
            started = time.perf_counter()
            frames = batch.parsed.frames
            known = existing_filing_ids(con, [f["filing_id"] for f in frames.filings])
            frames = frames.without(known)
            rejected = batch.unreadable + batch.parsed.rejected
            land(con, run_id, frames, rejected)
            summary.land_seconds += time.perf_counter() - started
            summary.parse_seconds += batch.parse_seconds
            summary.seen += batch.seen
            summary.bytes_read += batch.bytes_read
            summary.loaded += len(frames.filings)
            summary.unchanged += len(known) + batch.parsed.duplicates
            summary.rejected += len(rejected)
            summary.rejections.extend(rejected)
            bar.update(batch.seen)
            elapsed = max(time.monotonic() - started_at, 1e-6)
            bar.set_postfix_str(f"{summary.bytes_read / elapsed / 1e6:.1f} MB/s  rejected {summary.rejected}")
        bar.close()
        finish_run(con, run_id, summary.counts())
    finally:
        con.close()
    return summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="mbs-load", description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="+", metavar="PATH", help="EDGAR filing files or folders of them")
    parser.add_argument(
        "--warehouse",
        default=None,
        help="DuckDB build warehouse (default: $MBS_WAREHOUSE, else build/mbs.duckdb)",
    )
    parser.add_argument("--stats", type=Path, help="write the run's counts and timings to this JSON file")
    args = parser.parse_args(argv)
    target = warehouse_path(args.warehouse)
    try:
        summary = load_paths(args.paths, target, progress=sys.stderr.isatty())
    except duckdb.Error as exc:
        print(f"mbs-load: cannot write the warehouse {target}: {exc}", file=sys.stderr)
        return 2
    if args.stats:
        stats = {k: v for k, v in vars(summary).items() if k != "rejections"}
        args.stats.write_text(json.dumps(stats, indent=2))
    for rejected in summary.rejections:
        print(
            f"rejected {rejected['source_path']}: {rejected['reason']}: {rejected['detail']}",
            file=sys.stderr,
        )
    print(
        f"mbs-load: {summary.seen} seen, {summary.loaded} loaded, {summary.unchanged} unchanged, "
        f"{summary.rejected} rejected -> {target}"
    )
    return 1 if summary.rejected else 0


if __name__ == "__main__":
    sys.exit(main())
