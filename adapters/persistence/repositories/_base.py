"""What every SQL repository shares: the session, paging and chunked IN lists."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Sequence
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Select, and_, exists, not_, select
from sqlalchemy.orm import Session

from adapters.persistence.tables import LinkRow
from application.ports import SortOrder, Unsynced
from domain.records import RecordKind

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


def in_order(statement: Select[tuple[T]], table: Any, sort: SortOrder) -> Select[tuple[T]]:
    """Order by the sort field (missing values last), then by id the same way, so pages never overlap."""
    column = getattr(table, sort.field)
    first = column.desc() if sort.descending else column.asc()
    by_id = table.id.desc() if sort.descending else table.id.asc()
    return statement.order_by(first.nulls_last(), by_id)


def metadata_matches(column: Any, pairs: Iterable[tuple[str, str]]) -> list[ColumnElement[bool]]:
    """One condition per metadata pair; a record without the key never matches."""
    return [column[key].as_string() == value for key, value in pairs]


def unsynced(
    company_id: ColumnElement[Any],
    local_id: ColumnElement[Any],
    version: ColumnElement[Any],
    kind: RecordKind,
    wanted: Unsynced,
) -> ColumnElement[bool]:
    """The records whose link is missing or behind their version, decided by the database on the
    links' (company, kind, local id, synced version) index rather than by loading every record."""
    links = LinkRow.__table__.c
    same = and_(links.company_id == company_id, links.kind == kind.value, links.local_id == local_id)
    if wanted is Unsynced.NEW_OR_CHANGED:
        return not_(exists(select(links.id).where(same, links.synced_version >= version)))
    return exists(select(links.id).where(same, links.synced_version < version))
