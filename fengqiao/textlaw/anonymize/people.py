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
from dataclasses import dataclass
from typing import Any

import rjieba

from .lexicon import LAY_ROLE_WORDS, LEGAL_TERMS, POS_STOPWORDS, ROLE_WORDS
from .minors import is_minor, judgment_date, offence_date
from .model import ART8_ROLES, Person
from .names import (
    MASK_RE,
    is_mask_like,
    looks_like_name,
    surname_len,
)
from .parties import (
    PartyInfo,
    header_end,
    is_lawyer,
    parties_from_parsed,
    read_header,
    read_officials,
)
from .pick import (
    STRONG_ROLES,
    WEAK_OFFICIALS,
    dict_name,
    name_before,
    pick_name,
    starts_like_name,
)
from .textutil import is_han

_MENTION_ROLES = {**LAY_ROLE_WORDS, **ROLE_WORDS}
_ROLE_ALT = "|".join(sorted(_MENTION_ROLES, key=len, reverse=True))
_MENTION_RE = re.compile(rf"(?P<role>{_ROLE_ALT})(?:（[^）]{{1,12}}）)?[:：]?(?=[\u4e00-\u9fff])")
_SEPARATE_CASE_RE = re.compile(
    r"（[^（）]{0,10}?(?:另案|已判|判刑|判决|已起诉|在逃|死亡|不起诉|另处|已处理)[^（）]{0,8}）"
)
_REPORTED_SPEECH_RE = re.compile(
    r"(?:^|(?<=[^\u4e00-\u9fff])|(?<=证人)|(?<=被害人)|(?<=被告人)|(?<=同案人))"
    r"(?P<names>(?:[\u4e00-\u9fff·]{2,4}、){0,8}[\u4e00-\u9fff·]{2,4})的(?:证言|陈述|供述|辨认笔录)"
)


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

    stem_names: frozenset[str] = frozenset()  # 李甲宾: a real name that looks like 李甲 + 宾

    def unique_persons(self) -> list[Person]:
        seen: dict[str, Person] = {}
        for p in self.persons.values():
            seen.setdefault(p.person_id, p)
        return list(seen.values())


def _role_word_starts_a_word(text: str, start: int, end: int) -> bool:
    """The role word is not the tail of a longer word: 业主 in 行业主管部门 or 林业主管, 员工
    in 船员工钱 — but 学生 in 大学生 (a word that ends where the role word ends) is fine."""
    if start == 0 or not is_han(text[start - 1]):
        return True
    left = max(0, start - 4)
    pos = left
    for word in rjieba.cut(text[left : end + 2]):
        nxt = pos + len(word)
        if pos == start:
            return True
        if pos < start < nxt:
            return nxt == end
        pos = nxt
    return True


def _lay_name_ok(text: str, pos: int, name: str, known: set[str]) -> bool:
    """After 业主, 消费者, 员工 … (weaker cues than 被害人 or 证人): not a word that starts with
    an adverb (都能), nor a two-character dictionary word (钱财 after 租户) unless a list or a
    verb follows it (李娜、…, 李娜投诉)."""
    if name in known:
        return True
    if not starts_like_name(text, pos, name):
        return False
    if len(name) > 2 or not rjieba.has_word(name):
        return True
    end = pos + len(name)
    if text[end : end + 1] in ("、", "等"):
        return True
    after = rjieba.tag(text[end : end + 6])
    return dict_name(name) and bool(after) and after[0][1].startswith("v")


