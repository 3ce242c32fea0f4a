"""Kernel certificates: the statement decides what must be shown (standard library only).

A certificate (format ``symorbit-certificate/2``) is a JSON object with exactly the fields
its statement needs; a missing or extra field is malformed. Always:

  format, statement, verdict   "holds" | "fails" | "vacuous" ("counted" for orbit_counts)
  A, B                         outcome sets (numbers as integers or "p/q" strings)
  family, rewards              the reward family spec and one entry per reward:
                               {reward, b_better, a_better, ties, orbit_size, blocks?}
  environment (optional)       {mdp, state, discount, a_actions, b_actions, relative}: the kernel
                               re-derives A = F(s|a), B = F(s|b) (and C = F(s) when relative)
  with family "all"            chamber, nd_A, nd_B (nd_C with C): the split trees of the chamber over
                               ND(A), ND(B), ND(C) (:mod:`.chambers`); the listed rewards must show
                               exactly the count profiles of every reward in R^d, each once

and per statement (the kernel's registry, :data:`STATEMENTS`):

  scaling_law_raw              involutions, nd_A                      n copies of ND(A); gt >= n lt
  scaling_law_relative         C, Z, involutions, nd_A, nd_C          + ND(C) <= Z <= C, phi_i fix Z - B_extra
  strict_scaling_conjecture    involutions, nd_A                      + A, B disjoint; strict >= n/(n+1), generic r
  decision_rule_<rule>         C, rule, involutions                   copies of A, A, B <= C, phi_i fix C
  fractional_conjecture[+x]    C, parts, copies, involution_table     PR D.13; gt >= (n/m) lt
  more_options_more_power      environment {mdp, state, other, discount}, involutions, nd_F_other
  orbit_counts                 C optional                             the counts only (verdict "counted")

A non-domination certificate (nd_*) lists every vector of the set once, either with a
``witness`` reward under which it is strictly best, or with a ``combination`` [[vector,
weight], ...] of the other vectors (weights >= 0, summing to 1) equal to it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from .chambers import chamber_profiles
from .check import (
    Budget,
    Malformed,
    Perm,
    Vec,
    Vecs,
    _act_set,
    _num,
    _vecs,
    count_reward,
)
from .environment import outcome_sets
from .rewards import ALL, family_rewards

__all__ = ["FORMAT", "STATEMENTS", "Report", "check_certificate", "known_statement", "verify"]

FORMAT = "symorbit-certificate/2"
_COMMON = {"format", "statement", "verdict", "family", "rewards", "A", "B"}


@dataclass(frozen=True)
class Spec:
    """What a statement needs: comparison mode, witnesses, fixing condition and claim."""

    source: str
    mode: str                     # "raw" | "relative" | "either"
    witness: str                  # "copies_nd" | "copies" | "table" | "power" | "none"
    fix: str = ""                 # "" | "C" | "Z"
    claim: str = "most"           # "most" (gt >= ratio * lt) | "strict" (strict fraction) | "counts"
    generic: bool = False         # only rewards whose orbit has no ties count
    disjoint: bool = False        # A and B must not intersect


STATEMENTS = {
    "scaling_law_raw": Spec("PR Lemma D.3", "raw", "copies_nd"),
    "scaling_law_relative": Spec("PR Lemma D.5", "relative", "copies_nd", fix="Z"),
    "strict_scaling_conjecture": Spec("the post", "raw", "copies_nd", claim="strict", generic=True, disjoint=True),
    "decision_rule": Spec("PR Prop. A.11", "relative", "copies", fix="C"),
    "fractional_conjecture": Spec("PR Conjecture D.13", "relative", "table"),
    "more_options_more_power": Spec("OPTS Prop. 6.6", "raw", "power"),
    "orbit_counts": Spec("docs/theory.md#most", "either", "none", claim="counts"),
}
_WITNESS_KEYS = {"copies_nd": {"involutions", "nd_A"}, "copies": {"involutions", "rule"}, "none": set(),
                 "table": {"parts", "copies", "involution_table"}, "power": {"involutions", "nd_F_other", "environment"}}
_FRACTIONAL_EXTRAS = ("n_at_least_m", "fix_C", "disjoint")


@dataclass
class Report:
    """The kernel's answer: ``verified``, ``vacuous`` (true of zero rewards) or ``refuted``, and what was checked."""

    status: str = "verified"
    problems: list[str] = field(default_factory=list)
    statement: str = ""
    source: str = ""
    claim: str = ""
    hypotheses: list[str] = field(default_factory=list)
    family: str = ""
    rewards_checked: int = 0
    rewards_skipped_non_generic: int = 0
    outcome_sets_from_environment: bool = False

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def _resolve(cert: dict[str, Any]) -> tuple[Spec, tuple[str, ...]]:
    name = cert.get("statement")
    if not isinstance(name, str):
        raise Malformed("statement: must name a statement")
    if name.startswith("decision_rule_"):
        rule = cert.get("rule")
        if not isinstance(rule, str) or name != "decision_rule_" + rule.replace(":", "_").replace("/", "_"):
            raise Malformed(f"rule: {rule!r} does not match the statement {name!r}")
        return STATEMENTS["decision_rule"], ()
    base, *extra = name.split("+")
    if extra and (base != "fractional_conjecture" or len(set(extra)) != len(extra)
                  or not set(extra) <= set(_FRACTIONAL_EXTRAS)):
        raise Malformed(f"statement: unknown added hypotheses in {name!r}")
    if base not in STATEMENTS or base == "decision_rule":
        raise Malformed(f"statement: {name!r} is not in the kernel's registry")
    return STATEMENTS[base], tuple(extra)


