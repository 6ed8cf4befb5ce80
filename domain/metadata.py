"""Metadata: a record's own key-value pairs, with Invoiced's limits."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from domain.errors import DomainError

MAX_KEYS = 10
MAX_KEY_LENGTH = 40
MAX_VALUE_LENGTH = 255


class InvalidMetadata(DomainError):
    """Metadata outside Invoiced's limits."""


def clean_metadata(values: Mapping[str, object] | None, param: str = "metadata") -> dict[str, str]:
    """The metadata as strings, or InvalidMetadata naming `param`: at most 10 keys of up to 40 characters,
    values of up to 255; numbers and booleans are kept as their text, as Invoiced keeps them."""
    if values is None:
        return {}
    if not isinstance(values, Mapping):
        raise InvalidMetadata("Metadata must be an object of keys and values.", param=param)
    if len(values) > MAX_KEYS:
        raise InvalidMetadata(f"Metadata can hold at most {MAX_KEYS} keys, not {len(values)}.", param=param)
    cleaned: dict[str, str] = {}
    for key, value in values.items():
        if not isinstance(key, str) or not key or len(key) > MAX_KEY_LENGTH:
            raise InvalidMetadata(
                f"Metadata keys are 1 to {MAX_KEY_LENGTH} characters; {key!r} is not.", param=param
            )
        if value is None:
            continue  # Invoiced removes a key set to null
        if isinstance(value, bool):
            text = "true" if value else "false"
        elif isinstance(value, str | int | Decimal):
            text = str(value)
        else:
            raise InvalidMetadata(
                f"Metadata values are text or numbers; the value of {key!r} is not.", param=param
            )
        if len(text) > MAX_VALUE_LENGTH:
            raise InvalidMetadata(
                f"The metadata value of {key!r} is longer than {MAX_VALUE_LENGTH} characters.", param=param
            )
        cleaned[key] = text
    return cleaned
