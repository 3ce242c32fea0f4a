"""Counterexample search over families of small instances, with checkpoints and parallel backends.

A search checks one statement (a name from ``theorems.REGISTRY``, optionally with
``+extra`` hypotheses for the fractional conjecture) on every instance of a family,
over a family of rewards. Results are appended to a JSONL checkpoint as they
arrive; an interrupted search resumes from it without redoing or losing work.
Each counterexample is saved as a kernel-checkable certificate.

Families (each says how many instances it has before the search starts)

* ``det-mdp:K:B[:GAMMA]``: every deterministic MDP with at most K states and
  out-degree at most B (an empty successor list is terminal), up to isomorphism of
  the rooted instance (MDP, start state, the two first actions compared), with
  A = F(s | a), B = F(s | b) at GAMMA (default ``average``: recurrent state
  distributions);
* ``one-hot:D``: blocks of one-hot vectors, A = {e_j : j ∈ J}, B = {e_k : k ∈ K} with
  J, K ⊆ {0..D-1}, up to relabelling (sizes of J∖K, K∖J, J∩K and the rest);
* ``random-vectors:D:COUNT:SEED``: COUNT random pairs of small integer vector sets;
* ``stoch-mdp:K:Q[:GAMMA]``: every stochastic MDP with K states in which each state has one
  or two distinct actions whose probabilities lie on the grid {0, 1/Q, …, 1}, up to
  relabelling the states, with the start state and two first actions (GAMMA default 1/2).

Examples
--------
>>> fam = family("one-hot:3")
>>> fam.size
13
>>> res = search("scaling_law_raw", fam, "patterns:0,1,2", workers=1, progress=False)
>>> res.checked, res.counterexamples
(13, [])

PR Conjecture D.13 as stated fails on 2 things against 1 (n < m):

>>> res = search("fractional_conjecture", fam, "patterns:0,1", workers=1, progress=False)
>>> res.counterexamples[0]["counterexample"], res.counterexamples[0]["instance"]["A"]
(['0', '1', '1'], [[1, 0, 0], [0, 1, 0]])
"""

from __future__ import annotations

import itertools
import json
import os
import random
import time
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any, Iterator

from ._validation import fraction_str
from .rewards import reward_family
from .errors import InvalidArgument, MissingExtra, SymorbitError

__all__ = ["Family", "SearchResult", "family", "search", "check_instance_spec", "random_search"]


@dataclass(frozen=True)
class Family:
    """A finite family of instance specs (plain, picklable dicts with a stable ``key``)."""

    name: str
    size: int
    duplicates: int
    specs: tuple[dict[str, Any], ...]

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return iter(self.specs)


@dataclass
class SearchResult:
    """What a search did: how many instances, with which outcome, and the counterexamples."""

    statement: str
    family: str
    checked: int = 0
    resumed: int = 0
    holds: int = 0
    hypotheses_not_met: int = 0
    duplicates_skipped: int = 0
    counterexamples: list[dict[str, Any]] = field(default_factory=list)
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"statement": self.statement, "family": self.family, "checked": self.checked,
                "resumed_from_checkpoint": self.resumed, "holds": self.holds,
                "hypotheses_not_met": self.hypotheses_not_met, "duplicates_skipped": self.duplicates_skipped,
                "counterexamples": self.counterexamples, "seconds": round(self.seconds, 3)}


# ------------------------------------------------------------------ families
def _e(d: int, j: int) -> list[int]:
    return [int(i == j) for i in range(d)]


def _one_hot_family(d: int) -> Family:
    specs = []
    for only_a, only_b, both in itertools.product(range(d + 1), repeat=3):
        if only_a + both == 0 or only_b + both == 0 or only_a + only_b + both > d:
            continue
        A = [_e(d, j) for j in range(only_a)] + [_e(d, j) for j in range(only_a, only_a + both)]
        B = [_e(d, j) for j in range(only_a, only_a + both + only_b)]
        specs.append({"key": f"one-hot:{d}:{only_a}:{only_b}:{both}", "A": A, "B": B})
    return Family(f"one-hot:{d}", len(specs), 0, tuple(specs))


