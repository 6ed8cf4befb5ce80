"""SuiteQL over the sandbox tables: rewrite, run on SQLite, shape rows like NetSuite."""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from netsuite_sandbox.errors import NetSuiteError, invalid_parameter
from netsuite_sandbox.preferences import WALL_CLOCK, UserPreferences
from netsuite_sandbox.statuses import status_code, status_display, transaction_display, type_display
from netsuite_sandbox.store import SqlDate, SqlDateTime, Store
from netsuite_sandbox.suiteql_results import ResultSet
from netsuite_sandbox.suiteql_rewrite import UnsupportedQuery, rewrite, table_aliases
from netsuite_sandbox.values import plain_number

MAX_PAGE_SIZE = 1000
MAX_TOTAL_ROWS = 100_000
_PREFIX = "Invalid search query. Detailed unprocessed description follows. "


@dataclass(frozen=True)
class QueryPage:
    items: list[dict[str, Any]]
    total_results: int
    offset: int
    has_more: bool


def run_query(store: Store, query: str, params: list[Any], limit: int, offset: int) -> QueryPage:
    """Run one SuiteQL SELECT and return the requested page of NetSuite-shaped rows.

    The query runs once for all its pages while the database is unchanged (see suiteql_results)."""
    try:
        sql = rewrite(query)
    except UnsupportedQuery:
        raise _search_error("Search error occurred: Invalid or unsupported search.") from None
    preferences = store.preferences
    bound = [_bindable(value) for value in params]
    now = store.clock.now()
    # A query reading the account's clock is the same query only within the same second.
    clock_key = now.replace(microsecond=0).isoformat() if _READS_CLOCK.search(sql) else None
    with store.read() as connection:

        def run() -> ResultSet:
            register_functions(connection, preferences, now)
            connection.set_authorizer(_read_only)
            try:
                cursor = connection.execute(sql, bound)
                names = _column_names(cursor.description or ())
                rows = cursor.fetchmany(MAX_TOTAL_ROWS + 1)
            except sqlite3.Error as error:
                raise _translate(error, query) from None
            finally:
                connection.set_authorizer(None)
            return ResultSet(names, rows[:MAX_TOTAL_ROWS])

        key = (sql, tuple(map(_hashable, bound)), preferences, clock_key)
        result = store.result_sets.get_or_run(key, connection.total_changes, run)
    rows = result.rows
    page = rows[offset : offset + limit]
    return QueryPage(
        items=[_row(result.names, row, preferences) for row in page],
        total_results=len(rows),
        offset=offset,
        has_more=offset + len(page) < len(rows),
    )


_READS_CLOCK = re.compile(r"\bns_(?:sysdate|today)\(")


def _hashable(value: object) -> object:
    # Bind parameters arrive as JSON: lists or objects are refused by SQLite, but must not break the key.
    return value if isinstance(value, (str, int, float, type(None))) else repr(value)


_PLAIN_NAME = re.compile(r"[a-z_][a-z0-9_$#]*")
_TIME_COLUMN = re.compile(r"ns_(?:wall_clock|calendar_day)\((?:[^.()]+\.)?([a-z_][a-z0-9_$#]*)\)")
# Inside a query, times are on the user's wall clock in this form ('T' keeps them apart from the
# text TO_CHAR makes); stored values use a space.
IN_QUERY = "%Y-%m-%dT%H:%M:%S"
_IN_QUERY_TEXT = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d")


def _column_names(description: Any) -> list[str]:
    """Lower-case column names; an expression without an alias is named expr1, expr2, … as
    SuiteQL names them."""
    names = []
    expressions = 0
    for column in description:
        name = str(column[0]).lower()
        time_column = _TIME_COLUMN.fullmatch(name)
        if time_column:  # a time column read on the user's clock keeps the column's name
            name = time_column.group(1)
        if not _PLAIN_NAME.fullmatch(name):
            expressions += 1
            name = f"expr{expressions}"
        names.append(name)
    return names


def _row(names: list[str], row: sqlite3.Row, preferences: UserPreferences) -> dict[str, Any]:
    # NetSuite: "links": [] first, lower-case keys, every value a string, NULL columns left out.
    item: dict[str, Any] = {"links": []}
    for name, value in zip(names, row, strict=True):
        if value is None:
            continue
        item[name] = _as_text(value, preferences)
    return item


