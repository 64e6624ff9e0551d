"""``mbs-publish``: atomically replace the serving warehouse with the build warehouse.

The loader and dbt write the *build* file (``$MBS_WAREHOUSE``, default ``build/mbs.duckdb``). BI tools
and the DuckDB CLI read the *serving* file (``$MBS_SERVING``, default ``warehouse/mbs.duckdb``). After
a green ``dbt build``, publishing checkpoints the build file (so everything is in the file, none of it
in a write-ahead log), copies it next to the serving file and renames the copy over it. A rename is
atomic: a reader sees the old warehouse or the new one, never half of either, and a reader holding
the old file open keeps reading it undisturbed (it never blocks a build).

The serving file is only ever read: never open it read-write (a write-ahead log next to it would be
replayed onto the next published copy).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

import duckdb

from loaders.warehouse import connect, warehouse_path

__all__ = ["DEFAULT_SERVING", "publish", "serving_path"]

DEFAULT_SERVING = "warehouse/mbs.duckdb"


def serving_path(explicit: str | os.PathLike | None = None) -> Path:
    """The serving file: ``explicit``, else ``$MBS_SERVING``, else ``warehouse/mbs.duckdb``."""
    return Path(explicit or os.environ.get("MBS_SERVING") or DEFAULT_SERVING)


def publish(build: str | os.PathLike, serving: str | os.PathLike) -> Path:
    """Checkpoint ``build`` and atomically replace ``serving`` with a copy of it."""
    build, serving = Path(build), Path(serving)
    if not build.exists():
        raise FileNotFoundError(f"no build warehouse at {build}: run the loader and dbt build first")
    if build.resolve() == serving.resolve():
        raise ValueError(f"the build and serving warehouses are the same file ({build})")
    con = connect(build)  # takes the writer's lock: fails fast while a load or build runs
    try:
        con.execute("checkpoint")
    finally:
        con.close()
    serving.parent.mkdir(parents=True, exist_ok=True)
    staging = serving.with_name(f".{serving.name}.{os.getpid()}.tmp")
    try:
        shutil.copyfile(build, staging)
        with open(staging, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(staging, serving)
    finally:
        staging.unlink(missing_ok=True)
    directory = os.open(serving.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)
    return serving


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="mbs-publish", description=__doc__.split("\n\n")[0])
    parser.add_argument("--from", dest="build", help="build warehouse (default: $MBS_WAREHOUSE, else build/mbs.duckdb)")
    parser.add_argument(
        "--to", dest="serving", help="serving warehouse (default: $MBS_SERVING, else warehouse/mbs.duckdb)"
    )
    args = parser.parse_args(argv)
    build, serving = warehouse_path(args.build), serving_path(args.serving)
    try:
        publish(build, serving)
    except (duckdb.Error, OSError, ValueError) as exc:
        print(f"mbs-publish: {exc}", file=sys.stderr)
        return 2
    print(f"mbs-publish: {build} -> {serving}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
