"""司法建议书编号: ``地名简称 + 法建 + 〔年度〕 + 序号 + 号`` (法释〔2023〕11号 附件1).

最高人民法院 omits the place abbreviation ("法建〔2024〕1号").  GB/T 9704 7.2.4: the year
is written in full inside 六角括号, the sequence number has no "第" and no leading zeros.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

STRICT_RE = re.compile(
    r"^(?P<place>[\u4e00-\u9fff]*)法建〔(?P<year>[0-9]{4})〕(?P<seq>[1-9][0-9]*)号$"
)

# anything that looks like a number of a court document: used to find the line at all
LOOSE_RE = re.compile(
    r"^(?P<place>[\u4e00-\u9fff]{0,10}?)(?P<kind>法建|司建|法函|建)?\s*"
    r"(?P<open>[〔\[(（【［〖{])\s*(?P<year>[0-9０-９]{2,4})\s*(?P<close>[〕\])）】］〗}])\s*"
    r"(?P<di>第)?\s*(?P<seq>[0-9０-９]+)\s*号$"
)

_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


DEFAULT_PATTERN = "{short}法建〔{year}〕{n}号"
SUPREME_PATTERN = "法建〔{year}〕{n}号"


def format_doc_number(place: str, year: int, seq: int, *, pattern: str = DEFAULT_PATTERN) -> str:
    """The one formatter of 文号: ``format_doc_number("连开", 2025, 3)`` → "连开法建〔2025〕3号".

    ``pattern`` is a court's ``doc_number_pattern`` ({short}, {year}, {n}); it is validated
    with :func:`pattern_problems` when the court is saved, so what it produces parses back."""
    if seq < 1:
        raise ValueError("顺序号从 1 开始")
    return pattern.format(short=place, year=year, n=seq)


def pattern_problems(pattern: str, *, place: str = "", supreme: bool = False) -> list[str]:
    """Why a court's number pattern would produce numbers that the format checker or the
    register cannot read back (empty: the pattern is usable). Tried with sample numbers."""
    if supreme:
        place = ""
    elif not re.fullmatch(r"[\u4e00-\u9fff]+", place):
        place = "连开"  # the pattern is what is checked here, not the court's short name
    try:
        samples = [
            (year, seq, format_doc_number(place, year, seq, pattern=pattern))
            for year, seq in ((2025, 1), (2026, 12), (2030, 305))
        ]
    except (KeyError, IndexError, ValueError):
        return ["编号格式只能使用 {short}（地名简称）、{year}（年度）、{n}（序号）三个占位符。"]
    problems: list[str] = []
    if "{year}" not in pattern or "{n}" not in pattern:
        problems.append("编号格式必须包含 {year}（年度）和 {n}（序号）。")
    for year, seq, text in samples:
        parsed = parse_doc_number(text, supreme_court=supreme)
        for issue in parsed.issues:
            if issue.message not in problems:
                problems.append(issue.message)
        if parsed.ok and (parsed.year, parsed.seq) != (year, seq):
            problems.append(f"按此格式生成的“{text}”读不出年度 {year} 和序号 {seq}。")
    if problems:
        example = format_doc_number(place or "连开", 2025, 3) if not supreme else "法建〔2025〕3号"
        problems.append(f"请使用“地名简称+法建〔年度〕序号号”，如“{example}”。")
    return problems


@dataclass(frozen=True)
class DocNumberIssue:
    code: str
    message: str


@dataclass(frozen=True)
class ParsedDocNumber:
    text: str
    place: str
    year: int | None
    seq: int | None
    issues: tuple[DocNumberIssue, ...]

    @property
    def ok(self) -> bool:
        return not self.issues


def looks_like_doc_number(text: str) -> bool:
    text = "".join(text.split())
    return bool(LOOSE_RE.match(text)) or ("法建" in text and text.endswith("号") and len(text) < 30)


def parse_doc_number(
    text: str, *, supreme_court: bool = False, min_year: int = 2000, max_year: int = 2100
) -> ParsedDocNumber:
    """Parse and validate; every rule broken gives one :class:`DocNumberIssue`."""
    compact = "".join(text.split())
    issues: list[DocNumberIssue] = []

    def issue(code: str, message: str) -> None:
        issues.append(DocNumberIssue(code, message))

    if compact != text.strip():
        issue("doc_number_form", "编号中不应有空格。")
    strict = STRICT_RE.match(compact)
    if strict:
        place, year, seq = strict["place"], int(strict["year"]), int(strict["seq"])
    else:
        loose = LOOSE_RE.match(compact)
        if not loose:
            issue(
                "doc_number_form",
                "编号格式应为“地名简称+法建〔年度〕+序号+号”，如“连开法建〔2025〕3号”。",
            )
            return ParsedDocNumber(text, "", None, None, tuple(issues))
        place = loose["place"] or ""
        year_text = loose["year"].translate(_FULLWIDTH_DIGITS)
        seq_text = loose["seq"].translate(_FULLWIDTH_DIGITS)
        year, seq = int(year_text), int(seq_text)
        if loose["kind"] != "法建":
            issue("doc_number_fajian", "编号应使用“法建”字样（如“连开法建〔2025〕3号”）。")
        if loose["open"] != "〔" or loose["close"] != "〕":
            issue("doc_number_brackets", "编号年份应使用六角括号“〔〕”，不得使用（）、()、[]等。")
        if loose["di"]:
            issue("doc_number_di", "编号顺序号前不加“第”字（GB/T 9704-2012 7.2.4）。")
        if seq_text.startswith("0"):
            issue("doc_number_leading_zero", "编号顺序号不编虚位（1不编为01）。")
        if len(year_text) != 4:
            issue("doc_number_year", "编号年份应标全称（四位，如2025），不得简写。")
        if year_text != loose["year"] or seq_text != loose["seq"]:
            issue("doc_number_form", "编号中的年份、顺序号应使用半角阿拉伯数字。")
    if len(str(year)) == 4 and not min_year <= year <= max_year:
        issue("doc_number_year", f"编号年份 {year} 不合理（应在 {min_year}—{max_year} 年之间）。")
    if not supreme_court and not place:
        issue("doc_number_place", "地方法院的编号应以地名简称开头（如“连开法建〔2025〕3号”）。")
    return ParsedDocNumber(text, place, year, seq, tuple(issues))