def _as_text(value: object, preferences: UserPreferences) -> str:
    # Open question 7: recorded answers show datetime columns (lastmodifieddate) as the date alone
    # in the user's Date Format, so both kinds read "5/27/2025"; TO_CHAR gives the time.
    if isinstance(value, SqlDateTime):  # stored UTC: the date is the user's, in their zone
        return preferences.show_date(datetime.strptime(preferences.wall_clock(value), WALL_CLOCK).date())
    if isinstance(value, SqlDate) or (isinstance(value, str) and _IN_QUERY_TEXT.fullmatch(value)):
        # a date column, or a time already on the user's clock (a column read in the query,
        # CURRENT_TIMESTAMP, TO_DATE, MAX(...))
        return preferences.show_date(date.fromisoformat(value[:10]))
    if isinstance(value, Decimal):
        return plain_number(value)
    if isinstance(value, float):
        return plain_number(Decimal(repr(value)))
    return str(value)


def _bindable(value: object) -> object:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bool):
        return "T" if value else "F"
    return value


_ALLOWED_ACTIONS = {
    sqlite3.SQLITE_SELECT,
    sqlite3.SQLITE_READ,
    sqlite3.SQLITE_FUNCTION,
    sqlite3.SQLITE_RECURSIVE,
}
_HIDDEN_TABLES = {"sqlite_master", "sqlite_schema", "sqlite_sequence", "sqlite_temp_master"}


def _read_only(action: int, table: str | None, *_: object) -> int:
    if action not in _ALLOWED_ACTIONS:
        return sqlite3.SQLITE_DENY
    if action == sqlite3.SQLITE_READ and table and table.lower() in _HIDDEN_TABLES:
        return sqlite3.SQLITE_DENY
    return sqlite3.SQLITE_OK


def _translate(error: sqlite3.Error, query: str) -> NetSuiteError:
    message = str(error)
    missing_table = re.match(r"no such table: (?:\w+\.)?(\S+)", message)
    if missing_table:
        return _search_error(f"Invalid search type: {missing_table.group(1)}.")
    missing_column = re.match(r"no such column: (\S+)", message)
    if missing_column:
        identifier = missing_column.group(1).split(".")[-1]
        try:
            aliases = table_aliases(query)
        except UnsupportedQuery:
            aliases = {}
        available = ", ".join(f"{alias}={table}" for alias, table in aliases.items())
        return _search_error(
            f"Search error occurred: Unknown identifier '{identifier}'. "
            f"Available identifiers are: {{{available}}}."
        )
    return _search_error("Search error occurred: Invalid or unsupported search.")


def _search_error(detail: str) -> NetSuiteError:
    return invalid_parameter(_PREFIX + detail, query_param="q")


# ---- SQL functions standing in for Oracle's --------------------------------------------------

_FORMAT_ELEMENTS = re.compile(
    r'"[^"]*"|YYYY|YY|MONTH|MON|MM|DDD|DD|DY|DAY|HH24|HH12|HH|MI|SS|FF\d?|AM|PM|.',
    re.IGNORECASE | re.DOTALL,
)


def _strftime_pattern(oracle_format: str) -> str:
    mapping = {
        "YYYY": "%Y",
        "YY": "%y",
        "MONTH": "%B",
        "MON": "%b",
        "MM": "%m",
        "DDD": "%j",
        "DD": "%d",
        "DY": "%a",
        "DAY": "%A",
        "HH24": "%H",
        "HH12": "%I",
        "HH": "%I",
        "MI": "%M",
        "SS": "%S",
        "AM": "%p",
        "PM": "%p",
    }
    parts = []
    for element in _FORMAT_ELEMENTS.findall(oracle_format):
        upper = element.upper()
        if element.startswith('"'):
            parts.append(element[1:-1].replace("%", "%%"))
        elif upper in mapping:
            parts.append(mapping[upper])
        elif upper.startswith("FF"):
            parts.append("%f")
        else:
            parts.append(element.replace("%", "%%"))
    return "".join(parts)


def _parse_moment(text: str) -> datetime:
    return datetime.fromisoformat(text.strip().replace("T", " ").removesuffix("Z"))


