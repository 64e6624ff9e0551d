"""``mbs-synth OUT --deals N --months M --seed S``: write a synthetic corpus of filings.

One folder per deal, one file per distribution date; deterministic for the seed. Each deal gets a
filer style (widths, indentation, tag case, line ends, page breaks, bare or EDGAR-wrapped).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from synthetic.generate import write_corpus


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="mbs-synth", description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="folder to write the corpus into")
    parser.add_argument("--deals", type=int, default=10)
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    paths = write_corpus(args.out, args.deals, args.months, args.seed)
    size = sum(p.stat().st_size for p in paths)
    print(f"mbs-synth: {len(paths)} filings, {size / 1e6:.1f} MB -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
