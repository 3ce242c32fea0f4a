"""Guards of the command line: paths and specs refused before any work, and one line for every failure.

* :func:`output_file` and :func:`output_folder` refuse, before a command starts, a path that
  is a folder, a FIFO or a device (``/dev/full``), a file in a folder that does not exist,
  or (for a folder of certificates) an existing file;
* :func:`statement_spec` refuses a statement spec that is neither a registry name nor
  ``package.module:attribute`` (``../../etc/passwd:x`` is never imported);
* :func:`run` runs a command and turns what escapes it into one line on stderr and exit
  status 2: a closed pipe (``visits ... | head``), a full disk, a number too long to print
  (Python's 4300-digit limit), and an exception raised by a user's statement (named with
  the file and line where it was raised); text that the terminal cannot encode (a lone
  surrogate) is written escaped.

Examples
--------
>>> from symorbit.cli.guards import statement_spec as spec_of     # (symorbit.statement_spec resolves; this only reads)
>>> spec_of("scaling_law_raw"), spec_of("mypkg.stmts:MINE")
('scaling_law_raw', 'mypkg.stmts:MINE')
>>> spec_of("../../etc/passwd:x")
Traceback (most recent call last):
...
symorbit.errors.InvalidArgument: statement '../../etc/passwd:x' is neither a registry name nor package.module:attribute
"""

from __future__ import annotations

import os
import re
import stat
import sys
from pathlib import Path
from typing import Any, Callable, Sequence

from symorbit.errors import InvalidArgument, SymorbitError, raised_at

__all__ = ["output_file", "output_folder", "printable", "run", "statement_spec"]

_SPEC = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*(:[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*)?"
                   r"(\+[A-Za-z_][A-Za-z0-9_]*)*")


def _kind(mode: int) -> str:
    return "a folder" if stat.S_ISDIR(mode) else "a FIFO" if stat.S_ISFIFO(mode) else \
        "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "not a regular file"


def output_file(path: str | None, flag: str, inputs: Sequence[str] = ()) -> None:
    """Refuse ``path`` as a file to write unless it is a regular file, or new in an existing folder; and refuse
    it where it is one of the command's ``inputs`` (writing a certificate over the instance it is about).

    Examples
    --------
    >>> output_file("/dev/full", "--certificate")
    Traceback (most recent call last):
    ...
    symorbit.errors.InvalidArgument: --certificate /dev/full: a device, not a regular file; name a file to write
    """
    if path is None:
        return
    p = Path(path)
    try:
        mode = os.stat(p).st_mode
    except FileNotFoundError:
        parent = p.parent if str(p.parent) else Path(".")
        if not parent.is_dir():
            raise InvalidArgument(f"{flag} {path}: the folder {parent} does not exist") from None
        return
    except OSError as exc:
        raise InvalidArgument(f"{flag} {path}: {exc.strerror}") from None
    if not stat.S_ISREG(mode):
        raise InvalidArgument(f"{flag} {path}: {_kind(mode)}, not a regular file; name a file to write")
    for source in inputs:
        try:
            same = os.path.samefile(p, source)
        except OSError:         # not a file (a built-in name): nothing to overwrite
            same = False
        if same:
            raise InvalidArgument(f"{flag} {path}: this is the input {source}; name another file to write")


def output_folder(path: str | None, flag: str) -> None:
    """Refuse ``path`` as a folder to write into when it exists and is no folder, or its parent is missing."""
    if path is None:
        return
    p = Path(path)
    if p.exists() and not p.is_dir():
        raise InvalidArgument(f"{flag} {path}: an existing file, not a folder; name a new or existing folder")
    parent = p.parent if str(p.parent) else Path(".")
    if not p.exists() and not parent.is_dir():
        raise InvalidArgument(f"{flag} {path}: the folder {parent} does not exist")


def statement_spec(spec: str) -> str:
    """``spec`` if it can name a statement (a registry name or ``package.module:attribute``), else refuse it."""
    if len(spec) > 300 or not _SPEC.fullmatch(spec):
        raise InvalidArgument(f"statement {spec[:60]!r} is neither a registry name nor package.module:attribute")
    return spec


#: The refusal of a number with more digits than Python prints (``sys.get_int_max_str_digits``, 4300 by default).
UNPRINTABLE = ("a number in the result has more than {limit} digits, too long to print; "
               "use smaller numbers (fewer digits in the discount or the reward)")


def printable(n: int) -> int:
    """``n``, or a refusal when its decimal digits are surely over the printing limit.

    Checked on the bit length (no conversion), so a result that could never be printed, such as the
    orbit size of a 100,000-entry reward, is refused before the work that would compute it.

    >>> printable(10 ** 4299) == 10 ** 4299
    True
    >>> printable(10 ** 5000)
    Traceback (most recent call last):
    ...
    symorbit.errors.SymorbitError: a number in the result has more than 4300 digits, too long to print; use smaller numbers (fewer digits in the discount or the reward)
    """
    limit = sys.get_int_max_str_digits()
    if limit and (abs(n).bit_length() - 1) * 30103 // 100000 + 1 > limit:     # log10(2) < 0.30103: a lower bound
        raise SymorbitError(UNPRINTABLE.format(limit=limit))
    return n


def run(func: Callable[[Any], int], args: Any) -> int:
    """``func(args)``, with what would end in a traceback turned into :class:`SymorbitError` (one line, exit 2).

    A pipe closed by the reader ends the command quietly with status 2 (stdout is pointed
    at /dev/null, so the interpreter's own flush raises nothing more).
    """
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")    # a lone surrogate in a name prints escaped
    try:
        return func(args)
    except BrokenPipeError:
        try:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        except (OSError, ValueError):      # stdout is no file (an io.StringIO): nothing to flush later
            pass
        raise SymorbitError("the output was closed before it was all written (broken pipe)") from None
    except (SymorbitError, RecursionError, MemoryError, KeyboardInterrupt):
        raise
    except OSError as exc:
        raise SymorbitError(f"{exc.filename or 'output'}: {exc.strerror or exc}") from None
    except ValueError as exc:
        if "integer string conversion" in str(exc):
            raise SymorbitError(UNPRINTABLE.format(limit=sys.get_int_max_str_digits())) from None
        raise SymorbitError(f"{type(exc).__name__} at {raised_at(exc) or '?'}: {str(exc)[:200]}") from None
    except Exception as exc:
        from symorbit.kernel import Malformed

        if isinstance(exc, Malformed):
            raise
        raise SymorbitError(f"{type(exc).__name__} at {raised_at(exc) or '?'}: {str(exc)[:200]} "
                            "(raised by the statement or the instance; run it in Python for the traceback)") from None
