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

    Parameters
    ----------
    statement : str
        A statement's spec, as for :func:`~symorbit.counterexamples.runner.search`.
    instances : hypothesis strategy
        Draws instance specs (as in :class:`~symorbit.counterexamples.families.Family`).
    rewards : str
        The reward family (``patterns:V1,V2,...``, ``random:COUNT:SEED`` or ``all``).
    max_examples : int, keyword-only
        How many instances hypothesis tries at most.
    seed : int, keyword-only
        The seed of hypothesis's random generator (the same seed finds the same instance).

    Returns
    -------
    dict
        The minimal failing instance spec found.

    Raises
    ------
    SearchExhausted
        When no failing instance was found within ``max_examples``. That does not mean
        that no counterexample exists, only that none was found.
    MissingExtra
        hypothesis is not installed (the ``[search]`` extra).

    Examples
    --------
    >>> from hypothesis import strategies as st
    >>> from symorbit.counterexamples.families import family
    >>> specs = st.sampled_from(family("one-hot:3").specs)
    >>> spec = random_search("fractional_conjecture", specs, "patterns:0,1", max_examples=50)
    >>> spec["A"], spec["B"]
    ([[1, 0, 0], [0, 1, 0]], [[0, 0, 1]])

    References
    ----------
    PR Conj. D.13; docs/theory.md#proven.
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
