"""What every SQL repository shares: the session, paging and chunked IN lists."""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from typing import TypeVar

from sqlalchemy import Select
from sqlalchemy.orm import Session

T = TypeVar("T")

# Well under SQLite's and PostgreSQL's bind-parameter limits, so a sync over many records stays legal.
IN_CHUNK = 500


class SqlRepository:
    def __init__(self, session: Session) -> None:
        self._session = session


def chunks(values: Collection[T], size: int = IN_CHUNK) -> Iterator[list[T]]:
    """The distinct values in lists of at most `size`, for IN (...) queries."""
    distinct = list(dict.fromkeys(values))
    for start in range(0, len(distinct), size):
        yield distinct[start : start + size]


def paged(statement: Select[tuple[T]], offset: int, limit: int | None) -> Select[tuple[T]]:
    if offset:
        statement = statement.offset(offset)
    if limit is not None:
        statement = statement.limit(limit)
    return statement


def sorted_by_id(rows: Sequence[T]) -> list[T]:
    return sorted(rows, key=lambda row: getattr(row, "id", 0) or 0)
