"""Testing aids: naive brute-force references written from SPEC, independent of the engine."""

__all__: list[str] = []
