"""Pages, downloads and API of the selection rounds, per role: organiser, nominating court,
reviewer, a court outside the subtree (404), a recipient (403)."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from fengqiao.documents.checker import check_docx
from fengqiao.selection import services
from fengqiao.selection.models import Nomination, Review, Round
from tests.selection.conftest import issued, open_round
from tests.selection.test_rounds import _collected, _score_all


@pytest.fixture
def reviewing(world, cast):
    round_ = _collected(world, cast)
    services.review_start(actor=cast.organiser, round_=round_)
    return round_


@pytest.fixture
def finished(world, cast, reviewing):
    _score_all(reviewing)
    services.results_publish(actor=cast.organiser, round_=reviewing)
    reviewing.refresh_from_db()
    return reviewing


def test_organiser_opens_a_round_through_the_page(world, cast, client_for):
    client = client_for(cast.organiser)
    assert "发起评选" in client.get(reverse("selection:list")).content.decode()
    today = timezone.localdate()
    response = client.post(
        reverse("selection:open"),
        {
            "name": "2026年度优秀司法建议评选",
            "period_start": f"{today - timedelta(days=100)}",
            "period_end": f"{today}",
            "rubric": "",
            "awards_first": 1,
            "awards_second": 1,
            "awards_third": 1,
            "awards_merit": 2,
            "quota": 2,
            "nomination_deadline": f"{today + timedelta(days=5)}",
            "review_deadline": f"{today + timedelta(days=2)}",
        },
    )
    assert (
        response.status_code == 200
        and "评审截止日期不能早于推荐截止日期" in response.content.decode()
    )
    assert not Round.objects.exists()
    # a basic court's research office has no subordinates: no button, 403 on the form
    basic = client_for(cast.research[world.basic.pk])
    assert "发起评选" not in basic.get(reverse("selection:list")).content.decode()
    assert basic.get(reverse("selection:open")).status_code == 403


def test_recipients_get_403_everywhere(world, cast, finished, client_for):
    client = client_for(world.users["recipient"])
    for name, args in (
        ("selection:list", []),
        ("selection:detail", [finished.pk]),
        ("selection:results", [finished.pk]),
        ("selection:results_docx", [finished.pk]),
        ("selection:results_xlsx", [finished.pk]),
    ):
        assert client.get(reverse(name, args=args)).status_code == 403, name
    assert client.get("/api/selection/rounds").status_code == 403


def test_courts_outside_the_organiser_subtree_see_nothing(world, cast, client_for):
    round_ = open_round(cast.research[world.mid.pk])
    outsider = client_for(cast.research[world.basic_other.pk])
    assert round_.name not in outsider.get(reverse("selection:list")).content.decode()
    assert outsider.get(reverse("selection:detail", args=[round_.pk])).status_code == 404
    assert outsider.get(reverse("selection:nominate", args=[round_.pk])).status_code == 404
    assert outsider.get(f"/api/selection/rounds/{round_.pk}/results").status_code == 404
    for name, args in (
        ("selection:results", [round_.pk]),
        ("selection:results_docx", [round_.pk]),
        ("selection:results_xlsx", [round_.pk]),
        ("selection:review", [round_.pk, 1]),
    ):
        assert outsider.get(reverse(name, args=args)).status_code == 404, name
    assert outsider.post(reverse("selection:withdraw", args=[round_.pk, 1])).status_code == 404
    outsider_head = client_for(cast.research[world.high.pk])  # the organiser of nothing here
    assert (
        outsider_head.post(reverse("selection:act", args=[round_.pk, "start"])).status_code == 404
    )
    assert outsider.get("/api/selection/rounds").json() == []
    inside = client_for(cast.research[world.basic.pk])
    assert inside.get(reverse("selection:detail", args=[round_.pk])).status_code == 200
    assert [r["id"] for r in inside.get("/api/selection/rounds").json()] == [round_.pk]


def test_nominating_court_sees_only_its_own_nominations(world, cast, client_for):
    round_ = open_round(cast.organiser)
    mine = issued(world, world.basic, topic="物业服务")
    theirs = issued(world, world.basic_sibling, topic="预付式消费")
    client = client_for(cast.research[world.basic.pk])
    page = client.get(reverse("selection:nominate", args=[round_.pk])).content.decode()
    assert mine.doc_number in page and theirs.doc_number not in page
    # a sibling's letter posted by hand: refused in Chinese, not a 500
    response = client.post(
        reverse("selection:nominate", args=[round_.pk]),
        {"suggestion": theirs.pk, "recommendation": "好"},
    )
    assert response.status_code == 200 and "请选择本院的一件司法建议" in response.content.decode()
    response = client.post(
        reverse("selection:nominate", args=[round_.pk]),
        {"suggestion": mine.pk, "recommendation": "问题精准"},
    )
    assert response.status_code == 302
    services.nomination_create(
        actor=cast.research[world.basic_sibling.pk],
        round_=round_,
        suggestion=theirs,
        recommendation="建议具体",
    )
    detail = client.get(reverse("selection:detail", args=[round_.pk])).content.decode()
    assert mine.title in detail and theirs.title not in detail
    organiser = client_for(cast.organiser).get(reverse("selection:detail", args=[round_.pk]))
    assert mine.title in organiser.content.decode() and theirs.title in organiser.content.decode()
    # results are not visible to a nominating court before publication
    client = client_for(cast.research[world.basic.pk])
    assert client.get(reverse("selection:results", args=[round_.pk])).status_code == 404


def test_reviewer_sees_only_assigned_entries_blind(world, cast, reviewing, client_for):
    reviewer = cast.judges[world.basic.pk]
    client = client_for(reviewer)
    detail = client.get(reverse("selection:detail", args=[reviewing.pk])).content.decode()
    assert "我的评审任务" in detail
    mine = list(Review.objects.filter(reviewer=reviewer).select_related("nomination__court"))
    assert mine and all(r.nomination.court_id != world.basic.pk for r in mine)
    for review in mine:
        page = client.get(reverse("selection:review", args=[reviewing.pk, review.pk]))
        text = page.content.decode()
        assert page.status_code == 200 and review.nomination.label in text
        court = review.nomination.court
        for word in (court.name, court.short_name, review.nomination.suggestion.doc_number):
            assert word not in text, word
        assert "其他评审人的总分" not in text  # nothing before one's own score
    others = Review.objects.exclude(reviewer=reviewer).filter(nomination__round=reviewing).first()
    assert (
        client.get(reverse("selection:review", args=[reviewing.pk, others.pk])).status_code == 404
    )
    # submitting through the page, then the other totals appear (no names)
    review = mine[0]
    response = client.post(
        reverse("selection:review", args=[reviewing.pk, review.pk]),
        {"p_evidence": "3", "p_causes": "9", "p_feasibility": "3", "comment": "较好"},
    )
    assert "应在 0–3 之间" in response.content.decode()
    response = client.post(
        reverse("selection:review", args=[reviewing.pk, review.pk]),
        {"p_evidence": "3", "p_causes": "2", "p_feasibility": "3", "comment": "较好"},
        follow=True,
    )
    text = response.content.decode()
    assert "评分已提交" in text and "其他评审人的总分" in text
    # the organiser's progress shows the courts; a reviewer's does not
    assert "评选进度" not in detail


def test_organiser_publishes_and_everyone_in_the_subtree_sees_results(
    world, cast, reviewing, client_for
):
    _score_all(reviewing)
    organiser = client_for(cast.organiser)
    preview = organiser.get(reverse("selection:results", args=[reviewing.pk])).content.decode()
    assert "当前排名（未公布）" in preview
    response = organiser.post(reverse("selection:act", args=[reviewing.pk, "publish"]))
    assert response.status_code == 302
    reviewing.refresh_from_db()
    assert reviewing.state == Round.State.FINISHED
    judge = client_for(cast.judges[world.basic_sibling.pk])
    page = judge.get(reverse("selection:results", args=[reviewing.pk])).content.decode()
    first = Nomination.objects.select_related("court").get(round=reviewing, tier="first")
    assert "一等奖" in page and first.court.name in page
    data = judge.get(f"/api/selection/rounds/{reviewing.pk}/results").json()
    assert data["published"] is True and len(data["items"]) == 4
    assert [i["rank"] for i in data["items"]] == [1, 2, 3, 4]
    assert data["items"][0]["tier_label"] == "一等奖"
    # a nominating court may not publish
    other = client_for(cast.research[world.basic.pk])
    assert other.post(reverse("selection:act", args=[reviewing.pk, "publish"])).status_code == 403


def test_results_notice_passes_the_checker(world, cast, finished, client_for, tmp_path):
    response = client_for(cast.judges[world.mid.pk]).get(
        reverse("selection:results_docx", args=[finished.pk])
    )
    assert response.status_code == 200
    result = check_docx(response.content)
    assert result.kind == "notice"
    assert result.ok, [e.message for e in result.errors]
    from docx import Document

    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    year = finished.period_end.year
    assert f"关于公布{year}年度优秀司法建议评选结果的通知" in text.replace("\n", "")
    first = Nomination.objects.get(round=finished, tier="first")
    assert first.suggestion.title in text and "一等奖" in text

    # the same through the command a clerk runs: `fengqiao documents check`
    import json

    from django.core.management import call_command

    path = tmp_path / "notice.docx"
    path.write_bytes(response.content)
    out = io.StringIO()
    call_command("documents", "check", str(path), "--json", stdout=out)
    assert json.loads(out.getvalue()) == {"ok": True, "kind": "notice", "errors": []}


def test_list_and_task_pages_read_a_fixed_number_of_queries(
    world, cast, reviewing, client_for, django_assert_max_num_queries
):
    reviewer = cast.judges[world.high.pk]
    client = client_for(reviewer)
    client.get(reverse("selection:list"))
    for _ in range(3):
        open_round(cast.organiser)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("selection:list"))
    assert page.content.decode().count("/selection/") >= 4
    with django_assert_max_num_queries(14):
        client.get(reverse("selection:detail", args=[reviewing.pk]))


def test_results_excel_lists_every_entry(world, cast, finished, client_for):
    from openpyxl import load_workbook

    response = client_for(cast.organiser).get(reverse("selection:results_xlsx", args=[finished.pk]))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content))["评选结果"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("名次", "奖次", "作品编号", "推荐法院")
    assert [r[0] for r in rows[1:]] == [1, 2, 3, 4]
    assert [r[1] for r in rows[1:]] == ["一等奖", "二等奖", "三等奖", "—"]
    ranked = list(
        Nomination.objects.filter(round=finished)
        .order_by("rank")
        .select_related("court", "suggestion")
    )
    assert [r[3] for r in rows[1:]] == [n.court.name for n in ranked]
    assert [r[4] for r in rows[1:]] == [n.suggestion.doc_number for n in ranked]
    assert all(r[9] == 3 for r in rows[1:])


def test_downloads_only_after_publication(world, cast, reviewing, client_for):
    organiser = client_for(cast.organiser)
    assert organiser.get(reverse("selection:results_docx", args=[reviewing.pk])).status_code == 404


def test_bad_action_and_bad_ids_are_404(world, cast, reviewing, client_for):
    organiser = client_for(cast.organiser)
    assert (
        organiser.post(reverse("selection:act", args=[reviewing.pk, "nonsense"])).status_code == 404
    )
    assert organiser.get(reverse("selection:detail", args=[999999])).status_code == 404
    assert (
        organiser.get(reverse("selection:review", args=[reviewing.pk, 999999])).status_code == 404
    )


def test_menu_entry(world, cast, client_for):
    assert "优秀建议评选" in client_for(cast.judges[world.basic.pk]).get("/").content.decode()


def test_evaluation_page_lists_the_award_points(world, cast, client_for):
    page = (
        client_for(cast.research[world.basic.pk]).get(reverse("evaluation:index")).content.decode()
    )
    assert "优秀司法建议评选获奖另计（一等奖8分、二等奖6分、三等奖4分、优秀奖2分）" in page
