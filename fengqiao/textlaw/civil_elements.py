"""Key elements a civil lawyer compares between two cases (pure Python, no Django).

``extract_civil(text)`` reads a civil fact section or judgment and returns ``CivilElements``:

- ``cause``  案由 (the taxonomy name found in the text, ``textlaw.causes``);
- ``claims`` the kinds of claim (诉讼请求) the plaintiff makes — 返还借款, 支付利息, 违约金,
  解除合同, 赔偿损失, 离婚, 抚养, 确认无效, … — read from the claims passage (诉讼请求 /
  请求判令 / 起诉要求 …, up to 事实与理由 or the defence), else from the whole text;
- ``focus``  scores of the disputed-point (争议焦点) types, from ``FocusModel``.

``FocusModel`` is learned (``FocusModel.fit``) from judgments labelled with their 争议焦点 and
annotated spans (CAIL 2021 论辩理解: claims, defences and the court's analysis): a tf-idf
centroid per focus label over the judgment text plus its annotated spans, truncated to the
label's ``top_terms`` strongest terms — the focus vocabulary (only words found in at least
``MIN_DF`` training judgments: no party or place names). A text scores each label by the
cosine with that vocabulary; labels at or above ``threshold`` (and within ``RELATIVE`` of the
best) are its predicted foci, at most three. ``top_terms`` and ``threshold`` are chosen by
cross-validation on the training judgments only (benchmarks/train_civil_focus.py, which also
writes the shipped model ``data/civil_focus.json`` and reports the per-fold figures).
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from fengqiao.textlaw.causes import find_cause_in_text
from fengqiao.textlaw.segment import tokenize

# -- claims -----------------------------------------------------------------------------------

_C = r"[^，,。；;：:]"  # within one clause
CLAIM_KINDS: dict[str, str] = {
    "返还借款": rf"(?:偿还|归还|返还|还款|清偿|支付|给付){_C}{{0,14}}?(?:借款|借贷|欠款|本金|借支|所借)"
    r"|(?:借款|欠款|本金){_C}{0,6}?(?:予以)?(?:偿还|归还|返还|清偿)",
    "支付利息": r"利息|罚息|复利|资金占用(?:费|损失)|逾期还款(?:损失|违约金)",
    "违约金": r"违约金|滞纳金",
    "解除合同": rf"解除{_C}{{0,12}}?(?:合同|协议|关系|契约)",
    "赔偿损失": rf"赔偿{_C}{{0,14}}?(?:损失|费用|金)|损害赔偿|医疗费|误工费|精神(?:损害)?抚慰金",
    "离婚": r"(?:准予|判决|判令|请求|要求)(?:原告与被告|原、被告|双方)?离婚|解除婚姻关系",
    "抚养": r"抚养|抚育费",
    "分割财产": rf"分割{_C}{{0,10}}?(?:财产|房产|房屋|遗产|存款|股权)",
    "确认无效": rf"确认{_C}{{0,24}}?无效|(?:合同|协议){_C}{{0,6}}?无效",
    "确认关系": rf"确认{_C}{{0,24}}?(?:所有权|归属|成立|有效|关系|权利)",
    "继续履行": r"继续履行|履行{_C}{0,10}?义务",
    "支付价款": r"货款|价款|工程款|租金|服务费|承包费|转让款",
    "劳动报酬": r"工资|劳动报酬|经济补偿金|加班费",
    "连带责任": r"连带(?:清偿|偿还|赔偿|给付|还款)?责任|共同(?:偿还|清偿|承担)",
    "担保责任": r"保证责任|担保责任|抵押|质押|优先受偿",
    "返还财产": rf"返还{_C}{{0,10}}?(?:财产|房屋|车辆|定金|押金|保证金|彩礼|款项|投资款)"
    r"|退还|腾退|搬出|迁出",
    "过户登记": rf"过户|办理{_C}{{0,10}}?(?:产权|登记|手续)",
    "停止侵害": r"停止侵(?:害|权)|排除妨(?:害|碍)|恢复原状",
    "赔礼道歉": r"赔礼道歉|消除影响|恢复名誉",
}
_CLAIM_RES = {kind: re.compile(pattern) for kind, pattern in CLAIM_KINDS.items()}
_CLAIM_START = re.compile(
    r"诉讼请求|诉请|请求(?:法院|本院|人民法院)?(?:依法)?(?:判令|判决|确认|撤销|解除)"
    r"|(?:要求|请求)(?:法院|本院|人民法院)?(?:依法)?判令|起诉要求|诉至(?:法院|本院)|请求："
    r"|现?(?:原告)?(?:起诉)?要求被告"
)
_CLAIM_END = re.compile(
    r"事实(?:和|与|及)理由|辩称|答辩称|经审理查明|本院认为|被告\S{0,20}?未(?:作|提交|到庭)"
)
CLAIM_WINDOW = 400  # characters read after the start of the claims passage


def claims_passage(text: str) -> str:
    """The passage stating the plaintiff's claims ('' when none is marked)."""
    if not isinstance(text, str) or not text:
        return ""
    start = _CLAIM_START.search(text)
    if start is None:
        return ""
    passage = text[start.start() : start.start() + CLAIM_WINDOW]
    end = _CLAIM_END.search(passage, 4)
    return passage[: end.start()] if end else passage


