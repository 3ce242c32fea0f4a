"""Claims about every size of a block family: reduce to a polynomial, certify it, or find the smallest counterexample.

A :class:`Claim` is ``expression ≥ 0`` with the expression linear in the four counts
:data:`GT`, :data:`LT`, :data:`TIES`, :data:`ORBIT` (coefficients polynomial in the sizes),
under hypotheses written as substitutions (n = m + s with s ≥ 0 says n ≥ m). With numeric
levels, :func:`~symorbit.parametric.formulas.normalized_counts` turns the counts into
polynomials times one positive normalizer, so the claim becomes a polynomial inequality on
the integer points of the domain. :func:`prove` looks for a binomial-basis positivity
certificate (:mod:`symorbit.parametric.positivity`), has the kernel check it, and says
"holds for every ..."; without one it checks every size up to a bound, labelled as such, and
reports the smallest counterexample it finds, recounted by the exact engine.
Symbolic level multiplicities (a t-way tie) are instantiated t = lb, ..., ``max_level``.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Iterable, Mapping, cast

import sympy as sp

from symorbit.errors import InvalidArgument, InvariantViolation, TooLarge
from symorbit.exact.limits import check_limit
from symorbit.kernel.check import Budget, Malformed
from symorbit.kernel.polynomials import MAX_CLAIMS, MAX_DEGREE, PARAMETRIC_FORMAT, ParametricReport, check_parametric
from symorbit.parametric.families import BlockFamily, RewardPattern
from symorbit.parametric.formulas import count_formula, normalized_counts
from symorbit.parametric.positivity import binomial_certificate, from_kernel, to_kernel

__all__ = ["GT", "LT", "TIES", "ORBIT", "Claim", "ParametricProof", "fractional_bound", "prove", "scaling_law",
           "weak_fraction_bound"]

#: The four counts a claim is written in: #B-better, #A-better, #ties, |orbit|.
GT, LT, TIES, ORBIT = sp.symbols("gt lt ties orbit")
_COUNTS = (GT, LT, TIES, ORBIT)
#: Their names, which the kernel reserves (no size, level or claim symbol may take one).
_COUNT_NAMES = tuple(c.name for c in _COUNTS)

#: Why the level lemma holds for every multiplicity t (the kernel checks each t up to a bound).
EVERY_T = ("for every t (paper proof, not kernel-checked): each level adds y ↦ C(y + x, t) − C(x, t) at y = |B| "
           "and y = |A| with one nonnegative weight; this is 0 at y = 0 and has nondecreasing differences "
           "C(y + x, t − 1), so it is superadditive and its value over y is nondecreasing (docs/parametric.md)")


@dataclass(frozen=True)
class Claim:
    """``expression ≥ 0`` for every size, under ``hypotheses`` (substitutions such as n → m + s).

    Parameters
    ----------
    expression : sympy.Expr
        Linear in GT, LT, TIES, ORBIT, with coefficients polynomial in the size symbols.
    hypotheses : mapping
        Size symbol → expression in new symbols (each new symbol ≥ 0 unless ``lower`` says).
    name, text, source : str
        For reports and certificates.
    lower : mapping, optional
        Lower bounds overriding the defaults (1 for |A|, |B| symbols and levels, else 0).
    every_t : str
        A note on why the claim holds for every level multiplicity ("" when there is none).

    Examples
    --------
    Cross-multiplied, "gt : lt = C(n, t) : C(m, t)" is two claims; one of them:

    >>> m, n, t = sp.symbols("m n t")
    >>> c = Claim(GT * sp.binomial(m, t) - LT * sp.binomial(n, t), {}, "ratio", "gt·C(m, t) ≥ lt·C(n, t)")
    >>> c.expression
    gt*binomial(m, t) - lt*binomial(n, t)

    References
    ----------
    docs/parametric.md ("From a claim to a polynomial inequality").
    """

    expression: sp.Expr
    hypotheses: Mapping[sp.Symbol, sp.Expr]
    name: str
    text: str
    source: str = ""
    lower: Mapping[sp.Symbol, int] = field(default_factory=dict)
    every_t: str = ""


def _bare(e: sp.Expr, what: str, family: BlockFamily) -> sp.Symbol:
    if not isinstance(e, sp.Symbol):
        raise InvalidArgument(f"{what}: the family's size {e} must be a single symbol for this claim")
    if e in family.a.free_symbols:
        raise InvalidArgument(f"{what}: |B| = {e} is also a symbol of |A| = {family.a}; give |B| a symbol of its own")
    return e


def _fresh(name: str, family: BlockFamily, avoid: Iterable[Any]) -> sp.Symbol:
    """A new symbol for a claim's own quantity (the slack s, the number of copies k): ``name`` itself unless the
    family's sizes, ``avoid`` (the reward pattern's levels, say) or the kernel's count names use it, else ``name``
    with the first free number after it (k1, k2, ...). Reusing a size's name would tie the two together: with
    |A| = s, "n = m + s" would read "n = 2s"."""
    taken = {str(x) for x in family.symbols} | {str(x) for x in avoid} | set(_COUNT_NAMES)
    fresh, i = name, 0
    while fresh in taken:
        i += 1
        fresh = f"{name}{i}"
    return sp.Symbol(fresh)


def fractional_bound(family: BlockFamily, *, avoid: Iterable[Any] = ()) -> Claim:
    """|A|·gt ≥ |B|·lt when |B| ≥ |A| (the corrected fractional scaling law: gt/(gt + lt) ≥ n/(n + m)).

    Parameters
    ----------
    family : BlockFamily
        |B| a single symbol (the hypothesis becomes |B| = |A| + s), or |A|, |B| both integers.
    avoid : iterable of str or sympy symbols, keyword-only
        Names the claim's own symbol s must not take (the reward pattern's levels), besides the family's sizes;
        where s is taken it is s1, s2, ...

    Returns
    -------
    Claim

    Raises
    ------
    InvalidArgument
        Integer sizes with |B| < |A|, or a |B| that is neither a symbol nor an integer.

    Examples
    --------
    >>> from symorbit.parametric.families import one_hot_family
    >>> m, n = sp.symbols("m n")
    >>> c = fractional_bound(one_hot_family(m, n))
    >>> c.expression, c.hypotheses
    (gt*m - lt*n, {n: m + s})

    References
    ----------
    The post's fractional scaling law (conjectured for every n, m; it needs n ≥ m when rewards tie).
    """
    a, b = family.a, family.b
    if a.is_Integer and b.is_Integer:
        if b < a:
            raise InvalidArgument(f"fractional_bound needs |B| >= |A| (got {b} < {a})")
        hyp: dict[sp.Symbol, sp.Expr] = {}
    else:
        hyp = {_bare(b, "fractional_bound", family): a + _fresh("s", family, avoid)}
    return Claim(a * GT - b * LT, hyp, "fractional_bound",
                 f"{a}·gt ≥ {b}·lt whenever {b} ≥ {a} (B better on at least {b}/({a} + {b}) of the decided elements)",
                 "the post's fractional scaling law, with n ≥ m", every_t=EVERY_T)


def scaling_law(family: BlockFamily, *, k: Any = None, avoid: Iterable[Any] = ()) -> Claim:
    """gt ≥ k·lt when |B| ≥ k·|A| (B holds k disjoint copies of A; PR Thm. 3.3 for one-hot sets).

    Parameters
    ----------
    family : BlockFamily
    k : int, keyword-only, optional
        The number of copies; default a symbol k ≥ 1 (|B| = k·|A| + s), or ⌊|B|/|A|⌋ for integer sizes.
    avoid : iterable of str or sympy symbols, keyword-only
        Names the claim's own symbols k and s must not take (the reward pattern's levels), besides the family's
        sizes; where one is taken it is k1, s1, ...

    Returns
    -------
    Claim

    Raises
    ------
    InvalidArgument
        Integer sizes with |B| < k·|A| or k < 1.

    Examples
    --------
    >>> from symorbit.parametric.families import one_hot_family
    >>> m, n = sp.symbols("m n")
    >>> c = scaling_law(one_hot_family(m, n))
    >>> c.expression, c.hypotheses
    (gt - k*lt, {n: k*m + s})

    References
    ----------
    The post's scaling law; PR Thm. 3.3 and Def. A.7 (disjoint one-hot blocks are copies).
    """
    a, b = family.a, family.b
    if a.is_Integer and b.is_Integer:
        k_ = sp.Integer(b // a if k is None else k)
        if k_ * a > b or k_ < 1:
            raise InvalidArgument(f"scaling_law needs |B| >= k·|A| with k >= 1 (got |A| = {a}, |B| = {b}, k = {k_})")
        hyp: dict[sp.Symbol, sp.Expr] = {}
    else:
        k_ = _fresh("k", family, avoid) if k is None else sp.Integer(k)
        hyp = {_bare(b, "scaling_law", family): k_ * a + _fresh("s", family, avoid)}
    return Claim(GT - k_ * LT, hyp, "scaling_law",
                 f"gt ≥ {k_}·lt whenever {b} ≥ {k_}·{a} (the scaling law: {k_} copies of A in B)",
                 "the post's scaling law; PR Thm. 3.3", lower={k_: 1} if isinstance(k_, sp.Symbol) else {},
                 every_t=EVERY_T)


def weak_fraction_bound(family: BlockFamily, *, k: Any = None, avoid: Iterable[Any] = ()) -> Claim:
    """(gt + ties)/|orbit| ≥ k/(k + 1) when |B| ≥ k·|A| (PR Lemma B.3: the bound is on the weak fraction).

    Parameters
    ----------
    family : BlockFamily
    k, avoid : keyword-only, optional
        As in :func:`scaling_law`.

    Returns
    -------
    Claim

    Raises
    ------
    InvalidArgument
        As :func:`scaling_law`.

    Examples
    --------
    >>> from symorbit.parametric.families import one_hot_family
    >>> c = weak_fraction_bound(one_hot_family(*sp.symbols("m n")))
    >>> c.expression
    -k*orbit + (gt + ties)*(k + 1)

    References
    ----------
    PR Lemma B.3 and Thm. 3.3; the strict fraction can be far lower when rewards tie.
    """
    base = scaling_law(family, k=k, avoid=avoid)
    k_ = sp.expand(-base.expression.coeff(LT))
    return Claim((k_ + 1) * (GT + TIES) - k_ * ORBIT, base.hypotheses, "weak_fraction_bound",
                 f"(gt + ties)/|orbit| ≥ {k_}/({k_} + 1) whenever {family.b} ≥ {k_}·{family.a}",
                 "PR Lemma B.3 (the n/(n+1) bound is on the weak fraction)", lower=base.lower)


@dataclass
class ParametricProof:
    """The answer of :func:`prove`.

    Attributes
    ----------
    claim : Claim
    family : BlockFamily
    pattern : RewardPattern
    status : str
        ``"proved"`` (a kernel-checked certificate for every size, for each instantiated level),
        ``"refuted"`` (a counterexample, recounted by the engine), or ``"checked"`` (no
        certificate; no counterexample with d ≤ ``checked_up_to``; labelled as such).
    domain : str
        The sizes covered, as the kernel states them.
    levels : list of dict
        One entry per instantiation of symbolic level multiplicities, with ``"certified"``.
    certificate : dict or None
        The ``symorbit-parametric/1`` certificate: verdict ``holds`` for the certified
        instantiations, or verdict ``fails`` with the counterexample when refuted.
    counterexample : dict or None
        The smallest sizes (by d, then the symbols) where the claim fails, with the counts.
    checked_up_to : int or None
        For ``"checked"``: every size with d at most this was checked.

    Examples
    --------
    >>> from symorbit.parametric.families import one_hot_family
    >>> fam = one_hot_family(1, 2, rest=sp.Symbol("w"))
    >>> prove(scaling_law(fam), fam, RewardPattern.generic()).status
    'proved'

    References
    ----------
    docs/parametric.md ("Positivity certificates and what the kernel checks").
    """

    claim: Claim
    family: BlockFamily
    pattern: RewardPattern
    status: str
    domain: str
    levels: list[dict[str, Any]]
    certificate: dict[str, Any] | None = None
    counterexample: dict[str, Any] | None = None
    checked_up_to: int | None = None

    def summary(self) -> str:
        """One paragraph a reader can quote: PROVED / REFUTED / NO CERTIFICATE FOUND, with the scope.

        Returns
        -------
        str

        Examples
        --------
        >>> from symorbit.parametric.families import one_hot_family
        >>> fam = one_hot_family(1, 2, rest=sp.Symbol("w"))
        >>> prove(scaling_law(fam), fam, RewardPattern.generic()).summary()[:40]
        'PROVED for every integer w >= 0 (kernel-'

        References
        ----------
        docs/parametric.md.
        """
        what = f"{self.claim.text}; {self.family.name}; reward pattern {self.pattern}"
        lv = [x for x in self.levels if x["levels"]]
        inst = ""
        if lv and len(lv[0]["levels"]) == 1:
            (name,) = lv[0]["levels"]
            inst = f"; for {name} = {lv[0]['levels'][name]}..{lv[-1]['levels'][name]}"
        elif lv:
            inst = "; for " + ", ".join("(" + ", ".join(f"{k} = {v}" for k, v in x["levels"].items()) + ")" for x in lv)
        if self.status == "proved":
            out = f"PROVED for {self.domain}{inst} (kernel-checked positivity certificate): {what}"
            if lv and self.claim.every_t:
                out += f"; {self.claim.every_t}"
            return out
        if self.status == "refuted":
            c = self.counterexample or {}
            return (f"REFUTED: {what}. Smallest counterexample (d = {c.get('d')}): "
                    + ", ".join(f"{k} = {v}" for k, v in c.get("sizes", {}).items())
                    + f"; gt = {c.get('b_better')}, lt = {c.get('a_better')}, ties = {c.get('ties')}, "
                      f"orbit {c.get('orbit_size')} (recounted by the exact engine; the kernel confirms the failure)")
        return (f"NO CERTIFICATE FOUND; checked every size with d ≤ {self.checked_up_to}{inst} and found no "
                f"counterexample (this is not a proof for all sizes): {what}")

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: the claim, the status, the domain, the levels, the counterexample and the summary.

        Returns
        -------
        dict

        Examples
        --------
        >>> from symorbit.parametric.families import one_hot_family
        >>> fam = one_hot_family(1, 2)
        >>> prove(scaling_law(fam), fam, RewardPattern.generic()).to_dict()["kernel"]
        'verified'

        References
        ----------
        docs/parametric.md.
        """
        return {"claim": self.claim.name, "text": self.claim.text, "family": self.family.name,
                "pattern": str(self.pattern), "status": self.status, "domain": self.domain,
                "levels": self.levels, "counterexample": self.counterexample, "checked_up_to": self.checked_up_to,
                "kernel": "verified" if self.certificate is not None else None, "summary": self.summary()}


