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
                               ND(A), ND(B), ND(C) (:mod:`.chambers`; over ND(A), ND(B) alone when
                               ND(C) lies in A + B and ND(A) + ND(B) in C); the listed rewards must
                               show exactly the count profiles of every reward in R^d, each once;
                               or, for a "holds" over every reward, bounds (in place of chamber):
                               split trees whose leaves show the claim on every face by bounds on
                               the counts alone (the listed rewards are then witnesses only)

and the witnesses that the statement's declaration asks for (:mod:`.declarations`: a built-in
name such as ``scaling_law_raw`` stands for the kernel's pin of the papers' statement; any other
name carries its ``declaration``):

  hypothesis copies            involutions (+ nd_A for ND(A); C for fixing C; C, Z, nd_C for Z_minus_extra)
  hypothesis common_copies     parts, copies, involution_table (PR Conj. D.13)
  hypothesis a_nondominated    nd_A
  hypothesis power_copy        environment {mdp, state, other, discount}, involutions, nd_F_other
  mode relative                C;   a built-in decision_rule_<rule>: rule
  orbit_counts                 C optional: the counts only (verdict "counted")

A non-domination certificate (nd_*) lists every vector of the set once, either with a
``witness`` reward under which it is strictly best, or with a ``combination`` [[vector,
weight], ...] of the other vectors (weights >= 0, summing to 1) equal to it.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from .chambers import chamber_bounds, chamber_profiles
from .check import (
    ACTIVE,
    Budget,
    Malformed,
    Perm,
    Vec,
    Vecs,
    _act_set,
    _dots,
    _num,
    _plain,
    _short,
    _size,
    _vecs,
    charge,
    count_reward,
    remembered,
)
from .declarations import claim_bound, declaration
from .environment import outcome_sets
from .polynomials import PARAMETRIC_FORMAT, check_parametric
from .report import Report
from .rewards import ALL, family_rewards

__all__ = ["FORMAT", "Report", "check_certificate", "known_statement", "verify"]

FORMAT = "symorbit-certificate/2"
_COMMON = {"format", "statement", "verdict", "family", "rewards", "A", "B"}


_ORBIT_COUNTS: dict[str, Any] = {"mode": "either", "rule": None, "generic": False, "hypotheses": [], "claim": {"kind": "counts"},
                 "source": "PR Def. 3.2 (orbit counts)"}
_ONE_COPY_KIND = {"copies", "common_copies", "power_copy"}


def _resolve(cert: dict[str, Any]) -> tuple[dict[str, Any], bool]:
    if cert.get("statement") == "orbit_counts":
        return dict(_ORBIT_COUNTS), True
    return declaration(cert)


def known_statement(cert: dict[str, Any]) -> bool:
    """Does the certificate's statement read as a declaration the kernel checks (built-in or declared)?"""
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
    """ND(X) from a non-domination certificate, every entry checked in exact arithmetic; remembered by its exact
    input (:func:`~.check.remembered`, on the active budget)."""
    return list(remembered(_ND, repr((raw, X, key)) if _plain(raw) else None, ACTIVE.get() or Budget(), problems,
                           lambda _, found: _read_nondominated(raw, X, key, found)))


#: ND(X) by its exact input, repr((raw, X, key)): (ND(X), units charged, problems found).
_ND: dict[str, Any] = {}


def _read_nondominated(raw: Any, X: Vecs, key: str, problems: list[str]) -> Vecs:
    if not isinstance(raw, list):
        raise Malformed(f"{key}: must be a list of entries")
    d, nd, seen, members = len(X[0]), [], [], set(X)
    charge(len(raw) * (len(X) * (d + 1) + 2 * d + 16))     # each entry read and compared with all of X, up front
    if len(raw) > len(X):      # not one entry per vector: decided without reading the entries
        problems.append(f"{key}: the entries are not exactly the vectors of the set, each once")
        return []
    for i, e in enumerate(raw):
        if not isinstance(e, dict) or set(e) not in ({"vector", "witness"}, {"vector", "combination"}):
            raise Malformed(f"{key}[{i}]: must be {{vector, witness}} or {{vector, combination}}")
        x = _vecs([e["vector"]], f"{key}[{i}].vector", d)[0]
        seen.append(x)
        others = [y for y in X if y != x]
        if "witness" in e:
            r = _vecs([e["witness"]], f"{key}[{i}].witness", d)[0]
            charge(_dots(X, r))      # x . r and every y . r, by the sizes of their numbers
            value = sum((a * b for a, b in zip(x, r)), Fraction(0))
            if any(sum((a * b for a, b in zip(y, r)), Fraction(0)) >= value for y in others):
                problems.append(f"{key}[{i}]: the witness reward does not make the vector strictly best")
            nd.append(x)
            continue
        comb = e["combination"]
        if not isinstance(comb, list) or not comb or not all(isinstance(c, list) and len(c) == 2 for c in comb):
            raise Malformed(f"{key}[{i}].combination: must be a non-empty list of [vector, weight]")
        pts = [(_vecs([c[0]], f"{key}[{i}].combination", d)[0], _num(c[1], f"{key}[{i}].weight")) for c in comb]
        charge(_dots(list(zip(*(y for y, _ in pts))) + [(Fraction(1),) * len(pts)], tuple(w for _, w in pts)))
        mix = tuple(sum((w * y[k] for y, w in pts), Fraction(0)) for k in range(d))
        if any(w < 0 or y == x or y not in members for y, w in pts) or sum(w for _, w in pts) != 1 or mix != x:
            problems.append(f"{key}[{i}]: the combination is not a convex combination of the other vectors")
    if sorted(seen) != sorted(X):
        problems.append(f"{key}: the entries are not exactly the vectors of the set, each once")
    return nd


