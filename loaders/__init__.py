"""The mbs-warehouse loader: EDGAR filings parsed into the raw tables of a DuckDB warehouse.

Polars' allocator (jemalloc) hands the pages a batch freed back to the system after 0.5-1 s (Polars'
defaults, which it writes into ``_RJEM_MALLOC_CONF`` ahead of any value already there), and the next
batch faults them in again: at 10k filings the load took 1.9M page faults and ~4.7 s of system CPU.
Keeping freed pages 20 s: 1.3M faults, ~3.4 s, the load 0.5-1.1 s shorter (3-7%) for ~100-150 MB
more peak memory (docs/performance.md). Set here, before any of the loader's modules loads Polars
(jemalloc reads it once, when Polars loads), and only then: in a process that loaded Polars first
it would change nothing there, only the processes it starts. A value the user set is kept; an empty
one (``_RJEM_MALLOC_CONF=``) keeps Polars' defaults.
"""

import os
import sys

if "polars" not in sys.modules:
    os.environ.setdefault("_RJEM_MALLOC_CONF", "dirty_decay_ms:20000,muzzy_decay_ms:20000")
