"""The progress bar of ``mbs-load`` and ``mbs-fetch``: one library for both.

tqdm, because it is small (no dependencies of its own), long and actively maintained, already in
the environment through our tooling, draws a single redrawn line that fits the terminal's width, and
stays silent when asked to, which is how both commands keep CI logs clean (only on a TTY).
"""

from __future__ import annotations

import os
import sys

from tqdm import tqdm


def _known_width() -> bool:
    """Whether stderr's terminal reports a width (a bare pseudo-terminal may say 0 columns)."""
    try:
        return os.get_terminal_size(sys.stderr.fileno()).columns > 0
    except (OSError, ValueError):
        return False


def progress_bar(total: int, enabled: bool, unit: str = "file", desc: str | None = None) -> tqdm:
    """A bar on stderr counting ``total`` items; a no-op object (same methods) when not ``enabled``."""
    return tqdm(
        total=total,
        disable=not enabled,
        unit=unit,
        desc=desc,
        file=sys.stderr,
        dynamic_ncols=enabled and _known_width(),
        ncols=None if not enabled or _known_width() else 100,
        nrows=None if not enabled or _known_width() else 24,  # tqdm hides a bar below a 0-line screen
        leave=True,
        bar_format="{desc}{bar:30} {n_fmt}/{total_fmt} {unit}s [{elapsed}]{postfix}",
    )
