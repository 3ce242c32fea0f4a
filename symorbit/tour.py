"""The post's worked examples, computed live as exact tables (the CLI's ``tour`` and ``table``).

Every row carries its provenance: "kernel-checked" when the independent kernel
recounted it from a certificate, else "engine-only".

Examples
--------
>>> t = candy_outcome_table()
>>> t.rows[0][:5]
('(1, 2, 3)', 6, 4, 2, 0)
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any, Callable, Sequence

from symorbit.errors import InvariantViolation
from symorbit.exact.numbers import fraction_str
from symorbit.kernel import check_certificate
from symorbit.mdp.library import candy, opts_figure1
from symorbit.mdp.visits import outcomes_at, visit_distributions
from symorbit.orbits.copies import copies
from symorbit.orbits.counting import OrbitCounts, orbit_counts
from symorbit.outcomes.outcome_sets import as_outcome_set
from symorbit.proofs.certificates import certificate_rewards, counts_certificate, kernel_work
from symorbit.tables import Table

__all__ = ["candy_outcome_table", "candy_discount_table", "die_live_table", "two_vs_fifty_one_table",
           "opts_figure1_table", "every_size_table", "TABLES", "provenance_of"]

KERNEL_AUTO_LIMIT = 5_000


def _vec(r: Sequence[Any]) -> str:
    return "(" + ", ".join(fraction_str(x) for x in r) + ")"


def provenance_of(A: Any, B: Any, r: Sequence[Any], c: OrbitCounts, *, C: Any = None, kernel: bool = False) -> str:
    """Kernel-check one count (always when small, on request when large) and say which it is."""
    A_, B_ = as_outcome_set(A), as_outcome_set(B)
    C_ = None if C is None else as_outcome_set(C)
    entries = certificate_rewards(A_, B_, C_, [(tuple(Fraction(x) for x in r), c)])
    if not kernel and kernel_work(entries[0]) > KERNEL_AUTO_LIMIT:
        return "engine-only"
    cert = counts_certificate(A_, B_, C_, entries)
    problems = check_certificate(cert).problems
    if problems:
        raise InvariantViolation(f"tour: the kernel disagrees with the engine: {problems[0]}; no table is printed")
    return "kernel-checked"


def _e(d: int, j: int) -> tuple[int, ...]:
    return tuple(int(i == j) for i in range(d))


def candy_outcome_table(*, kernel: bool = False) -> Table:
    """docs/theory.md#candy: A = {candy}, B = {chocolate, hug} at the outcome level, with ties."""
    A, B = [_e(3, 0)], [_e(3, 1), _e(3, 2)]
    rows = []
    for r in [(1, 2, 3), (0, 5, 7), (1, 1, 2), (0, 0, 1), (1, 2, 2), (0, 1, 1), (1, 1, 1)]:
        c = orbit_counts(A, B, r)
        rows.append((_vec(r), c.orbit_size, c.b_better, c.a_better, c.ties, c.strict_fraction, c.weak_fraction,
                     provenance_of(A, B, r, c, kernel=kernel)))
    return Table(("r (candy, chocolate, hug)", "orbit", "Wait! strictly", "candy strictly", "ties", "strict",
                  "weak", "provenance"), rows, title="Candy vs Wait! (outcome level; B has 2 copies of A)")


def candy_discount_table(*, kernel: bool = False) -> Table:
    """The candy MDP from start: Wait! vs candy at several discounts and at average reward (docs/theory.md#pitfalls P6, P7)."""
    env = candy()
    rows = []
    for r in [(0, 1, 2, 3, 4), (0, 2, 3, 3, 3)]:
        for g in ("1/2", "9/10", "99/100", "average"):
            F = outcomes_at(env, "start", g)
            A, B = F.restrict("candy"), F.restrict("wait")
            c = orbit_counts(A, B, r)
            n = copies(A, B)
            rows.append((_vec(r), g, c.b_better, c.a_better, c.ties, c.weak_fraction,
                         "vacuous" if n.vacuous else n.n, provenance_of(A, B, r, c, kernel=kernel)))
    return Table(("r (start, candy, wait, chocolate, hug)", "gamma", "Wait! strictly", "candy strictly", "ties",
                  "weak", "copies", "provenance"), rows,
                 title="Candy MDP: the tendency depends on the discount (copies exist only at average reward)")


def die_live_table(*, max_m: int = 5, max_n: int = 5, kernel: bool = False) -> Table:
    """The m-vs-n one-hot family: exact generic fraction against n/(n+1)-copies and n/(n+m)."""
    rows = []
    for m in range(1, max_m + 1):
        for n in range(1, max_n + 1):
            d = m + n
            A, B = [_e(d, j) for j in range(m)], [_e(d, j) for j in range(m, d)]
            r = tuple(range(d))
            c = orbit_counts(A, B, r)
            k = n // m
            rows.append((m, n, c.strict_fraction, Fraction(k, k + 1), Fraction(n, n + m),
                         provenance_of(A, B, r, c, kernel=kernel)))
    return Table(("m (die)", "n (live)", "exact (generic r)", "copies bound k/(k+1), k=⌊n/m⌋", "conjectured n/(n+m)",
                  "provenance"), rows, title="m ways to die vs n ways to live (one-hot, generic reward)")


