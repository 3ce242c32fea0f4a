"""The kernel's charges, pinned (issue 23): every certificate costs an exact number of work units.

The budget decides between an answer and a refusal, so the unit model is behaviour, not detail: a
certificate that needs exactly the budget is answered and one unit less refuses it. These totals were
measured on the issue-23 kernel (units track CPU time, tests/test_kernel_hostile.py calibrates them);
a deliberate change of the unit model updates them here. Each certificate is also checked at its
exact edge, where a changed charge turns the answer into a refusal or back.
"""

from __future__ import annotations

import copy
import json
import pathlib
from fractions import Fraction

import pytest
from test_kernel import CORPUS  # tests/ is on sys.path
from test_kernel_bounds import pinned_bounds_certs
from test_kernel_hostile import VALID, e, entry, env_cert, rule_cert

from symorbit.kernel import FORMAT, PARAMETRIC_FORMAT, Malformed, verify
from symorbit.kernel.check import Budget, _series_cost, _short, _size, count_reward

DATA = pathlib.Path(__file__).parent / "data"


def blocks_cert() -> dict:
    """IsOptimal relative to C counted by blocks (the classes' charge includes C's dot products)."""
    d = 5
    return {"format": FORMAT, "statement": "orbit_counts", "verdict": "counted", "family": "list",
            "A": [e(d, 0)], "B": [e(d, 1), e(d, 2)], "C": [e(d, j) for j in range(d)],
            "rewards": [{**entry([0, 1, 1, 2, 2], 15, 6, 9, 30), "blocks": [[0], [1, 2], [3, 4]]}]}


def rule_blocks_cert() -> dict:
    """best_of_k:2 counted by blocks (the classes' charge includes the rule's draws)."""
    cert = rule_cert("best_of_k:2")
    cert["rewards"][0]["blocks"] = [[0], [1], [2, 3]]
    return cert


def long_env_cert(kind: str) -> dict:
    """An environment whose lassos (60 states) or linear systems (30 states) are long enough, at a discount of
    70 bits, or 1000 states at the average (size 1), for the size terms of the charges (n * size // 2000) to
    count; A and B are not its outcome sets (refuted), which the kernel finds only after deriving them, charged."""
    n = {"deterministic": 60, "stochastic": 30, "average": 1000}[kind]
    if kind != "stochastic":
        mdp = {"deterministic": {f"s{i}": [f"s{(i + 1) % n}"] + (["s2"] if i == 0 else []) for i in range(n)}}
    else:
        mdp = {"stochastic": {f"s{i}": {"s1": {f"s{(i + 1) % n}": "1/3", f"s{(i + 2) % n}": "2/3"},
                                        **({"s2": {f"s{(i + 3) % n}": "1"}} if i == 0 else {})} for i in range(n)}}
    cert = env_cert(mdp, "average" if kind == "average" else "12345678901/98765432109")
    cert["rewards"] = [entry([0] * (n - 2) + [1, 2] if n < 1000 else [0] * (n - 1) + [1], 0, 0, 0, 0)]
    return cert


def edge_env_cert(kind: str) -> dict:
    """n * size exactly at the size terms' divisor (2000 for lassos, 400 for eliminations): a 10-state lasso at a
    200-bit discount (99 + 101 bits), a 20-state chain at a 20-bit one (9 + 11), and a 20-state chain at the
    average whose probability 767/768 has 20 bits (the size of a probability: both its parts)."""
    n = 10 if kind == "deterministic" else 20
    if kind == "deterministic":
        mdp = {"deterministic": {f"s{i}": [f"s{(i + 1) % n}"] + (["s2"] if i == 0 else []) for i in range(n)}}
        discount = f"{2 ** 98 + 1}/{2 ** 100}"
    else:
        p, q = ("1/3", "2/3") if kind == "stochastic" else ("1/768", "767/768")
        mdp = {"stochastic": {f"s{i}": {"s1": {f"s{(i + 1) % n}": p, f"s{(i + 2) % n}": q},
                                        **({"s2": {f"s{(i + 3) % n}": "1"}} if i == 0 else {})} for i in range(n)}}
        discount = f"{2 ** 8 + 1}/{2 ** 10}" if kind == "stochastic" else "average"
    cert = env_cert(mdp, discount)
    cert["rewards"] = [entry([0] * (n - 2) + [1, 2], 0, 0, 0, 0)]
    return cert


