"""Fallback recognisers for names the parser and the role recogniser did not find; lower
score, used by the publish and research policies.

* rjieba ``nr`` tokens that pass the name-shape check and are not dictionary words; a
  two-character token also needs a person cue (张三，男 / 张三等人 / 总经理张三 / a list with a
  known name or a court mask: 苏某、曾松、刘某1);
* names in a 、-list next to known names or court masks (周荣光、张庭秀、林某2);
* account holders in bank tables (…银行 卫茜 6222…, 户名：卫茜).
"""

from __future__ import annotations

import re

import rjieba

from .lexicon import COMPOUND_SURNAMES, LEGAL_TERMS, POS_STOPWORDS
from .names import (
    followed_by_place_or_org,
    is_boundary,
    is_mask_like,
    looks_like_name,
)

_NAME_TAGS = ("nr", "nrfg", "nrt")
_FUNCTION_TAGS = ("c", "p", "d", "r", "u")
_VERB_END = frozenset("有在是把被就说和给将也又都还已对向从到")

_CUE_AFTER = re.compile(
    r"[，,（(]?[男女][，,）)]|等人|证实|供述|陈述|辩称|称[:：，,]|说|讲|陪|带着|告诉|打电话|的证言|的供述|的陈述"
)
_CUE_BEFORE = re.compile(
    r"(?:经理|老板|老板娘|村民|居民|司机|朋友|同事|老乡|男友|女友|男朋友|女朋友|丈夫|妻子|儿子|女儿|父亲|母亲|"
    r"哥哥|弟弟|姐姐|妹妹|名叫|叫做|一个叫|户名[:：为]?|收款人[:：]?|联系人[:：]?)$"
)
_LIST_SEP = "、"
_BANK_TABLE_RE = re.compile(
    r"(?:银行|支行|分行|信用社|农商行|支付宝|微信)\s+(?P<name>[\u4e00-\u9fff]{2,3})\s+(?=[0-9×*＊])"
    r"|(?<!用)(?:户名|账户名|开户人|持卡人)(?:[:：]|为|是)\s?(?P<holder>[\u4e00-\u9fff]{2,3})(?=[，,。；;、\s）)]|$)"
)


_PERSON_MASK_RE = re.compile(
    r"[\u4e00-\u9fff]{1,2}某{1,2}[0-9甲乙丙丁]?|[\u4e00-\u9fff][甲乙丙]|[\u4e00-\u9fff][xX×＊*]{1,3}[0-9]?|[\u4e00-\u9fff][0-9]"
)


_PERSON_MASK_END_RE = re.compile(rf"(?:{_PERSON_MASK_RE.pattern})$")


def _is_person_item(item: str, known: set[str]) -> bool:
    """A known name or a court mask of a person (张某, 李某1, 李甲, 张x1, 曹0)."""
    return item in known or bool(_PERSON_MASK_RE.fullmatch(item))


def _list_neighbour(text: str, start: int, end: int, known: set[str]) -> bool:
    """Is the token an item of a 、-list whose neighbour is a known name or a court mask?"""
    if text[end : end + 1] == _LIST_SEP:
        nxt = re.match(
            r"[\u4e00-\u9fff×xX*＊0-9]{2,5}?(?=[、，,。；和及等（(\s]|$)", text[end + 1 : end + 8]
        )
        if nxt and _is_person_item(nxt.group(), known):
            return True
    if text[start - 1 : start] in (_LIST_SEP, "及", "和"):
        before = text[max(0, start - 9) : start - 1]
        if _PERSON_MASK_END_RE.search(before) or any(
            before.endswith(k) for k in known if len(k) >= 2
        ):
            return True
    return False


_LEFT_EDGE = frozenset('，,。；;：:、（(“"和与及跟同给让叫找向对把被将由是为')


def _person_context(text: str, start: int, end: int, known: set[str]) -> bool:
    """A two-character guess needs a person cue: 张三，男 / 总经理张三 / 叫张三 / a list
    with a known name or a court mask / delimited on both sides (，黄杰承建…, 给周艳的…)."""
    if _CUE_AFTER.match(text, end) or _CUE_BEFORE.search(text[max(0, start - 6) : start]):
        return True
    if _list_neighbour(text, start, end, known):
        return True
    left = text[start - 1 : start] if start else "，"
    return left in _LEFT_EDGE and is_boundary(text, end) and text[end : end + 1] not in ("某", "")


