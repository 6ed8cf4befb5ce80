"""The sandbox as a real threaded HTTP server, plus its test-only controls under /_sandbox/."""

from __future__ import annotations

import contextlib
import json
import logging
import socket
import sqlite3
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from netsuite_sandbox.api import RECORD_PREFIX, ApiRequest, NetSuiteApi, Reply
from netsuite_sandbox.async_jobs import ASYNC_PREFIX, DEFAULT_PROCESSORS, DEFAULT_RECORD_MS, AsyncJobs
from netsuite_sandbox.auth import AuthenticationFailed, TokenVerifier
from netsuite_sandbox.credentials import SandboxCredentials
from netsuite_sandbox.errors import (
    ACCESS_PREFIX,
    ERROR_CONTENT_TYPE,
    NetSuiteError,
    concurrency_limit_exceeded,
    login_failed,
    unexpected_error,
)
from netsuite_sandbox.faults import Fault, FaultInjector, FaultSettings
from netsuite_sandbox.governance import ConcurrencyGate, RequestStats, endpoint_name
from netsuite_sandbox.oauth2 import (
    DEFAULT_TOKEN_LIFETIME_SECONDS,
    TOKEN_PATH,
    CertificateRefused,
    ClientCredentialsAuthority,
    TokenRequestRefused,
)
from netsuite_sandbox.preferences import (
    DEFAULT_DATE_FORMAT,
    DEFAULT_TIME_ZONE,
    AccountClock,
    UserPreferences,
)
from netsuite_sandbox.records import RECORD_TYPES, Body, RecordContext
from netsuite_sandbox.seeds import apply_seed, seed_records
from netsuite_sandbox.store import Store
from netsuite_sandbox.values import to_json

logger = logging.getLogger("netsuite_sandbox")

# The ports of the sandboxes serving in this process, so the service running beside them can tell
# its own sandbox from any other port on this machine.
_serving_ports: set[int] = set()
_serving_lock = threading.Lock()


def serving_ports() -> frozenset[int]:
    """The ports of the sandboxes started (and not yet stopped) in this process."""
    with _serving_lock:
        return frozenset(_serving_ports)


DEFAULT_ACCOUNT_ID = "TSTDRV2450117"
CONTROL_PREFIX = "/_sandbox/"