def _big(i: int) -> Fraction:
    """A 99-digit numerator over a distinct 99-digit denominator."""
    return Fraction(10**98 + 7 * i + 1, 10**98 + 13 * i + 3)


def _text(v: list[Fraction]) -> list[str]:
    return [f"{a.numerator}/{a.denominator}" for a in v]


def big_numbers_cert() -> dict:
    """d = 40 vectors and a reward of 99-digit p/q entries, each with its own denominator: the dot products' size
    terms (z // 500 and z^2 // 4e8, z about 27,000 bits) count. The counts are the engine's (orbit of 40)."""
    from symorbit import orbit_counts

    d = 40
    x, y = [_big(i) for i in range(d)], [_big(i + d) for i in range(d)]
    r = [_big(500)] * (d - 1) + [_big(501)]
    c = orbit_counts([x], [y], r)
    return {"format": FORMAT, "statement": "orbit_counts", "verdict": "counted", "family": "list",
            "A": [_text(x)], "B": [_text(y)], "rewards": [entry(_text(r), c.b_better, c.a_better, c.ties, c.orbit_size)]}


def big_coefficients_cert() -> dict:
    """An all-sizes claim times 2^600 + 1: every polynomial term's charge has its size part ((bits)^2 >> 18)."""
    k = 2**600 + 1
    return {"format": PARAMETRIC_FORMAT, "statement": "demo", "source": "demo", "verdict": "holds",
            "variables": {"m": 1, "s": 0}, "definitions": [["n", ["+", "m", "s"]]],
            "claims": [{"label": "t = 2",
                        "expression": ["*", str(k), ["-", ["*", "m", ["C", "n", 2]], ["*", "n", ["C", "m", 2]]]],
                        "certificate": [[str(k * c), m] for c, m in [(1, [0, 1]), (2, [1, 1]), (1, [2, 1]),
                                                                      (1, [0, 2]), (1, [1, 2])]]}]}


def chamber_root_cert(a: int, d: int = 6) -> dict:
    """a·e_0 against a·e_1 over every reward, the root cone a leaf: a = 10^199 makes every product of the replay's
    values a 661-bit one, charged by the size weight of ``_Chamber.dots`` (pinned below)."""
    from test_kernel_hostile import ALL

    x, y = [a * v for v in e(d, 0)], [a * v for v in e(d, 1)]
    return {**copy.deepcopy(ALL), "A": [x], "B": [y], "rewards": [], "chamber": [[0]],
            "involutions": [[1, 0] + list(range(2, d))], "nd_A": [{"vector": x, "witness": e(d, 0)}],
            "nd_B": [{"vector": y, "witness": e(d, 1)}]}


def combination_edge_cert() -> dict:
    """A dominated vector of A given by a convex combination with weights 1/q and (q - 1)/q, q = 2^108 + 3: the
    combination's charge (its weights against the vectors' entries and a row of ones) has z = 499 bits there, one
    below a step of ``_dot_units``."""
    from test_kernel_hostile import RAW

    q = 2 ** 108 + 3
    x = [f"1/{q}", f"{q - 1}/{q}", 0]
    return {**copy.deepcopy(RAW), "A": [e(3, 0), e(3, 1), x],
            "nd_A": [{"vector": e(3, 0), "witness": [1, 0, 0]}, {"vector": e(3, 1), "witness": [0, 1, 0]},
                     {"vector": x, "combination": [[e(3, 0), f"1/{q}"], [e(3, 1), f"{q - 1}/{q}"]]}]}