def known_statement(cert: dict[str, Any]) -> bool:
    """Does the kernel's registry know the statement ``cert`` names (with its rule or added hypotheses)?"""
    try:
        _resolve(cert)
    except Malformed:
        return False
    return True


def _perm(p: Any, d: int, where: str) -> Perm:
    if not isinstance(p, list) or not all(isinstance(k, int) and not isinstance(k, bool) for k in p) \
            or sorted(p) != list(range(d)):
        raise Malformed(f"{where}: must be a permutation of 0..{d - 1}")
    return tuple(p)


def _involution(p: Perm, where: str, problems: list[str]) -> None:
    if any(p[p[j]] != j for j in range(len(p))):
        problems.append(f"{where} is not an involution")


def _nondominated(raw: Any, X: Vecs, key: str, problems: list[str]) -> Vecs:
    """ND(X) from a non-domination certificate, every entry checked in exact arithmetic."""
    if not isinstance(raw, list):
        raise Malformed(f"{key}: must be a list of entries")
    d, nd, seen = len(X[0]), [], []
    for i, e in enumerate(raw):
        if not isinstance(e, dict) or set(e) not in ({"vector", "witness"}, {"vector", "combination"}):
            raise Malformed(f"{key}[{i}]: must be {{vector, witness}} or {{vector, combination}}")
        x = _vecs([e["vector"]], f"{key}[{i}].vector", d)[0]
        seen.append(x)
        others = [y for y in X if y != x]
        if "witness" in e:
            r = _vecs([e["witness"]], f"{key}[{i}].witness", d)[0]
            value = sum((a * b for a, b in zip(x, r)), Fraction(0))
            if any(sum((a * b for a, b in zip(y, r)), Fraction(0)) >= value for y in others):
                problems.append(f"{key}[{i}]: the witness reward does not make the vector strictly best")
            nd.append(x)
            continue
        comb = e["combination"]
        if not isinstance(comb, list) or not comb or not all(isinstance(c, list) and len(c) == 2 for c in comb):
            raise Malformed(f"{key}[{i}].combination: must be a non-empty list of [vector, weight]")
        pts = [(_vecs([c[0]], f"{key}[{i}].combination", d)[0], _num(c[1], f"{key}[{i}].weight")) for c in comb]
        mix = tuple(sum((w * y[k] for y, w in pts), Fraction(0)) for k in range(d))
        if any(w < 0 or y not in others for y, w in pts) or sum(w for _, w in pts) != 1 or mix != x:
            problems.append(f"{key}[{i}]: the combination is not a convex combination of the other vectors")
    if sorted(seen) != sorted(X):
        problems.append(f"{key}: the entries are not exactly the vectors of the set, each once")
    return nd


