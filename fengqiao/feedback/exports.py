"""Every table of the analysis page as one Excel workbook (one sheet per table)."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Font

from fengqiao.feedback.selectors import Table

_BAD = set("[]:*?/\\")


def _sheet_name(title: str, used: set[str]) -> str:
    name = "".join("_" if ch in _BAD else ch for ch in title)[:28] or "表"
    base, n = name, 2
    while name in used:
        name, n = f"{base[:26]}{n}", n + 1
    used.add(name)
    return name


def analysis_workbook(tables: list[Table], heading: str) -> bytes:
    book = Workbook()
    book.remove(book.active)
    used: set[str] = set()
    for table in tables:
        sheet = book.create_sheet(_sheet_name(table.title, used))
        sheet.append([table.title])
        sheet["A1"].font = Font(bold=True)
        sheet.append([heading])
        sheet.append(table.headers)
        for cell in sheet[3]:
            cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append(row)
        if table.note:
            sheet.append([])
            sheet.append([table.note])
        sheet.column_dimensions["A"].width = 36
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
