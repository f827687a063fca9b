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


def register_workbook(rows) -> bytes:
    today = timezone.localdate()
    # write-only: rows go to the file as they are read (chunks of 500 from the database), so
    # memory stays bounded by the output, not by openpyxl's cell objects for every row
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
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