def _copies(cert: dict[str, Any], src: Vecs, B: Vecs, d: int, problems: list[str]) -> list[Perm]:
    """Def. A.7: involutions phi_i with phi_i.src = B_i <= B and phi_i.B_j = B_j for j != i."""
    raw = cert["involutions"]
    if not isinstance(raw, list) or not raw:
        raise Malformed("involutions: must be a non-empty list of permutations")
    phis = [_perm(p, d, f"involutions[{i}]") for i, p in enumerate(raw)]
    images = [_act_set(p, src) for p in phis]
    for i, p in enumerate(phis):
        _involution(p, f"involutions[{i}]", problems)
        if not images[i] <= frozenset(B):
            problems.append(f"involutions[{i}] maps the copied set outside B")
        for j, Bj in enumerate(images):
            if j != i and _act_set(p, list(Bj)) != Bj:
                problems.append(f"involutions[{i}] does not fix the copy B_{j}")
    return phis


def _fixes(phis: list[Perm], X: Vecs, what: str, problems: list[str]) -> None:
    for i, p in enumerate(phis):
        if _act_set(p, X) != frozenset(X):
            problems.append(f"involutions[{i}] does not fix {what}")


def _table(cert: dict[str, Any], A: Vecs, B: Vecs, C: Vecs, extra: tuple[str, ...], d: int,
           problems: list[str]) -> tuple[int, int]:
    """PR Conj. D.13: A = U A_j; B_i <= B; phi_ji.A_j = B_i, fixing B_i' (i' != i) and A_j' (j' != j)."""
    parts = [_vecs(p, f"parts[{j}]", d) for j, p in enumerate(_list(cert["parts"], "parts"))]
    copies = [_vecs(b, f"copies[{i}]", d) for i, b in enumerate(_list(cert["copies"], "copies"))]
    table = _list(cert["involution_table"], "involution_table")
    m, n = len(parts), len(copies)
    if len(table) != m or not all(isinstance(row, list) and len(row) == n for row in table):
        raise Malformed(f"involution_table: must be {m} rows of {n} permutations (parts x copies)")
    if frozenset().union(*map(frozenset, parts)) != frozenset(A):
        problems.append("parts: their union is not A")
    sets = [frozenset(b) for b in copies]
    for i, Bi in enumerate(sets):
        if not Bi <= frozenset(B):
            problems.append(f"copies[{i}] is not a subset of B")
    for j, row in enumerate(table):
        for i, raw in enumerate(row):
            p, where = _perm(raw, d, f"involution_table[{j}][{i}]"), f"involution_table[{j}][{i}]"
            _involution(p, where, problems)
            if _act_set(p, parts[j]) != sets[i]:
                problems.append(f"{where} does not map parts[{j}] onto copies[{i}]")
            fixed = [(f"copies[{k}]", list(X)) for k, X in enumerate(sets) if k != i] + \
                [(f"parts[{k}]", X) for k, X in enumerate(parts) if k != j] + \
                ([("C", C)] if "fix_C" in extra else [])
            for what, X in fixed:
                if _act_set(p, X) != frozenset(X):
                    problems.append(f"{where} does not fix {what}")
    if "n_at_least_m" in extra and n < m:
        problems.append(f"added hypothesis n_at_least_m fails: n = {n} < m = {m}")
    if "disjoint" in extra and set(A) & set(B):
        problems.append("added hypothesis disjoint fails: A and B intersect")
    return n, m


def _list(x: Any, key: str) -> list[Any]:
    if not isinstance(x, list) or not x:
        raise Malformed(f"{key}: must be a non-empty list")
    return x


def _derive(env: Any, keys: set[str], budget: Budget) -> tuple[list[str], dict[Vec, set[str]]]:
    if not isinstance(env, dict) or set(env) != keys:
        raise Malformed(f"environment: must have exactly the fields {sorted(keys)}")
    return outcome_sets(env["mdp"], env["state"], env["discount"], budget)


