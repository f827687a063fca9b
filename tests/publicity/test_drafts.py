"""宣传稿: built from the released shared version only, every figure traced, channel limits,
the approval chain in order, publication records, templates as data."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from fengqiao.audit.models import AuditEntry
from fengqiao.courts.models import Role
from fengqiao.publicity import channels, draft_services, editing, record
from fengqiao.publicity.models import Channel, PublicityDraft
from tests.publicity.conftest import adopted_letter, effect_letter


def _all(world, letter):
    drafts = draft_services.drafts_create_all(actor=world.users[Role.RESEARCH], suggestion=letter)
    return {d.channel: d for d in drafts}


def _approve_all(world, draft):
    draft_services.draft_submit(actor=world.users[Role.RESEARCH], draft=draft)
    draft = draft_services.draft_decide(actor=world.users[Role.RESEARCH], draft=draft, approve=True)
    return draft_services.draft_decide(
        actor=world.users[Role.VICE_PRESIDENT], draft=draft, approve=True
    )


def test_gate_refuses_a_letter_whose_shared_version_is_not_released(world):
    letter = adopted_letter(world, release=False)
    with pytest.raises(ValidationError) as error:
        draft_services.draft_create(
            actor=world.users[Role.RESEARCH], suggestion=letter, channel=Channel.WECHAT
        )
    assert "案例库共享版本尚未审核发布" in error.value.messages[0]
    assert not PublicityDraft.objects.exists()


def test_five_channel_drafts_each_figure_traced_to_the_record(world, letter):
    drafts = _all(world, letter)
    assert set(drafts) == set(Channel.values)
    for draft in drafts.values():
        assert channels.untraced(draft.body, draft.sources, draft.quoted) == []
        labels = {s["label"]: s for s in draft.sources}
        assert labels["建议条数"]["value"] == "2"
        assert "案例库共享版本" in labels["建议条数"]["source"]
        assert labels["采纳条数"]["value"] == "2"
    wechat = drafts[Channel.WECHAT].body
    assert wechat["title"] and wechat["lead"] and wechat["judge"] and wechat["quotes"]
    assert "2条建议被采纳" in wechat["lead"]
    text = "".join(channels.texts(wechat))
    assert "37个小区" in text  # the reply's measure, quoted from the shared version
    assert "37个小区" in "".join(drafts[Channel.WECHAT].quoted)
    # a legal term is explained once, in a clause
    assert text.count("司法建议（法院在办案中发现") == 1
    news = drafts[Channel.NEWS]
    assert news.follow_up is not None and news.follow_up.kind == "publicity"
    assert "普法宣传" in news.title
    assert any(s["label"] == "跟踪落实日期" for s in news.sources)
    assert AuditEntry.objects.filter(action="生成宣传稿").count() == 5


def test_follow_up_text_is_anonymised_like_the_shared_version(world):
    from fengqiao.suggestions import services
    from fengqiao.suggestions.models import FollowUp

    letter = adopted_letter(world, follow_up=False)
    services.follow_up_record(
        actor=world.users[Role.RESEARCH],
        suggestion=letter,
        kind=FollowUp.Kind.CAMPAIGN,
        held_on=letter.delivered_on,
        description="与住建局联合开展专项整治，居民张伟反映的问题已解决。",
    )
    news = _all(world, letter)[Channel.NEWS]
    assert "张伟" not in "".join(channels.texts(news.body))
    assert "张某" in "".join(channels.texts(news.body))


def test_measured_effect_and_chart_are_the_records(world):
    letter = effect_letter(world)
    rec = record.gather(letter)
    assert rec.effect is not None
    draft = _all(world, letter)[Channel.WECHAT]
    assert draft.has_chart and draft.body["chart"]["target"] == rec.effect.target
    text = "".join(channels.texts(draft.body))
    assert f"{rec.effect.before}件" in text and f"{rec.effect.after}件" in text
    assert channels.untraced(draft.body, draft.sources, draft.quoted) == []
    labels = {s["label"]: s["value"] for s in draft.sources}
    assert labels["送达前同类案件数"] == str(rec.effect.before)
    assert labels["送达后同类案件数"] == str(rec.effect.after)
    expected = round(abs(rec.effect.after - rec.effect.before) / rec.effect.before * 100)
    assert labels["变化幅度（%）"] == str(expected) and f"减少了{expected}%" in text
    feature = PublicityDraft.objects.get(suggestion=letter, channel=Channel.FEATURE)
    assert feature.body["subtitle"] == "1条建议被采纳、1条部分采纳"
    from fengqiao.publicity import exports

    png = exports.chart_png(draft)
    assert png.startswith(b"\x89PNG")


def test_weibo_headline_within_140_and_longer_edits_refused(world, letter):
    weibo = _all(world, letter)[Channel.WEIBO]
    assert channels.weibo_length(weibo.body["headline"]) <= 140
    assert "#司法建议#" in weibo.body["headline"] and "#司法建议#" in weibo.body["long_post"]
    body = dict(weibo.body, headline="很" * 141)
    with pytest.raises(ValidationError) as error:
        draft_services.draft_edit(actor=world.users[Role.RESEARCH], draft=weibo, body=body)
    assert "超过140字" in error.value.messages[0]


def test_a_long_letter_still_fits_the_headline(world):
    from tests.suggestions.conftest import letter_content

    letter = adopted_letter(world)
    letter.title = "住宅小区物业服务监管" * 12
    letter.save()
    weibo = _all(world, letter)[Channel.WEIBO]
    assert channels.weibo_length(weibo.body["headline"]) <= 140
    assert letter_content  # the fixture helper is importable for other tests


def test_shot_list_timed_within_60_to_90_seconds(world, letter):
    douyin = _all(world, letter)[Channel.DOUYIN]
    shots = douyin.body["shots"]
    assert 60 <= douyin.body["total"] == sum(s["seconds"] for s in shots) <= 90
    for shot in shots:
        assert shot["scene"] and shot["text"] and shot["narration"]
        assert shot["seconds"] * channels.SPEECH_RATE >= len(shot["narration"])
    channels.validate("douyin", douyin.body)
    # an edit making the video too long is refused
    body = editing.apply(douyin.body, {"shots.0.seconds": "20", "shots.1.seconds": "20",
                                       "shots.2.seconds": "20", "shots.3.seconds": "20"})  # fmt: skip
    with pytest.raises(ValidationError) as error:
        draft_services.draft_edit(actor=world.users[Role.RESEARCH], draft=douyin, body=body)
    assert any("须在60至90秒之间" in m for m in error.value.messages)
    # a narration longer than its shot is refused
    body = editing.apply(douyin.body, {"shots.0.narration": "讲" * 80, "shots.0.seconds": "5"})
    with pytest.raises(ValidationError) as error:
        draft_services.draft_edit(actor=world.users[Role.RESEARCH], draft=douyin, body=body)
    assert any("第1个镜头的解说词约需20秒" in m for m in error.value.messages)


def test_time_shots_pads_short_scripts_and_cuts_long_ones():
    short = channels.time_shots([{"narration": "短"} for _ in range(4)])
    assert 60 <= sum(s["seconds"] for s in short) <= 90
    long = channels.time_shots(
        [{"narration": "这是很长的一句解说词。" * 8 + "后面还有。"} for _ in range(6)]
    )
    assert sum(s["seconds"] for s in long) <= 90


def test_approval_chain_in_order_each_step_audited(world, letter):
    draft = _all(world, letter)[Channel.WECHAT]
    research, vp = world.users[Role.RESEARCH], world.users[Role.VICE_PRESIDENT]
    draft = draft_services.draft_submit(actor=research, draft=draft)
    assert [s["name"] for s in draft.chain] == ["研究室审核", "分管院领导审批"]
    with pytest.raises(PermissionDenied):  # the leader cannot act before the research office
        draft_services.draft_decide(actor=vp, draft=draft, approve=True)
    draft = draft_services.draft_decide(actor=research, draft=draft, approve=True, comment="可")
    assert draft.state == PublicityDraft.State.IN_APPROVAL and draft.step_position == 2
    with pytest.raises(PermissionDenied):
        draft_services.draft_decide(actor=research, draft=draft, approve=True)
    with pytest.raises(ValidationError):  # returning needs a reason
        draft_services.draft_decide(actor=vp, draft=draft, approve=False)
    draft = draft_services.draft_decide(actor=vp, draft=draft, approve=False, comment="标题再改")
    assert draft.state == PublicityDraft.State.RETURNED
    draft = _approve_all(world, draft)
    assert draft.state == PublicityDraft.State.APPROVED and draft.approved_at
    steps = [(a.step_name, a.decision) for a in draft.approvals.all()]
    assert steps == [
        ("研究室审核", "approved"),
        ("分管院领导审批", "returned"),
        ("研究室审核", "approved"),
        ("分管院领导审批", "approved"),
    ]
    assert AuditEntry.objects.filter(action="宣传稿审批同意").count() == 3
    assert AuditEntry.objects.filter(action="宣传稿审批退回").count() == 1


def test_court_configured_chain(world, letter):
    research, president = world.users[Role.RESEARCH], world.users[Role.PRESIDENT]
    draft_services.chain_save(
        actor=research, steps=[("研究室初审", Role.RESEARCH), ("院长审定", Role.PRESIDENT)]
    )
    with pytest.raises(ValidationError):
        draft_services.chain_save(actor=research, steps=[("随便", "judge")])
    draft = _all(world, letter)[Channel.WEIBO]
    draft = draft_services.draft_submit(actor=research, draft=draft)
    draft = draft_services.draft_decide(actor=research, draft=draft, approve=True)
    with pytest.raises(PermissionDenied):
        draft_services.draft_decide(
            actor=world.users[Role.VICE_PRESIDENT], draft=draft, approve=True
        )
    draft = draft_services.draft_decide(actor=president, draft=draft, approve=True)
    assert draft.state == PublicityDraft.State.APPROVED


def test_untraced_figure_blocks_submission(world, letter):
    draft = _all(world, letter)[Channel.NEWS]
    body = editing.apply(
        draft.body, {"paragraphs[]": "\n".join(draft.body["paragraphs"]) + "\n惠及群众9999人。"}
    )
    draft = draft_services.draft_edit(actor=world.users[Role.RESEARCH], draft=draft, body=body)
    assert channels.untraced(draft.body, draft.sources, draft.quoted) == ["9999"]
    with pytest.raises(ValidationError) as error:
        draft_services.draft_submit(actor=world.users[Role.RESEARCH], draft=draft)
    assert "9999" in error.value.messages[0] and "找不到出处" in error.value.messages[0]


def test_publication_only_after_approval_with_checked_date_url_and_reach(world, letter):
    research = world.users[Role.RESEARCH]
    draft = _all(world, letter)[Channel.WECHAT]
    today = timezone.localdate()
    with pytest.raises(ValidationError) as error:
        draft_services.publication_record(
            actor=research, draft=draft, published_on=today, url="https://mp.weixin.qq.com/s/x"
        )
    assert "审批通过" in error.value.messages[0]
    draft = _approve_all(world, draft)
    for day, url, message in [
        (today + timedelta(days=1), "https://mp.weixin.qq.com/s/x", "不能晚于今天"),
        (today - timedelta(days=1), "https://mp.weixin.qq.com/s/x", "不能早于审批通过"),
        (today, "javascript:alert(1)", "不是有效的网址"),
        (today, "", "请填写发布链接"),
    ]:
        with pytest.raises(ValidationError) as error:
            draft_services.publication_record(
                actor=research, draft=draft, published_on=day, url=url
            )
        assert message in error.value.messages[0]
    publication = draft_services.publication_record(
        actor=research, draft=draft, published_on=today, url="https://mp.weixin.qq.com/s/x"
    )
    assert PublicityDraft.objects.get(pk=draft.pk).state == PublicityDraft.State.PUBLISHED
    for value, message in [
        ("-5", "不能为负数"),
        ("1" + "0" * 13, "数值过大"),
        ("十万", "不是整数"),
    ]:
        with pytest.raises(ValidationError) as error:
            draft_services.publication_reach(actor=research, publication=publication, views=value)
        assert message in error.value.messages[0]
    publication = draft_services.publication_reach(
        actor=research, publication=publication, views="12,345", likes="0", shares="", comments="7"
    )
    publication.refresh_from_db()
    assert (publication.views, publication.likes, publication.shares, publication.comments) == (
        12345, 0, None, 7,
    )  # fmt: skip
    assert AuditEntry.objects.filter(action="录入传播数据").exists()


def test_template_is_the_courts_own_version(world, letter):
    research = world.users[Role.RESEARCH]
    version, template = draft_services.template_for(world.basic.pk, "wechat")
    assert version == 0
    template["title"] = "$court_short：$topic有了新变化"
    saved = draft_services.template_save(actor=research, channel="wechat", body=template)
    assert saved.version == 1
    draft = draft_services.draft_create(actor=research, suggestion=letter, channel="wechat")
    assert draft.title == "连开：住宅小区物业服务监管有了新变化" and draft.template_version == 1
    # another court keeps the default
    assert draft_services.template_for(world.basic_sibling.pk, "wechat")[0] == 0
    template["title"] = "100个小区的故事"
    with pytest.raises(ValidationError) as error:
        draft_services.template_save(actor=research, channel="wechat", body=template)
    assert "不能写入具体数字" in error.value.messages[0]


def test_only_the_own_court_writes(world, letter):
    with pytest.raises(PermissionDenied):
        draft_services.draft_create(
            actor=world.users[Role.JUDGE], suggestion=letter, channel=Channel.WECHAT
        )
    draft = _all(world, letter)[Channel.WECHAT]
    with pytest.raises(PermissionDenied):
        draft_services.draft_submit(actor=world.users["supervisor_mid"], draft=draft)


def test_hand_typed_personal_information_is_flagged_for_the_approvers(world, letter, client_for):
    from django.urls import reverse

    draft = _all(world, letter)[Channel.NEWS]
    body = editing.apply(
        draft.body,
        {"paragraphs[]": "\n".join(draft.body["paragraphs"]) + "\n居民张伟，电话13912345678。"},
    )
    draft = draft_services.draft_edit(actor=world.users[Role.RESEARCH], draft=draft, body=body)
    flagged = {p["text"] for p in draft.personal_info}
    assert "13912345678" in flagged
    page = client_for(world.users[Role.RESEARCH]).get(reverse("publicity:draft", args=[draft.pk]))
    assert "可能含有个人信息" in page.content.decode()
    # removing the text clears the warning
    body["paragraphs"] = body["paragraphs"][:-1]
    draft = draft_services.draft_edit(actor=world.users[Role.RESEARCH], draft=draft, body=body)
    assert draft.personal_info == []


def test_many_items_numbered_without_untraced_figures(world):
    from fengqiao.library import services as library_services
    from fengqiao.suggestions import services
    from fengqiao.suggestions.models import ItemOutcome
    from tests.suggestions.conftest import letter_content, make

    research = world.users[Role.RESEARCH]
    content = letter_content(world.basic.name, n=6)
    for row in content["problems"] + content["suggestions"]:  # no digits of their own
        row["heading"] = "加强监管。"
        row["body"] = "落实责任。"
    letter = make(world, upto="delivered", content=content)
    services.reply_register(
        actor=research,
        suggestion=letter,
        received_on=letter.delivered_on,
        content="函复如下。",
        items=[(i, ItemOutcome.ADOPTED, "") for i in range(1, 7)],
    )
    letter.refresh_from_db()
    library_services.entry_release(actor=research, entry=letter.library_entry)
    for draft in _all(world, letter).values():
        assert channels.untraced(draft.body, draft.sources, draft.quoted) == [], draft.channel
