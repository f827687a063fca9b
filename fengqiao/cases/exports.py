"""Rows of the case export: one dict per case with its parsed fields."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from fengqiao.cases.models import Case, CaseParty

EXPORT_COLUMNS = [
    ("case_no", "案号"),
    ("court_code", "法院代字"),
    ("court_name", "审理法院"),
    ("year", "收案年度"),
    ("type_code", "类型代字"),
    ("cause", "案由/罪名"),
    ("domain", "专业领域"),
    ("doc_kind", "文书种类"),
    ("parties", "当事人"),
    ("judges", "审判组织"),
    ("judge_name", "承办法官"),
    ("division_name", "承办部门"),
    ("decided_on", "裁判日期"),
    ("outcome", "裁判结果"),
    ("amounts", "涉案金额（元）"),
]


def export_rows(cases=None, chunk: int = 1000) -> Iterator[dict[str, Any]]:
    cases = (
        (cases if cases is not None else Case.objects.all())
        .order_by("id")
        .defer("full_text", "sections")
    )
    last_id = 0
    while True:
        batch = list(cases.filter(id__gt=last_id)[:chunk])
        if not batch:
            return
        parties: dict[int, list[dict[str, str]]] = {}
        for party in CaseParty.objects.filter(case_id__in=[c.pk for c in batch]).order_by(
            "case_id", "position"
        ):
            parties.setdefault(party.case_id, []).append(
                {"name": party.name, "role": party.role, "kind": party.kind}
            )
        for case in batch:
            yield {
                "case_no": case.case_no,
                "court_code": case.court_code,
                "court_name": case.court_name,
                "year": case.year,
                "type_code": case.type_code,
                "cause": case.cause,
                "domain": case.domain,
                "doc_kind": case.doc_kind,
                "parties": parties.get(case.pk, []),
                "judges": [{"role": j[0], "name": j[1]} for j in case.judges],
                "judge_name": case.judge_name,
                "division_name": case.division_name,
                "decided_on": case.decided_on.isoformat() if case.decided_on else None,
                "outcome": case.outcome,
                "amounts": case.amounts,
            }
        last_id = batch[-1].pk
