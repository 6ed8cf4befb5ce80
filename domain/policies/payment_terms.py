"""Payment terms a person types: 'NET 30' (due 30 days after the invoice date) or words such as
'Due on receipt'. Terms that start like NET terms but give no number of days are refused."""

from __future__ import annotations

import re

from domain.errors import DomainError

_NET = re.compile(r"^\s*NET\b", re.IGNORECASE)
_NET_DAYS = re.compile(r"^\s*NET\s*(\d{1,3})\s*$", re.IGNORECASE)


def checked_payment_terms(terms: str | None) -> str | None:
    """The terms as given (None or "" left alone); 'NET banana' is refused, naming what to write."""
    if terms is None or not terms.strip():
        return terms
    if _NET.match(terms) and not _NET_DAYS.match(terms):
        raise DomainError(
            f"Payment terms {terms.strip()!r} are not understood: write NET and a number of days "
            "(e.g. NET 30), or words such as 'Due on receipt'.",
            param="payment_terms",
        )
    return terms.strip()


def net_days(terms: str | None) -> int | None:
    """The days of 'NET 30' terms (30); None for other terms."""
    match = _NET_DAYS.match(terms or "")
    return int(match.group(1)) if match else None
