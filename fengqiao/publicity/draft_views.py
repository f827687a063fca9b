"""宣传稿 pages: list, create from a released letter, edit, approve, publish, calendar, Excel,
templates and the approval chain. Thin: parse, call a service or selector, render."""

from __future__ import annotations

import re
from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from fengqiao.courts.decorators import permission_required
from fengqiao.courts.models import Role
from fengqiao.courts.permissions import has_permission
from fengqiao.publicity import (
    channel_templates,
    channels,
    draft_selectors,
    draft_services,
    editing,
    exports,
    policy,
)
from fengqiao.publicity.models import Channel, ChannelTemplate, PublicityDraft
from fengqiao.publicity.record import NEWS_KINDS
from fengqiao.suggestions.models import FollowUp
from fengqiao.suggestions.uploads import generated_download

MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")


def _errors(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _date(value: str) -> date | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValidationError("日期格式不正确，请按“2026-01-31”的格式填写。") from None


@permission_required("publicity.view")
def draft_list(request):
    drafts = draft_selectors.drafts_visible(request.user).select_related("court", "entry")
    channel = request.GET.get("channel", "")
    state = request.GET.get("state", "")
    if channel in Channel.values:
        drafts = drafts.filter(channel=channel)
    if state in PublicityDraft.State.values:
        drafts = drafts.filter(state=state)
    may_draft = has_permission(request.user, "publicity.draft")
    eligible = draft_selectors.suggestions_for_publicity(request.user) if may_draft else None
    return render(
        request,
        "publicity/draft_list.html",
        {
            "drafts": drafts[:200],
            "channels": Channel.choices,
            "states": PublicityDraft.State.choices,
            "channel": channel,
            "state": state,
            "may_draft": may_draft,
            "may_configure": has_permission(request.user, "publicity.configure"),
            "eligible": eligible[:100] if may_draft else [],
            "events": FollowUp.objects.filter(suggestion__in=eligible, kind__in=NEWS_KINDS)
            .select_related("suggestion")
            .order_by("-held_on")[:100]
            if may_draft
            else [],
            "public_url": request.build_absolute_uri(f"/gongkai/{request.user.court.code}/"),
        },
    )


@require_POST
@permission_required("publicity.draft")
def draft_new(request):
    sid, fid = request.POST.get("suggestion", ""), ""
    if "-" in request.POST.get("event", ""):  # 工作动态 from one follow-up: "<letter>-<event>"
        sid, fid = request.POST["event"].split("-", 1)
    suggestion = get_object_or_404(
        draft_selectors.suggestions_for_publicity(request.user),
        pk=int(sid) if sid.isdigit() else 0,
    )
    try:
        if fid:
            event = get_object_or_404(
                suggestion.follow_ups.filter(kind__in=NEWS_KINDS),
                pk=int(fid) if fid.isdigit() else 0,
            )
            draft = draft_services.draft_create(
                actor=request.user, suggestion=suggestion, channel=Channel.NEWS, follow_up=event
            )
            messages.success(request, "已生成工作动态。")
            return redirect("publicity:draft", pk=draft.pk)
        drafts = draft_services.drafts_create_all(actor=request.user, suggestion=suggestion)
    except ValidationError as error:
        _errors(request, error)
        return redirect("publicity:drafts")
    messages.success(
        request,
        f"已生成{len(drafts)}份宣传稿：" + "、".join(d.get_channel_display() for d in drafts),
    )
    return redirect("publicity:drafts")


def _draft(request, pk: int) -> PublicityDraft:
    return get_object_or_404(
        draft_selectors.drafts_visible(request.user).select_related("court", "entry"), pk=pk
    )


@permission_required("publicity.view")
def draft_detail(request, pk: int):
    draft = _draft(request, pk)
    step = policy.current_step(draft)
    publication = (
        getattr(draft, "publication", None) if draft.state == draft.State.PUBLISHED else None
    )
    return render(
        request,
        "publicity/draft_detail.html",
        {
            "draft": draft,
            "body": draft.body,
            "fields": editing.fields(draft.body),
            "untraced": channels.untraced(draft.body, draft.sources, draft.quoted),
            "actions": policy.available_actions(request.user, draft),
            "approvals": draft.approvals.select_related("actor"),
            "chain": draft.chain or policy.chain_for(draft.court_id),
            "step": step,
            "step_role": dict(Role.choices).get(step["role"], "") if step else "",
            "publication": publication,
            "docx": draft.channel in exports.DOCX_CHANNELS,
            "today": timezone.localdate(),
            "weibo_max": channels.WEIBO_HEADLINE_MAX,
            "headline_length": channels.weibo_length(draft.body.get("headline", "")),
            "chart_url": reverse("publicity:draft_chart", args=[draft.pk])
            if draft.has_chart
            else "",
            "sections": exports.sections_with_quotes(draft.body),
        },
    )


@require_POST
@permission_required("publicity.draft")
def draft_edit(request, pk: int):
    draft = _draft(request, pk)
    try:
        body = editing.apply(draft.body, request.POST)
        draft_services.draft_edit(
            actor=request.user,
            draft=draft,
            body=body,
            planned_on=_date(request.POST.get("planned_on", "")),
        )
        messages.success(request, "已保存。")
    except ValidationError as error:
        _errors(request, error)
    return redirect("publicity:draft", pk=draft.pk)


@require_POST
@permission_required("publicity.view")
def draft_act(request, pk: int, action: str):
    draft = _draft(request, pk)
    try:
        if action == "submit":
            draft_services.draft_submit(actor=request.user, draft=draft)
            messages.success(request, "已送审。")
        elif action in ("approve", "return"):
            draft_services.draft_decide(
                actor=request.user,
                draft=draft,
                approve=action == "approve",
                comment=request.POST.get("comment", ""),
            )
            messages.success(request, "已同意。" if action == "approve" else "已退回。")
        elif action == "publish":
            draft_services.publication_record(
                actor=request.user,
                draft=draft,
                published_on=_date(request.POST.get("published_on", "")),
                url=request.POST.get("url", ""),
            )
            messages.success(request, "已登记发布。")
        elif action == "reach":
            publication = get_object_or_404(
                draft_selectors.publications_visible(request.user), draft=draft
            )
            draft_services.publication_reach(
                actor=request.user,
                publication=publication,
                **{k: request.POST.get(k, "") for k in draft_services.REACH_FIELDS},
            )
            messages.success(request, "传播数据已保存。")
        else:
            messages.error(request, "未知的操作。")
    except ValidationError as error:
        _errors(request, error)
    return redirect("publicity:draft", pk=draft.pk)


def _filename(draft: PublicityDraft, ext: str) -> str:
    return f"{draft.get_channel_display()}-{draft.title[:40]}.{ext}"


@permission_required("publicity.view")
def draft_wechat_html(request, pk: int):
    draft = _draft(request, pk)
    if draft.channel != Channel.WECHAT:
        return HttpResponse("只有微信公众号文章可导出HTML。", status=404)
    html = exports.wechat_html(draft, court_name=draft.court.name)
    return generated_download(html.encode(), _filename(draft, "html"))


@permission_required("publicity.view")
def draft_docx(request, pk: int):
    draft = _draft(request, pk)
    if draft.channel not in exports.DOCX_CHANNELS:
        return HttpResponse("该渠道的稿件没有Word版本，请下载文本。", status=404)
    return generated_download(
        exports.draft_docx(draft, author=draft.court.name), _filename(draft, "docx")
    )


@permission_required("publicity.view")
def draft_txt(request, pk: int):
    draft = _draft(request, pk)
    return generated_download(exports.draft_text(draft), _filename(draft, "txt"))


@permission_required("publicity.view")
def draft_chart(request, pk: int):
    png = exports.chart_png(_draft(request, pk))
    if png is None:
        return HttpResponse("该稿件没有成效图。", status=404)
    return HttpResponse(png, content_type="image/png")


@permission_required("publicity.view")
def calendar_view(request):
    today = timezone.localdate()
    year, month = today.year, today.month
    found = MONTH.match(request.GET.get("month", ""))
    if found and 2000 <= int(found.group(1)) <= 2100 and 1 <= int(found.group(2)) <= 12:
        year, month = int(found.group(1)), int(found.group(2))
    elif request.GET.get("month"):
        messages.error(request, "月份格式不正确，请按“2026-01”的格式填写；已显示本月。")
    prev = (year - 1, 12) if month == 1 else (year, month - 1)
    nxt = (year + 1, 1) if month == 12 else (year, month + 1)
    return render(
        request,
        "publicity/calendar.html",
        {
            "weeks": draft_selectors.month_calendar(request.user, year, month),
            "year": year,
            "month": month,
            "prev": f"{prev[0]}-{prev[1]:02d}",
            "next": f"{nxt[0]}-{nxt[1]:02d}",
            "weekdays": "一二三四五六日",
        },
    )


@permission_required("publicity.view")
def drafts_xlsx(request):
    drafts = (
        draft_selectors.drafts_visible(request.user)
        .select_related("court", "entry", "publication")
        .order_by("-id")
    )
    return generated_download(exports.publications_xlsx(drafts), "宣传稿与发布清单.xlsx")


@permission_required("publicity.configure")
def template_list(request):
    rows = []
    for value, label in Channel.choices:
        version, _ = draft_services.template_for(request.user.court_id, value)
        rows.append((value, label, version))
    return render(
        request,
        "publicity/template_list.html",
        {
            "rows": rows,
            "chain": policy.chain_for(request.user.court_id),
            "roles": [(r, dict(Role.choices)[r]) for r in policy.APPROVER_ROLES],
            "slots": range(5),
        },
    )


@permission_required("publicity.configure")
def template_edit(request, channel: str):
    if channel not in Channel.values:
        return HttpResponse("未知的宣传渠道。", status=404)
    version, template = draft_services.template_for(request.user.court_id, channel)
    if request.method == "POST":
        try:
            body = editing.apply(template, request.POST)
            draft_services.template_save(
                actor=request.user, channel=channel, body=body, note=request.POST.get("note", "")
            )
            messages.success(request, "模板已保存为本院的新版本，此后生成的稿件使用新模板。")
            return redirect("publicity:template", channel=channel)
        except ValidationError as error:
            _errors(request, error)
    return render(
        request,
        "publicity/template_edit.html",
        {
            "channel": channel,
            "label": Channel(channel).label,
            "version": version,
            "fields": editing.fields(template),
            "history": ChannelTemplate.objects.filter(
                court_id=request.user.court_id, channel=channel
            ).select_related("created_by")[:20],
            "placeholders": channel_templates.__doc__.split("Placeholders", 1)[1],
        },
    )


@require_POST
@permission_required("publicity.configure")
def chain_edit(request):
    steps = list(zip(request.POST.getlist("name"), request.POST.getlist("role"), strict=False))
    try:
        draft_services.chain_save(actor=request.user, steps=steps)
        messages.success(request, "审批流程已保存；已送审的稿件仍按送审时的流程办理。")
    except ValidationError as error:
        _errors(request, error)
    return redirect("publicity:templates")
