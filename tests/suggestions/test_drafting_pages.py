"""Clue form: the related-cases picker searches the court's own cases as you type (by case
number or full text) and adds them one by one; 专业领域 is a list of the parser's domains."""

from __future__ import annotations

import pytest
from django.urls import reverse

from fengqiao.cases.models import Case
from fengqiao.courts.models import Role
from fengqiao.search.cases_index import IndexedCase, case_index
from fengqiao.suggestions.models import Clue


@pytest.fixture(autouse=True)
def _own_index(settings, tmp_path):
    settings.DATA_DIR = tmp_path / "data"
    settings.DATA_DIR.mkdir()


def _case(court, number: str, text: str, cause: str = "物业服务合同纠纷") -> Case:
    case = Case.objects.create(
        owner=court,
        case_no=number,
        court_key=court.name,
        court_name=court.name,
        cause=cause,
        full_text=text,
        content_hash=number,
    )
    case_index().upsert([IndexedCase(id=case.pk, owner_id=court.pk, text=text, cause=cause)])
    return case


def test_case_search_is_scoped_to_the_court_and_matches_number_or_text(world, client):
    own = [_case(world.basic, f"（2025）苏0791民初{n}号", "业主拒交物业费") for n in (11, 12)]
    other = _case(world.basic_sibling, "（2025）苏0706民初11号", "业主拒交物业费")
    loan = _case(world.basic, "（2025）苏0791民初900号", "民间借贷纠纷借款未还", "民间借贷纠纷")
    client.force_login(world.users[Role.JUDGE])
    url = reverse("suggestions:clue_case_search")
    by_number = client.get(url, {"q": "民初11"}).content.decode()
    assert own[0].case_no in by_number and other.case_no not in by_number
    by_text = client.get(url, {"q": "物业费"}).content.decode()
    assert own[0].case_no in by_text and own[1].case_no in by_text
    assert other.case_no not in by_text and loan.case_no not in by_text
    assert "没有找到" in client.get(url, {"q": "不存在的词语"}).content.decode()
    pick = reverse("suggestions:clue_case_pick")
    picked = client.get(pick, {"id": own[1].pk}).content.decode()
    assert f'name="cases" value="{own[1].pk}"' in picked and "checked" in picked
    assert client.get(pick, {"id": other.pk}).status_code == 404
    assert client.get(pick, {"id": "x"}).status_code == 404


def test_clue_form_takes_picked_cases_and_refuses_another_courts(world, client):
    own = _case(world.basic, "（2025）苏0791民初11号", "业主拒交物业费")
    other = _case(world.basic_sibling, "（2025）苏0706民初11号", "业主拒交物业费")
    client.force_login(world.users[Role.JUDGE])
    url = reverse("suggestions:clue_new")
    page = client.get(url, {"case": own.pk}).content.decode()
    assert f'value="{own.pk}"' in page and 'data-testid="case-search"' in page
    data = {"title": "物业费", "problem": "物业费纠纷多发", "domain": "房地产"}
    response = client.post(url, {**data, "cases": [other.pk]})
    assert response.status_code == 200 and not Clue.objects.exists()
    response = client.post(url, {**data, "cases": [own.pk]})
    assert response.status_code == 302
    clue = Clue.objects.get()
    assert list(clue.cases.all()) == [own] and clue.domain == "房地产"


def test_domain_is_one_of_the_parser_domains(world, client):
    client.force_login(world.users[Role.JUDGE])
    url = reverse("suggestions:clue_new")
    page = client.get(url).content.decode()
    assert (
        '<option value="金融">金融</option>' in page
        and '<option value="其他">其他</option>' in page
    )
    response = client.post(url, {"title": "t", "problem": "p", "domain": "随便写"})
    assert response.status_code == 200 and not Clue.objects.exists()
