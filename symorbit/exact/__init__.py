"""Exactness at the boundary (layer 0): numbers in, refused floats, and JSON/TOML documents read safely."""

__all__: list[str] = []
