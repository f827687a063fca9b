"""The research data set: a court's (or subtree's) issued suggestions of a period, anonymised.

Three tables, each written as CSV (UTF-8 with BOM, so Excel opens it in Chinese) and Parquet
(polars), a data dictionary (``data_dictionary.csv``: file, field, Chinese description, type,
anonymisation) generated from the same field lists, and a README.md.

What is in it, and what is done to it (the decisions, in one place):

* Letters are those of the court(s) delivered (送达) within the period and not withdrawn; only
  the letter as issued (its latest version), the replies and the follow-ups are read — never
  drafts, 征求意见稿, review comments, scores, the contact person or any attachment.
* Every letter gets a pseudonymous key (L00001 …, in delivery order) instead of its id or 文号;
  the recipient appears only as its kind (党政机关, 企业 …), never by name.
* Free text (problems, suggestions, measures, replies) goes through the anonymiser's
  ``research`` policy: every natural person who is not an official or lawyer masked, dates of
  birth reduced to the year, money amounts replaced by their band (“5万元以上10万元以下”).
  Words the library's reviewer masked by hand in the letter's shared version are masked too.
* The letter's own dates (signed, delivered, reply due, replies) are the court's and the
  agency's official acts, not personal data: the research policy keeps them, at day precision.
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from fengqiao.courts.models import Court, CourtLevel, UnitKind
from fengqiao.library import sharing
from fengqiao.suggestions.models import Category, FollowUp, ItemOutcome, OutcomeReason, Suggestion
from fengqiao.suggestions.policy import DELIVERED_STATES

TYPE_LABELS = {
    "string": "文本（string）",
    "integer": "整数（integer）",
    "date": "日期（date，YYYY-MM-DD）",
    "boolean": "布尔（boolean，true/false）",
}
KEPT = "无（机构信息，不涉及自然人）"
KEPT_DATE = "保留至日（机关公务行为的日期，不属个人信息；research 策略只处理出生日期）"
TEXT_RULE = (
    "research 策略去标识化：隐去自然人姓名（公职人员、律师除外）、出生日期只保留年份、"
    "金额替换为所在区间；另隐去案例库审核人在共享版本中补充隐去的文字"
)
DERIVED = "派生数值，无需处理"


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    type: str
    anonymisation: str = DERIVED


LETTER_FIELDS: tuple[Field, ...] = (
    Field(
        "letter_key",
        "司法建议假名编号（本数据集内按送达日期编排，不对应文号或系统编号）",
        "string",
        "假名化：不提供文号和系统编号",
    ),
    Field("court_name", "发出司法建议的法院", "string", KEPT),
    Field("court_level", "法院级别", "string", KEPT),
    Field("province", "省份（高级人民法院所在省级行政区）", "string", KEPT),
    Field("year", "年度（文号年度）", "integer", KEPT),
    Field("category", "司法建议类别", "string", KEPT),
    Field("domain", "专业领域", "string", KEPT),
    Field(
        "recipient_kind",
        "被建议单位类型",
        "string",
        "只保留单位类型，不提供被建议单位名称及其联系人",
    ),
    Field("state", "办理状态", "string", KEPT),
    Field("signed_on", "签发日期", "date", KEPT_DATE),
    Field("delivered_on", "送达日期", "date", KEPT_DATE),
    Field("reply_due_on", "答复期限届满日", "date", KEPT_DATE),
    Field("replied_on", "首次回函日期（无回函为空）", "date", KEPT_DATE),
    Field("reply_days", "送达至首次回函的天数", "integer"),
    Field("replied_in_time", "是否在答复期限内回函（无回函为空）", "boolean"),
    Field("items_total", "司法建议书所列建议条数", "integer"),
    Field("items_answered", "最新一次回函逐条答复的条数", "integer"),
    Field("items_adopted", "其中“采纳”条数（按最新回函）", "integer"),
    Field("items_partly", "其中“部分采纳”条数（按最新回函）", "integer"),
    Field("items_not_adopted", "其中“未采纳”条数（按最新回函）", "integer"),
    Field("items_explained", "其中“说明理由”条数（按最新回函）", "integer"),
    Field("outcome", "整体采纳情况（按最新回函：全部采纳/部分采纳/未采纳/待回复）", "string"),
    Field("reply_count", "回函件数", "integer"),
    Field("follow_up_kinds", "跟踪落实方式（多项以“；”分隔）", "string", KEPT),
    Field("follow_up_count", "跟踪落实记录数", "integer"),
    Field("rules_made", "推动制定或修改的制度数", "integer"),
)
ITEM_FIELDS: tuple[Field, ...] = (
    Field("letter_key", "所属司法建议的假名编号（对应 letters 表）", "string", "假名化"),
    Field("item_no", "建议序号（第几条）", "integer"),
    Field("problem_text", "对应的“存在的问题”条目文字（同序号，可能为空）", "string", TEXT_RULE),
    Field("suggestion_text", "建议条目文字", "string", TEXT_RULE),
    Field("outcome", "该条采纳情况（按最新回函；未答复为空）", "string", KEPT),
    Field("measures_text", "被建议单位采取的措施或不采纳的理由", "string", TEXT_RULE),
    Field("reason", "未采纳原因分类（法院反馈分析）", "string", KEPT),
)
REPLY_FIELDS: tuple[Field, ...] = (
    Field("letter_key", "所属司法建议的假名编号（对应 letters 表）", "string", "假名化"),
    Field("reply_no", "第几次回函（按回函日期）", "integer"),
    Field("received_on", "回函日期", "date", KEPT_DATE),
    Field("days_after_delivery", "送达至本次回函的天数", "integer"),
    Field("via_portal", "是否由被建议单位在线提交", "boolean"),
    Field("is_latest", "是否为最新一次回函（采纳情况以此为准）", "boolean"),
    Field("items_answered", "本次回函逐条答复的条数", "integer"),
    Field("items_adopted", "本次回函中“采纳”或“部分采纳”的条数", "integer"),
    Field("content_text", "回函正文", "string", TEXT_RULE),
)
DICTIONARY_FIELDS: tuple[Field, ...] = (
    Field("file", "文件名", "string", KEPT),
    Field("field", "字段名", "string", KEPT),
    Field("description", "中文说明", "string", KEPT),
    Field("type", "数据类型", "string", KEPT),
    Field("anonymisation", "去标识化处理", "string", KEPT),
)
TABLES: dict[str, tuple[Field, ...]] = {
    "letters": LETTER_FIELDS,
    "items": ITEM_FIELDS,
    "replies": REPLY_FIELDS,
}
TABLE_LABELS = {
    "letters": "司法建议（每件一行）",
    "items": "建议条目（每条建议一行）",
    "replies": "回函（每件回函一行）",
}
DICTIONARY = "data_dictionary.csv"
README = "README.md"


def data_files() -> list[str]:
    return [f"{table}.{ext}" for table in TABLES for ext in ("csv", "parquet")]


def dictionary_rows() -> list[dict[str, str]]:
    rows = []
    for table, fields in TABLES.items():
        for ext in ("csv", "parquet"):
            for f in fields:
                rows.append(
                    {
                        "file": f"{table}.{ext}",
                        "field": f.name,
                        "description": f.label,
                        "type": TYPE_LABELS[f.type],
                        "anonymisation": f.anonymisation,
                    }
                )
    for f in DICTIONARY_FIELDS:
        rows.append(
            {
                "file": DICTIONARY,
                "field": f.name,
                "description": f.label,
                "type": TYPE_LABELS[f.type],
                "anonymisation": f.anonymisation,
            }
        )
    return rows


# ---- building the rows -------------------------------------------------------------------


class Masker:
    """The research policy over free text, plus the library reviewer's own masks."""

    def __init__(self) -> None:
        from fengqiao.textlaw.anonymize import anonymize

        self._anonymize = anonymize
        self._cache: dict[str, str] = {}

    def __call__(self, text: str, extra: Iterable[tuple[str, str]] = ()) -> str:
        text = (text or "").strip()
        if not text:
            return ""
        out = self._cache.get(text)
        if out is None:
            out = self._anonymize(text, policy="research", parsed=False).text
            self._cache[text] = out
        for word, replacement in extra:
            if word:
                out = out.replace(word, replacement or sharing.MANUAL_MASK)
        return out


