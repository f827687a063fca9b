"""Every write of 考评: rubrics (default, edit → new version, publish, adopt) and scores."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from fengqiao.audit.services import audit_record
from fengqiao.courts.models import Court, User
from fengqiao.courts.permissions import require_permission
from fengqiao.evaluation import rules
from fengqiao.evaluation.computed import compute
from fengqiao.evaluation.models import Criterion, CriterionScore, Rubric, Score, Source
from fengqiao.suggestions import policy
from fengqiao.suggestions.models import Suggestion


def _own_court(actor: User, court: Court) -> None:
    require_permission(actor, "rubric.manage")
    if actor.court_id != court.pk:
        raise PermissionDenied("只能管理本院的评分标准。")


def _next_version(court: Court) -> int:
    return (Rubric.objects.filter(court=court).aggregate(v=Max("version"))["v"] or 0) + 1


def _check_criteria(criteria: list[dict[str, Any]]) -> None:
    if not criteria:
        raise ValidationError("评分标准至少要有一个评分项。")
    keys = [c["key"] for c in criteria]
    if len(set(keys)) != len(keys):
        raise ValidationError("评分项代码不能重复。")
    for c in criteria:
        if not str(c.get("name", "")).strip():
            raise ValidationError("请填写评分项名称。")
        if not 1 <= int(c["weight"]) <= 100:
            raise ValidationError(f"“{c['name']}”的权重应在 1–100 之间。")
        if not 1 <= int(c["max_points"]) <= 10:
            raise ValidationError(f"“{c['name']}”的满分档应在 1–10 之间。")
        if c.get("source", Source.OPINION) not in Source.values:
            raise ValidationError(f"“{c['name']}”的计分来源不正确。")
        if len(c.get("levels", [])) not in (0, int(c["max_points"]) + 1):
            raise ValidationError(f"“{c['name']}”的各档说明应为 0–{c['max_points']} 每档一条。")


def _create(
    *,
    court: Court,
    name: str,
    criteria: list[dict[str, Any]],
    actor: User | None,
    adopted_from: Rubric | None = None,
    note: str = "",
) -> Rubric:
    _check_criteria(criteria)
    rubric = Rubric.objects.create(
        court=court,
        name=name,
        version=_next_version(court),
        published_at=timezone.now(),
        adopted_from=adopted_from,
        note=note,
        created_by=actor,
    )
    _create_criteria_in_place(rubric, criteria)
    return rubric


def default_criteria() -> list[dict[str, Any]]:
    return [
        {
            "key": spec.key,
            "name": spec.name,
            "weight": spec.weight,
            "max_points": len(spec.levels) - 1,
            "levels": list(spec.levels),
            "source": spec.source,
        }
        for spec in rules.DEFAULT_CRITERIA
    ]


def criteria_of(rubric: Rubric) -> list[dict[str, Any]]:
    return [
        {
            "key": c.key,
            "name": c.name,
            "weight": c.weight,
            "max_points": c.max_points,
            "levels": [level["description"] for level in c.levels],
            "source": c.source,
        }
        for c in rubric.criteria.all()
    ]


def current_rubric(court: Court) -> Rubric | None:
    return Rubric.objects.filter(court=court).order_by("-version").first()


@transaction.atomic
def rubric_default_create(*, actor: User, court: Court) -> Rubric:
    """The court's first rubric, from the default table (rules.DEFAULT_CRITERIA)."""
    _own_court(actor, court)
    rubric = _create(
        court=court,
        name=rules.DEFAULT_RUBRIC_NAME,
        criteria=default_criteria(),
        actor=actor,
        note="按 2023 年规定与工作要求的默认标准",
    )
    audit_record(code="rubric.create", actor=actor, obj=rubric, court=court)
    return rubric


@transaction.atomic
def rubric_edit(
    *, actor: User, rubric: Rubric, criteria: list[dict[str, Any]], name: str = "", note: str = ""
) -> Rubric:
    """Change a rubric. One already used for a score is kept as it is: the change becomes the
    court's next version (the scores keep the version they were given under)."""
    _own_court(actor, rubric.court)
    _check_criteria(criteria)
    before = criteria_of(rubric)
    if rubric.scores.exists() or rubric.pk != getattr(current_rubric(rubric.court), "pk", None):
        new = _create(
            court=rubric.court,
            name=name or rubric.name,
            criteria=criteria,
            actor=actor,
            adopted_from=rubric.adopted_from,
            note=note or f"修改自第{rubric.version}版",
        )
        if rubric.shared:  # the offer to subordinate courts moves to the new version
            new.shared, rubric.shared = True, False
            new.save(update_fields=["shared"])
            rubric.save(update_fields=["shared"])
    else:
        rubric.criteria.all().delete()
        rubric.name, rubric.note = name or rubric.name, note or rubric.note
        rubric.save(update_fields=["name", "note"])
        new = rubric
        _create_criteria_in_place(rubric, criteria)
    audit_record(
        code="rubric.edit",
        actor=actor,
        obj=new,
        court=rubric.court,
        before={"version": rubric.version, "criteria": before},
        after={"version": new.version, "criteria": criteria},
    )
    return new


