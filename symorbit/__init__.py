"""symorbit: exact orbit counting and proof-checking for the theory of power-seeking.

Sources: "Optimal Policies Tend to Seek Power" (OPTS), "Parametrically Retargetable
Decision-Makers Tend To Seek Power" (PR), and the post "The More Power At Stake,
The Stronger Instrumental Convergence Gets For Optimal Policies".

The subpackages are the pipeline, and imports go one way (down this list):

========================  ===================================================================
``symorbit.errors``       the exception hierarchy
``symorbit.exact``        exact numbers and documents at the boundary
``symorbit.outcomes``     outcome sets, the group S_d acting on them, non-domination ND(X)
``symorbit.mdp``          MDPs, built-in environments, visit distributions F(s), RSD(s)
``symorbit.orbits``       orbit counts (``engines/``), copies, decision rules, discount, POWER
``symorbit.proofs``       statements, verdicts, certificates
``symorbit.theorems``     one module per theorem or conjecture (the repository's ``theorems/``)
``symorbit.counterexamples``  families, the search runner with checkpoints, random search
``symorbit.tables``, ``symorbit.tour``, ``symorbit.testing``, ``symorbit.cli``  the surface
``symorbit.kernel``       the independent checker: standard library only, imports nothing above
========================  ===================================================================

>>> import symorbit
>>> F = symorbit.visit_distributions(symorbit.library.candy(), "start", "1/2")
>>> symorbit.orbit_counts(F.restrict("candy"), F.restrict("wait"), [0, 1, 2, 3, 4]).b_better
62
"""


from importlib import import_module
from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as _distribution_version
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs; at run time names load on first use
    from symorbit.analysis.decisions import decision_counts
    from symorbit.analysis.discount import counts_over_gamma
    from symorbit.analysis.power import (
        IID_UNIFORM,
        FiniteDistribution,
        estimate_work,
        optimality_probability,
        orbit_distribution,
        power,
        power_monte_carlo,
    )
    from symorbit.counterexamples.families import Family, family, family_work
    from symorbit.counterexamples.randomised import RandomSearchResult, random_search
    from symorbit.counterexamples.runner import SearchResult, check_workers, search
    from symorbit.errors import (
        CertificateRejected,
        InvalidArgument,
        InvalidEnvironment,
        InvariantViolation,
        MissingExtra,
        NotExact,
        SearchExhausted,
        SymorbitError,
        TooLarge,
    )
    from symorbit.exact.sparse import SparseVector
    from symorbit.exact.values import Discount, Reward
    from symorbit.kernel import check_certificate
    from symorbit.mdp import library
    from symorbit.mdp.environment import MDP, TERMINAL_ACTION
    from symorbit.mdp.formats import read_grid, read_gv, to_networkx, write_gv
    from symorbit.mdp.library import load_environment
    from symorbit.mdp.visits import (
        GAMMA,
        lassos,
        recurrent_state_distributions,
        visit_distributions,
    )
    from symorbit.orbits.copies import CopiesResult, check_copies, copies, similar
    from symorbit.orbits.counting import (
        ENGINES,
        OptimalityCounts,
        OrbitCounts,
        optimality_counts,
        orbit_counts,
    )
    from symorbit.orbits.extremes import (
        ClaimWorstCases,
        WorstCases,
        WorstFractions,
        claim_worst_cases,
        worst_cases,
        worst_fractions,
        worst_ratio,
    )
    from symorbit.orbits.profiles import CountProfile, WorstCase, count_profiles
    from symorbit.outcomes.groups import (
        apply,
        apply_to_set,
        check_permutation,
        compose,
        identity,
        inverse,
        is_involution,
        multiplicities,
        orbit,
        orbit_size,
        stabilizer_order,
        transposition,
    )
    from symorbit.outcomes.nondominated import (
        NondominationCertificate,
        check_nondomination,
        nondominated,
        nondomination_certificates,
    )
    from symorbit.outcomes.outcome_sets import OutcomeSet, as_outcome_set, one_hot
    from symorbit.parametric import (
        BlockFamily,
        CountFormula,
        ParametricProof,
        RewardPattern,
        count_formula,
        one_hot_family,
        prove,
    )
    from symorbit.plots import counts_over_gamma_figure, fractions_figure, mdp_figure, power_figure
    from symorbit.proofs.all_rewards import ENGINE_ONLY_ALL, AllRewardsVerdict, check_all_rewards
    from symorbit.proofs.statements import Hypotheses, Instance, Statement, Verdict
    from symorbit.proofs.verdicts import check_statement
    from symorbit.proofs.vocabulary import (
        ANondominated,
        CommonCopies,
        Copies,
        Disjoint,
        Most,
        NAtLeastM,
        OptimalFraction,
        OptimalityProbabilityRatio,
        Pointwise,
        PowerCopy,
        PowerImpliesOptimality,
        PowerRatio,
        PythonHypothesis,
        StrictFraction,
        WeakFraction,
    )
    from symorbit.tables import Table, latex_escape
    from symorbit.theorems import resolve, statement_spec

