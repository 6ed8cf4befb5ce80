"""Value conversions at the sandbox's edges: money, dates, references, JSON output."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from netsuite_sandbox.errors import invalid_content

CENT = Decimal("0.01")


def money(value: Decimal) -> Decimal:
    """Round to cents the way NetSuite rounds currency amounts (half up)."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def parse_decimal(value: object, field_path: str) -> Decimal:
    """A JSON number (parsed as Decimal) or numeric string; never goes through float."""
    if isinstance(value, bool) or value is None:
        raise invalid_content(f"Invalid value for field {field_path}: {value!r}.", field_path)
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):  # only reachable from Python callers; JSON is parsed to Decimal
        return Decimal(repr(value))
    try:
        return Decimal(str(value).strip())
    except InvalidOperation:
        raise invalid_content(f"Invalid value for field {field_path}: {value!r}.", field_path) from None


def plain_number(value: Decimal) -> str:
    """'100', '4.5', '-100' — NetSuite's way of printing numbers (no exponent, no trailing zeros)."""
    if value == value.to_integral_value():
        return str(int(value))
    text = format(value.normalize(), "f")
    return text


def parse_date(value: object, field_path: str) -> str:
    """Accept YYYY-MM-DD or an ISO datetime (recorded clients send '2025-03-04T00:00:00+00:00').

    Date fields take no time-zone conversion in NetSuite, so the calendar date part is kept.
    """
    if isinstance(value, str) and len(value) >= 10:
        try:
            return date.fromisoformat(value[:10]).isoformat()
        except ValueError:
            pass
    raise invalid_content(
        f"Invalid value for field {field_path}: {value!r}. Use the YYYY-MM-DD format.", field_path
    )


def utc_now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def db_datetime(moment: datetime) -> str:
    """Datetimes are stored as UTC 'YYYY-MM-DD HH:MM:SS' so SQL comparisons sort correctly."""
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")


def iso_utc(stored: str | None) -> str | None:
    """Stored UTC datetime -> REST's ISO 8601 form ('2017-07-21T17:32:28Z')."""
    if not stored:
        return None
    return stored.replace(" ", "T") + "Z"


def user_date(stored: str) -> str:
    """Stored date or datetime -> the NetSuite user display format M/D/YYYY (as recorded)."""
    day = date.fromisoformat(stored[:10])
    return f"{day.month}/{day.day}/{day.year}"


def reference_id(value: object, field_path: str) -> int | None:
    """Accept {"id": "1"}, {"id": 1}, "1" or 1 for a reference field; None clears it."""
    if value is None:
        return None
    raw: object = value.get("id") if isinstance(value, dict) else value
    if isinstance(raw, bool):
        raw = None
    if isinstance(raw, (int, Decimal)) or (isinstance(raw, str) and raw.strip().isdigit()):
        try:
            return int(str(raw).strip())
        except ValueError:
            pass
    raise invalid_content(
        f"Invalid value for field {field_path}: {json.dumps(value, default=str)}. "
        'A reference takes the form {"id": "<internal id>"}.',
        field_path,
    )


def parse_bool(value: object, field_path: str) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.upper() in ("T", "TRUE", "F", "FALSE"):
        return value.upper() in ("T", "TRUE")
    raise invalid_content(f"Invalid value for field {field_path}: {value!r}.", field_path)


def to_json(value: Any) -> str:
    """Serialise with Decimals as JSON numbers (NetSuite sends numbers), never via float."""
    parts: list[str] = []
    _write_json(value, parts)
    return "".join(parts)


def _write_json(value: Any, out: list[str]) -> None:
    if isinstance(value, dict):
        out.append("{")
        for index, (key, item) in enumerate(value.items()):
            if index:
                out.append(", ")
            out.append(json.dumps(str(key)))
            out.append(": ")
            _write_json(item, out)
        out.append("}")
    elif isinstance(value, (list, tuple)):
        out.append("[")
        for index, item in enumerate(value):
            if index:
                out.append(", ")
            _write_json(item, out)
        out.append("]")
    elif isinstance(value, Decimal):
        out.append(plain_number(value))
    else:
        out.append(json.dumps(value))


def parse_json_body(raw: bytes) -> Any:
    return json.loads(raw.decode("utf-8"), parse_float=Decimal)