CERTS = {**{f"corpus:{k}": v for k, v in CORPUS.items()}, **{f"hostile:{k}": v for k, v in VALID.items()},
         **{f"rule:{r}": rule_cert(r) for r in ("best_of_k:1", "best_of_k:2", "boltzmann:1")},
         "env:deterministic": long_env_cert("deterministic"), "env:stochastic": long_env_cert("stochastic"),
         "env:average": long_env_cert("average"),
         **{f"env:edge-{k}": edge_env_cert(k) for k in ("deterministic", "stochastic", "average")},
         "blocks": blocks_cert(), "blocks:best_of_k:2": rule_blocks_cert(),
         "chamber": json.loads((DATA / "chamber_inside_budget.json").read_text()),
         "big-numbers": big_numbers_cert(), "big-coefficients": big_coefficients_cert(),
         "chamber:small-numbers": chamber_root_cert(1), "chamber:big-numbers": chamber_root_cert(10**199),
         "nd:combination-edge": combination_edge_cert(), **pinned_bounds_certs()}
UNITS = {
    "corpus:raw": 322, "corpus:relative": 658, "corpus:strict": 220, "corpus:rule": 1449, "corpus:fractional": 2059,
    "corpus:power": 8848, "corpus:counterexample": 127, "corpus:stochastic-1/2": 634,
    "corpus:stochastic-average": 616, "hostile:raw": 136, "hostile:counts": 99, "hostile:all": 506,
    "hostile:env": 920, "rule:best_of_k:1": 2672, "rule:best_of_k:2": 7664, "rule:boltzmann:1": 4208, "blocks": 825, "blocks:best_of_k:2": 5488, "chamber": 2804153,
    "env:deterministic": 35229, "env:stochastic": 339978, "env:average": 113018,
    "big-numbers": 180640, "big-coefficients": 2185, "chamber:small-numbers": 105382, "chamber:big-numbers": 194665, "env:edge-deterministic": 992, "env:edge-stochastic": 35889, "env:edge-average": 35889,
    "nd:combination-edge": 328, "bounds:raw": 2192, "bounds:relative": 31328,
}


def used(cert: dict) -> tuple[str, int]:
    budget = Budget(10 ** 12)
    return verify(copy.deepcopy(cert), budget).status, 10 ** 12 - budget.left


@pytest.mark.parametrize("name", sorted(CERTS))
def test_each_certificate_costs_its_pinned_units_and_is_refused_one_unit_short(name):
    status, units = used(CERTS[name])
    assert units == UNITS[name], (name, units)
    if units < 10 ** 6:      # the exact edge (the chamber's replay is timed in test_kernel_hostile instead)
        assert verify(copy.deepcopy(CERTS[name]), Budget(units)).status == status
        with pytest.raises(Malformed, match=f"more than {units - 1} units"):
            verify(copy.deepcopy(CERTS[name]), Budget(units - 1))


@pytest.mark.parametrize("q, terms, units", [
    (Fraction(0), 20, 80), (Fraction(3, 2), 60, 240), (Fraction(7), 600, 9600),
    (Fraction(2 ** 100 + 1, 3 ** 60), 600, 621000), (Fraction(2 ** 40 + 1, 2 ** 33 + 1), 200, 7600), (Fraction(-(2 ** 127), 2 ** 127 - 1), 200, 44400),
])
def test_the_boltzmann_series_cost_is_the_fitted_formula(q, terms, units):
    """terms * (4 + z // 1000 + z^2 // 17e6) with z = terms * (bits of p + bits of q + 10)."""
    assert _series_cost(q, terms) == units


# ------------------------------------------------------------------ the messages' numbers (one-line refusals)
@pytest.mark.parametrize("bits", [4000, 4001, 4003, 4047, 4087])
def test_an_orbit_size_of_4000_bits_or_more_is_written_by_its_power_of_ten(bits):
    """The exponent is floor(log10 n), checked against the printed digits (each bit length separates one
    way of getting it wrong: the 4000-bit edge, the bit offset, the two constants of log10 2)."""
    n = 2 ** (bits - 1)
    assert _size(n) == f"about 10^{len(str(n)) - 1}"
    if bits == 4000:
        assert _size(n - 1) == str(n - 1)        # 3999 bits: written in full


def test_a_refused_value_is_shown_short():
    assert _short([1, 2, 3]) == "a list of 3" and _short({"a": 1}) == "a dict of 1"
    assert _short(2 ** 999) == "an integer of 1000 bits" and _short(2 ** 998) == repr(2 ** 998)[:40] + "...(301 characters)"
    assert _short("a" * 58) == repr("a" * 58)                                   # 60 characters: kept
    assert _short("a" * 59) == repr("a" * 59)[:40] + "...(61 characters)"     # 61: cut