def _copies(cert: dict[str, Any], src: Vecs, B: Vecs, d: int, problems: list[str]) -> list[Perm]:
    """Def. A.7: involutions phi_i with phi_i.src = B_i <= B and phi_i.B_j = B_j for j != i."""
    raw = cert["involutions"]
    if not isinstance(raw, list) or not raw:
        raise Malformed("involutions: must be a non-empty list of permutations")
    charge(len(raw) * (d + len(src) * d + sum(len(src) * d for _ in raw)))     # each phi_i on every copy B_j
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
    charge(len(phis) * len(X) * (len(X[0]) if X else 1))
    for i, p in enumerate(phis):
        if _act_set(p, X) != frozenset(X):
            problems.append(f"involutions[{i}] does not fix {what}")


def _table(cert: dict[str, Any], A: Vecs, B: Vecs, C: Vecs, fix_C: bool, d: int,
           problems: list[str]) -> tuple[int, int]:
    """PR Conj. D.13: A = U A_j; B_i <= B; phi_ji.A_j = B_i, fixing B_i' (i' != i) and A_j' (j' != j)."""
    parts = [_vecs(p, f"parts[{j}]", d) for j, p in enumerate(_list(cert["parts"], "parts"))]
    copies = [_vecs(b, f"copies[{i}]", d) for i, b in enumerate(_list(cert["copies"], "copies"))]
    table = _list(cert["involution_table"], "involution_table")
    m, n = len(parts), len(copies)
    if len(table) != m or not all(isinstance(row, list) and len(row) == n for row in table):
        raise Malformed(f"involution_table: must be {m} rows of {n} permutations (parts x copies)")
    charge(m * n * d * (1 + sum(map(len, parts)) + sum(map(len, copies)) + len(C)))    # each phi on every set
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
                ([("C", C)] if fix_C else [])
            for what, X in fixed:
                if _act_set(p, X) != frozenset(X):
                    problems.append(f"{where} does not fix {what}")
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


def _copies_hypothesis(cert: dict[str, Any], h: dict[str, Any], A: Vecs, B: Vecs, C: Vecs | None,
                       report: Report) -> int:
    """PR Def. A.7 with the declared fixing condition; returns n."""
    d, probs = len(A[0]), report.problems
    src = _nondominated(cert["nd_A"], A, "nd_A", probs) if h["of"] == "ND(A)" else A
    phis = _copies(cert, src, B, d, probs)
    report.hypotheses.append(f"B contains n = {len(phis)} copies of {h['of']} "
                             "(Def. A.7: involutive, into B, fixing the other copies)")
    if h["fixing"] == "C" and C is not None:
        if not (set(A) <= set(C) and set(B) <= set(C)):
            probs.append("A and B must be subsets of C")
        _fixes(phis, C, "C", probs)
        report.hypotheses.append("A, B <= C and every phi_i fixes C")
    if h["fixing"] == "Z_minus_extra" and C is not None:
        Z = _vecs(cert["Z"], "Z", d)
        nd_C = _nondominated(cert["nd_C"], C, "nd_C", probs)
        if not set(nd_C) <= set(Z) <= set(C):
            probs.append("Z is not between ND(C) and C")
        covered = set().union(*(_act_set(p, src) for p in phis))
        _fixes(phis, [z for z in Z if not (z in set(B) and z not in covered)], "Z minus B_extra", probs)
        report.hypotheses.append("ND(C) <= Z <= C and every phi_i fixes Z minus B_extra")
    if h["fixing"] == "disjoint_supports":
        moved = [{j for j in range(d) if p[j] != j} for p in phis]
        if any(moved[i] & moved[k] for i in range(len(phis)) for k in range(i)):
            probs.append("the involutions' supports are not pairwise disjoint")
        report.hypotheses.append("the involutions have pairwise disjoint supports")
    return len(phis)