class SandboxServer:
    """A local NetSuite account: SuiteTalk REST over HTTP, with token-based auth and OAuth 2.0 client
    credentials (certificates given here as (PEM, certificate id or None) pairs, or registered later).

    Start it in-process with `start()` (background thread) or run `serve_forever()`.
    """

    def __init__(
        self,
        account_id: str = DEFAULT_ACCOUNT_ID,
        seed: str = "demo",
        concurrency: int = 5,
        latency_ms: int = 0,
        fault_rate: float = 0.0,
        db_path: str | None = None,
        credentials: SandboxCredentials | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        fault_seed: int | None = None,
        client_id: str | None = None,
        certificates: list[tuple[str, str | None]] | None = None,
        token_lifetime_seconds: int = DEFAULT_TOKEN_LIFETIME_SECONDS,
        user_timezone: str = DEFAULT_TIME_ZONE,
        date_format: str = DEFAULT_DATE_FORMAT,
        async_processors: int = DEFAULT_PROCESSORS,
        async_record_ms: float = DEFAULT_RECORD_MS,
    ) -> None:
        self.account_id = account_id.upper().replace("-", "_")
        self.credentials = credentials or SandboxCredentials.generate()
        self.oauth2 = ClientCredentialsAuthority(self.account_id, client_id, token_lifetime_seconds)
        self.certificate_ids = [self.oauth2.register_certificate(pem, kid) for pem, kid in certificates or []]
        self.host = host
        self.latency_ms = latency_ms
        self.store = Store(db_path)
        self.store.preferences = UserPreferences(user_timezone, date_format)
        self.verifier = TokenVerifier(self.account_id, self.credentials)
        self.gate = ConcurrencyGate(concurrency)
        self.api = NetSuiteApi(self.store, concurrency)
        self.faults = FaultInjector(FaultSettings.uniform(fault_rate, fault_seed))
        self.request_stats = RequestStats()
        self._auth_lock = threading.Lock()
        self.authenticated: Counter[str] = Counter()  # REST requests let in, by "tba" or "bearer"
        self.seed_name = seed
        self._initial = (concurrency, latency_ms)
        self.jobs = AsyncJobs(self._apply_item, async_processors, async_record_ms)
        self._initial_async = (async_processors, async_record_ms)
        self._rejections: dict[str, NetSuiteError] = {}
        self._refusing_logins = False
        self._down_after: int | None = None
        self._requests_seen = 0
        self._initial_preferences = self.store.preferences
        self._httpd = _SandboxHTTPServer((host, port), _make_handler(self))
        self._thread: threading.Thread | None = None
        self.reset(seed)

    # ---- lifecycle ------------------------------------------------------------------------

    @property
    def port(self) -> int:
        return int(self._httpd.server_address[1])

    @property
    def base_url(self) -> str:
        """e.g. 'http://127.0.0.1:54321'; clients append /services/rest/..."""
        return f"http://{self.host}:{self.port}"

    def start(self) -> SandboxServer:
        """Serve in a background thread and return at once."""
        if self._thread is None:
            self._thread = threading.Thread(
                target=self._httpd.serve_forever,
                kwargs={"poll_interval": 0.05},
                name="netsuite-sandbox",
                daemon=True,
            )
            self._thread.start()
            with _serving_lock:
                _serving_ports.add(self.port)
        return self

    def serve_forever(self) -> None:
        """Serve in the calling thread until interrupted (the CLI's way)."""
        try:
            self._httpd.serve_forever(poll_interval=0.2)
        finally:
            self._httpd.server_close()

    def stop(self) -> None:
        with _serving_lock:
            _serving_ports.discard(self.port)
        if self._thread is not None:
            self._httpd.shutdown()
            self._thread.join(timeout=5)
            self._thread = None
        self._httpd.server_close()
        self.store.close()

    def __enter__(self) -> SandboxServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    # ---- controls -------------------------------------------------------------------------

    def reset(self, seed: str = "empty") -> None:
        """Wipe every record and load a named seed; clears statistics and the audit trail."""
        self.store.wipe()
        apply_seed(self.store, seed)
        self.seed_name = seed
        self.request_stats.clear()
        self.verifier.clear()
        self.oauth2.clear_tokens()
        with self._auth_lock:
            self.authenticated.clear()
        self.faults.injected.clear()
        self.gate.reset_highest()
        self.jobs.wait_idle()
        self.jobs.clear()

    def seed(self, name: str) -> None:
        """Add a named seed on top of the current data."""
        apply_seed(self.store, name)

    def seed_records(self, data: dict[str, list[dict[str, Any]]]) -> dict[str, list[int]]:
        return seed_records(self.store, data)

    def set_faults(
        self,
        settings: FaultSettings | None = None,
        script: list[str] | None = None,
        **rates: Any,
    ) -> FaultSettings:
        """Configure injected faults: a FaultSettings, or keywords (fault_rate=…, seed=…,
        unexpected_error_rate=…, throttle_rate=…, throttle_burst=…, dropped_connection_rate=…);
        `script` forces faults for the next requests, e.g. ["dropped_connection"]."""
        chosen = settings or FaultSettings.from_dict(rates)
        self.faults.configure(chosen, script)
        return chosen

    def set_governance(self, concurrency: int | None = None, latency_ms: int | None = None) -> None:
        if concurrency is not None:
            if concurrency < 1:
                raise ValueError("concurrency must be at least 1")
            self.gate.limit = concurrency
            self.api.concurrency_limit = concurrency
        if latency_ms is not None:
            if latency_ms < 0:
                raise ValueError("latency_ms cannot be negative")
            self.latency_ms = latency_ms

    def restore_defaults(self) -> None:
        """Back to the constructor's concurrency, latency and user preferences, with no faults,
        refusals or outage, and the account's clock running."""
        concurrency, latency = self._initial
        self.set_governance(concurrency, latency)
        self.jobs.configure(*self._initial_async)
        self.jobs.fail_next_jobs(0)
        self.faults.configure(FaultSettings())
        self.oauth2.restore_defaults()
        self._rejections.clear()
        self._refusing_logins = False
        self._down_after = None
        self.store.preferences = self._initial_preferences
        self.store.clock.pin(None)

    # ---- what a NetSuite user, an administrator or an outage does (tests and the demo) ----------

    def reject_writes(self, external_id: str, message: str, code: str = "USER_ERROR") -> None:
        """Refuse every upsert and delete of this external id with a 400 and this message (after
        NetSuite's usual preamble), as a workflow or a closed period would, until `accept_writes`."""
        self._rejections[external_id] = NetSuiteError(400, code, ACCESS_PREFIX + message)

    def accept_writes(self, external_id: str) -> None:
        self._rejections.pop(external_id, None)

    def refuse_logins(self, refusing: bool = True) -> None:
        """Answer every request with 401 INVALID_LOGIN, as after the token was revoked."""
        self._refusing_logins = refusing

    def go_down(self, down: bool = True, *, after_requests: int | None = None) -> None:
        """Answer 503 to everything now (or after this many more requests) until `go_down(False)`."""
        if not down:
            self._down_after = None
        else:
            self._down_after = self._requests_seen + (after_requests or 0)

    def update_record(
        self, record_type: str, record_id: int, body: dict[str, Any], replace: frozenset[str] = frozenset()
    ) -> None:
        """Change a record as a user does in the UI: the same rules as a REST PATCH (`replace` as its
        ?replace= sublists), no request counted."""
        handler = RECORD_TYPES[record_type.lower()]
        with self.store.write() as connection:
            handler.update(
                RecordContext(connection, self.base_url, now=self.store.now()),
                record_id,
                Body(body),
                set(replace),
            )

    def act_as_user(self, method: str, path: str, body: dict[str, Any] | None = None) -> Reply:
        """A NetSuite user's change through the REST record API (`PATCH /record/v1/invoice/7`,
        `DELETE …`): the API's own routes and rules, outside our product's requests (not counted,
        no faults). NetSuite's refusal is raised as its NetSuiteError."""
        split = urlsplit("/services/rest/" + path.lstrip("/"))
        request = ApiRequest(
            method=method.upper(),
            path=split.path,
            query=parse_qs(split.query, keep_blank_values=True),
            headers={"content-type": "application/json"},
            body=b"" if body is None else json.dumps(body).encode("utf-8"),
            base_url=self.base_url,
        )
        return self.api.answer(request)

    def void_payment(self, payment_id: int) -> None:
        """Void a customer payment as a user does in the UI (REST has no void action)."""
        handler = RECORD_TYPES["customerpayment"]
        with self.store.write() as connection:
            handler.void(RecordContext(connection, self.base_url, now=self.store.now()), payment_id)  # type: ignore[attr-defined]

    @property
    def preferences(self) -> UserPreferences:
        return self.store.preferences

    def set_preferences(
        self, user_timezone: str | None = None, date_format: str | None = None
    ) -> UserPreferences:
        """The integration user's Time Zone (IANA name) and Date Format, as Set Preferences has them."""
        current = self.store.preferences
        self.store.preferences = UserPreferences(
            user_timezone or current.time_zone, date_format or current.date_format
        )
        return self.store.preferences

    @property
    def clock(self) -> AccountClock:
        """The account's clock: `clock.pin(moment)`, `clock.advance(timedelta)`, `clock.pin(None)`."""
        return self.store.clock

    def stats(self) -> dict[str, Any]:
        return {
            "account_id": self.account_id,
            "seed": self.seed_name,
            "requests": self.request_stats.snapshot(),
            "highest_concurrency": self.gate.highest_seen,
            "highest_concurrency_demanded": self.gate.highest_demanded,
            "in_flight": self.gate.in_flight,
            "concurrency_limit": self.gate.limit,
            "latency_ms": self.latency_ms,
            **_preferences_body(self.store.preferences),
            "faults": self.faults.settings.as_dict(),
            "faults_injected": dict(self.faults.injected),
            "login_audit_trail": self.verifier.audit_trail(),
            "oauth2_tokens_issued": self.oauth2.tokens_issued,
            "requests_by_auth": dict(self.authenticated),
            "async": self.jobs.stats(),
        }

    # ---- request handling -----------------------------------------------------------------

    def handle_netsuite(self, request: ApiRequest, authorization: str | None) -> Reply | None:
        """One /services request: authenticate, admit, delay, maybe fault, answer.

        Returns None when the connection is to be dropped without an answer.
        """
        self._requests_seen += 1
        if self._down_after is not None and self._requests_seen > self._down_after:
            return Reply(503, _MAINTENANCE_PAGE, "text/html; charset=UTF-8")
        if request.path.rstrip("/") == TOKEN_PATH:
            return self._admitted(request, self._token_endpoint)
        refusal = self._authenticate(request, authorization)
        if refusal is not None:
            return refusal
        return self._admitted(request, self._answer)

    def _authenticate(self, request: ApiRequest, authorization: str | None) -> Reply | None:
        """None when the request's TBA signature or bearer token is good, else NetSuite's 401 (or 400)."""
        scheme, _, token = (authorization or "").strip().partition(" ")
        if self._refusing_logins and scheme.lower() == "bearer":
            return Reply(401, login_failed().body(), ERROR_CONTENT_TYPE)
        if scheme.lower() == "bearer":
            token = token.strip()
            if not token or " " in token:
                self.verifier.record_attempt(
                    request.method, request.path, AuthenticationFailed("InvalidRequest", "malformed bearer")
                )
                challenge = (
                    f'Bearer realm="{self.account_id}", error="invalid_request", error_description="The '
                    'request could not be understood by the server due to malformed syntax."'
                )
                error = NetSuiteError(400, "INVALID_REQUEST", "The Authorization header is malformed.")
                return Reply(400, error.body(), ERROR_CONTENT_TYPE, {"WWW-Authenticate": challenge})
            try:
                self.oauth2.verify_bearer(token)
            except AuthenticationFailed as failure:
                self.verifier.record_attempt(request.method, request.path, failure)
                challenge = (
                    f'Bearer realm="{self.account_id}", error="invalid_token", '
                    'error_description="Invalid login attempt."'
                )
                return Reply(401, login_failed().body(), ERROR_CONTENT_TYPE, {"WWW-Authenticate": challenge})
            self.verifier.record_attempt(request.method, request.path)
            self._count_auth("bearer")
            return None
        url = request.base_url + request.path + ("?" + _raw_query(request) if request.query else "")
        try:
            if self._refusing_logins:
                raise AuthenticationFailed("token_rejected", "logins refused by the test controls")
            self.verifier.authenticate(request.method, url, authorization)
        except AuthenticationFailed:
            # Open question 1: error="token_rejected" is sent whatever the cause.
            challenge = (
                f'OAuth realm="{self.account_id}", error="token_rejected", '
                'error_description="Invalid login attempt."'
            )
            return Reply(401, login_failed().body(), ERROR_CONTENT_TYPE, {"WWW-Authenticate": challenge})
        self._count_auth("tba")
        return None

    def _count_auth(self, scheme: str) -> None:
        with self._auth_lock:
            self.authenticated[scheme] += 1

    def _token_endpoint(self, request: ApiRequest) -> Reply:
        if request.method != "POST":
            return Reply(405, {"error": "invalid_request"}, "application/json", {"Allow": "POST"})
        try:
            body = self.oauth2.issue_token(
                request.body, request.headers.get("content-type", ""), request.base_url + TOKEN_PATH
            )
        except TokenRequestRefused as refused:
            # The client sees only the error code; the reason is in the log and the audit trail.
            self.verifier.record_attempt(
                request.method, request.path, AuthenticationFailed(refused.reason, refused.detail)
            )
            headers = {"Cache-Control": "no-store"}
            if refused.status == 401:
                headers["WWW-Authenticate"] = f'Basic realm="{self.account_id}"'
            return Reply(refused.status, {"error": refused.error}, "application/json", headers)
        self.verifier.record_attempt(request.method, request.path)
        return Reply(200, body, "application/json", {"Cache-Control": "no-store", "Pragma": "no-cache"})

    def _admitted(self, request: ApiRequest, answer: Callable[[ApiRequest], Reply | None]) -> Reply | None:
        """Within the account's concurrency limit (the token endpoint counts too), after the latency."""
        if not self.gate.try_enter():
            return _error_reply(concurrency_limit_exceeded())
        try:
            if self.latency_ms:
                time.sleep(self.latency_ms / 1000)
            return answer(request)
        finally:
            self.gate.leave()

    def _answer(self, request: ApiRequest) -> Reply | None:
        """A REST request that passed authentication and the gate: maybe a fault, else the API's answer."""
        fault = self.faults.next_fault()
        if fault is Fault.UNEXPECTED_ERROR:
            error_id = uuid.uuid4().hex[:20]
            logger.info("injected UNEXPECTED_ERROR %s", error_id)
            return _error_reply(unexpected_error(error_id))
        if fault is Fault.THROTTLED:
            return _error_reply(concurrency_limit_exceeded())
        reply = self._route(request)
        if fault is Fault.DROPPED_CONNECTION:
            logger.info(
                "injected dropped connection after %s %s -> %s",
                request.method,
                request.path,
                reply.status,
            )
            return None
        return reply

    def _route(self, request: ApiRequest) -> Reply:
        try:
            if request.path.startswith(ASYNC_PREFIX):
                if request.method != "GET":
                    raise NetSuiteError(405, "INVALID_REQUEST", f"{request.method} is not allowed here.")
                return Reply(*_async_reply(self.jobs.read(request.path.rstrip("/"), request.base_url)))
            if _is_batch(request):
                return self._submit_batch(request)
        except NetSuiteError as error:
            return _error_reply(error)
        refusal = self._rejection_of(request)
        return _error_reply(refusal) if refusal else self.api.handle(request)

    def _submit_batch(self, request: ApiRequest) -> Reply:
        if request.method != "PUT":
            raise NetSuiteError(405, "INVALID_REQUEST", "The NetSuite sandbox runs batch upserts (PUT) only.")
        if "respond-async" not in request.headers.get("prefer", "").lower():
            # The real answer is undocumented; batches always run asynchronously.
            raise NetSuiteError(
                400,
                "INVALID_REQUEST",
                "Batch requests need the header 'Prefer: respond-async'.",
                header="Prefer",
            )
        body = request.json()
        items = body.get("items") if isinstance(body, dict) else None
        if not isinstance(items, list):
            raise NetSuiteError(400, "INVALID_REQUEST", 'A batch request body is {"items": [...]}.')
        record_path = request.path.rstrip("/")
        key = request.headers.get("x-netsuite-idempotency-key")
        return Reply(*_async_reply(self.jobs.submit(record_path, items, key, request.base_url)))

    def _apply_item(self, method: str, path: str, body: dict[str, Any]) -> tuple[int, Any, dict[str, str]]:
        """One batch item, as its synchronous twin would be answered (reject_writes included)."""
        item = ApiRequest(
            method=method,
            path=path,
            query={},
            headers={"content-type": "application/json"},
            body=to_json(body).encode(),
            base_url=self.base_url,
        )
        refusal = self._rejection_of(item)
        reply = _error_reply(refusal) if refusal else self.api.handle(item)
        return reply.status, reply.body, reply.headers

    def _rejection_of(self, request: ApiRequest) -> NetSuiteError | None:
        if not self._rejections or request.method not in ("PUT", "DELETE", "PATCH"):
            return None
        last = unquote(request.path.rstrip("/").rsplit("/", 1)[-1])
        if not last.lower().startswith("eid:"):
            return None
        return self._rejections.get(last[4:])

    def handle_control(self, method: str, path: str, payload: Any) -> tuple[int, Any]:
        action = path[len(CONTROL_PREFIX) :].strip("/")
        body = payload if isinstance(payload, dict) else {}
        try:
            if action == "reset" and method == "POST":
                seed = body.get("seed", "empty")
                self.reset(seed)
                if "faults" in body:
                    self.set_faults(**body["faults"])
                return 200, {"seed": seed}
            if action == "seed" and method == "POST":
                if "seed" in body:
                    self.seed(body["seed"])
                    return 200, {"seed": body["seed"]}
                return 200, {"created": self.seed_records(body)}
            if action == "faults" and method in ("PUT", "POST"):
                script = body.pop("script", None)
                settings = self.set_faults(script=script, **body)
                return 200, settings.as_dict()
            if action == "faults" and method == "GET":
                return 200, self.faults.settings.as_dict()
            if action == "governance" and method in ("PUT", "POST"):
                self.set_governance(body.get("concurrency"), body.get("latency_ms"))
                return 200, {"concurrency": self.gate.limit, "latency_ms": self.latency_ms}
            if action == "async" and method in ("PUT", "POST"):
                self.jobs.configure(body.get("processors"), body.get("record_ms"))
                if body.get("fail_next_jobs") is not None:
                    self.jobs.fail_next_jobs(int(body["fail_next_jobs"]))
                return 200, self.jobs.stats()
            if action == "restore" and method == "POST":
                self.restore_defaults()
                return 200, {"concurrency": self.gate.limit, "latency_ms": self.latency_ms}
            if action == "preferences" and method in ("PUT", "POST"):
                chosen = self.set_preferences(body.get("user_timezone"), body.get("date_format"))
                return 200, _preferences_body(chosen)
            if action == "preferences" and method == "GET":
                return 200, _preferences_body(self.store.preferences)
            if action == "clock" and method in ("PUT", "POST"):
                if body.get("at"):
                    self.store.clock.pin(datetime.fromisoformat(str(body["at"]).replace("Z", "+00:00")))
                elif body.get("advance_seconds") is not None:
                    self.store.clock.advance(timedelta(seconds=float(body["advance_seconds"])))
                else:
                    self.store.clock.pin(None)
                return 200, _clock_body(self.store.clock)
            if action == "clock" and method == "GET":
                return 200, _clock_body(self.store.clock)
            if action == "user" and method == "POST":
                reply = self.act_as_user(str(body["method"]), str(body["path"]), body.get("body"))
                return reply.status, {"location": reply.headers.get("Location")}
            if action == "stats" and method == "GET":
                return 200, self.stats()
            if action == "stats" and method == "DELETE":  # a benchmark counts each step on its own
                self.request_stats.clear()
                self.gate.reset_highest()
                return 200, self.stats()
            if action.startswith("oauth2"):
                return self._oauth2_control(method, action, body)
            if action == "health" and method == "GET":
                return 200, {"status": "ok", "account_id": self.account_id}
        except (ValueError, TypeError, KeyError, sqlite3.Error) as error:
            return 400, {"error": str(error).strip("'\"")}
        except NetSuiteError as error:
            return error.status, error.body()
        return 404, {"error": f"no control {method} {path}"}

    def _oauth2_control(self, method: str, action: str, body: dict[str, Any]) -> tuple[int, Any]:
        """The M2M setup page's stand-in: map certificates, revoke them, expire or revoke tokens."""
        parts = action.split("/")[1:]
        if parts == [] and method == "GET":
            return 200, self.oauth2.summary()
        if parts == [] and method in ("PUT", "POST"):
            if "token_lifetime_seconds" in body:
                self.oauth2.set_token_lifetime(body["token_lifetime_seconds"])
            return 200, self.oauth2.summary()
        if parts == ["certificates"] and method == "POST":
            pem = body.get("certificate")
            if not isinstance(pem, str):
                raise ValueError("give the certificate's PEM text in 'certificate'")
            try:
                kid = self.oauth2.register_certificate(pem, body.get("certificate_id"))
            except CertificateRefused as refused:
                return 400, {"error": str(refused)}
            return 201, {"client_id": self.oauth2.client_id, "certificate_id": kid}
        if len(parts) == 3 and parts[0] == "certificates" and parts[2] == "revoke" and method == "POST":
            self.oauth2.revoke_certificate(parts[1])
            return 200, {"certificate_id": parts[1], "revoked": True}
        if parts == ["expire-tokens"] and method == "POST":
            return 200, {"expired": self.oauth2.expire_tokens()}
        if parts == ["revoke-tokens"] and method == "POST":
            return 200, {"revoked": self.oauth2.revoke_tokens()}
        return 404, {"error": f"no control {method} /_sandbox/{action}"}


