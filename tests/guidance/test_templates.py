from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from fengqiao.audit.models import AuditEntry
from fengqiao.courts.models import Role
from fengqiao.guidance import services
from fengqiao.guidance.models import LetterTemplate
from fengqiao.suggestions.models import Category

DATA = {
    "category": Category.GOVERNANCE,
    "name": "全省统一模板",
    "title_pattern": "××人民法院关于××问题的司法建议书",
    "problem_skeleton": "一、……",
    "suggestion_skeleton": "为此，特建议：一、……",
    "notes": "",
}


@pytest.fixture
def published(high_research):
    template = services.template_create(actor=high_research, data=DATA)
    return services.template_publish(actor=high_research, template=template, shared=True)


def test_publish_and_adopt_records_the_origin(world, published, research, other_research):
    copy = services.template_adopt(actor=research, source=published)
    assert copy.court == world.basic and copy.adopted_from == published
    assert copy.title_pattern == published.title_pattern and not copy.shared
    # a court under another intermediate court adopts from the same high court too
    assert (
        services.template_adopt(actor=other_research, source=published).court == world.basic_other
    )
    assert AuditEntry.objects.filter(code="lettertemplate.adopt").count() == 2


def test_only_published_templates_of_ancestors_are_adoptable(
    world, high_research, research, mid_research, other_research, sibling_research
):
    unpublished = services.template_create(actor=high_research, data=DATA)
    with pytest.raises(PermissionDenied):
        services.template_adopt(actor=research, source=unpublished)
    mid = services.template_create(actor=mid_research, data=DATA)
    services.template_publish(actor=mid_research, template=mid, shared=True)
    services.template_adopt(actor=research, source=mid)
    with pytest.raises(PermissionDenied):  # not an ancestor of 玄武
        services.template_adopt(actor=other_research, source=mid)
    own = services.template_create(actor=research, data=DATA)
    with pytest.raises(ValidationError):  # no subordinate courts
        services.template_publish(actor=research, template=own, shared=True)
    own.shared = True
    own.save()
    with pytest.raises(PermissionDenied):  # a sister court
        services.template_adopt(actor=sibling_research, source=own)
    with pytest.raises(PermissionDenied):  # only the research office manages templates
        services.template_create(actor=world.users[Role.JUDGE], data=DATA)
    with pytest.raises(PermissionDenied):  # another court's template
        services.template_edit(actor=research, template=mid, data=DATA)


def test_title_pattern_and_category_are_checked(research):
    with pytest.raises(ValidationError, match="司法建议书"):
        services.template_create(actor=research, data={**DATA, "title_pattern": "关于××的通知"})
    with pytest.raises(ValidationError, match="类别"):
        services.template_create(actor=research, data={**DATA, "category": "nope"})


def test_template_pages(world, published, research, client_for, sibling_research):
    client = client_for(research)
    page = client.get(reverse("guidance:templates"))
    assert page.status_code == 200 and "全省统一模板" in page.content.decode()
    client.post(reverse("guidance:templates"), {"action": "adopt", "template": published.pk})
    assert LetterTemplate.objects.filter(court=world.basic, adopted_from=published).exists()
    response = client.post(
        reverse("guidance:templates"), {"action": "create", **DATA, "title_pattern": "坏标题"}
    )
    assert response.status_code == 200 and "司法建议书" in response.content.decode()
    own = LetterTemplate.objects.get(court=world.basic)
    edit = reverse("guidance:template_edit", args=[own.pk])
    assert client.post(edit, {**DATA, "name": "改名"}).status_code == 302
    own.refresh_from_db()
    assert own.name == "改名"
    # a sister court cannot edit it, a recipient sees nothing
    assert client_for(sibling_research).get(edit).status_code == 404
    assert (
        client_for(world.users["recipient"]).get(reverse("guidance:templates")).status_code == 403
    )
    # bad ids never 500
    client = client_for(research)
    assert (
        client.post(reverse("guidance:templates"), {"action": "adopt", "template": "x"}).status_code
        == 404
    )


def test_writing_guide_shows_templates_per_category_and_exemplary_letters(
    world, published, research, client_for, letter
):
    from fengqiao.library.models import LibraryEntry

    services.template_adopt(actor=research, source=published)
    entry = LibraryEntry.objects.create(
        suggestion=letter,
        court=world.basic,
        status=LibraryEntry.Status.RELEASED,
        title="关于加强××管理的司法建议书（共享版）",
        excellent=True,
    )
    html = client_for(research).get(reverse("guide:index")).content.decode()
    for label in Category.labels:
        assert label in html
    assert "内置模板" in html and "全省统一模板" in html and "采用自江苏省高级人民法院" in html
    assert reverse("library:detail", args=[entry.pk]) in html
    entry.status = LibraryEntry.Status.PENDING
    entry.save()
    html = client_for(research).get(reverse("guide:index")).content.decode()
    assert reverse("library:detail", args=[entry.pk]) not in html
    # recipients read the rules and FAQ but no templates or library entries
    html = client_for(world.users["recipient"]).get(reverse("guide:index")).content.decode()
    assert 'data-testid="faq"' in html and 'data-testid="guide-templates"' not in html


def test_drafting_page_offers_the_category_templates(world, published, research, judge, client_for):
    from fengqiao.suggestions import services as suggestion_services

    services.template_adopt(actor=research, source=published)
    draft = suggestion_services.suggestion_create(
        actor=judge, title="关于物业的司法建议", category=Category.GOVERNANCE, recipient=world.unit
    )
    html = client_for(judge).get(reverse("suggestions:edit", args=[draft.pk])).content.decode()
    assert 'data-testid="drafting-templates"' in html
    assert "全省统一模板" in html and "综合治理类司法建议书（2023 样式）" in html
