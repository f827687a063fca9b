"""Request and response shapes of the suggestion lifecycle API (django-ninja / pydantic).

Inputs are strict enough that nothing malformed reaches the services or the database: ids and
years are bounded (SQLite and PostgreSQL integers), dates lie in a sane window (deadline
arithmetic never leaves ``datetime``'s range), text has no NUL characters (PostgreSQL rejects
them) and respects the model's column lengths, and the letter's content has its real structure.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Annotated, Any, Literal

from ninja import Schema
from pydantic import AfterValidator, ConfigDict, Field

from fengqiao.core.schemas import CleanInput
from fengqiao.core.text import clean_line
from fengqiao.suggestions.models import (
    Category,
    Clue,
    DeliveryMethod,
    FollowUp,
    ItemOutcome,
    Meeting,
    PreCommunication,
)

MAX_ID = 2**63 - 1  # BigAutoField on both databases
FIRST_DAY = date(1990, 1, 1)
LAST_DAY = date(2099, 12, 31)


def _clean_text(value: str) -> str:
    if "\x00" in value:
        raise ValueError("文本中不能包含空字符（\\x00）")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ValueError("文本不是有效的 UTF-8 字符串") from exc
    return value


def _clean_json(value: Any) -> Any:
    try:
        dumped = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError) as exc:
        raise ValueError("不是有效的 JSON 数据") from exc
    _clean_text(dumped)
    if "\\u0000" in dumped:
        raise ValueError("文本中不能包含空字符（\\u0000）")
    return value


Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Text = Annotated[str, AfterValidator(_clean_text)]
Day = Annotated[date, Field(ge=FIRST_DAY, le=LAST_DAY)]
JsonDict = Annotated[dict[str, Any], AfterValidator(_clean_json)]


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("不能为空")
    return value


Text20 = Annotated[Text, Field(max_length=20), AfterValidator(clean_line)]
Text50 = Annotated[Text, Field(max_length=50), AfterValidator(clean_line)]
Text200 = Annotated[Text, Field(max_length=200), AfterValidator(clean_line)]
Text300 = Annotated[Text, Field(max_length=300), AfterValidator(clean_line)]
Text500 = Annotated[Text, Field(max_length=500), AfterValidator(clean_line)]
Required = Annotated[Text, AfterValidator(_not_blank)]
Required200 = Annotated[Text200, AfterValidator(_not_blank)]
Required300 = Annotated[Text300, AfterValidator(_not_blank)]


class InSchema(CleanInput):
    """Unknown fields are an error, so a typo never silently does nothing; strings arrive
    without control characters (``CleanInput``), single-line ones without line breaks."""

    model_config = ConfigDict(extra="forbid")


# ---- errors ---------------------------------------------------------------------------------


class ErrorOut(Schema):
    detail: str = Field(description="给人看的中文说明")
    code: str = Field(
        description="机器可读的错误码：permission_denied、not_found、invalid、"
        "invalid_transition、invalid_input、invalid_json、unauthenticated"
    )


class FieldErrorOut(Schema):
    loc: list[str | int]
    msg: str
    type: str


class InputErrorOut(ErrorOut):
    errors: list[FieldErrorOut]


ERRORS: dict[int, type[Schema]] = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    422: InputErrorOut,
}


# ---- small shared shapes --------------------------------------------------------------------


class Ref(Schema):
    id: int
    name: str


# ---- clues ----------------------------------------------------------------------------------


class ClueIn(InSchema):
    title: Required200
    problem: Required
    domain: Text20 = ""
    recipient_id: Id | None = None
    case_ids: list[Id] = Field(default_factory=list, max_length=500)
    source: Clue.Source = Clue.Source.JUDGE
    evidence: JsonDict = Field(default_factory=dict)


class TriageIn(InSchema):
    decision: Literal["accept", "reject", "merge"]
    reason: Text = ""
    merge_into: Id | None = Field(None, description="decision=merge 时：并入的另一条本院线索 id")


class ActionOut(Schema):
    action: str = Field(description="操作代码（见 suggestions/policy.py），如 review、deliver")
    label: str


class ClueOut(Schema):
    id: int
    title: str
    problem: str
    domain: str
    state: str
    state_label: str
    source: str
    recipient: Ref | None
    raised_by: Ref
    merged_into_id: int | None
    reject_reason: str
    case_ids: list[int]
    created_at: datetime
    available_actions: list[ActionOut] = Field(
        default_factory=list, description="当前用户此时可以对该线索执行的操作（研判、列入议程）"
    )


class ClueList(Schema):
    count: int
    items: list[ClueOut]


# ---- meetings -------------------------------------------------------------------------------


class MeetingIn(InSchema):
    kind: Meeting.Kind
    held_on: Day
    session_no: Text50 = ""
    attendees: Text = ""


class AgendaIn(InSchema):
    clue_id: Id | None = None
    suggestion_id: Id | None = None


class DecideIn(InSchema):
    decision: Literal["send", "not_send", "investigate"] = Field(
        description="send 同意制发 / not_send 不制发 / investigate 进一步调研"
    )
    category: Category | Literal[""] = ""
    recipient_id: Id | None = None
    note: Text = ""
    drafter_id: Id | None = Field(None, description="起草人（本院人员）；默认为线索提出人")


class AgendaItemOut(Schema):
    id: int
    meeting_id: int
    clue_id: int | None
    suggestion_id: int | None
    decision: str
    decision_label: str
    category: str
    recipient_id: int | None
    note: str
    decided_at: datetime | None


class DecisionOut(Schema):
    item: AgendaItemOut
    suggestion_id: int | None = Field(description="同意制发线索时新建的司法建议 id")


class MeetingOut(Schema):
    id: int
    kind: str
    kind_label: str
    held_on: date
    session_no: str
    attendees: str
    items: list[AgendaItemOut]


class MeetingList(Schema):
    count: int
    items: list[MeetingOut]


# ---- suggestions: input ---------------------------------------------------------------------


class ContentItem(InSchema):
    heading: Text500 = ""
    body: Text = ""


class ContentIn(InSchema):
    """The structured text of a 司法建议书 (what the drafting page edits)."""

    title: Text300 = ""
    topic: Text200 = ""
    background: list[Text] = Field(default_factory=list, max_length=200)
    problems: list[ContentItem] = Field(default_factory=list, max_length=100)
    suggestions: list[ContentItem] = Field(default_factory=list, max_length=100)
    other_matters: list[Text] = Field(default_factory=list, max_length=100)
    attachments: list[Text300] = Field(default_factory=list, max_length=100)
    contact_name: Text50 = ""
    contact_phone: Text50 = ""
    include_assessment_note: bool = False
    recipient: Text200 = ""


class SuggestionIn(InSchema):
    title: Required200
    category: Category
    recipient_id: Id
    domain: Text20 = ""
    minors_law: bool = False
    case_ids: list[Id] = Field(default_factory=list, max_length=500)
    content: ContentIn | None = None


class DraftIn(InSchema):
    content: ContentIn
    note: Text = ""
    reply_months: int | None = Field(None, ge=1, le=12)
    minors_law: bool | None = None
    cc_unit_ids: list[Id] | None = Field(None, max_length=100)


class ReviewIn(InSchema):
    approve: bool
    comment: Text = ""
    meeting_id: Id | None = Field(None, description="审委会审议步骤：本院审判委员会会议 id")
    override_reason: Text = Field("", description="签发步骤：格式检查未通过时的豁免理由")


class CommunicationIn(InSchema):
    kind: PreCommunication.Kind
    held_on: Day
    respond_by: Day | None = None
    participants: Text300 = ""
    note: Text = ""


class ItemOpinionIn(InSchema):
    index: int = Field(ge=1, le=99, description="建议序号（一）=1")
    opinion: Text = ""


class OpinionIn(InSchema):
    """The answer to the 征求意见稿: overall stance, opinions per suggestion, free text."""

    opinion: Text = ""
    opinion_on: Day
    stance: PreCommunication.Stance | None = None
    item_opinions: list[ItemOpinionIn] = Field(default_factory=list, max_length=99)


class ReasonIn(InSchema):
    reason: Required


class DeliveryIn(InSchema):
    method: DeliveryMethod
    delivered_on: Day
    cc_superior: bool = False
    cc_superior_court: bool = False
    note: Text300 = ""


class ExtensionIn(InSchema):
    months: int = Field(ge=1, le=3)
    reason: Required300


class ReplyItemIn(InSchema):
    index: int = Field(ge=1, le=1000, description="建议序号（第几条建议）")
    outcome: ItemOutcome
    measures: Text = ""


class ReplyIn(InSchema):
    received_on: Day
    content: Required
    items: list[ReplyItemIn] = Field(default_factory=list, max_length=100)


class FollowUpIn(InSchema):
    kind: FollowUp.Kind
    held_on: Day
    description: Required
    rule_name: Text200 = ""


class CompleteIn(InSchema):
    completed_on: Day | None = Field(None, description="办结日期，默认今天")


# ---- suggestions: output --------------------------------------------------------------------


class SuggestionItem(Schema):
    id: int
    doc_number: str
    title: str
    state: str
    state_label: str
    category: str
    category_label: str
    domain: str
    court_id: int
    recipient: Ref
    holder: Ref | None
    reply_due_on: date | None
    reply_due_explanation: str
    overdue: bool


class SuggestionList(Schema):
    count: int
    limit: int
    offset: int
    items: list[SuggestionItem]


class VersionOut(Schema):
    id: int
    number: int
    note: str
    created_by: Ref
    created_at: datetime


class StepOut(Schema):
    id: int
    name: str
    position: int
    role: str
    role_label: str
    requires_meeting: bool
    signs: bool
    state: str


class CommunicationOut(Schema):
    id: int
    kind: str
    kind_label: str
    held_on: date
    respond_by: date | None
    participants: str
    note: str
    recipient_opinion: str
    opinion_on: date | None
    stance: str = ""
    item_opinions: list[dict] = []
    version: int | None = None
    conclusion: str = ""


class DeliveryOut(Schema):
    id: int
    method: str
    method_label: str
    delivered_on: date
    cc_superior: bool
    cc_superior_court: bool
    note: str
    has_receipt: bool


class ExtensionOut(Schema):
    id: int
    months: int
    reason: str
    created_at: datetime


class ReplyItemOut(Schema):
    index: int
    outcome: str
    outcome_label: str
    measures: str


class ReplyOut(Schema):
    id: int
    received_on: date
    content: str
    via_portal: bool
    items: list[ReplyItemOut]


class FollowUpOut(Schema):
    id: int
    kind: str
    kind_label: str
    held_on: date
    description: str
    rule_name: str


class TimelineEntry(Schema):
    at: datetime
    actor: str
    action: str
    details: Any = None


class SuggestionOut(SuggestionItem):
    court_name: str
    available_actions: list[ActionOut] = Field(
        description="当前用户此时可以对该司法建议执行的操作（与页面显示的一致）"
    )
    clue_id: int | None
    drafter: Ref
    cc_unit_ids: list[int]
    reply_months: int
    minors_law: bool
    signed_at: datetime | None
    issued_on: date | None = Field(description="成文日期（签发之日），每份打印件都印此日期")
    delivered_on: date | None
    replied_on: date | None
    completed_on: date | None
    archive_due_on: date | None
    archived_on: date | None
    content: dict[str, Any] | None = Field(description="最新一稿的结构化正文")
    versions: list[VersionOut]
    current_step: StepOut | None
    communications: list[CommunicationOut]
    deliveries: list[DeliveryOut]
    extensions: list[ExtensionOut]
    replies: list[ReplyOut]
    follow_ups: list[FollowUpOut]
    timeline: list[TimelineEntry]
