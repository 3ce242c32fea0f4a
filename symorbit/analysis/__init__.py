"""MDP analysis (the layer above environments and orbit counts): decision rules and retargetability,
POWER and optimality probability, and orbit counts over the discount γ."""

__all__: list[str] = []
