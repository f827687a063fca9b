"""反向追溯: for an issued (or shared) suggestion, find the court's own closed cases of the
same kind, within a period, that raised no suggestion or clue; rank them by similarity to the
suggestion's problems and cases; group per judge and division; record reminder talks."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from fengqiao.audit.services import audit_record
from fengqiao.cases.models import Case
from fengqiao.courts.models import User
from fengqiao.courts.permissions import require_permission
from fengqiao.mining.models import BacktraceHit, BacktraceReminder, BacktraceRun
from fengqiao.mining.similar.engine import CandidateDoc, SimilarEngine
from fengqiao.suggestions.models import State, Suggestion

MAX_CANDIDATES = 5000
MAX_HITS = 200
PRESIDING = ("审判长", "审判员", "独任审判员", "代理审判员")


def _query_text(suggestion: Suggestion) -> str:
    version = suggestion.latest_version()
    content = version.content if version else {}
    parts = [suggestion.title, *content.get("background", [])]
    for item in content.get("problems", []):
        parts += [item.get("heading", ""), item.get("body", "")]
    for case in suggestion.cases.all()[:3]:
        parts.append(case.sections.get("facts") or case.full_text[:3000])
    return "\n".join(p for p in parts if p)


def _kind_filter(suggestion: Suggestion) -> Q:
    causes = {c for c in suggestion.cases.values_list("cause", flat=True) if c}
    if suggestion.clue_id:
        causes |= {c for c in suggestion.clue.cases.values_list("cause", flat=True) if c}
    condition = Q(cause__in=causes) if causes else Q(pk__in=[])
    if suggestion.domain:
        condition |= Q(domain=suggestion.domain)
    return condition


def presiding_judge(judges: list) -> str:
    for role in PRESIDING:
        for entry in judges:
            if len(entry) == 2 and entry[0] == role:
                return entry[1]
    return judges[0][1] if judges and len(judges[0]) == 2 else ""


def handling_judge(case: Case, people: dict[str, User]) -> tuple[str, User | None, str]:
    """(name, person, division) of the judge a hit is attributed to: the case-management
    record's 承办法官 and 承办部门 when it has them, else the presiding judge of the judgment
    text matched by name to the court's people."""
    user = case.judge
    name = (user.full_name if user else "") or case.judge_name or presiding_judge(case.judges)
    user = user or people.get(name)
    division = (
        (case.division.name if case.division else "")
        or case.division_name
        or (user.division.name if user and user.division else "")
    )
    return name, user, division


@transaction.atomic
def backtrace_start(
    *, actor, suggestion: Suggestion, period_from: date, period_to: date
) -> BacktraceRun:
    require_permission(actor, "backtrace.manage")
    if suggestion.state in (State.DRAFTING, State.IN_REVIEW, State.WITHDRAWN):
        raise ValidationError("只能以已签发的司法建议为样本进行反向追溯。")
    if period_from > period_to:
        raise ValidationError("起止日期不正确。")
    run = BacktraceRun.objects.create(
        court_id=actor.court_id,
        suggestion=suggestion,
        period_from=period_from,
        period_to=period_to,
        created_by=actor,
    )
    audit_record(
        code="backtrace.start",
        actor=actor,
        obj=run,
        court=run.court_id,
        after={"suggestion": suggestion.pk, "from": period_from, "to": period_to},
    )
    transaction.on_commit(lambda: _enqueue(run.pk))
    return run


def _enqueue(run_id: int) -> None:
    from fengqiao.mining.tasks import run_backtrace

    run_backtrace(run_id)


def backtrace_execute(run: BacktraceRun) -> int:
    """The job: rank candidates and store the hits. Safe to re-run (replaces the hits)."""
    BacktraceRun.objects.filter(pk=run.pk).update(status=BacktraceRun.Status.RUNNING)
    try:
        suggestion = run.suggestion
        candidates = list(
            Case.objects.filter(
                owner_id=run.court_id,
                decided_on__gte=run.period_from,
                decided_on__lte=run.period_to,
                suggestions__isnull=True,
                clues__isnull=True,
            )
            .filter(_kind_filter(suggestion))
            .exclude(pk__in=suggestion.cases.values("pk"))
            .select_related("judge__division", "division")
            .only(
                "id",
                "full_text",
                "sections",
                "cause",
                "domain",
                "judges",
                "judge_name",
                "division_name",
                "judge__full_name",
                "judge__division__name",
                "division__name",
            )
            .order_by("-decided_on")[:MAX_CANDIDATES]
        )
        docs = [
            CandidateDoc(
                id=str(c.pk), text=c.full_text, cause=c.cause or None, domain=c.domain or None
            )
            for c in candidates
        ]
        hits = [h for h in SimilarEngine().rank(_query_text(suggestion), docs) if h.score > 0]
        by_id = {c.pk: c for c in candidates}
        judges = {
            u.full_name: u
            for u in User.objects.filter(court_id=run.court_id).select_related("division")
            if u.full_name
        }
        rows = []
        for hit in hits[:MAX_HITS]:
            case = by_id[int(hit.id)]
            name, user, division = handling_judge(case, judges)
            rows.append(
                BacktraceHit(
                    run=run,
                    case=case,
                    score=hit.score,
                    reasons=list(hit.reasons),
                    judge_name=name,
                    judge=user,
                    division_name=division,
                )
            )
        with transaction.atomic():
            BacktraceHit.objects.filter(run=run).delete()
            BacktraceHit.objects.bulk_create(rows)
            BacktraceRun.objects.filter(pk=run.pk).update(
                status=BacktraceRun.Status.FINISHED,
                candidates=len(candidates),
                finished_at=timezone.now(),
                error="",
            )
            audit_record(
                code="backtrace.run",
                obj=run,
                court=run.court_id,
                after={
                    "suggestion": run.suggestion_id,
                    "candidates": len(candidates),
                    "hits": len(rows),
                    "judges": len({r.judge_name for r in rows if r.judge_name}),
                },
            )
        return len(rows)
    except Exception as error:
        with transaction.atomic():
            BacktraceRun.objects.filter(pk=run.pk).update(
                status=BacktraceRun.Status.FAILED, error=repr(error)[:2000]
            )
            audit_record(
                code="backtrace.run_failed",
                obj=run,
                court=run.court_id,
                after={"error": repr(error)[:500]},
            )
        raise


@transaction.atomic
def reminder_record(
    *, actor, run: BacktraceRun, judge_name: str, talked_on: date, note: str, response: str = ""
) -> BacktraceReminder:
    require_permission(actor, "backtrace.manage")
    if actor.court_id != run.court_id:
        raise PermissionDenied("只能记录本院的谈话提醒。")
    if not run.hits.filter(judge_name=judge_name).exists():
        raise ValidationError("该法官不在本次追溯结果中。")
    if not note.strip():
        raise ValidationError("请填写谈话内容。")
    reminder = BacktraceReminder.objects.create(
        run=run,
        judge_name=judge_name,
        talked_on=talked_on,
        talked_by=actor,
        note=note.strip(),
        response=response.strip(),
    )
    audit_record(
        code="backtrace.talk",
        actor=actor,
        obj=reminder,
        court=run.court_id,
        after={"judge": judge_name, "talked_on": talked_on},
    )
    return reminder
