"""JSON in and out without floats: request numbers are parsed as Decimal, Decimals are written as numbers."""

from __future__ import annotations

import json
from collections.abc import Callable, Coroutine, Mapping
from decimal import Decimal
from typing import Any

from fastapi.routing import APIRoute
from starlette.requests import Request
from starlette.responses import Response


class _NotJsonNumber(ValueError):
    pass


def _refuse_constant(name: str) -> Any:
    raise _NotJsonNumber(f"{name} is not a number JSON allows")


def parse_json(body: bytes | str) -> Any:
    """Parse a JSON document with every non-integer number as an exact Decimal (never a float).
    NaN and Infinity, which Python's parser would accept, are refused like any other invalid JSON."""
    try:
        return json.loads(body, parse_float=Decimal, parse_constant=_refuse_constant)
    except _NotJsonNumber as refused:
        text = body.decode(errors="replace") if isinstance(body, bytes) else body
        raise json.JSONDecodeError(str(refused), text, 0) from None


def dumps(value: Any) -> str:
    """Serialise to JSON; a Decimal becomes a JSON number written digit for digit."""
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"{value} cannot be written as a JSON number")
        return format(value, "f")
    if isinstance(value, float):
        raise TypeError("floats never reach the API's JSON: amounts are Decimals")
    if isinstance(value, Mapping):
        return "{" + ",".join(f"{json.dumps(str(k))}:{dumps(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list | tuple):
        return "[" + ",".join(dumps(v) for v in value) + "]"
    return json.dumps(value)


class ApiResponse(Response):
    """A JSON response rendered with `dumps`, so amounts keep every digit."""

    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        return dumps(content).encode()


class DecimalJsonRequest(Request):
    """A request whose `.json()` parses numbers as Decimal; FastAPI reads bodies through it."""

    async def json(self) -> Any:
        if not hasattr(self, "_json"):
            self._json = parse_json(await self.body())
        return self._json


class DecimalJsonRoute(APIRoute):
    """Route class that hands FastAPI a DecimalJsonRequest, so body models never see a float."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def decimal_handler(request: Request) -> Response:
            return await handler(DecimalJsonRequest(request.scope, request.receive))

        return decimal_handler
