"""The rubric as data: default criteria, versions (a score keeps its version), publishing by a
superior court and adoption by its subordinates; who may score."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from fengqiao.audit.models import AuditEntry
from fengqiao.courts import services as court_services
from fengqiao.courts.models import Role
from fengqiao.evaluation import rules, services
from fengqiao.evaluation.models import Score, Source
from fengqiao.suggestions.models import State
from fengqiao.suggestions.policy import TransitionError

from .conftest import OPINION_POINTS, make_letter


def test_default_rubric_has_the_six_criteria_with_anchored_levels(rubric):
    criteria = list(rubric.criteria.all())
    assert [c.key for c in criteria] == [spec.key for spec in rules.DEFAULT_CRITERIA]
    assert {c.key: c.source for c in criteria if c.computed} == {
        "format": Source.FORMAT,
        "timeliness": Source.TIMELINESS,
        "precomm": Source.PRECOMM,
    }
    for c in criteria:
        assert [level["points"] for level in c.levels] == list(range(c.max_points + 1))
        assert all(level["description"] for level in c.levels)


def test_score_keeps_the_version_it_used_and_editing_a_used_rubric_makes_a_new_one(
    world, research, rubric
):
    letter = make_letter(
        world.basic, world.users[Role.JUDGE], world.unit, signed_on=date(2026, 3, 2)
    )
    first = services.score_record(
        actor=research, suggestion=letter, points=OPINION_POINTS, comment="问题精准"
    )
    assert first.rubric == rubric and rubric.version == 1

    criteria = services.criteria_of(rubric)
    criteria[0]["weight"] = 40
    edited = services.rubric_edit(actor=research, rubric=rubric, criteria=criteria, note="加重证据")
    assert edited.pk != rubric.pk and edited.version == 2
    first.refresh_from_db()
    assert first.rubric_id == rubric.pk  # the score keeps version 1
    assert rubric.criteria.get(key="evidence").weight == 25  # version 1 unchanged

    other = make_letter(
        world.basic, world.users[Role.JUDGE], world.unit, signed_on=date(2026, 3, 9)
    )
    second = services.score_record(actor=research, suggestion=other, points=OPINION_POINTS)
    assert second.rubric == edited

    # an unused current version is edited in place
    criteria[1]["weight"] = 20
    again = services.rubric_edit(actor=research, rubric=edited, criteria=criteria)
    assert again.version == 3  # edited is in use now (second score)
    unused = services.rubric_edit(actor=research, rubric=again, criteria=criteria, note="微调")
    assert unused.pk == again.pk and unused.version == 3
    assert AuditEntry.objects.filter(code="rubric.edit").count() == 3


def test_superior_publishes_and_subordinates_adopt(
    world, research, high_research, sibling_research
):
    published = services.rubric_default_create(actor=high_research, court=world.high)
    with pytest.raises(PermissionDenied):  # not yet published
        services.rubric_adopt(actor=research, source=published)
    services.rubric_publish(actor=high_research, rubric=published, shared=True)
    assert list(services.adoptable_rubrics(world.basic)) == [published]

    adopted = services.rubric_adopt(actor=research, source=published)
    assert adopted.court == world.basic and adopted.adopted_from == published
    assert adopted.version == 1
    assert services.criteria_of(adopted) == services.criteria_of(published)
    assert services.current_rubric(world.basic) == adopted

    # a sibling court's rubric is not the basic court's to adopt, even if "shared"
    own = services.rubric_default_create(actor=sibling_research, court=world.basic_sibling)
    own.shared = True
    own.save()
    assert own not in services.adoptable_rubrics(world.basic)
    with pytest.raises(PermissionDenied):
        services.rubric_adopt(actor=research, source=own)
    # a basic court has no subordinates to publish to
    with pytest.raises(ValidationError):
        services.rubric_publish(actor=research, rubric=adopted, shared=True)
    assert AuditEntry.objects.filter(code="rubric.adopt", court_id=world.basic.pk).exists()

    # the superior edits its rubric after using it: the new version is what is offered now
    from fengqiao.evaluation.models import Score

    letter = make_letter(world.high, high_research, world.unit, signed_on=date(2026, 3, 2))
    services.score_record(actor=high_research, suggestion=letter, points=OPINION_POINTS)
    criteria = services.criteria_of(published)
    criteria[0]["weight"] = 30
    newer = services.rubric_edit(actor=high_research, rubric=published, criteria=criteria)
    assert newer.version == 2 and list(services.adoptable_rubrics(world.basic)) == [newer]
    assert Score.objects.get(suggestion=letter).rubric == published
    assert services.current_rubric(world.basic) == adopted  # adopting again is the court's choice


def test_only_the_research_office_of_the_court_scores_signed_letters(world, research, rubric):
    judge = world.users[Role.JUDGE]
    letter = make_letter(world.basic, judge, world.unit, signed_on=date(2026, 3, 2))
    with pytest.raises(PermissionDenied):
        services.score_record(actor=judge, suggestion=letter, points=OPINION_POINTS)
    with pytest.raises(PermissionDenied):
        services.score_record(
            actor=world.users["supervisor_mid"], suggestion=letter, points=OPINION_POINTS
        )
    draft = make_letter(
        world.basic, judge, world.unit, signed_on=date(2026, 3, 2), state=State.DRAFTING
    )
    with pytest.raises(TransitionError):
        services.score_record(actor=research, suggestion=draft, points=OPINION_POINTS)
    with pytest.raises(ValidationError, match="应在 0–4"):
        services.score_record(
            actor=research, suggestion=letter, points={**OPINION_POINTS, "evidence": 9}
        )
    with pytest.raises(ValidationError, match="请为"):
        services.score_record(actor=research, suggestion=letter, points={"evidence": 1})


def test_a_panel_scores_are_averaged_and_each_audited(world, research, rubric):
    second = court_services.user_create(
        username="u_research2",
        password="Test-pass-2026",
        full_name="研究室二",
        court=world.basic,
        roles=[Role.RESEARCH],
    )
    letter = make_letter(
        world.basic, world.users[Role.JUDGE], world.unit, signed_on=date(2026, 3, 2)
    )
    a = services.score_record(actor=research, suggestion=letter, points=OPINION_POINTS)
    b = services.score_record(
        actor=second, suggestion=letter, points={"evidence": 0, "causes": 0, "feasibility": 0}
    )
    # scoring again replaces the member's own score
    a = services.score_record(
        actor=research, suggestion=letter, points=OPINION_POINTS, comment="再评"
    )
    assert Score.objects.filter(suggestion=letter).count() == 2
    from fengqiao.evaluation.selectors import letter_points

    lp = letter_points([letter], effect_of=lambda s: None)[letter.pk]
    assert lp.scorers == 2
    assert lp.quality == pytest.approx(round((a.total + b.total) / 2, 1))
    assert AuditEntry.objects.filter(code="score.record").count() == 3


def test_computed_criteria_come_from_the_record_with_their_reason(world, research, rubric):
    from fengqiao.suggestions.models import PreCommunication

    letter = make_letter(
        world.basic, world.users[Role.JUDGE], world.unit, signed_on=date(2026, 3, 2)
    )
    PreCommunication.objects.create(
        suggestion=letter,
        kind=PreCommunication.Kind.NOTICE,
        held_on=date(2026, 2, 20),
        opinion_on=date(2026, 2, 25),
        stance=PreCommunication.Stance.AGREE,
        created_by=research,
    )
    score = services.score_record(actor=research, suggestion=letter, points=OPINION_POINTS)
    parts = {p.criterion.key: p for p in score.parts.select_related("criterion")}
    assert parts["precomm"].points == 2 and "反馈意见" in parts["precomm"].reason
    assert "自文稿创建" in parts["timeliness"].reason  # no clue recorded
    assert parts["format"].points == 0 and "没有已签发的文稿" in parts["format"].reason
