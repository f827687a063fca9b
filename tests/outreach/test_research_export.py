"""The research export: anonymisation, data dictionary, scope, record, CLI and page."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date

import polars as pl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from fengqiao.audit.models import AuditEntry
from fengqiao.courts.models import Role
from fengqiao.library import services as library_services
from fengqiao.library.models import LibraryEntry
from fengqiao.outreach import research, services
from fengqiao.outreach.models import ResearchExport
from fengqiao.suggestions.models import Suggestion
from tests.outreach.conftest import (
    AMOUNT,
    AMOUNT_BAND,
    BIRTH,
    PERSON,
    PLANTED,
    TODAY_RANGE,
    delivered_planted,
    planted_letter,
    research_user,
)
from tests.suggestions.conftest import advance, make

FROM, TO = TODAY_RANGE


def export_for(world, *, subtree=False, actor=None, court=None) -> ResearchExport:
    return services.research_export_create(
        actor=actor or world.users[Role.RESEARCH],
        court=court or world.basic,
        subtree=subtree,
        date_from=FROM,
        date_to=TO,
        recipient_institution="某某大学法学院",
        agreement_number="DSA-2026-01",
        agreement_title="司法建议数据使用协议",
        agreement_date=date(2026, 1, 5),
    )


def all_text(export: ResearchExport) -> str:
    """Every byte of every file as text (Parquet: every string cell)."""
    folder = services.export_folder(export)
    parts = []
    for f in export.files:
        path = folder / f["name"]
        if f["name"].endswith(".parquet"):
            frame = pl.read_parquet(path)
            for column in frame.columns:
                parts += [str(v) for v in frame[column].to_list()]
        else:
            parts.append(path.read_text(encoding="utf-8-sig"))
    return "\n".join(parts)


def read_csv(export: ResearchExport, name: str) -> list[dict[str, str]]:
    path = services.export_folder(export) / name
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_export_anonymises_names_birth_dates_and_amounts(world):
    s = delivered_planted(world)
    # the original holds them all
    original = s.latest_version().content["problems"][0]["body"] + s.replies.get().content
    assert PERSON in original and BIRTH in original and AMOUNT in original
    export = export_for(world)
    text = all_text(export)
    assert PERSON not in text
    assert BIRTH not in text and "3月2日" not in text
    assert AMOUNT not in text and "52000" not in text
    assert AMOUNT_BAND in text  # the amount, banded
    assert "1985年" in text  # the birth date, reduced to its year
    # no recipient name, no 文号, no contact person
    assert world.unit.name not in text
    assert s.doc_number not in text
    assert "周静" not in text and "0518-82345678" not in text
    items = read_csv(export, "items.csv")
    assert "被害人王某（1985年出生）" in items[0]["problem_text"]
    assert items[0]["outcome"] == "采纳" and items[1]["outcome"] == "未采纳"
    replies = read_csv(export, "replies.csv")
    assert len(replies) == 1 and AMOUNT_BAND in replies[0]["content_text"]
    letters = read_csv(export, "letters.csv")
    assert letters == [letters[0]]
    row = letters[0]
    assert row["letter_key"] == "L00001"
    assert row["recipient_kind"] == "党政机关" and row["domain"] == "房地产"
    assert row["delivered_on"] == s.delivered_on.isoformat()  # kept at day precision
    assert row["items_total"] == "2" and row["items_adopted"] == "1"
    assert row["items_not_adopted"] == "1" and row["outcome"] == "部分采纳"
    assert row["replied_in_time"] == "true" and row["reply_count"] == "1"


def test_reviewer_masks_of_the_library_carry_into_the_export(world):
    """A name the recognisers miss, masked by hand in the library's review, stays masked."""
    s = planted_letter(world, problem=PLANTED + "另有业主张明华多次投诉无果。")
    s = advance(world, s, upto="delivered")
    entry = LibraryEntry.objects.get(suggestion=s)  # shared on delivery, pending review
    assert "张明华" in all_text(export_for(world))  # no role cue: the recognisers miss it
    library_services.entry_add_mask(actor=world.users[Role.RESEARCH], entry=entry, text="张明华")
    text = all_text(export_for(world))
    assert "张明华" not in text
    assert "另有业主×××多次投诉无果" in text


def test_the_data_dictionary_covers_every_column_of_every_file(world):
    delivered_planted(world)
    export = export_for(world)
    folder = services.export_folder(export)
    names = {f["name"] for f in export.files}
    assert names == {
        "letters.csv",
        "letters.parquet",
        "items.csv",
        "items.parquet",
        "replies.csv",
        "replies.parquet",
        "data_dictionary.csv",
        "README.md",
    }
    dictionary = read_csv(export, "data_dictionary.csv")
    described = {(row["file"], row["field"]) for row in dictionary}
    assert all(row["description"] and row["type"] and row["anonymisation"] for row in dictionary)
    columns = set()
    for name in names:
        path = folder / name
        if name.endswith(".csv"):
            with path.open(encoding="utf-8-sig", newline="") as handle:
                header = next(csv.reader(handle))
            columns |= {(name, c) for c in header}
            assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # BOM for Excel
        elif name.endswith(".parquet"):
            columns |= {(name, c) for c in pl.read_parquet_schema(path)}
    assert columns == described
    # the parquet files carry types
    schema = pl.read_parquet_schema(folder / "letters.parquet")
    assert schema["delivered_on"] == pl.Date and schema["items_total"] == pl.Int64
    # the README names every other file with its SHA-256, as recorded
    readme = (folder / "README.md").read_text(encoding="utf-8")
    for f in export.files:
        assert research.sha256_of(folder / f["name"]) == f["sha256"]
        if f["name"] != "README.md":
            assert f["sha256"] in readme
    assert "某某大学法学院" in readme and "DSA-2026-01" in readme


