"""Exports of a draft: the 微信公众号 article as standalone HTML with inline styles (the public
account's editor keeps only inline styles — this export is the one place we write them; our own
pages never do), .docx of the article, the feature and the news item (not official documents:
they use the Fengqiao styles but are not checked as 公文), and the publication list as Excel."""

from __future__ import annotations

import base64
import io
from html import escape

from fengqiao.publicity.models import Channel, PublicityDraft

ACCENT = "#b3261e"
CHART_CAPTION = "图：建议送达前后同类案件数（按月；虚线为建议送达时间）"


def chart_png(draft: PublicityDraft) -> bytes | None:
    """The measured effect as a line chart (the record's monthly counts, delivery marked)."""
    chart = (draft.body or {}).get("chart")
    if not chart:
        return None
    from fengqiao.mining import charts

    series = {chart.get("subject") or "同类案件": chart["target"]}
    if chart.get("comparison"):
        series["其他案件"] = chart["comparison"]
    return charts.line_chart(
        chart["labels"],
        series,
        ylabel="件",
        marker_index=chart["delivery_index"],
        height_in=2.6,
    )


def sections_with_quotes(body: dict) -> list[dict]:
    """The article's sections, each with the pull quote shown after it (the i-th quote after
    the i-th section), as the exports place them."""
    quotes = list(body.get("quotes") or [])
    return [
        {**section, "quote": quotes[i] if i < len(quotes) else ""}
        for i, section in enumerate(body.get("sections") or [])
    ]


# ------------------------------------------------------------------ WeChat HTML

_P = "margin:0 0 16px;font-size:16px;line-height:1.9;color:#333;text-align:justify;letter-spacing:0.5px;"


def _p(text: str) -> str:
    return f'<p style="{_P}">{escape(text)}</p>'


def wechat_html(draft: PublicityDraft, *, court_name: str = "") -> str:
    b = draft.body
    out = [
        "<!doctype html>",
        '<html lang="zh-CN"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(b.get('title', ''))}</title></head>",
        '<body style="margin:0;background:#f5f5f5;">',
        '<section data-testid="wechat-article" style="max-width:677px;margin:0 auto;'
        "padding:24px 20px;background:#fff;font-family:-apple-system,'PingFang SC',"
        "'Microsoft YaHei','Noto Sans CJK SC',sans-serif;\">",
        f'<h1 style="font-size:22px;line-height:1.5;margin:0 0 12px;color:#222;">'
        f"{escape(b.get('title', ''))}</h1>",
    ]
    if court_name:
        out.append(
            f'<p style="margin:0 0 20px;font-size:14px;color:#888;">{escape(court_name)}</p>'
        )
    out.append(
        f'<section style="margin:0 0 24px;padding:12px 16px;background:#faf3f2;'
        f'border-left:4px solid {ACCENT};font-size:15px;line-height:1.8;color:#555;">'
        f"{escape(b.get('lead', ''))}</section>"
    )
    quotes = list(b.get("quotes") or [])
    chart = chart_png(draft)
    for i, section in enumerate(b.get("sections") or []):
        out.append(
            f'<h2 style="font-size:18px;margin:28px 0 14px;padding-bottom:6px;color:{ACCENT};'
            f'border-bottom:1px solid #eee;">{escape(section.get("heading", ""))}</h2>'
        )
        out += [_p(x) for x in section.get("paragraphs") or []]
        if i < len(quotes):
            out.append(
                f'<blockquote style="margin:8px 0 20px;padding:10px 16px;border:0;'
                f"border-top:1px solid {ACCENT};border-bottom:1px solid {ACCENT};"
                f'font-size:17px;line-height:1.8;color:{ACCENT};font-weight:bold;text-align:center;">'
                f"{escape(quotes[i])}</blockquote>"
            )
        if chart and section is (b.get("sections") or [])[-1]:
            data = base64.b64encode(chart).decode()
            out.append(
                f'<p style="margin:0 0 6px;text-align:center;"><img alt="{CHART_CAPTION}" '
                f'src="data:image/png;base64,{data}" style="max-width:100%;height:auto;"></p>'
                f'<p style="margin:0 0 20px;font-size:13px;color:#888;text-align:center;">'
                f"{CHART_CAPTION}</p>"
            )
    if b.get("judge"):
        out.append(
            f'<section data-testid="judge-box" style="margin:28px 0;padding:16px 18px;'
            f'background:#fff8e6;border:1px solid #f0d9a8;border-radius:6px;">'
            f'<p style="margin:0 0 10px;font-size:17px;font-weight:bold;color:#8a5a00;">'
            f"⚖ {escape(b.get('judge_title') or '法官说法')}</p>"
            + "".join(
                f'<p style="margin:0 0 10px;font-size:15px;line-height:1.8;color:#5c4a1e;">'
                f"{escape(x)}</p>"
                for x in b["judge"]
            )
            + "</section>"
        )
    if b.get("closing"):
        out.append(_p(b["closing"]))
    out.append("</section></body></html>")
    return "\n".join(out)


