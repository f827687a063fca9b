"""Turn one source record into the row we store, or a reason to quarantine it.

Pure Python (no Django), so it runs in worker processes during large imports.
A record is either a full judgment (text) or a case-management row with fields
(案号, 法院, 案由, 当事人, 裁判日期 …); fields given explicitly override what the parser found.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from fengqiao.textlaw.casenum import parse_case_number
from fengqiao.textlaw.dates import parse_dates
from fengqiao.textlaw.domains import classify_domain
from fengqiao.textlaw.judgment import parse_judgment
from fengqiao.textlaw.sources import SourceRecord

# Column / key names seen in court exports and public datasets, per field.
FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "case_no": ("案号", "case_no", "caseNo", "ah", "caseNumber"),
    "court_name": ("法院", "法院名称", "审理法院", "court", "court_name", "courtName", "fymc"),
    "cause": ("案由", "罪名", "cause", "charge", "ay"),
    "decided_on": ("裁判日期", "判决日期", "结案日期", "decided_on", "judgment_date", "cprq"),
    "parties": ("当事人", "parties", "dsr"),
}
MAX_TEXT = 2_000_000  # characters; a longer "judgment" is not one


@dataclass
class PreparedCase:
    source: str
    locator: str
    content_hash: str
    case_no: str = ""
    court_code: str = ""
    court_name: str = ""
    year: int | None = None
    type_code: str = ""
    special_code: str = ""
    seq: int | None = None
    doc_kind: str = ""
    trial_level: str = ""
    cause: str = ""
    cause_kind: str = ""
    domain: str = ""
    outcome: str = ""
    decided_on: date | None = None
    amounts: list[float] = field(default_factory=list)
    judges: list[list[str]] = field(default_factory=list)
    clerk: str = ""
    sections: dict[str, str] = field(default_factory=dict)
    full_text: str = ""
    parties: list[dict[str, Any]] = field(default_factory=list)
    error: str | None = None  # set → quarantine with this reason

    @property
    def court_key(self) -> str:
        return self.court_code or self.court_name

    def excerpt(self) -> str:
        return self.full_text[:500]


def _field(fields: dict[str, Any], name: str) -> Any:
    for alias in FIELD_ALIASES[name]:
        value = fields.get(alias)
        if value not in (None, ""):
            return value
    return None


def _hash(text: str, fields: dict[str, Any]) -> str:
    payload = text + "\x00" + json.dumps(fields, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _parties_from_field(value: Any) -> list[dict[str, Any]]:
    if isinstance(value, list):
        items = value
    else:
        items = [
            p
            for p in str(value)
            .replace("；", "、")
            .replace(";", "、")
            .replace(",", "、")
            .replace("，", "、")
            .split("、")
            if p.strip()
        ]
    parties = []
    for item in items:
        if isinstance(item, dict):
            parties.append(
                {
                    "name": str(item.get("name", "")),
                    "role": str(item.get("role", "")),
                    "kind": str(item.get("kind", "")),
                    "agents": item.get("agents", []),
                }
            )
        else:
            parties.append({"name": str(item).strip(), "role": "", "kind": "", "agents": []})
    return [p for p in parties if p["name"]]


def prepare_record(record: SourceRecord) -> PreparedCase:
    fields = dict(record.fields or {})
    text = (record.text or "").strip()
    prepared = PreparedCase(
        source=record.source, locator=record.locator, content_hash=_hash(text, fields)
    )
    if record.error:
        prepared.error = record.error
        prepared.full_text = text
        return prepared
    if len(text) > MAX_TEXT:
        prepared.error = f"文本过长（{len(text)} 字），不像一份裁判文书"
        prepared.full_text = text[:500]
        return prepared
    prepared.full_text = text
    try:
        _fill_from_text(prepared, text)
        _fill_from_fields(prepared, fields)
    except Exception as error:  # a parser bug must quarantine the record, not stop the import
        prepared.error = f"解析出错：{type(error).__name__}: {error}"
        return prepared
    if not prepared.case_no:
        prepared.error = "未找到案号" if text else "记录中既没有全文，也没有案号"
    elif not prepared.court_key:
        prepared.error = "无法确定审理法院（案号中无法院代字，文中也没有法院名称）"
    return prepared


def _fill_from_text(prepared: PreparedCase, text: str) -> None:
    if not text:
        return
    judgment = parse_judgment(text)
    number = judgment.case_no
    if number is not None and number.ok:
        _fill_case_number(prepared, number)
    prepared.court_name = judgment.court_name or prepared.court_name
    prepared.doc_kind = judgment.doc_kind or ""
    prepared.trial_level = judgment.trial_level or prepared.trial_level
    prepared.cause = judgment.cause or ""
    prepared.cause_kind = judgment.cause_kind or prepared.cause_kind
    prepared.domain = judgment.domain or ""
    prepared.outcome = judgment.outcome or ""
    prepared.decided_on = judgment.decided_on
    prepared.amounts = list(judgment.amounts or [])
    prepared.judges = [list(j) for j in judgment.judges or []]
    prepared.clerk = judgment.clerk or ""
    prepared.sections = dict(judgment.sections or {})
    prepared.parties = [
        {
            "name": p.name,
            "role": p.role,
            "kind": p.kind,
            "agents": [{"name": a.name, "kind": a.kind, "firm": a.firm} for a in p.agents],
        }
        for p in judgment.parties
    ]


def _fill_case_number(prepared: PreparedCase, number) -> None:
    prepared.case_no = number.normalized or ""
    prepared.court_code = number.court_code or ""
    prepared.year = number.year
    prepared.type_code = number.type_code or ""
    prepared.special_code = number.special_code or ""
    prepared.seq = number.seq
    if number.court_name and not prepared.court_name:
        prepared.court_name = number.court_name
    prepared.cause_kind = getattr(number, "case_category", None) or prepared.cause_kind
    prepared.trial_level = getattr(number, "trial_level", None) or prepared.trial_level


def _fill_from_fields(prepared: PreparedCase, fields: dict[str, Any]) -> None:
    if not fields:
        return
    raw_no = _field(fields, "case_no")
    if raw_no:
        number = parse_case_number(str(raw_no))
        if not number.ok:
            prepared.error = f"案号无法识别：{raw_no}（{number.error}）"
            return
        _fill_case_number(prepared, number)
    court_name = _field(fields, "court_name")
    if court_name:
        prepared.court_name = str(court_name).strip()
    cause = _field(fields, "cause")
    if cause:
        prepared.cause = str(cause).strip()
    decided = _field(fields, "decided_on")
    if decided:
        found = parse_dates(str(decided))
        if found:
            prepared.decided_on = found[0]
    parties = _field(fields, "parties")
    if parties and not prepared.parties:
        prepared.parties = _parties_from_field(parties)
    if not prepared.domain or cause:
        prepared.domain = classify_domain(
            cause=prepared.cause or None,
            type_code=prepared.type_code or None,
            parties=prepared.parties,
        )
