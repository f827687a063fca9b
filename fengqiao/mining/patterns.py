"""Problem patterns: what goes wrong inside a group of cases (one 案由, one entity).

Method
------
1. **Tokens.** The fact section is segmented with :func:`fengqiao.textlaw.segment.tokenize`
   (rjieba + the legal dictionary); single characters, numbers, masked names (曹0, 张x1), dates
   and a stop list of procedural boilerplate (原告/被告/本院/诉讼/一案 …) are dropped. Adjacent
   tokens also form bigram terms (电梯 维修 → 电梯维修), which name problems better than words.
2. **Vectors.** TF-IDF (sublinear tf, terms in ≥ 2 documents and ≤ 50 % of them — phrases every
   case of the group shares say nothing about *which* problem), then LSA (truncated SVD to ≤ 100
   dimensions, rows re-normalised): it merges the synonyms that judgments use for one fact.
3. **Clusters.** K-means on the normalised LSA vectors (spherical k-means in effect), k chosen
   automatically by the best silhouette (cosine) over ``k_range``; then clusters whose centroids
   have cosine ≥ 0.4 are merged (average linkage). K-means at the silhouette optimum tends to
   split one problem into its phrasings (公共收益不公开 written four ways); the split parts have
   near-parallel centroids (cosine 0.35–0.75 on the planted corpus, merged by average linkage)
   while different problems stay below 0.25; on real CJRC facts 0.3 already merged different
   案由 and 0.4 did not. So the merge recovers problems without fixing k by hand. Why k-means: hard, one
   cluster per case (a clerk opens *the* cases of a pattern), linear time, deterministic with a
   seed, centroids that give representatives directly; agglomerative clustering needs O(n²)
   memory for a 50 000-case 案由, and NMF's soft topics must be cut to hard labels anyway. Large
   groups are fitted on a deterministic sample (``max_fit``) and all cases are assigned to the
   nearest centroid. Clusters smaller than ``min_size`` are folded into 其他.
4. **Names.** Each cluster is named by its distinctive terms, class-based TF-IDF (c-TF-IDF as
   in BERTopic): term frequency within the cluster × log(1 + average cluster size / the term's
   frequency in the group); terms contained in a better-ranked term are skipped. The label is
   the top three terms.
5. **Representatives.** The cases closest to the centroid (cosine in LSA space).

Everything runs single-threaded for BLAS/OpenMP inside :func:`find_patterns`, so the result is
identical in-process and on Dask workers. No Django imports.
"""

from __future__ import annotations

import hashlib
import itertools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
from scipy import sparse
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import squareform
from sklearn.cluster import KMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer
from sklearn.metrics import adjusted_rand_score, silhouette_score
from sklearn.preprocessing import normalize
from threadpoolctl import threadpool_limits

from fengqiao.textlaw.segment import tokenize

__all__ = [
    "DEFAULT_STOP_WORDS",
    "Pattern",
    "adjusted_rand",
    "cluster_terms",
    "fact_terms",
    "fact_tokens",
    "find_patterns",
    "purity",
]

DEFAULT_STOP_WORDS: frozenset[str] = frozenset(
    """
    原告 被告 第三人 上诉人 被上诉人 申请人 被申请人 原审 一审 二审 本院 法院 人民法院 诉讼 起诉 诉至
    一案 本案 案件 纠纷 审理 查明 经审理 认定 事实 证据 证明 提交 提供 予以 认为 主张 请求 要求 判令
    判决 裁定 依法 依照 根据 规定 法律 法律规定 条 款 项 之 其 该 此 上述 前述 如下 以下 以上 等 及 与 和
    或 或者 并 并且 且 但 但是 因 因此 由于 所以 为 为由 系 是 的 了 在 于 对 向 将 把 被 由 从 自 至 到
    给 已 已经 未 没有 不 无 有 也 又 即 均 都 还 再 就 则 后 前 时 期间 当时 之后 之前 其中 另 另查明
    年 月 日 元 万元 人民币 一 二 三 四 五 六 七 八 九 十 个 次 份 名 位 件 笔 某 某某 甲 乙 丙
    双方 一方 对方 当事人 本人 其他 相关 有关 情况 情形 问题 方面 进行 作出 予以 可以 应当 应 能 会
    经 经过 通过 按照 按 约定 双方当事人 负担 承担 支付 庭审 开庭 到庭 陈述 质证 辩称 诉称 认可 异议
    案涉 涉案 经查 存在 依据 所致 实际 一张 构成 不能 无法 属于 多次 至今 相应 上述事实 在卷 佐证
    """.split()
)
_SKIP_RE = re.compile(r"[\d０-９a-zA-Zａ-ｚＡ-Ｚ]|^[\W_]+$")


