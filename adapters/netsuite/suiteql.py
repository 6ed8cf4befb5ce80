"""SuiteQL over REST: paged reads as generators, rows parsed strictly, literals quoted safely.

NetSuite returns every value as a string, lower-cases column names and leaves NULL columns out of
the row. A query may page through at most 100,000 rows with offsets, so big reads page by key
(`WHERE id > :last ORDER BY id`) and restart the offsets in a new window before hitting the cap.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

from adapters.netsuite.problems import excerpt
from adapters.netsuite.transport import NetSuiteTransport
from application.errors import NetSuiteBadResponse

SUITEQL_PATH = "/services/rest/query/v1/suiteql"
# Oracle allows 1000 expressions in one IN list; names are sent 500 at a time to keep queries short.
MAX_IN_LIST = 1000
DATE_FORMAT = "YYYY-MM-DD"
DATETIME_FORMAT = "YYYY-MM-DD HH24:MI:SS"

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class SuiteQLPaging:
    """`page_size` rows per request (NetSuite's maximum is 1000) and at most `rows_per_window` rows
    read by offset before keyset paging starts a new window (NetSuite's cap is 100,000)."""

    page_size: int = 1000
    rows_per_window: int = 100_000

    def __post_init__(self) -> None:
        if not 1 <= self.page_size <= 1000:
            raise ValueError("A SuiteQL page holds 1 to 1000 rows.")
        if self.rows_per_window < self.page_size or self.rows_per_window > 100_000:
            raise ValueError("A SuiteQL window holds one page at least and 100,000 rows at most.")


# Columns our queries select that hold internal ids, which NetSuite always sends as digits.
INTERNAL_ID_COLUMNS = frozenset({"id", "entity", "transaction", "item", "nextdoc", "previousdoc"})
# NetSuite's currency fields hold at most 15 digits before the point.
MAX_AMOUNT_DIGITS = 15
OffsetSource = Callable[[], dt.timedelta]


class Row:
    """One SuiteQL result row; getters parse NetSuite's strings and name the column when one is wrong.

    `suiteql_offset` tells how far SuiteQL's clock (the integration user's time zone) is ahead of
    UTC, so times read with TO_CHAR become UTC instants; without it they are taken as UTC."""

    __slots__ = ("_query_name", "_suiteql_offset", "_values")

    def __init__(
        self, values: Mapping[str, Any], query_name: str, suiteql_offset: OffsetSource | None = None
    ) -> None:
        self._values = {key.lower(): value for key, value in values.items() if key != "links"}
        self._query_name = query_name
        self._suiteql_offset = suiteql_offset

    def __repr__(self) -> str:
        return f"Row({self._values!r})"

    def as_dict(self) -> dict[str, Any]:
        return dict(self._values)

    def text(self, column: str) -> str | None:
        value = self._values.get(column)
        if value is None:
            return None
        if isinstance(value, bool):
            return "T" if value else "F"
        if isinstance(value, (dict, list)):  # SuiteQL columns are single values
            raise self._bad(column, f"is not a single value ({type(value).__name__})")
        text = value if isinstance(value, str) else str(value)
        if column in INTERNAL_ID_COLUMNS and text != "" and not text.isdigit():
            raise self._bad(column, f"is not a NetSuite internal id ({text[:40]!r})")
        return text if text != "" else None

    def required(self, column: str) -> str:
        value = self.text(column)
        if value is None:
            raise self._bad(column, "is missing")
        return value

    def decimal(self, column: str) -> Decimal | None:
        value = self.text(column)
        if value is None:
            return None
        try:
            number = Decimal(value)
        except InvalidOperation:
            raise self._bad(column, f"is not a number ({value!r})") from None
        if not number.is_finite():
            raise self._bad(column, f"is not a finite number ({value!r})")
        if number and number.adjusted() >= MAX_AMOUNT_DIGITS:
            raise self._bad(column, f"is beyond any amount NetSuite holds ({value[:40]!r})")
        return number

    def required_decimal(self, column: str) -> Decimal:
        number = self.decimal(column)
        if number is None:
            raise self._bad(column, "is missing")
        return number

    def flag(self, column: str) -> bool:
        """NetSuite's 'T'/'F' booleans; a missing value is false."""
        value = self.text(column)
        if value is None:
            return False
        if value.upper() in ("T", "TRUE"):
            return True
        if value.upper() in ("F", "FALSE"):
            return False
        raise self._bad(column, f"is not T or F ({value!r})")

    def date(self, column: str) -> dt.date | None:
        """A column selected as TO_CHAR(col, 'YYYY-MM-DD')."""
        value = self.text(column)
        if value is None:
            return None
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            raise self._bad(column, f"is not a YYYY-MM-DD date ({value!r})") from None

    def required_date(self, column: str) -> dt.date:
        value = self.date(column)
        if value is None:
            raise self._bad(column, "is missing")
        return value

    def timestamp(self, column: str) -> dt.datetime | None:
        """A column selected as TO_CHAR(col, 'YYYY-MM-DD HH24:MI:SS'): SuiteQL's wall-clock time,
        turned into a UTC instant with the measured offset of SuiteQL's clock."""
        value = self.text(column)
        if value is None:
            return None
        try:
            moment = dt.datetime.fromisoformat(value)
        except ValueError:
            raise self._bad(column, f"is not a 'YYYY-MM-DD HH24:MI:SS' time ({value!r})") from None
        if moment.tzinfo is not None:
            return moment.astimezone(dt.UTC)
        offset = self._suiteql_offset() if self._suiteql_offset is not None else dt.timedelta(0)
        return (moment - offset).replace(tzinfo=dt.UTC)

    def _bad(self, column: str, problem: str) -> NetSuiteBadResponse:
        return NetSuiteBadResponse(
            f"NetSuite's answer to the {self._query_name} query has a row whose '{column}' {problem}: "
            f"{excerpt(repr(self._values))}."
        )


@dataclass(frozen=True, slots=True)
class Page:
    rows: list[Row]
    has_more: bool


class SuiteQL:
    """Runs SuiteQL queries for one account, page by page."""

    def __init__(
        self,
        transport: NetSuiteTransport,
        paging: SuiteQLPaging | None = None,
        suiteql_offset: OffsetSource | None = None,
    ) -> None:
        self._transport = transport
        self.paging = paging or SuiteQLPaging()
        self.suiteql_offset = suiteql_offset

    def page(self, query: str, *, offset: int = 0, name: str = "SuiteQL") -> Page:
        """One page of results (`limit` = page size, `offset` a multiple of it)."""
        answer = self._transport.send(
            "POST",
            SUITEQL_PATH,
            params={"limit": self.paging.page_size, "offset": offset},
            body={"q": query},
            headers={"Prefer": "transient"},
        )
        body = answer.json(f"the {name} query's result page")
        items = body.get("items") if isinstance(body, dict) else None
        has_more = body.get("hasMore") if isinstance(body, dict) else None
        if not isinstance(items, list) or not isinstance(has_more, bool):
            raise NetSuiteBadResponse(
                f"NetSuite's answer to the {name} query is not a SuiteQL result page (expected 'items' "
                f"and 'hasMore'): {excerpt(answer.text)}."
            )
        rows = []
        for item in items:
            if not isinstance(item, dict):
                raise NetSuiteBadResponse(
                    f"NetSuite's answer to the {name} query has a row that is not an object: "
                    f"{excerpt(repr(item))}."
                )
            rows.append(Row(item, name, self.suiteql_offset))
        return Page(rows, has_more)

    def pages(self, query: str, *, name: str = "SuiteQL") -> Iterator[list[Row]]:
        """Every page of a query by offset (for results well under the 100,000-row cap)."""
        offset = 0
        while True:
            page = self.page(query, offset=offset, name=name)
            if page.rows:
                yield page.rows
            if not page.has_more or not page.rows:
                return
            offset += self.paging.page_size
            if offset >= 100_000:
                raise NetSuiteBadResponse(
                    f"The {name} query has more than 100,000 rows; it must be read by key instead."
                )

    def rows(self, query: str, *, name: str = "SuiteQL") -> Iterator[Row]:
        for rows in self.pages(query, name=name):
            yield from rows

    def keyset_pages(self, query: KeysetQuery) -> Iterator[list[Row]]:
        """Every page of a query that may exceed 100,000 rows: offsets within a window of
        `rows_per_window` rows ordered by key, then a new window after the last key seen."""
        after = 0
        while True:
            text = query.text(after)
            offset = 0
            last_key: int | None = None
            while True:
                page = self.page(text, offset=offset, name=query.name)
                if page.rows:
                    last_key = _key_of(page.rows[-1], query)
                    yield page.rows
                if not page.has_more or not page.rows:
                    return
                offset += self.paging.page_size
                if offset >= self.paging.rows_per_window:
                    break
            if last_key is None or last_key <= after:
                raise NetSuiteBadResponse(
                    f"NetSuite's answer to the {query.name} query is not ordered by {query.key}."
                )
            after = last_key


@dataclass(frozen=True, slots=True)
class KeysetQuery:
    """`SELECT {select} FROM {source} WHERE {where} AND {key} > :after ORDER BY {key}`; `key` is an
    integer internal id column and `key_alias` its name in the row."""

    name: str
    select: str
    source: str
    key: str
    key_alias: str
    where: Sequence[str] = ()

    def text(self, after: int) -> str:
        conditions = [f"({condition})" for condition in self.where] + [f"{self.key} > {int(after)}"]
        return f"SELECT {self.select} FROM {self.source} WHERE {' AND '.join(conditions)} ORDER BY {self.key}"


def _key_of(row: Row, query: KeysetQuery) -> int:
    value = row.required(query.key_alias)
    try:
        return int(value)
    except ValueError:
        raise NetSuiteBadResponse(
            f"NetSuite's answer to the {query.name} query has a non-numeric {query.key_alias} {value!r}."
        ) from None


def sql_string(value: str) -> str:
    """A SuiteQL string literal: single quotes doubled, so a name like O'Brien cannot break out."""
    return "'" + value.replace("'", "''") + "'"


def not_starting_with(column: str, prefix: str) -> str:
    """A condition keeping rows whose `column` is empty or does not start with `prefix` (SUBSTR, not
    LIKE, so an underscore in the prefix is no wildcard)."""
    return f"({column} IS NULL OR SUBSTR({column}, 1, {len(prefix)}) <> {sql_string(prefix)})"


def sql_strings(values: Iterable[str]) -> str:
    return ", ".join(sql_string(value) for value in values)


def internal_ids(values: Iterable[str]) -> list[int]:
    """Internal ids as integers, duplicates and non-numeric values dropped (no record has those)."""
    seen: dict[int, None] = {}
    for value in values:
        text = str(value).strip()
        if text.isdigit():
            seen.setdefault(int(text), None)
    return list(seen)


def chunks(values: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def id_list(ids: Collection[int]) -> str:
    return ", ".join(str(int(value)) for value in ids)


def to_timestamp(moment: dt.datetime, suiteql_offset: dt.timedelta = dt.timedelta(0)) -> str:
    """An instant as a SuiteQL TO_TIMESTAMP literal on SuiteQL's wall clock, which runs
    `suiteql_offset` ahead of UTC (SuiteQL reads literals in the integration user's time zone)."""
    if moment.tzinfo is None:
        raise ValueError("SuiteQL times must be timezone-aware.")
    wall = moment.astimezone(dt.UTC) + suiteql_offset
    return f"TO_TIMESTAMP({sql_string(wall.strftime('%Y-%m-%d %H:%M:%S'))}, {sql_string(DATETIME_FORMAT)})"


def to_char_timestamp_expression(expression: str) -> str:
    return f"TO_CHAR({expression}, {sql_string(DATETIME_FORMAT)})"


def to_char_date(column: str) -> str:
    return f"TO_CHAR({column}, {sql_string(DATE_FORMAT)})"


def to_char_timestamp(column: str) -> str:
    return to_char_timestamp_expression(column)


# SuiteQL's own clock, read in the session's (the integration user's) time zone.
SUITEQL_NOW = f"SELECT {to_char_timestamp_expression('CURRENT_TIMESTAMP')} AS now FROM DUAL"
