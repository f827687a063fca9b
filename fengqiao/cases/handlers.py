"""承办法官 / 承办部门 of imported case-management records → the owning court's own people and
divisions. A name that matches nobody (or more than one person) is kept as a name and counted,
so the import can report it; nothing is dropped."""

from __future__ import annotations

import re
from collections import Counter

from fengqiao.courts.models import Division, User

_ORDINAL = "一二三四五六七八九十"


def division_key(name: str) -> str:
    """The short form courts also write: 民事审判第一庭 → 民一庭, 刑事审判庭 → 刑庭, 行政审判庭 → 行政庭."""
    name = re.sub(r"\s+", "", name)
    name = re.sub(rf"^(民|刑)事审判第([{_ORDINAL}]+)庭$", r"\1\2庭", name)
    return {"刑事审判庭": "刑庭", "民事审判庭": "民庭", "行政审判庭": "行政庭"}.get(name, name)


class HandlerResolver:
    def __init__(self) -> None:
        self._people: dict[int, dict[str, User | None]] = {}
        self._divisions: dict[int, dict[str, Division]] = {}
        self.unknown_judges: Counter[str] = Counter()
        self.unknown_divisions: Counter[str] = Counter()

    def _load(self, court_id: int) -> None:
        if court_id in self._people:
            return
        people: dict[str, User | None] = {}
        for user in (
            User.objects.filter(court_id=court_id).exclude(full_name="").select_related("division")
        ):
            people[user.full_name] = None if user.full_name in people else user  # None: ambiguous
        self._people[court_id] = people
        self._divisions[court_id] = {
            division_key(d.name): d for d in Division.objects.filter(court_id=court_id)
        }

    def apply(self, values: dict, court_id: int) -> None:
        """Set ``judge``/``division`` (and a missing 承办部门 from the judge's division)."""
        self._load(court_id)
        values["judge"] = values["division"] = None
        judge_name, division_name = values.get("judge_name", ""), values.get("division_name", "")
        if judge_name:
            user = self._people[court_id].get(judge_name)
            if user is None:
                self.unknown_judges[judge_name] += 1
            values["judge"] = user
        if division_name:
            division = self._divisions[court_id].get(division_key(division_name))
            if division is None:
                self.unknown_divisions[division_name] += 1
            values["division"] = division
        elif values["judge"] is not None and values["judge"].division is not None:
            values["division"] = values["judge"].division
            values["division_name"] = values["judge"].division.name