def extract_claims(text: str) -> frozenset[str]:
    """Kinds of claim made (see ``CLAIM_KINDS``); read from the claims passage when there is
    one, else from the whole text."""
    if not isinstance(text, str) or not text:
        return frozenset()
    passage = claims_passage(text) or text
    return frozenset(kind for kind, rx in _CLAIM_RES.items() if rx.search(passage))


# -- disputed points --------------------------------------------------------------------------

_WORD = re.compile(r"^[\u4e00-\u9fff]{2,}$")
RELATIVE = 0.9  # a second focus is kept only when it scores nearly as well as the best
MAX_FOCI = 3
MIN_DF = 2  # vocabulary words must occur in at least this many training judgments


def focus_terms(text: str) -> Counter[str]:
    """Words (two or more Chinese characters) of ``text`` with their counts."""
    if not isinstance(text, str) or not text:
        return Counter()
    return Counter(w for w in tokenize(text) if _WORD.match(w))


def party_names(text: str) -> set[str]:
    """Strings the text uses as people's names: the anonymiser's persons (after 原告/被告/证人…)
    and its guesses in the narrative."""
    from fengqiao.textlaw.anonymize.guesses import guess_names
    from fengqiao.textlaw.anonymize.names import looks_like_name
    from fengqiao.textlaw.anonymize.people import collect_people

    text = text or ""
    found = set(collect_people(text).persons) | guess_names(text, set())
    return {n for n in found if 2 <= len(n) <= 4 and looks_like_name(n)}


def _unit(vec: Mapping[str, float]) -> dict[str, float]:
    norm = math.sqrt(sum(v * v for v in vec.values()))
    return {t: v / norm for t, v in vec.items()} if norm else {}


@dataclass(frozen=True)
class FocusExample:
    """One labelled judgment: its text, its 争议焦点 labels and its annotated spans."""

    text: str
    labels: tuple[str, ...]
    spans: tuple[str, ...] = ()


@dataclass(frozen=True)
class FocusModel:
    idf: Mapping[str, float]
    centroids: Mapping[str, Mapping[str, float]]  # label -> term -> weight (unit length)
    threshold: float = 0.0
    names: Mapping[str, str] = field(default_factory=dict)  # label -> its top terms

    @classmethod
    def fit(
        cls,
        examples: Sequence[FocusExample],
        *,
        top_terms: int = 50,
        threshold: float = 0.0,
        span_weight: float = 1.0,
        min_df: int = MIN_DF,
    ) -> FocusModel:
        docs = [focus_terms(e.text) for e in examples]
        spans = [focus_terms("\n".join(e.spans)) for e in examples]
        n = len(examples)
        df = Counter(t for d, s in zip(docs, spans, strict=True) for t in set(d) | set(s))
        idf = {t: math.log((1 + n) / (1 + c)) + 1.0 for t, c in df.items()}

        def weigh(counts: Counter[str]) -> dict[str, float]:
            return _unit({t: (1 + math.log(c)) * idf[t] for t, c in counts.items()})

        sums: dict[str, Counter[str]] = {}
        for example, doc, span in zip(examples, docs, spans, strict=True):
            vec = Counter(weigh(doc))
            for t, v in weigh(span).items():
                vec[t] += span_weight * v
            for label in example.labels:
                sums.setdefault(label, Counter()).update(vec)
        # A word of a single judgment (a party's name, a place) is no focus vocabulary, nor a
        # name the judgments give their parties, witnesses or agents.
        names = {w for e in examples for w in party_names(e.text)}
        df = Counter({t: c for t, c in df.items() if not any(t in n or n in t for n in names)})
        centroids = {
            label: _unit(
                dict(
                    sorted(
                        ((t, v) for t, v in total.items() if df[t] >= min_df),
                        key=lambda tv: (-tv[1], tv[0]),
                    )[:top_terms]
                )
            )
            for label, total in sums.items()
        }
        vocab = {t for c in centroids.values() for t in c}
        return cls(
            idf={t: idf[t] for t in vocab},
            centroids=centroids,
            threshold=threshold,
            names={label: "、".join(list(c)[:3]) for label, c in centroids.items()},
        )

    def scores(self, text: str | Counter[str]) -> dict[str, float]:
        """Cosine of the text with each focus vocabulary (labels scoring 0 left out)."""
        counts = focus_terms(text) if isinstance(text, str) else text
        vec = _unit(
            {t: (1 + math.log(c)) * self.idf[t] for t, c in counts.items() if t in self.idf}
        )
        out = {}
        for label, centroid in self.centroids.items():
            s = sum(w * centroid.get(t, 0.0) for t, w in vec.items())
            if s > 0:
                out[label] = s
        return out

    def predict(self, text: str | Counter[str], threshold: float | None = None) -> list[str]:
        """The predicted foci, best first (none when no label reaches the threshold)."""
        return pick(self.scores(text), self.threshold if threshold is None else threshold)

    def to_json(self, **meta: object) -> str:
        data = {
            **meta,
            "threshold": self.threshold,
            "names": dict(self.names),
            "idf": {t: round(v, 4) for t, v in sorted(self.idf.items())},
            "centroids": {
                label: {t: round(w, 5) for t, w in c.items()}
                for label, c in sorted(self.centroids.items())
            },
        }
        return json.dumps(data, ensure_ascii=False, indent=0) + "\n"

    @classmethod
    def from_json(cls, text: str) -> FocusModel:
        data = json.loads(text)
        return cls(
            idf={t: float(v) for t, v in data["idf"].items()},
            centroids={
                label: {t: float(w) for t, w in c.items()} for label, c in data["centroids"].items()
            },
            threshold=float(data.get("threshold", 0.0)),
            names=dict(data.get("names", {})),
        )


