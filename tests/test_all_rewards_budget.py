"""The kernel's budget of a check over every reward (issue 24): ``check_all_rewards(..., kernel_work=N)``,
``symorbit check/search --rewards all --kernel-work N``, the checkpoint's record of it, and re-verification with
``symorbit verify --max-work N``.

Budgets are shrunk rather than instances grown: at a few hundred units an ordinary three-dimensional instance is
already past the kernel, so each test runs in milliseconds.
"""

import itertools
import json
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_parametric import cli as run  # tests/ is on sys.path: main(argv), argparse's exits as codes

from symorbit.counterexamples.runner import search
from symorbit.errors import InvalidArgument
from symorbit.kernel import Malformed, verify
from symorbit.kernel.check import Budget
from symorbit.proofs.all_rewards import ENGINE_ONLY_ALL, ENGINE_ONLY_WORST, check_all_rewards
from symorbit.proofs.statements import Hypotheses, Instance, Statement
from symorbit.testing.naive import naive_orbit_counts

CHAMBER = "(every reward: chamber subdivision)"
BOUNDS = "(every reward: bound trees)"
# Found by a scan of random sets over {0, ..., 3}^3 (B ≥^(1/2)_most A holds for every reward):
# the chamber certificate of I1 needs about 10^4 units, and bound trees show I2 in about 10^3.
I1 = Instance(A=[(2, 0, 3)], B=[(3, 3, 1), (0, 3, 0)], name="i1")
I2 = Instance(A=[(3, 1, 0)], B=[(3, 2, 0), (0, 2, 2), (2, 2, 0)], name="i2")


def most(ratio, *, mode="raw"):
    """A plain "B ≥^ratio_most A" statement whose hypotheses always hold (PR Def. 3.2)."""
    return Statement(name=f"most_{ratio}", title="B ≥_most A", source="test", status="claimed", text="", mode=mode,
                     hypotheses=lambda inst: Hypotheses(True, "assumed"),
                     conclusion=lambda data: {"kind": "most", "ratio": Fraction(ratio)})


def fraction(kind, bound):
    """A "the strict (weak) fraction of the orbit where B is better is at least bound" statement (PR Lemma B.3)."""
    return Statement(name=f"{kind}_{bound}", title=kind, source="test", status="claimed", text="", mode="raw",
                     hypotheses=lambda inst: Hypotheses(True, "assumed"),
                     conclusion=lambda data: {"kind": kind, "bound": Fraction(bound)})


def reverifies_at_exactly(cert, units):
    """The certificate, read back from JSON, verifies within ``units`` of kernel work and is refused with one fewer."""
    cert = json.loads(json.dumps(cert))
    assert verify(cert, Budget(units)).status == "verified"
    with pytest.raises(Malformed, match="too large"):
        verify(cert, Budget(units - 1))


def test_a_larger_kernel_work_makes_an_engine_only_holds_kernel_checked():
    half = most(Fraction(1, 2))
    small = check_all_rewards(half, I1, kernel_work=500)
    assert (small.status, small.provenance, small.profiles) == ("holds", ENGINE_ONLY_WORST, 0)
    large = check_all_rewards(half, I1, kernel_work=20_000)
    assert large.status == "holds" and large.provenance.endswith(CHAMBER) and large.profiles == 17
    assert 500 < large.kernel_units <= 20_000 and "chamber" in large.certificate
    reverifies_at_exactly(large.certificate, large.kernel_units)
    default = check_all_rewards(half, I1)                 # the default budget finds the same certificate
    assert (default.provenance, default.kernel_units, default.certificate) == \
        (large.provenance, large.kernel_units, large.certificate)
    for got in (small, large):                            # the verdict itself does not depend on the budget
        assert (got.worst_ratio.value, got.worst_strict.value, got.worst_weak.value) == \
            (default.worst_ratio.value, default.worst_strict.value, default.worst_weak.value)
    assert small.to_dict()["kernel_units"] == small.kernel_units < 500       # the witnesses' listed certificate
    assert large.to_dict()["kernel_units"] == large.kernel_units


def test_bound_trees_within_a_raised_budget():
    half = most(Fraction(1, 2))
    v = check_all_rewards(half, I2, kernel_work=2_000)
    assert v.status == "holds" and v.provenance.endswith(BOUNDS) and "bounds" in v.certificate
    assert v.profiles == 0 and v.kernel_units <= 2_000
    reverifies_at_exactly(v.certificate, v.kernel_units)
    below = check_all_rewards(half, I2, kernel_work=v.kernel_units - 1)
    assert below.provenance == ENGINE_ONLY_WORST and "bounds" not in below.certificate


