"""涉诉法治体检报告 (litigation health-check report) for one recipient entity over a period.

Pure functions: the caller (page, CLI) selects the entity's cases and passes them in as
:class:`EntityCase` rows; this module computes the figures (:func:`compute_health_check`) and
writes the report with the GB/T 9704 machinery of :mod:`fengqiao.documents` (styles, blocks,
page numbers, LibreOffice PDF conversion), charts from :mod:`fengqiao.mining.charts`.

Sections: 一、基本情况 (counts, by year / quarter, line chart) · 二、案件类型分布 (by 案由, top 10
+ 其他, bar chart) · 三、诉讼地位与裁判结果 (roles, outcomes, loss rate, pie chart) · 四、涉案金额
(sum, median, buckets) · 五、反复出现的问题 (recurring problems with quoted sentences) ·
六、风险点与建议 (rule-based, each tied to its figures).

Definitions (also printed in the report):

* **Side**: the entity's role folded by :func:`fengqiao.mining.features.party_side` —
  原告 (原告, 申请人, 上诉人（原审原告）…), 被告 (被告, 被申请人, 被告单位, 被执行人…),
  第三人, 其他 (e.g. an appeal role without the first-instance role).
* **Loss rate (败诉率)** = lost ÷ cases with a determinable judgment result, per side. As 被告:
  lost when the plaintiff's claims were supported in whole or in part (支持/部分支持), the
  entity was convicted (有罪/免予刑事处罚) or its administrative act was revoked or declared
  unlawful (撤销/确认违法); won when the claims were dismissed (驳回/驳回起诉/不予受理) or it was
  acquitted (无罪). As 原告: lost when its claims or its suit were dismissed (驳回/驳回起诉/不予受理);
  won when supported in whole or in part (支持/部分支持/撤销/确认违法). 调解 and 撤诉 are counted
  apart and left out of the denominator, as are results that say nothing about who won (维持,
  改判, 发回重审, 准许, empty …).
* **Amount of a case** = the largest amount found in the judgment (parsers list every figure —
  claim, award, fees — so a sum would double count).
* **Recurring problems**: either given clusters (``patterns``: :class:`ProblemPattern`, a
  ``(label, key_terms, example case_nos)`` tuple, or the ``Pattern`` objects of
  :mod:`fengqiao.mining.patterns` — label, key_terms, case_ids, representatives, size) or,
  without them, key phrases of the fact sections: word n-grams (up to 8 tokens, 4–16
  characters, of :func:`fengqiao.textlaw.segment.tokenize`) that contain a problem
  cue (未/拖欠/逾期/拒/故障/受伤…) and no procedural word (传唤/举证/调解…), scored per 案由
  group by TF-IDF against the entity's own cases (share of the group's cases × smoothed
  log-inverse share among all its cases; phrases in more than 85 % of a group are boilerplate
  and dropped), preferring longer phrases bounded by punctuation or function words; near
  duplicates (substring, same head noun, mostly the same characters or cases) are dropped and
  each kept phrase is quoted verbatim from up to two cases.
"""

from __future__ import annotations

import io
import math
import random
import re
import statistics
import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Protocol

from docx.document import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.shared import Mm, Pt

from fengqiao.documents import blocks
from fengqiao.documents.content import Item, format_cn_date
from fengqiao.documents.docx_writer import document_bytes, write_docx
from fengqiao.documents.pdf import docx_to_pdf
from fengqiao.documents.styles import (
    HEITI,
    TEXT_WIDTH_MM,
    S,
    add_page_numbers,
    new_document,
    set_rfonts,
    set_table_widths,
)
from fengqiao.mining import charts
from fengqiao.mining.features import party_side
from fengqiao.textlaw.causes import cause_ancestors, cause_kind
from fengqiao.textlaw.segment import tokenize

__all__ = [
    "LOSS_RATE_DEFINITION",
    "AmountStats",
    "CauseStats",
    "EntityCase",
    "HealthCheckFigures",
    "HealthCheckInput",
    "ProblemPattern",
    "RecurringProblem",
    "RiskPoint",
    "SideStats",
    "build_health_check_document",
    "build_health_check_docx",
    "build_health_check_pdf",
    "case_result",
    "compute_health_check",
    "entity_side",
    "extract_problems",
    "report_title",
    "sample_health_check_input",
]

# ------------------------------------------------------------------ inputs


@dataclass(frozen=True)
class EntityCase:
    """One case of the entity. ``role`` is the entity's own role in it."""

    case_id: int | str
    case_no: str
    decided_on: date | None
    cause: str
    domain: str
    role: str
    outcome: str
    amounts: list[float] = field(default_factory=list)
    facts: str = ""


@dataclass(frozen=True)
class HealthCheckInput:
    entity_name: str
    period_from: date
    period_to: date
    court_name: str
    cases: list[EntityCase]


@dataclass(frozen=True)
class ProblemPattern:
    """A problem cluster from the lead's clustering: label, key terms, example case numbers.

    ``case_count``: how many of the entity's cases the cluster holds; None → counted here as
    the cases whose facts contain at least half of the key terms.
    """

    label: str
    key_terms: tuple[str, ...]
    case_nos: tuple[str, ...]
    case_count: int | None = None


class ClusterLike(Protocol):
    """What :func:`fengqiao.mining.patterns.find_patterns` returns (duck-typed, not imported):
    members and representatives are case ids (``EntityCase.case_id``)."""

    label: str
    key_terms: Sequence[str]
    case_ids: Sequence[int]
    representatives: Sequence[int]
    size: int


PatternLike = ProblemPattern | tuple[str, Sequence[str], Sequence[str]] | ClusterLike

# ------------------------------------------------------------------ sides and results

SIDES = ("原告", "被告", "第三人", "其他")
SIDE_LABELS = {
    "原告": "作为原告（含申请人）",
    "被告": "作为被告（含被申请人、被告单位）",
    "第三人": "作为第三人",
    "其他": "其他诉讼地位",
}
LOST, WON, SETTLED, UNDETERMINED = "败诉", "胜诉", "调解、撤诉", "结果未判定"
RESULTS = (LOST, WON, SETTLED, UNDETERMINED)

_SETTLED = {"调解", "撤诉"}
_DEFENDANT_LOST = {"支持", "部分支持", "有罪", "免予刑事处罚", "撤销", "确认违法"}
_DEFENDANT_WON = {"驳回", "驳回起诉", "不予受理", "无罪"}
_PLAINTIFF_LOST = {"驳回", "驳回起诉", "不予受理"}
_PLAINTIFF_WON = {"支持", "部分支持", "撤销", "确认违法"}

