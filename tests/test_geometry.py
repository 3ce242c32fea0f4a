"""Non-domination: certified LP against an independent Carathéodory brute force."""

from dataclasses import replace
from fractions import Fraction

from hypothesis import given, settings

from symorbit import check_nondomination, nondominated, nondomination_certificates
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
        assert check_nondomination(cert, X)
        flipped = replace(cert, nondominated=not cert.nondominated)
        assert not check_nondomination(flipped, X)


def test_alternation_of_two_one_cycles_is_dominated():
    from symorbit import visit_distributions
    from symorbit.mdp.library import opts_figure1

    F = visit_distributions(opts_figure1(), "r_down", "1/2")
    assert len(F) == 3 and len(nondominated(F)) == 2
