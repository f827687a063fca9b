"""A tantivy index in a folder, written by one writer at a time across processes (a file lock),
read by anyone: the base of the case index and the library index."""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import tantivy


class LockedIndex:
    writer_heap = 64_000_000

    def __init__(self, path: Path, schema: tantivy.Schema) -> None:
        self.path = Path(path)
        self.path.mkdir(parents=True, exist_ok=True)
        self.schema = schema
        self.index = tantivy.Index(self.schema, path=str(self.path))

    @contextmanager
    def _writer(self) -> Iterator[tantivy.IndexWriter]:
        """One writer at a time; committed when the block ends, rolled back if it raises."""
        with open(self.path / ".fengqiao-writer.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            writer = self.index.writer(heap_size=self.writer_heap, num_threads=1)
            try:
                yield writer
                writer.commit()
                writer.wait_merging_threads()
            except BaseException:
                writer.rollback()
                raise
        self.index.reload()
