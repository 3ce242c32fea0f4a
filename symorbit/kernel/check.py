"""The symorbit kernel: re-verify a certificate by direct enumeration and exact arithmetic.

Standard library only; never imports the engine; never searches. Written from
SPEC's definitions. A certificate is a JSON object (numbers as integers or
"p/q" strings):

  A, B            lists of vectors (the outcome sets), C optional (IsOptimal mode)
  rule            optional, with C: a decision rule f(X|C,u) (is_optimal, anti_opt,
                  frac_optimal, satisfice:t, best_of_k:k, half_best_half_random,
                  top_k:k, boltzmann:T)
  involutions     optional: array-form involutions phi_i (phi[j] = image of j)
  copies_of       optional: the subset of A the involutions copy (e.g. ND(A)); default A
  n               optional: the number of copies the involutions certify
  fix             optional: "C" or "Z_minus_extra" with Z; extra fixing condition
  rewards         optional: list of {reward, b_better, a_better, ties, orbit_size,
                  blocks?}; blocks partitions the coordinates into classes that the
                  kernel first proves interchangeable, then counts class by class
  claim           optional: {"kind": "most", "ratio": "n/m"} (gt >= ratio * lt),
                  {"kind": "weak_fraction" | "strict_fraction", "bound": "p/q"}
  verdict         with claim: "holds" or "fails" (over all listed rewards)

Convention: (P_phi x)[phi[j]] = x[j] (SPEC §2.2, row representation).
"""

from __future__ import annotations

import itertools
import math
from fractions import Fraction
from typing import Any, Iterator

__all__ = ["check_certificate", "Malformed", "KERNEL_ENUMERATION_LIMIT"]

Vec = tuple[Fraction, ...]
Vecs = list[Vec]
Cert = dict[str, Any]
Perm = tuple[int, ...]

KERNEL_ENUMERATION_LIMIT = 400_000


class Malformed(Exception):
    """The certificate cannot be read (exit status 2 on the CLI)."""


def _num(x: Any, where: str) -> Fraction:
    if isinstance(x, bool) or not isinstance(x, (int, str)):
        raise Malformed(f"{where}: {x!r} must be an integer or a 'p/q' string")
    try:
        return Fraction(x)
    except (ValueError, ZeroDivisionError):
        raise Malformed(f"{where}: {x!r} is not an exact number") from None


def _vecs(cert: Cert, key: str, d: int | None) -> Vecs:
    raw = cert.get(key)
    if not isinstance(raw, list) or not raw or not all(isinstance(v, list) for v in raw):
        raise Malformed(f"{key}: must be a non-empty list of vectors")
    out = [tuple(_num(x, f"{key}[{i}]") for x in v) for i, v in enumerate(raw)]
    if any(len(v) != len(out[0]) for v in out) or (d is not None and len(out[0]) != d):
        raise Malformed(f"{key}: vectors must all have the same length d")
    return out


def _act(phi: Perm, x: Vec) -> Vec:
    y: list[Fraction] = [Fraction(0)] * len(x)
    for j, v in enumerate(x):
        y[phi[j]] = v
    return tuple(y)


def _act_set(phi: Perm, X: Vecs) -> frozenset[Vec]:
    return frozenset(_act(phi, x) for x in X)


def _best(X: Vecs, r: Vec) -> Fraction:
    return max(sum((a * b for a, b in zip(x, r) if a), Fraction(0)) for x in X)


