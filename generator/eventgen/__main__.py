"""`python -m eventgen` is the `eventgen` command."""

import sys

from eventgen.cli import main

sys.exit(main())
