"""Issue 11, defect 10: out-of-range filters are ignored (pages) or refused (API), never 500.

SQLite cannot bind an integer beyond 64 bits (OverflowError) and ``created_at__year=99999``
is beyond ``datetime``; every list page parses its integer and date filters through
``fengqiao.core.params``. Run on SQLite and PostgreSQL (``DATABASE_URL``).
"""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from fengqiao.core.params import date_param, id_param, int_param, year_param
from fengqiao.courts.models import Role
from tests.suggestions.conftest import make
from tests.suggestions.test_api_support import api, assert_error  # noqa: F401

BIG = "9" * 25


def test_parsing_helpers():
    q = {
        "a": "42",
        "b": BIG,
        "c": "-3",
        "d": "１２",
        "e": " 7 ",
        "y": "99999",
        "z": "2026",
        "d1": "2026-02-30",
        "d2": "0001-01-01",
        "d3": "2026-03-01",
    }
    assert int_param(q, "a") == 42 and int_param(q, "e") == 7
    assert int_param(q, "b") is None and int_param(q, "c") is None
    assert int_param(q, "d") is None  # full-width digits are not a number here
    assert int_param(q, "missing") is None
    assert id_param(q, "a") == 42 and id_param({"x": "0"}, "x") is None
    assert id_param({"x": str(2**63 - 1)}, "x") == 2**63 - 1
    assert id_param({"x": str(2**63)}, "x") is None
    assert year_param(q, "y") is None and year_param(q, "z") == 2026
    assert date_param(q, "d1") is None and date_param(q, "d2") is None
    assert date_param(q, "d3") == date(2026, 3, 1)


@pytest.fixture
def letters(world):
    return make(world, upto="signed")


PAGES = [
    "/suggestions/?year=99999",
    f"/suggestions/?court={BIG}",
    "/suggestions/?year=0&court=-1",
    f"/suggestions/?year={BIG}&format=xlsx",
    f"/cases/?owner={BIG}",
    "/cases/?year=99999",
    f"/cases/?year={BIG}&owner=abc",
    f"/clues/new/?case={BIG}",
]


@pytest.mark.parametrize("url", PAGES)
def test_list_pages_ignore_out_of_range_filters(world, client_for, letters, url):
    client = client_for(world.users[Role.RESEARCH])
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)


def test_out_of_range_version_numbers(world, client_for, letters):
    client = client_for(world.users[Role.RESEARCH])
    letter = client.get(reverse("suggestions:letter", args=[letters.pk, "docx"]), {"version": BIG})
    assert letter.status_code == 200  # the latest version
    compare = client.get(reverse("suggestions:compare", args=[letters.pk]), {"a": BIG, "b": "1"})
    assert compare.status_code == 200


def test_valid_filters_still_filter(world, client_for, letters):
    client = client_for(world.users[Role.RESEARCH])
    year = letters.number_year
    page = client.get("/suggestions/", {"year": str(year), "court": str(world.basic.pk)})
    assert page.context["filters"].year == year and page.context["filters"].court == world.basic.pk
    assert [s.pk for s in page.context["listing"]] == [letters.pk]
    other = client.get("/suggestions/", {"year": str(year - 3)})
    assert list(other.context["listing"]) == []


def test_api_lists_refuse_out_of_range_filters(world, api, letters):  # noqa: F811
    for query in ("year=99999", f"recipient_id={BIG}", f"limit={BIG}", f"offset={BIG}"):
        assert_error(api(Role.RESEARCH, "get", f"/suggestions?{query}"), 422, "invalid_input")
    for path in (f"/courts/{BIG}", f"/recipients/{BIG}", f"/suggestions/{BIG}"):
        assert api(Role.RESEARCH, "get", path).status_code in (404, 422)
    assert api(Role.RESEARCH, "get", f"/audit?limit={BIG}").status_code == 200
