"""The progress bar of ``mbs-load`` and ``mbs-fetch``: one library for both.

tqdm, because it is small (no dependencies of its own), long and actively maintained, already in
the environment through our tooling, draws a single redrawn line that fits the terminal's width, and
stays silent when asked to, which is how both commands keep CI logs clean (only on a TTY).
"""

from __future__ import annotations

import sys

from tqdm import tqdm


def progress_bar(total: int, enabled: bool, unit: str = "file", desc: str | None = None) -> tqdm:
    """A bar on stderr counting ``total`` items; a no-op object (same methods) when not ``enabled``."""
    return tqdm(
        total=total,
        disable=not enabled,
        unit=unit,
        desc=desc,
        file=sys.stderr,
        dynamic_ncols=True,
        leave=True,
        bar_format="{desc}{bar:30} {n_fmt}/{total_fmt} {unit}s [{elapsed}] {postfix}",
    )
