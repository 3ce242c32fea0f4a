"""Random counterexample search on hypothesis, shrinking towards fewer and smaller vectors."""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from symorbit.counterexamples.worker import check_instance_spec
from symorbit.errors import MissingExtra, SearchExhausted, TooLarge

__all__ = ["RandomSearchResult", "random_search"]


@dataclass(frozen=True)
class RandomSearchResult:
    """The minimal failing instance that :func:`random_search` found, and its record.

    Attributes
    ----------
    statement, rewards : str
        What was searched: the statement's spec and the reward family.
    spec : dict
        The minimal failing instance spec (``A``, ``B``, ``key`` ...), after shrinking.
    record : dict
        The check of that instance: ``status`` ("fails"), ``counterexample``, ``certificate``,
        ``provenance`` (as a search checkpoint record).
    seed, max_examples : int
        The search's settings (the same seed finds the same instance).

    Examples
    --------
    >>> r = RandomSearchResult("s", "patterns:0,1", {"A": [[1]], "B": [[1]]}, {"status": "fails"}, 0, 10)
    >>> r.spec["A"], r.record["status"]
    ([[1]], 'fails')

    References
    ----------
    The hypothesis library's shrinking (``hypothesis.find``); PR Conj. D.13 (the usual target).
    """

    statement: str
    rewards: str
    spec: dict[str, Any]
    record: dict[str, Any]
    seed: int
    max_examples: int


def random_search(statement: str, instances: Any, rewards: str, *, max_examples: int = 200,
                  seed: int = 0) -> RandomSearchResult:
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
    RandomSearchResult
        The minimal failing instance spec found, with its record (counterexample, certificate).

    Raises
    ------
    SearchExhausted
        When no failing instance was found within ``max_examples``. That does not mean
        that no counterexample exists, only that none was found.
    MissingExtra
        hypothesis is not installed (the ``[search]`` extra), or a check needs another extra.
        Any other error of a check (an internal one included) is raised, not read as "no
        counterexample"; only an instance too large to decide (``TooLarge``) is passed over.

    Examples
    --------
    >>> from hypothesis import strategies as st
    >>> from symorbit.counterexamples.families import family
    >>> specs = st.sampled_from(family("one-hot:3").specs)
    >>> found = random_search("fractional_conjecture", specs, "patterns:0,1", max_examples=50)
    >>> found.spec["A"], found.spec["B"], found.record["counterexample"]
    ([[1, 0, 0], [0, 1, 0]], [[0, 0, 1]], ['0', '1', '1'])

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
        except TooLarge:          # undecided here; every other error is raised
            return False

    try:
        spec = find(instances, fails, settings=settings(max_examples=max_examples, database=None, deadline=None,
                                                        suppress_health_check=list(HealthCheck)),
                    random=random.Random(seed))
        return RandomSearchResult(statement, rewards, spec, check_instance_spec(statement, spec, rewards), seed,
                                  max_examples)
    except NoSuchExample:
        raise SearchExhausted(f"random_search({statement}): no counterexample in {max_examples} examples "
                              f"(seed={seed}); this does not mean none exists") from None
