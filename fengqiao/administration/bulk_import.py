"""Bulk import of people and recipient units from an Excel template.

1. ``template_workbook(kind, court)`` — the .xlsx the page offers: Chinese headers (* marks a
   required column), one example row, drop-down lists for roles / divisions / unit kinds.
2. ``preview_upload(...)`` — checks the upload is a real .xlsx of bounded size, reads every
   row, and finds row-level problems in Chinese (missing field, unknown role or division, bad
   phone number, duplicates inside the file or with existing records — users by username,
   units by normalised name). The parsed rows are kept server-side in an ``ImportPreview``
   keyed by a random token, for ``PREVIEW_MINUTES``; nothing else is written.
3. ``confirm_import(...)`` — re-checks the stored rows against the database as it is now and
   writes every valid row in one transaction: one audit entry for the batch, plus the usual
   one per created person or unit. New people get one-time passwords (returned once).
"""

from __future__ import annotations

import io
import re
import secrets
import unicodedata
import zipfile
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone

from fengqiao.administration.models import ImportKind, ImportPreview
from fengqiao.audit.services import audit_record
from fengqiao.courts.models import Court, Division, RecipientUnit, Role, UnitKind, User
from fengqiao.courts.names import normalize_org_name
from fengqiao.courts.permissions import require_permission

PREVIEW_MINUTES = 30
MAX_ROWS = 2000
EXAMPLE_MARK = "（示例）"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    required: bool = False
    max_length: int = 200
    width: int = 16

    @property
    def header(self) -> str:
        return f"{self.label}*" if self.required else self.label


USER_COLUMNS = [
    Column("username", "用户名", True, 150, 16),
    Column("full_name", "姓名", True, 50, 12),
    Column("role", "角色", True, 20, 14),
    Column("extra_roles", "兼任角色", False, 100, 18),
    Column("division", "庭室", False, 50, 18),
    Column("phone", "电话", False, 50, 16),
]
RECIPIENT_COLUMNS = [
    Column("name", "单位全称", True, 200, 32),
    Column("kind", "单位类型", True, 20, 16),
    Column("superior", "上级主管机关", False, 200, 28),
    Column("address", "地址", False, 200, 32),
    Column("contact_name", "联系人", False, 50, 12),
    Column("contact_phone", "联系电话", False, 50, 16),
]
COLUMNS = {ImportKind.USERS: USER_COLUMNS, ImportKind.RECIPIENTS: RECIPIENT_COLUMNS}
SHEET_TITLES = {ImportKind.USERS: "用户", ImportKind.RECIPIENTS: "被建议单位"}
PERMISSIONS = {ImportKind.USERS: "user.manage", ImportKind.RECIPIENTS: "recipient.manage"}

ROLE_BY_LABEL = {label: code for code, label in Role.choices}
KIND_BY_LABEL = {label: code for code, label in UnitKind.choices}
_SEPARATORS = re.compile(r"[、,，;；/\s]+")
_MOBILE = re.compile(r"1[3-9]\d{9}")
_LANDLINE = re.compile(r"(0\d{2,3}-?)?[2-9]\d{6,7}(-\d{1,6})?")
_SERVICE = re.compile(r"(1[02]\d{3}|400-?\d{3}-?\d{4}|800-?\d{3}-?\d{4})")
_username_validator = UnicodeUsernameValidator()


def _check_kind(kind: str) -> ImportKind:
    try:
        return ImportKind(kind)
    except ValueError:
        raise ValidationError(f"未知的导入类型：{kind}") from None


def _require(actor, kind: ImportKind) -> None:
    require_permission(actor, PERMISSIONS[kind])
    if actor.court_id is None:
        raise PermissionDenied("只有法院工作人员可以批量导入。")


# ---- the template ---------------------------------------------------------------------------


