"""Who is who in one judgment: parties, other persons, officials and lawyers.

Sources, most precise first:
1. the judgment parser (``fengqiao.textlaw.judgment.parse_judgment``) when it is available
   or a parsed judgment is passed in;
2. a small header reader of our own (party paragraphs before the procedural paragraph),
   which also reads birth dates, ages and ethnicity;
3. names that follow a role word in the body ("被害人王某某", "证人李四证实"), including
   lists ("证人张三、李四的证言"), and names before "（另案处理）" etc.

Officials (审判长, 书记员, 检察员, 民警 …) and lawyers are collected so that they are kept.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

import rjieba

from .lexicon import LEGAL_TERMS, OFFICIAL_WORDS, POS_STOPWORDS, ROLE_WORDS
from .model import ART8_ROLES, Person
from .names import (
    MASK_RE,
    followed_by_place_or_org,
    is_boundary,
    is_listed_name,
    is_mask_like,
    looks_like_name,
    name_candidates,
)
from .textutil import DATE_RE, age_on, find_dates, is_han, parse_date_match

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
_MENTION_RE = re.compile(rf"(?P<role>{_ROLE_ALT})(?:（[^）]{{1,12}}）)?[:：]?(?=[\u4e00-\u9fff])")
_OFFICIAL_RE = re.compile(rf"(?P<role>{_OFFICIAL_ALT})[:：]?\s?(?=[\u4e00-\u9fff])")
_SEPARATE_CASE_RE = re.compile(
    r"（(?:另案处理|另案|已判决|已判刑|已起诉|在逃|已死亡|不起诉|另处|已处理|均另案处理)）"
)
_REPORTED_SPEECH_RE = re.compile(
    r"(?:^|(?<=[^\u4e00-\u9fff])|(?<=证人)|(?<=被害人)|(?<=被告人)|(?<=同案人))"
    r"(?P<names>(?:[\u4e00-\u9fff·]{2,4}、){0,8}[\u4e00-\u9fff·]{2,4})的(?:证言|陈述|供述|辨认笔录)"
)


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


@dataclass(slots=True)
class Mention:
    start: int
    end: int
    name: str
    role: str
    reason: str
    score: float


@dataclass(slots=True)
class DocPeople:
    """Everything the person recogniser and the gate need about one judgment."""

    parties: list[PartyInfo]
    persons: dict[str, Person]  # every known name (and alias) -> person
    keep: dict[str, str]  # names kept under every policy -> why (审判长, 律师 …)
    mentions: list[Mention]
    cause: str = ""
    doc_kind: str = ""
    judgment_date: dt.date | None = None
    offence_date: dt.date | None = None
    header_end: int = 0

    def unique_persons(self) -> list[Person]:
        seen: dict[str, Person] = {}
        for p in self.persons.values():
            seen.setdefault(p.person_id, p)
        return list(seen.values())


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
        court = m.group("role") not in _WEAK_OFFICIALS  # 民警于当日… is no name
        while cand := (
            _unknown_surname_candidates(text, pos)
            or _pick(text, pos, set(keep), strong=court)
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
        if is_boundary(text, pos + len(c)) and _starts_like_name(text, pos, c):
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


# --- body mentions ------------------------------------------------------------------------


_NOT_NAME_TAGS = ("v", "d", "p", "c", "r", "m", "q", "u", "f", "t", "a")


_SANDWICH_NOT_NAME_TAGS = ("v", "d", "p", "c", "u", "r", "f", "t")
_INNER_NOT_NAME_TAGS = ("v", "d", "p", "c", "u", "r", "f", "m", "q", "t")


def _inner_ok(text: str, pos: int, cand: str) -> bool:
    """No verb or function word of two or more characters after the first token."""
    consumed = 0
    for i, (word, tag) in enumerate(rjieba.tag(text[pos : pos + len(cand) + 12])):
        if consumed >= len(cand):
            return True
        if (
            i > 0
            and len(word) >= 2
            and consumed + len(word) <= len(cand)
            and tag.startswith(_SANDWICH_NOT_NAME_TAGS)
        ):
            return False
        consumed += len(word)
    return True


def _aligned(text: str, pos: int, cand: str) -> bool:
    """rjieba agrees that a word ends where the candidate ends; the candidate does not begin
    with an ordinary word ("马上", "关于", "信息", "关系") and has no verb or function word
    inside ("应/承担", "都/没有", "边/继续")."""
    consumed = 0
    for i, (word, tag) in enumerate(rjieba.tag(text[pos : pos + len(cand) + 12])):
        inside = consumed + len(word) <= len(cand)
        if (
            i == 0
            and len(word) >= 2
            and word != cand
            and (not tag.startswith("nr") or word in POS_STOPWORDS)
        ):
            return False
        if i == 0 and len(word) == 1 and tag in ("c", "p"):  # 和/与/向 as a conjunction
            return False
        if i == 0 and word == cand and tag.startswith(_NOT_NAME_TAGS):
            return False
        if i > 0 and inside and len(word) >= 2 and tag.startswith(_INNER_NOT_NAME_TAGS):
            return False
        consumed += len(word)
        if consumed >= len(cand):
            return consumed == len(cand)
    return consumed == len(cand)


_ORG_RUN_RE = re.compile(
    r"[\u4e00-\u9fff]{2,16}?(?:人民检察院|人民法院|检察院|公司|自治旗|自治县|自治州|人民政府|委员会|公安局|合作社|协会|银行)"
)
_STRONG_ROLES = frozenset(
    {"victim", "witness", "appraiser", "legal_rep", "civil_plaintiff", "defendant", "minor"}
)
_WEAK_OFFICIALS = frozenset({"民警", "侦查员", "警官"})
_NO_NAME_START = frozenset("员方单家亲属们均一二三四五六七八九十")


def _dict_name(word: str) -> bool:
    """rjieba reads the word alone as one token tagged as a person's name (罗丹, 李建国)."""
    tags = rjieba.tag(word)
    return len(tags) == 1 and tags[0][1] in ("nr", "nrfg")


