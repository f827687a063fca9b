"""Letters for 指导 tests, written straight to the database at the stage a test needs (the
lifecycle is tested in tests/suggestions)."""

from __future__ import annotations

from datetime import date

import pytest

from fengqiao.courts import services as court_services
from fengqiao.courts.models import Role
from tests.evaluation.conftest import add_reply, give_score, make_letter  # noqa: F401


@pytest.fixture
def research(world):
    return world.users[Role.RESEARCH]


@pytest.fixture
def judge(world):
    return world.users[Role.JUDGE]


def _user(username, court, roles):
    return court_services.user_create(
        username=username,
        password="Test-pass-2026",
        full_name=username,
        court=court,
        roles=roles,
    )


@pytest.fixture
def high_research(world):
    return _user("g_high_research", world.high, [Role.RESEARCH])


@pytest.fixture
def mid_research(world):
    return _user("g_mid_research", world.mid, [Role.RESEARCH])


@pytest.fixture
def sibling_research(world):
    return _user("g_sib_research", world.basic_sibling, [Role.RESEARCH])


@pytest.fixture
def other_research(world):
    return _user("g_other_research", world.basic_other, [Role.RESEARCH])


@pytest.fixture
def letter(world, judge):
    return make_letter(world.basic, judge, world.unit, signed_on=date(2026, 3, 2))