def _example_row(kind: ImportKind, court: Court) -> list[str]:
    if kind == ImportKind.USERS:
        division = Division.objects.filter(court=court, is_active=True).order_by("id").first()
        return [
            f"{EXAMPLE_MARK}zhangsan",
            "张三",
            Role.JUDGE.label,
            "",
            division.name if division else "",
            "13800000000",
        ]
    return [
        f"{EXAMPLE_MARK}某某市住房和城乡建设局",
        UnitKind.GOVERNMENT.label,
        "某某市人民政府",
        "某某市某某路1号",
        "李四",
        "0518-85000000",
    ]


def template_workbook(*, actor, kind: str) -> bytes:
    """The .xlsx template for the actor's court (drop-downs list this court's divisions)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    kind = _check_kind(kind)
    _require(actor, kind)
    court = actor.court
    columns = COLUMNS[kind]
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET_TITLES[kind]
    sheet.append([c.header for c in columns])
    sheet.append(_example_row(kind, court))
    header_fill = PatternFill("solid", fgColor="8B1A1A")
    for cell in sheet[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = header_fill
        cell.alignment = Alignment(horizontal="center")
    for cell in sheet[2]:
        cell.font = Font(italic=True, color="808080")
    for index, column in enumerate(columns, start=1):
        dimension = sheet.column_dimensions[chr(64 + index)]
        dimension.width = column.width
        dimension.number_format = "@"  # text: phone numbers keep their leading 0
    sheet.freeze_panes = "A2"

    options = book.create_sheet("选项")
    if kind == ImportKind.USERS:
        lists = {
            "A": ("角色", [label for _, label in Role.choices]),
            "B": (
                "庭室",
                list(
                    Division.objects.filter(court=court, is_active=True)
                    .order_by("id")
                    .values_list("name", flat=True)
                ),
            ),
        }
        targets = {"A": "C", "B": "E"}
    else:
        lists = {"A": ("单位类型", [label for _, label in UnitKind.choices])}
        targets = {"A": "B"}
    for letter, (title, values) in lists.items():
        options[f"{letter}1"] = title
        for i, value in enumerate(values, start=2):
            options[f"{letter}{i}"] = value
        if not values:
            continue
        validation = DataValidation(
            type="list",
            formula1=f"'选项'!${letter}$2:${letter}${len(values) + 1}",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="请从下拉列表中选择",
            error=f"{title}须从下拉列表中选择。",
        )
        target = targets[letter]
        validation.add(f"{target}2:{target}{MAX_ROWS + 1}")
        sheet.add_data_validation(validation)
    options.sheet_state = "hidden"

    notes = book.create_sheet("填写说明")
    for line in _instructions(kind):
        notes.append([line])
    notes.column_dimensions["A"].width = 100
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _instructions(kind: ImportKind) -> list[str]:
    common = [
        "填写说明",
        "1. 列名后带 * 的为必填项；请不要修改第一行列名。",
        f"2. 以“{EXAMPLE_MARK}”开头的示例行不会导入，可以保留或删除。",
        f"3. 一次最多导入 {MAX_ROWS} 行；上传后先显示预览，确认后才写入。",
    ]
    if kind == ImportKind.USERS:
        return [
            *common,
            "4. 用户名只能包含字母、数字、汉字和 @ . + - _（建议用姓名拼音），全系统唯一（不区分大小写）。",
            "5. 角色从下拉列表选择；兼任其他角色时在“兼任角色”中填写，多个用顿号分隔。",
            "6. 庭室须是本院已有的庭室（下拉列表）；可以留空。",
            "7. 电话填写手机号（11 位）或座机（如 0518-85000000）。",
            "8. 导入后系统为每人生成一次性初始密码（只显示一次），首次登录须修改密码。",
        ]
    return [
        *common,
        "4. 单位全称须完整；与本院已登记单位重名（忽略全半角、空格、括号差异）的行不会导入。",
        "5. 单位类型从下拉列表选择。",
        "6. 上级主管机关填写其单位全称：须是本院已登记的单位，或本文件中的另一行。",
        "7. 联系电话填写手机号（11 位）或座机（如 0518-85000000）。",
    ]


# ---- reading an upload ----------------------------------------------------------------------


def max_import_bytes() -> int:
    return int(getattr(settings, "FENGQIAO_IMPORT_MAX_BYTES", 5 * 1024 * 1024))


def read_xlsx_rows(uploaded_file) -> list[tuple[int, list]]:
    """(Excel row number, cell values) of the first sheet, after checking the upload is a
    genuine, bounded .xlsx. Raises ValidationError in Chinese otherwise."""
    from openpyxl import load_workbook

    from fengqiao.suggestions.uploads import FileType, _check_zip, clean_filename

    name = clean_filename(getattr(uploaded_file, "name", "") or "") or "上传文件"
    if not name.lower().endswith(".xlsx"):
        raise ValidationError(
            f"“{name}”不是 .xlsx 文件。请下载本页提供的模板，用 Excel 或 WPS 填写后"
            "另存为 .xlsx 再上传。"
        )
    limit = max_import_bytes()
    uploaded_file.seek(0)
    data = uploaded_file.read(limit + 1)
    if len(data) > limit:
        raise ValidationError(f"“{name}”超过 {limit // (1024 * 1024)} MB 的上限，请拆分后上传。")
    if not data.startswith(b"PK\x03\x04"):
        raise ValidationError(
            f"“{name}”的内容不是 Excel 工作簿（.xlsx）。请用 Excel 或 WPS 另存为 .xlsx 后上传，"
            "不要只修改扩展名。"
        )
    xlsx = FileType("Excel 工作簿（.xlsx）", XLSX_CONTENT_TYPE, (b"PK\x03\x04",), "xl/workbook.xml")
    _check_zip(io.BytesIO(data), name=name, file_type=xlsx, archive_size=len(data))
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as error:
        raise ValidationError(
            f"“{name}”无法读取，请确认能在 Excel 中正常打开后重新上传。"
        ) from error
    try:
        sheet = book.worksheets[0]
        rows: list[tuple[int, list]] = []
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            if all(v is None or str(v).strip() == "" for v in values):
                continue
            if len(rows) > MAX_ROWS + 1:  # header and example row besides the data
                raise ValidationError(f"“{name}”超过 {MAX_ROWS} 行，请拆分为多个文件分别导入。")
            rows.append((number, list(values)))
        return rows
    finally:
        book.close()


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = unicodedata.normalize("NFC", str(value))
    return re.sub(r"\s+", " ", text).strip()


def _header_key(text: str, columns: list[Column]) -> str | None:
    label = text.replace(" ", "").rstrip("*＊").strip()
    for column in columns:
        if label == column.label:
            return column.key
    return None


def rows_from_sheet(kind: ImportKind, raw: list[tuple[int, list]]) -> list[tuple[int, dict]]:
    columns = COLUMNS[kind]
    if not raw:
        raise ValidationError("文件是空的，请在模板中填写后上传。")
    header_number, header = raw[0]
    positions: dict[str, int] = {}
    for index, value in enumerate(header):
        key = _header_key(_cell_text(value), columns)
        if key is not None and key not in positions:
            positions[key] = index
    missing = [c.header for c in columns if c.required and c.key not in positions]
    if missing:
        raise ValidationError(
            f"第 {header_number} 行缺少列：{'、'.join(missing)}。请使用本页提供的"
            f"“{SHEET_TITLES[kind]}”导入模板，不要修改第一行列名。"
        )
    result = []
    for number, values in raw[1:]:
        row = {
            c.key: _cell_text(values[positions[c.key]])
            if c.key in positions and positions[c.key] < len(values)
            else ""
            for c in columns
        }
        if not any(row.values()):
            continue
        if row[columns[0].key].startswith((EXAMPLE_MARK, "(示例)", "示例")):
            continue
        result.append((number, row))
    if not result:
        raise ValidationError("文件中没有可导入的数据行（示例行不会导入）。")
    return result


# ---- checking rows --------------------------------------------------------------------------


@dataclass
class CheckedRow:
    row: int
    values: dict
    errors: list[str] = field(default_factory=list)
    duplicate: str = ""

    @property
    def status(self) -> str:
        if self.errors:
            return "error"
        if self.duplicate:
            return "duplicate"
        return "ok"

    def as_json(self) -> dict:
        return {
            "row": self.row,
            "values": self.values,
            "errors": self.errors,
            "duplicate": self.duplicate,
            "status": self.status,
        }


def normalize_phone(text: str) -> str:
    phone = unicodedata.normalize("NFKC", text)
    phone = re.sub(r"[\s()（）]", "", phone).replace("—", "-").replace("－", "-")
    return phone.removeprefix("+86").removeprefix("86-")


def phone_problem(text: str) -> str | None:
    if not text:
        return None
    phone = normalize_phone(text)
    if _MOBILE.fullmatch(phone) or _LANDLINE.fullmatch(phone) or _SERVICE.fullmatch(phone):
        return None
    return (
        f"电话“{text}”格式不正确：手机号为 11 位数字（如 13800000000），"
        "座机为区号-号码（如 0518-85000000）。"
    )


def _length_problems(columns: list[Column], values: dict) -> list[str]:
    problems = []
    for column in columns:
        if column.required and not values.get(column.key):
            problems.append(f"缺少必填项“{column.label}”。")
        elif len(values.get(column.key, "")) > column.max_length:
            problems.append(f"“{column.label}”过长（最多 {column.max_length} 个字）。")
    return problems


def parse_roles(values: dict) -> tuple[list[str], list[str]]:
    """(role codes, problems) from the 角色 and 兼任角色 cells (labels or codes)."""
    names = [values.get("role", "")]
    names += [n for n in _SEPARATORS.split(values.get("extra_roles", "")) if n]
    roles, problems = [], []
    for name in names:
        if not name:
            continue
        code = ROLE_BY_LABEL.get(name) or (name if name in Role.values else None)
        if code is None:
            problems.append(f"未知的角色“{name}”，可选：{'、'.join(ROLE_BY_LABEL)}。")
        elif code not in roles:
            roles.append(code)
    return roles, problems


def check_user_rows(court: Court, rows: list[tuple[int, dict]]) -> list[CheckedRow]:
    divisions = {
        d.name: d for d in Division.objects.filter(court=court, is_active=True).order_by("id")
    }
    wanted = {v["username"].lower() for _, v in rows if v.get("username")}
    taken = {
        name.casefold()
        for name in User.objects.annotate(lowered=Lower("username"))
        .filter(lowered__in=wanted)
        .values_list("username", flat=True)
    }
    seen: dict[str, int] = {}
    checked = []
    for number, values in rows:
        row = CheckedRow(number, values, _length_problems(USER_COLUMNS, values))
        username = values.get("username", "")
        if username:
            try:
                _username_validator(username)
            except ValidationError:
                row.errors.append(
                    f"用户名“{username}”只能包含字母、数字、汉字和 @ . + - _，不能有空格。"
                )
        _, role_problems = parse_roles(values)
        row.errors += role_problems
        division = values.get("division", "")
        if division and division not in divisions:
            row.errors.append(
                f"本院没有名为“{division}”的庭室（或已停用），请先在“庭室”页面创建，或留空。"
            )
        problem = phone_problem(values.get("phone", ""))
        if problem:
            row.errors.append(problem)
        key = username.casefold()
        if key:
            if key in seen:
                row.duplicate = f"与第 {seen[key]} 行的用户名“{username}”重复，本行不会导入。"
            elif key in taken:
                row.duplicate = f"用户名“{username}”已有账户，本行不会导入。"
            else:
                seen[key] = number
        checked.append(row)
    return checked


def check_recipient_rows(court: Court, rows: list[tuple[int, dict]]) -> list[CheckedRow]:
    existing = set(
        RecipientUnit.objects.filter(court=court).values_list("normalized_name", flat=True)
    )
    in_file = {normalize_org_name(v.get("name", "")) for _, v in rows if v.get("name")}
    seen: dict[str, int] = {}
    checked = []
    for number, values in rows:
        row = CheckedRow(number, values, _length_problems(RECIPIENT_COLUMNS, values))
        kind = values.get("kind", "")
        if kind and kind not in KIND_BY_LABEL and kind not in UnitKind.values:
            row.errors.append(f"未知的单位类型“{kind}”，可选：{'、'.join(KIND_BY_LABEL)}。")
        problem = phone_problem(values.get("contact_phone", ""))
        if problem:
            row.errors.append(problem.replace("电话", "联系电话", 1))
        normalized = normalize_org_name(values.get("name", ""))
        superior = normalize_org_name(values.get("superior", ""))
        if superior:
            if superior == normalized:
                row.errors.append("上级主管机关不能是本单位自己。")
            elif superior not in existing and superior not in in_file:
                row.errors.append(
                    f"上级主管机关“{values['superior']}”既不是本院已登记的单位，也不在本文件中；"
                    "请先登记该单位，或在本文件中加上一行，或留空。"
                )
        if normalized:
            if normalized in seen:
                row.duplicate = (
                    f"与第 {seen[normalized]} 行是同一单位（名称规范化后相同），本行不会导入。"
                )
            elif normalized in existing:
                row.duplicate = "本院已登记该单位（名称规范化后相同），本行不会导入。"
            else:
                seen[normalized] = number
        checked.append(row)
    _flag_superior_cycles(checked, existing)
    return checked


def _flag_superior_cycles(checked: list[CheckedRow], existing: set[str]) -> None:
    """A unit whose superior (in the file) can never be created first — a cycle, or a chain
    ending at a row that will not be imported — is an error too."""
    pending = {normalize_org_name(r.values["name"]): r for r in checked if r.status == "ok"}
    created = set(existing)
    progress = True
    while pending and progress:
        progress = False
        for name, row in list(pending.items()):
            superior = normalize_org_name(row.values.get("superior", ""))
            if not superior or superior in created:
                created.add(name)
                del pending[name]
                progress = True
    for row in pending.values():
        row.errors.append(
            f"上级主管机关“{row.values['superior']}”在本文件中有错误、重复或互为上级，无法先行登记。"
        )


def check_rows(kind: ImportKind, court: Court, rows: list[tuple[int, dict]]) -> list[CheckedRow]:
    if kind == ImportKind.USERS:
        return check_user_rows(court, rows)
    return check_recipient_rows(court, rows)


# ---- preview and confirm --------------------------------------------------------------------


@transaction.atomic
def preview_upload(*, actor, kind: str, uploaded_file) -> ImportPreview:
    """Read and check an upload; store the result for confirmation. Writes nothing else."""
    kind = _check_kind(kind)
    _require(actor, kind)
    rows = rows_from_sheet(kind, read_xlsx_rows(uploaded_file))
    checked = check_rows(kind, actor.court, rows)
    now = timezone.now()
    ImportPreview.objects.filter(expires_at__lt=now).delete()
    from fengqiao.suggestions.uploads import clean_filename

    return ImportPreview.objects.create(
        token=secrets.token_urlsafe(32),
        kind=kind,
        court=actor.court,
        created_by=actor,
        filename=clean_filename(getattr(uploaded_file, "name", ""))[:200] or "上传文件.xlsx",
        rows=[row.as_json() for row in checked],
        expires_at=now + timedelta(minutes=PREVIEW_MINUTES),
    )


def preview_for(*, actor, token: str) -> ImportPreview:
    """The actor's own pending preview; a Chinese error when it is gone or expired."""
    preview = ImportPreview.objects.filter(token=token, created_by=actor).first()
    if preview is None:
        raise ValidationError("找不到这次导入预览（可能已确认或已过期），请重新上传文件。")
    _require(actor, ImportKind(preview.kind))
    if preview.court_id != actor.court_id:
        raise PermissionDenied("只能确认本院的导入。")
    return preview


