"""A researcher's own conjectures, written as symorbit Statements (see docs/own_statements.md).

Check them with ``symorbit check my_conjectures:wider_reach examples/candy_mdp.toml`` and
search them with ``symorbit search my_conjectures:wider_reach --family det-mdp:4:3``
(run from ``examples/`` or with ``examples`` on ``PYTHONPATH``).
"""

from symorbit import Hypotheses, Instance, OptimalFraction, PowerImpliesOptimality, Statement


def _wider_reach(inst: Instance) -> Hypotheses:
    """Hypotheses read from the MDP itself: s ∉ Reach(s, b) and Reach(s, b) ⊋ Reach(s, a)."""
    if inst.env is None:
        return Hypotheses(False, "needs an instance built from an MDP")
    a, b = inst.context["a"], inst.context["b"]
    reach_a, reach_b = inst.env.reachable(inst.state, action=a), inst.env.reachable(inst.state, action=b)
    if inst.state in reach_b:
        return Hypotheses(False, f"s can come back after {b}")
    if reach_a < reach_b:
        return Hypotheses(True, f"s ∉ Reach(s, {b}) ⊋ Reach(s, {a})")
    return Hypotheses(False, f"Reach(s, {b}) does not strictly contain Reach(s, {a})")


#: "An action that reaches strictly more states is optimal for at least half of every orbit."
#: Plausible from the papers' intuition, and false: a third action can take the optimum away.
wider_reach = Statement(
    name="wider_reach",
    title="Reach(s,b) ⊋ Reach(s,a) ⇒ b optimal for at least half the orbit",
    source="a user's conjecture",
    status="conjectured",
    text="If s cannot come back after b, every state reachable after a is reachable after b, and b reaches "
         "more, then b is optimal "
         "(relative to all options at s) for at least half of the orbit of every reward.",
    mode="relative",
    hypotheses=_wider_reach,
    claim=OptimalFraction("1/2"),
)

#: "The action with more POWER is at least as likely to be optimal" (false: OPTS Prop. B.1).
power_seeking_is_optimal = Statement(
    name="power_seeking_is_optimal",
    title="more POWER after b ⇒ b at least as likely optimal",
    source="a user's conjecture (refuted in general by OPTS Prop. B.1)",
    status="conjectured",
    text="Under the uniform distribution over a reward's orbit, if the expected POWER after b exceeds that "
         "after a, then b is optimal with at least the probability of a.",
    mode="relative",
    hypotheses=lambda inst: Hypotheses(inst.env is not None, "an MDP instance"),
    claim=PowerImpliesOptimality(),
)


# --- Statements written in the vocabulary: every piece is checked by the kernel -----------------
from symorbit import Copies, Disjoint, Most, WeakFraction  # noqa: E402

#: "n copies with pairwise disjoint supports give B a weak share of at least n/(n+1)" (true: PR Lemma B.3).
disjoint_copies_share = Statement(
    name="disjoint_copies_share",
    title="n copies of A with disjoint supports ⇒ B weakly optimal for ≥ n/(n+1)",
    source="a user's restatement of PR Lemma B.3",
    status="conjectured",
    text="If B contains n copies of A via involutions with pairwise disjoint supports and A ∩ B = ∅, then "
         "max_B ≥ max_A on at least n/(n+1) of every orbit.",
    mode="raw",
    hypotheses=(Copies(of="A", fixing="disjoint_supports"), Disjoint()),
    claim=WeakFraction("n/(n+1)"),
)

#: "n copies give n + 1 times as many wins" (false: the candy example has n = 2 and gt = 2·lt for r = (1, 2, 3)).
one_more_than_copies = Statement(
    name="one_more_than_copies",
    title="n copies of ND(A) ⇒ gt ≥ (n+1)·lt",
    source="a user's over-reaching guess",
    status="conjectured",
    text="If B contains n copies of ND(A), then B is strictly better n + 1 times as often as A.",
    mode="raw",
    hypotheses=(Copies(of="ND(A)"),),
    claim=Most("n+1"),
)
