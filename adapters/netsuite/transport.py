"""One account's HTTP conversation with NetSuite: signing, the concurrency budget, bounded retries,
and NetSuite's answers turned into the application's errors."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import requests
from requests.auth import AuthBase
from tenacity import (
    RetryCallState,
    RetryError,
    Retrying,
    retry_if_exception_type,
    stop_after_attempt,
    wait_random_exponential,
)

from adapters.netsuite.jsonio import decode_json, encode_json
from adapters.netsuite.limiter import ConcurrencyLimiter
from adapters.netsuite.oauth2 import BearerTokenAuth
from adapters.netsuite.problems import error_for_refusal, excerpt, read_error_body
from application.errors import NetSuiteAuthError, NetSuiteBadResponse, NetSuiteUnavailable

logger = logging.getLogger("adapters.netsuite")

JSON_CONTENT_TYPE = "application/json"
USER_AGENT = "invoiced-netsuite/0.1 (+python-requests)"
# Statuses worth another try: NetSuite's concurrency gate (shared with other integrations) and its outages.
RETRYABLE_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
# A dropped or timed-out connection may have committed on NetSuite's side; every request we send is
# idempotent (reads, upserts by external id, deletes by external id whose 404 means done), so resending
# it is safe.
RETRYABLE_EXCEPTIONS = (
    requests.exceptions.ConnectionError,
    requests.exceptions.Timeout,
    requests.exceptions.ChunkedEncodingError,
    # An answer garbled on the way (a gzip or deflate body that does not decode): asked again, it
    # usually arrives whole.
    requests.exceptions.ContentDecodingError,
)
# What only a wrong address causes; anything else that requests raises is about the answer.
ADDRESS_EXCEPTIONS = (
    requests.exceptions.InvalidURL,
    requests.exceptions.MissingSchema,
    requests.exceptions.InvalidSchema,
    requests.exceptions.InvalidProxyURL,
    requests.exceptions.TooManyRedirects,
)


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """Retries of 429s, 5xx answers, timeouts and dropped connections: exponential back-off with full
    jitter (`first_wait` doubling up to `max_wait`), or NetSuite's Retry-After when given (never more
    than `max_retry_after`); at most `attempts` tries and never a wait that would end past
    `max_elapsed` seconds. The defaults ride out NetSuite's real outages (minutes, not seconds) within
    one run; a record that still fails becomes that record's sync error."""

    attempts: int = 10
    max_elapsed: float = 300.0
    first_wait: float = 1.0
    max_wait: float = 60.0
    max_retry_after: float = 120.0

    def __post_init__(self) -> None:
        if self.attempts < 1:
            raise ValueError("A retry policy needs at least one attempt.")

    def out_of_time(self, state: RetryCallState) -> bool:
        """Whether the upcoming wait would end past the budget. Time waited counts even when the
        sleep is not the wall clock's (a test's), so the budget holds either way."""
        spent = max(state.seconds_since_start or 0.0, state.idle_for)
        return spent + (state.upcoming_sleep or 0.0) > self.max_elapsed


@dataclass(frozen=True, slots=True)
class Answer:
    """A successful (2xx) answer."""

    what: str
    status: int
    headers: Mapping[str, str]
    text: str

    def json(self, expected: str) -> Any:
        """The body parsed (Decimals for fractions); NetSuiteBadResponse when it is not JSON."""
        try:
            return decode_json(self.text)
        except ValueError:
            raise NetSuiteBadResponse(
                f"NetSuite answered {self.what} with something that is not JSON where {expected} was "
                f"expected: {excerpt(self.text)}."
            ) from None


class _TransientFailure(Exception):
    """A failure worth retrying; `description` names the status/code or the network error."""

    def __init__(self, description: str, retry_after: float | None = None) -> None:
        super().__init__(description)
        self.description = description
        self.retry_after = retry_after