def test_a_chamber_the_kernel_refuses_falls_back_to_bound_trees():
    """The engine's estimate of a chamber replay is a lower bound: past the budget the kernel refuses the tree, and
    bound trees are tried before the verdict is left engine-only."""
    half = most(Fraction(1, 2))
    chamber_units = check_all_rewards(half, I1).kernel_units
    v = check_all_rewards(half, I1, kernel_work=5_000)
    assert chamber_units > 5_000                          # the chamber certificate is over this budget
    assert v.provenance.endswith(BOUNDS) and v.profiles == 17 and v.kernel_units <= 5_000
    reverifies_at_exactly(v.certificate, v.kernel_units)


@pytest.mark.parametrize("bad", [0, -3, True, 1.5, "10", Fraction(7)])
def test_kernel_work_must_be_a_positive_integer(bad):
    with pytest.raises(InvalidArgument, match="must be a positive integer"):
        check_all_rewards(most(1), I1, kernel_work=bad)


vec3 = st.lists(st.integers(0, 3), min_size=3, max_size=3).map(tuple)
STATEMENTS = [most(Fraction(1, 2)), most(1), most(2), fraction("strict_fraction", Fraction(1, 3)),
              fraction("weak_fraction", Fraction(1, 2))]


@settings(max_examples=30, deadline=None)
@given(st.lists(vec3, min_size=1, max_size=2), st.lists(vec3, min_size=1, max_size=3), st.sampled_from(STATEMENTS),
       st.sampled_from([1, 40, 300, 1_000, 5_000, 30_000]))
def test_any_budget_gives_the_same_verdict_and_a_certificate_within_it(A, B, statement, work):
    """Against brute force: whatever the budget, the status and the worst cases are those of the default budget, a
    failure fails on its naive counts and a "holds" holds on every reward over {0, 1, 2}^3; a certificate the kernel
    accepted needs at most the budget, exactly ``kernel_units`` of it."""
    inst = Instance(A=A, B=B, name="h")
    default = check_all_rewards(statement, inst)
    v = check_all_rewards(statement, inst, kernel_work=work)
    assert v.status == default.status
    assert (v.worst_ratio.value, v.worst_strict.value, v.worst_weak.value) == \
        (default.worst_ratio.value, default.worst_strict.value, default.worst_weak.value)
    claim = statement.claim_dict({})

    def holds(r):
        b, a, t = naive_orbit_counts(A, B, r)
        n = b + a + t
        return {"most": lambda: b >= claim.get("ratio", 0) * a,
                "strict_fraction": lambda: Fraction(b, n) >= claim.get("bound", 0),
                "weak_fraction": lambda: Fraction(b + t, n) >= claim.get("bound", 0)}[claim["kind"]]()

    if v.status == "fails":
        assert not holds(v.counterexample)
    else:
        assert all(holds(r) for r in itertools.product(range(3), repeat=3))
    assert v.provenance in (ENGINE_ONLY_ALL, ENGINE_ONLY_WORST, "engine-only") or v.provenance.startswith("kernel")
    if v.kernel_units is None:
        assert v.provenance.startswith("engine-only")
    else:
        assert v.kernel_units <= work
        reverifies_at_exactly(v.certificate, v.kernel_units)


def test_cli_check_kernel_work_and_verify_max_work(capsys, tmp_path):
    cert = tmp_path / "c.json"
    argv = ("check", "scaling_law_raw", "examples/candy.toml", "--rewards", "all")
    code, out, _ = run(capsys, *argv, "--kernel-work", "300", "--json")
    data = json.loads(out)
    assert code == 0 and data["status"] == "holds" and data["provenance"] == ENGINE_ONLY_ALL
    code, out, _ = run(capsys, *argv, "--kernel-work", "2000", "--json", "--certificate", str(cert))
    data = json.loads(out)
    assert code == 0 and data["provenance"] == "kernel-checked " + CHAMBER and 300 < data["kernel_units"] <= 2000
    units = data["kernel_units"]
    code, out, _ = run(capsys, "verify", str(cert), "--max-work", str(units))
    assert code == 0 and ": verified: HOLDS" in out
    code, _, err = run(capsys, "verify", str(cert), "--max-work", str(units - 1))
    assert code == 2 and "too large" in err
    code, out, _ = run(capsys, *argv, "--kernel-work", "2000")           # the text names the units only past
    assert code == 0 and "--max-work" not in out                         # the default budget


