"""Class-case push (类案推送) for one case: similar cases and suggestions sent on such cases."""

from __future__ import annotations

from collections import OrderedDict
from functools import lru_cache

from django.db.models import Q

from fengqiao.cases.models import Case
from fengqiao.cases.selectors import cases_visible
from fengqiao.mining.similar.engine import CandidateDoc, SimilarEngine, apply_metadata
from fengqiao.mining.similar.profile import CaseProfile
from fengqiao.suggestions.models import State
from fengqiao.suggestions.selectors import suggestions_visible

CANDIDATE_LIMIT = 300


def similar_cases(user, case: Case, k: int = 8) -> list[tuple[Case, float, tuple[str, ...]]]:
    same_kind = Q(cause=case.cause) if case.cause else Q(domain=case.domain)
    # the newest candidates' ids from the (owner, cause|domain, decided_on) index first, then
    # the texts of those only: sorting whole rows would read every text of a common 案由
    ids = list(
        cases_visible(user)
        .filter(same_kind)
        .exclude(pk=case.pk)
        .order_by("-decided_on", "-id")
        .values_list("id", flat=True)[:CANDIDATE_LIMIT]
    )
    candidates = list(
        Case.objects.filter(pk__in=ids)
        .only("id", "content_hash", "cause", "domain", "case_no", "court_name", "decided_on")
        .order_by("-decided_on", "-id")
    )
    engine = _engine()
    texts = dict(
        Case.objects.filter(
            pk__in=[c.pk for c in candidates if (c.pk, c.content_hash) not in _PROFILES]
        ).values_list("id", "full_text")
    )
    profiles = [
        (
            str(c.pk),
            apply_metadata(
                _profile(engine, c, texts),
                CandidateDoc(id=str(c.pk), text="", cause=c.cause or None, domain=c.domain or None),
            ),
        )
        for c in candidates
    ]
    query = _profile(engine, case, {case.pk: case.full_text})
    by_id = {c.pk: c for c in candidates}
    hits = engine.rank_profiles(query, profiles)[:k]
    return [(by_id[int(h.id)], h.score, h.reasons) for h in hits if h.score > 0]


# Parsed profiles of recently ranked cases, per process: the cases of one 案由 are candidates
# for each other, and parsing 300 judgments is most of a 类案推送's cost. Keyed by content.
PROFILE_CACHE_SIZE = 5000
_PROFILES: OrderedDict[tuple[int, str], CaseProfile] = OrderedDict()


@lru_cache(maxsize=1)
def _engine() -> SimilarEngine:
    return SimilarEngine()


def _profile(engine: SimilarEngine, case: Case, texts: dict[int, str]) -> CaseProfile:
    key = (case.pk, case.content_hash)
    found = _PROFILES.get(key)
    if found is not None:
        _PROFILES.move_to_end(key)
        return found
    profile = engine.profile(texts[case.pk])
    _PROFILES[key] = profile
    while len(_PROFILES) > PROFILE_CACHE_SIZE:
        _PROFILES.popitem(last=False)
    return profile


def suggestions_on_similar(user, case: Case, similar_ids: list[int], k: int = 5):
    related = Q(cases__in=similar_ids)
    if case.cause:
        related |= Q(cases__cause=case.cause)
    return (
        suggestions_visible(user)
        .exclude(state__in=[State.DRAFTING, State.IN_REVIEW, State.WITHDRAWN])
        .filter(related)
        .distinct()
        .select_related("recipient")[:k]
    )


def _cases_per_day(cases) -> dict:
    """Decided cases per day, counted in the database: one row per day, not per case."""
    from django.db.models import Count

    rows = cases.order_by().values("decided_on").annotate(n=Count("id"))
    return {row["decided_on"]: row["n"] for row in rows}


def court_case_days(court_id: int) -> tuple:
    """(first decision date, decided cases per day) of a court: what every effect measurement
    of the court's letters compares against; compute once for many letters."""
    from django.db.models import Min

    court_cases = Case.objects.filter(owner_id=court_id, decided_on__isnull=False)
    first = court_cases.aggregate(first=Min("decided_on"))["first"]
    return first, _cases_per_day(court_cases)


def suggestion_effect(suggestion, *, court_days: tuple | None = None):
    """Effect of a delivered suggestion on its target class of cases (its cases' 案由 in the
    issuing court), against the court's other cases as the trend. ``court_days``:
    :func:`court_case_days` of the letter's court, when measuring many letters of one court."""
    from django.utils import timezone

    from fengqiao.mining.effect import measure_effect

    if suggestion.delivered_on is None:
        return None
    causes = sorted({c for c in suggestion.cases.values_list("cause", flat=True) if c})
    if suggestion.clue_id:
        causes = sorted(
            set(causes) | {c for c in suggestion.clue.cases.values_list("cause", flat=True) if c}
        )
    if not causes:
        return None
    first, total = court_days or court_case_days(suggestion.court_id)
    court_cases = Case.objects.filter(owner_id=suggestion.court_id, decided_on__isnull=False)
    target = _cases_per_day(court_cases.filter(cause__in=causes))
    others = {day: n - target.get(day, 0) for day, n in total.items() if n > target.get(day, 0)}
    return measure_effect(
        target,
        suggestion.delivered_on,
        others,
        data_from=first,
        data_to=timezone.localdate(),
        subject=f"{'、'.join(causes[:3])}案件",
    )
