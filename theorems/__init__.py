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

__all__ = ["REGISTRY", "MODULES", "CLAIMS", "resolve"]


def resolve(name: str):
    """The statement called ``name``; ``fractional_conjecture+n_at_least_m+fix_C`` adds hypotheses.

    >>> resolve("fractional_conjecture+n_at_least_m").name
    'fractional_conjecture+n_at_least_m'
    """
    base, _, extra = name.partition("+")
    if base not in REGISTRY:
        raise InvalidArgument(f"statement {base!r} is unknown; see symorbit theorems")
    if not extra:
        return REGISTRY[base]
    if base != "fractional_conjecture":
        raise InvalidArgument("extra hypotheses apply to fractional_conjecture only")
    try:
        return fractional_conjecture.statement(tuple(extra.split("+")))
    except ValueError as exc:
        raise InvalidArgument(str(exc)) from None