#: Every public name and the module that defines it. Names load on first use (PEP 562), so
#: ``import symorbit.kernel`` and ``symorbit verify`` never load the engine, numpy or sympy.
_EXPORTS = {
    **dict.fromkeys(['Family', 'family', 'family_work'], 'symorbit.counterexamples.families'),
    **dict.fromkeys(['RandomSearchResult', 'random_search'], 'symorbit.counterexamples.randomised'),
    **dict.fromkeys(['SearchResult', 'check_workers', 'search'], 'symorbit.counterexamples.runner'),
    **dict.fromkeys(['CertificateRejected', 'InvalidArgument', 'InvalidEnvironment', 'InvariantViolation', 'MissingExtra', 'NotExact', 'SearchExhausted', 'SymorbitError', 'TooLarge'], 'symorbit.errors'),
    **dict.fromkeys(['check_certificate'], 'symorbit.kernel'),
    **dict.fromkeys(['MDP', 'TERMINAL_ACTION'], 'symorbit.mdp.environment'),
    **dict.fromkeys(['load_environment'], 'symorbit.mdp.library'),
    **dict.fromkeys(['GAMMA', 'lassos', 'recurrent_state_distributions', 'visit_distributions'], 'symorbit.mdp.visits'),
    **dict.fromkeys(['CopiesResult', 'check_copies', 'copies', 'similar'], 'symorbit.orbits.copies'),
    **dict.fromkeys(['ENGINES', 'OptimalityCounts', 'OrbitCounts', 'optimality_counts', 'orbit_counts'], 'symorbit.orbits.counting'),
    **dict.fromkeys(['decision_counts'], 'symorbit.analysis.decisions'),
    **dict.fromkeys(['counts_over_gamma'], 'symorbit.analysis.discount'),
    **dict.fromkeys(['IID_UNIFORM', 'FiniteDistribution', 'optimality_probability', 'orbit_distribution', 'power', 'power_monte_carlo', 'estimate_work'], 'symorbit.analysis.power'),
    **dict.fromkeys(['apply', 'apply_to_set', 'check_permutation', 'compose', 'identity', 'inverse', 'is_involution', 'multiplicities', 'orbit', 'orbit_size', 'stabilizer_order', 'transposition'], 'symorbit.outcomes.groups'),
    **dict.fromkeys(['NondominationCertificate', 'check_nondomination', 'nondominated', 'nondomination_certificates'], 'symorbit.outcomes.nondominated'),
    **dict.fromkeys(['OutcomeSet', 'as_outcome_set', 'one_hot'], 'symorbit.outcomes.outcome_sets'),
    **dict.fromkeys(['CountProfile', 'WorstCase', 'count_profiles'], 'symorbit.orbits.profiles'),
    **dict.fromkeys(['ClaimWorstCases', 'WorstCases', 'WorstFractions', 'claim_worst_cases', 'worst_cases',
                     'worst_fractions', 'worst_ratio'],
                    'symorbit.orbits.extremes'),
    **dict.fromkeys(['Hypotheses', 'Instance', 'Statement', 'Verdict'], 'symorbit.proofs.statements'),
    **dict.fromkeys(['check_statement'], 'symorbit.proofs.verdicts'),
    **dict.fromkeys(['ANondominated', 'CommonCopies', 'Copies', 'Disjoint', 'Most', 'NAtLeastM', 'OptimalFraction', 'OptimalityProbabilityRatio', 'Pointwise', 'PowerCopy', 'PowerImpliesOptimality', 'PowerRatio', 'PythonHypothesis', 'StrictFraction', 'WeakFraction'], 'symorbit.proofs.vocabulary'),
    **dict.fromkeys(['Discount', 'Reward'], 'symorbit.exact.values'),
    **dict.fromkeys(['SparseVector'], 'symorbit.exact.sparse'),
    **dict.fromkeys(['BlockFamily', 'CountFormula', 'ParametricProof', 'RewardPattern', 'count_formula', 'one_hot_family', 'prove'], 'symorbit.parametric'),
    **dict.fromkeys(['Table', 'latex_escape'], 'symorbit.tables'),
    **dict.fromkeys(['read_grid', 'read_gv', 'to_networkx', 'write_gv'], 'symorbit.mdp.formats'),
    **dict.fromkeys(['counts_over_gamma_figure', 'fractions_figure', 'mdp_figure', 'power_figure'], 'symorbit.plots'),
    **dict.fromkeys(['resolve', 'statement_spec'], 'symorbit.theorems'),
    **dict.fromkeys(['ENGINE_ONLY_ALL', 'AllRewardsVerdict', 'check_all_rewards'], 'symorbit.proofs.all_rewards'),
}


