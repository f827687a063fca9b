"""Excel exports of every 考评 table and the recipient scorecard (.docx, GB/T 9704 styles) for
the local 依法治市/县办. Heavy libraries are imported inside the functions."""

from __future__ import annotations

import io
from datetime import date

from fengqiao.evaluation import rules
from fengqiao.evaluation.periods import Period
from fengqiao.evaluation.selectors import BY, RankRow, RecipientRow

EFFECT_KEYS = list(rules.EFFECT_RULES)


def _book():
    from openpyxl import Workbook

    return Workbook()


def _header(sheet, columns: list[str]) -> None:
    from openpyxl.styles import Font

    sheet.append(columns)
    for cell in sheet[1]:
        cell.font = Font(bold=True)


def _bytes(book) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


RANK_COLUMNS = [
    "名次",
    "名称",
    "法院",
    "建议件数",
    "已评分件数",
    "每件平均质量分",
    "谏分",
    "纳分",
    "合计",
]


def rank_values(i: int, row: RankRow) -> list:
    return [
        i,
        row.label,
        row.court,
        row.letters,
        row.scored,
        row.quality if row.quality is not None else "",
        row.jian,
        row.na,
        row.total,
    ]


def ranking_workbook(rows: list[RankRow], *, by: str, period: Period) -> bytes:
    book = _book()
    sheet = book.active
    sheet.title = f"{BY[by]}积分"
    labels = [rules.EFFECT_RULES[k].label for k in EFFECT_KEYS]
    extra = ["反向追溯案件数", "谈话提醒次数"] if by == "judge" else []
    award = ["优秀司法建议评选获奖（件次）"]  # h-selection: the award part (rules.AWARD_RULES)
    _header(sheet, RANK_COLUMNS + [f"{label}（计数）" for label in labels] + award + extra)
    for i, row in enumerate(rows, start=1):
        values = rank_values(i, row) + [row.parts.get(k, 0) for k in EFFECT_KEYS]
        values.append(row.parts.get("award", 0))
        if by == "judge":
            values += [row.backtrace_cases or 0, row.reminders or 0]
        sheet.append(values)
    rules_sheet = book.create_sheet("计分规则")
    _rules_sheet(rules_sheet, period)
    return _bytes(book)


def _rules_sheet(sheet, period: Period) -> None:
    _header(sheet, ["规则", "分值", "依据"])
    sheet.append(
        [
            "谏分（每件）",
            f"0–{rules.JIAN_MAX:g}",
            f"评分标准百分制得分超过{rules.PASS_MARK:g}分的部分按比例折算；未评分或不超过"
            f"{rules.PASS_MARK:g}分不计",
        ]
    )
    for rule in rules.EFFECT_RULES.values():
        sheet.append([rule.label, rule.points, rule.basis])
    sheet.append(["统计期间", period.label, "按签发（成文）日期"])


RECIPIENT_COLUMNS = [
    "单位",
    "类型",
    "收到建议（件）",
    "按期回复",
    "逾期回复",
    "逾期未回复",
    "未到期",
    "采纳（条）",
    "部分采纳",
    "未采纳",
    "说明理由",
    "采纳率（%）",
    "建章立制（项）",
    "纳分",
]


def recipient_values(row: RecipientRow) -> list:
    return [
        row.name,
        row.kind_label,
        row.received,
        row.on_time,
        row.late,
        row.never,
        row.waiting,
        row.adopted,
        row.partly,
        row.not_adopted,
        row.explained,
        row.adoption_rate if row.adoption_rate is not None else "",
        row.rules,
        row.points,
    ]


def recipients_workbook(
    rows: list[RecipientRow], kinds: list[RecipientRow], *, period: Period
) -> bytes:
    book = _book()
    sheet = book.active
    sheet.title = "被建议单位"
    _header(sheet, RECIPIENT_COLUMNS)
    for row in rows:
        sheet.append(recipient_values(row))
    by_kind = book.create_sheet("按单位类型")
    _header(by_kind, RECIPIENT_COLUMNS)
    for row in kinds:
        by_kind.append(recipient_values(row))
    rules_sheet = book.create_sheet("计分规则")
    _header(rules_sheet, ["规则", "分值", "依据"])
    for rule in rules.RECIPIENT_RULES.values():
        rules_sheet.append([rule.label, rule.points, rule.basis])
    rules_sheet.append(["统计期间", period.label, "按送达日期；采纳情况以每件建议最新一次回函为准"])
    return _bytes(book)


