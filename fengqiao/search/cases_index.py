"""The embedded full-text index of cases: tantivy on disk, over rjieba tokens.

One writer at a time (a file lock guards it across processes); readers are lock-free.
The database is the source of truth: cases flagged ``needs_index`` are (re)indexed after
each committed import batch, so a crash between the two is caught up on the next run.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import tantivy

from fengqiao.search.store import LockedIndex
from fengqiao.textlaw.segment import tokenize_for_search

WRITER_HEAP = 128_000_000


@dataclass(frozen=True)
class IndexedCase:
    id: int
    owner_id: int
    text: str
    cause: str = ""
    domain: str = ""
    year: int | None = None


def _schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("key", stored=False, tokenizer_name="raw")
    builder.add_unsigned_field("id", stored=True, indexed=False, fast=True)
    builder.add_unsigned_field("owner", stored=False, indexed=True, fast=True)
    builder.add_text_field("text", stored=False, tokenizer_name="whitespace", index_option="freq")
    builder.add_text_field("cause", stored=False, tokenizer_name="raw")
    builder.add_text_field("domain", stored=False, tokenizer_name="raw")
    builder.add_unsigned_field("year", stored=False, indexed=True, fast=True)
    return builder.build()


def tokens_for(text: str) -> str:
    return " ".join(t for t in tokenize_for_search(text) if t.strip())


class CaseIndex(LockedIndex):
    writer_heap = WRITER_HEAP

    def __init__(self, path: Path) -> None:
        super().__init__(path, _schema())

    def upsert(self, cases: Iterable[IndexedCase]) -> int:
        count = 0
        with self._writer() as writer:
            for case in cases:
                writer.delete_documents_by_term("key", str(case.id))
                doc = tantivy.Document()
                doc.add_text("key", str(case.id))
                doc.add_unsigned("id", case.id)
                doc.add_unsigned("owner", case.owner_id)
                doc.add_text("text", tokens_for(case.text))
                doc.add_text("cause", case.cause)
                doc.add_text("domain", case.domain)
                if case.year:
                    doc.add_unsigned("year", case.year)
                writer.add_document(doc)
                count += 1
        return count

    def delete(self, ids: Iterable[int]) -> None:
        with self._writer() as writer:
            for case_id in ids:
                writer.delete_documents_by_term("key", str(case_id))

    def clear(self) -> None:
        with self._writer() as writer:
            writer.delete_all_documents()

    def count(self) -> int:
        return self.index.searcher().num_docs

    def search(
        self, query: str, *, owner_ids: list[int], limit: int = 200
    ) -> list[tuple[int, float]]:
        """Case ids matching the words of ``query``, best first, within the owners given."""
        terms = [t for t in dict.fromkeys(tokenize_for_search(query)) if t.strip()]
        if not terms or not owner_ids:
            return []
        words = tantivy.Query.boolean_query(
            [
                (tantivy.Occur.Must, tantivy.Query.term_query(self.schema, "text", term))
                for term in terms
            ]
        )
        owners = tantivy.Query.term_set_query(self.schema, "owner", list(owner_ids))
        combined = tantivy.Query.boolean_query(
            [(tantivy.Occur.Must, words), (tantivy.Occur.Must, owners)]
        )
        searcher = self.index.searcher()
        result = searcher.search(combined, limit)
        return [(searcher.doc(address)["id"][0], score) for score, address in result.hits]


def case_index() -> CaseIndex:
    from django.conf import settings

    return CaseIndex(Path(settings.DATA_DIR) / "index" / "cases")