def _create_criteria_in_place(rubric: Rubric, criteria: list[dict[str, Any]]) -> None:
    Criterion.objects.bulk_create(
        [
            Criterion(
                rubric=rubric,
                position=i,
                key=c["key"],
                name=c["name"].strip(),
                weight=int(c["weight"]),
                max_points=int(c["max_points"]),
                levels=[
                    {"points": p, "description": str(d).strip()}
                    for p, d in enumerate(c.get("levels", []))
                ],
                source=c.get("source", Source.OPINION),
            )
            for i, c in enumerate(criteria, start=1)
        ]
    )


@transaction.atomic
def rubric_publish(*, actor: User, rubric: Rubric, shared: bool = True) -> Rubric:
    """A superior court offers its rubric to its subordinate courts (or withdraws the offer)."""
    _own_court(actor, rubric.court)
    if shared and not rubric.court.children.exists():
        raise ValidationError("本院没有下级法院，无需发布。")
    rubric.shared = shared
    rubric.save(update_fields=["shared"])
    audit_record(
        code="rubric.publish", actor=actor, obj=rubric, court=rubric.court, after={"shared": shared}
    )
    return rubric


def adoptable_rubrics(court: Court):
    """Rubrics a superior court of ``court`` has published (the latest version of each court)."""
    rows = Rubric.objects.filter(shared=True, court__path__in=_ancestor_paths(court))
    return rows.select_related("court").order_by("court__path", "-version")


def _ancestor_paths(court: Court) -> list[str]:
    paths, parent = [], court.parent
    while parent is not None:
        paths.append(parent.path)
        parent = parent.parent
    return paths


@transaction.atomic
def rubric_adopt(*, actor: User, source: Rubric) -> Rubric:
    """Adopt a rubric a superior court published: a copy becomes this court's next version."""
    court = actor.court
    _own_court(actor, court)
    if not source.shared or source.court.path not in _ancestor_paths(court):
        raise PermissionDenied("只能采用上级法院已发布的评分标准。")
    rubric = _create(
        court=court,
        name=source.name,
        criteria=criteria_of(source),
        actor=actor,
        adopted_from=source,
        note=f"采用{source.court.name}第{source.version}版",
    )
    audit_record(
        code="rubric.adopt",
        actor=actor,
        obj=rubric,
        court=court,
        after={"from_court": source.court.code, "from_version": source.version},
    )
    return rubric


def weighted_total(parts: list[tuple[Criterion, int]]) -> float:
    """Σ weight × points / max ÷ Σ weight, on 100."""
    weights = sum(c.weight for c, _ in parts)
    if not weights:
        return 0.0
    return round(sum(c.weight * p / c.max_points for c, p in parts) / weights * 100, 1)


@transaction.atomic
def score_record(
    *, actor: User, suggestion: Suggestion, points: dict[str, int], comment: str = ""
) -> Score:
    """The research office (or a panel member) scores a signed letter under the court's current
    rubric; criteria computed from the record are computed here, not given. Scoring again
    replaces the same member's score (and keeps the audit of both)."""
    policy.require(actor, suggestion, "score")
    rubric = current_rubric(suggestion.court)
    if rubric is None:
        raise ValidationError("本院尚未设置评分标准，请先在“考评 · 评分标准”中创建或采用。")
    previous = Score.objects.filter(suggestion=suggestion, scorer=actor).first()
    parts: list[tuple[Criterion, int, str]] = []
    for criterion in rubric.criteria.all():
        if criterion.computed:
            result = compute(suggestion, criterion)
            parts.append((criterion, result.points, result.reason))
            continue
        value = points.get(criterion.key)
        if value is None:
            raise ValidationError(f"请为“{criterion.name}”评分。")
        if not 0 <= int(value) <= criterion.max_points:
            raise ValidationError(f"“{criterion.name}”的得分应在 0–{criterion.max_points} 之间。")
        parts.append((criterion, int(value), ""))
    total = weighted_total([(c, p) for c, p, _ in parts])
    before = None
    if previous is not None:
        before = {
            "rubric": previous.rubric_id,
            "total": previous.total,
            "comment": previous.comment,
        }
        previous.delete()
    score = Score.objects.create(
        suggestion=suggestion, rubric=rubric, scorer=actor, total=total, comment=comment.strip()
    )
    CriterionScore.objects.bulk_create(
        [CriterionScore(score=score, criterion=c, points=p, reason=r) for c, p, r in parts]
    )
    audit_record(
        code="score.record",
        actor=actor,
        obj=suggestion,
        court=suggestion.court_id,
        before=before,
        after={
            "rubric": f"{rubric.court.code} 第{rubric.version}版",
            "total": total,
            "points": {c.key: p for c, p, _ in parts},
            "comment": comment.strip(),
        },
    )
    return score