LOSS_RATE_DEFINITION = (
    "败诉率＝败诉案件数÷裁判结果可判定胜败的案件数。作为被告（含被申请人、被告单位）时，"
    "对方诉讼请求获得全部或部分支持、被判有罪或者行政行为被撤销、确认违法的，计为败诉；"
    "作为原告（含申请人）时，诉讼请求被驳回、起诉被驳回或不予受理的，计为败诉。"
    "以调解、撤诉方式结案以及结果不能反映胜败（如维持、发回重审）的案件不计入分母，单列统计。"
)


def entity_side(role: str) -> str:
    """原告 | 被告 | 第三人 | 其他 for the entity's role string."""
    side = party_side(role)
    return side if side in SIDES else "其他"


def case_result(side: str, outcome: str) -> str:
    """败诉 | 胜诉 | 调解、撤诉 | 结果未判定 for the entity (see the module docstring)."""
    outcome = (outcome or "").strip()
    if outcome in _SETTLED:
        return SETTLED
    if side == "被告":
        if outcome in _DEFENDANT_LOST:
            return LOST
        if outcome in _DEFENDANT_WON:
            return WON
    elif side == "原告":
        if outcome in _PLAINTIFF_LOST:
            return LOST
        if outcome in _PLAINTIFF_WON:
            return WON
    return UNDETERMINED


# ------------------------------------------------------------------ figures


@dataclass
class SideStats:
    side: str
    total: int = 0
    lost: int = 0
    won: int = 0
    settled: int = 0
    undetermined: int = 0

    @property
    def decided(self) -> int:
        return self.lost + self.won

    @property
    def loss_rate(self) -> float | None:
        return self.lost / self.decided if self.decided else None

    def add(self, result: str) -> None:
        self.total += 1
        if result == LOST:
            self.lost += 1
        elif result == WON:
            self.won += 1
        elif result == SETTLED:
            self.settled += 1
        else:
            self.undetermined += 1


@dataclass
class CauseStats:
    cause: str
    count: int = 0
    by_side: dict[str, SideStats] = field(default_factory=dict)

    def side(self, side: str) -> SideStats:
        return self.by_side.setdefault(side, SideStats(side))


@dataclass(frozen=True)
class AmountStats:
    cases_with_amount: int
    cases_without_amount: int
    total: float
    median: float | None
    mean: float | None
    maximum: float | None
    maximum_case_no: str | None
    buckets: list[tuple[str, int, float]]  # (label, cases, sum)


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


@dataclass(frozen=True)
class RiskPoint:
    rule: str
    title: str
    figures: str
    advice: str


@dataclass
class HealthCheckFigures:
    entity_name: str
    court_name: str
    period_from: date
    period_to: date
    total: int
    out_of_period: int
    undated: int
    by_side: dict[str, SideStats]
    overall: SideStats
    grain: str  # "quarter" | "year"
    periods: list[tuple[str, int]]
    by_year: list[dict[str, int]]
    recent_12: int | None
    previous_12: int | None
    causes: list[CauseStats]
    results: Counter
    amounts: AmountStats
    problems: list[RecurringProblem]
    risks: list[RiskPoint]

    def cause_rows(self, top: int = 10) -> list[tuple[str, int]]:
        """(案由, count) for the top ``top`` causes plus one "其他" row for the rest."""
        rows = [(c.cause, c.count) for c in self.causes[:top]]
        rest = sum(c.count for c in self.causes[top:])
        if rest:
            rows.append(("其他", rest))
        return rows


AMOUNT_BUCKETS: tuple[tuple[str, float, float], ...] = (
    ("1万元以下", 0.0, 1e4),
    ("1万～10万元", 1e4, 1e5),
    ("10万～50万元", 1e5, 5e5),
    ("50万～100万元", 5e5, 1e6),
    ("100万～500万元", 1e6, 5e6),
    ("500万元以上", 5e6, math.inf),
)
LARGE_AMOUNT = 1e6


def _case_amount(case: EntityCase) -> float | None:
    values = [float(a) for a in case.amounts or () if a is not None and float(a) > 0]
    return max(values) if values else None


def _amount_stats(cases: Sequence[EntityCase]) -> AmountStats:
    pairs = [(a, c.case_no) for c in cases if (a := _case_amount(c)) is not None]
    values = [a for a, _ in pairs]
    buckets = []
    for label, lo, hi in AMOUNT_BUCKETS:
        inside = [v for v in values if lo <= v < hi]
        buckets.append((label, len(inside), sum(inside)))
    top = max(pairs, default=None)
    return AmountStats(
        cases_with_amount=len(values),
        cases_without_amount=len(cases) - len(values),
        total=sum(values),
        median=statistics.median(values) if values else None,
        mean=statistics.fmean(values) if values else None,
        maximum=top[0] if top else None,
        maximum_case_no=top[1] if top else None,
        buckets=buckets,
    )


def _quarter(d: date) -> tuple[int, int]:
    return d.year, (d.month - 1) // 3 + 1


def _periods(inp: HealthCheckInput, dated: Sequence[EntityCase]) -> tuple[str, list]:
    """Quarterly counts for periods up to 12 quarters, else yearly; empty periods included."""
    start, end = _quarter(inp.period_from), _quarter(inp.period_to)
    n_quarters = (end[0] - start[0]) * 4 + end[1] - start[1] + 1
    if n_quarters <= 12:
        counts = Counter(_quarter(c.decided_on) for c in dated)
        out = []
        y, q = start
        while (y, q) <= end:
            out.append((f"{y}Q{q}", counts.get((y, q), 0)))
            y, q = (y + 1, 1) if q == 4 else (y, q + 1)
        return "quarter", out
    counts = Counter(c.decided_on.year for c in dated)
    years = range(inp.period_from.year, inp.period_to.year + 1)
    return "year", [(f"{y}年", counts.get(y, 0)) for y in years]


def _months_between(a: date, b: date) -> int:
    return (b.year - a.year) * 12 + b.month - a.month + (1 if b.day >= a.day - 1 else 0)


