"""The demo: a delivered and adopted letter yields all five drafts, an approval through the
chain, a publication record and the public page."""

from __future__ import annotations

from urllib.parse import quote

from django.test import Client

from fengqiao.demo.courts import load_demo
from fengqiao.demo.publicity import load_demo_publicity
from fengqiao.demo.suggestions import load_demo_suggestions
from fengqiao.publicity import channels
from fengqiao.publicity.models import Channel, PublicityDraft


def test_demo_builds_five_drafts_an_approval_and_a_publication(db):
    load_demo()
    load_demo_suggestions()
    drafts = load_demo_publicity()
    assert {d.channel for d in drafts} == set(Channel.values)
    for draft in drafts:
        assert channels.untraced(draft.body, draft.sources, draft.quoted) == []
    wechat = PublicityDraft.objects.get(channel=Channel.WECHAT)
    assert wechat.state == PublicityDraft.State.PUBLISHED
    assert [a.step_name for a in wechat.approvals.all()] == ["研究室审核", "分管院领导审批"]
    assert wechat.publication.views == 3862
    assert PublicityDraft.objects.get(channel=Channel.WEIBO).planned_on is not None
    page = Client().get(f"/gongkai/{quote(wechat.court.code)}/{wechat.pk}/")
    assert page.status_code == 200 and wechat.title in page.content.decode()
    assert load_demo_publicity() == []  # idempotent
