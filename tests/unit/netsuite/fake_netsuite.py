"""A scripted NetSuite on loopback: a real HTTP server answering from a script or a responder,
recording every request, so the gateway's real HTTP stack (requests, signing, retries) is exercised."""

from __future__ import annotations

import contextlib
import json
import re
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from netsuite_sandbox.errors import ERROR_CONTENT_TYPE, NetSuiteError

SUITEQL = "/services/rest/query/v1/suiteql"


@dataclass(frozen=True)
class Seen:
    """One request as it arrived."""

    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]  # lower-case names
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)

    def param(self, name: str) -> str | None:
        values = self.query.get(name)
        return values[-1] if values else None

    @property
    def suiteql(self) -> str:
        return str(self.json()["q"])


@dataclass
class Reply:
    status: int = 200
    body: Any = None  # dict/list → JSON; str/bytes → as is; None → empty
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    drop: bool = False  # close the connection without answering
    raw: bytes | None = None  # sent as is instead of a well-formed answer (a broken status line…)


def page(items: list[dict[str, Any]], has_more: bool = False) -> Reply:
    """A SuiteQL result page shaped like NetSuite's (string values, 'links': [] per row)."""
    # NetSuite leaves NULL columns out of the row.
    rows = [{"links": [], **{key: value for key, value in row.items() if value is not None}} for row in items]
    body = {
        "links": [],
        "count": len(rows),
        "hasMore": has_more,
        "items": rows,
        "offset": 0,
        "totalResults": len(rows),
    }
    return Reply(200, body, {"Content-Type": "application/vnd.oracle.resource+json; type=collection"})


def error(status: int, code: str, detail: str, path: str | None = None) -> Reply:
    """NetSuite's error answer, built by the sandbox (one place knows its shape)."""
    body = NetSuiteError(status, code, detail, error_path=path or None).body()
    return Reply(status, body, {"Content-Type": ERROR_CONTENT_TYPE})


def written(record_path: str, internal_id: int | str) -> Reply:
    return Reply(
        204,
        None,
        {
            "Location": f"https://x.suitetalk.api.netsuite.com/services/rest/record/v1/"
            f"{record_path}/{internal_id}"
        },
    )


class FakeNetSuite:
    """Answers each request with the next scripted reply, else with `responder(request)`. Like NetSuite,
    it remembers each record a PUT by external id wrote (a 2xx naming it in Location) and answers the
    SuiteQL look-up of those external ids itself."""

    def __init__(self) -> None:
        self.requests: list[Seen] = []
        self.responder: Callable[[Seen], Reply] | None = None
        self._script: deque[Reply] = deque()
        self._lock = threading.Lock()
        self.in_flight = 0
        self.highest_in_flight = 0
        self._stopped = False
        self.written: dict[str, str] = {}  # external id → internal id, from each accepted PUT
        self.answers_lookups = True  # False: the script or responder answers the look-ups too
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def start(self) -> FakeNetSuite:
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._stopped:
            return
        self._stopped = True
        self._server.shutdown()
        self._server.server_close()

    def reply(self, *replies: Reply) -> None:
        with self._lock:
            self._script.extend(replies)

    def _next(self, seen: Seen) -> Reply:
        with self._lock:
            self.requests.append(seen)
            known = self._lookup_of_written(seen)
            if known is not None:
                return known
            reply = self._script.popleft() if self._script else None
        if reply is None:
            reply = (
                self.responder(seen)
                if self.responder is not None
                else Reply(500, {"unexpected": f"{seen.method} {seen.path}"})
            )
        self._remember(seen, reply)
        return reply

    def _remember(self, seen: Seen, reply: Reply) -> None:
        location = reply.headers.get("Location", "")
        if seen.method == "PUT" and "/eid:" in seen.path and 200 <= reply.status < 300 and location:
            with self._lock:
                self.written[unquote(seen.path.rsplit("/eid:", 1)[1])] = location.rstrip("/").rsplit("/", 1)[
                    1
                ]

    def _lookup_of_written(self, seen: Seen) -> Reply | None:
        """The external-id look-up answered from what was written, when it asks about any of it."""
        if not self.answers_lookups or seen.path != SUITEQL or "externalid IN (" not in seen.suiteql:
            return None
        asked = re.findall(r"'((?:[^']|'')*)'", seen.suiteql.split("externalid IN (", 1)[1])
        rows = [{"id": self.written[e], "externalid": e} for e in asked if e in self.written]
        return page(rows) if rows else None

    def _enter(self) -> None:
        with self._lock:
            self.in_flight += 1
            self.highest_in_flight = max(self.highest_in_flight, self.in_flight)

    def _leave(self) -> None:
        with self._lock:
            self.in_flight -= 1

    def queries(self) -> list[str]:
        return [seen.suiteql for seen in self.requests if seen.path == SUITEQL]


def _handler_for(fake: FakeNetSuite) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # headers and body go out as separate writes

        def log_message(self, format: str, *args: Any) -> None:  # quiet
            pass

        def _handle(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            parts = urlsplit(self.path)
            seen = Seen(
                self.command,
                parts.path,
                parse_qs(parts.query),
                {key.lower(): value for key, value in self.headers.items()},
                body,
            )
            fake._enter()
            try:
                reply = fake._next(seen)
                if reply.delay:
                    time.sleep(reply.delay)
            finally:
                fake._leave()
            if reply.drop:
                self.close_connection = True
                return
            if reply.raw is not None:
                self.close_connection = True
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(reply.raw)
                return
            if isinstance(reply.body, (dict, list)):
                payload = json.dumps(reply.body).encode()
            elif isinstance(reply.body, str):
                payload = reply.body.encode()
            else:
                payload = reply.body or b""
            self.send_response(reply.status)
            for name, value in reply.headers.items():
                self.send_header(name, value)
            if payload and "Content-Type" not in reply.headers:
                self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            # The client may have given up already (a read timeout under test).
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(payload)

        do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _handle

    return Handler
