"""Proofs (layer 4): statements, instances, verdicts and the certificates the kernel re-checks."""

__all__: list[str] = []
