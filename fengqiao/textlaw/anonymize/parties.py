"""Parties, officials and lawyers: from the project's judgment parser when it is there, and
from our own reader of the party paragraphs (birth dates, ages, ethnicity, aliases)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from .lexicon import OFFICIAL_WORDS, ROLE_WORDS
from .names import (
    MASK_RE,
    is_boundary,
    is_listed_name,
    is_mask_like,
    name_candidates,
)
from .pick import WEAK_OFFICIALS, pick_name, starts_like_name
from .textutil import DATE_RE, parse_date_match

_ROLE_ALT = "|".join(sorted(ROLE_WORDS, key=len, reverse=True))
_OFFICIAL_ALT = "|".join(sorted(OFFICIAL_WORDS, key=len, reverse=True))
_HEADER_ROLE_ALT = "|".join(
    sorted([*ROLE_WORDS, "被告单位", "法定代表人", "诉讼代表人", "负责人"], key=len, reverse=True)
)

# A party paragraph: role label, optional "（原审被告人）", then the name.
_PARTY_RE = re.compile(
    rf"(?:^|(?<=[\s。；;]))(?P<role>(?:{_HEADER_ROLE_ALT})(?:（[^）]{{1,24}}）|\([^)]{{1,24}}\))*)"
    r"[:：]?\s?(?P<name>[^\s，,（(。；;:：、]{1,40})"
)
_HEADER_END_RE = re.compile(
    r"起诉书指控|提起公诉|提起自诉|一案[，,。]|向本院提起|本院受理|审理终结|不服.{0,40}判决|本院于\d|本院依法|诉讼请求"
)
_ALIAS_RE = re.compile(
    r"(?:又名|曾用名|别名|化名|原名|绰号|外号|小名|乳名)[:：]?((?:[“\"]?[\u4e00-\u9fff·0-9]{2,8}[”\"]?、?)+)"
)
_ETHNIC_RE = re.compile(r"[，,]([\u4e00-\u9fff]{1,5}族)[，,。]")
_AGE_RE = re.compile(r"[，,](\d{1,2})(?:周)?岁")
_BIRTH_RE = re.compile(
    r"(?:出生日期[:：]?|生于|出生于)(?P<date>" + DATE_RE.pattern + r")"
    r"|(?P<date2>" + DATE_RE.pattern.replace("?P<", "?P<b") + r")(?:出生|生)"
)
_MINOR_RE = re.compile(r"未成年|不满十八周岁|未满十八周岁|未满18周岁|不满18周岁")
_ORG_RE = re.compile(
    r"公司|厂$|集团|银行|合作社|中心|协会|委员会|局$|院$|所$|学校|医院|商行|经营部|店$|机关"
)
_LAWYER_RE = re.compile(r"律师|法律援助")
_OFFICIAL_RE = re.compile(rf"(?P<role>{_OFFICIAL_ALT})[:：]?\s?(?=[\u4e00-\u9fff])")


@dataclass(slots=True)
class PartyInfo:
    name: str
    role: str  # a category from lexicon.ROLE_WORDS values, or judge/clerk/lawyer/org/...
    role_text: str = ""
    kind: str = "person"  # person | org
    aliases: list[str] = field(default_factory=list)
    ethnic: str | None = None
    birth: dt.date | None = None
    age: int | None = None
    minor_flag: bool = False
    raw: str = ""
    masked: bool = False  # the court already masked the name (白某某); aliases may still be open


def role_category(role_text: str) -> str:
    """Map a role label such as "上诉人（原审被告人）" to one category."""
    if "律师" in role_text:
        return "lawyer"
    if re.search(r"法定代表人|负责人", role_text):
        return "org_rep"
    if "单位" in role_text:
        return "org"
    found = [cat for word, cat in ROLE_WORDS.items() if word in role_text]
    for cat in (
        "civil_plaintiff",
        "victim",
        "witness",
        "appraiser",
        "legal_rep",
        "minor",
        "defendant",
    ):
        if cat in found:
            return cat
    return found[0] if found else "party"


# --- the parser, when it exists -------------------------------------------------------------


def parse_with_library(text: str) -> Any | None:
    """The project's judgment parser, or None while it is not installed or fails."""
    try:
        from fengqiao.textlaw.judgment import parse_judgment  # type: ignore[import-not-found]
    except ImportError:
        return None
    try:
        return parse_judgment(text)
    except Exception:  # a parser bug must not stop anonymisation; our header reader remains
        return None


