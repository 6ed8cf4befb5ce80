"""Two things Invoiced's clients rely on, done before a request reaches its route.

- Form-encoded bodies (`name=Acme&items[0][name]=Hours&metadata[rep]=Jan`), which Invoiced's reference
  shows, are turned into the JSON object they spell, so every route takes both.
- `Idempotency-Key` on a POST: the same key again within a day answers the first answer (never a
  second record); the same key with a different request is a 400. Keys live in the database, so every
  process knows them and they survive a restart.
"""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Awaitable, Callable, MutableMapping
from datetime import timedelta
from typing import Any
from urllib.parse import parse_qsl

from starlette.concurrency import run_in_threadpool

from application.idempotency import MAX_KEY_LENGTH, Claim, IdempotentRequests, fingerprint
from entrypoints.http.api.deps import api_key_from
from entrypoints.http.api.encoding import dumps
from entrypoints.http.api.errors import error_body

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
App = Callable[[Scope, Receive, Send], Awaitable[None]]

FORM = "application/x-www-form-urlencoded"
MAX_FORM_FIELDS = 10_000
_PART = re.compile(r"\[([^\[\]]*)\]")
IN_PROGRESS_WAIT_SECONDS = 10.0
# A request still unanswered after this long was cut off with its process; it will never answer.
ABANDONED_AFTER = timedelta(minutes=5)


class FormError(ValueError):
    def __init__(self, message: str, param: str | None) -> None:
        super().__init__(message)
        self.param = param


def _path(name: str) -> list[str]:
    head, _, rest = name.partition("[")
    parts = [head]
    if rest:
        parts += _PART.findall("[" + rest)
    return parts


def form_to_object(body: bytes) -> dict[str, Any]:
    """`a[b][0][c]=v` → {"a": {"b": [{"c": "v"}]}}; `a[]=x&a[]=y` → {"a": ["x", "y"]}. Values stay text."""
    try:
        pairs = parse_qsl(body.decode("utf-8"), keep_blank_values=True, strict_parsing=False)
    except UnicodeDecodeError:
        raise FormError("The form body is not UTF-8 text.", None) from None
    if len(pairs) > MAX_FORM_FIELDS:
        raise FormError(f"A form body can have at most {MAX_FORM_FIELDS} fields.", None)
    root: dict[str, Any] = {}
    for name, value in pairs:
        parts = _path(name)
        node: Any = root
        for position, part in enumerate(parts):
            last = position == len(parts) - 1
            following = None if last else parts[position + 1]
            child_kind: type = (
                list if following is not None and (following == "" or following.isdigit()) else dict
            )
            if isinstance(node, list):
                if part == "":
                    if last:
                        node.append(value)
                        break
                    node.append(child_kind())
                    node = node[-1]
                    continue
                index = int(part) if part.isdigit() else -1
                if index < 0 or index > len(node) or index > MAX_FORM_FIELDS:
                    raise FormError(f"{name}: list positions must count up from 0.", name)
                if index == len(node):
                    node.append(value if last else child_kind())
                elif last:
                    node[index] = value
                if not last:
                    node = node[index]
                continue
            if not isinstance(node, dict) or part == "":
                raise FormError(f"{name} mixes a list and an object.", name)
            if last:
                node[part] = value
            else:
                existing = node.setdefault(part, child_kind())
                if not isinstance(existing, list | dict):
                    raise FormError(f"{name} mixes a value and an object.", name)
                node = existing
    return root


def _nul_in_query(query_string: bytes) -> str | None:
    """The first query parameter whose name or value holds a NUL character (the database refuses it)."""
    if b"%00" not in query_string and b"\x00" not in query_string:
        return None
    for name, value in parse_qsl(query_string.decode("latin-1"), keep_blank_values=True):
        if "\x00" in name or "\x00" in value:
            return name.replace("\x00", "\\0")
    return None


def _nul_path(value: Any, path: str) -> str | None:
    if isinstance(value, str):
        return path if "\x00" in value else None
    if isinstance(value, dict):
        for key, child in value.items():
            if "\x00" in str(key):
                return path or "body"
            found = _nul_path(child, f"{path}.{key}" if path else str(key))
            if found is not None:
                return found
    if isinstance(value, list):
        for index, child in enumerate(value):
            found = _nul_path(child, f"{path}[{index}]")
            if found is not None:
                return found
    return None


def _nul_in_body(body: bytes, is_form: bool) -> str | None:
    """Where a JSON or form body holds a NUL character, as the param to name; None when it holds none."""
    if is_form:
        if b"%00" not in body and b"\x00" not in body:
            return None
        return _nul_in_query(body)
    if b"\\u0000" not in body.lower():
        return None
    try:
        parsed = json.loads(body)
    except ValueError:
        return None  # the route explains what is wrong with the JSON
    return _nul_path(parsed, "")


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key.lower() == name:
            return str(value.decode("latin-1"))
    return None


async def _read_body(receive: Receive) -> bytes:
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def _replaying(body: bytes) -> Receive:
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return {"type": "http.disconnect"}

    return receive


async def _answer(send: Send, status: int, body: str, content_type: str, extra: dict[str, str]) -> None:
    headers = [
        (b"content-type", content_type.encode()),
        (b"content-length", str(len(body.encode())).encode()),
    ]
    headers += [(k.lower().encode(), v.encode()) for k, v in extra.items()]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body.encode()})


