"""Demo 宣传: the delivered and adopted 物业 letter of 连云港经济技术开发区人民法院 — its library
entry released, all five channel drafts, the 微信公众号 article approved through the chain
(研究室 → 分管院领导) and published with a publication record and reach figures; the 微博 post
planned for a week later (the calendar)."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from fengqiao.courts.models import User
from fengqiao.library import services as library_services
from fengqiao.library.models import LibraryEntry
from fengqiao.publicity import draft_services
from fengqiao.publicity.models import Channel, PublicityDraft
from fengqiao.suggestions.models import Suggestion

COURT = "苏0791"
TOPIC = "住宅小区物业服务"
DEMO_URL = "https://mp.weixin.qq.com/s/fengqiao-demo-wuye"


@transaction.atomic
def load_demo_publicity() -> list[PublicityDraft]:
    if PublicityDraft.objects.exists():
        return []
    letter = Suggestion.objects.filter(court__code=COURT, title=TOPIC).first()
    if letter is None or not hasattr(letter, "library_entry"):
        return []
    research = User.objects.get(username="yanjiushi")
    leader = User.objects.get(username="fenguan")
    entry = letter.library_entry
    if entry.status != LibraryEntry.Status.RELEASED:
        library_services.entry_release(actor=research, entry=entry)
    letter.refresh_from_db()
    drafts = {
        d.channel: d for d in draft_services.drafts_create_all(actor=research, suggestion=letter)
    }
    wechat = draft_services.draft_submit(actor=research, draft=drafts[Channel.WECHAT])
    wechat = draft_services.draft_decide(
        actor=research, draft=wechat, approve=True, comment="数据已核对。"
    )
    wechat = draft_services.draft_decide(
        actor=leader, draft=wechat, approve=True, comment="同意发布。"
    )
    publication = draft_services.publication_record(
        actor=research, draft=wechat, published_on=timezone.localdate(), url=DEMO_URL
    )
    draft_services.publication_reach(
        actor=research, publication=publication, views="3862", likes="127", shares="45"
    )
    weibo = drafts[Channel.WEIBO]
    draft_services.draft_edit(
        actor=research,
        draft=weibo,
        body=weibo.body,
        planned_on=timezone.localdate() + timedelta(days=7),
    )
    return list(drafts.values())
