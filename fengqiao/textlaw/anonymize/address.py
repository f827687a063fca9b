"""Detailed addresses below county level (…路…号, …村…组, …小区…栋…室).

The county, district or county-level city stays (法释〔2016〕19号 第十一条 keeps the
住所地所属县、区; the 2013 technical rules delete "县级以下的具体住所地").

Two ways in:
* an anchor: a numbered element (5号, 3栋, 2单元, 401室) or a village group (三组), extended
  to the left over roads, estates, villages and towns until a county-level unit or ordinary
  text, and to the right over further numbered elements;
* a residence phrase (住, 家住, 暂住, 户籍地 …): after the county-level units, the rest of
  the phrase up to the next punctuation.
Addresses of organisations (被告单位…住所地…) are kept.
"""

from __future__ import annotations

import re

import rjieba

from .model import ADDRESS, Span
from .textutil import fold_width

# Characters that cannot be inside a place name: verbs, prepositions, punctuation.
_STOP = "在于住到至从往向去来的了和与及是将把被为对以由给等、，。；：:;,.（）()“”\"'《》\\s"
_ADMIN_SUFFIX = "省市县区旗州盟"
_SUB_SUFFIX = "镇乡村路街巷弄号组栋幢室"
_NAME = rf"[^{_STOP}{_ADMIN_SUFFIX}{_SUB_SUFFIX}]"
_NUM = r"[0-9A-Za-z一二三四五六七八九十百零〇\-－—~#]"

_COMPONENTS = {
    "town": rf"{_NAME}{{1,8}}(?:街道办事处|街道办|街道|镇|乡|苏木|办事处)",
    "village": rf"{_NAME}{{1,8}}(?:村民委员会|村委会|居民委员会|居委会|社区|村|屯|寨|嘎查|农场|林场)",
    "group": rf"(?:第?[0-9一二三四五六七八九十百零〇]{{1,4}}|{_NAME}{{1,4}})(?:村民小组|居民小组|村民组|组|社(?!区)|队)",
    "road": rf"{_NAME}{{1,8}}(?:大道|大街|路|街|巷|弄|胡同)(?:[东西南北中]段)?",
    "number": rf"{_NUM}{{1,10}}(?:号院|号楼|号|弄|栋|幢|座|单元|楼|层|室|房|户)",
    "estate": rf"{_NAME}{{1,10}}(?:小区|花园|家园|公寓|大厦|广场|新村|新城|苑|园|城|庭|府|郡|邸|公馆|山庄|别墅|市场|宿舍|大院|区"
    r"|湾|坪|坝|岭|塘|桥|坊|里|营|堡|片|大楼|商铺|门面)",
}
_FINE = ("number", "group")
_LEFT = {k: re.compile(rf"(?:{v})\Z") for k, v in _COMPONENTS.items()}
_RIGHT = {
    k: re.compile(v) for k, v in _COMPONENTS.items() if k in ("number", "estate", "group", "road")
}
_RIGHT_ANY = {k: re.compile(v) for k, v in _COMPONENTS.items()}
_NUMBERED_GROUP = (
    r"第?[0-9一二三四五六七八九十百零〇]{1,4}(?:村民小组|居民小组|村民组|组|社(?!区)|队)"
)
_ANCHOR_RE = re.compile(rf"(?<![0-9A-Za-z]){_COMPONENTS['number']}|{_NUMBERED_GROUP}")
_ADMIN_LEFT_RE = re.compile(
    rf"{_NAME}{{1,10}}(?:自治区|自治州|自治县|自治旗|特别行政区|地区|[{_ADMIN_SUFFIX}])\Z"
)
_ADMIN_RIGHT_RE = re.compile(
    rf"{_NAME}{{1,10}}?(?:自治区|自治州|自治县|自治旗|特别行政区|地区|[{_ADMIN_SUFFIX}])"
)
_SUB_AREA_END = (
    "小区",
    "社区",
    "园区",
    "景区",
    "校区",
    "厂区",
    "矿区",
    "片区",
    "街区",
    "营区",
    "院区",
    "生活区",
    "住宅区",
    "商业区",
    "别墅区",
    "宿舍区",
    "市场",
)
_RESIDENCE_RE = re.compile(
    r"(?:户籍所在地|户籍地|户籍住址|现住址|住址|家住|现住|暂住|居住地|居住于|住所地|(?<![\u4e00-\u9fff])住|(?<=[前原])住)"
    r"(?:在|于)?[:：]?"
)
_TERMINATOR = re.compile(r"[，,。；;：:（(）)\s、]|的")
_ORG_HINT = re.compile(
    r"公司|单位|厂|合作社|中心|银行|医院|学校|委员会|商行|经营部|门市|协会|法定代表人"
)
_HAS_COMPONENT = re.compile(r"[镇乡村路街巷弄号组栋幢室苑园]|小区|社区|大厦|花园|公寓")


