"""The kernel's environment and document readers, pinned by mutation testing (docs/mutation.md).

``symorbit.kernel.environment`` re-derives F(s) / RSD(s) from an environment file and
``symorbit.kernel.document`` reads a certificate's JSON. Each test pins what a user of
``symorbit verify`` relies on: the exact one-line message of every malformed environment or
file, the bounds (discount in (0, 1), file size, the work limit), and hand-computed outcome
sets of small stochastic and deterministic environments.
"""

from __future__ import annotations

import os
import signal
import sys
from fractions import Fraction

import pytest
from cpu_clock import SLACK, cpu_seconds

from symorbit.kernel import Malformed, document, load_file, loads
from symorbit.kernel.check import KERNEL_WORK_LIMIT, Budget
from symorbit.kernel.environment import _solve, outcome_sets, parse_environment

F = Fraction
TOO_MUCH = f"too large: the certificate needs more than {KERNEL_WORK_LIMIT} units of kernel work"


def sets(spec, state="a", discount="1/2", budget=None):
    return outcome_sets(spec, state, discount, Budget() if budget is None else budget)


def vec(*xs):
    return tuple(F(x) for x in xs)


# ------------------------------------------------------------------ malformed environments
NEEDS_ONE = "environment.mdp: needs exactly one non-empty 'deterministic' or 'stochastic' table"
NOT_FORMAT = "environment.mdp: must be an environment in the file format"
NOT_DIST = "environment.mdp: T(a, go) is not a probability distribution"
STATES = "environment.mdp: states must list every state once"

MALFORMED_ENVIRONMENTS = [
    ([], NOT_FORMAT),
    ("deterministic", NOT_FORMAT),
    ({"deterministic": {"a": []}, "reward": [1]}, "environment.mdp: unknown field 'reward'"),
    ({}, NEEDS_ONE),
    ({"name": "x", "states": ["a"], "deterministic": {"a": []}, "stochastic": {"a": {}}}, NEEDS_ONE),
    ({"deterministic": {"a": []}, "stochastic": {"a": {}}}, NEEDS_ONE),
    ({"deterministic": {}}, NEEDS_ONE),
    ({"deterministic": ["a"]}, NEEDS_ONE),
    ({"stochastic": {}}, NEEDS_ONE),
    ({"deterministic": {"a": "a"}}, "environment.mdp: successors of 'a' must be a list without repeats"),
    ({"deterministic": {"a": ["a", "a"]}}, "environment.mdp: successors of 'a' must be a list without repeats"),
    ({"deterministic": {"a": [5]}}, "a: 5 must be a non-empty string"),
    ({"deterministic": {"a": [""]}}, "a: '' must be a non-empty string"),
    ({"deterministic": {"a": ["b"]}}, "environment.mdp: a transition leads to an unknown state"),
    ({"stochastic": {"a": []}}, "environment.mdp: actions of 'a' must be a table"),
    ({"stochastic": {"a": {"go": 1}}}, "environment.mdp: T(a, go) must be a non-empty table"),
    ({"stochastic": {"a": {"go": {}}}}, "environment.mdp: T(a, go) must be a non-empty table"),
    ({"stochastic": {"a": {"go": {"": 1}}}}, "a: '' must be a non-empty string"),
    ({"stochastic": {"a": {"go": {"a": "x"}}}}, "T(a, go)[a]: 'x' is not an exact number"),
    ({"stochastic": {"a": {"go": {"a": 0.5}}}}, "T(a, go)[a]: 0.5 must be an integer or a 'p/q' string"),
    ({"stochastic": {"a": {"go": {"a": "1/2"}}}}, NOT_DIST),
    ({"stochastic": {"a": {"go": {"a": "3/2", "b": "-1/2"}}, "b": {}}}, NOT_DIST),
    ({"stochastic": {"a": {"go": {"b": 1}}}}, "environment.mdp: a transition leads to an unknown state"),
    ({"deterministic": {"a": []}, "states": "a"}, STATES),
    ({"deterministic": {"a": []}, "states": ["b"]}, STATES),
    ({"deterministic": {"a": []}, "states": ["a", "a"]}, STATES),
    ({"deterministic": {"a": ["b"], "b": []}, "states": ["a"]}, STATES),
]


