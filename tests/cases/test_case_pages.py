from __future__ import annotations

from django.urls import reverse

from fengqiao.cases.models import Case, QuarantinedRecord
from fengqiao.cases.services import import_cases


def _import(world, generated_dir, tmp_path):
    import_cases(paths=[generated_dir], owner=world.basic)
    other = tmp_path / "other"
    other.mkdir()
    (other / "x.jsonl").write_text(
        (generated_dir / "cases.jsonl").read_text(encoding="utf-8").splitlines()[0] + "\n",
        encoding="utf-8",
    )


def test_case_list_and_detail_scoped_to_owner_court(world, client_for, generated_dir):
    import_cases(paths=[generated_dir], owner=world.basic)
    case = Case.objects.first()
    judge = client_for(world.users["judge"])
    listing = judge.get(reverse("cases:list")).content.decode()
    assert reverse("cases:detail", args=[case.pk]) in listing
    detail = judge.get(reverse("cases:detail", args=[case.pk]))
    assert detail.status_code == 200
    assert case.case_no in detail.content.decode()
    for outsider in ["judge_sibling", "judge_other", "recipient"]:
        client = client_for(world.users[outsider])
        status = client.get(reverse("cases:detail", args=[case.pk])).status_code
        assert status in {403, 404}, outsider
    sibling = client_for(world.users["judge_sibling"]).get(reverse("cases:list"))
    assert reverse("cases:detail", args=[case.pk]) not in sibling.content.decode()
    supervisor = client_for(world.users["supervisor_mid"])
    assert supervisor.get(reverse("cases:detail", args=[case.pk])).status_code == 200


def test_full_text_search_and_filters(world, client_for, generated_dir):
    import_cases(paths=[generated_dir], owner=world.basic)
    client = client_for(world.users["judge"])
    case = Case.objects.exclude(cause="").first()
    page = client.get(reverse("cases:list"), {"cause": case.cause}).content.decode()
    assert reverse("cases:detail", args=[case.pk]) in page
    expected = Case.objects.filter(cause=case.cause).count()
    assert f"共 {expected} 件" in page
    word = case.cause[:2]
    hits = client.get(reverse("cases:list"), {"q": word}).content.decode()
    assert "没有符合条件的案件" not in hits
    party = case.parties.first()
    by_party = client.get(reverse("cases:list"), {"party": party.name}).content.decode()
    assert reverse("cases:detail", args=[case.pk]) in by_party
    nothing = client.get(reverse("cases:list"), {"q": "完全不可能出现的词语组合锟斤拷"})
    assert "没有符合条件的案件" in nothing.content.decode()


def test_search_never_returns_other_courts_cases(world, client_for, generated_dir):
    import_cases(paths=[generated_dir], owner=world.basic_other)
    client = client_for(world.users["judge"])
    case = Case.objects.exclude(cause="").first()
    page = client.get(reverse("cases:list"), {"q": case.cause[:2]}).content.decode()
    assert "没有符合条件的案件" in page


def test_quarantine_page(world, client_for, tmp_path):
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "note.txt").write_text("会议通知：明天开会。", encoding="utf-8")
    import_cases(paths=[folder], owner=world.basic)
    assert QuarantinedRecord.objects.count() == 1
    page = client_for(world.users["research"]).get(reverse("cases:quarantine")).content.decode()
    assert "未找到案号" in page
    assert client_for(world.users["judge"]).get(reverse("cases:quarantine")).status_code == 403
    other = client_for(world.users["supervisor_high"]).get(reverse("cases:quarantine"))
    assert "未找到案号" in other.content.decode()


def test_year_filter_lists_each_year_once(world, client_for, generated_dir):
    import_cases(paths=[generated_dir], owner=world.basic)
    years = sorted(set(Case.objects.exclude(year=None).values_list("year", flat=True)))
    assert Case.objects.count() > len(years)  # several cases share a year
    page = client_for(world.users["judge"]).get(reverse("cases:list")).content.decode()
    for year in years:
        assert page.count(f'<option value="{year}"') == 1, year
