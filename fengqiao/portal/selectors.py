"""Every read of the recipient's portal, scoped to the letters actually sent to the unit.

``letters_for_recipient(user)`` is the one gate: every portal view (logged-in or through a
signed link) finds its suggestion in this queryset, and everything else (replies, attachments,
the 告知函) is read through the suggestion found there.
"""

from __future__ import annotations

from django.db.models import OuterRef, Prefetch, QuerySet, Subquery

from fengqiao.suggestions import policy
from fengqiao.suggestions.models import (
    Attachment,
    PreCommunication,
    Reply,
    Suggestion,
    SuggestionVersion,
)
from fengqiao.suggestions.selectors import signed_version

# The state lists come from the lifecycle policy (suggestions/policy.py):
# letters the recipient has actually been sent (the 告知函 and everything from delivery on;
# DRAFTING / IN_REVIEW / SIGNED / WITHDRAWN stay inside the court), the letter itself once
# delivered, and the states in which the recipient may reply.
PORTAL_STATES = policy.SENT_STATES
LETTER_STATES = policy.DELIVERED_STATES
REPLY_STATES = policy.REPLY_STATES
# What of the file a recipient may download: the letter and the replies (not court-internal
# receipts or other materials).
RECIPIENT_ATTACHMENT_KINDS = (Attachment.Kind.REPLY, Attachment.Kind.LETTER)


def letters_for_recipient(user) -> QuerySet[Suggestion]:
    unit_id = getattr(user, "recipient_unit_id", None)
    if unit_id is None:
        return Suggestion.objects.none()
    return (
        Suggestion.objects.filter(recipient_id=unit_id, state__in=PORTAL_STATES)
        .select_related("court", "recipient")
        .annotate(
            # while 征求意见中: the date the open 告知函 asks the answer by
            opinion_due=Subquery(
                PreCommunication.objects.filter(
                    suggestion=OuterRef("pk"), conclusion="", respond_by__isnull=False
                )
                .order_by("-held_on", "-id")
                .values("respond_by")[:1]
            ),
        )
        .order_by("-delivered_on", "-id")
    )  # overdue: Suggestion.is_overdue


def letter_version(suggestion: Suggestion) -> SuggestionVersion | None:
    """The version that was signed (the last approved review run), else the latest."""
    return signed_version(suggestion)


def replies_for_letter(suggestion: Suggestion) -> QuerySet[Reply]:
    return (
        suggestion.replies.select_related("filed_by")
        .prefetch_related(
            "items",
            Prefetch(
                "attachments",
                queryset=Attachment.objects.filter(kind__in=RECIPIENT_ATTACHMENT_KINDS).order_by(
                    "id"
                ),
            ),
        )
        .order_by("received_on", "id")
    )


def attachments_for_letter(suggestion: Suggestion) -> QuerySet[Attachment]:
    return suggestion.attachments.filter(kind__in=RECIPIENT_ATTACHMENT_KINDS)


def letter_attachments(suggestion: Suggestion) -> QuerySet[Attachment]:
    """Files the court attached to the letter itself (not to a reply)."""
    return attachments_for_letter(suggestion).filter(reply__isnull=True)


def communications_for_letter(suggestion: Suggestion) -> QuerySet[PreCommunication]:
    return suggestion.communications.order_by("held_on", "id")


def pending_communications(suggestion: Suggestion) -> QuerySet[PreCommunication]:
    """Communications still waiting for the recipient's opinion (only while 征求意见中)."""
    if suggestion.state not in policy.OPINION_STATES:
        return PreCommunication.objects.none()
    return communications_for_letter(suggestion).filter(opinion_on__isnull=True)


def latest_notice(suggestion: Suggestion) -> PreCommunication | None:
    return (
        suggestion.communications.filter(kind=PreCommunication.Kind.NOTICE)
        .order_by("-held_on", "-id")
        .first()
    )