def _linear(expr: sp.Expr) -> dict[sp.Symbol, sp.Expr]:
    expr = sp.expand(sp.sympify(expr))
    coeffs = {c: expr.coeff(c) for c in _COUNTS}
    rest = sp.expand(expr - sum(k * c for c, k in coeffs.items()))
    if rest != 0 or any(k.has(*_COUNTS) for k in coeffs.values()):
        raise InvalidArgument(f"claim {expr} must be linear in gt, lt, ties, orbit with no constant term")
    return coeffs


def _plain(e: sp.Expr) -> sp.Expr:
    return e.xreplace({s: sp.Symbol(s.name) for s in e.free_symbols})


def prove(claim: Claim, family: BlockFamily, pattern: RewardPattern, *, max_level: int = 6,
          bound: int = 10, kernel_work: int | None = None) -> ParametricProof:
    """Prove ``claim`` for every size of ``family`` at ``pattern``, or find where it fails.

    Parameters
    ----------
    claim : Claim
    family : BlockFamily
    pattern : RewardPattern
    max_level : int
        Symbolic level multiplicities run from their lower bound to this.
    bound : int
        Without a certificate, every size with d ≤ bound is checked exactly.
    kernel_work : int, optional
        The kernel's budget for the certificate, in work units (default ``KERNEL_WORK_LIMIT``,
        3,000,000, a few seconds). One certificate holds every level up to ``max_level``, so a
        high ``max_level`` needs more; a reader then verifies it with
        ``symorbit verify --max-work N`` (docs/guide.md#budget).

    Returns
    -------
    ParametricProof

    Raises
    ------
    InvalidArgument
        A claim not linear in the counts, levels that share a family symbol, or names the kernel cannot read.
    TooLarge
        The certificate needs more kernel work than ``kernel_work``; the message says how to raise it.
    InvariantViolation
        The kernel refuses a certificate, or the engine disagrees with the formula (a bug, never expected).

    Examples
    --------
    The corrected fractional bound with a t-way tie at the top: m·C(n, t) ≥ n·C(m, t).

    >>> from symorbit.parametric.families import one_hot_family
    >>> m, n, t = sp.symbols("m n t")
    >>> fam = one_hot_family(m, n)
    >>> p = prove(fractional_bound(fam), fam, RewardPattern.top_tie(t), max_level=4)
    >>> p.status, p.domain
    ('proved', 'every integer m >= 1, s >= 0, where n = m + s')

    Without n ≥ m it fails; the smallest counterexample is found exactly.

    >>> c = Claim(m * GT - n * LT, {}, "no_hypothesis", "m·gt ≥ n·lt")
    >>> q = prove(c, fam, RewardPattern.top_tie(t), max_level=3, bound=6)
    >>> q.status, q.counterexample["sizes"], q.counterexample["b_better"], q.counterexample["a_better"]
    ('refuted', {'m': 2, 'n': 1, 't': 2}, 0, 1)

    References
    ----------
    docs/parametric.md; the post's scaling law and fractional scaling law.
    """
    max_level = cast(int, check_limit(max_level, name="max_level"))
    bound = cast(int, check_limit(bound, name="bound"))
    kernel_work = check_limit(kernel_work, name="kernel_work", allow_none=True)
    coeffs = _linear(claim.expression)
    hyp = {sp.Symbol(str(k)): sp.sympify(v) for k, v in claim.hypotheses.items()}
    level_syms = [s for s in pattern.symbols if s.name not in {x.name for x in family.symbols}]
    if set(pattern.symbols) - set(level_syms) or any(s in hyp for s in level_syms):
        raise InvalidArgument(f"pattern {pattern}: symbolic levels must be symbols of their own, not family sizes")
    for size, value in hyp.items():     # a hypothesis's new symbols (n = m + s: s) are the claim's own quantities
        used = {x.name for x in value.free_symbols}
        if size.name in used:
            raise InvalidArgument(f"claim {claim.name}: its hypothesis {size} = {value} defines {size} by itself")
        if clash := sorted(used & {x.name for x in level_syms}):
            raise InvalidArgument(f"claim {claim.name}: its symbol {clash[0]} (in {size} = {value}) is also a level of "
                                  f"the pattern {pattern}; rename the level, or build the claim with avoid={clash}")
    positive = {str(e) for k, e in family.blocks if k in family.A + family.B} | {s.name for s in level_syms}
    lows = {sp.Symbol(str(k)): int(v) for k, v in claim.lower.items()}
    sizes_after = {sp.Symbol(s.name) for e in (family.d,) for s in _plain(e).subs(hyp).free_symbols}
    variables = sorted(sizes_after | {sp.Symbol(s.name) for c in coeffs.values() for s in _plain(c).subs(hyp)
                                      .free_symbols if s.name not in {x.name for x in level_syms}}, key=str)
    lower = {v: lows.get(v, 1 if v.name in positive else 0) for v in variables}
    defs = [[str(k), to_kernel(_plain(v))] for k, v in hyp.items()]
    reserved = set(_COUNT_NAMES)
    if any(v.name in reserved or not v.name.islower() for v in variables) or any(d[0] in reserved for d in defs):
        raise InvalidArgument(f"size symbols must be lower-case names other than {sorted(reserved)}")
    ranges = [range(lows.get(sp.Symbol(s.name), 1), max_level + 1) for s in level_syms]
    for s, r in zip(level_syms, ranges):    # no level checked is nothing proved (it read "PROVED" at max_level=0)
        if not r:
            raise InvalidArgument(f"max_level={max_level} is below the level {s}'s least value {r.start}: no level "
                                  "would be checked; raise max_level")
    combinations = math.prod(len(r) for r in ranges)
    if combinations > MAX_CLAIMS or (level_syms and max_level > MAX_DEGREE):
        raise TooLarge(f"levels {', '.join(map(str, level_syms))} up to max_level={max_level}: {combinations} "
                       f"claims, where the kernel reads at most {MAX_CLAIMS} claims and levels of at most {MAX_DEGREE}; "
                       "lower max_level")
    results: list[dict[str, Any]] = []
    claims: list[tuple[str, Any, list[list[Any]], dict[str, Any]]] = []
    polys: list[tuple[dict[sp.Symbol, int], RewardPattern, sp.Expr, Any, dict[str, Any]]] = []
    for values in itertools.product(*ranges):
        inst = dict(zip(level_syms, values))
        pat = RewardPattern(tuple(e.subs(inst) for e in pattern.levels), pattern.rest)
        counts, _ = normalized_counts(family, pat)
        terms = []
        for c, nm in zip(_COUNTS, _COUNT_NAMES):
            k = sp.expand(sp.expand_func(_plain(coeffs[c]).subs({sp.Symbol(s.name): v for s, v in inst.items()})))
            if k != 0:
                terms.append(["*", to_kernel(k), nm])
        expr: Any = ["+", *terms] if len(terms) > 1 else (terms[0] if terms else 0)
        local = {str(v): v for v in variables}
        for nm, e in defs:
            local[nm] = from_kernel(e, local)
        for nm, e in zip(_COUNT_NAMES, counts):
            local[nm] = from_kernel(e, local)
        poly = sp.expand(from_kernel(expr, local))
        if poly.free_symbols - set(variables):
            raise InvalidArgument(f"claim {claim.name}: symbols {sorted(map(str, poly.free_symbols - set(variables)))} "
                                  "are neither sizes nor levels")
        cert = binomial_certificate(poly, lower)
        label = ", ".join(f"{s} = {v}" for s, v in inst.items()) or "the pattern"
        results.append({"levels": {str(s): v for s, v in inst.items()}, "certified": cert is not None})
        fam_k = {"a": to_kernel(_plain(family.a)), "b": to_kernel(_plain(family.b)),
                 "w": to_kernel(_plain(family.w)), "levels": [int(x) for x in pat.levels], "rest": pat.rest}
        polys.append((inst, pat, poly, expr, fam_k))
        if cert is not None:
            claims.append((label, expr, cert, fam_k))
    domain = ", ".join(f"{v} >= {lo}" for v, lo in lower.items())
    certificate = None
    if claims:
        certificate = {"format": PARAMETRIC_FORMAT, "statement": claim.name, "source": claim.source or claim.text,
                       "verdict": "holds", "variables": {str(v): lo for v, lo in lower.items()},
                       "definitions": defs,
                       "claims": [{"label": label, "family": f, "expression": e, "certificate": c}
                                  for label, e, c, f in claims]}
        report = _kernel_check(certificate, kernel_work, max_level)
        if report.status != "verified":
            raise InvariantViolation(f"the kernel refuses a positivity certificate: {report.problems[0]}")
        domain = report.family
    domain = f"every integer {domain}" if not claims else domain
    if hyp:
        domain += ", where " + ", ".join(f"{k} = {_plain(v)}" for k, v in hyp.items())
    if all(r["certified"] for r in results):
        return ParametricProof(claim, family, pattern, "proved", domain, results, certificate)
    found = _smallest_counterexample(claim, family, coeffs, hyp, lower, polys, bound)
    if found is None:
        return ParametricProof(claim, family, pattern, "checked", domain, results, certificate, None, bound)
    _, _, _, expr, fam_k = polys[found.pop("which")]
    refutation = {"format": PARAMETRIC_FORMAT, "statement": claim.name, "source": claim.source or claim.text,
                  "verdict": "fails", "variables": {str(v): lo for v, lo in lower.items()}, "definitions": defs,
                  "claims": [{"label": ", ".join(f"{k} = {v}" for k, v in found["sizes"].items()), "family": fam_k,
                              "expression": expr, "counterexample": found.pop("point")}]}
    report = _kernel_check(refutation, kernel_work, max_level)
    if report.status != "verified":
        raise InvariantViolation(f"the kernel refuses the counterexample: {report.problems[0]}")
    return ParametricProof(claim, family, pattern, "refuted", domain, results, refutation, found, None)


