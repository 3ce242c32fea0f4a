"""Statements checked by symorbit: one module per theorem or conjecture.

Each module exposes ``STATEMENT`` (a :class:`symorbit.verdicts.Statement`): its words,
source, status, hypotheses check and conclusion. ``REGISTRY`` maps names to them.

>>> sorted(REGISTRY)[:2]
['decision_rule_is_optimal', 'fractional_conjecture']
"""

from . import (
    decision_rule_is_optimal,
    fractional_conjecture,
    scaling_law_raw,
    scaling_law_relative,
    strict_scaling_conjecture,
)

MODULES = (
    scaling_law_raw,
    scaling_law_relative,
    decision_rule_is_optimal,
    strict_scaling_conjecture,
    fractional_conjecture,
)

REGISTRY = {m.STATEMENT.name: m.STATEMENT for m in MODULES}

__all__ = ["REGISTRY", "MODULES"]
