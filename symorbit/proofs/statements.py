"""The vocabulary of proof-checking: instances, hypotheses, statements, verdicts and claims.

A :class:`Statement` is data: its words, source, status, a hypotheses check over
an :class:`Instance`, and a conclusion (a claim about orbit counts, checked for
each reward of a family). :func:`check_statement` returns a :class:`Verdict` with
the exact counts, the bound, the smallest counterexample for a failure, and a JSON
certificate that the kernel re-verifies (provenance ``"kernel-checked"``) or that
is too large for it (``"engine-only"``).

Examples
--------
>>> from symorbit.theorems import scaling_law_raw
>>> from symorbit.proofs.verdicts import check_statement
>>> inst = Instance(A=[[1, 0, 0]], B=[[0, 1, 0], [0, 0, 1]], name="candy")
>>> v = check_statement(scaling_law_raw.STATEMENT, inst, [(1, 2, 3), (0, 1, 1)])
>>> v.status, v.bound, v.provenance
('holds', Fraction(2, 1), 'kernel-checked')
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from fractions import Fraction
from typing import Any, Mapping

from symorbit.errors import InvalidArgument
from symorbit.exact.display import ResultDisplay
from symorbit.exact.numbers import fraction_str, to_fraction
from symorbit.exact.values import Discount
from symorbit.mdp.visits import outcomes_at
from symorbit.orbits.counting import CountFractions, OrbitCounts
from symorbit.outcomes.outcome_sets import OutcomeSet, as_outcome_set
from symorbit.proofs.vocabulary import Claim, Hypothesis, PythonHypothesis, expression

__all__ = ["CLAIM_KINDS", "KERNEL_CLAIM_KINDS", "Hypotheses", "Instance", "MDPContext", "Statement", "Verdict",
           "claim_holds", "reduce_claim"]

Vector = tuple[Fraction, ...]


@dataclass(frozen=True)
class MDPContext(Mapping[str, Any]):
    """Where an instance's outcome sets come from: an MDP, a state, a discount and the compared first actions.

    One immutable object, built once (by :meth:`Instance.from_mdp`, the instance files of the
    CLI, the families of the search, and OPTS Prop. 6.6's :func:`~symorbit.theorems.more_options_more_power.instance`);
    its :attr:`environment` is the certificate's ``environment`` field, from which the kernel
    re-derives the outcome sets. It reads as a mapping too (``ctx["gamma"]``, ``ctx["a"]``,
    ``ctx["b"]``, ``ctx["environment"]``), as hypotheses written before it did.

    Attributes
    ----------
    env : MDP
    state : str
        The state s whose options are compared.
    discount : Discount
        γ, or the average-reward limit.
    a_actions, b_actions : tuple of str
        The first actions whose outcomes are A and B (``()`` for a POWER instance).
    relative : bool
        Whether C = F(s) (IsOptimal relative to all options).
    other : str or None
        OPTS Prop. 6.6's second state s′ (POWER(s) against POWER(s′)).
    outcomes : mapping
        Further outcome sets a statement needs (``F_s``, ``F_other`` for POWER).

    Examples
    --------
    >>> from symorbit.exact.values import Discount
    >>> from symorbit.mdp.library import candy
    >>> ctx = MDPContext(candy(), "start", Discount.parse("1/2"), ("candy",), ("wait",))
    >>> ctx["a"], ctx["gamma"], ctx.environment["discount"], ctx.environment["b_actions"]
    ('candy', Fraction(1, 2), '1/2', ['wait'])

    References
    ----------
    OPTS Def. 3.3 (F(s | a)), Def. 6.10 (RSD), Prop. 6.6.
    """

    env: Any
    state: str
    discount: Any
    a_actions: tuple[str, ...] = ()
    b_actions: tuple[str, ...] = ()
    relative: bool = True
    other: str | None = None
    outcomes: Mapping[str, Any] = field(default_factory=dict)

    @property
    def environment(self) -> dict[str, Any]:
        """The certificate's ``environment`` field (the kernel re-derives the outcome sets from it)."""
        out: dict[str, Any] = {"mdp": self.env.to_dict(), "state": self.state, "discount": str(self.discount)}
        if self.other is not None:
            return {**out, "other": self.other}
        return {**out, "a_actions": list(self.a_actions), "b_actions": list(self.b_actions), "relative": self.relative}

    def with_actions(self, a_actions: tuple[str, ...], *, relative: bool) -> MDPContext:
        """The same context with other first actions for A (e.g. every action: A′ = C)."""
        return replace(self, a_actions=tuple(a_actions), relative=relative)

    def _view(self) -> dict[str, Any]:
        view: dict[str, Any] = {"gamma": self.discount.spec, "environment": self.environment, **self.outcomes}
        if len(self.a_actions) == 1 and len(self.b_actions) == 1:
            view.update(a=self.a_actions[0], b=self.b_actions[0])
        return view

    def __getitem__(self, key: str) -> Any:
        return self._view()[key]

    def __iter__(self) -> Any:
        return iter(self._view())

    def __len__(self) -> int:
        return len(self._view())


@dataclass(frozen=True)
class Instance:
    """Outcome sets to check a statement on.

    Attributes
    ----------
    A, B : OutcomeSet
        The small and the large set ("A better" vs "B better").
    C : OutcomeSet or None
        All options, for statements relative to C (default: A ∪ B).
    Z : OutcomeSet or None
        PR Lemma D.5's Z with ND(C) ⊆ Z ⊆ C (default: C).
    parts : tuple of OutcomeSet or None
        A's "things" A_1..A_m for the fractional conjecture (default: pluggable formalisation).
    name : str
    context : mapping or None
        Statement-specific data (e.g. the unshifted F(s), F(s′) for POWER comparisons;
        ``{"gamma", "a", "b"}`` for an instance built by :meth:`from_mdp`).
    env : MDP or None
        The environment the sets come from, when there is one, so that hypotheses can
        read it (states, actions, terminal states, reachability).
    state : str or None
        The state of ``env`` whose options A, B, C are.

    Raises
    ------
    InvalidArgument
        A or B is not an outcome set (see :func:`~symorbit.outcomes.outcome_sets.as_outcome_set`),
        or they differ in dimension.

    Examples
    --------
    The candy example (docs/theory.md#candy): C defaults to A ∪ B.

    >>> inst = Instance(A=[[1, 0, 0]], B=[[0, 1, 0], [0, 0, 1]], name="candy")
    >>> inst.d, len(inst.C), inst.name
    (3, 3, 'candy')

    References
    ----------
    PR Def. 3.2 (A, B compared over orbits), Lemma D.5 (Z); OPTS Def. 4.4 (F(s)); docs/theory.md#most, docs/theory.md#candy.
    """

    A: Any
    B: Any
    C: Any = None
    Z: Any = None
    parts: Any = None
    name: str = "instance"
    context: Any = field(default=None, compare=False, hash=False)
    env: Any = field(default=None, compare=False, hash=False)
    state: Any = field(default=None, compare=False, hash=False)

    @classmethod
    def from_mdp(cls, env: Any, state: Any, a: str, b: str, *, gamma: Any = "average",
                 name: str | None = None) -> Instance:
        """A = F(s | a), B = F(s | b), C = F(s) at ``gamma`` (``"average"``: recurrent state distributions).

        The instance keeps ``env`` and ``state`` (for hypotheses that read the MDP) and
        ``context = {"gamma": ..., "a": a, "b": b}``.

        Parameters
        ----------
        env : MDP
            The environment.
        state : str
            A state of ``env`` (its options are compared).
        a, b : str
            The two first actions compared: A = F(s | a), B = F(s | b).
        gamma : Fraction, str or "average", keyword-only
            The discount in (0, 1) (exact: ``"1/2"``), or ``"average"`` for recurrent
            state distributions.
        name : str or None, keyword-only
            The instance's name (default ``"ENV:STATE:A:B"``).

        Returns
        -------
        Instance
            With C = F(s), ``env`` and ``state`` set, and the environment in ``context``
            (so that the kernel re-derives the sets).

        Raises
        ------
        InvalidArgument
            An unknown state or action, or a discount that is not exact or not in (0, 1)
            (from :func:`~symorbit.mdp.visits.outcomes_at`).

        Examples
        --------
        >>> from symorbit.mdp.library import candy
        >>> inst = Instance.from_mdp(candy(), "start", "candy", "wait", gamma="1/2")
        >>> len(inst.A), len(inst.B), inst.env.name, inst.state
        (1, 2, 'candy', 'start')

        References
        ----------
        OPTS Def. 4.4 (F(s | π(s) = a)), Def. 6.10 (RSD).
        """
        discount = Discount.parse(gamma)           # parsed once: the certificate writes its canonical form
        F = outcomes_at(env, state, discount.spec)
        s = env.states[env.index(state)]
        return cls(A=F.restrict(a), B=F.restrict(b), C=F, name=name or f"{env.name}:{state}:{a}:{b}",
                   context=MDPContext(env, s, discount, (a,), (b,)), env=env, state=s)

    def __post_init__(self) -> None:
        A = as_outcome_set(self.A, name="A")
        B = as_outcome_set(self.B, name="B")
        if A.dimension != B.dimension:
            raise InvalidArgument(f"A has dimension {A.dimension} but B has {B.dimension}")
        object.__setattr__(self, "A", A)
        object.__setattr__(self, "B", B)
        C = as_outcome_set(self.C, name="C") if self.C is not None else \
            OutcomeSet.build(A.coordinates, [(v, ()) for v in set(A) | set(B)])
        object.__setattr__(self, "C", C)
        if self.Z is not None:
            object.__setattr__(self, "Z", as_outcome_set(self.Z, name="Z"))
        if self.parts is not None:
            object.__setattr__(self, "parts", tuple(as_outcome_set(p, name="parts") for p in self.parts))
        others = [("C", C), ("Z", self.Z)] + [(f"parts[{i}]", p) for i, p in enumerate(self.parts or ())]
        for name, X in others:     # a Z in Q^1 beside A in Q^2 was accepted, and fractional_conjecture then "held"
            if X is not None and X.dimension != A.dimension:
                raise InvalidArgument(f"{name} has dimension {X.dimension} but A has {A.dimension}")

    @property
    def d(self) -> int:
        return self.A.dimension


@dataclass(frozen=True)
class Hypotheses:
    """The outcome of a hypotheses check: met or not, why, and what was found (n, involutions ...).

    Attributes
    ----------
    met : bool
        Whether the instance satisfies the statement's hypotheses.
    reason : str
        Why (or why not), in words.
    data : mapping
        What the check found and the conclusion needs (e.g. ``n`` and the involutions of
        "B contains n copies of A").

    Examples
    --------
    >>> from symorbit.theorems import scaling_law_raw
    >>> inst = Instance(A=[[1, 0, 0]], B=[[0, 1, 0], [0, 0, 1]])
    >>> hyp = scaling_law_raw.STATEMENT.check_hypotheses(inst)
    >>> hyp.met, hyp.data["n"]
    (True, 2)

    References
    ----------
    PR Def. A.7 (copies, the usual hypothesis); docs/theory.md#copies.
    """

    met: bool
    reason: str
    data: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Statement:
    """A theorem or conjecture as one declaration.

    Attributes
    ----------
    name, title, source, status, text : str
        Status is ``"proved"``, ``"conjectured"`` or ``"claimed"``.
    mode : str
        ``"raw"`` (max_B vs max_A) or ``"relative"`` (IsOptimal relative to C).
    hypotheses : tuple of vocabulary hypotheses, or callable
        The hypotheses from :mod:`symorbit.proofs.vocabulary` (``Copies``, ``CommonCopies``,
        ``NAtLeastM``, ``Disjoint``, ``ANondominated``, ``PowerCopy``), checked in order; the
        kernel re-derives each from the certificate's witnesses. A callable
        ``Instance → Hypotheses`` (or a ``PythonHypothesis`` in the tuple) is your own code:
        the engine runs it and the certificate says it is engine-only.
    claim : vocabulary claim, dict or callable
        ``Most("n")``, ``StrictFraction("n/(n+1)")``, ``WeakFraction``, ``Pointwise``,
        ``OptimalFraction`` (kernel-checked), ``PowerRatio``, ``OptimalityProbabilityRatio``,
        ``PowerImpliesOptimality`` (engine-only); or a claim dict such as
        ``{"kind": "most", "ratio": 2}``; or a callable from the hypotheses' data to such a dict.
    conclusion : callable or None
        The earlier spelling of ``claim`` as a callable (kept so existing modules still load).
    generic_only : bool
        Check only rewards whose orbit has no ties ("for almost all rewards").
    rule : str or None
        A decision rule of :mod:`symorbit.analysis.decisions` (mode must be ``"relative"``):
        compare f(B|C, r′) with f(A|C, r′) instead of maxima.

    Examples
    --------
    >>> from symorbit.proofs.vocabulary import Copies, Most
    >>> st = Statement(name="candy_law", title="2 copies", source="mine", status="conjectured", text="...",
    ...                mode="raw", hypotheses=(Copies(of="ND(A)"),), claim=Most("n"))
    >>> st.declaration()["hypotheses"], st.declaration()["claim"]
    ([{'kind': 'copies', 'of': 'ND(A)', 'fixing': 'none'}], {'kind': 'most', 'ratio': 'n'})

    References
    ----------
    PR Lemma D.3, Conj. D.13; OPTS Def. 6.5 (≥_most); docs/theory.md.
    """

    name: str
    title: str
    source: str
    status: str
    text: str
    mode: str
    hypotheses: Any = ()
    claim: Any = None
    generic_only: bool = False
    rule: str | None = None
    conclusion: Any = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.strip():     # None reached the kernel's declaration
            raise InvalidArgument(f"Statement(name={self.name!r}): the name must be a non-empty string")
        for key in ("title", "source", "text"):
            if not isinstance(getattr(self, key), str):
                raise InvalidArgument(f"statement {self.name!r}: {key} must be a string")
        if self.status not in STATUSES:
            raise InvalidArgument(f"statement {self.name!r}: status must be one of {', '.join(STATUSES)}, "
                                  f"not {self.status!r}")
        if self.hypotheses is None:
            raise InvalidArgument(f"statement {self.name!r}: hypotheses must be a tuple of hypotheses (() for none) "
                                  "or a callable")
        if self.conclusion is not None:         # the earlier spelling, as given (also through dataclasses.replace)
            object.__setattr__(self, "claim", self.conclusion)
            object.__setattr__(self, "conclusion", None)
        if self.claim is None:
            raise InvalidArgument(f"statement {self.name!r}: give a claim (e.g. Most('n'))")
        if self.mode not in ("raw", "relative"):
            raise InvalidArgument(f"statement {self.name!r}: mode must be 'raw' or 'relative', not {self.mode!r}")
        if self.rule is not None and self.mode != "relative":
            raise InvalidArgument(f"statement {self.name!r}: a decision rule compares relative to C (mode 'relative')")
        if not callable(self.hypotheses):
            hyps = tuple(self.hypotheses)
            bad = [h for h in hyps if not isinstance(h, Hypothesis)]
            if bad:
                raise InvalidArgument(f"statement {self.name!r}: {bad[0]!r} is not a hypothesis of the vocabulary "
                                      "(symorbit.proofs.vocabulary); wrap your own code in PythonHypothesis")
            object.__setattr__(self, "hypotheses", hyps)

    @property
    def declared(self) -> bool:
        """True when every hypothesis and the claim are vocabulary pieces the kernel checks."""
        return not callable(self.hypotheses) and not any(isinstance(h, PythonHypothesis) for h in self.hypotheses) \
            and isinstance(self.claim, Claim) and self.claim.kernel

    def check_hypotheses(self, instance: Instance) -> Hypotheses:
        """Decide the hypotheses on ``instance``, in order; the data of each is passed on.

        Parameters
        ----------
        instance : Instance

        Returns
        -------
        Hypotheses
            Met when every hypothesis is; the reason of the first that fails, or of all;
            the data they found (``n``, the involutions, ``m`` and the D.13 table ...).

        Examples
        --------
        >>> from symorbit.theorems import scaling_law_raw
        >>> hyp = scaling_law_raw.STATEMENT.check_hypotheses(Instance(A=[[1, 0, 0]], B=[[0, 1, 0], [0, 0, 1]]))
        >>> hyp.met, hyp.data["n"]
        (True, 2)

        References
        ----------
        PR Def. A.7 (copies), Lemma D.5 (Z), Conj. D.13 (common copies); OPTS Prop. 6.6.
        """
        if callable(self.hypotheses):
            return self.hypotheses(instance)
        data: dict[str, Any] = {}
        reasons = []
        for h in self.hypotheses:
            met, reason, found = h.check(instance, data)
            data.update(found)
            reasons.append(reason)
            if not met:
                return Hypotheses(False, reason, data)
        return Hypotheses(True, "; ".join(reasons) or "no hypotheses", data)

    def claim_dict(self, data: Mapping[str, Any]) -> dict[str, Any]:
        """The claim with its ratio or bound evaluated on the hypotheses' data (n, m).

        Parameters
        ----------
        data : mapping
            The data of :meth:`check_hypotheses` (``n`` and ``m`` where a hypothesis gives them).

        Returns
        -------
        dict
            ``{"kind": ..., "ratio" or "bound": Fraction}`` (no number for a pointwise claim).

        Raises
        ------
        InvalidArgument
            A claim outside the vocabulary, or a ratio using n or m that no hypothesis gives.

        Examples
        --------
        >>> from symorbit.theorems import strict_scaling_conjecture
        >>> strict_scaling_conjecture.STATEMENT.claim_dict({"n": 2})
        {'kind': 'strict_fraction', 'bound': Fraction(2, 3)}

        References
        ----------
        PR Def. 3.2 (≥ⁿ_most); the post (n/(n+1)).
        """
        if isinstance(self.claim, Claim):
            return self.claim.evaluate(data)
        claim = self.claim(data) if callable(self.claim) else self.claim
        if not isinstance(claim, Mapping) or claim.get("kind") not in CLAIM_KINDS:
            raise InvalidArgument(f"statement {self.name!r}: the claim {claim!r} is not a claim of the vocabulary; "
                                  f"kinds: {', '.join(sorted(CLAIM_KINDS))}")
        out = dict(claim)
        needed = _CLAIM_NUMBER.get(out["kind"])
        if needed is not None and needed not in out:      # it raised a KeyError when the claim was checked
            raise InvalidArgument(f"statement {self.name!r}: a claim of kind {out['kind']!r} needs {needed!r} "
                                  f"(an exact number such as \"3/2\")")
        for key in ("ratio", "bound"):      # a float (ratio 1.5) was read as the binary fraction it rounds to
            if key in out:
                out[key] = to_fraction(out[key], name=f"statement {self.name!r}: claim {key}")
        return out

    def declaration(self, *, claim: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """The statement as its certificate declares it (see :mod:`symorbit.kernel.declarations`).

        Parameters
        ----------
        claim : mapping or None, keyword-only
            The evaluated claim dict, used when the claim is not a vocabulary piece (its ratio
            then appears as the number it evaluated to).

        Returns
        -------
        dict
            ``title``, ``source``, ``status``, ``text``, ``mode``, ``rule``, ``generic``,
            ``hypotheses`` (each as JSON; code as ``{"kind": "python", "description"}``), ``claim``.

        Examples
        --------
        >>> from symorbit.theorems import fractional_conjecture
        >>> d = fractional_conjecture.statement(("n_at_least_m",)).declaration()
        >>> d["hypotheses"], d["claim"]
        ([{'kind': 'common_copies', 'fixing': 'none'}, {'kind': 'n_at_least_m'}], {'kind': 'most', 'ratio': 'n/m'})

        References
        ----------
        The certificate format: :mod:`symorbit.kernel.certificate`, :mod:`symorbit.kernel.declarations`.
        """
        if callable(self.hypotheses):
            doc = (getattr(self.hypotheses, "__doc__", None) or "").strip().split("\n")[0]
            hyps = [{"kind": "python", "description": doc or getattr(self.hypotheses, "__name__", "a Python function")}]
        else:
            hyps = [h.to_json() for h in self.hypotheses]
        if isinstance(self.claim, Claim):
            cj = self.claim.to_json()
        else:
            c = dict(claim or self.claim_dict({}))
            key = "ratio" if "ratio" in c else "bound" if "bound" in c else None
            cj = {"kind": c["kind"], **({key: expression(Fraction(c[key]))} if key else {})}
        return {"title": self.title, "source": self.source, "status": self.status, "text": self.text,
                "mode": self.mode, "rule": self.rule, "generic": self.generic_only, "hypotheses": hyps, "claim": cj}


@dataclass(frozen=True, repr=False)
class Verdict(ResultDisplay):
    """The result of checking a statement on an instance over a reward family.

    Attributes
    ----------
    statement, instance : str
        The names of the statement and of the instance.
    status : str
        ``"holds"``, ``"fails"``, ``"hypotheses not met"`` or ``"vacuous"`` (no reward counted).
    reason : str
        The hypotheses' reason, or why the verdict is vacuous.
    bound : Fraction or None
        The claim's ratio or bound (None when the hypotheses are not met).
    per_reward : tuple of (reward, OrbitCounts)
        Every reward counted, with its exact counts (each ``OrbitCounts.counts`` is the
        4-tuple (b_better, a_better, ties, orbit_size), the shape of ``counts`` throughout).
    counterexample : tuple of Fraction or None
        The smallest failing reward (fewest distinct values, then lexicographically).
    skipped : int
        Rewards skipped as non-generic (orbit with ties) by a ``generic_only`` statement.
    certificate : dict or None
        The JSON certificate for :func:`~symorbit.kernel.check_certificate`.
    provenance : str
        ``"kernel-checked"``, ``"engine-only"`` or what of it the kernel checked.

    Examples
    --------
    >>> from symorbit.theorems import scaling_law_raw
    >>> from symorbit.proofs.verdicts import check_statement
    >>> inst = Instance(A=[[1, 0, 0]], B=[[0, 1, 0], [0, 0, 1]], name="candy")
    >>> v = check_statement(scaling_law_raw.STATEMENT, inst, [(1, 2, 3)])
    >>> v.status, v.per_reward[0][1].b_better, v.counterexample
    ('holds', 4, None)

    References
    ----------
    PR Def. 3.2 (≥ⁿ_most), Lemma D.3; docs/theory.md#most.
    """

    statement: str
    instance: str
    status: str                     # "holds" | "fails" | "hypotheses not met"
    reason: str
    bound: Fraction | None
    per_reward: tuple[tuple[Vector, OrbitCounts], ...]
    counterexample: Vector | None
    skipped: int
    certificate: dict[str, Any] | None
    provenance: str

    def to_dict(self) -> dict[str, Any]:
        """The verdict as JSON-ready data (exact numbers as ``"p/q"`` strings; counts summarised).

        Returns
        -------
        dict
            ``statement``, ``instance``, ``status``, ``reason``, ``bound``, ``checked_rewards``,
            ``skipped_non_generic``, ``counterexample`` and ``provenance``.

        Examples
        --------
        >>> from symorbit.theorems import fractional_conjecture
        >>> from symorbit.proofs.verdicts import check_statement
        >>> inst = Instance(A=[[1, 0, 0], [0, 1, 0]], B=[[0, 0, 1]])
        >>> d = check_statement(fractional_conjecture.STATEMENT, inst, [(0, 1, 1)]).to_dict()
        >>> d["status"], d["bound"], d["counterexample"], d["checked_rewards"]
        ('fails', '1/2', ['0', '1', '1'], 1)

        References
        ----------
        PR Conj. D.13; docs/theory.md#pr-appendix-d.
        """
        return {
            "statement": self.statement,
            "instance": self.instance,
            "status": self.status,
            "reason": self.reason,
            "bound": None if self.bound is None else fraction_str(self.bound),
            "checked_rewards": len(self.per_reward),
            "skipped_non_generic": self.skipped,
            "counterexample": None if self.counterexample is None else [fraction_str(x) for x in self.counterexample],
            "provenance": self.provenance,
        }


#: Claim kinds the independent kernel re-checks (the others are engine-only, see :func:`claim_holds`).
KERNEL_CLAIM_KINDS = frozenset({"most", "weak_fraction", "strict_fraction", "pointwise"})

#: What a statement may say of itself.
STATUSES = ("proved", "conjectured", "claimed")

#: The number a claim of each kind reads (``power`` and ``optimality_probability`` default their ratio to 1).
_CLAIM_NUMBER = {"most": "ratio", "weak_fraction": "bound", "strict_fraction": "bound", "optimal_fraction": "bound"}

#: Every claim kind :func:`claim_holds` knows.
CLAIM_KINDS = KERNEL_CLAIM_KINDS | {"optimal_fraction", "power", "optimality_probability",
                                    "power_implies_optimality"}


def reduce_claim(claim: Mapping[str, Any], instance: Instance) -> tuple[dict[str, Any], Instance, str | None]:
    """Rewrite a claim as an equivalent kernel-checkable one where there is one.

    ``{"kind": "optimal_fraction", "bound": q}`` ("B is optimal relative to C for at
    least a fraction q of the orbit") is the raw claim ``weak_fraction ≥ q`` for
    A′ = C ∪ B against B: max_B ≥ max_{C∪B} exactly when some b ∈ B is optimal in C ∪ B.
    Returns ``(claim, instance, mode)``; ``mode`` is ``"raw"`` for a rewritten claim and
    None otherwise (keep the statement's mode).

    Examples
    --------
    >>> inst = Instance(A=[[1, 0, 0]], B=[[0, 1, 0]], C=[[1, 0, 0], [0, 1, 0], [0, 0, 1]])
    >>> claim, inst2, mode = reduce_claim({"kind": "optimal_fraction", "bound": "1/3"}, inst)
    >>> claim, len(inst2.A), mode
    ({'kind': 'weak_fraction', 'bound': Fraction(1, 3)}, 3, 'raw')
    """
    if claim["kind"] != "optimal_fraction":
        return dict(claim), instance, None
    everything = OutcomeSet.build(instance.C.coordinates, [(v, ()) for v in set(instance.C) | set(instance.B)])
    context = instance.context
    if isinstance(context, MDPContext) and context.other is None:
        # A′ = C ∪ B is F(s | every first action) when C = F(s): say so to the kernel, which re-derives it.
        context = context.with_actions(tuple(context.env.actions(context.state)), relative=False)
    reduced = Instance(A=everything, B=instance.B, C=everything, name=instance.name, context=context,
                       env=instance.env, state=instance.state)
    return {"kind": "weak_fraction", "bound": Fraction(claim["bound"])}, reduced, "raw"


def _mdp_quantities(instance: Instance, reward: Any) -> dict[str, Fraction]:
    """POWER after each compared action and each action's optimality probability, D = orbit of ``reward``."""
    from symorbit.analysis.power import optimality_probability, orbit_distribution, power

    ctx = instance.context or {}
    if instance.env is None or not {"gamma", "a", "b"} <= set(ctx):
        raise InvalidArgument(f"instance {instance.name}: POWER claims need an instance built from an MDP "
                              "(Instance.from_mdp or a det-mdp/stoch-mdp family)")
    if ctx["gamma"] == "average":
        raise InvalidArgument(f"instance {instance.name}: POWER claims need a discount in (0, 1), not 'average'; "
                              "use a family such as det-mdp:4:3:1/2")
    env, s, g = instance.env, instance.state, ctx["gamma"]
    D = orbit_distribution(reward)
    out: dict[str, Fraction] = {}
    for side in ("a", "b"):
        act = ctx[side]
        out["power_" + side] = sum((p * power(env, t, g, distribution=D) for t, p in env.transition(s, act).items()), Fraction(0))
        out["prob_" + side] = optimality_probability(env, s, act, g, distribution=D)
    return out


def claim_holds(claim: Mapping[str, Any], c: CountFractions, *, instance: Instance | None = None,
                reward: Any = None) -> bool:
    """Does one reward's counts (and, for MDP claims, its instance) satisfy the claim?

    Claim kinds (``q`` is a rational ``ratio`` or ``bound``):

    * ``most``: gt ≥ q·lt; ``weak_fraction`` / ``strict_fraction``: that fraction ≥ q
      (all three re-checked by the kernel);
    * ``optimal_fraction``: B optimal relative to C for at least a fraction q of the orbit
      (check it through :func:`reduce_claim`, which makes it kernel-checkable);
    * with an instance from an MDP and D the uniform distribution over the orbit of
      ``reward`` (engine-only): ``power``: E POWER_D(after b) ≥ q·E POWER_D(after a);
      ``optimality_probability``: P_D(b) ≥ q·P_D(a);
      ``power_implies_optimality``: E POWER_D(after b) > E POWER_D(after a) ⇒ P_D(b) ≥ P_D(a)
      (false in general: OPTS Prop. B.1, docs/theory.md#p14).

    Examples
    --------
    >>> from symorbit.mdp.library import candy
    >>> from symorbit.orbits.counting import orbit_counts
    >>> inst = Instance.from_mdp(candy(), "start", "candy", "wait", gamma="1/2")
    >>> r = (0, 1, 2, 3, 4)
    >>> c = orbit_counts(inst.A, inst.B, r, relative_to=inst.C)
    >>> claim_holds({"kind": "power", "ratio": 1}, c, instance=inst, reward=r)
    True

    References
    ----------
    PR Def. 3.2 (≥ⁿ_most); OPTS Def. 4.3 (optimality probability), Def. 5.2 (POWER), Prop. B.1.
    """
    kind = claim["kind"]
    if kind == "most":
        return c.b_better >= Fraction(claim["ratio"]) * c.a_better
    if kind == "weak_fraction":
        return c.weak_fraction >= Fraction(claim["bound"])
    if kind == "strict_fraction":
        return c.strict_fraction >= Fraction(claim["bound"])
    if kind == "pointwise":
        return c.a_better == 0
    if kind == "optimal_fraction":
        if instance is None or reward is None:
            raise InvalidArgument("claim kind 'optimal_fraction' needs the instance and the reward")
        from symorbit.orbits.counting import orbit_counts

        reduced_claim, reduced, _ = reduce_claim(claim, instance)
        return claim_holds(reduced_claim, orbit_counts(reduced.A, reduced.B, reward))
    if kind in ("power", "optimality_probability", "power_implies_optimality"):
        if instance is None or reward is None:
            raise InvalidArgument(f"claim kind {kind!r} needs the instance and the reward")
        q = _mdp_quantities(instance, reward)
        if kind == "power":
            return q["power_b"] >= Fraction(claim.get("ratio", 1)) * q["power_a"]
        if kind == "optimality_probability":
            return q["prob_b"] >= Fraction(claim.get("ratio", 1)) * q["prob_a"]
        return not q["power_b"] > q["power_a"] or q["prob_b"] >= q["prob_a"]
    raise InvalidArgument(f"claim kind {kind!r} is unknown; known: {', '.join(sorted(CLAIM_KINDS))}")