def two_vs_fifty_one_table(*, kernel: bool = True) -> Table:
    """The post's 2-vs-51 example: 25/26 (proved) vs 51/53 (conjectured) vs exact, generic and tied."""
    d = 53
    A, B = [_e(d, 0), _e(d, 1)], [_e(d, j) for j in range(2, 53)]
    rows = []
    for label, r in (("generic (0..52)", tuple(range(d))), ("two 1s, rest 0", (1, 1) + (0,) * 51)):
        c = orbit_counts(A, B, r)
        rows.append((label, c.orbit_size, c.b_better, c.a_better, c.ties, c.strict_fraction, c.weak_fraction,
                     Fraction(25, 26), Fraction(51, 53), provenance_of(A, B, r, c, kernel=kernel)))
    return Table(("reward", "orbit", "live strictly", "die strictly", "ties", "strict", "weak", "proved 25/26",
                  "conjectured 51/53", "provenance"), rows, title="2 ways to die vs 51 ways to live")


def opts_figure1_table(*, gammas: Sequence[str] = ("1/2", "9/10", "99/100"), reward: Sequence[int] = tuple(range(8)),
                       kernel: bool = False) -> Table:
    """OPTS Figure 1: first-action optimality from ⋆ over S_8, at several discounts.

    Each action's counts are A = F(⋆ | a) vs B = F(⋆) ∖ F(⋆ | a), relative to C = F(⋆):
    strictly optimal = A strictly, weakly optimal = A strictly + ties.
    """
    env = opts_figure1()
    rows = []
    for g in gammas:
        F = visit_distributions(env, "star", g)
        for a in env.actions("star"):
            Fa = F.restrict(a)
            rest = F.subset(v for v in F if v not in Fa)
            c = orbit_counts(rest, Fa, reward, relative_to=F)
            size = c.orbit_size
            rows.append((g, a, Fraction(c.b_better + c.ties, size), Fraction(c.b_better, size),
                         provenance_of(rest, Fa, reward, c, C=F, kernel=kernel)))
    return Table(("gamma", "first action", "weakly optimal", "strictly optimal", "provenance"), rows,
                 title=f"OPTS Figure 1: first-action optimality over the orbit of r = {_vec(reward)}")


def _pow10(x: Any) -> str:
    """A number or formula as text, writing 10^k and 10^k + 1 for k ≥ 6 (the post's 10^53)."""
    def one(v: int) -> str:
        for k in range(6, len(str(abs(v))) + 1):
            if v in (10**k, 10**k + 1):
                return f"10^{k}" + (" + 1" if v != 10**k else "")
        return str(v)
    if isinstance(x, int) or getattr(x, "is_Integer", False):
        return one(int(x))
    if getattr(x, "is_Rational", False):
        p, q = one(int(x.p)), one(int(x.q))
        return f"{p}/({q})" if " " in q else f"{p}/{q}"
    return str(x).replace("**", "^")


def every_size_table(*, max_level: int = 3, kernel: bool = True) -> Table:
    """m ways to die vs n ways to live as formulas for every d ≥ m + n, with the all-sizes proofs.

    Each row's fractions are closed forms in w = d − m − n (the outside states), so they hold at
    every d; the last row is symbolic in m and n. "proved" means a positivity certificate for
    every size, checked by the kernel, for the top value tied t = 1..``max_level`` ways
    (``kernel`` is accepted for the CLI; these rows are always kernel-checked).
    """
    import sympy as sp

    from symorbit.parametric import RewardPattern, count_formula, fractional_bound, one_hot_family, prove, scaling_law

    w, t, m, n = sp.symbols("w t m n")
    rows = []
    for a, b, label in ((1, 2, "2"), (2, 3, "3"), (2, 51, "51"), (1, 10**53, "10^53"), (m, n, "n ≥ m")):
        fam = one_hot_family(a, b, rest=w)
        generic = count_formula(fam, RewardPattern.generic()).decided_fraction()
        tie = count_formula(one_hot_family(a, b), RewardPattern.top_tie(2))
        ratio = tie.simplify(tie.b_better / (tie.b_better + tie.a_better))
        frac = prove(fractional_bound(fam), fam, RewardPattern.top_tie(t), max_level=max_level)
        scal = prove(scaling_law(fam), fam, RewardPattern.top_tie(t), max_level=max_level)
        k = "⌊n/m⌋" if isinstance(a, sp.Symbol) else _pow10(b // a)
        rows.append((str(a), label, _pow10(generic), _pow10(ratio), f"{frac.status} (t ≤ {max_level})",
                     f"gt ≥ {k}·lt {scal.status} (t ≤ {max_level})",
                     "every d ≥ m + n" if isinstance(a, sp.Symbol) else f"every d ≥ {_pow10(a + b)}"))
    return Table(("m (die)", "n (live)", "gt/(gt + lt), generic r", "gt/(gt + lt), top tied twice, d = m + n",
                  "m·gt ≥ n·lt, top tied t ways", "scaling law", "sizes"), rows,
                 title="Every size at once: m ways to die vs n ways to live, as formulas with kernel-checked proofs")


TABLES: dict[str, Callable[..., Table]] = {
    "candy": candy_outcome_table,
    "candy-discount": candy_discount_table,
    "die-live": die_live_table,
    "two-vs-51": two_vs_fifty_one_table,
    "opts-figure-1": opts_figure1_table,
    "every-size": every_size_table,
}
