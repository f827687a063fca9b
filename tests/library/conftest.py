from __future__ import annotations

import pytest

from fengqiao.courts.models import Role
from fengqiao.suggestions.models import Suggestion
from tests.suggestions.conftest import advance, letter_content, make


@pytest.fixture(autouse=True)
def _library_index_dir(settings, tmp_path):
    """Each test gets its own library index (under its own data directory)."""
    settings.DATA_DIR = tmp_path / "data"
    settings.DATA_DIR.mkdir()


def shared_letter(
    world,
    *,
    topic: str = "住宅小区物业服务监管",
    problem: str = "",
    domain: str = "房地产",
    upto: str = "delivered",
) -> Suggestion:
    """A letter of ``world.basic`` carried to ``upto`` (delivered: the entry is pending)."""
    content = letter_content(world.basic.name, topic=topic)
    if problem:
        content["problems"][0]["body"] = problem
    s = make(world, title=topic, content=content, upto="signed")
    Suggestion.objects.filter(pk=s.pk).update(domain=domain)
    return advance(world, s, upto=upto)


def release(world, suggestion: Suggestion):
    from fengqiao.library import services

    suggestion.refresh_from_db()
    return services.entry_release(actor=world.users[Role.RESEARCH], entry=suggestion.library_entry)
