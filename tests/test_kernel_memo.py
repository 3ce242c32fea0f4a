"""The kernel's memos (``symorbit.kernel.check.remembered``): orbit counts, ND certificates and chamber replays are
remembered by their exact input, since a search checks the same sets many times. A memo only saves time: a repeat
must charge the same units, report the same problems and refuse over the same budgets as the first check, and no
repr is made of input the kernel has not yet read and charged for (a huge or shared structure). Every test starts
with the memos empty (conftest.py)."""

from __future__ import annotations

import copy
import time
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from symorbit.kernel import Malformed, check
from symorbit.kernel import certificate as kc
from symorbit.kernel.check import ACTIVE, Budget, _plain, count_reward, remembered

F = Fraction


def vec(*xs: int) -> tuple[F, ...]:
    return tuple(F(x) for x in xs)


A1, B1 = [vec(1, 0, 0)], [vec(0, 1, 0), vec(0, 0, 1)]     # the candy comparison of docs/theory.md#most


def _charged(fn, limit=check.KERNEL_WORK_LIMIT):
    """fn(budget, problems) with a fresh budget as the active one: (result, units charged, problems)."""
    budget, problems = Budget(limit), []
    token = ACTIVE.set(budget)
    try:
        result = fn(budget, problems)
    finally:
        ACTIVE.reset(token)
    return result, budget.limit - budget.left, problems


@pytest.mark.parametrize("blocks", [None, [[0], [1, 2]], [[0, 1], [2]]])
def test_a_repeated_count_charges_and_reports_as_the_first(blocks):
    """The candy comparison at r = (1, 2, 3): enumerated, by proven blocks, and with blocks that are not symmetries
    of the sets (refuted: None and the problem). The repeat comes from the memo, with the same units."""
    B = [vec(0, 1, 1)] if blocks == [[0], [1, 2]] else B1
    first = _charged(lambda b, p: count_reward(A1, B, None, vec(1, 2, 3), blocks, None, p, b))
    assert len(check._COUNTS) == 1
    assert first[1] > 0
    assert _charged(lambda b, p: count_reward(A1, B, None, vec(1, 2, 3), blocks, None, p, b)) == first
    if blocks == [[0, 1], [2]]:
        assert first[0] is None and first[2] == ["blocks: swapping coordinates 0 and 1 changes an outcome set"]
    else:
        assert first[0] is not None and not first[2]


def test_a_repeated_count_is_refused_over_the_same_budgets():
    """A count that charged u units is refused, from the memo, by a budget of u - 1 with that budget's message,
    and passes with u."""
    _, units, _ = _charged(lambda b, p: count_reward(A1, B1, None, vec(1, 2, 3), None, None, p, b))
    with pytest.raises(Malformed, match=f"more than {units - 1} units"):
        _charged(lambda b, p: count_reward(A1, B1, None, vec(1, 2, 3), None, None, p, b), units - 1)
    assert _charged(lambda b, p: count_reward(A1, B1, None, vec(1, 2, 3), None, None, p, b), units)[0] == (4, 2, 0, 6)


def test_a_count_refused_first_is_not_kept():
    """Over its budget the first time, also where earlier checks spent part of it: nothing is remembered, and a
    larger budget then counts it."""
    _, units, _ = _charged(lambda b, p: count_reward(A1, B1, None, vec(1, 2, 3), None, None, p, b))
    check._COUNTS.clear()
    with pytest.raises(Malformed, match="more than 3 units"):
        _charged(lambda b, p: count_reward(A1, B1, None, vec(1, 2, 3), None, None, p, b), 3)

    def spent_first(budget, problems):
        budget.spend(11)                    # what is left is one unit short of the count
        return count_reward(A1, B1, None, vec(1, 2, 3), None, None, problems, budget)

    with pytest.raises(Malformed, match=f"more than {units + 10} units"):
        _charged(spent_first, units + 10)
    assert not check._COUNTS
    assert _charged(lambda b, p: count_reward(A1, B1, None, vec(1, 2, 3), None, None, p, b))[0] == (4, 2, 0, 6)


