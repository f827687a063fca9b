"""Index terms: corpus tokenizer output minus punctuation, numbers, masked names, stopwords."""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache, lru_cache
from importlib import resources

from fengqiao.mining.similar import _textlaw

_NOISE = re.compile(
    r"^(?:[\W_]+"  # punctuation / symbols only
    r"|[\d０-９.,，．:：/%％×xX\-]+"  # numbers, dates, amounts
    r"|[\u4e00-\u9fff]{1,2}某+\d*"  # masked person names: 张某, 王某某, 李某1
    r"|某+\d*"
    r"|.*[×Ｘ*＊].*)$"  # redacted plates, ids
)
_MAX_TERM_LEN = 16
# Published judgments mask names as surname + 某 (+ digit): 张某, 王某某, 高某1. Removing them
# before tokenizing keeps stray surnames (徐, 张) out of the terms.
_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝"
    "龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞"
    "左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕"
    "屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧"
    "闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝"
)
_MASKED_NAME = re.compile(rf"(?:欧阳|司马|诸葛|上官|[{_SURNAMES}])某+[\d０-９]*")


@cache
def stopwords() -> frozenset[str]:
    text = (
        resources.files("fengqiao.mining.similar")
        .joinpath("data/stopwords.txt")
        .read_text(encoding="utf-8")
    )
    words: set[str] = set()
    for line in text.splitlines():
        if not line.startswith("#"):
            words.update(line.split())
    return frozenset(words)


@lru_cache(maxsize=1 << 18)
def is_term(token: str) -> bool:
    return (
        0 < len(token) <= _MAX_TERM_LEN and token not in stopwords() and _NOISE.match(token) is None
    )


def extract_terms(text: str) -> list[str]:
    """Tokenize with the corpus tokenizer and keep content terms, in text order."""
    tokens = _textlaw.tokenize(_MASKED_NAME.sub(" ", text))
    keep = {tok for tok in set(tokens) if is_term(tok)}
    return [tok for tok in tokens if tok in keep]


@cache
def legal_terms() -> frozenset[str]:
    """Terms that make up charge names (盗窃, 毒品, 枪支, 赌场, ...): legally decisive words."""
    from fengqiao.mining.similar.charges import default_charges

    found: set[str] = set()
    for name in default_charges().names:
        found.update(t for t in extract_terms(name[:-1]) if len(t) >= 2)
    return frozenset(found)


def query_weights(terms: Mapping[str, int], legal_boost: float = 1.0) -> dict[str, float]:
    """Per-term query weights: term frequency, times ``legal_boost`` for legal terms."""
    legal = legal_terms() if legal_boost != 1.0 else frozenset()
    return {t: tf * (legal_boost if t in legal else 1.0) for t, tf in terms.items()}