@pytest.mark.parametrize("char", [",", "[", "{"])
def test_each_kind_of_json_value_counts_toward_the_value_limit(char):
    from symorbit.kernel.document import MAX_VALUES, loads

    with pytest.raises(Malformed, match=f"^too large: more than {MAX_VALUES} JSON values$"):
        loads(char * (MAX_VALUES + 1))
    with pytest.raises(Malformed, match="^not valid JSON"):      # exactly the limit: parsed (and malformed)
        loads(char * MAX_VALUES)


def test_a_folder_is_refused_by_name(tmp_path):
    from symorbit.kernel.document import load_file

    with pytest.raises(Malformed, match=r"^cannot read \(Is a directory\)$"):
        load_file(str(tmp_path))


def test_a_huge_file_is_read_only_up_to_the_byte_limit(tmp_path):
    """A sparse 3 GB file: refused after reading MAX_BYTES + 1 bytes, within 1 GB more address space."""
    import resource

    from symorbit.kernel.document import load_file

    path = tmp_path / "sparse.json"
    with open(path, "wb") as fh:
        fh.truncate(3 * 10 ** 9)
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    with open("/proc/self/statm") as fh:
        size = int(fh.read().split()[0]) * resource.getpagesize()
    resource.setrlimit(resource.RLIMIT_AS, (size + 10 ** 9, hard))
    try:
        with pytest.raises(Malformed, match="^too large: over 20000000 bytes$"):
            load_file(str(path))
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


@pytest.mark.parametrize("bx, bg, weight", [(1, 1, 1), (510, 1, 1), (511, 1, 2), (256, 255, 1), (256, 256, 3),
                                            (1024, 63, 3), (1024, 64, 4), (2000, 2000, 69)])
def test_a_chamber_value_is_charged_by_its_numbers_sizes_at_the_thresholds(bx, bg, weight):
    """x · τg for every τ and x costs d! · (vectors + 2) units times 1 + (bx + bg) // 512 + bx · bg // 65536 (bx, bg:
    the bits of the largest vector entry and of the ray's); fitted to 0.2-0.4 µs a unit from 4 to 2,000 bits."""
    from symorbit.kernel.chambers import _Chamber

    budget = Budget(10 ** 9)
    chamber = _Chamber([[(2 ** bx - 1, 0)], [(0, 1)]], False, 2, budget)
    X, G = 2 ** bx - 1, 2 ** bg - 1
    assert chamber.dots((G, 1)) == [[X * G, 1], [X, G]]       # τ = identity, then the swap
    assert chamber.dot_units((G, 1)) == 2 * 4 * weight


def test_a_lasso_is_charged_its_entries_and_its_cycles_gcds_by_the_bits_of_its_numbers():
    """A 10-state cycle at discount 1/q, q of 499 bits: N = n · (1 + 499) = 5000 bits, where each quadratic term
    is exactly at a threshold: n (1 + N // 2000 + N^2 // 25,000,000) + L (N // 100 + N^2 // 2,500,000) = 40 + 600
    units, against 10 at discount 1/2 (N = 30); the table and the walk cost the same at both discounts."""
    from symorbit.kernel.environment import outcome_sets

    spec = {"deterministic": {f"s{i}": [f"s{(i + 1) % 10}"] for i in range(10)}}
    spent = []
    for g in (f"1/{2 ** 498 + 1}", "1/2"):
        budget = Budget(10 ** 9)
        outcome_sets(spec, "s0", g, budget)
        spent.append(10 ** 9 - budget.left)
    assert spent[0] - spent[1] == 640 - 10


@pytest.mark.parametrize("terms, units", [(15, 1), (16, 2), (32, 3)])
def test_a_polynomial_sum_charges_its_copy_one_unit_per_16_terms(terms, units):
    from symorbit.kernel.polynomials import _Ring

    budget = Budget(10 ** 6)
    ring = _Ring(["m"], budget)
    p = {(k,): Fraction(1) for k in range(terms)}
    assert ring.add(p, {}) == p
    assert 10 ** 6 - budget.left == units