def _is_admin(token: str) -> bool:
    """A county-level (or higher) unit: 雨湖区, 贞丰县, 乐昌市 — not 九区, A区, 小区."""
    if token.endswith(_SUB_AREA_END) or token.endswith("市场"):
        return False
    name = token[:-1]
    return len(name) >= 2 and not re.search(r"[0-9A-Za-z一二三四五六七八九十]", name)


# A whole unit name may itself contain a suffix character (海州区, 广州市, 通州区).
_ADMIN_TOKEN_RE = re.compile(
    rf"[^{_STOP}{_SUB_SUFFIX}]{{1,12}}(?:自治区|自治州|自治县|自治旗|特别行政区|地区|[{_ADMIN_SUFFIX}])"
)


def _admin_end(text: str, pos: int) -> int | None:
    """End of the longest county-or-higher unit starting at ``pos`` (海州区 over 海州, whose
    one-character name makes it no unit), or None."""
    best = None
    for end in range(pos + 2, min(len(text), pos + 13) + 1):
        token = text[pos:end]
        if _ADMIN_TOKEN_RE.fullmatch(token) and _is_admin(token):
            best = end
    return best


def _extend_left(text: str, start: int) -> int:
    while start > 0:
        window = text[max(0, start - 14) : start]
        admin = _ADMIN_LEFT_RE.search(window)
        if admin and _is_admin(admin.group()):
            return start
        best = None
        for kind, rx in _LEFT.items():
            m = rx.search(window)
            if m and (kind != "estate" or len(m.group()) >= 2):
                if best is None or len(m.group()) > len(best):
                    best = m.group()
        if best is None:
            return start
        start -= len(best)
    return start


def _extend_right(text: str, end: int) -> int:
    while end < len(text):
        for rx in _RIGHT.values():
            m = rx.match(text, end)
            if m:
                end = m.end()
                break
        else:
            return end
    return end


def _org_address(text: str, start: int) -> bool:
    clause_start = max(text.rfind("。", 0, start), text.rfind(" ", 0, start - 40), start - 80, 0)
    clause = text[clause_start:start]
    return "住所地" in clause and bool(_ORG_HINT.search(clause))


def _anchored(text: str) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for m in _ANCHOR_RE.finditer(text):
        if out and m.start() < out[-1][1]:
            continue
        left = _extend_left(text, m.start())
        right = _extend_right(text, m.end())
        if left == m.start():
            # 11号男子, 7月3号, 第三组, D栋: a lone element is not an address; two numbered
            # elements (7栋401室) are
            if m.group().endswith(("组", "社", "队")) or right == m.end():
                continue
            if not re.search(r"[栋幢单元室]", text[left:right]):
                continue
        out.append((left, right))
    return out