def _ordinary_word(given: str) -> bool:
    """A dictionary word that is not a name (手链, 皮带), so 金手链 is no person."""
    if not rjieba.has_word(given):
        return False
    tags = rjieba.tag(given)
    return len(tags) == 1 and not tags[0][1].startswith(("nr", "m", "q", "ns", "nz"))


def _candidate(word: str, tag: str, text: str, end: int) -> str | None:
    """The name inside an ``nr`` token; 王庆华有 → 王庆华."""
    if tag not in _NAME_TAGS:
        return None
    if len(word) in (3, 4) and word[-1] in _VERB_END and looks_like_name(word[:-1]):
        return word[:-1]
    if (
        len(word) == 4
        and word[:2] not in COMPOUND_SURNAMES
        and looks_like_name(word[:3])
        and not rjieba.has_word(word)
        and rjieba.tag(word[0])[0][1] not in (*_FUNCTION_TAGS, "v")
    ):
        return word[:3]  # 李华伟手, 贾爱远系: rjieba glued the next character on
    return word if 2 <= len(word) <= 4 else None


def guess_names(text: str, exclude: set[str]) -> set[str]:
    """Distinct name strings that look like persons' names.

    A string is dropped if any of its occurrences looks like part of a place, a brand or an
    organisation (哈弗H6, 东方明珠KTV, …县…村), so one bad reading cannot spread.
    """
    found: set[str] = set()
    bad: set[str] = set()
    pending: dict[str, list[tuple[int, int]]] = {}
    pos = start = 0
    tokens = rjieba.tag(text)
    for i, (token, tag) in enumerate(tokens):
        start, pos = pos, pos + len(token)
        word = _candidate(token, tag, text, pos)
        if word is None or word in exclude or word in bad:
            continue
        end = start + len(word)
        if word in POS_STOPWORDS or word in LEGAL_TERMS:
            continue
        if not looks_like_name(word) or rjieba.has_word(word):
            continue  # dictionary words (玉石, 许可, 文昌 …) are tagged nr too often
        if len(word) == 2 and rjieba.tag(word[0])[0][1] in (*_FUNCTION_TAGS, "v"):
            continue  # 但/王蕾 read as 但王
        if len(word) == 3 and _ordinary_word(word[1:]):
            continue  # 金/手链, 文/皮带
        nxt = text[end : end + 1]
        if (
            is_mask_like(nxt)
            or (nxt.isascii() and nxt.isalnum())
            or followed_by_place_or_org(text, end)
            or any(
                rjieba.has_word(text[start - k : start + 1]) for k in (1, 2, 3) if start - k >= 0
            )
            or (i + 1 < len(tokens) and tokens[i + 1][1] == "ns" and len(tokens[i + 1][0]) == 1)
        ):
            bad.add(word)  # 测试费/中, 哈弗H6, …
            continue
        if len(word) == 2:
            pending.setdefault(word, []).append((start, end))
            continue
        found.add(word)
    known = exclude | found
    for word, places in pending.items():
        if any(_person_context(text, s, e, known) for s, e in places):
            found.add(word)
    found |= list_names(text, exclude | found) | bank_table_names(text)
    return {w for w in found - bad if w not in exclude}


_LIST_RE = re.compile(
    r"(?<![\u4e00-\u9fff0-9])(?:[\u4e00-\u9fff×xX*＊0-9]{2,4}、){1,20}[\u4e00-\u9fff×xX*＊0-9]{2,4}"
)


def list_names(text: str, known: set[str]) -> set[str]:
    """Items of a 、-list that also holds a known name or a court mask: 周荣光、张庭秀、林某2."""
    out: set[str] = set()
    for m in _LIST_RE.finditer(text):
        items = m.group().split(_LIST_SEP)
        anchors = [it for it in items if _is_person_item(it, known)]
        if not anchors:
            continue
        for it in items:
            if it in known or is_mask_like(it) or not looks_like_name(it) or rjieba.has_word(it):
                continue
            if it in POS_STOPWORDS or it in LEGAL_TERMS:
                continue
            out.add(it)
    return out


def bank_table_names(text: str) -> set[str]:
    """Account holders: "…银行 卫茜 6222…", "户名：卫茜"."""
    out: set[str] = set()
    for m in _BANK_TABLE_RE.finditer(text):
        name = m.group("name") or m.group("holder")
        if looks_like_name(name) and not rjieba.has_word(name) and is_boundary(text, m.end()):
            out.add(name)
    return out