@dataclass
class ImportResult:
    kind: ImportKind
    created: list = field(default_factory=list)  # users: (user, password); units: unit
    skipped: list[CheckedRow] = field(default_factory=list)


@transaction.atomic
def confirm_import(*, actor, token: str) -> ImportResult:
    """Write every row that is valid now; one transaction, one batch audit entry."""
    preview = preview_for(actor=actor, token=token)
    preview = ImportPreview.objects.select_for_update().get(pk=preview.pk)
    if preview.confirmed_at is not None:
        raise ValidationError("这次导入已经确认过，不会重复写入。")
    if preview.expired:
        raise ValidationError(f"预览已超过 {PREVIEW_MINUTES} 分钟有效期，请重新上传文件后再确认。")
    kind = ImportKind(preview.kind)
    rows = [(r["row"], r["values"]) for r in preview.rows]
    checked = check_rows(kind, preview.court, rows)
    result = ImportResult(kind)
    valid = [r for r in checked if r.status == "ok"]
    result.skipped = [r for r in checked if r.status != "ok"]
    if kind == ImportKind.USERS:
        _create_users(actor, preview.court, valid, result)
    else:
        _create_units(actor, preview.court, valid, result)
    preview.confirmed_at = timezone.now()
    preview.rows = []  # the parsed personal data is not kept once written
    preview.save(update_fields=["confirmed_at", "rows"])
    audit_record(
        actor=actor,
        code="user.bulk_import" if kind == ImportKind.USERS else "recipient.bulk_import",
        obj=preview,
        court=preview.court_id,
        after={
            "file": preview.filename,
            "created": len(result.created),
            "skipped_rows": [r.row for r in result.skipped],
        },
    )
    return result