def test_scope_own_court_or_subtree(world):
    own = delivered_planted(world)
    sibling = make(world, title="校园周边食品安全监管", upto="delivered")
    # the sibling court's letter (moved there: the scope only reads the court)
    Suggestion.objects.filter(pk=sibling.pk).update(court=world.basic_sibling)
    other = make(world, title="网络直播营销监管", upto="delivered")
    Suggestion.objects.filter(pk=other.pk).update(court=world.basic_other)
    draft = make(world, title="仍在起草的建议", upto="drafting")
    assert draft.state == "drafting"

    mid_research = research_user(world, world.mid, "mid_research")
    in_subtree = export_for(world, actor=mid_research, court=world.mid, subtree=True)
    assert in_subtree.letters == 2 and in_subtree.scope == ResearchExport.Scope.SUBTREE
    courts = {row["court_name"] for row in read_csv(in_subtree, "letters.csv")}
    assert courts == {world.basic.name, world.basic_sibling.name}
    assert export_for(world, actor=mid_research, court=world.mid).letters == 0
    mine = export_for(world)
    assert mine.letters == 1 and mine.scope == ResearchExport.Scope.OWN
    assert read_csv(mine, "letters.csv")[0]["court_name"] == world.basic.name
    assert own.court_id == world.basic.pk
    # a supervisor of the high court, for its whole subtree
    high = export_for(world, actor=world.users["supervisor_high"], court=world.high, subtree=True)
    assert high.letters == 3
    # nobody exports another court's data, nor without the permission
    with pytest.raises(PermissionDenied):
        export_for(world, actor=world.users[Role.RESEARCH], court=world.mid, subtree=True)
    with pytest.raises(PermissionDenied):
        export_for(world, actor=world.users[Role.JUDGE])
    with pytest.raises(PermissionDenied):
        export_for(world, actor=world.users["recipient"])


def test_the_record_and_audit(world):
    delivered_planted(world)
    export = export_for(world)
    export.refresh_from_db()
    assert export.created_by == world.users[Role.RESEARCH] and export.created_at
    assert export.court == world.basic and export.period_from == FROM and export.period_to == TO
    assert export.recipient_institution == "某某大学法学院"
    assert export.agreement_number == "DSA-2026-01" and export.agreement_date == date(2026, 1, 5)
    assert all(len(f["sha256"]) == 64 for f in export.files)
    assert (export.letters, export.items, export.replies) == (1, 2, 1)
    entry = AuditEntry.objects.get(code="outreach.export", object_id=str(export.pk))
    assert "DSA-2026-01" in str(entry.after)
    with pytest.raises(ValidationError):
        services.research_export_create(
            actor=world.users[Role.RESEARCH],
            court=world.basic,
            subtree=False,
            date_from=date(2026, 2, 1),
            date_to=date(2026, 1, 1),
        )


def test_cli_exports_into_the_directory(world, tmp_path):
    delivered_planted(world)
    out = tmp_path / "out"
    buffer = io.StringIO()
    call_command(
        "export",
        "research",
        "--court",
        world.basic.code,
        "--from",
        FROM.isoformat(),
        "--to",
        TO.isoformat(),
        "--out",
        str(out),
        "--recipient",
        "某某大学法学院",
        "--agreement",
        "DSA-2026-02",
        stdout=buffer,
    )
    assert "司法建议 1 件" in buffer.getvalue()
    export = ResearchExport.objects.get()
    assert export.via == ResearchExport.Via.CLI and export.created_by is None
    assert export.agreement_number == "DSA-2026-02"
    for f in export.files:
        assert research.sha256_of(out / f["name"]) == f["sha256"]
    # the directory is not overwritten by a second export
    with pytest.raises(CommandError, match="换一个空目录"):
        call_command(
            "export", "research", "--court", world.basic.code, "--from", "2020-01-01",
            "--to", "2030-01-01", "--out", str(out),
        )  # fmt: skip


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "缺少必需的参数"),
        (["research", "--bogus"], "无法识别的参数"),
        (["csv"], "取值 'csv' 无效"),
        (["research", "--from", "2025-01-01", "--to", "2025-12-31", "--out", "x"], "--court"),
        (["research", "--court", "无此代字", "--from", "2025-01-01"], "没有代字为“无此代字”的法院"),
        (["research", "--court", "苏0791", "--to", "2025-12-31", "--out", "x"], "请用 --from"),
        (["research", "--court", "苏0791", "--from", "2025/1/1"], "格式不对"),
        (["research", "--court", "苏0791", "--from", "2025-01-01", "--to", "2025-13-01"], "格式不对"),
        (
            ["research", "--court", "苏0791", "--from", "2025-01-01", "--to", "2025-12-31"],
            "请用 --out",
        ),
        (
            ["research", "--court", "苏0791", "--from", "2025-12-01", "--to", "2025-01-31",
             "--out", "OUT"],
            "起始日期不能晚于截止日期",
        ),
    ],
)  # fmt: skip
def test_cli_argument_errors_are_in_chinese(world, tmp_path, args, message):
    args = [str(tmp_path / "o") if a == "OUT" else a for a in args]
    with pytest.raises(CommandError) as caught:
        call_command("export", *args)
    assert message in str(caught.value)
    assert not ResearchExport.objects.exists()


