"""Over-masking on governance prose: what the anonymiser replaces in texts that hold no
personal data (司法建议书 prose, the 2023 rule and other rule texts), and, for reference, on the
57 published typical cases (which do name parties).

    PYTHONPATH=$PWD .venv/bin/python benchmarks/bench_anonymize_prose.py [--policy publish] [--show]

Sources:

* ``letters`` — every string literal with four or more Chinese characters in the demo's
  letter builders (fengqiao/demo/suggestions.py, fengqiao/demo/library.py when present, and
  files given with ``--letters-from``), read with ``ast`` (no Django): titles, topics,
  recipients, backgrounds, problems, suggestions, replies. A demo person's name alone (周静)
  is shorter than that; lists of meeting participants are not, and are real hits.
* ``rules`` — the rule texts under ../shared/data/lawrefbook/司法解释, 宪法相关法 and
  ../shared/data/judicial_suggestions, one paragraph at a time.
* ``cases`` — the typical cases under ../shared/data/lawrefbook/案例, one paragraph at a time
  (these hold names: the figure is spans, not errors).

Every replaced span is counted by kind; ``--show`` prints each one with ±12 characters of
context (rules and letters only: the cases are real judgments and are not printed).
"""

from __future__ import annotations

import argparse
import ast
import os
import sys
from collections import Counter
from pathlib import Path

from fengqiao.textlaw.anonymize import anonymize

ROOT = Path(__file__).resolve().parents[1]


def shared_data() -> Path:
    env = os.environ.get("FENGQIAO_SHARED_DATA")
    if env:
        return Path(env)
    return ROOT.parent / "shared" / "data"


def _literals(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            s = node.value
            if sum("\u4e00" <= ch <= "\u9fff" for ch in s) >= 4:
                out.append(s)
    return out


def letters(extra: list[Path]) -> list[str]:
    paths = [
        ROOT / "fengqiao" / "demo" / "suggestions.py",
        ROOT / "fengqiao" / "demo" / "library.py",
    ]
    out: list[str] = []
    for p in [*paths, *extra]:
        if p.exists():
            out += _literals(p)
    return list(dict.fromkeys(out))


def _paragraphs(files: list[Path]) -> list[str]:
    out: list[str] = []
    for f in sorted(files):
        for para in f.read_text(encoding="utf-8").split("\n"):
            para = para.strip()
            if (
                para
                and not para.startswith("<!--")
                and any("\u4e00" <= c <= "\u9fff" for c in para)
            ):
                out.append(para)
    return out


def rules(data: Path) -> list[str]:
    files = [
        *(data / "lawrefbook" / "司法解释").glob("*.md"),
        *(data / "lawrefbook" / "宪法相关法").glob("*.md"),
        *(data / "judicial_suggestions").glob("*.md"),
    ]
    return _paragraphs(files)


def cases(data: Path) -> list[str]:
    files = [f for f in (data / "lawrefbook" / "案例").rglob("*.md") if f.name != "_index.md"]
    return _paragraphs(files)


def split(texts: list[str], unit: str) -> list[str]:
    """Paragraphs as they are, or cut into sentences (。；！？) or clauses (also ，、：): a
    letter's sections and numbered rows begin anywhere in the prose ("一、住宅小区……")."""
    if unit == "paragraph":
        return texts
    cut = "。；！？" if unit == "sentence" else "。；！？，、：:"
    out: list[str] = []
    for t in texts:
        piece = ""
        for ch in t:
            piece += ch
            if ch in cut:
                out.append(piece)
                piece = ""
        if piece.strip():
            out.append(piece)
    return [t for t in out if len(t.strip()) >= 2]


def measure(texts: list[str], policy: str) -> tuple[int, Counter, list[tuple[str, str, str]]]:
    chars = 0
    kinds: Counter = Counter()
    shown: list[tuple[str, str, str]] = []
    for t in texts:
        chars += len(t)
        r = anonymize(t, policy=policy, parsed=False)
        for s in r.spans:
            kinds[s.kind] += 1
            ctx = t[max(0, s.start - 12) : s.start] + "【" + s.text + "】" + t[s.end : s.end + 12]
            shown.append((s.kind, s.reason, ctx))
    return chars, kinds, shown


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--policy", default="publish")
    ap.add_argument("--show", action="store_true")
    ap.add_argument("--unit", default="paragraph", choices=["paragraph", "sentence", "clause"])
    ap.add_argument("--letters-from", nargs="*", default=[], type=Path, help="more builder files")
    args = ap.parse_args(argv)
    data = shared_data()
    corpora = {"letters": letters(args.letters_from)}
    if data.exists():
        corpora["rules"] = rules(data)
        corpora["cases"] = cases(data)
    else:
        print(f"(no {data}: only the demo letters)", file=sys.stderr)
    for name, texts in corpora.items():
        texts = split(texts, args.unit)
        chars, kinds, shown = measure(texts, args.policy)
        total = sum(kinds.values())
        detail = ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())) or "none"
        print(
            f"{name} ({args.unit}): {len(texts)} texts, {chars:,} chars, {total} spans ({detail})"
        )
        if args.show and name != "cases":
            for kind, reason, ctx in shown:
                print(f"  {kind:8} {reason:24} {ctx}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
