"""The suggestion page after a reply and before archiving: the reply is shown instead of an empty
登记回函 form, and 归档 shows the file's checklist with what is missing."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from fengqiao.courts.models import Role
from fengqiao.suggestions import services
from fengqiao.suggestions.archive_checklist import archive_checklist, missing_required
from fengqiao.suggestions.models import FollowUp, ItemOutcome, State


def _page(client, world, suggestion) -> str:
    client.force_login(world.users[Role.RESEARCH])
    return client.get(reverse("suggestions:detail", args=[suggestion.pk])).content.decode()


def test_online_reply_is_shown_instead_of_an_empty_form(world, make_suggestion, client):
    suggestion = make_suggestion(world, upto="delivered")
    page = _page(client, world, suggestion)
    assert 'data-testid="latest-reply"' not in page and "<details>" not in page
    services.reply_register(
        actor=world.users["recipient"],
        suggestion=suggestion,
        received_on=timezone.localdate(),
        content="我局已研究落实。",
        items=[(1, ItemOutcome.ADOPTED, "已落实"), (2, ItemOutcome.PARTLY, "正在研究")],
    )
    page = _page(client, world, suggestion)
    assert 'data-testid="latest-reply"' in page
    assert "被建议单位在线提交" in page and "部分采纳" in page
    assert "<details><summary" in page  # the 登记回函 form folded away as 补充登记


def test_archive_checklist_names_what_is_missing(world, make_suggestion, client):
    suggestion = make_suggestion(world, upto="replied")
    services.suggestion_complete(
        actor=world.users[Role.RESEARCH], suggestion=suggestion, completed_on=timezone.localdate()
    )
    items = {i.label: i for i in archive_checklist(suggestion)}
    assert items["回函"].present and items["送达记录"].present
    assert not items["送达回证"].present and not items["跟踪落实记录"].present
    assert missing_required(list(items.values())) == []
    page = _page(client, world, suggestion)
    assert 'data-testid="archive-checklist"' in page
    assert "未上传送达回证" in page and "尚无跟踪落实记录" in page
    assert 'data-testid="archive-missing"' not in page
    services.follow_up_record(
        actor=world.users[Role.RESEARCH],
        suggestion=suggestion,
        kind=FollowUp.Kind.VISIT,
        held_on=timezone.localdate(),
        description="回访住建局",
    )
    assert archive_checklist(suggestion)[4].present


def test_archive_button_disabled_when_a_required_item_is_missing(world, make_suggestion, client):
    suggestion = make_suggestion(world, upto="replied")
    services.suggestion_complete(
        actor=world.users[Role.RESEARCH], suggestion=suggestion, completed_on=timezone.localdate()
    )
    suggestion.replies.all().delete()  # e.g. a file migrated from paper without its reply
    page = _page(client, world, suggestion)
    assert "卷宗不完整，缺少：回函" in page
    assert 'data-testid="archive" disabled' in page
    suggestion.refresh_from_db()
    assert suggestion.state == State.REPLIED
