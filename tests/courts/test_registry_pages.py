from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from fengqiao.audit.models import AuditEntry
from fengqiao.courts.court_resolver import CourtResolver
from fengqiao.courts.models import Court
from fengqiao.courts.registry_load import load_registry
from fengqiao.courts.registry_services import court_update

URL = reverse("courts:registry")


@pytest.fixture
def loaded(world):
    load_registry()
    return world


def test_only_system_administrators_see_the_registry(loaded, client_for):
    assert client_for(loaded.users["judge"]).get(URL).status_code == 403
    assert client_for(loaded.users["research"]).get(URL).status_code == 403
    page = client_for(loaded.users["admin"]).get(URL)
    assert page.status_code == 200 and "最高人民法院" in page.content.decode()


def test_browse_and_search_by_name_alias_and_code(
    loaded, client_for, django_assert_max_num_queries
):
    client = client_for(loaded.users["admin"])
    html = client.get(URL, {"under": "苏07"}).content.decode()
    assert "江苏省连云港市中级人民法院" in html and "江苏省东海县人民法院" in html
    for q, expected in [
        ("朝阳区", "北京市朝阳区人民法院"),
        ("京0105", "北京市朝阳区人民法院"),
        ("金坛市", "江苏省常州市金坛区人民法院"),  # an alias
        ("苏0413", "江苏省常州市金坛区人民法院"),  # an alternative code
    ]:
        with django_assert_max_num_queries(15):
            html = client.get(URL, {"q": q}).content.decode()
        assert expected in html, q
    assert "没有找到法院" in client.get(URL, {"q": "火星"}).content.decode()
    assert client.get(URL, {"under": "不存在"}).status_code == 200


def test_administrator_corrects_a_court_in_reach_and_it_is_audited(loaded, client_for):
    admin = loaded.users["admin"]  # system administrator of the basic court (no is_staff)
    court = loaded.basic
    edit = reverse("courts:registry_edit", args=[court.pk])
    client = client_for(admin)
    old_name = court.name
    response = client.post(
        edit,
        {
            "name": "江苏省连云港经济技术开发区人民法院",
            "code": court.code,
            "parent_code": court.parent.code,
            "aliases": "连云港开发区法院",
            "alt_codes": "",
        },
    )
    assert response.status_code == 302
    court.refresh_from_db()
    assert court.name == "江苏省连云港经济技术开发区人民法院"
    assert set(court.aliases) == {"连云港开发区法院", old_name}
    entry = AuditEntry.objects.filter(action="修改法院").latest("id")
    assert entry.before["name"] == old_name and entry.after["name"] == court.name
    # the old name still resolves in an import
    assert CourtResolver().resolve_pair("", old_name) == court
    # a court outside the administrator's court is out of reach
    other = Court.objects.get(code="京0105")
    assert client.get(reverse("courts:registry_edit", args=[other.pk])).status_code == 403


def test_installation_administrator_moves_a_court_and_its_subtree(loaded):
    admin = loaded.users["admin"]
    admin.is_staff = True
    admin.save()
    mid = Court.objects.get(code="苏07")
    high_other = Court.objects.get(code="京")
    basic = Court.objects.get(code="苏0722")
    court_update(
        actor=admin,
        court=mid,
        name=mid.name,
        code="苏77",
        parent=high_other,
        aliases=[],
        alt_codes=[],
    )
    mid.refresh_from_db()
    basic.refresh_from_db()
    assert mid.path.startswith(high_other.path) and basic.path.startswith(mid.path)
    assert "苏07" in mid.alt_codes
    with pytest.raises(ValidationError):
        court_update(
            actor=admin, court=high_other, name=high_other.name, code="京", parent=mid,
            aliases=[], alt_codes=[],
        )  # fmt: skip
    with pytest.raises(ValidationError, match="已被其他法院使用"):
        court_update(
            actor=admin, court=mid, name=mid.name, code="京0105", parent=high_other,
            aliases=[], alt_codes=[],
        )  # fmt: skip
    with pytest.raises(PermissionDenied):
        court_update(
            actor=loaded.users["judge"], court=basic, name="x", code=basic.code, parent=mid,
            aliases=[], alt_codes=[],
        )  # fmt: skip


def test_bad_input_gives_a_form_error_not_a_500(loaded, client_for):
    client = client_for(loaded.users["admin"])
    edit = reverse("courts:registry_edit", args=[loaded.basic.pk])
    for data, message in [
        ({"name": "x", "code": "abc", "parent_code": "苏07"}, "格式"),
        ({"name": "x", "code": "苏0791", "parent_code": "无此代字"}, "没有法院代字"),
        ({"name": "江苏省高级人民法院", "code": "苏0791", "parent_code": "苏07"}, "已有名为"),
    ]:
        response = client.post(edit, data)
        assert response.status_code == 200 and message in response.content.decode()


def test_administrator_registers_a_missing_court_and_a_reimport_finds_it(loaded, client_for):
    admin = loaded.users["admin"]
    admin.is_staff = True  # the installation's administrator (created by fengqiao setup)
    admin.save()
    client = client_for(admin)
    url = reverse("courts:registry_register")
    assert client.get(url, {"parent": "鲁"}).status_code == 200
    response = client.post(
        url,
        {"name": "济南铁路运输法院", "code": "鲁7101", "level": "special", "parent_code": "鲁"},
    )
    assert response.status_code == 302
    court = Court.objects.get(code="鲁7101")
    assert court.parent.code == "鲁" and court.path.startswith(court.parent.path)
    assert AuditEntry.objects.filter(action="创建法院", object_id=str(court.pk)).exists()
    # a pre-2016 number with a free abbreviation: found by the name alone
    assert CourtResolver().resolve_pair("济", "济南铁路运输法院") == court
    # a court administrator without is_staff cannot register outside their own court
    plain = loaded.users["admin"]
    plain.is_staff = False
    plain.save()
    response = client_for(plain).post(
        url, {"name": "某某法院", "code": "京7188", "level": "special", "parent_code": "京"}
    )
    assert (
        response.status_code == 200
        and "只能在本院及下级法院之下登记法院" in response.content.decode()
    )
    assert not Court.objects.filter(code="京7188").exists()
