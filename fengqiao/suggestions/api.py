"""The JSON API of the suggestion lifecycle: clues, meetings, suggestions, and every step from
draft to archive. Thin: parse (schemas), fetch through the scoped selectors (not visible → 404),
call the one service function (role/step → 403, state → 409, content → 400), serialise.

Registered on the project API (``fengqiao.api``) at the root, so paths are ``/api/clues``,
``/api/meetings``, ``/api/agenda/…``, ``/api/suggestions/…``, ``/api/communications/…``.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.http import content_disposition_header
from ninja import Path, Query, Router, Status
from pydantic import Field

from fengqiao.audit.models import AuditEntry
from fengqiao.cases.selectors import cases_visible
from fengqiao.core.schemas import CleanInput
from fengqiao.courts.models import User
from fengqiao.courts.permissions import require_permission
from fengqiao.courts.selectors import recipient_units_addressable, users_visible
from fengqiao.portal.selectors import letter_version, letters_for_recipient
from fengqiao.suggestions import letters, policy, services, stored_letters
from fengqiao.suggestions.models import (
    AgendaItem,
    Category,
    Clue,
    Meeting,
    PreCommunication,
    Reply,
    State,
    Suggestion,
)
from fengqiao.suggestions.schemas import (
    ERRORS,
    MAX_ID,
    AgendaIn,
    AgendaItemOut,
    ClueIn,
    ClueList,
    ClueOut,
    CommunicationIn,
    CommunicationOut,
    CompleteIn,
    DecideIn,
    DecisionOut,
    DeliveryIn,
    DeliveryOut,
    DraftIn,
    ErrorOut,
    ExtensionIn,
    ExtensionOut,
    FollowUpIn,
    FollowUpOut,
    Id,
    MeetingIn,
    MeetingList,
    MeetingOut,
    OpinionIn,
    ReasonIn,
    ReplyIn,
    ReplyOut,
    ReviewIn,
    SuggestionIn,
    SuggestionList,
    SuggestionOut,
    Text20,
    Text200,
    TriageIn,
    VersionOut,
)
from fengqiao.suggestions.selectors import (
    active_step,
    clues_visible,
    meetings_visible,
    suggestions_visible,
)

router = Router(tags=["司法建议"])

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _ok(schema, status: int = 200) -> dict:
    return {status: schema, **{k: v for k, v in ERRORS.items() if k != status}}


# ---- scoping --------------------------------------------------------------------------------


def _suggestion(request, suggestion_id: int, *, recipient_may_act: bool = False) -> Suggestion:
    user = request.user
    scope = suggestions_visible(user)
    if recipient_may_act and user.is_recipient:
        scope = letters_for_recipient(user)
    return get_object_or_404(scope.select_related("court", "recipient"), pk=suggestion_id)


def _all_or_404(queryset: QuerySet, ids: list[int]) -> list:
    wanted = set(ids)
    found = list(queryset.filter(pk__in=wanted))
    if len(found) != len(wanted):
        raise Http404
    return found


# ---- serialisation --------------------------------------------------------------------------


def _ref(obj) -> dict | None:
    if obj is None:
        return None
    name = obj.display_name if isinstance(obj, User) else str(obj)
    return {"id": obj.pk, "name": name}


def _clue(clue: Clue, user) -> dict:
    return {
        "available_actions": policy.labelled(policy.available_actions(user, clue)),
        "id": clue.pk,
        "title": clue.title,
        "problem": clue.problem,
        "domain": clue.domain,
        "state": clue.state,
        "state_label": clue.get_state_display(),
        "source": clue.source,
        "recipient": _ref(clue.recipient),
        "raised_by": _ref(clue.raised_by),
        "merged_into_id": clue.merged_into_id,
        "reject_reason": clue.reject_reason,
        "case_ids": sorted(c.pk for c in clue.cases.all()),
        "created_at": clue.created_at,
    }


def _agenda_item(item: AgendaItem) -> dict:
    return {
        "id": item.pk,
        "meeting_id": item.meeting_id,
        "clue_id": item.clue_id,
        "suggestion_id": item.suggestion_id,
        "decision": item.decision,
        "decision_label": item.get_decision_display(),
        "category": item.category,
        "recipient_id": item.recipient_id,
        "note": item.note,
        "decided_at": item.decided_at,
    }


def _meeting(meeting: Meeting) -> dict:
    return {
        "id": meeting.pk,
        "kind": meeting.kind,
        "kind_label": meeting.get_kind_display(),
        "held_on": meeting.held_on,
        "session_no": meeting.session_no,
        "attendees": meeting.attendees,
        "items": [_agenda_item(i) for i in meeting.items.all()],
    }


def _item(suggestion: Suggestion, today=None) -> dict:
    today = today or timezone.localdate()
    return {
        "id": suggestion.pk,
        "doc_number": suggestion.doc_number,
        "title": suggestion.title,
        "state": suggestion.state,
        "state_label": suggestion.get_state_display(),
        "category": suggestion.category,
        "category_label": suggestion.get_category_display(),
        "domain": suggestion.domain,
        "court_id": suggestion.court_id,
        "recipient": _ref(suggestion.recipient),
        "holder": _ref(suggestion.holder),
        "reply_due_on": suggestion.reply_due_on,
        "reply_due_explanation": suggestion.reply_due_explanation,
        "overdue": suggestion.overdue_on(today),
    }


def _communication(c: PreCommunication) -> dict:
    return {
        "id": c.pk,
        "kind": c.kind,
        "kind_label": c.get_kind_display(),
        "held_on": c.held_on,
        "respond_by": c.respond_by,
        "participants": c.participants,
        "note": c.note,
        "recipient_opinion": c.recipient_opinion,
        "opinion_on": c.opinion_on,
        "stance": c.stance,
        "item_opinions": c.item_opinions,
        "version": c.version.number if c.version_id else None,
        "conclusion": c.conclusion,
    }


def _delivery(d) -> dict:
    return {
        "id": d.pk,
        "method": d.method,
        "method_label": d.get_method_display(),
        "delivered_on": d.delivered_on,
        "cc_superior": d.cc_superior,
        "cc_superior_court": d.cc_superior_court,
        "note": d.note,
        "has_receipt": d.receipt_id is not None,
    }


def _extension(e) -> dict:
    return {"id": e.pk, "months": e.months, "reason": e.reason, "created_at": e.created_at}


def _reply(r: Reply) -> dict:
    return {
        "id": r.pk,
        "received_on": r.received_on,
        "content": r.content,
        "via_portal": r.via_portal,
        "items": [
            {
                "index": i.item_index,
                "outcome": i.outcome,
                "outcome_label": i.get_outcome_display(),
                "measures": i.measures,
            }
            for i in r.items.all()
        ],
    }


def _follow_up(f) -> dict:
    return {
        "id": f.pk,
        "kind": f.kind,
        "kind_label": f.get_kind_display(),
        "held_on": f.held_on,
        "description": f.description,
        "rule_name": f.rule_name,
    }


def _version(v) -> dict:
    return {
        "id": v.pk,
        "number": v.number,
        "note": v.note,
        "created_by": _ref(v.created_by),
        "created_at": v.created_at,
    }


def _detail(user, suggestion_id: int) -> dict:
    s = (
        Suggestion.objects.select_related("court", "recipient", "holder", "drafter")
        .prefetch_related(
            "cc_units",
            Prefetch("communications", queryset=PreCommunication.objects.select_related("version")),
            "deliveries",
            "extensions",
            "follow_ups",
            Prefetch("replies", queryset=Reply.objects.prefetch_related("items")),
        )
        .get(pk=suggestion_id)
    )
    versions = list(s.versions.select_related("created_by").order_by("number"))
    step = active_step(s)
    timeline = AuditEntry.objects.filter(
        object_type=Suggestion._meta.label_lower, object_id=str(s.pk)
    ).order_by("id")
    return {
        **_item(s),
        "court_name": s.court.name,
        "available_actions": policy.labelled(policy.available_actions(user, s)),
        "clue_id": s.clue_id,
        "drafter": _ref(s.drafter),
        "cc_unit_ids": sorted(u.pk for u in s.cc_units.all()),
        "reply_months": s.reply_months,
        "minors_law": s.minors_law,
        "signed_at": s.signed_at,
        "issued_on": s.issued_on,
        "delivered_on": s.delivered_on,
        "replied_on": s.replied_on,
        "completed_on": s.completed_on,
        "archive_due_on": s.archive_due_on,
        "archived_on": s.archived_on,
        "content": versions[-1].content if versions else None,
        "versions": [_version(v) for v in versions],
        "current_step": None
        if step is None
        else {
            "id": step.pk,
            "name": step.step.name,
            "position": step.position,
            "role": step.step.role,
            "role_label": step.step.get_role_display(),
            "requires_meeting": step.step.requires_meeting,
            "signs": step.step.signs,
            "state": step.state,
        },
        "communications": [_communication(c) for c in s.communications.all()],
        "deliveries": [_delivery(d) for d in s.deliveries.all()],
        "extensions": [_extension(e) for e in s.extensions.all()],
        "replies": [_reply(r) for r in s.replies.all()],
        "follow_ups": [_follow_up(f) for f in s.follow_ups.all()],
        "timeline": [
            {"at": e.created_at, "actor": e.actor_label, "action": e.action, "details": e.after}
            for e in timeline
        ],
    }


PathId = Path(..., ge=1, le=MAX_ID)


# ---- clues ----------------------------------------------------------------------------------


class ClueFilters(CleanInput):
    state: Clue.State | None = None
    limit: int = Field(100, ge=1, le=500)
    offset: int = Field(0, ge=0, le=10**9)


@router.get("/clues", response=_ok(ClueList), summary="线索列表（本院）")
def clue_list(request, filters: Query[ClueFilters]):
    require_permission(request.user, "suggestion.view")
    clues = clues_visible(request.user).select_related("recipient", "raised_by")
    if filters.state:
        clues = clues.filter(state=filters.state)
    page = clues.order_by("-id").prefetch_related("cases")[
        filters.offset : filters.offset + filters.limit
    ]
    return {"count": clues.count(), "items": [_clue(c, request.user) for c in page]}


@router.post("/clues", response=_ok(ClueOut, 201), summary="提出线索")
def clue_create(request, payload: ClueIn):
    user = request.user
    recipient = None
    if payload.recipient_id is not None:
        recipient = get_object_or_404(recipient_units_addressable(user), pk=payload.recipient_id)
    cases = _all_or_404(cases_visible(user), payload.case_ids) if payload.case_ids else []
    clue = services.clue_create(
        actor=user,
        title=payload.title,
        problem=payload.problem,
        domain=payload.domain,
        recipient=recipient,
        cases=cases,
        source=payload.source.value,
        evidence=payload.evidence,
    )
    return Status(201, _clue(clue, user))


@router.post("/clues/{clue_id}/triage", response=_ok(ClueOut), summary="研判线索")
def clue_triage(request, payload: TriageIn, clue_id: int = PathId):
    scope = clues_visible(request.user)
    clue = get_object_or_404(scope, pk=clue_id)
    merge_into = None
    if payload.merge_into is not None:
        merge_into = get_object_or_404(scope, pk=payload.merge_into)
    clue = services.clue_triage(
        actor=request.user,
        clue=clue,
        decision=payload.decision,
        reason=payload.reason,
        merge_into=merge_into,
    )
    return _clue(clue, request.user)


# ---- meetings -------------------------------------------------------------------------------


class MeetingFilters(CleanInput):
    kind: Meeting.Kind | None = None
    limit: int = Field(100, ge=1, le=500)
    offset: int = Field(0, ge=0, le=10**9)


@router.get("/meetings", response=_ok(MeetingList), summary="会议列表（本院）")
def meeting_list(request, filters: Query[MeetingFilters]):
    require_permission(request.user, "suggestion.view")
    meetings = meetings_visible(request.user)
    if filters.kind:
        meetings = meetings.filter(kind=filters.kind)
    page = meetings.prefetch_related("items")[filters.offset : filters.offset + filters.limit]
    return {"count": meetings.count(), "items": [_meeting(m) for m in page]}


@router.post("/meetings", response=_ok(MeetingOut, 201), summary="登记会议")
def meeting_create(request, payload: MeetingIn):
    meeting = services.meeting_create(
        actor=request.user,
        kind=payload.kind.value,
        held_on=payload.held_on,
        session_no=payload.session_no,
        attendees=payload.attendees,
    )
    return Status(201, _meeting(meeting))


@router.post(
    "/meetings/{meeting_id}/agenda",
    response=_ok(AgendaItemOut, 201),
    summary="列入议程（一条线索或一份司法建议）",
)
def agenda_add(request, payload: AgendaIn, meeting_id: int = PathId):
    user = request.user
    meeting = get_object_or_404(meetings_visible(user), pk=meeting_id)
    clue = suggestion = None
    if payload.clue_id is not None:
        clue = get_object_or_404(clues_visible(user), pk=payload.clue_id)
    if payload.suggestion_id is not None:
        suggestion = get_object_or_404(suggestions_visible(user), pk=payload.suggestion_id)
    item = services.agenda_add(actor=user, meeting=meeting, clue=clue, suggestion=suggestion)
    return Status(201, _agenda_item(item))


@router.post(
    "/agenda/{item_id}/decide",
    response=_ok(DecisionOut),
    summary="记录会议决定（同意制发线索时自动生成初稿）",
)
def agenda_decide(request, payload: DecideIn, item_id: int = PathId):
    user = request.user
    item = get_object_or_404(
        AgendaItem.objects.select_related("meeting", "clue").filter(
            meeting__in=meetings_visible(user)
        ),
        pk=item_id,
    )
    recipient = drafter = None
    if payload.recipient_id is not None:
        recipient = get_object_or_404(recipient_units_addressable(user), pk=payload.recipient_id)
    if payload.drafter_id is not None:
        drafter = get_object_or_404(
            users_visible(user).filter(court_id=item.meeting.court_id), pk=payload.drafter_id
        )
    suggestion = services.agenda_decide(
        actor=user,
        item=item,
        decision=payload.decision,
        category=payload.category,
        recipient=recipient,
        note=payload.note,
        drafter=drafter,
    )
    item.refresh_from_db()
    return {"item": _agenda_item(item), "suggestion_id": getattr(suggestion, "pk", None)}


# ---- suggestions: reading -------------------------------------------------------------------


class SuggestionFilters(CleanInput):
    state: State | None = None
    category: Category | None = None
    domain: Text20 | None = None
    recipient_id: Id | None = None
    year: int | None = Field(None, ge=1990, le=2099, description="文号年度（未编号的按创建年度）")
    overdue: bool | None = Field(None, description="true：已送达、超过答复期限仍未回复")
    q: Text200 | None = Field(None, description="标题或文号包含")
    limit: int = Field(50, ge=1, le=500)
    offset: int = Field(0, ge=0, le=10**9)


@router.get("/suggestions", response=_ok(SuggestionList), summary="司法建议列表（按可见范围）")
def suggestion_list(request, filters: Query[SuggestionFilters]):
    require_permission(request.user, "suggestion.view")
    today = timezone.localdate()
    rows = suggestions_visible(request.user)
    if filters.state:
        rows = rows.filter(state=filters.state)
    if filters.category:
        rows = rows.filter(category=filters.category)
    if filters.domain:
        rows = rows.filter(domain=filters.domain)
    if filters.recipient_id:
        rows = rows.filter(recipient_id=filters.recipient_id)
    if filters.year:
        rows = rows.filter(
            Q(number_year=filters.year) | Q(number_year__isnull=True, created_at__year=filters.year)
        )
    if filters.overdue is True:
        rows = rows.overdue(today)
    elif filters.overdue is False:
        rows = rows.not_overdue(today)
    if filters.q and filters.q.strip():
        q = filters.q.strip()
        rows = rows.filter(Q(title__icontains=q) | Q(doc_number__icontains=q))
    page = rows.select_related("recipient", "holder").order_by("-id")[
        filters.offset : filters.offset + filters.limit
    ]
    return {
        "count": rows.count(),
        "limit": filters.limit,
        "offset": filters.offset,
        "items": [_item(s, today) for s in page],
    }


@router.get(
    "/suggestions/{suggestion_id}",
    response=_ok(SuggestionOut),
    summary="司法建议详情（文稿版本、当前审批步骤、送达、回函、跟踪、操作记录）",
)
def suggestion_detail(request, suggestion_id: int = PathId):
    require_permission(request.user, "suggestion.view")
    suggestion = _suggestion(request, suggestion_id)
    return _detail(request.user, suggestion.pk)


@router.get(
    "/suggestions/{suggestion_id}/letter.docx",
    response={200: None, **{k: v for k, v in ERRORS.items() if k in (401, 403, 404, 422)}},
    summary="下载司法建议书（.docx，最新一稿）",
    openapi_extra={
        "responses": {
            200: {
                "description": "司法建议书 Word 文件",
                "content": {DOCX: {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def suggestion_letter(request, suggestion_id: int = PathId):
    require_permission(request.user, "suggestion.view")
    suggestion = _suggestion(request, suggestion_id)
    stored = stored_letters.current_letter(suggestion, "docx")
    if stored is not None:  # signed: the stored file, as signed
        return stored_letters.letter_file_response(
            stored, filename=stored_letters.download_name(suggestion, "docx")
        )
    data = letters.letter_docx(suggestion, letter_version(suggestion))
    name = f"{suggestion.doc_number or suggestion.title}.docx".replace("/", "／")
    return HttpResponse(
        data,
        content_type=DOCX,
        headers={"Content-Disposition": content_disposition_header(True, name)},
    )


@router.get(
    "/suggestions/{suggestion_id}/letter.pdf",
    response={
        200: None,
        202: ErrorOut,
        **{k: v for k, v in ERRORS.items() if k in (401, 403, 404)},
    },
    summary="下载签发的司法建议书（PDF，存档文件；生成中返回 202）",
    openapi_extra={
        "responses": {
            200: {
                "description": "签发时存档的司法建议书 PDF（响应头 X-Letter-SHA256 为其 SHA-256）",
                "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def suggestion_letter_pdf(request, suggestion_id: int = PathId):
    require_permission(request.user, "suggestion.view")
    suggestion = _suggestion(request, suggestion_id)
    pdf = stored_letters.current_letter(suggestion, "pdf")
    if pdf is None:
        raise Http404("该司法建议尚未签发，没有 PDF 版本；草稿请下载 Word 版本。")
    if not pdf.is_ready:
        return Status(
            202,
            {"detail": "PDF 生成中，请稍后再试；Word 版本现在即可下载。", "code": "pdf_pending"},
        )
    return stored_letters.letter_file_response(
        pdf, filename=stored_letters.download_name(suggestion, "pdf")
    )


# ---- suggestions: drafting and review -------------------------------------------------------


@router.post("/suggestions", response=_ok(SuggestionOut, 201), summary="新建司法建议（起草）")
def suggestion_create(request, payload: SuggestionIn):
    user = request.user
    recipient = get_object_or_404(recipient_units_addressable(user), pk=payload.recipient_id)
    cases = _all_or_404(cases_visible(user), payload.case_ids) if payload.case_ids else []
    suggestion = services.suggestion_create(
        actor=user,
        title=payload.title,
        category=payload.category.value,
        recipient=recipient,
        domain=payload.domain,
        minors_law=payload.minors_law,
        cases=cases,
        content=payload.content.model_dump() if payload.content is not None else None,
    )
    return Status(201, _detail(request.user, suggestion.pk))


@router.put(
    "/suggestions/{suggestion_id}/draft",
    response=_ok(VersionOut),
    summary="保存文稿（内容有变化时生成新版本）",
)
def draft_save(request, payload: DraftIn, suggestion_id: int = PathId):
    user = request.user
    suggestion = _suggestion(request, suggestion_id)
    cc_units = None
    if payload.cc_unit_ids is not None:
        cc_units = _all_or_404(recipient_units_addressable(user), payload.cc_unit_ids)
    version = services.draft_save(
        actor=user,
        suggestion=suggestion,
        content=payload.content.model_dump(),
        note=payload.note,
        reply_months=payload.reply_months,
        minors_law=payload.minors_law,
        cc_units=cc_units,
    )
    return _version(version)


@router.post("/suggestions/{suggestion_id}/submit", response=_ok(SuggestionOut), summary="提交审核")
def review_submit(request, suggestion_id: int = PathId):
    suggestion = _suggestion(request, suggestion_id)
    try:
        services.review_submit(actor=request.user, suggestion=suggestion)
    except LookupError as exc:  # no workflow configured for this court and category
        raise ValidationError(str(exc.args[0] if exc.args else exc)) from exc
    return _detail(request.user, suggestion.pk)


@router.post(
    "/suggestions/{suggestion_id}/review",
    response=_ok(SuggestionOut),
    summary="审批当前步骤（同意或退回；签发步骤同意即编号）",
    description="审委会审议步骤须给出本院审判委员会会议 meeting_id；退回须填写 comment。",
)
def review_act(request, payload: ReviewIn, suggestion_id: int = PathId):
    user = request.user
    suggestion = _suggestion(request, suggestion_id)
    meeting = None
    if payload.meeting_id is not None:
        meeting = get_object_or_404(meetings_visible(user), pk=payload.meeting_id)
    services.review_act(
        actor=user,
        suggestion=suggestion,
        approve=payload.approve,
        comment=payload.comment,
        meeting=meeting,
        override_reason=payload.override_reason,
    )
    return _detail(request.user, suggestion.pk)


@router.post(
    "/suggestions/{suggestion_id}/revise",
    response=_ok(SuggestionOut),
    summary="征求意见后（或签发后）退回起草人修改（已有文号保留），起草人收到提醒",
)
def suggestion_revise(request, payload: ReasonIn, suggestion_id: int = PathId):
    suggestion = _suggestion(request, suggestion_id)
    services.suggestion_revise(actor=request.user, suggestion=suggestion, reason=payload.reason)
    return _detail(request.user, suggestion.pk)


@router.post(
    "/suggestions/{suggestion_id}/communications/conclude",
    response=_ok(SuggestionOut),
    summary="结束征求意见、无需修改，回到发函前的环节继续办理（需修改的用 /revise）",
)
def communication_conclude(request, suggestion_id: int = PathId):
    suggestion = _suggestion(request, suggestion_id)
    services.communication_conclude(actor=request.user, suggestion=suggestion)
    return _detail(request.user, suggestion.pk)


@router.post("/suggestions/{suggestion_id}/withdraw", response=_ok(SuggestionOut), summary="撤回")
def suggestion_withdraw(request, payload: ReasonIn, suggestion_id: int = PathId):
    suggestion = _suggestion(request, suggestion_id)
    services.suggestion_withdraw(actor=request.user, suggestion=suggestion, reason=payload.reason)
    return _detail(request.user, suggestion.pk)


# ---- pre-communication, delivery, reply, follow-up, archive ---------------------------------


@router.post(
    "/suggestions/{suggestion_id}/communications",
    response=_ok(CommunicationOut, 201),
    summary="登记事前沟通（告知函、走访、座谈）",
)
def communication_record(request, payload: CommunicationIn, suggestion_id: int = PathId):
    suggestion = _suggestion(request, suggestion_id)
    item = services.communication_record(
        actor=request.user,
        suggestion=suggestion,
        kind=payload.kind.value,
        held_on=payload.held_on,
        respond_by=payload.respond_by,
        participants=payload.participants,
        note=payload.note,
    )
    return Status(201, _communication(item))


@router.post(
    "/communications/{communication_id}/opinion",
    response=_ok(CommunicationOut),
    summary="记录被建议单位对告知函的意见（研究室登记，或被建议单位自行提交）",
)
def communication_opinion(request, payload: OpinionIn, communication_id: int = PathId):
    user = request.user
    scope = suggestions_visible(user)
    if user.is_recipient:
        scope = letters_for_recipient(user)
    communication = get_object_or_404(
        PreCommunication.objects.select_related("suggestion__recipient").filter(
            suggestion__in=scope.values("pk")
        ),
        pk=communication_id,
    )
    item = services.communication_opinion(
        actor=user,
        communication=communication,
        opinion=payload.opinion,
        opinion_on=payload.opinion_on,
        stance=payload.stance.value if payload.stance else "",
        item_opinions=[(row.index, row.opinion) for row in payload.item_opinions],
    )
    return _communication(item)


@router.post(
    "/suggestions/{suggestion_id}/deliveries",
    response=_ok(DeliveryOut, 201),
    summary="登记送达（重新送达时答复期限按最后一次送达重算）",
    description="JSON 接口不接收文件：送达回证请在页面上上传。",
)
def delivery_record(request, payload: DeliveryIn, suggestion_id: int = PathId):
    suggestion = _suggestion(request, suggestion_id)
    delivery = services.delivery_record(
        actor=request.user,
        suggestion=suggestion,
        method=payload.method.value,
        delivered_on=payload.delivered_on,
        cc_superior=payload.cc_superior,
        cc_superior_court=payload.cc_superior_court,
        note=payload.note,
    )
    return Status(201, _delivery(delivery))


@router.post(
    "/suggestions/{suggestion_id}/extensions",
    response=_ok(ExtensionOut, 201),
    summary="延长答复期限（1 至 3 个月）",
)
def extension_grant(request, payload: ExtensionIn, suggestion_id: int = PathId):
    suggestion = _suggestion(request, suggestion_id)
    extension = services.extension_grant(
        actor=request.user, suggestion=suggestion, months=payload.months, reason=payload.reason
    )
    return Status(201, _extension(extension))


@router.post(
    "/suggestions/{suggestion_id}/replies",
    response=_ok(ReplyOut, 201),
    summary="登记回函（研究室登记，或被建议单位在线提交）",
    description="JSON 接口不接收文件：回函附件请在页面上上传。",
)
def reply_register(request, payload: ReplyIn, suggestion_id: int = PathId):
    suggestion = _suggestion(request, suggestion_id, recipient_may_act=True)
    reply = services.reply_register(
        actor=request.user,
        suggestion=suggestion,
        received_on=payload.received_on,
        content=payload.content,
        items=[(i.index, i.outcome.value, i.measures) for i in payload.items],
    )
    return Status(201, _reply(reply))


@router.post(
    "/suggestions/{suggestion_id}/follow-ups",
    response=_ok(FollowUpOut, 201),
    summary="登记跟踪落实",
)
def follow_up_record(request, payload: FollowUpIn, suggestion_id: int = PathId):
    suggestion = _suggestion(request, suggestion_id)
    follow_up = services.follow_up_record(
        actor=request.user,
        suggestion=suggestion,
        kind=payload.kind.value,
        held_on=payload.held_on,
        description=payload.description,
        rule_name=payload.rule_name,
    )
    return Status(201, _follow_up(follow_up))


@router.post(
    "/suggestions/{suggestion_id}/complete",
    response=_ok(SuggestionOut),
    summary="办结（开始计算三个月归档期限）",
)
def suggestion_complete(request, suggestion_id: int = PathId, payload: CompleteIn | None = None):
    suggestion = _suggestion(request, suggestion_id)
    services.suggestion_complete(
        actor=request.user,
        suggestion=suggestion,
        completed_on=(payload and payload.completed_on) or timezone.localdate(),
    )
    return _detail(request.user, suggestion.pk)


@router.post("/suggestions/{suggestion_id}/archive", response=_ok(SuggestionOut), summary="归档")
def suggestion_archive(request, suggestion_id: int = PathId):
    suggestion = _suggestion(request, suggestion_id)
    services.suggestion_archive(actor=request.user, suggestion=suggestion)
    return _detail(request.user, suggestion.pk)
