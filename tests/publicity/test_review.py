"""Anonymise → human review (toggle, add) → release, with the publication gate."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from fengqiao.audit.models import AuditEntry
from fengqiao.publicity import services
from fengqiao.publicity.models import PublicationReview

JUDGMENT = """江苏省连云港经济技术开发区人民法院
民 事 判 决 书
（2025）苏0791民初123号
原告：张伟，男，1980年5月6日出生，汉族，住连云港市海州区新南街道幸福路18号3栋201室，身份证号码320706198005061234，联系电话13912345678。
被告：连云港某某物业服务有限公司，住所地连云港经济技术开发区。
原告张伟与被告连云港某某物业服务有限公司物业服务合同纠纷一案，本院依法适用简易程序公开开庭进行了审理。
本院认为，张伟主张物业服务质量不达标，证据不足。
判决如下：驳回原告张伟的诉讼请求。
审判员　李明华
二〇二五年六月一日
书记员　王芳
"""

DIVORCE = JUDGMENT.replace("物业服务合同纠纷", "离婚纠纷")


def test_create_masks_the_natural_person_and_keeps_the_company(world):
    review = services.review_create(
        actor=world.users["research"], text=JUDGMENT, title="物业案", policy="publish"
    )
    preview = services.apply_spans(review.source_text, review.spans)
    assert "张伟" not in preview and "张某" in preview
    assert "320706198005061234" not in preview and "13912345678" not in preview
    assert "连云港某某物业服务有限公司" in preview
    assert "李明华" in preview  # judges keep their names
    assert review.blockers == []
    assert AuditEntry.objects.filter(action="去标识化处理").exists()


def test_reviewer_can_keep_a_span_and_add_a_missed_one(world, client_for):
    review = services.review_create(
        actor=world.users["research"], text=JUDGMENT, title="物业案", policy="publish"
    )
    client = client_for(world.users["research"])
    phone = next(i for i, s in enumerate(review.spans) if "13912345678" in s["text"])
    client.post(
        reverse("publicity:act", args=[review.pk, "span"]), {"index": phone, "accepted": "0"}
    )
    client.post(reverse("publicity:act", args=[review.pk, "add"]), {"text": "幸福路"})
    review.refresh_from_db()
    assert review.spans[phone]["status"] == "rejected"
    page = client.get(reverse("publicity:detail", args=[review.pk])).content.decode()
    assert "fq-kept" in page
    client.post(reverse("publicity:act", args=[review.pk, "release"]))
    review.refresh_from_db()
    assert review.state == PublicationReview.State.RELEASED
    assert "13912345678" in review.released_text  # the reviewer chose to keep it
    assert "张伟" not in review.released_text
    assert review.released_by == world.users["research"]
    entry = AuditEntry.objects.filter(action="发布去标识化文本").get()
    assert entry.actor_id == world.users["research"].pk


def test_gate_blocks_divorce_cases_unless_a_leader_overrides(world):
    clerk, president = world.users["research"], world.users["president"]
    review = services.review_create(actor=clerk, text=DIVORCE, title="离婚案", policy="rules")
    assert review.blockers
    with pytest.raises(ValidationError):
        services.review_release(actor=clerk, review=review)
    with pytest.raises(PermissionDenied):
        services.review_release(actor=clerk, review=review, override_reason="典型意义重大")
    review.refresh_from_db()
    assert review.state == PublicationReview.State.REVIEWING
    services.review_release(actor=president, review=review, override_reason="典型意义重大")
    review.refresh_from_db()
    assert review.state == PublicationReview.State.RELEASED
    assert review.override_reason == "典型意义重大"


def test_review_pages_are_scoped_and_permissioned(world, client_for):
    review = services.review_create(
        actor=world.users["research"], text=JUDGMENT, title="物业案", policy="publish"
    )
    url = reverse("publicity:detail", args=[review.pk])
    assert client_for(world.users["research"]).get(url).status_code == 200
    assert client_for(world.users["judge"]).get(url).status_code == 403
    assert client_for(world.users["supervisor_mid"]).get(url).status_code == 403
    assert client_for(world.users["recipient"]).get(url).status_code == 403
    other = world.users["judge_other"]
    other.role_grants.create(role="research")
    other._role_cache = None
    assert client_for(other).get(url).status_code == 404


def test_released_review_cannot_change(world):
    clerk = world.users["research"]
    review = services.review_create(actor=clerk, text=JUDGMENT, title="物业案", policy="publish")
    services.review_release(actor=clerk, review=review)
    with pytest.raises(ValidationError):
        services.review_set_span(actor=clerk, review=review, index=0, accepted=False)
    with pytest.raises(ValidationError):
        services.review_add_mask(actor=clerk, review=review, text="李明华")


def test_publish_from_a_case_page(world, client_for, tmp_path, settings):
    settings.DATA_DIR = tmp_path
    from fengqiao.cases.services import import_cases

    (tmp_path / "j.txt").write_text(JUDGMENT, encoding="utf-8")
    import_cases(paths=[tmp_path / "j.txt"], owner=world.basic)
    from fengqiao.cases.models import Case

    case = Case.objects.get()
    client = client_for(world.users["research"])
    assert "去标识化公开" in client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    response = client.post(reverse("publicity:new"), {"case": case.pk, "policy": "publish"})
    review = PublicationReview.objects.get()
    assert response.status_code == 302 and review.case == case


def test_title_and_overlapping_spans_leave_no_name_visible(world, client_for):
    """Issue 18: the review page showed a party name twice (title, breadcrumb) and an
    overlapping manual span left the tail of a name visible."""
    review = services.review_create(
        actor=world.users["research"],
        text=JUDGMENT,
        title="张伟诉连云港某某物业服务有限公司物业服务合同纠纷",
        policy="publish",
    )
    assert "张伟" not in review.title and review.title.startswith("张某")
    page = client_for(world.users["research"]).get(reverse("publicity:detail", args=[review.pk]))
    body = page.content.decode()
    original_panel = body.split('data-testid="original"', 1)[1].split("</div>", 1)[0]
    assert "张伟" not in body.replace(original_panel, "")  # only the marked original shows it
    spans = [
        {"start": 0, "end": 4, "text": "ABCD", "replacement": "×", "status": "accepted"},
        {"start": 2, "end": 7, "text": "CDEFG", "replacement": "×", "status": "added"},
    ]
    assert services.apply_spans("ABCDEFGH", spans) == "×H"
