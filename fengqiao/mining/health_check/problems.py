"""Recurring problems of the entity's own practice: key phrases or the lead's clusters.

Only text about the entity's own conduct is read: the facts and grounds of the cases where it
is 被告 (the case is about what it did); where it sued, the clauses about the other side's own
conduct are left out (a clause opening with 被告/被申请人…, and the clauses without a subject
that follow it) unless they report what that side says about the entity (被告辩称…) — so
"被告持卡消费后逾期未还款" is never the bank's problem.

Key phrases: word n-grams (up to 8 tokens, 4–16 characters, of
:func:`fengqiao.textlaw.segment.tokenize`) that contain a problem cue (未/拖欠/逾期/拒/故障/受伤…)
and no procedural word (传唤/举证/调解…), scored per 案由 group by TF-IDF against the entity's own
cases (share of the group's cases × smoothed log-inverse share among all its cases; phrases in
more than 85 % of a group are boilerplate and dropped), preferring longer phrases bounded by
punctuation or function words; near duplicates (substring, same head noun, mostly the same
characters or cases) are dropped and each kept phrase is quoted (anonymised) from up to two cases.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from fengqiao.textlaw.segment import tokenize

from .figures import entity_side
from .inputs import EntityCase, PatternLike, ProblemPattern
from .quotes import masked


@dataclass(frozen=True)
class RecurringProblem:
    label: str
    key_terms: tuple[str, ...]
    case_count: int
    scope: str  # the 案由 group it was found in ("" = all the entity's cases)
    scope_count: int  # cases in that group
    examples: list[tuple[str, str]]  # (case_no, quoted sentence)
    source: str  # "patterns" | "extracted"

    @property
    def share(self) -> float:
        return self.case_count / self.scope_count if self.scope_count else 0.0


_SENTENCE_RE = re.compile(r"[^。！？；!?;\n]+[。！？；!?;]?")
_NUMERIC_RE = re.compile(
    r"^(?:[\d０-９.,，%％]+|[〇零一二三四五六七八九十百千万亿两]+)[年月日号时元余多个份次件名]?$|^\d"
)
# function words and party/court words that may not start or end a phrase
_EDGE_STOP = set(
    "的 了 与 和 及 或 在 对 为 是 其 并 但 等 将 由 向 于 已 也 又 就 被 把 以 从 至 后 前 中 上 下 时"
    " 之 所 该 此 本 某 个 则 即 而 且 因 故 如 若 经 给 让 使 到 过 着 都 还 再 均 仍 即 后来 遂"
    " 原告 被告 本院 双方 一审 二审 上诉人 被上诉人 第三人 申请人 被申请人 当事人 经查 认为 称 辩称"
    " 主张 请求 要求 提交 提供 证明 诉至 法院 其中 相关 有关 上述 该案 案涉 涉案 包括 以及 因此"
    " 同时 另 另查明 查明 现 后 多次 一直 多名 一张 一套 一份 已经 属于 系 作为 进行 导致 造成"
    " 或者 并且 而且 或是 如果 以便 致使 为由 对于 关于".split()
)
# a phrase containing one of these is procedural, not a problem of the entity
_PROCEDURAL = set(
    "传唤 传票 到庭 出庭 应诉 举证 质证 调解 保全 简易程序 普通程序 开庭 审理 诉讼 律师费 证据"
    " 庭审 判决 裁定 诉至 起诉 答辩 在卷 佐证 陈述 争议焦点 诉讼请求 仲裁 受理 鉴定费 公告"
    " 协商 达成 催缴未果 催告 上述事实".split()
)
_CUES = (
    "未", "不", "拒", "欠", "逾期", "迟延", "延迟", "违约", "违反", "违规", "违法", "擅自", "瑕疵",
    "缺陷", "损失", "损害", "受伤", "摔倒", "渗漏", "漏水", "开裂", "无法", "没有", "故障", "隐患",
    "混乱", "过高", "虚假", "侵权", "免责", "怠于", "疏于", "失职", "坠", "差", "问题", "投诉",
    "停工", "克扣", "拖延", "隐瞒", "误导", "推诿", "困", "伤", "亡", "乱",
)  # fmt: skip
MIN_PHRASE_CHARS = 4
MAX_PHRASE_CHARS = 16
# a one-character token may open a phrase only if it is a cue ("未签订…"), close it only if
# it is a cue or a money noun ("…服务差", "…物业费")
_START_CHARS = set("未不拒欠无漏超")
_END_CHARS = set("差乱高低费款金")
MAX_PROBLEMS = 8
PER_GROUP = 4


def split_sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_RE.findall(text or "") if len(s.strip()) >= 4]


def _is_break(token: str) -> bool:
    return (
        not token.strip()
        or not any(ch.isalnum() for ch in token)
        or bool(_NUMERIC_RE.match(token))
        or "某" in token
    )


# the segmenter glues an adverb or time word to a following negation ("起未", "并未", "时因")
_GLUE_FIRST = set("起时并且但而即均仍遂故又后则却亦也都就才尚从")
_GLUE_SECOND = set("未不拒欠因无被将已")


def _tokens(sentence: str) -> list[str]:
    out: list[str] = []
    for tok in tokenize(sentence):
        if len(tok) == 2 and tok[0] in _GLUE_FIRST and tok[1] in _GLUE_SECOND:
            out.extend(tok)
        else:
            out.append(tok)
    return out


def _phrases(sentence: str, max_n: int = 8) -> dict[str, bool]:
    """Candidate phrases of one sentence → whether the phrase is a whole clause part.

    A phrase is "clean" when it is bounded on both sides by punctuation or a function word
    (so "签字时不知晓借款真实用途", not "单上签字确认了欠薪金额"); clean phrases score higher.
    """
    tokens = _tokens(sentence)
    out: dict[str, bool] = {}
    run: list[str] = []
    for tok in [*tokens, "。"]:
        if not _is_break(tok):
            run.append(tok)
            continue
        for i in range(len(run)):
            first = run[i]
            if first in _EDGE_STOP or (len(first) == 1 and first not in _START_CHARS):
                continue
            open_left = i == 0 or run[i - 1] in _EDGE_STOP or len(run[i - 1]) == 1
            for n in range(1, max_n + 1):
                j = i + n
                if j > len(run):
                    break
                last = run[j - 1]
                if last in _EDGE_STOP or (len(last) == 1 and last not in _END_CHARS):
                    continue
                text = "".join(run[i:j])
                if len(text) > MAX_PHRASE_CHARS:
                    break
                if len(text) < MIN_PHRASE_CHARS or any(p in text for p in _PROCEDURAL):
                    continue
                clean = open_left and (j == len(run) or run[j] in _EDGE_STOP or len(run[j]) == 1)
                out[text] = out.get(text, False) or clean
        run = []
    return out


def _has_cue(phrase: str) -> bool:
    return any(c in phrase for c in _CUES)


def _quote(sentence: str, needle: str, limit: int = 80) -> str:
    """The sentence verbatim, or a window of it around ``needle`` marked with ……."""
    if len(sentence) <= limit:
        return sentence
    pos = max(0, sentence.find(needle))
    start = max(0, min(pos - limit // 3, len(sentence) - limit))
    text = sentence[start : start + limit]
    return ("……" if start else "") + text + ("……" if start + limit < len(sentence) else "")


_OTHER_SIDE = re.compile(r"^(被告|被申请人|被上诉人|原审被告|被执行人)")
_OTHER_SIDE_SAYS = re.compile(r"辩称|抗辩|认为|主张|称|反映|投诉|质疑")
_OWN_SIDE = re.compile(r"^(原告|申请人|上诉人|本院|法院|物业|公司|银行|该)")
_CLAUSE = re.compile(r"[^，,；;]+[，,；;]?")


def _without_other_side(sentence: str) -> str:
    """The clauses of ``sentence`` that are not about the other side's own conduct: a clause
    opening with 被告/被申请人… (and the clauses without a subject after it) is dropped, unless
    it reports what that side says about the entity (被告辩称…)."""
    kept: list[str] = []
    other = False
    for clause in _CLAUSE.findall(sentence):
        if _OTHER_SIDE.match(clause):
            other = not _OTHER_SIDE_SAYS.search(clause)
        elif _OWN_SIDE.match(clause):
            other = False
        if not other:
            kept.append(clause)
    text = "".join(kept).rstrip("，,；;")
    if text and sentence[-1:] in "。！？；!?;" and not text.endswith(tuple("。！？；!?;")):
        text += sentence[-1]
    return text


def own_text(case: EntityCase) -> str:
    """The text of ``case`` that is about the entity's own conduct (see the module docstring)."""
    side = entity_side(case.role)
    text = "。".join(t for t in (case.facts, case.reasoning) if t)
    if side == "被告":
        return text
    if side == "原告":
        return "".join(_without_other_side(s) for s in split_sentences(text))
    return ""


