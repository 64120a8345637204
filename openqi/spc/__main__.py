"""`python -m openqi.spc`: see openqi.spc.cli."""

import sys

from .cli import main

sys.exit(main())
