"""Invoiced's list parameters: `filter[field]=value`, `metadata[key]=value`, `sort=field ASC|DESC`,
`expand=customer`, and the date windows (`updated_after`, `start_date`, `end_date`)."""

from __future__ import annotations

import re
from collections.abc import Collection

from fastapi import Query, Request

from application.ports import SortOrder
from entrypoints.http.api.errors import ApiError

_BRACKETED = re.compile(r"^(?P<group>filter|metadata)\[(?P<key>[^\]]*)\]$")
_SORT = re.compile(r"^\s*(?P<field>[a-z_]+)(?:\s+(?P<direction>asc|desc))?\s*$", re.IGNORECASE)

SORT_DESCRIPTION = "A field and a direction, e.g. `id DESC` or `date ASC` (ascending when omitted). Fields: "
EXPAND_DESCRIPTION = "`customer` replaces the customer id with the customer object."


def metadata_filter(request: Request) -> tuple[tuple[str, str], ...]:
    """The `metadata[key]=value` pairs of the query: every one must match exactly."""
    pairs: list[tuple[str, str]] = []
    for name, value in request.query_params.multi_items():
        match = _BRACKETED.match(name)
        if match and match.group("group") == "metadata":
            if not match.group("key"):
                raise ApiError(400, "A metadata filter needs a key: metadata[key]=value.", param=name)
            pairs.append((match.group("key"), value))
    return tuple(pairs)


def refuse_unknown_filters(request: Request, known: Collection[str]) -> None:
    """A `filter[...]` this list does not have is refused by name, so a typo never lists everything."""
    for name in request.query_params:
        match = _BRACKETED.match(name)
        if match and match.group("group") == "filter" and match.group("key") not in known:
            allowed = ", ".join(f"filter[{k}]" for k in sorted(known))
            raise ApiError(400, f"Unknown filter {name}; this list can be filtered by {allowed}.", param=name)


def sort_order(value: str | None, allowed: Collection[str]) -> SortOrder:
    if value is None or not value.strip():
        return SortOrder()
    match = _SORT.match(value)
    if match is None or match.group("field") not in allowed:
        fields = ", ".join(sorted(allowed))
        raise ApiError(
            400, f"Cannot sort by {value!r}: give one of {fields}, then ASC or DESC.", param="sort"
        )
    return SortOrder(match.group("field"), (match.group("direction") or "asc").lower() == "desc")


def expands_customer(value: str | None) -> bool:
    wanted = {part.strip() for part in (value or "").split(",") if part.strip()}
    unknown = wanted - {"customer"}
    if unknown:
        raise ApiError(
            400, f"Cannot expand {', '.join(sorted(unknown))}: only customer can be expanded.", param="expand"
        )
    return "customer" in wanted


def sort_query(allowed: Collection[str]) -> str | None:
    return Query(None, description=SORT_DESCRIPTION + ", ".join(sorted(allowed)) + ".")  # type: ignore[no-any-return]


def expand_query() -> str | None:
    return Query(None, description=EXPAND_DESCRIPTION)  # type: ignore[no-any-return]