def _covered(text: str, pos: int, end: int) -> tuple[int, int]:
    """How many characters of text[pos:end] a chain of address components (镇, 村, 路, 号,
    小区 …) covers from its start, and how many components."""
    start, n = pos, 0
    while pos < end:
        best = 0
        for rx in _RIGHT_ANY.values():
            m = rx.match(text, pos, end)
            if m and m.end() - pos > best:
                best = m.end() - pos
        if not best:
            break
        pos, n = pos + best, n + 1
    return pos - start, n


_DWELLING_WORDS = ("住处", "住所", "住房", "住宅")
_AFTER_DWELLING_RE = re.compile(r"(?:位于|在|于)?[:：]?")


def _zhu_word(text: str, start: int) -> str | None:
    """The word a bare 住 begins: the verb "lives at" (住, 住在, 住于), a dwelling noun
    (住处, 住所, 住房, 住宅 — an address may follow), or None for any other word (住院, 住户,
    住宿, 住建局 …)."""
    word = (rjieba.cut(text[start : start + 8]) or [""])[0]
    if word in ("住", "住在", "住于") and not text.startswith("住建", start):
        return "住"
    return word if word in _DWELLING_WORDS else None


def _residences(text: str) -> list[tuple[int, int]]:
    """After 住/家住/户籍地 …: the county-level units stay, the rest of the phrase goes — when
    the rest is mostly a chain of address components (governance prose after a stray 住 is
    not: "住宅小区物业服务监管中存在…")."""
    out: list[tuple[int, int]] = []
    for m in _RESIDENCE_RE.finditer(text):
        dwelling = False
        pos = m.end()
        if m.group().rstrip("在于:：") == "住":
            word = _zhu_word(text, m.start())
            if word is None:
                continue
            if word != "住":  # 住处中山市…, 住所北京市…
                dwelling = True
                pos = _AFTER_DWELLING_RE.match(text, m.start() + len(word)).end()
        admin = False
        while (end := _admin_end(text, pos)) is not None:
            pos, admin = end, True
        t = _TERMINATOR.search(text, pos)
        end = t.start() if t else len(text)
        rest = text[pos:end]
        first = max(
            (len(rx.match(text, pos).group()) for rx in _RIGHT_ANY.values() if rx.match(text, pos)),
            default=0,
        )
        if not (2 <= len(rest) <= 40 and _HAS_COMPONENT.search(rest)):
            continue
        if rest.startswith(("本", "该", "其")) or not (admin or first >= 3):
            continue  # 所居住社区没有…: not an address
        covered, parts = _covered(text, pos, end)
        if not admin and (dwelling or 2 * covered < len(rest)) and parts < 2:
            continue  # 住宅小区物业服务监管中存在服务标准不清: prose, not an address
        out.append((pos, end))
    return out


_OPEN_BR = "（(【[〔"
_CLOSE_BR = "）)】]〕"


def _balanced_end(text: str, s: int, e: int) -> int:
    """Cut the span [s, e) before any bracket that it would leave unbalanced: an address never
    swallows the ``）`` closing the bracket it sits in (``（住…201室）与…纠纷案``)."""
    opens: list[int] = []
    for i in range(s, e):
        ch = text[i]
        if ch in _OPEN_BR:
            opens.append(i)
        elif ch in _CLOSE_BR:
            if not opens:
                return i
            opens.pop()
    return opens[0] if opens else e


def recognise_addresses(text: str) -> list[Span]:
    folded = fold_width(text)
    spans: list[Span] = []
    found = [(s, e, "住址中县级以下部分") for s, e in _residences(folded)]
    found += [(s, e, "县级以下详细地址（门牌/楼栋/村组）") for s, e in _anchored(folded)]
    found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
    last_end = -1
    for s, e, reason in found:
        if e <= last_end:
            continue  # inside an address already found
        last_end = max(last_end, e)
        e = _balanced_end(folded, s, e)
        while e > s and folded[e - 1] in "，,、 ":
            e -= 1
        if e - s >= 2 and not _org_address(folded, s):
            spans.append(Span(s, e, text[s:e], ADDRESS, reason, 0.8 if "住址" in reason else 0.75))
    return spans