@pytest.mark.parametrize("spec, message", MALFORMED_ENVIRONMENTS)
def test_malformed_environment_gets_the_exact_message(spec, message):
    with pytest.raises(Malformed) as err:
        parse_environment(spec)
    assert str(err.value) == message
    with pytest.raises(Malformed) as err:        # the same line from outcome_sets (what verify calls)
        sets(spec)
    assert str(err.value) == message


@pytest.mark.parametrize("state, discount, message", [
    ("z", "1/2", "environment.state: 'z' is not a state"),
    ("a", "x", "environment.discount: 'x' is not an exact number"),
    ("a", 0.5, "environment.discount: 0.5 must be an integer or a 'p/q' string"),
    ("a", 0, "environment.discount: must lie in (0, 1) or be 'average'"),
    ("a", "0/7", "environment.discount: must lie in (0, 1) or be 'average'"),
    ("a", 1, "environment.discount: must lie in (0, 1) or be 'average'"),
    ("a", "3/2", "environment.discount: must lie in (0, 1) or be 'average'"),
    ("a", "-1/2", "environment.discount: must lie in (0, 1) or be 'average'"),
    ("a", "Average", "environment.discount: 'Average' is not an exact number"),
])
def test_bad_state_or_discount_gets_the_exact_message(state, discount, message):
    spec = {"deterministic": {"a": ["a"]}}
    with pytest.raises(Malformed) as err:
        sets(spec, state, discount)
    assert str(err.value) == message


def test_discounts_just_inside_the_open_interval_are_accepted():
    spec = {"deterministic": {"a": ["a"]}}
    assert sets(spec, "a", "1/1000") == (["a"], {vec("1000/999"): {"a"}})
    assert sets(spec, "a", "999/1000") == (["a"], {vec(1000): {"a"}})


# ------------------------------------------------------------------ what a valid environment means
def test_parsed_deterministic_environment_is_a_transition_table():
    """parse_environment's table: one action per successor, named by it, leading there with probability 1."""
    assert parse_environment({"name": "n", "deterministic": {"a": ["a", "b"], "b": ["a"]}}) == (
        ["a", "b"], {"a": {"a": {"a": F(1)}, "b": {"b": F(1)}}, "b": {"a": {"a": F(1)}}})


def test_a_state_without_actions_stays_put():
    """OPTS Def. 3.2: a terminal state gets one action 'stay' looping to itself (a_actions may name it)."""
    spec = {"deterministic": {"a": ["b"], "b": []}}
    states, env = parse_environment(spec)
    assert states == ["a", "b"] and env["b"] == {"stay": {"b": F(1)}}
    assert sets(spec, "b") == (["a", "b"], {vec(0, 2): {"stay"}})
    assert sets({"stochastic": {"a": {"go": {"b": 1}}, "b": {}}}, "b", "average") == (["a", "b"], {vec(0, 1): {"stay"}})


def test_zero_probabilities_are_allowed_and_dropped():
    spec = {"stochastic": {"a": {"go": {"a": 1, "b": 0}}, "b": {"back": {"a": "1/3", "b": "2/3"}}}}
    _, env = parse_environment(spec)
    assert env["a"] == {"go": {"a": F(1)}}
    assert sets(spec) == (["a", "b"], {vec(2, 0): {"go"}})


def test_states_field_orders_the_coordinates():
    spec = {"name": "two", "states": ["b", "a"], "deterministic": {"a": ["b"], "b": []}}
    assert parse_environment(spec)[0] == ["b", "a"]
    assert sets(spec, "a", "1/3") == (["b", "a"], {vec("1/2", 1): {"b"}})


# A state `mix` splits between a and b; b is terminal; z is not reachable from a.
STOCHASTIC = {"stochastic": {"a": {"stay": {"a": 1}, "mix": {"a": "1/2", "b": "1/2"}}, "b": {},
                             "z": {"to_a": {"a": 1}}}}


