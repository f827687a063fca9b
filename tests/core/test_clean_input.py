"""Issue 11, defect 9: control characters are cleaned at the input boundary — every form, every
request, every API input schema — so the letter, the Excel register and signing keep working."""

from __future__ import annotations

import importlib
import inspect
import io
import pkgutil
import zipfile

import pytest
from django import forms as django_forms
from django.urls import reverse
from openpyxl import load_workbook
from pydantic import BaseModel

import fengqiao
from fengqiao.core.forms import CleanTextFormMixin
from fengqiao.core.schemas import CleanInput
from fengqiao.core.text import clean_data, clean_line, clean_text
from fengqiao.courts.models import Role
from fengqiao.suggestions.models import Category, State, Suggestion
from tests.suggestions.conftest import advance, letter_content
from tests.suggestions.test_api_support import api, assert_error  # noqa: F401

ESC_TITLE = "\u001b[31m住宅小区\u0000物业\u009b服务监管\u001b[0m"
BAD_PARAGRAPH = "第一句。\u000b第二句\u000c。\r\n第二段\ud800。"
# a lone surrogate cannot travel in a form post (not UTF-8); JSON escapes it ("\ud800")
FORM_PARAGRAPH = BAD_PARAGRAPH.replace("\ud800", "\u001b")


def test_clean_text_and_clean_line():
    assert clean_line(ESC_TITLE) == "[31m住宅小区物业服务监管[0m"
    assert clean_text(BAD_PARAGRAPH) == "第一句。第二句。\n第二段。"
    assert clean_text("甲\r乙\u2028丙\u2029丁\t戊\x7f") == "甲\n乙\n丙\n丁\t戊"
    assert clean_line("标题\n第二行\t制表") == "标题 第二行 制表"
    assert clean_text("") == "" and clean_line("普通文字") == "普通文字"
    assert clean_data({"a\x1b": ["x\x0by", {"b": "\x00"}], "n": 3}) == {
        "a": ["xy", {"b": ""}],
        "n": 3,
    }


def _fengqiao_modules():
    for info in pkgutil.walk_packages(fengqiao.__path__, "fengqiao."):
        if info.name.endswith("__main__") or any(
            part in info.name for part in (".migrations", ".management", ".tests")
        ):
            continue
        try:
            yield importlib.import_module(info.name)
        except ImportError:  # optional extras (e.g. a cluster scheduler) not installed
            continue


def test_every_form_of_the_project_cleans_its_text():
    found = []
    for module in _fengqiao_modules():
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if (
                issubclass(cls, django_forms.BaseForm)
                and cls.__module__.startswith("fengqiao.")
                and cls.__module__ == module.__name__
            ):
                found.append(cls)
                assert issubclass(cls, CleanTextFormMixin), f"{cls.__module__}.{cls.__name__}"
    assert len(found) >= 20


def _schema_classes(annotation):
    if inspect.isclass(annotation) and issubclass(annotation, BaseModel):
        yield annotation
        for field in annotation.model_fields.values():
            yield from _schema_classes(field.annotation)
    for arg in getattr(annotation, "__args__", ()) or ():
        yield from _schema_classes(arg)


def test_every_api_input_schema_cleans_its_text():
    from fengqiao.api import api as ninja_api

    checked = set()
    for _, router in ninja_api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                for model in operation.models:
                    for field in model.model_fields.values():
                        for cls in _schema_classes(field.annotation):
                            if cls.__module__.startswith("fengqiao."):
                                assert issubclass(cls, CleanInput), cls
                                checked.add(cls)
    names = {c.__name__ for c in checked}
    assert {"SuggestionIn", "ContentIn", "SuggestionFilters", "ReplyIn", "RecipientIn"} <= names


