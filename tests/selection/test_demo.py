"""The demo gains a finished round (results, 优秀 labels) and a round in review."""

from __future__ import annotations

from fengqiao.demo.courts import load_demo
from fengqiao.demo.library import load_demo_library
from fengqiao.demo.selection import load_demo_selection
from fengqiao.demo.suggestions import load_demo_suggestions
from fengqiao.library.models import LibraryEntry
from fengqiao.selection.models import Nomination, Review, Round


def test_demo_builds_a_finished_round_and_one_in_review(db, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    load_demo()
    load_demo_suggestions()
    load_demo_library()  # letters of 海州区 and 玄武区 courts, shared
    assert load_demo_selection() == 2
    finished = Round.objects.get(state=Round.State.FINISHED)
    reviewing = Round.objects.get(state=Round.State.REVIEWING)
    assert finished.organiser.code == "苏" and reviewing.organiser.code == "苏07"
    nominating = set(
        Nomination.objects.filter(round=finished).values_list("court__code", flat=True)
    )
    assert nominating == {"苏0791", "苏0706", "苏0102"}  # three courts in two cities
    winners = Nomination.objects.filter(round=finished).exclude(tier="")
    assert winners.count() >= 2
    assert LibraryEntry.objects.filter(excellent=True).count() == winners.count()
    assert Review.objects.filter(nomination__round=finished, outlier=True).exists()
    assert (
        Review.objects.filter(nomination__round=reviewing, submitted_at__isnull=False).count() == 2
    )
    for n in Nomination.objects.filter(round__in=[finished, reviewing]).prefetch_related(
        "reviews__reviewer"
    ):
        assert n.reviews.count() >= 3
        assert all(r.reviewer.court_id != n.court_id for r in n.reviews.all())