def test_a_repeated_nondomination_certificate_charges_and_reports_as_the_first():
    """ND(X) of three vectors, one dominated by a convex combination and one entry with a wrong witness."""
    X = [vec(2, 0), vec(0, 2), vec(1, 1)]
    raw = [{"vector": [2, 0], "witness": [1, 0]}, {"vector": [0, 2], "witness": [1, 0]},
           {"vector": [1, 1], "combination": [[[2, 0], "1/2"], [[0, 2], "1/2"]]}]
    first = _charged(lambda b, p: kc._nondominated(raw, X, "nd_A", p))
    assert first[0] == [vec(2, 0), vec(0, 2)] and first[2] == [
        "nd_A[1]: the witness reward does not make the vector strictly best"] and first[1] > 0
    assert len(kc._ND) == 1
    again = _charged(lambda b, p: kc._nondominated(raw, X, "nd_A", p))
    assert again == first and again[0] is not first[0]         # a copy: the memo's list is never handed out
    other = _charged(lambda b, p: kc._nondominated(raw, X, "nd_B", p))
    assert other[2] == ["nd_B[1]: the witness reward does not make the vector strictly best"]


def test_the_limits_the_count_reads_are_part_of_its_key(monkeypatch):
    """The enumeration limit decides whether an orbit is counted at all: a count under another limit is not a
    repeat."""
    assert count_reward(A1, B1, None, vec(1, 2, 3), None, None, [], Budget()) == (4, 2, 0, 6)
    monkeypatch.setattr(check, "KERNEL_ENUMERATION_LIMIT", 5)
    with pytest.raises(Malformed, match="beyond the kernel's enumeration limit 5"):
        count_reward(A1, B1, None, vec(1, 2, 3), None, None, [], Budget())


def _shared(depth):
    x: list = [0]
    for _ in range(depth):
        x = [x, x]
    return x


@pytest.mark.parametrize("raw, plain", [
    ([[0, 1], [2]], True), ({"vector": ["1/2", 3], "witness": [1, None, True]}, True), (None, True),
    ([10**600], True), ([10**700], False), ([10**600] * 60, True), ([10**600] * 61, False), (["7" * 40_001], False), ([1.5], False), ([F(1, 2)], False),
    ([0] * 20_000, True), ([0] * 20_001, False), ([[0] * 19_998, {"a": 0}], False), ({}, True),
    (["7" * 40_000], True), (["7" * 20_000, "7" * 20_001], False), (["7" * 39_999, 3, 3], True),
    ([2**1999], True), ([2**2000], False), ({10**700: 0}, False), ({"a": [0] * 19_998}, True), (_shared(60), False), ([object()], False),
])
def test_only_plain_data_is_keyed(raw, plain):
    """Plain data of at most 20,000 items (a dict's keys and values count), integers of at most 2,000 bits (603
    digits; the least limit Python may set on writing one out is 640) and 40,000 characters in all (an integer's
    bits // 3 each); numbers read from a certificate are ints and strings, so a float or a Fraction there is not
    plain. A shared structure of 2^60 leaves is walked only as far as the item limit. The edge cases were found by
    mutation testing (docs/mutation.md)."""
    started = time.process_time()
    assert _plain(raw) is plain
    assert time.process_time() - started < 1.0


def test_input_that_is_not_plain_is_checked_without_a_repr():
    """Blocks nested 2^60 deep and an integer too long to write out (Python refuses str() of it) reach the check,
    which refuses them; nothing is remembered and no ValueError escapes."""
    for blocks in (_shared(60), [[10**5000]]):
        with pytest.raises(Malformed, match="blocks: must partition the coordinates"):
            count_reward(A1, B1, None, vec(1, 2, 3), blocks, None, [], Budget())
    assert not check._COUNTS


def test_a_memo_keeps_at_most_4096_entries_and_keys_of_at_most_20000_characters():
    """White box: keys over 20,000 characters and entries past 4,096 are checked but not kept."""
    calls = []

    def fn(budget, problems):
        calls.append(1)
        return len(calls)

    memo: dict = {}
    assert remembered(memo, "k" * 20_000, Budget(), [], fn) == 1 and len(memo) == 1
    assert remembered(memo, "k" * 20_001, Budget(), [], fn) == 2 and len(memo) == 1
    assert remembered(memo, None, Budget(), [], fn) == 3 and len(memo) == 1
    assert remembered(memo, "k" * 20_000, Budget(), [], fn) == 1        # the kept one, not checked again
    full = {str(k): (0, 0, []) for k in range(4096)}
    assert remembered(full, "new", Budget(), [], fn) == 4 and "new" not in full



