"""A draft body (or a template) as form fields and back: every text is editable; lists of texts
are one textarea (a line each); numbers (a shot's seconds) are number inputs. The chart data and
computed totals are not editable — they are the record's."""

from __future__ import annotations

from copy import deepcopy
from dataclasses import dataclass

from django.core.exceptions import ValidationError

FIXED = ("chart", "total")
MAX_TEXT = 8000
LABELS = {
    "title": "标题", "lead": "导语", "sections": "小节", "heading": "小标题",
    "paragraphs": "正文（每行一段）", "quotes": "金句（每行一条）", "judge_title": "栏目名",
    "judge": "“法官说法”（每行一段）", "closing": "结尾", "headline": "主帖",
    "long_post": "长文", "tags": "话题（每行一个，不含#）", "shots": "镜头", "scene": "画面",
    "text": "屏幕文字", "narration": "解说词", "seconds": "时长（秒）", "subtitle": "副标题",
    "opening": "开头", "context": "背景", "long_intro": "长文开头",
}  # fmt: skip


@dataclass
class Field:
    name: str
    label: str
    value: str
    kind: str  # text | lines | number

    @property
    def rows(self) -> int:
        return max(2, min(12, self.value.count("\n") + 1 + len(self.value) // 60))


def _label(path: list) -> str:
    parts = []
    for p in path:
        if isinstance(p, int):
            parts.append(f"第{p + 1}个")
        else:
            parts.append(LABELS.get(p, p))
    return " · ".join(parts)


def fields(body: dict) -> list[Field]:
    out: list[Field] = []

    def walk(value, path):
        if isinstance(value, dict):
            for key, inner in value.items():
                if key not in FIXED:
                    walk(inner, [*path, key])
        elif isinstance(value, list) and all(isinstance(x, str) for x in value):
            out.append(
                Field(".".join(map(str, path)) + "[]", _label(path), "\n".join(value), "lines")
            )
        elif isinstance(value, list):
            for i, inner in enumerate(value):
                walk(inner, [*path, i])
        elif isinstance(value, bool) or value is None:
            return
        elif isinstance(value, int):
            out.append(Field(".".join(map(str, path)), _label(path), str(value), "number"))
        elif isinstance(value, str):
            out.append(Field(".".join(map(str, path)), _label(path), value, "text"))

    walk(body, [])
    return out


def _set(body, path: list[str], value) -> None:
    target = body
    for key in path[:-1]:
        target = target[int(key)] if isinstance(target, list) else target[key]
    last = path[-1]
    if isinstance(target, list):
        target[int(last)] = value
    else:
        target[last] = value


def apply(body: dict, data) -> dict:
    """A copy of ``body`` with every field taken from ``data`` (a QueryDict or dict)."""
    new = deepcopy(body)
    errors = []
    for f in fields(body):
        raw = data.get(f.name)
        if raw is None:
            continue
        raw = str(raw).replace("\r\n", "\n")
        if len(raw) > MAX_TEXT:
            errors.append(f"“{f.label}”过长（不超过{MAX_TEXT}字）。")
            continue
        if f.kind == "lines":
            value = [line.strip() for line in raw.split("\n") if line.strip()]
            path = f.name[:-2].split(".")
        elif f.kind == "number":
            raw = raw.strip()
            if not raw.isdigit() or len(raw) > 4:
                errors.append(f"“{f.label}”须为正整数。")
                continue
            value, path = int(raw), f.name.split(".")
        else:
            value, path = raw.strip(), f.name.split(".")
        _set(new, path, value)
    if errors:
        raise ValidationError(errors)
    return new