def test_stochastic_discounted_by_hand():
    """f = sum_t g^t P(s_t = .): mix gives f_a = 1/(1 - 1/4) = 4/3, f_b = 2 - 4/3; z is never visited."""
    assert sets(STOCHASTIC, "a", "1/2") == (["a", "b", "z"], {vec(2, 0, 0): {"stay"},
                                                              vec("4/3", "2/3", 0): {"mix"}})


def test_stochastic_average_by_hand():
    """Average: under mix, a is transient and absorbed in b with probability 1; z stays 0."""
    assert sets(STOCHASTIC, "a", "average") == (["a", "b", "z"], {vec(1, 0, 0): {"stay"},
                                                                  vec(0, 1, 0): {"mix"}})
    assert sets(STOCHASTIC, "z", "average") == (["a", "b", "z"], {vec(1, 0, 0): {"to_a"},
                                                                  vec(0, 1, 0): {"to_a"}})


def test_stochastic_average_on_a_recurrent_class_of_two_states():
    """The stationary distribution of the class {a, b}: go alternates (1/2, 1/2); mix has pi_a = 2 pi_b."""
    spec = {"stochastic": {"a": {"go": {"b": 1}, "mix": {"a": "1/2", "b": "1/2"}}, "b": {"back": {"a": 1}}}}
    assert sets(spec, "a", "average") == (["a", "b"], {vec("1/2", "1/2"): {"go"}, vec("2/3", "1/3"): {"mix"}})
    assert sets(spec, "b", "average") == (["a", "b"], {vec("1/2", "1/2"): {"back"}, vec("2/3", "1/3"): {"back"}})


def test_stochastic_work_is_policies_times_an_exact_elimination():
    """The stochastic check charges, up front, #policies * (n^3 + n^2 + #actions) for n reachable states (one
    Gauss-Jordan elimination per policy), after reading the table (a state 3 + its actions, an action 4 per
    successor: 5 + 5 + 3 + 4 * (2 + 1 + 1 + 1)), no more, no less (small numbers: no size factor)."""
    spec = {"stochastic": {"a": {"x": {"a": "1/2", "b": "1/2"}, "y": {"c": 1}},
                           "b": {"p": {"a": 1}, "q": {"b": 1}}, "c": {}}}
    cost = 2 * 2 * 1 * (3 ** 3 + 3 ** 2 + 5) + 33
    budget = Budget(cost)
    sets(spec, "a", "1/2", budget)
    assert budget.left == 0
    with pytest.raises(Malformed) as err:
        sets(spec, "a", "1/2", Budget(cost - 1))
    assert str(err.value) == f"too large: the certificate needs more than {cost - 1} units of kernel work"


def test_a_1000_state_stochastic_chain_is_refused_before_its_elimination():
    n = 1000
    spec = {"stochastic": {f"s{i}": {"go": {f"s{(i + 1) % n}": "1/2", f"s{(i + 2) % n}": "1/2"}} for i in range(n)}}
    with cpu_seconds() as clock, pytest.raises(Malformed, match="too large"):
        sets(spec, "s0", "1/2")
    assert clock.seconds < 1.0 * SLACK    # mutation.sh


def test_a_deterministic_chain_is_counted_by_lassos_within_the_work_limit():
    """States s0..s24, each may stay or move on: 25 lassos (2^24 stationary policies would be too large)."""
    n = 25
    spec = {"deterministic": {f"s{i}": [f"s{i}", f"s{i + 1}"] for i in range(n - 1)} | {f"s{n - 1}": []}}
    coords, average = sets(spec, "s0", "average")
    assert coords == [f"s{i}" for i in range(n)]
    unit = [tuple(F(int(i == j)) for j in range(n)) for i in range(n)]
    assert average == {unit[0]: {"s0"}} | {unit[i]: {"s1"} for i in range(1, n)}
    g = F(1, 2)
    _, discounted = sets(spec, "s0", "1/2")
    assert discounted == {tuple(g ** j if j < i else g ** i / (1 - g) if j == i else F(0) for j in range(n)):
                          {"s0" if i == 0 else "s1"} for i in range(n)}


