"""Shared helpers (no tests): small fictional judgments and LeCaRD access for test_similar_*."""

from __future__ import annotations

import json
import os
import tarfile
from collections import defaultdict
from functools import cache
from pathlib import Path

import pytest


def _judgment(court: str, no: str, name: str, facts: str, charge: str, reasoning: str) -> str:
    return (
        f"{court}人民法院 刑事判决书 （2019）{no}号 公诉机关{court}人民检察院。 "
        f"被告人{name}，男，1980年1月1日出生，汉族，住{court}。 "
        f"{court}人民检察院以起诉书指控被告人{name}犯{charge}，于2019年3月1日向本院提起公诉。"
        f"本院依法组成合议庭，公开开庭审理了本案。现已审理终结。 "
        f"经审理查明，{facts} 上述事实，有证人证言、被告人供述等证据证实，足以认定。 "
        f"本院认为，{reasoning}其行为已构成{charge}。依照《中华人民共和国刑法》之规定，判决如下： "
        f"被告人{name}犯{charge}，判处有期徒刑一年。 如不服本判决，可在接到判决书的第二日起十日内提出上诉。"
        f" 审判长林立 审判员周正 二〇一九年五月六日 书记员何青"
    )


THEFT_QUERY = (
    "2018年6月3日凌晨，被告人钱进撬开被害人家中房门，入户盗窃笔记本电脑一台、金项链一条，"
    "经鉴定价值人民币8000元。次日被告人将所盗项链销赃。"
)

CANDIDATES = {
    "theft-a": _judgment(
        "杭州市西湖区",
        "浙0106刑初101",
        "孙强",
        "2018年9月2日凌晨，被告人孙强撬开被害人住宅房门入户盗窃，窃得笔记本电脑一台、金手镯一只，"
        "经鉴定价值人民币9500元。被告人将所盗财物销赃获利。",
        "盗窃罪",
        "被告人孙强以非法占有为目的，入户盗窃他人财物，数额较大，",
    ),
    "theft-b": _judgment(
        "宁波市鄞州区",
        "浙0212刑初55",
        "李明",
        "2018年3月，被告人李明在超市内趁被害人不备，窃得其手机一部，价值人民币3000元。",
        "盗窃罪",
        "被告人李明以非法占有为目的，秘密窃取他人财物，数额较大，",
    ),
    "traffic": _judgment(
        "温州市鹿城区",
        "浙0302刑初77",
        "赵刚",
        "2018年5月1日，被告人赵刚驾驶小型轿车行驶至路口时，未注意观察路面情况，撞倒行人，"
        "致被害人经抢救无效死亡。经认定，被告人负事故全部责任。",
        "交通肇事罪",
        "被告人赵刚违反交通运输管理法规，发生重大交通事故，致一人死亡，",
    ),
    "gambling": _judgment(
        "金华市婺城区",
        "浙0702刑初12",
        "周平",
        "2018年间，被告人周平在其租住的房屋内设置赌桌，组织他人以扑克牌赌博，从中抽头渔利人民币2万元。",
        "开设赌场罪",
        "被告人周平以营利为目的，开设赌场，",
    ),
}


def shared_data_dir() -> Path | None:
    given = os.environ.get("FENGQIAO_SHARED_DATA")
    path = Path(given) if given else Path(__file__).resolve().parents[2].parent / "shared" / "data"
    return path if (path / "lecard").is_dir() else None


@cache
def _lecard(
    root: Path,
) -> tuple[dict[str, dict], dict[str, dict[str, str]], dict[str, dict[str, int]]]:
    lecard = root / "lecard"
    queries = {}
    for line in (lecard / "split" / "query_dev10.json").read_text("utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            queries[str(row["ridx"])] = row
    labels = json.loads((lecard / "split" / "label_top30_dict_dev10.json").read_text("utf-8"))
    texts: dict[str, dict[str, str]] = defaultdict(dict)
    with tarfile.open(lecard / "candidates" / "candidates_dev10.tar.xz") as archive:
        for member in archive:
            if member.isfile() and member.name.endswith(".json"):
                _, ridx, name = member.name.split("/")
                handle = archive.extractfile(member)
                assert handle is not None
                texts[ridx][name[:-5]] = json.load(handle)["qw"]
    return queries, dict(texts), labels


def lecard() -> tuple[dict[str, dict], dict[str, dict[str, str]], dict[str, dict[str, int]]]:
    root = shared_data_dir()
    if root is None:
        pytest.skip("LeCaRD not found: needs ../shared/data/lecard (or FENGQIAO_SHARED_DATA)")
    return _lecard(root)
