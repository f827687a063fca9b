from __future__ import annotations

import pytest

from fengqiao.audit.services import audit_verify
from fengqiao.demo.cases import load_demo_cases
from fengqiao.demo.courts import load_demo
from fengqiao.demo.guidance import load_demo_guidance
from fengqiao.demo.suggestions import load_demo_suggestions
from fengqiao.guidance.models import ExchangeMeeting, GuidanceComment, LetterTemplate


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_demo_has_a_comment_an_adopted_template_and_a_meeting(db):
    load_demo()
    load_demo_cases()
    load_demo_suggestions()
    done = load_demo_guidance()
    assert done == {"comments": 1, "templates": 2, "exchanges": 1}
    comment = GuidanceComment.objects.get()
    assert comment.author.username == "dudao" and comment.suggestion.court.code == "苏0791"
    copy = LetterTemplate.objects.get(adopted_from__isnull=False)
    assert copy.court.code == "苏0791" and copy.adopted_from.shared
    meeting = ExchangeMeeting.objects.get()
    assert meeting.materials.count() == 1 and meeting.attendee_courts.count() == 2
    assert load_demo_guidance() == {}  # a second call does nothing
    assert audit_verify()[1] == []