def letters_in_scope(court: Court, *, subtree: bool, date_from: date, date_to: date):
    courts = (
        Court.objects.filter(path__startswith=court.path)
        if subtree
        else Court.objects.filter(pk=court.pk)
    )
    return (
        Suggestion.objects.issued()
        .filter(
            court__in=courts,
            state__in=DELIVERED_STATES,
            delivered_on__gte=date_from,
            delivered_on__lte=date_to,
        )
        .exclude(doc_number="")
        .select_related("court", "recipient")
        .order_by("delivered_on", "id")
    )


def _rows_of(content: dict[str, Any], key: str) -> list[str]:
    out = []
    for row in content.get(key, []) or []:
        text = f"{(row.get('heading') or '').strip()}{(row.get('body') or '').strip()}"
        if text:
            out.append(text)
    return out


@dataclass
class Dataset:
    letters: list[dict[str, Any]]
    items: list[dict[str, Any]]
    replies: list[dict[str, Any]]

    def table(self, name: str) -> list[dict[str, Any]]:
        return getattr(self, name)


def build_dataset(letters_qs, *, masker: Masker | None = None) -> Dataset:
    """The three tables for the letters of ``letters_qs`` (a query of suggestions)."""
    from django.db.models import Prefetch

    from fengqiao.library.models import LibraryEntry, Outcome
    from fengqiao.suggestions.models import Reply, SuggestionVersion

    masker = masker or Masker()
    letters = list(
        letters_qs.prefetch_related(
            Prefetch("replies", queryset=Reply.objects.prefetch_related("items")),
            Prefetch("follow_ups", queryset=FollowUp.objects.all()),
        )
    )
    ids = [s.pk for s in letters]
    # the latest version of each letter (the letter as issued), in one query per batch
    latest: dict[int, dict[str, Any]] = {}
    for i in range(0, len(ids), 500):
        batch = ids[i : i + 500]
        for sid, content in (
            SuggestionVersion.objects.filter(suggestion_id__in=batch)
            .order_by("suggestion_id", "number")
            .values_list("suggestion_id", "content")
        ):
            latest[sid] = content or {}
    masks: dict[int, list[tuple[str, str]]] = {
        sid: sharing.manual_masks(sections or {})
        for sid, sections in LibraryEntry.objects.filter(suggestion_id__in=ids).values_list(
            "suggestion_id", "sections"
        )
    }
    provinces: dict[int, str] = {}
    categories = dict(Category.choices)
    kinds = dict(UnitKind.choices)
    levels = dict(CourtLevel.choices)
    item_labels = dict(ItemOutcome.choices)
    reasons = dict(OutcomeReason.choices)
    outcome_labels = dict(Outcome.choices)
    follow_labels = dict(FollowUp.Kind.choices)

    out = Dataset([], [], [])
    for n, s in enumerate(letters, start=1):
        key = f"L{n:05d}"
        extra = masks.get(s.pk, [])
        if s.court_id not in provinces:
            provinces[s.court_id] = sharing.province_of(s.court)
        replies = sorted(s.replies.all(), key=lambda r: (r.received_on, r.pk))
        latest_reply = replies[-1] if replies else None
        latest_items = {i.item_index: i for i in latest_reply.items.all()} if latest_reply else {}
        counts = {o: 0 for o in ItemOutcome.values}
        for item in latest_items.values():
            counts[item.outcome] = counts.get(item.outcome, 0) + 1
        follow_ups = list(s.follow_ups.all())
        kinds_seen: list[str] = []
        for f in follow_ups:
            label = follow_labels.get(f.kind, f.kind)
            if label not in kinds_seen:
                kinds_seen.append(label)
        content = latest.get(s.pk, {})
        problems = _rows_of(content, "problems")
        suggestions = _rows_of(content, "suggestions")
        first = replies[0] if replies else None
        out.letters.append(
            {
                "letter_key": key,
                "court_name": s.court.name,
                "court_level": levels.get(s.court.level, s.court.level),
                "province": provinces[s.court_id],
                "year": s.number_year,
                "category": categories.get(s.category, s.category),
                "domain": s.domain or "其他",
                "recipient_kind": kinds.get(s.recipient.kind, s.recipient.kind),
                "state": s.get_state_display(),
                "signed_on": s.signed_at.date() if s.signed_at else None,
                "delivered_on": s.delivered_on,
                "reply_due_on": s.reply_due_on,
                "replied_on": first.received_on if first else None,
                "reply_days": (first.received_on - s.delivered_on).days
                if first and s.delivered_on
                else None,
                "replied_in_time": (first.received_on <= s.reply_due_on)
                if first and s.reply_due_on
                else None,
                "items_total": len(suggestions),
                "items_answered": len(latest_items),
                "items_adopted": counts[ItemOutcome.ADOPTED],
                "items_partly": counts[ItemOutcome.PARTLY],
                "items_not_adopted": counts[ItemOutcome.NOT_ADOPTED],
                "items_explained": counts[ItemOutcome.EXPLAINED],
                "outcome": outcome_labels[sharing.outcome_of(latest_reply)],
                "reply_count": len(replies),
                "follow_up_kinds": "；".join(kinds_seen),
                "follow_up_count": len(follow_ups),
                "rules_made": sum(1 for f in follow_ups if f.rule_name.strip()),
            }
        )
        for i, text in enumerate(suggestions, start=1):
            answer = latest_items.get(i)
            out.items.append(
                {
                    "letter_key": key,
                    "item_no": i,
                    "problem_text": masker(problems[i - 1], extra) if i <= len(problems) else "",
                    "suggestion_text": masker(text, extra),
                    "outcome": item_labels.get(answer.outcome, answer.outcome) if answer else "",
                    "measures_text": masker(answer.measures, extra) if answer else "",
                    "reason": reasons.get(answer.reason, "") if answer else "",
                }
            )
        for i, reply in enumerate(replies, start=1):
            items = list(reply.items.all())
            out.replies.append(
                {
                    "letter_key": key,
                    "reply_no": i,
                    "received_on": reply.received_on,
                    "days_after_delivery": (reply.received_on - s.delivered_on).days
                    if s.delivered_on
                    else None,
                    "via_portal": reply.via_portal,
                    "is_latest": reply is latest_reply,
                    "items_answered": len(items),
                    "items_adopted": sum(
                        1 for it in items if it.outcome in (ItemOutcome.ADOPTED, ItemOutcome.PARTLY)
                    ),
                    "content_text": masker(reply.content, extra),
                }
            )
    return out