def _hypotheses(cert: dict[str, Any], decl: dict[str, Any], A: Vecs, B: Vecs, C: Vecs | None, report: Report,
                budget: Budget) -> dict[str, Fraction]:
    """Check every declared hypothesis from the witnesses; return the n and m they show."""
    d, probs, hyp, values = len(A[0]), report.problems, report.hypotheses, {}
    kinds = [h["kind"] for h in decl["hypotheses"]]
    if sum(k in _ONE_COPY_KIND for k in kinds) > 1 or len(set(kinds)) != len(kinds):
        raise Malformed("declaration.hypotheses: each kind at most once, and one of copies, common_copies, "
                        "power_copy at most")
    for h in decl["hypotheses"]:
        kind = h["kind"]
        if kind == "copies":
            values["n"] = Fraction(_copies_hypothesis(cert, h, A, B, C, report))
        elif kind == "common_copies":
            n, m = _table(cert, A, B, C or [], h["fixing"] == "C", d, probs)
            values.update(n=Fraction(n), m=Fraction(m))
            hyp.append(f"m = {m} parts of A, n = {n} common copies in B (PR D.13 table)"
                       + ("; every phi_ji fixes C" if h["fixing"] == "C" else ""))
        elif kind == "n_at_least_m":
            if not {"n", "m"} <= set(values):
                raise Malformed("declaration.hypotheses: n_at_least_m needs a common_copies hypothesis before it")
            if values["n"] < values["m"]:
                probs.append(f"hypothesis n_at_least_m fails: n = {values['n']} < m = {values['m']}")
            hyp.append("n_at_least_m")
        elif kind == "disjoint":
            if set(A) & set(B):
                probs.append("hypothesis disjoint fails: A and B intersect")
            hyp.append("A and B are disjoint")
        elif kind == "a_nondominated":
            if len(_nondominated(cert["nd_A"], A, "nd_A", probs)) != len(A):
                probs.append("hypothesis a_nondominated fails: A has a dominated vector")
            hyp.append("ND(A) = A")
        elif kind == "power_copy":
            _power(cert, A, B, report, budget)
            values["n"] = Fraction(1)
        else:
            report.engine_only.append(h["description"])
            hyp.append(f"engine-only (Python code, not checked by the kernel): {h['description']}")
    return values


def _fields(decl: dict[str, Any], cert: dict[str, Any], builtin: bool) -> tuple[set[str], set[str]]:
    """The fields a certificate of this declaration must have, and those it may have."""
    keys = set(_COMMON) | ({"C"} if decl["mode"] == "relative" else set())
    for h in decl["hypotheses"]:
        kind, fixing = h["kind"], h.get("fixing")
        keys |= {"copies": {"involutions"} | ({"nd_A"} if h.get("of") == "ND(A)" else set()),
                 "common_copies": {"parts", "copies", "involution_table"}, "a_nondominated": {"nd_A"},
                 "power_copy": {"involutions", "nd_F_other", "environment"}}.get(kind, set())
        keys |= {"C": {"C"}, "Z_minus_extra": {"C", "Z", "nd_C"}}.get(fixing or "", set())
    if builtin and str(cert["statement"]).startswith("decision_rule_"):
        keys.add("rule")
    if cert.get("family") == ALL:        # every reward: the chamber subdivision (or bound trees), over ND(A), ND(B), ND(C)
        keys |= {"bounds" if "bounds" in cert else "chamber", "nd_A", "nd_B"} | ({"nd_C"} if "C" in cert else set())
    optional = {"environment", "declaration"} | ({"C"} if decl["mode"] == "either" else set())
    return keys, optional


def _int(entry: dict[str, Any], key: str, where: str) -> int:
    v = entry[key]
    if isinstance(v, bool) or not isinstance(v, int) or v < 0:
        raise Malformed(f"{where}.{key}: must be a non-negative integer")
    return v


