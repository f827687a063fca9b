"""A FIXED small set of delivered letters, built straight in the database (fast), whose
analysis figures the tests state exactly.

Owner court ``basic`` (seen by its own staff):

====  ==========  ====  ==========  ====  ======================================  =========
L     category    dom.  unit kind   year  latest reply per item                   other
====  ==========  ====  ==========  ====  ======================================  =========
L1    综合治理类  房地产  党政机关    2025  采纳, 采纳, 部分采纳 (部分: 建议不可行)  事前沟通, 1 案例
L2    类案        金融  企业        2025  未采纳 (职责不属), 说明理由 (未分析)
L3    类案        金融  企业        2026  earlier reply 采纳×2; LATEST 未采纳×2
                                          (情况已变化, 未分析)
L4    综合治理类  房地产  党政机关    2026  no reply, overdue (沟通不到位)
L5    综合治理类  房地产  党政机关    2026  delivered, not yet due
====  ==========  ====  ==========  ====  ======================================  =========

``basic_sibling`` has L6 (adopted; seen by the 中院 supervisor), ``basic_other`` has L7.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from fengqiao.cases.models import Case
from fengqiao.courts.models import RecipientUnit, Role, UnitKind
from fengqiao.suggestions.models import (
    Category,
    ItemOutcome,
    PreCommunication,
    Reply,
    ReplyItem,
    State,
    Suggestion,
    SuggestionVersion,
)

A, P, N, E = (
    ItemOutcome.ADOPTED,
    ItemOutcome.PARTLY,
    ItemOutcome.NOT_ADOPTED,
    ItemOutcome.EXPLAINED,
)
TODAY = date(2026, 12, 1)

SPECIFIC = "建议会同街道每季度开展一次联合检查，建立问题台账，并于三个月内完成整改，定期通报结果。"
VAGUE = "建议进一步加强管理。"


@dataclass
class Letters:
    l1: Suggestion
    l2: Suggestion
    l3: Suggestion
    l4: Suggestion
    l5: Suggestion
    l6: Suggestion
    l7: Suggestion

    @property
    def own(self) -> set[int]:
        return {self.l1.pk, self.l2.pk, self.l3.pk, self.l4.pk, self.l5.pk}


def _aware(day: date) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, 9, 0))


class _Builder:
    def __init__(self, world) -> None:
        self.world = world
        self.seq = 0

    def letter(
        self,
        court,
        unit,
        *,
        category,
        domain,
        year,
        delivered_on,
        items,
        state=State.REPLIED,
        created_on=None,
        due_on=None,
        replies=(),
        cases=0,
        precomm=False,
        reasons=None,
    ) -> Suggestion:
        self.seq += 1
        drafter = self.world.users[Role.JUDGE]
        s = Suggestion.objects.create(
            court=court,
            category=category,
            domain=domain,
            title=f"测试建议{self.seq}",
            recipient=unit,
            state=state,
            drafter=drafter,
            doc_number=f"（{year}）测司建{self.seq}号",
            number_year=year,
            number_seq=self.seq,
            signed_at=_aware(delivered_on - timedelta(days=2)),
            delivered_on=delivered_on,
            reply_due_on=due_on or delivered_on + timedelta(days=60),
        )
        Suggestion.objects.filter(pk=s.pk).update(
            created_at=_aware(created_on or delivered_on - timedelta(days=30))
        )
        SuggestionVersion.objects.create(
            suggestion=s,
            number=1,
            created_by=drafter,
            content={"suggestions": [{"heading": "针对问题：", "body": b} for b in items]},
        )
        for i in range(cases):
            s.cases.add(
                Case.objects.create(
                    owner=court,
                    case_no=f"（2025）测民初{self.seq}{i}号",
                    court_key=court.name,
                    court_name=court.name,
                    full_text="测试",
                    content_hash=f"h{self.seq}-{i}",
                )
            )
        if precomm:
            PreCommunication.objects.create(
                suggestion=s, kind="notice", held_on=delivered_on, created_by=drafter
            )
        for received_on, outcomes in replies:
            reply = Reply.objects.create(
                suggestion=s, received_on=received_on, content="函复。", filed_by=drafter
            )
            for index, outcome in enumerate(outcomes, 1):
                ReplyItem.objects.create(
                    reply=reply,
                    item_index=index,
                    outcome=outcome,
                    reason=(reasons or {}).get(index, ""),
                )
        if replies:
            Suggestion.objects.filter(pk=s.pk).update(replied_on=replies[0][0])
        s.refresh_from_db()
        return s


@pytest.fixture
def letters(world, time_machine) -> Letters:
    time_machine.move_to(datetime(2026, 12, 1, 10, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False)
    company = RecipientUnit.objects.create(
        court=world.basic, name="测试银行连云港分行", kind=UnitKind.COMPANY
    )
    b = _Builder(world)
    gov = world.unit
    l1 = b.letter(
        world.basic,
        gov,
        category=Category.GOVERNANCE,
        domain="房地产",
        year=2025,
        created_on=date(2025, 2, 1),
        delivered_on=date(2025, 3, 1),  # 28 days to send
        items=[SPECIFIC, SPECIFIC, VAGUE],
        replies=[(date(2025, 4, 1), [A, A, P])],  # 31 days to reply
        reasons={3: "infeasible"},
        cases=1,
        precomm=True,
    )
    l2 = b.letter(
        world.basic,
        company,
        category=Category.CLASS,
        domain="金融",
        year=2025,
        created_on=date(2025, 5, 1),
        delivered_on=date(2025, 6, 10),  # 40
        items=[VAGUE, SPECIFIC],
        replies=[(date(2025, 8, 9), [N, E])],  # 60
        reasons={1: "not_competent"},
    )
    l3 = b.letter(
        world.basic,
        company,
        category=Category.CLASS,
        domain="金融",
        year=2026,
        created_on=date(2026, 1, 1),
        delivered_on=date(2026, 1, 21),  # 20
        items=[VAGUE, VAGUE],
        replies=[(date(2026, 2, 20), [A, A])],  # 30 (first reply)
    )
    # the later reply replaces the earlier one (per item, latest reply)
    later = Reply.objects.create(
        suggestion=l3, received_on=date(2026, 3, 1), content="再次函复。", filed_by=l3.drafter
    )
    ReplyItem.objects.create(reply=later, item_index=1, outcome=N, reason="changed")
    ReplyItem.objects.create(reply=later, item_index=2, outcome=N)
    l4 = b.letter(
        world.basic,
        gov,
        category=Category.GOVERNANCE,
        domain="房地产",
        year=2026,
        state=State.DELIVERED,
        created_on=date(2026, 3, 1),
        delivered_on=date(2026, 5, 1),  # 61
        due_on=date(2026, 7, 1),  # overdue on TODAY
        items=[SPECIFIC],
    )
    Suggestion.objects.filter(pk=l4.pk).update(no_reply_reason="communication")
    l5 = b.letter(
        world.basic,
        gov,
        category=Category.GOVERNANCE,
        domain="房地产",
        year=2026,
        state=State.DELIVERED,
        delivered_on=date(2026, 11, 20),
        due_on=date(2027, 1, 20),
        items=[VAGUE],
    )
    l6 = b.letter(
        world.basic_sibling,
        world.unit_sibling,
        category=Category.CLASS,
        domain="金融",
        year=2026,
        delivered_on=date(2026, 2, 1),
        items=[SPECIFIC],
        replies=[(date(2026, 3, 1), [A])],
    )
    l7 = b.letter(
        world.basic_other,
        world.unit_other,
        category=Category.CLASS,
        domain="金融",
        year=2026,
        delivered_on=date(2026, 2, 1),
        items=[SPECIFIC],
        replies=[(date(2026, 3, 1), [A])],
    )
    l4.refresh_from_db()
    return Letters(l1, l2, l3, l4, l5, l6, l7)
