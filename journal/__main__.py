"""``python -m journal`` does the same as the ``trailbook`` command."""

import sys

from journal.cli import main

sys.exit(main())