class _TokenRejected(Exception):
    """NetSuite answered 401 to a bearer request: the token expired or was revoked."""

    def __init__(self, request: requests.PreparedRequest) -> None:
        super().__init__("401 invalid_token")
        self.request = request


class NetSuiteTransport:
    """Sends signed requests to one account's REST API, one concurrency slot per request in flight."""

    def __init__(
        self,
        *,
        base_url: str,
        auth: AuthBase,
        session: requests.Session,
        limiter: ConcurrencyLimiter,
        retry: RetryPolicy,
        timeout: float | tuple[float, float],
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self._auth = auth
        self._session = session
        self._limiter = limiter
        self._retry = retry
        self._timeout = timeout
        self._sleep = sleep

    def close(self) -> None:
        self._session.close()

    def prepare(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, str | int] | None = None,
        body: object | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> requests.PreparedRequest:
        """The signed request as it goes on the wire; called once per attempt, so each is signed afresh."""
        all_headers = {"Accept": "application/json", "User-Agent": USER_AGENT, **(headers or {})}
        data = None
        if body is not None:
            data = encode_json(body)
            # An explicit JSON content type also keeps requests-oauthlib from signing it as a form.
            all_headers.setdefault("Content-Type", JSON_CONTENT_TYPE)
        request = requests.Request(
            method,
            self.base_url + path,
            params=dict(params or {}),
            data=data,
            headers=all_headers,
            auth=self._auth,
        )
        return self._session.prepare_request(request)

    def send(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, str | int] | None = None,
        body: object | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> Answer:
        """The 2xx answer, retrying transient failures; raises NetSuiteAuthError, NetSuiteRejected,
        NetSuiteUnavailable or NetSuiteBadResponse otherwise."""
        what = f"{method} {path}"
        started = time.monotonic()
        retrying = Retrying(
            stop=stop_after_attempt(self._retry.attempts) | self._retry.out_of_time,
            wait=self._wait,
            retry=retry_if_exception_type(_TransientFailure),
            sleep=self._sleep,
            before_sleep=self._log_retry,
        )
        try:
            try:
                return retrying(self._attempt, method, path, params, body, headers)
            except _TokenRejected as rejected:
                # An OAuth 2.0 token NetSuite no longer takes (expired early, revoked): mint once more.
                assert isinstance(self._auth, BearerTokenAuth)
                self._auth.discard(rejected.request)
                logger.info(
                    "netsuite refused the access token; minting a new one method=%s path=%s", method, path
                )
                return retrying(self._attempt, method, path, params, body, headers)
        except _TokenRejected as rejected:
            assert isinstance(self._auth, BearerTokenAuth)
            self._auth.discard(rejected.request)
            raise NetSuiteAuthError.oauth2(
                f"NetSuite refused a freshly minted access token on {what} (401 invalid_token)."
            ) from None
        except RetryError as exhausted:
            failure = exhausted.last_attempt.exception()
            description = failure.description if isinstance(failure, _TransientFailure) else str(failure)
            attempts = exhausted.last_attempt.attempt_number
            raise NetSuiteUnavailable(
                f"NetSuite kept failing on {what}: {description} (gave up after {attempts} "
                f"attempt{'s' if attempts != 1 else ''} in {time.monotonic() - started:.1f} s). It is busy "
                "or unreachable; the next sync will try again."
            ) from None

    def _attempt(
        self,
        method: str,
        path: str,
        params: Mapping[str, str | int] | None,
        body: object | None,
        headers: Mapping[str, str] | None,
    ) -> Answer:
        what = f"{method} {path}"
        if isinstance(self._auth, BearerTokenAuth):
            self._auth.ready()  # before the slot: minting a token takes a slot of its own
        with self._limiter.slot():
            # Signed once the slot is ours: a long wait for a shared slot must not age the timestamp.
            prepared = self.prepare(method, path, params=params, body=body, headers=headers)
            settings = self._session.merge_environment_settings(prepared.url, {}, None, None, None)
            started = time.monotonic()
            try:
                response = self._session.send(
                    prepared, timeout=self._timeout, allow_redirects=False, **settings
                )
            except RETRYABLE_EXCEPTIONS as error:
                logger.info(
                    "netsuite request failed method=%s path=%s error=%s elapsed_ms=%d",
                    method,
                    path,
                    type(error).__name__,
                    (time.monotonic() - started) * 1000,
                )
                raise _TransientFailure(f"{type(error).__name__} ({_network_reason(error)})") from error
            except ADDRESS_EXCEPTIONS as error:
                raise NetSuiteUnavailable(
                    f"Could not send {what} to NetSuite at {self.base_url}: {type(error).__name__}. "
                    "Check the account's REST base URL."
                ) from error
            except requests.exceptions.RequestException as error:
                raise NetSuiteBadResponse(
                    f"NetSuite's answer to {what} could not be read ({type(error).__name__}: "
                    f"{_network_reason(error)})."
                ) from error
        logger.debug(
            "netsuite request method=%s path=%s status=%d elapsed_ms=%d",
            method,
            path,
            response.status_code,
            (time.monotonic() - started) * 1000,
        )
        if response.status_code == 401 and isinstance(self._auth, BearerTokenAuth):
            raise _TokenRejected(prepared)
        return self._answer(what, response)

    def _answer(self, what: str, response: requests.Response) -> Answer:
        status = response.status_code
        text = response.content.decode(response.encoding or "utf-8", errors="replace")
        if 200 <= status < 300:
            return Answer(what, status, response.headers, text)
        if status == 400 and response.headers.get("Location") and _replayed_job(text):
            # An async request sent again with its idempotency key: NetSuite names the first job.
            return Answer(what, status, response.headers, text)
        if status in RETRYABLE_STATUSES:
            detail = read_error_body(text)
            described = f"HTTP {status}"
            if detail is not None:
                described += f" {detail.code or ''} ({detail.message})".replace("  ", " ")
            else:
                described += f" {excerpt(text, 80)}"
            raise _TransientFailure(described, _retry_after(response.headers.get("Retry-After")))
        if 300 <= status < 400:
            raise NetSuiteBadResponse(
                f"NetSuite answered {what} with a redirect (HTTP {status}) to "
                f"{response.headers.get('Location') or 'nowhere'}; set the account's REST base URL to "
                "the address under Setup > Company > Company Information > Company URLs."
            )
        if status < 200:
            raise NetSuiteBadResponse(f"NetSuite answered {what} with HTTP {status}: {excerpt(text)}.")
        raise error_for_refusal(status, text, what)

    def _wait(self, state: RetryCallState) -> float:
        failure = state.outcome.exception() if state.outcome else None
        if isinstance(failure, _TransientFailure) and failure.retry_after is not None:
            return min(failure.retry_after, self._retry.max_retry_after)
        backoff = wait_random_exponential(multiplier=self._retry.first_wait, max=self._retry.max_wait)
        return float(backoff(state))

    def _log_retry(self, state: RetryCallState) -> None:
        failure = state.outcome.exception() if state.outcome else None
        logger.warning(
            "netsuite request will be retried attempt=%d wait_s=%.2f reason=%s",
            state.attempt_number,
            state.upcoming_sleep,
            failure.description if isinstance(failure, _TransientFailure) else type(failure).__name__,
        )


def _replayed_job(text: str) -> bool:
    detail = read_error_body(text)
    return detail is not None and detail.code == "IDEMPOTENCY_ERROR"


def _retry_after(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date); None if absent/bad."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return max(0.0, (moment - datetime.now(UTC)).total_seconds())


def _network_reason(error: Exception) -> str:
    # The innermost cause names what happened ("Connection refused", "Read timed out") without the URL noise.
    reason: BaseException = error
    while reason.__context__ is not None and reason.__context__ is not reason:
        reason = reason.__context__
    text = str(reason) or type(reason).__name__
    return text[:160]
