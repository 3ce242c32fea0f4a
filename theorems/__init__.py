"""Statements checked by symorbit: one module per theorem or conjecture.

Each module exposes ``STATEMENT`` (a :class:`symorbit.verdicts.Statement`): its words,
source, status, hypotheses check and conclusion. ``REGISTRY`` maps names to them.

>>> REGISTRY["scaling_law_raw"].source, REGISTRY["fractional_conjecture"].status
('PR Lemma D.3', 'conjectured')
"""

from symorbit.errors import InvalidArgument

from . import (
    decision_rules,
    fractional_conjecture,
    more_options_more_power,
    refinement_invariance,
    scaling_law_raw,
    scaling_law_relative,
    strict_scaling_conjecture,
)

MODULES = (
    scaling_law_raw,
    scaling_law_relative,
    decision_rules,
    strict_scaling_conjecture,
    fractional_conjecture,
    more_options_more_power,
)

#: Claims checked by their own functions rather than over one instance (module → description).
CLAIMS = {refinement_invariance.NAME: refinement_invariance}

REGISTRY = {m.STATEMENT.name: m.STATEMENT for m in MODULES}
REGISTRY.update(decision_rules.STATEMENTS)

__all__ = ["CLAIMS", "MODULES", "REGISTRY", "resolve", "statement_spec"]


def _import_module(spec: str, module_name: str):
    """``importlib.import_module(module_name)``, with whatever the user's module raises or does while it is imported
    (an exception, deep recursion, a syntax error, ``sys.exit``) refused by name: where it happened and what, in one
    line. ModuleNotFoundError and KeyboardInterrupt pass through (the caller tries the working directory)."""
    import importlib
    from pathlib import Path

    from symorbit.errors import raised_at

    try:
        return importlib.import_module(module_name)
    except ModuleNotFoundError:
        raise
    except (Exception, SystemExit) as exc:
        if isinstance(exc, SyntaxError) and exc.filename:
            where = f" at {Path(exc.filename).name}:{exc.lineno}"
        else:
            at = raised_at(exc)
            where = f" at {at}" if at else ""
        what = f"sys.exit({exc.code!r})" if isinstance(exc, SystemExit) else \
            f"{type(exc).__name__}: {str(exc.msg if isinstance(exc, SyntaxError) else exc)[:200]}"
        raise InvalidArgument(f"statement {spec!r}: importing {module_name} raised {what}{where}") from None


def _import_user_statement(spec: str):
    """``"pkg.mod:attr"``: import the user's module (the working directory is tried last, as
    ``python -m`` would) and return its attribute, which must be a Statement."""
    import os
    import sys

    from symorbit.proofs.statements import Statement

    module_name, _, attr = spec.partition(":")
    if not module_name or not attr.isidentifier():
        raise InvalidArgument(f"statement {spec!r}: write a user statement as package.module:attribute")
    try:
        module = _import_module(spec, module_name)
    except ModuleNotFoundError as exc:
        if exc.name is None or not module_name.startswith(exc.name) or os.getcwd() in sys.path:
            raise InvalidArgument(f"statement {spec!r}: cannot import {module_name}: {exc}") from None
        sys.path.append(os.getcwd())
        try:
            module = _import_module(spec, module_name)
        except ModuleNotFoundError as exc2:
            raise InvalidArgument(f"statement {spec!r}: cannot import {module_name}: {exc2} "
                                  "(is it on PYTHONPATH or in the working directory?)") from None
    obj = getattr(module, attr, None)
    if not isinstance(obj, Statement):
        raise InvalidArgument(f"statement {spec!r}: {module_name}.{attr} is "
                              f"{'missing' if obj is None else type(obj).__name__}, not a symorbit Statement")
    return obj