def _examples(
    cases: Sequence[EntityCase], needles: Sequence[str], *, limit: int = 2
) -> list[tuple[str, str]]:
    """Up to ``limit`` (case_no, sentence) from different cases: the sentence with the most
    needles (ties: the shorter), sentences of 12–90 characters preferred."""
    found: list[tuple[str, str]] = []
    quoted: set[str] = set()
    for case in cases:
        best: tuple[int, int, str, str] | None = None
        for sentence in split_sentences(own_text(case)):
            hits = [n for n in needles if n and n in sentence]
            if not hits or sentence in quoted:
                continue
            fit = 0 if 12 <= len(sentence) <= 90 else 1
            key = (-len(hits), fit, sentence, hits[0])
            if (
                best is None
                or key[:2] < best[:2]
                or (key[:2] == best[:2] and len(sentence) < len(best[2]))
            ):
                best = key
        if best is not None:
            quoted.add(best[2])
            found.append((case.case_no, masked(_quote(best[2], best[3]), case)))
        if len(found) >= limit:
            break
    return found


def extract_problems(
    cases: Sequence[EntityCase],
    *,
    max_problems: int = MAX_PROBLEMS,
    per_group: int = PER_GROUP,
    min_cases: int = 3,
    min_share: float = 0.1,
    max_share: float = 0.85,
) -> list[RecurringProblem]:
    """Recurring problems as key phrases of the entity's own text (module docstring)."""
    texts = {c.case_id: own_text(c) for c in cases}
    with_facts = [c for c in cases if texts[c.case_id].strip()]
    if len(with_facts) < min_cases:
        return []
    phrase_cases: dict[str, set[int]] = defaultdict(set)
    clean: dict[str, int] = Counter()
    for idx, case in enumerate(with_facts):
        seen: dict[str, bool] = {}
        for sentence in split_sentences(texts[case.case_id]):
            for phrase, is_clean in _phrases(sentence).items():
                if _has_cue(phrase):  # a problem is something going wrong: cue words only
                    seen[phrase] = seen.get(phrase, False) or is_clean
        for phrase, is_clean in seen.items():
            phrase_cases[phrase].add(idx)
            clean[phrase] += is_clean

    groups: dict[str, list[int]] = defaultdict(list)
    for idx, case in enumerate(with_facts):
        groups[(case.cause or "").strip() or "案由不详"].append(idx)
    group_list = [(g, set(ix)) for g, ix in groups.items() if len(ix) >= min_cases]
    group_list.sort(key=lambda g: -len(g[1]))
    if len(group_list) != 1:  # problems that cut across causes
        group_list.append(("", set(range(len(with_facts)))))

    n_all = len(with_facts)
    cause_of = [(c.cause or "").strip() or "案由不详" for c in with_facts]
    candidates: list[list[tuple[float, str, str, set[int], int]]] = []
    for group, members in group_list:
        size = len(members)
        need = max(min_cases, math.ceil(min_share * size))
        scored = []
        for phrase, ids in phrase_cases.items():
            inside = ids & members if group else ids
            df = len(inside)
            if df < need or df / size > max_share:
                continue
            if not group and Counter(cause_of[i] for i in ids).most_common(1)[0][1] > 0.8 * df:
                continue  # across 案由 only phrases that no single 案由 owns
            # tf: share of the group's cases; idf: smoothed, over all the entity's cases;
            # longer phrases and whole clause parts preferred
            idf = math.log((n_all + 1) / (len(ids) + 1)) + 1.0
            bonus = (1 + 0.1 * len(phrase)) * (1.5 if clean[phrase] * 2 >= len(ids) else 1.0)
            score = df / size * idf * bonus
            scored.append((score, phrase, group, inside, size))
        scored.sort(key=lambda s: (-s[0], s[1]))
        candidates.append(scored)

    # greedy per group (largest group first): best-scoring phrases that do not repeat a chosen
    # problem (substring; the same head noun of ≥3 characters or ≥70 % of the shorter phrase's
    # characters — 未缴纳物业服务费 / 欠缴物业服务费 / 欠缴物业; or ≥70 % of the smaller case set
    # shared); then the largest overall
    chosen: list[tuple[float, str, str, set[int], int]] = []
    heads: dict[str, str] = {}
    members_of = dict(group_list)

    def generalise(cand: tuple[float, str, str, set[int], int]) -> tuple:
        """A shorter part of the phrase found in ≥1.5× as many cases of the group stands for
        the problem better ("物业公司维修不及时" → "维修不及时"): take the longest such part."""
        score, phrase, group, ids, size = cand
        best = cand
        for i in range(len(phrase)):
            for j in range(i + MIN_PHRASE_CHARS, len(phrase) + 1):
                part = phrase[i:j]
                if part == phrase or part not in phrase_cases:
                    continue
                inside = phrase_cases[part] & members_of[group] if group else phrase_cases[part]
                if len(inside) >= 1.5 * len(ids) and len(inside) <= max_share * size:
                    if best is cand or len(part) > len(best[1]):
                        best = (score, part, group, inside, size)
        return best

    for scored in candidates:
        taken = 0
        for cand in scored:
            if taken >= per_group:
                break
            cand = generalise(cand)
            _, phrase, _, ids, _ = cand
            head = heads.setdefault(phrase, _tokens(phrase)[-1])
            if any(
                phrase in other
                or other in phrase
                or (len(head) >= 3 and heads.get(other) == head)
                or len(set(phrase) & set(other)) >= 0.7 * min(len(set(phrase)), len(set(other)))
                or len(ids & other_ids) / min(len(ids), len(other_ids)) >= 0.7
                for _, other, _, other_ids, _ in chosen
            ):
                continue
            chosen.append(cand)
            taken += 1
    chosen = sorted(chosen, key=lambda s: (-len(s[3]), -s[0]))[:max_problems]

    out = []
    for _, phrase, group, ids, size in sorted(chosen, key=lambda s: (-len(s[3]), s[1])):
        members = [with_facts[i] for i in sorted(ids)]
        out.append(
            RecurringProblem(
                label=phrase,
                key_terms=(phrase,),
                case_count=len(ids),
                scope=group,
                scope_count=size,
                examples=_examples(members, [phrase]),
                source="extracted",
            )
        )
    return out


