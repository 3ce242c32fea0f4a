"""Environments (layer 2): finite MDPs with exact transitions, the built-in examples, and their
state visit distributions F(s) and recurrent state distributions RSD(s)."""

from symorbit.mdp import formats as _formats  # noqa: F401  (registers the .gv/.dot/.grid readers of MDP.from_file)

__all__: list[str] = []
