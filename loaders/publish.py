"""``mbs-publish``: atomically replace the serving warehouse with the build warehouse.

The loader and dbt write the *build* file (``$MBS_WAREHOUSE``, default ``build/mbs.duckdb``). BI tools
and the DuckDB CLI read the *serving* file (``$MBS_SERVING``, default ``warehouse/mbs.duckdb``). After
a green ``dbt build``, publishing checkpoints the build file (so everything is in the file, none of it
in a write-ahead log), copies it next to the serving file and renames the copy over it. A rename is
atomic: a reader sees the old warehouse or the new one, never half of either, and a reader holding
the old file open keeps reading it undisturbed (it never blocks a build).

The serving file is only ever read: never open it read-write (a write-ahead log next to it would be
replayed onto the next published copy).

Only a built warehouse is published: when the build file holds raw filings that no successful
``dbt build`` has seen (the build log ``intermediate.dbt_builds`` records the highest ``filing_seq``
each successful build covered), publishing is refused with exit status 1 and the serving file is left
as it is, unless ``--force``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

import duckdb

from loaders.warehouse import connect, warehouse_path

__all__ = ["DEFAULT_SERVING", "NotBuilt", "publish", "serving_path", "unbuilt_filings"]

DEFAULT_SERVING = "warehouse/mbs.duckdb"


def serving_path(explicit: str | os.PathLike | None = None) -> Path:
    """The serving file: ``explicit``, else ``$MBS_SERVING``, else ``warehouse/mbs.duckdb``."""
    return Path(explicit or os.environ.get("MBS_SERVING") or DEFAULT_SERVING)


class NotBuilt(Exception):
    """The build file holds filings that no successful ``dbt build`` has seen."""


def unbuilt_filings(con: duckdb.DuckDBPyConnection) -> tuple[int, int]:
    """``(filings loaded after the last successful dbt build, the filing_seq that build covered)``."""
    tables = {
        row[0]
        for row in con.execute(
            "select table_schema || '.' || table_name from information_schema.tables "
            "where table_schema in ('raw', 'intermediate')"
        ).fetchall()
    }
    built = 0
    if "intermediate.dbt_builds" in tables:
        built = con.execute("select coalesce(max(last_filing_seq), 0) from intermediate.dbt_builds").fetchall()[0][0]
    if "raw.filings" not in tables:
        return 0, built
    unbuilt = con.execute("select count(*) from raw.filings where filing_seq > ?", [built]).fetchall()[0][0]
    return unbuilt, built


def publish(build: str | os.PathLike, serving: str | os.PathLike, force: bool = False) -> Path:
    """Checkpoint ``build`` and atomically replace ``serving`` with a copy of it.

    Raises ``NotBuilt`` (and leaves ``serving`` untouched) when ``build`` holds filings that no
    successful ``dbt build`` has seen, unless ``force``.
    """
    build, serving = Path(build), Path(serving)
    if not build.exists():
        raise FileNotFoundError(f"no build warehouse at {build}: run the loader and dbt build first")
    if build.resolve() == serving.resolve():
        raise ValueError(f"the build and serving warehouses are the same file ({build})")
    con = connect(build)  # takes the writer's lock: fails fast while a load or build runs
    try:
        unbuilt, built = unbuilt_filings(con)
        if unbuilt and not force:
            raise NotBuilt(
                f"{build} holds {unbuilt} filing(s) loaded after the last successful dbt build "
                f"({'none has run' if not built else f'it covered filings up to filing_seq {built}'}); "
                f"{serving} is left as it is. Run `dbt build` (make build) first, or publish anyway with --force."
            )
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
    parser.add_argument(
        "--force", action="store_true", help="publish even when filings were loaded after the last successful dbt build"
    )
    args = parser.parse_args(argv)
    build, serving = warehouse_path(args.build), serving_path(args.serving)
    try:
        publish(build, serving, force=args.force)
    except NotBuilt as exc:
        print(f"mbs-publish: refused: {exc}", file=sys.stderr)
        return 1
    except (duckdb.Error, OSError, ValueError) as exc:
        print(f"mbs-publish: {exc}", file=sys.stderr)
        return 2
    print(f"mbs-publish: {build} -> {serving}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
