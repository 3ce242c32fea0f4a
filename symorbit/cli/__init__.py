"""The command line (surface layer): a thin layer over the library, and instance files."""

from symorbit.cli.commands import main

__all__ = ["main"]