def verify(cert: Any, budget: Budget | None = None) -> Report:
    """Re-check ``cert`` against the statement it names; see the module notes for the format.

    All work is charged to ``budget`` (default: :data:`~symorbit.kernel.check.KERNEL_WORK_LIMIT`
    units, a few seconds of CPU); pass ``Budget(limit)`` to allow more.

    Raises
    ------
    Malformed
        For any certificate that cannot be read, lacks or adds a field, or is too large
        (over the budget, too deep, or out of memory): the kernel raises nothing else.
    """
    budget = budget or Budget()
    token = ACTIVE.set(budget)
    try:
        return _verify(cert, budget)
    except RecursionError:
        raise Malformed("too large: the certificate is nested too deeply") from None
    except MemoryError:
        raise Malformed("too large: the certificate needs more memory than is available") from None
    finally:
        ACTIVE.reset(token)


def _verify(cert: Any, budget: Budget) -> Report:
    if not isinstance(cert, dict):
        raise Malformed("the certificate must be a JSON object")
    if cert.get("format") != FORMAT:
        raise Malformed(f"format: must be {FORMAT!r}")
    decl, builtin = _resolve(cert)
    keys, optional = _fields(decl, cert, builtin)
    if not keys <= set(cert) or not set(cert) <= keys | optional:
        missing, unexpected = sorted(keys - set(cert)), sorted(_short(k, str) for k in set(cert) - keys - optional)
        raise Malformed(f"fields: {cert['statement']} needs {sorted(keys)}; missing {missing}, unexpected {unexpected}")
    spec = cert["family"] if isinstance(cert["family"], str) else ""       # no str() of a huge integer
    report = Report(statement=cert["statement"], source=decl["source"], family=spec,
                    title=decl.get("title", ""), text=decl.get("text", ""), statement_status=decl.get("status", ""),
                    built_in=builtin)
    counts_only = decl["claim"]["kind"] == "counts"
    verdicts = ("counted",) if counts_only else ("holds", "fails", "vacuous")
    if cert["verdict"] not in verdicts:
        raise Malformed(f"verdict: must be one of {list(verdicts)}")
    A = _vecs(cert["A"], "A", None)
    d = len(A[0])
    B = _vecs(cert["B"], "B", d)
    C = _vecs(cert["C"], "C", d) if "C" in cert else None
    power = any(h["kind"] == "power_copy" for h in decl["hypotheses"])
    if "environment" in cert and not power:
        _environment(cert, A, B, C, report, budget)
    values = _hypotheses(cert, decl, A, B, C, report, budget)
    claim = decl["claim"]
    bound = None if counts_only else claim_bound(claim, values)
    report.claim = {"most": "gt >= {} * lt", "weak_fraction": "weak fraction >= {}",
                    "strict_fraction": "strict fraction >= {}", "pointwise": "lt = 0 (B at least as good everywhere)",
                    "counts": "counts"}[claim["kind"]].format(bound) + (" (generic rewards)" if decl["generic"] else "")
    rule = decl["rule"] or None             # else max_B vs max_A, or IsOptimal given C
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
                report.problems.append(f"{where}: claimed {key}={_size(c)}, kernel counts {_size(g)}")
        gt, lt, eq, size = got
        if decl["generic"] and eq:
            report.rewards_skipped_non_generic += 1
            continue
        report.rewards_checked += 1
        if not counts_only and not _claim_holds(claim["kind"], bound, gt, lt, eq, size):
            failing = True
            report.counterexample = report.counterexample or [str(x) for x in r]
    if family == ALL:
        if rule not in (None, "is_optimal"):
            report.problems.append(f"family all: the chamber replay derives IsOptimal's count profiles only, so it "
                                   f"cannot show that every profile of rule {_short(rule)} is listed")
        elif "bounds" in cert:
            _every_bound(cert, A, B, C, (claim["kind"], bound, decl["generic"]), report, budget)
        else:
            _every_profile(cert, A, B, C, entries, report, budget)
    elif isinstance(family, list) and (listed != family if cert["verdict"] != "fails" else not set(listed) <= set(family)):
        report.problems.append(f"rewards: the listed rewards are not {'' if cert['verdict'] != 'fails' else 'in '}"
                               f"the family {cert['family']!r}")
    if not listed and cert["verdict"] in ("fails", "counted") or family is None and not listed:
        report.problems.append("rewards: no reward is listed")
    found = ("counted" if counts_only else "fails" if failing else
             "vacuous" if not report.rewards_checked else "holds")
    report.verdict = found
    if found != cert["verdict"]:
        report.problems.append(f"verdict: claimed {cert['verdict']!r}, kernel finds {found!r}")
    report.status = "refuted" if report.problems else "vacuous" if found == "vacuous" else "verified"
    return report


def _claim_holds(kind: str, bound: Fraction | None, gt: int, lt: int, eq: int, size: int) -> bool:
    if kind == "most":
        return gt >= (bound or 0) * lt
    if kind == "pointwise":
        return lt == 0
    return Fraction(gt + (eq if kind == "weak_fraction" else 0), size) >= (bound or 0)