def _random_vector_family(d: int, count: int, seed: int) -> Family:
    rng = random.Random(seed)
    specs = []
    for i in range(count):
        A = [[rng.randint(0, 2) for _ in range(d)] for _ in range(rng.randint(1, 3))]
        B = [[rng.randint(0, 2) for _ in range(d)] for _ in range(rng.randint(1, 4))]
        specs.append({"key": f"random-vectors:{d}:{seed}:{i}", "A": A, "B": B})
    return Family(f"random-vectors:{d}:{count}:{seed}", count, 0, tuple(specs))


def _det_mdp_family(max_states: int, max_degree: int, gamma: str) -> Family:
    import networkx as nx

    specs: list[dict[str, Any]] = []
    buckets: dict[str, list[Any]] = {}
    duplicates = 0
    for k in range(1, max_states + 1):
        nodes = list(range(k))
        choices = [c for r in range(0, max_degree + 1) for c in itertools.combinations(nodes, r)]
        for succ in itertools.product(choices, repeat=k):
            for start in nodes:
                out = succ[start]
                for a, b in itertools.permutations(out, 2):
                    g = nx.DiGraph()
                    g.add_nodes_from((v, {"tag": "s" if v == start else "a" if v == a else "b" if v == b else ""})
                                     for v in nodes)
                    g.add_edges_from((u, v) for u in nodes for v in succ[u])
                    h = nx.weisfeiler_lehman_graph_hash(g, node_attr="tag")
                    bucket = buckets.setdefault(h, [])
                    if any(nx.is_isomorphic(g, o, node_match=lambda x, y: x["tag"] == y["tag"]) for o in bucket):
                        duplicates += 1
                        continue
                    bucket.append(g)
                    adj = {f"s{u}": [f"s{v}" for v in succ[u]] for u in nodes}
                    specs.append({"key": f"det-mdp:{k}:{len(specs)}", "mdp": adj, "state": f"s{start}",
                                  "a": f"s{a}", "b": f"s{b}", "gamma": gamma})
    return Family(f"det-mdp:{max_states}:{max_degree}:{gamma}", len(specs), duplicates, tuple(specs))


def _stoch_mdp_family(k: int, q: int, gamma: str) -> Family:
    if k > 3 or q > 3:
        raise InvalidArgument(f"stoch-mdp:{k}:{q} is too large to enumerate here; use K <= 3 and Q <= 3")
    nodes = list(range(k))
    dists = [c for c in itertools.product(range(q + 1), repeat=k) if sum(c) == q]
    choices = [tuple(c) for r in (1, 2) for c in itertools.combinations(dists, r)]
    seen: set[Any] = set()
    specs: list[dict[str, Any]] = []
    duplicates = 0
    for rows in itertools.product(choices, repeat=k):
        for start in nodes:
            for a, b in itertools.permutations(range(len(rows[start])), 2):
                canon = min(
                    (tuple(tuple(sorted(tuple(d[perm.index(t)] for t in nodes) for d in rows[perm.index(u)]))
                           for u in nodes),
                     perm[start], tuple(rows[start][a][perm.index(t)] for t in nodes),
                     tuple(rows[start][b][perm.index(t)] for t in nodes))
                    for perm in itertools.permutations(nodes))
                if canon in seen:
                    duplicates += 1
                    continue
                seen.add(canon)
                spec = {f"s{u}": {f"a{i}": {f"s{t}": f"{d[t]}/{q}" for t in nodes if d[t]}
                                  for i, d in enumerate(rows[u])} for u in nodes}
                specs.append({"key": f"stoch-mdp:{k}:{q}:{len(specs)}", "stochastic": spec, "state": f"s{start}",
                              "a": f"a{a}", "b": f"a{b}", "gamma": gamma})
    return Family(f"stoch-mdp:{k}:{q}:{gamma}", len(specs), duplicates, tuple(specs))