async def _error(
    send: Send, status: int, message: str, param: str | None, extra: dict[str, str] | None = None
) -> None:
    await _answer(send, status, dumps(error_body(message, param=param)), "application/json", extra or {})


class InvoicedRequestsMiddleware:
    """Form bodies become JSON, and POSTs with an Idempotency-Key are answered once (see the module)."""

    def __init__(self, app: App, *, excluded_prefix: str) -> None:
        self.app = app
        self.excluded_prefix = excluded_prefix

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or str(scope.get("path", "")).startswith(self.excluded_prefix):
            await self.app(scope, receive, send)
            return
        nul_param = _nul_in_query(scope.get("query_string", b""))
        if nul_param is not None:
            await _error(
                send, 400, f"{nul_param} contains a NUL character, which text cannot hold.", nul_param
            )
            return
        if scope["method"] not in ("POST", "PATCH", "PUT"):
            await self.app(scope, receive, send)
            return
        content_type = (_header(scope, b"content-type") or "").split(";")[0].strip().lower()
        key = _header(scope, b"idempotency-key")
        is_form = content_type == FORM
        body = await _read_body(receive)
        nul_param = _nul_in_body(body, is_form)
        if nul_param is not None:
            await _error(
                send, 400, f"{nul_param} contains a NUL character, which text cannot hold.", nul_param or None
            )
            return
        if is_form:
            try:
                body = json.dumps(form_to_object(body)).encode()
            except FormError as error:
                await _error(send, 400, str(error), error.param)
                return
            scope = dict(scope)
            scope["headers"] = [
                (k, v) for k, v in scope["headers"] if k.lower() not in (b"content-type", b"content-length")
            ] + [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
        if key is None or scope["method"] != "POST":
            await self.app(scope, _replaying(body), send)
            return
        await self._idempotent(scope, body, key, send)

    async def _idempotent(self, scope: Scope, body: bytes, key: str, send: Send) -> None:
        if not key.strip() or len(key) > MAX_KEY_LENGTH or not key.isprintable():
            await _error(
                send,
                400,
                f"An Idempotency-Key is 1 to {MAX_KEY_LENGTH} printable characters.",
                "Idempotency-Key",
            )
            return
        container = scope["app"].state.container
        api_key = api_key_from(_header(scope, b"authorization"))
        company = await run_in_threadpool(container.ledger().authenticate, api_key) if api_key else None
        if company is None or company.id is None:  # the route answers 401; nothing to remember
            await self.app(scope, _replaying(body), send)
            return
        requests: IdempotentRequests = container.idempotent_requests()
        target = str(scope.get("path", "")) + "?" + scope.get("query_string", b"").decode("latin-1")
        request_fingerprint = fingerprint("POST", target, body)
        waited = 0.0
        while True:
            result = await run_in_threadpool(requests.claim, company.id, key, request_fingerprint)
            if result.claim is not Claim.IN_PROGRESS or waited >= IN_PROGRESS_WAIT_SECONDS:
                break
            await asyncio.sleep(0.1)
            waited += 0.1
        if result.claim is Claim.REPLAY and result.stored is not None:
            stored = result.stored
            await _answer(
                send,
                stored.status or 200,
                stored.body or "",
                stored.content_type or "application/json",
                {"Idempotent-Replayed": "true"},
            )
            return
        if result.claim is Claim.MISMATCH:
            await _error(
                send,
                400,
                "This Idempotency-Key was already used within the last 24 hours for a different request; "
                "use a new key for a new request.",
                "Idempotency-Key",
            )
            return
        if result.claim is Claim.IN_PROGRESS and result.stored is not None:
            started = result.stored.created_at
            if container.clock().now() - started > ABANDONED_AFTER:
                await _error(
                    send,
                    409,
                    "The first request with this Idempotency-Key never finished (the server handling it "
                    "stopped), so whether it took effect is unknown: look for the record it would have made, "
                    "and send the request again with a new key if it is not there.",
                    "Idempotency-Key",
                )
                return
            await _error(
                send,
                409,
                "The first request with this Idempotency-Key has not finished; retry in a moment with "
                "the same key.",
                "Idempotency-Key",
                {"Retry-After": "1"},
            )
            return
        await self._first(scope, body, key, company.id, requests, send)

    async def _first(
        self, scope: Scope, body: bytes, key: str, company_id: int, requests: IdempotentRequests, send: Send
    ) -> None:
        status = 500
        content_type = "application/json"
        chunks: list[bytes] = []

        async def capture(message: Message) -> None:
            nonlocal status, content_type
            if message["type"] == "http.response.start":
                status = int(message["status"])
                for name, value in message.get("headers", []):
                    if name.lower() == b"content-type":
                        content_type = value.decode("latin-1")
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, _replaying(body), capture)
        except BaseException:
            await run_in_threadpool(requests.release, company_id, key)
            raise
        # Answers that say nothing was done for a reason that may pass are not kept, so a retry works.
        if status >= 500 or status in (401, 409, 429):
            await run_in_threadpool(requests.release, company_id, key)
            return
        text = b"".join(chunks).decode("utf-8", errors="replace")
        await run_in_threadpool(requests.record, company_id, key, status, text, content_type)