_STRONG_FOLLOWERS = frozenset("的等和与及在被将称说系向对给把从于之")


def _known_at(text: str, pos: int, known: set[str]) -> str | None:
    for length in (8, 7, 6, 5, 4, 3, 2):
        c = text[pos : pos + length]
        if len(c) == length and c in known:
            return c
    return None


def _starts_like_name(text: str, pos: int, cand: str) -> bool:
    """Not 和/正在 (a conjunction first), 尚未/受 or 左臂/后 (a dictionary word first), nor
    陈述/和 (a word rjieba mistakes for a name, then a function word)."""
    tokens = rjieba.tag(text[pos : pos + len(cand) + 6]) or [("", "")]
    word, tag = tokens[0]
    if len(word) == 1:
        return tag not in ("c", "p", "d", "r", "u")
    if word == cand or not rjieba.has_word(word):
        return True
    if word in POS_STOPWORDS:
        rest = tokens[1] if len(tokens) > 1 else ("", "")
        return len(rest[0]) == 1 and not rest[1].startswith(("c", "p", "d", "r", "u", "v", "f"))
    return tag.startswith("nr")


_CLEAR_AFTER_RE = re.compile(r"[^\u4e00-\u9fff]|的|、|称|陈述|证实|证言|供述|辩称|报案|报警")


def _surname_then_word(text: str, pos: int, cand: str) -> bool:
    """A surname rjieba splits off (赵/欢欢) and punctuation or a speech word right after."""
    if not _CLEAR_AFTER_RE.match(text, pos + len(cand)) or cand[:2] in POS_STOPWORDS:
        return False
    tokens = rjieba.tag(text[pos : pos + len(cand) + 6])
    return (
        len(tokens) >= 2
        and tokens[0][0] == cand[0]
        and tokens[0][1] in ("nr", "nrfg", "j", "ng", "n")
        and tokens[1][0] == cand[1:]
    )


def _ordinary_given_name(cand: str) -> bool:
    """谈/价钱: the part after the surname is an ordinary word (not 多多, 建国 …)."""
    given = cand[-2:] if len(cand) >= 3 else ""
    if not given or not rjieba.has_word(given):
        return False
    tag = rjieba.tag(given)[0][1] if len(rjieba.tag(given)) == 1 else ""
    return not tag.startswith(("nr", "m", "q", "ns", "nz"))