def family(spec: str) -> Family:
    """Build a family from its CLI spec (see module docs)."""
    parts = spec.split(":")
    try:
        if parts[0] == "one-hot" and len(parts) == 2:
            return _one_hot_family(int(parts[1]))
        if parts[0] == "random-vectors" and len(parts) == 4:
            return _random_vector_family(int(parts[1]), int(parts[2]), int(parts[3]))
        if parts[0] == "det-mdp" and len(parts) in (3, 4):
            return _det_mdp_family(int(parts[1]), int(parts[2]), parts[3] if len(parts) == 4 else "average")
        if parts[0] == "stoch-mdp" and len(parts) in (3, 4):
            return _stoch_mdp_family(int(parts[1]), int(parts[2]), parts[3] if len(parts) == 4 else "1/2")
    except InvalidArgument:
        raise
    except ValueError:  # a non-integer size in the spec
        pass
    raise InvalidArgument(f"family={spec!r}: use one-hot:D, random-vectors:D:COUNT:SEED, det-mdp:K:B[:GAMMA] "
                          "or stoch-mdp:K:Q[:GAMMA]")


# ------------------------------------------------------------------ one instance
def _instance(spec: dict[str, Any]) -> Any:
    from .envs import MDP
    from .verdicts import Instance
    from .visits import recurrent_state_distributions, visit_distributions

    if "mdp" in spec or "stochastic" in spec:
        env = MDP.deterministic(spec["mdp"], name=spec["key"]) if "mdp" in spec else \
            MDP.stochastic(spec["stochastic"], name=spec["key"])
        F = recurrent_state_distributions(env, spec["state"]) if spec["gamma"] == "average" \
            else visit_distributions(env, spec["state"], spec["gamma"])
        return Instance(A=F.restrict(spec["a"]), B=F.restrict(spec["b"]), C=F, name=spec["key"])
    return Instance(A=spec["A"], B=spec["B"], name=spec["key"])


def check_instance_spec(statement: str, spec: dict[str, Any], rewards: str) -> dict[str, Any]:
    """Check one instance (a worker's job): returns a JSON-ready record."""
    from theorems import resolve

    from .verdicts import check_statement

    from .kernel import check_certificate

    inst = _instance(spec)
    # Instances that hold are recorded engine-only (re-run check_statement to certify one);
    # every counterexample is re-checked by the kernel before it is reported.
    v = check_statement(resolve(statement), inst, reward_family(rewards, inst.d), kernel=False)
    rec: dict[str, Any] = {"key": spec["key"], "status": v.status}
    if v.status == "fails":
        problems = check_certificate(v.certificate)
        if problems:  # pragma: no cover - the engine and the kernel disagree: never report such a result
            raise SymorbitError(f"{spec['key']}: the kernel rejects the counterexample: {problems[0]}")
        rec["certificate"] = v.certificate
        rec["counterexample"] = [fraction_str(x) for x in v.counterexample or ()]
        rec["provenance"] = "kernel-checked"
        rec["instance"] = spec
    return rec


# ------------------------------------------------------------------ the search
def _repair(path: Path) -> None:
    """Cut a record torn by a kill (a last line without its newline) so appends start clean."""
    if not path.exists() or path.stat().st_size == 0:
        return
    with path.open("rb+") as fh:
        data = fh.read()
        if data.endswith(b"\n"):
            return
        fh.truncate(data.rfind(b"\n") + 1)


def _done_keys(path: Path) -> dict[str, dict[str, Any]]:
    done: dict[str, dict[str, Any]] = {}
    _repair(path)
    if not path.exists():
        return done
    with path.open(encoding="utf-8") as fh:
        for line_no, line in enumerate(fh, 1):
            line = line.strip()
            if not line:
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError:
                raise SymorbitError(f"{path}:{line_no}: not a symorbit checkpoint record; "
                                    "pass a new --checkpoint file") from None
            if "key" in rec:
                done[rec["key"]] = rec
    return done


