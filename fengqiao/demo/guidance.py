"""Demo of 指导与统一标准: the intermediate court's supervisor comments on a letter of the
开发区法院, the high court publishes a template that the 开发区法院 adopts, and the intermediate
court records an exchange-of-experience meeting with its material (one call from the demo)."""

from __future__ import annotations

import io
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from fengqiao.courts.models import Court, User
from fengqiao.guidance import services
from fengqiao.guidance.models import ExchangeMeeting, GuidanceComment, LetterTemplate
from fengqiao.suggestions.models import Category, Suggestion


def _user(username: str) -> User | None:
    return User.objects.filter(username=username, is_active=True).first()


def _material_docx() -> bytes:
    from docx import Document

    document = Document()
    document.add_heading("综合治理类司法建议工作经验交流材料", level=1)
    document.add_paragraph("一、坚持问题导向，以类案分析发现治理问题。")
    document.add_paragraph("二、事前充分沟通，建议与问题一一对应。")
    document.add_paragraph("三、跟踪落实，推动建章立制。")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def load_demo_guidance() -> dict[str, int]:
    """Idempotent: does nothing when the demo courts are missing or guidance data exists."""
    dudao, gaoyuan, yanjiushi = _user("dudao"), _user("gaoyuan"), _user("yanjiushi")
    if not (dudao and gaoyuan and yanjiushi) or LetterTemplate.objects.exists():
        return {}
    done = {"comments": 0, "templates": 0, "exchanges": 0}
    letter = (
        Suggestion.objects.issued()
        .filter(court=yanjiushi.court)
        .order_by("number_year", "number_seq")
        .first()
    )
    if letter is not None and not GuidanceComment.objects.exists():
        services.comment_create(
            actor=dudao,
            suggestion=letter,
            body="问题部分数据翔实；建议第二条可进一步明确责任主体和完成时限，"
            "并在回函后及时回访，推动形成长效机制。",
        )
        done["comments"] = 1
    published = services.template_create(
        actor=gaoyuan,
        data={
            "category": Category.GOVERNANCE,
            "name": "全省综合治理类司法建议书统一模板",
            "title_pattern": "××人民法院关于××问题的司法建议书",
            "problem_skeleton": "我院在审判工作中，审理了××等××件案件，发现……\n"
            "一、……（问题、数据与依据的案件）\n二、……",
            "suggestion_skeleton": "为此，特建议：\n一、……（对应问题一）\n二、……（对应问题二）\n"
            "请你单位在收到本建议书后及时研究，并在×个月内向我院书面反馈工作进展情况。",
            "notes": "建议与问题一一对应；附类案清单；提请审判委员会审议、院长签发。",
        },
    )
    services.template_publish(actor=gaoyuan, template=published, shared=True)
    services.template_adopt(actor=yanjiushi, source=published)
    done["templates"] = 2
    if not ExchangeMeeting.objects.exists():
        mid = dudao.court
        services.exchange_record(
            actor=dudao,
            name="全市法院司法建议工作经验交流会",
            held_on=timezone.localdate() - timedelta(days=20),
            place=f"{mid.name}第三审判庭",
            attendee_courts=list(Court.objects.filter(parent=mid)),
            attendee_people="吴红（中院审判管理办公室）\n周静（开发区法院研究室）\n冯丽（海州区法院研究室）",
            summary="各基层法院交流了综合治理类司法建议的选题、事前沟通和跟踪落实做法；"
            "会议要求统一使用全省模板，提高建议的针对性和可操作性。",
            materials=[
                SimpleUploadedFile(
                    "经验交流材料.docx",
                    _material_docx(),
                    content_type="application/vnd.openxmlformats-officedocument."
                    "wordprocessingml.document",
                )
            ],
        )
        done["exchanges"] = 1
    return done