# ---- writing the files -------------------------------------------------------------------


def _csv_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    return value


def write_csv(path: Path, fields: Iterable[Field], rows: Iterable[dict[str, Any]]) -> None:
    names = [f.name for f in fields]
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(names)
        for row in rows:
            writer.writerow([_csv_value(row.get(name)) for name in names])


def write_parquet(path: Path, fields: Iterable[Field], rows: list[dict[str, Any]]) -> None:
    import polars as pl

    dtypes = {"string": pl.Utf8, "integer": pl.Int64, "date": pl.Date, "boolean": pl.Boolean}
    fields = list(fields)
    schema = {f.name: dtypes[f.type] for f in fields}
    frame = pl.DataFrame({f.name: [row.get(f.name) for row in rows] for f in fields}, schema=schema)
    frame.write_parquet(path)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 16), b""):
            digest.update(chunk)
    return digest.hexdigest()


def readme_text(meta: dict[str, str], files: list[dict[str, Any]]) -> str:
    lines = [
        "# 司法建议科研数据集",
        "",
        *(f"- {label}：{value}" for label, value in meta.items() if value),
        "",
        "## 文件",
        "",
        "| 文件 | 内容 | 行数 | SHA-256 |",
        "| --- | --- | --- | --- |",
    ]
    for f in files:
        table = f["name"].split(".")[0]
        what = TABLE_LABELS.get(table, "数据字典（各文件各字段的中文说明、类型和去标识化处理）")
        lines.append(f"| {f['name']} | {what} | {f.get('rows', '')} | `{f['sha256']}` |")
    lines += [
        "",
        "CSV 为 UTF-8（带 BOM，可直接用 Excel 打开）；Parquet 与 CSV 内容相同并带数据类型。",
        "各字段的含义见 data_dictionary.csv。三张表以 letter_key 关联。",
        "",
        "## 去标识化",
        "",
        "- 按平台去标识化的 research 策略处理全部文字字段：隐去自然人姓名（公职人员、律师除外），"
        "出生日期只保留年份，金额替换为所在区间（如“5万元以上10万元以下”）；案例库审核人在共享版本中"
        "补充隐去的文字一并隐去。",
        "- 不含被建议单位名称、联系人、文号和系统编号；司法建议以假名编号 letter_key 表示。",
        "- 签发、送达、答复期限和回函日期是机关公务行为的日期，不属个人信息，保留至日。",
        "- 只含已送达（未撤回）的司法建议的签发文本、回函与跟踪落实情况；不含草稿、征求意见稿、"
        "审核意见、考评分数和附件。",
        "",
        "## 使用要求",
        "",
        "本数据集仅限协议约定的研究用途，不得尝试重新识别任何个人或单位，不得向第三方提供。",
        "",
    ]
    return "\n".join(lines)


def write_dataset(
    folder: Path, dataset: Dataset, meta: dict[str, str], *, on_file: Callable | None = None
) -> list[dict[str, Any]]:
    """Write every file into ``folder``; returns [{name, sha256, bytes, rows}] (README last)."""
    folder.mkdir(parents=True, exist_ok=True)
    files: list[dict[str, Any]] = []
    for table, fields in TABLES.items():
        rows = dataset.table(table)
        for ext in ("csv", "parquet"):
            path = folder / f"{table}.{ext}"
            (write_csv if ext == "csv" else write_parquet)(path, fields, rows)
            files.append({"name": path.name, "rows": len(rows)})
    dictionary = dictionary_rows()
    write_csv(folder / DICTIONARY, DICTIONARY_FIELDS, dictionary)
    files.append({"name": DICTIONARY, "rows": len(dictionary)})
    for f in files:
        path = folder / f["name"]
        f["sha256"], f["bytes"] = sha256_of(path), path.stat().st_size
    readme = folder / README
    readme.write_text(readme_text(meta, files), encoding="utf-8")
    files.append({"name": README, "rows": "", "sha256": sha256_of(readme), "bytes": 0})
    files[-1]["bytes"] = readme.stat().st_size
    return files
