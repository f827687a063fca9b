"""Writes made from the recipient's portal. Each one is a thin, transactional wrapper around
the suggestion services (which check permission and audit)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from fengqiao.audit.services import audit_record
from fengqiao.courts.models import RecipientUnit, User
from fengqiao.suggestions import services as suggestion_services
from fengqiao.suggestions import uploads
from fengqiao.suggestions.models import Attachment, Reply, Suggestion

MAX_FILES_PER_REPLY = 10


def link_actor_username(unit_id: int) -> str:
    return f"portal-{unit_id}"


def link_actor_for(unit: RecipientUnit) -> User:
    """The system account that acts for a unit through signed links: attached to the unit so
    the recipient checks hold, named so the audit trail says who, and unable to log in
    (inactive, no usable password)."""
    username = link_actor_username(unit.pk)
    existing = User.objects.filter(username=username).first()
    if existing is not None:
        if existing.recipient_unit_id != unit.pk:
            raise ValidationError(f"系统账户 {username} 不属于该单位，请联系管理员。")
        return existing
    try:
        with transaction.atomic():
            actor = User(
                username=username,
                full_name=f"{unit.name}（单函链接）"[:50],
                recipient_unit=unit,
                is_active=False,
            )
            actor.set_unusable_password()
            actor.save()
            audit_record(
                actor=None,
                code="portal.link_account",
                obj=actor,
                court=unit.court_id,
                after={"username": username, "recipient_unit": unit.pk},
            )
    except IntegrityError:  # created meanwhile by a concurrent request
        return User.objects.get(username=username, recipient_unit=unit)
    return actor


def reply_submit(
    *,
    actor: User,
    suggestion: Suggestion,
    received_on: date,
    content: str,
    items: list[tuple[int, str, str]],
    files=(),
) -> Reply:
    """File a 回函 with its attachments in ONE transaction: every file is checked first, and
    if anything fails nothing is kept (no rows, no files on disk)."""
    files = list(files)
    if len(files) > MAX_FILES_PER_REPLY:
        raise ValidationError(f"一次最多上传 {MAX_FILES_PER_REPLY} 个附件。")
    problems: list[str] = []
    for upload in files:
        try:
            uploads.check_upload(upload)
        except ValidationError as exc:
            problems.extend(exc.messages)
    if problems:
        raise ValidationError([*problems, "回函未提交，请处理以上附件后重新提交。"])
    with uploads.discard_files_on_error(), transaction.atomic():
        locked = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
        attachments = [
            uploads.save_upload(
                suggestion=locked, uploaded_file=f, kind=Attachment.Kind.REPLY, actor=actor
            )
            for f in files
        ]
        return suggestion_services.reply_register(
            actor=actor,
            suggestion=locked,
            received_on=received_on,
            content=content,
            items=items,
            attachments=attachments,
        )
