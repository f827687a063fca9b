from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from fengqiao.courts import services as court_services
from fengqiao.courts.models import Role
from fengqiao.suggestions import services as suggestion_services
from fengqiao.suggestions.models import ItemOutcome, Suggestion
from tests.conftest import PASSWORD
from tests.suggestions.conftest import advance, letter_content, make

# planted in the letter: a natural person (recognised by the anonymiser), a date of birth and
# an exact amount; the research data set must hold none of them as written
PERSON = "王秀英"
BIRTH = "1985年3月2日"
AMOUNT = "52,000元"
AMOUNT_BAND = "5万元以上10万元以下"
PLANTED = (
    f"被害人{PERSON}（{BIRTH}出生）在小区内被推销人员以“代缴物业费”为由骗取人民币{AMOUNT}，"
    "同类情况多次发生。"
)
REPLY_PLANTED = f"经核查，被害人{PERSON}反映的问题属实，已督促物业公司退还其{AMOUNT}。"


@pytest.fixture(autouse=True)
def _own_data_dir(settings, tmp_path):
    """Each test gets its own data directory (library index, stored exports)."""
    settings.DATA_DIR = tmp_path / "data"
    settings.DATA_DIR.mkdir()


def planted_letter(world, *, problem: str = PLANTED, domain: str = "房地产") -> Suggestion:
    """A signed letter of ``world.basic`` with the planted problem text."""
    content = letter_content(world.basic.name, topic="住宅小区物业服务监管")
    content["problems"][0]["body"] = problem
    s = make(world, title="住宅小区物业服务监管", content=content, upto="signed")
    Suggestion.objects.filter(pk=s.pk).update(domain=domain)
    return s


def reply_planted(world, suggestion: Suggestion, actor=None) -> None:
    suggestion.refresh_from_db()
    count = len(suggestion.latest_version().content["suggestions"])
    suggestion_services.reply_register(
        actor=actor or world.users[Role.RESEARCH],
        suggestion=suggestion,
        received_on=timezone.localdate(),
        content=REPLY_PLANTED,
        items=[(1, ItemOutcome.ADOPTED, "已部署落实")]
        + [(i, ItemOutcome.NOT_ADOPTED, "暂不具备条件") for i in range(2, count + 1)],
    )


def delivered_planted(world) -> Suggestion:
    s = planted_letter(world)
    s = advance(world, s, upto="delivered")
    reply_planted(world, s)
    s.refresh_from_db()
    return s


def research_user(world, court, name: str):
    return court_services.user_create(
        username=name,
        password=PASSWORD,
        full_name=f"{name}研究室",
        court=court,
        roles=[Role.RESEARCH],
    )


TODAY_RANGE = (date(2000, 1, 1), date(2100, 1, 1))
