"""SuiteQL over the sandbox tables: rewrite, run on SQLite, shape rows like NetSuite."""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from netsuite_sandbox.errors import NetSuiteError, invalid_parameter
from netsuite_sandbox.statuses import status_code, status_display, transaction_display, type_display
from netsuite_sandbox.store import SqlDate, SqlDateTime, Store
from netsuite_sandbox.suiteql_rewrite import UnsupportedQuery, rewrite, table_aliases
from netsuite_sandbox.values import db_datetime, plain_number, user_date, utc_now

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
    """Run one SuiteQL SELECT and return the requested page of NetSuite-shaped rows."""
    try:
        sql = rewrite(query)
    except UnsupportedQuery:
        raise _search_error("Search error occurred: Invalid or unsupported search.") from None
    with store.read() as connection:
        register_functions(connection)
        connection.set_authorizer(_read_only)
        try:
            cursor = connection.execute(sql, [_bindable(value) for value in params])
            names = _column_names(cursor.description or ())
            rows = cursor.fetchmany(MAX_TOTAL_ROWS + 1)
        except sqlite3.Error as error:
            raise _translate(error, query) from None
        finally:
            connection.set_authorizer(None)
    rows = rows[:MAX_TOTAL_ROWS]
    page = rows[offset : offset + limit]
    return QueryPage(
        items=[_row(names, row) for row in page],
        total_results=len(rows),
        offset=offset,
        has_more=offset + len(page) < len(rows),
    )


_PLAIN_NAME = re.compile(r"[a-z_][a-z0-9_$#]*")


def _column_names(description: Any) -> list[str]:
    """Lower-case column names; an expression without an alias is named expr1, expr2, … as
    SuiteQL names them."""
    names = []
    expressions = 0
    for column in description:
        name = str(column[0]).lower()
        if not _PLAIN_NAME.fullmatch(name):
            expressions += 1
            name = f"expr{expressions}"
        names.append(name)
    return names


def _row(names: list[str], row: sqlite3.Row) -> dict[str, Any]:
    # NetSuite: "links": [] first, lower-case keys, every value a string, NULL columns left out.
    item: dict[str, Any] = {"links": []}
    for name, value in zip(names, row, strict=True):
        if value is None:
            continue
        item[name] = _as_text(value)
    return item


def _as_text(value: object) -> str:
    if isinstance(value, (SqlDate, SqlDateTime)):
        # Open question 7: recorded answers show datetime columns (lastmodifieddate) as the date
        # alone in the user format, so both kinds read "5/27/2025"; TO_CHAR gives the time.
        return user_date(value)
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


def ns_to_datetime(value: object, oracle_format: str | None = None) -> str | None:
    """TO_DATE / TO_TIMESTAMP -> the stored form 'YYYY-MM-DD HH:MM:SS'.

    Open question 7: literals are read as UTC (NetSuite may use the user's time zone).
    """
    if value is None:
        return None
    text = str(value)
    if oracle_format:
        try:
            moment = datetime.strptime(text.strip(), _strftime_pattern(oracle_format))
        except ValueError:
            raise sqlite3.DataError(f"date {text!r} does not match {oracle_format!r}") from None
    else:
        moment = _parse_moment(text)
    return moment.strftime("%Y-%m-%d %H:%M:%S")


def ns_to_char(value: object, oracle_format: str | None = None) -> str | None:
    if value is None:
        return None
    if oracle_format is None or isinstance(value, (int, float)):
        return _as_text(value)
    try:
        moment = _parse_moment(str(value))
    except ValueError:
        return str(value)
    return moment.strftime(_strftime_pattern(oracle_format))


def ns_trunc(value: object, *_: object) -> Any:
    if isinstance(value, str):
        try:
            return _parse_moment(value).strftime("%Y-%m-%d 00:00:00")
        except ValueError:
            return value
    if isinstance(value, float):
        return int(value)
    return value


def ns_nvl2(value: object, if_not_null: object, if_null: object) -> Any:
    return if_not_null if value is not None else if_null


def register_functions(connection: sqlite3.Connection) -> None:
    connection.create_function("ns_to_datetime", -1, ns_to_datetime, deterministic=True)
    connection.create_function("ns_to_char", -1, ns_to_char, deterministic=True)
    connection.create_function("ns_trunc", -1, ns_trunc, deterministic=True)
    connection.create_function("ns_nvl2", 3, ns_nvl2, deterministic=True)
    connection.create_function("ns_sysdate", 0, lambda: db_datetime(utc_now()))
    connection.create_function("ns_today", 0, lambda: utc_now().strftime("%Y-%m-%d 00:00:00"))
    connection.create_function("ns_status_display", 2, status_display, deterministic=True)
    connection.create_function("ns_status_code", 2, status_code, deterministic=True)
    connection.create_function("ns_type_display", 1, type_display, deterministic=True)
    connection.create_function("ns_transaction_display", 2, transaction_display, deterministic=True)