def compute_health_check(
    inp: HealthCheckInput, patterns: Sequence[PatternLike] | None = None
) -> HealthCheckFigures:
    """All figures of the report (no document): cases outside the period are left out."""
    cases = [
        c
        for c in inp.cases
        if c.decided_on is None or inp.period_from <= c.decided_on <= inp.period_to
    ]
    out_of_period = len(inp.cases) - len(cases)
    dated = [c for c in cases if c.decided_on is not None]
    by_side = {s: SideStats(s) for s in SIDES}
    overall = SideStats("合计")
    results: Counter = Counter()
    cause_map: dict[str, CauseStats] = {}
    year_rows: dict[int, dict[str, int]] = {}
    for c in cases:
        side = entity_side(c.role)
        result = case_result(side, c.outcome)
        by_side[side].add(result)
        overall.add(result)
        results[result] += 1
        cause = (c.cause or "").strip() or "案由不详"
        cs = cause_map.setdefault(cause, CauseStats(cause))
        cs.count += 1
        cs.side(side).add(result)
        if c.decided_on is not None:
            row = year_rows.setdefault(
                c.decided_on.year, {"year": c.decided_on.year, "total": 0, "lost": 0}
            )
            row["total"] += 1
            row[side] = row.get(side, 0) + 1
            row["lost"] += result == LOST
    causes = sorted(cause_map.values(), key=lambda s: (-s.count, s.cause))
    grain, periods = _periods(inp, dated)
    recent = previous = None
    if _months_between(inp.period_from, inp.period_to) >= 24:
        cut = inp.period_to - timedelta(days=365)
        cut2 = cut - timedelta(days=365)
        recent = sum(1 for c in dated if cut < c.decided_on <= inp.period_to)
        previous = sum(1 for c in dated if cut2 < c.decided_on <= cut)
    if patterns:
        problems = problems_from_patterns(cases, patterns)
    else:
        problems = extract_problems(cases)
    figures = HealthCheckFigures(
        entity_name=inp.entity_name,
        court_name=inp.court_name,
        period_from=inp.period_from,
        period_to=inp.period_to,
        total=len(cases),
        out_of_period=out_of_period,
        undated=len(cases) - len(dated),
        by_side=by_side,
        overall=overall,
        grain=grain,
        periods=periods,
        by_year=[year_rows[y] for y in sorted(year_rows)],
        recent_12=recent,
        previous_12=previous,
        causes=causes,
        results=results,
        amounts=_amount_stats(cases),
        problems=problems,
        risks=[],
    )
    figures.risks = assess_risks(figures, cases)
    return figures


# ------------------------------------------------------------------ recurring problems

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


def _examples(
    cases: Sequence[EntityCase], needles: Sequence[str], *, limit: int = 2
) -> list[tuple[str, str]]:
    """Up to ``limit`` (case_no, sentence) from different cases: the sentence with the most
    needles (ties: the shorter), sentences of 12–90 characters preferred."""
    found: list[tuple[str, str]] = []
    quoted: set[str] = set()
    for case in cases:
        best: tuple[int, int, str, str] | None = None
        for sentence in split_sentences(case.facts):
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
            found.append((case.case_no, _quote(best[2], best[3])))
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
    """Recurring problems as key phrases of the facts (see the module docstring)."""
    with_facts = [c for c in cases if (c.facts or "").strip()]
    if len(with_facts) < min_cases:
        return []
    phrase_cases: dict[str, set[int]] = defaultdict(set)
    clean: dict[str, int] = Counter()
    for idx, case in enumerate(with_facts):
        seen: dict[str, bool] = {}
        for sentence in split_sentences(case.facts):
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
            count = sum(1 for c in cases if sum(t in (c.facts or "") for t in terms) >= need)
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


# ------------------------------------------------------------------ risk rules

# thresholds (stated in the report's figures, so a reader can check them)
LABOUR_MIN_DECIDED = 3
LABOUR_LOSS = 0.5
PROPERTY_MIN = 5
PROPERTY_SHARE = 0.2
REPEAT_MIN = 5
REPEAT_SHARE = 0.3
DEFENDANT_MIN_DECIDED = 5
DEFENDANT_LOSS = 0.5
PLAINTIFF_MIN_DECIDED = 5
PLAINTIFF_LOSS = 0.3
RISE_MIN = 10
RISE_PCT = 0.3
FINANCE_MIN = 10
INSURANCE_MIN_DECIDED = 3
INSURANCE_LOSS = 0.5
LARGE_MIN = 3
PROBLEM_SHARE = 0.2


def _pct(x: float | None) -> str:
    return "—" if x is None else f"{x * 100:.1f}%"


def _wan(yuan: float) -> str:
    """Yuan as 万元 text: 12.35万元; small sums in 元."""
    if yuan < 1e4:
        return f"{yuan:,.0f}元"
    return f"{yuan / 1e4:,.2f}万元"


def _is_labour(c: EntityCase) -> bool:
    return c.domain == "劳动" or "劳动" in c.cause or "劳动争议" in cause_ancestors(c.cause)


def _is_property(c: EntityCase) -> bool:
    return "物业" in (c.cause or "")


def _is_finance(c: EntityCase) -> bool:
    return c.domain == "金融" or any(k in (c.cause or "") for k in ("借款", "信用卡", "融资租赁"))


def _is_insurance(c: EntityCase) -> bool:
    return any(k in (c.cause or "") for k in ("保险", "交通事故"))


def _is_admin(c: EntityCase) -> bool:
    return c.domain == "行政" or cause_kind(c.cause) == "admin"


def _stats(cases: Iterable[EntityCase], side: str | None = None) -> SideStats:
    st = SideStats(side or "合计")
    for c in cases:
        s = entity_side(c.role)
        if side is None or s == side:
            st.add(case_result(s, c.outcome))
    return st