@dataclass
class Pattern:
    label: str
    key_terms: list[str]
    case_ids: list[int]
    representatives: list[int]
    size: int
    share: float = 0.0
    cohesion: float = 0.0  # mean cosine of members to the centroid (LSA space)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def fact_tokens(text: str, *, stop_words: Iterable[str] | None = None) -> list[str]:
    """Content tokens of a fact section (see the module docstring)."""
    stops = DEFAULT_STOP_WORDS if stop_words is None else frozenset(stop_words)
    return [
        t for t in tokenize(text or "") if len(t) >= 2 and t not in stops and not _SKIP_RE.search(t)
    ]


def fact_terms(tokens: Sequence[str]) -> list[str]:
    """Unigrams plus adjacent bigrams of a token list."""
    return [*tokens, *(a + b for a, b in itertools.pairwise(tokens))]


def _identity(x: Any) -> Any:
    return x


def _sample_ids(ids: Sequence[int], n: int, seed: int) -> np.ndarray:
    """Indices of a deterministic sample of ``n`` ids (by hash of id and seed)."""
    keys = [hashlib.blake2b(f"{seed}:{i}".encode(), digest_size=8).digest() for i in ids]
    order = sorted(range(len(ids)), key=lambda j: keys[j])
    return np.array(sorted(order[:n]))


@dataclass
class _Fit:
    labels: np.ndarray
    lsa: np.ndarray
    centroids: np.ndarray
    k: int
    silhouette: float
    counts: sparse.csr_matrix
    vocab: np.ndarray


def cluster_terms(
    term_lists: Sequence[Sequence[str]],
    *,
    ids: Sequence[int] | None = None,
    k: int | None = None,
    k_range: tuple[int, int] = (2, 10),
    max_fit: int = 5000,
    seed: int = 0,
    min_df: int = 2,
    max_df: float = 0.5,
    merge_similarity: float | None = 0.4,
) -> _Fit | None:
    """Cluster documents given as term lists; ``None`` when there is too little to cluster."""
    n = len(term_lists)
    if n < 4:
        return None
    ids = list(range(n)) if ids is None else list(ids)
    with threadpool_limits(limits=1):
        fit_idx = _sample_ids(ids, max_fit, seed) if n > max_fit else np.arange(n)
        fit_docs = [term_lists[i] for i in fit_idx]
        cv = CountVectorizer(
            analyzer=_identity, min_df=min(min_df, len(fit_docs)), max_df=max_df, dtype=np.float64
        )
        try:
            fit_counts = cv.fit_transform(fit_docs)
        except ValueError:  # empty vocabulary
            return None
        if fit_counts.shape[1] < 2:
            return None
        tfidf = TfidfTransformer(sublinear_tf=True)
        x_fit = tfidf.fit_transform(fit_counts)
        dims = max(1, min(100, x_fit.shape[1] - 1, x_fit.shape[0] - 1))
        svd = TruncatedSVD(n_components=dims, random_state=seed, algorithm="randomized", n_iter=5)
        z_fit = normalize(svd.fit_transform(x_fit))
        lo, hi = k_range
        hi = min(hi, len(fit_docs) - 1)
        candidates = [k] if k else list(range(max(2, lo), max(2, hi) + 1))
        best: tuple[float, int, KMeans] | None = None
        n_sil = min(len(fit_docs), 3000)
        for kk in candidates:
            if kk >= len(fit_docs):
                continue
            km = KMeans(n_clusters=kk, n_init=4, random_state=seed).fit(z_fit)
            if len(set(km.labels_)) < 2:
                continue
            sil = float(
                silhouette_score(
                    z_fit, km.labels_, metric="cosine", sample_size=n_sil, random_state=seed
                )
            )
            if best is None or sil > best[0] + 1e-12:
                best = (sil, kk, km)
        if best is None:
            return None
        sil, kk, km = best
        all_counts = cv.transform(term_lists) if n > len(fit_docs) else fit_counts
        if n > len(fit_docs):
            z_all = normalize(svd.transform(tfidf.transform(all_counts)))
            labels = km.predict(z_all)
        else:
            z_all, labels = z_fit, km.labels_
        labels = _merge_similar(z_all, np.asarray(labels), merge_similarity)
        kk = int(labels.max()) + 1
        centroids = normalize(np.vstack([z_all[labels == c].mean(axis=0) for c in range(kk)]))
    return _Fit(
        labels=np.asarray(labels),
        lsa=z_all,
        centroids=centroids,
        k=kk,
        silhouette=sil,
        counts=sparse.csr_matrix(all_counts),
        vocab=cv.get_feature_names_out(),
    )


def _merge_similar(z: np.ndarray, labels: np.ndarray, tau: float | None) -> np.ndarray:
    """Merge clusters whose centroids have cosine ≥ ``tau`` (average linkage); relabel 0..k-1
    in order of first appearance."""
    k = int(labels.max()) + 1
    if tau is not None and k > 1:
        cent = normalize(np.vstack([z[labels == c].mean(axis=0) for c in range(k)]))
        dist = np.clip(1.0 - cent @ cent.T, 0.0, 2.0)
        np.fill_diagonal(dist, 0.0)
        tree = linkage(squareform(dist, checks=False), method="average")
        groups = fcluster(tree, t=1.0 - tau, criterion="distance") - 1
        labels = groups[labels]
    _, first = np.unique(labels, return_index=True)
    order = np.argsort(first)
    remap = np.empty(int(labels.max()) + 1, dtype=int)
    remap[np.unique(labels)[order]] = np.arange(len(order))
    return remap[labels]


