"""Every write of 指导与统一标准: guidance comments (comment, read, respond), letter templates
(create, edit, publish, adopt — the pattern of ``evaluation.services.rubric_adopt``) and exchange
meetings with their materials. Each: keyword-only, one transaction, the rule from ``policy``,
an audit record."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from fengqiao.audit.services import audit_record
from fengqiao.courts.models import Court, User
from fengqiao.courts.selectors import court_subtree
from fengqiao.guidance import policy
from fengqiao.guidance.models import (
    ExchangeMaterial,
    ExchangeMeeting,
    GuidanceComment,
    LetterTemplate,
)
from fengqiao.suggestions.models import Category, Suggestion
from fengqiao.suggestions.uploads import (
    DOCX,
    PDF,
    XLSX,
    check_upload,
    discard_files_on_error,
    store_upload,
)

COMMENT_MAX = 3000
MATERIAL_TYPES = {".docx": DOCX, ".pdf": PDF, ".xlsx": XLSX}
MATERIAL_LABEL = "Word（.docx）、PDF、Excel（.xlsx）"
MATERIALS_MAX = 10
FIRST_DAY = date(2000, 1, 1)


def _text(value: str, label: str, limit: int, *, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationError(f"请填写{label}。")
    if len(value) > limit:
        raise ValidationError(f"{label}不能超过 {limit} 字。")
    return value


# ---- guidance comments -------------------------------------------------------------------------


@transaction.atomic
def comment_create(*, actor: User, suggestion: Suggestion, body: str) -> GuidanceComment:
    """A superior court comments on a subordinate's issued letter; the drafter is told."""
    policy.require(policy.comment_reason(actor, suggestion))
    body = _text(body, "指导意见", COMMENT_MAX)
    comment = GuidanceComment.objects.create(
        suggestion=suggestion, author=actor, author_court_id=actor.court_id, body=body
    )
    audit_record(
        code="guidance.comment",
        actor=actor,
        obj=comment,
        object_label=f"{suggestion.doc_number} 指导意见",
        court=suggestion.court_id,
        after={"suggestion": suggestion.pk, "author_court": actor.court_id, "body": body},
    )
    transaction.on_commit(lambda: _notify_drafter(comment))
    return comment


def _notify_drafter(comment: GuidanceComment) -> None:
    from fengqiao.suggestions.reminders import notify

    s = comment.suggestion
    notify(
        user=s.drafter,
        suggestion=s,
        kind="guidance",
        key=f"comment-{comment.pk}",
        message=f"{comment.author_court.name}对{s.doc_number}《{s.title}》提出了指导意见，请阅知。",
    )


@transaction.atomic
def comment_mark_read(*, actor: User, comment: GuidanceComment) -> GuidanceComment:
    policy.require(policy.respond_reason(actor, comment))
    if comment.read_at is None:
        comment.read_at, comment.read_by = timezone.now(), actor
        comment.save(update_fields=["read_at", "read_by"])
        audit_record(
            code="guidance.comment_read",
            actor=actor,
            obj=comment,
            court=comment.suggestion.court_id,
        )
    return comment


@transaction.atomic
def comment_respond(*, actor: User, comment: GuidanceComment, response: str) -> GuidanceComment:
    policy.require(policy.respond_reason(actor, comment))
    response = _text(response, "回复", COMMENT_MAX)
    before = comment.response
    now = timezone.now()
    if comment.read_at is None:
        comment.read_at, comment.read_by = now, actor
    comment.response, comment.responded_at, comment.responded_by = response, now, actor
    comment.save(update_fields=["read_at", "read_by", "response", "responded_at", "responded_by"])
    audit_record(
        code="guidance.comment_respond",
        actor=actor,
        obj=comment,
        court=comment.suggestion.court_id,
        before={"response": before} if before else None,
        after={"response": response},
    )
    return comment


# ---- templates (统一标准) -----------------------------------------------------------------------

TEMPLATE_FIELDS = ("category", "name", "title_pattern", "problem_skeleton", "suggestion_skeleton")


def _clean_template(data: dict) -> dict:
    category = data.get("category", "")
    if category not in Category.values:
        raise ValidationError("请选择正确的司法建议类别。")
    title = _text(data.get("title_pattern", ""), "标题格式", 200)
    if "关于" not in title or not title.endswith("司法建议书"):
        raise ValidationError(
            "标题格式应为“××人民法院关于××的司法建议书”（含“关于”，以“司法建议书”结尾）。"
        )
    return {
        "category": category,
        "name": _text(data.get("name", ""), "模板名称", 100),
        "title_pattern": title,
        "problem_skeleton": _text(data.get("problem_skeleton", ""), "问题部分提纲", 5000),
        "suggestion_skeleton": _text(data.get("suggestion_skeleton", ""), "建议部分提纲", 5000),
        "notes": _text(data.get("notes", ""), "制作说明", 5000, required=False),
    }


def _snapshot(template: LetterTemplate) -> dict:
    return {f: getattr(template, f) for f in (*TEMPLATE_FIELDS, "notes", "shared")}


@transaction.atomic
def template_create(*, actor: User, data: dict) -> LetterTemplate:
    policy.require(policy.template_manage_reason(actor))
    clean = _clean_template(data)
    template = LetterTemplate.objects.create(court_id=actor.court_id, created_by=actor, **clean)
    audit_record(
        code="lettertemplate.create",
        actor=actor,
        obj=template,
        court=actor.court_id,
        after=_snapshot(template),
    )
    return template


