"""Typed step arguments: money as Decimal, days as dates, quoted text without quotes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from parse import with_pattern
from pytest_bdd import parsers


@with_pattern(r"\d+(?:\.\d+)?")
def _money(text: str) -> Decimal:
    return Decimal(text)


@with_pattern(r"\d{4}-\d{2}-\d{2}")
def _day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


@with_pattern(r'[^"]*')
def _text(text: str) -> str:
    return text


TYPES = {"Money": _money, "Date": _day, "Text": _text}


def step(text: str) -> Any:
    """A parse-style step pattern that knows {x:Money}, {x:Date} and {x:Text}."""
    return parsers.parse(text, extra_types=TYPES)


def names(text: str) -> list[str]:
    """'A, B, C' → ['A', 'B', 'C']."""
    return [name.strip() for name in text.split(",") if name.strip()]
