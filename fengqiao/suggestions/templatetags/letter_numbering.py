"""The document's numbering in pages: “一、” for parts, “（一）” for problems and suggestions,
the same as the Word letter (GB/T 9704 层次序数)."""

from __future__ import annotations

from django import template

from fengqiao.documents.content import chinese_ordinal

register = template.Library()


@register.filter
def cn_ordinal(value) -> str:
    """1 → 一, 12 → 十二 (what the letter prints inside “（）” and before “、”)."""
    try:
        return chinese_ordinal(int(value))
    except (TypeError, ValueError):
        return str(value)