def _environment(cert: dict[str, Any], A: Vecs, B: Vecs, C: Vecs | None, report: Report, budget: Budget) -> None:
    env = cert["environment"]
    _, F = _derive(env, {"mdp", "state", "discount", "a_actions", "b_actions", "relative"}, budget)
    derived = {}
    for side in ("a_actions", "b_actions"):
        acts = env[side]
        if not isinstance(acts, list) or not acts or not all(isinstance(a, str) for a in acts):
            raise Malformed(f"environment.{side}: must be a non-empty list of actions")
        derived[side] = {v for v, first in F.items() if first & set(acts)}
    if not isinstance(env["relative"], bool):
        raise Malformed("environment.relative: must be true or false")
    wanted = [("A", A, derived["a_actions"]), ("B", B, derived["b_actions"])]
    if C is not None:
        wanted.append(("C", C, set(F) if env["relative"] else derived["a_actions"] | derived["b_actions"]))
    elif env["relative"]:
        report.problems.append("environment.relative: the certificate compares against C = F(s) but has no C")
    for key, given, want in wanted:
        if set(given) != want:
            report.problems.append(f"{key} differs from the outcome set the kernel derives from the environment")
    report.outcome_sets_from_environment = True


def _power(cert: dict[str, Any], A: Vecs, B: Vecs, report: Report, budget: Budget) -> None:
    """OPTS Prop. 6.6: F(s) contains a copy of F_nd(s'); A = F(s') - e_s', B = F(s) - e_s."""
    env = cert["environment"]
    states, Fs = _derive(env, {"mdp", "state", "other", "discount"}, budget)
    _, Fo = outcome_sets(env["mdp"], env["other"], env["discount"], budget)
    if env["discount"] == "average":
        raise Malformed("environment.discount: POWER needs a discount in (0, 1)")

    def shift(F: dict[Vec, set[str]], s: str) -> set[Vec]:
        k = states.index(s)
        return {v[:k] + (v[k] - 1,) + v[k + 1:] for v in F}

    if set(A) != shift(Fo, env["other"]) or set(B) != shift(Fs, env["state"]):
        report.problems.append("A or B differs from F(s') - e_s' or F(s) - e_s derived from the environment")
    nd = _nondominated(cert["nd_F_other"], list(Fo), "nd_F_other", report.problems)
    phis = _copies(cert, nd, list(Fs), len(states), report.problems)
    if len(phis) != 1:
        raise Malformed("involutions: Prop. 6.6 takes exactly one involution")
    report.outcome_sets_from_environment = True
    report.hypotheses.append("F(s) contains a copy of F_nd(s') (Def. A.7, F_nd by its certificate)")


def _hypotheses(cert: dict[str, Any], spec: Spec, extra: tuple[str, ...], A: Vecs, B: Vecs,
                C: Vecs | None, report: Report, budget: Budget) -> Fraction | None:
    """Check every hypothesis from the witnesses; return the claim's bound."""
    d, probs, hyp = len(A[0]), report.problems, report.hypotheses
    if spec.witness in ("copies_nd", "copies"):
        src = _nondominated(cert["nd_A"], A, "nd_A", probs) if spec.witness == "copies_nd" else A
        phis = _copies(cert, src, B, d, probs)
        hyp.append(f"B contains n = {len(phis)} copies of {'ND(A)' if spec.witness == 'copies_nd' else 'A'} "
                   "(Def. A.7: involutive, into B, fixing the other copies)")
        if spec.fix == "C" and C is not None:
            if not (set(A) <= set(C) and set(B) <= set(C)):
                probs.append("A and B must be subsets of C")
            _fixes(phis, C, "C", probs)
            hyp.append("A, B <= C and every phi_i fixes C")
        if spec.fix == "Z" and C is not None:
            Z = _vecs(cert["Z"], "Z", d)
            nd_C = _nondominated(cert["nd_C"], C, "nd_C", probs)
            if not set(nd_C) <= set(Z) <= set(C):
                probs.append("Z is not between ND(C) and C")
            covered = set().union(*(_act_set(p, src) for p in phis))
            _fixes(phis, [z for z in Z if not (z in set(B) and z not in covered)], "Z minus B_extra", probs)
            hyp.append("ND(C) <= Z <= C and every phi_i fixes Z minus B_extra")
        if spec.disjoint:
            if set(A) & set(B):
                probs.append("A and B intersect")
            hyp.append("A and B are disjoint")
        n = len(phis)
        return Fraction(n, n + 1) if spec.claim == "strict" else Fraction(n)
    if spec.witness == "table":
        n, m = _table(cert, A, B, C or [], extra, d, probs)
        hyp.append(f"m = {m} parts of A, n = {n} common copies in B (PR D.13 table)" +
                   "".join(f"; {x}" for x in extra))
        return Fraction(n, m)
    if spec.witness == "power":
        _power(cert, A, B, report, budget)
        return Fraction(1)
    return None


