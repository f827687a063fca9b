"""The subtree figures as Excel (openpyxl, as evaluation/exports.py)."""

from __future__ import annotations

import io

COLUMNS = [
    "法院",
    "编号的司法建议",
    "已送达",
    "按期回复",
    "逾期回复",
    "未回复",
    "答复条目",
    "采纳（含部分采纳）",
    "采纳率",
    "已评分件数",
    "每件平均质量分",
]


def values(row) -> list:
    rate = row.adoption_rate
    return [
        row.court.name,
        row.issued,
        row.delivered,
        row.on_time,
        row.late,
        row.no_reply,
        row.items,
        row.adopted,
        round(rate, 4) if rate is not None else "",
        row.scored,
        row.mean_score if row.mean_score is not None else "",
    ]


def figures_workbook(rows, total, year: int) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = f"{year}年辖区法院"
    sheet.append(COLUMNS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(values(row))
    if total is not None:
        sheet.append(values(total))
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
    notes = book.create_sheet("口径")
    for line in (
        "编号的司法建议：本年度编号、未撤回（与台账“issued=1”一致）。",
        "已送达：已送达及其后各状态。按期/逾期回复：回复日期不晚于/晚于答复期限届满日。",
        "未回复：没有任何回函，且已逾期或未回函即转入跟踪落实、归档。",
        "采纳率：每件以最新一份回函的逐条答复计，采纳与部分采纳计为采纳。",
        "每件平均质量分：已评分建议各自的评分人平均分，再按件平均。",
    ):
        notes.append([line])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
