"""Bulk import from the Excel template: preview with row-level errors, nothing written until
confirmed, then every valid row in one transaction."""

from __future__ import annotations

import io
import zipfile
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import load_workbook

from fengqiao.administration import bulk_import
from fengqiao.administration.models import ImportPreview
from fengqiao.audit.models import AuditEntry
from fengqiao.courts.models import RecipientUnit, Role, UnitKind, User
from tests.administration.conftest import xlsx_bytes

ROLE_LABELS = [label for _, label in Role.choices if _ != Role.SUPERVISOR]


def filled_template(admin, kind: str, rows: list[list]) -> bytes:
    """The page's own template, with rows appended below its example row."""
    book = load_workbook(io.BytesIO(bulk_import.template_workbook(actor=admin, kind=kind)))
    sheet = book.worksheets[0]
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def fifty_users() -> list[list]:
    rows = []
    for i in range(50):
        rows.append(
            [
                f"imp{i:02d}",
                f"导入人员{i:02d}",
                ROLE_LABELS[i % len(ROLE_LABELS)],
                "审委会委员" if i % 10 == 0 else "",
                "民事审判第一庭" if i % 2 == 0 else "",
                f"1390000{i:04d}",
            ]
        )
    rows[17][4] = "刑事审判第九庭"  # planted error 1: no such division
    return rows


def hundred_units() -> list[list]:
    rows = []
    for i in range(100):
        superior = ""
        if i % 20 == 5:
            superior = "连云港市住房和城乡建设局"  # already registered by the court
        elif i % 20 == 6:
            superior = f"连云港市导入单位{i + 3:03d}(总局)"  # a later row of the same file
        rows.append(
            [
                f"连云港市导入单位{i:03d}(总局)" if i % 20 == 9 else f"连云港市导入单位{i:03d}",
                [label for _, label in UnitKind.choices][i % 5],
                superior,
                f"连云港市海州区路{i}号",
                f"联系人{i}",
                f"0518-8500{i:04d}",
            ]
        )
    rows[42][5] = "139000012"  # planted error 2: bad phone number
    # planted duplicate: the unit of i=70 again, spelled with a space (same normalised name)
    rows[71][0] = "连云港市导入单位 070"
    return rows


@pytest.fixture
def users_file(admin):
    return filled_template(admin, "users", fifty_users())


@pytest.fixture
def units_file(admin):
    return filled_template(admin, "recipients", hundred_units())


def upload(client, kind: str, data: bytes, name: str = "导入.xlsx"):
    return client.post(
        f"/admin-console/import/{kind}/",
        {"file": SimpleUploadedFile(name, data, bulk_import.XLSX_CONTENT_TYPE)},
    )


def test_template_has_chinese_headers_example_and_drop_downs(client_for, admin):
    response = client_for(admin).get("/admin-console/import/users/template.xlsx")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    sheet = book.worksheets[0]
    assert [c.value for c in sheet[1]] == ["用户名*", "姓名*", "角色*", "兼任角色", "庭室", "电话"]
    assert sheet["A2"].value.startswith("（示例）") and sheet["E2"].value == "民事审判第一庭"
    formulas = {dv.formula1: str(dv.sqref) for dv in sheet.data_validations.dataValidation}
    assert formulas == {"'选项'!$A$2:$A$9": "C2:C2001", "'选项'!$B$2:$B$2": "E2:E2001"}
    options = book["选项"]
    assert options.sheet_state == "hidden"
    assert [options[f"A{i}"].value for i in range(2, 10)] == [label for _, label in Role.choices]
    units = load_workbook(
        io.BytesIO(client_for(admin).get("/admin-console/import/recipients/template.xlsx").content)
    )
    assert units.worksheets[0]["B1"].value == "单位类型*"
    assert units["选项"]["A2"].value == "党政机关"


def test_preview_finds_planted_problems_and_writes_nothing(
    client_for, admin, users_file, units_file
):
    client = client_for(admin)
    users_before, units_before = User.objects.count(), RecipientUnit.objects.count()
    audit_before = AuditEntry.objects.count()

    response = upload(client, "users", users_file)
    assert response.status_code == 302
    preview = ImportPreview.objects.get(kind="users")
    assert bulk_import.summary(preview.rows) == {"ok": 49, "error": 1, "duplicate": 0, "total": 50}
    bad = [r for r in preview.rows if r["status"] == "error"]
    assert bad[0]["row"] == 20  # header, example, then the 18th data row
    assert "本院没有名为“刑事审判第九庭”的庭室" in bad[0]["errors"][0]
    page = client.get(response["Location"]).content.decode()
    assert "可导入 49" in page and "刑事审判第九庭" in page and "确认导入 49 行" in page

    response = upload(client, "recipients", units_file)
    preview = ImportPreview.objects.get(kind="recipients")
    assert bulk_import.summary(preview.rows) == {
        "ok": 98,
        "error": 1,
        "duplicate": 1,
        "total": 100,
    }
    [bad] = [r for r in preview.rows if r["status"] == "error"]
    assert bad["row"] == 45 and "联系电话“139000012”格式不正确" in bad["errors"][0]
    [dup] = [r for r in preview.rows if r["status"] == "duplicate"]
    assert dup["row"] == 74 and "与第 73 行是同一单位" in dup["duplicate"]
    page = client.get(response["Location"]).content.decode()
    assert 'data-status="duplicate"' in page and "名称规范化后相同" in page

    assert User.objects.count() == users_before
    assert RecipientUnit.objects.count() == units_before
    assert AuditEntry.objects.count() == audit_before


