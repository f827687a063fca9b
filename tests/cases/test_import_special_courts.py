"""Courts the registry lacks — railway transport, 农垦, 林区, 开发区/高新区 courts, and judgments
with old-style (pre-2016) 案号 代字: registered under the parent the printed name makes certain,
else quarantined with the reason."""

from __future__ import annotations

import json
import tarfile

import pytest

from fengqiao.audit.models import AuditEntry
from fengqiao.cases.models import Case, QuarantinedRecord
from fengqiao.cases.services import import_cases
from fengqiao.courts.models import Court
from fengqiao.courts.registry import infer_parent, registry_index
from fengqiao.textlaw.judgment import parse_judgment

_HEAD = "{court}\n刑事判决书\n{number}\n公诉机关{court_short}人民检察院。\n被告人张某，男，1980年1月1日出生。\n"
_BODY = "经审理查明，2014年3月被告人张某窃取财物价值人民币三千元。本院认为，被告人张某犯盗窃罪。"


def _opening(court: str, number: str) -> str:
    short = court.removesuffix("人民法院").removesuffix("法院")
    return _HEAD.format(court=court, number=number, court_short=short) + _BODY


def _write(folder, texts: list[str]) -> None:
    folder.mkdir(exist_ok=True)
    (folder / "docs.jsonl").write_text(
        "".join(json.dumps({"fullText": t}, ensure_ascii=False) + "\n" for t in texts),
        encoding="utf-8",
    )


@pytest.mark.parametrize(
    ("name", "parent", "level"),
    [
        ("济南铁路运输法院", "济南铁路运输中级法院", "basic_special"),
        ("沈阳铁路运输法院", "沈阳铁路运输中级法院", "basic_special"),
        # no railway intermediate court in the province: its high court, appellate court to check
        ("福州铁路运输法院", "福建省高级人民法院", "basic_special"),
        ("黑龙江省建三江农垦法院", "黑龙江省高级人民法院", "basic_special"),
        ("黑龙江省伊春林区人民法院", "黑龙江省高级人民法院", "basic_special"),
        ("长春净月高新技术产业开发区人民法院", "吉林省长春市中级人民法院", "basic"),
        ("山东省菏泽经济开发区人民法院", "山东省菏泽市中级人民法院", "basic"),
        (
            "内蒙古自治区包头稀土高新技术产业开发区人民法院",
            "内蒙古自治区包头市中级人民法院",
            "basic",
        ),
        ("西安铁路运输中级法院二分院", None, ""),
    ],
)
def test_parent_from_the_name(name, parent, level):
    guess = infer_parent(name, registry_index())
    if parent is None:
        assert guess.parent is None and guess.why
        return
    assert guess.parent is not None and guess.parent.name == parent, guess.why
    assert guess.level == level


@pytest.mark.parametrize(
    "name",
    ["某某经济开发区人民法院", "高新技术产业开发区人民法院", "吉林省高级人民法院", "本院"],
)
def test_no_parent_when_the_name_does_not_make_it_certain(name):
    guess = infer_parent(name, registry_index())
    assert guess.parent is None
    assert guess.why  # a reason a person can act on


def test_old_style_numbers_register_the_court_under_its_parent(db, tmp_path):
    folder = tmp_path / "docs"
    _write(
        folder,
        [
            _opening("沈阳铁路运输法院", "（2014）沈铁刑初字第5号"),
            _opening("大庆高新技术产业开发区人民法院", "（2015）庆高新刑初字第12号"),
            _opening("黑龙江省红兴隆农垦法院", "（2013）红刑初字第3号"),
            # a 2016-form 代字 whose intermediate court is not in the registry: the name decides,
            # the 代字 is kept
            _opening("福州铁路运输法院", "（2017）闽7101刑初8号"),
            # nothing in the name says where it is
            _opening("某某经济开发区人民法院", "（2014）某开刑初字第1号"),
        ],
    )
    _, summary = import_cases(paths=[folder])
    assert summary.imported == 4 and summary.quarantined == 1
    owners = {c.court_name: c.owner for c in Case.objects.select_related("owner__parent")}
    assert owners["沈阳铁路运输法院"].parent.name == "沈阳铁路运输中级法院"
    assert owners["沈阳铁路运输法院"].level == "special"
    assert owners["大庆高新技术产业开发区人民法院"].parent.name == "黑龙江省大庆市中级人民法院"
    assert owners["大庆高新技术产业开发区人民法院"].level == "basic"
    assert owners["黑龙江省红兴隆农垦法院"].parent.code == "黑"
    fuzhou = owners["福州铁路运输法院"]
    assert fuzhou.code == "闽7101" and fuzhou.parent.code == "闽"
    for court in owners.values():
        assert court.source == "import" and "待核" in court.registry_note
        assert court.path == f"{court.parent.path}{court.pk}/"
    # made-up 代字 are marked provisional and unique; old 代字 are noted, not kept as codes
    assert owners["沈阳铁路运输法院"].code == "辽71待1"
    assert "沈铁" in owners["沈阳铁路运输法院"].registry_note
    assert AuditEntry.objects.filter(code="court.create").count() == 4
    reason = QuarantinedRecord.objects.get().reason
    assert "无法确定所属法院" in reason and "地级市" in reason

    courts = Court.objects.count()
    _, again = import_cases(paths=[folder])
    assert again.imported == 0 and again.unchanged == 4
    assert Court.objects.count() == courts
    assert QuarantinedRecord.objects.count() == 1  # the same record is not quarantined twice


def test_real_judgments_of_courts_missing_from_the_registry(db, shared_data, tmp_path):
    """Every real LeCaRD judgment whose court the shipped registry cannot resolve is imported
    under a parent of its province (none quarantined)."""
    archive = shared_data / "lecard" / "candidates" / "candidates_dev10.tar.xz"
    if not archive.exists():
        pytest.skip(f"缺少 {archive}")
    index = registry_index()
    texts: list[str] = []
    with tarfile.open(archive) as tar:
        for member in tar:
            if not member.isfile() or not member.name.endswith(".json"):
                continue
            text = json.load(tar.extractfile(member)).get("qw") or ""
            parsed = parse_judgment(text)
            code = parsed.case_no.court_code if parsed.case_no else None
            if parsed.court_name and index.resolve(code=code, name=parsed.court_name) is None:
                texts.append(text)
    assert len(texts) >= 6  # railway, 农垦 and 开发区 courts, old and new 案号 forms
    folder = tmp_path / "real"
    _write(folder, texts)
    _, summary = import_cases(paths=[folder])
    assert summary.quarantined == 0, list(
        QuarantinedRecord.objects.values_list("reason", flat=True)
    )
    added = list(Court.objects.filter(source="import").select_related("parent"))
    assert added
    for court in added:
        assert court.parent.level in ("intermediate", "high", "special")
        assert "待核" in court.registry_note
        if "铁路运输" in court.name or "农垦" in court.name:
            assert court.level == "special"


def test_parent_inference_never_raises():
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    alphabet = "北京市福州济南长春铁路运输中级人民法院农垦林区开发区高新技术产业省县某"

    @settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.one_of(st.text(alphabet=alphabet, max_size=30), st.text(max_size=30)))
    def check(name: str) -> None:
        guess = infer_parent(name, registry_index())
        assert guess.parent is not None or guess.why

    check()
