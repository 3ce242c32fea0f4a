"""Testing aids: naive brute-force references written from docs/theory.md, independent of the engine."""

__all__: list[str] = []
