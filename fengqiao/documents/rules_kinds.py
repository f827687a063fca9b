"""Rules that depend on the kind of document, and the rules every letter shares beyond
法释〔2023〕11号 附件1: hanging punctuation, the order of 抄送 and 联系人, the 成文日期 against
the signing record, draft markings.

Kinds: 司法建议书 (``suggestion``), 告知函 and other 函 (``notice``), 送达回证 (``receipt``),
台账 and its 摘录 (``register``), reports such as 涉诉法治体检报告 (``report``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from .doc_number import parse_doc_number
from .reader import DocxModel, Paragraph
from .results import Collector
from .rules_content import check_title
from .structure import DATE_RE, Layout, compact

SUGGESTION, NOTICE, RECEIPT, REGISTER, REPORT = (
    "suggestion",
    "notice",
    "receipt",
    "register",
    "report",
)
KINDS: dict[str, str] = {
    SUGGESTION: "司法建议书",
    NOTICE: "告知函（函）",
    RECEIPT: "送达回证",
    REGISTER: "台账（摘录）",
    REPORT: "报告",
}
DRAFT_RE = re.compile(r"征求意见稿|讨论稿|送审稿|草稿|草案")
NUMBER_KIND_RE = re.compile(r"法[建函](?=[〔（(\[［])")  # the 文号's kind, not 司法建议书


@dataclass(frozen=True)
class SigningRecord:
    """What the register knows about the document being checked (at sign-off, on upload).

    ``signed_on``: the 签发 date the 成文日期 must show; ``draft``: the document is a draft or
    征求意见稿 (must be marked as such) rather than the signed letter (must not be)."""

    signed_on: date | None = None
    draft: bool = False


def _head(model: DocxModel, count: int = 6) -> list[Paragraph]:
    return [p for p in model.paragraphs if p.stripped][:count]


def detect_kind(model: DocxModel) -> str:
    """The kind from the title and 文号 in the first lines (司法建议书 when nothing says)."""
    head = "".join(compact(p.text) for p in _head(model))
    if "送达回证" in head:
        return RECEIPT
    if "台账" in head:
        return REGISTER
    titles = [compact(p.text) for p in _head(model) if not p.in_table]
    numbers = NUMBER_KIND_RE.findall(head)
    if is_circular(model):
        return NOTICE  # a 通知 (e.g. a selection round's results, which cites 法建 numbers)
    if "法建" in numbers or any(t.endswith("司法建议书") for t in titles):
        return SUGGESTION
    if "法函" in numbers or any(t.endswith("函") for t in titles):
        return NOTICE
    if any(t.endswith("报告") for t in titles):
        return REPORT
    return SUGGESTION


# ------------------------------------------------------------------ 函 and reports


def is_circular(model: DocxModel) -> bool:
    """A 通知 (e.g. a selection round's results notice): titled “…的通知” and without a 法函
    number — a 告知函 (法函) titled 通知 is still a 函 whose title is wrong."""
    head = "".join(compact(p.text) for p in _head(model))
    titles = [compact(p.text) for p in _head(model) if not p.in_table]
    return (
        bool(titles) and titles[0].endswith("通知") and "法函" not in NUMBER_KIND_RE.findall(head)
    )


def notice_suffix(model: DocxModel) -> str:
    """A 函-kind document's title ends with 函, a 通知's with 通知."""
    return "通知" if is_circular(model) else "函"


def check_letter_title(c: Collector, layout: Layout, *, suffix: str, what: str) -> None:
    pattern = re.compile(rf"^.*?人民法院.*关于.+{suffix}$")
    check_title(c, layout, pattern=pattern, what=what)


def check_notice_number(c: Collector, layout: Layout) -> int | None:
    """A 函's 发文字号 (e.g. 连开法函〔2025〕12号) is optional; when present, GB/T 9704 7.2.4."""
    p = layout.number
    if p is None:
        return None
    parsed = parse_doc_number(p.stripped)
    for issue in parsed.issues:
        if issue.code in ("doc_number_fajian", "doc_number_form"):
            continue  # 法函, 法 etc.: the 法建 form is the 司法建议书's
        c.add(issue.code, issue.message, p.where)
    if p.alignment != "center":
        c.add("doc_number_alignment", "发文字号应居中排布。", p.where)
    return parsed.year


# ------------------------------------------------------------------ forms: 送达回证, 台账


RECEIPT_FIELDS = ("送达文书", "受送达人", "送达地点", "送达方式", "签收", "送达人", "填发人")
REGISTER_FIELDS = ("建议书编号", "被建议单位", "成文日期", "答复期限", "送达日期")


def _cells(model: DocxModel) -> str:
    return "".join(compact(p.text) for p in model.paragraphs if p.in_table)


def check_form_title(c: Collector, model: DocxModel, *, word: str) -> None:
    head = [p for p in _head(model, 3) if not p.in_table]
    title = next((p for p in head if word in compact(p.text)), None)
    if title is None:
        c.add("missing_title", f"未找到标题（“××人民法院{word}”）。", "首部")
        return
    if title.alignment != "center":
        c.add("title_alignment", "标题应居中排布。", title.where)


def check_receipt(c: Collector, model: DocxModel) -> None:
    check_form_title(c, model, word="送达回证")
    check_form_labels(c, model)
    head = "".join(compact(p.text) for p in _head(model, 2))
    if "人民法院" not in head:
        c.add("missing_court_name", "送达回证标题应写明送达法院名称。", "首部")
    text = "".join(compact(p.text) for p in model.paragraphs)
    for name in RECEIPT_FIELDS:
        if name not in text:
            c.add("form_missing_field", f"送达回证缺少“{name}”栏。", "表格")
    if not any(
        compact(p.text) == "（院印）" or "院印" in compact(p.text) for p in model.paragraphs
    ):
        c.add("form_missing_field", "送达回证应留出加盖院印的位置（“（院印）”）。", "表格")


def check_register(c: Collector, model: DocxModel) -> None:
    check_form_title(c, model, word="台账")
    text = "".join(compact(p.text) for p in model.paragraphs)
    for name in ("填报单位", "制表日期"):
        if name not in text:
            c.add("form_missing_field", f"台账缺少“{name}”。", "首部")
    cells = _cells(model)
    for name in REGISTER_FIELDS:
        if name not in cells:
            c.add("form_missing_field", f"台账缺少“{name}”栏。", "表格")
    check_form_labels(c, model)


CELL_MARGINS_TWIPS = 2 * 108  # Word's default cell margins, 0.19 cm left and right


def check_form_labels(c: Collector, model: DocxModel) -> None:
    """No label (a centred cell paragraph) leaves one character alone on a line of its own:
    whether split by hand or wrapped by a column too narrow for it."""
    for p in model.paragraphs:
        if not (p.in_table and p.runs and p.alignment == "center" and p.stripped):
            continue
        alone = len(p.stripped) == 1
        if p.cell_width and not alone:
            per_line = int((p.cell_width - CELL_MARGINS_TWIPS) // (p.runs[0].size_pt * 20))
            text = p.stripped
            alone = per_line > 0 and len(text) > per_line and len(text) % per_line == 1
        if alone:
            c.add(
                "form_label_wrapped",
                f"栏目名称“{p.stripped}”回行后单独一字成行：应加宽栏目列或缩小字号。",
                p.where,
            )


# ------------------------------------------------------------------ shared new rules


def check_hanging_punctuation(c: Collector, layout: Layout) -> None:
    """Lines keep 28 positions inside the 版心: “允许标点溢出边界” must be off."""
    paras = [p for p in (*layout.title, *layout.body, *layout.cc) if len(p.stripped) > 20]
    hanging = [p for p in paras if p.overflow_punct]
    if hanging:
        c.add(
            "hanging_punctuation",
            f"{len(hanging)} 个段落允许行末标点悬挂在版心之外（每行会占 29 个位置）："
            "应关闭“允许标点溢出边界”（段落 → 中文版式），使每行 28 字都在 156 mm 版心内。",
            hanging[0].where,
        )


def check_cc_order(c: Collector, layout: Layout) -> None:
    """2023 样式: 联系人 and 电话 under the 落款, then 抄送 last."""
    if layout.cc and layout.contact and layout.cc[0].index < layout.contact.index:
        c.add(
            "cc_before_contact",
            "抄送应在联系人之后、文末（法释〔2023〕11号附件2样式）。",
            layout.cc[0].where,
        )


def _issued(layout: Layout) -> date | None:
    if layout.date is None:
        return None
    m = DATE_RE.match(compact(layout.date.text))
    try:
        return date(int(m["y"]), int(m["m"]), int(m["d"])) if m else None
    except ValueError:
        return None


def draft_marked(model: DocxModel) -> Paragraph | None:
    """The 征求意见稿/讨论稿 mark on the first page (the first lines, before the body)."""
    for p in _head(model, 4):
        if DRAFT_RE.search(p.stripped):
            return p
    return None


def check_draft(
    c: Collector, model: DocxModel, layout: Layout, record: SigningRecord | None
) -> None:
    mark = draft_marked(model)
    if mark is not None and (layout.date is not None or layout.seal is not None):
        c.add(
            "draft_with_signature",
            "征求意见稿（草稿）不应有院印位置和成文日期：签发后才落款。",
            (layout.date or layout.seal).where,
        )
    if record is None:
        return
    if record.draft and mark is None:
        c.add(
            "draft_unmarked",
            "这是尚未签发的稿件：首页应标明“征求意见稿”（或“讨论稿”），以免被当作正式文书。",
            "首页",
        )
    if not record.draft and mark is not None:
        c.add(
            "signed_marked_draft",
            f"已签发的文书不应再标“{DRAFT_RE.search(mark.stripped)[0]}”。",
            mark.where,
        )


def check_record_date(c: Collector, layout: Layout, record: SigningRecord | None) -> None:
    if record is None or record.draft or record.signed_on is None:
        return
    issued = _issued(layout)
    if issued is not None and issued != record.signed_on:
        shown = f"{record.signed_on.year}年{record.signed_on.month}月{record.signed_on.day}日"
        c.add(
            "date_not_signing_date",
            f"成文日期 {layout.date.stripped} 与签发日期 {shown} 不一致：成文日期以负责人签发的"
            "日期为准（GB/T 9704-2012 7.3.5.1）。",
            layout.date.where,
        )