def pick(scores: Mapping[str, float], threshold: float) -> list[str]:
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
    if not ranked or ranked[0][1] < threshold or ranked[0][1] <= 0:
        return []
    best = ranked[0][1]
    return [label for label, s in ranked[:MAX_FOCI] if s >= threshold and s >= RELATIVE * best]


def precision_recall(
    predicted: Iterable[Iterable[str]], gold: Iterable[Iterable[str]]
) -> tuple[float, float, int, int, int]:
    """Micro precision and recall of label sets: (P, R, right, predicted, gold)."""
    right = n_pred = n_gold = 0
    for p, g in zip(predicted, gold, strict=True):
        p, g = set(p), set(g)
        right += len(p & g)
        n_pred += len(p)
        n_gold += len(g)
    return (
        right / n_pred if n_pred else 0.0,
        right / n_gold if n_gold else 0.0,
        right,
        n_pred,
        n_gold,
    )


@cache
def default_focus_model() -> FocusModel | None:
    """The shipped model (data/civil_focus.json), or None when it is not there."""
    path = resources.files("fengqiao.textlaw").joinpath("data", "civil_focus.json")
    if not path.is_file():
        return None
    return FocusModel.from_json(path.read_text("utf-8"))


# -- together ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class CivilElements:
    cause: str | None = None
    claims: frozenset[str] = frozenset()
    focus: Mapping[str, float] = field(default_factory=dict)  # label -> score

    def focus_similarity(self, other: CivilElements) -> float:
        """Cosine of the two focus-score vectors (0 when either has none)."""
        a, b = self.focus, other.focus
        dot = sum(v * b.get(k, 0.0) for k, v in a.items())
        na = math.sqrt(sum(v * v for v in a.values()))
        nb = math.sqrt(sum(v * v for v in b.values()))
        return dot / (na * nb) if na and nb else 0.0

    def claims_overlap(self, other: CivilElements) -> float:
        """Jaccard overlap of the claim kinds (0 when either states none)."""
        if not self.claims or not other.claims:
            return 0.0
        return len(self.claims & other.claims) / len(self.claims | other.claims)


def extract_civil(text: str, model: FocusModel | None = None) -> CivilElements:
    """Cause, claim kinds and focus scores of a civil text (never raises on odd input)."""
    if not isinstance(text, str) or not text.strip():
        return CivilElements()
    model = model if model is not None else default_focus_model()
    return CivilElements(
        cause=find_cause_in_text(text),
        claims=extract_claims(text),
        focus=model.scores(text) if model is not None else {},
    )


__all__ = [
    "CLAIM_KINDS",
    "CivilElements",
    "FocusExample",
    "FocusModel",
    "claims_passage",
    "default_focus_model",
    "extract_civil",
    "extract_claims",
    "focus_terms",
    "pick",
    "precision_recall",
]