def test_confirm_writes_valid_rows_in_one_batch(client_for, world, admin, users_file, units_file):
    client = client_for(admin)
    upload(client, "users", users_file)
    token = ImportPreview.objects.get(kind="users").token
    response = client.post(f"/admin-console/import/preview/{token}/confirm/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "已导入 49 个用户" in page and "第 20 行" in page
    created = User.objects.filter(username__startswith="imp")
    assert created.count() == 49 and not created.filter(username="imp17").exists()
    assert all(u.must_change_password for u in created)
    imp00 = created.get(username="imp00")
    assert imp00.division.name == "民事审判第一庭" and imp00.court == world.basic
    assert set(imp00.role_codes()) == {Role.JUDGE, Role.COMMITTEE}
    assert AuditEntry.objects.filter(code="user.bulk_import").count() == 1
    assert AuditEntry.objects.filter(code="user.create", actor_id=admin.pk).count() == 49
    batch = AuditEntry.objects.get(code="user.bulk_import")
    assert batch.after["created"] == 49 and batch.after["skipped_rows"] == [20]
    # each temporary password works exactly for its user (shown once on this page)
    row = page.split("imp01</td>")[1]
    password = row.split('font-monospace">')[1].split("<")[0]
    assert created.get(username="imp01").check_password(password)
    # the stored preview no longer holds the parsed rows
    assert ImportPreview.objects.get(token=token).rows == []

    upload(client, "recipients", units_file)
    token = ImportPreview.objects.get(kind="recipients").token
    response = client.post(f"/admin-console/import/preview/{token}/confirm/")
    assert "已导入 98 个被建议单位" in response.content.decode()
    units = RecipientUnit.objects.filter(court=world.basic, name__startswith="连云港市导入单位")
    assert units.count() == 98
    assert units.get(name="连云港市导入单位005").superior == world.unit
    assert units.get(name="连云港市导入单位006").superior.name == "连云港市导入单位009(总局)"
    assert AuditEntry.objects.filter(code="recipient.bulk_import").count() == 1
    assert AuditEntry.objects.filter(code="recipient.create", actor_id=admin.pk).count() == 98


def test_confirm_twice_or_after_expiry_writes_nothing_more(client_for, admin, users_file):
    client = client_for(admin)
    upload(client, "users", users_file)
    preview = ImportPreview.objects.get()
    client.post(f"/admin-console/import/preview/{preview.token}/confirm/")
    count = User.objects.count()
    with pytest.raises(ValidationError, match="已经确认过"):
        bulk_import.confirm_import(actor=admin, token=preview.token)
    assert User.objects.count() == count

    upload(client, "users", xlsx_bytes([["用户名", "姓名", "角色"], ["late1", "迟到", "庭长"]]))
    late = ImportPreview.objects.get(confirmed_at__isnull=True)
    ImportPreview.objects.filter(pk=late.pk).update(expires_at=timezone.now() - timedelta(1))
    with pytest.raises(ValidationError, match="有效期"):
        bulk_import.confirm_import(actor=admin, token=late.token)
    assert not User.objects.filter(username="late1").exists()


def test_only_the_uploader_can_confirm(client_for, world, admin, admin_other, users_file):
    upload(client_for(admin), "users", users_file)
    preview = ImportPreview.objects.get()
    with pytest.raises(ValidationError, match="找不到"):
        bulk_import.confirm_import(actor=admin_other, token=preview.token)
    client_for(admin_other).post(f"/admin-console/import/preview/{preview.token}/confirm/")
    assert not User.objects.filter(username__startswith="imp").exists()


def test_rows_taken_meanwhile_are_skipped_at_confirm(client_for, world, admin):
    client = client_for(admin)
    upload(
        client,
        "users",
        xlsx_bytes(
            [["用户名*", "姓名*", "角色*"], ["newone", "甲", "庭长"], ["newtwo", "乙", "研究室"]]
        ),
    )
    preview = ImportPreview.objects.get()
    User.objects.create(username="NewOne", court=world.basic)
    result = bulk_import.confirm_import(actor=admin, token=preview.token)
    assert [u.username for u, _ in result.created] == ["newtwo"]
    assert [r.row for r in result.skipped] == [2]


def test_duplicates_with_existing_records(client_for, world, admin):
    checked = bulk_import.check_user_rows(
        world.basic,
        [
            (
                2,
                {
                    "username": "U_JUDGE",
                    "full_name": "重名",
                    "role": "承办法官",
                    "extra_roles": "",
                    "division": "",
                    "phone": "",
                },
            )
        ],
    )
    assert checked[0].status == "duplicate" and "已有账户" in checked[0].duplicate
    checked = bulk_import.check_recipient_rows(
        world.basic,
        [
            (
                2,
                {
                    "name": "连云港市住房和城乡建设局 ",
                    "kind": "党政机关",
                    "superior": "",
                    "address": "",
                    "contact_name": "",
                    "contact_phone": "",
                },
            )
        ],
    )
    assert checked[0].status == "duplicate" and "本院已登记" in checked[0].duplicate


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"username": "", "full_name": "张", "role": "承办法官"}, "缺少必填项“用户名”"),
        ({"username": "张 三", "full_name": "张", "role": "承办法官"}, "不能有空格"),
        ({"username": "a1", "full_name": "张", "role": "书记员"}, "未知的角色“书记员”"),
        (
            {"username": "a1", "full_name": "张", "role": "承办法官", "extra_roles": "庭长、法警"},
            "未知的角色“法警”",
        ),
        (
            {"username": "a1", "full_name": "张", "role": "承办法官", "phone": "138-0000"},
            "电话“138-0000”格式不正确",
        ),
    ],
)
def test_user_row_errors_in_chinese(world, values, message):
    row = {
        "username": "",
        "full_name": "",
        "role": "",
        "extra_roles": "",
        "division": "",
        "phone": "",
        **values,
    }
    [checked] = bulk_import.check_user_rows(world.basic, [(2, row)])
    assert checked.status == "error" and any(message in e for e in checked.errors)


