"""``python -m symorbit``: the same as the ``symorbit`` command."""

import sys

from symorbit.cli.commands import main

__all__: list[str] = []

sys.exit(main())
