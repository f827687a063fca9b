"""Private stand-ins for ``fengqiao.textlaw`` while that package is not available.

Only what the similar-case engine needs: a marker-based section splitter for Chinese
judgments, an rjieba tokenizer and a small synthetic judgment generator for volume tests.
``_textlaw`` prefers the real implementations whenever they can be imported.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

import rjieba

SECTION_ORDER = ("header", "parties", "claims", "facts", "reasoning", "judgment", "tail")

# Each section starts at the first match of its marker after the previous section's start.
_MARKERS: dict[str, re.Pattern[str]] = {
    "parties": re.compile(
        r"(?:原公诉机关|公诉机关|抗诉机关|上诉人|被上诉人|原审被告人|被告人|原告|被告|申请人|"
        r"被申请人|申请执行人|被执行人|罪犯)"
    ),
    "claims": re.compile(
        r"(?:检察院指控|公诉机关指控|起诉书指控|指控[:：，,]|原判认定|原审判决认定|原判决认定|"
        r"一审判决认定|诉称|诉讼请求|上诉称|上诉请求)"
    ),
    "facts": re.compile(
        r"(?:经审理查明|经二审审理查明|经本院审理查明|本院查明|审理查明|经审查查明)"
    ),
    "reasoning": re.compile(r"(?:本院认为|本院经审查认为)"),
    "judgment": re.compile(r"(?:判决如下|裁定如下|决定如下|判处如下)"),
    "tail": re.compile(
        r"(?:如不服本判决|如不服本裁定|本判决为终审判决|本裁定为终审裁定|审\s*判\s*长|审\s*判\s*员)"
    ),
}
_CASE_NO = re.compile(r"[（(〔\[［]\s*(\d{4})\s*[）)〕\]］]\s*[\u4e00-\u9fff\d]{1,12}?号")
_COURT = re.compile(r"^\s*([\u4e00-\u9fff]{2,40}?(?:人民法院|法院|法庭))")
_PARTY = re.compile(
    r"(公诉机关|上诉人|被上诉人|原审被告人|被告人|原告|被告|第三人|申请人|被申请人)"
    r"(?:（[^）]{0,12}）)?[:：]?\s*([\u4e00-\u9fff·A-Za-z0-9×某]{2,40}?)[，,。；;（(]"
)
_CIVIL_CAUSE = re.compile(r"([\u4e00-\u9fff、]{2,24}?(?:纠纷|争议))")
_TITLE = re.compile(r"(刑事|民事|行政|执行)(?:附带民事)?(?:判决书|裁定书|调解书|决定书)")
_KINDS = {"刑": "criminal", "民": "civil", "行": "admin", "执": "execution"}
_TITLE_KINDS = {"刑事": "criminal", "民事": "civil", "行政": "admin", "执行": "execution"}


def _kind(case_no: re.Match[str] | None, head: str) -> str | None:
    if case_no:
        for char in case_no.group(0)[case_no.end(1) - case_no.start(0) :]:
            if char in _KINDS:
                return _KINDS[char]
    title = _TITLE.search(head)
    return _TITLE_KINDS[title.group(1)] if title else None


@dataclass(frozen=True)
class Party:
    name: str
    role: str
    kind: str = "unknown"


@dataclass
class Judgment:
    text: str
    sections: dict[str, str] = field(default_factory=dict)
    cause: str | None = None
    parties: list[Party] = field(default_factory=list)
    court_name: str | None = None
    case_no: str | None = None
    year: int | None = None
    kind: str | None = None


def _section_spans(text: str) -> dict[str, tuple[int, int]]:
    starts: dict[str, int] = {"header": 0}
    cursor = 0
    for name in SECTION_ORDER[1:]:
        match = _MARKERS[name].search(text, cursor)
        if match is None:
            continue
        starts[name] = match.start()
        cursor = match.start()
    ordered = sorted(starts.items(), key=lambda kv: kv[1])
    spans: dict[str, tuple[int, int]] = {}
    for i, (name, start) in enumerate(ordered):
        end = ordered[i + 1][1] if i + 1 < len(ordered) else len(text)
        if end > start:
            spans[name] = (start, end)
    return spans


def parse_judgment(text: str) -> Judgment:
    """Split a judgment into sections by the usual headings; tolerant of partial texts."""
    spans = _section_spans(text)
    sections = {name: text[a:b].strip() for name, (a, b) in spans.items()}
    header = sections.get("header", "")
    court = _COURT.search(header)
    case_no = _CASE_NO.search(text[:400])
    parties: list[Party] = []
    seen: set[str] = set()
    for role, name in _PARTY.findall(sections.get("parties", "")):
        if name not in seen:
            seen.add(name)
            kind = (
                "org"
                if re.search(r"(公司|机关|检察院|银行|厂|局|委员会|中心)$", name)
                else "person"
            )
            parties.append(Party(name=name, role=role, kind=kind))
    kind = _kind(case_no, text[:300])
    cause_match = _CIVIL_CAUSE.search(text[:600]) if kind != "criminal" else None
    return Judgment(
        text=text,
        sections=sections,
        cause=cause_match.group(1) if cause_match else None,
        parties=parties,
        court_name=court.group(1) if court else None,
        case_no=case_no.group(0) if case_no else None,
        year=int(case_no.group(1)) if case_no else None,
        kind=kind,
    )


def tokenize(text: str) -> list[str]:
    return [tok for tok in rjieba.cut(text) if tok.strip()]


_PLACES = ("东城区", "西湖区", "武侯区", "天河区", "鼓楼区", "江北区", "雁塔区", "南山区")
_CRIMES = {
    "盗窃罪": "秘密窃取他人财物，窃得手机一部、现金{n}元，经鉴定价值人民币{v}元",
    "诈骗罪": "虚构事实、隐瞒真相，以投资为名骗取被害人钱款人民币{v}元",
    "故意伤害罪": "因琐事与被害人发生争执，持木棍殴打被害人，致其轻伤二级",
    "危险驾驶罪": "醉酒驾驶小型轿车，经检测血液酒精含量为{n}mg/100ml",
    "贩卖毒品罪": "以人民币{n}元的价格向吸毒人员贩卖甲基苯丙胺{g}克",
    "开设赌场罪": "在出租屋内设置赌博机{g}台供他人赌博，非法获利人民币{v}元",
}


def generate_judgments(n: int, seed: int = 0) -> Iterator[str]:
    """Tiny synthetic criminal judgments (only for volume benchmarks)."""
    rng = random.Random(seed)
    crimes = list(_CRIMES)
    for i in range(n):
        crime = rng.choice(crimes)
        place = rng.choice(_PLACES)
        year = rng.randint(2014, 2023)
        fact = _CRIMES[crime].format(
            n=rng.randint(80, 400), v=rng.randint(500, 90000), g=rng.randint(1, 60)
        )
        name = f"{rng.choice('王李张刘陈杨赵黄周吴')}某{i % 97}"
        yield (
            f"某市{place}人民法院 刑事判决书 （{year}）某0{rng.randint(100, 999)}刑初{i}号 "
            f"公诉机关某市{place}人民检察院。 被告人{name}，男，汉族。 "
            f"某市{place}人民检察院指控被告人{name}犯{crime[:-1]}罪，向本院提起公诉。 "
            f"经审理查明，{year}年{rng.randint(1, 12)}月，被告人{name}在{place}{fact}。 "
            f"本院认为，被告人{name}的行为已构成{crime}。依照《中华人民共和国刑法》之规定，判决如下："
            f" 被告人{name}犯{crime}，判处有期徒刑{rng.randint(1, 10)}年。 审判长某某 书记员某某"
        )
