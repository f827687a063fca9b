"""反向追溯: same-kind closed cases without a suggestion, grouped per judge, with reminders."""

from __future__ import annotations

import io
from collections import Counter
from datetime import date

import pytest
from django.urls import reverse

from fengqiao.cases.models import Case
from fengqiao.cases.services import import_cases
from fengqiao.mining import backtrace
from fengqiao.mining.models import BacktraceRun
from fengqiao.suggestions import services
from fengqiao.suggestions.models import Category
from tests.suggestions.conftest import make


@pytest.fixture
def corpus(world, generated_dir, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    import_cases(paths=[generated_dir], owner=world.basic)
    cause, _ = Counter(Case.objects.exclude(cause="").values_list("cause", flat=True)).most_common(
        1
    )[0]
    return cause


@pytest.fixture
def generated_dir(tmp_path):
    import json

    from fengqiao.demo.generator import generate_judgments

    out = tmp_path / "generated"
    out.mkdir()
    with open(out / "cases.jsonl", "w", encoding="utf-8") as handle:
        for text in generate_judgments(
            150, seed=5, courts=[("连云港经济技术开发区人民法院", "苏0791")]
        ):
            handle.write(json.dumps({"fullText": text}, ensure_ascii=False) + "\n")
    return out


def _signed_suggestion(world, cause):
    sample, flagged = Case.objects.filter(cause=cause).order_by("id")[:2]
    suggestion = make(world, category=Category.CLASS, upto="signed")
    suggestion.cases.set([sample])
    clue = services.clue_create(
        actor=world.users["judge"],
        title="已提线索的案件",
        problem="已经提出过线索",
        cases=[flagged],
    )
    return suggestion, sample, flagged, clue


def test_backtrace_finds_same_kind_cases_without_suggestions(world, corpus):
    suggestion, sample, flagged, _ = _signed_suggestion(world, corpus)
    run = backtrace.backtrace_start(
        actor=world.users["research"],
        suggestion=suggestion,
        period_from=date(2000, 1, 1),
        period_to=date(2100, 1, 1),
    )
    found = backtrace.backtrace_execute(run)
    run.refresh_from_db()
    assert run.status == BacktraceRun.Status.FINISHED and found > 0
    hits = list(run.hits.select_related("case"))
    ids = {h.case_id for h in hits}
    assert sample.pk not in ids and flagged.pk not in ids
    assert all(h.case.cause == corpus or h.case.domain == suggestion.domain for h in hits)
    assert all(h.case.owner_id == world.basic.pk for h in hits)
    scores = [h.score for h in run.hits.order_by("-score")]
    assert scores == sorted(scores, reverse=True)
    assert all(h.judge_name for h in hits)
    # running again replaces, never duplicates
    assert backtrace.backtrace_execute(run) == found and run.hits.count() == found


def test_backtrace_pages_reminders_and_export(world, corpus, client_for):
    suggestion, *_ = _signed_suggestion(world, corpus)
    clerk = client_for(world.users["research"])
    response = clerk.post(
        reverse("mining:backtrace_list"),
        {"suggestion": suggestion.pk, "period_from": "2000-01-01", "period_to": "2100-01-01"},
    )
    run = BacktraceRun.objects.get()
    assert response.status_code == 302
    backtrace.backtrace_execute(run)
    page = clerk.get(reverse("mining:backtrace_detail", args=[run.pk])).content.decode()
    judge = run.hits.first().judge_name
    assert judge in page and "记录谈话提醒" in page
    clerk.post(
        reverse("mining:backtrace_detail", args=[run.pk]),
        {
            "judge_name": judge,
            "talked_on": "2026-01-05",
            "note": "提醒关注物业类纠纷",
            "response": "今后注意",
        },
    )
    assert run.reminders.get().judge_name == judge
    xlsx = clerk.get(reverse("mining:backtrace_detail", args=[run.pk]), {"format": "xlsx"})
    from openpyxl import load_workbook

    rows = list(load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True))
    assert rows[0][1] == "承办法官" and len(rows) == run.hits.count() + 1
    filtered = clerk.get(reverse("mining:backtrace_detail", args=[run.pk]), {"judge": judge})
    assert filtered.status_code == 200


def test_backtrace_permissions(world, corpus, client_for):
    suggestion, *_ = _signed_suggestion(world, corpus)
    run = backtrace.backtrace_start(
        actor=world.users["research"],
        suggestion=suggestion,
        period_from=date(2000, 1, 1),
        period_to=date(2100, 1, 1),
    )
    url = reverse("mining:backtrace_detail", args=[run.pk])
    assert client_for(world.users["judge"]).get(url).status_code == 403
    assert client_for(world.users["division_head"]).get(url).status_code == 200
    assert client_for(world.users["recipient"]).get(url).status_code == 403
    other = world.users["judge_other"]
    other.role_grants.create(role="research")
    other._role_cache = None
    assert client_for(other).get(url).status_code == 404
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        backtrace.backtrace_start(
            actor=world.users["division_head"],
            suggestion=suggestion,
            period_from=date(2000, 1, 1),
            period_to=date(2100, 1, 1),
        )


def test_case_page_pushes_similar_cases_and_their_suggestions(world, corpus, client_for):
    suggestion, sample, *_ = _signed_suggestion(world, corpus)
    other = Case.objects.filter(cause=corpus).exclude(pk=sample.pk).first()
    client = client_for(world.users["judge"])
    page = client.get(reverse("cases:detail", args=[other.pk])).content.decode()
    assert reverse("cases:similar", args=[other.pk]) in page
    partial = client.get(reverse("cases:similar", args=[other.pk])).content.decode()
    assert "相似度" in partial and corpus in partial
    assert suggestion.title in partial
    outsider = client_for(world.users["judge_other"])
    assert outsider.get(reverse("cases:similar", args=[other.pk])).status_code == 404
