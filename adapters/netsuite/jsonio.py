"""JSON to and from NetSuite with exact decimals: amounts never pass through a binary float."""

from __future__ import annotations

import json
from collections.abc import Mapping
from decimal import Decimal
from typing import Any


def encode_json(value: object) -> bytes:
    """Serialise a payload; Decimals become JSON numbers written digit for digit, floats are refused."""
    return _encode(value).encode("utf-8")


def _encode(value: object) -> str:
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"{value} cannot be sent to NetSuite: amounts must be finite numbers.")
        return format(value, "f")
    if isinstance(value, float):
        raise TypeError(f"Refusing to send the float {value!r} to NetSuite: use a Decimal.")
    if value is None or isinstance(value, (bool, int, str)):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, Mapping):
        members = (
            f"{json.dumps(str(key), ensure_ascii=False)}:{_encode(item)}" for key, item in value.items()
        )
        return "{" + ",".join(members) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(_encode(item) for item in value) + "]"
    raise TypeError(f"Cannot send a {type(value).__name__} to NetSuite as JSON.")


def decode_json(text: str) -> Any:
    """Parse NetSuite's JSON with every non-integer number as a Decimal; raises ValueError if malformed
    (nested deeper than any NetSuite answer, or numbers too long to be amounts, included)."""
    try:
        return json.loads(text, parse_float=Decimal, parse_constant=_refuse_constant)
    except RecursionError:
        raise ValueError("nested too deeply to be a NetSuite answer") from None


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a valid JSON number")
