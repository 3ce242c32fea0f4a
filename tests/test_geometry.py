"""Non-domination: certified LP against an independent Carathéodory brute force."""

from dataclasses import replace
from fractions import Fraction

import pytest
from hypothesis import example, given, settings
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


def _fraction_check(cert, X):
    """An independent re-check in Fractions (the module's own check works on integer rows)."""
    x = cert.vector
    dot = lambda u, r: sum((a * b for a, b in zip(u, r)), Fraction(0))  # noqa: E731
    if cert.nondominated:
        return all(dot(x, cert.witness) > dot(v, cert.witness) for v in X if v != x)
    comb = cert.combination
    return (all(w > 0 and v in X and v != x for v, w in comb) and sum(w for _, w in comb) == 1
            and all(sum((w * v[i] for v, w in comb), Fraction(0)) == x[i] for i in range(len(x))))


@settings(max_examples=60, deadline=None)
@given(vector_sets(4, min_size=2, max_size=9, min_value=-3, max_value=3),
       st.sampled_from([1, 7, 10**30 + 1]), st.sampled_from([0, 10**40]))
def test_nondominated_at_any_scale_and_offset_matches_bruteforce(vecs, den, offset):
    """ND is unchanged by a positive scale and a translation, so (v + offset) / den has the brute force's answer
    for v. Denominators past int64 send the random rewards' scores through the float proposals checked in Python
    integers; every certificate is re-checked here in Fractions."""
    moved = [tuple(Fraction(a + offset, den) for a in v) for v in vecs]
    expected = {tuple(Fraction(a + offset, den) for a in v) for v in naive_nondominated(vecs)}
    assert set(nondominated(moved)) == expected
    X = set(moved)
    assert all(_fraction_check(c, X) for c in nondomination_certificates(moved))


@settings(max_examples=40, deadline=None)
@given(vector_sets(3, min_size=2, max_size=40, min_value=-5, max_value=5), st.booleans())
def test_probed_vertices_are_vertices_with_their_witness(vecs, huge):
    """Each row the random rewards report is strictly best under its reward, in exact integers, on rows within int64
    (scores exact in numpy) and past it (floats propose, integers check); rows tied in a reward are never reported."""
    from symorbit.outcomes.nondominated import _probed_vertices

    rows = tuple(tuple(a * (10**30 if huge else 1) for a in v) for v in vecs)
    found = _probed_vertices(rows)
    nd = {tuple(a * (10**30 if huge else 1) for a in v) for v in naive_nondominated(vecs)} if len(vecs) <= 9 else None
    for i, r in found.items():
        top = sum(a * b for a, b in zip(r, rows[i]))
        assert all(sum(a * b for a, b in zip(r, v)) < top for t, v in enumerate(rows) if t != i)
        assert nd is None or rows[i] in nd


@settings(max_examples=40, deadline=None)
@given(vector_sets(5, min_size=2, max_size=60, min_value=-2, max_value=2))
def test_many_vertices_every_certificate_rechecks_in_fractions(vecs):
    """Sets too large for the brute force: most vertices come from the random rewards, the rest from the LPs, and each
    certificate (witness or weights) is re-checked in Fractions; a vertex of the box's corners is never dominated."""
    certs = nondomination_certificates(vecs)
    X = {tuple(map(Fraction, v)) for v in vecs}
    assert {c.vector for c in certs} == X
    assert all(_fraction_check(c, X) for c in certs)
    for j in range(5):
        top = max(v[j] for v in X)
        best = [v for v in X if v[j] == top]
        if len(best) == 1:
            assert next(c for c in certs if c.vector == best[0]).nondominated


@pytest.mark.parametrize("stalled", [0, 50, 10**9])
@settings(max_examples=40, deadline=None)
@given(vector_sets(4, min_size=0, max_size=8, min_value=-2, max_value=2), vector_sets(4, max_size=1))
def test_phase_one_under_dantzig_bland_and_the_switch(stalled, cols, target):
    """Dantzig's rule, Bland's from the first degenerate pivot (0) and Dantzig's throughout give a solution or a
    Farkas vector each (degenerate systems: small entries, repeated columns)."""
    import symorbit.outcomes.nondominated as nd

    b = tuple(c - 1 for c in target[0])
    old, nd._STALLED = nd._STALLED, stalled
    try:
        feasible, sol = nd._phase_one(cols, b)
    finally:
        nd._STALLED = old
    if feasible:
        assert all(w >= 0 for w in sol) and all(sum(w * v[i] for v, w in zip(cols, sol)) == b[i] for i in range(4))
    else:
        assert sum(a * c for a, c in zip(sol, b)) > 0 and all(sum(a * c for a, c in zip(sol, v)) <= 0 for v in cols)