def read_mentions(text: str, known: set[str], start: int = 0) -> list[Mention]:
    """Names after role words, in lists after them, and before "（另案处理）"."""
    out: list[Mention] = []
    for m in _MENTION_RE.finditer(text, start):
        role_word = m.group("role")
        role = _MENTION_ROLES[role_word]
        lay = role_word in LAY_ROLE_WORDS
        if lay and not _role_word_starts_a_word(text, m.start(), m.end("role")):
            continue
        pos = m.end()
        while pos < len(text):
            name = pick_name(text, pos, known, strong=role in STRONG_ROLES)
            if not name or (lay and not _lay_name_ok(text, pos, name, known)):
                break
            if (
                role == "relative"
                and name not in known
                and (name[-1] in _LOCATIVE_END or not looks_like_name(name))
            ):
                break  # 母亲左胸部, 妻子同意: kinship words introduce names only sometimes
            out.append(Mention(pos, pos + len(name), name, role, f"{role_word}后的姓名", 0.85))
            nxt = pos + len(name)
            sep = text[nxt : nxt + 1]
            if sep == "、" or (sep and sep in "和及与" and text[nxt + 1 : nxt + 2] != "其"):
                pos = nxt + 1
                continue
            break
    for m in _SEPARATE_CASE_RE.finditer(text, start):
        if name := name_before(text, m.start(), known):
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
                looks_like_name(part) and part not in POS_STOPWORDS and dict_name(part)
            ):
                out.append(Mention(pos, pos + len(part), part, role, f"“的{kind}”前的姓名", 0.7))
            pos += len(part) + 1
    return out


_BODY_ALIAS_RE = re.compile(
    r"[（(](?:绰号|外号|化名|又名|别名|小名|网名|曾用名)?[:：]?[“\"](?P<a>[\u4e00-\u9fff]{2,5})[”\"]"
    r"|[，,（(](?:绰号|外号|化名|又名|别名|小名|曾用名)[:：]?[“\"]?(?P<b>[\u4e00-\u9fff]{2,5}?)[”\"]?(?=[，,）)、。])"
)
_MASK_END_RE = re.compile(MASK_RE.pattern.join(("(?:", r")\Z")))


_ANY_ALIAS_RE = re.compile(
    r"(?:化名|假名|绰号|外号|别名|又名|网名|小名|曾用名|诨名)(?:为|叫|是)?[:：]?"
    r"(?:[“\"'‘](?P<q>[^”\"'’，,。]{1,6})[”\"'’]|(?=[\u4e00-\u9fff]))"
)


def read_loose_aliases(text: str, known: set[str]) -> list[tuple[int, str]]:
    """(position, alias) wherever an alias word introduces one, with or without a bracket
    before it: "以化名朱诚信租用", "伙同绰号“老扁”的男子"."""
    out: list[tuple[int, str]] = []
    for m in _ANY_ALIAS_RE.finditer(text):
        alias = m.group("q")
        if alias is None:
            alias = pick_name(text, m.end(), known, strong=True)
        if not alias or len(alias) < 2 or alias in LEGAL_TERMS or alias in POS_STOPWORDS:
            continue
        if is_mask_like(alias):
            continue
        out.append((m.start(), alias))
    return out


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
        if owner is None and (name := name_before(text, s, set())) and len(name) >= 3:
            owner = name
        if owner:
            out.append((owner, alias))
    return out


_RECURRING_ROLE_RE = re.compile(
    r"(?:被害人|被告人|证人|附带民事诉讼原告人|自诉人|罪犯|被上诉人|上诉人|原告|被告)(?:之一)?[:：]?"
    r"(?=[\u4e00-\u9fff])"
)
_RECURRING_ROLES = {"被害人": "victim", "证人": "witness", "附带民事诉讼原告人": "civil_plaintiff"}
_LOCATIVE_END = frozenset("部处后外前时上下中内里间边")
_BOUNDARY_AFTER = frozenset("，,。；;、：:（(的系在与和及等说称将因于到被对")


