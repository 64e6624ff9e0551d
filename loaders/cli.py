"""``mbs-load PATH... [--warehouse FILE]``: load EDGAR filings into the warehouse's raw schema.

Files or folders (searched recursively). Each file is parsed on its own; a file that holds no report
goes to ``raw.rejected_files`` with its reason and the rest of the batch loads. Filings already in the
warehouse (same accession number, or same bytes when there is none) with the same bytes are counted as
unchanged; the same accession number with other bytes, or a bare file with the same report text as a
bare filing already loaded but other bytes, is a *conflicting duplicate*: not loaded (the copy loaded
first keeps supplying the facts), named with both files, and counted. ``raw.load_run_files`` says what
happened to every file of a run. Exit status: 0 when nothing was rejected or conflicting, 1 when
something was, 2 when the warehouse could not be opened.
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
    LabelIds,
    LandingFrames,
    connect,
    ensure_schema,
    finish_run,
    known_copies,
    land,
    landing_frames,
    start_run,
    warehouse_path,
)

# 24 MB batches land ~5% faster than 16 MB (fewer, larger appends; 32 MB gains little more) for
# ~0.25 GB more of the loader's memory at its peak (1.4 GB at 10k filings), measured.
BATCH_FILES = int(os.environ.get("MBS_LOAD_BATCH_FILES", "750"))
BATCH_BYTES = int(float(os.environ.get("MBS_LOAD_BATCH_MB", "24")) * 1024 * 1024)


@dataclass
class LoadSummary:
    seen: int = 0
    loaded: int = 0
    unchanged: int = 0
    rejected: int = 0
    conflicting: int = 0
    bytes_read: int = 0
    parse_seconds: float = 0.0
    land_seconds: float = 0.0
    rejections: list[dict] = field(default_factory=list)
    conflicts: list[dict] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {
            "seen": self.seen,
            "loaded": self.loaded,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
            "conflicting": self.conflicting,
        }


def _file_row(outcome: str, path: str, sha256: str | None, filing_id: str | None = None, **extra) -> dict:
    """A ``raw.load_run_files`` row."""
    return {"source_path": path, "sha256": sha256, "outcome": outcome, "filing_id": filing_id, **extra}


def _conflict(path: str, sha256: str, filing_id: str, kept_path: str, kept_sha256: str, same: str) -> dict:
    detail = (
        f"{path} has {same} as {kept_path}, which is already loaded, but different bytes "
        f"(SHA-256 {sha256[:12]}... against {kept_sha256[:12]}...): it is not loaded, and the facts of "
        f"{kept_path} are used. Load it into a new warehouse to compare the two."
    )
    return _file_row(
        "conflicting_duplicate", path, sha256, filing_id, detail=detail, kept_source_path=kept_path,
        kept_sha256=kept_sha256,
    )  # fmt: skip


def classify(con: duckdb.DuckDBPyConnection, parsed: ParsedBatch) -> tuple[set[str], list[dict]]:
    """Which parsed filings not to land (already held, or conflicting), and a ``raw.load_run_files``
    row for every file of the batch that was parsed or dropped as a duplicate (not the rejected ones).

    A filing is the same filing as one already held (or earlier in the batch) when its accession
    number is the same, or, for a bare file (no accession number), when its report text is the same
    (``report_sha256``: the report document decoded, line ends normalised). Same bytes: unchanged.
    Other bytes: a conflicting duplicate, and the copy loaded first keeps supplying the facts.
    """
    filings = parsed.frames.filings
    by_id, by_report = known_copies(con, filings)
    drop: set[str] = set()
    rows: list[dict] = []
    first_of_report: dict[str, tuple[str, str, str]] = {}
    for f in filings:
        fid, sha, path = f["filing_id"], f["sha256"], f["source_path"]
        if fid in by_id:
            drop.add(fid)
            kept_sha, kept_path = by_id[fid]
            if kept_sha == sha:
                rows.append(_file_row("unchanged", path, sha, fid, kept_source_path=kept_path, kept_sha256=kept_sha))
            else:
                rows.append(_conflict(path, sha, fid, kept_path, kept_sha, f"the accession number {fid}"))
            continue
        if not f["accession_number"]:
            earlier = by_report.get(f["report_sha256"]) or first_of_report.get(f["report_sha256"])
            if earlier:
                drop.add(fid)
                kept_id, kept_sha, kept_path = earlier
                rows.append(_conflict(path, sha, kept_id, kept_path, kept_sha, "the same report text"))
                continue
            first_of_report[f["report_sha256"]] = (fid, sha, path)
        rows.append(_file_row("loaded", path, sha, fid))
    for dup in parsed.duplicate_files:
        fid, sha, path = dup["filing_id"], dup["sha256"], dup["source_path"]
        kept_path, kept_sha = dup["kept_path"], dup["kept_sha256"]
        if fid in by_id:  # the earlier file of the batch was itself a copy of a held filing
            kept_sha, kept_path = by_id[fid]
        if sha == kept_sha:
            rows.append(_file_row("unchanged", path, sha, fid, kept_source_path=kept_path, kept_sha256=kept_sha))
        else:
            rows.append(_conflict(path, sha, fid, kept_path, kept_sha, f"the accession number {fid}"))
    return drop, rows


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
    landing: LandingFrames


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


def _parsed_batches(files: list[tuple[str, str | None]], labels: LabelIds) -> Iterator[_Batch]:
    """Read and parse batches on a worker thread, one batch ahead of the caller.

    Polars and DuckDB both release the GIL, so the next batch is parsed while the caller lands this
    one. At most three batches are held: the one landing, one waiting and the one the worker parses
    next (each as parsed and as shaped for the raw tables); an error in the worker is raised in the caller.
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
                # The rows as the raw tables take them, made here so the landing thread only inserts
                # (it shapes the batch again when the warehouse or the batch already holds some filings).
                landing = landing_frames(parsed.frames, labels)
                elapsed = time.perf_counter() - started
                if not offer(_Batch(parsed, unreadable, seen, sum(len(d) for d, _ in items), elapsed, landing)):
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
        labels = LabelIds.from_warehouse(con)
        bar = progress_bar(len(files), progress)
        started_at = time.monotonic()
        for batch in _parsed_batches(files, labels):
            started = time.perf_counter()
            drop, file_rows = classify(con, batch.parsed)
            landing = landing_frames(batch.parsed.frames.without(drop), labels) if drop else batch.landing
            rejected = batch.unreadable + batch.parsed.rejected
            file_rows += [
                _file_row("rejected", r["source_path"], r["sha256"], detail=f"{r['reason']}: {r['detail']}")
                for r in rejected
            ]
            land(con, run_id, landing, rejected, file_rows)
            conflicts = [f for f in file_rows if f["outcome"] == "conflicting_duplicate"]
            summary.land_seconds += time.perf_counter() - started
            summary.parse_seconds += batch.parse_seconds
            summary.seen += batch.seen
            summary.bytes_read += batch.bytes_read
            summary.loaded += landing.filings.height
            summary.unchanged += sum(f["outcome"] == "unchanged" for f in file_rows)
            summary.conflicting += len(conflicts)
            summary.conflicts.extend(conflicts)
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
        stats = {k: v for k, v in vars(summary).items() if k not in ("rejections", "conflicts")}
        args.stats.write_text(json.dumps(stats, indent=2))
    for rejected in summary.rejections:
        print(
            f"rejected {rejected['source_path']}: {rejected['reason']}: {rejected['detail']}",
            file=sys.stderr,
        )
    for conflict in summary.conflicts:
        print(f"conflicting duplicate {conflict['source_path']}: {conflict['detail']}", file=sys.stderr)
    conflicting = f", {summary.conflicting} conflicting duplicates" if summary.conflicting else ""
    print(
        f"mbs-load: {summary.seen} seen, {summary.loaded} loaded, {summary.unchanged} unchanged, "
        f"{summary.rejected} rejected{conflicting} -> {target}"
    )
    return 1 if summary.rejected or summary.conflicting else 0


if __name__ == "__main__":
    sys.exit(main())
