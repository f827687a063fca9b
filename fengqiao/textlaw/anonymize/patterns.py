"""Pattern recognisers with checksums: ID cards, phones, bank accounts, plates,
property certificates, e-mail addresses and QQ/WeChat ids (法释〔2016〕19号 第十条)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from .lexicon import PLATE_PROVINCES
from .model import BANK_ACCOUNT, CERTIFICATE, CONTACT, EMAIL, ID_CARD, PHONE, PLATE, Span
from .textutil import fold_width

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


def id_checksum_ok(number: str) -> bool:
    """GB 11643-1999 check digit of an 18-digit citizen ID number."""
    if len(number) != 18 or not number[:17].isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(number[:17], _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11] == number[17].upper()


def _valid_date(y: int, m: int, d: int) -> bool:
    try:
        day = dt.date(y, m, d)
    except ValueError:
        return False
    return dt.date(1900, 1, 1) <= day <= dt.date.today()


def luhn_ok(number: str) -> bool:
    digits = [int(d) for d in number]
    odd = digits[-1::-2]
    even = [sum(divmod(2 * d, 10)) for d in digits[-2::-2]]
    return (sum(odd) + sum(even)) % 10 == 0


def _context(folded: str, start: int, words: tuple[str, ...], before: int = 16) -> bool:
    window = folded[max(0, start - before) : start]
    return any(w in window for w in words)


_ID_WORDS = ("身份证", "身份号码", "公民身份", "证件号", "身份证号")
_ACCOUNT_WORDS = (
    "账号",
    "帐号",
    "卡号",
    "账户",
    "帐户",
    "银行卡",
    "银行账",
    "存折",
    "户名",
    "转账",
    "转入",
    "转出",
    "汇入",
    "支付宝",
    "微信",
    "财付通",
    "银行",
    "信用卡",
    "借记卡",
)
_PHONE_WORDS = (
    "电话",
    "手机",
    "号码",
    "联系方式",
    "座机",
    "致电",
    "拨打",
    "短信",
    "微信号",
    "通话",
)

_DIGITS_RE = re.compile(r"(?<![0-9A-Za-z])(\d[\d ]{13,22}\d[Xx]?|\d{17}[Xx])(?![0-9A-Za-z])")
_MOBILE_RE = re.compile(r"(?<![0-9])(?:\+?86-?)?(1[3-9]\d-?\d{4}-?\d{4})(?![0-9])")
_ACCOUNT_NUM_RE = re.compile(r"(?<![0-9A-Za-z])(\d(?: ?\d){11,22})(?![0-9A-Za-z])")
_LANDLINE_RE = re.compile(r"(?<![0-9])(?:\(0\d{2,3}\)|0\d{2,3}-)\d{7,8}(?:-\d{1,4})?(?![0-9])")
_BARE_LANDLINE_RE = re.compile(r"(?<![0-9])0\d{9,11}(?![0-9])")
_PLATE_RE = re.compile(
    rf"[{PLATE_PROVINCES}][A-HJ-NP-Z][·•.\- ]?(?:[A-HJ-NP-Z0-9]{{5}}[挂学警港澳]?|[DF][A-HJ-NP-Z0-9]\d{{4}}|\d{{5}}[DF])"
    r"(?![A-Za-z0-9])"
)
_EMAIL_RE = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:[.。][A-Za-z0-9-]+)*[.。][A-Za-z]{2,6}")
_CONTACT_RE = re.compile(
    r"(?:QQ|qq|微信号?|微信账号|Q号)[:：]?(?:号码?|号|账号)?[:：为是]?\s?([A-Za-z0-9_\-]{5,20})"
)
_CERT_RE = re.compile(
    r"(?P<prefix>(?:[\u4e00-\u9fff]{1,2})?(?:\(\d{4}\))?[\u4e00-\u9fff]{0,10}?"
    r"(?:不动产权|不动产证明|房权证|房产证|房地产证|房地产权证|国用|集用|土地证|林权证|产权证|车辆登记证书|机动车登记证书)"
    r"(?:[\u4e00-\u9fff]{0,8}?字)?(?:\(\d{4}\))?)(?:第|号|编号|号码|:|：)?\s?"
    r"(?P<number>[A-Za-z0-9][A-Za-z0-9\-]{3,24})"
)


def _masked_already(s: str) -> bool:
    return any(ch in "×*＊" for ch in s) or s.upper().count("X") >= 2


def id_cards(text: str, folded: str) -> Iterator[Span]:
    for m in _DIGITS_RE.finditer(folded):
        raw = m.group(1).replace(" ", "")
        if len(raw) == 18 and raw[:17].isdigit():
            y, mo, d = int(raw[6:10]), int(raw[10:12]), int(raw[12:14])
            if not _valid_date(y, mo, d):
                continue
            if id_checksum_ok(raw):
                yield Span(
                    m.start(1),
                    m.end(1),
                    text[m.start(1) : m.end(1)],
                    ID_CARD,
                    "18位身份证号（GB 11643 校验位正确）",
                    0.97,
                )
            elif _context(folded, m.start(1), _ID_WORDS):
                yield Span(
                    m.start(1),
                    m.end(1),
                    text[m.start(1) : m.end(1)],
                    ID_CARD,
                    "18位号码，校验位不符但前有“身份证”",
                    0.75,
                )
        elif len(raw) == 15 and raw.isdigit() and _context(folded, m.start(1), _ID_WORDS):
            y, mo, d = 1900 + int(raw[6:8]), int(raw[8:10]), int(raw[10:12])
            if _valid_date(y, mo, d):
                yield Span(
                    m.start(1),
                    m.end(1),
                    text[m.start(1) : m.end(1)],
                    ID_CARD,
                    "15位旧身份证号（日期有效，前有“身份证”）",
                    0.85,
                )


def bank_accounts(text: str, folded: str, taken: list[tuple[int, int]]) -> Iterator[Span]:
    for m in _ACCOUNT_NUM_RE.finditer(folded):
        s, e = m.start(1), m.end(1)
        if any(s < te and ts < e for ts, te in taken):
            continue
        raw = m.group(1).replace(" ", "")
        if not 12 <= len(raw) <= 23:
            continue
        before, after = folded[max(0, s - 2) : s], folded[e : e + 2]
        if before.endswith("第") or (
            after.startswith("号") and not _context(folded, s, ("账号", "卡号"))
        ):
            continue  # 第4401051201704219号 is a document number
        if re.fullmatch(r"1[3-9]\d{9}", raw):
            continue
        ctx = _context(folded, s, _ACCOUNT_WORDS, 20) or any(
            w in folded[e : e + 12] for w in ("银行", "账户", "帐户")
        )
        if 16 <= len(raw) <= 19 and luhn_ok(raw) and (ctx or raw[0] in "3456"):
            yield Span(s, e, text[s:e], BANK_ACCOUNT, f"{len(raw)}位卡号（Luhn 校验正确）", 0.9)
        elif ctx:
            yield Span(
                s, e, text[s:e], BANK_ACCOUNT, f"{len(raw)}位号码，前后有账号/卡号/银行等字样", 0.75
            )


def phones(text: str, folded: str) -> Iterator[Span]:
    for m in _MOBILE_RE.finditer(folded):
        yield Span(m.start(), m.end(), text[m.start() : m.end()], PHONE, "11位手机号码", 0.9)
    for m in _LANDLINE_RE.finditer(folded):
        yield Span(m.start(), m.end(), text[m.start() : m.end()], PHONE, "带区号的固定电话", 0.85)
    for m in _BARE_LANDLINE_RE.finditer(folded):
        if _context(folded, m.start(), _PHONE_WORDS, 12):
            yield Span(
                m.start(),
                m.end(),
                text[m.start() : m.end()],
                PHONE,
                "固定电话（前有“电话”等字样）",
                0.75,
            )


def plates(text: str, folded: str) -> Iterator[Span]:
    for m in _PLATE_RE.finditer(folded):
        if _masked_already(m.group()):
            continue
        yield Span(m.start(), m.end(), text[m.start() : m.end()], PLATE, "机动车号牌", 0.9)


def emails(text: str, folded: str) -> Iterator[Span]:
    for m in _EMAIL_RE.finditer(folded):
        yield Span(m.start(), m.end(), text[m.start() : m.end()], EMAIL, "电子邮箱", 0.95)


def contacts(text: str, folded: str) -> Iterator[Span]:
    for m in _CONTACT_RE.finditer(folded):
        value = m.group(1)
        if _masked_already(value) or (value.isdigit() and len(value) < 5):
            continue
        yield Span(m.start(1), m.end(1), text[m.start(1) : m.end(1)], CONTACT, "QQ/微信号", 0.8)


_CERT_KEY_RE = re.compile(r"不动产|房权证|房产证|房地产|国用|集用|土地证|林权证|产权证|登记证书")


def certificates(text: str, folded: str) -> Iterator[Span]:
    seen = -1
    for key in _CERT_KEY_RE.finditer(folded):
        lo = max(seen, key.start() - 24, 0)
        for m in _CERT_RE.finditer(folded, lo, min(len(folded), key.end() + 60)):
            seen = max(seen, m.end())
            yield from _certificate_span(text, m)


def _certificate_span(text: str, m: re.Match[str]) -> Iterator[Span]:
    number = m.group("number")
    if _masked_already(number) or not any(ch.isdigit() for ch in number):
        return
    yield Span(
        m.start("number"),
        m.end("number"),
        text[m.start("number") : m.end("number")],
        CERTIFICATE,
        f"权属证书编号（{m.group('prefix')[-6:]}）",
        0.85,
    )


def recognise_patterns(text: str) -> list[Span]:
    folded = fold_width(text)
    spans: list[Span] = []
    spans += id_cards(text, folded)
    spans += phones(text, folded)
    spans += certificates(text, folded)
    taken = [(s.start, s.end) for s in spans]
    spans += bank_accounts(text, folded, taken)
    spans += plates(text, folded)
    spans += emails(text, folded)
    spans += contacts(text, folded)
    return spans
