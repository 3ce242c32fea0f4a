"""symorbit: exact orbit counting and proof-checking for the theory of power-seeking.

Sources: "Optimal Policies Tend to Seek Power" (OPTS), "Parametrically Retargetable
Decision-Makers Tend To Seek Power" (PR), and the post "The More Power At Stake,
The Stronger Instrumental Convergence Gets For Optimal Policies".

>>> import symorbit
>>> F = symorbit.visit_distributions(symorbit.library.candy(), "start", "1/2")
>>> symorbit.orbit_counts(F.restrict("candy"), F.restrict("wait"), [0, 1, 2, 3, 4]).b_better
62
"""

from . import library
from .copies import CopiesResult, check_copies, copies, similar
from .counting import ENGINES, OptimalityCounts, OrbitCounts, optimality_counts, orbit_counts
from .decisions import decision_counts
from .discount import counts_over_gamma
from .envs import MDP, TERMINAL_ACTION
from .errors import (
    CertificateRejected,
    InvalidArgument,
    InvalidEnvironment,
    InvariantViolation,
    NotExact,
    SearchExhausted,
    SymorbitError,
    TooLarge,
)
from .geometry import NondominationCertificate, check_nondomination, nondominated, nondomination_certificates
from .groups import (
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
from .library import load_environment
from .outcomes import OutcomeSet, as_outcome_set
from .power import IID_UNIFORM, FiniteDistribution, optimality_probability, orbit_distribution, power
from .search import family, random_search, search
from .visits import GAMMA, lassos, recurrent_state_distributions, visit_distributions

__version__ = "0.1.0"

__all__ = [
    # envs
    "MDP", "TERMINAL_ACTION", "library", "load_environment",
    # outcomes and visits
    "OutcomeSet", "as_outcome_set", "GAMMA", "lassos", "visit_distributions", "recurrent_state_distributions",
    # geometry
    "NondominationCertificate", "nondominated", "nondomination_certificates", "check_nondomination",
    # groups
    "apply", "apply_to_set", "check_permutation", "compose", "identity", "inverse", "is_involution",
    "multiplicities", "orbit", "orbit_size", "stabilizer_order", "transposition",
    # counting
    "ENGINES", "OrbitCounts", "OptimalityCounts", "orbit_counts", "optimality_counts",
    # copies, decision rules, discount, POWER, search
    "CopiesResult", "copies", "similar", "check_copies", "decision_counts", "counts_over_gamma",
    "IID_UNIFORM", "FiniteDistribution", "power", "optimality_probability", "orbit_distribution",
    "family", "search", "random_search",
    # errors
    "SymorbitError", "InvalidArgument", "NotExact", "InvalidEnvironment", "TooLarge",
    "CertificateRejected", "SearchExhausted", "InvariantViolation",
]