def _pick(text: str, pos: int, known: set[str], *, strong: bool = False) -> str | None:
    """The name that starts at pos right after a role word, or None. ``strong`` role words
    (被害人, 证人 …) make a name likely enough to trust a clear boundary after it."""
    if hit := _known_at(text, pos, known):
        return hit
    cands = [c for c in name_candidates(text, pos) if c not in POS_STOPWORDS]
    cands = [c for c in cands if not is_mask_like(text[pos + len(c) : pos + len(c) + 1])]
    cands = [
        c for c in cands if c[0] not in _NO_NAME_START and (not rjieba.has_word(c) or _dict_name(c))
    ]
    if not cands:
        return None
    if len(cands) == 1 or len(cands[0]) > 4 or not is_han(cands[0][-1]):
        choice = cands[0]
    else:
        short, long_ = sorted(cands[:2], key=len)
        after_short = text[pos + len(short) : pos + len(short) + 1]
        after_long = text[pos + len(long_) : pos + len(long_) + 1]
        first_word, first_tag = (rjieba.tag(text[pos : pos + 8]) or [("", "")])[0]
        if not is_han(after_short) or after_short in _STRONG_FOLLOWERS:
            choice = short
        elif first_tag.startswith("nr") and first_word in (short, long_):
            choice = first_word
        elif not is_han(after_long) or is_boundary(text, pos + len(long_)):
            choice = long_
        elif is_boundary(text, pos + len(short)):
            choice = short
        else:
            choice = long_
    if followed_by_place_or_org(text, pos + len(choice)) or _ORG_RUN_RE.match(text, pos):
        return None
    end = pos + len(choice)
    nxt = text[end : end + 1]
    clear_end = (
        is_boundary(text, end)
        if len(choice) >= 3
        else (not is_han(nxt) or nxt in _STRONG_FOLLOWERS)
    )
    sandwiched = strong and clear_end and not _ordinary_given_name(choice)
    if sandwiched and _inner_ok(text, pos, choice) and _starts_like_name(text, pos, choice):
        return choice  # 被害人王能新和…: a role word before, a clear boundary after
    if strong and len(choice) == 3 and _surname_then_word(text, pos, choice):
        return choice  # 证人赵欢欢的证言, 被害人苏有生陈述: given names that are also words
    return choice if _aligned(text, pos, choice) else None


def _name_before(text: str, end: int, known: set[str]) -> str | None:
    """The name that ends at end (used before "（另案处理）")."""
    for length in (8, 7, 6, 5, 4, 3, 2):
        if end - length >= 0 and text[end - length : end] in known:
            return text[end - length : end]
    tokens = rjieba.tag(text[max(0, end - 6) : end])
    if not tokens:
        return None
    word, tag = tokens[-1]
    if len(word) == 1 and len(tokens) >= 2:  # 张/牵: surname and given name split
        word, tag = tokens[-2][0] + word, tokens[-2][1]
    if (
        looks_like_name(word)
        and (tag.startswith("nr") or len(word) == 3)
        and word not in POS_STOPWORDS
    ):
        return word
    return None


def read_mentions(text: str, known: set[str], start: int = 0) -> list[Mention]:
    """Names after role words, in lists after them, and before "（另案处理）"."""
    out: list[Mention] = []
    for m in _MENTION_RE.finditer(text, start):
        role_word = m.group("role")
        role = ROLE_WORDS[role_word]
        pos = m.end()
        while pos < len(text):
            name = _pick(text, pos, known, strong=role in _STRONG_ROLES)
            if not name:
                break
            out.append(Mention(pos, pos + len(name), name, role, f"{role_word}后的姓名", 0.85))
            nxt = pos + len(name)
            sep = text[nxt : nxt + 1]
            if sep == "、" or (sep and sep in "和及与" and text[nxt + 1 : nxt + 2] != "其"):
                pos = nxt + 1
                continue
            break
    for m in _SEPARATE_CASE_RE.finditer(text, start):
        if name := _name_before(text, m.start(), known):
            out.append(
                Mention(
                    m.start() - len(name), m.start(), name, "defendant", f"姓名后注{m.group()}", 0.8
                )
            )
    for m in _REPORTED_SPEECH_RE.finditer(text, start):
        kind = text[m.end() - 2 : m.end()]
        role = {"证言": "witness", "陈述": "victim"}.get(kind, "defendant")
        pos = m.start("names")
        for part in m.group("names").split("、"):
            if part in known or (
                looks_like_name(part) and part not in POS_STOPWORDS and _dict_name(part)
            ):
                out.append(Mention(pos, pos + len(part), part, role, f"“的{kind}”前的姓名", 0.7))
            pos += len(part) + 1
    return out


