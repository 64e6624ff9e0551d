"""``python -m loaders`` is ``mbs-load``."""

import sys

from loaders.cli import main

sys.exit(main())
