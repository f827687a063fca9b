"""Every write of the publicity work: drafts, their approval chain, publication records,
templates and the chain's configuration — each checks permission, writes in one transaction
and appends an audit record."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from fengqiao.audit.services import audit_record
from fengqiao.courts.models import Role
from fengqiao.courts.permissions import require_permission
from fengqiao.publicity import channel_templates, channels, policy
from fengqiao.publicity.models import (
    ApprovalStep,
    Channel,
    ChannelTemplate,
    DraftApproval,
    Publication,
    PublicityDraft,
)
from fengqiao.publicity.record import NEWS_KINDS, check_gate, gather
from fengqiao.suggestions.models import FollowUp, Suggestion

MAX_REACH = 10**12  # one trillion: anything above is a typing error
REACH_FIELDS = {"views": "阅读/播放量", "likes": "点赞", "shares": "转发", "comments": "评论"}
S = PublicityDraft.State


def template_for(court_id: int, channel: str) -> tuple[int, dict]:
    """(version, template): the court's newest own version, else the shipped default (0)."""
    own = ChannelTemplate.objects.filter(court_id=court_id, channel=channel).first()
    if own is not None:
        merged = channel_templates.default(channel)
        merged.update(own.body)
        return own.version, merged
    return 0, channel_templates.default(channel)


def _suggestion_of_court(actor, suggestion: Suggestion) -> None:
    require_permission(actor, "publicity.draft")
    if suggestion.court_id != actor.court_id:
        raise PermissionDenied("只能为本院的司法建议制作宣传稿。")


@transaction.atomic
def draft_create(
    *, actor, suggestion: Suggestion, channel: str, follow_up: FollowUp | None = None
) -> PublicityDraft:
    _suggestion_of_court(actor, suggestion)
    if channel not in Channel.values:
        raise ValidationError("未知的宣传渠道。")
    record = gather(suggestion)  # the publication gate: refuses an unreleased entry
    version, template = template_for(suggestion.court_id, channel)
    event = None
    if channel == Channel.NEWS:
        if follow_up is None or follow_up.suggestion_id != suggestion.pk:
            raise ValidationError("工作动态须选择该司法建议的一项跟踪落实活动。")
        event = next((e for e in record.events if e.pk == follow_up.pk), None)
        title, body = channels.build_news(record, template, event)
    else:
        follow_up = None
        title, body = channels.BUILDERS[channel](record, template)
    draft = PublicityDraft.objects.create(
        court_id=suggestion.court_id,
        suggestion=suggestion,
        entry=record.entry,
        follow_up=follow_up,
        channel=channel,
        title=title[:200],
        body=body,
        sources=record.sources,
        quoted=record.quoted,
        has_chart=bool(body.get("chart")),
        template_version=version,
        created_by=actor,
    )
    audit_record(
        actor=actor,
        code="publicity.draft_create",
        obj=draft,
        court=draft.court_id,
        after={
            "suggestion": suggestion.pk,
            "channel": channel,
            "template_version": version,
            "figures": len(record.sources),
        },
    )
    return draft


def news_events(suggestion: Suggestion):
    return suggestion.follow_ups.filter(kind__in=NEWS_KINDS).order_by("-held_on", "-pk")


@transaction.atomic
def drafts_create_all(*, actor, suggestion: Suggestion) -> list[PublicityDraft]:
    """One draft per channel; the 工作动态 from the newest 专项整治/普法/建章立制 event."""
    out = [
        draft_create(actor=actor, suggestion=suggestion, channel=c)
        for c in (Channel.WECHAT, Channel.WEIBO, Channel.DOUYIN, Channel.FEATURE)
    ]
    event = news_events(suggestion).first()
    if event is not None:
        out.append(
            draft_create(actor=actor, suggestion=suggestion, channel=Channel.NEWS, follow_up=event)
        )
    return out


def _finish_body(draft: PublicityDraft, body: dict) -> dict:
    if draft.channel == Channel.DOUYIN:
        body["total"] = sum(s.get("seconds") or 0 for s in body.get("shots", []))
    channels.validate(draft.channel, body)
    return body


def personal_info(body: dict, *, previous: dict, known: list[dict]) -> list[dict]:
    """What the publication anonymiser would mask in the texts typed by hand (texts that
    were not in the previous version): names, ID and phone numbers, addresses…"""
    from fengqiao.library import sharing

    old = set(channels.texts(previous))
    found = [k for k in known if any(k["text"] in t for t in channels.texts(body))]
    for text in channels.texts(body):
        if text in old:
            continue
        for span in sharing.anonymised(text)["spans"]:
            row = {"text": span["text"], "reason": span["reason"]}
            if row not in found:
                found.append(row)
    return found