_BODY_ALIAS_RE = re.compile(
    r"[（(](?:绰号|外号|化名|又名|别名|小名|网名|曾用名)?[:：]?[“\"](?P<a>[\u4e00-\u9fff]{2,5})[”\"]"
    r"|[，,（(](?:绰号|外号|化名|又名|别名|小名|曾用名)[:：]?[“\"]?(?P<b>[\u4e00-\u9fff]{2,5}?)[”\"]?(?=[，,）)、。])"
)
_MASK_END_RE = re.compile(MASK_RE.pattern.join(("(?:", r")\Z")))


def read_body_aliases(text: str, persons: dict[str, Person]) -> list[tuple[str, str]]:
    """(name, alias) for "冯某（“光头”）", "李某甲（绰号“老赌”）", "王勇（化名“王志文”…）"."""
    out: list[tuple[str, str]] = []
    for m in _BODY_ALIAS_RE.finditer(text):
        alias = m.group("a") or m.group("b")
        if not alias or alias in LEGAL_TERMS or alias in POS_STOPWORDS:
            continue
        s = m.start()
        owner = next(
            (text[s - n : s] for n in (4, 3, 2) if s >= n and text[s - n : s] in persons), None
        )
        if owner is None and (mm := _MASK_END_RE.search(text[max(0, s - 5) : s])):
            owner = mm.group()
        if owner is None and (name := _name_before(text, s, set())) and len(name) >= 3:
            owner = name
        if owner:
            out.append((owner, alias))
    return out


# --- dates for minors and the gate --------------------------------------------------------

_FACTS_RE = re.compile(r"指控|经审理查明|审理查明|经审理|查明")
_SIGN_DATE_RE = re.compile(
    r"[二〇○一三四五六七八九]{4}年[一二三四五六七八九十]{1,2}月[一二三四五六七八九十]{1,3}日"
)


def judgment_date(text: str) -> dt.date | None:
    found = list(_SIGN_DATE_RE.finditer(text, max(0, len(text) - 1500)))
    if not found:
        return None
    dm = DATE_RE.search(found[-1].group())
    return parse_date_match(dm) if dm else None


_RECORD_RE = re.compile(
    r"判处|刑满|释放|取保候审|刑事拘留|行政拘留|逮捕|羁押|抓获|投案|立案|起诉|受理|缓刑|假释"
)
_BIRTHLIKE_AFTER = re.compile(r"\s?(?:出生|生[，,）)]|生人)")


def offence_date(
    text: str, start: int, birth: dt.date | None = None, name: str | None = None
) -> dt.date | None:
    """The earliest date in the facts (after 指控 / 经审理查明) — in a sentence that names the
    person when there is one — skipping dates of birth and dates before the person was 12."""
    m = _FACTS_RE.search(text, start)
    if not m:
        return None
    floor = dt.date(birth.year + 12, 1, 1) if birth else dt.date(1950, 1, 1)
    end = min(len(text), m.start() + 6000)
    found: list[dt.date] = []  # in a sentence about 被告人
    named: list[dt.date] = []  # in a sentence that names the person
    for pos, day in find_dates(text, m.start(), end):
        dm = DATE_RE.match(text, pos)
        if day < floor or (dm and _BIRTHLIKE_AFTER.match(text, dm.end())):
            continue
        if re.search(r"(?:出生于|生于|出生日期[:：]?)$", text[max(0, pos - 6) : pos]):
            continue
        s0 = max(text.rfind("。", 0, pos), text.rfind("；", 0, pos)) + 1
        s1 = text.find("。", pos)
        sentence = text[s0 : s1 if s1 > 0 else end]
        if _RECORD_RE.search(sentence):
            continue  # a prior conviction, an arrest or a release, not the act
        if name and not is_mask_like(name) and name in sentence:
            named.append(day)
        elif "被告人" in sentence:
            found.append(day)
    if named:
        return min(named)
    return min(found) if found else None


