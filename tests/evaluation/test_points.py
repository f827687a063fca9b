"""Points from the record: reply on time, per-item outcomes of the LATEST reply only, rules,
campaigns, and the measured effect only when its window and its test allow it."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from django.utils import timezone

from fengqiao.courts.models import Role
from fengqiao.evaluation import rules
from fengqiao.evaluation.periods import Period
from fengqiao.evaluation.selectors import letter_points, recipient_rows
from fengqiao.mining.effect import measure_effect
from fengqiao.suggestions.models import FollowUp, ItemOutcome, State
from fengqiao.suggestions.selectors import adoption_counts, latest_reply_items

from .conftest import add_follow_up, add_reply, make_letter

YEAR = Period("year", date(2026, 1, 1), date(2026, 12, 31))
A, P, N, E = ItemOutcome.ADOPTED, ItemOutcome.PARTLY, ItemOutcome.NOT_ADOPTED, ItemOutcome.EXPLAINED


def _parts(lp) -> dict[str, tuple[float, float, str]]:
    return {p.key: (p.count, p.points, p.reason) for p in lp.parts}


def _replied(world, research, **kw):
    return make_letter(
        world.basic,
        world.users[Role.JUDGE],
        world.unit,
        signed_on=date(2026, 2, 1),
        state=State.REPLIED,
        delivered_on=date(2026, 2, 5),
        reply_due_on=date(2026, 4, 5),
        **kw,
    )


def test_only_the_latest_reply_counts_per_item(world, research):
    letter = _replied(world, research, replied_on=date(2026, 3, 1))
    add_reply(letter, research, date(2026, 3, 1), [A, A, A])
    add_reply(letter, research, date(2026, 5, 10), [A, N, E])  # a later reply replaces it
    lp = letter_points([letter], effect_of=lambda s: None)[letter.pk]
    parts = _parts(lp)
    assert parts["item_adopted"][0] == 1 and parts["item_partly"][0] == 0
    assert "最新一次回函逐条答复3条" in parts["item_adopted"][2]
    # the same rule as the dashboard's adoption rate (one selector)
    letters = type(letter).objects.filter(pk=letter.pk)
    counts = adoption_counts(letters)
    assert (counts["total"], counts["adopted"], counts["not_adopted"]) == (3, 1, 1)
    assert latest_reply_items(letters).count() == 3
    row = recipient_rows(research, YEAR)[0]
    assert (row.adopted, row.partly, row.not_adopted, row.explained) == (1, 0, 1, 1)


def test_effect_points_come_only_from_recorded_facts(world, research):
    on_time = _replied(world, research, replied_on=date(2026, 3, 1))
    add_reply(on_time, research, date(2026, 3, 1), [A, P])
    add_follow_up(on_time, research, FollowUp.Kind.RULE, date(2026, 4, 1), "物业服务监管办法")
    add_follow_up(on_time, research, FollowUp.Kind.CAMPAIGN, date(2026, 4, 2))
    add_follow_up(on_time, research, FollowUp.Kind.VISIT, date(2026, 4, 3))  # no points
    late = _replied(world, research, replied_on=date(2026, 4, 20))
    never = make_letter(
        world.basic,
        world.users[Role.JUDGE],
        world.unit,
        signed_on=date(2026, 2, 1),
        state=State.DELIVERED,
        delivered_on=date(2026, 2, 5),
        reply_due_on=date(2026, 4, 5),
    )
    points = letter_points([on_time, late, never], today=date(2026, 6, 1), effect_of=lambda s: None)
    R = rules.EFFECT_RULES
    first = _parts(points[on_time.pk])
    assert first["reply_on_time"][:2] == (1, R["reply_on_time"].points)
    assert first["item_adopted"][:2] == (1, R["item_adopted"].points)
    assert first["item_partly"][:2] == (1, R["item_partly"].points)
    assert first["rule_made"][0] == 1 and "物业服务监管办法" in first["rule_made"][2]
    assert first["campaign"][0] == 1
    assert first["effect"][:2] == (0, 0)
    assert points[on_time.pk].na == sum(
        R[k].points
        for k in ("reply_on_time", "item_adopted", "item_partly", "rule_made", "campaign")
    )
    assert _parts(points[late.pk])["reply_late"][:2] == (1, R["reply_late"].points)
    never_parts = _parts(points[never.pk])
    assert (
        never_parts["reply_on_time"][:2] == (0, 0) and "尚未回复" in never_parts["reply_on_time"][2]
    )
    assert points[never.pk].na == 0
    # no score recorded: no 谏 points, whatever the record
    assert points[on_time.pk].quality is None and points[on_time.pk].jian == 0


def test_no_effect_points_when_the_window_is_too_short_and_said_so(world, research):
    delivered = timezone.localdate() - timedelta(days=40)
    letter = make_letter(
        world.basic,
        world.users[Role.JUDGE],
        world.unit,
        signed_on=delivered,
        state=State.DELIVERED,
        delivered_on=delivered,
        reply_due_on=delivered + timedelta(days=60),
    )
    start = delivered - timedelta(days=400)
    target = {start + timedelta(days=i): 3 for i in range(0, 400, 5)}
    short = measure_effect(target, delivered, data_from=start, data_to=timezone.localdate())
    assert not short.sufficient
    lp = letter_points([letter], effect_of=lambda s: short)[letter.pk]
    count, points, reason = _parts(lp)["effect"]
    assert (count, points) == (0, 0)
    assert "送达后时间不足" in reason and "不计效果分" in reason

    # a sufficient window with a significant decrease earns the points; not significant: none
    significant = replace(
        short, sufficient=True, significant=True, adjusted_change_pct=-60.0, summary="下降60%"
    )
    assert _parts(letter_points([letter], effect_of=lambda s: significant)[letter.pk])["effect"][
        :2
    ] == (1, rules.EFFECT_RULES["effect"].points)
    flat = replace(significant, significant=False)
    count, points, reason = _parts(letter_points([letter], effect_of=lambda s: flat)[letter.pk])[
        "effect"
    ]
    assert (count, points) == (0, 0) and "未见具有统计学意义的下降" in reason


def test_recipient_rows_count_on_time_late_never_and_rules(world, research):
    a = _replied(world, research, replied_on=date(2026, 3, 1))
    add_reply(a, research, date(2026, 3, 1), [A, P, E])
    add_follow_up(a, research, FollowUp.Kind.RULE, date(2026, 4, 1), "办法")
    b = _replied(world, research, replied_on=date(2026, 5, 1))
    add_reply(b, research, date(2026, 5, 1), [N])
    make_letter(
        world.basic,
        world.users[Role.JUDGE],
        world.unit,
        signed_on=date(2026, 2, 1),
        state=State.DELIVERED,
        delivered_on=date(2026, 2, 5),
        reply_due_on=date(2026, 4, 5),
    )
    [row] = recipient_rows(research, YEAR, today=date(2026, 6, 1))
    assert (row.received, row.on_time, row.late, row.never) == (3, 1, 1, 1)
    assert (row.adopted, row.partly, row.not_adopted, row.explained, row.rules) == (1, 1, 1, 1, 1)
    assert row.adoption_rate == 50.0
    R = rules.RECIPIENT_RULES
    assert row.points == sum(
        R[k].points for k in ("on_time", "late", "never", "adopted", "partly", "explained", "rules")
    )