@pytest.mark.parametrize("bits, units", [(255, 17), (256, 18), (300, 18), (363, 19)])
def test_a_polynomial_product_charges_each_term_by_the_sum_of_its_coefficients_bits(bits, units):
    """One term times one term: TERM_UNITS + (b_p + b_q)^2 >> 18, plus one: (2 · 256)^2 = 2^18 is the first extra unit."""
    from symorbit.kernel.polynomials import _Ring

    budget = Budget(10 ** 6)
    ring = _Ring(["m"], budget)
    c = Fraction(2 ** bits - 1)
    assert ring.mul({(1,): c}, {(0,): c}) == {(1,): c * c}
    assert 10 ** 6 - budget.left == units


def test_family_all_takes_a_common_denominator_of_256_bits_and_refuses_257():
    from symorbit.kernel.chambers import _integers

    assert _integers([[(Fraction(1, 2 ** 255), Fraction(0))]]) == [[(1, 0)]]
    with pytest.raises(Malformed) as err:
        _integers([[(Fraction(1, 2 ** 256), Fraction(0))]])
    assert str(err.value) == "too large: family 'all' needs the vectors' common denominator below 2^256"


@pytest.mark.parametrize("acts", [5, None, "s1"])
def test_a_state_whose_actions_are_no_list_is_malformed(acts):
    """Charged by its actions only when they are a list or an object: len() of anything else is never taken."""
    cert = env_cert({"deterministic": {"s0": ["s1"], "s1": acts, "s2": []}})
    with pytest.raises(Malformed):
        verify(cert)


def test_a_boltzmann_comparison_through_all_four_rounds_costs_its_pinned_units():
    """e^212 vs e^(212 + 85263/2^27) is separated only in the 600-term round: every round's terms are charged."""
    from test_kernel_hostile import EDGE, SEPARATED

    A, B, r = [(Fraction(1), Fraction(0))], [(Fraction(0), Fraction(1))], (EDGE, EDGE + SEPARATED)
    budget = Budget(10 ** 9)
    assert count_reward(A, B, None, r, None, "boltzmann:1", [], budget) == (1, 1, 0, 2)
    assert 10 ** 9 - budget.left == 234050
    with pytest.raises(Malformed, match="more than 234049 units"):
        count_reward(A, B, None, r, None, "boltzmann:1", [], Budget(234049))


def test_a_boltzmann_exponent_of_128_bits_is_read_and_129_refused():
    from symorbit.kernel.check import ACTIVE, _boltzmann_sign

    token = ACTIVE.set(Budget(10 ** 8))
    try:
        assert _boltzmann_sign([Fraction(0)], [Fraction(2 ** 127 + 1, 2 ** 127)]) == 1
        with pytest.raises(Malformed) as err:
            _boltzmann_sign([Fraction(0)], [Fraction(2 ** 128 + 1, 2 ** 128)])
    finally:
        ACTIVE.reset(token)
    assert str(err.value) == "too large: a Boltzmann exponent with more than 128 bits in its numerator or denominator"


def z_inside_b_extra_cert() -> dict:
    """PR Lemma D.5 with Z = ND(C) inside B_extra: "Z minus B_extra" is empty (nothing to fix, nothing charged)."""
    return {"format": FORMAT, "statement": "scaling_law_relative", "verdict": "holds", "family": "list",
            "A": [[1, 0]], "B": [[0, 0], [0, 1], [0, 3], [3, 0]], "C": [[0, 0], [0, 1], [0, 3], [1, 0], [3, 0]],
            "rewards": [{"reward": [1, 2], "b_better": 2, "a_better": 0, "ties": 0, "orbit_size": 2}],
            "involutions": [[1, 0]], "nd_A": [{"vector": [1, 0], "witness": [0, 0]}], "Z": [[0, 0], [0, 3], [3, 0]],
            "nd_C": [{"vector": [0, 0], "witness": [-1, -1]},
                     {"vector": [0, 1], "combination": [[[0, 3], "1/3"], [[0, 0], "2/3"]]},
                     {"vector": [0, 3], "witness": [0, 1]},
                     {"vector": [1, 0], "combination": [[[3, 0], "1/3"], [[0, 0], "2/3"]]},
                     {"vector": [3, 0], "witness": [1, 0]}]}


