"""The statement vocabulary: hypotheses and claims from closed sets of kinds.

A :class:`~symorbit.proofs.statements.Statement` is declared from these pieces. The engine
decides each piece on an instance, the certificate carries the same pieces as JSON (its
``declaration``), and the kernel (:mod:`symorbit.kernel.declarations`) checks every piece
from the witnesses, so a statement you write in this vocabulary gets the same full
certificate as the papers' theorems. Only :class:`PythonHypothesis` (arbitrary code) and the
MDP claims (POWER, optimality probability) stay engine-only, and say so.

Hypotheses (checked in the order given; each may use what the earlier ones found):

==========================  ==================================================  ==============
``Copies(of, fixing)``      B contains n copies of A or ND(A) (PR Def. A.7);    gives n
                            fixing ``"none"``, ``"C"`` (PR Prop. A.11),
                            ``"Z_minus_extra"`` (PR Lemma D.5) or
                            ``"disjoint_supports"``
``CommonCopies(fixing)``    A = A_1 ∪ … ∪ A_m and n common copies B_i of        gives m, n
                            every A_j (PR Conj. D.13); fixing ``"none"``/``"C"``
``NAtLeastM()``             n ≥ m
``Disjoint()``              A ∩ B = ∅
``ANondominated()``         ND(A) = A
``PowerCopy()``             F(s) contains a copy of F_nd(s′) (OPTS Prop. 6.6)   gives n = 1
``PythonHypothesis(f)``     your own code (engine-only)
==========================  ==================================================  ==============

Claims, over the orbit of each reward (``E`` an exact expression over integers, ``n``, ``m``,
``+ - * /`` and parentheses, e.g. ``"n/(n+1)"``): ``Most(E)`` gt ≥ E·lt (PR Def. 3.2);
``WeakFraction(E)`` / ``StrictFraction(E)`` that fraction ≥ E; ``Pointwise()`` lt = 0;
``OptimalFraction(E)`` B optimal relative to C for a fraction ≥ E (rewritten as a
kernel-checked ``WeakFraction`` of C ∪ B against B); ``PowerRatio(E)``,
``OptimalityProbabilityRatio(E)``, ``PowerImpliesOptimality()`` (engine-only).

Examples
--------
>>> h = Copies(of="ND(A)")
>>> h.to_json()
{'kind': 'copies', 'of': 'ND(A)', 'fixing': 'none'}
>>> StrictFraction("n/(n+1)").evaluate({"n": 2})
{'kind': 'strict_fraction', 'bound': Fraction(2, 3)}
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Callable, Mapping

from symorbit.errors import InvalidArgument
from symorbit.kernel import Malformed
from symorbit.kernel.declarations import ratio_value
from symorbit.orbits.copies import common_copies, copies, kept_copies
from symorbit.outcomes.nondominated import nondominated

__all__ = ["ANondominated", "Claim", "CommonCopies", "Copies", "Disjoint", "Hypothesis", "Most", "NAtLeastM",
           "OptimalFraction", "OptimalityProbabilityRatio", "Pointwise", "PowerCopy", "PowerImpliesOptimality",
           "PowerRatio", "PythonHypothesis", "StrictFraction", "WeakFraction", "expression", "one_hot_things"]

#: What a hypothesis check returns: met, the reason in words, and the data it found.
Outcome = tuple[bool, str, dict[str, Any]]


def expression(value: Any) -> str:
    """A ratio or bound as the exact expression string the certificate carries.

    Parameters
    ----------
    value : str, int or Fraction
        An expression over integers, ``n``, ``m`` (e.g. ``"n/m"``), or an exact number.

    Returns
    -------
    str

    Raises
    ------
    InvalidArgument
        A float, or a string that is not such an expression.

    Examples
    --------
    >>> expression(Fraction(-1, 2)), expression("n / (n + 1)"), expression(3)
    ('(0-1)/2', 'n/(n+1)', '3')
    """
    if isinstance(value, bool) or isinstance(value, float):
        raise InvalidArgument(f"ratio {value!r} is not exact; write it as a string such as \"1/3\" or \"n/m\"")
    if isinstance(value, (int, Fraction)):
        q = Fraction(value)
        p = f"{q.numerator}" if q.numerator >= 0 else f"(0-{-q.numerator})"
        return p if q.denominator == 1 else f"{p}/{q.denominator}"
    if isinstance(value, str):
        s = value.replace(" ", "")
        try:
            ratio_value(s, {"n": Fraction(1), "m": Fraction(1)})
        except Malformed as exc:
            raise InvalidArgument(f"ratio {value!r}: {exc}") from None
        return s
    raise InvalidArgument(f"ratio {value!r} must be an exact number or an expression string such as 'n/m'")


def _value(expr: str, data: Mapping[str, Any]) -> Fraction:
    values = {k: Fraction(data[k]) for k in ("n", "m") if k in data}
    try:
        return ratio_value(expr, values)
    except Malformed as exc:
        raise InvalidArgument(str(exc)) from None


class Hypothesis:
    """A hypothesis of the vocabulary: ``check(instance, data)`` and ``to_json()``.

    Each kind decides itself on an instance (``_decide``) and names its JSON fields
    (``_json``); the kernel's reading of the same JSON is :mod:`symorbit.kernel.declarations`.
    """

    kind = ""
    _json: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """The hypothesis as the certificate's declaration writes it.

        Returns
        -------
        dict
            ``{"kind": ..., and the kind's fields}``.

        Examples
        --------
        >>> Copies(of="ND(A)", fixing="C").to_json()
        {'kind': 'copies', 'of': 'ND(A)', 'fixing': 'C'}

        References
        ----------
        The declaration format: :mod:`symorbit.kernel.declarations`.
        """
        return {"kind": self.kind, **{k: getattr(self, k) for k in self._json}}

    def check(self, instance: Any, data: dict[str, Any]) -> Outcome:
        """Decide the hypothesis on ``instance``, given what the earlier hypotheses found.

        Parameters
        ----------
        instance : Instance
        data : dict
            The data of the hypotheses before this one (``n``, ``m`` ...).

        Returns
        -------
        tuple
            ``(met, reason, found)``: whether it holds, why in words, and the data it adds.

        Examples
        --------
        >>> from symorbit.proofs.statements import Instance
        >>> Disjoint().check(Instance(A=[[1, 0]], B=[[0, 1]]), {})
        (True, 'A ∩ B = ∅', {})

        References
        ----------
        PR Def. A.7 (copies), Conj. D.13 (common copies); OPTS Prop. 6.6.
        """
        return self._decide(instance, data)

    def _decide(self, instance: Any, data: dict[str, Any]) -> Outcome:  # pragma: no cover - every kind overrides
        raise NotImplementedError


def _fixing_sets(fixing: str, instance: Any) -> tuple[str | None, Callable[[list[frozenset]], list[frozenset]] | None]:
    """The extra sets each φ_i must fix, or why the hypothesis fails before any search."""
    C = frozenset(instance.C)
    if fixing == "C":
        if not (frozenset(instance.A) <= C and frozenset(instance.B) <= C):
            return "A and B must be subsets of C", None
        return None, lambda fam: [C]
    if fixing == "Z_minus_extra":
        Z = frozenset(instance.Z if instance.Z is not None else instance.C)
        if not Z <= C:
            return "Z is not a subset of C", None
        if not frozenset(nondominated(instance.C)) <= Z:
            return "ND(C) is not a subset of Z", None

        def minus_extra(fam: list[frozenset]) -> list[frozenset]:
            covered = frozenset().union(*fam) if fam else frozenset()
            return [Z - (frozenset(instance.B) - covered)]
        return None, minus_extra
    return None, None


@dataclass(frozen=True)
class Copies(Hypothesis):
    """B contains n ≥ 1 copies of A or of ND(A) (PR Def. A.7), with a fixing condition.

    Attributes
    ----------
    of : {"A", "ND(A)"}
    fixing : {"none", "C", "Z_minus_extra", "disjoint_supports"}
        What every φ_i must also satisfy: nothing; φ_i·C = C (PR Prop. A.11);
        φ_i·(Z ∖ B_extra) = Z ∖ B_extra with ND(C) ⊆ Z ⊆ C (PR Lemma D.5; Z is the
        instance's ``Z``, default C); or pairwise disjoint supports of the φ_i.

    Examples
    --------
    >>> from symorbit.proofs.statements import Instance
    >>> met, reason, data = Copies(of="A").check(Instance(A=[[1, 0, 0]], B=[[0, 1, 0], [0, 0, 1]]), {})
    >>> met, data["n"], reason
    (True, 2, 'B contains n = 2 copies of A (exhaustive search)')

    References
    ----------
    PR Def. A.7, Lemma D.3, Lemma D.5, Prop. A.11.
    """

    of: str = "A"
    fixing: str = "none"
    kind, _json = "copies", ("of", "fixing")

    def __post_init__(self) -> None:
        if self.of not in ("A", "ND(A)") or self.fixing not in ("none", "C", "Z_minus_extra", "disjoint_supports"):
            raise InvalidArgument(f"Copies(of={self.of!r}, fixing={self.fixing!r}): of is 'A' or 'ND(A)', fixing is "
                                  "'none', 'C', 'Z_minus_extra' or 'disjoint_supports'")


    def _decide(self, instance: Any, data: dict[str, Any]) -> Outcome:
        why, fixing = _fixing_sets(self.fixing, instance)
        if why:
            return False, why, {}
        source = nondominated(instance.A) if self.of == "ND(A)" else instance.A
        # the fixing condition is a function of C (and Z) alone: kept with the source by them (asked again per reward)
        condition = {"C": ("C", instance.C),
                     "Z_minus_extra": ("Z_minus_extra", instance.Z if instance.Z is not None else instance.C)
                     }.get(self.fixing, ())
        res = kept_copies(source, instance.B, fixing=fixing, condition=condition)
        found: dict[str, Any] = {"n": res.n, "involutions": res.involutions, "exhaustive": res.exhaustive,
                                 "fix": {"C": "C", "Z_minus_extra": "Z_minus_extra"}.get(self.fixing)}
        if self.of == "ND(A)":
            found["copies_of"] = tuple(source)
        if self.fixing == "Z_minus_extra":
            found["Z"] = tuple(sorted(frozenset(instance.Z if instance.Z is not None else instance.C)))
        if res.vacuous:
            found.update(n=1, involutions=())
            return True, f"{self.of} ⊆ B: n copies for every n (PR footnote 8); checked with n = 1", found
        phis, exhaustive = list(res.involutions), res.exhaustive
        if self.fixing == "disjoint_supports":
            kept: list[Any] = []
            for p in phis:           # a greedy subfamily with pairwise disjoint supports: still n copies
                moved = {j for j in range(len(p)) if p[j] != j}
                if all(not moved & {j for j in range(len(q)) if q[j] != j} for q in kept):
                    kept.append(p)
            exhaustive = exhaustive and len(kept) == len(phis)
            phis = kept
            found.update(n=len(phis), involutions=tuple(phis), exhaustive=exhaustive)
        if not phis:
            return False, (f"B contains no copy of {self.of}" + ("" if self.fixing == "none" else
                           " satisfying the fixing condition") + ("" if res.exhaustive else " (search bounded)")), found
        how = "exhaustive search" if exhaustive else "bounded search: n is a certified lower bound"
        return True, f"B contains n = {len(phis)} copies of {self.of} ({how})", found


def one_hot_things(instance: Any) -> list[frozenset]:
    """The base-case formalisation of "things": each vector of A is one thing.

    Examples
    --------
    >>> from symorbit.proofs.statements import Instance
    >>> len(one_hot_things(Instance(A=[[1, 0, 0], [0, 1, 0]], B=[[0, 0, 1]])))
    2
    """
    return [frozenset([v]) for v in instance.A]


@dataclass(frozen=True)
class CommonCopies(Hypothesis):
    """A = A_1 ∪ … ∪ A_m, and B holds n sets B_i, each a copy of every A_j (PR Conj. D.13).

    Attributes
    ----------
    fixing : {"none", "C"}
    things : callable or None
        The formalisation of "things" when the instance gives no ``parts`` (default
        :func:`one_hot_things`).

    Notes
    -----
    The parts are the instance's ``parts`` when given, else ``things(instance)`` (default:
    each vector of A is one thing). φ_{ji} maps A_j onto B_i and fixes the other B_{i′} and
    A_{j′}; with ``fixing="C"`` it also fixes C.

    Examples
    --------
    >>> from symorbit.proofs.statements import Instance
    >>> e = lambda j: [int(i == j) for i in range(5)]
    >>> met, reason, data = CommonCopies().check(Instance(A=[e(0), e(1)], B=[e(2), e(3), e(4)]), {})
    >>> met, data["m"], data["n"]
    (True, 2, 3)

    References
    ----------
    PR Conj. D.13.
    """

    fixing: str = "none"
    things: Callable[[Any], list[frozenset]] | None = None
    kind, _json = "common_copies", ("fixing",)

    def __post_init__(self) -> None:
        if self.fixing not in ("none", "C"):
            raise InvalidArgument(f"CommonCopies(fixing={self.fixing!r}): fixing is 'none' or 'C'")


    def _decide(self, instance: Any, data: dict[str, Any]) -> Outcome:
        parts = [frozenset(p) for p in instance.parts] if instance.parts is not None else (self.things or one_hot_things)(instance)
        if frozenset().union(*parts) != frozenset(instance.A):
            return False, "the parts A_1..A_m do not cover A exactly", {}
        if len({len(p) for p in parts}) != 1:
            return False, "the parts A_j differ in size, so no B_i can be a copy of each", {}
        fixed = [frozenset(instance.C)] if self.fixing == "C" else []
        fam, phis, exhaustive = common_copies(parts, frozenset(instance.B), instance.d, fixed=fixed)
        n, m = len(fam), len(parts)
        found = {"n": n, "m": m, "parts": parts, "copies": fam, "involution_table": phis, "exhaustive": exhaustive}
        if n == 0:
            return False, "B contains no common copy B_i of the parts", found
        how = "exhaustive" if exhaustive else "bounded search: n is a certified lower bound"
        return True, f"m = {m} things in A, n = {n} common copies in B ({how})", found


@dataclass(frozen=True)
class NAtLeastM(Hypothesis):
    """n ≥ m (the post's m ≤ n), after a :class:`CommonCopies`.

    Examples
    --------
    >>> NAtLeastM().to_json()
    {'kind': 'n_at_least_m'}

    References
    ----------
    The post (m ≤ n); PR Conj. D.13.
    """

    kind = "n_at_least_m"

    def _decide(self, instance: Any, data: dict[str, Any]) -> Outcome:
        if not {"n", "m"} <= set(data):
            raise InvalidArgument("NAtLeastM needs a CommonCopies hypothesis before it")
        if data["n"] < data["m"]:
            return False, f"hypothesis n_at_least_m fails: n = {data['n']} < m = {data['m']}", {}
        return True, "n ≥ m", {}


@dataclass(frozen=True)
class Disjoint(Hypothesis):
    """A ∩ B = ∅.

    Examples
    --------
    >>> Disjoint().to_json()
    {'kind': 'disjoint'}

    References
    ----------
    The post (A ∩ B = ∅ for the strict conjecture).
    """

    kind = "disjoint"

    def _decide(self, instance: Any, data: dict[str, Any]) -> Outcome:
        if frozenset(instance.A) & frozenset(instance.B):
            return False, "hypothesis disjoint fails: A ∩ B ≠ ∅", {}
        return True, "A ∩ B = ∅", {}


@dataclass(frozen=True)
class ANondominated(Hypothesis):
    """ND(A) = A: every vector of A is strictly best for some reward.

    Examples
    --------
    >>> ANondominated().to_json()
    {'kind': 'a_nondominated'}

    References
    ----------
    OPTS Def. E.9 (ND).
    """

    kind = "a_nondominated"

    def _decide(self, instance: Any, data: dict[str, Any]) -> Outcome:
        if len(nondominated(instance.A)) != len(instance.A):
            return False, "hypothesis a_nondominated fails: A has a dominated vector", {}
        return True, "ND(A) = A", {}


@dataclass(frozen=True)
class PowerCopy(Hypothesis):
    """F(s) contains a copy of F_nd(s′) via one involution (OPTS Prop. 6.6).

    Needs an instance from :func:`symorbit.theorems.more_options_more_power.instance`.

    Examples
    --------
    >>> PowerCopy().to_json()
    {'kind': 'power_copy'}

    References
    ----------
    OPTS Prop. 6.6.
    """

    kind = "power_copy"

    def _decide(self, instance: Any, data: dict[str, Any]) -> Outcome:
        ctx = instance.context if isinstance(instance.context, Mapping) else {}
        if "F_s" not in ctx:
            return False, "build the instance with more_options_more_power.instance(env, s, s', gamma)", {}
        Fs, Fo = ctx["F_s"], ctx["F_other"]
        res = copies(nondominated(Fo), Fs)
        if res.vacuous:
            return True, "F_nd(s') ⊆ F(s): a copy via the identity", {"n": 1, "witness": ()}
        if not res.n:
            return False, "F(s) contains no copy of F_nd(s') (as vectors at this gamma)", {}
        phi = res.involutions[0]
        return True, f"F(s) contains a copy of F_nd(s') via phi = {list(phi)}", {"n": 1, "witness": phi}


@dataclass(frozen=True)
class PythonHypothesis(Hypothesis):
    """A hypothesis given as code: ``function(instance) -> Hypotheses``.

    Engine-only: the kernel cannot check code, and the certificate says so with ``description``.

    Attributes
    ----------
    function : callable
        ``Instance → Hypotheses``.
    description : str
        What it asks, in words (default: the first line of the function's docstring).

    Examples
    --------
    >>> from symorbit.proofs.statements import Hypotheses
    >>> def reach(inst):
    ...     'Reach(s, b) contains Reach(s, a).'
    ...     return Hypotheses(True, "assumed")
    >>> PythonHypothesis(reach).to_json()
    {'kind': 'python', 'description': 'Reach(s, b) contains Reach(s, a).'}

    References
    ----------
    docs/own_statements.md (your own hypotheses).
    """

    function: Callable[[Any], Any]
    description: str = ""
    kind, _json = "python", ("description",)

    def __post_init__(self) -> None:
        if not self.description:
            doc = (getattr(self.function, "__doc__", None) or "").strip().split("\n")[0]
            object.__setattr__(self, "description", doc or getattr(self.function, "__name__", "a Python function"))

    def _decide(self, instance: Any, data: dict[str, Any]) -> Outcome:
        h = self.function(instance)
        return bool(h.met), str(h.reason), dict(h.data)


class Claim:
    """A claim of the vocabulary: ``evaluate(data)`` gives the claim dict the counts are checked against."""

    kind = ""
    field = ""
    kernel = True

    def to_json(self) -> dict[str, Any]:
        """The claim as the certificate's declaration writes it (its ratio or bound as an expression).

        Returns
        -------
        dict

        Examples
        --------
        >>> Most("n / m").to_json(), Pointwise().to_json()
        ({'kind': 'most', 'ratio': 'n/m'}, {'kind': 'pointwise'})

        References
        ----------
        The declaration format: :mod:`symorbit.kernel.declarations`.
        """
        value = getattr(self, self.field, None) if self.field else None
        return {"kind": self.kind, **({self.field: expression(value)} if self.field else {})}

    def evaluate(self, data: Mapping[str, Any]) -> dict[str, Any]:
        """The claim with its ratio or bound evaluated exactly on the hypotheses' data.

        Parameters
        ----------
        data : mapping
            What the hypotheses found: ``n`` (copies) and ``m`` (parts) where they give them.

        Returns
        -------
        dict
            ``{"kind": ..., "ratio" or "bound": Fraction}``.

        Raises
        ------
        InvalidArgument
            The expression uses n or m and no hypothesis gave it, or divides by zero.

        Examples
        --------
        >>> Most("n/m").evaluate({"n": 3, "m": 2})
        {'kind': 'most', 'ratio': Fraction(3, 2)}

        References
        ----------
        PR Def. 3.2 (≥ⁿ_most), Conj. D.13 (n/m).
        """
        if not self.field:
            return {"kind": self.kind}
        return {"kind": self.kind, self.field: _value(expression(getattr(self, self.field)), data)}


@dataclass(frozen=True)
class Most(Claim):
    """gt ≥ ratio · lt: B strictly better at least ``ratio`` times as often as A (PR Def. 3.2).

    Attributes
    ----------
    ratio : str, int or Fraction
        The ratio q: an exact number, or an expression over n and m such as ``"n/m"`` (default ``"n"``).

    Examples
    --------
    >>> Most("n/m").to_json()
    {'kind': 'most', 'ratio': 'n/m'}

    References
    ----------
    PR Def. 3.2 (≥ⁿ_most), Lemma D.3.
    """

    ratio: Any = "n"
    kind, field = "most", "ratio"


@dataclass(frozen=True)
class WeakFraction(Claim):
    """(gt + ties) / |orbit| ≥ bound.

    Attributes
    ----------
    bound : str, int or Fraction
        The bound q (exact number or expression over n, m).

    Examples
    --------
    >>> WeakFraction("n/(n+1)").evaluate({"n": 1})
    {'kind': 'weak_fraction', 'bound': Fraction(1, 2)}

    References
    ----------
    PR Lemma B.3 (the weak n/(n+1) bound).
    """

    bound: Any
    kind, field = "weak_fraction", "bound"


@dataclass(frozen=True)
class StrictFraction(Claim):
    """gt / |orbit| ≥ bound.

    Attributes
    ----------
    bound : str, int or Fraction
        The bound q (exact number or expression over n, m).

    Examples
    --------
    >>> StrictFraction("n/(n+1)").evaluate({"n": 2})
    {'kind': 'strict_fraction', 'bound': Fraction(2, 3)}

    References
    ----------
    The post (strict n/(n+1) for almost all rewards).
    """

    bound: Any
    kind, field = "strict_fraction", "bound"


@dataclass(frozen=True)
class Pointwise(Claim):
    """lt = 0: B is at least as good as A on every orbit element.

    Examples
    --------
    >>> Pointwise().evaluate({})
    {'kind': 'pointwise'}

    References
    ----------
    PR Def. 3.2 (lt = 0: B at least as good on the whole orbit).
    """

    kind = "pointwise"


@dataclass(frozen=True)
class OptimalFraction(Claim):
    """B optimal relative to C for at least a fraction ``bound`` of the orbit (kernel-checked as a
    weak fraction of C ∪ B against B).

    Attributes
    ----------
    bound : str, int or Fraction
        The fraction q of the orbit.

    Examples
    --------
    >>> OptimalFraction("1/2").to_json()
    {'kind': 'optimal_fraction', 'bound': '1/2'}

    References
    ----------
    OPTS Def. 4.3 (optimality probability over an orbit).
    """

    bound: Any
    kind, field = "optimal_fraction", "bound"


@dataclass(frozen=True)
class PowerRatio(Claim):
    """E POWER_D(after b) ≥ ratio · E POWER_D(after a), D uniform on the orbit (engine-only).

    Attributes
    ----------
    ratio : str, int or Fraction
        The ratio q (default 1).

    Examples
    --------
    >>> PowerRatio().kernel
    False

    References
    ----------
    OPTS Def. 5.2 (POWER).
    """

    ratio: Any = 1
    kind, field, kernel = "power", "ratio", False


@dataclass(frozen=True)
class OptimalityProbabilityRatio(Claim):
    """P_D(b optimal) ≥ ratio · P_D(a optimal), D uniform on the orbit (engine-only).

    Attributes
    ----------
    ratio : str, int or Fraction
        The ratio q (default 1).

    Examples
    --------
    >>> OptimalityProbabilityRatio(2).to_json()
    {'kind': 'optimality_probability', 'ratio': '2'}

    References
    ----------
    OPTS Def. 4.3.
    """

    ratio: Any = 1
    kind, field, kernel = "optimality_probability", "ratio", False


@dataclass(frozen=True)
class PowerImpliesOptimality(Claim):
    """More POWER after b ⇒ b at least as likely optimal (engine-only; false in general, OPTS Prop. B.1).

    Examples
    --------
    >>> PowerImpliesOptimality().kernel
    False

    References
    ----------
    OPTS Prop. B.1 (POWER and optimality probability can disagree).
    """

    kind, kernel = "power_implies_optimality", False