def letters_workbook(letters) -> bytes:
    """The letters behind a row, one line each with every part."""
    book = _book()
    sheet = book.active
    sheet.title = "建议明细"
    labels = [rules.EFFECT_RULES[k].label for k in EFFECT_KEYS]
    _header(
        sheet,
        [
            *["文号", "标题", "起草人", "质量分", "评分人数", "谏分", "纳分", "合计", *labels],
            "优秀司法建议评选获奖",  # h-selection: the award part (rules.AWARD_RULES)
        ],
    )
    for lp in letters:
        s = lp.suggestion
        sheet.append(
            [
                s.doc_number,
                s.title,
                s.drafter.display_name,
                lp.quality if lp.quality is not None else "",
                lp.scorers,
                lp.jian,
                lp.na,
                lp.total,
                *[sum(p.points for p in lp.parts if p.key == k) for k in EFFECT_KEYS],
                sum(p.points for p in lp.parts if p.key == "award"),
            ]
        )
    return _bytes(book)


# ---- the scorecard (.docx) -----------------------------------------------------------------


def scorecard_title(court_name: str, period: Period) -> str:
    return f"{court_name}{period.label}司法建议被建议单位反馈落实情况表"


def recipients_docx(
    rows: list[RecipientRow],
    kinds: list[RecipientRow],
    *,
    court_name: str,
    period: Period,
    issued_on: date,
) -> bytes:
    """A short report for the 依法治市/县办: the figures per unit and per kind, the rules."""
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm

    from fengqiao.documents import blocks
    from fengqiao.documents.content import format_cn_date
    from fengqiao.documents.docx_writer import document_bytes
    from fengqiao.documents.styles import (
        TEXT_WIDTH_MM,
        S,
        add_page_numbers,
        new_document,
        set_table_widths,
    )

    doc = new_document()
    add_page_numbers(doc.sections[0])
    title = scorecard_title(court_name, period)
    blocks.add_title(doc, title)
    blocks.blank(doc)
    received = sum(r.received for r in rows)
    on_time = sum(r.on_time for r in rows)
    items = sum(r.items for r in rows)
    adopted = sum(r.adopted + r.partly for r in rows)
    rate = f"{adopted / items:.0%}" if items else "—"
    blocks.para(
        doc,
        f"{period.label}，我院向{len(rows)}家单位送达司法建议{received}件，按期书面回复{on_time}件；"
        f"各单位对{items}条建议逐条作出答复，采纳（含部分采纳）{adopted}条，采纳率{rate}；"
        f"推动建章立制{sum(r.rules for r in rows)}项。按《最高人民法院关于综合治理类司法建议工作"
        "若干问题的规定》第八条，被建议单位应当在两个月内书面反馈。现将各单位反馈落实情况报送，"
        "供法治建设考核参考。",
        S.BODY,
    )

    def table(header: list[str], values: list[list], widths: list[float]) -> None:
        grid = doc.add_table(rows=1 + len(values), cols=len(header))
        grid.style = doc.styles["Table Grid"]
        grid.alignment = WD_TABLE_ALIGNMENT.CENTER
        scale = TEXT_WIDTH_MM / sum(widths)
        set_table_widths(grid, [Mm(w * scale) for w in widths])
        for r, line in enumerate([header, *values]):
            for c, value in enumerate(line):
                p = grid.rows[r].cells[c].paragraphs[0]
                p.style = doc.styles[S.TABLE_SMALL]
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER if c else WD_ALIGN_PARAGRAPH.LEFT
                p.add_run("" if value is None else str(value))
        blocks.para(doc, "", S.TABLE_SMALL)

    header = [
        "单位",
        "收到",
        "按期",
        "逾期",
        "未复",
        "采纳",
        "部分",
        "未采纳",
        "说明",
        "采纳率",
        "建章",
        "纳分",
    ]

    def line(row: RecipientRow) -> list:
        rate_text = f"{row.adoption_rate:g}%" if row.adoption_rate is not None else "—"
        return [
            row.name,
            row.received,
            row.on_time,
            row.late,
            row.never,
            row.adopted,
            row.partly,
            row.not_adopted,
            row.explained,
            rate_text,
            row.rules,
            f"{row.points:g}",
        ]

    widths = [46, 10, 10, 10, 10, 10, 10, 12, 10, 14, 10, 12]
    blocks.add_heading1(doc, 1, "各被建议单位反馈落实情况")
    table(header, [line(r) for r in rows], widths)
    blocks.add_heading1(doc, 2, "按单位类型汇总")
    table(["单位类型", *header[1:]], [line(r) for r in kinds], widths)
    blocks.add_heading1(doc, 3, "计分规则")
    for rule in rules.RECIPIENT_RULES.values():
        blocks.para(doc, f"{rule.label}：{rule.points:g}分（{rule.basis}）。", S.BODY)
    blocks.para(doc, "采纳情况以每件建议最新一次回函的逐条答复为准；统计按送达日期。", S.BODY)
    blocks.blank(doc, 2)
    blocks.add_signature(doc, court_name, format_cn_date(issued_on), seal=False)
    doc.core_properties.title = title
    return document_bytes(doc)