def _exp_bounds(q: Fraction, terms: int) -> tuple[Fraction, Fraction]:
    """Rational lo <= e^q <= hi: Taylor partial sum plus the Lagrange remainder (e^t < 3^ceil(t))."""
    x = abs(q)
    term, lo = Fraction(1), Fraction(1)
    for i in range(1, terms + 1):
        term = term * x / i
        lo += term
    hi = lo + term * x / (terms + 1) * 3 ** (x.numerator // x.denominator + 1)
    return (lo, hi) if q >= 0 else (1 / hi, 1 / lo)


def _boltzmann_sign(a: list[Fraction], b: list[Fraction]) -> int:
    """sign(sum e^b - sum e^a), exact: equal exponent multisets tie (Lindemann-Weierstrass)."""
    if sorted(a) == sorted(b):
        return 0
    for terms in (20, 60, 200, 600):
        a_lo = sum((_exp_bounds(q, terms)[0] for q in a), Fraction(0))
        a_hi = sum((_exp_bounds(q, terms)[1] for q in a), Fraction(0))
        b_lo = sum((_exp_bounds(q, terms)[0] for q in b), Fraction(0))
        b_hi = sum((_exp_bounds(q, terms)[1] for q in b), Fraction(0))
        if b_lo > a_hi:
            return 1
        if b_hi < a_lo:
            return -1
    raise Malformed("rule: a Boltzmann comparison could not be separated")


def _rule_value(rule: str, X: Vecs, C: Vecs, r: Vec) -> Fraction:
    """f(X | C, r) for the decision rules of PR Def. A.2-A.5 (written from SPEC §2.5)."""
    val = {c: sum((a * b for a, b in zip(c, r) if a), Fraction(0)) for c in set(C) | set(X)}
    name, _, arg = rule.partition(":")
    if name == "is_optimal":
        return Fraction(max(val[x] for x in X) >= max(val[c] for c in C))
    if name == "anti_opt":
        return Fraction(min(val[x] for x in X) <= min(val[c] for c in C))
    if name in ("frac_optimal", "half_best_half_random"):
        top = {c for c in C if val[c] == max(val[k] for k in C)}
        share = Fraction(len(top & set(X)), len(top))
        return share if name == "frac_optimal" else share / 2 + Fraction(len(set(X)), 2 * len(set(C)))
    if name == "satisfice":
        good = {c for c in C if val[c] >= _num(arg, "rule threshold")}
        return Fraction(len(good & set(X)), len(good)) if good else Fraction(0)
    if name == "best_of_k":
        opts = sorted(set(C))
        total = Fraction(0)
        for draw in itertools.product(opts, repeat=int(arg)):
            drawn = set(draw)
            top = {c for c in drawn if val[c] == max(val[k] for k in drawn)}
            total += Fraction(len(top & set(X)), len(top))
        return Fraction(total, len(opts) ** int(arg))
    if name == "top_k":
        ranked = sorted((val[c] for c in set(C)), reverse=True)
        k = min(int(arg), len(ranked))
        cut = ranked[k - 1]
        above, at = [c for c in set(C) if val[c] > cut], [c for c in set(C) if val[c] == cut]
        share = Fraction(k - len(above), len(at))
        return sum((Fraction(1) if val[x] > cut else share if val[x] == cut else Fraction(0)
                    for x in set(X)), Fraction(0)) / k
    raise Malformed(f"rule: unknown decision rule {rule!r}")


def _compare(A: Vecs, B: Vecs, C: Vecs | None, r: Vec, rule: str | None = None) -> int:
    """+1 when B is better at r, -1 when A is, 0 for a tie (raw; IsOptimal relative to C; or a rule)."""
    if rule is not None and rule.startswith("boltzmann:"):
        t = _num(rule.partition(":")[2], "rule temperature")
        return _boltzmann_sign([_best([x], r) / t for x in set(A)], [_best([x], r) / t for x in set(B)])
    if rule is not None:
        if C is None:
            raise Malformed("rule: a decision rule needs the options C")
        a, b = _rule_value(rule, A, C, r), _rule_value(rule, B, C, r)
    else:
        a, b = _best(A, r), _best(B, r)
        if C is not None:
            c = _best(C, r)
            a, b = Fraction(a >= c), Fraction(b >= c)
    return (b > a) - (b < a)


def _check_involutions(cert: Cert, A: Vecs, B: Vecs, problems: list[str]) -> None:
    d = len(A[0])
    raw = cert["involutions"]
    if not isinstance(raw, list):
        raise Malformed("involutions: must be a list of permutations")
    phis = []
    for i, p in enumerate(raw):
        if not isinstance(p, list) or sorted(p) != list(range(d)) or not all(isinstance(k, int) for k in p):
            raise Malformed(f"involutions[{i}]: must be a permutation of 0..{d - 1}")
        phis.append(tuple(p))
    Bset = frozenset(B)
    images = [_act_set(p, A) for p in phis]
    for i, p in enumerate(phis):
        if any(p[p[j]] != j for j in range(d)):
            problems.append(f"involutions[{i}] is not an involution")
        if not images[i] <= Bset:
            problems.append(f"involutions[{i}]·A is not a subset of B")
        for j, Bj in enumerate(images):
            if j != i and _act_set(p, list(Bj)) != Bj:
                problems.append(f"involutions[{i}] does not fix the copy B_{j}")
    if "n" in cert and cert["n"] != len(phis):
        problems.append(f"n={cert['n']} but {len(phis)} involutions are given")
    fix = cert.get("fix")
    if fix == "C":
        C = frozenset(_vecs(cert, "C", d))
        for i, p in enumerate(phis):
            if _act_set(p, list(C)) != C:
                problems.append(f"involutions[{i}] does not fix C")
    elif fix == "Z_minus_extra":
        Z = _vecs(cert, "Z", d)
        union = frozenset().union(*images) if images else frozenset()
        keep = [z for z in Z if not (z in Bset and z not in union)]
        for i, p in enumerate(phis):
            if _act_set(p, keep) != frozenset(keep):
                problems.append(f"involutions[{i}] does not fix Z minus B_extra")
    elif fix is not None:
        raise Malformed(f"fix: unknown condition {fix!r}")


def _distinct_arrangements(items: list[Fraction]) -> Iterator[Vec]:
    """Each distinct arrangement of the multiset ``items`` once (never all d! permutations)."""
    if not items:
        yield ()
        return
    for v in sorted(set(items)):
        rest: list[Fraction] = list(items)
        rest.remove(v)
        for tail in _distinct_arrangements(rest):
            yield (v,) + tail


def _multinomial(counts: list[int]) -> int:
    out = math.factorial(sum(counts))
    for c in counts:
        out //= math.factorial(c)
    return out


def _takes(left: list[int], size: int) -> Iterator[list[int]]:
    """Every count vector t with 0 <= t <= left and sum(t) == size."""
    if not left:
        if size == 0:
            yield []
        return
    for t in range(min(left[0], size), -1, -1):
        if size - t <= sum(left[1:]):
            for rest in _takes(left[1:], size - t):
                yield [t] + rest


def _count_by_blocks(A: Vecs, B: Vecs, C: Vecs | None, r: Vec, blocks: Any, rule: str | None,
                     problems: list[str]) -> tuple[int, int, int] | None:
    d = len(r)
    if not isinstance(blocks, list) or sorted(j for b in blocks for j in b) != list(range(d)):
        raise Malformed("blocks: must partition the coordinates 0..d-1")
    sets = [frozenset(A), frozenset(B)] + ([frozenset(C)] if C is not None else [])
    for block in blocks:
        for i, j in zip(block, block[1:]):       # adjacent transpositions generate Sym(block)
            swap = list(range(d))
            swap[i], swap[j] = j, i
            if any(_act_set(tuple(swap), list(X)) != X for X in sets):
                problems.append(f"blocks: swapping coordinates {i} and {j} changes an outcome set")
                return None
    values = sorted(set(r))
    total = [r.count(v) for v in values]
    tally = [0, 0, 0]

    def place(k: int, left: list[int], rep: list[Fraction], weight: int) -> None:
        if k == len(blocks):
            s = _compare(A, B, C, tuple(rep), rule)
            tally[{1: 0, -1: 1, 0: 2}[s]] += weight
            return
        for take in _takes(left, len(blocks[k])):
            vals = [v for v, t in zip(values, take) for _ in range(t)]
            for pos, v in zip(blocks[k], vals):
                rep[pos] = v
            place(k + 1, [c - t for c, t in zip(left, take)], rep, weight * _multinomial(list(take)))

    place(0, total, [Fraction(0)] * d, 1)
    return tally[0], tally[1], tally[2]


def _recount(cert: Cert, A: Vecs, B: Vecs, C: Vecs | None, entry: Any, i: int,
             problems: list[str]) -> tuple[int, int, int, int] | None:
    if not isinstance(entry, dict) or "reward" not in entry:
        raise Malformed(f"rewards[{i}]: must be an object with a reward")
    r = tuple(_num(x, f"rewards[{i}].reward") for x in entry["reward"])
    if len(r) != len(A[0]):
        raise Malformed(f"rewards[{i}].reward: length {len(r)}, expected {len(A[0])}")
    size = _multinomial([r.count(v) for v in set(r)])
    if "blocks" in entry:
        counts = _count_by_blocks(A, B, C, r, entry["blocks"], cert.get("rule"), problems)
        if counts is None:
            return None
    elif size <= KERNEL_ENUMERATION_LIMIT:
        t = [0, 0, 0]
        for rr in _distinct_arrangements(sorted(r)):
            t[{1: 0, -1: 1, 0: 2}[_compare(A, B, C, rr, cert.get("rule"))]] += 1
        counts = (t[0], t[1], t[2])
    else:
        problems.append(f"rewards[{i}]: orbit of {size} elements is beyond the kernel's enumeration limit "
                        f"{KERNEL_ENUMERATION_LIMIT}; include blocks")
        return None
    for key, got in zip(("b_better", "a_better", "ties"), counts):
        if key in entry and entry[key] != got:
            problems.append(f"rewards[{i}]: claimed {key}={entry[key]}, kernel counts {got}")
    if "orbit_size" in entry and entry["orbit_size"] != size:
        problems.append(f"rewards[{i}]: claimed orbit_size={entry['orbit_size']}, kernel counts {size}")
    return counts[0], counts[1], counts[2], size


def _claim_holds(claim: Any, gt: int, lt: int, eq: int, size: int) -> bool:
    if not isinstance(claim, dict) or claim.get("kind") not in ("most", "weak_fraction", "strict_fraction"):
        raise Malformed("claim: must be {kind: most | weak_fraction | strict_fraction, ...}")
    if claim["kind"] == "most":
        return gt >= _num(claim.get("ratio"), "claim.ratio") * lt
    bound = _num(claim.get("bound"), "claim.bound")
    num = gt + eq if claim["kind"] == "weak_fraction" else gt
    return Fraction(num, size) >= bound


def check_certificate(cert: Any) -> list[str]:
    """Re-verify ``cert``; return the list of mismatches (empty = verified).

    Raises
    ------
    Malformed
        When the certificate cannot be read.

    Examples
    --------
    >>> cert = {"A": [[1, 0, 0]], "B": [[0, 1, 0], [0, 0, 1]], "involutions": [[1, 0, 2], [2, 1, 0]],
    ...         "rewards": [{"reward": [1, 2, 3], "b_better": 4, "a_better": 2, "ties": 0}],
    ...         "claim": {"kind": "most", "ratio": 2}, "verdict": "holds"}
    >>> check_certificate(cert)
    []
    >>> cert["rewards"][0]["b_better"] = 5
    >>> check_certificate(cert)
    ['rewards[0]: claimed b_better=5, kernel counts 4']
    """
    if not isinstance(cert, dict):
        raise Malformed("the certificate must be a JSON object")
    A = _vecs(cert, "A", None)
    d = len(A[0])
    B = _vecs(cert, "B", d)
    C = _vecs(cert, "C", d) if "C" in cert else None
    problems: list[str] = []
    if "involutions" in cert:
        copied = _vecs(cert, "copies_of", d) if "copies_of" in cert else A
        if not set(copied) <= set(A):
            problems.append("copies_of is not a subset of A")
        _check_involutions(cert, copied, B, problems)
    results = []
    for i, entry in enumerate(cert.get("rewards", [])):
        got = _recount(cert, A, B, C, entry, i, problems)
        if got is not None:
            results.append(got)
    if "claim" in cert:
        if cert.get("verdict") not in ("holds", "fails"):
            raise Malformed("verdict: must be 'holds' or 'fails' when a claim is given")
        if len(results) != len(cert.get("rewards", [])) or not results:
            problems.append("verdict: not every reward could be recounted")
        else:
            holds = all(_claim_holds(cert["claim"], *res) for res in results)
            if holds != (cert["verdict"] == "holds"):
                problems.append(f"verdict: claimed {cert['verdict']!r}, kernel finds "
                                f"{'holds' if holds else 'fails'}")
    return problems