def assess_risks(fig: HealthCheckFigures, cases: Sequence[EntityCase]) -> list[RiskPoint]:
    """Rule-based risk points; each states the figures that triggered it."""
    risks: list[RiskPoint] = []
    total = fig.total or 1

    labour = [c for c in cases if _is_labour(c)]
    st = _stats(labour, "被告")
    if st.decided >= LABOUR_MIN_DECIDED and (st.loss_rate or 0) >= LABOUR_LOSS:
        risks.append(
            RiskPoint(
                "labour",
                "劳动用工合规风险较高",
                f"作为用人单位被诉的劳动争议案件{st.total}件，其中判决结案可判定胜败的{st.decided}件，"
                f"败诉{st.lost}件，败诉率{_pct(st.loss_rate)}。",
                "建议全面梳理劳动用工管理制度，依法及时订立书面劳动合同，按时足额支付劳动报酬和"
                "加班费，依法缴纳社会保险，规范解除劳动合同程序，建立劳动争议内部协商调处机制。",
            )
        )

    prop = [c for c in cases if _is_property(c)]
    if len(prop) >= PROPERTY_MIN or (len(prop) >= 3 and len(prop) / total >= PROPERTY_SHARE):
        as_plaintiff = sum(1 for c in prop if entity_side(c.role) == "原告")
        figures = f"物业服务相关纠纷{len(prop)}件，占全部案件的{_pct(len(prop) / total)}"
        if as_plaintiff:
            figures += f"，其中作为原告起诉追缴物业费等{as_plaintiff}件"
        risks.append(
            RiskPoint(
                "property",
                "物业服务标准与收费管理有待规范",
                figures + "。",
                "建议对照物业服务合同和行业服务标准，公开服务事项、收费标准和公共收益收支情况，"
                "及时回应业主报修和投诉；对欠费业主先行沟通、调解，减少以诉讼方式催缴。",
            )
        )

    fired = {r.rule for r in risks}
    for cs in fig.causes[:3]:
        if cs.cause == "案由不详":
            continue
        if ("property" in fired and "物业" in cs.cause) or (
            "labour" in fired and ("劳动" in cs.cause or "劳动争议" in cause_ancestors(cs.cause))
        ):
            continue  # already a risk point of its own
        if cs.count >= REPEAT_MIN and cs.count / total >= REPEAT_SHARE:
            risks.append(
                RiskPoint(
                    "repeat",
                    f"{cs.cause}反复发生，可能存在制度漏洞",
                    f"{cs.cause}{cs.count}件，占全部案件的{_pct(cs.count / total)}，同类纠纷集中、反复发生。",
                    "建议对该类纠纷开展专项排查，从合同文本、业务流程和内部管理中查找共性原因，"
                    "修订完善相关制度和格式文本，从源头减少同类纠纷。",
                )
            )

    d = fig.by_side["被告"]
    if d.decided >= DEFENDANT_MIN_DECIDED and (d.loss_rate or 0) >= DEFENDANT_LOSS:
        risks.append(
            RiskPoint(
                "defendant_loss",
                "作为被告败诉率偏高，履约与合规经营存在短板",
                f"作为被告的案件{d.total}件，可判定胜败的{d.decided}件中败诉{d.lost}件，"
                f"败诉率{_pct(d.loss_rate)}。",
                "建议逐案分析败诉原因，加强合同履行管理和重大事项法律审核，对可预见的违约和侵权"
                "风险及时整改，能协商解决的纠纷尽量在诉前化解。",
            )
        )

    p = fig.by_side["原告"]
    if p.decided >= PLAINTIFF_MIN_DECIDED and (p.loss_rate or 0) >= PLAINTIFF_LOSS:
        risks.append(
            RiskPoint(
                "plaintiff_loss",
                "主动起诉的案件败诉较多，诉前评估和证据管理需加强",
                f"作为原告的案件{p.total}件，可判定胜败的{p.decided}件中诉讼请求被驳回{p.lost}件，"
                f"败诉率{_pct(p.loss_rate)}。",
                "建议完善合同、交付、催告等关键证据的留存制度，起诉前开展法律评估，"
                "对胜诉把握不大的纠纷优先通过协商、调解解决。",
            )
        )

    if fig.recent_12 is not None and fig.previous_12:
        rise = (fig.recent_12 - fig.previous_12) / fig.previous_12
        if fig.recent_12 >= RISE_MIN and rise >= RISE_PCT:
            risks.append(
                RiskPoint(
                    "rising",
                    "涉诉数量明显上升",
                    f"最近12个月涉诉{fig.recent_12}件，此前12个月{fig.previous_12}件，"
                    f"上升{_pct(rise)}。",
                    "建议分析涉诉数量上升的业务环节和原因，建立纠纷排查预警机制，"
                    "将矛盾化解在诉讼之前。",
                )
            )

    fin = [c for c in cases if _is_finance(c) and entity_side(c.role) == "原告"]
    if len(fin) >= FINANCE_MIN:
        amount = sum(a for c in fin if (a := _case_amount(c)) is not None)
        risks.append(
            RiskPoint(
                "finance",
                "信贷资产质量和催收管理风险",
                f"作为原告提起的借款、信用卡等金融纠纷{len(fin)}件，涉案金额合计{_wan(amount)}。",
                "建议加强贷前审查和贷后管理，对格式条款履行提示说明义务，规范催收行为，"
                "对批量违约客户分析共性原因。",
            )
        )

    ins = _stats([c for c in cases if _is_insurance(c)], "被告")
    if ins.decided >= INSURANCE_MIN_DECIDED and (ins.loss_rate or 0) >= INSURANCE_LOSS:
        risks.append(
            RiskPoint(
                "insurance",
                "保险理赔争议多发",
                f"作为被告的保险、交通事故类案件可判定胜败的{ins.decided}件中败诉{ins.lost}件，"
                f"败诉率{_pct(ins.loss_rate)}。",
                "建议规范免责条款的提示和明确说明，依法及时核定理赔，减少以拒赔引发的诉讼。",
            )
        )

    admin = [c for c in cases if _is_admin(c) and entity_side(c.role) == "被告"]
    revoked = [c for c in admin if c.outcome in ("撤销", "确认违法")]
    if revoked:
        risks.append(
            RiskPoint(
                "admin",
                "行政行为被撤销或确认违法，依法行政存在风险",
                f"作为行政诉讼被告的案件{len(admin)}件，其中行政行为被撤销或确认违法{len(revoked)}件。",
                "建议加强重大执法决定法制审核，规范执法程序和证据收集，落实行政机关负责人"
                "出庭应诉制度，对被撤销、确认违法的行政行为逐件整改。",
            )
        )

    crimes = [
        c
        for c in cases
        if cause_kind(c.cause) == "criminal" and c.outcome in ("有罪", "免予刑事处罚")
    ]
    if crimes:
        names = "、".join(sorted({c.cause for c in crimes}))
        risks.append(
            RiskPoint(
                "criminal",
                "存在单位犯罪刑事风险",
                f"作为被告单位被判有罪的案件{len(crimes)}件（{names}）。",
                "建议建立刑事合规管理制度，对重点岗位和高风险业务开展合规审查与培训。",
            )
        )

    large = [c for c in cases if (a := _case_amount(c)) is not None and a >= LARGE_AMOUNT]
    if len(large) >= LARGE_MIN:
        risks.append(
            RiskPoint(
                "large_amount",
                "重大金额纠纷较多",
                f"涉案金额在100万元以上的案件{len(large)}件，"
                f"合计{_wan(sum(_case_amount(c) or 0 for c in large))}。",
                "建议对重大合同实行法律审核和履约跟踪，建立重大纠纷报告和应对机制。",
            )
        )

    for prob in fig.problems:
        if prob.case_count >= 3 and prob.share >= PROBLEM_SHARE:
            scope = f"{prob.scope}案件" if prob.scope else "全部案件"
            risks.append(
                RiskPoint(
                    "problem",
                    f"“{prob.label}”问题反复出现",
                    f"该问题出现在{prob.case_count}件案件中，占{scope}的{_pct(prob.share)}"
                    "（详见第五部分）。",
                    "建议针对该问题查找管理环节上的原因，建章立制、堵塞漏洞，并跟踪整改效果。",
                )
            )
            break  # one problem rule; the section lists the rest

    return risks


