"""Publication gate (法释〔2016〕19号 第四条) and the ``anonymize`` command."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from fengqiao.textlaw.anonymize import publication_blockers
from fengqiao.textlaw.anonymize.cli import main

CRIMINAL = (
    "某县人民法院 刑事判决书 （2018）湘0111刑初1号 公诉机关某县人民检察院。"
    " 被告人陈小明，男，{birth}出生，汉族，学生。 辩护人吴大为，某律师事务所律师。"
    " 某县人民检察院以某检刑诉〔2018〕1号起诉书指控被告人陈小明犯盗窃罪，于2018年3月1日向本院提起公诉。"
    "经审理查明：2017年10月3日，被告人陈小明在某超市盗窃手机一部。{extra}"
    "本院认为，被告人陈小明的行为已构成盗窃罪。 审判员 李正义 二〇一八年四月一日 书记员 郑清清"
)


def codes(text: str) -> list[str]:
    return [b.code for b in publication_blockers(text)]


def test_ordinary_adult_criminal_case_has_no_blocker() -> None:
    assert codes(CRIMINAL.format(birth="1990年5月1日", extra="")) == []


def test_juvenile_by_birth_date_against_offence_date() -> None:
    # 16 at the offence (2017-10-03) but 18 at the judgment: the offence date decides
    text = CRIMINAL.format(birth="2001年5月1日", extra="被告人的法定代理人到庭。")
    blockers = publication_blockers(text)
    assert [b.code for b in blockers] == ["juvenile_crime"]
    assert "陈小明" not in blockers[0].reason  # reasons never name anyone
    assert blockers[0].start is not None and "被告人" in text[blockers[0].start : blockers[0].end]


def test_juvenile_by_phrase_and_not_for_a_minor_victim() -> None:
    phrase = CRIMINAL.format(
        birth="1999年5月1日", extra="被告人陈小明犯罪时已满十六周岁不满十八周岁。"
    )
    assert codes(phrase) == ["juvenile_crime"]
    stated = CRIMINAL.format(birth="", extra="本案系未成年人犯罪。").replace("，出生", "")
    assert codes(stated) == ["juvenile_crime"]
    victim = CRIMINAL.format(
        birth="1990年5月1日", extra="被害人刘某系未成年人。被告人教唆不满十八周岁的人犯罪。"
    )
    assert codes(victim) == []


def test_mediation() -> None:
    assert codes("某县人民法院 民事调解书 （2019）湘0111民初5号 原告张三，男。 被告李四，男。") == [
        "mediation"
    ]
    confirm = "某县人民法院 民事裁定书 申请人张三、李四。 本院经审查，确认人民调解协议有效。"
    assert "mediation" in codes(confirm)
    long_facts = CRIMINAL.format(
        birth="1990年5月1日", extra="此前双方的借款纠纷已调解结案。" + "案情。" * 600
    )
    assert "mediation" not in codes(long_facts)  # an earlier civil case told in the facts


def test_divorce_and_custody() -> None:
    assert "divorce_custody" in codes(
        "某县人民法院 民事判决书 原告王丽与被告刘伟离婚纠纷一案，本院受理后……"
    )
    assert "divorce_custody" in codes(
        "某县人民法院 民事判决书 原告王丽与被告刘伟抚养费纠纷一案，本院受理后……"
    )
    assert "divorce_custody" not in codes(
        CRIMINAL.format(birth="1990年5月1日", extra="其有两个孩子需要抚养。")
    )


def test_state_secret_and_its_negation() -> None:
    assert "state_secret" in codes(
        CRIMINAL.format(birth="1990年5月1日", extra="因本案涉及国家秘密，不公开开庭审理。")
    )
    assert codes(CRIMINAL.format(birth="1990年5月1日", extra="本案不涉及国家秘密。")) == []


def test_blockers_from_a_parsed_judgment() -> None:
    class Parsed:
        doc_kind = "调解书"
        cause = "离婚纠纷"
        parties: list[object] = []

    got = {b.code for b in publication_blockers(Parsed(), text="原告王丽与被告刘伟离婚纠纷一案")}
    assert got == {"mediation", "divorce_custody"}


JUDGMENT = (
    "公诉机关某县人民检察院。 被告人王大山，男，1980年1月1日出生，住某县城关镇幸福路8号。"
    " 本院依法审理。被害人赵小红称，其手机号13812345678被盗。 审判员 李正义 二〇一八年四月一日 书记员 郑清清"
)


def run_cli(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str) -> str:
    monkeypatch.setattr(sys, "stdin", io.StringIO(JUDGMENT))
    assert main(list(args)) == 0
    return capsys.readouterr().out


def test_cli_text(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    out = run_cli(monkeypatch, capsys)
    assert "被害人赵某称" in out and "王大山" in out and "幸福路" not in out
    out = run_cli(monkeypatch, capsys, "--policy", "publish")
    assert "王大山" not in out and "李正义" in out


def test_cli_json(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    out = run_cli(monkeypatch, capsys, "--policy", "publish", "--json")
    assert "\\u" not in out  # ensure_ascii=False
    data = json.loads(out)
    assert set(data) >= {"text", "spans", "blockers"}
    span = data["spans"][0]
    assert set(span) >= {"start", "end", "text", "kind", "reason", "replacement"}
    assert JUDGMENT[span["start"] : span["end"]] == span["text"]
    assert data["blockers"] == []


def test_cli_empty_input(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("  "))
    assert main([]) == 2
    assert "输入为空" in capsys.readouterr().err


def test_python_dash_m_works() -> None:
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [sys.executable, "-m", "fengqiao.textlaw.anonymize.cli", "--policy", "rules"],
        input=JUDGMENT,
        capture_output=True,
        text=True,
        cwd=root,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "被害人赵某称" in done.stdout
