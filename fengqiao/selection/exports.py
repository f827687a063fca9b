"""The results of a round as a notice (.docx, GB/T 9704: 通知 with the list attached as a
table) and as Excel (openpyxl, like evaluation/exports.py)."""

from __future__ import annotations

import io
from datetime import date

from fengqiao.selection.models import Nomination, Round, Tier

RESULT_COLUMNS = [
    "名次",
    "奖次",
    "作品编号",
    "推荐法院",
    "文号",
    "标题",
    "平均分",
    "中位数",
    "最低分",
    "有效评分份数",
    "离群评分份数",
]


def notice_title(round_: Round) -> str:
    year = round_.period_end.year
    return f"{round_.organiser.name}关于公布{year}年度优秀司法建议评选结果的通知"


def _tier_label(n: Nomination) -> str:
    return Tier(n.tier).label if n.tier else "—"


def _counts(n: Nomination) -> tuple[int, int]:
    reviews = [r for r in n.reviews.all() if r.submitted_at is not None]
    return len(reviews), sum(1 for r in reviews if r.outlier)


def result_rows(nominations: list[Nomination]) -> list[list]:
    rows = []
    for n in nominations:
        valid, outliers = _counts(n)
        rows.append(
            [
                n.rank or "",
                _tier_label(n),
                n.label,
                n.court.name,
                n.suggestion.doc_number,
                n.suggestion.title,
                n.mean if n.mean is not None else "",
                n.median if n.median is not None else "",
                n.minimum if n.minimum is not None else "",
                valid,
                outliers,
            ]
        )
    return rows


def results_workbook(round_: Round, nominations: list[Nomination]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "评选结果"
    sheet.append(RESULT_COLUMNS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in result_rows(nominations):
        sheet.append(row)
    for col, width in zip("ABCDEFGHIJK", (6, 8, 12, 30, 22, 40, 8, 8, 8, 12, 12), strict=True):
        sheet.column_dimensions[col].width = width
    info = book.create_sheet("说明")
    info.append(["评选名称", round_.name])
    info.append(["组织法院", round_.organiser.name])
    info.append(["参评期间", f"{round_.period_start:%Y-%m-%d} 至 {round_.period_end:%Y-%m-%d}"])
    info.append(["评分标准", round_.rubric_label])
    info.append(
        [
            "排名规则",
            "按有效评分的平均分排名；平均分相同的，依次比较中位数、最低分，仍相同的推荐在先者居前。",
        ]
    )
    info.append(
        [
            "离群评分",
            "某份评分与同一作品全部评分的中位数相差超过15分的为离群评分；"
            "剔除离群评分后仍有3份以上评分的，离群评分不计入平均分。",
        ]
    )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def results_docx(round_: Round, nominations: list[Nomination], *, issued_on: date) -> bytes:
    from fengqiao.documents import blocks, report_blocks
    from fengqiao.documents.content import format_cn_date
    from fengqiao.documents.docx_writer import document_bytes
    from fengqiao.documents.styles import S, add_page_numbers, new_document

    title = notice_title(round_)
    court = round_.organiser.name
    winners = [n for n in nominations if n.tier]
    doc = new_document()
    add_page_numbers(doc.sections[0])
    blocks.add_title(doc, title)
    blocks.blank(doc)
    blocks.add_recipient(doc, "辖区各人民法院")
    blocks.para(
        doc,
        f"为深入贯彻《最高人民法院关于综合治理类司法建议工作若干问题的规定》，提升司法建议工作质效，"
        f"我院组织开展了“{round_.name}”活动，对{round_.period_start.year}年"
        f"{round_.period_start.month}月{round_.period_start.day}日至{round_.period_end.year}年"
        f"{round_.period_end.month}月{round_.period_end.day}日期间制发的司法建议进行评选。"
        f"经各院推荐，共收到参评作品{len(nominations)}件，经匿名评审，评出获奖作品{len(winners)}件。"
        f"现将评选结果通知如下：",
        S.BODY,
    )
    ordinal = 0
    for tier, count in round_.awards:
        listed = [n for n in winners if n.tier == tier]
        if not count or not listed:
            continue
        ordinal += 1
        report_blocks.heading1(doc, ordinal, f"{Tier(tier).label}（{len(listed)}件）")
        for n in listed:
            title = n.suggestion.title
            court_name = "" if title.startswith(n.court.name) else n.court.name
            blocks.para(doc, f"{court_name}《{title}》（{n.suggestion.doc_number}）", S.BODY)
    blocks.para(
        doc,
        "希望获奖法院再接再厉，各院认真学习借鉴获奖司法建议的经验做法，"
        "进一步提高司法建议的针对性、规范性和实效性。获奖司法建议已在司法建议案例库中标注为优秀司法建议。",
        S.BODY,
    )
    blocks.signature_block(
        doc,
        attachments=[],
        court_name=court,
        issued_on_text=format_cn_date(issued_on),
        seal=True,
    )
    doc.core_properties.title = title
    doc.core_properties.author = court
    doc.core_properties.subject = "优秀司法建议评选结果"
    return document_bytes(doc)
