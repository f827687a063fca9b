"""SimilarIndex: tantivy-backed similar-case search over a large corpus.

First stage: BM25 (tantivy, k1=1.2, b=0.75) over the fact-narrative terms with the query's
most informative terms; a second first-stage query restricted to the label (罪名/案由) the
feedback neighbours agree on pulls in same-charge cases that plain BM25 missed. Second stage:
the same fusion as ``SimilarEngine`` over the union, using stored fields only.
"""

from __future__ import annotations

import math
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from itertools import islice
from multiprocessing import get_context
from multiprocessing.pool import AsyncResult
from pathlib import Path
from typing import Any

import tantivy

from fengqiao.mining.similar.charges import ChargeDictionary, default_charges
from fengqiao.mining.similar.engine import LEGAL_TERM_BOOST, CandidateDoc, apply_metadata
from fengqiao.mining.similar.fusion import Features, FusionSettings, Hit, fuse, label_weights
from fengqiao.mining.similar.profile import CaseProfile, build_profile
from fengqiao.mining.similar.terms import query_weights
from fengqiao.textlaw.criminal_elements import CriminalElements

# Like Lucene's MoreLikeThis (max_query_terms, max_doc_freq_pct): long judgments are reduced
# to their most informative terms, and in a large index terms found in more than a tenth of
# the documents (idf < ln(1 + 0.9/0.1) ~ 2.3) are treated as corpus stopwords - they would cost
# most of the postings traversal for little evidence. Small indexes keep every term.
MAX_QUERY_TERMS = 32
MIN_QUERY_TERMS = 8
MAX_DF_FRACTION = 0.1
DF_CUTOFF_MIN_DOCS = 10_000
FIRST_STAGE_DEPTH = 100
STORED_TERMS = 64  # per document, for "shared key terms" reasons
_CHUNK = 256  # documents per worker task

Filters = Mapping[str, Any]


@dataclass(frozen=True)
class IndexRecord:
    """Picklable, compact per-document payload produced by ``make_record``."""

    id: str
    facts: str
    labels: tuple[str, ...]
    parties: tuple[str, ...]
    kind: str | None
    domain: str | None
    court: str | None
    year: int | None
    keyterms: str
    findings: str = ""  # findings-section terms (empty: same as facts)
    elements: str = ""  # CriminalElements.to_tokens(), space-separated


def _norm(term: str) -> str:
    return term.lower()


def make_record(doc: CandidateDoc, charges: ChargeDictionary | None = None) -> IndexRecord:
    profile = apply_metadata(build_profile(doc.text, charges, with_civil=False), doc)
    return record_from_profile(doc.id, profile)


def record_from_profile(doc_id: str, profile: CaseProfile) -> IndexRecord:
    facts = _joined_terms(profile.terms)
    by_weight = sorted(profile.terms, key=lambda t: (-profile.terms[t] * len(t), t))
    return IndexRecord(
        id=doc_id,
        facts=facts,
        labels=profile.labels,
        parties=profile.parties,
        kind=profile.kind,
        domain=profile.domain,
        court=profile.court,
        year=profile.year,
        keyterms=" ".join(_norm(t) for t in by_weight[:STORED_TERMS]),
        findings=_joined_terms(profile.findings_terms) if profile.findings_terms else "",
        elements=" ".join(profile.elements.to_tokens()),
    )


def _joined_terms(terms: Mapping[str, int]) -> str:
    return "".join(f"{_norm(t)} " * tf for t, tf in terms.items()).rstrip()


def _make_records(docs: list[CandidateDoc]) -> list[IndexRecord]:
    return [make_record(doc) for doc in docs]


