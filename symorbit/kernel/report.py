"""The kernel's answer on a certificate (standard library only)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["Report"]


@dataclass
class Report:
    """The kernel's answer: ``verified``, ``vacuous`` (true of zero rewards) or ``refuted``, and what was checked."""

    status: str = "verified"
    problems: list[str] = field(default_factory=list)
    statement: str = ""
    source: str = ""
    claim: str = ""
    hypotheses: list[str] = field(default_factory=list)
    family: str = ""
    rewards_checked: int = 0
    rewards_skipped_non_generic: int = 0
    outcome_sets_from_environment: bool = False
    verdict: str = ""
    counterexample: list[str] | None = None
    title: str = ""
    text: str = ""
    statement_status: str = ""
    built_in: bool = True
    engine_only: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)
