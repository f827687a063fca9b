"""Turn one source record into the row we store, or a reason to quarantine it.

Pure Python (no Django), so it runs in worker processes during large imports.
A record is either a full judgment (text) or a case-management row with fields
(案号, 法院, 案由, 当事人, 裁判日期 …); fields given explicitly override what the parser found.
"""

from __future__ import annotations

import hashlib
import json
import re
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
    "judge_name": (
        "承办法官",
        "承办人",
        "承办审判员",
        "主审法官",
        "judge",
        "handling_judge",
        "cbr",
    ),
    "division_name": ("承办部门", "承办庭室", "承办庭", "审判庭", "division", "cbbm"),
    "panel": ("合议庭", "合议庭成员", "合议庭组成人员", "panel", "hytcy"),
}
# Roles that may precede a name in a 合议庭 cell (longest first, so 代理审判员 is not 审判员).
PANEL_ROLES = ("人民陪审员", "代理审判员", "助理审判员", "独任审判员", "审判长", "审判员", "陪审员")
PANEL_MEMBER = "合议庭成员"  # the role of a member whose cell gave no role
_NAME = re.compile(r"^[\u3400-\u9fffA-Za-z·•．.]{2,20}$")
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
    judge_name: str = ""  # 承办法官 as the record gives it
    division_name: str = ""  # 承办部门 as the record gives it
    row: str = ""  # a record without text: its fields (JSON), so a quarantined row loses nothing
    error: str | None = None  # set → quarantine with this reason

    @property
    def court_key(self) -> str:
        return self.court_code or self.court_name

    def excerpt(self) -> str:
        return self.full_text[:500] or self.row


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
    if fields and not text:
        prepared.row = json.dumps(fields, ensure_ascii=False, default=str)
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
    if prepared.error:
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
    if not _fill_handling(prepared, fields):
        return
    if not prepared.domain or cause:
        prepared.domain = classify_domain(
            cause=prepared.cause or None,
            type_code=prepared.type_code or None,
            parties=prepared.parties,
        )


def _clean(value: Any) -> str:
    return re.sub(r"\s+", "", str(value)).strip("：:；;，,、")


def parse_panel(value: Any) -> list[list[str]]:
    """A 合议庭 cell → [[role, name], …]: "审判长张三、审判员李四、人民陪审员王五", "张三；李四"
    or a list. A member without a role is a ``合议庭成员``. Raises ValueError on a non-name."""
    items = value if isinstance(value, list) else re.split(r"[、，,；;/｜|\n]+", str(value))
    members: list[list[str]] = []
    for item in items:
        if isinstance(item, list | tuple) and len(item) == 2:
            role, name = _clean(item[0]), _clean(item[1])
        else:
            text = _clean(item)
            if not text:
                continue
            role = next((r for r in PANEL_ROLES if text.startswith(r)), "")
            name = _clean(text[len(role) :])
        if not _NAME.match(name):
            raise ValueError(name or str(item))
        members.append([role or PANEL_MEMBER, name])
    return members


def _fill_handling(prepared: PreparedCase, fields: dict[str, Any]) -> bool:
    """承办法官 / 承办部门 / 合议庭 columns. False (with ``error`` set) when one is unusable."""
    judge = _field(fields, "judge_name")
    if judge is not None:
        name = _clean(judge)
        if not _NAME.match(name):
            prepared.error = (
                f"承办法官“{judge}”不是一个人名：请只填写一名承办法官的姓名"
                "（合议庭其他成员请填入“合议庭”列）"
            )
            return False
        prepared.judge_name = name
    division = _field(fields, "division_name")
    if division is not None:
        name = _clean(division)
        if not 2 <= len(name) <= 50 or any(c.isdigit() for c in name):
            prepared.error = f"承办部门“{division}”无法识别：请填写庭室名称，如“民事审判第一庭”"
            return False
        prepared.division_name = name
    panel = _field(fields, "panel")
    if panel is not None:
        try:
            members = parse_panel(panel)
        except ValueError as error:
            prepared.error = (
                f"合议庭“{panel}”中“{error}”不是一个人名：成员之间请用顿号分隔，"
                "如“审判长张三、审判员李四、人民陪审员王五”"
            )
            return False
        if members:
            prepared.judges = members
    return True
