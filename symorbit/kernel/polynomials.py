"""All-sizes claims: a polynomial inequality over the integers, checked by exact expansion (stdlib only).

Format ``symorbit-parametric/1``: ``variables`` maps each name to its integer lower bound
(``{"m": 1, "s": 0}``: every integer m ≥ 1, s ≥ 0); ``definitions`` lists ``[name, expr]``
pairs (``["n", ["+", "m", "s"]]``); each entry of ``claims`` says ``expression ≥ 0``.
An expression is an integer, a ``"p/q"`` string, a name, or ``[op, ...]`` with op ``+``,
``*``, ``-`` (one or two arguments), or ``C``, ``ff``, ``^`` (an expression and an integer
0..64: binomial, falling factorial, power). A claim may name a one-hot ``family`` (|A| = a,
|B| = b, w outside coordinates, reward ``levels`` and a distinct or tied rest): the kernel then
derives the names ``gt``, ``lt``, ``ties``, ``orbit`` itself, as the orbit counts times one
positive normalizer (:func:`_counts`), so the claim is about the counts, not about polynomials
the certificate asserts. Verdict ``holds``: each claim carries a
``certificate``, terms ``[c, [i_1, ..., i_V]]`` with c ≥ 0 meaning c·∏ C(v − lb_v, i_v),
nonnegative at every point of the domain; the kernel expands both sides exactly and
requires the identity. Verdict ``fails``: each claim carries a ``counterexample`` point at
which the kernel evaluates the expression below 0. Degrees, coefficient sizes and the
multiplications are bounded before anything is expanded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction
from math import factorial
from typing import Any

from .check import Budget, Malformed, _num, _short
from .report import Report

#: Coefficients of an all-sizes certificate may be long (the post's 10^53 states): at most this many digits.
_DIGITS = 2000

__all__ = ["PARAMETRIC_FORMAT", "ParametricReport", "check_parametric"]

PARAMETRIC_FORMAT = "symorbit-parametric/1"
MAX_VARIABLES, MAX_DEGREE, MAX_DEPTH, MAX_BOUND, MAX_BITS, MAX_CLAIMS = 8, 64, 60, 10**6, 14_000, 200  # bits: printable
#: Units per term of a polynomial add or product (~7 µs: ~0.4 µs a unit), plus (b_p + b_q)^2 / 2^18 for b-bit coefficients.
TERM_UNITS = 16
_NAME = re.compile(r"[a-z][a-z0-9_]{0,15}\Z")
_KEYS = {"format", "statement", "source", "verdict", "variables", "definitions", "claims"}
Poly = dict[tuple[int, ...], Fraction]


@dataclass
class ParametricReport(Report):
    """The kernel's answer on an all-sizes certificate, with the keys ``symorbit verify`` prints."""

    format: str = PARAMETRIC_FORMAT