def statement_spec(statement) -> str:
    """The string that resolves to ``statement`` in any process: a registry name or ``"pkg.mod:attr"``.

    A :class:`~symorbit.proofs.statements.Statement` object is found in the registry or as
    an attribute of an imported module (not ``__main__``, which workers cannot import).

    Parameters
    ----------
    statement : str or Statement
        A name or ``"pkg.mod:attr"`` string (checked with :func:`resolve` and returned as it
        is), or a Statement object.

    Returns
    -------
    str
        What :func:`resolve` turns back into ``statement`` (in a worker process, too).

    Raises
    ------
    InvalidArgument
        A string that does not resolve, or a Statement found neither in the registry nor in
        an importable module.

    Examples
    --------
    >>> statement_spec(REGISTRY["scaling_law_raw"])
    'scaling_law_raw'
    >>> statement_spec("symorbit.theorems.scaling_law_raw:STATEMENT")
    'symorbit.theorems.scaling_law_raw:STATEMENT'

    References
    ----------
    docs/theory.md#pr-appendix-d, docs/theory.md#post (the statements of the registry); issue 15 (statements by name).
    """
    import sys

    from symorbit.proofs.statements import Statement

    if isinstance(statement, str):
        resolve(statement)
        return statement
    if not isinstance(statement, Statement):     # None matched sys.pycache_prefix by identity
        resolve(statement)                       # refuses it, with resolve's message
    name = getattr(statement, "name", None)
    if isinstance(name, str) and REGISTRY.get(name) is statement:
        return name
    for mod_name, module in list(sys.modules.items()):
        if mod_name == "__main__" or module is None or mod_name.startswith(("symorbit", "theorems")):
            continue
        for attr, value in list(vars(module).items()):
            if value is statement and attr.isidentifier():
                return f"{mod_name}:{attr}"
    raise InvalidArgument(f"statement {getattr(statement, 'name', statement)!r} is not a registry name and was "
                          "not found in an importable module; define it in a module (not __main__ or a notebook) "
                          "and pass 'module:attribute', or run with workers=1")


def resolve(name):
    """The statement called ``name``; ``fractional_conjecture+n_at_least_m+fix_C`` adds hypotheses.

    ``name`` may also be ``"package.module:attribute"`` (a Statement in the user's own
    module, imported here; the working directory is tried last) or a Statement object,
    returned as it is.

    Parameters
    ----------
    name : str or Statement
        A registry name, optionally with ``+extra`` hypotheses for ``fractional_conjecture``
        (``n_at_least_m``, ``fix_C``, ``disjoint``); ``"package.module:attribute"``; or a Statement.

    Returns
    -------
    Statement

    Raises
    ------
    InvalidArgument
        An unknown name or added hypothesis, hypotheses added to another statement, a
        module that cannot be imported, or an attribute that is not a Statement.

    Examples
    --------
    >>> resolve("fractional_conjecture+n_at_least_m").name
    'fractional_conjecture+n_at_least_m'
    >>> resolve("symorbit.theorems.scaling_law_raw:STATEMENT").name
    'scaling_law_raw'
    >>> resolve("no_such_theorem")
    Traceback (most recent call last):
    ...
    symorbit.errors.InvalidArgument: statement 'no_such_theorem' is unknown; see symorbit theorems

    References
    ----------
    PR Conj. D.13 (the added hypotheses); docs/theory.md#pr-appendix-d, docs/theory.md#post.
    """
    from symorbit.proofs.statements import Statement

    if isinstance(name, Statement):
        return name
    if not isinstance(name, str):
        raise InvalidArgument(f"statement={name!r} must be a name, 'module:attribute' or a Statement")
    if ":" in name:
        return _import_user_statement(name)
    base, _, extra = name.partition("+")
    if base not in REGISTRY:
        raise InvalidArgument(f"statement {base!r} is unknown; see symorbit theorems")
    if not extra:
        return REGISTRY[base]
    if base != "fractional_conjecture":
        raise InvalidArgument("extra hypotheses apply to fractional_conjecture only")
    parts = extra.split("+")
    if twice := sorted({x for x in parts if parts.count(x) > 1}):    # the kernel reads each hypothesis once
        raise InvalidArgument(f"statement {name[:80]!r}: the hypothesis {twice[0][:40]!r} is given twice; give it once")
    try:
        return fractional_conjecture.statement(tuple(parts))
    except ValueError as exc:
        raise InvalidArgument(str(exc)) from None
