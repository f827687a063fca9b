"""The register (台账) as an Excel workbook."""

from __future__ import annotations

import io

from django.utils import timezone
from openpyxl import Workbook
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


def register_workbook(rows) -> bytes:
    today = timezone.localdate()
    book = Workbook()
    sheet = book.active
    sheet.title = "司法建议台账"
    sheet.append(COLUMNS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for s in rows.iterator(chunk_size=500):
        overdue = s.overdue_on(today)
        sheet.append(
            [
                s.doc_number,
                s.title,
                s.court.name,
                s.get_category_display(),
                s.domain,
                s.recipient.name,
                s.get_state_display(),
                str(s.holder or ""),
                s.issued_on,
                s.delivered_on,
                s.reply_due_on,
                "是" if overdue else "",
                s.replied_on,
                s.reply_due_explanation,
            ]
        )
    for column, width in zip(
        "ABCDEFGHIJKLMN", [22, 40, 28, 12, 8, 28, 14, 10, 12, 12, 12, 8, 12, 50], strict=True
    ):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