# What answers while NetSuite is down for maintenance is not documented; a plain HTML page is a guess.
_MAINTENANCE_PAGE = "<html><body><h1>NetSuite is undergoing scheduled maintenance.</h1></body></html>"


def _preferences_body(preferences: UserPreferences) -> dict[str, str]:
    return {"user_timezone": preferences.time_zone, "date_format": preferences.date_format}


def _clock_body(clock: AccountClock) -> dict[str, Any]:
    return {"now": clock.now().strftime("%Y-%m-%dT%H:%M:%SZ"), "pinned": clock.pinned}


def _raw_query(request: ApiRequest) -> str:
    return request.headers.get(":raw-query", "")


def _is_batch(request: ApiRequest) -> bool:
    """A write on a record collection with the collection content type."""
    content_type = request.headers.get("content-type", "").lower().replace(" ", "")
    path = request.path.rstrip("/")
    return (
        "type=collection" in content_type
        and path.lower().startswith(RECORD_PREFIX)
        and "/" not in path[len(RECORD_PREFIX) :]
    )


def _async_reply(answer: tuple[int, Any, dict[str, str]]) -> tuple[int, Any, str | None, dict[str, str]]:
    status, body, headers = answer
    if body is None:
        return status, None, None, headers
    content_type = ERROR_CONTENT_TYPE if status >= 400 else "application/json"
    return status, body, content_type, headers