def is_minor(info: PartyInfo, offence: dt.date | None, judged: dt.date | None) -> bool:
    if info.minor_flag and info.role in (
        "defendant",
        "victim",
        "party",
        "minor",
        "civil_plaintiff",
    ):
        return True
    if info.birth:
        day = offence or judged
        return day is not None and age_on(info.birth, day) < 18
    return info.age is not None and info.age < 18


def party_is_minor(text: str, people: DocPeople, info: PartyInfo) -> bool:
    """Under 18 at the offence (the person's own earliest dated act), else at judgment."""
    offence = offence_date(text, people.header_end, info.birth, info.name) if info.birth else None
    return is_minor(info, offence, people.judgment_date)


# --- putting it together ------------------------------------------------------------------


def collect_people(text: str, parsed: Any | None = None) -> DocPeople:
    """Every person of one judgment, with roles merged by name."""
    h_end = header_end(text)
    parties = read_header(text, h_end)
    if parties:
        last = (
            max(text.find(p.raw) + len(p.raw) for p in parties if p.raw)
            if any(p.raw for p in parties)
            else 0
        )
        h_end = max(h_end, min(last, len(text)))
    keep = read_officials(text)
    cause = doc_kind = ""
    if parsed is not None:
        p_parties, p_keep = parties_from_parsed(parsed)
        parties += p_parties  # the same name twice merges roles below
        keep.update(p_keep)
        cause = str(getattr(parsed, "cause", "") or "")
        doc_kind = str(getattr(parsed, "doc_kind", "") or "")
    party_names = {
        p.name for p in parties if p.kind == "person" and p.role not in ("lawyer", "org_rep")
    }
    for p in parties:
        if p.role == "lawyer" and p.kind == "person":
            keep[p.name] = "律师"
        elif p.role == "org_rep" and p.name not in party_names:
            keep[p.name] = "法定代表人"
    for name in party_names & set(keep):
        if keep[name] in ("法定代表人",):
            del keep[name]
    judged = judgment_date(text)
    offence = offence_date(text, h_end)

    persons: dict[str, Person] = {}

    def add(name: str, role: str, source: str, score: float, **kw: Any) -> Person:
        person = persons.get(name)
        if person is None:
            person = Person(
                f"P{len({p.person_id for p in persons.values()}) + 1}",
                name,
                source=source,
                score=score,
            )
            persons[name] = person
        person.roles.add(role)
        for k, v in kw.items():
            if v:
                setattr(person, k, v)
        return person

    for p in parties:
        if p.kind != "person" or p.name in keep:
            continue
        minor = is_minor(
            p, offence_date(text, h_end, p.birth, p.name) if p.birth else offence, judged
        )
        person = add(p.name, p.role, "header", 0.95, ethnic=p.ethnic, minor=minor)
        if p.masked:
            person.fixed_pseudonym = p.name
        if minor:
            person.roles.add("minor")
        for alias in p.aliases:
            person.aliases.add(alias)
            persons.setdefault(alias, person)
    for name, alias in read_body_aliases(text, persons):
        person = persons.get(name) or add(name, "other", "alias", 0.8)
        if is_mask_like(name):
            person.fixed_pseudonym = name
        if alias not in persons and alias not in keep:
            person.aliases.add(alias)
            persons[alias] = person
    known = set(persons) | set(keep)
    mentions = []
    for m in read_mentions(text, known, 0):
        if m.role == "agent" and m.name not in persons:
            clause = text[m.end : m.end + 60].split("。")[0]
            if is_lawyer(m.reason, clause):
                keep.setdefault(m.name, "律师")
        if m.name in keep:
            if keep[m.name] not in _WEAK_OFFICIALS or m.role not in ART8_ROLES:
                continue
            del keep[m.name]  # a police officer who is also a victim or a witness (第八条)
        mentions.append(m)
    for m in mentions:
        add(m.name, m.role, "mention", m.score)
    return DocPeople(parties, persons, keep, mentions, cause, doc_kind, judged, offence, h_end)