# ------------------------------------------------------------------ document helpers

FIGURE_MAX_MM = 150.0


def _png_size(png: bytes) -> tuple[int, int]:
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


def _caption(doc: Document, text: str, *, before_table: bool = False) -> None:
    p = blocks.para(doc, style=S.TABLE_SMALL)
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = p.add_run(text)
    set_rfonts(run._r, HEITI)
    fmt = p.paragraph_format
    fmt.space_before = Pt(6 if before_table else 2)
    fmt.space_after = Pt(4 if before_table else 8)
    if before_table:
        fmt.keep_with_next = True


def _figure(doc: Document, png: bytes, caption: str) -> None:
    """The image centred at its natural size (150 dpi, at most the text width), caption below."""
    p = blocks.para(doc, style=S.PLAIN)
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    fmt = p.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    fmt.space_before = Pt(6)
    fmt.keep_with_next = True
    width_px, _ = _png_size(png)
    width_mm = min(FIGURE_MAX_MM, width_px / charts.DPI * 25.4)
    p.add_run().add_picture(io.BytesIO(png), width=Mm(width_mm))
    _caption(doc, caption)


def _mark_header_row(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    for tag in ("w:cantSplit", "w:tblHeader"):
        el = OxmlElement(tag)
        tr_pr.append(el)


def _table(
    doc: Document,
    caption: str,
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    widths_mm: Sequence[float],
    *,
    left_cols: Sequence[int] = (),
    total_row: bool = False,
) -> None:
    """A captioned grid table in 小四 仿宋 (header 黑体, numbers centred, header repeats)."""
    _caption(doc, caption, before_table=True)
    scale = TEXT_WIDTH_MM / sum(widths_mm) if sum(widths_mm) > TEXT_WIDTH_MM else 1.0
    table = doc.add_table(rows=1 + len(rows), cols=len(header))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    set_table_widths(table, [Mm(w * scale) for w in widths_mm])
    for r, values in enumerate([header, *rows]):
        row = table.rows[r]
        if r == 0:
            _mark_header_row(row)
        else:
            row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        for col, (cell, value) in enumerate(zip(row.cells, values, strict=True)):
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            p = cell.paragraphs[0]
            p.style = doc.styles[S.TABLE_SMALL]
            p.alignment = (
                WD_ALIGN_PARAGRAPH.LEFT if r > 0 and col in left_cols else WD_ALIGN_PARAGRAPH.CENTER
            )
            p.paragraph_format.space_before = Pt(2)
            p.paragraph_format.space_after = Pt(2)
            run = p.add_run(str(value))
            if r == 0 or (total_row and r == len(rows)):
                set_rfonts(run._r, HEITI)
    spacer = blocks.para(doc, style=S.TABLE_SMALL)
    spacer.paragraph_format.space_after = Pt(4)


def report_title(entity_name: str) -> str:
    return f"关于{entity_name}的涉诉法治体检报告"


def _period_text(a: date, b: date) -> str:
    return f"{format_cn_date(a)}至{format_cn_date(b)}"


def _n(x: int) -> str:
    return f"{x:,}"


# ------------------------------------------------------------------ sections


def _chart_period_labels(fig: HealthCheckFigures) -> list[str]:
    """Quarter ticks Q1…Q4, the year on a second line under each year's first quarter."""
    if fig.grain != "quarter":
        return [p[0] for p in fig.periods]
    out = []
    for i, (label, _) in enumerate(fig.periods):
        year, q = label.split("Q")
        out.append(f"Q{q}\n{year}" if q == "1" or i == 0 else f"Q{q}")
    return out


def _section_basic(doc: Document, fig: HealthCheckFigures, n_fig: list[int]) -> None:
    blocks.add_heading1(doc, 1, "基本情况")
    sides = fig.by_side
    parts = [
        f"{SIDE_LABELS[s]}{_n(sides[s].total)}件"
        for s in SIDES
        if sides[s].total or s in ("原告", "被告")
    ]
    text = f"统计期间内，{fig.entity_name}共涉诉{_n(fig.total)}件，其中" + "、".join(parts) + "。"
    if fig.total:
        text += f"作为被告的案件占{_pct(sides['被告'].total / fig.total)}。"
    if fig.undated:
        text += f"另有{fig.undated}件裁判日期不详，未纳入时间分布统计。"
    blocks.para(doc, text, S.BODY)
    if not fig.total:
        return
    if len(fig.by_year) > 1 or fig.grain == "quarter":
        rows = []
        for y in fig.by_year:
            other = y["total"] - y.get("原告", 0) - y.get("被告", 0)
            rows.append(
                [
                    f"{y['year']}年",
                    _n(y["total"]),
                    _n(y.get("原告", 0)),
                    _n(y.get("被告", 0)),
                    _n(other),
                    _n(y["lost"]),
                ]
            )
        _table(
            doc,
            "表1　各年度涉诉情况（件）",
            ["年度", "案件数", "作为原告", "作为被告", "第三人及其他", "败诉"],
            rows,
            [24, 24, 26, 26, 32, 22],
        )
    if fig.periods:
        unit = "季度" if fig.grain == "quarter" else "年度"
        peak_label, peak = max(fig.periods, key=lambda p: p[1])
        label = peak_label.replace("Q", "年第") + "季度" if fig.grain == "quarter" else peak_label
        trend = f"从时间分布看，案件数量最多的{unit}为{label}（{peak}件）"
        if fig.recent_12 is not None and fig.previous_12 is not None:
            if fig.previous_12:
                change = (fig.recent_12 - fig.previous_12) / fig.previous_12
                word = "增加" if change >= 0 else "减少"
                trend += (
                    f"；最近12个月涉诉{fig.recent_12}件，较此前12个月（{fig.previous_12}件）"
                    f"{word}{_pct(abs(change))}"
                )
            else:
                trend += f"；最近12个月涉诉{fig.recent_12}件，此前12个月无涉诉案件"
        blocks.para(doc, trend + "。", S.BODY)
        png = charts.line_chart(
            _chart_period_labels(fig), [p[1] for p in fig.periods], height_in=2.2
        )
        n_fig[0] += 1
        _figure(doc, png, f"图{n_fig[0]}　涉诉案件数量变化（按{unit}）")


def _section_causes(doc: Document, fig: HealthCheckFigures, n_fig: list[int]) -> None:
    blocks.add_heading1(doc, 2, "案件类型分布")
    if not fig.causes:
        blocks.para(doc, "统计期间内无涉诉案件。", S.BODY)
        return
    total = fig.total
    top = fig.causes[:3]
    listing = "、".join(f"{c.cause}{c.count}件（{_pct(c.count / total)}）" for c in top)
    text = f"统计期间内的案件涉及{len(fig.causes)}个案由。数量居前的依次为{listing}"
    share3 = sum(c.count for c in top) / total
    text += f"，{'前三类' if len(top) == 3 else '上述案由'}合计占{_pct(share3)}。"
    blocks.para(doc, text, S.BODY)
    rows = fig.cause_rows(10)
    png = charts.bar_chart(
        [r[0] for r in rows],
        [r[1] for r in rows],
        horizontal=True,
        highlight_last=rows[-1][0] == "其他" and len(fig.causes) > 10,
    )
    n_fig[0] += 1
    _figure(doc, png, f"图{n_fig[0]}　主要案由分布（前10位）")
    table_rows = []
    for i, (cause, count) in enumerate(rows, start=1):
        rest = cause == "其他" and i == len(rows) and len(fig.causes) > 10
        group = fig.causes[10:] if rest else fig.causes[i - 1 : i]
        d = SideStats("被告")
        for cs in group:
            st = cs.by_side.get("被告")
            if st is not None:
                for attr in ("total", "lost", "won", "settled", "undetermined"):
                    setattr(d, attr, getattr(d, attr) + getattr(st, attr))
        table_rows.append(
            [
                "" if rest else str(i),
                cause,
                _n(count),
                _pct(count / total),
                _n(d.total),
                _pct(d.loss_rate),
            ]
        )
    table_rows.append(
        [
            "",
            "合计",
            _n(total),
            "100.0%",
            _n(fig.by_side["被告"].total),
            _pct(fig.by_side["被告"].loss_rate),
        ]
    )
    _table(
        doc,
        "表2　案由分布",
        ["序号", "案由", "件数", "占比", "作为被告", "被告败诉率"],
        table_rows,
        [13, 61, 14, 20, 22, 26],
        left_cols=(1,),
        total_row=True,
    )


def _section_results(doc: Document, fig: HealthCheckFigures, n_fig: list[int]) -> None:
    blocks.add_heading1(doc, 3, "诉讼地位与裁判结果")
    blocks.para(doc, "本报告所称" + LOSS_RATE_DEFINITION, S.BODY)
    p, d = fig.by_side["原告"], fig.by_side["被告"]
    sentences = []
    for st, role in ((d, "被告"), (p, "原告")):
        if not st.total:
            continue
        s = f"作为{role}的{st.total}件案件中，可判定胜败的{st.decided}件，败诉{st.lost}件"
        s += f"，败诉率{_pct(st.loss_rate)}" if st.decided else "，无可判定胜败的案件"
        if st.settled:
            s += f"；调解、撤诉结案{st.settled}件"
        sentences.append(s)
    o = fig.overall
    text = "；".join(sentences) + "。" if sentences else ""
    if o.decided:
        text += f"合计可判定胜败的{o.decided}件中败诉{o.lost}件，败诉率{_pct(o.loss_rate)}。"
    worst = [
        (c.cause, c.by_side["被告"])
        for c in fig.causes
        if "被告" in c.by_side and c.by_side["被告"].decided >= 3
    ]
    worst.sort(key=lambda w: (-(w[1].loss_rate or 0), -w[1].decided))
    if worst and (worst[0][1].loss_rate or 0) > 0:
        cause, st = worst[0]
        text += (
            f"按案由看，作为被告败诉率最高的是{cause}，可判定胜败的{st.decided}件中"
            f"败诉{st.lost}件，败诉率{_pct(st.loss_rate)}。"
        )
    if text:
        blocks.para(doc, text, S.BODY)
    rows = []
    for side in SIDES:
        st = fig.by_side[side]
        if not st.total and side in ("第三人", "其他"):
            continue
        rows.append(
            [
                SIDE_LABELS[side].removeprefix("作为"),
                _n(st.total),
                _n(st.decided),
                _n(st.lost),
                _n(st.won),
                _n(st.settled),
                _pct(st.loss_rate),
            ]
        )
    rows.append(
        [
            "合计",
            _n(o.total),
            _n(o.decided),
            _n(o.lost),
            _n(o.won),
            _n(o.settled),
            _pct(o.loss_rate),
        ]
    )
    _table(
        doc,
        "表3　诉讼地位与裁判结果（件）",
        ["诉讼地位", "案件数", "可判定胜败", "败诉", "胜诉", "调解、撤诉", "败诉率"],
        rows,
        [38, 17, 25, 14, 14, 26, 22],
        left_cols=(0,),
        total_row=True,
    )
    if fig.total:
        png = charts.pie_chart(
            list(RESULTS), [fig.results.get(r, 0) for r in RESULTS], height_in=2.0
        )
        n_fig[0] += 1
        _figure(doc, png, f"图{n_fig[0]}　裁判结果构成")


def _section_amounts(doc: Document, fig: HealthCheckFigures, n_fig: list[int]) -> None:
    blocks.add_heading1(doc, 4, "涉案金额")
    a = fig.amounts
    if not a.cases_with_amount:
        blocks.para(doc, "统计期间内的案件裁判文书中均未载明涉案金额。", S.BODY)
        return
    text = (
        f"载明金额的案件{_n(a.cases_with_amount)}件（每案取裁判文书所载最大一笔金额），"
        f"涉案金额合计{_wan(a.total)}，中位数{_wan(a.median or 0)}，平均{_wan(a.mean or 0)}；"
        f"单案最高{_wan(a.maximum or 0)}（{a.maximum_case_no}）。"
    )
    main = max(a.buckets, key=lambda b: b[1])
    text += f"从区间看，{main[0]}的案件最多（{main[1]}件，{_pct(main[1] / a.cases_with_amount)}）。"
    if a.cases_without_amount:
        text += f"另有{a.cases_without_amount}件未载明金额。"
    blocks.para(doc, text, S.BODY)
    rows = [
        [label, _n(n), _pct(n / a.cases_with_amount), f"{s / 1e4:,.2f}"]
        for label, n, s in a.buckets
    ]
    rows.append(["合计", _n(a.cases_with_amount), "100.0%", f"{a.total / 1e4:,.2f}"])
    _table(
        doc,
        "表4　涉案金额分布",
        ["金额区间", "件数", "占比", "金额合计（万元）"],
        rows,
        [44, 26, 26, 44],
        total_row=True,
    )
    labels = [b[0].replace("～", "～\n") for b in a.buckets]
    png = charts.bar_chart(labels, [b[1] for b in a.buckets], height_in=2.0)
    n_fig[0] += 1
    _figure(doc, png, f"图{n_fig[0]}　涉案金额区间分布（件）")


def _section_problems(doc: Document, fig: HealthCheckFigures) -> None:
    blocks.add_heading1(doc, 5, "反复出现的问题")
    if not fig.problems:
        blocks.para(
            doc,
            "现有案件的事实部分不足以归纳出反复出现的问题（需至少3件载明事实的同类案件）。",
            S.BODY,
        )
        return
    if fig.problems[0].source == "patterns":
        intro = "对案件事实部分进行聚类分析，归纳出以下反复出现的问题："
    else:
        intro = "对案件事实部分进行关键词提取和比对，以下问题在多件案件中反复出现："
    blocks.para(doc, intro, S.BODY)
    for i, prob in enumerate(fig.problems, start=1):
        scope = f"{prob.scope}案件" if prob.scope else "全部案件"
        body = f"该问题出现在{prob.case_count}件案件中，占{scope}（{prob.scope_count}件）的{_pct(prob.share)}。"
        if prob.source == "patterns" and prob.key_terms:
            body = f"关键词：{'、'.join(prob.key_terms)}。" + body
        quotes = [f"{no}案：“{sentence.rstrip('。；;')}”" for no, sentence in prob.examples]
        if quotes:
            body += "如" + "；".join(quotes) + "。"
        blocks.add_item(doc, i, Item(prob.label, body))


def _section_risks(doc: Document, fig: HealthCheckFigures) -> None:
    blocks.add_heading1(doc, 6, "风险点与建议")
    if not fig.risks:
        blocks.add_item(
            doc,
            1,
            Item(
                "未发现达到预警标准的突出风险",
                "统计期间内的案件数量、败诉率和案由集中度均未达到本报告的预警标准。"
                "建议继续保持依法经营（管理），定期开展法律风险自查。",
            ),
        )
        return
    for i, risk in enumerate(fig.risks, start=1):
        blocks.add_item(doc, i, Item(risk.title, risk.figures + risk.advice))


# ------------------------------------------------------------------ public builders


def build_health_check_document(
    inp: HealthCheckInput,
    patterns: Sequence[PatternLike] | None = None,
    *,
    issued_on: date | None = None,
    figures: HealthCheckFigures | None = None,
) -> Document:
    """The report as a python-docx Document (``figures`` reuses a computed analysis)."""
    fig = figures or compute_health_check(inp, patterns)
    doc = new_document()
    add_page_numbers(doc.sections[0])
    title = report_title(inp.entity_name)
    blocks.add_title(doc, title)
    blocks.para(doc, f"（{_period_text(inp.period_from, inp.period_to)}）", S.DOC_NUMBER)
    blocks.blank(doc)
    intro = (
        f"为助力{inp.entity_name}防范化解法律风险、提升依法经营和管理水平，{inp.court_name}对"
        f"{_period_text(inp.period_from, inp.period_to)}期间{inp.entity_name}作为当事人、"
        f"经本院审结的{_n(fig.total)}件案件进行了梳理分析，形成本报告。"
    )
    if fig.out_of_period:
        intro += f"另有{fig.out_of_period}件裁判日期不在统计期间内，未纳入统计。"
    blocks.para(doc, intro, S.BODY)
    if warning := charts.font_warning():
        blocks.para(doc, f"（提示：{warning}）", S.BODY)
    n_fig = [0]
    _section_basic(doc, fig, n_fig)
    _section_causes(doc, fig, n_fig)
    _section_results(doc, fig, n_fig)
    _section_amounts(doc, fig, n_fig)
    _section_problems(doc, fig)
    _section_risks(doc, fig)
    blocks.para(
        doc,
        "本报告依据本院裁判文书数据统计形成，仅反映进入诉讼的纠纷情况，供"
        f"{inp.entity_name}查找风险、改进管理参考，不作为对其法律责任的认定。",
        S.BODY,
    )
    blocks.blank(doc, 2)
    blocks.add_signature(doc, inp.court_name, format_cn_date(issued_on or date.today()), seal=False)
    doc.core_properties.title = title
    doc.core_properties.author = inp.court_name
    doc.core_properties.subject = "涉诉法治体检报告"
    return doc


def build_health_check_docx(
    inp: HealthCheckInput,
    patterns: Sequence[PatternLike] | None = None,
    *,
    issued_on: date | None = None,
) -> bytes:
    """The 涉诉法治体检报告 as .docx bytes."""
    return document_bytes(build_health_check_document(inp, patterns, issued_on=issued_on))


_UNSAFE = re.compile(r'[\\/:*?"<>|\s]+')


def build_health_check_pdf(
    inp: HealthCheckInput,
    out_dir: str | Path,
    patterns: Sequence[PatternLike] | None = None,
    *,
    issued_on: date | None = None,
    timeout: float | None = None,
) -> Path:
    """Write ``out_dir/<entity>涉诉法治体检报告.pdf`` through LibreOffice; return its path.

    Raises :class:`fengqiao.documents.pdf.DocumentConversionError` (Chinese message) when
    LibreOffice is missing or fails.
    """
    data = build_health_check_docx(inp, patterns, issued_on=issued_on)
    stem = _UNSAFE.sub("", inp.entity_name)[:60] + "涉诉法治体检报告"
    with tempfile.TemporaryDirectory(prefix="fengqiao-health-") as tmp:
        source = write_docx(data, Path(tmp) / f"{stem}.docx")
        if timeout is None:
            return docx_to_pdf(source, out_dir)
        return docx_to_pdf(source, out_dir, timeout=timeout)


# ------------------------------------------------------------------ sample input (demo, tests, benchmark)

_SAMPLE_ENTITY = "南京市鼓楼区清风物业服务有限公司"
_SAMPLE_COURT = "江苏省南京市鼓楼区人民法院"
# cause, domain, role, weight, outcomes (value, weight), amount range, problem sentences
_SAMPLE_KINDS: tuple[tuple, ...] = (
    ("物业服务合同纠纷", "其他", "原告", 45,
     (("支持", 55), ("部分支持", 25), ("驳回", 6), ("调解", 8), ("撤诉", 6)), (800, 9000),
     ("原告系被告所在小区的物业服务企业，被告为该小区业主，自二〇二一年起未缴纳物业服务费。",
      "原告为该小区提供物业服务，被告欠缴物业服务费，经原告多次催缴未果。"),
     (("被告辩称，小区电梯经常故障，原告维修不及时，故拒绝缴纳物业费。",
       "被告称电梯多次困人，物业公司维修不及时，服务质量差，因此拒交物业费。"),
      ("被告认为原告未公开公共收益收支情况，小区广告位和停车位收益去向不明。",
       "被告主张原告未公开公共收益，长期占用业主共有部分的经营收入。"),
      ("被告称小区停车管理混乱，外来车辆随意停放，消防通道长期被占用。",))),
    ("劳动争议", "劳动", "被告", 18,
     (("支持", 40), ("部分支持", 35), ("驳回", 15), ("调解", 10)), (6000, 90000),
     ("原告于入职被告处担任保安员，双方约定月工资。",),
     (("原告入职后，被告未与原告签订书面劳动合同，原告主张二倍工资差额。",
       "原告在被告处工作一年有余，被告始终未签订书面劳动合同。"),
      ("原告主张其每月加班远超法定上限，被告未支付加班费。",
       "被告实行两班倒，原告长期加班，被告未支付加班费。"),
      ("被告未为原告缴纳社会保险，原告要求被告支付经济补偿。",))),
    ("生命权、身体权、健康权纠纷", "其他", "被告", 12,
     (("部分支持", 60), ("驳回", 25), ("调解", 15)), (12000, 320000),
     ("原告系该小区业主。",),
     (("原告在小区地下车库行走时因地面湿滑摔倒受伤，现场未设置警示标志。",
       "原告在小区单元门口摔倒受伤，事发时地面湿滑且无任何警示标志。"),
      ("原告认为被告作为物业服务企业未尽安全保障义务，应承担赔偿责任。",
       "被告未尽安全保障义务，未及时清理积水。"))),
    ("财产损害赔偿纠纷", "其他", "被告", 8,
     (("支持", 35), ("部分支持", 35), ("驳回", 20), ("调解", 10)), (3000, 150000),
     ("原告的车辆停放在被告管理的小区内。",),
     (("小区外墙瓷砖脱落，砸坏原告停放的车辆。",
       "原告停放在楼下的车辆被高空坠落的外墙瓷砖砸损。"),
      ("小区公共管道漏水，导致原告房屋墙面及家具受损。",))),
    ("服务合同纠纷", "其他", "原告", 5,
     (("支持", 50), ("驳回", 30), ("撤诉", 20)), (20000, 600000),
     ("原、被告签订保洁服务合同，约定由被告提供保洁服务。",),
     (("被告未按约提供保洁服务，原告要求解除合同。",),)),
    ("房屋租赁合同纠纷", "其他", "第三人", 4,
     (("支持", 50), ("驳回", 30), ("调解", 20)), (10000, 80000),
     ("原告将其房屋出租给被告，物业公司作为第三人参加诉讼。",), ()),
    ("建设工程施工合同纠纷", "其他", "被告", 3,
     (("部分支持", 60), ("驳回", 40)), (800000, 6000000),
     ("原告承包了被告小区的外墙维修工程，工程已经竣工验收。",),
     (("被告逾期支付工程款，原告主张欠付工程款及利息。",),)),
    ("买卖合同纠纷", "其他", "原告", 3,
     (("支持", 70), ("部分支持", 30)), (5000, 60000),
     ("原告向被告出售消防器材一批，被告收货后未付清货款。",), ()),
    ("追索劳动报酬纠纷", "劳动", "被告", 2,
     (("支持", 60), ("调解", 40)), (3000, 30000),
     ("原告在被告处从事保洁工作。",),
     (("被告以经营困难为由拖欠原告工资。",),)),
)  # fmt: skip
_NOISE = (
    "庭审中，双方当事人围绕争议焦点进行了举证质证。",
    "被告经本院传票传唤，无正当理由拒不到庭参加诉讼。",
    "双方曾就纠纷进行协商，未能达成一致。",
    "上述事实，有当事人陈述及相关证据在卷佐证。",
)


def _pick(rng: random.Random, pairs: Sequence[tuple[str, int]]) -> str:
    return rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs])[0]


