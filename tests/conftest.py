from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest

from fengqiao.courts.models import Court, CourtLevel, RecipientUnit, Role, UnitKind, User


def shared_data_dir() -> Path | None:
    given = os.environ.get("FENGQIAO_SHARED_DATA")
    path = Path(given) if given else Path(__file__).resolve().parents[1].parent / "shared" / "data"
    return path if path.is_dir() else None


@pytest.fixture
def shared_data() -> Path:
    path = shared_data_dir()
    if path is None:
        pytest.skip("需要 ../shared/data（真实法院数据）；本机没有该目录，跳过")
    return path


@pytest.fixture(autouse=True)
def _default_workflows(request):
    """Transactional tests flush the database, taking the data migration's default review
    chains with them; put them back for every test that uses the database."""
    uses_db = {"db", "transactional_db", "live_server", "world"} & set(request.fixturenames)
    if uses_db or request.node.get_closest_marker("django_db"):
        if (
            "transactional_db" not in request.fixturenames
            and "live_server" not in request.fixturenames
            and not _is_transactional(request)
        ):
            request.getfixturevalue("db")
        else:
            request.getfixturevalue("transactional_db")
        from fengqiao.suggestions.workflows import create_default_workflows

        create_default_workflows()


def _is_transactional(request) -> bool:
    marker = request.node.get_closest_marker("django_db")
    return bool(marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])))


@pytest.fixture(autouse=True)
def _fast_hashing(settings):
    # Argon2 is the production hasher (tested separately); tests create many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _stored_letters_in_tmp(settings, tmp_path):
    # Signed letters are written to disk at signing: keep them out of the data folder, and
    # leave the PDF to the tests that convert it (tests/suggestions/test_stored_letters.py).
    settings.FENGQIAO_LETTERS_DIR = tmp_path / "letters"
    settings.FENGQIAO_LETTER_PDF_ENQUEUE = False
    settings.FENGQIAO_SOFFICE_DIR = tmp_path / "soffice"
    settings.FENGQIAO_PDF_BACKEND = "soffice"  # tests/documents/test_converter.py: unoserver


PASSWORD = "Test-pass-2026"


@dataclass
class World:
    high: Court
    mid: Court
    mid_other: Court
    basic: Court
    basic_sibling: Court
    basic_other: Court
    users: dict[str, User]
    unit: RecipientUnit
    unit_sibling: RecipientUnit
    unit_other: RecipientUnit


@pytest.fixture
def world(db) -> World:
    """A small court tree: high → mid → (basic, basic_sibling); high → mid_other → basic_other.

    One user per role in ``basic`` (the owner court), a judge in each other court, supervisors
    in ``mid`` and ``high``, and a recipient user of ``unit`` (registered by ``basic``).
    """
    from fengqiao.courts import services

    high = services.court_create(
        name="江苏省高级人民法院", code="苏", short_name="苏高", level=CourtLevel.HIGH
    )
    mid = services.court_create(
        name="江苏省连云港市中级人民法院",
        code="苏07",
        short_name="连中",
        level=CourtLevel.INTERMEDIATE,
        parent=high,
    )
    mid_other = services.court_create(
        name="江苏省南京市中级人民法院",
        code="苏01",
        short_name="宁中",
        level=CourtLevel.INTERMEDIATE,
        parent=high,
    )
    basic = services.court_create(
        name="连云港经济技术开发区人民法院",
        code="苏0791",
        short_name="连开",
        level=CourtLevel.BASIC,
        parent=mid,
    )
    basic_sibling = services.court_create(
        name="连云港市海州区人民法院",
        code="苏0706",
        short_name="连海",
        level=CourtLevel.BASIC,
        parent=mid,
    )
    basic_other = services.court_create(
        name="南京市玄武区人民法院",
        code="苏0102",
        short_name="宁玄",
        level=CourtLevel.BASIC,
        parent=mid_other,
    )
    division = services.division_create(court=basic, name="民事审判第一庭")
    users: dict[str, User] = {}
    for role in Role.values:
        if role == Role.SUPERVISOR:
            continue
        users[role] = services.user_create(
            username=f"u_{role}",
            password=PASSWORD,
            full_name=f"{role}用户",
            court=basic,
            division=division if role in {Role.JUDGE, Role.DIVISION_HEAD} else None,
            roles=[role],
        )
    users["supervisor_mid"] = services.user_create(
        username="u_sup_mid",
        password=PASSWORD,
        full_name="中院督导",
        court=mid,
        roles=[Role.SUPERVISOR],
    )
    users["supervisor_high"] = services.user_create(
        username="u_sup_high",
        password=PASSWORD,
        full_name="高院督导",
        court=high,
        roles=[Role.SUPERVISOR],
    )
    users["judge_sibling"] = services.user_create(
        username="u_judge_sib",
        password=PASSWORD,
        full_name="海州法官",
        court=basic_sibling,
        roles=[Role.JUDGE],
    )
    users["judge_other"] = services.user_create(
        username="u_judge_other",
        password=PASSWORD,
        full_name="玄武法官",
        court=basic_other,
        roles=[Role.JUDGE],
    )
    unit = services.recipient_unit_create(
        court=basic, name="连云港市住房和城乡建设局", kind=UnitKind.GOVERNMENT
    )
    unit_sibling = services.recipient_unit_create(
        court=basic_sibling, name="连云港市海州区市场监督管理局", kind=UnitKind.GOVERNMENT
    )
    unit_other = services.recipient_unit_create(
        court=basic_other, name="南京市玄武区教育局", kind=UnitKind.GOVERNMENT
    )
    users["recipient"] = services.user_create(
        username="u_recipient", password=PASSWORD, full_name="住建局联络员", recipient_unit=unit
    )
    users["recipient_other"] = services.user_create(
        username="u_recipient_other",
        password=PASSWORD,
        full_name="教育局联络员",
        recipient_unit=unit_other,
    )
    return World(
        high,
        mid,
        mid_other,
        basic,
        basic_sibling,
        basic_other,
        users,
        unit,
        unit_sibling,
        unit_other,
    )


@pytest.fixture
def client_for(client):
    def login(user: User):
        client.force_login(user)
        return client

    return login