class _Ring:
    """Polynomials in the certificate's variables (or numbers, when a point is given), work-bounded."""

    def __init__(self, names: list[str], budget: Budget, point: dict[str, int] | None = None) -> None:
        self.names, self.budget, self.point = names, budget, point
        self.nvars = 0 if point is not None else len(names)

    def const(self, c: Fraction) -> Poly:
        return {(0,) * self.nvars: c} if c else {}

    def var(self, name: str) -> Poly:
        if self.point is not None:
            return self.const(Fraction(self.point[name]))
        return {tuple(int(i == self.names.index(name)) for i in range(self.nvars)): Fraction(1)}

    def add(self, p: Poly, q: Poly, sign: int = 1) -> Poly:
        self.budget.spend(len(p) // 16 + 1)             # the copy of p
        return self.acc(dict(p), q, sign)

    def acc(self, out: Poly, q: Poly, sign: int = 1) -> Poly:
        """``out`` += sign·q in place (``out`` is the caller's own): per term, one exact add of its size."""
        for k, c in q.items():
            v = out.get(k, Fraction(0))
            self.budget.spend(TERM_UNITS + ((_bits(v) + _bits(c)) ** 2 >> 18))
            v += sign * c
            if v:
                out[k] = self._small(v)
            else:
                out.pop(k, None)
        return out

    def mul(self, p: Poly, q: Poly) -> Poly:
        if _degree(p) + _degree(q) > MAX_DEGREE:
            raise Malformed(f"too large: a product of degree above {MAX_DEGREE}")
        size = max(map(_bits, p.values()), default=0) + max(map(_bits, q.values()), default=0)
        self.budget.spend(len(p) * len(q) * (TERM_UNITS + (size * size >> 18)) + 1)
        out: Poly = {}
        for k1, c1 in p.items():
            for k2, c2 in q.items():
                k = tuple(a + b for a, b in zip(k1, k2))
                v = out.get(k, Fraction(0)) + c1 * c2
                if v:
                    out[k] = self._small(v)
                else:
                    out.pop(k, None)
        return out

    def falling(self, p: Poly, k: int) -> Poly:
        out = self.const(Fraction(1))
        for j in range(k):
            out = self.mul(out, self.add(p, self.const(Fraction(-j))))
        return out

    @staticmethod
    def _small(v: Fraction) -> Fraction:
        if _bits(v) > MAX_BITS:
            raise Malformed(f"too large: a coefficient of more than {MAX_BITS} bits")
        return v

    def expr(self, e: Any, defs: dict[str, Poly], depth: int = 0) -> Poly:
        if depth > MAX_DEPTH:
            raise Malformed(f"expression nested deeper than {MAX_DEPTH}")
        self.budget.spend(TERM_UNITS)                   # reading a node (a number's text, a name, an operator)
        if isinstance(e, str) and _NAME.match(e):
            if e in defs:
                return defs[e]
            if e not in self.names:
                raise Malformed(f"expression: unknown name {e!r}")
            return self.var(e)
        if isinstance(e, (int, str)):
            return self.const(_num(e, "expression"))
        if not isinstance(e, list) or not e or e[0] not in ("+", "*", "-", "C", "ff", "^"):
            raise Malformed(f"expression: {_short(e)} is not a number, a name or [op, ...]")
        op, args = e[0], e[1:]
        if op in ("C", "ff", "^"):
            if len(args) != 2 or not isinstance(args[1], int) or isinstance(args[1], bool) \
                    or not 0 <= args[1] <= MAX_DEGREE:
                raise Malformed(f"expression: [{op!r}, e, k] needs an integer k in 0..{MAX_DEGREE}")
            p, k = self.expr(args[0], defs, depth + 1), args[1]
            if op == "^":
                out = self.const(Fraction(1))
                for _ in range(k):
                    out = self.mul(out, p)
                return out
            out = self.falling(p, k)
            return out if op == "ff" else self.mul(out, self.const(Fraction(1, factorial(k))))
        if not args or (op == "-" and len(args) > 2):
            raise Malformed(f"expression: {op!r} needs {'one or two' if op == '-' else 'some'} arguments")
        parts = [self.expr(a, defs, depth + 1) for a in args]
        if op == "-":
            return self.add(self.const(Fraction(0)), parts[0], -1) if len(parts) == 1 else \
                self.add(parts[0], parts[1], -1)
        out = self.add(parts[0], {}) if op == "+" else parts[0]
        for q in parts[1:]:
            out = self.acc(out, q) if op == "+" else self.mul(out, q)
        return out


def _counts(ring: _Ring, fam: Any, defs: dict[str, Poly], lows: list[int], where: str) -> dict[str, Poly]:
    """N·gt, N·lt, N·ties, N·|orbit| of a one-hot family (docs/parametric.md), derived here, not read.

    A, B: |A| = a and |B| = b one-hot vectors, w coordinates outside; the reward has ``levels``
    (largest values first) and a distinct or tied rest; N = ∏ μ! · [τ!] · [a + b] / τ! > 0.
    Shifted to the domain's corner (v = lb + v'), a, b and w must have nonnegative coefficients
    and constant terms ≥ 1, ≥ 1, ≥ 0: then a, b ≥ 1 and w ≥ 0 at every point, so N > 0.
    """
    if not isinstance(fam, dict) or set(fam) != {"a", "b", "w", "levels", "rest"} \
            or fam["rest"] not in ("distinct", "tied") or not isinstance(fam["levels"], list):
        raise Malformed(f"{where}.family: needs a, b, w, levels (a list) and rest ('distinct' or 'tied')")
    a, b, w = (ring.expr(fam[k], defs) for k in ("a", "b", "w"))
    mus = [_int(x, f"{where}.family.levels", 1, MAX_DEGREE) for x in fam["levels"]]
    top = sum(mus)
    if ring.point is None:
        for p, least, key in ((a, 1, "a"), (b, 1, "b"), (w, 0, "w")):
            shifted: Poly = {}
            for k, coef in p.items():
                term = ring.const(coef)
                for v, lo, e in zip(ring.names, lows, k):
                    if e:
                        term = ring.mul(term, ring.expr(["^", ["+", v, lo], e], {}))
                shifted = ring.acc(shifted, term)
            if any(c < 0 for c in shifted.values()) or shifted.get((0,) * ring.nvars, Fraction(0)) < least:
                raise Malformed(f"{where}.family.{key}: must have nonnegative coefficients from the domain's corner "
                                f"and be >= {least} there")
    one, c = ring.const(Fraction(1)), ring.const
    d, ab = ring.add(ring.add(a, b), w), ring.add(a, b)
    scale = ab if fam["rest"] == "distinct" else one
    out = {k: dict[tuple[int, ...], Fraction]() for k in ("gt", "lt", "ties")}
    done = 0
    for mu in mus:
        x = ring.add(w, c(Fraction(-done)))
        common = ring.mul(ring.mul(ring.falling(w, done), ring.falling(ring.add(d, c(Fraction(-done - mu))),
                                                                       top - done - mu)), scale)
        fx, fa, fb = (ring.falling(ring.add(y, x), mu) for y in ({}, a, b))
        fab = ring.falling(ring.add(ab, x), mu)
        for key, level in (("gt", ring.add(fb, fx, -1)), ("lt", ring.add(fa, fx, -1)),
                           ("ties", ring.add(ring.add(fab, ring.add(fa, fb), -1), fx))):
            out[key] = ring.add(out[key], ring.mul(common, level))
        done += mu
    tail = ring.falling(w, top)
    if fam["rest"] == "distinct":
        out["gt"], out["lt"] = ring.add(out["gt"], ring.mul(tail, b)), ring.add(out["lt"], ring.mul(tail, a))
    else:
        out["ties"] = ring.add(out["ties"], tail)
    out["orbit"] = ring.mul(ring.falling(d, top), scale)
    return out


def _bits(c: Fraction) -> int:
    return max(c.numerator.bit_length(), c.denominator.bit_length())


def _degree(p: Poly) -> int:
    return max((sum(k) for k in p), default=0)


def _family(f: dict[str, Any]) -> str:
    return (f"|A| = {_show(f['a'])}, |B| = {_show(f['b'])}, {_show(f['w'])} outside, reward levels "
            f"{str(f['levels'])[:60]} then a {f['rest']} rest (gt, lt, ties, orbit: its counts times N > 0)")


def _claim_text(c: dict[str, Any]) -> str:
    fam = c.get("family")
    of = f" for the one-hot family {_family(fam)}" if isinstance(fam, dict) and len(fam) == 5 else ""
    return f"{_show(c['expression'])} >= 0 ({c['label'][:80]}){of}"


def _show(e: Any) -> str:
    if not isinstance(e, list):
        return str(e)
    op, args = e[0], [_show(a) for a in e[1:]]
    if op in ("C", "ff"):
        return f"{op}({args[0]}, {args[1]})"
    if op == "^":
        return f"({args[0]})^{args[1]}"
    if op == "-" and len(args) == 1:
        return f"-{args[0]}"
    return "(" + f" {op} ".join(args) + ")"


def _int(x: Any, where: str, low: int, high: int) -> int:
    if isinstance(x, bool) or not isinstance(x, int) or not low <= x <= high:
        raise Malformed(f"{where}: {_short(x)} must be an integer in {low}..{high}")
    return x


def check_parametric(cert: Any, budget: Budget | None = None) -> ParametricReport:
    """Check a ``symorbit-parametric/1`` certificate: an all-sizes claim and its positivity proof.

    Raises
    ------
    Malformed
        A missing, extra or ill-typed field, or work above the kernel's bounds.

    Examples
    --------
    m·C(n, 2) ≥ n·C(m, 2) for n = m + s: the difference is m(m + s)s/2 = C(a,0)C(s,1) +
    2C(a,1)C(s,1) + C(a,2)C(s,1) + C(a,0)C(s,2) + C(a,1)C(s,2) with a = m − 1.

    >>> cert = {"format": PARAMETRIC_FORMAT, "statement": "demo", "source": "demo", "verdict": "holds",
    ...         "variables": {"m": 1, "s": 0}, "definitions": [["n", ["+", "m", "s"]]],
    ...         "claims": [{"label": "t = 2", "expression": ["-", ["*", "m", ["C", "n", 2]], ["*", "n", ["C", "m", 2]]],
    ...                     "certificate": [[1, [0, 1]], [2, [1, 1]], [1, [2, 1]], [1, [0, 2]], [1, [1, 2]]]}]}
    >>> r = check_parametric(cert)
    >>> r.status, r.family
    ('verified', 'every integer m >= 1, s >= 0')
    >>> cert["claims"][0]["certificate"][1][0] = 3
    >>> check_parametric(cert).problems
    ['claim t = 2: the certificate does not expand to the expression (they differ by 1 at s^1)']
    """
    budget = budget or Budget()
    if not isinstance(cert, dict) or set(cert) != _KEYS:
        got = sorted(_short(k, str) for k in cert) if isinstance(cert, dict) else type(cert).__name__
        raise Malformed(f"fields: a {PARAMETRIC_FORMAT} certificate has exactly {sorted(_KEYS)}; got {got}")
    if cert["format"] != PARAMETRIC_FORMAT or cert["verdict"] not in ("holds", "fails"):
        raise Malformed(f"format must be {PARAMETRIC_FORMAT!r} and verdict 'holds' or 'fails'")
    if not all(isinstance(cert[k], str) and len(cert[k]) <= 300 for k in ("statement", "source")):
        raise Malformed("statement and source must be strings of at most 300 characters")
    variables, defs_raw, claims = cert["variables"], cert["definitions"], cert["claims"]
    if not isinstance(variables, dict) or len(variables) > MAX_VARIABLES \
            or not all(_NAME.match(v) for v in variables):
        raise Malformed(f"variables: at most {MAX_VARIABLES} lower-case names, each with an integer lower bound")
    names = list(variables)
    lows = [_int(variables[v], f"variables.{v}", -MAX_BOUND, MAX_BOUND) for v in names]
    if not isinstance(defs_raw, list) or not all(isinstance(x, list) and len(x) == 2 and isinstance(x[0], str)
                                                 and _NAME.match(x[0]) and x[0] not in names for x in defs_raw) \
            or {"gt", "lt", "ties", "orbit"} & (set(names) | {x[0] for x in defs_raw}):
        raise Malformed("definitions: a list of [new name, expression] pairs (gt, lt, ties, orbit are reserved)")
    if not isinstance(claims, list) or not claims or len(claims) > MAX_CLAIMS:
        raise Malformed(f"claims: a list of 1 to {MAX_CLAIMS} claims")
    report = ParametricReport(statement=cert["statement"], source=cert["source"], built_in=False)   # a name only
    ring = _Ring(names, budget)
    defs: dict[str, Poly] = {}
    for name, e in defs_raw:
        defs[name] = ring.expr(e, defs)
    domain = ", ".join(f"{v} >= {lo}" for v, lo in zip(names, lows))
    report.family = f"every integer {domain}" if domain else "the sizes given (no variables)"
    report.hypotheses = [f"{n} = {_show(e)}" for n, e in defs_raw]
    witness = "certificate" if cert["verdict"] == "holds" else "counterexample"
    for i, c in enumerate(claims):
        if not isinstance(c, dict) or not {"label", "expression", witness} <= set(c) <= \
                {"label", "expression", witness, "family"} or not isinstance(c["label"], str):
            raise Malformed(f"claims[{i}]: needs label (a string), expression, {witness} and optionally family")
        where = f"claim {c['label'][:80]}"
        if witness == "counterexample":
            pt = c[witness]
            if not isinstance(pt, dict) or set(pt) != set(names):
                raise Malformed(f"claims[{i}].counterexample: a value for each of {names}")
            point = {v: _int(pt[v], f"claims[{i}].counterexample.{v}", lo, MAX_BOUND) for v, lo in zip(names, lows)}
            at = _Ring(names, budget, point)
            local: dict[str, Poly] = {}
            for name, e in defs_raw:
                local[name] = at.expr(e, local)
            if "family" in c:
                local.update(_counts(at, c["family"], local, lows, f"claims[{i}]"))
                size = [at.expr(c["family"][k], local).get((), Fraction(0)) for k in ("a", "b", "w")]
                if size[0] < 1 or size[1] < 1 or size[2] < 0 or sum(size) < sum(c["family"]["levels"]):
                    report.problems.append(f"{where}: the family has no reward of this pattern at {point}")
            value = at.expr(c["expression"], local).get((), Fraction(0))
            if value >= 0:
                report.problems.append(f"{where}: the expression is {value} >= 0 at {point}, not a counterexample")
            continue
        counts = _counts(ring, c["family"], defs, lows, f"claims[{i}]") if "family" in c else {}
        target = ring.expr(c["expression"], {**defs, **counts})
        terms = c[witness]
        if not isinstance(terms, list) or len(terms) > 100_000:
            raise Malformed(f"claims[{i}].certificate: a list of [coefficient, [indices]] terms")
        total: Poly = {}
        for j, term in enumerate(terms):
            if not isinstance(term, list) or len(term) != 2 or not isinstance(term[1], list) \
                    or len(term[1]) != len(names):
                raise Malformed(f"claims[{i}].certificate[{j}]: [coefficient, [one index per variable]]")
            coef = _num(term[0], f"claims[{i}].certificate[{j}]", _DIGITS)
            if coef < 0:
                report.problems.append(f"{where}: term {j} has the negative coefficient {coef}")
            prod = ring.const(coef)
            for v, lo, k in zip(names, lows, term[1]):
                k = _int(k, f"claims[{i}].certificate[{j}] index", 0, MAX_DEGREE)
                shifted = ring.add(ring.var(v), ring.const(Fraction(-lo)))
                prod = ring.mul(prod, ring.mul(ring.falling(shifted, k), ring.const(Fraction(1, factorial(k)))))
            total = ring.acc(total, prod)
        diff = ring.add(target, total, -1)
        if diff:
            mono, value = min(diff.items())
            at_text = " ".join(f"{v}^{e}" for v, e in zip(names, mono) if e) or "the constant term"
            report.problems.append(f"{where}: the certificate does not expand to the expression "
                                   f"(they differ by {value} at {at_text})")
    shown = "; ".join(map(_claim_text, claims))        # once every claim is evaluated (its size and depth charged)
    report.claim = shown if witness == "certificate" else "fails: " + shown
    if report.problems:
        report.status = "refuted"
    else:
        report.verdict = str(cert["verdict"])
    return report
