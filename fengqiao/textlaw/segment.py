"""Word segmentation with rjieba plus the legal user dictionary ``data/legal_dict.txt``.

rjieba has no ``load_userdict``; words are added with ``Jieba.add_word(word, freq, tag)`` to a
private :class:`rjieba.Jieba` instance (the module-level default instance is left untouched, so
other code using ``rjieba.cut`` is unaffected). The instance is built once, lazily, thread-safe.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from importlib import resources

import rjieba

__all__ = ["add_words", "legal_words", "segmenter", "tokenize", "tokenize_for_search"]

_LOCK = threading.Lock()
_JIEBA: rjieba.Jieba | None = None
_SKIP_RE = re.compile(r"^[\s\W_]+$")


def legal_words() -> list[tuple[str, int | None, str | None]]:
    """(word, freq, tag) entries of ``data/legal_dict.txt``."""
    text = resources.files("fengqiao.textlaw").joinpath("data", "legal_dict.txt").read_text("utf-8")
    out: list[tuple[str, int | None, str | None]] = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split()
        freq = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
        tag = parts[2] if len(parts) > 2 else None
        out.append((parts[0], freq, tag))
    return out


def segmenter() -> rjieba.Jieba:
    """The shared rjieba instance with the legal dictionary loaded (built on first use)."""
    global _JIEBA
    if _JIEBA is None:
        with _LOCK:
            if _JIEBA is None:
                jb = rjieba.Jieba()
                for word, freq, tag in legal_words():
                    jb.add_word(word, freq, tag)
                _JIEBA = jb
    return _JIEBA


def add_words(words: list[str] | tuple[str, ...], freq: int = 2000) -> None:
    """Add project- or court-specific words (e.g. local place names) to the shared segmenter."""
    jb = segmenter()
    with _LOCK:
        for w in words:
            if w and w.strip():
                jb.add_word(w.strip(), freq, None)


def tokenize(text: str) -> list[str]:
    """Words of ``text`` (punctuation kept as tokens, whitespace dropped)."""
    if not isinstance(text, str) or not text:
        return []
    return [w for w in segmenter().cut(text) if not w.isspace()]


def tokenize_for_search(text: str) -> list[str]:
    """Search-mode tokens: long words plus their dictionary sub-words; no punctuation/space;
    NFKC-folded (full-width letters/digits) and lower-cased (for an index/query analyser)."""
    if not isinstance(text, str) or not text:
        return []
    t = unicodedata.normalize("NFKC", text).lower()
    return [w for w in segmenter().cut_for_search(t) if not _SKIP_RE.match(w)]
