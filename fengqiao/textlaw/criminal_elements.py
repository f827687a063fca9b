"""Key elements a criminal lawyer compares between two cases (pure Python, no Django).

``extract_elements(text)`` reads a fact narrative or a full judgment and returns
``CriminalElements``:

- sentencing circumstances (量刑情节): 自首, 坦白, 立功, 累犯, 从犯, 主犯, 未遂, 中止,
  退赃退赔, 取得谅解, 认罪认罚, 前科 — a mention negated in its clause ("无自首情节",
  "不构成累犯", "不予认定为立功") does not count;
- statute articles cited (刑法第X条, from "依照《中华人民共和国刑法》第二百六十四条、第六十七条…");
- objects and means: drug types and the largest drug weight (grams), the largest money amount
  (元), weapons, the worst injury grade (轻微伤 < 轻伤 < 重伤 < 死亡), kinds of victim;
- the sentence imposed, as a band (months of 有期徒刑; 拘役/管制; 无期徒刑; 死刑).

Bands are on a log scale, so that "a few grams" and "hundreds of grams", "thousands of yuan"
and "millions" are far apart whatever the exact thresholds of a charge are.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

from fengqiao.textlaw.amounts import parse_amounts
from fengqiao.textlaw.numerals import CN_NUMERAL_CHARS, cn_numeral_to_int

CIRCUMSTANCES: dict[str, str] = {
    "自首": r"自首|主动投案|投案自首|主动到公安机关投案",
    "坦白": r"坦白|如实供述",
    "立功": r"立功",
    "累犯": r"累犯",
    "从犯": r"从犯|起次要作用|起辅助作用",
    "主犯": r"主犯|起主要作用",
    "未遂": r"未遂",
    "中止": r"犯罪中止",
    "退赃退赔": r"退赃|退赔|退还(?:全部|部分)?(?:赃款|赃物|违法所得)|积极赔偿|赔偿了?被害人",
    "取得谅解": r"谅解",
    "认罪认罚": r"认罪认罚",
    "前科": r"前科|刑满释放|曾因\S{0,12}?被判处|曾因\S{0,12}?被(?:行政)?拘留",
}
_CIRC_RE = {name: re.compile(pattern) for name, pattern in CIRCUMSTANCES.items()}
_CIRC_GROUP = {f"c{i}": name for i, name in enumerate(CIRCUMSTANCES)}
_ANY_CIRC = re.compile(
    "|".join(f"(?P<c{i}>{pattern})" for i, pattern in enumerate(CIRCUMSTANCES.values()))
)
# A negation between the clause start and the mention cancels it.
_NEGATION = re.compile(
    r"无(?!效|辜)|没有|不构成|不属于?|不能认定|不予认定|不应认定|不认定|不具有|不具备|不符合|不成立|"
    r"未能|未取得|未造成|未致|未发生|并非|不足以认定|否认|不予采纳|拒不|不宜|是否"
)
_CLAUSE_SPLIT = re.compile(r"[，。；;,！？!?\n]")
_SENTENCE_ENDS = "。；;！？!?\n"
_SENTENCE_SPLIT = re.compile(f"[{_SENTENCE_ENDS}]")
# Circumstances count as the court finds them: a sentence in a party's voice (a defence
# submission, an appeal ground, a request) proves nothing, whether or not the court answers it.
_PARTY_VOICE = re.compile(
    r"辩护人|辩护意见|辩称|辩解|上诉理由|上诉人提出|提出上诉|请求|恳请|要求对"
)

_CN = CN_NUMERAL_CHARS
_NUM = rf"(?:\d+(?:\.\d+)?|[{_CN}]+)"

DRUGS: dict[str, str] = {
    "海洛因": r"海洛因",
    "甲基苯丙胺": r"甲基苯丙胺|冰毒",
    "甲基苯丙胺片剂": r"麻古|麻果",
    "氯胺酮": r"氯胺酮|K粉|k粉",
    "大麻": r"大麻",
    "可卡因": r"可卡因",
    "鸦片": r"鸦片",
    "MDMA": r"摇头丸|MDMA|亚甲二氧基甲基苯丙胺",
    "美沙酮": r"美沙酮",
    "吗啡": r"吗啡",
    "曲马多": r"曲马多",
    "罂粟": r"罂粟",
}
_DRUG_RE = {name: re.compile(pattern) for name, pattern in DRUGS.items()}
_WEIGHT_RE = re.compile(rf"({_NUM})\s*(千克|公斤|克|g|kg)(?![a-zA-Z])")
_WEIGHT_UNIT = {"千克": 1000.0, "公斤": 1000.0, "kg": 1000.0, "克": 1.0, "g": 1.0}

WEAPONS: dict[str, str] = {
    "刀": r"(?:菜|砍|水果|尖|匕|弹簧|西瓜|折叠|管制)?刀(?!片|具店)|匕首",
    "枪": r"枪支|手枪|猎枪|气枪|枪(?:械|弹)|仿真枪",
    "棍棒": r"棍|棒|钢管|铁管|木方|锄头|铁锹",
    "砖石": r"砖头|砖块|石块|石头",
    "酒瓶": r"酒瓶|玻璃瓶",
    "爆炸物": r"炸药|雷管|爆炸物",
    "车辆": r"驾车撞|驾驶\S{0,8}?撞击|开车撞",
}
_WEAPON_RE = {name: re.compile(pattern) for name, pattern in WEAPONS.items()}

# Worst injury: 0 none, 1 轻微伤, 2 轻伤, 3 重伤, 4 死亡.
INJURY_GRADES = ("", "轻微伤", "轻伤", "重伤", "死亡")
_INJURY_RE = re.compile(r"轻微伤|轻伤|重伤|死亡|身亡|致死|死于")
_INJURY_OF = {"轻微伤": 1, "轻伤": 2, "重伤": 3, "死亡": 4, "身亡": 4, "致死": 4, "死于": 4}

VICTIMS: dict[str, str] = {
    "未成年人": r"未成年|幼女|儿童|未满十[四六八]周岁|不满十[四六八]周岁|学生",
    "老年人": r"老人|老年|[七八九]十余?岁",
    "妇女": r"妇女|女子|女性",
    "单位": r"公司|厂|商店|超市|银行|单位|学校|医院",
    "国家工作人员": r"民警|警察|执法人员|国家工作人员|工作人员依法",
}
_VICTIM_RE = {name: re.compile(pattern) for name, pattern in VICTIMS.items()}
_VICTIM_CONTEXT = re.compile(r"被害|受害|被(?:盗|抢|骗|打|伤)|妨害|侵害|殴打|强奸|猥亵|拐卖")

# Criminal-law articles: 《中华人民共和国刑法》 / 《刑法》 followed by 第X条 (、第Y条第Z款 …).
_LAW_RE = re.compile(r"《(?:中华人民共和国)?刑法(?:修正案[^》]*)?》")
_ARTICLE_RE = re.compile(rf"第({_NUM})条(?:之([{_CN}\d]+))?")
_ARTICLE_RUN = re.compile(r"[^《。；;]{0,400}")

# Sentence (主刑) in the decision: 有期徒刑X年Y个月 / 拘役X个月 / 管制 / 无期徒刑 / 死刑.
_PRISON_RE = re.compile(
    rf"有期徒刑\s*(?:({_NUM})年)?\s*(?:(?:零)?({_NUM})个?月)?|"
    rf"(拘役)\s*(?:({_NUM})个?月)?|(管制)|(无期徒刑)|(死刑)"
)
_JUDGMENT_HEAD = re.compile(r"判决如下|裁定如下")


@dataclass(frozen=True)
class CriminalElements:
    circumstances: frozenset[str] = frozenset()
    articles: frozenset[int] = frozenset()
    drugs: frozenset[str] = frozenset()
    drug_grams: float | None = None
    amount: float | None = None  # largest money amount in 元
    weapons: frozenset[str] = frozenset()
    injury: int = 0  # index into INJURY_GRADES
    victims: frozenset[str] = frozenset()
    sentence_months: float | None = None  # 有期徒刑 months; 拘役 0.5-6; 无期 300; 死刑 400

    @property
    def amount_band(self) -> int | None:
        return log_band(self.amount)

    @property
    def drug_band(self) -> int | None:
        return log_band(self.drug_grams)

    @property
    def sentence_band(self) -> int | None:
        return sentence_band(self.sentence_months)

    def to_tokens(self) -> list[str]:
        """Compact, order-stable string form (stored in the similar-case index)."""
        tokens = [f"c:{c}" for c in sorted(self.circumstances)]
        tokens += [f"a:{a}" for a in sorted(self.articles)]
        tokens += [f"d:{d}" for d in sorted(self.drugs)]
        tokens += [f"w:{w}" for w in sorted(self.weapons)]
        tokens += [f"v:{v}" for v in sorted(self.victims)]
        if self.drug_grams is not None:
            tokens.append(f"g:{self.drug_grams:g}")
        if self.amount is not None:
            tokens.append(f"m:{self.amount:g}")
        if self.injury:
            tokens.append(f"i:{self.injury}")
        if self.sentence_months is not None:
            tokens.append(f"s:{self.sentence_months:g}")
        return tokens

    @classmethod
    def from_string(cls, text: str) -> CriminalElements:
        return _from_string(text)

    @classmethod
    def from_tokens(cls, tokens: list[str] | tuple[str, ...]) -> CriminalElements:
        sets: dict[str, set[str]] = {"c": set(), "a": set(), "d": set(), "w": set(), "v": set()}
        scalars: dict[str, float] = {}
        for token in tokens:
            key, _, value = token.partition(":")
            if key in sets:
                sets[key].add(value)
            elif key in ("g", "m", "i", "s"):
                try:
                    scalars[key] = float(value)
                except ValueError:
                    continue
        return cls(
            circumstances=frozenset(sets["c"]),
            articles=frozenset(int(a) for a in sets["a"] if a.isdigit()),
            drugs=frozenset(sets["d"]),
            drug_grams=scalars.get("g"),
            amount=scalars.get("m"),
            weapons=frozenset(sets["w"]),
            injury=int(scalars.get("i", 0)),
            victims=frozenset(sets["v"]),
            sentence_months=scalars.get("s"),
        )


@lru_cache(maxsize=1 << 16)
def _from_string(text: str) -> CriminalElements:
    return CriminalElements.from_tokens(text.split())


def log_band(value: float | None) -> int | None:
    """Decade band: 0 for < 10, 1 for 10-99, 2 for 100-999, ... (None when unknown)."""
    if value is None or value <= 0:
        return None
    return max(0, math.floor(math.log10(value)))


def sentence_band(months: float | None) -> int | None:
    """0 拘役/管制/≤6 月, 1 ≤1 年, 2 ≤3 年, 3 ≤5 年, 4 ≤10 年, 5 >10 年, 6 无期, 7 死刑."""
    if months is None:
        return None
    for band, limit in enumerate((6, 12, 36, 60, 120, 299, 300)):
        if months <= limit:
            return band
    return 7


def _number(text: str) -> float | None:
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        value = cn_numeral_to_int(text)
        return float(value) if value is not None else None


def _clauses(text: str) -> list[str]:
    return [c for c in _CLAUSE_SPLIT.split(text) if c]


def circumstances(text: str) -> frozenset[str]:
    """Sentencing circumstances affirmed somewhere in ``text``.

    A mention negated in its clause ("无自首情节", "不宜区分主、从犯") does not count, nor
    does any mention in a sentence that also negates it, in a sentence in a party's voice
    ("辩护人提出被告人系自首…", "恳请从轻处罚") or inside a cited title (《关于处理自首和立功…》).
    """
    matches = list(_ANY_CIRC.finditer(text))
    if not matches:
        return frozenset()
    by_sentence: dict[int, list[re.Match[str]]] = {}
    for match in matches:
        start = max(text.rfind(d, 0, match.start()) for d in _SENTENCE_ENDS) + 1
        by_sentence.setdefault(start, []).append(match)
    found: set[str] = set()
    for start, group in by_sentence.items():
        end = _SENTENCE_SPLIT.search(text, group[-1].end())
        if _PARTY_VOICE.search(text, start, end.start() if end else len(text)):
            continue
        affirmed: set[str] = set()
        negated: set[str] = set()
        for match in group:
            if text.rfind("《", start, match.start()) > text.rfind("》", start, match.start()):
                continue  # inside a cited title: 《关于处理自首和立功若干具体问题的意见》
            name = _CIRC_GROUP[match.lastgroup or ""]
            clause = max(start, max(text.rfind(d, start, match.start()) for d in "，,") + 1)
            if _NEGATION.search(text, clause, match.start()):
                negated.add(name)
            else:
                affirmed.add(name)
        found |= affirmed - negated
    return frozenset(found)


def articles(text: str) -> frozenset[int]:
    """Criminal-law article numbers cited after 《刑法》 / 《中华人民共和国刑法》."""
    found: set[int] = set()
    for law in _LAW_RE.finditer(text):
        run = _ARTICLE_RUN.match(text, law.end())
        segment = run.group(0) if run else ""
        for match in _ARTICLE_RE.finditer(segment):
            value = _number(match.group(1))
            if value is not None and 0 < value < 500:
                found.add(int(value))
    return frozenset(found)


def drugs(text: str) -> tuple[frozenset[str], float | None]:
    kinds = frozenset(name for name, pattern in _DRUG_RE.items() if pattern.search(text))
    if not kinds:
        return kinds, None
    best: float | None = None
    for clause in _clauses(text):
        if not any(pattern.search(clause) for pattern in _DRUG_RE.values()):
            if "毒品" not in clause:
                continue
        for match in _WEIGHT_RE.finditer(clause):
            value = _number(match.group(1))
            if value is None:
                continue
            grams = value * _WEIGHT_UNIT[match.group(2).lower()]
            if best is None or grams > best:
                best = grams
    return kinds, best


def largest_amount(text: str) -> float | None:
    values = [v for v in parse_amounts(text) if 0 < v < 1e11]
    return max(values) if values else None


def weapons(text: str) -> frozenset[str]:
    return frozenset(name for name, pattern in _WEAPON_RE.items() if pattern.search(text))


def injury(text: str) -> int:
    worst = 0
    for clause in _clauses(text):
        for match in _INJURY_RE.finditer(clause):
            if _NEGATION.search(clause, 0, match.start()):
                continue
            worst = max(worst, _INJURY_OF[match.group(0)])
    return worst


def victims(text: str) -> frozenset[str]:
    found: set[str] = set()
    for clause in _clauses(text):
        if not _VICTIM_CONTEXT.search(clause):
            continue
        for name, pattern in _VICTIM_RE.items():
            if pattern.search(clause):
                found.add(name)
    return frozenset(found)


def sentence_months(text: str) -> float | None:
    """The heaviest principal penalty after "判决如下" (None without a decision: a prior
    sentence told in the facts, "曾因盗窃被判处有期徒刑一年", is not this case's)."""
    head = _JUDGMENT_HEAD.search(text)
    if head is None:
        return None
    part = text[head.start() :]
    worst: float | None = None
    for match in _PRISON_RE.finditer(part):
        years, months, detention, det_months, control, life, death = match.groups()
        if death:
            value = 400.0
        elif life:
            value = 300.0
        elif control:
            value = 3.0
        elif detention:
            value = _number(det_months or "") or 3.0
            value = min(value, 6.0)
        else:
            y = _number(years or "") or 0.0
            m = _number(months or "") or 0.0
            if not (y or m):
                continue
            value = 12 * y + m
        if worst is None or value > worst:
            worst = value
    return worst


def extract_elements(text: str, *, facts: str | None = None) -> CriminalElements:
    """All elements found in ``text`` (a fact narrative or a full judgment).

    With ``facts`` (the fact narrative of the judgment ``text``), the objects and means (amount,
    drugs, weapon, injury, victim) are read from ``facts`` only, so that fines and compensation
    orders are not taken for amounts; circumstances, articles and sentence from ``text``.
    """
    narrative = text if facts is None else facts
    kinds, grams = drugs(narrative)
    return CriminalElements(
        circumstances=circumstances(text),
        articles=articles(text),
        drugs=kinds,
        drug_grams=grams,
        amount=largest_amount(narrative),
        weapons=weapons(narrative),
        injury=injury(narrative),
        victims=victims(narrative),
        sentence_months=sentence_months(text),
    )
