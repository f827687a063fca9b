"""Anonymise, let a person correct every span, then release — the release is audited.

The spans come from ``fengqiao.textlaw.anonymize`` (recognisers with reasons); each carries a
``status``: accepted (masked), rejected (kept as written) or added by the reviewer. The
released text is always recomputed from the original and the accepted spans.
"""

from __future__ import annotations

import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from fengqiao.audit.services import audit_record
from fengqiao.courts.permissions import require_permission
from fengqiao.publicity.models import PublicationReview
from fengqiao.textlaw.anonymize import anonymize, publication_blockers

MANUAL_MASK = "×××"


def _check(actor, review: PublicationReview) -> None:
    require_permission(actor, "publicity.review")
    if actor.court_id != review.court_id:
        raise PermissionDenied("只能审查本院的公开材料。")


def apply_spans(text: str, spans: list[dict]) -> str:
    pieces, cursor = [], 0
    for span in sorted((s for s in spans if s["status"] != "rejected"), key=lambda s: s["start"]):
        if span["start"] < cursor:
            # overlapping spans: the earlier replacement stands for both, and no tail of the
            # later one stays visible
            cursor = max(cursor, span["end"])
            continue
        pieces += [text[cursor : span["start"]], span["replacement"]]
        cursor = span["end"]
    pieces.append(text[cursor:])
    return "".join(pieces)


def mask_title(title: str, spans: list[dict]) -> str:
    """The review's title shown on the pages (``李甲宾寻衅滋事罪一审刑事判决书``): every masked
    string of the text is masked in the title too, longest first."""
    pairs = sorted(
        {
            (s["text"], s["replacement"])
            for s in spans
            if s.get("text") and s["status"] != "rejected"
        },
        key=lambda pair: -len(pair[0]),
    )
    for original, replacement in pairs:
        if len(original) >= 2:
            title = title.replace(original, replacement)
    return title


@transaction.atomic
def review_create(*, actor, text: str, title: str, policy: str, case=None) -> PublicationReview:
    require_permission(actor, "publicity.review")
    if policy not in PublicationReview.Policy.values:
        raise ValidationError("未知的隐名策略。")
    if not text.strip():
        raise ValidationError("没有可处理的文本。")
    if case is not None and case.owner_id != actor.court_id:
        raise PermissionDenied("只能公开本院的案件。")
    result = anonymize(text, policy=policy)
    spans = [{**span, "status": "accepted"} for span in result.to_dict()["spans"]]
    blockers = [{"code": b.code, "reason": b.reason} for b in publication_blockers(text)]
    review = PublicationReview.objects.create(
        court_id=actor.court_id,
        case=case,
        title=mask_title(title, spans)[:200],
        policy=policy,
        source_text=text,
        spans=spans,
        blockers=blockers,
        created_by=actor,
    )
    audit_record(
        actor=actor,
        code="anonymize.run",
        obj=review,
        court=review.court_id,
        after={"policy": policy, "spans": len(spans), "blockers": [b["code"] for b in blockers]},
    )
    return review


@transaction.atomic
def review_set_span(
    *, actor, review: PublicationReview, index: int, accepted: bool
) -> PublicationReview:
    _check(actor, review)
    if review.state != PublicationReview.State.REVIEWING:
        raise ValidationError("已发布的材料不能再修改。")
    if not 0 <= index < len(review.spans):
        raise ValidationError("没有该片段。")
    review.spans[index]["status"] = "accepted" if accepted else "rejected"
    review.save(update_fields=["spans"])
    audit_record(
        actor=actor,
        code="anonymize.review_span",
        obj=review,
        court=review.court_id,
        after={
            "index": index,
            "text": review.spans[index]["text"],
            "status": review.spans[index]["status"],
        },
    )
    return review


@transaction.atomic
def review_add_mask(
    *, actor, review: PublicationReview, text: str, replacement: str = MANUAL_MASK
) -> int:
    """Mask every occurrence of ``text`` the recognisers missed; returns how many."""
    _check(actor, review)
    if review.state != PublicationReview.State.REVIEWING:
        raise ValidationError("已发布的材料不能再修改。")
    text = text.strip()
    if not text:
        raise ValidationError("请填写要隐去的文字。")
    taken = [(s["start"], s["end"]) for s in review.spans if s["status"] != "rejected"]
    added = 0
    for match in re.finditer(re.escape(text), review.source_text):
        if any(start < match.end() and match.start() < end for start, end in taken):
            continue
        review.spans.append(
            {
                "start": match.start(),
                "end": match.end(),
                "text": text,
                "kind": "manual",
                "reason": "审查人补充",
                "replacement": replacement or MANUAL_MASK,
                "status": "added",
            }
        )
        added += 1
    if not added:
        raise ValidationError("原文中没有找到该文字，或已被处理。")
    review.save(update_fields=["spans"])
    audit_record(
        actor=actor,
        code="anonymize.add_span",
        obj=review,
        court=review.court_id,
        after={"text": text, "count": added},
    )
    return added


@transaction.atomic
def review_release(
    *, actor, review: PublicationReview, override_reason: str = ""
) -> PublicationReview:
    _check(actor, review)
    if review.state != PublicationReview.State.REVIEWING:
        raise ValidationError("该材料已经发布。")
    if review.blockers:
        if not override_reason.strip():
            raise ValidationError(
                ["该文书属于不宜公开的情形（法释〔2016〕19号第四条）："]
                + [b["reason"] for b in review.blockers]
                + ["确需公开的，须由院领导填写理由后发布。"]
            )
        require_permission(actor, "publicity.override")
        review.override_reason = override_reason.strip()
    review.released_text = apply_spans(review.source_text, review.spans)
    review.state = PublicationReview.State.RELEASED
    review.released_by, review.released_at = actor, timezone.now()
    review.save()
    audit_record(
        actor=actor,
        code="anonymize.release",
        obj=review,
        court=review.court_id,
        after={
            "override_reason": review.override_reason,
            "released_chars": len(review.released_text),
            "spans": sum(s["status"] != "rejected" for s in review.spans),
        },
    )
    return review