def test_a_malformed_certificate_is_rejected_not_raised():
    X = {(Fraction(1), Fraction(0)), (Fraction(0), Fraction(1))}
    x = (Fraction(1), Fraction(0))
    from symorbit import NondominationCertificate

    for cert in (NondominationCertificate(x, True, witness=(1.0, 0.0)),      # a float witness is not exact
                 NondominationCertificate(x, True, witness=(1,)),            # of another length
                 NondominationCertificate(x, False, combination=(([0, 1], Fraction(1)),)),   # an unhashable vector
                 NondominationCertificate(x, False, combination=(((Fraction(0), Fraction(1)), 1.0),))):
        with pytest.raises(CertificateRejected):
            check_nondomination(cert, X)


@settings(max_examples=60, deadline=None)
@given(vector_sets(3, min_size=2, max_size=12, min_value=0, max_value=2), st.booleans())
def test_probed_vertices_skip_rewards_with_tied_tops(vecs, huge):
    """Under ±e_j and ±(e_1 + e_2) many rows tie for the top (entries in {0, 1, 2}); a row reported is the unique
    largest under its reward. Within int64 each reward with a unique largest row reports it; past int64 floats
    propose (the first tie's row, then its next rewards) and only what is checked is reported."""
    import numpy as np

    from symorbit.outcomes.nondominated import _probed_vertices

    rows = tuple(tuple(a * (10**30 if huge else 1) for a in v) for v in vecs)
    rewards = [(1, 0, 0), (0, 1, 0), (0, 0, 1), (-1, 0, 0), (0, -1, 0), (1, 1, 0), (-1, -1, 0)]
    found = _probed_vertices(rows, np.array(rewards, dtype=np.int64).T)
    unique = {}
    for r in rewards:
        scores = [sum(a * b for a, b in zip(r, v)) for v in rows]
        if scores.count(max(scores)) == 1:
            unique.setdefault(scores.index(max(scores)), r)
    assert set(found) <= set(unique) and (huge or set(found) == set(unique))
    for i, r in found.items():
        top = sum(a * b for a, b in zip(r, rows[i]))
        assert all(sum(a * b for a, b in zip(r, v)) < top for t, v in enumerate(rows) if t != i)


@settings(max_examples=120, deadline=None)
@given(vector_sets(3, min_size=1, max_size=7, min_value=-3, max_value=3), vector_sets(3, min_size=2, max_size=2,
       min_value=-3, max_value=3), st.sampled_from([1, 2, 6]))
@example([(1, 0, 0)], [(1, 0, 0), (1, 1, 1)], 1)      # two artificial columns stay basic; (1, 1, 1) needs them
def test_a_final_basis_gives_exact_weights_for_another_right_hand_side(cols, targets, den):
    """The basis a feasible LP ends with gives its own right-hand side's weights back, and for another right-hand
    side either nothing or weights ≥ 0 that reproduce it exactly (columns over a denominator, right-hand sides of
    either sign, artificial columns left in the basis)."""
    from symorbit.outcomes.nondominated import _basis_weights, _phase_one

    cols = [tuple(Fraction(c, den) for c in v) for v in cols]
    b, other = (tuple(Fraction(c, den) for c in t) for t in targets)
    out: list = []
    feasible, sol = _phase_one(cols, b, basis_out=out)
    if not feasible:
        assert out == []
        return
    for rhs in (b, other):
        weights = _basis_weights(out[0], rhs, 10**9)      # no column is the vector's own
        if rhs is b:
            assert weights is not None
        if weights is not None:
            assert all(w > 0 for _, w in weights)
            assert all(sum((w * cols[j][k] for j, w in weights), Fraction(0)) == rhs[k] for k in range(3))
    for j in out[0][0]:      # a basis holding the vector's own column is never used for it
        if j is not None:
            assert _basis_weights(out[0], b, j) is None