def parties_from_parsed(parsed: Any) -> tuple[list[PartyInfo], dict[str, str]]:
    """Read parties, agents, judges and clerk from a parsed Judgment (duck-typed on
    ``fengqiao.textlaw.judgment``: Party(name, role, kind, agents, raw),
    Agent(name, kind=辩护人|委托诉讼代理人|法定代理人|法定代表人…, firm))."""
    parties: list[PartyInfo] = []
    keep: dict[str, str] = {}
    for party in getattr(parsed, "parties", None) or []:
        name = str(getattr(party, "name", "") or "").strip()
        role_text = str(getattr(party, "role", "") or "")
        role_text += str(getattr(party, "original_role", "") or "")
        kind = str(getattr(party, "kind", "") or "").lower()
        raw = str(getattr(party, "raw", "") or "")
        is_org = kind not in ("", "person", "natural", "自然人") or bool(_ORG_RE.search(name))
        if name and (is_listed_name(name) or is_org):
            info = PartyInfo(
                name, "org" if is_org else role_category(role_text), role_text, raw=raw
            )
            info.kind = "org" if is_org else "person"
            if not is_org:
                _read_details(info, raw)
            parties.append(info)
        for agent in getattr(party, "agents", None) or []:
            a_name = str(getattr(agent, "name", "") or "").strip()
            a_kind = str(getattr(agent, "kind", "") or "")
            firm = str(getattr(agent, "firm", "") or "")
            if not a_name or is_mask_like(a_name):
                continue
            if re.search(r"法定代表人|负责人", a_kind):
                keep.setdefault(a_name, a_kind)
            elif firm or (a_kind != "法定代理人" and is_lawyer(a_kind, _agent_clause(raw, a_name))):
                keep[a_name] = f"律师（{firm}）" if firm else "律师"
            else:
                cat = "legal_rep" if "法定代理" in a_kind else "agent"
                parties.append(PartyInfo(a_name, cat, a_kind, raw=_agent_clause(raw, a_name)))
    for item in getattr(parsed, "judges", None) or []:
        role, name = (item if isinstance(item, (tuple, list)) else ("审判人员", item))[:2]
        if name:
            keep[str(name)] = str(role)
    clerk = getattr(parsed, "clerk", None)
    if isinstance(clerk, (tuple, list)):
        clerk = clerk[-1] if clerk else None
    if clerk:
        keep[str(clerk)] = "书记员"
    return parties, keep


def _agent_clause(raw: str, name: str) -> str:
    i = raw.find(name)
    return raw[i : i + 80].split("。")[0] if i >= 0 else ""


# --- our own header reader ----------------------------------------------------------------


def header_end(text: str) -> int:
    m = _HEADER_END_RE.search(text, 0, min(len(text), 6000))
    return m.start() if m else min(len(text), 1500)


_NON_LAWYER_RE = re.compile(
    r"之(?:父|母|妻|夫|子|女|兄|弟|姐|妹)|系.{0,10}(?:父亲|母亲|妻子|丈夫|儿子|女儿|哥哥|弟弟|姐姐|妹妹|亲属|朋友|同事|邻居)"
    r"|近亲属|亲属|公民|法律工作者|法律服务|推荐|监护人|[，,][男女][，,]"
)
_LIST_ITEM_RE = re.compile(r"、([\u4e00-\u9fff·]{2,6}?)(?=[、，,。（(\s]|$)")


def _list_tail(text: str, pos: int, limit: int) -> list[str]:
    """Names listed after the first one: "甲、乙、丙，…" -> [乙, 丙]."""
    out: list[str] = []
    while m := _LIST_ITEM_RE.match(text, pos, limit):
        out.append(m.group(1))
        pos = m.end()
    return out