def test_an_empty_z_minus_b_extra_is_fixed_for_free():
    cert = z_inside_b_extra_cert()
    assert used(cert) == ("verified", 339)
    assert verify(copy.deepcopy(cert), Budget(339)).hypotheses[1] == \
        "ND(C) <= Z <= C and every phi_i fixes Z minus B_extra"
    with pytest.raises(Malformed, match="more than 338 units"):
        verify(copy.deepcopy(cert), Budget(338))
    # with the covered (0, 1) in Z, the swap must fix it, and does not: (0, 1) -> (1, 0)
    cert["Z"].append([0, 1])
    assert verify(cert).problems == ["involutions[0] does not fix Z minus B_extra"]


@pytest.mark.parametrize("x, top, den, units", [
    # z = top + den[0] + (denominator bits - 1) + numerator bits; units = 1 + len(x) // 32 + nz * (1 + z // 500 + z^2 // 4e8)
    ((Fraction(1),), 499, [0], 3),                     # z = 500: the first step of z // 500
    ((Fraction(1),), 498, [0], 2),                     # z = 499
    ((Fraction(1, 2),), 497, [0], 2),                  # z = 497 + 0 + 1 + 1 = 499
    ((Fraction(1, 2),), 498, [0], 3),                  # z = 500
    ((Fraction(3),), 497, [1], 3),                     # z = 497 + 1 + 0 + 2 = 500
    ((Fraction(3),), 496, [1, 7], 2),                  # z = 499: only den[:1] counts for one non-zero
    ((Fraction(0), Fraction(1)), 498, [0, 9], 2),      # a zero is skipped: nz = 1, z = 499
    ((Fraction(1),) * 2, 498, [1, 0], 5),              # z = 498 + 1 + 0 + 1 = 500: 1 + 2 * (1 + 1)
    ((Fraction(1),) * 2, 497, [1, 0], 3),              # z = 499
    ((Fraction(1),), 19_998, [0], 1 + 1 + 39 + 0),     # z = 19,999: z^2 // 4e8 = 0
    ((Fraction(1),), 19_999, [0], 1 + 1 + 40 + 1),     # z = 20,000: z^2 // 4e8 = 1
    ((Fraction(0),) * 64, 10**6, [0], 3),              # no product: 1 + 64 // 32
])
def test_a_dot_products_units_step_exactly_at_its_size_thresholds(x, top, den, units):
    """The size terms of the dot products' charge, at the exact bit counts where they step (z = 500 and z = 20,000)."""
    from symorbit.kernel.check import _dot_units

    assert _dot_units(x, top, den) == units


def test_best_of_k_is_charged_its_draws_up_to_k_64():
    """4 · |C|^k · (k + 2) units for the draws, for every k the rule accepts (1..64); nothing past it."""
    from symorbit.kernel.check import _cost

    A, B, C, r = [(Fraction(1), Fraction(0))], [(Fraction(0), Fraction(1))], [(Fraction(1), Fraction(0))], (Fraction(1), Fraction(2))
    base = _cost(A, B, C, "best_of_k:65", r)
    assert [_cost(A, B, C, f"best_of_k:{k}", r) - base for k in (1, 63, 64)] == [12, 260, 264]


def test_a_sparse_vector_is_charged_with_the_largest_denominators_of_r():
    """x · r's running sum can carry r's largest denominators whichever coordinates x uses, so a vector with k
    non-zero entries is charged the k largest (here 2^1000's 1000 bits, not 2's or 3's one bit): with
    top = 64 + 1002 bits, z = 1066 + 1000 + 1 = 2067 for e_0, 1 + (1 + 2067 // 500) = 6 units; 2068 for
    e_0 + e_1, 1 + 2 (1 + 4) = 11."""
    from symorbit.kernel.check import _dots

    r = (Fraction(1, 2), Fraction(1, 3), Fraction(1, 2 ** 1000))
    one, zero = Fraction(1), Fraction(0)
    assert (_dots([(one, zero, zero)], r), _dots([(one, one, zero)], r)) == (6, 11)
