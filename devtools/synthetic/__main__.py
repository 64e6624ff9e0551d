"""``python -m synthetic`` is ``mbs-synth``."""

import sys

from synthetic.cli import main

sys.exit(main())
