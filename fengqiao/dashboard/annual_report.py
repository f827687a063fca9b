"""××人民法院关于YYYY年度司法建议工作情况的报告 — the annual report to the People's Congress
(2023 规定 art. 11), as a GB/T 9704 document: every figure from :mod:`.annual`, charts drawn into
it, typical suggestions from the record, and two sections the court writes itself (存在的问题,
下一步工作打算) — pre-filled only with what the figures show."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from docx.document import Document

from fengqiao.documents import blocks, report_blocks
from fengqiao.documents.content import Item, chinese_ordinal, format_cn_date
from fengqiao.documents.docx_writer import document_bytes
from fengqiao.documents.styles import S, add_page_numbers, new_document
from fengqiao.mining import charts

from .annual import AnnualFigures, TypicalLetter

DEFINITIONS = (
    "本报告所称年度司法建议，是指本年度编号（签发）的司法建议，已撤回的不计入；"
    "按期回复，是指在答复期限届满日之前（含当日）回复；采纳率按建议事项计算，"
    "以被建议单位最新一次回函为准，含部分采纳；建章立制、联合专项整治按本年度开展的跟踪落实活动计算；"
    "质量评查得分为评查人员评分的平均分；典型司法建议取自司法建议案例库中经审核发布的共享版本。"
)


def report_title(court_name: str, year: int) -> str:
    return f"{court_name}关于{year}年度司法建议工作情况的报告"


def congress_name(court_name: str) -> str:
    """The People's Congress standing committee a court reports to, from the court's name:
    江苏省南京市鼓楼区人民法院 → 南京市鼓楼区人民代表大会常务委员会; 江苏省南京市中级人民法院 →
    南京市人民代表大会常务委员会; 江苏省高级人民法院 → 江苏省人民代表大会常务委员会."""
    name = re.sub(r"(高级|中级)?人民法院$", "", court_name)
    # a development zone has no People's Congress of its own: its city's
    name = re.sub(r"(经济技术|高新技术产业|经济|高新技术)?(开发区|高新区)$", "", name)
    if not name.endswith(("省", "自治区", "市", "州", "地区", "盟", "县", "旗", "区")):
        name += "市"
    parts = re.findall(r".+?(?:省|自治区|市|自治州|州|地区|盟|县|自治县|旗|区)", name)
    if len(parts) >= 2 and parts[0].endswith(("省", "自治区")):
        name = "".join(parts[1:])
    return f"{name}人民代表大会常务委员会"


def _pct(x: float | None) -> str:
    return "—" if x is None else f"{x * 100:.1f}%"


def suggested_problems(fig: AnnualFigures) -> list[str]:
    """Problems the figures show (the court edits and adds its own)."""
    out = []
    late = fig.replied_late + fig.not_replied
    if late:
        out.append(
            f"部分被建议单位未在规定期限内回复：逾期回复{fig.replied_late}件，"
            f"期限届满仍未回复{fig.not_replied}件。"
        )
    rate = fig.adoption_rate
    if rate is not None and rate < 0.8:
        not_adopted = fig.items.get("not_adopted", 0) + fig.items.get("explained", 0)
        out.append(
            f"建议事项采纳率为{_pct(rate)}，有{not_adopted}项建议未被采纳或被说明理由，"
            "建议的精准性和可操作性仍需提高。"
        )
    if fig.issued and not fig.rules_made:
        out.append("本年度司法建议推动被建议单位建章立制的情况尚无记录，跟踪问效有待加强。")
    return out or ["经梳理本年度数据，未发现突出问题。"]


def suggested_plan(fig: AnnualFigures) -> list[str]:
    out = [
        "坚持质量优先，围绕审判执行中发现的社会治理问题精准提出司法建议，加强类案分析和数据支撑。"
    ]
    if fig.not_replied:
        out.append(f"对期限届满仍未回复的{fig.not_replied}件司法建议，逐件督促回复并跟踪落实。")
    out.append("加强与被建议单位的事前沟通和事后回访，推动建议内容转化为制度措施。")
    return out


@dataclass(frozen=True)
class AnnualReport:
    figures: AnnualFigures
    typical: list[TypicalLetter]
    problems: list[str]
    plan: list[str]
    issued_on: date


def _rows(rows, total: int) -> list[list[str]]:
    out = [[r.label, str(r.count), _pct(r.count / total if total else None)] for r in rows]
    out.append(["合计", str(total), "100.0%" if total else "—"])
    return out


def _basic(doc: Document, fig: AnnualFigures, n: list[int], scope: str) -> None:
    report_blocks.heading1(doc, 1, "基本情况")
    report_blocks.heading2(doc, 1, "司法建议发出情况")
    text = f"{fig.year}年，{scope}共发出司法建议{fig.issued}件"
    if fig.previous_issued:
        text += f"（上年{fig.previous_issued}件）"
    if fig.withdrawn:
        text += f"，另有{fig.withdrawn}件编号后撤回，不计入本报告统计"
    text += "。"
    if fig.by_category:
        text += "按类别分，" + "、".join(f"{r.label}{r.count}件" for r in fig.by_category) + "。"
    blocks.para(doc, text, S.BODY)
    if fig.issued:
        report_blocks.table(
            doc, "表1　司法建议按专业领域分布", ["专业领域", "件数", "占比"],
            _rows(fig.by_domain, fig.issued), [70, 40, 40], left_cols=(0,), total_row=True,
        )  # fmt: skip
        report_blocks.table(
            doc, "表2　司法建议按被建议单位类型分布", ["被建议单位类型", "件数", "占比"],
            _rows(fig.by_recipient_kind, fig.issued), [70, 40, 40], left_cols=(0,), total_row=True,
        )  # fmt: skip
        if any(fig.by_month):
            png = charts.bar_chart([f"{m}月" for m in range(1, 13)], fig.by_month, height_in=2.4)
            n[0] += 1
            report_blocks.figure(doc, png, f"图{n[0]}　{fig.year}年各月签发司法建议数（件）")
    if fig.subtree and fig.by_court:
        report_blocks.table(
            doc, "表3　辖区各法院发出司法建议情况", ["法院", "件数", "占比"],
            _rows(fig.by_court, fig.issued), [90, 30, 30], left_cols=(0,), total_row=True,
        )  # fmt: skip

    report_blocks.heading2(doc, 2, "送达和回复情况")
    text = (
        f"已送达{fig.delivered}件。已回复{fig.replied}件，其中按期回复{fig.replied_on_time}件、"
        f"逾期回复{fig.replied_late}件；答复期限届满仍未回复{fig.not_replied}件；"
        f"尚在答复期限内{fig.awaiting}件。按期回复率{_pct(fig.on_time_rate)}"
        f"（统计截至{format_cn_date(fig.as_of)}）。"
    )
    blocks.para(doc, text, S.BODY)

    report_blocks.heading2(doc, 3, "采纳和落实情况")
    items = fig.items
    text = (
        f"被建议单位回函涉及建议事项{items.get('total', 0)}项，其中采纳{items.get('adopted_only', 0)}项、"
        f"部分采纳{items.get('partly', 0)}项、未采纳{items.get('not_adopted', 0)}项、"
        f"说明理由{items.get('explained', 0)}项，采纳率（含部分采纳）{_pct(fig.adoption_rate)}。"
        f"本年度推动建章立制{fig.rules_made}项，开展联合专项整治{fig.campaigns}次。"
    )
    if fig.rule_names:
        text += "制定或修改的制度包括：" + "、".join(
            f"《{n.strip('《》')}》" for n in fig.rule_names[:8]
        )
        text += "等。" if len(fig.rule_names) > 8 else "。"
    blocks.para(doc, text, S.BODY)
    if items.get("total"):
        labels = ["采纳", "部分采纳", "未采纳", "说明理由"]
        keys = ["adopted_only", "partly", "not_adopted", "explained"]
        png = charts.pie_chart(labels, [items.get(k, 0) for k in keys], unit="项", height_in=2.0)
        n[0] += 1
        report_blocks.figure(doc, png, f"图{n[0]}　建议事项采纳情况")

    report_blocks.heading2(doc, 4, "质量评查和优秀司法建议评选情况")
    blocks.para(doc, scoring_text(fig), S.BODY)


def scoring_text(fig: AnnualFigures) -> str:
    from fengqiao.evaluation.rules import PASS_MARK

    if not fig.scored:
        text = "本年度发出的司法建议尚未进行质量评查。"
    else:
        text = (
            f"按司法建议质量评分标准，对本年度发出的{fig.scored}件司法建议进行了评查，"
            f"平均得分{fig.quality_mean:.1f}分（百分制），{fig.quality_passed}件得分高于"
            f"{PASS_MARK:.0f}分。"
        )
    if fig.awards:
        text += (
            "在优秀司法建议评选中，"
            + "、".join(f"获{r.label}{r.count}件" for r in fig.awards)
            + "。"
        )
    return text


def _typical(doc: Document, typical: list[TypicalLetter]) -> None:
    report_blocks.heading1(doc, 2, "典型司法建议")
    if not typical:
        blocks.para(
            doc, "本年度尚无经审核发布到司法建议案例库、并被被建议单位采纳的司法建议。", S.BODY
        )
        return
    for i, t in enumerate(typical, start=1):
        body = f"{t.doc_number}司法建议书发往{t.recipient}"
        if t.problems:
            body += "，针对" + "、".join(p.rstrip("。；;，,") for p in t.problems[:3])
            body += "等问题提出建议"
        body += "。"
        if t.measures:
            body += (
                "被建议单位回函称：" + "；".join(m.rstrip("。；;") for m in t.measures[:3]) + "。"
            )
        if t.effect:
            body += t.effect.rstrip("。") + "。"
        title = t.title + ("（优秀司法建议）" if t.excellent else "")
        blocks.add_item(doc, i, Item(title, body))


def _listed(doc: Document, ordinal: int, heading: str, paragraphs: list[str]) -> None:
    """A section of "一是……" paragraphs (one paragraph without the prefix)."""
    report_blocks.heading1(doc, ordinal, heading)
    texts = [p.strip() for p in paragraphs if p.strip()]
    for i, text in enumerate(texts, start=1):
        blocks.para(doc, (f"{chinese_ordinal(i)}是" if len(texts) > 1 else "") + text, S.BODY)


def build_annual_report_document(report: AnnualReport) -> Document:
    fig = report.figures
    court = fig.court.name
    scope = "本院及辖区法院" if fig.subtree else "本院"
    doc = new_document()
    add_page_numbers(doc.sections[0])
    title = report_title(court, fig.year)
    blocks.add_title(doc, title)
    blocks.blank(doc)
    blocks.add_recipient(doc, congress_name(court))
    blocks.para(
        doc,
        f"根据《最高人民法院关于综合治理类司法建议工作若干问题的规定》第十一条，"
        f"现将{scope}{fig.year}年度司法建议工作情况报告如下：",
        S.BODY,
    )
    n = [0]
    _basic(doc, fig, n, scope)
    _typical(doc, report.typical)
    _listed(doc, 3, "存在的问题", report.problems)
    _listed(doc, 4, "下一步工作打算", report.plan)
    blocks.para(doc, "说明：" + DEFINITIONS, S.BODY)
    blocks.para(doc, "特此报告。", S.BODY)
    blocks.signature_block(
        doc,
        attachments=[],
        court_name=court,
        issued_on_text=format_cn_date(report.issued_on),
        seal=True,
    )
    doc.core_properties.title = title
    doc.core_properties.author = court
    doc.core_properties.subject = "司法建议工作年度报告"
    return doc


def build_annual_report_docx(report: AnnualReport) -> bytes:
    return document_bytes(build_annual_report_document(report))