def _schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("id", stored=True, tokenizer_name="raw")
    builder.add_text_field("facts", stored=False, tokenizer_name="whitespace", index_option="freq")
    builder.add_text_field("labels", stored=True, tokenizer_name="raw", index_option="basic")
    builder.add_text_field("parties", stored=True, tokenizer_name="raw", index_option="basic")
    builder.add_text_field("kind", stored=True, tokenizer_name="raw", index_option="basic")
    builder.add_text_field("domain", stored=True, tokenizer_name="raw", index_option="basic")
    builder.add_text_field("court", stored=True, tokenizer_name="raw", index_option="basic")
    builder.add_unsigned_field("year", stored=True, indexed=True, fast=True)
    builder.add_bytes_field("keyterms", stored=True, indexed=False)
    builder.add_text_field(
        "findings", stored=False, tokenizer_name="whitespace", index_option="freq"
    )
    builder.add_bytes_field("elements", stored=True, indexed=False)
    return builder.build()


class SimilarIndex:
    """On-disk similar-case index. Use ``add``/``add_many`` then ``commit`` before ``search``."""

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        settings: FusionSettings | None = None,
        legal_term_boost: float = LEGAL_TERM_BOOST,
        heap_size: int = 256_000_000,
    ) -> None:
        self.path = Path(path)
        self.path.mkdir(parents=True, exist_ok=True)
        self.settings = settings or FusionSettings()
        self.legal_term_boost = legal_term_boost
        self.charges = default_charges()
        self._heap_size = heap_size
        self.schema = _schema()
        self.index = tantivy.Index(self.schema, path=str(self.path), reuse=True)
        self._writer: tantivy.IndexWriter | None = None

    # -- writing ---------------------------------------------------------------------------

    @property
    def writer(self) -> tantivy.IndexWriter:
        if self._writer is None:
            self._writer = self.index.writer(heap_size=self._heap_size)
        return self._writer

    def add(self, doc: CandidateDoc) -> None:
        self.add_record(make_record(doc, self.charges))

    def add_record(self, record: IndexRecord) -> None:
        document = tantivy.Document()
        document.add_text("id", record.id)
        document.add_text("facts", record.facts)
        for label in record.labels:
            document.add_text("labels", label)
        for party in record.parties:
            document.add_text("parties", party)
        if record.kind:
            document.add_text("kind", record.kind)
        if record.domain:
            document.add_text("domain", record.domain)
        if record.court:
            document.add_text("court", record.court)
        if record.year:
            document.add_unsigned("year", record.year)
        document.add_bytes("keyterms", record.keyterms.encode("utf-8"))
        # Documents whose findings are their whole narrative index it twice, so that the
        # findings-only BM25 is defined for every document.
        document.add_text("findings", record.findings or record.facts)
        document.add_bytes("elements", record.elements.encode("utf-8"))
        self.writer.add_document(document)

    def add_many(
        self,
        docs: Iterable[CandidateDoc],
        *,
        workers: int = 1,
        commit_every: int = 200_000,
        progress: Callable[[int], None] | None = None,
    ) -> int:
        """Profile (in ``workers`` processes) and add documents; commits every ``commit_every``."""
        count = 0
        for record in self._records(docs, workers):
            self.add_record(record)
            count += 1
            if count % commit_every == 0:
                self.commit()
            if progress is not None:
                progress(count)
        self.commit()
        return count

    def _records(self, docs: Iterable[CandidateDoc], workers: int) -> Iterator[IndexRecord]:
        if workers <= 1:
            yield from (make_record(doc, self.charges) for doc in docs)
            return
        iterator = iter(docs)
        with get_context("fork").Pool(workers) as pool:
            # At most 4 chunks per worker in flight: bounded memory, order preserved.
            pending: deque[AsyncResult[list[IndexRecord]]] = deque()
            while chunk := list(islice(iterator, _CHUNK)):
                pending.append(pool.apply_async(_make_records, (chunk,)))
                if len(pending) >= 4 * workers:
                    yield from pending.popleft().get()
            while pending:
                yield from pending.popleft().get()

    def commit(self) -> None:
        if self._writer is not None:
            self._writer.commit()
            self._writer.wait_merging_threads()
            self._writer = None
        self.index.reload()

    def __len__(self) -> int:
        return self.index.searcher().num_docs

    def size_on_disk(self) -> int:
        return sum(p.stat().st_size for p in self.path.rglob("*") if p.is_file())

    # -- searching -------------------------------------------------------------------------

    def search(
        self,
        query_text: str,
        k: int = 30,
        filters: Filters | None = None,
        *,
        exclude_ids: Iterable[str] = (),
    ) -> list[Hit]:
        """Top ``k`` similar cases. ``filters``: kind, domain, court, party, label/charge/cause,
        year (int or (low, high)); ``exclude_ids`` drops e.g. the query's own document."""
        return self.search_profile(
            build_profile(query_text, self.charges, with_civil=False),
            k,
            filters,
            exclude_ids=exclude_ids,
        )

    def search_profile(
        self,
        query: CaseProfile,
        k: int = 30,
        filters: Filters | None = None,
        *,
        exclude_ids: Iterable[str] = (),
    ) -> list[Hit]:
        searcher = self.index.searcher()
        n_docs = searcher.num_docs
        if n_docs == 0:
            return []
        importance = self._select_terms(searcher, query, n_docs)
        if not importance:
            return []
        excluded = set(exclude_ids)
        depth = max(FIRST_STAGE_DEPTH, 3 * k) + len(excluded)
        lexical = self._lexical_query(importance)
        base_filters = self._filter_clauses(filters or {})
        addresses: dict[tuple[int, int], str] = {}
        found = self._collect(searcher, lexical, base_filters, depth, excluded, addresses)
        # Second first-stage query restricted to the label the lexical neighbours agree on.
        items = list(found.values())
        if items:
            top = max(f.lexical for f in items) or 1.0
            label_w = label_weights(query, items, [f.lexical / top for f in items], self.settings)
            best = max(label_w, key=lambda lab: (label_w[lab], lab), default=None)
            # Redundant when the first stage already holds k cases with that label: they are
            # then exactly the k lexically best ones carrying it.
            if best is not None and sum(best in f.labels for f in items) < k:
                clause = self._const(tantivy.Query.term_query(self.schema, "labels", best))
                more = self._collect(
                    searcher, lexical, [*base_filters, clause], k, excluded, addresses
                )
                for doc_id, feat in more.items():
                    found.setdefault(doc_id, feat)

        self._add_findings_scores(searcher, importance, found, addresses)

        def explain(feat: Features) -> Features:
            # shared_terms holds the stored key terms until a hit is shown
            shared = [t for t in feat.shared_terms if t in importance and len(t) >= 2]
            shared.sort(key=lambda t: -importance[t][1])
            return replace(feat, shared_terms=tuple(shared[: self.settings.reason_terms]))

        return fuse(query, list(found.values()), self.settings, limit=k, explain=explain)

    def _select_terms(
        self, searcher: tantivy.Searcher, query: CaseProfile, n_docs: int
    ) -> dict[str, tuple[float, float]]:
        """Up to MAX_QUERY_TERMS terms by weight x idf: {term: (query weight, importance)}."""
        weights: dict[str, float] = {}
        for term, weight in query_weights(query.terms, self.legal_term_boost).items():
            normed = _norm(term)
            weights[normed] = weights.get(normed, 0.0) + weight
        max_df = MAX_DF_FRACTION * n_docs if n_docs >= DF_CUTOFF_MIN_DOCS else n_docs
        kept: list[tuple[float, str]] = []
        common: list[tuple[float, str]] = []
        for term, weight in weights.items():
            df = searcher.doc_freq("facts", term)
            if df:
                score = weight * math.log(1.0 + (n_docs - df + 0.5) / (df + 0.5))
                (kept if df <= max_df else common).append((score, term))
        kept.sort(reverse=True)
        chosen = kept[:MAX_QUERY_TERMS]
        if len(chosen) < MIN_QUERY_TERMS:  # a query made of common words still gets a query
            chosen += sorted(common, reverse=True)[: MIN_QUERY_TERMS - len(chosen)]
        return {term: (weights[term], score) for score, term in chosen}

    def _lexical_query(self, terms: Mapping[str, tuple[float, float]]) -> tantivy.Query:
        clauses = [
            (
                tantivy.Occur.Should,
                tantivy.Query.boost_query(
                    tantivy.Query.term_query(self.schema, "facts", term, index_option="freq"),
                    weight,
                ),
            )
            for term, (weight, _) in terms.items()
        ]
        return tantivy.Query.boolean_query(clauses)

    @staticmethod
    def _const(query: tantivy.Query) -> tantivy.Query:
        return tantivy.Query.const_score_query(query, 0.0)

    def _filter_clauses(self, filters: Filters) -> list[tantivy.Query]:
        clauses = []
        for key, value in filters.items():
            if value is None:
                continue
            if key == "year":
                low, high = value if isinstance(value, tuple | list) else (value, value)
                query = tantivy.Query.range_query(
                    self.schema, "year", tantivy.FieldType.Unsigned, int(low), int(high)
                )
            elif key in ("label", "charge", "cause"):
                query = tantivy.Query.term_query(self.schema, "labels", str(value))
            elif key in ("kind", "domain", "court", "party"):
                field = "parties" if key == "party" else key
                query = tantivy.Query.term_query(self.schema, field, str(value))
            else:
                raise ValueError(f"unknown filter {key!r}")
            clauses.append(self._const(query))
        return clauses

    def _collect(
        self,
        searcher: tantivy.Searcher,
        lexical: tantivy.Query,
        filters: list[tantivy.Query],
        limit: int,
        excluded: set[str],
        addresses: dict[tuple[int, int], str] | None = None,
    ) -> dict[str, Features]:
        if filters:
            subqueries = [
                (tantivy.Occur.Must, lexical),
                *((tantivy.Occur.Must, f) for f in filters),
            ]
            query = tantivy.Query.boolean_query(subqueries)
        else:
            query = lexical
        result = searcher.search(query, limit, count=False)
        found: dict[str, Features] = {}
        for score, address in result.hits:
            doc = searcher.doc(address)
            doc_id = str(doc.get_first("id"))
            if doc_id in excluded:
                continue
            if addresses is not None:
                addresses[(address.segment_ord, address.doc)] = doc_id
            found[doc_id] = Features(
                id=doc_id,
                lexical=float(score),
                labels=tuple(doc.get_all("labels")),
                parties=tuple(doc.get_all("parties")),
                kind=doc.get_first("kind"),
                domain=doc.get_first("domain"),
                court=doc.get_first("court"),
                shared_terms=tuple((doc.get_first("keyterms") or b"").decode("utf-8").split()),
                elements=CriminalElements.from_string(
                    (doc.get_first("elements") or b"").decode("utf-8")
                ),
            )
        return found

    def _add_findings_scores(
        self,
        searcher: tantivy.Searcher,
        terms: Mapping[str, tuple[float, float]],
        found: dict[str, Features],
        addresses: dict[tuple[int, int], str],
    ) -> None:
        """BM25 of the same query over the findings field, for the first-stage hits only."""
        if not found:
            return
        clauses = [
            (
                tantivy.Occur.Should,
                tantivy.Query.boost_query(
                    tantivy.Query.term_query(self.schema, "findings", term, index_option="freq"),
                    weight,
                ),
            )
            for term, (weight, _) in terms.items()
        ]
        query = tantivy.Query.boolean_query(
            [
                (tantivy.Occur.Must, tantivy.Query.boolean_query(clauses)),
                (
                    tantivy.Occur.Must,
                    self._const(tantivy.Query.term_set_query(self.schema, "id", list(found))),
                ),
            ]
        )
        result = searcher.search(query, len(found), count=False)
        for score, address in result.hits:
            doc_id = addresses.get((address.segment_ord, address.doc))
            if doc_id is None:  # not seen in the first stage (cannot happen): ask the store
                doc_id = str(searcher.doc(address).get_first("id"))
            if doc_id in found:
                found[doc_id].lexical_findings = float(score)
