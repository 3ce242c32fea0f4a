"""Orbits (layer 3): exact counts over the orbit of a reward, and what is built on them:
copies (PR Def. A.7), decision rules, counts over the discount, POWER, and reward families."""

__all__: list[str] = []