def _int(entry: dict[str, Any], key: str, where: str) -> int:
    v = entry[key]
    if isinstance(v, bool) or not isinstance(v, int) or v < 0:
        raise Malformed(f"{where}.{key}: must be a non-negative integer")
    return v


def verify(cert: Any, budget: Budget | None = None) -> Report:
    """Re-check ``cert`` against the statement it names; see the module notes for the format.

    Raises
    ------
    Malformed
        For any certificate that cannot be read, lacks or adds a field, or is too large.
    """
    budget = budget or Budget()
    if not isinstance(cert, dict):
        raise Malformed("the certificate must be a JSON object")
    if cert.get("format") != FORMAT:
        raise Malformed(f"format: must be {FORMAT!r}")
    spec, extra = _resolve(cert)
    keys = set(_COMMON) | _WITNESS_KEYS[spec.witness] | ({"C"} if spec.mode == "relative" else set()) | \
        ({"Z", "nd_C"} if spec.fix == "Z" else set())
    if cert.get("family") == ALL:        # every reward: the chamber subdivision, over ND(A), ND(B), ND(C)
        keys |= {"chamber", "nd_A", "nd_B"} | ({"nd_C"} if "C" in cert else set())
    optional = {"environment"} | ({"C"} if spec.mode == "either" else set())
    if not keys <= set(cert) or not set(cert) <= keys | optional:
        missing, unexpected = sorted(keys - set(cert)), sorted(set(cert) - keys - optional)
        raise Malformed(f"fields: {cert['statement']} needs {sorted(keys)}; missing {missing}, unexpected {unexpected}")
    report = Report(statement=cert["statement"], source=spec.source, family=str(cert["family"]))
    verdicts = ("counted",) if spec.claim == "counts" else ("holds", "fails", "vacuous")
    if cert["verdict"] not in verdicts:
        raise Malformed(f"verdict: must be one of {list(verdicts)}")
    A = _vecs(cert["A"], "A", None)
    d = len(A[0])
    B = _vecs(cert["B"], "B", d)
    C = _vecs(cert["C"], "C", d) if "C" in cert else None
    if "environment" in cert and spec.witness != "power":
        _environment(cert, A, B, C, report, budget)
    bound = _hypotheses(cert, spec, extra, A, B, C, report, budget)
    kind = {"most": "gt >= {} * lt", "strict": "strict fraction >= {} (generic rewards)", "counts": "counts{}"}
    report.claim = kind[spec.claim].format("" if bound is None else bound)
    rule = cert["rule"] if spec.witness == "copies" else None    # else max_B vs max_A, or IsOptimal given C
    entries = cert["rewards"]
    if not isinstance(entries, list) or not isinstance(cert["family"], str):
        raise Malformed("rewards: must be a list of entries and family a string")
    family = family_rewards(cert["family"], d)
    failing = False
    listed = []
    for i, e in enumerate(entries):
        where = f"rewards[{i}]"
        if not isinstance(e, dict) or not {"reward", "b_better", "a_better", "ties", "orbit_size"} <= set(e) \
                or not set(e) <= {"reward", "b_better", "a_better", "ties", "orbit_size", "blocks"}:
            raise Malformed(f"{where}: needs exactly reward, b_better, a_better, ties, orbit_size (and blocks)")
        r = _vecs([e["reward"]], f"{where}.reward", d)[0]
        listed.append(r)
        claimed = tuple(_int(e, k, where) for k in ("b_better", "a_better", "ties", "orbit_size"))
        got = count_reward(A, B, C, r, e.get("blocks"), rule, report.problems, budget)
        if got is None:
            continue
        for key, c, g in zip(("b_better", "a_better", "ties", "orbit_size"), claimed, got):
            if c != g:
                report.problems.append(f"{where}: claimed {key}={c}, kernel counts {g}")
        gt, lt, eq, size = got
        if spec.generic and eq:
            report.rewards_skipped_non_generic += 1
            continue
        report.rewards_checked += 1
        if bound is not None and not (gt >= bound * lt if spec.claim == "most" else Fraction(gt, size) >= bound):
            failing = True
    if family == ALL:
        _every_profile(cert, A, B, C, entries, report, budget)
    elif isinstance(family, list) and (listed != family if cert["verdict"] != "fails" else not set(listed) <= set(family)):
        report.problems.append(f"rewards: the listed rewards are not {'' if cert['verdict'] != 'fails' else 'in '}"
                               f"the family {cert['family']!r}")
    if not listed and cert["verdict"] in ("fails", "counted") or family is None and not listed:
        report.problems.append("rewards: no reward is listed")
    found = ("counted" if spec.claim == "counts" else "fails" if failing else
             "vacuous" if not report.rewards_checked else "holds")
    if found != cert["verdict"]:
        report.problems.append(f"verdict: claimed {cert['verdict']!r}, kernel finds {found!r}")
    report.status = "refuted" if report.problems else "vacuous" if found == "vacuous" else "verified"
    return report


