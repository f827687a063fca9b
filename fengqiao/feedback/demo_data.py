"""反馈分析 in the demo: classified replies in every outcome.

Called once at the end of the demo register's build (after its letters exist). It adds one
letter whose reply adopts nothing (未采纳 and 说明理由, to a company), then has the 研究室 clerk
classify every item and letter that asks for a reason — through the services, so the audit
trail shows it — taking the classifier's proposal where it has one.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from fengqiao.courts.models import Court, RecipientUnit, User
from fengqiao.suggestions import services
from fengqiao.suggestions.letters import EMPTY_CONTENT
from fengqiao.suggestions.models import (
    Category,
    ItemOutcome,
    Meeting,
    OutcomeReason,
    State,
    Suggestion,
)
from fengqiao.suggestions.reply_reasons import NO_REPLY, reason_targets, reply_reason_set

COURT = "苏0791"
BANK = "中国银行股份有限公司连云港分行"
TITLE = "涉案存量风险账户清理"
REVIEWERS = {
    "部门负责人核稿": "tingzhang",
    "研究室审核": "yanjiushi",
    "审委会审议": "shenweihui",
    "院长签发": "yuanzhang",
    "分管院领导签发": "fenguan",
}
# what the clerk decides where the reply itself gives no cue (reason, note)
FALLBACK = {
    ItemOutcome.PARTLY: (OutcomeReason.INFEASIBLE, "配套办法尚在制定，短期内难以全部落实。"),
    ItemOutcome.EXPLAINED: (OutcomeReason.NOT_COMPETENT, "须由上级主管部门统一部署。"),
    NO_REPLY: (OutcomeReason.COMMUNICATION, "送达前未征求意见，督促后方知对方未明确承办科室。"),
}


def _content(court: Court) -> dict:
    return {
        **EMPTY_CONTENT,
        "title": f"{court.name}关于{TITLE}的司法建议书",
        "topic": TITLE,
        "background": [
            "你行积极参与“断卡”行动，开户审核和风险提示工作取得成效。",
            "我院近两年审理的帮助信息网络犯罪活动罪案件中，涉案账户多为长期不动户或"
            "开户后很快转为他人控制使用的账户。",
        ],
        "problems": [
            {
                "heading": "长期不动户管理不到位。",
                "body": "部分长期不动户在被他人控制后突然大额交易，未能及时识别。",
            },
            {
                "heading": "涉案账户信息共享不及时。",
                "body": "我院判决认定的涉案账户，部分在判决生效后仍处于正常状态。",
            },
        ],
        "suggestions": [
            {
                "heading": "针对长期不动户问题，开展存量账户清理。",
                "body": "建议每季度对长期不动户开展一次排查，对无法核实身份的账户依法限制交易。",
            },
            {
                "heading": "针对信息共享问题，建立涉案账户通报机制。",
                "body": "建议与我院建立涉案账户清单定期通报机制，收到清单后三十日内完成核查。",
            },
        ],
        "other_matters": ["我院将积极配合你行开展相关工作，并可提供相关案例和数据。"],
        "contact_name": "周静",
        "contact_phone": "0518-85861234",
    }


def _not_adopted_letter(court: Court, users: dict[str, User]) -> Suggestion:
    today = timezone.localdate()
    research = users["yanjiushi"]
    letter = services.suggestion_create(
        actor=users["faguan"],
        title=TITLE,
        category=Category.CLASS,
        recipient=RecipientUnit.objects.get(court=court, name=BANK),
        domain="金融",
        content=_content(court),
    )
    services.review_submit(actor=letter.drafter, suggestion=letter)
    meeting = Meeting.objects.filter(court=court, kind=Meeting.Kind.COMMITTEE).first()
    while (step := services.active_step(letter)) is not None:
        letter = services.review_act(
            actor=users[REVIEWERS[step.step.name]],
            suggestion=letter,
            approve=True,
            comment="同意。",
            meeting=meeting if step.step.requires_meeting else None,
        )
    signed_on = today - timedelta(days=130)
    tz = timezone.get_current_timezone()
    Suggestion.objects.filter(pk=letter.pk).update(
        signed_at=datetime.combine(signed_on, time(10, 30), tzinfo=tz),
        created_at=datetime.combine(signed_on - timedelta(days=15), time(9, 0), tzinfo=tz),
    )
    letter.refresh_from_db()
    services.delivery_record(
        actor=research,
        suggestion=letter,
        method="in_person",
        delivered_on=signed_on + timedelta(days=3),
        note="被建议单位办公室签收。",
    )
    services.reply_register(
        actor=research,
        suggestion=letter,
        received_on=signed_on + timedelta(days=60),
        content="你院司法建议收悉。经研究，现将有关情况函复如下。",
        items=[
            (
                1,
                ItemOutcome.NOT_ADOPTED,
                "长期不动户的限制措施须按人民银行统一规定执行，目前尚不具备条件逐季排查。",
            ),
            (
                2,
                ItemOutcome.EXPLAINED,
                "涉案账户的冻结止付由公安机关决定，不属于本单位职责，建议向有关主管部门反映。",
            ),
        ],
    )
    return letter


@transaction.atomic
def load_demo_feedback() -> int:
    """Add the not-adopted letter and classify every outcome asking for a reason; returns how
    many reasons were recorded. Does nothing on a database without the demo register."""
    court = Court.objects.filter(code=COURT).first()
    users = {
        u.username: u for u in User.objects.filter(username__in=[*REVIEWERS.values(), "faguan"])
    }
    if court is None or len(users) < len(REVIEWERS) + 1:
        return 0
    if not Suggestion.objects.filter(court=court, title=TITLE).exists():
        _not_adopted_letter(court, users)
    recorded = 0
    letters = Suggestion.objects.filter(
        court=court, state__in=[State.DELIVERED, State.REPLIED, State.FOLLOW_UP, State.ARCHIVED]
    )
    for letter in letters.order_by("pk"):
        for target in reason_targets(letter):
            if target.reason:
                continue
            if target.proposal.reason:
                reason, note = target.proposal.reason, ""
            else:
                reason, note = FALLBACK.get(target.outcome, (OutcomeReason.OTHER, "演示数据"))
            reply_reason_set(
                actor=users["yanjiushi"],
                suggestion=letter,
                item_index=target.item_index,
                reason=reason,
                note=note,
            )
            recorded += 1
    return recorded
