"""The kernel's limits at their exact edges, its block checks, and its chamber leaf criterion.

Pinned by the full mutation run (docs/mutation.md): each test fixes a boundary or a rule the
kernel documents, so that moving it by one (an orbit of exactly the enumeration limit, best_of_k
with exactly the work limit's draws, the block enumeration's charge) changes a test's answer.
The limits are lowered with ``monkeypatch`` so that the edge is reached in milliseconds.
"""

from __future__ import annotations

import math
from fractions import Fraction as F

import pytest

from symorbit.kernel import check
from symorbit.kernel.chambers import _Chamber
from symorbit.kernel.check import Budget, Malformed, _rule_value, count_reward


def vec(*xs: int) -> tuple[F, ...]:
    return tuple(F(x) for x in xs)


A1, B1 = [vec(1, 0, 0)], [vec(0, 1, 0), vec(0, 0, 1)]     # the candy comparison of docs/theory.md#most


def test_an_orbit_of_exactly_the_enumeration_limit_is_enumerated(monkeypatch):
    monkeypatch.setattr(check, "KERNEL_ENUMERATION_LIMIT", 6)
    assert count_reward(A1, B1, None, vec(1, 2, 3), None, None, [], Budget()) == (4, 2, 0, 6)
    monkeypatch.setattr(check, "KERNEL_ENUMERATION_LIMIT", 5)
    with pytest.raises(Malformed, match="too large: an orbit of 6 elements is beyond the kernel's "
                                        "enumeration limit 5 and no blocks are given"):
        count_reward(A1, B1, None, vec(1, 2, 3), None, None, [], Budget())


def test_best_of_k_with_exactly_the_work_limit_of_draws_is_counted(monkeypatch):
    C = [vec(1, 0), vec(0, 1)]
    monkeypatch.setattr(check, "KERNEL_WORK_LIMIT", 8)             # 2 options drawn 3 times: 8 draws
    assert _rule_value("best_of_k:3", [vec(0, 1)], C, vec(0, 1)) == 1 - F(1, 2) ** 3
    monkeypatch.setattr(check, "KERNEL_WORK_LIMIT", 7)
    with pytest.raises(Malformed, match="too large: best_of_k:3 has 8 draws, over the kernel's limit 7"):
        _rule_value("best_of_k:3", [vec(0, 1)], C, vec(0, 1))


def test_best_of_k_divides_by_the_number_of_draws():
    # 3 options drawn twice: 9 draws; the best option (value 2) is drawn in 5 of them
    C = [vec(1, 0, 0), vec(0, 1, 0), vec(0, 0, 1)]
    assert _rule_value("best_of_k:2", [vec(0, 0, 1)], C, vec(0, 1, 2)) == F(5, 9)


# Blocks {0}, {1, 2}, {3, 4, 5}; A and B are fixed by every swap inside a block.
BLOCKS = [[0], [1, 2], [3, 4, 5]]
A6, B6 = [vec(1, 0, 0, 0, 0, 0)], [vec(0, 1, 1, 0, 0, 0)]
R6 = vec(1, 1, 2, 2, 3, 3)


def test_the_block_enumeration_charges_its_bound_on_the_classes():
    """Every block but the largest takes a multiset of the 3 values: C(3, 1) * C(4, 2) = 18 classes at most."""
    bound = math.comb(3, 1) * math.comb(4, 2)
    assert bound == 18
    # each class costs one comparison (per vector 1 + d // 16 + its non-zeros: 2 for A6, 3 for B6; see _cost)
    # plus d = 6 coordinates and 3 values x 3 blocks; the swap check first costs d * (|A| + |B|) * (d + 1) = 84
    per_class = (1 + 6 // 16 + 1) + (1 + 6 // 16 + 2) + 6 + 3 * 3
    bound = bound * per_class + 6 * 2 * 7
    budget = Budget(bound)
    counts = count_reward(A6, B6, None, R6, BLOCKS, None, [], budget)
    assert budget.left == 0
    # the counts agree with enumerating all 90 orbit elements
    assert counts == count_reward(A6, B6, None, R6, None, None, [], Budget())
    with pytest.raises(Malformed, match="too large"):
        count_reward(A6, B6, None, R6, BLOCKS, None, [], Budget(bound - 1))


def test_a_coordinate_that_is_not_an_integer_is_no_block():
    with pytest.raises(Malformed, match="blocks: must partition"):
        count_reward(A6, B6, None, R6, [[0.0], [1, 2], [3, 4, 5]], None, [], Budget())


def test_blocks_must_also_fix_the_options_C():
    # swapping coordinates 1 and 2 fixes A6 and B6 but not C, which holds e_1 and not e_2
    C = A6 + B6 + [vec(0, 1, 0, 0, 0, 0)]
    problems: list[str] = []
    assert count_reward(A6, B6, C, R6, BLOCKS, None, problems, Budget()) is None
    assert problems == ["blocks: swapping coordinates 1 and 2 changes an outcome set"]


def test_a_chamber_leaf_is_judged_by_the_documented_liveness_rule():
    """Raw comparison (B vs A): a vector of B is live unless a vector of B beats it on the whole leaf.

    Here B's (-1, -1) is beaten on the whole cone by A's (0, 0) under the swap, and changes sign
    against A's (2, -2) there. A rule that also let A's vectors kill B's would accept this leaf
    (soundly: a vector below max A never decides max B vs max A); the kernel checks the narrower
    rule its docstring states, and rejects it.
    """
    A, B = [(2, -2), (0, 0)], [(-1, -1), (1, -1)]
    cone = [((2, -1), 0b01), ((2, 2), 0b10)]
    problems: list[str] = []
    assert not _Chamber([A, B], False, 2, Budget()).settled(cone, "leaf", problems)
    assert problems == ["chamber: leaf is a leaf but x2 - x0 changes sign on it under permutation (1, 0)"]


@pytest.mark.parametrize("digits", [1, 3, 2000])
def test_an_integer_field_with_its_own_digit_limit_takes_exactly_that_many_digits(digits):
    """A field read with a smaller digit limit (an all-sizes certificate's coefficients: 2,000) takes integers of up
    to that many digits, of either sign, and refuses 10^digits by name."""
    top = 10 ** digits - 1
    assert (check._num(top, "w", digits), check._num(-top, "w", digits)) == (top, -top)
    for x in (10 ** digits, -10 ** digits, 11 ** digits - 1):
        with pytest.raises(Malformed) as err:
            check._num(x, "w", digits)
        assert str(err.value) == f"w: an integer of more than {digits} digits"
