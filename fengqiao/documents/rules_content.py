"""Rules of 法释〔2023〕11号 附件1 (elements, numbering, one-to-one, reply period, 尾部)."""

from __future__ import annotations

import re
from datetime import date

from .doc_number import parse_doc_number
from .results import Collector
from .rules_format import CHAR_TWIPS_RANGE, check_text_font
from .structure import ATTACHMENT_RE, DATE_RE, TITLE_RE, Layout, compact, outline

CC_CHAR_TWIPS = 280  # one 4号 character

PHONE_RE = re.compile(r"(\(?0\d{2,3}\)?[-－—\s]?)?\d{7,8}|1[3-9]\d{9}|\d{3,4}-\d{7,8}")
REPLY_RE = re.compile(
    r"(?P<n>[0-9]+|[一二两三四五六七八九十]+)\s*(?P<unit>个月|月|个工作日|日|天)内"
)
_CN_VALUES = {
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
    "十": 10,
}


def _cn_int(text: str) -> int:
    if text.isdigit():
        return int(text)
    if text.startswith("十"):
        return 10 + _CN_VALUES.get(text[1:], 0) if len(text) > 1 else 10
    if "十" in text:
        tens, _, ones = text.partition("十")
        return _CN_VALUES.get(tens, 0) * 10 + _CN_VALUES.get(ones, 0)
    return _CN_VALUES.get(text, 0)


def check_title(
    c: Collector, layout: Layout, *, pattern: re.Pattern[str] = TITLE_RE, what: str = "司法建议书"
) -> None:
    """“××人民法院关于××的{what}”, in 2号 小标宋, centred (the letters, 函 and reports)."""
    if not layout.title:
        c.add("missing_title", f"未找到标题（“××人民法院关于××的{what}”）。", "首部")
        return
    if not pattern.match(layout.title_text):
        c.add(
            "title_form",
            f"标题应为“××人民法院关于××的{what}”形式，当前为“{layout.title_text}”。",
            layout.title[0].where,
        )
    for p in layout.title:
        check_text_font(
            c,
            p,
            family="小标宋",
            size=22,
            font_code="title_font",
            size_code="title_size",
            what="标题",
        )
        if p.alignment != "center":
            c.add("title_alignment", "标题应居中排布。", p.where)


def check_number(c: Collector, layout: Layout) -> int | None:
    p = layout.number
    if p is None:
        c.add(
            "missing_doc_number",
            "未找到司法建议书编号（如“连开法建〔2025〕3号”），应在标题下居中标注。",
            "首部",
        )
        return None
    supreme = layout.title_text.startswith("最高人民法院")
    parsed = parse_doc_number(p.stripped, supreme_court=supreme)
    for issue in parsed.issues:
        c.add(issue.code, issue.message, p.where)
    if p.alignment != "center":
        c.add("doc_number_alignment", "编号应居中排布。", p.where)
    check_text_font(
        c, p, family="仿宋", size=16, font_code="body_font", size_code="body_size", what="编号"
    )
    return parsed.year


def check_recipient(c: Collector, layout: Layout) -> None:
    p = layout.recipient
    if p is None:
        c.add("missing_recipient", "未找到被建议单位名称（标题下一行，以全角冒号结尾）。", "首部")
        return
    if not p.stripped.endswith("："):
        c.add("recipient_colon", "被建议单位名称后应使用全角冒号“：”。", p.where)
    if p.first_line > 40 or p.left > 40 or p.alignment not in ("left", "both"):
        c.add("recipient_indent", "被建议单位名称应居左顶格，不缩进。", p.where)
    check_text_font(
        c,
        p,
        family="仿宋",
        size=16,
        font_code="body_font",
        size_code="body_size",
        what="被建议单位名称",
    )


def check_structure(c: Collector, layout: Layout) -> None:
    body = layout.body
    where_body = body[0].where if body else "正文"
    shape = outline(body)
    if shape.first_problem_index == 0 or not body:
        c.add(
            "missing_background",
            "主文应先简要说明该领域工作的重要性和被建议单位已采取的主要举措及成效。",
            where_body,
        )
    if shape.problems_count is None:
        c.add("missing_problems", "未找到审判执行中发现的问题（如“一、存在的问题”）。", where_body)
    if shape.suggestions_count is None:
        c.add(
            "missing_suggestions",
            "未找到具体建议（如“二、司法建议”或“为此，特建议：”）。",
            where_body,
        )
    p_n, s_n = shape.problems_count, shape.suggestions_count
    if p_n is not None and s_n is not None and p_n != s_n and max(p_n, s_n) > 1:
        if min(p_n, s_n) > 0 or max(p_n, s_n) > 1:
            at = shape.suggestions_at or shape.problems_at
            c.add(
                "suggestions_not_one_to_one",
                f"建议与问题应当一一对应：列出问题 {p_n} 项，提出建议 {s_n} 项。",
                at.where if at else where_body,
            )
    reply = None
    for p in body:
        if any(k in p.text for k in ("反馈", "答复", "回复")) and (m := REPLY_RE.search(p.text)):
            reply = (p, m)
    if reply is None:
        c.add(
            "missing_reply_period",
            "未写明书面反馈期限（如“请你单位……在两个月内向我院书面反馈”）。",
            where_body,
        )
        return
    p, m = reply
    n = _cn_int(m["n"])
    days = n * 30 if "月" in m["unit"] else n
    if days > 61:
        c.add(
            "reply_period_too_long",
            f"反馈期限“{m.group(0)}”超过两个月；答复期限一般不超过两个月"
            "（法释〔2023〕11号第八条），法律、司法解释另有规定的除外。",
            p.where,
        )


