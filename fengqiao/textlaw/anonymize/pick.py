"""Where a name starts and ends right after a role word (被害人王能新和…, 证人赵欢欢的证言),
with rjieba as a second opinion. Used for body mentions and for officials."""

from __future__ import annotations

import re

import rjieba

from .lexicon import POS_STOPWORDS
from .names import (
    followed_by_place_or_org,
    is_boundary,
    is_mask_like,
    looks_like_name,
    name_candidates,
)
from .textutil import is_han

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
_NOT_IN_ORG_NAME = frozenset("与和及等的在被将向对给把从于")
STRONG_ROLES = frozenset(
    {"victim", "witness", "appraiser", "legal_rep", "civil_plaintiff", "defendant", "minor"}
)
WEAK_OFFICIALS = frozenset({"民警", "侦查员", "警官"})
_NO_NAME_START = frozenset("员方单家亲属们均一二三四五六七八九十")


def dict_name(word: str) -> bool:
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


def starts_like_name(text: str, pos: int, cand: str) -> bool:
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


def pick_name(text: str, pos: int, known: set[str], *, strong: bool = False) -> str | None:
    """The name that starts at pos right after a role word, or None. ``strong`` role words
    (被害人, 证人 …) make a name likely enough to trust a clear boundary after it."""
    if hit := _known_at(text, pos, known):
        return hit
    cands = [c for c in name_candidates(text, pos) if c not in POS_STOPWORDS]
    cands = [c for c in cands if not is_mask_like(text[pos + len(c) : pos + len(c) + 1])]
    cands = [
        c for c in cands if c[0] not in _NO_NAME_START and (not rjieba.has_word(c) or dict_name(c))
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
    if followed_by_place_or_org(text, pos + len(choice)):
        return None
    if _ORG_RUN_RE.match(text, pos) and text[pos + len(choice)] not in _NOT_IN_ORG_NAME:
        return None  # 张记餐饮公司; not 周伟与公司发生争议, 张伟等人起诉物业公司
    end = pos + len(choice)
    nxt = text[end : end + 1]
    clear_end = (
        is_boundary(text, end)
        if len(choice) >= 3
        else (not is_han(nxt) or nxt in _STRONG_FOLLOWERS)
    )
    sandwiched = strong and clear_end and not _ordinary_given_name(choice)
    if sandwiched and _inner_ok(text, pos, choice) and starts_like_name(text, pos, choice):
        return choice  # 被害人王能新和…: a role word before, a clear boundary after
    if strong and len(choice) == 3 and _surname_then_word(text, pos, choice):
        return choice  # 证人赵欢欢的证言, 被害人苏有生陈述: given names that are also words
    return choice if _aligned(text, pos, choice) else None


def name_before(text: str, end: int, known: set[str]) -> str | None:
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