def _every_profile(cert: dict[str, Any], A: Vecs, B: Vecs, C: Vecs | None, entries: list[Any], report: Report,
                   budget: Budget) -> None:
    """Family "all": the listed counts must be exactly the profiles the chamber subdivision shows."""
    probs = report.problems
    nd = [_nondominated(cert[f"nd_{k}"], X, f"nd_{k}", probs) for k, X in (("A", A), ("B", B), ("C", C)) if X]
    every = chamber_profiles(nd[0], nd[1], nd[2] if C is not None else None, cert["chamber"], budget, probs)
    listed = [tuple(e[k] for k in ("b_better", "a_better", "ties", "orbit_size")) for e in entries]
    if every and (sorted(listed) != sorted(every)):
        probs.append(f"rewards: the listed profiles are not the {len(every)} profiles of the chamber subdivision "
                     "(each exactly once)")


def check_certificate(cert: Any) -> list[str]:
    """Re-check ``cert``; the list of problems (empty: verified).

    Parameters
    ----------
    cert : dict
        A certificate (format ``symorbit-certificate/2``), e.g. read by :func:`load_file`.

    Returns
    -------
    list of str
        Every problem found; the statement is verified when the list is empty.

    Raises
    ------
    Malformed
        A missing, extra or ill-typed field, or work above the kernel's bounds.

    Examples
    --------
    >>> cert = {"format": FORMAT, "statement": "orbit_counts", "verdict": "counted", "family": "list",
    ...         "A": [[1, 0, 0]], "B": [[0, 1, 0], [0, 0, 1]],
    ...         "rewards": [{"reward": [1, 2, 3], "b_better": 4, "a_better": 2, "ties": 0, "orbit_size": 6}]}
    >>> check_certificate(cert)
    []
    >>> cert["rewards"][0]["b_better"] = 5
    >>> check_certificate(cert)
    ['rewards[0]: claimed b_better=5, kernel counts 4']

    References
    ----------
    docs/theory.md#most (counts of distinct orbit elements); PR Def. A.7, Lemma D.3/D.5, Conj. D.13.
    """
    return verify(cert).problems