def _as_pattern(p: PatternLike, case_no_of: Mapping[object, str]) -> ProblemPattern:
    if isinstance(p, ProblemPattern):
        return p
    if isinstance(p, tuple):
        label, terms, case_nos = p
        return ProblemPattern(label, tuple(terms), tuple(case_nos))
    ids = [*p.representatives, *p.case_ids]
    case_nos = tuple(dict.fromkeys(case_no_of[i] for i in ids if i in case_no_of))
    return ProblemPattern(p.label, tuple(p.key_terms), case_nos[:5], case_count=p.size)


def problems_from_patterns(
    cases: Sequence[EntityCase], patterns: Sequence[PatternLike]
) -> list[RecurringProblem]:
    """Recurring problems from the lead's clusters, with sentences quoted from their examples."""
    by_no = {c.case_no: c for c in cases}
    case_no_of = {c.case_id: c.case_no for c in cases}
    out = []
    for raw in patterns:
        p = _as_pattern(raw, case_no_of)
        if p.label == "其他":  # the clustering's remainder is not a problem
            continue
        terms = [t for t in p.key_terms if t]
        examples_cases = [by_no[n] for n in p.case_nos if n in by_no]
        if p.case_count is not None:
            count = p.case_count
        else:
            need = max(1, math.ceil(len(terms) / 2))
            count = sum(1 for c in cases if sum(t in own_text(c) for t in terms) >= need)
            count = max(count, len(examples_cases))
        causes = Counter((c.cause or "").strip() for c in examples_cases)
        scope = causes.most_common(1)[0][0] if len(causes) == 1 else ""
        scope_count = sum(1 for c in cases if c.cause == scope) if scope else len(cases)
        out.append(
            RecurringProblem(
                label=p.label,
                key_terms=tuple(terms),
                case_count=count,
                scope=scope,
                scope_count=max(scope_count, count),
                examples=_examples(examples_cases, terms),
                source="patterns",
            )
        )
    out.sort(key=lambda r: -r.case_count)
    return out
