"""Counterexample search (layer 6): families of small instances, the exhaustive runner with
checkpoints and parallel backends, and random search with shrinking."""

__all__: list[str] = []
