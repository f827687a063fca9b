"""宣传稿 pages, the calendar, the Excel list, the .docx exports and the public page."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from fengqiao.courts import services as court_services
from fengqiao.courts.models import Role
from fengqiao.publicity import draft_services
from fengqiao.publicity.models import Channel, PublicityDraft
from tests.conftest import PASSWORD
from tests.publicity.conftest import adopted_letter


@pytest.fixture
def drafts(world, letter):
    out = draft_services.drafts_create_all(actor=world.users[Role.RESEARCH], suggestion=letter)
    return {d.channel: d for d in out}


def _publish(world, draft, url="https://mp.weixin.qq.com/s/abc"):
    research, vp = world.users[Role.RESEARCH], world.users[Role.VICE_PRESIDENT]
    draft_services.draft_submit(actor=research, draft=draft)
    draft = draft_services.draft_decide(actor=research, draft=draft, approve=True)
    draft = draft_services.draft_decide(actor=vp, draft=draft, approve=True)
    return draft_services.publication_record(
        actor=research, draft=draft, published_on=timezone.localdate(), url=url
    )


def test_create_edit_approve_publish_through_the_pages(world, letter, client_for):
    client = client_for(world.users[Role.RESEARCH])
    page = client.get(reverse("publicity:drafts"))
    assert page.status_code == 200 and letter.doc_number in page.content.decode()
    response = client.post(reverse("publicity:draft_new"), {"suggestion": letter.pk})
    assert response.status_code == 302
    assert PublicityDraft.objects.count() == 5
    wechat = PublicityDraft.objects.get(channel=Channel.WECHAT)
    page = client.get(reverse("publicity:draft", args=[wechat.pk])).content.decode()
    assert "数据出处" in page and "建议条数" in page and "法官说法" in page
    assert 'style="' not in page and "<style" not in page  # strict CSP: no inline styles
    response = client.post(
        reverse("publicity:draft_edit", args=[wechat.pk]),
        {"title": "改过的标题", "planned_on": "2026-13-01"},
        follow=True,
    )
    assert "日期格式不正确" in response.content.decode()
    client.post(reverse("publicity:draft_edit", args=[wechat.pk]), {"title": "改过的标题"})
    wechat.refresh_from_db()
    assert wechat.title == "改过的标题"
    client.post(reverse("publicity:draft_act", args=[wechat.pk, "submit"]))
    client.post(reverse("publicity:draft_act", args=[wechat.pk, "approve"]))
    vp = client_for(world.users[Role.VICE_PRESIDENT])
    vp.post(reverse("publicity:draft_act", args=[wechat.pk, "approve"]), {"comment": "同意"})
    wechat.refresh_from_db()
    assert wechat.state == PublicityDraft.State.APPROVED
    client = client_for(world.users[Role.RESEARCH])
    response = client.post(
        reverse("publicity:draft_act", args=[wechat.pk, "publish"]),
        {"published_on": "2099-01-01", "url": "https://x.cn/a"},
        follow=True,
    )
    assert "发布日期不能晚于今天" in response.content.decode()
    client.post(
        reverse("publicity:draft_act", args=[wechat.pk, "publish"]),
        {"published_on": timezone.localdate().isoformat(), "url": "https://x.cn/a"},
    )
    response = client.post(
        reverse("publicity:draft_act", args=[wechat.pk, "reach"]),
        {"views": "99999999999999999", "likes": "-1"},
        follow=True,
    )
    body = response.content.decode()
    assert "数值过大" in body and "不能为负数" in body and response.status_code == 200


def test_weibo_and_douyin_pages_show_length_and_timing(world, drafts, client_for):
    client = client_for(world.users[Role.RESEARCH])
    page = client.get(reverse("publicity:draft", args=[drafts["weibo"].pk])).content.decode()
    assert "/ 140 字" in page
    page = client.get(reverse("publicity:draft", args=[drafts["douyin"].pk])).content.decode()
    assert f'data-testid="video-total">{drafts["douyin"].body["total"]}<' in page


def test_downloads(world, drafts, client_for):
    from docx import Document

    client = client_for(world.users[Role.RESEARCH])
    html = client.get(reverse("publicity:draft_html", args=[drafts["wechat"].pk]))
    assert html.status_code == 200 and "attachment" in html["Content-Disposition"]
    text = html.content.decode()
    assert 'style="' in text and "<script" not in text and "法官说法" in text
    for channel in ("wechat", "feature", "news"):
        response = client.get(reverse("publicity:draft_docx", args=[drafts[channel].pk]))
        assert response.status_code == 200
        doc = Document(io.BytesIO(response.content))
        assert drafts[channel].body["title"] in "".join(p.text for p in doc.paragraphs).replace(
            "\n", ""
        )
    assert client.get(reverse("publicity:draft_docx", args=[drafts["weibo"].pk])).status_code == 404
    txt = client.get(reverse("publicity:draft_txt", args=[drafts["douyin"].pk])).content.decode()
    assert "镜头1" in txt and "总时长" in txt


def test_excel_list(world, drafts, client_for):
    from openpyxl import load_workbook

    _publish(world, drafts["weibo"], url="https://weibo.com/1/abc")
    client = client_for(world.users[Role.RESEARCH])
    response = client.get(reverse("publicity:drafts_xlsx"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("渠道", "标题", "法院", "状态")
    assert len(rows) == 6
    weibo = next(r for r in rows if r[0] == "微博")
    assert weibo[3] == "已发布" and weibo[6] == "https://weibo.com/1/abc"


def test_calendar_shows_planned_and_published(world, drafts, client_for):
    today = timezone.localdate()
    research = world.users[Role.RESEARCH]
    draft_services.draft_edit(
        actor=research, draft=drafts["feature"], body=drafts["feature"].body, planned_on=today
    )
    _publish(world, drafts["wechat"])
    client = client_for(research)
    page = client.get(reverse("publicity:calendar")).content.decode()
    assert "计划</span> <a" in page and "已发布</span> <a" in page
    assert client.get(reverse("publicity:calendar"), {"month": "abc"}).status_code == 200


def test_public_page_shows_only_published_anonymised_items(world, client_for):
    from fengqiao.suggestions import services
    from fengqiao.suggestions.models import FollowUp

    letter = adopted_letter(world, follow_up=False)
    services.follow_up_record(
        actor=world.users[Role.RESEARCH],
        suggestion=letter,
        kind=FollowUp.Kind.RULE,
        held_on=letter.delivered_on,
        description="住建局采纳建议，居民张伟反映的问题写入新办法。",
        rule_name="物业服务监督办法",
    )
    drafts = {
        d.channel: d
        for d in draft_services.drafts_create_all(
            actor=world.users[Role.RESEARCH], suggestion=letter
        )
    }
    _publish(world, drafts["news"])
    anonymous = Client()
    page = anonymous.get(f"/gongkai/{world.basic.code}/")
    assert page.status_code == 200
    assert "script-src 'self'" in page["Content-Security-Policy"]
    text = page.content.decode()
    assert drafts["news"].title in text and drafts["wechat"].title not in text
    detail = anonymous.get(f"/gongkai/{world.basic.code}/{drafts['news'].pk}/").content.decode()
    assert 'style="' not in detail and "<script" not in detail
    assert "张某" in detail and "张伟" not in detail
    for internal in ("数据出处", letter.doc_number, "研究室", world.users[Role.RESEARCH].full_name):
        assert internal not in detail
    assert anonymous.get(f"/gongkai/{world.basic.code}/{drafts['wechat'].pk}/").status_code == 404
    # another court's page does not list this court's items
    other = anonymous.get(f"/gongkai/{world.basic_sibling.code}/{drafts['news'].pk}/")
    assert other.status_code == 404
    assert anonymous.get("/gongkai/没有这个法院/").status_code == 404
    # the internal pages need a login
    assert anonymous.get(reverse("publicity:drafts")).status_code == 302


def test_outsiders_get_403_or_404_superiors_read(world, drafts, client_for):
    draft = drafts["wechat"]
    urls = [
        reverse("publicity:draft", args=[draft.pk]),
        reverse("publicity:draft_html", args=[draft.pk]),
        reverse("publicity:draft_docx", args=[draft.pk]),
    ]
    other_research = court_services.user_create(
        username="u_res_other",
        password=PASSWORD,
        full_name="玄武研究室",
        court=world.basic_other,
        roles=[Role.RESEARCH],
    )
    client = client_for(other_research)
    for url in urls:
        assert client.get(url).status_code == 404
    assert client.post(reverse("publicity:draft_act", args=[draft.pk, "submit"])).status_code == 404
    assert draft.title not in client.get(reverse("publicity:drafts")).content.decode()
    for user in (world.users["recipient"], world.users[Role.JUDGE]):
        client = client_for(user)
        for url in [
            *urls,
            reverse("publicity:drafts"),
            reverse("publicity:calendar"),
            reverse("publicity:drafts_xlsx"),
            reverse("publicity:templates"),
        ]:
            assert client.get(url).status_code == 403
    client = client_for(world.users["supervisor_mid"])
    assert client.get(urls[0]).status_code == 200
    assert draft.title in client.get(reverse("publicity:drafts")).content.decode()
    client.post(reverse("publicity:draft_act", args=[draft.pk, "submit"]))
    draft.refresh_from_db()
    assert draft.state == PublicityDraft.State.DRAFT  # reads only
    assert (
        client.post(reverse("publicity:draft_new"), {"suggestion": draft.suggestion_id}).status_code
        == 403
    )


def test_templates_and_chain_pages(world, client_for):
    client = client_for(world.users[Role.RESEARCH])
    assert client.get(reverse("publicity:templates")).status_code == 200
    page = client.get(reverse("publicity:template", args=["douyin"])).content.decode()
    assert "解说词" in page
    response = client.post(
        reverse("publicity:template", args=["wechat"]), {"title": "$topic：100个故事"}, follow=True
    )
    assert "不能写入具体数字" in response.content.decode()
    client.post(reverse("publicity:template", args=["wechat"]), {"title": "$topic的故事"})
    assert draft_services.template_for(world.basic.pk, "wechat")[1]["title"] == "$topic的故事"
    client.post(
        reverse("publicity:chain"),
        {"name": ["研究室审核", "院长审定", ""], "role": [Role.RESEARCH, Role.PRESIDENT, ""]},
    )
    from fengqiao.publicity.policy import chain_for

    assert [s["name"] for s in chain_for(world.basic.pk)] == ["研究室审核", "院长审定"]
    assert (
        client_for(world.users[Role.VICE_PRESIDENT]).get(reverse("publicity:templates")).status_code
        == 403
    )
    client = client_for(world.users[Role.RESEARCH])
    assert client.get(reverse("publicity:template", args=["nope"])).status_code == 404


def test_list_page_query_count_does_not_grow(
    world, letter, client_for, django_assert_max_num_queries
):
    research = world.users[Role.RESEARCH]
    for _ in range(3):
        draft_services.drafts_create_all(actor=research, suggestion=letter)
    client = client_for(research)
    with django_assert_max_num_queries(20):
        assert client.get(reverse("publicity:drafts")).status_code == 200


def test_api_reads_scoped(world, drafts, client_for):
    pub = _publish(world, drafts["wechat"])
    client = client_for(world.users[Role.RESEARCH])
    rows = client.get("/api/publicity/drafts").json()
    assert len(rows) == 5
    wechat = next(r for r in rows if r["channel"] == "wechat")
    assert wechat["publication"]["url"] == pub.url
    detail = client.get(f"/api/publicity/drafts/{wechat['id']}").json()
    assert detail["sources"] and [a["step"] for a in detail["approvals"]] == [
        "研究室审核",
        "分管院领导审批",
    ]
    assert client_for(world.users["recipient"]).get("/api/publicity/drafts").status_code == 403
    assert client_for(world.users["judge_other"]).get("/api/publicity/drafts").status_code == 403
    assert (
        client_for(world.users["supervisor_high"])
        .get(f"/api/publicity/drafts/{wechat['id']}")
        .status_code
        == 200
    )
    assert Client().get("/api/publicity/drafts").status_code == 401


def test_withdrawn_shared_version_stops_the_draft_and_leaves_the_public_page(world, drafts):
    from django.core.exceptions import ValidationError

    from fengqiao.library import services as library_services

    _publish(world, drafts["wechat"])
    research = world.users[Role.RESEARCH]
    entry = drafts["weibo"].entry
    library_services.entry_withdraw(actor=research, entry=entry, reason="发现未隐去的信息")
    with pytest.raises(ValidationError) as error:
        draft_services.draft_submit(actor=research, draft=drafts["weibo"])
    assert "尚未审核发布" in error.value.messages[0]
    assert Client().get(f"/gongkai/{world.basic.code}/{drafts['wechat'].pk}/").status_code == 404


def test_news_item_from_a_chosen_follow_up_event(world, letter, client_for):
    client = client_for(world.users[Role.RESEARCH])
    event = letter.follow_ups.get()
    page = client.get(reverse("publicity:drafts")).content.decode()
    assert f'value="{letter.pk}-{event.pk}"' in page
    response = client.post(reverse("publicity:draft_new"), {"event": f"{letter.pk}-{event.pk}"})
    draft = PublicityDraft.objects.get()
    assert response.status_code == 302 and draft.channel == "news" and draft.follow_up == event
    assert (
        client.post(reverse("publicity:draft_new"), {"event": f"{letter.pk}-x"}).status_code == 404
    )
