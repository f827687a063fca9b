"""Publication gate: 法释〔2016〕19号 第四条 kinds of judgment that are not published online.

Each blocker has a code, a reason in Chinese that names no person, and the offsets of the
evidence in the original text. Overriding a blocker (the "确有必要公开" exception of 第四条
第三项, or a reviewer who finds the evidence wrong) is recorded by the Django side.

Kinds: ``state_secret`` (国家秘密), ``juvenile_crime`` (被告人 under 18 at the time of the
offence, from birth date vs. the earliest dated act naming them, or the text says so),
``mediation`` (调解书, 调解结案, 确认人民调解协议), ``divorce_custody`` (离婚, 抚养, 监护 causes).
"""

from __future__ import annotations

import re
from typing import Any

from .model import Blocker
from .parties import parse_with_library
from .people import collect_people, party_is_minor
from .textutil import age_on

STATE_SECRET = "state_secret"
JUVENILE = "juvenile_crime"
MEDIATION = "mediation"
FAMILY = "divorce_custody"

_JUVENILE_PHRASE_RE = re.compile(
    r"(?:系|属于|属|为|是)?未成年人犯罪|(?:犯罪|作案|案发)时(?:系|为|尚|仍)?(?:未成年|未满十八周岁|不满十八周岁|未满18周岁|不满18周岁)"
    r"|(?:系|属|为|属于)未成年人"
    r"|(?:已满|年满)(?:十四|十六|14|16)周岁(?:不满|未满)(?:十六|十八|16|18)周岁"
    r"|(?:不满|未满)(?:十八|18)周岁"
)
_DEFENDANT_WORDS = ("被告人", "上诉人", "罪犯", "原审被告人", "申诉人")
_OTHER_PERSON_WORDS = (
    "被害人",
    "证人",
    "受害人",
    "幼女",
    "儿童",
    "其子",
    "其女",
    "之子",
    "之女",
    "孩子",
    "他人",
    "对方",
    "对象",
    "卖淫女",
)
_CORROBORATION_RE = re.compile(
    r"未成年|未满十八|不满十八|未满18|不满18|法定代理人|刑法》?第十七条|不公开开庭|不公开审理"
)
_NEGATION_RE = re.compile(r"(?:不|未|没有|并非|非|不属于|不是)(?:涉及|属于|构成|含有|系)?$")
_JUVENILE_LAW_RE = re.compile(
    r"第十七条第[一二三四五]款|第十七条(?!之一)[^，。；]{0,6}(?:、|和|及|之规定)"
)
_MEDIATION_RE = re.compile(
    r"调解结案|以调解方式结案|确认人民调解协议|人民调解协议(?:有效|效力)|司法确认"
)
_FAMILY_RE = re.compile(r"离婚|抚养|监护|抚育|探望权")
_SECRET_RE = re.compile(r"国家秘密|国家机密|绝密级|机密级")


def _clause_before(text: str, pos: int, limit: int = 60) -> str:
    start = max(text.rfind(ch, 0, pos) for ch in "。；;")
    return text[max(start + 1, pos - limit) : pos]