def _kernel_check(certificate: dict[str, Any], kernel_work: int | None, max_level: int) -> ParametricReport:
    """The kernel's verdict on ``certificate`` within ``kernel_work`` units; a budget refusal is :class:`TooLarge`."""
    budget = Budget(kernel_work) if kernel_work is not None else Budget()
    try:
        return check_parametric(certificate, budget)
    except Malformed as exc:
        if budget.left >= 0:
            raise
        raise TooLarge(f"the kernel's check of the certificate for levels up to {max_level} needs more than "
                       f"{budget.limit} work units: raise kernel_work (CLI: --kernel-work N; a reader then runs "
                       f"symorbit verify --max-work N) or lower max_level") from exc


def _smallest_counterexample(claim: Claim, family: BlockFamily, coeffs: dict[sp.Symbol, sp.Expr],
                             hyp: dict[sp.Symbol, sp.Expr], lower: dict[sp.Symbol, int],
                             polys: list[tuple[dict[sp.Symbol, int], RewardPattern, sp.Expr, Any, dict[str, Any]]],
                             bound: int) -> dict[str, Any] | None:
    """Every size with d ≤ bound (each variable at most bound), smallest d first; recounted by the engine."""
    from symorbit.orbits.counting import orbit_counts

    variables = list(lower)
    best: tuple[Any, ...] | None = None
    d_expr = _plain(family.d).subs(hyp)
    for which, (inst, pat, poly, _, _) in enumerate(polys):
        raw = sp.Poly(poly, *variables).terms() if variables else [((), sp.Rational(poly))]
        terms = [(m, Fraction(int(sp.numer(c)), int(sp.denom(c)))) for m, c in raw]
        for point in itertools.product(*[range(lower[v], bound + 1) for v in variables]):
            env = dict(zip(variables, point))
            d = int(d_expr.subs(env))
            if d > bound or (best is not None and (d, tuple(inst.values()), point) >= best[:3]):
                continue
            sizes = {v.name: x for v, x in env.items()}
            sizes.update({k.name: int(_plain(e).subs(env)) for k, e in hyp.items()})
            try:
                a, b, w = family.sizes(sizes)
                pat.multiplicities(a + b + w, {})
            except InvalidArgument:
                continue
            value = sum(c * _mono(m, point) for m, c in terms)
            if value < 0:
                best = (d, tuple(inst.values()), point, sizes, inst, pat, which)
    if best is None:
        return None
    d, _, point, sizes, inst, pat, which = best
    A, B = family.instance(sizes)
    c = orbit_counts(A, B, pat.reward(d, {}))
    allsizes = {**sizes, **{s.name: v for s, v in inst.items()}}
    formula = count_formula(family, pat).at(sizes)
    if formula != (c.b_better, c.a_better, c.ties, c.orbit_size):
        raise InvariantViolation(f"the count formula {formula} and the engine {c} disagree at {allsizes}")
    subs = {sp.Symbol(k): v for k, v in allsizes.items()}
    value = sum(_plain(k).subs(subs) * x for k, x in zip(coeffs.values(),
                                                        (c.b_better, c.a_better, c.ties, c.orbit_size)))
    if value >= 0:
        raise InvariantViolation(f"claim {claim.name}: the reduction says it fails at {allsizes}, the counts say not")
    return {"sizes": allsizes, "d": d, "b_better": c.b_better, "a_better": c.a_better, "ties": c.ties,
            "orbit_size": c.orbit_size, "value": str(value), "reward": list(pat.reward(d, {})), "engine": c.engine,
            "which": which, "point": {v.name: x for v, x in zip(variables, point)}}


def _mono(m: tuple[int, ...], point: tuple[int, ...]) -> int:
    out = 1
    for e, x in zip(m, point):
        out *= x ** e
    return out
