"""Instance files for the CLI: outcome sets given as vectors, or as an environment.

An instance file (JSON or TOML) holds either explicit vectors::

    A = [[1, 0, 0]]
    B = [[0, 1, 0], [0, 0, 1]]
    reward = [1, 2, 3]              # or rewards = [[...], ...]
    C = [...]                       # optional: all options (relative comparison)

or an environment with a state and the first actions on each side::

    env = "candy"                   # a built-in name or a path to an environment file
    state = "start"
    gamma = "1/2"                   # or "average" for recurrent state distributions
    a_actions = ["candy"]
    b_actions = ["wait"]
    reward = [0, 1, 2, 3, 4]

Numbers are integers or "p/q" strings; floats are refused. Any other key (a typo such as
``rewardz``) is refused by name, and every vector needs at least one coordinate.

Examples
--------
>>> inst = instance_from_dict({"env": "candy", "state": "start", "gamma": "1/2",
...                            "a_actions": ["candy"], "b_actions": ["wait"], "reward": [0, 1, 2, 3, 4]})
>>> len(inst["A"]), len(inst["B"]), len(inst["rewards"])
(1, 2, 1)
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping

from symorbit.errors import InvalidArgument
from symorbit.exact.documents import load_document
from symorbit.exact.limits import check_limit
from symorbit.exact.numbers import to_vector
from symorbit.exact.values import Discount
from symorbit.mdp.library import load_environment
from symorbit.mdp.visits import MAX_WORK, outcomes_at
from symorbit.outcomes.outcome_sets import OutcomeSet
from symorbit.proofs.statements import MDPContext

__all__ = ["INSTANCE_KEYS", "load_instance", "instance_from_dict", "read_document"]

#: The keys an instance file may hold (``name`` is a free label).
INSTANCE_KEYS = frozenset({"A", "B", "C", "reward", "rewards", "env", "state", "gamma", "a_actions", "b_actions",
                           "relative", "max_work", "max_states", "name"})


def read_document(path: str | Path) -> Any:
    """Parse a JSON or TOML file (any suffix but .toml is read as JSON), with one-line errors that name the file."""
    return load_document(path, json_fallback=True)


def _union(F: OutcomeSet, actions: Any, key: str) -> OutcomeSet:
    if not isinstance(actions, list) or not actions:
        raise InvalidArgument(f"{key} must be a non-empty list of first actions")
    vecs = []
    for a in actions:
        vecs += [(v, F.tags(v)) for v in F.restrict(str(a))]
    return OutcomeSet.build(F.coordinates, vecs, gamma=F.gamma)


def _list_of_lists(data: Mapping[str, Any], key: str) -> Any:
    value = data[key]
    if not isinstance(value, list) or not all(isinstance(v, list) for v in value):
        raise InvalidArgument(f"{key} must be a list of vectors (lists of numbers), not {type(value).__name__}")
    if not all(value):
        raise InvalidArgument(f"{key} holds a vector with no coordinates; every vector needs at least one")
    return value


def _limit(data: Mapping[str, Any], key: str, override: int | None) -> dict[str, Any]:
    """``{key: N}`` from the command line (first) or the file, for the library call; {} for its default."""
    value = override if override is not None else data.get(key)
    return {} if value is None else {key: check_limit(value, name=key)}


def instance_from_dict(data: Mapping[str, Any], *, where: str = "instance", max_work: int | None = None,
                       max_states: int | None = None) -> dict[str, Any]:
    """Normalise an instance document to ``{"A", "B", "C", "rewards", "coordinates", "env", "state", "context"}``.

    ``env``/``state`` are the MDP and state of an environment instance (None for vectors);
    ``context`` holds ``gamma``, the environment for certificates and, with one first action
    on each side, ``a`` and ``b``. ``max_work`` and ``max_states`` (or the file's keys of those names) raise the limits of
    :func:`~symorbit.mdp.visits.visit_distributions` and :func:`~symorbit.mdp.library.load_environment`.
    """
    env: Any = None
    state: Any = None
    context: MDPContext | None = None
    if not isinstance(data, Mapping):
        raise InvalidArgument(f"{where}: the top level must be an object/table")
    unknown = sorted(str(k) for k in data if k not in INSTANCE_KEYS)
    if unknown:
        raise InvalidArgument(f"{where}: unknown key {unknown[0][:60]!r}; an instance has only "
                              f"{', '.join(sorted(INSTANCE_KEYS))}")
    relative = data.get("relative", False)
    if not isinstance(relative, bool):      # bool("false") is True: a string would silently turn it on
        raise InvalidArgument(f"{where}: relative must be true or false (a JSON boolean), not {relative!r:.60}")
    try:
        if "env" in data:
            if not isinstance(data["env"], str):
                raise InvalidArgument("env must be a built-in name or a path (a string)")
            env = load_environment(data["env"], **_limit(data, "max_states", max_states))
            if "state" not in data:
                raise InvalidArgument("an environment instance needs state")
            if not isinstance(data["state"], (str, int)) or isinstance(data["state"], bool):
                raise InvalidArgument("state must be a state name (a string)")
            discount = Discount.parse(data.get("gamma", "average"))     # parsed once, written canonically
            gamma = discount.spec
            work = _limit(data, "max_work", max_work)
            F = outcomes_at(env, data["state"], gamma, max_work=work.get("max_work", MAX_WORK))
            A = _union(F, data.get("a_actions"), "a_actions")
            B = _union(F, data.get("b_actions"), "b_actions")
            C = F if relative else None
            coords = env.states
            state = env.states[env.index(data["state"])]
            context = MDPContext(env, state, discount, tuple(str(a) for a in data["a_actions"]),
                                 tuple(str(b) for b in data["b_actions"]), relative)
        else:
            for key in ("A", "B"):
                if key not in data:
                    raise InvalidArgument(f"missing {key} (a list of vectors), or give env/state/a_actions/b_actions")
            A = OutcomeSet.from_vectors(_list_of_lists(data, "A"), name="A")
            B = OutcomeSet.from_vectors(_list_of_lists(data, "B"), name="B")
            C = OutcomeSet.from_vectors(_list_of_lists(data, "C"), name="C") if "C" in data else None
            for key, X in (("B", B), ("C", C)):
                if X is not None and X.dimension != A.dimension:
                    raise InvalidArgument(f"{key} has vectors of length {X.dimension} but A has {A.dimension}; "
                                          "all the vectors of an instance have one length")
            coords = A.coordinates
        if "rewards" in data:
            _list_of_lists(data, "rewards")
            rewards = [to_vector(r, name=f"rewards[{i}]") for i, r in enumerate(data["rewards"])]
        elif "reward" in data:
            if not isinstance(data["reward"], list) or not data["reward"]:
                raise InvalidArgument("reward must be a non-empty list of numbers")
            rewards = [to_vector(data["reward"], name="reward")]
        else:
            rewards = []
        if "rewards" in data and not rewards:
            raise InvalidArgument("rewards must be a non-empty list of vectors")
        for i, r in enumerate(rewards):     # checked here, so a mode that does not read them (--rewards all) refuses too
            if len(r) != len(coords):
                name = f"rewards[{i}]" if "rewards" in data else "reward"
                raise InvalidArgument(f"{name} has {len(r)} entries but the outcomes have {len(coords)} coordinates")
    except InvalidArgument as exc:
        raise type(exc)(f"{where}: {exc}") from None
    return {"A": A, "B": B, "C": C, "rewards": rewards, "coordinates": coords, "env": env, "state": state,
            "context": context}


def load_instance(path: str | Path, *, max_work: int | None = None, max_states: int | None = None) -> dict[str, Any]:
    """Read an instance file (see module docs); the limits as in :func:`instance_from_dict`."""
    return instance_from_dict(read_document(path), where=str(path), max_work=max_work, max_states=max_states)