def search(statement: str, fam: Family | str, rewards: str, *, checkpoint: str | Path | None = None,
           workers: int | None = None, executor: Executor | None = None, progress: bool = True,
           expect: str | None = None, chunk: int = 8) -> SearchResult:
    """Check ``statement`` on every instance of ``fam`` (exhaustive mode).

    Parameters
    ----------
    statement : str
        A name from ``theorems.REGISTRY`` (``fractional_conjecture+n_at_least_m`` adds hypotheses).
    fam : Family or str
        The instance family (or its spec).
    rewards : str
        ``patterns:V1,V2,...`` (every orbit over these values) or ``random:COUNT:SEED``.
    checkpoint : path, keyword-only
        JSONL file; results are appended as they arrive and an existing file is resumed.
    workers : int, keyword-only
        Local processes (default: the machine's cores); 1 runs in this process.
    executor : concurrent.futures.Executor, keyword-only
        Any executor (e.g. a Dask ``Client(...).get_executor()``); overrides ``workers``.
    expect : {"none", "found"}, keyword-only
        Declare the expected outcome; :class:`SymorbitError` is raised when it differs.

    Returns
    -------
    SearchResult
    """
    from theorems import resolve

    fam = family(fam) if isinstance(fam, str) else fam
    resolve(statement)  # validate before work starts
    if expect not in (None, "none", "found"):
        raise InvalidArgument(f"expect={expect!r} must be 'none' or 'found'")
    t0 = time.perf_counter()
    result = SearchResult(statement, fam.name, duplicates_skipped=fam.duplicates)
    path = Path(checkpoint) if checkpoint else None
    done = _done_keys(path) if path else {}
    for rec in done.values():
        _tally(result, rec)
    result.resumed = len(done)
    todo = [s for s in fam if s["key"] not in done]
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=fam.size, initial=len(done), unit="inst", desc=statement, mininterval=0.5)
    out = path.open("a", encoding="utf-8") if path else None
    own = None
    try:
        if executor is None and (workers or os.cpu_count() or 1) > 1 and len(todo) > chunk:
            own = executor = ProcessPoolExecutor(max_workers=workers or os.cpu_count())
        if executor is None:
            records = (check_instance_spec(statement, s, rewards) for s in todo)
        else:
            extra = {"chunksize": chunk} if isinstance(executor, ProcessPoolExecutor) else {}
            records = executor.map(check_instance_spec, [statement] * len(todo), todo, [rewards] * len(todo),
                                   **extra)
        for rec in records:
            _tally(result, rec)
            if out is not None:
                out.write(json.dumps(rec) + "\n")
                out.flush()
            if bar is not None:
                bar.update(1)
    finally:
        if out is not None:
            out.close()
        if bar is not None:
            bar.close()
        if own is not None:
            own.shutdown(cancel_futures=True)
    result.seconds = time.perf_counter() - t0
    if expect == "none" and result.counterexamples:
        raise SymorbitError(f"expected no counterexample but found {len(result.counterexamples)} "
                            f"(first: {result.counterexamples[0]['key']})")
    if expect == "found" and not result.counterexamples:
        raise SymorbitError(f"expected a counterexample but none was found in {result.checked} instances")
    return result


def _tally(result: SearchResult, rec: dict[str, Any]) -> None:
    result.checked += 1
    if rec["status"] == "holds":
        result.holds += 1
    elif rec["status"] == "hypotheses not met":
        result.hypotheses_not_met += 1
    else:
        result.counterexamples.append(rec)


def random_search(statement: str, instances: Any, rewards: str, *, max_examples: int = 200, seed: int = 0) -> Any:
    """Random mode on hypothesis: the minimal failing instance spec, or None if none was found.

    ``instances`` is a hypothesis strategy of instance specs (dicts with ``A``, ``B``
    and a ``key``); hypothesis shrinks a failure towards fewer and smaller vectors.
    None does not mean no counterexample exists, only that none was found.
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
        return None