@pytest.mark.parametrize(
    "phone", ["13800001111", "0518-85012345", "（0518）85012345", "85012345", "+86 138 0000 1111"]
)
def test_phone_numbers_accepted(phone):
    assert bulk_import.phone_problem(phone) is None


def test_superior_cycle_is_an_error(world):
    rows = [
        (
            2,
            {
                "name": "甲局",
                "kind": "党政机关",
                "superior": "乙局",
                "address": "",
                "contact_name": "",
                "contact_phone": "",
            },
        ),
        (
            3,
            {
                "name": "乙局",
                "kind": "党政机关",
                "superior": "甲局",
                "address": "",
                "contact_name": "",
                "contact_phone": "",
            },
        ),
    ]
    checked = bulk_import.check_recipient_rows(world.basic, rows)
    assert [r.status for r in checked] == ["error", "error"]
    assert "互为上级" in checked[0].errors[0]


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("名单.xls", b"\xd0\xcf\x11\xe0" + b"0" * 100, "不是 .xlsx 文件"),
        ("名单.xlsx", b"username,full_name\n", "不是 Excel 工作簿"),
        ("名单.xlsx", b"", "空文件"),
    ],
)
def test_bad_uploads_refused_in_chinese(client_for, admin, name, data, message):
    response = upload(client_for(admin), "users", data, name)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ImportPreview.objects.exists()


def test_zip_that_is_not_a_workbook_refused(client_for, admin):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    response = upload(client_for(admin), "users", buffer.getvalue())
    assert "缺少 xl/workbook.xml" in response.content.decode()


def test_too_large_upload_refused(client_for, admin, settings, users_file):
    settings.FENGQIAO_IMPORT_MAX_BYTES = 1000
    response = upload(client_for(admin), "users", users_file)
    assert "超过" in response.content.decode() and not ImportPreview.objects.exists()


def test_wrong_template_names_missing_columns(client_for, admin):
    response = upload(client_for(admin), "users", xlsx_bytes([["姓名", "电话"], ["张三", "1"]]))
    assert "缺少列：用户名*、角色*" in response.content.decode()


def test_research_clerk_imports_units_but_not_users(client_for, world, units_file):
    research = world.users[Role.RESEARCH]
    client = client_for(research)
    assert upload(client, "users", units_file).status_code == 403
    assert upload(client, "recipients", units_file).status_code == 302


def test_a_failure_mid_batch_writes_nothing(client_for, admin, users_file, monkeypatch):
    from fengqiao.administration import services as admin_services

    upload(client_for(admin), "users", users_file)
    preview = ImportPreview.objects.get()
    real = admin_services.user_create_with_temporary_password
    calls = []

    def failing(**kwargs):
        calls.append(kwargs["username"])
        if len(calls) == 30:
            raise RuntimeError("磁盘已满")
        return real(**kwargs)

    monkeypatch.setattr(admin_services, "user_create_with_temporary_password", failing)
    audit_before = AuditEntry.objects.count()
    with pytest.raises(RuntimeError):
        bulk_import.confirm_import(actor=admin, token=preview.token)
    assert not User.objects.filter(username__startswith="imp").exists()
    assert AuditEntry.objects.count() == audit_before
    preview.refresh_from_db()
    assert preview.confirmed_at is None and len(preview.rows) == 50  # can be retried