@pytest.mark.parametrize("extra, message", [
    (("--kernel-work", "0"), "not a positive integer"),
    (("--kernel-work", "1e6"), "not a positive integer"),
    (("--kernel-work", "-5"), "not a positive integer"),
    (("--rewards", "patterns:0,1", "--kernel-work", "1000"), "--kernel-work applies to --rewards all"),
    (("--rewards", "all", "--reward", "1,2,3", "--kernel-work", "1000"), "--kernel-work applies to --rewards all"),
])
def test_cli_check_refuses_a_bad_kernel_work_in_one_line(capsys, extra, message):
    argv = ["check", "scaling_law_raw", "examples/candy.toml", *extra]
    if "--rewards" not in extra:
        argv += ["--rewards", "all"]
    code, out, err = run(capsys, *argv)
    assert code == 2 and not out and err.count("\n") == 1 and message in err and "Traceback" not in err


def test_max_work_note_names_the_budget_past_the_default():
    from symorbit.cli.commands import _max_work_note

    assert _max_work_note(3_000_000, "c.json") == "" and _max_work_note(None, None) == ""
    assert _max_work_note(3_000_001, None).endswith("symorbit verify CERTIFICATE --max-work 3000001")


def test_search_passes_kernel_work_to_its_workers():
    """A budget too small for one-hot:3's chambers leaves every "holds" engine-only, in this process and in worker
    processes alike; the default kernel-checks them all."""
    default = search("scaling_law_raw", "one-hot:3", "all", workers=1, progress=False)
    assert default.holds == default.holds_kernel_checked == 9
    for workers, chunk in ((1, None), (2, 1)):
        small = search("scaling_law_raw", "one-hot:3", "all", workers=workers, chunk=chunk, progress=False,
                       kernel_work=100)
        assert (small.checked, small.holds, small.holds_kernel_checked) == (13, 9, 0)
    with pytest.raises(InvalidArgument, match="rewards='all'"):
        search("scaling_law_raw", "one-hot:3", "patterns:0,1", workers=1, progress=False, kernel_work=100)
    with pytest.raises(InvalidArgument, match="positive integer"):
        search("scaling_law_raw", "one-hot:3", "all", workers=1, progress=False, kernel_work=0)


def test_cli_search_records_kernel_work_and_refuses_another_on_resume(capsys, tmp_path):
    ck = tmp_path / "run.jsonl"
    base = ("search", "scaling_law_raw", "--family", "one-hot:3", "--rewards", "all", "--workers", "1",
            "--no-progress", "--json")
    code, out, _ = run(capsys, *base, "--kernel-work", "100", "--checkpoint", str(ck))
    assert code == 0 and json.loads(out)["holds_kernel_checked"] == 0
    assert json.loads(ck.read_text().splitlines()[0])["kernel_work"] == 100
    for other in (("--kernel-work", "200"), ()):         # another value, or none (the default), is refused
        code, out, err = run(capsys, *base, *other, "--resume", str(ck))
        assert code == 2 and not out and err.count("\n") == 1 and "kernel_work: 100, now" in err
    code, out, _ = run(capsys, *base, "--kernel-work", "100", "--resume", str(ck))
    assert code == 0 and json.loads(out)["resumed_from_checkpoint"] == 13
    plain = tmp_path / "plain.jsonl"                     # the default budget is not written, so older checkpoints
    code, _, _ = run(capsys, *base, "--checkpoint", str(plain))       # (without the field) resume as before
    assert code == 0 and "kernel_work" not in json.loads(plain.read_text().splitlines()[0])
    code, _, err = run(capsys, *base, "--kernel-work", "3000000", "--resume", str(plain))
    assert code == 0, err
    code, _, err = run(capsys, *base, "--kernel-work", "100", "--resume", str(plain))
    assert code == 2 and err.count("\n") == 1 and "kernel_work: 3000000, now 100" in err
    code, out, err = run(capsys, "search", "scaling_law_raw", "--family", "one-hot:3", "--rewards", "patterns:0,1",
                         "--kernel-work", "100", "--workers", "1")
    assert code == 2 and not out and err.count("\n") == 1 and "--kernel-work applies to --rewards all" in err
    code, _, err = run(capsys, *base, "--kernel-work", "x")
    assert code == 2 and err.strip().count("\n") <= 1 and "not a positive integer" in err
