"""Batching for set-based SQL: the one place that cuts id lists and row streams into statement-sized pieces,
and that knows how the driver marks a parameter in hand-written SQL."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TypeVar

from sqlalchemy import Connection

T = TypeVar("T")

BATCH = 2000
"""Ids in one ``IN (...)`` list, and rows in one bulk statement: well below SQLite's 32,766 bound parameters."""


def batched(items: Iterable[T], size: int = BATCH) -> Iterator[list[T]]:
    """Yield ``items`` in lists of at most ``size``, in order (a stream is read lazily)."""
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def id_batches(ids: Iterable[int], size: int = BATCH) -> Iterator[list[int]]:
    """Yield the distinct ``ids`` sorted, in lists of at most ``size`` (the order keeps output deterministic)."""
    return batched(sorted(set(ids)), size)


def placeholder(connection: Connection) -> str:
    """Return the driver's parameter mark for hand-written SQL: ``?`` for sqlite3, ``%s`` for psycopg."""
    return "?" if connection.dialect.paramstyle == "qmark" else "%s"
