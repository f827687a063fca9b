"""The register (台账) as an Excel workbook."""

from __future__ import annotations

import io

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

COLUMNS = [
    "文号",
    "标题",
    "法院",
    "类别",
    "领域",
    "被建议单位",
    "状态",
    "当前承办人",
    "签发日期",
    "送达日期",
    "答复期限",
    "是否逾期",
    "回复日期",
    "期限计算说明",
]


FIELDS = (
    "doc_number",
    "title",
    "court__name",
    "category",
    "domain",
    "recipient__name",
    "state",
    "holder__full_name",
    "holder__username",
    "signed_at",
    "delivered_on",
    "reply_due_on",
    "replied_on",
    "reply_due_explanation",
)


def register_workbook(rows) -> bytes:
    """The register's rows (a queryset, filtered and sorted as the page) as one sheet.

    Read as plain values in chunks (``values_list(...).iterator()``: no model objects for the
    letter, its court, unit and holder per row) and written with openpyxl's write-only sheet
    as they are read, so time and memory grow only with what the file itself holds."""
    from fengqiao.suggestions.models import Category, State

    today = timezone.localdate()
    categories, states = dict(Category.choices), dict(State.choices)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("司法建议台账")
    for column, width in zip(
        "ABCDEFGHIJKLMN", [22, 40, 28, 12, 8, 28, 14, 10, 12, 12, 12, 8, 12, 50], strict=True
    ):
        sheet.column_dimensions[column].width = width
    header = []
    for title in COLUMNS:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    delivered = State.DELIVERED
    values = rows.select_related(None).values_list(*FIELDS)
    for (
        doc_number,
        title,
        court,
        category,
        domain,
        recipient,
        state,
        holder_name,
        holder_username,
        signed_at,
        delivered_on,
        reply_due_on,
        replied_on,
        explanation,
    ) in values.iterator(chunk_size=1000):
        # the rule of Suggestion.overdue_on, on the values
        overdue = state == delivered and reply_due_on is not None and reply_due_on < today
        sheet.append(
            [
                doc_number,
                title,
                court,
                categories.get(category, category),
                domain,
                recipient,
                states.get(state, state),
                holder_name or holder_username or "",
                timezone.localdate(signed_at) if signed_at else None,  # Suggestion.issued_on
                delivered_on,
                reply_due_on,
                "是" if overdue else "",
                replied_on,
                explanation,
            ]
        )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
