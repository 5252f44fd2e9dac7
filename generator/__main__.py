"""`python -m generator` is the `eventgen` command."""

import sys

from generator.cli import main

sys.exit(main())