def _memos():
    from symorbit.kernel import chambers

    return chambers._REPLAYS, check._COUNTS, kc._ND


def _verified(cert):
    """(status, problems, units) of the kernel's check, or the refusal."""
    budget = Budget()
    try:
        report = kc.verify(copy.deepcopy(cert), budget)
    except Malformed as exc:
        return "malformed", str(exc)
    return report.status, tuple(report.problems), budget.limit - budget.left


def _forgeries(cert, rng):
    """The certificate with one count off by one, two rewards swapped, an ND witness replaced, the verdict flipped,
    and (family "all") the chamber trees cut to their roots."""
    out = []
    if cert["rewards"]:
        f = copy.deepcopy(cert)
        entry = rng.choice(f["rewards"])
        key = rng.choice(["b_better", "a_better", "ties", "orbit_size"])
        entry[key] += rng.choice([-1, 1])
        out.append(f)
    if len(cert["rewards"]) > 1:
        f = copy.deepcopy(cert)
        i, j = rng.sample(range(len(f["rewards"])), 2)
        f["rewards"][i]["reward"], f["rewards"][j]["reward"] = f["rewards"][j]["reward"], f["rewards"][i]["reward"]
        out.append(f)
    for key in sorted(k for k in cert if k.startswith("nd_") and cert[k]):
        f = copy.deepcopy(cert)
        entry = rng.choice(f[key])
        if "witness" in entry:
            entry["witness"] = [str(rng.randint(-3, 3)) for _ in entry["witness"]]
        else:
            entry["combination"] = entry["combination"][:1]
        out.append(f)
    out.append({**copy.deepcopy(cert), "verdict": {"holds": "fails", "fails": "holds"}.get(cert["verdict"], "holds")})
    if "chamber" in cert:
        out.append({**copy.deepcopy(cert), "chamber": [[0] for _ in cert["chamber"]]})
    return out


@settings(max_examples=25, deadline=None)
@given(st.integers(3, 4).flatmap(lambda d: st.tuples(
    st.lists(st.tuples(*[st.integers(0, 3)] * d), min_size=1, max_size=2, unique=True),
    st.lists(st.tuples(st.integers(0, d - 1), st.integers(0, d - 1)), min_size=1, max_size=3),
    st.booleans(), st.booleans(), st.sampled_from(["scaling_law_raw", "fractional_conjecture+n_at_least_m+fix_C"]),
    st.integers(0, 2**32))))
def test_honest_and_forged_certificates_get_the_same_answer_from_the_memos(case):
    """Certificates the engine writes for instances where B holds copies of A (every reward, or three listed), each
    forged five ways, checked in a shuffled order with the memos shared by all of them, as in a search, and again
    with the memos emptied: the same status, problems and units every time. This guards against a memo answering
    from another input (a key that leaves out the reward, or an ND certificate's entries: both fail it); that the
    units and problems are there at all, the tests above pin."""
    import random

    from symorbit.proofs.all_rewards import check_all_rewards
    from symorbit.proofs.statements import Instance
    from symorbit.proofs.verdicts import check_statement
    from symorbit.theorems import resolve

    A, swaps, relative, every, name, seed = case
    d, rng = len(A[0]), random.Random(seed)
    B = sorted({tuple(a[j] if k == i else a[i] if k == j else x for k, x in enumerate(a)) for i, j in swaps for a in A})
    instance = Instance(A=A, B=B, C=sorted(set(A) | set(B))) if relative else Instance(A=A, B=B)
    statement = resolve(name)
    verdict = check_all_rewards(statement, instance) if every else \
        check_statement(statement, instance, [tuple(rng.randint(0, 3) for _ in range(d)) for _ in range(3)])
    if verdict.certificate is None:
        return
    certs = [verdict.certificate] + _forgeries(verdict.certificate, rng)
    rng.shuffle(certs)
    for cert in certs:
        warm = _verified(cert)
        saved = [dict(memo) for memo in _memos()]
        for memo in _memos():
            memo.clear()
        cold = _verified(cert)
        for memo, kept in zip(_memos(), saved):
            memo.clear()
            memo.update(kept)
        assert warm == cold == _verified(cert)