def test_singular_system_is_refused_with_one_line():
    """_solve's guard: outcome_sets' systems are all regular, but a singular one must not pass silently."""
    assert _solve([[F(2), F(1)], [F(1), F(1)]], [F(3), F(2)]) == [F(1), F(1)]
    with pytest.raises(Malformed) as err:
        _solve([[F(1), F(1)], [F(2), F(2)]], [F(1), F(2)])
    assert str(err.value) == "environment: a singular system (the chain is not well defined)"


# ------------------------------------------------------------------ reading certificate files
@pytest.mark.parametrize("text, message", [
    ('{"p": 0.5}', "0.5 is a float, which is not exact; write it as a 'p/q' string"),
    ("[1e3]", "1e3 is a float, which is not exact; write it as a 'p/q' string"),
    ("NaN", "NaN is a float, which is not exact; write it as a 'p/q' string"),
    ('{"x": -Infinity}', "-Infinity is a float, which is not exact; write it as a 'p/q' string"),
    ('{"a": 1, "a": 2}', "duplicate JSON key 'a'"),
    ('{"a": ', "not valid JSON (Expecting value: line 1 column 7 (char 6))"),
])
def test_strict_json_messages(text, message):
    with pytest.raises(Malformed) as err:
        loads(text)
    assert str(err.value) == message


def test_parse_errors_are_cut_to_one_short_line():
    if not hasattr(sys, "get_int_max_str_digits") or sys.get_int_max_str_digits() == 0:
        pytest.skip("this Python has no limit on integer digits")
    try:
        int("1" * 5000)
    except ValueError as exc:
        full = str(exc)
    assert len(full) > 120
    with pytest.raises(Malformed) as err:
        loads("1" * 5000)
    assert str(err.value) == f"not valid JSON ({full[:120]})"
    with pytest.raises(Malformed) as err:
        loads("[" * 100_000)
    assert str(err.value).startswith("not valid JSON (maximum recursion depth exceeded")


def test_load_file_size_boundary(tmp_path):
    """A file of exactly MAX_BYTES is read; one byte more is refused as too large."""
    path = tmp_path / "big.json"
    path.write_bytes(b"7" + b" " * (document.MAX_BYTES - 1))
    assert load_file(str(path)) == 7
    with open(path, "ab") as fh:
        fh.write(b" ")
    with pytest.raises(Malformed) as err:
        load_file(str(path))
    assert str(err.value) == f"too large: over {document.MAX_BYTES} bytes" == "too large: over 20000000 bytes"


def test_load_file_refuses_what_is_not_a_regular_file_without_reading_it(tmp_path):
    """An endless stream (/dev/zero) or a FIFO without a writer is refused at once, never read or waited on."""
    with pytest.raises(Malformed) as err:
        load_file("/dev/zero")
    assert str(err.value) == "cannot read (not a regular file)"
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)

    def waited(signum, frame):      # a kernel that waits for a writer fails here instead of hanging the test
        raise AssertionError("load_file waited on a FIFO without a writer")

    previous = signal.signal(signal.SIGALRM, waited)
    signal.setitimer(signal.ITIMER_REAL, 5.0)
    try:
        with pytest.raises(Malformed) as err:
            load_file(str(fifo))
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert str(err.value) == "cannot read (not a regular file)"


def test_load_file_messages(tmp_path):
    with pytest.raises(Malformed) as err:
        load_file(str(tmp_path / "missing.json"))
    assert str(err.value) == "cannot read (No such file or directory)"
    with pytest.raises(Malformed) as err:
        load_file(str(tmp_path))
    assert str(err.value) == "cannot read (Is a directory)"
    bad = tmp_path / "latin1.json"
    bad.write_bytes('{"name": "caf\u00e9"}'.encode("latin-1"))
    with pytest.raises(Malformed) as err:
        load_file(str(bad))
    assert str(err.value) == "not UTF-8 text"
    good = tmp_path / "utf8.json"
    good.write_bytes('{"name": "caf\u00e9", "p": "1/3"}'.encode("utf-8"))
    assert load_file(str(good)) == {"name": "caf\u00e9", "p": "1/3"}
