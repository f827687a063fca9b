"""What a 涉诉法治体检报告 is computed from: the entity's cases, as the caller selected them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol


@dataclass(frozen=True)
class EntityCase:
    """One case of the entity. ``role`` is the entity's own role in it; ``reasoning`` is the
    court's 本院认为 section (the grounds of the judgment); ``persons`` are the natural persons
    among the parties, masked wherever the report quotes the case."""

    case_id: int | str
    case_no: str
    decided_on: date | None
    cause: str
    domain: str
    role: str
    outcome: str
    amounts: list[float] = field(default_factory=list)
    facts: str = ""
    reasoning: str = ""
    persons: tuple[str, ...] = ()


@dataclass(frozen=True)
class HealthCheckInput:
    """The report's input. A report is issued by one court: ``court_name`` is required, and
    ``scope`` says whose cases were counted ("本院", or "本院及辖区法院" for a subtree)."""

    entity_name: str
    period_from: date
    period_to: date
    court_name: str
    cases: list[EntityCase]
    scope: str = "本院"

    def __post_init__(self) -> None:
        if not (self.court_name or "").strip():
            raise ValueError("涉诉法治体检报告须由一个法院出具：请指定出具报告的法院。")


@dataclass(frozen=True)
class ProblemPattern:
    """A problem cluster from the lead's clustering: label, key terms, example case numbers.

    ``case_count``: how many of the entity's cases the cluster holds; None → counted here as
    the cases whose facts contain at least half of the key terms.
    """

    label: str
    key_terms: tuple[str, ...]
    case_nos: tuple[str, ...]
    case_count: int | None = None


class ClusterLike(Protocol):
    """What :func:`fengqiao.mining.patterns.find_patterns` returns (duck-typed, not imported):
    members and representatives are case ids (``EntityCase.case_id``)."""

    label: str
    key_terms: Sequence[str]
    case_ids: Sequence[int]
    representatives: Sequence[int]
    size: int


PatternLike = ProblemPattern | tuple[str, Sequence[str], Sequence[str]] | ClusterLike
