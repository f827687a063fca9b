"""Learn and cross-validate the civil disputed-point (争议焦点) extractor (textlaw/civil_elements.py).

    nice .venv/bin/python benchmarks/train_civil_focus.py [--folds 5] [--write] [--json]

Data: ../shared/data/cail2021_lblj_focus — 111 civil judgments (claims, defences, court's
analysis), each labelled with its 争议焦点 type (C01…C34) and annotated spans.

Protocol: outer k-fold (fixed shuffle, seed 18). In each fold the focus-vocabulary size
``top_terms`` and the score ``threshold`` are chosen from fixed grids by an inner (k-1)-fold
cross-validation over the training judgments only (micro F1 of the label sets), the model is
fitted on the training judgments with them and scores the held-out ones: micro precision and
recall of the predicted focus labels per fold, and the top-1 accuracy (share of judgments whose
best-scoring label is right, no threshold). Only the text of a held-out judgment is read — its
spans and labels are not. The claim-kind extractor is checked on the same judgments: share of
claims sections (诉称段) with at least one claim kind, and with 返还借款 (they are 民间借贷 cases).

With ``--write`` the model is refitted on all 111 (settings chosen by the same inner procedure
over all of them) and written to fengqiao/textlaw/data/civil_focus.json.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_court_registry import shared_data

from fengqiao.textlaw.civil_elements import (
    FocusExample,
    FocusModel,
    extract_claims,
    pick,
    precision_recall,
)

MODEL_PATH = Path(__file__).resolve().parents[1] / "fengqiao/textlaw/data/civil_focus.json"
TOP_TERMS = (10, 20, 50, 100, 200)
THRESHOLDS = (0.0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5)
SEED = 18


def load(data: Path) -> list[FocusExample]:
    path = data / "cail2021_lblj_focus" / "SMP-CAIL2021-focus_recognition-train.json"
    items = json.loads(path.read_text("utf-8"))["dataset"]
    out = []
    for item in items:
        text = "\n".join(item.get(k, "") for k in ("诉称段", "辩称段", "裁判分析过程段"))
        spans = tuple(
            e.get("oValue", "")
            for k in ("争议焦点子节点", "抗辩事由", "诉讼请求")
            for e in item.get(k, [])
        )
        out.append(FocusExample(text=text, labels=tuple(item["争议焦点"]), spans=spans))
    return out


def folds_of(n: int, k: int, seed: int = SEED) -> list[list[int]]:
    order = list(range(n))
    random.Random(seed).shuffle(order)
    return [order[i::k] for i in range(k)]


def f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def choose(train: Sequence[FocusExample], k: int) -> tuple[int, float, float]:
    """(top_terms, threshold, inner F1) by an inner k-fold over ``train`` only."""
    inner = folds_of(len(train), k, SEED + 1)
    scored: dict[int, list[tuple[dict[str, float], tuple[str, ...]]]] = {}
    for top in TOP_TERMS:
        rows = []
        for held in inner:
            held_set = set(held)
            model = FocusModel.fit(
                [e for i, e in enumerate(train) if i not in held_set], top_terms=top
            )
            rows.extend((model.scores(train[i].text), train[i].labels) for i in held)
        scored[top] = rows
    best = (TOP_TERMS[0], THRESHOLDS[0], -1.0)
    for top in TOP_TERMS:
        for th in THRESHOLDS:
            p, r, *_ = precision_recall(
                [pick(s, th) for s, _ in scored[top]], [g for _, g in scored[top]]
            )
            if f1(p, r) > best[2] + 1e-12:
                best = (top, th, f1(p, r))
    return best


def cross_validate(examples: Sequence[FocusExample], k: int) -> list[dict]:
    out = []
    for fold, held in enumerate(folds_of(len(examples), k), 1):
        held_set = set(held)
        train = [e for i, e in enumerate(examples) if i not in held_set]
        top, th, inner_f1 = choose(train, k - 1)
        model = FocusModel.fit(train, top_terms=top, threshold=th)
        test = [examples[i] for i in held]
        scores = [model.scores(e.text) for e in test]
        p, r, right, n_pred, n_gold = precision_recall(
            [pick(s, th) for s in scores], [e.labels for e in test]
        )
        top1 = sum(
            bool(s) and max(s, key=lambda lab: (s[lab], lab)) in e.labels
            for s, e in zip(scores, test, strict=True)
        )
        unseen = sum(
            1 for e in test if not set(e.labels) & {lab for t in train for lab in t.labels}
        )
        out.append(
            {
                "fold": fold,
                "n": len(test),
                "top_terms": top,
                "threshold": th,
                "inner_f1": round(inner_f1, 3),
                "precision": round(p, 3),
                "recall": round(r, 3),
                "f1": round(f1(p, r), 3),
                "right": right,
                "predicted": n_pred,
                "gold": n_gold,
                "top1": round(top1 / len(test), 3),
                "label_unseen_in_train": unseen,
            }
        )
    return out


def claims_check(data: Path) -> dict:
    path = data / "cail2021_lblj_focus" / "SMP-CAIL2021-focus_recognition-train.json"
    items = json.loads(path.read_text("utf-8"))["dataset"]
    texts = [item["诉称段"] for item in items if item.get("诉称段")]
    found = [extract_claims(t) for t in texts]
    return {
        "claims_sections": len(texts),
        "with_a_kind": round(sum(bool(f) for f in found) / len(texts), 3),
        "with_返还借款": round(sum("返还借款" in f for f in found) / len(texts), 3),
        "with_支付利息": round(sum("支付利息" in f for f in found) / len(texts), 3),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--write", action="store_true")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    data = shared_data()
    if data is None or not (data / "cail2021_lblj_focus").is_dir():
        print("需要 ../shared/data/cail2021_lblj_focus", file=sys.stderr)
        return 2
    examples = load(data)
    folds = cross_validate(examples, args.folds)
    result = {"judgments": len(examples), "folds": folds, "claims": claims_check(data)}
    for key in ("precision", "recall", "f1", "top1"):
        result[f"mean_{key}"] = round(statistics.mean(f[key] for f in folds), 3)
    if args.write:
        top, th, inner = choose(examples, args.folds)
        model = FocusModel.fit(examples, top_terms=top, threshold=th)
        MODEL_PATH.write_text(
            model.to_json(
                trained_on="CAIL2021 论辩理解 争议焦点 (111 civil judgments, labels + spans); "
                f"top_terms={top} threshold={th} chosen by {args.folds}-fold CV (F1 {inner:.3f}); "
                "reproduce with benchmarks/train_civil_focus.py --write",
            ),
            encoding="utf-8",
        )
        result["written"] = {"path": str(MODEL_PATH), "top_terms": top, "threshold": th}
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
        return 0
    print(f"{len(examples)} judgments, {args.folds}-fold (settings chosen by inner CV per fold)")
    print(" fold   n  top_terms thresh | inner F1 |  P      R      F1   | top-1 | unseen label")
    for f in folds:
        print(
            f"{f['fold']:5d} {f['n']:3d} {f['top_terms']:10d} {f['threshold']:6.2f} | "
            f"{f['inner_f1']:8.3f} | {f['precision']:.3f}  {f['recall']:.3f}  {f['f1']:.3f} | "
            f"{f['top1']:.3f} | {f['label_unseen_in_train']}"
        )
    print(
        f" mean{'':27s}|{'':10s}| {result['mean_precision']:.3f}  {result['mean_recall']:.3f}  "
        f"{result['mean_f1']:.3f} | {result['mean_top1']:.3f} |"
    )
    print("claims:", result["claims"])
    if "written" in result:
        print("wrote", result["written"])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