def is_lawyer(role_text: str, clause: str) -> bool:
    """Lawyers keep their names (第十一条). A 辩护人 is taken to be a lawyer unless the clause
    says otherwise (系被告人之父, 法律工作者 …); other agents only when 律师 is written."""
    if _LAWYER_RE.search(clause) and not re.search(r"法律工作者|法律服务", clause):
        return True
    return "辩护人" in role_text and not _NON_LAWYER_RE.search(clause)


def _read_details(info: PartyInfo, para: str) -> None:
    """Aliases, ethnicity, birth date, age and 未成年 marks from a party paragraph."""
    info.aliases = [
        a
        for group in _ALIAS_RE.findall(para[:160])
        for a in re.split(r"[、“”\"]+", group)
        if is_listed_name(a)
    ]
    if em := _ETHNIC_RE.search(para[:120]):
        info.ethnic = em.group(1)
    if bm := _BIRTH_RE.search(para[:160]):
        dm = DATE_RE.search(bm.group("date") or bm.group("date2"))
        info.birth = parse_date_match(dm) if dm else None
    if am := _AGE_RE.search(para[:80]):
        info.age = int(am.group(1))
    info.minor_flag = bool(_MINOR_RE.search(para[:200]))


def read_header(text: str, end: int) -> list[PartyInfo]:
    """Party paragraphs before the procedural paragraph ("…起诉书指控…", "…一案，…")."""
    out: list[PartyInfo] = []
    matches = list(_PARTY_RE.finditer(text, 0, end))
    for i, m in enumerate(matches):
        para_end = matches[i + 1].start() if i + 1 < len(matches) else end
        para = text[m.start() : para_end]
        role_text, name = m.group("role"), m.group("name")
        cat = role_category(role_text)
        info = PartyInfo(name, cat, role_text, raw=para)
        if cat == "org" or _ORG_RE.search(name) or len(name) > 8:
            info.kind = "org"
            out.append(info)
            continue
        if cat == "agent":
            lawyer = is_lawyer(role_text, para.split("。")[0][:80])
            info.role = "lawyer" if lawyer else "agent"
            for extra in _list_tail(text, m.end(), min(para_end, m.end() + 40)):
                if is_listed_name(extra):  # 辩护人甲、乙，某律师事务所律师
                    out.append(PartyInfo(extra, info.role, role_text, raw=para))
        _read_details(info, para)
        if is_listed_name(name):
            out.append(info)
        elif MASK_RE.fullmatch(name) and info.aliases:
            info.masked = True
            out.append(info)
    return out


def read_officials(text: str) -> dict[str, str]:
    """Judges, clerks, prosecutors and police officers named in the text (kept)."""
    keep: dict[str, str] = {}
    for m in _OFFICIAL_RE.finditer(text):
        pos = m.end() + (1 if text[m.end() : m.end() + 1] in " \u3000" else 0)
        court = m.group("role") not in WEAK_OFFICIALS  # 民警于当日… is no name
        while cand := (
            _unknown_surname_candidates(text, pos)
            or pick_name(text, pos, set(keep), strong=court)
            or (court and _plain_name_at(text, pos))
        ):
            keep.setdefault(cand, m.group("role"))
            pos += len(cand)
            if text[pos : pos + 1] not in ("、", "和", "及"):  # 检察员甲、乙出庭
                break
            pos += 1
    return keep


def _plain_name_at(text: str, pos: int) -> str | None:
    for c in name_candidates(text, pos):
        if is_boundary(text, pos + len(c)) and starts_like_name(text, pos, c):
            return c
    return None


_SIGNATURE_NAME_RE = re.compile(
    r"(?:[\u4e00-\u9fff]{1,6}·[\u4e00-\u9fff·]{1,10}|[\u4e00-\u9fff]{2,4}?)"
    r"(?=\s|$|[二〇○]{2}|\d{4}年|审判|代理|人民|书记|法官|陪审)"
)


def _unknown_surname_candidates(text: str, pos: int) -> str | None:
    """Signature lines may name officials whose surname is not in our list."""
    m = _SIGNATURE_NAME_RE.match(text, pos)
    return m.group() if m and not is_mask_like(m.group()) else None
