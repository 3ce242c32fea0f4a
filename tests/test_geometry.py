"""Non-domination: certified LP against an independent Carathéodory brute force."""

from dataclasses import replace
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from symorbit import check_nondomination, nondominated, nondomination_certificates
from symorbit.errors import CertificateRejected
from symorbit.testing.naive import naive_nondominated
from symorbit.testing.strategies import vector_sets


@settings(max_examples=80, deadline=None)
@given(vector_sets(3, max_size=6))
def test_nondominated_matches_bruteforce(vecs):
    assert set(nondominated(vecs)) == naive_nondominated(vecs)


@settings(max_examples=40, deadline=None)
@given(vector_sets(3, min_size=2, max_size=5))
def test_every_certificate_rechecks_and_tampering_is_caught(vecs):
    X = {tuple(map(Fraction, v)) for v in vecs}
    for cert in nondomination_certificates(vecs):
        assert check_nondomination(cert, X) == cert.vector
        flipped = replace(cert, nondominated=not cert.nondominated)
        with pytest.raises(CertificateRejected):
            check_nondomination(flipped, X)


def test_alternation_of_two_one_cycles_is_dominated():
    from symorbit import visit_distributions
    from symorbit.mdp.library import opts_figure1

    F = visit_distributions(opts_figure1(), "r_down", "1/2")
    assert len(F) == 3 and len(nondominated(F)) == 2


@settings(max_examples=60, deadline=None)
@given(vector_sets(4, min_size=2, max_size=8, min_value=-3, max_value=3))
def test_nondominated_matches_bruteforce_in_four_dimensions(vecs):
    # Negative, repeated and degenerate entries exercise Bland's rule and the column generation.
    assert set(nondominated(vecs)) == naive_nondominated(vecs)


@settings(max_examples=80, deadline=None)
@given(vector_sets(3, min_size=0, max_size=6, min_value=-4, max_value=4), vector_sets(3, max_size=1))
def test_phase_one_returns_a_solution_or_a_farkas_vector(cols, target):
    from symorbit.outcomes.nondominated import _phase_one

    cols = [tuple(Fraction(c, 2) for c in v) for v in cols]
    b = tuple(Fraction(c, 3) - 1 for c in target[0])
    feasible, sol = _phase_one(cols, b)
    if feasible:
        assert all(w >= 0 for w in sol) and len(sol) == len(cols)
        assert all(sum((w * v[i] for v, w in zip(cols, sol)), Fraction(0)) == b[i] for i in range(3))
    else:
        dot = lambda u: sum((a * c for a, c in zip(sol, u)), Fraction(0))  # noqa: E731
        assert dot(b) > 0 and all(dot(v) <= 0 for v in cols)


@settings(max_examples=80, deadline=None)
@given(vector_sets(4, min_size=0, max_size=8, min_value=-4, max_value=4), vector_sets(4, max_size=1),
       st.integers(1, 10**12))
def test_phase_one_reads_integer_columns_and_any_scale_as_exactly(cols, target, scale):
    """Plain-int columns (each row over its own denominator inside) give a solution or a Farkas vector, and the
    same verdict as the system with every entry divided by ``scale``."""
    from symorbit.outcomes.nondominated import _phase_one

    b = tuple(c - 1 for c in target[0])
    feasible, sol = _phase_one(cols, b)
    if feasible:
        assert all(w >= 0 for w in sol) and len(sol) == len(cols)
        assert all(sum(w * v[i] for v, w in zip(cols, sol)) == b[i] for i in range(4))
    else:
        assert sum(a * c for a, c in zip(sol, b)) > 0
        assert all(sum(a * c for a, c in zip(sol, v)) <= 0 for v in cols)
    scaled = [tuple(Fraction(c, scale) for c in v) for v in cols]
    assert _phase_one(scaled, tuple(Fraction(c, scale) for c in b))[0] == feasible
