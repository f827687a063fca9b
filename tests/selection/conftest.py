"""Selection rounds: issued letters written straight to the database (the lifecycle is tested
in tests/suggestions), the round itself driven through the services."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from itertools import count

import pytest
from django.utils import timezone

from fengqiao.courts import services as court_services
from fengqiao.courts.models import Role, User
from fengqiao.selection import services
from fengqiao.selection.models import Round
from fengqiao.suggestions.models import State, SuggestionVersion
from tests.conftest import PASSWORD
from tests.evaluation.conftest import make_letter
from tests.suggestions.conftest import letter_content

_seq = count(1)


@pytest.fixture(autouse=True)
def _library_index_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path / "data"
    settings.DATA_DIR.mkdir()


def issued(
    world,
    court,
    *,
    signed_on: date | None = None,
    topic: str = "住宅小区物业服务监管",
    drafter=None,
):
    """A delivered letter of ``court`` (its content names the court, a place and the drafter)."""
    signed_on = signed_on or timezone.localdate() - timedelta(days=20)
    unit = {
        world.basic.pk: world.unit,
        world.basic_sibling.pk: world.unit_sibling,
        world.basic_other.pk: world.unit_other,
    }.get(court.pk, world.unit)
    drafter = drafter or User.objects.filter(court=court).first()
    letter = make_letter(
        court,
        drafter,
        unit,
        signed_on=signed_on,
        state=State.DELIVERED,
        delivered_on=signed_on + timedelta(days=2),
        title=f"{court.name}关于加强{topic}的司法建议书",
    )
    content = letter_content(court.name, topic=topic)
    content["background"].append(
        f"{court.name}（{court.short_name}）承办法官{drafter.display_name}在审理{unit.name}相关案件中发现上述问题。"
    )
    SuggestionVersion.objects.create(
        suggestion=letter, number=1, content=content, created_by=drafter
    )
    return letter


@dataclass
class Cast:
    organiser: User  # high court research
    research: dict[int, User]  # court id → research office user
    judges: dict[int, User]  # court id → a judge


def _user(name: str, court, role: str, full: str) -> User:
    return court_services.user_create(
        username=name, password=PASSWORD, full_name=full, court=court, roles=[role]
    )


@pytest.fixture
def cast(world) -> Cast:
    organiser = _user("sel_high_r", world.high, Role.RESEARCH, "高院研究员")
    research = {
        world.basic.pk: world.users[Role.RESEARCH],
        world.basic_sibling.pk: _user(
            "sel_sib_r", world.basic_sibling, Role.RESEARCH, "海州研究员"
        ),
        world.basic_other.pk: _user("sel_oth_r", world.basic_other, Role.RESEARCH, "玄武研究员"),
        world.mid.pk: _user("sel_mid_r", world.mid, Role.RESEARCH, "连中研究员"),
        world.high.pk: organiser,
    }
    judges = {
        world.basic.pk: world.users[Role.JUDGE],
        world.basic_sibling.pk: world.users["judge_sibling"],
        world.basic_other.pk: world.users["judge_other"],
        world.mid.pk: _user("sel_mid_j", world.mid, Role.JUDGE, "连中法官"),
        world.high.pk: _user("sel_high_j", world.high, Role.JUDGE, "高院法官"),
    }
    return Cast(organiser, research, judges)


def open_round(organiser, *, quota: int = 2, awards=(1, 1, 1, 0), rubric=None, **kw) -> Round:
    today = timezone.localdate()
    args = {
        "name": "2026年度优秀司法建议评选",
        "period_start": today - timedelta(days=200),
        "period_end": today,
        "nomination_deadline": today,
        "review_deadline": today + timedelta(days=10),
        "quota": quota,
        "awards": awards,
        "rubric": rubric,
    }
    args.update(kw)
    return services.round_open(actor=organiser, **args)


OPINION = {"evidence": 4, "causes": 3, "feasibility": 4}


def score(review, reviewer, points=None, comment="论证充分，建议具体。"):
    return services.review_submit(
        actor=reviewer, review=review, points=points or OPINION, comment=comment
    )
