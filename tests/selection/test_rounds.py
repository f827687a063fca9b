"""A round through the services: opening, nominations (quota, deadline, period, twice), blind
text, assignment, scoring, outliers, publication (library 优秀 label, 考评 points), audit."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from fengqiao.audit.models import AuditEntry
from fengqiao.courts.models import Role
from fengqiao.evaluation import rules
from fengqiao.evaluation.selectors import letter_points
from fengqiao.library.models import LibraryEntry
from fengqiao.selection import blind, selectors, services
from fengqiao.selection.models import Nomination, Review, Round
from fengqiao.suggestions.models import State, Suggestion
from tests.selection.conftest import OPINION, issued, open_round, score


def test_only_a_superior_research_office_opens_a_round(world, cast):
    with pytest.raises(PermissionDenied):
        open_round(cast.research[world.basic.pk])  # no subordinate courts
    with pytest.raises(PermissionDenied):
        open_round(cast.judges[world.high.pk])  # not the research office
    with pytest.raises(PermissionDenied):
        open_round(world.users["recipient"])
    round_ = open_round(cast.organiser)
    assert round_.state == Round.State.COLLECTING and round_.organiser_id == world.high.pk
    assert [c["key"] for c in round_.criteria][:3] == ["evidence", "causes", "feasibility"]
    assert "默认" in round_.rubric_label
    assert AuditEntry.objects.filter(code="selection.open", object_id=str(round_.pk)).exists()


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        ({"name": " "}, "请填写评选名称"),
        (
            {
                "period_start": timezone.localdate() + timedelta(days=1),
                "period_end": timezone.localdate(),
            },
            "开始日期不能晚于",
        ),
        (
            {"nomination_deadline": timezone.localdate() - timedelta(days=1)},
            "推荐截止日期不能早于今天",
        ),
        (
            {"review_deadline": timezone.localdate() - timedelta(days=1)},
            "评审截止日期不能早于推荐截止日期",
        ),
        ({"awards": (0, 0, 0, 0)}, "至少设一个奖项"),
        ({"quota": 0}, "每院推荐名额"),
    ],
)
def test_opening_errors_are_chinese(world, cast, kw, message):
    with pytest.raises(ValidationError) as info:
        open_round(cast.organiser, **kw)
    assert message in "".join(info.value.messages)


def test_a_rubric_of_another_court_is_refused(world, cast):
    from fengqiao.evaluation.services import rubric_default_create

    other = rubric_default_create(actor=cast.research[world.basic.pk], court=world.basic)
    with pytest.raises(ValidationError, match="本院的评分标准"):
        open_round(cast.organiser, rubric=other)
    own = rubric_default_create(actor=cast.organiser, court=world.high)
    round_ = open_round(cast.organiser, rubric=own)
    assert round_.rubric_id == own.pk and "江苏省高级人民法院" in round_.rubric_label


def _nominate(cast, court, letter, round_, text="问题精准，建议被全部采纳。"):
    return services.nomination_create(
        actor=cast.research[court.pk], round_=round_, suggestion=letter, recommendation=text
    )


def test_nomination_rules(world, cast):
    round_ = open_round(cast.organiser, quota=2)
    basic = world.basic
    a, b, c = (issued(world, basic, topic=t) for t in ("物业服务", "电梯维保", "停车管理"))
    Suggestion.objects.filter(pk=a.pk).update(format_override_reason="连开法院院长同意豁免")
    a.refresh_from_db()
    first = _nominate(cast, basic, a, round_)
    assert first.court_id == basic.pk and first.code is None
    # the record-computed criteria are there, their reasons blind as well
    assert set(first.computed) == {"format", "timeliness", "precomm"}
    assert "连开" not in str(first.computed) and "××法院院长同意豁免" in str(first.computed)
    with pytest.raises(ValidationError, match="不能重复推荐"):
        _nominate(cast, basic, a, round_)
    _nominate(cast, basic, b, round_)
    with pytest.raises(ValidationError, match="名额（2 件）已用完"):
        _nominate(cast, basic, c, round_)
    # only the court's own letters
    sib = issued(world, world.basic_sibling)
    with pytest.raises(ValidationError, match="只能推荐本院"):
        _nominate(cast, basic, sib, round_)
    # issued and delivered only
    draft = issued(world, world.basic_sibling, topic="农民工工资")
    Suggestion.objects.filter(pk=draft.pk).update(state=State.SIGNED)
    draft.refresh_from_db()
    with pytest.raises(ValidationError, match="已签发编号并送达"):
        _nominate(cast, world.basic_sibling, draft, round_)
    # signed outside the period
    old = issued(world, world.basic_sibling, signed_on=timezone.localdate() - timedelta(days=400))
    with pytest.raises(ValidationError, match="不在本次评选的期间"):
        _nominate(cast, world.basic_sibling, old, round_)
    # a recommendation is required
    with pytest.raises(ValidationError, match="请填写推荐理由"):
        _nominate(cast, world.basic_sibling, sib, round_, text="  ")
    # a judge may not nominate; a court outside the subtree of a mid-court round may not either
    with pytest.raises(PermissionDenied):
        services.nomination_create(
            actor=cast.judges[basic.pk], round_=round_, suggestion=c, recommendation="好"
        )
    mid_round = open_round(cast.research[world.mid.pk])
    other = issued(world, world.basic_other)
    with pytest.raises(PermissionDenied):
        _nominate(cast, world.basic_other, other, mid_round)
    assert AuditEntry.objects.filter(code="selection.nominate").count() == 2


def test_nomination_after_the_deadline_is_refused(world, cast):
    round_ = open_round(cast.organiser)
    Round.objects.filter(pk=round_.pk).update(
        nomination_deadline=timezone.localdate() - timedelta(days=1)
    )
    round_.refresh_from_db()
    letter = issued(world, world.basic)
    with pytest.raises(ValidationError, match=r"推荐已于.*截止"):
        _nominate(cast, world.basic, letter, round_)


def test_review_cannot_start_before_the_nomination_deadline(world, cast):
    round_ = open_round(
        cast.organiser, nomination_deadline=timezone.localdate() + timedelta(days=3)
    )
    _nominate(cast, world.basic, issued(world, world.basic), round_)
    with pytest.raises(ValidationError, match="前不能开始评审"):
        services.review_start(actor=cast.organiser, round_=round_)


def test_blind_text_hides_the_court_its_places_and_its_people(world, cast):
    letter = issued(world, world.basic)
    sections = blind.blind_sections(letter)
    text = "\n".join(sections.values())
    for word in (
        world.basic.name,
        "连云港",
        "连开",
        world.users[Role.JUDGE].full_name,
        letter.doc_number,
        "江苏省",
    ):
        assert word not in text, word
    assert "××法院" in text and "××市住房和城乡建设局" in text and "承办法官" in text
    assert "物业服务" in text  # the substance stays
    assert "承办法官承办法官" not in text  # “承办法官周某” → “承办法官”


def _reviewers(world, cast):
    return [
        cast.judges[world.basic.pk],
        cast.judges[world.basic_sibling.pk],
        cast.judges[world.basic_other.pk],
        cast.judges[world.mid.pk],
        cast.judges[world.high.pk],
    ]


def _collected(world, cast, *, awards=(1, 1, 1, 0)):
    round_ = open_round(cast.organiser, awards=awards, quota=2)
    letters = [
        (world.basic, issued(world, world.basic, topic="物业服务")),
        (world.basic, issued(world, world.basic, topic="电梯维保")),
        (world.basic_sibling, issued(world, world.basic_sibling, topic="预付式消费")),
        (world.basic_other, issued(world, world.basic_other, topic="校外培训")),
    ]
    for court, letter in letters:
        _nominate(cast, court, letter, round_)
    services.round_set_reviewers(
        actor=cast.organiser, round_=round_, reviewer_ids=[u.pk for u in _reviewers(world, cast)]
    )
    return round_


def test_reviewers_are_chosen_in_the_subtree_and_at_least_three(world, cast):
    round_ = open_round(cast.organiser)
    with pytest.raises(ValidationError, match="至少需要选择 3 名"):
        services.round_set_reviewers(
            actor=cast.organiser, round_=round_, reviewer_ids=[cast.judges[world.mid.pk].pk]
        )
    with pytest.raises(ValidationError, match="辖区法院的在职人员"):
        services.round_set_reviewers(
            actor=cast.organiser,
            round_=round_,
            reviewer_ids=[u.pk for u in _reviewers(world, cast)[:3]]
            + [world.users["recipient"].pk],
        )
    with pytest.raises(ValidationError, match="不能担任评审人：高院研究员"):
        services.round_set_reviewers(
            actor=cast.organiser,
            round_=round_,
            reviewer_ids=[u.pk for u in _reviewers(world, cast)[:3]] + [cast.organiser.pk],
        )
    with pytest.raises(PermissionDenied):
        services.round_set_reviewers(
            actor=cast.research[world.mid.pk],
            round_=round_,
            reviewer_ids=[u.pk for u in _reviewers(world, cast)],
        )


def test_start_assigns_three_reviewers_never_of_the_own_court(
    world, cast, django_capture_on_commit_callbacks
):
    from fengqiao.suggestions.models import Notification

    round_ = _collected(world, cast)
    with django_capture_on_commit_callbacks(execute=True):
        services.review_start(actor=cast.organiser, round_=round_)
    notes = Notification.objects.filter(kind="selection_review")
    assert notes.count() == 5 and all("待匿名评审" in n.message for n in notes)
    assert not any(world.basic.name in n.message for n in notes)
    round_.refresh_from_db()
    assert round_.state == Round.State.REVIEWING
    codes = sorted(Nomination.objects.filter(round=round_).values_list("code", flat=True))
    assert codes == [1, 2, 3, 4]
    loads: dict[int, int] = {}
    for n in Nomination.objects.filter(round=round_):
        reviews = list(n.reviews.select_related("reviewer"))
        assert len(reviews) >= 3
        assert all(r.reviewer.court_id != n.court_id for r in reviews)
        for r in reviews:
            loads[r.reviewer_id] = loads.get(r.reviewer_id, 0) + 1
    assert max(loads.values()) - min(loads.values()) <= 1  # 12 tasks, 5 reviewers
    assert AuditEntry.objects.filter(code="selection.review_start").exists()
    # no more nominations once the review has started
    with pytest.raises(ValidationError, match="停止征集"):
        _nominate(cast, world.basic_sibling, issued(world, world.basic_sibling), round_)


def test_start_refuses_when_an_entry_has_fewer_than_three_eligible_reviewers(world, cast):
    round_ = open_round(cast.organiser)
    _nominate(cast, world.basic, issued(world, world.basic), round_)
    services.round_set_reviewers(
        actor=cast.organiser,
        round_=round_,
        reviewer_ids=[
            cast.judges[world.basic.pk].pk,
            world.users[Role.DIVISION_HEAD].pk,  # basic too
            cast.judges[world.mid.pk].pk,
            cast.judges[world.high.pk].pk,
        ],
    )
    with pytest.raises(ValidationError) as info:
        services.review_start(actor=cast.organiser, round_=round_)
    assert "参评作品 01回避推荐法院后只有 2 名评审人" in info.value.messages[0]
    round_.refresh_from_db()
    assert round_.state == Round.State.COLLECTING and not Review.objects.exists()


def _score_all(round_, totals_for=None):
    for review in Review.objects.filter(nomination__round=round_).select_related(
        "reviewer", "nomination"
    ):
        points = (totals_for or {}).get((review.nomination.code, review.reviewer_id), OPINION)
        score(review, review.reviewer, points)


def test_scoring_rules_and_privacy(world, cast):
    round_ = _collected(world, cast)
    services.review_start(actor=cast.organiser, round_=round_)
    review = Review.objects.filter(nomination__round=round_).select_related("reviewer").first()
    stranger = next(
        u
        for u in _reviewers(world, cast)
        if not Review.objects.filter(pk=review.pk, reviewer=u).exists()
    )
    with pytest.raises(PermissionDenied):
        score(review, stranger)
    with pytest.raises(ValidationError, match="请为“原因分析”评分"):
        score(review, review.reviewer, {"evidence": 4, "feasibility": 4})
    with pytest.raises(ValidationError, match="应在 0–4 之间"):
        score(review, review.reviewer, {"evidence": 9, "causes": 1, "feasibility": 1})
    with pytest.raises(ValidationError, match="总体评语"):
        score(review, review.reviewer, comment=" ")
    assert selectors.other_totals(review) == []  # nothing before one's own score
    submitted = score(review, review.reviewer)
    assert submitted.total is not None
    with pytest.raises(ValidationError, match="不能修改"):
        score(review, review.reviewer)
    # publishing needs three scores for every entry
    with pytest.raises(ValidationError, match="有效评分不足 3 份"):
        services.results_publish(actor=cast.organiser, round_=round_)


def test_review_deadline(world, cast):
    round_ = _collected(world, cast)
    services.review_start(actor=cast.organiser, round_=round_)
    Round.objects.filter(pk=round_.pk).update(
        review_deadline=timezone.localdate() - timedelta(days=1)
    )
    review = Review.objects.filter(nomination__round=round_).select_related("reviewer").first()
    with pytest.raises(ValidationError, match=r"评审已于.*截止"):
        score(review, review.reviewer)


def test_publication_ranks_flags_outliers_labels_and_counts(world, cast):
    round_ = _collected(world, cast, awards=(1, 1, 1, 0))
    services.review_start(actor=cast.organiser, round_=round_)
    by_code = {n.code: n for n in Nomination.objects.filter(round=round_)}
    # entry 1 best, then 2, 3, 4; one wild low score on entry 1
    levels = {
        1: {"evidence": 4, "causes": 3, "feasibility": 4},
        2: {"evidence": 3, "causes": 3, "feasibility": 3},
        3: {"evidence": 3, "causes": 2, "feasibility": 3},
        4: {"evidence": 1, "causes": 1, "feasibility": 1},
    }
    wild = by_code[1].reviews.order_by("pk").first()
    plan = {}
    for code, n in by_code.items():
        for r in n.reviews.all():
            plan[(code, r.reviewer_id)] = levels[code]
    # 30 points under the entry's median (flagged), yet the entry stays first: with three
    # scores the outlier still counts (fewer than three would remain without it)
    plan[(1, wild.reviewer_id)] = {"evidence": 2, "causes": 2, "feasibility": 2}
    _score_all(round_, plan)
    wild.refresh_from_db()
    # a reviewer sees the other totals once their own is in
    assert len(selectors.other_totals(wild)) == 2
    services.results_publish(actor=cast.organiser, round_=round_)
    round_.refresh_from_db()
    assert round_.state == Round.State.FINISHED and round_.published_at
    ranked = list(Nomination.objects.filter(round=round_).order_by("rank"))
    assert [n.code for n in ranked] == [1, 2, 3, 4]
    assert [n.tier for n in ranked] == ["first", "second", "third", ""]
    wild.refresh_from_db()
    assert wild.outlier is True
    assert Review.objects.filter(nomination__round=round_, outlier=True).count() == 1
    # three scores, one an outlier: fewer than 3 would remain → all three count in the mean
    totals = sorted(by_code[1].reviews.values_list("total", flat=True))
    assert ranked[0].mean == round(sum(totals) / 3, 2)
    # winners: the 优秀 label in the library (entries created, pending the court's own release)
    winners = [n.suggestion_id for n in ranked[:3]]
    assert set(
        LibraryEntry.objects.filter(excellent=True).values_list("suggestion_id", flat=True)
    ) == set(winners)
    assert not LibraryEntry.objects.filter(
        suggestion_id=ranked[3].suggestion_id, excellent=True
    ).exists()
    assert AuditEntry.objects.filter(code="library.excellent").count() == 3
    assert AuditEntry.objects.filter(code="selection.publish").exists()
    # 考评: the award counts in the letter's points
    letters = list(
        Suggestion.objects.filter(pk__in=[ranked[0].suggestion_id, ranked[3].suggestion_id])
    )
    points = letter_points(letters, effect_of=lambda s: None)
    first = [p for p in points[ranked[0].suggestion_id].parts if p.key == "award"]
    assert len(first) == 1 and first[0].points == rules.AWARD_RULES["first"].points
    assert round_.name in first[0].reason
    assert not [p for p in points[ranked[3].suggestion_id].parts if p.key == "award"]
    # … and in the 考评 Excel of the letters (the total adds up)
    import io

    from openpyxl import load_workbook

    from fengqiao.evaluation import exports as evaluation_exports

    book = evaluation_exports.letters_workbook([points[ranked[0].suggestion_id]])
    rows = list(load_workbook(io.BytesIO(book)).active.iter_rows(values_only=True))
    assert (
        rows[0][-1] == "优秀司法建议评选获奖" and rows[1][-1] == rules.AWARD_RULES["first"].points
    )
    # publishing twice is refused
    with pytest.raises(ValidationError, match="只有评审中的评选"):
        services.results_publish(actor=cast.organiser, round_=round_)


def test_awards_of_is_one_query(world, cast, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert selectors.awards_of([1, 2, 3]) == {}


def test_withdraw_own_nomination_while_collecting(world, cast):
    round_ = open_round(cast.organiser, quota=1)
    letter = issued(world, world.basic)
    nomination = _nominate(cast, world.basic, letter, round_)
    with pytest.raises(ValidationError, match="只能撤回本院"):
        services.nomination_withdraw(
            actor=cast.research[world.basic_sibling.pk], nomination=nomination
        )
    services.nomination_withdraw(actor=cast.research[world.basic.pk], nomination=nomination)
    assert not Nomination.objects.exists()
    assert AuditEntry.objects.filter(code="selection.withdraw").exists()
    # the quota is free again
    _nominate(cast, world.basic, letter, round_)


def test_blind_text_uses_the_library_shared_version(world, cast):
    from fengqiao.library import services as library

    letter = issued(world, world.basic, topic="物业服务")
    entry = library.entry_ensure(actor=cast.research[world.basic.pk], suggestion=letter)
    library.entry_add_mask(actor=cast.research[world.basic.pk], entry=entry, text="物业服务")
    text = "\n".join(blind.blind_sections(letter).values())
    assert "物业服务" not in text and "×××" in text  # the research office's own mask travels
    assert world.basic.name not in text


def test_an_unscored_assignment_is_reassigned_under_the_same_rules(world, cast, client):
    round_ = _collected(world, cast)
    services.review_start(actor=cast.organiser, round_=round_)
    entry = Nomination.objects.filter(round=round_, court=world.basic).order_by("code").first()
    review = entry.reviews.select_related("reviewer").first()
    old = review.reviewer
    on_entry = set(entry.reviews.values_list("reviewer_id", flat=True))
    # a substitute of another court, not yet on this entry (a research officer of 玄武 or 海州)
    substitute = next(
        u
        for u in (cast.research[world.basic_other.pk], cast.research[world.basic_sibling.pk])
        if u.pk not in on_entry
    )

    with pytest.raises(ValidationError, match="应当回避"):  # the entry's own court
        services.review_reassign(
            actor=cast.organiser, review=review, reviewer_id=world.users[Role.RESEARCH].pk
        )
    with pytest.raises(ValidationError, match="不能担任评审人"):  # the organiser's office
        services.review_reassign(actor=cast.organiser, review=review, reviewer_id=cast.organiser.pk)
    other = next(r for r in entry.reviews.all() if r.pk != review.pk)
    with pytest.raises(ValidationError, match="已是"):
        services.review_reassign(actor=cast.organiser, review=review, reviewer_id=other.reviewer_id)
    with pytest.raises(PermissionDenied):
        services.review_reassign(
            actor=cast.research[world.mid.pk], review=review, reviewer_id=substitute.pk
        )

    services.review_reassign(actor=cast.organiser, review=review, reviewer_id=substitute.pk)
    review.refresh_from_db()
    assert review.reviewer == substitute and substitute in round_.reviewers.all()
    assert review not in selectors.my_reviews(old, round_)
    assert review in selectors.my_reviews(substitute, round_)
    assert AuditEntry.objects.filter(code="selection.review_reassign").count() == 1
    # once scored, an assignment stays with its reviewer
    score(review, substitute)
    with pytest.raises(ValidationError, match="已提交评分"):
        services.review_reassign(actor=cast.organiser, review=review, reviewer_id=old.pk)

    # the organiser's page offers it for the assignments still open, and the form works
    client.force_login(cast.organiser)
    page = client.get(f"/selection/{round_.pk}/").content.decode()
    assert 'data-testid="pending-reviews"' in page
    pending = Review.objects.filter(nomination__round=round_, submitted_at__isnull=True).first()
    target = next(
        u
        for u in _reviewers(world, cast)
        if u.court_id != pending.nomination.court_id
        and not pending.nomination.reviews.filter(reviewer=u).exists()
    )
    response = client.post(
        f"/selection/{round_.pk}/act/reassign/", {"review": pending.pk, "reviewer": target.pk}
    )
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.reviewer == target
    # a bad id is a clear message, not a 500
    response = client.post(f"/selection/{round_.pk}/act/reassign/", {"review": "x", "reviewer": ""})
    assert response.status_code == 404