def _ctfidf_terms(
    counts: sparse.csr_matrix, labels: np.ndarray, vocab: np.ndarray, n_terms: int
) -> dict[int, list[str]]:
    classes = sorted(set(labels.tolist()))
    onehot = sparse.csr_matrix(
        (
            np.ones(len(labels)),
            (np.array([classes.index(c) for c in labels]), np.arange(len(labels))),
        ),
        shape=(len(classes), len(labels)),
    )
    tf = np.asarray((onehot @ counts).todense())  # classes × terms
    tot = tf.sum(axis=1, keepdims=True)
    tot[tot == 0] = 1
    avg = tf.sum() / max(1, len(classes))
    freq = tf.sum(axis=0)
    freq[freq == 0] = 1
    score = (tf / tot) * np.log1p(avg / freq)
    out: dict[int, list[str]] = {}
    for ci, c in enumerate(classes):
        order = np.lexsort((vocab, -score[ci]))
        chosen: list[str] = []
        for j in order:
            if score[ci, j] <= 0:
                break
            term = str(vocab[j])
            if any(term in t or t in term for t in chosen):
                continue
            chosen.append(term)
            if len(chosen) >= n_terms:
                break
        out[c] = chosen
    return out


def find_patterns(
    docs: Mapping[int, str] | Sequence[tuple[int, str]] | None = None,
    *,
    tokens: Mapping[int, Sequence[str]] | Sequence[tuple[int, Sequence[str]]] | None = None,
    k: int | None = None,
    k_range: tuple[int, int] = (2, 10),
    min_size: int = 5,
    max_fit: int = 5000,
    n_terms: int = 8,
    n_representatives: int = 3,
    seed: int = 0,
    stop_words: Iterable[str] | None = None,
    merge_similarity: float | None = 0.4,
) -> list[Pattern]:
    """Cluster the fact sections of one group; patterns sorted by size (其他 last).

    Give ``docs`` (case id → fact text) or pre-computed ``tokens`` (case id → tokens, e.g. the
    snapshot's ``tokens`` column split on spaces). The input order does not matter."""
    if tokens is not None:
        items = sorted((int(i), list(t)) for i, t in dict(tokens).items())
    elif docs is not None:
        items = sorted(
            (int(i), fact_tokens(t, stop_words=stop_words)) for i, t in dict(docs).items()
        )
    else:
        return []
    ids = [i for i, _ in items]
    terms = [fact_terms(t) for _, t in items]
    fit = cluster_terms(
        terms,
        ids=ids,
        k=k,
        k_range=k_range,
        max_fit=max_fit,
        seed=seed,
        merge_similarity=None if k else merge_similarity,
    )
    if fit is None:
        return []
    labels = fit.labels.copy()
    sizes = np.bincount(labels, minlength=fit.k)
    small = {c for c in range(fit.k) if 0 < sizes[c] < min_size}
    other = -1
    if small:
        labels = np.where(np.isin(labels, list(small)), other, labels)
    names = _ctfidf_terms(fit.counts, labels, fit.vocab, n_terms)
    sims = np.einsum("ij,ij->i", fit.lsa, fit.centroids[np.clip(fit.labels, 0, fit.k - 1)])
    n = len(ids)
    out: list[Pattern] = []
    for c in sorted(set(labels.tolist())):
        members = np.flatnonzero(labels == c)
        member_ids = [ids[j] for j in members]
        order = sorted(members.tolist(), key=lambda j: (-round(float(sims[j]), 9), ids[j]))
        key_terms = names.get(c, [])
        label = "其他" if c == other else "、".join(key_terms[:3]) or f"模式{c + 1}"
        out.append(
            Pattern(
                label=label,
                key_terms=key_terms,
                case_ids=member_ids,
                representatives=[ids[j] for j in order[:n_representatives]],
                size=len(member_ids),
                share=round(len(member_ids) / n, 6),
                cohesion=round(float(np.mean(sims[members])), 6) if len(members) else 0.0,
            )
        )
    out.sort(key=lambda p: (p.label == "其他", -p.size, p.label))
    return out


def purity(truth: Sequence[Any], pred: Sequence[Any]) -> float:
    """Share of items whose cluster's majority truth label is their own."""
    if not truth:
        return 0.0
    by: dict[Any, dict[Any, int]] = {}
    for t, p in zip(truth, pred, strict=True):
        by.setdefault(p, {}).setdefault(t, 0)
        by[p][t] += 1
    return sum(max(c.values()) for c in by.values()) / len(truth)


def adjusted_rand(truth: Sequence[Any], pred: Sequence[Any]) -> float:
    return float(adjusted_rand_score(list(truth), list(pred)))
