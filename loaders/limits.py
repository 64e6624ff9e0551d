"""Limits shared by the loader and the fetcher (kept free of heavy imports so ``mbs-fetch`` starts fast)."""

from __future__ import annotations

import os

# Remittance-report filings are kilobytes to a few megabytes; a larger file is not read (mbs-load)
# and not downloaded (mbs-fetch).
MAX_FILE_BYTES = int(float(os.environ.get("MBS_MAX_FILE_MB", "50")) * 1024 * 1024)
