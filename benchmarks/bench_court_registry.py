"""Coverage of the national court registry (fengqiao/textlaw/data/court_registry.tsv).

Prints:
  * courts per level and per source in the registry;
  * on the real (court name, 法院代字) pairs of ../shared/data/derived/court_code_pairs_dev10.tsv:
    the share the registry resolves to the right court (the pair's name or its 代字 is the
    resolved court's name/alias or code/alternative code), from both together, from the code
    alone and from the name alone — with the whole registry, and without the few rows taken
    from those same observations (source=observed_dev10), so the figure is not circular;
  * on the real LeCaRD judgments (full text): the court named in the header and the 代字 of
    the 案号, as the case import sees them (the project's judgment parser);
  * on the CJRC fact sections: court names mentioned in the text that resolve to exactly one
    court (no ground truth there: "resolved", not "right").

Usage:  .venv/bin/python benchmarks/bench_court_registry.py [--json]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import tarfile
from collections import Counter
from pathlib import Path

from fengqiao.courts.registry import (
    RegistryCourt,
    RegistryIndex,
    infer_parent,
    name_key,
    registry,
)
from fengqiao.textlaw.judgment import parse_judgment

ROOT = Path(__file__).resolve().parents[1]


def shared_data() -> Path | None:
    env = os.environ.get("FENGQIAO_SHARED_DATA")
    for p in ([Path(env)] if env else []) + [ROOT.parent / "shared" / "data"]:
        if p.is_dir():
            return p
    return None


def is_right(court: RegistryCourt | None, code: str, name: str) -> bool:
    if court is None:
        return False
    if name and name_key(name) in {name_key(n) for n in (court.name, *court.aliases)}:
        return True
    return not name and code in (court.code, *court.alt_codes)


def pairs_figures(index: RegistryIndex, rows: list[dict[str, str]]) -> dict:
    out: dict[str, float | int] = {"pairs": len(rows), "docs": sum(int(r["n_docs"]) for r in rows)}
    for mode in ("both", "code_only", "name_only"):
        right = right_docs = 0
        for r in rows:
            code, name = r["court_code_in_case_no"], r["court_name"]
            hit = index.resolve(
                code=code if mode != "name_only" else None,
                name=name if mode != "code_only" else None,
            )
            if is_right(hit, code, name):
                right += 1
                right_docs += int(r["n_docs"])
        out[f"{mode}_right"] = right
        out[f"{mode}_share"] = round(right / len(rows), 4) if rows else 0.0
        out[f"{mode}_doc_share"] = round(right_docs / out["docs"], 4) if rows else 0.0
    return out


def unresolved(index: RegistryIndex, rows: list[dict[str, str]]) -> list[str]:
    return [
        f"{r['court_name']} {r['court_code_in_case_no']}"
        for r in rows
        if not is_right(
            index.resolve(code=r["court_code_in_case_no"], name=r["court_name"]),
            r["court_code_in_case_no"],
            r["court_name"],
        )
    ]


def lecard_figures(index: RegistryIndex, archive: Path) -> dict:
    total = named = right = code_right = name_right = new_form = new_form_code_right = 0
    provinces: Counter[str] = Counter()
    missing: list[str] = []
    with tarfile.open(archive) as tar:
        for member in tar:
            if not member.isfile() or not member.name.endswith(".json"):
                continue
            doc = json.load(tar.extractfile(member))
            judgment = parse_judgment(doc.get("qw") or "")
            total += 1
            name = judgment.court_name or ""
            number = judgment.case_no
            code = (number.court_code if number else None) or ""
            if not name and not code:
                continue
            named += 1
            hit = index.resolve(code=code, name=name)
            if hit is None and name:
                guess = infer_parent(name, index)
                missing.append(f"{name} {code} → {guess.parent.name if guess.parent else '隔离'}")
            if is_right(hit, code, name):
                right += 1
                provinces[hit.code[0]] += 1
            by_code = code and name and is_right(index.resolve(code=code), code, name)
            code_right += bool(by_code)
            if number and number.form in ("2016", "2018"):
                new_form += 1
                new_form_code_right += bool(by_code)
            if name and is_right(index.resolve(name=name), code, name):
                name_right += 1
    return {
        "judgments": total,
        "with_court": named,
        "right": right,
        "share": round(right / named, 4) if named else 0.0,
        "code_alone_right": code_right,
        "new_form_numbers": new_form,
        "new_form_code_alone_right": new_form_code_right,
        "name_alone_right": name_right,
        "provinces": len(provinces),
        "not_in_registry": sorted(set(missing)),
    }


_MENTION = re.compile(r"[\u4e00-\u9fff]{2,24}?人民法院")


def cjrc_figures(index: RegistryIndex, path: Path) -> dict:
    data = json.loads(path.read_text("utf-8"))
    mentions = resolved = 0
    for item in data["data"]:
        for para in item["paragraphs"]:
            for m in _MENTION.finditer(para["context"]):
                text = m.group(0)
                if text.endswith("本院人民法院") or len(text) < 6:
                    continue
                mentions += 1
                # the longest ending of the mention that names exactly one court
                for i in range(len(text) - 5):
                    if len(index.by_name(text[i:])) == 1:
                        resolved += 1
                        break
    return {
        "mentions": mentions,
        "resolved_unique": resolved,
        "share": round(resolved / mentions, 4) if mentions else 0.0,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    courts = registry()
    result: dict = {
        "levels": dict(Counter(c.level for c in courts)),
        "sources": dict(Counter(s for c in courts for s in c.source.split(";"))),
        "total": len(courts),
    }
    full = RegistryIndex(courts)
    without_observed = RegistryIndex(tuple(c for c in courts if "observed" not in c.source))
    data = shared_data()
    if data is None:
        result["skipped"] = "需要 ../shared/data（真实法院数据）"
    else:
        pairs_path = data / "derived" / "court_code_pairs_dev10.tsv"
        rows = list(csv.DictReader(pairs_path.open(encoding="utf-8"), delimiter="\t"))
        result["pairs"] = pairs_figures(full, rows)
        result["pairs_without_observed_rows"] = pairs_figures(without_observed, rows)
        result["pairs_unresolved"] = unresolved(full, rows)
        archive = data / "lecard" / "candidates" / "candidates_dev10.tar.xz"
        if archive.exists():
            result["lecard"] = lecard_figures(full, archive)
        cjrc = data / "cail2019_cjrc" / "dev_ground_truth.json"
        if cjrc.exists():
            result["cjrc_mentions"] = cjrc_figures(full, cjrc)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
        return
    print(f"registry: {result['total']} courts")
    for level, n in result["levels"].items():
        print(f"  {level:22s} {n:5d}")
    print("  sources:", ", ".join(f"{k} {v}" for k, v in result["sources"].items()))
    if "skipped" in result:
        print(result["skipped"])
        return
    for key in ("pairs", "pairs_without_observed_rows"):
        p = result[key]
        print(
            f"{key}: {p['pairs']} (name, 代字) pairs / {p['docs']} docs — right: "
            f"both {p['both_right']} ({p['both_share']:.1%}), "
            f"code alone {p['code_only_right']} ({p['code_only_share']:.1%}), "
            f"name alone {p['name_only_right']} ({p['name_only_share']:.1%}); "
            f"by docs {p['both_doc_share']:.1%}"
        )
    print("  not resolved:", "；".join(result["pairs_unresolved"]) or "none")
    if "lecard" in result:
        lc = result["lecard"]
        print(
            f"LeCaRD judgments: {lc['judgments']}, with a court: {lc['with_court']}, right "
            f"{lc['right']} ({lc['share']:.1%}) from {lc['provinces']} provinces; "
            f"name alone {lc['name_alone_right']}; code alone {lc['code_alone_right']} (2016-form "
            f"案号: {lc['new_form_code_alone_right']} of {lc['new_form_numbers']}; pre-2016 "
            "abbreviations such as 浙杭 have no table)"
        )
        print(
            "  not in the registry (import registers them under):", "；".join(lc["not_in_registry"])
        )
    if "cjrc_mentions" in result:
        cj = result["cjrc_mentions"]
        print(
            f"CJRC court mentions: {cj['mentions']}, resolved to exactly one court "
            f"{cj['resolved_unique']} ({cj['share']:.1%}) (no ground truth)"
        )


if __name__ == "__main__":
    main()