def ns_to_datetime(
    value: object, oracle_format: str | None = None, *, preferences: UserPreferences | None = None
) -> str | None:
    """TO_DATE / TO_TIMESTAMP: a wall-clock time in the user's zone, as 'YYYY-MM-DD HH:MM:SS'.

    Without a format the literal is read in the user's Date Format (an optional ' HH:MM:SS'
    after it), then as ISO 8601.
    """
    if value is None:
        return None
    text = str(value).strip()
    if oracle_format:
        try:
            moment = datetime.strptime(text, _strftime_pattern(oracle_format))
        except ValueError:
            raise sqlite3.DataError(f"date {text!r} does not match {oracle_format!r}") from None
        return moment.strftime(IN_QUERY)
    if preferences is not None:
        day_text, _, time_text = text.partition(" ")
        try:
            day = preferences.read_date(day_text)
            clock = datetime.strptime(time_text or "00:00:00", "%H:%M:%S").time()
            return datetime.combine(day, clock).strftime(IN_QUERY)
        except ValueError:
            pass
    try:
        return _parse_moment(text).strftime(IN_QUERY)
    except ValueError:
        raise sqlite3.DataError(f"date {text!r} is not in the user's date format") from None


def ns_to_char(
    value: object, oracle_format: str | None = None, *, preferences: UserPreferences | None = None
) -> str | None:
    """TO_CHAR: datetimes arrive on the user's wall clock already, dates at their midnight."""
    if value is None:
        return None
    if oracle_format is None or isinstance(value, (int, float)):
        return _as_text(value, preferences or UserPreferences())
    try:
        moment = _parse_moment(str(value))
    except ValueError:
        return str(value)
    return moment.strftime(_strftime_pattern(oracle_format))


# No time zone is further ahead of UTC than this (Kiribati, UTC+14), with an hour to spare.
_FURTHEST_AHEAD = timedelta(hours=15)


def ns_utc_earliest(wall_clock: object) -> str | None:
    """The earliest stored (UTC) time whose wall-clock reading can be `wall_clock` in any zone."""
    if not isinstance(wall_clock, str):
        return None
    try:
        moment = _parse_moment(wall_clock)
    except ValueError:
        return None
    return (moment - _FURTHEST_AHEAD).strftime("%Y-%m-%d %H:%M:%S")


def ns_trunc(value: object, *_: object) -> Any:
    if isinstance(value, str):
        try:
            return _parse_moment(value).strftime("%Y-%m-%dT00:00:00")
        except ValueError:
            return value
    if isinstance(value, float):
        return int(value)
    return value


def ns_nvl2(value: object, if_not_null: object, if_null: object) -> Any:
    return if_not_null if value is not None else if_null


def register_functions(
    connection: sqlite3.Connection,
    preferences: UserPreferences | None = None,
    now: datetime | None = None,
) -> None:
    """Oracle's functions for one query, on the user's clock: `now` is the account's current time
    (CURRENT_TIMESTAMP and SYSDATE show it in the user's zone; CURRENT_DATE is that day)."""
    chosen = preferences or UserPreferences()
    wall_now = chosen.now_on_wall_clock(now or datetime.now(UTC).replace(microsecond=0)).replace(" ", "T")

    def to_datetime(value: object, oracle_format: str | None = None) -> str | None:
        return ns_to_datetime(value, oracle_format, preferences=chosen)

    def to_char(value: object, oracle_format: str | None = None) -> str | None:
        return ns_to_char(value, oracle_format, preferences=chosen)

    def wall_clock(stored: object) -> object:
        if not isinstance(stored, str) or not stored:
            return stored
        return chosen.wall_clock(stored).replace(" ", "T")

    def calendar_day(stored: object) -> object:
        return stored.replace(" ", "T") if isinstance(stored, str) else stored

    connection.create_function("ns_to_datetime", -1, to_datetime, deterministic=True)
    connection.create_function("ns_to_char", -1, to_char, deterministic=True)
    connection.create_function("ns_wall_clock", 1, wall_clock, deterministic=True)
    connection.create_function("ns_calendar_day", 1, calendar_day, deterministic=True)
    connection.create_function("ns_utc_earliest", 1, ns_utc_earliest, deterministic=True)
    connection.create_function("ns_trunc", -1, ns_trunc, deterministic=True)
    connection.create_function("ns_nvl2", 3, ns_nvl2, deterministic=True)
    connection.create_function("ns_sysdate", 0, lambda: wall_now)
    connection.create_function("ns_today", 0, lambda: wall_now[:10] + "T00:00:00")
    connection.create_function("ns_status_display", 2, status_display, deterministic=True)
    connection.create_function("ns_status_code", 2, status_code, deterministic=True)
    connection.create_function("ns_type_display", 1, type_display, deterministic=True)
    connection.create_function("ns_transaction_display", 2, transaction_display, deterministic=True)