def _error_reply(error: NetSuiteError) -> Reply:
    return Reply(error.status, error.body(), ERROR_CONTENT_TYPE)


class _SandboxHTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 64


def _make_handler(sandbox: SandboxServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server_version = "NetSuiteSandbox/1.0"

        def do_GET(self) -> None:
            self._dispatch()

        def do_POST(self) -> None:
            self._dispatch()

        def do_PUT(self) -> None:
            self._dispatch()

        def do_PATCH(self) -> None:
            self._dispatch()

        def do_DELETE(self) -> None:
            self._dispatch()

        def log_message(self, format: str, *args: Any) -> None:
            logger.debug("%s - %s", self.address_string(), format % args)

        def _dispatch(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw_body = self.rfile.read(length) if length else b""
            split = urlsplit(self.path)
            if split.path.startswith(CONTROL_PREFIX):
                self._control(split.path, raw_body)
                return
            if not split.path.startswith("/services/"):
                self._send(Reply(404, {"error": "not found"}, "application/json"))
                return
            headers = {name.lower(): value for name, value in self.headers.items()}
            headers[":raw-query"] = split.query
            host = self.headers.get("Host") or f"{sandbox.host}:{sandbox.port}"
            request = ApiRequest(
                method=self.command,
                path=split.path,
                query=parse_qs(split.query, keep_blank_values=True),
                headers=headers,
                body=raw_body,
                base_url=f"http://{host}",
            )
            try:
                reply = sandbox.handle_netsuite(request, self.headers.get("Authorization"))
            except Exception:  # an unexpected bug becomes NetSuite's 500, not a dead socket
                error_id = uuid.uuid4().hex[:20]
                logger.exception("sandbox error %s", error_id)
                reply = _error_reply(unexpected_error(error_id))
            endpoint = endpoint_name(self.command, split.path)
            if reply is None:
                sandbox.request_stats.record(endpoint, 0)  # 0 = dropped, no answer
                self._drop()
                return
            sandbox.request_stats.record(endpoint, reply.status)
            self._send(reply)

        def _control(self, path: str, raw_body: bytes) -> None:
            payload: Any = None
            if raw_body.strip():
                try:
                    payload = json.loads(raw_body)
                except ValueError:
                    self._send(Reply(400, {"error": "invalid JSON"}, "application/json"))
                    return
            status, body = sandbox.handle_control(self.command, path, payload)
            self._send(Reply(status, body, "application/json"))

        def _send(self, reply: Reply) -> None:
            if isinstance(reply.body, str):
                payload = reply.body.encode("utf-8")
            else:
                payload = b"" if reply.body is None else to_json(reply.body).encode("utf-8")
            self.send_response(reply.status)
            if reply.content_type and payload:
                self.send_header("Content-Type", reply.content_type)
            for name, value in reply.headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            if payload:
                self.wfile.write(payload)

        def _drop(self) -> None:
            """Close the socket without a byte of answer: the write happened, the reply is lost."""
            self.close_connection = True
            with contextlib.suppress(OSError):
                self.connection.shutdown(socket.SHUT_RDWR)

    return Handler