def test_page_creates_lists_and_downloads(world, client_for, django_assert_max_num_queries):
    delivered_planted(world)
    client = client_for(world.users[Role.RESEARCH])
    page = client.get("/outreach/exports/")
    assert page.status_code == 200 and "科研数据导出" in page.content.decode()
    response = client.post(
        "/outreach/exports/",
        {
            "date_from": "2000-01-01",
            "date_to": "2100-01-01",
            "recipient_institution": "某某大学法学院",
            "agreement_number": "DSA-2026-03",
        },
    )
    assert response.status_code == 302
    export = ResearchExport.objects.get()
    assert export.letters == 1 and export.via == ResearchExport.Via.WEB
    with django_assert_max_num_queries(12):
        listing = client.get("/outreach/exports/").content.decode()
    assert "DSA-2026-03" in listing and export.files[0]["sha256"] in listing
    download = client.get(f"/outreach/exports/{export.pk}/download/")
    assert download.status_code == 200 and download["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(download.content))
    assert sorted(n.split("/")[-1] for n in archive.namelist()) == sorted(
        f["name"] for f in export.files
    )
    assert AuditEntry.objects.filter(code="outreach.export_download").exists()
    # bad input: a Chinese message on the page, no export, no 500
    bad = client.post("/outreach/exports/", {"date_from": "2025-12-01", "date_to": "2025-01-01"})
    assert bad.status_code == 200 and "起始日期不能晚于截止日期" in bad.content.decode()
    assert ResearchExport.objects.count() == 1
    # a changed file is noticed before it leaves
    (services.export_folder(export) / "letters.csv").write_text("x", encoding="utf-8")
    broken = client.get(f"/outreach/exports/{export.pk}/download/", follow=True)
    assert "已被改动" in broken.content.decode()


def test_outsiders_get_403_or_404(world, client_for):
    delivered_planted(world)
    export = export_for(world)
    for user in (world.users[Role.JUDGE], world.users["recipient"]):
        client = client_for(user)
        assert client.get("/outreach/").status_code == 403
        assert client.get("/outreach/exports/").status_code == 403
        assert client.get(f"/outreach/exports/{export.pk}/download/").status_code == 403
    other = research_user(world, world.basic_other, "other_research")
    client = client_for(other)
    assert client.get("/outreach/exports/").status_code == 200
    assert client.get(f"/outreach/exports/{export.pk}/download/").status_code == 404
    # the supervisor of the mid court sees its subtree's exports
    client = client_for(world.users["supervisor_mid"])
    assert client.get(f"/outreach/exports/{export.pk}/download/").status_code == 200


def test_queries_do_not_grow_with_the_letters(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    delivered_planted(world)
    with CaptureQueriesContext(connection) as one:
        export_for(world)
    for _ in range(3):
        delivered_planted(world)
    with CaptureQueriesContext(connection) as four:
        assert export_for(world).letters == 4
    assert len(four) == len(one)


def test_page_subtree_export_by_a_superior_court(world, client_for):
    delivered_planted(world)
    mid_research = research_user(world, world.mid, "mid_research")
    client = client_for(mid_research)
    assert "包括辖区法院" in client.get("/outreach/exports/").content.decode()
    form = {
        "date_from": "2000-01-01",
        "date_to": "2100-01-01",
        "recipient_institution": "某某大学",
        "agreement_number": "DSA-7",
    }
    client.post("/outreach/exports/", {**form, "subtree": "on"})
    client.post("/outreach/exports/", form)
    subtree, own = ResearchExport.objects.order_by("pk")
    assert (subtree.scope, subtree.letters) == (ResearchExport.Scope.SUBTREE, 1)
    assert (own.scope, own.letters) == (ResearchExport.Scope.OWN, 0)
    # a court without subordinates is not offered the choice (and cannot force it)
    client = client_for(world.users[Role.RESEARCH])
    assert "包括辖区法院" not in client.get("/outreach/exports/").content.decode()
    client.post("/outreach/exports/", {**form, "subtree": "on"})
    assert ResearchExport.objects.order_by("pk").last().scope == ResearchExport.Scope.OWN