#: Public names that are modules rather than objects defined in a module.
_MODULES = {"library": "symorbit.mdp.library"}
_EXPORTS.update(_MODULES)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'symorbit' has no attribute {name!r}")
    value = import_module(module) if name in _MODULES else getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


try:
    __version__ = _distribution_version("symorbit")
except PackageNotFoundError:  # pragma: no cover - running from a source tree that was never installed
    __version__ = "0+unknown"


def version() -> str:
    """The installed symorbit version, as ``symorbit --version`` prints it.

    Returns
    -------
    str
        The version of the installed distribution (``pyproject.toml`` holds the only copy),
        or ``"0+unknown"`` for a source tree that was never installed.

    Examples
    --------
    >>> import symorbit
    >>> symorbit.version() == symorbit.__version__
    True

    References
    ----------
    PEP 440 (version strings); CITATION.cff names the same version.
    """
    return __version__

__all__ = [
    # environments and visit distributions
    "MDP", "TERMINAL_ACTION", "library", "load_environment",
    "OutcomeSet", "as_outcome_set", "one_hot", "SparseVector", "GAMMA", "lassos", "visit_distributions", "recurrent_state_distributions",
    # non-domination
    "NondominationCertificate", "nondominated", "nondomination_certificates", "check_nondomination",
    # the group action
    "apply", "apply_to_set", "check_permutation", "compose", "identity", "inverse", "is_involution",
    "multiplicities", "orbit", "orbit_size", "stabilizer_order", "transposition",
    # counting
    "ENGINES", "OrbitCounts", "OptimalityCounts", "orbit_counts", "optimality_counts",
    # copies, decision rules, discount, POWER
    "CopiesResult", "copies", "similar", "check_copies", "decision_counts", "counts_over_gamma",
    "IID_UNIFORM", "FiniteDistribution", "power", "optimality_probability", "orbit_distribution",
    "power_monte_carlo", "estimate_work",
    # every count profile over all rewards (issue 13)
    "CountProfile", "WorstCase", "WorstFractions", "count_profiles", "worst_ratio", "worst_fractions",
    "WorstCases", "worst_cases", "ClaimWorstCases", "claim_worst_cases",
    # statements, verdicts, certificates
    "Instance", "Hypotheses", "Statement", "Verdict", "check_statement", "check_certificate",
    # the statement vocabulary (issue 22) and typed values
    "ANondominated", "CommonCopies", "Copies", "Disjoint", "Most", "NAtLeastM", "OptimalFraction", "OptimalityProbabilityRatio", "Pointwise", "PowerCopy", "PowerImpliesOptimality", "PowerRatio", "PythonHypothesis", "StrictFraction", "WeakFraction",
    "Discount", "Reward",
    # every size at once (issue 26): count formulas in the block sizes, proofs for all sizes
    "BlockFamily", "CountFormula", "ParametricProof", "RewardPattern", "count_formula", "one_hot_family", "prove",
    "AllRewardsVerdict", "check_all_rewards", "ENGINE_ONLY_ALL",
    # search
    "Family", "family", "family_work", "SearchResult", "search", "check_workers", "random_search", "RandomSearchResult",
    # environments from other tools
    "read_gv", "write_gv", "read_grid", "to_networkx",
    # user statements
    "resolve", "statement_spec",
    # tables and figures
    "Table", "latex_escape", "counts_over_gamma_figure", "power_figure", "fractions_figure", "mdp_figure",
    # errors
    "SymorbitError", "InvalidArgument", "NotExact", "InvalidEnvironment", "TooLarge",
    "CertificateRejected", "SearchExhausted", "InvariantViolation", "MissingExtra",
]
