"""The library's full-text index: tantivy on disk over rjieba tokens (as the case index).

Only released entries are indexed. Searchable text: title, problems, suggestions and reply
(the shared, anonymised version). Facets are raw fast fields counted with tantivy's terms
aggregation, so a search and its facet counts are one pass over the index, whatever its size.
The database stays the source of truth: pages load the entries by id and keep only released
ones, and ``fengqiao library reindex`` rebuilds the index from it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import tantivy

from fengqiao.search.cases_index import tokens_for
from fengqiao.search.store import LockedIndex
from fengqiao.textlaw.segment import tokenize_for_search

WRITER_HEAP = 64_000_000
FACETS = (
    "domain",
    "category",
    "recipient_kind",
    "year",
    "court",
    "province",
    "outcome",
    "excellent",
)
TEXT_FACETS = ("domain", "category", "recipient_kind", "province", "outcome", "excellent")
NUMBER_FACETS = ("year", "court")
SIMILAR_TERMS = 24


@dataclass(frozen=True)
class IndexedEntry:
    id: int
    text: str  # title + problems + suggestions + reply (shared version)
    problems: str
    domain: str = ""
    category: str = ""
    recipient_kind: str = ""
    year: int | None = None
    court: int = 0
    province: str = ""
    outcome: str = ""
    excellent: bool = False
    date: int = 0  # yyyymmdd of delivery, for sorting


@dataclass
class SearchResult:
    ids: list[int]
    total: int
    facets: dict[str, dict[str, int]] = field(default_factory=dict)


def terms_of(text: str) -> list[str]:
    """The distinct search tokens of ``text`` worth matching on (no punctuation, no digits)."""
    return [
        t
        for t in dict.fromkeys(tokenize_for_search(text))
        if t.strip() and any("\u4e00" <= ch <= "\u9fff" or ch.isalpha() for ch in t)
    ]


def _schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("key", stored=False, tokenizer_name="raw")
    builder.add_unsigned_field("id", stored=True, indexed=False, fast=True)
    builder.add_text_field("text", stored=False, tokenizer_name="whitespace", index_option="freq")
    builder.add_text_field(
        "problems", stored=False, tokenizer_name="whitespace", index_option="freq"
    )
    for name in TEXT_FACETS:
        builder.add_text_field(name, stored=False, tokenizer_name="raw", fast=True)
    for name in NUMBER_FACETS:
        builder.add_unsigned_field(name, stored=False, indexed=True, fast=True)
    builder.add_unsigned_field("date", stored=False, indexed=True, fast=True)
    return builder.build()


class LibraryIndex(LockedIndex):
    writer_heap = WRITER_HEAP

    def __init__(self, path: Path) -> None:
        super().__init__(path, _schema())

    def _document(self, entry: IndexedEntry) -> tantivy.Document:
        doc = tantivy.Document()
        doc.add_text("key", str(entry.id))
        doc.add_unsigned("id", entry.id)
        doc.add_text("text", tokens_for(entry.text))
        doc.add_text("problems", tokens_for(entry.problems))
        doc.add_text("domain", entry.domain or "其他")
        doc.add_text("category", entry.category)
        doc.add_text("recipient_kind", entry.recipient_kind)
        doc.add_text("province", entry.province)
        doc.add_text("outcome", entry.outcome)
        doc.add_text("excellent", "1" if entry.excellent else "0")
        doc.add_unsigned("year", entry.year or 0)
        doc.add_unsigned("court", entry.court)
        doc.add_unsigned("date", entry.date)
        return doc

    def upsert(self, entries: Iterable[IndexedEntry]) -> int:
        count = 0
        with self._writer() as writer:
            for entry in entries:
                writer.delete_documents_by_term("key", str(entry.id))
                writer.add_document(self._document(entry))
                count += 1
        return count

    def delete(self, ids: Iterable[int]) -> None:
        with self._writer() as writer:
            for entry_id in ids:
                writer.delete_documents_by_term("key", str(entry_id))

    def clear(self) -> None:
        with self._writer() as writer:
            writer.delete_all_documents()

    def count(self) -> int:
        return self.index.searcher().num_docs

    # ---- queries ----------------------------------------------------------------------------

    def _filter_query(self, name: str, values: list) -> tantivy.Query:
        if name in NUMBER_FACETS:
            return tantivy.Query.term_set_query(self.schema, name, [int(v) for v in values])
        return tantivy.Query.term_set_query(self.schema, name, [str(v) for v in values])

    def _query(self, q: str, filters: dict[str, list]) -> tantivy.Query:
        clauses: list[tuple[tantivy.Occur, tantivy.Query]] = []
        for term in terms_of(q) or [t for t in tokenize_for_search(q) if t.strip()]:
            clauses.append(
                (tantivy.Occur.Must, tantivy.Query.term_query(self.schema, "text", term))
            )
        for name, values in filters.items():
            if values:
                clauses.append((tantivy.Occur.Must, self._filter_query(name, values)))
        if not clauses:
            return tantivy.Query.all_query()
        return tantivy.Query.boolean_query(clauses)

    def search(
        self,
        q: str = "",
        *,
        filters: dict[str, list] | None = None,
        sort: str = "relevance",
        offset: int = 0,
        limit: int = 20,
        facets: bool = True,
    ) -> SearchResult:
        """Entry ids of one page (best first, or newest first), the total and facet counts."""
        filters = {k: v for k, v in (filters or {}).items() if k in FACETS and v}
        query = self._query(q, filters)
        searcher = self.index.searcher()
        by_date = sort == "date" or not q.strip()
        if by_date:
            result = searcher.search(query, limit, count=True, order_by_field="date", offset=offset)
        else:
            result = searcher.search(query, limit, count=True, offset=offset)
        ids = [searcher.doc(address)["id"][0] for _key, address in result.hits]
        counts: dict[str, dict[str, int]] = {}
        if facets:
            spec = {name: {"terms": {"field": name, "size": 100}} for name in FACETS}
            raw = searcher.aggregate(query, spec)
            for name in FACETS:
                buckets = (raw.get(name) or {}).get("buckets", [])
                counts[name] = {
                    str(int(b["key"]) if name in NUMBER_FACETS else b["key"]): int(b["doc_count"])
                    for b in buckets
                }
        return SearchResult(ids=ids, total=int(result.count or 0), facets=counts)

    def similar(self, *, entry_id: int, domain: str, problems: str, limit: int = 5) -> list[int]:
        """ "类似建议": same domain, sharing terms of the problem text; best first."""
        terms = terms_of(problems)
        terms = [t for t in terms if len(t) >= 2][:SIMILAR_TERMS]
        if not terms:
            return []
        shared = tantivy.Query.boolean_query(
            [
                (tantivy.Occur.Should, tantivy.Query.term_query(self.schema, "problems", t))
                for t in terms
            ]
        )
        query = tantivy.Query.boolean_query(
            [
                (tantivy.Occur.Must, shared),
                (
                    tantivy.Occur.Must,
                    tantivy.Query.term_query(self.schema, "domain", domain or "其他"),
                ),
                (
                    tantivy.Occur.MustNot,
                    tantivy.Query.term_query(self.schema, "key", str(entry_id)),
                ),
            ]
        )
        searcher = self.index.searcher()
        result = searcher.search(query, limit, count=False)
        return [searcher.doc(address)["id"][0] for _score, address in result.hits]


def library_index() -> LibraryIndex:
    from django.conf import settings

    return LibraryIndex(Path(settings.DATA_DIR) / "index" / "library")
