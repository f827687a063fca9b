"""Demo cases: generated judgments of the demo courts, imported the normal way as a court's
case-management export would give them — every record with its 承办法官 and 承办部门 (a judge of
the court's division for the case type, who also signs the judgment)."""

from __future__ import annotations

import json
import os
import random
import tempfile
from collections.abc import Callable
from pathlib import Path

from fengqiao.cases.services import ImportSummary, import_cases, index_pending
from fengqiao.courts.models import Court, User
from fengqiao.demo.courts import division_for, trial_judges
from fengqiao.demo.generator import generate_cases

DEMO_CASES = {"苏0791": 400, "苏0706": 120, "苏0102": 80}
DEFAULT_CASES = sum(DEMO_CASES.values())
_LAY = "人民陪审员"


def shares(total: int) -> dict[str, int]:
    """``total`` judgments split over the demo courts in the default proportions."""
    counts = {code: total * n // DEFAULT_CASES for code, n in DEMO_CASES.items()}
    first = next(iter(DEMO_CASES))
    counts[first] += total - sum(counts.values())
    return counts


class Panel:
    """Who signs a generated judgment of ``court``: a judge of the division that hears the case
    type as 承办法官 (审判长 of a collegiate panel), colleagues of that division or lay assessors
    beside. ``handler`` remembers the 承办 of the last case for the record."""

    def __init__(self, court: Court) -> None:
        self.judges = trial_judges(court)
        missing = [name for name, people in self.judges.items() if not people]
        if missing:
            raise RuntimeError(f"{court.name}没有这些庭室的法官：{'、'.join(missing)}")
        self.handler: User | None = None

    def __call__(
        self, kind: str, cause: str, collegiate: bool, rng: random.Random
    ) -> list[tuple[str, str]]:
        people = self.judges[division_for(kind, cause)]
        handler = rng.choice(people)
        self.handler = handler
        if not collegiate:
            return [("审判员", handler.full_name)]
        others = [p for p in people if p is not handler]
        second = rng.choice(others).full_name if others else _lay_name(rng)
        return [("审判长", handler.full_name), ("审判员", second), (_LAY, _lay_name(rng))]


def _lay_name(rng: random.Random) -> str:
    return rng.choice("周吴郑王冯陈褚卫蒋沈韩杨") + rng.choice("建国秀英志华丽娟海涛春梅")


def _write_records(court: Court, count: int, seed: int, path: Path) -> None:
    panel = Panel(court)
    with open(path, "w", encoding="utf-8") as handle:
        for case in generate_cases(
            count, seed=seed, courts=[(court.name, court.code)], panel=panel, appeals=False
        ):
            handler = panel.handler
            assert handler is not None and handler.division is not None
            record = {
                "fullText": case.text,
                "承办法官": handler.full_name,
                "承办部门": handler.division.name,
            }
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")


def load_demo_cases(
    total: int = DEFAULT_CASES,
    *,
    progress: Callable[[int], None] | None = None,
    index: bool = True,
) -> ImportSummary:
    """Import ``total`` generated judgments into the demo courts in batches, then build the
    search index once (``index=False``: the caller does, after loading more)."""
    summary = ImportSummary()
    workers = min(2, os.cpu_count() or 1) if total >= 5000 else 1
    with tempfile.TemporaryDirectory(prefix="fengqiao-demo-") as tmp:
        for code, count in shares(total).items():
            if count <= 0:
                continue
            court = Court.objects.get(code=code)
            path = Path(tmp) / f"{code}.jsonl"
            _write_records(court, count, len(code) + DEMO_CASES[code], path)
            _, part = import_cases(
                paths=[path],
                owner=court,
                batch_size=1000 if total >= 5000 else 500,
                workers=workers,
                progress=progress,
                index=False,
            )
            for field in ("imported", "updated", "unchanged", "quarantined"):
                setattr(summary, field, getattr(summary, field) + getattr(part, field))
            for name, counted in part.unknown_judges.items():
                summary.unknown_judges[name] = summary.unknown_judges.get(name, 0) + counted
    if index:
        index_pending()
    return summary
