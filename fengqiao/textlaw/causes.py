"""案由 / 罪名 taxonomy (``data/causes.tsv``) and normalisation of free text onto it."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

__all__ = [
    "CauseEntry",
    "cause_ancestors",
    "cause_entry",
    "cause_kind",
    "find_cause_in_text",
    "normalize_cause",
    "taxonomy",
]


@dataclass(frozen=True, slots=True)
class CauseEntry:
    name: str
    kind: str  # civil | criminal | admin | compensation | execution
    level: str  # "1".."4" for 案由, "罪名" for charges, "" if unknown
    parent: str | None
    source: str


class _Taxonomy:
    def __init__(self) -> None:
        text = resources.files("fengqiao.textlaw").joinpath("data", "causes.tsv").read_text("utf-8")
        lines = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
        self.entries: dict[str, CauseEntry] = {}
        self.alias: dict[str, str] = {}
        for r in csv.DictReader(lines, delimiter="\t"):
            if r["alias_of"]:
                self.alias[r["name"]] = r["alias_of"]
                continue
            self.entries[r["name"]] = CauseEntry(
                r["name"], r["kind"], r["level"], r["parent"] or None, r["source"]
            )
        # every surface form → canonical name
        self.lookup: dict[str, str] = {n: n for n in self.entries}
        for a, target in self.alias.items():
            if target in self.entries:
                self.lookup[a] = target
        # charges are often written without 罪 (盗窃, 交通肇事); 3+ characters to stay specific
        for name in list(self.lookup):
            if name.endswith("罪") and len(name) >= 4:
                self.lookup.setdefault(name[:-1], self.lookup[name])
        # first character → descending candidate lengths (fast longest-substring search)
        lens: dict[str, set[int]] = {}
        for name in self.lookup:
            if len(name) >= 2:
                lens.setdefault(name[0], set()).add(len(name))
        self.lengths: dict[str, tuple[int, ...]] = {
            k: tuple(sorted(v, reverse=True)) for k, v in lens.items()
        }
        # every surface form of a charge (canonical names and aliases) → canonical
        self.charge_forms: dict[str, str] = {
            k: v
            for k, v in self.lookup.items()
            if k.endswith("罪") and self.entries[v].kind == "criminal"
        }

    def longest_in(self, text: str) -> tuple[str, int] | None:
        """Longest taxonomy surface form occurring in ``text`` → (canonical, start)."""
        best: tuple[int, int, str] | None = None  # (-len, start, canonical)
        n = len(text)
        lookup, lengths = self.lookup, self.lengths
        for i in range(n - 1):
            cands = lengths.get(text[i])
            if not cands:
                continue
            for ln in cands:
                if ln > n - i:
                    continue
                hit = lookup.get(text[i : i + ln])
                if hit is not None:
                    key = (-ln, i, hit)
                    if best is None or key < best:
                        best = key
                    break
        return (best[2], best[1]) if best else None

    def first_in(self, text: str, kinds: tuple[str, ...] | None = None) -> tuple[str, int] | None:
        """Earliest taxonomy surface form in ``text`` (longest at that position), optionally of ``kinds``."""
        n = len(text)
        lookup, lengths, entries = self.lookup, self.lengths, self.entries
        for i in range(n - 1):
            cands = lengths.get(text[i])
            if not cands:
                continue
            for ln in cands:
                if ln > n - i:
                    continue
                hit = lookup.get(text[i : i + ln])
                if hit is not None and (kinds is None or entries[hit].kind in kinds):
                    return hit, i
        return None


@cache
def taxonomy() -> _Taxonomy:
    return _Taxonomy()


_CLEAN_RE = re.compile(r"[\s\u3000“”\"'《》<>【】\[\]]+")
_PREFIX_RE = re.compile(r"^(?:案由|罪名)?[:：]?(?:涉嫌|犯有|犯)?")
_SUFFIX_RE = re.compile(r"(?:一案|案件|之诉案|案)$")


def _subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(c in it for c in short)


def _fuzzy_charge(core: str, forms: dict[str, str]) -> str | None:
    """Short or reworded charge names: 贩卖毒品 ⊂ 走私、贩卖、运输、制造毒品; 非法侵入他人住宅 ⊃ 非法侵入住宅."""
    shorter = [f for f in forms if core[:2] in f and _subsequence(core, f)]
    if shorter:
        return forms[min(shorter, key=len)]
    longer = [
        f
        for f in forms
        if f[:2] == core[:2] and len(f) - 1 >= 0.7 * len(core) and _subsequence(f[:-1], core)
    ]
    if longer:
        return forms[max(longer, key=len)]
    return None


def normalize_cause(text: str | None) -> str | None:
    """Map a free-text 案由/罪名 onto the taxonomy's canonical name; ``None`` if unknown.

    ``"民间借贷"`` → ``民间借贷纠纷``; ``"涉嫌贩卖毒品"`` → ``走私、贩卖、运输、制造毒品罪``;
    ``"原告与被告机动车交通事故责任纠纷一案"`` → ``机动车交通事故责任纠纷``.
    """
    if not isinstance(text, str):
        return None
    t0 = _PREFIX_RE.sub("", _CLEAN_RE.sub("", text))
    t = _SUFFIX_RE.sub("", t0)
    if not t or len(t) > 400:
        return None
    tax = taxonomy()
    lk = tax.lookup
    for cand in (
        t0,
        t0 + "罪",
        t,
        t + "纠纷",
        t + "罪",
        t.removesuffix("罪"),
        t + "争议",
        t + "合同纠纷",
    ):
        if cand in lk:
            return lk[cand]
    hit = tax.longest_in(t)
    if hit is not None:
        name = hit[0]
        # a charge found inside a longer charge-like phrase must cover most of it
        if not (t.endswith("罪") and len(name) < len(t) * 0.5 and "罪" not in t[:-1]):
            return name
    if t.endswith("罪") and len(t) >= 4 and "罪" not in t[:-1]:
        fuzzy = _fuzzy_charge(t[:-1], tax.charge_forms)
        if fuzzy:
            return fuzzy
    if hit is not None:
        return hit[0]
    return None


def find_cause_in_text(text: str) -> str | None:
    """Longest taxonomy name occurring anywhere in ``text`` (canonical form)."""
    if not isinstance(text, str) or not text:
        return None
    hit = taxonomy().longest_in(text)
    return hit[0] if hit else None


def cause_entry(cause: str | None) -> CauseEntry | None:
    if not cause:
        return None
    tax = taxonomy()
    name = tax.lookup.get(cause) or normalize_cause(cause)
    return tax.entries.get(name) if name else None


def cause_ancestors(cause: str | None) -> list[str]:
    """The cause and its parents up to level 1 (``[民间借贷纠纷, 借款合同纠纷, 合同纠纷, …]``)."""
    out: list[str] = []
    e = cause_entry(cause)
    entries = taxonomy().entries
    while e is not None and e.name not in out:
        out.append(e.name)
        e = entries.get(e.parent) if e.parent else None
    return out


def cause_kind(cause: str | None) -> str | None:
    """'civil' | 'criminal' | 'admin' | 'compensation' | 'execution' or ``None``."""
    if not isinstance(cause, str) or not cause.strip():
        return None
    e = cause_entry(cause)
    if e is not None:
        return e.kind
    c = cause.strip()
    if c.endswith("罪"):
        return "criminal"
    if "行政" in c:
        return "admin"
    if c.endswith(("纠纷", "争议", "之诉")):
        return "civil"
    if "赔偿" in c and ("刑事" in c or "司法" in c):
        return "compensation"
    return None