# ------------------------------------------------------------------ .docx


def _doc(title: str, subtitle: str = ""):
    from fengqiao.documents import blocks
    from fengqiao.documents.styles import S, add_page_numbers, new_document

    doc = new_document()
    add_page_numbers(doc.sections[0])
    blocks.add_title(doc, title)
    if subtitle:
        p = blocks.para(doc, "——" + subtitle, S.DOC_NUMBER)
        p.paragraph_format.space_after = 0
    blocks.blank(doc)
    return doc


def _kaiti(doc, text: str):
    from fengqiao.documents import blocks
    from fengqiao.documents.styles import KAITI, S, set_rfonts

    p = blocks.para(doc, style=S.BODY)
    run = p.add_run(text)
    set_rfonts(run._r, KAITI)
    return p


def _body_docx(draft: PublicityDraft, *, author: str):
    from fengqiao.documents import blocks, report_blocks
    from fengqiao.documents.styles import HEITI, S, set_rfonts

    b = draft.body
    doc = _doc(b.get("title", draft.title), b.get("subtitle", ""))
    if b.get("lead"):
        _kaiti(doc, b["lead"])
    quotes = list(b.get("quotes") or [])
    chart = chart_png(draft)
    sections = b.get("sections") or []
    for i, section in enumerate(sections, start=1):
        report_blocks.heading1(doc, i, section.get("heading", ""))
        for text in section.get("paragraphs") or []:
            blocks.para(doc, text, S.BODY)
        if i <= len(quotes):
            p = _kaiti(doc, f"“{quotes[i - 1]}”")
            p.paragraph_format.first_line_indent = None
        if chart and i == len(sections):
            report_blocks.figure(doc, chart, CHART_CAPTION.removeprefix("图："))
    if b.get("judge"):
        p = blocks.para(doc, style=S.BODY)
        run = p.add_run(f"【{b.get('judge_title') or '法官说法'}】")
        set_rfonts(run._r, HEITI)
        p.paragraph_format.keep_with_next = True
        for text in b["judge"]:
            _kaiti(doc, text)
    if b.get("closing"):
        blocks.para(doc, b["closing"], S.BODY)
    for text in b.get("paragraphs") or []:  # 工作动态
        blocks.para(doc, text, S.BODY)
    if doc.paragraphs:  # the byline never stands alone on the last page
        doc.paragraphs[-1].paragraph_format.keep_with_next = True
    p = blocks.para(doc, f"（{author}）", S.PLAIN)
    for run in p.runs:
        set_rfonts(run._r, HEITI)
    doc.core_properties.title = b.get("title", draft.title)
    doc.core_properties.author = author
    doc.core_properties.subject = draft.get_channel_display()
    return doc


def draft_docx(draft: PublicityDraft, *, author: str) -> bytes:
    from fengqiao.documents.docx_writer import document_bytes

    return document_bytes(_body_docx(draft, author=author))


DOCX_CHANNELS = (Channel.WECHAT, Channel.FEATURE, Channel.NEWS)


# ------------------------------------------------------------------ text (微博, 抖音)


def draft_text(draft: PublicityDraft) -> str:
    b = draft.body
    if draft.channel == Channel.WEIBO:
        return f"【主帖】\n{b.get('headline', '')}\n\n【长文】\n{b.get('long_post', '')}\n"
    if draft.channel == Channel.DOUYIN:
        lines = [b.get("title", ""), f"总时长：{b.get('total', 0)}秒", ""]
        for i, s in enumerate(b.get("shots") or [], start=1):
            lines += [
                f"镜头{i}（{s.get('seconds')}秒）",
                f"画面：{s.get('scene', '')}",
                f"字幕：{s.get('text', '')}",
                f"解说：{s.get('narration', '')}",
                "",
            ]
        return "\n".join(lines)
    return "\n".join(t for t in _flat(b))


def _flat(b: dict) -> list[str]:
    from fengqiao.publicity.channels import texts

    return texts(b)


# ------------------------------------------------------------------ Excel

COLUMNS = ["渠道", "标题", "法院", "状态", "计划日期", "发布日期", "链接",
           "阅读/播放量", "点赞", "转发", "评论", "建议文号"]  # fmt: skip


def publications_xlsx(drafts) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "宣传发布清单"
    sheet.append(COLUMNS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for d in drafts:
        pub = getattr(d, "publication", None) if d.state == PublicityDraft.State.PUBLISHED else None
        sheet.append(
            [
                d.get_channel_display(),
                d.title,
                d.court.name,
                d.get_state_display(),
                d.planned_on,
                pub.published_on if pub else None,
                pub.url if pub else "",
                pub.views if pub else None,
                pub.likes if pub else None,
                pub.shares if pub else None,
                pub.comments if pub else None,
                d.entry.doc_number,
            ]
        )
    for col, width in zip(
        "ABCDEFGHIJKL", (12, 40, 28, 8, 12, 12, 40, 12, 8, 8, 8, 24), strict=True
    ):
        sheet.column_dimensions[col].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