@transaction.atomic
def draft_edit(*, actor, draft: PublicityDraft, body: dict, planned_on: date | None = None):
    policy.require(actor, draft, "edit")
    before = channels.untraced(draft.body, draft.sources, draft.quoted)
    body = _finish_body(draft, body)
    draft.personal_info = personal_info(body, previous=draft.body, known=draft.personal_info)
    draft.body = body
    draft.title = (body.get("title") or body.get("headline") or draft.title)[:200]
    draft.planned_on = planned_on
    draft.save()
    audit_record(
        actor=actor,
        code="publicity.draft_edit",
        obj=draft,
        court=draft.court_id,
        before={"untraced": before},
        after={
            "untraced": channels.untraced(body, draft.sources, draft.quoted),
            "personal_info": [p["text"] for p in draft.personal_info],
            "planned_on": planned_on.isoformat() if planned_on else None,
        },
    )
    return draft


@transaction.atomic
def draft_submit(*, actor, draft: PublicityDraft) -> PublicityDraft:
    policy.require(actor, draft, "submit")
    check_gate(draft.suggestion)  # the shared version may have been withdrawn since
    channels.validate(draft.channel, draft.body)
    loose = channels.untraced(draft.body, draft.sources, draft.quoted)
    if loose:
        raise ValidationError(
            f"稿件中的数字“{'、'.join(loose)}”在记录中找不到出处，请删除或改为记录中的数据后再送审。"
        )
    draft.chain = policy.chain_for(draft.court_id)
    draft.step_position = draft.chain[0]["position"]
    draft.state = S.IN_APPROVAL
    draft.save()
    audit_record(
        actor=actor,
        code="publicity.draft_submit",
        obj=draft,
        court=draft.court_id,
        after={"chain": [s["name"] for s in draft.chain]},
    )
    return draft


@transaction.atomic
def draft_decide(
    *, actor, draft: PublicityDraft, approve: bool, comment: str = ""
) -> PublicityDraft:
    draft = PublicityDraft.objects.select_for_update().get(pk=draft.pk)
    policy.require(actor, draft, "approve" if approve else "return")
    comment = comment.strip()[:2000]
    if not approve and not comment:
        raise ValidationError("退回时请填写退回意见。")
    step = policy.current_step(draft)
    DraftApproval.objects.create(
        draft=draft,
        position=step["position"],
        step_name=step["name"],
        decision=DraftApproval.Decision.APPROVED if approve else DraftApproval.Decision.RETURNED,
        comment=comment,
        actor=actor,
        acted_at=timezone.now(),
    )
    if not approve:
        draft.state, draft.step_position = S.RETURNED, None
    else:
        later = [s for s in draft.chain if s["position"] > step["position"]]
        if later:
            draft.step_position = later[0]["position"]
        else:
            draft.state, draft.step_position = S.APPROVED, None
            draft.approved_at = timezone.now()
    draft.save()
    audit_record(
        actor=actor,
        code="publicity.draft_approve" if approve else "publicity.draft_return",
        obj=draft,
        court=draft.court_id,
        after={"step": step["name"], "comment": comment, "state": draft.state},
    )
    return draft


def _url(url: str) -> str:
    url = (url or "").strip()
    if not url:
        raise ValidationError("请填写发布链接。")
    if len(url) > 500:
        raise ValidationError("链接过长（不超过500个字符）。")
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        raise ValidationError("发布链接不是有效的网址，请以 http:// 或 https:// 开头。") from None
    return url


@transaction.atomic
def publication_record(
    *, actor, draft: PublicityDraft, published_on: date, url: str
) -> Publication:
    draft = PublicityDraft.objects.select_for_update().get(pk=draft.pk)
    policy.require(actor, draft, "publish")
    check_gate(draft.suggestion)
    if published_on is None:
        raise ValidationError("请填写发布日期。")
    if published_on > timezone.localdate():
        raise ValidationError("发布日期不能晚于今天。")
    approved_on = timezone.localdate(draft.approved_at)
    if published_on < approved_on:
        raise ValidationError(f"发布日期不能早于审批通过的日期（{approved_on:%Y-%m-%d}）。")
    publication = Publication.objects.create(
        draft=draft,
        court_id=draft.court_id,
        channel=draft.channel,
        published_on=published_on,
        url=_url(url),
        recorded_by=actor,
    )
    draft.state = S.PUBLISHED
    draft.save(update_fields=["state", "updated_at"])
    audit_record(
        actor=actor,
        code="publicity.publish",
        obj=draft,
        court=draft.court_id,
        after={"published_on": published_on.isoformat(), "url": publication.url},
    )
    return publication