def _create_users(actor, court: Court, rows: list[CheckedRow], result: ImportResult) -> None:
    from fengqiao.administration.services import user_create_with_temporary_password

    divisions = {d.name: d for d in Division.objects.filter(court=court, is_active=True)}
    for row in rows:
        values = row.values
        roles, _ = parse_roles(values)
        user, password = user_create_with_temporary_password(
            actor=actor,
            court=court,
            username=values["username"],
            full_name=values["full_name"],
            roles=roles,
            division=divisions.get(values.get("division", "")),
            phone=normalize_phone(values.get("phone", "")) if values.get("phone") else "",
        )
        result.created.append((user, password))


def _create_units(actor, court: Court, rows: list[CheckedRow], result: ImportResult) -> None:
    from fengqiao.administration.services import recipient_unit_create

    units = {
        u.normalized_name: u for u in RecipientUnit.objects.filter(court=court).only("pk", "name")
    }
    pending = list(rows)
    while pending:
        remaining = []
        for row in pending:
            values = row.values
            superior_key = normalize_org_name(values.get("superior", ""))
            if superior_key and superior_key not in units:
                remaining.append(row)
                continue
            kind = KIND_BY_LABEL.get(values["kind"], values["kind"])
            unit = recipient_unit_create(
                actor=actor,
                court=court,
                name=values["name"],
                kind=kind,
                superior=units.get(superior_key) if superior_key else None,
                address=values.get("address", ""),
                contact_name=values.get("contact_name", ""),
                contact_phone=normalize_phone(values.get("contact_phone", ""))
                if values.get("contact_phone")
                else "",
            )
            units[unit.normalized_name] = unit
            result.created.append(unit)
        if len(remaining) == len(pending):  # cannot happen after the checks; never loop
            result.skipped += remaining
            break
        pending = remaining


def summary(rows: list[dict]) -> dict[str, int]:
    counts = {"ok": 0, "error": 0, "duplicate": 0}
    for row in rows:
        counts[row["status"]] += 1
    counts["total"] = len(rows)
    return counts
