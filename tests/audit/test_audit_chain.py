from __future__ import annotations

import itertools

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from fengqiao.audit.models import AuditEntry, AuditTamperError
from fengqiao.audit.services import audit_record, audit_verify
from fengqiao.courts.models import UnitKind
from fengqiao.courts.services import recipient_unit_update


def test_a_write_appears_in_the_trail_with_before_and_after(world):
    clerk = world.users["research"]
    recipient_unit_update(actor=clerk, unit=world.unit, contact_name="马科长")
    entry = AuditEntry.objects.order_by("-id").first()
    assert entry.action == "修改被建议单位"
    assert entry.actor_id == clerk.pk
    assert entry.court_id == world.basic.pk
    assert entry.before["contact_name"] == ""
    assert entry.after["contact_name"] == "马科长"
    assert entry.object_label == world.unit.name


def test_chain_links_each_entry_to_the_previous(world):
    entries = list(AuditEntry.objects.order_by("id"))
    assert len(entries) > 10
    for previous, current in itertools.pairwise(entries):
        assert current.prev_hash == previous.hash
    checked, breaks = audit_verify()
    assert checked == len(entries) and breaks == []


def test_entries_refuse_update_and_delete_through_the_orm(world):
    entry = AuditEntry.objects.first()
    entry.action = "篡改"
    with pytest.raises(AuditTamperError):
        entry.save()
    with pytest.raises(AuditTamperError):
        entry.delete()


def test_altering_a_stored_record_breaks_verification(world):
    target = AuditEntry.objects.order_by("id")[3]
    AuditEntry.objects.filter(pk=target.pk).update(object_label="被改过的对象")
    _checked, breaks = audit_verify()
    assert [b.entry_id for b in breaks] == [target.pk]
    with pytest.raises(CommandError) as raised:
        call_command("audit", "verify")
    assert raised.value.returncode == 1


def test_altering_json_payload_with_raw_sql_is_detected(world):
    recipient_unit_update(actor=world.users["admin"], unit=world.unit, kind=UnitKind.INSTITUTION)
    target = AuditEntry.objects.order_by("-id").first()
    with connection.cursor() as cursor:
        table = AuditEntry._meta.db_table
        cursor.execute(f"UPDATE {table} SET after = NULL WHERE id = %s", [target.pk])
    _, breaks = audit_verify()
    assert any(b.entry_id == target.pk for b in breaks)


def test_deleting_a_record_in_the_middle_is_detected(world):
    target = AuditEntry.objects.order_by("id")[5]
    AuditEntry.objects.filter(pk=target.pk)._raw_delete(using="default")
    _, breaks = audit_verify()
    assert breaks, "a gap in the chain must be reported"


def test_deleting_the_newest_record_is_detected(world):
    newest = AuditEntry.objects.order_by("-id").first()
    AuditEntry.objects.filter(pk=newest.pk)._raw_delete(using="default")
    _, breaks = audit_verify()
    assert any(b.entry_id == 0 for b in breaks)


def test_verify_command_passes_on_an_intact_chain(world, capsys):
    audit_record(action="测试", object_label="对象")
    call_command("audit", "verify")
    assert "审计链完整" in capsys.readouterr().out


def test_rolled_back_change_leaves_no_record(world):
    from django.db import transaction

    before = AuditEntry.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        recipient_unit_update(actor=world.users["admin"], unit=world.unit, address="某路1号")
        raise RuntimeError("crash mid-way")
    assert AuditEntry.objects.count() == before
    assert audit_verify()[1] == []


def test_login_and_failed_login_are_audited(world, client):
    from tests.conftest import PASSWORD

    client.post("/login/", {"username": "u_judge", "password": "wrong"})
    client.post("/login/", {"username": "u_judge", "password": PASSWORD})
    actions = list(AuditEntry.objects.order_by("-id").values_list("action", flat=True)[:2])
    assert actions == ["登录", "登录失败"]
