"""Environments (layer 2): finite MDPs with exact transitions, the built-in examples, and their
state visit distributions F(s) and recurrent state distributions RSD(s)."""

__all__: list[str] = []
