"""From a suggestion and one of its versions to the documents: the 司法建议书 and 告知函."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone

from fengqiao.documents.checker import SigningRecord, check_docx
from fengqiao.documents.content import (
    DeliveryReceiptContent,
    Item,
    NoticeContent,
    RegisterExtractContent,
    SuggestionContent,
    register_extract_from_suggestion,
)
from fengqiao.documents.docx_writer import render_suggestion_docx
from fengqiao.documents.results import CheckError, CheckResult

EMPTY_CONTENT: dict[str, Any] = {
    "title": "",
    "topic": "",
    "background": [],
    "problems": [],
    "suggestions": [],
    "other_matters": [],
    "attachments": [],
    "contact_name": "",
    "contact_phone": "",
    "include_assessment_note": False,
}


def content_from_clue(clue, *, court_name: str, recipient_name: str) -> dict[str, Any]:
    """Pre-fill a first draft from the clue and its cases."""
    cases = list(clue.cases.all()[:10])
    case_list = "、".join(c.case_no for c in cases)
    background = [
        f"我院在审判执行工作中{'审理了' + case_list + '等案件，' if cases else ''}"
        f"发现{clue.title}方面存在值得重视的问题。"
    ]
    return {
        **EMPTY_CONTENT,
        "title": f"{court_name}关于{clue.title}的司法建议书",
        "topic": clue.title,
        "background": background,
        "problems": [{"heading": clue.title, "body": clue.problem}],
        "suggestions": [{"heading": "", "body": ""}],
        "recipient": recipient_name,
    }


def letter_items(rows: list[dict[str, str]]) -> list[Item]:
    return [
        Item(heading=r.get("heading", "").strip(), body=r.get("body", "").strip())
        for r in rows
        if r.get("heading", "").strip() or r.get("body", "").strip()
    ]


def suggestion_items(suggestion) -> list[Item]:
    """The numbered suggestions of the latest draft (what a reply answers item by item)."""
    version = suggestion.latest_version()
    return letter_items(version.content.get("suggestions", [])) if version else []


def letter_content(
    suggestion,
    content: dict[str, Any],
    *,
    doc_number: str | None = None,
    issued_on: date | None = None,
) -> SuggestionContent:
    cc = [unit.name for unit in suggestion.cc_units.all()]
    return SuggestionContent(
        court_name=suggestion.court.name,
        doc_number=doc_number if doc_number is not None else suggestion.doc_number,
        title=content.get("title") or suggestion.title,
        recipient=suggestion.recipient.name,
        background=[p for p in content.get("background", []) if p.strip()],
        problems=letter_items(content.get("problems", [])),
        suggestions=letter_items(content.get("suggestions", [])),
        reply_months=suggestion.reply_months,
        # 成文日期: the signing date once signed, whatever route prints the letter; a draft
        # shows today's date (the day it would be signed)
        issued_on=issued_on or suggestion.issued_on or timezone.localdate(),
        contact_name=content.get("contact_name", ""),
        contact_phone=content.get("contact_phone", ""),
        topic=content.get("topic") or suggestion.title,
        other_matters=[p for p in content.get("other_matters", []) if p.strip()],
        attachments=[p for p in content.get("attachments", []) if p.strip()],
        cc=cc,
        category=suggestion.get_category_display(),
        include_assessment_note=bool(content.get("include_assessment_note")),
    )


def letter_docx(suggestion, version=None, **kwargs) -> bytes:
    version = version or suggestion.latest_version()
    return render_suggestion_docx(
        letter_content(suggestion, version.content, **kwargs), strict=False
    )


def signing_record(suggestion) -> SigningRecord:
    """What the register knows, for checking a file said to be this suggestion's letter (an
    uploaded signed copy, a re-check from the register): the 成文日期 must be the signing
    date once signed; before that the file is a draft and must be marked as one."""
    return SigningRecord(signed_on=suggestion.issued_on, draft=suggestion.signed_at is None)


def check_register_copy(suggestion, data: bytes) -> CheckResult:
    """Check a .docx of this suggestion's letter against the register (see signing_record)."""
    return check_docx(data, kind="suggestion", record=signing_record(suggestion))


def check_letter(suggestion, version, *, doc_number: str, issued_on: date) -> CheckResult:
    content = letter_content(
        suggestion, version.content, doc_number=doc_number, issued_on=issued_on
    )
    # checked as the signed letter it becomes: its 成文日期 must be the signing date, and it
    # must carry no draft marking
    result = check_docx(
        render_suggestion_docx(content, strict=False),
        kind="suggestion",
        record=SigningRecord(signed_on=issued_on, draft=False),
    )
    for message in content.validation_errors():
        if not any(e.message == message for e in result.errors):
            result.errors.append(CheckError("content", message, "正文"))
    return result


def notice_content(suggestion, communication) -> NoticeContent:
    """The 告知函 sent with the 征求意见稿 (the version the communication recorded)."""
    version = communication.version or suggestion.latest_version()
    content = version.content if version else EMPTY_CONTENT
    title = content.get("title") or suggestion.title
    period = timedelta(days=settings.FENGQIAO_NOTICE_REPLY_DAYS)
    return NoticeContent(
        court_name=suggestion.court.name,
        title=f"{suggestion.court.name}关于征求《{suggestion.title}》意见的函",
        recipient=suggestion.recipient.name,
        suggestion_title=title,
        summary=[i.get("heading", "") for i in content.get("suggestions", []) if i.get("heading")],
        opinion_due=communication.respond_by or communication.held_on + period,
        issued_on=communication.held_on,
        contact_name=content.get("contact_name", ""),
        contact_phone=content.get("contact_phone", ""),
        attachments=[f"{title}（征求意见稿）"],
    )


def receipt_content(suggestion) -> DeliveryReceiptContent:
    """送达回证, pre-filled to be printed and taken along (signature fields left blank)."""
    delivery = suggestion.deliveries.order_by("-delivered_on").first()
    return DeliveryReceiptContent(
        court_name=suggestion.court.name,
        document_name="司法建议书",
        doc_number=suggestion.doc_number,
        recipient=suggestion.recipient.name,
        address=suggestion.recipient.address,
        method=delivery.get_method_display() if delivery else "直接送达",
        server=str(suggestion.clerk or ""),
        issuer=str(suggestion.clerk or ""),
    )


def register_extract(suggestion) -> RegisterExtractContent:
    version = suggestion.latest_version()
    content = letter_content(suggestion, version.content)

    def day(value) -> str:
        return f"{value.year}年{value.month}月{value.day}日" if value else "—"

    extra = [
        ("当前状态", suggestion.get_state_display()),
        ("送达日期", day(suggestion.delivered_on)),
        ("答复期限届满日", day(suggestion.reply_due_on)),
        ("期限计算", suggestion.reply_due_explanation or "—"),
        ("回复日期", day(suggestion.replied_on)),
        ("归档日期", day(suggestion.archived_on)),
    ]
    return register_extract_from_suggestion(
        content, generated_on=timezone.localdate(), extra_rows=extra
    )