def sample_health_check_input(
    n_cases: int = 120,
    *,
    seed: int = 7,
    period_from: date = date(2022, 1, 1),
    period_to: date = date(2024, 12, 31),
) -> HealthCheckInput:
    """An invented entity (a property-management company) with ``n_cases`` cases.

    Causes, roles and outcomes follow fixed weights; fact sections are built from template
    sentences, each case carrying one or two of its cause's planted problems; volume rises
    over the period. Deterministic for a given seed.
    """
    rng = random.Random(seed)
    days = (period_to - period_from).days
    cases: list[EntityCase] = []
    seqs: Counter = Counter()
    weights = [k[3] for k in _SAMPLE_KINDS]
    for i in range(n_cases):
        kind = rng.choices(_SAMPLE_KINDS, weights=weights)[0]
        cause, domain, role, _, outcomes, (lo, hi), common, problems = kind
        decided = period_from + timedelta(days=int(days * math.sqrt(rng.random())))
        seqs[decided.year] += 1
        type_code = "民初"
        case_no = f"（{decided.year}）苏0106{type_code}{seqs[decided.year] * 7 + 100}号"
        sentences = [rng.choice(common)]
        if problems:
            chosen = rng.sample(problems, k=min(len(problems), rng.choice((1, 1, 2))))
            sentences += [rng.choice(p) for p in chosen]
        sentences += rng.sample(_NOISE, k=rng.randint(0, 2))
        claim = round(rng.uniform(lo, hi), 2)
        amounts = [claim, round(claim * rng.uniform(0.4, 1.0), 2)]
        if rng.random() < 0.08:
            amounts = []
        cases.append(
            EntityCase(
                case_id=i + 1,
                case_no=case_no,
                decided_on=decided,
                cause=cause,
                domain=domain,
                role=role,
                outcome=_pick(rng, outcomes),
                amounts=amounts,
                facts="".join(sentences),
            )
        )
    return HealthCheckInput(_SAMPLE_ENTITY, period_from, period_to, _SAMPLE_COURT, cases)