def _every_profile(cert: dict[str, Any], A: Vecs, B: Vecs, C: Vecs | None, entries: list[Any], report: Report,
                   budget: Budget) -> None:
    """Family "all": the listed counts must be exactly the profiles the chamber subdivision shows."""
    probs = report.problems
    nd = [_nondominated(cert[f"nd_{k}"], X, f"nd_{k}", probs) for k, X in (("A", A), ("B", B), ("C", C)) if X]
    if not all(nd):     # an empty ND(X) is already a problem: the entries are not the vectors of X
        return
    every = chamber_profiles(nd[0], nd[1], compared_c(nd, A, B, C), cert["chamber"], budget, probs)
    listed = [tuple(e[k] for k in ("b_better", "a_better", "ties", "orbit_size")) for e in entries]
    if every and (sorted(listed) != sorted(every)):
        probs.append(f"rewards: the listed profiles are not the {len(every)} profiles of the chamber subdivision "
                     "(each exactly once)")


def _every_bound(cert: dict[str, Any], A: Vecs, B: Vecs, C: Vecs | None, claim: tuple[str, Fraction | None, bool],
                 report: Report, budget: Budget) -> None:
    """Family "all" with ``bounds``: a "holds" whose split trees show the claim on every face by bounds alone."""
    kind, bound, generic = claim
    probs = report.problems
    if cert["verdict"] != "holds" or generic:      # (a counts-only statement's verdict is "counted")
        probs.append("bounds: show a 'holds' of a claim over every reward (not over generic rewards only)")
        return
    if not _claim_holds(kind, bound, 0, 0, 1, 1):
        probs.append("bounds: the claim fails at the zero reward (every orbit element ties there)")
        return
    nd = [_nondominated(cert[f"nd_{k}"], X, f"nd_{k}", probs) for k, X in (("A", A), ("B", B), ("C", C)) if X]
    if all(nd):
        chamber_bounds(nd[0], nd[1], compared_c(nd, A, B, C), cert["bounds"],
                       lambda b, a, n: _claim_holds(kind, bound, b, a, n - a - b, n), budget, probs)


def compared_c(nd: list[Vecs], A: Vecs, B: Vecs, C: Vecs | None) -> Vecs | None:
    """ND(C) for the chamber replay, or None when max_C = max(max_A, max_B) at every reward (ND(C) lies in A + B
    and ND(A) + ND(B) in C): the counts relative to C are then those of max_B against max_A, and the trees compare
    B with A alone."""
    if C is None or set(nd[2]) <= set(A) | set(B) and set(nd[0]) | set(nd[1]) <= set(C):
        return None
    return nd[2]


def check_certificate(cert: Any, *, budget: Budget | None = None) -> Report:
    """Re-check ``cert``: the kernel's verdict on it, a :class:`Report`.

    Parameters
    ----------
    cert : dict
        A certificate (format ``symorbit-certificate/2``, or ``symorbit-parametric/1`` for
        all sizes), e.g. read by :func:`load_file`.
    budget : Budget, optional
        The work allowed (default :data:`~symorbit.kernel.check.KERNEL_WORK_LIMIT` units).

    Returns
    -------
    Report
        ``status`` is ``"verified"`` (the statement and its verdict are confirmed), ``"vacuous"``
        (true of zero rewards) or ``"refuted"``, with every problem found in ``problems``
        (empty unless refuted) and what was checked (statement, claim, hypotheses, verdict).

    Raises
    ------
    Malformed
        A missing, extra or ill-typed field, or work above the kernel's bounds.

    Examples
    --------
    >>> cert = {"format": FORMAT, "statement": "orbit_counts", "verdict": "counted", "family": "list",
    ...         "A": [[1, 0, 0]], "B": [[0, 1, 0], [0, 0, 1]],
    ...         "rewards": [{"reward": [1, 2, 3], "b_better": 4, "a_better": 2, "ties": 0, "orbit_size": 6}]}
    >>> check_certificate(cert).status
    'verified'
    >>> cert["rewards"][0]["b_better"] = 5
    >>> r = check_certificate(cert)
    >>> r.status, r.problems
    ('refuted', ['rewards[0]: claimed b_better=5, kernel counts 4'])

    References
    ----------
    docs/theory.md#most (counts of distinct orbit elements); PR Def. A.7, Lemma D.3/D.5, Conj. D.13.
    """
    if isinstance(cert, dict) and cert.get("format") == PARAMETRIC_FORMAT:     # all sizes: :mod:`.polynomials`
        return check_parametric(cert, budget)
    return verify(cert, budget)