@transaction.atomic
def template_edit(*, actor: User, template: LetterTemplate, data: dict) -> LetterTemplate:
    policy.require(policy.template_manage_reason(actor, template))
    before = _snapshot(template)
    for field, value in _clean_template(data).items():
        setattr(template, field, value)
    template.save()
    audit_record(
        code="lettertemplate.edit",
        actor=actor,
        obj=template,
        court=template.court_id,
        before=before,
        after=_snapshot(template),
    )
    return template


@transaction.atomic
def template_publish(
    *, actor: User, template: LetterTemplate, shared: bool = True
) -> LetterTemplate:
    """Offer the template to the subordinate courts (or withdraw the offer; copies stay)."""
    policy.require(policy.template_manage_reason(actor, template))
    if shared and not template.court.children.exists():
        raise ValidationError("本院没有下级法院，无需发布。")
    template.shared = shared
    template.save(update_fields=["shared", "updated_at"])
    audit_record(
        code="lettertemplate.publish",
        actor=actor,
        obj=template,
        court=template.court_id,
        after={"shared": shared},
    )
    return template


@transaction.atomic
def template_adopt(*, actor: User, source: LetterTemplate) -> LetterTemplate:
    """Adopt a template an ancestor court published: a copy, recording where it came from."""
    policy.require(policy.template_adopt_reason(actor, source))
    copy = LetterTemplate.objects.create(
        court_id=actor.court_id,
        category=source.category,
        name=source.name,
        title_pattern=source.title_pattern,
        problem_skeleton=source.problem_skeleton,
        suggestion_skeleton=source.suggestion_skeleton,
        notes=source.notes,
        adopted_from=source,
        created_by=actor,
    )
    audit_record(
        code="lettertemplate.adopt",
        actor=actor,
        obj=copy,
        court=actor.court_id,
        after={"from_court": source.court.code, "from_template": source.pk},
    )
    return copy


# ---- exchange meetings (经验交流) ---------------------------------------------------------------


def check_held_on(day: date | None, *, today: date | None = None) -> date:
    """A held meeting: a real date, not before 2000, not later than today."""
    today = today or timezone.localdate()
    if day is None:
        raise ValidationError("请填写召开日期。")
    if day < FIRST_DAY:
        raise ValidationError(f"召开日期（{day:%Y-%m-%d}）早于 2000-01-01，请核对年份。")
    if day > today:
        raise ValidationError(
            f"召开日期（{day:%Y-%m-%d}）不能晚于今天（{today:%Y-%m-%d}）；"
            "这里登记已召开的会议，请会后再登记。"
        )
    return day


@transaction.atomic
def exchange_record(
    *,
    actor: User,
    name: str,
    held_on: date | None,
    place: str,
    attendee_courts: list[Court],
    attendee_people: str,
    summary: str,
    materials: list | None = None,
) -> ExchangeMeeting:
    """Record a meeting the actor's court organised, with its materials (checked uploads)."""
    policy.require(policy.exchange_record_reason(actor))
    organiser = actor.court
    reach = set(court_subtree(organiser).values_list("pk", flat=True))
    outside = [c.name for c in attendee_courts if c.pk not in reach]
    if outside:
        raise ValidationError(f"参会法院须为本院或下级法院：{'、'.join(outside)}不在其中。")
    materials = list(materials or [])
    if len(materials) > MATERIALS_MAX:
        raise ValidationError(f"每次会议最多上传 {MATERIALS_MAX} 份材料。")
    for upload in materials:  # every file checked before anything is written
        check_upload(upload, allowed=MATERIAL_TYPES, allowed_label=MATERIAL_LABEL)
    meeting = ExchangeMeeting.objects.create(
        organiser=organiser,
        name=_text(name, "会议名称", 200),
        held_on=check_held_on(held_on),
        place=_text(place, "地点", 200),
        attendee_people=_text(attendee_people, "参会人员", 5000, required=False),
        summary=_text(summary, "会议纪要", 20000),
        created_by=actor,
    )
    meeting.attendee_courts.set(attendee_courts)
    audit_record(
        code="exchange.record",
        actor=actor,
        obj=meeting,
        court=organiser,
        after={
            "name": meeting.name,
            "held_on": meeting.held_on,
            "place": meeting.place,
            "attendee_courts": sorted(c.code for c in attendee_courts),
        },
    )
    with discard_files_on_error():  # a failure rolls back the rows: drop every file written
        for upload in materials:
            material_add(actor=actor, meeting=meeting, uploaded_file=upload)
    return meeting


@transaction.atomic
def material_add(*, actor: User, meeting: ExchangeMeeting, uploaded_file) -> ExchangeMaterial:
    policy.require(policy.exchange_record_reason(actor))
    if meeting.organiser_id != actor.court_id:
        policy.require("只有组织法院可以上传交流材料。")
    if meeting.materials.count() >= MATERIALS_MAX:
        raise ValidationError(f"每次会议最多上传 {MATERIALS_MAX} 份材料。")
    checked = check_upload(uploaded_file, allowed=MATERIAL_TYPES, allowed_label=MATERIAL_LABEL)
    material = ExchangeMaterial(meeting=meeting, uploaded_by=actor)
    return store_upload(
        material,
        uploaded_file=uploaded_file,
        checked=checked,
        audit=lambda: audit_record(
            code="exchange.material",
            actor=actor,
            obj=material,
            court=meeting.organiser_id,
            after={
                "meeting": meeting.pk,
                "name": checked.name,
                "size": checked.size,
                "sha256": checked.sha256,
            },
        ),
    )
