"""Random counterexample search on hypothesis, shrinking towards fewer and smaller vectors."""

from __future__ import annotations

import random
from typing import Any

from symorbit.counterexamples.worker import check_instance_spec
from symorbit.errors import MissingExtra, SearchExhausted, SymorbitError

__all__ = ["random_search"]


def random_search(statement: str, instances: Any, rewards: str, *, max_examples: int = 200,
                  seed: int = 0) -> dict[str, Any]:
    """Random mode on hypothesis: the minimal failing instance spec.

    ``instances`` is a hypothesis strategy of instance specs (dicts with ``A``, ``B``
    and a ``key``); hypothesis shrinks a failure towards fewer and smaller vectors.

    Raises
    ------
    SearchExhausted
        When no failing instance was found within ``max_examples``. That does not mean
        that no counterexample exists, only that none was found.
    """
    try:
        from hypothesis import HealthCheck, find, settings
        from hypothesis.errors import NoSuchExample
    except ImportError:
        raise MissingExtra("random search needs hypothesis: pip install 'symorbit[search]'") from None

    def fails(spec: dict[str, Any]) -> bool:
        try:
            return check_instance_spec(statement, spec, rewards)["status"] == "fails"
        except SymorbitError:
            return False

    try:
        return find(instances, fails, settings=settings(max_examples=max_examples, database=None, deadline=None,
                                                        suppress_health_check=list(HealthCheck)),
                    random=random.Random(seed))
    except NoSuchExample:
        raise SearchExhausted(f"random_search({statement}): no counterexample in {max_examples} examples "
                              f"(seed={seed}); this does not mean none exists") from None
