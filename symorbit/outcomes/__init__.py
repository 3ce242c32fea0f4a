"""Outcome sets (layer 1): finite sets of exact vectors, the symmetric group acting on their
coordinates, and non-domination ND(X)."""

__all__: list[str] = []