def read_recurring(text: str, known: set[str], keep: dict[str, str]) -> list[Mention]:
    """A name right after a role word that the text keeps using (three times or more) and
    that ends at a clear boundary at least twice: "被害人刘大成系因…", "刘大成说没带",
    "被告人费用新利用…" — names a dictionary-word check would drop (费用新 starts with 费用)."""
    out: list[Mention] = []
    seen: set[str] = set()
    tried: set[str] = set()
    for m in _RECURRING_ROLE_RE.finditer(text):
        pos = m.end()
        head = text[pos : pos + 4]
        if head[:2] in known or head[:3] in known or head in known or head[:2] in seen:
            continue  # the usual case: a name already known (被告人王军…)
        best: str | None = None
        for ln in (3, 2, 4):
            c = head[:ln]
            if len(c) < ln or c in seen or c in tried or c in keep:
                continue
            tried.add(c)
            if c[-1] in _LOCATIVE_END or (ln == 4) != (surname_len(c) == 2):
                continue
            if not looks_like_name(c) or c in POS_STOPWORDS or c in LEGAL_TERMS:
                continue
            n = text.count(c)
            if n < 3 or (ln == 3 and text.count(c[:2]) > n) or rjieba.has_word(c):
                continue  # 徐辉在 (徐辉 stands alone elsewhere), 左胸部
            ends, k = 0, text.find(c)
            while k >= 0 and ends < 2:
                nxt = text[k + ln : k + ln + 1]
                ends += (not nxt) or (nxt in _BOUNDARY_AFTER) or not is_han(nxt)
                k = text.find(c, k + ln)
            if ends >= 2:
                best = c
                break
        if best:
            seen.add(best)
            role_word = m.group().rstrip(":：").removesuffix("之一")
            role = _RECURRING_ROLES.get(role_word, ROLE_WORDS.get(role_word, "party"))
            out.append(
                Mention(pos, pos + len(best), best, role, f"{role_word}后反复出现的姓名", 0.8)
            )
    return out


_STEM_NAME_RE = re.compile(
    rf"(?P<role>{_ROLE_ALT})(?:（[^）]{{1,12}}）)?[:：]?(?P<name>[\u4e00-\u9fff][甲乙丙][\u4e00-\u9fff])"
    r"(?=[，,（(、。；\s])"
)


def read_stem_names(text: str) -> dict[str, str]:
    """Three-character names whose second character is 甲/乙/丙 (李甲宾), introduced after a
    role word, and whose first two characters never stand alone in the text — so they are not
    the court's 天干 masks (李甲, 李乙) followed by another word. name -> role."""
    out: dict[str, str] = {}
    for m in _STEM_NAME_RE.finditer(text):
        name = m.group("name")
        if name[2] in "某甲乙丙丁" or name in out:
            continue
        if text.count(name[:2]) == text.count(name):
            out[name] = _MENTION_ROLES[m.group("role")]
    return out


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
    for pos, alias in read_loose_aliases(text, set(persons) | set(keep)):
        if alias in persons or alias in keep:
            continue
        owner = next(
            (p for n, p in persons.items() if len(n) >= 2 and n in text[max(0, pos - 40) : pos]),
            None,
        )
        if owner is None:
            add(alias, "other", "alias", 0.8)
        else:
            owner.aliases.add(alias)
            persons[alias] = owner
    known = set(persons) | set(keep)
    mentions = []
    for m in read_mentions(text, known, 0):
        if m.role == "agent" and m.name not in persons:
            clause = text[m.end : m.end + 60].split("。")[0]
            if is_lawyer(m.reason, clause):
                keep.setdefault(m.name, "律师")
        if m.name in keep:
            if keep[m.name] not in WEAK_OFFICIALS or m.role not in ART8_ROLES:
                continue
            del keep[m.name]  # a police officer who is also a victim or a witness (第八条)
        mentions.append(m)
    for m in mentions:
        add(m.name, m.role, "mention", m.score)
    for m in read_recurring(text, set(persons), keep):
        if not any(m.name in p or p in m.name for p in persons if len(p) >= 2):
            add(m.name, m.role, "mention", m.score)
    stems = read_stem_names(text)
    for name, role in stems.items():
        if name not in keep:
            add(name, role, "header", 0.9)
    return DocPeople(
        parties, persons, keep, mentions, cause, doc_kind, judged, offence, h_end, frozenset(stems)
    )