def test_forms_clean_without_the_middleware(world):
    from fengqiao.courts.selectors import recipient_units_visible
    from fengqiao.suggestions.forms import ClueForm

    form = ClueForm(
        {"title": "线索\u001b标题\n续", "problem": BAD_PARAGRAPH},
        units=recipient_units_visible(world.users[Role.JUDGE]),
        cases=world.basic.suggestions.none(),
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["title"] == "线索标题 续"
    assert form.cleaned_data["problem"] == "第一句。第二句。\n第二段。"


def _draft_post(content: dict) -> dict:
    data = {
        "title": content["title"],
        "topic": content["topic"],
        "background": "\n".join(content["background"]),
        "reply_months": "2",
        "contact_name": content["contact_name"],
        "contact_phone": content["contact_phone"],
    }
    for kind in ("problem", "suggestion"):
        for i, item in enumerate(content[f"{kind}s"], start=1):
            data[f"{kind}_{i}_heading"] = item["heading"]
            data[f"{kind}_{i}_body"] = item["body"]
    return data


def _docx_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as docx:
        return docx.read("word/document.xml").decode("utf-8")


def test_control_characters_through_the_pages_then_letter_register_and_signing(world, client_for):
    judge = client_for(world.users[Role.JUDGE])
    created = judge.post(
        reverse("suggestions:new"),
        {"title": ESC_TITLE, "category": Category.CLASS, "recipient": world.unit.pk},
    )
    assert created.status_code == 302, created.content[:300]
    s = Suggestion.objects.get()
    assert s.title == "[31m住宅小区物业服务监管[0m"

    content = letter_content(world.basic.name, topic="住宅小区物业服务监管")
    content["background"] = [FORM_PARAGRAPH]
    content["problems"][0]["body"] += "\u001b"
    response = judge.post(reverse("suggestions:edit", args=[s.pk]), _draft_post(content))
    assert response.status_code == 302, response.content[:500]
    saved = s.latest_version().content
    assert saved["background"] == ["第一句。第二句。", "第二段。"]
    assert "\u001b" not in saved["problems"][0]["body"]

    s = advance(world, s, upto="signed")
    assert s.state == State.SIGNED and s.doc_number

    research = client_for(world.users[Role.RESEARCH])
    letter = research.get(reverse("suggestions:letter", args=[s.pk, "docx"]))
    assert letter.status_code == 200
    assert "第一句。第二句。" in _docx_text(letter.getvalue())
    register = research.get(reverse("suggestions:register"), {"format": "xlsx"})
    assert register.status_code == 200
    sheet = load_workbook(io.BytesIO(register.content)).active
    assert any("住宅小区物业服务监管" in str(c.value) for row in sheet.iter_rows() for c in row)


def test_control_characters_through_the_api_then_letter_register_and_signing(
    world,
    api,  # noqa: F811
    client_for,
):
    content = letter_content(world.basic.name, topic="住宅小区物业服务监管")
    content["title"] = "\u001b" + content["title"]
    content["background"] = [BAD_PARAGRAPH]
    content["suggestions"][1]["heading"] = "建议\n分行的小标题\u000b。"
    response = api(
        Role.JUDGE,
        "post",
        "/suggestions",
        {
            "title": ESC_TITLE,
            "category": Category.CLASS,
            "recipient_id": world.unit.pk,
            "content": content,
        },
    )
    assert response.status_code == 201, response.content[:500]
    body = response.json()
    assert body["title"] == "[31m住宅小区物业服务监管[0m"
    assert body["content"]["background"] == ["第一句。第二句。\n第二段。"]
    assert body["content"]["suggestions"][1]["heading"] == "建议 分行的小标题。"

    s = advance(world, Suggestion.objects.get(pk=body["id"]), upto="signed")
    assert s.state == State.SIGNED
    letter = api(Role.RESEARCH, "get", f"/suggestions/{s.pk}/letter.docx")
    assert letter.status_code == 200 and "\x1b" not in _docx_text(letter.getvalue())
    assert (
        client_for(world.users[Role.RESEARCH])
        .get(reverse("suggestions:register"), {"format": "xlsx"})
        .status_code
        == 200
    )
    # query filters are cleaned too: a NUL in a search is no error on any database
    found = api(Role.RESEARCH, "get", "/suggestions?q=%E7%89%A9%E4%B8%9A%00")
    assert found.status_code == 200 and found.json()["count"] == 1


@pytest.mark.parametrize(
    "url", ["/suggestions/?q=%00%1b", "/cases/?q=%00", "/cases/?party=%00x", "/audit/?action=%00"]
)
def test_nul_and_escape_in_query_strings_never_500(world, client_for, url):
    response = client_for(world.users[Role.RESEARCH]).get(url)
    assert response.status_code in (200, 403), response.status_code


def test_text_stored_before_the_boundary_is_cleaned_by_the_data_migration(world, client_for):
    from django.apps import apps

    from fengqiao.suggestions.models import Clue, SuggestionVersion

    migration = importlib.import_module(
        "fengqiao.suggestions.migrations.0005_strip_control_characters"
    )
    s = advance(world, _create(world), upto="signed")
    # (PostgreSQL never stored NUL; the other controls it did)
    Suggestion.objects.filter(pk=s.pk).update(title=ESC_TITLE.replace("\u0000", ""))
    version = s.latest_version()
    dirty = {**version.content, "background": [FORM_PARAGRAPH]}
    SuggestionVersion.objects.filter(pk=version.pk).update(content=dirty)
    clue = Clue.objects.create(
        court=world.basic, title="线\u001b索", problem=FORM_PARAGRAPH, raised_by=s.drafter
    )

    migration.clean_stored_text(apps, None)

    s.refresh_from_db()
    version.refresh_from_db()
    clue.refresh_from_db()
    assert s.title == "[31m住宅小区物业服务监管[0m"
    assert version.content["background"] == ["第一句。第二句。\n第二段。"]
    assert (clue.title, clue.problem) == ("线索", "第一句。第二句。\n第二段。")
    research = client_for(world.users[Role.RESEARCH])
    assert research.get(reverse("suggestions:letter", args=[s.pk, "docx"])).status_code == 200
    register = research.get(reverse("suggestions:register"), {"format": "xlsx"})
    assert register.status_code == 200


def _create(world) -> Suggestion:
    from fengqiao.suggestions import services

    return services.suggestion_create(
        actor=world.users[Role.JUDGE],
        title="住宅小区物业服务监管",
        category=Category.CLASS,
        recipient=world.unit,
        content=letter_content(world.basic.name, topic="住宅小区物业服务监管"),
    )
