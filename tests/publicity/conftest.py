from __future__ import annotations

import pytest

from fengqiao.courts.models import Role
from fengqiao.library import services as library_services
from fengqiao.suggestions import services
from fengqiao.suggestions.models import FollowUp, ItemOutcome, Suggestion
from tests.suggestions.conftest import make


@pytest.fixture(autouse=True)
def _publicity_data_dir(settings, tmp_path):
    """Each test gets its own library index (under its own data directory)."""
    settings.DATA_DIR = tmp_path / "data"
    settings.DATA_DIR.mkdir()


def adopted_letter(world, *, release: bool = True, follow_up: bool = True) -> Suggestion:
    """A delivered letter of ``world.basic``: replied (both items adopted, measures with a
    figure), a 普法宣传 follow-up, its library entry released (unless ``release`` is False)."""
    research = world.users[Role.RESEARCH]
    s = make(world, upto="delivered")
    services.reply_register(
        actor=research,
        suggestion=s,
        received_on=s.delivered_on,
        content="你院司法建议收悉，现将采纳落实情况函复如下。",
        items=[
            (1, ItemOutcome.ADOPTED, "已对辖区37个小区开展物业服务检查"),
            (2, ItemOutcome.ADOPTED, "已建立季度通报制度"),
        ],
    )
    if follow_up:
        services.follow_up_record(
            actor=research,
            suggestion=s,
            kind=FollowUp.Kind.PUBLICITY,
            held_on=s.delivered_on,
            description="法官走进社区，为居民讲解物业服务合同纠纷中的法律问题。",
        )
    s.refresh_from_db()
    if release:
        library_services.entry_release(actor=research, entry=s.library_entry)
    s.refresh_from_db()
    return s


@pytest.fixture
def letter(world):
    return adopted_letter(world)


def effect_letter(world) -> Suggestion:
    """A letter delivered 200 days ago whose 物业 cases fall after delivery (the measured
    effect and its chart), replied, released to the library."""
    from datetime import timedelta

    from django.utils import timezone

    from fengqiao.cases.models import Case

    today = timezone.localdate()
    delivered = today - timedelta(days=200)
    research = world.users[Role.RESEARCH]
    s = make(world, upto="delivered", delivered_on=delivered)
    cases = []
    for i in range(60):  # 40 target cases before delivery, 12 after; others steady
        before = i < 40
        day = (
            delivered - timedelta(days=5 + i * 4)
            if before
            else delivered + timedelta(days=5 + (i - 40) * 14)
        )
        if i >= 52:
            day = today - timedelta(days=(i - 52) * 45 + 3)
        cases.append(
            Case.objects.create(
                owner=world.basic,
                case_no=f"（2026）苏0791民初{i + 1}号",
                cause="物业服务合同纠纷" if i < 52 else "买卖合同纠纷",
                decided_on=day,
            )
        )
    for j in range(40):
        Case.objects.create(
            owner=world.basic,
            case_no=f"（2026）苏0791民初{100 + j}号",
            cause="买卖合同纠纷",
            decided_on=delivered + timedelta(days=(j - 20) * 9),
        )
    s.cases.add(*cases[:3])
    services.reply_register(
        actor=research,
        suggestion=s,
        received_on=delivered + timedelta(days=30),
        content="你院司法建议收悉，现函复如下。",
        items=[(1, ItemOutcome.ADOPTED, "已整改"), (2, ItemOutcome.PARTLY, "正在研究")],
    )
    s.refresh_from_db()
    library_services.entry_release(actor=research, entry=s.library_entry)
    s.refresh_from_db()
    return s
