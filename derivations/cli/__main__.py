"""`python -m dlmath.derivations.cli`: the same as the `dlmath` command."""

import sys

from . import main

sys.exit(main())
