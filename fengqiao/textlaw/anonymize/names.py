"""What a Chinese personal name looks like, where it ends, and its pseudonym base."""

from __future__ import annotations

import re

from .lexicon import (
    COMPOUND_SURNAMES,
    HAN_STYLE_ETHNIC,
    NAME_FOLLOWERS,
    NON_NAME_CHARS,
    NON_PERSON_SUFFIXES,
    PLACE_OR_ORG_AFTER,
    SURNAMES,
)
from .textutil import is_han

_DOTS = "·•．・"
_TRANSLIT_RE = re.compile(rf"[\u4e00-\u9fff]{{1,8}}(?:[{_DOTS}][\u4e00-\u9fff]{{1,8}}){{1,3}}")
_TRANSLIT_HEAD_RE = re.compile(
    rf"[\u4e00-\u9fff]{{1,8}}(?:[{_DOTS}][\u4e00-\u9fff]{{1,8}}){{0,2}}[{_DOTS}]"
)
_LATIN_NAME_RE = re.compile(r"[A-Z][a-zA-Z]+(?: [A-Z][a-zA-Z]+){0,3}")

# Already masked forms: 张某, 张某某, 李甲某, 龚某1, 张x1, 曹0, 张×, ×××, ***, XX.
MASK_RE = re.compile(
    r"[\u4e00-\u9fff]{1,2}(?:某+[\u4e00-\u9fff0-9０-９]?|[甲乙丙丁戊己庚辛壬癸]某|[xX×＊*]+[0-9]*|[0-9０-９]+)"
    r"|[×xX＊*]{2,}"
)
_MASK_CHARS = frozenset("某×＊*xXｘＸ")
_FOLLOWER_1 = frozenset(w for w in NAME_FOLLOWERS if len(w) == 1)
_FOLLOWER_N = tuple(w for w in NAME_FOLLOWERS if len(w) > 1)


_STEMS = frozenset("甲乙丙")  # 丁, 庚, 辛 … are also ordinary given-name characters


def is_mask_like(s: str) -> bool:
    """True for strings that are already anonymised (张某, 李甲某, 龚某1, 曹0, 张x1, ×××,
    and the 天干 form 李甲 / 高乙 that courts use for people of one surname)."""
    if len(s) >= 2 and s[1] in _STEMS:
        return True
    return any(ch in _MASK_CHARS or ch.isdigit() for ch in s)


def surname_len(s: str) -> int:
    """Length of the surname at the start of s (2 for 复姓, 1 for a known surname, else 0)."""
    if s[:2] in COMPOUND_SURNAMES and len(s) >= 3:
        return 2
    return 1 if s[:1] in SURNAMES else 0


def looks_like_name(s: str, *, known_surname: bool = True) -> bool:
    """Shape check for a Chinese (or transliterated) personal name.

    With known_surname=False (names the parser read from a party paragraph) an unknown
    first character and up to four characters are accepted (minority names, rare surnames).
    """
    if not s or is_mask_like(s):
        return False
    if any(ch in _DOTS for ch in s):
        return bool(_TRANSLIT_RE.fullmatch(s)) and len(s) <= 20
    if _LATIN_NAME_RE.fullmatch(s):
        return not known_surname
    if not all(is_han(ch) for ch in s):
        return False
    sl = surname_len(s)
    if sl == 0 and known_surname:
        return False
    given = len(s) - max(sl, 1)
    if not 1 <= given <= (2 if known_surname else 3):
        return False
    if any(ch in NON_NAME_CHARS for ch in s[max(sl, 1) :]):
        return False
    return not s.endswith(NON_PERSON_SUFFIXES)


_LISTED_NOT_PERSON = (
    "省",
    "市",
    "县",
    "区",
    "镇",
    "乡",
    "村",
    "公司",
    "银行",
    "医院",
    "学校",
    "法院",
    "检察院",
    "公安局",
    "派出所",
    "看守所",
    "委员会",
    "中心",
    "厂",
    "店",
    "所",
)


def is_listed_name(s: str) -> bool:
    """Looser check for a name the parser read after a role label in a party paragraph
    (rare surnames, names ending in 州 or 路 are fine here)."""
    if not s or is_mask_like(s) or s.endswith(_LISTED_NOT_PERSON):
        return False
    if any(ch in _DOTS for ch in s):
        return bool(_TRANSLIT_RE.fullmatch(s)) and len(s) <= 20
    if _LATIN_NAME_RE.fullmatch(s):
        return True
    return 2 <= len(s) <= 5 and all(is_han(ch) for ch in s)


def is_boundary(text: str, i: int) -> bool:
    """Whether a name may end just before text[i]."""
    if i >= len(text):
        return True
    ch = text[i]
    if not is_han(ch):
        return True
    return ch in _FOLLOWER_1 or text.startswith(_FOLLOWER_N, i)


def followed_by_place_or_org(text: str, i: int) -> bool:
    return text.startswith(PLACE_OR_ORG_AFTER, i)


def name_candidates(text: str, pos: int) -> list[str]:
    """Possible names starting at pos, most likely first (empty if none looks like a name)."""
    m = _TRANSLIT_HEAD_RE.match(text, pos)
    if m:  # 阿卜杜拉·买买提: the last part ends at the first place a name may end
        for end in range(m.end() + 2, min(m.end() + 9, len(text) + 1)):
            if not is_han(text[end - 1]):
                break
            if is_boundary(text, end):
                return [text[pos:end]]
    sl = surname_len(text[pos : pos + 3])
    if sl == 0:
        return []
    short, long_ = text[pos : pos + sl + 1], text[pos : pos + sl + 2]
    out: list[str] = []
    if len(short) == sl + 1 and is_boundary(text, pos + len(short)):
        out = [short, long_]
    elif len(long_) == sl + 2 and is_boundary(text, pos + len(long_)):
        out = [long_, short]
    else:
        out = [long_, short]
    return [c for c in out if looks_like_name(c)]


def is_minority_style(name: str, ethnic: str | None = None) -> bool:
    if any(ch in _DOTS for ch in name):
        return True
    return bool(ethnic) and ethnic not in HAN_STYLE_ETHNIC


def pseudonym_base(name: str, ethnic: str | None = None) -> str:
    """法释〔2016〕19号 第九条: keep the surname (复姓 both characters; minority and foreign
    names their first character) and replace the rest with 某; Latin names keep the first
    letter only."""
    if _LATIN_NAME_RE.fullmatch(name):
        return name[0]
    if is_minority_style(name, ethnic):
        return name[0] + "某"
    if name[:2] in COMPOUND_SURNAMES and len(name) >= 3:
        return name[:2] + "某"
    return name[0] + "某"


_MOU_RUN_RE = re.compile(r"某+([0-9０-９]+|[甲乙丙丁戊己庚辛壬癸])?")


def existing_masks(text: str) -> set[str]:
    """Mask forms already present in the text (张某, 张某某, 欧阳某, 张某1, 张某甲), so that a new
    pseudonym never repeats one of them. Over-inclusive on purpose: 人张某 does no harm."""
    out: set[str] = set()
    for m in _MOU_RUN_RE.finditer(text):
        for n in (1, 2):
            if m.start() >= n:
                prefix = text[m.start() - n : m.start()]
                out.add(prefix + m.group())
                out.add(prefix + m.group()[: len(m.group()) - len(m.group(1) or "")])
    return out
