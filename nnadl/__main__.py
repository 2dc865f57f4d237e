"""``python -m nnadl``: the same as the ``nnadl`` command (see :mod:`nnadl.cli`)."""

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