def parse_reach(value) -> int | None:
    """A reach figure from a form: blank → None; a non-negative whole number below 10¹²."""
    if value is None or str(value).strip() == "":
        return None
    text = str(value).strip().replace(",", "").replace("，", "")
    if text.startswith("-") and text[1:].isdigit():
        raise ValidationError("传播数据不能为负数。")
    if not text.isdigit():
        raise ValidationError(f"“{str(value)[:20]}”不是整数，请填写阿拉伯数字。")
    if len(text) > 13 or int(text) > MAX_REACH:
        raise ValidationError("数值过大（超过一万亿），请核对后重新填写。")
    return int(text)


@transaction.atomic
def publication_reach(*, actor, publication: Publication, **figures) -> Publication:
    policy.require(actor, publication.draft, "reach")
    before, errors = {}, []
    for name, label in REACH_FIELDS.items():
        if name not in figures:
            continue
        try:
            value = parse_reach(figures[name])
        except ValidationError as error:
            errors.append(f"{label}：{error.messages[0]}")
            continue
        before[name] = getattr(publication, name)
        setattr(publication, name, value)
    if errors:
        raise ValidationError(errors)
    publication.reach_updated_at = timezone.now()
    publication.save()
    audit_record(
        actor=actor,
        code="publicity.reach",
        obj=publication.draft,
        court=publication.court_id,
        before=before,
        after={k: getattr(publication, k) for k in before},
    )
    return publication


@transaction.atomic
def template_save(*, actor, channel: str, body: dict, note: str = "") -> ChannelTemplate:
    require_permission(actor, "publicity.configure")
    if channel not in Channel.values:
        raise ValidationError("未知的宣传渠道。")
    default = channel_templates.default(channel)
    clean = {k: v for k, v in body.items() if k in default}
    figures = channels.untraced(clean, [], [])
    if figures:
        raise ValidationError(
            f"模板中不能写入具体数字（{'、'.join(figures)}）：数字须来自记录，请使用占位符，如 $n_items。"
        )
    last = ChannelTemplate.objects.filter(court_id=actor.court_id, channel=channel).aggregate(
        m=Max("version")
    )["m"]
    template = ChannelTemplate.objects.create(
        court_id=actor.court_id,
        channel=channel,
        version=(last or 0) + 1,
        body=clean,
        note=note.strip()[:200],
        created_by=actor,
    )
    audit_record(
        actor=actor,
        code="publicity.template_save",
        obj=template,
        court=actor.court_id,
        after={"channel": channel, "version": template.version},
    )
    return template


@transaction.atomic
def chain_save(*, actor, steps: list[tuple[str, str]]) -> list[ApprovalStep]:
    """Replace the court's chain with ``steps`` [(name, role)] in order (1–5 steps)."""
    require_permission(actor, "publicity.configure")
    steps = [(n.strip()[:50], r) for n, r in steps if n.strip() or r]
    if not 1 <= len(steps) <= 5:
        raise ValidationError("审批流程须有1至5个步骤。")
    for name, role in steps:
        if not name:
            raise ValidationError("请填写每个步骤的名称。")
        if role not in policy.APPROVER_ROLES:
            raise ValidationError(f"步骤“{name}”的审批角色无效。")
    # drafts already in approval keep the chain fixed when they were submitted (draft.chain)
    before = policy.chain_for(actor.court_id)
    ApprovalStep.objects.filter(court_id=actor.court_id).delete()
    rows = [
        ApprovalStep.objects.create(court_id=actor.court_id, position=i, name=n, role=r)
        for i, (n, r) in enumerate(steps, start=1)
    ]
    audit_record(
        actor=actor,
        code="publicity.chain_save",
        object_type="publicity.chain",
        object_id=str(actor.court_id),
        object_label="宣传审批流程",
        court=actor.court_id,
        before=[s["name"] for s in before],
        after=[f"{n}（{dict(Role.choices).get(r, r)}）" for n, r in steps],
    )
    return rows
