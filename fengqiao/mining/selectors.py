"""Class-case push (类案推送) for one case: similar cases and suggestions sent on such cases."""

from __future__ import annotations

from django.db.models import Q

from fengqiao.cases.models import Case
from fengqiao.cases.selectors import cases_visible
from fengqiao.mining.similar.engine import CandidateDoc, SimilarEngine
from fengqiao.suggestions.models import State
from fengqiao.suggestions.selectors import suggestions_visible

CANDIDATE_LIMIT = 300


def similar_cases(user, case: Case, k: int = 8) -> list[tuple[Case, float, tuple[str, ...]]]:
    same_kind = Q(cause=case.cause) if case.cause else Q(domain=case.domain)
    candidates = list(
        cases_visible(user)
        .filter(same_kind)
        .exclude(pk=case.pk)
        .only("id", "full_text", "cause", "domain", "case_no", "court_name", "decided_on")
        .order_by("-decided_on")[:CANDIDATE_LIMIT]
    )
    docs = [
        CandidateDoc(id=str(c.pk), text=c.full_text, cause=c.cause or None, domain=c.domain or None)
        for c in candidates
    ]
    by_id = {c.pk: c for c in candidates}
    hits = SimilarEngine().rank(case.full_text, docs)[:k]
    return [(by_id[int(h.id)], h.score, h.reasons) for h in hits if h.score > 0]


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
