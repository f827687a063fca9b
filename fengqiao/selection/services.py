"""Every write of a selection round: open, reviewers, nominate, withdraw, start the review
(codes and assignment), submit a score, publish the results — each checked (policy.py),
validated (Chinese messages), in one transaction and audited."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from fengqiao.audit.services import audit_record
from fengqiao.courts.models import User
from fengqiao.evaluation import rules as evaluation_rules
from fengqiao.evaluation.models import Criterion, Rubric
from fengqiao.library import sharing
from fengqiao.selection import blind, policy, scoring
from fengqiao.selection.models import Nomination, Review, Round, Tier
from fengqiao.suggestions.models import Suggestion

MAX_RECOMMENDATION = 500
MAX_COMMENT = 1000


def _today() -> date:
    return timezone.localdate()


def _d(value: date) -> str:
    return f"{value:%Y年%m月%d日}".replace("年0", "年").replace("月0", "月")


def _criteria_from(rubric: Rubric | None) -> tuple[list[dict[str, Any]], str]:
    from fengqiao.evaluation.services import criteria_of, default_criteria

    if rubric is None:
        return default_criteria(), f"{evaluation_rules.DEFAULT_RUBRIC_NAME}（默认）"
    return criteria_of(rubric), f"{rubric.court.name} {rubric}"


def _notify_after_commit(round_: Round, kind: str, messages: dict[int, str]) -> None:
    """In-app messages (the lifecycle's Notification), sent once the round's change is in."""

    def send() -> None:
        from fengqiao.suggestions.reminders import notify

        for user in User.objects.filter(pk__in=list(messages)):
            notify(
                user=user,
                suggestion=None,
                kind=kind,
                key=f"round{round_.pk}",
                message=messages[user.pk],
            )

    transaction.on_commit(send)


@transaction.atomic
def round_open(
    *,
    actor: User,
    name: str,
    period_start: date,
    period_end: date,
    nomination_deadline: date,
    review_deadline: date,
    quota: int,
    awards: tuple[int, int, int, int],
    rubric: Rubric | None = None,
) -> Round:
    policy.require_open(actor)
    name = (name or "").strip()
    if not name:
        raise ValidationError("请填写评选名称。")
    if len(name) > 100:
        raise ValidationError("评选名称不能超过 100 个字。")
    if period_start > period_end:
        raise ValidationError("参评期间的开始日期不能晚于结束日期。")
    if nomination_deadline < _today():
        raise ValidationError("推荐截止日期不能早于今天。")
    if review_deadline < nomination_deadline:
        raise ValidationError("评审截止日期不能早于推荐截止日期。")
    if not 1 <= int(quota) <= 50:
        raise ValidationError("每院推荐名额应在 1–50 件之间。")
    if any(int(a) < 0 or int(a) > 100 for a in awards) or sum(int(a) for a in awards) < 1:
        raise ValidationError("各等次奖项名额应为 0–100 的整数，且至少设一个奖项。")
    if rubric is not None and rubric.court_id != actor.court_id:
        raise ValidationError("只能选用本院的评分标准（或默认标准）。")
    criteria, label = _criteria_from(rubric)
    if not any(c.get("source", "opinion") == "opinion" for c in criteria):
        raise ValidationError("所选评分标准没有由评审人评定的评分项。")
    first, second, third, merit = (int(a) for a in awards)
    round_ = Round.objects.create(
        organiser_id=actor.court_id,
        name=name,
        period_start=period_start,
        period_end=period_end,
        rubric=rubric,
        rubric_label=label[:150],
        criteria=criteria,
        awards_first=first,
        awards_second=second,
        awards_third=third,
        awards_merit=merit,
        nomination_deadline=nomination_deadline,
        review_deadline=review_deadline,
        quota=int(quota),
        created_by=actor,
    )
    audit_record(
        actor=actor,
        code="selection.open",
        obj=round_,
        court=actor.court_id,
        after={
            "name": name,
            "period": [str(period_start), str(period_end)],
            "rubric": label,
            "awards": [first, second, third, merit],
            "deadlines": [str(nomination_deadline), str(review_deadline)],
            "quota": round_.quota,
        },
    )
    return round_


def eligible_reviewers(round_: Round):
    """The court users of the organiser's subtree (active, not recipients); the organiser
    court's research office is refused by round_set_reviewers (it sees who nominated what)."""
    return (
        User.objects.filter(
            is_active=True,
            court__path__startswith=round_.organiser.path,
            recipient_unit__isnull=True,
        )
        .select_related("court")
        .order_by("court__path", "username")
    )


@transaction.atomic
def round_set_reviewers(*, actor: User, round_: Round, reviewer_ids: list[int]) -> Round:
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    policy.require_organiser(actor, round_)
    if round_.state != Round.State.COLLECTING:
        raise ValidationError("评审已经开始，不能再更改评审人。")
    ids = sorted({int(i) for i in reviewer_ids})
    candidates = list(eligible_reviewers(round_).filter(pk__in=ids))
    if len(candidates) != len(ids):
        raise ValidationError("评审人只能从本院及辖区法院的在职人员中选择。")
    organisers = [u.display_name for u in candidates if policy.is_organiser(u, round_)]
    if organisers:
        raise ValidationError(
            f"组织评选的研究室人员能看到各作品的推荐法院，不能担任评审人：{'、'.join(organisers)}。"
        )
    found = [u.pk for u in candidates]
    if len(found) < scoring.REVIEWERS_PER_ENTRY:
        raise ValidationError(f"至少需要选择 {scoring.REVIEWERS_PER_ENTRY} 名评审人。")
    before = sorted(round_.reviewers.values_list("pk", flat=True))
    round_.reviewers.set(found)
    audit_record(
        actor=actor,
        code="selection.reviewers",
        obj=round_,
        court=round_.organiser_id,
        before={"reviewers": before},
        after={"reviewers": sorted(found)},
    )
    return round_


def _computed(round_: Round, suggestion: Suggestion) -> dict[str, dict[str, Any]]:
    """The record-computed criteria of the round's rubric (格式、及时性、事前沟通), once per
    entry: the reviewers score only the criteria of opinion."""
    from fengqiao.evaluation.computed import compute

    out = {}
    pairs = blind.replacements(suggestion)  # the reasons are shown to the reviewers: blind too
    for c in round_.criteria:
        if c.get("source", "opinion") == "opinion":
            continue
        criterion = Criterion(
            key=c["key"],
            name=c["name"],
            weight=c["weight"],
            max_points=c["max_points"],
            source=c["source"],
        )
        result = compute(suggestion, criterion)
        out[c["key"]] = {"points": result.points, "reason": blind.mask(result.reason, pairs)}
    return out


@transaction.atomic
def nomination_create(
    *, actor: User, round_: Round, suggestion: Suggestion, recommendation: str
) -> Nomination:
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    policy.require_nominator(actor, round_)
    if round_.state != Round.State.COLLECTING:
        raise ValidationError("本次评选已停止征集，不能再推荐。")
    if _today() > round_.nomination_deadline:
        raise ValidationError(f"推荐已于{_d(round_.nomination_deadline)}截止。")
    if suggestion.court_id != actor.court_id:
        raise ValidationError("只能推荐本院制发的司法建议。")
    if not sharing.is_issued(suggestion):
        raise ValidationError("只能推荐已签发编号并送达的司法建议。")
    issued = suggestion.issued_on
    if issued is None or not round_.period_start <= issued <= round_.period_end:
        raise ValidationError(
            f"该建议的成文日期{('为' + _d(issued)) if issued else '不明'}，"
            f"不在本次评选的期间（{_d(round_.period_start)}至{_d(round_.period_end)}）内。"
        )
    if Nomination.objects.filter(round=round_, suggestion=suggestion).exists():
        raise ValidationError("该建议已经推荐参加本次评选，不能重复推荐。")
    used = Nomination.objects.filter(round=round_, court_id=actor.court_id).count()
    if used >= round_.quota:
        raise ValidationError(f"本院的推荐名额（{round_.quota} 件）已用完。")
    recommendation = (recommendation or "").strip()
    if not recommendation:
        raise ValidationError("请填写推荐理由。")
    if len(recommendation) > MAX_RECOMMENDATION:
        raise ValidationError(f"推荐理由不能超过 {MAX_RECOMMENDATION} 个字。")
    nomination = Nomination.objects.create(
        round=round_,
        suggestion=suggestion,
        court_id=actor.court_id,
        recommendation=recommendation,
        nominated_by=actor,
        blind=blind.blind_sections(suggestion),
        computed=_computed(round_, suggestion),
    )
    audit_record(
        actor=actor,
        code="selection.nominate",
        obj=nomination,
        court=actor.court_id,
        after={
            "round": round_.pk,
            "suggestion": suggestion.pk,
            "doc_number": suggestion.doc_number,
        },
    )
    return nomination


@transaction.atomic
def nomination_withdraw(*, actor: User, nomination: Nomination) -> None:
    round_ = Round.objects.select_for_update().get(pk=nomination.round_id)
    policy.require_nominator(actor, round_)
    if nomination.court_id != actor.court_id:
        raise ValidationError("只能撤回本院的推荐。")
    if round_.state != Round.State.COLLECTING:
        raise ValidationError("评审已经开始，不能撤回推荐。")
    audit_record(
        actor=actor,
        code="selection.withdraw",
        obj=nomination,
        court=actor.court_id,
        before={"round": round_.pk, "suggestion": nomination.suggestion_id},
    )
    nomination.delete()


@transaction.atomic
def review_start(*, actor: User, round_: Round) -> Round:
    """Close the collection: codes for the entries and the reviewers of each (scoring.assign)."""
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    policy.require_organiser(actor, round_)
    if round_.state != Round.State.COLLECTING:
        raise ValidationError("本次评选已经开始评审。")
    if _today() < round_.nomination_deadline:
        raise ValidationError(
            f"推荐截止日期（{_d(round_.nomination_deadline)}）前不能开始评审；"
            "截止当天及以后方可开始。"
        )
    nominations = list(round_.nominations.order_by("nominated_at", "pk"))
    if not nominations:
        raise ValidationError("还没有任何推荐作品，不能开始评审。")
    codes = scoring.entry_codes(round_.pk, [n.pk for n in nominations])
    for n in nominations:
        n.code = codes[n.pk]
    Nomination.objects.bulk_update(nominations, ["code"])
    nominations.sort(key=lambda n: n.code)
    reviewers = list(round_.reviewers.filter(is_active=True).values_list("pk", "court_id"))
    try:
        plan = scoring.assign([(n.pk, n.court_id) for n in nominations], reviewers)
    except scoring.NotEnoughReviewers as exc:
        entry = next(n for n in nominations if n.pk == exc.entry)
        raise ValidationError(
            f"{entry.label}回避推荐法院后只有 {exc.eligible} 名评审人，"
            f"每件作品至少需要 {scoring.REVIEWERS_PER_ENTRY} 名，请增加其他法院的评审人。"
        ) from None
    Review.objects.bulk_create(
        [Review(nomination_id=key, reviewer_id=uid) for key, uids in plan.items() for uid in uids]
    )
    tasks: dict[int, int] = {}
    for uids in plan.values():
        for uid in uids:
            tasks[uid] = tasks.get(uid, 0) + 1
    _notify_after_commit(
        round_,
        "selection_review",
        {
            uid: f"您有 {n} 件“{round_.name}”参评作品待匿名评审，"
            f"请于{_d(round_.review_deadline)}前完成（菜单：优秀建议评选）。"
            for uid, n in tasks.items()
        },
    )
    round_.state = Round.State.REVIEWING
    round_.review_started_at = timezone.now()
    round_.save(update_fields=["state", "review_started_at"])
    audit_record(
        actor=actor,
        code="selection.review_start",
        obj=round_,
        court=round_.organiser_id,
        after={"entries": len(nominations), "assignments": sum(len(v) for v in plan.values())},
    )
    return round_


@transaction.atomic
def review_reassign(*, actor: User, review: Review, reviewer_id: int) -> Review:
    """The organiser hands an assignment not yet scored to another reviewer (one who is ill,
    leaves, or will miss the deadline): the same rules as the assignment — a court user of the
    subtree, not of the entry's court, not the organiser's research office, not already on this
    entry. The new reviewer joins the panel and is told; the old one no longer sees the entry."""
    review = (
        Review.objects.select_for_update()
        .select_related("nomination__round", "reviewer")
        .get(pk=review.pk)
    )
    nomination = review.nomination
    round_ = nomination.round
    policy.require_organiser(actor, round_)
    if round_.state != Round.State.REVIEWING:
        raise ValidationError("本次评选不在评审阶段，不能改派评审任务。")
    if review.submitted_at is not None:
        raise ValidationError("该评审人已提交评分，不能改派。")
    new = eligible_reviewers(round_).filter(pk=reviewer_id).first()
    if new is None:
        raise ValidationError("评审人只能从本院及辖区法院的在职人员中选择。")
    if policy.is_organiser(new, round_):
        raise ValidationError(
            f"组织评选的研究室人员能看到各作品的推荐法院，不能担任评审人：{new.display_name}。"
        )
    if new.court_id == nomination.court_id:
        raise ValidationError(
            f"{new.display_name}与{nomination.label}的推荐法院同属一院，应当回避。"
        )
    if nomination.reviews.filter(reviewer=new).exists():
        raise ValidationError(f"{new.display_name}已是{nomination.label}的评审人。")
    before = review.reviewer_id
    review.reviewer = new
    review.save(update_fields=["reviewer"])
    round_.reviewers.add(new)
    _notify_after_commit(
        round_,
        "selection_review",
        {
            new.pk: f"您有 1 件“{round_.name}”参评作品（改派）待匿名评审，"
            f"请于{_d(round_.review_deadline)}前完成（菜单：优秀建议评选）。"
        },
    )
    audit_record(
        actor=actor,
        code="selection.review_reassign",
        obj=round_,
        court=round_.organiser_id,
        before={"entry": nomination.code, "reviewer": before},
        after={"entry": nomination.code, "reviewer": new.pk},
    )
    return review


def review_total(round_: Round, nomination: Nomination, points: dict[str, int]) -> float:
    """Σ weight × points / max ÷ Σ weight, on 100 (evaluation's rule), the computed criteria
    taken from the record."""
    weights = total = 0.0
    for c in round_.criteria:
        if c.get("source", "opinion") == "opinion":
            value = points[c["key"]]
        else:
            value = nomination.computed.get(c["key"], {}).get("points", 0)
        weights += c["weight"]
        total += c["weight"] * value / c["max_points"]
    return round(total / weights * 100, 1) if weights else 0.0


@transaction.atomic
def review_submit(
    *,
    actor: User,
    review: Review,
    points: dict[str, Any],
    remarks: dict[str, str] | None = None,
    comment: str = "",
) -> Review:
    review = (
        Review.objects.select_for_update().select_related("nomination__round").get(pk=review.pk)
    )
    policy.require_reviewer(actor, review)
    nomination = review.nomination
    round_ = nomination.round
    if round_.state != Round.State.REVIEWING:
        raise ValidationError("本次评选不在评审阶段。")
    if _today() > round_.review_deadline:
        raise ValidationError(f"评审已于{_d(round_.review_deadline)}截止。")
    if review.submitted_at is not None:
        raise ValidationError("您已提交过该作品的评分，不能修改。")
    clean: dict[str, int] = {}
    for c in round_.opinion_criteria:
        raw = points.get(c["key"])
        try:
            value = int(str(raw).strip())
        except (TypeError, ValueError):
            raise ValidationError(f"请为“{c['name']}”评分。") from None
        if not 0 <= value <= c["max_points"]:
            raise ValidationError(f"“{c['name']}”的得分应在 0–{c['max_points']} 之间。")
        clean[c["key"]] = value
    remarks = {
        k: str(v).strip()[:MAX_COMMENT]
        for k, v in (remarks or {}).items()
        if k in clean and str(v).strip()
    }
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError("请填写总体评语。")
    review.points = clean
    review.remarks = remarks
    review.comment = comment[:MAX_COMMENT]
    review.total = review_total(round_, nomination, clean)
    review.submitted_at = timezone.now()
    review.save()
    audit_record(
        actor=actor,
        code="selection.review_submit",
        obj=review,
        object_label=f"{round_.name} {nomination.label}",
        court=round_.organiser_id,
        after={"entry": nomination.label, "points": clean, "total": review.total},
    )
    return review


def compute_results(round_: Round) -> list[scoring.EntryResult]:
    """The ranking from the submitted scores (provisional until published)."""
    nominations = list(round_.nominations.order_by("code", "pk"))
    totals: dict[int, list[float]] = {n.pk: [] for n in nominations}
    for nid, total in (
        Review.objects.filter(nomination__round=round_, submitted_at__isnull=False)
        .order_by("pk")
        .values_list("nomination_id", "total")
    ):
        totals[nid].append(total)
    entries = [
        scoring.entry_result(n.pk, (n.nominated_at, n.pk), totals[n.pk]) for n in nominations
    ]
    return scoring.rank_entries(entries, round_.awards)


@transaction.atomic
def results_publish(*, actor: User, round_: Round) -> Round:
    """Rank, give the tiers, flag the outliers, publish to the subtree; the winners get the
    优秀 label in the library (their entry created, pending the court's own release, when the
    court had not shared the letter) and count in 考评 (evaluation.rules.AWARD_POINTS)."""
    from fengqiao.library import services as library

    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    policy.require_organiser(actor, round_)
    if round_.state != Round.State.REVIEWING:
        raise ValidationError("只有评审中的评选可以公布结果。")
    short = [
        n.label
        for n in round_.nominations.order_by("code")
        if n.reviews.filter(submitted_at__isnull=False).count() < scoring.REVIEWERS_PER_ENTRY
    ]
    if short:
        raise ValidationError(
            f"以下作品的有效评分不足 {scoring.REVIEWERS_PER_ENTRY} 份，暂不能公布结果："
            + "、".join(short)
        )
    results = compute_results(round_)
    by_id = {n.pk: n for n in round_.nominations.all()}
    for r in results:
        n = by_id[r.key]
        n.mean, n.median, n.minimum, n.rank, n.tier = r.mean, r.median, r.minimum, r.rank, r.tier
    Nomination.objects.bulk_update(
        list(by_id.values()), ["mean", "median", "minimum", "rank", "tier"]
    )
    reviews = list(
        Review.objects.filter(nomination__round=round_, submitted_at__isnull=False).order_by("pk")
    )
    flags = {r.key: list(r.outliers) for r in results}
    for review in reviews:
        review.outlier = flags[review.nomination_id].pop(0)
    Review.objects.bulk_update(reviews, ["outlier"])
    winners = [by_id[r.key] for r in results if r.tier]
    for n in winners:
        library.entry_ensure(actor=actor, suggestion=n.suggestion)
    labels = dict(Tier.choices)
    for n in winners:
        library.entries_mark_excellent(
            actor=actor,
            suggestion_ids=[n.suggestion_id],
            note=f"{round_.name}{labels[n.tier]}",
        )
    nominators = User.objects.filter(
        is_active=True,
        court_id__in={n.court_id for n in by_id.values()},
        role_grants__role="research",
    ).values_list("pk", flat=True)
    _notify_after_commit(
        round_,
        "selection_results",
        {uid: f"“{round_.name}”评选结果已公布（菜单：优秀建议评选）。" for uid in set(nominators)},
    )
    round_.state = Round.State.FINISHED
    round_.published_at = timezone.now()
    round_.published_by = actor
    round_.save(update_fields=["state", "published_at", "published_by"])
    audit_record(
        actor=actor,
        code="selection.publish",
        obj=round_,
        court=round_.organiser_id,
        after={
            "ranking": [
                {"entry": by_id[r.key].label, "mean": r.mean, "tier": r.tier} for r in results
            ],
            "outliers": sum(1 for r in reviews if r.outlier),
        },
    )
    return round_