def check_signature(c: Collector, layout: Layout, number_year: int | None) -> None:
    date_p = layout.date
    if date_p is None:
        c.add("missing_date", "落款缺少成文日期（如“2025年3月5日”）。", "尾部")
    else:
        m = DATE_RE.match(compact(date_p.text))
        assert m is not None
        parts = (m["y"], m["m"], m["d"])
        valid = all(x.isascii() and x.isdigit() for x in parts)
        issued = None
        if valid:
            try:
                issued = date(int(m["y"]), int(m["m"]), int(m["d"]))
            except ValueError:
                valid = False
        if not valid or any(x.startswith("0") for x in parts[1:]):
            c.add(
                "date_format",
                "成文日期应使用阿拉伯数字标全年、月、日，月、日不编虚位（如2025年3月5日）。",
                date_p.where,
            )
        right_chars = date_p.right / 320
        trailing = len(date_p.text) - len(date_p.text.rstrip("　 "))
        if date_p.alignment == "right":
            ok = 3.5 <= right_chars <= 4.6 or (right_chars < 0.5 and trailing >= 4)
        else:
            ok = False
        if not ok:
            c.add("date_indent", "成文日期应右对齐并右空四字。", date_p.where)
        if issued and number_year and number_year >= 1000 and issued.year != number_year:
            c.add(
                "doc_number_year_mismatch",
                f"编号年份 {number_year} 与成文日期年份 {issued.year} 不一致。",
                layout.number.where if layout.number else date_p.where,
            )
        check_text_font(
            c,
            date_p,
            family="仿宋",
            size=16,
            font_code="body_font",
            size_code="body_size",
            what="成文日期",
        )
    if layout.court is None:
        c.add(
            "missing_court_name",
            "落款缺少法院名称（成文日期上方）。",
            date_p.where if date_p else "尾部",
        )
    else:
        title = TITLE_RE.match(layout.title_text)
        court = compact(layout.court.text)
        if title and court != title["court"]:
            c.add(
                "court_name_mismatch",
                f"落款法院“{court}”与标题中的法院“{title['court']}”不一致。",
                layout.court.where,
            )
    for p in layout.attachments:
        if date_p is not None and p.index > date_p.index:
            c.add(
                "attachment_after_date",
                "附件说明应在正文之后、成文日期之前注明（法释〔2023〕11号附件1）。",
                p.where,
            )
            break
    for p in layout.attachments:
        text = p.stripped
        name = ATTACHMENT_RE.sub("", text) if text.startswith("附件") else text
        if text.startswith("附件") and not text.startswith("附件："):
            c.add("attachment_format", "附件说明应为“附件：”（全角冒号）后接名称。", p.where)
        elif name.endswith(("。", "；", "，", ".", ";", ",")):
            c.add("attachment_format", "附件名称后不加标点符号。", p.where)


def check_contact(c: Collector, layout: Layout) -> None:
    p = layout.contact
    if p is None:
        c.add(
            "missing_contact",
            "尾部缺少联系人姓名和电话（如“联系人：王某某　联系电话：……”）。",
            "尾部",
        )
        return
    name = re.sub(r"^联系人[：:]?\s*", "", p.stripped)
    if not name or name.startswith(("联系电话", "电话")):
        c.add("missing_contact", "联系人姓名为空。", p.where)
    digits = PHONE_RE.search(p.stripped.replace(" ", ""))
    if not digits:
        c.add("missing_contact_phone", "缺少联系人电话。", p.where)


def check_cc(c: Collector, layout: Layout) -> None:
    if not layout.cc:
        return
    first = layout.cc[0]
    text = "".join(p.stripped for p in layout.cc)
    if not text.endswith("。"):
        c.add("cc_punctuation", "最后一个抄送单位名称后应标句号“。”。", layout.cc[-1].where)
    names = re.sub(r"^抄送[：:]?", "", text).rstrip("。")
    if not text.startswith("抄送："):
        c.add("cc_separator", "“抄送”后应使用全角冒号“：”。", first.where)
    if re.search(r"[;；,/／]|\S\s+\S", names):
        c.add("cc_separator", "抄送单位之间应使用“，”或“、”分隔。", first.where)
    if len(layout.cc) == 1 and len(text) > 28:
        # hanging three characters (“抄送：”) of 4号 (GB/T 9704 7.4.2) or 3号 text; the
        # left indent may add the one character 版记 lines keep free on each side
        hang = -first.first_line
        if not (CC_CHAR_TWIPS * 3 - 60 <= hang <= CHAR_TWIPS_RANGE[1] * 3 + 60) or not (
            -60 <= first.left - hang <= CHAR_TWIPS_RANGE[1] + 60
        ):
            c.add(
                "cc_alignment",
                "抄送单位回行时应与冒号后的首字对齐（悬挂缩进三字）。",
                first.where,
            )
