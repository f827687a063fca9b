"""Demo cases: generated judgments of the demo courts, imported the normal way."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from fengqiao.cases.services import ImportSummary, import_cases
from fengqiao.courts.models import Court
from fengqiao.demo.generator import generate_judgments

DEMO_CASES = {"苏0791": 400, "苏0706": 120, "苏0102": 80}


def load_demo_cases() -> ImportSummary:
    total = ImportSummary()
    with tempfile.TemporaryDirectory(prefix="fengqiao-demo-") as tmp:
        for code, count in DEMO_CASES.items():
            court = Court.objects.get(code=code)
            path = Path(tmp) / f"{code}.jsonl"
            with open(path, "w", encoding="utf-8") as handle:
                for text in generate_judgments(
                    count, seed=len(code) + count, courts=[(court.name, court.code)]
                ):
                    handle.write(json.dumps({"fullText": text}, ensure_ascii=False) + "\n")
            _, summary = import_cases(paths=[path], owner=court)
            for field in ("imported", "updated", "unchanged", "quarantined"):
                setattr(total, field, getattr(total, field) + getattr(summary, field))
    return total