def _juvenile(text: str, parsed: Any) -> Blocker | None:
    people = collect_people(text, parsed)
    corroborated = bool(_CORROBORATION_RE.search(text))
    for p in people.parties:
        if p.role != "defendant" or p.kind != "person":
            continue
        at_trial = bool(
            p.birth and people.judgment_date and age_on(p.birth, people.judgment_date) < 18
        )
        if at_trial or (party_is_minor(text, people, p) and (corroborated or not p.birth)):
            how = "出生日期与其最早犯罪日期" if p.birth else "所载年龄或“未成年”字样"
            start = text.find(p.raw[:20]) if p.raw else -1
            return Blocker(
                JUVENILE,
                f"被告人犯罪时未满十八周岁（依{how}判断），属未成年人犯罪（第四条第二项）",
                start if start >= 0 else None,
                start + len(p.raw) if start >= 0 else None,
            )
    for m in _JUVENILE_PHRASE_RE.finditer(text):
        clause = _clause_before(text, m.start())
        if _NEGATION_RE.search(clause) or text.startswith("的", m.end()):
            continue  # 教唆不满十八周岁的人犯罪
        if (paren := clause.rfind("（")) > clause.rfind("）"):
            clause = clause[:paren][-12:]  # 容留刘某某（…案发时系未成年人）: whose age it is
            if not any(w in clause for w in _DEFENDANT_WORDS):
                continue
        if "未成年人犯罪" in m.group():
            if not m.group().startswith("未") or re.search(r"(?:系|属|属于|是|本案)$", clause):
                return Blocker(
                    JUVENILE, "文书载明“未成年人犯罪”（第四条第二项）", m.start(), m.end()
                )
            continue
        last_def = max(clause.rfind(w) for w in _DEFENDANT_WORDS)
        last_other = max(clause.rfind(w) for w in _OTHER_PERSON_WORDS)
        if last_def >= 0 and last_def > last_other:
            return Blocker(
                JUVENILE, "文书载明被告人犯罪时系未成年人（第四条第二项）", m.start(), m.end()
            )
    tail = max(0, len(text) - 3000)
    for m in re.finditer(r"《中华人民共和国刑法》([^《]{0,300})", text[tail:]):
        if law := _JUVENILE_LAW_RE.search(m.group(1)):
            s = tail + m.start(1) + law.start()
            return Blocker(
                JUVENILE,
                "判决依据引用刑法第十七条（未成年人刑事责任），请核实被告人犯罪时是否未成年（第四条第二项）",
                s,
                s + len(law.group()),
            )
    return None


def _text_of(parsed: Any) -> str:
    for attr in ("text", "raw"):
        if value := getattr(parsed, attr, None):
            return str(value)
    sections = getattr(parsed, "sections", None) or {}
    return " ".join(str(v) for v in sections.values())


def publication_blockers(parsed_or_text: Any, *, text: str | None = None) -> list[Blocker]:
    """Reasons why a judgment must not be published online (an empty list: none found).

    Pass the judgment's text, or a parsed Judgment (``fengqiao.textlaw.judgment``) together
    with ``text=`` so that offsets point into the original.
    """
    if isinstance(parsed_or_text, str):
        text, parsed = parsed_or_text, parse_with_library(parsed_or_text)
    else:
        parsed = parsed_or_text
        text = text if text is not None else _text_of(parsed)
    doc_kind = str(getattr(parsed, "doc_kind", "") or "") + str(
        getattr(parsed, "doc_title", "") or ""
    )
    cause = str(getattr(parsed, "cause", "") or "")
    head = text[:200]
    out: list[Blocker] = []

    for m in _SECRET_RE.finditer(text):
        if not _NEGATION_RE.search(text[max(0, m.start() - 6) : m.start()]):
            out.append(Blocker(STATE_SECRET, "涉及国家秘密（第四条第一项）", m.start(), m.end()))
            break

    if blocker := _juvenile(text, parsed):
        out.append(blocker)

    title_hit = re.search(r"调解书", head) if not doc_kind else None
    if "调解书" in doc_kind or title_hit:
        s = title_hit.start() if title_hit else None
        out.append(
            Blocker(
                MEDIATION, "文书种类为调解书（第四条第三项）", s, s + 3 if s is not None else None
            )
        )
    else:
        # the procedural opening and the result, not the facts (a criminal judgment may tell
        # of an earlier civil case that was mediated)
        facts = re.search(r"指控|经审理查明|审理查明", text)
        opening = min(facts.start() if facts else 1500, 1500, len(text))
        for lo, hi in ((0, opening), (max(opening, len(text) - 1500), len(text))):
            if m := _MEDIATION_RE.search(text, lo, hi):
                out.append(
                    Blocker(
                        MEDIATION,
                        "以调解方式结案或确认人民调解协议效力（第四条第三项）",
                        m.start(),
                        m.end(),
                    )
                )
                break
        else:
            if re.search(r"司法确认|确认调解协议|人民调解协议", cause):
                out.append(Blocker(MEDIATION, f"案由为“{cause}”（第四条第三项）"))

    source = cause or _title_cause(head)
    if source and _FAMILY_RE.search(source):
        s = text.find(source)
        out.append(
            Blocker(
                FAMILY,
                f"离婚诉讼或涉及未成年子女抚养、监护（案由：{source}；第四条第四项）",
                s if s >= 0 else None,
                s + len(source) if s >= 0 else None,
            )
        )
    return out


def _title_cause(head: str) -> str:
    m = re.search(r"([\u4e00-\u9fff]{2,16}纠纷)", head)
    return m.group(1) if m else ""
